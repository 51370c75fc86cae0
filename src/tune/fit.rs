//! The regression: won (1) against lost (0) over the rules' amounts, an
//! L2-penalised logistic regression with an unpenalised intercept, fitted
//! by Newton's method (iteratively reweighted least squares) with step
//! halving and at most [`MAX_ITERATIONS`] steps. The penalty λ is chosen by
//! 5-fold cross-validation on the training share: the λ of [`grid`] with the
//! lowest held-out deviance (a tie goes to the larger λ).
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

/// The penalties tried: 10^-2 to 10^3 in half decades, largest first.
pub(crate) fn grid() -> Vec<f64> {
    (0..=10)
        .rev()
        .map(|k| libm::pow(10.0, -2.0 + 0.5 * f64::from(k)))
        .collect()
}

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
        let lambdas = grid();
        let mut deviance = vec![0.0; lambdas.len()];
        let none = vec![false; n];
        for fold in 0..FOLDS {
            let train = |r: &Row| (sum_except(&r.won, fold), sum_except(&r.lost, fold));
            let mut theta = vec![0.0; n];
            for (lambda, dev) in lambdas.iter().zip(deviance.iter_mut()) {
                self.newton(&train, *lambda, &mut theta, &none)?;
                *dev += self.deviance(&theta, |r| (at(&r.won, fold), at(&r.lost, fold)));
            }
        }
        let mut best = 0;
        for (i, d) in deviance.iter().enumerate() {
            if *d < deviance.get(best).copied().unwrap_or(f64::INFINITY) {
                best = i;
            }
        }
        let lambda = lambdas.get(best).copied().unwrap_or(1.0);
        let all = |r: &Row| (r.won.iter().sum::<f64>(), r.lost.iter().sum::<f64>());
        let mut fixed = vec![false; n];
        let mut held = vec![None; n - 1];
        let mut flipped = vec![false; n - 1];
        loop {
            let mut theta = vec![0.0; n];
            let (iterations, factor) = self.newton(&all, lambda, &mut theta, &fixed)?;
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
                    tried: lambdas.iter().copied().zip(deviance).collect(),
                    iterations,
                });
            }
        }
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
        let penalty: f64 = theta.iter().skip(1).map(|b| b * b).sum::<f64>() * lambda / 2.0;
        -self.deviance(theta, take) / 2.0 - penalty
    }

    /// −2 × log-likelihood of the rows' counts chosen by `take`.
    fn deviance(&self, theta: &[f64], take: impl Fn(&Row) -> (f64, f64)) -> f64 {
        let mut ll = 0.0;
        for row in &self.rows {
            let (w, l) = take(row);
            let eta = Self::eta(theta, row);
            ll -= w * softplus(-eta) + l * softplus(eta);
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
    ) -> Result<(u32, Lower), String> {
        let n = theta.len();
        let mut steps = 0;
        loop {
            let mut h = Sym::zeros(n);
            let mut g = vec![0.0; n];
            for row in &self.rows {
                let (w, l) = take(row);
                if w + l <= 0.0 {
                    continue;
                }
                let p = logistic(Self::eta(theta, row));
                let (r, c) = (w - (w + l) * p, (w + l) * p * (1.0 - p));
                add(&mut g, 0, r);
                h.add(0, 0, c);
                for (k, &(i, xi)) in row.x.iter().enumerate() {
                    add(&mut g, i + 1, r * xi);
                    h.add(i + 1, 0, c * xi);
                    for &(j, xj) in row.x.iter().take(k + 1) {
                        h.add(i + 1, j + 1, c * xi * xj);
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
            let before = self.objective(theta, take, lambda);
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
            if moved < 1e-9 {
                return Ok((steps, factor));
            }
        }
    }
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

/// `1 / (1 + e^-x)`.
pub(crate) fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
    }
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    x.max(0.0) + libm::log1p(libm::exp(-x.abs()))
}
