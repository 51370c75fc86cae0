//! The command line: the model written passes `check`, byte for byte the
//! same on a second run, summaries as tables or JSON, clear refusals.

use super::export::{export, model, truth, NOW};
use serde_json::Value as Json;
use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

fn leadgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .output()
        .unwrap()
}

/// A directory of one test's files, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("leadgate-tune-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn the_cli_writes_a_model_that_passes_check() {
    let dir = TempDir::new("check");
    let temp = |name: &str| dir.path(name);
    let csv_path = temp("export.csv");
    fs::write(&csv_path, export(3000, 9, 0.05, truth)).unwrap();
    let model_path = temp("model.json");
    fs::write(&model_path, model()).unwrap();
    let (csv, m) = (csv_path.to_str().unwrap(), model_path.to_str().unwrap());
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["tune", "--model", m, "--now", NOW, "-q", csv, "-o", out];
        args.extend_from_slice(extra);
        leadgate(&args)
    };
    let (out1, out2) = (temp("t1.json"), temp("t2.json"));
    let first = run(out1.to_str().unwrap(), &["--json"]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let summary: Json = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(summary["tune_version"], 1);
    let check = leadgate(&["check", out1.to_str().unwrap()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    // Byte for byte again with the same seed, whatever the threads.
    let second = run(out2.to_str().unwrap(), &["--json", "-j", "1"]);
    assert_eq!(second.stdout, first.stdout);
    assert_eq!(fs::read(&out1).unwrap(), fs::read(&out2).unwrap());
    // The tables name what matters.
    let text = run(out2.to_str().unwrap(), &[]);
    let text = String::from_utf8(text.stdout).unwrap();
    for part in [
        "HELD-OUT CHECK",
        "AUC (won vs lost)",
        "LIFT BY SCORE DECILE",
        "RULES",
        "CUT-OFFS",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    // Without -o the model goes to stdout and the summary to stderr.
    let piped = leadgate(&["tune", "--model", m, "--now", NOW, "-q", csv]);
    assert_eq!(piped.stdout, fs::read(&out1).unwrap());
    assert!(String::from_utf8_lossy(&piped.stderr).contains("HELD-OUT CHECK"));
}

#[test]
fn the_cli_refuses_clearly() {
    let dir = TempDir::new("refuse");
    let temp = |name: &str| dir.path(name);
    let csv_path = temp("few.csv");
    fs::write(&csv_path, export(300, 10, 0.0, |_| -4.0)).unwrap();
    let model_path = temp("model-few.json");
    fs::write(&model_path, model()).unwrap();
    let (csv, m) = (csv_path.to_str().unwrap(), model_path.to_str().unwrap());
    let out = leadgate(&["tune", "--model", m, "--now", NOW, "-q", "--json", csv]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[too_little_data]"), "{stderr}");
    let error: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["error"]["code"], "too_little_data");
    let stdin = leadgate(&["tune", "--model", m, "-"]);
    assert_eq!(stdin.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stdin.stderr).contains("give the export as a file"));
    let help = leadgate(&["tune", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).starts_with("Usage: leadgate tune"));
    let bad = leadgate(&["tune", "--holdout", "1.5", csv]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--holdout"));
}
