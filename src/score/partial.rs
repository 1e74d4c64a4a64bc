//! Partials: a scorer's state saved to a file, loaded in another process
//! and merged there, with exactly the scorecard one pass over all the
//! records would give. The primitive for scoring on many machines:
//! [`Scorer::save_partial`], [`Scorer::load_partial`] and
//! [`Scorer::merge_partial`]; on the command line, `yardstick score
//! --partial FILE` and `yardstick merge`.
//!
//! # The file, format version 1
//!
//! UTF-8 text of exactly four lines, each ending in `\n`:
//!
//! ```text
//! yardstick-partial 1
//! {"fingerprint":"5c1e9a0d7f3b2c48","standards":2,"as_of":null,"on_bad_record":"skip","written_by":"yardstick 0.1.0"}
//! {"read":5000,"rejected":0,"latest":1795913927000000,"rejections":[],"results":[…]}
//! end 9f2c4e1a0b3d5f77
//! ```
//!
//! 1. The magic `yardstick-partial` and the format version, a decimal
//!    number ([`PARTIAL_FORMAT`]). It is read before anything else, so a
//!    later format can change everything after this line.
//! 2. The header, a JSON object: `fingerprint`, the [`Plan::fingerprint`]
//!    of the standards it was scored against; `standards`, how many there
//!    are; the options every part of a merge must share, `as_of` (RFC 3339,
//!    or `null` for the latest timestamp read) and `on_bad_record` (`fail`
//!    or `skip`); and `written_by`, the program that wrote it (for people).
//! 3. The body, a JSON object: `read` and `rejected` (records), `latest`
//!    (the latest timestamp read, in microseconds since 1970-01-01 UTC, or
//!    `null`), `rejections` (the listed bad records: `source`, `line`,
//!    `record`, `field`, `reason`) and `results`, one per standard in file
//!    order, each with `standard` (its name), `groups` (the distinct values
//!    of its grouping fields seen, each as its byte encoding in lowercase
//!    hex) and `cells`, either `{"compliance": […]}` or `{"aggregate":
//!    […]}`. A cell is one window × group: `window` (the window's key, or
//!    `null` for records without the window's timestamp and for standards
//!    without a window), `group` (an index into `groups`) and its counts.
//!    A compliance cell has `hits`, `misses`, `open`, `unmeasurable`,
//!    `pending` (the start instants, in µs, of open items whose verdict
//!    waits for the final `as_of`) and `prune_at`. An aggregate cell has
//!    `measured`, `open`, `unmeasurable`, the exact sum of the values
//!    (`sum_wraps` × 2¹²⁸ + `sum`), `min`, `max`, `promoters`, `detractors`
//!    and `quantiles`: `null`, `{"exact": [values]}` (up to 256) or
//!    `{"sketch": {…}}` (logarithmic buckets). Values are whole trillionths
//!    of the standard's base unit, written as decimal strings so that every
//!    digit survives tools that read JSON numbers as floats.
//! 4. `end` and the 64-bit FNV-1a hash of every byte before this line, in
//!    16 hex digits.
//!
//! # What loading checks
//!
//! In this order: the magic ([`PartialError::NotAPartial`]); the version
//! ([`PartialError::UnknownVersion`]); the `end` line, which any file cut
//! short lacks ([`PartialError::Torn`]); the hash, which any change to a
//! single byte always alters (each step of FNV-1a is a bijection of its
//! state) and any other damage alters with probability 1 − 2⁻⁶⁴
//! ([`PartialError::Corrupt`]); the fingerprint
//! ([`PartialError::OtherStandards`]); then every invariant of the state —
//! group keys well formed and distinct, group indexes in range, one cell
//! per window and group, window keys possible for the standard's period,
//! cells of the kind the standard computes, counts that add up (no
//! standard counts more records than were accepted, percentile values as
//! many as measured values) — so that a damaged file is an error, never a
//! panic or a wrong scorecard. The hash is not a signature: whoever can
//! write a partial can write one with other numbers in it.
//!
//! Merging a loaded partial ([`Scorer::merge_partial`]) also needs the same
//! options ([`PartialError::DifferentOptions`]). Rejections are listed as
//! [`Scorer::merge`] lists them: by source in the order the sources are
//! first met, then by line.

