//! The regression: won (1) against lost (0) over the rules' amounts, an
//! L2-penalised logistic regression with an unpenalised intercept, fitted
//! by Newton's method (iteratively reweighted least squares) with step
//! halving and at most [`MAX_ITERATIONS`] steps. The penalty λ is chosen by
//! 5-fold cross-validation on the training share: the decades of [`grid`]
//! first, then the half decades either side of the best; the λ with the
//! lowest held-out deviance wins (a tie goes to the larger λ).
//!
//! A rule keeps the sign of its points unless the data clearly says
//! otherwise: a coefficient of the other sign is allowed only with
//! |z| ≥ [`FLIP_Z`] (p < 0.001); otherwise it is held at 0 and the rest is
//! refitted, until no rule crosses. Everything runs in a fixed order, so a
//! given table gives the same numbers on every run and runtime.

use super::gather::Group;
use super::linalg::{Lower, Sym};
use super::rows::STEPS;
use super::split::FOLDS;
use std::collections::BTreeMap;

/// Most Newton steps of one fit.
pub(crate) const MAX_ITERATIONS: u32 = 100;
/// |z| a coefficient needs to take the sign opposite to its rule's points.
pub(crate) const FLIP_Z: f64 = 3.29;

/// The penalties tried first: 10^3 down to 10^-2, a decade apart.
pub(crate) fn grid() -> Vec<f64> {
    (0..=5)
        .rev()
        .map(|k| libm::pow(10.0, -2.0 + f64::from(k)))
        .collect()
}

/// Newton stops when no coefficient moves more than this (cross-validation
/// fits only rank penalties, so they stop earlier than the final fit).
const TOLERANCE_CV: f64 = 1e-6;
const TOLERANCE: f64 = 1e-9;

/// Why a rule is not fitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Constant {
    /// It fired on no training lead with a known outcome.
    Never,
    /// It fired, with the same amount, on every one.
    Always,
}

/// The regression's data: one row per group with a known outcome.
#[derive(Debug, Clone, Default)]
pub(crate) struct Design {
    /// The model rule of each column.
    pub columns: Vec<usize>,
    rows: Vec<Row>,
}

#[derive(Debug, Clone)]
struct Row {
    /// (column, amount) of the rules that fired.
    x: Vec<(usize, f64)>,
    won: [f64; FOLDS],
    lost: [f64; FOLDS],
}

/// The table of groups as a design; rules that cannot be fitted are returned by index.
pub(crate) fn design(
    groups: &BTreeMap<Box<[u32]>, Group>,
    rules: usize,
) -> (Design, Vec<Option<Constant>>) {
    // Per rule: known groups where it fired, and the smallest and largest amount.
    let mut seen: Vec<(usize, u32, u32)> = vec![(0, u32::MAX, 0); rules];
    let known: Vec<(&Box<[u32]>, &Group)> = groups.iter().filter(|(_, g)| g.known() > 0).collect();
    for (key, _) in &known {
        for &packed in key.iter() {
            if let Some(s) = seen.get_mut((packed >> 16) as usize) {
                let q = packed & 0xffff;
                *s = (s.0 + 1, s.1.min(q), s.2.max(q));
            }
        }
    }
    let constant: Vec<Option<Constant>> = seen
        .iter()
        .map(|&(n, lo, hi)| match n {
            0 => Some(Constant::Never),
            n if n == known.len() && lo == hi => Some(Constant::Always),
            _ => None,
        })
        .collect();
    let mut column_of = vec![usize::MAX; rules];
    let mut columns = Vec::new();
    for (r, c) in constant.iter().enumerate() {
        if c.is_none() {
            if let Some(slot) = column_of.get_mut(r) {
                *slot = columns.len();
            }
            columns.push(r);
        }
    }
    let rows = known
        .into_iter()
        .map(|(key, g)| Row {
            x: key
                .iter()
                .filter_map(|&p| {
                    let col = *column_of.get((p >> 16) as usize)?;
                    (col != usize::MAX).then(|| (col, f64::from(p & 0xffff) / STEPS))
                })
                .collect(),
            won: g.won.map(f64::from),
            lost: g.lost.map(f64::from),
        })
        .collect();
    (Design { columns, rows }, constant)
}

/// The fitted regression.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fitted {
    /// Log-odds of a lead no fitted rule fired on.
    pub intercept: f64,
    /// Per column: log-odds per unit of the rule's amount.
    pub beta: Vec<f64>,
    /// Per column: the coefficient over its standard error (penalised fit).
    pub z: Vec<f64>,
    /// Per column: held at 0 because its sign crossed without evidence;
    /// the unconstrained coefficient and z are kept for the note.
    pub held: Vec<Option<(f64, f64)>>,
    /// Per column: the sign flipped with evidence.
    pub flipped: Vec<bool>,
    /// The chosen penalty.
    pub lambda: f64,
    /// Each penalty tried, with its cross-validated deviance.
    pub tried: Vec<(f64, f64)>,
    /// Newton steps of the final fit.
    pub iterations: u32,
}

