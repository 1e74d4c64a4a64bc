//! Drawing one error as text, without colour: the layout of miette's
//! graphical report handler (its `unicode_nocolor` theme, 100 columns, one
//! line of context around each label, tabs as 4 columns), reproduced here
//! so that the library needs none of miette's terminal crates to render
//! its errors.
//!
//! The code follows miette 7's `GraphicalReportHandler` and the parts of
//! `textwrap` it wraps messages with, function by function, so that the
//! text is the same byte for byte; with the `cli` feature a test renders
//! the golden files, the fuzz corpus and edge cases both ways and compares.
//! Only the line-breaking rules of long messages are simplified: miette
//! breaks lines where the Unicode line-breaking algorithm allows; this file
//! knows those rules for ASCII text and treats other characters as letters,
//! except wide ones (CJK, emoji), which may break on either side.

use std::fmt::Write;

use unicode_width::UnicodeWidthChar;

/// The width text is wrapped to.
const WIDTH: usize = 100;
/// Lines of source shown before and after each label.
const CONTEXT_LINES: usize = 1;
/// Columns a tab stands for.
const TAB_WIDTH: usize = 4;

const HBAR: char = '─';
const VBAR: char = '│';
const VBAR_BREAK: char = '·';
const UARROW: char = '▲';
const RARROW: char = '▶';
const LTOP: char = '╭';
const LBOT: char = '╰';
const LCROSS: char = '├';
const RCROSS: char = '┤';
const UNDERBAR: char = '┬';
const UNDERLINE: char = '─';
const ERROR: &str = "×";

/// A labelled span of the source, in bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Label {
    pub offset: usize,
    pub len: usize,
    pub text: Option<String>,
}

impl Label {
    fn end(&self) -> usize {
        self.offset + self.len
    }

    /// The label's lines (a label may hold several).
    fn parts(&self) -> Option<Vec<&str>> {
        self.text.as_deref().map(|t| t.split('\n').collect())
    }
}

/// A span that could not be read from the source (it ends past it).
#[derive(Debug)]
pub(super) struct OutOfBounds;

/// One error: its message, labels in `source` (a file called `name`) and a
/// suggestion. The text ends with a newline. On `Err` the text drawn so
/// far stays in `out`, as miette leaves it.
pub(super) fn draw(
    out: &mut String,
    name: &str,
    source: &str,
    message: &str,
    labels: &[Label],
    help: Option<&str>,
) -> Result<(), OutOfBounds> {
    out.push_str(&wrap(message, &format!("  {ERROR} "), &format!("  {VBAR} ")));
    out.push('\n');
    if !labels.is_empty() {
        snippets(out, name, source.as_bytes(), labels)?;
    }
    if let Some(help) = help {
        out.push_str(&wrap(help, "  help: ", "        "));
        out.push('\n');
    }
    Ok(())
}

/// Where a span sits in the source, with context lines around it (miette's
/// `MietteSpanContents`).
#[derive(Clone, Copy, Debug)]
struct Contents {
    /// The bytes shown: whole lines around the span.
    start: usize,
    end: usize,
    /// Line and column (from 0, the column in bytes) of `start`, or of the
    /// span when read without context.
    line: usize,
    column: usize,
    /// Line breaks passed while reading.
    line_count: usize,
}

