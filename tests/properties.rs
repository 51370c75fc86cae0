//! Property tests: random valid models and messy leads keep the scoring invariants (determinism, exact sums, caps, decay, stages, grades, hashing, and compile never panicking).

use leadgate::outcome::Group;
use leadgate::{compile, compile_value, CompiledModel, Grade, Outcome, Points, ScoreOptions};
use leadgate::{Timestamp, Value};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value as Json};
use std::fmt::Write;

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

/// Lead fields the generated models read.
#[rustfmt::skip]
const FIELDS: &[&str] = &[
    "email", "company", "company_size", "job_title", "country", "form", "page_views",
];
/// Event properties read inside `where`.
const EVENT_PROPS: &[&str] = &["path", "title", "utm_source"];
const EVENT_NAMES: &[&str] = &["page_view", "form_submit", "webinar", "email_click"];
/// Stage names, highest first; a model uses a prefix of them.
const STAGE_NAMES: &[&str] = &["SQL", "MQL", "SAL"];
const FALLBACK: &str = "lead";
/// Durations the generated SLAs use, with their length in milliseconds.
const DURATIONS: &[(&str, i64)] = &[
    ("45s", 45_000),
    ("15m", 900_000),
    ("1h", 3_600_000),
    ("1h30m", 5_400_000),
    ("2d", 172_800_000),
    ("1w", 604_800_000),
    ("365d", 31_536_000_000),
];
/// 2026-11-26T12:00:00Z: every generated `now` and event is around it.
const BASE_NOW: i64 = 1_795_694_400_000;
const DAY_MS: i64 = 86_400_000;

/// Texts for `starts_with` / `contains_any` (all fold to something non-empty).
#[rustfmt::skip]
const OP_TEXTS: &[&str] = &[
    "acme", "ÁCME", "diretor", "head", "vp", "rival", "demo", "/pricing", "br", "ß", "ção", "🚀",
    "engenheir",
];
/// Keywords for `words_any` (all have at least one word).
#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "diretor", "head of", "vp", "gerente*", "engenheiro", "operações", "marketing", "ceo",
    "straße",
];
#[rustfmt::skip]
const DOMAINS: &[&str] = &[
    "acme.com", "rival.io", "www.acme.com.br", "@gmail.com", "sub.example.org",
    "https://x.io/path",
];
#[rustfmt::skip]
const SCALAR_TEXTS: &[&str] = &[
    "BR", "Brasil", "demo_request", "Acme", "120", "true", "", "Diretora", "México",
];
const EMAIL_KINDS: &[&str] = &["free", "disposable", "role", "corporate"];

/// Lead texts: blanks, numbers as text, accents, emails, URLs, emoji.
#[rustfmt::skip]
const LEAD_TEXTS: &[&str] = &[
    "", " ", "\t\n", "120", " 42 ", "-3.5", "1e3", "12abc", "NaN", "inf", "true", "false",
    "Diretora de Operações", "DIRETÓRIA", "Head of Marketing", "VP, Sales",
    "Engenheira de Dados", "Gerentes", "Straße", "E\u{301}", "🚀CEO🚀", "ΑΒΓ", "ana@gmail.com",
    "Contato@Acme.com.br", "x@mailinator.com", "vendas+x@acme.com", "ana@freemail.test",
    "not an email", "a@b", "https://www.acme.com/x?y=1", "rival.io", "ACME Ltda", "Ácme",
    "Brasil", "BR", "México", "demo_request", "Demo_Request", "/pricing/enterprise", "SQL",
    "lead",
];

// ---------------------------------------------------------------------------
// Model generators
// ---------------------------------------------------------------------------

/// Where a condition sits: decides which leaves it may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Place {
    Rule,
    Stage,
    Route,
    Where,
}

fn number() -> BoxedStrategy<Json> {
    prop_oneof![
        (-100i64..2000).prop_map(|n| json!(n)),
        (-10_000i64..10_000).prop_map(|n| json!(n as f64 / 4.0)),
    ]
    .boxed()
}

fn scalar() -> BoxedStrategy<Json> {
    prop_oneof![
        select(SCALAR_TEXTS).prop_map(|s| json!(s)),
        number(),
        any::<bool>().prop_map(|b| json!(b)),
    ]
    .boxed()
}

fn texts_or_list(pool: &'static [&'static str], list: &'static str) -> BoxedStrategy<Json> {
    prop_oneof![
        3 => proptest::collection::vec(select(pool), 1..4).prop_map(|v| json!(v)),
        1 => Just(json!(list)),
    ]
    .boxed()
}

/// One field operator with a valid argument.
fn field_op() -> BoxedStrategy<(&'static str, Json)> {
    prop_oneof![
        scalar().prop_map(|s| ("equals", s)),
        prop_oneof![
            3 => proptest::collection::vec(scalar(), 0..4).prop_map(Json::Array),
            1 => Just(json!("countries")),
        ]
        .prop_map(|a| ("in", a)),
        (select(&["gt", "gte", "lt", "lte"][..]), number()).prop_map(|(op, n)| (op, n)),
        ((-100i64..2000), (0i64..2000))
            .prop_map(|(low, width)| ("between", json!([low, low + width]))),
        any::<bool>().prop_map(|b| ("exists", json!(b))),
        prop_oneof![
            select(OP_TEXTS).prop_map(|s| json!(s)),
            proptest::collection::vec(select(OP_TEXTS), 1..3).prop_map(|v| json!(v)),
        ]
        .prop_map(|a| ("starts_with", a)),
        texts_or_list(OP_TEXTS, "fragments").prop_map(|a| ("contains_any", a)),
        texts_or_list(KEYWORDS, "titles").prop_map(|a| ("words_any", a)),
        texts_or_list(DOMAINS, "domains").prop_map(|a| ("domain_in", a)),
        prop_oneof![
            select(EMAIL_KINDS).prop_map(|s| json!(s)),
            proptest::collection::vec(select(EMAIL_KINDS), 1..3).prop_map(|v| json!(v)),
        ]
        .prop_map(|a| ("email_is", a)),
    ]
    .boxed()
}

fn field_leaf(place: Place) -> BoxedStrategy<Json> {
    let fields = if place == Place::Where {
        EVENT_PROPS
    } else {
        FIELDS
    };
    (select(fields), field_op())
        .prop_map(|(field, (op, arg))| {
            let mut leaf = Map::new();
            leaf.insert("field".into(), json!(field));
            leaf.insert(op.into(), arg);
            Json::Object(leaf)
        })
        .boxed()
}

/// A condition for inside `where`: field leaves on event properties and combinators.
fn where_cond() -> BoxedStrategy<Json> {
    field_leaf(Place::Where)
        .prop_recursive(2, 6, 3, combinators)
        .boxed()
}

fn combinators(inner: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
    prop_oneof![
        proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "all": v })),
        proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "any": v })),
        inner.prop_map(|c| json!({ "not": c })),
    ]
    .boxed()
}

/// An event leaf: name (or `*`), optional `where`, `count_at_least`, `within_days`.
fn event_leaf() -> BoxedStrategy<Json> {
    (
        prop_oneof![4 => select(EVENT_NAMES), 1 => Just("*")],
        proptest::option::weighted(0.4, where_cond()),
        proptest::option::weighted(0.3, 1u32..4),
        proptest::option::weighted(0.3, prop_oneof![(1u32..400).prop_map(f64::from), Just(0.5)]),
    )
        .prop_map(|(name, filter, count, within)| {
            let mut leaf = Map::new();
            leaf.insert("event".into(), json!(name));
            if let Some(f) = filter {
                leaf.insert("where".into(), f);
            }
            if let Some(c) = count {
                leaf.insert("count_at_least".into(), json!(c));
            }
            if let Some(d) = within {
                leaf.insert("within_days".into(), json!(d));
            }
            Json::Object(leaf)
        })
        .boxed()
}

