//! Reads a model document's JSON text into a value, refusing what a plain
//! parse would let through silently: a key given twice in one object (a plain
//! parse keeps the last, so a second `"personas": []` would drop every persona
//! and the model would hash as if they had never been written). A UTF-8
//! byte-order mark before the document is accepted, as for leads.

use super::reader::{child, index};
use crate::error::{codes, Problem};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// The document's value, or every duplicate key (or the JSON syntax error).
pub(crate) fn read_document(text: &str) -> Result<Value, Vec<Problem>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut duplicates = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Node {
        path: String::new(),
        duplicates: &mut duplicates,
    };
    let parsed = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    match parsed {
        Err(e) => Err(vec![Problem {
            code: codes::INVALID_JSON,
            path: String::new(),
            message: format!("not valid JSON: {e}"),
            hint: Some("check for a missing comma, quote or bracket at that line".into()),
        }]),
        Ok(_) if !duplicates.is_empty() => Err(duplicates),
        Ok(value) => Ok(value),
    }
}

/// One value of the document, at `path`.
struct Node<'p> {
    path: String,
    duplicates: &'p mut Vec<Problem>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let node = Node {
                path: index(&self.path, items.len()),
                duplicates: &mut *self.duplicates,
            };
            match seq.next_element_seed(node)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = child(&self.path, &key);
            let node = Node {
                path: at.clone(),
                duplicates: &mut *self.duplicates,
            };
            let value = map.next_value_seed(node)?;
            if out.contains_key(&key) {
                self.duplicates.push(Problem {
                    code: codes::DUPLICATE_KEY,
                    path: at,
                    message: format!("the key `{key}` is given twice in one object"),
                    hint: Some(
                        "JSON readers keep only one of them (most the last): merge the two, \
                         or delete the one you did not mean"
                            .into(),
                    ),
                });
            } else {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }
}
