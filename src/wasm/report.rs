//! The report page's boundary (cargo feature `report-wasm`): an export and a
//! model in, the report's JSON out — exactly what `leadgate report --json`
//! prints, minus its final newline. Built into its own wasm
//! (`scripts/build-report-page`) so the form package never carries the report
//! engine. Nothing throws: failures come back as
//! `{"error":{"code","message"}}` JSON (plus `problems` for a bad model).

use crate::report::{
    report_text, BytesReport, InputFormat, ReportError, ReportOptions, TextReport,
};
use crate::{compile, CompiledModel, DEFAULT_MODEL};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

/// The embedded default model's JSON text (`models/default.json`).
#[wasm_bindgen]
pub fn default_model_json() -> String {
    DEFAULT_MODEL.to_string()
}

/// One figure of the report or tune JSON as the CLI prints it
/// (src/report/figures.rs): `kind` is `group` (a count), `percent` (a
/// ratio), `duration` (minutes), `fixed1`/`fixed2`/`fixed3` (decimals: z,
/// lift, AUC), `signed3` (a rule's effect), `significant` (λ), `goal` / `gap`
/// (a goal's figure, a gap with its sign); `value` is the JSON's number, NaN
/// for its `null` (→ `—`). The page formats every figure here, so it never
/// re-implements the CLI's rounding.
#[wasm_bindgen]
pub fn format_figure(kind: &str, value: f64) -> String {
    use crate::report::figures;
    use crate::report::output::{Minutes, Ratio};
    let known = (!value.is_nan()).then_some(value);
    match kind {
        "percent" => figures::percent(Ratio(known)),
        "duration" => figures::duration(Minutes(known)),
        "fixed1" => figures::fixed(known, 1),
        "fixed2" => figures::fixed(known, 2),
        "fixed3" => figures::fixed(known, 3),
        "signed3" => figures::signed(known, 3),
        "significant" => known.map_or_else(|| "—".to_string(), figures::significant),
        "goal" => figures::plain(known, false),
        "gap" => figures::plain(known, true),
        // Counts are whole and non-negative in the report; anything else
        // reads as unknown rather than as a made-up count.
        _ => match known {
            Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 9.0e15 => figures::group(n as u64),
            _ => "—".to_string(),
        },
    }
}

/// The report of a whole export: `format` is `csv` / `ndjson` or a file name
/// (`.csv` is CSV, anything else NDJSON); `options_json` is
/// `{"as_of", "timezone"?, "mapping"?, "sql_capacity"?, "mql_recall"?}`.
/// Returns the report JSON or `{"error":{…}}`.
#[wasm_bindgen]
pub fn report_json(model_json: &str, text: &str, format: &str, options_json: &str) -> String {
    let run = || -> Result<String, Failure> {
        let model = compile_model(model_json)?;
        let options = ReportOptions::from_json(options_json)?.with_agreement_of(model_json);
        Ok(report_text(&model, text, input_format(format), &options)?.to_json())
    };
    run().unwrap_or_else(|f| f.to_json())
}

/// The report of a whole export's bytes, read as `leadgate report` reads a
/// file (sniffed format, encoding, delimiter; workbooks): `format` is `csv` /
/// `ndjson` to force one, or a file name (sniffed); `options_json` as for
/// [`report_json`], plus `encoding`, `delimiter`, `sheet` (forced) and
/// `utf8: false` (the file is known not to be UTF-8).
#[wasm_bindgen]
pub fn report_bytes(model_json: &str, bytes: &[u8], format: &str, options_json: &str) -> String {
    let run = || -> Result<String, Failure> {
        let model = compile_model(model_json)?;
        let options = ReportOptions::from_json(options_json)?.with_agreement_of(model_json);
        let mut report = BytesReport::new(&model, InputFormat::parse(format), &options);
        report.push(bytes)?;
        Ok(report.finish()?.to_json())
    };
    run().unwrap_or_else(|f| f.to_json())
}

