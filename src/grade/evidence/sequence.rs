//! Sequences: steps in order, across the items of a list, the links of an arrow chain and
//! the sentences of a paragraph ("source -> bytecode -> virtual machine").

use smallvec::SmallVec;

use super::{EvidenceKind, Hit, PhraseSet, Scratch};
use crate::grade::index::AnswerIndex;

/// How many sentences (list items, lines) may separate one step from the next.
const MAX_SENTENCES_BETWEEN: usize = 3;

/// `sequence: [a, b, c]`: every step found after the one before, within a few sentences.
#[derive(Debug, Clone)]
pub struct Sequence {
    pub(crate) steps: Vec<PhraseSet>,
}

impl EvidenceKind for Sequence {
    fn find(&self, answer: &AnswerIndex, scratch: &mut Scratch, out: &mut Vec<Hit>) {
        if !self.steps.iter().all(|s| s.could_match(answer)) {
            return;
        }
        // Every step's affirmative hits, in text order.
        let mut places: Vec<Vec<Hit>> = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            let mut hits = Vec::new();
            step.hits(answer, &mut scratch.matched, &mut hits);
            hits.retain(|h| !h.negated);
            hits.sort_by_key(|h| h.tokens[0]);
            if hits.is_empty() {
                return;
            }
            places.push(hits);
        }
        // From each place of the first step, the earliest chain of later steps.
        for first in &places[0] {
            let mut chain: Vec<&Hit> = vec![first];
            for hits in &places[1..] {
                let last = chain[chain.len() - 1];
                let after = last.tokens[last.tokens.len() - 1];
                let next = hits.iter().find(|h| {
                    h.tokens[0] > after && h.sentence <= last.sentence + MAX_SENTENCES_BETWEEN
                });
                match next {
                    Some(h) => chain.push(h),
                    None => break,
                }
            }
            if chain.len() == self.steps.len() {
                let mut tokens: SmallVec<[usize; 4]> = chain
                    .iter()
                    .flat_map(|h| h.tokens.iter().copied())
                    .collect();
                tokens.sort_unstable();
                out.push(Hit {
                    spans: chain.iter().map(|h| h.spans[0]).collect(),
                    tokens,
                    sentence: chain[chain.len() - 1].sentence,
                    negated: false,
                    ties: true,
                });
                // One chain is evidence enough; more would repeat it.
                return;
            }
        }
    }
}
