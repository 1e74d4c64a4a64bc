//! Scores a CSV file (with a header row) and prints the scorecard as
//! tables; bad rows are skipped, counted and listed rather than fatal.
//!
//! ```text
//! cargo run --example score_csv -- examples/contact-centre.std examples/data/interactions.csv
//! ```

use std::error::Error;
use std::fs::File;

use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorer, Standards};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let standards_path = args.next().unwrap_or_else(|| "examples/contact-centre.std".into());
    let data_path = args.next().unwrap_or_else(|| "examples/data/interactions.csv".into());

    let standards = Standards::parse_file(&standards_path).map_err(|d| d.render_plain())?;
    let options = ScoreOptions { on_bad_record: OnBadRecord::Skip, ..ScoreOptions::default() };
    let mut scorer = Scorer::new(&Plan::compile(&standards)?, options);
    scorer.feed_csv(File::open(&data_path)?, &data_path)?;
    print!("{}", yardstick::scorecard::text::render(&scorer.scorecard(), false));
    Ok(())
}
