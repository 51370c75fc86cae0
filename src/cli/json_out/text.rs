//! The scalar writers of the CLI's outcome writer: the core's (`json_text`),
//! which escape strings a word at a time and write integers without `fmt`.

use crate::json_text::{push_integer, push_string, push_unsigned};

/// Appends a JSON string with serde_json's escapes.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    push_string(out, s);
}

/// Appends an unsigned integer.
pub fn write_u64(out: &mut Vec<u8>, n: u64) {
    push_unsigned(out, n);
}

/// Appends a signed integer.
pub fn write_i64(out: &mut Vec<u8>, n: i64) {
    push_integer(out, n);
}