/// miette's `context_info`: the lines around a span, or `None` when the
/// span ends past the text.
fn read_span(input: &[u8], span: (usize, usize), before: usize, after: usize) -> Option<Contents> {
    let (span_offset, span_len) = span;
    let mut offset = 0usize;
    let mut line_count = 0usize;
    let mut start_line = 0usize;
    let mut start_column = 0usize;
    let mut before_lines_starts = std::collections::VecDeque::new();
    let mut current_line_start = 0usize;
    let mut end_lines = 0usize;
    let mut post_span = false;
    let mut post_span_got_newline = false;
    let mut iter = input.iter().copied().peekable();
    while let Some(byte) = iter.next() {
        if matches!(byte, b'\r' | b'\n') {
            line_count += 1;
            if byte == b'\r' && iter.next_if_eq(&b'\n').is_some() {
                offset += 1;
            }
            if offset < span_offset {
                start_column = 0;
                before_lines_starts.push_back(current_line_start);
                if before_lines_starts.len() > before {
                    start_line += 1;
                    before_lines_starts.pop_front();
                }
            } else if offset >= span_offset + span_len.saturating_sub(1) && post_span {
                start_column = 0;
                if post_span_got_newline {
                    end_lines += 1;
                } else {
                    post_span_got_newline = true;
                }
                if end_lines >= after {
                    offset += 1;
                    break;
                }
            }
            current_line_start = offset + 1;
        } else if offset < span_offset {
            start_column += 1;
        }
        if offset >= (span_offset + span_len).saturating_sub(1) {
            post_span = true;
            if end_lines >= after {
                offset += 1;
                break;
            }
        }
        offset += 1;
    }
    if offset < (span_offset + span_len).saturating_sub(1) {
        return None;
    }
    let start = before_lines_starts.front().copied().unwrap_or(if before == 0 { span_offset } else { 0 });
    Some(Contents {
        start,
        end: offset,
        line: start_line,
        column: if before == 0 { start_column } else { 0 },
        line_count,
    })
}

/// The source snippets of all labels: labels whose context lines touch or
/// overlap are drawn in one snippet.
fn snippets(out: &mut String, name: &str, source: &[u8], labels: &[Label]) -> Result<(), OutOfBounds> {
    let mut labels = labels.to_vec();
    labels.sort_by_key(|l| l.offset);
    let mut contexts: Vec<(Label, Contents)> = Vec::with_capacity(labels.len());
    for right in &labels {
        let Some(right_contents) = read_span(source, (right.offset, right.len), CONTEXT_LINES, CONTEXT_LINES) else {
            let _ = writeln!(
                out,
                "  [Failed to read contents for label `{}` (offset: {}, length: {}): OutOfBounds]",
                right.text.as_deref().unwrap_or("<none>"),
                right.offset,
                right.len
            );
            return Ok(());
        };
        if let Some((left, left_contents)) = contexts.last() {
            if left_contents.line + left_contents.line_count >= right_contents.line {
                let end = left.end().max(right.end());
                let merged = Label { offset: left.offset, len: end - left.offset, text: left.text.clone() };
                if let Some(contents) = read_span(source, (merged.offset, merged.len), CONTEXT_LINES, CONTEXT_LINES) {
                    contexts.pop();
                    contexts.push((merged, contents));
                    continue;
                }
            }
        }
        contexts.push((right.clone(), right_contents));
    }
    for (context, _) in &contexts {
        context_snippet(out, name, source, context, &labels)?;
    }
    Ok(())
}

/// One line of the source, as miette splits the context.
struct Line {
    number: usize,
    offset: usize,
    length: usize,
    text: String,
}

impl Line {
    /// The span starts and ends on this line.
    fn span_line_only(&self, span: &Label) -> bool {
        span.offset >= self.offset && span.end() <= self.offset + self.length
    }

    /// The span shows on this line, in the gutter or under the text.
    fn span_applies(&self, span: &Label) -> bool {
        let len = span.len.max(1);
        (span.offset >= self.offset && span.offset < self.offset + self.length)
            || (span.offset < self.offset && span.offset + len > self.offset + self.length)
            || (span.offset + len > self.offset && span.offset + len <= self.offset + self.length)
    }

    /// The span shows in the gutter of this line: it covers more lines.
    fn span_applies_gutter(&self, span: &Label) -> bool {
        let len = span.len.max(1);
        self.span_applies(span)
            && !((span.offset >= self.offset && span.offset < self.offset + self.length)
                && (span.offset + len > self.offset && span.offset + len <= self.offset + self.length))
    }

    /// The span covers this line without starting or ending on it.
    fn span_flyby(&self, span: &Label) -> bool {
        span.offset < self.offset && span.end() > self.offset + self.length
    }

    fn span_starts(&self, span: &Label) -> bool {
        span.offset >= self.offset
    }

