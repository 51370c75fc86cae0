//! What a call reads and writes besides the lead tape and the outcome
//! records: the option texts after the leads' bytes, the lead keys the model
//! can read, and error texts.

use super::ERROR_MARK;
use crate::json_text::{push_integer, push_string};
use crate::CompiledModel;

/// The option texts after the leads' `at` bytes of input: `(now, previous
/// stage)`, each `None` for a negative length; `None` if they do not fit or
/// are not UTF-8 (a corrupt input).
pub(super) fn option_texts(
    input: &[u8],
    at: usize,
    now_len: i32,
    stage_len: i32,
) -> Option<(Option<&str>, Option<&str>)> {
    let mut at = at;
    let mut take = |len: i32| -> Option<Option<&str>> {
        let Ok(len) = usize::try_from(len) else {
            return Some(None);
        };
        let end = at.checked_add(len)?;
        let text = std::str::from_utf8(input.get(at..end)?).ok()?;
        at = end;
        Some(Some(text))
    };
    Some((take(now_len)?, take(stage_len)?))
}

/// The lead's top-level keys the model can read: each field path, its first
/// segment, `events` and `previous_stage`; sorted, without repeats.
pub(super) fn lead_keys(model: &CompiledModel) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let mut add = |key: &str| {
        // Inserted in order (no sort: it would link a sorting routine for a
        // few dozen keys).
        if let Err(at) = keys.binary_search_by(|k| k.as_str().cmp(key)) {
            keys.insert(at, key.to_string());
        }
    };
    add("events");
    add("previous_stage");
    for path in &model.fields {
        add(&path.full);
        if let Some(first) = path.segments.first() {
            add(first);
        }
    }
    keys
}

/// `!{"code":…,"message":…,"index":…}`.
pub(super) fn error_json(code: &str, message: &str, index: Option<usize>) -> String {
    // `ERROR_MARK` written in the text (one string, no `char` to encode).
    const _: () = assert!(ERROR_MARK == b'!');
    let mut out = String::from("!{\"code\":");
    push_string(&mut out, code);
    out.push_str(",\"message\":");
    push_string(&mut out, message);
    if let Some(index) = index {
        out.push_str(",\"index\":");
        push_integer(&mut out, index as i64);
    }
    out.push('}');
    out
}
