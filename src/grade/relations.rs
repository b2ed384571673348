//! Relations: what a statement is about. For questions that contrast two things (`==` and
//! `is`, lists and tuples, `*args` and `**kwargs`), a rubric gives a concept its `subject`;
//! a statement of the concept is then judged by the subject it is said of. "`is` checks
//! identity" ties identity to `is`; "`==` checks identity" ties it to the rival subject and is
//! a swap, which earns nothing and costs points, without the rubric listing each swap.
//!
//! The subject of a statement is read the way a reader does without a parser: the nearest
//! subject named a few words before the concept's words in the same sentence ("`==` compares
//! values, while `is` checks identity": identity goes with `is`), or failing that a few words
//! after them ("identity is what `is` checks"), or, for a sentence that opens with a pronoun,
//! the subject the sentence before ended on. Words with no subject near them ("a class without
//! one falls back to identity") are not judged, and neither is a concept without a subject.

use std::cell::Cell;

use hashbrown::HashMap;
use smallvec::SmallVec;

use super::compile::CompiledRubric;
use super::evidence::{Hit, Scratch};
use super::index::AnswerIndex;
use super::sentences::ties_across;
use super::vocabulary::stem_of;
use crate::lexicon::{draws_a_likeness, names_a_foil, turns_to_the_other_side};
use crate::tokens::TokenKind;

/// How many tokens a subject before its concept's words reaches ("`==` checks whether two
/// objects have equal values": seven).
const REACH_BEFORE: usize = 10;
/// How far the subject that opens a sentence reaches: a sentence about one thing goes on
/// saying things of it ("`+=`, on the other hand, adds up the lengths first and allocates
/// the result once": eleven), through its colons and commas to the end of a long sentence
/// ("`os.path` is the modern API that gives you objects: you ask for `.stem` and
/// `.suffix`"). Sixteen missed swaps in fluent answers written blind to the grader;
/// forty caught six more and moved no correct answer's score. The bound keeps the walk back
/// short in a hostile answer of one endless sentence.
const OPENER_REACH: usize = 40;
/// Tokens into its sentence within which a subject opens it.
const OPENS_WITHIN: usize = 2;
/// How many tokens a subject after them reaches, in a turned-round sentence ("identity is
/// what `is` checks": three). Shorter: the next clause's subject often follows closely.
const REACH_AFTER: usize = 4;

/// Commas after a labelled hit that make its item a keyword list under a label.
const LABELLED_LIST_COMMAS: usize = 2;

/// Who a hit of a concept is said of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// Its own subject, or none named: the statement stands.
    Own,
    /// Another concept's subject, and not its own: a swap. The index is the mention's.
    Rival(usize),
}

/// Whether the subject named at token `first` is the foil of a comparison ("faster *than*
/// a list", "*unlike* a tuple", "*compared with* a list", "*not* a list"), which is what the
/// sentence is not about.
fn is_foil(m: &AnswerIndex, first: usize) -> bool {
    let toks = &m.tokenized.tokens;
    let word = |back: usize| {
        first
            .checked_sub(back)
            .and_then(|i| toks.get(i))
            .filter(|t| m.facts[first].sentence == t.sentence)
            .map(|t| t.text.as_str())
    };
    let back = if matches!(word(1), Some("a" | "an" | "the")) {
        2
    } else {
        1
    };
    match word(back) {
        // "use `is None`, *not* `== None`": the side named after "not" is set aside.
        Some(w) if names_a_foil(w) => true,
        Some("of") => word(back + 1) == Some("instead"),
        Some("with" | "to") => word(back + 1) == Some("compared"),
        _ => false,
    }
}

/// Whether the tokens `start..end` liken one side to the other ("the same as", "falls back
/// to", "defaults to").
fn likeness_between(m: &AnswerIndex, start: usize, end: usize) -> bool {
    let toks = &m.tokenized.tokens;
    (start..end.min(toks.len())).any(|i| {
        let previous = i.checked_sub(1).map(|p| toks[p].text.as_str());
        draws_a_likeness(previous, &toks[i].text)
    })
}

