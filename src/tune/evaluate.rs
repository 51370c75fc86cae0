//! The held-out check: the input model (first pass) and the tuned model as
//! written and compiled (third pass) score the same held-out leads, and
//! both are measured the same way — never from the regression's own
//! probabilities:
//!
//! - AUC: the chance that a won lead outscores a lost one (ties count half;
//!   open leads have no known outcome and are left out);
//! - precision and recall of SQL (and MQL, which includes SQL) against won,
//!   as `leadgate report` measures them: every held-out lead counts, an open
//!   one as not won;
//! - conversion and lift (conversion over the held-out base rate) per score
//!   decile, deciles as the report makes them (whole points);
//! - how many leads change stage, from which to which.

use super::gather::Scored;
use crate::model::CompiledModel;
use crate::report::output::{Prediction, Ratio};
use crate::report::{prediction, Result3, ScoreHist};
use serde::Serialize;
use std::collections::BTreeMap;

/// The measures of one model on the held-out leads.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    /// Won against lost (`null` without both).
    pub auc: Option<f64>,
    /// Won against every other lead, open ones included.
    pub auc_all: Option<f64>,
    /// The SQL stage (and above) against won.
    pub sql: Prediction,
    /// The MQL stage and above against won.
    pub mql: Prediction,
    /// Score deciles, lowest first.
    pub deciles: Vec<DecileLift>,
}

/// One score decile with its lift.
#[derive(Debug, Clone, Serialize)]
pub struct DecileLift {
    /// 1 (lowest scores) to 10.
    pub decile: u8,
    /// Lowest score (whole points).
    pub score_from: i64,
    /// Highest score (whole points).
    pub score_to: i64,
    /// Leads.
    pub leads: u64,
    /// Won.
    pub won: u64,
    /// `won / leads`.
    pub conversion: Ratio,
    /// Conversion over the held-out base rate.
    pub lift: Ratio,
}

/// Leads in a stage before and after, and how many moved up or down from it.
#[derive(Debug, Clone, Serialize)]
pub struct StageCount {
    /// The stage.
    pub stage: String,
    /// Held-out leads in it under the input model.
    pub before: u64,
    /// Under the tuned model.
    pub after: u64,
    /// Of `before`, those the tuned model puts in a higher stage.
    pub moved_up: u64,
    /// Of `before`, those it puts in a lower stage.
    pub moved_down: u64,
}

/// Leads that moved from one stage to another.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    /// The input model's stage.
    pub from: String,
    /// The tuned model's.
    pub to: String,
    /// How many.
    pub leads: u64,
}

/// The held-out check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Held-out leads scored.
    pub leads: u64,
    /// Won among them.
    pub won: u64,
    /// Lost among them.
    pub lost: u64,
    /// The input model.
    pub before: Metrics,
    /// The tuned model.
    pub after: Metrics,
    /// Per stage, highest first.
    pub stages: Vec<StageCount>,
    /// Every change of stage, most leads first.
    pub moves: Vec<Move>,
}

/// The third pass's fold: held-out leads as the tuned model scored them.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub(crate) after: Vec<Scored>,
}

/// Compares the two scorings of the held-out leads (same leads, same order).
pub(crate) fn check(
    before: &[Scored],
    after: &[Scored],
    old: &CompiledModel,
    new: &CompiledModel,
) -> Result<Check, String> {
    if before.len() != after.len() {
        return Err(format!(
            "the held-out leads differ between passes ({} then {})",
            before.len(),
            after.len()
        ));
    }
    let names: Vec<String> = new.stage_names().map(str::to_string).collect();
    let mut matrix: BTreeMap<(usize, usize), u64> = BTreeMap::new();
    for (b, a) in before.iter().zip(after) {
        *matrix.entry((b.stage, a.stage)).or_default() += 1;
    }
    let name = |r: usize| names.get(r).cloned().unwrap_or_else(|| "lead".into());
    let stages = (0..names.len())
        .map(|r| StageCount {
            stage: name(r),
            before: matrix
                .iter()
                .filter(|((b, _), _)| *b == r)
                .map(|(_, n)| n)
                .sum(),
            after: matrix
                .iter()
                .filter(|((_, a), _)| *a == r)
                .map(|(_, n)| n)
                .sum(),
            moved_up: matrix
                .iter()
                .filter(|((b, a), _)| *b == r && *a < r)
                .map(|(_, n)| n)
                .sum(),
            moved_down: matrix
                .iter()
                .filter(|((b, a), _)| *b == r && *a > r)
                .map(|(_, n)| n)
                .sum(),
        })
        .collect();
    let mut moves: Vec<Move> = matrix
        .iter()
        .filter(|((b, a), _)| b != a)
        .map(|(&(b, a), &leads)| Move {
            from: name(b),
            to: name(a),
            leads,
        })
        .collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.leads));
    let count = |r: Result3| before.iter().filter(|s| s.result == r).count() as u64;
    Ok(Check {
        leads: before.len() as u64,
        won: count(Result3::Won),
        lost: count(Result3::Lost),
        before: metrics(before, old),
        after: metrics(after, new),
        stages,
        moves,
    })
}

