//! Splitting a file into statements, before the grammar runs.
//!
//! Every statement starts with a reserved word (SPEC §2), so a file can be cut
//! into statements with a tiny scanner that only knows about comments,
//! strings and backticks. Parsing each statement alone lets one bad
//! statement report its error without hiding those of the others, and lets
//! the limits on size and nesting be enforced before any recursion happens.

use super::ast::Span;
use super::error::{Error, ErrorKind};
use super::{suggest_keyword, RESERVED};

/// The largest `.std` file read, in bytes.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
/// The longest single statement, in bytes.
pub const MAX_STATEMENT_BYTES: usize = 64 * 1024;
/// The deepest nesting of parentheses (or of `not`s in a row) in a filter.
pub const MAX_NESTING: usize = 64;
/// The most statements in one file.
pub const MAX_STATEMENTS: usize = 20_000;

/// Cuts `source` into statement spans; errors for text that is no statement
/// and for broken limits. A statement over a limit is reported and left out.
pub fn split(source: &str) -> (Vec<Span>, Vec<Error>) {
    let mut scanner = Scanner { source: source.as_bytes(), pos: 0 };
    let mut statements: Vec<Span> = Vec::new();
    let mut errors = Vec::new();
    let mut current: Option<Current> = None;
    let mut stray: Option<Span> = None;

    while let Some(token) = scanner.next_token() {
        if let Token::Word(span) = token {
            let word = &source[span.start..span.end];
            let reserved = RESERVED.iter().any(|r| r.eq_ignore_ascii_case(word));
            let inside_calendar_header =
                current.as_ref().is_some_and(|c| c.awaits_calendar_timezone) && word.eq_ignore_ascii_case("timezone");
            if reserved && !inside_calendar_header {
                flush_stray(source, &mut stray, &mut errors);
                if let Some(done) = current.take() {
                    finish(done, source, &mut statements, &mut errors);
                }
                if statements.len() >= MAX_STATEMENTS {
                    errors.push(Error {
                        kind: ErrorKind::TooManyStatements { limit: MAX_STATEMENTS },
                        span,
                        help: None,
                    });
                    return (statements, errors);
                }
                current = Some(Current::new(span, word.eq_ignore_ascii_case("calendar")));
                continue;
            }
        }
        match current.as_mut() {
            Some(statement) => statement.see(&token, source),
            None => {
                let span = token.span();
                stray = Some(stray.map_or(span, |s| s.to(span)));
            }
        }
    }
    flush_stray(source, &mut stray, &mut errors);
    if let Some(done) = current.take() {
        finish(done, source, &mut statements, &mut errors);
    }
    (statements, errors)
}

/// The statement being scanned.
struct Current {
    start: usize,
    /// The end of its last token: trailing comments and blanks are not part
    /// of a statement.
    end: usize,
    depth: usize,
    /// `not`s in a row: each nests the filter one level deeper.
    nots: usize,
    too_deep: Option<Span>,
    /// Tokens seen so far, to recognise `calendar NAME :` followed by the
    /// block's own `timezone` line.
    tokens: usize,
    is_calendar: bool,
    awaits_calendar_timezone: bool,
}

impl Current {
    fn new(span: Span, is_calendar: bool) -> Current {
        Current {
            start: span.start,
            end: span.end,
            depth: 0,
            nots: 0,
            too_deep: None,
            tokens: 1,
            is_calendar,
            awaits_calendar_timezone: false,
        }
    }

