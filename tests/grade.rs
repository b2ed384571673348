//! The real binary on real folders: `pyprep grade`, its JSON contract and exit codes.

use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;

mod common;
use common::{assert_exit_zero, pyprep};

fn data(name: &str) -> String {
    common::tests_dir()
        .join("data/built-in-answers")
        .join(name)
        .display()
        .to_string()
}

fn json_of(args: &[&str]) -> (Value, i32) {
    let out = pyprep()
        .args(args)
        .arg("--format")
        .arg("json")
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json, out.status.code().unwrap())
}

/// The JSON result of `answer` typed on standard input for `question`.
fn graded_stdin(question: &str, answer: &str) -> Value {
    let out = pyprep()
        .args(["grade", "-", "--question", question, "--format", "json"])
        .write_stdin(answer)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    report["results"][0].clone()
}

/// Grades `answer` to `question` from standard input as a plain table, asserts a clean
/// exit, and asserts the report says `text` (the table wraps its cells: give the start of
/// a message, which stays on one line).
fn table_report_says(question: &str, answer: &str, text: &str) {
    pyprep()
        .args(["grade", "-", "--question", question, "--color", "never"])
        .write_stdin(answer)
        .assert()
        .code(0)
        .stdout(predicate::str::contains(text));
}

fn score_of(name: &str) -> (f64, bool) {
    let (json, _) = json_of(&["grade", &data(name)]);
    let r = &json["results"][0];
    (r["score"].as_f64().unwrap(), r["pass"].as_bool().unwrap())
}

#[test]
fn excellent_beats_vague_beats_off_topic() {
    let (excellent, excellent_pass) = score_of("excellent-10.md");
    let (vague, _) = score_of("vague-10.md");
    let (off, off_pass) = score_of("offtopic-10.md");
    assert!(excellent > vague, "{excellent} > {vague}");
    assert!(vague >= off, "{vague} >= {off}");
    assert!(excellent_pass, "the excellent answer passes");
    assert!(!off_pass, "the off-topic answer fails");
}

#[test]
fn json_report_follows_the_contract() {
    let (json, code) = json_of(&["grade", &data("excellent-10.md")]);
    assert_eq!(code, 0);
    assert_eq!(json["version"], 1);
    let r = &json["results"][0];
    assert_eq!(r["file"], data("excellent-10.md"));
    assert_eq!(r["question"]["id"], "eq-vs-is");
    assert_eq!(r["question"]["number"], 10);
    assert!(r["question"]["title"].as_str().unwrap().contains("=="));
    assert!((0.0..=100.0).contains(&r["score"].as_f64().unwrap()));
    assert!(r["pass"].is_boolean());
    let concepts = r["concepts"].as_array().unwrap();
    assert!(!concepts.is_empty());
    for c in concepts {
        assert!(c["id"].is_string() && c["label"].is_string());
        assert!(c["weight"].is_number() && c["required"].is_boolean() && c["covered"].is_boolean());
        for e in c["evidence"].as_array().unwrap() {
            assert!(e["text"].is_string());
            assert!(
                e["line"].as_u64().unwrap() >= 4,
                "lines count from the top of the file, front matter included"
            );
            assert!(e["column"].as_u64().unwrap() >= 1);
        }
    }
    assert!(r["misconceptions"].is_array());
    assert_eq!(json["errors"], serde_json::json!([]));
    let s = &json["summary"];
    assert_eq!(
        (
            s["graded"].as_u64(),
            s["passed"].as_u64(),
            s["failed"].as_u64(),
            s["errors"].as_u64()
        ),
        (Some(1), Some(1), Some(0), Some(0))
    );
    assert_eq!(s["mean_score"], r["score"]);
}

