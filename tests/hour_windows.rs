//! Hour windows where the UTC offset changes off the hour (SPEC §8): an
//! hour window is one local clock hour at one offset, so where the offset
//! changes inside an hour each part is its own window, and results are
//! sorted by the instant each window (or part) starts. Every expected label
//! and count below is worked out by hand in the comments.

mod common;

use common::{aggregate, compliance, results, score, scorecard};
use serde_json::{json, Value};
use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorer, Standards};

fn rows(card: &Value, name: &str, view: fn(&Value) -> Value) -> Vec<Value> {
    results(card, name).iter().map(view).collect()
}

/// A compliance row with its group, as (window, team, hits, misses).
fn by_team(row: &Value) -> Value {
    json!([row["window"], row["group"]["team"], row["hits"], row["misses"], row["value"], row["passed"]])
}

/// Lord Howe moves its clocks by half an hour, at 02:00 local time.
///
/// Autumn, Sunday 2026-04-05: at 2026-04-04T15:00:00Z (02:00 +11:00) the
/// offset goes from +11:00 to +10:30 and clocks go back to 01:30, so
/// 01:30–02:00 happens twice. Windows and their UTC spans:
///
/// | label                    | UTC                 | records          |
/// |--------------------------|---------------------|------------------|
/// | 2026-04-05T00:00+11:00   | 13:00–14:00         | a1 (13:59)       |
/// | 2026-04-05T01:00+11:00   | 14:00–15:00         | a2 (14:00), a3 (14:59:59, not greeted), a7 (14:40) |
/// | 2026-04-05T01:00+10:30   | 15:00–15:30         | a4 (15:00), a5 (15:15) |
/// | 2026-04-05T02:00+10:30   | 15:30–16:30         | a6 (15:30)       |
///
/// a5 is written `01:45:00+10:30` = 15:15Z; a7 is written `01:40:00`
/// without an offset, an ambiguous local time, which takes the earlier
/// instant (SPEC §4): 01:40 +11:00 = 14:40Z. Before the fix a4 was filed
/// under the nominal start 14:30Z and labelled `01:00+11:00` from the
/// offset in force at 14:30Z: a second result with a2's label.
///
/// Spring, Sunday 2026-10-04: at 2026-10-03T15:30:00Z (02:00 +10:30) the
/// offset goes from +10:30 to +11:00 and clocks jump to 02:30:
///
/// | label                    | UTC                 | records          |
/// |--------------------------|---------------------|------------------|
/// | 2026-10-04T01:00+10:30   | 14:30–15:30         | s1 (14:30), s2 (15:29:59, not greeted) |
/// | 2026-10-04T02:00+11:00   | 15:30–16:00         | s3 (15:30), s4 (15:59), s6 (15:40) |
/// | 2026-10-04T03:00+11:00   | 16:00–17:00         | s5 (16:00)       |
///
/// s4 is written `02:59:00+11:00` = 15:59Z; s6 is written `02:10:00`, in
/// the gap, which moves forward by the gap's length to 02:40 +11:00 =
/// 15:40Z. Before the fix s3 was filed under 15:00Z and labelled
/// `01:00+10:30`, s1's label.
#[test]
fn lord_howe_half_hour_changes() {
    let standards = r#"
        timezone "Australia/Lord_Howe"
        standard "hourly": calls greeted by name always per hour
        standard "daily": calls greeted by name always per day
    "#;
    // Not in time order: the order of results must not depend on it.
    let data = [
        ("s5", "2026-10-03T16:00:00Z", true),
        ("a4", "2026-04-04T15:00:00Z", true),
        ("s2", "2026-10-03T15:29:59Z", false),
        ("a6", "2026-04-04T15:30:00Z", true),
        ("a1", "2026-04-04T13:59:00Z", true),
        ("s3", "2026-10-03T15:30:00Z", true),
        ("a5", "2026-04-05T01:45:00+10:30", true),
        ("a3", "2026-04-04T14:59:59Z", false),
        ("s6", "2026-10-04T02:10:00", true),
        ("s1", "2026-10-03T14:30:00Z", true),
        ("a2", "2026-04-04T14:00:00Z", true),
        ("a7", "2026-04-05T01:40:00", true),
        ("s4", "2026-10-04T02:59:00+11:00", true),
    ]
    .iter()
    .map(|(id, at, greeted)| {
        format!("{{\"id\":\"{id}\",\"channel\":\"phone\",\"created_at\":\"{at}\",\"greeted_by_name\":{greeted}}}\n")
    })
    .collect::<String>();
    let card = score(standards, &data, None);
    assert_eq!(
        rows(&card, "hourly", compliance),
        [
            json!(["2026-04-05T00:00+11:00", 1, 0, 0, 0, 1.0, true]),
            json!(["2026-04-05T01:00+11:00", 2, 1, 0, 0, 2.0 / 3.0, false]),
            json!(["2026-04-05T01:00+10:30", 2, 0, 0, 0, 1.0, true]),
            json!(["2026-04-05T02:00+10:30", 1, 0, 0, 0, 1.0, true]),
            json!(["2026-10-04T01:00+10:30", 1, 1, 0, 0, 0.5, false]),
            json!(["2026-10-04T02:00+11:00", 3, 0, 0, 0, 1.0, true]),
            json!(["2026-10-04T03:00+11:00", 1, 0, 0, 0, 1.0, true]),
        ]
    );
    // Each change is inside one local day: a1–a7 are all on 5 April
    // (6 greeted of 7), s1–s6 all on 4 October (5 of 6).
    assert_eq!(
        rows(&card, "daily", compliance),
        [json!(["2026-04-05", 6, 1, 0, 0, 6.0 / 7.0, false]), json!(["2026-10-04", 5, 1, 0, 0, 5.0 / 6.0, false]),]
    );
}

