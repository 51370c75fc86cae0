//! Disqualifiers (docs/model.md, "Disqualifiers"): each fired one caps the
//! stage (the stage is the first one at or below the cap whose conditions
//! hold), the lowest cap wins, a kept previous stage is capped too, routing
//! and the deadline follow the capped stage, reasons and `next` name them,
//! and a model whose disqualifiers do not fire scores as if it had none.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use crate::model::work::work;
use crate::{compile, CompiledModel, ScoreOptions, Timestamp, Value};
use serde_json::{json, Value as Json};

/// A two-stage model (SQL on a hand-raise, MQL on fit) and its disqualifiers.
fn model(disqualify: Json) -> CompiledModel {
    let mut doc = json!({
        "id": "t", "version": "1",
        "lists": { "competitors": ["rival.com"] },
        "fit_rules": [
            { "id": "senior", "points": 40, "if": { "field": "title", "words_any": ["head"] } },
            { "id": "rival_domain", "points": -5, "if": { "field": "email", "domain_in": "competitors" } }
        ],
        "grades": { "B": 30 },
        "engagement": { "max": 10, "rules": [
            { "id": "visit", "points": 8, "if": { "event": "visit" } }
        ] },
        "stages": [
            { "stage": "SQL", "if": { "field": "form", "equals": "demo" } },
            { "stage": "MQL", "if": { "grade_at_least": "B" } }
        ],
        "routing": [
            { "id": "sales", "team": "sdr", "if": { "stage_in": ["SQL"] } },
            { "id": "marketing", "team": "nurture", "if": { "stage_in": ["MQL"] } },
            { "id": "rest", "team": "archive" }
        ],
        "sla": { "SQL": { "respond_within": "1h" }, "MQL": { "respond_within": "1d" } }
    });
    if !disqualify.is_null() {
        doc["disqualify"] = disqualify;
    }
    compile(&doc.to_string()).unwrap()
}

/// The competitor (caps at `lead`) and small-company (caps at MQL) disqualifiers.
fn both() -> Json {
    json!([
        { "id": "competitor", "label": "Competitor",
          "if": { "field": "email", "domain_in": "competitors" } },
        { "id": "small", "max_stage": "MQL", "if": { "field": "size", "lt": 5 } }
    ])
}

const NOW: i64 = 1_000_000;

/// The outcome's JSON, scored at `NOW` with an optional previous stage.
fn score(model: &CompiledModel, lead: Json, previous: Option<&str>) -> Json {
    let text = lead.to_string();
    let lead: Value = serde_json::from_str(&text).unwrap();
    let mut options = ScoreOptions::at(Timestamp(NOW));
    options.previous_stage = previous.map(str::to_string);
    let outcome = model.score(&lead, &options).unwrap();
    serde_json::from_str(&outcome.to_json()).unwrap()
}

fn stage(outcome: &Json) -> &str {
    outcome["stage"].as_str().unwrap()
}

/// A head of something at a competitor on the demo form: SQL but for the disqualifiers.
fn rival_on_demo() -> Json {
    json!({ "email": "ana@rival.com", "title": "Head of Ops", "form": "demo", "size": 100 })
}

#[test]
fn a_fired_disqualifier_caps_an_sql_at_lead() {
    let m = model(both());
    assert_eq!(
        stage(&score(&model(Json::Null), rival_on_demo(), None)),
        "SQL"
    );
    let o = score(&m, rival_on_demo(), None);
    assert_eq!(stage(&o), "lead");
    // Another address on the same form is not disqualified.
    let mut lead = rival_on_demo();
    lead["email"] = json!("ana@acme.com");
    assert_eq!(stage(&score(&m, lead, None)), "SQL");
}

#[test]
fn max_stage_caps_an_sql_at_mql_and_leaves_lower_stages_alone() {
    let m = model(both());
    let small_on_demo =
        json!({ "email": "ana@acme.com", "title": "Head", "form": "demo", "size": 3 });
    assert_eq!(stage(&score(&m, small_on_demo, None)), "MQL");
    // Already below the cap: an MQL stays MQL, a lead stays lead.
    let small_mql = json!({ "email": "ana@acme.com", "title": "Head", "size": 3 });
    assert_eq!(stage(&score(&m, small_mql, None)), "MQL");
    let small_lead = json!({ "email": "ana@acme.com", "size": 3 });
    assert_eq!(stage(&score(&m, small_lead, None)), "lead");
    // Capped below SQL, a hand-raise without fit is not an MQL either: MQL's
    // own condition (grade B) decides, as if SQL were not in the model.
    let small_junk_on_demo = json!({ "email": "ana@acme.com", "form": "demo", "size": 3 });
    assert_eq!(
        stage(&score(&model(Json::Null), small_junk_on_demo.clone(), None)),
        "SQL"
    );
    assert_eq!(stage(&score(&m, small_junk_on_demo, None)), "lead");
}

