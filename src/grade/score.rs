//! The score: from each target's hits to covered concepts, spotted misconceptions and the
//! weighted share, as docs/grading.md describes.

use smallvec::SmallVec;

use super::compile::{CompiledConcept, CompiledRubric};
use super::evidence::{Hit, Scratch};
use super::index::AnswerIndex;
use super::lines::LineIndex;
use super::relations::{Relation, Subjects};
use super::result::{
    AnswerFlag, BRIEF_SHARE, ConceptGrade, Evidence, GradedAnswer, LOOSE_SHARE, Level,
    MAX_EVIDENCE, MisconceptionGrade, NAMED_IN_CONTEXT_SHARE, OWN_WORDS_MIN, UNCONFIRMED_MARGIN,
    Uncounted, UncountedEvidence,
};
use super::sentences::{
    SentenceKind, classify_sentences, describe_together, describes_across_cells,
};
use super::stance::{framed_as_not_held, other_language};
use crate::tokens::TokenKind;

/// Points taken off an answer that is about another programming language.
pub const OTHER_LANGUAGE_PENALTY: f64 = 50.0;
/// The id under which that rule reports, beside the rubric's own misconceptions.
pub const OTHER_LANGUAGE_ID: &str = "other-language";
/// Swaps report as misconceptions with this prefix before the concept's id.
pub const SWAP_ID_PREFIX: &str = "swapped-";

/// List hits of one concept looked at for a name and its description: an item has a few,
/// and an answer that repeats a term thousands of times must not cost a pair per two.
const MAX_LISTED: usize = 16;

/// Rounds to one decimal so reports are the same on every machine and in every format.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The hits of every target of a rubric, in one list: each target's are a range of it.
struct RubricHits {
    all: Vec<Hit>,
    concepts: Vec<std::ops::Range<usize>>,
    misconceptions: Vec<std::ops::Range<usize>>,
}

impl RubricHits {
    fn find(rubric: &CompiledRubric, m: &AnswerIndex) -> Self {
        let mut all: Vec<Hit> = Vec::with_capacity(256);
        let mut scratch = Scratch::with_room();
        let mut found = |target: &super::evidence::Target| {
            let start = all.len();
            target.hits_into(m, &mut all, &mut scratch);
            start..all.len()
        };
        let concepts = rubric.concepts.iter().map(|c| found(&c.target)).collect();
        let misconceptions = rubric
            .misconceptions
            .iter()
            .map(|c| found(&c.target))
            .collect();
        RubricHits {
            all,
            concepts,
            misconceptions,
        }
    }

    fn concept(&self, i: usize) -> &[Hit] {
        &self.all[self.concepts[i].clone()]
    }

    fn misconception(&self, i: usize) -> &[Hit] {
        &self.all[self.misconceptions[i].clone()]
    }
}

/// Grades `text` against `rubric`. Pure: no I/O, no clock, no randomness.
pub fn grade(rubric: &CompiledRubric, text: &str) -> GradedAnswer {
    let m = rubric.vocabulary.index(text);
    let lines = LineIndex::new(text);
    let words = m
        .tokenized
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .count();
    let hits = RubricHits::find(rubric, &m);

    // Density counts concept hits only: a wrong statement must not hide itself (and its
    // penalty) by making its sentence look stuffed. Concepts that naming answers (the types
    // a "which types are there" question asks for) are items, not claims, and do not count.
    let affirmative: Vec<(usize, &Hit)> = (0..rubric.concepts.len())
        .filter(|&i| rubric.concepts[i].naming < 0.5)
        .flat_map(|i| {
            hits.concept(i)
                .iter()
                .filter(|h| !h.negated)
                .map(move |h| (i, h))
        })
        .collect();
    let kinds = classify_sentences(&m, &affirmative);

    // Misconceptions first: a concept's words inside a wrong statement earn nothing.
    let (mut misconceptions, wrong_tokens) = spot_misconceptions(rubric, &hits, &m, &lines);
    let subjects = Subjects::find(rubric, &m);
    let judged = Judged {
        kinds: &kinds,
        wrong_tokens: &wrong_tokens,
        subjects: subjects.as_ref(),
        lines: &lines,
        answer: &m,
        words,
    };
    let mut swaps = Vec::new();
    let mut tied = Vec::with_capacity(rubric.concepts.len());
    let mut one_words = Vec::with_capacity(rubric.concepts.len());
    let mut concepts: Vec<ConceptGrade> = rubric
        .concepts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let judgement = judged.concept(i, c, hits.concept(i));
            if let Some(rival) = judgement.swap {
                swaps.push(swap_grade(
                    c,
                    &judgement.graded,
                    rival,
                    rubric.swap_penalty,
                    &lines,
                ));
            }
            tied.push(judgement.tied);
            one_words.push(judgement.one_word);
            judgement.graded
        })
        .collect();
    misconceptions.extend(swaps);
    thinly_stated(&mut concepts, &one_words, words);
    loosely_stated(&mut concepts, &tied, words);
    named_in_context(&mut concepts);
    if let Some(evidence) = other_language(&m, &lines).filter(|_| rubric.python_only) {
        misconceptions.push(other_language_grade(evidence));
    }
    let (score, pass) = score_of(rubric, &concepts, &misconceptions);
    GradedAnswer {
        score,
        pass,
        pass_mark: rubric.pass_mark,
        flags: answer_flags(&m, &concepts, pass),
        concepts,
        misconceptions,
        words,
    }
}

/// What a reader should know about the answer as a whole.
fn answer_flags(m: &AnswerIndex, concepts: &[ConceptGrade], pass: bool) -> Vec<AnswerFlag> {
    let mut flags = Vec::new();
    if m.tokenized.tokens.is_empty() {
        flags.push(AnswerFlag::Empty);
    }
    if concepts.iter().any(|c| c.level == Level::Named) {
        flags.push(AnswerFlag::TermList);
    }
    if concepts.iter().any(ConceptGrade::contradicted) {
        flags.push(AnswerFlag::Contradiction);
    }
    if pass && concepts.iter().any(ConceptGrade::unconfirmed) {
        flags.push(AnswerFlag::Unconfirmed);
    }
    flags
}

/// The misconceptions the answer holds, and the (sorted) tokens of their statements.
fn spot_misconceptions(
    rubric: &CompiledRubric,
    hits: &RubricHits,
    m: &AnswerIndex,
    lines: &LineIndex,
) -> (Vec<MisconceptionGrade>, Vec<usize>) {
    // Most answers hold no wrong statement, so this stays empty and free.
    let mut wrong_tokens: Vec<usize> = Vec::new();
    let mut misconceptions = Vec::new();
    for (i, mc) in rubric.misconceptions.iter().enumerate() {
        // A wrong statement costs its penalty wherever it stands, in a list or in prose;
        // only a denial ("`is` does not compare values") or a contrast is spared.
        let held: Vec<&Hit> = hits
            .misconception(i)
            .iter()
            .filter(|h| !h.negated && !framed_as_not_held(m, h))
            .collect();
        wrong_tokens.extend(held.iter().flat_map(|h| h.tokens.iter().copied()));
        let mut evidence: Vec<Evidence> = held
            .iter()
            .take(MAX_EVIDENCE)
            .flat_map(|h| lines.hit(h))
            .collect();
        if evidence.is_empty() {
            continue;
        }
        evidence.truncate(MAX_EVIDENCE);
        misconceptions.push(MisconceptionGrade {
            id: mc.id.clone(),
            label: mc.label.clone(),
            penalty: mc.penalty,
            correction: mc.correction.clone(),
            evidence,
        });
    }
    wrong_tokens.sort_unstable();
    wrong_tokens.dedup();
    (misconceptions, wrong_tokens)
}

