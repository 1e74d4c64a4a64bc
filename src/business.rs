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
//! let office = BusinessCalendar::new(file.calendar("office").unwrap(), file.timezone);
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
//! - An [`OpenRange`] opens on each of its days at `start` minutes after local
//!   midnight and closes at `end` (`1440` is 24:00). An `end` below `start`
//!   crosses midnight; the whole range still belongs to its start day. A range
//!   includes its start and excludes its end.
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
//!   ranges count their shared time once.

use chrono::offset::LocalResult;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::{GapInfo, Tz};

use crate::standard::Calendar;

const MINUTES_PER_DAY: u16 = 24 * 60;

/// A calendar compiled for fast arithmetic.
#[derive(Clone, Debug)]
pub struct BusinessCalendar {
    name: String,
    zone: Tz,
    /// Opening ranges in minutes after the start day's midnight, per weekday
    /// (Monday first); the end may pass 1440 for a range that crosses midnight.
    week: [Vec<(u16, u16)>; 7],
    /// Closed dates, sorted.
    closed: Vec<NaiveDate>,
}

impl BusinessCalendar {
    /// Compiles `calendar`; `file_zone` is used when the calendar has no zone of its own.
    pub fn new(calendar: &Calendar, file_zone: Tz) -> BusinessCalendar {
        let mut week: [Vec<(u16, u16)>; 7] = Default::default();
        for range in &calendar.hours {
            let Some(minutes) = range_minutes(range.start, range.end) else { continue };
            for day in &range.days {
                week[day.num_days_from_monday() as usize].push(minutes);
            }
        }
        let mut closed: Vec<NaiveDate> = calendar.closed.iter().map(|c| c.date).collect();
        closed.sort_unstable();
        closed.dedup();
        BusinessCalendar { name: calendar.name.clone(), zone: calendar.timezone.unwrap_or(file_zone), week, closed }
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
    pub fn elapsed(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> TimeDelta {
        if end <= start {
            return TimeDelta::zero();
        }
        let (Some(first), Some(last)) = (self.local_date(start), self.local_date(end)) else {
            return TimeDelta::zero();
        };
        let first = first.checked_sub_days(chrono::Days::new(2)).unwrap_or(first);
        let last = last.succ_opt().unwrap_or(last);
        let mut intervals = Vec::new();
        let mut day = first;
        while day <= last {
            intervals.extend(self.day_intervals(day));
            let Some(next) = day.succ_opt() else { break };
            day = next;
        }
        let merged = merge(intervals);
        let total: i128 = merged
            .iter()
            .map(|&(s, e)| {
                let (s, e) = (s.max(start), e.min(end));
                if e > s {
                    nanos(e) - nanos(s)
                } else {
                    0
                }
            })
            .sum();
        from_nanos(total)
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
        let local = self.local(start)?;
        let mut day = local.date();
        let mut left = days;
        while left > 0 {
            day = day.succ_opt()?;
            if self.is_open_day(day) {
                left -= 1;
            }
        }
        self.instant(day.and_time(local.time()))
    }

    /// The first instant >= t at which the calendar is open; None if it never opens again.
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.week.iter().all(Vec::is_empty) {
            return None;
        }
        let first = self.local_date(t)?;
        let mut day = first.checked_sub_days(chrono::Days::new(2)).unwrap_or(first);
        // A week without a closed date holds an open day.
        let limit = 7 * (self.closed.len() as u64 + 3);
        let mut best: Option<DateTime<Utc>> = None;
        for _ in 0..limit {
            for (s, e) in self.day_intervals(day) {
                if e > t && e > s {
                    let candidate = s.max(t);
                    best = Some(best.map_or(candidate, |b| b.min(candidate)));
                }
            }
            if let (Some(b), Some(midnight)) = (best, self.instant(day.and_time(chrono::NaiveTime::MIN))) {
                if midnight.checked_sub_signed(TimeDelta::days(1)).is_some_and(|m| m > b) {
                    return best;
                }
            }
            day = day.succ_opt()?;
        }
        best
    }

    fn local_date(&self, t: DateTime<Utc>) -> Option<NaiveDate> {
        self.local(t).map(|l| l.date())
    }

    /// The wall-clock time at `t`; `None` past the end of chrono's dates.
    fn local(&self, t: DateTime<Utc>) -> Option<NaiveDateTime> {
        let offset = self.zone.offset_from_utc_datetime(&t.naive_utc()).fix();
        t.naive_utc().checked_add_offset(offset)
    }

    fn is_open_day(&self, day: NaiveDate) -> bool {
        !self.week[day.weekday().num_days_from_monday() as usize].is_empty() && self.closed.binary_search(&day).is_err()
    }

    /// The instants of the ranges that start on `day`.
    fn day_intervals(&self, day: NaiveDate) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if self.closed.binary_search(&day).is_ok() {
            return Vec::new();
        }
        let midnight = day.and_time(chrono::NaiveTime::MIN);
        self.week[day.weekday().num_days_from_monday() as usize]
            .iter()
            .filter_map(|&(s, e)| {
                let at = |m: u16| midnight.checked_add_signed(TimeDelta::minutes(i64::from(m)));
                Some((self.instant(at(s)?)?, self.instant(at(e)?)?))
            })
            .collect()
    }

    /// A local time as an instant: a time in a gap moves forward by the gap's
    /// length, an ambiguous one takes the earlier instant.
    fn instant(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self.zone.from_local_datetime(&local) {
            LocalResult::Single(t) => Some(t.to_utc()),
            LocalResult::Ambiguous(a, b) => Some(a.min(b).to_utc()),
            LocalResult::None => {
                let (_, before) = GapInfo::new(&local, &self.zone)?.begin?;
                local.checked_sub_offset(before.fix()).map(|t| t.and_utc())
            }
        }
    }
}

/// A range's minutes after its start day's midnight; `None` when it holds no time.
fn range_minutes(start: u16, end: u16) -> Option<(u16, u16)> {
    if start >= MINUTES_PER_DAY || start == end {
        return None;
    }
    let end = end.min(MINUTES_PER_DAY);
    Some(if end > start { (start, end) } else { (start, end + MINUTES_PER_DAY) })
}

/// Sorted, disjoint union of intervals.
fn merge<T: Ord + Copy>(mut intervals: Vec<(T, T)>) -> Vec<(T, T)> {
    intervals.retain(|(s, e)| e > s);
    intervals.sort_unstable();
    let mut out: Vec<(T, T)> = Vec::with_capacity(intervals.len());
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

fn from_nanos(total: i128) -> TimeDelta {
    let secs = i64::try_from(total.div_euclid(1_000_000_000)).unwrap_or(i64::MAX);
    let nanos = u32::try_from(total.rem_euclid(1_000_000_000)).unwrap_or(0);
    TimeDelta::new(secs, nanos).unwrap_or(TimeDelta::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard::{ClosedDate, OpenRange};
    use chrono::Weekday::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn calendar(hours: &[(&[chrono::Weekday], u16, u16)], closed: &[(i32, u32, u32)]) -> Calendar {
        Calendar {
            name: "test".to_string(),
            timezone: None,
            hours: hours
                .iter()
                .map(|(days, start, end)| OpenRange { days: days.to_vec(), start: *start, end: *end })
                .collect(),
            closed: closed
                .iter()
                .map(|&(y, m, d)| ClosedDate { date: NaiveDate::from_ymd_opt(y, m, d).unwrap(), label: None })
                .collect(),
        }
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
}
