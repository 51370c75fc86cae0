//! Timestamps as CRM exports write them: ISO 8601 with or without a zone, and
//! the Brazilian/European `dd/mm/yyyy [hh:mm[:ss]]`. A timestamp without a
//! zone is read in the report's time zone (UTC unless `timezone` says otherwise).

use crate::time::{date_ms, Timestamp};

const MS_PER_MINUTE: i64 = 60_000;
const MS_PER_HOUR: i64 = 60 * MS_PER_MINUTE;

/// Parses a CRM timestamp; zone-less forms are local time `offset_ms` east of UTC.
pub fn parse_time(text: &str, offset_ms: i64) -> Option<Timestamp> {
    let text = text.trim();
    if text.contains('/') {
        parse_day_first(text, offset_ms)
    } else {
        parse_iso(text, offset_ms)
    }
}

/// Reads a zone like `-03:00`, `+0530`, `-03`, `Z` or `UTC` into milliseconds east of UTC.
pub fn parse_zone(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    zone_offset(t.as_bytes())
}

/// Formats an offset as `+HH:MM` / `-HH:MM`.
pub fn format_zone(offset_ms: i64) -> String {
    let sign = if offset_ms < 0 { '-' } else { '+' };
    let minutes = offset_ms.unsigned_abs() / 60_000;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// `YYYY-MM` of a timestamp seen in the report's time zone.
pub fn month_key(t: Timestamp, offset_ms: i64) -> String {
    let local = Timestamp(t.0.saturating_add(offset_ms)).to_rfc3339();
    // RFC 3339 starts with the year and month; negative years keep their sign.
    let cut = if local.starts_with('-') { 8 } else { 7 };
    local.get(..cut).unwrap_or("").to_string()
}

/// Months from year 0 (`year * 12 + month - 1`) of a `YYYY-MM` key, for spans.
pub fn month_index(key: &str) -> Option<i64> {
    let (year, month) = key.rsplit_once('-')?;
    let year: i64 = year.parse().ok()?;
    let month: i64 = month.parse().ok()?;
    Some(year * 12 + month - 1)
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
    let value = b
        .get(..n)?
        .iter()
        .fold(0i64, |acc, &c| acc * 10 + i64::from(c - b'0'));
    Some((value, n))
}

/// Exactly `len` digits at the start of `b` (more digits may follow).
fn fixed(b: &[u8], len: usize) -> Option<i64> {
    b.get(..len)?.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// `HH:MM[:SS[.fff]]` (hour of 1 or 2 digits): milliseconds of the day and the rest of the text.
fn time_of_day(b: &[u8]) -> Option<(i64, &[u8])> {
    let (hour, n) = number(b, 2)?;
    let rest = b.get(n..)?.strip_prefix(b":")?;
    let minute = fixed(rest, 2)?;
    let mut rest = rest.get(2..)?;
    let mut second = 0;
    let mut millis = 0;
    if let Some(after) = rest.strip_prefix(b":") {
        second = fixed(after, 2)?;
        (millis, rest) = crate::time::fraction_millis(after.get(2..)?)?;
    }
    // A leap second reads as the second before it, as in the core.
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let ms = hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second.min(59) * 1000 + millis;
    Some((ms, rest))
}

/// `Z`, `±HH:MM`, `±HHMM` or `±HH` as milliseconds east of UTC.
fn zone_offset(b: &[u8]) -> Option<i64> {
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

/// `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][zone]`.
fn parse_iso(text: &str, offset_ms: i64) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let date = date_ms(fixed(b, 4)?, fixed(b.get(5..)?, 2)?, fixed(b.get(8..)?, 2)?)?;
    let rest = b.get(10..)?;
    if rest.is_empty() {
        return Some(Timestamp(date - offset_ms));
    }
    let (&sep, rest) = rest.split_first()?;
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let (time, rest) = time_of_day(rest)?;
    let offset = if rest.is_empty() {
        offset_ms
    } else {
        zone_offset(rest.strip_prefix(b" ").unwrap_or(rest))?
    };
    Some(Timestamp(date + time - offset))
}

/// `dd/mm/yyyy[ hh:mm[:ss]]` (day and month of 1 or 2 digits), always local time.
fn parse_day_first(text: &str, offset_ms: i64) -> Option<Timestamp> {
    let b = text.as_bytes();
    let (day, n) = number(b, 2)?;
    let rest = b.get(n..)?.strip_prefix(b"/")?;
    let (month, n) = number(rest, 2)?;
    let rest = rest.get(n..)?.strip_prefix(b"/")?;
    let year = fixed(rest, 4)?;
    let date = date_ms(year, month, day)?;
    let rest = rest.get(4..)?;
    let time = match rest.split_first() {
        None => 0,
        Some((b' ' | b'T', tail)) => {
            let tail = tail.trim_ascii_start();
            match time_of_day(tail)? {
                (ms, []) => ms,
                _ => return None,
            }
        }
        Some(_) => return None,
    };
    Some(Timestamp(date + time - offset_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<i64> {
        parse_time(text, 0).map(|t| t.0)
    }

    #[test]
    fn iso_forms_agree_with_the_core() {
        for text in [
            "2026-11-26T21:30:00Z",
            "2026-11-26T18:30:00-03:00",
            "2026-11-26 21:30:00.250Z",
            "2026-11-27T03:00:00+0530",
            "2026-02-28",
        ] {
            assert_eq!(at(text), Timestamp::parse(text).map(|t| t.0), "{text}");
        }
        let utc = Timestamp::parse("2026-11-26T21:30:00Z").map(|t| t.0);
        assert_eq!(at("2026-11-26 21:30"), utc);
        assert_eq!(at("2026-11-26T21:30:00"), utc);
        assert_eq!(at("2026-11-26T18:30-03"), utc);
        assert_eq!(at(" 2026-11-26 21:30 "), utc);
    }

    #[test]
    fn day_first_and_zones() {
        let utc = Timestamp::parse("2026-06-05T14:07:00Z").map(|t| t.0);
        assert_eq!(at("05/06/2026 14:07"), utc);
        assert_eq!(at("5/6/2026 14:07:00"), utc);
        assert_eq!(
            at("05/06/2026"),
            Timestamp::parse("2026-06-05").map(|t| t.0)
        );
        // 11:07 in São Paulo (-03:00) is 14:07 UTC.
        let brt = parse_zone("-03:00").unwrap_or(0);
        assert_eq!(parse_time("05/06/2026 11:07", brt).map(|t| t.0), utc);
        assert_eq!(parse_time("2026-06-05 11:07", brt).map(|t| t.0), utc);
        assert_eq!(format_zone(brt), "-03:00");
        assert_eq!(parse_zone("UTC"), Some(0));
        assert_eq!(parse_zone("+0530"), Some(330 * 60_000));
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        for bad in [
            "",
            "ontem",
            "31/02/2026",
            "2026-13-01",
            "2026-01-01T25:00",
            "32/01/2026",
            "01/01/26",
            "2026-01-01X",
            "01/01/2026 10",
            "2026/01/01",
            "12:00",
            "2026-01-01T10:00Zx",
        ] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn months() {
        let t = Timestamp::parse("2026-06-30T23:30:00Z").unwrap_or(Timestamp(0));
        assert_eq!(month_key(t, 0), "2026-06");
        assert_eq!(month_key(t, parse_zone("+01:00").unwrap_or(0)), "2026-07");
        assert_eq!(month_index("2026-07"), Some(2026 * 12 + 6));
    }
}
