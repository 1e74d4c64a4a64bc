//! Partials across processes: saving shards, loading and merging them in
//! any order gives exactly the one-pass scorecard; every damaged, foreign
//! or unknown partial is an error, never a panic or a wrong scorecard.

mod common;

use common::records;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use rand::{Rng, SeedableRng};
use yardstick::{OnBadRecord, PartialError, Plan, ScoreOptions, Scorer, Standards};

/// Compliance with and without windows, grouping and business time (with
/// open items), and aggregates: average, p90 (exact and sketched), median,
/// NPS, count.
const STANDARDS: &str = r#"
timezone "Europe/London"
calendar office:
  mon-fri 09:00-17:30
  closed 2026-03-30
standard "a": calls answered within 20 seconds 80% of the time per hour by team
standard "b": calls answered within 3 rings 95% of the time per day
standard "c": emails responded within 2 business hours on office 90% of the time per week by team
standard "d": average csat for chats at least 4 per day by team
standard "e": p90 answer time for calls at most 30 seconds by team
standard "f": p90 wait time for interactions at most 100 seconds
standard "g": nps of nps score for chats at least 10 per month
standard "h": count answer time for interactions at least 1 per month
standard "i": emails responded within 1 business day on office 50% of the time
standard "j": median answer time for calls at most 20 seconds per day of answered_at
"#;

fn plan() -> Plan {
    Plan::compile(&STANDARDS.parse::<Standards>().unwrap()).unwrap()
}

/// One NDJSON line: a few channels, timestamps around the change to summer
/// time in London, ends sometimes null (open items), numbers, groups of
/// several types, and now and then a bad record.
/// A random line: teams of more JSON types than the shards test uses
/// (a decimal and null too), ends up to eleven hours.
fn record() -> impl Strategy<Value = String> {
    records::record(vec!["\"a\"", "\"b\"", "1", "2.5", "true", "null"], 40_000).prop_map(|g| g.line)
}

fn options(as_of: bool) -> ScoreOptions {
    let as_of = as_of.then(|| "2026-04-01T12:00:00Z".parse().unwrap());
    ScoreOptions { as_of, on_bad_record: OnBadRecord::Skip }
}

/// Scores the lines `keep` says, in one source: the others are left blank,
/// so every record keeps its line number and rejections list the same.
fn scored(plan: &Plan, options: ScoreOptions, lines: &[String], keep: impl Fn(usize) -> bool) -> Scorer {
    let text: String =
        lines.iter().enumerate().map(|(i, l)| if keep(i) { format!("{l}\n") } else { "\n".into() }).collect();
    let mut scorer = Scorer::new(plan, options);
    scorer.feed_ndjson(text.as_bytes(), "interactions.ndjson").unwrap();
    scorer
}

fn saved(scorer: &Scorer) -> Vec<u8> {
    let mut bytes = Vec::new();
    scorer.save_partial(&mut bytes).unwrap();
    bytes
}

/// Shards records 0..n by `shard_of`, saves each, and loads and merges
/// them in `order`.
fn merged_in_order(
    plan: &Plan,
    options: ScoreOptions,
    lines: &[String],
    shard_of: &[usize],
    order: &[usize],
) -> Scorer {
    let shards = order.len();
    let parts: Vec<Vec<u8>> =
        (0..shards).map(|s| saved(&scored(plan, options, lines, |i| shard_of[i] % shards == s))).collect();
    let mut merged = Scorer::load_partial(plan, parts[order[0]].as_slice()).unwrap();
    for &s in &order[1..] {
        merged.merge_partial(parts[s].as_slice()).unwrap();
    }
    merged
}

