//! Walks the model's JSON with a path, collecting problems instead of stopping at the first.

use crate::error::{codes, Problem};
use crate::model::limits;
use serde_json::{Map, Value};

/// The problems found so far.
#[derive(Default)]
pub(crate) struct Problems(pub Vec<Problem>);

impl Problems {
    /// Records a problem.
    pub fn add(&mut self, code: &'static str, path: &str, message: String, hint: Option<String>) {
        self.0.push(Problem {
            code,
            path: path.to_string(),
            message,
            hint,
        });
    }
}

/// `parent.key` (or `key` at the root).
pub(crate) fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// `parent[i]`.
pub(crate) fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// The JSON type of a value, in words.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value in a message: scalars as written (a string quoted, at most
/// 40 characters), so `"15"` and `"quinze"` read differently; arrays and
/// objects by their type (their text could be long).
fn shown(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::String(s) => {
            let head: String = s.chars().take(40).collect();
            out.push_str("the string ");
            crate::json_text::push_string(&mut out, &head);
            if head.len() < s.len() {
                out.push('…');
            }
        }
        Value::Number(n) => {
            out.push_str("the number ");
            crate::json_text::push_number(&mut out, n.as_f64().unwrap_or(f64::NAN));
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        other => out.push_str(type_name(other)),
    }
    out
}

/// Reports a type mismatch, showing the value given and, where the fix is
/// only the quotes, saying so (`"15"` for a number: write 15 without quotes).
pub(crate) fn wrong_type(p: &mut Problems, path: &str, expected: &str, got: &Value) {
    let hint = match got {
        // JSON number syntax decides, so the hint's text is a valid value.
        Value::String(s) if expected == "a number" => {
            Some(match serde_json::from_str::<Value>(s.trim()) {
                Ok(Value::Number(_)) => format!("write {} without quotes", s.trim()),
                _ => "write the number in digits, without quotes (15, 2.5)".to_string(),
            })
        }
        Value::Number(n) if expected == "a string" => {
            let mut digits = String::new();
            crate::json_text::push_number(&mut digits, n.as_f64().unwrap_or(f64::NAN));
            Some(format!("write it in quotes: \"{digits}\""))
        }
        _ => None,
    };
    p.add(
        codes::EXPECTED_TYPE,
        path,
        format!("expected {expected}, got {}", shown(got)),
        hint,
    );
}

/// An object being read: reports unknown keys once, missing keys on demand.
pub(crate) struct Obj<'v> {
    pub map: &'v Map<String, Value>,
    pub path: String,
}

impl<'v> Obj<'v> {
    /// Reads `v` as an object, or reports the wrong type.
    pub fn read(v: &'v Value, path: &str, p: &mut Problems) -> Option<Obj<'v>> {
        match v {
            Value::Object(map) => Some(Obj {
                map,
                path: path.to_string(),
            }),
            other => {
                wrong_type(p, path, "an object", other);
                None
            }
        }
    }

    /// Reports every key not in `allowed`, with a "did you mean" hint.
    pub fn only(&self, allowed: &[&str], p: &mut Problems) {
        for key in self.map.keys() {
            if !allowed.contains(&key.as_str()) {
                p.add(
                    codes::UNKNOWN_KEY,
                    &child(&self.path, key),
                    format!("unknown key `{key}`"),
                    Some(suggest(key, allowed)),
                );
            }
        }
    }

    /// The path of one of this object's keys.
    pub fn at(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// An optional key.
    pub fn opt(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// A required key, or a `missing_key` problem.
    pub fn req(&self, key: &str, p: &mut Problems) -> Option<&'v Value> {
        let found = self.opt(key);
        if found.is_none() {
            p.add(
                codes::MISSING_KEY,
                &self.at(key),
                format!("`{key}` is required here"),
                None,
            );
        }
        found
    }
}

/// "did you mean `x`?" when a candidate is close, else the list of valid keys.
pub(crate) fn suggest(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("expected one of: {}", candidates.join(", ")),
    }
}

/// The candidate within a small edit distance of `word` (or of its first letters), if any.
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let n = word.chars().count();
    let limit = if n <= 3 { 1 } else { (n / 3).clamp(2, 3) };
    candidates
        .iter()
        .map(|c| {
            // Comparing with the candidate's first letters catches `containz` for `contains_any`.
            let head: String = c.chars().take(n).collect();
            let d = edit_distance(word, c).min(edit_distance(word, &head) + 1);
            (d, *c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        let mut left = i + 1;
        let mut next = Vec::with_capacity(row.len());
        next.push(left);
        for (j, cb) in b.iter().enumerate() {
            let up = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let cost = usize::from(ca != *cb);
            left = (diagonal + cost).min(up + 1).min(left + 1);
            next.push(left);
            diagonal = up;
        }
        row = next;
    }
    row.last().copied().unwrap_or(0)
}

/// A string value with the length limit applied.
pub(crate) fn string<'v>(v: &'v Value, path: &str, p: &mut Problems) -> Option<&'v str> {
    match v {
        Value::String(s) if s.chars().count() > limits::MAX_STRING_CHARS => {
            p.add(
                codes::STRING_TOO_LONG,
                path,
                format!(
                    "this string has {} characters; the limit is {}",
                    s.chars().count(),
                    limits::MAX_STRING_CHARS
                ),
                None,
            );
            None
        }
        Value::String(s) => Some(s),
        other => {
            wrong_type(p, path, "a string", other);
            None
        }
    }
}

