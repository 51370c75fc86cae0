//! The second pass: the SQL and MQL score thresholds, chosen on the
//! training leads as the report suggests them (src/report/suggest.rs) — SQL
//! at the best F1 against won, MQL at the highest threshold that keeps the
//! target share of won (`--mql-recall`, 95% by default) — but over the
//! draft tuned model's real stages: a lead a stage takes whatever its
//! score (another branch of an `any`) counts at every threshold, and a lead
//! it cannot take (a failed `requires`, grade or hand-raise) at none.

use super::plan::{Cutoff, Objective};
use super::rows::{Body, TuneRow};
use crate::points::Points;
use crate::report::{best_f1_cut, recall_cut, Result3, ScoreHist};

/// How a stage treats one lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holds {
    Never,
    Always,
    /// Holds when the score reaches the stage's threshold.
    AtLeast,
}

/// One training lead under the draft model.
#[derive(Debug, Clone)]
struct Lead {
    score: Points,
    result: Result3,
    stages: Vec<Holds>,
}

/// The second pass's fold.
#[derive(Debug, Clone, Default)]
pub struct StageTable {
    leads: Vec<Lead>,
}

/// A threshold chosen for an objective, with what it does on the training leads.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    /// The cut-off it sets.
    pub cutoff: usize,
    /// Its value.
    pub value: Points,
    /// Training leads at or above the stage (predicted), won among them, won in all.
    pub predicted: u64,
    /// Won among them.
    pub won: u64,
    /// Won in all.
    pub won_total: u64,
}

impl StageTable {
    /// Adds one record.
    pub(crate) fn add(&mut self, row: TuneRow) {
        if let Body::Stages {
            result,
            score,
            stages,
        } = row.body
        {
            let stages = stages
                .into_iter()
                .map(|s| match s {
                    (false, _) => Holds::Never,
                    (true, true) => Holds::Always,
                    (true, false) => Holds::AtLeast,
                })
                .collect();
            self.leads.push(Lead {
                score,
                result,
                stages,
            });
        }
    }

    /// Chooses the objective cut-offs; `ranks` are the SQL and MQL stages' ranks.
    pub(crate) fn choose(
        &self,
        cutoffs: &[Cutoff],
        ranks: (Option<usize>, Option<usize>),
        mql_recall: f64,
    ) -> Vec<Chosen> {
        let won_total = self
            .leads
            .iter()
            .filter(|l| l.result == Result3::Won)
            .count() as u64;
        let objective = |o: Objective| cutoffs.iter().position(|c| c.objective == Some(o));
        let mut out = Vec::new();
        let (sql, mql) = ranks;
        // Per lead: whether it is an SQL at the chosen threshold (None: not chosen yet).
        let mut sql_threshold: Option<Points> = None;
        if let (Some(rank), Some(i)) = (sql, objective(Objective::SqlF1)) {
            let (base, hist) = self.split(rank, |_| false);
            if let Some((t, leads, won)) = best_f1_cut(hist.descending(), base, won_total) {
                let value = Points(t * 100);
                sql_threshold = Some(value);
                out.push(Chosen {
                    cutoff: i,
                    value,
                    predicted: leads,
                    won,
                    won_total,
                });
            }
        }
        if let (Some(rank), Some(i)) = (mql, objective(Objective::MqlRecall)) {
            let sql_rank = sql.unwrap_or(0);
            if Some(rank) != sql {
                // A lead that is an SQL (or above) counts as an MQL at every threshold.
                let is_sql = |lead: &Lead| reaches(lead, sql_rank, sql_threshold);
                let (base, hist) = self.split(rank, is_sql);
                // A target the stage's other conditions make unreachable: the lowest threshold.
                let cut = recall_cut(hist.descending(), base, won_total, mql_recall)
                    .or_else(|| lowest(&hist, base));
                if let Some((t, leads, won)) = cut {
                    out.push(Chosen {
                        cutoff: i,
                        value: Points(t * 100),
                        predicted: leads,
                        won,
                        won_total,
                    });
                }
            }
        }
        out
    }

    /// For the stage at `rank`: leads taken whatever the threshold (base:
    /// leads, won), and a histogram of the scores of those it takes at a
    /// threshold.
    fn split(&self, rank: usize, already: impl Fn(&Lead) -> bool) -> ((u64, u64), ScoreHist) {
        let mut base = (0u64, 0u64);
        let mut hist = ScoreHist::new();
        for lead in &self.leads {
            let holds = |i: usize| lead.stages.get(i).copied().unwrap_or(Holds::Never);
            let always = already(lead) || (0..=rank).any(|i| holds(i) == Holds::Always);
            if always {
                base.0 += 1;
                base.1 += u64::from(lead.result == Result3::Won);
            } else if holds(rank) == Holds::AtLeast {
                hist.add_score(lead.score, lead.result);
            }
        }
        (base, hist)
    }
}

/// The lowest cut of a histogram (every lead that depends on the threshold taken).
fn lowest(hist: &ScoreHist, base: (u64, u64)) -> Option<(i64, u64, u64)> {
    let (mut leads, mut won) = base;
    let mut out = None;
    for (t, l, w) in hist.descending() {
        leads += l;
        won += w;
        out = Some((t, leads, won));
    }
    out
}

/// Whether a lead reaches the stage at `rank` or above, its score leaf at `threshold`.
fn reaches(lead: &Lead, rank: usize, threshold: Option<Points>) -> bool {
    (0..=rank).any(|i| match lead.stages.get(i) {
        Some(Holds::Always) => true,
        Some(Holds::AtLeast) => threshold.is_some_and(|t| lead.score >= t),
        _ => false,
    })
}
