//! The bank's shared synonyms, as grading applies them to every term.

use std::collections::HashSet;

/// Synonym groups applied to every term: a term containing one member also matches the
/// others.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub groups: Vec<Vec<String>>,
    /// Words the bank's own model answers use: real words, never taken for typos of others.
    pub known_words: HashSet<String>,
}
