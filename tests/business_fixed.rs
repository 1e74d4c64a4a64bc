//! Business time on fixed cases worked out by hand: changes of clock in
//! London and New York, overnight shifts, holidays, the turn of the year and
//! `N business days` deadlines (SPEC §7).

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use yardstick::business::BusinessCalendar;
use yardstick::{Calendar, Standards};

/// A calendar `NAME` from a file whose zone is `zone`.
fn calendar(zone: &str, body: &str) -> BusinessCalendar {
    let file =
        Standards::parse(&format!("timezone \"{zone}\"\ncalendar c:\n{body}\n")).expect("the test calendar parses");
    BusinessCalendar::new(file.calendar("c").expect("declared"), file.timezone())
}

/// Mon-fri office hours in London with three holidays around the new year.
fn office() -> BusinessCalendar {
    calendar(
        "Europe/London",
        "mon-fri 09:00-17:30\nclosed 2026-12-25\nclosed 2026-12-28\nclosed 2027-01-01\nclosed 2027-03-26",
    )
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

fn hours(h: f64) -> TimeDelta {
    TimeDelta::seconds((h * 3600.0) as i64)
}

#[test]
fn london_spring_forward_range_with_the_skipped_hour() {
    // 2026-03-29: 01:00 GMT becomes 02:00 BST. 00:00 GMT-06:00 BST is 00:00Z-05:00Z.
    let c = calendar("Europe/London", "sun 00:00-06:00");
    assert_eq!(c.elapsed(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), hours(5.0));
    assert_eq!(c.elapsed(utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30)), hours(1.0));
    // A whole day that day holds 23 hours.
    let day = calendar("Europe/London", "sun 00:00-24:00");
    assert_eq!(day.elapsed(utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 0, 0)), hours(23.0));
    // 01:30 does not exist: it moves forward by the gap to 02:30 BST (01:30Z).
    let late = calendar("Europe/London", "sun 01:30-04:00");
    assert_eq!(late.next_open(utc(2026, 3, 29, 0, 0)), Some(utc(2026, 3, 29, 1, 30)));
    assert_eq!(late.elapsed(utc(2026, 3, 29, 0, 0), utc(2026, 3, 30, 0, 0)), hours(1.5));
}

#[test]
fn london_fall_back_range_with_the_repeated_hour() {
    // 2026-10-25: 02:00 BST becomes 01:00 GMT. 00:00 BST-06:00 GMT is 23:00Z-06:00Z.
    let c = calendar("Europe/London", "sun 00:00-06:00");
    assert_eq!(c.elapsed(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)), hours(7.0));
    // 01:30 happens twice and opens at the first (00:30Z); 02:00 GMT is 02:00Z.
    let repeated = calendar("Europe/London", "sun 01:30-02:00");
    assert_eq!(repeated.elapsed(utc(2026, 10, 24, 0, 0), utc(2026, 10, 26, 0, 0)), hours(1.5));
    assert_eq!(repeated.next_open(utc(2026, 10, 25, 0, 0)), Some(utc(2026, 10, 25, 0, 30)));
    let day = calendar("Europe/London", "sun 00:00-24:00");
    assert_eq!(day.elapsed(utc(2026, 10, 24, 0, 0), utc(2026, 10, 27, 0, 0)), hours(25.0));
}

#[test]
fn new_york_spring_forward_range_with_the_skipped_hour() {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT. 00:00 EST is 05:00Z; 06:00 EDT is 10:00Z.
    let c = calendar("America/New_York", "sun 00:00-06:00");
    assert_eq!(c.elapsed(utc(2026, 3, 7, 0, 0), utc(2026, 3, 9, 0, 0)), hours(5.0));
    // 01:00 EST (06:00Z) to 04:00 EDT (08:00Z).
    let skipped = calendar("America/New_York", "sun 01:00-04:00");
    assert_eq!(skipped.elapsed(utc(2026, 3, 7, 0, 0), utc(2026, 3, 9, 0, 0)), hours(2.0));
}

