//! `leadgate tune`: learns a model's points and thresholds from a CRM
//! export's won and lost leads (the method is the core's, src/tune/). This
//! module reads the flags, runs each of the core's passes over the file on
//! every core (the report's pipeline), writes the tuned model and prints
//! what changed as terminal tables or `--json` (docs/cli.md).

mod table;

use super::args::{Arg, Args};
use super::common::{self, output_error, Failure, Format};
use super::export_flags::ExportFlags;
use super::open;
use super::progress::Progress;
use super::report::pipeline::{self, Ordered};
use super::{help, EXIT_FAILED, EXIT_OK};
use crate::report::Summary;
use crate::tune::{Pass, PassFold, TuneError, TuneOptions, TuneResult, TuneRow, Tuner};
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;
use std::time::Instant;

/// Problems echoed on stderr before we only count them.
use super::export_flags::{self, MAX_SHOWN};

const FLAGS: &[&str] = &[
    "--model",
    "--holdout",
    "--seed",
    "--now",
    "--format",
    "--encoding",
    "--delimiter",
    "--sheet",
    "--map",
    "--mapping",
    "--timezone",
    "--date-order",
    "--from",
    "--number-format",
    "--mql-recall",
    "--settle",
    "--output",
    "--json",
    "--threads",
    "--quiet",
    "--help",
];

/// Parsed `tune` options.
struct Options {
    input: ExportFlags,
    holdout: Option<f64>,
    seed: Option<u64>,
    settle: Option<Option<f64>>,
    output: Option<String>,
    json: bool,
    file: Option<String>,
}

fn parse(mut args: Args) -> Result<Option<Options>, Failure> {
    let mut o = Options {
        input: ExportFlags::default(),
        holdout: None,
        seed: None,
        settle: None,
        output: None,
        json: false,
        file: None,
    };
    while let Some(arg) = args.next_arg() {
        let (flag, inline) = match arg {
            Arg::Positional(p) if o.file.is_none() => {
                o.file = Some(p);
                continue;
            }
            Arg::Positional(p) => {
                let message = format!("one export at a time; unexpected {p:?}");
                return Err(args.error(message).into());
            }
            Arg::Flag(f, v) => (f, v),
        };
        match flag.as_str() {
            "--holdout" => {
                let value = args.value(&flag, inline)?;
                let share = value.trim_end_matches('%').parse::<f64>().map_err(|_| {
                    args.error(format!(
                        "--holdout: expected a share like 0.2, got {value:?}"
                    ))
                })?;
                o.holdout = Some(if value.ends_with('%') {
                    share / 100.0
                } else {
                    share
                });
            }
            "--seed" => o.seed = Some(args.number(&flag, inline)?),
            "--settle" => {
                let value = args.value(&flag, inline)?;
                o.settle = Some(match value.as_str() {
                    "never" => None,
                    v => Some(v.parse::<f64>().ok().filter(|d| *d >= 0.0).ok_or_else(|| {
                        args.error(format!(
                            "--settle: expected a number of days or never, got {value:?}"
                        ))
                    })?),
                });
            }
            "--output" | "-o" => o.output = Some(args.value(&flag, inline)?),
            "--json" => {
                args.no_value(&flag, inline)?;
                o.json = true;
            }
            "--help" | "-h" => {
                common::write_stdout(help::TUNE.as_bytes())?;
                return Ok(None);
            }
            _ => {
                if !o.input.take(&flag, inline, &mut args)? {
                    return Err(args.unknown(&flag, FLAGS).into());
                }
            }
        }
    }
    if o.file.as_deref().is_none_or(|f| f == "-") {
        let message = "give the export as a file: tune reads it three times (to fit, to choose \
                       the thresholds, to check the tuned model on the held-out leads), which \
                       stdin cannot do"
            .to_string();
        return Err(args.error(message).into());
    }
    Ok(Some(o))
}

/// Runs `leadgate tune`.
pub fn run(args: Args) -> Result<u8, Failure> {
    let Some(o) = parse(args)? else {
        return Ok(EXIT_OK);
    };
    let mut options = TuneOptions::new(o.input.options("tune")?);
    if let Some(share) = o.holdout {
        options.set_holdout(share).map_err(|e| {
            Failure::Usage(super::args::UsageError {
                message: format!("--{}", e.message),
                command: Some("tune"),
            })
        })?;
    }
    if let Some(seed) = o.seed {
        options.seed = seed;
    }
    if let Some(settle) = o.settle {
        options.settle_days = settle;
    }
    let model = model_bytes(o.input.model.as_deref())?;
    let path = o.file.clone().unwrap_or_default();
    let result = tune(&model, &path, o.input.format, options, &o)?;
    match &o.output {
        Some(out) => std::fs::write(out, &result.model)
            .map_err(|e| Failure::Fatal(format!("cannot write {out}: {e}")))?,
        None => common::write_stdout(result.model.as_bytes())?,
    }
    let text = if o.json {
        let mut json = serde_json::to_string_pretty(&result.summary).unwrap_or_default();
        json.push('\n');
        json
    } else {
        table::render(&result.summary, o.output.as_deref())
    };
    // The summary goes where the model does not.
    if o.output.is_some() {
        let mut out = io::stdout().lock();
        out.write_all(text.as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| output_error(&e))?;
    } else {
        eprint!("{text}");
    }
    Ok(if result.summary.input.problems > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    })
}

