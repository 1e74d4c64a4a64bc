//! The worked examples in `examples/`, scored and checked against
//! scorecards computed by hand (and kept as reviewed golden JSON).

mod common;

use common::{compliance, results};
use serde_json::json;
use yardstick::{Plan, ScoreOptions, Scorer, Standards};

fn score_files(standards: &str, data: &str) -> yardstick::Scorecard {
    let standards = Standards::parse_file(standards).unwrap_or_else(|d| panic!("{}", d.render_plain()));
    let mut scorer = Scorer::new(&Plan::compile(&standards).unwrap(), ScoreOptions::default());
    scorer.feed_ndjson(std::io::BufReader::new(std::fs::File::open(data).unwrap()), data).unwrap();
    scorer.scorecard()
}

/// Compares with a golden file; `UPDATE_GOLDEN=1` rewrites it (review the
/// diff by eye).
fn golden(path: &str, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(actual, expected, "{path} differs; run with UPDATE_GOLDEN=1 and review the diff");
}

/// Two calendars (London office, New York night desk), holidays over
/// Christmas and New Year. `as_of` is the latest timestamp read:
/// N2's resolution, 2027-01-04 12:00 UTC.
#[test]
fn support_desk_with_two_calendars_and_holidays() {
    let card = score_files("examples/support-desk.std", "examples/data/support-desk.ndjson");
    let value = serde_json::to_value(&card).unwrap();
    assert_eq!(value["as_of"], "2027-01-04T12:00:00Z");
    let rows = |name: &str| -> Vec<serde_json::Value> { results(&value, name).iter().map(compliance).collect() };
    // Office hours 09:00–17:30 London (GMT in winter).
    // W52: U1 1h15 (hit); U2 Wed 17:00 → Thu 10:00 = 0h30 + 1h00 (hit);
    //      U3 Thu 16:00 → Tue 29th 09:45 = 1h30 + 0h45, past Christmas,
    //      the weekend and the substitute holiday (miss).
    // W53: U4 starts before opening: 09:00 → 10:59 = 1h59 (hit);
    //      U5 unanswered since Thu 31st 17:00: by as_of 0h30 + 3h00 (miss).
    assert_eq!(
        rows("Urgent first response"),
        [json!(["2026-W52", 2, 1, 0, 0, 2.0 / 3.0, false]), json!(["2026-W53", 1, 1, 0, 0, 0.5, false])]
    );
    // Deadline: the same time of day on the 3rd open day after the start.
    // U1 Mon 21st 09:30 → Thu 24th 09:30, resolved 23rd (hit);
    // U2 Wed 23rd 17:00 → 24th, 29th, Wed 30th 17:00, resolved 16:00 (hit);
    // U3 Thu 24th 16:00 → 29th, 30th, Thu 31st 16:00, resolved 4 Jan (miss);
    // N1 Saturday → moves to Mon 21st 09:00 → Thu 24th 09:00, resolved then (hit);
    // U4 → Wed 6 Jan 09:00 and U5 → 6 Jan 17:00: open at as_of;
    // N2 4 Jan, resolved in two hours (hit, in January).
    assert_eq!(
        rows("Resolution"),
        [json!(["2026-12", 3, 1, 2, 0, 0.75, false]), json!(["2027-01", 1, 0, 0, 0, 1.0, true])]
    );
    // Night desk 22:00–06:00 New York. C1 10 min (hit); C2 05:55 → 06:00
    // then 22:00 → 22:10 = 15 min (hit); C3 on closed Christmas Eve's shift
    // waits until Friday's 22:00, answered 22:20 = 20 min (miss); C4 in
    // Friday's shift after midnight, 10 min (hit). D1 is the day desk.
    assert_eq!(rows("Night pickup"), [json!([null, 3, 1, 0, 0, 0.75, false])]);
    golden("tests/scorecards/support-desk.json", &(card.to_json() + "\n"));
}

#[test]
fn the_bundled_contact_centre_example_scores_every_record() {
    let card = score_files("examples/contact-centre.std", "examples/data/interactions.ndjson");
    assert_eq!((card.records.read, card.records.rejected), (5000, 0));
    let value = serde_json::to_value(&card).unwrap();
    // Every call is in the pickup standard's population exactly once.
    let calls = std::fs::read_to_string("examples/data/interactions.ndjson")
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"channel\":\"phone\""))
        .count() as u64;
    let population: u64 = card.standards[0].results.iter().map(|r| r.population()).sum();
    assert_eq!(population, calls);
    assert_eq!(results(&value, "Satisfaction").len(), 1, "one month, no grouping");
}
