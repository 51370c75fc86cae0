//! The binary form of a compiled model: compile once (natively or in wasm),
//! store the bytes, and load them later in a scorer that has no model compiler
//! and no JSON reader.
//!
//! Layout, version 5:
//!
//! ```text
//! "LGM"  4  strings  body  checksum
//! ```
//!
//! - `strings`: every text of the model (ids, labels, paths, folded literals,
//!   keyword forms, `needs` texts) once, in sorted order, named by its index
//!   elsewhere: a count, then per string the number of bytes it shares with
//!   the previous one, the length of the rest and the rest's UTF-8.
//! - `body`: the model, section by section in the order of [`CompiledModel`]'s
//!   fields (see `encode.rs`, which is the reference); counts and indexes are
//!   unsigned LEB128 varints, points (hundredths) are zigzag varints, numbers
//!   are `f64` as 8 bytes little-endian, an optional value is a `0`/`1` byte
//!   (or a bit of a flags byte) then the value, and an optional string is `0`
//!   or its index + 1. A list argument (`in`, `contains_any`, `words_any`,
//!   `domain_in`) is `0` then the list the first time it is written, and the
//!   number + 1 of that first copy wherever another leaf shares it (version 3;
//!   before, each leaf naming a list stored it again, and loading copied it
//!   again). Version 4 adds the disqualifiers, after the stages: a count,
//!   then for each the rank it caps at and its rule (of 0 points).
//! - Field declarations (also version 4, the `fields` section) follow the slots:
//!   a count, then per declared slot (increasing, as written) the slot and
//!   its declaration as one varint (see [`spec_bits`]).
//! - Teams' business hours (version 5, the `teams` section) end the body
//!   when the model has any (a model without has no such section): a count,
//!   then per team its name and hours (see `encode.rs`); routes find their
//!   team by name on load. `leadgate/lite` does not read it: bytes left
//!   after the email lists refuse the model there (`needs_full_build`).
//! - `checksum`: FNV-1a 64 of every byte before it, 8 bytes little-endian.
//!
//! Derived data is rebuilt on load with the cheap code scoring already uses:
//! field-path segments, the signatures of `key_index` (version 2; version 1
//! sorted slots by FNV) and the hashes of keyword forms (their order is
//! stored and checked) and each leaf's "missing" warning. Multi-word
//! and `*` keywords are stored with their words, so loading needs no keyword
//! parser.
//!
//! Loading never panics: every read is bounds-checked, counts are capped by
//! the bytes left, conditions nest at most [`limits::MAX_DEPTH`] deep, and
//! indexes, sort orders and point ranges are checked, so a loaded model is
//! as safe to score with as a compiled one; the text a model may copy out of
//! its string table is bounded by its size. The decoder (`decode*.rs`) uses
//! no serde, no formatting and none of the compiler's modules.
//!
//! [`limits::MAX_DEPTH`]: super::limits::MAX_DEPTH

mod decode;
#[cfg(not(all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
mod decode_hours;
mod decode_rules;
mod encode;

use super::CompiledModel;
use crate::error::codes;
use crate::value::{Currency, FieldSpec, Format, NumberSpec, Policy};
use std::fmt;

/// The first bytes of every compiled model.
const MAGIC: &[u8; 3] = b"LGM";
/// The format version this build writes and reads.
const FORMAT_VERSION: u8 = 5;
/// Bytes of the trailing checksum.
const CHECKSUM_BYTES: usize = 8;

/// Why bytes could not be loaded as a compiled model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadError {
    /// Stable machine-readable code: `bad_compiled_model` or `compiled_model_version`.
    pub code: &'static str,
    /// What is wrong, in words.
    pub message: &'static str,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)?;
        f.write_str(" [")?;
        f.write_str(self.code)?;
        f.write_str("]")
    }
}

impl std::error::Error for LoadError {}

