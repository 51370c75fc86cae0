//! What several commands share: failures, loading the model, reading `--now`, writing stdout.

use super::args::UsageError;
use super::check;
use crate::{CompiledModel, Timestamp};
use std::io::{self, Read, Write};

/// Why a command stopped early; each maps to exit code 2.
#[derive(Debug)]
pub enum Failure {
    /// Wrong arguments: printed with a pointer to the help.
    Usage(UsageError),
    /// A model, I/O or other error: printed as `leadgate: message`.
    Fatal(String),
    /// The problem was already printed (e.g. a bad model's problem list).
    Reported,
    /// stdout was closed by the reader (`| head`): stop quietly.
    BrokenPipe,
}

impl From<UsageError> for Failure {
    fn from(e: UsageError) -> Failure {
        Failure::Usage(e)
    }
}

/// Maps a write error on stdout: a closed pipe stops quietly, anything else is reported.
pub fn output_error(e: &io::Error) -> Failure {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Failure::BrokenPipe
    } else {
        Failure::Fatal(format!("cannot write the output: {e}"))
    }
}

/// Writes bytes to stdout and flushes.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| output_error(&e))
}

/// Reads a whole file's bytes, or stdin's for `-`.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, Failure> {
    let mut bytes = Vec::new();
    let result = if path == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(path).map(|b| bytes = b)
    };
    result.map_err(|e| Failure::Fatal(format!("cannot read {path}: {e}")))?;
    Ok(bytes)
}

/// Reads a model file (or stdin for `-`), stopping one byte past what such a
/// model may hold: a JSON model over its 1 MiB limit is refused by size
/// (`model_too_large`) without the rest being read (`/dev/zero` would never
/// end). Compiled bytes (`LGM…`) may be somewhat larger than their JSON, so
/// they may have up to 4 MiB.
pub fn read_model_file(path: &str) -> Result<Vec<u8>, Failure> {
    let json_cap = crate::model::limits::MAX_MODEL_BYTES as u64 + 1;
    let compiled_cap = json_cap
        .saturating_sub(1)
        .saturating_mul(4)
        .saturating_add(1);
    let mut input: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(
            std::fs::File::open(path)
                .map_err(|e| Failure::Fatal(format!("cannot read {path}: {e}")))?,
        )
    };
    let mut bytes = Vec::new();
    let result = (&mut input).take(3).read_to_end(&mut bytes).and_then(|_| {
        let cap = if bytes.starts_with(b"LGM") {
            compiled_cap
        } else {
            json_cap
        };
        input.take(cap - bytes.len() as u64).read_to_end(&mut bytes)
    });
    result.map_err(|e| Failure::Fatal(format!("cannot read {path}: {e}")))?;
    Ok(bytes)
}

/// Reads a whole file, or stdin for `-`.
pub fn read_text(path: &str) -> Result<String, Failure> {
    String::from_utf8(read_bytes(path)?).map_err(|_| {
        Failure::Fatal(format!(
            "cannot read {path}: stream did not contain valid UTF-8"
        ))
    })
}

/// The model of `--model FILE` (JSON, or compiled by `leadgate compile`),
/// else the embedded default; a bad model prints its problems.
pub fn load_model(path: Option<&str>) -> Result<CompiledModel, Failure> {
    load_model_and_agreement(path).map(|(model, _)| model)
}

/// [`load_model`] and the model's agreement (`goals`, `kpi_owners`,
/// `currency`: what the report compares with what happened). A compiled
/// `.lgm` model carries none of them: its agreement is the default.
pub fn load_model_and_agreement(
    path: Option<&str>,
) -> Result<(CompiledModel, crate::model::goals::Agreement), Failure> {
    let (name, bytes) = match path {
        Some(p) => (p, read_model_file(p)?),
        None => ("(default model)", crate::DEFAULT_MODEL.as_bytes().to_vec()),
    };
    let model = compile_loaded(name, &bytes)?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let doc: Option<serde_json::Value> = serde_json::from_slice(text).ok();
    // The model compiled, so its agreement reads without problems.
    let agreement = doc
        .and_then(|d| crate::model::goals::agreement(&d).ok())
        .unwrap_or_default();
    Ok((model, agreement))
}

fn compile_loaded(name: &str, bytes: &[u8]) -> Result<CompiledModel, Failure> {
    if bytes.starts_with(b"LGM") {
        return CompiledModel::from_bytes(bytes)
            .map_err(|e| Failure::Fatal(format!("{name}: {} [{}]", e.message, e.code)));
    }
    crate::compile_bytes(bytes).map_err(|errors| {
        let mut err = io::stderr().lock();
        let _ = check::write_problems(&mut err, name, &errors);
        let _ = writeln!(
            err,
            "leadgate: {name}: the model has problems; nothing was scored"
        );
        Failure::Reported
    })
}

/// `--now`: an RFC 3339 time, or the clock when absent (the core never reads the clock).
pub fn parse_now(value: Option<&str>, command: &'static str) -> Result<Timestamp, UsageError> {
    match value {
        Some(text) => Timestamp::parse(text).ok_or_else(|| UsageError {
            message: format!(
                "--now: expected an RFC 3339 time such as 2026-11-26T12:00:00Z, got {text:?}"
            ),
            command: Some(command),
        }),
        None => Ok(clock_now()),
    }
}

/// The current time, to the millisecond.
pub fn clock_now() -> Timestamp {
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp(millis)
}

/// Input and output data formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// One JSON object per line.
    #[default]
    Ndjson,
    /// RFC 4180 with a header row.
    Csv,
}

impl Format {
    /// Reads `ndjson` / `csv` (also `jsonl`).
    pub fn parse(text: &str) -> Option<Format> {
        match text.to_ascii_lowercase().as_str() {
            "ndjson" | "jsonl" | "json" => Some(Format::Ndjson),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// Whole seconds and hundredths, for summaries.
pub fn seconds(d: std::time::Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}

/// Leads per second, rounded.
pub fn rate(count: u64, d: std::time::Duration) -> u64 {
    let secs = d.as_secs_f64();
    if secs > 0.0 {
        (count as f64 / secs).round() as u64
    } else {
        0
    }
}
