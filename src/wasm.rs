//! The JavaScript boundary: the only code that knows about wasm-bindgen
//! (the full builds; `leadgate/lite` exports the same engine without it, see
//! `exports`).
//!
//! Leads cross packed (`crate::tape`: only the keys the model reads, as a
//! tape of `f64`s and their strings' UTF-8, copied into wasm memory by JS)
//! and outcomes come back as records of `f64`s in wasm memory that the JS
//! wrapper expands to the CLI's outcome, field for field (see `compact`).
//! Measured against JSON text, serde-wasm-bindgen objects, js-sys field
//! reads, the CLI's full JSON and compact JSON records, this was the fastest
//! way in and out (docs/js.md, "Boundary"). Errors never throw from Rust: a call that fails returns 0
//! and leaves `!` followed by `{"code", "message"}` JSON in
//! [`Engine::text`], which the JS wrapper turns into a `LeadgateError`.
//!
//! With the cargo feature `report-wasm`, `report` adds the report page's
//! exports (`www/report.html`, built by `scripts/build-report-page`).

/// The lite build's allocator; the full build keeps std's dlmalloc.
#[cfg(not(any(feature = "wasm-compiler", target_feature = "atomics")))]
mod alloc;
mod calls;
mod compact;
/// The lite build's exports, without wasm-bindgen.
#[cfg(not(feature = "wasm-compiler"))]
mod exports;
/// `withinHours` / `addBusinessTime` (full builds only).
#[cfg(feature = "wasm-compiler")]
mod hours;
#[cfg(feature = "report-wasm")]
mod report;
#[cfg(feature = "report-wasm")]
mod tune;

use crate::error::codes;
use crate::json_text::push_string;
use crate::tape::{Tape, TapeError};
use crate::{CompiledModel, ScoreBuffers, ScoreOptions, Timestamp};
use calls::{error_json, lead_keys, option_texts};
use compact::Names;
#[cfg(feature = "wasm-compiler")]
use wasm_bindgen::prelude::wasm_bindgen;

/// Deepest nesting of arrays and objects accepted in a lead.
const MAX_LEAD_DEPTH: usize = 64;

/// The largest `Date` magnitude in JavaScript: ±100,000,000 days in milliseconds.
const MAX_JS_DATE_MS: f64 = 8.64e15;

/// Marks a result as an error rather than an outcome.
const ERROR_MARK: u8 = b'!';

/// A compiled model, or the problems that kept it from compiling.
#[cfg_attr(feature = "wasm-compiler", wasm_bindgen)]
pub struct Engine {
    model: Option<CompiledModel>,
    problems: String,
    /// Model names already sent to JS.
    names: Names,
    /// The top-level keys the model can read (see `Engine::lead_keys`);
    /// the tape names them by number.
    keys: Vec<String>,
    /// Where JS copies the next input's tape and its strings' UTF-8.
    tape: Vec<f64>,
    input: Vec<u8>,
    /// Buffers reused across calls: outcome records (see `compact`), names
    /// new in this call, computed strings' UTF-8, and the text JS reads
    /// with [`Engine::text`].
    nums: Vec<f64>,
    defs: String,
    bytes: Vec<u8>,
    text: String,
    /// The text JS is reading (lite's `exports::engine_text`).
    #[cfg(not(feature = "wasm-compiler"))]
    shown: String,
    /// Scoring's own buffers, kept from lead to lead.
    buffers: ScoreBuffers,
}

#[cfg_attr(feature = "wasm-compiler", wasm_bindgen)]
impl Engine {
    /// Compiles model JSON text; never throws (see [`Engine::problems`]).
    /// Only in the full build (feature `wasm-compiler`).
    #[cfg(feature = "wasm-compiler")]
    #[wasm_bindgen(constructor)]
    pub fn new(text: &str) -> Engine {
        match crate::compile(text) {
            Ok(model) => Engine::with(Some(model), String::new()),
            Err(errors) => {
                let problems = serde_json::to_string(&errors.0).unwrap_or_default();
                Engine::with(None, problems)
            }
        }
    }

    /// Loads a compiled model (`CompiledModel::to_bytes`: `leadgate compile`,
    /// or `compiled` here); never throws (see [`Engine::problems`]).
    pub fn load(bytes: &[u8]) -> Engine {
        match CompiledModel::from_bytes(bytes) {
            Ok(model) => Engine::with(Some(model), String::new()),
            Err(e) => {
                let mut problems = String::from("[{\"code\":");
                push_string(&mut problems, e.code);
                problems.push_str(",\"path\":\"\",\"message\":");
                push_string(&mut problems, e.message);
                problems.push_str(",\"hint\":null}]");
                Engine::with(None, problems)
            }
        }
    }

