//! EXPERIMENT: boundary alternatives.
#![allow(missing_docs)]

use crate::error::codes;
use crate::{compile, CompiledModel, ScoreOptions, Timestamp, Value};
use std::borrow::Cow;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
pub struct Engine {
    model: Option<CompiledModel>,
    errors: String,
}

fn err(code: &str, message: &str) -> String {
    let mut out = String::from("!");
    out.push_str(&serde_json::to_string(&(code, message)).unwrap_or_default());
    out
}

fn now_of(now_ms: f64) -> Option<Timestamp> {
    (now_ms.is_finite() && now_ms.abs() <= 8.64e15).then(|| Timestamp(now_ms as i64))
}

#[wasm_bindgen]
impl Engine {
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Engine {
        match compile(text) {
            Ok(model) => Engine {
                model: Some(model),
                errors: String::new(),
            },
            Err(e) => Engine {
                model: None,
                errors: serde_json::to_string(&e.0).unwrap_or_default(),
            },
        }
    }

    pub fn errors(&self) -> String {
        self.errors.clone()
    }

    /// JSON in, JSON out.
    pub fn score_json(&self, lead: &str, now_ms: f64) -> String {
        let Some(model) = &self.model else {
            return err("invalid_model", "no model");
        };
        let Some(now) = now_of(now_ms) else {
            return err(codes::BAD_TIMESTAMP, "bad now");
        };
        let lead: Value = match serde_json::from_str(lead) {
            Ok(v) => v,
            Err(e) => return err(codes::BAD_LEAD_JSON, &e.to_string()),
        };
        match model.score(&lead, &ScoreOptions::at(now)) {
            Ok(o) => serde_json::to_string(&o).unwrap_or_default(),
            Err(e) => err(e.code, &e.message),
        }
    }

    /// JSON in, serde-wasm-bindgen object out.
    pub fn score_json_obj(&self, lead: &str, now_ms: f64) -> JsValue {
        let Some(model) = &self.model else {
            return JsValue::NULL;
        };
        let Some(now) = now_of(now_ms) else {
            return JsValue::NULL;
        };
        let Ok(lead) = serde_json::from_str::<Value>(lead) else {
            return JsValue::NULL;
        };
        match model.score(&lead, &ScoreOptions::at(now)) {
            Ok(o) => o
                .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .unwrap_or(JsValue::NULL),
            Err(_) => JsValue::NULL,
        }
    }

    /// serde-wasm-bindgen in, JSON out.
    pub fn score_swb(&self, lead: JsValue, now_ms: f64) -> String {
        let Some(model) = &self.model else {
            return err("invalid_model", "no model");
        };
        let Some(now) = now_of(now_ms) else {
            return err(codes::BAD_TIMESTAMP, "bad now");
        };
        let lead: Value<'static> =
            match serde::Deserialize::deserialize(serde_wasm_bindgen::Deserializer::from(lead)) {
                Ok(v) => v,
                Err(e) => return err(codes::BAD_LEAD_JSON, &e.to_string()),
            };
        match model.score(&lead, &ScoreOptions::at(now)) {
            Ok(o) => serde_json::to_string(&o).unwrap_or_default(),
            Err(e) => err(e.code, &e.message),
        }
    }

    /// serde-wasm-bindgen in and out.
    pub fn score_swb_obj(&self, lead: JsValue, now_ms: f64) -> JsValue {
        let Some(model) = &self.model else {
            return JsValue::NULL;
        };
        let Some(now) = now_of(now_ms) else {
            return JsValue::NULL;
        };
        let Ok(lead) = serde::Deserialize::deserialize(serde_wasm_bindgen::Deserializer::from(lead))
        else {
            return JsValue::NULL;
        };
        let lead: Value<'static> = lead;
        match model.score(&lead, &ScoreOptions::at(now)) {
            Ok(o) => o
                .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
                .unwrap_or(JsValue::NULL),
            Err(_) => JsValue::NULL,
        }
    }

    /// js-sys: read only the model's top-level keys, then JSON out.
    pub fn score_jsys(&self, lead: JsValue, now_ms: f64) -> String {
        let Some(model) = &self.model else {
            return err("invalid_model", "no model");
        };
        let Some(now) = now_of(now_ms) else {
            return err(codes::BAD_TIMESTAMP, "bad now");
        };
        let mut keys: Vec<&str> = vec!["events", "previous_stage"];
        for f in &model.fields {
            keys.push(&f.full);
            if let Some(s) = f.segments.first() {
                keys.push(s);
            }
        }
        let mut pairs = Vec::new();
        for k in keys {
            let key = JsValue::from_str(k);
            let v = js_sys::Reflect::get(&lead, &key).unwrap_or(JsValue::UNDEFINED);
            if v.is_undefined() {
                continue;
            }
            pairs.push((Cow::Owned(k.to_string()), js_to_value(&v, 0)));
        }
        let lead = Value::Object(pairs);
        match model.score(&lead, &ScoreOptions::at(now)) {
            Ok(o) => serde_json::to_string(&o).unwrap_or_default(),
            Err(e) => err(e.code, &e.message),
        }
    }

    /// Score only (input parse + core), output discarded: the floor.
    pub fn core_only(&self, lead: &str, now_ms: f64) -> u32 {
        let (Some(model), Some(now)) = (&self.model, now_of(now_ms)) else {
            return 0;
        };
        let Ok(lead) = serde_json::from_str::<Value>(lead) else {
            return 0;
        };
        model
            .score(&lead, &ScoreOptions::at(now))
            .map_or(0, |o| o.reasons.len() as u32)
    }

    /// Parse only.
    pub fn parse_only(&self, lead: &str) -> u32 {
        serde_json::from_str::<Value>(lead).map_or(0, |_| 1)
    }

    /// scoreMany, JSON array in, JSON array out.
    pub fn score_many_json(&self, leads: &str, now_ms: f64) -> String {
        let (Some(model), Some(now)) = (&self.model, now_of(now_ms)) else {
            return err("x", "x");
        };
        let Ok(leads) = serde_json::from_str::<Vec<Value>>(leads) else {
            return err("x", "x");
        };
        let opts = ScoreOptions::at(now);
        let mut out = String::from("[");
        for (i, lead) in leads.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match model.score(lead, &opts) {
                Ok(o) => {
                    let mut buf = std::mem::take(&mut out).into_bytes();
                    let _ = serde_json::to_writer(&mut buf, &o);
                    out = String::from_utf8(buf).unwrap_or_default();
                }
                Err(_) => out.push_str("null"),
            }
        }
        out.push(']');
        out
    }
}

use serde::Serialize;

fn js_to_value(v: &JsValue, depth: usize) -> Value<'static> {
    if depth > 64 {
        return Value::Null;
    }
    if let Some(s) = v.as_string() {
        return Value::String(Cow::Owned(s));
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if v.is_null() || v.is_undefined() {
        return Value::Null;
    }
    if js_sys::Array::is_array(v) {
        let arr: &js_sys::Array = v.unchecked_ref();
        return Value::Array(arr.iter().map(|x| js_to_value(&x, depth + 1)).collect());
    }
    if v.is_object() {
        let entries = js_sys::Object::entries(v.unchecked_ref());
        let mut pairs = Vec::new();
        for e in entries.iter() {
            let e: js_sys::Array = e.unchecked_into();
            let k = e.get(0).as_string().unwrap_or_default();
            pairs.push((Cow::Owned(k), js_to_value(&e.get(1), depth + 1)));
        }
        return Value::Object(pairs);
    }
    Value::Null
}
