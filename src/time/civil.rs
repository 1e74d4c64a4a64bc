//! Civil dates (the proleptic Gregorian calendar) as day numbers: days
//! counted from 1970-01-01, by Howard Hinnant's `days_from_civil` and
//! `civil_from_days`, with integer arithmetic only.
//!
//! ```
//! use yardstick::time::civil;
//!
//! assert_eq!(civil::days_from_civil(2026, 11, 23), 20_780);
//! assert_eq!(civil::civil_from_days(20_780), (2026, 11, 23));
//! assert_eq!(civil::weekday(20_780), 0); // a Monday
//! ```

use chrono::{Datelike, NaiveDate};

/// Seconds in a civil day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Days from the Monday before 1970-01-01 to 1970-01-01, a Thursday.
pub const EPOCH_AFTER_MONDAY: i64 = 3;

/// Days from 0000-03-01, the start of Hinnant's first era, to 1970-01-01.
const EPOCH_FROM_ERA_START: i64 = 719_468;
/// Days in one 400-year era.
const DAYS_PER_ERA: i64 = 146_097;

/// The day number of a date (`month` 1–12, `day` 1–31; not checked).
/// Exact for any year within ±10¹³.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * DAYS_PER_ERA + doe - EPOCH_FROM_ERA_START
}

/// (year, month 1–12, day 1–31) of a day number. Exact for any day within
/// ±10¹⁵.
pub fn civil_from_days(day: i64) -> (i64, u32, u32) {
    let z = day + EPOCH_FROM_ERA_START;
    let era = z.div_euclid(DAYS_PER_ERA);
    let doe = z.rem_euclid(DAYS_PER_ERA);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are small and positive by construction.
    (year, month as u32, day as u32)
}

/// True for a leap year of the Gregorian calendar.
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in a month (`month` 1–12).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The weekday of a day number: Monday 0 … Sunday 6.
pub fn weekday(day: i64) -> u32 {
    // In 0..7.
    (day + EPOCH_AFTER_MONDAY).rem_euclid(7) as u32
}

/// The day number of the Monday on or before a day.
pub fn monday_of(day: i64) -> i64 {
    day - i64::from(weekday(day))
}

/// The day number of a chrono date.
pub fn day_of_date(date: NaiveDate) -> i64 {
    days_from_civil(i64::from(date.year()), date.month(), date.day())
}

/// The chrono date of a day number; `None` outside chrono's years.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    let (year, month, day) = civil_from_days(day);
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    /// Days from 0001-01-01 (chrono's day 1 of the common era) to 1970-01-01.
    const EPOCH_FROM_CE: i64 = 719_163;

    /// Every day of 1900–2100, then every 997th day over ±2,000 years, and
    /// every 1,000,003rd over chrono's whole range, against chrono's own
    /// calendar: the date both ways, the month's length, the weekday.
    #[test]
    fn civil_dates_match_chrono() {
        let near = days_from_civil(1900, 1, 1)..days_from_civil(2101, 1, 1);
        let far = (-800_000..800_000).step_by(997);
        let whole = (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
            .step_by(1_000_003)
            .map(|ce| i64::from(ce) - EPOCH_FROM_CE);
        let edges = [NaiveDate::MIN, NaiveDate::MAX].map(|d| i64::from(d.num_days_from_ce()) - EPOCH_FROM_CE);
        let mut checked = 0;
        for day in near.chain(far).chain(whole).chain(edges) {
            let date = i32::try_from(day + EPOCH_FROM_CE)
                .ok()
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .unwrap_or_else(|| panic!("day {day} is within chrono's range"));
            let (year, month, d) = civil_from_days(day);
            assert_eq!((year, month, d), (i64::from(date.year()), date.month(), date.day()), "day {day}");
            assert_eq!(days_from_civil(year, month, d), day, "{date}");
            assert_eq!(day_of_date(date), day, "{date}");
            assert_eq!(date_of_day(day), Some(date), "day {day}");
            assert_eq!(weekday(day), date.weekday().num_days_from_monday(), "{date}");
            assert!((0..7).contains(&(day - monday_of(day))) && weekday(monday_of(day)) == 0, "{date}");
            if let Some(monday) = date_of_day(monday_of(day)) {
                assert_eq!(monday.weekday(), Weekday::Mon, "{date}");
            }
            let last = NaiveDate::from_ymd_opt(date.year(), date.month(), days_in_month(year, month));
            assert!(last.is_some_and(|l| l.succ_opt().is_none_or(|n| n.month() != date.month())), "{date}");
            checked += 1;
        }
        assert!(checked > 70_000 + 1_600, "{checked}");
    }

    #[test]
    fn beyond_chrono_the_arithmetic_still_round_trips() {
        for day in [-1_000_000_000_000, -123_456_789_012, 987_654_321_098, 1_000_000_000_000] {
            let (year, month, d) = civil_from_days(day);
            assert_eq!(days_from_civil(year, month, d), day);
        }
        assert_eq!(date_of_day(1_000_000_000), None);
    }

    #[test]
    fn the_epoch_and_leap_years() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(weekday(0), 3); // Thursday
        assert!(is_leap_year(2000) && is_leap_year(2024) && !is_leap_year(1900) && !is_leap_year(2026));
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
    }
}
