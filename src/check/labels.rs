//! Labelled answers: rubric `examples:` and the answer files under `fixtures/`.
//!
//! Each runs like a unit test (its `expect:` must hold), and together they measure a rubric
//! the way the Open University tested its pattern-matching marker: how often pyprep's pass
//! or fail agrees with the human label, and how it errs when it does not.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::rules::{failed_expectations, verdict};
use crate::answer;
use crate::bank::{Bank, Confine, Question};
use crate::batch::{self, BatchOptions, FileError, GradedFile, Input};
use crate::diagnostic::{Code, Diagnostic};
use crate::grade::{CompiledRubric, grade};
use crate::rubric::Rubric;

/// How pyprep's grades of one question's labelled answers compare with their labels.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct LabelSummary {
    pub question: String,
    pub number: u32,
    /// Answers with a pass/fail label: `human_score` (a pass at or above the pass mark) or
    /// `expect.pass`.
    pub labelled: usize,
    /// pyprep's pass or fail equals the label.
    pub agree: usize,
    /// pyprep passes an answer the label fails.
    pub false_pass: usize,
    /// pyprep fails an answer the label passes.
    pub false_fail: usize,
    /// False passes and fails whose fixture says why (`disagreement:`).
    pub explained: usize,
    /// Expectations (`expect:`) checked, and how many failed.
    pub expectations: usize,
    pub expectations_failed: usize,
}

impl LabelSummary {
    fn of(q: &Question) -> Self {
        LabelSummary {
            question: q.id().to_string(),
            number: q.number(),
            ..LabelSummary::default()
        }
    }

    fn record(&mut self, label: Option<bool>, pyprep: bool) {
        let Some(label) = label else {
            return;
        };
        self.labelled += 1;
        match (label, pyprep) {
            (true, false) => self.false_fail += 1,
            (false, true) => self.false_pass += 1,
            _ => self.agree += 1,
        }
    }
}

/// Grades a rubric's `examples:` and reports every expectation that fails.
pub fn rubric_examples(
    q: &Question,
    rubric: &Rubric,
    compiled: &CompiledRubric,
    path: &Path,
    out: &mut Vec<Diagnostic>,
) -> LabelSummary {
    let mut summary = LabelSummary::of(q);
    for example in &rubric.examples {
        let graded = grade(compiled, &example.answer);
        summary.record(example.expect.pass, graded.pass);
        summary.expectations += 1;
        let failures = failed_expectations(&example.expect, &graded);
        if !failures.is_empty() {
            summary.expectations_failed += 1;
        }
        if !failures.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::ExampleFailed,
                    path,
                    format!("example `{}`: {}", example.name, failures.join("; ")),
                )
                .at(example.pos.line, example.pos.column)
                .label(format!("graded {:.1}", graded.score))
                .help(
                    "tune the rubric's terms until the example grades as labelled, or correct the label if the grade is right",
                ),
            );
        }
    }
    summary
}

/// `N:M: message` as answer errors write it, split into the place and the message.
fn located(message: &str) -> (Option<(usize, usize)>, &str) {
    let mut parts = message.splitn(3, ':');
    let (Some(l), Some(c), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
        return (None, message);
    };
    match (l.parse(), c.parse()) {
        (Ok(l), Ok(c)) => (Some((l, c)), rest.trim_start()),
        _ => (None, message),
    }
}

/// Whether a fixture's question has an unusable rubric: its problems are reported on the
/// rubric already, and the fixture is not at fault.
fn rubric_is_broken(bank: &Bank, file: &str) -> bool {
    let path = Path::new(file);
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let Ok(parsed) = answer::parse(&text) else {
        return false;
    };
    answer::resolve(bank, None, &parsed, Some(path)).is_ok_and(|q| bank.compiled(q).is_err())
}

fn bad_fixture(error: &FileError) -> Diagnostic {
    let (at, message) = located(&error.message);
    let d = Diagnostic::new(
        Code::BadFixture,
        &error.file,
        format!("labelled answer cannot be graded: {message}"),
    )
    .help("give it front matter `question: <id or number>`, `kind` and `human_score`, as docs/rubric-format.md shows");
    match at {
        Some((l, c)) => d.at(l, c),
        None => d,
    }
}

fn front_line(file: &str, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(file).ok()?;
    crate::frontmatter::key_line(&text, key)
}

/// Checks one graded fixture: its expectations, its human score, its label.
fn fixture(g: &GradedFile, summary: &mut LabelSummary, out: &mut Vec<Diagnostic>) {
    let graded = &g.graded;
    let label = match g.front.human_score {
        Some(s) if !(0.0..=100.0).contains(&s) => {
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    &g.file,
                    format!("human_score {s} is outside 0..100"),
                )
                .at_opt(front_line(&g.file, "human_score"), None)
                .help("give the score an expert gives this answer, from 0 to 100"),
            );
            None
        }
        Some(s) => Some(s >= graded.pass_mark),
        None => g.front.expect.as_ref().and_then(|e| e.pass),
    };
    summary.record(label, graded.pass);
    if let (Some(label), Some(score)) = (label, g.front.human_score) {
        disagreement(g, label != graded.pass, score, summary, out);
    }
    let Some(expect) = &g.front.expect else {
        return;
    };
    let concepts: Vec<&str> = graded.concepts.iter().map(|c| &*c.id).collect();
    for id in expect.covered.iter().chain(&expect.missed) {
        if !concepts.contains(&id.as_str()) {
            out.push(
                Diagnostic::new(
                    Code::BadValue,
                    &g.file,
                    format!("expects unknown concept `{id}` of `{}`", g.question.id),
                )
                .at_opt(front_line(&g.file, "expect"), None)
                .help(format!(
                    "use the id of a concept of `{}`: {}",
                    g.question.id,
                    concepts.join(", ")
                )),
            );
        }
    }
    summary.expectations += 1;
    let failures = failed_expectations(expect, graded);
    if !failures.is_empty() {
        summary.expectations_failed += 1;
    }
    if !failures.is_empty() {
        out.push(
            Diagnostic::new(Code::ExampleFailed, &g.file, failures.join("; "))
                .at_opt(front_line(&g.file, "expect"), None)
                .label(format!("graded {:.1}", graded.score))
                .help("tune the rubric's terms until the answer grades as labelled, or correct the label if the grade is right"),
        );
    }
}

