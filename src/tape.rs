//! A lead in packed form: a tape of `f64`s (kinds, numbers, counts, offsets)
//! and one buffer with the UTF-8 of every string. A host that holds leads as
//! objects (the wasm boundary) writes this instead of JSON text: reading it
//! costs a few loads per value where text cost a full parse, strings are
//! borrowed from the buffer, and a string's byte offsets name it back to the
//! host in the outcome.
//!
//! A value is its kind, then what the kind needs: `0` null, `1 n` a finite
//! number, `2` false, `3` true, `4 start len` a string (bytes of the buffer),
//! `5 n` an array of `n` values, `6 n` an object of `n` pairs, each a key
//! (a string, or `7 k`: the `k`th of the reader's known keys) then a value;
//! `8` a value nested deeper than the writer went (the lead is too deep);
//! `9 start len` a string (or key) in which the writer replaced lone
//! surrogates by U+FFFD (see [`Tape::take_replaced`]).

use crate::lead::Value;
use std::borrow::Cow;

const NULL: f64 = 0.0;
const NUMBER: f64 = 1.0;
const FALSE: f64 = 2.0;
const TRUE: f64 = 3.0;
const STRING: f64 = 4.0;
const ARRAY: f64 = 5.0;
const OBJECT: f64 = 6.0;
const KEY: f64 = 7.0;
const DEEP: f64 = 8.0;
const REPLACED: f64 = 9.0;

// The same kinds as integers (the tape holds them as f64s).
const NULL_KIND: u8 = NULL as u8;
const NUMBER_KIND: u8 = NUMBER as u8;
const FALSE_KIND: u8 = FALSE as u8;
const TRUE_KIND: u8 = TRUE as u8;
const STRING_KIND: u8 = STRING as u8;
const ARRAY_KIND: u8 = ARRAY as u8;
const OBJECT_KIND: u8 = OBJECT as u8;
const DEEP_KIND: u8 = DEEP as u8;
const REPLACED_KIND: u8 = REPLACED as u8;

/// Why a tape could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum TapeError {
    /// The tape does not follow the format (a bug in the writer, never user data).
    Corrupt,
    /// Arrays and objects nest deeper than `max_depth`.
    TooDeep,
}

/// A reader over one call's tape.
pub struct Tape<'a> {
    nums: &'a [f64],
    pos: usize,
    text: &'a str,
    keys: &'a [String],
    max_depth: usize,
    /// A string of kind `9` was read since the last [`Tape::take_replaced`].
    replaced: bool,
}

impl<'a> Tape<'a> {
    /// A reader of `nums`, whose strings are in `text` and whose known keys are `keys`.
    pub fn new(nums: &'a [f64], text: &'a str, keys: &'a [String], max_depth: usize) -> Self {
        Tape {
            nums,
            pos: 0,
            text,
            keys,
            max_depth,
            replaced: false,
        }
    }

    /// Whether a string read since the last call had lone surrogates
    /// replaced by U+FFFD (kind `9`); asked after each lead.
    pub fn take_replaced(&mut self) -> bool {
        std::mem::take(&mut self.replaced)
    }

