//! Shared by the fuzz targets: a few valid embedded models and the invariants every outcome must keep.

use leadgate::{CompiledModel, ScoreOptions, Timestamp, Value};

/// Every operator of the language on a small vocabulary of lead fields.
pub const OPERATORS_MODEL: &str = r#"{
  "id": "fuzz-operators", "version": "1",
  "lists": {
    "titles": ["diretor", "head of", "vp", "gerente*", "engenheiro"],
    "rivals": ["rival.com", "www.other.io", "@third.com.br"],
    "countries": ["BR", "Brasil", "US", "México"],
    "free_email_domains": ["freemail.test"],
    "role_email_locals": ["vendas"]
  },
  "personas": [
    { "id": "leader", "rules": [
      { "id": "senior", "points": 20, "if": { "field": "job_title", "words_any": "titles" } },
      { "id": "size", "points": 15.5, "max": 10, "if": { "field": "company_size", "between": [50, 999] } },
      { "id": "not_free", "points": -5, "if": { "not": { "field": "email", "email_is": ["free", "disposable"] } } }
    ] },
    { "id": "dev", "rules": [
      { "id": "eng", "points": 12.25, "if": { "field": "job_title", "contains_any": ["engineer", "dev"] } },
      { "id": "big", "points": 30, "if": { "any": [ { "field": "company_size", "gt": 1000 }, { "field": "company.size", "gte": 1000 } ] } }
    ] }
  ],
  "fit_rules": [
    { "id": "country", "points": 10, "if": { "field": "country", "in": "countries" } },
    { "id": "corp", "points": 5, "if": { "field": "email", "email_is": "corporate" } },
    { "id": "role", "points": -10, "if": { "field": "email", "email_is": "role" } },
    { "id": "rival", "points": -100, "if": { "field": "email", "domain_in": "rivals" } },
    { "id": "site", "points": 1, "if": { "field": "website", "domain_in": ["acme.com"] } },
    { "id": "form_eq", "points": 3, "if": { "field": "form", "equals": "Demo Request" } },
    { "id": "num_eq", "points": 1, "if": { "field": "page_views", "equals": 10 } },
    { "id": "bool_eq", "points": 1, "if": { "field": "newsletter", "equals": true } },
    { "id": "small", "points": -2, "if": { "field": "company_size", "lt": 10 } },
    { "id": "tiny", "points": -1, "if": { "field": "company_size", "lte": 1 } },
    { "id": "has_company", "points": 2, "if": { "field": "company", "exists": true } },
    { "id": "no_phone", "points": -1, "if": { "field": "phone", "exists": false } },
    { "id": "acme", "points": 4, "if": { "field": "company", "starts_with": ["acme", "ácme"] } },
    { "id": "mixed", "points": 0.01, "if": { "field": "form", "in": ["demo", 1, true] } }
  ],
  "grades": { "A": 50, "B": 30.5, "C": 10 }
}"#;

/// Engagement: decay, per-event caps, `where`, `within_days`, `count_at_least`, the group cap.
pub const ENGAGEMENT_MODEL: &str = r#"{
  "id": "fuzz-engagement", "version": "1",
  "engagement": {
    "half_life_days": 30, "max": 60,
    "rules": [
      { "id": "pricing", "points": 10, "max": 25,
        "if": { "event": "page_view", "where": { "any": [ { "field": "path", "starts_with": "/pricing" }, { "field": "meta.utm", "equals": "ads" } ] } } },
      { "id": "any_recent", "points": 1.5, "if": { "event": "*", "within_days": 7 } },
      { "id": "clicks", "points": -2, "max": 5, "if": { "event": "email_click", "count_at_least": 3 } },
      { "id": "webinar", "points": 20, "if": { "event": "webinar", "where": { "not": { "field": "title", "words_any": ["test"] } } } },
      { "id": "attr", "points": 7, "if": { "all": [ { "event": "form_submit" }, { "field": "page_views", "gte": 3 } ] } }
    ]
  }
}"#;