impl Design {
    /// Fits with λ chosen by cross-validation; `signs` are the columns' rules' signs.
    pub(crate) fn fit(&self, signs: &[i8]) -> Result<Fitted, String> {
        let n = self.columns.len() + 1;
        // Per penalty tried: its deviance, and each fold's coefficients (warm starts).
        let mut tried: Vec<(f64, f64, Vec<Vec<f64>>)> = Vec::new();
        let mut starts = vec![vec![0.0; n]; FOLDS];
        for lambda in grid() {
            let deviance = self.cross_validate(lambda, &mut starts)?;
            tried.push((lambda, deviance, starts.clone()));
        }
        let best = |tried: &[(f64, f64, Vec<Vec<f64>>)]| {
            let mut best = 0;
            for (i, t) in tried.iter().enumerate() {
                if tried.get(best).is_some_and(|b| t.1 < b.1) {
                    best = i;
                }
            }
            best
        };
        let coarse = best(&tried);
        if let Some((lambda, _, from)) = tried.get(coarse).cloned() {
            for k in [0.5, -0.5] {
                let lambda = lambda * libm::pow(10.0, k);
                if (0.01..=1000.0).contains(&lambda) {
                    let mut starts = from.clone();
                    let deviance = self.cross_validate(lambda, &mut starts)?;
                    tried.push((lambda, deviance, starts));
                }
            }
        }
        tried.sort_by(|a, b| b.0.total_cmp(&a.0));
        let lambda = tried.get(best(&tried)).map_or(1.0, |t| t.0);
        let deviance: Vec<(f64, f64)> = tried.iter().map(|t| (t.0, t.1)).collect();
        let all = |r: &Row| (r.won.iter().sum::<f64>(), r.lost.iter().sum::<f64>());
        let mut fixed = vec![false; n];
        let mut held = vec![None; n - 1];
        let mut flipped = vec![false; n - 1];
        loop {
            let mut theta = vec![0.0; n];
            let (iterations, factor) = self.newton(&all, lambda, &mut theta, &fixed, TOLERANCE)?;
            let variance = factor.inverse_diagonal();
            let z: Vec<f64> = (1..n)
                .map(|j| {
                    let b = theta.get(j).copied().unwrap_or(0.0);
                    let v = variance.get(j).copied().unwrap_or(0.0);
                    if v > 0.0 {
                        b / libm::sqrt(v)
                    } else {
                        0.0
                    }
                })
                .collect();
            let mut crossed = false;
            for (j, &sign) in signs.iter().enumerate() {
                let (b, zj) = (
                    theta.get(j + 1).copied().unwrap_or(0.0),
                    z.get(j).copied().unwrap_or(0.0),
                );
                let against = f64::from(sign) * b < 0.0;
                let done = fixed.get(j + 1).copied().unwrap_or(true)
                    || flipped.get(j).copied().unwrap_or(true);
                if !against || done {
                    continue;
                }
                if zj.abs() >= FLIP_Z {
                    if let Some(f) = flipped.get_mut(j) {
                        *f = true;
                    }
                } else {
                    crossed = true;
                    if let (Some(f), Some(h)) = (fixed.get_mut(j + 1), held.get_mut(j)) {
                        *f = true;
                        *h = Some((b, zj));
                    }
                }
            }
            if !crossed {
                return Ok(Fitted {
                    intercept: theta.first().copied().unwrap_or(0.0),
                    beta: theta.get(1..).unwrap_or_default().to_vec(),
                    z,
                    held,
                    flipped,
                    lambda,
                    tried: deviance,
                    iterations,
                });
            }
        }
    }

    /// The held-out deviance of `lambda` summed over the folds, each fold's
    /// fit starting from (and left in) `starts`.
    fn cross_validate(&self, lambda: f64, starts: &mut [Vec<f64>]) -> Result<f64, String> {
        let none = vec![false; self.columns.len() + 1];
        let mut total = 0.0;
        for (fold, theta) in starts.iter_mut().enumerate() {
            let train = |r: &Row| (sum_except(&r.won, fold), sum_except(&r.lost, fold));
            self.newton(&train, lambda, theta, &none, TOLERANCE_CV)?;
            total += self.deviance(theta, |r| (at(&r.won, fold), at(&r.lost, fold)));
        }
        Ok(total)
    }

    /// The linear predictor of a row.
    fn eta(theta: &[f64], row: &Row) -> f64 {
        let b0 = theta.first().copied().unwrap_or(0.0);
        b0 + row
            .x
            .iter()
            .map(|&(c, x)| theta.get(c + 1).copied().unwrap_or(0.0) * x)
            .sum::<f64>()
    }