/// What decides whether a concept's hits count, for every concept of one answer.
struct Judged<'a> {
    kinds: &'a [SentenceKind],
    wrong_tokens: &'a [usize],
    subjects: Option<&'a Subjects>,
    lines: &'a LineIndex<'a>,
    answer: &'a AnswerIndex<'a>,
    /// Words in the whole answer (see [`BRIEF_MIN_WORDS`]).
    words: usize,
}

impl<'a> Judged<'a> {
    /// Why a hit of concept `concept` does not state it, if it does not: not at all
    /// (negated, inside a wrong statement, said of the wrong subject), or only naming it
    /// (a list of terms, a crowded sentence).
    fn reason(&self, concept: usize, hit: &Hit) -> Option<Uncounted> {
        if hit.negated {
            return Some(Uncounted::Negated);
        }
        if hit
            .tokens
            .iter()
            .any(|t| self.wrong_tokens.binary_search(t).is_ok())
        {
            return Some(Uncounted::Misconception);
        }
        let code = match self.kinds.get(hit.sentence) {
            Some(SentenceKind::TermList) | None => return Some(Uncounted::TermList),
            Some(SentenceKind::Dense) => return Some(Uncounted::Crowded),
            Some(kind) => *kind == SentenceKind::Code,
        };
        // Who a line of code or its comment is about is not read from word order: code
        // shows a behaviour, and its names are variables as often as subjects.
        let swapped = !code
            && self
                .subjects
                .is_some_and(|s| matches!(s.judge(concept, hit, self.answer), Relation::Rival(_)));
        swapped.then_some(Uncounted::Swapped)
    }

    /// Whether the concept, at `level`, was stated by one word said once, though the rubric
    /// gives other ways to state it.
    fn one_word_only(level: Level, one_word: OneWord, c: &CompiledConcept) -> bool {
        level == Level::Stated
            && matches!(one_word, OneWord::Only(..))
            && c.naming < 0.5
            && c.has_statement_forms
    }

    /// Where the answer first uses each of concept `c`'s own words, when it uses
    /// [`OWN_WORDS_MIN`] of them or more.
    fn own_words(&self, c: &CompiledConcept) -> Vec<Evidence> {
        let m = self.answer;
        let mut places: Vec<usize> = c
            .own_words
            .iter()
            .filter_map(|family| family.iter().filter_map(|&w| m.places(w).first()).min())
            .copied()
            .collect();
        if places.len() < OWN_WORDS_MIN {
            return Vec::new();
        }
        places.sort_unstable();
        places.truncate(MAX_EVIDENCE);
        let toks = &m.tokenized.tokens;
        places
            .into_iter()
            .map(|t| self.lines.evidence(toks[t].start, toks[t].end))
            .collect()
    }

    /// What the hits of concept `i` add up to: which count, which do not and why.
    fn tally<'h>(&self, i: usize, hits: &'h [Hit]) -> Tally<'h>
    where
        'a: 'h,
    {
        let mut t = Tally {
            evidence: Vec::new(),
            uncounted: Vec::new(),
            level: Level::Missing,
            rival: None,
            listed: SmallVec::new(),
            one_word: OneWord::None,
            tied: false,
        };
        for h in hits {
            // Evidence is located only while it is kept: locating costs a scan of its
            // line, and a one-line answer of megabytes can hold hundreds of thousands.
            match self.reason(i, h) {
                None => {
                    t.level = Level::Stated;
                    t.one_word = t.one_word.and(h, self.answer);
                    // Notes, code, chains and table rows state with single words; only
                    // prose is held to tying them.
                    t.tied |= h.ties || self.kinds.get(h.sentence) != Some(&SentenceKind::Prose);
                    if t.evidence.len() < MAX_EVIDENCE {
                        t.evidence.extend(self.lines.hit(h));
                    }
                }
                Some(reason) => self.uncounted(i, h, reason, &mut t),
            }
        }
        t
    }

    /// Records hit `h` of concept `i`, which does not count for `reason`.
    fn uncounted<'h>(&self, i: usize, h: &'h Hit, reason: Uncounted, t: &mut Tally<'h>) {
        if matches!(reason, Uncounted::TermList | Uncounted::Crowded) {
            t.level = t.level.max(Level::Named);
        }
        if reason == Uncounted::TermList && t.listed.len() < MAX_LISTED {
            t.listed.push(h);
        }
        if reason == Uncounted::Swapped && t.rival.is_none() {
            t.rival = self
                .subjects
                .and_then(|s| match s.judge(i, h, self.answer) {
                    Relation::Rival(m) => Some(s.span(m)),
                    Relation::Own => None,
                });
        }
        if t.uncounted.len() < MAX_EVIDENCE {
            t.uncounted.extend(
                self.lines
                    .hit(h)
                    .map(|evidence| UncountedEvidence { evidence, reason }),
            );
        }
    }

    /// A hit in a list item that the item labels with concept `i`'s own subject (see
    /// [`Subjects::labels_as_own`]).
    fn labelled<'h>(&self, i: usize, listed: &[&'h Hit]) -> Option<&'h Hit> {
        let subjects = self.subjects?;
        listed
            .iter()
            .find(|h| subjects.labels_as_own(i, h, self.answer))
            .copied()
    }

    /// One concept's grade from its hits, and the subject it was swapped with when every
    /// statement of it was said of another concept's subject.
    fn concept(&self, i: usize, c: &CompiledConcept, hits: &[Hit]) -> Judgement {
        let Tally {
            mut evidence,
            mut uncounted,
            mut level,
            rival,
            listed,
            one_word,
            mut tied,
        } = self.tally(i, hits);
        // A list item that gives the concept's name and what it does states it.
        if let Some((a, b)) =
            described_in_a_list(&listed, self.answer).filter(|_| level == Level::Named)
        {
            level = Level::Stated;
            tied = true;
            uncounted.retain(|u| u.reason != Uncounted::TermList);
            evidence.extend(self.lines.hit(a));
            if !std::ptr::eq(a, b) {
                evidence.extend(self.lines.hit(b));
            }
        }
        // A list item that labels the concept's words with its subject states them ("`==`
        // -> compares values").
        if let Some(h) = self.labelled(i, &listed).filter(|_| level == Level::Named) {
            level = Level::Brief;
            tied = true;
            uncounted.retain(|u| u.reason != Uncounted::TermList);
            evidence.extend(self.lines.hit(h));
        }
        // One word said once, in an answer long enough to say more, is brief; in a short
        // one, it is brief when the answer as a whole says little of each idea.
        let said_in_one_word = Self::one_word_only(level, one_word, c);
        let long_enough = self.words >= BRIEF_MIN_WORDS;
        if said_in_one_word && long_enough {
            level = Level::Brief;
        }
        evidence.truncate(MAX_EVIDENCE);
        uncounted.truncate(MAX_EVIDENCE);
        let (earned, covered) = earned_and_covered(level, c);
        let graded = ConceptGrade {
            id: c.id.clone(),
            label: c.label.clone(),
            weight: c.weight,
            required: c.required,
            covered,
            level,
            earned,
            own_words: if c.required && level == Level::Missing && uncounted.is_empty() {
                self.own_words(c)
            } else {
                Vec::new()
            },
            evidence,
            uncounted,
            hint: c.hint.clone(),
        };
        // A swap costs only where the concept was never stated right.
        let swap = rival.filter(|_| level != Level::Stated);
        Judgement {
            graded,
            swap,
            one_word: said_in_one_word && !long_enough,
            tied: if !c.has_statement_forms || c.naming >= 0.5 {
                Tie::NotJudged
            } else if tied {
                Tie::Tied
            } else {
                Tie::Loose
            },
        }
    }
}

