//! A short list of small `Copy` values, kept inline up to `N` items and on the heap beyond.
//!
//! A typical answer yields a couple of hundred hits, nearly all of one span and one to
//! four tokens; with a `Vec` for each, allocating and freeing them was a tenth of grading.
//! This reads as a slice (`Deref`), so code that reads hits does not change.

use std::ops::Deref;

/// Up to `N` items inline, more on the heap.
#[derive(Clone)]
pub enum SmallList<T: Copy + Default, const N: usize> {
    Inline { len: u8, items: [T; N] },
    Heap(Vec<T>),
}

impl<T: Copy + Default, const N: usize> SmallList<T, N> {
    /// A list holding a copy of `items`.
    pub fn from_slice(items: &[T]) -> Self {
        if items.len() <= N && N <= usize::from(u8::MAX) {
            let mut inline = [T::default(); N];
            inline[..items.len()].copy_from_slice(items);
            SmallList::Inline {
                len: items.len() as u8,
                items: inline,
            }
        } else {
            SmallList::Heap(items.to_vec())
        }
    }
}

impl<T: Copy + Default, const N: usize> Deref for SmallList<T, N> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            SmallList::Inline { len, items } => &items[..usize::from(*len)],
            SmallList::Heap(items) => items,
        }
    }
}

impl<T: Copy + Default, const N: usize> From<Vec<T>> for SmallList<T, N> {
    fn from(items: Vec<T>) -> Self {
        if items.len() <= N {
            SmallList::from_slice(&items)
        } else {
            SmallList::Heap(items)
        }
    }
}

impl<T: Copy + Default, const N: usize> FromIterator<T> for SmallList<T, N> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        SmallList::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<T: Copy + Default + PartialEq, const N: usize> PartialEq for SmallList<T, N> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Copy + Default + Eq, const N: usize> Eq for SmallList<T, N> {}

impl<T: Copy + Default + std::fmt::Debug, const N: usize> std::fmt::Debug for SmallList<T, N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_same_inline_or_on_the_heap() {
        for n in 0..8usize {
            let items: Vec<usize> = (0..n).collect();
            let a: SmallList<usize, 4> = SmallList::from_slice(&items);
            let b: SmallList<usize, 4> = SmallList::from(items.clone());
            let c: SmallList<usize, 4> = items.iter().copied().collect();
            assert_eq!(&*a, &items[..]);
            assert_eq!(a, b);
            assert_eq!(b, c);
            assert_eq!(matches!(a, SmallList::Inline { .. }), n <= 4);
            assert_eq!(format!("{a:?}"), format!("{items:?}"));
        }
    }
}