fn shards_and_order() -> impl Strategy<Value = Vec<usize>> {
    (1usize..6).prop_flat_map(|n| Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn saved_shards_merge_to_the_one_pass_scorecard(
        lines in prop::collection::vec(record(), 0..900),
        shard_of in prop::collection::vec(0usize..6, 900),
        order in shards_and_order(),
        as_of in any::<bool>(),
    ) {
        let plan = plan();
        let options = options(as_of);
        let whole = scored(&plan, options, &lines, |_| true);
        let merged = merged_in_order(&plan, options, &lines, &shard_of, &order);
        // Rejections, `as_of`, pending open items and the latest timestamp
        // included: the JSON is the same to the byte.
        prop_assert_eq!(merged.scorecard().to_json(), whole.scorecard().to_json());
        prop_assert_eq!(merged.scorecard(), whole.scorecard());
        // A loaded partial is the scorer it was saved from.
        let reloaded = Scorer::load_partial(&plan, saved(&whole).as_slice()).unwrap();
        prop_assert_eq!(reloaded.scorecard(), whole.scorecard());
        prop_assert_eq!(saved(&reloaded), saved(&whole));
    }
}

/// Enough records for percentile sketches (more than 256 values in one
/// result), open items and rejections.
fn big_lines(n: usize, seed: u64) -> Vec<String> {
    let mut runner = proptest::test_runner::TestRunner::new_with_rng(
        ProptestConfig::default(),
        proptest::test_runner::TestRng::from_seed(proptest::test_runner::RngAlgorithm::ChaCha, &[seed as u8; 32]),
    );
    let strategy = prop::collection::vec(record(), n);
    strategy.new_tree(&mut runner).unwrap().current()
}

#[test]
fn sketched_percentiles_round_trip_and_merge() {
    let plan = plan();
    let lines = big_lines(3000, 7);
    for as_of in [false, true] {
        let whole = scored(&plan, options(as_of), &lines, |_| true);
        let text = String::from_utf8(saved(&whole)).unwrap();
        assert!(text.contains("\"sketch\":"), "the test needs a sketch");
        assert!(text.contains("\"exact\":"), "and exact values");
        if !as_of {
            assert!(text.contains("\"pending\":[1"), "and pending open items");
        }
        assert!(whole.records_rejected() > 20, "and more rejections than are listed");
        let shard_of: Vec<usize> = (0..lines.len()).map(|i| i * 7 % 3).collect();
        let merged = merged_in_order(&plan, options(as_of), &lines, &shard_of, &[2, 0, 1]);
        assert_eq!(merged.scorecard().to_json(), whole.scorecard().to_json());
    }
}

/// A small partial with a bit of everything.
fn small_partial() -> (Plan, Vec<u8>) {
    let plan = plan();
    let lines = big_lines(40, 3);
    let scorer = scored(&plan, options(false), &lines, |_| true);
    (plan, saved(&scorer))
}

#[test]
fn the_file_has_four_lines_and_a_documented_header() {
    let (plan, bytes) = small_partial();
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0], "yardstick-partial 1");
    let header: serde_json::Value = serde_json::from_str(lines[1]).unwrap();
    assert_eq!(header["fingerprint"], plan.fingerprint());
    assert_eq!(header["standards"], 10);
    assert_eq!(header["as_of"], serde_json::Value::Null);
    assert_eq!(header["on_bad_record"], "skip");
    let body: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    assert_eq!(body["read"], 40);
    assert_eq!(body["results"].as_array().unwrap().len(), 10);
    assert!(lines[3].starts_with("end ") && lines[3].len() == 20);
    assert_eq!(yardstick::score::PARTIAL_FORMAT, 1);
}

#[test]
fn every_torn_partial_is_torn() {
    let (plan, bytes) = small_partial();
    for cut in 0..bytes.len() {
        match Scorer::load_partial(&plan, &bytes[..cut]) {
            Err(PartialError::Torn) => {}
            other => panic!("cut at {cut}: {:?}", other.map(|s| s.scorecard())),
        }
    }
    assert!(Scorer::load_partial(&plan, bytes.as_slice()).is_ok());
}

#[test]
fn every_flipped_byte_is_caught() {
    let (plan, bytes) = small_partial();
    let mut rng = rand::rngs::StdRng::seed_from_u64(12);
    // Every position once, with a random change of that byte.
    for at in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[at] ^= rng.gen_range(1..=255u8);
        let result = Scorer::load_partial(&plan, damaged.as_slice());
        assert!(result.is_err(), "a change at byte {at} went unnoticed");
    }
}

#[test]
fn heavier_damage_is_an_error_or_changes_nothing() {
    let (plan, bytes) = small_partial();
    let truth = Scorer::load_partial(&plan, bytes.as_slice()).unwrap().scorecard();
    let mut rng = rand::rngs::StdRng::seed_from_u64(99);
    for _ in 0..2000 {
        let mut damaged = bytes.clone();
        for _ in 0..rng.gen_range(2..6) {
            let at = rng.gen_range(0..damaged.len());
            damaged[at] = rng.gen();
        }
        if rng.gen_bool(0.3) {
            damaged.truncate(rng.gen_range(0..damaged.len()));
        }
        if let Ok(scorer) = Scorer::load_partial(&plan, damaged.as_slice()) {
            assert_eq!(scorer.scorecard(), truth, "a damaged partial gave another scorecard");
        }
    }
}