use std::io::{BufWriter, Read, Write};

use chrono::{DateTime, Utc};
use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::accumulate::{Accumulator, Aggregate, Compliance, ExactSum};
use super::group;
use super::sketch::{self, Buckets, Quantiles, Sketch, EXACT_LIMIT};
use super::{window, OnBadRecord, Results, ScoreOptions, Scorer, MAX_LISTED_REJECTIONS, NO_WINDOW};
use crate::plan::fnv::{fnv1a64, fnv1a64_from, FNV_OFFSET};
use crate::plan::{CompiledStandard, Evaluation};
use crate::scorecard::Rejection;
use crate::standard::Period;
use crate::Plan;

/// The version of the partial file format this build writes and reads.
pub const PARTIAL_FORMAT: u64 = 1;

/// The first word of every partial.
const MAGIC: &[u8] = b"yardstick-partial ";

/// Why a partial cannot be saved, loaded or merged. The messages say what
/// is wrong with the partial; a program reporting one names the file
/// (`error: shard-3.partial: the partial is torn: …`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PartialError {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The input is not a partial at all.
    #[error(
        "not a yardstick partial: it does not begin with `yardstick-partial`; \
         partials are written by `yardstick score --partial FILE`"
    )]
    NotAPartial,
    /// A partial in a format version this build does not read.
    #[error(
        "the partial is in format version {found}, which this yardstick does not know \
         (it reads version {supported}); merge it with the yardstick that wrote it"
    )]
    UnknownVersion {
        /// The version in the file.
        found: u64,
        /// The version this build reads.
        supported: u64,
    },
    /// The partial stops before its last line: it was cut short while
    /// being written, copied or downloaded.
    #[error(
        "the partial is torn: it stops before its `end` line, so it was cut short \
         while being written or copied; write it again"
    )]
    Torn,
    /// The partial was damaged: its hash does not match, or what it holds
    /// cannot be the state of a scorer of these standards.
    #[error("the partial is corrupt: {reason}")]
    Corrupt {
        /// What is wrong, in words.
        reason: String,
    },
    /// The partial was scored against other standards.
    #[error(
        "the partial was made from other standards (fingerprint {found}; these standards \
         have {expected}); score every part and merge with the same .std file"
    )]
    OtherStandards {
        /// The fingerprint in the partial.
        found: String,
        /// The fingerprint of the plan it was loaded with.
        expected: String,
    },
    /// The partial was scored with other options than the results it is
    /// merged into.
    #[error(
        "the partial was scored with other options ({found}) than the results it is merged \
         with ({expected}); score every part with the same --as-of and --on-bad-record"
    )]
    DifferentOptions {
        /// The partial's options, in words.
        found: String,
        /// The options of the results it was to be merged into.
        expected: String,
    },
}

fn corrupt(reason: impl Into<String>) -> PartialError {
    PartialError::Corrupt { reason: reason.into() }
}

