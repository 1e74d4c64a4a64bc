//! Records: one interaction (a call, email, chat or ticket) as the scorer
//! sees it.
//!
//! A [`RecordBuf`] holds one [`Cell`] per field the plan reads, indexed by
//! slot (see [`crate::plan`]); fields the plan does not read are never
//! stored. The buffer is cleared and refilled for each record, so reading a
//! stream allocates nothing per record once the buffer has grown: strings
//! are copied into one reused `String` and cells point into it.
//!
//! Readers fill it from NDJSON (`ndjson.rs`), CSV (`csv.rs`) or any
//! `serde::Serialize` value (`host.rs`).

pub(crate) mod csv;
pub(crate) mod fields;
pub(crate) mod host;
pub(crate) mod ndjson;
pub(crate) mod number;

pub use ndjson::MAX_LINE_BYTES;

use crate::time::{rfc3339, Zone};

/// The value of one field of one record, before it is read as the type a
/// standard needs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// The field is not in the record.
    Absent,
    /// JSON `null`, or an empty CSV cell.
    Null,
    /// A JSON boolean.
    Bool(bool),
    /// A JSON number that is a whole number within `i64`.
    Int(i64),
    /// Any other JSON number, as written (`4.5`, `1e3`,
    /// `18446744073709551616`): read exactly from its digits.
    Num(TextRef),
    /// A host program's float, read as the shortest decimal that is the
    /// same float (`0.1` is read as 0.1).
    Float(f64),
    /// A JSON string: bytes `start..start + len` of the buffer's text.
    Str(TextRef),
    /// A CSV cell, whose type is decided by how it is used.
    Text(TextRef),
    /// An instant already parsed, in microseconds since 1970-01-01 UTC:
    /// how a host program that holds typed records skips timestamp parsing
    /// (see [`RecordBuf::set_time`]).
    Time(i64),
    /// A JSON array or object: no standard can use one.
    Nested,
}

/// Where a string lies in a [`RecordBuf`]'s text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextRef {
    start: u32,
    len: u32,
}

/// One record's cells, reused from record to record.
#[derive(Clone, Debug, Default)]
pub struct RecordBuf {
    cells: Vec<Cell>,
    text: String,
}

impl RecordBuf {
    /// A buffer for records with `slots` fields of interest.
    pub fn new(slots: usize) -> RecordBuf {
        RecordBuf { cells: vec![Cell::Absent; slots], text: String::new() }
    }

    /// Forgets the previous record, keeping the memory.
    pub fn clear(&mut self) {
        self.cells.fill(Cell::Absent);
        self.text.clear();
    }

    /// The cell of `slot`.
    #[inline]
    pub fn cell(&self, slot: usize) -> Cell {
        self.cells[slot]
    }

    /// Sets `slot` to a non-string value. Later values of a repeated key
    /// replace earlier ones (the last duplicate JSON key wins).
    pub fn set(&mut self, slot: usize, cell: Cell) {
        self.cells[slot] = cell;
    }

