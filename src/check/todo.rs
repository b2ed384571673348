//! `TODO` markers left in a bank: `pyprep new` writes them where an author still has work
//! to do, and a question is not finished while one remains.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};

pub const MARKER: &str = "TODO";

/// Every `TODO` of a content file, outside code blocks and inline code (a model answer may
/// show code with its own TODO comments).
pub fn in_markdown(path: &Path, text: &str, out: &mut Vec<Diagnostic>) {
    let mut fence: Option<&str> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        let mut in_code = false;
        let mut prose = String::with_capacity(line.len());
        for ch in line.chars() {
            if ch == '`' {
                in_code = !in_code;
            }
            // Code keeps its columns but cannot hold a marker.
            prose.push(if in_code { ' ' } else { ch });
        }
        markers(path, i + 1, &prose, out);
    }
}

/// Every `TODO` of a YAML file outside comments: the commented-out templates of a new
/// rubric are examples, not work left.
pub fn in_yaml(path: &Path, text: &str, out: &mut Vec<Diagnostic>) {
    for (i, line) in text.lines().enumerate() {
        markers(path, i + 1, without_comment(line), out);
    }
}

/// The line up to a `#` that starts a comment (at the start, or after a space, outside
/// quotes).
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, ch) in line.char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if " [{,:-".contains(prev) => quote = Some(ch),
            (None, '#') if prev.is_whitespace() => return &line[..i],
            _ => {}
        }
        prev = ch;
    }
    line
}

/// A diagnostic for each whole-word `TODO` of `line`.
fn markers(path: &Path, line_no: usize, line: &str, out: &mut Vec<Diagnostic>) {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    for (at, _) in line.match_indices(MARKER) {
        let before = line[..at].chars().next_back();
        let after = line[at + MARKER.len()..].chars().next();
        if word(before) || word(after) {
            continue;
        }
        let column = line[..at].chars().count() + 1;
        let rest = line[at..].trim_end();
        let what = rest
            .strip_prefix(MARKER)
            .map(|r| r.trim_start_matches(':').trim());
        // The marker's own words, up to the end of its phrase.
        let what = what.map(|w| {
            let w = w.split("**").next().unwrap_or_default();
            w.trim_end_matches(['"', '\'', ']', ',', ' '])
        });
        let message = match what {
            Some(w) if !w.is_empty() => format!("left to do: {w}"),
            _ => "a `TODO` is left here".to_string(),
        };
        out.push(
            Diagnostic::new(Code::Todo, path, message)
                .at(line_no, column)
                .label("still to write")
                .help("write what the marker asks for, then delete the marker"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(yaml: bool, text: &str) -> Vec<(usize, usize, String)> {
        let mut out = Vec::new();
        if yaml {
            in_yaml(Path::new("r.yaml"), text, &mut out);
        } else {
            in_markdown(Path::new("c.md"), text, &mut out);
        }
        out.into_iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message))
            .collect()
    }

    #[test]
    fn finds_markers_outside_comments_and_code() {
        let yaml =
            "# TODO in a comment\nhint: \"TODO: a question\"  # TODO too\nlabel: \"C# TODOS\"\n";
        assert_eq!(found(true, yaml), [(2, 8, "left to do: a question".into())]);
        let md = "title: TODO\n`# TODO` in code\n```\n# TODO\n```\nTODO: write it.\n";
        assert_eq!(
            found(false, md),
            [
                (1, 8, "a `TODO` is left here".into()),
                (6, 1, "left to do: write it.".into())
            ]
        );
    }
}
