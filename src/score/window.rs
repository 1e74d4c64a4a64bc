//! Windows: which calendar period of the file's zone an instant falls in
//! (SPEC §5), and its label (SPEC §8).
//!
//! A window is identified by an `i64` key, worked out per record with
//! integer arithmetic only. For days and weeks it is the local day number
//! of the period's first day; for months, quarters and years, a count of
//! them: these keys sort like the periods' start times.
//!
//! An hour window is one local clock hour *at one UTC offset* (SPEC §8):
//! the repeated hour of a DST change is two windows, and where the offset
//! changes inside an hour — Lord Howe moves by 30 minutes, Chatham changes
//! at 02:45/03:45 local — each part of the hour is its own window. So the
//! hour key packs both: the hour's nominal start (the local hour's start
//! read at that offset, as a UTC instant) and the offset itself, to the
//! second (see [`hour_key`]). The label is printed from the key, never
//! from the zone, because the offset in force at the nominal start need
//! not be the window's offset. Hour keys do not sort like start times
//! (after a backward change inside an hour, two windows can share a
//! nominal start, or have nominal starts in the opposite order to their
//! actual ones), so the scorecard sorts by [`window_start`] instead.

use chrono::{DateTime, Datelike};

use crate::standard::Period;
use crate::time::civil::{self, SECONDS_PER_DAY};
use crate::time::Zone;

const SECONDS_PER_HOUR: i64 = 3600;
/// Added to a UTC offset to make it a digit of an hour key in
/// `0..OFFSET_RADIX`: chrono's offsets are strictly within ±24 hours, so
/// every one fits, historic local mean times with their odd seconds
/// included.
const OFFSET_BIAS: i64 = SECONDS_PER_DAY;
/// The number of distinct offset digits in an hour key.
const OFFSET_RADIX: i64 = 2 * SECONDS_PER_DAY;

/// The key of the window holding the instant `micros` (microseconds since
/// 1970-01-01 UTC).
#[cfg(test)]
pub(crate) fn window_key(period: Period, micros: i64, zone: chrono_tz::Tz) -> i64 {
    let seconds = micros.div_euclid(1_000_000);
    key_of_local(period, seconds, seconds + Zone::new(zone).offset_at(seconds))
}

/// The key from an instant's UTC and local seconds (local = UTC + offset):
/// integer arithmetic only, so the zone is consulted once per record.
#[inline]
pub(crate) fn key_of_local(period: Period, seconds: i64, local: i64) -> i64 {
    let day = local.div_euclid(SECONDS_PER_DAY);
    match period {
        Period::Hour => hour_key(seconds - local.rem_euclid(SECONDS_PER_HOUR), local - seconds),
        Period::Day => day,
        Period::Week => civil::monday_of(day),
        Period::Month | Period::Quarter | Period::Year => {
            let (year, month, _) = civil::civil_from_days(day);
            let month0 = i64::from(month) - 1;
            match period {
                Period::Month => year * 12 + month0,
                Period::Quarter => year * 4 + month0 / 3,
                _ => year,
            }
        }
    }
}

/// The key of the hour window that starts nominally at the UTC instant
/// `nominal` (seconds) — the local hour's start minus `offset` — at UTC
/// offset `offset` (seconds): `nominal × OFFSET_RADIX + offset +
/// OFFSET_BIAS`. Instants are within ±2⁶³ µs, so `|nominal| < 9.3 × 10¹²`
/// and `|key| < 1.6 × 10¹⁸`: no overflow, and never `i64::MIN` (the
/// scorer's key for "no window").
fn hour_key(nominal: i64, offset: i64) -> i64 {
    nominal * OFFSET_RADIX + offset + OFFSET_BIAS
}

/// (nominal start, offset) of an hour key, as given to [`hour_key`].
fn split_hour_key(key: i64) -> (i64, i64) {
    (key.div_euclid(OFFSET_RADIX), key.rem_euclid(OFFSET_RADIX) - OFFSET_BIAS)
}

/// A number that sorts the windows of one period by their start time
/// (SPEC §8): the key itself for days to years; for an hour window its
/// actual start, the first instant (UTC seconds) at which that local hour
/// runs at that offset — the nominal start if the zone has the offset
/// then, else the change of offset inside the hour (after a backward
/// change at 03:45, say, the window 03:00 at the old offset starts on the
/// hour but 02:00 at the new offset only at the change, though both start
/// nominally at the same instant). Walks the zone's changes of offset
/// inside the hour (rarely more than one), so it is meant for each
/// distinct window of a scorecard, not each record.
pub(crate) fn window_start(period: Period, key: i64, zone: &Zone) -> i64 {
    if period != Period::Hour {
        return key;
    }
    let (nominal, offset) = split_hour_key(key);
    let end = nominal + SECONDS_PER_HOUR;
    let mut at = nominal;
    while at < end {
        if zone.offset_at(at) == offset {
            return at;
        }
        // The first instant after `at` with another offset.
        match zone.next_change(at) {
            Some(change) => at = change.at,
            None => break,
        }
    }
    // Not reached for a key made from a real instant, which is in its window.
    nominal
}

