//! UTC timestamps and durations without a date-time crate, to keep the wasm
//! binary small. Civil-date conversions are Howard Hinnant's public-domain
//! `days_from_civil` / `civil_from_days` algorithms. Time zones (`zones`)
//! and business hours (`hours`) build on them.

use std::fmt;

pub(crate) const MS_PER_SECOND: i64 = 1_000;
pub(crate) const MS_PER_MINUTE: i64 = 60 * MS_PER_SECOND;
pub(crate) const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
pub(crate) const MS_PER_DAY: i64 = 24 * MS_PER_HOUR;

pub mod hours;
pub mod zones;

/// The longest duration a model may ask for (an SLA beyond a year is a typo).
const MAX_DURATION_MS: i64 = 365 * MS_PER_DAY;

/// A point in time: milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// Days since 1970-01-01 of a proleptic Gregorian date. Always inlined:
/// as one call site of `leadgate/lite`'s it was, and a function of its own
/// cost lite 50 B once `time::zones` called it too.
#[inline(always)]
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The (year, month, day) of a day count since 1970-01-01 (always inlined,
/// see `days_from_civil`).
#[inline(always)]
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Milliseconds since the epoch of a valid proleptic Gregorian date at
/// midnight UTC; `None` for a month or day that does not exist.
pub(crate) fn date_ms(year: i64, month: i64, day: i64) -> Option<i64> {
    let valid = (1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day);
    valid.then(|| days_from_civil(year, month, day) * MS_PER_DAY)
}

fn is_leap_year(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap_year(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A decimal integer with an optional `-`, at most 18 digits (one
/// function for every integer the time code reads: `str::parse` is
/// instantiated per type in the wasm).
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut n: i64 = 0;
    for c in digits.bytes() {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(if negative { -n } else { n })
}

/// Reads exactly `len` ASCII digits at `at`.
fn digits(b: &[u8], at: usize, len: usize) -> Option<i64> {
    let field = b.get(at..at.checked_add(len)?)?;
    field.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// True if the byte at `at` is one of `allowed`.
fn byte_is(b: &[u8], at: usize, allowed: &[u8]) -> bool {
    b.get(at).is_some_and(|c| allowed.contains(c))
}

/// Parses the offset suffix (`Z`, `±HH:MM`, `±HHMM`) into milliseconds east of UTC.
fn parse_offset(b: &[u8]) -> Option<i64> {
    let (&sign, rest) = b.split_first()?;
    if matches!(sign, b'Z' | b'z') {
        return rest.is_empty().then_some(0);
    }
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = digits(rest, 0, 2)?;
    let minutes = match rest.len() {
        5 if byte_is(rest, 2, b":") => digits(rest, 3, 2)?,
        4 => digits(rest, 2, 2)?,
        _ => return None,
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE))
}

impl Timestamp {
    /// Parses RFC 3339 (`2026-11-26T18:30:00.5-03:00`) or a bare `YYYY-MM-DD` (midnight UTC).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        if !(byte_is(b, 4, b"-") && byte_is(b, 7, b"-")) {
            return None;
        }
        let date_ms = date_ms(digits(b, 0, 4)?, digits(b, 5, 2)?, digits(b, 8, 2)?)?;
        if b.len() == 10 {
            return Some(Timestamp(date_ms));
        }
        if !(byte_is(b, 10, b"Tt ") && byte_is(b, 13, b":") && byte_is(b, 16, b":")) {
            return None;
        }
        let hour = digits(b, 11, 2)?;
        let minute = digits(b, 14, 2)?;
        let second = digits(b, 17, 2)?;
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        // A leap second is read as the second before it: we keep no leap table.
        let second = second.min(59);
        let (millis, rest) = fraction_millis(b.get(19..)?)?;
        let offset = parse_offset(rest)?;
        let time_ms = hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * MS_PER_SECOND + millis;
        Some(Timestamp(date_ms + time_ms - offset))
    }

    /// Formats as `YYYY-MM-DDTHH:MM:SSZ`, with `.mmm` only when milliseconds are non-zero.
    pub fn to_rfc3339(self) -> String {
        let mut out = String::with_capacity(24);
        self.push_rfc3339(&mut out);
        out
    }

    fn push_rfc3339(self, out: &mut String) {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        // Years outside 0000-9999 are beyond RFC 3339 but still printed unambiguously.
        if year < 0 {
            out.push('-');
        }
        push_padded(out, year, 4);
        out.push('-');
        push_padded(out, month, 2);
        out.push('-');
        push_padded(out, day, 2);
        out.push('T');
        push_padded(out, ms_of_day / MS_PER_HOUR, 2);
        out.push(':');
        push_padded(out, ms_of_day % MS_PER_HOUR / MS_PER_MINUTE, 2);
        out.push(':');
        push_padded(out, ms_of_day % MS_PER_MINUTE / MS_PER_SECOND, 2);
        let millis = ms_of_day % MS_PER_SECOND;
        if millis != 0 {
            out.push('.');
            push_padded(out, millis, 3);
        }
        out.push('Z');
    }

    /// Adds milliseconds; `None` on overflow.
    pub fn checked_add_millis(self, ms: i64) -> Option<Timestamp> {
        self.0.checked_add(ms).map(Timestamp)
    }

    /// Fractional days from `earlier` to `self`; negative when `self` is earlier.
    pub fn days_since(self, earlier: Timestamp) -> f64 {
        // Exact as a `u64` even for extreme values; rounding is symmetric, so
        // this is `i128`'s answer without its conversion routine.
        let distance = self.0.abs_diff(earlier.0) as f64;
        let signed = if self.0 < earlier.0 {
            -distance
        } else {
            distance
        };
        signed / 86_400_000.0
    }
}

/// Appends `|n|` zero-padded to `width` digits (more if needed).
fn push_padded(out: &mut String, n: i64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut n = n.unsigned_abs();
    let mut len = 0;
    for slot in buf.iter_mut().rev() {
        if n == 0 && len >= width {
            break;
        }
        *slot = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        len += 1;
    }
    for &c in buf.iter().skip(buf.len().saturating_sub(len)) {
        out.push(char::from(c));
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(24);
        self.push_rfc3339(&mut out);
        f.write_str(&out)
    }
}

/// Parses a duration such as `15m`, `1h30m`, `2d` or `1w` into milliseconds.
///
/// Units are `s`, `m`, `h`, `d`, `w`; the total must be positive and at most 365 days.
pub fn parse_duration(s: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut value: Option<i64> = None;
    for c in s.bytes() {
        if c.is_ascii_digit() {
            let v = value
                .unwrap_or(0)
                .checked_mul(10)?
                .checked_add(i64::from(c - b'0'))?;
            value = Some(v);
            continue;
        }
        let unit = match c {
            b's' => MS_PER_SECOND,
            b'm' => MS_PER_MINUTE,
            b'h' => MS_PER_HOUR,
            b'd' => MS_PER_DAY,
            b'w' => 7 * MS_PER_DAY,
            _ => return None,
        };
        total = total.checked_add(value.take()?.checked_mul(unit)?)?;
    }
    if value.is_some() || total == 0 || total > MAX_DURATION_MS {
        return None;
    }
    Some(total)
}

/// Reads an optional `.fff…` fraction of a second: milliseconds, and the rest of the text.
/// Finer digits are truncated, not rounded; a `.` without digits is invalid.
pub(crate) fn fraction_millis(text: &[u8]) -> Option<(i64, &[u8])> {
    let Some(frac) = text.strip_prefix(b".") else {
        return Some((0, text));
    };
    let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
    if n == 0 {
        return None;
    }
    // The first three digits, 0 for each missing one (a loop: `zip` with an
    // array of scales was a function of its own in the wasm builds).
    let mut millis = 0;
    for i in 0..3 {
        let digit = frac.get(i).filter(|_| i < n).map_or(0, |&c| c - b'0');
        millis = millis * 10 + i64::from(digit);
    }
    Some((millis, frac.get(n..)?))
}

#[cfg(test)]
#[allow(clippy::panic)]
mod tests;
