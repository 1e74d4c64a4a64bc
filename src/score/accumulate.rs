//! Accumulators: what one result (a window × group of a standard) keeps.
//!
//! Everything here is counts, exact integer sums, a minimum and maximum and
//! a percentile sketch, so memory is O(windows × groups) and two
//! accumulators of the same result merge exactly. The one exception is
//! `pending`: open items of a compliance standard whose verdict may still
//! change before `as_of` is known (see [`super::Scorer`]).

use std::cmp::Ordering;

use crate::plan::{Bound, Evaluation, Test};
use crate::record::PICOS;
use crate::standard::{Statistic, Target};

use super::sketch::{nearest_rank, Quantiles};

/// The state of one result.
#[derive(Clone, Debug)]
pub(crate) enum Accumulator {
    Compliance(Compliance),
    Aggregate(Aggregate),
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Compliance {
    pub hits: u64,
    pub misses: u64,
    pub open: u64,
    pub unmeasurable: u64,
    /// Start instants (µs) of open items not yet decided.
    pub pending: Vec<i64>,
    /// Re-examine `pending` when it grows to this length.
    pub prune_at: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Aggregate {
    pub measured: u64,
    pub open: u64,
    pub unmeasurable: u64,
    /// Sum of values in trillionths.
    pub sum: ExactSum,
    pub min: i128,
    pub max: i128,
    /// Values ≥ 9 and ≤ 6, for `nps of`.
    pub promoters: u64,
    pub detractors: u64,
    /// Kept only for `median` and percentiles.
    pub quantiles: Option<Quantiles>,
}

/// What one record contributes to one result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    Hit,
    Miss,
    Open,
    /// Open, with a verdict that depends on the final `as_of`.
    Pending(i64),
    Unmeasurable,
    /// A known value for an aggregate, in trillionths.
    Value(i128),
}

/// A finished result's value.
pub(crate) use crate::scorecard::Number as Figure;

impl Accumulator {
    pub fn new(evaluation: &Evaluation) -> Accumulator {
        match evaluation {
            Evaluation::Compliance { .. } => {
                Accumulator::Compliance(Compliance { prune_at: 64, ..Compliance::default() })
            }
            Evaluation::Aggregate { rank, .. } => Accumulator::Aggregate(Aggregate {
                measured: 0,
                open: 0,
                unmeasurable: 0,
                sum: ExactSum::default(),
                min: i128::MAX,
                max: i128::MIN,
                promoters: 0,
                detractors: 0,
                quantiles: rank.map(|_| Quantiles::default()),
            }),
        }
    }

    #[inline]
    pub fn add(&mut self, mark: Mark) {
        match self {
            Accumulator::Compliance(c) => c.add(mark),
            Accumulator::Aggregate(a) => a.add(mark),
        }
    }

    pub fn merge(&mut self, other: Accumulator) {
        match (self, other) {
            (Accumulator::Compliance(a), Accumulator::Compliance(b)) => a.merge(b),
            (Accumulator::Aggregate(a), Accumulator::Aggregate(b)) => a.merge(b),
            _ => unreachable!("results of one standard are all of its kind"),
        }
    }
}

impl Compliance {
    fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Hit => self.hits += 1,
            Mark::Miss => self.misses += 1,
            Mark::Open => self.open += 1,
            Mark::Pending(start) => self.pending.push(start),
            Mark::Unmeasurable | Mark::Value(_) => self.unmeasurable += 1,
        }
    }

    fn merge(&mut self, other: Compliance) {
        self.hits += other.hits;
        self.misses += other.misses;
        self.open += other.open;
        self.unmeasurable += other.unmeasurable;
        self.pending.extend(other.pending);
    }

    /// The share and whether it meets the target; `None` with no hits and
    /// no misses. Compared exactly (SPEC §7).
    pub fn judge(&self, target: &Target) -> (Option<Figure>, Option<bool>) {
        let measured = self.hits + self.misses;
        if measured == 0 {
            return (None, None);
        }
        let share = self.hits as f64 / measured as f64;
        let passed = match target {
            Target::AtLeast(p) => p.cmp_share(self.hits, measured) != Ordering::Less,
            Target::AtMost(p) => p.cmp_share(self.hits, measured) != Ordering::Greater,
            Target::Always => self.misses == 0,
            Target::Never => self.hits == 0,
        };
        (Some(Figure::Float(share)), Some(passed))
    }
}

