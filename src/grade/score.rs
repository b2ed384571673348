//! Grading: a pure function from a compiled rubric and an answer to a graded answer.
//!
//! Steps (documented for users in docs/grading.md):
//! 1. tokenize and match every concept and misconception;
//! 2. classify each sentence: prose, code, or a list of terms (too short, no function words,
//!    or mostly rubric terms);
//! 3. a concept is covered by an affirmative hit in prose or code; negated hits are
//!    contradictions, hits in term lists are not counted; both are reported;
//! 4. score = weighted share of covered concepts minus misconception penalties, clamped.

use super::SharedText;

use serde::Serialize;

use super::CompiledRubric;
use super::matcher::{Hit, HitScratch, MatchedAnswer};
use super::normalize::TokenKind;

/// Share of function words below which a sentence reads as a list of terms. English prose
/// runs at 40-50%, terse answers at 15-25%; "def -> function object -> closure" at 0-10%.
const MIN_FUNCTION_WORD_SHARE: f64 = 0.12;
/// Share of a sentence's words that may be rubric evidence before it reads as stuffing.
const STUFFING_DENSITY: f64 = 0.7;
/// Distinct concepts a stuffed sentence must hit before density is held against it.
const STUFFING_MIN_CONCEPTS: usize = 4;
/// Points taken off an answer that is about another programming language.
pub const OTHER_LANGUAGE_PENALTY: f64 = 50.0;
/// The id under which that rule reports, beside the rubric's own misconceptions.
pub const OTHER_LANGUAGE_ID: &str = "other-language";
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
    /// The words belong to a misconception spotted in the answer ("strings are mutable"
    /// earns no credit for knowing the word "mutable").
    Misconception,
}

impl Uncounted {
    /// Why the match earned nothing, in words for a report.
    pub fn describe(self) -> &'static str {
        match self {
            Uncounted::Negated => "stated as its opposite",
            Uncounted::TermList => "only in a list of terms, not in a sentence",
            Uncounted::Misconception => "part of a wrong statement",
        }
    }
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
    /// Shared with the compiled rubric (as are `label` and `hint`): a batch holds one
    /// result per answer, and copying every concept's text into each made up a sixth of
    /// a result's memory.
    pub id: SharedText,
    pub label: SharedText,
    pub weight: f64,
    pub required: bool,
    pub covered: bool,
    pub evidence: Vec<Evidence>,
    /// Matches that did not count: negated (a contradiction) or in a bare list of terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncounted: Vec<UncountedEvidence>,
    pub hint: SharedText,
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
    pub id: SharedText,
    pub label: SharedText,
    pub penalty: f64,
    pub correction: SharedText,
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
        biggest_gap(&self.concepts)
    }
}

/// The missed concept that matters most: required before optional, then by weight, then
/// the first in rubric order.
pub fn biggest_gap(concepts: &[ConceptGrade]) -> Option<&ConceptGrade> {
    concepts
        .iter()
        .filter(|c| !c.covered)
        .fold(None, |best: Option<&ConceptGrade>, c| match best {
            Some(b) if (b.required, b.weight) >= (c.required, c.weight) => Some(b),
            _ => Some(c),
        })
}

/// Line starts of a text, for turning byte offsets into line:column.
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Columns count characters; in ASCII text they are bytes, and need no counting (an
    /// answer is often one long line, and each piece of evidence counted from its start).
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        // memchr's search: `match_indices` took about 200 instructions a line.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    fn evidence(&self, start: usize, end: usize) -> Evidence {
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let column = if self.ascii {
            start - line_start + 1
        } else {
            self.text[line_start..start].chars().count() + 1
        };
        Evidence {
            text: self.text[start..end].to_string(),
            line,
            column,
            start,
            end,
        }
    }

    /// The evidence of each span of `hit`, without a list of its own per hit.
    fn hit<'h>(&'h self, hit: &'h Hit) -> impl Iterator<Item = Evidence> + 'h {
        hit.spans.iter().map(|&(s, e)| self.evidence(s, e))
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
    // Grouped by sentence once (a stable sort keeps each sentence's hits in their order),
    // so a long answer with many sentences and many hits stays linear; the hits of
    // sentence `s` are `by_sentence[firsts[s]..firsts[s + 1]]`.
    let sentences = m.tokenized.sentences.len();
    let mut by_sentence: Vec<(usize, &Hit)> = counted_hits
        .iter()
        .filter(|(_, hit)| hit.sentence < sentences)
        .copied()
        .collect();
    by_sentence.sort_by_key(|(_, hit)| hit.sentence);
    let firsts: Vec<usize> = (0..=sentences)
        .map(|s| by_sentence.partition_point(|(_, hit)| hit.sentence < s))
        .collect();
    // Scratch lists for the stuffing test, shared by every sentence.
    let mut evidence_tokens: Vec<usize> = Vec::new();
    let mut concepts: Vec<usize> = Vec::new();
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
                .filter(|&i| {
                    toks[i].kind == TokenKind::Word && !toks[i].in_code && m.is_function_word(i)
                })
                .count();
            if looks_like_a_list(m, range.clone(), words, function_words) {
                return SentenceKind::TermList;
            }
            // A short statement written as a sentence ("Since 3.7 dicts keep insertion
            // order.") may have no glue word at all; a list rarely ends with a full stop.
            let one_clause = range
                .clone()
                .all(|i| toks[i].clause == toks[s.first_token].clause);
            let written_sentence = s.terminated && (4..=12).contains(&words) && one_clause;
            // Inline code as the subject ("`is` compares identity") does a function word's
            // job of tying the words into a statement.
            let glue = function_words
                + usize::from(
                    range
                        .clone()
                        .any(|i| toks[i].in_code && toks[i].kind != TokenKind::Symbol),
                );
            if range.len() < 3
                || (!written_sentence
                    && (glue == 0 || (glue as f64) < MIN_FUNCTION_WORD_SHARE * words as f64))
            {
                return SentenceKind::TermList;
            }
            evidence_tokens.clear();
            concepts.clear();
            for &(concept, hit) in &by_sentence[firsts[si]..firsts[si + 1]] {
                // Glue words inside a long phrase term are not what makes a sentence stuffed.
                evidence_tokens.extend(hit.tokens.iter().filter(|&&i| !m.is_function_word(i)));
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
            SentenceKind::Prose
        })
        .collect()
}

