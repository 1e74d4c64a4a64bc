//! The `.std` parser and checker on arbitrary bytes: never panics, and
//! every failure has at least one rendered error.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(diagnostics) = yardstick::Standards::parse(&text) {
        assert!(!diagnostics.is_empty());
        let _ = diagnostics.render_plain();
    }
});
