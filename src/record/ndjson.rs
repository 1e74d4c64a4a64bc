//! NDJSON: one JSON object per line.
//!
//! Keys are matched to the plan's slots as they are read; values of keys
//! no standard reads are skipped without being built (`IgnoredAny`).
//! Strings are borrowed from the line when they have no escapes. If a key
//! appears twice in an object, the last value wins, as in most JSON
//! readers. Blank lines are not records.

use std::fmt;
use std::io::BufRead;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::fields::FieldTable;
use super::{Cell, RecordBuf};

/// The longest line read as a record; a longer one is a bad record (and
/// is skipped without being held in memory).
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// Parses one line into the buffer. The error is a message for people.
pub(crate) fn fill(fields: &FieldTable, buf: &mut RecordBuf, line: &[u8]) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_slice(line);
    RecordSeed { fields, buf }.deserialize(&mut de).and_then(|()| de.end()).map_err(|e| describe(&e))
}

/// serde_json's message, with its "at line 1 column N" turned into a
/// column (the line is the record's own).
fn describe(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let text = message.split(" at line ").next().unwrap_or(&message).to_string();
    let what = match error.classify() {
        serde_json::error::Category::Data => text,
        _ => format!("invalid JSON: {text}"),
    };
    if error.column() > 0 {
        format!("{what} (column {})", error.column())
    } else {
        what
    }
}

struct RecordSeed<'a> {
    fields: &'a FieldTable,
    buf: &'a mut RecordBuf,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a record as a JSON object ({\"field\": value, …})")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match self.fields.slot(key.as_str()) {
                Some(slot) => map.next_value_seed(CellSeed { buf: &mut *self.buf, slot })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A key, borrowed when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_string()))
    }
}

/// Reads one value into one slot, from its raw text: numbers must reach
/// the scorer as written (SPEC §4 holds them exactly, and serde's visitors
/// would hand over a rounded `f64`), and the raw text costs no more than
/// letting serde build the value.
struct CellSeed<'a> {
    buf: &'a mut RecordBuf,
    slot: usize,
}

impl<'de> DeserializeSeed<'de> for CellSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let raw = <&'de RawValue as serde::Deserialize<'de>>::deserialize(deserializer)?.get();
        let cell = match raw.as_bytes().first() {
            Some(b'"') => {
                let inner = &raw[1..raw.len() - 1];
                if memchr::memchr(b'\\', inner.as_bytes()).is_none() {
                    self.buf.set_str(self.slot, inner);
                } else {
                    // Unescaped straight into the record's text: no
                    // allocation (serde_json has already validated it).
                    self.buf
                        .set_str_with(self.slot, |text| unescape(inner, text))
                        .map_err(|()| serde::de::Error::custom("invalid escape in a string"))?;
                }
                return Ok(());
            }
            Some(b't') => Cell::Bool(true),
            Some(b'f') => Cell::Bool(false),
            Some(b'n') => Cell::Null,
            Some(b'[' | b'{') => Cell::Nested,
            _ => match raw.parse::<i64>() {
                Ok(i) => Cell::Int(i),
                Err(_) => {
                    self.buf.set_num(self.slot, raw);
                    return Ok(());
                }
            },
        };
        self.buf.set(self.slot, cell);
        Ok(())
    }
}

/// Appends a JSON string's contents (between its quotes) with its escapes
/// resolved; `Err` on an escape JSON does not allow.
fn unescape(escaped: &str, out: &mut String) -> Result<(), ()> {
    let mut rest = escaped;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let mut chars = rest[at + 1..].chars();
        let escape = chars.next().ok_or(())?;
        rest = chars.as_str();
        let c = match escape {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = hex4(&mut rest)?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate: its low half follows as `\uXXXX`.
                    rest = rest.strip_prefix("\\u").ok_or(())?;
                    let low = hex4(&mut rest)?;
                    let code = 0x10000 + ((unit - 0xD800) << 10) + low.checked_sub(0xDC00).ok_or(())?;
                    char::from_u32(code).ok_or(())?
                } else {
                    char::from_u32(unit).ok_or(())?
                }
            }
            _ => return Err(()),
        };
        out.push(c);
    }
    out.push_str(rest);
    Ok(())
}

/// Four hex digits, taken from the front of `rest`.
fn hex4(rest: &mut &str) -> Result<u32, ()> {
    let digits = rest.get(..4).ok_or(())?;
    let value = u32::from_str_radix(digits, 16).map_err(|_| ())?;
    *rest = &rest[4..];
    Ok(value)
}

/// One line of input, read with a length limit.
pub(crate) enum Line {
    /// The line is in the buffer (without its newline).
    Read,
    /// The line was longer than the limit; it was consumed, not kept.
    TooLong(usize),
    /// End of input.
    End,
}

