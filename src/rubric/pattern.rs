//! Rubric regexes, compiled with the limits that keep a hostile pattern from exhausting
//! memory (the regex crate already guarantees linear-time matching).

use std::collections::HashMap;
use std::sync::Mutex;

use regex::Regex;

/// A rubric pattern that does not compile, in the regex crate's own words.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the pattern does not compile: {reason}")]
pub struct PatternError {
    pub reason: String,
}

/// Patterns remembered per process; a bank has tens, the bound only keeps a pathological
/// one in check.
const MAX_REMEMBERED: usize = 4096;

/// Compiles a rubric regex: case-insensitive, with size limits.
///
/// Compiled regexes are remembered by pattern for the life of the process: validating a
/// rubric and compiling it both need them, and one case-insensitive Unicode `\w` costs
/// milliseconds to build. A clone shares the compiled program.
pub fn compile_pattern(pattern: &str) -> Result<Regex, PatternError> {
    type Compiled = HashMap<String, Result<Regex, PatternError>>;
    static COMPILED: Mutex<Option<Compiled>> = Mutex::new(None);
    let known = COMPILED
        .lock()
        .ok()
        .and_then(|compiled| compiled.as_ref()?.get(pattern).cloned());
    if let Some(known) = known {
        return known;
    }
    let result = regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| PatternError {
            reason: e.to_string(),
        });
    if let Ok(mut compiled) = COMPILED.lock() {
        let compiled = compiled.get_or_insert_with(HashMap::new);
        if compiled.len() >= MAX_REMEMBERED {
            compiled.clear();
        }
        compiled.insert(pattern.to_string(), result.clone());
    }
    result
}
