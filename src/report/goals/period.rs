//! Calendar months and quarters in the report's time zone (a fixed
//! offset): a timestamp's period index, a period's bounds and its name.
//! Civil dates from day numbers by Howard Hinnant's algorithms (public
//! domain), in integers: no float formatting, no zone database.

use crate::model::goals::Period;
use crate::time::Timestamp;

const DAY_MS: i64 = 86_400_000;

/// (year, month 1–12) of a day count since 1970-01-01.
fn civil(days: i64) -> (i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month)
}

/// Days since 1970-01-01 of the first day of `month` (1–12) of `year`.
fn first_day(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The index of the period `t` falls in, seen at `offset_ms` east of UTC:
/// months or quarters since year 0.
pub(crate) fn index(t: Timestamp, offset_ms: i64, per: Period) -> i64 {
    let days = t.0.saturating_add(offset_ms).div_euclid(DAY_MS);
    let (year, month) = civil(days);
    let m = year * 12 + month - 1;
    match per {
        Period::Month => m,
        Period::Quarter => m.div_euclid(3),
    }
}

/// The first month (year × 12 + month − 1) of period `index`.
fn first_month(index: i64, per: Period) -> i64 {
    match per {
        Period::Month => index,
        Period::Quarter => index * 3,
    }
}

/// When period `index` starts (local midnight of its first day, as an instant).
pub(crate) fn start(index: i64, offset_ms: i64, per: Period) -> Timestamp {
    let m = first_month(index, per);
    let day = first_day(m.div_euclid(12), m.rem_euclid(12) + 1);
    Timestamp(day.saturating_mul(DAY_MS).saturating_sub(offset_ms))
}

/// `2026-11` or `2026-Q4`.
pub(crate) fn name(index: i64, per: Period) -> String {
    let m = first_month(index, per);
    let (year, month) = (m.div_euclid(12), m.rem_euclid(12) + 1);
    match per {
        Period::Month => format!("{year:04}-{month:02}"),
        Period::Quarter => format!("{year:04}-Q{}", (month - 1) / 3 + 1),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn months_and_quarters_in_the_reports_zone() {
        let brt = -3 * 3_600_000;
        // 2026-04-01T01:00Z is still 31 March in Brasília.
        let t = at("2026-04-01T01:00:00Z");
        assert_eq!(name(index(t, 0, Period::Month), Period::Month), "2026-04");
        assert_eq!(name(index(t, brt, Period::Month), Period::Month), "2026-03");
        assert_eq!(
            name(index(t, brt, Period::Quarter), Period::Quarter),
            "2026-Q1"
        );
        assert_eq!(
            name(index(t, 0, Period::Quarter), Period::Quarter),
            "2026-Q2"
        );
        let q = index(t, brt, Period::Quarter);
        assert_eq!(start(q, brt, Period::Quarter), at("2026-01-01T03:00:00Z"));
        assert_eq!(
            start(q + 1, brt, Period::Quarter),
            at("2026-04-01T03:00:00Z")
        );
        let m = index(at("2024-02-29T12:00:00Z"), 0, Period::Month);
        assert_eq!(start(m + 1, 0, Period::Month), at("2024-03-01T00:00:00Z"));
        assert_eq!(start(m - 2, 0, Period::Month), at("2023-12-01T00:00:00Z"));
        assert_eq!(name(m - 2, Period::Month), "2023-12");
    }
}
