//! Tests of `time`: parsing, formatting, calendar arithmetic and durations.
use super::*;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|| panic!("{s:?} should parse"))
}

#[test]
fn epoch_and_known_instants() {
    assert_eq!(ts("1970-01-01T00:00:00Z"), Timestamp(0));
    assert_eq!(ts("1970-01-01"), Timestamp(0));
    assert_eq!(ts("2026-11-26T21:30:00Z"), Timestamp(1_795_728_600_000));
    assert_eq!(ts("2000-03-01"), Timestamp(951_868_800_000));
    assert_eq!(ts("1969-12-31T23:59:59.999Z"), Timestamp(-1));
    assert_eq!(ts("1900-01-01"), Timestamp(-2_208_988_800_000));
    assert_eq!(ts("0000-01-01").0, -62_167_219_200_000);
    assert_eq!(ts("9999-12-31T23:59:59.999Z").0, 253_402_300_799_999);
}

#[test]
fn offsets_and_separators() {
    let utc = ts("2026-11-26T21:30:00Z");
    for s in [
        "2026-11-26T18:30:00-03:00",
        "2026-11-26T18:30:00-0300",
        "2026-11-26t21:30:00z",
        "2026-11-26 21:30:00Z",
        "2026-11-27T03:00:00+05:30",
        "2026-11-26T21:30:00+00:00",
        "2026-11-26T21:30:00-00:00",
    ] {
        assert_eq!(ts(s), utc, "{s}");
    }
}

#[test]
fn fractions_keep_milliseconds() {
    let base = ts("2026-01-02T03:04:05Z").0;
    assert_eq!(ts("2026-01-02T03:04:05.5Z").0, base + 500);
    assert_eq!(ts("2026-01-02T03:04:05.12Z").0, base + 120);
    assert_eq!(ts("2026-01-02T03:04:05.123Z").0, base + 123);
    assert_eq!(ts("2026-01-02T03:04:05.123999999Z").0, base + 123);
    assert_eq!(ts("2026-01-02T03:04:05.000+01:00").0, base - 3_600_000);
}

#[test]
fn leap_years_and_month_lengths() {
    assert!(Timestamp::parse("2024-02-29").is_some());
    assert!(Timestamp::parse("2000-02-29").is_some());
    assert!(Timestamp::parse("2026-02-29").is_none());
    assert!(Timestamp::parse("1900-02-29").is_none());
    assert!(Timestamp::parse("2026-04-31").is_none());
    assert!(Timestamp::parse("2026-12-31").is_some());
    assert_eq!(ts("2024-03-01").0 - ts("2024-02-28").0, 2 * MS_PER_DAY);
}

#[test]
fn leap_second_reads_as_59() {
    assert_eq!(ts("2016-12-31T23:59:60Z"), ts("2016-12-31T23:59:59Z"));
    assert!(Timestamp::parse("2016-12-31T23:59:61Z").is_none());
}

