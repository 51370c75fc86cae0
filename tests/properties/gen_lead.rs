//! Strategies for random, messy leads.

use super::*;
// ---------------------------------------------------------------------------
// Lead generators
// ---------------------------------------------------------------------------

/// A lead as key/value pairs (duplicates allowed: the last one wins, as in `JSON.parse`).
#[derive(Debug, Clone)]
pub struct Lead {
    pub pairs: Vec<(String, Json)>,
}

impl Lead {
    /// The lead's JSON text, keys in generation order (duplicates kept).
    pub fn text(&self) -> String {
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
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// Present: not absent, not null, not a blank string (docs/model.md, "Present").
    pub fn present(&self, key: &str) -> bool {
        match self.get(key) {
            None | Some(Json::Null) => false,
            Some(Json::String(s)) => !s.trim().is_empty(),
            Some(_) => true,
        }
    }

    /// The lead's own `previous_stage`, as scoring reads it (trimmed text, else none).
    pub fn previous_stage(&self) -> Option<String> {
        match self.get("previous_stage") {
            Some(Json::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }
}

/// A messy lead value: blanks, numeric strings, accents, wrong types.
pub fn lead_value() -> BoxedStrategy<Json> {
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
pub fn event_at(min_offset: i64, max_offset: i64) -> BoxedStrategy<Json> {
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
pub fn event(at: BoxedStrategy<Json>, valid_only: bool) -> BoxedStrategy<Json> {
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
pub fn lead_with_events(events: BoxedStrategy<Json>) -> BoxedStrategy<Lead> {
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

pub fn lead() -> BoxedStrategy<Lead> {
    let events = prop_oneof![
        8 => proptest::collection::vec(event(event_at(-400 * DAY_MS, 30 * DAY_MS), false), 0..8)
            .prop_map(Json::Array),
        1 => lead_value(),
    ]
    .boxed();
    lead_with_events(events)
}

/// `now`: within a month of the base, to the millisecond.
pub fn now() -> BoxedStrategy<Timestamp> {
    (-30 * DAY_MS..30 * DAY_MS)
        .prop_map(|offset| Timestamp(BASE_NOW + offset))
        .boxed()
}

pub fn previous_stage_option() -> BoxedStrategy<Option<String>> {
    proptest::option::weighted(
        0.5,
        select(&["SQL", "MQL", "SAL", "lead", "  SQL ", "Unknown", "", "sql"][..])
            .prop_map(str::to_string),
    )
    .boxed()
}