/// Bytes that do not start like a compiled model.
const NOT_A_MODEL: LoadError = LoadError {
    code: codes::BAD_COMPILED_MODEL,
    message: "not a compiled leadgate model",
};
/// A format version this build does not read.
const OTHER_VERSION: LoadError = LoadError {
    code: codes::COMPILED_MODEL_VERSION,
    message:
        "the compiled model has a format version this build does not read; compile the model again",
};
/// Bytes whose checksum does not match.
const DAMAGED: LoadError = LoadError {
    code: codes::BAD_COMPILED_MODEL,
    message: "the compiled model is damaged (checksum mismatch)",
};
/// Bytes whose strings would expand far beyond any real model's.
const TOO_LARGE: LoadError = LoadError {
    code: codes::BAD_COMPILED_MODEL,
    message: "the compiled model expands to more text than its size allows",
};
/// A model whose worst lead would cost more than the work limit (bytes
/// share lists, so a small file can name a long list many times).
const TOO_MUCH_WORK: LoadError = LoadError {
    code: codes::TOO_MUCH_WORK,
    message: "the compiled model could cost more work per lead than the limit allows",
};
/// A model with business hours, loaded by `leadgate/lite`, which does not
/// evaluate them (it would give another `respond_by` than `leadgate`).
/// Code and message are one text in the wasm (a second string cost lite
/// bytes it did not have; `tests` checks the code is `codes::NEEDS_FULL_BUILD`).
#[cfg(any(test, all(target_arch = "wasm32", not(feature = "wasm-compiler"))))]
const NEEDS_FULL: LoadError = {
    const TEXT: &str = "needs_full_buildbusiness hours: use leadgate, not lite";
    let (code, message) = TEXT.as_bytes().split_at(16);
    match (std::str::from_utf8(code), std::str::from_utf8(message)) {
        (Ok(code), Ok(message)) => LoadError { code, message },
        _ => CORRUPT,
    }
};
/// Bytes that pass the checksum but do not follow the format.
const CORRUPT: LoadError = LoadError {
    code: codes::BAD_COMPILED_MODEL,
    message: "the compiled model is corrupt",
};

impl CompiledModel {
    /// The model in its compact binary form; the same model always gives the same bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        encode::encode(self)
    }

    /// Loads a model written by [`CompiledModel::to_bytes`]; never panics on any input.
    pub fn from_bytes(bytes: &[u8]) -> Result<CompiledModel, LoadError> {
        decode::decode(bytes)
    }
}

/// FNV-1a 64 over bytes (the same function as `keyword_set::word_hash`).
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The first byte of a condition.
mod cond_tag {
    pub const ALL: u8 = 0;
    pub const ANY: u8 = 1;
    pub const NOT: u8 = 2;
    pub const FIELD: u8 = 3;
    pub const EVENT: u8 = 4;
    pub const SCORE_AT_LEAST: u8 = 5;
    pub const FIT_AT_LEAST: u8 = 6;
    pub const ENGAGEMENT_AT_LEAST: u8 = 7;
    pub const GRADE_AT_LEAST: u8 = 8;
    pub const STAGE_IN: u8 = 9;
}

/// The first byte of a field operator.
mod op_tag {
    pub const EQUALS: u8 = 0;
    pub const IN: u8 = 1;
    pub const GT: u8 = 2;
    pub const GTE: u8 = 3;
    pub const LT: u8 = 4;
    pub const LTE: u8 = 5;
    pub const BETWEEN: u8 = 6;
    pub const EXISTS_FALSE: u8 = 7;
    pub const EXISTS_TRUE: u8 = 8;
    pub const STARTS_WITH: u8 = 9;
    pub const CONTAINS_ANY: u8 = 10;
    pub const WORDS_ANY: u8 = 11;
    pub const DOMAIN_IN: u8 = 12;
    pub const EMAIL_IS: u8 = 13;
}

/// The first byte of an `equals` literal.
mod scalar_tag {
    pub const TEXT: u8 = 0;
    pub const NUMBER: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const TRUE: u8 = 3;
}

