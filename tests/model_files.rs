//! Model documents and files (issue 12, finding 5): duplicate keys, a
//! byte-order mark, bytes that are not UTF-8, files far past the size limit,
//! and the JSON Schema's rules for `$schema` and `requires`.

use std::process::Command;

fn codes_and_paths(text: &str) -> Vec<(String, String)> {
    match leadgate::compile(text) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .0
            .iter()
            .map(|p| (p.code.to_string(), p.path.clone()))
            .collect(),
    }
}

const BASE: &str = r#""id": "m", "version": "1",
  "personas": [ { "id": "p", "rules": [ { "id": "r", "points": 5, "if": { "field": "a", "exists": true } } ] } ],
  "stages": [ { "stage": "SQL", "requires": ["email"], "if": { "score_at_least": 1 } } ]"#;

#[test]
fn a_key_given_twice_is_refused_with_its_path() {
    // A second `personas` would silently drop every persona (the last one wins).
    let text = format!(r#"{{ {BASE}, "personas": [] }}"#);
    assert_eq!(
        codes_and_paths(&text),
        vec![("duplicate_key".to_string(), "personas".to_string())]
    );
    let nested = r#"{ "id": "m", "version": "1",
      "fit_rules": [ { "id": "r", "points": 5, "points": 50, "if": { "field": "a", "exists": true } } ] }"#;
    assert_eq!(
        codes_and_paths(nested),
        vec![(
            "duplicate_key".to_string(),
            "fit_rules[0].points".to_string()
        )]
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_changes_nothing() {
    let text = format!("{{ {BASE} }}");
    let plain = leadgate::compile(&text).unwrap();
    let with_bom = leadgate::compile(&format!("\u{feff}{text}")).unwrap();
    assert_eq!(plain.info(), with_bom.info());
    let from_bytes = leadgate::compile_bytes(format!("\u{feff}{text}").as_bytes()).unwrap();
    assert_eq!(plain.info(), from_bytes.info());
}

#[test]
fn bytes_that_are_not_utf8_have_their_code() {
    let mut bytes = format!("{{ {BASE}, \"name\": \"Fun").into_bytes();
    let bad_at = bytes.len();
    bytes.push(0xe7); // "ç" in Windows-1252
    bytes.extend_from_slice(b"\" }");
    let errors = leadgate::compile_bytes(&bytes).unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].code, "not_utf8");
    assert!(errors.0[0]
        .message
        .contains(&format!("byte {bad_at} is not")));
}

#[test]
fn schema_rules_hold_in_the_compiler() {
    let text = format!(r#"{{ "$schema": 5, {BASE} }}"#);
    assert_eq!(
        codes_and_paths(&text),
        vec![("expected_type".to_string(), "$schema".to_string())]
    );
    for bad in ["", ".a", "a..b"] {
        let text = format!(
            "{{ {} }}",
            BASE.replace(r#"["email"]"#, &format!("[\"{bad}\"]"))
        );
        assert_eq!(
            codes_and_paths(&text),
            vec![("bad_value".to_string(), "stages[0].requires[0]".to_string())],
            "{bad:?}"
        );
    }
    let fine = format!(r#"{{ "$schema": "https://leadgate.dev/schema/model-v1.json", {BASE} }}"#);
    assert!(leadgate::compile(&fine).is_ok());
}

fn leadgate_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_leadgate"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn check_stops_reading_past_the_size_limit() {
    // `/dev/zero` never ends: reading it whole ran out of memory.
    let out = leadgate_cli(&["check", "--json", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["code"], "model_too_large");
}

#[test]
fn check_reports_a_file_that_is_not_utf8_as_a_problem() {
    let path = std::env::temp_dir().join(format!("leadgate-latin1-{}.json", std::process::id()));
    std::fs::write(
        &path,
        b"{\"id\":\"m\",\"version\":\"1\",\"name\":\"Fun\xe7\xe3o\"}",
    )
    .unwrap();
    let out = leadgate_cli(&["check", "--json", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"][0]["code"], "not_utf8");
}
