//! Numbers in records, read exactly from the digits as written.
//!
//! SPEC §4: every value with at most 15 digits before and 9 after the
//! decimal point is held and summed exactly, and integers used as group
//! values keep every digit. A binary float cannot do either
//! (`0.04166666` days would be 3,600.0288 s; `12345678901234567890123`
//! would share a group with its neighbours), so numbers are never turned
//! into floats here: JSON numbers and CSV cells arrive as text, a host's
//! `f64` as the shortest text that reads back as the same float.
//!
//! `Written` is a view of that text — sign, significant digits and the
//! position of the decimal point — that borrows it and allocates nothing.
//! It gives the value in billionths when it is in range (`Written::nanos`),
//! compares exactly with any other number (`Written::cmp`), and prints one
//! canonical text per value for group keys (`Written::canonical`).

use std::cmp::Ordering;
use std::fmt::Write as _;

/// The most digits a number may have before its decimal point.
pub const MAX_WHOLE_DIGITS: i64 = 15;
/// The most digits a number may have after its decimal point.
pub const MAX_FRACTION_DIGITS: i64 = 9;
/// Billionths in one: the scale `Written::nanos` returns values in.
pub const NANOS: i128 = 1_000_000_000;

/// A number as written: `±0.DIGITS × 10^magnitude`, where DIGITS are the
/// significant digits (no leading or trailing zeros), split over the text's
/// whole and fraction parts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written<'a> {
    negative: bool,
    whole: &'a [u8],
    fraction: &'a [u8],
    /// Leading zeros to skip at the start of `whole ++ fraction`.
    skip: usize,
    /// Significant digits after `skip`; 0 for zero.
    len: usize,
    magnitude: i64,
}

/// Why a number cannot be held exactly (SPEC §4's range).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutOfRange {
    /// 10^15 or more in magnitude.
    TooLarge,
    /// More than 9 digits after the decimal point.
    TooPrecise,
}

impl OutOfRange {
    /// The rule that was broken, in words, for bad-record messages.
    pub fn describe(self) -> &'static str {
        match self {
            OutOfRange::TooLarge => "numbers are read exactly up to 15 digits before the decimal point",
            OutOfRange::TooPrecise => "numbers are read exactly up to 9 digits after the decimal point",
        }
    }
}

impl<'a> Written<'a> {
    /// Reads a JSON number (`-12`, `4.5`, `1.5e3`). CSV cells and host
    /// floats are read the same way, a leading `+`, a missing whole part
    /// (`.5`) and surrounding spaces also accepted. `None` when the text is
    /// not a number.
    pub fn parse(text: &'a str) -> Option<Written<'a>> {
        let bytes = text.trim().as_bytes();
        let (negative, bytes) = match bytes.split_first() {
            Some((b'-', rest)) => (true, rest),
            Some((b'+', rest)) => (false, rest),
            _ => (false, bytes),
        };
        let digits_end = |b: &[u8]| b.iter().position(|c| !c.is_ascii_digit()).unwrap_or(b.len());
        let whole_len = digits_end(bytes);
        let (whole, rest) = bytes.split_at(whole_len);
        let (fraction, rest) = match rest.split_first() {
            Some((b'.', after)) => after.split_at(digits_end(after)),
            _ => (&rest[..0], rest),
        };
        if whole.is_empty() && fraction.is_empty() {
            return None;
        }
        let exponent = match rest.split_first() {
            None => 0,
            Some((b'e' | b'E', after)) => parse_exponent(after)?,
            Some(_) => return None,
        };
        let digit = |i: usize| if i < whole.len() { whole[i] } else { fraction[i - whole.len()] };
        let total = whole.len() + fraction.len();
        let skip = (0..total).find(|&i| digit(i) != b'0').unwrap_or(total);
        let end = (skip..total).rev().find(|&i| digit(i) != b'0').map_or(skip, |i| i + 1);
        // The point sits after `whole.len()` digits, moved by the exponent.
        let magnitude = (whole.len() as i64).saturating_add(exponent).saturating_sub(skip as i64);
        Some(Written { negative, whole, fraction, skip, len: end - skip, magnitude })
    }

    /// True for zero (however written: `0`, `-0.00`, `0e5`).
    pub fn is_zero(&self) -> bool {
        self.len == 0
    }

    fn is_negative(&self) -> bool {
        self.negative && !self.is_zero()
    }

    /// The significant digits, as values 0–9.
    fn digits(&self) -> impl Iterator<Item = u8> + 'a {
        self.whole.iter().chain(self.fraction).skip(self.skip).take(self.len).map(|d| d - b'0')
    }

