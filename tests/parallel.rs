//! Scoring on several threads gives the same scorecard, the same
//! rejections and the same first error as one thread.

use yardstick::{FeedError, OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

fn data() -> String {
    std::fs::read_to_string("examples/data/interactions.ndjson").unwrap()
}

/// The example data four times over (about 4.7 MB, several chunks), with
/// bad records at the given 1-based lines.
fn with_bad_lines(bad: &[usize]) -> String {
    let mut lines: Vec<String> = data().repeat(4).lines().map(str::to_string).collect();
    for &n in bad {
        lines[n - 1] = format!("{{\"channel\":\"phone\",\"rings\":\"bad at {n}\"}}");
    }
    lines.join("\n") + "\n"
}

fn score(text: &str, threads: usize, on_bad_record: OnBadRecord) -> Result<Scorecard, FeedError> {
    let standards = Standards::parse_file("examples/contact-centre.std").unwrap();
    let mut scorer = Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions { as_of: None, on_bad_record });
    if threads == 1 {
        scorer.feed_ndjson(text.as_bytes(), "data.ndjson")?;
    } else {
        scorer.feed_ndjson_parallel(text.as_bytes(), "data.ndjson", threads)?;
    }
    Ok(scorer.scorecard())
}

#[test]
fn any_number_of_threads_gives_the_same_scorecard() {
    let text = with_bad_lines(&[3, 7_000, 19_999]);
    let one = score(&text, 1, OnBadRecord::Skip).unwrap();
    assert_eq!(one.records.rejected, 3);
    for threads in [2, 3, 4] {
        assert_eq!(score(&text, threads, OnBadRecord::Skip).unwrap(), one, "{threads} threads");
    }
}

#[test]
fn the_first_bad_record_in_the_file_is_the_one_reported() {
    let text = with_bad_lines(&[12_345, 4_321, 19_000]);
    for threads in [1, 2, 4] {
        let error = score(&text, threads, OnBadRecord::Fail).unwrap_err();
        assert_eq!(
            error.to_string(),
            "bad record at data.ndjson, line 4321, field `rings`: expected a number, found the text \"bad at 4321\"",
            "{threads} threads"
        );
    }
}

#[test]
fn a_line_over_the_limit_is_skipped_on_any_thread() {
    let mut text = data();
    text.push_str(&format!("{{\"notes\":\"{}\"}}\n", "x".repeat(17 * 1024 * 1024)));
    text.push_str(&data());
    let one = score(&text, 1, OnBadRecord::Skip).unwrap();
    assert_eq!((one.records.read, one.records.rejected), (10_001, 1));
    assert_eq!(one.records.rejections[0].line, Some(5001));
    assert_eq!(score(&text, 2, OnBadRecord::Skip).unwrap(), one);
}

#[test]
fn input_without_a_final_newline() {
    let text = data();
    let trimmed = text.trim_end();
    assert_eq!(score(trimmed, 2, OnBadRecord::Fail).unwrap(), score(trimmed, 1, OnBadRecord::Fail).unwrap());
}