#[test]
fn partials_of_other_standards_are_refused() {
    let (_, bytes) = small_partial();
    let other: Standards =
        r#"standard "a": calls answered within 21 seconds 80% of the time per hour by team"#.parse().unwrap();
    let other = Plan::compile(&other).unwrap();
    let error = Scorer::load_partial(&other, bytes.as_slice()).unwrap_err();
    let PartialError::OtherStandards { found, expected } = &error else { panic!("{error:?}") };
    assert_eq!(*found, plan().fingerprint());
    assert_eq!(*expected, other.fingerprint());
    let message = error.to_string();
    assert!(message.contains("made from other standards"), "{message}");
    assert!(message.contains(found.as_str()) && message.contains(expected.as_str()), "{message}");
    // The same standards laid out and spelled differently are the same.
    let respelled: Standards =
        STANDARDS.replace("within 3 rings", "within three rings").replace('\n', "\n\n").parse().unwrap();
    assert!(Scorer::load_partial(&Plan::compile(&respelled).unwrap(), bytes.as_slice()).is_ok());
    // Another time zone or calendar is another fingerprint.
    for changed in [STANDARDS.replace("Europe/London", "Europe/Paris"), STANDARDS.replace("09:00", "08:00")] {
        let changed = Plan::compile(&changed.parse::<Standards>().unwrap()).unwrap();
        assert!(matches!(Scorer::load_partial(&changed, bytes.as_slice()), Err(PartialError::OtherStandards { .. })));
    }
}

#[test]
fn unknown_versions_and_other_files_are_refused() {
    let (plan, bytes) = small_partial();
    let text = String::from_utf8(bytes).unwrap();
    let future = text.replacen("yardstick-partial 1\n", "yardstick-partial 2\n", 1);
    let error = Scorer::load_partial(&plan, future.as_bytes()).unwrap_err();
    assert!(matches!(error, PartialError::UnknownVersion { found: 2, supported: 1 }), "{error:?}");
    assert!(error.to_string().contains("format version 2"), "{error}");
    // A later format may change everything after its first line.
    let error = Scorer::load_partial(&plan, "yardstick-partial 17\nanything at all".as_bytes()).unwrap_err();
    assert!(matches!(error, PartialError::UnknownVersion { found: 17, .. }), "{error:?}");
    let data = std::fs::read("examples/data/interactions.ndjson").unwrap();
    assert!(matches!(Scorer::load_partial(&plan, data.as_slice()), Err(PartialError::NotAPartial)));
    assert!(matches!(
        Scorer::load_partial(&plan, "yardstick-partial x\n".as_bytes()),
        Err(PartialError::Corrupt { .. })
    ));
}

#[test]
fn partials_scored_with_other_options_do_not_merge() {
    let plan = plan();
    let lines = big_lines(30, 5);
    let mut latest = scored(&plan, options(false), &lines, |_| true);
    let given = saved(&scored(&plan, options(true), &lines, |_| true));
    let error = latest.merge_partial(given.as_slice()).unwrap_err();
    assert!(matches!(error, PartialError::DifferentOptions { .. }), "{error:?}");
    assert!(error.to_string().contains("--as-of 2026-04-01T12:00:00Z, --on-bad-record skip"), "{error}");
    // Nothing was merged.
    assert_eq!(latest.records_read(), 30);
    // Loaded alone it keeps its own options.
    let loaded = Scorer::load_partial(&plan, given.as_slice()).unwrap();
    assert_eq!(loaded.as_of(), Some("2026-04-01T12:00:00Z".parse().unwrap()));
}

/// FNV-1a, as the format documents it.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// A partial whose body `change` edited, with a hash that matches: what a
/// forger (or a very unlucky disk) would make.
fn resigned(bytes: &[u8], change: impl Fn(&mut serde_json::Value)) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut body: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
    change(&mut body);
    let signed = format!("{}\n{}\n{}\n", lines[0], lines[1], serde_json::to_string(&body).unwrap());
    format!("{signed}end {:016x}\n", fnv1a64(signed.as_bytes())).into_bytes()
}

/// The first cell of an aggregate standard with measured values.
fn measured_cell(body: &mut serde_json::Value, standard: usize) -> &mut serde_json::Value {
    let cells = body["results"][standard]["cells"]["aggregate"].as_array_mut().unwrap();
    cells.iter_mut().find(|c| c["measured"].as_u64() > Some(0)).unwrap()
}

fn first_cell<'a>(body: &'a mut serde_json::Value, standard: usize, kind: &str) -> &'a mut serde_json::Value {
    &mut body["results"][standard]["cells"][kind][0]
}

