//! Scores an NDJSON file against a `.std` file and prints the JSON
//! scorecard: the library's streaming API in a dozen lines.
//!
//! ```text
//! cargo run --example score_ndjson -- examples/contact-centre.std examples/data/interactions.ndjson
//! ```

use std::error::Error;
use std::fs::File;
use std::io::BufReader;

use yardstick::{Plan, ScoreOptions, Scorer, Standards};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let standards_path = args.next().unwrap_or_else(|| "examples/contact-centre.std".into());
    let data_path = args.next().unwrap_or_else(|| "examples/data/interactions.ndjson".into());

    let standards = Standards::parse_file(&standards_path).map_err(|d| d.render_plain())?;
    let plan = Plan::compile(&standards)?;
    let mut scorer = Scorer::new(&plan, ScoreOptions::default());
    scorer.feed_ndjson(BufReader::new(File::open(&data_path)?), &data_path)?;
    println!("{}", scorer.scorecard().to_json());
    Ok(())
}
