//! Properties of grading on arbitrary answers: no panic, a score in 0..100, the same result
//! every time, and evidence that quotes the answer at the place it says.
//!
//! `cargo test` runs a modest number of cases; `long_run` (ignored) runs many more by hand:
//! `cargo test --release --test properties -- --ignored`.

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use pyprep::bank::Bank;
use pyprep::grade::{CompiledRubric, Evidence, GradedAnswer, Level, grade};

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(Bank::built_in)
}

/// Compiled rubrics of the built-in bank (those that compile: the bank is a draft).
fn rubrics() -> &'static [Arc<CompiledRubric>] {
    static RUBRICS: OnceLock<Vec<Arc<CompiledRubric>>> = OnceLock::new();
    RUBRICS.get_or_init(|| {
        let bank = bank();
        let all: Vec<_> = bank
            .questions
            .iter()
            .filter_map(|q| bank.compiled(q).ok())
            .collect();
        assert!(!all.is_empty(), "no built-in rubric compiles");
        all
    })
}

/// Pieces that exercise the tokenizer: Markdown, code, rubric words, odd Unicode.
const PIECES: &[&str] = &[
    "`",
    "``",
    "```",
    "```python\n",
    "~~~",
    "*",
    "**",
    "_",
    "__init__",
    "-",
    "--",
    " - ",
    "\n- ",
    "\n* ",
    "\n1. ",
    "#",
    "> ",
    "\r\n",
    "\n",
    "\n\n",
    " ",
    "\t",
    ".",
    ". ",
    "!",
    "?",
    ",",
    ";",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "'",
    "\u{2019}",
    "\"",
    "==",
    "!=",
    "is",
    "is not",
    "not",
    "isn't",
    "id(",
    "id()",
    "*args",
    "**kwargs",
    "functools.wraps",
    "in-place",
    "in place",
    "immutable",
    "mutable",
    "tuple",
    "list",
    "same object",
    "identity",
    "GIL",
    "dict",
    "garbage collector",
    "reference counting",
    "lambda",
    "decorator",
    "\u{feff}",
    "\u{0}",
    "\u{301}",
    "e\u{301}",
    "ﬁ",
    "Ⅻ",
    "ß",
    "İ",
    "名前",
    "😀",
    "👩\u{200d}💻",
    "\u{200b}",
    "\u{2028}",
    "\u{fffd}",
    "---\n",
    "a",
    "the",
    "and",
    "0",
    "42",
    "_x_",
    "*x*",
];

/// Answers made of Markdown-ish pieces mixed with arbitrary Unicode.
fn answer() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "\\PC{0,12}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

fn check_evidence(text: &str, e: &Evidence) -> Result<(), TestCaseError> {
    prop_assert!(
        e.start <= e.end && e.end <= text.len(),
        "span {}..{}",
        e.start,
        e.end
    );
    prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
    prop_assert_eq!(&text[e.start..e.end], e.text.as_str());
    let before = &text[..e.start];
    prop_assert_eq!(
        e.line,
        before.matches('\n').count() + 1,
        "line of {:?}",
        e.text
    );
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    prop_assert_eq!(
        e.column,
        before[line_start..].chars().count() + 1,
        "column of {:?}",
        e.text
    );
    Ok(())
}

fn check(text: &str, g: &GradedAnswer) -> Result<(), TestCaseError> {
    prop_assert!((0.0..=100.0).contains(&g.score), "score {}", g.score);
    for c in &g.concepts {
        for e in &c.evidence {
            check_evidence(text, e)?;
        }
        for u in &c.uncounted {
            check_evidence(text, &u.evidence)?;
        }
        // Evidence is what stated the concept; a concept covered without it was named
        // where naming is worth at least half.
        prop_assert_eq!(c.level == Level::Stated, !c.evidence.is_empty());
        prop_assert!(!c.covered || c.level != Level::Missing);
        prop_assert!(c.earned <= c.weight);
    }
    for m in &g.misconceptions {
        prop_assert!(!m.evidence.is_empty());
        for e in &m.evidence {
            check_evidence(text, e)?;
        }
    }
    Ok(())
}

fn grading_holds(text: &str, which: usize) -> Result<(), TestCaseError> {
    let rubrics = rubrics();
    let rubric = &rubrics[which % rubrics.len()];
    let first = grade(rubric, text);
    check(text, &first)?;
    prop_assert_eq!(&first, &grade(rubric, text), "grading is not deterministic");
    Ok(())
}

fn parsing_holds(text: &str) -> Result<(), TestCaseError> {
    if let Ok(a) = pyprep::answer::parse(text) {
        // The body is the end of the file, and first_line says where it starts.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        prop_assert!(text.ends_with(&a.text));
        let before = &text[..text.len() - a.text.len()];
        prop_assert_eq!(a.first_line, before.matches('\n').count() + 1);
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 256, ..Config::default() })]

    #[test]
    fn grading_arbitrary_answers(text in answer(), which in any::<usize>()) {
        grading_holds(&text, which)?;
    }

    #[test]
    fn grading_arbitrary_strings(text in "\\PC*", which in any::<usize>()) {
        grading_holds(&text, which)?;
    }

    #[test]
    fn parsing_front_matter(body in answer(), yaml in "\\PC{0,40}", fence in any::<bool>()) {
        let text = if fence { format!("---\n{yaml}\n---\n{body}") } else { body };
        parsing_holds(&text)?;
        if let Ok(a) = pyprep::answer::parse(&text) {
            grading_holds(&a.text, text.len())?;
        }
    }
}

/// Many more cases than `cargo test` runs; by hand, in release: a poor man's fuzzer for
/// machines where cargo-fuzz cannot run. `PROPTEST_CASES` sets the count.
#[test]
#[ignore]
fn long_run() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100_000);
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    runner
        .run(&(answer(), any::<usize>()), |(text, which)| {
            parsing_holds(&text)?;
            grading_holds(&text, which)
        })
        .unwrap();
}