/// Result leaves: allowed in stages and routing (`stage_in` in routing only).
fn result_leaf(place: Place, stages: usize) -> BoxedStrategy<Json> {
    let metrics = prop_oneof![
        select(&["A", "B", "C", "D"][..]).prop_map(|g| json!({ "grade_at_least": g })),
        (
            select(&["score_at_least", "fit_at_least", "engagement_at_least"][..]),
            number()
        )
            .prop_map(|(k, n)| {
                let mut leaf = Map::new();
                leaf.insert(k.into(), n);
                Json::Object(leaf)
            }),
    ];
    if place == Place::Route {
        let mut names: Vec<&'static str> = STAGE_NAMES[..stages].to_vec();
        names.push(FALLBACK);
        prop_oneof![
            3 => metrics,
            1 => proptest::collection::vec(select(names), 0..3)
                .prop_map(|v| json!({ "stage_in": v })),
        ]
        .boxed()
    } else {
        metrics.boxed()
    }
}

/// A condition valid at `place` in a model with `stages` stages.
fn cond(place: Place, stages: usize) -> BoxedStrategy<Json> {
    let leaf = match place {
        Place::Where => return where_cond(),
        Place::Rule => prop_oneof![3 => field_leaf(place), 1 => event_leaf()].boxed(),
        Place::Stage | Place::Route => prop_oneof![
            3 => field_leaf(place),
            1 => event_leaf(),
            2 => result_leaf(place, stages),
        ]
        .boxed(),
    };
    leaf.prop_recursive(3, 12, 4, combinators).boxed()
}

/// Rule points: integers, quarters, and values with more than two decimals.
fn points() -> BoxedStrategy<Json> {
    prop_oneof![
        4 => (-50i64..100).prop_map(|n| json!(n)),
        2 => (-5000i64..10_000).prop_map(|n| json!(n as f64 / 100.0)),
        1 => (-5000i64..10_000).prop_map(|n| json!(n as f64 / 1000.0)),
    ]
    .boxed()
}

/// A rule without its id (ids are given when the model is assembled).
fn rule(if_cond: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
    (
        points(),
        proptest::option::weighted(0.3, (0i64..80).prop_map(|n| json!(n as f64 / 2.0))),
        proptest::option::weighted(0.3, select(&["Cargo sênior", "Senior title", "🚀"][..])),
        if_cond,
    )
        .prop_map(|(points, max, label, cond)| {
            let mut rule = Map::new();
            rule.insert("points".into(), points);
            if let Some(m) = max {
                rule.insert("max".into(), m);
            }
            if let Some(l) = label {
                rule.insert("label".into(), json!(l));
            }
            rule.insert("if".into(), cond);
            Json::Object(rule)
        })
        .boxed()
}

/// An engagement rule: a per-event rule (bare event leaf) or an attribute rule.
fn engagement_rule() -> BoxedStrategy<Json> {
    prop_oneof![
        2 => rule(event_leaf()),
        1 => rule(cond(Place::Rule, 0)),
    ]
    .boxed()
}

/// Grade thresholds: a random subset of A > B > C.
fn grades() -> BoxedStrategy<Json> {
    ((-20i64..80), (1i64..40), (1i64..40), 0u8..8)
        .prop_map(|(c, gap_b, gap_a, mask)| {
            let c = c as f64 / 2.0;
            let b = c + gap_b as f64 / 2.0;
            let a = b + gap_a as f64 / 4.0;
            let mut g = Map::new();
            for (bit, key, value) in [(1, "A", a), (2, "B", b), (4, "C", c)] {
                if mask & bit != 0 {
                    g.insert(key.into(), json!(value));
                }
            }
            Json::Object(g)
        })
        .boxed()
}

fn engagement(
    rules: BoxedStrategy<Json>,
    half_life: BoxedStrategy<Option<f64>>,
) -> BoxedStrategy<Json> {
    (
        half_life,
        proptest::option::weighted(0.4, (0i64..300).prop_map(|n| n as f64 / 2.0)),
        proptest::collection::vec(rules, 0..5),
    )
        .prop_map(|(half_life, max, rules)| {
            let mut e = Map::new();
            if let Some(h) = half_life {
                e.insert("half_life_days".into(), json!(h));
            }
            if let Some(m) = max {
                e.insert("max".into(), json!(m));
            }
            e.insert("rules".into(), Json::Array(rules));
            Json::Object(e)
        })
        .boxed()
}

fn half_life() -> BoxedStrategy<f64> {
    prop_oneof![(1u32..366).prop_map(f64::from), Just(0.5), Just(3650.0)].boxed()
}

/// Stages: a prefix of `STAGE_NAMES`, each with optional `requires` and `if`.
fn stages(n: usize) -> BoxedStrategy<Vec<Json>> {
    let stage = (
        proptest::collection::vec(select(FIELDS), 0..3),
        proptest::option::weighted(0.8, cond(Place::Stage, n)),
    );
    proptest::collection::vec(stage, n..=n)
        .prop_map(move |items| {
            let last = items.len().saturating_sub(1);
            items
                .into_iter()
                .enumerate()
                .map(|(i, (mut requires, cond))| {
                    // A catch-all stage (no `if`, no `requires`) must come last.
                    if i < last && requires.is_empty() && cond.is_none() {
                        requires.push("email");
                    }
                    let mut s = Map::new();
                    s.insert("stage".into(), json!(STAGE_NAMES[i]));
                    if !requires.is_empty() {
                        s.insert("requires".into(), json!(requires));
                    }
                    if let Some(c) = cond {
                        s.insert("if".into(), c);
                    }
                    Json::Object(s)
                })
                .collect()
        })
        .boxed()
}

/// Routing: up to three conditional routes, then a default.
fn routing(n_stages: usize) -> BoxedStrategy<Json> {
    (
        proptest::collection::vec(
            (
                cond(Place::Route, n_stages),
                select(&["sdr", "ae", "latam-sdr"][..]),
            ),
            0..3,
        ),
        select(&["inbound", "sdr"][..]),
    )
        .prop_map(|(routes, default_team)| {
            let mut out: Vec<Json> = routes
                .into_iter()
                .enumerate()
                .map(|(i, (c, team))| json!({ "id": format!("route{i}"), "team": team, "if": c }))
                .collect();
            out.push(json!({ "id": "default", "team": default_team }));
            Json::Array(out)
        })
        .boxed()
}

fn sla(n_stages: usize) -> BoxedStrategy<Json> {
    proptest::collection::vec(proptest::option::of(select(DURATIONS)), n_stages + 1)
        .prop_map(move |picks| {
            let mut names: Vec<&str> = STAGE_NAMES[..n_stages].to_vec();
            names.push(FALLBACK);
            let mut s = Map::new();
            for (name, pick) in names.into_iter().zip(picks) {
                if let Some((d, _)) = pick {
                    s.insert(name.into(), json!({ "respond_within": d }));
                }
            }
            Json::Object(s)
        })
        .boxed()
}

/// Gives every rule a unique id, in document order.
fn assign_rule_ids(model: &mut Json) {
    let mut n = 0;
    let mut name = |rules: &mut Json| {
        for rule in rules.as_array_mut().into_iter().flatten() {
            if let Some(obj) = rule.as_object_mut() {
                obj.insert("id".into(), json!(format!("r{n}")));
                n += 1;
            }
        }
    };
    if let Some(personas) = model.get_mut("personas").and_then(Json::as_array_mut) {
        for persona in personas {
            if let Some(rules) = persona.get_mut("rules") {
                name(rules);
            }
        }
    }
    if let Some(rules) = model.get_mut("fit_rules") {
        name(rules);
    }
    if let Some(rules) = model.pointer_mut("/engagement/rules") {
        name(rules);
    }
}

fn lists() -> Json {
    json!({
        "titles": ["diretor", "head of", "vp", "gerente*"],
        "fragments": ["acme", "rival", "ção"],
        "domains": ["acme.com", "rival.io"],
        "countries": ["BR", "Brasil", "US", "méxico"],
        "free_email_domains": ["freemail.test"],
        "role_email_locals": ["vendas"]
    })
}

