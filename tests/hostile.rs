//! Hostile input: nothing panics, overflows the stack or runs away; limits
//! give clear errors.

use proptest::prelude::*;
use yardstick::syntax::{self, ErrorKind};
use yardstick::{Error, Standards};

fn syntax_kinds(source: &str) -> Vec<ErrorKind> {
    let diagnostics = Standards::parse(source).unwrap_err();
    diagnostics
        .errors()
        .iter()
        .filter_map(|e| match e {
            Error::Syntax(s) => Some(s.kind.clone()),
            _ => None,
        })
        .collect()
}

/// Runs `f` on a thread with a small stack, as a host program might.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new().stack_size(1024 * 1024).spawn(f).unwrap().join().unwrap();
}

#[test]
fn ten_thousand_nested_parentheses() {
    on_small_stack(|| {
        let source = format!(
            "standard \"deep\": calls abandoned never where {}a is 1{}",
            "(".repeat(10_000),
            ")".repeat(10_000)
        );
        assert_eq!(syntax_kinds(&source), [ErrorKind::TooDeep { limit: syntax::MAX_NESTING }]);
    });
}

#[test]
fn ten_thousand_nots_in_a_row() {
    on_small_stack(|| {
        let source = format!("standard \"nots\": calls abandoned never where {}a is 1", "not ".repeat(10_000));
        assert_eq!(syntax_kinds(&source), [ErrorKind::TooDeep { limit: syntax::MAX_NESTING }]);
    });
}

#[test]
fn nesting_up_to_the_limit_is_fine() {
    on_small_stack(|| {
        let depth = syntax::MAX_NESTING;
        let source =
            format!("standard \"ok\": calls abandoned never where {}a is 1{}", "(".repeat(depth), ")".repeat(depth));
        Standards::parse(&source).unwrap();
    });
}

#[test]
fn a_ten_megabyte_line() {
    let source = format!("standard \"big\": calls abandoned never where a is \"{}\"", "x".repeat(10 << 20));
    let kinds = syntax_kinds(&source);
    assert!(matches!(kinds[..], [ErrorKind::FileTooLarge { .. }]), "{kinds:?}");

    let path = std::env::temp_dir().join(format!("yardstick-big-{}.std", std::process::id()));
    std::fs::write(&path, &source).unwrap();
    let diagnostics = Standards::parse_file(&path).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    let text = diagnostics.render_plain();
    assert!(text.contains("the limit is 4194304"), "{text}");
}

#[test]
fn a_statement_over_the_statement_limit() {
    let source = format!("standard \"long\": calls abandoned never where a in [{}1]", "1, ".repeat(30_000));
    assert!(matches!(syntax_kinds(&source)[..], [ErrorKind::StatementTooLong { .. }]));
}

#[test]
fn invalid_utf8_from_a_file() {
    let path = std::env::temp_dir().join(format!("yardstick-utf8-{}.std", std::process::id()));
    std::fs::write(&path, b"standard \"ok\": calls abandoned never\nstandard \"x\xff\": calls abandoned never\n")
        .unwrap();
    let diagnostics = Standards::parse_file(&path).unwrap_err();
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(&diagnostics.errors()[0], Error::Syntax(e) if e.kind == ErrorKind::InvalidUtf8));
    let text = diagnostics.render_plain();
    assert!(text.contains(":2:12]"), "{text}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let diagnostics = Standards::parse_file("/no/such/file.std").unwrap_err();
    assert!(matches!(diagnostics.errors()[0], Error::Io { .. }));
}

#[test]
fn huge_numbers_are_errors() {
    let source = "standard \"n\": calls answered within 99999999999999999999999 seconds always";
    let text = Standards::parse(source).unwrap_err().render_plain();
    assert!(text.contains("more than 15 significant digits"), "{text}");
}

#[test]
fn many_errors_are_all_counted() {
    let source = "standard \"x\": calls answered quickly\n".repeat(500);
    let diagnostics = Standards::parse(&source).unwrap_err();
    // One "not measurable" per standard, one "declared twice" per repeat.
    assert_eq!(diagnostics.len(), 999);
    assert!(diagnostics.render_plain().contains("… and 899 more errors not shown"));
}

/// Tokens that mutations splice into valid files.
const TOKENS: &[&str] = &[
    "standard",
    "subject",
    "measure",
    "calendar",
    "timezone",
    "\"",
    "\"x\"",
    "(",
    ")",
    "[",
    "]",
    ",",
    ":",
    "=",
    "-",
    "`",
    "not",
    "and",
    "or",
    "where",
    "by",
    "per",
    "within",
    "between",
    "at most",
    "95%",
    "101%",
    "3",
    "three",
    "p90",
    "90th percentile",
    "business hours",
    "on",
    "office",
    "24:00",
    "25:61",
    "mon-sun",
    "closed",
    "2026-02-30",
    "\n",
    "#",
    "é",
    "\u{0}",
    "every time",
    "quickly",
    "nps of",
    "for",
    "is missing",
    "in",
    "[1,",
    "`by`",
];

fn mutated_file() -> impl Strategy<Value = String> {
    let base = include_str!("../examples/contact-centre.std");
    let edit = (0..base.len(), 0usize..20, prop::sample::select(TOKENS.to_vec()), 0u8..3);
    prop::collection::vec(edit, 1..6).prop_map(move |edits| {
        let mut text = base.to_string();
        for (at, len, token, kind) in edits {
            let at = floor(&text, at.min(text.len()));
            let end = floor(&text, (at + len).min(text.len()));
            match kind {
                0 => text.replace_range(at..end, ""),
                1 => text.insert_str(at, token),
                _ => text.replace_range(at..end, token),
            }
        }
        text
    })
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,200}") {
        if let Err(d) = Standards::parse(&source) {
            let _ = d.render_plain();
        }
    }

    #[test]
    fn token_soup_never_panics(tokens in prop::collection::vec(prop::sample::select(TOKENS.to_vec()), 0..40)) {
        let source = tokens.join(" ");
        if let Err(d) = Standards::parse(&source) {
            prop_assert!(!d.is_empty());
            let _ = d.render_plain();
        }
    }

    #[test]
    fn mutated_files_never_panic_and_valid_ones_round_trip(source in mutated_file()) {
        match Standards::parse(&source) {
            Ok(standards) => {
                let again = Standards::parse(&standards.to_string());
                prop_assert_eq!(again.ok(), Some(standards));
            }
            Err(d) => {
                prop_assert!(!d.is_empty());
                let _ = d.render_plain();
            }
        }
    }
}
