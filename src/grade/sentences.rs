//! How each sentence reads: prose, code, or a list of terms. Evidence in a list of terms is
//! reported but not counted (see docs/grading.md, "Which matches count").

use super::evidence::Hit;
use super::index::AnswerIndex;
use crate::tokens::{ARROW, CLAUSE_MARKS, Sentence, TokenKind};

/// Share of function words below which a sentence reads as a list of terms. English prose
/// runs at 40-50%, terse answers at 15-25%; "def -> function object -> closure" at 0-10%.
const MIN_FUNCTION_WORD_SHARE: f64 = 0.12;
/// Share of a sentence's words that may be rubric evidence before it reads as stuffing.
const STUFFING_DENSITY: f64 = 0.7;
/// Distinct concepts a stuffed sentence must hit before density is held against it.
const STUFFING_MIN_CONCEPTS: usize = 4;

/// How a sentence reads, which decides what evidence in it earns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SentenceKind {
    /// A statement in words: evidence here states its concept.
    Prose,
    /// A line of code: code shows what it does.
    Code,
    /// An arrow chain ("source -> bytecode -> virtual machine"): the arrows state the links.
    Chain,
    /// A row of a table whose cells say something: each cell states its words of what the
    /// row is about (its first cell).
    TableRow,
    /// A list of terms (a bare item, a comma list, a keyword soup): evidence here only names.
    TermList,
    /// A sentence that strings many concepts together in a few words: the shape of keyword
    /// salad ("the GIL is the bytecode of the reference counting"). Evidence here only names.
    Dense,
}

/// A sentence that ties three or more concepts together must give each this many words
/// on average, or it reads as salad. Explanations spend a clause on an idea; salad strings
/// one term to the next with "the ... of the ...".
const DENSE_WORDS_PER_CONCEPT: usize = 6;
/// Concepts in one sentence from which density is judged.
const DENSE_MIN_CONCEPTS: usize = 3;
/// Concepts that must start in one clause for a sentence to be packed: salad runs several
/// through a clause, notes give each idea a clause of its own.
const CLAUSE_MIN: usize = 2;

/// The affirmative concept hits of an answer, grouped by sentence once (a stable sort keeps
/// each sentence's hits in order), so a long answer with many sentences stays linear.
struct HitsBySentence<'h> {
    hits: Vec<(usize, &'h Hit)>,
    firsts: Vec<usize>,
}

