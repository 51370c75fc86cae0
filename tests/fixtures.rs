//! Runs every shared fixture in `tests/fixtures/` — the same files every JS runtime's tests read.
//!
//! `cases/*.json`: a model, a lead, `now`, and hand-computed `expect` keys compared exactly.
//! `expected/*.json`: the full outcome of each case, byte for byte (`LEADGATE_BLESS=1` rewrites).
//! `invalid/*.json`: a broken model and the exact set of (code, path) problems it must report.

use leadgate::{compile, compile_value, ScoreOptions, Timestamp, Value};
use serde_json::Value as Json;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn model_text(name: &str) -> String {
    let path = if name == "default" {
        root().join("models/default.json")
    } else {
        root().join(format!("tests/fixtures/models/{name}.json"))
    };
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Scores one case file; returns the outcome as JSON text.
/// A case file, with lone surrogates (`"\ud800"`) read as every runtime reads
/// them: U+FFFD, and a flag for the outcome's warning.
fn read_case(path: &Path) -> (Json, bool) {
    let raw = fs::read_to_string(path).unwrap();
    let fixed = leadgate::lead::replace_lone_surrogates(&raw);
    let case = serde_json::from_str(fixed.as_deref().unwrap_or(&raw))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (case, fixed.is_some())
}

fn run_case(case: &Json, lone_surrogates: bool) -> Result<String, String> {
    let name = case["model"].as_str().ok_or("case has no model")?;
    let model = compile(&model_text(name)).map_err(|e| e.to_string())?;
    let now = case["now"]
        .as_str()
        .and_then(Timestamp::parse)
        .ok_or("bad now")?;
    let options = ScoreOptions {
        now,
        previous_stage: case["previous_stage"].as_str().map(str::to_string),
        lone_surrogates,
    };
    let lead_text = serde_json::to_string(&case["lead"]).map_err(|e| e.to_string())?;
    let lead: Value = serde_json::from_str(&lead_text).map_err(|e| e.to_string())?;
    let outcome = model.score(&lead, &options).map_err(|e| e.to_string())?;
    Ok(outcome.to_json())
}

#[test]
fn every_case_gives_its_expected_outcome() {
    let bless = std::env::var_os("LEADGATE_BLESS").is_some();
    let cases = json_files("tests/fixtures/cases");
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for path in &cases {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let (case, lone_surrogates) = read_case(path);
        let text = match run_case(&case, lone_surrogates) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{stem}: {e}"));
                continue;
            }
        };
        let outcome: Json = serde_json::from_str(&text).unwrap();
        if let Some(expect) = case["expect"].as_object() {
            for (key, want) in expect {
                if &outcome[key] != want {
                    failures.push(format!(
                        "{stem}: `{key}`\n    want {want}\n    got  {}",
                        outcome[key]
                    ));
                }
            }
        }
        let golden = root().join(format!("tests/fixtures/expected/{stem}.json"));
        if bless {
            fs::create_dir_all(golden.parent().unwrap()).unwrap();
            fs::write(&golden, format!("{text}\n")).unwrap();
        } else {
            match fs::read_to_string(&golden) {
                Ok(want) if want.trim_end() == text => {}
                Ok(want) => failures.push(format!(
                    "{stem}: full outcome differs from expected/{stem}.json\n    want {}\n    got  {text}",
                    want.trim_end()
                )),
                Err(_) => failures.push(format!(
                    "{stem}: no expected/{stem}.json (run with LEADGATE_BLESS=1 after checking the outcome)"
                )),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_invalid_model_reports_exactly_its_problems() {
    let files = json_files("tests/fixtures/invalid");
    assert!(files.len() >= 15, "only {} invalid models", files.len());
    let mut failures = Vec::new();
    for path in &files {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let case: Json = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        let result = match case["model_text"].as_str() {
            Some(text) => compile(text),
            None => compile_value(&case["model"]),
        };
        let Err(errors) = result else {
            failures.push(format!("{stem}: compiled, but should not"));
            continue;
        };
        let mut got: Vec<(String, String)> = errors
            .problems()
            .iter()
            .map(|p| (p.code.to_string(), p.path.clone()))
            .collect();
        let mut want: Vec<(String, String)> = case["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_str().unwrap().into(),
                    e["path"].as_str().unwrap().into(),
                )
            })
            .collect();
        got.sort();
        want.sort();
        if got != want {
            failures.push(format!(
                "{stem}:\n    want {want:?}\n    got  {got:?}\n    ({errors})"
            ));
        }
        for p in errors.problems() {
            if p.message.is_empty() {
                failures.push(format!("{stem}: empty message for {}", p.code));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fixture_models_and_the_default_model_compile() {
    let mut names: Vec<String> = json_files("tests/fixtures/models")
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    names.push("default".into());
    for name in names {
        if let Err(e) = compile(&model_text(&name)) {
            panic!("{name}: {e}");
        }
    }
}

#[test]
fn model_hashes_match_the_independent_python_implementation() {
    let text = fs::read_to_string(root().join("tests/fixtures/hashes.json")).unwrap();
    let hashes: serde_json::Map<String, Json> = serde_json::from_str(&text).unwrap();
    assert!(hashes.len() >= 2);
    for (path, want) in hashes {
        let model = compile(&fs::read_to_string(root().join(&path)).unwrap()).unwrap();
        assert_eq!(
            Some(model.info().hash.as_str()),
            want.as_str(),
            "{path}: rerun scripts/model-hash.py if the model changed on purpose"
        );
    }
}
