//! Compiles rubric terms into a vocabulary and finds them in tokenized answers.
//!
//! Every distinct term word is compiled once into the vocabulary. An answer is matched by
//! looking each distinct answer token up once (exact, stem, then typo), which gives posting
//! lists per vocabulary word; phrases are then extended along those lists. The work is
//! linear in the answer's length: no step compares every term against every token.

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;
use rust_stemmers::{Algorithm, Stemmer};
use std::cell::RefCell;

use super::distance::osa_within;
use super::lookup_cache;
use super::normalize::{Token, TokenKind, Tokenized, is_negator, tokenize};
use super::small_list::SmallList;
use super::word_hash::BuildWordHasher;

/// Words of a phrase may have this many other words between them.
pub const PHRASE_SLACK: usize = 2;
/// A negation word this many words before a match (same clause) contradicts it.
pub const NEGATION_WINDOW: usize = 3;

/// How a term was written in a rubric, before compiling.
#[derive(Debug, Clone, PartialEq)]
pub enum TermSpec {
    /// Words in order, with a little slack between them.
    Phrase {
        text: String,
        exact: bool,
        /// Words allowed between consecutive words; `None` means [`PHRASE_SLACK`].
        slack: Option<usize>,
    },
    /// Every part somewhere in one sentence.
    All { parts: Vec<String>, exact: bool },
}

/// Synonym groups applied to every term: a term containing one member also matches the others.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    pub groups: Vec<Vec<String>>,
    /// Words the bank's own model answers use: real words, never taken for typos of others.
    pub known_words: std::collections::HashSet<String>,
}

/// One word of the vocabulary.
#[derive(Debug, Clone)]
struct VocabWord {
    text: String,
    /// Snowball stem, for plain words that may be stemmed.
    stem: Option<String>,
    max_edits: usize,
    /// Only matches code (backticks, code blocks, identifiers).
    code_only: bool,
    first: char,
    len: usize,
    /// [`letter_set`] of `text` and of `stem`: most words new to the memo are compared
    /// with many vocabulary words, and these rule most pairs out before the edit distance.
    letters: u64,
    stem_letters: u64,
}

/// A phrase compiled to vocabulary ids.
#[derive(Debug, Clone)]
struct Phrase {
    /// Inline: every answer checks every phrase's words, and a list of its own per phrase,
    /// somewhere on the heap, made that check wait on memory.
    words: SmallList<u32, 4>,
    slack: usize,
    /// The phrase itself says "not"/"cannot": a negation inside it is its meaning.
    negates_itself: bool,
}

/// One alternative of a target. A term's phrases (itself and its glossary variants) are a
/// range of [`Target::phrases`].
#[derive(Debug, Clone)]
enum Alternative {
    Phrase(Range<usize>),
    All(Vec<Range<usize>>),
    Pattern(Pattern),
}

/// A rubric regex, and what its matches depend on besides the text they match, which
/// decides whether a search of the whole answer may stand in for the search of each
/// sentence when it finds nothing (see [`MatchedAnswer::pattern_hits`]).
#[derive(Debug, Clone)]
struct Pattern {
    regex: Regex,
    context: PatternContext,
}

/// What a regex's matches depend on outside the matched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PatternContext {
    /// Nothing: no assertions.
    None,
    /// Word boundaries (`\b`, `\B`, `\<`, `\>`), which look at one character on each side.
    WordBoundaries,
    /// Anchors (`^`, `$`, `\A`, `\z`), which hold where a sentence starts or ends and
    /// nowhere in the middle of the answer.
    Anchors,
}

/// The alternatives of one concept or misconception, compiled.
#[derive(Debug, Clone, Default)]
pub struct Target {
    alternatives: Vec<Alternative>,
    /// Every phrase of the target, alternative after alternative.
    phrases: Vec<Phrase>,
    /// The first word of each phrase, apart: every answer asks it of every phrase, and
    /// most phrases end there, so the answer reads a few small arrays rather than every
    /// phrase of the rubric (which did not stay in the cache from one answer to the next).
    first_words: Vec<u32>,
}

impl Target {
    fn push_phrases(&mut self, phrases: Vec<Phrase>) -> Range<usize> {
        let start = self.phrases.len();
        self.first_words.extend(phrases.iter().map(|p| p.words[0]));
        self.phrases.extend(phrases);
        start..self.phrases.len()
    }
}

/// A place in the answer where a target matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte span in the answer, quoting the matched words (for `all`, one span per part).
    pub spans: SmallList<(usize, usize), 1>,
    /// Indices of the matched tokens.
    pub tokens: SmallList<usize, 4>,
    pub sentence: usize,
    /// A negation word stands in front of, or inside, the match.
    pub negated: bool,
}

/// Builds the vocabulary while targets are compiled.
pub struct MatcherBuilder<'g> {
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
}

/// Compiled vocabulary with indexes for look-up.
#[derive(Debug)]
pub struct Vocabulary {
    vocab: Vec<VocabWord>,
    by_text: HashMap<String, Vec<u32>, BuildWordHasher>,
    by_stem: HashMap<String, Vec<u32>, BuildWordHasher>,
    fuzzy_by_first: HashMap<char, Vec<u32>>,
    known_words: std::collections::HashSet<String, BuildWordHasher>,
    /// Names this vocabulary's part of the per-thread look-up memo.
    memo_key: u64,
}

/// Errors in a term that make it impossible to compile.
#[derive(Debug, Clone, PartialEq)]
pub enum TermError {
    Empty,
    BadRegex(String),
}

impl std::fmt::Display for TermError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TermError::Empty => write!(f, "the term has no words to match"),
            TermError::BadRegex(e) => write!(f, "the pattern does not compile: {e}"),
        }
    }
}

/// Stems remembered per thread, over all rubrics; emptied when full.
const MAX_STEMS: usize = 1 << 15;

/// Longest word whose stem is remembered, in bytes: a hostile answer's megabyte-long
/// "words" are stemmed each time instead, so the memo stays small.
const MAX_STEMMED_WORD_BYTES: usize = 64;

/// The Snowball English stem of `word`. Remembered per thread: a word new to one
/// rubric's memo is often known to another's (each rubric looks its words up apart), and
/// the stemmer cost about 2,700 instructions a word, several times a look-up in a map.
fn stem_of(word: &str) -> String {
    type Stems = (Stemmer, HashMap<Box<str>, Box<str>, BuildWordHasher>);
    thread_local! {
        static STEMS: RefCell<Stems> =
            RefCell::new((Stemmer::create(Algorithm::English), HashMap::default()));
    }
    STEMS.with(|stems| {
        let Ok(mut stems) = stems.try_borrow_mut() else {
            return Stemmer::create(Algorithm::English).stem(word).into_owned();
        };
        let (stemmer, known) = &mut *stems;
        if word.len() > MAX_STEMMED_WORD_BYTES {
            return stemmer.stem(word).into_owned();
        }
        if let Some(stem) = known.get(word) {
            return stem.to_string();
        }
        let stem = stemmer.stem(word).into_owned();
        if known.len() >= MAX_STEMS {
            known.clear();
        }
        known.insert(word.into(), stem.as_str().into());
        stem
    })
}