/// A random but valid model.
fn model() -> BoxedStrategy<Json> {
    (0usize..=3)
        .prop_flat_map(|n_stages| {
            let persona_rules = proptest::collection::vec(rule(cond(Place::Rule, 0)), 0..5);
            (
                proptest::collection::vec(persona_rules, 0..4),
                proptest::collection::vec(rule(cond(Place::Rule, 0)), 0..4),
                proptest::option::weighted(0.7, grades()),
                proptest::option::weighted(
                    0.7,
                    engagement(engagement_rule(), proptest::option::weighted(0.6, half_life()).boxed()),
                ),
                stages(n_stages),
                proptest::option::weighted(0.8, routing(n_stages)),
                proptest::option::weighted(0.7, sla(n_stages)),
            )
        })
        .prop_map(|(personas, fit_rules, grades, engagement, stages, routing, sla)| {
            let mut m = Map::new();
            m.insert("id".into(), json!("prop-model"));
            m.insert("version".into(), json!("1"));
            m.insert("lists".into(), lists());
            let personas: Vec<Json> = personas
                .into_iter()
                .enumerate()
                .map(|(i, rules)| json!({ "id": format!("p{i}"), "name": "Persona ç", "rules": rules }))
                .collect();
            m.insert("personas".into(), Json::Array(personas));
            m.insert("fit_rules".into(), Json::Array(fit_rules));
            if let Some(g) = grades {
                m.insert("grades".into(), g);
            }
            if let Some(e) = engagement {
                m.insert("engagement".into(), e);
            }
            if !stages.is_empty() {
                m.insert("stages".into(), Json::Array(stages));
            }
            if let Some(r) = routing {
                m.insert("routing".into(), r);
            }
            if let Some(s) = sla {
                m.insert("sla".into(), s);
            }
            let mut model = Json::Object(m);
            assign_rule_ids(&mut model);
            model
        })
        .boxed()
}

/// A model whose engagement rules are all per-event with positive points, with a half-life.
fn decaying_model() -> BoxedStrategy<Json> {
    let positive = (1i64..5000).prop_map(|n| json!(n as f64 / 100.0));
    let per_event_rule = (
        positive,
        proptest::option::weighted(0.4, (0i64..100).prop_map(|n| json!(n))),
        event_leaf(),
    )
        .prop_map(|(points, max, leaf)| {
            let mut rule = Map::new();
            rule.insert("points".into(), points);
            if let Some(m) = max {
                rule.insert("max".into(), m);
            }
            rule.insert("if".into(), leaf);
            Json::Object(rule)
        })
        .boxed();
    engagement(per_event_rule, half_life().prop_map(Some).boxed())
        .prop_map(|engagement| {
            let mut model = json!({ "id": "decay", "version": "1", "lists": lists(), "engagement": engagement });
            assign_rule_ids(&mut model);
            model
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Lead generators
// ---------------------------------------------------------------------------

/// A lead as key/value pairs (duplicates allowed: the last one wins, as in `JSON.parse`).
#[derive(Debug, Clone)]
struct Lead {
    pairs: Vec<(String, Json)>,
}

impl Lead {
    /// The lead's JSON text, keys in generation order (duplicates kept).
    fn text(&self) -> String {
        let mut out = String::from("{");
        for (i, (k, v)) in self.pairs.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(k).unwrap());
            out.push(':');
            out.push_str(&serde_json::to_string(v).unwrap());
        }
        out.push('}');
        out
    }

    /// The value a top-level key resolves to (the last duplicate wins).
    fn get(&self, key: &str) -> Option<&Json> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Present: not absent, not null, not a blank string (docs/model.md, "Present").
    fn present(&self, key: &str) -> bool {
        match self.get(key) {
            None | Some(Json::Null) => false,
            Some(Json::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        }
    }

    /// The lead's own `previous_stage`, as scoring reads it (trimmed text, else none).
    fn previous_stage(&self) -> Option<String> {
        match self.get("previous_stage") {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }
}

/// A messy lead value: blanks, numeric strings, accents, wrong types.
fn lead_value() -> BoxedStrategy<Json> {
    let scalar = prop_oneof![
        6 => select(LEAD_TEXTS).prop_map(|s| json!(s)),
        2 => "\\PC{0,12}".prop_map(|s| json!(s)),
        2 => any::<i32>().prop_map(|n| json!(n)),
        2 => (-1000i64..5000).prop_map(|n| json!(n)),
        1 => (-1_000_000_000i64..1_000_000_000).prop_map(|n| json!(n as f64 / 1000.0)),
        1 => (-1e6f64..1e6).prop_map(|x| json!(x)),
        1 => any::<f64>().prop_filter("finite", |x| x.is_finite()).prop_map(|x| json!(x)),
        1 => select(&[1e300, -0.0, 0.5, 9_007_199_254_740_993.0][..]).prop_map(|x| json!(x)),
        1 => any::<bool>().prop_map(|b| json!(b)),
        2 => Just(Json::Null),
        1 => (1usize..3).prop_map(|n| json!("ção ".repeat(n * 700))),
    ];
    scalar
        .prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Json::Array),
                proptest::collection::vec((select(&["size", "name", "x"][..]), inner), 0..3)
                    .prop_map(|pairs| {
                        let map: Map<String, Json> =
                            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                        Json::Object(map)
                    }),
            ]
        })
        .boxed()
}

/// How an event's `at` is written.
fn event_at(min_offset: i64, max_offset: i64) -> BoxedStrategy<Json> {
    (min_offset..max_offset, 0u8..10)
        .prop_map(|(offset, style)| {
            let t = Timestamp(BASE_NOW + offset);
            let text = t.to_rfc3339();
            match style {
                0 => json!(text.get(..10).unwrap()),
                1 => json!(text.to_lowercase()),
                _ => json!(text),
            }
        })
        .boxed()
}

/// An event: usually valid, sometimes without a name or a readable `at`.
fn event(at: BoxedStrategy<Json>, valid_only: bool) -> BoxedStrategy<Json> {
    let props = proptest::collection::vec(
        (
            select(EVENT_PROPS),
            prop_oneof![
                select(&["/pricing", "/demo", "Webinar: Diretores", "ads", "", "TEST"][..])
                    .prop_map(|s| json!(s)),
                lead_value(),
            ],
        ),
        0..3,
    );
    let valid = (select(EVENT_NAMES), at, props)
        .prop_map(|(name, at, props)| {
            let mut e = Map::new();
            e.insert("event".into(), json!(name));
            e.insert("at".into(), at);
            for (k, v) in props {
                e.insert(k.into(), v);
            }
            Json::Object(e)
        })
        .boxed();
    if valid_only {
        return valid;
    }
    prop_oneof![
        8 => valid,
        1 => Just(json!({ "event": "page_view", "at": "yesterday" })),
        1 => Just(json!({ "event": "page_view", "at": 1_795_694_400_000i64 })),
        1 => Just(json!({ "event": 7, "at": "2026-11-20" })),
        1 => Just(json!({ "at": "2026-11-20" })),
        1 => Just(json!("page_view")),
        1 => Just(Json::Null),
    ]
    .boxed()
}

/// A lead object: random fields of the vocabulary (any type, maybe repeated), events, previous stage.
fn lead_with_events(events: BoxedStrategy<Json>) -> BoxedStrategy<Lead> {
    let key = prop_oneof![
        8 => select(FIELDS).prop_map(str::to_string),
        1 => Just("previous_stage".to_string()),
        1 => "[a-z_.]{1,8}",
    ];
    let value = |k: &str| -> BoxedStrategy<Json> {
        if k == "previous_stage" {
            prop_oneof![
                select(&["SQL", "MQL", "SAL", "lead", " MQL ", "Unknown", ""][..])
                    .prop_map(|s| json!(s)),
                lead_value(),
            ]
            .boxed()
        } else {
            lead_value()
        }
    };
    (
        proptest::collection::vec(
            key.prop_flat_map(move |k| (Just(k.clone()), value(&k))),
            0..8,
        ),
        proptest::option::weighted(0.7, events),
    )
        .prop_map(|(mut pairs, events)| {
            if let Some(e) = events {
                pairs.push(("events".into(), e));
            }
            Lead { pairs }
        })
        .boxed()
}

