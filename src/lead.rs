//! A lead: a JSON value that borrows its strings from the input when it can,
//! so parsing a line of NDJSON allocates little.

use crate::json_text::{push_number, push_string};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::fmt;

mod surrogates;
pub use surrogates::{parse_json_lead, replace_lone_surrogates};

/// A JSON value as read from a lead; objects keep their keys in input order.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value<'a> {
    /// `null`.
    #[default]
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number (JSON numbers are doubles in every runtime we serve).
    Number(f64),
    /// A string, borrowed from the input where no escapes forced a copy.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object as key/value pairs; on duplicate keys the last one wins, as in `JSON.parse`.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

impl<'a> Value<'a> {
    /// The value of `key` if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        match self {
            Value::Object(pairs) => pairs
                .iter()
                .rev()
                .find(|(k, _)| k.as_ref() == key)
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// Resolves a field path: a literal key first (CSV headers like `company.size`), then nested objects.
    pub fn lookup(&self, path: &FieldPath) -> Option<&Value<'a>> {
        if let Some(v) = self.get(&path.full) {
            return Some(v);
        }
        if path.segments.len() < 2 {
            return None;
        }
        let mut current = self;
        for segment in &path.segments {
            current = current.get(segment)?;
        }
        Some(current)
    }

    /// The string content, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// True for `null` and for strings that are empty or only blanks: such a field is not "present".
    pub fn is_absent(&self) -> bool {
        match self {
            Value::Null => true,
            Value::String(s) => crate::text::is_blank(s),
            _ => false,
        }
    }

    /// A copy that owns all its strings (for values that must outlive their input).
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => Value::Number(n),
            Value::String(s) => Value::String(Cow::Owned(s.into_owned())),
            Value::Array(items) => Value::Array(items.into_iter().map(Value::into_owned).collect()),
            Value::Object(pairs) => Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (Cow::Owned(k.into_owned()), v.into_owned()))
                    .collect(),
            ),
        }
    }

    /// A short description for warnings: compact JSON for scalars, `an object` / `an array` otherwise.
    pub fn describe(&self) -> String {
        /// Characters of a string shown before `…`.
        const MAX: usize = 40;
        let mut text = String::new();
        match self {
            Value::Object(_) => text.push_str("an object"),
            Value::Array(_) => text.push_str("an array"),
            Value::Number(n) if n.is_nan() => text.push_str("NaN"),
            Value::Number(n) if !n.is_finite() => text.push_str("Infinity"),
            Value::Number(n) => push_number(&mut text, *n),
            Value::String(s) => match char_start(s, MAX) {
                // More than MAX characters: the first MAX, then `…`.
                Some(cut) => {
                    push_string(&mut text, s.get(..cut).unwrap_or_default());
                    // Drops the closing `"` (ASCII: no `String::pop` in lite).
                    text.truncate(text.len().saturating_sub(1));
                    text.push_str("…\"");
                }
                None => push_string(&mut text, s),
            },
            Value::Null => text.push_str("null"),
            Value::Bool(b) => text.push_str(if *b { "true" } else { "false" }),
        }
        text
    }
}

/// True for text in JSON number syntax (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`).
pub fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// A dotted field path compiled once (`company.size` → `["company", "size"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    /// The path as written in the model.
    pub full: String,
    /// Its segments.
    pub segments: Vec<String>,
}

