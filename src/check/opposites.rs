//! The `term-matches-opposite` rule: a term that also matches its own opposite (the term
//! with one word swapped for the word that says the opposite), through a glossary synonym,
//! word forms, typo tolerance, or an all-group part that another part already holds. An
//! answer saying the opposite would then earn the concept, or the penalty of a
//! misconception would hit an answer saying the truth.

use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::grade::RubricCompiler;
use crate::lexicon::opposite_of;
use crate::rubric::{Glossary, Rubric, Term, TermSpec};
use crate::tokens::{TokenKind, tokenize};

/// Reports each term of `rubric` that matches its own opposite, compiled alone with the
/// bank's `glossary` as grading compiles it.
pub fn terms_matching_opposites(
    rubric: &Rubric,
    path: &Path,
    glossary: &Glossary,
    out: &mut Vec<Diagnostic>,
) {
    for (kind, owner, terms) in super::rules::term_owners(rubric) {
        for term in terms {
            let variants = opposites(&term.spec);
            if variants.is_empty() {
                continue;
            }
            // Each term alone: a concept may list both sides on purpose ("mutable",
            // "immutable" for a concept about the difference); a term that takes its own
            // opposite never means to.
            let mut compiler = RubricCompiler::new(glossary);
            let Ok(target) = compiler.target(std::slice::from_ref(&term.spec), &[]) else {
                continue;
            };
            let vocabulary = compiler.finish();
            let matched = variants.into_iter().find(|opposite| {
                let answer = vocabulary.index(opposite);
                target.hits(&answer).iter().any(|hit| !hit.negated)
            });
            if let Some(opposite) = matched {
                out.push(diagnostic(term, kind, owner, &opposite, path));
            }
        }
    }
}

fn diagnostic(term: &Term, kind: &str, owner: &str, opposite: &str, path: &Path) -> Diagnostic {
    let claim = if kind == "concept" {
        "an answer saying the opposite earns it"
    } else {
        "an answer saying the opposite is penalised"
    };
    Diagnostic::new(
        Code::TermMatchesOpposite,
        path,
        format!("{kind} `{owner}` also matches \"{opposite}\", the opposite of one of its terms: {claim}"),
    )
    .at(term.pos.line, term.pos.column)
    .label(format!("its opposite \"{opposite}\" matches too"))
    .help(
        "tie the term to its own side: in an `all:` group, drop a part that another part \
         already holds (`global` beside `global variable`) or write the two parts apart; \
         take the opposite out of any glossary group that makes it a synonym; or write the \
         term `exact: true`",
    )
}

/// The term's texts, each with one word swapped for its opposite (see
/// [`opposite_of`]): every way of saying the term's claim the other way round by one word.
/// The parts of an all-group are written as one sentence, as an answer would hold them.
fn opposites(spec: &TermSpec) -> Vec<String> {
    let texts: Vec<&str> = match spec {
        TermSpec::Phrase { text, .. } => vec![text],
        TermSpec::All { parts, .. } => parts.iter().map(String::as_str).collect(),
        // A sequence's claim is its order, which no single word turns round.
        TermSpec::Sequence { .. } => return Vec::new(),
    };
    let whole = texts.join(", ");
    tokenize(&whole)
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word && !t.in_code)
        .filter_map(|t| {
            let opposite = opposite_of(&t.text)?;
            Some(format!(
                "{}{opposite}{}",
                &whole[..t.start],
                &whole[t.end..]
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(yaml: &str, glossary: &Glossary) -> Vec<Diagnostic> {
        let loaded = crate::rubric::load(Path::new("r.yaml"), yaml);
        let mut out = Vec::new();
        terms_matching_opposites(
            loaded.valid().unwrap(),
            Path::new("r.yaml"),
            glossary,
            &mut out,
        );
        out
    }

    const RUBRIC: &str = "question: q
concepts:
  - id: fifo
    label: a queue is first in, first out
    weight: 1
    hint: h
    terms: [first in first out, FIFO]
  - id: both
    label: dicts are ordered, sets are unordered
    weight: 1
    hint: h
    terms: [ordered, unordered]
  - id: hashes
    label: equal objects have equal hashes
    weight: 1
    hint: h
    terms:
      - all: [equal, hashes, equal]
  - id: changes
    label: lists can change
    weight: 1
    hint: h
    terms:
      - all: [lists, mutable]
";

    #[test]
    fn a_term_whose_opposite_its_concept_matches_is_reported() {
        let found = findings(RUBRIC, &Glossary::default());
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        // An all-group whose part another part already holds: "unequal objects have equal
        // hashes", the reverse claim, has every part.
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("concept `hashes`"), "{messages:?}");
        // A concept may list both sides on purpose: each term is judged alone.
        assert!(
            !messages.iter().any(|m| m.contains("`both`")),
            "{messages:?}"
        );
        // A glossary group that makes opposites synonyms does the same to every term.
        let careless = Glossary {
            groups: vec![vec![
                "mutable".into(),
                "changeable".into(),
                "immutable".into(),
            ]],
            ..Glossary::default()
        };
        let found = findings(RUBRIC, &careless);
        assert!(
            found
                .iter()
                .any(|d| d.message.contains("concept `changes`")),
            "{found:?}"
        );
        // Slack never skips the swapped word: "last in first out" is not `first in first
        // out`, whatever the glossary.
        assert!(
            !found.iter().any(|d| d.message.contains("`fifo`")),
            "{found:?}"
        );
    }
}
