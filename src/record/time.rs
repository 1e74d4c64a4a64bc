//! Timestamps: RFC 3339 text to microseconds since 1970-01-01 UTC.
//!
//! A timestamp with an offset (`Z`, `+01:00`) is that instant. One without
//! is local time in the file's zone (SPEC §4): an ambiguous local time (the
//! repeated hour when clocks go back) takes the earlier instant; a local
//! time inside a gap (the skipped hour when clocks go forward) moves forward
//! by the gap's length, as a wall clock that was not changed would show.

use chrono::{DateTime, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

use super::{quote, TypeError};

/// Parses a timestamp; see the module docs.
pub fn parse_timestamp(text: &str, zone: Tz) -> Result<i64, TypeError> {
    let text = text.trim();
    let invalid =
        || TypeError::Invalid(format!("{} is not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\"", quote(text)));
    if has_offset(text) {
        let instant = DateTime::parse_from_rfc3339(text).map_err(|_| invalid())?;
        return Ok(instant.timestamp_micros());
    }
    let naive = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S%.f"))
        .map_err(|_| invalid())?;
    local_to_utc(zone, naive).map(|t| t.timestamp_micros()).ok_or_else(invalid)
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

    #[test]
    fn bad_timestamps_say_why() {
        for text in ["yesterday", "2026-11-23", "10000-01-01T00:00:00Z", "2026-11-23T14:05:00+25:00", ""] {
            let error = parse_timestamp(text, Tz::UTC).unwrap_err();
            assert!(error.to_string().contains("is not an RFC 3339 timestamp"), "{text}: {error}");
        }
    }
}
