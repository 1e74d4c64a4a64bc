//! No record is lost (SPEC §9), as properties over random streams in
//! NDJSON and CSV with bad records mixed in at random places: every record
//! read is either scored or rejected; each standard holds exactly the good
//! records of its population; the first bad record stops a default run at
//! its own line; and scoring random shards and merging them loses nothing
//! either. (`tests/shards.rs` has the NDJSON property without bad rows.)

use proptest::prelude::*;
use yardstick::{FeedError, OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

const STANDARDS: &str = r#"
standard "all": interactions answered within 20 seconds 80% of the time per hour by team
standard "calls": calls answered within 3 rings 90% of the time per day
standard "chats": average csat for chats at least 4 by team
standard "p90": p90 answer time for calls at most 30 seconds
"#;

/// What is wrong with a generated record, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    /// Not JSON, or a CSV row with a cell missing.
    Syntax,
    /// `rings` is text on a call: the "calls" standard reads it.
    WrongType,
    /// `created_at` outside the years 1 to 9999: every standard reads it.
    BadTime,
    /// `rings` is text on an email: no standard reads it, so it is fine.
    Harmless,
}

#[derive(Clone, Debug)]
struct Record {
    channel: &'static str,
    created: Option<i64>,
    answer_after: Option<i64>,
    rings: Option<u8>,
    team: Option<&'static str>,
    csat: Option<u8>,
    fault: Fault,
}

impl Record {
    fn is_bad(&self) -> bool {
        !matches!(self.fault, Fault::None | Fault::Harmless)
    }

    /// The cells, in the order of `COLUMNS`; empty for missing.
    fn cells(&self) -> [String; 6] {
        let time = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let created = match self.fault {
            Fault::BadTime => "0000-06-01T00:00:00Z".to_string(),
            _ => self.created.map(time).unwrap_or_default(),
        };
        let answered = match (self.created, self.answer_after) {
            (Some(c), Some(a)) => time(c + a),
            _ => String::new(),
        };
        let rings = match self.fault {
            Fault::WrongType | Fault::Harmless => "x".to_string(),
            _ => self.rings.map(|r| r.to_string()).unwrap_or_default(),
        };
        let text = |v: Option<&str>| v.unwrap_or_default().to_string();
        [
            self.channel.into(),
            created,
            answered,
            rings,
            text(self.team),
            self.csat.map(|c| c.to_string()).unwrap_or_default(),
        ]
    }

    fn ndjson(&self) -> String {
        if self.fault == Fault::Syntax {
            return format!("{{\"channel\": \"{}\", ", self.channel);
        }
        let cells = self.cells();
        let fields: Vec<String> = COLUMNS
            .iter()
            .zip(&cells)
            .filter(|(_, value)| !value.is_empty())
            .map(|(&name, value)| match name {
                "rings" | "csat" if value != "x" => format!("\"{name}\":{value}"),
                _ => format!("\"{name}\":\"{value}\""),
            })
            .collect();
        format!("{{{}}}", fields.join(","))
    }

    fn csv(&self) -> String {
        let cells = self.cells();
        let cells = if self.fault == Fault::Syntax { &cells[..5] } else { &cells[..] };
        cells.join(",")
    }
}

const COLUMNS: [&str; 6] = ["channel", "created_at", "answered_at", "rings", "team", "csat"];

