//! Reading the export for each pass of `tune`: every record is read as
//! `leadgate report` reads it (same columns, mapping and timestamps, events
//! after `created_at` left out), then, by the side of the split it falls on:
//!
//! - pass 1, training: what every rule of the input model earned (a probe),
//!   its scores, and the values of columns no rule reads (for candidates);
//! - pass 1, held out: the input model's score and stage (the "before");
//! - pass 2, training: the draft tuned model's score and, for stages whose
//!   score threshold is chosen, whether they hold whatever the score;
//! - pass 3, held out: the tuned model's score and stage (the "after"),
//!   by [`crate::CompiledModel::score`] itself.

use super::split::Side;
use super::{Pass, Tuner};
use crate::eval::Probe;
use crate::lead::Value;
use crate::model::CompiledModel;
use crate::points::Points;
use crate::report::{
    CsvColumns, Life, Records, ReportError, Result3, RowProblem, RowReader, RowResult, Summary,
};
use crate::ScoreBuffers;

/// Amounts are kept in 32nds of a rule's points: exact for rules that fire
/// or not, within 1/64 of an event for decayed per-event amounts.
pub(crate) const STEPS: f64 = 32.0;

/// One record read for a pass.
#[derive(Debug, Clone)]
pub struct TuneRow {
    /// The line where the record starts.
    pub line: u64,
    /// What was wrong with it (reported in the first pass only).
    pub problems: Vec<RowProblem>,
    /// A possible report footer row's text (see `crate::report::FooterHold`).
    pub footer: Option<String>,
    pub(crate) body: Body,
}

/// What a pass keeps of a record.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// A record that could not be used.
    Skipped,
    /// Pass 1, training.
    Train(TrainRow),
    /// Held out, scored by the input model (pass 1) or the tuned one (pass 3).
    Held {
        /// What happened.
        result: Result3,
        /// The score.
        score: Points,
        /// The stage's rank.
        stage: usize,
    },
    /// Pass 2, training.
    Stages {
        /// What happened.
        result: Result3,
        /// The draft model's score.
        score: Points,
        /// Per stage: holds with its score leaf true, false.
        stages: Vec<(bool, bool)>,
    },
}

/// A training lead as the first pass reads it.
#[derive(Debug, Clone)]
pub(crate) struct TrainRow {
    /// Its cross-validation fold.
    pub fold: u8,
    /// What happened.
    pub result: Result3,
    /// What the fit learns: the result, or lost for a settled open lead.
    pub label: Result3,
    /// `rule << 16 | amount in 32nds` for each rule that fired, by rule.
    pub key: Vec<u32>,
    /// The input model's fit, engagement and score.
    pub fit: Points,
    /// The engagement.
    pub engagement: Points,
    /// The score.
    pub score: Points,
    /// Top-level fields and their values as text (known outcomes only).
    pub values: Vec<(String, String)>,
}

/// Reads records for the current pass of a [`Tuner`].
pub struct PassReader<'t> {
    tuner: &'t Tuner,
    rows: RowReader<'t>,
    model: &'t CompiledModel,
    forced: Vec<bool>,
}

impl<'t> PassReader<'t> {
    pub(crate) fn new(tuner: &'t Tuner, model: &'t CompiledModel, forced: Vec<bool>) -> Self {
        PassReader {
            tuner,
            rows: RowReader::new(model, &tuner.options.report),
            model,
            forced,
        }
    }

