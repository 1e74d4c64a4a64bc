//! Business-hours arithmetic on a [`Calendar`] (SPEC §3, §7).
//!
//! A [`BusinessCalendar`] answers three questions about a calendar: how much
//! open time lies between two instants ([`BusinessCalendar::elapsed`]), when
//! an `N business days` deadline falls ([`BusinessCalendar::deadline`]) and
//! when the calendar next opens ([`BusinessCalendar::next_open`]).
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use yardstick::business::BusinessCalendar;
//! use yardstick::Standards;
//!
//! let file = Standards::parse(r#"
//!     timezone "Europe/London"
//!     calendar office:
//!       mon-fri 09:00-17:30
//!       closed 2026-12-25 "Christmas Day"
//! "#)?;
//! let office = BusinessCalendar::new(file.calendar("office").unwrap(), file.timezone());
//! // Thursday 24 December 17:00 to Monday 28 December 10:00: half an hour on
//! // Thursday, nothing on Christmas Day or the weekend, an hour on Monday.
//! let start = Utc.with_ymd_and_hms(2026, 12, 24, 17, 0, 0).unwrap();
//! let end = Utc.with_ymd_and_hms(2026, 12, 28, 10, 0, 0).unwrap();
//! assert_eq!(office.elapsed(start, end), TimeDelta::minutes(90));
//! // One business day after Thursday 17:00 is Monday 17:00.
//! assert_eq!(office.deadline(start, 1), Some(Utc.with_ymd_and_hms(2026, 12, 28, 17, 0, 0).unwrap()));
//! # Ok::<(), yardstick::Diagnostics>(())
//! ```
//!
//! # What the calendar means
//!
//! - An [`OpenRange`](crate::standard::OpenRange) opens on each of its days
//!   at `start` minutes after local midnight and closes at `end` (`1440` is
//!   24:00). An `end` below `start` crosses midnight; the whole range still
//!   belongs to its start day. A range includes its start and excludes its
//!   end.
//! - A `closed` date removes the ranges that *start* on it, including their
//!   part after midnight; a range that starts the day before and runs into a
//!   closed date is kept.
//! - Hours are wall-clock times in the calendar's own zone, or the file's.
//!   A local time inside a daylight-saving gap moves forward by the gap's
//!   length (01:30 on the spring-forward day in London is 02:30 BST); an
//!   ambiguous local time takes the earlier instant. Open time is real
//!   elapsed time between those instants, so a change of clocks shortens or
//!   lengthens an open range as it does the day (00:00–24:00 on the
//!   spring-forward day in London holds 23 hours). A range whose closing
//!   instant is not after its opening instant (possible only inside a gap)
//!   holds no time.
//! - An *open day* is a local date on which at least one range starts and
//!   which is not closed.
//! - Ranges a hand-built [`Calendar`] may hold that the checker rejects are
//!   read leniently: a range with `start == end` is empty, a `start` past
//!   23:59 is ignored, an `end` past 24:00 is read as 24:00, and overlapping

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::standard::Calendar;
use crate::time::civil::{self, EPOCH_AFTER_MONDAY as MONDAY_SHIFT};
use crate::time::Zone;

const MINUTES_PER_DAY: u16 = 24 * 60;
const DAY: i64 = civil::SECONDS_PER_DAY;
const WEEK: i64 = 7 * DAY;
/// How far either side of a change of offset open time is computed exactly.
/// A range end read with another offset than the instant's own is near a
/// change; it moves by the difference of two offsets (under two days) plus
/// at most a gap (under a day), so three days would do and five spare.
const CHANGE_MARGIN: i64 = 5 * DAY;

/// A calendar compiled for fast arithmetic.
#[derive(Clone, Debug)]
pub struct BusinessCalendar {
    name: String,
    zone: Tz,
    compiled: Arc<Compiled>,
}

impl BusinessCalendar {
    /// Compiles `calendar`; `file_zone` is used when the calendar has no zone of its own.
    pub fn new(calendar: &Calendar, file_zone: Tz) -> BusinessCalendar {
        let zone = calendar.timezone.unwrap_or(file_zone);
        BusinessCalendar { name: calendar.name.clone(), zone, compiled: Arc::new(Compiled::new(calendar, zone)) }
    }

