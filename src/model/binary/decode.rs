//! Reads the binary form: the header, the string table and the model's
//! sections (rules, stages, routes and conditions are in `decode_rules.rs`). No serde, no formatting,
//! no compiler code: this is what a scorer-only build links.
//!
//! Errors are sticky rather than `?`-propagated (it keeps the scorer-only
//! wasm small): the first problem is recorded, every later read gives `0`,
//! an empty string or an empty list, and the half-read model is dropped at
//! the end. Reads happen in the same order as before the first problem, so
//! the error returned is the one an early return would give.

use super::{
    checksum, LoadError, CHECKSUM_BYTES, CORRUPT, DAMAGED, FORMAT_VERSION, MAGIC, MAX_HUNDREDTHS,
    NOT_A_MODEL, OTHER_VERSION, TOO_LARGE, TOO_MUCH_WORK,
};
use crate::keyword_set::KeywordSet;
use crate::lead::FieldPath;
use crate::model::{key_signature, KeyIndex, ScalarSet, Shared};
use crate::model::{
    CompiledModel, EmailExtensions, Engagement, GradeThresholds, ModelInfo, Persona,
};
use crate::points::Points;
use crate::value::FieldSpec;

/// Checks the header and checksum, then reads the model; every byte must be used.
pub(super) fn decode(bytes: &[u8]) -> Result<CompiledModel, LoadError> {
    decode_with_work(bytes).map(|(model, _)| model)
}

/// Like `decode`, with the model's work as counted while reading (see `model::work`).
pub(super) fn decode_with_work(bytes: &[u8]) -> Result<(CompiledModel, usize), LoadError> {
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
            .saturating_add(TEXT_BASE)
            .max(TEXT_FLOOR),
        fields: 0,
        specs: Vec::new(),
        leaves: 0,
        error: None,
        shared_args: Vec::new(),
        work: 0,
        work_factor: 1,
        leaf_seen: Vec::new(),
    };
    r.string_table();
    let model = r.model();
    if r.pos != body.len() {
        // Only a model with business hours has bytes after the email lists,
        // and `leadgate/lite` does not read them (`decode_hours.rs`).
        #[cfg(all(target_arch = "wasm32", not(feature = "wasm-compiler")))]
        r.fail(super::NEEDS_FULL);
        #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
        r.fail(CORRUPT);
    }
    match r.error {
        Some(e) => Err(e),
        None if r.work > crate::model::limits::MAX_WORK => Err(TOO_MUCH_WORK),
        None => Ok((model, r.work)),
    }
}

/// Text a model may hold per byte of its binary form, plus a fixed allowance,
/// and never less than [`TEXT_FLOOR`]: a string is stored once but copied
/// wherever it is used, so without a budget a few bytes of references could
/// make loading allocate gigabytes. Real models use a fraction of this (the
/// default model: about 2.5 per byte).
const TEXT_PER_BYTE: usize = 64;
/// See [`TEXT_PER_BYTE`].
const TEXT_BASE: usize = 1 << 16;
/// Text any model may hold, whatever its size: front coding stores a long
/// string that differs from the one before it by a byte or two in ~4 bytes,
/// so a valid model of 2,332 such 200-character entries (a 747 KB JSON
/// found by the `compile_large` fuzz target) compiles to 14 KB whose text is
/// ~70 times that. Any model within the language's limits (1 MiB of JSON;
/// keyword forms at most 8 per word) holds far less than this.
const TEXT_FLOOR: usize = 32 << 20;

/// Records `e` unless an earlier problem is already recorded.
#[cold]
#[inline(never)]
fn record(error: &mut Option<LoadError>, e: LoadError) {
    if error.is_none() {
        *error = Some(e);
    }
}

/// A cursor over the body, with the string table and the bounds indexes must respect.
pub(super) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// The string table: all strings in one buffer, and where each one is.
    text: Vec<u8>,
    spans: Vec<(usize, usize)>,
    /// Bytes of text still allowed (see [`TEXT_PER_BYTE`]).
    budget: usize,
    /// How many field slots the model has.
    pub fields: usize,
    /// Declared fields: slots, increasing, and how they are read.
    pub specs: Vec<(usize, FieldSpec)>,
    /// How many memoised leaves the model has.
    pub leaves: usize,
    /// The first problem met (see the module's documentation).
    error: Option<LoadError>,
    /// List arguments read so far, numbered for later leaves that name them.
    pub shared_args: Vec<SharedArg>,
    /// The model's work so far (`model::work`), counted as leaves are read.
    pub work: usize,
    /// What a leaf read now counts for: ×16 inside each event leaf.
    pub work_factor: usize,
    /// Memoised leaves already counted.
    pub leaf_seen: Vec<bool>,
}

