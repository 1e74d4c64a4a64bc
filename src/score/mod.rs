//! The streaming scorer (SPEC §7): records in, one at a time; a
//! [`Scorecard`] out.
//!
//! A [`Scorer`] runs a [`Plan`]. For each record it reads the cells the
//! plan needs into a reused buffer, converts the typed ones (timestamps,
//! numbers, booleans), and then, in two phases, works out what the record
//! means for every standard and only then adds it to the results — so a
//! record that turns out to be bad changes nothing (it is all or nothing).
//!
//! ## Open items and `as_of`
//! A duration whose end is missing is *open*; whether it is a hit, a miss
//! or still open depends on `as_of`. When the caller gives `as_of`
//! ([`ScoreOptions::as_of`]) the verdict is reached at once. Otherwise
//! `as_of` is the latest timestamp read, known only at the end; the scorer
//! then keeps such items' start times, but decides each one as soon as the
//! latest timestamp read so far settles it (elapsed time only grows, so a
//! verdict reached early never changes). Only items that started within one
//! target duration of the newest record stay pending, so memory stays
//! bounded on a stream of any length.

mod accumulate;
mod bad;
mod feed;
mod group;
mod judge;
mod parallel;
pub mod partial;
mod report;
pub(crate) mod sketch;
mod window;

use chrono::{DateTime, Utc};

use crate::plan::{CompiledStandard, Plan, PlanInner};
use crate::record::{self, FieldType, RecordBuf, TypeError};
pub use crate::scorecard::Location;
use crate::scorecard::{Rejection, Scorecard};
use crate::time::OffsetCursor;

pub use crate::scorecard::{Group, GroupValue};
use accumulate::{Accumulator, Mark};
pub(crate) use bad::At;
pub use bad::{BadRecord, BadRecordKind, Pushed};
pub use feed::FeedError;
use group::Groups;
use judge::{add, measure, prune};
pub use partial::{PartialError, PARTIAL_FORMAT};
use report::{card, sort_rejections};

/// The window key of records whose window timestamp is missing: no real
/// window has it (`window.rs` keeps every key of a real instant above it).
const NO_WINDOW: i64 = i64::MIN;
/// How many rejected records are listed with their reasons.
pub const MAX_LISTED_REJECTIONS: usize = 20;

/// What to do with a bad record (SPEC §9).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnBadRecord {
    /// Stop with an error naming the record's line and field (the default).
    #[default]
    Fail,
    /// Count it in `records.rejected`, list the first
    /// [`MAX_LISTED_REJECTIONS`] with their reasons, and go on.
    Skip,
}

/// How to score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScoreOptions {
    /// The instant open items are judged at; `None` for the latest
    /// timestamp read from any field a standard uses.
    pub as_of: Option<DateTime<Utc>>,
    /// What to do with a bad record.
    pub on_bad_record: OnBadRecord,
}

/// Scorers of different plans or options cannot be merged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot merge scorers that {0}")]
pub struct MergeError(&'static str);

/// Scores records against a plan; see the module docs.
///
/// ```
/// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
///
/// let standards: Standards = r#"
///     standard "Pickup": calls answered within 3 rings 50% of the time by team
/// "#.parse()?;
/// let mut scorer = Scorer::new(&Plan::compile(&standards)?, ScoreOptions::default());
/// scorer.push_json(br#"{"channel": "phone", "rings": 2, "team": "north"}"#)?;
/// scorer.push_json(br#"{"channel": "phone", "rings": 5, "team": "north"}"#)?;
/// let card = scorer.scorecard();
/// let result = &card.standards[0].results[0];
/// assert_eq!((result.hits, result.misses, result.passed), (Some(1), Some(1), Some(true)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Scorer {
    plan: Plan,
    options: ScoreOptions,
    record: RecordBuf,
    typed: Typed,
    marks: Vec<Option<Placed>>,
    scratch: Scratch,
    results: Vec<Results>,
    read: u64,
    rejected: u64,
    rejections: Vec<Rejection>,
    latest: Option<i64>,
    progress: Option<Progress>,
}