/// Whether a relative clause ("which", "who", "that") follows the mention ending at token
/// `last`: what it says is said of the mention.
fn opens_a_relative_clause(m: &AnswerIndex, last: usize) -> bool {
    m.tokenized
        .tokens
        .get(last + 1)
        .is_some_and(|t| matches!(t.text.as_str(), "which" | "who" | "that"))
}

/// Whether a subject's hit is one prose word that only shares the subject's stem, as a
/// verb form the rubric never wrote: "mapping and filtering" do not name `map` and
/// `filter`. A side is a thing; reading such a word as one made the words after it a
/// swap. A form the rubric lists ("pickling" for `pickle`) names its side.
fn a_verb_form(rubric: &CompiledRubric, m: &AnswerIndex, hit: &Hit) -> bool {
    let [t] = hit.tokens.as_slice() else {
        return false;
    };
    let tok = &m.tokenized.tokens[*t];
    let word = tok.text.as_str();
    tok.kind == TokenKind::Word
        && !tok.in_code
        && (word.ends_with("ing") || word.ends_with("ed"))
        && stem_of(word) != word
        && !m
            .word_ids(*t)
            .iter()
            .any(|&w| rubric.vocabulary.vocab[w as usize].text == word)
}

/// A place where the answer names a subject, and the concepts it is the subject of.
#[derive(Debug)]
struct Mention {
    first: usize,
    last: usize,
    sentence: u32,
    text: (usize, usize),
    owners: SmallVec<[usize; 2]>,
    /// Named as the foil of a comparison: what the sentence is not about, except in a
    /// relative clause of its own ("unlike lists, *which are mutable*, ...").
    foil: bool,
}

/// Every subject the answer names, for a rubric with subjects.
pub(crate) struct Subjects {
    /// In text order (by first token, then last): a hit's neighbours are found by binary
    /// search, where a walk over every mention per hit made a long answer full of subjects
    /// quadratic (50,000 lines of `>>> a is b` took seconds).
    mentions: Vec<Mention>,
    /// Which concepts have a subject: only those are judged.
    judged: Vec<bool>,
    /// The most tokens any mention spans, less one: how far before a hit a mention can
    /// start and still end near it.
    longest: usize,
    /// The antecedent last worked out, by sentence: the hits of one sentence ask for the
    /// same one, and finding it walks the mentions of the sentence before.
    antecedent: Cell<Option<(usize, Option<usize>)>>,
}

impl Subjects {
    /// The subjects named in the answer, or `None` when no concept of the rubric has one.
    pub(crate) fn find(rubric: &CompiledRubric, m: &AnswerIndex) -> Option<Self> {
        let mut mentions: Vec<Mention> = Vec::new();
        // Where each (first, last) is in `mentions`.
        let mut at: HashMap<(usize, usize), usize, foldhash::fast::FixedState> = HashMap::default();
        let mut scratch = Scratch::default();
        let mut any = false;
        for (c, concept) in rubric.concepts.iter().enumerate() {
            let Some(subject) = &concept.subject else {
                continue;
            };
            any = true;
            let mut hits = Vec::new();
            subject.hits_into(m, &mut hits, &mut scratch);
            for hit in hits
                .iter()
                .filter(|h| !h.tokens.is_empty() && !a_verb_form(rubric, m, h))
            {
                let (first, last) = (hit.tokens[0], hit.tokens[hit.tokens.len() - 1]);
                match at.get(&(first, last)) {
                    Some(&i) if !mentions[i].owners.contains(&c) => mentions[i].owners.push(c),
                    Some(_) => {}
                    None => {
                        at.insert((first, last), mentions.len());
                        mentions.push(Mention {
                            first,
                            last,
                            sentence: m.facts[first].sentence,
                            text: hit.spans[0],
                            owners: SmallVec::from_slice(&[c]),
                            foil: is_foil(m, first),
                        });
                    }
                }
            }
        }
        mentions.sort_by_key(|x| (x.first, x.last));
        let judged = rubric
            .concepts
            .iter()
            .map(|c| c.subject.is_some())
            .collect();
        let longest = mentions.iter().map(|x| x.last - x.first).max().unwrap_or(0);
        any.then_some(Subjects {
            mentions,
            judged,
            longest,
            antecedent: Cell::new(None),
        })
    }

