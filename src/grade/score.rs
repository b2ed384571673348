//! Grading: a pure function from a compiled rubric and an answer to a graded answer.
//!
//! Steps (documented for users in docs/grading.md):
//! 1. tokenize and match every concept and misconception;
//! 2. classify each sentence: prose, code, or a list of terms (too short, no function words,
//!    or mostly rubric terms);
//! 3. a concept is covered by an affirmative hit in prose or code; negated hits are
//!    contradictions, hits in term lists are not counted; both are reported;
//! 4. score = weighted share of covered concepts minus misconception penalties, clamped.

use serde::Serialize;

use super::CompiledRubric;
use super::matcher::{Hit, MatchedAnswer};
use super::normalize::{TokenKind, is_function_word};

/// Share of a sentence's words that may be rubric evidence before it reads as stuffing.
const STUFFING_DENSITY: f64 = 0.6;
/// Distinct concepts a stuffed sentence must hit before density is held against it.
const STUFFING_MIN_CONCEPTS: usize = 3;
/// Evidence items kept per concept in a report; more add nothing for a reader.
const MAX_EVIDENCE: usize = 5;

/// Where in the answer a concept or misconception was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The answer's own words, as written.
    pub text: String,
    /// 1-based line and column (in characters) in the graded text.
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// Why evidence was found but not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Uncounted {
    /// A negation turns the statement into its opposite.
    Negated,
    /// The words stand in a list of terms, not in an explanation.
    TermList,
}

/// Evidence that was found but does not count, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncountedEvidence {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub reason: Uncounted,
}

/// One concept's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptGrade {
    pub id: String,
    pub label: String,
    pub weight: f64,
    pub required: bool,
    pub covered: bool,
    pub evidence: Vec<Evidence>,
    /// Matches that did not count: negated (a contradiction) or in a bare list of terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncounted: Vec<UncountedEvidence>,
    pub hint: String,
}

impl ConceptGrade {
    /// Stated only as its opposite: "tuples are not immutable".
    pub fn contradicted(&self) -> bool {
        !self.covered
            && self
                .uncounted
                .iter()
                .any(|u| u.reason == Uncounted::Negated)
    }
}

/// A misconception that was spotted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MisconceptionGrade {
    pub id: String,
    pub label: String,
    pub penalty: f64,
    pub correction: String,
    pub evidence: Vec<Evidence>,
}

/// Something about the answer as a whole that a reader should know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerFlag {
    /// Nothing to grade.
    Empty,
    /// Rubric terms were found only in lists of terms, not in sentences.
    TermList,
    /// A concept was stated as its opposite.
    Contradiction,
}

/// The result of grading one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradedAnswer {
    pub score: f64,
    pub pass: bool,
    pub pass_mark: f64,
    pub concepts: Vec<ConceptGrade>,
    pub misconceptions: Vec<MisconceptionGrade>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<AnswerFlag>,
    pub words: usize,
}

impl GradedAnswer {
    /// The weightiest concept missed, for one-line summaries.
    pub fn biggest_gap(&self) -> Option<&ConceptGrade> {
        self.concepts.iter().filter(|c| !c.covered).max_by(|a, b| {
            (a.required, a.weight)
                .partial_cmp(&(b.required, b.weight))
                .unwrap_or(std::cmp::Ordering::Equal)
                // Ties go to the earlier concept: max_by keeps the last maximum.
                .then(std::cmp::Ordering::Greater)
        })
    }
}

/// Line starts of a text, for turning byte offsets into line:column.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    fn evidence(&self, start: usize, end: usize) -> Evidence {
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let column = self.text[line_start..start].chars().count() + 1;
        Evidence {
            text: self.text[start..end].to_string(),
            line,
            column,
            start,
            end,
        }
    }

    fn hit(&self, hit: &Hit) -> Vec<Evidence> {
        hit.spans
            .iter()
            .map(|&(s, e)| self.evidence(s, e))
            .collect()
    }
}

/// How a sentence reads, which decides whether evidence in it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SentenceKind {
    Prose,
    Code,
    TermList,
}

fn classify_sentences(m: &MatchedAnswer, counted_hits: &[(usize, &Hit)]) -> Vec<SentenceKind> {
    let toks = &m.tokenized.tokens;
    // Hits grouped by sentence, so each sentence looks at its own hits only: scanning every
    // hit for every sentence was quadratic in a long answer.
    let mut by_sentence: Vec<&(usize, &Hit)> = counted_hits.iter().collect();
    by_sentence.sort_by_key(|(_, h)| h.sentence);
    m.tokenized
        .sentences
        .iter()
        .enumerate()
        .map(|(si, s)| {
            if s.is_code {
                return SentenceKind::Code;
            }
            let range = s.first_token..s.token_end;
            let words = range
                .clone()
                .filter(|&i| toks[i].kind == TokenKind::Word)
                .count();
            let all_code = range
                .clone()
                .all(|i| toks[i].in_code || toks[i].kind != TokenKind::Word);
            if all_code {
                return SentenceKind::Code;
            }
            let function_words = range
                .clone()
                .filter(|&i| toks[i].kind == TokenKind::Word && is_function_word(&toks[i].text))
                .count();
            if range.len() < 3 || function_words == 0 {
                return SentenceKind::TermList;
            }
            let mut evidence_tokens: Vec<usize> = Vec::new();
            let mut concepts: Vec<usize> = Vec::new();
            let first = by_sentence.partition_point(|(_, h)| h.sentence < si);
            let own = by_sentence[first..]
                .iter()
                .take_while(|(_, h)| h.sentence == si);
            for &&(concept, hit) in own {
                evidence_tokens.extend(&hit.tokens);
                if !concepts.contains(&concept) {
                    concepts.push(concept);
                }
            }
            evidence_tokens.sort_unstable();
            evidence_tokens.dedup();
            let density = evidence_tokens.len() as f64 / range.len().max(1) as f64;
            if concepts.len() >= STUFFING_MIN_CONCEPTS && density > STUFFING_DENSITY {
                return SentenceKind::TermList;
            }
            let _ = words;
            SentenceKind::Prose
        })
        .collect()
}