    /// The calendar's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The zone its hours are read in.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Open time in [start, end), exact to the microsecond; zero when end <= start.
    ///
    /// Open intervals begin and end on whole seconds, so the fraction of a
    /// second at either end counts exactly when that second is open: the
    /// result is exact to the nanosecond.
    pub fn elapsed(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> TimeDelta {
        if end <= start {
            return TimeDelta::zero();
        }
        let c = &self.compiled;
        let whole = c.cumulative(end.timestamp()) - c.cumulative(start.timestamp());
        let nanos = c.open_nanos(end) - c.open_nanos(start);
        TimeDelta::new(whole, 0).and_then(|t| t.checked_add(&TimeDelta::nanoseconds(nanos))).unwrap_or(TimeDelta::MAX)
    }

    /// As [`BusinessCalendar::elapsed`], for instants in microseconds since
    /// 1970-01-01 UTC (the scorer's form), without building `DateTime`s;
    /// the result is in microseconds.
    pub fn elapsed_micros(&self, start: i64, end: i64) -> i64 {
        if end <= start {
            return 0;
        }
        let c = &self.compiled;
        let split = |t: i64| (t.div_euclid(1_000_000), t.rem_euclid(1_000_000));
        let ((s, s_part), (e, e_part)) = (split(start), split(end));
        let part = |secs: i64, micros: i64| if micros > 0 && c.is_open(secs) { micros } else { 0 };
        (c.cumulative(e) - c.cumulative(s)).saturating_mul(1_000_000) + part(e, e_part) - part(s, s_part)
    }

    /// SPEC §7's `N business days` deadline: the same local time of day as the
    /// (effective) start on the N-th open day after the start's day. A start outside
    /// open hours, or exactly at a closing time, first moves to the next opening.
    /// `None` when the calendar never opens (no ranges, or no opening within the
    /// supported range of dates).  N = 0 means the effective start itself.
    pub fn deadline(&self, start: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
        let start = self.next_open(start)?;
        if days == 0 {
            return Some(start);
        }
        let c = &self.compiled;
        let secs = start.timestamp();
        let local = secs + c.zone.offset_at(secs);
        let day = c.nth_open_day(local.div_euclid(DAY), days)?;
        let at = c.zone.instant_of_local(day * DAY + local.rem_euclid(DAY));
        DateTime::from_timestamp(at, start.timestamp_subsec_nanos())
    }

    /// The first instant >= t at which the calendar is open; None if it never opens again.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let c = &self.compiled;
        let secs = t.timestamp();
        if t.timestamp_subsec_nanos() == 0 {
            return DateTime::from_timestamp(c.first_open(secs)?, 0);
        }
        if c.is_open(secs) {
            return Some(t);
        }
        DateTime::from_timestamp(c.first_open(secs + 1)?, 0)
    }
}

/// Everything the arithmetic needs, shared by clones. Instants are seconds
/// since the Unix epoch; local times are seconds since 1970-01-01 00:00 on
/// the wall clock; days are local dates counted from 1970-01-01.
struct Compiled {
    zone: Zone,
    /// Ranges per weekday (Monday first), in seconds from the start day's midnight.
    days: [Vec<(i64, i64)>; 7],
    /// The weekly open time, in local seconds from Monday 00:00.
    week: Spans,
    /// Closed days, sorted.
    closed: Vec<i64>,
    /// The closed days on a weekday with ranges: the ones that cost an open day.
    closed_open: Vec<i64>,
    /// `open_weekdays[i]`: how many of the first `i` weekdays (from Monday) have ranges.
    open_weekdays: [i64; 8],
    /// Exceptional stretches, sorted and disjoint.
    stretches: Vec<Stretch>,
    /// The open intervals inside the stretches, clipped to them.
    exact: Spans,
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Compiled")
            .field("days", &self.days)
            .field("closed", &self.closed.len())
            .field("offset_changes", &self.zone.changes().len())
            .field("stretches", &self.stretches.len())
            .finish_non_exhaustive()
    }
}

/// Instants `[start, end)` where the periodic week does not tell the open time.
#[derive(Clone, Copy, Debug)]
struct Stretch {
    start: i64,
    end: i64,
    /// Open time before `t`, for `t` inside: `base + exact.before(t)`.
    base: i64,
    /// The offset from `end` to the next stretch.
    offset_after: i64,
    /// Open time before `t`, from `end` to the next stretch:
    /// `periodic(t + offset_after) + after`.
    after: i64,
}

impl Compiled {
    fn new(calendar: &Calendar, zone: Tz) -> Compiled {
        let days = weekday_ranges(calendar);
        let mut closed: Vec<i64> = calendar.closed.iter().map(|c| civil::day_of_date(c.date)).collect();
        closed.sort_unstable();
        closed.dedup();
        let closed_open = closed.iter().copied().filter(|&d| !days[weekday(d)].is_empty()).collect();
        let mut open_weekdays = [0; 8];
        for (i, ranges) in days.iter().enumerate() {
            open_weekdays[i + 1] = open_weekdays[i] + i64::from(!ranges.is_empty());
        }
        let mut compiled = Compiled {
            zone: Zone::new(zone),
            week: week_spans(&days),
            days,
            closed,
            closed_open,
            open_weekdays,
            stretches: Vec::new(),
            exact: Spans::default(),
        };
        let windows = compiled.exceptional_windows();
        compiled.exact = Spans::new(windows.iter().flat_map(|&w| compiled.exact_intervals(w)).collect());
        compiled.stretches = compiled.link(&windows);
        compiled
    }

