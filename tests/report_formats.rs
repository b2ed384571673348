//! Every report format of `grade`, run by the real binary on a small fixed bank
//! (tests/data/bank) and answer folder (tests/data/answers), snapshotted with insta.

const BANK: &str = "tests/data/bank";
const ANSWERS: &str = "tests/data/answers";

mod common;
use common::pyprep_in_colour as pyprep;

/// Runs `grade` on the fixed answers; returns stdout and the exit status.
fn grade(args: &[&str]) -> (String, i32) {
    let out = pyprep()
        .args(["grade", "--bank", BANK, ANSWERS])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn table() {
    let (out, code) = grade(&[]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn json() {
    let (out, code) = grade(&["--format", "json", "--min-score", "60"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

#[test]
fn markdown() {
    let (out, code) = grade(&["--format", "markdown", "--min-score", "60"]);
    assert_eq!(code, 1);
    assert!(out.contains("| file | question | score | verdict | biggest gap |"));
    insta::assert_snapshot!(out);
}

#[test]
fn junit() {
    let (out, code) = grade(&["--format", "junit", "--min-score", "60"]);
    assert_eq!(code, 1, "an answer below --min-score exits 1");
    insta::assert_snapshot!(out);
}

#[test]
fn junit_is_valid_with_one_testcase_per_answer() {
    let (out, _) = grade(&["--format", "junit", "--min-score", "60"]);
    let report = quick_junit::Report::deserialize_from_str(&out).expect("valid JUnit XML");
    assert_eq!(report.tests, 3);
    assert_eq!(report.failures, 1);
    assert_eq!(report.errors, 0);
    let suite = &report.test_suites[0];
    let names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "tests/data/answers/01-good.md: Q1 list-vs-tuple",
            "tests/data/answers/01-partial.md: Q1 list-vs-tuple",
            "tests/data/answers/eq-vs-is.md: Q2 eq-vs-is",
        ]
    );
    let failed = &suite.test_cases[1];
    match &failed.status {
        quick_junit::TestCaseStatus::NonSuccess { message, .. } => {
            let message = message.as_ref().unwrap().as_str();
            assert!(message.contains("below --min-score 60"), "{message}");
            assert!(message.contains("tuple-immutable (required)"), "{message}");
            assert!(message.contains("hashable"), "{message}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn junit_passes_when_every_answer_clears_the_bar() {
    let out = pyprep()
        .args([
            "grade",
            "--bank",
            BANK,
            "--format",
            "junit",
            "--min-score",
            "60",
        ])
        .args([
            "tests/data/answers/01-good.md",
            "tests/data/answers/eq-vs-is.md",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report =
        quick_junit::Report::deserialize_from_str(std::str::from_utf8(&out.stdout).unwrap())
            .unwrap();
    assert_eq!((report.tests, report.failures, report.errors), (2, 0, 0));
}

#[test]
fn junit_reports_ungradable_files_as_errors() {
    let out = pyprep()
        .args(["grade", "--bank", BANK, "--format", "junit"])
        .args([ANSWERS, "tests/data/unresolved"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).unwrap();
    let report = quick_junit::Report::deserialize_from_str(&xml).unwrap();
    assert_eq!((report.tests, report.errors), (4, 1));
    insta::assert_snapshot!(xml);
}

#[test]
fn markdown_with_errors_lists_them() {
    let out = pyprep()
        .args(["grade", "--bank", BANK, "--format", "markdown"])
        .arg("tests/data/unresolved")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn output_file_gets_the_same_report_for_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["table", "json", "markdown", "junit"] {
        let (stdout, _) = grade(&["--format", format, "--min-score", "60"]);
        let file = dir.path().join(format!("report.{format}"));
        let out = pyprep()
            .args(["grade", "--bank", BANK, ANSWERS, "--min-score", "60"])
            .args(["--format", format, "--color", "always", "--output"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: nothing on stdout");
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(written, stdout, "{format}: file and pipe agree, no colour");
    }
}

#[test]
fn output_dash_is_standard_output() {
    let (stdout, _) = grade(&["--format", "markdown"]);
    let (dash, _) = grade(&["--format", "markdown", "--output", "-"]);
    assert_eq!(stdout, dash);
}

/// `grade` of answers against the built-in bank, in `format`.
fn grade_builtin(format: &str, answers: &[&str]) -> String {
    let out = common::pyprep()
        .args(["grade", "--format", format, "--verbose"])
        .args(answers)
        .output()
        .unwrap();
    assert!(out.status.code() != Some(2), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn evidence_found_twice_at_one_place_is_listed_once() {
    // Two terms of one concept match the same word of this answer.
    for format in ["markdown", "table", "json"] {
        let out = grade_builtin(format, &["fixtures/012-lambda/excellent.md"]);
        let once = if format == "json" {
            "\"text\": \"tracebacks\""
        } else {
            "\"tracebacks\" (16:16)"
        };
        assert_eq!(out.matches(once).count(), 1, "{format}:\n{out}");
    }
}

#[test]
fn evidence_cut_through_inline_code_keeps_its_backticks_paired() {
    let out = grade_builtin("markdown", &["fixtures/010-eq-vs-is/wrong.md"]);
    assert!(
        out.contains("at \"`is` compares values\" (7:2)"),
        "the cut-off opening backtick is put back:\n{out}"
    );
    assert!(
        !out.contains("\\`"),
        "no lone backtick left to escape:\n{out}"
    );
    let table = grade_builtin("table", &["fixtures/010-eq-vs-is/wrong.md"]);
    assert!(table.contains("\"`is` compares values\" (7:2)"), "{table}");
}

#[test]
fn biggest_gap_is_a_misconception_when_it_costs_more_than_any_missed_concept() {
    let out = grade_builtin("markdown", &["fixtures/001-key-features/wrong.md"]);
    let row = out
        .lines()
        .find(|l| l.starts_with("| fixtures/001-key-features/wrong.md"))
        .unwrap();
    assert!(
        row.ends_with(
            "| misconception: Python (CPython) compiles programs straight to machine code |"
        ),
        "{row}"
    );
    // A missed concept worth more than any penalty stays the biggest gap.
    let out = grade_builtin("markdown", &["fixtures/012-lambda/off-topic.md"]);
    assert!(
        out.contains("| ❌ FAIL | Its body is a single expression"),
        "{out}"
    );
}

#[test]
fn other_language_correction_names_no_other_question_terms() {
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("java.md");
    std::fs::write(
        &answer,
        "In Java, a lambda expression is a short block of code which takes parameters and \
         returns a value. Java lambdas implement a functional interface such as Comparator, \
         and you pass `(a, b) -> a.compareTo(b)` to Collections.sort.\n",
    )
    .unwrap();
    let out = common::pyprep()
        .args(["grade", "--question", "lambda", "--format", "markdown"])
        .arg(&answer)
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let line = out
        .lines()
        .find(|l| l.contains("**misconception:** answers for Java, not Python"))
        .unwrap_or_else(|| panic!("the other-language misconception:\n{out}"));
    assert!(line.contains("not Java"), "{line}");
    assert!(!line.contains("==") && !line.contains("interned"), "{line}");
}

/// A bank on another subject (its questions never name Python) grades answers that name
/// other languages as it grades any answer: the other-language rule is for Python banks.
#[test]
fn a_bank_that_never_names_python_does_not_call_java_off_topic() {
    let dir = common::one_question_bank(
        "array-list",
        "How does an ArrayList grow?",
        "An ArrayList keeps its items in an array; when the array is full it allocates a \
         larger one and copies the items over.",
        "concepts:\n  - id: copies\n    label: A full array is copied to a larger one\n    \
         weight: 1\n    hint: What happens when the array is full?\n    terms:\n      - larger one\n      - copies\n",
    );
    let bank = dir.path();
    let answer = bank.join("java.md");
    std::fs::write(
        &answer,
        "In Java, the ArrayList copies its items to a larger array when it is full. Java does \
         this in the add method.\n",
    )
    .unwrap();
    let out = common::pyprep()
        .args([
            "grade",
            "--question",
            "array-list",
            "--format",
            "json",
            "--bank",
        ])
        .arg(bank)
        .arg(&answer)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = &report["results"][0];
    assert_eq!(
        result["misconceptions"],
        serde_json::json!([]),
        "{report:#}"
    );
    assert_eq!(result["score"], 100.0, "{report:#}");
}
