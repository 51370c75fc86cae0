//! Strategies for random valid models.

use super::*;
// ---------------------------------------------------------------------------
// Model generators
// ---------------------------------------------------------------------------

/// Where a condition sits: decides which leaves it may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Place {
    Rule,
    Stage,
    Route,
    Where,
}

pub fn number() -> BoxedStrategy<Json> {
    prop_oneof![
        (-100i64..2000).prop_map(|n| json!(n)),
        (-10_000i64..10_000).prop_map(|n| json!(n as f64 / 4.0)),
    ]
    .boxed()
}

pub fn scalar() -> BoxedStrategy<Json> {
    prop_oneof![
        select(SCALAR_TEXTS).prop_map(|s| json!(s)),
        number(),
        any::<bool>().prop_map(|b| json!(b)),
    ]
    .boxed()
}

pub fn texts_or_list(pool: &'static [&'static str], list: &'static str) -> BoxedStrategy<Json> {
    prop_oneof![
        3 => proptest::collection::vec(select(pool), 1..4).prop_map(|v| json!(v)),
        1 => Just(json!(list)),
    ]
    .boxed()
}

/// One field operator with a valid argument.
pub fn field_op() -> BoxedStrategy<(&'static str, Json)> {
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

pub fn field_leaf(place: Place) -> BoxedStrategy<Json> {
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
pub fn where_cond() -> BoxedStrategy<Json> {
    field_leaf(Place::Where)
        .prop_recursive(2, 6, 3, combinators)
        .boxed()
}

pub fn combinators(inner: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
    prop_oneof![
        proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "all": v })),
        proptest::collection::vec(inner.clone(), 0..4).prop_map(|v| json!({ "any": v })),
        inner.prop_map(|c| json!({ "not": c })),
    ]
    .boxed()
}

/// An event leaf: name (or `*`), optional `where`, `count_at_least`, `within_days`.
pub fn event_leaf() -> BoxedStrategy<Json> {
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
pub fn result_leaf(place: Place, stages: usize) -> BoxedStrategy<Json> {
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
pub fn cond(place: Place, stages: usize) -> BoxedStrategy<Json> {
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
pub fn points() -> BoxedStrategy<Json> {
    prop_oneof![
        4 => (-50i64..100).prop_map(|n| json!(n)),
        2 => (-5000i64..10_000).prop_map(|n| json!(n as f64 / 100.0)),
        1 => (-5000i64..10_000).prop_map(|n| json!(n as f64 / 1000.0)),
    ]
    .boxed()
}

/// A rule without its id (ids are given when the model is assembled).
pub fn rule(if_cond: BoxedStrategy<Json>) -> BoxedStrategy<Json> {
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
pub fn engagement_rule() -> BoxedStrategy<Json> {
    prop_oneof![
        2 => rule(event_leaf()),
        1 => rule(cond(Place::Rule, 0)),
    ]
    .boxed()
}

/// Grade thresholds: a random subset of A > B > C.
pub fn grades() -> BoxedStrategy<Json> {
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

pub fn engagement(
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

pub fn half_life() -> BoxedStrategy<f64> {
    prop_oneof![(1u32..366).prop_map(f64::from), Just(0.5), Just(3650.0)].boxed()
}

/// Stages: a prefix of `STAGE_NAMES`, each with optional `requires` and `if`.
pub fn stages(n: usize) -> BoxedStrategy<Vec<Json>> {
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
pub fn routing(n_stages: usize) -> BoxedStrategy<Json> {
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

pub fn sla(n_stages: usize) -> BoxedStrategy<Json> {
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

/// Up to three disqualifiers `d0`, `d1`…, each capping at one of the model's
/// stages, at `lead`, or (no `max_stage`) at `lead` by default.
pub fn disqualify(n_stages: usize) -> BoxedStrategy<Json> {
    let mut caps: Vec<Option<&'static str>> =
        STAGE_NAMES[..n_stages].iter().copied().map(Some).collect();
    caps.push(Some(FALLBACK));
    caps.push(None);
    proptest::collection::vec(
        (cond(Place::Stage, n_stages), select(caps), any::<bool>()),
        1..4,
    )
    .prop_map(|items| {
        let out: Vec<Json> = items
            .into_iter()
            .enumerate()
            .map(|(i, (c, cap, labelled))| {
                let mut d = json!({ "id": format!("d{i}"), "if": c });
                if let Some(cap) = cap {
                    d["max_stage"] = json!(cap);
                }
                if labelled {
                    d["label"] = json!(format!("Disqualifier {i} ç"));
                }
                d
            })
            .collect();
        Json::Array(out)
    })
    .boxed()
}

/// Gives every rule a unique id, in document order.
pub fn assign_rule_ids(model: &mut Json) {
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

pub fn lists() -> Json {
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
pub fn model() -> BoxedStrategy<Json> {
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
                proptest::option::weighted(0.4, disqualify(n_stages)),
            )
        })
        .prop_map(|(personas, fit_rules, grades, engagement, stages, routing, sla, disqualify)| {
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
            if let Some(d) = disqualify {
                m.insert("disqualify".into(), d);
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
pub fn decaying_model() -> BoxedStrategy<Json> {
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
