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
        YamlError {
            message: bare_message(&e),
            line: loc.map(|l| l.line() as usize).filter(|&l| l > 0),
            column: loc.map(|l| l.column() as usize).filter(|&c| c > 0),
        }
    })
}

/// 1-based line and column of a spanned value.
pub fn position<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
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