/// The hits of one concept, sorted: the evidence that counts and the best level it
/// reaches, what did not count and why, and what the whole-answer rules read.
struct Tally<'h> {
    evidence: Vec<Evidence>,
    uncounted: Vec<UncountedEvidence>,
    level: Level,
    /// The subject of another concept the first swapped statement was said of.
    rival: Option<(usize, usize)>,
    /// Hits in lists of terms, looked at for a name and its description.
    listed: SmallVec<[&'h Hit; 4]>,
    /// The one word every counted hit is, while they are all that word.
    one_word: OneWord<'h>,
    /// Some counted hit ties its words (see [`Tie`]).
    tied: bool,
}

/// One concept as judged, before the answer as a whole is looked at.
struct Judgement {
    graded: ConceptGrade,
    /// The concept was said of another concept's subject: the mention's span.
    swap: Option<(usize, usize)>,
    /// How its statements tie its words, for [`loosely_stated`].
    tied: Tie,
    /// Stated by one word said once, in a short answer (see [`thinly_stated`]).
    one_word: bool,
}

/// Whether a concept's counted statements tie two words or more as its rubric wrote them
/// ([`Hit::ties`]). Bare single words that merely stand in one sentence of prose tie
/// nothing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tie {
    /// Tied somewhere, or stated in a note, a line of code, a chain or a table row, which
    /// state with single words.
    Tied,
    /// Stated in prose by bare single words only.
    Loose,
    /// The rubric gives it no form that ties words, or naming it is the answer.
    NotJudged,
}

/// Words an answer needs before its statements are judged as a whole for ties (as for one
/// word said once, [`BRIEF_MIN_WORDS`]).
const LOOSE_MIN_WORDS: usize = BRIEF_MIN_WORDS;
/// Fewer than one stated concept in this many tied: the answer drops the topic's words
/// into its sentences and says few of its ideas in the words a rubric gives them. (At
/// most one in two caught a few more salads, and took a solid answer that names
/// `__enter__` and `__exit__` in prose for loose.)
const LOOSE_ONE_IN: usize = 2;
/// Concepts an answer must state before how it ties them is judged: of one or two, one
/// word said once is judged on its own ([`Judged::one_word_only`]).
const LOOSE_MIN_CONCEPTS: usize = 3;

/// An answer of some length whose prose states most of its concepts with bare single
/// words, tying fewer than half of them as a rubric words them, reads as the topic's terms
/// strung into sentences: fluent keyword salad, or confident claims that only share the
/// vocabulary. Its concepts stated by bare words alone are stated briefly, and earn
/// [`LOOSE_SHARE`], what a name earns beside an explanation: a word here tells no more of
/// its idea than a name does. An explanation, however it is worded, ties more of its ideas
/// (of 255 answers written blind to the grader, graded by rubrics that had not seen them,
/// the rule took in 18 of 85 salads and swaps and 3 of 170 others). At the brief share,
/// salads that the rule took in still scored 30-70 where experts give them 2-5.
fn loosely_stated(concepts: &mut [ConceptGrade], tied: &[Tie], words: usize) {
    if words < LOOSE_MIN_WORDS {
        return;
    }
    let judged =
        |(c, tie): &(&ConceptGrade, &Tie)| c.level >= Level::Brief && **tie != Tie::NotJudged;
    let (count, tied_count) = concepts
        .iter()
        .zip(tied)
        .filter(judged)
        .fold((0, 0), |(n, t), (_, &tie)| {
            (n + 1, t + usize::from(tie == Tie::Tied))
        });
    if count < LOOSE_MIN_CONCEPTS || LOOSE_ONE_IN * tied_count >= count {
        return;
    }
    // Brief ones too: one word said once is as loose as any.
    for (c, _) in concepts
        .iter_mut()
        .zip(tied)
        .filter(|(c, tie)| c.level >= Level::Brief && **tie == Tie::Loose)
    {
        state_briefly(c, LOOSE_SHARE);
    }
}

/// Marks a concept stated as stated briefly, earning `share` of its weight; it stays
/// covered. The whole-answer rules ([`thinly_stated`], [`loosely_stated`]) decide this
/// after each concept has been judged on its own.
fn state_briefly(c: &mut ConceptGrade, share: f64) {
    c.level = Level::Brief;
    c.earned = c.weight * share;
}

/// Concepts an answer under [`BRIEF_MIN_WORDS`] words must state to have no room to say
/// more of each than its word (five in under forty words: eight words each at most).
const THIN_MIN_CONCEPTS: usize = 5;

/// A short answer that states many concepts has said of each little more than its word:
/// its concepts stated by one word said once are brief, as they are in a longer answer
/// ([`Judged::one_word_only`]). Terse replies and short salads both run five ideas
/// or more through under forty words, and experts give them less than full credit for
/// each (of the fixtures, such answers were graded 8-18 points over their labels).
fn thinly_stated(concepts: &mut [ConceptGrade], one_words: &[bool], words: usize) {
    let stated = concepts.iter().filter(|c| c.level == Level::Stated).count();
    if words >= BRIEF_MIN_WORDS || stated < THIN_MIN_CONCEPTS {
        return;
    }
    for (c, _) in concepts
        .iter_mut()
        .zip(one_words)
        .filter(|(c, one)| **one && c.level == Level::Stated)
    {
        state_briefly(c, BRIEF_SHARE);
    }
}

/// Concepts an answer must state before what it only names is read in their context.
const CONTEXT_MIN_STATED: usize = 3;

/// Whether an answer states enough of its concepts, and at least as many as it only
/// names, for its names to be read as notes rather than keywords: an answer that explains
/// three ideas and lists two more in a line of terms knows what the two are; a keyword
/// list names far more than it states. Of our labelled answers, those with three or more
/// concepts only named were graded about 20 points under the experts, in the fixtures,
/// the held-out answers and the real ones alike; keyword lists and salad state few or none.
pub(crate) fn names_in_context(concepts: &[ConceptGrade]) -> bool {
    let stated = concepts.iter().filter(|c| c.level >= Level::Brief).count();
    let named = concepts.iter().filter(|c| c.level == Level::Named).count();
    named > 0 && stated >= CONTEXT_MIN_STATED && stated >= named
}

/// In an answer that [`names_in_context`], each concept only named earns at least
/// [`NAMED_IN_CONTEXT_SHARE`] of its weight.
fn named_in_context(concepts: &mut [ConceptGrade]) {
    if !names_in_context(concepts) {
        return;
    }
    for c in concepts.iter_mut().filter(|c| c.level == Level::Named) {
        c.earned = c.earned.max(c.weight * NAMED_IN_CONTEXT_SHARE);
    }
}

/// The weight a concept earns at `level`, and whether it counts as covered.
fn earned_and_covered(level: Level, c: &CompiledConcept) -> (f64, bool) {
    let earned = match level {
        Level::Stated => c.weight,
        Level::Brief => c.weight * BRIEF_SHARE,
        Level::Named => c.weight * c.naming,
        Level::Missing => 0.0,
    };
    let covered = level >= Level::Brief || (level == Level::Named && c.naming >= 0.5);
    (earned, covered)
}

/// Words an answer needs before a concept stated in one word counts as brief: in a reply
/// of two or three sentences, one word may be all there is room for ("It is passed by
/// reference, so the function sees the caller's list.").
const BRIEF_MIN_WORDS: usize = 40;

/// The counted hits of a concept, as far as whether they are one word said once.
#[derive(Clone, Copy)]
enum OneWord<'a> {
    None,
    /// The word, and the sentence it is in.
    Only(&'a str, usize),
    More,
}

impl<'a> OneWord<'a> {
    /// With counted hit `h` added: the same word again in its sentence is still one word
    /// said once; in another sentence, the answer comes back to it. A hit of more than one
    /// word, or outside a written sentence, is more than one word said once.
    fn and(self, h: &Hit, m: &'a AnswerIndex) -> Self {
        // Notes state with single words ("- use: scheduling, top-k"): only a written
        // sentence, ended by a full stop, has room to say more than the word.
        let written = m
            .tokenized
            .sentences
            .get(h.sentence)
            .is_some_and(|s| s.terminated);
        let word = match h.tokens.as_slice() {
            [t] if written => m.tokenized.tokens[*t].text.as_str(),
            _ => return OneWord::More,
        };
        match self {
            OneWord::None => OneWord::Only(word, h.sentence),
            OneWord::Only(w, s) if w == word && s == h.sentence => self,
            _ => OneWord::More,
        }
    }
}

