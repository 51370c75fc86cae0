//! From coefficients to a readable model: points on a scale that keeps the
//! score's spread (standard deviation over the training leads) what it was,
//! rounded to whole points — or halves when the largest rule is under 20
//! points — and cut-offs moved so they keep their meaning on the new scale:
//! the same share of training leads at or above each grade threshold,
//! `fit_at_least`, `engagement_at_least`, non-objective `score_at_least`
//! and the engagement cap (the share of leads it caps).
//!
//! The new scores of the training leads are computed from the gathered
//! table with the model's own semantics: the best persona's total (when
//! above 0) plus `fit_rules`, engagement capped by the group's `max`.

use super::fit::{Constant, Design, Fitted};
use super::gather::{Gathered, Group};
use super::plan::{CutKind, Plan};
use super::rows::STEPS;
use crate::eval::RuleGroup;
use crate::model::Metric;
use crate::points::Points;
use std::collections::BTreeMap;

/// New points per rule, and how they were set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scaled {
    /// Points per unit of log-odds.
    pub scale: f64,
    /// The rounding step, in hundredths (100 or 50).
    pub step: i64,
    /// Per rule: new points.
    pub points: Vec<Points>,
    /// Per rule: new `max` (when it has one).
    pub max: Vec<Option<Points>>,
    /// Per rule: the coefficient, when fitted (log-odds per unit).
    pub coefficient: Vec<Option<f64>>,
    /// Per rule: raised to the smallest step to keep its sign.
    pub kept_sign: Vec<bool>,
}

/// Maps the fit to points. `constant[r]` marks rules left as they are.
pub(crate) fn points(
    plan: &Plan,
    design: &Design,
    fitted: &Fitted,
    constant: &[Option<Constant>],
    gathered: &Gathered,
) -> Scaled {
    let rules = plan.rules.len();
    let mut coefficient = vec![None; rules];
    for (c, &r) in design.columns.iter().enumerate() {
        if let Some(slot) = coefficient.get_mut(r) {
            *slot = fitted.beta.get(c).copied();
        }
    }
    // The score each lead would get with one point per unit of log-odds (constant rules left out).
    let unit: Vec<f64> = coefficient.iter().map(|b| b.unwrap_or(0.0)).collect();
    let spread1 = spread(&gathered.groups, |key| {
        let (fit, eng) = totals(plan, key, &unit);
        fit + eng
    });
    let old = gathered.score_spread();
    let scale = match (old > 0.0, spread1 > 0.0) {
        (true, true) => old / spread1,
        // No spread before: aim for a spread of 10 points.
        (false, true) => 10.0 / spread1,
        _ => 1.0,
    };
    let largest = unit.iter().map(|b| (b * scale).abs()).fold(0.0, f64::max);
    let step = if largest >= 20.0 { 100 } else { 50 };
    let mut out = Scaled {
        scale,
        step,
        points: Vec::with_capacity(rules),
        max: Vec::with_capacity(rules),
        coefficient,
        kept_sign: vec![false; rules],
    };
    for (r, rule) in plan.rules.iter().enumerate() {
        let fixed = constant.get(r).copied().flatten().is_some();
        let beta = out.coefficient.get(r).copied().flatten();
        let new = match (fixed, beta) {
            (false, Some(b)) => {
                let mut p = round_step(b * scale * 100.0, step);
                let sign = rule.points.0.signum();
                let flipped = design
                    .columns
                    .iter()
                    .position(|&c| c == r)
                    .and_then(|c| fitted.flipped.get(c).copied())
                    .unwrap_or(false);
                if sign != 0 && !flipped && p * sign <= 0 {
                    p = sign * step;
                    if let Some(k) = out.kept_sign.get_mut(r) {
                        *k = true;
                    }
                }
                Points(p)
            }
            _ => rule.points,
        };
        let max = rule.max.map(|m| {
            if rule.points.0 == 0 || new.0 == 0 {
                m
            } else {
                let ratio = (new.0 as f64 / rule.points.0 as f64).abs();
                Points(libm::round(m.0 as f64 * ratio) as i64)
            }
        });
        out.points.push(new);
        out.max.push(max);
    }
    out
}

/// Rounds hundredths to the nearest multiple of `step` hundredths.
pub(crate) fn round_step(hundredths: f64, step: i64) -> i64 {
    libm::round(hundredths / step as f64) as i64 * step
}

