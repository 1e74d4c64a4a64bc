//! Turning a standard's results into its part of the scorecard: pending
//! items settled at `as_of`, values and `passed`, window labels and the
//! order of SPEC §8; and keeping rejections in reading order.

use super::accumulate::Accumulator;
use super::group::{self, Group};
use super::judge::open_verdict;
use super::{window, Results, MAX_LISTED_REJECTIONS, NO_WINDOW};
use crate::plan::{CompiledStandard, Evaluation, PlanInner, Verdict};
use crate::scorecard::{Counts, Rejection, ResultRow, StandardCard};

/// A standard's part of the scorecard.
pub(super) fn card(
    plan: &PlanInner,
    standard: &CompiledStandard,
    results: &Results,
    as_of: Option<i64>,
) -> StandardCard {
    let period = standard.window.map(|(period, _)| period);
    // Window keys do not all sort like start times (hour keys hold a
    // nominal start and an offset), so each distinct window's start is
    // worked out once and the rows are sorted by it.
    let mut starts: rustc_hash::FxHashMap<i64, i64> = rustc_hash::FxHashMap::default();
    let mut rows: Vec<((i64, i64), Group, ResultRow)> = results
        .cells
        .iter()
        .map(|(&(window, group), cell)| {
            let values = group::decode(results.groups.key(group));
            let group = Group(standard.grouping_names.iter().cloned().zip(values).collect());
            let (label, start) = match period {
                Some(period) if window != NO_WINDOW => (
                    Some(window::window_label(period, window)),
                    *starts.entry(window).or_insert_with(|| window::window_start(period, window, &plan.zone)),
                ),
                // `null` first: no real window starts at i64::MIN.
                _ => (None, i64::MIN),
            };
            ((start, window), group.clone(), row(plan, standard, cell, as_of, label, group))
        })
        .collect();
    if rows.is_empty() && standard.window.is_none() && standard.grouping.is_empty() {
        // SPEC §7: a standard with neither window nor grouping always has
        // exactly one result; with no records its value and `passed` are
        // null.
        let empty = Accumulator::new(&standard.evaluation);
        rows.push((
            (i64::MIN, NO_WINDOW),
            Group::default(),
            row(plan, standard, &empty, as_of, None, Group::default()),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.spec_cmp(&b.1)));
    let kind = match standard.evaluation {
        Evaluation::Compliance { .. } => "compliance",
        Evaluation::Aggregate { .. } => "aggregate",
    };
    StandardCard {
        name: standard.name.clone(),
        canonical: standard.canonical.clone(),
        kind,
        target: standard.target.clone(),
        unit: standard.unit,
        results: rows.into_iter().map(|(_, _, row)| row).collect(),
    }
}

fn row(
    plan: &PlanInner,
    standard: &CompiledStandard,
    cell: &Accumulator,
    as_of: Option<i64>,
    window: Option<String>,
    group: Group,
) -> ResultRow {
    let (counts, figure, passed) = match (cell, &standard.evaluation) {
        (Accumulator::Compliance(c), Evaluation::Compliance { target, .. }) => {
            let mut c = c.clone();
            for &start in &c.pending {
                match as_of.map_or(Verdict::Open, |t| open_verdict(plan, standard, start, t)) {
                    Verdict::Hit => c.hits += 1,
                    Verdict::Miss => c.misses += 1,
                    Verdict::Open => c.open += 1,
                }
            }
            let (figure, passed) = c.judge(target);
            (
                Counts::Compliance { hits: c.hits, misses: c.misses, open: c.open, unmeasurable: c.unmeasurable },
                figure,
                passed,
            )
        }
        (Accumulator::Aggregate(a), Evaluation::Aggregate { statistic, rank, test }) => {
            let (figure, passed) = a.judge(statistic, *rank, test);
            (Counts::Aggregate { measured: a.measured, open: a.open, unmeasurable: a.unmeasurable }, figure, passed)
        }
        _ => unreachable!("accumulators are made from their standard's evaluation"),
    };
    ResultRow::new(window, group, counts, figure, passed)
}

/// Puts rejections in reading order — by source (in order of first
/// appearance), then line or position — and keeps the first ones. Shards
/// of one file each list their first rejections in line order, so the
/// first of all of them are among these.
pub(super) fn sort_rejections(rejections: &mut Vec<Rejection>) {
    let mut sources: Vec<Option<String>> = Vec::new();
    let mut keys: Vec<(usize, u64, u64)> = Vec::with_capacity(rejections.len());
    for r in rejections.iter() {
        let rank = match sources.iter().position(|s| *s == r.source) {
            Some(i) => i,
            None => {
                sources.push(r.source.clone());
                sources.len() - 1
            }
        };
        keys.push((rank, r.line.unwrap_or(0), r.record.unwrap_or(0)));
    }
    let mut order: Vec<usize> = (0..rejections.len()).collect();
    order.sort_by_key(|&i| keys[i]);
    order.truncate(MAX_LISTED_REJECTIONS);
    *rejections = order.into_iter().map(|i| rejections[i].clone()).collect();
}
