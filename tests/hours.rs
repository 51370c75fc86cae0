//! Business hours through the public Rust API, on the shared fixture
//! tests/fixtures/hours/cases.json (also read by tests/js/hours.test.mjs):
//! the arithmetic behind `withinHours` / `addBusinessTime` and a lead's
//! `respond_by`, with answers worked out by hand.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use leadgate::{business_hours, Timestamp};
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hours/cases.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn named(doc: &Value, case: &Value) -> leadgate::time::hours::Hours {
    let hours = &doc["hours"][case["hours"].as_str().unwrap()];
    business_hours(&hours.to_string()).unwrap()
}

fn at(text: &Value) -> Timestamp {
    Timestamp::parse(text.as_str().unwrap()).unwrap()
}

#[test]
fn within_hours_gives_the_hand_worked_answers() {
    let doc = fixture();
    for case in doc["within"].as_array().unwrap() {
        let got = named(&doc, case).within(at(&case["now"]));
        assert_eq!(Value::Bool(got), case["expect"], "{}", case["why"]);
    }
}

#[test]
fn add_business_time_gives_the_hand_worked_deadlines() {
    let doc = fixture();
    for case in doc["add"].as_array().unwrap() {
        let ms = case["duration_ms"].as_i64().unwrap();
        let due = named(&doc, case).add(at(&case["now"]), ms).unwrap();
        assert_eq!(due, at(&case["expect"]), "{}", case["why"]);
    }
}

#[test]
fn bad_hours_are_refused_with_the_model_compiler_s_codes() {
    let doc = fixture();
    for case in doc["errors"].as_array().unwrap() {
        if case["boundary"] == true {
            continue; // `now` and `durationMs` are read at the JS boundary
        }
        let errors = business_hours(&case["hours"].to_string()).unwrap_err();
        assert_eq!(errors.problems()[0].code, case["code"], "{}", case["hours"]);
    }
}

#[test]
fn hints_show_the_offending_value() {
    let problem = |text: &str| business_hours(text).unwrap_err().problems()[0].clone();
    let p = problem(r#"{"timezone":"america/sao_paulo","hours":{"mon":"09:00-18:00"}}"#);
    assert_eq!(p.path, "timezone");
    assert_eq!(p.hint.as_deref(), Some("did you mean `America/Sao_Paulo`?"));
    let p = problem(r#"{"timezone":"UTC","hours":{"Mon-fri":"09:00-18:00"}}"#);
    assert_eq!(p.path, "hours.Mon-fri");
    assert_eq!(p.hint.as_deref(), Some("did you mean `mon`?"));
    let p = problem(r#"{"timezone":"UTC","hours":{"mon":"9h-18h"}}"#);
    assert!(p.message.contains("`9h-18h`"), "{}", p.message);
}

#[test]
fn an_unused_team_is_a_warning_and_a_team_without_hours_is_24_7() {
    let model = leadgate::compile(
        r#"{"id":"t","version":"1","routing":[{"id":"all","team":"sdr"}],
            "sla":{"lead":{"respond_within":"1h"}},
            "teams":{"sdrs":{"timezone":"UTC","hours":{"mon":"09:00-10:00"}}}}"#,
    )
    .unwrap();
    let codes: Vec<_> = model
        .warnings()
        .iter()
        .map(|w| (w.code, w.path.as_str()))
        .collect();
    assert_eq!(codes, [("unused_team", "teams.sdrs")]);
    assert_eq!(
        model.warnings()[0].hint.as_deref(),
        Some("did you mean `sdr`, the team of a route?")
    );
    // `sdr` has no hours: plain time, Saturday 23:30Z + 1 h.
    let options = leadgate::ScoreOptions {
        now: Timestamp::parse("2026-12-05T23:30:00Z").unwrap(),
        previous_stage: None,
        lone_surrogates: false,
    };
    let lead = leadgate::Value::Object(Vec::new());
    let outcome = model.score(&lead, &options).unwrap();
    let json: Value = serde_json::from_str(&outcome.to_json()).unwrap();
    assert_eq!(json["route"]["respond_by"], "2026-12-06T00:30:00Z");
}

#[test]
fn compiled_bytes_keep_the_hours_and_give_the_same_deadlines() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/models/hours.json"
    ))
    .unwrap();
    let model = leadgate::compile(&text).unwrap();
    let loaded = leadgate::CompiledModel::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(loaded.to_bytes(), model.to_bytes());
    for team in [
        "latam-sdr",
        "us-east",
        "berlin-weekend",
        "ny-fold",
        "ny-gap",
    ] {
        assert_eq!(loaded.team_hours(team), model.team_hours(team), "{team}");
        assert!(loaded.team_hours(team).is_some(), "{team}");
    }
    assert!(loaded.team_hours("anywhere").is_none());
}