/// Edits allowed for a word of `len` characters: none up to 3, one up to 7, two beyond.
pub fn max_edits_for(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn is_plain_word(tok: &Token) -> bool {
    tok.kind == TokenKind::Word && tok.text.chars().all(char::is_alphabetic)
}

impl<'g> MatcherBuilder<'g> {
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
        MatcherBuilder {
            glossary,
            glossary_tokens,
            members_by_first,
            vocab: Vec::new(),
            ids: Default::default(),
        }
    }

    fn word_id(&mut self, tok: &Token, exact: bool) -> u32 {
        let code_only = tok.in_code && tok.kind == TokenKind::Word;
        let ids = usize::from(exact) * 2 + usize::from(code_only);
        if let Some(&id) = self.ids[ids].get(tok.text.as_str()) {
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
        let id = self.vocab.len() as u32;
        self.vocab.push(word);
        self.ids[ids].insert(tok.text.as_str().to_owned(), id);
        id
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
    ) -> Result<Vec<Phrase>, TermError> {
        let mut phrases = Vec::new();
        for tokens in self.variants(text) {
            if tokens.is_empty() {
                continue;
            }
            let negates_itself = tokens.iter().any(|t| is_negator(&t.text));
            let words: SmallList<u32, 4> = tokens.iter().map(|t| self.word_id(t, exact)).collect();
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
                    phrases.push(Phrase {
                        words: SmallList::from_slice(&[id]),
                        slack,
                        negates_itself,
                    });
                }
            }
        }
        if phrases.is_empty() {
            return Err(TermError::Empty);
        }
        Ok(phrases)
    }

    /// Compiles the terms and patterns of one concept or misconception.
    pub fn target(&mut self, terms: &[TermSpec], patterns: &[String]) -> Result<Target, TermError> {
        let mut target = Target::default();
        for term in terms {
            let alternative = match term {
                TermSpec::Phrase { text, exact, slack } => {
                    let phrases =
                        self.compile_phrase(text, *exact, slack.unwrap_or(PHRASE_SLACK))?;
                    let range = target.push_phrases(phrases);
                    // A term right after another plain term extends its range: the hits
                    // come out in the same order, and an answer walks one range instead
                    // of one per term (about 260 ranges an answer for 540 phrases).
                    if let Some(Alternative::Phrase(before)) = target.alternatives.last_mut() {
                        if before.end == range.start {
                            before.end = range.end;
                            continue;
                        }
                    }
                    Alternative::Phrase(range)
                }
                TermSpec::All { parts, exact } => {
                    if parts.is_empty() {
                        return Err(TermError::Empty);
                    }
                    let mut ranges = Vec::with_capacity(parts.len());
                    for part in parts {
                        let phrases = self.compile_phrase(part, *exact, PHRASE_SLACK)?;
                        ranges.push(target.push_phrases(phrases));
                    }
                    Alternative::All(ranges)
                }
            };
            target.alternatives.push(alternative);
        }
        for pattern in patterns {
            target.alternatives.push(Alternative::Pattern(Pattern {
                regex: compile_pattern(pattern)?,
                context: pattern_context(pattern),
            }));
        }
        Ok(target)
    }

    pub fn finish(self) -> Vocabulary {
        let mut by_text: HashMap<String, Vec<u32>, BuildWordHasher> = HashMap::default();
        let mut by_stem: HashMap<String, Vec<u32>, BuildWordHasher> = HashMap::default();
        let mut fuzzy_by_first: HashMap<char, Vec<u32>> = HashMap::new();
        for (id, w) in self.vocab.iter().enumerate() {
            let id = id as u32;
            by_text.entry(w.text.clone()).or_default().push(id);
            if let Some(stem) = &w.stem {
                by_stem.entry(stem.clone()).or_default().push(id);
            }
            if w.max_edits > 0 {
                fuzzy_by_first.entry(w.first).or_default().push(id);
            }
        }
        Vocabulary {
            vocab: self.vocab,
            by_text,
            by_stem,
            fuzzy_by_first,
            known_words: self.glossary.known_words.iter().cloned().collect(),
            memo_key: lookup_cache::vocabulary_key(),
        }
    }
}

/// Compiles a rubric regex: case-insensitive, with size limits so a hostile pattern cannot
/// blow up memory (the regex crate already guarantees linear-time matching).
///
/// Compiled regexes are remembered by pattern for the life of the process: validating a
/// rubric and compiling it both need them, and one case-insensitive Unicode `\w` costs
/// milliseconds to build. A clone shares the compiled program.
pub fn compile_pattern(pattern: &str) -> Result<Regex, TermError> {
    type Compiled = HashMap<String, Result<Regex, TermError>>;
    static COMPILED: std::sync::Mutex<Option<Compiled>> = std::sync::Mutex::new(None);
    // (No let chains: they need Rust 1.88, above our rust-version.)
    let known = COMPILED
        .lock()
        .ok()
        .and_then(|compiled| compiled.as_ref()?.get(pattern).cloned());
    if let Some(known) = known {
        return known;
    }
    let result = build_pattern(pattern);
    if let Ok(mut compiled) = COMPILED.lock() {
        let compiled = compiled.get_or_insert_with(HashMap::new);
        // A bank has tens of patterns; the bound only keeps a pathological one in check.
        if compiled.len() >= 4096 {
            compiled.clear();
        }
        compiled.insert(pattern.to_string(), result.clone());
    }
    result
}

fn build_pattern(pattern: &str) -> Result<Regex, TermError> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
        .map_err(|e| TermError::BadRegex(e.to_string()))
}

/// What a match of `pattern` depends on besides the text it matches. Conservative: a `^`
/// or `$` anywhere (even in a class, `[^a]`) counts as an anchor, and an escaped backslash
/// before a `b` as a word boundary.
fn pattern_context(pattern: &str) -> PatternContext {
    if pattern.contains(['^', '$']) || ["\\A", "\\z"].iter().any(|a| pattern.contains(a)) {
        PatternContext::Anchors
    } else if ["\\b", "\\B", "\\<", "\\>"]
        .iter()
        .any(|a| pattern.contains(a))
    {
        PatternContext::WordBoundaries
    } else {
        PatternContext::None
    }
}