/// An identifier: 1–64 characters of `a-z A-Z 0-9 _ - .`.
pub(crate) fn identifier<'v>(v: &'v Value, path: &str, p: &mut Problems) -> Option<&'v str> {
    let s = string(v, path, p)?;
    let ok = !s.is_empty()
        && s.chars().count() <= limits::MAX_ID_CHARS
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    if ok {
        Some(s)
    } else {
        p.add(
            codes::BAD_ID,
            path,
            format!("`{s}` is not a valid identifier"),
            Some("use 1–64 characters of letters, digits, `_`, `-` or `.`".into()),
        );
        None
    }
}

/// A finite number.
pub(crate) fn number(v: &Value, path: &str, p: &mut Problems) -> Option<f64> {
    match v.as_f64() {
        Some(n) if n.is_finite() => Some(n),
        _ => {
            wrong_type(p, path, "a number", v);
            None
        }
    }
}

/// An array, with the list-length limit applied.
pub(crate) fn array<'v>(v: &'v Value, path: &str, p: &mut Problems) -> Option<&'v Vec<Value>> {
    match v {
        Value::Array(items) if items.len() > limits::MAX_LIST_LEN => {
            p.add(
                codes::LIST_TOO_LONG,
                path,
                format!(
                    "this list has {} entries; the limit is {}",
                    items.len(),
                    limits::MAX_LIST_LEN
                ),
                None,
            );
            None
        }
        Value::Array(items) => Some(items),
        other => {
            wrong_type(p, path, "an array", other);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names() {
        assert_eq!(
            closest("containz", &["contains_any", "equals"]),
            Some("contains_any")
        );
        assert_eq!(closest("lable", &["label", "id"]), Some("label"));
        assert_eq!(closest("zzz", &["label", "id"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// `"15"` and `"quinze"` for a number read differently (issue 17), the
    /// code stays `expected_type`.
    #[test]
    fn wrong_type_shows_the_value() {
        let mut p = Problems::default();
        let cases = [
            ("a number", Value::from("15")),
            ("a number", Value::from("quinze")),
            ("a string", Value::from(15)),
            ("a number", Value::from(true)),
            ("a number", Value::Array(vec![])),
        ];
        for (expected, got) in &cases {
            wrong_type(&mut p, "x", expected, got);
        }
        let shown: Vec<(&str, &str, Option<&str>)> =
            p.0.iter()
                .map(|q| (q.code, q.message.as_str(), q.hint.as_deref()))
                .collect();
        assert_eq!(
            shown,
            [
                (
                    "expected_type",
                    "expected a number, got the string \"15\"",
                    Some("write 15 without quotes")
                ),
                (
                    "expected_type",
                    "expected a number, got the string \"quinze\"",
                    Some("write the number in digits, without quotes (15, 2.5)")
                ),
                (
                    "expected_type",
                    "expected a string, got the number 15",
                    Some("write it in quotes: \"15\"")
                ),
                ("expected_type", "expected a number, got true", None),
                ("expected_type", "expected a number, got an array", None),
            ]
        );
    }
}