    fn span_ends(&self, span: &Label) -> bool {
        span.end() >= self.offset && span.end() <= self.offset + self.length
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LabelMode {
    SingleLine,
    MultiLineFirst,
    MultiLineRest,
}

/// miette's `get_lines`: the lines of a context.
fn get_lines(source: &[u8], span: (usize, usize)) -> Option<Vec<Line>> {
    let contents = read_span(source, span, CONTEXT_LINES, CONTEXT_LINES)?;
    let text = String::from_utf8_lossy(&source[contents.start..contents.end]);
    let mut line = contents.line;
    let mut column = contents.column;
    let mut offset = contents.start;
    let mut line_offset = offset;
    let mut line_text = String::with_capacity(text.len());
    let mut lines = Vec::with_capacity(1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        offset += c.len_utf8();
        let mut at_end_of_file = false;
        match c {
            '\r' => {
                if chars.next_if_eq(&'\n').is_some() {
                    offset += 1;
                    line += 1;
                    column = 0;
                } else {
                    line_text.push(c);
                    column += 1;
                }
                at_end_of_file = chars.peek().is_none();
            }
            '\n' => {
                at_end_of_file = chars.peek().is_none();
                line += 1;
                column = 0;
            }
            _ => {
                line_text.push(c);
                column += 1;
            }
        }
        if chars.peek().is_none() && !at_end_of_file {
            line += 1;
        }
        if column == 0 || chars.peek().is_none() {
            lines.push(Line {
                number: line,
                offset: line_offset,
                length: offset - line_offset,
                text: line_text.clone(),
            });
            line_text.clear();
            line_offset = offset;
        }
    }
    Some(lines)
}

/// miette's `render_context`: one snippet, with every label that falls on
/// its lines.
fn context_snippet(
    out: &mut String,
    name: &str,
    source: &[u8],
    context: &Label,
    labels: &[Label],
) -> Result<(), OutOfBounds> {
    let lines = get_lines(source, (context.offset, context.len)).ok_or(OutOfBounds)?;
    let primary = labels.iter().find(|l| context.offset <= l.offset && l.end() <= context.end());
    let mut max_gutter = 0usize;
    for line in &lines {
        let count = labels.iter().filter(|hl| !line.span_line_only(hl) && line.span_applies_gutter(hl)).count();
        max_gutter = max_gutter.max(count);
    }
    let linum_width = lines.last().map_or(0, |l| l.number).to_string().len();
    let _ = write!(out, "{}{LTOP}{HBAR}", " ".repeat(linum_width + 2));
    let at = match primary {
        Some(label) => read_span(source, (label.offset, label.len), 0, 0),
        None => read_span(source, (context.offset, context.len), CONTEXT_LINES, CONTEXT_LINES),
    }
    .ok_or(OutOfBounds)?;
    let _ = writeln!(out, "[{name}:{}:{}]", at.line + 1, at.column + 1);
    for line in &lines {
        let _ = write!(out, " {:>linum_width$} {VBAR} ", line.number);
        line_gutter(out, max_gutter, line, labels);
        line_text(out, &line.text);
        let (single_line, multi_line): (Vec<&Label>, Vec<&Label>) =
            labels.iter().filter(|hl| line.span_applies(hl)).partition(|hl| line.span_line_only(hl));
        if !single_line.is_empty() {
            no_linum(out, linum_width);
            highlight_gutter(out, max_gutter, line, labels, LabelMode::SingleLine);
            single_line_highlights(out, line, linum_width, max_gutter, &single_line, labels);
        }
        for hl in multi_line {
            if hl.text.is_some() && line.span_ends(hl) && !line.span_starts(hl) {
                multi_line_end(out, labels, max_gutter, linum_width, line, hl);
            }
        }
    }
    let _ = writeln!(out, "{}{LBOT}{}", " ".repeat(linum_width + 2), HBAR.to_string().repeat(4));
    Ok(())
}

fn no_linum(out: &mut String, linum_width: usize) {
    let _ = write!(out, " {:linum_width$} {VBAR_BREAK} ", "");
}

/// The end of a span over several lines, with its label.
fn multi_line_end(
    out: &mut String,
    labels: &[Label],
    max_gutter: usize,
    linum_width: usize,
    line: &Line,
    label: &Label,
) {
    no_linum(out, linum_width);
    let Some(parts) = label.parts() else {
        highlight_gutter(out, max_gutter, line, labels, LabelMode::SingleLine);
        out.push(HBAR);
        out.push('\n');
        return;
    };
    let (first, rest) = parts.split_first().expect("a label has a first line");
    if rest.is_empty() {
        highlight_gutter(out, max_gutter, line, labels, LabelMode::SingleLine);
        let _ = writeln!(out, "{HBAR} {first}");
        return;
    }
    highlight_gutter(out, max_gutter, line, labels, LabelMode::MultiLineFirst);
    let _ = writeln!(out, "{RCROSS} {first}");
    for part in rest {
        no_linum(out, linum_width);
        highlight_gutter(out, max_gutter, line, labels, LabelMode::MultiLineRest);
        let _ = writeln!(out, "{VBAR} {part}");
    }
}

/// The gutter beside a source line: where spans over several lines start,
/// pass and end.
fn line_gutter(out: &mut String, max_gutter: usize, line: &Line, labels: &[Label]) {
    if max_gutter == 0 {
        return;
    }
    let mut gutter = String::new();
    let mut arrow = false;
    for (i, hl) in labels.iter().filter(|hl| line.span_applies_gutter(hl)).enumerate() {
        if line.span_starts(hl) {
            gutter.push(LTOP);
            gutter.push_str(&HBAR.to_string().repeat(max_gutter.saturating_sub(i)));
            gutter.push(RARROW);
            arrow = true;
            break;
        } else if line.span_ends(hl) {
            gutter.push(if hl.text.is_some() { LCROSS } else { LBOT });
            gutter.push_str(&HBAR.to_string().repeat(max_gutter.saturating_sub(i)));
            gutter.push(RARROW);
            arrow = true;
            break;
        } else if line.span_flyby(hl) {
            gutter.push(VBAR);
        } else {
            gutter.push(' ');
        }
    }
    let pad = if arrow { 1 } else { 3 } + max_gutter.saturating_sub(gutter.chars().count());
    out.push_str(&gutter);
    out.push_str(&" ".repeat(pad));
}

/// The gutter beside an underline or label line.
fn highlight_gutter(out: &mut String, max_gutter: usize, line: &Line, labels: &[Label], mode: LabelMode) {
    if max_gutter == 0 {
        return;
    }
    let mut columns = 0;
    let mut gutter = String::new();
    for (i, hl) in labels.iter().filter(|hl| line.span_applies_gutter(hl)).enumerate() {
        if !line.span_line_only(hl) && line.span_ends(hl) {
            let repeat = max_gutter.saturating_sub(i) + 2;
            if mode == LabelMode::MultiLineRest {
                gutter.push_str(&" ".repeat(repeat));
                columns += repeat + 1;
            } else {
                gutter.push(LBOT);
                let bars = repeat - usize::from(mode == LabelMode::MultiLineFirst);
                gutter.push_str(&HBAR.to_string().repeat(bars));
                columns += repeat + 1;
            }
            break;
        }
        gutter.push(VBAR);
        columns += 1;
    }
    out.push_str(&gutter);
    out.push_str(&" ".repeat((max_gutter + 3).saturating_sub(columns)));
}

/// The columns each character of a line takes: tabs to the next multiple
/// of 4, ANSI escapes none, the rest by Unicode width.
fn char_widths(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut column = 0;
    let mut escaped = false;
    text.chars().map(move |c| {
        let width = match (escaped, c) {
            (false, '\t') => TAB_WIDTH - column % TAB_WIDTH,
            (false, '\x1b') => {
                escaped = true;
                0
            }
            (false, c) => c.width().unwrap_or(0),
            (true, 'm') => {
                escaped = false;
                0
            }
            (true, _) => 0,
        };
        column += width;
        width
    })
}

/// The column of a byte offset on a line: a character's first column when
/// `start`, else its last; one past the text for offsets past it.
fn visual_offset(line: &Line, offset: usize, start: bool) -> usize {
    let mut index = offset.saturating_sub(line.offset);
    while index <= line.text.len() && !line.text.is_char_boundary(index) {
        if start {
            index -= 1;
        } else {
            index += 1;
        }
    }
    let width: usize = char_widths(&line.text[..index.min(line.text.len())]).sum();
    if index > line.text.len() {
        width + 1
    } else {
        width
    }
}

/// A source line, tabs as spaces.
fn line_text(out: &mut String, text: &str) {
    for (c, width) in text.chars().zip(char_widths(text)) {
        if c == '\t' {
            out.push_str(&" ".repeat(width));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
}

/// The underlines of the spans on one line, then their labels.
fn single_line_highlights(
    out: &mut String,
    line: &Line,
    linum_width: usize,
    max_gutter: usize,
    single_liners: &[&Label],
    labels: &[Label],
) {
    let mut underlines = String::new();
    let mut highest = 0;
    let mut vbar_offsets = Vec::with_capacity(single_liners.len());
    for &hl in single_liners {
        let start = visual_offset(line, hl.offset, true).max(highest);
        let end = if hl.len == 0 { start + 1 } else { visual_offset(line, hl.end(), false).max(start + 1) };
        let vbar_offset = (start + end) / 2;
        let middle = if hl.len == 0 {
            UARROW
        } else if hl.text.is_some() {
            UNDERBAR
        } else {
            UNDERLINE
        };
        underlines.push_str(&" ".repeat(start.saturating_sub(highest)));
        underlines.push_str(&UNDERLINE.to_string().repeat(vbar_offset - start));
        underlines.push(middle);
        underlines.push_str(&UNDERLINE.to_string().repeat(end - vbar_offset - 1));
        highest = highest.max(end);
        vbar_offsets.push((hl, vbar_offset));
    }
    out.push_str(&underlines);
    out.push('\n');
    for &hl in single_liners.iter().rev() {
        let Some(parts) = hl.parts() else { continue };
        for (i, part) in parts.iter().enumerate() {
            let mode = match (parts.len(), i) {
                (1, _) => LabelMode::SingleLine,
                (_, 0) => LabelMode::MultiLineFirst,
                _ => LabelMode::MultiLineRest,
            };
            no_linum(out, linum_width);
            highlight_gutter(out, max_gutter, line, labels, LabelMode::SingleLine);
            label_text(out, &vbar_offsets, hl, part, mode);
        }
    }
}

/// One line of a label, with the bars of the labels left of it.
fn label_text(out: &mut String, vbar_offsets: &[(&Label, usize)], hl: &Label, text: &str, mode: LabelMode) {
    let mut column = 1usize;
    for &(other, vbar_offset) in vbar_offsets {
        while column < vbar_offset + 1 {
            out.push(' ');
            column += 1;
        }
        if other != hl {
            out.push(VBAR);
            column += 1;
        } else {
            let _ = match mode {
                LabelMode::SingleLine => writeln!(out, "{LBOT}{HBAR}{HBAR} {text}"),
                LabelMode::MultiLineFirst => writeln!(out, "{LBOT}{HBAR}{RCROSS} {text}"),
                LabelMode::MultiLineRest => writeln!(out, "  {VBAR} {text}"),
            };
            break;
        }
    }
}

/// textwrap's `fill` as miette calls it: first-fit lines of at most
/// `WIDTH - 2` columns, the first after `initial`, the rest after
/// `subsequent`, words longer than a line broken anywhere, words with
/// inner hyphens breakable after them.
fn wrap(text: &str, initial: &str, subsequent: &str) -> String {
    let width = WIDTH - 2;
    let widths = [width.saturating_sub(display_width(initial)), width.saturating_sub(display_width(subsequent))];
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let mut words = Vec::new();
        for word in find_words(line) {
            for piece in split_hyphens(word) {
                if piece.width > widths[1] {
                    words.extend(piece.break_apart(widths[1]));
                } else {
                    words.push(piece);
                }
            }
        }
        if !initial.is_empty() {
            words.insert(0, Word::from(""));
        }
        let mut index = 0;
        for fitted in first_fit(&words, &widths) {
            let Some(last) = fitted.last() else {
                lines.push(String::new());
                continue;
            };
            let len: usize = fitted.iter().map(|w| w.word.len() + w.whitespace.len()).sum();
            let mut result = if lines.is_empty() { initial.to_string() } else { subsequent.to_string() };
            result.push_str(&line[index..index + len - last.whitespace.len()]);
            result.push_str(last.penalty);
            lines.push(result);
            index += len;
        }
    }
    lines.join("\n")
}

/// A piece of text that is not broken: its trailing spaces, and the text
/// to add when a line breaks after it.
#[derive(Clone, Copy, Debug)]
struct Word<'a> {
    word: &'a str,
    whitespace: &'a str,
    penalty: &'static str,
    width: usize,
}

impl<'a> Word<'a> {
    fn from(text: &'a str) -> Word<'a> {
        let word = text.trim_end_matches(' ');
        Word { word, whitespace: &text[word.len()..], penalty: "", width: display_width(word) }
    }

    /// The word in pieces of at most `line_width` columns.
    fn break_apart(self, line_width: usize) -> Vec<Word<'a>> {
        let mut pieces = Vec::new();
        let mut chars = self.word.char_indices();
        let mut offset = 0;
        let mut width = 0;
        while let Some((index, c)) = chars.next() {
            if skip_ansi_escape(c, &mut chars.by_ref().map(|(_, c)| c)) {
                continue;
            }
            let w = c.width().unwrap_or(0);
            if width > 0 && width + w > line_width {
                pieces.push(Word { word: &self.word[offset..index], whitespace: "", penalty: "", width });
                offset = index;
                width = w;
            } else {
                width += w;
            }
        }
        if offset < self.word.len() {
            pieces.push(Word { word: &self.word[offset..], whitespace: self.whitespace, penalty: self.penalty, width });
        }
        pieces
    }
}

/// textwrap's `wrap_first_fit`.
fn first_fit<'w, 'a>(words: &'w [Word<'a>], widths: &[usize; 2]) -> Vec<&'w [Word<'a>]> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut width = 0;
    for (index, word) in words.iter().enumerate() {
        let line_width = widths[lines.len().min(1)];
        if width + word.width + word.penalty.len() > line_width && index > start {
            lines.push(&words[start..index]);
            start = index;
            width = 0;
        }
        width += word.width + word.whitespace.len();
    }
    lines.push(&words[start..]);
    lines
}