/// The model's bytes: the file, or the default model.
fn model_bytes(path: Option<&str>) -> Result<Vec<u8>, Failure> {
    match path {
        None => Ok(crate::DEFAULT_MODEL.as_bytes().to_vec()),
        Some(p) => {
            let bytes = common::read_model_file(p)?;
            if !bytes.starts_with(b"LGM") {
                // A broken model is reported as `check` reports it.
                common::load_model(Some(p))?;
            }
            Ok(bytes)
        }
    }
}

/// Runs every pass over the file.
fn tune(
    model: &[u8],
    path: &str,
    format: Option<Format>,
    options: TuneOptions,
    o: &Options,
) -> Result<TuneResult, Failure> {
    let refused = |e: TuneError| refusal(&e, o.json);
    let mut tuner = Tuner::new(model, options).map_err(refused)?;
    let name: Arc<str> = Arc::from(path);
    let threads = o.input.threads();
    let begun = Instant::now();
    while tuner.pass().is_some() {
        let started = Instant::now();
        let mut sink = Sink {
            fold: tuner.fold(),
            name: name.clone(),
            shown: 0,
            stages_seen: Vec::new(),
            footer: crate::report::FooterHold::default(),
        };
        let mut progress = Progress::new(o.input.quiet);
        {
            let reader = tuner.reader();
            // Each pass opens the export anew, read the same way.
            let opened = open::open(path, format, &o.input.ingest)?;
            let result = pipeline::run(opened.source, threads, &reader, &mut sink, &mut progress);
            progress.clear();
            result?;
            for row in sink.footer.finish() {
                sink.take(row);
            }
        }
        if sink.shown > MAX_SHOWN {
            let more = sink.shown - MAX_SHOWN;
            eprintln!("leadgate: {more} more problems not shown (`leadgate report --errors FILE` lists them all)");
        }
        let pass = tuner.pass();
        let read = started.elapsed();
        tuner.end_pass(sink.fold).map_err(refused)?;
        if !o.input.quiet && io::stderr().is_terminal() {
            let what = match pass {
                Some(Pass::Gather) => "read and fitted",
                Some(Pass::Thresholds) => "chose the thresholds",
                _ => "checked the held-out leads",
            };
            eprintln!(
                "tune: {what} ({} reading, {} in all)",
                common::seconds(read),
                common::seconds(begun.elapsed())
            );
        }
    }
    tuner.finish().map_err(refused)
}

/// A refusal: on stderr, and as `{"error": {...}}` on stdout with `--json`.
fn refusal(e: &TuneError, json: bool) -> Failure {
    if json {
        let body = serde_json::json!({ "error": e });
        let _ = common::write_stdout(format!("{body}\n").as_bytes());
    }
    Failure::Fatal(format!("tune: {e}"))
}

/// Echoes the first pass's row problems and folds the rows.
struct Sink {
    fold: PassFold,
    name: Arc<str>,
    shown: u64,
    /// Unknown stage values already echoed (each is echoed once).
    stages_seen: export_flags::StagesSeen,
    /// Footer rows held until what follows decides (Salesforce reports).
    footer: crate::report::FooterHold<TuneRow>,
}

impl Ordered<TuneRow> for Sink {
    fn columns(&mut self, summary: Summary) {
        self.fold.set_columns(summary);
    }

    fn notes(&mut self, notes: &crate::report::settle::ReadNotes) {
        if self.shown == 0 && matches!(self.fold, PassFold::Gather(_)) {
            for w in &notes.warnings {
                eprintln!("{}: warning: {w}", self.name);
            }
        }
    }

    fn row(&mut self, row: TuneRow) -> Result<(), Failure> {
        for row in self.footer.push(row) {
            self.take(row);
        }
        Ok(())
    }
}

impl Sink {
    /// Echoes a row's problems and folds it.
    fn take(&mut self, row: TuneRow) {
        for p in &row.problems {
            if export_flags::repeats_unknown_stage(p, &mut self.stages_seen) {
                continue;
            }
            export_flags::show_problem(&self.name, p, &mut self.shown);
        }
        self.fold.add(row);
    }
}
