//! `pyprep check`: everything that can go wrong in a bank, found and located.
//!
//! The bank loader and the rubric validator already collect diagnostics; this module adds
//! the rules that need more than one file (rubric against content, fingerprints, labelled
//! answers) and gathers everything into one [`CheckReport`] that the renderers print.

pub mod fingerprint;
pub mod labels;
pub mod opposites;
pub mod render;
pub mod rules;
pub mod todo;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::bank::{Bank, BankError, Confine};
use crate::diagnostic::{Diagnostic, Severity};
pub use fingerprint::Blessed;
pub use labels::LabelSummary;

/// Version of the JSON document of `check --format json`.
pub const CHECK_REPORT_VERSION: u32 = 1;

/// Source files larger than this are not quoted in diagnostics.
const MAX_QUOTED_FILE: u64 = 4 << 20;

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
}

/// Everything `check` found in a bank.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub version: u32,
    pub bank: String,
    /// Questions whose content parsed.
    pub questions: usize,
    /// Findings, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// How pyprep grades the labelled answers of each question, against their labels.
    pub labels: Vec<LabelSummary>,
    pub summary: Totals,
    /// Text of the files the diagnostics point into, for quoting source lines.
    #[serde(skip)]
    pub sources: BTreeMap<PathBuf, String>,
}

impl CheckReport {
    /// Whether the check fails: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.summary.errors > 0 || (deny_warnings && self.summary.warnings > 0)
    }
}

/// Checks the bank in `root`. Only a folder that cannot be read as a bank is an error;
/// every problem inside the bank is a diagnostic in the report.
pub fn check(root: &Path) -> Result<CheckReport, BankError> {
    let bank = Bank::from_dir(root)?;
    let mut diagnostics = bank.diagnostics.clone();

    // Words people wrote in the bank's labelled answers that grading does not already know
    // as real words: the ones a short term can be confused with by typo tolerance.
    let known = bank.matching_glossary();
    let vocabulary = rules::unknown_words(&labelled_texts(&bank, root), known);
    let real_words = crate::rubric::Glossary {
        known_words: known.known_words.clone(),
        ..Default::default()
    };

    let mut labels = Vec::new();
    for q in &bank.questions {
        let mut todos = Vec::new();
        todo::in_markdown(&q.content_file.path, &q.content_file.text, &mut todos);
        let (Some(file), Some(loaded)) = (&q.rubric_file, q.rubric()) else {
            diagnostics.append(&mut todos);
            continue;
        };
        let path = &file.path;
        diagnostics.extend(loaded.diagnostics.iter().cloned());
        let placeholder_answer = todos
            .iter()
            .any(|d| d.line.is_some_and(|l| l >= q.content.body_first_line));
        todo::in_yaml(path, &file.text, &mut todos);
        let unfinished = !todos.is_empty();
        diagnostics.append(&mut todos);
        let Some(rubric) = &loaded.rubric else {
            continue;
        };
        rules::question_matches(q, rubric, path, &mut diagnostics);
        // A question with work left cannot have been reviewed yet: its TODOs say what is left.
        if !unfinished {
            rules::drift(q, rubric, path, &mut diagnostics);
        }
        if loaded.valid().is_none() {
            continue;
        }
        rules::terms_in_two_concepts(rubric, path, &mut diagnostics);
        rules::ambiguous_short_terms(rubric, path, &vocabulary, &real_words, &mut diagnostics);
        opposites::terms_matching_opposites(rubric, path, known, &mut diagnostics);
        match bank.compiled(q) {
            Ok(compiled) => {
                // Grading a placeholder model answer, or against placeholder terms, says
                // nothing about the rubric; the `todo` diagnostics say what is left.
                let placeholder_terms = rubric.concepts.iter().any(|c| {
                    !c.terms.is_empty()
                        && c.terms
                            .iter()
                            .all(|t| t.spec.texts().iter().any(|x| x.contains(todo::MARKER)))
                });
                if !placeholder_answer && !placeholder_terms {
                    rules::model_answer(q, rubric, &compiled, path, &mut diagnostics);
                }
                labels.push(labels::rubric_examples(
                    q,
                    rubric,
                    &compiled,
                    path,
                    &mut diagnostics,
                ));
            }
            Err(problems) => diagnostics.extend(problems.0),
        }
    }
    for file in &bank.orphan_rubrics {
        todo::in_yaml(&file.path, &file.text, &mut diagnostics);
    }
    labels::fixtures(&bank, root, &mut labels, &mut diagnostics);

    for d in &mut diagnostics {
        d.file = shown(&d.file);
        for r in &mut d.related {
            r.file = shown(&r.file);
        }
    }
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    diagnostics.dedup();
    let summary = Totals {
        errors: count(&diagnostics, Severity::Error),
        warnings: count(&diagnostics, Severity::Warning),
    };
    let sources = match Confine::new(root) {
        Ok(confine) => quoted_sources(&diagnostics, &confine),
        Err(_) => BTreeMap::new(),
    };
    Ok(CheckReport {
        version: CHECK_REPORT_VERSION,
        bank: root.display().to_string(),
        questions: bank.questions.len(),
        diagnostics,
        labels,
        summary,
        sources,
    })
}

