//! Raw rubric -> validated [`Rubric`]: every problem collected with its line and column
//! instead of stopping at the first, so `check` can list them all and `grade` can name the
//! exact place.

use std::collections::HashSet;
use std::path::Path;

use super::raw::{RawConcept, RawExample, RawMisconception, RawRubric, RawTerm};
use super::{
    Concept, DEFAULT_LENIENCY, DEFAULT_NAMING, DEFAULT_PASS_MARK, DEFAULT_PENALTY,
    DEFAULT_SWAP_PENALTY, Example, Expectation, Loaded, Misconception, Pattern, Pos, Rubric, Term,
    TermSpec, budget, compile_pattern,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{self, Spanned, position};

fn pos<T>(s: &Spanned<T>) -> Pos {
    let (line, column) = position(s);
    Pos { line, column }
}

struct Validator<'a> {
    path: &'a Path,
    diagnostics: Vec<Diagnostic>,
    /// What the rubric has used of its budgets so far, in file order.
    used: Used,
}

/// A rubric's use of its budgets ([`super::budget`]). Once one is spent, the rest of what
/// it counts is skipped without a word: one located error says the rubric is over, where
/// twenty thousand would only repeat it (and each refused pattern costs milliseconds).
#[derive(Default)]
struct Used {
    terms: usize,
    term_words: usize,
    terms_spent: bool,
    patterns: usize,
    pattern_bytes: usize,
    patterns_spent: bool,
}

impl Used {
    /// Whether a budget of the rubric is spent, so that what follows was not all read.
    fn spent(&self) -> bool {
        self.terms_spent || self.patterns_spent
    }
}

