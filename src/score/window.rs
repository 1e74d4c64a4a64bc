//! Windows: which calendar period of the file's zone an instant falls in
//! (SPEC §5), and its label (SPEC §8).
//!
//! A window is identified by a key that sorts like the periods' start
//! times: for hours, the start instant in seconds (so the repeated hour of
//! a DST change gets two keys and two labels); for days and weeks, the
//! local day number of the period's first day; for months, quarters and
//! years, a count of them.

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

use crate::standard::Period;

const SECONDS_PER_DAY: i64 = 86_400;
/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const UNIX_EPOCH_DAY_FROM_CE: i64 = 719_163;

/// The key of the window holding the instant `micros` (microseconds since
/// 1970-01-01 UTC).
#[cfg(test)]
pub(crate) fn window_key(period: Period, micros: i64, zone: Tz) -> i64 {
    let seconds = micros.div_euclid(1_000_000);
    key_of_local(period, seconds, seconds + offset_at(zone, seconds))
}

/// The key from an instant's UTC and local seconds (local = UTC + offset):
/// integer arithmetic only, so the zone is consulted once per record.
pub(crate) fn key_of_local(period: Period, seconds: i64, local: i64) -> i64 {
    let day = local.div_euclid(SECONDS_PER_DAY);
    match period {
        Period::Hour => seconds - local.rem_euclid(3600),
        Period::Day => day,
        Period::Week => day - (day + 3).rem_euclid(7),
        Period::Month | Period::Quarter | Period::Year => {
            let (year, month0) = civil_from_days(day);
            match period {
                Period::Month => year * 12 + month0,
                Period::Quarter => year * 4 + month0 / 3,
                _ => year,
            }
        }
    }
}

/// (year, month - 1) of a day counted from 1970-01-01, by Howard
/// Hinnant's `civil_from_days` (proleptic Gregorian calendar).
fn civil_from_days(day: i64) -> (i64, i64) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month0 = if mp < 10 { mp + 2 } else { mp - 10 };
    let year = yoe + era * 400 + i64::from(month0 < 2);
    (year, month0)
}

/// UTC offsets by quarter-hour, remembered: zones change offset on
/// quarter-hour boundaries in all but ancient history, and a bucket is
/// only remembered when its offset is the same at both ends.
#[derive(Clone, Debug)]
pub(crate) struct OffsetCache {
    zone: Tz,
    slots: Vec<(i64, i64)>,
}

const BUCKET_SECONDS: i64 = 900;
const CACHE_SLOTS: usize = 4096;

impl OffsetCache {
    pub fn new(zone: Tz) -> OffsetCache {
        OffsetCache { zone, slots: vec![(i64::MIN, 0); CACHE_SLOTS] }
    }

    /// The zone's offset at an instant, in seconds.
    pub fn offset(&mut self, seconds: i64) -> i64 {
        let bucket = seconds.div_euclid(BUCKET_SECONDS);
        let at = bucket.rem_euclid(CACHE_SLOTS as i64) as usize;
        if self.slots[at].0 == bucket {
            return self.slots[at].1;
        }
        let start = bucket * BUCKET_SECONDS;
        let offset = offset_at(self.zone, start);
        if offset_at(self.zone, start + BUCKET_SECONDS - 1) == offset {
            self.slots[at] = (bucket, offset);
            offset
        } else {
            offset_at(self.zone, seconds)
        }
    }
}

