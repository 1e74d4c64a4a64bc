//! The fields a plan reads, by slot: names are looked up here once, when
//! standards are compiled and when a reader meets a key, never on the
//! per-record path of the scorer. It belongs to records (the readers use
//! it to fill slots); plans build it.

use super::FieldType;

/// Field names and their slots.
#[derive(Debug, Default)]
pub(crate) struct FieldTable {
    /// By slot.
    pub names: Vec<FieldInfo>,
    /// The typed slots, with their type and whether they place windows:
    /// what the scorer converts for each record.
    pub typed_slots: Vec<(usize, FieldType, bool)>,
    /// Names by length, for lookups while reading records: a key is only
    /// compared with the few names of its own length.
    by_length: Vec<Vec<(Box<[u8]>, usize)>>,
}

/// One field the plan reads.
#[derive(Debug)]
pub(crate) struct FieldInfo {
    pub name: String,
    /// What type standards read it as; `None` when only filters and
    /// grouping read it, which accept any type.
    pub typed: Option<FieldType>,
    /// True when a window is placed by it, so its local time is needed.
    pub windowed: bool,
}

impl FieldTable {
    /// The slot of `name`, adding it if new; records the type it is read as.
    pub(crate) fn add(&mut self, name: &str, typed: Option<FieldType>) -> usize {
        let slot = match self.names.iter().position(|f| f.name == name) {
            Some(slot) => slot,
            None => {
                self.names.push(FieldInfo { name: name.to_string(), typed: None, windowed: false });
                self.names.len() - 1
            }
        };
        if typed.is_some() {
            // A field read as two types (a number and a timestamp) keeps the
            // first; records then fail the other standard's reading of it.
            self.names[slot].typed = self.names[slot].typed.or(typed);
        }
        slot
    }

    /// The slot of a timestamp that places windows.
    pub(crate) fn add_window(&mut self, name: &str) -> usize {
        let slot = self.add(name, Some(FieldType::Timestamp));
        self.names[slot].windowed = true;
        slot
    }

    pub(crate) fn seal(&mut self) {
        self.typed_slots =
            self.names.iter().enumerate().filter_map(|(i, f)| f.typed.map(|t| (i, t, f.windowed))).collect();
        let longest = self.names.iter().map(|f| f.name.len()).max().unwrap_or(0);
        self.by_length = vec![Vec::new(); longest + 1];
        for (slot, field) in self.names.iter().enumerate() {
            self.by_length[field.name.len()].push((field.name.as_bytes().into(), slot));
        }
    }

    /// The slot of a field name: compared only with names of the same
    /// length, last byte first (field names often share prefixes), no
    /// hashing.
    pub fn slot(&self, name: &str) -> Option<usize> {
        let name = name.as_bytes();
        let candidates = self.by_length.get(name.len())?;
        candidates.iter().find(|(n, _)| n.last() == name.last() && **n == *name).map(|(_, slot)| *slot)
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }
}
