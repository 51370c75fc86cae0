//! Fuzzes large models built from a few bytes: long named lists (one-word,
//! multi-word and `*` keywords, near-miss texts, domains) named by up to a
//! thousand rules, on few or many fields, inside events' `where` too — the
//! shapes that made one 950 KB model allocate 28 GB (issue 12), which the
//! text-level targets cannot reach. Checks: compiling stays within the
//! documented work limit or is refused with a code; an accepted model's bytes
//! load back to the same bytes; its costliest lead scores with every invariant.
#![no_main]

use arbitrary::Arbitrary;
use leadgate::model::limits::{MAX_LIST_LEN, MAX_TEXT_BYTES, MAX_WORK};
use leadgate_fuzz::{check, options};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

#[derive(Arbitrary, Debug)]
enum Entry {
    /// `w0`, `w1`, …: one-word keywords (looked up).
    Word,
    /// `a a … a bN`: multi-word keywords of that many words (scanned).
    Phrase(u8),
    /// `wN*`: prefix keywords.
    Prefix,
    /// `aaa…bN`: near misses of that length for `contains_any`/`starts_with`.
    Run(u8),
    /// `dN.example.com`.
    Domain,
}

#[derive(Arbitrary, Debug)]
struct List {
    entry: Entry,
    len: u16,
}

#[derive(Arbitrary, Debug)]
enum Op {
    In,
    ContainsAny,
    WordsAny,
    DomainIn,
    StartsWith,
}

#[derive(Arbitrary, Debug)]
struct RuleSpec {
    /// Which list (modulo the lists).
    list: u8,
    op: Op,
    /// Which field (modulo `fields`); on an event's property when `in_event`.
    field: u16,
    in_event: bool,
    /// Rules built from this spec.
    repeat: u8,
}

#[derive(Arbitrary, Debug)]
struct Spec {
    lists: Vec<List>,
    rules: Vec<RuleSpec>,
    fields: u16,
    /// What every lead value is made of (`a`, `a `, `w1 `, …).
    value: u8,
}

fn entry(kind: &Entry, i: usize) -> String {
    match kind {
        Entry::Word => format!("w{i}"),
        Entry::Phrase(n) => format!("{}b{i}", "a ".repeat(usize::from(*n % 120))),
        Entry::Prefix => format!("w{i}*"),
        Entry::Run(n) => format!("{}b{i}", "a".repeat(usize::from(*n % 240))),
        Entry::Domain => format!("d{i}.example.com"),
    }
}

fn model(spec: &Spec) -> Option<(String, usize)> {
    if spec.lists.is_empty() {
        return None;
    }
    let mut lists = serde_json::Map::new();
    // Entries over all lists: enough for every limit, little enough that
    // building the text stays cheap (a model past 1 MiB is refused at once).
    let mut entries_left = 3 * MAX_LIST_LEN;
    for (l, list) in spec.lists.iter().take(8).enumerate() {
        let len = (usize::from(list.len) % (MAX_LIST_LEN + 1)).min(entries_left);
        entries_left -= len;
        let entries: Vec<Value> = (0..len)
            .map(|i| Value::String(entry(&list.entry, i)))
            .collect();
        lists.insert(format!("l{l}"), Value::Array(entries));
    }
    let fields = usize::from(spec.fields % 2000) + 1;
    let mut rules = Vec::new();
    for r in &spec.rules {
        for k in 0..=usize::from(r.repeat % 64) {
            if rules.len() >= 1_000 {
                break;
            }
            let list = format!("l{}", usize::from(r.list) % lists.len());
            let op = match r.op {
                Op::In => "in",
                Op::ContainsAny => "contains_any",
                Op::WordsAny => "words_any",
                Op::DomainIn => "domain_in",
                Op::StartsWith => "starts_with",
            };
            // `starts_with` takes no list name: some of the list's entries inline.
            let arg = match r.op {
                Op::StartsWith => match lists.get(&list) {
                    Some(Value::Array(items)) => {
                        Value::Array(items.iter().take(64).cloned().collect())
                    }
                    _ => Value::Array(Vec::new()),
                },
                _ => Value::String(list),
            };
            let field = format!("f{}", (usize::from(r.field) + k) % fields);
            let leaf = json!({ "field": field, op: arg });
            let cond = if r.in_event {
                json!({ "event": "e", "where": leaf })
            } else {
                leaf
            };
            let i = rules.len();
            rules.push(json!({ "id": format!("r{i}"), "label": "x", "points": 1, "if": cond }));
        }
    }
    let doc = json!({
        "id": "large", "version": "1", "lists": lists, "fit_rules": rules,
        "stages": [ { "stage": "SQL", "if": { "score_at_least": 1 } } ]
    });
    Some((doc.to_string(), fields))
}

/// A lead of at most 64 KB whose values every scan reads to the end.
fn lead(spec: &Spec, fields: usize) -> String {
    let unit = ["a", "a ", "w1 ", "aaaa b", "d1.example.com "][usize::from(spec.value) % 5];
    let value = unit.repeat(MAX_TEXT_BYTES / unit.len());
    let mut lead = serde_json::Map::new();
    let mut budget = 60 * 1024;
    for f in 0..fields {
        let v = if budget >= value.len() {
            value.clone()
        } else {
            "w2".to_string()
        };
        budget = budget.saturating_sub(v.len() + 8);
        lead.insert(format!("f{f}"), Value::String(v));
    }
    let event = json!({ "name": "e", "at": "2026-11-26T11:00:00Z", "f0": "a a a", "f1": "w3" });
    lead.insert("events".into(), Value::Array(vec![event; 50]));
    Value::Object(lead).to_string()
}

fuzz_target!(|spec: Spec| {
    let Some((text, fields)) = model(&spec) else {
        return;
    };
    match leadgate::compile(&text) {
        Ok(compiled) => {
            let work = leadgate::model::work::work(&compiled);
            assert!(
                work.total <= MAX_WORK,
                "accepted past the work limit: {work:?}"
            );
            let bytes = compiled.to_bytes();
            let loaded = match leadgate::CompiledModel::from_bytes(&bytes) {
                Ok(m) => m,
                Err(e) => panic!("an accepted model's bytes do not load: {e}"),
            };
            assert_eq!(loaded.to_bytes(), bytes, "bytes do not round-trip");
            let lead_text = lead(&spec, fields);
            let lead: leadgate::Value = serde_json::from_str(&lead_text).unwrap_or_default();
            check(&compiled, &lead, &options(0, None));
            check(&loaded, &lead, &options(0, None));
        }
        Err(errors) => {
            for p in errors.problems() {
                assert!(!p.code.is_empty() && !p.message.is_empty(), "{p:?}");
            }
        }
    }
});
