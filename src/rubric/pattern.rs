//! Rubric regexes, compiled with the limits that keep a hostile pattern from exhausting
//! memory (the regex engine already guarantees linear-time matching).
//!
//! Built with `regex-automata`'s meta regex, the engine the `regex` crate wraps, with the
//! configuration `regex::RegexBuilder` gives it: the same matches, and the compiled size
//! can be read, which a rubric's budget of compiled patterns needs.

use std::collections::HashMap;
use std::sync::Mutex;

use regex_automata::meta::{self, Regex};
use regex_automata::util::syntax;
use regex_automata::{Input, Match, MatchKind};

/// Largest compiled program of one pattern (the NFA). The bank's largest takes 760 KiB
/// (`\w` is every letter of Unicode, twice for case), so this leaves little room: a pattern
/// over it is a located error.
pub const PATTERN_SIZE_LIMIT: usize = 1 << 20;

/// Capacity of one pattern's lazy DFA cache, per thread that matches it: a cache that fills
/// is cleared and rebuilt (or the search falls back to the NFA), so memory stays bounded.
pub const PATTERN_CACHE_CAPACITY: usize = 1 << 20;

/// A rubric pattern that does not compile, in the regex engine's own words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the pattern does not compile: {reason}")]
pub struct PatternError {
    pub reason: String,
}

/// A compiled rubric regex: case-insensitive, leftmost-first, matching whole characters.
#[derive(Debug, Clone)]
pub struct CompiledPattern {
    regex: Regex,
}

impl CompiledPattern {
    /// The leftmost match in `text`.
    pub fn find(&self, text: &str) -> Option<Match> {
        self.regex.find(text)
    }

    /// The leftmost match in `text` that starts at `start` or later, with assertions
    /// (`\b`) looking at the text before `start` (as `regex::Regex::find_at`).
    pub fn find_at(&self, text: &str, start: usize) -> Option<Match> {
        self.regex.search(&Input::new(text).range(start..))
    }

    /// Every match in `text`, left to right, never overlapping.
    pub fn find_iter<'h>(&'h self, text: &'h str) -> impl Iterator<Item = Match> + 'h {
        self.regex.find_iter(text)
    }

    /// Heap bytes of the compiled program, without the matching caches.
    pub fn memory_usage(&self) -> usize {
        self.regex.memory_usage()
    }
}

/// Patterns remembered per process; a bank has about a hundred, the bounds only keep a
/// pathological bank in check.
const MAX_REMEMBERED: usize = 4096;
/// Compiled bytes remembered per process (the bank's 106 patterns take about 8 MiB).
const MAX_REMEMBERED_BYTES: usize = 128 << 20;

#[derive(Default)]
struct Remembered {
    patterns: HashMap<String, Result<CompiledPattern, PatternError>>,
    bytes: usize,
}

/// Compiles a rubric regex: case-insensitive, with size limits.
///
/// Compiled regexes are remembered by pattern for the life of the process: validating a
/// rubric and compiling it both need them, and one case-insensitive Unicode `\w` costs
/// milliseconds to build. A clone shares the compiled program.
pub fn compile_pattern(pattern: &str) -> Result<CompiledPattern, PatternError> {
    static COMPILED: Mutex<Option<Remembered>> = Mutex::new(None);
    let known = COMPILED
        .lock()
        .ok()
        .and_then(|compiled| compiled.as_ref()?.patterns.get(pattern).cloned());
    if let Some(known) = known {
        return known;
    }
    let result = build(pattern);
    if let Ok(mut compiled) = COMPILED.lock() {
        let compiled = compiled.get_or_insert_with(Remembered::default);
        let bytes = result.as_ref().map_or(0, CompiledPattern::memory_usage);
        if compiled.patterns.len() >= MAX_REMEMBERED
            || compiled.bytes.saturating_add(bytes) > MAX_REMEMBERED_BYTES
        {
            *compiled = Remembered::default();
        }
        compiled.bytes = compiled.bytes.saturating_add(bytes);
        compiled
            .patterns
            .insert(pattern.to_string(), result.clone());
    }
    result
}

fn build(pattern: &str) -> Result<CompiledPattern, PatternError> {
    let config = meta::Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(PATTERN_SIZE_LIMIT))
        .hybrid_cache_capacity(PATTERN_CACHE_CAPACITY);
    meta::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().case_insensitive(true).utf8(true))
        .build(pattern)
        .map(|regex| CompiledPattern { regex })
        .map_err(|e| PatternError {
            reason: match (e.size_limit(), e.syntax_error()) {
                (Some(limit), _) => {
                    format!("Compiled regex exceeds size limit of {limit} bytes.")
                }
                (None, Some(syntax)) => syntax.to_string(),
                (None, None) => e.to_string(),
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_as_the_regex_crate_does() {
        let p = compile_pattern(r"\bIS\s+(\w+)").unwrap();
        let text = "This is it. is not";
        let ours: Vec<(usize, usize)> = p.find_iter(text).map(|m| (m.start(), m.end())).collect();
        let theirs: Vec<(usize, usize)> = regex::RegexBuilder::new(r"\bIS\s+(\w+)")
            .case_insensitive(true)
            .build()
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        assert_eq!(ours, theirs);
        // find_at looks behind its start for a word boundary.
        assert_eq!(p.find_at(text, 6).map(|m| m.start()), Some(12));
        assert!(
            compile_pattern("")
                .unwrap()
                .find_iter("ab")
                .all(|m| m.is_empty())
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let e = compile_pattern("(unclosed").unwrap_err();
        assert!(e.reason.contains("unclosed group"), "{}", e.reason);
        let e = compile_pattern(r"\w{99}").unwrap_err();
        assert!(e.reason.contains("exceeds size limit"), "{}", e.reason);
    }
}