fn metrics(leads: &[Scored], model: &CompiledModel) -> Metrics {
    let (sql, mql) = crate::report::handoff_ranks(model);
    let won = leads.iter().filter(|l| l.result == Result3::Won).count() as u64;
    let predict = |rank: Option<usize>| {
        let hit = |l: &&Scored| rank.is_some_and(|r| l.stage <= r);
        let predicted = leads.iter().filter(hit).count() as u64;
        let tp = leads
            .iter()
            .filter(hit)
            .filter(|l| l.result == Result3::Won)
            .count() as u64;
        prediction(predicted, won, tp)
    };
    let mut hist = ScoreHist::new();
    for l in leads {
        hist.add_score(l.score, l.result);
    }
    let base = Ratio::of(won, leads.len() as u64);
    let deciles = hist
        .deciles(leads.len() as u64)
        .into_iter()
        .map(|d| DecileLift {
            decile: d.decile,
            score_from: d.score_from,
            score_to: d.score_to,
            leads: d.leads,
            won: d.won,
            conversion: d.conversion,
            lift: Ratio(
                d.conversion
                    .0
                    .zip(base.0)
                    .filter(|(_, b)| *b > 0.0)
                    .map(|(c, b)| c / b),
            ),
        })
        .collect();
    Metrics {
        auc: auc(leads, false),
        auc_all: auc(leads, true),
        sql: predict(sql),
        mql: predict(mql),
        deciles,
    }
}

/// The Mann–Whitney AUC of won against lost (or, with `open`, against
/// every other lead), ties counted half.
pub(crate) fn auc(leads: &[Scored], open: bool) -> Option<f64> {
    let mut known: Vec<(i64, bool)> = leads
        .iter()
        .filter(|l| open || l.result != Result3::Open)
        .map(|l| (l.score.0, l.result == Result3::Won))
        .collect();
    known.sort_unstable();
    let won = known.iter().filter(|k| k.1).count() as f64;
    let lost = known.len() as f64 - won;
    if won == 0.0 || lost == 0.0 {
        return None;
    }
    // For each run of equal scores: won in it × (lost below + half the lost in it).
    let (mut lost_below, mut sum, mut i) = (0.0, 0.0, 0);
    while let Some(&(score, _)) = known.get(i) {
        let run = known.get(i..).unwrap_or_default();
        let len = run.iter().take_while(|k| k.0 == score).count();
        let w = run.iter().take(len).filter(|k| k.1).count() as f64;
        let l = len as f64 - w;
        sum += w * (lost_below + l / 2.0);
        lost_below += l;
        i += len;
    }
    Some(libm::round(sum / (won * lost) * 10_000.0) / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::points::Points;

    fn lead(score: i64, result: Result3) -> Scored {
        Scored {
            result,
            score: Points(score * 100),
            stage: 0,
        }
    }

    #[test]
    fn auc_is_the_share_of_won_lost_pairs_in_order() {
        use Result3::*;
        let perfect = [lead(1, Lost), lead(2, Lost), lead(3, Won), lead(9, Open)];
        assert_eq!(auc(&perfect, false), Some(1.0));
        // Against every other lead the open one (scored 9) outranks the won one: 2 of 3 pairs.
        assert_eq!(auc(&perfect, true), Some(0.6667));
        // Pairs (won 2; lost 1, 2, 3): 1 above, 1 tie, 1 below → (1 + 0.5) / 3.
        let mixed = [lead(1, Lost), lead(2, Lost), lead(3, Lost), lead(2, Won)];
        assert_eq!(auc(&mixed, false), Some(0.5));
        assert_eq!(auc(&[lead(1, Won)], false), None);
    }
}