/// The editor's "What changes", lead by lead: every lead of the export's
/// bytes (read as [`report_bytes`] reads them) scored under `before_json`
/// and under `after_json`, as `{"leads", "changed", "moves": [{"from",
/// "to", "leads"}], "stages_before", "stages_after", "only_before",
/// "only_after"}` (`crate::report::stage_changes`), or `{"error":{…}}`.
#[wasm_bindgen]
pub fn stage_changes(
    before_json: &str,
    after_json: &str,
    bytes: &[u8],
    format: &str,
    options_json: &str,
) -> String {
    let run = || -> Result<String, Failure> {
        let before = compile_model(before_json)?;
        let after = compile_model(after_json)?;
        let options = ReportOptions::from_json(options_json)?;
        let format = InputFormat::parse(format);
        let changes = crate::report::stage_changes(&before, &after, bytes, format, &options)?;
        serde_json::to_string(&changes).map_err(|e| Failure::new("internal", e.to_string()))
    };
    run().unwrap_or_else(|f| f.to_json())
}

/// The report page's column-mapping step: the export's first bytes (`complete`:
/// all of it; a workbook must be whole) read as [`report_bytes`] would read
/// them with `options_json`, as `{"format", "reading", "names", "rows",
/// "preset", "preset_warning", "fields": [{"field", "column", "how",
/// "required"}]}` (`crate::ingest::columns`), or `{"error":{…}}`.
#[wasm_bindgen]
pub fn columns_json(bytes: &[u8], complete: bool, format: &str, options_json: &str) -> String {
    let run = || -> Result<String, Failure> {
        let options = ReportOptions::from_json(options_json)?;
        let found =
            crate::ingest::columns::columns(bytes, complete, InputFormat::parse(format), &options)
                .map_err(ReportError::from)?;
        serde_json::to_string(&found).map_err(|e| Failure::new("internal", e.to_string()))
    };
    run().unwrap_or_else(|f| f.to_json())
}

/// A report fed slice by slice (a dropped file read with `File.stream()`), so
/// a large export never has to sit in memory as one string: text slices
/// ([`ReportRun::push`]) or, as the page does, the file's bytes
/// ([`ReportRun::push_bytes`]: read as the CLI reads a file). The first
/// slice decides which.
#[wasm_bindgen]
pub struct ReportRun {
    state: Result<Option<Run>, Failure>,
}

/// A report before its first slice, or fed text, or fed bytes (boxed:
/// both hold the options and an aggregator, and a run holds one of them).
enum Run {
    Pending {
        model: &'static CompiledModel,
        format: String,
        options: ReportOptions,
    },
    Text(Box<TextReport<'static>>),
    Bytes(Box<BytesReport<'static>>),
}

impl Run {
    /// The run fed text (started on the first text slice).
    fn text(&mut self) -> Option<&mut TextReport<'static>> {
        if let Run::Pending {
            model,
            format,
            options,
        } = self
        {
            *self = Run::Text(Box::new(TextReport::new(
                model,
                input_format(format),
                options,
            )));
        }
        match self {
            Run::Text(report) => Some(report),
            _ => None,
        }
    }

    /// The run fed bytes (started on the first byte slice).
    fn bytes(&mut self) -> Option<&mut BytesReport<'static>> {
        if let Run::Pending {
            model,
            format,
            options,
        } = self
        {
            *self = Run::Bytes(Box::new(BytesReport::new(
                model,
                InputFormat::parse(format),
                options,
            )));
        }
        match self {
            Run::Bytes(report) => Some(report),
            _ => None,
        }
    }
}

