//! Worst-case models at the documented limits, each with the lead that costs
//! it most (values of "a a a …" that every scan reads to the end, 64 KB in all).

use leadgate::model::limits::{MAX_TEXT_BYTES, MAX_WORK};
use serde_json::{json, Value};

/// A model and its costliest lead.
pub struct Case {
    pub name: &'static str,
    pub what: &'static str,
    pub model: String,
    pub lead: String,
    /// True when the model is meant to be refused (the original model).
    pub refused: bool,
}

/// Fields a 64 KB lead can fill with values compared in full.
const FULL_FIELDS: usize = 64 * 1024 / MAX_TEXT_BYTES;
/// Characters per model string at the limit.
const LONG: usize = 256;

fn doc(lists: Value, fit_rules: Vec<Value>, engagement: Vec<Value>) -> String {
    json!({
        "id": "worst", "version": "1",
        "lists": lists,
        "fit_rules": fit_rules,
        "engagement": { "rules": engagement },
        "stages": [ { "stage": "SQL", "if": { "score_at_least": 1 } } ],
        "routing": [ { "id": "all", "team": "t" } ]
    })
    .to_string()
}

fn rule(i: usize, cond: Value) -> Value {
    json!({ "id": format!("r{i}"), "label": "x", "points": 1, "if": cond })
}

/// `aaa…a` with `MAX_TEXT_BYTES` bytes of `unit` repeated.
fn run(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// A lead whose `FULL_FIELDS` fields hold `value`.
fn lead_of(value: &str) -> String {
    let mut lead = serde_json::Map::new();
    for f in 0..FULL_FIELDS {
        lead.insert(format!("f{f}"), Value::String(value.to_string()));
    }
    Value::Object(lead).to_string()
}

/// Long entries that share all but their last character with the value.
fn near_misses(n: usize, sep: &str) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let tail = format!("{sep}b{i}");
            Value::String(format!(
                "{}{tail}",
                run(&format!("a{sep}"), LONG - tail.len() - 2)
            ))
        })
        .collect()
}

/// Every worst case, sized to just fit the limits.
pub fn cases() -> Vec<Case> {
    use leadgate::model::work::{CONTAINS_ENTRY, KEYWORD_WORD, LOOKUP};
    let per_field = (MAX_WORK / FULL_FIELDS - LOOKUP) / CONTAINS_ENTRY;
    let mut out = vec![Case {
        name: "default model",
        what: "models/default.json and examples/lead.json, for scale",
        model: leadgate::DEFAULT_MODEL.to_string(),
        lead: include_str!("../../examples/lead.json").to_string(),
        refused: false,
    }];

    let list = near_misses(per_field, "");
    let rules = (0..FULL_FIELDS)
        .map(|f| {
            rule(
                f,
                json!({ "field": format!("f{f}"), "contains_any": "long" }),
            )
        })
        .collect();
    out.push(Case {
        name: "contains_any",
        what: "one list of 256-char near misses, scanned on 16 full fields",
        model: doc(json!({ "long": list }), rules, vec![]),
        lead: lead_of(&run("a", MAX_TEXT_BYTES)),
        refused: false,
    });

    let rules = vec![rule(
        0,
        json!({ "field": "f0", "starts_with": near_misses(3_500, "") }),
    )];
    out.push(Case {
        name: "starts_with",
        what: "256-char near-miss prefixes, inline (the model size caps them)",
        model: doc(json!({}), rules, vec![]),
        lead: lead_of(&run("a", MAX_TEXT_BYTES)),
        refused: false,
    });

    // Keywords of 126 words (`a a … a bN`), each tried at every word of a
    // value of 2,048 words: as many as the limit allows, on one field.
    let words_per_keyword = LONG / 2 - 2;
    let keywords = (MAX_WORK - LOOKUP) / KEYWORD_WORD / words_per_keyword;
    let list = near_misses(keywords, " ");
    let rules = vec![rule(0, json!({ "field": "f0", "words_any": list }))];
    out.push(Case {
        name: "words_any phrases",
        what: "multi-word keywords (126 words each) on a value of 2,048 words",
        model: doc(json!({}), rules, vec![]),
        lead: lead_of(&run("a ", MAX_TEXT_BYTES)),
        refused: false,
    });

    let events = (MAX_WORK / leadgate::model::work::EVENT_FACTOR - 1 - LOOKUP) / CONTAINS_ENTRY;
    let list = near_misses(events, "");
    let mut lead = serde_json::Map::new();
    let event_value = run("a", 64 * 1024 / 1000 - 20);
    let all: Vec<Value> = (0..1000)
        .map(|_| json!({ "name": "page_view", "at": "2026-11-26T12:00:00Z", "path": event_value }))
        .collect();
    lead.insert("events".into(), Value::Array(all));
    out.push(Case {
        name: "events where",
        what: "contains_any in an event's `where`, 1,000 events",
        model: doc(
            json!({ "long": list }),
            vec![],
            vec![rule(0, json!({ "event": "page_view", "where": { "field": "path", "contains_any": "long" } }))],
        ),
        lead: Value::Object(lead).to_string(),
        refused: false,
    });

    // As many distinct cheap leaves as 1 MiB holds, each on its own field.
    let mut rules = Vec::new();
    let mut i = 0;
    while rules.len() < 1000 && (i + 30) * LOOKUP <= MAX_WORK {
        let leaves: Vec<Value> = (0..30)
            .map(|_| {
                i += 1;
                json!({ "field": format!("g{i}"), "equals": "x" })
            })
            .collect();
        rules.push(rule(rules.len(), json!({ "any": leaves })));
    }
    // Keys `g1`…: as many as a 64 KB lead holds.
    let mut lead = serde_json::Map::new();
    for f in 1..=i.min(64 * 1024 / 14) {
        lead.insert(format!("g{f}"), Value::String("y".into()));
    }
    out.push(Case {
        name: "many leaves",
        what: "as many distinct leaves as the limit allows (4,980), each on its own field",
        model: doc(json!({}), rules, vec![]),
        lead: Value::Object(lead).to_string(),
        refused: false,
    });

    // Lists at their length limit, named by 1,000 rules (`in`: looked up).
    let big: Vec<Value> = (0..10_000)
        .map(|i| Value::String(format!("v{i:05}")))
        .collect();
    let lists = json!({ "a": big.clone(), "b": big.clone(), "c": big });
    let rules = (0..1000)
        .map(|r| {
            let name = ["a", "b", "c"][r % 3];
            rule(r, json!({ "field": format!("f{}", r % 100), "in": name }))
        })
        .collect();
    out.push(Case {
        name: "long lists, 1,000 refs",
        what: "three 10,000-entry lists named by 1,000 `in` rules",
        model: doc(lists, rules, vec![]),
        lead: lead_of("v09999"),
        refused: false,
    });

    // The finding: ~3,400 keywords of 125 words named by 1,000 rules.
    let list = near_misses(3_400, " ");
    let rules = (0..1000)
        .map(|r| {
            rule(
                r,
                json!({ "field": format!("f{r}"), "words_any": "phrases" }),
            )
        })
        .collect();
    out.push(Case {
        name: "issue model (refused)",
        what: "3,400 keywords × 125 words named by 1,000 rules: too_much_work",
        model: doc(json!({ "phrases": list }), rules, vec![]),
        lead: lead_of("a"),
        refused: true,
    });
    out
}
