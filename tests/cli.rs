//! The command line: exit codes and what goes to stdout and stderr.

use std::process::{Command, Output};

fn yardstick(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yardstick")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("yardstick-cli-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn check_exits_0_on_a_valid_file() {
    let out = yardstick(&["check", "examples/contact-centre.std"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "examples/contact-centre.std: 6 standards ok\n");
}

#[test]
fn check_exits_1_and_prints_every_error_on_stderr() {
    let out = yardstick(&["check", "tests/errors/several-errors.std"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("3 errors in tests/errors/several-errors.std"), "{stderr}");
    assert!(stderr.contains("did you mean `seconds`?"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(yardstick(&["check"]).status.code(), Some(2));
    assert_eq!(yardstick(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn explain_prints_each_standard_in_plain_words() {
    let out = yardstick(&["explain", "examples/contact-centre.std"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("standard \"Q-2 Telephone pickup\"\n  canonical:  calls answered within 3 rings 95% of the time per day by team\n"));
    assert!(text.contains("measure:    answered (a number of rings): field `rings`, in rings"));
    assert!(text.contains("grouping:   one result per distinct value of `team`"));
    assert_eq!(text.matches("canonical:").count(), 6);
}

#[test]
fn fmt_rewrites_to_canonical_form_and_check_reports() {
    let path = temp_file("fmt.std", "standard \"x\":   CALLS answered within three rings every time # comment\n");
    let file = path.to_str().unwrap();
    assert_eq!(yardstick(&["fmt", "--check", file]).status.code(), Some(1));
    assert_eq!(yardstick(&["fmt", file]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "standard \"x\":\n  calls answered within 3 rings always\n");
    assert_eq!(yardstick(&["fmt", "--check", file]).status.code(), Some(0));
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn fmt_leaves_a_file_with_errors_untouched() {
    let text = "standard \"x\": calls answered quickly\n";
    let path = temp_file("bad.std", text);
    assert_eq!(yardstick(&["fmt", path.to_str().unwrap()]).status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    std::fs::remove_file(&path).unwrap();
}

fn yardstick_with_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_yardstick"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn score_prints_tables_for_the_bundled_example() {
    let out = yardstick(&["score", "examples/contact-centre.std", "examples/data/interactions.ndjson"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("as of 2026-11-30T00:58:47Z · 5000 records read, 0 rejected\n"), "{stdout}");
    assert!(stdout.contains("Q-2 Telephone pickup — FAIL in 40 of 84 results"), "{stdout}");
    assert!(stdout.contains("│ ✗ ┆ 2026-11-03 ┆ team=north"), "failing rows are marked");
}

#[test]
fn score_json_is_the_same_from_ndjson_csv_and_stdin() {
    let args = ["score", "--format", "json", "examples/contact-centre.std"];
    let ndjson = yardstick(&[&args[..], &["examples/data/interactions.ndjson"]].concat());
    let csv = yardstick(&[&args[..], &["examples/data/interactions.csv"]].concat());
    let data = std::fs::read_to_string("examples/data/interactions.csv").unwrap();
    let stdin = yardstick_with_stdin(&[&args[..], &["--input-format", "csv", "-"]].concat(), &data);
    assert_eq!(ndjson.status.code(), Some(0));
    let card: serde_json::Value = serde_json::from_slice(&ndjson.stdout).unwrap();
    assert_eq!(card["records"]["read"], 5000);
    assert_eq!(ndjson.stdout, csv.stdout);
    assert_eq!(ndjson.stdout, stdin.stdout);
}

#[test]
fn score_stops_on_a_bad_record_and_prints_nothing_to_stdout() {
    let data = temp_file(
        "bad.ndjson",
        "{\"channel\":\"phone\",\"rings\":2}\n{\"channel\":\"phone\",\"rings\":\"two\"}\n{\"channel\":\"phone\",\"rings\":1}\n",
    );
    let path = data.to_str().unwrap();
    let out = yardstick(&["score", "--format", "json", "examples/contact-centre.std", path]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "all or nothing: {}", String::from_utf8_lossy(&out.stdout));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "error: bad record at {path}, line 2, field `rings`: expected a number, found the text \"two\""
        )),
        "{stderr}"
    );
    assert!(stderr.contains("--on-bad-record skip"), "{stderr}");

    let skipped =
        yardstick(&["score", "--format", "json", "--on-bad-record", "skip", "examples/contact-centre.std", path]);
    assert_eq!(skipped.status.code(), Some(0));
    let card: serde_json::Value = serde_json::from_slice(&skipped.stdout).unwrap();
    assert_eq!(card["records"]["read"], 3);
    assert_eq!(card["records"]["rejected"], 1);
    assert_eq!(card["records"]["rejections"][0]["line"], 2);
}

#[test]
fn score_as_of_and_fail_on_breach() {
    let data = temp_file(
        "open.ndjson",
        "{\"channel\":\"email\",\"priority\":\"urgent\",\"created_at\":\"2026-11-23T10:00:00Z\"}\n",
    );
    let path = data.to_str().unwrap();
    let early = yardstick(&[
        "score",
        "--format",
        "json",
        "--as-of",
        "2026-11-23T10:30:00Z",
        "examples/contact-centre.std",
        path,
    ]);
    let card: serde_json::Value = serde_json::from_slice(&early.stdout).unwrap();
    assert_eq!(card["as_of"], "2026-11-23T10:30:00Z");
    assert_eq!(card["standards"][1]["results"][0]["open"], 1);
    assert_eq!(early.status.code(), Some(0));
    let late = ["score", "--fail-on-breach", "--as-of", "2026-11-24T10:30:00Z", "examples/contact-centre.std", path];
    let out = yardstick(&late);
    assert_eq!(out.status.code(), Some(1), "the urgent email missed its hour");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Urgent email first response — FAIL"));
    assert_eq!(
        yardstick(&["score", "--as-of", "yesterday", "examples/contact-centre.std", path]).status.code(),
        Some(2)
    );
}

#[test]
fn score_reports_unreadable_input() {
    let out = yardstick(&["score", "examples/contact-centre.std", "no/such/file.ndjson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: cannot read no/such/file.ndjson: "));
}

/// A bad record in the last line of a large input, or in a second DATA
/// file after a good one, still leaves stdout empty: the scorecard is
/// printed only once every record of every file has been scored.
#[test]
fn score_prints_nothing_when_the_last_record_or_a_later_file_is_bad() {
    let good = std::fs::read_to_string("examples/data/interactions.ndjson").unwrap();
    let last_bad = temp_file("last-bad.ndjson", &format!("{good}{{\"channel\":\"phone\",\"rings\":\"two\"}}\n"));
    let second_bad = temp_file(
        "second-bad.csv",
        "channel,created_at,rings\nphone,2026-11-23T09:00:00Z,2\nphone,2026-11-23T09:00:00Z,two\n",
    );
    let last_bad = last_bad.to_str().unwrap();
    let second_bad = second_bad.to_str().unwrap();
    for (files, location) in [
        (vec![last_bad], format!("{last_bad}, line 5001")),
        (vec!["examples/data/interactions.ndjson", second_bad], format!("{second_bad}, line 3")),
        (vec!["examples/data/interactions.csv", last_bad], format!("{last_bad}, line 5001")),
    ] {
        for format in ["json", "text"] {
            let args = [&["score", "--format", format, "examples/contact-centre.std"][..], &files[..]].concat();
            let out = yardstick(&args);
            assert_eq!(out.status.code(), Some(1), "{files:?}");
            assert!(out.stdout.is_empty(), "all or nothing: {}", String::from_utf8_lossy(&out.stdout));
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains(&format!("bad record at {location}, field `rings`")), "{stderr}");
        }
    }
    let skipped = yardstick(&[
        "score",
        "--format",
        "json",
        "--on-bad-record",
        "skip",
        "examples/contact-centre.std",
        "examples/data/interactions.ndjson",
        second_bad,
    ]);
    let card: serde_json::Value = serde_json::from_slice(&skipped.stdout).unwrap();
    assert_eq!((card["records"]["read"].as_u64(), card["records"]["rejected"].as_u64()), (Some(5002), Some(1)));
    assert_eq!(card["records"]["rejections"][0]["source"], second_bad);
    std::fs::remove_file(last_bad).unwrap();
    std::fs::remove_file(second_bad).unwrap();
}
