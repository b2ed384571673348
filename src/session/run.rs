//! The sessions: `ask` one question, `practice` one after another, a timed `mock` interview.
//! Everything a session touches comes in through [`Session`]: the prompter, the clock, the
//! output and the history, so a scripted session is exact.

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use comfy_table::Cell;

use crate::answer::{Answer, AnswerFrontMatter};
use crate::bank::{Bank, Question};
use crate::batch::{self, QuestionInfo};
use crate::grade::GradedAnswer;
use crate::history::{ATTEMPT_VERSION, Attempt, HistoryFile, fallback_drafts_dir};
use crate::report::grid::{gap_text, printable};
use crate::report::table::{render_answer, styled_table, verdict, verdict_cell};
use crate::report::{ResultEntry, Style};

use super::clock::{Clock, clock_face, rfc3339};
use super::prompt::{Input, Prompter, QUIT_LINE, Typed, read_answer};
use super::rng::SplitMix64;

/// Which session an attempt was made in (recorded in the history).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Ask,
    Practice,
    Mock,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Ask => "ask",
            Mode::Practice => "practice",
            Mode::Mock => "mock",
        }
    }
}

/// Records attempts in the history. When it cannot, it says why once (not once per
/// answer), and keeps each attempt's answer as a draft instead, saying where.
#[derive(Debug)]
pub struct Recorder {
    file: Option<HistoryFile>,
    failed: bool,
    /// Where drafts go when they cannot go beside the history.
    draft_fallback: PathBuf,
}

impl Recorder {
    /// `None` records nothing (`--no-history`).
    pub fn new(file: Option<HistoryFile>) -> Self {
        Recorder {
            file,
            failed: false,
            draft_fallback: fallback_drafts_dir(),
        }
    }

    /// Drafts that cannot go beside the history go to `dir` (instead of the temp folder).
    pub fn with_draft_fallback(mut self, dir: impl Into<PathBuf>) -> Self {
        self.draft_fallback = dir.into();
        self
    }

    pub fn file(&self) -> Option<&HistoryFile> {
        self.file.as_ref()
    }

    /// Whether an attempt could not be written to the history.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// Saves `text` as a draft answer to `question`: beside the history, else in the
    /// fallback folder. `None` when there is no history to keep it beside (`--no-history`).
    pub fn save_draft(
        &self,
        question: &str,
        time: &str,
        text: &str,
    ) -> Option<io::Result<PathBuf>> {
        self.file
            .as_ref()
            .map(|f| f.save_draft(question, time, text, &self.draft_fallback))
    }

    /// Appends `attempt`; a failure never stops the session: it is reported to `err` (the
    /// reason the first time only) and the answer is kept as a draft. Returns whether the
    /// attempt was saved in the history.
    pub fn record(&mut self, attempt: &Attempt, err: &mut dyn Write) -> io::Result<bool> {
        let Some(file) = &self.file else {
            return Ok(false);
        };
        let Err(e) = file.append(attempt) else {
            return Ok(true);
        };
        if !self.failed {
            self.failed = true;
            writeln!(
                err,
                "warning: cannot write the history: {e}; grading goes on, and each answer is kept as a draft instead (or pass --no-history)"
            )?;
        }
        match self.save_draft(&attempt.question, &attempt.time, &attempt.answer) {
            Some(Ok(path)) => writeln!(
                err,
                "warning: this answer is saved as a draft in {} (`pyprep grade` on that file grades it again)",
                path.display()
            )?,
            Some(Err(e)) => writeln!(
                err,
                "warning: this answer cannot be saved as a draft either ({e}); it is not recorded"
            )?,
            None => {}
        }
        Ok(false)
    }
}

/// Options shared by every session.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Open the editor for each answer instead of reading lines.
    pub editor: bool,
    /// How reports look.
    pub style: Style,
    /// Leave out the instructions.
    pub quiet: bool,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Every question was answered.
    Finished,
    /// `:q`, or Ctrl-D at an empty answer.
    Quit,
    /// Ctrl-C.
    Interrupted,
    /// The mock's time limit ran out.
    TimeUp,
}

/// What a session did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The graded answers, in the order given.
    pub results: Vec<ResultEntry>,
    /// Answers that could not be graded (a broken rubric); they are in the history.
    pub failures: usize,
    /// Questions left unanswered because nothing was typed.
    pub skipped: usize,
    /// Half-typed answers kept as drafts (or printed) when the session was stopped.
    pub drafts: usize,
    pub stop: Stop,
}

