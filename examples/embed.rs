//! A help-desk product embedding yardstick: the standards are parsed and
//! compiled once at start-up, each interaction is pushed as it arrives (here
//! from a simulated feed, as the product's own struct), and a live
//! scorecard is printed every N records. A bad record is shown to the user
//! and skipped, never lost silently.
//!
//! ```text
//! cargo run --example embed [-- EVERY]
//! ```

#[path = "common/synthetic.rs"]
mod synthetic;

use yardstick::{OnBadRecord, Plan, Pushed, ScoreOptions, Scorer, Standards};

/// The product's standards, as its administrators wrote them.
const STANDARDS: &str = r#"
timezone "Europe/London"
standard "Pickup": calls answered within 3 rings 90% of the time by team
standard "Abandonment": calls abandoned at most 5% of the time
standard "Chat satisfaction": average csat for chats at least 4
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let every: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    // Once, at start-up: errors here would be shown to the administrator
    // with line, column and a suggestion (`Diagnostics::render_plain`).
    let standards: Standards = STANDARDS.parse().map_err(|d: yardstick::Diagnostics| d.render_plain())?;
    let plan = Plan::compile(&standards)?;
    // Bad records are counted in the scorecard and handed back here.
    let mut scorer = Scorer::new(&plan, ScoreOptions { on_bad_record: OnBadRecord::Skip, ..ScoreOptions::default() });

    let mut feed = synthetic::Synthetic::new(42);
    for arrived in 1..=3 * every {
        let interaction = feed.next_record();
        // The product's own struct goes in as it is (it is `Serialize`).
        if let Pushed::Rejected(bad) = scorer.push(&interaction)? {
            eprintln!("skipped interaction {} ({:?}): {bad}", interaction.id, bad.kind);
        }
        if arrived % every == 0 {
            live_scorecard(&scorer);
        }
    }
    Ok(())
}

/// One line per standard: the worst result and how many results pass.
fn live_scorecard(scorer: &Scorer) {
    let card = scorer.scorecard();
    println!("— after {} interactions —", card.records.read);
    for standard in &card.standards {
        let passing = standard.results.iter().filter(|r| r.passed == Some(true)).count();
        let worst = standard
            .results
            .iter()
            .filter_map(|r| r.value.map(|v| (v.to_f64(), r)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(v, r)| {
                let group = r.group.0.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ");
                format!("lowest {v:.3} {group}")
            })
            .unwrap_or_default();
        println!("  {:<18} {passing}/{} passing  {worst}", standard.name, standard.results.len());
    }
}
