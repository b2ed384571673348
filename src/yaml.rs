//! Every YAML call of pyprep, in one place, with tight input budgets.
//!
//! Rubrics and front matter come from other people's banks and answer folders: an alias
//! bomb or a deeply nested document must fail fast with a located error, not eat memory.
//! Keeping serde-saphyr behind this module keeps a future swap cheap.

use serde::de::DeserializeOwned;

pub use serde_saphyr::Spanned;

/// A YAML error with the position it was found at (1-based, when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{l}:{c}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn budget() -> serde_saphyr::Budget {
    let mut b = serde_saphyr::Budget::default();
    b.max_reader_input_bytes = Some(4 << 20);
    b.max_events = 200_000;
    b.max_aliases = 100;
    b.max_anchors = 100;
    b.max_recorded_anchor_events = 10_000;
    b.max_recorded_anchor_bytes = 1 << 20;
    b.max_depth = 32;
    // Flow collections (`[[[...]]]`) are scanned ahead of the depth budget; cap them at the
    // same depth so both kinds of nesting fail alike and early.
    b.flow_nesting_limit = 33;
    b.max_documents = 1;
    b.max_nodes = 100_000;
    b.max_total_scalar_bytes = 8 << 20;
    b
}

/// Strips serde-saphyr's "line N column M: " prefix: we report positions ourselves.
fn bare_message(err: &serde_saphyr::Error) -> String {
    let text = err.without_snippet().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    let text = match text.find(": ") {
        Some(i) if text.starts_with("line ") => &text[i + 2..],
        _ => text,
    };
    let text = text.lines().next().unwrap_or_default();
    let text = text.find(" (defined at line ").map_or(text, |i| &text[..i]);
    let text = text.rfind(" at line ").map_or(text, |i| &text[..i]);
    // serde-saphyr's hint names its own API, which means nothing to whoever fixes the file.
    let text = text
        .find(", set DuplicateKeyPolicy")
        .map_or(text, |i| &text[..i]);
    match text.strip_prefix("budget breached: ") {
        Some(breach) => over_budget(breach),
        None if text == "recursion limit exceeded" => over_budget("Depth"),
        None => text.trim().to_string(),
    }
}

/// Says in words which budget a document broke (serde-saphyr gives `Aliases { aliases: 101 }`).
fn over_budget(breach: &str) -> String {
    let b = budget();
    let kind = breach.split([' ', '{']).next().unwrap_or_default();
    let what = match kind {
        "Depth" => format!("is nested more than {} levels deep", b.max_depth),
        "Aliases" => format!("uses more than {} aliases (`*name`)", b.max_aliases),
        "Anchors" => format!("defines more than {} anchors (`&name`)", b.max_anchors),
        "RecordedAnchorEvents" | "RecordedAnchorBytes" | "AliasAnchorRatio" => {
            "expands its aliases to far more than it holds (an alias bomb)".to_string()
        }
        "Nodes" => format!("holds more than {} values", b.max_nodes),
        "Events" => format!("holds more than {} YAML events", b.max_events),
        "ScalarBytes" => format!(
            "holds more than {} MiB of text",
            b.max_total_scalar_bytes >> 20
        ),
        "Documents" => "holds more than one YAML document (a second `---`)".to_string(),
        _ => format!("is over a size limit ({})", breach.trim()),
    };
    format!("the YAML {what}, more than pyprep reads")
}

/// Parses `text` as one YAML document into `T`, within the budgets.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.with_snippet = false;
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let loc = e.location();
        explain(
            text,
            YamlError {
                message: bare_message(&e),
                line: loc.map(|l| l.line() as usize).filter(|&l| l > 0),
                column: loc.map(|l| l.column() as usize).filter(|&c| c > 0),
            },
        )
    })
}

/// The parser's words rewritten where they mislead whoever edits the file: "invalid
/// floating point" for `weight: three` becomes "`weight` must be a number", and a `[` or
/// `{` left open is reported where it was opened, not lines later where the parser gave up.
fn explain(text: &str, err: YamlError) -> YamlError {
    let Some(line) = err.line else {
        return err;
    };
    if let Some((l, c, bracket)) = unclosed_flow(text, line) {
        let close = if bracket == '[' { ']' } else { '}' };
        return YamlError {
            message: format!(
                "`{bracket}` is never closed: end the list with `{close}` on line {l}, or write \
                 it as a block list (the parser gave up at line {line}: {})",
                err.message
            ),
            line: Some(l),
            column: Some(c),
        };
    }
    let kind = if err.message.contains("floating point") || err.message.contains("invalid integer")
    {
        "a number"
    } else if err.message.contains("invalid boolean") {
        "`true` or `false`"
    } else {
        return err;
    };
    let Some((key, value)) = text.lines().nth(line - 1).and_then(key_value) else {
        return err;
    };
    YamlError {
        message: format!("`{key}` must be {kind}, not `{value}`"),
        ..err
    }
}

