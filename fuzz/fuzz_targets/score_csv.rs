//! Scoring arbitrary bytes as a CSV stream (header row first) against a
//! fixed set of standards, in both `OnBadRecord` modes: never panics,
//! every row is accounted for, both modes agree; see `common::score`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::score(common::Format::Csv, data));
