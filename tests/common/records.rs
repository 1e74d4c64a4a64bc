//! Random NDJSON records for property tests: a channel, timestamps
//! (around London's change to summer time), an end that may be missing,
//! null or before the start, a team of several JSON types, rings, numbers,
//! and now and then a broken line.

use proptest::prelude::*;

/// One generated record and what the test knows about it.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The NDJSON line.
    pub line: String,
    /// Its channel, when it has one.
    pub channel: Option<&'static str>,
    /// Its team as a value (`a`, not `"a"`), when it has one.
    pub team: Option<&'static str>,
    /// True when it is a bad record.
    pub bad: bool,
}

pub fn record(teams: Vec<&'static str>, longest: i64) -> impl Strategy<Value = Generated> {
    let channel = prop::option::of(prop::sample::select(vec!["phone", "email", "chat"]));
    // 2026-03-27 00:00Z .. 2026-04-03: the week clocks go forward in London.
    let created = prop::option::of(1_774_569_600i64..1_775_174_400);
    let end = prop_oneof![Just(None), Just(Some(None)), (-60i64..longest).prop_map(|s| Some(Some(s)))];
    let team = prop::option::of(prop::sample::select(teams));
    let rings = prop_oneof![Just(None), (0u8..8).prop_map(|r| Some(r.to_string())), Just(Some("\"x\"".to_string()))];
    let numbers = (prop::option::of(1u8..=5), prop::option::of(0u8..=10), prop::option::of(0u16..300));
    let broken = prop::bool::weighted(0.03);
    (channel, created, end, team, rings, numbers, broken).prop_map(
        |(channel, created, end, team, rings, numbers, broken)| {
            if broken {
                return Generated { line: "{\"channel\": ".into(), channel, team: None, bad: true };
            }
            let mut fields = Vec::new();
            if let Some(c) = channel {
                fields.push(format!("\"channel\":\"{c}\""));
            }
            if let Some(t) = created {
                fields.push(format!("\"created_at\":\"{}\"", iso(t)));
            }
            let end_field = if channel == Some("email") { "first_response_at" } else { "answered_at" };
            match (end, created) {
                (Some(Some(s)), Some(t)) => fields.push(format!("\"{end_field}\":\"{}\"", iso(t + s))),
                (Some(_), _) => fields.push(format!("\"{end_field}\":null")),
                _ => {}
            }
            if let Some(t) = team {
                fields.push(format!("\"team\":{t}"));
            }
            let bad = channel == Some("phone") && rings.as_deref() == Some("\"x\"");
            if let Some(r) = &rings {
                fields.push(format!("\"rings\":{r}"));
            }
            let (csat, nps, wait) = numbers;
            if let Some(c) = csat {
                fields.push(format!("\"csat\":{}", f64::from(c) - 0.5));
            }
            if let Some(n) = nps {
                fields.push(format!("\"nps\":{n}"));
            }
            if let Some(w) = wait {
                fields.push(format!("\"wait_seconds\":{w}"));
            }
            let team = team.map(|t| match t {
                "\"a\"" => "a",
                "\"b\"" => "b",
                other => other,
            });
            Generated { line: format!("{{{}}}", fields.join(",")), channel, team, bad }
        },
    )
}

/// Seconds since 1970 as RFC 3339 UTC.
pub fn iso(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
