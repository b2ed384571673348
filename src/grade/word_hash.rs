//! A fast hash for short words, for the per-thread look-up memo.
//!
//! The memo is probed once per answer token, and with the standard library's SipHash the
//! hashing alone cost more than the probe. Words are short and the memo is bounded
//! ([`lookup_cache`](super::lookup_cache)), so a multiply-and-rotate hash in the style of
//! rustc's FxHash does the job in a few instructions per eight bytes. Each thread seeds it
//! from the standard library's random keys, so no fixed set of words collides everywhere;
//! a hash only places words in the memo and never changes a result.

use std::hash::{BuildHasher, Hasher};

/// The multiplier of rustc's FxHash: odd, with well-spread bits.
const K: u64 = 0xf135_7aea_2e62_a9c5;

/// Hashes bytes eight at a time.
#[derive(Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0 ^ word).wrapping_mul(K).rotate_left(26);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length tells "ab" from "ab\0".
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        // The table takes its bucket from the low bits and a tag from the high ones; one
        // more multiply spreads every input bit into both.
        self.0.wrapping_mul(K)
    }
}

/// Builds [`WordHasher`]s that all start from one seed.
#[derive(Clone, Copy)]
pub struct SeededWordHash(u64);

impl SeededWordHash {
    /// A seed drawn from the standard library's per-process random keys.
    pub fn random() -> Self {
        SeededWordHash(std::collections::hash_map::RandomState::new().hash_one(0u64))
    }
}

impl BuildHasher for SeededWordHash {
    type Hasher = WordHasher;

    fn build_hasher(&self) -> WordHasher {
        WordHasher(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(seed: u64, s: &str) -> u64 {
        SeededWordHash(seed).hash_one(s)
    }

    #[test]
    fn equal_words_hash_alike_and_neighbours_differ() {
        assert_eq!(hash(1, "immutable"), hash(1, "immutable"));
        let words = [
            "",
            "a",
            "ab",
            "ab\0",
            "abcdefgh",
            "abcdefghi",
            "tuple",
            "tuples",
        ];
        for (i, a) in words.iter().enumerate() {
            for b in &words[i + 1..] {
                assert_ne!(hash(1, a), hash(1, b), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn the_seed_changes_the_hash() {
        assert_ne!(hash(1, "tuple"), hash(2, "tuple"));
    }
}
