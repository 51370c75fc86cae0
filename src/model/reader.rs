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

/// Reports a type mismatch.
pub(crate) fn wrong_type(p: &mut Problems, path: &str, expected: &str, got: &Value) {
    p.add(
        codes::EXPECTED_TYPE,
        path,
        format!("expected {expected}, got {}", type_name(got)),
        None,
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
}
