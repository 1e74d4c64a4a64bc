//! What each fuzz target checks, shared with `tests/fuzz_regressions.rs`
//! (which includes this file by path) so that the checked-in corpora and
//! crash reproducers are replayed through exactly the same logic by
//! `cargo test`, without libFuzzer.
//!
//! Each function panics when an invariant does not hold; libFuzzer reports
//! a panic as a crash.
#![allow(dead_code)]

use std::sync::OnceLock;

use yardstick::scorecard::ResultRow;
use yardstick::{FeedError, OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

/// The bundled example standards plus `extra.std` (percentiles, business
/// days, `per hour`, grouping, every aggregate and filter form).
const STANDARDS: [&str; 2] = [include_str!("../../../examples/contact-centre.std"), include_str!("extra.std")];

/// The standard whose population is every accepted record (subject
/// `interactions`, no filter): the accounting check counts on it.
const EVERY_RECORD: &str = "Every record";

/// A fixed `as_of`, for the pass that judges open items at once.
const AS_OF: &str = "2026-11-30T12:00:00Z";

/// The plan, compiled once per process.
fn plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = STANDARDS.join("\n");
        let standards = Standards::parse(&text).unwrap_or_else(|d| panic!("{}", d.render_plain()));
        Plan::compile(&standards).unwrap()
    })
}

/// `parse`: the parser and checker never panic, and every failure has at
/// least one rendered error.
pub fn parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Err(diagnostics) = Standards::parse(&text) {
        assert!(!diagnostics.is_empty());
        let _ = diagnostics.render_plain();
    }
}

/// `roundtrip`: whatever parses prints to text that parses back to an
/// equal value, and printing is a fixed point.
pub fn roundtrip(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(standards) = Standards::parse(text) else { return };
    let printed = standards.to_string();
    let again = Standards::parse(&printed).unwrap_or_else(|d| panic!("{printed}\n{}", d.render_plain()));
    assert_eq!(again, standards);
    assert_eq!(again.to_string(), printed);
}

/// The two input formats, fed the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ndjson,
    Csv,
}

fn scorer(on_bad_record: OnBadRecord, as_of: bool) -> Scorer {
    let as_of = as_of.then(|| AS_OF.parse().expect("a valid instant"));
    Scorer::new(plan(), ScoreOptions { as_of, on_bad_record })
}

fn feed(scorer: &mut Scorer, format: Format, data: &[u8]) -> Result<(), FeedError> {
    match format {
        Format::Ndjson => scorer.feed_ndjson(data, "fuzz"),
        Format::Csv => scorer.feed_csv(data, "fuzz"),
    }
}

/// `score_ndjson` and `score_csv`: arbitrary bytes scored in both
/// `OnBadRecord` modes. Checks that every record is accounted for, that
/// both modes agree on the first bad record, that a run with no bad
/// record is the same in both modes, and that the scorecard renders.
pub fn score(format: Format, data: &[u8]) {
    let mut skip = scorer(OnBadRecord::Skip, false);
    let skipped = feed(&mut skip, format, data);
    let mut fail = scorer(OnBadRecord::Fail, false);
    let failed = feed(&mut fail, format, data);
    let (skip_card, fail_card) = (skip.scorecard(), fail.scorecard());
    for card in [&skip_card, &fail_card] {
        check_card(card);
    }
    match (skipped, failed) {
        (Ok(()), Ok(())) => {
            assert_eq!(skip_card.records.rejected, 0, "Fail mode accepted what Skip rejected");
            assert_eq!(skip_card, fail_card, "with no bad record both modes score the same");
        }
        (Ok(()), Err(FeedError::BadRecord(bad))) => {
            assert!(bad.location.line.is_some(), "a bad record names its line: {bad}");
            assert_eq!(fail_card.records.rejected, 0);
            let first = skip_card.records.rejections.first().expect("Skip listed the record Fail stopped at");
            // Rejections of text input name their line; `record` is for input without lines.
            assert_eq!((first.line, first.record), (bad.location.line, None), "{bad}");
            assert_eq!((&first.field, &first.reason), (&bad.field, &bad.problem));
            assert_eq!(fail_card.records.read + 1, bad.location.record, "Fail stopped right at the bad record");
        }
        (Err(FeedError::Header { .. }), Err(FeedError::Header { .. })) if format == Format::Csv => {
            assert_eq!(skip_card.records.read, 0);
        }
        (s, f) => panic!("the modes disagree or a stream failed: skip {s:?}, fail {f:?}"),
    }
    if let Some(expected) = count_records(format, data) {
        assert_eq!(skip_card.records.read, expected, "every record is read, good or bad");
    }
    if format == Format::Ndjson {
        check_shards(data);
        // A parallel run costs about 2 ms of threads and chunk buffers,
        // 500 times a small sequential one: check one input in eight.
        if data.len().is_multiple_of(8) {
            check_parallel(data, &skip_card, &fail_card);
        }
    }
}

