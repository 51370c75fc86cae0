//! Regression tests for the cost limits (issue 12, finding 1): lists are
//! compiled once however many rules name them, and a model whose worst lead
//! would cost too much is refused with `too_much_work`, not scored for seconds.

use serde_json::{json, Value};

fn model(lists: Value, fit_rules: Vec<Value>) -> String {
    json!({
        "id": "m", "version": "1", "lists": lists, "fit_rules": fit_rules,
        "stages": [ { "stage": "SQL", "if": { "score_at_least": 1 } } ]
    })
    .to_string()
}

fn rule(i: usize, cond: Value) -> Value {
    json!({ "id": format!("r{i}"), "label": "x", "points": 1, "if": cond })
}

#[test]
fn a_list_named_by_many_rules_is_stored_once() {
    let keywords: Vec<String> = (0..2_000).map(|i| format!("palavra{i}")).collect();
    let rules = (0..300)
        .map(|i| rule(i, json!({ "field": format!("f{i}"), "words_any": "kw" })))
        .collect();
    let compiled = leadgate::compile(&model(json!({ "kw": keywords }), rules)).unwrap();
    let bytes = compiled.to_bytes();
    // Each form of 2,000 keywords once is ~100 KB; stored per rule it was ~30 MB.
    assert!(bytes.len() < 400_000, "{} bytes", bytes.len());
    let loaded = leadgate::CompiledModel::from_bytes(&bytes).unwrap();
    let now = leadgate::Timestamp::parse("2026-11-26T12:00:00Z").unwrap();
    let lead: leadgate::Value = serde_json::from_str(r#"{"f7":"a Palavra1999 b"}"#).unwrap();
    let options = leadgate::ScoreOptions::at(now);
    let outcome = loaded.score(&lead, &options).unwrap();
    assert_eq!(outcome.score.to_string(), "1");
    assert_eq!(outcome.reasons.len(), 1);
}

#[test]
fn a_broken_list_is_reported_once_not_per_rule() {
    let rules = (0..50)
        .map(|i| rule(i, json!({ "field": format!("f{i}"), "words_any": "kw" })))
        .collect();
    let errors = leadgate::compile(&model(json!({ "kw": ["ok", "***"] }), rules)).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors:?}");
    assert_eq!(errors.0[0].path, "lists.kw[1]");
}

#[test]
fn the_issue_model_is_refused_for_its_work() {
    // ~3,400 keywords of 125 words named by 1,000 rules: ~28 GB to check before.
    let keyword = |i: usize| format!("{}b{i}", "a ".repeat(124));
    let list: Vec<String> = (0..3_400).map(keyword).collect();
    let rules = (0..1_000)
        .map(|i| {
            rule(
                i,
                json!({ "field": format!("f{i}"), "words_any": "phrases" }),
            )
        })
        .collect();
    let errors = leadgate::compile(&model(json!({ "phrases": list }), rules)).unwrap_err();
    assert_eq!(errors.0.len(), 1, "{errors:?}");
    let problem = &errors.0[0];
    assert_eq!(problem.code, "too_much_work");
    assert_eq!(problem.path, "fit_rules[0].if");
    assert!(
        problem.message.contains("the limit is 40000"),
        "{}",
        problem.message
    );
    assert!(problem
        .hint
        .as_deref()
        .unwrap_or("")
        .contains("fit_rules[0].if"));
}

#[test]
fn work_counts_leaves_once_per_field_and_list_and_events_sixteen_times() {
    use leadgate::model::work::{work, CONTAINS_ENTRY, EVENT_FACTOR};
    let rules = vec![
        rule(0, json!({ "field": "a", "contains_any": "l" })),
        rule(1, json!({ "field": "a", "contains_any": "l" })),
        rule(2, json!({ "field": "b", "contains_any": "l" })),
        rule(
            3,
            json!({ "event": "x", "where": { "field": "p", "contains_any": "l" } }),
        ),
    ];
    let m = leadgate::compile(&model(json!({ "l": ["x", "y", "z"] }), rules)).unwrap();
    let scan = 3 * CONTAINS_ENTRY;
    assert_eq!(work(&m).total, 2 * scan + EVENT_FACTOR * (scan + 1));
    assert_eq!(work(&m).heaviest_path(), "fit_rules[3].if");
}

#[test]
fn docs_state_the_weights_and_the_default_models_work() {
    use leadgate::model::work::{work, CONTAINS_ENTRY, KEYWORD_WORD, LOOKUP};
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/model.md")).unwrap();
    let default = work(&leadgate::compile(leadgate::DEFAULT_MODEL).unwrap()).total;
    let thousands = |n: usize| format!("{},{:03}", n / 1000, n % 1000);
    for phrase in [
        format!("| {LOOKUP} |"),
        format!("| {CONTAINS_ENTRY} per entry |"),
        format!("| {KEYWORD_WORD} per keyword word, + {LOOKUP} |"),
        format!(
            "| {} units | `too_much_work` |",
            thousands(leadgate::model::limits::MAX_WORK)
        ),
        format!("default model costs {} units", thousands(default)),
    ] {
        assert!(
            docs.contains(&phrase),
            "docs/model.md does not say {phrase:?}"
        );
    }
}
