//! What a record counts as for one standard: its measured value or
//! yes/no against the condition, the verdict on open items at `as_of`
//! (SPEC §7) and the business-time rules, and adding that to a result.

use chrono::{DateTime, Utc};

use super::accumulate::{Accumulator, Mark};
use super::{Bad, Typed};
use crate::plan::{Clock, CompiledMeasure, CompiledStandard, Evaluation, PlanInner, Test, Verdict};
use crate::record;

/// What the record's measure counts as for this standard.
pub(super) fn measure(
    plan: &PlanInner,
    standard: &CompiledStandard,
    typed: &Typed,
    as_of: Option<i64>,
) -> Result<Mark, Bad> {
    let compliance = match &standard.evaluation {
        Evaluation::Compliance { test, .. } => Some(test.as_ref()),
        Evaluation::Aggregate { .. } => None,
    };
    let value = match standard.measure {
        CompiledMeasure::Boolean { slot } => {
            typed.check(slot)?;
            return Ok(match (typed.slots[slot].flag, compliance) {
                (None, _) => Mark::Unmeasurable,
                (Some(true), Some(_)) => Mark::Hit,
                (Some(false), Some(_)) => Mark::Miss,
                (Some(b), None) => Mark::Value(i128::from(b) * record::PICOS),
            });
        }
        CompiledMeasure::Number { slot, scale } => {
            typed.check(slot)?;
            match typed.slots[slot].number {
                None => return Ok(Mark::Unmeasurable),
                // At most 10^24 billionths × 86_400_000: no overflow.
                Some(v) => v * scale,
            }
        }
        CompiledMeasure::Between { start, end, clock } => {
            let (Some(start), end) = (typed.time(start)?, typed.time(end)?) else { return Ok(Mark::Unmeasurable) };
            let Some(end) = end else {
                return Ok(match (compliance, as_of) {
                    (None, _) => Mark::Open,
                    (Some(_), Some(as_of)) => mark_of(open_verdict(plan, standard, start, as_of)),
                    (Some(_), None) => Mark::Pending(start),
                });
            };
            if end < start {
                return Ok(Mark::Unmeasurable);
            }
            if let (Clock::Deadline(c), Some(Some(test))) = (clock, compliance) {
                return Ok(if deadline_holds(plan, c, test, start, end) { Mark::Hit } else { Mark::Miss });
            }
            picos(elapsed(plan, clock, start, end))
        }
    };
    Ok(match compliance {
        None => Mark::Value(value),
        Some(Some(test)) if test.holds(value) => Mark::Hit,
        Some(_) => Mark::Miss,
    })
}

pub(super) fn mark_of(verdict: Verdict) -> Mark {
    match verdict {
        Verdict::Hit => Mark::Hit,
        Verdict::Miss => Mark::Miss,
        Verdict::Open => Mark::Open,
    }
}

fn instant(micros: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(micros).unwrap_or_default()
}

/// Time from `start` to `end` on a clock, in microseconds; 0 when `end`
/// is not after `start` (SPEC §7: an item that starts after `as_of` has
/// elapsed time 0 at `as_of`).
pub(super) fn elapsed(plan: &PlanInner, clock: Clock, start: i64, end: i64) -> i64 {
    match clock {
        Clock::Business(c) => plan.calendars[c].elapsed_micros(start, end),
        Clock::Wall | Clock::Deadline(_) => end.saturating_sub(start).max(0),
    }
}

/// Microseconds as a value in trillionths of a second.
fn picos(micros: i64) -> i128 {
    i128::from(micros) * (record::PICOS / i128::from(record::MICROS))
}

/// The deadline `days` business days after `start`, in µs; `None` when
/// the calendar never opens, so the deadline never comes.
pub(super) fn deadline(plan: &PlanInner, calendar: usize, start: i64, days: u32) -> Option<i64> {
    plan.calendars[calendar].deadline(instant(start), days).map(|t| t.timestamp_micros())
}

/// The deadline, or the end of time when the calendar never opens (so
/// the deadline never comes).
fn deadline_or_never(plan: &PlanInner, calendar: usize, start: i64, days: u32) -> i64 {
    deadline(plan, calendar, start, days).unwrap_or(i64::MAX)
}

/// Does an end instant meet a business-days test?
pub(super) fn deadline_holds(plan: &PlanInner, calendar: usize, test: &Test, start: i64, end: i64) -> bool {
    let Test::Deadline { op, low, high } = *test else { return false };
    let against = |days| end.cmp(&deadline_or_never(plan, calendar, start, days));
    op.accepts(against(low), || against(high))
}

/// The verdict on an open item that started at `start`, at `as_of`
/// (SPEC §7: its elapsed time so far is a lower bound).
pub(super) fn open_verdict(plan: &PlanInner, standard: &CompiledStandard, start: i64, as_of: i64) -> Verdict {
    let (Evaluation::Compliance { test: Some(test), .. }, CompiledMeasure::Between { clock, .. }) =
        (&standard.evaluation, standard.measure)
    else {
        return Verdict::Open;
    };
    match (*test, clock) {
        (Test::Deadline { op, low, high }, Clock::Deadline(c)) => {
            let against = |days| as_of.cmp(&deadline_or_never(plan, c, start, days));
            op.open_verdict(against(low), || against(high))
        }
        (Test::Value { op, low, high }, _) => {
            let e = picos(elapsed(plan, clock, start, as_of));
            op.open_verdict(low.order(e), || high.order(e))
        }
        _ => Verdict::Open,
    }
}

/// Phase two: adds a mark to a result, deciding pending items early when
/// the latest timestamp so far already settles them.
pub(super) fn add(
    plan: &PlanInner,
    standard: &CompiledStandard,
    cell: &mut Accumulator,
    mark: Mark,
    latest: Option<i64>,
) {
    let mark = match (mark, latest) {
        (Mark::Pending(start), Some(latest)) => match open_verdict(plan, standard, start, latest) {
            Verdict::Open => mark,
            settled => mark_of(settled),
        },
        _ => mark,
    };
    cell.add(mark);
    if let Accumulator::Compliance(c) = cell {
        if c.pending.len() >= c.prune_at {
            prune(plan, standard, cell, latest);
        }
    }
}

/// Decides the pending items the latest timestamp already settles.
pub(super) fn prune(plan: &PlanInner, standard: &CompiledStandard, cell: &mut Accumulator, latest: Option<i64>) {
    let (Accumulator::Compliance(c), Some(latest)) = (cell, latest) else { return };
    let pending = std::mem::take(&mut c.pending);
    for start in pending {
        match open_verdict(plan, standard, start, latest) {
            Verdict::Hit => c.hits += 1,
            Verdict::Miss => c.misses += 1,
            Verdict::Open => c.pending.push(start),
        }
    }
    c.prune_at = (c.pending.len() * 2).max(64);
}
