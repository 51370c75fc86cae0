//! Bounded-memory quantiles of durations (time to first contact).
//!
//! Quantiles are nearest-rank: the p-quantile of n values is the value of rank
//! ceil(p·n) in ascending order. A group keeps its values exactly up to
//! [`EXACT_MAX`] of them (so small reports and hand-computed fixtures are
//! exact); past that it switches, once, to a log-linear histogram of whole
//! seconds with 64 sub-buckets per power of two: values under 64 s stay
//! exact, larger ones are reported as their bucket's midpoint, within ±0.8%.
//! The switch depends only on the count, so the result does not depend on
//! the order of the values.

/// The method, as stated in the report's `methods.quantiles`.
pub const METHOD: &str = "nearest-rank quantiles (the value of rank ceil(p*n)); exact while a \
    group has at most 512 values, then a log-linear histogram of whole seconds with 64 \
    sub-buckets per power of two: under 64 s exact, above within +/-0.8%";

/// Values kept exactly before switching to the histogram.
pub const EXACT_MAX: usize = 512;
/// Sub-buckets per power of two (2^SUB_BITS).
const SUB_BITS: u32 = 6;
const SUB: u64 = 1 << SUB_BITS;
/// Largest value bucketed (about 136 years in seconds); larger ones are clamped.
const MAX_VALUE: u64 = (1 << 32) - 1;
/// Buckets: 64 exact ones, then 64 per power of two from 2^6 to 2^31.
const BUCKETS: usize = (SUB + (32 - SUB_BITS as u64) * SUB) as usize;

/// Quantiles of non-negative whole numbers in bounded memory.
#[derive(Debug, Clone, Default)]
pub struct Sketch {
    exact: Vec<u64>,
    histogram: Option<Vec<u32>>,
    count: u64,
}

fn bucket(v: u64) -> usize {
    let v = v.min(MAX_VALUE);
    if v < SUB {
        return v as usize;
    }
    let exponent = 63 - u64::from(v.leading_zeros());
    let shift = exponent - u64::from(SUB_BITS);
    let sub = (v >> shift) - SUB;
    (SUB + shift * SUB + sub) as usize
}

/// The midpoint of a bucket (exact for the first 64).
fn bucket_value(index: usize) -> u64 {
    let i = index as u64;
    if i < SUB {
        return i;
    }
    let shift = (i - SUB) / SUB;
    let sub = (i - SUB) % SUB;
    let low = (SUB + sub) << shift;
    low + ((1u64 << shift) - 1) / 2
}

impl Sketch {
    /// Adds one value.
    pub fn add(&mut self, value: u64) {
        self.count += 1;
        if let Some(h) = &mut self.histogram {
            if let Some(slot) = h.get_mut(bucket(value)) {
                *slot = slot.saturating_add(1);
            }
            return;
        }
        self.exact.push(value);
        if self.exact.len() > EXACT_MAX {
            let mut h = vec![0u32; BUCKETS];
            for v in self.exact.drain(..) {
                if let Some(slot) = h.get_mut(bucket(v)) {
                    *slot = slot.saturating_add(1);
                }
            }
            self.exact = Vec::new();
            self.histogram = Some(h);
        }
    }

    /// The nearest-rank quantile `num/den` (e.g. 1/2, 9/10); `None` when empty.
    pub fn quantile(&self, num: u64, den: u64) -> Option<u64> {
        if self.count == 0 || den == 0 {
            return None;
        }
        let rank = (self.count * num).div_ceil(den).clamp(1, self.count);
        match &self.histogram {
            None => {
                let mut sorted = self.exact.clone();
                sorted.sort_unstable();
                usize::try_from(rank - 1)
                    .ok()
                    .and_then(|i| sorted.get(i).copied())
            }
            Some(h) => {
                let mut seen = 0u64;
                for (i, &c) in h.iter().enumerate() {
                    seen += u64::from(c);
                    if seen >= rank {
                        return Some(bucket_value(i));
                    }
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_nearest_rank() {
        let mut s = Sketch::default();
        assert_eq!(s.quantile(1, 2), None);
        for v in [40, 10, 30, 20] {
            s.add(v);
        }
        assert_eq!(s.quantile(1, 2), Some(20));
        assert_eq!(s.quantile(9, 10), Some(40));
        s.add(50);
        assert_eq!(s.quantile(1, 2), Some(30));
        assert_eq!(s.quantile(9, 10), Some(50));
    }

    #[test]
    fn buckets_are_contiguous_and_bounded() {
        let mut last = 0;
        for v in [
            0,
            1,
            63,
            64,
            65,
            127,
            128,
            129,
            1000,
            86_400,
            MAX_VALUE,
            u64::MAX,
        ] {
            let b = bucket(v);
            assert!(b >= last && b < BUCKETS, "{v}");
            last = b;
            let mid = bucket_value(b);
            let v = v.min(MAX_VALUE);
            assert!(
                mid.abs_diff(v) as f64 <= v as f64 / 128.0 + 0.5,
                "{v} -> {mid}"
            );
        }
        assert_eq!(bucket(MAX_VALUE), BUCKETS - 1);
    }

    #[test]
    fn histogram_quantiles_are_within_the_stated_error() {
        let mut s = Sketch::default();
        // 10,000 values 1..=10,000 seconds, in a scrambled order.
        for i in 0..10_000u64 {
            s.add((i * 7_919) % 10_000 + 1);
        }
        let median = s.quantile(1, 2).unwrap() as f64;
        let p90 = s.quantile(9, 10).unwrap() as f64;
        assert!((median - 5_000.0).abs() <= 5_000.0 * 0.008, "{median}");
        assert!((p90 - 9_000.0).abs() <= 9_000.0 * 0.008, "{p90}");
    }
}
