//! Bad records (SPEC §9): stop with the line and field by default, or skip,
//! count and list them. Nothing is dropped silently.

use yardstick::{FeedError, OnBadRecord, Plan, ScoreOptions, Scorer, Standards};

const STANDARDS: &str = r#"
    standard "pickup": calls answered within 20 seconds 80% of the time per day
    standard "rings": calls answered within 3 rings 80% of the time
"#;

fn scorer(on_bad_record: OnBadRecord) -> Scorer {
    let standards: Standards = STANDARDS.parse().unwrap();
    Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions { as_of: None, on_bad_record })
}

const GOOD: &str =
    r#"{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:05Z","rings":1}"#;

#[test]
fn the_default_stops_at_the_first_bad_record_naming_line_and_field() {
    let data =
        format!("{GOOD}\n{}\n{GOOD}\n", r#"{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":12}"#);
    let mut scorer = scorer(OnBadRecord::Fail);
    let error = scorer.feed_ndjson(data.as_bytes(), "calls.ndjson").unwrap_err();
    assert_eq!(
        error.to_string(),
        "bad record at calls.ndjson, line 2, field `answered_at`: expected a timestamp (RFC 3339 text such as \
         \"2026-11-23T14:05:00Z\"), found the number 12"
    );
    let FeedError::BadRecord(bad) = error else { panic!() };
    assert_eq!((bad.location.line, bad.field.as_deref()), (Some(2), Some("answered_at")));
    // The good record before it was scored; the bad one changed nothing.
    assert_eq!(scorer.records_read(), 1);
}

#[test]
fn invalid_json_names_the_line_and_column() {
    let data = format!("{GOOD}\n\n{{\"channel\": \"phone\",\n");
    let error = scorer(OnBadRecord::Fail).feed_ndjson(data.as_bytes(), "calls.ndjson").unwrap_err();
    assert_eq!(
        error.to_string(),
        "bad record at calls.ndjson, line 3: invalid JSON: EOF while parsing a value (column 20)"
    );
}

#[test]
fn skipping_counts_and_lists_the_first_twenty() {
    let mut data = String::new();
    for i in 0..30 {
        data.push_str(GOOD);
        data.push('\n');
        if i % 2 == 0 {
            data.push_str(r#"{"channel":"phone","rings":"three"}"#);
        } else {
            data.push_str("not json");
        }
        data.push('\n');
    }
    let mut scorer = scorer(OnBadRecord::Skip);
    scorer.feed_ndjson(data.as_bytes(), "calls.ndjson").unwrap();
    let card = scorer.scorecard();
    assert_eq!((card.records.read, card.records.rejected), (60, 30));
    assert_eq!(card.records.rejections.len(), 20);
    let first = &card.records.rejections[0];
    assert_eq!((first.line, first.record, first.field.as_deref()), (Some(2), None, Some("rings")));
    assert_eq!(first.reason, "expected a number, found the text \"three\"");
    let second = &card.records.rejections[1];
    assert_eq!((second.line, second.field.as_deref()), (Some(4), None));
    assert_eq!(second.reason, "invalid JSON: expected ident (column 2)");
    // Every good record was scored.
    let pickup = &card.standards[0].results[0];
    assert_eq!(pickup.hits, Some(30));
    let json = serde_json::to_value(&card).unwrap();
    assert_eq!(json["records"]["rejections"][0]["line"], 2);
}

#[test]
fn a_wrong_type_only_matters_to_standards_that_read_the_record() {
    // Emails are not in any population here, so their `rings` is never read.
    let data = format!("{GOOD}\n{}\n", r#"{"channel":"email","rings":"n/a"}"#);
    let mut scorer = scorer(OnBadRecord::Fail);
    scorer.feed_ndjson(data.as_bytes(), "mixed.ndjson").unwrap();
    assert_eq!(scorer.scorecard().records.read, 2);
}

#[test]
fn csv_rows_with_the_wrong_number_of_cells_are_bad_records() {
    let data = "channel,created_at,answered_at,rings\n\
                phone,2026-11-23T09:00:00Z,2026-11-23T09:00:05Z,1\n\
                phone,2026-11-23T09:00:00Z\n\
                phone,2026-11-23T09:00:00Z,2026-11-23T09:00:05Z,x\n";
    let error = scorer(OnBadRecord::Fail).feed_csv(data.as_bytes(), "calls.csv").unwrap_err();
    assert_eq!(error.to_string(), "bad record at calls.csv, line 3: the row has 2 cells but the header has 4");
    let mut skipping = scorer(OnBadRecord::Skip);
    skipping.feed_csv(data.as_bytes(), "calls.csv").unwrap();
    let card = skipping.scorecard();
    assert_eq!((card.records.read, card.records.rejected), (3, 2));
    let reasons: Vec<_> = card.records.rejections.iter().map(|r| (r.line, r.field.clone(), r.reason.clone())).collect();
    assert_eq!(
        reasons,
        [
            (Some(3), None, "the row has 2 cells but the header has 4".to_string()),
            (Some(4), Some("rings".to_string()), "\"x\" is not a number".to_string())
        ]
    );
}

#[test]
fn host_values_that_are_not_records_are_bad_records() {
    let mut scorer = scorer(OnBadRecord::Fail);
    let error = scorer.push(&[1, 2, 3]).unwrap_err();
    assert_eq!(error.to_string(), "bad record at record 1: a record must serialize as a struct or a map of fields");
}

/// Each kind of bad record, as a host sees it: an `Err` with its kind by
/// default, and with skip mode a `Pushed::Rejected` that says why while
/// the record is counted and skipped.
#[test]
fn a_host_learns_the_kind_of_each_bad_record() {
    use yardstick::{BadRecordKind, Pushed};
    let standards: Standards =
        r#"standard "s": calls answered within 20 seconds 80% of the time per day by team"#.parse().unwrap();
    let plan = Plan::compile(&standards).unwrap();
    let cases: [(&str, BadRecordKind, Option<&str>); 5] = [
        (r#"{"channel": "phone", "#, BadRecordKind::Malformed, None),
        (r#"[1, 2]"#, BadRecordKind::Malformed, None),
        (r#"{"channel": "phone", "created_at": 17}"#, BadRecordKind::WrongType, Some("created_at")),
        (r#"{"channel": "phone", "created_at": "yesterday"}"#, BadRecordKind::InvalidValue, Some("created_at")),
        (
            r#"{"channel": "phone", "created_at": "2026-11-23T10:00:00Z", "team": [1]}"#,
            BadRecordKind::Ungroupable,
            Some("team"),
        ),
    ];
    for (line, kind, field) in cases {
        let mut fail = Scorer::new(&plan, ScoreOptions::default());
        let bad = fail.push_json(line.as_bytes()).unwrap_err();
        assert_eq!((bad.kind, bad.field.as_deref()), (kind, field), "{line}");
        let mut skip = Scorer::new(&plan, ScoreOptions { as_of: None, on_bad_record: OnBadRecord::Skip });
        match skip.push_json(line.as_bytes()).unwrap() {
            Pushed::Rejected(rejected) => assert_eq!(rejected, bad, "{line}"),
            other => panic!("{line}: {other:?}"),
        }
        assert_eq!((skip.records_read(), skip.records_rejected()), (1, 1));
    }
    // A good record is scored.
    let mut skip = Scorer::new(&plan, ScoreOptions { as_of: None, on_bad_record: OnBadRecord::Skip });
    let good = skip.push_json(br#"{"channel": "phone", "created_at": "2026-11-23T10:00:00Z"}"#).unwrap();
    assert_eq!(good, Pushed::Scored);
    // A buffer made for another plan.
    let other: Standards = r#"standard "g": calls greeted by name always"#.parse().unwrap();
    let wrong = Plan::compile(&other).unwrap().record_buf();
    assert_eq!(
        skip.push_record(&wrong).map(|p| matches!(p, Pushed::Rejected(b) if b.kind == BadRecordKind::WrongShape)),
        Ok(true)
    );
    // A line over the limit, when reading a stream.
    let long = format!("{{\"channel\": \"{}\"}}\n", "x".repeat(yardstick::record::MAX_LINE_BYTES));
    let mut fail = Scorer::new(&plan, ScoreOptions::default());
    match fail.feed_ndjson(long.as_bytes(), "long.ndjson") {
        Err(FeedError::BadRecord(bad)) => assert_eq!(bad.kind, BadRecordKind::TooLong),
        other => panic!("{other:?}"),
    }
}
