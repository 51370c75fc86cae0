//! The model's JSON Schema (draft 2020-12), built from the same key tables the
//! compiler checks, so the schema and the validator cannot drift apart.

use super::condition::{COMBINATORS, EMAIL_KINDS, EVENT_KEYS, FIELD_OPS, RESULT_LEAVES};
use super::declarations::{DECLARATION_KEYS, FORMATS, POLICIES, TYPES};
use super::goals::{Kpi, GOAL_KEYS, MAX_GOALS, MAX_OWNER_CHARS};
use super::limits;
use super::sections::{
    DISQUALIFY_KEYS, ENGAGEMENT_KEYS, GRADE_KEYS, PERSONA_KEYS, ROUTE_KEYS, RULE_KEYS, SLA_KEYS,
    STAGE_KEYS, TOP_KEYS,
};
use super::teams::TEAM_KEYS;
use crate::value::Currency;
use serde_json::{json, Map, Value};

/// The JSON Schema of a model document.
pub fn model_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://leadgate.dev/schema/model-v1.json",
        "title": "leadgate model v1",
        "description": "The marketing/sales SLA as one document. Reference: docs/model.md.",
        "type": "object",
        "required": ["id", "version"],
        "additionalProperties": false,
        "properties": object_props(TOP_KEYS, top_key),
        "$defs": {
            "id": { "type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$" },
            "text": { "type": "string", "maxLength": limits::MAX_STRING_CHARS },
            "fieldPath": {
                "type": "string", "maxLength": limits::MAX_STRING_CHARS,
                "pattern": "^[^.]+(\\.[^.]+)*$"
            },
            "points": { "type": "number", "minimum": -1_000_000, "maximum": 1_000_000 },
            "list": { "type": "array", "maxItems": limits::MAX_LIST_LEN, "items": { "$ref": "#/$defs/text" } },
            "listOrName": { "oneOf": [ { "$ref": "#/$defs/list" }, { "$ref": "#/$defs/id" } ] },
            "scalar": { "type": ["string", "number", "boolean"] },
            "rule": closed(RULE_KEYS, &["id", "points", "if"], rule_key),
            "rules": { "type": "array", "items": { "$ref": "#/$defs/rule" } },
            "persona": closed(PERSONA_KEYS, &["id"], persona_key),
            "stage": closed(STAGE_KEYS, &["stage"], stage_key),
            "disqualifier": closed(DISQUALIFY_KEYS, &["id", "if"], disqualify_key),
            "route": closed(ROUTE_KEYS, &["id", "team"], route_key),
            "condition": condition_schema(),
            "fieldLeaf": field_leaf_schema(),
            "eventLeaf": closed(EVENT_KEYS, &["event"], event_key),
            "declaration": declaration_schema(),
            "goal": goal_schema(),
            "businessHours": closed(TEAM_KEYS, &["timezone", "hours"], team_key),
            "owner": { "type": "string", "minLength": 1, "maxLength": MAX_OWNER_CHARS },
        }
    })
}

fn closed(keys: &[&str], required: &[&str], schema_of: fn(&str) -> Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": object_props(keys, schema_of),
    })
}

fn object_props(keys: &[&str], schema_of: fn(&str) -> Value) -> Value {
    let mut props = Map::new();
    for key in keys {
        props.insert((*key).to_string(), schema_of(key));
    }
    Value::Object(props)
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{name}") })
}

fn top_key(key: &str) -> Value {
    match key {
        "$schema" | "version" | "name" => reference("text"),
        "id" => reference("id"),
        "lists" => json!({ "type": "object", "additionalProperties": reference("list") }),
        "fields" => json!({
            "type": "object",
            "propertyNames": reference("fieldPath"),
            "additionalProperties": reference("declaration"),
        }),
        "personas" => {
            json!({ "type": "array", "maxItems": limits::MAX_PERSONAS, "items": reference("persona") })
        }
        "fit_rules" => reference("rules"),
        "grades" => closed(GRADE_KEYS, &[], |_| reference("points")),
        "engagement" => closed(ENGAGEMENT_KEYS, &[], |k| match k {
            "half_life_days" => json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 3650 }),
            "max" => json!({ "type": "number", "minimum": 0 }),
            _ => reference("rules"),
        }),
        "stages" => {
            json!({ "type": "array", "maxItems": limits::MAX_STAGES, "items": reference("stage") })
        }
        "disqualify" => json!({ "type": "array", "items": reference("disqualifier") }),
        "routing" => {
            json!({ "type": "array", "maxItems": limits::MAX_ROUTES, "items": reference("route") })
        }
        "goals" => json!({ "type": "array", "maxItems": MAX_GOALS, "items": reference("goal") }),
        "currency" => json!({ "enum": Currency::CODES }),
        "kpi_owners" => json!({
            "type": "object",
            "propertyNames": { "enum": kpi_names() },
            "additionalProperties": reference("owner"),
        }),
        "teams" => json!({
            "type": "object",
            "maxProperties": super::teams::MAX_TEAMS,
            "propertyNames": reference("id"),
            "additionalProperties": reference("businessHours"),
        }),
        "sla" => json!({
            "type": "object",
            "additionalProperties": closed(SLA_KEYS, &["respond_within"], |_| json!({
                "type": "string", "pattern": "^([0-9]+[smhdw])+$"
            })),
        }),
        _ => json!({}),
    }
}

