//! Suggested score thresholds, each for a stated objective and explained in
//! plain words: best F1 of SQL against won, a capacity of SQLs per month, and
//! an MQL threshold that keeps a share of the wins.

use super::backtest::{prediction, Inputs, ScoreHist};
use super::figures::{group, percent};
use super::output::{Prediction, Ratio, Suggestion};

impl ScoreHist {
    /// A suggestion for `score_at_least t` with the leads and wins at or above it.
    fn suggest(
        x: &Inputs<'_>,
        stage: &'static str,
        objective: &'static str,
        target: Option<f64>,
        cut: Option<(i64, u64, u64)>,
    ) -> Suggestion {
        let won_total = x.overall.won;
        let (t, leads, won) = match cut {
            Some((t, l, w)) => (Some(t), l, w),
            None => (None, 0, 0),
        };
        let p = prediction(leads, won_total, won);
        let per_month = Ratio((x.months_span > 0.0).then(|| leads as f64 / x.months_span));
        Suggestion {
            stage,
            objective,
            target,
            score_at_least: t,
            leads,
            per_month,
            won,
            precision: p.precision,
            recall: p.recall,
            f1: p.f1,
            explanation: String::new(),
        }
    }

    pub(super) fn best_f1(
        &self,
        x: &Inputs<'_>,
        model: &Prediction,
        crm: &Prediction,
    ) -> Suggestion {
        let w = x.overall.won;
        let best = best_f1_cut(self.descending(), (0, 0), w);
        let mut s = Self::suggest(x, "SQL", "best_f1", None, best);
        s.explanation = match s.score_at_least {
            Some(t) => format!(
                "Best balance of precision and recall against won deals (F1 {f1}): make a lead \
                 an SQL at score {t} or more. Over {m} months that is {n} leads ({pm} a month); \
                 {p} of them were won (precision) and they include {r} of the {w} won deals \
                 (recall). The model as it is makes {ms} SQLs (precision {mp}, recall {mr}); the \
                 CRM had {cs} (precision {cp}, recall {cr}).",
                f1 = percent(s.f1),
                m = months(x.months_span),
                n = group(s.leads),
                pm = per_month(s.per_month),
                p = percent(s.precision),
                r = percent(s.recall),
                w = group(w),
                ms = group(model.predicted),
                mp = percent(model.precision),
                mr = percent(model.recall),
                cs = group(crm.predicted),
                cp = percent(crm.precision),
                cr = percent(crm.recall),
            ),
            None => "No lead was won in this export, so no SQL threshold can be learnt from it."
                .to_string(),
        };
        s
    }

    pub(super) fn capacity(&self, x: &Inputs<'_>, capacity: u64) -> Suggestion {
        // Whole leads: the capacity over the span, rounded down.
        let allowed = libm::floor(capacity as f64 * x.months_span) as u64;
        let (mut leads, mut won) = (0u64, 0u64);
        let mut cut = None;
        let mut top = None;
        for (score, l, wn) in self.descending() {
            top.get_or_insert((score, l));
            if leads + l > allowed {
                break;
            }
            leads += l;
            won += wn;
            cut = Some((score, leads, won));
        }
        let mut s = Self::suggest(x, "SQL", "capacity", Some(capacity as f64), cut);
        s.explanation = match (s.score_at_least, top) {
            (Some(t), _) => format!(
                "To stay within sales' capacity of {c} SQLs a month, make a lead an SQL at score \
                 {t} or more: {n} leads over {m} months ({pm} a month), {p} of them won, covering \
                 {r} of won deals. Any lower threshold would exceed the capacity.",
                c = group(capacity),
                n = group(s.leads),
                m = months(x.months_span),
                pm = per_month(s.per_month),
                p = percent(s.precision),
                r = percent(s.recall),
            ),
            (None, Some((score, l))) => format!(
                "Even the top-scoring leads exceed a capacity of {c} SQLs a month: {n} leads \
                 scored {score} or more over {m} months. Raise the capacity or tighten the model.",
                c = group(capacity),
                n = group(l),
                m = months(x.months_span),
            ),
            (None, None) => "There are no leads to fit the capacity to.".to_string(),
        };
        s
    }

    pub(super) fn mql_recall(&self, x: &Inputs<'_>) -> Suggestion {
        let target = x.targets.mql_recall;
        let w = x.overall.won;
        let cut = recall_cut(self.descending(), (0, 0), w, target);
        let mut s = Self::suggest(x, "MQL", "recall", Some(target), cut);
        let total = x.overall.leads;
        s.explanation = match s.score_at_least {
            Some(t) => format!(
                "Hand leads to sales (MQL) at score {t} or more: that keeps {r} of won deals \
                 (target {target}) while passing on {n} of {total} leads ({share}); the {below} \
                 leads below it produced {lost_w} won deals.",
                r = percent(s.recall),
                target = percent(Ratio(Some(target))),
                n = group(s.leads),
                total = group(total),
                share = percent(Ratio::of(s.leads, total)),
                below = group(total.saturating_sub(s.leads)),
                lost_w = group(w.saturating_sub(s.won)),
            ),
            None => "No lead was won in this export, so no MQL threshold can be learnt from it."
                .to_string(),
        };
        s
    }
}

/// The cut of best F1 against won: `bins` are (score, leads, won) from the
/// highest score down; `base` (leads, won) are predicted whatever the cut
/// (`tune` counts leads a stage takes without its score there); `won_total`
/// is every won lead. Returns (score, leads, won) at or above the cut, base
/// included; ties keep the higher score.
pub(crate) fn best_f1_cut(
    bins: impl Iterator<Item = (i64, u64, u64)>,
    base: (u64, u64),
    won_total: u64,
) -> Option<(i64, u64, u64)> {
    let w = won_total;
    let (mut leads, mut won) = base;
    let mut best: Option<(u64, u64, (i64, u64, u64))> = None;
    for (score, l, wn) in bins {
        leads += l;
        won += wn;
        // F1 = 2·tp / (predicted + won); compare fractions exactly, ties keep the higher score.
        let better = best.is_none_or(|(num, den, _)| {
            u128::from(2 * won) * u128::from(den) > u128::from(num) * u128::from(leads + w)
        });
        if w > 0 && better {
            best = Some((2 * won, leads + w, (score, leads, won)));
        }
    }
    best.map(|b| b.2)
}

/// The highest cut that keeps at least `target` of `won_total` (arguments as
/// for [`best_f1_cut`]).
pub(crate) fn recall_cut(
    bins: impl Iterator<Item = (i64, u64, u64)>,
    base: (u64, u64),
    won_total: u64,
    target: f64,
) -> Option<(i64, u64, u64)> {
    let w = won_total;
    let (mut leads, mut won) = base;
    for (score, l, wn) in bins {
        leads += l;
        won += wn;
        if w > 0 && won as f64 >= target * w as f64 - 1e-9 {
            return Some((score, leads, won));
        }
    }
    None
}

fn months(m: f64) -> String {
    format!("{:.1}", libm::round(m * 10.0) / 10.0)
}

fn per_month(r: Ratio) -> String {
    match r.0 {
        Some(x) => group(libm::round(x) as u64),
        None => "—".to_string(),
    }
}
