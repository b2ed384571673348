//! A term as a rubric writes it: the syntax each evidence kind of the grader compiles.
//!
//! A new kind of evidence adds its variant here (with its YAML form in `raw.rs` and its
//! check in `validate.rs`) and one file under `src/grade/evidence/` that finds it.

/// Words of a phrase may have this many other words between them, unless the term says.
pub const PHRASE_SLACK: usize = 2;

/// How a term was written in a rubric, before compiling.
#[derive(Debug, Clone, PartialEq)]
pub enum TermSpec {
    /// Words in order, with a little slack between them.
    Phrase {
        text: String,
        exact: bool,
        /// Words allowed between consecutive words; `None` means [`PHRASE_SLACK`].
        slack: Option<usize>,
    },
    /// Every part somewhere in one sentence.
    All { parts: Vec<String>, exact: bool },
    /// Every part in the order given, across items, arrows and sentences, each within a few
    /// sentences of the one before.
    Sequence { parts: Vec<String>, exact: bool },
}

impl TermSpec {
    /// Whether the term is a way of saying something (two words or more, or several parts)
    /// rather than a single word or name.
    pub fn is_statement(&self) -> bool {
        match self {
            TermSpec::Phrase { text, .. } => text.split_whitespace().nth(1).is_some(),
            TermSpec::All { .. } | TermSpec::Sequence { .. } => true,
        }
    }

    /// The texts to match, each of which must hold at least one word.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            TermSpec::Phrase { text, .. } => vec![text],
            TermSpec::All { parts, .. } | TermSpec::Sequence { parts, .. } => {
                parts.iter().map(String::as_str).collect()
            }
        }
    }
}
