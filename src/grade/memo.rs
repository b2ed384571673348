//! A per-thread memo of vocabulary look-ups that outlives one answer.
//!
//! Looking an answer word up in a rubric's vocabulary (exact, stem, then typo distance to
//! every candidate) costs far more than reading the word, and a batch of answers to one
//! question repeats the same words thousands of times. Each worker thread remembers the ids
//! it found per (vocabulary, [`WordKey`]), so a word is looked up once per thread, not once
//! per answer.
//!
//! Each vocabulary has a table of its own, chosen once per answer. Every token of every
//! answer is probed: in one table shared by all vocabularies, the words of the question
//! being graded lay scattered among tens of thousands of others, and every key carried its
//! vocabulary. One question's words alone make a table several times smaller, which stays
//! closer to the processor while a batch grades that question's answers (about 2% less CPU
//! for a cohort, docs/performance.md).
//!
//! The key is safe by construction: [`Vocabulary::lookup`](super::vocabulary::Vocabulary)
//! receives a [`WordKey`], never a token, so a look-up rule that wants another fact of the
//! token has to add it to `WordKey`, and the memo's key grows with it. A rule cannot read
//! what the key leaves out and silently get another word's answer.
//!
//! The memo is bounded ([`MAX_WORDS`] per thread over all its tables, all emptied when
//! full), so memory stays flat however many answers a batch holds, including answers full
//! of one-off typos.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::{Equivalent, HashMap};
use smallvec::SmallVec;

use crate::lexicon::{is_function_word, is_negator};
use crate::tokens::{Token, TokenKind, TokenText};

/// Words remembered per thread, over all vocabularies: about 10 MiB when full. A batch
/// that answers every question of the built-in bank meets about 72,000 (question, word)
/// pairs, typos included; at the old bound of 32,768 the memo was emptied again and again
/// and a quarter of the CPU went to looking the same words up anew (docs/performance.md).
const MAX_WORDS: usize = 1 << 17;

/// Vocabularies with a table per thread. A batch uses one per question; only a process
/// that compiles rubrics again and again (tests, `eval`) comes near it, and then the
/// tables of vocabularies long gone are dropped with the rest.
const MAX_VOCABULARIES: usize = 1024;

/// Longest word remembered, in bytes. Real words are far shorter; a hostile answer's
/// megabyte-long "word" is looked up each time instead, so the memo stays small.
const MAX_WORD_BYTES: usize = 64;

static NEXT_VOCABULARY: AtomicU64 = AtomicU64::new(0);

/// A number no other vocabulary of this process has, naming its part of the memo.
pub fn vocabulary_key() -> u64 {
    NEXT_VOCABULARY.fetch_add(1, Ordering::Relaxed)
}

/// Everything a vocabulary look-up may read of a token, and so the memo's key.
#[derive(Debug, Clone, Copy)]
pub struct WordKey<'a> {
    pub text: &'a str,
    /// Written in backticks or a code block.
    pub in_code: bool,
    pub kind: TokenKind,
}

impl<'a> WordKey<'a> {
    /// The one way a key is made from a token.
    pub fn of(token: &'a Token) -> Self {
        WordKey {
            text: &token.text,
            in_code: token.in_code,
            kind: token.kind,
        }
    }
}

/// What a word is, whatever the vocabulary: asked of every token, and remembered with its
/// ids rather than worked out again from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFlags {
    pub negator: bool,
    pub function_word: bool,
}

impl WordFlags {
    pub fn of(text: &str) -> Self {
        WordFlags {
            negator: is_negator(text),
            function_word: is_function_word(text),
        }
    }
}

/// A [`WordKey`] with its own text, as a vocabulary's table stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct StoredKey {
    text: TokenText,
    in_code: bool,
    kind: TokenKind,
}

/// A key as asked: compared with stored keys without copying its text.
struct Probe<'a> {
    word: WordKey<'a>,
}

/// One hash of every part of a key: the text's bytes, then the rest packed in one byte
/// (a write per part cost a tenth of grading). The vocabulary is not part of it: each has
/// a table of its own.
fn hash_parts<H: Hasher>(state: &mut H, text: &str, in_code: bool, kind: u8) {
    state.write(text.as_bytes());
    state.write_u8(u8::from(in_code) << 4 | kind);
}

fn kind_number(kind: TokenKind) -> u8 {
    match kind {
        TokenKind::Word => 0,
        TokenKind::Code => 1,
        TokenKind::Symbol => 2,
    }
}

impl Hash for StoredKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(state, &self.text, self.in_code, kind_number(self.kind));
    }
}

impl Hash for Probe<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_parts(
            state,
            self.word.text,
            self.word.in_code,
            kind_number(self.word.kind),
        );
    }
}

impl Equivalent<StoredKey> for Probe<'_> {
    fn equivalent(&self, key: &StoredKey) -> bool {
        self.word.in_code == key.in_code
            && self.word.kind == key.kind
            && self.word.text == key.text.as_str()
    }
}

struct Remembered {
    ids: SmallVec<[u32; 2]>,
    flags: WordFlags,
}

type Table = HashMap<StoredKey, Remembered, foldhash::fast::FixedState>;

/// A thread's tables, one per vocabulary, and how many words they hold together.
#[derive(Default)]
struct Tables {
    /// By vocabulary key; found by a walk once per answer (a batch grades a few dozen
    /// questions at most).
    by_vocabulary: Vec<(u64, Table)>,
    words: usize,
}

