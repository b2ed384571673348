//! The Markdown report: a summary table, then a section per answer, ready to paste into a
//! pull request or an issue (GitHub-flavoured tables).

use std::io::{self, Write};

use super::grid::{GridReport, flag_text, missing_required, printable, quote, summary_line};
use super::{Report, ResultEntry, Style};
use crate::grade::ConceptGrade;

/// GitHub-flavoured Markdown.
pub struct MarkdownReport {
    pub style: Style,
}

/// Makes text safe inside a Markdown table cell or a line: pipes would end the cell, and
/// `*`, `_`, `[`, `<` outside code spans would turn an answer's words into emphasis, links or
/// HTML. Code spans (between backticks) are kept as written, so rubric labels keep their code.
pub fn escape(text: &str) -> String {
    let text = &*printable(text);
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for (i, ch) in text.char_indices() {
        match ch {
            // A lone backtick (evidence cut from an answer) opens no code span.
            '`' if !in_code && !text[i + 1..].contains('`') => out.push_str("\\`"),
            '`' => {
                in_code = !in_code;
                out.push(ch);
            }
            '|' => out.push_str("\\|"),
            '\n' => out.push_str("<br>"),
            '\r' => {}
            '*' | '_' | '[' | ']' | '\\' | '#' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            '<' if !in_code => out.push_str("&lt;"),
            _ => out.push(ch),
        }
    }
    out
}

impl GridReport for MarkdownReport {
    fn style(&self) -> &Style {
        &self.style
    }

    fn grid(&self, header: &[&str], rows: Vec<Vec<String>>) -> String {
        let line = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
        let mut lines = vec![
            line(header.iter().map(|h| escape(h)).collect()),
            line(header.iter().map(|_| "---".to_string()).collect()),
        ];
        for row in rows {
            lines.push(line(row.iter().map(|c| escape(c)).collect()));
        }
        lines.join("\n")
    }

    fn verdict(&self, pass: bool) -> String {
        if pass { "✅ PASS" } else { "❌ FAIL" }.to_string()
    }

    fn concept_mark(&self, c: &ConceptGrade) -> String {
        if c.covered {
            "✅"
        } else if c.contradicted() {
            "❌ contradicted"
        } else {
            "❌"
        }
        .to_string()
    }
}

impl MarkdownReport {
    fn answer(&self, r: &ResultEntry, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "### {}: Q{} {}, {:.1}/100, {}\n",
            escape(&r.file),
            r.question.number,
            escape(&r.question.id),
            r.score,
            self.verdict(r.pass)
        )?;
        writeln!(out, "> {}\n", escape(&r.question.title))?;
        writeln!(out, "{}\n", self.concept_grid(r))?;
        let mut items = Vec::new();
        for m in &r.misconceptions {
            let at = m.evidence.first().map(quote).unwrap_or_default();
            items.push(format!(
                "**misconception:** {} (-{}) at {}; correction: {}",
                escape(&m.label),
                m.penalty,
                escape(&at),
                escape(&m.correction)
            ));
        }
        if !self.style.quiet {
            for &flag in &r.flags {
                items.push(format!("**note:** {}", flag_text(flag)));
            }
        }
        for w in &r.warnings {
            items.push(format!("**warning:** {}", escape(w)));
        }
        if !r.pass {
            let missing = missing_required(r);
            if !missing.is_empty() {
                let ids: Vec<String> = missing.iter().map(|id| format!("`{id}`")).collect();
                items.push(format!("**does not pass without:** {}", ids.join(", ")));
            }
        }
        if !self.style.quiet {
            items.push(format!(
                "read up: `pyprep show {} --answer`",
                r.question.number
            ));
        }
        for item in items {
            writeln!(out, "- {item}")?;
        }
        writeln!(out)
    }
}

impl MarkdownReport {
    /// The whole report, once every answer is graded.
    pub fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}\n", super::signature::MARKDOWN_HEADING)?;
        writeln!(out, "{}\n", summary_line(&report.summary))?;
        if !report.results.is_empty() {
            writeln!(out, "{}\n", self.summary_grid(report))?;
        }
        for r in &report.results {
            self.answer(r, out)?;
        }
        if !report.errors.is_empty() {
            writeln!(out, "### Errors\n")?;
            for e in &report.errors {
                writeln!(
                    out,
                    "- `{}`: {}",
                    printable(&e.file).replace('`', "'"),
                    escape(&e.message)
                )?;
            }
            writeln!(out)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_cells_but_keeps_code_spans() {
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(
            escape("**kwargs and `**kwargs`"),
            "\\*\\*kwargs and `**kwargs`"
        );
        assert_eq!(escape("List<int>\nnext"), "List&lt;int><br>next");
        assert_eq!(escape("`a | b`"), "`a \\| b`");
        assert_eq!(escape("\"object` compares *"), "\"object\\` compares \\*");
    }
}
