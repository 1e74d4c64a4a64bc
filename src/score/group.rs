//! Group keys: the values of a standard's GROUPING fields for one record,
//! encoded into bytes and interned, so each distinct combination is stored
//! once and a record's group is found without allocating.

use crate::record::number::Written;
use crate::record::{describe, Cell, NumberText, RecordBuf, TypeError};
pub(crate) use crate::scorecard::{Group, GroupValue};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
/// A number that is not a whole `i64`, by its canonical text.
const NUMBER: u8 = 4;
const STRING: u8 = 5;

/// Interned group keys of one standard.
#[derive(Clone, Debug, Default)]
pub(crate) struct Groups {
    ids: rustc_hash::FxHashMap<Box<[u8]>, u32>,
    keys: Vec<Box<[u8]>>,
}

impl Groups {
    /// The id of an encoded key, interning it when new.
    pub fn intern(&mut self, key: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.keys.push(key.into());
        self.ids.insert(key.into(), id);
        id
    }

    /// The id of the empty key, which every record of a standard without
    /// grouping has: no hashing.
    pub fn intern_empty(&mut self) -> u32 {
        if self.keys.is_empty() {
            self.intern(&[]);
        }
        0
    }

    /// The encoded key of an id.
    pub fn key(&self, id: u32) -> &[u8] {
        &self.keys[id as usize]
    }

    /// The number of keys; their ids are `0..len`.
    pub fn len(&self) -> usize {
        self.keys.len()
    }
}

/// Appends the encoding of one grouping field's value. Lists and objects
/// cannot be grouped by.
pub(crate) fn encode(record: &RecordBuf, cell: Cell, out: &mut Vec<u8>) -> Result<(), TypeError> {
    match cell {
        Cell::Absent | Cell::Null => out.push(NULL),
        Cell::Bool(false) => out.push(FALSE),
        Cell::Bool(true) => out.push(TRUE),
        Cell::Int(i) => encode_int(i, out),
        Cell::Num(_) | Cell::Float(_) => {
            let mut scratch = ryu::Buffer::new();
            let number = match record.number_text(cell, &mut scratch) {
                Some(NumberText::Text(text)) => Written::parse(text),
                _ => None,
            };
            let Some(number) = number else {
                return Err(TypeError::Invalid(format!("cannot group by {}", describe(record, cell))));
            };
            // 3.0 and 3 are the same group; other numbers keep every digit.
            match number.as_i64() {
                Some(i) => encode_int(i, out),
                None => {
                    let mut text = String::new();
                    number.canonical(&mut text);
                    out.push(NUMBER);
                    encode_len_and_bytes(text.as_bytes(), out);
                }
            }
        }
        // A CSV cell is grouped as its text (SPEC §4): CSV has no types.
        Cell::Str(_) | Cell::Text(_) => encode_text(record.str_of(cell).unwrap_or_default(), out),
        // Grouped as its RFC 3339 text, like a timestamp read from JSON.
        Cell::Time(micros) => encode_text(&crate::time::rfc3339::format_micros(micros), out),
        Cell::Nested => {
            return Err(TypeError::Invalid(format!(
                "cannot group by {}: expected text, a number, true, false or null",
                describe(record, cell)
            )))
        }
    }
    Ok(())
}

fn encode_text(text: &str, out: &mut Vec<u8>) {
    out.push(STRING);
    encode_len_and_bytes(text.as_bytes(), out);
}

fn encode_len_and_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

fn encode_int(i: i64, out: &mut Vec<u8>) {
    out.push(INT);
    out.extend_from_slice(&i.to_le_bytes());
}

/// Decodes a key made by [`encode`].
pub(crate) fn decode(mut key: &[u8]) -> Vec<GroupValue> {
    let mut values = Vec::new();
    let take = |key: &mut &[u8], n: usize| {
        let (head, rest) = key.split_at(n);
        *key = rest;
        head.to_vec()
    };
    while let Some((&tag, rest)) = key.split_first() {
        key = rest;
        let value = match tag {
            NULL => GroupValue::Null,
            FALSE => GroupValue::Bool(false),
            TRUE => GroupValue::Bool(true),
            INT => GroupValue::Int(i64::from_le_bytes(take(&mut key, 8).try_into().unwrap_or_default())),
            NUMBER => {
                let len = u32::from_le_bytes(take(&mut key, 4).try_into().unwrap_or_default()) as usize;
                GroupValue::Number(String::from_utf8_lossy(&take(&mut key, len)).into_owned())
            }
            _ => {
                let len = u32::from_le_bytes(take(&mut key, 4).try_into().unwrap_or_default()) as usize;
                GroupValue::Str(String::from_utf8_lossy(&take(&mut key, len)).into_owned())
            }
        };
        values.push(value);
    }
    values
}

