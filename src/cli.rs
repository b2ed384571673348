//! The command-line interface: clap definitions only. `app.rs` turns them into work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use pyprep::report::Format;

/// Offline, deterministic grading of Python interview answers against rubrics of key concepts.
#[derive(Debug, Parser)]
#[command(name = "pyprep", version, about, max_term_width = 100)]
#[command(after_help = "Examples:
  pyprep list                          the questions of the bank
  pyprep show 10 --answer              question 10 with its model answer
  pyprep grade answers/                grade every .md/.txt answer under answers/
  echo 'is compares identity' | pyprep grade - --question 10")]
pub struct Cli {
    /// Use the bank in DIR (a folder with content/ and rubrics/) instead of the built-in one.
    #[arg(long, global = true, env = "PYPREP_BANK", value_name = "DIR")]
    pub bank: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Print only what was asked for: no progress, no notes.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Print more detail: every piece of evidence.
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the questions of the bank.
    #[command(after_help = "Examples:\n  pyprep list\n  pyprep list --bank ../our-bank")]
    List,
    /// Show a question, optionally with its model answer.
    #[command(after_help = "Examples:\n  pyprep show 6\n  pyprep show eq-vs-is --answer")]
    Show(ShowArgs),
    /// Grade answer files against the rubrics.
    #[command(
        after_help = "Answer files name their question by front matter `question: <id or number>`,
else by a file stem equal to a question id (eq-vs-is.md), else by the stem's leading
number (06.md, 06-jane.md, q6.md).

Exit status: 0 when all was graded and nothing fell short; 1 when an answer is below
--min-score (or fails, with --require-pass); 2 when a file could not be graded.

Examples:
  pyprep grade answers/
  pyprep grade answers/ --format json --min-score 60
  pyprep grade - --question 10 < answer.md"
    )]
    Grade(GradeArgs),
    /// Check a bank for CI: rubrics against content, drift, labelled answers.
    #[command(
        after_help = "Every finding has a stable code, documented with its fix in docs/check-codes.md.

Exit status: 0 when the bank is clean; 1 when check found an error (or a warning, with
--deny-warnings); 2 when the check could not run (no such folder, no content/ in it).

Examples:
  pyprep check                         the bank in the current folder
  pyprep check ../our-bank --deny-warnings
  pyprep check --format json > check.json
  pyprep check --bless                 after reviewing the rubrics: record what they fit"
    )]
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The bank to check: a folder holding content/ and rubrics/ (and optionally fixtures/).
    /// `--bank` and PYPREP_BANK are not used here: check always checks DIR.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// Output format: `table` prints rustc-style diagnostics and the table of labelled
    /// answers; `json` prints the same as one JSON document (docs/check-codes.md).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// After a human has reviewed the rubrics against their questions and model answers:
    /// record in each rubric's `reviewed:` the fingerprint of what it was reviewed against,
    /// then check. Rubrics are edited in place; every other line stays as it is.
    #[arg(long)]
    pub bless: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Question number or id.
    pub question: String,
    /// Also print the model answer.
    #[arg(long)]
    pub answer: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// Answer files and folders (walked recursively for .md and .txt); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Grade every answer against this question (number or id).
    #[arg(long, value_name = "ID")]
    pub question: Option<String>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit 1 when any answer scores below N.
    #[arg(long, value_name = "N", value_parser = parse_score)]
    pub min_score: Option<f64>,
    /// Exit 1 when any answer does not pass its rubric.
    #[arg(long)]
    pub require_pass: bool,
    /// Refuse answers larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = pyprep::batch::DEFAULT_MAX_ANSWER_BYTES)]
    pub max_answer_bytes: u64,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Write the report to FILE instead of standard output (`-` is standard output).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0..100"))
    }
}