#[test]
fn rejects_malformed() {
    // `|`-separated to keep the list compact; the first entry is "".
    let bad_inputs = "|2026|2026-1-01|2026-01-1|2026/01/01|-2026-01-01|+2026-01-01|\
                      -0001-01-01|12026-01-01|2026-00-10|2026-13-10|2026-01-00|2026-01-32|\
                      2026-01-01T|2026-01-01T10:00Z|2026-01-01T10:00:00|\
                      2026-01-01T24:00:00Z|2026-01-01T10:60:00Z|2026-01-01T10:00:00.Z|\
                      2026-01-01T10:00:00.1|2026-01-01T10:00:00+3|2026-01-01T10:00:00+03|\
                      2026-01-01T10:00:00+03:0|2026-01-01T10:00:00+24:00|\
                      2026-01-01T10:00:00+03:60|2026-01-01T10:00:00Zjunk|\
                      2026-01-01  10:00:00Z|2026-01-01_10:00:00Z| 2026-01-01|2026-01-01 |\
                      ２０２６-01-01|2026-01-01T10:00:00ZZ";
    for bad in bad_inputs.split('|') {
        assert_eq!(Timestamp::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn formatting() {
    assert_eq!(Timestamp(0).to_rfc3339(), "1970-01-01T00:00:00Z");
    assert_eq!(Timestamp(-1).to_rfc3339(), "1969-12-31T23:59:59.999Z");
    assert_eq!(
        Timestamp(1_795_728_600_007).to_string(),
        "2026-11-26T21:30:00.007Z"
    );
    assert_eq!(ts("0001-02-03").to_string(), "0001-02-03T00:00:00Z");
    assert_eq!(
        Timestamp(253_402_300_800_000).to_rfc3339(),
        "10000-01-01T00:00:00Z"
    );
    assert_eq!(
        Timestamp(ts("0000-01-01").0 - MS_PER_DAY).to_rfc3339(),
        "-0001-12-31T00:00:00Z"
    );
    // Extremes must not panic.
    let _ = Timestamp(i64::MIN).to_rfc3339();
    let _ = Timestamp(i64::MAX).to_rfc3339();
}

#[test]
fn round_trips() {
    for s in [
        "1970-01-01T00:00:00Z",
        "2024-02-29T12:34:56.789Z",
        "1969-07-20T20:17:40Z",
        "1600-03-01T00:00:00.001Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
    ] {
        assert_eq!(ts(s).to_rfc3339(), s);
    }
    // Every day across several 400-year cycles survives civil ↔ days.
    for days in (-800_000..800_000).step_by(7) {
        let (y, m, d) = civil_from_days(days);
        assert!((1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d));
        assert_eq!(days_from_civil(y, m, d), days);
    }
}

#[test]
fn arithmetic() {
    let t = ts("2026-11-26T20:30:00Z");
    assert_eq!(
        t.checked_add_millis(3_600_000),
        Some(ts("2026-11-26T21:30:00Z"))
    );
    assert_eq!(Timestamp(i64::MAX).checked_add_millis(1), None);
    assert_eq!(ts("2026-11-27T08:30:00Z").days_since(t), 0.5);
    assert_eq!(t.days_since(ts("2026-11-27T08:30:00Z")), -0.5);
    let edges = [
        i64::MIN,
        i64::MIN + 1,
        -(1 << 53) - 1,
        -1,
        0,
        1,
        1 << 53,
        i64::MAX,
    ];
    for (a, b) in edges
        .iter()
        .flat_map(|a| edges.iter().map(move |b| (*a, *b)))
    {
        let exact = (i128::from(a) - i128::from(b)) as f64 / 86_400_000.0;
        assert_eq!(Timestamp(a).days_since(Timestamp(b)), exact, "{a} {b}");
    }
}

#[test]
fn durations() {
    assert_eq!(parse_duration("15m"), Some(15 * MS_PER_MINUTE));
    assert_eq!(parse_duration("1h"), Some(MS_PER_HOUR));
    assert_eq!(parse_duration("2d"), Some(2 * MS_PER_DAY));
    assert_eq!(parse_duration("1h30m"), Some(90 * MS_PER_MINUTE));
    assert_eq!(parse_duration("1w"), Some(7 * MS_PER_DAY));
    assert_eq!(parse_duration("45s"), Some(45_000));
    assert_eq!(parse_duration("1d12h"), Some(36 * MS_PER_HOUR));
    assert_eq!(parse_duration("365d"), Some(MAX_DURATION_MS));
    assert_eq!(parse_duration("52w1d"), Some(MAX_DURATION_MS));
    let bad_inputs = "|0m|0h0m|366d|53w|1|h|1h30|1.5h\
                      |-1h|+1h|1 h| 1h|1H|1y|1hh|99999999999999999999s|9223372036854775807w";
    for bad in bad_inputs.split('|') {
        assert_eq!(parse_duration(bad), None, "{bad:?}");
    }
}
