//! The command-line interface: clap definitions only. `app.rs` turns them into work.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

use pyprep::check::render::CheckFormat;
use pyprep::report::Format;

/// Offline, deterministic grading of Python interview answers against rubrics of key concepts.
#[derive(Debug, Parser)]
#[command(name = "pyprep", version, about, max_term_width = 100)]
#[command(after_help = "Examples:
  pyprep list                          the questions of the bank
  pyprep show 10 --answer              question 10 with its model answer
  pyprep grade answers/                grade every .md/.txt answer under answers/
  echo 'is compares identity' | pyprep grade - --question 10
  pyprep ask 10                        answer question 10 at the terminal
  pyprep mock --count 3 --time-limit 15m
  pyprep stats                         your progress from the history")]
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
    #[command(
        after_help = "Examples:\n  pyprep list\n  pyprep list --bank ../our-bank\n  pyprep list --format json"
    )]
    List(ListArgs),
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
  pyprep grade answers/ --format junit --output grades.xml --min-score 60
  pyprep grade answers/ --format markdown > grades.md
  pyprep grade - --question 10 < answer.md"
    )]
    Grade(GradeArgs),
    /// Measure how pyprep's scores agree with expert labels (`human_score` in front matter).
    #[command(
        after_help = "Labelled answers carry front matter `human_score` (0-100) and optionally `kind`.
The figures are shown beside a baseline that scores by answer length alone.

Examples:
  pyprep eval fixtures/
  pyprep eval --bank . fixtures/ holdout/ --format json"
    )]
    Eval(EvalArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  pyprep completions bash > ~/.local/share/bash-completion/completions/pyprep
  pyprep completions zsh > ~/.zfunc/_pyprep        # with fpath+=(~/.zfunc) in ~/.zshrc
  pyprep completions fish > ~/.config/fish/completions/pyprep.fish
  pyprep completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),
    /// Print the man page (roff) of pyprep, or of one subcommand.
    #[command(after_help = "Examples:
  pyprep man | man -l -
  pyprep man > ~/.local/share/man/man1/pyprep.1
  pyprep man grade > ~/.local/share/man/man1/pyprep-grade.1")]
    Man(ManArgs),
    /// Scaffold a content file and a rubric for a new question in a bank.
    #[command(
        after_help = "Writes content/NNN-ID.md and rubrics/NNN-ID.yaml in the bank (--dir, else --bank
