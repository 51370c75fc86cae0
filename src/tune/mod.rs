//! `tune`: learns a model's points and thresholds from won/lost history.
//!
//! It owns the whole method and nothing of the CLI or JS: the CLI
//! (src/cli/tune/) runs its passes on every core, the report page's wasm
//! (src/wasm/report.rs) on slices of a dropped file; both get the same
//! bytes. It reads exports with the report's own reader (src/report/: the
//! same columns, mapping and timestamps), probes leads with the scorer's
//! evaluation (src/eval/probe.rs) and compiles what it writes with the
//! model compiler (src/model/). Time is an input: the version date is
//! `as_of`.
//!
//! Three passes over the export, each a [`Pass`]: (1) every training lead's
//! rule amounts under the input model, gathered into a compact table, and the
//! held-out leads' "before"; then the regression (src/tune/fit.rs), the
//! points (src/tune/scale.rs) and a draft model; (2) the SQL and MQL
//! thresholds chosen on the training leads' stages under the draft
//! (src/tune/thresholds.rs); (3) the tuned model, as written and compiled,
//! scores the held-out leads (src/tune/evaluate.rs). The tuned document is
//! the input document with numbers and the version changed in place
//! (src/tune/doc.rs): sections `tune` does not know survive as written.
//!
//! ```
//! use leadgate::report::{InputFormat, ReportOptions};
//! use leadgate::tune::{tune_text, TuneOptions};
//! let now = leadgate::Timestamp::parse("2026-11-26T12:00:00Z").ok_or("bad time")?;
//! let options = TuneOptions::new(ReportOptions::new(now));
//! let csv = "created_at,outcome,email\n2026-06-01T10:00:00Z,won,a@b.com\n";
//! let refused = tune_text(leadgate::DEFAULT_MODEL, csv, InputFormat::Csv, &options);
//! assert_eq!(refused.err().map(|e| e.code), Some("too_little_data"));
//! # Ok::<(), &str>(())
//! ```

mod candidates;
mod doc;
mod evaluate;
mod explain;
mod fit;
mod gather;
mod linalg;
mod options;
mod plan;
mod rows;
mod scale;
mod split;
mod steps;
mod summary;
mod thresholds;
mod write;

pub use candidates::Candidate;
pub use evaluate::{Check, Checked, DecileLift, Metrics, Move, StageCount};
pub use gather::Gathered;
pub use options::TuneOptions;
pub use rows::{PassReader, TuneRow};
pub use summary::{CutoffChange, Method, ModelChange, RuleChange, TuneSummary};
pub use thresholds::StageTable;

use crate::model::CompiledModel;
use crate::report::{InputFormat, ReportError, RowSink, Summary, TextFeed};
use serde::Serialize;
use std::fmt;

/// Stable codes of `tune`'s refusals.
pub mod codes {
    /// The model given is compiled (`.lgm`): tune edits a model's JSON.
    pub const NOT_JSON: &str = "model_not_json";
    /// The export has no outcome: no won/lost/outcome/lifecycle column.
    pub const NO_OUTCOME: &str = "no_outcome";
    /// Too few won or not-won leads in the training share for the rules to fit.
    pub const TOO_LITTLE_DATA: &str = "too_little_data";
    /// Every rule fired on no training lead, or on all alike.
    pub const NOTHING_TO_FIT: &str = "nothing_to_fit";
    /// A bad option (`holdout`).
    pub const BAD_OPTION: &str = "bad_option";
    /// The method failed (a tuned model that does not compile is a bug).
    pub const FAILED: &str = "tune_failed";
}

/// Won and lost leads needed in the training share per fitted parameter
/// (each rule fitted, plus the intercept): the usual ten events per variable
/// of logistic regression.
pub const PER_PARAMETER: u64 = 10;
/// Won and lost leads needed in the training share whatever the model.
pub const MIN_OUTCOMES: u64 = 30;

/// Days after which an open lead counts as not won in the fit: a B2B
/// quarter, longer than most sales cycles (on the sample export every win
/// closes within 90 days of the lead's creation).
pub const SETTLE_DAYS: f64 = 90.0;

/// Why `tune` refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TuneError {
    /// Stable code (see [`codes`], or a report code for the export itself).
    pub code: &'static str,
    /// What is wrong and what would do.
    pub message: String,
}

