//! Known answers: each form, the 12-hour clock, epochs, serials (and the
//! 1900 leap-year bug), and the per-column order decision.

use super::*;

fn ms(rfc3339: &str) -> i64 {
    Timestamp::parse(rfc3339).unwrap().0
}

const DMY: ColumnDates = ColumnDates {
    order: Order::Dmy,
    serial: false,
};
const MDY: ColumnDates = ColumnDates {
    order: Order::Mdy,
    serial: false,
};
const SERIAL: ColumnDates = ColumnDates {
    order: Order::Dmy,
    serial: true,
};

fn at(text: &str, column: &ColumnDates) -> Result<i64, DateError> {
    read(text, column, 0).map(|t| t.0)
}

#[test]
fn iso_and_rfc3339() {
    assert_eq!(
        at("2026-06-05T14:07:00Z", &DMY),
        Ok(ms("2026-06-05T14:07:00Z"))
    );
    assert_eq!(
        at("2026-06-05T11:07:00-03:00", &DMY),
        Ok(ms("2026-06-05T14:07:00Z"))
    );
    assert_eq!(at("2026-06-05 14:07", &MDY), Ok(ms("2026-06-05T14:07:00Z")));
    assert_eq!(
        at("2026-06-05 14:07:09.250", &DMY),
        Ok(ms("2026-06-05T14:07:09.250Z"))
    );
    assert_eq!(at("2026-06-05", &DMY), Ok(ms("2026-06-05T00:00:00Z")));
    // A zone-less value is local time; a zoned one is not moved.
    let brt = -3 * 3_600_000;
    assert_eq!(
        read("2026-06-05 11:07", &DMY, brt).map(|t| t.0),
        Ok(ms("2026-06-05T14:07:00Z"))
    );
    assert_eq!(
        read("2026-06-05T14:07Z", &DMY, brt).map(|t| t.0),
        Ok(ms("2026-06-05T14:07:00Z"))
    );
}

#[test]
fn numeric_dates_follow_the_column_order() {
    // 05/06/2026 is 5 June day-first and May 6 month-first.
    assert_eq!(at("05/06/2026 14:07", &DMY), Ok(ms("2026-06-05T14:07:00Z")));
    assert_eq!(at("05/06/2026 14:07", &MDY), Ok(ms("2026-05-06T14:07:00Z")));
    assert_eq!(
        at("5/6/2026 14:07:30", &DMY),
        Ok(ms("2026-06-05T14:07:30Z"))
    );
    assert_eq!(at("25/12/2026", &DMY), Ok(ms("2026-12-25T00:00:00Z")));
    // A value that exists only in the other order is named as such.
    assert_eq!(at("25/12/2026", &MDY), Err(DateError::OtherOrder));
    assert_eq!(at("12/25/2026", &DMY), Err(DateError::OtherOrder));
    assert_eq!(at("31/02/2026", &DMY), Err(DateError::NotADate));
}

#[test]
fn twelve_hour_clock() {
    assert_eq!(at("6/5/2026 2:07 PM", &MDY), Ok(ms("2026-06-05T14:07:00Z")));
    assert_eq!(
        at("6/5/2026 2:07:09 pm", &MDY),
        Ok(ms("2026-06-05T14:07:09Z"))
    );
    assert_eq!(
        at("6/5/2026 12:00 AM", &MDY),
        Ok(ms("2026-06-05T00:00:00Z"))
    );
    assert_eq!(
        at("6/5/2026 12:30 PM", &MDY),
        Ok(ms("2026-06-05T12:30:00Z"))
    );
    assert_eq!(
        at("12/31/2026 11:59 PM", &MDY),
        Ok(ms("2026-12-31T23:59:00Z"))
    );
    assert_eq!(at("6/5/2026 13:00 PM", &MDY), Err(DateError::NotADate));
    assert_eq!(at("6/5/2026 0:10 AM", &MDY), Err(DateError::NotADate));
}

#[test]
fn dotted_dates_are_day_first() {
    assert_eq!(at("05.06.2026", &MDY), Ok(ms("2026-06-05T00:00:00Z")));
    assert_eq!(at("5.6.2026 14:07", &MDY), Ok(ms("2026-06-05T14:07:00Z")));
    assert_eq!(at("06.25.2026", &DMY), Err(DateError::NotADate));
}

#[test]
fn epochs() {
    assert_eq!(at("1780668420000", &DMY), Ok(ms("2026-06-05T14:07:00Z")));
    assert_eq!(at("1780668420", &DMY), Ok(ms("2026-06-05T14:07:00Z")));
    // 12 digits are milliseconds too (1973–2001).
    assert_eq!(at("946684800000", &DMY), Ok(ms("2000-01-01T00:00:00Z")));
    // 9 and 11 digits are neither.
    assert_eq!(at("946684800", &DMY), Err(DateError::NotADate));
    assert_eq!(at("17806684200", &DMY), Err(DateError::NotADate));
}

#[test]
fn serial_days_only_in_a_serial_column() {
    // 46178 is 2026-06-05 in the 1900 date system; .5 is noon.
    assert_eq!(at("46178", &SERIAL), Ok(ms("2026-06-05T00:00:00Z")));
    assert_eq!(at("46178.5", &SERIAL), Ok(ms("2026-06-05T12:00:00Z")));
    assert_eq!(
        at("46178.588194444", &SERIAL),
        Ok(ms("2026-06-05T14:07:00Z"))
    );
    assert_eq!(at("46178", &DMY), Err(DateError::SerialOutsideSerialColumn));
    // 61 is 1900-03-01; 60 is the 1900-02-29 that never was, and below it
    // programs disagree: refused.
    assert_eq!(at("61", &SERIAL), Ok(ms("1900-03-01T00:00:00Z")));
    assert_eq!(at("60", &SERIAL), Err(DateError::NotADate));
    assert_eq!(at("1", &SERIAL), Err(DateError::NotADate));
}