impl Validator<'_> {
    fn push(&mut self, code: Code, at: Pos, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(code, self.path, message)
                .at(at.line, at.column)
                .help(help),
        );
    }

    fn over_budget(&mut self, at: Pos, message: String, help: &str) {
        self.push(Code::OverBudget, at, message, help);
    }

    /// The terms of `owner`; `counted` is how many term texts it has had so far (its
    /// `subject:` and `terms:` share one budget).
    fn terms(
        &mut self,
        owner: &str,
        raw: Vec<Spanned<RawTerm>>,
        exact_default: bool,
        counted: &mut usize,
    ) -> Vec<Term> {
        let mut out = Vec::new();
        for t in raw {
            if self.used.terms_spent || *counted > budget::MAX_TERMS_PER_CONCEPT {
                break;
            }
            let at = pos(&t);
            let spec = match t.value {
                RawTerm::Text(text) => TermSpec::Phrase {
                    text: text.0,
                    exact: exact_default,
                    slack: None,
                },
                RawTerm::Options { text, exact, slack } => TermSpec::Phrase {
                    text: text.0,
                    exact: exact.unwrap_or(exact_default),
                    slack,
                },
                RawTerm::All { all, exact } => TermSpec::All {
                    parts: all.into_iter().map(|t| t.0).collect(),
                    exact: exact.unwrap_or(exact_default),
                },
                RawTerm::Sequence { sequence, exact } => TermSpec::Sequence {
                    parts: sequence.into_iter().map(|t| t.0).collect(),
                    exact: exact.unwrap_or(exact_default),
                },
            };
            let texts = spec.texts();
            let words: Vec<usize> = texts
                .iter()
                .map(|t| crate::tokens::tokenize(t).tokens.len())
                .collect();
            if !self.within_term_budgets(owner, at, &words, counted) {
                continue;
            }
            if let TermSpec::Phrase {
                slack: Some(slack), ..
            } = &spec
                && *slack > MAX_SLACK
            {
                self.push(
                    Code::BadValue,
                    at,
                    format!("a term of `{owner}` has slack {slack}, over {MAX_SLACK}"),
                    "slack is how many other words may stand between the words of the term: use 0 to 20 (the default is 2)",
                );
                continue;
            }
            let empty = words.is_empty() || words.contains(&0);
            if matches!(&spec, TermSpec::Sequence { parts, .. } if parts.len() < 2) {
                self.push(
                    Code::BadValue,
                    at,
                    format!("a sequence of `{owner}` has fewer than two steps"),
                    "list the steps in order, two or more, or write the term as a phrase",
                );
                continue;
            }
            if empty {
                self.push(
                    Code::EmptyTerm,
                    at,
                    format!("a term of `{owner}` has no words to match"),
                    "write the term in words, or remove it",
                );
                continue;
            }
            out.push(Term { spec, pos: at });
        }
        out
    }

    /// Whether a term of `words` words per text stays within the budgets of its owner and
    /// of the rubric, counting it; a diagnostic for the first it breaks.
    fn within_term_budgets(
        &mut self,
        owner: &str,
        at: Pos,
        words: &[usize],
        counted: &mut usize,
    ) -> bool {
        if let Some(&n) = words.iter().find(|&&n| n > budget::MAX_TERM_WORDS) {
            self.over_budget(
                at,
                format!(
                    "a term of `{owner}` has {n} words, over the {} a term may have",
                    budget::MAX_TERM_WORDS
                ),
                "a term is the few words an answer uses to say the concept: shorten it, or split it into an `all:` of shorter parts",
            );
            self.used.terms_spent = true;
            return false;
        }
        *counted = counted.saturating_add(words.len());
        self.used.terms = self.used.terms.saturating_add(words.len());
        self.used.term_words = self
            .used
            .term_words
            .saturating_add(words.iter().sum::<usize>());
        if *counted > budget::MAX_TERMS_PER_CONCEPT {
            self.over_budget(
                at,
                format!(
                    "`{owner}` has more than {} terms (counting each part of `all:` and `sequence:`, and `subject:`)",
                    budget::MAX_TERMS_PER_CONCEPT
                ),
                "grading time grows with every term: keep the ways answers really say it, and split the concept if it is several",
            );
            return false;
        }
        let rubric_over = if self.used.terms > budget::MAX_TERMS {
            Some(format!("more than {} terms", budget::MAX_TERMS))
        } else if self.used.term_words > budget::MAX_RUBRIC_TERM_WORDS {
            Some(format!(
                "terms of more than {} words in all",
                budget::MAX_RUBRIC_TERM_WORDS
            ))
        } else {
            None
        };
        if let Some(what) = rubric_over {
            self.used.terms_spent = true;
            self.over_budget(
                at,
                format!("with this term of `{owner}` the rubric has {what}"),
                "grading time grows with every term of a rubric: keep the ways answers really say each concept",
            );
            return false;
        }
        true
    }

    fn patterns(&mut self, owner: &str, raw: Vec<Spanned<String>>) -> Vec<Pattern> {
        let mut out = Vec::new();
        for p in raw {
            if self.used.patterns_spent {
                break;
            }
            let at = pos(&p);
            if !self.within_pattern_budgets(owner, at, &p.value) {
                continue;
            }
            match compile_pattern(&p.value) {
                Ok(compiled) => {
                    self.used.pattern_bytes = self
                        .used
                        .pattern_bytes
                        .saturating_add(compiled.memory_usage());
                    if self.used.pattern_bytes > budget::MAX_PATTERN_BYTES {
                        self.used.patterns_spent = true;
                        self.over_budget(
                            at,
                            format!(
                                "with this pattern of `{owner}` the rubric's patterns take more than {} MiB compiled",
                                budget::MAX_PATTERN_BYTES >> 20
                            ),
                            "use fewer or simpler patterns: a case-insensitive `\\w` is 57 KiB compiled, `\\w{20}` over 1 MiB; terms cost far less",
                        );
                        continue;
                    }
                }
                Err(e) => {
                    self.push(
                        Code::BadPattern,
                        at,
                        format!(
                            "pattern of `{owner}` does not compile: {}",
                            first_line(&regex_error(e))
                        ),
                        "fix the regular expression (regex crate syntax), or use a term",
                    );
                    continue;
                }
            }
            out.push(Pattern {
                regex: p.value,
                pos: at,
            });
        }
        out
    }
}

/// Largest weight of a concept. The bank's are 1 to 3; a bound keeps the sum of a rubric's
/// weights finite (at most [`MAX_WEIGHT`] times the concepts a rubric may have).
const MAX_WEIGHT: f64 = 1000.0;

