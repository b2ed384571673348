//! Prints a [`CheckReport`]: rustc-style diagnostics and a table of label agreement for a
//! terminal, or the same values as JSON for machines.

use std::io::{self, Write};
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::{CheckReport, LabelSummary, Totals};
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::Style;

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style diagnostics and the table of labelled answers.
    Table,
    /// The same as one JSON document.
    Json,
}

/// What the terminal rendering shows besides the diagnostics.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    /// Warnings fail the check (said in the last line).
    pub deny_warnings: bool,
    /// Leave out the table of labelled answers (`--quiet`).
    pub quiet: bool,
}

/// Writes the report in `format`.
pub fn render(
    report: &CheckReport,
    format: CheckFormat,
    style: Style,
    view: View,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, report)?;
            writeln!(out)
        }
        CheckFormat::Table => human(report, style, view, out),
    }
}

fn human(report: &CheckReport, style: Style, view: View, out: &mut dyn Write) -> io::Result<()> {
    let deny_warnings = view.deny_warnings;
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(usize::from(style.width));
    for d in &report.diagnostics {
        writeln!(out, "{}\n", renderer.render(&[group(d, report)]))?;
    }
    if !view.quiet
        && report
            .labels
            .iter()
            .any(|l| l.labelled + l.expectations > 0)
    {
        writeln!(out, "{}", label_table(&report.labels, style))?;
    }
    let Totals { errors, warnings } = report.summary;
    let counts = format!(
        "{errors} {}, {warnings} {} in {} {} of {}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        report.questions,
        plural(report.questions, "question"),
        report.bank
    );
    if report.fails(deny_warnings) {
        let denied = if errors == 0 {
            " (warnings are denied)"
        } else {
            ""
        };
        writeln!(out, "error: check failed: {counts}{denied}")
    } else {
        writeln!(out, "check passed: {counts}")
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// Byte offset of each line start in `text`.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// The byte span of the thing at `line:column` (1-based, column in characters): `text`
/// when the caller knows the exact words, else a quoted scalar, a key (up to its colon), or
/// a plain value (up to a comment, a comma or a closing bracket).
fn span_at(
    text: &str,
    starts: &[usize],
    line: usize,
    column: usize,
    known: Option<&str>,
) -> Option<(usize, usize)> {
    let line_start = *starts.get(line.checked_sub(1)?)?;
    let line_end = starts
        .get(line)
        .map_or(text.len(), |&s| s.saturating_sub(1));
    let line_text = text.get(line_start..line_end)?.trim_end_matches('\r');
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let rest = &line_text[offset..];
    let len = match (known, rest.chars().next()) {
        (Some(words), _) if rest.starts_with(words) && !words.is_empty() => words.len(),
        (Some(words), Some(_)) => rest
            .char_indices()
            .nth(words.chars().count())
            .map_or(rest.len(), |(i, _)| i),
        (_, None) => 0,
        (None, Some(q @ ('"' | '\''))) => rest[1..].find(q).map_or(rest.len(), |i| i + 2),
        (None, Some(_)) => {
            let mut value = &rest[..rest.find(" #").unwrap_or(rest.len())];
            if let Some(i) = value.find(": ") {
                value = &value[..i];
            }
            value = value.strip_suffix(':').unwrap_or(value);
            if let Some(i) = value
                .char_indices()
                .skip(1)
                .find(|(_, c)| matches!(c, ',' | ']' | '}'))
            {
                value = &value[..i.0];
            }
            value.trim_end().len().max(1)
        }
    };
    if len == 0 && !line_text.is_empty() {
        // Past the end of the line: mark the whole line.
        let first = line_text.len() - line_text.trim_start().len();
        return Some((line_start + first, line_start + line_text.len()));
    }
    Some((line_start + offset, line_start + offset + len))
}

/// One place to mark in a file.
struct Mark<'a> {
    line: usize,
    column: usize,
    label: &'a str,
    /// The exact words at the place, when known.
    text: Option<&'a str>,
    primary: bool,
}

/// A snippet of `text` covering the marked lines, or `None` when a mark is off the text.
fn snippet<'a>(
    path: &'a Path,
    text: &'a str,
    marks: &[Mark<'a>],
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let starts = line_starts(text);
    let first = marks.iter().map(|m| m.line).min()?;
    let last = marks.iter().map(|m| m.line).max()?;
    let from = *starts.get(first.checked_sub(1)?)?;
    let to = starts.get(last).copied().unwrap_or(text.len());
    let window = text.get(from..to)?;
    let mut s = Snippet::source(window)
        .line_start(first)
        .path(path.display().to_string());
    for m in marks {
        let (a, b) = span_at(text, &starts, m.line, m.column, m.text)?;
        let kind = if m.primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        s = s.annotation(kind.span(a - from..b - from).label(m.label));
    }
    Some(s)
}

fn group<'a>(d: &'a Diagnostic, report: &'a CheckReport) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut g = Group::with_title(level.primary_title(d.message.as_str()).id(d.code));
    let label = d.label.as_deref().unwrap_or("");
    let source = report.sources.get(&d.file);
    let mut primary_marks = Vec::new();
    if let (Some(line), Some(_)) = (d.line, source) {
        primary_marks.push(Mark {
            line,
            column: d.column.unwrap_or(1),
            label,
            text: None,
            primary: true,
        });
    }
    // Related places in the main file join its snippet; the others are grouped by file,
    // one snippet each, in the order they were first named.
    let mut others: Vec<(&Path, Vec<Mark>)> = Vec::new();
    let mut notes = Vec::new();
    for r in &d.related {
        let Some(line) = r.line else {
            notes.push(r);
            continue;
        };
        let mark = Mark {
            line,
            column: r.column.unwrap_or(1),
            label: r.label.as_str(),
            text: r.text.as_deref(),
            primary: false,
        };
        if r.file == d.file && !primary_marks.is_empty() {
            primary_marks.push(mark);
        } else if let Some((_, marks)) = others.iter_mut().find(|(f, _)| *f == r.file) {
            marks.push(mark);
        } else {
            others.push((&r.file, vec![mark]));
        }
    }
    let main = source.and_then(|text| snippet(&d.file, text, &primary_marks));
    g = match main {
        Some(s) => g.element(s),
        None => {
            let mut origin = Origin::path(d.file.display().to_string());
            if let Some(line) = d.line {
                origin = origin.line(line).char_column(d.column.unwrap_or(1));
            }
            g.element(origin)
        }
    };
    for (file, marks) in others {
        let quoted = report
            .sources
            .get(file)
            .and_then(|text| snippet(file, text, &marks));
        g = match quoted {
            Some(s) => g.element(s),
            None => g.elements(marks.iter().map(|m| {
                Level::NOTE.message(format!(
                    "{}: {}",
                    location(file, Some(m.line), Some(m.column)),
                    m.label
                ))
            })),
        };
    }
    for r in notes {
        g = g.element(Level::NOTE.message(format!("{}: {}", r.file.display(), r.label)));
    }
    if !d.help.is_empty() {
        g = g.element(Level::HELP.message(d.help.as_str()));
    }
    g
}

