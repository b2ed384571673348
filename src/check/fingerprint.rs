//! Fingerprints of what a rubric was reviewed against, and `--bless`, which records them.
//!
//! A rubric is written for one wording of a question and one model answer. When either
//! changes, a human should look at the rubric again; the fingerprint makes that visible.
//! Line endings and trailing whitespace do not count: an editor re-saving a file is not a
//! change of meaning.

use std::path::PathBuf;

/// The scheme written before the hex digits, so a future scheme can sit beside this one.
pub const SCHEME: &str = "fnv1a64";

/// FNV-1a, 64 bits: tiny, stable across platforms and versions, and plenty to notice edits
/// (this guards against accidents, not attackers).
fn fnv1a64(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The text as it matters for review: LF line ends, no trailing whitespace, no blank lines
/// at either end.
fn normalised(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

/// The fingerprint of a question title and its model answer, each hashed on its own so a
/// drift can say which of the two changed: `fnv1a64:<title>:<model answer>`, 16 hex digits
/// each. Only hashes are kept, not the text: a copy of every model answer in its rubric
/// would double the bank and could itself go stale; version control shows the change.
pub fn fingerprint(title: &str, model_answer: &str) -> String {
    format!(
        "{SCHEME}:{:016x}:{:016x}",
        fnv1a64(normalised(title).bytes()),
        fnv1a64(normalised(model_answer).bytes())
    )
}

/// The single hash of title and model answer together that earlier versions wrote
/// (`fnv1a64:<16 hex digits>`). Still accepted, so a bank reviewed before keeps passing;
/// it cannot tell which part changed.
fn whole_fingerprint(title: &str, model_answer: &str) -> String {
    let text = format!("{}\n\n{}", normalised(title), normalised(model_answer));
    format!("{SCHEME}:{:016x}", fnv1a64(text.bytes()))
}

fn is_hex16(s: &str) -> bool {
    s.len() == 16 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `value` has the shape of a fingerprint pyprep writes or wrote.
pub fn is_fingerprint(value: &str) -> bool {
    value
        .strip_prefix(SCHEME)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|hex| match hex.split_once(':') {
            Some((title, answer)) => is_hex16(title) && is_hex16(answer),
            None => is_hex16(hex),
        })
}

/// What changed since a rubric's recorded fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Title,
    ModelAnswer,
    Both,
    /// The fingerprint is of the older single-hash kind: one of the two changed, or both.
    Unknown,
}

/// What changed between the `recorded` fingerprint and the title and model answer now;
/// `None` when nothing did (or `recorded` is not a fingerprint: a separate diagnostic).
pub fn changed(recorded: &str, title: &str, model_answer: &str) -> Option<Change> {
    let recorded = recorded.trim();
    if !is_fingerprint(recorded) {
        return None;
    }
    let now = fingerprint(title, model_answer);
    if recorded.eq_ignore_ascii_case(&now) {
        return None;
    }
    let hex = &recorded[SCHEME.len() + 1..];
    let Some((old_title, old_answer)) = hex.split_once(':') else {
        return (!recorded.eq_ignore_ascii_case(&whole_fingerprint(title, model_answer)))
            .then_some(Change::Unknown);
    };
    let now_hex = &now[SCHEME.len() + 1..];
    let (new_title, new_answer) = now_hex.split_once(':').unwrap_or((now_hex, ""));
    match (
        !old_title.eq_ignore_ascii_case(new_title),
        !old_answer.eq_ignore_ascii_case(new_answer),
    ) {
        (true, true) => Some(Change::Both),
        (true, false) => Some(Change::Title),
        (false, true) => Some(Change::ModelAnswer),
        (false, false) => None,
    }
}

/// One rubric rewritten by `--bless`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blessed {
    pub file: PathBuf,
    /// The fingerprint recorded before, if any.
    pub old: Option<String>,
    pub new: String,
}

/// Splits a line into its text and its line ending (`\n`, `\r\n` or none).
fn split_ending(line: &str) -> (&str, &str) {
    if let Some(text) = line.strip_suffix("\r\n") {
        (text, "\r\n")
    } else if let Some(text) = line.strip_suffix('\n') {
        (text, "\n")
    } else {
        (line, "")
    }
}

