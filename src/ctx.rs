//! What every subcommand shares: the global options after conversion, the exit statuses,
//! and the look-ups both `app` and `session_app` make. Its own module so that neither of
//! those two imports the other.

use anyhow::{Result, bail};

use crate::cli::{Cli, ColorChoice};
use pyprep::bank::{Bank, Question};
use pyprep::batch;
use pyprep::report::Style;

/// Exit statuses shared by every command (docs/exit-codes.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The job was done and nothing fell short.
    Ok = 0,
    /// The job was done and something fell short.
    ShortFall = 1,
    /// The job could not be done in full.
    Incomplete = 2,
}

/// Global options after conversion.
pub struct Ctx {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    pub bank_dir: Option<std::path::PathBuf>,
}

impl Ctx {
    pub fn new(cli: &Cli) -> Ctx {
        Ctx {
            color: use_color(cli.color),
            quiet: cli.quiet,
            verbose: cli.verbose,
            bank_dir: cli.bank.clone(),
        }
    }

    pub fn style(&self) -> Style {
        Style {
            color: self.color,
            width: terminal_width(),
            verbose: self.verbose,
            quiet: self.quiet,
        }
    }

    pub fn bank(&self) -> Result<Bank> {
        let bank = match &self.bank_dir {
            Some(dir) => Bank::from_dir(dir)?,
            None => Bank::built_in(),
        };
        // A broken glossary touches every grade, so it is said once, up front; problems of
        // one question's rubric surface when that question is graded.
        let glossary = std::path::Path::new(pyprep::bank::GLOSSARY_FILE);
        for d in bank
            .diagnostics
            .iter()
            .filter(|d| d.file.ends_with(glossary))
        {
            eprintln!("warning: grading without the glossary: {d}");
        }
        Ok(bank)
    }
}

/// Whether standard output gets colour. A flag beats the environment (`--color always`
/// colours even with NO_COLOR set, as no-color.org asks); `auto` leaves the decision to
/// anstream, the crate clap colours its own help with, so both agree: a terminal whose
/// TERM is set and not `dumb`, unless NO_COLOR is non-empty or CLICOLOR is 0 (and
/// CLICOLOR_FORCE colours even a pipe).
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Columns for tables: `$COLUMNS` when set (a script's or a user's explicit choice), else
/// the width of the terminal on standard output (bash sets `COLUMNS` but does not export
/// it, so the terminal must be asked), else 100 for a pipe or a file. Never below 40, where
/// no table fits.
pub fn terminal_width() -> u16 {
    const FALLBACK: u16 = 100;
    const NARROWEST: u16 = 40;
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok());
    let from_terminal =
        || terminal_size::terminal_size_of(std::io::stdout()).map(|(width, _)| width.0);
    from_env
        .filter(|&w: &u16| w > 0)
        .or_else(from_terminal)
        .map_or(FALLBACK, |w| w.max(NARROWEST))
}

/// Finds a question or fails saying what exists: the nearest id when the query looks like
/// a misspelt one, the range when it is a number.
pub fn find_question<'b>(bank: &'b Bank, query: &str) -> Result<&'b Question> {
    if let Some(q) = bank.resolve(query) {
        return Ok(q);
    }
    let count = bank.questions.len();
    let hint = if query.trim().parse::<u64>().is_ok() {
        let numbers = bank.questions.iter().map(|q| q.number());
        match (numbers.clone().min(), numbers.max()) {
            (Some(lo), Some(hi)) => format!("questions are numbered {lo} to {hi}"),
            _ => "the bank has no questions".to_string(),
        }
    } else {
        let ids = bank.questions.iter().map(|q| q.id());
        match pyprep::diagnostic::did_you_mean(&query.to_lowercase(), ids) {
            Some(id) => format!("did you mean `{id}`?"),
            None => format!("run `pyprep list` to see the {count} questions"),
        }
    };
    bail!("no question `{query}` in the {}; {hint}", bank.describe())
}

/// Standard input's answer, read as an answer file is (within `limit` bytes, not binary,
/// invalid UTF-8 replaced with a warning).
pub fn read_stdin(limit: u64) -> Result<batch::StdinAnswer, batch::ReadError> {
    let mut warnings = Vec::new();
    let text = batch::read_stream(std::io::stdin().lock(), limit, &mut warnings)?;
    Ok(batch::StdinAnswer { text, warnings })
}