/// The label of a window key (SPEC §8). An offset with seconds (a
/// historic local mean time) is printed to the minute, all RFC 3339 shows;
/// the key keeps its seconds.
pub(crate) fn window_label(period: Period, key: i64) -> String {
    match period {
        Period::Hour => {
            // The window's own offset, from the key: the zone's offset at the
            // nominal start may be another (the hour holds a change).
            let (nominal, offset) = split_hour_key(key);
            let local = DateTime::from_timestamp(nominal + offset, 0).unwrap_or_default().naive_utc();
            let sign = if offset < 0 { '-' } else { '+' };
            let minutes = offset.abs() / 60;
            format!("{}{sign}{:02}:{:02}", local.format("%Y-%m-%dT%H:00"), minutes / 60, minutes % 60)
        }
        Period::Day => civil::date_of_day(key).unwrap_or_default().format("%Y-%m-%d").to_string(),
        Period::Week => {
            let week = civil::date_of_day(key).unwrap_or_default().iso_week();
            format!("{}-W{:02}", week.year(), week.week())
        }
        Period::Month => format!("{}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
        Period::Quarter => format!("{}-Q{}", key.div_euclid(4), key.rem_euclid(4) + 1),
        Period::Year => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};
    use chrono_tz::Europe::London;
    use chrono_tz::Tz;

    fn label(period: Period, text: &str, zone: Tz) -> String {
        let micros = DateTime::parse_from_rfc3339(text).unwrap().timestamp_micros();
        window_label(period, window_key(period, micros, zone))
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
        assert_ne!(first, second);
        assert_eq!(window_start(Period::Hour, first, &Zone::new(London)), 1_792_886_400); // 2026-10-25T00:00:00Z
        assert_eq!(window_start(Period::Hour, second, &Zone::new(London)), 1_792_890_000); // 2026-10-25T01:00:00Z
                                                                                           // The day of the change is one window of 25 hours.
        assert_eq!(label(Period::Day, "2026-10-25T23:30:00Z", London), "2026-10-25");
    }

    /// Every instant at which `zone` changes offset in `[from, to)` (UTC
    /// seconds), found with chrono-tz alone: a scan by quarter-hour, then
    /// bisection to the second.
    fn changes(zone: Tz, from: i64, to: i64) -> Vec<i64> {
        let offset = |t: i64| zone.timestamp_opt(t, 0).unwrap().offset().fix();
        let mut found = Vec::new();
        for start in (from..to).step_by(900) {
            let before = offset(start);
            if offset(start + 900) == before {
                continue;
            }
            // offset(low) == before != offset(high)
            let (mut low, mut high) = (start, start + 900);
            while high - low > 1 {
                let middle = (low + high) / 2;
                if offset(middle) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            found.push(high);
        }
        found
    }

    /// SPEC §8 checked minute by minute for 24 hours either side of every
    /// offset change of 2020–2030 in zones that change by half an hour
    /// (Lord Howe, at 02:00 local), at 02:45/03:45 local (Chatham), and by
    /// an hour on the hour (London). The expected label of a minute is
    /// worked out by chrono-tz alone: the minute's local time truncated to
    /// the hour, then the offset in force at that minute.
    #[test]
    fn hour_windows_at_every_change_of_2020_to_2030() {
        use chrono_tz::{Australia::Lord_Howe, Pacific::Chatham};
        use std::collections::HashMap;
        const FROM: i64 = 1_577_836_800; // 2020-01-01T00:00:00Z
        const TO: i64 = 1_924_992_000; // 2031-01-01T00:00:00Z
        for zone in [Lord_Howe, Chatham, London] {
            let found = changes(zone, FROM, TO);
            // Two a year, for eleven years.
            assert_eq!(found.len(), 22, "{zone}: {found:?}");
            let mut cursor = Zone::new(zone).cursor();
            for change in found {
                assert_eq!(change % 60, 0, "{zone} changes on a whole minute");
                let mut label_of_key: HashMap<i64, String> = HashMap::new();
                let mut key_of_label: HashMap<String, i64> = HashMap::new();
                // Windows in the order their minutes come, each with its
                // first minute.
                let mut seen: Vec<(i64, i64)> = Vec::new();
                for minute in (change - SECONDS_PER_DAY..=change + SECONDS_PER_DAY).step_by(60) {
                    let expected = zone.timestamp_opt(minute, 0).unwrap().format("%Y-%m-%dT%H:00%:z").to_string();
                    // The key as the scorer makes it.
                    let key = key_of_local(Period::Hour, minute, minute + cursor.offset_at(minute));
                    // (a) the label is the minute's local hour and offset.
                    assert_eq!(window_label(Period::Hour, key), expected, "{zone} at {minute}");
                    // (b) one window for each (local hour, offset), and the other way round.
                    assert_eq!(label_of_key.entry(key).or_insert_with(|| expected.clone()), &expected);
                    assert_eq!(*key_of_label.entry(expected).or_insert(key), key, "{zone} at {minute}");
                    if seen.last().is_none_or(|&(last, _)| last != key) {
                        assert!(seen.iter().all(|&(k, _)| k != key), "{zone}: window {key} comes back at {minute}");
                        seen.push((key, minute));
                    }
                }
                // (c) the start of each window is its first minute (but for
                // the first window, cut by the start of the scan), so
                // sorting by start puts windows in the minutes' order.
                for (i, &(key, first)) in seen.iter().enumerate() {
                    let start = window_start(Period::Hour, key, &Zone::new(zone));
                    if i == 0 {
                        assert!(start <= first, "{zone} {key}");
                    } else {
                        assert_eq!(start, first, "{zone}: start of {}", label_of_key[&key]);
                    }
                }
                let mut sorted = seen.clone();
                sorted.sort_by_key(|&(key, _)| (window_start(Period::Hour, key, &Zone::new(zone)), key));
                assert_eq!(sorted, seen, "{zone} around {change}");
            }
        }
    }

    #[test]
    fn an_offset_change_inside_the_hour_splits_it() {
        use chrono_tz::Pacific::Chatham;
        // Chatham goes back from +13:45 to +12:45 at 2026-04-04T14:00:00Z
        // (03:45 → 02:45 local). 03:00–03:45 at +13:45 is 13:15–14:00 UTC,
        // 02:45–03:00 at +12:45 is 14:00–14:15 UTC. Both hours start
        // nominally at 13:15 UTC (03:00 − 13:45 = 02:00 − 12:45), but the
        // second only runs from 14:00.
        let micros = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().timestamp_micros();
        let three = window_key(Period::Hour, micros("2026-04-04T13:50:00Z"), Chatham);
        let two = window_key(Period::Hour, micros("2026-04-04T14:05:00Z"), Chatham);
        assert_eq!(window_label(Period::Hour, three), "2026-04-05T03:00+13:45");
        assert_eq!(window_label(Period::Hour, two), "2026-04-05T02:00+12:45");
        assert_eq!(split_hour_key(three), (1_775_308_500, 49_500));
        assert_eq!(split_hour_key(two), (1_775_308_500, 45_900));
        let chatham = Zone::new(Chatham);
        assert_eq!(window_start(Period::Hour, three, &chatham), 1_775_308_500); // 13:15:00Z
        assert_eq!(window_start(Period::Hour, two, &chatham), 1_775_311_200); // 14:00:00Z
    }

    #[test]
    fn hour_keys_keep_odd_second_offsets_and_never_overflow() {
        // London kept local mean time, 0:01:15 behind UTC, until 1847:
        // 12:00 UTC is 11:58:45 local, in the hour 11:00–12:00 local, which
        // starts at 11:01:15 UTC.
        let key = window_key(Period::Hour, -4_103_870_400_000_000, London); // 1839-12-15T12:00:00Z
        assert_eq!(split_hour_key(key), (-4_103_873_925, -75));
        assert_eq!(window_label(Period::Hour, key), "1839-12-15T11:00-00:01");
        assert_eq!(window_start(Period::Hour, key, &Zone::new(London)), -4_103_873_925);
        // The extremes of instants (i64 microseconds) and offsets.
        let low = i64::MIN.div_euclid(1_000_000) - SECONDS_PER_HOUR;
        let high = i64::MAX.div_euclid(1_000_000);
        for (nominal, offset) in [(low, -86_399), (low, 86_399), (high, -86_399), (high, 86_399), (0, 0)] {
            let key = hour_key(nominal, offset);
            assert_eq!(split_hour_key(key), (nominal, offset));
            assert!(key > crate::score::NO_WINDOW);
        }
    }
}