fn lead() -> BoxedStrategy<Lead> {
    let events = prop_oneof![
        8 => proptest::collection::vec(event(event_at(-400 * DAY_MS, 30 * DAY_MS), false), 0..8)
            .prop_map(Json::Array),
        1 => lead_value(),
    ]
    .boxed();
    lead_with_events(events)
}

/// `now`: within a month of the base, to the millisecond.
fn now() -> BoxedStrategy<Timestamp> {
    (-30 * DAY_MS..30 * DAY_MS)
        .prop_map(|offset| Timestamp(BASE_NOW + offset))
        .boxed()
}

fn previous_stage_option() -> BoxedStrategy<Option<String>> {
    proptest::option::weighted(
        0.5,
        select(&["SQL", "MQL", "SAL", "lead", "  SQL ", "Unknown", "", "sql"][..])
            .prop_map(str::to_string),
    )
    .boxed()
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `cases` per property, unless `PROPTEST_CASES` asks for more (or fewer) in a longer run.
fn config(cases: u32) -> Config {
    let env_cases = std::env::var("PROPTEST_CASES").ok();
    Config {
        cases: env_cases.and_then(|c| c.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Compiles a generated model, failing with its problems (a generator bug or a compiler bug).
fn compiled(model: &Json) -> CompiledModel {
    match compile_value(model) {
        Ok(m) => m,
        Err(e) => panic!("a generated model does not compile: {e}\n{model:#}"),
    }
}

fn parse(text: &str) -> Value<'_> {
    serde_json::from_str(text).unwrap()
}

fn score<'m, 'l>(
    model: &'m CompiledModel,
    lead: &'l Value<'l>,
    options: &ScoreOptions,
) -> Outcome<'m, 'l> {
    match model.score(lead, options) {
        Ok(o) => o,
        Err(e) => panic!("an object lead was refused: {e}"),
    }
}

fn pts(v: &Json) -> Points {
    Points::from_f64(v.as_f64().unwrap()).unwrap()
}

/// Every rule of a model by id: (is a per-event engagement rule, its `max`).
fn rules_by_id(model: &Json) -> Vec<(String, bool, Option<Points>)> {
    let mut out = Vec::new();
    let mut add = |rules: Option<&Json>, engagement: bool| {
        for rule in rules.and_then(Json::as_array).into_iter().flatten() {
            let per_event = engagement && rule["if"].get("event").is_some();
            out.push((
                rule["id"].as_str().unwrap().to_string(),
                per_event,
                rule.get("max").map(pts),
            ));
        }
    };
    for persona in model["personas"].as_array().into_iter().flatten() {
        add(persona.get("rules"), false);
    }
    add(model.get("fit_rules"), false);
    add(model.pointer("/engagement/rules"), true);
    out
}

/// The grade a fit earns under the model's thresholds, computed from the document.
fn expected_grade(model: &Json, fit: Points) -> Grade {
    let reaches = |key: &str| {
        model
            .pointer(&format!("/grades/{key}"))
            .is_some_and(|t| fit >= pts(t))
    };
    if reaches("A") {
        Grade::A
    } else if reaches("B") {
        Grade::B
    } else if reaches("C") {
        Grade::C
    } else {
        Grade::D
    }
}

/// A step of a 64-bit LCG: a number below `n` (deterministic from the seed).
fn pseudo_random(seed: &mut u64, n: usize) -> usize {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    ((*seed >> 33) as usize) % n.max(1)
}

/// JSON text with object keys in a shuffled order and random blanks (and, with
/// `float_ints`, integral numbers written as `20.0`): the same content as `v`.
fn scrambled_text(v: &Json, seed: &mut u64, float_ints: bool, out: &mut String) {
    let blank = |k: usize| [" ", "", "\n  ", "\t", ""][k % 5];
    match v {
        Json::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            for i in (1..keys.len()).rev() {
                let j = pseudo_random(seed, i + 1);
                keys.swap(i, j);
            }
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(blank(pseudo_random(seed, 5)));
                out.push_str(&serde_json::to_string(k).unwrap());
                out.push_str(blank(pseudo_random(seed, 5)));
                out.push(':');
                out.push_str(blank(pseudo_random(seed, 5)));
                scrambled_text(&map[k], seed, float_ints, out);
            }
            out.push_str(blank(pseudo_random(seed, 5)));
            out.push('}');
        }
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(blank(pseudo_random(seed, 5)));
                scrambled_text(item, seed, float_ints, out);
            }
            out.push(']');
        }
        Json::Number(n) if float_ints && n.is_i64() && pseudo_random(seed, 2) == 0 => {
            let _ = write!(out, "{}.0", n.as_i64().unwrap());
        }
        other => out.push_str(&serde_json::to_string(other).unwrap()),
    }
}

/// The first rule's `points` in a model, if it has a rule.
fn first_rule_points(model: &mut Json) -> Option<&mut Json> {
    let pointers = [
        "/personas/0/rules/0/points",
        "/personas/1/rules/0/points",
        "/personas/2/rules/0/points",
        "/fit_rules/0/points",
        "/engagement/rules/0/points",
    ];
    let pointer = pointers.iter().find(|p| model.pointer(p).is_some())?;
    model.pointer_mut(pointer)
}

/// Value words for `words_any`, with accents, inflections and near misses.
#[rustfmt::skip]
const WORD_TOKENS: &[&str] = &[
    "Diretor", "diretora", "DIRETORES", "Diretoras", "Diretoria", "diretório", "engenheiro",
    "Engenheira", "engenheiros", "Engenharia", "head", "Heads", "HEAD", "of", "de", "VP", "vps",
    "vpn", "cto", "CTOs", "gerente", "Gerentes", "gerenta", "Operações", "operacao", "a", "o",
    "os", "as", "123", "Straße", "strasse", "ÁREA", "area",
];
/// `words_any` keywords: one word, several words, `*` prefixes, single letters.
#[rustfmt::skip]
const WORD_KEYWORDS: &[&str] = &[
    "diretor", "engenheiro", "head of", "vp", "cto*", "gerente", "operações", "o", "a",
    "de diretor*", "straße", "área", "head", "diretor de", "123",
];

