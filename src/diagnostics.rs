//! Every error found in a `.std` file, rendered for people.
//!
//! Each error shows the file, line and column, the source line with the
//! offending text underlined, what was expected and a suggestion, in the
//! layout of `miette`'s graphical reports. This crate draws it as plain
//! text itself ([`Style::Plain`]: the same text with any features); with
//! the `cli` feature, [`Style::Color`] has miette draw it in colour.

mod draw;

use std::fmt;

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
    /// Unicode lines and ANSI colours: for terminals. miette draws the
    /// colours, so this needs the `cli` feature; without it, this is
    /// [`Style::Plain`].
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
        self.render_with(&Painter::new(self, style))
    }

    fn render_with(&self, painter: &Painter) -> String {
        let mut out = String::new();
        for error in self.errors.iter().take(MAX_RENDERED) {
            if painter.draw(&mut out, self, error).is_err() {
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

/// What draws the errors of one [`Diagnostics::render`].
enum Painter {
    /// This crate, without colour.
    Plain,
    /// miette's graphical handler.
    #[cfg(feature = "cli")]
    Miette(Box<fancy::Miette>),
}

impl Painter {
    #[cfg(feature = "cli")]
    fn new(diagnostics: &Diagnostics, style: Style) -> Painter {
        match style {
            Style::Plain => Painter::Plain,
            Style::Color => Painter::Miette(Box::new(fancy::Miette::new(
                &diagnostics.name,
                &diagnostics.source,
                miette::GraphicalTheme::unicode(),
            ))),
        }
    }

    #[cfg(not(feature = "cli"))]
    fn new(_: &Diagnostics, _: Style) -> Painter {
        Painter::Plain
    }

    /// Draws one error; on `Err` part of it may have been drawn.
    fn draw(&self, out: &mut String, diagnostics: &Diagnostics, error: &Error) -> fmt::Result {
        let labels = labels(error, &diagnostics.source);
        match self {
            Painter::Plain => {
                let message = error.to_string();
                draw::draw(out, &diagnostics.name, &diagnostics.source, &message, &labels, error.help())
                    .map_err(|_| fmt::Error)
            }
            #[cfg(feature = "cli")]
            Painter::Miette(miette) => miette.draw(out, error, labels),
        }
    }
}

/// The places an error underlines, with their labels: its span, then the
/// related place, if any. None when the error has no span.
fn labels(error: &Error, text: &str) -> Vec<draw::Label> {
    let Some(span) = error.span() else { return Vec::new() };
    let (offset, len) = visible(text, span);
    let mut labels = vec![draw::Label { offset, len, text: Some(label(error)) }];
    if let Some((related, label)) = error.related() {
        let (offset, len) = visible(text, related);
        labels.push(draw::Label { offset, len, text: Some(label.to_string()) });
    }
    labels
}

/// Drawing with miette's graphical handler (in colour, for terminals).
#[cfg(feature = "cli")]
mod fancy {
    use std::fmt;

    use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

    use super::draw::Label;
    use crate::Error;

    /// miette's handler and the file, for the errors of one file.
    pub(super) struct Miette {
        handler: GraphicalReportHandler,
        source: NamedSource<String>,
    }

    impl Miette {
        pub(super) fn new(name: &str, text: &str, theme: GraphicalTheme) -> Miette {
            Miette {
                handler: GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false),
                source: NamedSource::new(name, text.to_string()),
            }
        }

        pub(super) fn draw(&self, out: &mut String, error: &Error, labels: Vec<Label>) -> fmt::Result {
            self.handler.render_report(out, &Report { error, source: &self.source, labels })
        }
    }

    /// One error as miette sees it.
    struct Report<'a> {
        error: &'a Error,
        source: &'a NamedSource<String>,
        labels: Vec<Label>,
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
            (!self.labels.is_empty()).then_some(self.source as &dyn SourceCode)
        }

        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            if self.labels.is_empty() {
                return None;
            }
            let spans = self.labels.iter().map(|l| LabeledSpan::new_with_span(l.text.clone(), (l.offset, l.len)));
            Some(Box::new(spans))
        }
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

#[cfg(all(test, feature = "cli"))]
mod tests {
    //! The plain text drawn here is miette's, byte for byte.

    use std::path::Path;

    use super::{fancy, Diagnostics, Painter};
    use crate::Standards;

    /// The errors of `text` drawn by this crate and by miette (without
    /// colour), or `None` when it has no errors.
    fn both(name: &str, text: &str) -> Option<(String, String)> {
        let diagnostics: Diagnostics = Standards::parse_named(name, text).err()?;
        let theme = miette::GraphicalTheme::unicode_nocolor();
        let miette = diagnostics.render_with(&Painter::Miette(Box::new(fancy::Miette::new(name, text, theme))));
        Some((diagnostics.render_plain(), miette))
    }

    /// The files of a folder of the crate, as text.
    fn files(dir: &str) -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
            .into_iter()
            .filter(|p| p.extension().is_none_or(|e| e == "std"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
            .collect()
    }

    /// Compares both drawings of every input, naming the ones that differ.
    fn check(inputs: impl IntoIterator<Item = (String, String)>) -> usize {
        let mut compared = 0;
        let mut differ = Vec::new();
        for (name, text) in inputs {
            if let Some((plain, miette)) = both(&name, &text) {
                if plain != miette && differ.len() < 5 {
                    differ.push(format!("--- {name} {text:?}\n--- miette:\n{miette}\n--- plain:\n{plain}"));
                }
                compared += 1;
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
        compared
    }

    #[test]
    fn golden_files_and_fuzz_corpus_draw_as_miette_draws_them() {
        let mut inputs = files("tests/errors");
        inputs.extend(files("tests/fuzz/corpus/parse"));
        inputs.extend(files("tests/fuzz/corpus/roundtrip"));
        assert!(check(inputs) > 100);
    }

    /// Each golden file with text inserted at many places: tabs, wide
    /// characters, line ends, punctuation, long words.
    #[test]
    fn edited_golden_files_draw_as_miette_draws_them() {
        let insertions = [
            "\t",
            "é",
            "客服",
            "😀",
            "\r\n",
            "\n",
            "\n\n",
            "\r",
            " ",
            "-",
            "/",
            "(",
            ")",
            "\"",
            ":",
            "x y",
            "e\u{301}",
            "\u{1b}[31m",
            "wrap-up-time",
            "yes/no",
            "standard",
            "a|b{c}d",
            "100%",
            "$5",
            "a, b; c.",
            "very-long-identifier-with-many-hyphens-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on",
            "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongword",
            "客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服客服",
            "and/or/then/else/maybe/never/always/sometimes/often/rarely/seldom/usually/mostly/hardly/barely/x",
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
        ];
        let mut inputs = Vec::new();
        for (name, text) in files("tests/errors") {
            let boundaries: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            for (n, &at) in boundaries.iter().enumerate() {
                let insertion = insertions[n * 7 % insertions.len()];
                inputs.push((name.clone(), format!("{}{insertion}{}", &text[..at], &text[at..])));
            }
        }
        let compared = check(inputs);
        assert!(compared > 1000, "{compared}");
    }

    /// Shapes of errors the files above may lack: spans over several
    /// lines, a related place far away or on the next line, empty text.
    #[test]
    fn edge_cases_draw_as_miette_draws_them() {
        let cases = [
            "",
            "standard",
            "standard \"x\":",
            "standard \"x\":\n  calls answered\n  within 20 seconds\n  per day\n",
            "standard \"x\":\r\n  calls answered within 20 seconds\r\n  per day\r\n",
            "standard \"Pickup\":\n  calls answered within 20 seconds 80% of the time\nstandard \"Pickup\":\n  calls answered within 30 seconds 90% of the time\n",
            "standard \"Pickup\": calls answered within 20 seconds 80% of the time\n\n\n\n\n\n\nstandard \"Pickup\": calls answered within 30 seconds 90% of the time\n",
            "standard \"客服\": calls answered within 20 seconds 80% of the time\nstandard \"客服\": calls answered within 30 secnds 90% of the time",
            "\tstandard \"x\":\tcalls\tanswered\twithin 3 rigns always",
            "calendar office:\n  mon-fri 09:00-17:30\ncalendar weekend:\n  sat-sun 10:00-16:00\ncalendar very_long_calendar_name_number_three:\n  mon 09:00-10:00\nstandard \"x\": emails responded within 4 business hours 90% of the time",
        ];
        check(cases.iter().enumerate().map(|(i, t)| (format!("case-{i}.std"), t.to_string())));
    }

    /// Messages that wrap, with the line end falling on every character of
    /// punctuation and wide characters in turn (standard names are quoted
    /// in messages as written).
    #[test]
    fn wrapped_messages_break_where_miette_breaks_them() {
        let soup = "x|y (( a ) b/1 c/d e|f g!h i?j k(l) m) n p%q $r s,t u.v w:x y;z aa-bb cc--dd -e f- 客服a😀b ( x ) \
                    ( ( y a{b}c a[b]c [x] {y} 5.5x 12:30 a/ b/c/d 1/2 x+y a\u{a0}b é/ü e\u{301}f a\tb a#b a_b a=b a~b a)b a]b x \u{a0}y";
        let cases = (0..100).map(|pad| {
            let name = format!("{}{soup}", "n".repeat(pad));
            let text = format!("standard \"{name}\": calls answered within 3 rings always\nstandard \"{name}\":\n  calls answered within 3 rings always\n");
            (format!("pad-{pad}.std"), text)
        });
        assert_eq!(check(cases), 100);
    }
}
