//! Dates as CRM exports and spreadsheets write them, read the one way every
//! surface shares: ISO 8601 / RFC 3339 (`2026-06-05T14:07:00-03:00`,
//! `2026-06-05 14:07[:00]`), numeric dates with slashes whose day/month order
//! the column decides (`05/06/2026 14:07`, `6/5/2026 2:07 PM`), dotted
//! day-first dates (`05.06.2026`), epoch milliseconds and seconds, and
//! spreadsheet serial days (`46178.5`).
//!
//! What it owns: the shape of one value ([`shape`]) and its reading once its
//! column is settled ([`read`]); `column.rs` settles a column (day/month
//! order, serial days) from a bounded sample of its first values, per column
//! and never per value. What it may call: `crate::time` (calendar arithmetic).
//! No I/O, no clock (time is an input), no allocation. It is outside
//! `leadgate/lite`: only the report and `tune` call it (0 bytes in lite).
//!
//! Why hand-written and not `jiff`: every form here is fixed-position
//! digits, `jiff`'s `strptime` would still need the per-column order decided
//! here, and the only thing it would add that matters (IANA zone rules) needs
//! its time-zone database in the report page's wasm, which fixed offsets
//! avoid (`--timezone -03:00`; São Paulo has kept -03:00 since 2019).

mod column;

pub use column::{settle, ColumnDates, ColumnSample, Decided, Evidence, Settled, SAMPLE_ROWS};

use crate::time::{date_ms, fraction_millis, Timestamp};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;
/// Serial day of 1970-01-01 in the 1900 date system (Excel, LibreOffice, Sheets).
const SERIAL_EPOCH: f64 = 25_569.0;
/// Serial 61 is 1900-03-01: below it the 1900 system counts the day
/// 1900-02-29 that never was (Lotus 1-2-3's leap-year bug, kept by Excel),
/// so serials 1–60 mean different days in different programs. No CRM
/// export holds a date before March 1900: they are refused, not guessed.
const FIRST_SERIAL: f64 = 61.0;
/// 9999-12-31, the last day spreadsheets write.
const LAST_SERIAL: f64 = 2_958_465.0;

/// Which of the first two numbers of `a/b/yyyy` is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// `dd/mm/yyyy` (Brazil, Europe, most of the world).
    Dmy,
    /// `mm/dd/yyyy` (the United States; Salesforce's US reports).
    Mdy,
}

impl Order {
    /// Reads `dmy` or `mdy` (the `--date-order` flag).
    pub fn parse(text: &str) -> Option<Order> {
        match text.trim().to_ascii_lowercase().as_str() {
            "dmy" => Some(Order::Dmy),
            "mdy" => Some(Order::Mdy),
            _ => None,
        }
    }

    /// `dmy` or `mdy`.
    pub fn name(self) -> &'static str {
        match self {
            Order::Dmy => "dmy",
            Order::Mdy => "mdy",
        }
    }

    /// In words, for warnings.
    pub fn words(self) -> &'static str {
        match self {
            Order::Dmy => "day-first (dd/mm/yyyy)",
            Order::Mdy => "month-first (mm/dd/yyyy)",
        }
    }

    /// The other order.
    pub fn other(self) -> Order {
        match self {
            Order::Dmy => Order::Mdy,
            Order::Mdy => Order::Dmy,
        }
    }
}

/// What one value looks like before its column's settings apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// A moment with nothing left to decide (ISO, dotted, epoch); `local`
    /// when it carries no zone and the report's offset applies.
    Exact {
        /// Milliseconds since the epoch (as if UTC when `local`).
        ms: i64,
        /// True when the text carried no zone.
        local: bool,
    },
    /// `a/b/yyyy[ time]`: which of `a`, `b` is the day is the column's order.
    Numeric {
        /// The first number.
        a: i64,
        /// The second number.
        b: i64,
        /// The year (4 digits).
        year: i64,
        /// Milliseconds into the day (0 without a time).
        time: i64,
    },
    /// Digits that may be a spreadsheet serial day (read only in a serial column).
    Serial(f64),
}

impl Shape {
    /// The order a numeric date proves by itself: a first number above 12
    /// is a day (`Dmy`), a second one above 12 is a day (`Mdy`).
    pub fn proves(&self) -> Option<Order> {
        match *self {
            Shape::Numeric { a, .. } if a > 12 => Some(Order::Dmy),
            Shape::Numeric { b, .. } if b > 12 => Some(Order::Mdy),
            _ => None,
        }
    }
}

