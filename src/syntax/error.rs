//! Errors found while reading the text of a `.std` file.

use super::ast::Span;

/// A syntax error: the text does not follow the grammar, or breaks a limit.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    /// What is wrong.
    pub kind: ErrorKind,
    /// The text to underline.
    pub span: Span,
    /// A suggestion ("did you mean `within`?").
    pub help: Option<String>,
}

/// The kinds of syntax error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A word or symbol that cannot stand here.
    #[error("unexpected {found}; expected {expected}")]
    Unexpected {
        /// The text found, described (`` `rigns` ``, "a number").
        found: String,
        /// What could have stood here, in words.
        expected: String,
    },
    /// A word that is a near miss for a keyword that fits here.
    #[error("`{found}` is not a word yardstick knows here")]
    Misspelled {
        /// The word as written.
        found: String,
    },
    /// The statement stopped too early.
    #[error("the statement ends too early; expected {expected}")]
    UnexpectedEnd {
        /// What was still needed, in words.
        expected: String,
    },
    /// Text before the first statement, or a word no statement starts with.
    #[error("expected a statement (`standard`, `subject`, `measure`, `calendar` or `timezone`), found {found}")]
    NotAStatement {
        /// The text found.
        found: String,
    },
    /// A string with no closing quote on its line.
    #[error("this string has no closing quote")]
    UnterminatedString,
    /// Parentheses nested deeper than the limit.
    #[error("parentheses are nested more than {limit} deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// One statement longer than the limit.
    #[error("this statement is {length} bytes long; the limit is {limit}")]
    StatementTooLong {
        /// Its length.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// A file larger than the limit.
    #[error("the file is {size} bytes; the limit is {limit}")]
    FileTooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// More statements than the limit.
    #[error("the file has more than {limit} statements")]
    TooManyStatements {
        /// The limit.
        limit: usize,
    },
    /// Bytes that are not UTF-8.
    #[error("the file is not valid UTF-8 text")]
    InvalidUtf8,
}