    /// Digits after the decimal point (0 for a whole number).
    fn fraction_digits(&self) -> i64 {
        (self.len as i64).saturating_sub(self.magnitude).max(0)
    }

    /// The value in billionths, exactly; an error outside SPEC §4's range
    /// (at most 15 digits before and 9 after the point). At most 10^24 in
    /// magnitude, so an `i128` holds it with room to spare.
    pub fn nanos(&self) -> Result<i128, OutOfRange> {
        if self.is_zero() {
            return Ok(0);
        }
        if self.magnitude > MAX_WHOLE_DIGITS {
            return Err(OutOfRange::TooLarge);
        }
        if self.fraction_digits() > MAX_FRACTION_DIGITS {
            return Err(OutOfRange::TooPrecise);
        }
        // value = 0.DIGITS × 10^magnitude = DIGITS × 10^(magnitude - len):
        // at most 15 + 9 = 24 digits in billionths.
        let mantissa = self.digits().fold(0i128, |m, d| m * 10 + i128::from(d));
        let value = mantissa * 10i128.pow((self.magnitude - self.len as i64 + MAX_FRACTION_DIGITS) as u32);
        Ok(if self.negative { -value } else { value })
    }

    /// The value as a whole `i64`, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_zero() {
            return Some(0);
        }
        if self.fraction_digits() > 0 || self.magnitude > 19 {
            return None;
        }
        let mantissa = self.digits().fold(0i128, |m, d| m * 10 + i128::from(d));
        let value = mantissa * 10i128.pow((self.magnitude - self.len as i64) as u32);
        i64::try_from(if self.negative { -value } else { value }).ok()
    }

    /// Compares two numbers exactly, whatever their digits and exponents.
    pub fn cmp(&self, other: &Written<'_>) -> Ordering {
        let sign = |w: &Written| {
            if w.is_zero() {
                0
            } else if w.negative {
                -1
            } else {
                1
            }
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal if sign(self) == 0 => Ordering::Equal,
            Ordering::Equal => {
                // Same sign: bigger magnitude, then bigger digits, is further from zero.
                let away = self.magnitude.cmp(&other.magnitude).then_with(|| self.digits().cmp(other.digits()));
                if self.negative {
                    away.reverse()
                } else {
                    away
                }
            }
            unequal => unequal,
        }
    }

    /// Writes the one text every way of writing this value shares: `-12`,
    /// `4.5`, `0.001`, `1.5e+40`. Group keys use it, so `3`, `3.0` and
    /// `0.3e1` are one group, and it reads back with [`Written::parse`].
    pub fn canonical(&self, out: &mut String) {
        if self.is_zero() {
            out.push('0');
            return;
        }
        if self.is_negative() {
            out.push('-');
        }
        let digits: Vec<char> = self.digits().map(|d| char::from(b'0' + d)).collect();
        let len = digits.len() as i64;
        if (-30..=60).contains(&self.magnitude) {
            if self.magnitude <= 0 {
                out.push_str("0.");
                (0..-self.magnitude).for_each(|_| out.push('0'));
                out.extend(&digits);
            } else if self.magnitude >= len {
                out.extend(&digits);
                (0..self.magnitude - len).for_each(|_| out.push('0'));
            } else {
                let (whole, fraction) = digits.split_at(self.magnitude as usize);
                out.extend(whole);
                out.push('.');
                out.extend(fraction);
            }
        } else {
            out.push(digits[0]);
            if digits.len() > 1 {
                out.push('.');
                out.extend(&digits[1..]);
            }
            let _ = write!(out, "e{:+}", self.magnitude - 1);
        }
    }
}

/// An exponent's digits, saturated far beyond any range that matters
/// (a huge exponent is out of range either way).
fn parse_exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits.iter().fold(0i64, |v, d| (v * 10 + i64::from(d - b'0')).min(1 << 40));
    Some(if negative { -value } else { value })
}

