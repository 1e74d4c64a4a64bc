//! Checked, typed standards: what a `.std` file means once every name in it
//! has been resolved (SPEC §3–§6).
//!
//! These values hold no source positions, so two standards compare equal
//! when they mean the same thing however they were spelled: `every time` and
//! `always`, `mean` and `average`, `three` and `3`. [`mod@print`] writes them
//! back in canonical form, which parses to an equal value.

mod decimal;
pub mod print;

/// The comparison words: the same in the syntax tree and in typed
/// standards, so they are defined once, by the syntax.
pub use crate::syntax::ast::ConditionOp;
pub use decimal::{Decimal, DecimalError, MAX_DIGITS};

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

/// One service standard: a measurable promise about a population of records.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Standard {
    /// The quoted name, unique within its file.
    pub name: String,
    /// The records it is about (its subject).
    pub population: Population,
    /// What is measured on each record.
    pub measure: Measure,
    /// Compliance (a share of records) or aggregate (a statistic).
    pub kind: Kind,
    /// Calendar periods results are split into; `None` gives one result.
    pub window: Option<Window>,
    /// Fields whose distinct values each get their own result.
    pub grouping: Vec<String>,
    /// `where …`: records outside it are not in the population.
    pub filter: Option<Filter>,
}

/// The two forms of standard (SPEC §5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Kind {
    /// The share of records for which the condition holds, against a target.
    Compliance {
        /// `None` for a boolean measure, which holds when it is true.
        condition: Option<Condition>,
        /// How often the condition must hold.
        target: Target,
    },
    /// A statistic over the population, compared with a quantity.
    Aggregate {
        /// Which statistic.
        statistic: Statistic,
        /// What the statistic must satisfy.
        comparison: Condition,
    },
}

/// The records a standard is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Population {
    /// The subject as named in the standard, canonicalised (`calls`); `None`
    /// for an aggregate without `for SUBJECT`.
    pub subject: Option<String>,
    /// The subject's definition; `None` means every record.
    pub definition: Option<Filter>,
}

/// A measure resolved to its definition, with the dimension the standard uses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measure {
    /// The phrase as it names the measure, lower-cased (`wrap-up time`).
    pub phrase: String,
    /// How its value is read from a record.
    pub source: MeasureSource,
    /// What kind of quantity the value is.
    pub dimension: Dimension,
}

/// How a measure's value is read from a record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "from")]
pub enum MeasureSource {
    /// `END - START`: the time between two timestamps.
    Between {
        /// The timestamp the clock starts at.
        start: String,
        /// The timestamp the clock stops at; missing means still running.
        end: String,
    },
    /// A number recorded in a unit (`wait_seconds seconds`, `rings rings`).
    Field {
        /// The field holding the number.
        field: String,
        /// Its unit, `None` for a plain number or a boolean.
        unit: Option<FieldUnit>,
    },
}

/// The unit of a numeric field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days of 24 hours.
    Days,
    /// Rings of a telephone.
    Rings,
}

impl FieldUnit {
    /// Seconds in one unit, `None` for rings.
    pub fn seconds(self) -> Option<i64> {
        match self {
            FieldUnit::Seconds => Some(1),
            FieldUnit::Minutes => Some(60),
            FieldUnit::Hours => Some(3600),
            FieldUnit::Days => Some(86_400),
            FieldUnit::Rings => None,
        }
    }
}

/// The kinds of quantity a measure can be (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// A length of time.
    Duration,
    /// A count of telephone rings.
    Rings,
    /// True or false.
    Boolean,
    /// A plain number such as a satisfaction score.
    Number,
}

impl Dimension {
    /// In words, for messages: "a duration".
    pub fn describe(self) -> &'static str {
        match self {
            Dimension::Duration => "a duration",
            Dimension::Rings => "a number of rings",
            Dimension::Boolean => "a yes/no value",
            Dimension::Number => "a plain number",
        }
    }
}

/// A comparison of a measured value with one or two quantities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Condition {
    /// How the value is compared.
    pub op: ConditionOp,
    /// The bound (the lower bound for `between`).
    pub quantity: Quantity,
    /// The upper bound of `between`.
    pub upper: Option<Quantity>,
}

/// A number with its unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quantity {
    /// The number.
    pub value: Decimal,
    /// Its unit.
    pub unit: Unit,
}

/// The units a quantity can have (SPEC §5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "unit", content = "calendar")]
pub enum Unit {
    /// A plain number.
    None,
    /// Wall-clock seconds.
    Seconds,
    /// Wall-clock minutes.
    Minutes,
    /// Wall-clock hours.
    Hours,
    /// Days of 24 hours.
    Days,
    /// Telephone rings.
    Rings,
    /// Minutes of open time on the named calendar.
    BusinessMinutes(String),
    /// Hours of open time on the named calendar.
    BusinessHours(String),
    /// Open days on the named calendar (SPEC §7's deadline rule).
    BusinessDays(String),
}

impl Unit {
    /// The dimension of a value measured in this unit.
    pub fn dimension(&self) -> Dimension {
        match self {
            Unit::None => Dimension::Number,
            Unit::Rings => Dimension::Rings,
            _ => Dimension::Duration,
        }
    }

