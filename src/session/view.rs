//! Views of the history: the list of attempts, one attempt in full, and progress statistics.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use comfy_table::Cell;

use crate::bank::Bank;
use crate::history::Attempt;
use crate::report::Style;
use crate::report::grid::printable;
use crate::report::table::{render_answer, styled_table, verdict, verdict_cell};

use super::clock::clock_face;
use super::order::{RECENT_ATTEMPTS, records};
use super::run::{entry_of, grade_typed};

/// Concepts listed under "missed most often".
const TOP_MISSED: usize = 10;

fn score_text(a: &Attempt) -> String {
    a.score.map_or_else(|| "-".into(), |s| format!("{s:.1}"))
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

/// `pyprep history`: attempts numbered from 1 (oldest), the last `limit` of them.
pub fn list(
    attempts: &[Attempt],
    limit: Option<usize>,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let skip = limit.map_or(0, |l| attempts.len().saturating_sub(l));
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
            clock_face(s as i64 * 1000)
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

/// Scores over a series of attempts, oldest first.
#[derive(Debug, Default)]
struct Series {
    attempts: usize,
    scores: Vec<f64>,
}

impl Series {
    fn add(&mut self, a: &Attempt) {
        self.attempts += 1;
        if let Some(s) = a.score {
            self.scores.push(s);
        }
    }

    fn best(&self) -> String {
        self.scores
            .iter()
            .copied()
            .reduce(f64::max)
            .map_or_else(|| "-".into(), |b| format!("{b:.1}"))
    }

    fn last(&self) -> String {
        self.scores
            .last()
            .map_or_else(|| "-".into(), |l| format!("{l:.1}"))
    }

    /// The last score against the mean of the (up to) three before it.
    fn trend(&self) -> String {
        let Some((last, before)) = self.scores.split_last() else {
            return "-".into();
        };
        let before = &before[before.len().saturating_sub(RECENT_ATTEMPTS)..];
        if before.is_empty() {
            return "-".into();
        }
        let d = last - before.iter().sum::<f64>() / before.len() as f64;
        if d.abs() < 0.05 {
            "= 0.0".into()
        } else if d > 0.0 {
            format!("↑ +{d:.1}")
        } else {
            format!("↓ {d:.1}")
        }
    }
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
    // Per question, in bank order; questions no longer in the bank come after, by id.
    let mut per_question: BTreeMap<(u32, String), Series> = BTreeMap::new();
    let mut per_topic: BTreeMap<String, Series> = BTreeMap::new();
    let mut missed: HashMap<(String, String), usize> = HashMap::new();
    let mut graded_per_question: HashMap<String, usize> = HashMap::new();
    for a in attempts {
        let q = bank.resolve(&a.question);
        let key = (q.map_or(u32::MAX, |q| q.number()), a.question.clone());
        per_question.entry(key).or_default().add(a);
        let topics = q.map_or_else(
            || vec!["(not in the bank)".to_string()],
            |q| q.content.topics.clone(),
        );
        for t in topics {
            per_topic.entry(t).or_default().add(a);
        }
        if a.score.is_some() {
            *graded_per_question.entry(a.question.clone()).or_default() += 1;
            for c in &a.missed {
                *missed.entry((a.question.clone(), c.clone())).or_default() += 1;
            }
        }
    }

    writeln!(out, "By question:")?;
    let mut t = styled_table(style);
    t.set_header(vec!["question", "attempts", "best", "last", "trend"]);
    for ((number, id), s) in &per_question {
        let name = if *number == u32::MAX {
            clean(id)
        } else {
            format!("Q{number} {}", clean(id))
        };
        t.add_row(vec![
            name,
            s.attempts.to_string(),
            s.best(),
            s.last(),
            s.trend(),
        ]);
    }
    writeln!(out, "{t}")?;

    writeln!(out, "\nBy topic:")?;
    let mut t = styled_table(style);
    t.set_header(vec!["topic", "attempts", "best", "last", "trend"]);
    for (topic, s) in &per_topic {
        t.add_row(vec![
            clean(topic),
            s.attempts.to_string(),
            s.best(),
            s.last(),
            s.trend(),
        ]);
    }
    writeln!(out, "{t}")?;

    let mut top: Vec<((String, String), usize)> = missed.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_MISSED);
    if !top.is_empty() {
        writeln!(out, "\nConcepts missed most often:")?;
        let mut t = styled_table(style);
        t.set_header(vec!["question", "concept", "missed"]);
        for ((qid, cid), n) in &top {
            let label = concept_label(bank, qid, cid).unwrap_or_else(|| cid.clone());
            let of = graded_per_question.get(qid).copied().unwrap_or(*n);
            t.add_row(vec![clean(qid), clean(&label), format!("{n} of {of}")]);
        }
        writeln!(out, "{t}")?;
    }

    writeln!(out, "\nDue for another go:")?;
    let recs = records(attempts);
    let mut due: Vec<(i64, String)> = Vec::new();
    for q in &bank.questions {
        let Some(r) = recs.get(q.id()) else { continue };
        let Some(at) = r.due_at_ms() else { continue };
        if at <= now_ms {
            let why = if r.mastered() {
                let days = (now_ms - r.last_time_ms.unwrap_or(now_ms)) / 86_400_000;
                format!("passed {} in a row, last {days} days ago", r.streak())
            } else {
                format!(
                    "the last attempt did not pass ({})",
                    r.scores
                        .last()
                        .map_or_else(|| "-".into(), |s| format!("{s:.1}"))
                )
            };
            due.push((at, format!("  Q{} {}: {why}", q.number(), clean(q.id()))));
        }
    }
    due.sort();
    if due.is_empty() {
        writeln!(
            out,
            "  nothing: every question you tried is in its resting time"
        )?;
    }
    for (_, line) in &due {
        writeln!(out, "{line}")?;
    }
    let never: Vec<String> = bank
        .questions
        .iter()
        .filter(|q| !recs.contains_key(q.id()))
        .map(|q| q.number().to_string())
        .collect();
    if !never.is_empty() {
        writeln!(out, "Never tried: {}", never.join(", "))?;
    }
    writeln!(
        out,
        "`pyprep practice --weakest` starts with the weakest of them."
    )
}

fn concept_label(bank: &Bank, question: &str, concept: &str) -> Option<String> {
    let q = bank.resolve(question)?;
    let rubric = bank.compiled(q).ok()?;
    rubric
        .concepts
        .iter()
        .find(|c| &*c.id == concept)
        .map(|c| c.label.to_string())
}
