//! `leadgate review` (issue 18): the monthly SLA review, compared byte for
//! byte with golden files whose figures are worked out by hand in
//! tests/fixtures/review/README.md, in English and Brazilian Portuguese,
//! Markdown and HTML; plus the refusals and "not measured" revenue.

use std::path::PathBuf;
use std::process::{Command, Output};

const NOW: &str = "2026-12-05T12:00:00Z";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/review")
}

fn review(extra: &[&str], export: &str) -> Output {
    let d = dir();
    let model = d.join("model.json");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_leadgate"));
    cmd.args(["review", "--now", NOW, "--timezone", "-03:00", "--model"])
        .arg(model)
        .args(extra)
        .arg(export);
    cmd.output().unwrap()
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap()
}

fn ok(out: &Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn english_markdown_matches_the_golden_file() {
    let export = dir().join("export.csv");
    let out = review(&[], export.to_str().unwrap());
    assert_eq!(ok(&out), golden("review.en.md"));
}

#[test]
fn portuguese_markdown_and_html_match_the_golden_files() {
    let export = dir().join("export.csv");
    let html = std::env::temp_dir().join(format!("leadgate-review-{}.html", std::process::id()));
    let html_arg = html.to_str().unwrap().to_string();
    let out = review(
        &["--lang", "pt-BR", "--month", "2026-11", "--html", &html_arg],
        export.to_str().unwrap(),
    );
    assert_eq!(ok(&out), golden("review.pt-BR.md"));
    let page = std::fs::read_to_string(&html).unwrap();
    let _ = std::fs::remove_file(&html);
    assert_eq!(page, golden("review.pt-BR.html"));
    // Self-contained: no script, no URL, a <main>.
    assert!(page.contains("<main>") && !page.contains("<script") && !page.contains("://"));
}

#[test]
fn a_month_after_now_and_an_unknown_language_are_usage_errors() {
    let export = dir().join("export.csv");
    let e = export.to_str().unwrap();
    let out = review(&["--month", "2027-01"], e);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2027-01 is after the month of --now"));
    let out = review(&["--month", "2026-1"], e);
    assert_eq!(out.status.code(), Some(2));
    let out = review(&["--lang", "fr"], e);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("expected en or pt-BR"));
}

#[test]
fn without_a_value_column_revenue_is_not_measured_never_zero() {
    // The same first four leads without `amount`: money goals are not measured.
    let csv: String = golden("export.csv")
        .lines()
        .take(5)
        .map(|l| format!("{}\n", l.rsplit_once(',').unwrap().0))
        .collect();
    let path = std::env::temp_dir().join(format!("leadgate-review-{}.csv", std::process::id()));
    std::fs::write(&path, csv).unwrap();
    let out = review(&["--month", "2026-10"], path.to_str().unwrap());
    let _ = std::fs::remove_file(&path);
    let text = ok(&out);
    assert!(text.contains("# SLA review — 2026-10"), "{text}");
    assert!(
        text.contains("Not measured: the export has no deal value column."),
        "{text}"
    );
    assert!(
        text.contains("revenue_q: cannot be measured from this export — owner: sales."),
        "{text}"
    );
    assert!(
        text.contains(
            "| revenue_q | sales | 2026-Q4 | ≥ 50,000.00 BRL | — | not measured | — | — |"
        ),
        "{text}"
    );
    // October is reviewed with November after it: 2 months before December, still immature.
    assert!(text.contains("2026-10 is recent"), "{text}");
}

#[test]
fn a_long_list_of_leads_behind_shows_the_five_that_waited_longest() {
    // Seven global-sdr SQLs in November, none contacted: sla_sql_global is
    // 0 of 7 (100% short, the largest gap); the list counts 7 and shows the
    // five oldest hand-offs (lines 2–6), oldest first.
    let mut csv = String::from("created_at,mql_at,sql_at,first_contact_at,won_at,team,amount\n");
    for day in 10..17 {
        let t = format!("2026-11-{day}T12:00:00Z");
        csv.push_str(&format!("{t},{t},{t},,,global-sdr,\n"));
    }
    let path =
        std::env::temp_dir().join(format!("leadgate-review-long-{}.csv", std::process::id()));
    std::fs::write(&path, csv).unwrap();
    let out = review(&[], path.to_str().unwrap());
    let _ = std::fs::remove_file(&path);
    let text = ok(&out);
    let at = text
        .find("### 1. sla_sql_global (SQL, global-sdr) — 2026-11: 0.0% against ≥ 90.0%, 100.0% short — owner: sales")
        .unwrap();
    let section: Vec<&str> = text[at..].lines().take(11).collect();
    assert_eq!(
        section[2..],
        [
            "Leads behind it: 7 — hand-offs that missed the SLA: never contacted (longest waiting first), then contacted late (slowest first); the first 5:",
            "",
            "| Line | Team | Owner | When | Why |",
            "| --- | --- | --- | --- | --- |",
            "| 2 | global-sdr | — | 2026-11-10 09:00 | never contacted |",
            "| 3 | global-sdr | — | 2026-11-11 09:00 | never contacted |",
            "| 4 | global-sdr | — | 2026-11-12 09:00 | never contacted |",
            "| 5 | global-sdr | — | 2026-11-13 09:00 | never contacted |",
            "| 6 | global-sdr | — | 2026-11-14 09:00 | never contacted |",
        ]
    );
}