/// `key` and `value` of a `  - key: value  # comment` line.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, value) = line.split_once(':')?;
    let value = value.find(" #").map_or(value, |i| &value[..i]).trim();
    let key = key.trim();
    (!key.is_empty() && !value.is_empty() && !key.contains([' ', '"', '\'', '[', '{']))
        .then_some((key, value))
}

/// The last `[` or `{` opened on a line before `error_line` and still open there: a flow
/// list left unclosed swallows the lines after it, and the parser only notices later.
/// Quoted text and comments are skipped; brackets inside plain words count, as YAML does
/// in a flow collection.
fn unclosed_flow(text: &str, error_line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (i, line) in text.lines().take(error_line.saturating_sub(1)).enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, ch) in line.chars().enumerate() {
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '#') if prev.is_whitespace() => break,
                (None, '"' | '\'') if " [{,:".contains(prev) => quote = Some(ch),
                (None, '[' | '{') if !open.is_empty() || " :-".contains(prev) => {
                    open.push((i + 1, col + 1, ch));
                }
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            prev = ch;
        }
    }
    // Only a bracket left open on an earlier line: one open on the error's own line is
    // where the parser already points.
    open.first().copied().filter(|&(l, _, _)| l < error_line)
}

/// 1-based line and column of a spanned value.
pub fn position<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_name_the_key() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct W {
            weight: f64,
        }
        let e = from_str::<W>("weight: three  # a comment\n").unwrap_err();
        assert_eq!(e.message, "`weight` must be a number, not `three`");
        assert_eq!((e.line, e.column), (Some(1), Some(9)));
    }

    #[test]
    fn an_unclosed_list_is_reported_where_it_opens() {
        let text = "a:\n  terms: [one, two\n  b: 1\n  c:\n    - x\n";
        let e = from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(10)), "{e}");
        assert!(e.message.starts_with("`[` is never closed"), "{e}");
        // Closed lists spanning lines, and brackets in quotes or comments, are fine.
        assert_eq!(
            unclosed_flow("a: [one,\n  two]\nb: \"[x\" # [\nc: 1\n", 4),
            None
        );
    }
    use std::collections::BTreeMap;

    #[test]
    fn errors_are_located() {
        let e = from_str::<BTreeMap<String, u32>>("a: 1\nb: x\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(!e.message.contains("line 2"), "{}", e.message);
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let started = std::time::Instant::now();
        assert!(from_str::<serde_json::Value>(&doc).is_err());
        assert!(started.elapsed().as_secs() < 5);
    }

    #[test]
    fn deep_nesting_fails() {
        let flow = format!("{}x{}", "[".repeat(500), "]".repeat(500));
        let block: String = (0..40).map(|i| format!("{}k:\n", "  ".repeat(i))).collect();
        for doc in [flow, block] {
            let e = from_str::<serde_json::Value>(&doc).unwrap_err();
            assert!(e.message.contains("nested more than 32 levels"), "{e}");
            assert!(e.line.is_some());
        }
    }

    #[test]
    fn budget_breaches_read_as_words() {
        let many_aliases = format!("a: &a x\nb: [{}]\n", vec!["*a"; 200].join(", "));
        let e = from_str::<serde_json::Value>(&many_aliases).unwrap_err();
        assert_eq!(
            e.message,
            "the YAML uses more than 100 aliases (`*name`), more than pyprep reads"
        );
        let e = from_str::<serde_json::Value>("- x\n".repeat(200_000).as_str()).unwrap_err();
        assert!(e.message.contains("more than 100000 values"), "{e}");
        let e = from_str::<serde_json::Value>("---\na: 1\n---\nb: 2\n").unwrap_err();
        assert!(e.message.contains("more than one YAML document"), "{e}");
        let e = from_str::<serde_json::Value>("a: 1\na: 2\n").unwrap_err();
        assert_eq!(e.message, "duplicate mapping key: a");
    }
}
