//! Timestamps: RFC 3339 text to microseconds since 1970-01-01 UTC.
//!
//! A timestamp with an offset (`Z`, `+01:00`) is that instant. One without
//! is local time in the file's zone (SPEC §4): an ambiguous local time (the
//! repeated hour when clocks go back) takes the earlier instant; a local
//! time inside a gap (the skipped hour when clocks go forward) moves forward
//! by the gap's length, as a wall clock that was not changed would show.
//!
//! Two things RFC 3339 can write are bad values here, with a message that
//! says why: instants outside the years 1 to 9999 (UTC), which windows and
//! labels do not cover, and leap seconds (`23:59:60`), which a clock that
//! counts microseconds since 1970 has no place for.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use super::{quote, TypeError};

/// Parses a timestamp; see the module docs.
pub fn parse_timestamp(text: &str, zone: Tz) -> Result<i64, TypeError> {
    let text = text.trim();
    let invalid =
        || TypeError::Invalid(format!("{} is not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\"", quote(text)));
    let (micros, leap) = if let Some(micros) = fast_rfc3339(text.as_bytes()) {
        (micros, false)
    } else if has_offset(text) {
        let instant = DateTime::parse_from_rfc3339(text).map_err(|_| invalid())?;
        (instant.timestamp_micros(), instant.nanosecond() >= 1_000_000_000)
    } else {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
            .map_err(|_| invalid())?;
        let instant = local_to_utc(zone, naive).ok_or_else(invalid)?;
        (instant.timestamp_micros(), naive.nanosecond() >= 1_000_000_000)
    };
    if leap {
        return Err(TypeError::Invalid(format!(
            "{} is a leap second, which yardstick does not count (write 23:59:59 or the next second)",
            quote(text)
        )));
    }
    if !(FIRST_MICROS..=LAST_MICROS).contains(&micros) {
        return Err(TypeError::Invalid(format!("{} is outside the years 1 to 9999 (UTC)", quote(text))));
    }
    Ok(micros)
}

/// 0001-01-01T00:00:00Z, the first instant a timestamp may name, in µs.
const FIRST_MICROS: i64 = -62_135_596_800_000_000;
/// 9999-12-31T23:59:59.999999Z, the last one.
const LAST_MICROS: i64 = 253_402_300_799_999_999;

