//! Memory stays flat however many records are scored: generates five
//! million records (four weeks of contact-centre traffic, repeated) and
//! scores them against the bundled standards, printing resident memory
//! every million records. Results are kept per window and group, never per
//! record.
//!
//! ```text
//! cargo run --release --example five_million [-- COUNT]
//! ```

#[path = "common/synthetic.rs"]
mod synthetic;

use std::time::Instant;

use yardstick::{Plan, ScoreOptions, Scorer, Standards};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let count: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(5_000_000);
    let standards = Standards::parse_file("examples/contact-centre.std").map_err(|d| d.render_plain())?;
    let mut scorer = Scorer::new(&Plan::compile(&standards)?, ScoreOptions::default());
    let mut records = synthetic::Synthetic::new(7);
    let mut line = String::new();
    let started = Instant::now();
    println!("{:>10}  {:>12}  {:>12}  {:>12}", "records", "RSS (MiB)", "peak (MiB)", "records/s");
    for n in 1..=count {
        records.next_json(&mut line);
        scorer.push_json(line.as_bytes())?;
        if n % 1_000_000 == 0 || n == count {
            let (rss, peak) = memory_mib();
            let rate = n as f64 / started.elapsed().as_secs_f64();
            println!("{n:>10}  {rss:>12.1}  {peak:>12.1}  {rate:>12.0}");
        }
    }
    let card = scorer.scorecard();
    let results: usize = card.standards.iter().map(|s| s.results.len()).sum();
    println!("{} records read, {results} results", card.records.read);
    Ok(())
}

/// Resident and peak resident memory, from /proc (Linux); zero elsewhere.
fn memory_mib() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(0.0, |kib| kib / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
