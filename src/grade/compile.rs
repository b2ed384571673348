//! A validated rubric compiled for grading: every term word into one [`Vocabulary`], every
//! concept's and misconception's terms into a [`Target`] of evidence kinds.

use std::collections::{BTreeMap, HashMap};

use smallvec::SmallVec;

use super::SharedText;
use super::evidence::{
    AllGroup, EvidenceKind, PatternEvidence, Phrase, PhraseSet, Sequence, Target,
};
use super::inferred_subjects;
use super::vocabulary::{VocabWord, Vocabulary, is_plain_word, letter_set, max_edits_for, stem_of};
use crate::lexicon::{is_function_word, is_negator};
use crate::rubric::{Glossary, PHRASE_SLACK, Pattern, PatternError, Rubric, Term, TermSpec};
use crate::tokens::{Token, TokenKind, tokenize};

/// Why a term cannot be compiled. Validation rejects both first, so compiling a validated
/// rubric meets neither.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompileError {
    #[error("the term has no words to match")]
    Empty,
    #[error(transparent)]
    BadPattern(#[from] PatternError),
}

/// Ways of stating a concept a rubric must give before one word said once is brief (see
/// [`CompiledConcept::has_statement_forms`]).
const MIN_STATEMENT_FORMS: usize = 3;

/// Letters a word needs to be one of a concept's own words: two-letter words ("id", "gc",
/// "os") say too little of which idea they belong to.
const OWN_WORD_MIN_CHARS: usize = 3;

/// A concept ready for matching.
#[derive(Debug)]
pub struct CompiledConcept {
    pub id: SharedText,
    pub label: SharedText,
    pub weight: f64,
    pub required: bool,
    pub hint: SharedText,
    /// Share of the weight that naming without stating earns.
    pub naming: f64,
    /// The rubric gives enough ways of stating the concept (phrases of two words or more,
    /// all-groups, sequences, patterns) that an answer using none of them, only one word
    /// of it once, has stated it briefly ([`crate::grade::Level::Brief`]). A rubric of
    /// single words gives an answer no other way to state it.
    pub has_statement_forms: bool,
    pub target: Target,
    /// What the concept is said of, when the rubric says (see [`crate::rubric::Concept`]).
    pub subject: Option<Target>,
    /// The words only this concept's terms use, one family (same stem) per entry: an
    /// answer that uses two of them has not left the concept out, even where no term of
    /// it matched (see [`crate::grade::ConceptGrade::own_words`]).
    pub own_words: Box<[Box<[u32]>]>,
}

/// A misconception ready for matching.
#[derive(Debug)]
pub struct CompiledMisconception {
    pub id: SharedText,
    pub label: SharedText,
    pub penalty: f64,
    pub correction: SharedText,
    pub target: Target,
}

/// A rubric compiled against a glossary: what [`grade`] needs.
#[derive(Debug)]
pub struct CompiledRubric {
    pub question: String,
    pub pass_mark: f64,
    /// Points a swap costs (see [`crate::rubric::Rubric::swap_penalty`]).
    pub swap_penalty: f64,
    /// See [`crate::rubric::Rubric::leniency`].
    pub leniency: f64,
    /// See [`crate::rubric::Rubric::naming`].
    pub naming: f64,
    pub concepts: Vec<CompiledConcept>,
    pub misconceptions: Vec<CompiledMisconception>,
    pub vocabulary: Vocabulary,
    /// Whether an answer about another language (Java, JavaScript, ...) is off-topic: true
    /// where the question is about Python. A bank on another subject (a Java course, say)
    /// turns it off by not naming Python, so its correct answers cost nothing.
    pub python_only: bool,
}

impl CompiledRubric {
    /// Compiles a validated rubric. Validation already rejected bad patterns and empty
    /// terms, so an error here means the rubric was not validated first.
    pub fn new(rubric: &Rubric, glossary: &Glossary) -> Result<Self, CompileError> {
        Self::compile(rubric, glossary, None)
    }

    /// Compiles a validated rubric for the question it grades. Where the rubric names no
    /// subject, the subjects of a contrast question are read from its title and the
    /// concepts' labels (see [`super::inferred_subjects`]); `python_only` is the question's.
    pub fn for_question(
        rubric: &Rubric,
        glossary: &Glossary,
        title: &str,
        python_only: bool,
    ) -> Result<Self, CompileError> {
        let mut compiled = Self::compile(rubric, glossary, Some(title))?;
        compiled.python_only = python_only;
        Ok(compiled)
    }