    /// The compiled model's bytes (empty when it did not compile); only in
    /// the full build (feature `wasm-compiler`).
    #[cfg(feature = "wasm-compiler")]
    pub fn compiled(&self) -> Vec<u8> {
        self.model
            .as_ref()
            .map(CompiledModel::to_bytes)
            .unwrap_or_default()
    }

    /// One of the engine's texts, by `which` (one export for the four: each
    /// string-returning export costs `leadgate/lite` a wasm-bindgen shim):
    /// 0 the text of the last call (see [`Engine::score`]; empty once read);
    /// 1 `""` when the model compiled (or loaded), else the JSON array of
    /// problems (`code`, `path`, `message`, `hint`); 2 the model's `{id,
    /// version, hash}` as JSON (`null` when it did not compile); 3 the lead
    /// keys, one a line (see `Engine::lead_keys`).
    pub fn text(&mut self, which: u32) -> String {
        match which {
            0 => std::mem::take(&mut self.text),
            1 => self.problems.clone(),
            2 => self.info(),
            _ => self.lead_keys(),
        }
    }

    /// Makes room for a tape of `tape` numbers and `bytes` bytes of UTF-8;
    /// returns the address of the tape (the bytes' address is then
    /// [`Engine::input_bytes`]). JS copies its tape there: no allocation per call.
    pub fn input(&mut self, tape: usize, bytes: usize) -> *mut f64 {
        // Fresh zeroed buffers rather than `resize`: JS writes the whole
        // input before every call, so nothing old needs keeping (and zeroed
        // memory needs no fill loop).
        if self.tape.len() < tape {
            self.tape = vec![0.0; tape];
        }
        if self.input.len() < bytes {
            self.input = vec![0; bytes];
        }
        self.tape.as_mut_ptr()
    }

    /// The address of the input's UTF-8 bytes (valid until the next [`Engine::input`]).
    pub fn input_bytes(&mut self) -> *mut u8 {
        self.input.as_mut_ptr()
    }

    /// Scores `count` leads packed one after another: the first `tape_len`
    /// tape numbers, whose strings are the first `bytes_len` input bytes
    /// (see `crate::tape`). The input bytes then hold the `now` text
    /// (`now_len` bytes, RFC 3339, parsed by the core) and the previous
    /// stage (`stage_len` bytes); a negative length means not given, and
    /// without a `now` text `now_ms` (read by the caller) is the time. All
    /// numbers, so the export needs no string glue. Returns the address of
    /// `[count, has_names, bytes_at, record, …]` (`f64`s, see `compact`),
    /// or 0 when [`Engine::text`] holds `!` + error JSON (with the failing
    /// lead's `index` when `many`). `has_names` 1 means [`Engine::text`]
    /// holds the JSON array of names new in this call; `bytes_at` is the
    /// address of the output strings' UTF-8.
    #[allow(clippy::too_many_arguments)]
    pub fn score(
        &mut self,
        count: usize,
        tape_len: usize,
        bytes_len: usize,
        now_ms: f64,
        now_len: i32,
        stage_len: i32,
        many: bool,
    ) -> *const f64 {
        self.run(
            (count, tape_len, bytes_len, many),
            now_ms,
            (now_len, stage_len),
        )
    }
}

impl Engine {
    fn with(model: Option<CompiledModel>, problems: String) -> Engine {
        let keys = model.as_ref().map(lead_keys).unwrap_or_default();
        Engine {
            model,
            problems,
            names: Names::default(),
            keys,
            tape: Vec::new(),
            input: Vec::new(),
            nums: Vec::new(),
            defs: String::new(),
            bytes: Vec::new(),
            text: String::new(),
            #[cfg(not(feature = "wasm-compiler"))]
            shown: String::new(),
            buffers: ScoreBuffers::new(),
        }
    }

    /// The model's `{id, version, hash}` as JSON (`null` when it did not compile).
    fn info(&self) -> String {
        let Some(info) = self.model.as_ref().map(CompiledModel::info) else {
            return "null".into();
        };
        let mut out = String::from("{\"id\":");
        push_string(&mut out, &info.id);
        out.push_str(",\"version\":");
        push_string(&mut out, &info.version);
        out.push_str(",\"hash\":");
        push_string(&mut out, &info.hash);
        out.push('}');
        out
    }

    /// The lead's top-level keys the model can read, `\n`-separated: the JS
    /// side sends only these, so a lead with 100,000 unrelated fields costs
    /// no more than a small one. The core resolves a path `a.b` as the key
    /// `a.b`, else `a` then `b`; it also reads `events` and `previous_stage`.
    fn lead_keys(&self) -> String {
        // By hand: `join` on `String`s is a second copy of std's join routine.
        // (A separator before each key but the first: `String::pop` would
        // be one more function in lite.)
        let mut out = String::new();
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(key);
        }
        out
    }
}

