//! The terminal report: per answer, the score and a table of concepts; then a summary.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style as Ansi};
use comfy_table::{ContentArrangement, Table, presets};

use super::{Renderer, Report, ResultEntry, Style};
use crate::grade::{ConceptGrade, Evidence, Uncounted};

/// Human-readable tables.
pub struct TableRenderer {
    pub style: Style,
}

fn paint(on: bool, style: Ansi, text: &str) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

fn green() -> Ansi {
    Ansi::new().fg_color(Some(AnsiColor::Green.into())).bold()
}

fn red() -> Ansi {
    Ansi::new().fg_color(Some(AnsiColor::Red.into())).bold()
}

fn yellow() -> Ansi {
    Ansi::new().fg_color(Some(AnsiColor::Yellow.into())).bold()
}

/// `"modified in place" (3:14)`.
pub fn quote(e: &Evidence) -> String {
    let text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("\"{text}\" ({}:{})", e.line, e.column)
}

fn table(style: &Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width);
    if style.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// `PASS` or `FAIL`, coloured when asked.
pub fn verdict(pass: bool, color: bool) -> String {
    if pass {
        paint(color, green(), "PASS")
    } else {
        paint(color, red(), "FAIL")
    }
}

fn concept_row(c: &ConceptGrade, style: &Style) -> Vec<String> {
    let n = if style.verbose { usize::MAX } else { 2 };
    let mark = if c.covered {
        paint(style.color, green(), "✓")
    } else if c.contradicted() {
        paint(style.color, red(), "✗!")
    } else {
        paint(style.color, red(), "✗")
    };
    let mut label = c.label.clone();
    if c.required {
        label.push_str(" (required)");
    }
    let detail = if c.covered {
        c.evidence
            .iter()
            .take(n)
            .map(quote)
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        let mut d = c.hint.clone();
        for u in c.uncounted.iter().take(n) {
            let why = match u.reason {
                Uncounted::Negated => "stated as its opposite",
                Uncounted::TermList => "only in a list of terms, not in a sentence",
            };
            d.push_str(&format!("\n{why}: {}", quote(&u.evidence)));
        }
        d
    };
    vec![mark, label, format!("{}", c.weight), detail]
}

impl TableRenderer {
    fn answer(&self, r: &ResultEntry, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.style;
        writeln!(
            out,
            "{}  Q{} {}  {:.1}/100  {}",
            paint(s.color, Ansi::new().bold(), &r.file),
            r.question.number,
            r.question.id,
            r.score,
            verdict(r.pass, s.color)
        )?;
        writeln!(out, "  {}", r.question.title)?;
        let mut t = table(s);
        t.set_header(vec!["", "concept", "weight", "evidence / hint"]);
        for c in &r.concepts {
            t.add_row(concept_row(c, s));
        }
        writeln!(out, "{t}")?;
        for m in &r.misconceptions {
            let at = m.evidence.first().map(quote).unwrap_or_default();
            writeln!(
                out,
                "  {} {} (-{}) at {at}\n    correction: {}",
                paint(s.color, yellow(), "misconception:"),
                m.label,
                m.penalty,
                m.correction
            )?;
        }
        for flag in &r.flags {
            let text = match flag {
                crate::grade::AnswerFlag::Empty => "the answer is empty",
                crate::grade::AnswerFlag::TermList => {
                    "some rubric terms stand only in lists of terms; explain them in sentences to earn them"
                }
                crate::grade::AnswerFlag::Contradiction => {
                    "a concept is stated as its opposite (negated), which earns nothing"
                }
            };
            writeln!(out, "  {} {text}", paint(s.color, yellow(), "note:"))?;
        }
        for w in &r.warnings {
            writeln!(out, "  {} {w}", paint(s.color, yellow(), "warning:"))?;
        }
        if !r.pass {
            let missing_required: Vec<&str> = r
                .concepts
                .iter()
                .filter(|c| c.required && !c.covered)
                .map(|c| c.id.as_str())
                .collect();
            if !missing_required.is_empty() {
                writeln!(
                    out,
                    "  does not pass without: {}",
                    missing_required.join(", ")
                )?;
            }
        }
        writeln!(out, "  read up: pyprep show {} --answer", r.question.number)?;
        Ok(())
    }
}

/// Renders one graded answer: score and verdict, the concepts table, misconceptions and notes
/// (what `ask` and the practice sessions show after each answer).
pub fn render_answer(style: Style, r: &ResultEntry, out: &mut dyn Write) -> io::Result<()> {
    TableRenderer { style }.answer(r, out)
}

/// `PASS` or `FAIL` as a table cell. Styled by comfy-table itself, so the column keeps its
/// width (a cell holding raw ANSI codes is measured with them); plain when the table is.
pub fn verdict_cell(pass: bool) -> comfy_table::Cell {
    let (text, color) = if pass {
        ("PASS", comfy_table::Color::Green)
    } else {
        ("FAIL", comfy_table::Color::Red)
    };
    comfy_table::Cell::new(text)
        .fg(color)
        .add_attribute(comfy_table::Attribute::Bold)
}

/// An empty table in the report's look, for other views (scorecards, history, stats).
pub fn styled_table(style: &Style) -> Table {
    table(style)
}

impl Renderer for TableRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.style;
        for (i, r) in report.results.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            self.answer(r, out)?;
        }
        if report.results.len() > 1 {
            writeln!(out)?;
            let mut t = table(s);
            t.set_header(vec!["file", "question", "score", "verdict", "biggest gap"]);
            for r in &report.results {
                t.add_row(vec![
                    r.file.clone(),
                    format!("{} {}", r.question.number, r.question.id),
                    format!("{:.1}", r.score),
                    verdict(r.pass, s.color),
                    r.biggest_gap()
                        .map(|c| c.label.clone())
                        .unwrap_or_else(|| "-".into()),
                ]);
            }
            writeln!(out, "{t}")?;
        }
        for e in &report.errors {
            writeln!(
                out,
                "{} {}: {}",
                paint(s.color, red(), "error:"),
                e.file,
                e.message
            )?;
        }
        let sum = &report.summary;
        if report.results.len() > 1 || !report.errors.is_empty() {
            let mean = sum
                .mean_score
                .map_or_else(|| "-".into(), |m| format!("{m:.1}"));
            write!(
                out,
                "{} graded, {} passed, {} failed, {} errors, mean score {mean}",
                sum.graded, sum.passed, sum.failed, sum.errors
            )?;
            if let (Some(min), Some(below)) = (sum.min_score, sum.below_min_score) {
                write!(out, ", {below} below --min-score {min}")?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}
