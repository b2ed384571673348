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
use super::word_hash::WordHasher;

/// Words remembered per thread, over all vocabularies (about 60 bytes each, with the
/// word's text and ids).
const MAX_WORDS: usize = 1 << 15;

/// Longest word remembered, in bytes. Real words are far shorter; a hostile answer's
/// megabyte-long "word" is looked up each time instead, so the memo's text stays small
/// (at most `MAX_WORDS * MAX_WORD_BYTES`) and its 32-bit offsets cannot overflow.
const MAX_WORD_BYTES: usize = 64;

static NEXT_VOCABULARY: AtomicU64 = AtomicU64::new(0);

/// A number no other vocabulary of this process has, naming its part of the memo.
pub fn vocabulary_key() -> u64 {
    NEXT_VOCABULARY.fetch_add(1, Ordering::Relaxed)
}

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

/// Where one word's ids for one token kind lie in [`Words::ids`]; `len == UNKNOWN` until
/// the word has been looked up with that kind.
#[derive(Clone, Copy)]
struct IdRange {
    start: u32,
    len: u32,
}

const UNKNOWN: u32 = u32::MAX;

/// One word in the table. Everything a probe reads is in these 56 bytes, next to each
/// other: the profile showed the memo waiting on memory, with the standard map's buckets
/// pointing to the word on the heap and to each kind's ids in boxes of their own.
#[derive(Clone, Copy)]
struct Slot {
    /// The word's full hash: a probe compares words only when their hashes are equal.
    hash: u64,
    /// The word's text in [`Words::text`]; `text_len == EMPTY` marks a free slot.
    text_start: u32,
    text_len: u32,
    /// Per token kind, index `in_code * 2 + is_word`.
    ids: [IdRange; 4],
    flags: WordFlags,
}

const EMPTY: u32 = u32::MAX;

const FREE: Slot = Slot {
    hash: 0,
    text_start: 0,
    text_len: EMPTY,
    ids: [IdRange {
        start: 0,
        len: UNKNOWN,
    }; 4],
    flags: WordFlags {
        negator: false,
        function_word: false,
    },
};

/// The memo of one vocabulary: an open-addressing table (linear probing, at most half
/// full) whose words and ids live in two shared arrays.
struct Words {
    slots: Vec<Slot>,
    len: usize,
    text: String,
    ids: Vec<u32>,
}

impl Words {
    fn new() -> Self {
        Words {
            slots: vec![FREE; 64],
            len: 0,
            text: String::new(),
            ids: Vec::new(),
        }
    }

    fn text_of(&self, slot: &Slot) -> &str {
        let start = slot.text_start as usize;
        &self.text[start..start + slot.text_len as usize]
    }

    /// The slot holding `text`, or the free slot where it would go.
    fn find(&self, hash: u64, text: &str) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &self.slots[i];
            if slot.text_len == EMPTY
                || (slot.hash == hash && same_bytes(self.text_of(slot).as_bytes(), text.as_bytes()))
            {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Appends the ids of `range` to `out`. Most words have none or one, for which a call
    /// to copy memory costs more than the copy.
    fn extend_ids(&self, range: IdRange, out: &mut Vec<u32>) {
        let start = range.start as usize;
        match range.len {
            0 => {}
            1 => out.push(self.ids[start]),
            len => out.extend_from_slice(&self.ids[start..start + len as usize]),
        }
    }

    fn record(&mut self, kind: usize, i: usize, found: &[u32]) {
        self.slots[i].ids[kind] = IdRange {
            start: self.ids.len() as u32,
            len: found.len() as u32,
        };
        self.ids.extend_from_slice(found);
    }

    /// Puts `text` in free slot `i`, growing the table first when it would be over half
    /// full; returns the word's slot.
    fn insert(&mut self, mut i: usize, hash: u64, text: &str, flags: WordFlags) -> usize {
        if 2 * (self.len + 1) > self.slots.len() {
            self.grow();
            i = self.find(hash, text);
        }
        self.slots[i] = Slot {
            hash,
            text_start: self.text.len() as u32,
            text_len: text.len() as u32,
            flags,
            ..FREE
        };
        self.text.push_str(text);
        self.len += 1;
        i
    }

    fn grow(&mut self) {
        let bigger = vec![FREE; 2 * self.slots.len()];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.text_len != EMPTY) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].text_len != EMPTY {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// Whether two words are the same. Words are short (a few bytes, at most
/// [`MAX_WORD_BYTES`]), and a byte loop the compiler sees whole beats a call to `memcmp`.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

struct ThreadMemo {
    vocabularies: HashMap<u64, Words>,
    words: usize,
    hasher: WordHasher,
}

thread_local! {
    static MEMO: RefCell<ThreadMemo> = RefCell::new(ThreadMemo {
        vocabularies: HashMap::new(),
        words: 0,
        hasher: WordHasher::random(),
    });
}

/// The memo of one vocabulary on this thread.
pub struct Lookups<'m> {
    words: &'m mut Words,
    hasher: WordHasher,
    added: usize,
    /// Words that may still be added before the memo is full; beyond, look-ups are not kept.
    room: usize,
}

impl Lookups<'_> {
    /// Appends the ids of `text` with this kind to `out`, computed by `look_up` the first
    /// time this thread sees the word with this kind, and returns the word's flags.
    pub fn extend_with(
        &mut self,
        text: &str,
        in_code: bool,
        is_word: bool,
        look_up: impl FnOnce() -> Vec<u32>,
        out: &mut Vec<u32>,
    ) -> WordFlags {
        let kind = usize::from(in_code) * 2 + usize::from(is_word);
        if text.len() > MAX_WORD_BYTES {
            out.extend_from_slice(&look_up());
            return WordFlags::of(text);
        }
        let words = &mut *self.words;
        let hash = self.hasher.hash_word(text);
        let mut i = words.find(hash, text);
        let flags = if words.slots[i].text_len == EMPTY {
            let flags = WordFlags::of(text);
            // Full: a long answer of one-off words must not grow the memo past its bound.
            if self.added >= self.room {
                out.extend_from_slice(&look_up());
                return flags;
            }
            i = words.insert(i, hash, text, flags);
            self.added += 1;
            flags
        } else {
            words.slots[i].flags
        };
        let range = words.slots[i].ids[kind];
        if range.len == UNKNOWN {
            let found = look_up();
            out.extend_from_slice(&found);
            words.record(kind, i, &found);
        } else {
            words.extend_ids(range, out);
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
                words: &mut Words::new(),
                hasher: WordHasher::random(),
                added: 0,
                room: 0,
            });
        };
        let memo = &mut *memo;
        if memo.words >= MAX_WORDS {
            memo.vocabularies.clear();
            memo.words = 0;
        }
        let mut lookups = Lookups {
            words: memo
                .vocabularies
                .entry(vocabulary)
                .or_insert_with(Words::new),
            hasher: memo.hasher,
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
    fn long_words_are_looked_up_every_time() {
        let long = "x".repeat(MAX_WORD_BYTES + 1);
        let mut calls = 0;
        with(vocabulary_key(), |l| {
            assert_eq!(ids(l, &long, false, vec![4], &mut calls), [4]);
            assert_eq!(ids(l, &long, false, vec![5], &mut calls), [5]);
            assert_eq!(l.words.len, 0);
        });
        assert_eq!(calls, 2);
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
