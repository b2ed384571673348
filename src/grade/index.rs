//! An answer indexed against one rubric's vocabulary: which vocabulary words each token
//! is, where each word occurs, and the facts per token that every kind of evidence reads
//! (sentence, clause, negation). Built once per answer; every evidence kind searches it.

use std::ops::Range;

use super::memo;
use super::vocabulary::Vocabulary;
use crate::lexicon::{is_negation_idiom, stops_negation, turns_meaning};
use crate::tokens::{Tokenized, tokenize};

/// A negation word this many words before a match (same clause) contradicts it.
pub const NEGATION_WINDOW: usize = 3;

/// Words of a bracketed aside a phrase may step over between two of its words, beside its
/// slack (see [`AnswerIndex::next_word`]).
pub const ASIDE_WORDS: usize = 6;

/// One token's facts, as matching reads them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenFacts {
    /// Where the token's ids end in `token_words`; they start where the previous token's end.
    pub(crate) ids_end: usize,
    pub(crate) sentence: u32,
    pub(crate) clause: u32,
    /// [`is_negator`](crate::lexicon::is_negator)
    pub(crate) negator: bool,
    /// [`is_function_word`](crate::lexicon::is_function_word): sentence classification
    /// asks this of every word several times.
    pub(crate) function_word: bool,
}

/// Where token `i`'s vocabulary ids stand in `token_words`: they start where the previous
/// token's end.
fn ids_range(facts: &[TokenFacts], i: usize) -> Range<usize> {
    i.checked_sub(1).map_or(0, |p| facts[p].ids_end)..facts[i].ids_end
}

/// An answer indexed against a vocabulary: which vocabulary words each token is.
pub struct AnswerIndex<'a> {
    pub text: &'a str,
    pub tokenized: Tokenized,
    /// Vocabulary ids of every token, one after another (most tokens have none).
    pub(crate) token_words: Vec<u32>,
    /// Per token, what every phrase and negation check reads (see [`TokenFacts`]), in
    /// one compact array: in a long answer, reaching into each `Token` for these missed the
    /// cache, and one array of them is one push per token where an array per fact was five.
    pub(crate) facts: Vec<TokenFacts>,
    /// Negation words among the tokens before each: `negators_before[i]` counts them in
    /// `..i` (one more entry than tokens). Most hits have none in or just before them, and
    /// this says so in two reads instead of a walk over each.
    negators_before: Vec<u32>,
    /// Token indices per vocabulary id, one list after another: the list of id `w` is
    /// `posting_tokens[posting_starts[w]..posting_starts[w + 1]]`. Two flat arrays, where a
    /// `Vec` per vocabulary word cost an allocation per word the answer used.
    posting_starts: Vec<usize>,
    posting_tokens: Vec<usize>,
    /// One bit per vocabulary id: whether the answer uses the word. Most phrases have a
    /// word the answer never uses, and this answers for them from one cache line or two.
    present: Vec<u64>,
    /// Every sentence has, just before and just after it, the answer's edge or an ASCII
    /// character that is no part of a word (see [`MatchedAnswer::pattern_hits`]).
    pub(crate) plain_sentence_edges: bool,
    /// The vocabulary's `concept_words`: ids below it are words of the concepts.
    concept_words: u32,
}

impl Vocabulary {
    /// Tokenizes `text` and looks every distinct token up once per thread (see
    /// [`memo`](super::memo)).
    pub fn index<'a>(&self, text: &'a str) -> AnswerIndex<'a> {
        let tokenized = tokenize(text);
        let mut facts = Vec::with_capacity(tokenized.tokens.len());
        let mut negators_before = Vec::with_capacity(tokenized.tokens.len() + 1);
        negators_before.push(0u32);
        // Most tokens have no vocabulary id, a few have one or more: room for one each.
        let mut token_words = Vec::with_capacity(tokenized.tokens.len());
        memo::with(self.memo_key, |memo| {
            let mut negators_seen = 0;
            for (i, tok) in tokenized.tokens.iter().enumerate() {
                let flags = self.ids(memo, tok, &mut token_words);
                // An idiom ("no matter how", "nothing but") negates nothing: not a negator
                // for any rule that counts them.
                let negator = flags.negator
                    && !is_negation_idiom(
                        &tok.text,
                        tokenized.tokens.get(i + 1).map(|t| t.text.as_str()),
                    );
                facts.push(TokenFacts {
                    ids_end: token_words.len(),
                    sentence: tok.sentence,
                    clause: tok.clause,
                    negator,
                    function_word: flags.function_word,
                });
                negators_seen += u32::from(negator);
                negators_before.push(negators_seen);
            }
        });
        let (posting_starts, posting_tokens) = postings(self.len(), &token_words, &facts);
        let mut present = vec![0u64; self.len().div_ceil(64)];
        for &id in &token_words {
            present[id as usize / 64] |= 1 << (id % 64);
        }
        let plain_sentence_edges = tokenized.sentences.iter().all(|s| {
            let outside_word = |b: Option<&u8>| {
                b.is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'_')
            };
            let bytes = text.as_bytes();
            outside_word(s.start.checked_sub(1).and_then(|i| bytes.get(i)))
                && outside_word(bytes.get(s.end))
        });
        AnswerIndex {
            text,
            tokenized,
            token_words,
            facts,
            negators_before,
            posting_starts,
            posting_tokens,
            present,
            plain_sentence_edges,
            concept_words: self.concept_words,
        }
    }
}

