//! Map keys: strings only; anything else is left to serde_json, which quotes numbers.

use super::text::write_str;
use super::{Res, Unsupported};
use serde::ser::{self, Serialize};

/// Writes one map key.
pub struct KeyWriter<'a> {
    /// The output buffer.
    pub out: &'a mut Vec<u8>,
}

/// Scalar key methods that all refuse.
macro_rules! reject_keys {
    ($($name:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Res { Err(unsupported_key()) })*
    };
}

/// Compound key methods that all refuse.
macro_rules! reject_compound_keys {
    ($($name:ident($($arg:ty),*) -> $out:ident),* $(,)?) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Self::$out, Unsupported> {
            Err(unsupported_key())
        })*
    };
}

fn unsupported_key() -> Unsupported {
    Unsupported("a map key that is not a string".into())
}

impl ser::Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = ser::Impossible<(), Unsupported>;
    type SerializeTuple = ser::Impossible<(), Unsupported>;
    type SerializeTupleStruct = ser::Impossible<(), Unsupported>;
    type SerializeTupleVariant = ser::Impossible<(), Unsupported>;
    type SerializeMap = ser::Impossible<(), Unsupported>;
    type SerializeStruct = ser::Impossible<(), Unsupported>;
    type SerializeStructVariant = ser::Impossible<(), Unsupported>;

    fn serialize_str(self, v: &str) -> Res {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Res {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Res {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Res {
        value.serialize(self)
    }
    reject_keys! {
        serialize_bool(bool), serialize_i8(i8), serialize_i16(i16), serialize_i32(i32),
        serialize_i64(i64), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_f32(f32), serialize_f64(f64), serialize_bytes(&[u8]),
        serialize_none(), serialize_unit(), serialize_unit_struct(&'static str)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Res {
        Err(unsupported_key())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Res {
        Err(unsupported_key())
    }
    reject_compound_keys! {
        serialize_seq(Option<usize>) -> SerializeSeq,
        serialize_tuple(usize) -> SerializeTuple,
        serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct,
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant,
        serialize_map(Option<usize>) -> SerializeMap,
        serialize_struct(&'static str, usize) -> SerializeStruct,
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant
    }
}
