//! The baselines: the six results of `examples/contact-centre.std`
//! computed by a hand-written loop over typed structs, with no DSL; and
//! the typed structs `serde_json` and `csv` deserialize into.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use yardstick::business::BusinessCalendar;
use yardstick::record::RecordBuf;
use yardstick::{Plan, ScoreOptions, Scorecard, Scorer, Standards};

use crate::synthetic;

/// Open items are judged at this instant on both sides.
pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap()
}

/// The example's office calendar.
pub fn office(_plan: &Plan) -> BusinessCalendar {
    let file = Standards::parse(crate::CONTACT_CENTRE).expect("parses");
    BusinessCalendar::new(file.calendar("office").expect("declared"), file.timezone)
}

/// One interaction, typed as a hand-written program would hold it.
pub struct Interaction {
    channel: u8,
    urgent: bool,
    training: bool,
    team: u8,
    agent: u8,
    created: DateTime<Utc>,
    first_response: Option<DateTime<Utc>>,
    rings: Option<i64>,
    greeted: Option<bool>,
    abandoned: Option<bool>,
    wrap_up: Option<i64>,
    csat: Option<f64>,
}

const PHONE: u8 = 0;
const EMAIL: u8 = 1;
const CHAT: u8 = 2;

impl From<&synthetic::Record> for Interaction {
    fn from(r: &synthetic::Record) -> Interaction {
        let index = |s: &str| s.bytes().fold(0u8, |h, b| h.wrapping_mul(31).wrapping_add(b));
        Interaction {
            channel: match r.channel {
                "phone" => PHONE,
                "email" => EMAIL,
                _ => CHAT,
            },
            urgent: r.priority == Some("urgent"),
            training: r.team == "training",
            team: index(r.team),
            agent: index(r.agent),
            created: r.created_at,
            first_response: r.first_response_at,
            rings: r.rings,
            greeted: r.greeted_by_name,
            abandoned: r.abandoned,
            wrap_up: r.wrap_up_seconds,
            csat: r.csat,
        }
    }
}

/// [hits, misses, open, unmeasurable] or, for aggregates,
/// [measured, open, unmeasurable] with a sum.
#[derive(Default)]
pub struct Results {
    pickup: HashMap<(i64, u8), [u64; 4]>,
    urgent: HashMap<i64, [u64; 4]>,
    greeting: [u64; 4],
    abandonment: HashMap<i64, [u64; 4]>,
    wrap_up: HashMap<(i64, u8), (i64, [u64; 4])>,
    satisfaction: HashMap<i64, (f64, [u64; 4])>,
}

fn count(cell: &mut [u64; 4], known: Option<bool>) {
    match known {
        Some(true) => cell[0] += 1,
        Some(false) => cell[1] += 1,
        None => cell[3] += 1,
    }
}

/// Local day number in London.
fn local_day(t: DateTime<Utc>) -> i64 {
    let offset = London.offset_from_utc_datetime(&t.naive_utc()).fix().local_minus_utc();
    (t.timestamp() + i64::from(offset)).div_euclid(86_400)
}

/// The six results, by hand.
pub fn score(records: &[Interaction], office: &BusinessCalendar) -> Results {
    let mut out = Results::default();
    let hour = chrono::TimeDelta::hours(1);
    let as_of = as_of();
    for r in records {
        let day = local_day(r.created);
        match r.channel {
            PHONE => {
                count(out.pickup.entry((day, r.team)).or_default(), r.rings.map(|n| n <= 3));
                count(&mut out.greeting, r.greeted);
                count(out.abandonment.entry(day).or_default(), r.abandoned);
                let (sum, cell) = out.wrap_up.entry((day, r.agent)).or_default();
                match r.wrap_up {
                    Some(seconds) => {
                        *sum += seconds;
                        cell[0] += 1;
                    }
                    None => cell[2] += 1,
                }
            }
            EMAIL if r.urgent => {
                let week = day - (day + 3).rem_euclid(7);
                let cell = out.urgent.entry(week).or_default();
                match r.first_response {
                    Some(end) if end < r.created => cell[3] += 1,
                    Some(end) => count(cell, Some(office.elapsed(r.created, end) <= hour)),
                    None if office.elapsed(r.created, as_of) > hour => cell[1] += 1,
                    None => cell[2] += 1,
                }
            }
            CHAT if !r.training => {
                let date = NaiveDate::from_num_days_from_ce_opt(day as i32 + 719_163).unwrap_or_default();
                let month = i64::from(date.year()) * 12 + i64::from(date.month0());
                let (sum, cell) = out.satisfaction.entry(month).or_default();
                match r.csat {
                    Some(score) => {
                        *sum += score;
                        cell[0] += 1;
                    }
                    None => cell[2] += 1,
                }
            }
            _ => {}
        }
    }
    out
}

/// Checks that the baseline computes what yardstick computes: per
/// standard, the number of results and the total of each count.
pub fn assert_same_results(plan: &Plan, cells: &[RecordBuf], hand: &[Interaction], office: &BusinessCalendar) {
    let mut scorer = Scorer::new(plan, ScoreOptions { as_of: Some(as_of()), ..ScoreOptions::default() });
    for record in cells {
        scorer.push_record(record).expect("good records");
    }
    let card = scorer.scorecard();
    let ours = score(hand, office);
    let totals =
        |cells: Vec<[u64; 4]>| (cells.len(), cells.iter().fold([0; 4], |a, c| std::array::from_fn(|i| a[i] + c[i])));
    let expected = [
        totals(ours.pickup.values().copied().collect()),
        totals(ours.urgent.values().copied().collect()),
        totals(vec![ours.greeting]),
        totals(ours.abandonment.values().copied().collect()),
        totals(ours.wrap_up.values().map(|(_, c)| *c).collect()),
        totals(ours.satisfaction.values().map(|(_, c)| *c).collect()),
    ];
    for (standard, expected) in card.standards.iter().zip(expected) {
        assert_eq!(totals_of(&card, &standard.name), expected, "{}", standard.name);
    }
}

fn totals_of(card: &Scorecard, name: &str) -> (usize, [u64; 4]) {
    let standard = card.standards.iter().find(|s| s.name == name).expect("a standard");
    let mut sum = [0u64; 4];
    for r in &standard.results {
        let counts = match r.measured {
            Some(measured) => [measured, r.open, r.unmeasurable, 0],
            None => [r.hits.unwrap_or(0), r.misses.unwrap_or(0), r.open, r.unmeasurable],
        };
        sum = std::array::from_fn(|i| sum[i] + counts[i]);
    }
    (standard.results.len(), sum)
}

/// What `serde_json` deserializes each line into for the parse-only
/// baseline: every field of the data, strings borrowed.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct JsonInteraction<'a> {
    id: u64,
    channel: &'a str,
    created_at: &'a str,
    team: &'a str,
    agent: &'a str,
    #[serde(borrow)]
    priority: Option<&'a str>,
    #[serde(borrow)]
    answered_at: Option<&'a str>,
    #[serde(borrow)]
    first_response_at: Option<&'a str>,
    #[serde(borrow)]
    resolved_at: Option<&'a str>,
    rings: Option<i64>,
    wait_seconds: Option<i64>,
    handle_seconds: Option<i64>,
    wrap_up_seconds: Option<i64>,
    abandoned: Option<bool>,
    greeted_by_name: Option<bool>,
    first_contact_resolution: Option<bool>,
    csat: Option<f64>,
    nps: Option<i64>,
}

/// The same for a CSV row.
pub type CsvInteraction<'a> = JsonInteraction<'a>;