/// Endings that change a word's form but not its meaning. Snowball also strips endings
/// such as "-al" ("internal" -> "intern"), which change the meaning; those do not count.
const INFLECTIONS: &[&str] = &[
    "", "s", "es", "ed", "d", "ing", "er", "ers", "e", "ly", "able", "ability", "ible", "ibility",
    "ion", "ions", "ation", "ations", "ment", "ments", "ness", "ity", "ities", "y", "ies", "ied",
    "ingly", "edly",
];

/// Whether two words sharing `stem` differ only by inflection.
fn same_word_family(stem: &str, a: &str, b: &str) -> bool {
    let ending = |w: &str| {
        w.strip_prefix(stem).map(|rest| {
            // "debug" + "ging": an ending after a doubled final consonant.
            let undoubled = match (stem.chars().last(), rest.chars().next()) {
                (Some(l), Some(f)) if l == f && rest.len() > 1 => &rest[f.len_utf8()..],
                _ => rest,
            };
            INFLECTIONS.contains(&rest) || INFLECTIONS.contains(&undoubled)
        })
    };
    // When the stemmer rewrote letters ("copies" -> "copi"), trust it.
    ending(a).unwrap_or(true) && ending(b).unwrap_or(true)
}

/// The characters a word has, as bits: character `c` sets bit `c % 64`.
fn letter_set(word: &str) -> u64 {
    word.chars().fold(0, |set, c| set | 1 << (c as u32 % 64))
}

/// Whether two words with these [`letter_set`]s may be within `max` edits: a necessary
/// condition, cheap enough to ask of every candidate before [`within_edits`]. An insertion
/// or a deletion changes the characters a word has by at most one, a substitution by at
/// most two (one gone, one new), a swap of neighbours not at all; and folding characters
/// into 64 bits can only hide a difference, never make one. So words `max` edits apart
/// differ in at most `2 * max` bits.
fn may_be_within(a: u64, b: u64, max: usize) -> bool {
    (a ^ b).count_ones() as usize <= 2 * max
}

fn within_edits(a: &str, b: &str, max: usize) -> bool {
    osa_within(a, b, max)
}

/// One token's facts, as matching reads them.
#[derive(Debug, Clone, Copy)]
struct TokenFacts {
    /// Where the token's ids end in `token_words`; they start where the previous token's end.
    ids_end: usize,
    sentence: u32,
    clause: u32,
    /// [`is_negator`](super::normalize::is_negator)
    negator: bool,
    /// [`is_function_word`](super::normalize::is_function_word): sentence classification
    /// asks this of every word several times.
    function_word: bool,
}

/// An answer matched against a vocabulary: which vocabulary words each token is.
pub struct MatchedAnswer<'a> {
    pub text: &'a str,
    pub tokenized: Tokenized,
    /// Vocabulary ids of every token, one after another (most tokens have none).
    token_words: Vec<u32>,
    /// Per token, what every phrase and negation check reads (see [`TokenFacts`]), in
    /// one compact array: in a long answer, reaching into each `Token` for these missed the
    /// cache, and one array of them is one push per token where an array per fact was five.
    facts: Vec<TokenFacts>,
    /// Negation words among the tokens before each: `negators_before[i]` counts them in
    /// `..i` (one more entry than tokens). Most hits have none in or just before them, and
    /// this says so in two reads instead of a walk over each.
    negators_before: Vec<u32>,
    /// Token indices per vocabulary id, one list after another: the list of id `w` is
    /// `posting_tokens[posting_starts[w]..posting_starts[w + 1]]`. Two flat arrays, where a
    /// `Vec` per vocabulary word cost an allocation per word the answer used.
    posting_starts: Vec<usize>,
    posting_tokens: Vec<usize>,
    /// One bit per vocabulary id: whether the answer uses the word. Most phrases have a
    /// word the answer never uses, and this answers for them from one cache line or two.
    present: Vec<u64>,
    /// Every sentence has, just before and just after it, the answer's edge or an ASCII
    /// character that is no part of a word (see [`MatchedAnswer::pattern_hits`]).
    plain_sentence_edges: bool,
}

impl Vocabulary {
    fn lookup(&self, tok: &Token, out: &mut Vec<u32>) {
        let push = |id: u32, out: &mut Vec<u32>| {
            let w = &self.vocab[id as usize];
            if w.code_only && !tok.in_code {
                return;
            }
            if !out.contains(&id) {
                out.push(id);
            }
        };
        if let Some(ids) = self.by_text.get(&*tok.text) {
            ids.iter().for_each(|&id| push(id, out));
        }
        // A term `id` also matches the call `id()` and the reverse.
        if let Some(bare) = tok.text.strip_suffix("()") {
            if let Some(ids) = self.by_text.get(bare) {
                ids.iter().for_each(|&id| push(id, out));
            }
        } else if tok.kind != TokenKind::Word || tok.in_code {
            let call = format!("{}()", tok.text);
            if let Some(ids) = self.by_text.get(&call) {
                ids.iter().for_each(|&id| push(id, out));
            }
        }
        // `my_list.append(4)` also says `append()`: the method is the last dotted part.
        if tok.kind == TokenKind::Code {
            if let Some((_, method)) = tok.text.rsplit_once('.') {
                for key in [method, method.strip_suffix("()").unwrap_or(method)] {
                    if let Some(ids) = self.by_text.get(key) {
                        ids.iter().for_each(|&id| push(id, out));
                    }
                }
            }
        }
        if !is_plain_word(tok) {
            return;
        }
        let stem = stem_of(&tok.text);
        if let Some(ids) = self.by_stem.get(&stem) {
            ids.iter()
                .filter(|&&id| same_word_family(&stem, &tok.text, &self.vocab[id as usize].text))
                .for_each(|&id| push(id, out));
        }
        let len = tok.text.chars().count();
        if len < 4 {
            return;
        }
        let Some(first) = tok.text.chars().next() else {
            return;
        };
        // A word the bank itself uses ("functions", "directly") is a real word, not a typo
        // of a nearby term ("functools", "directory").
        if self.known_words.contains(&*tok.text) || super::words::is_common_word(&tok.text) {
            return;
        }
        if let Some(ids) = self.fuzzy_by_first.get(&first) {
            let letters = letter_set(&tok.text);
            let stem_letters = letter_set(&stem);
            // The same for every candidate: asked once.
            let inflected = same_word_family(&stem, &tok.text, &tok.text);
            for &id in ids {
                let w = &self.vocab[id as usize];
                if w.len.abs_diff(len) > w.max_edits || out.contains(&id) {
                    continue;
                }
                // A typo in an inflected form ("intrened" for "intern") is caught on stems,
                // for stems long enough that one edit does not reach another word.
                let close = (may_be_within(letters, w.letters, w.max_edits)
                    && within_edits(&tok.text, &w.text, w.max_edits))
                    || w.stem.as_deref().is_some_and(|ws| {
                        let n = ws.chars().count();
                        let max = max_edits_for(n);
                        n >= 5
                            && *ws != stem
                            && inflected
                            && may_be_within(stem_letters, w.stem_letters, max)
                            && within_edits(&stem, ws, max)
                    });
                if close {
                    push(id, out);
                }
            }
        }
    }

