//! The backtest: re-scored leads against what happened. A histogram of scores
//! in whole points (with wins and losses per point) is all it keeps, so score
//! deciles and threshold suggestions cost the same for ten rows or ten million.

use super::output::{
    Backtest, Decile, GroupKpis, MonthCompare, Prediction, Ratio, ScoreBin, ScoreDistribution,
    StageCompare, StageNames,
};
use super::row::{PastLead, Result3};
use super::Targets;
use crate::model::CompiledModel;
use crate::points::Points;

/// The method, as stated in the report's `methods.scores`.
pub const METHOD: &str = "scores re-computed by the model as of each lead's created_at, \
    binned in whole points (floor) over -1000..1000 (outside values join the end bins); \
    deciles hold whole bins, so leads with equal scores share a decile";

/// Lowest and highest whole-point bin.
const LOW: i64 = -1000;
const HIGH: i64 = 1000;
/// Width of the bins of `score_distribution`.
const BIN_WIDTH: i64 = 10;

/// Leads, wins and losses per whole point of score.
#[derive(Debug, Clone)]
pub struct ScoreHist {
    leads: Vec<u64>,
    won: Vec<u64>,
    lost: Vec<u64>,
}

/// What the backtest needs besides the histogram.
pub struct Inputs<'a> {
    /// The model.
    pub model: &'a CompiledModel,
    /// Rank of the model's SQL stage.
    pub sql_rank: Option<usize>,
    /// Rank of the model's MQL stage.
    pub mql_rank: Option<usize>,
    /// Objectives of the suggestions.
    pub targets: Targets,
    /// Overall KPIs.
    pub overall: &'a GroupKpis,
    /// KPIs per month.
    pub months: &'a [GroupKpis],
    /// Months from the first to the last `created_at` (at least 1 when there are leads).
    pub months_span: f64,
    /// Leads that are MQL in both the CRM and the model.
    pub crm_mql_model_mql: u64,
    /// Leads that are SQL in both.
    pub crm_sql_model_sql: u64,
    /// Model SQLs that were won.
    pub model_sql_won: u64,
    /// CRM SQLs that were won.
    pub crm_sql_won: u64,
}

fn index(score_hundredths: i64) -> usize {
    let points = score_hundredths.div_euclid(100).clamp(LOW, HIGH);
    (points - LOW).unsigned_abs() as usize
}

fn score_of(index: usize) -> i64 {
    LOW + index as i64
}

pub(crate) fn prediction(predicted: u64, won: u64, true_positives: u64) -> Prediction {
    Prediction {
        predicted,
        won,
        true_positives,
        precision: Ratio::of(true_positives, predicted),
        recall: Ratio::of(true_positives, won),
        f1: Ratio::of(2 * true_positives, predicted + won),
    }
}

impl ScoreHist {
    /// An empty histogram.
    pub fn new() -> ScoreHist {
        let n = (HIGH - LOW + 1).unsigned_abs() as usize;
        ScoreHist {
            leads: vec![0; n],
            won: vec![0; n],
            lost: vec![0; n],
        }
    }

    /// Adds one lead.
    pub fn add(&mut self, lead: &PastLead) {
        self.add_score(lead.score, lead.result);
    }

    /// Adds one lead by its score and what happened to it.
    pub(crate) fn add_score(&mut self, score: Points, result: Result3) {
        match result {
            Result3::Won => self.add_many(score, 1, 0, 0),
            Result3::Lost => self.add_many(score, 0, 1, 0),
            Result3::Open => self.add_many(score, 0, 0, 1),
        }
    }

    /// Adds leads of one score: won, lost and open.
    pub(crate) fn add_many(&mut self, score: Points, won: u64, lost: u64, open: u64) {
        let i = index(score.0);
        let bump = |v: &mut Vec<u64>, n: u64| {
            if let Some(slot) = v.get_mut(i) {
                *slot += n;
            }
        };
        bump(&mut self.leads, won + lost + open);
        bump(&mut self.won, won);
        bump(&mut self.lost, lost);
    }

