//! Diagnostics about a bank: one enum of stable codes, a severity and a location.
//!
//! Loading a bank collects these instead of stopping at the first problem; `check` renders
//! them, and `grade` turns the ones that concern a question it needs into a located error.

use serde::Serialize;
use std::path::PathBuf;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident; )*) => {
        /// Every diagnostic pyprep can report, each with a stable kebab-case code.
        /// Documented in docs/check-codes.md; a test proves codes unique and documented.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code users see and may filter on.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The default severity of the code.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    /// A file could not be read.
    Unreadable = "unreadable", Error;
    /// YAML (rubric or front matter) does not parse, or a value has the wrong type.
    YamlSyntax = "yaml-syntax", Error;
    /// A key the format does not know; usually a misspelling.
    UnknownKey = "unknown-key", Error;
    /// Content front matter is missing or incomplete.
    BadFrontMatter = "bad-front-matter", Error;
    /// A file name that does not follow `NNN-id.md` / `NNN-id.yaml`, or disagrees with its id or number.
    FileNameMismatch = "file-name-mismatch", Error;
    /// A content file with no rubric.
    MissingRubric = "missing-rubric", Error;
    /// A rubric with no content file.
    MissingContent = "missing-content", Error;
    /// Two questions share an id or a number.
    DuplicateQuestion = "duplicate-question", Error;
    /// Two concepts or misconceptions of a rubric share an id.
    DuplicateConcept = "duplicate-concept", Error;
    /// A regex pattern that does not compile.
    BadPattern = "bad-pattern", Error;
    /// A concept or misconception with no term or pattern.
    NoWayToMatch = "no-way-to-match", Error;
    /// A weight of zero or less.
    BadWeight = "bad-weight", Error;
    /// A value out of its range (pass mark, penalty, expected score).
    BadValue = "bad-value", Error;
    /// A rubric or glossary over one of the budgets that keep grading bounded in time and memory.
    OverBudget = "over-budget", Error;
    /// A rubric with no concepts.
    NoConcepts = "no-concepts", Error;
    /// A term that matches nothing once tokenized.
    EmptyTerm = "empty-term", Error;
    /// A rubric whose `question:` names another question than its content file.
    QuestionMismatch = "question-mismatch", Error;
    /// The same term listed under two concepts of one rubric.
    TermInTwoConcepts = "term-in-two-concepts", Error;
    /// A short fuzzy term that typo tolerance lets match other common words.
    AmbiguousShortTerm = "ambiguous-short-term", Warning;
    /// A concept or misconception that also matches the opposite of one of its terms.
    TermMatchesOpposite = "term-matches-opposite", Warning;
    /// A concept of the rubric that the model answer does not cover.
    ModelAnswerMissesConcept = "model-answer-misses-concept", Error;
    /// The model answer scores below 100 against its own rubric.
    ModelAnswerBelow100 = "model-answer-below-100", Error;
    /// A misconception that matches the model answer, so it would penalise the right answer.
    MisconceptionMatchesModel = "misconception-matches-model", Error;
    /// A rubric that records no fingerprint of the question it was reviewed against.
    NotReviewed = "not-reviewed", Warning;
    /// The question or model answer changed after the rubric was last reviewed.
    Drift = "drift", Error;
    /// A labelled example answer whose expectation fails.
    ExampleFailed = "example-failed", Error;
    /// A labelled answer that pyprep grades against its human label (false pass or fail).
    LabelDisagrees = "label-disagrees", Warning;
    /// A labelled answer that explains a disagreement pyprep no longer has.
    StaleDisagreement = "stale-disagreement", Warning;
    /// A file under `fixtures/` that cannot be graded.
    BadFixture = "bad-fixture", Error;
    /// A `TODO` marker left in a content file or rubric: the question is not finished.
    Todo = "todo", Error;
}

/// A second place that explains a diagnostic (where the evidence is, what it conflicts with).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Related {
    pub file: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub label: String,
    /// The text found at that place, when the finding is about those exact words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One finding, located where possible.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// How to fix it.
    pub help: String,
    /// A short label shown under the marked place in the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Other places that explain the finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
    #[serde(skip)]
    pub kind: Code,
}

impl Diagnostic {
    pub fn new(code: Code, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.as_str(),
            severity: code.severity(),
            message: message.into(),
            file: file.into(),
            line: None,
            column: None,
            help: String::new(),
            label: None,
            related: Vec::new(),
            kind: code,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_opt(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.line = line;
        self.column = column.or(line.map(|_| 1));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Sets the label shown under the marked place.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds another place that explains the finding.
    pub fn related(
        mut self,
        file: impl Into<PathBuf>,
        at: Option<(usize, usize)>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
            label: label.into(),
            text: None,
        });
        self
    }

    /// Adds another place that explains the finding: the words `text` at `line:column`.
    pub fn related_text(
        mut self,
        file: impl Into<PathBuf>,
        at: (usize, usize),
        text: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            line: Some(at.0),
            column: Some(at.1),
            label: label.into(),
            text: Some(text.into()),
        });
        self
    }

    /// `file:line:column` (or less, where unknown).
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        }
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: [{}] {}", self.location(), self.code, self.message)?;
        if !self.help.is_empty() {
            write!(f, " (help: {})", self.help)?;
        }
        Ok(())
    }
}

/// The closest of `candidates` to a misspelled `word`, for "did you mean" help.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|&(d, c)| d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            let kebab = s
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            assert!(kebab && !s.starts_with('-') && !s.ends_with('-'), "{s}");
        }
    }

    /// Every code has a section in docs/check-codes.md with an example and a fix, so a user
    /// who sees a code can always look it up.
    #[test]
    fn codes_are_documented() {
        let doc = include_str!("../docs/check-codes.md");
        for code in Code::ALL {
            let s = code.as_str();
            let heading = format!("\n## `{s}`\n");
            let start = doc
                .find(&heading)
                .unwrap_or_else(|| panic!("docs/check-codes.md has no section `## `{s}``"));
            let rest = &doc[start + heading.len()..];
            let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
            assert!(section.contains("```"), "{s}: the section shows no example");
            assert!(section.contains("**Fix:**"), "{s}: the section says no fix");
            let severity = match code.severity() {
                Severity::Error => "Severity: error",
                Severity::Warning => "Severity: warning",
            };
            assert!(
                section.contains(severity),
                "{s}: the section should say `{severity}`"
            );
        }
        for heading in doc.lines().filter_map(|l| l.strip_prefix("## `")) {
            let code = heading.trim_end_matches('`');
            assert!(
                Code::ALL.iter().any(|c| c.as_str() == code),
                "docs/check-codes.md documents `{code}`, which is no code"
            );
        }
    }

    #[test]
    fn suggests_near_misses() {
        assert_eq!(
            did_you_mean("wieght", ["id", "weight", "terms"]),
            Some("weight")
        );
        assert_eq!(did_you_mean("colour", ["id", "weight"]), None);
    }
}