/// A list argument several leaves share (see `Encoder::first_use`), by kind.
pub(super) enum SharedArg {
    Scalars(Shared<ScalarSet>),
    Texts(Shared<Vec<String>>),
    Domains(Shared<Vec<String>>),
    Keywords(Shared<KeywordSet>),
}

impl<'a> Reader<'a> {
    /// Records a problem unless an earlier one is already recorded.
    pub fn fail(&mut self, e: LoadError) {
        record(&mut self.error, e);
    }

    /// True when every byte of the body is read.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
    pub fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Records `CORRUPT` unless `ok`; returns `ok`.
    pub fn check(&mut self, ok: bool) -> bool {
        if !ok {
            self.fail(CORRUPT);
        }
        ok
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        match self.pos.checked_add(n).and_then(|end| {
            let out = self.bytes.get(self.pos..end)?;
            self.pos = end;
            Some(out)
        }) {
            Some(out) => out,
            None => {
                self.fail(CORRUPT);
                &[]
            }
        }
    }

    pub fn byte(&mut self) -> u8 {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                b
            }
            None => {
                self.fail(CORRUPT);
                0
            }
        }
    }

    /// Unsigned LEB128, at most 64 bits.
    pub fn varint(&mut self) -> u64 {
        let mut v: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte();
            let bits = u64::from(b & 0x7f);
            if !self.check(shift < 63 || (shift == 63 && bits <= 1)) {
                return 0;
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }

    pub fn usize(&mut self) -> usize {
        let v = self.varint();
        match usize::try_from(v) {
            Ok(v) => v,
            Err(_) => {
                self.fail(CORRUPT);
                0
            }
        }
    }

    /// A count of items that take at least a byte each: never more than the
    /// bytes left, and 0 once a problem is recorded.
    pub fn count(&mut self) -> usize {
        let n = self.usize();
        let left = self.bytes.len().saturating_sub(self.pos);
        if self.check(n <= left) && self.error.is_none() {
            n
        } else {
            0
        }
    }

    /// A count, then that many items read by `item`. A plain loop: `collect`
    /// instantiates two more functions per item type (~2.5 KB of the lite wasm).
    pub fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let n = self.count();
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self));
        }
        out
    }

    pub fn zigzag(&mut self) -> i64 {
        let v = self.varint();
        (v >> 1) as i64 ^ -((v & 1) as i64)
    }

    /// Points in the range a compiled model can hold; a cap (`max`) must not be negative.
    pub fn points(&mut self, cap: bool) -> Points {
        let v = self.zigzag();
        self.check(v.unsigned_abs() <= MAX_HUNDREDTHS && !(cap && v < 0));
        Points(v)
    }

    /// A finite `f64`, 8 bytes little-endian; a number of days (a half-life
    /// or a window) must also be above 0.
    pub fn f64(&mut self, days: bool) -> f64 {
        let mut raw = [0u8; 8];
        let bytes = self.take(8);
        if let Some(bytes) = bytes.first_chunk::<8>() {
            raw = *bytes;
        }
        let x = f64::from_le_bytes(raw);
        self.check(x.is_finite() && (!days || x > 0.0));
        x
    }

    /// A `0`/`1` presence byte.
    pub fn flag(&mut self) -> bool {
        let b = self.byte();
        self.check(b <= 1);
        b == 1
    }

    /// Takes `n` bytes of text from the budget.
    fn spend(&mut self, n: usize) -> bool {
        match self.budget.checked_sub(n) {
            Some(left) => {
                self.budget = left;
                true
            }
            None => {
                self.fail(TOO_LARGE);
                false
            }
        }
    }

    /// Each string: bytes shared with the previous one, then the rest's length
    /// and bytes, all into one buffer.
    fn string_table(&mut self) {
        let n = self.count();
        let mut text: Vec<u8> = Vec::new();
        let mut spans = Vec::with_capacity(n);
        let mut prev = (0, 0);
        for _ in 0..n {
            let shared = self.usize();
            let len = self.usize();
            let rest = self.take(len);
            let prefix_end = prev.0 + shared.min(prev.1 - prev.0);
            if !self.check(shared <= prev.1 - prev.0) || !self.spend(shared.saturating_add(len)) {
                break;
            }
            let start = text.len();
            // In bounds: `prev` lies in `text` and the prefix within `prev`.
            text.extend_from_within(prev.0..prefix_end);
            text.extend_from_slice(rest);
            prev = (start, text.len());
            spans.push(prev);
        }
        self.text = text;
        self.spans = spans;
    }

    /// String `i` of the table, checked as UTF-8 and counted against the
    /// budget (the caller copies it); `""` after a problem.
    pub fn str_at(&mut self, i: usize) -> &str {
        let Some(&(start, end)) = self.spans.get(i) else {
            self.fail(CORRUPT);
            return "";
        };
        if !self.spend(end - start) {
            return "";
        }
        match self.text.get(start..end).map(core::str::from_utf8) {
            Some(Ok(s)) => s,
            _ => {
                record(&mut self.error, CORRUPT);
                ""
            }
        }
    }

    pub fn str(&mut self) -> &str {
        let i = self.usize();
        self.str_at(i)
    }

    pub fn string(&mut self) -> String {
        self.str().to_owned()
    }

    /// `0` for none, else a string's index + 1.
    pub fn opt_string(&mut self) -> Option<String> {
        match self.usize() {
            0 => None,
            i => Some(self.str_at(i - 1).to_owned()),
        }
    }

    /// A count, then that many strings; with `sorted`, they must be strictly
    /// increasing (sorted and deduplicated for binary search).
    pub fn strings(&mut self, sorted: bool) -> Vec<String> {
        let out = self.list(Self::string);
        // Compared as `str` (no `Option<&String>` ordering routine in lite).
        let increasing = |w: &[String]| matches!(w, [a, b] if a.as_str() < b.as_str());
        self.check(!sorted || out.windows(2).all(increasing));
        out
    }

    /// A field slot of this model.
    pub fn slot(&mut self) -> usize {
        let slot = self.usize();
        self.check(slot < self.fields);
        slot
    }

    /// A `0`/`1` byte, then points.
    fn opt_points(&mut self, cap: bool) -> Option<Points> {
        self.flag().then(|| self.points(cap))
    }

    fn model(&mut self) -> CompiledModel {
        let info = ModelInfo {
            id: self.string(),
            version: self.string(),
            hash: self.string(),
        };
        let name = self.opt_string();
        let fields = self.list(|r| FieldPath::new(r.str()));
        self.fields = fields.len();
        let mut key_index: Vec<(u64, usize)> = Vec::with_capacity(fields.len());
        for _ in 0..fields.len() {
            let slot = self.slot();
            let hash = fields.get(slot).map_or(0, |path| key_signature(&path.full));
            let entry = (hash, slot);
            // Strictly increasing: slots sharing a signature together (see `KeyIndex`), every slot once.
            self.check(key_index.last().is_none_or(|last| *last < entry));
            key_index.push(entry);
        }
        // Declarations by slot (a slot declared twice, which no compiler
        // writes, reads as its first declaration).
        self.specs = self.list(|r| {
            let slot = r.slot();
            let spec = super::spec_of(r.usize());
            r.check(spec.is_some());
            (slot, spec.unwrap_or(FieldSpec::Boolean))
        });
        // Scoring allocates a byte per memoised leaf: each takes bytes here too.
        self.leaves = self.count();
        self.leaf_seen = vec![false; self.leaves];
        let personas = self.list(|r| Persona {
            id: r.string(),
            rules: r.rules(),
        });
        let fit_rules = self.rules();
        let grades = GradeThresholds {
            a: self.opt_points(false),
            b: self.opt_points(false),
            c: self.opt_points(false),
        };
        let engagement = Engagement {
            half_life_days: self.flag().then(|| self.f64(true)),
            max: self.opt_points(true),
            rules: self.rules(),
        };
        let stages = self.stages();
        let disqualifiers = self.disqualifiers();
        #[cfg_attr(
            all(target_arch = "wasm32", not(feature = "wasm-compiler")),
            allow(unused_mut)
        )]
        let mut routes = self.routes();
        let sla_millis = self.list(|r| r.flag().then(|| r.zigzag()));
        let email = EmailExtensions {
            free: self.strings(true),
            disposable: self.strings(true),
            role: self.strings(true),
        };
        // Teams with hours, if any (not read by `leadgate/lite`).
        #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
        let teams = self.teams(&mut routes);
        CompiledModel {
            info,
            name,
            fields,
            specs: std::mem::take(&mut self.specs),
            personas,
            fit_rules,
            grades,
            engagement,
            stages,
            disqualifiers,
            routes,
            sla_millis,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            teams,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
            warnings: Vec::new(),
            email,
            key_index: KeyIndex::from_sorted(key_index),
            leaf_count: self.leaves,
        }
    }
}