fn record() -> impl Strategy<Value = Record> {
    let channel = prop::sample::select(vec!["phone", "email", "chat"]);
    // A week in March 2026, across London's clock change (windows are UTC
    // here, but hours and days still split).
    let created = prop::option::weighted(0.9, 1_774_569_600i64..1_775_174_400);
    let answer = prop::option::weighted(0.8, 0i64..120);
    let team = prop::option::of(prop::sample::select(vec!["a", "b"]));
    let fault = prop_oneof![
        20 => Just(Fault::None),
        1 => Just(Fault::Syntax),
        1 => Just(Fault::WrongType),
        1 => Just(Fault::BadTime),
        1 => Just(Fault::Harmless),
    ];
    (channel, created, answer, prop::option::of(0u8..8), team, prop::option::of(1u8..=5), fault).prop_map(
        |(channel, created, answer_after, rings, team, csat, fault)| {
            let channel = match fault {
                Fault::WrongType => "phone",
                Fault::Harmless => "email",
                _ => channel,
            };
            Record { channel, created, answer_after, rings, team, csat, fault }
        },
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Ndjson,
    Csv,
}

impl Format {
    fn render(self, records: &[Record]) -> String {
        let mut text = match self {
            Format::Ndjson => String::new(),
            Format::Csv => format!("{}\n", COLUMNS.join(",")),
        };
        for r in records {
            text.push_str(&match self {
                Format::Ndjson => r.ndjson(),
                Format::Csv => r.csv(),
            });
            text.push('\n');
        }
        text
    }

    /// The line record `i` (0-based) is on.
    fn line_of(self, i: usize) -> u64 {
        i as u64 + if self == Format::Csv { 2 } else { 1 }
    }

    fn feed(self, scorer: &mut Scorer, records: &[Record]) -> Result<(), FeedError> {
        let text = self.render(records);
        match self {
            Format::Ndjson => scorer.feed_ndjson(text.as_bytes(), "data"),
            Format::Csv => scorer.feed_csv(text.as_bytes(), "data"),
        }
    }
}

fn plan() -> Plan {
    let standards: Standards = STANDARDS.parse().unwrap();
    Plan::compile(&standards).unwrap()
}

fn scorer(plan: &Plan, on_bad_record: OnBadRecord) -> Scorer {
    let as_of = Some("2026-04-04T00:00:00Z".parse().unwrap());
    Scorer::new(plan, ScoreOptions { as_of, on_bad_record })
}

fn population(card: &Scorecard, name: &str) -> u64 {
    card.standards.iter().find(|s| s.name == name).unwrap().results.iter().map(|r| r.population()).sum()
}

/// Read = scored + rejected, the first 20 rejections are the first 20 bad
/// records, and each standard holds exactly its good records.
fn check_accounting(format: Format, records: &[Record]) -> Result<(), TestCaseError> {
    let mut scorer = scorer(&plan(), OnBadRecord::Skip);
    format.feed(&mut scorer, records).unwrap();
    let card = scorer.scorecard();
    let bad: Vec<usize> = (0..records.len()).filter(|&i| records[i].is_bad()).collect();
    prop_assert_eq!(card.records.read, records.len() as u64);
    prop_assert_eq!(card.records.rejected, bad.len() as u64);
    let listed: Vec<u64> = card.records.rejections.iter().map(|r| r.line.unwrap()).collect();
    let expected: Vec<u64> = bad.iter().take(20).map(|&i| format.line_of(i)).collect();
    prop_assert_eq!(listed, expected);
    let good = |channel: Option<&str>| {
        records.iter().filter(|r| !r.is_bad() && channel.is_none_or(|c| r.channel == c)).count() as u64
    };
    prop_assert_eq!(population(&card, "all"), good(None), "read = scored + rejected");
    prop_assert_eq!(population(&card, "calls"), good(Some("phone")));
    prop_assert_eq!(population(&card, "chats"), good(Some("chat")));
    prop_assert_eq!(population(&card, "p90"), good(Some("phone")));
    Ok(())
}

/// A default run stops at the first bad record, naming its line, having
/// scored exactly the records before it.
fn check_first_bad_stops(format: Format, records: &[Record]) -> Result<(), TestCaseError> {
    let mut scorer = scorer(&plan(), OnBadRecord::Fail);
    let result = format.feed(&mut scorer, records);
    match records.iter().position(Record::is_bad) {
        None => prop_assert!(result.is_ok(), "{:?}", result),
        Some(i) => {
            let Err(FeedError::BadRecord(bad)) = result else { return Err(TestCaseError::fail("no bad record")) };
            prop_assert_eq!(bad.location.line, Some(format.line_of(i)));
            prop_assert_eq!(scorer.records_read(), i as u64);
            prop_assert_eq!(population(&scorer.scorecard(), "all"), i as u64);
        }
    }
    Ok(())
}

/// Cutting the stream at random places, scoring each piece and merging
/// gives the counts of one pass.
fn check_shards(format: Format, records: &[Record], cuts: &[prop::sample::Index]) -> Result<(), TestCaseError> {
    let plan = plan();
    let mut whole = scorer(&plan, OnBadRecord::Skip);
    format.feed(&mut whole, records).unwrap();
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c.index(records.len() + 1)).collect();
    cuts.extend([0, records.len()]);
    cuts.sort_unstable();
    let mut merged = scorer(&plan, OnBadRecord::Skip);
    for piece in cuts.windows(2) {
        let mut part = scorer(&plan, OnBadRecord::Skip);
        format.feed(&mut part, &records[piece[0]..piece[1]]).unwrap();
        merged.merge(part).unwrap();
    }
    let (mut merged, mut whole) = (merged.scorecard(), whole.scorecard());
    // Rejections carry line numbers, which are per piece.
    prop_assert_eq!(merged.records.rejections.len(), whole.records.rejections.len());
    merged.records.rejections.clear();
    whole.records.rejections.clear();
    prop_assert_eq!(merged, whole);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_csv_row_is_accounted_for(records in prop::collection::vec(record(), 0..200)) {
        check_accounting(Format::Csv, &records)?;
    }

    #[test]
    fn every_ndjson_line_is_accounted_for(records in prop::collection::vec(record(), 0..200)) {
        check_accounting(Format::Ndjson, &records)?;
    }

    #[test]
    fn a_default_run_stops_at_the_first_bad_record(
        records in prop::collection::vec(record(), 0..100),
        csv in any::<bool>(),
    ) {
        check_first_bad_stops(if csv { Format::Csv } else { Format::Ndjson }, &records)?;
    }

    #[test]
    fn random_shards_with_bad_records_merge_to_one_pass(
        records in prop::collection::vec(record(), 0..200),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
        csv in any::<bool>(),
    ) {
        check_shards(if csv { Format::Csv } else { Format::Ndjson }, &records, &cuts)?;
    }
}
