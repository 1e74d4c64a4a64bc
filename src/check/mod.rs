//! Stage 2: syntax tree → checked, typed standards.
//!
//! The checker resolves every name (subjects, measures, units, calendars,
//! time zones, periods, days), works out each measure's dimension from the
//! unit a standard uses, enforces SPEC §5's rule that every standard is
//! measurable, and reports every problem it finds, each with a span and,
//! where one is likely, a suggestion. `mod.rs` holds the entry point and
//! the declarations; `standards.rs` one standard; `quantities.rs`
//! numbers, units and conditions; `filters.rs` the tail and filters;
//! `calendar.rs` calendars; `messages.rs` the helpers messages share.

mod calendar;
mod error;
mod filters;
mod messages;
mod quantities;
mod standards;
pub(crate) mod vocabulary;

pub use error::{Error, ErrorKind};

use chrono_tz::Tz;

use crate::standard::*;
use crate::suggest::closest;
use crate::syntax::ast::{self, Span, Statement, Word};
use crate::syntax::{AGGREGATE_WORDS, PHRASE_STOP_WORDS};
use messages::*;
use vocabulary::{BuiltinSubject, MeasureEntry, UnitWord};

/// The most standards in one file.
pub const MAX_STANDARDS: usize = 10_000;

/// Everything a file declares, checked.
#[derive(Debug, Default)]
pub(crate) struct Checked {
    pub timezone: Option<Tz>,
    pub calendars: Vec<Calendar>,
    pub subjects: Vec<SubjectDecl>,
    pub measures: Vec<MeasureDecl>,
    pub standards: Vec<Standard>,
}

/// Checks parsed statements; returns what could be checked and every error.
pub(crate) fn check(source: &str, statements: &[(Statement, Span)]) -> (Checked, Vec<Error>) {
    let mut checker = Checker {
        source,
        errors: Vec::new(),
        out: Checked::default(),
        declared: Vec::new(),
        builtin: vocabulary::builtin_measures(),
        spans: Spans::default(),
        standard_names: Vec::new(),
    };
    let mut calendar_seen = false;
    for (statement, span) in statements {
        match statement {
            Statement::Timezone(name) => checker.timezone(name, *span, calendar_seen),
            Statement::Calendar(decl) => {
                calendar_seen = true;
                checker.calendar(decl);
            }
            Statement::Subject(decl) => checker.subject(decl),
            Statement::Measure(decl) => checker.measure_decl(decl),
            Statement::Standard(_) => {}
        }
    }
    for (statement, _) in statements {
        if let Statement::Standard(decl) = statement {
            if checker.out.standards.len() >= MAX_STANDARDS {
                checker.errors.push(Error::new(ErrorKind::TooManyStandards(MAX_STANDARDS), decl.name.span));
                break;
            }
            checker.standard(decl);
        }
    }
    checker.errors.sort_by_key(|e| e.span.start);
    (checker.out, checker.errors)
}

/// Where each declared name was first written, for "declared twice" errors.
#[derive(Default)]
struct Spans {
    timezone: Option<Span>,
    calendars: Vec<Span>,
    subjects: Vec<Span>,
    measures: Vec<Span>,
    standards: Vec<Span>,
}

