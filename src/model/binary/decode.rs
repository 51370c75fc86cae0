//! Reads the binary form: the header, the string table and the model's
//! sections (rules, stages, routes and conditions are in `decode_rules.rs`). No serde, no formatting,
//! no compiler code: this is what a scorer-only build links.

use super::{
    checksum, LoadError, CHECKSUM_BYTES, CORRUPT, DAMAGED, FORMAT_VERSION, MAGIC, MAX_HUNDREDTHS,
    NOT_A_MODEL, OTHER_VERSION, TOO_LARGE,
};
use crate::keyword_set::word_hash;
use crate::lead::FieldPath;
use crate::model::{
    CompiledModel, EmailExtensions, Engagement, GradeThresholds, ModelInfo, Persona,
};
use crate::points::Points;

/// A result of reading.
pub(super) type Res<T> = Result<T, LoadError>;

/// Checks the header and checksum, then reads the model; every byte must be used.
pub(super) fn decode(bytes: &[u8]) -> Res<CompiledModel> {
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(NOT_A_MODEL)?;
    let (&version, rest) = rest.split_first().ok_or(NOT_A_MODEL)?;
    if version != FORMAT_VERSION {
        return Err(OTHER_VERSION);
    }
    let sealed_len = bytes.len().checked_sub(CHECKSUM_BYTES).ok_or(DAMAGED)?;
    let (sealed, sum) = bytes.split_at_checked(sealed_len).ok_or(DAMAGED)?;
    let body = sealed.get(bytes.len() - rest.len()..).ok_or(DAMAGED)?;
    if checksum(sealed).to_le_bytes().as_slice() != sum {
        return Err(DAMAGED);
    }
    let mut r = Reader {
        bytes: body,
        pos: 0,
        text: Vec::new(),
        spans: Vec::new(),
        budget: body
            .len()
            .saturating_mul(TEXT_PER_BYTE)
            .saturating_add(TEXT_BASE),
        fields: 0,
        leaves: 0,
    };
    r.string_table()?;
    let model = r.model()?;
    if r.pos != body.len() {
        return Err(CORRUPT);
    }
    Ok(model)
}

/// Text a model may hold per byte of its binary form, plus a fixed allowance:
/// a string is stored once but copied wherever it is used, so without a budget
/// a few bytes of references could make loading allocate gigabytes. Real
/// models use a fraction of this (the default model: about 2.5 per byte).
const TEXT_PER_BYTE: usize = 64;
/// See [`TEXT_PER_BYTE`].
const TEXT_BASE: usize = 1 << 16;

/// A cursor over the body, with the string table and the bounds indexes must respect.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The string table: all strings in one buffer, and where each one is.
    text: Vec<u8>,
    spans: Vec<core::ops::Range<usize>>,
    /// Bytes of text still allowed (see [`TEXT_PER_BYTE`]).
    budget: usize,
    /// How many field slots the model has.
    pub fields: usize,
    /// How many memoised leaves the model has.
    pub leaves: usize,
}

impl<'a> Reader<'a> {
    fn left(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or(CORRUPT)?;
        let out = self.bytes.get(self.pos..end).ok_or(CORRUPT)?;
        self.pos = end;
        Ok(out)
    }

    pub fn byte(&mut self) -> Res<u8> {
        let b = *self.bytes.get(self.pos).ok_or(CORRUPT)?;
        self.pos += 1;
        Ok(b)
    }

