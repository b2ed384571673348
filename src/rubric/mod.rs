//! The rubric model, owned here and used by grading, checking and the bank: the file as
//! written ([`raw`]), validated into a [`Rubric`] ([`validate`]), its terms ([`TermSpec`]),
//! its compiled patterns ([`compile_pattern`]) and the glossary of synonyms ([`Glossary`]).
//!
//! Nothing here reads files or grades: the bank reads the files, grading compiles what this
//! module has checked.

pub mod budget;
mod glossary;
mod pattern;
mod raw;
mod term;
mod validate;

pub use glossary::Glossary;
pub use pattern::{
    CompiledPattern, PATTERN_CACHE_CAPACITY, PATTERN_SIZE_LIMIT, PatternError, compile_pattern,
};
pub use term::{PHRASE_SLACK, TermSpec};
pub use validate::load;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

/// Default pass mark when a rubric sets none.
pub const DEFAULT_PASS_MARK: f64 = 60.0;
/// Default misconception penalty.
pub const DEFAULT_PENALTY: f64 = 10.0;
/// Default share of a concept's weight earned by naming it without stating it.
pub const DEFAULT_NAMING: f64 = 0.15;
/// Default points a swap costs.
pub const DEFAULT_SWAP_PENALTY: f64 = 15.0;
/// How lenient a rubric's scale is (`leniency:`): 1 scores the weighted share as it is.
pub const DEFAULT_LENIENCY: f64 = 1.0;

/// 1-based position of something in a rubric file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// What a labelled answer is expected to get.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    #[serde(default)]
    pub pass: Option<bool>,
    /// Inclusive score range.
    #[serde(default)]
    pub score: Option<[f64; 2]>,
    #[serde(default)]
    pub covered: Vec<String>,
    #[serde(default)]
    pub missed: Vec<String>,
}

/// A term with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub spec: TermSpec,
    pub pos: Pos,
}

/// A regex with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub regex: String,
    pub pos: Pos,
}

/// A key concept an answer should cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub id: String,
    pub pos: Pos,
    pub label: String,
    pub weight: f64,
    pub required: bool,
    pub hint: String,
    /// The share of the weight that naming the concept earns without stating it.
    pub naming: f64,
    /// What the concept is said of, for questions that contrast two things (`is` for
    /// "tests identity"): a statement that ties it to another concept's subject is a swap.
    pub subject: Vec<Term>,
    pub terms: Vec<Term>,
    pub patterns: Vec<Pattern>,
}

/// A wrong statement that costs points when spotted.
#[derive(Debug, Clone, PartialEq)]
pub struct Misconception {
    pub id: String,
    pub pos: Pos,
    pub label: String,
    pub penalty: f64,
    pub correction: String,
    pub terms: Vec<Term>,
    pub patterns: Vec<Pattern>,
}

/// A labelled answer inside a rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub pos: Pos,
    pub answer: String,
    pub expect: Expectation,
}

/// A validated rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub question: String,
    pub question_pos: Pos,
    pub pass_mark: f64,
    /// Fingerprint of the question and model answer the rubric was last reviewed against.
    pub reviewed: Option<String>,
    pub reviewed_pos: Option<Pos>,
    /// Points a swap costs: a concept's predicate said of another concept's subject.
    pub swap_penalty: f64,
    /// How lenient the scale is: the covered share `c` (0..1) scores `100 * c^(1/leniency)`,
    /// so above 1 partial answers score higher, below 1 lower (see [`lenient_share`]).
    pub leniency: f64,
    /// The `naming:` share of concepts that do not set their own.
    pub naming: f64,
    /// Whether the subjects of a contrast question may be read from the concepts' labels
    /// when no concept has a `subject:` (see docs/grading.md, relations).
    pub infer_subjects: bool,
    pub concepts: Vec<Concept>,
    pub misconceptions: Vec<Misconception>,
    pub examples: Vec<Example>,
}

/// The result of loading a rubric: the rubric if its YAML parsed, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub rubric: Option<Rubric>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The rubric, if it parsed and has no errors.
    pub fn valid(&self) -> Option<&Rubric> {
        let has_errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        if has_errors {
            None
        } else {
            self.rubric.as_ref()
        }
    }
}

