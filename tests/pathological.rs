//! Pathological input (issue #7): huge numbers, deep nesting, a million
//! standards, a 100 MB line, NaN, timestamps out of range, invalid UTF-8,
//! ragged CSV and duplicate keys. Each must end quickly, in bounded memory,
//! with a clear error (or, where the input is valid, a correct score).
//!
//! 10,000-deep nesting in a `.std` file is in `tests/hostile.rs`
//! (`ten_thousand_nested_parentheses`, `ten_thousand_nots_in_a_row`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Read;

use yardstick::syntax::{self, ErrorKind};
use yardstick::{BadRecord, Error, FeedError, OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

/// Counts the bytes live on the current thread and their peak, so a test
/// can bound the memory its own work takes while other tests run.
struct PerThread;

thread_local! {
    static TRACKING: Cell<bool> = const { Cell::new(false) };
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn track(delta: isize) {
    // `try_with`: thread-locals may be gone while a thread exits.
    let _ = TRACKING.try_with(|on| {
        if on.get() {
            let live = LIVE.with(|l| {
                l.set(l.get() + delta);
                l.get()
            });
            PEAK.with(|p| p.set(p.get().max(live)));
        }
    });
}

// SAFETY: every call is passed straight to the system allocator; the
// bookkeeping only touches const-initialized thread-locals, which never
// allocate.
unsafe impl GlobalAlloc for PerThread {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        track(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        track(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        track(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: PerThread = PerThread;

/// The most memory `f` held at once on this thread, in bytes.
fn peak_memory(f: impl FnOnce()) -> usize {
    LIVE.with(|l| l.set(0));
    PEAK.with(|p| p.set(0));
    TRACKING.with(|t| t.set(true));
    f();
    TRACKING.with(|t| t.set(false));
    PEAK.with(|p| p.get()).max(0) as usize
}

const STANDARDS: &str = r#"
standard "pickup": calls answered within 20 seconds 80% of the time per day by team
standard "rings": calls answered within 3 rings 80% of the time by team
standard "csat": average csat for chats at least 4 by team
"#;

fn scorer(on_bad_record: OnBadRecord) -> Scorer {
    let standards: Standards = STANDARDS.parse().unwrap();
    Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions { as_of: None, on_bad_record })
}

/// The bad record that stops a default (fail) run over NDJSON lines.
fn bad_ndjson(data: &[u8]) -> BadRecord {
    match scorer(OnBadRecord::Fail).feed_ndjson(data, "p.ndjson") {
        Err(FeedError::BadRecord(bad)) => bad,
        other => panic!("expected a bad record, got {other:?}"),
    }
}

/// The bad record that stops a default (fail) run over CSV text.
fn bad_csv(data: &[u8]) -> BadRecord {
    match scorer(OnBadRecord::Fail).feed_csv(data, "p.csv") {
        Err(FeedError::BadRecord(bad)) => bad,
        other => panic!("expected a bad record, got {other:?}"),
    }
}

/// The scorecard of NDJSON that has no bad record.
fn good_ndjson(data: &[u8]) -> Scorecard {
    let mut scorer = scorer(OnBadRecord::Fail);
    scorer.feed_ndjson(data, "p.ndjson").unwrap();
    scorer.scorecard()
}

fn standards_error(source: &str) -> String {
    Standards::parse(source).unwrap_err().render_plain()
}

// ---------------------------------------------------------------- numbers

#[test]
fn huge_numbers_in_standards_are_errors() {
    let text = standards_error("standard \"n\": calls answered within 1e400 seconds always");
    assert!(text.contains("unexpected `1e400`; expected a number with its unit"), "{text}");
    let text = standards_error("standard \"n\": calls abandoned never where wait_seconds > -1e308");
    assert!(text.contains("unexpected `-1e308`"), "{text}");
    for digits in ["123456789012345678901234567890", "-100000000000000000000000000000"] {
        let text = standards_error(&format!("standard \"n\": calls abandoned never where wait_seconds > {digits}"));
        assert!(text.contains(&format!("`{digits}` has more than 15 significant digits")), "{text}");
    }
}

/// The largest quantity the language accepts (15 digits of days) must not
/// overflow when turned into microseconds.
#[test]
fn the_largest_accepted_quantity_scores_without_overflow() {
    let standards: Standards = "standard \"n\": calls answered within 999999999999999 days always\nstandard \"m\": \
         average answer time for calls at most 999999999999999 days"
        .parse()
        .unwrap();
    let mut scorer = Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions::default());
    let line = r#"{"channel":"phone","created_at":"0001-01-01T00:00:00Z","answered_at":"9999-12-31T23:59:59Z"}"#;
    scorer.push_json(line.as_bytes()).unwrap();
    let card = scorer.scorecard();
    assert_eq!(card.standards[0].results[0].hits, Some(1));
    assert_eq!(card.standards[1].results[0].passed, Some(true));
}

#[test]
fn huge_numbers_in_records_are_bad_records() {
    let chat = |csat: &str| format!("{{\"channel\":\"chat\",\"csat\":{csat}}}\n");
    // SPEC §4: exact up to 15 digits before the point and 9 after; beyond
    // that a bad record that names the field and the limit.
    let whole = "numbers are read exactly up to 15 digits before the decimal point";
    let bad = bad_ndjson(chat("1e400").as_bytes());
    assert_eq!(
        bad.to_string(),
        format!("bad record at p.ndjson, line 1, field `csat`: \"1e400\" is out of range: {whole}")
    );
    let bad = bad_ndjson(chat("-1e308").as_bytes());
    assert_eq!(bad.problem, format!("\"-1e308\" is out of range: {whole}"));
    let bad = bad_ndjson(chat("123456789012345678901234567890").as_bytes());
    assert_eq!(bad.problem, format!("\"123456789012345678901234567890\" is out of range: {whole}"));
    // 10^15 is the first number out of range; 10^15 - 0.000000001 the last in.
    let bad = bad_ndjson(chat("1000000000000000").as_bytes());
    assert_eq!(bad.problem, format!("\"1000000000000000\" is out of range: {whole}"));
    good_ndjson(chat("999999999999999.999999999").as_bytes());
    let bad = bad_ndjson(chat("4.0000000001").as_bytes());
    assert_eq!(
        bad.problem,
        "\"4.0000000001\" is out of range: numbers are read exactly up to 9 digits after the decimal point"
    );
    let bad = bad_csv(b"channel,csat\nchat,1e400\n");
    assert_eq!(
        bad.to_string(),
        format!("bad record at p.csv, line 2, field `csat`: \"1e400\" is out of range: {whole}")
    );
}

/// A huge number where no standard reads a number is not converted, so
/// it is not an error: a group keeps it.
#[test]
fn huge_numbers_no_standard_measures_are_fine() {
    let data = b"{\"channel\":\"chat\",\"notes\":1e400,\"csat\":4,\"team\":123456789012345678901234567890}\n";
    let card = good_ndjson(data);
    // Every digit is kept, as a JSON number.
    assert!(card.to_json().contains(r#""team": 123456789012345678901234567890"#), "{}", card.to_json());
}

// ---------------------------------------------------------------- nesting

/// Runs `f` on a thread with a small stack: deep input must not recurse.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(256 * 1024).spawn(f).unwrap().join().unwrap();
}

/// Nested JSON values are skipped without recursion (serde_json's
/// `IgnoredAny` walks them with a loop; its recursion limit of 128 guards
/// the values it builds, and yardstick builds none deeper than the record),
/// so a million levels cost a little time and no stack. In a field a
/// standard reads, a list is a bad record; in one it ignores, it is fine.
#[test]
fn deeply_nested_json_values_are_bad_records_or_ignored_not_a_stack_overflow() {
    on_small_stack(|| {
        let deep = |field: &str, open: &str, close: &str| {
            let depth = 1_000_000;
            format!("{{\"channel\":\"chat\",\"{field}\":{}1{}}}\n", open.repeat(depth), close.repeat(depth))
        };
        let bad = bad_ndjson(deep("csat", "[", "]").as_bytes());
        assert_eq!(
            bad.to_string(),
            "bad record at p.ndjson, line 1, field `csat`: expected a number, found a list or an object"
        );
        let bad = bad_ndjson(deep("team", "{\"a\":", "}").as_bytes());
        assert_eq!(bad.problem, "cannot group by a list or an object: expected text, a number, true, false or null");
        let card = good_ndjson(deep("notes", "[", "]").as_bytes());
        assert_eq!(card.records.read, 1);
        let unclosed = format!("{{\"notes\":{}\n", "[".repeat(100_000));
        assert!(bad_ndjson(unclosed.as_bytes()).problem.starts_with("invalid JSON: EOF while parsing"));
    });
}

// ---------------------------------------------------------------- standards

/// A million `standard` statements are 40 MB: the file-size limit answers
/// before anything is split or parsed.
#[test]
fn a_million_standards_hit_the_file_size_limit_at_once() {
    let text: String = (0..1_000_000).map(|i| format!("standard \"s{i}\": calls abandoned never\n")).collect();
    // Timed in `benches/hostile_inputs.rs`.
    let diagnostics = Standards::parse(&text).unwrap_err();
    assert!(matches!(diagnostics.errors(), [Error::Syntax(e)] if matches!(e.kind, ErrorKind::FileTooLarge { .. })));
    assert!(diagnostics.render_plain().contains("the limit is 4194304"));
}

/// Under the file-size limit, 100,000 statements stop at the statement
/// limit: the splitter refuses the rest before parsing. (The first 20,000
/// are still parsed and checked, for their own errors, which bounds the
/// cost: about 3 s in a debug build, a fraction of that in release.)
#[test]
fn a_hundred_thousand_standards_hit_the_statement_limit() {
    let text: String = (0..100_000).map(|i| format!("standard \"s{i}\": calls abandoned never\n")).collect();
    assert!(text.len() < syntax::MAX_FILE_BYTES);
    let diagnostics = Standards::parse(&text).unwrap_err();
    let text = diagnostics.render_plain();
    assert!(text.contains(&format!("the file has more than {} statements", syntax::MAX_STATEMENTS)), "{text}");
}

/// Names too long to be misspelled are not compared with every known
/// one: a "did you mean" search of 64 KiB time zones and measure phrases
/// against every zone name took 2 s per statement (in release), so a 4 MiB
/// file of them took minutes. Now the length rules them out at once.
#[test]
fn huge_unknown_names_are_not_searched_for_suggestions() {
    let name = "x".repeat(60_000);
    let text = format!(
        "timezone \"{name}\"\ncalendar c:\n  timezone \"{name}\"\n  mon 09:00-17:00\n\
         standard \"s\": calls {name} within 3 rings always\nstandard \"t\": {name} answered within 3 rings always\n"
    );
    // Timed in `benches/hostile_inputs.rs`.
    let rendered = Standards::parse(&text).unwrap_err().render_plain();
    assert!(rendered.contains("unknown time zone"), "{rendered}");
}

// ---------------------------------------------------------------- long lines

/// A reader of a 100 MB line between two good records, made on the fly
/// so that the test itself holds none of it.
struct HugeLine {
    before: &'static [u8],
    filler: usize,
    after: &'static [u8],
}

impl Read for HugeLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.before.is_empty() {
            return self.before.read(buf);
        }
        if self.filler > 0 {
            let n = buf.len().min(self.filler);
            buf[..n].fill(b'x');
            self.filler -= n;
            return Ok(n);
        }
        self.after.read(buf)
    }
}

const GOOD: &str =
    r#"{"channel":"phone","created_at":"2026-11-23T09:00:00Z","answered_at":"2026-11-23T09:00:05Z","rings":1}"#;

fn huge_line() -> std::io::BufReader<HugeLine> {
    let before = format!("{GOOD}\n{{\"notes\":\"").leak().as_bytes();
    let after = format!("\"}}\n{GOOD}\n").leak().as_bytes();
    std::io::BufReader::new(HugeLine { before, filler: 100 << 20, after })
}

#[test]
fn a_100_megabyte_line_is_a_bad_record_read_in_bounded_memory() {
    let mut skipping = scorer(OnBadRecord::Skip);
    let peak = peak_memory(|| skipping.feed_ndjson(huge_line(), "big.ndjson").unwrap());
    assert!(peak < 20 << 20, "held {peak} bytes for a 100 MB line");
    let card = skipping.scorecard();
    assert_eq!((card.records.read, card.records.rejected), (3, 1));
    let rejection = &card.records.rejections[0];
    let length = (100 << 20) + "{\"notes\":\"\"}".len();
    assert_eq!(rejection.line, Some(2));
    assert_eq!(rejection.reason, format!("the line is {length} bytes long; the limit is 16777216"));
    assert_eq!(card.standards[0].results[0].hits, Some(2), "both good records were scored");

    let error = scorer(OnBadRecord::Fail).feed_ndjson(huge_line(), "big.ndjson").unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("bad record at big.ndjson, line 2: the line is {length} bytes long; the limit is 16777216")
    );
}

// ---------------------------------------------------------------- NaN

#[test]
fn nan_and_infinity_in_csv_are_bad_records() {
    for cell in ["NaN", "inf", "-inf", "infinity"] {
        let bad = bad_csv(format!("channel,csat\nchat,{cell}\n").as_bytes());
        assert_eq!(bad.to_string(), format!("bad record at p.csv, line 2, field `csat`: \"{cell}\" is not a number"));
    }
}

#[derive(serde::Serialize)]
struct Chat {
    channel: &'static str,
    csat: f64,
    team: f64,
}

/// Host values can be NaN or infinite (JSON cannot): a bad record that
/// says so where a standard reads the number or groups by it, and nothing
/// where no standard reads it.
#[test]
fn nan_and_infinity_from_the_host_are_bad_records_that_say_so() {
    let mut scorer = scorer(OnBadRecord::Fail);
    let error = scorer.push(&Chat { channel: "chat", csat: f64::NAN, team: 1.0 }).unwrap_err();
    assert_eq!(error.to_string(), "bad record at record 1, field `csat`: NaN is not a finite number");
    let error = scorer.push(&Chat { channel: "chat", csat: f64::NEG_INFINITY, team: 1.0 }).unwrap_err();
    assert_eq!(error.problem, "-inf is not a finite number");
    let error = scorer.push(&Chat { channel: "chat", csat: 4.0, team: f64::INFINITY }).unwrap_err();
    assert_eq!((error.field.as_deref(), error.problem.as_str()), (Some("team"), "cannot group by the number inf"));
    scorer.push(&Chat { channel: "email", csat: f64::NAN, team: 1.0 }).unwrap();
    assert_eq!(scorer.scorecard().records.read, 1, "an email's csat is read by no standard");
}

// ---------------------------------------------------------------- timestamps

#[test]
fn timestamps_out_of_range_are_bad_records_that_say_why() {
    let cases = [
        ("10000-01-01T00:00:00Z", "is not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\""),
        ("2026-11-23T09:00:00+25:00", "is not an RFC 3339 timestamp such as \"2026-11-23T14:05:00Z\""),
        ("0000-01-01T00:00:00Z", "is outside the years 1 to 9999 (UTC)"),
        ("+10000-01-01T00:00:00", "is outside the years 1 to 9999 (UTC)"),
        (
            "2016-12-31T23:59:60Z",
            "is a leap second, which yardstick does not count (write 23:59:59 or the next second)",
        ),
    ];
    for (time, why) in cases {
        let expected = format!("field `created_at`: \"{time}\" {why}");
        let line = format!("{{\"channel\":\"phone\",\"created_at\":\"{time}\"}}\n");
        let bad = bad_ndjson(line.as_bytes());
        assert_eq!(bad.to_string(), format!("bad record at p.ndjson, line 1, {expected}"));
        let bad = bad_csv(format!("channel,created_at\nphone,{time}\n").as_bytes());
        assert_eq!(bad.to_string(), format!("bad record at p.csv, line 2, {expected}"));
    }
}

// ---------------------------------------------------------------- UTF-8

/// Invalid UTF-8 where a standard reads text is a bad record with its
/// line; values no standard reads are skipped without being decoded.
#[test]
fn invalid_utf8_is_a_bad_record_with_its_line() {
    let bad = bad_ndjson(b"{\"channel\":\"phone\"}\n{\"channel\":\"phone\",\"team\":\"\xff\"}\n");
    assert_eq!(bad.to_string(), "bad record at p.ndjson, line 2: invalid JSON: invalid unicode code point (column 28)");
    let bad = bad_ndjson(b"{\"channel\":\xc3\x28}\n");
    assert!(bad.problem.starts_with("invalid JSON"), "{bad}");
    let bad = bad_csv(b"channel,team\nphone,north\nphone,\xffsouth\n");
    assert_eq!(bad.to_string(), "bad record at p.csv, line 3, field `team`: the cell is not valid UTF-8");
    assert_eq!(good_ndjson(b"{\"channel\":\"phone\",\"notes\":\"\xff\"}\n").records.read, 1);
    let mut csv = scorer(OnBadRecord::Fail);
    csv.feed_csv(&b"channel,notes\nphone,\xff\n"[..], "p.csv").unwrap();
    assert_eq!(csv.records_read(), 1);
}

// ---------------------------------------------------------------- CSV shape

/// Short rows are in `tests/bad_records.rs`; here: long rows and a
/// quoted cell over two lines, each row counted once.
#[test]
fn ragged_csv_rows_are_each_one_bad_record() {
    let data = b"channel,rings,team\n\
                 phone,1,a,extra\n\
                 phone,\"2\n\",a\n\
                 phone,1,a,b,c\n\
                 phone,2,a\n";
    let bad = bad_csv(data);
    assert_eq!(bad.to_string(), "bad record at p.csv, line 2: the row has 4 cells but the header has 3");
    let mut skipping = scorer(OnBadRecord::Skip);
    skipping.feed_csv(&data[..], "p.csv").unwrap();
    let card = skipping.scorecard();
    let reasons: Vec<_> = card.records.rejections.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [(Some(2), "the row has 4 cells but the header has 3"), (Some(5), "the row has 5 cells but the header has 3")]
    );
    assert_eq!((card.records.read, card.records.rejected), (4, 2));
    assert_eq!(card.standards[1].results[0].hits, Some(2), "`\"2\\n\"` is 2 rings");
}

/// A quote left open would run to the end of the input, as in every
/// RFC 4180 reader, turning the rows after it into text in one cell; the
/// csv crate does not report it, so yardstick watches for it: the row is a
/// bad record, and an open quote in the header row is a header error.
#[test]
fn an_unclosed_csv_quote_is_a_bad_record_not_lost_rows() {
    let data = b"channel,rings,team\nphone,1,a\nphone,1,\"a\nphone,2,a\nphone,3,a\n";
    let bad = bad_csv(data);
    assert_eq!(
        bad.to_string(),
        "bad record at p.csv, line 3: a quoted cell in this row is never closed: it runs to the end of the input \
         (line 6)"
    );
    let mut skipping = scorer(OnBadRecord::Skip);
    skipping.feed_csv(&data[..], "p.csv").unwrap();
    assert_eq!((skipping.records_read(), skipping.records_rejected()), (2, 1));
    let short = b"channel,rings,team\nphone,\"1,a\nphone,2,a\n";
    assert!(bad_csv(short).problem.starts_with("a quoted cell in this row is never closed"));
    let header = scorer(OnBadRecord::Skip).feed_csv(&b"channel,\"rings\nphone,1\n"[..], "p.csv").unwrap_err();
    assert!(matches!(header, FeedError::Header { .. }), "{header}");
    assert!(header.to_string().contains("never closed"), "{header}");
}

// ---------------------------------------------------------------- duplicates

/// README: when a key appears twice, the last value wins — for the
/// population, the measure and the group alike.
#[test]
fn duplicate_json_keys_last_wins_through_a_scorecard() {
    let data = br#"{"channel":"email","channel":"phone","rings":9,"rings":2,"team":"a","team":"b"}
{"channel":"phone","channel":"chat","rings":9,"csat":1,"csat":5,"team":"b"}
"#;
    let card = good_ndjson(data);
    let json: serde_json::Value = serde_json::from_str(&card.to_json()).unwrap();
    let rings = &json["standards"][1]["results"];
    assert_eq!(rings.as_array().unwrap().len(), 1);
    assert_eq!(rings[0]["group"]["team"], "b");
    assert_eq!((&rings[0]["hits"], &rings[0]["misses"]), (&1.into(), &0.into()));
    let csat = &json["standards"][2]["results"][0];
    assert_eq!((&csat["measured"], &csat["value"]), (&1.into(), &5.0.into()));
}