/// The token indices of every vocabulary id, in token order, as flat arrays (see
/// [`MatchedAnswer`]): counted, then filled from the back so each list ends up sorted.
fn postings(
    vocab_len: usize,
    token_words: &[u32],
    facts: &[TokenFacts],
) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0usize; vocab_len + 1];
    for &id in token_words {
        starts[id as usize + 1] += 1;
    }
    for w in 1..starts.len() {
        starts[w] += starts[w - 1];
    }
    // `ends[w]` is where id `w`'s list ends; filling backwards leaves it at its start.
    let mut ends = starts[1..].to_vec();
    let mut tokens = vec![0usize; token_words.len()];
    for i in (0..facts.len()).rev() {
        for &id in &token_words[ids_range(facts, i)] {
            ends[id as usize] -= 1;
            tokens[ends[id as usize]] = i;
        }
    }
    (starts, tokens)
}

impl AnswerIndex<'_> {
    /// Whether token `i` is a function word
    /// ([`is_function_word`](crate::lexicon::is_function_word) of its text).
    pub fn is_function_word(&self, i: usize) -> bool {
        self.facts[i].function_word
    }

    /// Indices of the tokens that are vocabulary word `word`, in order.
    pub(crate) fn places(&self, word: u32) -> &[usize] {
        let w = word as usize;
        &self.posting_tokens[self.posting_starts[w]..self.posting_starts[w + 1]]
    }

    /// Whether token `i` is a word of some concept's terms: a word only misconceptions use
    /// is a plain word here.
    pub(crate) fn is_concept_word(&self, i: usize) -> bool {
        self.token_words[ids_range(&self.facts, i)]
            .iter()
            .any(|&w| w < self.concept_words)
    }

    /// The vocabulary words token `i` is (its text, its word family, a typo of it).
    pub(crate) fn word_ids(&self, i: usize) -> &[u32] {
        &self.token_words[ids_range(&self.facts, i)]
    }

    pub(crate) fn token_is(&self, i: usize, word: u32) -> bool {
        self.token_words[ids_range(&self.facts, i)].contains(&word)
    }

    /// How many negation words stand among the tokens of `range`.
    fn negators_in(&self, range: Range<usize>) -> u32 {
        self.negators_before[range.end] - self.negators_before[range.start]
    }

    /// Whether a negation word stands among the tokens `start..end`.
    pub(crate) fn negators_between(&self, start: usize, end: usize) -> bool {
        let end = end.min(self.negators_before.len() - 1);
        start < end && self.negators_in(start..end) > 0
    }

    /// Whether a negation word contradicts a match on `tokens` (sorted indices).
    pub(crate) fn negated(&self, tokens: &[usize]) -> bool {
        let (first, last) = (tokens[0], tokens[tokens.len() - 1]);
        let window = first.saturating_sub(NEGATION_WINDOW);
        if self.negators_in(window..last + 1) == 0 {
            return false;
        }
        let inside = (first..=last).any(|i| self.facts[i].negator && !tokens.contains(&i));
        if inside {
            return true;
        }
        let toks = &self.tokenized.tokens;
        let clause = self.facts[first].clause;
        // "tuples are not (really) immutable" negates; "you do not know how many arguments"
        // negates "know", not "how many arguments": a verb that takes the negation for
        // itself ends its reach.
        (first.saturating_sub(NEGATION_WINDOW)..first).any(|i| {
            self.facts[i].negator
                && self.facts[i].clause == clause
                && !(i + 1..first).any(|j| stops_negation(&toks[j].text))
        })
    }

    /// The token after `cur` that is vocabulary word `word`, within the phrase's slack:
    /// in the same sentence, and in the same clause unless it follows at once ("extra bit,
    /// calls" is not "extra call"). Words of another clause cost no slack, up to
    /// [`ASIDE_WORDS`] of them: the phrase goes on after a bracketed aside ("wraps (or
    /// decorates) a function"), whose words the tokenizer gives a clause of their own.
    pub(crate) fn next_word(&self, cur: usize, word: u32, slack: usize) -> Option<usize> {
        let TokenFacts {
            sentence, clause, ..
        } = self.facts[cur];
        let (mut slack_left, mut aside_left) = (slack, self.aside_words());
        for j in cur + 1..self.facts.len() {
            let facts = self.facts[j];
            if facts.sentence != sentence {
                return None;
            }
            // Slack never skips a word that turns the phrase round: "in reverse order" is
            // not `in order`, "first in last out" not `first in ... first out`.
            if j > cur + 1 && turns_meaning(&self.tokenized.tokens[j - 1].text) {
                return None;
            }
            let same_clause = facts.clause == clause;
            if (j == cur + 1 || same_clause) && self.token_is(j, word) {
                return Some(j);
            }
            let left = if same_clause {
                &mut slack_left
            } else {
                &mut aside_left
            };
            if *left == 0 {
                return None;
            }
            *left -= 1;
        }
        None
    }

    /// Words of another clause a phrase may step over between two of its words: an aside's,
    /// where the answer has one. Without, a clause never comes back, and stepping into
    /// another one could only fail.
    pub(crate) fn aside_words(&self) -> usize {
        if self.tokenized.has_asides {
            ASIDE_WORDS
        } else {
            0
        }
    }

    pub(crate) fn is_present(&self, word: u32) -> bool {
        self.present[word as usize / 64] & (1 << (word % 64)) != 0
    }

    /// The column of a Markdown table that byte `at` stands in: the `|` before it on its
    /// line. Asked only of table rows and headers, which are few.
    pub(crate) fn table_column(&self, at: usize) -> usize {
        let before = &self.text.as_bytes()[..at];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
        memchr::memchr_iter(b'|', &before[line_start..]).count()
    }

    pub(crate) fn first_token_at(&self, byte: usize) -> usize {
        self.tokenized.tokens.partition_point(|t| t.end <= byte)
    }
}