    fn compile(
        rubric: &Rubric,
        glossary: &Glossary,
        title: Option<&str>,
    ) -> Result<Self, CompileError> {
        let mut builder = RubricCompiler::new(glossary);
        let mut concepts = Vec::with_capacity(rubric.concepts.len());
        // The author's subjects rule; without any, the labels' own.
        let inferred = match title {
            Some(title)
                if rubric.infer_subjects
                    && rubric.concepts.iter().all(|c| c.subject.is_empty()) =>
            {
                let labels: Vec<&str> = rubric.concepts.iter().map(|c| c.label.as_str()).collect();
                inferred_subjects::infer(title, &labels)
            }
            _ => vec![None; rubric.concepts.len()],
        };
        let mut words_of_concepts = Vec::with_capacity(rubric.concepts.len());
        for (c, inferred) in rubric.concepts.iter().zip(inferred) {
            let subject = match inferred {
                Some(text) => {
                    let term = TermSpec::Phrase {
                        text,
                        exact: false,
                        slack: None,
                    };
                    Some(builder.target(&[term], &[])?)
                }
                None if c.subject.is_empty() => None,
                None => Some(builder.target(&specs(&c.subject), &[])?),
            };
            // The subject's words are the contrast's, not the concept's own.
            builder.take_target_words();
            let target = builder.target(&specs(&c.terms), &regexes(&c.patterns))?;
            words_of_concepts.push(builder.take_target_words());
            concepts.push(CompiledConcept {
                id: c.id.as_str().into(),
                label: c.label.as_str().into(),
                weight: c.weight,
                required: c.required,
                hint: c.hint.as_str().into(),
                naming: c.naming,
                has_statement_forms: c.terms.iter().filter(|t| t.spec.is_statement()).count()
                    + c.patterns.len()
                    >= MIN_STATEMENT_FORMS,
                target,
                subject,
                own_words: Box::default(),
            });
        }
        for (c, own) in concepts
            .iter_mut()
            .zip(builder.own_words(&words_of_concepts))
        {
            c.own_words = own;
        }
        // Words first met in a misconception's terms say nothing of the concepts: a chain
        // or table row made of them still says something (see `Vocabulary::concept_words`).
        builder.concepts_done();
        let mut misconceptions = Vec::with_capacity(rubric.misconceptions.len());
        for m in &rubric.misconceptions {
            misconceptions.push(CompiledMisconception {
                id: m.id.as_str().into(),
                label: m.label.as_str().into(),
                penalty: m.penalty,
                correction: m.correction.as_str().into(),
                target: builder.target(&specs(&m.terms), &regexes(&m.patterns))?,
            });
        }
        Ok(CompiledRubric {
            question: rubric.question.clone(),
            pass_mark: rubric.pass_mark,
            swap_penalty: rubric.swap_penalty,
            leniency: rubric.leniency,
            naming: rubric.naming,
            concepts,
            misconceptions,
            vocabulary: builder.finish(),
            python_only: true,
        })
    }
}

fn specs(terms: &[Term]) -> Vec<TermSpec> {
    terms.iter().map(|t| t.spec.clone()).collect()
}

fn regexes(patterns: &[Pattern]) -> Vec<String> {
    patterns.iter().map(|p| p.regex.clone()).collect()
}

/// Builds the vocabulary while targets are compiled.
pub struct RubricCompiler<'g> {
    glossary: &'g Glossary,
    /// Each glossary member tokenized once, parallel to `glossary.groups`: every term
    /// is compared with every member, so tokenizing them per term was most of compiling.
    glossary_tokens: Vec<Vec<Vec<Token>>>,
    /// (group, member) of every glossary member, by the text of its first token: a term
    /// is looked for members starting at each of its words, where comparing it with every
    /// member of the glossary was most of compiling a rubric.
    members_by_first: HashMap<String, Vec<(usize, usize)>>,
    vocab: Vec<VocabWord>,
    /// Vocabulary ids by text, one map per `exact * 2 + code_only`.
    ids: [HashMap<String, u32>; 4],
    /// The first id added after the concepts' terms, once they are all compiled.
    concept_words: Option<u32>,
    /// Ids of the words of the terms compiled since [`Self::take_target_words`] last ran.
    target_words: Vec<u32>,
}

impl<'g> RubricCompiler<'g> {
    pub fn new(glossary: &'g Glossary) -> Self {
        let glossary_tokens: Vec<Vec<Vec<Token>>> = glossary
            .groups
            .iter()
            .map(|g| g.iter().map(|m| tokenize(m).tokens).collect())
            .collect();
        let mut members_by_first: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (g, members) in glossary_tokens.iter().enumerate() {
            for (m, tokens) in members.iter().enumerate() {
                if let Some(first) = tokens.first() {
                    members_by_first
                        .entry(first.text.as_str().to_owned())
                        .or_default()
                        .push((g, m));
                }
            }
        }
        RubricCompiler {
            glossary,
            glossary_tokens,
            members_by_first,
            vocab: Vec::new(),
            ids: Default::default(),
            concept_words: None,
            target_words: Vec::new(),
        }
    }