/// `leniency:` from halving to tripling the exponent: beyond, a scale says nothing a
/// pass mark could not.
const LENIENCY_RANGE: std::ops::RangeInclusive<f64> = 0.5..=3.0;

/// Largest `slack:` of a term, ten times the default of 2 (the bank uses 0 and 2). Matching a
/// phrase looks this many words ahead at each of its words, and adds it to token positions.
const MAX_SLACK: usize = 20;

/// A number as a message shows it: `1e308` rather than 309 digits.
fn number(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

impl Validator<'_> {
    /// Whether `pattern` may be compiled: short enough, and within the rubric's count,
    /// both decided before compiling, since a pattern the engine refuses costs as much
    /// time as one it builds. Counts it; a diagnostic for the first budget it breaks.
    fn within_pattern_budgets(&mut self, owner: &str, at: Pos, pattern: &str) -> bool {
        if pattern.len() > budget::MAX_PATTERN_LEN {
            self.over_budget(
                at,
                format!(
                    "a pattern of `{owner}` is {} bytes long, over the {} a pattern may have",
                    pattern.len(),
                    budget::MAX_PATTERN_LEN
                ),
                "split it into shorter patterns, or use terms",
            );
            self.used.patterns_spent = true;
            return false;
        }
        self.used.patterns += 1;
        if self.used.patterns > budget::MAX_PATTERNS {
            self.used.patterns_spent = true;
            self.over_budget(
                at,
                format!(
                    "with this pattern of `{owner}` the rubric has more than {} patterns",
                    budget::MAX_PATTERNS
                ),
                "grading time grows with every pattern: keep the few that terms cannot say",
            );
            return false;
        }
        true
    }
}

/// The regex crate's own words, without our "the pattern does not compile" in front.
fn regex_error(e: super::PatternError) -> String {
    e.reason
}

/// The line of a regex error that says what is wrong ("unclosed group").
fn first_line(s: &str) -> &str {
    s.lines()
        .rev()
        .find_map(|l| l.trim_start().strip_prefix("error:"))
        .map(str::trim)
        .unwrap_or_else(|| s.lines().next().unwrap_or(s))
}
/// Loads and validates a rubric.
pub fn load(path: &Path, text: &str) -> Loaded {
    let raw: RawRubric = match yaml::from_str(crate::frontmatter::strip_bom(text)) {
        Ok(raw) => raw,
        Err(e) => {
            return Loaded {
                rubric: None,
                diagnostics: vec![syntax_error(path, &e)],
            };
        }
    };
    let mut v = Validator {
        path,
        diagnostics: Vec::new(),
        used: Used::default(),
    };
    let pass_mark = v.pass_mark(raw.pass_mark.as_ref());
    let naming = v.share("naming", raw.naming.as_ref(), DEFAULT_NAMING);
    let swap_penalty = v.penalty(
        "swap_penalty",
        raw.swap_penalty.as_ref(),
        DEFAULT_SWAP_PENALTY,
    );
    let leniency = v.bounded(
        raw.leniency.as_ref(),
        LENIENCY_RANGE,
        DEFAULT_LENIENCY,
        |l| format!("`leniency` is {}, outside 0.5..3", number(l)),
        "`leniency` says how much a partial answer is worth: 1 as the share covered, above 1 more, below 1 less; use a number from 0.5 to 3",
    );
    let mut ids: HashSet<String> = HashSet::new();
    let concepts: Vec<Concept> = raw
        .concepts
        .into_iter()
        .map(|c| v.concept(c, &mut ids, naming))
        .collect();
    if concepts.is_empty() {
        v.push(
            Code::NoConcepts,
            pos(&raw.question),
            "the rubric has no concepts".to_string(),
            "add `concepts:`; docs/rubric-format.md shows how",
        );
    }
    let misconceptions = raw
        .misconceptions
        .into_iter()
        .map(|m| v.misconception(m, &mut ids))
        .collect();
    let examples = v.examples(raw.examples, &concepts);
    Loaded {
        rubric: Some(Rubric {
            question: raw.question.value.clone(),
            question_pos: pos(&raw.question),
            pass_mark,
            reviewed_pos: raw.reviewed.as_ref().map(pos),
            reviewed: raw.reviewed.map(|r| r.value),
            swap_penalty,
            leniency,
            naming,
            infer_subjects: raw.infer_subjects,
            concepts,
            misconceptions,
            examples,
        }),
        diagnostics: v.diagnostics,
    }
}