impl Outcome {
    fn new() -> Self {
        Outcome {
            results: Vec::new(),
            failures: 0,
            skipped: 0,
            drafts: 0,
            stop: Stop::Finished,
        }
    }
}

/// A mock interview's plan.
#[derive(Debug, Clone)]
pub struct MockPlan<'b> {
    pub questions: Vec<&'b Question>,
    pub seed: u64,
    pub time_limit: Option<Duration>,
    /// Hold every report back until the end, as in a real interview.
    pub defer: bool,
}

/// `count` questions drawn from `pool` by `seed`: the same seed draws the same questions.
pub fn draw<'b>(pool: &[&'b Question], count: usize, seed: u64) -> Vec<&'b Question> {
    let mut drawn = pool.to_vec();
    SplitMix64::new(seed).shuffle(&mut drawn);
    drawn.truncate(count);
    drawn
}

/// The result entry of one typed answer, as the report renderers take it.
pub fn entry_of(label: &str, q: &Question, g: GradedAnswer) -> ResultEntry {
    ResultEntry {
        file: label.to_string(),
        question: QuestionInfo::of(q),
        score: g.score,
        pass: g.pass,
        pass_mark: g.pass_mark,
        below_min_score: None,
        concepts: g.concepts,
        misconceptions: g.misconceptions,
        flags: g.flags,
        warnings: Vec::new(),
        words: g.words,
    }
}

/// Grades a typed answer against `q`.
pub fn grade_typed(
    bank: &Bank,
    q: &Question,
    text: &str,
) -> Result<GradedAnswer, batch::GradeError> {
    let answer = Answer {
        front: AnswerFrontMatter::default(),
        text: text.to_string(),
        first_line: 1,
    };
    batch::grade_answer(bank, q, &answer)
}

/// What happened to one question.
enum Step {
    Graded(Box<ResultEntry>),
    Ungradable,
    Skipped,
    /// Stopped by the user; `draft_kept` when a half-typed answer was kept.
    Stopped {
        stop: Stop,
        draft_kept: bool,
    },
}

/// One sitting at the terminal.
pub struct Session<'a> {
    pub bank: &'a Bank,
    pub prompter: &'a mut dyn Prompter,
    pub clock: &'a dyn Clock,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub recorder: Recorder,
    pub options: Options,
}

const INSTRUCTIONS: &str = "Type your answer; end it with a line holding only `.` or with Ctrl-D.\n`:e` on a line of its own opens your editor on the answer so far.";