    fn word_id(&mut self, tok: &Token, exact: bool) -> u32 {
        let code_only = tok.in_code && tok.kind == TokenKind::Word;
        let ids = usize::from(exact) * 2 + usize::from(code_only);
        if let Some(&id) = self.ids[ids].get(tok.text.as_str()) {
            self.target_words.push(id);
            return id;
        }
        let plain = is_plain_word(tok) && !exact && !code_only;
        let len = tok.text.chars().count();
        let stem = plain.then(|| stem_of(&tok.text));
        let word = VocabWord {
            text: tok.text.to_string(),
            letters: letter_set(&tok.text),
            stem_letters: stem.as_deref().map_or(0, letter_set),
            stem,
            max_edits: if plain { max_edits_for(len) } else { 0 },
            code_only,
            first: tok.text.chars().next().unwrap_or(' '),
            len,
        };
        // The budgets (src/rubric/budget.rs) keep a rubric's vocabulary to about a million
        // words at most, glossary variants included: far from u32::MAX.
        let id = u32::try_from(self.vocab.len()).unwrap_or(u32::MAX);
        self.vocab.push(word);
        self.ids[ids].insert(tok.text.as_str().to_owned(), id);
        self.target_words.push(id);
        id
    }

    /// The ids of the words of the terms compiled since the last call.
    pub fn take_target_words(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.target_words)
    }

    /// Per concept (given the ids of its terms' words), its own words: content words of
    /// three letters or more whose family (stem, or text where a word is not stemmed) no
    /// other concept's terms use, grouped by family in a fixed order.
    fn own_words(&self, concepts: &[Vec<u32>]) -> Vec<Box<[Box<[u32]>]>> {
        let family = |id: u32| {
            let w = &self.vocab[id as usize];
            w.stem.as_deref().unwrap_or(&w.text)
        };
        let content = |id: u32| {
            let text = &self.vocab[id as usize].text;
            text.chars().count() >= OWN_WORD_MIN_CHARS
                && text.chars().any(char::is_alphabetic)
                && !is_function_word(text)
        };
        let per_concept: Vec<BTreeMap<&str, Vec<u32>>> = concepts
            .iter()
            .map(|ids| {
                let mut families: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
                for &id in ids.iter().filter(|&&id| content(id)) {
                    let members = families.entry(family(id)).or_default();
                    if !members.contains(&id) {
                        members.push(id);
                    }
                }
                families
            })
            .collect();
        let mut users: HashMap<&str, usize> = HashMap::new();
        for families in &per_concept {
            for f in families.keys() {
                *users.entry(f).or_default() += 1;
            }
        }
        per_concept
            .into_iter()
            .map(|families| {
                families
                    .into_iter()
                    .filter(|(f, _)| users[f] == 1)
                    .map(|(_, ids)| ids.into_boxed_slice())
                    .collect()
            })
            .collect()
    }

    /// The phrase and its glossary variants, as token lists.
    fn variants(&self, text: &str) -> Vec<Vec<Token>> {
        let base = tokenize(text).tokens;
        let mut out = vec![base.clone()];
        let texts: Vec<&str> = base.iter().map(|t| t.text.as_str()).collect();
        // Every (group, member, position) where a member stands in the term, in glossary
        // order and, per member, only where it first does.
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        for (at, text) in texts.iter().enumerate() {
            for &(g, m) in self.members_by_first.get(*text).into_iter().flatten() {
                let member_tokens = &self.glossary_tokens[g][m];
                let n = member_tokens.len();
                // Code is literal: `str` in backticks means the type's name, and must not
                // become the prose word "string" (with its typo tolerance).
                let here = at + n <= texts.len()
                    && texts[at..at + n]
                        .iter()
                        .zip(member_tokens)
                        .all(|(a, b)| *a == b.text)
                    && base[at..at + n].iter().all(|t| !t.in_code);
                if here {
                    found.push((g, m, at));
                }
            }
        }
        found.sort_unstable();
        found.dedup_by_key(|&mut (g, m, _)| (g, m));
        for (k, &(g, m, at)) in found.iter().enumerate() {
            let group = &self.glossary.groups[g];
            let group_tokens = &self.glossary_tokens[g];
            let n = group_tokens[m].len();
            for (_, other_tokens) in group
                .iter()
                .zip(group_tokens)
                .filter(|(o, _)| **o != group[m])
            {
                let mut v: Vec<Token> = base[..at].to_vec();
                v.extend(other_tokens.iter().cloned());
                v.extend_from_slice(&base[at + n..]);
                out.push(v);
            }
            // A term gets a handful of variants at most, however large the glossary.
            let group_done = found.get(k + 1).is_none_or(|&(next, _, _)| next != g);
            if group_done && out.len() >= 16 {
                break;
            }
        }
        out
    }

    fn compile_phrase(
        &mut self,
        text: &str,
        exact: bool,
        slack: usize,
    ) -> Result<Vec<Phrase>, CompileError> {
        let mut phrases = Vec::new();
        for tokens in self.variants(text) {
            if tokens.is_empty() {
                continue;
            }
            let negates_itself = tokens.iter().any(|t| is_negator(&t.text));
            let words: SmallVec<[u32; 4]> = tokens.iter().map(|t| self.word_id(t, exact)).collect();
            phrases.push(Phrase {
                words,
                slack,
                negates_itself,
            });
            // "in-place" is also written "inplace": the words run together as one.
            if tokens.len() > 1 && tokens.iter().all(is_plain_word) {
                let joined: String = tokens.iter().map(|t| t.text.as_str()).collect();
                if joined.len() >= 6 {
                    let mut tok = tokens[0].clone();
                    tok.text = joined.into();
                    // Run-together spelling is matched as written: fuzzing "importit" would
                    // make it "important".
                    let id = self.word_id(&tok, true);
                    // A spelling of the phrase, not a word of its own: an answer that
                    // writes it matches the phrase.
                    self.target_words.pop();
                    phrases.push(Phrase {
                        words: SmallVec::from_slice(&[id]),
                        slack,
                        negates_itself,
                    });
                }
            }
        }
        if phrases.is_empty() {
            return Err(CompileError::Empty);
        }
        Ok(phrases)
    }

    /// One phrase set per part, for a kind that needs at least `min` parts.
    fn phrase_sets(
        &mut self,
        parts: &[String],
        exact: bool,
        min: usize,
    ) -> Result<Vec<PhraseSet>, CompileError> {
        if parts.len() < min {
            return Err(CompileError::Empty);
        }
        parts
            .iter()
            .map(|part| self.phrase_set(part, exact, PHRASE_SLACK))
            .collect()
    }

    /// Ends a run of plain terms before another kind, so the kinds keep the rubric's order.
    fn close_run(kinds: &mut Vec<Box<dyn EvidenceKind>>, run: &mut PhraseSet) {
        if !run.is_empty() {
            kinds.push(Box::new(std::mem::take(run)));
        }
    }

    /// A set of the phrases of `text` (with its glossary variants).
    fn phrase_set(
        &mut self,
        text: &str,
        exact: bool,
        slack: usize,
    ) -> Result<PhraseSet, CompileError> {
        let mut set = PhraseSet::default();
        for phrase in self.compile_phrase(text, exact, slack)? {
            set.push(phrase);
        }
        Ok(set)
    }

    /// Compiles the terms and patterns of one concept or misconception. Consecutive plain
    /// terms share one [`PhraseSet`]: their hits come out in the same order, and an answer
    /// walks one set instead of one per term.
    pub fn target(
        &mut self,
        terms: &[TermSpec],
        patterns: &[String],
    ) -> Result<Target, CompileError> {
        let mut kinds: Vec<Box<dyn EvidenceKind>> = Vec::new();
        let mut run = PhraseSet::default();
        for term in terms {
            match term {
                TermSpec::Phrase { text, exact, slack } => {
                    for phrase in
                        self.compile_phrase(text, *exact, slack.unwrap_or(PHRASE_SLACK))?
                    {
                        run.push(phrase);
                    }
                }
                TermSpec::All { parts, exact } => {
                    let parts = self.phrase_sets(parts, *exact, 1)?;
                    Self::close_run(&mut kinds, &mut run);
                    kinds.push(Box::new(AllGroup { parts }));
                }
                TermSpec::Sequence { parts, exact } => {
                    let steps = self.phrase_sets(parts, *exact, 2)?;
                    Self::close_run(&mut kinds, &mut run);
                    kinds.push(Box::new(Sequence { steps }));
                }
            }
        }
        if !run.is_empty() {
            kinds.push(Box::new(run));
        }
        for pattern in patterns {
            kinds.push(Box::new(PatternEvidence::compile(pattern)?));
        }
        Ok(Target::new(kinds))
    }

    /// Marks the words so far as the concepts' (and their subjects'): words added after
    /// this belong to misconceptions only.
    pub fn concepts_done(&mut self) {
        self.concept_words = Some(self.vocab.len() as u32);
    }

    pub fn finish(self) -> Vocabulary {
        let concept_words = self.concept_words.unwrap_or(self.vocab.len() as u32);
        Vocabulary::new(self.vocab, &self.glossary.known_words, concept_words)
    }
}