/// A false pass or fail is a warning unless the fixture says why (`disagreement:`); a
/// reason given where pyprep now agrees is stale, and is a warning too, so that reasons
/// never outlive the limit they explain.
fn disagreement(
    g: &GradedFile,
    disagrees: bool,
    score: f64,
    summary: &mut LabelSummary,
    out: &mut Vec<Diagnostic>,
) {
    let graded = &g.graded;
    let reason = g.front.disagreement.as_deref().map(str::trim);
    let line = front_line(&g.file, "disagreement");
    match (disagrees, reason) {
        (_, Some("")) => out.push(
            Diagnostic::new(
                Code::BadValue,
                &g.file,
                "`disagreement:` is empty".to_string(),
            )
            .at_opt(line, None)
            .help("say in a sentence why pyprep grades this answer differently from the expert, or remove the key"),
        ),
        (true, Some(_)) => summary.explained += 1,
        (true, None) => {
            let kind = if graded.pass {
                "a false pass"
            } else {
                "a false fail"
            };
            out.push(
                Diagnostic::new(
                    Code::LabelDisagrees,
                    &g.file,
                    format!(
                        "{kind}: pyprep {}, but the human score is {score} (pass mark {})",
                        verdict(graded),
                        graded.pass_mark
                    ),
                )
                .at_opt(front_line(&g.file, "human_score"), None)
                .label(format!("pyprep gives {:.1}", graded.score))
                .help(format!(
                    "tune the rubric of `{}` so it grades answers like this one as the expert does, correct the label, or say why in `disagreement:`",
                    g.question.id
                )),
            );
        }
        (false, Some(_)) => out.push(
            Diagnostic::new(
                Code::StaleDisagreement,
                &g.file,
                format!(
                    "says pyprep disagrees with its label, but now it agrees: pyprep {}, and the human score is {score} (pass mark {})",
                    verdict(graded),
                    graded.pass_mark
                ),
            )
            .at_opt(line, None)
            .label(format!("pyprep gives {:.1}", graded.score))
            .help("remove `disagreement:`: the limit it explains no longer shows on this answer"),
        ),
        (false, None) => {}
    }
}

/// Grades every answer under `root/fixtures/` and checks it against its labels, adding to
/// the summaries in `labels` (one per question).
pub fn fixtures(
    bank: &Bank,
    root: &Path,
    labels: &mut Vec<LabelSummary>,
    out: &mut Vec<Diagnostic>,
) {
    let dir: PathBuf = root.join("fixtures");
    if !dir.is_dir() {
        return;
    }
    let (inputs, walk_errors) = batch::collect(&[dir]);
    // Every file under fixtures/ is a labelled answer: none is passed over as a README or
    // a report, as in a class's folder; a stray file is a finding.
    let mut inputs: Vec<Input> = inputs
        .into_iter()
        .map(|i| match i {
            Input::Found(p) => Input::File(p),
            other => other,
        })
        .collect();
    if let Ok(confine) = Confine::new(root) {
        inputs.retain(|input| {
            let Some((path, target)) = input.path().and_then(|p| Some((p, confine.outside(p)?)))
            else {
                return true;
            };
            out.push(
                Diagnostic::new(
                    Code::BadFixture,
                    path,
                    format!("labelled answer is a link that points outside the bank (to {}); not read", target.display()),
                )
                .help("a bank reads only its own files: copy the answer into fixtures/, or point the link at a file inside the bank"),
            );
            false
        });
    }
    let result = batch::run(bank, None, &inputs, None, &BatchOptions::default(), &|| {});
    for error in walk_errors
        .iter()
        .filter(|e| !e.passed_over)
        .chain(&result.errors)
    {
        if !rubric_is_broken(bank, &error.file) {
            out.push(bad_fixture(error));
        }
    }
    for g in &result.graded {
        let at = match labels.iter().position(|l| l.question == g.question.id) {
            Some(i) => i,
            None => {
                labels.push(LabelSummary {
                    question: g.question.id.clone(),
                    number: g.question.number,
                    ..LabelSummary::default()
                });
                labels.len() - 1
            }
        };
        fixture(g, &mut labels[at], out);
    }
    labels.sort_by(|a, b| (a.number, &a.question).cmp(&(b.number, &b.question)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_located_messages() {
        assert_eq!(located("2:5: front matter"), (Some((2, 5)), "front matter"));
        assert_eq!(located("is empty: nothing"), (None, "is empty: nothing"));
    }

    #[test]
    fn counts_false_passes_and_fails() {
        let mut s = LabelSummary::default();
        s.record(Some(true), true);
        s.record(Some(true), false);
        s.record(Some(false), true);
        s.record(None, true);
        assert_eq!(
            (s.labelled, s.agree, s.false_fail, s.false_pass),
            (3, 1, 1, 1)
        );
    }
}