fn location(file: &Path, line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", file.display()),
        (Some(l), None) => format!("{}:{l}", file.display()),
        _ => file.display().to_string(),
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.0}%", 100.0 * part as f64 / whole as f64)
    }
}

/// The Open University-style table: per question, labelled answers graded as labelled.
fn label_table(labels: &[LabelSummary], style: Style) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(style.width)
        .set_header(vec![
            "#",
            "question",
            "labelled",
            "agree",
            "false pass",
            "false fail",
            "explained",
            "agreement",
            "expectations failed",
        ]);
    if !style.color {
        t.force_no_tty();
    }
    let mut total = LabelSummary::default();
    for l in labels.iter().filter(|l| l.labelled + l.expectations > 0) {
        total.labelled += l.labelled;
        total.agree += l.agree;
        total.false_pass += l.false_pass;
        total.false_fail += l.false_fail;
        total.explained += l.explained;
        total.expectations += l.expectations;
        total.expectations_failed += l.expectations_failed;
        t.add_row(row(l.number.to_string(), &l.question, l));
    }
    t.add_row(row(String::new(), "all", &total));
    for i in [0, 2, 3, 4, 5, 6, 7] {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

fn row(number: String, question: &str, l: &LabelSummary) -> Vec<String> {
    vec![
        number,
        question.to_string(),
        l.labelled.to_string(),
        l.agree.to_string(),
        l.false_pass.to_string(),
        l.false_fail.to_string(),
        l.explained.to_string(),
        percent(l.agree, l.labelled),
        format!("{} of {}", l.expectations_failed, l.expectations),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_value_at_a_position() {
        let text =
            "question: q\nconcepts:\n  - id: a\n    wieght: 2\n    terms: ['same object', x]\n";
        let starts = line_starts(text);
        let s = |l, c| span_at(text, &starts, l, c, None).map(|(a, b)| &text[a..b]);
        assert_eq!(s(4, 5), Some("wieght"));
        assert_eq!(s(3, 9), Some("a"));
        assert_eq!(s(5, 13), Some("'same object'"));
        assert_eq!(s(5, 28), Some("x"));
        assert_eq!(s(9, 1), None);
        assert_eq!(s(1, 40), Some("question: q"));
        let plain = "      - dynamic array   # why\n";
        let starts = line_starts(plain);
        let got = span_at(plain, &starts, 1, 9, None).map(|(a, b)| &plain[a..b]);
        assert_eq!(got, Some("dynamic array"));
        let prose = "`==` compares values: it calls\n";
        let starts = line_starts(prose);
        let got = span_at(prose, &starts, 1, 6, Some("compares")).map(|(a, b)| &prose[a..b]);
        assert_eq!(got, Some("compares"));
    }
}