/// A callback told how many records have been read, every so often.
#[derive(Clone)]
struct Progress {
    every: u64,
    report: std::sync::Arc<dyn Fn(u64) + Send + Sync>,
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Progress {{ every: {} }}", self.every)
    }
}

/// The typed values of the current record, by slot.
#[derive(Clone, Debug)]
struct Typed {
    slots: Vec<SlotValue>,
    offsets: OffsetCursor,
    /// Why, for the slots that failed (usually none).
    errors: Vec<(usize, TypeError)>,
}

/// One slot's value as the type standards read it (one of the first three,
/// by the slot's type), kept together so a slot is one lookup.
#[derive(Clone, Copy, Debug, Default)]
struct SlotValue {
    time: Option<i64>,
    number: Option<i128>,
    flag: Option<bool>,
    /// Local time (seconds) of a window timestamp, in the file's zone.
    local: i64,
    /// Could not be read as its type in this record.
    failed: bool,
}

/// Working space reused from record to record.
#[derive(Clone, Debug)]
struct Scratch {
    /// Each population filter's answer for this record: 0 not asked yet,
    /// 1 no, 2 yes.
    memo: Vec<u8>,
    /// The group key being encoded.
    key: Vec<u8>,
    /// The caller's `as_of`, in microseconds.
    as_of: Option<i64>,
}

/// A record's mark in one result of one standard.
#[derive(Clone, Copy, Debug)]
struct Placed {
    /// The window key (`window.rs`): only an identity here; the scorecard
    /// works out the order of windows from their keys.
    window: i64,
    group: u32,
    mark: Mark,
}

/// The results of one standard, by (window key, group id).
#[derive(Clone, Debug, Default)]
struct Results {
    groups: Groups,
    cells: rustc_hash::FxHashMap<(i64, u32), Accumulator>,
    /// Groups decoded and windows labelled once, when first seen, so a
    /// live scorecard costs only its rows.
    labels: report::Labels,
}

impl Results {
    /// Phase two: adds a placed record to its result.
    fn add(&mut self, plan: &PlanInner, standard: &CompiledStandard, placed: Placed, latest: Option<i64>) {
        let cell = match self.cells.entry((placed.window, placed.group)) {
            std::collections::hash_map::Entry::Occupied(cell) => cell.into_mut(),
            std::collections::hash_map::Entry::Vacant(new) => {
                self.labels.note(plan, standard, &self.groups, placed.window, placed.group);
                new.insert(Accumulator::new(&standard.evaluation))
            }
        };
        add(plan, standard, cell, placed.mark, latest);
    }

    /// Labels every result's group and window (for results made other
    /// than by `add`, such as a loaded partial).
    fn relabel(&mut self, plan: &PlanInner, standard: &CompiledStandard) {
        for &(window, group) in self.cells.keys() {
            self.labels.note(plan, standard, &self.groups, window, group);
        }
    }
}

impl Scorer {
    /// A scorer with no records yet.
    pub fn new(plan: &Plan, options: ScoreOptions) -> Scorer {
        let slots = plan.inner.fields.len();
        let standards = plan.inner.standards.len();
        Scorer {
            plan: plan.clone(),
            options,
            record: RecordBuf::new(slots),
            typed: Typed {
                slots: vec![SlotValue::default(); slots],
                offsets: plan.inner.zone.cursor(),
                errors: Vec::new(),
            },
            marks: vec![None; standards],
            scratch: Scratch {
                memo: vec![0; plan.inner.populations.len()],
                key: Vec::new(),
                as_of: options.as_of.map(|t| t.timestamp_micros()),
            },
            results: vec![Results::default(); standards],
            read: 0,
            rejected: 0,
            rejections: Vec::new(),
            latest: None,
            progress: None,
        }
    }

    /// Calls `report` with the number of records read after every `every`
    /// records of a stream fed with `feed_ndjson` or `feed_csv` (for a
    /// progress bar).
    pub fn on_progress(&mut self, every: u64, report: impl Fn(u64) + Send + Sync + 'static) {
        self.progress = Some(Progress { every: every.max(1), report: std::sync::Arc::new(report) });
    }

    /// Tells the progress callback, if it is time to.
    pub(crate) fn tick(&self) {
        if let Some(p) = &self.progress {
            if self.read.is_multiple_of(p.every) {
                (p.report)(self.read);
            }
        }
    }