    /// The next value; `depth` is its nesting level (a lead is level 1).
    pub fn value(&mut self, depth: usize) -> Result<Value<'a>, TapeError> {
        self.item(depth)
    }

    /// [`Tape::value`], with scalars read in place: inlined into the loops
    /// over arrays and objects, so a lead's fields cost no call each (~5 %
    /// of a wasm call). Not in the lite build (neither the CLI's nor the full
    /// wasm's features), which keeps the 0.26 KB gzip instead.
    #[cfg_attr(any(feature = "cli", feature = "wasm-compiler"), inline(always))]
    fn item(&mut self, depth: usize) -> Result<Value<'a>, TapeError> {
        if depth > self.max_depth {
            return Err(TapeError::TooDeep);
        }
        // As an integer, so the kinds are one jump table rather than float compares.
        let kind = self.next()?;
        let whole = (0.0..=REPLACED).contains(&kind) && kind.fract() == 0.0;
        let kind = if whole { kind as u8 } else { u8::MAX };
        Ok(match kind {
            NULL_KIND => Value::Null,
            // JSON text has no -0; reading it as 0 keeps outcomes equal to the CLI's.
            NUMBER_KIND => Value::Number(self.next()? + 0.0),
            FALSE_KIND => Value::Bool(false),
            TRUE_KIND => Value::Bool(true),
            STRING_KIND => Value::String(Cow::Borrowed(self.string()?)),
            _ => self.container(kind, depth)?,
        })
    }

    /// An array or an object, a string with replaced lone surrogates (rare),
    /// or the marks of a deep or corrupt tape.
    #[inline(never)]
    fn container(&mut self, kind: u8, depth: usize) -> Result<Value<'a>, TapeError> {
        Ok(match kind {
            ARRAY_KIND => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n);
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT_KIND => {
                let n = self.count()?;
                let mut pairs = Vec::with_capacity(n);
                for _ in 0..n {
                    let key = self.key()?;
                    pairs.push((Cow::Borrowed(key), self.item(depth + 1)?));
                }
                Value::Object(pairs)
            }
            DEEP_KIND => return Err(TapeError::TooDeep),
            REPLACED_KIND => Value::String(Cow::Borrowed(self.replaced_string()?)),
            _ => return Err(TapeError::Corrupt),
        })
    }

    fn next(&mut self) -> Result<f64, TapeError> {
        let n = self.nums.get(self.pos).copied().ok_or(TapeError::Corrupt)?;
        self.pos += 1;
        Ok(n)
    }

    /// A non-negative integer no larger than what is left of the tape
    /// (every item takes at least one number), so no count allocates wildly.
    fn count(&mut self) -> Result<usize, TapeError> {
        let n = self.next()?;
        let left = self.nums.len().saturating_sub(self.pos);
        if n >= 0.0 && n.fract() == 0.0 && n <= left as f64 {
            Ok(n as usize)
        } else {
            Err(TapeError::Corrupt)
        }
    }

    fn string(&mut self) -> Result<&'a str, TapeError> {
        let start = self.count_unbounded()?;
        let len = self.count_unbounded()?;
        let end = start.checked_add(len).ok_or(TapeError::Corrupt)?;
        self.text.get(start..end).ok_or(TapeError::Corrupt)
    }

    fn replaced_string(&mut self) -> Result<&'a str, TapeError> {
        self.replaced = true;
        self.string()
    }

    fn key(&mut self) -> Result<&'a str, TapeError> {
        match self.next()? {
            STRING => self.string(),
            REPLACED => self.replaced_string(),
            KEY => {
                let k = self.count_unbounded()?;
                self.keys
                    .get(k)
                    .map(String::as_str)
                    .ok_or(TapeError::Corrupt)
            }
            _ => Err(TapeError::Corrupt),
        }
    }

    /// A non-negative integer (an offset or an index, checked where it is used).
    fn count_unbounded(&mut self) -> Result<usize, TapeError> {
        let n = self.next()?;
        if n >= 0.0 && n.fract() == 0.0 && n <= u32::MAX as f64 {
            Ok(n as usize)
        } else {
            Err(TapeError::Corrupt)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind() {
        let text = "nameAnaé";
        let keys = vec!["email".to_string()];
        let nums = [
            OBJECT, 2.0, STRING, 0.0, 4.0, STRING, 4.0, 5.0, KEY, 0.0, ARRAY, 4.0, NULL, NUMBER,
            -0.0, TRUE, FALSE,
        ];
        let v = Tape::new(&nums, text, &keys, 64).value(1).unwrap();
        assert_eq!(v.get("name").and_then(Value::as_str), Some("Anaé"));
        let Some(Value::Array(items)) = v.get("email") else {
            panic!("not an array: {v:?}");
        };
        assert_eq!(
            items,
            &[
                Value::Null,
                Value::Number(0.0),
                Value::Bool(true),
                Value::Bool(false)
            ]
        );
        assert!(matches!(items[1], Value::Number(n) if n.is_sign_positive()));
    }

    #[test]
    fn notes_strings_with_replaced_lone_surrogates() {
        let text = "a\u{fffd}kb";
        let nums = [
            OBJECT, 2.0, REPLACED, 1.0, 3.0, STRING, 0.0, 1.0, STRING, 4.0, 1.0, STRING, 5.0, 1.0,
        ];
        let mut tape = Tape::new(&nums, text, &[], 64);
        let v = tape.value(1).unwrap();
        assert_eq!(v.get("\u{fffd}").and_then(Value::as_str), Some("a"));
        assert_eq!(v.get("k").and_then(Value::as_str), Some("b"));
        assert!(tape.take_replaced());
        assert!(!tape.take_replaced());
        let nums = [ARRAY, 2.0, STRING, 0.0, 1.0, REPLACED, 1.0, 3.0];
        let mut tape = Tape::new(&nums, text, &[], 64);
        let v = tape.value(1).unwrap();
        assert_eq!(
            v,
            Value::Array(vec![
                Value::String("a".into()),
                Value::String("\u{fffd}".into())
            ])
        );
        assert!(tape.take_replaced());
        let mut tape = Tape::new(&[STRING, 0.0, 1.0], text, &[], 64);
        tape.value(1).unwrap();
        assert!(!tape.take_replaced());
    }

    #[test]
    fn refuses_corrupt_and_deep_tapes() {
        fn read<'a>(nums: &'a [f64], text: &'a str) -> Result<Value<'a>, TapeError> {
            Tape::new(nums, text, &[], 3).value(1)
        }
        assert_eq!(read(&[STRING, 0.0, 9.0], "abc"), Err(TapeError::Corrupt));
        assert_eq!(read(&[STRING, 1.0, 1.0], "é"), Err(TapeError::Corrupt));
        assert_eq!(read(&[ARRAY, 1e9], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[ARRAY, 1.5, NULL], ""), Err(TapeError::Corrupt));
        assert_eq!(
            read(&[OBJECT, 1.0, KEY, 0.0, NULL], ""),
            Err(TapeError::Corrupt)
        );
        assert_eq!(read(&[42.0], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[10.0], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[REPLACED, 0.0, 9.0], "abc"), Err(TapeError::Corrupt));
        assert_eq!(read(&[1.5, 0.0], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[-1.0], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[], ""), Err(TapeError::Corrupt));
        assert_eq!(read(&[DEEP], ""), Err(TapeError::TooDeep));
        let deep = [ARRAY, 1.0, ARRAY, 1.0, ARRAY, 1.0, NULL];
        assert_eq!(read(&deep, ""), Err(TapeError::TooDeep));
        assert!(read(&deep[2..], "").is_ok());
    }
}
