//! `pyprep check` on real folders: a good bank, one broken bank per code, and a copy of the
//! good bank broken in the ways a team breaks a bank by accident.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{assert_exit_zero, pyprep, tests_dir};

/// Runs `pyprep check --format json` inside `bank` and returns the exit status and report.
fn check_json(bank: &Path, extra: &[&str]) -> (i32, Value) {
    let out = pyprep()
        .current_dir(bank)
        .args(["check", "--format", "json"])
        .args(extra)
        .output()
        .expect("pyprep runs");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: not JSON ({e}): {}{}",
            bank.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), report)
}

fn diagnostics(report: &Value) -> &Vec<Value> {
    report["diagnostics"].as_array().expect("diagnostics")
}

/// The diagnostics with `code`, as `file:line:column`.
fn places(report: &Value, code: &str) -> Vec<String> {
    diagnostics(report)
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let mut s = d["file"].as_str().unwrap_or_default().to_string();
            if let Some(l) = d["line"].as_u64() {
                s.push_str(&format!(":{l}:{}", d["column"].as_u64().unwrap_or(1)));
            }
            s
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of the good bank to break.
fn good_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&tests_dir().join("good-bank"), dir.path());
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: no `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_term_of_no_known_shape_says_what_a_term_can_be() {
    // An unquoted colon makes a part of an `all:` group a map: the message says what a
    // term may be and how to quote, not which Rust type failed to parse.
    let bank = good_copy();
    let rubric = bank.path().join("rubrics/001-eq-vs-is.yaml");
    edit(
        &rubric,
        "      - same object",
        "      - all: [note: same, object]",
    );
    let (status, report) = check_json(bank.path(), &[]);
    assert_eq!(status, 1);
    let message = diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "yaml-syntax")
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("no yaml-syntax in {report:#}"))
        .to_string();
    assert!(message.contains("a term must be words"), "{message}");
    assert!(
        message.contains("quote any part that holds a colon"),
        "{message}"
    );
    assert!(!message.contains("enum"), "{message}");
}

#[test]
fn a_good_bank_passes_even_with_warnings_denied() {
    let (status, report) = check_json(&tests_dir().join("good-bank"), &["--deny-warnings"]);
    assert_eq!(diagnostics(&report), &Vec::<Value>::new());
    assert_eq!(status, 0);
    assert_eq!(report["questions"], 2);
    let labels = &report["labels"][0];
    assert_eq!(labels["question"], "eq-vs-is");
    assert_eq!(
        (labels["labelled"].as_u64(), labels["agree"].as_u64()),
        (Some(3), Some(3))
    );
}

/// Every broken bank: the code it exists for, where it must point, and the exit status.
const BROKEN: &[(&str, &str, i32)] = &[
    ("ambiguous-short-term", "rubrics/001-eq-vs-is.yaml:15:9", 0),
    ("bad-fixture", "fixtures/no-question.md", 1),
    ("bad-front-matter", "content/001-eq-vs-is.md:1:1", 1),
    ("bad-pattern", "rubrics/001-eq-vs-is.yaml:32:9", 1),
    ("bad-value", "rubrics/001-eq-vs-is.yaml:4:12", 1),
    ("bad-weight", "rubrics/001-eq-vs-is.yaml:26:13", 1),
    ("drift", "rubrics/001-eq-vs-is.yaml:3:11", 1),
    ("duplicate-concept", "rubrics/001-eq-vs-is.yaml:24:9", 1),
    ("duplicate-question", "content/001-list-vs-tuple.md:3:1", 1),
    ("empty-term", "rubrics/001-eq-vs-is.yaml:31:9", 1),
    ("example-failed", "rubrics/001-eq-vs-is.yaml:43:7", 1),
    ("file-name-mismatch", "content/001-eq-vs-is.md:1:1", 1),
    ("label-disagrees", "fixtures/001-eq-vs-is/weak.md:4:1", 0),
    (
        "misconception-matches-model",
        "rubrics/001-eq-vs-is.yaml:33:9",
        1,
    ),
    ("missing-content", "rubrics/002-list-vs-tuple.yaml", 1),
    ("missing-rubric", "content/001-eq-vs-is.md", 1),
    (
        "model-answer-below-100",
        "rubrics/001-eq-vs-is.yaml:2:11",
        1,
    ),
    (
        "model-answer-misses-concept",
        "rubrics/001-eq-vs-is.yaml:32:9",
        1,
    ),
    ("no-concepts", "rubrics/001-eq-vs-is.yaml:1:11", 1),
    ("no-way-to-match", "rubrics/001-eq-vs-is.yaml:24:9", 1),
    ("not-reviewed", "rubrics/001-eq-vs-is.yaml:2:11", 0),
    ("over-budget", "rubrics/001-eq-vs-is.yaml:160:9", 1),
    ("question-mismatch", "rubrics/001-eq-vs-is.yaml:2:11", 1),
    ("stale-disagreement", "fixtures/001-eq-vs-is/weak.md:5:1", 0),
    ("term-in-two-concepts", "rubrics/001-eq-vs-is.yaml:31:9", 1),
    ("term-matches-opposite", "rubrics/001-eq-vs-is.yaml:15:9", 0),
    ("todo", "rubrics/001-eq-vs-is.yaml:27:12", 1),
    ("unknown-key", "rubrics/001-eq-vs-is.yaml:26:5", 1),
    ("unreadable", "rubrics/001-eq-vs-is.yaml", 1),
    ("yaml-syntax", "rubrics/001-eq-vs-is.yaml:11:11", 1),
];

#[test]
fn each_broken_bank_reports_its_code_at_its_place() {
    let root = tests_dir().join("broken-banks");
    let mut seen = Vec::new();
    for &(code, place, status) in BROKEN {
        let (got_status, report) = check_json(&root.join(code), &[]);
        let got = places(&report, code);
        assert!(
            got.iter().any(|p| p == place),
            "{code}: expected {place}, got {got:?} in {report:#}"
        );
        assert_eq!(got_status, status, "{code}: exit status");
        seen.push(code);
    }
    // One bank per code, and no bank without a row above.
    let codes: Vec<String> = pyprep_codes();
    for code in &codes {
        assert!(seen.contains(&code.as_str()), "no broken bank for `{code}`");
    }
    for entry in std::fs::read_dir(&root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(seen.contains(&name.as_str()), "{name}: not asserted");
    }
}

/// The codes documented in docs/check-codes.md (a unit test ties them to the enum).
fn pyprep_codes() -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/check-codes.md"))
            .unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("## `"))
        .map(|c| c.trim_end_matches('`').to_string())
        .collect()
}

