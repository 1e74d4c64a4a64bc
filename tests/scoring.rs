//! Hand-computed scorecards for small fixtures: every target, condition,
//! aggregate and window, the open and unmeasurable rules, grouping order
//! and a week that crosses a daylight-saving change in Europe/London.

mod common;

use common::{aggregate, compliance, only, results, score};
use serde_json::json;

/// `n` calls, answered after each of `seconds` (None: not answered).
fn calls(seconds: &[Option<i64>]) -> String {
    seconds
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let created = 1_795_424_400 + 60 * i as i64; // 2026-11-23T09:00:00Z + i minutes
            let answered = s.map_or("null".to_string(), |s| format!("\"{}\"", iso(created + s)));
            format!("{{\"channel\":\"phone\",\"created_at\":\"{}\",\"answered_at\":{answered}}}\n", iso(created))
        })
        .collect()
}

fn iso(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[test]
fn shares_meet_targets_exactly() {
    // 19 of 20 within 20 seconds (one exactly at 20 s, which is "within").
    let mut answers: Vec<Option<i64>> = (0..18).map(|i| Some(i % 20)).collect();
    answers.push(Some(20));
    answers.push(Some(21));
    let card = score(
        r#"
        standard "within": calls answered within 20 seconds 95% of the time
        standard "under": calls answered in under 20 seconds 95% of the time
        standard "at most share": calls answered within 20 seconds at most 90% of the time
        "#,
        &calls(&answers),
        None,
    );
    assert_eq!(compliance(only(&card, "within")), json!([null, 19, 1, 0, 0, 0.95, true]));
    assert_eq!(compliance(only(&card, "under")), json!([null, 18, 2, 0, 0, 0.9, false]));
    assert_eq!(compliance(only(&card, "at most share")), json!([null, 19, 1, 0, 0, 0.95, false]));
}

#[test]
fn nine_hundred_ninety_nine_of_a_thousand_meets_99_9_percent() {
    let mut answers: Vec<Option<i64>> = vec![Some(5); 999];
    answers.push(Some(60));
    let card = score(r#"standard "s": calls answered within 10 seconds 99.9% of the time"#, &calls(&answers), None);
    assert_eq!(compliance(only(&card, "s")), json!([null, 999, 1, 0, 0, 0.999, true]));
}

#[test]
fn always_never_and_yes_no_measures() {
    let data = r#"{"channel":"phone","greeted_by_name":true,"abandoned":false}
{"channel":"phone","greeted_by_name":true,"abandoned":false}
{"channel":"phone","abandoned":true}
{"channel":"email","greeted_by_name":false}
"#;
    let card = score(
        r#"
        standard "greeting": calls greeted by name always
        standard "no abandons": calls abandoned never
        standard "few abandons": calls abandoned at most 34% of the time
        "#,
        data,
        None,
    );
    // The email is not a call; the abandoned call has no greeting field.
    assert_eq!(compliance(only(&card, "greeting")), json!([null, 2, 0, 0, 1, 1.0, true]));
    // A hit is a record where the measure holds: here, abandoned.
    let share = 1.0 / 3.0;
    assert_eq!(compliance(only(&card, "no abandons")), json!([null, 1, 2, 0, 0, share, false]));
    assert_eq!(compliance(only(&card, "few abandons")), json!([null, 1, 2, 0, 0, share, true]));
}

#[test]
fn every_condition() {
    let data = r#"{"channel":"chat","wait_seconds":30,"rings":1,"csat":5}
{"channel":"chat","wait_seconds":60,"rings":3,"csat":4}
{"channel":"chat","wait_seconds":61,"rings":4,"csat":2.5}
{"channel":"chat","wait_seconds":120,"csat":null}
"#;
    let card = score(
        r#"
        standard "over": chats waited over 60 seconds at most 10% of the time
        standard "at least": chats waited at least 1 minute 75% of the time
        standard "more than": chats waited more than 1 minute 50% of the time
        standard "less than": chats waited less than 60 seconds 25% of the time
        standard "between": chats waited between 30 and 61 seconds 75% of the time
        standard "rings": chats answered within three rings 60% of the time
        standard "score": chats csat at least 4 60% of the time
        "#,
        data,
        None,
    );
    assert_eq!(compliance(only(&card, "over")), json!([null, 2, 2, 0, 0, 0.5, false]));
    assert_eq!(compliance(only(&card, "at least")), json!([null, 3, 1, 0, 0, 0.75, true]));
    assert_eq!(compliance(only(&card, "more than")), json!([null, 2, 2, 0, 0, 0.5, true]));
    assert_eq!(compliance(only(&card, "less than")), json!([null, 1, 3, 0, 0, 0.25, true]));
    assert_eq!(compliance(only(&card, "between")), json!([null, 3, 1, 0, 0, 0.75, true]));
    let two_thirds = 2.0 / 3.0;
    assert_eq!(compliance(only(&card, "rings")), json!([null, 2, 1, 0, 1, two_thirds, true]));
    assert_eq!(compliance(only(&card, "score")), json!([null, 2, 1, 0, 1, two_thirds, true]));
}

#[test]
fn every_aggregate() {
    // Answer times 10, 20, 30, 40 s; one call still ringing; one with no start.
    let data = r#"{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:10Z","handle_seconds":600}
{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:20Z","handle_seconds":1200}
{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:30Z","handle_seconds":900}
{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:40Z"}
{"channel":"phone","created_at":"2026-11-23T09:05:00Z","answered_at":null}
{"channel":"phone","answered_at":"2026-11-23T09:00:40Z"}
{"channel":"chat","nps":10}
{"channel":"chat","nps":10}
{"channel":"chat","nps":9}
{"channel":"chat","nps":5}
{"channel":"chat","nps":7}
"#;
    let card = score(
        r#"
        standard "average": average answer time for calls at most 25 seconds
        standard "mean": mean answer time for calls under 25 seconds
        standard "median": median answer time for calls at most 20 seconds
        standard "p90": p90 answer time for calls at most 30 seconds
        standard "75th": 75th percentile answer time for calls at most 30 seconds
        standard "minimum": minimum answer time for calls at least 10 seconds
        standard "maximum": maximum answer time for calls under 40 seconds
        standard "total": total handle time for calls at most 45 minutes
        standard "count": count answer time for calls at least 4
        standard "nps": nps of nps score for chats at least 40
        "#,
        data,
        None,
    );
    assert_eq!(aggregate(only(&card, "average")), json!([null, 4, 1, 1, 25.0, true]));
    assert_eq!(aggregate(only(&card, "mean")), json!([null, 4, 1, 1, 25.0, false]));
    assert_eq!(aggregate(only(&card, "median")), json!([null, 4, 1, 1, 20.0, true]));
    assert_eq!(aggregate(only(&card, "p90")), json!([null, 4, 1, 1, 40.0, false]));
    assert_eq!(aggregate(only(&card, "75th")), json!([null, 4, 1, 1, 30.0, true]));
    assert_eq!(aggregate(only(&card, "minimum")), json!([null, 4, 1, 1, 10.0, true]));
    assert_eq!(aggregate(only(&card, "maximum")), json!([null, 4, 1, 1, 40.0, false]));
    // Handle time is a number field: the ringing call has none, so it is
    // unmeasurable, not open.
    assert_eq!(aggregate(only(&card, "total")), json!([null, 3, 0, 3, 2700.0, true]));
    assert_eq!(aggregate(only(&card, "count")), json!([null, 4, 1, 1, 4, true]));
    // Promoters 3 (10, 10, 9), detractors 1 (5), passive 1 (7): (3 - 1) / 5 = 40.
    assert_eq!(aggregate(only(&card, "nps")), json!([null, 5, 0, 0, 40.0, true]));
}

#[test]
fn nothing_measured_gives_null_value_and_passed() {
    let card = score(
        r#"
        standard "share": calls greeted by name always
        standard "average": average csat for calls at least 4
        "#,
        "{\"channel\":\"phone\"}\n",
        None,
    );
    assert_eq!(compliance(only(&card, "share")), json!([null, 0, 0, 0, 1, null, null]));
    assert_eq!(aggregate(only(&card, "average")), json!([null, 0, 0, 1, null, null]));
}

const EMAILS: &str = r#"{"id":1,"channel":"email","created_at":"2026-11-23T10:00:00Z","first_response_at":"2026-11-23T10:30:00Z"}
{"id":2,"channel":"email","created_at":"2026-11-23T11:30:00Z"}
{"id":3,"channel":"email","created_at":"2026-11-23T10:30:00Z","first_response_at":null}
{"id":4,"channel":"email","first_response_at":"2026-11-23T10:00:00Z"}
{"id":5,"channel":"email","created_at":"2026-11-23T11:00:00Z","first_response_at":"2026-11-23T10:00:00Z"}
"#;

#[test]
fn open_items_are_judged_at_as_of() {
    let standards = r#"
        standard "within": emails responded within 60 minutes 50% of the time
        standard "over": emails responded over 45 minutes at most 50% of the time
        standard "per day": emails responded within 60 minutes 50% of the time per day
    "#;
    // At 12:00, #2 has waited 30 min (open), #3 90 min (a miss for "within",
    // a hit for "over"); #4 has no start and #5 ends before it starts.
    let card = score(standards, EMAILS, Some("2026-11-23T12:00:00Z"));
    assert_eq!(card["as_of"], "2026-11-23T12:00:00Z");
    assert_eq!(compliance(only(&card, "within")), json!([null, 1, 1, 1, 2, 0.5, true]));
    assert_eq!(compliance(only(&card, "over")), json!([null, 1, 1, 1, 2, 0.5, true]));
    // #4 has no created_at: unmeasurable in the null window, sorted first.
    let rows: Vec<_> = results(&card, "per day").iter().map(compliance).collect();
    assert_eq!(rows, [json!([null, 0, 0, 0, 1, null, null]), json!(["2026-11-23", 1, 1, 1, 1, 0.5, true])]);
}

#[test]
fn as_of_defaults_to_the_latest_timestamp_read() {
    // The latest timestamp is #2's 11:30: #2 has waited 0 min and #3 60 min,
    // which is still within 60 minutes, so both are open.
    let card = score(r#"standard "within": emails responded within 60 minutes 50% of the time"#, EMAILS, None);
    assert_eq!(card["as_of"], "2026-11-23T11:30:00Z");
    assert_eq!(compliance(only(&card, "within")), json!([null, 1, 0, 2, 2, 1.0, true]));
}

#[test]
fn an_abandoned_call_is_a_miss_once_the_time_has_passed() {
    let data = r#"{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:05Z"}
{"channel":"phone","created_at":"2026-11-23T09:00:00Z","abandoned":true}
{"channel":"phone","created_at":"2026-11-23T09:00:30Z","answered_at":"2026-11-23T09:00:35Z"}
"#;
    let card = score(r#"standard "sl": calls answered within 20 seconds 80% of the time"#, data, None);
    // as_of is 09:00:35: the abandoned call has waited 35 s > 20 s.
    assert_eq!(compliance(only(&card, "sl")), json!([null, 2, 1, 0, 0, 2.0 / 3.0, false]));
}

#[test]
fn every_window_label() {
    let data = r#"{"channel":"phone","created_at":"2026-03-28T12:00:00Z","greeted_by_name":true}
{"channel":"phone","created_at":"2026-03-29T00:30:00Z","greeted_by_name":true}
{"channel":"phone","created_at":"2026-03-29T01:30:00Z","greeted_by_name":false}
{"channel":"phone","created_at":"2026-03-30T08:00:00Z","greeted_by_name":true}
{"channel":"phone","created_at":"2026-04-01T08:00:00Z","greeted_by_name":true}
"#;
    let std = |period: &str| {
        format!("timezone \"Europe/London\"\nstandard \"{period}\": calls greeted by name always per {period}")
    };
    let windows = |period: &str| -> Vec<String> {
        let card = score(&std(period), data, None);
        results(&card, period).iter().map(|r| r["window"].as_str().unwrap().to_string()).collect()
    };
    // 01:30 UTC on the 29th is 02:30 BST: clocks went forward at 01:00 GMT.
    assert_eq!(
        windows("hour"),
        [
            "2026-03-28T12:00+00:00",
            "2026-03-29T00:00+00:00",
            "2026-03-29T02:00+01:00",
            "2026-03-30T09:00+01:00",
            "2026-04-01T09:00+01:00"
        ]
    );
    assert_eq!(windows("day"), ["2026-03-28", "2026-03-29", "2026-03-30", "2026-04-01"]);
    assert_eq!(windows("week"), ["2026-W13", "2026-W14"]);
    assert_eq!(windows("month"), ["2026-03", "2026-04"]);
    assert_eq!(windows("quarter"), ["2026-Q1", "2026-Q2"]);
    assert_eq!(windows("year"), ["2026"]);
}

#[test]
fn windows_by_another_timestamp() {
    let data = r#"{"channel":"phone","created_at":"2026-11-23T23:59:50Z","answered_at":"2026-11-24T00:00:05Z"}
{"channel":"phone","created_at":"2026-11-23T10:00:00Z","answered_at":"2026-11-23T10:00:30Z"}
"#;
    let card =
        score(r#"standard "s": calls answered within 20 seconds 50% of the time per day of answered_at"#, data, None);
    let rows: Vec<_> = results(&card, "s").iter().map(compliance).collect();
    assert_eq!(rows, [json!(["2026-11-23", 0, 1, 0, 0, 0.0, false]), json!(["2026-11-24", 1, 0, 0, 0, 1.0, true])]);
}

/// A week in Europe/London across the end of summer time (Sunday
/// 2026-10-25, 02:00 BST → 01:00 GMT).
#[test]
fn a_week_across_the_daylight_saving_change_in_london() {
    let standards = r#"
        timezone "Europe/London"
        calendar round_the_clock:
          mon-sun 00:00-24:00
        standard "hourly": calls answered within 30 minutes always per hour
        standard "daily": calls answered within 30 minutes always per day
        standard "weekly": calls answered within 30 minutes always per week
        standard "business": calls answered within 70 business minutes always per week
    "#;
    // Local times without an offset are London time; 01:30 on the 25th
    // happens twice and means the first (BST) one.
    let data = r#"{"channel":"phone","created_at":"2026-10-24T23:30:00","answered_at":"2026-10-24T23:40:00"}
{"channel":"phone","created_at":"2026-10-25T01:30:00","answered_at":"2026-10-25T01:45:00"}
{"channel":"phone","created_at":"2026-10-25T01:50:00+01:00","answered_at":"2026-10-25T01:10:00+00:00"}
{"channel":"phone","created_at":"2026-10-25T01:30:00+00:00","answered_at":"2026-10-25T02:20:00+00:00"}
{"channel":"phone","created_at":"2026-10-26T09:00:00Z","answered_at":"2026-10-26T09:10:00Z"}
"#;
    let card = score(standards, data, None);
    let rows = |name: &str| -> Vec<serde_json::Value> { results(&card, name).iter().map(compliance).collect() };
    // The third call reads 01:50 → 01:10 on the wall but lasted 20 minutes;
    // the fourth lasted 50 minutes (a miss).
    assert_eq!(
        rows("hourly"),
        [
            json!(["2026-10-24T23:00+01:00", 1, 0, 0, 0, 1.0, true]),
            json!(["2026-10-25T01:00+01:00", 2, 0, 0, 0, 1.0, true]),
            json!(["2026-10-25T01:00+00:00", 0, 1, 0, 0, 0.0, false]),
            json!(["2026-10-26T09:00+00:00", 1, 0, 0, 0, 1.0, true]),
        ]
    );
    assert_eq!(
        rows("daily"),
        [
            json!(["2026-10-24", 1, 0, 0, 0, 1.0, true]),
            json!(["2026-10-25", 2, 1, 0, 0, 2.0 / 3.0, false]),
            json!(["2026-10-26", 1, 0, 0, 0, 1.0, true]),
        ]
    );
    assert_eq!(
        rows("weekly"),
        [json!(["2026-W43", 3, 1, 0, 0, 0.75, false]), json!(["2026-W44", 1, 0, 0, 0, 1.0, true])]
    );
    // On a 24-hour calendar business time is wall time: 50 minutes is within 70.
    assert_eq!(
        rows("business"),
        [json!(["2026-W43", 4, 0, 0, 0, 1.0, true]), json!(["2026-W44", 1, 0, 0, 0, 1.0, true])]
    );
}

#[test]
fn business_hours_count_only_open_time() {
    let standards = r#"
        timezone "Europe/London"
        calendar office:
          mon-fri 09:00-17:00
          closed 2026-12-25 "Christmas Day"
        standard "hour": emails responded within 1 business hour always
        standard "days": emails resolved within 2 business days always
    "#;
    // Friday 16:30 → Monday 09:30 is one business hour. Christmas Eve
    // (Thursday) 10:00 → the deadline is two open days on (Christmas Day is
    // closed, then the weekend): Tuesday 29th 10:00. Records without the
    // end timestamp are open items, judged at the latest timestamp read
    // (29 December): long past both deadlines, so misses.
    let data = r#"{"channel":"email","created_at":"2026-11-27T16:30:00Z","first_response_at":"2026-11-30T09:30:00Z"}
{"channel":"email","created_at":"2026-11-27T16:30:00Z","first_response_at":"2026-11-30T09:31:00Z"}
{"channel":"email","created_at":"2026-12-24T10:00:00Z","resolved_at":"2026-12-29T10:00:00Z"}
{"channel":"email","created_at":"2026-12-24T10:00:00Z","resolved_at":"2026-12-29T10:00:01Z"}
"#;
    let card = score(standards, data, None);
    assert_eq!(compliance(only(&card, "hour")), json!([null, 1, 3, 0, 0, 0.25, false]));
    assert_eq!(compliance(only(&card, "days")), json!([null, 1, 3, 0, 0, 0.25, false]));
}

#[test]
fn groups_sort_null_false_true_numbers_strings() {
    let data = r#"{"channel":"phone","team":"b","greeted_by_name":true}
{"channel":"phone","team":3,"greeted_by_name":true}
{"channel":"phone","greeted_by_name":true}
{"channel":"phone","team":"a","greeted_by_name":true}
{"channel":"phone","team":true,"greeted_by_name":true}
{"channel":"phone","team":2.5,"greeted_by_name":false}
{"channel":"phone","team":3.0,"greeted_by_name":true}
"#;
    let card = score(r#"standard "g": calls greeted by name always by team"#, data, None);
    let groups: Vec<_> = results(&card, "g").iter().map(|r| (r["group"].clone(), r["hits"].clone())).collect();
    assert_eq!(
        groups,
        [
            (json!({"team": null}), json!(1)),
            (json!({"team": true}), json!(1)),
            (json!({"team": 2.5}), json!(0)),
            (json!({"team": 3}), json!(2)),
            (json!({"team": "a"}), json!(1)),
            (json!({"team": "b"}), json!(1)),
        ]
    );
}

#[test]
fn several_grouping_fields_and_filters() {
    let data = r#"{"channel":"chat","team":"north","agent":"ann","csat":5}
{"channel":"chat","team":"north","agent":"ann","csat":3}
{"channel":"chat","team":"north","agent":"bob","csat":4}
{"channel":"chat","team":"training","agent":"cy","csat":1}
{"channel":"chat","agent":"dee","csat":2}
"#;
    let card = score(
        r#"standard "csat": average csat for chats at least 4 by team and agent where team is not "training""#,
        data,
        None,
    );
    let rows: Vec<_> = results(&card, "csat").iter().map(|r| (r["group"].clone(), r["value"].clone())).collect();
    // `team is not "training"` leaves out the chat with no team too.
    assert_eq!(
        rows,
        [
            (json!({"team": "north", "agent": "ann"}), json!(4.0)),
            (json!({"team": "north", "agent": "bob"}), json!(4.0))
        ]
    );
}

#[test]
fn the_scorecard_json_has_the_shape_of_spec_section_8() {
    let card = score(
        r#"standard "Q-2 Telephone pickup": calls answered within 3 rings 95% of the time per day by team"#,
        "{\"channel\":\"phone\",\"created_at\":\"2026-11-23T18:00:00Z\",\"rings\":2,\"team\":\"north\"}\n",
        None,
    );
    let expected = json!({
        "as_of": "2026-11-23T18:00:00Z",
        "records": { "read": 1, "rejected": 0 },
        "standards": [{
            "name": "Q-2 Telephone pickup",
            "canonical": "calls answered within 3 rings 95% of the time per day by team",
            "kind": "compliance",
            "results": [{ "window": "2026-11-23", "group": { "team": "north" },
                "hits": 1, "misses": 0, "open": 0, "unmeasurable": 0, "value": 1.0, "passed": true }]
        }]
    });
    assert_eq!(card, expected);
    // Key order as in §8.
    let text = serde_json::to_string(&common::scorecard(
        r#"standard "Q-2 Telephone pickup": calls answered within 3 rings 95% of the time per day by team"#,
        "{\"channel\":\"phone\",\"created_at\":\"2026-11-23T18:00:00Z\",\"rings\":2,\"team\":\"north\"}\n",
        None,
    ))
    .unwrap();
    let keys = [
        "\"window\"",
        "\"group\"",
        "\"hits\"",
        "\"misses\"",
        "\"open\"",
        "\"unmeasurable\"",
        "\"value\"",
        "\"passed\"",
    ];
    let at: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
}
