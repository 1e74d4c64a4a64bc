//! Exact decimal numbers, as written in a `.std` file.
//!
//! Targets such as `99.9%` must be compared with a share *exactly* (SPEC §7:
//! 999 hits of 1000 meets 99.9%), so numbers are kept as an integer mantissa
//! and a power-of-ten scale instead of a float.

use std::cmp::Ordering;
use std::fmt;

/// The most significant digits a number in a `.std` file may have.
pub const MAX_DIGITS: usize = 15;

/// A decimal number `mantissa × 10^-scale`, normalised so that equal numbers
/// have equal representations (`4.50` and `4.5` are the same value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    mantissa: i64,
    scale: u32,
}

/// Why a number could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalError {
    /// More than [`MAX_DIGITS`] significant digits.
    TooManyDigits,
    /// Not a decimal number at all.
    Invalid,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal { mantissa: 0, scale: 0 };

    /// A whole number.
    pub const fn from_int(value: i64) -> Decimal {
        Decimal { mantissa: value, scale: 0 }
    }

    /// Builds `mantissa × 10^-scale`, normalised.
    pub fn new(mantissa: i64, scale: u32) -> Decimal {
        let (mut mantissa, mut scale) = (mantissa, scale);
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        if mantissa == 0 {
            scale = 0;
        }
        Decimal { mantissa, scale }
    }

    /// Parses `-?[0-9]+(\.[0-9]+)?`.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let valid = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !valid(whole) || !valid(fraction) || (digits.contains('.') && fraction.is_empty()) {
            return Err(DecimalError::Invalid);
        }
        let fraction = fraction.trim_end_matches('0');
        let whole = whole.trim_start_matches('0');
        if whole.len() + fraction.len() > MAX_DIGITS {
            return Err(DecimalError::TooManyDigits);
        }
        let mut mantissa: i64 = 0;
        for b in whole.bytes().chain(fraction.bytes()) {
            mantissa = mantissa * 10 + i64::from(b - b'0');
        }
        if negative {
            mantissa = -mantissa;
        }
        Ok(Decimal::new(mantissa, fraction.len() as u32))
    }

    /// The integer mantissa (`45` for `4.5`).
    pub fn mantissa(self) -> i64 {
        self.mantissa
    }

    /// The number of decimal places (`1` for `4.5`).
    pub fn scale(self) -> u32 {
        self.scale
    }

    /// The nearest `f64`.
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// True below zero.
    pub fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// The value as a whole number, if it is one.
    pub fn as_integer(self) -> Option<i64> {
        (self.scale == 0).then_some(self.mantissa)
    }

    /// `self` expressed with `scale` decimal places (`scale >= self.scale`).
    fn widened(self, scale: u32) -> i128 {
        i128::from(self.mantissa) * 10i128.pow(scale - self.scale)
    }

    /// Compares `numerator / denominator` with `self / 100` exactly: is the
    /// share at least (or at most) this percentage?
    pub fn cmp_share(self, numerator: u64, denominator: u64) -> Ordering {
        // share vs p/100  <=>  numerator * 100 * 10^s  vs  mantissa * denominator
        let left = i128::from(numerator) * 100 * 10i128.pow(self.scale);
        let right = i128::from(self.mantissa) * i128::from(denominator);
        left.cmp(&right)
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let scale = self.scale.max(other.scale);
        self.widened(scale).cmp(&other.widened(scale))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let digits = self.mantissa.unsigned_abs().to_string();
        let scale = self.scale as usize;
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (whole, fraction) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{whole}.{fraction}")
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.as_integer() {
            Some(i) => serializer.serialize_i64(i),
            None => serializer.serialize_f64(self.to_f64()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for (text, printed) in [
            ("3", "3"),
            ("4.5", "4.5"),
            ("4.50", "4.5"),
            ("0.05", "0.05"),
            ("-2", "-2"),
            ("007", "7"),
            ("99.9", "99.9"),
            ("0", "0"),
            ("0.0", "0"),
        ] {
            assert_eq!(Decimal::parse(text).unwrap().to_string(), printed, "{text}");
        }
    }

    #[test]
    fn rejects_bad_and_huge() {
        assert_eq!(Decimal::parse("1."), Err(DecimalError::Invalid));
        assert_eq!(Decimal::parse(""), Err(DecimalError::Invalid));
        assert_eq!(Decimal::parse("1234567890123456"), Err(DecimalError::TooManyDigits));
        assert!(Decimal::parse("123456789012345").is_ok());
    }

    #[test]
    fn share_comparison_is_exact() {
        let p95 = Decimal::parse("95").unwrap();
        assert_eq!(p95.cmp_share(19, 20), Ordering::Equal);
        let p999 = Decimal::parse("99.9").unwrap();
        assert_eq!(p999.cmp_share(999, 1000), Ordering::Equal);
        assert_eq!(p999.cmp_share(998, 1000), Ordering::Less);
        assert_eq!(Decimal::parse("100").unwrap().cmp_share(u64::MAX, u64::MAX), Ordering::Equal);
    }

    #[test]
    fn orders_across_scales() {
        assert!(Decimal::parse("4.5").unwrap() > Decimal::parse("4.49").unwrap());
        assert!(Decimal::parse("-1").unwrap() < Decimal::ZERO);
    }
}