impl Session<'_> {
    /// `pyprep ask`: one question, typed at the terminal.
    pub fn ask(&mut self, q: &Question) -> io::Result<Outcome> {
        self.show_question(q, "")?;
        if !self.options.quiet && !self.options.editor {
            writeln!(self.out, "{INSTRUCTIONS}")?;
        }
        let mut outcome = Outcome::new();
        loop {
            let step = self.one(q, Mode::Ask, &|| "> ".to_string(), true, false)?;
            let graded = matches!(step, Step::Graded(_));
            self.tally(&mut outcome, step);
            if !graded || !self.after_report(q)? {
                break;
            }
            writeln!(self.out)?;
            self.show_question(q, " (another try)")?;
        }
        if outcome.results.is_empty() && outcome.failures == 0 {
            // Said in words: the exit status (2) alone leaves the person guessing.
            if outcome.drafts > 0 {
                writeln!(self.err, "Nothing was graded.")?;
            } else {
                writeln!(self.err, "No answer given; nothing was graded or saved.")?;
            }
        }
        if !outcome.results.is_empty() && !self.options.quiet && !self.recorder.failed() {
            self.history_note()?;
        }
        Ok(outcome)
    }

    /// After `ask`'s report: the model answer, another try, or done. True for another try.
    /// Enter, Ctrl-D or Ctrl-C end it, so finishing costs one key.
    fn after_report(&mut self, q: &Question) -> io::Result<bool> {
        if self.options.quiet {
            return Ok(false);
        }
        let mut shown = false;
        loop {
            let offer = if shown {
                "[r] try again, Enter to finish: "
            } else {
                "[m] model answer, [r] try again, Enter to finish: "
            };
            writeln!(self.out)?;
            self.out.flush()?;
            match self.prompter.read_line(offer)? {
                Input::Line(line) => match line.trim() {
                    "" | "q" | QUIT_LINE => return Ok(false),
                    "r" => return Ok(true),
                    "m" => {
                        let style = self.options.style;
                        let body = printable(q.content.body.trim());
                        let text = crate::terminal_markdown::render(
                            &body,
                            usize::from(style.width),
                            style.color,
                        );
                        write!(self.out, "\n{text}")?;
                        shown = true;
                    }
                    _ => writeln!(self.out, "Type m or r, or press Enter to finish.")?,
                },
                Input::Eof | Input::Interrupted => return Ok(false),
            }
        }
    }

    /// `pyprep ask` with standard input not a terminal: `text` is the answer.
    pub fn ask_given(&mut self, q: &Question, text: &str) -> io::Result<Outcome> {
        let mut outcome = Outcome::new();
        if text.trim().is_empty() {
            outcome.skipped = 1;
            writeln!(
                self.err,
                "error: standard input is empty: there is no answer to grade"
            )?;
            return Ok(outcome);
        }
        let started = self.clock.now_ms();
        let step = self.submit(q, Mode::Ask, text, started, true)?;
        self.tally(&mut outcome, step);
        Ok(outcome)
    }

    /// `pyprep practice`: the questions in `order`, one after another, until the user stops.
    pub fn practice(&mut self, order: &[&Question]) -> io::Result<Outcome> {
        let mut outcome = Outcome::new();
        if !self.options.quiet {
            writeln!(
                self.out,
                "Practice: {}.\n{INSTRUCTIONS}\n`:q`, or Ctrl-D on an empty answer, stops.",
                questions(order.len())
            )?;
        }
        for (i, q) in order.iter().enumerate() {
            writeln!(self.out)?;
            self.show_question(q, &format!(" ({} of {})", i + 1, order.len()))?;
            let step = self.one(q, Mode::Practice, &|| "> ".to_string(), true, false)?;
            if self.tally(&mut outcome, step) {
                break;
            }
        }
        writeln!(self.out)?;
        if outcome.stop == Stop::Finished {
            writeln!(self.out, "That was every question.")?;
        }
        if outcome.results.len() > 1 {
            self.scorecard(&outcome.results, &[])?;
        }
        writeln!(
            self.out,
            "Practice over: {} answered{}.",
            outcome.results.len(),
            mean(&outcome.results).map_or_else(String::new, |m| format!(", mean score {m:.1}"))
        )?;
        Ok(outcome)
    }

    /// `pyprep mock`: a timed interview with a scorecard at the end, also when ended early.
    pub fn mock(&mut self, plan: &MockPlan) -> io::Result<Outcome> {
        let n = plan.questions.len();
        let limit_ms = plan
            .time_limit
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let limit_text =
            limit_ms.map_or_else(String::new, |l| format!(", time limit {}", clock_face(l)));
        writeln!(
            self.out,
            "Mock interview: {}, seed {}{limit_text}. Replay it with --seed {}.",
            questions(n),
            plan.seed,
            plan.seed
        )?;
        if !self.options.quiet {
            writeln!(
                self.out,
                "{INSTRUCTIONS}\nCtrl-C or `:q` ends the interview early."
            )?;
        }
        let start = self.clock.now_ms();
        let clock = self.clock;
        let prompt = move || {
            let elapsed = clock.now_ms() - start;
            match limit_ms {
                Some(l) => format!(
                    "[{} elapsed | {} left] > ",
                    clock_face(elapsed),
                    clock_face(l - elapsed)
                ),
                None => format!("[{} elapsed] > ", clock_face(elapsed)),
            }
        };
        let mut outcome = Outcome::new();
        for (i, q) in plan.questions.iter().enumerate() {
            if limit_ms.is_some_and(|l| self.clock.now_ms() - start >= l) {
                writeln!(self.out, "\nTime is up.")?;
                outcome.stop = Stop::TimeUp;
                break;
            }
            writeln!(self.out)?;
            self.show_question(q, &format!(" ({} of {n})", i + 1))?;
            let step = self.one(q, Mode::Mock, &prompt, !plan.defer, true)?;
            if self.tally(&mut outcome, step) {
                break;
            }
        }
        match outcome.stop {
            Stop::Interrupted | Stop::Quit => writeln!(
                self.out,
                "\nInterview ended early: {} of {n} answered.",
                outcome.results.len()
            )?,
            Stop::Finished | Stop::TimeUp => {}
        }
        if plan.defer {
            for r in &outcome.results {
                writeln!(self.out)?;
                render_answer(self.options.style, r, self.out)?;
            }
        }
        writeln!(
            self.out,
            "\nScorecard ({} elapsed):",
            clock_face(self.clock.now_ms() - start)
        )?;
        self.scorecard(&outcome.results, &plan.questions)?;
        writeln!(
            self.out,
            "{}",
            overall(&outcome.results, n, self.options.style.color)
        )?;
        Ok(outcome)
    }

    /// Adds `step` to `outcome`; true when the session should stop.
    fn tally(&mut self, outcome: &mut Outcome, step: Step) -> bool {
        match step {
            Step::Graded(r) => outcome.results.push(*r),
            Step::Ungradable => outcome.failures += 1,
            Step::Skipped => outcome.skipped += 1,
            Step::Stopped { stop, draft_kept } => {
                outcome.stop = stop;
                outcome.drafts += usize::from(draft_kept);
                return true;
            }
        }
        false
    }

    fn show_question(&mut self, q: &Question, position: &str) -> io::Result<()> {
        writeln!(
            self.out,
            "Question {}{position}: {}",
            q.number(),
            printable(q.title())
        )
    }

    fn history_note(&mut self) -> io::Result<()> {
        if let Some(f) = self.recorder.file() {
            writeln!(
                self.out,
                "Saved in your history ({}); see `pyprep history` and `pyprep stats`.",
                f.path.display()
            )?;
        }
        Ok(())
    }

    /// Takes one answer to `q` and grades it. `grade_empty` grades a blank answer (a mock
    /// counts a pass as zero) instead of skipping the question.
    fn one(
        &mut self,
        q: &Question,
        mode: Mode,
        prompt: &dyn Fn() -> String,
        show: bool,
        grade_empty: bool,
    ) -> io::Result<Step> {
        let started = self.clock.now_ms();
        // The question must be on screen before the prompt takes over the terminal.
        self.out.flush()?;
        let typed = if self.options.editor {
            match self.prompter.edit("") {
                Ok(text) => Typed::Answer(text),
                Err(e) => {
                    writeln!(
                        self.err,
                        "error: {e}; type your answer instead, and end it with a line holding only `.`"
                    )?;
                    read_answer(self.prompter, prompt, self.err)?
                }
            }
        } else {
            read_answer(self.prompter, prompt, self.err)?
        };
        match typed {
            Typed::Answer(text) if text.trim().is_empty() && !grade_empty => Ok(Step::Skipped),
            Typed::Answer(text) => self.submit(q, mode, &text, started, show),
            Typed::Quit { draft } => Ok(Step::Stopped {
                stop: Stop::Quit,
                draft_kept: self.keep_draft(q, &draft)?,
            }),
            Typed::Interrupted { draft } => Ok(Step::Stopped {
                stop: Stop::Interrupted,
                draft_kept: self.keep_draft(q, &draft)?,
            }),
        }
    }

    /// Grades `text`, records the attempt (graded or not), and shows the report when `show`.
    fn submit(
        &mut self,
        q: &Question,
        mode: Mode,
        text: &str,
        started: i64,
        show: bool,
    ) -> io::Result<Step> {
        let graded = grade_typed(self.bank, q, text);
        let now = self.clock.now_ms();
        let mut attempt = Attempt {
            v: ATTEMPT_VERSION,
            time: rfc3339(now),
            question: q.id().to_string(),
            number: Some(q.number()),
            title: Some(q.title().to_string()),
            mode: Some(mode.as_str().to_string()),
            answer: text.to_string(),
            score: None,
            pass: None,
            covered: Vec::new(),
            missed: Vec::new(),
            misconceptions: Vec::new(),
            error: None,
            seconds: u64::try_from((now - started) / 1000).ok(),
        };
        match graded {
            Ok(g) => {
                attempt.score = Some(g.score);
                attempt.pass = Some(g.pass);
                for c in &g.concepts {
                    let list = if c.covered {
                        &mut attempt.covered
                    } else {
                        &mut attempt.missed
                    };
                    list.push(c.id.to_string());
                }
                attempt.misconceptions =
                    g.misconceptions.iter().map(|m| m.id.to_string()).collect();
                self.recorder.record(&attempt, self.err)?;
                let entry = entry_of("your answer", q, g);
                if show {
                    writeln!(self.out)?;
                    render_answer(self.options.style, &entry, self.out)?;
                }
                Ok(Step::Graded(Box::new(entry)))
            }
            Err(message) => {
                attempt.error = Some(message.to_string());
                let saved = self.recorder.record(&attempt, self.err)?;
                let kept = if saved {
                    "; your answer is kept in the history"
                } else {
                    ""
                };
                writeln!(
                    self.err,
                    "error: cannot grade this answer: {}{kept}",
                    printable(&message.to_string())
                )?;
                Ok(Step::Ungradable)
            }
        }
    }

    /// Keeps a half-typed answer: as a draft file beside the history, or on screen when
    /// there is no history to keep it beside. False when there was nothing to keep.
    fn keep_draft(&mut self, q: &Question, draft: &str) -> io::Result<bool> {
        if draft.trim().is_empty() {
            return Ok(false);
        }
        let time = rfc3339(self.clock.now_ms());
        let saved = self.recorder.save_draft(q.id(), &time, draft);
        match saved {
            Some(Ok(path)) => writeln!(
                self.out,
                "\nYour unfinished answer is saved in\n  {}\n(`pyprep grade` on that file grades it as it stands).",
                path.display()
            ),
            Some(Err(e)) => {
                writeln!(
                    self.err,
                    "warning: cannot save your unfinished answer as a draft: {e}; here it is:"
                )?;
                write!(self.out, "{draft}")
            }
            None => write!(self.out, "\nYour unfinished answer (not saved):\n{draft}"),
        }?;
        Ok(true)
    }

    /// The graded answers, one row each; with a mock's `planned` questions, in their order,
    /// each question left unanswered (skipped, not graded, or not reached) named too.
    fn scorecard(&mut self, results: &[ResultEntry], planned: &[&Question]) -> io::Result<()> {
        if results.is_empty() && planned.is_empty() {
            return writeln!(self.out, "No answers to score.");
        }
        let style = self.options.style;
        let mut t = styled_table(&style);
        t.set_header(vec!["#", "question", "score", "verdict", "biggest gap"]);
        let named = |number: u32, title: &str| format!("Q{number} {}", printable(title));
        if planned.is_empty() {
            for (i, r) in results.iter().enumerate() {
                t.add_row(scorecard_row(
                    i + 1,
                    named(r.question.number, &r.question.title),
                    r,
                ));
            }
        }
        for (i, q) in planned.iter().enumerate() {
            let row = match results.iter().find(|r| r.question.id == q.id()) {
                Some(r) => scorecard_row(i + 1, named(q.number(), q.title()), r),
                None => vec![
                    Cell::new(i + 1),
                    Cell::new(named(q.number(), q.title())),
                    Cell::new("-"),
                    Cell::new("unanswered"),
                    Cell::new("-"),
                ],
            };
            t.add_row(row);
        }
        writeln!(self.out, "{t}")
    }
}

