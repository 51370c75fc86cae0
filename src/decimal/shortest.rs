//! The shortest text that reads back as a double, as `zmij` writes it, for
//! the scorer-only wasm build: zmij's tables and code are ~2 KB gzipped of
//! that build, and a non-integral number is only written there when a
//! warning quotes it or a number is compared as text. This reuses the
//! parser's exact comparisons instead: slower (big integers), no tables.
//!
//! The digits are those of Schubfach/Ryu: the fewest significant digits that
//! read back as `x`, the nearest to `x` among them, ties to an even last
//! digit. Tests hold the text equal to zmij's on random and edge doubles.

use super::{decompose, Big, Decimal, Step};
use crate::json_text::{push_unsigned, Sink};

/// Appends a finite, non-integral (or beyond ±2^53) double as
/// `json_text::push_number` writes it: an integral one below 1e21 as
/// JavaScript does, its shortest digits then zeros (`10000000000000000`);
/// any other as zmij does: plain notation for decimal exponents −5..=15
/// (`0.00012`, `2.5`), else `1.5e-7` / `1e+21`.
pub fn push_shortest(out: &mut impl Sink, x: f64) {
    let (digits, exponent) = shortest(x.abs());
    let len = digits.len();
    let point = len as i64 + exponent;
    // An integral number's shortest digits need no point: exponent ≥ 0.
    let integral = exponent >= 0 && point <= 21;
    let fixed = integral || (-4..=16).contains(&point);
    let mut text = Vec::new();
    if x < 0.0 {
        text.push(b'-');
    }
    if fixed && point <= 0 {
        text.extend_from_slice(b"0.");
        text.resize(text.len() + point.unsigned_abs() as usize, b'0');
    }
    let dot = if fixed { point } else { 1 };
    for (i, d) in digits.into_iter().enumerate() {
        if i > 0 && i as i64 == dot {
            text.push(b'.');
        }
        text.push(b'0' + d);
    }
    if fixed && exponent >= 0 {
        text.resize(text.len() + exponent as usize, b'0');
        if !integral {
            text.extend_from_slice(b".0");
        }
    }
    if !fixed {
        text.extend_from_slice(if point > 0 { b"e+" } else { b"e-" });
    }
    out.put_ascii(&text);
    if !fixed {
        push_unsigned(out, (point - 1).unsigned_abs());
    }
}

/// `(digits, exponent)` of the shortest decimal that reads back as `x`
/// (finite, > 0): `x ≈ digits × 10^exponent`, no leading or trailing zero.
fn shortest(x: f64) -> (Vec<u8>, i64) {
    // x = m · 2^e exactly; for e < 0 that is m · 5^-e · 10^e.
    let (m, e) = decompose(x);
    let mut big = Big::from_u64(m);
    if e >= 0 {
        big.shl(e as u64);
    } else {
        big.mul_pow5(e.unsigned_abs());
    }
    let exact = big.into_digits();
    let reads_back = |d: &Decimal| matches!(d.direction(x), Step::Stay);
    let mut p = 0;
    let mut chosen = loop {
        // The first `p` digits (`below`) and one more in their last place
        // (`above`): the nearest candidates of that length on each side.
        p += 1;
        let (head, tail) = exact.split_at_checked(p).unwrap_or((&exact, &[]));
        let below = Decimal {
            digits: head.to_vec(),
            exponent: e.min(0) + tail.len() as i64,
            truncated: false,
        };
        let nonzero_from = |i: usize| tail.iter().skip(i).any(|&d| d != 0);
        if !nonzero_from(0) {
            break below;
        }
        let above = below.next_up();
        let (low, high) = (reads_back(&below), reads_back(&above));
        if low || high {
            // Both read back: the nearer, and on a tie the even one.
            let first = tail.first().copied().unwrap_or(0);
            let odd = head.last().is_some_and(|d| d % 2 == 1);
            let up = !low || first > 5 || (first == 5 && (nonzero_from(1) || odd));
            break if high && up { above } else { below };
        }
    };
    while chosen.digits.last() == Some(&0) {
        chosen.digits.pop();
        chosen.exponent += 1;
    }
    (chosen.digits, chosen.exponent)
}

