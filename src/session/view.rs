//! Views of the history: the list of attempts, one attempt in full, and progress statistics.

use std::io::{self, Write};

use comfy_table::Cell;

use crate::bank::Bank;
use crate::history::Attempt;
use crate::report::Style;
use crate::report::grid::printable;
use crate::report::table::{render_answer, styled_table, verdict, verdict_cell};

use super::clock::clock_face;
use super::progress::{self, Progress};
use super::run::{entry_of, grade_typed};

fn score_text(a: &Attempt) -> String {
    score_or_dash(a.score)
}

fn verdict_text(a: &Attempt, color: bool) -> String {
    match a.pass {
        Some(p) => verdict(p, color),
        None => "not graded".into(),
    }
}

/// Text from the history or the bank, safe for a terminal: a hand-edited history or a
/// hostile bank could otherwise move the cursor or clear the screen.
fn clean(text: &str) -> String {
    printable(text).into_owned()
}

fn question_text(a: &Attempt) -> String {
    match a.number {
        Some(n) => format!("Q{n} {}", clean(&a.question)),
        None => clean(&a.question),
    }
}

/// Index of the first attempt `pyprep history` lists: the last `limit` are shown.
pub(super) fn first_shown(len: usize, limit: Option<usize>) -> usize {
    limit.map_or(0, |l| len.saturating_sub(l))
}

/// `pyprep history`: attempts numbered from 1 (oldest), the last `limit` of them.
pub fn list(
    attempts: &[Attempt],
    limit: Option<usize>,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let skip = first_shown(attempts.len(), limit);
    let mut t = styled_table(style);
    t.set_header(vec![
        "#",
        "time (UTC)",
        "question",
        "mode",
        "score",
        "verdict",
    ]);
    for (i, a) in attempts.iter().enumerate().skip(skip) {
        t.add_row(vec![
            Cell::new(i + 1),
            Cell::new(clean(a.time.replace('T', " ").trim_end_matches('Z'))),
            Cell::new(question_text(a)),
            Cell::new(clean(a.mode.as_deref().unwrap_or_default())),
            Cell::new(score_text(a)),
            a.pass.map_or_else(|| Cell::new("not graded"), verdict_cell),
        ]);
    }
    writeln!(out, "{t}")?;
    if skip > 0 {
        writeln!(
            out,
            "The last {} of {} attempts; `pyprep history --all` lists every one.",
            attempts.len() - skip,
            attempts.len()
        )?;
    }
    writeln!(out, "`pyprep history show N` shows attempt N in full.")
}

/// `pyprep history show N`: the answer as typed and its report. The report is graded again
/// with today's bank (grading is deterministic); a changed score is pointed out.
pub fn show(
    bank: &Bank,
    n: usize,
    a: &Attempt,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "Attempt {n}: {}{}, {}{}",
        question_text(a),
        a.title
            .as_deref()
            .map_or_else(String::new, |t| format!(" ({})", clean(t))),
        clean(&a.time),
        a.mode
            .as_deref()
            .map_or_else(String::new, |m| format!(", {}", clean(m)))
    )?;
    writeln!(
        out,
        "Recorded score: {}  {}{}",
        score_text(a),
        verdict_text(a, style.color),
        a.seconds.map_or_else(String::new, |s| format!(
            "  time {}",
            // Saturating: a hand-edited history may hold any number of seconds.
            clock_face(i64::try_from(s).unwrap_or(i64::MAX).saturating_mul(1000))
        ))
    )?;
    writeln!(out, "\nAnswer:")?;
    for line in a.answer.lines() {
        writeln!(out, "  | {}", printable(line))?;
    }
    if let Some(e) = &a.error {
        writeln!(out, "\nIt could not be graded then: {}", printable(e))?;
    }
    writeln!(out)?;
    let Some(q) = bank.resolve(&a.question) else {
        writeln!(
            out,
            "Question `{}` is not in the {}, so the report cannot be shown again.",
            clean(&a.question),
            bank.describe()
        )?;
        if !a.missed.is_empty() {
            writeln!(out, "Missed then: {}", printable(&a.missed.join(", ")))?;
        }
        return Ok(());
    };
    match grade_typed(bank, q, &a.answer) {
        Ok(g) => {
            let entry = entry_of(&format!("attempt {n}"), q, g);
            render_answer(*style, &entry, out)?;
            if let Some(old) = a.score.filter(|old| (old - entry.score).abs() >= 0.05) {
                writeln!(
                    out,
                    "note: the rubric has changed since: the answer scored {old:.1} then and {:.1} now",
                    entry.score
                )?;
            }
        }
        Err(e) => writeln!(
            out,
            "The answer cannot be graded now: {}",
            printable(&e.to_string())
        )?,
    }
    Ok(())
}

