//! Scores the host program's own types: any `serde::Serialize` struct whose
//! field names are the ones the standards use. Timestamps can be `chrono`
//! values. Shows two shards scored separately and merged.
//!
//! ```text
//! cargo run --example score_structs
//! ```

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::Serialize;
use yardstick::{Plan, ScoreOptions, Scorer, Standards};

/// A ticket as a help-desk product might already store it.
#[derive(Serialize)]
struct Ticket {
    id: u32,
    channel: &'static str,
    priority: &'static str,
    team: Option<&'static str>,
    created_at: DateTime<Utc>,
    first_response_at: Option<DateTime<Utc>>,
    csat: Option<f64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let standards: Standards = r#"
        timezone "Europe/London"
        subject urgent_emails = channel is "email" and priority is "urgent"
        standard "Urgent first response":
          urgent_emails responded within 30 minutes 90% of the time by team
        standard "Email satisfaction":
          median csat for emails at least 4
    "#
    .parse()
    .map_err(|d: yardstick::Diagnostics| d.render_plain())?;
    let plan = Plan::compile(&standards)?;

    let start = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    let tickets: Vec<Ticket> = (0..200u32)
        .map(|i| Ticket {
            id: i,
            channel: "email",
            priority: if i % 3 == 0 { "urgent" } else { "normal" },
            team: [Some("north"), Some("south"), None][(i / 3) as usize % 3],
            created_at: start + Duration::minutes(i64::from(i) * 7),
            first_response_at: (i % 17 != 0).then(|| start + Duration::minutes(i64::from(i) * 7 + i64::from(i % 40))),
            csat: (i % 2 == 0).then_some(f64::from(i % 5 + 1)),
        })
        .collect();

    // Two shards, e.g. two threads or two machines, merged at the end.
    let (left, right) = tickets.split_at(120);
    let mut first = Scorer::new(&plan, ScoreOptions::default());
    let mut second = Scorer::new(&plan, ScoreOptions::default());
    for ticket in left {
        first.push(ticket)?;
    }
    for ticket in right {
        second.push(ticket)?;
    }
    first.merge(second)?;
    print!("{}", yardstick::scorecard::text::render(&first.scorecard(), false));
    Ok(())
}
