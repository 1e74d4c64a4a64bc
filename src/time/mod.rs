//! Time: a zone's UTC offsets, local time, civil dates and RFC 3339 text.
//!
//! This is the one place that reads the tz database, turns local time into
//! instants and does calendar arithmetic; windows, business calendars and
//! record readers all go through it.
//!
//! - [`Zone`]: a zone's offset changes, scanned once per zone for the life
//!   of the process and shared (cloning a `Zone` clones an `Arc`): the
//!   offset at an instant ([`Zone::offset_at`]), local time to an instant by
//!   SPEC §4's rules ([`Zone::instant_of_local`]), and an [`OffsetCursor`]
//!   for many lookups close together in time.
//! - [`civil`]: days since 1970-01-01 to and from (year, month, day), weekdays.
//! - [`rfc3339`]: timestamps as text to microseconds since 1970, and back.
//!
//! Instants are seconds since 1970-01-01T00:00:00Z (leap seconds are not
//! counted); *local time* is seconds since 1970-01-01T00:00:00 on the wall
//! clock, so local = instant + offset.
//!
//! ```
//! use yardstick::time::Zone;
//!
//! let london = Zone::new(chrono_tz::Europe::London);
//! // 2026-03-29T01:00:00Z: clocks go forward from 01:00 GMT to 02:00 BST.
//! let change = 1_774_746_000;
//! assert_eq!(london.offset_at(change - 1), 0);
//! assert_eq!(london.offset_at(change), 3600);
//! // 01:30 local does not exist that day: it is read as 02:30 BST.
//! assert_eq!(london.instant_of_local(change + 1800), change + 1800);
//! ```

pub mod civil;
pub mod rfc3339;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use civil::SECONDS_PER_DAY;

/// 1800-01-01T00:00:00Z: where the search for changes of offset starts.
const SCAN_FROM: i64 = -5_364_662_400;
/// 2200-01-01T00:00:00Z: where it stops.
const SCAN_TO: i64 = 7_258_118_400;
/// The step of that search: two changes within one step would hide each
/// other. The tz database's closest two are almost seven days apart
/// (Brazil, October 2000), and a test checks every change from 1970 to
/// 2100 against chrono-tz, found with a step half as long.
const SCAN_STEP: i64 = 2 * SECONDS_PER_DAY;

/// A time zone of the tz database with its UTC offsets precomputed.
///
/// Offsets are exact from 1800 to 2200; before and after, the zone's first
/// and last offsets hold (chrono-tz changes no offset outside those years).
#[derive(Clone)]
pub struct Zone {
    tz: Tz,
    table: Arc<Table>,
}

/// A zone's offsets (seconds east of UTC), piecewise constant.
struct Table {
    /// The offset before the first change.
    initial: i64,
    /// Sorted by instant; each one changes the offset.
    changes: Vec<Change>,
}

/// At instant `at` the offset goes from `before` to `after` (seconds east
/// of UTC; never equal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Change {
    /// The first instant with the new offset (seconds since 1970, UTC).
    pub at: i64,
    /// The offset until then.
    pub before: i64,
    /// The offset from then on.
    pub after: i64,
}

