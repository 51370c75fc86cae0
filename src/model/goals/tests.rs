//! Known answers for `goals` and `kpi_owners`: the issue's example reads as
//! written, defaults fill the rest, and every mistake a manager can make is
//! a coded problem at its path with a hint.

use super::{agreement, Direction, Kpi, Period};
use serde_json::{json, Value};

fn model(goals: Value) -> Value {
    json!({
        "id": "t", "version": "1",
        "stages": [
            { "stage": "SQL", "if": { "score_at_least": 60 } },
            { "stage": "MQL", "if": { "score_at_least": 30 } }
        ],
        "routing": [
            { "id": "br", "team": "latam-sdr", "if": { "field": "country", "in": ["BR"] } },
            { "id": "rest", "team": "global-sdr" }
        ],
        "goals": goals
    })
}

/// The problems of a model, as (code, path) pairs.
fn problems(doc: &Value) -> Vec<(String, String)> {
    let errors = agreement(doc).err().map(|e| e.0).unwrap_or_default();
    let compiled = crate::compile(&doc.to_string()).err();
    let compiled = compiled.map(|e| e.0).unwrap_or_default();
    // The compiler reports exactly what the report's reader reports.
    assert_eq!(errors, compiled);
    errors
        .into_iter()
        .map(|e| (e.code.to_string(), e.path))
        .collect()
}

#[test]
fn the_issues_goals_read_as_written_with_default_owners() {
    let doc = model(json!([
        { "id": "sql_volume", "kpi": "sql", "at_least": 120, "per": "month", "owner": "marketing" },
        { "id": "mql_to_sql", "kpi": "mql_to_sql", "at_least": 0.45, "owner": "shared" },
        { "id": "sla_sql", "kpi": "sla_adherence", "stage": "SQL", "team": "latam-sdr",
          "at_least": 0.9, "per": "month", "owner": "sales" },
        { "id": "contact", "kpi": "first_contact_median_minutes", "at_most": 60, "owner": "Ana Souza" },
        { "id": "revenue", "kpi": "won_value", "at_least": 250000, "per": "quarter", "owner": "sales" }
    ]));
    let a = agreement(&doc).unwrap();
    assert_eq!(a.goals.len(), 5);
    let sla = &a.goals[2];
    assert_eq!(
        (sla.kpi, sla.target, sla.direction),
        (Kpi::SlaAdherence, 0.9, Direction::AtLeast)
    );
    assert_eq!(
        (sla.stage.as_deref(), sla.team.as_deref()),
        (Some("SQL"), Some("latam-sdr"))
    );
    assert_eq!(a.goals[1].per, Period::Month, "per defaults to month");
    assert_eq!(a.goals[3].direction, Direction::AtMost);
    assert_eq!(a.goals[3].owner, "Ana Souza");
    assert_eq!(a.goals[4].per, Period::Quarter);
    assert_eq!(a.owner(Kpi::Leads), "marketing");
    assert_eq!(a.owner(Kpi::MqlToSql), "shared");
    assert_eq!(a.owner(Kpi::SqlToWon), "sales");
    assert!(problems(&doc).is_empty());
}

#[test]
fn kpi_owners_replace_the_default_split() {
    let mut doc = model(json!([]));
    doc["kpi_owners"] = json!({ "mql_to_sql": "marketing", "sla_adherence": "Bruno Lima" });
    let a = agreement(&doc).unwrap();
    assert_eq!(a.owner(Kpi::MqlToSql), "marketing");
    assert_eq!(a.owner(Kpi::SlaAdherence), "Bruno Lima");
    assert_eq!(a.owner(Kpi::Leads), "marketing");
    doc["kpi_owners"] = json!({ "mql_to_sqll": "sales", "sql": "" });
    assert_eq!(
        problems(&doc),
        [
            ("unknown_key".into(), "kpi_owners.mql_to_sqll".into()),
            ("bad_value".into(), "kpi_owners.sql".into())
        ]
    );
}