impl FieldPath {
    /// Splits a path at dots.
    pub fn new(full: &str) -> FieldPath {
        let mut segments = Vec::new();
        let mut rest = full;
        while let Some((segment, tail)) = crate::text::split_once_ascii(rest, b'.') {
            segments.push(segment.to_string());
            rest = tail;
        }
        segments.push(rest.to_string());
        FieldPath {
            full: full.to_string(),
            segments,
        }
    }
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            // Integral doubles print as integers, as JavaScript prints them.
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                s.serialize_i64(*n as i64)
            }
            // Integral up to 1e21: the digits JavaScript writes (shortest, then
            // zeros), as an integer so no serializer adds `.0` or an exponent.
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e21 => {
                let mut text = String::new();
                crate::json_text::push_number(&mut text, *n);
                match text.parse::<i128>() {
                    Ok(i) => s.serialize_i128(i),
                    Err(_) => s.serialize_f64(*n),
                }
            }
            Value::Number(n) if n.is_finite() => s.serialize_f64(*n),
            Value::Number(_) => s.serialize_unit(),
            Value::String(text) => s.serialize_str(text),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(pairs) => {
                let mut map = s.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    map.serialize_entry(k.as_ref(), v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n as f64))
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value<'de>, E> {
        Ok(Value::Number(n))
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s.to_string())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(s)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value<'de>, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(8).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(16).min(1024));
        while let Some(Key(k)) = map.next_key()? {
            pairs.push((k, map.next_value()?));
        }
        Ok(Value::Object(pairs))
    }
}

/// An object key that borrows from the input when possible (serde's own `Cow` always copies).
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s.to_string())))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s)))
    }
}

/// The byte offset of the `n`-th character (from 0) of `s`, if it has one:
/// `char_indices().nth(n)` by bytes (a character starts at each byte that
/// does not continue one), which was a function of its own in the
/// scorer-only wasm.
fn char_start(s: &str, n: usize) -> Option<usize> {
    let mut seen = 0;
    for (i, b) in s.bytes().enumerate() {
        if b & 0xC0 != 0x80 {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_start_is_char_indices_nth() {
        for s in [
            "",
            "a",
            "héllo wörld",
            "日本語のテキスト",
            "🚀a🚀b",
            "e\u{301}x",
        ] {
            for n in 0..12 {
                assert_eq!(
                    char_start(s, n),
                    s.char_indices().nth(n).map(|(i, _)| i),
                    "{s} {n}"
                );
            }
        }
    }

    #[test]
    fn parses_borrowing_and_looks_up_paths() {
        let text = r#"{"a":"x","company":{"size":120},"company.size":"lit","dup":1,"dup":2}"#;
        let v: Value = serde_json::from_str(text).unwrap();
        assert!(matches!(
            v.get("a"),
            Some(Value::String(Cow::Borrowed("x")))
        ));
        assert_eq!(v.get("dup"), Some(&Value::Number(2.0)));
        let lit = v.lookup(&FieldPath::new("company.size")).unwrap();
        assert_eq!(lit.as_str(), Some("lit"));
        let nested: Value = serde_json::from_str(r#"{"company":{"size":120}}"#).unwrap();
        assert_eq!(
            nested.lookup(&FieldPath::new("company.size")),
            Some(&Value::Number(120.0))
        );
    }

    #[test]
    fn serializes_like_javascript() {
        let v: Value = serde_json::from_str(r#"{"n":20.0,"f":2.5,"s":"é"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            r#"{"n":20,"f":2.5,"s":"é"}"#
        );
        assert_eq!(Value::String("abc".into()).describe(), "\"abc\"");
        assert_eq!(Value::Object(vec![]).describe(), "an object");
        assert_eq!(Value::Array(vec![]).describe(), "an array");
        assert_eq!(Value::Null.describe(), "null");
        assert_eq!(Value::Bool(false).describe(), "false");
        assert_eq!(Value::Number(f64::NEG_INFINITY).describe(), "Infinity");
        assert_eq!(Value::Number(f64::NAN).describe(), "NaN");
        assert_eq!(Value::Number(2.5).describe(), "2.5");
        // Strings over 40 characters show their first 40 (not bytes) and `…`.
        let forty = "é".repeat(40);
        assert_eq!(
            Value::String(forty.clone().into()).describe(),
            format!("\"{forty}\"")
        );
        let long = format!("{forty}ab\"");
        assert_eq!(
            Value::String(long.into()).describe(),
            format!("\"{forty}…\"")
        );
        let quoted = format!("{}\"x", "a".repeat(39));
        assert_eq!(
            Value::String(quoted.into()).describe(),
            format!("\"{}\\\"…\"", "a".repeat(39))
        );
    }
}
