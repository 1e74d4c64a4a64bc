//! The `.std` parser and checker on arbitrary bytes: never panics, and
//! every failure has at least one rendered error.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::parse(data));
