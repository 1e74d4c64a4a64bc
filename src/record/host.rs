//! The host program's own types: anything `serde::Serialize` that
//! serializes as a struct or a map. Field names are matched to the plan's
//! slots as they are serialized; values of other fields are skipped.
//! Nothing is allocated per record: strings are copied into the reused
//! buffer.

use serde::ser::{self, Impossible, Serialize, Serializer};

use super::fields::FieldTable;
use super::{Cell, RecordBuf};

/// Fills the buffer from a value. The error is a message for people.
pub(crate) fn fill<T: Serialize + ?Sized>(fields: &FieldTable, buf: &mut RecordBuf, value: &T) -> Result<(), String> {
    value.serialize(RecordSerializer { fields, buf }).map_err(|e| e.0)
}

/// A message about a value that is not a record.
#[derive(Debug)]
pub(crate) struct HostError(String);

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HostError {}

impl ser::Error for HostError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        HostError(msg.to_string())
    }
}

fn not_a_record<T>() -> Result<T, HostError> {
    Err(HostError("a record must serialize as a struct or a map of fields".into()))
}

/// Serializes the record itself: only structs and maps are accepted.
struct RecordSerializer<'a> {
    fields: &'a FieldTable,
    buf: &'a mut RecordBuf,
}

/// Collects a struct's or map's fields into the buffer.
pub(crate) struct Fields<'a> {
    fields: &'a FieldTable,
    buf: &'a mut RecordBuf,
    /// The slot of the map key just serialized.
    key: Option<usize>,
}

macro_rules! reject_scalars {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> { not_a_record() })*
    };
}

impl<'a> Serializer for RecordSerializer<'a> {
    type Ok = ();
    type Error = HostError;
    type SerializeSeq = Impossible<(), HostError>;
    type SerializeTuple = Impossible<(), HostError>;
    type SerializeTupleStruct = Impossible<(), HostError>;
    type SerializeTupleVariant = Impossible<(), HostError>;
    type SerializeMap = Fields<'a>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<(), HostError>;

    reject_scalars!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_str(&str),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), HostError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), HostError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), HostError> {
        not_a_record()
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, HostError> {
        not_a_record()
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, HostError> {
        not_a_record()
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, HostError> {
        not_a_record()
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, HostError> {
        not_a_record()
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Fields<'a>, HostError> {
        Ok(Fields { fields: self.fields, buf: self.buf, key: None })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Fields<'a>, HostError> {
        self.serialize_map(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, HostError> {
        not_a_record()
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = HostError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), HostError> {
        match self.fields.slot(name) {
            Some(slot) => nested_ok(value.serialize(CellSerializer { buf: self.buf, slot })),
            None => Ok(()),
        }
    }

    fn end(self) -> Result<(), HostError> {
        Ok(())
    }
}

impl ser::SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = HostError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), HostError> {
        self.key = key.serialize(KeySerializer { fields: self.fields })?;
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), HostError> {
        match self.key.take() {
            Some(slot) => nested_ok(value.serialize(CellSerializer { buf: self.buf, slot })),
            None => Ok(()),
        }
    }

    fn end(self) -> Result<(), HostError> {
        Ok(())
    }
}

/// Finds the slot of a map key; keys that are not text match nothing.
struct KeySerializer<'a> {
    fields: &'a FieldTable,
}

macro_rules! no_slot {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> { Ok(None) })*
    };
}