/// Two list hits of one concept that give its name and what it does together, if any (or
/// one hit twice, where it does so across the cells of a table row).
fn described_in_a_list<'h>(listed: &[&'h Hit], m: &AnswerIndex) -> Option<(&'h Hit, &'h Hit)> {
    if let Some(hit) = listed.iter().find(|h| describes_across_cells(m, h)) {
        return Some((*hit, *hit));
    }
    listed.iter().enumerate().find_map(|(k, a)| {
        listed[k + 1..]
            .iter()
            .chain(&listed[..k])
            .find(|b| describe_together(m, a, b))
            .map(|b| (*a, *b))
    })
}

/// The misconception a swap is: the concept said of another concept's subject.
fn swap_grade(
    c: &CompiledConcept,
    graded: &ConceptGrade,
    rival: (usize, usize),
    penalty: f64,
    lines: &LineIndex,
) -> MisconceptionGrade {
    let rival = lines.evidence(rival.0, rival.1);
    let evidence = graded
        .uncounted
        .iter()
        .filter(|u| u.reason == Uncounted::Swapped)
        .map(|u| u.evidence.clone())
        .collect();
    MisconceptionGrade {
        id: format!("{SWAP_ID_PREFIX}{}", c.id).into(),
        label: format!("said of {}: {}", rival.text, c.label).into(),
        penalty,
        correction: format!(
            "That is not true of {}: {}. Check which of the two each property belongs to.",
            rival.text, c.label
        )
        .into(),
        evidence,
    }
}

fn other_language_grade(evidence: Evidence) -> MisconceptionGrade {
    MisconceptionGrade {
        id: OTHER_LANGUAGE_ID.into(),
        label: format!("answers for {}, not Python", evidence.text).into(),
        penalty: OTHER_LANGUAGE_PENALTY,
        // Said of every question, so it names no question's terms.
        correction: format!(
            "The question asks about Python, not {}; words the two languages share can mean \
             something else there, so they earn no credit. Answer for Python.",
            evidence.text
        )
        .into(),
        evidence: vec![evidence],
    }
}

/// The weight earned as a share of all concepts' weight, 0..100.
fn weighted_share(concepts: &[ConceptGrade]) -> f64 {
    let total: f64 = concepts.iter().map(|c| c.weight).sum();
    let earned: f64 = concepts.iter().map(|c| c.earned).sum();
    if total > 0.0 {
        100.0 * earned / total
    } else {
        0.0
    }
}

/// What a score is made of, so that calibration can recombine it on other scales (`eval
/// --suggest`): the weighted share covered (0..100, before the rubric's scale), the
/// misconception penalties, and the required concepts. Concepts only named at a naming
/// share under one half (the default's kind) are kept apart, so a rubric `naming:` share
/// can be tried on them; those at a half or more are named items that answer the question,
/// and count as they are.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ScoreParts {
    /// The weighted share as graded.
    pub share: f64,
    /// Weight earned by stated concepts and by named ones at a naming share of a half or
    /// more.
    pub fixed: f64,
    /// Weight of the concepts only named at a naming share under a half.
    pub named: f64,
    /// The same, in an answer that [`names_in_context`]: they earn at least
    /// [`NAMED_IN_CONTEXT_SHARE`] whatever the naming share.
    pub named_in_context: f64,
    /// Weight of all concepts.
    pub total: f64,
    pub penalty: f64,
    /// A required concept is missing: the answer cannot pass.
    pub required_missing: bool,
    /// A required concept is unconfirmed ([`ConceptGrade::unconfirmed`]), none missing
    /// outright: the answer passes only [`UNCONFIRMED_MARGIN`] over the mark.
    pub required_unconfirmed: bool,
}

impl ScoreParts {
    pub fn of(concepts: &[ConceptGrade], misconceptions: &[MisconceptionGrade]) -> Self {
        let mut parts = ScoreParts {
            share: weighted_share(concepts),
            penalty: misconceptions.iter().map(|m| m.penalty).sum(),
            ..ScoreParts::default()
        };
        let in_context = names_in_context(concepts);
        for c in concepts {
            parts.total += c.weight;
            let refittable = c.level == Level::Named && !c.covered;
            if refittable && in_context {
                parts.named_in_context += c.weight;
            } else if refittable {
                parts.named += c.weight;
            } else {
                parts.fixed += c.earned;
            }
            parts.required_missing |= c.blocks_pass() && !c.unconfirmed();
            parts.required_unconfirmed |= c.unconfirmed();
        }
        parts
    }

    /// The share on a scale of `leniency`, less the penalties, clamped and rounded; and
    /// whether it passes (at `pass_mark`, with no required concept missing).
    pub fn score(&self, leniency: f64, pass_mark: f64) -> (f64, bool) {
        self.finish(self.share, leniency, pass_mark)
    }

    /// The score and pass as if the rubric's concepts only named under a half earned
    /// `naming` of their weight.
    pub fn score_with_naming(&self, naming: f64, leniency: f64, pass_mark: f64) -> (f64, bool) {
        let share = if self.total > 0.0 {
            let in_context = self.named_in_context * naming.max(NAMED_IN_CONTEXT_SHARE);
            100.0 * (self.fixed + self.named * naming + in_context) / self.total
        } else {
            0.0
        };
        self.finish(share, leniency, pass_mark)
    }

    fn finish(&self, share: f64, leniency: f64, pass_mark: f64) -> (f64, bool) {
        let share = crate::rubric::lenient_share(share, leniency);
        let score = round1((share - self.penalty).clamp(0.0, 100.0));
        let mark = if self.required_unconfirmed {
            pass_mark + UNCONFIRMED_MARGIN
        } else {
            pass_mark
        };
        (score, score >= mark && !self.required_missing)
    }
}