    /// The plan it runs.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// Records read so far, accepted or rejected.
    pub fn records_read(&self) -> u64 {
        self.read
    }

    /// Records rejected so far (with [`OnBadRecord::Skip`]).
    pub fn records_rejected(&self) -> u64 {
        self.rejected
    }

    /// Scores one NDJSON line (a JSON object).
    pub fn push_json(&mut self, line: &[u8]) -> Result<Pushed, BadRecord> {
        let location = At::default();
        self.push_json_at(line, location)
    }

    pub(crate) fn push_json_at(&mut self, line: &[u8], location: At<'_>) -> Result<Pushed, BadRecord> {
        self.record.clear();
        match record::ndjson::fill(&self.plan.inner.fields, &mut self.record, line) {
            Ok(()) => self.score_buffered(location),
            Err(problem) => self.reject(location, BadRecordKind::Malformed, None, problem),
        }
    }

    /// Scores a value of the host program's own type: any struct or map
    /// that implements `serde::Serialize`, with fields named as the
    /// standards name them. Timestamps may be `chrono` types or RFC 3339
    /// text.
    pub fn push<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<Pushed, BadRecord> {
        let location = At::default();
        self.record.clear();
        match record::host::fill(&self.plan.inner.fields, &mut self.record, value) {
            Ok(()) => self.score_buffered(location),
            Err(problem) => self.reject(location, BadRecordKind::Malformed, None, problem),
        }
    }

    /// Gives access to the record buffer for readers in this crate.
    pub(crate) fn buffer(&mut self) -> (&crate::plan::FieldTable, &mut RecordBuf) {
        self.record.clear();
        (&self.plan.inner.fields, &mut self.record)
    }

    /// Where the next record is, in full: built only for a bad record, so
    /// that good records allocate nothing.
    fn locate(&self, at: At<'_>) -> Location {
        Location { source: at.source.map(str::to_string), line: at.line, record: self.read + 1 }
    }

    /// Scores the record now in the buffer.
    pub(crate) fn score_buffered(&mut self, location: At<'_>) -> Result<Pushed, BadRecord> {
        // Taking the buffer out and back moves three words, no allocation.
        let record = std::mem::take(&mut self.record);
        let result = self.score_record(&record, location);
        self.record = record;
        result
    }