/// A team's (or an edge member's) business hours: docs/model.md, "Teams and business hours".
fn team_key(key: &str) -> Value {
    const DAY: &str = "(mon|tue|wed|thu|fri|sat|sun)";
    const RANGE: &str = " *[0-2][0-9]:[0-5][0-9] *- *[0-2][0-9]:[0-5][0-9] *";
    let ranges = json!({ "type": "string", "pattern": format!("^{RANGE}(,{RANGE})*$") });
    match key {
        "timezone" => {
            json!({ "type": "string", "minLength": 1, "description": "an IANA time zone name, e.g. America/Sao_Paulo" })
        }
        "hours" => json!({
            "type": "object",
            "minProperties": 1,
            "propertyNames": { "pattern": format!("^{DAY}(-{DAY})?$") },
            "additionalProperties": { "oneOf": [ranges, { "type": "array", "minItems": 1, "items": ranges }] },
        }),
        "holidays" => json!({
            "type": "array",
            "maxItems": super::teams::MAX_HOLIDAYS,
            "items": { "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
        }),
        _ => json!({}),
    }
}

fn declaration_key(key: &str) -> Value {
    match key {
        "type" => json!({ "enum": TYPES }),
        "format" => json!({ "enum": FORMATS }),
        "ranges" => json!({ "enum": POLICIES }),
        "currency" => json!({ "enum": Currency::CODES }),
        _ => json!({}),
    }
}

/// A declaration; a boolean takes no `format`, `ranges` or `currency`.
fn declaration_schema() -> Value {
    let mut schema = closed(DECLARATION_KEYS, &["type"], declaration_key);
    let Value::Object(map) = &mut schema else {
        return schema;
    };
    map.insert(
        "if".into(),
        json!({ "properties": { "type": { "const": "boolean" } } }),
    );
    map.insert(
        "then".into(),
        json!({ "properties": { "format": false, "ranges": false, "currency": false } }),
    );
    schema
}

fn rule_key(key: &str) -> Value {
    match key {
        "id" => reference("id"),
        "label" => reference("text"),
        "points" => reference("points"),
        "max" => json!({ "type": "number", "minimum": 0 }),
        "if" => reference("condition"),
        _ => json!({}),
    }
}

fn persona_key(key: &str) -> Value {
    match key {
        "id" => reference("id"),
        "name" => reference("text"),
        "rules" => reference("rules"),
        _ => json!({}),
    }
}

fn stage_key(key: &str) -> Value {
    match key {
        "stage" => reference("id"),
        "requires" => json!({ "type": "array", "items": reference("fieldPath") }),
        "if" => reference("condition"),
        _ => json!({}),
    }
}

fn disqualify_key(key: &str) -> Value {
    match key {
        // `max_stage`: a stage of the model or `lead` (checked by the compiler).
        "id" | "max_stage" => reference("id"),
        "label" => reference("text"),
        "if" => reference("condition"),
        _ => json!({}),
    }
}

fn route_key(key: &str) -> Value {
    match key {
        "id" | "team" => reference("id"),
        "if" => reference("condition"),
        _ => json!({}),
    }
}

fn event_key(key: &str) -> Value {
    match key {
        "event" => reference("text"),
        "where" => reference("condition"),
        "count_at_least" => json!({ "type": "integer", "minimum": 1, "maximum": 1000 }),
        "within_days" => json!({ "type": "number", "exclusiveMinimum": 0, "maximum": 3660 }),
        _ => json!({}),
    }
}

fn one_key(key: &str, schema: Value) -> Value {
    json!({
        "type": "object", "required": [key], "additionalProperties": false,
        "properties": { key: schema }
    })
}

fn condition_schema() -> Value {
    let mut shapes: Vec<Value> = COMBINATORS
        .iter()
        .map(|c| match *c {
            "not" => one_key(c, reference("condition")),
            _ => one_key(
                c,
                json!({ "type": "array", "items": reference("condition") }),
            ),
        })
        .collect();
    shapes.push(reference("fieldLeaf"));
    shapes.push(reference("eventLeaf"));
    for leaf in RESULT_LEAVES {
        shapes.push(one_key(leaf, result_leaf(leaf)));
    }
    json!({ "oneOf": shapes })
}

fn result_leaf(key: &str) -> Value {
    match key {
        "grade_at_least" => json!({ "enum": ["A", "B", "C", "D"] }),
        "stage_in" => json!({ "type": "array", "items": reference("id") }),
        _ => json!({ "type": "number" }),
    }
}

fn field_op(op: &str) -> Value {
    match op {
        "equals" => reference("scalar"),
        "in" => {
            json!({ "oneOf": [ { "type": "array", "items": reference("scalar") }, reference("id") ] })
        }
        "gt" | "gte" | "lt" | "lte" => json!({ "type": "number" }),
        "between" => {
            json!({ "type": "array", "prefixItems": [ { "type": "number" }, { "type": "number" } ], "minItems": 2, "maxItems": 2 })
        }
        "exists" => json!({ "type": "boolean" }),
        "starts_with" => json!({ "oneOf": [ reference("text"), reference("list") ] }),
        "contains_any" | "words_any" | "domain_in" => reference("listOrName"),
        "email_is" => json!({ "oneOf": [
            { "enum": EMAIL_KINDS },
            { "type": "array", "items": { "enum": EMAIL_KINDS } }
        ] }),
        _ => json!({}),
    }
}

fn field_leaf_schema() -> Value {
    let mut props = Map::new();
    props.insert("field".into(), reference("fieldPath"));
    for op in FIELD_OPS {
        props.insert((*op).to_string(), field_op(op));
    }
    json!({
        "type": "object", "required": ["field"], "additionalProperties": false,
        "minProperties": 2, "maxProperties": 2, "properties": props
    })
}

fn kpi_names() -> Vec<&'static str> {
    Kpi::ALL.iter().map(|k| k.name()).collect()
}