    /// Unsigned LEB128, at most 64 bits.
    pub fn varint(&mut self) -> Res<u64> {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift > 63 || (shift == 63 && bits > 1) {
                return Err(CORRUPT);
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }

    pub fn usize(&mut self) -> Res<usize> {
        usize::try_from(self.varint()?).map_err(|_| CORRUPT)
    }

    /// A count of items that take at least a byte each: never more than the bytes left.
    pub fn count(&mut self) -> Res<usize> {
        let n = self.usize()?;
        if n > self.left() {
            return Err(CORRUPT);
        }
        Ok(n)
    }

    pub fn zigzag(&mut self) -> Res<i64> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    /// Points in the range a compiled model can hold.
    pub fn points(&mut self) -> Res<Points> {
        let v = self.zigzag()?;
        if v.unsigned_abs() > MAX_HUNDREDTHS {
            return Err(CORRUPT);
        }
        Ok(Points(v))
    }

    /// A cap (`max`): points of 0 or more.
    pub fn cap(&mut self) -> Res<Points> {
        let p = self.points()?;
        if p.0 < 0 {
            return Err(CORRUPT);
        }
        Ok(p)
    }

    /// A number of days above 0 (a half-life or a window).
    pub fn days(&mut self) -> Res<f64> {
        let d = self.f64()?;
        if d > 0.0 {
            Ok(d)
        } else {
            Err(CORRUPT)
        }
    }

    /// A finite `f64`, 8 bytes little-endian.
    pub fn f64(&mut self) -> Res<f64> {
        let raw: [u8; 8] = self.take(8)?.try_into().map_err(|_| CORRUPT)?;
        let x = f64::from_le_bytes(raw);
        if x.is_finite() {
            Ok(x)
        } else {
            Err(CORRUPT)
        }
    }

    /// A `0`/`1` presence byte.
    pub fn flag(&mut self) -> Res<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(CORRUPT),
        }
    }

    /// Takes `n` bytes of text from the budget.
    fn spend(&mut self, n: usize) -> Res<()> {
        self.budget = self.budget.checked_sub(n).ok_or(TOO_LARGE)?;
        Ok(())
    }

    /// Each string: bytes shared with the previous one, then the rest's length
    /// and bytes, all into one buffer.
    fn string_table(&mut self) -> Res<()> {
        let n = self.count()?;
        let mut text: Vec<u8> = Vec::new();
        let mut spans = Vec::with_capacity(n);
        let mut prev: core::ops::Range<usize> = 0..0;
        for _ in 0..n {
            let shared = self.usize()?;
            let len = self.usize()?;
            let rest = self.take(len)?;
            let prefix_end = prev.start.checked_add(shared).ok_or(CORRUPT)?;
            if prefix_end > prev.end {
                return Err(CORRUPT);
            }
            self.spend(shared.saturating_add(len))?;
            let start = text.len();
            // In bounds: `prev` lies in `text` and the prefix within `prev`.
            text.extend_from_within(prev.start..prefix_end);
            text.extend_from_slice(rest);
            prev = start..text.len();
            spans.push(prev.clone());
        }
        self.text = text;
        self.spans = spans;
        Ok(())
    }

    /// String `i` of the table, checked as UTF-8 and counted against the
    /// budget (the caller copies it).
    pub fn str_at(&mut self, i: usize) -> Res<&str> {
        let span = self.spans.get(i).ok_or(CORRUPT)?;
        self.budget = self.budget.checked_sub(span.len()).ok_or(TOO_LARGE)?;
        let bytes = self.text.get(span.clone()).ok_or(CORRUPT)?;
        core::str::from_utf8(bytes).map_err(|_| CORRUPT)
    }

    pub fn str(&mut self) -> Res<&str> {
        let i = self.usize()?;
        self.str_at(i)
    }

    pub fn string(&mut self) -> Res<String> {
        self.str().map(str::to_owned)
    }

    /// `0` for none, else a string's index + 1.
    pub fn opt_string(&mut self) -> Res<Option<String>> {
        match self.usize()? {
            0 => Ok(None),
            i => self.str_at(i - 1).map(|s| Some(s.to_owned())),
        }
    }

    /// A count, then that many strings.
    pub fn strings(&mut self) -> Res<Vec<String>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    /// Strings that must be strictly increasing (they were sorted and deduplicated for binary search).
    pub fn sorted_strings(&mut self) -> Res<Vec<String>> {
        let out = self.strings()?;
        if out.iter().zip(out.iter().skip(1)).any(|(a, b)| a >= b) {
            return Err(CORRUPT);
        }
        Ok(out)
    }

    /// A field slot of this model.
    pub fn slot(&mut self) -> Res<usize> {
        let slot = self.usize()?;
        if slot < self.fields {
            Ok(slot)
        } else {
            Err(CORRUPT)
        }
    }

    fn opt_points(&mut self) -> Res<Option<Points>> {
        Ok(if self.flag()? {
            Some(self.points()?)
        } else {
            None
        })
    }

    fn model(&mut self) -> Res<CompiledModel> {
        let info = ModelInfo {
            id: self.string()?,
            version: self.string()?,
            hash: self.string()?,
        };
        let name = self.opt_string()?;
        let n = self.count()?;
        let mut fields = Vec::with_capacity(n);
        for _ in 0..n {
            fields.push(FieldPath::new(self.str()?));
        }
        self.fields = n;
        let mut key_index: Vec<(u64, usize)> = Vec::with_capacity(n);
        for _ in 0..n {
            let slot = self.slot()?;
            let path = fields.get(slot).ok_or(CORRUPT)?;
            let entry = (word_hash(&path.full), slot);
            // Strictly increasing: sorted for binary search, and every slot exactly once.
            if key_index.last().is_some_and(|last| *last >= entry) {
                return Err(CORRUPT);
            }
            key_index.push(entry);
        }
        // Scoring allocates a byte per memoised leaf: each takes bytes here too.
        self.leaves = self.count()?;
        let n = self.count()?;
        let mut personas = Vec::with_capacity(n);
        for _ in 0..n {
            let id = self.string()?;
            personas.push(Persona {
                id,
                rules: self.rules()?,
            });
        }
        let fit_rules = self.rules()?;
        let grades = GradeThresholds {
            a: self.opt_points()?,
            b: self.opt_points()?,
            c: self.opt_points()?,
        };
        let half_life_days = if self.flag()? {
            Some(self.days()?)
        } else {
            None
        };
        let max = if self.flag()? {
            Some(self.cap()?)
        } else {
            None
        };
        let engagement = Engagement {
            half_life_days,
            max,
            rules: self.rules()?,
        };
        let stages = self.stages()?;
        let routes = self.routes()?;
        let n = self.count()?;
        let mut sla_millis = Vec::with_capacity(n);
        for _ in 0..n {
            sla_millis.push(if self.flag()? {
                Some(self.zigzag()?)
            } else {
                None
            });
        }
        let email = EmailExtensions {
            free: self.sorted_strings()?,
            disposable: self.sorted_strings()?,
            role: self.sorted_strings()?,
        };
        Ok(CompiledModel {
            info,
            name,
            fields,
            personas,
            fit_rules,
            grades,
            engagement,
            stages,
            routes,
            sla_millis,
            email,
            key_index,
            leaf_count: self.leaves,
        })
    }
}
