//! Correctness at the edges (SPEC §4, §6, §7): exact decimal numbers, big
//! numbers, integers past 64 bits as groups, items that start after
//! `as_of`, standards with no records, and comparisons across types. Every
//! expected number is worked out by hand in the comment above it.

mod common;

use common::{aggregate, compliance, only, results, score};
use serde_json::json;
use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorer, Standards};

/// A `days` field of 0.04166666 is 0.04166666 × 86,400 = 3,599.999424 s:
/// within 1 hour (3,600 s), not rounded up past it.
#[test]
fn a_fraction_of_a_day_is_exact_in_seconds() {
    let standards = r#"
        measure fix time = fix_days days
        standard "within": tickets fix time within 1 hour always
        standard "under": tickets fix time under 3599.999424 seconds always
        standard "average": average fix time for tickets at most 3599.999424 seconds
    "#;
    let card = score(standards, "{\"fix_days\": 0.04166666}\n", None);
    assert_eq!(compliance(only(&card, "within")), json!([null, 1, 0, 0, 0, 1.0, true]));
    // Exactly 3,599.999424 s is not under 3,599.999424 s.
    assert_eq!(compliance(only(&card, "under")), json!([null, 0, 1, 0, 0, 0.0, false]));
    assert_eq!(aggregate(only(&card, "average")), json!([null, 1, 0, 0, 3599.999424, true]));
}

/// Numbers past the old limit of 10^8 score, and billionths add up exactly:
/// 100,000,000.25 + 0.000000001 = 100,000,000.250000001 s, one billionth
/// over 100,000,000.25 s. As floats both would be 100,000,000.25.
#[test]
fn big_numbers_and_billionths_sum_exactly() {
    let standards = r#"
        standard "at most": total handle time for calls at most 100000000.25 seconds
        standard "over": total handle time for calls over 100000000.25 seconds
        standard "average": average handle time for calls over 50000000.125 seconds
    "#;
    let data = "{\"channel\":\"phone\",\"handle_seconds\":100000000.25}\n\
                {\"channel\":\"phone\",\"handle_seconds\":0.000000001}\n";
    let card = score(standards, data, None);
    assert_eq!(aggregate(only(&card, "at most")), json!([null, 2, 0, 0, 100000000.25, false]));
    assert_eq!(aggregate(only(&card, "over")), json!([null, 2, 0, 0, 100000000.25, true]));
    // The average, 50,000,000.1250000005 s, is over 50,000,000.125 s.
    assert_eq!(aggregate(only(&card, "average"))[5], json!(true));
}

/// 2^65 = 36893488147419103232 and 2^65 + 1 are one float apart from
/// nothing: as floats they are the same number. As groups they stay two,
/// and print with every digit. `7` and `7.0` are one group (one value).
#[test]
fn integers_past_64_bits_keep_their_groups() {
    let data = "{\"channel\":\"phone\",\"rings\":1,\"customer\":36893488147419103232}\n\
                {\"channel\":\"phone\",\"rings\":5,\"customer\":36893488147419103233}\n\
                {\"channel\":\"phone\",\"rings\":2,\"customer\":7}\n\
                {\"channel\":\"phone\",\"rings\":9,\"customer\":7.0}\n";
    let standards = r#"standard "s": calls answered within 3 rings always by customer"#;
    let card = yardstick_json(standards, data);
    // Groups sort as numbers: 7 < 2^65 < 2^65 + 1.
    let expected = [
        r#""group": {
            "customer": 7
          },
          "hits": 1,
          "misses": 1"#,
        r#""group": {
            "customer": 36893488147419103232
          },
          "hits": 1,
          "misses": 0"#,
        r#""group": {
            "customer": 36893488147419103233
          },
          "hits": 0,
          "misses": 1"#,
    ];
    let mut from = 0;
    for part in expected {
        let at = card[from..].find(part).unwrap_or_else(|| panic!("{part} not after {from} in {card}"));
        from += at + part.len();
    }
    let json: serde_json::Value = serde_json::from_str(&card).unwrap();
    assert_eq!(results(&json, "s").len(), 3);
}

fn yardstick_json(standards: &str, ndjson: &str) -> String {
    let standards: Standards = standards.parse().unwrap();
    let mut scorer = Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions::default());
    scorer.feed_ndjson(ndjson.as_bytes(), "test").unwrap();
    scorer.scorecard().to_json()
}

/// CSV has no types: a cell used for grouping is its text (SPEC §4), so
/// `007` and `7` are two groups, both strings.
#[test]
fn csv_groups_are_strings() {
    let standards: Standards = r#"standard "s": calls answered within 3 rings always by customer"#.parse().unwrap();
    let mut scorer = Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions::default());
    scorer.feed_csv(&b"channel,rings,customer\nphone,1,007\nphone,2,7\nphone,3,7\n"[..], "t.csv").unwrap();
    let card: serde_json::Value = serde_json::to_value(scorer.scorecard()).unwrap();
    let groups: Vec<_> =
        results(&card, "s").iter().map(|r| (r["group"]["customer"].clone(), r["hits"].clone())).collect();
    // Strings in byte order: "007" < "7".
    assert_eq!(groups, [(json!("007"), json!(1)), (json!("7"), json!(2))]);
}

