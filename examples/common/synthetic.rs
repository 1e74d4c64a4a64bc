//! Synthetic contact-centre records, shared by the generator, the examples
//! and the benches: calls, emails and chats over four weeks in London,
//! with realistic gaps (abandoned calls, unanswered emails, missing
//! scores). Deterministic for a given seed.

#![allow(dead_code)]

use std::fmt::Write;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Makes records one at a time.
pub struct Synthetic {
    rng: StdRng,
    start: DateTime<Utc>,
    /// Seconds covered by the data set.
    span: i64,
    next_id: u64,
}

/// The teams records belong to.
pub const TEAMS: [&str; 3] = ["north", "south", "training"];
/// The agents records name.
pub const AGENTS: [&str; 8] = ["amara", "ben", "chen", "dana", "eli", "farah", "gus", "hana"];

impl Synthetic {
    /// Records spread over the four weeks from Monday 2026-11-02.
    pub fn new(seed: u64) -> Synthetic {
        Synthetic {
            rng: StdRng::seed_from_u64(seed),
            start: Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).unwrap(),
            span: 28 * 86_400,
            next_id: 1,
        }
    }

    /// Writes the next record as one JSON line (without newline) into `out`.
    pub fn next_json(&mut self, out: &mut String) {
        out.clear();
        let r = self.next_record();
        out.push('{');
        let mut first = true;
        for (key, value) in r.fields() {
            if !first {
                out.push(',');
            }
            first = false;
            let _ = write!(out, "\"{key}\":{value}");
        }
        out.push('}');
    }

    /// The next record as (header, row) CSV cells: see [`CSV_HEADER`].
    pub fn next_csv(&mut self, out: &mut String) {
        out.clear();
        let r = self.next_record();
        let fields = r.fields();
        for (i, name) in CSV_HEADER.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if let Some((_, v)) = fields.iter().find(|(k, _)| k == name) {
                if v != "null" {
                    out.push_str(v.trim_matches('"'));
                }
            }
        }
    }

    /// The next record, as typed values.
    pub fn next_record(&mut self) -> Record {
        let id = self.next_id;
        self.next_id += 1;
        let created = self.created_at();
        let team = TEAMS[self.pick(&[45, 45, 10])];
        let agent = AGENTS[self.rng.gen_range(0..AGENTS.len())];
        let channel = ["phone", "email", "chat"][self.pick(&[60, 25, 15])];
        let mut r = Record { id, channel, created_at: created, team, agent, ..Record::default() };
        match channel {
            "phone" => self.call(&mut r),
            "email" => self.email(&mut r),
            _ => self.chat(&mut r),
        }
        r
    }

    /// Busy office hours, some evenings and weekends.
    fn created_at(&mut self) -> DateTime<Utc> {
        loop {
            let t = self.start + Duration::seconds(self.rng.gen_range(0..self.span));
            let hour = (t.timestamp() / 3600) % 24;
            let weekend = matches!(t.format("%a").to_string().as_str(), "Sat" | "Sun");
            let keep = match (weekend, hour) {
                (false, 8..=17) => 100,
                (false, _) => 10,
                (true, 9..=14) => 30,
                (true, _) => 3,
            };
            if self.rng.gen_range(0..100) < keep {
                return t;
            }
        }
    }

    fn pick(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.rng.gen_range(0..total);
        for (i, &w) in weights.iter().enumerate() {
            if roll < w {
                return i;
            }
            roll -= w;
        }
        weights.len() - 1
    }

    fn call(&mut self, r: &mut Record) {
        let wait = match self.pick(&[93, 5, 2]) {
            0 => self.rng.gen_range(3..18),
            1 => self.rng.gen_range(18..40),
            _ => self.rng.gen_range(40..240),
        };
        r.wait_seconds = Some(wait);
        r.rings = Some(((wait + 6) / 7).min(12));
        if self.rng.gen_bool(0.04) {
            r.abandoned = Some(true);
        } else {
            r.abandoned = Some(false);
            r.answered_at = Some(r.created_at + Duration::seconds(wait));
            r.greeted_by_name = Some(self.rng.gen_bool(0.97));
            r.handle_seconds = Some(self.rng.gen_range(60..900));
            r.wrap_up_seconds = Some(self.rng.gen_range(60..720) + if self.rng.gen_bool(0.05) { 400 } else { 0 });
            r.first_contact_resolution = Some(self.rng.gen_bool(0.8));
        }
    }

    fn email(&mut self, r: &mut Record) {
        r.priority = Some(if self.rng.gen_bool(0.2) { "urgent" } else { "normal" });
        if self.rng.gen_bool(0.97) {
            let urgent = r.priority == Some("urgent");
            let minutes = match (urgent, self.rng.gen_bool(0.85)) {
                (true, true) => self.rng.gen_range(2..45),
                (false, true) => self.rng.gen_range(5..240),
                (_, false) => self.rng.gen_range(60..2880),
            };
            r.first_response_at = Some(r.created_at + Duration::minutes(minutes));
            if self.rng.gen_bool(0.85) {
                r.resolved_at = Some(r.created_at + Duration::minutes(minutes + self.rng.gen_range(10..4000)));
            }
        }
    }

    fn chat(&mut self, r: &mut Record) {
        r.wait_seconds = Some(self.rng.gen_range(1..120));
        r.answered_at = Some(r.created_at + Duration::seconds(r.wait_seconds.unwrap()));
        if self.rng.gen_bool(0.7) {
            r.csat = Some(f64::from(self.pick(&[4, 6, 15, 35, 40]) as u32 + 1));
        }
        if self.rng.gen_bool(0.3) {
            r.nps = Some(self.rng.gen_range(0..=10));
        }
    }
}