impl TuneError {
    fn new(code: &'static str, message: impl Into<String>) -> TuneError {
        TuneError {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for TuneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for TuneError {}

impl From<ReportError> for TuneError {
    fn from(e: ReportError) -> TuneError {
        TuneError::new(e.code, e.message)
    }
}

/// One pass over the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// The input model's rule amounts (training) and results (held out).
    Gather,
    /// The draft tuned model's stages on the training leads.
    Thresholds,
    /// The tuned model on the held-out leads.
    Check,
}

/// What a pass folds its rows into.
#[derive(Debug, Clone)]
pub enum PassFold {
    /// Pass 1.
    Gather(Box<Gathered>),
    /// Pass 2.
    Thresholds(StageTable),
    /// Pass 3.
    Check(Checked),
}

impl PassFold {
    /// Adds the next row (rows must come in input order).
    pub fn add(&mut self, row: TuneRow) {
        match self {
            PassFold::Gather(g) => g.add(row),
            PassFold::Thresholds(t) => t.add(row),
            PassFold::Check(c) => {
                if let rows::Body::Held {
                    result,
                    score,
                    stage,
                } = row.body
                {
                    c.after.push(gather::Scored {
                        result,
                        score,
                        stage,
                    });
                }
            }
        }
    }

    /// Records the lifecycle columns the export was read with.
    pub fn set_columns(&mut self, summary: Summary) {
        if let PassFold::Gather(g) = self {
            g.columns = Some(summary);
        }
    }
}

impl RowSink<TuneRow> for PassFold {
    fn columns(&mut self, summary: Summary) {
        self.set_columns(summary);
    }
    fn row(&mut self, row: TuneRow) {
        self.add(row);
    }
}

/// The tuned model and what was done.
#[derive(Debug, Clone)]
pub struct TuneResult {
    /// What `--json` prints.
    pub summary: TuneSummary,
    /// The tuned model's JSON document.
    pub model: String,
}

/// A tuning in progress: run each [`Tuner::pass`] over the whole export
/// with [`Tuner::reader`] into [`Tuner::fold`], hand the fold to
/// [`Tuner::end_pass`], until no pass is left; then [`Tuner::finish`].
#[derive(Debug)]
pub struct Tuner {
    text: String,
    root: doc::Node,
    plan: plan::Plan,
    input: CompiledModel,
    pub(crate) options: TuneOptions,
    pub(crate) split: split::Split,
    pub(crate) pass: Option<Pass>,
    exclusions: candidates::Exclusions,
    state: steps::State,
}

impl Tuner {
    /// Starts tuning a model given as the bytes of its JSON document.
    pub fn new(model: &[u8], options: TuneOptions) -> Result<Tuner, TuneError> {
        if model.starts_with(b"LGM") {
            return Err(TuneError::new(
                codes::NOT_JSON,
                "this is a compiled model (.lgm); tune edits a model's JSON: give the .json it \
                 was compiled from",
            ));
        }
        let model_text = std::str::from_utf8(model)
            .map_err(|_| TuneError::new("invalid_model", "the model is not UTF-8 text"))?;
        let input = crate::compile(model_text).map_err(|e| {
            let first = e.0.first().map(|p| format!(": {} {}", p.path, p.message));
            TuneError::new(
                "invalid_model",
                format!(
                    "the model does not compile ({} problem(s)){}",
                    e.0.len(),
                    first.unwrap_or_default()
                ),
            )
        })?;
        let root = doc::parse(model_text).map_err(|m| TuneError::new(codes::FAILED, m))?;
        let plan =
            plan::plan(model_text, &root, &input).map_err(|m| TuneError::new(codes::FAILED, m))?;
        Ok(Tuner {
            text: model_text.to_string(),
            split: split::Split::new(options.seed, options.holdout),
            exclusions: candidates::Exclusions::new(&input, &options.report.mapping),
            pass: Some(Pass::Gather),
            root,
            plan,
            input,
            options,
            state: steps::State::default(),
        })
    }

    /// The pass to run next (`None`: done).
    pub fn pass(&self) -> Option<Pass> {
        self.pass
    }

    /// A reader of the export's records for the current pass.
    pub fn reader(&self) -> PassReader<'_> {
        let (model, forced) = match self.pass {
            Some(Pass::Thresholds) => match &self.state.draft {
                Some((_, m)) => (m, self.plan.forced_stages(m.stages.len())),
                None => (&self.input, Vec::new()),
            },
            Some(Pass::Check) => match &self.state.tuned {
                Some((_, m)) => (m, Vec::new()),
                None => (&self.input, Vec::new()),
            },
            _ => (&self.input, Vec::new()),
        };
        PassReader::new(self, model, forced)
    }

    /// An empty fold for the current pass.
    pub fn fold(&self) -> PassFold {
        match self.pass {
            Some(Pass::Thresholds) => PassFold::Thresholds(StageTable::default()),
            Some(Pass::Check) => PassFold::Check(Checked::default()),
            _ => PassFold::Gather(Box::new(Gathered::new(&self.plan.cutoffs))),
        }
    }

    /// Ends the current pass with its fold: fits, chooses or checks.
    pub fn end_pass(&mut self, fold: PassFold) -> Result<(), TuneError> {
        match (self.pass, fold) {
            (Some(Pass::Gather), PassFold::Gather(mut g)) => {
                g.end();
                self.fit(*g)
            }
            (Some(Pass::Thresholds), PassFold::Thresholds(t)) => self.thresholds(&t),
            (Some(Pass::Check), PassFold::Check(c)) => self.check(c),
            _ => Err(TuneError::new(codes::FAILED, "a fold of another pass")),
        }
    }

    /// The tuned model and the summary, once every pass ran.
    pub fn finish(self) -> Result<TuneResult, TuneError> {
        if self.pass.is_some() {
            return Err(TuneError::new(
                codes::FAILED,
                "tune was finished before its last pass",
            ));
        }
        let summary = summary::summary(&self)?;
        let model = self
            .state
            .tuned
            .map(|(text, _)| text)
            .ok_or_else(|| TuneError::new(codes::FAILED, "no tuned model"))?;
        Ok(TuneResult { summary, model })
    }

    /// A training lead's candidate values.
    pub(crate) fn values(&self, lead: &crate::lead::Value<'_>) -> Vec<(String, String)> {
        self.exclusions.values(lead)
    }
}

/// Tunes `model_text` on a whole export given as text (every pass reads it again).
pub fn tune_text(
    model_text: &str,
    text: &str,
    format: InputFormat,
    options: &TuneOptions,
) -> Result<TuneResult, TuneError> {
    let mut tuner = Tuner::new(model_text.as_bytes(), options.clone())?;
    while tuner.pass().is_some() {
        let mut fold = tuner.fold();
        {
            let reader = tuner.reader();
            let mut feed = TextFeed::new(format);
            feed.push(text, &reader, &mut fold)?;
            feed.finish(&reader, &mut fold)?;
        }
        tuner.end_pass(fold)?;
    }
    tuner.finish()
}
