//! Pest's errors in plain words.
//!
//! Pest reports the grammar rules it tried at the point where parsing
//! stopped. Rule names mean nothing to a rule author, so each is described
//! here ("a target (`95% of the time`)"), and a near-miss keyword gets
//! a "did you mean" suggestion.

use super::ast::Span;
use super::error::{Error, ErrorKind};
use super::parse::Rule;
use super::{describe_found, suggest_keyword, PHRASE_STOP_WORDS};

/// What `rule` stands for, in words; `None` for rules never worth naming.
fn describe(rule: Rule) -> Option<&'static str> {
    use Rule::*;
    Some(match rule {
        EOI => "the end of the statement",
        string | string_inner => "a quoted string",
        decimal | number | spelled | percent_number => "a number",
        percent => "a percentage such as `95%`",
        clock => "a time of day such as `09:00`",
        time_range => "opening hours such as `09:00-17:30`",
        date => "a date such as `2026-12-25`",
        colon => "`:`",
        equals => "`=`",
        minus => "`-`",
        comma => "`,`",
        lparen => "`(`",
        rparen => "`)`",
        lbracket => "`[`",
        rbracket => "`]`",
        name => "a name",
        subject_name => "a subject such as `calls`",
        field | quoted_field => "a field name",
        phrase | phrase_word => "a measure (`answered`)",
        decl_phrase | decl_word => "a measure phrase",
        calendar_timezone => "`timezone \"…\"`",
        closed_line => "`closed YYYY-MM-DD`",
        hours_line => "opening hours such as `mon-fri 09:00-17:30`",
        day_list | day_item => "days such as `mon-fri`",
        measure_duration | measure_unit | measure_field => "a field, `FIELD UNIT` or `FIELD - FIELD`",
        compliance_body | aggregate_body => "a standard such as `calls answered within 20 seconds 80% of the time`",
        subject_ref => "a subject such as `calls`",
        aggregate | nps_of | percentile_word | ordinal_percentile | ordinal => "an aggregate such as `average`",
        condition | cond_within | cond_under | cond_at_most | cond_at_least | cond_over | cond_between => {
            "a condition (`within 20 seconds`)"
        }
        quantity => "a number with its unit, such as `20 seconds`",
        business_unit | unit_word => "a unit such as `seconds`, `minutes` or `rings`",
        share_target | cases_target | at_least_target | at_most_target | always_target | never_target
        | vague_target => "a target (`95% of the time`)",
        window | period => "a window (`per day`)",
        grouping => "a grouping (`by team`)",
        filter_clause => "a filter (`where team is \"north\"`)",
        filter | and_expr | not_expr | negation | comparison => "a test such as `team is \"north\"`",
        is_missing | is_present | is_not | is_value | not_in | in_list | compare | compare_op => {
            "`is`, `is not`, `in`, `not in`, `is missing`, `is present` or a comparison such as `>= 3`"
        }
        list => "a list such as `[\"a\", \"b\"]`",
        value => "a value (a quoted string, a number, `true` or `false`)",
        _ => return None,
    })
}

/// The keyword a `kw_*` rule matches.
fn keyword(rule: Rule) -> Option<&'static str> {
    let name = format!("{rule:?}");
    let word = name.strip_prefix("kw_")?;
    super::KEYWORDS.iter().chain(super::AGGREGATE_WORDS).copied().find(|k| *k == word)
}

/// Keywords that could have started what `rule` stands for: the candidates
/// for "did you mean".
fn starting_keywords(rule: Rule) -> &'static [&'static str] {
    use Rule::*;
    match rule {
        condition | cond_within | cond_under | cond_at_most | cond_at_least | cond_over | cond_between => {
            &["within", "under", "less", "at", "over", "more", "between"]
        }
        share_target | cases_target | at_least_target | at_most_target | always_target | never_target
        | vague_target => &["always", "never", "every"],
        window => &["per"],
        grouping => &["by"],
        filter_clause => &["where"],
        phrase | phrase_word => PHRASE_STOP_WORDS,
        aggregate => &["average", "mean", "median", "minimum", "maximum", "total", "count", "nps"],
        is_missing | is_present | is_not | is_value | not_in | in_list => &["is", "in", "not", "missing", "present"],
        _ => &[],
    }
}