    /// The indices of the mentions whose first token is in `tokens`.
    fn starting_in(&self, tokens: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let from = self.mentions.partition_point(|x| x.first < tokens.start);
        let to = self.mentions.partition_point(|x| x.first < tokens.end);
        from..to.max(from)
    }

    /// Who `hit`, a hit of concept `concept`, is said of.
    pub(crate) fn judge(&self, concept: usize, hit: &Hit, m: &AnswerIndex) -> Relation {
        let Some(&first) = hit.tokens.first() else {
            return Relation::Own;
        };
        if !self.judged.get(concept).copied().unwrap_or(false) {
            return Relation::Own;
        }
        let last = hit.tokens[hit.tokens.len() - 1];
        // Words that hold their own subject ("json gives a string") are said of it,
        // whatever subject stands before them.
        if self.mentions[self.starting_in(first..last + 1)]
            .iter()
            .any(|x| !x.foil && x.last <= last && x.owners.contains(&concept))
        {
            return Relation::Own;
        }
        let sentence = m.facts[first].sentence;
        let opening = m
            .tokenized
            .sentences
            .get(sentence as usize)
            .map(|s| s.first_token);
        let before = self.subject_before(first, opening, m);
        let toks = &m.tokenized.tokens;
        // A subject after the words is theirs in a turned-round clause ("identity is what
        // `is` checks"), not across a contrast ("heaps serve priority queues, whereas
        // `bisect` ...").
        let contrasted =
            |x: &Mention| (last + 1..x.first).any(|t| turns_to_the_other_side(&toks[t].text));
        let after = || {
            self.starting_in(last + 1..last + 1 + REACH_AFTER)
                .map(|i| (i, &self.mentions[i]))
                .filter(|(_, x)| !x.foil)
                .find(|(_, x)| x.sentence == sentence)
                .filter(|(_, x)| !contrasted(x))
        };
        match before.or_else(after).or_else(|| self.antecedent(first, m)) {
            // "a tuple *cannot* do appending" denies the words of the rival: the contrast
            // the concept draws, not a swap.
            Some((_, x)) if x.last < first && m.negators_between(x.last + 1, first) => {
                Relation::Own
            }
            // "`==` behaves *the same as* `is` and compares identity", "`str()` *falls back
            // to* `__repr__`": the rival borrows the concept's behaviour, which is true.
            Some((_, x)) if x.last < first && likeness_between(m, x.last + 1, first) => {
                Relation::Own
            }
            Some((i, x)) if !x.owners.contains(&concept) => Relation::Rival(i),
            _ => Relation::Own,
        }
    }

    /// Whether a list item labels `hit` with concept `concept`'s own subject: the item names
    /// that side, and only it, before the hit and ties it to the hit with a colon, an arrow,
    /// a dash, an equals sign or a glue word ("`==` -> compares values", "tuple: immutable").
    /// That is how notes state what a side does, though the item's words are mostly terms.
    /// An item labelled with the other side is not judged here: notes write "no `__str__`
    /// -> uses `__repr__`", and reading swaps in them needs the negations and likenesses
    /// prose is read for.
    pub(crate) fn labels_as_own(&self, concept: usize, hit: &Hit, m: &AnswerIndex) -> bool {
        let (Some(&first), Some(&(start, _))) = (hit.tokens.first(), hit.spans.first()) else {
            return false;
        };
        let sentence = m.facts[first].sentence;
        let Some(item) = m.tokenized.sentences.get(sentence as usize) else {
            return false;
        };
        // A label over a run of terms ("partial: partial application, freeze arguments, new
        // callable, ...") is a keyword list with a heading, and only names.
        let rest = m.text.get(start..item.end).unwrap_or_default();
        if !self.judged.get(concept).copied().unwrap_or(false)
            || rest.matches(',').count() >= LABELLED_LIST_COMMAS
        {
            return false;
        }
        let mut before = self
            .starting_in(item.first_token..first)
            .rev()
            .map(|i| &self.mentions[i])
            .filter(|x| x.sentence == sentence && x.last < first);
        let Some(x) = before.next() else {
            return false;
        };
        !x.foil
            && x.owners.contains(&concept)
            && before.all(|other| other.owners == x.owners)
            && ties_across(m, (x.last, x.text.1), (first, start), true)
    }

