//! Subjects a rubric did not write down, read from its question and its concept labels.
//!
//! A question that contrasts two things ("What is the difference between `json` and
//! `pickle`?") nearly always has concepts whose labels open with one of them ("`pickle`
//! writes a binary format", "JSON only handles basic types"). Those labels already say what
//! each concept is said of, so a rubric author (a first-time one above all) should not have
//! to repeat it in `subject:` before a swapped answer ("pickle is the portable text format")
//! is caught. The reading is deliberately narrow, because a wrong subject turns a correct
//! statement into a swap:
//!
//! - the words that can be subjects (the sides) are the question's code names ("`global`
//!   and `nonlocal`"), or, in a title without code that contrasts ("the difference
//!   between", "compared with", "or"), its content words;
//! - a label's subject is the side it opens with, after at most an article, when a verb
//!   follows ("A list *builds*", "JSON only *handles*", "`partial(f, x)` returns"), so that
//!   "JSON for APIs, pickle for caches" gives none;
//! - subjects are inferred only when at least two different sides open labels: one alone is
//!   no contrast; and a label that names another of those sides after its verb ("`__new__`
//!   runs first; `__init__` runs next") is about both and gets none;
//! - a rubric that gives any concept a `subject:`, or says `infer_subjects: false`, is
//!   taken as it is.

use crate::lexicon::{
    is_contrast_title_word, is_function_word, is_label_verb, opens_a_label, stands_before_a_verb,
};
use crate::tokens::{Token, TokenKind, tokenize};

/// Words a contrast title holds that are never one of its sides.
const NOT_SIDES: &[&str] = &["difference", "differences", "python", "cpython"];

/// How many of the question's words a label's subject may run to ("an instance method",
/// "CPU-bound work"): the first names the side.
const MAX_SUBJECT_WORDS: usize = 3;

/// A word's singular, so that "Lists are" and "a list" name one side. Snowball stems would
/// join too much: "iterable" and "iterator" share one.
fn singular(word: &str) -> &str {
    if ["sses", "xes", "ches", "shes"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        &word[..word.len() - 2]
    } else if word.len() > 3
        && word.ends_with('s')
        && !["ss", "us", "is"].iter().any(|e| word.ends_with(e))
    {
        &word[..word.len() - 1]
    } else {
        word
    }
}

/// What a token names as a side, if it can name one: a word's singular, a code name's last
/// dotted part without its call (`functools.partial` and `partial(f, x)` are `partial`), an
/// operator in code (`==`).
fn side(tok: &Token) -> Option<String> {
    let text = tok.text.as_str();
    let key = match tok.kind {
        TokenKind::Word => singular(text),
        TokenKind::Code => {
            let bare = text.strip_suffix("()").unwrap_or(text);
            bare.rsplit('.')
                .next()
                .unwrap_or(bare)
                .trim_start_matches('@')
        }
        TokenKind::Symbol if tok.in_code && text != "@" => text,
        TokenKind::Symbol => return None,
    };
    (key.chars().count() >= 2).then(|| key.to_owned())
}

/// The sides a question can have: its code names ("`global` and `nonlocal`"), or, for a
/// title without code that contrasts ("the difference between a module and a package"),
/// its content words.
fn candidates(title: &str) -> Vec<String> {
    let tokens = tokenize(title).tokens;
    // Code names, where the title has any, are its sides: "tests" in "How do you write
    // tests with `unittest` or `pytest`?" is not one.
    let has_code = tokens.iter().any(|t| t.in_code);
    let contrasts = !has_code && tokens.iter().any(|t| is_contrast_title_word(&t.text));
    let mut sides: Vec<String> = tokens
        .iter()
        .filter(|t| {
            t.in_code
                || (contrasts
                    && t.kind == TokenKind::Word
                    && !is_function_word(&t.text)
                    && !NOT_SIDES.contains(&t.text.as_str()))
        })
        .flat_map(|t| {
            // `os.path` is named whole; its last part alone would be `pathlib`'s `Path`.
            let whole = (t.kind == TokenKind::Code && t.text.contains('.'))
                .then(|| t.text.trim_end_matches("()").to_owned());
            side(t).into_iter().chain(whole)
        })
        .collect();
    sides.sort_unstable();
    sides.dedup();
    sides
}