/// The weighted share `share` (0..100) on a scale of `leniency`: 1 leaves it as it is; 1.25
/// turns a half-covered answer's 50 into 57, 2 into 71. Experts differ in how much a partial
/// answer is worth, and a rubric calibrated on their labels says so here. Full and empty
/// answers stay 100 and 0, and the order of answers never changes.
pub fn lenient_share(share: f64, leniency: f64) -> f64 {
    if leniency == 1.0 || share <= 0.0 {
        return share.max(0.0);
    }
    100.0 * (share / 100.0).min(1.0).powf(1.0 / leniency)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const GOOD: &str = "question: eq-vs-is
concepts:
  - id: identity
    label: is tests identity
    weight: 2
    required: true
    hint: What does is compare?
    terms:
      - same object
      - all: [is, identity]
      - text: eq
        exact: true
      - all: [True, 256, null]
misconceptions:
  - id: is-values
    label: is compares values
    penalty: 20
    correction: it compares identity
    terms: [is compares values]
examples:
  - answer: same object
    expect: {pass: true, covered: [identity]}
";

    #[test]
    fn a_sequence_needs_two_steps_and_keeps_its_order() {
        let text = "question: q\nconcepts:\n  - id: a\n    label: a\n    hint: h\n    terms:\n      - sequence: [only one]\n      - sequence: [source, bytecode, vm]\n";
        let l = load(Path::new("r.yaml"), text);
        let messages: Vec<&str> = l.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["a sequence of `a` has fewer than two steps"]);
        let terms = &l.rubric.unwrap().concepts[0].terms;
        assert_eq!(
            terms[0].spec,
            TermSpec::Sequence {
                parts: vec!["source".into(), "bytecode".into(), "vm".into()],
                exact: false
            }
        );
    }

    #[test]
    fn loads_a_good_rubric() {
        let l = load(Path::new("r.yaml"), GOOD);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let r = l.rubric.unwrap();
        assert_eq!(r.pass_mark, 60.0);
        assert_eq!(r.concepts[0].terms.len(), 4);
        assert_eq!(r.concepts[0].pos, Pos { line: 3, column: 9 });
        assert_eq!(r.misconceptions[0].penalty, 20.0);
        assert_eq!(r.examples[0].expect.pass, Some(true));
    }

    #[test]
    fn collects_every_problem_with_positions() {
        let text = "question: q
concepts:
  - id: a
    label: A
    weight: 0
    patterns: ['(']
  - id: a
    label: B
    terms: [x]
";
        let l = load(Path::new("r.yaml"), text);
        let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "bad-weight",
                "bad-pattern",
                "no-way-to-match",
                "duplicate-concept"
            ]
        );
        assert_eq!(l.diagnostics[0].line, Some(5));
        assert!(l.valid().is_none());
    }

    #[test]
    fn a_budget_breached_is_said_once_and_nothing_after_it_is_read() {
        let long = vec!["word"; budget::MAX_TERM_WORDS + 1].join(" ");
        let mut text = String::from("question: q\nconcepts:\n");
        for c in 0..3 {
            text.push_str(&format!(
                "  - id: c{c}\n    label: C\n    terms:\n      - {long}\n      - {{text: a b, slack: 21}}\n    patterns: ['{}']\n",
                "x".repeat(budget::MAX_PATTERN_LEN + 1)
            ));
        }
        let l = load(Path::new("r.yaml"), &text);
        let found: Vec<(&str, Option<usize>)> =
            l.diagnostics.iter().map(|d| (d.code, d.line)).collect();
        assert_eq!(found, [("over-budget", Some(6)), ("over-budget", Some(8))]);
        assert!(l.valid().is_none());
    }

    #[test]
    fn slack_is_bounded() {
        let l = load(
            Path::new("r.yaml"),
            "question: q\nconcepts:\n  - id: a\n    label: A\n    terms:\n      - {text: a b, slack: 21}\n      - x\n",
        );
        let d = &l.diagnostics[0];
        assert_eq!((d.code, d.line), ("bad-value", Some(6)));
        assert_eq!(d.message, "a term of `a` has slack 21, over 20");
    }

    #[test]
    fn misspelled_keys_get_a_suggestion() {
        let l = load(
            Path::new("r.yaml"),
            "question: q\nconcepts:\n  - id: a\n    label: A\n    wieght: 2\n",
        );
        let d = &l.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (Some(5), Some(5)));
        assert!(d.help.contains("`weight`"), "{}", d.help);
    }
}
