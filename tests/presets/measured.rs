//! "Not measured" is not 0%: without a first-contact column the SLA figures
//! are null with a warning (JSON), "not measured" in the terminal tables and
//! the HTML report; with one, they are measured as before.

use super::{export, leadgate, report, TempFile, NOW};

#[test]
fn without_a_first_contact_column_the_sla_is_not_measured() {
    // HubSpot's export has no first-contact column in this file.
    let (code, got, stderr) = report(&export("hubspot.csv"), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(got["sla"]["measured"], false);
    assert!(got["overall"]["sla_adherence"].is_null());
    assert_eq!(got["overall"]["sla_due"], 0);
    for stage in got["sla"]["stages"].as_array().unwrap() {
        assert!(stage["adherence"].is_null());
        assert_eq!(stage["never"], 0);
    }
    for month in got["by_month"].as_array().unwrap() {
        assert!(month["sla_adherence"].is_null());
    }
    let warning = got["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str())
        .find(|w| w.starts_with("first_contact_at:"))
        .unwrap();
    assert!(warning.contains("not measured") && warning.contains("--map first_contact_at=COLUMN"));
    // The terminal tables and the HTML page say so; no "0.0%" anywhere for the SLA.
    let html = TempFile::new("not-measured.html", "");
    let html_path = html.path();
    let out = leadgate(&[
        "report",
        "--now",
        NOW,
        "--html",
        &html_path,
        &export("hubspot.csv"),
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("not measured: the export has no first-contact column"),
        "{text}"
    );
    let section = &text[text.find("SLA ·").unwrap()..text.find("BY MONTH").unwrap()];
    assert!(!section.contains(".0%"), "{section}");
    assert!(text.contains("(SLA, median, p90: not measured)"));
    let page = std::fs::read_to_string(&html_path).unwrap();
    assert!(page.contains("<strong>Not measured</strong>"));
    assert!(page.contains("<td>not measured</td>"));
}

#[test]
fn with_a_first_contact_column_it_is_measured() {
    let file = TempFile::new(
        "measured.csv",
        "created_at,mql_at,first_contact_at,email\n\
         2026-03-02T10:00:00Z,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z,a@x.com\n\
         2026-03-03T10:00:00Z,2026-03-03T10:00:00Z,,b@x.com\n",
    );
    let (_, got, _) = report(&file.path(), &[]);
    assert_eq!(got["sla"]["measured"], true);
    assert_eq!(got["overall"]["contacted"], 1);
    assert!(got["overall"]["sla_adherence"].is_number());
}
