//! The rules `check` applies to one question: its rubric against itself, against the
//! model answer, and against the fingerprint it was reviewed with.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use rust_stemmers::{Algorithm, Stemmer};

use super::fingerprint::{Change, changed, fingerprint, is_fingerprint};
use crate::bank::Question;
use crate::diagnostic::{Code, Diagnostic};
use crate::grade::{CompiledRubric, GradedAnswer, grade};
use crate::grade::{RubricCompiler, max_edits_for};
use crate::rubric::TermSpec;
use crate::rubric::{Expectation, Glossary, Pos, Rubric, Term};
use crate::tokens::{TokenKind, tokenize};

/// Single-word terms up to this many letters are short: one typo is a large share of them.
const SHORT_TERM_MAX_LEN: usize = 6;
/// Colliding words named in one ambiguous-short-term diagnostic.
const MAX_COLLISIONS_SHOWN: usize = 3;

fn at(pos: Pos) -> (usize, usize) {
    (pos.line, pos.column)
}

/// Where the content file's front matter says `key:`.
fn content_key(q: &Question, key: &str) -> Option<(usize, usize)> {
    crate::frontmatter::key_line(&q.content_file.text, key).map(|l| (l, 1))
}

/// The rubric's `question:` names the question its content file holds.
pub fn question_matches(q: &Question, rubric: &Rubric, path: &Path, out: &mut Vec<Diagnostic>) {
    let named = rubric.question.trim();
    if named == q.id() || named == q.number().to_string() {
        return;
    }
    out.push(
        Diagnostic::new(
            Code::QuestionMismatch,
            path,
            format!(
                "the rubric says it grades `{named}`, but its content file holds question `{}`",
                q.id()
            ),
        )
        .at(rubric.question_pos.line, rubric.question_pos.column)
        .label(format!("expected `{}`", q.id()))
        .related(
            &q.content_file.path,
            content_key(q, "id"),
            "the content file's id",
        )
        .help(format!(
            "set `question: {}`, or move the rubric to the file named after `{named}`",
            q.id()
        )),
    );
}

/// A term in a canonical form: tokens as matched, `all` parts in sorted order.
fn term_key(term: &Term) -> String {
    let words = |text: &str| -> String {
        tokenize(text)
            .tokens
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match &term.spec {
        TermSpec::Phrase { text, .. } => words(text),
        TermSpec::All { parts, .. } => {
            let parts: BTreeSet<String> = parts.iter().map(|p| words(p)).collect();
            format!("all: {}", parts.into_iter().collect::<Vec<_>>().join(" + "))
        }
        // Order is the meaning of a sequence: its parts stay in order.
        TermSpec::Sequence { parts, .. } => {
            let parts: Vec<String> = parts.iter().map(|p| words(p)).collect();
            format!("sequence: {}", parts.join(" > "))
        }
    }
}

/// A term quoted for a message: in backticks, or in double quotes when it holds backticks.
fn term_text(term: &Term) -> String {
    let text = match &term.spec {
        TermSpec::Phrase { text, .. } => text.clone(),
        TermSpec::All { parts, .. } => format!("all: [{}]", parts.join(", ")),
        TermSpec::Sequence { parts, .. } => format!("sequence: [{}]", parts.join(", ")),
    };
    if text.contains('`') {
        format!("\"{text}\"")
    } else {
        format!("`{text}`")
    }
}

/// A term listed under two concepts gives one phrase credit for both: the rubric then
/// cannot tell the concepts apart.
pub fn terms_in_two_concepts(rubric: &Rubric, path: &Path, out: &mut Vec<Diagnostic>) {
    let mut first_owner: HashMap<String, (&str, Pos)> = HashMap::new();
    for concept in &rubric.concepts {
        for term in &concept.terms {
            let key = term_key(term);
            match first_owner.get(&key) {
                Some(&(owner, first)) if owner != concept.id => {
                    out.push(
                        Diagnostic::new(
                            Code::TermInTwoConcepts,
                            path,
                            format!(
                                "term {} is listed under concept `{}` and under `{owner}`",
                                term_text(term),
                                concept.id
                            ),
                        )
                        .at(term.pos.line, term.pos.column)
                        .label(format!("also a term of `{owner}`"))
                        .related(path, Some(at(first)), format!("listed under `{owner}` here"))
                        .help("keep the term under the one concept it shows; give the other concept words of its own"),
                    );
                }
                Some(_) => {}
                None => {
                    first_owner.insert(key, (&concept.id, term.pos));
                }
            }
        }
    }
}

/// Distinct plain words of `texts` (no code, as the matcher folds them) that grading would
/// look at as possible typos: four letters or more, and neither a word of the bank's model
/// answers nor common English, which the matcher never reads as typos.
pub fn unknown_words(texts: &[String], known: &Glossary) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for text in texts {
        for tok in tokenize(text).tokens {
            let plain = tok.kind == TokenKind::Word
                && !tok.in_code
                && tok.text.chars().count() >= 4
                && tok.text.chars().all(char::is_alphabetic);
            if plain
                && !known.known_words.contains(tok.text.as_str())
                && !crate::lexicon::is_common_word(&tok.text)
            {
                out.insert(tok.text.to_string());
            }
        }
    }
    out
}