/// Bits of a rule's flags byte.
mod rule_flag {
    pub const PER_EVENT: u8 = 1;
    pub const MAX: u8 = 2;
}

/// Bits of an event leaf's flags byte.
mod event_flag {
    pub const WHERE: u8 = 1;
    pub const WITHIN_DAYS: u8 = 2;
}

/// A field declaration as a number: `0` for a boolean; a number is
/// `1 + 2·integer + 4·format + 16·ranges + 64·currency`, where `format` is
/// 0–3 (json, pt-BR, en, auto) and `ranges`/`currency` are 0 for none or
/// 1 + their place in `Policy`/`Currency::ALL`.
fn spec_bits(spec: FieldSpec) -> usize {
    let FieldSpec::Number(n) = spec else {
        return 0;
    };
    1 + 2 * usize::from(n.integer)
        + 4 * n.format as usize
        + 16 * n.ranges.map_or(0, |p| p as usize + 1)
        + 64 * n.currency.map_or(0, |c| c as usize + 1)
}

/// The declaration of [`spec_bits`]; `None` for a number no declaration gives.
fn spec_of(bits: usize) -> Option<FieldSpec> {
    if bits == 0 {
        return Some(FieldSpec::Boolean);
    }
    // By table, not arithmetic: one lookup each (`None` past a table's end).
    let ranges = [
        None,
        Some(Policy::Low),
        Some(Policy::High),
        Some(Policy::Middle),
    ];
    let currencies = [
        None,
        Some(Currency::Brl),
        Some(Currency::Usd),
        Some(Currency::Eur),
        Some(Currency::Gbp),
    ];
    let formats = [Format::Json, Format::PtBr, Format::En, Format::Auto];
    (bits & 1 == 1).then_some(FieldSpec::Number(NumberSpec {
        integer: bits & 2 != 0,
        format: *formats.get(bits >> 2 & 3)?,
        ranges: *ranges.get(bits >> 4 & 3)?,
        currency: *currencies.get(bits >> 6)?,
    }))
}

/// The largest magnitude of points a compiled model holds, in hundredths
/// (`points::MAX_MODEL_POINTS`); loading checks it so sums stay far from overflow.
const MAX_HUNDREDTHS: u64 = 100_000_000;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use crate::model::work::work;

    #[test]
    fn lite_s_refusal_has_its_code() {
        assert_eq!(
            super::NEEDS_FULL.code,
            crate::error::codes::NEEDS_FULL_BUILD
        );
        assert_eq!(
            super::NEEDS_FULL.message,
            "business hours: use leadgate, not lite"
        );
    }

    /// The decoder counts work as it reads; `model::work` walks a compiled
    /// model. The two must agree, or a model could compile and not load.
    #[test]
    fn loading_counts_the_same_work_as_compiling() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/models");
        let mut texts = vec![crate::DEFAULT_MODEL.to_string()];
        for entry in std::fs::read_dir(dir).unwrap() {
            texts.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        // Shared lists on several fields, identical leaves, events' `where`.
        texts.push(
            r#"{"id":"w","version":"1","lists":{"l":["ab","c d","e*"]},
            "fit_rules":[
              {"id":"a","points":1,"if":{"field":"f","words_any":"l"}},
              {"id":"b","points":1,"if":{"all":[{"field":"f","words_any":"l"},{"field":"g","contains_any":"l"}]}},
              {"id":"c","points":1,"if":{"event":"x","where":{"any":[{"field":"p","contains_any":"l"},{"field":"q","starts_with":["/a","/b"]}]}}}
            ],
            "stages":[{"stage":"SQL","if":{"any":[{"event":"y"},{"field":"g","contains_any":"l"}]}}]}"#
                .to_string(),
        );
        for text in texts {
            let model = crate::compile(&text).unwrap();
            let (_, counted) = super::decode::decode_with_work(&model.to_bytes()).unwrap();
            assert_eq!(counted, work(&model).total, "{}", model.info().id);
        }
    }
}