/// Whether `tok` reads as the verb of a label's opening subject.
fn is_verb(tok: &Token) -> bool {
    let w = tok.text.as_str();
    if tok.kind != TokenKind::Word || tok.in_code {
        return false;
    }
    if is_label_verb(w) {
        return true;
    }
    // A third-person verb after a singular subject ("writes", "handles", "compares"); the
    // endings excluded are nouns and adjectives far more often than verbs.
    w.len() >= 4
        && w.ends_with('s')
        && !["ss", "us", "is", "ics"].iter().any(|e| w.ends_with(e))
        && !is_function_word(w)
}

/// The side a label opens with, if it is one of the question's and a verb follows it ("A
/// list builds", "`partial(f, x)` returns", "An instance method receives").
fn label_subject(label: &str, candidates: &[String]) -> Option<Opening> {
    let tokens = tokenize(label).tokens;
    let mut at = 0;
    while tokens
        .get(at)
        .is_some_and(|t| opens_a_label(&t.text) || (t.kind == TokenKind::Symbol && t.text == "@"))
    {
        at += 1;
    }
    let subject = side(tokens.get(at)?).filter(|s| candidates.contains(s))?;
    let code = tokens[at].in_code;
    let mut next = at + 1;
    // The rest of the subject: its code (`partial(func, *args)`) or more of the
    // question's words ("instance method", "CPU-bound work").
    let mut words = 1;
    while let Some(t) = tokens.get(next) {
        if code && t.in_code {
            next += 1;
        } else if words < MAX_SUBJECT_WORDS && side(t).is_some_and(|s| candidates.contains(&s)) {
            words += 1;
            next += 1;
        } else {
            break;
        }
    }
    while tokens
        .get(next)
        .is_some_and(|t| stands_before_a_verb(&t.text))
    {
        next += 1;
    }
    tokens.get(next).filter(|t| is_verb(t)).map(|_| Opening {
        subject,
        rest: tokens[next..].iter().filter_map(side).collect(),
    })
}

/// A label's subject, and the sides its words after the subject could name.
struct Opening {
    subject: String,
    rest: Vec<String>,
}