impl Zone {
    /// The zone's offsets: scanned from chrono-tz the first time a zone is
    /// asked for (a few milliseconds), shared after that.
    pub fn new(tz: Tz) -> Zone {
        type Slot = Arc<OnceLock<Arc<Table>>>;
        static CACHE: OnceLock<Mutex<HashMap<Tz, Slot>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Mutex::default);
        let slot = Arc::clone(cache.lock().unwrap_or_else(PoisonError::into_inner).entry(tz).or_default());
        // Scanned outside the cache's lock: only threads after the same zone wait.
        let table = Arc::clone(slot.get_or_init(|| Arc::new(Table::scan(tz))));
        Zone { tz, table }
    }

    /// The tz database zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The offset before the first change (or always, for a zone without any).
    pub fn initial_offset(&self) -> i64 {
        self.table.initial
    }

    /// Every change of offset from 1800 to 2200, in order.
    pub fn changes(&self) -> &[Change] {
        &self.table.changes
    }

    /// The offset from UTC (seconds east) in force at an instant.
    pub fn offset_at(&self, seconds: i64) -> i64 {
        self.span_at(seconds).2
    }

    /// The first change of offset after an instant (strictly), if any.
    pub fn next_change(&self, seconds: i64) -> Option<Change> {
        let changes = &self.table.changes;
        changes.get(changes.partition_point(|c| c.at <= seconds)).copied()
    }

    /// (first instant, first instant after, offset) of the stretch of
    /// constant offset holding an instant.
    fn span_at(&self, seconds: i64) -> (i64, i64, i64) {
        let changes = &self.table.changes;
        let i = changes.partition_point(|c| c.at <= seconds);
        let until = changes.get(i).map_or(i64::MAX, |c| c.at);
        match i.checked_sub(1).map(|i| changes[i]) {
            Some(c) => (c.at, until, c.after),
            None => (i64::MIN, until, self.table.initial),
        }
    }

    /// The instant (seconds since 1970, UTC) at which a wall clock in the
    /// zone shows `local` (seconds since 1970-01-01 00:00 local), by SPEC
    /// §4: an ambiguous local time (clocks went back) takes the earlier
    /// instant; a local time inside a gap (clocks went forward) moves
    /// forward by the gap's length, which is reading it with the offset in
    /// force before the gap.
    ///
    /// Both come to one rule. Take the last change whose new offset already
    /// holds at `local` on the wall clock (`at + after <= local`). While
    /// the wall clock, read with the old offset, has not reached the change
    /// (`local < at + before`), `local` is in the overlap of a backward
    /// change, and the old offset gives the earlier of its two instants.
    /// Otherwise the new offset reads it, which is also the offset before
    /// the gap when `local` falls in the gap of the next change. This needs
    /// the changes' wall-clock times in the same order as the changes,
    /// true when they are further apart than they are large (in the tz
    /// database, days apart and at most a day).
    pub fn instant_of_local(&self, local: i64) -> i64 {
        let changes = &self.table.changes;
        let i = changes.partition_point(|c| c.at.saturating_add(c.after) <= local);
        match i.checked_sub(1).map(|i| changes[i]) {
            None => local.saturating_sub(self.table.initial),
            Some(c) if local < c.at + c.before => local - c.before,
            Some(c) => local.saturating_sub(c.after),
        }
    }

    /// A cursor for offsets at many instants, each usually close to the last.
    pub fn cursor(&self) -> OffsetCursor {
        OffsetCursor { zone: self.clone(), from: 0, until: 0, offset: 0 }
    }
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        self.tz == other.tz
    }
}

impl Eq for Zone {}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Zone").field("tz", &self.tz.name()).field("changes", &self.table.changes.len()).finish()
    }
}

impl Table {
    /// Reads the offset once a step over the scanned years and bisects each
    /// step in which it differs to the second of the change.
    fn scan(tz: Tz) -> Table {
        let offset = |t: i64| {
            DateTime::from_timestamp(t, 0)
                .map_or(0, |d| i64::from(tz.offset_from_utc_datetime(&d.naive_utc()).fix().local_minus_utc()))
        };
        let initial = offset(SCAN_FROM);
        let (mut changes, mut low, mut before) = (Vec::new(), SCAN_FROM, initial);
        while low < SCAN_TO {
            let high = (low + SCAN_STEP).min(SCAN_TO);
            let after = offset(high);
            if after != before {
                // offset(low) == before != offset(high)
                let (mut low, mut high) = (low, high);
                while high - low > 1 {
                    let middle = low + (high - low) / 2;
                    if offset(middle) == before {
                        low = middle;
                    } else {
                        high = middle;
                    }
                }
                changes.push(Change { at: high, before, after });
                before = after;
            }
            low = high;
        }
        Table { initial, changes }
    }
}

/// A zone's offsets with the last stretch of constant offset remembered:
/// records come roughly in time order, and a stretch lasts months, so a
/// lookup is usually two comparisons.
#[derive(Clone, Debug)]
pub struct OffsetCursor {
    zone: Zone,
    /// The remembered stretch `[from, until)` and its offset.
    from: i64,
    until: i64,
    offset: i64,
}

impl OffsetCursor {
    /// The zone's offset at an instant (seconds east of UTC), as
    /// [`Zone::offset_at`].
    #[inline]
    pub fn offset_at(&mut self, seconds: i64) -> i64 {
        if self.from <= seconds && seconds < self.until {
            return self.offset;
        }
        self.seek(seconds)
    }

