//! Scoring throughput, each against a baseline in the same group so the
//! ratio is measured in one run (the machine is noisy):
//!
//! - `hot_loop`: 1M records already in memory, scored against the six
//!   standards of `examples/contact-centre.std` (`Scorer::push_record`),
//!   against a hand-written loop computing the same six results from typed
//!   structs with no DSL at all;
//! - `ndjson`: NDJSON bytes in memory to a scorecard, against `serde_json`
//!   merely deserializing the same lines into typed structs;
//! - `csv`: CSV bytes to a scorecard, against the `csv` crate deserializing
//!   the columns yardstick reads into typed structs, and a floor: the `csv`
//!   crate splitting rows into byte records, nothing more;
//! - `live`: 200,000 records pushed one by one with a scorecard asked for
//!   every 1,000 (as a help desk's live view would), against the same
//!   pushes with one scorecard at the end: the difference is what 200 live
//!   scorecards cost;
//! - `parse_check`: parsing and checking a 200-standard `.std` file.
//!
//! Throughput is in records (standards for `parse_check`) per second.
//! `YARDSTICK_BENCH_RECORDS` changes the record count (default 1,000,000
//! for the hot loop, 200,000 for the readers).

#[path = "../examples/common/synthetic.rs"]
mod synthetic;

#[path = "support/hand_written.rs"]
mod hand_written;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use yardstick::record::{Cell, RecordBuf};
use yardstick::{Plan, ScoreOptions, Scorer, Standards};

const CONTACT_CENTRE: &str = include_str!("../examples/contact-centre.std");

fn records(default: usize) -> usize {
    std::env::var("YARDSTICK_BENCH_RECORDS").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn plan() -> Plan {
    Plan::compile(&Standards::parse(CONTACT_CENTRE).expect("the example parses")).expect("the standards compile")
}

/// Judging open items at a fixed instant keeps both sides equal.
fn options() -> ScoreOptions {
    ScoreOptions { as_of: Some(hand_written::as_of()), ..ScoreOptions::default() }
}

/// A synthetic record as cells of the plan's slots (timestamps pre-parsed).
fn to_cells(plan: &Plan, r: &synthetic::Record) -> RecordBuf {
    let mut buf = plan.record_buf();
    let slot = |name: &str| plan.slot(name);
    let mut text = |name: &str, value: Option<&str>| {
        if let (Some(s), Some(v)) = (slot(name), value) {
            buf.set_str(s, v);
        }
    };
    text("channel", Some(r.channel));
    text("team", Some(r.team));
    text("agent", Some(r.agent));
    text("priority", r.priority);
    let times = [
        ("created_at", Some(r.created_at)),
        ("answered_at", r.answered_at),
        ("first_response_at", r.first_response_at),
    ];
    for (name, value) in times {
        if let (Some(s), Some(t)) = (slot(name), value) {
            buf.set_time(s, t);
        }
    }
    let cells = [
        ("rings", r.rings.map(Cell::Int)),
        ("wrap_up_seconds", r.wrap_up_seconds.map(Cell::Int)),
        ("greeted_by_name", r.greeted_by_name.map(Cell::Bool)),
        ("abandoned", r.abandoned.map(Cell::Bool)),
        ("csat", r.csat.map(Cell::Float)),
    ];
    for (name, value) in cells {
        if let (Some(s), Some(c)) = (slot(name), value) {
            buf.set(s, c);
        }
    }
    buf
}

fn hot_loop(c: &mut Criterion) {
    let n = records(1_000_000);
    let plan = plan();
    let mut source = synthetic::Synthetic::new(1);
    let typed: Vec<synthetic::Record> = (0..n).map(|_| source.next_record()).collect();
    let cells: Vec<RecordBuf> = typed.iter().map(|r| to_cells(&plan, r)).collect();
    let hand: Vec<hand_written::Interaction> = typed.iter().map(hand_written::Interaction::from).collect();
    let calendar = hand_written::office(&plan);
    hand_written::assert_same_results(&plan, &cells, &hand, &calendar);

    let mut group = c.benchmark_group("hot_loop");
    group.throughput(Throughput::Elements(n as u64)).sample_size(10);
    group.bench_function("yardstick", |b| {
        b.iter(|| {
            let mut scorer = Scorer::new(&plan, options());
            for record in &cells {
                scorer.push_record(record).expect("good records");
            }
            black_box(scorer.scorecard())
        })
    });
    group.bench_function("hand_written", |b| b.iter(|| black_box(hand_written::score(&hand, &calendar))));
    group.finish();
}

fn ndjson(c: &mut Criterion) {
    let n = records(200_000);
    let mut source = synthetic::Synthetic::new(2);
    let mut line = String::new();
    let mut bytes = String::new();
    for _ in 0..n {
        source.next_json(&mut line);
        bytes.push_str(&line);
        bytes.push('\n');
    }
    let plan = plan();
    let mut group = c.benchmark_group("ndjson");
    group.throughput(Throughput::Elements(n as u64)).sample_size(10);
    group.bench_function("yardstick", |b| {
        b.iter(|| {
            let mut scorer = Scorer::new(&plan, options());
            scorer.feed_ndjson(bytes.as_bytes(), "bench").expect("good records");
            black_box(scorer.scorecard())
        })
    });
    group.bench_function("serde_json_parse_only", |b| {
        b.iter(|| {
            for line in bytes.lines() {
                let parsed: hand_written::JsonInteraction = serde_json::from_str(line).expect("valid JSON");
                black_box(parsed);
            }
        })
    });
    group.finish();
}

fn csv(c: &mut Criterion) {
    let n = records(200_000);
    let mut source = synthetic::Synthetic::new(3);
    let mut row = String::new();
    let mut bytes = synthetic::CSV_HEADER.join(",") + "\n";
    for _ in 0..n {
        source.next_csv(&mut row);
        bytes.push_str(&row);
        bytes.push('\n');
    }
    let plan = plan();
    let mut group = c.benchmark_group("csv");
    group.throughput(Throughput::Elements(n as u64)).sample_size(10);
    group.bench_function("yardstick", |b| {
        b.iter(|| {
            let mut scorer = Scorer::new(&plan, options());
            scorer.feed_csv(bytes.as_bytes(), "bench").expect("good records");
            black_box(scorer.scorecard())
        })
    });
    group.bench_function("csv_parse_only", |b| {
        b.iter(|| {
            // Only the columns yardstick reads, by position, as it does.
            let mut reader = ::csv::Reader::from_reader(bytes.as_bytes());
            let headers = reader.headers().expect("a header").clone();
            let wanted: Vec<usize> = (0..headers.len()).filter(|&i| plan.slot(&headers[i]).is_some()).collect();
            let names = ::csv::StringRecord::from(wanted.iter().map(|&i| &headers[i]).collect::<Vec<_>>());
            let mut record = ::csv::StringRecord::new();
            let mut picked = ::csv::StringRecord::new();
            while reader.read_record(&mut record).expect("valid CSV") {
                picked.clear();
                wanted.iter().for_each(|&i| picked.push_field(&record[i]));
                let parsed: hand_written::CsvInteraction = picked.deserialize(Some(&names)).expect("typed");
                black_box(parsed);
            }
        })
    });
    group.bench_function("csv_byte_records_floor", |b| {
        b.iter(|| {
            let mut reader = ::csv::Reader::from_reader(bytes.as_bytes());
            let mut record = ::csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).expect("valid CSV") {
                black_box(&record);
            }
        })
    });
    group.finish();
}

