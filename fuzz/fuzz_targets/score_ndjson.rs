//! Scoring arbitrary bytes as an NDJSON stream against a fixed set of
//! standards, in both `OnBadRecord` modes: never panics, every record is
//! accounted for, both modes agree, shards merge; see `common::score`.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::score(common::Format::Ndjson, data));
