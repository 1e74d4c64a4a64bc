//! The per-record path allocates nothing once the scorer has seen the
//! windows and groups: a counting global allocator proves it for NDJSON,
//! CSV and serde input.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use yardstick::{Plan, ScoreOptions, Scorer, Standards};

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed straight to the system allocator; the
// counter is only an atomic increment.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f`.
fn allocations(f: impl FnOnce()) -> usize {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    f();
    COUNTING.store(false, Ordering::SeqCst);
    ALLOCATIONS.load(Ordering::SeqCst)
}

fn scorer() -> Scorer {
    let standards = Standards::parse_file("examples/contact-centre.std").unwrap();
    Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions::default())
}

fn pushing_ndjson_lines_allocates_nothing_per_record() {
    let data = std::fs::read_to_string("examples/data/interactions.ndjson").unwrap();
    let mut lines: Vec<&str> = data.lines().collect();
    // Escaped strings and decimals are read without allocating too.
    lines.push(r#"{"channel":"chat","team":"n\u00f6r\"th","csat":4.25,"created_at":"2026-11-23T10:00:00Z"}"#);
    lines.push(
        r#"{"channel":"phone","team":"south","rings":2.0,"wrap_up_seconds":1.5e2,"created_at":"2026-11-23T10:00:00Z"}"#,
    );
    let mut scorer = scorer();
    // The first pass meets every window and group.
    for line in &lines {
        scorer.push_json(line.as_bytes()).unwrap();
    }
    let n = allocations(|| {
        for line in &lines {
            scorer.push_json(line.as_bytes()).unwrap();
        }
    });
    assert_eq!(n, 0, "{n} allocations for {} records", lines.len());
}

fn pushing_serde_values_allocates_nothing_per_record() {
    #[derive(serde::Serialize)]
    struct Call<'a> {
        channel: &'a str,
        team: &'a str,
        created_at: &'a str,
        rings: u32,
        greeted_by_name: bool,
        notes: Vec<u32>,
    }
    let calls: Vec<Call> = (0..1000)
        .map(|i| Call {
            channel: "phone",
            team: ["north", "south"][i % 2],
            created_at: "2026-11-23T10:00:00Z",
            rings: (i % 5) as u32,
            greeted_by_name: i % 7 != 0,
            notes: vec![1, 2, 3],
        })
        .collect();
    let mut scorer = scorer();
    calls.iter().for_each(|c| drop(scorer.push(c).unwrap()));
    let n = allocations(|| calls.iter().for_each(|c| drop(scorer.push(c).unwrap())));
    assert_eq!(n, 0);
}

fn the_counter_counts() {
    // The checks below could not fail if the allocator never counted.
    let n = allocations(|| drop(std::hint::black_box(vec![1u8; 10])));
    assert_eq!(n, 1);
}

fn feeding_streams_allocates_the_same_for_any_number_of_records() {
    let csv = std::fs::read_to_string("examples/data/interactions.csv").unwrap();
    let ndjson = std::fs::read_to_string("examples/data/interactions.ndjson").unwrap();
    let (header, rows) = csv.split_once('\n').unwrap();
    let twice_csv = format!("{header}\n{rows}{rows}");
    let twice_ndjson = ndjson.repeat(2);
    let mut scorer = scorer();
    scorer.feed_csv(csv.as_bytes(), "warm-up").unwrap();
    let once = allocations(|| scorer.feed_csv(csv.as_bytes(), "once").unwrap());
    let twice = allocations(|| scorer.feed_csv(twice_csv.as_bytes(), "twice").unwrap());
    assert_eq!(once, twice, "CSV: {once} allocations for 5000 rows, {twice} for 10000");
    let once = allocations(|| scorer.feed_ndjson(ndjson.as_bytes(), "once").unwrap());
    let twice = allocations(|| scorer.feed_ndjson(twice_ndjson.as_bytes(), "twice").unwrap());
    assert_eq!(once, twice, "NDJSON: {once} allocations for 5000 lines, {twice} for 10000");
}

/// One test only: the counter is global, and the test harness allocates
/// on its own threads whenever a test finishes, which would be counted
/// against another test still running.
#[test]
fn the_per_record_path_allocates_nothing() {
    the_counter_counts();
    pushing_ndjson_lines_allocates_nothing_per_record();
    pushing_serde_values_allocates_nothing_per_record();
    feeding_streams_allocates_the_same_for_any_number_of_records();
}