#[test]
fn evidence_points_at_the_words_in_the_file() {
    let (json, _) = json_of(&["grade", &data("excellent-10.md")]);
    let text = std::fs::read_to_string(data("excellent-10.md")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for c in json["results"][0]["concepts"].as_array().unwrap() {
        for e in c["evidence"].as_array().unwrap() {
            let line = lines[e["line"].as_u64().unwrap() as usize - 1];
            let col = e["column"].as_u64().unwrap() as usize - 1;
            let quoted = e["text"].as_str().unwrap();
            let first_line_of_quote = quoted.lines().next().unwrap();
            assert!(
                line.chars()
                    .skip(col)
                    .collect::<String>()
                    .starts_with(first_line_of_quote),
                "{quoted:?} at {line:?}:{col}"
            );
        }
    }
}

#[test]
fn standard_input_with_question() {
    pyprep()
        .args(["grade", "-", "--question", "10", "--format", "json"])
        .write_stdin(
            "`is` checks identity: both names refer to the same object. `==` compares values.",
        )
        .assert()
        .success()
        .stdout(predicate::str::contains("\"file\": \"-\"").and(
            predicate::str::contains("\"is-identity\"").or(predicate::str::contains("eq-vs-is")),
        ));
}

#[test]
fn unknown_question_exits_2_naming_the_file() {
    pyprep()
        .args(["grade", &data("unknown-question.md")])
        .assert()
        .code(2)
        .stdout(
            predicate::str::contains("unknown-question.md")
                .and(predicate::str::contains("no-such-question")),
        );
}

#[test]
fn one_bad_file_does_not_stop_the_batch() {
    let (json, code) = json_of(&["grade", &data("")]);
    assert_eq!(code, 2);
    assert_eq!(json["summary"]["graded"], 3);
    assert_eq!(json["errors"].as_array().unwrap().len(), 1);
    let files: Vec<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "results are in path order");
}