/// `Err(corrupt(reason))` unless `ok`.
fn ensure(ok: bool, reason: impl FnOnce() -> String) -> Result<(), PartialError> {
    if ok {
        Ok(())
    } else {
        Err(corrupt(reason()))
    }
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    inner: W,
    hash: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash = fnv1a64_from(self.hash, &buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl Scorer {
    /// Writes everything scored so far as a partial (see the [module
    /// docs](crate::score::partial) for the format), to be loaded by
    /// another process with [`Scorer::load_partial`] or
    /// [`Scorer::merge_partial`]. The writer
    /// is buffered here; to write a file safely, write to a temporary file
    /// in the same directory and rename it, as `yardstick score --partial`
    /// does.
    ///
    /// ```
    /// use yardstick::{Plan, ScoreOptions, Scorer, Standards};
    ///
    /// let standards: Standards = r#"
    ///     standard "Pickup": calls answered within 3 rings 50% of the time by team
    /// "#.parse()?;
    /// let plan = Plan::compile(&standards)?;
    ///
    /// // Two shards, scored apart (in other processes, on other machines)...
    /// let mut north = Scorer::new(&plan, ScoreOptions::default());
    /// north.push_json(br#"{"channel": "phone", "rings": 2, "team": "north"}"#)?;
    /// let mut south = Scorer::new(&plan, ScoreOptions::default());
    /// south.push_json(br#"{"channel": "phone", "rings": 5, "team": "north"}"#)?;
    /// let (mut a, mut b) = (Vec::new(), Vec::new());
    /// north.save_partial(&mut a)?;
    /// south.save_partial(&mut b)?;
    ///
    /// // ...and merged here, with a plan compiled from the same standards.
    /// let mut merged = Scorer::load_partial(&plan, a.as_slice())?;
    /// merged.merge_partial(b.as_slice())?;
    /// let result = &merged.scorecard().standards[0].results[0];
    /// assert_eq!((result.hits, result.misses), (Some(1), Some(1)));
    ///
    /// // A torn partial is an error, never a wrong scorecard.
    /// let torn = &b[..b.len() - 3];
    /// assert!(matches!(merged.merge_partial(torn), Err(yardstick::PartialError::Torn)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save_partial(&self, writer: impl Write) -> Result<(), PartialError> {
        let mut out = Hashing { inner: BufWriter::with_capacity(1 << 16, writer), hash: FNV_OFFSET };
        out.write_all(MAGIC)?;
        writeln!(out, "{PARTIAL_FORMAT}")?;
        serde_json::to_writer(&mut out, &self.partial_header()).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut out, &self.partial_body()).map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        let Hashing { inner: mut writer, hash } = out;
        writeln!(writer, "end {hash:016x}")?;
        writer.flush()?;
        Ok(())
    }

    /// Loads a partial written by [`Scorer::save_partial`] as a scorer of
    /// `plan`, with the options it was scored with. `plan` must be compiled
    /// from the same standards (the same canonical text); the partial can
    /// then be scored on, merged ([`Scorer::merge`]) and printed. Every
    /// problem with the partial is an error; see [`PartialError`].
    pub fn load_partial(plan: &Plan, mut reader: impl Read) -> Result<Scorer, PartialError> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let (header, body) = split(&bytes)?;
        let header: Header =
            serde_json::from_slice(header).map_err(|e| corrupt(format!("its header cannot be read: {e}")))?;
        if header.fingerprint != plan.fingerprint() {
            return Err(PartialError::OtherStandards { found: header.fingerprint, expected: plan.fingerprint() });
        }
        ensure(header.standards == plan.len(), || {
            format!("it has {} standards but the standards file has {}", header.standards, plan.len())
        })?;
        let on_bad_record = match header.on_bad_record {
            Mode::Fail => OnBadRecord::Fail,
            Mode::Skip => OnBadRecord::Skip,
        };
        let body: Body =
            serde_json::from_slice(body).map_err(|e| corrupt(format!("its results cannot be read: {e}")))?;
        let mut scorer = Scorer::new(plan, ScoreOptions { as_of: header.as_of, on_bad_record });
        restore(&mut scorer, body)?;
        Ok(scorer)
    }

    /// Loads a partial ([`Scorer::load_partial`]) with this scorer's plan
    /// and merges it in ([`Scorer::merge`]). It must have been scored with
    /// the same options. On an error nothing is merged.
    pub fn merge_partial(&mut self, reader: impl Read) -> Result<(), PartialError> {
        let other = Scorer::load_partial(&self.plan, reader)?;
        if other.options != self.options {
            return Err(PartialError::DifferentOptions {
                found: describe(&other.options),
                expected: describe(&self.options),
            });
        }
        let total = self.read.checked_add(other.read).filter(|&n| i64::try_from(n).is_ok());
        ensure(total.is_some(), || "together the parts hold more than 2^63 records".into())?;
        self.merge(other).map_err(|e| corrupt(e.to_string()))
    }

    fn partial_header(&self) -> Header {
        Header {
            fingerprint: self.plan.fingerprint(),
            standards: self.plan.len(),
            as_of: self.options.as_of,
            on_bad_record: match self.options.on_bad_record {
                OnBadRecord::Fail => Mode::Fail,
                OnBadRecord::Skip => Mode::Skip,
            },
            written_by: concat!("yardstick ", env!("CARGO_PKG_VERSION")).into(),
        }
    }

    fn partial_body(&self) -> Body {
        let results = self
            .plan
            .inner
            .standards
            .iter()
            .zip(&self.results)
            .map(|(standard, results)| save_results(standard, results))
            .collect();
        Body {
            read: self.read,
            rejected: self.rejected,
            latest: self.latest,
            rejections: self.rejections.iter().map(SavedRejection::from).collect(),
            results,
        }
    }
}