#[test]
fn new_york_fall_back_range_with_the_repeated_hour() {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST. 00:00 EDT is 04:00Z; 06:00 EST is 11:00Z.
    let c = calendar("America/New_York", "sun 00:00-06:00");
    assert_eq!(c.elapsed(utc(2026, 10, 31, 0, 0), utc(2026, 11, 2, 0, 0)), hours(7.0));
    // 01:00 EDT (05:00Z) to 02:00 EST (07:00Z): both passes of the hour count.
    let repeated = calendar("America/New_York", "sun 01:00-02:00");
    assert_eq!(repeated.elapsed(utc(2026, 10, 31, 0, 0), utc(2026, 11, 2, 0, 0)), hours(2.0));
    // Inside the second pass of the hour.
    assert_eq!(repeated.elapsed(utc(2026, 11, 1, 6, 15), utc(2026, 11, 1, 6, 45)), hours(0.5));
}

#[test]
fn overnight_shift_with_a_holiday() {
    // January: London is on GMT, so local times are UTC.
    let c = calendar("Europe/London", "mon-fri 22:00-06:00\nclosed 2026-01-14 \"Wednesday off\"");
    // Mon, Tue (running into the closed Wednesday), Thu and Fri nights; Wednesday night is gone.
    assert_eq!(c.elapsed(utc(2026, 1, 12, 0, 0), utc(2026, 1, 19, 0, 0)), hours(32.0));
    assert_eq!(c.elapsed(utc(2026, 1, 14, 0, 0), utc(2026, 1, 14, 12, 0)), hours(6.0));
    assert_eq!(c.elapsed(utc(2026, 1, 14, 12, 0), utc(2026, 1, 15, 12, 0)), TimeDelta::zero());
    // Friday's shift runs into Saturday morning.
    assert_eq!(c.elapsed(utc(2026, 1, 17, 0, 0), utc(2026, 1, 17, 12, 0)), hours(6.0));
    assert_eq!(c.next_open(utc(2026, 1, 14, 6, 0)), Some(utc(2026, 1, 15, 22, 0)));
}

#[test]
fn year_end_crossing() {
    // Thu 31 Dec 12:00 to Mon 4 Jan 12:00: 5.5 hours on Thursday, New Year's
    // Day closed, the weekend, 3 hours on Monday.
    let c = office();
    assert_eq!(c.elapsed(utc(2026, 12, 31, 12, 0), utc(2027, 1, 4, 12, 0)), hours(8.5));
    assert_eq!(c.deadline(utc(2026, 12, 31, 12, 0), 1), Some(utc(2027, 1, 4, 12, 0)));
    assert_eq!(c.deadline(utc(2026, 12, 31, 12, 0), 2), Some(utc(2027, 1, 5, 12, 0)));
}

#[test]
fn starts_and_ends_outside_open_hours() {
    let c = office();
    assert_eq!(c.elapsed(utc(2027, 1, 2, 10, 0), utc(2027, 1, 3, 23, 0)), TimeDelta::zero());
    assert_eq!(c.elapsed(utc(2027, 1, 4, 7, 0), utc(2027, 1, 4, 20, 0)), hours(8.5));
    assert_eq!(c.elapsed(utc(2027, 1, 8, 18, 0), utc(2027, 1, 11, 8, 0)), TimeDelta::zero());
    assert_eq!(c.elapsed(utc(2027, 1, 8, 18, 0), utc(2027, 1, 11, 9, 30)), hours(0.5));
    assert_eq!(c.elapsed(utc(2027, 1, 5, 12, 0), utc(2027, 1, 5, 11, 0)), TimeDelta::zero());
}

#[test]
fn elapsed_is_exact_below_the_second() {
    let c = office();
    let start = utc(2027, 1, 5, 17, 29) + TimeDelta::microseconds(59_999_999);
    assert_eq!(c.elapsed(start, utc(2027, 1, 6, 9, 0) + TimeDelta::microseconds(250)), TimeDelta::microseconds(251));
}

