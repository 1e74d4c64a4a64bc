//! Stage 2: syntax tree → checked, typed standards.
//!
//! The checker resolves every name (subjects, measures, units, calendars,
//! time zones, periods, days), works out each measure's dimension from the
//! unit a standard uses, enforces SPEC §5's rule that every standard is
//! measurable, and reports every problem it finds, each with a span and,
//! where one is likely, a suggestion.

mod calendar;
mod error;
pub(crate) mod vocabulary;

pub use error::{Error, ErrorKind};

use chrono_tz::Tz;

use crate::standard::*;
use crate::suggest::closest;
use crate::syntax::ast::{self, Span, Statement, Word};
use crate::syntax::{AGGREGATE_WORDS, PHRASE_STOP_WORDS};
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
    fn error(&mut self, error: Error) {
        self.errors.push(error);
    }

    // ------------------------------------------------------------ declarations

    fn timezone(&mut self, name: &Word, span: Span, after_calendar: bool) {
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

    fn subject(&mut self, decl: &ast::SubjectDecl) {
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

    fn measure_decl(&mut self, decl: &ast::MeasureDecl) {
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

    fn unit_suggestion(&self, word: &str) -> String {
        match closest(word, vocabulary::UNIT_WORDS.iter().map(|(w, _)| *w)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "units are seconds, minutes, hours, days, rings, or business minutes, hours or days".to_string(),
        }
    }

    // ------------------------------------------------------------ standards

    fn standard(&mut self, decl: &ast::StandardDecl) {
        let name = &decl.name;
        if let Some(i) = self.standard_names.iter().position(|s| *s == name.text) {
            let first = self.spans.standards[i];
            let error = Error::new(ErrorKind::Duplicate { what: "standard", name: name.text.clone() }, name.span)
                .related(first, "first declared here")
                .help("give each standard its own name".to_string());
            self.error(error);
        }
        let errors_before = self.errors.len();
        let standard = match &decl.body {
            ast::Body::Compliance { subject, measure, condition, target, tail } => {
                self.compliance(decl, subject, measure, condition.as_ref(), target.as_ref(), tail)
            }
            ast::Body::Aggregate { aggregate, measure, subject, comparison, vague, tail } => {
                self.aggregate(decl, aggregate, measure, subject.as_ref(), comparison.as_ref(), vague.as_ref(), tail)
            }
        };
        self.spans.standards.push(name.span);
        self.standard_names.push(name.text.clone());
        if let (Some(standard), true) = (standard, self.errors.len() == errors_before) {
            self.out.standards.push(standard);
        }
    }

    fn compliance(
        &mut self,
        decl: &ast::StandardDecl,
        subject: &Word,
        phrase: &Word,
        condition: Option<&ast::Condition>,
        target: Option<&ast::Target>,
        tail: &ast::Tail,
    ) -> Option<Standard> {
        let population = self.population(subject);
        let condition = condition.map(|c| (self.condition(c), c));
        let measurable = matches!(target, Some(t) if !matches!(t, ast::Target::Vague(_)));
        let required = match &condition {
            Some((Some(c), _)) => Some(c.quantity.unit.dimension()),
            Some((None, _)) => None,
            // Without a target the standard is reported as not measurable,
            // with a rewrite that adds a condition if the measure needs one.
            None if !measurable => None,
            None => Some(Dimension::Boolean),
        };
        let unit_at = condition
            .as_ref()
            .map(|(_, c)| (c.quantity.unit.as_ref().map_or(c.quantity.span, |u| u.span), unit_text(c)));
        let measure = self.measure(phrase, required, unit_at, condition.is_none());
        if let (Some((Some(c), written)), Some(m)) = (&condition, &measure) {
            self.check_business(c, written, m);
        }
        let target = self.target(decl, target, measure.as_ref(), condition.is_some(), tail);
        let (window, grouping, filter) = self.tail(tail);
        let condition = match condition {
            Some((c, _)) => Some(c?),
            None => None,
        };
        Some(Standard {
            name: decl.name.text.clone(),
            population: population?,
            measure: measure?,
            kind: Kind::Compliance { condition, target: target? },
            window: window?,
            grouping: grouping?,
            filter: filter?,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn aggregate(
        &mut self,
        decl: &ast::StandardDecl,
        aggregate: &ast::Aggregate,
        phrase: &Word,
        subject: Option<&Word>,
        comparison: Option<&ast::Condition>,
        vague: Option<&Word>,
        tail: &ast::Tail,
    ) -> Option<Standard> {
        let population = match subject {
            Some(s) => self.population(s),
            None => Some(Population { subject: None, definition: None }),
        };
        let statistic = self.statistic(aggregate);
        let compared = comparison.map(|c| self.condition(c));
        let required = match (&statistic, &compared) {
            (Some(Statistic::Count), _) => None,
            (Some(Statistic::Nps), _) => Some(Dimension::Number),
            (_, Some(Some(c))) => Some(c.quantity.unit.dimension()),
            _ => None,
        };
        let unit_at = comparison.map(|c| (c.quantity.unit.as_ref().map_or(c.quantity.span, |u| u.span), unit_text(c)));
        if !matches!(statistic, Some(Statistic::Count)) && self.only_boolean(phrase) {
            let word = statistic.as_ref().map_or_else(|| "this aggregate".to_string(), |s| s.to_string());
            let phrase_text = phrase.text.to_lowercase();
            let kind = ErrorKind::AggregateNotAllowed {
                statistic: word,
                measure: phrase_text.clone(),
                measure_is: Dimension::Boolean.describe().into(),
            };
            let help = format!("for a yes/no measure write a share, such as `calls {phrase_text} at most 5% of the time`, or use `count`");
            self.error(Error::new(kind, aggregate.span.to(phrase.span)).help(help));
            return None;
        }
        let measure = self.measure(phrase, required, unit_at, false);
        if let (Some(Some(c)), Some(written), Some(m)) = (&compared, comparison, &measure) {
            self.check_business(c, written, m);
            if matches!(c.quantity.unit, Unit::BusinessDays(_)) {
                let span = written.quantity.unit.as_ref().map_or(written.span, |u| u.span);
                let help = "compare it with business hours, such as `at most 16 business hours`, or write a share: \
                            `tickets resolved within 2 business days 90% of the time`";
                self.error(Error::new(ErrorKind::BusinessDaysInAggregate, span).help(help.to_string()));
            }
        }
        if comparison.is_none() {
            let example = example_comparison(measure.as_ref().map(|m| m.dimension));
            let why = match vague {
                Some(v) => format!("`{}` does not say how much", v.text),
                None => "it has no comparison to meet".to_string(),
            };
            let span = vague.map_or(decl.body_span, |v| v.span);
            let before = &self.source[decl.body_span.start..vague.map_or(tail.start, |v| v.span.start)];
            let rewrite = rewrite(before, &example, &self.source[tail.start..decl.body_span.end]);
            self.error(
                Error::new(ErrorKind::NotMeasurable(why), span).help(format!("say how much, for example: `{rewrite}`")),
            );
        }
        if let (Some(statistic), Some(measure)) = (&statistic, &measure) {
            self.check_statistic(
                statistic,
                measure,
                aggregate.span,
                compared.as_ref().and_then(|c| c.as_ref()),
                comparison,
            );
        }
        let (window, grouping, filter) = self.tail(tail);
        let comparison = compared??;
        Some(Standard {
            name: decl.name.text.clone(),
            population: population?,
            measure: measure?,
            kind: Kind::Aggregate { statistic: statistic?, comparison },
            window: window?,
            grouping: grouping?,
            filter: filter?,
        })
    }

    /// Checks that the statistic fits the measure and the comparison's unit.
    fn check_statistic(
        &mut self,
        statistic: &Statistic,
        measure: &Measure,
        span: Span,
        comparison: Option<&Condition>,
        written: Option<&ast::Condition>,
    ) {
        let word = statistic.to_string();
        let allowed = match statistic {
            Statistic::Count => true,
            Statistic::Nps => measure.dimension == Dimension::Number,
            _ => measure.dimension != Dimension::Boolean,
        };
        if !allowed {
            let help = match measure.dimension {
                Dimension::Boolean => format!(
                    "for a yes/no measure write a share, such as `calls {} at most 5% of the time`",
                    measure.phrase
                ),
                _ => "`nps of` needs a 0–10 score such as `nps score`".to_string(),
            };
            let kind = ErrorKind::AggregateNotAllowed {
                statistic: word,
                measure: measure.phrase.clone(),
                measure_is: measure.dimension.describe().into(),
            };
            return self.error(Error::new(kind, span).help(help));
        }
        if matches!(statistic, Statistic::Count | Statistic::Nps) {
            if let (Some(c), Some(w)) = (comparison, written) {
                if c.quantity.unit != Unit::None {
                    let unit_span = w.quantity.unit.as_ref().map_or(w.quantity.span, |u| u.span);
                    let kind = ErrorKind::WrongDimension {
                        measure: format!("{word} {}", measure.phrase),
                        measure_is: "a plain number".into(),
                        unit: unit_text(w),
                        unit_is: c.quantity.unit.dimension().describe().into(),
                    };
                    self.error(
                        Error::new(kind, unit_span)
                            .help("compare it with a plain number, such as `at least 100`".to_string()),
                    );
                }
            }
        }
    }

    /// Business time is counted between two instants, so it needs a
    /// `FIELD - FIELD` measure.
    fn check_business(&mut self, condition: &Condition, written: &ast::Condition, measure: &Measure) {
        let business = condition.quantity.unit.calendar().is_some();
        if business && !matches!(measure.source, MeasureSource::Between { .. }) {
            let span = written.quantity.unit.as_ref().map_or(written.span, |u| u.span);
            let help = "use wall-clock units such as `minutes`, or a measure declared as `END - START`".to_string();
            self.error(Error::new(ErrorKind::BusinessTimeNeedsTimestamps(measure.phrase.clone()), span).help(help));
        }
    }

    fn population(&mut self, subject: &Word) -> Option<Population> {
        if let Some(declared) = self.out.subjects.iter().find(|s| s.name == subject.text) {
            return Some(Population {
                subject: Some(declared.name.clone()),
                definition: Some(declared.filter.clone()),
            });
        }
        if let Some(builtin) = BuiltinSubject::find(&subject.text) {
            return Some(Population { subject: Some(builtin.name.to_string()), definition: builtin.definition() });
        }
        let mut names: Vec<&str> = self.out.subjects.iter().map(|s| s.name.as_str()).collect();
        for s in vocabulary::SUBJECTS {
            names.push(s.name);
            names.extend(s.aliases);
        }
        let help = match closest(&subject.text, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("declare it with `subject {} = FILTER`, or use a built-in subject such as `calls`, `emails`, `chats` or `tickets`", subject.text),
        };
        self.error(Error::new(ErrorKind::UnknownSubject(subject.text.clone()), subject.span).help(help));
        None
    }

    /// True if every measure answering to `phrase` is a yes/no value.
    fn only_boolean(&self, phrase: &Word) -> bool {
        let wanted = phrase.text.to_lowercase();
        let mut found = self.declared.iter().chain(&self.builtin).filter(|m| m.phrase == wanted).peekable();
        found.peek().is_some() && found.all(|m| m.dimension == Some(Dimension::Boolean))
    }

    /// Resolves a measure phrase, picking among measures sharing it by the
    /// dimension the standard needs.
    fn measure(
        &mut self,
        phrase: &Word,
        required: Option<Dimension>,
        unit_at: Option<(Span, Option<String>)>,
        no_condition: bool,
    ) -> Option<Measure> {
        let wanted = phrase.text.to_lowercase();
        let declared: Vec<&MeasureEntry> = self.declared.iter().filter(|m| m.phrase == wanted).collect();
        let mut candidates = declared.clone();
        candidates.extend(self.builtin.iter().filter(|b| b.phrase == wanted && !declared.iter().any(|d| d.covers(b))));
        if candidates.is_empty() {
            let phrases = self.declared.iter().chain(&self.builtin).map(|m| m.phrase.as_str());
            let help = match closest(&wanted, phrases) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it, for example `measure {wanted} = FIELD`, or use a built-in measure such as `answered`, `responded`, `resolved` or `csat`"),
            };
            self.error(Error::new(ErrorKind::UnknownMeasure(phrase.text.clone()), phrase.span).help(help));
            return None;
        }
        let chosen = match required {
            None => candidates[0],
            Some(dimension) => match candidates.iter().find(|m| m.fits(dimension)) {
                Some(m) => m,
                None => {
                    let has = candidates[0].dimension.unwrap_or(Dimension::Number);
                    let error = match (unit_at, no_condition) {
                        (Some((span, unit)), _) => {
                            let kind = ErrorKind::WrongDimension {
                                measure: wanted.clone(),
                                measure_is: has.describe().into(),
                                unit,
                                unit_is: dimension.describe().into(),
                            };
                            Error::new(kind, span).help(format!("use {}", example_unit(has)))
                        }
                        (None, true) => {
                            let kind = ErrorKind::MissingCondition {
                                measure: wanted.clone(),
                                measure_is: has.describe().into(),
                                example: example_condition(has),
                            };
                            Error::new(kind, phrase.span)
                        }
                        (None, false) => Error::new(ErrorKind::UnknownMeasure(wanted.clone()), phrase.span),
                    };
                    self.error(error);
                    return None;
                }
            },
        };
        let dimension = required.or(chosen.dimension).unwrap_or(Dimension::Number);
        Some(Measure { phrase: wanted, source: chosen.source.clone(), dimension })
    }

    fn statistic(&mut self, aggregate: &ast::Aggregate) -> Option<Statistic> {
        Some(match &aggregate.kind {
            ast::AggregateKind::Average | ast::AggregateKind::Mean => Statistic::Average,
            ast::AggregateKind::Median => Statistic::Median,
            ast::AggregateKind::Minimum => Statistic::Minimum,
            ast::AggregateKind::Maximum => Statistic::Maximum,
            ast::AggregateKind::Total => Statistic::Total,
            ast::AggregateKind::Count => Statistic::Count,
            ast::AggregateKind::Nps => Statistic::Nps,
            ast::AggregateKind::Percentile(word) => {
                let rank = self.number(word)?;
                if rank <= Decimal::ZERO || rank > Decimal::from_int(100) {
                    self.error(
                        Error::new(ErrorKind::PercentileOutOfRange(word.text.clone()), word.span)
                            .help("use a rank such as `p90` or `95th percentile`".to_string()),
                    );
                    return None;
                }
                Statistic::Percentile(rank)
            }
        })
    }

    fn target(
        &mut self,
        decl: &ast::StandardDecl,
        target: Option<&ast::Target>,
        measure: Option<&Measure>,
        has_condition: bool,
        tail: &ast::Tail,
    ) -> Option<Target> {
        let vague = match target {
            Some(ast::Target::AtLeast(p)) => return self.percent(p).map(Target::AtLeast),
            Some(ast::Target::AtMost(p)) => return self.percent(p).map(Target::AtMost),
            Some(ast::Target::Always(_)) => return Some(Target::Always),
            Some(ast::Target::Never(_)) => return Some(Target::Never),
            Some(ast::Target::Vague(word)) => Some(word),
            None => None,
        };
        let why = match vague {
            Some(v) => format!("`{}` does not say how often", v.text),
            None => "it has no target".to_string(),
        };
        let cut = vague.map_or(tail.start, |v| v.span.start);
        let mut before = self.source[decl.body_span.start..cut].trim_end().to_string();
        if !has_condition {
            if let Some(m) = measure.filter(|m| m.dimension != Dimension::Boolean) {
                before = format!("{before} {}", example_condition(m.dimension));
            }
        }
        let rewrite = rewrite(&before, "95% of the time", &self.source[tail.start..decl.body_span.end]);
        let span = vague.map_or(decl.body_span, |v| v.span);
        self.error(
            Error::new(ErrorKind::NotMeasurable(why), span).help(format!("give a target, for example: `{rewrite}`")),
        );
        None
    }

    fn percent(&mut self, word: &Word) -> Option<Decimal> {
        let value = self.number(word)?;
        if value > Decimal::from_int(100) {
            self.error(
                Error::new(ErrorKind::PercentOver100(word.text.clone()), word.span)
                    .help("a share is at most 100%".to_string()),
            );
            return None;
        }
        Some(value)
    }

    fn number(&mut self, word: &Word) -> Option<Decimal> {
        if let Some(n) = vocabulary::spelled_number(&word.text) {
            return Some(Decimal::from_int(n));
        }
        match Decimal::parse(&word.text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.error(Error::new(ErrorKind::NumberTooLarge(word.text.clone()), word.span));
                None
            }
        }
    }

    fn condition(&mut self, condition: &ast::Condition) -> Option<Condition> {
        let upper = condition.upper.as_ref().map(|q| self.quantity(q, None));
        let inherited = match &upper {
            Some(Some(u)) if condition.quantity.unit.is_none() => Some(u.unit.clone()),
            _ => None,
        };
        let quantity = self.quantity(&condition.quantity, inherited)?;
        let upper = match upper {
            Some(u) => Some(u?),
            None => None,
        };
        if let Some(upper) = &upper {
            if upper.unit.dimension() != quantity.unit.dimension() {
                self.error(
                    Error::new(ErrorKind::MixedUnits, condition.span)
                        .help("give both ends the same kind of unit".to_string()),
                );
                return None;
            }
            if seconds_or_value(&quantity) > seconds_or_value(upper) {
                self.error(
                    Error::new(ErrorKind::BetweenOutOfOrder, condition.span)
                        .help("write the smaller quantity first".to_string()),
                );
                return None;
            }
        }
        let bounds = [(Some(&quantity), Some(&condition.quantity)), (upper.as_ref(), condition.upper.as_ref())];
        for (q, written) in bounds {
            if let (Some(q), Some(written)) = (q, written) {
                if q.unit != Unit::None && q.value.is_negative() {
                    self.error(Error::new(ErrorKind::NegativeQuantity, written.span));
                    return None;
                }
            }
        }
        Some(Condition { op: condition.op, quantity, upper })
    }

    fn quantity(&mut self, quantity: &ast::Quantity, inherited: Option<Unit>) -> Option<Quantity> {
        let value = self.number(&quantity.number)?;
        let unit = match &quantity.unit {
            None => inherited.unwrap_or(Unit::None),
            Some(words) => self.unit(words, value)?,
        };
        Some(Quantity { value, unit })
    }

    fn unit(&mut self, words: &ast::UnitWords, value: Decimal) -> Option<Unit> {
        let Some(word) = vocabulary::unit_word(&words.word.text) else {
            let help = self.unit_suggestion(&words.word.text);
            self.error(Error::new(ErrorKind::UnknownUnit(words.word.text.clone()), words.word.span).help(help));
            return None;
        };
        if !words.business {
            return Some(match word {
                UnitWord::Seconds => Unit::Seconds,
                UnitWord::Minutes => Unit::Minutes,
                UnitWord::Hours => Unit::Hours,
                UnitWord::Days => Unit::Days,
                UnitWord::Rings => Unit::Rings,
            });
        }
        if matches!(word, UnitWord::Seconds | UnitWord::Rings) {
            let help = "business time is counted in business minutes, hours or days".to_string();
            self.error(Error::new(ErrorKind::NotBusinessTime(words.word.text.clone()), words.span).help(help));
            return None;
        }
        if word == UnitWord::Days && value.as_integer().is_none() {
            self.error(
                Error::new(ErrorKind::FractionalBusinessDays, words.span)
                    .help("use business hours for part of a day".to_string()),
            );
            return None;
        }
        let calendar = self.calendar_for(words)?;
        Some(match word {
            UnitWord::Minutes => Unit::BusinessMinutes(calendar),
            UnitWord::Hours => Unit::BusinessHours(calendar),
            _ => Unit::BusinessDays(calendar),
        })
    }

    /// The calendar business time is counted on: the one named, or the
    /// file's only one.
    fn calendar_for(&mut self, words: &ast::UnitWords) -> Option<String> {
        let names: Vec<&str> = self.out.calendars.iter().map(|c| c.name.as_str()).collect();
        match &words.calendar {
            Some(name) if names.contains(&name.text.as_str()) => Some(name.text.clone()),
            Some(name) => {
                let help = match closest(&name.text, names.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None if names.is_empty() => "declare it with `calendar NAME:` and its opening hours".to_string(),
                    None => format!("the calendars are {}", list_names(&names)),
                };
                self.error(Error::new(ErrorKind::UnknownCalendar(name.text.clone()), name.span).help(help));
                None
            }
            None => match names.as_slice() {
                [only] => Some(only.to_string()),
                [] => {
                    let help =
                        "declare one, for example `calendar office:` followed by `mon-fri 09:00-17:00`".to_string();
                    self.error(Error::new(ErrorKind::NoCalendar, words.span).help(help));
                    None
                }
                several => {
                    let help = format!("name one: `{} on {}`", words_text(self.source, words.span), several[0]);
                    self.error(Error::new(ErrorKind::AmbiguousCalendar(list_names(several)), words.span).help(help));
                    None
                }
            },
        }
    }

    /// Window, grouping and filter; each `None` when it had an error.
    #[allow(clippy::type_complexity)]
    fn tail(&mut self, tail: &ast::Tail) -> (Option<Option<Window>>, Option<Vec<String>>, Option<Option<Filter>>) {
        let window = match &tail.window {
            None => Some(None),
            Some(w) => match vocabulary::period(&w.period.text) {
                Some(period) => {
                    let field = w.field.as_ref().map_or(DEFAULT_WINDOW_FIELD.to_string(), |f| f.text.clone());
                    Some(Some(Window { period, field }))
                }
                None => {
                    let help = match closest(&w.period.text, Period::ALL.iter().map(|p| p.word())) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "periods are hour, day, week, month, quarter and year".to_string(),
                    };
                    self.error(Error::new(ErrorKind::UnknownPeriod(w.period.text.clone()), w.period.span).help(help));
                    None
                }
            },
        };
        let mut grouping: Vec<String> = Vec::new();
        let mut grouping_ok = true;
        for field in &tail.grouping {
            if grouping.contains(&field.text) {
                self.error(Error::new(
                    ErrorKind::Duplicate { what: "grouping field", name: field.text.clone() },
                    field.span,
                ));
                grouping_ok = false;
            }
            grouping.push(field.text.clone());
        }
        let filter = match &tail.filter {
            None => Some(None),
            Some(f) => self.filter(f).map(Some),
        };
        (window, grouping_ok.then_some(grouping), filter)
    }

    /// Checks a filter's values and flattens nested `and`s and `or`s.
    fn filter(&mut self, filter: &ast::Filter) -> Option<Filter> {
        match filter {
            ast::Filter::Test { field, test } => {
                let test = match test {
                    ast::Test::Is(v) => Test::Eq(self.value(v)?),
                    ast::Test::IsNot(v) => Test::Ne(self.value(v)?),
                    ast::Test::Compare(op, v) => {
                        let v = self.value(v)?;
                        match op.as_str() {
                            "=" => Test::Eq(v),
                            "!=" => Test::Ne(v),
                            "<" => Test::Lt(v),
                            "<=" => Test::Le(v),
                            ">" => Test::Gt(v),
                            _ => Test::Ge(v),
                        }
                    }
                    ast::Test::In(vs) => Test::In(self.values(vs)?),
                    ast::Test::NotIn(vs) => Test::NotIn(self.values(vs)?),
                    ast::Test::Missing => Test::Missing,
                    ast::Test::Present => Test::Present,
                };
                Some(Filter::Test { field: field.text.clone(), test })
            }
            ast::Filter::Not(inner) => Some(Filter::Not(Box::new(self.filter(inner)?))),
            ast::Filter::And(items) => self.flatten(items, true),
            ast::Filter::Or(items) => self.flatten(items, false),
        }
    }

    fn flatten(&mut self, items: &[ast::Filter], and: bool) -> Option<Filter> {
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for item in items {
            match self.filter(item) {
                Some(Filter::And(inner)) if and => out.extend(inner),
                Some(Filter::Or(inner)) if !and => out.extend(inner),
                Some(f) => out.push(f),
                None => ok = false,
            }
        }
        ok.then_some(if and { Filter::And(out) } else { Filter::Or(out) })
    }

    fn values(&mut self, values: &[ast::Value]) -> Option<Vec<Value>> {
        let checked: Vec<Option<Value>> = values.iter().map(|v| self.value(v)).collect();
        checked.into_iter().collect()
    }

    fn value(&mut self, value: &ast::Value) -> Option<Value> {
        Some(match value {
            ast::Value::String(s) => Value::String(s.clone()),
            ast::Value::Bool(b) => Value::Bool(*b),
            ast::Value::Number(word) => Value::Number(self.number(word)?),
        })
    }
}

fn is_percentile_word(word: &str) -> bool {
    word.strip_prefix('p').is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}

/// A quantity's size, comparable within one unit dimension.
fn seconds_or_value(q: &Quantity) -> f64 {
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
fn unit_text(condition: &ast::Condition) -> Option<String> {
    match &condition.quantity.unit {
        Some(u) if u.business => Some(format!("business {}", u.word.text)),
        Some(u) => Some(u.word.text.clone()),
        None => None,
    }
}

fn words_text(source: &str, span: Span) -> String {
    source[span.start..span.end].split_whitespace().collect::<Vec<_>>().join(" ")
}

fn list_names(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// A unit that fits a dimension, for "use …" suggestions.
fn example_unit(dimension: Dimension) -> String {
    match dimension {
        Dimension::Duration => "a time unit such as `20 seconds`, `4 hours` or `2 business days`".into(),
        Dimension::Rings => "rings, such as `3 rings`".into(),
        Dimension::Boolean => "no condition: a yes/no measure holds when it is true".into(),
        Dimension::Number => "a plain number, such as `at least 4`".into(),
    }
}

/// A condition that fits a dimension, for rewrites.
fn example_condition(dimension: Dimension) -> String {
    match dimension {
        Dimension::Duration => "within 1 hour".into(),
        Dimension::Rings => "within 3 rings".into(),
        Dimension::Number | Dimension::Boolean => "at least 4".into(),
    }
}

/// A comparison that fits a dimension, for aggregate rewrites.
fn example_comparison(dimension: Option<Dimension>) -> String {
    match dimension {
        Some(Dimension::Duration) => "at most 10 minutes".into(),
        Some(Dimension::Rings) => "at most 3 rings".into(),
        _ => "at least 4".into(),
    }
}

/// `before insert tail`, with single spaces.
fn rewrite(before: &str, insert: &str, tail: &str) -> String {
    [before.trim(), insert, tail.trim()]
        .iter()
        .filter(|s| !s.is_empty())
        .flat_map(|s| s.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}
