//! Percentiles in bounded memory, mergeable exactly.
//!
//! Up to [`EXACT_LIMIT`] values are kept as they are, so small results are
//! exact. Past that, values go into logarithmic buckets (as in DDSketch):
//! bucket `i` holds magnitudes in `(γ^(i-1), γ^i]` with `γ = (1+α)/(1-α)`,
//! and its representative value is within `α` (0.5%) of every value in it,
//! so the nearest-rank percentile is within 0.5% relative error — inside
//! SPEC §7's 1%. Memory is at most a few thousand counters whatever the
//! number of values. Both forms depend only on the multiset of values, not
//! on the order they arrived in, so merging shards gives exactly what
//! scoring everything at once gives.

/// How many values are kept exactly.
pub(crate) const EXACT_LIMIT: usize = 256;
/// The relative accuracy of a bucket's representative value.
const ALPHA: f64 = 0.005;

/// The values of one result, for percentiles.
#[derive(Clone, Debug)]
pub(crate) enum Quantiles {
    Exact(Vec<i128>),
    Sketch(Box<Sketch>),
}

/// Logarithmic buckets for positive and negative values, and a zero count.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sketch {
    pub(crate) positive: Buckets,
    pub(crate) negative: Buckets,
    pub(crate) zero: u64,
    pub(crate) count: u64,
    pub(crate) min: i128,
    pub(crate) max: i128,
}

/// Dense counts for bucket indexes `offset..offset + counts.len()`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buckets {
    pub(crate) offset: i32,
    pub(crate) counts: Vec<u64>,
}

impl Default for Quantiles {
    fn default() -> Self {
        Quantiles::Exact(Vec::new())
    }
}

impl Quantiles {
    pub fn add(&mut self, value: i128) {
        match self {
            Quantiles::Exact(values) if values.len() < EXACT_LIMIT => values.push(value),
            Quantiles::Exact(values) => {
                let mut sketch = Sketch::from_values(values);
                sketch.add(value, 1);
                *self = Quantiles::Sketch(Box::new(sketch));
            }
            Quantiles::Sketch(sketch) => sketch.add(value, 1),
        }
    }

    pub fn merge(&mut self, other: Quantiles) {
        match other {
            Quantiles::Exact(values) => values.into_iter().for_each(|v| self.add(v)),
            Quantiles::Sketch(theirs) => match self {
                Quantiles::Exact(values) => {
                    let mut merged = *theirs;
                    values.iter().for_each(|&v| merged.add(v, 1));
                    *self = Quantiles::Sketch(Box::new(merged));
                }
                Quantiles::Sketch(ours) => ours.merge(&theirs),
            },
        }
    }

    /// The value at 1-based `rank` of the sorted values, or its estimate.
    pub fn value_at_rank(&self, rank: u64) -> Option<i128> {
        match self {
            Quantiles::Exact(values) => {
                let mut sorted = values.clone();
                sorted.sort_unstable();
                let i = usize::try_from(rank).ok()?.checked_sub(1)?;
                sorted.get(i.min(sorted.len().checked_sub(1)?)).copied()
            }
            Quantiles::Sketch(sketch) => sketch.value_at_rank(rank),
        }
    }
}

impl Sketch {
    fn from_values(values: &[i128]) -> Sketch {
        let mut sketch = Sketch { min: i128::MAX, max: i128::MIN, ..Sketch::default() };
        values.iter().for_each(|&v| sketch.add(v, 1));
        sketch
    }

    fn add(&mut self, value: i128, n: u64) {
        self.count += n;
        self.min = self.min.min(value);
        self.max = self.max.max(value);
        match value.cmp(&0) {
            std::cmp::Ordering::Equal => self.zero += n,
            std::cmp::Ordering::Greater => self.positive.add(index(value.unsigned_abs()), n),
            std::cmp::Ordering::Less => self.negative.add(index(value.unsigned_abs()), n),
        }
    }

    fn merge(&mut self, other: &Sketch) {
        self.count += other.count;
        self.zero += other.zero;
        self.min = self.min.min(other.min);
        self.max = self.max.max(other.max);
        self.positive.merge(&other.positive);
        self.negative.merge(&other.negative);
    }

    fn value_at_rank(&self, rank: u64) -> Option<i128> {
        if self.count == 0 {
            return None;
        }
        let rank = rank.clamp(1, self.count);
        let mut seen = 0;
        // Most negative first: the largest negative magnitudes.
        for (i, n) in self.negative.iter().rev() {
            seen += n;
            if seen >= rank {
                return Some(self.clamp(-representative(i)));
            }
        }
        seen += self.zero;
        if seen >= rank {
            return Some(0);
        }
        for (i, n) in self.positive.iter() {
            seen += n;
            if seen >= rank {
                return Some(self.clamp(representative(i)));
            }
        }
        Some(self.max)
    }