/// The spec's `words_any`, independent of the core's matcher (only `fold` is shared).
fn spec_words_any(value: &str, keywords: &[&str]) -> bool {
    let split = |s: &str| -> Vec<String> {
        leadgate::text::fold(s)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let word_matches = |k: &str, w: &str| -> bool {
        if let Some(stem) = k.strip_suffix('*') {
            return w.starts_with(stem);
        }
        let plain = [""]
            .iter()
            .chain(&["s", "es", "a", "as"])
            .any(|sfx| w == format!("{k}{sfx}"));
        let o_form = k.strip_suffix('o').is_some_and(|stem| {
            ["a", "as", "os"]
                .iter()
                .any(|sfx| w == format!("{stem}{sfx}"))
        });
        plain || o_form
    };
    let value_words = split(value);
    keywords.iter().any(|k| {
        // Keyword words keep a trailing `*` as a prefix marker.
        let folded = leadgate::text::fold(k);
        let mut kw: Vec<String> = Vec::new();
        let mut current = String::new();
        for c in folded.chars() {
            if c.is_alphanumeric() {
                current.push(c);
            } else {
                if !current.is_empty() {
                    if c == '*' {
                        current.push('*');
                    }
                    kw.push(std::mem::take(&mut current));
                }
            }
        }
        if !current.is_empty() {
            kw.push(current);
        }
        !kw.is_empty()
            && value_words
                .windows(kw.len())
                .any(|win| win.iter().zip(&kw).all(|(w, k)| word_matches(k, w)))
    })
}

/// Checks the invariants every outcome keeps (used on generated and on mutated models).
fn check_sums(outcome: &Outcome) {
    assert_eq!(
        outcome.score,
        outcome.fit.plus(outcome.engagement),
        "score != fit + engagement"
    );
    let total: i64 = outcome.reasons.iter().map(|r| r.points.0).sum();
    assert_eq!(
        Points(total),
        outcome.score,
        "reasons do not add up to the score"
    );
    let fit: i64 = outcome
        .reasons
        .iter()
        .filter(|r| r.group == Group::Fit)
        .map(|r| r.points.0)
        .sum();
    assert_eq!(Points(fit), outcome.fit, "fit reasons do not add up to fit");
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// Same model, lead and now: byte-identical outcomes, whether the model is compiled
    /// once or twice (from text or from a value) and the lead re-parsed from its own JSON.
    #[test]
    fn scoring_is_deterministic(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let text = serde_json::to_string(&model).unwrap();
        let m1 = compile(&text).unwrap();
        let m2 = compile(&text).unwrap();
        let m3 = compiled(&model);
        let options = ScoreOptions { now, previous_stage: previous };
        let lead_text = lead.text();
        let v = parse(&lead_text);
        let first = score(&m1, &v, &options).to_json();
        prop_assert_eq!(&first, &score(&m1, &v, &options).to_json());
        prop_assert_eq!(&first, &score(&m2, &v, &options).to_json());
        prop_assert_eq!(&first, &score(&m3, &v, &options).to_json());
        let reparsed_text = serde_json::to_string(&v).unwrap();
        let reparsed = parse(&reparsed_text);
        prop_assert_eq!(&first, &score(&m1, &reparsed, &options).to_json());
    }

    /// `score = fit + engagement` exactly, and the reasons' points add up to the score
    /// (fit reasons to `fit`, engagement reasons to `engagement`).
    #[test]
    fn points_add_up(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous });
        check_sums(&o);
        let engagement: i64 = o.reasons.iter().filter(|r| r.group == Group::Engagement).map(|r| r.points.0).sum();
        prop_assert_eq!(Points(engagement), o.engagement);
    }

    /// Per-event rules never earn more than their `max` (in absolute value), and
    /// engagement never exceeds the group `max`.
    #[test]
    fn caps_hold(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        let rules = rules_by_id(&model);
        for reason in &o.reasons {
            let Some((_, per_event, max)) = rules.iter().find(|(id, ..)| id == reason.rule) else {
                prop_assert_eq!(reason.rule, "engagement.max");
                continue;
            };
            if let (true, Some(max)) = (per_event, max) {
                prop_assert!(reason.points.0.abs() <= max.0, "{} earned {} over max {}", reason.rule, reason.points, max);
            }
        }
        if let Some(max) = model.pointer("/engagement/max") {
            prop_assert!(o.engagement <= pts(max), "engagement {} over the group max {}", o.engagement, max);
        }
    }

    /// With only positive per-event rules and a half-life, engagement never grows as
    /// `now` moves later (every event is in the past of both moments).
    #[test]
    fn decay_never_increases_engagement(
        model in decaying_model(),
        lead in lead_with_events(
            proptest::collection::vec(event(event_at(-500 * DAY_MS, -31 * DAY_MS), true), 0..10)
                .prop_map(Json::Array)
                .boxed(),
        ),
        now in now(),
        later_by in prop_oneof![0i64..DAY_MS, 0i64..400 * DAY_MS],
    ) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let early = score(&m, &v, &ScoreOptions::at(now));
        let late = score(&m, &v, &ScoreOptions::at(Timestamp(now.0 + later_by)));
        prop_assert!(late.engagement <= early.engagement,
            "engagement rose from {} to {} when now moved {} ms later", early.engagement, late.engagement, later_by);
        prop_assert!(late.engagement >= Points::ZERO);
    }

    /// A lead placed in a stage (not kept there by never-demote) has every field that
    /// stage `requires`.
    #[test]
    fn stage_requires_are_present(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous.clone() });
        let kept_from = match &previous {
            Some(p) => Some(p.trim().to_string()).filter(|p| !p.is_empty()),
            None => lead.previous_stage(),
        };
        if o.stage != FALLBACK && kept_from.as_deref() != Some(o.stage) {
            let stage = model["stages"].as_array().unwrap().iter().find(|s| s["stage"] == o.stage).unwrap();
            for field in stage.get("requires").and_then(Json::as_array).into_iter().flatten() {
                let field = field.as_str().unwrap();
                prop_assert!(lead.present(field), "stage {} requires {field}, absent in {}", o.stage, text);
            }
        }
    }

    /// Never demote: with `previous_stage` = S the stage ranks at S or higher; exactly
    /// `min(computed, S)`, and an unknown S is ignored with a warning.
    #[test]
    fn never_demotes(model in model(), lead in lead(), now in now(),
                     previous in select(&["SQL", "MQL", "SAL", "lead", " MQL ", "Unknown", "sql"][..])) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        // `lead` ranks last, so it never lifts a stage: this is the computed stage.
        let computed = score(&m, &v, &ScoreOptions { now, previous_stage: Some(FALLBACK.into()) });
        let computed_rank = m.stage_rank(computed.stage).unwrap();
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: Some(previous.to_string()) });
        let rank = m.stage_rank(o.stage).unwrap();
        match m.stage_rank(previous.trim()) {
            Some(prev) => {
                prop_assert!(rank <= prev, "demoted below {previous}: {}", o.stage);
                prop_assert_eq!(rank, computed_rank.min(prev));
            }
            None => {
                prop_assert_eq!(rank, computed_rank);
                let warning = format!("previous_stage: unknown stage \"{}\"", previous.trim());
                prop_assert!(o.warnings.contains(&warning), "no warning for {previous:?}: {:?}", o.warnings);
            }
        }
    }

    /// The grade is what the thresholds give for the outcome's fit.
    #[test]
    fn grade_matches_thresholds(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        prop_assert_eq!(o.grade, expected_grade(&model, o.fit), "fit {}", o.fit);
    }

    /// Object leads always score; anything else is refused with `not_an_object`.
    #[test]
    fn only_objects_are_scored(model in model(), lead in lead(), other in lead_value(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        prop_assert!(m.score(&v, &ScoreOptions::at(now)).is_ok());
        let other_text = serde_json::to_string(&other).unwrap();
        let other_value = parse(&other_text);
        match (&other_value, m.score(&other_value, &ScoreOptions::at(now))) {
            (Value::Object(_), result) => prop_assert!(result.is_ok()),
            (_, Ok(_)) => prop_assert!(false, "{other_text} was scored"),
            (_, Err(e)) => prop_assert_eq!(e.code, "not_an_object"),
        }
    }

    /// The route is the first that holds (a default always does) and `respond_by` is
    /// `now` plus the SLA of the outcome's stage.
    #[test]
    fn route_deadline_follows_the_sla(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        match (model.get("routing"), &o.route) {
            (None, route) => prop_assert!(route.is_none()),
            (Some(_), None) => prop_assert!(false, "no route although there is a default"),
            (Some(_), Some(route)) => {
                let within = model
                    .pointer(&format!("/sla/{}/respond_within", o.stage))
                    .and_then(Json::as_str)
                    .map(|d| DURATIONS.iter().find(|(t, _)| *t == d).unwrap().1);
                prop_assert_eq!(route.respond_by, within.map(|ms| Timestamp(now.0 + ms)));
            }
        }
    }

    /// The best persona wins (the earlier one on a tie, none at 0 or less), and
    /// `fit = best persona total + fit_rules`: checked against one-persona models.
    #[test]
    fn best_persona_wins(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let options = ScoreOptions::at(now);
        let o = score(&m, &v, &options);
        let alone = |part: (&str, Json)| {
            let mut doc = json!({ "id": "part", "version": "1", "lists": lists() });
            doc[part.0] = part.1;
            let part_model = compiled(&doc);
            let o = score(&part_model, &v, &options);
            (o.fit, o.persona.map(str::to_string))
        };
        let mut best: Option<(String, Points)> = None;
        for persona in model["personas"].as_array().unwrap() {
            let (total, matched) = alone(("personas", json!([persona])));
            let id = persona["id"].as_str().unwrap().to_string();
            prop_assert_eq!(matched.is_some(), total > Points::ZERO);
            if total > Points::ZERO && best.as_ref().is_none_or(|(_, b)| total > *b) {
                best = Some((id, total));
            }
        }
        let (shared, _) = alone(("fit_rules", model["fit_rules"].clone()));
        prop_assert_eq!(o.persona, best.as_ref().map(|(id, _)| id.as_str()));
        let persona_points = best.map_or(Points::ZERO, |(_, p)| p);
        prop_assert_eq!(o.fit, persona_points.plus(shared));
    }

    /// Each rule fires (with the same points) in the full model exactly as it does alone,
    /// and raises no warning there that the full model lacks: the per-lead caches and
    /// shared evaluation of identical leaves change nothing.
    #[test]
    fn each_rule_fires_as_it_would_alone(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let options = ScoreOptions::at(now);
        let full = score(&m, &v, &options);
        let mut rules: Vec<(&Json, bool, Option<&str>)> = Vec::new();
        for persona in model["personas"].as_array().unwrap() {
            for r in persona["rules"].as_array().unwrap() {
                rules.push((r, false, persona["id"].as_str()));
            }
        }
        for r in model["fit_rules"].as_array().unwrap() {
            rules.push((r, false, None));
        }
        for r in model.pointer("/engagement/rules").and_then(Json::as_array).into_iter().flatten() {
            rules.push((r, true, None));
        }
        for (rule, engagement, persona) in rules {
            let mut doc = json!({ "id": "alone", "version": "1", "lists": lists() });
            if engagement {
                doc["engagement"] = json!({ "rules": [rule] });
                if let Some(h) = model.pointer("/engagement/half_life_days") {
                    doc["engagement"]["half_life_days"] = h.clone();
                }
            } else {
                doc["fit_rules"] = json!([rule]);
            }
            let alone_model = compiled(&doc);
            let alone = score(&alone_model, &v, &options);
            // (The one-rule model has no stages, so it calls every previous stage unknown.)
            for w in alone.warnings.iter().filter(|w| !w.starts_with("previous_stage:")) {
                prop_assert!(full.warnings.contains(w), "warning {w:?} of {} missing", rule["id"]);
            }
            // A losing persona's rules are evaluated but not reported.
            if persona.is_some() && persona != full.persona {
                continue;
            }
            let id = rule["id"].as_str().unwrap();
            let in_full = full.reasons.iter().find(|r| r.rule == id).map(|r| (r.points, r.value.clone()));
            let by_itself = alone.reasons.first().map(|r| (r.points, r.value.clone()));
            prop_assert_eq!(in_full, by_itself, "rule {}", id);
        }
    }

    /// Every reason names a rule of the model in its own group, in document order
    /// (winning persona, fit_rules, engagement, then `engagement.max`); warnings are distinct.
    #[test]
    fn reasons_follow_the_model(model in model(), lead in lead(), now in now()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions::at(now));
        // Rule ids in document order, with their group and persona.
        let mut order: Vec<(String, Group, Option<String>, String)> = Vec::new();
        let label = |r: &Json| r.get("label").unwrap_or(&r["id"]).as_str().unwrap().to_string();
        for persona in model["personas"].as_array().unwrap() {
            for r in persona["rules"].as_array().unwrap() {
                let pid = persona["id"].as_str().map(str::to_string);
                order.push((r["id"].as_str().unwrap().into(), Group::Fit, pid, label(r)));
            }
        }
        for r in model["fit_rules"].as_array().unwrap() {
            order.push((r["id"].as_str().unwrap().into(), Group::Fit, None, label(r)));
        }
        for r in model.pointer("/engagement/rules").and_then(Json::as_array).into_iter().flatten() {
            order.push((r["id"].as_str().unwrap().into(), Group::Engagement, None, label(r)));
        }
        let mut last = None;
        for (i, reason) in o.reasons.iter().enumerate() {
            if reason.rule == "engagement.max" {
                prop_assert_eq!(i + 1, o.reasons.len(), "engagement.max is not last");
                prop_assert_eq!(reason.group, Group::Engagement);
                prop_assert!(reason.points < Points::ZERO);
                continue;
            }
            let at = order.iter().position(|(id, ..)| id == reason.rule);
            prop_assert!(at.is_some(), "unknown rule {}", reason.rule);
            let at = at.unwrap();
            let (_, group, persona, label) = &order[at];
            prop_assert_eq!(reason.group, *group);
            prop_assert_eq!(reason.label, label.as_str());
            if let Some(p) = persona {
                prop_assert_eq!(o.persona, Some(p.as_str()), "a reason of a losing persona");
            }
            prop_assert!(last.is_none_or(|l| at > l), "reasons out of order");
            last = Some(at);
        }
        for (i, w) in o.warnings.iter().enumerate() {
            prop_assert!(!o.warnings[..i].contains(w), "repeated warning {w}");
        }
    }

    /// `next` names the stage just above the lead's, and says something whenever there is
    /// one: a missing field, or a failing leaf of its condition.
    #[test]
    fn next_explains_the_stage_above(model in model(), lead in lead(), now in now(), previous in previous_stage_option()) {
        let m = compiled(&model);
        let text = lead.text();
        let v = parse(&text);
        let o = score(&m, &v, &ScoreOptions { now, previous_stage: previous });
        let rank = m.stage_rank(o.stage).unwrap();
        let above = rank.checked_sub(1).and_then(|r| m.stage_names().nth(r));
        for need in &o.next {
            prop_assert_eq!(Some(need.stage), above);
            prop_assert!(!need.needs.is_empty());
        }
        if let Some(above) = above {
            prop_assert!(!o.next.is_empty(), "nothing said about {above}");
        }
    }

    /// The order of a lead's keys, and keys no rule reads, change nothing.
    #[test]
    fn lead_key_order_is_irrelevant(model in model(), lead in lead(), now in now(), seed in any::<u64>()) {
        let m = compiled(&model);
        let options = ScoreOptions::at(now);
        let text = lead.text();
        let v = parse(&text);
        let expected = score(&m, &v, &options).to_json();
        // Keep the last of duplicate keys (what scoring reads), then shuffle and pad.
        let mut pairs: Vec<(String, Json)> = Vec::new();
        for (k, val) in lead.pairs.iter().rev() {
            if !pairs.iter().any(|(seen, _)| seen == k) {
                pairs.push((k.clone(), val.clone()));
            }
        }
        let mut s = seed;
        for i in (1..pairs.len()).rev() {
            let j = pseudo_random(&mut s, i + 1);
            pairs.swap(i, j);
        }
        pairs.insert(pseudo_random(&mut s, pairs.len() + 1), ("zz_unused".into(), json!({ "email": "x@y.z" })));
        let shuffled = Lead { pairs }.text();
        let w = parse(&shuffled);
        prop_assert_eq!(expected, score(&m, &w, &options).to_json());
    }

    /// `words_any` in a model agrees with the spec, written out independently here: both
    /// sides folded and split into runs of letters and digits, a keyword's words found as
    /// consecutive value words, each word matching itself, `+s/es/a/as`, `o → a/as/os`,
    /// or any word it starts when it ends in `*`.
    #[test]
    fn words_any_matches_the_spec(
        tokens in proptest::collection::vec((select(WORD_TOKENS), select(&[" ", "-", ", ", "/", "🚀", "  ", "."][..])), 0..7),
        keywords in proptest::collection::vec(select(WORD_KEYWORDS), 1..4),
    ) {
        let value: String = tokens.iter().flat_map(|(t, sep)| [*t, *sep]).collect();
        let model = compiled(&json!({ "id": "w", "version": "1", "fit_rules": [
            { "id": "kw", "points": 1, "if": { "field": "job_title", "words_any": keywords } }
        ] }));
        let lead_text = serde_json::to_string(&json!({ "job_title": value })).unwrap();
        let lead = parse(&lead_text);
        let fired = score(&model, &lead, &ScoreOptions::at(Timestamp(BASE_NOW))).fit == Points(100);
        prop_assert_eq!(fired, spec_words_any(&value, &keywords), "{:?} words_any {:?}", value, keywords);
    }

    /// A per-event rule earns, for each matching event, its points times
    /// `0.5^(age/half_life)` (future events: age 0) rounded to hundredths; nothing below
    /// `count_at_least`; events older than `within_days` do not match; `max` caps the total.
    /// Recomputed here from the spec (within one hundredth per event, for `exp2` rounding).
    #[test]
    fn per_event_points_follow_the_spec(
        points in (-5000i64..10_000),
        max in proptest::option::weighted(0.3, 0i64..5000),
        half_life in proptest::option::weighted(0.7, half_life()),
        name in prop_oneof![3 => select(EVENT_NAMES), 1 => Just("*")],
        count_at_least in proptest::option::weighted(0.3, 1u32..4),
        within in proptest::option::weighted(0.3, (1u32..200).prop_map(f64::from)),
        events in proptest::collection::vec(event(event_at(-400 * DAY_MS, 30 * DAY_MS), false), 0..12),
        now in now(),
    ) {
        let mut leaf = json!({ "event": name });
        if let Some(n) = count_at_least {
            leaf["count_at_least"] = json!(n);
        }
        if let Some(d) = within {
            leaf["within_days"] = json!(d);
        }
        let mut rule = json!({ "id": "e", "points": points as f64 / 100.0, "if": leaf });
        if let Some(m) = max {
            rule["max"] = json!(m as f64 / 100.0);
        }
        let mut engagement = json!({ "rules": [rule] });
        if let Some(h) = half_life {
            engagement["half_life_days"] = json!(h);
        }
        let m = compiled(&json!({ "id": "e", "version": "1", "engagement": engagement }));
        let lead_text = serde_json::to_string(&json!({ "events": events })).unwrap();
        let lead = parse(&lead_text);
        let o = score(&m, &lead, &ScoreOptions::at(now));

        // The spec, step by step.
        let mut ages = Vec::new();
        for e in &events {
            let (Some(n), Some(at)) = (e.get("event").and_then(Json::as_str), e.get("at").and_then(Json::as_str)) else {
                continue;
            };
            let Some(at) = Timestamp::parse(at) else { continue };
            let age = ((now.0 - at.0) as f64 / DAY_MS as f64).max(0.0);
            if (name == "*" || name == n) && within.is_none_or(|d| age <= d) {
                ages.push(age);
            }
        }
        let count = ages.len() as u32;
        if count < count_at_least.unwrap_or(1) {
            prop_assert!(o.reasons.is_empty(), "fired with {count} events: {}", o.to_json());
            prop_assert_eq!(o.engagement, Points::ZERO);
            return Ok(());
        }
        let sum: i64 = ages
            .iter()
            .map(|age| {
                let factor = half_life.map_or(1.0, |h| 0.5f64.powf(age / h));
                (points as f64 * factor).round() as i64
            })
            .sum();
        let expected = max.map_or(sum, |m| sum.clamp(-m, m));
        prop_assert_eq!(o.reasons.len(), 1);
        let reason = &o.reasons[0];
        prop_assert_eq!(reason.field, Some("events"));
        prop_assert_eq!(serde_json::to_string(&reason.value).unwrap(), count.to_string());
        prop_assert!((reason.points.0 - expected).abs() <= i64::from(count),
            "earned {} for {count} events, the spec gives {}", reason.points, Points(expected));
        prop_assert_eq!(o.engagement, reason.points);
    }

    /// The hash ignores key order, blanks and `20` vs `20.0`, and changes when a rule's points do.
    #[test]
    fn hash_is_canonical(model in model(), seed in any::<u64>()) {
        let compact = serde_json::to_string(&model).unwrap();
        let pretty = serde_json::to_string_pretty(&model).unwrap();
        let mut scrambled = String::new();
        let mut s1 = seed;
        scrambled_text(&model, &mut s1, false, &mut scrambled);
        let hash = compile(&compact).unwrap().info().hash.clone();
        prop_assert_eq!(hash.len(), 16);
        let pretty_hash = compile(&pretty).unwrap().info().hash.clone();
        prop_assert_eq!(&hash, &pretty_hash);
        let scrambled_hash = compile(&scrambled).unwrap().info().hash.clone();
        prop_assert_eq!(&hash, &scrambled_hash, "{}", scrambled);
        // `20.0` for `20`: the same canonical JSON, so the same hash.
        let mut floats = String::new();
        let mut s2 = seed;
        scrambled_text(&model, &mut s2, true, &mut floats);
        let reparsed: Json = serde_json::from_str(&floats).unwrap();
        prop_assert_eq!(&hash, &leadgate::model::model_hash(&reparsed), "{}", floats);
        let mut changed = model.clone();
        if let Some(points) = first_rule_points(&mut changed) {
            *points = json!(points.as_f64().unwrap() + 1.0);
            let other = compile_value(&changed).unwrap().info().hash.clone();
            prop_assert_ne!(hash, other);
        }
    }
}

