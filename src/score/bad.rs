//! Bad records (SPEC §9) as a host sees them: where, which field, what
//! kind of fault and why in words; and what became of a pushed record.

use crate::scorecard::{Location, Rejection};

/// Where a record is, cheaply: a borrowed source name and a line.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct At<'a> {
    pub source: Option<&'a str>,
    pub line: Option<u64>,
}

/// A record that cannot be scored (SPEC §9).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("bad record at {location}{}: {problem}", field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default())]
#[non_exhaustive]
pub struct BadRecord {
    /// What kind of fault it is, for programs.
    pub kind: BadRecordKind,
    /// Where it is.
    pub location: Location,
    /// The field at fault, when one is.
    pub field: Option<String>,
    /// What is wrong, in words, for people.
    pub problem: String,
}

impl From<BadRecord> for Rejection {
    fn from(bad: BadRecord) -> Rejection {
        Rejection {
            source: bad.location.source,
            line: bad.location.line,
            record: bad.location.line.is_none().then_some(bad.location.record),
            field: bad.field,
            reason: bad.problem,
        }
    }
}

/// What is wrong with a bad record, for a host program that shows or
/// handles faults by kind; the words are in [`BadRecord::problem`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BadRecordKind {
    /// Not a record at all: invalid JSON or CSV, not a JSON object, text
    /// that is not UTF-8, a host value that is not a struct or map.
    Malformed,
    /// A line longer than the limit.
    TooLong,
    /// A field a standard reads holds another type (text where a number
    /// is needed).
    WrongType,
    /// A field of the right type whose value is not valid: a timestamp
    /// that is no instant, a number out of range.
    InvalidValue,
    /// A field a standard groups by holds a list, an object or a
    /// non-finite number.
    Ungroupable,
    /// A [`RecordBuf`](crate::record::RecordBuf) made for another plan.
    WrongShape,
}

/// What became of a record that was pushed without error. With
/// [`OnBadRecord::Fail`](crate::OnBadRecord::Fail) (the default) it is always `Scored`, as a bad
/// record is an `Err`; with [`OnBadRecord::Skip`](crate::OnBadRecord::Skip) a bad record comes back
/// here, so the host can show it to its user while the scorer goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pushed {
    /// It was scored.
    Scored,
    /// It was bad and, as [`OnBadRecord::Skip`](crate::OnBadRecord::Skip) asks, counted in
    /// `records.rejected` and skipped; here is why.
    Rejected(BadRecord),
}
