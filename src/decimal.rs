//! Decimal text to the nearest double (ties to even), as `JSON.parse` reads
//! it, without the standard library's parser: its lookup tables cost the
//! browser build ~14 KB gzipped, and numeric text in leads is rare enough
//! that an exact big-integer check on the uncommon inputs costs nothing.
//!
//! Short inputs (≤ 15 digits, |exponent| ≤ 22) take Clinger's fast path: one
//! correctly rounded IEEE operation on exact operands. Everything else starts
//! from an estimate a few ulps off and moves to the neighbour while the
//! exact value lies beyond a halfway point, compared with big integers.

/// Significant digits kept; beyond them only "something non-zero follows"
/// matters (every halfway point between doubles has fewer than 770 digits).
const MAX_DIGITS: usize = 800;

/// Exact powers of ten as doubles (10^22 is the largest exact one).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Reads text in JSON number syntax (checked by the caller); `None` when the
/// magnitude is beyond the largest double, as `JSON.parse` would give ±Infinity.
pub fn parse(text: &str) -> Option<f64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = Decimal::read(body).nearest()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// `digits × 10^exponent` (plus a little more when `truncated`).
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
    truncated: bool,
}

impl Decimal {
    fn read(body: &str) -> Decimal {
        let (mantissa, exponent) = match body.find(['e', 'E']) {
            Some(at) => (
                body.get(..at).unwrap_or(""),
                body.get(at + 1..).unwrap_or(""),
            ),
            None => (body, ""),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        // Saturating: exponents past ±10^6 are zero or infinity either way.
        let mut exp: i64 = 0;
        let (sign, exp_digits) = match exponent.as_bytes().first() {
            Some(b'-') => (-1, exponent.get(1..).unwrap_or("")),
            Some(b'+') => (1, exponent.get(1..).unwrap_or("")),
            _ => (1, exponent),
        };
        for b in exp_digits.bytes() {
            exp = (exp * 10 + i64::from(b - b'0')).min(1_000_000);
        }
        let mut d = Decimal {
            digits: Vec::new(),
            exponent: sign * exp - frac.len() as i64,
            truncated: false,
        };
        for b in int.bytes().chain(frac.bytes()) {
            let digit = b - b'0';
            if d.digits.is_empty() && digit == 0 {
                continue;
            }
            if d.digits.len() < MAX_DIGITS {
                d.digits.push(digit);
            } else {
                d.truncated |= digit != 0;
                d.exponent += 1;
            }
        }
        // Trailing zeros only make the numbers bigger.
        while d.digits.last() == Some(&0) {
            d.digits.pop();
            d.exponent += 1;
        }
        d
    }

    fn nearest(&self) -> Option<f64> {
        let n = self.digits.len() as i64;
        if n == 0 {
            return Some(0.0);
        }
        // The value lies in [10^(n+e-1), 10^(n+e)).
        if n + self.exponent > 310 {
            return None;
        }
        if n + self.exponent < -325 {
            return Some(0.0);
        }
        if let Some(x) = self.fast_path() {
            return Some(x);
        }
        let mut x = self.estimate();
        // Each step moves one ulp; the estimate is a few ulps off at most.
        for _ in 0..64 {
            match self.direction(x) {
                Step::Stay => break,
                Step::Up => x = next_up(x),
                Step::Down => x = next_down(x),
            }
            if x.is_infinite() {
                return None;
            }
        }
        Some(x)
    }

    fn fast_path(&self) -> Option<f64> {
        if self.digits.len() > 15 || self.truncated || self.exponent.abs() > 22 {
            return None;
        }
        let whole = self
            .digits
            .iter()
            .fold(0u64, |acc, &d| acc * 10 + u64::from(d)) as f64;
        let power = *POW10.get(self.exponent.unsigned_abs() as usize)?;
        Some(if self.exponent >= 0 {
            whole * power
        } else {
            whole / power
        })
    }

    /// Within a few ulps: the first 19 digits, scaled by exact powers of ten
    /// (each step rounds once, so a handful of steps stay a few ulps off).
    fn estimate(&self) -> f64 {
        let kept = self.digits.len().min(19);
        let lead = self
            .digits
            .iter()
            .take(kept)
            .fold(0u64, |a, &d| a * 10 + u64::from(d));
        let mut exp = self.exponent + (self.digits.len() - kept) as i64;
        let mut x = lead as f64;
        while exp > 22 && x.is_finite() {
            x *= 1e22;
            exp -= 22;
        }
        while exp < -22 && x > 0.0 {
            x /= 1e22;
            exp += 22;
        }
        let power = POW10
            .get(exp.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        x = if exp >= 0 { x * power } else { x / power };
        if x.is_finite() {
            x
        } else {
            f64::MAX
        }
    }

    /// Where the exact value lies relative to the halfway points around `x`.
    fn direction(&self, x: f64) -> Step {
        let (m, e) = decompose(x);
        // Above: (2m + 1) · 2^(e-1). Below: (2m - 1) · 2^(e-1), or (4m - 1) ·
        // 2^(e-2) where m is a power of two (the neighbour below is finer).
        let above = self.compare(2 * m + 1, e - 1);
        if above == Ordering::Greater || (above == Ordering::Equal && m % 2 == 1) {
            return Step::Up;
        }
        if m == 0 {
            return Step::Stay;
        }
        let below = if m == 1 << 52 && e > -1074 {
            self.compare(4 * m - 1, e - 2)
        } else {
            self.compare(2 * m - 1, e - 1)
        };
        if below == Ordering::Less || (below == Ordering::Equal && m % 2 == 1) {
            Step::Down
        } else {
            Step::Stay
        }
    }

    /// The exact value against `k · 2^f`.
    fn compare(&self, k: u64, f: i64) -> Ordering {
        let mut left = Big::from_digits(&self.digits);
        let mut right = Big::from_u64(k);
        if self.exponent >= 0 {
            left.mul_pow10(self.exponent as u64);
        } else {
            right.mul_pow10(self.exponent.unsigned_abs());
        }
        if f >= 0 {
            right.shl(f as u64);
        } else {
            left.shl(f.unsigned_abs());
        }
        match left.cmp(&right) {
            // Dropped non-zero digits make the value a little larger.
            Ordering::Equal if self.truncated => Ordering::Greater,
            other => other,
        }
    }
}

use std::cmp::Ordering;

enum Step {
    Stay,
    Up,
    Down,
}

/// `x = m · 2^e` with `m` the integer mantissa (subnormals: `e = -1074`).
fn decompose(x: f64) -> (u64, i64) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | (1 << 52), biased - 1075)
    }
}

