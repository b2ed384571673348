//! The binary's side of the sessions: turn options into a [`Session`] wired to the real
//! terminal, clock and history file, and map what happened to an exit status.

use std::io::{IsTerminal, Write};

use anyhow::{Context, Result, bail};

use crate::cli::{
    AskArgs, HistoryAction, HistoryArgs, MockArgs, PracticeArgs, SessionArgs, StatsArgs,
    TableFormat,
};
use crate::ctx::{Ctx, Exit, find_question, read_stdin};
use pyprep::bank::{Bank, Question};
use pyprep::batch::{DEFAULT_MAX_ANSWER_BYTES, ReadError};
use pyprep::history::{self, HistoryFile, Loaded};
use pyprep::report::grid::printable;
use pyprep::session::run::{MockPlan, Options, Outcome, Recorder, Session, draw};
use pyprep::session::{Clock, SystemClock, TerminalPrompter, json, order, view};

/// Attempts listed by `pyprep history` without `--all`.
const HISTORY_LIST_LIMIT: usize = 20;

fn history_path() -> Option<HistoryFile> {
    history::default_path(|k| std::env::var_os(k)).map(HistoryFile::new)
}

fn recorder(args: &SessionArgs) -> Recorder {
    if args.no_history {
        return Recorder::new(None);
    }
    let file = history_path();
    if file.is_none() {
        eprintln!(
            "warning: no place for the history (HOME is not set); answers are not recorded; set PYPREP_HISTORY to a file"
        );
    }
    Recorder::new(file)
}

fn options(ctx: &Ctx, args: &SessionArgs) -> Options {
    Options {
        editor: args.editor,
        style: ctx.style(),
        quiet: ctx.quiet,
    }
}

fn load_history(quiet: bool) -> Result<(HistoryFile, Loaded)> {
    let Some(file) = history_path() else {
        bail!("no history to read: HOME is not set; set PYPREP_HISTORY to the history file");
    };
    // The error names the file and what to do.
    let loaded = file.load()?;
    if !quiet {
        for w in &loaded.warnings {
            eprintln!("warning: {w}");
        }
    }
    Ok((file, loaded))
}

/// Runs `body` on a session wired to the terminal.
fn with_session(
    ctx: &Ctx,
    bank: &Bank,
    args: &SessionArgs,
    body: impl FnOnce(&mut Session) -> std::io::Result<Outcome>,
) -> Result<Outcome> {
    let mut prompter = TerminalPrompter::new().context("cannot read from the terminal")?;
    let clock = SystemClock;
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    let mut session = Session {
        bank,
        prompter: &mut prompter,
        clock: &clock,
        out: &mut out,
        err: &mut err,
        recorder: recorder(args),
        options: options(ctx, args),
    };
    let outcome = body(&mut session)?;
    out.flush()?;
    Ok(outcome)
}

fn exit_of(outcome: &Outcome) -> Exit {
    if outcome.failures > 0 {
        Exit::Incomplete
    } else {
        Exit::Ok
    }
}

/// Questions on `topic` (any case), or all of them.
fn on_topic<'b>(bank: &'b Bank, topic: Option<&str>) -> Result<Vec<&'b Question>> {
    let all: Vec<&Question> = bank.questions.iter().collect();
    let Some(t) = topic else { return Ok(all) };
    let picked: Vec<&Question> = all
        .iter()
        .copied()
        .filter(|q| q.content.topics.iter().any(|x| x.eq_ignore_ascii_case(t)))
        .collect();
    if picked.is_empty() {
        let mut topics: Vec<&str> = all
            .iter()
            .flat_map(|q| q.content.topics.iter().map(String::as_str))
            .collect();
        topics.sort_unstable();
        topics.dedup();
        let lower = t.to_lowercase();
        match pyprep::diagnostic::did_you_mean(&lower, topics.iter().copied()) {
            Some(near) => bail!(
                "no question on topic `{}` in the {}; did you mean `{}`?",
                printable(t),
                bank.describe(),
                printable(near)
            ),
            None => bail!(
                "no question on topic `{}` in the {}; topics: {}",
                printable(t),
                bank.describe(),
                printable(&topics.join(", "))
            ),
        }
    }
    Ok(picked)
}

fn seed_or_clock(seed: Option<u64>) -> u64 {
    // A seed from the clock is printed by the session, so any draw can be replayed.
    seed.unwrap_or_else(|| (SystemClock.now_ms() as u64) % 1_000_000)
}

