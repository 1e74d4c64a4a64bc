//! Canonical printing: every typed value prints as the `.std` text that
//! parses back to it.
//!
//! The canonical form uses digits (`3`, not `three`), long unit names
//! (`seconds`, `1 minute`), `always` for `every time`, `P% of the time` for
//! every "at least" target, always names the calendar of business time
//! (`on office`), and writes filters with only the parentheses that
//! `not`/`and`/`or` precedence needs.

use std::fmt::{self, Display, Formatter, Write};

use super::*;

/// Writes `text` as a double-quoted `.std` string.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Writes a field name, in backticks when it is a keyword or not a plain word.
pub fn field_name(name: &str) -> String {
    if crate::syntax::is_plain_word(name) && !crate::syntax::is_keyword(name) {
        name.to_string()
    } else {
        format!("`{name}`")
    }
}

impl Display for Standard {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Compliance { condition, target } => {
                let subject = self.population.subject.as_deref().unwrap_or("interactions");
                write!(f, "{subject} {}", self.measure.phrase)?;
                if let Some(condition) = condition {
                    write!(f, " {condition}")?;
                }
                write!(f, " {target}")?;
            }
            Kind::Aggregate { statistic, comparison } => {
                write!(f, "{statistic} {}", self.measure.phrase)?;
                if let Some(subject) = &self.population.subject {
                    write!(f, " for {subject}")?;
                }
                write!(f, " {comparison}")?;
            }
        }
        if let Some(window) = &self.window {
            write!(f, " {window}")?;
        }
        if !self.grouping.is_empty() {
            let fields: Vec<String> = self.grouping.iter().map(|g| field_name(g)).collect();
            write!(f, " by {}", fields.join(", "))?;
        }
        if let Some(filter) = &self.filter {
            write!(f, " where {filter}")?;
        }
        Ok(())
    }
}

impl Display for Condition {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let word = match self.op {
            ConditionOp::Within => "within",
            ConditionOp::AtMost => "at most",
            ConditionOp::Under => "under",
            ConditionOp::AtLeast => "at least",
            ConditionOp::Over => "over",
            ConditionOp::Between => "between",
        };
        write!(f, "{word} {}", self.quantity)?;
        if let Some(upper) = &self.upper {
            write!(f, " and {upper}")?;
        }
        Ok(())
    }
}

impl Display for Quantity {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let one = self.value == Decimal::from_int(1);
        let pick = |singular: &'static str, plural: &'static str| if one { singular } else { plural };
        let (word, calendar) = match &self.unit {
            Unit::None => return write!(f, "{}", self.value),
            Unit::Seconds => (pick("second", "seconds"), None),
            Unit::Minutes => (pick("minute", "minutes"), None),
            Unit::Hours => (pick("hour", "hours"), None),
            Unit::Days => (pick("day", "days"), None),
            Unit::Rings => (pick("ring", "rings"), None),
            Unit::BusinessMinutes(c) => (pick("business minute", "business minutes"), Some(c)),
            Unit::BusinessHours(c) => (pick("business hour", "business hours"), Some(c)),
            Unit::BusinessDays(c) => (pick("business day", "business days"), Some(c)),
        };
        write!(f, "{} {word}", self.value)?;
        if let Some(calendar) = calendar {
            write!(f, " on {calendar}")?;
        }
        Ok(())
    }
}

impl Display for Target {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Target::AtLeast(p) => write!(f, "{p}% of the time"),
            Target::AtMost(p) => write!(f, "at most {p}% of the time"),
            Target::Always => f.write_str("always"),
            Target::Never => f.write_str("never"),
        }
    }
}

impl Display for Statistic {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Statistic::Average => f.write_str("average"),
            Statistic::Median => f.write_str("median"),
            Statistic::Percentile(p) => write!(f, "p{p}"),
            Statistic::Minimum => f.write_str("minimum"),
            Statistic::Maximum => f.write_str("maximum"),
            Statistic::Total => f.write_str("total"),
            Statistic::Count => f.write_str("count"),
            Statistic::Nps => f.write_str("nps of"),
        }
    }
}

