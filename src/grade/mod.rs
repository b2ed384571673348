//! Grading: tokens, matching and scoring. Pure: no I/O, no clock, no randomness.

mod distance;
mod lookup_cache;
pub mod matcher;
pub mod normalize;
pub mod score;
mod shared_text;
pub mod small_list;
mod token_text;
mod word_hash;
pub mod words;

pub use matcher::{Glossary, TermSpec};
pub use score::{
    AnswerFlag, ConceptGrade, Evidence, GradedAnswer, MisconceptionGrade, Uncounted, grade,
};
pub use shared_text::SharedText;

use crate::bank::rubric::{Pattern, Rubric, Term};
use matcher::{MatcherBuilder, Target, TermError, Vocabulary};

/// A concept ready for matching.
#[derive(Debug)]
pub struct CompiledConcept {
    pub id: SharedText,
    pub label: SharedText,
    pub weight: f64,
    pub required: bool,
    pub hint: SharedText,
    pub(crate) target: Target,
}

/// A misconception ready for matching.
#[derive(Debug)]
pub struct CompiledMisconception {
    pub id: SharedText,
    pub label: SharedText,
    pub penalty: f64,
    pub correction: SharedText,
    pub(crate) target: Target,
}

/// A rubric compiled against a glossary: what [`grade`] needs.
#[derive(Debug)]
pub struct CompiledRubric {
    pub question: String,
    pub pass_mark: f64,
    pub concepts: Vec<CompiledConcept>,
    pub misconceptions: Vec<CompiledMisconception>,
    pub(crate) vocabulary: Vocabulary,
}

fn specs(terms: &[Term]) -> Vec<TermSpec> {
    terms.iter().map(|t| t.spec.clone()).collect()
}

fn regexes(patterns: &[Pattern]) -> Vec<String> {
    patterns.iter().map(|p| p.regex.clone()).collect()
}

impl CompiledRubric {
    /// Compiles a validated rubric. Validation already rejected bad patterns and empty
    /// terms, so an error here means the rubric was not validated first.
    pub fn new(rubric: &Rubric, glossary: &Glossary) -> Result<Self, TermError> {
        let mut builder = MatcherBuilder::new(glossary);
        let mut concepts = Vec::with_capacity(rubric.concepts.len());
        for c in &rubric.concepts {
            concepts.push(CompiledConcept {
                id: c.id.as_str().into(),
                label: c.label.as_str().into(),
                weight: c.weight,
                required: c.required,
                hint: c.hint.as_str().into(),
                target: builder.target(&specs(&c.terms), &regexes(&c.patterns))?,
            });
        }
        let mut misconceptions = Vec::with_capacity(rubric.misconceptions.len());
        for m in &rubric.misconceptions {
            misconceptions.push(CompiledMisconception {
                id: m.id.as_str().into(),
                label: m.label.as_str().into(),
                penalty: m.penalty,
                correction: m.correction.as_str().into(),
                target: builder.target(&specs(&m.terms), &regexes(&m.patterns))?,
            });
        }
        Ok(CompiledRubric {
            question: rubric.question.clone(),
            pass_mark: rubric.pass_mark,
            concepts,
            misconceptions,
            vocabulary: builder.finish(),
        })
    }
}