/// The diagnostic for a file that is not a rubric's YAML: an unknown key (with a
/// did-you-mean) or a syntax error, at its place.
fn syntax_error(path: &Path, e: &yaml::YamlError) -> Diagnostic {
    let (code, help) = if e.message.starts_with("unknown field") {
        (
            Code::UnknownKey,
            crate::bank::content::suggest_key(&e.message).unwrap_or_default(),
        )
    } else {
        (
            Code::YamlSyntax,
            "fix the YAML at this place; docs/rubric-format.md shows the format".to_string(),
        )
    };
    Diagnostic::new(code, path, e.message.clone())
        .at_opt(e.line, e.column)
        .help(help)
}

impl Validator<'_> {
    /// `raw` if it lies in `range`, else `default` with a diagnostic saying `what` of the
    /// value and how to fix it. (NaN lies in no range.)
    fn bounded(
        &mut self,
        raw: Option<&Spanned<f64>>,
        range: std::ops::RangeInclusive<f64>,
        default: f64,
        what: impl Fn(f64) -> String,
        help: &str,
    ) -> f64 {
        match raw {
            Some(v) if !range.contains(&v.value) => {
                self.push(Code::BadValue, pos(v), what(v.value), help);
                default
            }
            Some(v) => v.value,
            None => default,
        }
    }

    fn pass_mark(&mut self, raw: Option<&Spanned<f64>>) -> f64 {
        self.bounded(
            raw,
            0.0..=100.0,
            DEFAULT_PASS_MARK,
            |v| format!("pass mark {} is outside 0..100", number(v)),
            "set `pass_mark` between 0 and 100 (the default is 60)",
        )
    }

    /// A share from 0 to 1 (`naming:`), or `default` with a diagnostic when out of range.
    fn share(&mut self, key: &str, raw: Option<&Spanned<f64>>, default: f64) -> f64 {
        self.bounded(
            raw,
            0.0..=1.0,
            default,
            |v| format!("`{key}` is {}, outside 0..1", number(v)),
            &format!(
                "`{key}` is the share of a concept's weight that naming it earns: 0 (nothing) to 1 (all of it)"
            ),
        )
    }

    /// Points from 0 to 100 (`swap_penalty:`), or `default` with a diagnostic.
    fn penalty(&mut self, key: &str, raw: Option<&Spanned<f64>>, default: f64) -> f64 {
        self.bounded(
            raw,
            0.0..=100.0,
            default,
            |v| format!("`{key}` is {}, outside 0..100", number(v)),
            "penalties are points taken off: use a number from 0 to 100",
        )
    }

    /// Records `id` as used, with a diagnostic when it already was.
    fn unique_id(&mut self, ids: &mut HashSet<String>, id: &str, at: Pos, what: &str) {
        if !ids.insert(id.to_string()) {
            self.push(
                Code::DuplicateConcept,
                at,
                format!("{what}`{id}` is used twice"),
                "give every concept and misconception its own id",
            );
        }
    }

    fn concept(&mut self, c: RawConcept, ids: &mut HashSet<String>, naming: f64) -> Concept {
        let at = pos(&c.id);
        let id = c.id.value.clone();
        self.unique_id(ids, &id, at, "concept id ");
        // Bounded above so that the weights of a rubric always sum to a finite number: two
        // weights of 1e308 made the total infinite and every score NaN, which passed any
        // `--min-score`.
        let weight = match &c.weight {
            Some(w) if !(w.value > 0.0 && w.value <= MAX_WEIGHT) => {
                self.push(
                    Code::BadWeight,
                    pos(w),
                    format!(
                        "concept `{id}` has weight {}, not a number above 0 and at most {MAX_WEIGHT}",
                        number(w.value)
                    ),
                    "weights are relative shares: use a number like 1, 2 or 3; remove the concept instead of weighting it 0",
                );
                1.0
            }
            Some(w) => w.value,
            None => 1.0,
        };
        let mut counted = 0;
        let terms = self.terms(&id, c.terms, c.exact, &mut counted);
        let patterns = self.patterns(&id, c.patterns);
        let naming = self.share("naming", c.naming.as_ref(), naming);
        let subject = self.terms(&id, c.subject, false, &mut counted);
        if terms.is_empty() && patterns.is_empty() && !self.used.spent() {
            self.push(
                Code::NoWayToMatch,
                at,
                format!("concept `{id}` has no term or pattern, so no answer can cover it"),
                "add `terms:` with the ways an answer says it",
            );
        }
        Concept {
            hint: c
                .hint
                .unwrap_or_else(|| format!("Say something about: {}", c.label)),
            id,
            pos: at,
            label: c.label,
            weight,
            required: c.required,
            naming,
            subject,
            terms,
            patterns,
        }
    }

    fn misconception(&mut self, m: RawMisconception, ids: &mut HashSet<String>) -> Misconception {
        let at = pos(&m.id);
        let id = m.id.value.clone();
        self.unique_id(ids, &id, at, "id ");
        let penalty = match &m.penalty {
            Some(p) if !(0.0..=100.0).contains(&p.value) => {
                self.push(
                    Code::BadValue,
                    pos(p),
                    format!(
                        "misconception `{id}` has penalty {}, outside 0..100",
                        number(p.value)
                    ),
                    "penalties are points taken off: use a number from 0 to 100",
                );
                DEFAULT_PENALTY
            }
            Some(p) => p.value,
            None => DEFAULT_PENALTY,
        };
        let terms = self.terms(&id, m.terms, false, &mut 0);
        let patterns = self.patterns(&id, m.patterns);
        if terms.is_empty() && patterns.is_empty() && !self.used.spent() {
            self.push(
                Code::NoWayToMatch,
                at,
                format!("misconception `{id}` has no term or pattern"),
                "add `terms:` with the words a wrong answer uses",
            );
        }
        Misconception {
            correction: m
                .correction
                .unwrap_or_else(|| format!("This is wrong: {}", m.label)),
            id,
            pos: at,
            label: m.label,
            penalty,
            terms,
            patterns,
        }
    }

    fn examples(&mut self, raw: Vec<RawExample>, concepts: &[Concept]) -> Vec<Example> {
        let mut examples = Vec::new();
        for (i, e) in raw.into_iter().enumerate() {
            let at = pos(&e.answer);
            let expect = &e.expect;
            for id in expect.covered.iter().chain(&expect.missed) {
                if !concepts.iter().any(|c| c.id == id.value) {
                    self.unknown_concept(id, concepts);
                }
            }
            let ids = |v: &[Spanned<String>]| v.iter().map(|s| s.value.clone()).collect();
            examples.push(Example {
                name: e.name.unwrap_or_else(|| format!("example {}", i + 1)),
                pos: at,
                answer: e.answer.value,
                expect: Expectation {
                    pass: expect.pass,
                    score: expect.score,
                    covered: ids(&expect.covered),
                    missed: ids(&expect.missed),
                },
            });
        }
        examples
    }

    /// An example's `covered:` or `missed:` names a concept the rubric lacks: said where the
    /// id is written, with the nearest id when it looks like a misspelling.
    fn unknown_concept(&mut self, id: &Spanned<String>, concepts: &[Concept]) {
        let near = crate::diagnostic::did_you_mean(&id.value, concepts.iter().map(|c| &*c.id));
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => {
                let ids: Vec<String> = concepts.iter().map(|c| format!("`{}`", c.id)).collect();
                format!("use the id of a concept of this rubric: {}", ids.join(", "))
            }
        };
        let at = pos(id);
        self.diagnostics.push(
            Diagnostic::new(
                Code::BadValue,
                self.path,
                format!("example expects unknown concept `{}`", id.value),
            )
            .at(at.line, at.column)
            .label("no concept of this rubric has this id")
            .help(help),
        );
    }
}