/// A goal: one target (`at_least` or `at_most`); shares are 0–1, counts whole.
fn goal_schema() -> Value {
    let mut schema = closed(GOAL_KEYS, &["id", "kpi", "owner"], |key| match key {
        "id" => reference("id"),
        "label" | "stage" | "team" => reference("text"),
        "kpi" => json!({ "enum": kpi_names() }),
        "at_least" | "at_most" => json!({ "type": "number", "minimum": 0 }),
        "per" => json!({ "enum": ["month", "quarter"] }),
        "owner" => reference("owner"),
        _ => json!({}),
    });
    let shares: Vec<&str> = Kpi::ALL
        .iter()
        .filter(|k| k.is_share())
        .map(|k| k.name())
        .collect();
    let counts: Vec<&str> = Kpi::ALL
        .iter()
        .filter(|k| k.is_count())
        .map(|k| k.name())
        .collect();
    let staged: Vec<&str> = Kpi::ALL
        .iter()
        .filter(|k| k.takes_stage())
        .map(|k| k.name())
        .collect();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "oneOf".into(),
            json!([{ "required": ["at_least"] }, { "required": ["at_most"] }]),
        );
        map.insert(
            "allOf".into(),
            json!([
                {
                    "if": { "properties": { "kpi": { "enum": shares } } },
                    "then": { "properties": { "at_least": { "maximum": 1 }, "at_most": { "maximum": 1 } } }
                },
                {
                    "if": { "properties": { "kpi": { "enum": counts } } },
                    "then": { "properties": { "at_least": { "multipleOf": 1 }, "at_most": { "multipleOf": 1 } } }
                },
                {
                    "if": { "properties": { "kpi": { "not": { "enum": staged } } } },
                    "then": { "properties": { "stage": false } }
                }
            ]),
        );
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_every_table_has_a_real_schema() {
        type Table<'a> = (&'a [&'a str], fn(&str) -> Value);
        let tables: [Table; 9] = [
            (TEAM_KEYS, team_key),
            (TOP_KEYS, top_key),
            (DISQUALIFY_KEYS, disqualify_key),
            (DECLARATION_KEYS, declaration_key),
            (RULE_KEYS, rule_key),
            (PERSONA_KEYS, persona_key),
            (STAGE_KEYS, stage_key),
            (ROUTE_KEYS, route_key),
            (EVENT_KEYS, event_key),
        ];
        for (keys, schema_of) in tables {
            for key in keys {
                assert_ne!(schema_of(key), json!({}), "no schema for `{key}`");
            }
        }
        for op in FIELD_OPS {
            assert_ne!(field_op(op), json!({}), "no schema for operator `{op}`");
        }
        let schema = model_schema();
        assert_eq!(
            schema["$defs"]["fieldLeaf"]["properties"]
                .as_object()
                .unwrap()
                .len(),
            FIELD_OPS.len() + 1
        );
    }
}
