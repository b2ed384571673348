//! The rubric's words, compiled once, and the look-up of an answer word among them: the
//! same text, the same word family (Snowball stem), or a typo within a few edits.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::memo::{self, WordKey};
use crate::tokens::{Token, TokenKind};

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// One word of the vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct VocabWord {
    pub(crate) text: String,
    /// Snowball stem, for plain words that may be stemmed.
    pub(crate) stem: Option<String>,
    pub(crate) max_edits: usize,
    /// Only matches code (backticks, code blocks, identifiers).
    pub(crate) code_only: bool,
    pub(crate) first: char,
    pub(crate) len: usize,
    /// [`letter_set`] of `text` and of `stem`: most words new to the memo are compared
    /// with many vocabulary words, and these rule most pairs out before the edit distance.
    pub(crate) letters: u64,
    pub(crate) stem_letters: u64,
}

/// Compiled vocabulary with indexes for look-up.
#[derive(Debug)]
pub struct Vocabulary {
    pub(crate) vocab: Vec<VocabWord>,
    by_text: FastMap<String, Vec<u32>>,
    by_stem: FastMap<String, Vec<u32>>,
    fuzzy_by_first: HashMap<char, Vec<u32>>,
    known_words: HashSet<String, foldhash::fast::RandomState>,
    /// Names this vocabulary's part of the per-thread look-up memo.
    pub(crate) memo_key: u64,
    /// Ids below this are words of the concepts' terms (and their subjects); the rest were
    /// first met in misconceptions' terms. What a misconception words must not change how
    /// an answer's notes read: a link of a chain made of its words still says something.
    pub(crate) concept_words: u32,
}

/// Stems remembered per thread, over all rubrics; emptied when full.
const MAX_STEMS: usize = 1 << 15;

/// Longest word whose stem is remembered, in bytes: a hostile answer's megabyte-long
/// "words" are stemmed each time instead, so the memo stays small.
const MAX_STEMMED_WORD_BYTES: usize = 64;

/// The Snowball English stem of `word`. Remembered per thread: a word new to one
/// rubric's memo is often known to another's (each rubric looks its words up apart), and
/// the stemmer cost about 2,700 instructions a word, several times a look-up in a map.
pub(crate) fn stem_of(word: &str) -> String {
    type Stems = (Stemmer, FastMap<Box<str>, Box<str>>);
    thread_local! {
        static STEMS: RefCell<Stems> =
            RefCell::new((Stemmer::create(Algorithm::English), FastMap::default()));
    }
    STEMS.with(|stems| {
        let Ok(mut stems) = stems.try_borrow_mut() else {
            return Stemmer::create(Algorithm::English).stem(word).into_owned();
        };
        let (stemmer, known) = &mut *stems;
        if word.len() > MAX_STEMMED_WORD_BYTES {
            return stemmer.stem(word).into_owned();
        }
        if let Some(stem) = known.get(word) {
            return stem.to_string();
        }
        let stem = stemmer.stem(word).into_owned();
        if known.len() >= MAX_STEMS {
            known.clear();
        }
        known.insert(word.into(), stem.as_str().into());
        stem
    })
}