/// Fit and uncapped engagement of a group, with `points` per rule (in points).
fn totals(plan: &Plan, key: &[u32], points: &[f64]) -> (f64, f64) {
    let mut personas: Vec<f64> = Vec::new();
    let (mut fit, mut eng) = (0.0, 0.0);
    for &packed in key {
        let r = (packed >> 16) as usize;
        let x = f64::from(packed & 0xffff) / STEPS;
        let p = points.get(r).copied().unwrap_or(0.0) * x;
        match plan.rules.get(r).map(|rule| rule.group) {
            Some(RuleGroup::Persona(i)) => {
                if personas.len() <= i {
                    personas.resize(i + 1, 0.0);
                }
                if let Some(t) = personas.get_mut(i) {
                    *t += p;
                }
            }
            Some(RuleGroup::Fit) => fit += p,
            Some(RuleGroup::Engagement) => eng += p,
            None => {}
        }
    }
    let best = personas
        .iter()
        .copied()
        .filter(|t| *t > 0.0)
        .fold(0.0, f64::max);
    (fit + best, eng)
}

/// The standard deviation of a value over all training leads.
fn spread(groups: &BTreeMap<Box<[u32]>, Group>, value: impl Fn(&[u32]) -> f64) -> f64 {
    let (mut n, mut sum, mut sq) = (0.0, 0.0, 0.0);
    for (key, g) in groups {
        let (w, v) = (g.leads() as f64, value(key));
        n += w;
        sum += w * v;
        sq += w * v * v;
    }
    if n < 2.0 {
        return 0.0;
    }
    let mean = sum / n;
    (sq / n - mean * mean).max(0.0).sqrt()
}

/// Values with their lead counts, ascending, with counts at or above each.
struct Weighted {
    values: Vec<f64>,
    above: Vec<u64>,
}

impl Weighted {
    fn new(mut pairs: Vec<(f64, u64)>) -> Weighted {
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut above = vec![0; pairs.len()];
        let mut acc = 0;
        for (slot, (_, n)) in above.iter_mut().zip(&pairs).rev() {
            acc += n;
            *slot = acc;
        }
        Weighted {
            values: pairs.into_iter().map(|p| p.0).collect(),
            above,
        }
    }

    /// Leads with a value of at least `c`.
    fn at_or_above(&self, c: f64) -> u64 {
        let i = self.values.partition_point(|v| *v < c - 1e-9);
        self.above.get(i).copied().unwrap_or(0)
    }

    /// The cut-off on the step lattice whose count at or above is closest to `k`.
    fn cut_for(&self, k: u64, step: i64) -> Option<Points> {
        let i = self.above.iter().rposition(|&n| n >= k)?;
        let v = *self.values.get(i)? * 100.0;
        let s = step as f64;
        let down = Points((libm::floor(v / s) * s) as i64);
        let up = Points((libm::ceil(v / s) * s) as i64);
        let miss = |p: Points| self.at_or_above(p.as_f64()).abs_diff(k);
        Some(if miss(up) < miss(down) { up } else { down })
    }

    fn highest(&self) -> Option<f64> {
        self.values.last().copied()
    }
}

/// A cut-off's new value and how it was set.
#[derive(Debug, Clone)]
pub(crate) struct Moved {
    /// The new value (the old one when it is kept).
    pub value: Points,
    /// Training leads at or above it: before, after.
    pub share: (f64, f64),
    /// Kept as it was: why.
    pub kept: Option<&'static str>,
}

