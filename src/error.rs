//! The crate's error type: one of each stage's errors.

use crate::syntax::ast::Span;

/// Anything that can go wrong reading a `.std` file. Each stage has its own
/// error type; this wraps them so a caller can handle all of them at once.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text does not follow the grammar (stage 1).
    #[error(transparent)]
    Syntax(#[from] crate::syntax::Error),
    /// The text parses but does not mean anything (stage 2).
    #[error(transparent)]
    Check(#[from] crate::check::Error),
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// The source text the error is about, if it is about some.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Syntax(e) => Some(e.span),
            Error::Check(e) => Some(e.span),
            Error::Io { .. } => None,
        }
    }

    /// A suggestion for fixing it.
    pub fn help(&self) -> Option<&str> {
        match self {
            Error::Syntax(e) => e.help.as_deref(),
            Error::Check(e) => e.help.as_deref(),
            Error::Io { .. } => None,
        }
    }

    /// A second place in the source worth showing, with its label.
    pub fn related(&self) -> Option<(Span, &str)> {
        match self {
            Error::Check(e) => e.related.as_ref().map(|(s, l)| (*s, l.as_str())),
            _ => None,
        }
    }
}
