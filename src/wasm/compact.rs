//! The outcome in a compact JSON form the JS wrapper expands to the CLI's
//! outcome object, field for field.
//!
//! Names from the model (stage, rule, label, field, route, team) are sent
//! once per scorer and then by number: an outcome of the reference model is
//! about 150 bytes instead of 1,000, which saves most of the time spent
//! writing, copying and `JSON.parse`-ing outcomes (docs/js.md, "Boundary").
//! Every value is still written by the core's own `Serialize` impls.
//!
//! One record is a run of `f64`s (JS reads them through a `Float64Array`,
//! with no text to write or parse): `stage, score, fit, engagement, grade
//! (0–3 for A–D), persona, reason count`, per reason `rule, label, group
//! (0 fit, 1 engagement), points, field, value`; `next count`, per need
//! `stage, needs (0 then a name, or 4: side), has`; route `0`, or `1, rule,
//! team, respond_by (0 null, 7 then milliseconds since 1970 for years
//! 0000–9999, which JS writes as `toISOString` does without a `.000`, or 4:
//! side)`; warnings `0` (none) or `4` (side).
//! A name is its number in the scorer's table, `-1` for `null`. A value is
//! a kind and what it needs: `0` null, `1 n` a number, `2` false, `3` true,
//! `4` the next value of the side JSON, `5 start end` a lead string by the
//! offsets of its UTF-8 in the input (JS hands back the string it wrote
//! there, see `crate::tape`), `6 g` a grade. Side values are what the
//! core's `Serialize` impls write, so every outcome equals the CLI's JSON.

use crate::lead::Value;
use crate::outcome::{Grade, Group, Outcome, Shown};
use crate::points::Points;
use serde::Serialize;
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
        let kept: Vec<_> = self
            .slots
            .iter()
            .filter(|s| s.0 != 0 && s.2 < count)
            .copied()
            .collect();
        self.slots.iter_mut().for_each(|s| *s = (0, 0, 0));
        for (address, len, n) in kept {
            self.place(address, len, n);
        }
        self.count = count;
    }

    /// The number of `name`, appending it to `defs` (as a JSON string) when new.
    fn number(&mut self, name: &str, defs: &mut Vec<u8>) -> u32 {
        let (address, len) = (name.as_ptr() as usize, name.len());
        if let Some(n) = self.find(address, len) {
            return n;
        }
        if (self.count as usize + 1) * 2 > self.slots.len() {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![(0, 0, 0); (old.len() * 2).max(64)];
            for (address, len, n) in old.into_iter().filter(|s| s.0 != 0) {
                self.place(address, len, n);
            }
        }
        let n = self.count;
        self.place(address, len, n);
        self.count += 1;
        if defs.len() > 1 {
            defs.push(b',');
        }
        json(defs, name);
        n
    }

    /// Slot indexes to probe for an address, starting at its hash.
    fn probe(&self, address: usize) -> impl Iterator<Item = usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let start = address.wrapping_mul(0x9E37_79B9) >> 4;
        (0..self.slots.len()).map(move |i| start.wrapping_add(i) & mask)
    }

    fn find(&self, address: usize, len: usize) -> Option<u32> {
        for i in self.probe(address) {
            match self.slots.get(i) {
                Some(&(a, l, n)) if a == address && l == len => return Some(n),
                Some(&(0, _, _)) | None => return None,
                Some(_) => {}
            }
        }
        None
    }

    fn place(&mut self, address: usize, len: usize, n: u32) {
        let free = self
            .probe(address)
            .find(|&i| self.slots.get(i).is_some_and(|s| s.0 == 0));
        if let Some(slot) = free.and_then(|i| self.slots.get_mut(i)) {
            *slot = (address, len, n);
        }
    }
}

/// What JS reads to build one outcome: numbers in wasm memory, plus the
/// names new in this call and the values that are not numbers (`side`).
pub struct Out<'a> {
    /// The records, read by JS through a `Float64Array` over wasm memory.
    pub nums: &'a mut Vec<f64>,
    /// New names, as JSON strings separated by commas.
    pub defs: &'a mut Vec<u8>,
    /// Values JS cannot read from `nums`, as JSON separated by commas.
    pub side: &'a mut Vec<u8>,
    /// The strings of the input's tape: a lead string borrowed from it is
    /// sent as its offsets, which JS maps back to the string it wrote.
    pub input: Option<&'a str>,
}

/// Value kinds in `nums` (each followed by its payload, see `compact`'s docs).
const NULL: f64 = 0.0;
const NUMBER: f64 = 1.0;
const FALSE: f64 = 2.0;
const TRUE: f64 = 3.0;
const SIDE: f64 = 4.0;
const SLICE: f64 = 5.0;
const GRADE: f64 = 6.0;
const TIME: f64 = 7.0;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in milliseconds: the
/// years `Date.prototype.toISOString` writes with four digits, as the core does.
const FOUR_DIGIT_YEARS_MS: std::ops::RangeInclusive<i64> =
    -62_167_219_200_000..=253_402_300_799_999;

impl Out<'_> {
    /// Appends `value` as JSON to `side` (the next side value JS reads).
    fn side<T: Serialize + ?Sized>(&mut self, value: &T) {
        if !self.side.is_empty() {
            self.side.push(b',');
        }
        json(self.side, value);
    }

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

    /// A lead value, read by JS exactly as `JSON.parse` reads what its
    /// `Serialize` impl writes.
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
            Value::String(Cow::Borrowed(text)) => match self.slice(text) {
                Some((start, end)) => self.nums.extend_from_slice(&[SLICE, start, end]),
                None => {
                    self.nums.push(SIDE);
                    self.side(value);
                }
            },
            _ => {
                self.nums.push(SIDE);
                self.side(value);
            }
        }
    }

    /// The offsets of `text` in the input's strings, if it borrows from them.
    fn slice(&self, text: &str) -> Option<(f64, f64)> {
        let input = self.input?;
        let start = (text.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
        let end = start.checked_add(text.len())?;
        (end <= input.len()).then_some((start as f64, end as f64))
    }
}

/// Points as `Points` serializes them, as the number `JSON.parse` reads.
fn points(p: Points) -> f64 {
    if p.0 % 100 == 0 {
        (p.0 / 100) as f64
    } else {
        p.as_f64()
    }
}

fn grade(g: Grade) -> f64 {
    match g {
        Grade::A => 0.0,
        Grade::B => 1.0,
        Grade::C => 2.0,
        Grade::D => 3.0,
    }
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
            match r.group {
                Group::Fit => 0.0,
                Group::Engagement => 1.0,
            },
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
            Cow::Owned(text) => {
                out.nums.push(SIDE);
                out.side(text);
            }
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
                Some(t) => {
                    out.nums.push(SIDE);
                    out.side(&t.to_rfc3339());
                }
                None => out.nums.push(NULL),
            }
        }
        None => out.nums.push(0.0),
    }
    if o.warnings.is_empty() {
        out.nums.push(0.0);
    } else {
        out.nums.push(SIDE);
        out.side(&o.warnings);
    }
}

/// Appends `value` as JSON (writing to memory cannot fail).
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(out, value);
}