/// The label of a window key (SPEC §8).
pub(crate) fn window_label(period: Period, key: i64, zone: Tz) -> String {
    match period {
        Period::Hour => {
            let offset = offset_at(zone, key);
            let local = DateTime::from_timestamp(key + offset, 0).unwrap_or_default().naive_utc();
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.abs() / 60;
            format!("{}{sign}{:02}:{:02}", local.format("%Y-%m-%dT%H:00"), minutes / 60, minutes % 60)
        }
        Period::Day => date_of_day(key).format("%Y-%m-%d").to_string(),
        Period::Week => {
            let week = date_of_day(key).iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Period::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
        Period::Quarter => format!("{}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
        Period::Year => key.to_string(),
    }
}

/// The zone's offset from UTC at an instant, in seconds.
fn offset_at(zone: Tz, seconds: i64) -> i64 {
    let utc = DateTime::from_timestamp(seconds, 0).unwrap_or_default().naive_utc();
    i64::from(zone.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

fn date_of_day(day: i64) -> NaiveDate {
    i32::try_from(day + UNIX_EPOCH_DAY_FROM_CE).ok().and_then(NaiveDate::from_num_days_from_ce_opt).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::London;

    fn label(period: Period, text: &str, zone: Tz) -> String {
        let micros = DateTime::parse_from_rfc3339(text).unwrap().timestamp_micros();
        window_label(period, window_key(period, micros, zone), zone)
    }

    #[test]
    fn labels_of_spec_section_8() {
        let t = "2026-11-23T14:35:10Z";
        assert_eq!(label(Period::Hour, t, London), "2026-11-23T14:00+00:00");
        assert_eq!(label(Period::Day, t, London), "2026-11-23");
        assert_eq!(label(Period::Week, t, London), "2026-W48");
        assert_eq!(label(Period::Month, t, London), "2026-11");
        assert_eq!(label(Period::Quarter, t, London), "2026-Q4");
        assert_eq!(label(Period::Year, t, London), "2026");
    }

    #[test]
    fn local_periods_follow_the_zone() {
        // 23:30 UTC on 30 June is already 1 July in London (BST).
        assert_eq!(label(Period::Day, "2026-06-30T23:30:00Z", London), "2026-07-01");
        assert_eq!(label(Period::Quarter, "2026-06-30T23:30:00Z", London), "2026-Q3");
        assert_eq!(label(Period::Hour, "2026-06-30T23:30:00Z", London), "2026-07-01T00:00+01:00");
        let kolkata = chrono_tz::Asia::Kolkata;
        assert_eq!(label(Period::Hour, "2026-06-30T23:30:00Z", kolkata), "2026-07-01T05:00+05:30");
        // ISO weeks: 2027-01-01 is a Friday in week 53 of 2026.
        assert_eq!(label(Period::Week, "2027-01-01T12:00:00Z", London), "2026-W53");
        assert_eq!(label(Period::Week, "2026-01-01T12:00:00Z", London), "2026-W01");
    }

    #[test]
    fn civil_dates_match_chrono() {
        for day in (-800_000..800_000).step_by(997).chain(-400..400) {
            let date = date_of_day(day);
            assert_eq!(civil_from_days(day), (i64::from(date.year()), i64::from(date.month0())), "day {day}");
        }
    }

    #[test]
    fn cached_offsets_match_the_zone() {
        for zone in [London, chrono_tz::Australia::Lord_Howe, chrono_tz::America::St_Johns, Tz::UTC] {
            let mut cache = OffsetCache::new(zone);
            // Every 7 minutes through 2026, twice (the second pass hits the cache).
            for _ in 0..2 {
                for seconds in (1_767_225_600..1_798_761_600).step_by(420) {
                    assert_eq!(cache.offset(seconds), offset_at(zone, seconds), "{zone} {seconds}");
                }
            }
        }
    }

    #[test]
    fn the_repeated_hour_has_two_labels() {
        // Clocks go back at 02:00 BST on 2026-10-25: 01:00–02:00 happens twice.
        assert_eq!(label(Period::Hour, "2026-10-25T00:30:00Z", London), "2026-10-25T01:00+01:00");
        assert_eq!(label(Period::Hour, "2026-10-25T01:30:00Z", London), "2026-10-25T01:00+00:00");
        let first = window_key(
            Period::Hour,
            DateTime::parse_from_rfc3339("2026-10-25T00:30:00Z").unwrap().timestamp_micros(),
            London,
        );
        let second = window_key(
            Period::Hour,
            DateTime::parse_from_rfc3339("2026-10-25T01:30:00Z").unwrap().timestamp_micros(),
            London,
        );
        assert!(first < second);
        // The day of the change is one window of 25 hours.
        assert_eq!(label(Period::Day, "2026-10-25T23:30:00Z", London), "2026-10-25");
    }
}
