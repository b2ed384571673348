//! A per-thread memo of vocabulary look-ups that outlives one answer.
//!
//! Looking an answer word up in a rubric's vocabulary (exact, stem, then typo distance to
//! every candidate) costs far more than reading the word, and a batch of answers to one
//! question repeats the same words thousands of times. Each worker thread keeps the ids
//! it found per (vocabulary, word), so a word is looked up once per thread, not once per
//! answer. A look-up is a pure function of the word and the vocabulary, so the memo cannot
//! change a result; it only saves the work.
//!
//! The memo is bounded ([`MAX_WORDS`] per thread, emptied when full), so memory stays flat
//! however many answers a batch holds, including answers full of one-off typos.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use super::normalize::{is_function_word, is_negator};
use super::word_hash::SeededWordHash;

/// Words remembered per thread, over all vocabularies (about 100 bytes each).
const MAX_WORDS: usize = 1 << 15;

static NEXT_VOCABULARY: AtomicU64 = AtomicU64::new(0);

/// A number no other vocabulary of this process has, naming its part of the memo.
pub fn vocabulary_key() -> u64 {
    NEXT_VOCABULARY.fetch_add(1, Ordering::Relaxed)
}

/// The ids found for one word, per token kind: index `in_code * 2 + is_word`.
type ByKind = [Option<Box<[u32]>>; 4];

/// What a word is, whatever the vocabulary: asked of every token, and cheaper to remember
/// with its ids than to work out again from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFlags {
    /// [`is_negator`]
    pub negator: bool,
    /// [`is_function_word`]
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

struct Entry {
    ids: ByKind,
    flags: WordFlags,
}

type Words = HashMap<Box<str>, Entry, SeededWordHash>;

struct ThreadMemo {
    vocabularies: HashMap<u64, Words>,
    words: usize,
    hash: SeededWordHash,
}

thread_local! {
    static MEMO: RefCell<ThreadMemo> = RefCell::new(ThreadMemo {
        vocabularies: HashMap::new(),
        words: 0,
        hash: SeededWordHash::random(),
    });
}

/// The memo of one vocabulary on this thread.
pub struct Lookups<'m> {
    words: &'m mut Words,
    added: usize,
    /// Words that may still be added before the memo is full; beyond, look-ups are not kept.
    room: usize,
}

impl Lookups<'_> {
    /// Appends the ids of `text` with this kind to `out`, computed by `look_up` the first
    /// time this thread sees the word, and returns the word's flags.
    pub fn extend_with(
        &mut self,
        text: &str,
        in_code: bool,
        is_word: bool,
        look_up: impl FnOnce() -> Vec<u32>,
        out: &mut Vec<u32>,
    ) -> WordFlags {
        let kind = usize::from(in_code) * 2 + usize::from(is_word);
        if let Some(entry) = self.words.get_mut(text) {
            match &entry.ids[kind] {
                Some(ids) => out.extend_from_slice(ids),
                None => {
                    let ids = look_up().into_boxed_slice();
                    out.extend_from_slice(&ids);
                    entry.ids[kind] = Some(ids);
                }
            }
            return entry.flags;
        }
        let ids = look_up().into_boxed_slice();
        out.extend_from_slice(&ids);
        let flags = WordFlags::of(text);
        // Full: a long answer of one-off words must not grow the memo past its bound.
        if self.added < self.room {
            let mut entry = Entry {
                ids: ByKind::default(),
                flags,
            };
            entry.ids[kind] = Some(ids);
            self.words.insert(Box::from(text), entry);
            self.added += 1;
        }
        flags
    }
}

/// Runs `f` with this thread's memo for the vocabulary numbered `vocabulary`. The memo is
/// emptied first when it is full, and never holds more than [`MAX_WORDS`] words.
pub fn with<R>(vocabulary: u64, f: impl FnOnce(&mut Lookups) -> R) -> R {
    MEMO.with(|memo| {
        let Ok(mut memo) = memo.try_borrow_mut() else {
            // Only a re-entrant call could find the memo taken; it works without one.
            return f(&mut Lookups {
                words: &mut Words::with_hasher(SeededWordHash::random()),
                added: 0,
                room: 0,
            });
        };
        let memo = &mut *memo;
        if memo.words >= MAX_WORDS {
            memo.vocabularies.clear();
            memo.words = 0;
        }
        let hash = memo.hash;
        let mut lookups = Lookups {
            words: memo
                .vocabularies
                .entry(vocabulary)
                .or_insert_with(|| Words::with_hasher(hash)),
            added: 0,
            room: MAX_WORDS.saturating_sub(memo.words),
        };
        let result = f(&mut lookups);
        memo.words += lookups.added;
        result
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(
        l: &mut Lookups,
        text: &str,
        in_code: bool,
        found: Vec<u32>,
        calls: &mut usize,
    ) -> Vec<u32> {
        let mut out = Vec::new();
        l.extend_with(
            text,
            in_code,
            true,
            || {
                *calls += 1;
                found
            },
            &mut out,
        );
        out
    }

    #[test]
    fn looks_up_once_per_word_and_kind() {
        let key = vocabulary_key();
        let mut calls = 0;
        with(key, |l| {
            assert_eq!(ids(l, "tuple", false, vec![3], &mut calls), [3]);
            assert_eq!(ids(l, "tuple", false, vec![9], &mut calls), [3]);
            assert!(ids(l, "tuple", true, vec![], &mut calls).is_empty());
        });
        with(key, |l| {
            assert_eq!(ids(l, "tuple", false, vec![9], &mut calls), [3])
        });
        assert_eq!(calls, 2);
        with(vocabulary_key(), |l| {
            assert_eq!(ids(l, "tuple", false, vec![7], &mut calls), [7])
        });
    }

    #[test]
    fn one_call_cannot_overfill_it() {
        let mut calls = 0;
        with(vocabulary_key(), |l| {
            for i in 0..MAX_WORDS + 10 {
                assert_eq!(ids(l, &format!("v{i}"), false, vec![2], &mut calls), [2]);
            }
        });
        MEMO.with(|m| assert!(m.borrow().words <= MAX_WORDS));
    }

    #[test]
    fn stays_bounded() {
        let mut calls = 0;
        for i in 0..MAX_WORDS + 10 {
            with(vocabulary_key(), |l| {
                assert_eq!(ids(l, &format!("w{i}"), false, vec![1], &mut calls), [1]);
            });
        }
        MEMO.with(|m| assert!(m.borrow().words <= MAX_WORDS));
    }
}