#[test]
fn a_managers_mistakes_are_problems_at_their_path() {
    let cases = [
        (
            json!({ "id": "g", "kpi": "sqls", "at_least": 1, "owner": "sales" }),
            "bad_value",
            "goals[0].kpi",
        ),
        (
            json!({ "id": "g", "kpi": "mql_to_sql", "at_least": 45, "owner": "shared" }),
            "bad_value",
            "goals[0].at_least",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 12.5, "owner": "sales" }),
            "bad_value",
            "goals[0].at_least",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": -1, "owner": "sales" }),
            "bad_value",
            "goals[0].at_least",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "owner": "sales" }),
            "missing_key",
            "goals[0].at_least",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1, "at_most": 9, "owner": "sales" }),
            "missing_key",
            "goals[0].at_least",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1, "per": "week", "owner": "sales" }),
            "bad_value",
            "goals[0].per",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1 }),
            "missing_key",
            "goals[0].owner",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1, "owner": "sales", "stage": "SQL" }),
            "not_allowed_here",
            "goals[0].stage",
        ),
        (
            json!({ "id": "g", "kpi": "sla_adherence", "at_least": 0.9, "owner": "sales", "stage": "SAL" }),
            "unknown_stage",
            "goals[0].stage",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1, "owner": "sales", "team": "latam" }),
            "bad_value",
            "goals[0].team",
        ),
        (
            json!({ "id": "g", "kpi": "sql", "at_least": 1, "owner": "sales", "target": 3 }),
            "unknown_key",
            "goals[0].target",
        ),
    ];
    for (goal, code, path) in cases {
        let got = problems(&model(json!([goal.clone()])));
        assert_eq!(got, [(code.to_string(), path.to_string())], "{goal}");
    }
    let twice = json!({ "id": "g", "kpi": "sql", "at_least": 1, "owner": "sales" });
    assert_eq!(
        problems(&model(json!([twice.clone(), twice]))),
        [("duplicate_id".to_string(), "goals[1].id".to_string())]
    );
}

#[test]
fn hints_show_the_fix() {
    let doc = model(json!([{ "id": "g", "kpi": "mql_to_sql", "at_least": 45, "owner": "shared" }]));
    let e = agreement(&doc).unwrap_err();
    assert_eq!(e.0[0].hint.as_deref(), Some("write 45% as 0.45"));
    let doc = model(
        json!([{ "id": "g", "kpi": "sla_adherence", "at_least": 0.9, "owner": "sales", "team": "latam" }]),
    );
    let e = agreement(&doc).unwrap_err();
    assert_eq!(e.0[0].hint.as_deref(), Some("did you mean `latam-sdr`?"));
}

#[test]
fn goals_change_nothing_the_scorer_computes() {
    let plain = model(json!([]));
    let mut with_goals = plain.clone();
    with_goals["goals"] = json!([{ "id": "goal_marker", "label": "Label marker", "kpi": "sql", "at_least": 1, "owner": "Owner marker" }]);
    let a = crate::compile(&plain.to_string()).unwrap();
    let b = crate::compile(&with_goals.to_string()).unwrap();
    let lead: crate::Value = serde_json::from_str(r#"{"country":"BR"}"#).unwrap();
    let options = crate::ScoreOptions::at(crate::Timestamp(0));
    let score = |m: &crate::CompiledModel| m.score(&lead, &options).unwrap().to_json();
    let (oa, ob) = (score(&a), score(&b));
    // The outcome names the model by hash, which covers the whole document.
    assert_eq!(
        oa.replace(&a.info().hash, "H"),
        ob.replace(&b.info().hash, "H")
    );
    // Nothing of the goals is in the compiled form (only the hash differs).
    let bytes = b.to_bytes();
    for marker in [&b"goal_marker"[..], b"Label marker", b"Owner marker"] {
        let found = bytes.windows(marker.len()).any(|w| w == marker);
        assert!(!found, "{} is compiled in", String::from_utf8_lossy(marker));
    }
}
