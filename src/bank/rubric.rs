//! Rubric files: raw YAML (with positions) validated into a checked [`Rubric`].
//!
//! Validation collects every problem with its line and column instead of stopping at the
//! first, so `check` can list them all and `grade` can name the exact place.

use serde::Deserialize;
use std::collections::HashSet;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::grade::matcher::{TermSpec, compile_pattern};
use crate::yaml::{self, Spanned, position};

/// Default pass mark when a rubric sets none.
pub const DEFAULT_PASS_MARK: f64 = 60.0;
/// Default misconception penalty.
pub const DEFAULT_PENALTY: f64 = 10.0;

/// 1-based position of something in a rubric file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

fn pos<T>(s: &Spanned<T>) -> Pos {
    let (line, column) = position(s);
    Pos { line, column }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRubric {
    question: Spanned<String>,
    #[serde(default)]
    pass_mark: Option<Spanned<f64>>,
    #[serde(default)]
    reviewed: Option<Spanned<String>>,
    #[serde(default)]
    concepts: Vec<RawConcept>,
    #[serde(default)]
    misconceptions: Vec<RawMisconception>,
    #[serde(default)]
    examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    weight: Option<Spanned<f64>>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMisconception {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    penalty: Option<Spanned<f64>>,
    #[serde(default)]
    correction: Option<String>,
    #[serde(default)]
    terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    patterns: Vec<Spanned<String>>,
}

/// A term's text. YAML reads `True`, `None`-like words and numbers as other types; a term
/// is words to match, so any scalar is taken as its text.
#[derive(Debug)]
struct TermText(String);

impl<'de> Deserialize<'de> for TermText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = TermText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a term: words, a number or a boolean")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<TermText, E> {
                Ok(TermText(if v { "True" } else { "False" }.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<TermText, E> {
                Ok(TermText("None".to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawTerm {
    Text(TermText),
    All {
        all: Vec<TermText>,
        #[serde(default)]
        exact: Option<bool>,
    },
    Options {
        text: TermText,
        #[serde(default)]
        exact: Option<bool>,
        #[serde(default)]
        slack: Option<usize>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    #[serde(default)]
    name: Option<String>,
    answer: Spanned<String>,
    #[serde(default)]
    expect: Expectation,
}

/// What a labelled answer is expected to get.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    #[serde(default)]
    pub pass: Option<bool>,
    /// Inclusive score range.
    #[serde(default)]
    pub score: Option<[f64; 2]>,
    #[serde(default)]
    pub covered: Vec<String>,
    #[serde(default)]
    pub missed: Vec<String>,
}

/// A term with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub spec: TermSpec,
    pub pos: Pos,
}

/// A regex with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub regex: String,
    pub pos: Pos,
}

/// A key concept an answer should cover.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub id: String,
    pub pos: Pos,
    pub label: String,
    pub weight: f64,
    pub required: bool,
    pub hint: String,
    pub terms: Vec<Term>,
    pub patterns: Vec<Pattern>,
}

/// A wrong statement that costs points when spotted.
#[derive(Debug, Clone, PartialEq)]
pub struct Misconception {
    pub id: String,
    pub pos: Pos,
    pub label: String,
    pub penalty: f64,
    pub correction: String,
    pub terms: Vec<Term>,
    pub patterns: Vec<Pattern>,
}

/// A labelled answer inside a rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub pos: Pos,
    pub answer: String,
    pub expect: Expectation,
}

/// A validated rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    pub question: String,
    pub question_pos: Pos,
    pub pass_mark: f64,
    /// Fingerprint of the question and model answer the rubric was last reviewed against.
    pub reviewed: Option<String>,
    pub reviewed_pos: Option<Pos>,
    pub concepts: Vec<Concept>,
    pub misconceptions: Vec<Misconception>,
    pub examples: Vec<Example>,
}

/// The result of loading a rubric: the rubric if its YAML parsed, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub rubric: Option<Rubric>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The rubric, if it parsed and has no errors.
    pub fn valid(&self) -> Option<&Rubric> {
        let has_errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        if has_errors {
            None
        } else {
            self.rubric.as_ref()
        }
    }
}

struct Validator<'a> {
    path: &'a Path,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn push(&mut self, code: Code, at: Pos, message: String, help: &str) {
        self.diagnostics.push(
            Diagnostic::new(code, self.path, message)
                .at(at.line, at.column)
                .help(help),
        );
    }

    fn terms(&mut self, owner: &str, raw: Vec<Spanned<RawTerm>>, exact_default: bool) -> Vec<Term> {
        let mut out = Vec::new();
        for t in raw {
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
            };
            let texts: Vec<&String> = match &spec {
                TermSpec::Phrase { text, .. } => vec![text],
                TermSpec::All { parts, .. } => parts.iter().collect(),
            };
            let empty = texts.is_empty()
                || texts
                    .iter()
                    .any(|t| crate::grade::normalize::tokenize(t).tokens.is_empty());
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

    fn patterns(&mut self, owner: &str, raw: Vec<Spanned<String>>) -> Vec<Pattern> {
        let mut out = Vec::new();
        for p in raw {
            let at = pos(&p);
            if let Err(e) = compile_pattern(&p.value) {
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
            out.push(Pattern {
                regex: p.value,
                pos: at,
            });
        }
        out
    }
}

/// The regex crate's own words, without our "the pattern does not compile" in front.
fn regex_error(e: crate::grade::matcher::TermError) -> String {
    match e {
        crate::grade::matcher::TermError::BadRegex(why) => why,
        other => other.to_string(),
    }
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
            let (code, help) = if e.message.starts_with("unknown field") {
                (
                    Code::UnknownKey,
                    super::content::suggest_key(&e.message).unwrap_or_default(),
                )
            } else {
                (
                    Code::YamlSyntax,
                    "fix the YAML at this place; docs/rubric-format.md shows the format"
                        .to_string(),
                )
            };
            let d = Diagnostic::new(code, path, e.message.clone())
                .at_opt(e.line, e.column)
                .help(help);
            return Loaded {
                rubric: None,
                diagnostics: vec![d],
            };
        }
    };
    let mut v = Validator {
        path,
        diagnostics: Vec::new(),
    };

    let pass_mark = match &raw.pass_mark {
        Some(pm) if !(0.0..=100.0).contains(&pm.value) || pm.value.is_nan() => {
            v.push(
                Code::BadValue,
                pos(pm),
                format!("pass mark {} is outside 0..100", pm.value),
                "set `pass_mark` between 0 and 100 (the default is 60)",
            );
            DEFAULT_PASS_MARK
        }
        Some(pm) => pm.value,
        None => DEFAULT_PASS_MARK,
    };

    let mut ids: HashSet<String> = HashSet::new();
    let mut concepts = Vec::new();
    for c in raw.concepts {
        let at = pos(&c.id);
        let id = c.id.value.clone();
        if !ids.insert(id.clone()) {
            v.push(
                Code::DuplicateConcept,
                at,
                format!("concept id `{id}` is used twice"),
                "give every concept and misconception its own id",
            );
        }
        let weight = match &c.weight {
            Some(w) if w.value <= 0.0 || !w.value.is_finite() => {
                v.push(
                    Code::BadWeight,
                    pos(w),
                    format!("concept `{id}` has weight {}", w.value),
                    "weights must be positive; remove the concept instead of weighting it 0",
                );
                1.0
            }
            Some(w) => w.value,
            None => 1.0,
        };
        let terms = v.terms(&id, c.terms, c.exact);
        let patterns = v.patterns(&id, c.patterns);
        if terms.is_empty() && patterns.is_empty() {
            v.push(
                Code::NoWayToMatch,
                at,
                format!("concept `{id}` has no term or pattern, so no answer can cover it"),
                "add `terms:` with the ways an answer says it",
            );
        }
        concepts.push(Concept {
            hint: c
                .hint
                .unwrap_or_else(|| format!("Say something about: {}", c.label)),
            id,
            pos: at,
            label: c.label,
            weight,
            required: c.required,
            terms,
            patterns,
        });
    }
    if concepts.is_empty() {
        v.push(
            Code::NoConcepts,
            pos(&raw.question),
            "the rubric has no concepts".to_string(),
            "add `concepts:`; docs/rubric-format.md shows how",
        );
    }

    let mut misconceptions = Vec::new();
    for m in raw.misconceptions {
        let at = pos(&m.id);
        let id = m.id.value.clone();
        if !ids.insert(id.clone()) {
            v.push(
                Code::DuplicateConcept,
                at,
                format!("id `{id}` is used twice"),
                "give every concept and misconception its own id",
            );
        }
        let penalty = match &m.penalty {
            Some(p) if p.value < 0.0 || !p.value.is_finite() => {
                v.push(
                    Code::BadValue,
                    pos(p),
                    format!("misconception `{id}` has penalty {}", p.value),
                    "penalties are points taken off: use a number from 0 to 100",
                );
                DEFAULT_PENALTY
            }
            Some(p) => p.value,
            None => DEFAULT_PENALTY,
        };
        let terms = v.terms(&id, m.terms, false);
        let patterns = v.patterns(&id, m.patterns);
        if terms.is_empty() && patterns.is_empty() {
            v.push(
                Code::NoWayToMatch,
                at,
                format!("misconception `{id}` has no term or pattern"),
                "add `terms:` with the words a wrong answer uses",
            );
        }
        misconceptions.push(Misconception {
            correction: m
                .correction
                .unwrap_or_else(|| format!("This is wrong: {}", m.label)),
            id,
            pos: at,
            label: m.label,
            penalty,
            terms,
            patterns,
        });
    }

    let concept_ids: HashSet<&str> = concepts.iter().map(|c| c.id.as_str()).collect();
    let mut examples = Vec::new();
    for (i, e) in raw.examples.into_iter().enumerate() {
        let at = pos(&e.answer);
        for id in e.expect.covered.iter().chain(&e.expect.missed) {
            if !concept_ids.contains(id.as_str()) {
                v.push(
                    Code::BadValue,
                    at,
                    format!("example expects unknown concept `{id}`"),
                    "use the id of a concept of this rubric",
                );
            }
        }
        examples.push(Example {
            name: e.name.unwrap_or_else(|| format!("example {}", i + 1)),
            pos: at,
            answer: e.answer.value,
            expect: e.expect,
        });
    }

    Loaded {
        rubric: Some(Rubric {
            question: raw.question.value.clone(),
            question_pos: pos(&raw.question),
            pass_mark,
            reviewed_pos: raw.reviewed.as_ref().map(pos),
            reviewed: raw.reviewed.map(|r| r.value),
            concepts,
            misconceptions,
            examples,
        }),
        diagnostics: v.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "question: eq-vs-is
concepts:
  - id: identity
    label: is tests identity
    weight: 2
    required: true
    hint: What does is compare?
    terms:
      - same object
      - all: [is, identity]
      - text: eq
        exact: true
      - all: [True, 256, null]
misconceptions:
  - id: is-values
    label: is compares values
    penalty: 20
    correction: it compares identity
    terms: [is compares values]
examples:
  - answer: same object
    expect: {pass: true, covered: [identity]}
";

    #[test]
    fn loads_a_good_rubric() {
        let l = load(Path::new("r.yaml"), GOOD);
        assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
        let r = l.rubric.unwrap();
        assert_eq!(r.pass_mark, 60.0);
        assert_eq!(r.concepts[0].terms.len(), 4);
        assert_eq!(r.concepts[0].pos, Pos { line: 3, column: 9 });
        assert_eq!(r.misconceptions[0].penalty, 20.0);
        assert_eq!(r.examples[0].expect.pass, Some(true));
    }

    #[test]
    fn collects_every_problem_with_positions() {
        let text = "question: q
concepts:
  - id: a
    label: A
    weight: 0
    patterns: ['(']
  - id: a
    label: B
    terms: [x]
";
        let l = load(Path::new("r.yaml"), text);
        let codes: Vec<&str> = l.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                "bad-weight",
                "bad-pattern",
                "no-way-to-match",
                "duplicate-concept"
            ]
        );
        assert_eq!(l.diagnostics[0].line, Some(5));
        assert!(l.valid().is_none());
    }

    #[test]
    fn misspelled_keys_get_a_suggestion() {
        let l = load(
            Path::new("r.yaml"),
            "question: q\nconcepts:\n  - id: a\n    label: A\n    wieght: 2\n",
        );
        let d = &l.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert_eq!((d.line, d.column), (Some(5), Some(5)));
        assert!(d.help.contains("`weight`"), "{}", d.help);
    }
}
