//! The `yardstick` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use yardstick::{Diagnostics, FeedError, OnBadRecord, Plan, ScoreOptions, Scorer, Standards, Style};

/// Check customer-service standards written as text.
#[derive(Parser)]
#[command(name = "yardstick", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a `.std` file and print every error found.
    ///
    /// Exit status: 0 when the file is valid, 1 when it has errors.
    #[command(after_help = "Example:\n  yardstick check examples/contact-centre.std")]
    Check {
        /// The `.std` file.
        file: PathBuf,
    },
    /// Print, for each standard, its canonical form and what it measures in plain words.
    #[command(after_help = "Example:\n  yardstick explain examples/contact-centre.std")]
    Explain {
        /// The `.std` file.
        file: PathBuf,
    },
    /// Score interaction records against the standards of a `.std` file.
    ///
    /// DATA files are NDJSON (`.ndjson`, `.jsonl`, `.json`) or CSV with a
    /// header row (`.csv`), by extension unless --input-format says; `-`
    /// reads standard input. Nothing is printed to stdout unless every
    /// record was scored (or skipped with --on-bad-record skip).
    ///
    /// Exit status: 0 when scored, 1 on a bad record, an unreadable file or
    /// errors in the standards (and, with --fail-on-breach, when any result
    /// failed its target), 2 on a usage error.
    #[command(after_help = "Examples:\n  \
        yardstick score examples/contact-centre.std examples/data/interactions.ndjson\n  \
        yardstick score --format json --as-of 2026-11-30T18:00:00Z standards.std calls.csv\n  \
        cat today.ndjson | yardstick score --on-bad-record skip standards.std -")]
    Score {
        /// The `.std` file.
        file: PathBuf,
        /// Record files, or `-` for standard input.
        #[arg(required = true)]
        data: Vec<PathBuf>,
        /// How to print the scorecard.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Judge open items at this instant (RFC 3339) instead of the latest timestamp read.
        #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
        as_of: Option<DateTime<Utc>>,
        /// What to do with a record that is not valid or has a field of the wrong type.
        #[arg(long, value_enum, default_value_t = BadRecords::Fail)]
        on_bad_record: BadRecords,
        /// The format of DATA, when its extension does not say (always needed for `-` with CSV).
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        /// Exit with status 1 when any result misses its target.
        #[arg(long)]
        fail_on_breach: bool,
        /// Threads to score NDJSON on (default: the available cores). The
        /// scorecard is the same for any number. CSV is read on one thread.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        threads: Option<u16>,
    },
    /// Rewrite a `.std` file in canonical form (comments are not kept).
    #[command(after_help = "Examples:\n  yardstick fmt standards.std\n  yardstick fmt --check standards.std")]
    Fmt {
        /// The `.std` file.
        file: PathBuf,
        /// Only report whether the file is already canonical (exit 1 if not).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Tables for people.
    Text,
    /// The JSON scorecard of SPEC §8.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BadRecords {
    /// Stop at the first bad record and print nothing to stdout.
    Fail,
    /// Count and list bad records, and score the rest.
    Skip,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum InputFormat {
    /// One JSON object per line.
    Ndjson,
    /// Comma-separated values with a header row.
    Csv,
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("{e}; write an RFC 3339 instant such as 2026-11-30T18:00:00Z"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { file } => match load(&file) {
            Ok(standards) => {
                println!(
                    "{}: {} standard{} ok",
                    file.display(),
                    standards.len(),
                    if standards.len() == 1 { "" } else { "s" }
                );
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Explain { file } => match load(&file) {
            Ok(standards) => {
                print!("{}", yardstick::explain::explain(&standards));
                ExitCode::SUCCESS
            }
            Err(code) => code,
        },
        Command::Score { file, data, format, as_of, on_bad_record, input_format, fail_on_breach, threads } => {
            let standards = match load(&file) {
                Ok(standards) => standards,
                Err(code) => return code,
            };
            let on_bad_record = match on_bad_record {
                BadRecords::Fail => OnBadRecord::Fail,
                BadRecords::Skip => OnBadRecord::Skip,
            };
            let options = ScoreOptions { as_of, on_bad_record };
            let threads =
                threads.map_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()), usize::from);
            let run = Run { input_format, format, fail_on_breach, threads };
            score(&standards, &data, options, &run)
        }
        Command::Fmt { file, check } => match load(&file) {
            Ok(standards) => format_file(&file, &standards, check),
            Err(code) => code,
        },
    }
}

/// Parses a file, printing its diagnostics to stderr on failure.
fn load(file: &PathBuf) -> Result<Standards, ExitCode> {
    Standards::parse_file(file).map_err(|diagnostics| {
        report(&diagnostics);
        ExitCode::FAILURE
    })
}

fn report(diagnostics: &Diagnostics) {
    let color = use_color(&std::io::stderr());
    eprint!("{}", diagnostics.render(if color { Style::Color } else { Style::Plain }));
}

/// How `score` runs, from its options.
struct Run {
    input_format: Option<InputFormat>,
    format: Format,
    fail_on_breach: bool,
    threads: usize,
}

/// Scores every DATA file, then prints the scorecard: all or nothing.
fn score(standards: &Standards, data: &[PathBuf], options: ScoreOptions, run: &Run) -> ExitCode {
    let plan = Plan::compile(standards);
    let mut scorer = Scorer::new(&plan, options);
    let progress = progress_bar();
    if let Some(bar) = &progress {
        let bar = bar.clone();
        scorer.on_progress(10_000, move |records| bar.set_position(records));
    }
    for path in data {
        if let Err(error) = feed(&mut scorer, path, run) {
            if let Some(bar) = &progress {
                bar.finish_and_clear();
            }
            eprintln!("error: {error}");
            if matches!(error, FeedError::BadRecord(_)) {
                eprintln!("help: fix the record, or pass --on-bad-record skip to count and list bad records instead");
            }
            return ExitCode::FAILURE;
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    let card = scorer.scorecard();
    let scored = card.records.read > card.records.rejected;
    if scored && card.standards.iter().flat_map(|s| &s.results).all(|r| r.population() == 0) {
        let fields: Vec<&str> = plan.fields().collect();
        eprintln!(
            "note: no record belongs to any standard; check the field names in the data (the standards read {})",
            fields.join(", ")
        );
    }
    let printed = match run.format {
        Format::Json => card.to_json() + "\n",
        Format::Text => yardstick::scorecard::text::render(&card, use_color(&std::io::stdout())),
    };
    print!("{printed}");
    if run.fail_on_breach && card.any_failed() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// A spinner with records scored and records/s, on stderr when it is a
/// terminal; `None` otherwise, so pipes and logs stay clean.
fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    let style = indicatif::ProgressStyle::with_template("{spinner} {human_pos} records scored · {rate} · {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner())
        .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} records/s", state.per_sec());
        });
    bar.set_style(style);
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// Feeds one file (or `-`, standard input) to the scorer.
fn feed(scorer: &mut Scorer, path: &PathBuf, run: &Run) -> Result<(), FeedError> {
    let stdin = path.as_os_str() == "-";
    let name = if stdin { "<stdin>".to_string() } else { path.display().to_string() };
    let format = run.input_format.unwrap_or_else(|| {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => InputFormat::Csv,
            _ => InputFormat::Ndjson,
        }
    });
    let reader: Box<dyn std::io::Read> = if stdin {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|error| FeedError::Io { source_name: name.clone(), error })?)
    };
    let reader = std::io::BufReader::with_capacity(1 << 16, reader);
    match format {
        InputFormat::Ndjson if run.threads > 1 => scorer.feed_ndjson_parallel(reader, &name, run.threads),
        InputFormat::Ndjson => scorer.feed_ndjson(reader, &name),
        InputFormat::Csv => scorer.feed_csv(reader, &name),
    }
}

fn use_color(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn format_file(file: &PathBuf, standards: &Standards, check: bool) -> ExitCode {
    let canonical = standards.to_string();
    let current = std::fs::read_to_string(file).unwrap_or_default();
    if check {
        if current == canonical {
            return ExitCode::SUCCESS;
        }
        eprintln!("{} is not in canonical form; run `yardstick fmt {}`", file.display(), file.display());
        return ExitCode::FAILURE;
    }
    // Write to a temporary file and rename, so an interrupted run never
    // leaves a half-written file.
    let temporary = file.with_extension("std.tmp");
    let written = std::fs::write(&temporary, &canonical).and_then(|()| std::fs::rename(&temporary, file));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            eprintln!("cannot write {}: {error}", file.display());
            ExitCode::FAILURE
        }
    }
}