/// Words `term` matches by typo tolerance alone: not itself, not a form of itself.
fn typo_collisions(
    term: &str,
    words: &[&String],
    real_words: &Glossary,
    stemmer: &Stemmer,
) -> Vec<String> {
    let mut builder = RubricCompiler::new(real_words);
    let spec = TermSpec::Phrase {
        text: term.to_string(),
        exact: false,
        slack: None,
    };
    let Ok(target) = builder.target(&[spec], &[]) else {
        return Vec::new();
    };
    let vocabulary = builder.finish();
    // One sentence per word, so a hit names exactly one word.
    let text: String = words.iter().map(|w| format!("{w}.\n")).collect();
    let matched = vocabulary.index(&text);
    let term_stem = stemmer.stem(term);
    let mut found = Vec::new();
    for hit in target.hits(&matched) {
        let Some(&(start, end)) = hit.spans.first() else {
            continue;
        };
        let word = text[start..end].to_lowercase();
        let related = word == term
            || stemmer.stem(&word) == term_stem
            || word.starts_with(term)
            || term.starts_with(word.as_str());
        if !related && !found.contains(&word) {
            found.push(word);
        }
    }
    found
}

/// Every concept and misconception of `rubric` with its terms, as ("concept" or
/// "misconception", its id, its terms): what the rules about terms walk.
pub(super) fn term_owners(rubric: &Rubric) -> impl Iterator<Item = (&'static str, &str, &[Term])> {
    let concepts = rubric
        .concepts
        .iter()
        .map(|c| ("concept", c.id.as_str(), c.terms.as_slice()));
    let misconceptions = rubric
        .misconceptions
        .iter()
        .map(|m| ("misconception", m.id.as_str(), m.terms.as_slice()));
    concepts.chain(misconceptions)
}

/// A short single-word term that typo tolerance lets match other real words ("heap" also
/// matches "heal"): answers get credit, or a penalty, for words they never meant.
/// `real_words` is the bank's glossary of known words without its synonyms (a synonym is a
/// meant match), so the rule reports only what grading would do.
pub fn ambiguous_short_terms(
    rubric: &Rubric,
    path: &Path,
    vocabulary: &BTreeSet<String>,
    real_words: &Glossary,
    out: &mut Vec<Diagnostic>,
) {
    let stemmer = Stemmer::create(Algorithm::English);
    for (kind, owner, terms) in term_owners(rubric) {
        for term in terms {
            // Parts of `all:` need the other parts in the same sentence, which keeps a
            // typo match from standing alone; only terms that cover on their own count.
            let texts: Vec<&String> = match &term.spec {
                TermSpec::Phrase {
                    text, exact: false, ..
                } => vec![text],
                _ => continue,
            };
            for text in texts {
                let tokens = tokenize(text).tokens;
                let [tok] = tokens.as_slice() else {
                    continue;
                };
                let len = tok.text.chars().count();
                let plain = tok.kind == TokenKind::Word
                    && !tok.in_code
                    && tok.text.chars().all(char::is_alphabetic);
                if !plain || max_edits_for(len) == 0 || len > SHORT_TERM_MAX_LEN {
                    continue;
                }
                let first = tok.text.chars().next();
                let candidates: Vec<&String> = vocabulary
                    .iter()
                    .filter(|w| w.chars().next() == first && w.chars().count().abs_diff(len) <= 1)
                    .collect();
                let collisions = typo_collisions(&tok.text, &candidates, real_words, &stemmer);
                if collisions.is_empty() {
                    continue;
                }
                let shown: Vec<String> = collisions
                    .iter()
                    .take(MAX_COLLISIONS_SHOWN)
                    .map(|w| format!("`{w}`"))
                    .collect();
                out.push(
                    Diagnostic::new(
                        Code::AmbiguousShortTerm,
                        path,
                        format!(
                            "term `{}` of {kind} `{owner}` also matches {} through typo tolerance",
                            tok.text,
                            shown.join(", ")
                        ),
                    )
                    .at(term.pos.line, term.pos.column)
                    .label(format!("one typo away from {}", shown.join(", ")))
                    .help(format!(
                        "write it as `{{text: {}, exact: true}}`, or use a longer phrase",
                        tok.text
                    )),
                );
            }
        }
    }
}