/// Edits allowed for a word of `len` characters: none up to 3, one up to 7, two beyond.
pub fn max_edits_for(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Letters only, outside code: the words that are stemmed and typo-tolerant.
pub(crate) fn is_plain_word(tok: &Token) -> bool {
    is_plain(WordKey::of(tok))
}

fn is_plain(word: WordKey) -> bool {
    word.kind == TokenKind::Word && word.text.chars().all(char::is_alphabetic)
}

/// Endings that change a word's form but not its meaning. Snowball also strips endings
/// such as "-al" ("internal" -> "intern"), which change the meaning; those do not count.
const INFLECTIONS: &[&str] = &[
    "", "s", "es", "ed", "d", "ing", "er", "ers", "e", "ly", "able", "ability", "ible", "ibility",
    "ion", "ions", "ation", "ations", "ment", "ments", "ness", "ity", "ities", "y", "ies", "ied",
    "ingly", "edly",
];

/// Whether two words sharing `stem` differ only by inflection.
fn same_word_family(stem: &str, a: &str, b: &str) -> bool {
    let ending = |w: &str| {
        w.strip_prefix(stem).map(|rest| {
            // "debug" + "ging": an ending after a doubled final consonant.
            let undoubled = match (stem.chars().last(), rest.chars().next()) {
                (Some(l), Some(f)) if l == f && rest.len() > 1 => &rest[f.len_utf8()..],
                _ => rest,
            };
            INFLECTIONS.contains(&rest) || INFLECTIONS.contains(&undoubled)
        })
    };
    // When the stemmer rewrote letters ("copies" -> "copi"), trust it.
    ending(a).unwrap_or(true) && ending(b).unwrap_or(true)
}

/// The characters a word has, as bits: character `c` sets bit `c % 64`.
pub(crate) fn letter_set(word: &str) -> u64 {
    word.chars().fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// Whether two words with these [`letter_set`]s may be within `max` edits: a necessary
/// condition, cheap enough to ask of every candidate before [`within_edits`]. An insertion
/// or a deletion changes the characters a word has by at most one, a substitution by at
/// most two (one gone, one new), a swap of neighbours not at all; and folding characters
/// into 64 bits can only hide a difference, never make one. So words `max` edits apart
/// differ in at most `2 * max` bits.
fn may_be_within(a: u64, b: u64, max: usize) -> bool {
    (a ^ b).count_ones() as usize <= 2 * max
}

/// Optimal string alignment distance within `max`. Only words new to a thread's memo
/// come here, after [`may_be_within`] has ruled most pairs out.
fn within_edits(a: &str, b: &str, max: usize) -> bool {
    strsim::osa_distance(a, b) <= max
}

impl Vocabulary {
    /// The vocabulary ids `word` is, appended to `out`. Reads nothing of the token but its
    /// [`WordKey`], which is what keeps the memo of [`Vocabulary::ids`] right.
    fn lookup(&self, tok: WordKey, out: &mut Vec<u32>) {
        let push = |id: u32, out: &mut Vec<u32>| {
            let w = &self.vocab[id as usize];
            if w.code_only && !tok.in_code {
                return;
            }
            if !out.contains(&id) {
                out.push(id);
            }
        };
        if let Some(ids) = self.by_text.get(tok.text) {
            ids.iter().for_each(|&id| push(id, out));
        }
        // A term `id` also matches the call `id()` and the reverse.
        if let Some(bare) = tok.text.strip_suffix("()") {
            if let Some(ids) = self.by_text.get(bare) {
                ids.iter().for_each(|&id| push(id, out));
            }
        } else if tok.kind != TokenKind::Word || tok.in_code {
            let call = format!("{}()", tok.text);
            if let Some(ids) = self.by_text.get(&call) {
                ids.iter().for_each(|&id| push(id, out));
            }
        }
        // `my_list.append(4)` also says `append()`: the method is the last dotted part.
        if tok.kind == TokenKind::Code {
            if let Some((_, method)) = tok.text.rsplit_once('.') {
                for key in [method, method.strip_suffix("()").unwrap_or(method)] {
                    if let Some(ids) = self.by_text.get(key) {
                        ids.iter().for_each(|&id| push(id, out));
                    }
                }
            }
        }
        if !is_plain(tok) {
            return;
        }
        let stem = stem_of(tok.text);
        if let Some(ids) = self.by_stem.get(&stem) {
            ids.iter()
                .filter(|&&id| same_word_family(&stem, tok.text, &self.vocab[id as usize].text))
                .for_each(|&id| push(id, out));
        }
        self.typos(tok, &stem, out);
    }

    /// The vocabulary words `tok` is a typo of, appended to `out` (a word already there is
    /// not added again).
    fn typos(&self, tok: WordKey, stem: &str, out: &mut Vec<u32>) {
        let len = tok.text.chars().count();
        if len < 4 {
            return;
        }
        let Some(first) = tok.text.chars().next() else {
            return;
        };
        // A word the bank itself uses ("functions", "directly") is a real word, not a typo
        // of a nearby term ("functools", "directory").
        if self.known_words.contains(tok.text) || crate::lexicon::is_common_word(tok.text) {
            return;
        }
        let Some(ids) = self.fuzzy_by_first.get(&first) else {
            return;
        };
        let letters = letter_set(tok.text);
        let stem_letters = letter_set(stem);
        // The same for every candidate: asked once.
        let inflected = same_word_family(stem, tok.text, tok.text);
        for &id in ids {
            let w = &self.vocab[id as usize];
            if w.len.abs_diff(len) > w.max_edits || out.contains(&id) {
                continue;
            }
            // A typo in an inflected form ("intrened" for "intern") is caught on stems,
            // for stems long enough that one edit does not reach another word.
            let close = (may_be_within(letters, w.letters, w.max_edits)
                && within_edits(tok.text, &w.text, w.max_edits))
                || w.stem.as_deref().is_some_and(|ws| {
                    let n = ws.chars().count();
                    let max = max_edits_for(n);
                    n >= 5
                        && ws != stem
                        && inflected
                        && may_be_within(stem_letters, w.stem_letters, max)
                        && within_edits(stem, ws, max)
                });
            // A word of the vocabulary that only matches code is not matched outside it.
            if close && (tok.in_code || !w.code_only) {
                out.push(id);
            }
        }
    }

    /// The vocabulary ids of `tok`, appended to `out`, through this thread's memo; returns
    /// the word's flags.
    pub(crate) fn ids(
        &self,
        memo: &mut memo::Memo,
        tok: &Token,
        out: &mut Vec<u32>,
    ) -> memo::WordFlags {
        memo.ids_of(
            WordKey::of(tok),
            |word| {
                let mut ids = Vec::new();
                self.lookup(word, &mut ids);
                ids
            },
            out,
        )
    }

    /// A vocabulary of `vocab`, indexed for look-up.
    pub(crate) fn new(
        vocab: Vec<VocabWord>,
        known_words: &HashSet<String>,
        concept_words: u32,
    ) -> Self {
        let mut by_text: FastMap<String, Vec<u32>> = FastMap::default();
        let mut by_stem: FastMap<String, Vec<u32>> = FastMap::default();
        let mut fuzzy_by_first: HashMap<char, Vec<u32>> = HashMap::new();
        for (id, w) in vocab.iter().enumerate() {
            let id = id as u32;
            by_text.entry(w.text.clone()).or_default().push(id);
            if let Some(stem) = &w.stem {
                by_stem.entry(stem.clone()).or_default().push(id);
            }
            if w.max_edits > 0 {
                fuzzy_by_first.entry(w.first).or_default().push(id);
            }
        }
        Vocabulary {
            vocab,
            by_text,
            by_stem,
            fuzzy_by_first,
            known_words: known_words.iter().cloned().collect(),
            memo_key: memo::vocabulary_key(),
            concept_words,
        }
    }

    /// How many words the vocabulary has.
    pub(crate) fn len(&self) -> usize {
        self.vocab.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The letter-set test never rules out a pair within the edits asked.
        #[test]
        fn letter_sets_never_rule_out_a_close_pair(
            a in "[a-fé_]{0,10}",
            b in "[a-fé_]{0,10}",
            max in 0usize..4,
        ) {
            if within_edits(&a, &b, max) {
                proptest::prop_assert!(may_be_within(letter_set(&a), letter_set(&b), max));
            }
        }
    }

    #[test]
    fn letter_sets_rule_out_words_apart() {
        assert!(!may_be_within(letter_set("tuple"), letter_set("mirror"), 2));
        assert!(may_be_within(letter_set("tuple"), letter_set("tupel"), 1));
        assert!(may_be_within(
            letter_set("interned"),
            letter_set("intrened"),
            1
        ));
    }
}
