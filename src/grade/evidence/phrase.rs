//! Phrases: words in order, with a little slack between them, inside one sentence and
//! (past the first word) one clause. The plain terms of a rubric, and each part of an
//! all-group, are sets of phrases: the term itself, its glossary variants and its
//! run-together spelling.

use smallvec::SmallVec;

use super::{EvidenceKind, Hit, Scratch};
use crate::grade::index::AnswerIndex;
use crate::tokens::TokenKind;

/// A phrase compiled to vocabulary ids.
#[derive(Debug, Clone)]
pub struct Phrase {
    /// Inline: every answer checks every phrase's words, and a list of its own per phrase,
    /// somewhere on the heap, made that check wait on memory.
    pub(crate) words: SmallVec<[u32; 4]>,
    pub(crate) slack: usize,
    /// The phrase itself says "not"/"cannot": a negation inside it is its meaning.
    pub(crate) negates_itself: bool,
}

/// Phrases matched together: every phrase of a run of plain terms, or of one all-group
/// part. The first word of each is kept apart: every answer asks it of every phrase, and
/// most phrases end there.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    pub(crate) phrases: Vec<Phrase>,
    first_words: Vec<u32>,
}

impl PhraseSet {
    pub fn push(&mut self, phrase: Phrase) {
        self.first_words.push(phrase.words[0]);
        self.phrases.push(phrase);
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Whether some phrase of the set has every word in the answer.
    pub(crate) fn could_match(&self, answer: &AnswerIndex) -> bool {
        self.phrases
            .iter()
            .any(|p| p.words.iter().all(|&w| answer.is_present(w)))
    }

    /// The hits of every phrase of the set, appended to `out`.
    pub(crate) fn hits(&self, answer: &AnswerIndex, matched: &mut Vec<usize>, out: &mut Vec<Hit>) {
        for (phrase, &first) in self.phrases.iter().zip(&self.first_words) {
            if answer.is_present(first) {
                phrase_hits(answer, phrase, matched, out);
            }
        }
    }
}

impl EvidenceKind for PhraseSet {
    fn find(&self, answer: &AnswerIndex, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        self.hits(answer, &mut scratch.matched, out);
    }
}

/// The places `phrase` matches, appended to `out`. `matched` is scratch space, passed in
/// so that one buffer serves every phrase of a target.
// Not inlined: inlined into its callers it made every call of theirs (several hundred
// per answer, most for phrases that do not match) save and load dozens of registers
// (-3.8% instructions per answer, callgrind).
#[inline(never)]
fn phrase_hits(
    answer: &AnswerIndex,
    phrase: &Phrase,
    matched: &mut Vec<usize>,
    out: &mut Vec<Hit>,
) {
    // A phrase with a word the answer never uses cannot match: skip walking the
    // (often long) list of places where its first word occurs.
    if !phrase.words[1..].iter().all(|&w| answer.is_present(w)) {
        return;
    }
    let toks = &answer.tokenized.tokens;
    // Where the second word occurs, read alongside the starts: most starts are not
    // followed by it within the slack, and this tells so from the short list of its
    // places instead of from the tokens near each start, which in a long answer are
    // all over memory. (Only a necessary condition: the walk below still decides.)
    let seconds = phrase.words.get(1).map_or(&[][..], |&w| answer.places(w));
    let mut next_second = 0;
    let aside_words = answer.aside_words();
    'starts: for &start in answer.places(phrase.words[0]) {
        if phrase.words.len() > 1 {
            while seconds.get(next_second).is_some_and(|&p| p <= start) {
                next_second += 1;
            }
            if seconds
                .get(next_second)
                .is_none_or(|&p| p > (start + 1).saturating_add(phrase.slack + aside_words))
            {
                continue;
            }
        }
        matched.clear();
        matched.push(start);
        let mut cur = start;
        for &word in &phrase.words[1..] {
            match answer.next_word(cur, word, phrase.slack) {
                Some(j) => {
                    matched.push(j);
                    cur = j;
                }
                None => continue 'starts,
            }
        }
        let negated = !phrase.negates_itself && answer.negated(matched);
        // Brackets and dots are no words: `help()` is one name.
        let words = matched
            .iter()
            .filter(|&&j| toks[j].kind != TokenKind::Symbol)
            .count();
        out.push(Hit {
            spans: SmallVec::from_slice(&[(toks[start].start, toks[cur].end)]),
            tokens: SmallVec::from_slice(matched),
            sentence: answer.facts[start].sentence as usize,
            negated,
            ties: words >= 2,
        });
    }
}