#[test]
fn a_resigned_partial_that_breaks_an_invariant_is_corrupt() {
    let plan = plan();
    let lines = big_lines(1200, 9);
    let scorer = scored(&plan, options(false), &lines, |_| true);
    let bytes = saved(&scorer);
    // Re-signing alone changes nothing.
    let same = resigned(&bytes, |_| {});
    assert_eq!(Scorer::load_partial(&plan, same.as_slice()).unwrap().scorecard(), scorer.scorecard());
    type Change = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, &str, Change)> = vec![
        (
            "more rejected than read",
            "rejected 1201 records of 1200 read",
            Box::new(|b| b["rejected"] = (b["read"].as_u64().unwrap() + 1).into()),
        ),
        (
            "a group out of range",
            "result of group 99",
            Box::new(|b| first_cell(b, 0, "compliance")["group"] = 99.into()),
        ),
        (
            "a group twice",
            "has a group twice",
            Box::new(|b| {
                let groups = b["results"][0]["groups"].as_array_mut().unwrap();
                let first = groups[0].clone();
                groups.push(first);
            }),
        ),
        ("a malformed group key", "group key ends inside", Box::new(|b| b["results"][0]["groups"][0] = "05ff".into())),
        (
            "a key with too many fields",
            "a group of 2 values",
            Box::new(|b| b["results"][0]["groups"][0] = "0000".into()),
        ),
        ("not hex", "expected lowercase hex digits", Box::new(|b| b["results"][0]["groups"][0] = "zz".into())),
        (
            "a window on a standard without one",
            "has no window, but a result has one",
            Box::new(|b| first_cell(b, 4, "aggregate")["window"] = 20000.into()),
        ),
        (
            "an impossible window",
            "a window no instant is in",
            Box::new(|b| first_cell(b, 1, "compliance")["window"] = i64::MAX.into()),
        ),
        (
            "the wrong kind",
            "results of the wrong kind",
            Box::new(|b| {
                b["results"][0]["cells"] = b["results"][3]["cells"].clone();
            }),
        ),
        (
            "cells of another kind",
            "unknown field `hits`",
            Box::new(|b| {
                let cells = b["results"][0]["cells"]["compliance"].take();
                b["results"][0]["cells"] = serde_json::json!({ "aggregate": cells });
            }),
        ),
        (
            "more counted than accepted",
            "but only",
            Box::new(|b| first_cell(b, 1, "compliance")["hits"] = 1_000_000.into()),
        ),
        (
            "two cells for one window and group",
            "two results for one window and group",
            Box::new(|b| {
                let cells = b["results"][1]["cells"]["compliance"].as_array_mut().unwrap();
                let first = cells[0].clone();
                cells.push(first);
            }),
        ),
        (
            "a minimum above the maximum",
            "minimum above its maximum",
            Box::new(|b| measured_cell(b, 3)["min"] = "99000000000000".into()),
        ),
        (
            "percentile values for a mean",
            "percentile values where it needs none",
            Box::new(|b| first_cell(b, 3, "aggregate")["quantiles"] = serde_json::json!({"exact": []})),
        ),
        (
            "too few percentile values",
            "values for percentiles of",
            Box::new(|b| {
                first_cell(b, 4, "aggregate")["quantiles"]["exact"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "a sketch that does not add up",
            "percentile buckets of",
            Box::new(|b| {
                let sketch = &mut b["results"][5]["cells"]["aggregate"][0]["quantiles"]["sketch"];
                sketch["zero"] = (sketch["zero"].as_u64().unwrap() + 1).into();
            }),
        ),
        (
            "buckets out of range",
            "buckets out of range",
            Box::new(|b| {
                b["results"][5]["cells"]["aggregate"][0]["quantiles"]["sketch"]["positive"]["offset"] = 100_000.into();
            }),
        ),
        (
            "a number that is not a number",
            "expected a whole number as a decimal string",
            Box::new(|b| first_cell(b, 3, "aggregate")["sum"] = "12x".into()),
        ),
        (
            "a number as a JSON number",
            "expected a whole number as a decimal string",
            Box::new(|b| first_cell(b, 3, "aggregate")["sum"] = 12.into()),
        ),
        ("an unknown field", "unknown field `extra`", Box::new(|b| b["extra"] = true.into())),
        (
            "a missing standard",
            "results for 9 standards, not 10",
            Box::new(|b| {
                b["results"].as_array_mut().unwrap().pop();
            }),
        ),
        ("a renamed standard", "is called \"z\", not \"a\"", Box::new(|b| b["results"][0]["standard"] = "z".into())),
    ];
    for (what, expected, change) in cases {
        let damaged = resigned(&bytes, change);
        match Scorer::load_partial(&plan, damaged.as_slice()) {
            Err(PartialError::Corrupt { reason }) => assert!(reason.contains(expected), "{what}: {reason}"),
            other => panic!("{what}: {:?}", other.map(|s| s.scorecard())),
        }
    }
    // The sketch case above really had a sketch.
    assert!(String::from_utf8(bytes).unwrap().contains("\"sketch\""));
}

#[test]
fn an_empty_scorer_round_trips() {
    let plan = plan();
    for as_of in [false, true] {
        let empty = Scorer::new(&plan, options(as_of));
        let loaded = Scorer::load_partial(&plan, saved(&empty).as_slice()).unwrap();
        assert_eq!(loaded.scorecard(), empty.scorecard());
    }
}
