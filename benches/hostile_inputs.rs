//! Hostile `.std` input, timed: what the tests check for behaviour (clear
//! errors, no panic) is measured here, where a clock belongs. Before their
//! fixes, the slow-suggestion input ×40 took about 2.7 s (release) and a
//! 60,000-character unknown zone name about 2 s per statement.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use yardstick::Standards;

fn slow_suggestion(c: &mut Criterion) {
    let input = std::fs::read("tests/fuzz/regressions/parse/slow-suggestion-for-a-long-time-zone")
        .expect("the regression input is checked in");
    let text = String::from_utf8_lossy(&input).repeat(40);
    c.bench_function("hostile/slow_suggestion_x40", |b| b.iter(|| Standards::parse(black_box(&text)).is_err()));
}

fn huge_unknown_names(c: &mut Criterion) {
    let name = "x".repeat(60_000);
    let text = format!(
        "timezone \"{name}\"\ncalendar c:\n  timezone \"{name}\"\n  mon 09:00-17:00\n\
         standard \"s\": calls {name} within 3 rings always\nstandard \"t\": {name} answered within 3 rings always\n"
    );
    c.bench_function("hostile/huge_unknown_names", |b| b.iter(|| Standards::parse(black_box(&text)).is_err()));
}

fn a_million_standards(c: &mut Criterion) {
    let text: String = (0..1_000_000).map(|i| format!("standard \"s{i}\": calls abandoned never\n")).collect();
    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.bench_function("a_million_standards_40_mb", |b| b.iter(|| Standards::parse(black_box(&text)).is_err()));
    group.finish();
}

criterion_group!(benches, slow_suggestion, huge_unknown_names, a_million_standards);
criterion_main!(benches);
