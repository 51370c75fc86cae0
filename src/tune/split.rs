//! Which side of the split a record falls on, and which cross-validation
//! fold: a seeded hash of the record's own text, so the split is the same
//! whatever the thread count, the slicing of the input or the run — and a
//! different seed gives a different split.

/// Folds of the cross-validation that chooses the regularisation.
pub(crate) const FOLDS: usize = 5;

/// The split of one run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    seed: u64,
    /// Records whose hash falls below this are held out.
    cut: u64,
}

/// Where one record goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Fitted on, in this cross-validation fold.
    Train(u8),
    /// Kept for the before/after check.
    HeldOut,
}

impl Split {
    /// A split holding out `share` (0..1) of the records.
    pub(crate) fn new(seed: u64, share: f64) -> Split {
        // share × 2^64, exact enough: a share is a user's round number.
        let cut = (share.clamp(0.0, 1.0) * 18_446_744_073_709_551_616.0) as u64;
        Split { seed, cut }
    }

    /// The side of a record, by its text (without its line end), and a
    /// draw in [0, 1) independent of the side (for samples).
    pub(crate) fn side(&self, record: &str) -> (Side, f64) {
        let h = hash(self.seed, record.as_bytes());
        // Other bits than the split's, mixed again: independent of the split.
        let other = mix(h ^ 0x9e37_79b9_7f4a_7c15);
        let draw = (mix(other) >> 11) as f64 / (1u64 << 53) as f64;
        if h < self.cut {
            (Side::HeldOut, draw)
        } else {
            (Side::Train((other % FOLDS as u64) as u8), draw)
        }
    }
}

/// FNV-1a over the bytes, seeded, then mixed (splitmix64's finaliser) so
/// that close texts land far apart.
fn hash(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ mix(seed);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_and_the_folds_come_out_as_asked() {
        let split = Split::new(7, 0.2);
        let mut held = 0;
        let mut folds = [0u32; FOLDS];
        for i in 0..20_000 {
            match split.side(&format!("lead-{i},2026-01-01T00:00:00Z")).0 {
                Side::HeldOut => held += 1,
                Side::Train(f) => folds[f as usize] += 1,
            }
        }
        assert!((3_700..4_300).contains(&held), "{held}");
        for f in folds {
            assert!((2_900..3_500).contains(&f), "{folds:?}");
        }
    }

    #[test]
    fn the_seed_decides_and_nothing_else() {
        let (a, b) = (Split::new(1, 0.5), Split::new(2, 0.5));
        let texts: Vec<String> = (0..200).map(|i| format!("row {i}")).collect();
        let sides = |s: &Split| texts.iter().map(|t| s.side(t).0).collect::<Vec<_>>();
        assert_eq!(sides(&a), sides(&Split::new(1, 0.5)));
        assert_ne!(sides(&a), sides(&b));
        assert!(texts
            .iter()
            .all(|t| Split::new(3, 0.0).side(t).0 != Side::HeldOut));
    }
}
