//! The JUnit XML report: one testcase per answer, so CI systems show grades natively.
//!
//! An answer is a failure when it does not pass its rubric or falls below `--min-score`;
//! the failure message names the missed concepts. A file that could not be graded is a
//! testcase with an error. No timestamps or durations: the same grades give the same bytes.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};

use super::grid::quote;
use super::{Report, ResultEntry};

/// The name of the report and of its one test suite.
pub const SUITE_NAME: &str = "pyprep grade";

/// JUnit XML as nextest and most CI systems read it.
pub struct JunitReport;

/// `answers/06-jane.md: Q6 mutable-immutable`.
pub fn testcase_name(r: &ResultEntry) -> String {
    format!("{}: Q{} {}", r.file, r.question.number, r.question.id)
}

/// Why an answer fell short, in one line: the bar it missed and the concepts it lacks.
fn failure_message(r: &ResultEntry, min_score: Option<f64>) -> String {
    let mut reasons = Vec::new();
    if let (Some(true), Some(min)) = (r.below_min_score, min_score) {
        reasons.push(format!("score {:.1} is below --min-score {min}", r.score));
    }
    if !r.pass {
        reasons.push(format!(
            "does not pass its rubric (score {:.1}, pass mark {})",
            r.score, r.pass_mark
        ));
    }
    let missed: Vec<String> = r
        .concepts
        .iter()
        .filter(|c| !c.covered)
        .map(|c| {
            if c.required {
                format!("{} (required)", c.id)
            } else {
                c.id.to_string()
            }
        })
        .collect();
    if missed.is_empty() {
        reasons.join("; ")
    } else {
        format!("{}; missed: {}", reasons.join("; "), missed.join(", "))
    }
}

/// The full story for the failure's text: each missed concept with its hint, and each
/// misconception with its correction.
fn failure_description(r: &ResultEntry) -> String {
    let mut lines = vec![format!("{}: {}", r.question.id, r.question.title)];
    for c in r.concepts.iter().filter(|c| !c.covered) {
        lines.push(format!("missed {}: {}", c.id, c.label));
        lines.push(format!("  hint: {}", c.hint));
    }
    for m in &r.misconceptions {
        let at = m.evidence.first().map(quote).unwrap_or_default();
        lines.push(format!("misconception {} (-{}) at {at}", m.id, m.penalty));
        lines.push(format!("  correction: {}", m.correction));
    }
    lines.push(format!(
        "read up: pyprep show {} --answer",
        r.question.number
    ));
    lines.join("\n")
}

fn testcase(r: &ResultEntry, min_score: Option<f64>) -> TestCase {
    let falls_short = !r.pass || r.below_min_score == Some(true);
    let status = if falls_short {
        let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
        s.set_message(failure_message(r, min_score))
            .set_type("grade")
            .set_description(failure_description(r));
        s
    } else {
        TestCaseStatus::success()
    };
    let mut case = TestCase::new(testcase_name(r), status);
    case.set_classname(format!("pyprep.{}", r.question.id))
        .add_property(Property::new("score", format!("{:.1}", r.score)))
        .add_property(Property::new("pass_mark", format!("{}", r.pass_mark)));
    case
}

impl JunitReport {
    /// The whole report, once every answer is graded.
    pub fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut suite = TestSuite::new(SUITE_NAME);
        if let Some(min) = report.summary.min_score {
            suite.add_property(Property::new("min_score", format!("{min}")));
        }
        if let Some(mean) = report.summary.mean_score {
            suite.add_property(Property::new("mean_score", format!("{mean:.1}")));
        }
        let min = report.summary.min_score;
        suite.add_test_cases(report.results.iter().map(|r| testcase(r, min)));
        suite.add_test_cases(report.errors.iter().map(|e| {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(e.message.clone()).set_type("not-graded");
            let mut case = TestCase::new(e.file.clone(), status);
            case.set_classname("pyprep.error");
            case
        }));
        let mut junit = quick_junit::Report::new(SUITE_NAME);
        junit.add_test_suite(suite);
        junit.serialize(&mut *out).map_err(io::Error::other)?;
        writeln!(out)
    }
}