    /// Bins of [`BIN_WIDTH`] points from the lowest score to the highest.
    pub fn distribution(&self) -> ScoreDistribution {
        let used = |i: &usize| self.leads.get(*i).is_some_and(|&n| n > 0);
        let (Some(first), Some(last)) = (
            (0..self.leads.len()).find(used),
            (0..self.leads.len()).rev().find(used),
        ) else {
            return ScoreDistribution {
                bin_width: BIN_WIDTH,
                bins: Vec::new(),
            };
        };
        let mut bins: Vec<ScoreBin> = Vec::new();
        for i in first..=last {
            let from = score_of(i).div_euclid(BIN_WIDTH) * BIN_WIDTH;
            if bins.last().is_none_or(|b| b.from != from) {
                bins.push(ScoreBin {
                    from,
                    ..ScoreBin::default()
                });
            }
            if let Some(bin) = bins.last_mut() {
                bin.leads += self.leads.get(i).copied().unwrap_or(0);
                bin.won += self.won.get(i).copied().unwrap_or(0);
                bin.lost += self.lost.get(i).copied().unwrap_or(0);
            }
        }
        ScoreDistribution {
            bin_width: BIN_WIDTH,
            bins,
        }
    }

    /// Bins from the highest score down, with leads and wins: (score, leads, won).
    pub(crate) fn descending(&self) -> impl Iterator<Item = (i64, u64, u64)> + '_ {
        (0..self.leads.len()).rev().filter_map(|i| {
            let leads = self.leads.get(i).copied().unwrap_or(0);
            (leads > 0).then(|| (score_of(i), leads, self.won.get(i).copied().unwrap_or(0)))
        })
    }

    /// Deciles by score, whole bins each (a bin goes where its middle falls).
    pub(crate) fn deciles(&self, total: u64) -> Vec<Decile> {
        let mut out: Vec<Decile> = Vec::new();
        let mut before = 0u64;
        for (i, &leads) in self.leads.iter().enumerate() {
            if leads == 0 || total == 0 {
                continue;
            }
            let d = ((2 * before + leads) * 10 / (2 * total)).min(9) as u8 + 1;
            before += leads;
            let won = self.won.get(i).copied().unwrap_or(0);
            let score = score_of(i);
            match out.last_mut() {
                Some(last) if last.decile == d => {
                    last.score_to = score;
                    last.leads += leads;
                    last.won += won;
                }
                _ => out.push(Decile {
                    decile: d,
                    score_from: score,
                    score_to: score,
                    leads,
                    won,
                    conversion: Ratio::default(),
                }),
            }
        }
        for d in &mut out {
            d.conversion = Ratio::of(d.won, d.leads);
        }
        out
    }

    /// The whole backtest.
    pub fn backtest(&self, x: &Inputs<'_>) -> Backtest {
        let o = x.overall;
        let name = |r: Option<usize>| {
            r.and_then(|r| x.model.stage_names().nth(r))
                .map(str::to_string)
        };
        let model_sql = prediction(o.model_sql, o.won, x.model_sql_won);
        let crm_sql = prediction(o.sql, o.won, x.crm_sql_won);
        let mut suggestions = vec![self.best_f1(x, &model_sql, &crm_sql)];
        if let Some(capacity) = x.targets.sql_capacity {
            suggestions.push(self.capacity(x, capacity));
        }
        suggestions.push(self.mql_recall(x));
        Backtest {
            stage_names: StageNames {
                sql: name(x.sql_rank),
                mql: name(x.mql_rank),
            },
            stages: vec![
                StageCompare {
                    stage: "SQL",
                    model: o.model_sql,
                    crm: o.sql,
                    both: x.crm_sql_model_sql,
                },
                StageCompare {
                    stage: "MQL",
                    model: o.model_mql,
                    crm: o.mql,
                    both: x.crm_mql_model_mql,
                },
            ],
            by_month: x
                .months
                .iter()
                .map(|m| MonthCompare {
                    month: m.key.clone(),
                    leads: m.leads,
                    model_mql: m.model_mql,
                    model_sql: m.model_sql,
                    crm_mql: m.mql,
                    crm_sql: m.sql,
                    won: m.won,
                })
                .collect(),
            model_sql_vs_won: model_sql,
            crm_sql_vs_won: crm_sql,
            deciles: self.deciles(o.leads),
            months: Ratio(Some(x.months_span)),
            suggestions,
        }
    }
}
