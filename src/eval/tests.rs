//! Scoring details the shared fixtures cannot hold compactly.
#![allow(clippy::unwrap_used)]

use crate::{compile, ScoreOptions, Timestamp, Value};

/// The rules of `model` that fire for `lead`, and the outcome's warnings.
fn fired(model: &str, lead: &str) -> (Vec<String>, Vec<String>) {
    let model = compile(model).unwrap();
    let lead: Value = serde_json::from_str(lead).unwrap();
    let outcome = model.score(&lead, &ScoreOptions::at(Timestamp(0))).unwrap();
    let rules = outcome.reasons.iter().map(|r| r.rule.to_string()).collect();
    (rules, outcome.warnings)
}

const MODEL: &str = r#"{ "id": "t", "version": "1", "fit_rules": [
  { "id": "has_b", "points": 1, "if": { "field": "title", "contains_any": ["b"] } },
  { "id": "is_vp", "points": 1, "if": { "field": "title", "in": ["vp", "head of sales"] } }
] }"#;

#[test]
fn texts_already_folded_compare_as_folded_ones() {
    for (title, expected) in [
        ("vp", vec!["is_vp"]),
        (" VP\t", vec!["is_vp"]),
        ("head of sales", vec!["is_vp"]),
        ("Head of Sales", vec!["is_vp"]),
        ("Head of Salés", vec!["is_vp"]),
        ("vp2", vec![]),
        ("b", vec!["has_b"]),
        ("B ", vec!["has_b"]),
        ("", vec![]),
    ] {
        let lead = serde_json::json!({ "title": title }).to_string();
        assert_eq!(fired(MODEL, &lead).0, expected, "{title:?}");
    }
}

#[test]
fn a_long_text_is_compared_on_its_first_bytes_even_when_already_folded() {
    let max = crate::model::limits::MAX_TEXT_BYTES;
    // Lowercase ASCII with visible ends: folded as it is, but still cut.
    let long = format!("{}b", "a".repeat(max));
    let (rules, warnings) = fired(MODEL, &serde_json::json!({ "title": long }).to_string());
    assert!(rules.is_empty(), "{rules:?}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("longer than 4096 bytes")),
        "{warnings:?}"
    );
    // The `b` within the first bytes is found.
    let within = format!("{}b{}", "a".repeat(max - 1), "a".repeat(10));
    let (rules, _) = fired(MODEL, &serde_json::json!({ "title": within }).to_string());
    assert_eq!(rules, ["has_b"]);
}

#[test]
fn replaced_lone_surrogates_add_one_warning_first() {
    let model = compile(MODEL).unwrap();
    let lead: Value = serde_json::from_str(r#"{ "title": "vp\ufffd", "x": "\ufffd" }"#).unwrap();
    let mut options = ScoreOptions::at(Timestamp(0));
    assert!(!options.lone_surrogates);
    let plain = model.score(&lead, &options).unwrap().warnings;
    assert!(!plain.iter().any(|w| w.contains("surrogate")), "{plain:?}");
    options.lone_surrogates = true;
    let warnings = model.score(&lead, &options).unwrap().warnings;
    assert_eq!(
        warnings.first().map(String::as_str),
        Some(crate::LONE_SURROGATE_WARNING)
    );
    assert_eq!(
        crate::LONE_SURROGATE_WARNING,
        "lead: a lone surrogate was replaced by U+FFFD"
    );
    assert_eq!(warnings.len(), plain.len() + 1, "{warnings:?}");
    assert_eq!(warnings.get(1..), Some(plain.as_slice()));
}