/// Chatham is 45 minutes off the hour and changes at 02:45/03:45 local.
const CHATHAM: &str = r#"
    timezone "Pacific/Chatham"
    standard "pickup": calls answered within 20 seconds 50% of the time per hour by team
    standard "longest": maximum answer time for calls at most 45 seconds per hour
    standard "daily": calls answered within 20 seconds 50% of the time per day
"#;

/// Autumn, Sunday 2026-04-05: at 2026-04-04T14:00:00Z (03:45 +13:45) the
/// offset goes from +13:45 to +12:45 and clocks go back to 02:45, so
/// 02:45–03:45 happens twice and both 02:00 and 03:00 are split:
///
/// | window | label                  | UTC         | nominal start (hour − offset) |
/// |--------|------------------------|-------------|-------------------------------|
/// | W1     | 2026-04-05T02:00+13:45 | 12:15–13:15 | 12:15                         |
/// | W2     | 2026-04-05T03:00+13:45 | 13:15–14:00 | 13:15                         |
/// | W3     | 2026-04-05T02:00+12:45 | 14:00–14:15 | 13:15 (02:00 − 12:45)         |
/// | W4     | 2026-04-05T03:00+12:45 | 14:15–15:15 | 14:15                         |
///
/// W2 and W3 start nominally at the same instant, and a key that sorted by
/// (nominal start, offset) would put W3 first: only their actual starts,
/// 13:15 and 14:00, give the order of the table.
///
/// Spring, Sunday 2026-09-27: at 2026-09-26T14:00:00Z (02:45 +12:45) the
/// offset goes from +12:45 to +13:45 and clocks jump to 03:45:
///
/// | window | label                  | UTC         | nominal start |
/// |--------|------------------------|-------------|---------------|
/// | V1     | 2026-09-27T02:00+12:45 | 13:15–14:00 | 13:15         |
/// | V2     | 2026-09-27T03:00+13:45 | 14:00–14:15 | 13:15         |
/// | V3     | 2026-09-27T04:00+13:45 | 14:15–15:15 | 14:15         |
///
/// Calls (team, created, seconds to answer; hit when ≤ 20):
///
/// | #  | team  | created (as written)        | UTC      | local        | window | s  |
/// |----|-------|-----------------------------|----------|--------------|--------|----|
/// | 1  | north | 2026-04-04T12:15:00Z        | 12:15:00 | 02:00 +13:45 | W1     | 10 |
/// | 2  | south | 2026-04-04T13:14:59Z        | 13:14:59 | 02:59:59     | W1     | 30 |
/// | 3  | north | 2026-04-04T13:15:00Z        | 13:15:00 | 03:00 +13:45 | W2     | 5  |
/// | 4  | north | 2026-04-05T03:30:00+13:45   | 13:45:00 | 03:30 +13:45 | W2     | 25 |
/// | 5  | south | 2026-04-04T13:59:59Z        | 13:59:59 | 03:44:59     | W2     | 15 |
/// | 6  | north | 2026-04-04T14:00:00Z        | 14:00:00 | 02:45 +12:45 | W3     | 20 |
/// | 7  | south | 2026-04-05T02:50:00+12:45   | 14:05:00 | 02:50 +12:45 | W3     | 21 |
/// | 8  | south | 2026-04-04T14:14:00Z        | 14:14:00 | 02:59 +12:45 | W3     | 3  |
/// | 9  | north | 2026-04-04T14:15:00Z        | 14:15:00 | 03:00 +12:45 | W4     | 40 |
/// | 10 | north | 2026-04-05T03:59:00+12:45   | 15:14:00 | 03:59 +12:45 | W4     | 1  |
/// | 11 | north | 2026-09-26T13:40:00Z        | 13:40:00 | 02:25 +12:45 | V1     | 10 |
/// | 12 | north | 2026-09-27T03:50:00+13:45   | 14:05:00 | 03:50 +13:45 | V2     | 50 |
/// | 13 | south | 2026-09-26T14:00:00Z        | 14:00:00 | 03:45 +13:45 | V2     | 0  |
/// | 14 | south | 2026-09-26T14:15:00Z        | 14:15:00 | 04:00 +13:45 | V3     | 19 |
///
/// Before the fix, call 7 (02:50 local) went under nominal start 13:15Z
/// and was labelled with the offset there, +13:45: `03:00+13:45`, with
/// calls 3–5; call 12 (03:50 local) went under 13:15Z too and was labelled
/// `02:00+12:45`, with call 11.
const CALLS: [(&str, &str, &str); 14] = [
    ("north", "2026-04-04T12:15:00Z", "2026-04-04T12:15:10Z"),
    ("south", "2026-04-04T13:14:59Z", "2026-04-04T13:15:29Z"),
    ("north", "2026-04-04T13:15:00Z", "2026-04-04T13:15:05Z"),
    ("north", "2026-04-05T03:30:00+13:45", "2026-04-05T03:30:25+13:45"),
    ("south", "2026-04-04T13:59:59Z", "2026-04-04T14:00:14Z"),
    ("north", "2026-04-04T14:00:00Z", "2026-04-04T14:00:20Z"),
    ("south", "2026-04-05T02:50:00+12:45", "2026-04-05T02:50:21+12:45"),
    ("south", "2026-04-04T14:14:00Z", "2026-04-04T14:14:03Z"),
    ("north", "2026-04-04T14:15:00Z", "2026-04-04T14:15:40Z"),
    ("north", "2026-04-05T03:59:00+12:45", "2026-04-05T03:59:01+12:45"),
    ("north", "2026-09-26T13:40:00Z", "2026-09-26T13:40:10Z"),
    ("north", "2026-09-27T03:50:00+13:45", "2026-09-27T03:50:50+13:45"),
    ("south", "2026-09-26T14:00:00Z", "2026-09-26T14:00:00Z"),
    ("south", "2026-09-26T14:15:00Z", "2026-09-26T14:15:19Z"),
];

