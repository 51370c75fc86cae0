//! The first pass's fold: the training leads as a compact table — leads
//! with the same rules fired (and the same per-event amounts, in 32nds) are
//! one group with its won, lost and open counts per fold — plus what the
//! input model said of them (its score's spread, the share of leads at or
//! above each cut-off), the held-out leads' "before" scores and stages in
//! input order, and the candidate columns' counts. No row is kept.

use super::candidates::Counts;
use super::plan::{CutKind, Cutoff};
use super::rows::{Body, TrainRow, TuneRow};
use super::split::FOLDS;
use crate::model::Metric;
use crate::points::Points;
use crate::report::{Result3, Summary};
use std::collections::BTreeMap;

/// Leads of one pattern of fired rules.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Group {
    /// Won per fold.
    pub won: [u32; FOLDS],
    /// Lost per fold.
    pub lost: [u32; FOLDS],
    /// Open (no known outcome), all folds.
    pub open: u32,
}

impl Group {
    /// Leads with a known outcome.
    pub(crate) fn known(&self) -> u64 {
        self.won
            .iter()
            .chain(&self.lost)
            .map(|&n| u64::from(n))
            .sum()
    }
    /// All leads.
    pub(crate) fn leads(&self) -> u64 {
        self.known() + u64::from(self.open)
    }
}

/// Leads by what happened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub leads: u64,
    pub won: u64,
    pub lost: u64,
}

impl Tally {
    fn add(&mut self, result: Result3) {
        self.leads += 1;
        match result {
            Result3::Won => self.won += 1,
            Result3::Lost => self.lost += 1,
            Result3::Open => {}
        }
    }
}

/// A held-out lead as a model scored it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub result: Result3,
    pub score: Points,
    pub stage: usize,
}

/// What the first pass gathered.
#[derive(Debug, Clone, Default)]
pub struct Gathered {
    /// Training leads by their fired rules (`rule << 16 | amount in 32nds`).
    pub(crate) groups: BTreeMap<Box<[u32]>, Group>,
    /// Records read, and those that could not be used.
    pub(crate) rows: u64,
    pub(crate) skipped: u64,
    pub(crate) problems: u64,
    /// A report's footer rows, held until what follows decides (Salesforce).
    pub(crate) footer: crate::report::FooterHold<TuneRow>,
    pub(crate) train: Tally,
    /// Training leads as the fit sees them (settled open leads as lost).
    pub(crate) labels: Tally,
    pub(crate) held: Tally,
    /// Held-out leads as the input model scored them, in input order.
    pub(crate) before: Vec<Scored>,
    /// The input model's scores over training leads: sum and sum of squares.
    pub(crate) score_sum: f64,
    pub(crate) score_sq: f64,
    /// Per cut-off: training leads at or above it under the input model.
    pub(crate) at_or_above: Vec<u64>,
    cut: Vec<(Metric, Points)>,
    pub(crate) candidates: Counts,
    /// The lifecycle columns read.
    pub(crate) columns: Option<Summary>,
}

impl Gathered {
    /// An empty fold for a model with these cut-offs.
    pub(crate) fn new(cutoffs: &[Cutoff]) -> Gathered {
        let cut: Vec<(Metric, Points)> = cutoffs
            .iter()
            .map(|c| {
                let metric = match c.kind {
                    CutKind::Grade(_) => Metric::Fit,
                    CutKind::EngagementCap => Metric::Engagement,
                    CutKind::Leaf { metric, .. } => metric,
                };
                (metric, c.value)
            })
            .collect();
        Gathered {
            at_or_above: vec![0; cut.len()],
            cut,
            ..Gathered::default()
        }
    }

    /// Adds one record (a possible footer row waits for what follows it).
    pub(crate) fn add(&mut self, row: TuneRow) {
        for row in self.footer.push(row) {
            self.add_row(row);
        }
    }

    /// The end of the pass: held rows that are no footer are added.
    pub(crate) fn end(&mut self) {
        for row in self.footer.finish() {
            self.add_row(row);
        }
    }

    fn add_row(&mut self, row: TuneRow) {
        self.rows += 1;
        // An unknown stage value is a warning (said once per value), not a problem.
        let unknown = crate::report::codes::UNKNOWN_STAGE;
        self.problems += row.problems.iter().filter(|p| p.code != unknown).count() as u64;
        match row.body {
            Body::Skipped => self.skipped += 1,
            Body::Train(train) => self.train(train),
            Body::Held {
                result,
                score,
                stage,
            } => {
                self.held.add(result);
                self.before.push(Scored {
                    result,
                    score,
                    stage,
                });
            }
            // Not rows of this pass.
            Body::Stages { .. } => {}
        }
    }

    fn train(&mut self, row: TrainRow) {
        self.train.add(row.result);
        let score = row.score.as_f64();
        self.score_sum += score;
        self.score_sq += score * score;
        for (n, (metric, value)) in self.at_or_above.iter_mut().zip(&self.cut) {
            let x = match metric {
                Metric::Score => row.score,
                Metric::Fit => row.fit,
                Metric::Engagement => row.engagement,
            };
            *n += u64::from(x >= *value);
        }
        let group = self.groups.entry(row.key.into_boxed_slice()).or_default();
        let fold = usize::from(row.fold) % FOLDS;
        self.labels.add(row.label);
        let slot = match row.label {
            Result3::Won => group.won.get_mut(fold),
            Result3::Lost => group.lost.get_mut(fold),
            Result3::Open => Some(&mut group.open),
        };
        if let Some(n) = slot {
            *n += 1;
        }
        self.candidates.add(row.values, row.label);
    }

    /// The spread (standard deviation) of the input model's training scores.
    pub(crate) fn score_spread(&self) -> f64 {
        let n = self.train.leads as f64;
        if n < 2.0 {
            return 0.0;
        }
        let mean = self.score_sum / n;
        (self.score_sq / n - mean * mean).max(0.0).sqrt()
    }
}