/// Line and column in the content file of evidence found in the model answer.
fn in_content(q: &Question, line: usize, column: usize) -> (usize, usize) {
    (q.content.body_first_line + line - 1, column)
}

/// The model answer must earn full marks from its own rubric: a concept it never covers is
/// one the content does not teach, or one whose terms miss the words the content uses.
pub fn model_answer(
    q: &Question,
    rubric: &Rubric,
    compiled: &CompiledRubric,
    path: &Path,
    out: &mut Vec<Diagnostic>,
) {
    let graded = grade(compiled, &q.content.body);
    let content = &q.content_file.path;
    for concept in graded.concepts.iter().filter(|c| !c.covered) {
        let pos = rubric
            .concepts
            .iter()
            .find(|c| *c.id == *concept.id)
            .map_or(rubric.question_pos, |c| c.pos);
        let mut d = Diagnostic::new(
            Code::ModelAnswerMissesConcept,
            path,
            format!(
                "the model answer in {} does not cover concept `{}`",
                content.display(),
                concept.id
            ),
        )
        .at(pos.line, pos.column)
        .label("no term of this concept is found in the model answer");
        for u in concept.uncounted.iter().take(2) {
            let why = format!("found, but {}", u.reason.describe());
            d = d.related_text(
                content,
                in_content(q, u.evidence.line, u.evidence.column),
                u.evidence.text.as_str(),
                &why,
            );
        }
        out.push(d.help(format!(
            "teach \"{}\" in the model answer, or add the words the model answer uses for it to the concept's `terms:`",
            concept.label
        )));
    }
    for m in &graded.misconceptions {
        let pos = rubric
            .misconceptions
            .iter()
            .find(|x| *x.id == *m.id)
            .map_or(rubric.question_pos, |x| x.pos);
        let mut d = Diagnostic::new(
            Code::MisconceptionMatchesModel,
            path,
            format!(
                "misconception `{}` matches the model answer, so it would penalise a correct answer",
                m.id
            ),
        )
        .at(pos.line, pos.column)
        .label(format!("costs the model answer {} points", m.penalty));
        for (i, e) in m.evidence.iter().take(3).enumerate() {
            // One label is enough when the parts of an `all:` match stand side by side.
            let label = if i == 0 { "matches it" } else { "" };
            d = d.related_text(
                content,
                in_content(q, e.line, e.column),
                e.text.as_str(),
                label,
            );
        }
        out.push(d.help(
            "make the misconception's terms specific to the wrong statement (a longer phrase, or `all:` with the wrong claim), or fix the model answer if it really says this",
        ));
    }
    if graded.score < 100.0 {
        out.push(
            Diagnostic::new(
                Code::ModelAnswerBelow100,
                path,
                format!(
                    "the model answer scores {:.1} against its own rubric, not 100",
                    graded.score
                ),
            )
            .at(rubric.question_pos.line, rubric.question_pos.column)
            .label(format!("graded against {}", content.display()))
            .help("fix the concepts and misconceptions reported for this rubric; the model answer must cover every concept and trigger no misconception"),
        );
    }
}