#[test]
fn min_score_and_require_pass_exit_1() {
    pyprep()
        .args(["grade", &data("excellent-10.md"), "--min-score", "50"])
        .assert()
        .code(0);
    pyprep()
        .args(["grade", &data("vague-10.md"), "--min-score", "50"])
        .assert()
        .code(1);
    pyprep()
        .args(["grade", &data("vague-10.md")])
        .assert()
        .code(0);
    pyprep()
        .args(["grade", &data("vague-10.md"), "--require-pass"])
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_2() {
    pyprep().args(["grade"]).assert().code(2);
    pyprep()
        .args(["grade", "-", "--question", "999"])
        .write_stdin("x")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no question `999`"));
    pyprep()
        .args(["grade", "/no/such/path.md"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("no such file"));
}

#[test]
fn list_and_show_use_the_built_in_bank() {
    pyprep().arg("list").assert().success().stdout(
        predicate::str::contains("eq-vs-is").and(predicate::str::contains("mutable-immutable")),
    );
    pyprep()
        .args(["show", "10", "--answer"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Question 10"));
    pyprep()
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pyprep list"));
}

#[test]
fn question_named_by_file_stem() {
    let dir = tempfile::tempdir().unwrap();
    let body = "`is` compares identity, `==` compares values by calling `__eq__`.";
    for name in ["eq-vs-is.md", "10.md", "10-jane.md", "q10.txt"] {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    std::fs::write(dir.path().join("notes.md"), body).unwrap();
    let (json, code) = json_of(&["grade", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "notes.md names no question");
    assert_eq!(json["summary"]["graded"], 4);
    assert!(
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["question"]["id"] == "eq-vs-is")
    );
    assert!(
        json["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("--question")
    );
}

/// Each file that cannot be graded says why by a stable code (docs/reports.md, "Error
/// codes") as well as in words.
#[test]
fn errors_carry_a_stable_code_beside_their_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    };
    let binary = file("10-binary.md", b"is\0compares identity");
    let empty = file("10-empty.md", b"---\nquestion: 10\n---\n\n");
    let unknown = file(
        "10-unknown.md",
        b"---\nquestion: 999\n---\nis compares identity\n",
    );
    let nameless = file("jane.md", b"is compares identity\n");
    let front = file("10-front.md", b"---\nquestion: [\n---\nis\n");
    let missing = dir.path().join("missing.md").display().to_string();
    let (json, code) = json_of(&[
        "grade", &binary, &empty, &unknown, &nameless, &front, &missing,
    ]);
    assert_eq!(code, 2);
    let codes: Vec<(String, String)> = json["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(!e["message"].as_str().unwrap().is_empty());
            let file = Path::new(e["file"].as_str().unwrap());
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, e["code"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected = [
        ("10-binary.md", "binary"),
        ("10-empty.md", "empty-answer"),
        ("10-front.md", "front-matter"),
        ("10-unknown.md", "unknown-question"),
        ("jane.md", "no-question"),
        ("missing.md", "not-found"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
    assert_eq!(codes, expected);
}

#[test]
fn named_only_concepts_say_what_would_lift_them() {
    // A bare list names concepts without stating them: partial credit, and the report says
    // what would earn the rest.
    table_report_says(
        "10",
        "- identity\n- value equality\n- interning\n",
        "named only: say what it does",
    );
    let result = graded_stdin("10", "- identity\n- value equality\n- interning\n");
    let concepts = result["concepts"].as_array().unwrap();
    let identity = concepts.iter().find(|c| c["id"] == "is-identity").unwrap();
    assert_eq!(identity["level"], "named");
    assert!(identity["earned"].as_f64().unwrap() > 0.0);
    assert_eq!(identity["covered"], false);
}

#[test]
fn prose_that_strings_single_words_states_them_briefly_and_the_report_says_so() {
    // Fluent, but every idea only in single words standing apart: the shape of keyword
    // salad with room between its terms.
    let answer = "In my experience the metadata is really the decorator itself, and wraps \
                  looks after the closure for you. The name of each module stays inside the \
                  wrapper, so introspection is handled by the docstring. The signature of \
                  every caller is then stored on `__wrapped__` when the program starts.\n";
    // The table wraps its cells; "(half credit)" stays on one line.
    table_report_says("57", answer, "(half credit)");
    let result = graded_stdin("57", answer);
    let concepts = result["concepts"].as_array().unwrap();
    let copies = concepts
        .iter()
        .find(|c| c["id"] == "copies-metadata")
        .unwrap();
    assert_eq!(copies["level"], "brief", "{copies}");
    assert_eq!(copies["covered"], true);
    assert!(result["score"].as_f64().unwrap() < 60.0, "{result}");
}

#[test]
fn a_concept_said_in_one_word_once_is_brief_and_the_report_says_so() {
    let answer = "Python gives you two ways of comparing things, and they are not \
                  interchangeable, even though beginners often mix them up in conditions and \
                  tests. Which one you pick depends on what you want to know about the two \
                  objects in front of you. The `is` operator is about identity.\n";
    pyprep()
        .args(["grade", "-", "--question", "10", "--color", "never"])
        .write_stdin(answer)
        .assert()
        .stdout(predicate::str::contains(
            "in one word only: say what it does",
        ));
    let result = graded_stdin("10", answer);
    let concepts = result["concepts"].as_array().unwrap();
    let identity = concepts.iter().find(|c| c["id"] == "is-identity").unwrap();
    assert_eq!(identity["level"], "brief");
    assert_eq!(identity["covered"], true);
    let (earned, weight) = (
        identity["earned"].as_f64().unwrap(),
        identity["weight"].as_f64().unwrap(),
    );
    assert!((earned - 0.7 * weight).abs() < 1e-9, "{identity}");
}

#[test]
fn a_note_labelled_with_its_side_is_brief_and_the_report_says_so() {
    // Notes of a contrast: each item names a side and says what it does after an arrow.
    let answer = "- `==` -> compares values\n- `is` -> same object\n";
    table_report_says("10", answer, "in a note only: say what it does");
    let result = graded_stdin("10", answer);
    let concepts = result["concepts"].as_array().unwrap();
    for id in ["is-identity", "eq-value"] {
        let c = concepts.iter().find(|c| c["id"] == id).unwrap();
        assert_eq!(c["level"], "brief", "{c}");
    }
}

#[test]
fn names_beside_explanations_earn_half_and_the_report_says_so() {
    // Three concepts explained in sentences, two more only listed by name.
    let answer = "`==` compares values: Python calls `__eq__` for it. Use `is` for None and \
                  other singletons, as PEP 8 says. The `==` operator checks whether two \
                  objects are equal.\n\n- identity, interning\n";
    table_report_says("10", answer, "named only (half credit beside");
    let result = graded_stdin("10", answer);
    let concepts = result["concepts"].as_array().unwrap();
    let identity = concepts.iter().find(|c| c["id"] == "is-identity").unwrap();
    assert_eq!(identity["level"], "named", "{identity}");
    assert_eq!(identity["covered"], false);
    let (earned, weight) = (
        identity["earned"].as_f64().unwrap(),
        identity["weight"].as_f64().unwrap(),
    );
    assert!((earned - 0.5 * weight).abs() < 1e-9, "{identity}");
}

#[test]
fn a_side_likened_to_the_other_borrows_its_behaviour_and_is_no_swap() {
    // "the same as" and "falls back to" liken one side to the other: what follows is true
    // of both, so it is no swap.
    for answer in [
        "For a class that does not define __eq__, == behaves the same as is and compares \
         identity.\n",
        "For a class that does not define __eq__, == falls back to the identity of the two \
         objects.\n",
    ] {
        let result = graded_stdin("10", answer);
        let wrong = &result["misconceptions"];
        assert_eq!(wrong, &serde_json::json!([]), "{answer}");
    }
}

#[test]
fn a_folder_without_answers_is_an_error_not_a_green_run() {
    let empty = tempfile::tempdir().unwrap();
    let code_only = tempfile::tempdir().unwrap();
    std::fs::write(code_only.path().join("solution.py"), "print(1)\n").unwrap();
    for dir in [empty.path(), code_only.path()] {
        pyprep()
            .arg("grade")
            .arg(dir)
            .args(["--min-score", "60", "--require-pass"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("no answers found in"));
    }
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "---\nquestion: 10\n---\n`is` checks identity: both names point at the same object. `==` compares values.\n";
    for (name, bom, little) in [
        ("le.md", [0xFF, 0xFE], true),
        ("be.md", [0xFE, 0xFF], false),
    ] {
        let mut bytes = bom.to_vec();
        for unit in text.encode_utf16() {
            bytes.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let out = pyprep()
        .arg("grade")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{report}");
    for result in report["results"].as_array().unwrap() {
        assert_eq!(result["score"], 40.0, "{result}");
    }
}

/// A folder `answers/` with one good answer to question 10, in a fresh temporary folder.
fn answers_folder() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("answers")).unwrap();
    std::fs::copy(
        data("excellent-10.md"),
        tmp.path().join("answers/10-jane.md"),
    )
    .unwrap();
    tmp
}

#[test]
fn output_naming_an_answer_is_refused_and_the_answer_kept() {
    let tmp = answers_folder();
    let answer = tmp.path().join("answers/10-jane.md");
    let before = std::fs::read(&answer).unwrap();
    for (args, named) in [
        (
            vec![
                "grade",
                "answers/10-jane.md",
                "--output",
                "answers/10-jane.md",
            ],
            "answers/10-jane.md",
        ),
        (
            vec![
                "grade",
                "answers/10-jane.md",
                "-o",
                "./answers/../answers/10-jane.md",
            ],
            "answers/10-jane.md",
        ),
        // Inside a folder being graded, an answer is no old report to replace.
        (
            vec![
                "grade",
                "answers",
                "--format",
                "json",
                "-o",
                "answers/10-jane.md",
            ],
            "answers/10-jane.md",
        ),
    ] {
        let out = pyprep()
            .current_dir(tmp.path())
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(named) && stderr.contains("would destroy it"),
            "{args:?}: {stderr}"
        );
        assert_eq!(std::fs::read(&answer).unwrap(), before, "{args:?}");
    }
}

#[test]
fn reports_written_into_the_graded_folder_are_not_graded_next_time() {
    let tmp = answers_folder();
    let graded_files = |format: &str, output: &str| {
        let out = pyprep()
            .current_dir(tmp.path())
            .args(["grade", "answers", "--format", format, "--output", output])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "{format} {output}: {stderr}");
        (
            std::fs::read_to_string(tmp.path().join(output)).unwrap(),
            stderr,
        )
    };
    // The same run twice: the second replaces the first's report and grades only the answer.
    for (format, output) in [
        ("markdown", "answers/grades.md"),
        ("json", "answers/grades.txt"),
        ("junit", "answers/grades.md"),
        ("table", "answers/grades.txt"),
    ] {
        let (first, _) = graded_files(format, output);
        let (second, _) = graded_files(format, output);
        assert_eq!(first, second, "{format}: the old report was graded");
    }
    // Reports of earlier runs elsewhere in the folder are passed over with a warning.
    let (report, stderr) = graded_files("json", "grades.json");
    assert_eq!(
        serde_json::from_str::<Value>(&report).unwrap()["summary"]["graded"],
        1
    );
    assert!(
        stderr.contains("warning: answers/grades.md: not graded: it is a report written by pyprep")
            && stderr.contains("answers/grades.txt"),
        "{stderr}"
    );
    // Named on the command line, a report is graded like any file.
    let out = pyprep()
        .current_dir(tmp.path())
        .args([
            "grade",
            "answers/grades.md",
            "--question",
            "10",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 1);
}

/// `pyprep grade ARGS --format json` in `dir`: (status, results' files, errors' files, stderr).
fn walk_in(dir: &Path, args: &[&str]) -> (i32, Vec<String>, Vec<String>, String) {
    let out = pyprep()
        .current_dir(dir)
        .args(["grade", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let files = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["file"].as_str().unwrap().to_string())
            .collect()
    };
    (
        out.status.code().unwrap(),
        files("results"),
        files("errors"),
        stderr,
    )
}

#[test]
fn a_readme_in_a_class_folder_is_passed_over_with_a_warning() {
    let tmp = answers_folder();
    std::fs::write(
        tmp.path().join("answers/README.md"),
        "# Week 3\n\nAnswers to the interview questions, one file per student.\n",
    )
    .unwrap();
    let (code, graded, errors, stderr) = walk_in(tmp.path(), &["answers"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(graded, ["answers/10-jane.md"]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        stderr.contains("warning: answers/README.md: not graded: it documents the folder"),
        "{stderr}"
    );
    // With --question every walked file would answer it; a README still does not.
    let (code, graded, _, stderr) = walk_in(tmp.path(), &["answers", "--question", "10"]);
    assert_eq!((code, graded.len()), (0, 1), "{stderr}");

    // Any other file that names no question is an error that says how to leave it out.
    std::fs::write(tmp.path().join("answers/notes.md"), "things to ask Omar\n").unwrap();
    let (code, _, errors, _) = walk_in(tmp.path(), &["answers"]);
    assert_eq!((code, errors), (2, vec!["answers/notes.md".to_string()]));
    let out = pyprep()
        .current_dir(tmp.path())
        .args(["grade", "answers", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("--exclude GLOB"), "{message}");
    assert_eq!(json["errors"][0]["code"], "no-question");
    let (code, graded, errors, stderr) = walk_in(tmp.path(), &["answers", "--exclude", "notes.md"]);
    assert_eq!((code, graded.len(), errors.len()), (0, 1, 0), "{stderr}");

    // A folder holding only a README has no answers: not a green run.
    let only = tmp.path().join("only");
    std::fs::create_dir(&only).unwrap();
    std::fs::write(only.join("README.md"), "# Nothing yet\n").unwrap();
    let out = pyprep()
        .current_dir(tmp.path())
        .args(["grade", "only"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no answers found"));
}

#[test]
fn walks_honour_ignore_files_hidden_files_and_exclude_outside_git() {
    let tmp = answers_folder();
    let answers = tmp.path().join("answers");
    let answer = std::fs::read(answers.join("10-jane.md")).unwrap();
    for rel in [
        "drafts/10.md",
        "10-omar.bak.md",
        "scratch/10.md",
        ".hidden/10.md",
        ".10-secret.md",
        "old/10-2023.md",
        "keep/10-ann.md",
    ] {
        let path = answers.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &answer).unwrap();
    }
    // Not a git repository: the ignore files apply all the same.
    assert!(!tmp.path().join(".git").exists());
    // A line that is no glob (`[`) does not stop the others from applying.
    std::fs::write(answers.join(".gitignore"), "[\ndrafts/\n*.bak.md\n").unwrap();
    std::fs::write(answers.join(".ignore"), "scratch/\n").unwrap();

    let (code, graded, errors, stderr) = walk_in(tmp.path(), &["answers", "--exclude", "old/"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(graded, ["answers/10-jane.md", "answers/keep/10-ann.md"]);

    // Named on the command line, an ignored or excluded file is graded.
    let (code, graded, _, stderr) = walk_in(
        tmp.path(),
        &[
            "answers/drafts/10.md",
            "answers/old/10-2023.md",
            "--exclude",
            "old/",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(graded, ["answers/drafts/10.md", "answers/old/10-2023.md"]);

    // A glob that cannot be read is a usage error.
    pyprep()
        .current_dir(tmp.path())
        .args(["grade", "answers", "--exclude", "a{b"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--exclude"));
}

#[test]
fn eval_walks_folders_as_grade_does() {
    let tmp = tempfile::tempdir().unwrap();
    let labelled = tmp.path().join("labelled");
    let fixtures = common::tests_dir().join("good-bank/fixtures/001-eq-vs-is");
    for name in ["good.md", "weak.md"] {
        std::fs::create_dir_all(&labelled).unwrap();
        std::fs::copy(fixtures.join(name), labelled.join(name)).unwrap();
    }
    std::fs::write(labelled.join("README.md"), "# Labelled answers\n").unwrap();
    std::fs::create_dir(labelled.join("old")).unwrap();
    std::fs::write(labelled.join("old/stray.md"), "not labelled, no question\n").unwrap();
    std::fs::write(labelled.join(".ignore"), "old/\n").unwrap();
    let bank = common::tests_dir().join("good-bank");
    let out = pyprep()
        .current_dir(tmp.path())
        .args(["eval", "--format", "json", "--bank"])
        .arg(&bank)
        .arg("labelled")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: labelled/README.md: not graded"),
        "{stderr}"
    );
    assert!(!stderr.contains("stray"), "{stderr}");
    // Each kind of answer with pyprep's error and pass/fail agreement on it.
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for kind in report["kinds"].as_array().unwrap() {
        let error = kind["pyprep_error"].as_f64().unwrap();
        let agree = kind["pass_agreement"].as_f64().unwrap();
        assert!(
            (0.0..=100.0).contains(&error) && (0.0..=1.0).contains(&agree),
            "{kind}"
        );
    }
    let table = pyprep()
        .current_dir(tmp.path())
        .args(["eval", "--bank"])
        .arg(&bank)
        .arg("labelled")
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(
        table.contains("pyprep error") && table.contains("pass/fail"),
        "{table}"
    );
    // --exclude as on grade.
    std::fs::remove_file(labelled.join(".ignore")).unwrap();
    let out = pyprep()
        .current_dir(tmp.path())
        .args(["eval", "--format", "json", "--exclude", "old/", "--bank"])
        .arg(&bank)
        .arg("labelled")
        .output()
        .unwrap();
    assert_exit_zero(&out);
}

/// The report on `answer`, given on standard input, to `question` of the bank in `bank`,
/// in `format`, without colour; the run must exit 0.
fn graded_in(bank: &Path, question: &str, format: &str, answer: &str) -> String {
    let out = pyprep()
        .args(["grade", "-", "--question", question, "--format", format])
        .args(["--color", "never", "--bank"])
        .arg(bank)
        .write_stdin(answer)
        .output()
        .unwrap();
    assert_exit_zero(&out);
    String::from_utf8(out.stdout).unwrap()
}

/// A bank of one question with two concepts of equal weight, its rubric ending in `extra`.
fn two_concept_bank(extra: &str) -> tempfile::TempDir {
    common::one_question_bank(
        "tuples",
        "Why are Python tuples hashable?",
        "A tuple is immutable, so its hash never changes, and it can be a dictionary key.",
        &format!(
            "concepts:\n  - id: immutable\n    label: immutable\n    weight: 1\n    \
             hint: h\n    terms: [immutable]\n  - id: key\n    label: a dictionary key\n    weight: 1\n    \
             hint: h\n    terms: [dictionary key]\n{extra}"
        ),
    )
}

#[test]
fn a_rubric_leniency_scores_a_partial_answer_higher_and_eval_suggests_it() {
    let half = "A tuple is immutable: it cannot change once made.\n";
    let grade = |bank: &Path| {
        let report: Value = serde_json::from_str(&graded_in(bank, "tuples", "json", half)).unwrap();
        report["results"][0]["score"].as_f64().unwrap()
    };
    let plain = two_concept_bank("");
    assert_eq!(grade(plain.path()), 50.0);
    let lenient = two_concept_bank("leniency: 2\n");
    assert_eq!(grade(lenient.path()), 70.7);

    // Experts who give half an answer 71 and a full one 100: eval fits leniency 2.
    let answers = plain.path().join("labelled");
    std::fs::create_dir_all(&answers).unwrap();
    let full = "A tuple is immutable, so it can be a dictionary key.\n";
    for i in 0..8 {
        let (text, human) = if i % 2 == 0 { (half, 71) } else { (full, 100) };
        std::fs::write(
            answers.join(format!("{i}.md")),
            format!("---\nquestion: tuples\nhuman_score: {human}\n---\n{text}"),
        )
        .unwrap();
    }
    let out = pyprep()
        .args(["eval", "--suggest", "--format", "json", "--bank"])
        .arg(plain.path())
        .arg(&answers)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fitted = &report["calibration"][0];
    assert_eq!(fitted["question"], "tuples", "{report:#}");
    assert_eq!(fitted["leniency"], 1.0);
    assert_eq!(fitted["suggested_leniency"], 2.0, "{report:#}");
    assert_eq!(fitted["naming"], 0.15, "{report:#}");
    assert_eq!(
        fitted["suggested_naming"], 0.15,
        "nothing only named: {report:#}"
    );
    assert!(fitted["suggested_mean_absolute_error"].as_f64().unwrap() < 1.0);
    let table = pyprep()
        .args(["eval", "--suggest", "--bank"])
        .arg(plain.path())
        .arg(&answers)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("1 -> 2"));
}

/// A contrast question whose rubric names no subject: the labels' own openings are the
/// subjects, so a swapped answer earns nothing and is told so.
#[test]
fn a_contrast_rubric_without_subjects_catches_swaps_from_its_labels() {
    let concept = |id: &str, label: &str, terms: &str| {
        format!(
            "  - id: {id}\n    label: \"{label}\"\n    weight: 1\n    hint: h\n    terms: [{terms}]\n"
        )
    };
    let rubric = format!(
        "concepts:\n{}{}{}",
        concept("json-text", "`json` writes readable text", "readable text"),
        concept(
            "pickle-binary",
            "`pickle` writes a binary format",
            "binary format"
        ),
        concept("api", "Both have dumps and loads", "dumps"),
    );
    let bank_of = |rubric: &str| {
        common::one_question_bank(
            "serial",
            "What is the difference between `json` and `pickle`?",
            "`json` writes readable text; `pickle` writes a binary format. Both have dumps.",
            rubric,
        )
    };
    let bank = bank_of(&rubric);
    let grade_in = |bank: &Path, answer: &str| -> Value {
        let out = pyprep()
            .args([
                "grade",
                "--question",
                "serial",
                "--format",
                "json",
                "-",
                "--bank",
            ])
            .arg(bank)
            .write_stdin(answer)
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["results"][0].clone()
    };
    let grade = |answer: &str| grade_in(bank.path(), answer);
    let right =
        grade("json writes readable text, and pickle writes a binary format. Both have dumps.\n");
    assert_eq!(right["score"], 100.0, "{right:#}");
    let swapped =
        grade("pickle writes readable text, and json writes a binary format. Both have dumps.\n");
    let ids: Vec<&str> = swapped["misconceptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"swapped-json-text"), "{swapped:#}");
    assert!(ids.contains(&"swapped-pickle-binary"), "{swapped:#}");
    assert!(swapped["score"].as_f64().unwrap() < 34.0, "{swapped:#}");
    // Set against its foil ("than"), or denied of the other side, it is no swap.
    let compared = grade(
        "pickle is quicker than json and writes a binary format. json cannot write a binary \
         format, it writes readable text. Both have dumps.\n",
    );
    assert_eq!(compared["score"], 100.0, "{compared:#}");
    // A rubric can keep its labels out of it.
    let off = bank_of(&format!("infer_subjects: false\n{rubric}"));
    let unjudged = grade_in(
        off.path(),
        "pickle writes readable text, and json writes a binary format. Both have dumps.\n",
    );
    assert_eq!(unjudged["score"], 100.0, "{unjudged:#}");
}

#[test]
fn a_required_concept_in_other_words_is_unconfirmed_and_the_report_quotes_its_words() {
    let bank = common::one_question_bank(
        "threads",
        "When do Python threads help?",
        "Only one thread runs bytecode at a time, so threads help while work waits on I/O.",
        "concepts:\n  - id: gil\n    label: one thread runs bytecode at a time\n    weight: 1\n    \
         required: true\n    hint: h\n    terms: [\"one thread at a time\", \"global interpreter lock\"]\n  \
         - id: io\n    label: threads help I/O-bound work\n    weight: 9\n    hint: h\n    \
         terms: [\"io-bound\", \"thread pool\"]\n",
    );
    let answer = "A thread pool suits io-bound work. The interpreter holds a lock.\n";
    let run = |format: &str| graded_in(bank.path(), "threads", format, answer);
    let report: Value = serde_json::from_str(&run("json")).unwrap();
    let result = &report["results"][0];
    assert_eq!(result["pass"], true, "{result}");
    assert_eq!(result["flags"], serde_json::json!(["unconfirmed"]));
    let gil = &result["concepts"][0];
    assert_eq!(gil["level"], "missing");
    let words: Vec<&str> = gil["own_words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["interpreter", "lock"]);
    let text = run("table");
    assert!(text.contains("its words, but none of its terms"), "{text}");
    assert!(
        text.contains("passes without a required concept's terms"),
        "{text}"
    );
}