    /// Tokenizes `text` and looks every distinct token up once per thread (see
    /// [`lookup_cache`](super::lookup_cache)).
    pub fn match_answer<'a>(&self, text: &'a str) -> MatchedAnswer<'a> {
        let tokenized = tokenize(text);
        let mut facts = Vec::with_capacity(tokenized.tokens.len());
        let mut negators_before = Vec::with_capacity(tokenized.tokens.len() + 1);
        negators_before.push(0u32);
        // Most tokens have no vocabulary id, a few have one or more: room for one each.
        let mut token_words = Vec::with_capacity(tokenized.tokens.len());
        lookup_cache::with(self.memo_key, |memo| {
            let mut negators_seen = 0;
            for tok in &tokenized.tokens {
                let look_up = || {
                    let mut ids = Vec::new();
                    self.lookup(tok, &mut ids);
                    ids
                };
                // The memo key is (text, in code, plain word or not): everything `lookup`
                // reads from a token. If it ever reads more, the key must grow with it.
                let is_word = tok.kind == TokenKind::Word;
                let flags =
                    memo.extend_with(&tok.text, tok.in_code, is_word, look_up, &mut token_words);
                facts.push(TokenFacts {
                    ids_end: token_words.len(),
                    sentence: tok.sentence,
                    clause: tok.clause,
                    negator: flags.negator,
                    function_word: flags.function_word,
                });
                negators_seen += u32::from(flags.negator);
                negators_before.push(negators_seen);
            }
        });
        let (posting_starts, posting_tokens) = postings(self.vocab.len(), &token_words, &facts);
        let mut present = vec![0u64; self.vocab.len().div_ceil(64)];
        for &id in &token_words {
            present[id as usize / 64] |= 1 << (id % 64);
        }
        let plain_sentence_edges = tokenized.sentences.iter().all(|s| {
            let outside_word = |b: Option<&u8>| {
                b.is_none_or(|&b| b.is_ascii() && !b.is_ascii_alphanumeric() && b != b'_')
            };
            let bytes = text.as_bytes();
            outside_word(s.start.checked_sub(1).and_then(|i| bytes.get(i)))
                && outside_word(bytes.get(s.end))
        });
        MatchedAnswer {
            text,
            tokenized,
            token_words,
            facts,
            negators_before,
            posting_starts,
            posting_tokens,
            present,
            plain_sentence_edges,
        }
    }
}

/// The token indices of every vocabulary id, in token order, as flat arrays (see
/// [`MatchedAnswer`]): counted, then filled from the back so each list ends up sorted.
fn postings(
    vocab_len: usize,
    token_words: &[u32],
    facts: &[TokenFacts],
) -> (Vec<usize>, Vec<usize>) {
    let mut starts = vec![0usize; vocab_len + 1];
    for &id in token_words {
        starts[id as usize + 1] += 1;
    }
    for w in 1..starts.len() {
        starts[w] += starts[w - 1];
    }
    // `ends[w]` is where id `w`'s list ends; filling backwards leaves it at its start.
    let mut ends = starts[1..].to_vec();
    let mut tokens = vec![0usize; token_words.len()];
    for i in (0..facts.len()).rev() {
        let start = i.checked_sub(1).map_or(0, |p| facts[p].ids_end);
        for &id in &token_words[start..facts[i].ids_end] {
            ends[id as usize] -= 1;
            tokens[ends[id as usize]] = i;
        }
    }
    (starts, tokens)
}

