//! Small helpers the checks share: words of the source, lists of names,
//! example units and conditions, rewrites shown in suggestions.

use super::*;

pub(super) fn is_percentile_word(word: &str) -> bool {
    word.strip_prefix('p').is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// A quantity's size, comparable within one unit dimension.
pub(super) fn seconds_or_value(q: &Quantity) -> f64 {
    let factor = match &q.unit {
        Unit::Seconds => 1.0,
        Unit::Minutes | Unit::BusinessMinutes(_) => 60.0,
        Unit::Hours | Unit::BusinessHours(_) => 3600.0,
        Unit::Days => 86_400.0,
        Unit::BusinessDays(_) => 86_400.0,
        Unit::None | Unit::Rings => 1.0,
    };
    q.value.to_f64() * factor
}

/// The unit of a condition as written (`rings`, `business hours`), for messages.
pub(super) fn unit_text(condition: &ast::Condition) -> Option<String> {
    match &condition.quantity.unit {
        Some(u) if u.business => Some(format!("business {}", u.word.text)),
        Some(u) => Some(u.word.text.clone()),
        None => None,
    }
}

pub(super) fn words_text(source: &str, span: Span) -> String {
    source[span.start..span.end].split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// A unit that fits a dimension, for "use …" suggestions.
pub(super) fn example_unit(dimension: Dimension) -> String {
    match dimension {
        Dimension::Duration => "a time unit such as `20 seconds`, `4 hours` or `2 business days`".into(),
        Dimension::Rings => "rings, such as `3 rings`".into(),
        Dimension::Boolean => "no condition: a yes/no measure holds when it is true".into(),
        Dimension::Number => "a plain number, such as `at least 4`".into(),
    }
}

/// A condition that fits a dimension, for rewrites.
pub(super) fn example_condition(dimension: Dimension) -> String {
    match dimension {
        Dimension::Duration => "within 1 hour".into(),
        Dimension::Rings => "within 3 rings".into(),
        Dimension::Number | Dimension::Boolean => "at least 4".into(),
    }
}

/// A comparison that fits a dimension, for aggregate rewrites.
pub(super) fn example_comparison(dimension: Option<Dimension>) -> String {
    match dimension {
        Some(Dimension::Duration) => "at most 10 minutes".into(),
        Some(Dimension::Rings) => "at most 3 rings".into(),
        _ => "at least 4".into(),
    }
}

/// `before insert tail`, with single spaces.
pub(super) fn rewrite(before: &str, insert: &str, tail: &str) -> String {
    [before.trim(), insert, tail.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .flat_map(|s| s.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}
