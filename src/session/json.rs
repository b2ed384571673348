//! `history` and `stats` as JSON for programs (`--format json`; the schema is in
//! docs/report-schema.md). Fields are only ever added; a field with nothing to say is
//! `null`, never left out, so every object of a kind has the same keys in the same order.

use std::io::{self, Write};

use serde::Serialize;

use crate::bank::Bank;
use crate::history::Attempt;
use crate::report::ResultEntry;

use super::progress;
use super::run::{entry_of, grade_typed};
use super::view::first_shown;

/// One attempt as `history --format json` lists it.
#[derive(Debug, Serialize)]
struct ListedAttempt<'a> {
    /// Its number in `pyprep history`, as `history show N` takes it.
    number: usize,
    time: &'a str,
    question: &'a str,
    question_number: Option<u32>,
    title: Option<&'a str>,
    mode: Option<&'a str>,
    score: Option<f64>,
    pass: Option<bool>,
    error: Option<&'a str>,
}

impl<'a> ListedAttempt<'a> {
    fn of(number: usize, a: &'a Attempt) -> Self {
        ListedAttempt {
            number,
            time: &a.time,
            question: &a.question,
            question_number: a.number,
            title: a.title.as_deref(),
            mode: a.mode.as_deref(),
            score: a.score,
            pass: a.pass,
            error: a.error.as_deref(),
        }
    }
}

/// One attempt as `history show N --format json` prints it.
#[derive(Debug, Serialize)]
struct AttemptInFull<'a> {
    #[serde(flatten)]
    listed: ListedAttempt<'a>,
    seconds: Option<u64>,
    answer: &'a str,
    covered: &'a [String],
    missed: &'a [String],
    misconceptions: &'a [String],
    /// The answer graded again with today's bank, as `grade --format json` reports it.
    report: Option<ResultEntry>,
    /// Why there is no report.
    report_error: Option<String>,
}

fn write_json(value: &impl Serialize, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// `pyprep history --format json`: the attempts the table would list, as an array.
pub fn list(attempts: &[Attempt], limit: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let listed: Vec<ListedAttempt> = attempts
        .iter()
        .enumerate()
        .skip(first_shown(attempts.len(), limit))
        .map(|(i, a)| ListedAttempt::of(i + 1, a))
        .collect();
    write_json(&listed, out)
}

/// `pyprep history show N --format json`: attempt `n` with its answer, and its report
/// graded again with today's bank.
pub fn show(bank: &Bank, n: usize, a: &Attempt, out: &mut dyn Write) -> io::Result<()> {
    let (report, report_error) = match bank.resolve(&a.question) {
        None => (
            None,
            Some(format!(
                "question `{}` is not in the bank ({}), so the answer cannot be graded again",
                a.question,
                bank.describe()
            )),
        ),
        Some(q) => match grade_typed(bank, q, &a.answer) {
            Ok(g) => (Some(entry_of(&format!("attempt {n}"), q, g)), None),
            Err(e) => (None, Some(format!("the answer cannot be graded now: {e}"))),
        },
    };
    write_json(
        &AttemptInFull {
            listed: ListedAttempt::of(n, a),
            seconds: a.seconds,
            answer: &a.answer,
            covered: &a.covered,
            missed: &a.missed,
            misconceptions: &a.misconceptions,
            report,
            report_error,
        },
        out,
    )
}

/// `pyprep stats --format json`: what the tables show, as one object.
pub fn stats(
    bank: &Bank,
    attempts: &[Attempt],
    now_ms: i64,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_json(&progress::stats(bank, attempts, now_ms), out)
}