    /// Sets `slot` to an instant.
    pub fn set_time(&mut self, slot: usize, instant: chrono::DateTime<chrono::Utc>) {
        self.cells[slot] = Cell::Time(instant.timestamp_micros());
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// True with no slots.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// Sets `slot` to a JSON string.
    pub fn set_str(&mut self, slot: usize, text: &str) {
        let at = self.push_text(text);
        self.cells[slot] = Cell::Str(at);
    }

    /// Sets `slot` to a string that `write` appends to the buffer's text
    /// (a reader that unescapes as it copies).
    pub(crate) fn set_str_with(
        &mut self,
        slot: usize,
        write: impl FnOnce(&mut String) -> Result<(), ()>,
    ) -> Result<(), ()> {
        let start = self.text.len();
        let written = write(&mut self.text);
        if written.is_err() {
            self.text.truncate(start);
            return written;
        }
        let len = self.text.len() - start;
        self.cells[slot] = Cell::Str(TextRef { start: start as u32, len: len as u32 });
        Ok(())
    }

    /// Sets `slot` to a number, as written (see [`Cell::Num`]).
    pub fn set_num(&mut self, slot: usize, text: &str) {
        let at = self.push_text(text);
        self.cells[slot] = Cell::Num(at);
    }

    /// Sets `slot` to an untyped CSV cell; an empty cell is null.
    pub fn set_text(&mut self, slot: usize, text: &str) {
        self.cells[slot] = if text.is_empty() { Cell::Null } else { Cell::Text(self.push_text(text)) };
    }

    /// The text a [`Cell::Str`] or [`Cell::Text`] points to.
    #[inline]
    pub fn text(&self, at: TextRef) -> &str {
        &self.text[at.start as usize..(at.start + at.len) as usize]
    }

    /// Is the text at `at` exactly these bytes? Lengths first, then a
    /// plain loop: the strings compared in filters are short, and this
    /// beats calling `memcmp`.
    #[inline]
    pub fn text_is(&self, at: TextRef, bytes: &[u8]) -> bool {
        if at.len as usize != bytes.len() {
            return false;
        }
        let start = at.start as usize;
        match self.text.as_bytes().get(start..start + bytes.len()) {
            Some(text) if bytes.len() <= 16 => text.iter().zip(bytes).all(|(a, b)| a == b),
            Some(text) => text == bytes,
            None => false,
        }
    }

    /// The string of a cell, if it holds one.
    pub fn str_of(&self, cell: Cell) -> Option<&str> {
        match cell {
            Cell::Str(at) | Cell::Text(at) => Some(self.text(at)),
            _ => None,
        }
    }

    /// The number a cell holds, as written: a JSON or host number, or a
    /// CSV cell (whose text may or may not be a number). `None` for other
    /// cells.
    pub(crate) fn number_text<'a>(&'a self, cell: Cell, scratch: &'a mut ryu::Buffer) -> Option<NumberText<'a>> {
        match cell {
            Cell::Int(i) => Some(NumberText::Int(i)),
            Cell::Num(at) | Cell::Text(at) => Some(NumberText::Text(self.text(at))),
            Cell::Float(f) => Some(match number::float_text(f, scratch) {
                Some(text) => NumberText::Text(text),
                None => NumberText::NotFinite(f),
            }),
            _ => None,
        }
    }

    fn push_text(&mut self, text: &str) -> TextRef {
        let start = self.text.len();
        self.text.push_str(text);
        // Records are limited far below 4 GiB (ndjson::MAX_LINE_BYTES), so
        // offsets fit in u32.
        TextRef { start: start as u32, len: text.len() as u32 }
    }
}

/// What a standard needs a field to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    /// An RFC 3339 timestamp.
    Timestamp,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
}

impl FieldType {
    /// In words, for messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            FieldType::Timestamp => "a timestamp (RFC 3339 text such as \"2026-11-23T14:05:00Z\")",
            FieldType::Number => "a number",
            FieldType::Boolean => "true or false",
        }
    }
}

/// Why a cell cannot be read as the type a standard needs.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TypeError {
    /// It holds another type.
    #[error("expected {}, found {found}", expected.describe())]
    WrongType {
        /// What was needed.
        expected: FieldType,
        /// What was there, in words (`a string "abc"`).
        found: String,
    },
    /// It is text of the right type but not a valid value.
    #[error("{0}")]
    Invalid(String),
}

/// Microseconds in a second: instants are microseconds since 1970.
pub(crate) const MICROS: i64 = 1_000_000;

/// Trillionths in one: values (durations in seconds, rings, plain numbers)
/// are kept as whole trillionths in an `i128`. A number is exact to 9
/// decimals in its own unit (SPEC §4), and the finest unit is the
/// millisecond: 10⁻⁹ ms is 10⁻¹² s. Sums are exact and do not depend on the
/// order records arrive in, which makes partial scorecards merge exactly.
pub(crate) const PICOS: i128 = 1_000_000_000_000;

