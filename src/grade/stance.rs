//! Whether the writer holds what the words say: a misconception framed as someone else's
//! belief or set against the truth, and an answer written about another language.

use super::evidence::Hit;
use super::index::AnswerIndex;
use super::lines::LineIndex;
use super::result::Evidence;
use crate::lexicon::{
    frames_as_not_held, is_borrowed_style, is_other_language, is_python_word, names_a_foil,
};

/// The other-language rule: evidence for it, if the answer is about another language.
pub(crate) fn other_language(m: &AnswerIndex, lines: &LineIndex) -> Option<Evidence> {
    let toks = &m.tokenized.tokens;
    if toks.iter().any(|t| is_python_word(&t.text)) {
        return None;
    }
    // Sentences that speak of languages in general ("JavaScript and other languages can
    // parse it"): a language named there is one among many. Found in one pass, so that an
    // answer naming a language on every word stays linear.
    let mut of_languages: Vec<u32> = toks
        .iter()
        .filter(|t| t.text == "languages")
        .map(|t| t.sentence)
        .collect();
    of_languages.dedup();
    // Two mentions decide as well as all of them.
    let foreign: Vec<&crate::tokens::Token> = toks
        .iter()
        .enumerate()
        .filter(|&(i, t)| {
            !t.in_code
                && is_other_language(&t.text)
                && of_languages.binary_search(&t.sentence).is_err()
                && !compared_with(m, i)
        })
        .map(|(_, t)| t)
        .take(2)
        .collect();
    let first = foreign.first()?;
    if foreign.len() >= 2 || first.sentence < 2 {
        Some(lines.evidence(first.start, first.end))
    } else {
        None
    }
}

/// Whether the language named at token `i` is only what the answer compares with: a style
/// borrowed from it ("*Java-style* getters", "C-like") or the foil of a comparison
/// ("unlike Java", "faster than JavaScript", "as in Java"). An answer about Python says such
/// things without naming Python.
fn compared_with(m: &AnswerIndex, i: usize) -> bool {
    let toks = &m.tokenized.tokens;
    let borrowed = toks
        .get(i + 1)
        .is_some_and(|t| t.hyphen_before && is_borrowed_style(&t.text));
    let foil = (i.saturating_sub(2)..i).any(|j| {
        toks[j].sentence == toks[i].sentence
            && (names_a_foil(&toks[j].text) || matches!(toks[j].text.as_str(), "like" | "as"))
    });
    borrowed || foil
}

/// Whether a misconception's words are framed so the writer does not hold them: reported as
/// someone's belief ("people *think* args is a list"), or set against the truth ("slower
/// *compared to* languages compiled to machine code", "the GIL *prevents* true parallelism",
/// "the *pitfall* of using `is` for strings"), or said of Python 2. Such a word anywhere
/// before the hit in its sentence spares the penalty. Expert answers are full of these
/// contrasts; a fluent wrong answer states its error plainly.
pub(crate) fn framed_as_not_held(m: &AnswerIndex, hit: &Hit) -> bool {
    let toks = &m.tokenized.tokens;
    let Some(&last) = hit.tokens.last() else {
        return false;
    };
    let sentence = toks[last].sentence;
    // Up to the hit's last word: in an `all` group the contrast may stand between parts
    // ("CPU-bound tasks, *preventing* true parallelism").
    let before = (0..last)
        .rev()
        .take_while(|&i| toks[i].sentence == sentence);
    before
        .filter(|i| !hit.tokens.contains(i))
        .any(|i| frames_as_not_held(&toks[i].text) || names_python_2(m, i))
}

/// Whether token `i` starts "Python 2" (or "Python 2.7"): what a sentence says of Python 2
/// ("in Python 2 `range()` returned a list") is history, not the writer's claim about the
/// language today.
fn names_python_2(m: &AnswerIndex, i: usize) -> bool {
    let toks = &m.tokenized.tokens;
    toks[i].text == "python"
        && toks.get(i + 1).is_some_and(|t| {
            let v = t.text.as_str();
            v == "2" || v.starts_with("2.")
        })
}