    /// The subject that stands before words starting at token `first`, in their sentence
    /// (which opens at token `opening`), and reaches them. A subject governs the words near
    /// it: past a few words the sentence may say something else of another ("`==` calls
    /// `__eq__`, and a class without one falls back to identity").
    fn subject_before(
        &self,
        first: usize,
        opening: Option<usize>,
        m: &AnswerIndex,
    ) -> Option<(usize, &Mention)> {
        let sentence = m.facts[first].sentence;
        let toks = &m.tokenized.tokens;
        let reaches = |x: &Mention| {
            let opens = opening.is_some_and(|o| x.first <= o + OPENS_WITHIN);
            let reach = if opens { OPENER_REACH } else { REACH_BEFORE };
            // A semicolon starts a statement of its own, with a subject of its own: no
            // subject before it reaches past it ("... on a single thread; you need async
            // libraries" says nothing of threads). Looked for only within reach.
            x.last < first
                && first - x.last <= reach
                && m.text
                    .get(toks[x.last].end..toks[first].start)
                    .is_some_and(|between| !between.contains(';'))
        };
        // A foil is the subject only of its own relative clause ("unlike lists, which are
        // mutable, tuples ..."): otherwise the sentence is about the other side. The nearest
        // such mention before the words, if it reaches them. Mentions that start further back
        // than any can reach from are not looked at: none of them could be it.
        let too_far = |x: &Mention| x.first + self.longest + OPENER_REACH < first;
        self.starting_in(opening.unwrap_or(0)..first)
            .rev()
            .map(|i| (i, &self.mentions[i]))
            .take_while(|(_, x)| !too_far(x))
            .find(|(_, x)| {
                x.sentence == sentence
                    && x.last < first
                    && (!x.foil || opens_a_relative_clause(m, x.last))
            })
            .filter(|(_, x)| reaches(x))
    }

    /// For a sentence that opens with a pronoun ("It is True only when ..."), the subject
    /// of the sentence before it.
    fn antecedent(&self, first: usize, m: &AnswerIndex) -> Option<(usize, &Mention)> {
        let toks = &m.tokenized.tokens;
        let sentence = m.facts[first].sentence as usize;
        let opening = m.tokenized.sentences.get(sentence)?.first_token;
        let pronoun = matches!(
            toks.get(opening).map(|t| t.text.as_str()),
            Some("it" | "they" | "this" | "these" | "that")
        );
        let previous = sentence.checked_sub(1)?;
        if !pronoun {
            return None;
        }
        if let Some((_, found)) = self.antecedent.get().filter(|&(s, _)| s == previous) {
            return found.map(|i| (i, &self.mentions[i]));
        }
        let found = self.antecedent_of(previous, m);
        self.antecedent.set(Some((previous, found)));
        found.map(|i| (i, &self.mentions[i]))
    }

    /// The mention the sentence `previous` was about (see [`Subjects::antecedent`]).
    fn antecedent_of(&self, previous: usize, m: &AnswerIndex) -> Option<usize> {
        let s = m.tokenized.sentences.get(previous)?;
        // The side the sentence before was about: the one it opened with, and only when it
        // named no other ("A tuple is like a list, but immutable. It can be a dict key":
        // "it" could be either, so it is not judged).
        let mut named = self
            .starting_in(s.first_token..s.token_end)
            .map(|i| (i, &self.mentions[i]))
            .filter(|(_, x)| !x.foil && x.sentence as usize == previous);
        let (i, opener) = named.next()?;
        named.all(|(_, x)| x.owners == opener.owners).then_some(i)
    }

    /// The byte span of mention `i`, for quoting it.
    pub(crate) fn span(&self, i: usize) -> (usize, usize) {
        self.mentions[i].text
    }
}
