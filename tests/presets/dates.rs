//! Dates: the day/month order is settled per column from its first rows
//! (a number above 12 decides), forced by `--date-order`, and never guessed
//! per value; lifecycle dates before `created_at` are reported.

use super::{problems, report, TempFile};
use leadgate::report::{report_text, InputFormat, ReportOptions};

/// A US export: `Created` is month-first with 12-hour times (3/28 decides);
/// `Converted` has only dates whose day is 12 or less. Read day-first,
/// 4/2/2026 would be February 4th, before the lead was created.
const US: &str = "\
created_at,sql_at,email
3/4/2026 9:15 AM,4/2/2026,a@acme.com
3/28/2026 4:02 PM,4/2/2026,b@acme.com
4/1/2026 12:30 PM,,c@acme.com
";

#[test]
fn an_ambiguous_column_is_not_read_day_first_when_its_export_is_month_first() {
    let file = TempFile::new("us.csv", US);
    let (code, got, stderr) = report(&file.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(got["input"]["dates"]["created_at"]["order"], "mdy");
    assert_eq!(
        got["input"]["dates"]["created_at"]["decided_by"],
        "value \"3/28/2026 4:02 PM\""
    );
    assert_eq!(got["input"]["dates"]["sql_at"]["order"], "mdy");
    assert_eq!(
        got["input"]["dates"]["sql_at"]["decided_by"],
        "column \"created_at\" (\"3/28/2026 4:02 PM\")"
    );
    assert!(problems(&got, "date_before_created").is_empty());
    assert_eq!(got["overall"]["sql"], 2);
    // The months of 3/4, 3/28 and 4/1: March twice, April once.
    let months: Vec<(&str, u64)> = got["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["key"].as_str().unwrap(), m["leads"].as_u64().unwrap()))
        .collect();
    assert_eq!(months, [("2026-03", 2), ("2026-04", 1)]);
    let warnings: Vec<&str> = got["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .filter(|w| w.contains("day above 12"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        stderr.contains("warning: sql_at column \"sql_at\""),
        "{stderr}"
    );
}

#[test]
fn a_column_with_both_orders_is_an_error_naming_both_values() {
    let file = TempFile::new(
        "both.csv",
        "created_at,email\n13/01/2026,a@acme.com\n01/13/2026,b@acme.com\n",
    );
    let (code, _, stderr) = report(&file.path(), &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("\"13/01/2026\"") && stderr.contains("\"01/13/2026\""),
        "{stderr}"
    );
    assert!(stderr.contains("--date-order"), "{stderr}");
    // Forced, the value that does not fit is a row problem naming the column and value.
    let (code, got, stderr) = report(&file.path(), &["--date-order", "dmy"]);
    assert_eq!(code, 1, "{stderr}");
    let conflicts = problems(&got, "date_order_conflict");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["column"], "created_at");
    assert_eq!(conflicts[0]["line"], 3);
    let message = conflicts[0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"01/13/2026\"") && message.contains("--date-order mdy"),
        "{message}"
    );
    assert_eq!(got["input"]["used"], 1);
    assert_eq!(
        got["input"]["dates"]["created_at"]["decided_by"],
        "--date-order"
    );
}

/// An export longer than the sample whose first 1000 rows are all
/// ambiguous: read day-first by default (a warning says so), and a later
/// month-first value is a row problem, never read the other way — with one
/// thread or several, and in the core as in the CLI.
#[test]
fn a_later_value_in_the_other_order_is_a_row_problem_everywhere() {
    let mut text = String::from("created_at,email\n");
    for i in 0..1200 {
        let day = i % 12 + 1;
        text.push_str(&format!("{day:02}/03/2026 10:00,lead{i}@acme.com\n"));
    }
    text.push_str("03/25/2026 10:00,late@acme.com\n");
    let file = TempFile::new("late.csv", &text);
    let mut jsons = Vec::new();
    for threads in ["1", "3"] {
        let (code, got, stderr) = report(&file.path(), &["--threads", threads]);
        assert_eq!(code, 1, "{stderr}");
        let conflicts = problems(&got, "date_order_conflict");
        assert_eq!(conflicts.len(), 1, "{threads}");
        assert_eq!(conflicts[0]["line"], 1202);
        assert_eq!(got["input"]["used"], 1200);
        assert_eq!(got["input"]["dates"]["created_at"]["decided_by"], "default");
        let orders = got["warnings"].as_array().unwrap().iter();
        assert_eq!(
            orders
                .filter(|w| w.as_str().unwrap().contains("day above 12"))
                .count(),
            1
        );
        jsons.push(got);
    }
    assert_eq!(jsons[0], jsons[1]);
    let model = leadgate::compile(leadgate::DEFAULT_MODEL).unwrap();
    let options = ReportOptions::from_json(&format!("{{\"as_of\": \"{}\"}}", super::NOW))
        .unwrap()
        .with_agreement_of(leadgate::DEFAULT_MODEL);
    let core = report_text(&model, &text, InputFormat::Csv, &options).unwrap();
    let core: serde_json::Value = serde_json::from_str(&core.to_json()).unwrap();
    assert_eq!(core, super::cli_minus_reading(&jsons[0]));
}

#[test]
fn every_form_reads_the_same_moment() {
    // The same moment, 2026-06-05 14:07 UTC, in every form (zone-less ones in UTC).
    let text = "created_at,email\n\
        2026-06-05T14:07:00Z,a@x.com\n\
        2026-06-05T11:07:00-03:00,b@x.com\n\
        2026-06-05 14:07,c@x.com\n\
        05.06.2026 14:07,d@x.com\n\
        1780668420000,e@x.com\n\
        1780668420,f@x.com\n\
        25/06/2026 14:07,g@x.com\n";
    let file = TempFile::new("forms.csv", text);
    let (code, got, stderr) = report(&file.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(got["input"]["used"], 7);
    assert_eq!(got["by_month"][0]["key"], "2026-06");
    assert_eq!(got["by_month"][0]["leads"], 7);
}

#[test]
fn lifecycle_dates_before_created_are_reported_and_the_row_counts() {
    let text = "created_at,mql_at,won_at,email\n\
        2026-03-10T10:00:00Z,2026-03-09T10:00:00Z,,a@x.com\n\
        2026-03-10T10:00:00Z,2026-03-11T10:00:00Z,2026-03-01,b@x.com\n";
    let file = TempFile::new("before.csv", text);
    let (code, got, stderr) = report(&file.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let before = problems(&got, "date_before_created");
    assert_eq!(before.len(), 2);
    assert_eq!(
        (&before[0]["column"], &before[0]["line"]),
        (&"mql_at".into(), &2.into())
    );
    let message = before[0]["message"].as_str().unwrap();
    assert!(
        message.contains("\"2026-03-09T10:00:00Z\"")
            && message.contains("\"2026-03-10T10:00:00Z\""),
        "{message}"
    );
    assert_eq!(before[1]["column"], "won_at");
    assert_eq!(got["input"]["used"], 2);
    assert_eq!(got["overall"]["mql"], 2);
    assert_eq!(got["overall"]["won"], 1);
}