#[test]
fn warnings_fail_only_when_denied() {
    let bank = tests_dir().join("broken-banks/not-reviewed");
    assert_eq!(check_json(&bank, &[]).0, 0);
    assert_eq!(check_json(&bank, &["--deny-warnings"]).0, 1);
}

#[test]
fn diagnostics_render_like_rustc() {
    let out = pyprep()
        .args(["check", "--color", "never"])
        .arg(tests_dir().join("broken-banks/unknown-key"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let expected = "\
error[unknown-key]: unknown field `wieght`, expected one of id, label, weight, required, hint, exact, naming, subject, terms, patterns
  --> ";
    assert!(text.starts_with(expected), "{text}");
    assert!(
        text.contains("unknown-key/rubrics/001-eq-vs-is.yaml:26:5\n"),
        "{text}"
    );
    assert!(
        text.contains("26 |     wieght: 1\n   |     ^^^^^^\n"),
        "{text}"
    );
    assert!(text.contains("= help: did you mean `weight`?"), "{text}");
    assert!(
        text.contains("error: check failed: 1 error, 0 warnings"),
        "{text}"
    );
}

#[test]
fn related_places_are_quoted_too() {
    let out = pyprep()
        .current_dir(tests_dir().join("broken-banks/drift"))
        .args(["check", "--color", "never"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("error[drift]: "), "{text}");
    assert!(
        text.contains(" --> rubrics/001-eq-vs-is.yaml:3:11"),
        "{text}"
    );
    assert!(text.contains("::: content/001-eq-vs-is.md:4:1"), "{text}");
    assert!(
        text.contains("4 | title: How do == and is differ?"),
        "{text}"
    );
    assert!(text.contains("pyprep check --bless"), "{text}");
}

#[test]
fn a_folder_that_is_not_there_is_exit_2() {
    pyprep()
        .args(["check", "no/such/bank"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no/such/bank: no such folder"));
    let empty = tempfile::tempdir().unwrap();
    pyprep()
        .arg("check")
        .arg(empty.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no content/ folder"));
}

/// The ways a team breaks a bank by accident, each on a fresh copy of the good bank: exit 1,
/// naming the file (and the line, where there is one).
#[test]
fn accidents_are_caught_with_file_and_line() {
    type Break = fn(&Path);
    let cases: &[(&str, Break, &str, &str)] = &[
        (
            "removing a rubric",
            |b| std::fs::remove_file(b.join("rubrics/002-list-vs-tuple.yaml")).unwrap(),
            "missing-rubric",
            "content/002-list-vs-tuple.md",
        ),
        (
            "deleting a content file",
            |b| std::fs::remove_file(b.join("content/002-list-vs-tuple.md")).unwrap(),
            "missing-content",
            "rubrics/002-list-vs-tuple.yaml",
        ),
        (
            "gutting a model answer",
            |b| {
                let path = b.join("content/002-list-vs-tuple.md");
                let text = std::fs::read_to_string(&path).unwrap();
                let head = &text[..text.find("## Summary").unwrap()];
                std::fs::write(&path, format!("{head}## Summary\n\nTo be rewritten.\n")).unwrap();
            },
            "model-answer-misses-concept",
            "rubrics/002-list-vs-tuple.yaml:5:9",
        ),
        (
            "rewording a question title",
            |b| {
                edit(
                    &b.join("content/001-eq-vs-is.md"),
                    "title: What is the difference between == and is?",
                    "title: How do == and is differ?",
                )
            },
            "drift",
            "rubrics/001-eq-vs-is.yaml:3:11",
        ),
        (
            "breaking the YAML",
            |b| {
                edit(
                    &b.join("rubrics/002-list-vs-tuple.yaml"),
                    "  - id: hashable",
                    "  - id: [hashable",
                )
            },
            "yaml-syntax",
            "rubrics/002-list-vs-tuple.yaml:",
        ),
        (
            "misspelling a key",
            |b| {
                edit(
                    &b.join("rubrics/002-list-vs-tuple.yaml"),
                    "    hint: Which of the two can be",
                    "    hnit: Which of the two can be",
                )
            },
            "unknown-key",
            "rubrics/002-list-vs-tuple.yaml:16:5",
        ),
    ];
    for &(what, break_it, code, place) in cases {
        let bank = good_copy();
        break_it(bank.path());
        let (status, report) = check_json(bank.path(), &[]);
        assert_eq!(status, 1, "{what}: exit status");
        let got = places(&report, code);
        assert!(
            got.iter().any(|p| p.starts_with(place)),
            "{what}: expected {code} at {place}, got {got:?}"
        );
    }
}

#[test]
fn bless_records_fingerprints_and_keeps_the_rest_of_the_file() {
    let bank = good_copy();
    let rubric = bank.path().join("rubrics/001-eq-vs-is.yaml");
    edit(
        &bank.path().join("content/001-eq-vs-is.md"),
        "title: What is the difference between == and is?",
        "title: How do == and is differ?",
    );
    let before = std::fs::read_to_string(&rubric).unwrap();
    assert_eq!(check_json(bank.path(), &[]).0, 1);

    pyprep()
        .current_dir(bank.path())
        .args(["check", "--bless"])
        .assert()
        .code(0)
        .stderr(predicates::str::contains(
            "blessed rubrics/001-eq-vs-is.yaml: reviewed: fnv1a64:",
        ));
    let after = std::fs::read_to_string(&rubric).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].0.starts_with("reviewed: fnv1a64:"));
    assert!(changed[0].1.starts_with("reviewed: fnv1a64:"));
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(after.starts_with("# A small rubric"), "comments stay");

    // A rubric without `reviewed:` gets one after `question:`.
    let other = bank.path().join("rubrics/002-list-vs-tuple.yaml");
    let text = std::fs::read_to_string(&other).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("reviewed:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&other, &without).unwrap();
    assert_eq!(check_json(bank.path(), &["--deny-warnings"]).0, 1);
    pyprep()
        .current_dir(bank.path())
        .args(["check", "--bless", "--deny-warnings"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), text);
}

#[test]
fn json_carries_labels_and_totals() {
    let (status, report) = check_json(&tests_dir().join("broken-banks/label-disagrees"), &[]);
    assert_eq!(status, 0);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    let d = &diagnostics(&report)[0];
    assert_eq!(d["severity"], "warning");
    assert!(d["help"].as_str().unwrap().contains("correct the label"));
    let labels = &report["labels"][0];
    assert_eq!(labels["false_fail"], 1);
    assert_eq!(labels["false_pass"], 0);
}

#[test]
fn an_explained_disagreement_is_counted_not_warned() {
    let dir = tempfile::tempdir().unwrap();
    let bank = tests_dir().join("broken-banks/label-disagrees");
    for sub in ["content", "rubrics", "fixtures/001-eq-vs-is"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
    }
    for file in [
        "content/001-eq-vs-is.md",
        "rubrics/001-eq-vs-is.yaml",
        "fixtures/001-eq-vs-is/weak.md",
    ] {
        std::fs::copy(bank.join(file), dir.path().join(file)).unwrap();
    }
    let weak = dir.path().join("fixtures/001-eq-vs-is/weak.md");
    let text = std::fs::read_to_string(&weak).unwrap().replacen(
        "human_score: 85\n",
        "human_score: 85\ndisagreement: the answer's words say nothing pyprep can match\n",
        1,
    );
    std::fs::write(&weak, text).unwrap();
    let (status, report) = check_json(dir.path(), &["--deny-warnings"]);
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["labels"][0]["false_fail"], 1);
    assert_eq!(report["labels"][0]["explained"], 1);

    // An empty reason explains nothing.
    let text = std::fs::read_to_string(&weak).unwrap().replace(
        "disagreement: the answer's words say nothing pyprep can match",
        "disagreement: ''",
    );
    std::fs::write(&weak, text).unwrap();
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(
        places(&report, "bad-value"),
        ["fixtures/001-eq-vs-is/weak.md:5:1"]
    );
}

/// docs/check-codes.md promises its examples are real output: each must equal what `check`
/// prints for the broken bank of the same name today.
#[test]
fn documented_examples_are_real_output() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/check-codes.md"))
            .unwrap();
    for code in pyprep_codes() {
        let section = &doc[doc.find(&format!("## `{code}`")).unwrap()..];
        let start = section.find("```text\n").expect("an example") + "```text\n".len();
        let example = &section[start..start + section[start..].find("\n```").unwrap()];
        let out = pyprep()
            .current_dir(tests_dir().join("broken-banks").join(&code))
            .env("COLUMNS", "100")
            .args(["check", "--color", "never"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let block = text
            .split("\n\n")
            .find(|b| {
                b.starts_with(&format!("error[{code}]"))
                    || b.starts_with(&format!("warning[{code}]"))
            })
            .unwrap_or_else(|| panic!("{code}: no diagnostic in {text}"));
        assert_eq!(
            block.trim_end(),
            example,
            "{code}: docs/check-codes.md is out of date"
        );
    }
}

/// Our own bank passes the command README recommends for CI: no errors, no warnings.
#[test]
fn our_bank_passes_check_with_warnings_denied() {
    let (status, report) = check_json(Path::new(env!("CARGO_MANIFEST_DIR")), &["--deny-warnings"]);
    assert_eq!(status, 0, "{:#}", report["diagnostics"]);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["questions"], 100);
}

/// The message and place of the first diagnostic with `code`, and its help.
fn first(report: &Value, code: &str) -> (String, String, String) {
    let d = diagnostics(report)
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report:#}"));
    (
        d["message"].as_str().unwrap_or_default().to_string(),
        format!("{}:{}", d["line"], d["column"]),
        d["help"].as_str().unwrap_or_default().to_string(),
    )
}

#[test]
fn an_unknown_concept_in_an_example_is_pointed_at_with_a_suggestion() {
    let bank = good_copy();
    edit(
        &bank.path().join("rubrics/001-eq-vs-is.yaml"),
        "covered: [identity, equality]",
        "covered: [identiti, equality]",
    );
    let (status, report) = check_json(bank.path(), &[]);
    assert_eq!(status, 1);
    let (message, place, help) = first(&report, "bad-value");
    assert_eq!(message, "example expects unknown concept `identiti`");
    assert_eq!(place, "46:17", "the id in `covered:`, not the answer");
    assert_eq!(help, "did you mean `identity`?");
}

#[test]
fn an_unclosed_bracket_is_reported_where_it_opens() {
    let bank = good_copy();
    edit(
        &bank.path().join("rubrics/001-eq-vs-is.yaml"),
        "    terms:\n      - identity\n",
        "    terms: [identity,\n      - identity\n",
    );
    let (status, report) = check_json(bank.path(), &[]);
    assert_eq!(status, 1);
    let (message, place, _) = first(&report, "yaml-syntax");
    assert_eq!(place, "12:12", "{message}");
    assert!(message.starts_with("`[` is never closed"), "{message}");
}

#[test]
fn a_word_where_a_number_belongs_says_so() {
    let bank = good_copy();
    edit(
        &bank.path().join("rubrics/001-eq-vs-is.yaml"),
        "    weight: 2\n",
        "    weight: three\n",
    );
    let (_, report) = check_json(bank.path(), &[]);
    let (message, place, _) = first(&report, "yaml-syntax");
    assert_eq!(message, "`weight` must be a number, not `three`");
    assert_eq!(place, "9:13");
}

#[test]
fn drift_says_which_part_changed() {
    let bank = good_copy();
    let content = bank.path().join("content/001-eq-vs-is.md");
    edit(&content, "`==` compares values", "`==` compares the values");
    let (_, report) = check_json(bank.path(), &[]);
    let drift = diagnostics(&report)
        .iter()
        .find(|d| d["code"] == "drift")
        .unwrap();
    let message = drift["message"].as_str().unwrap();
    assert!(
        message.starts_with("the model answer in content/001-eq-vs-is.md changed"),
        "{message}"
    );
    assert_eq!(
        drift["related"][0]["line"], 9,
        "where the model answer starts"
    );
    assert!(drift["help"].as_str().unwrap().contains("git diff"));

    edit(
        &content,
        "title: What is the difference between == and is?",
        "title: How do == and is differ?",
    );
    let (_, report) = check_json(bank.path(), &[]);
    let (message, _, _) = first(&report, "drift");
    assert!(
        message.starts_with("the question title and the model answer in"),
        "{message}"
    );

    // A fingerprint of the older single kind still works, without telling the parts apart.
    edit(
        &bank.path().join("rubrics/001-eq-vs-is.yaml"),
        "reviewed: fnv1a64:5709f79c74345dad:8248d74764b51453",
        "reviewed: fnv1a64:fcef63bb29644fdb",
    );
    let (_, report) = check_json(bank.path(), &[]);
    let (message, _, _) = first(&report, "drift");
    assert!(
        message.starts_with("the question or model answer in"),
        "{message}"
    );
    let fresh = good_copy();
    edit(
        &fresh.path().join("rubrics/001-eq-vs-is.yaml"),
        "reviewed: fnv1a64:5709f79c74345dad:8248d74764b51453",
        "reviewed: fnv1a64:fcef63bb29644fdb",
    );
    assert_eq!(check_json(fresh.path(), &["--deny-warnings"]).0, 0);
}

/// Runs `pyprep check --bless` in `bank` unable to write files past `limit` bytes, as on a
/// full disk: writes past it fail (SIGXFSZ is ignored, so they fail rather than kill).
#[cfg(unix)]
fn bless_with_file_size_limit(bank: &Path, limit: u64) -> std::process::Output {
    use std::os::unix::process::CommandExt;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pyprep"));
    cmd.current_dir(bank)
        .env("NO_COLOR", "1")
        .env_remove("PYPREP_BANK")
        .args(["check", "--bless"]);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit as libc::rlim_t,
                rlim_max: limit as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    cmd.output().expect("pyprep runs")
}

/// Files in `folder` that are not the bank's own (temporary files left behind).
fn strays(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".yaml"))
        .collect()
}

#[cfg(unix)]
#[test]
fn bless_that_cannot_write_leaves_the_old_rubric_byte_identical() {
    let bank = good_copy();
    let rubric = bank.path().join("rubrics/001-eq-vs-is.yaml");
    edit(
        &bank.path().join("content/001-eq-vs-is.md"),
        "title: What is the difference between == and is?",
        "title: How do == and is differ?",
    );
    let before = std::fs::read(&rubric).unwrap();
    assert!(before.len() > 200);

    let out = bless_with_file_size_limit(bank.path(), 100);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("rubrics/001-eq-vs-is.yaml: cannot write the rubric")
            && stderr.contains("left as it was"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&rubric).unwrap(),
        before,
        "the old rubric is untouched"
    );
    assert_eq!(strays(&bank.path().join("rubrics")), Vec::<String>::new());

    // With room to write, the same bless completes: the whole rubric, checked clean.
    let out = bless_with_file_size_limit(bank.path(), 1 << 20);
    assert_exit_zero(&out);
    let after = std::fs::read(&rubric).unwrap();
    assert_eq!(after.len(), before.len());
    assert_eq!(check_json(bank.path(), &["--deny-warnings"]).0, 0);
    assert_eq!(strays(&bank.path().join("rubrics")), Vec::<String>::new());
}

/// `ambiguous-short-term` looks at the words people wrote in the bank's fixtures, except
/// those labelled `typos`, whose misspellings are meant to match.
#[test]
fn short_terms_are_checked_against_the_words_of_the_fixtures() {
    let bank = tempfile::tempdir().unwrap();
    copy_dir(
        &tests_dir().join("broken-banks/ambiguous-short-term"),
        bank.path(),
    );
    let rubric = bank.path().join("rubrics/001-eq-vs-is.yaml");
    let text = std::fs::read_to_string(&rubric).unwrap();
    let cut = text
        .find("  - name: a word the bank does not know")
        .unwrap();
    std::fs::write(&rubric, &text[..cut]).unwrap();
    let (_, report) = check_json(bank.path(), &[]);
    assert_eq!(
        places(&report, "ambiguous-short-term"),
        Vec::<String>::new()
    );

    let fixture = bank.path().join("fixtures/001-eq-vs-is/sage.md");
    std::fs::create_dir_all(fixture.parent().unwrap()).unwrap();
    let answer = "Any sage will tell you: `==` compares values, and `is` checks identity.\n";
    std::fs::write(
        &fixture,
        format!("---\nkind: typos\nhuman_score: 80\n---\n{answer}"),
    )
    .unwrap();
    let (_, report) = check_json(bank.path(), &[]);
    assert_eq!(
        places(&report, "ambiguous-short-term"),
        Vec::<String>::new()
    );

    std::fs::write(
        &fixture,
        format!("---\nkind: paraphrase\nhuman_score: 80\n---\n{answer}"),
    )
    .unwrap();
    let (_, report) = check_json(bank.path(), &[]);
    assert_eq!(
        places(&report, "ambiguous-short-term"),
        ["rubrics/001-eq-vs-is.yaml:15:9"]
    );
}
