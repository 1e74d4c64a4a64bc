//! Generates the bundled example data: realistic contact-centre records
//! (calls, emails, chats over four weeks of November 2026 in London).
//!
//! ```text
//! cargo run --example generate -- 5000 > examples/data/interactions.ndjson
//! cargo run --example generate -- 5000 --csv > examples/data/interactions.csv
//! ```
//!
//! The same seed always gives the same records.

#[path = "common/synthetic.rs"]
mod synthetic;

use std::io::{BufWriter, Write};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5000);
    let csv = args.iter().any(|a| a == "--csv");
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut records = synthetic::Synthetic::new(2026);
    let mut line = String::new();
    if csv {
        writeln!(out, "{}", synthetic::CSV_HEADER.join(","))?;
    }
    for _ in 0..count {
        if csv {
            records.next_csv(&mut line);
        } else {
            records.next_json(&mut line);
        }
        writeln!(out, "{line}")?;
    }
    out.flush()
}
