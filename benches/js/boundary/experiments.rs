//! Boundary alternatives, for measurement only: `scripts/bench-js --boundary`
//! copies the crate to a scratch directory, adds this file as
//! `src/wasm/experiments.rs` and builds that copy; releases never contain it.
//!
//! Each function scores one lead at a fixed `now` through a different way of
//! crossing the JS boundary, so benches/js/boundary.mjs can time them side by
//! side with the shipped `Engine::score` (a lead tape in, an f64 record out);
//! `tape_parts` splits the shipped call into reading the tape, scoring and
//! writing the record, to show what scoring itself costs of a call.

use crate::tape::Tape;
use crate::{compile, CompiledModel, ScoreBuffers, ScoreOptions, Timestamp, Value};
use serde::Serialize;
use std::borrow::Cow;
use wasm_bindgen::prelude::{wasm_bindgen, JsValue};
use wasm_bindgen::JsCast;

/// A compiled model scored through the alternative boundaries.
#[wasm_bindgen]
pub struct Experiments {
    model: Option<CompiledModel>,
    names: super::compact::Names,
    out: Vec<u8>,
    nums: Vec<f64>,
    /// The shipped engine's lead keys and scoring buffers, for the split of a call.
    keys: Vec<String>,
    buffers: ScoreBuffers,
}

fn options(now_ms: f64) -> ScoreOptions {
    ScoreOptions::at(Timestamp(now_ms as i64))
}

/// Reads a JS value into a lead value through js-sys, one call per property.
fn js_to_value(v: &JsValue, depth: usize) -> Value<'static> {
    if depth > 64 {
        Value::Null
    } else if let Some(s) = v.as_string() {
        Value::String(Cow::Owned(s))
    } else if let Some(n) = v.as_f64() {
        Value::Number(n)
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if js_sys::Array::is_array(v) {
        let items: &js_sys::Array = v.unchecked_ref();
        Value::Array(items.iter().map(|x| js_to_value(&x, depth + 1)).collect())
    } else if v.is_object() {
        let entries = js_sys::Object::entries(v.unchecked_ref());
        let pairs = entries.iter().map(|e| {
            let pair: js_sys::Array = e.unchecked_into();
            let key = pair.get(0).as_string().unwrap_or_default();
            (Cow::Owned(key), js_to_value(&pair.get(1), depth + 1))
        });
        Value::Object(pairs.collect())
    } else {
        Value::Null
    }
}

#[wasm_bindgen]
impl Experiments {
    /// Compiles model JSON text.
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Experiments {
        let model = compile(text).ok();
        let keys = model.as_ref().map(super::calls::lead_keys).unwrap_or_default();
        Experiments {
            model,
            names: super::compact::Names::default(),
            out: Vec::new(),
            nums: Vec::new(),
            keys,
            buffers: ScoreBuffers::new(),
        }
    }

    /// The lead keys the tape numbers (as `Engine::lead_keys`), one per line.
    pub fn lead_keys(&self) -> String {
        self.keys.join("\n")
    }

    /// The shipped call split in parts, on a lead tape written by tape.js:
    /// `part` 0 reads the tape into a lead value only, 1 also scores it
    /// (`score_with`, as `Engine::score`), 2 also writes the outcome record.
    pub fn tape_parts(&mut self, part: u8, tape: &[f64], bytes: &[u8], now_ms: f64) -> u32 {
        let (Some(model), Ok(text)) = (&self.model, std::str::from_utf8(bytes)) else {
            return 0;
        };
        let Ok(lead) = Tape::new(tape, text, &self.keys, 64).value(1) else {
            return 0;
        };
        if part == 0 {
            return match std::hint::black_box(&lead) {
                Value::Object(pairs) => pairs.len() as u32,
                _ => 0,
            };
        }
        let Ok(outcome) = model.score_with(&lead, &options(now_ms), &mut self.buffers) else {
            return 0;
        };
        if part == 1 {
            return outcome.reasons.len() as u32;
        }
        let mut defs = String::from("[");
        self.out.clear();
        self.nums.clear();
        let mut out = super::compact::Out {
            nums: &mut self.nums,
            defs: &mut defs,
            bytes: &mut self.out,
            input: text,
        };
        super::compact::write(&outcome, &mut self.names, &mut out);
        (self.nums.len() + self.out.len()) as u32
    }

    /// serde_json parse of the lead only.
    pub fn parse_only(&self, lead: &str) -> u32 {
        u32::from(serde_json::from_str::<Value>(lead).is_ok())
    }

