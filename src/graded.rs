//! What grading a batch of files gives, one entry a file: the graded answer, or why there
//! is none. [`batch`](crate::batch) makes these and [`report`](crate::report) renders
//! them; neither needs the other.

use serde::Serialize;

use crate::answer::AnswerFrontMatter;
use crate::bank::Question;
use crate::error_code::{Coded, ErrorCode};
use crate::grade::GradedAnswer;

/// The question an answer was graded against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionInfo {
    pub id: String,
    pub number: u32,
    pub title: String,
}

impl QuestionInfo {
    pub fn of(q: &Question) -> Self {
        QuestionInfo {
            id: q.id().to_string(),
            number: q.number(),
            title: q.title().to_string(),
        }
    }
}

/// A graded answer file.
#[derive(Debug, Clone)]
pub struct GradedFile {
    pub file: String,
    pub question: QuestionInfo,
    pub front: AnswerFrontMatter,
    pub graded: GradedAnswer,
    /// Things that did not stop grading but the reader should know (invalid UTF-8).
    pub warnings: Vec<String>,
}

/// A file that could not be graded: its stable code and what to do about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileError {
    pub file: String,
    pub code: ErrorCode,
    pub message: String,
    /// Met walking a folder and plainly not an answer: a warning for the user, never an
    /// entry of a report's `errors`.
    #[serde(skip)]
    pub passed_over: bool,
}

impl FileError {
    /// The entry of `file`, which failed with `error`.
    pub fn new(file: impl Into<String>, error: &(impl Coded + ?Sized)) -> FileError {
        FileError {
            file: file.into(),
            code: error.code(),
            message: error.to_string(),
            passed_over: false,
        }
    }

    /// The warning of `file`, passed over in a walk for `reason`.
    pub fn passed_over(file: impl Into<String>, reason: &(impl Coded + ?Sized)) -> FileError {
        FileError {
            passed_over: true,
            ..FileError::new(file, reason)
        }
    }
}

/// Everything a batch produced, in a stable order (by path).
#[derive(Debug, Clone, Default)]
pub struct BatchResult {
    pub graded: Vec<GradedFile>,
    pub errors: Vec<FileError>,
    /// Files of a walk passed over as not answers, with why.
    pub passed_over: Vec<FileError>,
}