/// The rubric records the fingerprint of the question and model answer it was reviewed
/// against; a different one now means someone changed them since.
pub fn drift(q: &Question, rubric: &Rubric, path: &Path, out: &mut Vec<Diagnostic>) {
    let now = fingerprint(q.title(), &q.content.body);
    let bless = "after a human has reviewed the rubric against the question and model answer, run `pyprep check --bless` to record it";
    match (&rubric.reviewed, rubric.reviewed_pos) {
        (None, _) | (_, None) => out.push(
            Diagnostic::new(
                Code::NotReviewed,
                path,
                "the rubric records no review of the question and model answer",
            )
            .at(rubric.question_pos.line, rubric.question_pos.column)
            .label("no `reviewed:` fingerprint for this rubric")
            .help(bless),
        ),
        (Some(recorded), Some(pos)) if !is_fingerprint(recorded.trim()) => out.push(
            Diagnostic::new(
                Code::BadValue,
                path,
                format!("`reviewed: {recorded}` is not a fingerprint pyprep wrote"),
            )
            .at(pos.line, pos.column)
            .label("expected `fnv1a64:` and two runs of 16 hex digits, as `--bless` writes")
            .help(bless),
        ),
        (Some(recorded), Some(pos)) => {
            let Some(change) = changed(recorded, q.title(), &q.content.body) else {
                return;
            };
            let content = q.content_file.path.display();
            let (what, label) = match change {
                Change::Title => ("the question title", "the title now"),
                Change::ModelAnswer => ("the model answer", "the model answer now starts here"),
                Change::Both => ("the question title and the model answer", "the title now"),
                Change::Unknown => (
                    "the question or model answer",
                    "the question and model answer now",
                ),
            };
            let related = match change {
                Change::ModelAnswer => {
                    let blank = q.content.body.lines().take_while(|l| l.trim().is_empty());
                    Some((q.content.body_first_line + blank.count(), 1))
                }
                _ => content_key(q, "title"),
            };
            let unknown = if change == Change::Unknown {
                " (this `reviewed:` is an older single fingerprint, which cannot tell the title from the model answer)"
            } else {
                ""
            };
            out.push(
                Diagnostic::new(
                    Code::Drift,
                    path,
                    format!("{what} in {content} changed after this rubric was reviewed{unknown}"),
                )
                .at(pos.line, pos.column)
                .label(format!("reviewed against {}, now {now}", recorded.trim()))
                .related(&q.content_file.path, related, label)
                .help(format!(
                    "`git diff` on {content} shows the change (pyprep keeps only fingerprints, not the old text); check that the rubric still fits; {bless}"
                )),
            )
        }
    }
}

/// "passes with 63.2", "fails with 78.9: required concept `x` is missed".
pub fn verdict(graded: &GradedAnswer) -> String {
    if graded.pass {
        return format!("passes with {:.1}", graded.score);
    }
    let missed_required: Vec<String> = graded
        .concepts
        .iter()
        .filter(|c| c.blocks_pass())
        .map(|c| format!("`{}`", c.id))
        .collect();
    if graded.score >= graded.pass_mark && !missed_required.is_empty() {
        format!(
            "fails with {:.1}: required {} missed",
            graded.score,
            missed_required.join(", ")
        )
    } else {
        format!("fails with {:.1}", graded.score)
    }
}

/// Each expectation of a labelled answer that its grade does not meet, in words.
pub fn failed_expectations(expect: &Expectation, graded: &GradedAnswer) -> Vec<String> {
    let mut failures = Vec::new();
    if let Some(pass) = expect.pass.filter(|&p| p != graded.pass) {
        failures.push(format!(
            "expected to {}, but it {} (pass mark {})",
            if pass { "pass" } else { "fail" },
            verdict(graded),
            graded.pass_mark
        ));
    }
    if let Some([lo, hi]) = expect
        .score
        .filter(|[lo, hi]| !(*lo..=*hi).contains(&graded.score))
    {
        failures.push(format!(
            "expected a score from {lo} to {hi}, but it scores {:.1}",
            graded.score
        ));
    }
    let covered = |id: &str| graded.concepts.iter().any(|c| &*c.id == id && c.covered);
    for id in &expect.covered {
        if !covered(id) {
            failures.push(format!("expected to cover `{id}`, but it does not"));
        }
    }
    for id in &expect.missed {
        if covered(id) {
            failures.push(format!("expected to miss `{id}`, but it covers it"));
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_terms_collide_with_near_words_only() {
        let stemmer = Stemmer::create(Algorithm::English);
        // "head" and "help" are common English words, which the matcher never fuzzes.
        let words: Vec<String> = ["head", "heaps", "heap", "heal", "help", "hemp", "cheap"]
            .map(String::from)
            .to_vec();
        let refs: Vec<&String> = words.iter().collect();
        assert_eq!(
            typo_collisions("heap", &refs, &Glossary::default(), &stemmer),
            ["heal", "hemp"]
        );
        // A word the bank's model answers use is a real word to the matcher, never a typo.
        let mut bank_words = Glossary::default();
        bank_words.known_words.insert("heal".into());
        assert_eq!(
            typo_collisions("heap", &refs, &bank_words, &stemmer),
            ["hemp"]
        );
    }

    #[test]
    fn unknown_words_leave_out_what_the_matcher_knows() {
        let mut bank_words = Glossary::default();
        bank_words.known_words.insert("lean".into());
        let texts = ["A lean leak, `liner`, the hemp and a cat.".to_string()];
        let words: Vec<String> = unknown_words(&texts, &bank_words).into_iter().collect();
        assert_eq!(words, ["hemp", "leak"]);
    }
}