    /// The calendar of a business-time unit.
    pub fn calendar(&self) -> Option<&str> {
        match self {
            Unit::BusinessMinutes(c) | Unit::BusinessHours(c) | Unit::BusinessDays(c) => Some(c),
            _ => None,
        }
    }
}

/// How often a compliance condition must hold (SPEC §5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "share", content = "percent")]
pub enum Target {
    /// `P% of the time`, `in P% of cases`, `at least P% of the time`.
    AtLeast(Decimal),
    /// `at most P% of the time`.
    AtMost(Decimal),
    /// `always`, `every time`: 100%.
    Always,
    /// `never`: 0%.
    Never,
}

/// The statistics of an aggregate standard (SPEC §5).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "statistic", content = "rank")]
pub enum Statistic {
    /// `average`, `mean`.
    Average,
    /// `median` (the 50th percentile).
    Median,
    /// `pNN`, `NNth percentile`: the nearest-rank percentile, 0 < NN ≤ 100.
    Percentile(Decimal),
    /// `minimum`.
    Minimum,
    /// `maximum`.
    Maximum,
    /// `total`.
    Total,
    /// `count`: the number of records with a known value.
    Count,
    /// `nps of`: % of 9–10 minus % of 0–6.
    Nps,
}

/// `per PERIOD [of FIELD]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The calendar period.
    pub period: Period,
    /// The timestamp that places a record in a period.
    pub field: String,
}

/// The field windows are bucketed by unless `of FIELD` says otherwise.
pub const DEFAULT_WINDOW_FIELD: &str = "created_at";

/// Calendar periods, in the file's time zone (weeks from Monday).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// An hour.
    Hour,
    /// A day.
    Day,
    /// An ISO week.
    Week,
    /// A month.
    Month,
    /// A quarter.
    Quarter,
    /// A year.
    Year,
}

impl Period {
    /// Every period, in order of length.
    pub const ALL: [Period; 6] =
        [Period::Hour, Period::Day, Period::Week, Period::Month, Period::Quarter, Period::Year];

    /// The word used in `.std` files.
    pub fn word(self) -> &'static str {
        match self {
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }
}

/// A filter expression (SPEC §6), with nested `and`s and `or`s flattened.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Filter {
    /// One test of one field.
    Test {
        /// The field tested.
        field: String,
        /// The test.
        test: Test,
    },
    /// `not …`.
    Not(Box<Filter>),
    /// All must hold (two or more).
    And(Vec<Filter>),
    /// One must hold (two or more).
    Or(Vec<Filter>),
}

/// A test of one field. Every test but `Missing` and `Present` is false on a
/// missing or null field (SPEC §6).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "test", content = "value")]
pub enum Test {
    /// `is V`, `= V`.
    Eq(Value),
    /// `is not V`, `!= V`.
    Ne(Value),
    /// `< V`.
    Lt(Value),
    /// `<= V`.
    Le(Value),
    /// `> V`.
    Gt(Value),
    /// `>= V`.
    Ge(Value),
    /// `in [V, …]`.
    In(Vec<Value>),
    /// `not in [V, …]`.
    NotIn(Vec<Value>),
    /// `is missing`: null or absent.
    Missing,
    /// `is present`: neither null nor absent.
    Present,
}

/// A literal value in a filter.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A string.
    String(String),
    /// A number.
    Number(Decimal),
    /// `true` or `false`.
    Bool(bool),
}

/// A business-hours calendar (SPEC §3).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Calendar {
    /// Its name.
    pub name: String,
    /// Its own zone, `None` to use the file's.
    #[serde(serialize_with = "serialize_optional_zone")]
    pub timezone: Option<Tz>,
    /// Opening hours, in the order written.
    pub hours: Vec<OpenRange>,
    /// Dates on which it does not open.
    pub closed: Vec<ClosedDate>,
}

/// `DAYS HH:MM-HH:MM`, one range on each listed day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenRange {
    /// The days it applies to, Monday first, as written (a range is expanded).
    pub days: Vec<chrono::Weekday>,
    /// Minutes after midnight at which it opens.
    pub start: u16,
    /// Minutes after midnight at which it closes (`1440` for `24:00`); when
    /// below `start`, the range crosses midnight and ends the next day.
    pub end: u16,
}

/// `closed YYYY-MM-DD ["label"]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClosedDate {
    /// The date, in the calendar's zone.
    pub date: NaiveDate,
    /// What the holiday is called.
    pub label: Option<String>,
}

/// `subject NAME = FILTER`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SubjectDecl {
    /// The name standards use.
    pub name: String,
    /// Which records it is.
    pub filter: Filter,
}

/// `measure PHRASE = …`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MeasureDecl {
    /// The phrase standards use, lower-cased.
    pub phrase: String,
    /// How it is read.
    pub source: MeasureSource,
}

pub(crate) fn serialize_zone<S: serde::Serializer>(zone: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(zone.name())
}

fn serialize_optional_zone<S: serde::Serializer>(zone: &Option<Tz>, s: S) -> Result<S::Ok, S::Error> {
    match zone {
        Some(zone) => s.serialize_str(zone.name()),
        None => s.serialize_none(),
    }
}