/// textwrap's hyphen splitting: a word may break after a hyphen between
/// letters or digits.
fn split_hyphens(word: Word<'_>) -> Vec<Word<'_>> {
    let text = word.word;
    let mut pieces = Vec::new();
    let mut previous = 0;
    for (index, _) in text.match_indices('-') {
        let before = text[..index].chars().next_back();
        let after = text[index + 1..].chars().next();
        if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric) {
            let piece = &text[previous..index + 1];
            pieces.push(Word { word: piece, whitespace: "", penalty: "", width: display_width(piece) });
            previous = index + 1;
        }
    }
    if previous < text.len() || previous == 0 {
        let piece = &text[previous..];
        pieces.push(Word {
            word: piece,
            whitespace: word.whitespace,
            penalty: word.penalty,
            width: display_width(piece),
        });
    }
    pieces
}

/// Skips an ANSI escape sequence starting at `c`; true when `c` starts one.
fn skip_ansi_escape(c: char, chars: &mut impl Iterator<Item = char>) -> bool {
    if c != '\x1b' {
        return false;
    }
    match chars.next() {
        Some('[') => {
            for c in chars.by_ref() {
                if ('\x40'..='\x7e').contains(&c) {
                    break;
                }
            }
        }
        Some(']') => {
            let mut last = ']';
            for c in chars.by_ref() {
                if c == '\x07' || (c == '\\' && last == '\x1b') {
                    break;
                }
                last = c;
            }
        }
        _ => {}
    }
    true
}