fn live(c: &mut Criterion) {
    let n = records(200_000);
    let plan = plan();
    let mut source = synthetic::Synthetic::new(4);
    let cells: Vec<RecordBuf> = (0..n).map(|_| to_cells(&plan, &source.next_record())).collect();
    let mut group = c.benchmark_group("live");
    group.throughput(Throughput::Elements(n as u64)).sample_size(10);
    // No `as_of`: open items stay pending, as in a live feed.
    let score = |every: usize| {
        let mut scorer = Scorer::new(&plan, ScoreOptions::default());
        let mut cards = 0;
        for (i, record) in cells.iter().enumerate() {
            scorer.push_record(record).expect("good records");
            if (i + 1) % every == 0 {
                cards += black_box(scorer.scorecard()).standards.len();
            }
        }
        black_box(scorer.scorecard());
        cards
    };
    group.bench_function("scorecard_every_1000", |b| b.iter(|| score(1_000)));
    group.bench_function("scorecard_at_the_end", |b| b.iter(|| score(usize::MAX)));
    group.finish();
}

/// A 200-standard file: the example's six kinds of standard over and over,
/// with distinct names and varied numbers.
fn two_hundred_standards() -> String {
    let templates = [
        "calls answered within {n} rings 95% of the time per day by team",
        "urgent_emails responded within {n} business hours on office 90% of the time per week",
        "calls greeted by name always where team is not \"training\"",
        "calls abandoned at most {n}% of the time per day",
        "average wrap-up time for calls at most {n} minutes per day by agent",
        "p90 csat for chats at least {n} per month where team in [\"north\", \"south\"] or agent is missing",
    ];
    let head = CONTACT_CENTRE.split("standard \"").next().unwrap_or_default();
    let mut text = head.to_string();
    for i in 0..200 {
        let body = templates[i % templates.len()].replace("{n}", &(i % 9 + 1).to_string());
        text.push_str(&format!("standard \"Standard {i}\":\n  {body}\n\n"));
    }
    text
}

fn parse_check(c: &mut Criterion) {
    let text = two_hundred_standards();
    assert_eq!(Standards::parse(&text).expect("the bench file parses").len(), 200);
    let mut group = c.benchmark_group("parse_check");
    group.throughput(Throughput::Elements(200));
    group.bench_function("200_standards", |b| b.iter(|| black_box(Standards::parse(black_box(&text)))));
    group.bench_function("200_standards_and_compile", |b| {
        b.iter_batched(
            || Standards::parse(&text).expect("parses"),
            |s| black_box(Plan::compile(&s).expect("the standards compile")),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

criterion_group!(benches, hot_loop, ndjson, csv, live, parse_check);
criterion_main!(benches);