// ---------------------------------------------------------------------------
// Arbitrary documents: compile must never panic
// ---------------------------------------------------------------------------

/// Every key the language knows, plus a few near-misses.
#[rustfmt::skip]
const LANGUAGE_KEYS: &[&str] = &[
    "$schema", "id", "version", "name", "lists", "personas", "fit_rules", "grades",
    "engagement", "stages", "routing", "sla", "label", "points", "max", "if", "rules", "A", "B",
    "C", "D", "half_life_days", "stage", "requires", "team", "respond_within", "all", "any",
    "not", "field", "event", "where", "count_at_least", "within_days", "grade_at_least",
    "score_at_least", "fit_at_least", "engagement_at_least", "stage_in", "equals", "in", "gt",
    "gte", "lt", "lte", "between", "exists", "starts_with", "contains_any", "words_any",
    "domain_in", "email_is", "lead", "SQL", "free_email_domains", "disposable_email_domains",
    "role_email_locals", "lable",
];

/// Strings the language gives meaning to, and some it must refuse.
#[rustfmt::skip]
const LANGUAGE_STRINGS: &[&str] = &[
    "", " ", "*", "lead", "SQL", "MQL", "A", "B", "E", "free", "corporate", "nope", "1h", "0m",
    "366d", "1h30m", "email", "company.size", "a..b", ".", "titles", "countries", "bad id!",
    "diretor*", "🚀", "acme.com", "@", "x",
];