impl Aggregate {
    fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Value(v) => self.add_value(v),
            Mark::Open | Mark::Pending(_) => self.open += 1,
            Mark::Hit | Mark::Miss | Mark::Unmeasurable => self.unmeasurable += 1,
        }
    }

    fn add_value(&mut self, v: i128) {
        self.measured += 1;
        self.sum.add(v);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        if v >= 9 * PICOS {
            self.promoters += 1;
        } else if v <= 6 * PICOS {
            self.detractors += 1;
        }
        if let Some(q) = &mut self.quantiles {
            q.add(v);
        }
    }

    fn merge(&mut self, other: Aggregate) {
        self.measured += other.measured;
        self.open += other.open;
        self.unmeasurable += other.unmeasurable;
        self.sum.merge(other.sum);
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.promoters += other.promoters;
        self.detractors += other.detractors;
        if let (Some(ours), Some(theirs)) = (&mut self.quantiles, other.quantiles) {
            ours.merge(theirs);
        }
    }

    /// The statistic and whether it meets the comparison; `None` with no
    /// measured values. Exact except for percentiles (see `sketch`).
    pub fn judge(
        &self,
        statistic: &Statistic,
        rank: Option<crate::Decimal>,
        test: &Test,
    ) -> (Option<Figure>, Option<bool>) {
        let n = self.measured;
        if n == 0 {
            return (None, None);
        }
        // The statistic as numerator / denominator, in trillionths.
        let (numerator, denominator) = match statistic {
            Statistic::Average | Statistic::Total => {
                let denominator = if *statistic == Statistic::Total { 1 } else { n };
                let Some(sum) = self.sum.exact() else {
                    // Past 2^127 trillionths (10^26 s): floats, as documented.
                    let value = self.sum.to_f64() / denominator as f64;
                    return (Some(Figure::Float(value / PICOS as f64)), Some(holds_float(test, value)));
                };
                (sum, i128::from(denominator))
            }
            Statistic::Minimum => (self.min, 1),
            Statistic::Maximum => (self.max, 1),
            Statistic::Count => (i128::from(n) * PICOS, 1),
            Statistic::Nps => ((i128::from(self.promoters) - i128::from(self.detractors)) * 100 * PICOS, i128::from(n)),
            Statistic::Median | Statistic::Percentile(_) => {
                let at = nearest_rank(rank.unwrap_or(crate::Decimal::from_int(50)), n);
                let value = self.quantiles.as_ref().and_then(|q| q.value_at_rank(at)).unwrap_or_default();
                (value, 1)
            }
        };
        let figure = match statistic {
            Statistic::Count => Figure::Count(n),
            _ => Figure::Float(nearest_f64(numerator, denominator * PICOS)),
        };
        (Some(figure), Some(holds_ratio(test, numerator, denominator)))
    }
}

/// The float nearest to `numerator / denominator` (`denominator` > 0):
/// the quotient written out to 40 decimals by long division, with a last
/// digit that says whether anything remained, then read by Rust's
/// correctly rounded parser. Dividing floats would round three times, and
/// shards could then print different last digits for the same exact value.
pub(crate) fn nearest_f64(numerator: i128, denominator: i128) -> f64 {
    use std::fmt::Write as _;
    // Usual case: once reduced, both fit a float's 53 bits exactly, and
    // one float division rounds once. (Values are in trillionths, so the
    // 10^12 of the denominator mostly cancels.)
    const EXACT: u128 = 1 << 53;
    let divisor = gcd(numerator.unsigned_abs(), denominator as u128).max(1);
    let (n, d) = (numerator.unsigned_abs() / divisor, denominator as u128 / divisor);
    if n < EXACT && d < EXACT {
        let quotient = n as f64 / d as f64;
        return if numerator < 0 { -quotient } else { quotient };
    }
    let (whole, mut rest) =
        (numerator.unsigned_abs() / denominator as u128, numerator.unsigned_abs() % denominator as u128);
    let mut text = String::with_capacity(64);
    let _ = write!(text, "{}{whole}.", if numerator < 0 { "-" } else { "" });
    for _ in 0..40 {
        rest *= 10;
        text.push(char::from(b'0' + (rest / denominator as u128) as u8));
        rest %= denominator as u128;
    }
    if rest != 0 {
        text.push('1');
    }
    text.parse().unwrap_or(f64::NAN)
}

/// Greatest common divisor (binary algorithm: shifts, no division).
fn gcd(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// A sum of `i128` values that cannot overflow: the `i128` part wraps and
/// the wraps are counted, so the sum is `wraps × 2^128 + low` exactly.
/// Values are at most about 10^32 (15 + 9 digits of days in trillionths of
/// a second), so a plain `i128` would overflow after about two million of
/// the largest; with this it never does, and sums of any realistic values
/// never wrap at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ExactSum {
    pub(crate) low: i128,
    pub(crate) wraps: i64,
}

impl ExactSum {
    #[inline]
    pub fn add(&mut self, v: i128) {
        let (low, wrapped) = self.low.overflowing_add(v);
        self.low = low;
        if wrapped {
            self.wraps += if v > 0 { 1 } else { -1 };
        }
    }

    pub fn merge(&mut self, other: ExactSum) {
        self.add(other.low);
        self.wraps += other.wraps;
    }

    /// The sum, when it fits an `i128`.
    pub fn exact(self) -> Option<i128> {
        (self.wraps == 0).then_some(self.low)
    }