    #[cold]
    fn seek(&mut self, seconds: i64) -> i64 {
        (self.from, self.until, self.offset) = self.zone.span_at(seconds);
        self.offset
    }

    /// The zone.
    pub fn zone(&self) -> &Zone {
        &self.zone
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{LocalResult, Utc};
    use proptest::prelude::*;

    /// 1970-01-01T00:00:00Z.
    const FROM_1970: i64 = 0;
    /// 2100-01-01T00:00:00Z.
    const TO_2100: i64 = 4_102_444_800;
    /// The step of the independent search for changes below: half the
    /// table's, so a change the table's search missed would be found.
    const TEST_STEP: i64 = SECONDS_PER_DAY;

    /// chrono-tz's offset at an instant, in seconds.
    fn chrono_offset(tz: Tz, seconds: i64) -> i64 {
        let utc = DateTime::from_timestamp(seconds, 0).unwrap().naive_utc();
        i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
    }

    /// Every instant in `[from, to)` at which chrono-tz changes `tz`'s
    /// offset, found with chrono-tz alone: a scan by `TEST_STEP`, then
    /// bisection to the second.
    fn chrono_changes(tz: Tz, from: i64, to: i64) -> Vec<i64> {
        let mut found = Vec::new();
        let mut before = chrono_offset(tz, from);
        let mut low = from;
        while low < to {
            let high = (low + TEST_STEP).min(to);
            let after = chrono_offset(tz, high);
            if after != before {
                // chrono_offset(lo) == before != chrono_offset(hi)
                let (mut lo, mut hi) = (low, high);
                while hi - lo > 1 {
                    let middle = lo + (hi - lo) / 2;
                    if chrono_offset(tz, middle) == before {
                        lo = middle;
                    } else {
                        hi = middle;
                    }
                }
                found.push(hi);
                before = chrono_offset(tz, hi);
                low = hi;
            } else {
                low = high;
            }
        }
        found
    }

    /// SPEC §4's reading of local time, from chrono-tz alone: the one
    /// instant, the earlier of two, or in a gap the local time read with
    /// the offset in force before the gap (`gap_before`).
    fn chrono_instant_of_local(tz: Tz, local: i64, gap_before: i64) -> i64 {
        let naive = DateTime::from_timestamp(local, 0).unwrap().naive_utc();
        match tz.from_local_datetime(&naive) {
            LocalResult::Single(t) => t.timestamp(),
            LocalResult::Ambiguous(a, b) => a.timestamp().min(b.timestamp()),
            LocalResult::None => local - gap_before,
        }
    }

    /// The whole tz database, 1970 to 2100: for every zone chrono-tz has
    /// (597 in chrono-tz 0.10.4, tzdb 2025b) every change of offset (55,340
    /// in all) is found with chrono-tz alone, and must be exactly the
    /// zone's changes in those years; at each, the offset a second before,
    /// at and a second after, and the instant of local times just before,
    /// inside and just after the gap or overlap, must be chrono-tz's (the
    /// earlier instant when ambiguous, moved forward by the gap when
    /// skipped). The closest two changes of a zone must be further apart
    /// than several steps of either search, or a pair closer than a step
    /// could hide in between.
    #[test]
    fn every_change_of_every_zone_from_1970_to_2100_matches_chrono_tz() {
        // Zones shared out between threads; a failure panics its thread, and the join passes it on.
        let zones = chrono_tz::TZ_VARIANTS;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let per_thread = zones.chunks(zones.len().div_ceil(threads));
        let (changes, closest) = std::thread::scope(|scope| {
            let check = |chunk: &[Tz]| chunk.iter().map(|&tz| check_zone(tz)).collect::<Vec<_>>();
            let handles: Vec<_> = per_thread.map(|chunk| scope.spawn(move || check(chunk))).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .fold((0, i64::MAX), |(changes, closest), (n, c)| (changes + n, closest.min(c)))
        });
        assert!(zones.len() > 590, "{} zones", zones.len());
        assert!(changes > 50_000, "{changes} changes");
        assert!(closest > 3 * SCAN_STEP, "two changes {closest} s apart");
    }

    /// [`every_change_of_every_zone_from_1970_to_2100_matches_chrono_tz`]
    /// for one zone: (the number of changes, the shortest time between two).
    fn check_zone(tz: Tz) -> (usize, i64) {
        let zone = Zone::new(tz);
        let expected = chrono_changes(tz, FROM_1970, TO_2100);
        let table: Vec<i64> =
            zone.changes().iter().map(|c| c.at).filter(|at| (FROM_1970..TO_2100).contains(at)).collect();
        assert_eq!(table, expected, "{tz}: changes from 1970 to 2100");
        // What `instant_of_local` needs, in every year of the table: no
        // change larger than a day, none within two days of the next.
        assert!(zone.changes().iter().all(|c| c.before != c.after && (c.after - c.before).abs() <= SECONDS_PER_DAY));
        assert!(zone.changes().windows(2).all(|w| w[1].at - w[0].at > 2 * SECONDS_PER_DAY), "{tz}");
        let mut cursor = zone.cursor();
        for &at in &expected {
            for t in [at - 1, at, at + 1] {
                assert_eq!(zone.offset_at(t), chrono_offset(tz, t), "{tz} offset at {t}");
                assert_eq!(cursor.offset_at(t), chrono_offset(tz, t), "{tz} cursor at {t}");
            }
            let (before, after) = (chrono_offset(tz, at - 1), chrono_offset(tz, at));
            // Local times from `low` to `high` are skipped (after > before)
            // or repeated (after < before).
            let (low, high) = (at + before.min(after), at + before.max(after));
            for local in [low - 3600, low - 1, low, (low + high) / 2, high - 1, high, high + 1, high + 3600] {
                assert_eq!(
                    zone.instant_of_local(local),
                    chrono_instant_of_local(tz, local, before),
                    "{tz}: local {local} around the change at {at} from {before} to {after}"
                );
            }
        }
        (expected.len(), expected.windows(2).map(|w| w[1] - w[0]).min().unwrap_or(i64::MAX))
    }

    #[test]
    fn offset_changes_are_found_to_the_second() {
        let london = Zone::new(chrono_tz::Europe::London);
        let spring = 1_774_746_000; // 2026-03-29T01:00:00Z
        let change = london.changes().iter().find(|c| c.at == spring).expect("2026 spring change");
        assert_eq!((change.before, change.after), (0, 3600));
        assert_eq!(london.offset_at(spring - 1), 0);
        assert_eq!(london.offset_at(spring), 3600);
        assert_eq!(london.next_change(spring - 1), Some(*change));
        assert_ne!(london.next_change(spring), Some(*change));
        // London kept local mean time, 75 seconds behind UTC, until 1847.
        assert_eq!(london.initial_offset(), -75);
        let lord_howe = Zone::new(chrono_tz::Australia::Lord_Howe);
        assert!(lord_howe.changes().iter().any(|c| (c.after - c.before).abs() == 1800));
        assert!(Zone::new(Tz::UTC).changes().is_empty());
        assert_eq!(Zone::new(Tz::UTC).next_change(0), None);
    }

    #[test]
    fn local_times_follow_spec_section_4() {
        let london = Zone::new(chrono_tz::Europe::London);
        let spring = 1_774_746_000; // 2026-03-29T01:00:00Z, 01:00 GMT → 02:00 BST
        assert_eq!(london.instant_of_local(spring - 1), spring - 1); // 00:59:59 GMT
        assert_eq!(london.instant_of_local(spring + 1800), spring + 1800); // 01:30 is skipped: 02:30 BST
        assert_eq!(london.instant_of_local(spring + 3600), spring); // 02:00 BST
        let autumn = 1_792_890_000; // 2026-10-25T01:00:00Z, 02:00 BST → 01:00 GMT
        assert_eq!(london.instant_of_local(autumn + 1800), autumn - 1800); // 01:30 twice: the BST one
        assert_eq!(london.instant_of_local(autumn + 3600), autumn + 3600); // 02:00 GMT
                                                                           // Far outside the table, and at the ends of i64, nothing overflows.
        for zone in [london, Zone::new(chrono_tz::Pacific::Kiritimati), Zone::new(chrono_tz::Etc::GMTPlus12)] {
            for local in [i64::MIN, i64::MIN + 1, -1 << 50, 1 << 50, i64::MAX - 1, i64::MAX] {
                let instant = zone.instant_of_local(local);
                assert!(instant.abs_diff(local) <= 86_400 || local.abs_diff(0) > 1 << 62, "{zone:?} {local}");
            }
        }
    }

    #[test]
    fn cursors_match_the_zone_in_order_and_out_of_it() {
        for tz in [chrono_tz::Europe::London, chrono_tz::Australia::Lord_Howe, chrono_tz::America::St_Johns, Tz::UTC] {
            let zone = Zone::new(tz);
            let mut cursor = zone.cursor();
            // Every 7 minutes through 2026, then back and forth across the years.
            let in_order = (1_767_225_600..1_798_761_600).step_by(420);
            let jumping = (0..2000i64).map(|i| (i * 7_919_993_171).rem_euclid(SCAN_TO - SCAN_FROM) + SCAN_FROM);
            for seconds in in_order.chain(jumping).chain([i64::MIN, i64::MAX, SCAN_FROM - 1, SCAN_TO]) {
                assert_eq!(cursor.offset_at(seconds), zone.offset_at(seconds), "{tz} {seconds}");
                if let Some(t) = DateTime::from_timestamp(seconds, 0) {
                    assert_eq!(zone.offset_at(seconds), chrono_offset(tz, t.timestamp()), "{tz} {seconds}");
                }
            }
            assert_eq!(cursor.zone(), &zone);
        }
    }

    #[test]
    fn scanned_years_are_1800_to_2200() {
        let year = |seconds| DateTime::from_timestamp(seconds, 0).map(|t: DateTime<Utc>| t.to_rfc3339());
        assert_eq!(year(SCAN_FROM).as_deref(), Some("1800-01-01T00:00:00+00:00"));
        assert_eq!(year(SCAN_TO).as_deref(), Some("2200-01-01T00:00:00+00:00"));
    }

    /// Outside the scanned years the edge offset is used; that is right only
    /// while chrono-tz changes no offset there.
    #[test]
    fn no_zone_changes_offset_outside_the_scanned_years() {
        let min = DateTime::<Utc>::MIN_UTC.timestamp();
        let max = DateTime::<Utc>::MAX_UTC.timestamp();
        let early =
            [min, -157_000_000_000 /* about 3000 BC */, -8_520_336_000 /* 1700 */, SCAN_FROM - 86_400];
        let late = [SCAN_TO + 86_400 * 180, 13_569_465_600 /* 2400 */, 13_585_190_400 /* mid-2400 */, max];
        for tz in chrono_tz::TZ_VARIANTS {
            let (first, last) = (chrono_offset(tz, SCAN_FROM), chrono_offset(tz, SCAN_TO));
            assert!(early.iter().all(|&t| chrono_offset(tz, t) == first), "{tz}");
            assert!(late.iter().all(|&t| chrono_offset(tz, t) == last), "{tz}");
            let zone = Zone::new(tz);
            assert!(early.iter().all(|&t| zone.offset_at(t) == first), "{tz}");
            assert!(late.iter().all(|&t| zone.offset_at(t) == last), "{tz}");
        }
    }

    /// Any instant of any zone, 1800 to 2200 and a little beyond.
    fn any_instant() -> impl Strategy<Value = (Tz, i64)> {
        (prop::sample::select(chrono_tz::TZ_VARIANTS.to_vec()), SCAN_FROM - 60_000_000..SCAN_TO + 60_000_000)
    }

    proptest! {
        // Each new zone costs a scan: fewer cases, each a zone at random.
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn offsets_match_chrono_tz((tz, seconds) in any_instant()) {
            prop_assert_eq!(Zone::new(tz).offset_at(seconds), chrono_offset(tz, seconds));
        }

        #[test]
        fn local_times_match_chrono_tz((tz, local) in any_instant()) {
            let zone = Zone::new(tz);
            // The offset before a gap holding `local`, if it is in one
            // (changes are days apart, offsets under a day).
            let gap_before = chrono_offset(tz, local - 2 * SECONDS_PER_DAY);
            prop_assert_eq!(zone.instant_of_local(local), chrono_instant_of_local(tz, local, gap_before));
        }
    }
}