    /// Parse and score, nothing returned: the core's own cost.
    pub fn parse_and_score(&self, lead: &str, now_ms: f64) -> u32 {
        let (Some(model), Ok(lead)) = (&self.model, serde_json::from_str::<Value>(lead)) else {
            return 0;
        };
        model
            .score(&lead, &options(now_ms))
            .map_or(0, |o| o.reasons.len() as u32)
    }

    /// Parse JSON text, score and write the record (f64s and strings' UTF-8), nothing returned.
    pub fn parse_score_compact(&mut self, lead: &str, now_ms: f64) -> u32 {
        let lead_text = lead;
        let (Some(model), Ok(lead)) = (&self.model, serde_json::from_str::<Value>(lead)) else {
            return 0;
        };
        let mut defs = String::from("[");
        self.out.clear();
        self.nums.clear();
        if let Ok(o) = model.score(&lead, &options(now_ms)) {
            let mut out = super::compact::Out {
                nums: &mut self.nums,
                defs: &mut defs,
                bytes: &mut self.out,
                input: lead_text,
            };
            super::compact::write(&o, &mut self.names, &mut out);
        }
        (self.nums.len() + self.out.len()) as u32
    }

    /// Parse, score and write the CLI's full JSON, nothing returned.
    pub fn parse_score_full_json(&self, lead: &str, now_ms: f64) -> u32 {
        let (Some(model), Ok(lead)) = (&self.model, serde_json::from_str::<Value>(lead)) else {
            return 0;
        };
        model
            .score(&lead, &options(now_ms))
            .map_or(0, |o| o.to_json().len() as u32)
    }

    /// JSON text in, the CLI's full outcome JSON out (`JSON.parse` in JS).
    pub fn json_full(&self, lead: &str, now_ms: f64) -> String {
        let (Some(model), Ok(lead)) = (&self.model, serde_json::from_str::<Value>(lead)) else {
            return String::new();
        };
        model
            .score(&lead, &options(now_ms))
            .map(|o| o.to_json())
            .unwrap_or_default()
    }

    /// JSON text in, a JS object out through serde-wasm-bindgen.
    pub fn json_in_swb_out(&self, lead: &str, now_ms: f64) -> JsValue {
        let (Some(model), Ok(lead)) = (&self.model, serde_json::from_str::<Value>(lead)) else {
            return JsValue::NULL;
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        model
            .score(&lead, &options(now_ms))
            .ok()
            .and_then(|o| o.serialize(&serializer).ok())
            .unwrap_or(JsValue::NULL)
    }

    /// A JS object in through serde-wasm-bindgen, the full JSON out.
    pub fn swb_in_json_out(&self, lead: JsValue, now_ms: f64) -> String {
        let de = serde_wasm_bindgen::Deserializer::from(lead);
        let (Some(model), Ok(lead)) = (&self.model, <Value as serde::Deserialize>::deserialize(de))
        else {
            return String::new();
        };
        model
            .score(&lead, &options(now_ms))
            .map(|o| o.to_json())
            .unwrap_or_default()
    }

    /// serde-wasm-bindgen both ways.
    pub fn swb_in_swb_out(&self, lead: JsValue, now_ms: f64) -> JsValue {
        let de = serde_wasm_bindgen::Deserializer::from(lead);
        let (Some(model), Ok(lead)) = (&self.model, <Value as serde::Deserialize>::deserialize(de))
        else {
            return JsValue::NULL;
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        model
            .score(&lead, &options(now_ms))
            .ok()
            .and_then(|o| o.serialize(&serializer).ok())
            .unwrap_or(JsValue::NULL)
    }

    /// Only the lead's keys the model reads, each fetched with `Reflect.get`; full JSON out.
    pub fn jsys_in_json_out(&self, lead: JsValue, keys: Vec<String>, now_ms: f64) -> String {
        let Some(model) = &self.model else {
            return String::new();
        };
        let mut pairs = Vec::new();
        for key in keys {
            let value = js_sys::Reflect::get(&lead, &JsValue::from_str(&key));
            if let Some(value) = value.ok().filter(|v| !v.is_undefined()) {
                pairs.push((Cow::Owned(key), js_to_value(&value, 1)));
            }
        }
        model
            .score(&Value::Object(pairs), &options(now_ms))
            .map(|o| o.to_json())
            .unwrap_or_default()
    }
}