/// Reads one line into `out`, keeping at most `limit` bytes.
pub(crate) fn read_line(reader: &mut impl BufRead, out: &mut Vec<u8>, limit: usize) -> std::io::Result<Line> {
    out.clear();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], true),
            None => (available, false),
        };
        if total + chunk.len() <= limit {
            out.extend_from_slice(chunk);
        }
        total += chunk.len();
        let used = chunk.len() + usize::from(done);
        reader.consume(used);
        if done {
            break;
        }
    }
    if !any {
        return Ok(Line::End);
    }
    if total > limit {
        out.clear();
        return Ok(Line::TooLong(total));
    }
    if out.last() == Some(&b'\r') {
        out.pop();
    }
    Ok(Line::Read)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Standards;

    fn plan() -> crate::Plan {
        let standards: Standards = r#"standard "s": calls answered within 3 rings always by team"#.parse().unwrap();
        crate::Plan::compile(&standards).unwrap()
    }

    #[test]
    fn reads_only_known_fields() {
        let plan = plan();
        let fields = &plan.inner.fields;
        let mut buf = RecordBuf::new(fields.len());
        fill(fields, &mut buf, br#"{"rings": 2, "team": "no\"rth", "notes": {"a": [1, 2]}, "channel": null}"#).unwrap();
        assert_eq!(buf.cell(fields.slot("rings").unwrap()), Cell::Int(2));
        assert_eq!(buf.str_of(buf.cell(fields.slot("team").unwrap())), Some("no\"rth"));
        assert_eq!(buf.cell(fields.slot("channel").unwrap()), Cell::Null);
    }

    #[test]
    fn numbers_keep_their_digits() {
        let plan = plan();
        let fields = &plan.inner.fields;
        let mut buf = RecordBuf::new(fields.len());
        let (rings, team) = (fields.slot("rings").unwrap(), fields.slot("team").unwrap());
        fill(fields, &mut buf, br#"{"rings": 2.50, "team": 123456789012345678901234567890}"#).unwrap();
        let Cell::Num(at) = buf.cell(rings) else { panic!("{:?}", buf.cell(rings)) };
        assert_eq!(buf.text(at), "2.50");
        let Cell::Num(at) = buf.cell(team) else { panic!("{:?}", buf.cell(team)) };
        assert_eq!(buf.text(at), "123456789012345678901234567890");
        fill(fields, &mut buf, br#"{"rings": -7, "team": true, "channel": [1, {"a": 2}]}"#).unwrap();
        assert_eq!(buf.cell(rings), Cell::Int(-7));
        assert_eq!(buf.cell(team), Cell::Bool(true));
        assert_eq!(buf.cell(fields.slot("channel").unwrap()), Cell::Nested);
    }

    #[test]
    fn escapes_are_resolved() {
        let mut text = String::new();
        unescape(r#"a\"b\\c\/d\n\u00e9\ud83d\ude00\t"#, &mut text).unwrap();
        assert_eq!(text, "a\"b\\c/d\né😀\t");
        let plan = plan();
        let fields = &plan.inner.fields;
        let mut buf = RecordBuf::new(fields.len());
        fill(fields, &mut buf, br#"{"team": "n\u00f6rth \"1\""}"#).unwrap();
        assert_eq!(buf.str_of(buf.cell(fields.slot("team").unwrap())), Some("nörth \"1\""));
    }

    #[test]
    fn last_duplicate_key_wins() {
        let plan = plan();
        let fields = &plan.inner.fields;
        let mut buf = RecordBuf::new(fields.len());
        fill(fields, &mut buf, br#"{"rings": 2, "rings": 7}"#).unwrap();
        assert_eq!(buf.cell(fields.slot("rings").unwrap()), Cell::Int(7));
    }

    #[test]
    fn bad_json_says_where() {
        let plan = plan();
        let fields = &plan.inner.fields;
        let mut buf = RecordBuf::new(fields.len());
        let e = fill(fields, &mut buf, br#"{"rings": 2,"#).unwrap_err();
        assert!(e.starts_with("invalid JSON"), "{e}");
        let e = fill(fields, &mut buf, b"[1, 2]").unwrap_err();
        assert!(e.contains("expected a record as a JSON object"), "{e}");
        let e = fill(fields, &mut buf, br#"{"rings": 2} x"#).unwrap_err();
        assert!(e.contains("trailing characters"), "{e}");
    }

    #[test]
    fn long_lines_are_skipped_whole() {
        let input = format!("{}\nnext\n", "x".repeat(100));
        let mut reader = std::io::BufReader::with_capacity(16, input.as_bytes());
        let mut out = Vec::new();
        assert!(matches!(read_line(&mut reader, &mut out, 10).unwrap(), Line::TooLong(100)));
        assert!(matches!(read_line(&mut reader, &mut out, 10).unwrap(), Line::Read));
        assert_eq!(out, b"next");
        assert!(matches!(read_line(&mut reader, &mut out, 10).unwrap(), Line::End));
    }
}
