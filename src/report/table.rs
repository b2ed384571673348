//! The terminal report: per answer, the score and a table of concepts; then a summary.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style as Ansi};
use comfy_table::{ContentArrangement, Table, presets};

use super::grid::{GridReport, flag_text, missing_required, printable, summary_line};
use super::{Report, ResultEntry, Style};
use crate::grade::ConceptGrade;

pub use super::grid::quote;

/// Human-readable tables.
pub struct TableReport {
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

/// `PASS` or `FAIL`, coloured when asked.
pub fn verdict(pass: bool, color: bool) -> String {
    if pass {
        paint(color, green(), "PASS")
    } else {
        paint(color, red(), "FAIL")
    }
}

impl GridReport for TableReport {
    fn style(&self) -> &Style {
        &self.style
    }

    fn grid(&self, header: &[&str], rows: Vec<Vec<String>>) -> String {
        let mut t = styled_table(&self.style);
        t.set_header(header.to_vec());
        for row in rows {
            t.add_row(row);
        }
        t.to_string()
    }

    fn verdict(&self, pass: bool) -> String {
        verdict(pass, self.style.color)
    }

    fn concept_mark(&self, c: &ConceptGrade) -> String {
        let color = self.style.color;
        if c.covered {
            paint(color, green(), "✓")
        } else if c.contradicted() {
            paint(color, red(), "✗!")
        } else {
            paint(color, red(), "✗")
        }
    }
}

impl TableReport {
    fn answer(&self, r: &ResultEntry, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.style;
        writeln!(
            out,
            "{}  Q{} {}  {:.1}/100  {}",
            paint(s.color, Ansi::new().bold(), &printable(&r.file)),
            r.question.number,
            r.question.id,
            r.score,
            verdict(r.pass, s.color)
        )?;
        writeln!(out, "  {}", printable(&r.question.title))?;
        writeln!(out, "{}", self.concept_grid(r))?;
        for m in &r.misconceptions {
            let at = m.evidence.first().map(quote).unwrap_or_default();
            writeln!(
                out,
                "  {} {} (-{}) at {at}\n    correction: {}",
                paint(s.color, yellow(), "misconception:"),
                printable(&m.label),
                m.penalty,
                printable(&m.correction)
            )?;
        }
        if !s.quiet {
            for &flag in &r.flags {
                writeln!(
                    out,
                    "  {} {}",
                    paint(s.color, yellow(), "note:"),
                    flag_text(flag)
                )?;
            }
        }
        for w in &r.warnings {
            writeln!(
                out,
                "  {} {}",
                paint(s.color, yellow(), "warning:"),
                printable(w)
            )?;
        }
        if !r.pass {
            let missing = missing_required(r);
            if !missing.is_empty() {
                writeln!(out, "  does not pass without: {}", missing.join(", "))?;
            }
        }
        if !s.quiet {
            writeln!(out, "  read up: pyprep show {} --answer", r.question.number)?;
        }
        Ok(())
    }
}

/// Renders one graded answer: score and verdict, the concepts table, misconceptions and notes
/// (what `ask` and the practice sessions show after each answer).
pub fn render_answer(style: Style, r: &ResultEntry, out: &mut dyn Write) -> io::Result<()> {
    TableReport { style }.answer(r, out)
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

impl TableReport {
    /// The whole report, once every answer is graded.
    pub fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.style;
        for (i, r) in report.results.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            self.answer(r, out)?;
        }
        if report.results.len() > 1 {
            writeln!(out)?;
            writeln!(out, "{}", self.summary_grid(report))?;
        }
        for e in &report.errors {
            writeln!(
                out,
                "{} {}: {}",
                paint(s.color, red(), "error:"),
                printable(&e.file),
                printable(&e.message)
            )?;
        }
        if report.results.len() > 1 || !report.errors.is_empty() {
            writeln!(out, "{}", summary_line(&report.summary))?;
        }
        Ok(())
    }
}