fn next_up(x: f64) -> f64 {
    f64::from_bits(x.to_bits() + 1)
}

fn next_down(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        f64::from_bits(x.to_bits() - 1)
    }
}

/// A non-negative big integer, little-endian 32-bit limbs.
struct Big(Vec<u32>);

impl Big {
    fn from_u64(n: u64) -> Big {
        Big(vec![n as u32, (n >> 32) as u32])
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut big = Big(vec![0]);
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            big.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        big
    }

    fn mul_add(&mut self, factor: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut power: u64) {
        while power >= 9 {
            self.mul_add(1_000_000_000, 0);
            power -= 9;
        }
        self.mul_add(10u32.pow(power as u32), 0);
    }

    fn shl(&mut self, bits: u64) {
        let (limbs, rest) = ((bits / 32) as usize, (bits % 32) as u32);
        if rest > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let next = *limb >> (32 - rest);
                *limb = (*limb << rest) | carry;
                carry = next;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn cmp(&self, other: &Big) -> Ordering {
        let significant = |b: &Big| b.0.iter().rposition(|&l| l != 0).map_or(0, |i| i + 1);
        let (a, b) = (significant(self), significant(other));
        if a != b {
            return a.cmp(&b);
        }
        let pairs = self
            .0
            .iter()
            .take(a)
            .rev()
            .zip(other.0.iter().take(b).rev());
        for (x, y) in pairs {
            if x != y {
                return x.cmp(y);
            }
        }
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_what_the_standard_library_reads() {
        let cases = [
            "0",
            "-0",
            "1",
            "120",
            "2.5",
            "0.1",
            "0.3",
            "1e3",
            "1E-3",
            "123456789012345678",
            "9007199254740993",
            "9007199254740992.5",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "1e-324",
            "5e-324",
            "7.4109846876186982e-324",
            "0.000000000000000000000000000001",
            "100000000000000000000000",
            "1e23",
            "8.98846567431158e307",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "9007199254740993.0000000000000000000000000000000000000000001",
            "1e1000000000000",
            "1e-1000000000000",
            "0e999999",
        ];
        for text in cases {
            let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
            assert_eq!(
                parse(text).map(f64::to_bits),
                want.map(f64::to_bits),
                "{text}"
            );
        }
        let long = format!("1.{}1", "0".repeat(900));
        assert_eq!(parse(&long), Some(1.0));
        let half_up = format!("9007199254740993{}1", ".".to_string() + &"0".repeat(900));
        assert_eq!(parse(&half_up), Some(9007199254740994.0));
    }

    proptest::proptest! {
        #[test]
        fn any_double_round_trips(bits in proptest::num::u64::ANY) {
            let x = f64::from_bits(bits);
            proptest::prop_assume!(x.is_finite());
            for text in [format!("{:e}", x.abs()), format!("{:.17e}", x.abs()), format!("{:.25e}", x.abs())] {
                let want = text.parse::<f64>().ok();
                proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits), "{}", text);
            }
        }

        #[test]
        fn halfway_points_round_to_even(bits in 1u64..0x7fef_ffff_ffff_ffff) {
            // The exact midpoint between a double and the next, in full decimal,
            // and just above and below it.
            let x = f64::from_bits(bits);
            let mid = exact_midpoint(x);
            let (above, below) = if mid.contains('.') {
                (format!("{mid}1"), lower(&mid))
            } else {
                (format!("{mid}.0000001"), integer_below(x))
            };
            for text in [mid.clone(), above, below] {
                let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
                proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits), "{}", text);
            }
        }

        #[test]
        fn json_shaped_text(text in "(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?([eE][+-]?[0-9]{1,3})?") {
            let want = text.parse::<f64>().ok().filter(|n| n.is_finite());
            proptest::prop_assert_eq!(parse(&text).map(f64::to_bits), want.map(f64::to_bits));
        }
    }

    #[test]
    fn midpoints_are_exact() {
        assert_eq!(
            exact_midpoint(1.0),
            "1.00000000000000011102230246251565404236316680908203125"
        );
        assert_eq!(exact_midpoint(9007199254740992.0), "9007199254740993");
        assert_eq!(
            integer_below(9007199254740992.0),
            "9007199254740992.9999999"
        );
        assert_eq!(parse(&exact_midpoint(1.0)), Some(1.0));
        assert_eq!(
            parse(&format!("{}1", exact_midpoint(1.0))),
            Some(1.0 + f64::EPSILON)
        );
    }

    /// Just below an integer midpoint (`x` at least 2^53).
    fn integer_below(x: f64) -> String {
        let (m, e) = super::decompose(x);
        let mut big = super::Big::from_u64(2 * m + 1);
        if e > 1 {
            big.shl((e - 1) as u64);
        }
        // mid - 1 + 0.9999999: below mid, above the integer under it.
        let mut limbs = big.0.clone();
        for limb in &mut limbs {
            let (v, borrow) = limb.overflowing_sub(1);
            *limb = v;
            if !borrow {
                break;
            }
        }
        format!("{}.9999999", to_decimal(&super::Big(limbs), 0))
    }

    /// `(x + next(x)) / 2` written exactly: `(2m + 1) · 2^(e-1)` as a decimal.
    fn exact_midpoint(x: f64) -> String {
        let (m, e) = super::decompose(x);
        let mut big = super::Big::from_u64(2 * m + 1);
        let e = e - 1;
        if e >= 0 {
            big.shl(e as u64);
            return to_decimal(&big, 0);
        }
        // k / 2^n = k · 5^n / 10^n.
        let n = e.unsigned_abs();
        for _ in 0..n {
            big.mul_add(5, 0);
        }
        to_decimal(&big, n as usize)
    }

    fn to_decimal(big: &super::Big, point: usize) -> String {
        let mut limbs = big.0.clone();
        let mut digits = Vec::new();
        while limbs.iter().any(|&l| l != 0) {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 32) | u64::from(*limb);
                *limb = (cur / 10) as u32;
                rem = cur % 10;
            }
            digits.push(b'0' + rem as u8);
        }
        while digits.len() <= point {
            digits.push(b'0');
        }
        digits.reverse();
        let text = String::from_utf8(digits).unwrap();
        let (int, frac) = text.split_at(text.len() - point);
        if frac.is_empty() {
            int.to_string()
        } else {
            format!("{int}.{frac}")
        }
    }

    /// The decimal just below `mid` (its last digit lowered; midpoints end in 5).
    fn lower(mid: &str) -> String {
        let mut s = mid.to_string();
        s.pop();
        s.push('4');
        s.push('9');
        s
    }
}