fn score_or_dash(s: Option<f64>) -> String {
    s.map_or_else(|| "-".into(), |s| format!("{s:.1}"))
}

fn trend_text(trend: Option<f64>) -> String {
    match trend {
        None => "-".into(),
        Some(0.0) => "= 0.0".into(),
        Some(d) if d > 0.0 => format!("↑ +{d:.1}"),
        Some(d) => format!("↓ {d:.1}"),
    }
}

fn progress_cells(p: &Progress) -> [String; 4] {
    [
        p.attempts.to_string(),
        score_or_dash(p.best),
        score_or_dash(p.last),
        trend_text(p.trend),
    ]
}

/// `pyprep stats`: per question and per topic, attempts, best, last and trend; the concepts
/// missed most often; the questions due for another go at `now_ms`.
pub fn stats(
    bank: &Bank,
    attempts: &[Attempt],
    now_ms: i64,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = progress::stats(bank, attempts, now_ms);

    writeln!(out, "By question:")?;
    let mut t = styled_table(style);
    t.set_header(vec!["question", "attempts", "best", "last", "trend"]);
    for row in &s.by_question {
        let name = match row.number {
            Some(n) => format!("Q{n} {}", clean(&row.question)),
            None => clean(&row.question),
        };
        let mut cells = vec![name];
        cells.extend(progress_cells(&row.progress));
        t.add_row(cells);
    }
    writeln!(out, "{t}")?;

    writeln!(out, "\nBy topic:")?;
    let mut t = styled_table(style);
    t.set_header(vec!["topic", "attempts", "best", "last", "trend"]);
    for row in &s.by_topic {
        let mut cells = vec![
            row.topic
                .as_deref()
                .map_or_else(|| "(not in the bank)".into(), clean),
        ];
        cells.extend(progress_cells(&row.progress));
        t.add_row(cells);
    }
    writeln!(out, "{t}")?;

    if !s.missed_most_often.is_empty() {
        writeln!(out, "\nConcepts missed most often:")?;
        let mut t = styled_table(style);
        t.set_header(vec!["question", "concept", "missed"]);
        for m in &s.missed_most_often {
            t.add_row(vec![
                clean(&m.question),
                clean(m.label.as_deref().unwrap_or(&m.concept)),
                format!("{} of {}", m.times_missed, m.graded_attempts),
            ]);
        }
        writeln!(out, "{t}")?;
    }

    writeln!(out, "\nDue for another go:")?;
    if s.due.is_empty() {
        writeln!(
            out,
            "  nothing: every question you tried is in its resting time"
        )?;
    }
    for d in &s.due {
        let why = if d.passed {
            let days = now_ms.saturating_sub(d.last_time_ms) / 86_400_000;
            format!("passed {} in a row, last {days} days ago", d.streak)
        } else {
            format!(
                "the last attempt did not pass ({})",
                score_or_dash(d.last_score)
            )
        };
        writeln!(out, "  Q{} {}: {why}", d.number, clean(&d.question))?;
    }
    if !s.never_tried.is_empty() {
        let numbers: Vec<String> = s.never_tried.iter().map(|q| q.number.to_string()).collect();
        writeln!(out, "Never tried: {}", numbers.join(", "))?;
    }
    writeln!(
        out,
        "`pyprep practice --weakest` starts with the weakest of them."
    )
}
