//! The binary form of a compiled model (`CompiledModel::to_bytes` / `from_bytes`):
//! every model round-trips exactly and scores every case the same; damaged,
//! truncated, hostile or foreign bytes are refused with the right code and
//! never panic.

use leadgate::error::codes;
use leadgate::{compile, compile_value, CompiledModel, LoadError, ScoreOptions, Timestamp, Value};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value as Json};
use std::fs;
use std::path::{Path, PathBuf};

// The random valid models and leads of the property suite.
#[allow(dead_code)]
#[path = "properties/gen_lead.rs"]
mod gen_lead;
#[allow(dead_code)]
#[path = "properties/gen_model.rs"]
mod gen_model;
#[allow(dead_code)]
#[path = "properties/vocab.rs"]
mod vocab;

use gen_lead::*;
use gen_model::*;
use vocab::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every valid model we ship or test with: `(name, text)`.
fn all_models() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures/models"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut models: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, fs::read_to_string(p).unwrap())
        })
        .collect();
    assert!(models.len() >= 10, "only {} fixture models", models.len());
    models.push(("default".into(), read("models/default.json")));
    models.push(("reference".into(), read("benches/js/reference-model.json")));
    models
}

fn default_bytes() -> Vec<u8> {
    compile(leadgate::DEFAULT_MODEL).unwrap().to_bytes()
}