impl Display for Window {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "per {}", self.period.word())?;
        if self.field != DEFAULT_WINDOW_FIELD {
            write!(f, " of {}", field_name(&self.field))?;
        }
        Ok(())
    }
}

impl Display for Period {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::String(s) => f.write_str(&quoted(s)),
            Value::Number(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl Display for Filter {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Test { field, test } => write!(f, "{} {test}", field_name(field)),
            Filter::Not(inner) => match **inner {
                Filter::And(_) | Filter::Or(_) => write!(f, "not ({inner})"),
                _ => write!(f, "not {inner}"),
            },
            Filter::And(items) => join(f, items, " and ", |item| matches!(item, Filter::Or(_))),
            Filter::Or(items) => join(f, items, " or ", |_| false),
        }
    }
}

/// Writes `items` separated by `separator`, parenthesising those that bind
/// more loosely than the operator (an `or` inside an `and`).
fn join(
    f: &mut Formatter<'_>,
    items: &[Filter],
    separator: &str,
    needs_parens: impl Fn(&Filter) -> bool,
) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(separator)?;
        }
        if needs_parens(item) {
            write!(f, "({item})")?;
        } else {
            write!(f, "{item}")?;
        }
    }
    Ok(())
}

impl Display for Test {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let list = |values: &[Value]| {
            let mut out = String::from("[");
            for (i, v) in values.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{v}");
            }
            out.push(']');
            out
        };
        match self {
            Test::Eq(v) => write!(f, "is {v}"),
            Test::Ne(v) => write!(f, "is not {v}"),
            Test::Lt(v) => write!(f, "< {v}"),
            Test::Le(v) => write!(f, "<= {v}"),
            Test::Gt(v) => write!(f, "> {v}"),
            Test::Ge(v) => write!(f, ">= {v}"),
            Test::In(vs) => write!(f, "in {}", list(vs)),
            Test::NotIn(vs) => write!(f, "not in {}", list(vs)),
            Test::Missing => f.write_str("is missing"),
            Test::Present => f.write_str("is present"),
        }
    }
}

impl Display for MeasureSource {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            MeasureSource::Between { start, end } => write!(f, "{} - {}", field_name(end), field_name(start)),
            MeasureSource::Field { field, unit: None } => f.write_str(&field_name(field)),
            MeasureSource::Field { field, unit: Some(unit) } => {
                let word = match unit {
                    FieldUnit::Seconds => "seconds",
                    FieldUnit::Minutes => "minutes",
                    FieldUnit::Hours => "hours",
                    FieldUnit::Days => "days",
                    FieldUnit::Rings => "rings",
                };
                write!(f, "{} {word}", field_name(field))
            }
        }
    }
}

impl Display for Calendar {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "calendar {}:", self.name)?;
        if let Some(zone) = self.timezone {
            writeln!(f, "  timezone {}", quoted(zone.name()))?;
        }
        for range in &self.hours {
            writeln!(f, "  {range}")?;
        }
        for closed in &self.closed {
            write!(f, "  closed {}", closed.date.format("%Y-%m-%d"))?;
            if let Some(label) = &closed.label {
                write!(f, " {}", quoted(label))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

impl Display for OpenRange {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}-{}", day_list(&self.days), clock(self.start), clock(self.end))
    }
}

/// Days as written in a calendar: runs of three or more consecutive days
/// become ranges (`mon-fri`), others are listed (`mon,wed`).
fn day_list(days: &[chrono::Weekday]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j].succ() && days[j + 1] != days[i] {
            j += 1;
        }
        if j >= i + 2 {
            parts.push(format!("{}-{}", day_word(days[i]), day_word(days[j])));
        } else {
            parts.extend(days[i..=j].iter().map(|d| day_word(*d).to_string()));
        }
        i = j + 1;
    }
    parts.join(",")
}

fn day_word(day: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match day {
        Mon => "mon",
        Tue => "tue",
        Wed => "wed",
        Thu => "thu",
        Fri => "fri",
        Sat => "sat",
        Sun => "sun",
    }
}

/// `HH:MM` for minutes after midnight.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}