impl<'h> HitsBySentence<'h> {
    fn new(sentences: usize, counted_hits: &[(usize, &'h Hit)]) -> Self {
        let mut hits: Vec<(usize, &Hit)> = counted_hits
            .iter()
            .filter(|(_, hit)| hit.sentence < sentences)
            .copied()
            .collect();
        hits.sort_by_key(|(_, hit)| hit.sentence);
        let firsts = (0..=sentences)
            .map(|s| hits.partition_point(|(_, hit)| hit.sentence < s))
            .collect();
        HitsBySentence { hits, firsts }
    }

    fn of(&self, sentence: usize) -> &[(usize, &'h Hit)] {
        &self.hits[self.firsts[sentence]..self.firsts[sentence + 1]]
    }
}

pub(crate) fn classify_sentences(
    m: &AnswerIndex,
    counted_hits: &[(usize, &Hit)],
) -> Vec<SentenceKind> {
    let by_sentence = HitsBySentence::new(m.tokenized.sentences.len(), counted_hits);
    // Each sentence's ideas and words, worked out once for both density rules.
    let packing: Vec<(Ideas, usize)> = m
        .tokenized
        .sentences
        .iter()
        .enumerate()
        .map(|(si, s)| (distinct_ideas(m, by_sentence.of(si)), word_count(m, s)))
        .collect();
    let mut kinds: Vec<SentenceKind> = m
        .tokenized
        .sentences
        .iter()
        .enumerate()
        .map(|(si, s)| match shape(m, s) {
            Some(kind) => kind,
            None => by_evidence(m, s, by_sentence.of(si), packing[si]),
        })
        .collect();
    salad_as_a_whole(&packing, &mut kinds);
    short_reply(m, &packing, &mut kinds);
    kinds
}

/// Words at most in an answer that is one short reply ("By reference.").
const SHORT_REPLY_WORDS: usize = 6;

/// An answer that is one short line about one idea ("By reference.", "Last in, first
/// out.") says what it says: nothing else in it could be the glue of a statement, and
/// experts give such replies credit for the idea. Two ideas or more in a few words stay a
/// list of terms ("deque, Counter").
fn short_reply(m: &AnswerIndex, packing: &[(Ideas, usize)], kinds: &mut [SentenceKind]) {
    if let ([(ideas, words)], [kind @ SentenceKind::TermList]) = (packing, &mut *kinds) {
        // A chain of bare nouns ("names -> same object -> identity") names its links.
        let chain = m.tokenized.tokens.iter().any(|t| t.text == ARROW);
        if *words <= SHORT_REPLY_WORDS && ideas.count == 1 && !chain {
            *kind = SentenceKind::Prose;
        }
    }
}

/// Words per concept under which a sentence of three or more concepts is tight, though not
/// crowded enough to only name them on its own.
const TIGHT_WORDS_PER_CONCEPT: usize = 8;

/// Stuffing judged on the whole answer: when most of its sentences that carry evidence are
/// tight (three or more concepts in under eight words each) or crowded, the answer strings
/// terms together throughout, and none of its many-concept sentences states anything.
/// A real explanation has a tight sentence here and there, not one after another.
fn salad_as_a_whole(packing: &[(Ideas, usize)], kinds: &mut [SentenceKind]) {
    let mut carrying = 0;
    let mut tight = 0;
    for (kind, &(ideas, words)) in kinds.iter().zip(packing) {
        if !matches!(kind, SentenceKind::Prose | SentenceKind::Dense) || ideas.count == 0 {
            continue;
        }
        carrying += 1;
        if ideas.packed(words, TIGHT_WORDS_PER_CONCEPT) {
            tight += 1;
        }
    }
    if tight < 2 || 2 * tight < carrying {
        return;
    }
    for (kind, (ideas, _)) in kinds.iter_mut().zip(packing) {
        if *kind == SentenceKind::Prose && ideas.count >= 2 {
            *kind = SentenceKind::Dense;
        }
    }
}

/// The concepts a sentence's hits tie together, each on words of its own (concepts whose
/// only hits are the same words, "`__repr__`" being a term of several, count once), and how
/// many of those it only names rather than saying something of them in a phrase with glue
/// inside. Salad strings names together ("the StopIteration of a lazy iterator"); a compact
/// expert sentence says things of its ideas ("the readable form for users").
#[derive(Debug, Clone, Copy, Default)]
struct Ideas {
    count: usize,
    /// Places where the words switch from one concept to another with nothing in common
    /// between them. A compact explanation keeps an idea's words together ("the readable
    /// form for users, used by print() and str()": two switches at most); salad jumps from
    /// one concept to the next at every noun ("a generator is the StopIteration of a lazy
    /// iterator").
    switches: usize,
    /// Most concepts starting in one clause.
    max_per_clause: usize,
    /// Concepts that the sentence only names: none of their hits here says something of
    /// them ([`says_something`]).
    named_only: usize,
}

/// Whether a hit says something of its concept rather than naming it: it ties its words
/// ([`Hit::ties`]) through a glue word inside it ("binds *the* instance", "called *on an*
/// instance") or across a gap between its parts (an all-group whose words stand close, so
/// that they tie, but not side by side). A single word, or a run of content words ("method
/// resolution order", "plain function"), is a name, however many words it has: salad
/// strings names, an expert's compact sentence says things of them.
fn says_something(m: &AnswerIndex, h: &Hit) -> bool {
    let glue_inside = h.tokens.len() >= 3
        && h.tokens[1..h.tokens.len() - 1]
            .iter()
            .any(|&t| m.is_function_word(t));
    let apart = h.tokens.windows(2).any(|w| w[1] != w[0] + 1);
    h.ties && (glue_inside || apart)
}

fn distinct_ideas(m: &AnswerIndex, hits: &[(usize, &Hit)]) -> Ideas {
    let mut concepts: Vec<usize> = hits.iter().map(|&(c, _)| c).collect();
    concepts.sort_unstable();
    concepts.dedup();
    let mut used: Vec<usize> = Vec::new();
    let mut ideas = Ideas::default();
    for c in concepts {
        // A hit on words no other concept has taken.
        let own = hits
            .iter()
            .filter(|&&(hc, h)| hc == c && h.tokens.iter().all(|t| !used.contains(t)))
            .max_by_key(|(_, h)| h.tokens.len());
        if let Some((_, h)) = own {
            used.extend(h.tokens.iter().copied());
            ideas.count += 1;
            if !hits.iter().any(|&(hc, h)| hc == c && says_something(m, h)) {
                ideas.named_only += 1;
            }
        }
    }
    // The concepts at each place, in text order; a place many concepts share is one place.
    let mut places: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut ordered: Vec<(usize, usize)> = hits
        .iter()
        .filter_map(|&(c, h)| h.tokens.first().map(|&t| (t, c)))
        .collect();
    ordered.sort_unstable();
    for &(at, c) in &ordered {
        match places.last_mut() {
            Some((last, cs)) if *last == at => cs.push(c),
            _ => places.push((at, vec![c])),
        }
    }
    ideas.max_per_clause = most_in_one_clause(m, &ordered);
    ideas.switches = places
        .windows(2)
        .filter(|w| w[0].1.iter().all(|c| !w[1].1.contains(c)))
        .count();
    ideas
}

/// Most distinct concepts that start in one clause of the sentence, given each hit's first
/// token and concept in text order. Clauses here end at punctuation only (commas,
/// semicolons, colons, brackets, dashes): inline code sits inside the clause it is part of.
fn most_in_one_clause(m: &AnswerIndex, ordered: &[(usize, usize)]) -> usize {
    let toks = &m.tokenized.tokens;
    let mut most = 0;
    let mut in_clause: Vec<usize> = Vec::new();
    for (i, &(at, c)) in ordered.iter().enumerate() {
        if let Some(&(before, _)) = i.checked_sub(1).and_then(|p| ordered.get(p)) {
            let between = m.text.get(toks[before].end..toks[at].start).unwrap_or("");
            if between.contains(CLAUSE_MARKS)
                || between.contains('\u{2192}')
                || between.contains("->")
                || between.contains(" - ")
            {
                in_clause.clear();
            }
        }
        if !in_clause.contains(&c) {
            in_clause.push(c);
        }
        most = most.max(in_clause.len());
    }
    most
}

impl Ideas {
    /// Many ideas in few words, most of them only named: the shape of salad. A compact
    /// expert sentence that says something of most of its ideas ("`classmethod` binds the
    /// class through which it was accessed, so `cls` is the subclass when inherited") is
    /// prose, however tight.
    fn packed(self, words: usize, words_per_idea: usize) -> bool {
        2 * self.named_only > self.count
            && self.count >= DENSE_MIN_CONCEPTS
            && words < words_per_idea * self.count
            && self.max_per_clause >= CLAUSE_MIN
    }

    /// Packed, and jumping between ideas rather than keeping each one's words together.
    fn jumbled(self, words: usize, words_per_idea: usize) -> bool {
        self.packed(words, words_per_idea) && self.switches >= self.count
    }
}

/// Words and code names: in "it calls `iter()` once, then `next()`", the code is what the
/// sentence talks about, and counts as much as its prose.
fn word_count(m: &AnswerIndex, s: &Sentence) -> usize {
    let toks = &m.tokenized.tokens;
    (s.first_token..s.token_end)
        .filter(|&i| toks[i].kind != TokenKind::Symbol)
        .count()
}

/// The kind a sentence has by its words alone, or `None` for prose whose evidence decides.
fn shape(m: &AnswerIndex, s: &Sentence) -> Option<SentenceKind> {
    let toks = &m.tokenized.tokens;
    if s.is_code {
        return Some(SentenceKind::Code);
    }
    let range = s.first_token..s.token_end;
    let words = range
        .clone()
        .filter(|&i| toks[i].kind == TokenKind::Word)
        .count();
    if range
        .clone()
        .all(|i| toks[i].in_code || toks[i].kind != TokenKind::Word)
    {
        return Some(SentenceKind::Code);
    }
    let function_words = range
        .clone()
        .filter(|&i| toks[i].kind == TokenKind::Word && !toks[i].in_code && m.is_function_word(i))
        .count();
    // A chain states its links when they say something ("compiled to bytecode -> run by
    // the virtual machine"); nouns joined by arrows ("call -> frame -> scope") only name.
    let arrows = range.clone().filter(|&i| toks[i].text == ARROW).count();
    if arrows > 0 && words >= 2 {
        let links = |i: usize| toks[i].text == ARROW;
        return Some(
            if function_words > 0 || a_part_says_something(m, range.clone(), links) {
                SentenceKind::Chain
            } else {
                SentenceKind::TermList
            },
        );
    }
    // A table row says its cells of its first cell, as a chain says its links: a row of
    // bare terms ("| GIL | mutex | threads |") only names them.
    if s.table_row {
        let cells = |i: usize| i > s.first_token && toks[i].clause != toks[i - 1].clause;
        return Some(
            if function_words > 0 || a_part_says_something(m, range.clone(), cells) {
                SentenceKind::TableRow
            } else {
                SentenceKind::TermList
            },
        );
    }
    if looks_like_a_list(m, range.clone(), words, function_words) {
        return Some(SentenceKind::TermList);
    }
    // A short statement written as a sentence ("Since 3.7 dicts keep insertion
    // order.") may have no glue word at all; a list rarely ends with a full stop.
    let one_clause = range
        .clone()
        .all(|i| toks[i].clause == toks[s.first_token].clause);
    let written_sentence = s.terminated && (4..=12).contains(&words) && one_clause;
    // Inline code as the subject ("`is` compares identity") does a function word's
    // job of tying the words into a statement.
    // Not for a label before code ("Keywords: `*args` `**kwargs`"): one word ties nothing.
    let glue = function_words + usize::from(words >= 2 && range.clone().any(|i| toks[i].in_code));
    if range.len() < 3
        || (!written_sentence
            && (glue == 0 || (glue as f64) < MIN_FUNCTION_WORD_SHARE * words as f64))
    {
        return Some(SentenceKind::TermList);
    }
    None
}

/// Whether some part of a sentence (a link of an arrow chain, a cell of a table row) is
/// more than a name: two words or more, one of them no rubric word ("define `__call__` ->
/// instances become callable"). A chain of bare terms ("names -> same object -> identity")
/// only names its links. `starts_part` says where a new part starts (the arrow token of a
/// chain starts the next link and is no word of it).
fn a_part_says_something(
    m: &AnswerIndex,
    range: std::ops::Range<usize>,
    starts_part: impl Fn(usize) -> bool,
) -> bool {
    let toks = &m.tokenized.tokens;
    let (mut words, mut plain) = (0, 0);
    for i in range {
        if starts_part(i) {
            (words, plain) = (0, 0);
        }
        if toks[i].text == ARROW {
            continue;
        }
        if toks[i].kind == TokenKind::Symbol {
            continue;
        }
        words += 1;
        plain += usize::from(
            toks[i].kind == TokenKind::Word && !toks[i].in_code && !m.is_concept_word(i),
        );
        if words >= 2 && plain >= 1 {
            return true;
        }
    }
    false
}

/// Prose, unless its evidence is packed too tight: mostly rubric terms for many concepts
/// (stuffing), or many concepts in few words (salad).
fn by_evidence(
    m: &AnswerIndex,
    s: &Sentence,
    hits: &[(usize, &Hit)],
    (ideas, words): (Ideas, usize),
) -> SentenceKind {
    let mut evidence_tokens: Vec<usize> = Vec::new();
    let mut concepts: Vec<usize> = Vec::new();
    for &(concept, hit) in hits {
        // Glue words inside a long phrase term are not what makes a sentence stuffed.
        evidence_tokens.extend(hit.tokens.iter().filter(|&&i| !m.is_function_word(i)));
        if !concepts.contains(&concept) {
            concepts.push(concept);
        }
    }
    evidence_tokens.sort_unstable();
    evidence_tokens.dedup();
    let len = s.token_end - s.first_token;
    let density = evidence_tokens.len() as f64 / len.max(1) as f64;
    if concepts.len() >= STUFFING_MIN_CONCEPTS && density > STUFFING_DENSITY {
        return SentenceKind::TermList;
    }
    if ideas.jumbled(words, DENSE_WORDS_PER_CONCEPT) {
        return SentenceKind::Dense;
    }
    SentenceKind::Prose
}

/// Words at most between two hits of one concept in a list item that describes it.
const MAX_DESCRIBING_GAP: usize = 8;

/// Whether two hits of one concept in the same item of a list describe it together: the
/// name and what it does, tied by a colon, a dash, an equals sign, an arrow or a glue word
/// ("deque: O(1) at both ends", "Counter tallies with most_common"). A keyword list puts its
/// terms side by side, parted by commas, slashes or nothing at all ("deque, O(1), both
/// ends"; "reference counting refcount"), and so only names.
pub(crate) fn describe_together(m: &AnswerIndex, a: &Hit, b: &Hit) -> bool {
    let (Some(&a_last), Some(&b_first)) = (a.tokens.last(), b.tokens.first()) else {
        return false;
    };
    let (Some(&(_, a_end)), Some(&(b_start, _))) = (a.spans.last(), b.spans.first()) else {
        return false;
    };
    a.sentence == b.sentence && ties_across(m, (a_last, a_end), (b_first, b_start), false)
}

/// Whether the gap between a name ending at token and byte `(a_last, a_end)` and words
/// starting at `(b_first, b_start)`, in one item of a list, ties them: a colon, a dash, an
/// equals sign, an arrow or a glue word, with no comma, semicolon or slash between. An
/// arrow alone ties when `bare_arrow` is set: after a subject ("`==` -> compares values")
/// it says what the subject does, where between two terms it chains names.
pub(crate) fn ties_across(
    m: &AnswerIndex,
    (a_last, a_end): (usize, usize),
    (b_first, b_start): (usize, usize),
    bare_arrow: bool,
) -> bool {
    if a_last >= b_first {
        return false;
    }
    let Some(between) = m.text.get(a_end..b_start) else {
        return false;
    };
    // Commas, semicolons and slashes part alternatives ("import / from-import / alias").
    if between.contains([',', ';', '/', '\n']) || b_first - a_last - 1 > MAX_DESCRIBING_GAP {
        return false;
    }
    let toks = &m.tokenized.tokens;
    let gap = a_last + 1..b_first;
    // A glue word inside a compound ("from-import") ties nothing.
    let glue_word = gap.clone().any(|i| {
        m.is_function_word(i)
            && !matches!(toks[i].text.as_str(), "and" | "or")
            && !toks[i].hyphen_before
            && !toks.get(i + 1).is_some_and(|t| t.hyphen_before)
    });
    // An arrow between them, with a word beside it that is no rubric term, ties cause to
    // effect ("appendleft -> deque grows -> both ends"); keyword lists draw no arrows, and
    // a chain of terms ("stack frame -> local scope -> activation record") only names.
    let arrow = gap.clone().any(|i| toks[i].text == ARROW)
        && (bare_arrow
            || gap
                .clone()
                .any(|i| toks[i].kind == TokenKind::Word && !m.is_concept_word(i)));
    // A table's cells part what a row is about from what it says of it, as a colon does.
    let cells =
        m.tokenized.sentences[toks[a_last].sentence as usize].table_row && between.contains('|');
    glue_word
        || arrow
        || cells
        || between.contains([':', '=', '\u{2013}', '\u{2014}'])
        || between.contains(" - ")
}

/// Whether one hit of a table row ties what the row is about to what a cell says of it:
/// an all-group whose parts stand in different cells (`all: ["==", value]` in
/// "| `==` | values |"), as two hits of a list item tied by a colon do.
pub(crate) fn describes_across_cells(m: &AnswerIndex, hit: &Hit) -> bool {
    m.tokenized.sentences[hit.sentence].table_row
        && hit
            .spans
            .windows(2)
            .any(|w| m.text.get(w[0].1..w[1].0).is_some_and(|t| t.contains('|')))
}

/// Consecutive content words (no glue word, no punctuation) that English prose hardly
/// ever strings together; keyword soups do ("try except else finally raise from ...").
const MAX_CONTENT_RUN: usize = 9;

/// Lists that carry a few glue words: "bare except, catch-all, raise from, chaining"
/// (many short comma items, little glue), or a soup of terms with glue pasted around it.
fn looks_like_a_list(
    m: &AnswerIndex,
    range: std::ops::Range<usize>,
    words: usize,
    function_words: usize,
) -> bool {
    let toks = &m.tokenized.tokens;
    // One pass over the prose words (not code, not symbols), each compared with the one
    // before it: a new clause starts an item and breaks a run of content words.
    let mut items = 1;
    let mut run = 0;
    let mut longest = 0;
    let mut previous_clause = None;
    for i in range.filter(|&i| toks[i].kind == TokenKind::Word && !toks[i].in_code) {
        let clause = toks[i].clause;
        let glued = previous_clause == Some(clause);
        if previous_clause.is_some() && !glued {
            items += 1;
        }
        previous_clause = Some(clause);
        run = if m.is_function_word(i) {
            0
        } else if glued {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
    }
    let short_items = items >= 3 && 2 * words <= 5 * items && 4 * function_words < words;
    short_items || longest >= MAX_CONTENT_RUN
}
