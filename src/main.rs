//! The `yardstick` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use yardstick::{Diagnostics, Standards, Style};

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
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    eprint!("{}", diagnostics.render(if color { Style::Color } else { Style::Plain }));
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