/// Options in words, for [`PartialError::DifferentOptions`].
fn describe(options: &ScoreOptions) -> String {
    let as_of = match options.as_of {
        Some(t) => format!("--as-of {}", t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        None => "no --as-of".into(),
    };
    let bad = match options.on_bad_record {
        OnBadRecord::Fail => "fail",
        OnBadRecord::Skip => "skip",
    };
    format!("{as_of}, --on-bad-record {bad}")
}

/// The header and body lines of a partial, once its magic, version, `end`
/// line and hash are checked.
fn split(bytes: &[u8]) -> Result<(&[u8], &[u8]), PartialError> {
    if !bytes.starts_with(MAGIC) {
        return Err(if MAGIC.starts_with(bytes) { PartialError::Torn } else { PartialError::NotAPartial });
    }
    let first_end = memchr::memchr(b'\n', bytes).ok_or(PartialError::Torn)?;
    let version = std::str::from_utf8(&bytes[MAGIC.len()..first_end])
        .ok()
        .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| corrupt("its format version is not a number"))?;
    let found: u64 = version.parse().map_err(|_| corrupt("its format version is not a number"))?;
    if found != PARTIAL_FORMAT {
        return Err(PartialError::UnknownVersion { found, supported: PARTIAL_FORMAT });
    }
    // The `end` line is last: a file cut anywhere has none.
    let Some(content) = bytes.strip_suffix(b"\n") else { return Err(PartialError::Torn) };
    let last_start = memchr::memrchr(b'\n', content).map_or(0, |i| i + 1);
    let Some(hash) = content[last_start..].strip_prefix(b"end ") else { return Err(PartialError::Torn) };
    let hash = std::str::from_utf8(hash)
        .ok()
        .filter(|h| h.len() == 16)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .ok_or_else(|| corrupt("its `end` line does not hold a hash"))?;
    if fnv1a64(&bytes[..last_start]) != hash {
        return Err(corrupt("its contents do not match its hash: it was damaged or changed after it was written"));
    }
    // Between the version and the `end` line: the header and the body.
    let lines = &bytes[first_end + 1..last_start];
    let mut parts = lines.split(|&b| b == b'\n');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(body), Some([]), None) => Ok((header, body)),
        _ => Err(corrupt("it does not have exactly a header line and a results line")),
    }
}

/// Line 2.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    fingerprint: String,
    standards: usize,
    as_of: Option<DateTime<Utc>>,
    on_bad_record: Mode,
    written_by: String,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Fail,
    Skip,
}

/// Line 3.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    read: u64,
    rejected: u64,
    latest: Option<i64>,
    rejections: Vec<SavedRejection>,
    results: Vec<SavedResults>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedRejection {
    source: Option<String>,
    line: Option<u64>,
    record: Option<u64>,
    field: Option<String>,
    reason: String,
}

impl From<&Rejection> for SavedRejection {
    fn from(r: &Rejection) -> SavedRejection {
        SavedRejection {
            source: r.source.clone(),
            line: r.line,
            record: r.record,
            field: r.field.clone(),
            reason: r.reason.clone(),
        }
    }
}

impl From<SavedRejection> for Rejection {
    fn from(r: SavedRejection) -> Rejection {
        Rejection { source: r.source, line: r.line, record: r.record, field: r.field, reason: r.reason }
    }
}