impl Serializer for KeySerializer<'_> {
    type Ok = Option<usize>;
    type Error = HostError;
    type SerializeSeq = Impossible<Option<usize>, HostError>;
    type SerializeTuple = Impossible<Option<usize>, HostError>;
    type SerializeTupleStruct = Impossible<Option<usize>, HostError>;
    type SerializeTupleVariant = Impossible<Option<usize>, HostError>;
    type SerializeMap = Impossible<Option<usize>, HostError>;
    type SerializeStruct = Impossible<Option<usize>, HostError>;
    type SerializeStructVariant = Impossible<Option<usize>, HostError>;

    fn serialize_str(self, v: &str) -> Result<Option<usize>, HostError> {
        Ok(self.fields.slot(v))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Option<usize>, HostError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Option<usize>, HostError> {
        value.serialize(self)
    }

    no_slot!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64),
        serialize_f32(f32),
        serialize_f64(f64),
        serialize_char(char),
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
    );

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Option<usize>, HostError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Option<usize>, HostError> {
        Ok(None)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, HostError> {
        Err(HostError("a field name must be text".into()))
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, HostError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, HostError> {
        self.serialize_seq(None)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, HostError> {
        self.serialize_seq(None)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, HostError> {
        self.serialize_seq(None)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, HostError> {
        self.serialize_seq(None)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, HostError> {
        self.serialize_seq(None)
    }
}

/// Serializes one field's value into its slot. Lists and nested structs
/// become [`Cell::Nested`] without being walked.
struct CellSerializer<'a> {
    buf: &'a mut RecordBuf,
    slot: usize,
}

impl CellSerializer<'_> {
    fn set(self, cell: Cell) -> Result<(), HostError> {
        self.buf.set(self.slot, cell);
        Ok(())
    }

    fn nested(self) -> Result<Impossible<(), HostError>, HostError> {
        self.buf.set(self.slot, Cell::Nested);
        // `Impossible` cannot walk the value, so stop with a marker that
        // `nested_ok` turns back into success: the cell says enough.
        Err(HostError(NESTED.into()))
    }
}

/// Marks the early stop of a nested value, which is not an error.
const NESTED: &str = "\u{0}nested";

/// Turns the early stop of a nested value back into success.
fn nested_ok(result: Result<(), HostError>) -> Result<(), HostError> {
    match result {
        Err(e) if e.0 == NESTED => Ok(()),
        other => other,
    }
}

impl Serializer for CellSerializer<'_> {
    type Ok = ();
    type Error = HostError;
    type SerializeSeq = Impossible<(), HostError>;
    type SerializeTuple = Impossible<(), HostError>;
    type SerializeTupleStruct = Impossible<(), HostError>;
    type SerializeTupleVariant = Impossible<(), HostError>;
    type SerializeMap = Impossible<(), HostError>;
    type SerializeStruct = Impossible<(), HostError>;
    type SerializeStructVariant = Impossible<(), HostError>;

    fn serialize_bool(self, v: bool) -> Result<(), HostError> {
        self.set(Cell::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<(), HostError> {
        self.set(Cell::Int(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<(), HostError> {
        self.set(Cell::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<(), HostError> {
        match i64::try_from(v) {
            Ok(i) => self.set(Cell::Int(i)),
            Err(_) => self.serialize_u128(v.into()),
        }
    }
    fn serialize_i128(self, v: i128) -> Result<(), HostError> {
        // Every digit is kept (SPEC §4): written out, read as a number.
        self.buf.set_num(self.slot, &v.to_string());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result<(), HostError> {
        self.buf.set_num(self.slot, &v.to_string());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<(), HostError> {
        // The shortest text of the `f32` itself: `0.1f32` is 0.1, not the
        // 0.10000000149011612 its widening to `f64` would give.
        match v.is_finite() {
            true => {
                self.buf.set_num(self.slot, ryu::Buffer::new().format_finite(v));
                Ok(())
            }
            false => self.set(Cell::Float(v.into())),
        }
    }
    fn serialize_f64(self, v: f64) -> Result<(), HostError> {
        // Read later as the shortest decimal that is this float. JSON has
        // no NaN or infinity; they are kept as they are, so that reading
        // one as a number or grouping by it is a bad record that says
        // `NaN`, while standards that do not read it can ignore it.
        self.set(Cell::Float(v))
    }
    fn serialize_char(self, v: char) -> Result<(), HostError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), HostError> {
        self.buf.set_str(self.slot, v);
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), HostError> {
        self.set(Cell::Nested)
    }
    fn serialize_none(self) -> Result<(), HostError> {
        self.set(Cell::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), HostError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), HostError> {
        self.set(Cell::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), HostError> {
        self.set(Cell::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), HostError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), HostError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), HostError> {
        self.set(Cell::Nested)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, HostError> {
        self.nested()
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, HostError> {
        self.nested()
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, HostError> {
        self.nested()
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, HostError> {
        self.nested()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, HostError> {
        self.nested()
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, HostError> {
        self.nested()
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, HostError> {
        self.nested()
    }
}
