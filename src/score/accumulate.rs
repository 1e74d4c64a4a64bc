//! Accumulators: what one result (a window × group of a standard) keeps.
//!
//! Everything here is counts, exact integer sums, a minimum and maximum and
//! a percentile sketch, so memory is O(windows × groups) and two
//! accumulators of the same result merge exactly. The one exception is
//! `pending`: open items of a compliance standard whose verdict may still
//! change before `as_of` is known (see [`super::Scorer`]).

use std::cmp::Ordering;

use crate::plan::{Bound, Evaluation, Test};
use crate::record::MICROS;
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
    /// Sum of values in millionths.
    pub sum: i128,
    pub min: i64,
    pub max: i64,
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
    /// A known value for an aggregate, in millionths.
    Value(i64),
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
                sum: 0,
                min: i64::MAX,
                max: i64::MIN,
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

    fn add_value(&mut self, v: i64) {
        self.measured += 1;
        self.sum += i128::from(v);
        self.min = self.min.min(v);
        self.max = self.max.max(v);
        if v >= 9 * MICROS {
            self.promoters += 1;
        } else if v <= 6 * MICROS {
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
        self.sum += other.sum;
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
        let micros = i128::from(MICROS);
        // The statistic as numerator / denominator, in millionths.
        let (numerator, denominator) = match statistic {
            Statistic::Average => (self.sum, i128::from(n)),
            Statistic::Total => (self.sum, 1),
            Statistic::Minimum => (i128::from(self.min), 1),
            Statistic::Maximum => (i128::from(self.max), 1),
            Statistic::Count => (i128::from(n) * micros, 1),
            Statistic::Nps => {
                ((i128::from(self.promoters) - i128::from(self.detractors)) * 100 * micros, i128::from(n))
            }
            Statistic::Median | Statistic::Percentile(_) => {
                let at = nearest_rank(rank.unwrap_or(crate::Decimal::from_int(50)), n);
                let value = self.quantiles.as_ref().and_then(|q| q.value_at_rank(at)).unwrap_or_default();
                (i128::from(value), 1)
            }
        };
        let figure = match statistic {
            Statistic::Count => Figure::Count(n),
            _ => Figure::Float(numerator as f64 / denominator as f64 / MICROS as f64),
        };
        (Some(figure), Some(holds_ratio(test, numerator, denominator)))
    }
}

/// Does `numerator / denominator` (millionths, denominator > 0) meet the
/// test? Exact in integers; in the unlikely case of overflow, compared as
/// floats.
pub(crate) fn holds_ratio(test: &Test, numerator: i128, denominator: i128) -> bool {
    let Test::Value { op, low, high } = *test else { return false };
    let cmp = |bound: Bound| -> Ordering {
        let left = numerator.checked_mul(10i128.pow(bound.scale));
        let right = bound.numerator.checked_mul(denominator);
        match (left, right) {
            (Some(l), Some(r)) => l.cmp(&r),
            _ => (numerator as f64 / denominator as f64).total_cmp(&(bound.to_f64())),
        }
    };
    op.accepts(cmp(low), || cmp(high))
}