/// Names of other languages. An answer that leads with one of them, or names them twice,
/// and never names Python, answers the question for that language: its shared vocabulary
/// ("`==` compares references", "interned strings") must not earn Python credit.
fn is_other_language(word: &str) -> bool {
    matches!(
        word,
        "javascript"
            | "js"
            | "typescript"
            | "java"
            | "ruby"
            | "golang"
            | "php"
            | "kotlin"
            | "scala"
            | "perl"
            | "csharp"
            | "c#"
            | "node.js"
            | "nodejs"
            | "ecmascript"
    )
}

fn is_python_word(word: &str) -> bool {
    matches!(
        word,
        "python" | "cpython" | "pythonic" | "pypi" | "pip" | "pep" | "pypy" | "python3"
    )
}

/// The other-language rule: evidence for it, if the answer is about another language.
fn other_language(m: &MatchedAnswer, lines: &LineIndex) -> Option<Evidence> {
    let toks = &m.tokenized.tokens;
    if toks.iter().any(|t| is_python_word(&t.text)) {
        return None;
    }
    let foreign: Vec<&super::normalize::Token> = toks
        .iter()
        .filter(|t| !t.in_code && is_other_language(&t.text))
        .collect();
    let first = foreign.first()?;
    if foreign.len() >= 2 || first.sentence < 2 {
        Some(lines.evidence(first.start, first.end))
    } else {
        None
    }
}

/// Whether a misconception's words are framed so the writer does not hold them: reported as
/// someone's belief ("people *think* args is a list"), or set against the truth ("slower
/// *compared to* languages compiled to machine code", "the GIL *prevents* true parallelism",
/// "the *pitfall* of using `is` for strings"). Such a word anywhere before the hit in its
/// sentence spares the penalty. Expert answers are full of these contrasts; a fluent wrong
/// answer states its error plainly.
fn framed_as_not_held(m: &MatchedAnswer, hit: &Hit) -> bool {
    let toks = &m.tokenized.tokens;
    let Some(&last) = hit.tokens.last() else {
        return false;
    };
    let sentence = toks[last].sentence;
    // Up to the hit's last word: in an `all` group the contrast may stand between parts
    // ("CPU-bound tasks, *preventing* true parallelism").
    let before = (0..last)
        .rev()
        .take_while(|&i| toks[i].sentence == sentence);
    before
        .filter(|i| !hit.tokens.contains(i))
        .map(|i| &toks[i])
        .any(|t| {
            super::normalize::is_negator(&t.text)
                || matches!(
                    t.text.as_str(),
                    "think"
                        | "thinks"
                        | "thought"
                        | "believe"
                        | "believes"
                        | "assume"
                        | "assumes"
                        | "myth"
                        | "misconception"
                        | "mistakenly"
                        | "wrongly"
                        | "claim"
                        | "claims"
                        | "mistake"
                        | "misbelief"
                        | "suppose"
                        | "supposedly"
                        | "fallacy"
                        | "pitfall"
                        | "trap"
                        | "unlike"
                        | "compared"
                        | "versus"
                        | "vs"
                        | "instead"
                        | "rather"
                        | "prevent"
                        | "prevents"
                        | "preventing"
                        | "prevented"
                        | "avoid"
                        | "avoids"
                        | "avoiding"
                        | "limit"
                        | "limits"
                        | "limited"
                        | "limiting"
                        | "incorrect"
                        | "wrong"
                        | "contrary"
                        | "than"
                )
        })
}