/// The answers of every rubric's `examples:` and of every file under `fixtures/`, except
/// those labelled `kind: typos`, whose misspellings are meant to match.
fn labelled_texts(bank: &Bank, root: &Path) -> Vec<String> {
    let mut texts: Vec<String> = bank
        .questions
        .iter()
        .filter_map(|q| q.rubric()?.rubric.as_ref())
        .flat_map(|r| r.examples.iter().map(|e| e.answer.clone()))
        .collect();
    let dir = root.join("fixtures");
    if dir.is_dir() {
        let (inputs, _) = crate::batch::collect(&[dir]);
        // Read as grading reads them (regular files within the size limit), and never
        // through a link out of the bank: these words are quoted in diagnostics.
        let confine = crate::bank::Confine::new(root).ok();
        for path in inputs.iter().filter_map(crate::batch::Input::path) {
            if confine.as_ref().is_none_or(|c| c.outside(path).is_some()) {
                continue;
            }
            let limit = crate::batch::DEFAULT_MAX_ANSWER_BYTES;
            let Ok(text) = crate::batch::read_answer(path, limit, &mut Vec::new()) else {
                continue;
            };
            if let Ok(answer) = crate::answer::parse(&text) {
                if answer.front.kind.as_deref() != Some("typos") {
                    texts.push(answer.text);
                }
            }
        }
    }
    texts
}

/// `./rubrics/x.yaml` as `rubrics/x.yaml`: the bank in the current folder needs no prefix.
fn shown(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// Reads every file a located diagnostic points into, so the renderer can quote it; never
/// a file that resolves outside the bank.
fn quoted_sources(diagnostics: &[Diagnostic], confine: &Confine) -> BTreeMap<PathBuf, String> {
    let mut sources = BTreeMap::new();
    let located = diagnostics.iter().flat_map(|d| {
        std::iter::once((&d.file, d.line)).chain(d.related.iter().map(|r| (&r.file, r.line)))
    });
    for (file, line) in located {
        if line.is_none() || sources.contains_key(file) || confine.outside(file).is_some() {
            continue;
        }
        let small =
            std::fs::metadata(file).is_ok_and(|m| m.is_file() && m.len() <= MAX_QUOTED_FILE);
        if !small {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(file) {
            sources.insert(file.clone(), text);
        }
    }
    sources
}

/// What `--bless` did.
#[derive(Debug, Clone, Default)]
pub struct BlessOutcome {
    /// Rubrics whose `reviewed:` was written.
    pub blessed: Vec<Blessed>,
    /// Rubrics with no top-level `question:` line to put `reviewed:` after.
    pub skipped: Vec<PathBuf>,
}

/// Why `--bless` could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BlessError {
    #[error(transparent)]
    Bank(#[from] BankError),
    #[error(
        "{path}: cannot write the rubric ({source}); it is left as it was: free some space \
         or make its folder writable, then run `pyprep check --bless` again"
    )]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Records in every rubric of the bank in `root` the fingerprint of its question and model
/// answer as they are now. For after a human has reviewed the rubrics: it declares them
/// up to date, it does not check them.
pub fn bless(root: &Path) -> Result<BlessOutcome, BlessError> {
    let bank = Bank::from_dir(root)?;
    let mut outcome = BlessOutcome::default();
    for q in &bank.questions {
        let Some(file) = &q.rubric_file else {
            continue;
        };
        let new = fingerprint::fingerprint(q.title(), &q.content.body);
        let old = q
            .rubric()
            .and_then(|l| l.rubric.as_ref())
            .and_then(|r| r.reviewed.clone());
        // An older single fingerprint that still matches is left as it is: nothing to bless.
        let unchanged = old.as_deref().is_some_and(|o| {
            fingerprint::is_fingerprint(o.trim())
                && fingerprint::changed(o, q.title(), &q.content.body).is_none()
        });
        if unchanged {
            continue;
        }
        let Some(text) = fingerprint::set_reviewed(&file.text, &new) else {
            outcome.skipped.push(file.path.clone());
            continue;
        };
        if text == file.text {
            continue;
        }
        crate::atomic::replace(&file.path, text.as_bytes()).map_err(|source| {
            BlessError::Write {
                path: file.path.clone(),
                source,
            }
        })?;
        outcome.blessed.push(Blessed {
            file: file.path.clone(),
            old,
            new,
        });
    }
    Ok(outcome)
}