/// Turns a pest error in the statement at `statement` into a syntax error.
pub fn convert(error: pest::error::Error<Rule>, source: &str, statement: Span) -> Error {
    let relative = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((p, _)) => p,
    };
    let rules = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let expected = expected_words(&rules);
    let mut candidates: Vec<&str> = rules.iter().flat_map(|r| starting_keywords(*r).iter().copied()).collect();
    candidates.extend(rules.iter().filter_map(|r| keyword(*r)));

    let position = skip_blank(source, statement.start + relative, statement.end);
    let found = token_at(source, position, statement.end);

    // A misspelled keyword is often swallowed as part of a measure phrase,
    // so the parser stops one word later: look at the word before too.
    if let Some(previous) = word_before(source, statement.start, position) {
        let text = &source[previous.start..previous.end];
        if let Some(help) = suggest_keyword(text, candidates.iter().copied()) {
            let kind = ErrorKind::Misspelled { found: text.to_string() };
            return Error { kind, span: previous, help: Some(help) };
        }
    }
    let text = &source[found.start..found.end];
    let help = if text.starts_with('"') && !text.ends_with('"') || text == "\"" {
        return Error {
            kind: ErrorKind::UnterminatedString,
            span: found,
            help: Some("end the string with `\"` on the same line".into()),
        };
    } else {
        suggest_keyword(text, candidates.iter().copied())
    };
    let kind = if found.start >= statement.end {
        ErrorKind::UnexpectedEnd { expected }
    } else {
        ErrorKind::Unexpected { found: describe_found(text), expected }
    };
    Error { kind, span: found, help }
}

/// "a, b or c" from the descriptions of `rules`, without repeats.
///
/// Where the parser stood at the start of a clause, pest names the first
/// keyword of each alternative (`per`, `by`, `always`, …); those are named
/// by the clause they start instead, and listed in the order clauses come in
/// a standard.
fn expected_words(rules: &[Rule]) -> String {
    let at_clause_start = rules.iter().any(|r| matches!(r, Rule::kw_always | Rule::kw_never));
    let mut words: Vec<String> = Vec::new();
    for rule in rules {
        let text = match (rule, at_clause_start) {
            (Rule::kw_per, _) => describe(Rule::window),
            (Rule::kw_by, _) => describe(Rule::grouping),
            (Rule::kw_where, _) => describe(Rule::filter_clause),
            (Rule::kw_always | Rule::kw_never | Rule::kw_every | Rule::percent, true) => describe(Rule::share_target),
            (
                Rule::kw_within | Rule::kw_under | Rule::kw_less | Rule::kw_over | Rule::kw_more | Rule::kw_between,
                true,
            ) => describe(Rule::condition),
            (Rule::kw_in | Rule::kw_at, true) => continue,
            _ => describe(*rule),
        };
        let text = match text {
            Some(text) => text.to_string(),
            None => match keyword(*rule) {
                Some(k) => format!("`{k}`"),
                None => continue,
            },
        };
        if !words.contains(&text) {
            words.push(text);
        }
    }
    let order = [
        Rule::phrase,
        Rule::condition,
        Rule::share_target,
        Rule::window,
        Rule::grouping,
        Rule::filter_clause,
        Rule::EOI,
    ];
    let rank =
        |text: &String| order.iter().position(|r| describe(*r) == Some(text.as_str())).unwrap_or(order.len() - 1);
    words.sort_by_key(rank);
    match words.len() {
        0 => "something else".into(),
        1 => words.pop().unwrap(),
        _ => {
            let last = words.pop().unwrap();
            format!("{} or {last}", words.join(", "))
        }
    }
}

/// Skips whitespace and comments from `pos`.
fn skip_blank(source: &str, mut pos: usize, end: usize) -> usize {
    let bytes = source.as_bytes();
    while pos < end {
        match bytes[pos] {
            b if b.is_ascii_whitespace() => pos += 1,
            b'#' => {
                while pos < end && bytes[pos] != b'\n' {
                    pos += 1;
                }
            }
            _ => break,
        }
    }
    pos
}

/// The token starting at `pos`: a word, a string (to the end of its line) or
/// one character. Empty at the end of the statement.
fn token_at(source: &str, pos: usize, end: usize) -> Span {
    let bytes = source.as_bytes();
    if pos >= end {
        return Span::new(end, end);
    }
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b == b'%' || b == b':';
    let mut stop = pos;
    if bytes[pos] == b'"' {
        stop += 1;
        while stop < end && bytes[stop] != b'\n' {
            let b = bytes[stop];
            stop += if b == b'\\' { 2 } else { 1 };
            if b == b'"' {
                break;
            }
        }
        stop = stop.min(end);
    } else if is_word(bytes[pos]) {
        while stop < end && is_word(bytes[stop]) {
            stop += 1;
        }
    } else {
        stop += 1;
        while stop < end && !source.is_char_boundary(stop) {
            stop += 1;
        }
    }
    Span::new(pos, stop)
}

/// The plain word just before `pos` (with only blanks between), if any.
fn word_before(source: &str, floor: usize, pos: usize) -> Option<Span> {
    let bytes = source.as_bytes();
    let mut end = pos;
    while end > floor && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let mut start = end;
    while start > floor
        && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_' || bytes[start - 1] == b'-')
    {
        start -= 1;
    }
    (start < end && bytes[start].is_ascii_alphabetic()).then(|| Span::new(start, end))
}
