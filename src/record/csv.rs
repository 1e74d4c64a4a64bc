//! CSV with a header row. Columns are matched to the plan's slots once,
//! from the header; other columns are not read. Every cell is text whose
//! type is decided by how a standard uses it (SPEC §4); an empty cell is
//! null. A row with more or fewer cells than the header is a bad record.

use super::fields::FieldTable;
use super::RecordBuf;

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

/// Watches the bytes a CSV reader reads for a quoted cell that is never
/// closed. The csv crate ends such a cell at the end of the input without
/// a word, so one stray `"` would turn every row after it into text in a
/// single cell: records lost silently. With this, the row is a bad record
/// that says so instead.
///
/// It follows the csv crate's default dialect: a `"` opens a quoted cell
/// only at the start of a cell (after `,`, a line end or the start of the
/// input, past a UTF-8 byte-order mark the crate strips), and `""` inside
/// one is a quote. Only quotes are looked at (`memchr`), so it costs
/// little on input with few of them.
#[derive(Debug)]
pub(crate) struct QuoteWatch<R> {
    inner: R,
    state: Quote,
    /// The byte before the next one, while outside a quoted cell.
    previous: u8,
    started: bool,
    ended: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    Outside,
    Quoted,
    /// A `"` inside a quoted cell: closing it, or the first of `""`.
    Closing,
}

impl<R> QuoteWatch<R> {
    pub fn new(inner: R) -> QuoteWatch<R> {
        QuoteWatch { inner, state: Quote::Outside, previous: b'\n', started: false, ended: false }
    }

    /// True once the input has ended inside a quoted cell. The reader
    /// reads ahead only until the end, so the row it returns then is the
    /// last one, the one that holds the open quote.
    pub fn ended_in_quotes(&self) -> bool {
        self.ended && self.state == Quote::Quoted
    }

    fn watch(&mut self, mut bytes: &[u8]) {
        if !self.started {
            self.started = true;
            // The csv crate strips a byte-order mark found whole in its
            // first read, which is this one.
            bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        }
        let mut i = 0;
        while i < bytes.len() {
            match self.state {
                Quote::Outside => {
                    let Some(at) = memchr::memchr(b'"', &bytes[i..]).map(|j| i + j) else { break };
                    let before = if at == 0 { self.previous } else { bytes[at - 1] };
                    if matches!(before, b',' | b'\n' | b'\r') {
                        self.state = Quote::Quoted;
                    }
                    i = at + 1;
                }
                Quote::Quoted => {
                    let Some(at) = memchr::memchr(b'"', &bytes[i..]).map(|j| i + j) else { break };
                    self.state = Quote::Closing;
                    i = at + 1;
                }
                Quote::Closing => {
                    self.state = if bytes[i] == b'"' { Quote::Quoted } else { Quote::Outside };
                    i += 1;
                }
            }
        }
        if let Some(&last) = bytes.last() {
            self.previous = last;
        }
    }
}

impl<R: std::io::Read> std::io::Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            self.ended = true;
        }
        self.watch(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::QuoteWatch;

    /// Reads all of `text` in reads of `size` bytes; did it end in quotes?
    fn open(text: &[u8], size: usize) -> bool {
        let mut watch = QuoteWatch::new(text);
        let mut buf = vec![0; size];
        while watch.read(&mut buf).unwrap() > 0 {}
        watch.ended_in_quotes()
    }

    #[test]
    fn quotes_open_only_at_the_start_of_a_cell() {
        let closed: [&[u8]; 7] = [
            b"a,b\n1,2\n",
            b"a,\"b\"\n\"1\",\"x\ny\"\n",
            b"a,\"say \"\"hi\"\"\"\n",
            b"a,b\"c\n",
            b"a,\"b\"c\"\n",
            b"\xef\xbb\xbf\"a\",b\r\n\"1\"\r\n",
            b"a,\"\"\n",
        ];
        for text in closed {
            for size in [1, 2, 3, 64] {
                assert!(!open(text, size), "{:?} in reads of {size}", String::from_utf8_lossy(text));
            }
        }
        let unclosed: [&[u8]; 4] = [b"a,b\n1,\"2\n3,4\n", b"\"a", b"a,\"b\"\"\n", b"a\r\"b,c\n"];
        for text in unclosed {
            for size in [1, 2, 3, 64] {
                assert!(open(text, size), "{:?} in reads of {size}", String::from_utf8_lossy(text));
            }
        }
    }
}
