//! Canonical printing: whatever parses prints to text that parses back to
//! an equal value, and printing is a fixed point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(standards) = yardstick::Standards::parse(text) else { return };
    let printed = standards.to_string();
    let again = yardstick::Standards::parse(&printed).unwrap_or_else(|d| panic!("{printed}\n{}", d.render_plain()));
    assert_eq!(again, standards);
    assert_eq!(again.to_string(), printed);
});
