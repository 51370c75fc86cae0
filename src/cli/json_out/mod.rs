//! A compact JSON writer that produces exactly the bytes of `serde_json::to_writer`
//! (checked against it in the tests below and in `tests/cli.rs`), but escapes
//! strings eight bytes at a time: outcomes are mostly model labels and lead
//! values that need no escaping, and serde_json's byte-by-byte scan was the
//! largest single cost of rendering. Numbers are delegated to serde_json so
//! their formatting cannot drift. Anything it does not handle (non-string map
//! keys, byte arrays) is an error, and the caller falls back to serde_json.

mod key;
mod text;

use key::KeyWriter;
use serde::ser::{self, Serialize};
use std::fmt;
use text::{write_i64, write_str, write_u64};

/// Appends `value` as compact JSON; on `Err` the buffer is restored to its previous length.
pub fn write<T: Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), Unsupported> {
    let start = out.len();
    let result = value.serialize(&mut Writer { out: &mut *out });
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// A value this writer leaves to serde_json.
#[derive(Debug)]
pub struct Unsupported(String);

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Unsupported(msg.to_string())
    }
}

/// The serializer: the output buffer.
struct Writer<'a> {
    out: &'a mut Vec<u8>,
}

/// An open array or object: whether a separator is due.
struct Compound<'w, 'a> {
    w: &'w mut Writer<'a>,
    first: bool,
    /// Closing bytes: `]`, `}` or `}}` / `]}` for enum variants.
    close: &'static [u8],
}

/// What every serializer method returns.
type Res = Result<(), Unsupported>;

impl<'w, 'a> ser::Serializer for &'w mut Writer<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Compound<'w, 'a>;
    type SerializeTuple = Compound<'w, 'a>;
    type SerializeTupleStruct = Compound<'w, 'a>;
    type SerializeTupleVariant = Compound<'w, 'a>;
    type SerializeMap = Compound<'w, 'a>;
    type SerializeStruct = Compound<'w, 'a>;
    type SerializeStructVariant = Compound<'w, 'a>;

    fn serialize_bool(self, v: bool) -> Res {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Res {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Res {
        write_i64(self.out, v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Res {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Res {
        write_u64(self.out, v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Res {
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| Unsupported(e.to_string()))
    }
    fn serialize_f64(self, v: f64) -> Res {
        serde_json::to_writer(&mut *self.out, &v).map_err(|e| Unsupported(e.to_string()))
    }
    fn serialize_char(self, v: char) -> Res {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Res {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Res {
        Err(Unsupported("bytes".into()))
    }
    fn serialize_none(self) -> Res {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Res {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Res {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Res {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Res {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Res {
        self.out.push(b'{');
        write_str(self.out, variant);
        self.out.push(b':');
        value.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Unsupported> {
        self.open(None, b"[", b"]")
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'w, 'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        self.open(Some(variant), b"[", b"]}")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'w, 'a>, Unsupported> {
        self.open(None, b"{", b"}")
    }
    fn serialize_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        self.open(Some(variant), b"{", b"}}")
    }
}

impl<'w, 'a> Writer<'a> {
    /// Opens an array or object, inside `{"variant":` for enum variants.
    fn open(
        &'w mut self,
        variant: Option<&str>,
        open: &'static [u8],
        close: &'static [u8],
    ) -> Result<Compound<'w, 'a>, Unsupported> {
        if let Some(variant) = variant {
            self.out.push(b'{');
            write_str(self.out, variant);
            self.out.push(b':');
        }
        self.out.extend_from_slice(open);
        Ok(Compound {
            w: self,
            first: true,
            close,
        })
    }
}

impl Compound<'_, '_> {
    fn separator(&mut self) {
        if !self.first {
            self.w.out.push(b',');
        }
        self.first = false;
    }
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        self.separator();
        value.serialize(&mut *self.w)
    }
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Res {
        self.separator();
        write_str(self.w.out, key);
        self.w.out.push(b':');
        value.serialize(&mut *self.w)
    }
    fn finish(self) -> Res {
        self.w.out.extend_from_slice(self.close);
        Ok(())
    }
}

/// Arrays: elements separated by commas.
macro_rules! element_impls {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Unsupported;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
                self.element(value)
            }
            fn end(self) -> Res {
                self.finish()
            }
        }
    )*};
}

element_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Res {
        self.separator();
        key.serialize(KeyWriter {
            out: &mut *self.w.out,
        })?;
        self.w.out.push(b':');
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Res {
        value.serialize(&mut *self.w)
    }
    fn end(self) -> Res {
        self.finish()
    }
}

/// Structs: fields as `"key":value`.
macro_rules! field_impls {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_, '_> {
            type Ok = ();
            type Error = Unsupported;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Res {
                self.field(key, value)
            }
            fn end(self) -> Res {
                self.finish()
            }
        }
    )*};
}

field_impls!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn same(value: &impl Serialize) {
        let mut ours = Vec::new();
        write(&mut ours, value).unwrap();
        let theirs = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn matches_serde_json_byte_for_byte() {
        same(&json!({"a": [1, -2, 3.25, 1e300, null, true, false], "b": {}, "c": [], "d": "x"}));
        same(&"plain ascii text longer than eight bytes");
        same(&"tab\there \"quoted\" back\\slash \u{1} \u{1f} \u{7f} é — ✓ 😀");
        for s in ["", "\"", "12345678\"", "1234567\n", "é", "\u{8}\u{c}\r"] {
            same(&s);
        }
        same(&(u64::MAX, i64::MIN, 0u8, -0.0f64, f64::NAN, 0.1f32));
        same(&Some('q'));
        same(&std::collections::BTreeMap::from([("k\"ey", vec![1u8, 2])]));
    }

    #[test]
    fn leaves_numeric_keys_to_serde_json() {
        let mut out = b"kept".to_vec();
        let map = std::collections::BTreeMap::from([(1u32, 2u32)]);
        assert!(write(&mut out, &map).is_err());
        assert_eq!(out, b"kept");
    }

    #[test]
    fn detects_escapes_at_every_position_and_length() {
        for len in 0..24 {
            same(&"é".repeat(len));
            for at in 0..len {
                for c in ['"', '\\', '\n', '\u{1}', '\u{1f}'] {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'x' }).collect();
                    same(&s);
                }
            }
        }
    }
}
