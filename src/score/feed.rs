//! Feeding whole streams to a [`Scorer`]: NDJSON and CSV readers.

use std::io::{BufRead, Read};

use super::{At, BadRecord, BadRecordKind, Scorer};
use crate::record::csv::{Columns, QuoteWatch};
use crate::record::ndjson::{self, Line, MAX_LINE_BYTES};

/// Why a stream could not be scored to its end.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    /// A bad record, with [`super::OnBadRecord::Fail`].
    #[error(transparent)]
    BadRecord(#[from] BadRecord),
    /// The input could not be read.
    #[error("cannot read {source_name}: {error}")]
    Io {
        /// The file or stream.
        source_name: String,
        /// Why.
        #[source]
        error: std::io::Error,
    },
    /// A CSV file whose header row cannot be read.
    #[error("{source_name}: cannot read the CSV header row: {message}")]
    Header {
        /// The file or stream.
        source_name: String,
        /// Why.
        message: String,
    },
}

impl Scorer {
    /// Scores every line of an NDJSON stream. `source` names it in
    /// messages (a file name, `<stdin>`).
    ///
    /// ```
    /// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
    ///
    /// let standards: Standards = r#"standard "Greeting": calls greeted by name always"#.parse()?;
    /// let mut scorer = Scorer::new(&Plan::compile(&standards)?, ScoreOptions::default());
    /// let data = "{\"channel\": \"phone\", \"greeted_by_name\": true}\n\n{\"channel\": \"email\"}\n";
    /// scorer.feed_ndjson(data.as_bytes(), "inline")?;
    /// assert_eq!(scorer.records_read(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn feed_ndjson(&mut self, reader: impl BufRead, source: &str) -> Result<(), FeedError> {
        self.feed_ndjson_from(reader, source, 1)
    }

    /// As [`Scorer::feed_ndjson`], for text whose first line is line
    /// `first_line` of the source (a chunk of a larger file).
    pub(crate) fn feed_ndjson_from(
        &mut self,
        mut reader: impl BufRead,
        source: &str,
        first_line: u64,
    ) -> Result<(), FeedError> {
        let mut line = Vec::new();
        let mut number = first_line - 1;
        let io = |error| FeedError::Io { source_name: source.to_string(), error };
        loop {
            // Fast path: a whole line in the reader's buffer is scored where
            // it lies, without copying.
            let buffer = reader.fill_buf().map_err(io)?;
            if let Some(end) = memchr::memchr(b'\n', buffer) {
                number += 1;
                let at = At { source: Some(source), line: Some(number) };
                let scored = self.score_line(strip_cr(&buffer[..end]), at);
                reader.consume(end + 1);
                scored?;
                self.tick();
                continue;
            }
            // A line that runs past the buffer (or the last line) is
            // gathered, up to the limit.
            let read = ndjson::read_line(&mut reader, &mut line, MAX_LINE_BYTES).map_err(io)?;
            number += 1;
            let at = At { source: Some(source), line: Some(number) };
            match read {
                Line::End => return Ok(()),
                Line::TooLong(length) => self.reject_long_line(at, length)?,
                Line::Read => self.score_line(&line, at)?,
            }
            self.tick();
        }
    }

    /// Scores one NDJSON line; blank lines are not records.
    fn score_line(&mut self, line: &[u8], at: At<'_>) -> Result<(), BadRecord> {
        if line.len() > MAX_LINE_BYTES {
            return self.reject_long_line(at, line.len());
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        self.push_json_at(line, at).map(drop)
    }

    /// A line over [`MAX_LINE_BYTES`] is a bad record.
    pub(crate) fn reject_long_line(&mut self, at: At<'_>, length: usize) -> Result<(), BadRecord> {
        let problem = format!("the line is {length} bytes long; the limit is {MAX_LINE_BYTES}");
        self.reject(at, BadRecordKind::TooLong, None, problem).map(drop)
    }

    /// Scores every row of a CSV stream with a header row.
    pub fn feed_csv(&mut self, reader: impl Read, source: &str) -> Result<(), FeedError> {
        let mut csv = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(QuoteWatch::new(reader));
        let header = csv
            .byte_headers()
            .map_err(|e| FeedError::Header { source_name: source.to_string(), message: e.to_string() })?
            .clone();
        if csv.get_ref().ended_in_quotes() {
            let message = unclosed_quote(csv.position().line());
            return Err(FeedError::Header { source_name: source.to_string(), message });
        }
        let columns = {
            let (fields, _) = self.buffer();
            Columns::new(fields, &header)
        };
        let mut row = csv::ByteRecord::new();
        loop {
            let more = csv.read_byte_record(&mut row);
            let line = row.position().map(|p| p.line()).or_else(|| Some(csv.position().line()));
            let location = At { source: Some(source), line };
            match more {
                Ok(false) => return Ok(()),
                Ok(true) if csv.get_ref().ended_in_quotes() => {
                    self.reject(location, BadRecordKind::Malformed, None, unclosed_quote(csv.position().line()))?;
                }
                Ok(true) => {
                    let (fields, buf) = self.buffer();
                    match columns.fill(buf, &row) {
                        Ok(()) => drop(self.score_buffered(location)?),
                        Err((slot, problem)) => {
                            let field = slot.map(|s| fields.names[s].name.clone());
                            drop(self.reject(location, BadRecordKind::Malformed, field, problem)?)
                        }
                    }
                }
                Err(error) => {
                    if let csv::ErrorKind::Io(e) = error.kind() {
                        let error = std::io::Error::new(e.kind(), e.to_string());
                        return Err(FeedError::Io { source_name: source.to_string(), error });
                    }
                    let location = match error.position() {
                        Some(p) => At { source: Some(source), line: Some(p.line()) },
                        None => location,
                    };
                    let problem = match csv.get_ref().ended_in_quotes() {
                        true => unclosed_quote(csv.position().line()),
                        false => csv_problem(&error),
                    };
                    self.reject(location, BadRecordKind::Malformed, None, problem)?;
                }
            }
            self.tick();
        }
    }
}

/// Why a row whose quoted cell runs to the end of the input is bad.
fn unclosed_quote(last_line: u64) -> String {
    format!("a quoted cell in this row is never closed: it runs to the end of the input (line {last_line})")
}

/// The csv crate's error in words, without its own position (the
/// location says where).
fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("the row has {len} cells but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8".to_string(),
        _ => error.to_string(),
    }
}

/// A line without its Windows line ending.
fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}