/// The common shape `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, read with
/// integer arithmetic only; `None` for anything else (then chrono reads
/// it, slowly but completely). Profiling the NDJSON benchmark showed
/// chrono's general parser as a large share of the time per record.
fn fast_rfc3339(b: &[u8]) -> Option<i64> {
    let digits = |from: usize, n: usize| -> Option<i64> {
        let mut value = 0i64;
        for &c in b.get(from..from + n)? {
            if !c.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i64::from(c - b'0');
        }
        Some(value)
    };
    let separators = [(4, b'-'), (7, b'-'), (13, b':'), (16, b':')];
    if b.len() < 20 || separators.iter().any(|&(i, c)| b[i] != c) || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (digits(0, 4)?, digits(5, 2)?, digits(8, 2)?);
    let (hour, minute, second) = (digits(11, 2)?, digits(14, 2)?, digits(17, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // Fraction: up to 9 digits, kept to the microsecond.
    let mut at = 19;
    let mut micros = 0i64;
    if b[at] == b'.' {
        at += 1;
        let start = at;
        while at < b.len() && b[at].is_ascii_digit() {
            if at - start < 6 {
                micros = micros * 10 + i64::from(b[at] - b'0');
            }
            at += 1;
        }
        let count = at - start;
        if count == 0 || count > 9 {
            return None;
        }
        micros *= 10i64.pow(6u32.saturating_sub(count as u32));
    }
    let offset = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let two = |x: u8, y: u8| {
                (x.is_ascii_digit() && y.is_ascii_digit()).then(|| i64::from((x - b'0') * 10 + (y - b'0')))
            };
            let (h, m) = (two(*h1, *h2)?, two(*m1, *m2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let seconds = h * 3600 + m * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
    Some(seconds * 1_000_000 + micros)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date, by Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// True when the text ends with `Z` or a `±HH:MM` offset.
fn has_offset(text: &str) -> bool {
    let bytes = text.as_bytes();
    if matches!(bytes.last(), Some(b'Z' | b'z')) {
        return true;
    }
    bytes.len() >= 6 && matches!(bytes[bytes.len() - 6], b'+' | b'-') && bytes[bytes.len() - 3] == b':'
}

/// An instant in RFC 3339 (UTC), for messages and group values.
pub fn format_micros(micros: i64) -> String {
    DateTime::from_timestamp_micros(micros)
        .map_or_else(|| micros.to_string(), |t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// The instant a wall clock in `zone` shows as `local`, by SPEC §4's rules
/// for ambiguous and skipped times. `None` only outside chrono's range.
pub fn local_to_utc(zone: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, _) => Some(earlier.with_timezone(&Utc)),
        LocalResult::None => {
            // In a gap: read the clock with the offset in force before it.
            let before = local.checked_sub_signed(TimeDelta::days(1))?;
            let offset = zone.offset_from_utc_datetime(&before).fix();
            let utc = local.checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))?;
            Some(Utc.from_utc_datetime(&utc))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> String {
        let micros = parse_timestamp(text, chrono_tz::Europe::London).unwrap();
        DateTime::from_timestamp_micros(micros).unwrap().to_rfc3339()
    }

    #[test]
    fn offsets_and_local_times() {
        assert_eq!(at("2026-11-23T14:05:00Z"), "2026-11-23T14:05:00+00:00");
        assert_eq!(at("2026-11-23T14:05:00+01:00"), "2026-11-23T13:05:00+00:00");
        assert_eq!(at("2026-07-01T10:00:00"), "2026-07-01T09:00:00+00:00");
        assert_eq!(at("2026-07-01 10:00:00.250"), "2026-07-01T09:00:00.250+00:00");
    }

    #[test]
    fn daylight_saving_rules() {
        // Clocks go forward at 01:00 on 2026-03-29: 01:30 is skipped.
        assert_eq!(at("2026-03-29T01:30:00"), "2026-03-29T01:30:00+00:00");
        // Clocks go back at 02:00 on 2026-10-25: 01:30 happens twice.
        assert_eq!(at("2026-10-25T01:30:00"), "2026-10-25T00:30:00+00:00");
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_agrees_with_chrono(
            seconds in -62_135_596_800i64..253_402_300_799,
            micros in 0i64..1_000_000,
            offset_minutes in -1439i64..1439,
            form in 0u8..4,
        ) {
            let offset = chrono::FixedOffset::east_opt((offset_minutes * 60) as i32).unwrap();
            let instant = DateTime::from_timestamp(seconds, (micros * 1000) as u32).unwrap().with_timezone(&offset);
            let text = match form {
                0 => instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                1 => instant.to_rfc3339_opts(chrono::SecondsFormat::Micros, false),
                2 => instant.to_utc().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                _ => instant.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
            };
            let expected = DateTime::parse_from_rfc3339(&text).unwrap().timestamp_micros();
            proptest::prop_assert_eq!(fast_rfc3339(text.as_bytes()), Some(expected), "{}", text);
        }

        #[test]
        fn the_fast_path_never_accepts_what_chrono_rejects(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?(Z|[+-][0-9]{2}:[0-9]{2}|)") {
            if let Some(micros) = fast_rfc3339(text.as_bytes()) {
                let chrono = DateTime::parse_from_rfc3339(&text).map(|t| t.timestamp_micros());
                proptest::prop_assert_eq!(Ok(micros), chrono.map_err(|_| ()), "{}", text);
            }
        }
    }

    #[test]
    fn the_range_is_years_1_to_9999() {
        assert_eq!(DateTime::from_timestamp_micros(FIRST_MICROS).unwrap().to_rfc3339(), "0001-01-01T00:00:00+00:00");
        let last = DateTime::from_timestamp_micros(LAST_MICROS).unwrap();
        assert_eq!(last.to_rfc3339(), "9999-12-31T23:59:59.999999+00:00");
        for text in ["0000-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:30:00-01:00"] {
            let error = parse_timestamp(text, Tz::UTC).unwrap_err().to_string();
            assert!(error.ends_with("is outside the years 1 to 9999 (UTC)"), "{text}: {error}");
        }
        assert!(parse_timestamp("0001-01-01T00:00:00Z", Tz::UTC).is_ok());
        assert!(parse_timestamp("9999-12-31T23:59:59.999999Z", Tz::UTC).is_ok());
    }

    #[test]
    fn leap_seconds_say_so() {
        for text in ["2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5+00:00", "2016-12-31T23:59:60"] {
            let error = parse_timestamp(text, Tz::UTC).unwrap_err().to_string();
            assert!(error.contains("is a leap second"), "{text}: {error}");
        }
    }

    #[test]
    fn bad_timestamps_say_why() {
        for text in ["yesterday", "2026-11-23", "10000-01-01T00:00:00Z", "2026-11-23T14:05:00+25:00", ""] {
            let error = parse_timestamp(text, Tz::UTC).unwrap_err();
            assert!(error.to_string().contains("is not an RFC 3339 timestamp"), "{text}: {error}");
        }
    }
}
