//! The outcome as a record of numbers the JS wrapper expands to the CLI's
//! outcome object, field for field.
//!
//! Names from the model (stage, rule, label, field, route, team) are sent
//! once per scorer (as JSON text) and then by number, and nothing else is
//! text: JS reads the records through a `Float64Array` over wasm memory,
//! with nothing to write or `JSON.parse` per call (docs/js.md, "Boundary").
//!
//! A record is a run of `f64`s: `stage, score, fit, engagement, grade (0–3
//! for A–D), persona, reason count`, per reason `rule, label, group (0 fit,
//! 1 engagement, 2 disqualify: `Group`'s discriminant, `GROUPS` in api.js),
//! points, field, value`; `next count`, per need `stage,
//! needs (0 then a name, or a string), has`; route `0`, or `1, rule, team,
//! respond_by (0 null, 7 then milliseconds since 1970 for years 0000–9999,
//! which JS writes as `toISOString` does without a `.000`, or a string)`;
//! then the warning count and each warning (a string). A name is its number
//! in the scorer's table, `-1` for `null`. A value is a kind and what it
//! needs: `0` null, `1 n` a number, `2` false, `3` true, `5 start end` a lead
//! string by the offsets of its UTF-8 in the input (JS hands back the string
//! it wrote there, see `crate::tape`), `6 g` a grade, `9 start end` a string
//! whose UTF-8 is in the output bytes, `10 n` an array of `n` values, `11 n`
//! an object of `n` pairs (a string key, then a value). Numbers are the
//! doubles `JSON.parse` reads from what the CLI writes, so every outcome
//! equals the CLI's JSON.

use crate::json_text::push_string;
use crate::lead::Value;
use crate::outcome::{Grade, Outcome, Shown};
use crate::points::Points;
use std::borrow::Cow;

/// Names already sent to JS, keyed by address: every `&'m str` of an outcome
/// borrows from the compiled model (or is static), which never changes while
/// the engine lives, so the same address always holds the same text.
#[derive(Default)]
pub struct Names {
    /// Open-addressing table of `(address, length, number)`; address 0 is empty
    /// (a reference is never null). At most half full.
    slots: Vec<(usize, usize, u32)>,
    count: u32,
}

impl Names {
    /// How many names JS has (or will have once it reads this call's `defs`).
    pub fn len(&self) -> u32 {
        self.count
    }

    /// Forgets names numbered `count` and above (their `defs` were never delivered).
    pub fn truncate(&mut self, count: u32) {
        let mut kept = Vec::new();
        for slot in &mut self.slots {
            if slot.0 != 0 && slot.2 < count {
                kept.push(*slot);
            }
            *slot = (0, 0, 0);
        }
        for (address, len, n) in kept {
            self.place(address, len, n);
        }
        self.count = count;
    }

    /// The number of `name`, appending it to `defs` (as a JSON string) when new.
    fn number(&mut self, name: &str, defs: &mut String) -> u32 {
        let (address, len) = (name.as_ptr() as usize, name.len());
        if let Some(n) = self.find(address, len) {
            return n;
        }
        if (self.count as usize + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            // Pushed one by one rather than `vec![…; n]`: that is two generic
            // functions more in lite (−0.2 KB), for a table that grows a few
            // times per scorer.
            let size = (old.len() * 2).max(64);
            self.slots.reserve_exact(size);
            for _ in 0..size {
                self.slots.push((0, 0, 0));
            }
            for (address, len, n) in old {
                if address != 0 {
                    self.place(address, len, n);
                }
            }
        }
        let n = self.count;
        self.place(address, len, n);
        self.count += 1;
        if defs.len() > 1 {
            defs.push(',');
        }
        push_string(defs, name);
        n
    }

    /// The slot to probe `i`-th for an address, starting at its hash (an
    /// index, not an iterator: `find` and `place` are plain loops, as an
    /// iterator adapter was a function of its own in the lite wasm).
    fn probe(&self, address: usize, i: usize) -> usize {
        let start = address.wrapping_mul(0x9E37_79B9) >> 4;
        start.wrapping_add(i) & self.slots.len().wrapping_sub(1)
    }

    fn find(&self, address: usize, len: usize) -> Option<u32> {
        for i in 0..self.slots.len() {
            match self.slots.get(self.probe(address, i)) {
                Some(&(a, l, n)) if a == address && l == len => return Some(n),
                Some(&(0, _, _)) | None => return None,
                Some(_) => {}
            }
        }
        None
    }

    fn place(&mut self, address: usize, len: usize, n: u32) {
        for i in 0..self.slots.len() {
            let at = self.probe(address, i);
            if let Some(slot) = self.slots.get_mut(at) {
                if slot.0 == 0 {
                    *slot = (address, len, n);
                    return;
                }
            }
        }
    }
}

/// What JS reads to build one outcome: numbers in wasm memory, the names
/// new in this call, and the UTF-8 of strings that are not lead strings.
pub struct Out<'a> {
    /// The records, read by JS through a `Float64Array` over wasm memory.
    pub nums: &'a mut Vec<f64>,
    /// New names, as JSON strings separated by commas.
    pub defs: &'a mut String,
    /// Strings computed by the core (warnings, `needs`, far deadlines).
    pub bytes: &'a mut Vec<u8>,
    /// The strings of the input's tape: a lead string borrowed from it is
    /// sent as its offsets, which JS maps back to the string it wrote.
    pub input: &'a str,
}