/// Reads a cell as a timestamp, in microseconds since 1970-01-01 UTC (RFC
/// 3339 text without an offset is local time in `zone`; see
/// [`rfc3339::parse`]). `Ok(None)` means missing.
#[inline]
pub(crate) fn read_timestamp(buf: &RecordBuf, cell: Cell, zone: &Zone) -> Result<Option<i64>, TypeError> {
    match cell {
        Cell::Absent | Cell::Null => Ok(None),
        Cell::Str(at) | Cell::Text(at) => parse_timestamp(buf.text(at), zone).map(Some),
        Cell::Time(micros) => Ok(Some(micros)),
        other => Err(wrong(buf, other, FieldType::Timestamp)),
    }
}

/// Parses a timestamp ([`rfc3339::parse`]); the message of a bad one
/// quotes it and says why (`"…" is a leap second, …`).
pub(crate) fn parse_timestamp(text: &str, zone: &Zone) -> Result<i64, TypeError> {
    rfc3339::parse(text, zone).map_err(|why| TypeError::Invalid(format!("{} is {why}", quote(text.trim()))))
}

/// A number cell, before it is read.
#[derive(Clone, Copy, Debug)]
pub(crate) enum NumberText<'a> {
    /// A whole number that needs no parsing.
    Int(i64),
    /// Digits as written (possibly not a number at all, for CSV text).
    Text(&'a str),
    /// A host's NaN or infinity.
    NotFinite(f64),
}

/// Reads a cell as a number, in billionths of its unit
/// ([`number::NANOS`]), exactly. `Ok(None)` means missing. A number outside
/// SPEC §4's range (15 digits before the point, 9 after) is an error that
/// says so, never a rounded value.
#[inline]
pub(crate) fn read_number(buf: &RecordBuf, cell: Cell) -> Result<Option<i128>, TypeError> {
    // Whole numbers, the usual case, need no parsing.
    const LIMIT: u64 = 10u64.pow(number::MAX_WHOLE_DIGITS as u32);
    match cell {
        Cell::Absent | Cell::Null => return Ok(None),
        Cell::Int(i) if i.unsigned_abs() < LIMIT => return Ok(Some(i128::from(i) * number::NANOS)),
        _ => {}
    }
    let mut scratch = ryu::Buffer::new();
    let text = match buf.number_text(cell, &mut scratch) {
        Some(NumberText::Int(i)) => return Err(out_of_range(&i.to_string(), number::OutOfRange::TooLarge)),
        Some(NumberText::Text(text)) => text,
        // Only a host value can be NaN or infinite (JSON has neither, and
        // CSV text is refused below); it must not become 0.
        Some(NumberText::NotFinite(f)) => return Err(TypeError::Invalid(format!("{f} is not a finite number"))),
        None => return Err(wrong(buf, cell, FieldType::Number)),
    };
    let Some(written) = number::Written::parse(text) else {
        return Err(TypeError::Invalid(format!("{} is not a number", quote(text.trim()))));
    };
    written.nanos().map(Some).map_err(|e| out_of_range(text.trim(), e))
}

fn out_of_range(text: &str, problem: number::OutOfRange) -> TypeError {
    TypeError::Invalid(format!("{} is out of range: {}", quote(text), problem.describe()))
}

/// Reads a cell as a boolean. CSV cells may be `true`/`false`, `yes`/`no`
/// or `1`/`0`, in any case. `Ok(None)` means missing.
#[inline]
pub(crate) fn read_bool(buf: &RecordBuf, cell: Cell) -> Result<Option<bool>, TypeError> {
    match cell {
        Cell::Absent | Cell::Null => Ok(None),
        Cell::Bool(b) => Ok(Some(b)),
        Cell::Text(at) => parse_bool(buf.text(at))
            .map(Some)
            .ok_or_else(|| TypeError::Invalid(format!("{} is not true or false", quote(buf.text(at))))),
        other => Err(wrong(buf, other, FieldType::Boolean)),
    }
}

/// `true`/`false`, `yes`/`no`, `1`/`0`, in any case.
pub(crate) fn parse_bool(text: &str) -> Option<bool> {
    let text = text.trim();
    if ["true", "yes", "1"].iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Some(true)
    } else if ["false", "no", "0"].iter().any(|w| text.eq_ignore_ascii_case(w)) {
        Some(false)
    } else {
        None
    }
}

fn wrong(buf: &RecordBuf, cell: Cell, expected: FieldType) -> TypeError {
    TypeError::WrongType { expected, found: describe(buf, cell) }
}