/// The number of values in a key, or why it is not a key [`encode`]
/// makes: for keys read from a partial file, which [`decode`] trusts.
pub(crate) fn check_key(mut key: &[u8]) -> Result<usize, String> {
    let mut count = 0;
    while let Some((&tag, rest)) = key.split_first() {
        key = rest;
        match tag {
            NULL | FALSE | TRUE => {}
            INT => key = key.get(8..).ok_or("a group key ends inside a whole number")?,
            NUMBER | STRING => {
                let (len, rest) = key.split_first_chunk::<4>().ok_or("a group key ends inside a length")?;
                let len = u32::from_le_bytes(*len) as usize;
                let bytes = rest.get(..len).ok_or("a group key ends inside a value")?;
                let text = std::str::from_utf8(bytes).map_err(|_| "a group value is not UTF-8")?;
                if tag == NUMBER {
                    let number = Written::parse(text).ok_or("a group number is not a number")?;
                    let mut canonical = String::new();
                    number.canonical(&mut canonical);
                    if canonical != text || number.as_i64().is_some() {
                        return Err(format!("the group number {text} is not in the form grouping writes"));
                    }
                }
                key = &rest[len..];
            }
            other => return Err(format!("a group key has an unknown tag {other}")),
        }
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_intern_once() {
        let mut record = RecordBuf::new(4);
        record.set_str(0, "north");
        record.set(1, Cell::Float(3.0));
        record.set(3, Cell::Bool(true));
        let mut key = Vec::new();
        for slot in 0..4 {
            encode(&record, record.cell(slot), &mut key).unwrap();
        }
        assert_eq!(
            decode(&key),
            [GroupValue::Str("north".into()), GroupValue::Int(3), GroupValue::Null, GroupValue::Bool(true)]
        );
        let mut groups = Groups::default();
        assert_eq!(groups.intern(&key), 0);
        assert_eq!(groups.intern(&key), 0);
        assert_eq!(groups.intern(b""), 1);
    }

    #[test]
    fn spec_order() {
        use GroupValue::*;
        let big = || Number("123456789012345678901234567890".into());
        let mut values =
            vec![Str("b".into()), big(), Int(10), Number("2.5".into()), Null, Bool(true), Str("a".into()), Bool(false)];
        values.sort_by(GroupValue::spec_cmp);
        assert_eq!(
            values,
            [Null, Bool(false), Bool(true), Number("2.5".into()), Int(10), big(), Str("a".into()), Str("b".into())]
        );
    }

    #[test]
    fn numbers_group_by_value_and_keep_every_digit() {
        let key = |set: &dyn Fn(&mut RecordBuf)| {
            let mut record = RecordBuf::new(1);
            set(&mut record);
            let mut key = Vec::new();
            encode(&record, record.cell(0), &mut key).unwrap();
            key
        };
        // 3, 3.0 and 3e0 are one group.
        let three = key(&|r| r.set(0, Cell::Int(3)));
        assert_eq!(key(&|r| r.set_num(0, "3.0")), three);
        assert_eq!(key(&|r| r.set_num(0, "3e0")), three);
        assert_eq!(key(&|r| r.set(0, Cell::Float(3.0))), three);
        // Two integers past 2^64 that one float cannot tell apart stay apart.
        let a = key(&|r| r.set_num(0, "36893488147419103232"));
        let b = key(&|r| r.set_num(0, "36893488147419103233"));
        assert_ne!(a, b);
        assert_eq!(decode(&b), [GroupValue::Number("36893488147419103233".into())]);
        let json = serde_json::to_string(&decode(&b)[0]).unwrap();
        assert_eq!(json, "36893488147419103233");
        // A CSV cell is its text, even when it looks like a number.
        assert_eq!(decode(&key(&|r| r.set_text(0, "3.0"))), [GroupValue::Str("3.0".into())]);
        assert!(encode(&RecordBuf::new(1), Cell::Float(f64::NAN), &mut Vec::new()).is_err());
    }

    #[test]
    fn nested_values_cannot_be_grouped() {
        let record = RecordBuf::new(1);
        assert!(encode(&record, Cell::Nested, &mut Vec::new()).is_err());
    }
}