    /// Reads a record already known to be wanted by this pass.
    fn read(
        &self,
        side: Side,
        line: u64,
        read: impl FnOnce(&dyn Fn(Value<'_>, Life) -> Option<Body>) -> (Option<Body>, Vec<RowProblem>),
    ) -> TuneRow {
        let visit = |lead: Value<'_>, life: Life| Some(self.visit(side, &lead, &life));
        let (body, problems) = read(&visit);
        let problems = match self.tuner.pass {
            Some(Pass::Gather) => problems,
            _ => Vec::new(),
        };
        TuneRow {
            line,
            problems,
            footer: None,
            body: body.unwrap_or(Body::Skipped),
        }
    }

    /// Whether this pass reads a record on `side` with this draw.
    fn wants(&self, (side, draw): (Side, f64)) -> bool {
        match self.tuner.pass {
            Some(Pass::Gather) => true,
            Some(Pass::Thresholds) => side != Side::HeldOut && draw < self.tuner.state.sample,
            Some(Pass::Check) => side == Side::HeldOut,
            None => false,
        }
    }

    fn visit(&self, side: Side, lead: &Value<'_>, life: &Life) -> Body {
        let now = life.created;
        match (self.tuner.pass, side) {
            (Some(Pass::Gather), Side::Train(fold)) => with_probe(|probe, buffers| {
                self.model.probe(lead, now, &[], buffers, probe);
                let key = probe
                    .amounts
                    .iter()
                    .enumerate()
                    .filter(|(_, &a)| a > 0.0)
                    .map(|(r, &a)| {
                        let q = libm::round(a * STEPS).clamp(1.0, f64::from(u16::MAX)) as u32;
                        ((r as u32) << 16) | q
                    })
                    .collect();
                let settled = self.tuner.options.settle_days.is_some_and(|days| {
                    self.tuner.options.report.as_of.days_since(life.created) >= days
                });
                let label = match life.result {
                    Result3::Open if settled => Result3::Lost,
                    r => r,
                };
                let known = label != Result3::Open;
                TrainRow {
                    fold,
                    result: life.result,
                    label,
                    key,
                    fit: probe.fit,
                    engagement: probe.engagement,
                    score: probe.score,
                    values: if known {
                        self.tuner.values(lead)
                    } else {
                        Vec::new()
                    },
                }
                .into()
            }),
            (Some(Pass::Thresholds), _) => with_probe(|probe, buffers| {
                self.model.probe(lead, now, &self.forced, buffers, probe);
                Body::Stages {
                    result: life.result,
                    score: probe.score,
                    stages: probe.stages.clone(),
                }
            }),
            _ => match self.model.score(lead, &crate::ScoreOptions::at(now)) {
                Ok(outcome) => Body::Held {
                    result: life.result,
                    score: outcome.score,
                    stage: self
                        .model
                        .stage_rank(outcome.stage)
                        .unwrap_or(self.model.stages.len()),
                },
                Err(_) => Body::Skipped,
            },
        }
    }
}

thread_local! {
    /// Each thread's probe and scoring buffers, kept from lead to lead.
    static PROBE: std::cell::RefCell<(Probe, ScoreBuffers)> =
        std::cell::RefCell::new((Probe::default(), ScoreBuffers::new()));
}

/// Runs `f` with this thread's probe and buffers.
fn with_probe<T>(f: impl FnOnce(&mut Probe, &mut ScoreBuffers) -> T) -> T {
    PROBE.with(|cell| match cell.try_borrow_mut() {
        Ok(mut kept) => {
            let (probe, buffers) = &mut *kept;
            f(probe, buffers)
        }
        // Only if `f` probed again from inside: fresh buffers then.
        Err(_) => f(&mut Probe::default(), &mut ScoreBuffers::new()),
    })
}

impl From<TrainRow> for Body {
    fn from(row: TrainRow) -> Body {
        Body::Train(row)
    }
}

impl Records for PassReader<'_> {
    type Row = TuneRow;

    fn columns(
        &self,
        names: &[String],
        dialect: crate::csv::Dialect,
        sample: &[&str],
    ) -> Result<CsvColumns, ReportError> {
        self.rows.columns(names, dialect, sample)
    }

    fn ndjson_columns(&self, sample: &[&str]) -> Result<CsvColumns, ReportError> {
        self.rows.ndjson_columns(sample)
    }

    fn ndjson_summary(&self, text: &str) -> Option<Summary> {
        self.rows.ndjson_summary(text)
    }

    fn csv(&self, cols: &CsvColumns, record: &str, line: u64) -> Option<TuneRow> {
        let (side, draw) = self.tuner.split.side(record);
        self.wants((side, draw)).then(|| {
            let mut row = self.read(side, line, |visit| {
                self.rows.csv_record_with(cols, record, line, visit)
            });
            if matches!(row.body, Body::Skipped) {
                row.footer = cols.footer_of(record, &row.problems);
            }
            row
        })
    }

    fn ndjson(&self, cols: &CsvColumns, text: &str, line: u64) -> Option<TuneRow> {
        let (side, draw) = self.tuner.split.side(text);
        if !self.wants((side, draw)) {
            return None;
        }
        let mut blank = false;
        let row = self.read(side, line, |visit| {
            self.rows
                .ndjson_line_with(cols, text, line, None, visit)
                .unwrap_or_else(|| {
                    blank = true;
                    (None, Vec::new())
                })
        });
        (!blank).then_some(row)
    }

    fn unreadable(&self, problem: RowProblem) -> Option<TuneRow> {
        (self.tuner.pass == Some(Pass::Gather)).then(|| TuneRow {
            line: problem.line,
            footer: None,
            problems: RowResult::unreadable(problem).problems,
            body: Body::Skipped,
        })
    }
}

impl crate::report::FooterRow for TuneRow {
    fn footer_text(&self) -> Option<&str> {
        self.footer.as_deref()
    }
}
