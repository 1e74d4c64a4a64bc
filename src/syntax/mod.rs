//! Stage 1: text → syntax tree.
//!
//! [`parse`] splits a file into statements (`split.rs`), parses each with the
//! pest grammar in `grammar/standards.pest` (`parse.rs`)
//! and returns every statement it could read and every error it found.

pub mod ast;
mod error;
mod expected;
mod parse;
mod split;

pub use error::{Error, ErrorKind};
pub use split::{MAX_FILE_BYTES, MAX_NESTING, MAX_STATEMENTS, MAX_STATEMENT_BYTES};

use ast::Statement;

/// The words that start statements; reserved everywhere.
pub(crate) const RESERVED: [&str; 5] = ["standard", "subject", "measure", "calendar", "timezone"];

/// Every keyword of the language: a field with one of these names must be
/// written in backticks. Mirrors `keyword` in the grammar.
pub(crate) const KEYWORDS: &[&str] = &[
    "timezone",
    "calendar",
    "subject",
    "measure",
    "standard",
    "closed",
    "all",
    "every",
    "each",
    "within",
    "under",
    "in",
    "less",
    "than",
    "at",
    "most",
    "least",
    "over",
    "more",
    "between",
    "and",
    "or",
    "not",
    "of",
    "the",
    "time",
    "cases",
    "always",
    "never",
    "per",
    "by",
    "where",
    "for",
    "is",
    "missing",
    "present",
    "on",
    "business",
    "true",
    "false",
    "percent",
    "percentile",
    "whenever",
    "possible",
    "as",
    "soon",
    "quickly",
    "promptly",
    "usually",
];

/// Words that end a measure phrase in a standard. Mirrors `phrase_stop`.
pub(crate) const PHRASE_STOP_WORDS: &[&str] = &[
    "timezone", "calendar", "subject", "measure", "standard", "within", "under", "in", "less", "at", "over", "more",
    "between", "always", "every", "never", "per", "where", "for", "whenever", "as", "quickly", "promptly", "usually",
    "most",
];

/// Words that start a standard's body as an aggregate.
pub(crate) const AGGREGATE_WORDS: &[&str] =
    &["average", "mean", "median", "minimum", "maximum", "total", "count", "nps"];

/// True if `word` is a keyword (case-insensitive).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// True if `text` is a word as SPEC §2 defines it: `[A-Za-z][A-Za-z0-9_-]*`.
pub fn is_plain_word(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Parses a whole file: every statement that could be read, and every error.
pub fn parse(source: &str) -> (Vec<(Statement, ast::Span)>, Vec<Error>) {
    if source.len() > MAX_FILE_BYTES {
        let first_line = source.find('\n').unwrap_or(source.len()).min(80);
        let error = Error {
            kind: ErrorKind::FileTooLarge { size: source.len(), limit: MAX_FILE_BYTES },
            span: ast::Span::new(0, floor_char_boundary(source, first_line)),
            help: Some("split the standards into several files".into()),
        };
        return (Vec::new(), vec![error]);
    }
    let (spans, mut errors) = split::split(source);
    let mut statements = Vec::with_capacity(spans.len());
    for span in spans {
        match parse::statement(source, span) {
            Ok(statement) => statements.push((statement, span)),
            Err(error) => errors.push(error),
        }
    }
    errors.sort_by_key(|e| e.span.start);
    (statements, errors)
}

/// Describes a piece of source text for a message: `` `word` `` or "end of file".
pub(crate) fn describe_found(text: &str) -> String {
    match text.chars().next() {
        None => "the end of the file".into(),
        Some('"') => "a string".into(),
        Some(_) => format!("`{}`", text.chars().take(40).collect::<String>()),
    }
}

/// "did you mean `within`?" when `word` is a near miss for one of `candidates`.
pub(crate) fn suggest_keyword<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    crate::suggest::closest(word, candidates).map(|best| format!("did you mean `{best}`?"))
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