or PYPREP_BANK, else the current folder), taking the next free number. When
content/*-ID.md already exists, only the rubric is written, with concepts proposed from
the model answer's **bold** phrases and recurring `code` names, those it states. Existing
files are never overwritten. Replace every TODO, then run `pyprep check`.

Examples:
  pyprep new generators --title 'How do generators work in Python?'
  pyprep new context-managers --number 20 --dir ../our-bank"
    )]
    New(NewArgs),
    /// Check a bank for CI: rubrics against content, drift, labelled answers.
    #[command(
        after_help = "Every finding has a stable code, documented with its fix in docs/check-codes.md.

Exit status: 0 when the bank is clean; 1 when check found an error (or a warning, with
--deny-warnings); 2 when the check could not run (no such folder, no content/ in it).

Examples:
  pyprep check                         the bank in the current folder (or --bank)
  pyprep check ../our-bank --deny-warnings
  pyprep check --format json > check.json
  pyprep check --bless                 after reviewing the rubrics: record what they fit"
    )]
    Check(CheckArgs),
    /// Ask one question, take your typed answer, grade it and show the report.
    #[command(
        after_help = "Type the answer; end it with a line holding only `.` or with Ctrl-D.
Blank lines belong to the answer. `:e` on a line of its own opens $VISUAL/$EDITOR on the
answer so far. With standard input not a terminal, all of it is the answer.

Examples:
  pyprep ask 10
  pyprep ask eq-vs-is --editor
  echo 'is compares identity, == compares values' | pyprep ask 10"
    )]
    Ask(AskArgs),
    /// Practise: one question after another until you stop (`:q`, Ctrl-D or Ctrl-C).
    #[command(
        after_help = "A blank answer (a line holding only `.` straight away) skips a question; `:q`
stops, and a scorecard follows.

Examples:
  pyprep practice
  pyprep practice --weakest           weakest first, then never tried, then mastered
  pyprep practice --topic functions"
    )]
    Practice(PracticeArgs),
    /// A mock interview: questions drawn at random, a clock, and a scorecard at the end.
    #[command(
        after_help = "Ctrl-C ends the interview early; the scorecard still shows the answers given.

Examples:
  pyprep mock
  pyprep mock --count 3 --time-limit 15m --defer
  pyprep mock --count 2 --seed 7      the same questions every time"
    )]
    Mock(MockArgs),
    /// List past attempts, or show one in full (`pyprep history show N`).
    #[command(
        after_help = "The history is $PYPREP_HISTORY, else $XDG_DATA_HOME/pyprep/history.jsonl,
else ~/.local/share/pyprep/history.jsonl.

Examples:
  pyprep history
  pyprep history show 3
  pyprep history --all --format json
  pyprep history show 3 --format json"
    )]
    History(HistoryArgs),
    /// Your progress: per question and topic, the concepts you miss, what is due again.
    #[command(
        after_help = "Reads the history that ask, practice and mock write (docs/sessions.md).

Examples:
  pyprep stats
  pyprep stats --format json
  PYPREP_HISTORY=class-history.jsonl pyprep stats"
    )]
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Labelled answer files and folders.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// How many of the largest disagreements to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub worst: usize,
    /// Leave out of folder walks the files and folders GLOB matches, as `grade` does.
    #[arg(long, value_name = "GLOB", value_parser = parse_exclude)]
    pub exclude: Vec<String>,
    /// Also fit each question's scale to its labels: the rubric `leniency` whose scores
    /// come nearest the experts', for questions with 8 or more labelled answers.
    #[arg(long)]
    pub suggest: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Output format: a table for people, JSON for programs (docs/report-schema.md).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

/// Output formats of the commands that print tables (`list`, `eval`, `history`, `stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
}

/// Global options that mean nothing to a command printing a generated file (`completions`,
/// `man`): declared here, hidden, so they are refused rather than silently ignored, and
/// left out of help, man pages and completions.
#[derive(Debug, Args)]
pub struct Refused {
    #[arg(long, hide = true, value_name = "DIR", value_parser = no_bank)]
    pub bank: Option<PathBuf>,
    #[arg(short, long, hide = true)]
    pub quiet: bool,
    #[arg(short, long, hide = true)]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to write completions for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
    #[command(flatten)]
    pub refused: Refused,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand whose own page to print (pyprep-SUBCOMMAND(1)).
    #[arg(value_name = "SUBCOMMAND")]
    pub command: Option<String>,
    #[command(flatten)]
    pub refused: Refused,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Id of the new question: kebab-case, like `generators` or `context-managers`.
    #[arg(value_name = "QUESTION-ID")]
    pub id: String,
    /// The question as asked.
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
    /// Question number (default: the next free one).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub number: Option<u32>,
    /// The bank folder to write into (holding content/ and rubrics/); default: `--bank` or
    /// PYPREP_BANK when set, else the current folder.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The bank folder a command that works on a bank's files uses: the folder it was given,
/// else `--bank` (or PYPREP_BANK), else the current folder.
pub fn bank_folder(given: Option<&PathBuf>, bank: Option<&PathBuf>) -> PathBuf {
    given
        .or(bank)
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."))
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The bank to check: a folder holding content/ and rubrics/ (and optionally fixtures/);
    /// default: `--bank` or PYPREP_BANK when set, else the current folder.
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Output format: `table` prints rustc-style diagnostics and the table of labelled
    /// answers; `json` prints the same as one JSON document (docs/check-codes.md).
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,
    /// Exit 1 on warnings too, not only on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// After a human has reviewed the rubrics against their questions and model answers:
    /// record in each rubric's `reviewed:` the fingerprint of what it was reviewed against,
    /// then check. Rubrics are edited in place; every other line stays as it is.
    #[arg(long)]
    pub bless: bool,
}

/// Options of every session that takes answers.
#[derive(Debug, Args)]
pub struct SessionArgs {
    /// Record nothing in the history.
    #[arg(long)]
    pub no_history: bool,
    /// Write each answer in $VISUAL/$EDITOR instead of typing lines.
    #[arg(long)]
    pub editor: bool,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    /// Question number or id.
    pub question: String,
    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct PracticeArgs {
    /// Only questions on this topic (see `pyprep list`).
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Weakest first: lowest recent scores, then never tried, then mastered.
    #[arg(long)]
    pub weakest: bool,
    /// Seed of the shuffled order (without --weakest); the same seed, the same order.
    #[arg(long, value_name = "S", conflicts_with = "weakest")]
    pub seed: Option<u64>,
    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// Number of questions.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    pub count: u16,
    /// Only questions on this topic.
    #[arg(long, value_name = "T")]
    pub topic: Option<String>,
    /// Seed of the draw; the same seed draws the same questions.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Time for the whole interview: 30m, 90s, 1h30m; a bare number is minutes (5 = 5m).
    #[arg(long, value_name = "TIME", value_parser = pyprep::session::clock::parse_duration)]
    pub time_limit: Option<std::time::Duration>,
    /// Hold every report back until the end, as in a real interview.
    #[arg(long)]
    pub defer: bool,
    #[command(flatten)]
    pub session: SessionArgs,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[command(subcommand)]
    pub action: Option<HistoryAction>,
    /// List every attempt, not only the last 20.
    #[arg(long)]
    pub all: bool,
    /// Output format: tables for people, JSON for programs (docs/report-schema.md).
    #[arg(long, global = true, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Output format: tables for people, JSON for programs (docs/report-schema.md).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// Show attempt N with its full answer and report.
    Show {
        /// The attempt's number in `pyprep history`.
        n: usize,
    },
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Question number or id.
    pub question: String,
    /// Also print the model answer: laid out for a terminal and paged ($PAGER, else
    /// `less -R`) when longer than the screen; Markdown as written when piped.
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
    /// Leave out of folder walks the files and folders GLOB matches (a .gitignore line,
    /// relative to each folder named; repeatable). Files named on the command line are
    /// always graded.
    #[arg(long, value_name = "GLOB", value_parser = parse_exclude)]
    pub exclude: Vec<String>,
}

fn parse_exclude(s: &str) -> Result<String, String> {
    pyprep::batch::check_exclude(s).map(|()| s.to_string())
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is outside 0..100"))
    }
}

/// The last `--color WHEN` (or `--color=WHEN`) before `--`, read ahead of parsing so clap's
/// own help and error messages follow it too.
pub fn color_flag(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<ColorChoice> {
    let mut found = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let value = match arg.to_str() {
            Some("--") => break,
            Some("--color") => args.next(),
            Some(a) => a.strip_prefix("--color=").map(Into::into),
            None => None,
        };
        if let Some(v) = value.as_ref().and_then(|v| v.to_str()) {
            found = ColorChoice::from_str(v, false).ok().or(found);
        }
    }
    found
}

/// The command definition as parsed, completed and documented, built: the global options
/// are in every subcommand that reads them.
pub fn command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    cmd.build();
    cmd
}

/// The definition man pages are written from: as [`command`], without `help` subcommands
/// (their pages would repeat `--help`; `man` is the manual).
pub fn man_command() -> clap::Command {
    let mut cmd = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The definition completion scripts are written from: as [`command`], but without the
/// hidden [`Refused`] options of `completions` and `man` (completion generators list hidden
/// options too, and an option that is refused should not be offered).
pub fn completion_command() -> clap::Command {
    let mut cmd = command();
    for name in ["completions", "man"] {
        cmd = cmd.mut_subcommand(name, move |sub| {
            let args: Vec<clap::Arg> = sub
                .get_arguments()
                .filter(|a| !["bank", "quiet", "verbose"].contains(&a.get_id().as_str()))
                .cloned()
                .collect();
            // Generators name each subcommand's function after its built bin name; the help
            // flag is already among the arguments copied.
            let bin_name = sub.get_bin_name().unwrap_or(name).to_string();
            let mut fresh = clap::Command::new(name)
                .bin_name(bin_name)
                .disable_help_flag(true)
                .args(args);
            if let Some(about) = sub.get_about() {
                fresh = fresh.about(about.clone());
            }
            fresh
        });
    }
    cmd
}

/// The value parser of the hidden `--bank` of subcommands that read no bank: a bank given
/// there is refused, not silently ignored (PYPREP_BANK, set for a whole shell, is not read).
fn no_bank(_: &str) -> Result<PathBuf, String> {
    Err("this command reads no bank; leave out --bank".into())
}

/// Parses the command line, with `--color` applied to clap's own output as well.
pub fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    let mut cmd = Cli::command();
    // An empty PYPREP_BANK means unset, as an empty PYPREP_HISTORY does; clap would take it
    // for `--bank ""` and refuse every command.
    if std::env::var_os("PYPREP_BANK").is_some_and(|v| v.is_empty()) {
        cmd = cmd.mut_arg("bank", |a| a.env(None::<&str>));
    }
    cmd = match color_flag(std::env::args_os().skip(1)) {
        Some(ColorChoice::Always) => cmd.color(clap::ColorChoice::Always),
        Some(ColorChoice::Never) => cmd.color(clap::ColorChoice::Never),
        Some(ColorChoice::Auto) | None => cmd,
    };
    let matches = cmd.clone().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let refused = match &cli.command {
        Command::Completions(a) => Some(&a.refused),
        Command::Man(a) => Some(&a.refused),
        _ => None,
    };
    if let Some(refused) = refused {
        let name = matches.subcommand_name().unwrap_or_default();
        // After the subcommand, `no_bank` has refused `--bank` already; before it, the
        // global option took it.
        let bank = matches.value_source("bank") == Some(clap::parser::ValueSource::CommandLine);
        let said = if bank {
            Some("reads no bank; leave out --bank")
        } else if cli.quiet || refused.quiet || cli.verbose || refused.verbose {
            Some("prints a generated file, which -q and -v do not change; leave them out")
        } else {
            None
        };
        if let Some(said) = said {
            cmd.error(
                clap::error::ErrorKind::ArgumentConflict,
                format!("`pyprep {name}` {said}"),
            )
            .exit();
        }
        // From PYPREP_BANK, set for a whole shell: nothing here reads it.
        cli.bank = None;
    }
    cli
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(args: &[&str]) -> Option<ColorChoice> {
        color_flag(args.iter().map(Into::into))
    }

    #[test]
    fn the_last_color_flag_before_double_dash_wins() {
        assert_eq!(flag(&["grade", "x"]), None);
        assert_eq!(
            flag(&["--color", "never", "grade"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(
            flag(&["--color=always", "grade", "--color", "never"]),
            Some(ColorChoice::Never)
        );
        assert_eq!(flag(&["grade", "--", "--color", "never"]), None);
        assert_eq!(flag(&["--color", "bogus"]), None);
        assert_eq!(flag(&["--color"]), None);
    }

    /// clap's own consistency checks of the definition (conflicting names, bad defaults,
    /// `requires` naming no argument), which it otherwise runs only for the arguments a
    /// given command line touches.
    #[test]
    fn the_command_definition_is_consistent() {
        <Cli as clap::CommandFactory>::command().debug_assert();
    }
}