impl MatchedAnswer<'_> {
    /// Whether token `i` is a function word
    /// ([`is_function_word`](super::normalize::is_function_word) of its text).
    pub fn is_function_word(&self, i: usize) -> bool {
        self.facts[i].function_word
    }

    /// Indices of the tokens that are vocabulary word `word`, in order.
    fn places(&self, word: u32) -> &[usize] {
        let w = word as usize;
        &self.posting_tokens[self.posting_starts[w]..self.posting_starts[w + 1]]
    }

    fn token_is(&self, i: usize, word: u32) -> bool {
        let start = i.checked_sub(1).map_or(0, |p| self.facts[p].ids_end);
        self.token_words[start..self.facts[i].ids_end].contains(&word)
    }

    /// Whether a negation word contradicts a match on `tokens` (sorted indices).
    fn negated(&self, tokens: &[usize]) -> bool {
        let (first, last) = (tokens[0], tokens[tokens.len() - 1]);
        let window = first.saturating_sub(NEGATION_WINDOW);
        let negators_in = |range: Range<usize>| {
            self.negators_before[range.end] - self.negators_before[range.start]
        };
        if negators_in(window..last + 1) == 0 {
            return false;
        }
        let inside = (first..=last).any(|i| self.facts[i].negator && !tokens.contains(&i));
        if inside {
            return true;
        }
        let toks = &self.tokenized.tokens;
        let clause = self.facts[first].clause;
        // "tuples are not (really) immutable" negates; "you do not know how many arguments"
        // negates "know", not "how many arguments": a verb that takes the negation for
        // itself ends its reach.
        (first.saturating_sub(NEGATION_WINDOW)..first).any(|i| {
            self.facts[i].negator
                && self.facts[i].clause == clause
                && !is_idiom(toks, i)
                && !(i + 1..first).any(|j| stops_negation(&toks[j].text))
        })
    }

    /// The token after `cur` that is vocabulary word `word`, within the phrase's slack:
    /// in the same sentence, and in the same clause unless it follows at once ("extra bit,
    /// calls" is not "extra call").
    fn next_word(&self, cur: usize, word: u32, slack: usize) -> Option<usize> {
        let TokenFacts {
            sentence, clause, ..
        } = self.facts[cur];
        let last = (cur + 1 + slack).min(self.facts.len().saturating_sub(1));
        for j in cur + 1..=last {
            let facts = self.facts[j];
            if facts.sentence != sentence {
                return None;
            }
            if (j == cur + 1 || facts.clause == clause) && self.token_is(j, word) {
                return Some(j);
            }
        }
        None
    }

    /// The places `phrase` matches, appended to `out`. `matched` is scratch space, passed in
    /// so that one buffer serves every phrase of a target.
    // Not inlined: inlined into its callers it made every call of theirs (several hundred
    // per answer, most for phrases that do not match) save and load dozens of registers
    // (-3.8% instructions per answer, callgrind).
    #[inline(never)]
    fn phrase_hits(&self, phrase: &Phrase, matched: &mut Vec<usize>, out: &mut Vec<Hit>) {
        // A phrase with a word the answer never uses cannot match: skip walking the
        // (often long) list of places where its first word occurs.
        if !phrase.words[1..].iter().all(|&w| self.is_present(w)) {
            return;
        }
        let toks = &self.tokenized.tokens;
        // Where the second word occurs, read alongside the starts: most starts are not
        // followed by it within the slack, and this tells so from the short list of its
        // places instead of from the tokens near each start, which in a long answer are
        // all over memory. (Only a necessary condition: the walk below still decides.)
        let seconds = phrase.words.get(1).map_or(&[][..], |&w| self.places(w));
        let mut next_second = 0;
        'starts: for &start in self.places(phrase.words[0]) {
            if phrase.words.len() > 1 {
                while seconds.get(next_second).is_some_and(|&p| p <= start) {
                    next_second += 1;
                }
                if seconds
                    .get(next_second)
                    .is_none_or(|&p| p > start + 1 + phrase.slack)
                {
                    continue;
                }
            }
            matched.clear();
            matched.push(start);
            let mut cur = start;
            for &word in &phrase.words[1..] {
                match self.next_word(cur, word, phrase.slack) {
                    Some(j) => {
                        matched.push(j);
                        cur = j;
                    }
                    None => continue 'starts,
                }
            }
            let negated = !phrase.negates_itself && self.negated(matched);
            out.push(Hit {
                spans: SmallList::from_slice(&[(toks[start].start, toks[cur].end)]),
                tokens: SmallList::from_slice(matched),
                sentence: self.facts[start].sentence as usize,
                negated,
            });
        }
    }

    fn is_present(&self, word: u32) -> bool {
        self.present[word as usize / 64] & (1 << (word % 64)) != 0
    }

    /// The hits of the phrases `range` of `target`, appended to `out`.
    fn variant_hits(
        &self,
        target: &Target,
        range: Range<usize>,
        matched: &mut Vec<usize>,
        out: &mut Vec<Hit>,
    ) {
        for i in range {
            if self.is_present(target.first_words[i]) {
                self.phrase_hits(&target.phrases[i], matched, out);
            }
        }
    }

    /// Every place `target` matches, in text order.
    pub fn hits(&self, target: &Target) -> Vec<Hit> {
        let mut out = Vec::new();
        self.hits_into(target, &mut out, &mut HitScratch::default());
        out
    }

    /// Appends every place `target` matches to `out`, in text order. Grading gathers the
    /// hits of all of a rubric's targets in one list this way: a list of its own per
    /// target, grown hit by hit, was an allocation or three per target and answer.
    pub fn hits_into(&self, target: &Target, out: &mut Vec<Hit>, scratch: &mut HitScratch) {
        let start = out.len();
        for alt in &target.alternatives {
            match alt {
                Alternative::Phrase(range) => {
                    self.variant_hits(target, range.clone(), &mut scratch.matched, out)
                }
                Alternative::All(parts) => self.all_hits(target, parts, scratch, out),
                Alternative::Pattern(pattern) => self.pattern_hits(pattern, out),
            }
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

    /// Where a rubric regex matches, searched per sentence as phrases are: a greedy
    /// `==.*true` must not run on into the next sentence.
    fn pattern_hits(&self, pattern: &Pattern, out: &mut Vec<Hit>) {
        // One search of the whole answer rules most patterns out at once, where it can
        // stand in for the sentences: a match in a sentence is a match in the whole answer
        // when nothing it depends on differs between the two. Anchors do (`^is` may match
        // where a sentence starts and nowhere in the whole answer); a word boundary only
        // looks one character past the sentence, which is the same in both when that
        // character is not part of a word.
        let whole_answer_decides = match pattern.context {
            PatternContext::None => true,
            PatternContext::WordBoundaries => self.plain_sentence_edges,
            PatternContext::Anchors => false,
        };
        // Where it does, it also rules sentences out: a match in a sentence is then a match
        // of the whole answer starting in it, so a sentence can hold one only if the
        // leftmost match from its start (`find_at`, which looks before the start for word
        // boundaries as the whole answer's search would) starts before the sentence ends.
        // Most sentences are passed over by one comparison instead of a search each.
        let mut next_start = 0;
        if whole_answer_decides {
            match pattern.regex.find(self.text) {
                Some(m) => next_start = m.start(),
                None => return,
            }
        }
        for (si, sentence) in self.tokenized.sentences.iter().enumerate() {
            if whole_answer_decides {
                if next_start < sentence.start {
                    match pattern.regex.find_at(self.text, sentence.start) {
                        Some(m) => next_start = m.start(),
                        None => return,
                    }
                }
                if next_start >= sentence.end {
                    continue;
                }
            }
            let Some(slice) = self.text.get(sentence.start..sentence.end) else {
                continue;
            };
            for m in pattern.regex.find_iter(slice) {
                if m.is_empty() {
                    continue;
                }
                let (start, end) = (sentence.start + m.start(), sentence.start + m.end());
                let tokens = (self.first_token_at(start)..sentence.token_end)
                    .take_while(|&i| self.tokenized.tokens[i].start < end)
                    .collect();
                out.push(Hit {
                    spans: SmallList::from_slice(&[(start, end)]),
                    tokens,
                    sentence: si,
                    negated: false,
                });
            }
        }
    }

    fn first_token_at(&self, byte: usize) -> usize {
        self.tokenized.tokens.partition_point(|t| t.end <= byte)
    }

    fn all_hits(
        &self,
        target: &Target,
        parts: &[Range<usize>],
        scratch: &mut HitScratch,
        out: &mut Vec<Hit>,
    ) {
        let HitScratch {
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
        let could_match = |phrase: &Phrase| phrase.words.iter().all(|&w| self.is_present(w));
        if !parts
            .iter()
            .all(|range| target.phrases[range.clone()].iter().any(could_match))
        {
            return;
        }
        // Per part, the first hit in each sentence; a sentence with every part is a hit.
        // Preferred in each sentence: an affirmative hit over a negated one, then the
        // earliest, then the first found. A stable sort on exactly that order picks it
        // without a map per part or a copy of every hit. The parts' hits lie one after
        // another in `part_hits`, part `k` ending at `part_ends[k]`.
        part_hits.clear();
        part_ends.clear();
        for range in parts {
            let start = part_hits.len();
            self.variant_hits(target, range.clone(), matched, part_hits);
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
        let says_no = parts.iter().any(|range| {
            target.phrases[range.clone()]
                .iter()
                .any(|p| p.negates_itself)
        });
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
                tokens: SmallList::from_slice(tokens),
                sentence: s,
            });
        }
    }
}

