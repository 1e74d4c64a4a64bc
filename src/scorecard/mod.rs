//! The scorecard (SPEC §8): what the scorer found, per standard, window
//! and group. It serializes to exactly the JSON of §8; with the `cli`
//! feature, `text` renders it as tables for people.

mod group;
#[cfg(feature = "cli")]
#[cfg_attr(docsrs, doc(cfg(feature = "cli")))]
pub mod text;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

pub use group::{Group, GroupValue};

/// Every standard's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scorecard {
    /// The instant open items were judged at, in RFC 3339 UTC; `null` when
    /// no timestamp was read and none was given.
    #[serde(serialize_with = "rfc3339_utc")]
    pub as_of: Option<DateTime<Utc>>,
    /// Counts of records.
    pub records: Records,
    /// One entry per standard, in file order.
    pub standards: Vec<StandardCard>,
}

/// How many records were read and rejected.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Records {
    /// Records read, rejected ones included.
    pub read: u64,
    /// Bad records skipped (with `--on-bad-record skip`).
    pub rejected: u64,
    /// The first rejected records, with their reasons. Printed only when
    /// some were rejected.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejections: Vec<Rejection>,
}

/// One rejected record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// The file it came from, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Its line, for text input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Its position among the records read, for input without lines
    /// (values pushed by a host program).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// The field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl Rejection {
    /// Where the record was, as bad-record messages say it.
    pub fn location(&self) -> Location {
        Location { source: self.source.clone(), line: self.line, record: self.record.unwrap_or_default() }
    }
}

/// One standard's results.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StandardCard {
    /// Its name.
    pub name: String,
    /// Its canonical form.
    pub canonical: String,
    /// `compliance` or `aggregate`.
    pub kind: &'static str,
    /// The target in words (`95% of the time`, `at most 10 minutes`), for
    /// reports; not in the JSON.
    #[serde(skip)]
    pub target: String,
    /// The unit of aggregate values (`s`, `rings`, or empty), for reports;
    /// not in the JSON.
    #[serde(skip)]
    pub unit: &'static str,
    /// One per window and group holding at least one record of the
    /// population, sorted as SPEC §8 says.
    pub results: Vec<ResultRow>,
}

/// One result: a standard over one window and group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResultRow {
    /// The window's label, `null` without a window (or for records with no
    /// window timestamp).
    pub window: Option<String>,
    /// The grouping fields' values.
    pub group: Group,
    /// Compliance: records meeting the condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hits: Option<u64>,
    /// Compliance: records not meeting it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub misses: Option<u64>,
    /// Aggregate: records whose value was used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured: Option<u64>,
    /// Records still running at `as_of`.
    pub open: u64,
    /// Records whose value could not be known.
    pub unmeasurable: u64,
    /// The share (compliance, 0–1) or the statistic (aggregate; durations
    /// in seconds); `null` when nothing was measured.
    pub value: Option<Number>,
    /// Whether the target was met; `null` when nothing was measured.
    pub passed: Option<bool>,
}

/// The counts of a result, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counts {
    /// A compliance result's counts.
    Compliance {
        /// Hits.
        hits: u64,
        /// Misses.
        misses: u64,
        /// Open.
        open: u64,
        /// Unmeasurable.
        unmeasurable: u64,
    },
    /// An aggregate result's counts.
    Aggregate {
        /// Measured.
        measured: u64,
        /// Open.
        open: u64,
        /// Unmeasurable.
        unmeasurable: u64,
    },
}

/// A value in the scorecard: a whole count, or any other number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A count.
    Count(u64),
    /// A share, a statistic or a score.
    Float(f64),
}

impl Number {
    /// As a float.
    pub fn to_f64(self) -> f64 {
        match self {
            Number::Count(n) => n as f64,
            Number::Float(f) => f,
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Count(n) => s.serialize_u64(n),
            Number::Float(f) => s.serialize_f64(f),
        }
    }
}

impl ResultRow {
    pub(crate) fn new(
        window: Option<String>,
        group: Group,
        counts: Counts,
        value: Option<Number>,
        passed: Option<bool>,
    ) -> ResultRow {
        let (hits, misses, measured, open, unmeasurable) = match counts {
            Counts::Compliance { hits, misses, open, unmeasurable } => {
                (Some(hits), Some(misses), None, open, unmeasurable)
            }
            Counts::Aggregate { measured, open, unmeasurable } => (None, None, Some(measured), open, unmeasurable),
        };
        ResultRow { window, group, hits, misses, measured, open, unmeasurable, value, passed }
    }

    /// The records of the population in this result.
    pub fn population(&self) -> u64 {
        self.hits.unwrap_or(0) + self.misses.unwrap_or(0) + self.measured.unwrap_or(0) + self.open + self.unmeasurable
    }
}

impl Scorecard {
    /// The scorecard as pretty-printed JSON (SPEC §8).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// True when any result has `passed: false`.
    pub fn any_failed(&self) -> bool {
        self.standards.iter().flat_map(|s| &s.results).any(|r| r.passed == Some(false))
    }
}

fn rfc3339_utc<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        None => s.serialize_none(),
    }
}

/// Where a record came from, for messages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Location {
    /// The file or stream (`interactions.ndjson`, `<stdin>`), if any.
    pub source: Option<String>,
    /// The 1-based line the record starts on, for text input.
    pub line: Option<u64>,
    /// The 1-based position of the record in what this scorer read.
    pub record: u64,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.source, self.line) {
            (Some(source), Some(line)) => write!(f, "{source}, line {line}"),
            (None, Some(line)) => write!(f, "line {line}"),
            (Some(source), None) => write!(f, "{source}, record {}", self.record),
            (None, None) => write!(f, "record {}", self.record),
        }
    }
}
