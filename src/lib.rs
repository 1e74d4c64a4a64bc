//! yardstick: customer-service standards written as text, checked against
//! what really happened.
//!
//! A `.std` file states standards such as
//! `calls answered within 3 rings 95% of the time per day by team`
//! (the language is specified in `SPEC.md`; the README has it at a glance).
//! [`Standards::parse`] reads one into typed [`Standard`] values, reporting
//! every error with its place in the file and a suggestion;
//! [`Plan::compile`] prepares them for scoring; a [`Scorer`] takes
//! interaction records one at a time and gives a [`Scorecard`].
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | produces |
//! |---|---|---|
//! | grammar (`grammar/standards.pest`) → syntax tree | [`syntax`] | [`syntax::ast`] |
//! | syntax tree → checked, typed standards | [`check`] | [`standard`] values in [`Standards`] |
//! | typed standards → compiled plan (fields as slots) | [`plan`] | [`Plan`] |
//! | records → cells by slot | [`record`] | [`record::RecordBuf`] |
//! | streaming scorer | [`score`] | [`Scorer`], mergeable |
//! | results | [`scorecard`] | [`Scorecard`]: SPEC §8 JSON, text tables (`cli`) |
//! | business hours | [`business`] | [`business::BusinessCalendar`] |
//! | zones, UTC offsets, civil dates, RFC 3339 | [`time`] | [`time::Zone`] |
//! | errors → what people read | [`diagnostics`] | [`Diagnostics`] |
//!
//! # A guided example
//!
//! A contact centre promises to pick up calls within three rings and to
//! answer urgent emails within an office hour. First the standards, parsed
//! and checked once:
//!
//! ```
//! use yardstick::{OnBadRecord, Plan, ScoreOptions, Scorer, Standards};
//!
//! let standards: Standards = r#"
//!     timezone "Europe/London"
//!     calendar office:
//!       mon-fri 09:00-17:30
//!     standard "Pickup":
//!       calls answered within three rings 95% of the time per day by team
//!     standard "Urgent email":
//!       emails responded within 1 business hour 90% of the time where priority is "urgent"
//! "#.parse()?;
//!
//! // Canonical form: what `yardstick fmt` writes, and what the scorecard shows.
//! assert_eq!(
//!     standards.get("Pickup").unwrap().to_string(),
//!     "calls answered within 3 rings 95% of the time per day by team"
//! );
//!
//! // Compile once; every field a standard reads becomes a slot.
//! let plan = Plan::compile(&standards)?;
//!
//! // Score records as they come: here NDJSON lines, one bad.
//! let options = ScoreOptions { on_bad_record: OnBadRecord::Skip, ..ScoreOptions::default() };
//! let mut scorer = Scorer::new(&plan, options);
//! let data = r#"
//! {"channel": "phone", "created_at": "2026-11-23T09:00:00Z", "rings": 2, "team": "north"}
//! {"channel": "phone", "created_at": "2026-11-23T09:05:00Z", "rings": 5, "team": "north"}
//! {"channel": "email", "priority": "urgent", "created_at": "2026-11-23T17:00:00Z", "first_response_at": "2026-11-24T09:15:00Z"}
//! {"channel": "phone", "rings": "three"}
//! "#;
//! scorer.feed_ndjson(data.as_bytes(), "example")?;
//!
//! let card = scorer.scorecard();
//! assert_eq!((card.records.read, card.records.rejected), (4, 1));
//! // The bad record is counted and listed with its line and field.
//! let bad = &card.records.rejections[0];
//! assert_eq!((bad.line, bad.field.as_deref()), (Some(5), Some("rings")));
//!
//! let pickup = &card.standards[0].results[0];
//! assert_eq!(pickup.window.as_deref(), Some("2026-11-23"));
//! assert_eq!((pickup.hits, pickup.misses, pickup.passed), (Some(1), Some(1), Some(false)));
//!
//! // 17:00 → 17:30, then 09:00 → 09:15 the next day: 45 business minutes.
//! let urgent = &card.standards[1].results[0];
//! assert_eq!((urgent.hits, urgent.passed), (Some(1), Some(true)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Records can also be your own types ([`Scorer::push`] takes anything
//! `serde::Serialize`) or CSV ([`Scorer::feed_csv`]); scorers of one plan
//! [`merge`](Scorer::merge), so shards can be scored on many threads or
//! machines. The scorecard serializes to the JSON of SPEC §8
//! ([`Scorecard::to_json`]) or, with the `cli` feature, renders as tables
//! (`scorecard::text`).
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `cli` | on | the `yardstick` binary (clap, and indicatif for its progress line); `scorecard::text`, the scorecard as tables (comfy-table); [`Style::Color`], diagnostics in colour (miette's graphical renderer and its terminal crates) |
//!
//! A program that embeds yardstick and needs none of that depends on it
//! with `default-features = false`: parsing, checking, scoring, the
//! scorecard and its JSON, and [`Diagnostics`] rendered as plain text
//! ([`Diagnostics::render_plain`], the same text with or without `cli`)
//! are all there, and none of the command-line or terminal crates is
//! built.
//!
//! ```toml
//! [dependencies]
//! yardstick = { version = "0.1", default-features = false }
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod business;
pub mod check;
pub mod diagnostics;
mod error;
pub mod explain;
pub mod plan;
pub mod record;
pub mod score;
pub mod scorecard;
pub mod standard;
mod standards;
mod suggest;
pub mod syntax;
pub mod time;

pub use diagnostics::{Diagnostics, Style};
pub use error::Error;
pub use plan::{Plan, PlanError};
pub use score::{
    BadRecord, BadRecordKind, FeedError, Location, OnBadRecord, PartialError, Pushed, ScoreOptions, Scorer,
};
pub use scorecard::Scorecard;
pub use standard::{
    Calendar, Condition, ConditionOp, Decimal, Dimension, Filter, Kind, Measure, MeasureSource, Period, Population,
    Quantity, Standard, Statistic, Target, Test, Unit, Value, Window,
};
pub use standards::Standards;

/// The README's code samples, run as doc tests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