/// SPEC §7: an item that starts after `as_of` has elapsed time 0. A ticket
/// created at 12:00 and judged at 10:00 has run 0 s, which is "at least 0
/// seconds" (a hit) and "within 1 hour" so far (open) — not −2 hours.
#[test]
fn an_item_that_starts_after_as_of_has_run_for_no_time() {
    let standards = r#"
        standard "at least": tickets resolved at least 0 seconds always
        standard "within": tickets resolved within 1 hour always
        standard "business": tickets resolved at least 0 business minutes on office always
        calendar office:
          mon-sun 00:00-24:00
    "#;
    let data = "{\"created_at\":\"2026-11-23T12:00:00Z\",\"resolved_at\":null}\n";
    let card = score(standards, data, Some("2026-11-23T10:00:00Z"));
    assert_eq!(compliance(only(&card, "at least")), json!([null, 1, 0, 0, 0, 1.0, true]));
    assert_eq!(compliance(only(&card, "within")), json!([null, 0, 0, 1, 0, null, null]));
    // Business time was already clamped; wall-clock time now agrees with it.
    assert_eq!(compliance(only(&card, "business")), json!([null, 1, 0, 0, 0, 1.0, true]));
}

/// SPEC §7: a standard with neither window nor grouping always has exactly
/// one result, even with no records; standards with a window or grouping
/// have none.
#[test]
fn a_standard_with_no_records_has_one_null_result() {
    let standards = r#"
        standard "share": chats answered within 20 seconds 80% of the time
        standard "average": average csat for chats at least 4
        standard "daily": chats answered within 20 seconds 80% of the time per day
        standard "by team": chats answered within 20 seconds 80% of the time by team
    "#;
    let card = score(standards, "{\"channel\":\"phone\",\"csat\":5}\n", None);
    assert_eq!(
        results(&card, "share"),
        &vec![json!({"window": null, "group": {}, "hits": 0, "misses": 0, "open": 0, "unmeasurable": 0,
                     "value": null, "passed": null})]
    );
    assert_eq!(
        results(&card, "average"),
        &vec![json!({"window": null, "group": {}, "measured": 0, "open": 0, "unmeasurable": 0,
                     "value": null, "passed": null})]
    );
    assert!(results(&card, "daily").is_empty());
    assert!(results(&card, "by team").is_empty());
}

/// SPEC §6: `<`, `<=`, `>`, `>=` between a number and another type are
/// false, so their negation holds; `is not` holds for a present value of
/// another type.
#[test]
fn numbers_and_other_types_are_never_ordered() {
    let standards = r#"
        standard "lt": calls greeted by name always where wait_seconds < 5
        standard "ge": calls greeted by name always where wait_seconds >= 5
        standard "not lt": calls greeted by name always where not wait_seconds < 5
        standard "is not": calls greeted by name always where wait_seconds is not 3
    "#;
    // One record whose wait_seconds is the text "3", one whose is true.
    let data = "{\"channel\":\"phone\",\"greeted_by_name\":true,\"wait_seconds\":\"3\"}\n\
                {\"channel\":\"phone\",\"greeted_by_name\":true,\"wait_seconds\":true}\n";
    let card = score(standards, data, None);
    let hits = |name: &str| only(&card, name)["hits"].clone();
    assert_eq!(hits("lt"), json!(0));
    assert_eq!(hits("ge"), json!(0));
    assert_eq!(hits("not lt"), json!(2));
    assert_eq!(hits("is not"), json!(2));
}

/// Numbers outside SPEC §4's range are bad records naming the field and
/// the limit, in both modes; in skip mode they are counted and listed.
#[test]
fn out_of_range_numbers_are_bad_records_in_both_modes() {
    let standards: Standards = r#"standard "s": average csat for chats at least 4"#.parse().unwrap();
    let plan = Plan::compile(&standards).unwrap();
    let data = "{\"channel\":\"chat\",\"csat\":5}\n\
                {\"channel\":\"chat\",\"csat\":1e15}\n\
                {\"channel\":\"chat\",\"csat\":4.0000000001}\n\
                {\"channel\":\"chat\",\"csat\":3}\n";
    let mut fail = Scorer::new(&plan, ScoreOptions::default());
    let error = fail.feed_ndjson(data.as_bytes(), "c.ndjson").unwrap_err();
    assert_eq!(
        error.to_string(),
        "bad record at c.ndjson, line 2, field `csat`: \"1e15\" is out of range: numbers are read exactly up to 15 \
         digits before the decimal point"
    );
    let mut skip = Scorer::new(&plan, ScoreOptions { as_of: None, on_bad_record: OnBadRecord::Skip });
    skip.feed_ndjson(data.as_bytes(), "c.ndjson").unwrap();
    let card = skip.scorecard();
    assert_eq!((card.records.read, card.records.rejected), (4, 2));
    let reasons: Vec<_> =
        card.records.rejections.iter().map(|r| (r.line, r.field.as_deref(), r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (
                Some(2),
                Some("csat"),
                "\"1e15\" is out of range: numbers are read exactly up to 15 digits before the decimal point"
            ),
            (
                Some(3),
                Some("csat"),
                "\"4.0000000001\" is out of range: numbers are read exactly up to 9 digits after the decimal point"
            ),
        ]
    );
    // The average of the two good values, 5 and 3, is 4.
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(aggregate(only(&json, "s")), json!([null, 2, 0, 0, 4.0, true]));
}
