//! `exp2` without libm's 4 KB table, bit for bit the same function.
//!
//! The engagement decay (`src/eval/score.rs`) is `2^(-age / half_life)`.
//! libm's `exp2` (FreeBSD's s_exp2.c) looks up `2^(i/256 - 1/2 + eps_i)` and
//! `eps_i` in a table of 256 pairs of doubles: 4 KB of the lite wasm. Each
//! `eps_i` was chosen so that this power is within 2^-64 (relative) of a
//! double, the table's entry; the entry is rebuilt here from seven powers
//! `2^(2^j/256)` in 64-bit fixed point (error below 2^-58, far inside the half
//! ulp that separates it from the next double) on first use, so only `eps_i`
//! is stored. The rest is libm's code unchanged; the tests compare with
//! `libm::exp2` itself.

use std::sync::atomic::{AtomicU64, Ordering};

/// `eps_i` of libm's table, in units of 2^-61 (each is exact there).
#[rustfmt::skip]
const EPS: [i32; 256] = [
    209152, 3072, -100224, 62976, -3072, -896, -130432, -116864, 40448, -198144, -17152, 129152,
    20352, -97536, -3712, 4864, -7424, 66560, 256, -92416, -19328, -83328, 155648, 31744,
    -72704, 105728, 377856, 75264, -153728, -77824, -108544, -7424, 156928, 306432, -126208, -66816,
    98944, -58752, -22400, 10880, 47360, -25600, 87680, -186880, -17408, 118784, -201856, 174976,
    93056, -7168, 48768, 45568, -10752, 26496, 109952, -55168, 28032, 200960, 35072, 23296,
    -105344, 112384, 3200, 5120, -116992, 45696, 130368, 37760, 479680, -198400, 192, 27456,
    3904, -21248, -30144, 30272, 19072, -64448, -34048, -35328, 28544, -25856, -31552, 208064,
    -53376, -795328, -53824, 1728, 17664, 8256, 9920, -23104, 26240, -44800, 59712, 18048,
    3968, -20096, -29536, 10624, 16160, 6528, -10816, -60288, -45216, 27936, 275328, 29088,
    -25792, -5376, -24544, -9952, 5584, 45264, 10912, 1424, -7808, -13584, -116992, 416,
    -10720, 1696, 13688, -2608, -27696, -1080, -34548, 7747, 0, -616, -37048, 840,
    8088, -1488, 3096, -53752, -18960, 8896, 43296, -6560, 5696, -16864, -192, 16192,
    -13712, 3296, 21632, -13728, 56672, -21408, -29888, 8864, 7168, 46560, 6208, -31552,
    6368, 6976, 21696, 19680, 101696, -22336, -58432, 36736, 33344, -380480, 85568, -26752,
    4992, 6848, 17984, -56256, 121152, 3072, 111424, 53184, -52800, 18624, -39488, 37760,
    36480, 146880, -42496, -40640, 25280, -75712, 107328, -33792, -31552, -10304, -84352, -45440,
    -149184, -2211584, -74880, -88448, 63104, -3584, -137984, 76928, 67072, -45824, -27520, -334976,
    24704, 249856, 8064, -48384, 90880, -403840, -236416, 88960, 62976, -39680, 80256, 13312,
    -11648, -28416, -37888, 138240, -119808, 28800, -62080, 24064, -39936, 16896, 116480, -59136,
    51456, -25344, -13312, 426496, -93568, -149632, 397056, 84736, 284288, -105984, -77952, 490240,
    -1280, 131328, -93312, 370304, -55808, 48000, 94080, 17408, -44672, -38528, -6784, -99840,
    2358272, -189440, 5760, -104320,
];

/// `2^(2^j/256)` for j = 0..7, as 1.63 fixed point (rounded to nearest).
const POW: [u64; 8] = [
    0x8058_d7d2_d5e5_f6b1,
    0x80b1_ed4f_d999_ab6c,
    0x8164_d1f3_bc03_0773,
    0x82cd_8698_ac2b_a1d7,
    0x85aa_c367_cc48_7b15,
    0x8b95_c1e3_ea8b_d6e7,
    0x9837_f051_8db8_a96f,
    0xb504_f333_f9de_6484,
];

/// ln 2 as 0.64 fixed point.
const LN2: u64 = 0xb172_17f7_d1cf_79ac;

/// Entries already rebuilt (the bits of the double; 0 = not yet): 2 KB of
/// zeroed memory, no bytes in the wasm file, one load per call once warm.
static ENTRIES: [AtomicU64; 256] = [const { AtomicU64::new(0) }; 256];

/// libm's table entry `i`: `(2^(i/256 - 1/2 + eps_i) as a double, eps_i)`.
fn entry(i: u32) -> (f64, f64) {
    let eps = EPS.get(i as usize).copied().unwrap_or(0);
    let eps_f64 = f64::from(eps) * f64::from_bits(0x3c2 << 52);
    let Some(cached) = ENTRIES.get(i as usize) else {
        return (0.0, eps_f64);
    };
    let mut bits = cached.load(Ordering::Relaxed);
    if bits == 0 {
        bits = rebuild(i, eps);
        cached.store(bits, Ordering::Relaxed);
    }
    (f64::from_bits(bits), eps_f64)
}