    /// The penalised log-likelihood.
    fn objective(&self, theta: &[f64], take: &impl Fn(&Row) -> (f64, f64), lambda: f64) -> f64 {
        -self.deviance(theta, take) / 2.0 - penalty(theta, lambda)
    }

    /// −2 × log-likelihood of the rows' counts chosen by `take`.
    fn deviance(&self, theta: &[f64], take: impl Fn(&Row) -> (f64, f64)) -> f64 {
        let mut ll = 0.0;
        for row in &self.rows {
            let (w, l) = take(row);
            if w + l > 0.0 {
                ll += loglik(w, l, Self::eta(theta, row)).0;
            }
        }
        -2.0 * ll
    }

    /// Newton's method from `theta` (updated in place); returns the steps
    /// taken and the final curvature's factor (for standard errors).
    fn newton(
        &self,
        take: &impl Fn(&Row) -> (f64, f64),
        lambda: f64,
        theta: &mut [f64],
        fixed: &[bool],
        tolerance: f64,
    ) -> Result<(u32, Lower), String> {
        let n = theta.len();
        let mut steps = 0;
        loop {
            let mut h = Sym::zeros(n);
            let mut g = vec![0.0; n];
            let mut ll = 0.0;
            for row in &self.rows {
                let (w, l) = take(row);
                if w + l <= 0.0 {
                    continue;
                }
                let (lli, p) = loglik(w, l, Self::eta(theta, row));
                ll += lli;
                let (r, c) = (w - (w + l) * p, (w + l) * p * (1.0 - p));
                add(&mut g, 0, r);
                h.add(0, 0, c);
                for (k, &(i, xi)) in row.x.iter().enumerate() {
                    add(&mut g, i + 1, r * xi);
                    let cx = c * xi;
                    h.add(i + 1, 0, cx);
                    for &(j, xj) in row.x.iter().take(k + 1) {
                        h.add(i + 1, j + 1, cx * xj);
                    }
                }
            }
            for j in 1..n {
                add(&mut g, j, -lambda * theta.get(j).copied().unwrap_or(0.0));
                h.add(j, j, lambda);
            }
            for (j, _) in fixed.iter().enumerate().filter(|(_, f)| **f) {
                // A held coefficient stays at 0: its row of the system becomes Δ = 0.
                if let Some(t) = theta.get_mut(j) {
                    *t = 0.0;
                }
                h.isolate(j);
                if let Some(v) = g.get_mut(j) {
                    *v = 0.0;
                }
            }
            let factor = h
                .cholesky()
                .ok_or("the regression's curvature is not positive definite")?;
            if steps >= MAX_ITERATIONS {
                return Ok((steps, factor));
            }
            let delta = factor.solve(&g);
            let before = ll - penalty(theta, lambda);
            // Step halving: Newton's step on a concave objective rarely needs it.
            let mut t = 1.0;
            let mut next: Vec<f64> = theta.to_vec();
            for _ in 0..40 {
                for ((x, t0), d) in next.iter_mut().zip(theta.iter()).zip(&delta) {
                    *x = t0 + t * d;
                }
                if self.objective(&next, take, lambda) >= before - 1e-12 * before.abs() {
                    break;
                }
                t /= 2.0;
            }
            let moved = delta.iter().map(|d| (t * d).abs()).fold(0.0, f64::max);
            theta.copy_from_slice(&next);
            steps += 1;
            if moved < tolerance {
                return Ok((steps, factor));
            }
        }
    }
}

/// The penalty on the coefficients (not on the intercept).
fn penalty(theta: &[f64], lambda: f64) -> f64 {
    theta.iter().skip(1).map(|b| b * b).sum::<f64>() * lambda / 2.0
}

fn add(v: &mut [f64], i: usize, x: f64) {
    if let Some(s) = v.get_mut(i) {
        *s += x;
    }
}

fn at(v: &[f64; FOLDS], fold: usize) -> f64 {
    v.get(fold).copied().unwrap_or(0.0)
}

fn sum_except(v: &[f64; FOLDS], fold: usize) -> f64 {
    v.iter()
        .enumerate()
        .filter(|(f, _)| *f != fold)
        .map(|(_, x)| x)
        .sum()
}

/// The log-likelihood of `w` won and `l` lost at log-odds `eta`, and the
/// probability of winning: one exponential for both, without overflow.
fn loglik(w: f64, l: f64, eta: f64) -> (f64, f64) {
    let e = libm::exp(-eta.abs());
    let log1p = libm::log1p(e);
    let ll = -(w * ((-eta).max(0.0) + log1p) + l * (eta.max(0.0) + log1p));
    let p = if eta >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    (ll, p)
}

#[cfg(test)]
#[path = "fit_tests.rs"]
mod tests;