    pub fn to_f64(self) -> f64 {
        self.wraps as f64 * 2f64.powi(128) + self.low as f64
    }
}

/// Does a value in trillionths, known only as a float, meet the test?
fn holds_float(test: &Test, value: f64) -> bool {
    let Test::Value { op, low, high } = *test else { return false };
    let cmp = |bound: Bound| value.total_cmp(&(bound.to_f64() * PICOS as f64));
    op.accepts(cmp(low), || cmp(high))
}

/// Does `numerator / denominator` (trillionths, denominator > 0) meet
/// the test? Exact: the two fractions are compared without multiplying
/// them out, so nothing can overflow.
pub(crate) fn holds_ratio(test: &Test, numerator: i128, denominator: i128) -> bool {
    let Test::Value { op, low, high } = *test else { return false };
    let cmp = |bound: Bound| cmp_fractions(numerator, denominator, bound.numerator, 10i128.pow(bound.scale));
    op.accepts(cmp(low), || cmp(high))
}

/// Compares `a / b` with `c / d` exactly (`b`, `d` > 0), by comparing whole
/// parts and then the reciprocals of the remainders, as in Euclid's
/// algorithm: no product is ever formed.
pub(crate) fn cmp_fractions(mut a: i128, mut b: i128, mut c: i128, mut d: i128) -> Ordering {
    // `flip` is true when the fractions now compared are the reciprocals
    // of the original remainders, which reverses the order.
    let mut flip = false;
    loop {
        let (whole_ab, rest_ab) = (a.div_euclid(b), a.rem_euclid(b));
        let (whole_cd, rest_cd) = (c.div_euclid(d), c.rem_euclid(d));
        let order = match (whole_ab.cmp(&whole_cd), rest_ab, rest_cd) {
            (Ordering::Equal, 0, 0) => Ordering::Equal,
            (Ordering::Equal, 0, _) => Ordering::Less,
            (Ordering::Equal, _, 0) => Ordering::Greater,
            (Ordering::Equal, _, _) => {
                // rest_ab / b vs rest_cd / d is the reverse of
                // b / rest_ab vs d / rest_cd.
                (a, b, c, d) = (b, rest_ab, d, rest_cd);
                flip = !flip;
                continue;
            }
            (unequal, _, _) => unequal,
        };
        return if flip { order.reverse() } else { order };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_compare_exactly_without_overflow() {
        use Ordering::*;
        assert_eq!(cmp_fractions(1, 3, 333, 1000), Greater);
        assert_eq!(cmp_fractions(2, 6, 1, 3), Equal);
        assert_eq!(cmp_fractions(-1, 3, -333, 1000), Less);
        assert_eq!(cmp_fractions(7, 1, 7, 1), Equal);
        // Products of these would overflow an i128.
        let big = i128::MAX / 3;
        assert_eq!(cmp_fractions(big, big - 1, big - 1, big - 2), Less);
        assert_eq!(cmp_fractions(big, big - 1, big, big - 1), Equal);
        assert_eq!(cmp_fractions(big - 1, big, big - 2, big - 1), Greater);
    }

    #[test]
    fn ratios_round_once_to_the_nearest_float() {
        assert_eq!(nearest_f64(1, 3), 1.0 / 3.0);
        assert_eq!(nearest_f64(-2, 3), -2.0 / 3.0);
        assert_eq!(nearest_f64(3_599_999_424_000_000, PICOS), 3599.999424);
        // 0.1 + 0.2 as exact decimals is 0.3, the float nearest to it.
        assert_eq!(nearest_f64(3, 10), 0.3);
        // Past 2^53 a float division would round its operands first.
        assert_eq!(nearest_f64(i128::from(u64::MAX), 1), 18446744073709551615.0);
        // Both paths: reduced to small numbers, and not reducible.
        assert_eq!(nearest_f64(600 * PICOS * 7, 7 * PICOS), 600.0);
        let (big, odd) = ((1i128 << 100) + 1, (1i128 << 90) + 7);
        assert_eq!(nearest_f64(big, odd), ((1u128 << 100) + 1) as f64 / ((1u128 << 90) + 7) as f64);
        assert_eq!((gcd(12, 18), gcd(0, 5), gcd(7, 0), gcd(1 << 70, 1 << 65)), (6, 5, 7, 1 << 65));
    }

    #[test]
    fn sums_never_overflow() {
        let mut sum = ExactSum::default();
        for _ in 0..4 {
            sum.add(i128::MAX);
        }
        assert_eq!(sum.exact(), None);
        for _ in 0..4 {
            sum.add(-i128::MAX);
        }
        assert_eq!(sum.exact(), Some(0));
        let (mut a, mut b) = (ExactSum::default(), ExactSum::default());
        a.add(i128::MAX);
        b.add(i128::MAX);
        b.add(-5);
        a.merge(b);
        a.add(-i128::MAX);
        a.add(-i128::MAX);
        assert_eq!(a.exact(), Some(-5));
    }
}
