//! Lone surrogates (`"\ud800"`) in JSON leads: every surface that reads JSON
//! text reads them as U+FFFD, as the npm package does (DESIGN.md: one string
//! rule for every runtime). `score` and `explain` warn; `report` keeps the
//! row, where it used to skip it as `bad_json`.

use std::process::{Command, Output};

const LEADS: &str = concat!(
    r#"{"email":"a@acme.com","created_at":"2026-10-01T10:00:00Z","job_title":"Diretor \ud800"}"#,
    "\n",
    r#"{"email":"b@acme.com","created_at":"2026-10-02T10:00:00Z"}"#,
    "\n"
);
const WARNING: &str = "lead: a lone surrogate was replaced by U+FFFD";

fn leadgate(args: &[&str], file: &str) -> Output {
    let path = std::env::temp_dir().join(format!("leadgate-lone-{}-{file}", std::process::id()));
    std::fs::write(&path, LEADS).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    let path_text = path.to_string_lossy().into_owned();
    all.push(&path_text);
    let out = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(&all)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    out
}

#[test]
fn score_reads_them_with_the_warning() {
    let out = leadgate(&["score", "--now", "2026-11-26T12:00:00Z"], "score.ndjson");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let outcomes: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(outcomes.len(), 2);
    assert_eq!(outcomes[0]["warnings"][0], WARNING);
    assert!(!text.lines().nth(1).unwrap().contains("surrogate"));
}

#[test]
fn report_keeps_the_row() {
    let out = leadgate(
        &["report", "--json", "--now", "2026-11-26T12:00:00Z"],
        "report.ndjson",
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["input"]["rows"], 2);
    assert_eq!(report["input"]["used"], 2, "{}", report["input"]);
    assert_eq!(report["input"]["columns"]["created_at"], "created_at");
}