/// Stages with `requires` and result leaves, disqualifiers (one on a result),
/// routing with `stage_in` and a default, an SLA.
pub const FLOW_MODEL: &str = r#"{
  "id": "fuzz-flow", "version": "1",
  "fit_rules": [
    { "id": "senior", "points": 30, "if": { "field": "job_title", "words_any": ["diretor", "head"] } },
    { "id": "size_50", "points": 20, "if": { "field": "company_size", "gte": 50 } }
  ],
  "grades": { "A": 50, "B": 30 },
  "engagement": { "rules": [ { "id": "demo_page", "points": 10, "max": 30,
    "if": { "event": "page_view", "where": { "field": "path", "starts_with": "/demo" } } } ] },
  "stages": [
    { "stage": "SQL", "requires": ["email", "company"], "if": { "any": [
      { "all": [ { "grade_at_least": "A" }, { "engagement_at_least": 20 } ] },
      { "field": "form", "in": ["demo_request", "contact_sales"] },
      { "event": "meeting", "within_days": 14 } ] } },
    { "stage": "MQL", "if": { "all": [ { "grade_at_least": "B" }, { "score_at_least": 40 }, { "fit_at_least": 30 } ] } },
    { "stage": "Engaged", "requires": ["email"] }
  ],
  "disqualify": [
    { "id": "rival", "if": { "field": "email", "domain_in": ["rival.com"] } },
    { "id": "small", "label": "Small or low fit", "max_stage": "MQL", "if": { "any": [
      { "field": "company_size", "lt": 5 }, { "not": { "grade_at_least": "B" } } ] } }
  ],
  "routing": [
    { "id": "enterprise", "team": "enterprise-ae", "if": { "all": [ { "stage_in": ["SQL"] }, { "field": "company_size", "gte": 1000 } ] } },
    { "id": "mql", "team": "sdr", "if": { "stage_in": ["MQL", "lead"] } },
    { "id": "default", "team": "nurture" }
  ],
  "sla": { "SQL": { "respond_within": "15m" }, "MQL": { "respond_within": "1h30m" }, "lead": { "respond_within": "2d" } }
}"#;

/// The models the scoring targets pick from.
pub const MODELS: [&str; 4] = [
    leadgate::DEFAULT_MODEL,
    OPERATORS_MODEL,
    ENGAGEMENT_MODEL,
    FLOW_MODEL,
];

/// The fixed moment every target scores at: 2026-11-26T12:00:00Z.
pub const NOW_MILLIS: i64 = 1_795_694_400_000;

/// Compiles every embedded model once (they are valid; a failure is a bug in them or the core).
pub fn compiled_models() -> Vec<CompiledModel> {
    MODELS
        .iter()
        .map(|text| match leadgate::compile(text) {
            Ok(model) => model,
            Err(e) => panic!("an embedded fuzz model does not compile: {e}"),
        })
        .collect()
}

/// Scores a lead and checks what must hold for every outcome: no panic, object leads
/// always score, non-objects are refused with `not_an_object`, `score = fit + engagement`,
/// the reasons add up to the score, the stage is one of the model's, and a second
/// scoring gives the same bytes.
pub fn check(model: &CompiledModel, lead: &Value, options: &ScoreOptions) {
    let result = model.score(lead, options);
    let outcome = match (lead, result) {
        (Value::Object(_), Ok(outcome)) => outcome,
        (Value::Object(_), Err(e)) => panic!("an object lead was refused: {e}"),
        (_, Err(e)) => {
            assert_eq!(e.code, "not_an_object");
            return;
        }
        (_, Ok(_)) => panic!("a lead that is not an object was scored"),
    };
    assert_eq!(outcome.score, outcome.fit.plus(outcome.engagement));
    let sum: i64 = outcome.reasons.iter().map(|r| r.points.0).sum();
    assert_eq!(sum, outcome.score.0, "reasons do not add up to the score");
    assert!(model.stage_names().any(|s| s == outcome.stage));
    let json = outcome.to_json();
    match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(_) => {}
        // The outcome echoes lead values a few levels deeper than the lead had them, so a
        // lead near serde_json's nesting limit (128) gives an outcome past it: still JSON.
        Err(e) if e.to_string().contains("recursion limit") => {}
        Err(e) => panic!("the outcome is not valid JSON ({e}): {json}"),
    }
    let again = match model.score(lead, options) {
        Ok(o) => o.to_json(),
        Err(e) => panic!("the second scoring failed: {e}"),
    };
    assert_eq!(json, again, "scoring is not deterministic");
}

/// Options at the fixed `now`, shifted by `shift_millis`, with an optional previous stage.
pub fn options(shift_millis: i64, previous_stage: Option<String>) -> ScoreOptions {
    ScoreOptions {
        now: Timestamp(NOW_MILLIS.saturating_add(shift_millis)),
        previous_stage,
        lone_surrogates: false,
    }
}