struct Checker<'s> {
    source: &'s str,
    errors: Vec<Error>,
    out: Checked,
    /// Declared measures, as the checker looks them up.
    declared: Vec<MeasureEntry>,
    builtin: Vec<MeasureEntry>,
    spans: Spans,
    /// Every standard name seen, valid or not, to catch duplicates.
    standard_names: Vec<String>,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, error: Error) {
        self.errors.push(error);
    }

    // ------------------------------------------------------------ declarations

    pub(super) fn timezone(&mut self, name: &Word, span: Span, after_calendar: bool) {
        if let Some(first) = self.spans.timezone {
            let error = Error::new(ErrorKind::SecondTimezone, span)
                .related(first, "first set here")
                .help("keep one `timezone` line".to_string());
            return self.error(error);
        }
        self.spans.timezone = Some(span);
        if after_calendar {
            self.error(
                Error::new(ErrorKind::TimezoneAfterCalendar, span)
                    .help("move this line above the first `calendar`".to_string()),
            );
        }
        self.out.timezone = self.zone(name);
    }

    /// Resolves an IANA zone name.
    pub(crate) fn zone(&mut self, name: &Word) -> Option<Tz> {
        if let Ok(zone) = name.text.parse::<Tz>() {
            return Some(zone);
        }
        let names = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name());
        let exact_but_case =
            chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).find(|n| n.eq_ignore_ascii_case(&name.text));
        let suggestion = exact_but_case.or_else(|| closest(&name.text, names));
        let help = match suggestion {
            Some(s) => format!("did you mean `\"{s}\"`?"),
            None => "use an IANA time zone name such as \"Europe/London\" or \"America/New_York\"".to_string(),
        };
        self.error(Error::new(ErrorKind::UnknownTimezone(name.text.clone()), name.span).help(help));
        None
    }

    pub(super) fn subject(&mut self, decl: &ast::SubjectDecl) {
        let name = &decl.name;
        let lower = name.text.to_ascii_lowercase();
        if AGGREGATE_WORDS.contains(&lower.as_str()) || is_percentile_word(&lower) {
            self.error(
                Error::new(ErrorKind::ReservedSubjectName(name.text.clone()), name.span)
                    .help("choose another name".to_string()),
            );
        }
        if let Some(i) = self.out.subjects.iter().position(|s| s.name == name.text) {
            let first = self.spans.subjects[i];
            return self.error(
                Error::new(ErrorKind::Duplicate { what: "subject", name: name.text.clone() }, name.span)
                    .related(first, "first declared here"),
            );
        }
        let filter = self.filter(&decl.filter);
        self.spans.subjects.push(name.span);
        self.out
            .subjects
            .push(SubjectDecl { name: name.text.clone(), filter: filter.unwrap_or(Filter::And(Vec::new())) });
    }

    pub(super) fn measure_decl(&mut self, decl: &ast::MeasureDecl) {
        let phrase = decl.phrase.text.to_lowercase();
        if let Some(word) = phrase.split(' ').find(|w| PHRASE_STOP_WORDS.contains(w)) {
            let help = format!("use a word other than `{word}`, or join the words with `-`");
            return self.error(Error::new(ErrorKind::PhraseKeyword(word.to_string()), decl.phrase.span).help(help));
        }
        let (source, dimension) = match &decl.definition {
            ast::MeasureDef::Between { end, start } => {
                (MeasureSource::Between { start: start.text.clone(), end: end.text.clone() }, Some(Dimension::Duration))
            }
            ast::MeasureDef::Field(field) => (MeasureSource::Field { field: field.text.clone(), unit: None }, None),
            ast::MeasureDef::Unit { field, unit } => {
                let Some(unit_word) = vocabulary::unit_word(&unit.text) else {
                    let help = self.unit_suggestion(&unit.text);
                    return self.error(Error::new(ErrorKind::UnknownUnit(unit.text.clone()), unit.span).help(help));
                };
                let dimension = if unit_word == UnitWord::Rings { Dimension::Rings } else { Dimension::Duration };
                (
                    MeasureSource::Field { field: field.text.clone(), unit: Some(unit_word.field_unit()) },
                    Some(dimension),
                )
            }
        };
        let entry = MeasureEntry { phrase: phrase.clone(), source: source.clone(), dimension };
        if let Some(i) = self.declared.iter().position(|m| m.phrase == phrase && m.covers(&entry)) {
            let first = self.spans.measures[i];
            let error = Error::new(ErrorKind::Duplicate { what: "measure", name: phrase }, decl.phrase.span)
                .related(first, "first declared here")
                .help("two measures may share a phrase only if one is a duration, one rings, one a yes/no or plain number".to_string());
            return self.error(error);
        }
        self.spans.measures.push(decl.phrase.span);
        self.declared.push(entry);
        self.out.measures.push(MeasureDecl { phrase, source });
    }
}
