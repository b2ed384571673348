//! All-groups: every part (each a set of phrases) somewhere in one sentence, in any order.

use smallvec::SmallVec;

use super::{EvidenceKind, Hit, PhraseSet, Scratch, dedup_from};
use crate::grade::index::AnswerIndex;

/// `all: [a, b, ...]`: a hit in a sentence that holds a hit of every part.
#[derive(Debug, Clone)]
pub struct AllGroup {
    pub(crate) parts: Vec<PhraseSet>,
}

impl EvidenceKind for AllGroup {
    fn find(&self, answer: &AnswerIndex, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        let parts = &self.parts;
        let Scratch {
            matched,
            part_hits,
            part_ends,
            chosen,
            tokens,
        } = scratch;
        // A part none of whose phrases has all its words in the answer is found nowhere,
        // and leaves no sentence with every part: most groups end so, and a look at the
        // answer's words tells before any part's hits are made (there were about 70 groups
        // an answer, 60 of them ending here, after making 70 hits for nothing).
        if !parts.iter().all(|part| part.could_match(answer)) {
            return;
        }
        // Per part, the first hit in each sentence; a sentence with every part is a hit.
        // Preferred in each sentence: an affirmative hit over a negated one, then the
        // earliest, then the first found. A stable sort on exactly that order picks it
        // without a map per part or a copy of every hit. The parts' hits lie one after
        // another in `part_hits`, part `k` ending at `part_ends[k]`.
        part_hits.clear();
        part_ends.clear();
        for part in parts {
            let start = part_hits.len();
            part.hits(answer, matched, part_hits);
            // A part found nowhere leaves no sentence with every part.
            if part_hits.len() == start {
                return;
            }
            let preferred = |a: &Hit, b: &Hit| {
                (a.sentence, a.negated, a.spans[0]).cmp(&(b.sentence, b.negated, b.spans[0]))
            };
            if !part_hits[start..].is_sorted_by(|a, b| preferred(a, b).is_le()) {
                part_hits[start..].sort_by(preferred);
            }
            dedup_from(part_hits, start, |a, b| a.sentence == b.sentence);
            part_ends.push(part_hits.len());
        }
        // A group with a negation of its own (`all: [never, free memory]`) means it.
        let says_no = parts
            .iter()
            .any(|part| part.phrases.iter().any(|p| p.negates_itself));
        // `chosen` holds indices into `part_hits`: one hit per part, in a sentence.
        for first in 0..part_ends[0] {
            let s = part_hits[first].sentence;
            chosen.clear();
            chosen.push(first);
            for k in 1..part_ends.len() {
                let start = part_ends[k - 1];
                match part_hits[start..part_ends[k]].binary_search_by_key(&s, |h| h.sentence) {
                    Ok(i) => chosen.push(start + i),
                    Err(_) => break,
                }
            }
            if chosen.len() != part_ends.len() {
                continue;
            }
            chosen.sort_by_key(|&i| part_hits[i].spans[0]);
            tokens.clear();
            tokens.extend(
                chosen
                    .iter()
                    .flat_map(|&i| part_hits[i].tokens.iter().copied()),
            );
            tokens.sort_unstable();
            tokens.dedup();
            out.push(Hit {
                spans: chosen.iter().map(|&i| part_hits[i].spans[0]).collect(),
                negated: !says_no && chosen.iter().any(|&i| part_hits[i].negated),
                tokens: SmallVec::from_slice(tokens),
                sentence: s,
            });
        }
    }
}