fn score_of(
    rubric: &CompiledRubric,
    concepts: &[ConceptGrade],
    misconceptions: &[MisconceptionGrade],
) -> (f64, bool) {
    ScoreParts::of(concepts, misconceptions).score(rubric.leniency, rubric.pass_mark)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::CompiledRubric;
    use crate::rubric::{self, Glossary};

    const RUBRIC: &str = "question: q
concepts:
  - id: identity
    label: is tests identity
    weight: 2
    required: true
    hint: h
    terms: [same object, identity]
  - id: interning
    label: small ints are cached
    weight: 1
    hint: h
    terms: [interning, small integer cache]
  - id: dunder
    label: == calls __eq__
    weight: 1
    hint: h
    terms: [__eq__]
misconceptions:
  - id: is-values
    label: is compares values
    penalty: 30
    correction: c
    terms:
      - is compares values
      - all: [threads, true parallelism]
";

    /// `answer` graded against the rubric written as `yaml`.
    fn graded_by(yaml: &str, answer: &str) -> GradedAnswer {
        let loaded = rubric::load(std::path::Path::new("r.yaml"), yaml);
        let compiled = CompiledRubric::new(loaded.valid().unwrap(), &Glossary::default()).unwrap();
        grade(&compiled, answer)
    }

    fn graded(answer: &str) -> GradedAnswer {
        graded_by(RUBRIC, answer)
    }

    #[test]
    fn a_table_row_states_what_its_cells_say_of_its_first_cell() {
        let yaml = "question: q
concepts:
  - id: identity
    label: is tests identity
    weight: 1
    hint: h
    terms: [{all: [is, identity]}]
  - id: values
    label: == compares values
    weight: 1
    hint: h
    terms: [{all: ['==', values]}]
";
        let level = |answer: &str, id: &str| {
            let g = graded_by(yaml, answer);
            g.concepts.iter().find(|c| &*c.id == id).unwrap().level
        };
        let table =
            "| op | meaning |\n|---|---|\n| `is` | identity of the objects |\n| `==` | values |\n";
        assert_eq!(level(table, "identity"), Level::Stated);
        // A row of bare terms still ties its first cell to a cell that describes it.
        assert_eq!(level(table, "values"), Level::Stated);
        // Without the table, the same words are a list of names.
        assert_eq!(
            level("`is`, identity, `==`, values, copies, hashing", "values"),
            Level::Named
        );
    }

    #[test]
    fn score_is_weighted_share_less_penalties() {
        let g = graded("The is operator checks that both names refer to the same object.");
        assert_eq!(g.score, 50.0);
        assert!(!g.pass);
        let g =
            graded("It checks identity, and is compares values too. Calls `__eq__` for equality.");
        assert_eq!(g.score, 45.0, "75 covered less 30");
        assert_eq!(&*g.misconceptions[0].id, "is-values");
    }

    #[test]
    fn required_concepts_gate_the_pass() {
        let g = graded(
            "Small integers are cached by interning, and == calls `__eq__` on the left object.",
        );
        assert!(g.score >= 50.0);
        assert!(!g.pass);
    }

    #[test]
    fn denied_or_contrasted_misconceptions_cost_nothing() {
        assert!(
            graded("Remember that is does not compare values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            graded("People often think that is compares values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            graded("Assuming that is compares values is the classic bug.")
                .misconceptions
                .is_empty()
        );
        // History is not a claim about the language today.
        assert!(
            graded("In Python 2.7 is compares values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            !graded("In Python 3 is compares values.")
                .misconceptions
                .is_empty()
        );
        assert!(
            graded("The GIL limits threads, preventing true parallelism.")
                .misconceptions
                .is_empty()
        );
        assert_eq!(
            graded("With threads you get true parallelism.")
                .misconceptions
                .len(),
            1
        );
    }

    #[test]
    fn bare_lists_earn_only_the_naming_share_and_say_why() {
        // Every concept named, none stated: the default naming share of each weight.
        let g = graded("- identity\n- interning\n- __eq__ maybe\n");
        assert_eq!(g.score, 15.0);
        assert!(
            g.concepts
                .iter()
                .all(|c| c.level == Level::Named && !c.covered)
        );
        assert!(g.flags.contains(&AnswerFlag::TermList));
        // Two of the three concepts (weights 2 and 1 of 4) named.
        let g = graded("identity, interning, same object, small integer cache, equality.");
        assert_eq!(g.score, 11.2);
    }

    #[test]
    fn a_sentence_crowded_with_concepts_only_names_them() {
        // Salad: three concepts in a dozen words, jumping from one to the next.
        let g = graded("The identity of the small integer cache is the __eq__ of identity.");
        assert!(g.concepts.iter().all(|c| c.level == Level::Named), "{g:#?}");
        assert!(
            g.concepts[0]
                .uncounted
                .iter()
                .any(|u| u.reason == Uncounted::Crowded)
        );
        // The same ideas given room each state theirs.
        let g = graded(
            "`is` tells you whether both names are the same object in memory. \
             Separately, CPython keeps a small integer cache so equal small numbers share one \
             object. And `==` calls __eq__ on the left operand to compare the values.",
        );
        assert!(
            g.concepts.iter().all(|c| c.level == Level::Stated),
            "{g:#?}"
        );
        assert_eq!(g.score, 100.0);
    }

    #[test]
    fn a_terse_sentence_that_gives_each_idea_its_own_clause_states_them() {
        // Telegraphic, but each concept has a clause of its own: notes, not salad.
        let g = graded(
            "`is` asks for identity, the same object; small ints share the small integer \
             cache; `==` calls __eq__. So `is` is an identity test, interning is why small \
             ints match, and __eq__ is what `==` calls.",
        );
        assert!(
            g.concepts.iter().all(|c| c.level == Level::Stated),
            "{g:#?}"
        );
        // The same words jumbled into one clause stay crowded.
        let g = graded("The identity of the small integer cache is the __eq__ of the same object.");
        assert!(g.concepts.iter().all(|c| c.level == Level::Named), "{g:#?}");
    }

    const METHODS: &str = "question: q
concepts:
  - id: instance
    label: a method gets the instance
    weight: 1
    hint: h
    terms: [receives the instance, bound method, instance method]
  - id: class
    label: a classmethod gets the class
    weight: 1
    hint: h
    terms: [receives the class, alternative constructor, classmethod]
  - id: static
    label: a staticmethod gets neither
    weight: 1
    hint: h
    terms: [gets only its own arguments, plain function, staticmethod]
";

    #[test]
    fn a_compact_sentence_that_says_things_of_its_ideas_is_prose() {
        // An expert packs three ideas into each tight sentence, but says something of
        // each in a phrase with glue inside it: prose, not salad.
        let said = "A bound method receives the instance, a classmethod receives the class \
                    and a staticmethod gets only its own arguments. Then a staticmethod gets \
                    only its own arguments, a classmethod receives the class and a bound \
                    method receives the instance.";
        let g = graded_by(METHODS, said);
        assert!(
            g.concepts.iter().all(|c| c.level == Level::Stated),
            "{g:#?}"
        );
        // The same tight sentences that only name their ideas ("plain function", "bound
        // method") read as salad.
        let named = "The bound method of the classmethod is a plain function, the instance \
                     method and the alternative constructor. The staticmethod of the bound \
                     method is the classmethod of a plain function.";
        let g = graded_by(METHODS, named);
        assert!(g.concepts.iter().all(|c| c.level == Level::Named), "{g:#?}");
    }

    #[test]
    fn a_chain_states_its_links_when_they_say_something() {
        let g = graded("two names -> point to the same object -> identity holds\n");
        assert_eq!(g.concepts[0].level, Level::Stated);
        let g = graded("names -> same object -> identity\n");
        assert_eq!(g.concepts[0].level, Level::Named);
        // No glue word, but a link that is more than a term: a verb says what happens.
        let g = graded("`a is b` -> checks identity\n");
        assert_eq!(g.concepts[0].level, Level::Stated);
    }

    const CONTRAST: &str = "question: q
concepts:
  - id: is-identity
    label: is tests identity
    weight: 1
    hint: h
    subject: [\"`is`\", is operator]
    terms: [identity, same object]
  - id: eq-value
    label: == tests equality of values
    weight: 1
    hint: h
    subject: [\"`==`\", \"==\", double equals]
    terms: [values, equal contents]
";

    #[test]
    fn a_verb_form_of_a_side_is_no_mention_of_it() {
        let yaml = "question: q
concepts:
  - id: map-applies
    label: map applies a function
    weight: 1
    hint: h
    subject: [map]
    terms: [applies a function]
  - id: filter-keeps
    label: filter keeps items
    weight: 1
    hint: h
    subject: [filter]
    terms: [keeps the items]
";
        // "filtering" is what happens, not the `filter` side: the words after it are no
        // swap.
        let g = graded_by(
            yaml,
            "Inside a comprehension the filtering comes first, and then it applies a function.",
        );
        assert_eq!(g.concepts[0].level, Level::Stated, "{g:#?}");
        assert!(g.misconceptions.is_empty(), "{g:#?}");
        // The side itself still is.
        let g = graded_by(yaml, "The filter applies a function to each item.");
        assert_eq!(g.concepts[0].level, Level::Missing, "{g:#?}");
    }

    fn graded_contrast(answer: &str) -> GradedAnswer {
        graded_by(CONTRAST, answer)
    }

    #[test]
    fn idioms_deny_nothing_and_contrasts_keep_the_sides_apart() {
        // "nothing but" is no negation; "rarely" is one.
        let g = graded("`is` looks at nothing but identity.");
        assert_eq!(g.concepts[0].level, Level::Stated, "{g:#?}");
        let g = graded("In practice `is` rarely checks identity.");
        assert_eq!(g.concepts[0].level, Level::Missing, "{g:#?}");
        // The side after "compared with" is what the sentence is not about.
        let g = graded_contrast("`is`, compared with `==`, checks identity.");
        assert!(g.misconceptions.is_empty(), "{g:#?}");
        let g = graded_contrast("`is`, not `==`, checks identity.");
        assert!(g.misconceptions.is_empty(), "{g:#?}");
        assert_eq!(g.concepts[0].level, Level::Stated, "{g:#?}");
        // A subject after a contrast word starts the other half of the sentence.
        let g = graded_contrast("It is identity, whereas `==` compares values.");
        assert!(g.misconceptions.is_empty(), "{g:#?}");
        // "It" after a sentence that names both sides could be either: not judged.
        let g = graded_contrast("`is` is like `==`, but stricter. It checks identity.");
        assert!(g.misconceptions.is_empty(), "{g:#?}");
    }

    #[test]
    fn the_subject_that_opens_a_sentence_reaches_further() {
        let swapped = |answer: &str| {
            graded_contrast(answer)
                .misconceptions
                .iter()
                .any(|m| m.id.starts_with(SWAP_ID_PREFIX))
        };
        // Fourteen tokens from `is`, which opens the sentence: still said of `is`.
        assert!(swapped(
            "`is`, as far as I have ever seen in any program, compares the values."
        ));
        // A confident swap runs on past a colon; twenty-four tokens on, the sentence is
        // still about `is`.
        assert!(swapped(
            "`is` is the modern operator that most people reach for first: you write it \
             between two names, and it then compares the values."
        ));
        // A semicolon starts a statement with a subject of its own, whatever subject
        // stood before it.
        assert!(!swapped(
            "Most code I read uses `==`; the other operator checks identity."
        ));
        assert!(!swapped(
            "`is` checks the ids in every single program; some other operator entirely \
             compares the values."
        ));
    }

    #[test]
    fn a_note_that_labels_words_with_their_subject_states_them_briefly() {
        let level = |answer: &str, i: usize| graded_contrast(answer).concepts[i].level;
        // The subject, an arrow or a colon, what it does: a note's statement.
        assert_eq!(
            level("- `==` -> values\n- `is`: identity\n", 1),
            Level::Brief
        );
        assert_eq!(
            level("- `==` -> values\n- `is`: identity\n", 0),
            Level::Brief
        );
        // The other side's subject, both sides, or a run of terms under the label: named.
        assert_eq!(level("- `is` -> values\n", 1), Level::Named);
        assert_eq!(level("- `==` / `is` -> values\n", 1), Level::Named);
        assert_eq!(
            level("- `==`: values, equal contents, identity\n", 1),
            Level::Named
        );
        // Side by side with no tie, as a keyword list puts them: named. (A second item
        // keeps it from being a one-line reply.)
        assert_eq!(level("- `==` values\n- both operators\n", 1), Level::Named);
    }

    #[test]
    fn a_concept_said_of_the_other_subject_is_a_swap() {
        let right = graded_contrast("`==` compares the values, while `is` checks identity.");
        assert_eq!(right.score, 100.0);
        assert!(right.misconceptions.is_empty());
        let swapped = graded_contrast("`==` checks identity, while `is` compares the values.");
        assert!(swapped.concepts.iter().all(|c| c.level == Level::Missing));
        let ids: Vec<&str> = swapped.misconceptions.iter().map(|m| &*m.id).collect();
        assert_eq!(ids, ["swapped-is-identity", "swapped-eq-value"]);
        assert_eq!(swapped.score, 0.0);
        // Said of no subject at all: not judged.
        assert_eq!(
            graded_contrast("It checks identity.").concepts[0].level,
            Level::Stated
        );
        // The subject after the words, in a passive turn, decides too.
        let passive = graded_contrast("Identity is what `is` checks.");
        assert_eq!(passive.concepts[0].level, Level::Stated);
    }

    #[test]
    fn foils_denials_own_subjects_and_code_are_no_swaps() {
        // The foil of a comparison is not what the sentence is about.
        let foil = graded_contrast("`is` is faster than `==` and checks identity.");
        assert_eq!(foil.concepts[0].level, Level::Stated, "{foil:#?}");
        // Except in a relative clause of its own: what that says is said of the foil.
        let relative = graded_contrast(
            "Unlike `==`, which compares values, `is` checks whether both names point at one \
             and the same object in memory.",
        );
        assert!(relative.misconceptions.is_empty(), "{relative:#?}");
        assert_eq!(relative.concepts[1].level, Level::Stated, "{relative:#?}");
        let rival = graded_contrast(
            "Unlike `==`, which is quick, `is` compares the values of both names in memory.",
        );
        assert!(!rival.misconceptions.is_empty(), "{rival:#?}");
        // Denied of the other side, the words draw the contrast the concept makes.
        let denied = graded_contrast("`==` does not care about identity; it compares values.");
        assert!(denied.misconceptions.is_empty(), "{denied:#?}");
        // Words that hold their own subject are said of it.
        let own = graded_by(
            &CONTRAST.replace(
                "[identity, same object]",
                "[identity, {all: [is operator, same]}]",
            ),
            "`==` is about values and the is operator asks for the same thing.",
        );
        assert!(own.misconceptions.is_empty(), "{own:#?}");
        // A line of code (or its comment) is not read for who does what.
        let code = graded_contrast(
            "```python
x == y  # identity is another matter
```
",
        );
        assert!(code.misconceptions.is_empty(), "{code:#?}");
    }

    const COLLECTIONS: &str = "question: q
concepts:
  - id: deque
    label: deque appends and pops at both ends in O(1)
    weight: 1
    hint: h
    terms: [deque, both ends]
  - id: counter
    label: Counter counts hashable items
    weight: 1
    hint: h
    terms: [Counter, counts]
";

    #[test]
    fn a_list_item_with_a_name_and_what_it_does_states_it() {
        let notes = graded_by(
            COLLECTIONS,
            "- deque: fast appends at both ends\n- Counter = a bag that counts\n",
        );
        assert!(
            notes.concepts.iter().all(|c| c.level == Level::Stated),
            "{notes:#?}"
        );
        assert!(notes.concepts[0].uncounted.is_empty());
        // Keywords side by side only name: parted by commas, or by nothing at all.
        let commas = graded_by(COLLECTIONS, "- deque, both ends, Counter, counts\n");
        assert!(
            commas.concepts.iter().all(|c| c.level == Level::Named),
            "{commas:#?}"
        );
        // An arrow ties cause to effect, with a word beside it that is no rubric term.
        let chain = graded_by(COLLECTIONS, "appendleft -> deque grows -> both ends O(1)\n");
        assert_eq!(chain.concepts[0].level, Level::Stated, "{chain:#?}");
        let terms = graded_by(COLLECTIONS, "deque -> Counter -> both ends\n");
        assert_eq!(terms.concepts[0].level, Level::Named, "{terms:#?}");
        // Slashes part alternatives; a glue word inside a compound ties nothing.
        let slashes = graded_by(
            COLLECTIONS,
            "- deque / queue of items / ring buffer / linked blocks / both ends\n",
        );
        assert_eq!(slashes.concepts[0].level, Level::Named, "{slashes:#?}");
        let compound = graded_by(
            COLLECTIONS,
            "- deque in-place ring buffer linked blocks fixed chunks both ends\n",
        );
        assert_eq!(compound.concepts[0].level, Level::Named, "{compound:#?}");
        let soup = graded_by(COLLECTIONS, "- deque both ends Counter counts heapq\n");
        assert!(
            soup.concepts.iter().all(|c| c.level == Level::Named),
            "{soup:#?}"
        );
    }

    const STATED_WAYS: &str = "question: q
concepts:
  - id: identity
    label: is tests identity
    weight: 1
    hint: h
    terms: [identity, same object, compares identity, all: [is, checks, identity]]
  - id: other
    label: o
    weight: 1
    hint: h
    terms: [unrelated words here]
";

    #[test]
    fn a_concept_said_in_one_word_once_is_brief() {
        // Forty words or more, so that the answer had room to say more.
        let padding = "Python has two ways to compare two names that may refer to the \
                       things a program works with, and a candidate should know both well. \
                       They look alike but are used in different places in real code.";
        let once = graded_by(
            STATED_WAYS,
            &format!("{padding} The operator is about identity."),
        );
        assert_eq!(once.concepts[0].level, Level::Brief, "{once:#?}");
        assert_eq!(once.concepts[0].earned, BRIEF_SHARE);
        assert!(once.concepts[0].covered);
        // One of the rubric's ways of stating it, a second sentence about it, a line of
        // notes, or a reply too short to say more: stated.
        for answer in [
            format!("{padding} The operator compares identity."),
            format!("{padding} The operator is about identity. Identity is the address."),
            format!("{padding}\n\n- identity"),
            "The operator is about identity.".to_string(),
        ] {
            let graded = graded_by(STATED_WAYS, &answer);
            assert_ne!(
                graded.concepts[0].level,
                Level::Brief,
                "{answer}: {graded:#?}"
            );
        }
        // A rubric of single words gives no other way to state it.
        let one_word_rubric = graded_by(
            "question: q\nconcepts:\n  - id: identity\n    label: l\n    weight: 1\n    \
             hint: h\n    terms: [identity, sameness]\n",
            &format!("{padding} The operator is about identity."),
        );
        assert_eq!(one_word_rubric.concepts[0].level, Level::Stated);
    }

    /// A rubric of `n` concepts of weight 1 (up to five), each a word ("alpha") with three
    /// ways of stating it ("full alpha statement").
    fn rubric_of(n: usize) -> String {
        let mut y = String::from("question: q\nconcepts:\n");
        for (i, w) in ["alpha", "bravo", "charlie", "delta", "echo"][..n]
            .iter()
            .enumerate()
        {
            y.push_str(&format!(
                "  - id: c{i}\n    label: l\n    weight: 1\n    hint: h\n    \
                 terms: [{w}, full {w} statement, {w} said at length, all {w} told]\n"
            ));
        }
        y
    }

    #[test]
    fn names_beside_explanations_are_notes_and_earn_half() {
        let explained = "The full alpha statement holds here. We also see the full bravo \
                         statement. And the full charlie statement is there.\n\n- delta, echo\n";
        let g = graded_by(&rubric_of(5), explained);
        assert_eq!(g.concepts[3].level, Level::Named, "{g:#?}");
        assert_eq!(g.concepts[3].earned, NAMED_IN_CONTEXT_SHARE);
        assert_eq!(g.score, 80.0);
        // Calibration sees the same score at the rubric's own naming share.
        let parts = ScoreParts::of(&g.concepts, &g.misconceptions);
        assert_eq!(parts.score_with_naming(0.15, 1.0, 60.0), (80.0, true));
        // A keyword list that states one idea and names four earns the naming share.
        let keywords = "The full alpha statement holds here.\n\n- bravo, charlie, delta, echo\n";
        let k = graded_by(&rubric_of(5), keywords);
        assert_eq!(k.concepts[3].level, Level::Named, "{k:#?}");
        assert_eq!(k.concepts[3].earned, 0.15);
    }

    #[test]
    fn a_short_answer_of_many_ideas_says_each_in_one_word_briefly() {
        let five = "It uses alpha here. Then bravo comes next. And charlie is there too. \
                    We also see delta. It ends with echo.";
        let graded = graded_by(&rubric_of(5), five);
        assert!(
            graded.concepts.iter().all(|c| c.level == Level::Brief),
            "{graded:#?}"
        );
        // Four ideas in a short answer, or one idea in its rubric's phrase, keep their
        // full credit.
        let four = graded_by(&rubric_of(4), five);
        assert!(
            four.concepts.iter().all(|c| c.level == Level::Stated),
            "{four:#?}"
        );
        let phrased = graded_by(
            &rubric_of(5),
            "It uses alpha here. Then bravo comes next. And charlie is there too. \
             We also see delta. It ends with the full echo statement.",
        );
        assert_eq!(phrased.concepts[4].level, Level::Stated, "{phrased:#?}");
        assert_eq!(phrased.concepts[0].level, Level::Brief, "{phrased:#?}");
    }

    #[test]
    fn loose_prose_earns_half_for_its_bare_words() {
        // Forty words or more of prose, each idea a bare word dropped into a sentence.
        let padding = "This answer runs on for a while about the topic in general terms, so \
                       that it has room to say more of each idea than it does, the way a \
                       fluent reply can.";
        let loose = graded_by(
            &rubric_of(3),
            &format!("{padding} The alpha is here. The bravo is there. The charlie follows."),
        );
        for c in &loose.concepts {
            assert_eq!(c.level, Level::Brief, "{loose:#?}");
            assert_eq!(c.earned, LOOSE_SHARE);
        }
        assert_eq!(loose.score, 50.0);
        // Two of three tied as the rubric words them: the answer explains, and its one
        // bare word is brief at the brief share.
        let tied = graded_by(
            &rubric_of(3),
            &format!(
                "{padding} The full alpha statement is here. The full bravo statement is \
                 there. The charlie follows."
            ),
        );
        assert_eq!(tied.concepts[0].level, Level::Stated, "{tied:#?}");
        assert_eq!(tied.concepts[2].level, Level::Brief, "{tied:#?}");
        assert_eq!(tied.concepts[2].earned, BRIEF_SHARE);
        // Calibration reproduces the loose answer's score.
        let parts = ScoreParts::of(&loose.concepts, &loose.misconceptions);
        assert_eq!(parts.score_with_naming(0.15, 1.0, 60.0), (50.0, false));
    }

    const WRAPS: &str = "question: q
concepts:
  - id: copies
    label: wraps copies the name and docstring
    weight: 1
    hint: h
    terms: [copies the name, keeps the docstring, all: [wraps, metadata]]
  - id: lost
    label: without it the name is the wrapper's
    weight: 1
    hint: h
    terms: [name is lost, becomes the wrapper, all: [wrapper, name]]
  - id: signature
    label: inspect follows __wrapped__
    weight: 1
    hint: h
    terms: [real signature, inspect follows it, all: [signature, __wrapped__]]
";

    #[test]
    fn prose_that_ties_few_of_its_statements_states_them_briefly() {
        let levels = |answer: &str| -> Vec<Level> {
            graded_by(WRAPS, answer)
                .concepts
                .iter()
                .map(|c| c.level)
                .collect()
        };
        // Fluent, forty words and more, and every concept only in bare single words that
        // stand apart in one sentence: the topic's words strung into prose.
        let strung = "In my experience the metadata is what every decorator keeps for you, \
                      and wraps handles it quietly through the closure of the function. The \
                      name of the module then stays with the wrapper while the program is \
                      running. The signature is copied for each caller that reads \
                      `__wrapped__` later.";
        assert_eq!(levels(strung), [Level::Brief; 3], "{strung}");
        let graded = graded_by(WRAPS, strung);
        assert_eq!(graded.concepts[0].earned, LOOSE_SHARE);
        assert!(graded.concepts.iter().all(|c| c.covered));
        // Two of the three said the rubric's way: an explanation, all stated in full.
        let tied = strung
            .replace("wraps handles it quietly", "wraps copies the name quietly")
            .replace("The name of the module", "The name is lost and the module");
        assert_eq!(levels(&tied), [Level::Stated; 3], "{tied}");
        // So are single words standing close together ("the wrapper name").
        let close = strung
            .replace(
                "The name of the module then stays with the wrapper",
                "The wrapper name stays",
            )
            .replace(
                "The signature is copied",
                "The `__wrapped__` signature is copied",
            );
        assert_eq!(levels(&close), [Level::Stated; 3], "{close}");
        // The same words as notes, or in a reply too short to say more: stated.
        let notes = "- wraps: the metadata of the function is kept for you by the closure\n\
                     - the wrapper: the name of the module stays with it while running\n\
                     - `__wrapped__`: its signature is copied for each caller of it\n";
        assert_eq!(levels(notes), [Level::Stated; 3], "{notes}");
        let short = "The wraps metadata is kept. The wrapper name stays. The signature of \
                     `__wrapped__` is copied.";
        assert_eq!(levels(short), [Level::Stated; 3], "{short}");
    }

    #[test]
    fn what_a_misconception_words_does_not_change_how_notes_read() {
        let concept = "question: q
concepts:
  - id: checker
    label: a type checker finds mismatches before running
    weight: 1
    hint: h
    terms: [type checker, finds mismatches]
";
        let with_misconception = format!(
            "{concept}misconceptions:
  - id: runtime
    label: hints are checked at run time
    penalty: 10
    correction: c
    terms: [reads annotations when the program runs]
"
        );
        // The middle link says something in words no concept uses; that a misconception
        // uses them too leaves them plain words.
        let notes = "type checker -> reads annotations -> finds mismatches\n";
        for yaml in [concept, with_misconception.as_str()] {
            let g = graded_by(yaml, notes);
            assert_eq!(g.concepts[0].level, Level::Stated, "{g:#?}");
            assert!(g.misconceptions.is_empty(), "{g:#?}");
        }
    }

    #[test]
    fn a_one_line_reply_about_one_idea_states_it() {
        let reply = graded_by(COLLECTIONS, "Both ends.\n");
        assert_eq!(reply.concepts[0].level, Level::Stated, "{reply:#?}");
        // Two ideas in a few words are a list of names; so is a short line in a longer answer.
        let two = graded_by(COLLECTIONS, "deque, Counter\n");
        assert!(
            two.concepts.iter().all(|c| c.level == Level::Named),
            "{two:#?}"
        );
        let longer = graded_by(
            COLLECTIONS,
            "Both ends.\n\nI am not sure about the rest of it.\n",
        );
        assert_eq!(longer.concepts[0].level, Level::Named, "{longer:#?}");
    }

    #[test]
    fn a_required_concept_blocks_a_pass_only_when_missing() {
        let rubric = COLLECTIONS
            .replace(
                "weight: 1\n    hint: h\n    terms: [deque",
                "weight: 1\n    required: true\n    hint: h\n    terms: [deque",
            )
            .replace(
                "label: Counter counts hashable items\n    weight: 1",
                "label: Counter counts hashable items\n    weight: 9",
            );
        let stated = "Counter is a dict subclass that counts hashable items.";
        let named = graded_by(&rubric, &format!("{stated}\n\n- deque\n- heapq\n"));
        assert_eq!(named.concepts[0].level, Level::Named, "{named:#?}");
        assert!(
            named.pass,
            "named, the required concept lets the score decide: {named:#?}"
        );
        let missing = graded_by(&rubric, stated);
        assert!(missing.score >= 60.0 && !missing.pass, "{missing:#?}");
    }

    const THREADS: &str = "question: q
concepts:
  - id: gil
    label: the GIL lets one thread run bytecode at a time
    weight: 1
    required: true
    hint: h
    terms: [\"one thread at a time\", \"global interpreter lock\"]
  - id: io
    label: threads help IO-bound work
    weight: 9
    hint: h
    terms: [\"io-bound\", \"waiting on the network\", \"thread pool\"]
";

    #[test]
    fn own_words_are_the_concepts_alone() {
        let loaded = rubric::load(std::path::Path::new("r.yaml"), THREADS);
        let compiled = CompiledRubric::new(loaded.valid().unwrap(), &Glossary::default()).unwrap();
        let own = |i: usize| -> Vec<&str> {
            let words = &compiled.vocabulary.vocab;
            compiled.concepts[i]
                .own_words
                .iter()
                .map(|family| words[family[0] as usize].text.as_str())
                .collect()
        };
        // "thread" is both concepts' ("thread pool"); "at" and "a" are glue.
        assert_eq!(own(0), ["global", "interpreter", "lock", "one", "time"]);
        assert_eq!(own(1), ["bound", "network", "pool", "waiting"]);
    }

    #[test]
    fn a_required_concept_in_its_own_words_holds_back_the_pass_only_near_the_mark() {
        let answer = "A thread pool suits io-bound work. The interpreter holds a lock.";
        let g = graded_by(THREADS, answer);
        let gil = &g.concepts[0];
        assert_eq!(gil.level, Level::Missing, "{g:#?}");
        assert_eq!(gil.earned, 0.0);
        let quoted: Vec<&str> = gil.own_words.iter().map(|e| &*e.text).collect();
        assert_eq!(quoted, ["interpreter", "lock"]);
        assert!(
            g.pass && g.flags.contains(&AnswerFlag::Unconfirmed),
            "{g:#?}"
        );
        // Just over the mark is not enough: salads that use the words land there.
        let near = graded_by(&THREADS.replace("weight: 9", "weight: 1.7"), answer);
        assert!(near.score >= 60.0 && near.score < 65.0, "{near:#?}");
        assert!(!near.pass && !near.flags.contains(&AnswerFlag::Unconfirmed));
        // One word of it is said in passing.
        let one = graded_by(
            THREADS,
            "A thread pool suits io-bound work. It takes a lock.",
        );
        assert!(
            one.concepts[0].own_words.is_empty() && !one.pass,
            "{one:#?}"
        );
        // Denied, it is not unconfirmed: it is contradicted.
        let denied = graded_by(
            THREADS,
            "A thread pool suits io-bound work. There is no global interpreter lock.",
        );
        assert!(
            denied.concepts[0].own_words.is_empty() && !denied.pass,
            "{denied:#?}"
        );
    }

    #[test]
    fn words_of_a_wrong_statement_earn_nothing() {
        let g = graded("Remember that is compares values, which is why it is fast.");
        assert_eq!(g.misconceptions.len(), 1);
        assert_eq!(g.score, 0.0);
        let g = graded("It compares identity: the same object, never the values.");
        assert!(g.concepts[0].covered);
    }

    #[test]
    fn negated_concepts_are_contradictions() {
        let g = graded("The is operator does not check identity at all.");
        assert!(!g.concepts[0].covered);
        assert!(g.concepts[0].contradicted());
        assert!(g.flags.contains(&AnswerFlag::Contradiction));
    }

    #[test]
    fn other_languages_are_off_topic() {
        let g = graded("In Java, == on objects checks identity: both refer to the same object.");
        assert!(g.misconceptions.iter().any(|m| &*m.id == OTHER_LANGUAGE_ID));
        assert_eq!(g.score, 0.0, "50 covered less 50");
        let g = graded("Unlike Java, in Python the is operator checks identity.");
        assert!(g.misconceptions.is_empty());
        // A style borrowed from another language, or the foil of a comparison, is not the
        // language the answer is about, though it never says "Python".
        for answer in [
            "Java-style equals() calls are not needed: the is operator checks identity.",
            "As in Java, the is operator checks identity; == is faster than JavaScript's.",
            "The is operator checks identity, and JavaScript and other languages have one too.",
        ] {
            let g = graded(answer);
            assert!(
                g.misconceptions.iter().all(|m| &*m.id != OTHER_LANGUAGE_ID),
                "{answer}: {g:#?}"
            );
        }
    }

    #[test]
    fn empty_answers_score_zero() {
        let g = graded("");
        assert_eq!(g.score, 0.0);
        assert!(g.flags.contains(&AnswerFlag::Empty));
    }
}