    /// Where offsets change or dates are closed, merged where they meet.
    fn exceptional_windows(&self) -> Vec<(i64, i64)> {
        let changes = self.zone.changes().iter().map(|c| (c.at - CHANGE_MARGIN, c.at + CHANGE_MARGIN));
        let closed = self.closed.iter().map(|&d| ((d - 1) * DAY, (d + 3) * DAY));
        let mut windows: Vec<(i64, i64)> = changes.chain(closed).collect();
        windows.sort_unstable();
        let mut merged: Vec<(i64, i64)> = Vec::with_capacity(windows.len());
        for (s, e) in windows {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// The open intervals within `[start, end)`, from every day whose ranges
    /// could reach into it.
    fn exact_intervals(&self, (start, end): (i64, i64)) -> Vec<(i64, i64)> {
        let days = start.div_euclid(DAY) - 3..=end.div_euclid(DAY) + 2;
        let all = days.flat_map(|d| self.day_instants(d)).collect();
        merge(all).into_iter().map(|(s, e)| (s.max(start), e.min(end))).filter(|(s, e)| e > s).collect()
    }

    /// The instants of the ranges that start on `day`, none if it is closed.
    fn day_instants(&self, day: i64) -> Vec<(i64, i64)> {
        if self.closed.binary_search(&day).is_ok() {
            return Vec::new();
        }
        let midnight = day * DAY;
        let instant = |s: i64| self.zone.instant_of_local(midnight + s);
        self.days[weekday(day)].iter().map(|&(s, e)| (instant(s), instant(e))).collect()
    }

    /// Fixes each stretch's counts so the open time before an instant
    /// continues across it: the periodic count is exact between stretches up
    /// to a constant, which changes only inside them.
    fn link(&self, windows: &[(i64, i64)]) -> Vec<Stretch> {
        let mut correction = 0;
        let mut stretches = Vec::with_capacity(windows.len());
        for &(start, end) in windows {
            let at_start = self.periodic(start + self.zone.offset_at(start)) + correction;
            let base = at_start - self.exact.before(start);
            let offset_after = self.zone.offset_at(end);
            correction = base + self.exact.before(end) - self.periodic(end + offset_after);
            stretches.push(Stretch { start, end, base, offset_after, after: correction });
        }
        stretches
    }

    /// Open seconds before local time `local` in the periodic week, counted
    /// from an arbitrary origin (only differences mean anything).
    fn periodic(&self, local: i64) -> i64 {
        let since_monday = local + MONDAY_SHIFT * DAY;
        since_monday.div_euclid(WEEK) * self.week.total() + self.week.before(since_monday.rem_euclid(WEEK))
    }

    /// The first local time >= `local` open in the periodic week.
    fn periodic_next(&self, local: i64) -> Option<i64> {
        let within = (local + MONDAY_SHIFT * DAY).rem_euclid(WEEK);
        let monday = local - within;
        match self.week.next_from(within) {
            Some(y) => Some(monday + y),
            None => self.week.list.first().map(|&(s, _)| monday + WEEK + s),
        }
    }

    /// Open seconds before instant `t`, from the same origin for every `t`.
    fn cumulative(&self, t: i64) -> i64 {
        let k = self.stretches.partition_point(|s| s.start <= t);
        let Some(stretch) = k.checked_sub(1).map(|i| &self.stretches[i]) else {
            return self.periodic(t + self.zone.initial_offset());
        };
        if t < stretch.end {
            stretch.base + self.exact.before(t)
        } else {
            self.periodic(t + stretch.offset_after) + stretch.after
        }
    }

    /// Whether the second starting at `secs` is open (intervals begin and
    /// end on whole seconds, so it is open throughout or not at all).
    fn is_open(&self, secs: i64) -> bool {
        self.cumulative(secs + 1) > self.cumulative(secs)
    }

    /// The open nanoseconds in `t`'s second before `t`.
    fn open_nanos(&self, t: DateTime<Utc>) -> i64 {
        let nanos = t.timestamp_subsec_nanos();
        if nanos > 0 && self.is_open(t.timestamp()) {
            i64::from(nanos)
        } else {
            0
        }
    }

    /// The first open second >= `x`, walking stretch by stretch: each
    /// periodic gap between stretches either opens within a week or is
    /// skipped whole.
    fn first_open(&self, mut x: i64) -> Option<i64> {
        if self.week.list.is_empty() {
            return None;
        }
        let mut k = self.stretches.partition_point(|s| s.start <= x);
        loop {
            let previous = k.checked_sub(1).map(|i| &self.stretches[i]);
            if let Some(stretch) = previous.filter(|s| x < s.end) {
                if let Some(y) = self.exact.next_from(x).filter(|&y| y < stretch.end) {
                    return Some(y);
                }
                x = stretch.end;
            }
            let offset = previous.map_or(self.zone.initial_offset(), |s| s.offset_after);
            let limit = self.stretches.get(k).map_or(i64::MAX, |s| s.start);
            if let Some(y) = self.periodic_next(x + offset).map(|l| l - offset).filter(|&y| y < limit) {
                return Some(y);
            }
            x = self.stretches.get(k)?.start;
            k += 1;
        }
    }

    /// The `n`-th open day after `day` (n >= 1), by binary search on the
    /// count of open days, which is exact in O(log) for any span.
    fn nth_open_day(&self, day: i64, n: u32) -> Option<i64> {
        let per_week = self.open_weekdays[7];
        if per_week == 0 {
            return None;
        }
        let n = i64::from(n);
        // Enough whole weeks for n open days even if every closed date costs one.
        let weeks = (n + self.closed_open.len() as i64) / per_week + 1;
        let (mut lo, mut hi) = (day + 1, day + 7 * weeks);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.open_days(day, mid) >= n {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    }

    /// The number of open days in `(from, to]`.
    fn open_days(&self, from: i64, to: i64) -> i64 {
        let closed = self.closed_open.partition_point(|&d| d <= to) - self.closed_open.partition_point(|&d| d <= from);
        self.open_weekdays_before(to + 1) - self.open_weekdays_before(from + 1) - closed as i64
    }

    /// Days with ranges before `day`, from an arbitrary origin.
    fn open_weekdays_before(&self, day: i64) -> i64 {
        let since_monday = day + MONDAY_SHIFT;
        since_monday.div_euclid(7) * self.open_weekdays[7] + self.open_weekdays[since_monday.rem_euclid(7) as usize]
    }
}

/// Sorted, disjoint half-open intervals with the total length before each.
#[derive(Debug, Default)]
struct Spans {
    list: Vec<(i64, i64)>,
    /// `prefix[i]`: the length of the first `i` intervals.
    prefix: Vec<i64>,
}

impl Spans {
    /// `list` must be sorted and disjoint.
    fn new(list: Vec<(i64, i64)>) -> Spans {
        let mut prefix = Vec::with_capacity(list.len() + 1);
        prefix.push(0);
        for &(s, e) in &list {
            prefix.push(prefix[prefix.len() - 1] + (e - s));
        }
        Spans { list, prefix }
    }

    fn total(&self) -> i64 {
        self.prefix.last().copied().unwrap_or(0)
    }

    /// The length of the intervals before `x`.
    fn before(&self, x: i64) -> i64 {
        let i = self.list.partition_point(|&(_, e)| e <= x);
        let partial = self.list.get(i).map_or(0, |&(s, _)| (x - s).max(0));
        self.prefix.get(i).copied().unwrap_or(0) + partial
    }

    /// The first point >= `x` inside an interval.
    fn next_from(&self, x: i64) -> Option<i64> {
        let i = self.list.partition_point(|&(_, e)| e <= x);
        self.list.get(i).map(|&(s, _)| s.max(x))
    }
}

/// Each weekday's ranges in seconds from its midnight, empty ones dropped.
fn weekday_ranges(calendar: &Calendar) -> [Vec<(i64, i64)>; 7] {
    let mut days: [Vec<(i64, i64)>; 7] = Default::default();
    for range in &calendar.hours {
        let Some((start, end)) = range_minutes(range.start, range.end) else { continue };
        for day in &range.days {
            let ranges = &mut days[day.num_days_from_monday() as usize];
            let seconds = (i64::from(start) * 60, i64::from(end) * 60);
            if !ranges.contains(&seconds) {
                ranges.push(seconds);
            }
        }
    }
    days
}

/// The week's open time in seconds from Monday 00:00, a range crossing
/// Sunday midnight wrapping to Monday.
fn week_spans(days: &[Vec<(i64, i64)>; 7]) -> Spans {
    let mut all = Vec::new();
    for (i, ranges) in days.iter().enumerate() {
        let midnight = i as i64 * DAY;
        for &(s, e) in ranges {
            let (s, e) = (midnight + s, midnight + e);
            all.push((s, e.min(WEEK)));
            if e > WEEK {
                all.push((0, e - WEEK));
            }
        }
    }
    Spans::new(merge(all))
}

/// A range's minutes after its start day's midnight; `None` when it holds no time.
fn range_minutes(start: u16, end: u16) -> Option<(u16, u16)> {
    if start >= MINUTES_PER_DAY || start == end {
        return None;
    }
    let end = end.min(MINUTES_PER_DAY);
    Some(if end > start { (start, end) } else { (start, end + MINUTES_PER_DAY) })
}

/// Sorted, disjoint union of intervals; empty ones dropped.
fn merge(mut intervals: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    intervals.retain(|(s, e)| e > s);
    intervals.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(intervals.len());
    for (s, e) in intervals {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Monday = 0 … Sunday = 6, as an index.
fn weekday(day: i64) -> usize {
    civil::weekday(day) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::{ClosedDate, OpenRange};
    use chrono::offset::LocalResult;
    use chrono::Weekday::{self, *};
    use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
    use chrono_tz::GapInfo;
    use proptest::prelude::*;

    const ALL_WEEK: [Weekday; 7] = [Mon, Tue, Wed, Thu, Fri, Sat, Sun];
    const ZONES: [Tz; 5] = [
        Tz::UTC,
        chrono_tz::Europe::London,
        chrono_tz::America::New_York,
        chrono_tz::Australia::Lord_Howe,
        chrono_tz::Asia::Kolkata,
    ];

    /// The straightforward answer: every local date's ranges turned into
    /// instants through chrono-tz, merged, and read off one by one.
    struct Reference {
        zone: Tz,
        week: [Vec<(u16, u16)>; 7],
        closed: Vec<NaiveDate>,
    }

    impl Reference {
        fn new(calendar: &Calendar, zone: Tz) -> Reference {
            let mut week: [Vec<(u16, u16)>; 7] = Default::default();
            for range in &calendar.hours {
                let Some(minutes) = range_minutes(range.start, range.end) else { continue };
                for day in &range.days {
                    week[day.num_days_from_monday() as usize].push(minutes);
                }
            }
            let closed = calendar.closed.iter().map(|c| c.date).collect();
            Reference { zone: calendar.timezone.unwrap_or(zone), week, closed }
        }

        fn elapsed(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> TimeDelta {
            if end <= start {
                return TimeDelta::zero();
            }
            let first = self.local(start).date() - Days::new(2);
            let last = self.local(end).date() + Days::new(1);
            let intervals: Vec<_> = first.iter_days().take_while(|d| *d <= last).flat_map(|d| self.day(d)).collect();
            let total: i128 = merge_instants(intervals)
                .iter()
                .map(|&(s, e)| (s.max(start), e.min(end)))
                .filter(|(s, e)| e > s)
                .map(|(s, e)| nanos(e) - nanos(s))
                .sum();
            TimeDelta::nanoseconds(i64::try_from(total).unwrap())
        }

        fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
            if self.week.iter().all(Vec::is_empty) {
                return None;
            }
            let mut best: Option<DateTime<Utc>> = None;
            let first = self.local(t).date() - Days::new(2);
            for day in first.iter_days().take(7 * (self.closed.len() + 3)) {
                for (s, e) in self.day(day) {
                    if e > t && e > s {
                        best = Some(best.map_or(s.max(t), |b| b.min(s.max(t))));
                    }
                }
                if best.is_some_and(|b| b < self.instant(day.and_time(NaiveTime::MIN)) - TimeDelta::days(1)) {
                    break;
                }
            }
            best
        }

        fn deadline(&self, start: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
            let start = self.next_open(start)?;
            if days == 0 {
                return Some(start);
            }
            let local = self.local(start);
            let mut day = local.date();
            for _ in 0..days {
                day = day.iter_days().skip(1).find(|d| self.is_open_day(*d))?;
            }
            Some(self.instant(day.and_time(local.time())))
        }

        fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
            t.with_timezone(&self.zone).naive_local()
        }

        fn is_open_day(&self, day: NaiveDate) -> bool {
            !self.week[day.weekday().num_days_from_monday() as usize].is_empty() && !self.closed.contains(&day)
        }

        fn day(&self, day: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
            if self.closed.contains(&day) {
                return Vec::new();
            }
            let midnight = day.and_time(NaiveTime::MIN);
            let at = |m: u16| self.instant(midnight + TimeDelta::minutes(i64::from(m)));
            self.week[day.weekday().num_days_from_monday() as usize].iter().map(|&(s, e)| (at(s), at(e))).collect()
        }

        fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
            match self.zone.from_local_datetime(&local) {
                LocalResult::Single(t) => t.to_utc(),
                LocalResult::Ambiguous(a, b) => a.min(b).to_utc(),
                LocalResult::None => {
                    let (_, before) = GapInfo::new(&local, &self.zone).unwrap().begin.unwrap();
                    (local - before.fix()).and_utc()
                }
            }
        }
    }

    fn merge_instants(mut intervals: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        intervals.retain(|(s, e)| e > s);
        intervals.sort_unstable();
        let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
        for (s, e) in intervals {
            match out.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => out.push((s, e)),
            }
        }
        out
    }

    fn nanos(t: DateTime<Utc>) -> i128 {
        i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn calendar(hours: &[(&[Weekday], u16, u16)], closed: &[NaiveDate]) -> Calendar {
        Calendar {
            name: "test".to_string(),
            timezone: None,
            hours: hours
                .iter()
                .map(|(days, start, end)| OpenRange { days: days.to_vec(), start: *start, end: *end })
                .collect(),
            closed: closed.iter().map(|&date| ClosedDate { date, label: None }).collect(),
        }
    }

    /// Calendars that exercise the awkward cases: gaps, repeats, overnight
    /// ranges, 24:00, holidays on change days and next to overnight ranges.
    fn awkward_calendars() -> Vec<Calendar> {
        let weekdays: &[Weekday] = &[Mon, Tue, Wed, Thu, Fri];
        let holidays = [date(2026, 3, 29), date(2026, 11, 1), date(2026, 4, 6), date(2026, 10, 5), date(2026, 12, 25)];
        vec![
            calendar(&[(weekdays, 540, 1050), (&[Sat], 600, 840)], &holidays),
            calendar(&[(weekdays, 1320, 360)], &holidays),
            calendar(&[(&ALL_WEEK, 0, 1440)], &[]),
            calendar(&[(&ALL_WEEK, 0, 1440)], &holidays),
            calendar(&[(&[Sun], 60, 180), (&[Sun], 90, 135), (&[Sat], 1410, 150)], &[]),
            calendar(&[(&[Sat, Sun], 1020, 1440), (&[Mon, Sun], 30, 150), (&[Fri], 1439, 1)], &holidays[..2]),
        ]
    }

    fn check_against_reference(cal: &Calendar, zone: Tz, starts: &[DateTime<Utc>], lengths: &[TimeDelta]) {
        let fast = BusinessCalendar::new(cal, zone);
        let slow = Reference::new(cal, zone);
        for &start in starts {
            let context = format!("{zone} {start} {:?} {:?}", cal.hours, cal.closed);
            for &length in lengths {
                let end = start + length;
                assert_eq!(fast.elapsed(start, end), slow.elapsed(start, end), "elapsed to {end}: {context}");
            }
            assert_eq!(fast.next_open(start), slow.next_open(start), "next_open {context}");
            for n in [0, 1, 3] {
                assert_eq!(fast.deadline(start, n), slow.deadline(start, n), "deadline {n} {context}");
            }
        }
    }

    #[test]
    fn matches_reference_around_changes_of_offset() {
        let weeks = [date(2026, 3, 26), date(2026, 10, 22), date(2026, 3, 5), date(2026, 10, 29), date(2026, 4, 2)];
        let starts: Vec<DateTime<Utc>> = weeks
            .iter()
            .flat_map(|w| {
                (0..7 * 8).map(move |step| w.and_time(NaiveTime::MIN).and_utc() + TimeDelta::minutes(step * 180 + 7))
            })
            .collect();
        let lengths = [TimeDelta::hours(1), TimeDelta::hours(9), TimeDelta::hours(40)];
        for cal in awkward_calendars() {
            for zone in ZONES {
                check_against_reference(&cal, zone, &starts, &lengths);
            }
        }
    }

    #[test]
    fn calendars_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<BusinessCalendar>();
    }

    #[test]
    fn spring_forward_day_holds_23_hours() {
        let cal = BusinessCalendar::new(&calendar(&[(&[Sun], 0, 1440)], &[]), chrono_tz::Europe::London);
        assert_eq!(cal.elapsed(utc(2026, 3, 25, 0, 0), utc(2026, 4, 1, 0, 0)), TimeDelta::hours(23));
    }

    #[test]
    fn gap_time_moves_forward() {
        let cal = BusinessCalendar::new(&calendar(&[(&[Sun], 90, 240)], &[]), chrono_tz::Europe::London);
        // 01:30 local is 02:30 BST = 01:30 UTC; 04:00 BST = 03:00 UTC.
        assert_eq!(cal.next_open(utc(2026, 3, 29, 0, 0)), Some(utc(2026, 3, 29, 1, 30)));
        assert_eq!(cal.elapsed(utc(2026, 3, 29, 0, 0), utc(2026, 3, 30, 0, 0)), TimeDelta::minutes(90));
    }

    #[test]
    fn range_inside_a_gap_holds_nothing_and_overlaps_count_once() {
        // 01:30-02:15 on the spring-forward day: 01:30 UTC to 01:15 UTC, empty.
        let cal = BusinessCalendar::new(&calendar(&[(&[Sun], 90, 135)], &[]), chrono_tz::Europe::London);
        assert_eq!(cal.elapsed(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), TimeDelta::zero());
        // 00:00-01:30 is [00:00, 01:30) UTC and 02:15-03:00 is [01:15, 02:00) UTC: 2 hours in all.
        let cal =
            BusinessCalendar::new(&calendar(&[(&[Sun], 0, 90), (&[Sun], 135, 180)], &[]), chrono_tz::Europe::London);
        assert_eq!(cal.elapsed(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), TimeDelta::hours(2));
    }

    #[test]
    fn extreme_instants_do_not_panic() {
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        for cal in awkward_calendars() {
            for zone in [chrono_tz::Pacific::Kiritimati, chrono_tz::Etc::GMTPlus12, chrono_tz::Europe::London] {
                let fast = BusinessCalendar::new(&cal, zone);
                let _ = fast.elapsed(min, max);
                for t in [min, max, min + TimeDelta::days(3), max - TimeDelta::days(3)] {
                    let _ = fast.next_open(t);
                    let _ = fast.deadline(t, 0);
                    let _ = fast.deadline(t, u32::MAX);
                }
            }
        }
        let never = BusinessCalendar::new(&calendar(&[], &[date(2026, 1, 1)]), Tz::UTC);
        assert_eq!(never.next_open(min), None);
        assert_eq!(never.deadline(min, 1), None);
        assert_eq!(never.elapsed(min, max), TimeDelta::zero());
    }

    #[test]
    fn whole_range_of_dates_counts_every_open_second() {
        let all = BusinessCalendar::new(&calendar(&[(&ALL_WEEK, 0, 1440)], &[]), chrono_tz::America::New_York);
        let (min, max) = (DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
        assert_eq!(all.elapsed(min, max), max - min);
    }

    #[test]
    fn far_years_match_reference() {
        let starts =
            [utc(-200_000, 3, 1, 10, 0), utc(1500, 6, 1, 0, 0), utc(2150, 3, 1, 9, 0), utc(200_000, 1, 5, 3, 0)];
        for cal in awkward_calendars() {
            for zone in ZONES {
                check_against_reference(&cal, zone, &starts, &[TimeDelta::days(9)]);
            }
        }
    }

    fn zone_strategy() -> impl Strategy<Value = Tz> {
        prop::sample::select(ZONES.to_vec())
    }

    /// A minute of the day, often on the hour and sometimes 24:00.
    fn minute_strategy() -> impl Strategy<Value = u16> {
        prop_oneof![0..1440u16, (0..24u16).prop_map(|h| h * 60), Just(1440u16), Just(0u16)]
    }

    /// Days, start and end of each range of a generated calendar.
    type Ranges = Vec<(Vec<Weekday>, u16, u16)>;

    fn ranges_strategy() -> impl Strategy<Value = Ranges> {
        let days = (1..128u8).prop_map(|mask| {
            ALL_WEEK.iter().enumerate().filter(|(i, _)| mask >> i & 1 == 1).map(|(_, d)| *d).collect()
        });
        prop::collection::vec((days, minute_strategy(), minute_strategy()), 0..5)
    }

    fn instant_strategy() -> impl Strategy<Value = DateTime<Utc>> {
        let from = utc(2020, 1, 1, 0, 0).timestamp();
        let to = utc(2030, 12, 31, 0, 0).timestamp();
        (from..to, prop_oneof![3 => Just(0u32), 1 => 0..1_000_000_000u32])
            .prop_map(|(s, n)| DateTime::from_timestamp(s, n).unwrap())
    }

    /// Up to a year, usually much less.
    fn length_strategy() -> impl Strategy<Value = TimeDelta> {
        prop_oneof![
            (0..3 * DAY).prop_map(TimeDelta::seconds),
            (0..40 * DAY).prop_map(TimeDelta::seconds),
            (0..370 * DAY).prop_map(TimeDelta::seconds),
        ]
    }

    /// Random ranges, and holidays as days after the interval's start.
    fn calendar_strategy() -> impl Strategy<Value = (Ranges, Vec<i64>)> {
        (ranges_strategy(), prop::collection::vec(-3..40i64, 0..6))
    }

    fn build(ranges: &[(Vec<Weekday>, u16, u16)], holidays: &[i64], around: DateTime<Utc>) -> Calendar {
        let base = around.date_naive();
        let closed: Vec<NaiveDate> =
            holidays.iter().map(|&d| base.checked_add_signed(TimeDelta::days(d)).unwrap()).collect();
        let mut cal = calendar(&[], &[]);
        cal.hours = ranges
            .iter()
            .map(|(days, start, end)| OpenRange { days: days.clone(), start: *start, end: *end })
            .collect();
        cal.closed = closed.into_iter().map(|date| ClosedDate { date, label: None }).collect();
        cal
    }

    #[test]
    fn elapsed_in_micros_matches_elapsed() {
        let file = crate::Standards::parse(
            "timezone \"Europe/London\"\ncalendar office:\n  mon-fri 09:00-17:30\n  sat 10:00-14:00\n  closed 2026-12-25",
        )
        .unwrap();
        let c = BusinessCalendar::new(file.calendar("office").unwrap(), file.timezone());
        for (start, end) in [
            (1_790_000_000_123_456i64, 1_790_500_000_654_321i64),
            (1_774_745_999_999_999, 1_774_749_600_000_001),
            (1_798_000_000_000_000, 1_798_000_000_000_000),
            (1_798_000_000_500_000, 1_797_000_000_000_000),
        ] {
            let expected = c
                .elapsed(DateTime::from_timestamp_micros(start).unwrap(), DateTime::from_timestamp_micros(end).unwrap())
                .num_microseconds()
                .unwrap();
            assert_eq!(c.elapsed_micros(start, end), expected, "{start} → {end}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn elapsed_next_open_and_deadline_match_reference(
            (ranges, holidays) in calendar_strategy(),
            zone in zone_strategy(),
            start in instant_strategy(),
            length in length_strategy(),
            n in prop_oneof![0..4u32, 0..40u32, 0..800u32],
        ) {
            let cal = build(&ranges, &holidays, start);
            let (fast, slow) = (BusinessCalendar::new(&cal, zone), Reference::new(&cal, zone));
            prop_assert_eq!(fast.elapsed(start, start + length), slow.elapsed(start, start + length));
            prop_assert_eq!(fast.next_open(start), slow.next_open(start));
            prop_assert_eq!(fast.deadline(start, n), slow.deadline(start, n));
        }

        #[test]
        fn business_time_is_at_most_wall_time(
            (ranges, holidays) in calendar_strategy(),
            zone in zone_strategy(),
            start in instant_strategy(),
            length in length_strategy(),
        ) {
            let cal = BusinessCalendar::new(&build(&ranges, &holidays, start), zone);
            let elapsed = cal.elapsed(start, start + length);
            prop_assert!(elapsed <= length && elapsed >= TimeDelta::zero());
            prop_assert_eq!(cal.elapsed(start + length, start), TimeDelta::zero());
        }

        #[test]
        fn business_time_is_additive(
            (ranges, holidays) in calendar_strategy(),
            zone in zone_strategy(),
            a in instant_strategy(),
            first in length_strategy(),
            second in length_strategy(),
        ) {
            let cal = BusinessCalendar::new(&build(&ranges, &holidays, a), zone);
            let (b, c) = (a + first, a + first + second);
            prop_assert_eq!(cal.elapsed(a, c), cal.elapsed(a, b) + cal.elapsed(b, c));
        }

        #[test]
        fn all_week_calendar_is_wall_time(zone in zone_strategy(), start in instant_strategy(), length in length_strategy()) {
            let cal = BusinessCalendar::new(&calendar(&[(&ALL_WEEK, 0, 1440)], &[]), zone);
            prop_assert_eq!(cal.elapsed(start, start + length), length);
            prop_assert_eq!(cal.next_open(start), Some(start));
        }

        #[test]
        fn shifting_by_whole_weeks_changes_nothing(
            ranges in ranges_strategy(),
            zone in zone_strategy(),
            start in instant_strategy(),
            length in (0..20 * DAY).prop_map(TimeDelta::seconds),
            weeks in -200..200i64,
        ) {
            let offset = |t: DateTime<Utc>| zone.offset_from_utc_datetime(&t.naive_utc()).fix();
            let steady = |t: DateTime<Utc>| offset(t - TimeDelta::days(3)) == offset(t + length + TimeDelta::days(3));
            let shifted = start + TimeDelta::weeks(weeks);
            // Both intervals clear of changes, and on the same side of them:
            // a summer week and a winter week differ by the hour.
            prop_assume!(steady(start) && steady(shifted) && offset(start) == offset(shifted));
            let cal = BusinessCalendar::new(&build(&ranges, &[], start), zone);
            prop_assert_eq!(cal.elapsed(start, start + length), cal.elapsed(shifted, shifted + length));
        }

    }
}
