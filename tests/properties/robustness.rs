//! Compile never panics on arbitrary or mutated documents; regressions for bugs the properties found.

use super::*;

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
                            lone_surrogates: false,
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