/// A top-level `key:` line (no indentation), as block-style YAML writes it.
fn is_top_level_key(line: &str, key: &str) -> bool {
    line.trim_start_matches('\u{feff}')
        .strip_prefix(key)
        .and_then(|rest| rest.strip_prefix(':'))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// The comment at the end of a `key: value  # comment` line, with the spaces before it.
fn trailing_comment(text: &str) -> &str {
    match text.find(" #").or_else(|| text.find("\t#")) {
        Some(i) => &text[text[..i].trim_end().len()..],
        None => "",
    }
}

/// Rewrites the top-level `reviewed:` line of a rubric to hold `fingerprint`, or inserts
/// one after the top-level `question:` line. Every other byte stays as it was, comments
/// included. `None` when the rubric has neither line (nothing safe to edit).
pub fn set_reviewed(rubric: &str, fingerprint: &str) -> Option<String> {
    let lines: Vec<&str> = rubric.split_inclusive('\n').collect();
    let line_ending = lines
        .first()
        .map_or("\n", |l| if l.ends_with("\r\n") { "\r\n" } else { "\n" });
    let mut out = String::with_capacity(rubric.len() + 40);
    if let Some(at) = lines.iter().position(|l| is_top_level_key(l, "reviewed")) {
        for (i, line) in lines.iter().enumerate() {
            if i == at {
                let (text, ending) = split_ending(line);
                let bom = if text.starts_with('\u{feff}') {
                    "\u{feff}"
                } else {
                    ""
                };
                out.push_str(&format!(
                    "{bom}reviewed: {fingerprint}{}{ending}",
                    trailing_comment(text)
                ));
            } else {
                out.push_str(line);
            }
        }
        return Some(out);
    }
    let at = lines.iter().position(|l| is_top_level_key(l, "question"))?;
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if i == at {
            if split_ending(line).1.is_empty() {
                out.push_str(line_ending);
            }
            out.push_str(&format!("reviewed: {fingerprint}{line_ending}"));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_line_ends_and_trailing_space() {
        let a = fingerprint("What is it?", "Line one\nLine two\n");
        let b = fingerprint("What is it?  ", "\r\nLine one  \r\nLine two\r\n\r\n");
        assert_eq!(a, b);
        assert!(is_fingerprint(&a), "{a}");
        assert_ne!(a, fingerprint("What is this?", "Line one\nLine two\n"));
        assert_ne!(a, fingerprint("What is it?", "Line one\nLine 2\n"));
    }

    #[test]
    fn says_which_part_changed() {
        let a = fingerprint("What is it?", "Line one\n");
        assert_eq!(changed(&a, "What is it?", "Line one"), None);
        assert_eq!(
            changed(&a, "What is this?", "Line one"),
            Some(Change::Title)
        );
        assert_eq!(
            changed(&a, "What is it?", "Line 1"),
            Some(Change::ModelAnswer)
        );
        assert_eq!(changed(&a, "What?", "Line 1"), Some(Change::Both));
    }

    #[test]
    fn single_hash_fingerprints_still_count() {
        let old = whole_fingerprint("What is it?", "Line one\n");
        assert!(is_fingerprint(&old), "{old}");
        assert_eq!(changed(&old, "What is it?", "Line one"), None);
        assert_eq!(changed(&old, "What?", "Line one"), Some(Change::Unknown));
    }

    #[test]
    fn known_value_stays_stable() {
        // FNV-1a of the empty input is the offset basis; a change here breaks every bank.
        assert_eq!(fnv1a64(Vec::new()), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(*b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn rejects_other_shapes() {
        assert!(!is_fingerprint("fnv1a64:123"));
        assert!(!is_fingerprint("sha1:0123456789abcdef"));
        assert!(!is_fingerprint("yes"));
    }

    #[test]
    fn rewrites_the_reviewed_line_keeping_its_comment() {
        let before =
            "# top\nquestion: q\nreviewed: fnv1a64:0000000000000000   # by Ann\nconcepts: []\n";
        let after = set_reviewed(before, "fnv1a64:1111111111111111").unwrap();
        assert_eq!(
            after,
            "# top\nquestion: q\nreviewed: fnv1a64:1111111111111111   # by Ann\nconcepts: []\n"
        );
    }

    #[test]
    fn inserts_after_question_keeping_crlf() {
        let before = "question: q\r\nconcepts:\r\n  - id: a\r\n";
        let after = set_reviewed(before, "fnv1a64:1111111111111111").unwrap();
        assert_eq!(
            after,
            "question: q\r\nreviewed: fnv1a64:1111111111111111\r\nconcepts:\r\n  - id: a\r\n"
        );
    }

    #[test]
    fn ignores_nested_keys_and_needs_a_question_line() {
        let text = "concepts:\n  - id: a\n    question: x\n";
        assert_eq!(set_reviewed(text, "fnv1a64:1111111111111111"), None);
        let last = set_reviewed("question: q", "fnv1a64:1111111111111111").unwrap();
        assert_eq!(last, "question: q\nreviewed: fnv1a64:1111111111111111\n");
    }
}
