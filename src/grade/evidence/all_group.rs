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
                match hit_in(part_hits, part_ends, k, s) {
                    Some(i) => chosen.push(i),
                    None => break,
                }
            }
            if chosen.len() == part_ends.len() {
                push_hit(part_hits, chosen, tokens, says_no, s, out);
            }
        }
        if answer.tokenized.has_tables {
            in_table_rows(answer, part_hits, part_ends, chosen, tokens, says_no, out);
        }
    }
}

/// The index in `part_hits` of part `k`'s hit in sentence `s`, if it has one there.
fn hit_in(part_hits: &[Hit], part_ends: &[usize], k: usize, s: usize) -> Option<usize> {
    let start = k.checked_sub(1).map_or(0, |p| part_ends[p]);
    part_hits[start..part_ends[k]]
        .binary_search_by_key(&s, |h| h.sentence)
        .ok()
        .map(|i| start + i)
}

/// Appends the hit made of the part hits `chosen` (indices into `part_hits`), in sentence
/// `s`.
fn push_hit(
    part_hits: &[Hit],
    chosen: &mut [usize],
    tokens: &mut Vec<usize>,
    says_no: bool,
    s: usize,
    out: &mut Vec<Hit>,
) {
    chosen.sort_by_key(|&i| part_hits[i].spans[0]);
    tokens.clear();
    tokens.extend(
        chosen
            .iter()
            .flat_map(|&i| part_hits[i].tokens.iter().copied()),
    );
    tokens.sort_unstable();
    tokens.dedup();
    let close = tokens.windows(2).all(|w| w[1] - w[0] <= TIED_PARTS_WITHIN);
    out.push(Hit {
        spans: chosen.iter().map(|&i| part_hits[i].spans[0]).collect(),
        negated: !says_no && chosen.iter().any(|&i| part_hits[i].negated),
        ties: close || chosen.iter().any(|&i| part_hits[i].ties),
        tokens: SmallVec::from_slice(tokens),
        sentence: s,
    });
}

/// Tokens from one part of an all-group to the next within which its parts are tied as
/// one phrase ties its words: "setup and cleanup", "code after `yield` is the teardown".
/// Salad strings its terms further apart ("the `__wrapped__` signature copies the
/// module").
const TIED_PARTS_WITHIN: usize = 3;

/// Hits in the rows of tables that take some parts from the header, each from the header
/// cell over a cell where the row holds another part: "| | list | tuple |" over
/// "| can change | yes | no |" gives `all: [list, change]` in that row, and not
/// `all: [tuple, change]` unless the row says something in the tuple's column too. Rows
/// that hold every part themselves were found with the other sentences.
fn in_table_rows(
    answer: &AnswerIndex,
    part_hits: &[Hit],
    part_ends: &[usize],
    chosen: &mut Vec<usize>,
    tokens: &mut Vec<usize>,
    says_no: bool,
    out: &mut Vec<Hit>,
) {
    let sentences = &answer.tokenized.sentences;
    let column = |hit: &Hit| answer.table_column(hit.spans[0].0);
    let mut rows: Vec<usize> = part_hits
        .iter()
        .map(|h| h.sentence)
        .filter(|&s| sentences[s].header.is_some())
        .collect();
    rows.sort_unstable();
    rows.dedup();
    for s in rows {
        let Some(header) = sentences[s].header.map(|h| h as usize) else {
            continue;
        };
        let in_row: Vec<Option<usize>> = (0..part_ends.len())
            .map(|k| hit_in(part_hits, part_ends, k, s))
            .collect();
        if in_row.iter().all(Option::is_some) {
            continue;
        }
        let row_columns: SmallVec<[usize; 4]> = in_row
            .iter()
            .flatten()
            .map(|&i| column(&part_hits[i]))
            .collect();
        chosen.clear();
        for (k, found) in in_row.iter().enumerate() {
            let from_header = || {
                hit_in(part_hits, part_ends, k, header)
                    .filter(|&i| row_columns.contains(&column(&part_hits[i])))
            };
            match found.or_else(from_header) {
                Some(i) => chosen.push(i),
                None => break,
            }
        }
        if chosen.len() == part_ends.len() {
            push_hit(part_hits, chosen, tokens, says_no, s, out);
        }
    }
}
