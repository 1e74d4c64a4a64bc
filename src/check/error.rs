//! Errors found while checking what a `.std` file means.

use crate::syntax::ast::Span;

/// A semantic error: the file parses, but something in it cannot mean
/// anything (an unknown name, a unit of the wrong kind, a vague target, …).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}")]
pub struct Error {
    /// What is wrong.
    pub kind: ErrorKind,
    /// The text to underline.
    pub span: Span,
    /// A suggestion.
    pub help: Option<String>,
    /// A second place worth pointing at ("first defined here").
    pub related: Option<(Span, String)>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, span: Span) -> Error {
        Error { kind, span, help: None, related: None }
    }

    pub(crate) fn help(mut self, help: impl Into<Option<String>>) -> Error {
        self.help = help.into();
        self
    }

    pub(crate) fn related(mut self, span: Span, label: impl Into<String>) -> Error {
        self.related = Some((span, label.into()));
        self
    }
}

/// The kinds of semantic error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A subject that is neither built in nor declared.
    #[error("unknown subject `{0}`")]
    UnknownSubject(String),
    /// A measure phrase that is neither built in nor declared.
    #[error("unknown measure `{0}`")]
    UnknownMeasure(String),
    /// `on NAME` with no such calendar.
    #[error("unknown calendar `{0}`")]
    UnknownCalendar(String),
    /// A time zone name not in the IANA database.
    #[error("unknown time zone `{0}`")]
    UnknownTimezone(String),
    /// A unit word that is not a unit.
    #[error("unknown unit `{0}`")]
    UnknownUnit(String),
    /// `per` followed by something that is not a period.
    #[error("unknown period `{0}`")]
    UnknownPeriod(String),
    /// A day name in a calendar that is not a day.
    #[error("unknown day `{0}`")]
    UnknownDay(String),
    /// A unit whose dimension does not fit the measure (`resolved within 3 rings`).
    #[error("`{measure}` is {measure_is}, but {}", match unit {
        Some(unit) => format!("`{unit}` measures {unit_is}"),
        None => "the quantity has no unit".to_string(),
    })]
    WrongDimension {
        /// The measure phrase.
        measure: String,
        /// What the measure is ("a duration").
        measure_is: String,
        /// The unit as written; `None` for a plain number.
        unit: Option<String>,
        /// What the unit measures.
        unit_is: String,
    },
    /// A condition on a yes/no measure.
    #[error("`{0}` is a yes/no measure, so it takes no condition")]
    ConditionOnBoolean(String),
    /// No condition on a measure that needs one.
    #[error("`{measure}` is {measure_is}, so it needs a condition such as `{example}`")]
    MissingCondition {
        /// The measure phrase.
        measure: String,
        /// What it is.
        measure_is: String,
        /// A condition that would fit.
        example: String,
    },
    /// An aggregate that makes no sense for the measure.
    #[error("`{statistic}` cannot be taken of `{measure}`, which is {measure_is}")]
    AggregateNotAllowed {
        /// The aggregate word.
        statistic: String,
        /// The measure phrase.
        measure: String,
        /// What it is.
        measure_is: String,
    },
    /// Business time with no calendar declared.
    #[error("business time needs a calendar, and this file declares none")]
    NoCalendar,
    /// Business time without `on NAME` in a file with several calendars.
    #[error("business time without `on CALENDAR` is ambiguous: this file declares {0}")]
    AmbiguousCalendar(String),
    /// A business-time unit that cannot be one.
    #[error("`{0}` cannot be business time")]
    NotBusinessTime(String),
    /// Business time on a measure read from one field: there are no
    /// instants to count open time between.
    #[error("`{0}` is read from a single field, so it cannot be counted in business time")]
    BusinessTimeNeedsTimestamps(String),
    /// `N business days` in an aggregate: business days are a deadline
    /// (SPEC §7), not an amount of time to average or add up.
    #[error("business days are a deadline, not an amount of time, so an aggregate cannot be compared with them")]
    BusinessDaysInAggregate,
    /// `N business days` with a fractional N.
    #[error("a number of business days must be whole")]
    FractionalBusinessDays,
    /// Two declarations of one name.
    #[error("{what} `{name}` is declared twice")]
    Duplicate {
        /// What kind of thing.
        what: &'static str,
        /// Its name.
        name: String,
    },
    /// A percentage outside 0–100.
    #[error("{0}% is over 100%")]
    PercentOver100(String),
    /// A percentile rank outside (0, 100].
    #[error("a percentile must be above 0 and at most 100, not {0}")]
    PercentileOutOfRange(String),
    /// A clock time that does not exist.
    #[error("`{0}` is not a time of day")]
    InvalidClock(String),
    /// A date that does not exist.
    #[error("`{0}` is not a date")]
    InvalidDate(String),
    /// An opening range that opens and closes at once.
    #[error("this range opens and closes at the same time")]
    EmptyRange,
    /// Two opening ranges that share time.
    #[error("on {day} this range overlaps `{other}`")]
    OverlappingRanges {
        /// The day they meet on.
        day: String,
        /// The other range, as written.
        other: String,
    },
    /// No target, or a vague one (SPEC §5's SMART rule).
    #[error("this standard is not measurable: {0}")]
    NotMeasurable(String),
    /// A second `timezone` statement.
    #[error("the file's time zone is set twice")]
    SecondTimezone,
    /// `timezone` after a calendar that already used the default.
    #[error("`timezone` must come before every calendar")]
    TimezoneAfterCalendar,
    /// A subject name that would read as an aggregate.
    #[error("`{0}` cannot name a subject: it starts aggregate standards")]
    ReservedSubjectName(String),
    /// A keyword inside a declared measure phrase.
    #[error("a measure phrase cannot contain `{0}`, which ends measure phrases in standards")]
    PhraseKeyword(String),
    /// A number with too many digits.
    #[error("`{0}` has more than {max} significant digits", max = crate::standard::MAX_DIGITS)]
    NumberTooLarge(String),
    /// A negative duration or ring count.
    #[error("a duration or number of rings cannot be negative")]
    NegativeQuantity,
    /// `between A and B` with A above B.
    #[error("the lower bound of `between` is above the upper bound")]
    BetweenOutOfOrder,
    /// Two units of different kinds in one `between`.
    #[error("the two ends of `between` have different kinds of unit")]
    MixedUnits,
    /// More standards than the limit.
    #[error("the file has more than {0} standards")]
    TooManyStandards(usize),
    /// A field name that is empty.
    #[error("a field name cannot be empty")]
    EmptyField,
}
