//! Every error found in a `.std` file, rendered for people.
//!
//! Rendering is done by `miette`: each error shows the file, line and
//! column, the source line with the offending text underlined, what was
//! expected and a suggestion.

use std::fmt;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::syntax::ast::Span;
use crate::Error;

/// The most errors [`Diagnostics::render`] draws; the rest are counted.
pub const MAX_RENDERED: usize = 100;

/// The errors found in one `.std` file, with the file's text so that they
/// can be shown in context.
///
/// ```
/// let diagnostics = yardstick::Standards::parse(r#"standard "x": calls answered within 3 rigns always"#).unwrap_err();
/// assert_eq!(diagnostics.len(), 1);
/// let text = diagnostics.render_plain();
/// assert!(text.contains("unknown unit `rigns`"));
/// assert!(text.contains("did you mean `rings`?"));
/// ```
#[derive(Debug)]
pub struct Diagnostics {
    name: String,
    source: String,
    errors: Vec<Error>,
}

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Unicode lines, no colour: for files and tests.
    Plain,
    /// Unicode lines and ANSI colours: for terminals.
    Color,
}

impl Diagnostics {
    pub(crate) fn new(name: impl Into<String>, source: impl Into<String>, errors: Vec<Error>) -> Diagnostics {
        Diagnostics { name: name.into(), source: source.into(), errors }
    }

    /// The errors, in the order they appear in the file.
    pub fn errors(&self) -> &[Error] {
        &self.errors
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Line and column (both from 1) of a byte offset in the file.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        line_column(&self.source, offset)
    }

    /// All errors drawn without colour, each followed by a blank line, then
    /// a count.
    pub fn render_plain(&self) -> String {
        self.render(Style::Plain)
    }

    /// All errors drawn in the given style.
    pub fn render(&self, style: Style) -> String {
        let theme = match style {
            Style::Plain => GraphicalTheme::unicode_nocolor(),
            Style::Color => GraphicalTheme::unicode(),
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false);
        let source = NamedSource::new(&self.name, self.source.clone());
        let mut out = String::new();
        for error in self.errors.iter().take(MAX_RENDERED) {
            let report = Report { error, source: &source, text: &self.source };
            if handler.render_report(&mut out, &report).is_err() {
                out.push_str(&error.to_string());
            }
            out.push('\n');
        }
        let count = self.errors.len();
        if count > MAX_RENDERED {
            out.push_str(&format!("… and {} more errors not shown\n", count - MAX_RENDERED));
        }
        out.push_str(&format!("{count} error{} in {}\n", if count == 1 { "" } else { "s" }, self.name));
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_plain())
    }
}

impl std::error::Error for Diagnostics {}

/// One error as miette sees it.
struct Report<'a> {
    error: &'a Error,
    source: &'a NamedSource<String>,
    text: &'a str,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.error, f)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)
    }
}

impl std::error::Error for Report<'_> {}

impl Diagnostic for Report<'_> {
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.error.help().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.error.span().map(|_| self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.error.span()?;
        let mut labels = vec![LabeledSpan::new_with_span(Some(label(self.error)), visible(self.text, span))];
        if let Some((related, text)) = self.error.related() {
            labels.push(LabeledSpan::new_with_span(Some(text.to_string()), visible(self.text, related)));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// The short text under the underline.
fn label(error: &Error) -> String {
    use crate::check::ErrorKind as C;
    use crate::syntax::ErrorKind as S;
    match error {
        Error::Syntax(e) => match &e.kind {
            S::Unexpected { .. } | S::NotAStatement { .. } | S::Misspelled { .. } => "not understood".into(),
            S::UnexpectedEnd { .. } => "more was expected here".into(),
            _ => "here".into(),
        },
        Error::Check(e) => match &e.kind {
            C::UnknownSubject(_)
            | C::UnknownMeasure(_)
            | C::UnknownCalendar(_)
            | C::UnknownTimezone(_)
            | C::UnknownUnit(_)
            | C::UnknownPeriod(_)
            | C::UnknownDay(_) => "not known".into(),
            C::NotMeasurable(_) => "not measurable".into(),
            C::Duplicate { .. } => "declared again here".into(),
            C::WrongDimension { .. } => "wrong kind of unit".into(),
            _ => "here".into(),
        },
        Error::Io { .. } => String::new(),
    }
}

/// A span miette can draw: at least one character wide, inside the text.
fn visible(text: &str, span: Span) -> (usize, usize) {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    if end > start {
        return (start, end - start);
    }
    // An empty span (the end of a statement): underline the character before.
    let before = text[..start].trim_end().len();
    match text[..before].chars().next_back() {
        Some(c) => (before - c.len_utf8(), c.len_utf8()),
        None => (start, 0),
    }
}

/// Line and column (both from 1, column in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    (line, before[line_start..].chars().count() + 1)
}
