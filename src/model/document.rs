//! Reads a model document's JSON text into a value, refusing what a plain
//! parse lets through silently: a key given twice in one object (the parse
//! keeps the last, so a second `"personas": []` would drop every persona and
//! the model would hash as if they had never been written). A UTF-8
//! byte-order mark before the document is accepted, as for leads.
//!
//! Duplicates are found by a scan of the text after serde_json has parsed it
//! (so the scan only meets valid JSON), not by a second serde visitor: that
//! one cost 3.4 KB gzip of the full wasm build, this one a fraction of it.

use super::reader::{child, index};
use crate::error::{codes, Problem};
use serde_json::Value;
use std::collections::BTreeMap;

/// The document's value, or every duplicate key (or the JSON syntax error).
pub(crate) fn read_document(text: &str) -> Result<Value, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = serde_json::from_str(text).map_err(|e| {
        vec![Problem {
            code: codes::INVALID_JSON,
            path: String::new(),
            message: format!("not valid JSON: {e}"),
            hint: Some("check for a missing comma, quote or bracket at that line".into()),
        }]
    })?;
    let duplicates = duplicate_keys(text);
    if duplicates.is_empty() {
        Ok(value)
    } else {
        Err(duplicates)
    }
}

/// An object or array being read, with where its current member is.
enum Frame {
    /// The keys read so far (a map of a type the compiler already uses, so no
    /// new code: each new map or sort type is ~1 KB of the full wasm build),
    /// and the last one.
    Object(BTreeMap<String, usize>, String),
    /// The current element's index.
    Array(usize),
}

/// Every key given twice in one object of valid JSON text, at the path of
/// its second appearance, in the order of the text.
fn duplicate_keys(text: &str) -> Vec<Problem> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut found = Vec::new();
    let mut expecting_key = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'{' => {
                stack.push(Frame::Object(BTreeMap::new(), String::new()));
                expecting_key = true;
            }
            b'[' => stack.push(Frame::Array(0)),
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(i)) => *i += 1,
                _ => expecting_key = true,
            },
            b'"' => {
                let end = string_end(bytes, at);
                if expecting_key {
                    let raw = text.get(at..end).unwrap_or_default();
                    let key = if raw.contains('\\') {
                        // Through `Value`, whose reader is already in the build.
                        match serde_json::from_str::<Value>(raw) {
                            Ok(Value::String(key)) => key,
                            _ => String::new(),
                        }
                    } else {
                        raw.get(1..raw.len().saturating_sub(1))
                            .unwrap_or_default()
                            .to_string()
                    };
                    if let Some((Frame::Object(keys, last), parents)) = stack.split_last_mut() {
                        if keys.insert(key.clone(), 0).is_some() {
                            found.push(duplicate(&path_of(parents), &key));
                        }
                        *last = key;
                    }
                    expecting_key = false;
                }
                at = end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    found
}

/// Just past the closing quote of the string opening at `at`.
fn string_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    i
}

/// The model path of the innermost frame's current member.
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        path = match frame {
            Frame::Object(_, key) => child(&path, key),
            Frame::Array(i) => index(&path, *i),
        };
    }
    path
}

fn duplicate(parent: &str, key: &str) -> Problem {
    Problem {
        code: codes::DUPLICATE_KEY,
        path: child(parent, key),
        message: format!("the key `{key}` is given twice in one object"),
        hint: Some(
            "JSON readers keep only one of them (most the last): merge the two, or delete \
             the one you did not mean"
                .into(),
        ),
    }
}