pub fn ask(ctx: &Ctx, args: &AskArgs) -> Result<Exit> {
    let bank = ctx.bank()?;
    let q = find_question(&bank, &args.question)?;
    let stdin_is_terminal = std::io::stdin().is_terminal();
    // A pipe is the answer, even with --editor: an editor started on a pipe has no keyboard.
    if !stdin_is_terminal && args.session.editor && !ctx.quiet {
        eprintln!(
            "note: standard input is not a terminal, so the answer is read from it and --editor is not used"
        );
    }
    let given = if !stdin_is_terminal {
        match read_stdin(DEFAULT_MAX_ANSWER_BYTES) {
            Ok(answer) => {
                if !ctx.quiet {
                    for w in &answer.warnings {
                        eprintln!("warning: standard input: {w}");
                    }
                }
                Some(answer.text)
            }
            // The reader's own advice names `grade`'s --max-answer-bytes, which `ask` has not.
            Err(ReadError::TooLarge { .. }) => bail!(
                "standard input: the answer is over the {} MiB that `ask` reads; save it in a file and grade it with `pyprep grade FILE --question {} --max-answer-bytes BYTES`",
                DEFAULT_MAX_ANSWER_BYTES >> 20,
                args.question
            ),
            Err(e) => return Err(anyhow::Error::new(e).context("standard input")),
        }
    } else {
        None
    };
    let outcome = with_session(ctx, &bank, &args.session, |s| match &given {
        Some(text) => s.ask_given(q, text),
        None => s.ask(q),
    })?;
    if outcome.results.is_empty() {
        return Ok(Exit::Incomplete);
    }
    Ok(exit_of(&outcome))
}

pub fn practice(ctx: &Ctx, args: &PracticeArgs) -> Result<Exit> {
    let bank = ctx.bank()?;
    let pool = on_topic(&bank, args.topic.as_deref())?;
    let ordered: Vec<&Question> = if args.weakest {
        let attempts = if args.session.no_history {
            Vec::new()
        } else {
            match load_history(ctx.quiet) {
                Ok((_, loaded)) => loaded.attempts,
                Err(e) => {
                    // Without a history every question counts as never tried: still practice.
                    eprintln!("warning: {e:#}; questions are taken in bank order");
                    Vec::new()
                }
            }
        };
        let ids: Vec<&str> = pool.iter().map(|q| q.id()).collect();
        order::weakest_first(&ids, &attempts)
            .into_iter()
            .filter_map(|id| bank.resolve(id))
            .collect()
    } else {
        draw(&pool, pool.len(), seed_or_clock(args.seed))
    };
    let outcome = with_session(ctx, &bank, &args.session, |s| s.practice(&ordered))?;
    Ok(exit_of(&outcome))
}

pub fn mock(ctx: &Ctx, args: &MockArgs) -> Result<Exit> {
    let bank = ctx.bank()?;
    let pool = on_topic(&bank, args.topic.as_deref())?;
    let seed = seed_or_clock(args.seed);
    let asked = usize::from(args.count);
    if asked > pool.len() && !ctx.quiet {
        // Said, not silently capped: the candidate planned for more questions.
        let scope = args
            .topic
            .as_deref()
            .map_or(String::new(), |t| format!(" on `{t}`"));
        eprintln!(
            "note: --count {asked}, but the bank has {} questions{scope}: the interview asks all {}",
            pool.len(),
            pool.len()
        );
    }
    let plan = MockPlan {
        questions: draw(&pool, asked, seed),
        seed,
        time_limit: args.time_limit,
        defer: args.defer,
    };
    // Ended early or not, the interview was held and scored: the scorecard is the job.
    let outcome = with_session(ctx, &bank, &args.session, |s| s.mock(&plan))?;
    Ok(exit_of(&outcome))
}

/// What `history` and `stats` say before the first attempt.
fn no_attempts_yet(path: &std::path::Path, out: &mut dyn Write) -> Result<Exit> {
    writeln!(
        out,
        "No attempts yet in {}. Start with `pyprep ask 1` or `pyprep practice`.",
        path.display()
    )?;
    Ok(Exit::Ok)
}

pub fn history(ctx: &Ctx, args: &HistoryArgs, out: &mut dyn Write) -> Result<Exit> {
    let (file, loaded) = load_history(ctx.quiet)?;
    let style = ctx.style();
    let as_json = args.format == TableFormat::Json;
    match args.action {
        None => {
            let limit = (!args.all).then_some(HISTORY_LIST_LIMIT);
            if as_json {
                // No attempts is an empty array: a program reads it like any other.
                json::list(&loaded.attempts, limit, out)?;
            } else if loaded.attempts.is_empty() {
                return no_attempts_yet(&file.path, out);
            } else {
                view::list(&loaded.attempts, limit, &style, out)?;
            }
        }
        Some(HistoryAction::Show { n }) => {
            let Some(a) = n.checked_sub(1).and_then(|i| loaded.attempts.get(i)) else {
                bail!(
                    "no attempt {n} in {}: it holds {} attempts; `pyprep history` lists them",
                    file.path.display(),
                    loaded.attempts.len()
                );
            };
            let bank = ctx.bank()?;
            if as_json {
                json::show(&bank, n, a, out)?;
            } else {
                view::show(&bank, n, a, &style, out)?;
            }
        }
    }
    Ok(Exit::Ok)
}

pub fn stats(ctx: &Ctx, args: &StatsArgs, out: &mut dyn Write) -> Result<Exit> {
    let (file, loaded) = load_history(ctx.quiet)?;
    let as_json = args.format == TableFormat::Json;
    // No attempts in JSON is still the whole object: every question never tried.
    if loaded.attempts.is_empty() && !as_json {
        return no_attempts_yet(&file.path, out);
    }
    let bank = ctx.bank()?;
    let now = SystemClock.now_ms();
    if as_json {
        json::stats(&bank, &loaded.attempts, now, out)?;
    } else {
        view::stats(&bank, &loaded.attempts, now, &ctx.style(), out)?;
    }
    Ok(Exit::Ok)
}