    /// Scores a record the host built itself, slot by slot (see
    /// [`Plan::slot`] and [`Plan::record_buf`]): the fastest way in, as
    /// nothing is parsed.
    ///
    /// ```
    /// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
    /// use yardstick::record::Cell;
    ///
    /// let standards: Standards = r#"standard "Pickup": calls answered within 3 rings 90% of the time"#.parse()?;
    /// let plan = Plan::compile(&standards)?;
    /// let (channel, rings) = (plan.slot("channel").unwrap(), plan.slot("rings").unwrap());
    /// let mut scorer = Scorer::new(&plan, ScoreOptions::default());
    /// let mut record = plan.record_buf();
    /// for n in [1, 2, 5] {
    ///     record.clear();
    ///     record.set_str(channel, "phone");
    ///     record.set(rings, Cell::Int(n));
    ///     scorer.push_record(&record)?;
    /// }
    /// assert_eq!(scorer.scorecard().standards[0].results[0].hits, Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn push_record(&mut self, record: &RecordBuf) -> Result<Pushed, BadRecord> {
        if record.len() != self.plan.inner.fields.len() {
            let problem = format!(
                "the record has {} slots but the plan has {}; make it with Plan::record_buf",
                record.len(),
                self.plan.inner.fields.len()
            );
            return self.reject(At::default(), BadRecordKind::WrongShape, None, problem);
        }
        self.score_record(record, At::default())
    }

    fn score_record(&mut self, record: &RecordBuf, location: At<'_>) -> Result<Pushed, BadRecord> {
        let plan = &self.plan.inner;
        let newest = self.typed.read(plan, record);
        self.scratch.memo.fill(0);
        if let Some((kind, field, problem)) = self.place_all(record) {
            return self.reject(location, kind, Some(field), problem);
        }
        self.accept(newest);
        let plan = &self.plan.inner;
        for ((standard, results), mark) in plan.standards.iter().zip(&mut self.results).zip(&mut self.marks) {
            if let Some(placed) = mark.take() {
                results.add(plan, standard, placed, self.latest);
            }
        }
        Ok(Pushed::Scored)
    }

    /// Counts an accepted record and its newest timestamp.
    fn accept(&mut self, newest: Option<i64>) {
        self.read += 1;
        if newest.is_some() {
            self.latest = self.latest.max(newest);
        }
    }

    /// Phase one for every standard; on a bad field, its name and the
    /// problem. Nothing is counted yet.
    fn place_all(&mut self, record: &RecordBuf) -> Option<(BadRecordKind, String, String)> {
        let plan = &self.plan.inner;
        for (i, standard) in plan.standards.iter().enumerate() {
            let groups = &mut self.results[i].groups;
            match place(plan, standard, record, &self.typed, &mut self.scratch, groups) {
                Ok(placed) => self.marks[i] = placed,
                Err(bad) => {
                    let (kind, slot, problem) = self.typed.problem(bad, record);
                    return Some((kind, plan.fields.names[slot].name.clone(), problem));
                }
            }
        }
        None
    }

    /// Deals with a bad record as the options say.
    pub(crate) fn reject(
        &mut self,
        location: At<'_>,
        kind: BadRecordKind,
        field: Option<String>,
        problem: String,
    ) -> Result<Pushed, BadRecord> {
        let bad = BadRecord { kind, location: self.locate(location), field, problem };
        match self.options.on_bad_record {
            OnBadRecord::Fail => Err(bad),
            OnBadRecord::Skip => {
                self.read += 1;
                self.rejected += 1;
                if self.rejections.len() < MAX_LISTED_REJECTIONS {
                    self.rejections.push(Rejection::from(bad.clone()));
                }
                Ok(Pushed::Rejected(bad))
            }
        }
    }

    /// Adds another scorer's results, as if its records had been pushed
    /// here: scoring shards separately and merging gives the same
    /// scorecard as scoring everything at once.
    pub fn merge(&mut self, other: Scorer) -> Result<(), MergeError> {
        if !self.plan.same_as(&other.plan) {
            return Err(MergeError("ran different plans"));
        }
        if self.options != other.options {
            return Err(MergeError("were given different options"));
        }
        self.read += other.read;
        self.rejected += other.rejected;
        self.rejections.extend(other.rejections);
        sort_rejections(&mut self.rejections);
        self.latest = self.latest.max(other.latest);
        let plan = self.plan.inner.clone();
        for (i, theirs) in other.results.into_iter().enumerate() {
            let ours = &mut self.results[i];
            for ((window, group), cell) in theirs.cells {
                let id = ours.groups.intern(theirs.groups.key(group));
                match ours.cells.get_mut(&(window, id)) {
                    Some(existing) => existing.merge(cell),
                    None => {
                        ours.labels.note(&plan, &plan.standards[i], &ours.groups, window, id);
                        ours.cells.insert((window, id), cell);
                    }
                }
            }
            for cell in ours.cells.values_mut() {
                prune(&plan, &plan.standards[i], cell, self.latest);
            }
        }
        Ok(())
    }

    /// The instant open items are judged at: the one given, else the
    /// latest timestamp read.
    pub fn as_of(&self) -> Option<DateTime<Utc>> {
        self.options.as_of.or_else(|| self.latest.and_then(DateTime::from_timestamp_micros))
    }

    /// The scorecard of everything scored so far. The scorer can go on
    /// scoring afterwards (for a live scorecard).
    pub fn scorecard(&self) -> Scorecard {
        let plan = &self.plan.inner;
        let as_of = self.as_of();
        let as_of_micros = as_of.map(|t| t.timestamp_micros());
        let standards = plan
            .standards
            .iter()
            .zip(&self.results)
            .map(|(standard, results)| card(plan, standard, results, as_of_micros))
            .collect();
        Scorecard {
            as_of,
            records: crate::scorecard::Records {
                read: self.read,
                rejected: self.rejected,
                rejections: self.rejections.clone(),
            },
            standards,
        }
    }
}