/// Columns of text, ANSI escapes excluded.
fn display_width(text: &str) -> usize {
    let mut chars = text.chars();
    let mut width = 0;
    while let Some(c) = chars.next() {
        if !skip_ansi_escape(c, &mut chars) {
            width += c.width().unwrap_or(0);
        }
    }
    width
}

/// Line-breaking classes of UAX #14 that matter for the text of messages.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// Space.
    Sp,
    /// Break after: tab, `|`.
    Ba,
    /// Hyphen.
    Hy,
    /// `/`.
    Sy,
    /// `!`, `?`.
    Ex,
    /// `,`, `.`, `:`, `;`.
    Is,
    /// `}`.
    Cl,
    /// `)`, `]`.
    Cp,
    /// `(`, `[`, `{`.
    Op,
    /// Quotation marks.
    Qu,
    /// Prefixes: `$`, `+`, `\`.
    Pr,
    /// Postfixes: `%`.
    Po,
    /// Digits.
    Nu,
    /// Letters and everything else.
    Al,
    /// Wide characters: ideographs, emoji.
    Id,
    /// Combining marks and control characters.
    Cm,
    /// No-break spaces.
    Gl,
}

fn class(c: char) -> Class {
    match c {
        ' ' => Class::Sp,
        '\t' | '|' => Class::Ba,
        '-' => Class::Hy,
        '/' => Class::Sy,
        '!' | '?' => Class::Ex,
        ',' | '.' | ':' | ';' => Class::Is,
        '}' => Class::Cl,
        ')' | ']' => Class::Cp,
        '(' | '[' | '{' => Class::Op,
        '"' | '\'' => Class::Qu,
        '$' | '+' | '\\' => Class::Pr,
        '%' => Class::Po,
        '0'..='9' => Class::Nu,
        '\u{a0}' | '\u{202f}' | '\u{2007}' => Class::Gl,
        c if c.is_control() => Class::Cm,
        c if c.is_ascii() => Class::Al,
        c => match c.width() {
            Some(0) => Class::Cm,
            Some(2) => Class::Id,
            _ => Class::Al,
        },
    }
}

