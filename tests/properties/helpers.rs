//! Helpers shared by the properties: compiling, scoring, reference computations.

use super::*;
// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// `cases` per property, unless `PROPTEST_CASES` asks for more (or fewer) in a longer run.
pub fn config(cases: u32) -> Config {
    let env_cases = std::env::var("PROPTEST_CASES").ok();
    Config {
        cases: env_cases.and_then(|c| c.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Compiles a generated model, failing with its problems (a generator bug or a compiler bug).
pub fn compiled(model: &Json) -> CompiledModel {
    match compile_value(model) {
        Ok(m) => m,
        Err(e) => panic!("a generated model does not compile: {e}\n{model:#}"),
    }
}

pub fn parse(text: &str) -> Value<'_> {
    serde_json::from_str(text).unwrap()
}

pub fn score<'m, 'l>(
    model: &'m CompiledModel,
    lead: &'l Value<'l>,
    options: &ScoreOptions,
) -> Outcome<'m, 'l> {
    match model.score(lead, options) {
        Ok(o) => o,
        Err(e) => panic!("an object lead was refused: {e}"),
    }
}

pub fn pts(v: &Json) -> Points {
    Points::from_f64(v.as_f64().unwrap()).unwrap()
}

/// Every rule of a model by id: (is a per-event engagement rule, its `max`).
pub fn rules_by_id(model: &Json) -> Vec<(String, bool, Option<Points>)> {
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
pub fn expected_grade(model: &Json, fit: Points) -> Grade {
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
pub fn pseudo_random(seed: &mut u64, n: usize) -> usize {
    *seed = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    ((*seed >> 33) as usize) % n.max(1)
}

/// JSON text with object keys in a shuffled order and random blanks (and, with
/// `float_ints`, integral numbers written as `20.0`): the same content as `v`.
pub fn scrambled_text(v: &Json, seed: &mut u64, float_ints: bool, out: &mut String) {
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
pub fn first_rule_points(model: &mut Json) -> Option<&mut Json> {
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
pub const WORD_TOKENS: &[&str] = &[
    "Diretor", "diretora", "DIRETORES", "Diretoras", "Diretoria", "diretório", "engenheiro",
    "Engenheira", "engenheiros", "Engenharia", "head", "Heads", "HEAD", "of", "de", "VP", "vps",
    "vpn", "cto", "CTOs", "gerente", "Gerentes", "gerenta", "Operações", "operacao", "a", "o",
    "os", "as", "123", "Straße", "strasse", "ÁREA", "area",
];
/// `words_any` keywords: one word, several words, `*` prefixes, single letters.
#[rustfmt::skip]
pub const WORD_KEYWORDS: &[&str] = &[
    "diretor", "engenheiro", "head of", "vp", "cto*", "gerente", "operações", "o", "a",
    "de diretor*", "straße", "área", "head", "diretor de", "123",
];

/// The spec's `words_any`, independent of the core's matcher (only `fold` is shared).
pub fn spec_words_any(value: &str, keywords: &[&str]) -> bool {
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
pub fn check_sums(outcome: &Outcome) {
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

/// The rank a model's disqualifier caps the stage at (its `max_stage`, `lead` by default).
pub fn cap_of(model: &Json, m: &CompiledModel, id: &str) -> usize {
    let d = model["disqualify"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["id"] == id))
        .unwrap_or_else(|| panic!("no disqualifier {id}"));
    m.stage_rank(d["max_stage"].as_str().unwrap_or(FALLBACK))
        .unwrap()
}

/// The lowest cap of the disqualifiers that fired (as a rank; 0 when none fired).
pub fn disqualified_cap(model: &Json, m: &CompiledModel, o: &Outcome) -> usize {
    o.reasons
        .iter()
        .filter(|r| r.group == Group::Disqualify)
        .map(|r| cap_of(model, m, r.rule))
        .max()
        .unwrap_or(0)
}
