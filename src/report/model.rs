//! The report of a batch: the JSON contract of DESIGN.md, and what every renderer reads.

use serde::Serialize;

use crate::batch::{BatchResult, FileError, QuestionInfo};
use crate::grade::{AnswerFlag, ConceptGrade, MisconceptionGrade};

/// Version of the JSON report format; bumped only by incompatible changes.
pub const REPORT_VERSION: u32 = 1;

/// One graded answer in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultEntry {
    pub file: String,
    pub question: QuestionInfo,
    pub score: f64,
    pub pass: bool,
    pub pass_mark: f64,
    /// The answer falls short of `--min-score`, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_min_score: Option<bool>,
    pub concepts: Vec<ConceptGrade>,
    pub misconceptions: Vec<MisconceptionGrade>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<AnswerFlag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub words: usize,
}

impl ResultEntry {
    /// Fell short of the bar that decides the exit status.
    pub fn falls_short(&self, require_pass: bool) -> bool {
        self.below_min_score == Some(true) || (require_pass && !self.pass)
    }

    /// The weightiest missed concept, for summary lines.
    pub fn biggest_gap(&self) -> Option<&ConceptGrade> {
        crate::grade::score::biggest_gap(&self.concepts)
    }
}

/// Totals over a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub graded: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    /// Mean score of the graded answers, `null` when none were graded.
    pub mean_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_min_score: Option<usize>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub results: Vec<ResultEntry>,
    pub errors: Vec<FileError>,
    pub summary: Summary,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Report {
    /// Builds the report of a batch; `min_score` marks answers below it.
    pub fn new(batch: BatchResult, min_score: Option<f64>) -> Report {
        let results: Vec<ResultEntry> = batch
            .graded
            .into_iter()
            .map(|g| ResultEntry {
                below_min_score: min_score.map(|m| g.graded.score < m),
                file: g.file,
                question: g.question,
                score: g.graded.score,
                pass: g.graded.pass,
                pass_mark: g.graded.pass_mark,
                concepts: g.graded.concepts,
                misconceptions: g.graded.misconceptions,
                flags: g.graded.flags,
                warnings: g.warnings,
                words: g.graded.words,
            })
            .collect();
        let graded = results.len();
        let passed = results.iter().filter(|r| r.pass).count();
        let mean_score = (graded > 0)
            .then(|| round1(results.iter().map(|r| r.score).sum::<f64>() / graded as f64));
        let below = min_score.map(|_| {
            results
                .iter()
                .filter(|r| r.below_min_score == Some(true))
                .count()
        });
        Report {
            version: REPORT_VERSION,
            summary: Summary {
                graded,
                passed,
                failed: graded - passed,
                errors: batch.errors.len(),
                mean_score,
                min_score,
                below_min_score: below,
            },
            results,
            errors: batch.errors,
        }
    }
}
