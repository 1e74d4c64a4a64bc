//! Compiled plans: standards turned into what the scorer runs.
//!
//! Compiling resolves every field a standard reads to a *slot*, a small
//! integer, once. Readers store a record's fields by slot
//! ([`crate::record::RecordBuf`]) and the scorer reads them by slot, so the
//! per-record path never hashes a field name. Quantities become whole
//! trillionths, filters become trees over slots with their literals
//! pre-converted, and business-hours calendars are compiled for fast
//! arithmetic ([`crate::business`]).

mod compile;
mod filter;
pub(crate) mod fnv;

use std::cmp::Ordering;
use std::sync::Arc;

use crate::business::BusinessCalendar;
use crate::standard::{Period, Statistic, Target};
use crate::time::Zone;
use crate::Standards;

pub(crate) use crate::record::fields::FieldTable;
pub(crate) use filter::CompiledFilter;

/// Standards compiled for scoring. Cheap to clone (shared), and `Send +
/// Sync`, so one plan can serve many scorers on many threads.
///
/// ```
/// use yardstick::{Plan, Standards};
///
/// let standards: Standards = r#"standard "Greeting": calls greeted by name always"#.parse()?;
/// let plan = Plan::compile(&standards)?;
/// assert_eq!(plan.fields().collect::<Vec<_>>(), ["channel", "greeted_by_name"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Plan {
    pub(crate) inner: Arc<PlanInner>,
}

#[derive(Debug)]
pub(crate) struct PlanInner {
    pub fields: FieldTable,
    pub zone: Zone,
    pub calendars: Vec<BusinessCalendar>,
    /// Distinct population filters (subject and `where` together).
    pub populations: Vec<CompiledFilter>,
    pub standards: Vec<CompiledStandard>,
    /// A hash of the file's canonical text; see [`Plan::fingerprint`].
    pub fingerprint: u64,
}

impl Plan {
    /// Compiles checked standards. Checking has already reported
    /// everything a file can get wrong, so this fails only on standards
    /// that name a calendar the file does not declare — which checked
    /// standards never do; it is an error rather than a silent fall-back
    /// to wall-clock time.
    pub fn compile(standards: &Standards) -> Result<Plan, PlanError> {
        Ok(Plan { inner: Arc::new(compile::compile(standards)?) })
    }

    /// The fields the standards read, in slot order.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.inner.fields.names.iter().map(|f| f.name.as_str())
    }

    /// The slot of a field, if any standard reads it.
    pub fn slot(&self, field: &str) -> Option<usize> {
        self.inner.fields.slot(field)
    }

    /// An empty record with one slot per field, for
    /// [`Scorer::push_record`](crate::Scorer::push_record).
    pub fn record_buf(&self) -> crate::record::RecordBuf {
        crate::record::RecordBuf::new(self.inner.fields.len())
    }

    /// The number of standards.
    pub fn len(&self) -> usize {
        self.inner.standards.len()
    }

    /// True when there are no standards.
    pub fn is_empty(&self) -> bool {
        self.inner.standards.is_empty()
    }

    /// A fingerprint of the standards the plan was compiled from: the
    /// 64-bit FNV-1a hash of the file's canonical text (what `yardstick
    /// fmt` writes: time zone, calendars, declarations and standards), as
    /// 16 hex digits. Files that differ only in layout, comments or
    /// spelling (`three` for `3`) have the same fingerprint; partial
    /// results ([`Scorer::save_partial`](crate::Scorer::save_partial)) carry
    /// it, so they are only merged with results of the same standards.
    ///
    /// ```
    /// use yardstick::{Plan, Standards};
    ///
    /// let a: Standards = "standard \"x\": calls answered within three rings always".parse()?;
    /// let b: Standards = "standard \"x\":\n  calls answered within 3 rings always # tidy\n".parse()?;
    /// assert_eq!(Plan::compile(&a)?.fingerprint(), Plan::compile(&b)?.fingerprint());
    /// assert_eq!(Plan::compile(&a)?.fingerprint().len(), 16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fingerprint(&self) -> String {
        format!("{:016x}", self.inner.fingerprint)
    }

    /// True when both are the same compiled plan (scorers can only merge
    /// when they ran the same plan).
    pub fn same_as(&self, other: &Plan) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

/// Standards that cannot be compiled.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// A standard counts business time on a calendar the file does not
    /// declare.
    #[error("standard {standard:?} counts business time on calendar {calendar:?}, which the file does not declare")]
    UnknownCalendar {
        /// The standard's name.
        standard: String,
        /// The calendar it names.
        calendar: String,
    },
}