/// FNV-1a 64, as the format's trailing checksum.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Appends a valid checksum, so the decoder itself sees the bytes.
fn sealed(mut bytes: Vec<u8>) -> Vec<u8> {
    let sum = fnv(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    bytes
}

/// Replaces the trailing checksum by a valid one.
fn resealed(mut bytes: Vec<u8>) -> Vec<u8> {
    bytes.truncate(bytes.len().saturating_sub(8));
    sealed(bytes)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A hand-written model: one fit rule whose condition is `cond`; its only string is `x`.
fn tiny_model(cond: &[u8]) -> Vec<u8> {
    tiny_model_with(b"x", cond)
}

/// A hand-written model whose only string (naming everything) is `text`.
fn tiny_model_with(text: &[u8], cond: &[u8]) -> Vec<u8> {
    let mut b = b"LGM\x05".to_vec();
    b.extend_from_slice(&[1, 0]); // one string, sharing 0 bytes with the previous one
    varint(&mut b, text.len() as u64);
    b.extend_from_slice(text);
    b.extend_from_slice(&[0, 0, 0, 0]); // id, version, hash; no name
    b.extend_from_slice(&[0, 0, 0, 0]); // no fields, declarations, memoised leaves or personas
    b.extend_from_slice(&[1, 0, 0, 0, 0]); // one fit rule: id, label, 0 points, no flags
    b.extend_from_slice(cond);
    b.extend_from_slice(&[0, 0, 0]); // no grades
    b.extend_from_slice(&[0, 0, 0]); // engagement: no half-life, no max, no rules
    b.extend_from_slice(&[0, 0, 0, 0]); // no stages, disqualifiers, routes or SLA entries
    b.extend_from_slice(&[0, 0, 0]); // no email extensions
    sealed(b)
}

/// A hand-written model with one stage, `x`, that every lead reaches, and
/// one disqualifier of `points` (zigzag hundredths) that always fires and
/// caps at rank `cap` (0 is `x`, 1 the fallback `lead`).
fn disqualifier_model(cap: u8, points: u8) -> Vec<u8> {
    let mut b = b"LGM\x05\x01\x00\x01x".to_vec(); // one string: `x`
    b.extend_from_slice(&[0, 0, 0, 0]); // id, version, hash; no name
    b.extend_from_slice(&[0, 0, 0, 0, 0]); // no fields, declarations, memoised leaves, personas, fit rules
    b.extend_from_slice(&[0, 0, 0]); // no grades
    b.extend_from_slice(&[0, 0, 0]); // engagement: no half-life, no max, no rules
    b.extend_from_slice(&[1, 0, 0, 0]); // one stage: `x`, no requires, no `if`
                                        // One disqualifier: its cap, then its rule: id, label, points, no flags, `all: []`.
    b.extend_from_slice(&[1, cap, 0, 0, points, 0, 0, 0]);
    b.extend_from_slice(&[0, 0]); // no routes or SLA entries
    b.extend_from_slice(&[0, 0, 0]); // no email extensions
    sealed(b)
}

#[test]
fn a_loaded_disqualifier_caps_the_stage_and_earns_no_points() {
    let lead: Value = serde_json::from_str("{}").unwrap();
    let stage = |cap| {
        let model = CompiledModel::from_bytes(&disqualifier_model(cap, 0)).unwrap();
        let outcome = model.score(&lead, &ScoreOptions::at(fixed_now())).unwrap();
        assert_eq!(outcome.reasons.len(), 1);
        outcome.stage.to_string()
    };
    assert_eq!(stage(0), "x");
    assert_eq!(stage(1), "lead");
    // A rank past the stages is harmless: no lead ranks below `lead`.
    assert_eq!(stage(0x7f), "lead");
    // A disqualifier with points would break `sum of points = score`.
    let err = CompiledModel::from_bytes(&disqualifier_model(1, 2)).unwrap_err();
    assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
}

/// `depth` nested conditions: `not` … `not` around an empty `all`.
fn nested(depth: usize) -> Vec<u8> {
    let mut cond = vec![2u8; depth - 1];
    cond.extend_from_slice(&[0, 0]);
    cond
}

fn lead_text() -> String {
    read("examples/lead.json")
}

fn fixed_now() -> Timestamp {
    Timestamp::parse("2026-11-26T12:00:00Z").unwrap()
}

/// Scores a lead; `None` when the lead is refused.
fn outcome_json(model: &CompiledModel, lead: &str, options: &ScoreOptions) -> Option<String> {
    let lead: Value = serde_json::from_str(lead).ok()?;
    model.score(&lead, options).ok().map(|o| o.to_json())
}

fn assert_round_trip(name: &str, compiled: &CompiledModel) -> Vec<u8> {
    let bytes = compiled.to_bytes();
    let decoded = CompiledModel::from_bytes(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        decoded.to_bytes(),
        bytes,
        "{name}: bytes differ after a round trip"
    );
    // Rebuilt parts (path segments, hashes, keywords, warnings) equal the compiler's.
    assert_eq!(format!("{decoded:?}"), format!("{compiled:?}"), "{name}");
    bytes
}

#[test]
fn every_model_round_trips_to_identical_bytes() {
    for (name, text) in all_models() {
        let compiled = compile(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let bytes = assert_round_trip(&name, &compiled);
        let again = compile(&text).unwrap().to_bytes();
        assert_eq!(
            again, bytes,
            "{name}: two compilations give different bytes"
        );
        assert!(bytes.starts_with(b"LGM\x05"), "{name}");
    }
}

#[test]
fn decoded_models_score_every_case_like_compiled_ones() {
    let mut cases: Vec<PathBuf> = fs::read_dir(root().join("tests/fixtures/cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let models = all_models();
    for path in &cases {
        // A case may hold lone surrogates, read as every runtime reads them.
        let raw = fs::read_to_string(path).unwrap();
        let fixed = leadgate::lead::replace_lone_surrogates(&raw);
        let case: Json = serde_json::from_str(fixed.as_deref().unwrap_or(&raw)).unwrap();
        let name = case["model"].as_str().unwrap();
        let text = &models.iter().find(|(n, _)| n == name).unwrap().1;
        let compiled = compile(text).unwrap();
        let decoded = CompiledModel::from_bytes(&compiled.to_bytes()).unwrap();
        let options = ScoreOptions {
            now: Timestamp::parse(case["now"].as_str().unwrap()).unwrap(),
            previous_stage: case["previous_stage"].as_str().map(str::to_string),
            lone_surrogates: fixed.is_some(),
        };
        let lead = serde_json::to_string(&case["lead"]).unwrap();
        let want = outcome_json(&compiled, &lead, &options).unwrap();
        let got = outcome_json(&decoded, &lead, &options).unwrap();
        assert_eq!(got, want, "{}", path.display());
    }
    // And every sample lead, with every shipped model.
    let leads = read("examples/leads.ndjson");
    for (name, text) in &models {
        let compiled = compile(text).unwrap();
        let decoded = CompiledModel::from_bytes(&compiled.to_bytes()).unwrap();
        let options = ScoreOptions::at(fixed_now());
        for line in leads.lines().filter(|l| !l.trim().is_empty()) {
            let want = outcome_json(&compiled, line, &options);
            assert_eq!(
                outcome_json(&decoded, line, &options),
                want,
                "{name}: {line}"
            );
        }
    }
}

#[test]
fn every_truncation_is_refused() {
    let bytes = default_bytes();
    let code = |b: &[u8]| CompiledModel::from_bytes(b).err().map(|e| e.code);
    for len in 0..bytes.len() {
        assert_eq!(
            code(&bytes[..len]),
            Some(codes::BAD_COMPILED_MODEL),
            "length {len}"
        );
    }
    // With a valid checksum, the decoder itself must notice every missing byte.
    for len in 4..bytes.len() - 8 {
        let truncated = sealed(bytes[..len].to_vec());
        assert_eq!(
            code(&truncated),
            Some(codes::BAD_COMPILED_MODEL),
            "sealed length {len}"
        );
    }
}

#[test]
fn damage_and_trailing_bytes_are_refused() {
    let bytes = default_bytes();
    for i in (0..bytes.len()).step_by(7) {
        let mut damaged = bytes.clone();
        damaged[i] ^= 0x10;
        let err = CompiledModel::from_bytes(&damaged).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL, "byte {i}");
    }
    let mut longer = bytes[..bytes.len() - 8].to_vec();
    longer.push(0);
    let err = CompiledModel::from_bytes(&sealed(longer)).unwrap_err();
    assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
}

#[test]
fn wrong_magic_and_other_versions_have_their_codes() {
    let bytes = default_bytes();
    for bad in [&b""[..], b"L", b"LG", b"LGM", b"{\"id\":\"x\"}", b"lgm\x01"] {
        let err = CompiledModel::from_bytes(bad).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL, "{bad:?}");
    }
    let mut magic = bytes.clone();
    magic[0] = b'X';
    let err = CompiledModel::from_bytes(&magic).unwrap_err();
    assert_eq!(err.code, "bad_compiled_model");
    // Version 1 sorted slots by another hash, version 3 had neither disqualifiers nor field declarations,
    // version 4 no business hours:
    // their files are refused as such.
    for version in [0u8, 1, 2, 3, 4, 6, 255] {
        let mut other = bytes.clone();
        other[3] = version;
        let err = CompiledModel::from_bytes(&resealed(other)).unwrap_err();
        assert_eq!(err.code, "compiled_model_version", "version {version}");
        // Even with nothing after the version byte: it is the version that is wrong.
        let err = CompiledModel::from_bytes(&[b'L', b'G', b'M', version]).unwrap_err();
        assert_eq!(err.code, codes::COMPILED_MODEL_VERSION);
    }
    let err: LoadError = CompiledModel::from_bytes(b"nope").unwrap_err();
    assert!(err.to_string().ends_with("[bad_compiled_model]"), "{err}");
    assert!(!err.message.is_empty());
}

#[test]
fn huge_declared_lengths_fail_fast() {
    let huge = [u64::MAX, u64::MAX >> 1, 1 << 40, u32::MAX as u64];
    for n in huge {
        // A huge string table.
        let mut b = b"LGM\x05".to_vec();
        varint(&mut b, n);
        assert!(CompiledModel::from_bytes(&sealed(b)).is_err());
        // A huge string in the table, or a huge part shared with the previous one.
        let mut b = b"LGM\x05\x01\x00".to_vec();
        varint(&mut b, n);
        b.extend_from_slice(b"abc");
        assert!(CompiledModel::from_bytes(&sealed(b)).is_err());
        let mut b = b"LGM\x05\x02\x00\x01x".to_vec();
        varint(&mut b, n);
        b.extend_from_slice(b"\x00");
        assert!(CompiledModel::from_bytes(&sealed(b)).is_err());
        // A huge list of fields in the body.
        let mut b = b"LGM\x05\x01\x00\x01x\x00\x00\x00\x00".to_vec();
        varint(&mut b, n);
        assert!(CompiledModel::from_bytes(&sealed(b)).is_err());
        // A huge `all` in a condition.
        let mut cond = vec![0u8];
        varint(&mut cond, n);
        assert!(CompiledModel::from_bytes(&tiny_model(&cond)).is_err());
    }
    // A varint longer than 64 bits.
    let mut b = b"LGM\x05".to_vec();
    b.extend_from_slice(&[0xff; 11]);
    b.push(0);
    assert!(CompiledModel::from_bytes(&sealed(b)).is_err());
}

#[test]
fn copies_of_a_long_string_are_bounded() {
    // A leaf on an event property: path, field and needs all name string 0.
    let leaf = [3u8, 1, 0, 0, 8, 0];
    let all = |n: usize| {
        let mut cond = vec![0u8];
        varint(&mut cond, n as u64);
        for _ in 0..n {
            cond.extend_from_slice(&leaf);
        }
        cond
    };
    let long = vec![b'p'; 10_000];
    assert!(CompiledModel::from_bytes(&tiny_model_with(&long, &all(10))).is_ok());
    // 20,000 leaves would copy 600 MB of text out of 130 kB.
    let err = CompiledModel::from_bytes(&tiny_model_with(&long, &all(20_000))).unwrap_err();
    assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
    assert!(err.message.contains("expands"), "{err}");
    // Front coding cannot be used to the same end.
    let mut b = b"LGM\x05".to_vec();
    varint(&mut b, 50_001);
    b.extend_from_slice(&[0, 0x90, 0x4e]); // 10,000 bytes
    b.extend_from_slice(&long);
    for _ in 0..50_000 {
        b.extend_from_slice(&[0x90, 0x4e, 0]); // the same 10,000 bytes again
    }
    let err = CompiledModel::from_bytes(&sealed(b)).unwrap_err();
    assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
    assert!(err.message.contains("expands"), "{err}");
}

#[test]
fn models_of_long_near_identical_texts_load() {
    // Front coding stores each of these in a few bytes: the bytes are ~70
    // times smaller than their text, past the text-per-byte budget (found by
    // the compile_large fuzz target). Every model within the limits must load.
    let near = |i: usize| format!("{}b{i}", "a ".repeat(124));
    for op in ["in", "words_any", "contains_any", "domain_in"] {
        let entries: Vec<String> = (0..3_900)
            .map(|i| match op {
                "domain_in" => format!("{}.b{i}.com", "a".repeat(240)),
                "words_any" => format!("{}{i}", "a".repeat(245)),
                _ => near(i),
            })
            .collect();
        let text = serde_json::json!({
            "id": "near", "version": "1", "lists": { "l": entries },
            "fit_rules": [ { "id": "r", "points": 1, "if": { "field": "f", op: "l" } } ]
        })
        .to_string();
        assert!(
            text.len() <= leadgate::model::limits::MAX_MODEL_BYTES,
            "{op}: {}",
            text.len()
        );
        let compiled = match compile(&text) {
            Ok(model) => model,
            Err(e) if op == "contains_any" => {
                assert_eq!(e.0[0].code, "too_much_work");
                continue;
            }
            Err(e) => panic!("{op}: {e}"),
        };
        let bytes = compiled.to_bytes();
        let loaded = CompiledModel::from_bytes(&bytes).unwrap_or_else(|e| panic!("{op}: {e}"));
        assert_eq!(loaded.to_bytes(), bytes, "{op}");
    }
}

#[test]
fn invalid_utf8_is_refused() {
    let cond = [0u8, 0]; // an empty `all`
    assert!(CompiledModel::from_bytes(&tiny_model_with("é".as_bytes(), &cond)).is_ok());
    for bad in [&b"\xff"[..], b"\xc3", b"a\xc3(", b"\xed\xa0\x80"] {
        let err = CompiledModel::from_bytes(&tiny_model_with(bad, &cond)).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL, "{bad:?}");
    }
}

#[test]
fn stored_keywords_need_words() {
    // A field leaf on an event property with `words_any`: no one-word forms,
    // one multi-word keyword (text `x`) with the given words.
    let leaf = |words: &[u8]| {
        let mut cond = vec![3, 1, 0, 0, 11, 0, 0, 1, 0];
        cond.extend_from_slice(words);
        cond.push(0); // needs
        cond
    };
    assert!(CompiledModel::from_bytes(&tiny_model(&leaf(&[1, 0]))).is_ok());
    assert!(CompiledModel::from_bytes(&tiny_model(&leaf(&[2, 0, 1]))).is_ok());
    for bad in [
        tiny_model(&leaf(&[0])),
        tiny_model_with(b"", &leaf(&[1, 0])),
    ] {
        let err = CompiledModel::from_bytes(&bad).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
    }
}

/// An `all` of `n` `contains_any` leaves on an event property: the first
/// stores a list of `entries` copies of string 0, the others name it (format 3).
fn shared_lists(n: usize, entries: usize, tag_of_refs: u8) -> Vec<u8> {
    let mut cond = vec![0u8];
    varint(&mut cond, n as u64);
    cond.extend_from_slice(&[3, 1, 0, 0, 10, 0]);
    varint(&mut cond, entries as u64);
    cond.extend(std::iter::repeat_n(0u8, entries));
    cond.push(0); // needs
    for _ in 1..n {
        cond.extend_from_slice(&[3, 1, 0, 0, tag_of_refs, 1, 0]);
    }
    cond
}

#[test]
fn shared_lists_are_checked_and_their_work_bounded() {
    let ok = CompiledModel::from_bytes(&tiny_model(&shared_lists(3, 10, 10))).unwrap();
    let per_entry = leadgate::model::work::CONTAINS_ENTRY;
    assert_eq!(leadgate::model::work::work(&ok).total, 3 * 10 * per_entry);
    // A reference to a list of another kind (an unsorted list as `domain_in`'s) or to none.
    for bad in [shared_lists(2, 10, 12), shared_lists(2, 10, 11)] {
        let err = CompiledModel::from_bytes(&tiny_model(&bad)).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL);
    }
    let mut dangling = shared_lists(2, 1, 10);
    let at = dangling.len() - 2;
    dangling[at] = 2;
    assert!(CompiledModel::from_bytes(&tiny_model(&dangling)).is_err());
    // A few kilobytes naming one list 1,000 times: too much work per lead.
    let heavy = tiny_model(&shared_lists(1_000, 1_000, 10));
    assert!(heavy.len() < 10_000);
    let err = CompiledModel::from_bytes(&heavy).unwrap_err();
    assert_eq!(err.code, "too_much_work");
}

#[test]
fn nesting_is_capped_at_the_language_limit() {
    let limit = leadgate::model::limits::MAX_DEPTH;
    assert!(CompiledModel::from_bytes(&tiny_model(&nested(1))).is_ok());
    let deepest = CompiledModel::from_bytes(&tiny_model(&nested(limit))).unwrap();
    assert_eq!(
        CompiledModel::from_bytes(&deepest.to_bytes())
            .unwrap()
            .to_bytes(),
        deepest.to_bytes()
    );
    for depth in [limit + 1, 1_000, 1_000_000] {
        let err = CompiledModel::from_bytes(&tiny_model(&nested(depth))).unwrap_err();
        assert_eq!(err.code, codes::BAD_COMPILED_MODEL, "depth {depth}");
    }
}

/// Decoding must never panic, and a model it accepts must score without panicking.
fn load_and_score(bytes: &[u8]) {
    if let Ok(model) = CompiledModel::from_bytes(bytes) {
        let options = ScoreOptions::at(fixed_now());
        let _ = outcome_json(&model, &lead_text(), &options);
        let _ = model.to_bytes();
    }
}

fn config(cases: u32) -> Config {
    let env_cases = std::env::var("PROPTEST_CASES").ok();
    Config {
        cases: env_cases.and_then(|c| c.parse().ok()).unwrap_or(cases),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Overwritten bytes: refused by the checksum, or (resealed) by the decoder, or loaded.
    #[test]
    fn overwritten_bytes_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        reseal in any::<bool>(),
    ) {
        let mut bytes = default_bytes();
        for (at, b) in &edits {
            let i = at.index(bytes.len());
            bytes[i] = *b;
        }
        let bytes = if reseal { resealed(bytes) } else { bytes };
        load_and_score(&bytes);
    }

    /// Flipped bits, resealed so the decoder sees them.
    #[test]
    fn flipped_bits_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4),
    ) {
        let mut bytes = default_bytes();
        for (at, bit) in &flips {
            let i = at.index(bytes.len() - 8);
            bytes[i] ^= 1 << bit;
        }
        load_and_score(&resealed(bytes));
    }

    /// Random bytes, bare or behind a valid header and checksum.
    #[test]
    fn random_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        prop_assert!(CompiledModel::from_bytes(&body).is_err() || body.starts_with(b"LGM\x05"));
        let mut framed = b"LGM\x05".to_vec();
        framed.extend_from_slice(&body);
        load_and_score(&sealed(framed));
    }

    /// Random valid models round-trip exactly and score random leads the same.
    #[test]
    fn random_models_round_trip(model in model(), lead in lead(), now in now()) {
        let compiled = compile_value(&model).unwrap();
        let bytes = assert_round_trip("random model", &compiled);
        let decoded = CompiledModel::from_bytes(&bytes).unwrap();
        let options = ScoreOptions { now, previous_stage: lead.previous_stage(), lone_surrogates: false };
        let text = lead.text();
        prop_assert_eq!(
            outcome_json(&decoded, &text, &options),
            outcome_json(&compiled, &text, &options)
        );
    }
}

/// Sizes and load time, for the record: `cargo test --release --test compiled_model -- --ignored --nocapture`.
#[test]
#[ignore]
fn report_sizes_and_load_time() {
    for (name, text) in all_models() {
        let bytes = compile(&text).unwrap().to_bytes();
        println!(
            "{name}: {} bytes of JSON, {} bytes compiled",
            text.len(),
            bytes.len()
        );
    }
    for (name, text) in [
        ("default", read("models/default.json")),
        ("reference", read("benches/js/reference-model.json")),
    ] {
        let bytes = compile(&text).unwrap().to_bytes();
        let rounds = 2_000u32;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(CompiledModel::from_bytes(std::hint::black_box(&bytes)).unwrap());
        }
        let load = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds / 10 {
            std::hint::black_box(compile(std::hint::black_box(&text)).unwrap());
        }
        let compiling = start.elapsed() / (rounds / 10);
        println!("{name}: from_bytes {load:?}, compile {compiling:?}");
    }
}