    fn see(&mut self, token: &Token, source: &str) {
        self.tokens += 1;
        self.end = token.span().end;
        self.awaits_calendar_timezone =
            self.is_calendar && self.tokens == 3 && matches!(token, Token::Other(s) if &source[s.start..s.end] == ":");
        let text = &source[token.span().start..token.span().end];
        self.nots = if text.eq_ignore_ascii_case("not") { self.nots + 1 } else { 0 };
        if self.nots > MAX_NESTING && self.too_deep.is_none() {
            self.too_deep = Some(token.span());
        }
        if let Token::Other(span) = token {
            match text {
                "(" => {
                    self.depth += 1;
                    if self.depth > MAX_NESTING && self.too_deep.is_none() {
                        self.too_deep = Some(*span);
                    }
                }
                ")" => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
    }
}

fn finish(statement: Current, source: &str, statements: &mut Vec<Span>, errors: &mut Vec<Error>) {
    let span = Span::new(statement.start, statement.end);
    if let Some(paren) = statement.too_deep {
        errors.push(Error {
            kind: ErrorKind::TooDeep { limit: MAX_NESTING },
            span: paren,
            help: Some("split the filter into named subjects".into()),
        });
    } else if span.end - span.start > MAX_STATEMENT_BYTES {
        let first_line_end = source[span.start..span.end].find('\n').map_or(span.end, |n| span.start + n);
        errors.push(Error {
            kind: ErrorKind::StatementTooLong { length: span.end - span.start, limit: MAX_STATEMENT_BYTES },
            span: Span::new(span.start, first_line_end.min(span.start + 200)),
            help: None,
        });
    } else {
        statements.push(span);
    }
}

fn flush_stray(source: &str, stray: &mut Option<Span>, errors: &mut Vec<Error>) {
    if let Some(span) = stray.take() {
        let first_word_end =
            source[span.start..span.end].find(char::is_whitespace).map_or(span.end, |n| span.start + n);
        let first = &source[span.start..first_word_end];
        errors.push(Error {
            kind: ErrorKind::NotAStatement { found: super::describe_found(first) },
            span: Span::new(span.start, first_word_end),
            help: suggest_keyword(first, RESERVED.iter().copied()).or_else(|| {
                Some(
                    "every statement starts with `standard \"NAME\":`, `subject`, `measure`, `calendar` or `timezone`"
                        .into(),
                )
            }),
        });
    }
}

enum Token {
    Word(Span),
    Other(Span),
}

impl Token {
    fn span(&self) -> Span {
        match self {
            Token::Word(s) | Token::Other(s) => *s,
        }
    }
}

struct Scanner<'a> {
    source: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    /// The next word, string, backticked name or other character; comments
    /// and whitespace are skipped.
    fn next_token(&mut self) -> Option<Token> {
        loop {
            let &byte = self.source.get(self.pos)?;
            let start = self.pos;
            match byte {
                b if b.is_ascii_whitespace() => self.pos += 1,
                b'#' => self.skip_line(),
                b'"' => {
                    self.skip_quoted(b'"', true);
                    return Some(Token::Other(Span::new(start, self.pos)));
                }
                b'`' => {
                    self.skip_quoted(b'`', false);
                    return Some(Token::Other(Span::new(start, self.pos)));
                }
                b if b.is_ascii_alphanumeric() => {
                    while self
                        .source
                        .get(self.pos)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
                    {
                        self.pos += 1;
                    }
                    return Some(Token::Word(Span::new(start, self.pos)));
                }
                _ => {
                    // One character, however many bytes it takes.
                    self.pos += 1;
                    while self.source.get(self.pos).is_some_and(|b| (b & 0xC0) == 0x80) {
                        self.pos += 1;
                    }
                    return Some(Token::Other(Span::new(start, self.pos)));
                }
            }
        }
    }

    fn skip_line(&mut self) {
        while self.source.get(self.pos).is_some_and(|b| *b != b'\n') {
            self.pos += 1;
        }
    }

    /// Skips a quoted run up to its closing quote or the end of the line.
    fn skip_quoted(&mut self, quote: u8, escapes: bool) {
        self.pos += 1;
        while let Some(&b) = self.source.get(self.pos) {
            match b {
                b'\n' => return,
                b'\\' if escapes => self.pos += 2,
                b if b == quote => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.source.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<&str> {
        let (spans, errors) = split(source);
        assert!(errors.is_empty(), "{errors:?}");
        spans.iter().map(|s| &source[s.start..s.end]).collect()
    }

    #[test]
    fn splits_at_reserved_words() {
        let source = "timezone \"UTC\"\n# standard in a comment\nstandard \"subject\": calls\n  answered always\nSUBJECT x = a is 1\n";
        assert_eq!(
            texts(source),
            ["timezone \"UTC\"", "standard \"subject\": calls\n  answered always", "SUBJECT x = a is 1"]
        );
    }

    #[test]
    fn keeps_a_calendars_own_timezone_line() {
        let source = "calendar office:\n  timezone \"Europe/Paris\"\n  mon 09:00-17:00\ntimezone \"UTC\"";
        assert_eq!(texts(source).len(), 2);
    }

    #[test]
    fn reports_stray_text_and_deep_nesting() {
        let (_, errors) = split("hello world\nstandard \"x\": calls answered always where ((((a is 1))))");
        assert_eq!(errors.len(), 1);
        let deep = format!("standard \"x\": calls answered always where {}a is 1", "(".repeat(10_000));
        let (spans, errors) = split(&deep);
        assert!(spans.is_empty());
        assert!(matches!(errors[0].kind, ErrorKind::TooDeep { .. }));
    }
}