/// One interaction, with the fields of SPEC §4.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Record {
    pub id: u64,
    pub channel: &'static str,
    pub created_at: DateTime<Utc>,
    pub team: &'static str,
    pub agent: &'static str,
    pub priority: Option<&'static str>,
    pub answered_at: Option<DateTime<Utc>>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub rings: Option<i64>,
    pub wait_seconds: Option<i64>,
    pub handle_seconds: Option<i64>,
    pub wrap_up_seconds: Option<i64>,
    pub abandoned: Option<bool>,
    pub greeted_by_name: Option<bool>,
    pub first_contact_resolution: Option<bool>,
    pub csat: Option<f64>,
    pub nps: Option<i64>,
}

/// The columns of the CSV form.
pub const CSV_HEADER: [&str; 18] = [
    "id",
    "channel",
    "created_at",
    "team",
    "agent",
    "priority",
    "answered_at",
    "first_response_at",
    "resolved_at",
    "rings",
    "wait_seconds",
    "handle_seconds",
    "wrap_up_seconds",
    "abandoned",
    "greeted_by_name",
    "first_contact_resolution",
    "csat",
    "nps",
];

impl Record {
    /// (name, JSON text) of each field present; absent optional fields are
    /// left out, as real exports often do.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let text = |s: &str| format!("\"{s}\"");
        let time = |t: &DateTime<Utc>| format!("\"{}\"", t.format("%Y-%m-%dT%H:%M:%SZ"));
        let mut f = vec![
            ("id", self.id.to_string()),
            ("channel", text(self.channel)),
            ("created_at", time(&self.created_at)),
            ("team", text(self.team)),
            ("agent", text(self.agent)),
        ];
        let mut opt = |name: &'static str, value: Option<String>| {
            if let Some(v) = value {
                f.push((name, v));
            }
        };
        opt("priority", self.priority.map(text));
        opt("answered_at", self.answered_at.as_ref().map(time));
        if self.channel == "phone" && self.answered_at.is_none() {
            opt("answered_at", Some("null".into()));
        }
        opt("first_response_at", self.first_response_at.as_ref().map(time));
        opt("resolved_at", self.resolved_at.as_ref().map(time));
        opt("rings", self.rings.map(|v| v.to_string()));
        opt("wait_seconds", self.wait_seconds.map(|v| v.to_string()));
        opt("handle_seconds", self.handle_seconds.map(|v| v.to_string()));
        opt("wrap_up_seconds", self.wrap_up_seconds.map(|v| v.to_string()));
        opt("abandoned", self.abandoned.map(|v| v.to_string()));
        opt("greeted_by_name", self.greeted_by_name.map(|v| v.to_string()));
        opt("first_contact_resolution", self.first_contact_resolution.map(|v| v.to_string()));
        opt("csat", self.csat.map(|v| v.to_string()));
        opt("nps", self.nps.map(|v| v.to_string()));
        f
    }
}