impl Tables {
    /// The index of `vocabulary`'s table, made if it has none.
    fn index_of(&mut self, vocabulary: u64) -> usize {
        if let Some(at) = self
            .by_vocabulary
            .iter()
            .position(|(v, _)| *v == vocabulary)
        {
            return at;
        }
        if self.by_vocabulary.len() >= MAX_VOCABULARIES {
            *self = Tables::default();
        }
        self.by_vocabulary.push((vocabulary, Table::default()));
        self.by_vocabulary.len() - 1
    }

    /// Forgets every word, keeping the tables' places: `at` stays valid.
    fn empty(&mut self) {
        for (_, table) in &mut self.by_vocabulary {
            // A new table rather than `clear`, which would keep each one's room.
            *table = Table::default();
        }
        self.words = 0;
    }
}

thread_local! {
    static MEMO: RefCell<Tables> = RefCell::new(Tables::default());
}

/// This thread's memo of one vocabulary, for the words of one answer.
pub struct Memo<'m> {
    /// `None` only for a re-entrant call, which works without a memo.
    tables: Option<&'m mut Tables>,
    /// The vocabulary's table in `tables`.
    at: usize,
}

impl Memo<'_> {
    /// Appends the vocabulary ids of `word` to `out`, computed by `look_up` the first time
    /// this thread meets the word in this memo's vocabulary, and returns the word's flags.
    pub fn ids_of(
        &mut self,
        word: WordKey,
        look_up: impl FnOnce(WordKey) -> Vec<u32>,
        out: &mut Vec<u32>,
    ) -> WordFlags {
        let Some(tables) = self.tables.as_deref_mut() else {
            out.extend(look_up(word));
            return WordFlags::of(word.text);
        };
        if word.text.len() > MAX_WORD_BYTES {
            out.extend(look_up(word));
            return WordFlags::of(word.text);
        }
        let probe = Probe { word };
        if let Some(known) = tables.by_vocabulary[self.at].1.get(&probe) {
            out.extend_from_slice(&known.ids);
            return known.flags;
        }
        let ids = look_up(word);
        let flags = WordFlags::of(word.text);
        out.extend_from_slice(&ids);
        if tables.words >= MAX_WORDS {
            tables.empty();
        }
        tables.words += 1;
        tables.by_vocabulary[self.at].1.insert(
            StoredKey {
                text: word.text.into(),
                in_code: word.in_code,
                kind: word.kind,
            },
            Remembered {
                ids: ids.into(),
                flags,
            },
        );
        flags
    }
}

/// Runs `f` with this thread's memo of vocabulary `vocabulary` (a [`vocabulary_key`]):
/// taken once per answer, not once per word.
pub fn with<R>(vocabulary: u64, f: impl FnOnce(&mut Memo) -> R) -> R {
    MEMO.with(|memo| match memo.try_borrow_mut() {
        Ok(mut tables) => {
            let at = tables.index_of(vocabulary);
            f(&mut Memo {
                tables: Some(&mut tables),
                at,
            })
        }
        Err(_) => f(&mut Memo {
            tables: None,
            at: 0,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str, in_code: bool) -> WordKey<'_> {
        WordKey {
            text,
            in_code,
            kind: TokenKind::Word,
        }
    }

    #[test]
    fn remembers_per_vocabulary_and_kind() {
        let v = vocabulary_key();
        let mut calls = 0;
        let mut out = Vec::new();
        for _ in 0..3 {
            with(v, |memo| {
                memo.ids_of(
                    key("gil", false),
                    |_| {
                        calls += 1;
                        vec![7]
                    },
                    &mut out,
                )
            });
        }
        assert_eq!(calls, 1);
        assert_eq!(out, [7, 7, 7]);
        // The same text in code is another key.
        out.clear();
        with(v, |memo| {
            memo.ids_of(key("gil", true), |_| vec![8], &mut out)
        });
        assert_eq!(out, [8]);
        // And another vocabulary is another memo.
        out.clear();
        with(vocabulary_key(), |memo| {
            memo.ids_of(key("gil", false), |_| vec![9], &mut out)
        });
        assert_eq!(out, [9]);
    }

    #[test]
    fn long_words_are_not_remembered() {
        let v = vocabulary_key();
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let mut calls = 0;
        let mut out = Vec::new();
        for _ in 0..2 {
            with(v, |memo| {
                memo.ids_of(
                    key(&long, false),
                    |_| {
                        calls += 1;
                        Vec::new()
                    },
                    &mut out,
                )
            });
        }
        assert_eq!(calls, 2);
    }

    #[test]
    fn flags_come_with_the_ids() {
        let mut out = Vec::new();
        let flags = with(vocabulary_key(), |memo| {
            memo.ids_of(key("not", false), |_| vec![], &mut out)
        });
        assert!(flags.negator && flags.function_word);
    }

    #[test]
    fn full_memo_forgets_every_vocabulary_and_stays_right() {
        let (a, b) = (vocabulary_key(), vocabulary_key());
        let mut out = Vec::new();
        with(a, |memo| {
            memo.ids_of(key("gil", false), |_| vec![1], &mut out)
        });
        // Fill the memo through the other vocabulary, past its bound.
        with(b, |memo| {
            for n in 0..=MAX_WORDS {
                memo.ids_of(key(&format!("w{n}"), false), |_| vec![2], &mut out);
            }
        });
        let words = MEMO.with(|m| m.borrow().words);
        assert!(words <= MAX_WORDS, "{words} words remembered");
        // `gil` was forgotten with the rest, and is looked up again, right.
        let mut calls = 0;
        out.clear();
        with(a, |memo| {
            memo.ids_of(
                key("gil", false),
                |_| {
                    calls += 1;
                    vec![1]
                },
                &mut out,
            )
        });
        assert_eq!((calls, out.as_slice()), (1, &[1][..]));
    }
}