fn arbitrary_json() -> BoxedStrategy<Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-10_000_000_000i64..10_000_000_000).prop_map(|n| json!(n as f64 / 1000.0)),
        (-1e7f64..1e7).prop_map(|x| json!(x)),
        any::<f64>()
            .prop_filter("finite", |x| x.is_finite())
            .prop_map(|x| json!(x)),
        select(
            &[
                0.0, -1.0, 0.5, 1e300, -1e300, 1000000.0, 1000000.01, 3650.0, 3660.5, 1000.0,
                1001.0
            ][..]
        )
        .prop_map(|x| json!(x)),
        select(LANGUAGE_STRINGS).prop_map(|s| json!(s)),
        "\\PC{0,8}".prop_map(Json::String),
        (250usize..300).prop_map(|n| json!("x".repeat(n))),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        let key =
            prop_oneof![4 => select(LANGUAGE_KEYS).prop_map(str::to_string), 1 => "\\PC{0,6}"];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            proptest::collection::vec((key, inner), 0..6)
                .prop_map(|pairs| Json::Object(pairs.into_iter().collect())),
        ]
    })
    .boxed()
}

/// A valid model with a few random edits: values replaced, keys dropped or added.
fn mutated_model() -> BoxedStrategy<Json> {
    (
        model(),
        proptest::collection::vec((any::<u64>(), 0u8..4, arbitrary_json()), 1..4),
    )
        .prop_map(|(mut model, edits)| {
            for (pick, kind, value) in edits {
                mutate(&mut model, pick, kind, value);
            }
            model
        })
        .boxed()
}