/// Consecutive content words (no glue word, no punctuation) that English prose hardly
/// ever strings together; keyword soups do ("try except else finally raise from ...").
const MAX_CONTENT_RUN: usize = 9;

/// Lists that carry a few glue words: "bare except, catch-all, raise from, chaining"
/// (many short comma items, little glue), or a soup of terms with glue pasted around it.
fn looks_like_a_list(
    m: &MatchedAnswer,
    range: std::ops::Range<usize>,
    words: usize,
    function_words: usize,
) -> bool {
    let toks = &m.tokenized.tokens;
    // One pass over the prose words (not code, not symbols), each compared with the one
    // before it: a new clause starts an item and breaks a run of content words.
    let mut items = 1;
    let mut run = 0;
    let mut longest = 0;
    let mut previous_clause = None;
    for i in range.filter(|&i| toks[i].kind == TokenKind::Word && !toks[i].in_code) {
        let clause = toks[i].clause;
        let glued = previous_clause == Some(clause);
        if previous_clause.is_some() && !glued {
            items += 1;
        }
        previous_clause = Some(clause);
        run = if m.is_function_word(i) {
            0
        } else if glued {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
    }
    let short_items = items >= 3 && 2 * words <= 5 * items && 4 * function_words < words;
    short_items || longest >= MAX_CONTENT_RUN
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

    // The hits of every target in one list, each target's a range of it.
    let mut all_hits: Vec<Hit> = Vec::with_capacity(256);
    let mut scratch = HitScratch::with_room();
    let mut found = |target| {
        let start = all_hits.len();
        m.hits_into(target, &mut all_hits, &mut scratch);
        start..all_hits.len()
    };
    let concept_ranges: Vec<_> = rubric.concepts.iter().map(|c| found(&c.target)).collect();
    let misconception_ranges: Vec<_> = rubric
        .misconceptions
        .iter()
        .map(|c| found(&c.target))
        .collect();
    let concept_hits: Vec<&[Hit]> = concept_ranges.into_iter().map(|r| &all_hits[r]).collect();
    let misconception_hits: Vec<&[Hit]> = misconception_ranges
        .into_iter()
        .map(|r| &all_hits[r])
        .collect();

    // Density counts concept hits only: a wrong statement must not hide itself (and its
    // penalty) by making its sentence look stuffed.
    let affirmative: Vec<(usize, &Hit)> = concept_hits
        .iter()
        .enumerate()
        .flat_map(|(i, hits)| hits.iter().filter(|h| !h.negated).map(move |h| (i, h)))
        .collect();
    let kinds = classify_sentences(&m, &affirmative);
    let counts = |h: &Hit| {
        kinds
            .get(h.sentence)
            .is_some_and(|k| *k != SentenceKind::TermList)
    };

    // Misconceptions first: a concept's words inside a wrong statement earn nothing.
    // Sorted before use; most answers hold no wrong statement, so this stays empty and free.
    let mut wrong_tokens: Vec<usize> = Vec::new();
    let mut misconceptions = Vec::new();
    for (mc, hits) in rubric.misconceptions.iter().zip(&misconception_hits) {
        // A wrong statement costs its penalty wherever it stands, in a list or in prose;
        // only a denial ("`is` does not compare values") or a contrast is spared.
        let held: Vec<&Hit> = hits
            .iter()
            .filter(|h| !h.negated && !framed_as_not_held(&m, h))
            .collect();
        wrong_tokens.extend(held.iter().flat_map(|h| h.tokens.iter().copied()));
        let mut evidence: Vec<Evidence> = held
            .iter()
            .take(MAX_EVIDENCE)
            .flat_map(|h| lines.hit(h))
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

    wrong_tokens.sort_unstable();
    wrong_tokens.dedup();

    let mut flags = Vec::new();
    let mut any_listed = false;
    let mut concepts = Vec::with_capacity(rubric.concepts.len());
    for (c, hits) in rubric.concepts.iter().zip(&concept_hits) {
        let mut evidence = Vec::new();
        let mut uncounted = Vec::new();
        let mut covered = false;
        for h in *hits {
            let reason = if h.negated {
                Some(Uncounted::Negated)
            } else if !counts(h) {
                Some(Uncounted::TermList)
            } else if h
                .tokens
                .iter()
                .any(|t| wrong_tokens.binary_search(t).is_ok())
            {
                Some(Uncounted::Misconception)
            } else {
                None
            };
            // Evidence is located only while it is kept: locating costs a scan of its line,
            // and a one-line answer of megabytes can hold hundreds of thousands of hits.
            match reason {
                None => {
                    covered = true;
                    if evidence.len() < MAX_EVIDENCE {
                        // Room for all that is kept at once, rather than growing twice.
                        if evidence.capacity() == 0 {
                            evidence.reserve_exact(MAX_EVIDENCE);
                        }
                        evidence.extend(lines.hit(h));
                    }
                }
                Some(reason) if uncounted.len() < MAX_EVIDENCE => {
                    if uncounted.capacity() == 0 {
                        uncounted.reserve_exact(MAX_EVIDENCE);
                    }
                    uncounted.extend(
                        lines
                            .hit(h)
                            .map(|evidence| UncountedEvidence { evidence, reason }),
                    );
                }
                Some(_) => {}
            }
        }
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

    if let Some(evidence) = other_language(&m, &lines) {
        misconceptions.push(MisconceptionGrade {
            id: OTHER_LANGUAGE_ID.into(),
            label: format!("answers for {}, not Python", evidence.text).into(),
            penalty: OTHER_LANGUAGE_PENALTY,
            correction:
                "The question is about Python; shared words such as `==` or \"interned\" mean \
                         something else there, so they earn no credit."
                    .into(),
            evidence: vec![evidence],
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::rubric;
    use crate::grade::{CompiledRubric, Glossary};

    const RUBRIC: &str = "question: q
concepts:
  - id: identity
    label: is tests identity
    weight: 2
    required: true
    hint: h
    terms: [same object, identity]
  - id: interning
    label: small ints are cached
    weight: 1
    hint: h
    terms: [interning, small integer cache]
  - id: dunder
    label: == calls __eq__
    weight: 1
    hint: h
    terms: [__eq__]
misconceptions:
  - id: is-values
    label: is compares values
    penalty: 30
    correction: c
    terms:
      - is compares values
      - all: [threads, true parallelism]
";

    fn graded(answer: &str) -> GradedAnswer {
        let loaded = rubric::load(std::path::Path::new("r.yaml"), RUBRIC);
        let compiled = CompiledRubric::new(loaded.valid().unwrap(), &Glossary::default()).unwrap();
        grade(&compiled, answer)
    }

    #[test]
    fn score_is_weighted_share_less_penalties() {
        let g = graded("The is operator checks that both names refer to the same object.");
        assert_eq!(g.score, 50.0);
        assert!(!g.pass);
        let g =
            graded("It checks identity, and is compares values too. Calls `__eq__` for equality.");
        assert_eq!(g.score, 45.0, "75 covered less 30");
        assert_eq!(&*g.misconceptions[0].id, "is-values");
    }

    #[test]
    fn required_concepts_gate_the_pass() {
        let g = graded(
            "Small integers are cached by interning, and == calls `__eq__` on the left object.",
        );
        assert!(g.score >= 50.0);
        assert!(!g.pass);
    }

    #[test]
    fn denied_or_contrasted_misconceptions_cost_nothing() {
        assert!(
            graded("Remember that is does not compare values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            graded("People often think that is compares values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            graded("The GIL limits threads, preventing true parallelism.")
                .misconceptions
                .is_empty()
        );
        assert_eq!(
            graded("With threads you get true parallelism.")
                .misconceptions
                .len(),
            1
        );
    }

    #[test]
    fn bare_lists_earn_nothing_and_say_why() {
        let g = graded("- identity\n- interning\n- __eq__ maybe\n");
        assert_eq!(g.score, 0.0);
        assert!(g.flags.contains(&AnswerFlag::TermList));
        let g = graded("identity, interning, same object, small integer cache, equality.");
        assert_eq!(g.score, 0.0);
    }

    #[test]
    fn words_of_a_wrong_statement_earn_nothing() {
        let g = graded("Remember that is compares values, which is why it is fast.");
        assert_eq!(g.misconceptions.len(), 1);
        assert_eq!(g.score, 0.0);
        let g = graded("It compares identity: the same object, never the values.");
        assert!(g.concepts[0].covered);
    }

    #[test]
    fn negated_concepts_are_contradictions() {
        let g = graded("The is operator does not check identity at all.");
        assert!(!g.concepts[0].covered);
        assert!(g.concepts[0].contradicted());
        assert!(g.flags.contains(&AnswerFlag::Contradiction));
    }

    #[test]
    fn other_languages_are_off_topic() {
        let g = graded("In Java, == on objects checks identity: both refer to the same object.");
        assert!(g.misconceptions.iter().any(|m| &*m.id == OTHER_LANGUAGE_ID));
        assert_eq!(g.score, 0.0, "50 covered less 50");
        let g = graded("Unlike Java, in Python the is operator checks identity.");
        assert!(g.misconceptions.is_empty());
    }

    #[test]
    fn empty_answers_score_zero() {
        let g = graded("");
        assert_eq!(g.score, 0.0);
        assert!(g.flags.contains(&AnswerFlag::Empty));
    }
}