#[test]
fn the_lowest_cap_wins_in_any_order() {
    let mut lead = rival_on_demo();
    lead["size"] = json!(3);
    let mut reversed = both();
    reversed.as_array_mut().unwrap().reverse();
    for m in [model(both()), model(reversed)] {
        let o = score(&m, lead.clone(), None);
        assert_eq!(stage(&o), "lead");
        // Both fired, so both are reasons, in the model's order.
        let fired: Vec<&str> = o["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["group"] == "disqualify")
            .map(|r| r["rule"].as_str().unwrap())
            .collect();
        assert_eq!(fired.len(), 2, "{o}");
    }
}

#[test]
fn a_previous_stage_kept_by_never_demote_is_capped_too() {
    let m = model(both());
    // Without disqualifiers, a former SQL with no hand-raise stays SQL.
    let former = json!({ "email": "ana@acme.com", "size": 100 });
    assert_eq!(stage(&score(&m, former.clone(), Some("SQL"))), "SQL");
    let mut rival = former.clone();
    rival["email"] = json!("ana@rival.com");
    assert_eq!(stage(&score(&m, rival, Some("SQL"))), "lead");
    // A former SQL capped at MQL stays MQL, although MQL's own condition
    // (grade B) fails: never demote keeps as much as the cap allows.
    let mut small = former.clone();
    small["size"] = json!(2);
    assert_eq!(stage(&score(&m, small.clone(), None)), "lead");
    assert_eq!(stage(&score(&m, small.clone(), Some("SQL"))), "MQL");
    // A previous stage at or below the cap is kept as before.
    assert_eq!(stage(&score(&m, small, Some("MQL"))), "MQL");
    // The lead's own `previous_stage` field is capped the same way.
    let mut field = former;
    field["email"] = json!("bo@rival.com");
    field["previous_stage"] = json!("MQL");
    assert_eq!(stage(&score(&m, field, None)), "lead");
}

#[test]
fn routing_and_the_deadline_follow_the_capped_stage() {
    let m = model(both());
    let hour = Timestamp(NOW + 3_600_000).to_rfc3339();
    let day = Timestamp(NOW + 86_400_000).to_rfc3339();
    let mut lead = rival_on_demo();
    lead["email"] = json!("ana@acme.com");
    let o = score(&m, lead.clone(), None);
    assert_eq!(
        o["route"],
        json!({ "rule": "sales", "team": "sdr", "respond_by": hour })
    );
    lead["size"] = json!(1);
    let o = score(&m, lead, None);
    assert_eq!(
        o["route"],
        json!({ "rule": "marketing", "team": "nurture", "respond_by": day })
    );
    let o = score(&m, rival_on_demo(), None);
    assert_eq!(
        o["route"],
        json!({ "rule": "rest", "team": "archive", "respond_by": null })
    );
}

#[test]
fn reasons_list_each_fired_disqualifier_last_with_0_points() {
    let m = model(both());
    let mut lead = rival_on_demo();
    lead["size"] = json!(4);
    // Two visits: 16 points, capped to 10 by `engagement.max` (−6).
    lead["events"] =
        json!([{ "event": "visit", "at": "1970-01-01" }, { "event": "visit", "at": "1970-01-01" }]);
    let o = score(&m, lead, None);
    let rules: Vec<&str> = o["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        [
            "senior",
            "rival_domain",
            "visit",
            "engagement.max",
            "competitor",
            "small"
        ]
    );
    assert_eq!(
        o["reasons"][4],
        json!({ "rule": "competitor", "label": "Competitor", "group": "disqualify",
                "points": 0, "field": "email", "value": "ana@rival.com" })
    );
    assert_eq!(
        o["reasons"][5],
        json!({ "rule": "small", "label": "small", "group": "disqualify",
                "points": 0, "field": "size", "value": 4 })
    );
    // 40 − 5 + 16 − 6 = 45, and the disqualifiers add nothing.
    let sum: f64 = o["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["points"].as_f64().unwrap())
        .sum();
    assert_eq!(o["score"], json!(45));
    assert_eq!(sum, 45.0);
}

#[test]
fn next_names_the_disqualifiers_that_block_the_stage_above_first() {
    let m = model(both());
    // Capped at MQL: SQL's own condition holds, only the disqualifier blocks it.
    let mut lead = rival_on_demo();
    lead["email"] = json!("ana@acme.com");
    lead["size"] = json!(2);
    let o = score(&m, lead, None);
    assert_eq!(
        o["next"],
        json!([{ "stage": "SQL", "needs": "not disqualify small", "has": 2 }])
    );
    // Capped at lead with a fit below B: the blocking disqualifier, then MQL's
    // own failing leaf; `small` (cap MQL) does not block MQL and is not named.
    let lead = json!({ "email": "ana@rival.com", "size": 2, "form": "demo" });
    let o = score(&m, lead, None);
    assert_eq!(
        o["next"],
        json!([
            { "stage": "MQL", "needs": "not disqualify competitor", "has": "ana@rival.com" },
            { "stage": "MQL", "needs": "grade_at_least B", "has": "D" }
        ])
    );
}

#[test]
fn next_names_the_first_of_the_disqualifiers_holding_the_lead() {
    // Both cap at `lead`: the first in the model's order is named, both are reasons.
    let m = model(json!([
        { "id": "small", "if": { "field": "size", "lt": 5 } },
        { "id": "competitor", "if": { "field": "email", "domain_in": "competitors" } }
    ]));
    let lead = json!({ "email": "ana@rival.com", "title": "Head", "size": 2 });
    let o = score(&m, lead, None);
    assert_eq!(stage(&o), "lead");
    assert_eq!(
        o["next"],
        json!([{ "stage": "MQL", "needs": "not disqualify small", "has": 2 }])
    );
    let fired = o["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["group"] == "disqualify")
        .count();
    assert_eq!(fired, 2);
}

#[test]
fn no_need_is_invented_when_the_stage_above_is_out_of_reach_for_other_reasons() {
    let m = model(both());
    // `small` fired (cap MQL), but the lead is `lead` because its fit is low.
    let o = score(&m, json!({ "email": "ana@acme.com", "size": 2 }), None);
    assert_eq!(stage(&o), "lead");
    assert_eq!(o["reasons"][0]["rule"], "small");
    assert_eq!(
        o["next"],
        json!([{ "stage": "MQL", "needs": "grade_at_least B", "has": "D" }])
    );
}

/// (Leads that give the disqualifiers' fields: a leaf on a field nothing else
/// reads warns when the field is missing, as every leaf does.)
#[test]
fn without_a_firing_disqualifier_the_outcome_is_the_models_without_the_section() {
    let with = model(both());
    let without = model(Json::Null);
    let leads = [
        json!({ "email": "ana@acme.com", "title": "Head of Sales", "form": "demo", "size": 100 }),
        json!({ "email": "ana@acme.com", "title": "Head", "size": 50, "events": [{ "event": "visit", "at": "1970-01-01" }] }),
        json!({ "email": "ana@acme.com", "size": 9, "previous_stage": "MQL" }),
        json!({ "email": "not an email", "size": 7, "form": "other" }),
    ];
    for lead in leads {
        let mut a = score(&with, lead.clone(), None);
        let mut b = score(&without, lead.clone(), None);
        assert_ne!(a["model"], b["model"]);
        a["model"] = Json::Null;
        b["model"] = Json::Null;
        assert_eq!(a, b, "{lead}");
    }
}

#[test]
fn a_leaf_shared_with_a_rule_is_counted_and_evaluated_once() {
    // `email domain_in competitors` is the `rival_domain` rule's leaf too.
    let shared = model(json!([
        { "id": "competitor", "if": { "field": "email", "domain_in": "competitors" } }
    ]));
    let without = model(Json::Null);
    assert_eq!(work(&shared).total, work(&without).total);
    assert_eq!(shared.leaf_count, without.leaf_count);
    // A new leaf costs its lookup.
    let new = model(json!([{ "id": "small", "if": { "field": "size", "lt": 5 } }]));
    assert_eq!(
        work(&new).total,
        work(&without).total + crate::model::work::LOOKUP
    );
}

#[test]
fn disqualifiers_count_toward_the_work_and_rule_limits() {
    let entries: Vec<String> = (0..300).map(|i| format!("entry {i}")).collect();
    let heavy = json!({ "id": "t", "version": "1", "disqualify": [
        { "id": "heavy", "if": { "field": "notes", "contains_any": entries } }
    ] });
    let errors = compile(&heavy.to_string()).unwrap_err();
    let p = &errors.problems()[0];
    assert_eq!(
        (p.code, p.path.as_str()),
        ("too_much_work", "disqualify[0].if")
    );
    let rules: Vec<Json> = (0..1000)
        .map(|i| json!({ "id": format!("r{i}"), "points": 1, "if": { "field": "f", "exists": true } }))
        .collect();
    let full = json!({ "id": "t", "version": "1", "fit_rules": rules, "disqualify": [
        { "id": "one_more", "if": { "field": "f", "exists": true } }
    ] });
    let errors = compile(&full.to_string()).unwrap_err();
    let codes: Vec<&str> = errors.problems().iter().map(|p| p.code).collect();
    assert_eq!(codes, ["too_many_rules"]);
}
