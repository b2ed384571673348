//! Relations: what a statement is about. For questions that contrast two things (`==` and
//! `is`, lists and tuples, `*args` and `**kwargs`), a rubric gives a concept its `subject`;
//! a statement of the concept is then judged by the subject it is said of. "`is` checks
//! identity" ties identity to `is`; "`==` checks identity" ties it to the rival subject and is
//! a swap, which earns nothing and costs points, without the rubric listing each swap.
//!
//! The subject of a statement is read the way a reader does without a parser: the nearest
//! subject named before the concept's words in the same sentence ("`==` compares values while
//! `is` checks identity": identity goes with `is`), or failing that the nearest after them in
//! the sentence ("identity is what `is` checks"). A sentence that names no subject ("it checks
//! identity") is not judged.

use smallvec::SmallVec;

use super::compile::CompiledRubric;
use super::evidence::{Hit, Scratch};
use super::index::AnswerIndex;

/// Who a hit of a concept is said of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// Its own subject, or none named: the statement stands.
    Own,
    /// Another concept's subject, and not its own: a swap. The index is the mention's.
    Rival(usize),
}

/// A place where the answer names a subject, and the concepts it is the subject of.
#[derive(Debug)]
struct Mention {
    first: usize,
    last: usize,
    sentence: usize,
    text: (usize, usize),
    owners: SmallVec<[usize; 2]>,
}

/// Every subject the answer names, for a rubric with subjects.
pub(crate) struct Subjects {
    mentions: Vec<Mention>,
}

impl Subjects {
    /// The subjects named in the answer, or `None` when no concept of the rubric has one.
    pub(crate) fn find(rubric: &CompiledRubric, m: &AnswerIndex) -> Option<Self> {
        let mut mentions: Vec<Mention> = Vec::new();
        let mut scratch = Scratch::default();
        let mut any = false;
        for (c, concept) in rubric.concepts.iter().enumerate() {
            let Some(subject) = &concept.subject else {
                continue;
            };
            any = true;
            let mut hits = Vec::new();
            subject.hits_into(m, &mut hits, &mut scratch);
            for hit in hits.iter().filter(|h| !h.tokens.is_empty()) {
                let (first, last) = (hit.tokens[0], hit.tokens[hit.tokens.len() - 1]);
                match mentions
                    .iter_mut()
                    .find(|x| x.first == first && x.last == last)
                {
                    Some(x) if !x.owners.contains(&c) => x.owners.push(c),
                    Some(_) => {}
                    None => mentions.push(Mention {
                        first,
                        last,
                        sentence: hit.sentence,
                        text: hit.spans[0],
                        owners: SmallVec::from_slice(&[c]),
                    }),
                }
            }
        }
        mentions.sort_by_key(|x| (x.first, x.last));
        any.then_some(Subjects { mentions })
    }

    /// Who `hit`, a hit of concept `concept`, is said of.
    pub(crate) fn judge(&self, concept: usize, hit: &Hit) -> Relation {
        let Some(&first) = hit.tokens.first() else {
            return Relation::Own;
        };
        let last = hit.tokens[hit.tokens.len() - 1];
        let same_sentence = |x: &&Mention| x.sentence == hit.sentence;
        // A subject inside the hit's own words ("`is` compares identity" as one term).
        if self
            .mentions
            .iter()
            .any(|x| x.owners.contains(&concept) && x.first >= first && x.last <= last)
        {
            return Relation::Own;
        }
        let before = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, x)| x.last < first)
            .rfind(|(_, x)| same_sentence(x));
        let after = || {
            self.mentions
                .iter()
                .enumerate()
                .filter(|(_, x)| x.first > last)
                .find(|(_, x)| same_sentence(x))
        };
        match before.or_else(after) {
            Some((i, x)) if !x.owners.contains(&concept) => Relation::Rival(i),
            _ => Relation::Own,
        }
    }

    /// The byte span of mention `i`, for quoting it.
    pub(crate) fn span(&self, i: usize) -> (usize, usize) {
        self.mentions[i].text
    }
}