    fn clamp(&self, value: i128) -> i128 {
        value.clamp(self.min, self.max)
    }
}

impl Buckets {
    fn add(&mut self, index: i32, n: u64) {
        if self.counts.is_empty() {
            self.offset = index;
        }
        if index < self.offset {
            let grow = (self.offset - index) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = index;
        }
        let at = (index - self.offset) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        self.counts[at] += n;
    }

    fn merge(&mut self, other: &Buckets) {
        for (i, n) in other.iter() {
            self.add(i, n);
        }
    }

    /// Non-empty buckets, lowest index first.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        self.counts.iter().enumerate().filter(|(_, &n)| n > 0).map(|(at, &n)| (self.offset + at as i32, n))
    }
}

fn gamma() -> f64 {
    (1.0 + ALPHA) / (1.0 - ALPHA)
}

/// The bucket of a magnitude ≥ 1: ⌈log_γ(x)⌉.
pub(crate) fn index(magnitude: u128) -> i32 {
    ((magnitude as f64).ln() / gamma().ln()).ceil() as i32
}

/// A value within α of every magnitude in bucket `i`.
fn representative(i: i32) -> i128 {
    let g = gamma();
    (2.0 * g.powi(i) / (g + 1.0)).round() as i128
}

/// The 1-based nearest rank of percentile `p` (0 < p ≤ 100) among `n`
/// values: ⌈p/100 × n⌉, computed exactly from p's decimal digits.
pub(crate) fn nearest_rank(p: crate::Decimal, n: u64) -> u64 {
    let numerator = i128::from(p.mantissa()) * i128::from(n);
    let denominator = 100 * 10i128.pow(p.scale());
    let rank = (numerator + denominator - 1).div_euclid(denominator);
    (rank.clamp(1, i128::from(n.max(1)))) as u64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Decimal;
    use proptest::prelude::*;

    fn exact(values: &[i128], rank: u64) -> i128 {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        sorted[(rank - 1) as usize]
    }

    #[test]
    fn nearest_rank_is_exact() {
        let p = |t: &str| Decimal::parse(t).unwrap();
        assert_eq!(nearest_rank(p("50"), 4), 2);
        assert_eq!(nearest_rank(p("90"), 10), 9);
        assert_eq!(nearest_rank(p("90"), 11), 10);
        assert_eq!(nearest_rank(p("99.9"), 1000), 999);
        assert_eq!(nearest_rank(p("100"), 7), 7);
        assert_eq!(nearest_rank(p("1"), 7), 1);
    }

    #[test]
    fn small_sets_are_exact() {
        let mut q = Quantiles::default();
        for v in [5, 1, 4, 2, 3] {
            q.add(v);
        }
        assert_eq!(q.value_at_rank(3), Some(3));
    }

    proptest! {
        #[test]
        fn sketch_is_within_half_a_percent(values in prop::collection::vec(-10i128.pow(26)..10i128.pow(26), 300..2000), p in 1u32..=100) {
            let mut q = Quantiles::default();
            values.iter().for_each(|&v| q.add(v));
            let rank = nearest_rank(Decimal::from_int(i64::from(p)), values.len() as u64);
            let truth = exact(&values, rank) as f64;
            let got = q.value_at_rank(rank).unwrap() as f64;
            // The documented accuracy: within α = 0.5% (plus rounding to a whole trillionth).
            prop_assert!((got - truth).abs() <= ALPHA * truth.abs() + 1.0, "{got} vs {truth}");
        }

        #[test]
        fn merging_equals_adding(values in prop::collection::vec(0i128..1_000_000_000_000_000, 0..1200), cut in 0usize..1200) {
            let cut = cut.min(values.len());
            let (mut whole, mut left, mut right) = (Quantiles::default(), Quantiles::default(), Quantiles::default());
            values.iter().for_each(|&v| whole.add(v));
            values[..cut].iter().for_each(|&v| left.add(v));
            values[cut..].iter().for_each(|&v| right.add(v));
            left.merge(right);
            for rank in [1, values.len() as u64 / 2, values.len() as u64] {
                prop_assert_eq!(whole.value_at_rank(rank), left.value_at_rank(rank));
            }
        }
    }
}