/// Value kinds in `nums` (each followed by its payload, see `compact`'s docs).
const NULL: f64 = 0.0;
const NUMBER: f64 = 1.0;
const FALSE: f64 = 2.0;
const TRUE: f64 = 3.0;
const LEAD_STRING: f64 = 5.0;
const GRADE: f64 = 6.0;
const TIME: f64 = 7.0;
const STRING: f64 = 9.0;
const ARRAY: f64 = 10.0;
const OBJECT: f64 = 11.0;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in milliseconds: the
/// years `Date.prototype.toISOString` writes with four digits, as the core does.
const FOUR_DIGIT_YEARS_MS: std::ops::RangeInclusive<i64> =
    -62_167_219_200_000..=253_402_300_799_999;

impl Out<'_> {
    fn name(&mut self, names: &mut Names, s: &str) {
        let n = names.number(s, self.defs);
        self.nums.push(f64::from(n));
    }

    fn opt_name(&mut self, names: &mut Names, s: Option<&str>) {
        match s {
            Some(s) => self.name(names, s),
            None => self.nums.push(-1.0),
        }
    }

    /// A string: by its offsets in the input when it borrows from it, else
    /// copied into the output bytes.
    fn string(&mut self, text: &str) {
        if let Some((start, end)) = self.slice(text) {
            self.nums.extend_from_slice(&[LEAD_STRING, start, end]);
            return;
        }
        let start = self.bytes.len() as f64;
        self.bytes.extend_from_slice(text.as_bytes());
        self.nums
            .extend_from_slice(&[STRING, start, self.bytes.len() as f64]);
    }

    /// A shown value: its kind, then what the kind needs.
    fn shown(&mut self, value: &Shown) {
        match value {
            Shown::Nothing => self.nums.push(NULL),
            Shown::Count(n) => self.nums.extend_from_slice(&[NUMBER, f64::from(*n)]),
            Shown::Points(p) => self.nums.extend_from_slice(&[NUMBER, points(*p)]),
            Shown::Grade(g) => self.nums.extend_from_slice(&[GRADE, grade(*g)]),
            Shown::Lead(v) => self.lead(v),
        }
    }

    /// A lead value, as `JSON.parse` reads what its `Serialize` impl writes.
    fn lead(&mut self, value: &Value) {
        match value {
            Value::Null => self.nums.push(NULL),
            Value::Bool(b) => self.nums.push(if *b { TRUE } else { FALSE }),
            // Integral doubles are written as integers (so -0 reads as 0);
            // other finite doubles as their shortest round-trip text.
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 => {
                self.nums.extend_from_slice(&[NUMBER, *n as i64 as f64]);
            }
            Value::Number(n) if n.is_finite() => self.nums.extend_from_slice(&[NUMBER, *n]),
            Value::Number(_) => self.nums.push(NULL),
            Value::String(text) => self.string(text),
            Value::Array(items) => {
                self.nums.extend_from_slice(&[ARRAY, items.len() as f64]);
                items.iter().for_each(|item| self.lead(item));
            }
            Value::Object(pairs) => {
                self.nums.extend_from_slice(&[OBJECT, pairs.len() as f64]);
                for (key, item) in pairs {
                    self.string(key);
                    self.lead(item);
                }
            }
        }
    }

    /// The offsets of `text` in the input's strings, if it borrows from them.
    fn slice(&self, text: &str) -> Option<(f64, f64)> {
        let start = (text.as_ptr() as usize).checked_sub(self.input.as_ptr() as usize)?;
        let end = start.checked_add(text.len())?;
        (end <= self.input.len()).then_some((start as f64, end as f64))
    }
}

/// Points as `Points` serializes them, as the number `JSON.parse` reads:
/// `as_f64` (hundredths / 100.0) is exact for whole points, as every total
/// is below 2^53 hundredths (1,000 rules of at most 10^8 hundredths, times
/// at most 1,000 events: `model::limits`).
fn points(p: Points) -> f64 {
    p.as_f64()
}

/// A grade as 0–3 for A–D: its discriminant (`Grade` is declared in that order).
fn grade(g: Grade) -> f64 {
    f64::from(g as u8)
}

/// Writes one record of `o`; new names go to `out.defs`.
pub fn write(o: &Outcome, names: &mut Names, out: &mut Out) {
    out.name(names, o.stage);
    out.nums.extend_from_slice(&[
        points(o.score),
        points(o.fit),
        points(o.engagement),
        grade(o.grade),
    ]);
    out.opt_name(names, o.persona);
    out.nums.push(o.reasons.len() as f64);
    for r in &o.reasons {
        out.name(names, r.rule);
        out.name(names, r.label);
        out.nums.extend_from_slice(&[
            // The group's number (`Group`'s discriminant).
            f64::from(r.group as u8),
            points(r.points),
        ]);
        out.opt_name(names, r.field);
        out.shown(&r.value);
    }
    out.nums.push(o.next.len() as f64);
    for need in &o.next {
        out.name(names, need.stage);
        match &need.needs {
            Cow::Borrowed(text) => {
                out.nums.push(0.0);
                out.name(names, text);
            }
            Cow::Owned(text) => out.string(text),
        }
        out.shown(&need.has);
    }
    match &o.route {
        Some(route) => {
            out.nums.push(1.0);
            out.name(names, route.rule);
            out.name(names, route.team);
            match route.respond_by {
                Some(t) if FOUR_DIGIT_YEARS_MS.contains(&t.0) => {
                    out.nums.extend_from_slice(&[TIME, t.0 as f64]);
                }
                Some(t) => out.string(&t.to_rfc3339()),
                None => out.nums.push(NULL),
            }
        }
        None => out.nums.push(0.0),
    }
    out.nums.push(o.warnings.len() as f64);
    for warning in &o.warnings {
        out.string(warning);
    }
}
