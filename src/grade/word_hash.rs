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

/// Hashes words eight bytes at a time, from a seed.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher {
    seed: u64,
}

fn mix(state: u64, word: u64) -> u64 {
    (state ^ word).wrapping_mul(K).rotate_left(26)
}

/// Up to eight bytes packed little-endian, as `u64::from_le_bytes` of them zero-padded.
/// A loop, since copying a slice of unknown length into a buffer is a call to `memcpy`,
/// and most words are shorter than eight bytes.
fn pack_le(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .enumerate()
        .fold(0, |packed, (k, &b)| packed | u64::from(b) << (8 * k))
}

impl WordHasher {
    /// A hasher seeded from the standard library's per-process random keys.
    pub fn random() -> Self {
        WordHasher {
            seed: std::collections::hash_map::RandomState::new().hash_one(0u64),
        }
    }

    pub fn hash_word(&self, word: &str) -> u64 {
        self.hash_bytes(word.as_bytes())
    }

    fn hash_bytes(&self, word: &[u8]) -> u64 {
        let mut state = self.seed;
        let mut chunks = word.chunks_exact(8);
        for chunk in &mut chunks {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            state = mix(state, u64::from_le_bytes(bytes));
        }
        // The length tells "ab" from "ab\0".
        state = mix(
            state,
            pack_le(chunks.remainder()) ^ ((word.len() as u64) << 56),
        );
        // The table takes its slot from the low bits, which a multiply fills only from
        // the low bits of its input: MurmurHash3's finalizer spreads every bit into them.
        let mut h = state;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// [`WordHasher`] for the standard maps keyed by words (the vocabulary's indexes), which
/// hash with SipHash otherwise: those are read for every word new to a thread's memo.
#[derive(Debug, Clone, Copy)]
pub struct BuildWordHasher(WordHasher);

impl Default for BuildWordHasher {
    fn default() -> Self {
        BuildWordHasher(WordHasher::random())
    }
}

impl BuildHasher for BuildWordHasher {
    type Hasher = WordStreamHasher;

    fn build_hasher(&self) -> WordStreamHasher {
        WordStreamHasher {
            hasher: self.0,
            state: 0,
        }
    }
}

/// A `Hasher` over [`WordHasher`]: each `write` (a `str` key writes its bytes, then a
/// `0xff` byte) is hashed as a word and folded into the state.
pub struct WordStreamHasher {
    hasher: WordHasher,
    state: u64,
}

impl Hasher for WordStreamHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.state = self.state.rotate_left(5) ^ self.hasher.hash_bytes(bytes);
    }

    fn write_u8(&mut self, byte: u8) {
        // The terminator `str` hashing writes after the text.
        self.state = mix(self.state, u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(seed: u64, s: &str) -> u64 {
        WordHasher { seed }.hash_word(s)
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
    fn standard_maps_find_their_words() {
        let mut map: std::collections::HashMap<String, usize, BuildWordHasher> =
            std::collections::HashMap::default();
        let words = ["", "is", "tuple", "tuples", "garbage-collector", "é"];
        for (i, w) in words.iter().enumerate() {
            map.insert(w.to_string(), i);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(*w), Some(&i));
        }
        assert_eq!(map.get("tupl"), None);
    }

    #[test]
    fn tails_pack_as_from_le_bytes_would() {
        let bytes = [0x01, 0x80, 0xff, 0x7f, 0x00, 0x42, 0xe9, 0x10];
        for n in 0..=8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                pack_le(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
    }

    #[test]
    fn the_seed_changes_the_hash() {
        assert_ne!(hash(1, "tuple"), hash(2, "tuple"));
    }

    #[test]
    fn low_bits_spread_over_similar_words() {
        // Slots come from the low bits: words that differ in one letter must not pile up.
        let slots: std::collections::HashSet<u64> = (0..256)
            .map(|i| hash(7, &format!("word{i:03}")) & 1023)
            .collect();
        assert!(slots.len() > 200, "{} distinct slots of 256", slots.len());
    }
}
