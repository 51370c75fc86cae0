//! Fuzzes scoring of arbitrary lead JSON (after bytes picking the embedded model, `now` and a previous stage): no panic, invariants kept.
#![no_main]

use leadgate::{CompiledModel, Value};
use leadgate_fuzz::{check, compiled_models, options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static MODELS: OnceLock<Vec<CompiledModel>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let models = MODELS.get_or_init(compiled_models);
    let [pick, when, prev, rest @ ..] = data else {
        return;
    };
    let Some(model) = models.get(usize::from(*pick) % models.len()) else {
        return;
    };
    let Ok(lead) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    // `now` moves up to ±127 days; a non-zero third byte names a previous stage.
    let shift = i64::from(*when as i8) * 86_400_000;
    let names: Vec<&str> = model.stage_names().collect();
    let previous = match *prev {
        0 => None,
        p => names
            .get(usize::from(p) % names.len())
            .map(|s| s.to_string()),
    };
    check(model, &lead, &options(shift, previous));
});
