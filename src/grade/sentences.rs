//! How each sentence reads: prose, code, or a list of terms. Evidence in a list of terms is
//! reported but not counted (see docs/grading.md, "Which matches count").

use super::evidence::Hit;
use super::index::AnswerIndex;
use crate::tokens::TokenKind;

/// Share of function words below which a sentence reads as a list of terms. English prose
/// runs at 40-50%, terse answers at 15-25%; "def -> function object -> closure" at 0-10%.
const MIN_FUNCTION_WORD_SHARE: f64 = 0.12;
/// Share of a sentence's words that may be rubric evidence before it reads as stuffing.
const STUFFING_DENSITY: f64 = 0.7;
/// Distinct concepts a stuffed sentence must hit before density is held against it.
const STUFFING_MIN_CONCEPTS: usize = 4;

/// How a sentence reads, which decides whether evidence in it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SentenceKind {
    Prose,
    Code,
    TermList,
}

pub(crate) fn classify_sentences(
    m: &AnswerIndex,
    counted_hits: &[(usize, &Hit)],
) -> Vec<SentenceKind> {
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

/// Consecutive content words (no glue word, no punctuation) that English prose hardly
/// ever strings together; keyword soups do ("try except else finally raise from ...").
const MAX_CONTENT_RUN: usize = 9;

/// Lists that carry a few glue words: "bare except, catch-all, raise from, chaining"
/// (many short comma items, little glue), or a soup of terms with glue pasted around it.
fn looks_like_a_list(
    m: &AnswerIndex,
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