/// A cell in words, for messages: `the string "abc"`, `the number 3`.
pub(crate) fn describe(buf: &RecordBuf, cell: Cell) -> String {
    match cell {
        Cell::Absent => "nothing".into(),
        Cell::Null => "null".into(),
        Cell::Bool(b) => format!("{b}"),
        Cell::Int(i) => format!("the number {i}"),
        Cell::Float(f) => format!("the number {f}"),
        Cell::Num(at) => format!("the number {}", quote(buf.text(at))),
        Cell::Str(at) | Cell::Text(at) => format!("the text {}", quote(buf.text(at))),
        Cell::Time(micros) => format!("the instant {}", rfc3339::format_micros(micros)),
        Cell::Nested => "a list or an object".into(),
    }
}

/// Quotes text for a message, shortened if long.
pub(crate) fn quote(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() <= LIMIT {
        return format!("{text:?}");
    }
    let short: String = text.chars().take(LIMIT).collect();
    format!("{short:?}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_timestamps_say_why() {
        let utc = Zone::new(chrono_tz::Tz::UTC);
        let message = |text| parse_timestamp(text, &utc).unwrap_err().to_string();
        assert_eq!(
            message(" yesterday "),
            "\"yesterday\" is not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\""
        );
        assert_eq!(
            message("2016-12-31T23:59:60Z"),
            "\"2016-12-31T23:59:60Z\" is a leap second, which yardstick does not count (write 23:59:59 or the next second)"
        );
        assert_eq!(message("0000-12-31T23:59:59Z"), "\"0000-12-31T23:59:59Z\" is outside the years 1 to 9999 (UTC)");
    }

    #[test]
    fn cells_point_into_reused_text() {
        let mut buf = RecordBuf::new(2);
        buf.set_str(0, "north");
        buf.set_text(1, "");
        assert_eq!(buf.str_of(buf.cell(0)), Some("north"));
        assert_eq!(buf.cell(1), Cell::Null);
        buf.clear();
        assert_eq!(buf.cell(0), Cell::Absent);
    }

    #[test]
    fn numbers_are_exact_billionths() {
        let mut buf = RecordBuf::new(1);
        assert_eq!(read_number(&buf, Cell::Float(4.5)), Ok(Some(4_500_000_000)));
        // The float nearest 0.04166666 reads as the decimal a person wrote.
        assert_eq!(read_number(&buf, Cell::Float(0.04166666)), Ok(Some(41_666_660)));
        buf.set_text(0, " 12 ");
        assert_eq!(read_number(&buf, buf.cell(0)), Ok(Some(12_000_000_000)));
        buf.set_num(0, "123456789012345.123456789");
        assert_eq!(read_number(&buf, buf.cell(0)), Ok(Some(123_456_789_012_345_123_456_789)));
        buf.set_text(0, "NaN");
        assert!(read_number(&buf, buf.cell(0)).is_err());
        assert_eq!(
            read_number(&buf, Cell::Float(-1e300)).unwrap_err().to_string(),
            "\"-1e300\" is out of range: numbers are read exactly up to 15 digits before the decimal point"
        );
        assert_eq!(
            read_number(&buf, Cell::Int(i64::MAX)).unwrap_err().to_string(),
            "\"9223372036854775807\" is out of range: numbers are read exactly up to 15 digits before the decimal point"
        );
        buf.set_num(0, "0.0000000001");
        assert_eq!(
            read_number(&buf, buf.cell(0)).unwrap_err().to_string(),
            "\"0.0000000001\" is out of range: numbers are read exactly up to 9 digits after the decimal point"
        );
        assert_eq!(read_number(&buf, Cell::Float(f64::NAN)).unwrap_err().to_string(), "NaN is not a finite number");
        assert!(read_number(&buf, Cell::Float(f64::NEG_INFINITY)).is_err());
        buf.set_str(0, "12");
        assert!(matches!(read_number(&buf, buf.cell(0)), Err(TypeError::WrongType { .. })));
    }

    #[test]
    fn booleans_from_csv_words() {
        assert_eq!(parse_bool("Yes"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("maybe"), None);
    }
}
