//! The little linear algebra the regression needs: a symmetric matrix, its
//! Cholesky factor, solving with it and the diagonal of its inverse. Plain
//! loops in a fixed order (no fused multiply-add, no threads), so the same
//! numbers come out natively and in wasm.

/// A dense symmetric matrix, its lower triangle packed row by row.
#[derive(Debug, Clone)]
pub(crate) struct Sym {
    n: usize,
    lower: Vec<f64>,
}

/// Where (i, j) of the lower triangle is in the packed storage.
fn packed(i: usize, j: usize) -> usize {
    let (i, j) = if j <= i { (i, j) } else { (j, i) };
    i * (i + 1) / 2 + j
}

impl Sym {
    /// An `n`×`n` zero matrix.
    pub(crate) fn zeros(n: usize) -> Sym {
        Sym {
            n,
            lower: vec![0.0; n * (n + 1) / 2],
        }
    }

    /// Adds `v` at (i, j) (and so at (j, i)).
    pub(crate) fn add(&mut self, i: usize, j: usize, v: f64) {
        if let Some(x) = self.lower.get_mut(packed(i, j)) {
            *x += v;
        }
    }

    /// Makes row and column `j` those of the identity (a variable held fixed).
    pub(crate) fn isolate(&mut self, j: usize) {
        for k in 0..self.n {
            if let Some(x) = self.lower.get_mut(packed(j, k)) {
                *x = if k == j { 1.0 } else { 0.0 };
            }
        }
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.lower.get(packed(i, j)).copied().unwrap_or(0.0)
    }

    /// The Cholesky factor `L` (`A = L·Lᵀ`), or `None` if `A` is not positive definite.
    pub(crate) fn cholesky(&self) -> Option<Lower> {
        let mut l: Vec<Vec<f64>> = Vec::with_capacity(self.n);
        for i in 0..self.n {
            let mut row = vec![0.0; i + 1];
            for j in 0..=i {
                let lj: &[f64] = if j < i { l.get(j)?.as_slice() } else { &row };
                let dot: f64 = row.iter().zip(lj).take(j).map(|(a, b)| a * b).sum();
                let s = self.at(i, j) - dot;
                let v = if i == j {
                    if s <= 0.0 || !s.is_finite() {
                        return None;
                    }
                    libm::sqrt(s)
                } else {
                    s / l.get(j)?.get(j)?
                };
                *row.get_mut(j)? = v;
            }
            l.push(row);
        }
        Some(Lower { rows: l })
    }
}

/// A lower-triangular Cholesky factor.
#[derive(Debug, Clone)]
pub(crate) struct Lower {
    rows: Vec<Vec<f64>>,
}

impl Lower {
    fn at(&self, i: usize, j: usize) -> f64 {
        self.rows
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0.0)
    }

    /// Solves `L·y = b`.
    fn forward(&self, b: &[f64]) -> Vec<f64> {
        let mut y: Vec<f64> = Vec::with_capacity(b.len());
        for (i, row) in self.rows.iter().enumerate() {
            let dot: f64 = row.iter().zip(&y).map(|(a, b)| a * b).sum();
            let d = row.get(i).copied().unwrap_or(1.0);
            y.push((b.get(i).copied().unwrap_or(0.0) - dot) / d);
        }
        y
    }

    /// Solves `A·x = b` for the factored `A`.
    pub(crate) fn solve(&self, b: &[f64]) -> Vec<f64> {
        let mut x = self.forward(b);
        let n = x.len();
        for i in (0..n).rev() {
            let mut s = x.get(i).copied().unwrap_or(0.0);
            for k in i + 1..n {
                s -= self.at(k, i) * x.get(k).copied().unwrap_or(0.0);
            }
            if let Some(v) = x.get_mut(i) {
                *v = s / self.at(i, i);
            }
        }
        x
    }

    /// The diagonal of `A⁻¹` (`(A⁻¹)ⱼⱼ = ‖L⁻¹·eⱼ‖²`).
    pub(crate) fn inverse_diagonal(&self) -> Vec<f64> {
        let n = self.rows.len();
        (0..n)
            .map(|j| {
                let e: Vec<f64> = (0..n).map(|i| if i == j { 1.0 } else { 0.0 }).collect();
                self.forward(&e).iter().map(|v| v * v).sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_known_system() {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3] → b = A·x.
        let mut a = Sym::zeros(3);
        for (i, j, v) in [
            (0, 0, 4.0),
            (1, 0, 2.0),
            (1, 1, 5.0),
            (2, 1, 1.0),
            (2, 2, 3.0),
        ] {
            a.add(i, j, v);
        }
        let l = a.cholesky().unwrap();
        let x = l.solve(&[0.0, -5.0, 7.0]);
        for (got, want) in x.iter().zip([1.0, -2.0, 3.0]) {
            assert!((got - want).abs() < 1e-12, "{x:?}");
        }
        // The inverse's diagonal, by cofactors: det = 56 - 12 = 44; (14/44, 12/44, 16/44).
        let d = l.inverse_diagonal();
        for (got, want) in d.iter().zip([14.0 / 44.0, 12.0 / 44.0, 16.0 / 44.0]) {
            assert!((got - want).abs() < 1e-12, "{d:?}");
        }
        let mut singular = Sym::zeros(2);
        singular.add(0, 0, 1.0);
        singular.add(1, 0, 1.0);
        singular.add(1, 1, 1.0);
        assert!(singular.cholesky().is_none());
    }
}