/// Walks down from `v` choosing children by `pick`, then edits the node reached.
fn mutate(v: &mut Json, mut pick: u64, kind: u8, value: Json) {
    let depth = pick % 8;
    pick /= 8;
    let mut node = v;
    for _ in 0..depth {
        let len = match &*node {
            Json::Object(m) => m.len(),
            Json::Array(a) => a.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        let i = (pick % len as u64) as usize;
        pick /= len as u64;
        node = match node {
            Json::Object(m) => m.values_mut().nth(i).unwrap(),
            Json::Array(a) => &mut a[i],
            _ => unreachable!(),
        };
    }
    match (kind, &mut *node) {
        (0, Json::Object(m)) if !m.is_empty() => {
            let key = m
                .keys()
                .nth((pick % m.len() as u64) as usize)
                .unwrap()
                .clone();
            m.remove(&key);
        }
        (1, Json::Object(m)) => {
            let key = LANGUAGE_KEYS[(pick % LANGUAGE_KEYS.len() as u64) as usize];
            m.insert(key.to_string(), value);
        }
        (2, Json::Array(a)) if !a.is_empty() => {
            let item = a[(pick % a.len() as u64) as usize].clone();
            a.push(item);
        }
        _ => *node = value,
    }
}

/// Compiles a document both ways; both must agree, and every problem must be explained.
fn compile_both(doc: &Json) -> Result<(), TestCaseError> {
    let from_value = compile_value(doc);
    let text = serde_json::to_string(doc).unwrap();
    let from_text = compile(&text);
    match (&from_value, &from_text) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a.info(), b.info()),
        (Err(a), Err(b)) => prop_assert_eq!(a, b),
        _ => prop_assert!(false, "compile and compile_value disagree on {text}"),
    }
    match from_value {
        Ok(model) => {
            // A model that compiles scores anything without panicking, and keeps its sums.
            let busy = r#"{"email":"Ana@acme.com.br","company":"ACME","company_size":"120",
                "job_title":"Diretora","country":"BR","form":"demo_request","page_views":3,
                "events":[{"event":"page_view","at":"2026-11-20","path":"/pricing"}]}"#;
            for lead_text in ["{}", busy] {
                let lead = parse(lead_text);
                for previous in m_stage_names(&model) {
                    let o = score(
                        &model,
                        &lead,
                        &ScoreOptions {
                            now: Timestamp(BASE_NOW),
                            previous_stage: previous,
                        },
                    );
                    check_sums(&o);
                }
            }
        }
        Err(errors) => {
            prop_assert!(!errors.problems().is_empty(), "an error without problems");
            for p in errors.problems() {
                prop_assert!(!p.code.is_empty(), "a problem without code: {p:?}");
                prop_assert!(!p.message.is_empty(), "a problem without message: {p:?}");
            }
        }
    }
    Ok(())
}

fn m_stage_names(model: &CompiledModel) -> Vec<Option<String>> {
    let mut out = vec![None];
    out.extend(model.stage_names().map(|s| Some(s.to_string())));
    out
}

proptest! {
    #![proptest_config(config(256))]

    /// Random JSON trees over the language's keys never make `compile` panic.
    #[test]
    fn compile_never_panics_on_arbitrary_json(doc in arbitrary_json()) {
        compile_both(&doc)?;
        // The same tree as a model's body, so it gets past the top-level checks.
        if let Json::Object(map) = &doc {
            let mut with_ids = map.clone();
            with_ids.insert("id".into(), json!("m"));
            with_ids.insert("version".into(), json!("1"));
            compile_both(&Json::Object(with_ids))?;
        }
    }

    /// Valid models with a few random edits never make `compile` panic, and if they still
    /// compile, they score without breaking the sums.
    #[test]
    fn compile_never_panics_on_mutated_models(doc in mutated_model()) {
        compile_both(&doc)?;
    }
}

// ---------------------------------------------------------------------------
// Core bugs found by the properties above: minimal reproductions (regression tests)
// ---------------------------------------------------------------------------

/// A model whose only rule echoes `page_views` in its reason.
const ECHO_MODEL: &str = r#"{"id":"echo","version":"1","fit_rules":[
    {"id":"views","points":1,"if":{"field":"page_views","exists":true}}]}"#;

/// Fixed (serde_json's `float_roundtrip`): some 17-digit numbers (what `JSON.stringify`
/// writes for many doubles) were read one unit in the last place off, so the outcome
/// echoed a number the lead never sent and re-parsing the lead changed the outcome.
#[test]
fn lead_numbers_are_read_exactly() {
    let model = compile(ECHO_MODEL).unwrap();
    let now = ScoreOptions::at(Timestamp(BASE_NOW));
    let text = r#"{"page_views":14.672639765178655}"#;
    let lead = parse(text);
    let first = score(&model, &lead, &now).to_json();
    assert!(
        first.contains(r#""value":14.672639765178655"#),
        "the outcome echoes another number: {first}"
    );
    let again_text = serde_json::to_string(&lead).unwrap();
    let again = parse(&again_text);
    assert_eq!(first, score(&model, &again, &now).to_json());
}

/// `next` shows, for `any`, the alternative with the fewest failing leaves. An empty `any`
/// (never true) has none: it first made `next` empty; since 23236dc `next` is no longer
/// empty but names that impossible alternative (`any()`) instead of `form`, which would
/// promote the lead.
#[test]
fn next_names_a_reachable_alternative() {
    let model = compile(
        r#"{"id":"m","version":"1","stages":[{"stage":"SQL",
            "if":{"any":[{"any":[]},{"field":"form","exists":true}]}}]}"#,
    )
    .unwrap();
    let lead = parse("{}");
    let o = score(&model, &lead, &ScoreOptions::at(Timestamp(BASE_NOW)));
    assert_eq!(o.stage, "lead");
    let needs: Vec<&str> = o.next.iter().map(|n| n.needs.as_ref()).collect();
    assert_eq!(needs, ["form exists true"], "{}", o.to_json());
}

/// Fixed with the same feature: the misreading made the model hash depend on how the
/// document arrived, as text (`compile`, misread before hashing) or as a value
/// (`compile_value`, e.g. a JS object), so the same content had two hashes.
#[test]
fn model_hash_is_the_same_from_text_and_value() {
    let doc = json!({ "id": "m", "version": "1", "fit_rules": [
        { "id": "r", "points": 14.672639765178655, "if": { "field": "x", "exists": true } }
    ] });
    let text = serde_json::to_string(&doc).unwrap();
    assert!(text.contains("14.672639765178655"));
    let from_text = compile(&text).unwrap().info().hash.clone();
    let from_value = compile_value(&doc).unwrap().info().hash.clone();
    assert_eq!(from_text, from_value);
}

/// The hash treats `2.0` and `2` as the same content (canonical JSON), and JSON Schema's
/// `integer` (what `leadgate schema` says) accepts `2.0`, but `compile` refuses
/// `"count_at_least": 2.0` (it reads the number with `as_u64`), e.g. from Python's `json`.
#[test]
fn count_at_least_accepts_integral_floats() {
    let model = |n: &str| {
        format!(
            r#"{{"id":"m","version":"1","engagement":{{"rules":[
                {{"id":"r","points":1,"if":{{"event":"x","count_at_least":{n}}}}}]}}}}"#
        )
    };
    let two = compile(&model("2")).unwrap();
    match compile(&model("2.0")) {
        Ok(m) => assert_eq!(m.info(), two.info()),
        Err(e) => panic!("{e}"),
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Any finite double survives lead text → `Value` → text unchanged (the outcome echoes it).
    #[test]
    fn lead_numbers_round_trip(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        let text = serde_json::to_string(&json!({ "page_views": x })).unwrap();
        let lead = parse(&text);
        prop_assert_eq!(lead.get("page_views"), Some(&Value::Number(x)), "{}", text);
    }
}