fn call_lines() -> Vec<String> {
    // Newest first: the order of results must not depend on reading order.
    CALLS
        .iter()
        .rev()
        .map(|(team, created, answered)| {
            format!(
                "{{\"channel\":\"phone\",\"team\":\"{team}\",\"created_at\":\"{created}\",\"answered_at\":\"{answered}\"}}"
            )
        })
        .collect()
}

#[test]
fn chatham_changes_at_a_quarter_to_the_hour() {
    let card = score(CHATHAM, &(call_lines().join("\n") + "\n"), None);
    // By window start, then team ("north" < "south").
    assert_eq!(
        rows(&card, "pickup", by_team),
        [
            json!(["2026-04-05T02:00+13:45", "north", 1, 0, 1.0, true]), // W1: call 1
            json!(["2026-04-05T02:00+13:45", "south", 0, 1, 0.0, false]), // W1: call 2
            json!(["2026-04-05T03:00+13:45", "north", 1, 1, 0.5, true]), // W2: calls 3, 4
            json!(["2026-04-05T03:00+13:45", "south", 1, 0, 1.0, true]), // W2: call 5
            json!(["2026-04-05T02:00+12:45", "north", 1, 0, 1.0, true]), // W3: call 6 (20 s is within)
            json!(["2026-04-05T02:00+12:45", "south", 1, 1, 0.5, true]), // W3: calls 7, 8
            json!(["2026-04-05T03:00+12:45", "north", 1, 1, 0.5, true]), // W4: calls 9, 10
            json!(["2026-09-27T02:00+12:45", "north", 1, 0, 1.0, true]), // V1: call 11
            json!(["2026-09-27T03:00+13:45", "north", 0, 1, 0.0, false]), // V2: call 12
            json!(["2026-09-27T03:00+13:45", "south", 1, 0, 1.0, true]), // V2: call 13
            json!(["2026-09-27T04:00+13:45", "south", 1, 0, 1.0, true]), // V3: call 14
        ]
    );
    // The longest answer of each window, all teams.
    assert_eq!(
        rows(&card, "longest", aggregate),
        [
            json!(["2026-04-05T02:00+13:45", 2, 0, 0, 30.0, true]), // W1: 10, 30
            json!(["2026-04-05T03:00+13:45", 3, 0, 0, 25.0, true]), // W2: 5, 25, 15
            json!(["2026-04-05T02:00+12:45", 3, 0, 0, 21.0, true]), // W3: 20, 21, 3
            json!(["2026-04-05T03:00+12:45", 2, 0, 0, 40.0, true]), // W4: 40, 1
            json!(["2026-09-27T02:00+12:45", 1, 0, 0, 10.0, true]), // V1: 10
            json!(["2026-09-27T03:00+13:45", 2, 0, 0, 50.0, false]), // V2: 50, 0
            json!(["2026-09-27T04:00+13:45", 1, 0, 0, 19.0, true]), // V3: 19
        ]
    );
    // Local days are whole: calls 1–10 are on 5 April (hits 1, 3, 5, 6, 8,
    // 10), calls 11–14 on 27 September (hits 11, 13, 14).
    assert_eq!(
        rows(&card, "daily", compliance),
        [json!(["2026-04-05", 6, 4, 0, 0, 0.6, true]), json!(["2026-09-27", 3, 1, 0, 0, 0.75, true]),]
    );
}

/// Scoring the calls one per scorer and merging gives the scorecard of one
/// pass: hour keys are identities, whatever scorer made them.
#[test]
fn chatham_windows_merge_across_scorers() {
    let lines = call_lines();
    let whole = scorecard(CHATHAM, &(lines.join("\n") + "\n"), None);
    let standards: Standards = CHATHAM.parse().unwrap();
    let plan = Plan::compile(&standards).unwrap();
    let options = ScoreOptions { as_of: None, on_bad_record: OnBadRecord::Fail };
    let mut merged = Scorer::new(&plan, options);
    for line in &lines {
        let mut part = Scorer::new(&plan, options);
        part.push_json(line.as_bytes()).unwrap();
        merged.merge(part).unwrap();
    }
    assert_eq!(merged.scorecard(), whole);
}
