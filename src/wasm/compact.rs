//! The outcome in a compact JSON form the JS wrapper expands to the CLI's
//! outcome object, field for field.
//!
//! Names from the model (stage, rule, label, field, route, team) are sent
//! once per scorer and then by number: an outcome of the reference model is
//! about 150 bytes instead of 1,000, which saves most of the time spent
//! writing, copying and `JSON.parse`-ing outcomes (docs/js.md, "Boundary").
//! Every value is still written by the core's own `Serialize` impls.
//!
//! One record: `[stage, score, fit, engagement, grade, persona, reasons,
//! next, route, warnings]` with
//! reasons `[[rule, label, group (0 fit, 1 engagement), points, field, value]…]`,
//! next `[[stage, needs, has]…]`, route `null` or `[rule, team, respond_by]`.
//! A name is its number in the scorer's table, `-1` for `null`; `needs` is a
//! number or, when computed for this lead, the text itself.

use crate::lead::Value;
use crate::outcome::{Group, Outcome, Shown};
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

/// Writes one compact record of `o` to `out`; new names go to `defs`.
pub fn write(o: &Outcome, names: &mut Names, out: &mut Vec<u8>, defs: &mut Vec<u8>) {
    let mut name = |s: &str, out: &mut Vec<u8>| {
        let n = names.number(s, defs);
        int(out, i64::from(n));
    };
    out.push(b'[');
    name(o.stage, out);
    for p in [o.score, o.fit, o.engagement] {
        out.push(b',');
        points(out, p);
    }
    out.push(b',');
    json(out, &o.grade);
    out.push(b',');
    match o.persona {
        Some(p) => name(p, out),
        None => int(out, -1),
    }
    out.extend_from_slice(b",[");
    for (i, r) in o.reasons.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
        name(r.rule, out);
        out.push(b',');
        name(r.label, out);
        out.extend_from_slice(match r.group {
            Group::Fit => b",0,",
            Group::Engagement => b",1,",
        });
        points(out, r.points);
        out.push(b',');
        match r.field {
            Some(f) => name(f, out),
            None => int(out, -1),
        }
        out.push(b',');
        shown(out, &r.value);
        out.push(b']');
    }
    out.extend_from_slice(b"],[");
    for (i, need) in o.next.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
        name(need.stage, out);
        out.push(b',');
        match &need.needs {
            Cow::Borrowed(text) => name(text, out),
            Cow::Owned(text) => json(out, text),
        }
        out.push(b',');
        shown(out, &need.has);
        out.push(b']');
    }
    out.extend_from_slice(b"],");
    match &o.route {
        Some(route) => {
            out.push(b'[');
            name(route.rule, out);
            out.push(b',');
            name(route.team, out);
            out.push(b',');
            match route.respond_by {
                Some(t) => json(out, &t.to_rfc3339()),
                None => out.extend_from_slice(b"null"),
            }
            out.push(b']');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b',');
    json(out, &o.warnings);
    out.push(b']');
}

/// Appends points as `Points` serializes them; whole points (the usual case)
/// without a trip through serde_json.
fn points(out: &mut Vec<u8>, p: Points) {
    if p.0 % 100 == 0 {
        int(out, p.0 / 100);
    } else {
        json(out, &p);
    }
}

/// Appends a shown value as `Shown` serializes it, with fast paths for the
/// common scalars (the same text serde_json writes for them).
fn shown(out: &mut Vec<u8>, value: &Shown) {
    match value {
        Shown::Nothing | Shown::Lead(Value::Null) => out.extend_from_slice(b"null"),
        Shown::Count(n) => int(out, i64::from(*n)),
        Shown::Lead(Value::Bool(b)) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        other => json(out, other),
    }
}

/// Appends `value` as JSON (writing to memory cannot fail).
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    let _ = serde_json::to_writer(out, value);
}

/// Appends an integer without the formatting machinery.
fn int(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    let mut digits = [0u8; 20];
    let mut rest = n.unsigned_abs();
    let mut start = digits.len();
    loop {
        start -= 1;
        if let Some(d) = digits.get_mut(start) {
            *d = b'0' + (rest % 10) as u8;
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    out.extend_from_slice(digits.get(start..).unwrap_or_default());
}