/// One standard, ready to score.
#[derive(Debug)]
pub(crate) struct CompiledStandard {
    pub name: String,
    pub canonical: String,
    /// Index of its population filter in `PlanInner::populations`; `None`
    /// admits every record.
    pub population: Option<usize>,
    pub measure: CompiledMeasure,
    pub evaluation: Evaluation,
    pub window: Option<(Period, usize)>,
    pub grouping: Vec<usize>,
    pub grouping_names: Vec<String>,
    /// The target in words, for reports.
    pub target: String,
    /// The unit values are reported in, for reports.
    pub unit: &'static str,
}

/// How a standard's value is read from a record.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CompiledMeasure {
    /// `END - START`, on a clock.
    Between { start: usize, end: usize, clock: Clock },
    /// A number field read in billionths of its unit, times `scale`
    /// trillionths of the base unit per billionth.
    Number { slot: usize, scale: i128 },
    /// A boolean field.
    Boolean { slot: usize },
}

/// How time between two instants is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clock {
    /// Wall-clock microseconds.
    Wall,
    /// Open time of the calendar with this index.
    Business(usize),
    /// SPEC §7's business-days deadline rule on this calendar: the end is
    /// compared with deadlines, not measured.
    Deadline(usize),
}

/// What is done with measured values.
#[derive(Clone, Debug)]
pub(crate) enum Evaluation {
    /// Share of hits; `test` is `None` for a boolean measure.
    Compliance { test: Option<Test>, target: Target },
    /// A statistic compared with a bound.
    Aggregate { statistic: Statistic, rank: Option<crate::Decimal>, test: Test },
}

/// A compiled condition or comparison.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Test {
    /// Compares a value in trillionths with bounds.
    Value { op: Op, low: Bound, high: Bound },
    /// Compares an end instant with the deadlines `low` (and `high` for
    /// `between`) business days after the start.
    Deadline { op: Op, low: u32, high: u32 },
}

/// The comparison of a condition, with `within` folded into `at most`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    AtMost,
    Under,
    AtLeast,
    Over,
    Between,
}

/// An exact bound `n / 10^scale` in trillionths (see
/// [`crate::record::PICOS`]), kept as its floor and ceiling so that
/// whole-trillionth values compare with it exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Bound {
    pub floor: i128,
    pub ceil: i128,
    /// The exact bound as numerator / 10^scale, for exact comparisons of
    /// averages and net promoter scores.
    pub numerator: i128,
    pub scale: u32,
}

impl Bound {
    /// The bound as a float, for messages and fallbacks.
    pub fn to_f64(self) -> f64 {
        self.numerator as f64 / 10f64.powi(self.scale as i32)
    }
}

impl Bound {
    /// How a whole-trillionth value compares with the bound, exactly: the
    /// bound lies in `floor..=ceil`, equal to both when it is whole.
    pub fn order(self, value: i128) -> Ordering {
        if self.floor == self.ceil {
            value.cmp(&self.floor)
        } else if value <= self.floor {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }
}

impl Test {
    /// Does a whole-trillionth value meet the test?
    pub fn holds(&self, value: i128) -> bool {
        let v = value;
        match *self {
            Test::Value { op, low, high } => op.accepts(low.order(v), || high.order(v)),
            Test::Deadline { .. } => false,
        }
    }
}

/// What an open item's elapsed time so far says about it (SPEC §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Hit,
    Miss,
    Open,
}

impl Op {
    /// Does a value that compares so with the low bound (and, for
    /// `between`, the high one) meet the condition? The high bound is only
    /// worked out for `between`.
    pub fn accepts(self, low: Ordering, high: impl FnOnce() -> Ordering) -> bool {
        match self {
            Op::AtMost => low != Ordering::Greater,
            Op::Under => low == Ordering::Less,
            Op::AtLeast => low != Ordering::Less,
            Op::Over => low == Ordering::Greater,
            Op::Between => low != Ordering::Less && high() != Ordering::Greater,
        }
    }

    /// The verdict on an item whose value is at least `elapsed`, given how
    /// `elapsed` compares with the low bound (and the high one, asked only
    /// for `between`).
    pub fn open_verdict(self, low: Ordering, high: impl FnOnce() -> Ordering) -> Verdict {
        match self {
            Op::AtMost if low == Ordering::Greater => Verdict::Miss,
            Op::Under if low != Ordering::Less => Verdict::Miss,
            Op::AtLeast if low != Ordering::Less => Verdict::Hit,
            Op::Over if low == Ordering::Greater => Verdict::Hit,
            Op::Between if high() == Ordering::Greater => Verdict::Miss,
            _ => Verdict::Open,
        }
    }
}
