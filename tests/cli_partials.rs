//! The command line's partials: `score --partial FILE` and `merge`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const STANDARDS: &str = "examples/contact-centre.std";
const DATA: &str = "examples/data/interactions.ndjson";

fn yardstick(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yardstick")).args(args).env("NO_COLOR", "1").output().unwrap()
}

/// A fresh directory of this test's own.
fn directory(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("yardstick-partials-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap();
    path
}

fn text(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bundled data cut in two halves, each scored to a partial (the
/// second with extra `args`).
fn halves(dir: &Path, args: &[&str]) -> (PathBuf, PathBuf) {
    let data = std::fs::read_to_string(DATA).unwrap();
    let lines: Vec<&str> = data.lines().collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let mut parts = Vec::new();
    for (i, half) in [first, second].into_iter().enumerate() {
        let records = dir.join(format!("half-{i}.ndjson"));
        std::fs::write(&records, half.join("\n") + "\n").unwrap();
        let part = dir.join(format!("half-{i}.partial"));
        let extra = if i == 1 { args } else { &[] };
        let out = yardstick(&[&["score", "--partial", text(&part)], extra, &[STANDARDS, text(&records)]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "a partial run prints no scorecard");
        assert!(stderr(&out).contains(&format!("note: wrote {} (2500 records read, 0 rejected)", text(&part))));
        parts.push(part);
    }
    let (b, a) = (parts.pop().unwrap(), parts.pop().unwrap());
    (a, b)
}

#[test]
fn merging_two_halves_prints_what_scoring_the_whole_prints() {
    let dir = directory("halves");
    let (a, b) = halves(&dir, &[]);
    for format in ["json", "text"] {
        let whole = yardstick(&["score", "--format", format, STANDARDS, DATA]);
        for parts in [[&a, &b], [&b, &a]] {
            let merged = yardstick(&["merge", "--format", format, STANDARDS, text(parts[0]), text(parts[1])]);
            assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
            assert_eq!(String::from_utf8_lossy(&merged.stdout), String::from_utf8_lossy(&whole.stdout));
            assert!(merged.stderr.is_empty(), "{}", stderr(&merged));
        }
    }
    // One part alone is that half's scorecard.
    let one = yardstick(&["merge", "--format", "json", STANDARDS, text(&a)]);
    let card: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(card["records"]["read"], 2500);
    // --fail-on-breach as with `score`: the bundled data breaches.
    let gate = yardstick(&["merge", "--fail-on-breach", STANDARDS, text(&a), text(&b)]);
    assert_eq!(gate.status.code(), Some(1));
    // The writes were atomic: nothing but the data and the partials is left.
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["half-0.ndjson", "half-0.partial", "half-1.ndjson", "half-1.partial"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_bad_part_exits_2_with_a_message_naming_it() {
    let dir = directory("bad");
    let (a, b) = halves(&dir, &[]);
    let bytes = std::fs::read(&b).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let torn = write("torn.partial", &bytes[..bytes.len() / 2]);
    let mut flipped = bytes.clone();
    flipped[bytes.len() / 3] ^= 0x20;
    let corrupt = write("corrupt.partial", &flipped);
    let future = write("future.partial", &[b"yardstick-partial 2\n", &bytes[20..]].concat());
    let other_standards = dir.join("other.partial");
    let out = yardstick(&[
        "score",
        "--partial",
        text(&other_standards),
        "examples/support-desk.std",
        "examples/data/support-desk.ndjson",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (_, as_of) = halves(&directory("as-of"), &["--as-of", "2026-12-01T00:00:00Z"]);
    let missing = dir.join("missing.partial");
    let cases: [(&Path, &str); 7] = [
        (&torn, "the partial is torn: it stops before its `end` line"),
        (&corrupt, "the partial is corrupt: its contents do not match its hash"),
        (&future, "the partial is in format version 2, which this yardstick does not know (it reads version 1)"),
        (&other_standards, "the partial was made from other standards (fingerprint "),
        (Path::new(DATA), "not a yardstick partial"),
        (&as_of, "the partial was scored with other options (--as-of 2026-12-01T00:00:00Z, --on-bad-record fail)"),
        (&missing, "cannot read"),
    ];
    for (part, message) in cases {
        for args in [[text(&a), text(part)], [text(part), text(&a)]] {
            if part == as_of && args[0] == text(part) {
                // First, it sets the options the other part is then refused for.
                continue;
            }
            let out = yardstick(&[&["merge", "--format", "json", STANDARDS][..], &args].concat());
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(out.stdout.is_empty(), "nothing is printed: {}", String::from_utf8_lossy(&out.stdout));
            let stderr = stderr(&out);
            let named = if part == missing {
                format!("error: cannot read {}: ", text(part))
            } else {
                format!("error: {}: {message}", text(part))
            };
            assert!(stderr.starts_with(&named), "{stderr}");
            assert!(stderr.contains(message), "{stderr}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(as_of.parent().unwrap()).unwrap();
}

#[test]
fn partial_conflicts_with_printing_options() {
    let dir = directory("usage");
    let part = dir.join("x.partial");
    for extra in ["--format=json", "--fail-on-breach"] {
        let out = yardstick(&["score", "--partial", text(&part), extra, STANDARDS, DATA]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    assert!(!part.exists());
    assert_eq!(yardstick(&["merge", STANDARDS]).status.code(), Some(2), "a part is required");
    // A partial that cannot be written is an error like unreadable input.
    let out = yardstick(&["score", "--partial", text(&dir.join("no/such/dir/x.partial")), STANDARDS, DATA]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: cannot write "), "{}", stderr(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