/// Rounds to one decimal so reports are the same on every machine and in every format.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Grades `text` against `rubric`. Pure: no I/O, no clock, no randomness.
pub fn grade(rubric: &CompiledRubric, text: &str) -> GradedAnswer {
    let m = rubric.vocabulary.match_answer(text);
    let lines = LineIndex::new(text);
    let words = m
        .tokenized
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .count();

    let concept_hits: Vec<Vec<Hit>> = rubric.concepts.iter().map(|c| m.hits(&c.target)).collect();
    let misconception_hits: Vec<Vec<Hit>> = rubric
        .misconceptions
        .iter()
        .map(|c| m.hits(&c.target))
        .collect();

    // Density counts every affirmative hit, of concepts and misconceptions alike.
    let offset = concept_hits.len();
    let affirmative: Vec<(usize, &Hit)> = concept_hits
        .iter()
        .chain(&misconception_hits)
        .enumerate()
        .flat_map(|(i, hits)| hits.iter().filter(|h| !h.negated).map(move |h| (i, h)))
        .collect();
    let kinds = classify_sentences(&m, &affirmative);
    let counts = |h: &Hit| {
        kinds
            .get(h.sentence)
            .is_some_and(|k| *k != SentenceKind::TermList)
    };

    let mut flags = Vec::new();
    let mut any_listed = false;
    let mut concepts = Vec::with_capacity(rubric.concepts.len());
    for (c, hits) in rubric.concepts.iter().zip(&concept_hits) {
        let mut evidence = Vec::new();
        let mut uncounted = Vec::new();
        for h in hits {
            let reason = if h.negated {
                Some(Uncounted::Negated)
            } else if !counts(h) {
                Some(Uncounted::TermList)
            } else {
                None
            };
            match reason {
                // Quoting costs a scan of the line, so only what the report keeps is quoted.
                None if evidence.len() >= MAX_EVIDENCE => {}
                None => evidence.extend(lines.hit(h)),
                Some(_) if uncounted.len() >= MAX_EVIDENCE => {}
                Some(reason) => uncounted.extend(
                    lines
                        .hit(h)
                        .into_iter()
                        .map(|evidence| UncountedEvidence { evidence, reason }),
                ),
            }
        }
        let covered = !evidence.is_empty();
        evidence.truncate(MAX_EVIDENCE);
        uncounted.truncate(MAX_EVIDENCE);
        any_listed |= !covered && uncounted.iter().any(|u| u.reason == Uncounted::TermList);
        concepts.push(ConceptGrade {
            id: c.id.clone(),
            label: c.label.clone(),
            weight: c.weight,
            required: c.required,
            covered,
            evidence,
            uncounted,
            hint: c.hint.clone(),
        });
    }
    let _ = offset;

    let mut misconceptions = Vec::new();
    for (mc, hits) in rubric.misconceptions.iter().zip(&misconception_hits) {
        let mut evidence: Vec<Evidence> = hits
            .iter()
            .filter(|h| !h.negated && counts(h))
            .flat_map(|h| lines.hit(h))
            .take(MAX_EVIDENCE)
            .collect();
        if evidence.is_empty() {
            continue;
        }
        evidence.truncate(MAX_EVIDENCE);
        misconceptions.push(MisconceptionGrade {
            id: mc.id.clone(),
            label: mc.label.clone(),
            penalty: mc.penalty,
            correction: mc.correction.clone(),
            evidence,
        });
    }

    let total: f64 = concepts.iter().map(|c| c.weight).sum();
    let covered: f64 = concepts
        .iter()
        .filter(|c| c.covered)
        .map(|c| c.weight)
        .sum();
    let share = if total > 0.0 {
        100.0 * covered / total
    } else {
        0.0
    };
    let penalty: f64 = misconceptions.iter().map(|m| m.penalty).sum();
    let score = round1((share - penalty).clamp(0.0, 100.0));
    let required_ok = concepts.iter().all(|c| c.covered || !c.required);
    let pass = score >= rubric.pass_mark && required_ok;

    if m.tokenized.tokens.is_empty() {
        flags.push(AnswerFlag::Empty);
    }
    if any_listed {
        flags.push(AnswerFlag::TermList);
    }
    if concepts.iter().any(ConceptGrade::contradicted) {
        flags.push(AnswerFlag::Contradiction);
    }

    GradedAnswer {
        score,
        pass,
        pass_mark: rubric.pass_mark,
        concepts,
        misconceptions,
        flags,
        words,
    }
}