/// One graded answer's row of the scorecard.
fn scorecard_row(position: usize, question: String, r: &ResultEntry) -> Vec<Cell> {
    vec![
        Cell::new(position),
        Cell::new(question),
        Cell::new(format!("{:.1}", r.score)),
        verdict_cell(r.pass),
        Cell::new(gap_text(r)),
    ]
}

/// "1 question", "3 questions".
fn questions(n: usize) -> String {
    if n == 1 {
        "1 question".into()
    } else {
        format!("{n} questions")
    }
}

fn mean(results: &[ResultEntry]) -> Option<f64> {
    (!results.is_empty())
        .then(|| results.iter().map(|r| r.score).sum::<f64>() / results.len() as f64)
}

/// The interviewer's overall verdict: a pass needs more than half of the planned questions
/// passed and a mean score of at least 60 over them (an unanswered question counts 0).
pub fn overall(results: &[ResultEntry], planned: usize, color: bool) -> String {
    let planned = planned.max(results.len()).max(1);
    let passed = results.iter().filter(|r| r.pass).count();
    // Summed from +0.0: an empty float sum is -0.0, which would print as "-0.0".
    let mean = results.iter().fold(0.0, |acc, r| acc + r.score) / planned as f64;
    let pass = passed * 2 > planned && mean >= 60.0;
    let unanswered = planned - results.len();
    let note = if unanswered > 0 {
        format!(", {unanswered} unanswered counted as 0")
    } else {
        String::new()
    };
    format!(
        "Overall: {}: {passed} of {planned} passed, mean score {mean:.1}{note}.",
        verdict(pass, color)
    )
}
