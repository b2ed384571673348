//! Grading: a pure function from a compiled rubric and an answer's text to a graded answer.
//! No I/O, no clock, no randomness.
//!
//! The pipeline, a module a step:
//!
//! 1. [`crate::tokens`]: the answer's text -> tokens, sentences and clauses;
//! 2. [`index`]: tokens -> an index against the rubric's [`vocabulary`] (which words each
//!    token is, looked up through the per-thread [`memo`]), with per-token facts;
//! 3. [`evidence`]: each concept's and misconception's [`Target`] -> hits, one kind of
//!    evidence a file (phrase, all-group, pattern);
//! 4. [`sentences`] and [`stance`]: which hits count (prose or code, not a list of terms;
//!    held by the writer, not framed as someone's belief);
//! 5. [`score`]: hits -> covered concepts, spotted misconceptions, the score;
//! 6. [`result`]: what a report renders.
//!
//! [`compile`] turns a validated [`crate::rubric::Rubric`] into the [`CompiledRubric`] the
//! pipeline reads.

pub mod compile;
pub mod evidence;
pub mod index;
mod inferred_subjects;
mod lines;
mod memo;
mod relations;
pub mod result;
mod score;
mod sentences;
pub mod shared_text;
mod stance;
pub mod vocabulary;

pub use compile::{
    CompileError, CompiledConcept, CompiledMisconception, CompiledRubric, RubricCompiler,
};
pub use evidence::{Hit, Target};
pub use result::{
    AnswerFlag, BRIEF_SHARE, ConceptGrade, Evidence, GradedAnswer, LOOSE_SHARE, Level,
    MisconceptionGrade, NAMED_IN_CONTEXT_SHARE, Uncounted, UncountedEvidence, biggest_gap,
};
pub use score::{OTHER_LANGUAGE_ID, OTHER_LANGUAGE_PENALTY, SWAP_ID_PREFIX, ScoreParts, grade};
pub use shared_text::SharedText;
pub use vocabulary::max_edits_for;
