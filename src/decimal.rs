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
/// The tests' reference reading of text; the product reads numbers' digits
/// where `value::number` finds them, with [`from_parts`].
#[cfg(test)]
pub fn parse(text: &str) -> Option<f64> {
    // A `&str` pattern, not `'-'`: the `char` one is a function of its own
    // in the scorer-only wasm (with email.rs's, 48 B of its gzip).
    let (negative, body) = match text.strip_prefix("-") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let magnitude = Decimal::read(body).nearest()?;
    Some(if negative { -magnitude } else { magnitude })
}

/// The number `int.frac × 10^exp` (ASCII digits, `frac` possibly empty) to
/// the nearest double, as [`parse`] reads its text; `None` beyond the
/// largest double. Exponents past ±10^6 give 0 or `None` whatever the digits.
pub fn from_parts(int: &[u8], frac: &[u8], exp: i64) -> Option<f64> {
    // Clinger's fast path first, with no digit vector to allocate (most
    // numbers in leads: `120`, `1234.56`): at most 15 significant digits and
    // a power of ten that is exact, so one IEEE operation rounds correctly.
    // The scorer-only wasm build leaves it out (117 B of its gzip): the exact
    // path gives the same double, only with an allocation.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    if let Some(x) = fast_path(int, frac, exp) {
        return Some(x);
    }
    Decimal::new(int, frac, exp).nearest()
}

/// Clinger's fast path of [`from_parts`]: `None` past 15 significant digits
/// or an inexact power of ten.
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
fn fast_path(int: &[u8], frac: &[u8], exp: i64) -> Option<f64> {
    let (mut whole, mut significant) = (0u64, 0);
    for &b in int.iter().chain(frac) {
        significant += usize::from(significant > 0 || b != b'0');
        whole = whole
            .wrapping_mul(10)
            .wrapping_add(u64::from(b.wrapping_sub(b'0')));
    }
    let exp10 = exp.saturating_sub(frac.len() as i64);
    let power = *POW10.get(exp10.unsigned_abs() as usize)?;
    if significant > 15 {
        return None;
    }
    let whole = whole as f64;
    Some(if exp10 >= 0 {
        whole * power
    } else {
        whole / power
    })
}

/// `digits × 10^exponent` (plus a little more when `truncated`).
struct Decimal {
    digits: Vec<u8>,
    exponent: i64,
    truncated: bool,
}

impl Decimal {
    #[cfg(test)]
    fn read(body: &str) -> Decimal {
        let (mantissa, exponent) = match body.bytes().position(|b| matches!(b, b'e' | b'E')) {
            Some(at) => (
                body.get(..at).unwrap_or(""),
                body.get(at + 1..).unwrap_or(""),
            ),
            None => (body, ""),
        };
        let (int, frac) = crate::text::split_once_ascii(mantissa, b'.').unwrap_or((mantissa, ""));
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
        Decimal::new(int.as_bytes(), frac.as_bytes(), sign * exp)
    }

    /// `int.frac × 10^exp`, from ASCII digits.
    fn new(int: &[u8], frac: &[u8], exp: i64) -> Decimal {
        let mut d = Decimal {
            digits: Vec::new(),
            exponent: exp - frac.len() as i64,
            truncated: false,
        };
        for &b in int.iter().chain(frac) {
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
        // Whole limbs: move the number up and zero the limbs below it (a
        // `splice` of zeros did the same with 0.25 KB more wasm).
        let len = self.0.len();
        // Grown by pushes: `resize` is one more generic function in lite.
        self.0.reserve(limbs);
        for _ in 0..limbs {
            self.0.push(0);
        }
        self.0.copy_within(..len, limbs);
        if let Some(low) = self.0.get_mut(..limbs) {
            low.fill(0);
        }
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

/// The scorer-only wasm build writes every number this way; the others only
/// integral numbers past 2^53 (see `json_text::push_number`).
mod shortest;
pub use shortest::push_shortest;

#[cfg(test)]
mod tests;
