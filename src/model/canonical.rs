//! Canonical JSON of a model, and the content hash built on it.
//!
//! Keys sorted, no blanks, integral numbers as integers: the same document gives
//! the same bytes whether it came from a file, `JSON.stringify` or a CRM export,
//! so `outcome.model.hash` is stable across runtimes and releases.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// The canonical JSON text of a value.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(v, &mut out);
    out
}

/// 16 hex digits of SHA-256 over the canonical JSON.
pub fn model_hash(doc: &Value) -> String {
    let digest = Sha256::digest(canonical_json(doc).as_bytes());
    let mut hex = String::with_capacity(16);
    for byte in digest.iter().take(8) {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match n.as_f64() {
            Some(x) => write_canonical_number(x, out),
            None => out.push_str("null"),
        },
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            // serde_json's map is ordered by key (no `preserve_order`), so this is sorted.
            out.push('{');
            for (i, (k, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

/// Writes a number as JavaScript would for integral values, else as the shortest round-trip text.
pub fn write_canonical_number(x: f64, out: &mut String) {
    // Integers as integers, else serde_json's shortest round-trip form: the
    // same text on every runtime (json_text holds it equal to serde_json).
    crate::json_text::push_number(out, x);
}

fn write_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_ignores_key_order_blanks_and_number_spelling() {
        let a: Value = serde_json::from_str(r#"{ "b": 1.0, "a": [2.5, "x"] }"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":[2.5,"x"],"b":1}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":[2.5,"x"],"b":1}"#);
        assert_eq!(model_hash(&a), model_hash(&b));
        assert_eq!(model_hash(&a).len(), 16);
    }
}
