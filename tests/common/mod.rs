//! Helpers for scoring tests: score text against NDJSON lines and look at
//! the scorecard as JSON (which also checks the SPEC §8 format).

#![allow(dead_code)]

pub mod records;

use serde_json::{json, Value};
use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

/// Scores NDJSON text; panics on bad records (tests of bad records use the
/// scorer directly).
pub fn score(standards: &str, ndjson: &str, as_of: Option<&str>) -> Value {
    serde_json::to_value(scorecard(standards, ndjson, as_of)).unwrap()
}

/// Scores NDJSON text into a scorecard.
pub fn scorecard(standards: &str, ndjson: &str, as_of: Option<&str>) -> Scorecard {
    let standards: Standards =
        standards.parse().unwrap_or_else(|d: yardstick::Diagnostics| panic!("{}", d.render_plain()));
    let as_of = as_of.map(|t| chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc());
    let mut scorer =
        Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions { as_of, on_bad_record: OnBadRecord::Fail });
    scorer.feed_ndjson(ndjson.as_bytes(), "test").unwrap();
    scorer.scorecard()
}

/// The results of the standard with this name.
pub fn results<'a>(card: &'a Value, name: &str) -> &'a Vec<Value> {
    card["standards"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no standard {name}"))["results"]
        .as_array()
        .unwrap()
}

/// A compliance result as (window, hits, misses, open, unmeasurable, value, passed).
pub fn compliance(row: &Value) -> Value {
    json!([row["window"], row["hits"], row["misses"], row["open"], row["unmeasurable"], row["value"], row["passed"]])
}

/// An aggregate result as (window, measured, open, unmeasurable, value, passed).
pub fn aggregate(row: &Value) -> Value {
    json!([row["window"], row["measured"], row["open"], row["unmeasurable"], row["value"], row["passed"]])
}

/// The only result of a standard.
pub fn only<'a>(card: &'a Value, name: &str) -> &'a Value {
    let rows = results(card, name);
    assert_eq!(rows.len(), 1, "{name}: {rows:#?}");
    &rows[0]
}
