//! Runs the built `leadgate` binary on small inputs written to a temp dir.

use leadgate::{compile, ScoreOptions, Timestamp, Value};
use serde_json::Value as Json;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-11-26T12:00:00Z";

/// A small model of our own, independent of the default model.
const MODEL: &str = r#"{
  "id": "cli-test", "version": "1",
  "fit_rules": [
    { "id": "big", "label": "Big company", "points": 30, "if": { "field": "company.size", "gte": 100 } },
    { "id": "senior", "points": 20, "if": { "field": "job_title", "words_any": ["diretor", "head"] } },
    { "id": "cep", "points": 5, "if": { "field": "zip", "equals": "01310" } },
    { "id": "opted_in", "points": 1, "if": { "field": "opt_in", "equals": true } }
  ],
  "grades": { "A": 50, "B": 30, "C": 10 },
  "engagement": { "rules": [
    { "id": "demo_page", "points": 10, "max": 30,
      "if": { "event": "page_view", "where": { "field": "path", "starts_with": "/demo" } } }
  ] },
  "stages": [
    { "stage": "SQL", "requires": ["email"],
      "if": { "all": [ { "grade_at_least": "A" }, { "engagement_at_least": 10 } ] } },
    { "stage": "MQL", "if": { "grade_at_least": "B" } }
  ],
  "routing": [ { "id": "all", "team": "inbound-sdr" } ],
  "sla": { "SQL": { "respond_within": "1h" } }
}"#;

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("leadgate-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
    fn file(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }
    fn path(&self, name: &str) -> String {
        self.0.join(name).to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn leadgate(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.unwrap_or_default().to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// What the library itself says for one lead: the bytes the CLI must print.
fn expected(model_text: &str, lead: &str) -> String {
    let model = compile(model_text).unwrap();
    let lead: Value = serde_json::from_str(lead).unwrap();
    let now = Timestamp::parse(NOW).unwrap();
    serde_json::to_string(&model.score(&lead, &ScoreOptions::at(now)).unwrap()).unwrap()
}

#[test]
fn scores_ndjson_in_order_with_the_library_bytes() {
    let dir = TempDir::new("ndjson");
    let model = dir.file("model.json", MODEL);
    let leads = [
        r#"{"email":"ana@acme.com","company.size":500,"job_title":"Diretora Comercial","events":[{"event":"page_view","at":"2026-11-25","path":"/demo"}]}"#,
        r#"{"email":"bob@example.com","job_title":"Analyst","zip":"01310"}"#,
        r#"{"email":"carla@acme.com","company":{"size":150},"job_title":"Head of Sales \"EMEA\""}"#,
    ];
    let input = dir.file(
        "leads.ndjson",
        &format!("{}\n\n{}\r\n{}", leads[0], leads[1], leads[2]),
    );
    let out = leadgate(&["score", "--model", &model, "--now", NOW, &input], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    let want: Vec<String> = leads.iter().map(|l| expected(MODEL, l)).collect();
    assert_eq!(lines, want);
    let first: Json = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(first["stage"], "SQL");
    assert_eq!(first["route"]["respond_by"], "2026-11-26T13:00:00Z");
}

#[test]
fn reports_malformed_lines_and_scores_the_rest() {
    let dir = TempDir::new("malformed");
    let model = dir.file("model.json", MODEL);
    let input = dir.file(
        "leads.ndjson",
        "{\"email\":\"a@b.com\"}\n{\"email\": oops}\n{\"email\":\"c@d.com\"}\n[1,2]\n{\"email\":\"e@f.com\"}\n",
    );
    let errors = dir.path("errors.ndjson");
    let out = leadgate(
        &[
            "score", "-m", &model, "--now", NOW, "--errors", &errors, &input,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    let emails: Vec<String> = stdout
        .lines()
        .map(|l| {
            let o: Json = serde_json::from_str(l).unwrap();
            o["reasons"].as_array().unwrap().len().to_string()
        })
        .collect();
    assert_eq!(emails.len(), 3, "{stdout}");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{input}:2: bad_json: invalid JSON")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{input}:4: not_an_object: ")),
        "{stderr}"
    );
    let records: Vec<Json> = fs::read_to_string(&errors)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["line"], 2);
    assert_eq!(records[0]["code"], "bad_json");
    assert_eq!(records[0]["file"], input.as_str());
    assert_eq!(records[1]["line"], 4);
    assert_eq!(records[1]["code"], "not_an_object");
    assert!(records[1]["message"].as_str().unwrap().contains("array"));
}

#[test]
fn scores_csv_with_typed_cells_events_and_appended_columns() {
    let dir = TempDir::new("csv");
    let model = dir.file("model.json", MODEL);
    let csv = "email,company.size,job_title,zip,opt_in,events\n\
        ana@acme.com,500,Diretora,01310,TRUE,\"[{\"\"event\"\":\"\"page_view\"\",\"\"at\"\":\"\"2026-11-25\"\",\"\"path\"\":\"\"/demo\"\"}]\"\n\
        bob@x.com,,\"Head, \"\"Growth\"\"\nLatAm\",,false,\n\
        too,many,cells,here,x,y,z\n\
        eve@x.com,20,Analyst,1310,,\"[{\"\"event\"\": oops}]\"\n\
        dan@x.com,150,,,,\n";
    let input = dir.file("leads.csv", csv);
    let out = leadgate(&["score", "-m", &model, "--now", NOW, &input], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let rows: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        rows[0],
        "email,company.size,job_title,zip,opt_in,events,stage,score,grade,persona,team,respond_by"
    );
    assert!(
        rows[1].starts_with("ana@acme.com,500,Diretora,01310,TRUE,\"[{"),
        "{stdout}"
    );
    assert!(
        rows[1].ends_with("\"/demo\"\"}]\",SQL,66,A,,inbound-sdr,2026-11-26T13:00:00Z"),
        "{stdout}"
    );
    // The quoted multi-line cell stays one record, echoed unchanged.
    assert_eq!(rows[2], "bob@x.com,,\"Head, \"\"Growth\"\"");
    assert_eq!(rows[3], "LatAm\",,false,,lead,20,C,,inbound-sdr,");
    assert!(rows[4].starts_with("dan@x.com,150,,,,,"), "{stdout}");
    assert_eq!(rows.len(), 5);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!("{input}:5: bad_csv: expected 6 fields")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{input}:6: bad_events: events: invalid JSON")),
        "{stderr}"
    );

    // As NDJSON: numbers are numbers, "01310" stays text, TRUE is a boolean.
    let out = leadgate(
        &[
            "score", "-m", &model, "--now", NOW, "--output", "ndjson", &input,
        ],
        None,
    );
    let first: Json = serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    let reasons = first["reasons"].as_array().unwrap();
    let value_of =
        |rule: &str| reasons.iter().find(|r| r["rule"] == rule).unwrap()["value"].clone();
    assert_eq!(value_of("big"), serde_json::json!(500));
    assert_eq!(value_of("cep"), serde_json::json!("01310"));
    assert_eq!(value_of("opted_in"), serde_json::json!(true));
    assert_eq!(value_of("demo_page"), serde_json::json!(1));
}

#[test]
fn ndjson_to_csv_names_file_and_line() {
    let dir = TempDir::new("ndjson-csv");
    let model = dir.file("model.json", MODEL);
    let out = leadgate(
        &["score", "-m", &model, "--now", NOW, "--output", "csv", "-"],
        Some(b"{\"email\":\"a@b.com\"}\n\n{\"company.size\":200,\"job_title\":\"head\"}\n"),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "file,line,stage,score,grade,persona,team,respond_by\n\
         <stdin>,1,lead,0,D,,inbound-sdr,\n\
         <stdin>,3,MQL,50,A,,inbound-sdr,\n"
    );
}

#[test]
fn default_model_many_batches_many_threads_match_the_library() {
    let generated = leadgate(&["generate", "--count", "3000", "--seed", "7"], None);
    assert_eq!(generated.status.code(), Some(0));
    let leads = text(&generated.stdout);
    assert!(leads.len() > 1_000_000, "needs several batches");
    let out = leadgate(
        &["score", "--now", NOW, "--threads", "3"],
        Some(leads.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let got: Vec<&str> = stdout.lines().collect();
    assert_eq!(got.len(), 3000);
    for (lead, line) in leads.lines().zip(got) {
        assert_eq!(line, expected(leadgate::DEFAULT_MODEL, lead));
    }
    let stages: std::collections::BTreeSet<String> = stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<Json>(l).unwrap()["stage"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        stages.contains("SQL") && stages.contains("MQL") && stages.contains("lead"),
        "{stages:?}"
    );
}

#[test]
fn generate_is_deterministic_and_csv_round_trips() {
    let a = leadgate(&["generate", "-n", "200", "--seed", "42"], None);
    let b = leadgate(&["generate", "-n", "200", "--seed", "42"], None);
    let c = leadgate(&["generate", "-n", "200", "--seed", "43"], None);
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
    assert_eq!(text(&a.stdout).lines().count(), 200);
    for line in text(&a.stdout).lines() {
        let lead: Json = serde_json::from_str(line).unwrap();
        assert!(lead.is_object());
    }
    let csv = leadgate(
        &["generate", "-n", "200", "--seed", "42", "--format", "csv"],
        None,
    );
    let dir = TempDir::new("generate");
    let path = dir.file("leads.csv", &text(&csv.stdout));
    let scored = leadgate(&["score", "--now", NOW, "--output", "ndjson", &path], None);
    assert_eq!(scored.status.code(), Some(0), "{}", text(&scored.stderr));
    let from_ndjson = leadgate(&["score", "--now", NOW], Some(&a.stdout));
    // The same leads through CSV score the same (CSV types numbers back from text).
    let stages = |o: &Output| -> Vec<String> {
        text(&o.stdout)
            .lines()
            .map(|l| {
                let v: Json = serde_json::from_str(l).unwrap();
                format!("{} {}", v["stage"], v["score"])
            })
            .collect()
    };
    assert_eq!(stages(&scored), stages(&from_ndjson));
}

#[test]
fn check_reports_problems_with_paths_and_codes() {
    let dir = TempDir::new("check");
    let good = dir.file("good.json", MODEL);
    let bad = dir.file(
        "bad.json",
        r#"{"id":"x","version":"1","fit_rules":[{"id":"r","points":5,"if":{"field":"a","containz":["b"]}}]}"#,
    );
    let out = leadgate(&["check", &good], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with(&format!("{good}: ok (cli-test 1 ")));
    let out = leadgate(&["check", &good, &bad], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("{bad}: fit_rules[0].if")),
        "{stdout}"
    );
    assert!(stdout.contains("[unknown_operator]"), "{stdout}");
    assert!(stdout.contains("    hint: "), "{stdout}");
    let out = leadgate(&["check", "--json", &good, &bad], None);
    let reports: Vec<Json> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(reports[0]["ok"], true);
    assert_eq!(reports[1]["ok"], false);
    assert_eq!(reports[1]["file"], bad.as_str());
    assert_eq!(reports[1]["errors"][0]["code"], "unknown_operator");
    assert!(reports[1]["errors"][0]["path"]
        .as_str()
        .unwrap()
        .starts_with("fit_rules[0].if"));
    let out = leadgate(&["check", &dir.path("missing.json")], None);
    assert_eq!(out.status.code(), Some(2));
    // A bad --model stops `score` with its problems and exit code 2.
    let out = leadgate(&["score", "--model", &bad], Some(b"{}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("[unknown_operator]"));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_shows_the_breakdown_and_json() {
    let dir = TempDir::new("explain");
    let model = dir.file("model.json", MODEL);
    let lead = r#"{"email":"ana@acme.com","company.size":500,"job_title":"Diretora"}"#;
    let path = dir.file("lead.json", lead);
    let out = leadgate(&["explain", "-m", &model, "--now", NOW, &path], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("Stage      MQL"), "{report}");
    assert!(
        report.contains("Score      50 = fit 50 + engagement 0"),
        "{report}"
    );
    assert!(report.contains("Big company"), "{report}");
    assert!(report.contains("company.size = 500"), "{report}");
    assert!(report.contains("Next stage: SQL still needs"), "{report}");
    assert!(report.contains("engagement_at_least 10"), "{report}");
    assert!(report.lines().all(|l| l.chars().count() <= 100));
    let out = leadgate(
        &["explain", "-m", &model, "--now", NOW, "--json", "-"],
        Some(lead.as_bytes()),
    );
    let pretty: Json = serde_json::from_slice(&out.stdout).unwrap();
    let want: Json = serde_json::from_str(&expected(MODEL, lead)).unwrap();
    assert_eq!(pretty, want);
    let out = leadgate(
        &[
            "explain",
            "-m",
            &model,
            "--now",
            NOW,
            "--previous-stage",
            "SQL",
            "--json",
            &path,
        ],
        None,
    );
    let kept: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(kept["stage"], "SQL");
    // The default model explains too.
    let out = leadgate(&["explain", "--now", NOW, &path], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("fluxo-b2b"));
}

#[test]
fn schema_help_version_and_usage_errors() {
    let out = leadgate(&["schema"], None);
    let schema: Json = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["type"], "object");
    let out = leadgate(&["--version"], None);
    assert!(text(&out.stdout).starts_with("leadgate "));
    let out = leadgate(&["--help"], None);
    assert!(text(&out.stdout).contains("score"));
    let out = leadgate(&["help", "score"], None);
    assert!(text(&out.stdout).contains("--threads"));
    for args in [
        &["score", "--thread", "2"][..],
        &["score", "--now", "yesterday"],
        &["score", "--threads", "0"],
        &["score", "--format", "xml"],
        &["scor"],
        &["explain"],
        &["check"],
    ] {
        let out = leadgate(args, Some(b""));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).starts_with("leadgate: "), "{args:?}");
    }
    let out = leadgate(&["score", "--thread", "2"], None);
    assert!(text(&out.stderr).contains("did you mean --threads?"));
    let out = leadgate(
        &[
            "score",
            Path::new("/nonexistent/leads.ndjson").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn compile_writes_the_library_bytes_and_score_reads_them() {
    let dir = TempDir::new("compile");
    let model = dir.file("model.json", MODEL);
    // Default output: next to the model, with the extension .lgm.
    let out = leadgate(&["compile", &model], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("cli-test"),
        "{}",
        text(&out.stderr)
    );
    let written = fs::read(dir.path("model.lgm")).unwrap();
    assert_eq!(written, compile(MODEL).unwrap().to_bytes());
    // To stdout, and the embedded default model when no model is named.
    let out = leadgate(&["compile", "-o", "-"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let default = compile(leadgate::DEFAULT_MODEL).unwrap();
    assert_eq!(out.stdout, default.to_bytes());
    assert_eq!(leadgate(&["compile"], None).status.code(), Some(2));
    // `score -m` reads compiled models: the same bytes out as from the JSON.
    let lead = r#"{"email":"ana@acme.com","company.size":500,"job_title":"Diretora"}"#;
    let input = dir.file("leads.ndjson", lead);
    let compiled = dir.path("model.lgm");
    let out = leadgate(&["score", "-m", &compiled, "--now", NOW, &input], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim_end(), expected(MODEL, lead));
    // Corrupt bytes are a clear error, not a crash.
    let mut bad = written.clone();
    bad.truncate(bad.len() - 3);
    fs::write(dir.path("bad.lgm"), &bad).unwrap();
    let out = leadgate(
        &["score", "-m", &dir.path("bad.lgm"), "--now", NOW, &input],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bad_compiled_model"),
        "{}",
        text(&out.stderr)
    );
    // A model with problems is not compiled.
    let broken = dir.file("broken.json", r#"{"id": "x"}"#);
    let out = leadgate(&["compile", &broken, "-o", &dir.path("broken.lgm")], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(!Path::new(&dir.path("broken.lgm")).exists());
}