#[test]
fn not_dates() {
    for bad in [
        "",
        "ontem",
        "2026-13-01",
        "2026-01-01T25:00",
        "32/01/2026",
        "01/01/26",
        "13/13/2026",
        "2026-01-01X",
        "01/01/2026 10",
        "2026/01/01",
        "12:00",
        "2026-01-01T10:00Zx",
        "1.000",
        "01/01/2026 10:00Z",
    ] {
        assert!(at(bad, &SERIAL).is_err(), "{bad:?}");
    }
}

fn evidence(values: &[&str]) -> Evidence {
    let mut e = Evidence::default();
    for v in values {
        e.add(v);
    }
    e
}

fn sample<'a>(column: &'a str, e: &'a Evidence) -> ColumnSample<'a> {
    ColumnSample {
        field: "created_at",
        column,
        evidence: e,
    }
}

#[test]
fn a_day_above_12_decides_the_column() {
    let e = evidence(&["01/02/2026", "03/04/2026 10:00", "", "4/13/2026 9:00 AM"]);
    let s = settle(&[sample("Create Date", &e)], None, None).unwrap();
    assert_eq!(s[0].dates.order, Order::Mdy);
    assert_eq!(s[0].decided, Decided::Value("4/13/2026 9:00 AM".into()));
    assert_eq!(s[0].warning, None);
    let e = evidence(&["13/01/2026"]);
    let s = settle(
        &[sample("Data", &e)],
        None,
        Some(("salesforce", Order::Mdy)),
    )
    .unwrap();
    assert_eq!(s[0].dates.order, Order::Dmy);
}

#[test]
fn both_orders_in_one_column_is_an_error_naming_both() {
    let e = evidence(&["13/01/2026", "02/02/2026", "01/13/2026"]);
    let err = settle(&[sample("Create Date", &e)], None, None).unwrap_err();
    assert!(
        err.contains("\"13/01/2026\"") && err.contains("\"01/13/2026\""),
        "{err}"
    );
    assert!(
        err.contains("Create Date") && err.contains("--date-order"),
        "{err}"
    );
    // Forced, it is settled (the values that do not fit are row problems).
    let s = settle(&[sample("Create Date", &e)], Some(Order::Mdy), None).unwrap();
    assert_eq!(
        (s[0].dates.order, &s[0].decided),
        (Order::Mdy, &Decided::Forced)
    );
}

/// The issue's "17 date-only values silently read with day and month
/// swapped": a Salesforce `M/d/yyyy` column whose first values are all 12
/// or less is not read day-first — its sibling or the preset decides, and
/// the warning says so.
#[test]
fn an_ambiguous_column_follows_a_sibling_then_the_preset() {
    let converted = evidence(&["3/4/2026", "11/2/2026", "1/12/2026"]);
    let created = evidence(&["3/4/2026 9:15 AM", "3/28/2026 4:02 PM"]);
    let both = [
        sample("Create Date", &created),
        ColumnSample {
            field: "sql_at",
            column: "Converted Date",
            evidence: &converted,
        },
    ];
    let s = settle(&both, None, None).unwrap();
    assert_eq!(s[1].dates.order, Order::Mdy);
    let warning = s[1].warning.clone().unwrap();
    assert!(
        warning.contains("Converted Date") && warning.contains("Create Date"),
        "{warning}"
    );
    assert!(warning.contains("\"3/4/2026\""), "{warning}");
    // Alone, the preset decides; without one, day-first; both say so.
    let alone = [sample("Converted Date", &converted)];
    let s = settle(&alone, None, Some(("salesforce", Order::Mdy))).unwrap();
    assert_eq!(s[0].dates.order, Order::Mdy);
    assert!(s[0]
        .warning
        .as_deref()
        .unwrap()
        .contains("salesforce preset"));
    let s = settle(&alone, None, None).unwrap();
    assert_eq!(
        (s[0].dates.order, &s[0].decided),
        (Order::Dmy, &Decided::Default)
    );
    assert!(s[0].warning.as_deref().unwrap().contains("--date-order"));
    // ISO columns need no order and say nothing.
    let iso = evidence(&["2026-03-04T10:00:00Z"]);
    let s = settle(&[sample("created_at", &iso)], None, None).unwrap();
    assert_eq!(s[0].warning, None);
}

#[test]
fn a_column_of_serials_is_read_as_serials() {
    let e = evidence(&["46178.5", "46179", ""]);
    let s = settle(&[sample("Create Date", &e)], None, None).unwrap();
    assert!(s[0].dates.serial);
    assert!(s[0].warning.as_deref().unwrap().contains("serial"));
    let e = evidence(&["46178.5", "2026-06-05"]);
    let s = settle(&[sample("Create Date", &e)], None, None).unwrap();
    assert!(!s[0].dates.serial);
}

#[test]
fn orders_by_name() {
    assert_eq!(Order::parse("DMY"), Some(Order::Dmy));
    assert_eq!(Order::parse("mdy"), Some(Order::Mdy));
    assert_eq!(Order::parse("ymd"), None);
    assert_eq!(Order::Mdy.other().name(), "dmy");
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
        assert_eq!(
            at(text, &DMY).ok(),
            Timestamp::parse(text).map(|t| t.0),
            "{text}"
        );
    }
    let utc = Timestamp::parse("2026-11-26T21:30:00Z").map(|t| t.0);
    assert_eq!(at("2026-11-26T18:30-03", &DMY).ok(), utc);
    assert_eq!(at(" 2026-11-26 21:30 ", &DMY).ok(), utc);
}