/// The subject of each label (as a term to look for in answers), or none for every label
/// when the labels name fewer than two different subjects.
pub(crate) fn infer(title: &str, labels: &[&str]) -> Vec<Option<String>> {
    let candidates = candidates(title);
    let openings: Vec<Option<Opening>> = labels
        .iter()
        .map(|label| label_subject(label, &candidates))
        .collect();
    let mut sides: Vec<&str> = openings
        .iter()
        .flatten()
        .map(|o| o.subject.as_str())
        .collect();
    sides.sort_unstable();
    sides.dedup();
    if sides.len() < 2 {
        return vec![None; labels.len()];
    }
    openings
        .iter()
        .map(|o| {
            let o = o.as_ref()?;
            // A label that names another side too ("`__new__` runs first; `__init__` runs
            // next") is about both, and so about neither.
            let both = o
                .rest
                .iter()
                .any(|s| *s != o.subject && sides.contains(&s.as_str()));
            (!both).then(|| o.subject.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subjects(title: &str, labels: &[&str]) -> Vec<Option<String>> {
        infer(title, labels)
    }

    #[test]
    fn labels_that_open_with_either_side_of_the_question_get_it_as_subject() {
        let got = subjects(
            "What is the difference between `json` and `pickle`?",
            &[
                "`json` writes human-readable text",
                "JSON only handles basic types",
                "`pickle` can serialize almost any object",
                "Pickles are tied to class names",
                "Unpickling untrusted data can execute code",
                "JSON for APIs, pickle for caches",
            ],
        );
        let want = [
            Some("json"),
            Some("json"),
            Some("pickle"),
            Some("pickle"),
            None,
            None,
        ];
        assert_eq!(
            got,
            want.map(|s| s.map(str::to_owned)).to_vec(),
            "the verb after the subject decides; a label about both names none"
        );
    }

    #[test]
    fn plural_subjects_take_base_verbs_and_nouns_are_not_verbs() {
        let got = subjects(
            "How do generators save memory compared with lists?",
            &[
                "A list builds every element up front",
                "A generator is lazy",
                "Generators store all values",
                "Between values it keeps only its frame",
                "Lists membership tests scan",
            ],
        );
        assert_eq!(got[0].as_deref(), Some("list"));
        assert_eq!(got[1].as_deref(), Some("generator"));
        assert_eq!(got[2].as_deref(), Some("generator"));
        assert_eq!(got[3], None);
        assert_eq!(got[4], None, "`membership` is a noun, not a verb");
    }

    #[test]
    fn a_title_that_contrasts_nothing_gives_no_subjects() {
        let got = subjects(
            "What is a closure in Python, and what is the late-binding pitfall?",
            &[
                "A closure keeps its variables",
                "Python looks names up late",
            ],
        );
        assert_eq!(got, vec![None, None]);
        let got = subjects(
            "What is the difference between a module and a package?",
            &[
                "A module is one file",
                "A package is a folder",
                "Python finds both",
            ],
        );
        assert_eq!(got[2], None, "`Python` is never a side");
        assert_eq!(got[0].as_deref(), Some("module"));
    }

    #[test]
    fn code_names_in_the_title_are_its_only_sides() {
        let got = subjects(
            "How do you write tests with `unittest` or `pytest`?",
            &[
                "Tests are functions",
                "`pytest` uses plain asserts",
                "`unittest` needs classes",
            ],
        );
        assert_eq!(got[0], None);
        assert_eq!(got[1].as_deref(), Some("pytest"));
    }

    #[test]
    fn code_subjects_are_named_by_their_bare_name() {
        let got = subjects(
            "What do `functools.partial` and `functools.reduce` do?",
            &[
                "`partial(func, *args)` returns a new callable",
                "`reduce(func, iterable)` applies a function cumulatively",
            ],
        );
        assert_eq!(got[0].as_deref(), Some("partial"));
        assert_eq!(got[1].as_deref(), Some("reduce"));
        let got = subjects(
            "What is the difference between an iterable and an iterator?",
            &[
                "An iterable is anything you can loop over",
                "An iterator has `__next__`",
            ],
        );
        assert_eq!(
            got[0].as_deref(),
            Some("iterable"),
            "not one stem with iterator"
        );
        assert_eq!(got[1].as_deref(), Some("iterator"));
        let got = subjects(
            "What is the difference between a `classmethod` and a `staticmethod`?",
            &[
                "A `@classmethod` receives the class",
                "A `@staticmethod` receives nothing",
            ],
        );
        assert_eq!(got[0].as_deref(), Some("classmethod"));
        assert_eq!(got[1].as_deref(), Some("staticmethod"));
        let got = subjects(
            "Why is checking membership in a set faster than in a list?",
            &[
                "Set membership is O(1)",
                "A list scans",
                "Lists are ordered",
            ],
        );
        assert_eq!(
            got[0].as_deref(),
            Some("set"),
            "the subject runs on through `membership`"
        );
        assert_eq!(got[2].as_deref(), Some("list"));
    }

    #[test]
    fn one_subject_alone_is_no_contrast() {
        let got = subjects(
            "What is a property?",
            &[
                "A property makes attribute access run a method",
                "Setters validate",
            ],
        );
        assert_eq!(got, vec![None, None]);
    }
}
