//! Canonical printing: whatever parses prints to text that parses back to
//! an equal value, and printing is a fixed point.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::roundtrip(data));