/// Removes from `hits[start..]` each hit `same` as the last one kept, keeping the first of
/// every run, as `Vec::dedup_by` does for a whole list.
fn dedup_from(hits: &mut Vec<Hit>, start: usize, same: impl Fn(&Hit, &Hit) -> bool) {
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
pub struct HitScratch {
    matched: Vec<usize>,
    part_hits: Vec<Hit>,
    part_ends: Vec<usize>,
    chosen: Vec<usize>,
    tokens: Vec<usize>,
}

impl HitScratch {
    /// Scratch lists with room for a typical answer's all-groups, so that they do not grow
    /// step by step in each answer.
    pub fn with_room() -> Self {
        HitScratch {
            matched: Vec::with_capacity(8),
            part_hits: Vec::with_capacity(64),
            part_ends: Vec::with_capacity(8),
            chosen: Vec::with_capacity(8),
            tokens: Vec::with_capacity(16),
        }
    }
}

/// Verbs that take the negation for themselves: in "you do not *know* how many arguments"
/// or "you don't *need* a lock" the negation stops at the verb and leaves what follows
/// affirmative; in "`is` does not *check* identity" it reaches the object.
fn stops_negation(word: &str) -> bool {
    matches!(
        word,
        "know"
            | "knows"
            | "knew"
            | "need"
            | "needs"
            | "matter"
            | "matters"
            | "care"
            | "want"
            | "wants"
            | "worry"
            | "mind"
            | "bother"
            | "remember"
            | "forget"
            | "realize"
            | "realise"
            | "say"
            | "says"
            | "mean"
            | "means"
            | "have"
            | "has"
            | "had"
            | "only"
            | "just"
            | "until"
            | "unless"
    )
}

/// Negation words that are part of an idiom and negate nothing: "no matter how many",
/// "not only", "no longer" is left alone because it does negate.
fn is_idiom(toks: &[Token], i: usize) -> bool {
    let next = toks.get(i + 1).map(|t| t.text.as_str());
    matches!(
        (toks[i].text.as_str(), next),
        ("no", Some("matter" | "doubt")) | ("not", Some("only" | "just"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target_with(glossary: &Glossary, terms: &[TermSpec]) -> (Vocabulary, Target) {
        let mut b = MatcherBuilder::new(glossary);
        let t = b.target(terms, &[]).unwrap();
        (b.finish(), t)
    }

    fn phrase(text: &str) -> TermSpec {
        TermSpec::Phrase {
            text: text.into(),
            exact: false,
            slack: None,
        }
    }

    fn exact(text: &str) -> TermSpec {
        TermSpec::Phrase {
            text: text.into(),
            exact: true,
            slack: None,
        }
    }

    /// Affirmative hits of `term` in `answer`, quoted.
    fn found(term: TermSpec, answer: &str) -> Vec<String> {
        let g = Glossary::default();
        let (v, t) = target_with(&g, &[term]);
        let m = v.match_answer(answer);
        m.hits(&t)
            .into_iter()
            .filter(|h| !h.negated)
            .map(|h| {
                h.spans
                    .iter()
                    .map(|&(s, e)| &answer[s..e])
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    fn matches(term: &str, answer: &str) -> bool {
        !found(phrase(term), answer).is_empty()
    }

    #[test]
    fn case_and_punctuation() {
        assert!(matches(
            "global interpreter lock",
            "The Global Interpreter-Lock!"
        ));
        assert!(!matches("global interpreter lock", "a global lock"));
    }

    #[test]
    fn hyphen_space_or_joined() {
        assert!(matches("in-place", "it is modified in place"));
        assert!(matches("in place", "it is modified in-place"));
        assert!(matches("in-place", "an inplace update"));
        assert!(!matches("in-place", "a place in memory"));
    }

    #[test]
    fn word_forms_by_stem() {
        assert!(matches("intern", "small strings are interned"));
        assert!(matches("intern", "this is called interning"));
        assert!(!matches("intern", "internal details"));
    }

    #[test]
    fn identifiers_are_not_stemmed() {
        assert!(!matches("__init__", "initialise the object"));
        assert!(matches(
            "functools.wraps",
            "decorate with `functools.wraps`"
        ));
        assert!(!matches(
            "functools.wraps",
            "the functools module wraps things"
        ));
    }

    #[test]
    fn no_typos_on_short_words() {
        assert!(!matches("gil", "the gill of a fish"));
        assert!(
            !found(exact("is"), "put it in a list")
                .iter()
                .any(|s| s == "in")
        );
        assert!(matches("gil", "the GIL"));
    }

    #[test]
    fn one_typo_up_to_seven_letters() {
        assert!(matches("mutable", "lists are mutabel"));
        assert!(!matches("mutable", "lists are mtuabel"));
        assert!(matches("tuple", "a tupel"));
    }

    #[test]
    fn two_typos_beyond_seven() {
        assert!(matches("reference", "a refrense count"));
        assert!(!matches("reference", "a rfrnse count"));
    }

    #[test]
    fn first_letter_must_agree() {
        assert!(!matches("mutable", "strings are immutable"));
        assert!(!matches("immutable", "lists are mutable"));
    }

    #[test]
    fn exact_terms_are_not_fuzzed() {
        assert!(found(exact("mutable"), "lists are mutabel").is_empty());
        assert!(found(exact("intern"), "strings are interned").is_empty());
        assert!(!found(exact("mutable"), "lists are Mutable").is_empty());
    }

    #[test]
    fn phrases_allow_two_words_of_slack() {
        assert!(matches("same object", "the same underlying object"));
        assert!(matches("same object", "the same big shared object"));
        assert!(!matches(
            "same object",
            "the same thing as any other object"
        ));
    }

    #[test]
    fn slack_can_be_switched_off() {
        let tight = TermSpec::Phrase {
            text: "pass by reference".into(),
            exact: false,
            slack: Some(0),
        };
        assert!(found(tight.clone(), "python is pass by object reference").is_empty());
        assert_eq!(found(tight, "python is pass by reference").len(), 1);
    }

    #[test]
    fn patterns_stay_in_their_sentence() {
        let g = Glossary::default();
        let mut b = MatcherBuilder::new(&g);
        let t = b.target(&[], &["==.*true".into()]).unwrap();
        let v = b.finish();
        assert!(v.match_answer("a == b. That is true.").hits(&t).is_empty());
        assert_eq!(v.match_answer("a == b is true here.").hits(&t).len(), 1);
    }

    #[test]
    fn dedup_from_keeps_the_first_of_each_run_after_start() {
        let hit = |start: usize, negated: bool| Hit {
            spans: SmallList::from_slice(&[(start, start + 1)]),
            tokens: SmallList::from_slice(&[start]),
            sentence: 0,
            negated,
        };
        // Before `start` nothing is touched, even a run that continues past it.
        let mut hits = vec![
            hit(1, false),
            hit(1, true),
            hit(1, true),
            hit(2, true),
            hit(2, false),
        ];
        dedup_from(&mut hits, 1, |a, b| a.spans == b.spans);
        let kept: Vec<_> = hits.iter().map(|h| (h.spans[0].0, h.negated)).collect();
        assert_eq!(kept, [(1, false), (1, true), (2, true)]);
    }

    #[test]
    fn anchored_patterns_match_where_a_sentence_starts() {
        // `^` holds at the start of a sentence, not of the whole answer: the search of the
        // whole answer that rules local patterns out must not rule this one out.
        let g = Glossary::default();
        let mut b = MatcherBuilder::new(&g);
        let anchored = b.target(&[], &["^is checks".into()]).unwrap();
        let bounded = b.target(&[], &[r"\bis\b".into()]).unwrap();
        let v = b.finish();
        let m = v.match_answer("Equality is not identity. Is checks identity.");
        assert_eq!(m.hits(&anchored).len(), 1);
        assert_eq!(m.hits(&bounded).len(), 2);
        assert!(
            v.match_answer("This checks identity.")
                .hits(&anchored)
                .is_empty()
        );
    }

    #[test]
    fn patterns_are_told_apart_by_what_they_look_at_outside_the_match() {
        for pattern in [r"id\(\w+\)\s*==\s*id\(", "==.*true"] {
            assert_eq!(pattern_context(pattern), PatternContext::None, "{pattern}");
        }
        for pattern in [r"\bis\b", r"\Bx", r"\<is", r"is\>", r"a\\b"] {
            let context = pattern_context(pattern);
            assert_eq!(context, PatternContext::WordBoundaries, "{pattern}");
        }
        for pattern in ["^is", "done$", r"\Astart", r"end\z", "[^a]b", r"\b^is"] {
            assert_eq!(
                pattern_context(pattern),
                PatternContext::Anchors,
                "{pattern}"
            );
        }
    }

    #[test]
    fn word_boundary_patterns_find_the_same_with_and_without_the_shortcut() {
        // Sentences whose edges touch a word character (no space after the full stop, an
        // accented letter) must not be ruled out by a search of the whole answer.
        let g = Glossary::default();
        let mut b = MatcherBuilder::new(&g);
        let starts = b.target(&[], &[r"\bis\b".into()]).unwrap();
        let inner = b.target(&[], &[r"\Bs checks".into()]).unwrap();
        let v = b.finish();
        let mut edges = Vec::new();
        for text in [
            "Equality is not identity. Is checks identity.",
            "x.Is checks\nThis checks.",
            "caf\u{e9}Is checks identity.",
            "Why is it?Is checks!This checks.",
            "\u{ab}Is checks identity.\u{bb}",
            "No match here at all.",
        ] {
            let m = v.match_answer(text);
            edges.push(m.plain_sentence_edges);
            assert_eq!(m.hits(&starts), per_sentence(&m, &starts), "{text}");
            assert_eq!(m.hits(&inner), per_sentence(&m, &inner), "{text}");
        }
        // Both ways were taken: a guillemet is not known to stand outside every word.
        assert!(edges.contains(&true) && edges.contains(&false), "{edges:?}");
    }

    /// The hits of `target`'s patterns found by searching every sentence on its own, as
    /// if each pattern had anchors (which no search of the whole answer may stand in for).
    fn per_sentence(m: &MatchedAnswer, target: &Target) -> Vec<Hit> {
        let mut hits = Vec::new();
        for alt in &target.alternatives {
            if let Alternative::Pattern(p) = alt {
                let forced = Pattern {
                    regex: p.regex.clone(),
                    context: PatternContext::Anchors,
                };
                m.pattern_hits(&forced, &mut hits);
            }
        }
        hits
    }

    /// Every pattern's hits through the target (with the whole answer ruling sentences
    /// out where it may) and by searching each sentence on its own.
    fn pattern_hits_both_ways(patterns: &[&str], text: &str) -> Vec<(Vec<Hit>, Vec<Hit>)> {
        let g = Glossary::default();
        let mut b = MatcherBuilder::new(&g);
        let targets: Vec<Target> = patterns
            .iter()
            .map(|p| b.target(&[], &[p.to_string()]).unwrap())
            .collect();
        let v = b.finish();
        let m = v.match_answer(text);
        targets
            .iter()
            .map(|t| (m.hits(t), per_sentence(&m, t)))
            .collect()
    }

    #[test]
    fn sentences_after_a_match_that_runs_on_are_still_searched() {
        // The whole answer's first match of `a.*b` starts in the first sentence and runs
        // into the second; the second sentence has a match of its own, and the third one
        // after a sentence without any.
        let text = "An apple here. Then a bob there. Nothing. A cab b.";
        let both_ways = pattern_hits_both_ways(&["a.*b", r"a\w*b"], text);
        for (through_target, per_sentence) in &both_ways {
            assert_eq!(through_target, per_sentence);
        }
        let sentences: Vec<usize> = both_ways[0].0.iter().map(|h| h.sentence).collect();
        assert_eq!(sentences, [1, 3]);
    }

    proptest::proptest! {
        /// Ruling sentences out by searches of the whole answer finds what searching each
        /// sentence finds, for patterns with and without word boundaries.
        #[test]
        fn sentences_ruled_out_by_the_whole_answer_hold_no_match(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "is", "b", "==", "true", "cab", "x=[]", "(a,)", ".", ". ", "!", "\n",
                    "ab", "isa", "é", "_", "id(x)", ",", " ",
                ]),
                0..24,
            ),
        ) {
            let text = words.concat();
            let patterns = [
                "a.*b", "==.*true", r"\bis\b", r"\Ba", r"a\w*b", r"\(\s*\w+\s*,\s*\)",
                r"=\s*\[\s*\]", r"\bid\s*\(\s*\w+\s*\)", "a?",
            ];
            for (through_target, per_sentence) in pattern_hits_both_ways(&patterns, &text) {
                proptest::prop_assert_eq!(through_target, per_sentence, "{:?}", text);
            }
        }
    }

    #[test]
    fn doubled_consonants_and_slack_within_a_clause() {
        assert!(matches("debugging", "how to debug it"));
        assert!(matches("debug", "while debugging"));
        assert!(!matches(
            "extra call",
            "does an extra bit, calls the original"
        ));
        assert!(matches("loop variable", "the loop variable's value"));
    }

    #[test]
    fn phrases_do_not_cross_sentences() {
        assert!(!matches(
            "same object",
            "They are the same. Object ids differ."
        ));
        assert!(!matches("same object", "the same\n\nobject"));
    }

    #[test]
    fn tokens_not_substrings() {
        assert!(!matches("cat", "a category of things"));
        assert!(!matches("is", "this list"));
    }

    #[test]
    fn code_tokens_whole() {
        assert!(matches("**kwargs", "def f(**kwargs): pass"));
        assert!(!matches("**kwargs", "def f(*kwargs): pass"));
        assert!(matches("*args", "collects *args into a tuple"));
        assert!(matches("==", "a == b"));
        assert!(!matches("==", "a = b"));
        assert!(matches("id()", "compare id(a) with id(b)"));
        assert!(matches("id", "compare id(a) with id(b)"));
        assert!(!matches("id()", "the id of the object"));
    }

    #[test]
    fn backticked_terms_only_match_code() {
        assert!(matches("`is`", "the `is` operator"));
        assert!(!matches("`is`", "this is an operator"));
    }

    #[test]
    fn negation_before_or_inside_contradicts() {
        let g = Glossary::default();
        let (v, t) = target_with(&g, &[phrase("immutable")]);
        let m = v.match_answer("Tuples are not immutable.");
        assert!(m.hits(&t)[0].negated);
        let m = v.match_answer("Tuples aren't really immutable.");
        assert!(m.hits(&t)[0].negated);
        let m = v.match_answer("Not lists, but tuples are immutable.");
        assert!(!m.hits(&t)[0].negated, "negation in another clause");
        let (v, t) = target_with(&g, &[phrase("frees memory immediately")]);
        let m = v.match_answer("it frees memory, not immediately");
        assert!(m.hits(&t).is_empty() || m.hits(&t)[0].negated);
    }

    #[test]
    fn negation_scope_stops_at_other_verbs() {
        let g = Glossary::default();
        let (v, t) = target_with(&g, &[phrase("how many arguments")]);
        let m = v.match_answer("use it when you do not know how many arguments arrive");
        assert!(!m.hits(&t)[0].negated);
        let m = v.match_answer("it works no matter how many arguments you pass");
        assert!(!m.hits(&t)[0].negated);
        let (v, t) = target_with(&g, &[phrase("immutable")]);
        assert!(v.match_answer("tuples are not really immutable").hits(&t)[0].negated);
    }

    #[test]
    fn known_words_are_not_typos() {
        let mut g = Glossary::default();
        g.known_words.insert("functions".into());
        let (v, t) = target_with(&g, &[phrase("functools")]);
        assert!(v.match_answer("plain functions").hits(&t).is_empty());
        assert_eq!(v.match_answer("import functols").hits(&t).len(), 1);
    }

    #[test]
    fn method_calls_match_the_method() {
        assert!(matches("append()", "then my_list.append(4) grows it"));
        assert!(matches("append", "then my_list.append(4) grows it"));
        assert!(!matches("append", "then my_list.extend(4) grows it"));
    }

    #[test]
    fn arrows_separate_items() {
        assert!(!matches("call stack", "call -> stack frame"));
    }

    #[test]
    fn glossary_leaves_code_terms_literal() {
        let g = Glossary {
            groups: vec![vec!["str".into(), "string".into()]],
            ..Glossary::default()
        };
        let (v, t) = target_with(&g, &[phrase("`str`")]);
        assert!(v.match_answer("a string of words").hits(&t).is_empty());
        assert_eq!(v.match_answer("the `str` type").hits(&t).len(), 1);
    }

    #[test]
    fn common_words_are_not_typos() {
        assert!(!matches("list", "the last one"));
        assert!(!matches("leaks", "the tree leaves"));
        assert!(matches("leaks", "memory lekas"));
    }

    #[test]
    fn run_together_spelling_is_exact() {
        assert!(!matches("import it", "this is important"));
        assert!(matches("import it", "you importit"));
    }

    #[test]
    fn negated_terms_keep_their_meaning() {
        assert!(matches("cannot be changed", "tuples cannot be changed"));
    }

    #[test]
    fn all_groups_need_one_sentence() {
        let all = TermSpec::All {
            parts: vec!["lock".into(), "one thread".into()],
            exact: false,
        };
        assert_eq!(
            found(all.clone(), "a lock so only one thread runs").len(),
            1
        );
        assert!(found(all.clone(), "one thread at a time. A lock.").is_empty());
        assert_eq!(
            found(all, "one thread holds the lock")[0],
            "one thread|lock"
        );
    }

    #[test]
    fn all_groups_with_their_own_negation_mean_it() {
        let all = TermSpec::All {
            parts: vec!["never".into(), "free memory".into()],
            exact: false,
        };
        assert_eq!(found(all, "you never free memory yourself").len(), 1);
    }

    #[test]
    fn glossary_synonyms_both_ways() {
        let g = Glossary {
            groups: vec![vec!["gil".into(), "global interpreter lock".into()]],
            ..Glossary::default()
        };
        let (v, t) = target_with(&g, &[phrase("the gil")]);
        assert_eq!(
            v.match_answer("the global interpreter lock").hits(&t).len(),
            1
        );
        let (v, t) = target_with(&g, &[phrase("global interpreter lock")]);
        assert_eq!(v.match_answer("because of the GIL").hits(&t).len(), 1);
    }

    #[test]
    fn patterns_are_case_insensitive_regexes() {
        let g = Glossary::default();
        let mut b = MatcherBuilder::new(&g);
        let t = b.target(&[], &[r"id\(\w+\)\s*==\s*id\(".into()]).unwrap();
        let v = b.finish();
        let text = "Check ID(a) == id(b) for identity.";
        let hits = v.match_answer(text).hits(&t);
        assert_eq!(hits.len(), 1);
        assert_eq!(
            &text[hits[0].spans[0].0..hits[0].spans[0].1],
            "ID(a) == id("
        );
        assert!(b_err("("));
    }

    proptest::proptest! {
        /// The letter-set test never rules out a pair within the edits asked.
        #[test]
        fn letter_sets_never_rule_out_a_close_pair(
            a in "[a-fé_]{0,10}",
            b in "[a-fé_]{0,10}",
            max in 0usize..4,
        ) {
            if within_edits(&a, &b, max) {
                proptest::prop_assert!(may_be_within(letter_set(&a), letter_set(&b), max));
            }
        }
    }

    #[test]
    fn letter_sets_rule_out_words_apart() {
        assert!(!may_be_within(letter_set("tuple"), letter_set("mirror"), 2));
        assert!(may_be_within(letter_set("tuple"), letter_set("tupel"), 1));
        assert!(may_be_within(
            letter_set("interned"),
            letter_set("intrened"),
            1
        ));
    }

    fn b_err(p: &str) -> bool {
        matches!(compile_pattern(p), Err(TermError::BadRegex(_)))
    }
}