impl Typed {
    /// Converts every typed slot of the record, keeping errors by slot (a
    /// slot's error only matters if a standard that admits the record
    /// reads it). Returns the latest timestamp.
    fn read(&mut self, plan: &PlanInner, record: &RecordBuf) -> Option<i64> {
        let mut newest = None;
        if !self.errors.is_empty() {
            for (slot, _) in self.errors.drain(..) {
                self.slots[slot].failed = false;
            }
        }
        for &(slot, typed, windowed) in &plan.fields.typed_slots {
            let cell = record.cell(slot);
            let value = &mut self.slots[slot];
            let error = match typed {
                FieldType::Timestamp => match record::read_timestamp(record, cell, &plan.zone) {
                    Ok(t) => {
                        value.time = t;
                        newest = newest.max(t);
                        if let (true, Some(t)) = (windowed, t) {
                            let seconds = t.div_euclid(record::MICROS);
                            value.local = seconds + self.offsets.offset_at(seconds);
                        }
                        None
                    }
                    Err(e) => Some(e),
                },
                FieldType::Number => record::read_number(record, cell).map(|v| value.number = v).err(),
                FieldType::Boolean => record::read_bool(record, cell).map(|v| value.flag = v).err(),
            };
            if let Some(error) = error {
                value.failed = true;
                self.errors.push((slot, error));
            }
        }
        newest
    }

    fn check(&self, slot: usize) -> Result<(), Bad> {
        if self.slots[slot].failed {
            Err(Bad::Read(slot))
        } else {
            Ok(())
        }
    }

    fn time(&self, slot: usize) -> Result<Option<i64>, Bad> {
        self.check(slot).map(|()| self.slots[slot].time)
    }

    /// What went wrong with a bad slot, in words.
    fn problem(&self, bad: Bad, record: &RecordBuf) -> (BadRecordKind, usize, String) {
        match bad {
            Bad::Read(slot) => match self.errors.iter().find(|(s, _)| *s == slot) {
                Some((_, error @ TypeError::WrongType { .. })) => (BadRecordKind::WrongType, slot, error.to_string()),
                Some((_, error)) => (BadRecordKind::InvalidValue, slot, error.to_string()),
                None => (BadRecordKind::InvalidValue, slot, String::new()),
            },
            Bad::Group(slot) => {
                let error = group::encode(record, record.cell(slot), &mut Vec::new()).err();
                (BadRecordKind::Ungroupable, slot, error.map(|e| e.to_string()).unwrap_or_default())
            }
        }
    }
}

/// A slot that makes a record bad: small, so the per-record path passes
/// it around cheaply; the message is made only when it is needed.
#[derive(Clone, Copy, Debug)]
enum Bad {
    /// Its cell is not of the type a standard reads it as.
    Read(usize),
    /// Its value cannot be grouped by.
    Group(usize),
}

/// Phase one: where a record goes for one standard and what it counts as,
/// without changing any result. `None` when it is not in the population.
#[inline]
fn place(
    plan: &PlanInner,
    standard: &CompiledStandard,
    record: &RecordBuf,
    typed: &Typed,
    scratch: &mut Scratch,
    groups: &mut Groups,
) -> Result<Option<Placed>, Bad> {
    let Scratch { memo, key, as_of } = scratch;
    if let Some(i) = standard.population {
        let admitted = match memo[i] {
            0 => {
                let admitted = plan.populations[i].matches(record);
                memo[i] = 1 + u8::from(admitted);
                admitted
            }
            known => known == 2,
        };
        if !admitted {
            return Ok(None);
        }
    }
    key.clear();
    for &slot in &standard.grouping {
        group::encode(record, record.cell(slot), key).map_err(|_| Bad::Group(slot))?;
    }
    let group = if standard.grouping.is_empty() { groups.intern_empty() } else { groups.intern(key) };
    let mut window = NO_WINDOW;
    let mut mark = measure(plan, standard, typed, *as_of)?;
    if let Some((period, slot)) = standard.window {
        match typed.time(slot)? {
            Some(t) => window = window::key_of_local(period, t.div_euclid(record::MICROS), typed.slots[slot].local),
            None => mark = Mark::Unmeasurable,
        }
    }
    Ok(Some(Placed { window, group, mark }))
}