/// The bits of `2^(i/256 - 1/2 + eps)` rounded to a double, `eps` in units of 2^-61.
fn rebuild(i: u32, eps: i32) -> u64 {
    // 2^((i - 128) / 256) in 1.63 fixed point, times 2^exp.
    let (mut m, exp) = if i & 128 == 0 {
        (POW.get(7).copied().unwrap_or(0), -1i64)
    } else {
        (1u64 << 63, 0)
    };
    for (j, pow) in POW.iter().take(7).enumerate() {
        if (i >> j) & 1 == 1 {
            m = ((u128::from(m) * u128::from(*pow)) >> 63) as u64;
        }
    }
    let eps = i64::from(eps);
    // 2^eps = 1 + eps ln 2 (the next term is below 2^-80).
    let m_ln2 = ((u128::from(m) * u128::from(LN2)) >> 64) as i128;
    let m = (i128::from(m) + ((m_ln2 * i128::from(eps)) >> 61)) as u64;
    // Rounded to 53 bits: m is in [2^63, 2^64) and 2^10 from any tie.
    let mantissa = (m + (1 << 10)) >> 11;
    (((1023 + exp) as u64) << 52) | (mantissa & ((1 << 52) - 1))
}

/// 2 to the power `x`: exactly `libm::exp2(x)`.
pub(crate) fn exp2(x: f64) -> f64 {
    let redux = f64::from_bits(0x4338000000000000) / 256.0;
    let p1 = f64::from_bits(0x3fe62e42fefa39ef);
    let p2 = f64::from_bits(0x3fcebfbdff82c575);
    let p3 = f64::from_bits(0x3fac6b08d704a0a6);
    let p4 = f64::from_bits(0x3f83b2ab88f70400);
    let p5 = f64::from_bits(0x3f55d88003875c74);

    // Exceptional cases, as libm (which also raises the floating-point flags).
    let ui = x.to_bits();
    let ix = (ui >> 32) & 0x7fffffff;
    if ix >= 0x408ff000 {
        // |x| >= 1022 or NaN
        if ix >= 0x40900000 && ui >> 63 == 0 {
            return x * f64::from_bits(0x7fe0000000000000);
        }
        if ix >= 0x7ff00000 {
            return -1.0 / x;
        }
        if ui >> 63 != 0 && x <= -1075.0 {
            return 0.0;
        }
    } else if ix < 0x3c900000 {
        // |x| < 2^-54
        return 1.0 + x;
    }

    // x = k + i/256 - 1/2 + z.
    let ui = (x + redux).to_bits();
    let i0 = (ui as u32).wrapping_add(128);
    let k = (i0 / 256 * 256) as i32 / 256;
    let (t, eps) = entry(i0 % 256);
    let z = x - (f64::from_bits(ui) - redux) - eps;
    let r = t + t * z * (p1 + z * (p2 + z * (p3 + z * (p4 + z * p5))));
    libm::scalbn(r, k)
}

#[cfg(test)]
mod tests {
    use super::exp2;
    use proptest::prelude::*;

    fn same(x: f64) {
        let (ours, libm) = (exp2(x), libm::exp2(x));
        assert!(
            ours.to_bits() == libm.to_bits() || (ours.is_nan() && libm.is_nan()),
            "exp2({x:e}): {ours:e} != {libm:e}"
        );
    }

    #[test]
    fn every_table_entry_and_edge() {
        for i in -300_000..300_000 {
            // Every entry many times over, in and around [-2000, 0].
            same(f64::from(i) / 256.0 + 1.0 / 1024.0);
            same(f64::from(i) / 300.0);
            same(f64::from(i) * 0.0078125);
        }
        let edges = [
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            5e-324,
            -5e-324,
            2f64.powi(-54),
            -(2f64.powi(-54)),
            2f64.powi(-55),
            1.0,
            -1.0,
            0.5,
            -0.5,
            1021.9,
            1022.0,
            1023.0,
            1023.999,
            1024.0,
            1e10,
            -1021.9,
            -1022.0,
            -1022.5,
            -1074.0,
            -1074.5,
            -1075.0,
            -1076.0,
            -2000.0,
            -1e10,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::EPSILON,
            -3.0 / 256.0,
            1.0 / 512.0,
            -1.0 / 512.0,
        ];
        for x in edges {
            same(x);
            same(f64::from_bits(x.to_bits().wrapping_add(1)));
            same(f64::from_bits(x.to_bits().wrapping_sub(1)));
        }
    }

    // 20M cases of each passed once in release; the suite runs fewer.
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300_000))]
        #[test]
        fn matches_libm_in_the_decay_range(x in -2000.0f64..=0.0) {
            same(x);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100_000))]
        #[test]
        fn matches_libm_on_any_bits(bits in any::<u64>()) {
            same(f64::from_bits(bits));
        }
    }
}