/// Whether a line may break between a character of class `before` and one
/// of class `after`; `open` says that `before` is spaces after `(`.
fn may_break(before: Class, after: Class, open: bool) -> bool {
    use Class::*;
    match (before, after) {
        (_, Sp) => false,
        (Sp | Ba, Gl) => true,
        (Hy, Gl) => false,
        (Gl, _) | (_, Gl) => false,
        (_, Cl | Cp | Ex | Is | Sy) => false,
        (Op, _) => false,
        (Sp, _) => !open,
        (Qu, _) | (_, Qu) => false,
        (_, Ba | Hy) => false,
        // textwrap leaves breaks after hyphens to its hyphen splitting.
        (Hy, _) => false,
        (Al, Nu) | (Nu, Al) => false,
        (Pr, Id) | (Id, Po) => false,
        (Pr | Po, Al) | (Al, Pr | Po) => false,
        (Pr | Po | Nu | Sy | Is, Nu) | (Nu, Po | Pr) => false,
        (Al, Al) | (Is, Al) => false,
        (Al | Nu, Op) | (Cp, Al | Nu) => false,
        _ => true,
    }
}

/// The words of a line: each ends where a line may break, trailing spaces
/// included.
fn find_words(line: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    let mut open = false;
    for (index, c) in line.char_indices() {
        let mut current = class(c);
        if current == Class::Cm {
            match previous {
                // A combining mark belongs to the character before it.
                Some(p) if p != Class::Sp => continue,
                _ => current = Class::Al,
            }
        }
        if let Some(before) = previous {
            if index > 0 && may_break(before, current, open) {
                words.push(Word::from(&line[start..index]));
                start = index;
            }
            open = match current {
                Class::Op => true,
                Class::Sp => open || before == Class::Op,
                _ => false,
            };
        } else {
            open = current == Class::Op;
        }
        previous = Some(current);
    }
    if start < line.len() {
        words.push(Word::from(&line[start..]));
    }
    words
}