#[wasm_bindgen]
impl ReportRun {
    /// Starts a report; arguments as for [`report_json`]. Never throws: a bad
    /// model or options show up in [`ReportRun::error`].
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: &str, format: &str, options_json: &str) -> ReportRun {
        let start = || -> Result<Option<Run>, Failure> {
            let model = shared_model(model_json)?;
            let options = ReportOptions::from_json(options_json)?.with_agreement_of(model_json);
            Ok(Some(Run::Pending {
                model,
                format: format.to_string(),
                options,
            }))
        };
        ReportRun { state: start() }
    }

    /// `""`, or the `{"error":{…}}` JSON that stopped this report.
    pub fn error(&self) -> String {
        match &self.state {
            Ok(_) => String::new(),
            Err(f) => f.to_json(),
        }
    }

    /// Adds the next slice of text (slices may cut records anywhere);
    /// returns `""` or the error JSON.
    pub fn push(&mut self, chunk: &str) -> String {
        if let Ok(Some(run)) = &mut self.state {
            let result = match run.text() {
                Some(report) => report.push(chunk),
                None => Err(ReportError::new("mixed_input", "this report is fed bytes")),
            };
            if let Err(e) = result {
                self.state = Err(e.into());
            }
        }
        self.error()
    }

    /// Adds the next slice of the file's bytes (slices may cut records and
    /// characters anywhere); returns `""` or the error JSON. The error code
    /// `not_utf8_later` asks for the file again with `utf8: false` in the
    /// options (it was UTF-8 for its first 64 KiB only).
    #[wasm_bindgen(js_name = pushBytes)]
    pub fn push_bytes(&mut self, chunk: &[u8]) -> String {
        if let Ok(Some(run)) = &mut self.state {
            let result = match run.bytes() {
                Some(report) => report.push(chunk),
                None => Err(ReportError::new("mixed_input", "this report is fed text")),
            };
            if let Err(e) = result {
                self.state = Err(e.into());
            }
        }
        self.error()
    }

    /// Ends the input: the report JSON, or the error JSON.
    pub fn finish(&mut self) -> String {
        let state = std::mem::replace(&mut self.state, Ok(None));
        let result = match state {
            Ok(Some(mut run)) => {
                let _ = run.text();
                match run {
                    Run::Bytes(report) => report.finish().map_err(Failure::from),
                    Run::Text(report) => report.finish().map_err(Failure::from),
                    Run::Pending { .. } => Err(Failure::new("finished", "nothing was read")),
                }
            }
            Ok(None) => Err(Failure::new("finished", "this report was already finished")),
            Err(f) => Err(f),
        };
        match result {
            Ok(report) => report.to_json(),
            Err(f) => {
                let json = f.to_json();
                self.state = Err(f);
                json
            }
        }
    }
}

/// What went wrong, serialised as `{"error":{"code","message","problems"?}}`.
#[derive(Serialize)]
pub(super) struct Failure {
    code: &'static str,
    message: String,
    /// A model's problems, as `leadgate check --json` lists them.
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<serde_json::Value>,
}

impl Failure {
    pub(super) fn new(code: &'static str, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
            problems: None,
        }
    }

    pub(super) fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Wrapper<'a> {
            error: &'a Failure,
        }
        serde_json::to_string(&Wrapper { error: self }).unwrap_or_default()
    }
}

impl From<ReportError> for Failure {
    fn from(e: ReportError) -> Failure {
        Failure::new(e.code, e.message)
    }
}

impl From<crate::tune::TuneError> for Failure {
    fn from(e: crate::tune::TuneError) -> Failure {
        Failure::new(e.code, e.message)
    }
}

pub(super) fn input_format(format: &str) -> InputFormat {
    InputFormat::parse(format).unwrap_or_else(|| InputFormat::from_name(format))
}

fn compile_model(model_json: &str) -> Result<CompiledModel, Failure> {
    compile(model_json).map_err(|errors| {
        let n = errors.0.len();
        let mut f = Failure::new(
            "invalid_model",
            format!("the model does not compile ({n} problem(s))"),
        );
        f.problems = serde_json::to_value(&errors.0).ok();
        f
    })
}

thread_local! {
    /// Models in use by streamed reports, one per distinct model (by hash).
    /// A `TextReport` borrows its model for as long as the page feeds it, so
    /// each distinct model is kept for the page's life (a few KB each).
    static MODELS: RefCell<Vec<&'static CompiledModel>> = const { RefCell::new(Vec::new()) };
}

fn shared_model(model_json: &str) -> Result<&'static CompiledModel, Failure> {
    let model = compile_model(model_json)?;
    let hash = model.info().hash.clone();
    Ok(MODELS.with(|models| {
        let mut models = models.borrow_mut();
        if let Some(known) = models.iter().find(|m| m.info().hash == hash) {
            return *known;
        }
        let leaked: &'static CompiledModel = Box::leak(Box::new(model));
        models.push(leaked);
        leaked
    }))
}
