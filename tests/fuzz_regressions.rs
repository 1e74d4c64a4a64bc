//! The fuzz targets' checks, replayed without libFuzzer: every file of the
//! minimized corpora in `tests/fuzz/corpus/TARGET/` and every crash
//! reproducer in `tests/fuzz/regressions/TARGET/` goes through the same
//! function the fuzz target calls (`fuzz/fuzz_targets/common/mod.rs`,
//! included here by path), so `cargo test` re-checks what the fuzzing
//! campaigns found and covered. SECURITY.md says how to refresh them.

use std::path::{Path, PathBuf};

#[path = "../fuzz/fuzz_targets/common/mod.rs"]
mod checks;

use checks::Format;

/// The files of a folder, sorted, with their bytes.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    files.sort();
    files.into_iter().map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect()
}

/// Runs `check` on every input of a folder, naming the input that fails.
fn replay(dir: &Path, check: fn(&[u8])) -> usize {
    let files = inputs(dir);
    for (path, bytes) in &files {
        if std::panic::catch_unwind(|| check(bytes)).is_err() {
            panic!("{} fails its fuzz target's check", path.display());
        }
    }
    files.len()
}

/// The checked-in corpus of a target must be there and pass.
fn replay_corpus(target: &str, check: fn(&[u8])) {
    let count = replay(&Path::new("tests/fuzz/corpus").join(target), check);
    assert!(count >= 10, "tests/fuzz/corpus/{target} has {count} files: was it deleted?");
    replay(&Path::new("tests/fuzz/regressions").join(target), check);
}

fn score_ndjson(data: &[u8]) {
    checks::score(Format::Ndjson, data);
}

fn score_csv(data: &[u8]) {
    checks::score(Format::Csv, data);
}

#[test]
fn parse_corpus_and_regressions() {
    replay_corpus("parse", checks::parse);
}

#[test]
fn roundtrip_corpus_and_regressions() {
    replay_corpus("roundtrip", checks::roundtrip);
}

#[test]
fn score_ndjson_corpus_and_regressions() {
    replay_corpus("score_ndjson", score_ndjson);
}

#[test]
fn score_csv_corpus_and_regressions() {
    replay_corpus("score_csv", score_csv);
}

/// The checks themselves catch what they are meant to: a scorecard whose
/// books do not balance fails `check_card`.
#[test]
fn the_accounting_check_can_fail() {
    let mut scorer = yardstick::Scorer::new(
        &yardstick::Plan::compile(&"standard \"Every record\": interactions abandoned never".parse().unwrap()).unwrap(),
        yardstick::ScoreOptions::default(),
    );
    scorer.push_json(br#"{"abandoned": false}"#).unwrap();
    let mut card = scorer.scorecard();
    checks::check_card(&card);
    card.records.read += 1;
    assert!(std::panic::catch_unwind(|| checks::check_card(&card)).is_err(), "a lost record must be noticed");
}

/// The independent count of records agrees with the scorer on the cases
/// that are easy to get wrong: blank lines, CR LF, no final newline, a
/// quoted newline in CSV, blank CSV lines.
#[test]
fn records_are_counted_independently() {
    assert_eq!(checks::count_records(Format::Ndjson, b"{}\n\n \r\n{}\r\n{}"), Some(3));
    assert_eq!(checks::count_records(Format::Csv, b"a,b\n1,\"x\ny\"\n\n2,3\n4\n"), Some(3));
    assert_eq!(checks::count_records(Format::Csv, b""), Some(0));
}

/// Found by `parse` as its slowest input (67 ms in release for 1.4 KB): a
/// `timezone "…"` of junk was compared with every zone name for a "did
/// you mean". Candidates the length difference rules out are now skipped
/// (tested in `suggest.rs`); the time is measured by
/// `cargo bench --bench hostile_inputs`, where a clock belongs.
#[test]
fn parse_slow_suggestion_for_a_long_time_zone() {
    let input = std::fs::read("tests/fuzz/regressions/parse/slow-suggestion-for-a-long-time-zone").unwrap();
    let text = String::from_utf8_lossy(&input).repeat(40);
    checks::parse(text.as_bytes());
}
