//! Turning a standard's results into its part of the scorecard: pending
//! items settled at `as_of`, values and `passed`, window labels and the
//! order of SPEC §8; and keeping rejections in reading order.

use super::accumulate::{Accumulator, Compliance};
use super::group::{self, Group, Groups};
use super::judge::open_verdict;
use super::{window, Results, MAX_LISTED_REJECTIONS, NO_WINDOW};
use crate::plan::{CompiledStandard, Evaluation, PlanInner, Verdict};
use crate::scorecard::{Counts, Rejection, ResultRow, StandardCard};

/// What the scorecard prints for each group and window of one standard,
/// worked out once when the group or window is first seen: decoding a
/// group, labelling a window and finding an hour's start are the costly
/// parts of a row, and a live scorecard asked for every thousand records
/// would otherwise repeat them all each time.
#[derive(Clone, Debug, Default)]
pub(super) struct Labels {
    /// By group id.
    groups: Vec<Option<Group>>,
    /// By window key: its label and the instant it starts.
    windows: rustc_hash::FxHashMap<i64, (String, i64)>,
}

impl Labels {
    /// Notes a new result's group and window.
    pub fn note(&mut self, plan: &PlanInner, standard: &CompiledStandard, groups: &Groups, window: i64, group: u32) {
        let at = group as usize;
        if self.groups.len() <= at {
            self.groups.resize(at + 1, None);
        }
        if self.groups[at].is_none() {
            self.groups[at] = Some(decode_group(standard, groups, group));
        }
        if let (Some((period, _)), true) = (standard.window, window != NO_WINDOW) {
            self.windows.entry(window).or_insert_with(|| {
                (window::window_label(period, window), window::window_start(period, window, &plan.zone))
            });
        }
    }

    fn group(&self, standard: &CompiledStandard, groups: &Groups, group: u32) -> Group {
        match self.groups.get(group as usize) {
            Some(Some(known)) => known.clone(),
            _ => decode_group(standard, groups, group),
        }
    }

    fn window(&self, plan: &PlanInner, period: crate::standard::Period, window: i64) -> (String, i64) {
        match self.windows.get(&window) {
            Some(known) => known.clone(),
            None => (window::window_label(period, window), window::window_start(period, window, &plan.zone)),
        }
    }
}

fn decode_group(standard: &CompiledStandard, groups: &Groups, group: u32) -> Group {
    let values = group::decode(groups.key(group));
    Group(standard.grouping_names.iter().cloned().zip(values).collect())
}

/// A standard's part of the scorecard.
pub(super) fn card(
    plan: &PlanInner,
    standard: &CompiledStandard,
    results: &Results,
    as_of: Option<i64>,
) -> StandardCard {
    let period = standard.window.map(|(period, _)| period);
    // Window keys do not all sort like start times (hour keys hold a
    // nominal start and an offset), so rows are sorted by each window's
    // start (worked out once, in `Labels`).
    let mut rows: Vec<((i64, i64), ResultRow)> = results
        .cells
        .iter()
        .map(|(&(window, group), cell)| {
            let group = results.labels.group(standard, &results.groups, group);
            let (label, start) = match period {
                Some(period) if window != NO_WINDOW => {
                    let (label, start) = results.labels.window(plan, period, window);
                    (Some(label), start)
                }
                // `null` first: no real window starts at i64::MIN.
                _ => (None, i64::MIN),
            };
            ((start, window), row(plan, standard, cell, as_of, label, group))
        })
        .collect();
    if rows.is_empty() && standard.window.is_none() && standard.grouping.is_empty() {
        // SPEC §7: a standard with neither window nor grouping always has
        // exactly one result; with no records its value and `passed` are
        // null.
        let empty = Accumulator::new(&standard.evaluation);
        rows.push(((i64::MIN, NO_WINDOW), row(plan, standard, &empty, as_of, None, Group::default())));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.group.spec_cmp(&b.1.group)));
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
        results: rows.into_iter().map(|(_, row)| row).collect(),
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
        (Accumulator::Compliance(counted), Evaluation::Compliance { target, .. }) => {
            // Pending items are settled at `as_of` in a copy of the counts
            // (not of the pending list): the scorer goes on afterwards.
            let mut c = Compliance { pending: Vec::new(), ..*counted };
            for &start in &counted.pending {
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
