//! Edit distance for typo tolerance, without allocating.
//!
//! The matcher asks "is this answer word within `max` edits of that rubric word?" for many
//! pairs of short words. `strsim::osa_distance` answers it exactly but allocates three rows
//! per call, which made the allocator the matcher's hottest path. This computes the same
//! optimal string alignment distance (insertions, deletions, substitutions and swaps of
//! neighbours, no substring edited twice) on the stack for words of up to [`STACK_CHARS`]
//! characters, and falls back to strsim beyond.

/// Longest word (in characters) handled on the stack.
const STACK_CHARS: usize = 48;

/// Whether `a` and `b` are at most `max` OSA edits apart; the same answer as
/// `strsim::osa_distance(a, b) <= max`.
pub fn osa_within(a: &str, b: &str, max: usize) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return within(a.as_bytes(), b.as_bytes(), max);
    }
    let mut ab = ['\0'; STACK_CHARS];
    let mut bb = ['\0'; STACK_CHARS];
    match (chars_into(a, &mut ab), chars_into(b, &mut bb)) {
        (Some(a), Some(b)) => within(a, b, max),
        _ => strsim::osa_distance(a, b) <= max,
    }
}

/// The characters of `s` in `buf`, or `None` when it does not fit.
fn chars_into<'b>(s: &str, buf: &'b mut [char; STACK_CHARS]) -> Option<&'b [char]> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(&buf[..n])
}

/// A symbol of a word: a byte of ASCII or a whole character.
trait Symbol: Copy + Eq {
    /// One of 64 buckets, for counting symbols.
    fn bucket(self) -> usize;
}

impl Symbol for u8 {
    fn bucket(self) -> usize {
        usize::from(self & 63)
    }
}

impl Symbol for char {
    fn bucket(self) -> usize {
        self as usize & 63
    }
}

fn within<T: Symbol>(a: &[T], b: &[T], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    if a.len() > STACK_CHARS || b.len() > STACK_CHARS {
        return osa(a, b) <= max;
    }
    bag_distance(a, b) <= max && osa_short(a, b) <= max
}

/// A lower bound of the OSA distance, cheap enough to rule most pairs out before the
/// table: symbols one word has and the other lacks each need an edit (a swap changes no
/// count), and counting in 64 buckets can only hide differences, never invent them.
fn bag_distance<T: Symbol>(a: &[T], b: &[T]) -> usize {
    let mut counts = [0i32; 64];
    for &c in a {
        counts[c.bucket()] += 1;
    }
    for &c in b {
        counts[c.bucket()] -= 1;
    }
    let differing: usize = counts.iter().map(|c| c.unsigned_abs() as usize).sum();
    // Surplus in `a` and surplus in `b` sum to `differing` and differ by the lengths.
    (differing + a.len().abs_diff(b.len())) / 2
}

/// OSA distance with three rolling rows on the stack (both words fit [`STACK_CHARS`]).
fn osa_short<T: Symbol>(a: &[T], b: &[T]) -> usize {
    let mut rows = [[0usize; STACK_CHARS + 1]; 3];
    let [two_back, prev, cur] = &mut rows;
    osa_table(a, b, two_back, prev, cur)
}

/// OSA distance of words of any length, rows on the heap.
fn osa<T: Symbol>(a: &[T], b: &[T]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; 3];
    let [two_back, prev, cur] = &mut rows[..] else {
        return a.len().max(b.len());
    };
    osa_table(a, b, two_back, prev, cur)
}

/// The dynamic programme: rows of at least `b.len() + 1` cells.
fn osa_table<'r, T: Symbol>(
    a: &[T],
    b: &[T],
    mut two_back: &'r mut [usize],
    mut prev: &'r mut [usize],
    mut cur: &'r mut [usize],
) -> usize {
    for (j, p) in prev[..=b.len()].iter_mut().enumerate() {
        *p = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (cur[j] + 1).min(prev[j + 1] + 1).min(prev[j] + cost);
            if i > 0 && j > 0 && ca != cb && ca == b[j - 1] && cb == a[i - 1] {
                d = d.min(two_back[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        let old = two_back;
        two_back = prev;
        prev = cur;
        cur = old;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_distances() {
        assert!(osa_within("tuple", "tupel", 1));
        assert!(osa_within("reference", "refrense", 2));
        assert!(!osa_within("reference", "rfrnse", 2));
        assert!(osa_within("", "ab", 2));
        assert!(
            !osa_within("ca", "abc", 2),
            "OSA does not edit a swapped pair again"
        );
        assert!(osa_within("ünïcode", "unicode", 2));
        assert!(!osa_within("ünïcode", "unicode", 1));
    }

    #[test]
    fn long_words_fall_back() {
        let a = "a".repeat(60);
        let b = format!("{}b", "a".repeat(59));
        assert!(osa_within(&a, &b, 1));
        assert!(!osa_within(&a, &b, 0));
    }

    proptest! {
        #[test]
        fn agrees_with_strsim(a in "[a-eé]{0,12}", b in "[a-eé]{0,12}", max in 0usize..4) {
            prop_assert_eq!(osa_within(&a, &b, max), strsim::osa_distance(&a, &b) <= max);
        }

        #[test]
        fn agrees_with_strsim_on_ascii(a in "[a-f_]{0,10}", b in "[a-f_]{0,10}", max in 0usize..4) {
            prop_assert_eq!(osa_within(&a, &b, max), strsim::osa_distance(&a, &b) <= max);
        }
    }
}