/// An error code, its message, and for batches the index of the lead.
struct Failure(&'static str, String, Option<usize>);

impl Engine {
    /// `(count, tape_len, bytes_len, many)`: `many` adds the lead's index to
    /// errors; `(now_len, stage_len)`: the option texts after the leads' bytes.
    fn run(
        &mut self,
        (count, tape_len, bytes_len, many): (usize, usize, usize, bool),
        now_ms: f64,
        (now_len, stage_len): (i32, i32),
    ) -> *const f64 {
        let known = self.names.len();
        self.nums.clear();
        self.nums.extend_from_slice(&[0.0, 0.0, 0.0]);
        self.defs.clear();
        self.defs.push('[');
        self.bytes.clear();
        self.text.clear();
        // Taken out so they can be borrowed while the rest of `self` is written.
        let input = std::mem::take(&mut self.input);
        let tape = std::mem::take(&mut self.tape);
        let keys = std::mem::take(&mut self.keys);
        let result = match (
            input.get(..bytes_len).map(std::str::from_utf8),
            tape.get(..tape_len),
            option_texts(&input, bytes_len, now_len, stage_len),
        ) {
            (Some(Ok(text)), Some(nums), Some((now_text, previous_stage))) => {
                let tape = Tape::new(nums, text, &keys, MAX_LEAD_DEPTH);
                let batch = Batch {
                    count,
                    many,
                    tape,
                    text,
                };
                let previous_stage = previous_stage.map(str::to_string);
                self.score_into(batch, now_ms, now_text, previous_stage)
            }
            _ => Err(Failure(
                codes::BAD_LEAD_JSON,
                "the input is not a lead tape".into(),
                None,
            )),
        };
        self.input = input;
        self.tape = tape;
        self.keys = keys;
        if let Err(Failure(code, message, index)) = result {
            // The names numbered in this call never reach JS.
            self.names.truncate(known);
            self.text = error_json(code, &message, index);
            return std::ptr::null();
        }
        let count = self.nums.len() as f64;
        let has_names = self.defs.len() > 1;
        if has_names {
            self.defs.push(']');
            std::mem::swap(&mut self.text, &mut self.defs);
        }
        // Read by JS before anything else can touch wasm memory.
        let bytes_at = self.bytes.as_ptr() as usize as f64;
        if let Some(header) = self.nums.get_mut(..3) {
            header.copy_from_slice(&[count, f64::from(u8::from(has_names)), bytes_at]);
        }
        self.nums.as_ptr()
    }

    fn score_into(
        &mut self,
        batch: Batch,
        now_ms: f64,
        now_text: Option<&str>,
        previous_stage: Option<String>,
    ) -> Result<(), Failure> {
        let Batch {
            count,
            many,
            mut tape,
            text,
        } = batch;
        let Engine {
            model,
            names,
            nums,
            defs,
            bytes,
            buffers,
            ..
        } = self;
        let mut out = compact::Out {
            nums,
            defs,
            bytes,
            input: text,
        };
        let Some(model) = model else {
            let message = "the model did not compile".to_string();
            return Err(Failure("invalid_model", message, None));
        };
        let now = match now_text {
            Some(text) => Timestamp::parse(text),
            None => (now_ms.is_finite() && now_ms.abs() <= MAX_JS_DATE_MS)
                .then(|| Timestamp(now_ms.floor() as i64)),
        }
        .ok_or_else(|| {
            let message =
                "`now` must be a valid Date, milliseconds since 1970, or an RFC 3339 text";
            Failure(codes::BAD_TIMESTAMP, message.into(), None)
        })?;
        let mut options = ScoreOptions {
            now,
            previous_stage,
            lone_surrogates: false,
        };
        let index = |i: usize| many.then_some(i);
        for i in 0..count {
            let lead = tape.value(1).map_err(|e| match e {
                TapeError::TooDeep => too_deep_failure(index(i)),
                TapeError::Corrupt => Failure(
                    codes::BAD_LEAD_JSON,
                    "the lead tape is corrupt".into(),
                    index(i),
                ),
            })?;
            options.lone_surrogates = tape.take_replaced();
            let outcome = model
                .score_with(&lead, &options, buffers)
                .map_err(|e| Failure(e.code, e.message, index(i)))?;
            compact::write(&outcome, names, &mut out);
        }
        Ok(())
    }
}

/// The leads of one call: `count` values on the tape, their strings in `text`.
struct Batch<'a> {
    count: usize,
    many: bool,
    tape: Tape<'a>,
    text: &'a str,
}

/// The `too_deep` message; written out (no `format!`) and checked against
/// [`MAX_LEAD_DEPTH`] at compile time.
const TOO_DEEP_MESSAGE: &str = "a lead may nest arrays and objects at most 64 deep";
const _: () = assert!(MAX_LEAD_DEPTH == 64);

fn too_deep_failure(index: Option<usize>) -> Failure {
    Failure(codes::TOO_DEEP, TOO_DEEP_MESSAGE.into(), index)
}