/// The shortest text that reads back as this float (what a person would
/// have written), for host values; `None` for NaN and infinities.
pub(crate) fn float_text(value: f64, buffer: &mut ryu::Buffer) -> Option<&str> {
    value.is_finite().then(|| buffer.format_finite(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Written<'_> {
        Written::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    fn canonical(text: &str) -> String {
        let mut out = String::new();
        w(text).canonical(&mut out);
        out
    }

    #[test]
    fn reads_json_and_csv_numbers() {
        for bad in ["", "-", ".", "e5", "1e", "1.5.2", "abc", "1,5", "0x10", "1e+", "NaN", "inf"] {
            assert!(Written::parse(bad).is_none(), "{bad}");
        }
        for good in ["0", "-0", "12", " 12 ", "+3", ".5", "5.", "1.5e3", "1E-2", "007"] {
            assert!(Written::parse(good).is_some(), "{good}");
        }
    }

    #[test]
    fn nanos_are_exact_in_range() {
        // 0.04166666 days, the example: 41,666,660 billionths.
        assert_eq!(w("0.04166666").nanos(), Ok(41_666_660));
        assert_eq!(w("-12").nanos(), Ok(-12_000_000_000));
        assert_eq!(w("1.5e3").nanos(), Ok(1_500_000_000_000));
        assert_eq!(w("100000000").nanos(), Ok(100_000_000_000_000_000)); // 10^8, the old limit
                                                                         // The largest and smallest magnitudes in range: 15 nines before
                                                                         // and 9 after the point, and one billionth.
        assert_eq!(w("999999999999999.999999999").nanos(), Ok(999_999_999_999_999_999_999_999));
        assert_eq!(w("0.000000001").nanos(), Ok(1));
        assert_eq!(w("1e-9").nanos(), Ok(1));
        // Trailing zeros are not digits of precision.
        assert_eq!(w("2.500000000000").nanos(), Ok(2_500_000_000));
        assert_eq!(w("1000000000000000").nanos(), Err(OutOfRange::TooLarge)); // 10^15
        assert_eq!(w("1e15").nanos(), Err(OutOfRange::TooLarge));
        assert_eq!(w("0.0000000001").nanos(), Err(OutOfRange::TooPrecise)); // 10^-10
        assert_eq!(w("1e99999999999999999999").nanos(), Err(OutOfRange::TooLarge));
        assert_eq!(w("0e99999999999999999999").nanos(), Ok(0));
    }

    #[test]
    fn compares_exactly() {
        use Ordering::*;
        let cases = [
            ("1", "1.0", Equal),
            ("0.3e1", "3", Equal),
            ("-0", "0", Equal),
            ("2.5", "2.49999999999999999999999", Greater),
            ("12345678901234567890123", "12345678901234567890124", Less),
            ("-5", "-4", Less),
            ("-5", "4", Less),
            ("0.001", "0.01", Less),
            ("1e40", "9.99e39", Greater),
            ("-1e40", "-9.99e39", Less),
            ("10", "9", Greater),
        ];
        for (a, b, order) in cases {
            assert_eq!(w(a).cmp(&w(b)), order, "{a} vs {b}");
            assert_eq!(w(b).cmp(&w(a)), order.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn one_canonical_text_per_value() {
        for (text, expected) in [
            ("3", "3"),
            ("3.0", "3"),
            ("0.3e1", "3"),
            ("-0.0", "0"),
            ("4.50", "4.5"),
            ("0.001", "0.001"),
            ("1.5e3", "1500"),
            ("18446744073709551616", "18446744073709551616"),
            ("123456789012345678901234567890", "123456789012345678901234567890"),
            ("1.5e100", "1.5e+100"),
            ("-2e-40", "-2e-40"),
        ] {
            assert_eq!(canonical(text), expected, "{text}");
            // It reads back as the same value.
            assert_eq!(w(&canonical(text)).cmp(&w(text)), Ordering::Equal, "{text}");
        }
    }

    #[test]
    fn whole_numbers_as_i64() {
        assert_eq!(w("3.0").as_i64(), Some(3));
        assert_eq!(w("-9223372036854775808").as_i64(), Some(i64::MIN));
        assert_eq!(w("9223372036854775808").as_i64(), None);
        assert_eq!(w("2.5").as_i64(), None);
        assert_eq!(w("1e3").as_i64(), Some(1000));
    }

    #[test]
    fn host_floats_read_as_written() {
        let mut buffer = ryu::Buffer::new();
        // 0.1 + 0.2 is not 0.3 as a float, and reads as what it is.
        assert_eq!(float_text(0.04166666, &mut buffer), Some("0.04166666"));
        assert_eq!(float_text(0.1 + 0.2, &mut buffer), Some("0.30000000000000004"));
        assert_eq!(float_text(f64::NAN, &mut buffer), None);
    }
}
