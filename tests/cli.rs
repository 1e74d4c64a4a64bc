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