#[test]
fn deadline_from_inside_open_hours() {
    let c = office();
    let start = utc(2027, 1, 5, 11, 15);
    assert_eq!(c.deadline(start, 1), Some(utc(2027, 1, 6, 11, 15)));
    assert_eq!(c.deadline(start, 3), Some(utc(2027, 1, 8, 11, 15)));
    assert_eq!(c.deadline(start, 4), Some(utc(2027, 1, 11, 11, 15)));
}

#[test]
fn deadline_from_before_opening_and_at_closing() {
    let c = office();
    assert_eq!(c.deadline(utc(2027, 1, 5, 7, 0), 1), Some(utc(2027, 1, 6, 9, 0)));
    // Closing time is not open: the start moves to Wednesday's opening.
    assert_eq!(c.deadline(utc(2027, 1, 5, 17, 30), 1), Some(utc(2027, 1, 7, 9, 0)));
    let just_before = utc(2027, 1, 5, 17, 29) + TimeDelta::milliseconds(59_500);
    assert_eq!(c.deadline(just_before, 1), Some(utc(2027, 1, 6, 17, 29) + TimeDelta::milliseconds(59_500)));
}

#[test]
fn deadline_from_friday_evening() {
    let c = office();
    assert_eq!(c.deadline(utc(2027, 1, 8, 19, 0), 1), Some(utc(2027, 1, 12, 9, 0)));
    assert_eq!(c.deadline(utc(2027, 1, 8, 19, 0), 0), Some(utc(2027, 1, 11, 9, 0)));
}

#[test]
fn deadline_skips_holidays() {
    // Thursday 24 Dec: Christmas Day and the Boxing Day substitute are closed.
    let c = office();
    assert_eq!(c.deadline(utc(2026, 12, 24, 10, 0), 1), Some(utc(2026, 12, 29, 10, 0)));
    assert_eq!(c.deadline(utc(2026, 12, 24, 10, 0), 2), Some(utc(2026, 12, 30, 10, 0)));
}

#[test]
fn deadline_keeps_local_time_across_a_change_of_clock() {
    // Friday 27 March 10:00 GMT; Monday 30 March 10:00 BST is 09:00Z.
    assert_eq!(office().deadline(utc(2026, 3, 27, 10, 0), 1), Some(utc(2026, 3, 30, 9, 0)));
}

#[test]
fn deadline_zero_is_the_effective_start() {
    let c = office();
    assert_eq!(c.deadline(utc(2027, 1, 5, 11, 15), 0), Some(utc(2027, 1, 5, 11, 15)));
    assert_eq!(c.deadline(utc(2027, 1, 2, 11, 15), 0), Some(utc(2027, 1, 4, 9, 0)));
}

#[test]
fn deadline_500_days_on() {
    // 500 weekdays is exactly 100 weeks; Good Friday 2027 costs one more day.
    assert_eq!(office().deadline(utc(2027, 1, 5, 11, 15), 500), Some(utc(2028, 12, 6, 11, 15)));
}

#[test]
fn a_calendar_that_never_opens() {
    let never = Calendar { name: "never".to_string(), timezone: None, hours: Vec::new(), closed: Vec::new() };
    let c = BusinessCalendar::new(&never, chrono_tz::Europe::London);
    assert_eq!((c.name(), c.zone()), ("never", chrono_tz::Europe::London));
    assert_eq!(c.next_open(utc(2026, 1, 1, 0, 0)), None);
    assert_eq!(c.deadline(utc(2026, 1, 1, 0, 0), 0), None);
    assert_eq!(c.elapsed(utc(2026, 1, 1, 0, 0), utc(2027, 1, 1, 0, 0)), TimeDelta::zero());
}

#[test]
fn calendar_zone_overrides_the_file_zone() {
    let file = Standards::parse(
        "timezone \"Europe/London\"\ncalendar ny:\n  timezone \"America/New_York\"\n  mon 09:00-10:00\n",
    )
    .expect("parses");
    let c = BusinessCalendar::new(file.calendar("ny").expect("declared"), file.timezone());
    assert_eq!(c.zone(), chrono_tz::America::New_York);
    assert_eq!(c.next_open(utc(2026, 1, 5, 0, 0)), Some(utc(2026, 1, 5, 14, 0)));
}