impl Decimal {
    /// One more in the last place, without trailing zeros (`129` → `13`·10).
    fn next_up(&self) -> Decimal {
        let mut digits = self.digits.clone();
        let mut exponent = self.exponent;
        while digits.last() == Some(&9) {
            digits.pop();
            exponent += 1;
        }
        match digits.last_mut() {
            Some(d) => *d += 1,
            None => digits.push(1),
        }
        Decimal {
            digits,
            exponent,
            truncated: false,
        }
    }
}

impl Big {
    fn mul_pow5(&mut self, mut power: u64) {
        while power >= 13 {
            self.mul_add(1_220_703_125, 0);
            power -= 13;
        }
        self.mul_add(5u32.pow(power as u32), 0);
    }

    /// Decimal digits, most significant first, without leading zeros.
    fn into_digits(mut self) -> Vec<u8> {
        let mut digits = Vec::new();
        while self.0.iter().any(|&l| l != 0) {
            let mut rest = 0u64;
            for limb in self.0.iter_mut().rev() {
                let value = (rest << 32) | u64::from(*limb);
                *limb = (value / 10) as u32;
                rest = value % 10;
            }
            digits.push(rest as u8);
        }
        digits.reverse();
        digits
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::push_shortest;

    fn check(x: f64) {
        // Integral numbers below 1e21 are written as JavaScript writes them
        // (json_text's tests hold that), not as zmij does.
        if !x.is_finite() || (x.fract() == 0.0 && x.abs() < 1e21) {
            return;
        }
        let mut ours = String::new();
        push_shortest(&mut ours, x);
        assert_eq!(
            ours,
            zmij::Buffer::new().format_finite(x),
            "{:#x}",
            x.to_bits()
        );
    }

    /// A xorshift stream, so failures reproduce.
    fn randoms(mut state: u64, n: usize) -> impl Iterator<Item = u64> {
        (0..n).map(move |_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        })
    }

    #[test]
    fn edges_match_zmij() {
        for x in [
            0.1,
            0.2,
            0.3,
            2.5,
            -0.1,
            1e21,
            1e22,
            1e23,
            1.5e300,
            5e-324,
            1e-7,
            1.5e-7,
            0.0001,
            0.00001,
            0.000012,
            1e15,
            1e16,
            1e17,
            123456.789,
            9_007_199_254_740_993.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
            2.225_073_858_507_201e-308,
        ] {
            check(x);
            check(-x);
        }
        for e in -1074i64..1024 {
            let bits = if e >= -1022 {
                ((e + 1023) as u64) << 52
            } else {
                1 << (e + 1074)
            };
            for bits in [bits - 1, bits, bits + 1] {
                check(f64::from_bits(bits));
            }
        }
        for d in 1..=100_000u32 {
            check(f64::from(d) / 1000.0);
            check(f64::from(d) * 1e-9);
        }
    }

    #[test]
    fn random_doubles_match_zmij() {
        for bits in randoms(0x9e37_79b9_7f4a_7c15, 20_000) {
            check(f64::from_bits(bits));
        }
        // Short decimals: where ties and near-ties between candidates live.
        for (a, b) in randoms(7, 20_000).zip(randoms(11, 20_000)) {
            let digits = a % 10u64.pow(1 + (b % 17) as u32);
            let exp = (b >> 8) % 640;
            check(format!("{digits}e{}", exp as i64 - 330).parse().unwrap());
        }
    }

    /// Millions of doubles; run with `cargo test --release -- --ignored`.
    #[test]
    #[ignore]
    fn many_random_doubles_match_zmij() {
        for bits in randoms(0x2545_f491_4f6c_dd1d, 5_000_000) {
            check(f64::from_bits(bits));
        }
    }
}
