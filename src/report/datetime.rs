//! Time zones and months of the report: a zone given as `-03:00`, `+0530`,
//! `-03`, `Z` or `UTC`, and the `YYYY-MM` month a timestamp falls in there.
//! Dates themselves are read by `crate::value::date` (one implementation).

use crate::time::Timestamp;

/// Reads a zone like `-03:00`, `+0530`, `-03`, `Z` or `UTC` into milliseconds east of UTC.
pub fn parse_zone(text: &str) -> Option<i64> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("utc") {
        return Some(0);
    }
    crate::value::date::zone_offset(t.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_and_months() {
        let brt = parse_zone("-03:00").unwrap_or(0);
        assert_eq!(brt, -3 * 3_600_000);
        assert_eq!(format_zone(brt), "-03:00");
        assert_eq!(parse_zone("UTC"), Some(0));
        assert_eq!(parse_zone("+0530"), Some(330 * 60_000));
        assert_eq!(parse_zone("-03"), Some(-3 * 3_600_000));
        assert_eq!(parse_zone("ontem"), None);
        let t = Timestamp::parse("2026-06-30T23:30:00Z").unwrap_or(Timestamp(0));
        assert_eq!(month_key(t, 0), "2026-06");
        assert_eq!(month_key(t, parse_zone("+01:00").unwrap_or(0)), "2026-07");
        assert_eq!(month_index("2026-07"), Some(2026 * 12 + 6));
    }
}
