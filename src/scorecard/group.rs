//! A result's group as the scorecard prints it: the GROUPING fields'
//! values, typed, in SPEC §8's order. (The scorer interns groups as
//! encoded bytes; `score/group.rs` turns them into these.)

use std::cmp::Ordering;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::value::RawValue;

use crate::record::number::Written;

/// One value of a group, as printed in the scorecard.
#[derive(Clone, Debug, PartialEq)]
pub enum GroupValue {
    /// Missing or null.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number within `i64`.
    Int(i64),
    /// Any other number, exactly, in its canonical text (`2.5`,
    /// `123456789012345678901234567890`); printed in JSON as that number.
    Number(String),
    /// Text.
    Str(String),
}

impl GroupValue {
    fn rank(&self) -> u8 {
        match self {
            GroupValue::Null => 0,
            GroupValue::Bool(_) => 1,
            GroupValue::Int(_) | GroupValue::Number(_) => 2,
            GroupValue::Str(_) => 3,
        }
    }

    /// A number's text, for exact comparison.
    fn number_text(&self) -> String {
        match self {
            GroupValue::Int(i) => i.to_string(),
            GroupValue::Number(text) => text.clone(),
            _ => String::new(),
        }
    }

    /// SPEC §8's order: null < false < true < numbers < strings (bytes).
    pub fn spec_cmp(&self, other: &GroupValue) -> Ordering {
        use GroupValue::*;
        match (self, other) {
            (Bool(a), Bool(b)) => a.cmp(b),
            (Int(a), Int(b)) => a.cmp(b),
            (Str(a), Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            (a, b) if a.rank() == 2 && b.rank() == 2 => {
                let (a, b) = (a.number_text(), b.number_text());
                match (Written::parse(&a), Written::parse(&b)) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    _ => Ordering::Equal,
                }
            }
            (a, b) => a.rank().cmp(&b.rank()),
        }
    }
}

/// As in reports: `null`, `true`, `3`, and text without quotes.
impl std::fmt::Display for GroupValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GroupValue::Null => f.write_str("null"),
            GroupValue::Bool(b) => write!(f, "{b}"),
            GroupValue::Int(i) => write!(f, "{i}"),
            GroupValue::Number(text) => f.write_str(text),
            GroupValue::Str(t) => f.write_str(t),
        }
    }
}

impl Serialize for GroupValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            GroupValue::Null => s.serialize_none(),
            GroupValue::Bool(b) => s.serialize_bool(*b),
            GroupValue::Int(i) => s.serialize_i64(*i),
            // Every digit, as a JSON number (serde_json writes raw
            // values as they are).
            GroupValue::Number(text) => match RawValue::from_string(text.clone()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_str(text),
            },
            GroupValue::Str(t) => s.serialize_str(t),
        }
    }
}

/// A result's group: the GROUPING fields and their values, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group(pub Vec<(String, GroupValue)>);

impl Group {
    /// Compares two groups of the same standard value by value.
    pub fn spec_cmp(&self, other: &Group) -> Ordering {
        self.0.iter().zip(&other.0).map(|((_, a), (_, b))| a.spec_cmp(b)).find(|o| o.is_ne()).unwrap_or(Ordering::Equal)
    }
}

impl Serialize for Group {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (field, value) in &self.0 {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}