/// `feed_ndjson_parallel` gives what `feed_ndjson` gives, in both modes:
/// the same scorecard, or the same first bad record.
fn check_parallel(data: &[u8], skip_card: &Scorecard, fail_card: &Scorecard) {
    let mut skip = scorer(OnBadRecord::Skip, false);
    skip.feed_ndjson_parallel(data, "fuzz", 2).expect("Skip mode always reaches the end");
    assert_eq!(&skip.scorecard(), skip_card, "parallel and sequential Skip runs agree");
    let mut fail = scorer(OnBadRecord::Fail, false);
    let sequential = scorer(OnBadRecord::Fail, false).feed_ndjson(data, "fuzz").map_err(|e| e.to_string());
    let parallel = fail.feed_ndjson_parallel(data, "fuzz", 2).map_err(|e| e.to_string());
    assert_eq!(parallel, sequential, "parallel and sequential Fail runs stop at the same record");
    if parallel.is_ok() {
        assert_eq!(&fail.scorecard(), fail_card);
    }
}

/// The number of records in the input, counted independently of the
/// scorer: non-blank lines of NDJSON; CSV rows after the header, as a
/// flexible reader sees them. `None` when the CSV header is unreadable.
pub fn count_records(format: Format, data: &[u8]) -> Option<u64> {
    match format {
        Format::Ndjson => {
            Some(data.split(|&b| b == b'\n').filter(|line| !line.iter().all(u8::is_ascii_whitespace)).count() as u64)
        }
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(data);
            reader.byte_headers().ok()?;
            Some(reader.byte_records().count() as u64)
        }
    }
}

/// Accounting and rendering of one scorecard: read = accepted + rejected,
/// where the standard over every record has exactly the accepted records;
/// each result's population is its counts; no standard holds more records
/// than were accepted; JSON and (with `cli`) text render without panicking.
pub fn check_card(card: &Scorecard) {
    let records = &card.records;
    assert!(records.rejected <= records.read);
    let listed = records.rejected.min(yardstick::score::MAX_LISTED_REJECTIONS as u64);
    assert_eq!(records.rejections.len() as u64, listed);
    let accepted = records.read - records.rejected;
    for standard in &card.standards {
        let population: u64 = standard.results.iter().map(check_row).sum();
        // A result exists only for records, except the one result of a
        // standard with neither window nor grouping, which always exists
        // (SPEC §7): then it is the only one, without window or group.
        for row in &standard.results {
            let the_only_one = standard.results.len() == 1 && row.window.is_none() && row.group.0.is_empty();
            assert!(row.population() > 0 || the_only_one, "{}: an empty result {row:?}", standard.name);
        }
        assert!(population <= accepted, "{} holds {population} of {accepted} records", standard.name);
        if standard.name == EVERY_RECORD {
            assert_eq!(population, accepted, "read = accepted + rejected");
        }
    }
    let json: serde_json::Value = serde_json::from_str(&card.to_json()).expect("the scorecard is JSON");
    assert_eq!(json["records"]["read"], records.read);
    // The text tables need yardstick's `cli` feature.
    #[cfg(feature = "cli")]
    let _ = yardstick::scorecard::text::render(card, false);
}

/// A result's population is the sum of its counts (hits + misses + open +
/// unmeasurable, or measured + open + unmeasurable), and it is not empty.
fn check_row(row: &ResultRow) -> u64 {
    let counts = match (row.hits, row.misses, row.measured) {
        (Some(h), Some(m), None) => h + m,
        (None, None, Some(measured)) => measured,
        other => panic!("a result is either compliance or aggregate: {other:?}"),
    };
    let population = counts + row.open + row.unmeasurable;
    assert_eq!(row.population(), population);
    population
}

/// Scoring the lines in two shards and merging equals one pass (with
/// `as_of` given, and the list of rejections left aside: its line numbers
/// are per shard).
fn check_shards(data: &[u8]) {
    let cut = data.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i + 1).nth(data.len() % 7);
    let Some(cut) = cut else { return };
    let mut whole = scorer(OnBadRecord::Skip, true);
    let mut first = scorer(OnBadRecord::Skip, true);
    let mut second = scorer(OnBadRecord::Skip, true);
    whole.feed_ndjson(data, "whole").expect("Skip mode always reaches the end");
    first.feed_ndjson(&data[..cut], "first").expect("Skip mode always reaches the end");
    second.feed_ndjson(&data[cut..], "second").expect("Skip mode always reaches the end");
    first.merge(second).expect("same plan and options");
    let (mut merged, mut one) = (first.scorecard(), whole.scorecard());
    check_card(&merged);
    merged.records.rejections.clear();
    one.records.rejections.clear();
    assert_eq!(merged, one, "merged shards equal one pass");
}
