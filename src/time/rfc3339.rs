//! Timestamps: RFC 3339 text to microseconds since 1970-01-01 UTC, and back.
//!
//! A timestamp with an offset (`Z`, `+01:00`) is that instant. One without
//! is local time in a zone (SPEC §4), read by [`Zone::instant_of_local`]:
//! an ambiguous local time (the repeated hour when clocks go back) takes
//! the earlier instant; a local time inside a gap (the skipped hour when
//! clocks go forward) moves forward by the gap's length, as a wall clock
//! that was not changed would show.
//!
//! Two things RFC 3339 can write are bad values here, with a reason:
//! instants outside the years 1 to 9999 (UTC), which windows and labels do
//! not cover, and leap seconds (`23:59:60`), which a clock that counts
//! microseconds since 1970 has no place for.
//!
//! ```
//! use yardstick::time::{rfc3339, Zone};
//!
//! let london = Zone::new(chrono_tz::Europe::London);
//! let micros = rfc3339::parse("2026-07-01T10:00:00", &london)?; // BST
//! assert_eq!(rfc3339::format_micros(micros), "2026-07-01T09:00:00Z");
//! # Ok::<(), rfc3339::TimestampError>(())
//! ```

use chrono::{DateTime, NaiveDateTime, Timelike};

use super::civil::{days_from_civil, days_in_month, SECONDS_PER_DAY};
use super::Zone;

/// Why a text is not a timestamp. Each displays as the end of a sentence
/// about the text (`"…" is a leap second, …`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    /// Not RFC 3339 (nor a local time written like it).
    #[error("not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\"")]
    NotRfc3339,
    /// Second 60 of a minute.
    #[error("a leap second, which yardstick does not count (write 23:59:59 or the next second)")]
    LeapSecond,
    /// Before 0001-01-01T00:00:00Z or after 9999-12-31T23:59:59.999999Z.
    #[error("outside the years 1 to 9999 (UTC)")]
    OutOfRange,
}

/// 0001-01-01T00:00:00Z, the first instant a timestamp may name, in µs.
pub const FIRST_MICROS: i64 = -62_135_596_800_000_000;
/// 9999-12-31T23:59:59.999999Z, the last one.
pub const LAST_MICROS: i64 = 253_402_300_799_999_999;

/// Parses a timestamp (surrounding whitespace ignored) to microseconds
/// since 1970-01-01 UTC; one without an offset is local time in `zone`.
/// Digits of a fraction past the sixth are dropped.
pub fn parse(text: &str, zone: &Zone) -> Result<i64, TimestampError> {
    use TimestampError::*;
    let text = text.trim();
    let (micros, leap) = if let Some(micros) = fast(text.as_bytes()) {
        (micros, false)
    } else if has_offset(text) {
        let instant = DateTime::parse_from_rfc3339(text).map_err(|_| NotRfc3339)?;
        (instant.timestamp_micros(), instant.nanosecond() >= 1_000_000_000)
    } else {
        let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
            .map_err(|_| NotRfc3339)?;
        let wall = naive.and_utc();
        let seconds = zone.instant_of_local(wall.timestamp());
        // Only an instant chrono can hold, as when chrono did this.
        DateTime::from_timestamp(seconds, 0).ok_or(NotRfc3339)?;
        let micros = seconds * 1_000_000 + i64::from(wall.timestamp_subsec_micros());
        (micros, naive.nanosecond() >= 1_000_000_000)
    };
    if leap {
        return Err(LeapSecond);
    }
    if !(FIRST_MICROS..=LAST_MICROS).contains(&micros) {
        return Err(OutOfRange);
    }
    Ok(micros)
}

/// An instant in RFC 3339, UTC (`Z`), with as many fractional digits as it
/// needs (none, 3, 6); one outside chrono's years is written as the number.
pub fn format_micros(micros: i64) -> String {
    DateTime::from_timestamp_micros(micros)
        .map_or_else(|| micros.to_string(), |t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// The common shape `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, read with
/// integer arithmetic only; `None` for anything else (then chrono reads
/// it, slowly but completely). Profiling the NDJSON benchmark showed
/// chrono's general parser as a large share of the time per record.
fn fast(b: &[u8]) -> Option<i64> {
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
    // Two digits each.
    let (month, day) = (month as u32, day as u32);
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
    let seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
    Some(seconds * 1_000_000 + micros)
}

/// True when the text ends with `Z` or a `±HH:MM` offset.
fn has_offset(text: &str) -> bool {
    let bytes = text.as_bytes();
    if matches!(bytes.last(), Some(b'Z' | b'z')) {
        return true;
    }
    bytes.len() >= 6 && matches!(bytes[bytes.len() - 6], b'+' | b'-') && bytes[bytes.len() - 3] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Tz;

    fn utc() -> Zone {
        Zone::new(Tz::UTC)
    }

    fn at(text: &str) -> String {
        let micros = parse(text, &Zone::new(chrono_tz::Europe::London)).unwrap();
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
            proptest::prop_assert_eq!(fast(text.as_bytes()), Some(expected), "{}", text);
        }

        #[test]
        fn the_fast_path_never_accepts_what_chrono_rejects(text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{0,10})?(Z|[+-][0-9]{2}:[0-9]{2}|)") {
            if let Some(micros) = fast(text.as_bytes()) {
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
            assert_eq!(parse(text, &utc()), Err(TimestampError::OutOfRange), "{text}");
        }
        assert!(parse("0001-01-01T00:00:00Z", &utc()).is_ok());
        assert!(parse("9999-12-31T23:59:59.999999Z", &utc()).is_ok());
    }

    #[test]
    fn leap_seconds_say_so() {
        for text in ["2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5+00:00", "2016-12-31T23:59:60"] {
            assert_eq!(parse(text, &utc()), Err(TimestampError::LeapSecond), "{text}");
        }
    }

    #[test]
    fn bad_timestamps_say_why() {
        for text in ["yesterday", "2026-11-23", "10000-01-01T00:00:00Z", "2026-11-23T14:05:00+25:00", ""] {
            assert_eq!(parse(text, &utc()), Err(TimestampError::NotRfc3339), "{text}");
        }
    }

    #[test]
    fn formats_to_the_microsecond_in_utc() {
        assert_eq!(format_micros(1_795_442_700_000_000), "2026-11-23T14:05:00Z");
        assert_eq!(format_micros(1_795_442_700_250_000), "2026-11-23T14:05:00.250Z");
        assert_eq!(format_micros(-1), "1969-12-31T23:59:59.999999Z");
        assert_eq!(format_micros(i64::MIN), "-9223372036854775808");
    }
}