/// New values of the cut-offs (objective ones keep their value here; they
/// are chosen later from the draft model's stages).
pub(crate) fn cutoffs(plan: &Plan, scaled: &Scaled, gathered: &Gathered) -> Vec<Moved> {
    let points: Vec<f64> = scaled.points.iter().map(|p| p.as_f64()).collect();
    let rows: Vec<(f64, f64, u64)> = gathered
        .groups
        .iter()
        .map(|(key, g)| {
            let (fit, eng) = totals(plan, key, &points);
            (fit, eng, g.leads())
        })
        .collect();
    let total = gathered.train.leads;
    let share = |n: u64| {
        if total == 0 {
            0.0
        } else {
            n as f64 / total as f64
        }
    };
    let target = |i: usize| gathered.at_or_above.get(i).copied().unwrap_or(0);
    let mut moved: Vec<Option<Moved>> = vec![None; plan.cutoffs.len()];
    // The cap first: capped engagement feeds the score.
    let uncapped = Weighted::new(rows.iter().map(|r| (r.1, r.2)).collect());
    let mut cap = None;
    for (i, c) in plan.cutoffs.iter().enumerate() {
        if c.kind != CutKind::EngagementCap {
            continue;
        }
        let k = target(i);
        let value = match uncapped.cut_for(k.max(1), scaled.step) {
            Some(v) if k > 0 => v,
            // No lead reached the cap: keep it above every lead's engagement.
            _ => {
                let top = uncapped.highest().unwrap_or(0.0);
                Points(round_step(top * 100.0, scaled.step).max(c.value.0))
            }
        };
        cap = Some(value.as_f64());
        let after = share(uncapped.at_or_above(value.as_f64()));
        if let Some(slot) = moved.get_mut(i) {
            *slot = Some(Moved {
                value,
                share: (share(k), after),
                kept: None,
            });
        }
    }
    let capped = |e: f64| cap.map_or(e, |c| e.min(c));
    let fit = Weighted::new(rows.iter().map(|r| (r.0, r.2)).collect());
    let eng = Weighted::new(rows.iter().map(|r| (capped(r.1), r.2)).collect());
    let score = Weighted::new(rows.iter().map(|r| (r.0 + capped(r.1), r.2)).collect());
    for (i, c) in plan.cutoffs.iter().enumerate() {
        let table = match c.kind {
            CutKind::EngagementCap => continue,
            CutKind::Grade(_) => &fit,
            CutKind::Leaf { metric, .. } => match metric {
                Metric::Fit => &fit,
                Metric::Engagement => &eng,
                Metric::Score => &score,
            },
        };
        let k = target(i);
        let kept = if c.objective.is_some() {
            Some("no training lead's stage depends on this score threshold")
        } else if k == 0 {
            Some("no training lead reached it before, so the data cannot say where it falls now")
        } else if k >= total {
            Some("every training lead reached it before, so the data cannot say where it falls now")
        } else {
            None
        };
        let value = match kept {
            Some(_) => c.value,
            None => table.cut_for(k, scaled.step).unwrap_or(c.value),
        };
        let after = share(table.at_or_above(value.as_f64()));
        if let Some(slot) = moved.get_mut(i) {
            *slot = Some(Moved {
                value,
                share: (share(k), after),
                kept,
            });
        }
    }
    let mut out: Vec<Moved> = moved
        .into_iter()
        .zip(&plan.cutoffs)
        .map(|(m, c)| {
            m.unwrap_or(Moved {
                value: c.value,
                share: (0.0, 0.0),
                kept: Some("not measured"),
            })
        })
        .collect();
    order_grades(plan, &mut out, scaled.step);
    out
}

/// Grade thresholds must still decrease strictly from A to C.
fn order_grades(plan: &Plan, moved: &mut [Moved], step: i64) {
    let mut grades: Vec<(char, usize)> = plan
        .cutoffs
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c.kind {
            CutKind::Grade(g) => Some((g, i)),
            _ => None,
        })
        .collect();
    grades.sort();
    let mut above: Option<Points> = None;
    for (_, i) in grades {
        if let Some(m) = moved.get_mut(i) {
            if let Some(a) = above.filter(|a| m.value >= *a) {
                m.value = Points(a.0 - step);
            }
            above = Some(m.value);
        }
    }
}

/// The training leads' scores under the new points and engagement cap:
/// (score, group) for every group.
pub(crate) fn training_scores<'g>(
    plan: &Plan,
    scaled: &Scaled,
    cap: Option<Points>,
    gathered: &'g Gathered,
) -> Vec<(Points, &'g Group)> {
    let points: Vec<f64> = scaled.points.iter().map(|p| p.as_f64()).collect();
    gathered
        .groups
        .iter()
        .map(|(key, g)| {
            let (fit, eng) = totals(plan, key, &points);
            let eng = cap.map_or(eng, |c| eng.min(c.as_f64()));
            (Points(libm::round((fit + eng) * 100.0) as i64), g)
        })
        .collect()
}