/// One standard's results.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedResults {
    standard: String,
    groups: Vec<Hex>,
    cells: SavedCells,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum SavedCells {
    Compliance(Vec<ComplianceCell>),
    Aggregate(Vec<AggregateCell>),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ComplianceCell {
    window: Option<i64>,
    group: u32,
    hits: u64,
    misses: u64,
    open: u64,
    unmeasurable: u64,
    pending: Vec<i64>,
    prune_at: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AggregateCell {
    window: Option<i64>,
    group: u32,
    measured: u64,
    open: u64,
    unmeasurable: u64,
    sum: Wide,
    sum_wraps: i64,
    min: Wide,
    max: Wide,
    promoters: u64,
    detractors: u64,
    quantiles: Option<SavedQuantiles>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
enum SavedQuantiles {
    Exact(Vec<Wide>),
    Sketch(SavedSketch),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedSketch {
    positive: SavedBuckets,
    negative: SavedBuckets,
    zero: u64,
    count: u64,
    min: Wide,
    max: Wide,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedBuckets {
    offset: i32,
    counts: Vec<u64>,
}

/// An `i128`, written as a decimal string.
#[derive(Clone, Copy)]
struct Wide(i128);

impl Serialize for Wide {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Wide {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Wide, D::Error> {
        struct WideVisitor;
        impl Visitor<'_> for WideVisitor {
            type Value = Wide;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number as a decimal string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Wide, E> {
                let digits = text.strip_prefix('-').unwrap_or(text);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(E::invalid_value(de::Unexpected::Str(text), &self));
                }
                text.parse().map(Wide).map_err(|_| E::invalid_value(de::Unexpected::Str(text), &self))
            }
        }
        d.deserialize_str(WideVisitor)
    }
}

/// Bytes, written as lowercase hex.
struct Hex(Vec<u8>);

impl Serialize for Hex {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let text: String = self
            .0
            .iter()
            .flat_map(|&b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 15)]])
            .map(char::from)
            .collect();
        s.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for Hex {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hex, D::Error> {
        struct HexVisitor;
        impl Visitor<'_> for HexVisitor {
            type Value = Hex;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("lowercase hex digits")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Hex, E> {
                let digit = |c: u8| match c {
                    b'0'..=b'9' => Some(c - b'0'),
                    b'a'..=b'f' => Some(c - b'a' + 10),
                    _ => None,
                };
                let bad = || E::invalid_value(de::Unexpected::Str(text), &self);
                if !text.len().is_multiple_of(2) {
                    return Err(bad());
                }
                text.as_bytes()
                    .chunks_exact(2)
                    .map(|pair| Some(digit(pair[0])? << 4 | digit(pair[1])?))
                    .collect::<Option<Vec<u8>>>()
                    .map(Hex)
                    .ok_or_else(bad)
            }
        }
        d.deserialize_str(HexVisitor)
    }
}

fn save_window(window: i64) -> Option<i64> {
    (window != NO_WINDOW).then_some(window)
}

fn save_results(standard: &CompiledStandard, results: &Results) -> SavedResults {
    let groups = (0..results.groups.len()).map(|id| Hex(results.groups.key(id as u32).to_vec())).collect();
    // Sorted, so the same state is always written the same way.
    let mut cells: Vec<(&(i64, u32), &Accumulator)> = results.cells.iter().collect();
    cells.sort_unstable_by_key(|(key, _)| **key);
    let cells = match standard.evaluation {
        Evaluation::Compliance { .. } => SavedCells::Compliance(
            cells
                .into_iter()
                .filter_map(|(&(window, group), cell)| match cell {
                    Accumulator::Compliance(c) => Some(ComplianceCell {
                        window: save_window(window),
                        group,
                        hits: c.hits,
                        misses: c.misses,
                        open: c.open,
                        unmeasurable: c.unmeasurable,
                        pending: c.pending.clone(),
                        prune_at: c.prune_at,
                    }),
                    Accumulator::Aggregate(_) => None,
                })
                .collect(),
        ),
        Evaluation::Aggregate { .. } => SavedCells::Aggregate(
            cells
                .into_iter()
                .filter_map(|(&(window, group), cell)| match cell {
                    Accumulator::Aggregate(a) => Some(AggregateCell {
                        window: save_window(window),
                        group,
                        measured: a.measured,
                        open: a.open,
                        unmeasurable: a.unmeasurable,
                        sum: Wide(a.sum.low),
                        sum_wraps: a.sum.wraps,
                        min: Wide(a.min),
                        max: Wide(a.max),
                        promoters: a.promoters,
                        detractors: a.detractors,
                        quantiles: a.quantiles.as_ref().map(save_quantiles),
                    }),
                    Accumulator::Compliance(_) => None,
                })
                .collect(),
        ),
    };
    SavedResults { standard: standard.name.clone(), groups, cells }
}

fn save_quantiles(q: &Quantiles) -> SavedQuantiles {
    match q {
        Quantiles::Exact(values) => SavedQuantiles::Exact(values.iter().map(|&v| Wide(v)).collect()),
        Quantiles::Sketch(s) => SavedQuantiles::Sketch(SavedSketch {
            positive: SavedBuckets { offset: s.positive.offset, counts: s.positive.counts.clone() },
            negative: SavedBuckets { offset: s.negative.offset, counts: s.negative.counts.clone() },
            zero: s.zero,
            count: s.count,
            min: Wide(s.min),
            max: Wide(s.max),
        }),
    }
}

/// Puts a loaded body into a new scorer, checking every invariant.
fn restore(scorer: &mut Scorer, body: Body) -> Result<(), PartialError> {
    let plan = scorer.plan.inner.clone();
    let Body { read, rejected, latest, rejections, results } = body;
    ensure(i64::try_from(read).is_ok(), || format!("it counts {read} records, more than 2^63"))?;
    ensure(rejected <= read, || format!("it rejected {rejected} records of {read} read"))?;
    if scorer.options.on_bad_record == OnBadRecord::Fail {
        ensure(rejected == 0, || "it rejected records though bad records fail the run".into())?;
    }
    let listed = rejections.len() as u64;
    ensure(listed <= rejected.min(MAX_LISTED_REJECTIONS as u64), || {
        format!("it lists {listed} rejected records of {rejected} rejected")
    })?;
    let accepted = read - rejected;
    ensure(accepted > 0 || latest.is_none(), || "it has a latest timestamp but no record was accepted".into())?;
    ensure(results.len() == plan.standards.len(), || {
        format!("it has results for {} standards, not {}", results.len(), plan.standards.len())
    })?;
    for (i, (saved, standard)) in results.into_iter().zip(&plan.standards).enumerate() {
        ensure(saved.standard == standard.name, || {
            format!("its standard {} is called {:?}, not {:?}", i + 1, saved.standard, standard.name)
        })?;
        let mut restored = restore_results(standard, saved, accepted, scorer.options.as_of.is_some())?;
        restored.relabel(&plan, standard);
        scorer.results[i] = restored;
    }
    scorer.read = read;
    scorer.rejected = rejected;
    scorer.rejections = rejections.into_iter().map(Rejection::from).collect();
    scorer.latest = latest;
    Ok(())
}

fn restore_results(
    standard: &CompiledStandard,
    saved: SavedResults,
    accepted: u64,
    as_of_given: bool,
) -> Result<Results, PartialError> {
    let name = &standard.name;
    let mut results = Results::default();
    for (id, Hex(key)) in saved.groups.iter().enumerate() {
        let values = group::check_key(key).map_err(|e| corrupt(format!("standard {name:?}: {e}")))?;
        ensure(values == standard.grouping.len(), || {
            format!("standard {name:?} has a group of {values} values; it groups by {}", standard.grouping.len())
        })?;
        ensure(results.groups.intern(key) as usize == id, || format!("standard {name:?} has a group twice"))?;
    }
    let groups = results.groups.len();
    // Everything this standard counted: at most one mark per accepted record.
    let mut population: u128 = 0;
    let mut place = |window: Option<i64>, group: u32, cell: Accumulator, counted: u128| {
        let window = restore_window(standard, window)?;
        ensure((group as usize) < groups, || format!("standard {name:?} has a result of group {group} of {groups}"))?;
        population += counted;
        ensure(results.cells.insert((window, group), cell).is_none(), || {
            format!("standard {name:?} has two results for one window and group")
        })
    };
    match (saved.cells, &standard.evaluation) {
        (SavedCells::Compliance(cells), Evaluation::Compliance { .. }) => {
            for c in cells {
                ensure(!as_of_given || c.pending.is_empty(), || {
                    format!("standard {name:?} has items waiting for an as_of that was given")
                })?;
                let counted = [c.hits, c.misses, c.open, c.unmeasurable, c.pending.len() as u64]
                    .iter()
                    .map(|&n| u128::from(n))
                    .sum();
                let cell = Compliance {
                    hits: c.hits,
                    misses: c.misses,
                    open: c.open,
                    unmeasurable: c.unmeasurable,
                    pending: c.pending,
                    prune_at: c.prune_at,
                };
                place(c.window, c.group, Accumulator::Compliance(cell), counted)?;
            }
        }
        (SavedCells::Aggregate(cells), Evaluation::Aggregate { rank, .. }) => {
            for a in cells {
                let counted = [a.measured, a.open, a.unmeasurable].iter().map(|&n| u128::from(n)).sum();
                let (window, group) = (a.window, a.group);
                let cell = restore_aggregate(name, a, rank.is_some())?;
                place(window, group, Accumulator::Aggregate(cell), counted)?;
            }
        }
        _ => return Err(corrupt(format!("standard {name:?} has results of the wrong kind"))),
    }
    ensure(population <= u128::from(accepted), || {
        format!("standard {name:?} counts {population} records, but only {accepted} were accepted")
    })?;
    Ok(results)
}

/// The window key of a saved cell, if the standard's period can have it.
fn restore_window(standard: &CompiledStandard, window: Option<i64>) -> Result<i64, PartialError> {
    let name = &standard.name;
    match (window, standard.window) {
        (None, _) => Ok(NO_WINDOW),
        (Some(_), None) => Err(corrupt(format!("standard {name:?} has no window, but a result has one"))),
        (Some(key), Some((period, _))) => {
            ensure(window_keys(period).contains(&key), || format!("standard {name:?} has a window no instant is in"))?;
            Ok(key)
        }
    }
}

/// Every window key of a period: instants are within ±2^63 µs and
/// offsets within a day, so every key lies between the keys of these (an
/// hour key's offset is its last digit; the other keys grow with local
/// time).
fn window_keys(period: Period) -> std::ops::RangeInclusive<i64> {
    const DAY: i64 = 86_400;
    let (first, last) = (i64::MIN.div_euclid(1_000_000), i64::MAX.div_euclid(1_000_000));
    match period {
        Period::Hour => {
            window::key_of_local(period, first - 2 * DAY, first - 3 * DAY)
                ..=window::key_of_local(period, last + 2 * DAY, last + 3 * DAY)
        }
        _ => window::key_of_local(period, 0, first - 2 * DAY)..=window::key_of_local(period, 0, last + 2 * DAY),
    }
}

fn restore_aggregate(name: &str, a: AggregateCell, ranked: bool) -> Result<Aggregate, PartialError> {
    let n = a.measured;
    let (min, max) = (a.min.0, a.max.0);
    if n == 0 {
        ensure(a.sum.0 == 0 && a.sum_wraps == 0 && a.promoters == 0 && a.detractors == 0, || {
            format!("standard {name:?} has a sum or scores without values")
        })?;
        ensure(min == i128::MAX && max == i128::MIN, || format!("standard {name:?} has a minimum without values"))?;
    } else {
        ensure(min <= max, || format!("standard {name:?} has a minimum above its maximum"))?;
        ensure(u128::from(a.promoters) + u128::from(a.detractors) <= u128::from(n), || {
            format!("standard {name:?} has more promoters and detractors than values")
        })?;
        // |sum| ≤ n × 2^127, so |wraps| ≤ (n + 1) / 2.
        ensure(a.sum_wraps.unsigned_abs() <= n, || format!("standard {name:?} has an impossible sum"))?;
    }
    let quantiles = match (a.quantiles, ranked) {
        (None, false) => None,
        (Some(q), true) => Some(restore_quantiles(name, q, n, min, max)?),
        _ => return Err(corrupt(format!("standard {name:?} has percentile values where it needs none, or none"))),
    };
    Ok(Aggregate {
        measured: n,
        open: a.open,
        unmeasurable: a.unmeasurable,
        sum: ExactSum { low: a.sum.0, wraps: a.sum_wraps },
        min,
        max,
        promoters: a.promoters,
        detractors: a.detractors,
        quantiles,
    })
}

fn restore_quantiles(name: &str, q: SavedQuantiles, n: u64, min: i128, max: i128) -> Result<Quantiles, PartialError> {
    match q {
        SavedQuantiles::Exact(values) => {
            ensure(values.len() as u64 == n && values.len() <= EXACT_LIMIT, || {
                format!("standard {name:?} keeps {} values for percentiles of {n}", values.len())
            })?;
            let values: Vec<i128> = values.into_iter().map(|v| v.0).collect();
            if let (Some(low), Some(high)) = (values.iter().min(), values.iter().max()) {
                ensure(*low == min && *high == max, || {
                    format!("standard {name:?} keeps values for percentiles outside its minimum and maximum")
                })?;
            }
            Ok(Quantiles::Exact(values))
        }
        SavedQuantiles::Sketch(s) => {
            ensure(n > EXACT_LIMIT as u64 && s.count == n, || {
                format!("standard {name:?} has a percentile sketch of {} values for {n}", s.count)
            })?;
            ensure(s.min.0 == min && s.max.0 == max, || {
                format!("standard {name:?} has a percentile sketch with another minimum or maximum")
            })?;
            let highest = sketch::index(1u128 << 127);
            let mut total = u128::from(s.zero);
            for buckets in [&s.positive, &s.negative] {
                let end = i64::from(buckets.offset) + buckets.counts.len() as i64;
                ensure(buckets.offset >= 0 && end <= i64::from(highest) + 1, || {
                    format!("standard {name:?} has percentile buckets out of range")
                })?;
                total += buckets.counts.iter().map(|&c| u128::from(c)).sum::<u128>();
            }
            ensure(total == u128::from(n), || {
                format!("standard {name:?} has percentile buckets of {total} values for {n}")
            })?;
            let buckets = |b: SavedBuckets| Buckets { offset: b.offset, counts: b.counts };
            Ok(Quantiles::Sketch(Box::new(Sketch {
                positive: buckets(s.positive),
                negative: buckets(s.negative),
                zero: s.zero,
                count: s.count,
                min,
                max,
            })))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_matches_the_published_values() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn window_keys_hold_every_instant_and_only_printable_keys() {
        let periods = [Period::Hour, Period::Day, Period::Week, Period::Month, Period::Quarter, Period::Year];
        let zone = crate::time::Zone::new("Europe/London".parse().unwrap());
        for period in periods {
            let keys = window_keys(period);
            for micros in [i64::MIN, i64::MIN + 1, -1, 0, 1_774_569_600_000_000, i64::MAX] {
                let seconds = micros.div_euclid(1_000_000);
                for offset in [-86_399, -3600, 0, 1800, 50_400, 86_399] {
                    let key = window::key_of_local(period, seconds, seconds + offset);
                    assert!(keys.contains(&key), "{period:?} {micros} {offset}");
                }
            }
            assert!(!keys.contains(&NO_WINDOW));
            for key in [*keys.start(), *keys.end()] {
                window::window_label(period, key);
                window::window_start(period, key, &zone);
            }
        }
    }

    #[test]
    fn wide_and_hex_round_trip() {
        for v in [0, 1, -1, i128::MAX, i128::MIN, 10i128.pow(30)] {
            let text = serde_json::to_string(&Wide(v)).unwrap();
            assert_eq!(serde_json::from_str::<Wide>(&text).unwrap().0, v);
        }
        assert!(serde_json::from_str::<Wide>("\"+1\"").is_err());
        assert!(serde_json::from_str::<Wide>("\"\"").is_err());
        assert!(serde_json::from_str::<Wide>("1").is_err());
        let bytes: Vec<u8> = (0..=255).collect();
        let text = serde_json::to_string(&Hex(bytes.clone())).unwrap();
        assert_eq!(serde_json::from_str::<Hex>(&text).unwrap().0, bytes);
        assert!(serde_json::from_str::<Hex>("\"abc\"").is_err());
        assert!(serde_json::from_str::<Hex>("\"AB\"").is_err());
    }
}
