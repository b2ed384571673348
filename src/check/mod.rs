//! `pyprep check`: everything that can go wrong in a bank, found and located.
//!
//! The bank loader and the rubric validator already collect diagnostics; this module adds
//! the rules that need more than one file (rubric against content, fingerprints, labelled
//! answers) and gathers everything into one [`CheckReport`] that the renderers print.

pub mod fingerprint;
pub mod labels;
pub mod render;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};
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

    // The words of every model answer: the real vocabulary a short term can be confused with.
    let mut vocabulary = BTreeSet::new();
    for q in &bank.questions {
        rules::plain_words(&q.content.body, &mut vocabulary);
    }

    let mut labels = Vec::new();
    for q in &bank.questions {
        let (Some(file), Some(loaded)) = (&q.rubric_file, q.rubric()) else {
            continue;
        };
        let path = &file.path;
        diagnostics.extend(loaded.diagnostics.iter().cloned());
        let Some(rubric) = &loaded.rubric else {
            continue;
        };
        rules::question_matches(q, rubric, path, &mut diagnostics);
        rules::drift(q, rubric, path, &mut diagnostics);
        if loaded.valid().is_none() {
            continue;
        }
        rules::terms_in_two_concepts(rubric, path, &mut diagnostics);
        rules::ambiguous_short_terms(rubric, path, &vocabulary, &mut diagnostics);
        match bank.compiled(q) {
            Ok(compiled) => {
                rules::model_answer(q, rubric, &compiled, path, &mut diagnostics);
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
        if old.as_deref().map(str::trim) == Some(new.as_str()) {
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
