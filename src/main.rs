//! The `yardstick` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use yardstick::{Diagnostics, FeedError, OnBadRecord, PartialError, Plan, ScoreOptions, Scorer, Standards, Style};

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
    ///
    /// With --partial FILE the results are written to FILE, to be merged
    /// with `yardstick merge`, instead of printed.
    #[command(after_help = "Examples:\n  \
        yardstick score examples/contact-centre.std examples/data/interactions.ndjson\n  \
        yardstick score --format json --as-of 2026-11-30T18:00:00Z standards.std calls.csv\n  \
        cat today.ndjson | yardstick score --on-bad-record skip standards.std -\n  \
        yardstick score --partial monday.partial standards.std monday.ndjson")]
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
        /// Write the results to FILE as a partial for `yardstick merge` (atomically), instead of
        /// printing the scorecard.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "fail_on_breach"])]
        partial: Option<PathBuf>,
    },
    /// Merge partials written by `score --partial` and print the scorecard.
    ///
    /// The scorecard is exactly the one `score` prints for all the records of
    /// every part. Every part must be scored against the same standards (by
    /// canonical text) and with the same --as-of and --on-bad-record.
    ///
    /// Exit status: 0 when merged, 1 on errors in the standards (and, with
    /// --fail-on-breach, when any result failed its target), 2 on a usage
    /// error or a PART that cannot be read or used: made from other
    /// standards, scored with other options, torn, corrupt, or in a format
    /// version this yardstick does not know.
    #[command(after_help = "Example:\n  \
        yardstick score --partial a.partial standards.std a.ndjson\n  \
        yardstick score --partial b.partial standards.std b.ndjson\n  \
        yardstick merge standards.std a.partial b.partial")]
    Merge {
        /// The `.std` file the parts were scored against.
        file: PathBuf,
        /// Partial files.
        #[arg(required = true)]
        parts: Vec<PathBuf>,
        /// How to print the scorecard.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when any result misses its target.
        #[arg(long)]
        fail_on_breach: bool,
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
        Command::Score { file, data, format, as_of, on_bad_record, input_format, fail_on_breach, threads, partial } => {
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
            let run = Run { input_format, format, fail_on_breach, threads, partial };
            score(&standards, &data, options, &run)
        }
        Command::Merge { file, parts, format, fail_on_breach } => match load(&file) {
            Ok(standards) => merge(&standards, &parts, format, fail_on_breach),
            Err(code) => code,
        },
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
    partial: Option<PathBuf>,
}

/// The compiled plan, or `None` after saying why (checked standards
/// always compile; this is a guard, not an expected path).
fn compiled(standards: &Standards) -> Option<Plan> {
    Plan::compile(standards).map_err(|error| eprintln!("error: {error}")).ok()
}

/// Scores every DATA file, then prints the scorecard: all or nothing.
fn score(standards: &Standards, data: &[PathBuf], options: ScoreOptions, run: &Run) -> ExitCode {
    let Some(plan) = compiled(standards) else { return ExitCode::FAILURE };
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
    match &run.partial {
        Some(path) => write_partial(&scorer, path),
        None => print_card(&card, run.format, run.fail_on_breach),
    }
}

/// Prints a scorecard; exit status 1 with `fail_on_breach` when a result
/// failed.
fn print_card(card: &yardstick::Scorecard, format: Format, fail_on_breach: bool) -> ExitCode {
    let printed = match format {
        Format::Json => card.to_json() + "\n",
        Format::Text => yardstick::scorecard::text::render(card, use_color(&std::io::stdout())),
    };
    print!("{printed}");
    if fail_on_breach && card.any_failed() {
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

/// Writes a scorer's partial to `path` atomically: to a temporary file in
/// the same directory, then renamed, so `path` is never half-written.
fn write_partial(scorer: &Scorer, path: &std::path::Path) -> ExitCode {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "partial".into());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temporary)
        .map_err(PartialError::Io)
        .and_then(|mut file| {
            scorer.save_partial(&mut file)?;
            file.sync_all()?;
            Ok(())
        })
        .and_then(|()| std::fs::rename(&temporary, path).map_err(PartialError::Io));
    match written {
        Ok(()) => {
            eprintln!(
                "note: wrote {} ({} records read, {} rejected); print the scorecard with `yardstick merge`",
                path.display(),
                scorer.records_read(),
                scorer.records_rejected()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            eprintln!("error: cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}

/// Loads every part, merges them in order and prints the scorecard.
fn merge(standards: &Standards, parts: &[PathBuf], format: Format, fail_on_breach: bool) -> ExitCode {
    let Some(plan) = compiled(standards) else { return ExitCode::FAILURE };
    let mut merged: Option<Scorer> = None;
    for path in parts {
        let loaded = std::fs::File::open(path).map_err(PartialError::Io).and_then(|file| match &mut merged {
            Some(scorer) => scorer.merge_partial(file),
            None => Scorer::load_partial(&plan, file).map(|scorer| merged = Some(scorer)),
        });
        if let Err(error) = loaded {
            match error {
                PartialError::Io(error) => eprintln!("error: cannot read {}: {error}", path.display()),
                error => eprintln!("error: {}: {error}", path.display()),
            }
            return ExitCode::from(2);
        }
    }
    match merged {
        Some(scorer) => print_card(&scorer.scorecard(), format, fail_on_breach),
        None => ExitCode::from(2),
    }
}
