//! yardstick: customer-service standards written as text, checked against
//! what really happened.
//!
//! A `.std` file states standards such as
//! `calls answered within 3 rings 95% of the time per day by team`.
//! [`Standards::parse`] reads one into typed [`Standard`] values, reporting
//! every error with its place in the file and a suggestion.
//!
//! The pipeline, one module per stage:
//!
//! | stage | module | produces |
//! |---|---|---|
//! | grammar (`grammar/standards.pest`) → syntax tree | [`syntax`] | [`syntax::ast`] |
//! | syntax tree → checked, typed standards | [`check`] | [`standard`] values in [`Standards`] |
//! | errors → what people read | [`diagnostics`] | [`Diagnostics`] |
//!
//! ```
//! use yardstick::{Kind, Standards, Target};
//!
//! let standards = Standards::parse(r#"
//!     timezone "Europe/London"
//!     standard "Abandonment":
//!       calls abandoned at most 5% of the time per day
//! "#)?;
//! let abandonment = standards.get("Abandonment").unwrap();
//! assert!(matches!(abandonment.kind, Kind::Compliance { target: Target::AtMost(_), .. }));
//! # Ok::<(), yardstick::Diagnostics>(())
//! ```

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

pub use diagnostics::{Diagnostics, Style};
pub use error::Error;
pub use plan::Plan;
pub use score::{BadRecord, FeedError, Location, OnBadRecord, ScoreOptions, Scorer};
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