/// Whether `text` names a whole day, not a moment (`6/18/2026`,
/// `2026-06-18`, `18.06.2026`, a whole spreadsheet serial): a date-only
/// field (Salesforce's Converted Date) of the day a lead was created is not
/// before it, whatever the creation's time.
pub fn is_date_only(text: &str) -> bool {
    let t = text.trim();
    let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    // Epoch milliseconds and seconds are moments; short digit runs are serial days.
    let serial_day = digits && t.len() <= 6;
    serial_day || (!digits && !t.contains(':') && !t.contains('T') && t.len() <= 10)
}

/// Why a value was not read as a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not any of the forms.
    NotADate,
    /// A numeric date that exists only in the other day/month order.
    OtherOrder,
    /// Spreadsheet serial digits in a column that is not all serials.
    SerialOutsideSerialColumn,
}

/// The shape of `text` (trimmed), or `None` when it is no date form.
pub fn shape(text: &str) -> Option<Shape> {
    let b = text.trim().as_bytes();
    let first_sep = b.iter().position(|c| !c.is_ascii_digit());
    match first_sep.and_then(|i| b.get(i)) {
        None => digits_only(b),
        Some(b'-') => iso(b),
        Some(b'/') => numeric(b),
        Some(b'.') if b.iter().filter(|&&c| c == b'.').count() >= 2 => dotted(b),
        Some(b'.') => serial(b),
        Some(_) => None,
    }
}

/// Reads `text` with its column's settings; zone-less forms are local time
/// `offset_ms` east of UTC.
pub fn read(text: &str, column: &ColumnDates, offset_ms: i64) -> Result<Timestamp, DateError> {
    let local = match shape(text).ok_or(DateError::NotADate)? {
        Shape::Exact { ms, local: false } => return Ok(Timestamp(ms)),
        Shape::Exact { ms, local: true } => ms,
        Shape::Numeric { a, b, year, time } => {
            let (day, month) = match column.order {
                Order::Dmy => (a, b),
                Order::Mdy => (b, a),
            };
            match date_ms(year, month, day) {
                Some(date) => date + time,
                None if date_ms(year, day, month).is_some() => return Err(DateError::OtherOrder),
                None => return Err(DateError::NotADate),
            }
        }
        Shape::Serial(days) if column.serial => serial_ms(days).ok_or(DateError::NotADate)?,
        Shape::Serial(_) => return Err(DateError::SerialOutsideSerialColumn),
    };
    Ok(Timestamp(local - offset_ms))
}

/// Local milliseconds of a serial day, to the nearest second (a serial's
/// fraction is a binary double: 10:30 is 0.4375, 10:31 is not exact).
fn serial_ms(days: f64) -> Option<i64> {
    if !(FIRST_SERIAL..=LAST_SERIAL).contains(&days) {
        return None;
    }
    let seconds = ((days - SERIAL_EPOCH) * 86_400.0).round();
    // In range by the bounds above (|seconds| < 2^49).
    #[allow(clippy::cast_possible_truncation)]
    Some(seconds as i64 * 1000)
}

/// A run of 1 to `max` ASCII digits at the start of `b`: its value and length.
fn number(b: &[u8], max: usize) -> Option<(i64, usize)> {
    let n = b
        .iter()
        .take(max + 1)
        .take_while(|c| c.is_ascii_digit())
        .count();
    if n == 0 || n > max {
        return None;
    }
    Some((fixed(b, n)?, n))
}

/// Exactly `len` digits at the start of `b` (more digits may follow).
fn fixed(b: &[u8], len: usize) -> Option<i64> {
    b.get(..len)?.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// Only digits: epoch milliseconds (12–13 digits: 1973-03-03 to 2286-11-20),
/// epoch seconds (exactly 10: 2001-09-09 to 2286-11-20) or a serial day (1–5).
/// Other lengths are no date: 9-digit seconds would be before 2001 and 11
/// digits are neither, so no length is read two ways.
fn digits_only(b: &[u8]) -> Option<Shape> {
    match b.len() {
        1..=5 => serial(b),
        10 => Some(Shape::Exact {
            ms: fixed(b, 10)?.checked_mul(1000)?,
            local: false,
        }),
        12 | 13 => Some(Shape::Exact {
            ms: fixed(b, b.len())?,
            local: false,
        }),
        _ => None,
    }
}

/// `ddddd[.fff…]`: a spreadsheet serial day (up to 99999, the year 2173).
fn serial(b: &[u8]) -> Option<Shape> {
    let whole = b.iter().take_while(|c| c.is_ascii_digit()).count();
    let rest = b.get(whole..)?;
    let fraction_ok = match rest.split_first() {
        None => true,
        Some((b'.', digits)) => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        Some(_) => false,
    };
    if !(1..=5).contains(&whole) || !fraction_ok {
        return None;
    }
    std::str::from_utf8(b).ok()?.parse().ok().map(Shape::Serial)
}

/// `HH:MM[:SS[.fff]]` (hour of 1 or 2 digits), then optionally ` AM`/` PM`
/// (12-hour clock: hour 1 to 12): milliseconds of the day and the rest.
fn time_of_day(b: &[u8]) -> Option<(i64, &[u8])> {
    let (mut hour, n) = number(b, 2)?;
    let rest = b.get(n..)?.strip_prefix(b":")?;
    let minute = fixed(rest, 2)?;
    let mut rest = rest.get(2..)?;
    let mut second = 0;
    let mut millis = 0;
    if let Some(after) = rest.strip_prefix(b":") {
        second = fixed(after, 2)?;
        (millis, rest) = fraction_millis(after.get(2..)?)?;
    }
    let trimmed = rest.trim_ascii_start();
    let meridiem = match trimmed.get(..2).map(<[u8]>::to_ascii_uppercase).as_deref() {
        Some(b"AM") => Some(0),
        Some(b"PM") => Some(12),
        _ => None,
    };
    if let Some(add) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + add;
        rest = trimmed.get(2..)?;
    }
    // A leap second reads as the second before it, as in the core.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let ms = hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second.min(59) * 1000 + millis;
    Some((ms, rest))
}

