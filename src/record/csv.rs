//! CSV with a header row. Columns are matched to the plan's slots once,
//! from the header; other columns are not read. Every cell is text whose
//! type is decided by how a standard uses it (SPEC §4); an empty cell is
//! null. A row with more or fewer cells than the header is a bad record.

use super::RecordBuf;
use crate::plan::FieldTable;

/// Which slot each column fills.
#[derive(Clone, Debug)]
pub(crate) struct Columns {
    slots: Vec<Option<usize>>,
}

impl Columns {
    /// Reads the header. When a name appears twice, the last column wins.
    pub fn new(fields: &FieldTable, header: &csv::ByteRecord) -> Columns {
        let slots =
            header.iter().map(|name| std::str::from_utf8(name).ok().and_then(|n| fields.slot(n.trim()))).collect();
        Columns { slots }
    }

    /// Fills the buffer from one row. The error is a message for people,
    /// with the column's name when one cell is at fault.
    pub fn fill(&self, buf: &mut RecordBuf, row: &csv::ByteRecord) -> Result<(), (Option<usize>, String)> {
        for (cell, slot) in row.iter().zip(&self.slots) {
            let Some(slot) = *slot else { continue };
            let text =
                std::str::from_utf8(cell).map_err(|_| (Some(slot), "the cell is not valid UTF-8".to_string()))?;
            buf.set_text(slot, text);
        }
        Ok(())
    }
}
