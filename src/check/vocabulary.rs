//! The built-in vocabulary of SPEC §4: subjects, measures, units, periods
//! and days, and the words each can be written as.

use chrono::Weekday;

use crate::standard::{Dimension, FieldUnit, Filter, MeasureSource, Period, Test, Value};

/// A built-in subject: its canonical name and the channel it selects
/// (`None` selects every record).
pub struct BuiltinSubject {
    /// The canonical (plural) name.
    pub name: &'static str,
    /// Other ways of writing it.
    pub aliases: &'static [&'static str],
    /// The `channel` value it selects.
    pub channel: Option<&'static str>,
}

/// The built-in subjects.
pub const SUBJECTS: &[BuiltinSubject] = &[
    BuiltinSubject { name: "calls", aliases: &["call"], channel: Some("phone") },
    BuiltinSubject { name: "emails", aliases: &["email"], channel: Some("email") },
    BuiltinSubject { name: "chats", aliases: &["chat"], channel: Some("chat") },
    BuiltinSubject { name: "interactions", aliases: &["interaction"], channel: None },
    BuiltinSubject { name: "contacts", aliases: &["contact"], channel: None },
    BuiltinSubject { name: "tickets", aliases: &["ticket"], channel: None },
    BuiltinSubject { name: "inquiries", aliases: &["inquiry"], channel: None },
    BuiltinSubject { name: "requests", aliases: &["request"], channel: None },
    BuiltinSubject { name: "cases", aliases: &["case"], channel: None },
];

impl BuiltinSubject {
    /// Finds a built-in subject by any of its names (case-insensitive).
    pub fn find(word: &str) -> Option<&'static BuiltinSubject> {
        SUBJECTS
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(word) || s.aliases.iter().any(|a| a.eq_ignore_ascii_case(word)))
    }

    /// The population filter.
    pub fn definition(&self) -> Option<Filter> {
        self.channel
            .map(|channel| Filter::Test { field: "channel".into(), test: Test::Eq(Value::String(channel.into())) })
    }
}

/// A measure as the checker sees it: a phrase, how it is read, and its
/// dimension (`None` for `measure P = FIELD`, which is a yes/no value or a
/// plain number depending on how a standard uses it).
#[derive(Clone, Debug)]
pub struct MeasureEntry {
    /// Lower-case phrase.
    pub phrase: String,
    /// How it is read.
    pub source: MeasureSource,
    /// Its dimension, if fixed.
    pub dimension: Option<Dimension>,
}

impl MeasureEntry {
    /// True if this measure can be used as `dimension`.
    pub fn fits(&self, dimension: Dimension) -> bool {
        match self.dimension {
            Some(d) => d == dimension,
            None => matches!(dimension, Dimension::Boolean | Dimension::Number),
        }
    }

    /// True if the two would answer to the same standard (a declared measure
    /// replaces a built-in one it covers).
    pub fn covers(&self, other: &MeasureEntry) -> bool {
        match (self.dimension, other.dimension) {
            (None, _) | (_, None) => {
                matches!(other.dimension, None | Some(Dimension::Boolean | Dimension::Number))
                    && matches!(self.dimension, None | Some(Dimension::Boolean | Dimension::Number))
            }
            (Some(a), Some(b)) => a == b,
        }
    }
}

/// The built-in measures of SPEC §4, in the order a `count` standard picks
/// among measures sharing a phrase.
pub fn builtin_measures() -> Vec<MeasureEntry> {
    let between = |start: &str, end: &str| MeasureSource::Between { start: start.into(), end: end.into() };
    let field = |name: &str, unit: Option<FieldUnit>| MeasureSource::Field { field: name.into(), unit };
    let table: Vec<(&[&str], MeasureSource, Dimension)> = vec![
        (&["answered", "answer time", "speed of answer"], between("created_at", "answered_at"), Dimension::Duration),
        (&["answered"], field("rings", Some(FieldUnit::Rings)), Dimension::Rings),
        (
            &["responded", "responded to", "first response time", "response time"],
            between("created_at", "first_response_at"),
            Dimension::Duration,
        ),
        (&["resolved", "resolution time"], between("created_at", "resolved_at"), Dimension::Duration),
        (&["waited", "wait time"], field("wait_seconds", Some(FieldUnit::Seconds)), Dimension::Duration),
        (&["handle time"], field("handle_seconds", Some(FieldUnit::Seconds)), Dimension::Duration),
        (&["wrap-up time"], field("wrap_up_seconds", Some(FieldUnit::Seconds)), Dimension::Duration),
        (&["abandoned"], field("abandoned", None), Dimension::Boolean),
        (&["greeted by name"], field("greeted_by_name", None), Dimension::Boolean),
        (&["resolved on first contact"], field("first_contact_resolution", None), Dimension::Boolean),
        (&["csat"], field("csat", None), Dimension::Number),
        (&["nps score"], field("nps", None), Dimension::Number),
    ];
    let mut entries = Vec::new();
    for (phrases, source, dimension) in table {
        for phrase in phrases {
            entries.push(MeasureEntry { phrase: (*phrase).into(), source: source.clone(), dimension: Some(dimension) });
        }
    }
    entries
}

/// A unit word as written after a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitWord {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Rings.
    Rings,
}

/// Every spelling of every unit.
pub const UNIT_WORDS: &[(&str, UnitWord)] = &[
    ("seconds", UnitWord::Seconds),
    ("second", UnitWord::Seconds),
    ("secs", UnitWord::Seconds),
    ("sec", UnitWord::Seconds),
    ("s", UnitWord::Seconds),
    ("minutes", UnitWord::Minutes),
    ("minute", UnitWord::Minutes),
    ("mins", UnitWord::Minutes),
    ("min", UnitWord::Minutes),
    ("hours", UnitWord::Hours),
    ("hour", UnitWord::Hours),
    ("hrs", UnitWord::Hours),
    ("hr", UnitWord::Hours),
    ("h", UnitWord::Hours),
    ("days", UnitWord::Days),
    ("day", UnitWord::Days),
    ("rings", UnitWord::Rings),
    ("ring", UnitWord::Rings),
];

/// Reads a unit word (case-insensitive).
pub fn unit_word(word: &str) -> Option<UnitWord> {
    UNIT_WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|(_, u)| *u)
}

impl UnitWord {
    /// As the unit of a numeric field.
    pub fn field_unit(self) -> FieldUnit {
        match self {
            UnitWord::Seconds => FieldUnit::Seconds,
            UnitWord::Minutes => FieldUnit::Minutes,
            UnitWord::Hours => FieldUnit::Hours,
            UnitWord::Days => FieldUnit::Days,
            UnitWord::Rings => FieldUnit::Rings,
        }
    }
}

/// Reads `one` … `twelve`.
pub fn spelled_number(word: &str) -> Option<i64> {
    const WORDS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    WORDS.iter().position(|w| w.eq_ignore_ascii_case(word)).map(|i| i as i64 + 1)
}

/// Reads a period word.
pub fn period(word: &str) -> Option<Period> {
    Period::ALL.into_iter().find(|p| p.word().eq_ignore_ascii_case(word))
}

/// Day names and abbreviations, Monday first.
pub const DAY_WORDS: &[(&str, Weekday)] = &[
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Reads a day name (case-insensitive).
pub fn day(word: &str) -> Option<Weekday> {
    DAY_WORDS.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|(_, d)| *d)
}
