//! Golden tests: the rendered diagnostics of every bad file in
//! `tests/errors/` match `NAME.stderr` byte for byte.
//!
//! To accept new output after reviewing it by eye, run
//! `UPDATE_GOLDEN=1 cargo test --test golden_errors`.

use std::path::Path;

use yardstick::Standards;

#[test]
fn rendered_errors_match_the_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/errors");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut checked = 0;
    let mut mismatches = Vec::new();
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "std")) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(path).unwrap();
        let rendered = match Standards::parse_named(&name, &source) {
            Ok(_) => panic!("{name} should have errors"),
            Err(diagnostics) => diagnostics.render_plain(),
        };
        let golden = path.with_extension("stderr");
        if update {
            std::fs::write(&golden, &rendered).unwrap();
        } else {
            let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| panic!("missing {}", golden.display()));
            if expected != rendered {
                mismatches.push(format!("--- {name}: expected\n{expected}\n--- got\n{rendered}"));
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} bad files");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
