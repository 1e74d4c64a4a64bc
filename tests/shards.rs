//! Properties of scoring over random records: scoring shards separately
//! and merging equals scoring everything at once, and every record is
//! accounted for (read = scored + rejected; per standard, hits + misses +
//! open + unmeasurable = its population).

mod common;

use common::records::{self, Generated};
use proptest::prelude::*;
use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorecard, Scorer, Standards};

const STANDARDS: &str = r#"
timezone "Europe/London"
calendar office:
  mon-fri 09:00-17:30
  sat 10:00-14:00
  closed 2026-03-30
standard "a": calls answered within 20 seconds 80% of the time per hour by team
standard "b": calls answered within 3 rings 95% of the time per day
standard "c": emails responded within 2 business hours on office 90% of the time per week
standard "d": average csat for chats at least 4 per day by team where team is not "b"
standard "e": p90 answer time for calls at most 30 seconds by team
standard "f": median answer time for calls at most 20 seconds per day
standard "g": nps of nps score for chats at least 10
standard "h": count answer time for interactions at least 1 per month
standard "i": emails responded within 1 business day on office 50% of the time
standard "j": total wait time for calls at most 1 hour
standard "k": maximum answer time at most 1 minute
"#;

fn new_scorer(plan: &Plan, as_of: bool) -> Scorer {
    let as_of = as_of.then(|| "2026-04-01T12:00:00Z".parse().unwrap());
    Scorer::new(plan, ScoreOptions { as_of, on_bad_record: OnBadRecord::Skip })
}

fn feed(scorer: &mut Scorer, records: &[&Generated]) {
    let text: String = records.iter().map(|r| format!("{}\n", r.line)).collect();
    scorer.feed_ndjson(text.as_bytes(), "shard").unwrap();
}

/// The scorecard without the list of rejections, whose line numbers are
/// per shard.
fn comparable(mut card: Scorecard) -> Scorecard {
    card.records.rejections.clear();
    card
}

fn population(card: &Scorecard, name: &str) -> u64 {
    card.standards.iter().find(|s| s.name == name).unwrap().results.iter().map(|r| r.population()).sum()
}

/// A random line, with the teams the accounting below knows.
fn record() -> impl Strategy<Value = Generated> {
    records::record(vec!["\"a\"", "\"b\"", "1", "true"], 20_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn merged_shards_equal_one_pass(
        records in prop::collection::vec(record(), 0..400),
        shard_of in prop::collection::vec(0usize..4, 400),
        shards in 1usize..5,
        as_of in any::<bool>(),
    ) {
        let standards: Standards = STANDARDS.parse().unwrap();
        let plan = Plan::compile(&standards).unwrap();
        let mut whole = new_scorer(&plan, as_of);
        feed(&mut whole, &records.iter().collect::<Vec<_>>());
        let mut parts: Vec<Scorer> = (0..shards).map(|_| new_scorer(&plan, as_of)).collect();
        for (s, part) in parts.iter_mut().enumerate() {
            let mine: Vec<&Generated> = records.iter().zip(&shard_of).filter(|(_, &k)| k % shards == s).map(|(r, _)| r).collect();
            feed(part, &mine);
        }
        let mut merged = parts.pop().unwrap();
        while let Some(part) = parts.pop() {
            merged.merge(part).unwrap();
        }
        prop_assert_eq!(comparable(merged.scorecard()), comparable(whole.scorecard()));
    }

    #[test]
    fn every_record_is_accounted_for(records in prop::collection::vec(record(), 0..300), as_of in any::<bool>()) {
        let standards: Standards = STANDARDS.parse().unwrap();
        let mut scorer = new_scorer(&Plan::compile(&standards).unwrap(), as_of);
        feed(&mut scorer, &records.iter().collect::<Vec<_>>());
        let card = scorer.scorecard();
        let good: Vec<&Generated> = records.iter().filter(|r| !r.bad).collect();
        prop_assert_eq!(card.records.read, records.len() as u64);
        prop_assert_eq!(card.records.rejected, (records.len() - good.len()) as u64);
        let count = |f: &dyn Fn(&Generated) -> bool| good.iter().filter(|r| f(r)).count() as u64;
        let calls = count(&|r| r.channel == Some("phone"));
        let emails = count(&|r| r.channel == Some("email"));
        let chats_not_b = count(&|r| r.channel == Some("chat") && r.team.is_some_and(|t| t != "b"));
        let chats = count(&|r| r.channel == Some("chat"));
        for (name, expected) in [
            ("a", calls), ("b", calls), ("c", emails), ("d", chats_not_b), ("e", calls), ("f", calls),
            ("g", chats), ("h", good.len() as u64), ("i", emails), ("j", calls), ("k", good.len() as u64),
        ] {
            prop_assert_eq!(population(&card, name), expected, "standard {}", name);
        }
    }
}
