//! The baselines: the six results of `examples/contact-centre.std`
//! computed by a hand-written loop over typed structs, with no DSL; and
//! the typed structs `serde_json` and `csv` deserialize into.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Deserialize;
use yardstick::business::BusinessCalendar;
use yardstick::record::RecordBuf;
use yardstick::{Plan, ScoreOptions, Scorer, Standards};

use crate::synthetic;

/// Open items are judged at this instant on both sides.
pub fn as_of() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap()
}

/// The example's office calendar.
pub fn office(_plan: &Plan) -> BusinessCalendar {
    let file = Standards::parse(crate::CONTACT_CENTRE).expect("parses");
    BusinessCalendar::new(file.calendar("office").expect("declared"), file.timezone())
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
        // Positions in the generator's lists: no collisions, so results
        // can be compared with yardstick's group by group.
        let index = |s: &str, all: &[&str]| all.iter().position(|a| *a == s).expect("a known name") as u8;
        Interaction {
            channel: match r.channel {
                "phone" => PHONE,
                "email" => EMAIL,
                _ => CHAT,
            },
            urgent: r.priority == Some("urgent"),
            training: r.team == "training",
            team: index(r.team, &synthetic::TEAMS),
            agent: index(r.agent, &synthetic::AGENTS),
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

/// One result as both sides print it: window label, group (as JSON),
/// counts ([hits, misses, open, unmeasurable] or [measured, open,
/// unmeasurable, 0]), value and passed.
type Row = (Option<String>, serde_json::Value, [u64; 4], Option<f64>, Option<bool>);

/// Checks that the baseline computes what yardstick computes, result by
/// result and field by field: the same windows and groups in the same
/// order, the same counts, values and verdicts.
pub fn assert_same_results(plan: &Plan, cells: &[RecordBuf], hand: &[Interaction], office: &BusinessCalendar) {
    let mut scorer = Scorer::new(plan, ScoreOptions { as_of: Some(as_of()), ..ScoreOptions::default() });
    for record in cells {
        scorer.push_record(record).expect("good records");
    }
    let card = scorer.scorecard();
    let ours = score(hand, office);
    let share = |c: &[u64; 4]| (c[0] + c[1] > 0).then(|| c[0] as f64 / (c[0] + c[1]) as f64);
    // Targets, exactly: share ≥ 95% is hits × 100 ≥ 95 × (hits + misses).
    let at_least = |c: &[u64; 4], p: u64| (c[0] + c[1] > 0).then(|| c[0] * 100 >= p * (c[0] + c[1]));
    let at_most = |c: &[u64; 4], p: u64| (c[0] + c[1] > 0).then(|| c[0] * 100 <= p * (c[0] + c[1]));
    // The baseline counts a missing value in its third counter.
    let aggregate = |c: &[u64; 4]| [c[0], 0, c[2], 0];
    let team = |t: u8| serde_json::json!({ "team": synthetic::TEAMS[t as usize] });
    let agent = |a: u8| serde_json::json!({ "agent": synthetic::AGENTS[a as usize] });
    let none = || serde_json::json!({});
    let mut expected: Vec<Vec<Row>> = vec![
        ours.pickup.iter().map(|(&(d, t), c)| (Some(day_label(d)), team(t), *c, share(c), at_least(c, 95))).collect(),
        ours.urgent.iter().map(|(&w, c)| (Some(week_label(w)), none(), *c, share(c), at_least(c, 90))).collect(),
        vec![(None, none(), ours.greeting, share(&ours.greeting), at_least(&ours.greeting, 100))],
        ours.abandonment.iter().map(|(&d, c)| (Some(day_label(d)), none(), *c, share(c), at_most(c, 5))).collect(),
        ours.wrap_up
            .iter()
            .map(|(&(d, a), (sum, c))| {
                let average = (c[0] > 0).then(|| *sum as f64 / c[0] as f64);
                // At most 10 minutes: sum ≤ 600 × measured.
                (Some(day_label(d)), agent(a), aggregate(c), average, (c[0] > 0).then(|| *sum <= 600 * c[0] as i64))
            })
            .collect(),
        ours.satisfaction
            .iter()
            .map(|(&m, (sum, c))| {
                let average = (c[0] > 0).then(|| sum / c[0] as f64);
                (Some(month_label(m)), none(), aggregate(c), average, average.map(|a| a >= 4.5))
            })
            .collect(),
    ];
    for rows in &mut expected {
        // SPEC §8's order; labels of one period sort like their starts.
        rows.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.to_string().cmp(&b.1.to_string())));
    }
    assert_eq!(card.standards.len(), expected.len());
    for (standard, expected) in card.standards.iter().zip(expected) {
        let got = rows_of(standard);
        assert_eq!(got.len(), expected.len(), "{}: number of results", standard.name);
        for (got, want) in got.iter().zip(&expected) {
            assert_eq!((&got.0, &got.1, got.2, got.4), (&want.0, &want.1, want.2, want.4), "{}", standard.name);
            match (got.3, want.3) {
                // csat is summed exactly by yardstick and as floats here.
                (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-12 * b.abs(), "{}: {a} vs {b}", standard.name),
                (a, b) => assert_eq!(a, b, "{}", standard.name),
            }
        }
    }
}

fn rows_of(standard: &yardstick::scorecard::StandardCard) -> Vec<Row> {
    standard
        .results
        .iter()
        .map(|r| {
            let counts = match r.measured {
                Some(measured) => [measured, r.open, r.unmeasurable, 0],
                None => [r.hits.unwrap_or(0), r.misses.unwrap_or(0), r.open, r.unmeasurable],
            };
            let group = serde_json::to_value(&r.group).expect("a group is JSON");
            (r.window.clone(), group, counts, r.value.map(|v| v.to_f64()), r.passed)
        })
        .collect()
}

fn date(day: i64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day as i32 + 719_163).unwrap_or_default()
}

fn day_label(day: i64) -> String {
    date(day).format("%Y-%m-%d").to_string()
}

fn week_label(monday: i64) -> String {
    let week = date(monday).iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

fn month_label(month: i64) -> String {
    format!("{}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
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

/// What the CSV baseline deserializes each row into: exactly the columns
/// yardstick reads for the six standards, strings borrowed.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct CsvInteraction<'a> {
    channel: &'a str,
    created_at: &'a str,
    team: &'a str,
    agent: &'a str,
    priority: Option<&'a str>,
    first_response_at: Option<&'a str>,
    rings: Option<i64>,
    wrap_up_seconds: Option<i64>,
    abandoned: Option<bool>,
    greeted_by_name: Option<bool>,
    csat: Option<f64>,
}
