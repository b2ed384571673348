//! Evidence: the kinds of match a rubric term can ask for, behind one interface.
//!
//! Each kind lives in a file of its own and implements [`EvidenceKind`]: given the answer's
//! index, append every place it matches as a [`Hit`]. A concept's or misconception's terms
//! compile into a [`Target`], a list of kinds; the grader asks the target for its hits and
//! never looks inside a kind. Adding a kind is one file here plus its rubric syntax in
//! `src/rubric/term.rs` (CONTRIBUTING.md walks through an example).

mod all_group;
mod pattern;
mod phrase;
mod sequence;

#[cfg(test)]
mod tests;

use std::fmt;

use smallvec::SmallVec;

pub use all_group::AllGroup;
pub use pattern::PatternEvidence;
pub use phrase::{Phrase, PhraseSet};
pub use sequence::Sequence;

use super::index::AnswerIndex;

/// One kind of evidence, compiled from a rubric term.
pub trait EvidenceKind: fmt::Debug + Send + Sync {
    /// Appends every place this evidence matches in `answer` to `out`. Order within one
    /// kind's hits is free: the target sorts its hits into text order.
    fn find(&self, answer: &AnswerIndex, scratch: &mut Scratch, out: &mut Vec<Hit>);
}

/// A place in the answer where a target matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte span in the answer, quoting the matched words (for `all`, one span per part).
    pub spans: SmallVec<[(usize, usize); 1]>,
    /// Indices of the matched tokens.
    pub tokens: SmallVec<[usize; 4]>,
    pub sentence: usize,
    /// A negation word stands in front of, or inside, the match.
    pub negated: bool,
    /// The match ties two words or more together as its rubric wrote them: a phrase of two
    /// words or more, an all-group with such a phrase for a part or with its single-word
    /// parts close together, a pattern, a sequence. Bare single words that merely stand in
    /// one sentence tie nothing (see `loosely_stated` in the grader).
    pub ties: bool,
}

/// The alternatives of one concept or misconception, compiled: it is found where any of
/// them is.
#[derive(Debug, Default)]
pub struct Target {
    kinds: Vec<Box<dyn EvidenceKind>>,
}

impl Target {
    pub fn new(kinds: Vec<Box<dyn EvidenceKind>>) -> Self {
        Target { kinds }
    }

    /// Every place `target` matches, in text order.
    pub fn hits(&self, answer: &AnswerIndex) -> Vec<Hit> {
        let mut out = Vec::new();
        self.hits_into(answer, &mut out, &mut Scratch::default());
        out
    }

    /// Appends every place `target` matches to `out`, in text order. Grading gathers the
    /// hits of all of a rubric's targets in one list this way: a list of its own per
    /// target, grown hit by hit, was an allocation or three per target and answer.
    pub fn hits_into(&self, answer: &AnswerIndex, out: &mut Vec<Hit>, scratch: &mut Scratch) {
        let start = out.len();
        for kind in &self.kinds {
            kind.find(answer, scratch, out);
        }
        let in_text_order =
            |a: &Hit, b: &Hit| (a.spans[0], a.spans.len()).cmp(&(b.spans[0], b.spans.len()));
        // Most targets' hits come from one phrase and are in order already; a stable sort
        // of a sorted list changes nothing, and checking costs less than sorting.
        if !out[start..].is_sorted_by(|a, b| in_text_order(a, b).is_le()) {
            out[start..].sort_by(in_text_order);
        }
        dedup_from(out, start, |a, b| a.spans == b.spans);
    }
}

/// Removes from `hits[start..]` each hit `same` as the last one kept, keeping the first of
/// every run, as `Vec::dedup_by` does for a whole list.
pub(crate) fn dedup_from(hits: &mut Vec<Hit>, start: usize, same: impl Fn(&Hit, &Hit) -> bool) {
    // Nothing moves until the first hit removed: most lists have none, and swapping a
    // hit with itself still copied it three times.
    let Some(first_same) = (start + 1..hits.len()).find(|&i| same(&hits[i], &hits[i - 1])) else {
        return;
    };
    let mut kept = first_same;
    for i in first_same + 1..hits.len() {
        if !same(&hits[i], &hits[kept - 1]) {
            hits.swap(kept, i);
            kept += 1;
        }
    }
    hits.truncate(kept);
}

/// Lists that matching needs for a moment, kept from one target to the next: an all-group
/// built a list per part and more per sentence, about a hundred allocations an answer.
#[derive(Default)]
pub struct Scratch {
    pub(crate) matched: Vec<usize>,
    pub(crate) part_hits: Vec<Hit>,
    pub(crate) part_ends: Vec<usize>,
    pub(crate) chosen: Vec<usize>,
    pub(crate) tokens: Vec<usize>,
}

impl Scratch {
    /// Scratch lists with room for a typical answer's all-groups, so that they do not grow
    /// step by step in each answer.
    pub fn with_room() -> Self {
        Scratch {
            matched: Vec::with_capacity(8),
            part_hits: Vec::with_capacity(64),
            part_ends: Vec::with_capacity(8),
            chosen: Vec::with_capacity(8),
            tokens: Vec::with_capacity(16),
        }
    }
}