/// `Z`, `±HH:MM`, `±HHMM` or `±HH` as milliseconds east of UTC.
pub fn zone_offset(b: &[u8]) -> Option<i64> {
    let (&sign, rest) = b.split_first()?;
    if matches!(sign, b'Z' | b'z') {
        return rest.is_empty().then_some(0);
    }
    let sign = match sign {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = fixed(rest, 2)?;
    let minutes = match rest.len() {
        2 => 0,
        4 => fixed(rest.get(2..)?, 2)?,
        5 if rest.get(2) == Some(&b':') => fixed(rest.get(3..)?, 2)?,
        _ => return None,
    };
    (hours <= 23 && minutes <= 59).then_some(sign * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE))
}

/// The optional time after a date: ` HH:MM…` or `THH:MM…`; nothing may follow
/// it unless `zoned` (ISO), where a zone may.
fn date_and_time(date: i64, rest: &[u8], zoned: bool) -> Option<Shape> {
    let Some((&sep, tail)) = rest.split_first() else {
        return Some(Shape::Exact {
            ms: date,
            local: true,
        });
    };
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let (time, tail) = time_of_day(tail.trim_ascii_start())?;
    if tail.is_empty() {
        return Some(Shape::Exact {
            ms: date + time,
            local: true,
        });
    }
    if !zoned {
        return None;
    }
    let offset = zone_offset(tail.strip_prefix(b" ").unwrap_or(tail))?;
    Some(Shape::Exact {
        ms: date + time - offset,
        local: false,
    })
}

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][zone]`.
fn iso(b: &[u8]) -> Option<Shape> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let date = date_ms(fixed(b, 4)?, fixed(b.get(5..)?, 2)?, fixed(b.get(8..)?, 2)?)?;
    date_and_time(date, b.get(10..)?, true)
}

/// `d.m.yyyy[ HH:MM[:SS]]`: dots are written day-first (DIN 5008 and the
/// locales that use them); no locale writes month-first with dots.
fn dotted(b: &[u8]) -> Option<Shape> {
    let (day, n) = number(b, 2)?;
    let rest = b.get(n..)?.strip_prefix(b".")?;
    let (month, n) = number(rest, 2)?;
    let rest = rest.get(n..)?.strip_prefix(b".")?;
    let date = date_ms(fixed(rest, 4)?, month, day)?;
    date_and_time(date, rest.get(4..)?, false)
}

/// `a/b/yyyy[ HH:MM[:SS]][ AM|PM]` (numbers of 1 or 2 digits).
fn numeric(b: &[u8]) -> Option<Shape> {
    let (a, n) = number(b, 2)?;
    let rest = b.get(n..)?.strip_prefix(b"/")?;
    let (bb, n) = number(rest, 2)?;
    let rest = rest.get(n..)?.strip_prefix(b"/")?;
    let year = fixed(rest, 4)?;
    // A day above 31 or two numbers above 12 are no date in either order.
    if a == 0 || bb == 0 || a > 31 || bb > 31 || (a > 12 && bb > 12) {
        return None;
    }
    let time = match date_and_time(0, rest.get(4..)?, false)? {
        Shape::Exact { ms, .. } => ms,
        _ => return None,
    };
    Some(Shape::Numeric {
        a,
        b: bb,
        year,
        time,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests;
