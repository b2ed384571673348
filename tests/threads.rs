//! Results do not depend on the number of worker threads, byte for byte.

use assert_cmd::Command;
use std::path::Path;

fn report(jobs: Option<&str>) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::cargo_bin("pyprep").unwrap();
    cmd.arg("--bank")
        .arg(root)
        .arg("grade")
        .arg(root.join("fixtures"))
        .args(["--format", "json"]);
    if let Some(j) = jobs {
        cmd.args(["-j", j]);
    }
    // Exit 1 or 2 is fine here (a draft rubric may fall short); the bytes must agree.
    let out = cmd.output().unwrap();
    assert!(
        !out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn one_thread_and_all_threads_agree() {
    let one = report(Some("1"));
    assert!(one.starts_with(b"{\n  \"version\": 1,\n  \"results\": [\n"));
    assert_eq!(one, report(None), "-j 1 and the default differ");
    assert_eq!(one, report(Some("3")), "-j 1 and -j 3 differ");
}

/// Graded results of `dir`'s answers as (file, score), in report order.
fn scores(dir: &Path, jobs: &str) -> Vec<(String, f64)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::cargo_bin("pyprep")
        .unwrap()
        .arg("--bank")
        .arg(root)
        .arg("grade")
        .arg(dir)
        .args(["--format", "json", "-j", jobs])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let file = Path::new(r["file"].as_str().unwrap());
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            (name, r["score"].as_f64().unwrap())
        })
        .collect()
}

#[test]
fn results_stay_with_their_files_in_path_order_though_graded_by_question() {
    // The fixtures again, in one folder named kind first, so that path order mixes the
    // questions (workers grade each group question by question). Each answer names its
    // question in its front matter.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let tmp = tempfile::tempdir().unwrap();
    let mut expected = Vec::new();
    for question in std::fs::read_dir(&root).unwrap() {
        let question = question.unwrap().path();
        let q = question.file_name().unwrap().to_string_lossy().into_owned();
        for (name, score) in scores(&question, "1") {
            let mixed = format!("{}-{q}.md", name.trim_end_matches(".md"));
            std::fs::copy(question.join(&name), tmp.path().join(&mixed)).unwrap();
            expected.push((mixed, score));
        }
    }
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(expected.len() >= 100, "{} fixtures", expected.len());
    for jobs in ["1", "2", "3"] {
        assert_eq!(scores(tmp.path(), jobs), expected, "-j {jobs}");
    }
}

/// A copy of our bank with `broken`'s rubric replaced by YAML that does not parse.
fn bank_with_a_broken_rubric(broken: &str) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bank = tempfile::tempdir().unwrap();
    for part in ["content", "rubrics"] {
        std::fs::create_dir(bank.path().join(part)).unwrap();
        for file in std::fs::read_dir(root.join(part)).unwrap() {
            let file = file.unwrap().path();
            let to = bank.path().join(part).join(file.file_name().unwrap());
            std::fs::copy(&file, to).unwrap();
        }
    }
    let rubric = bank.path().join("rubrics").join(format!("{broken}.yaml"));
    std::fs::write(rubric, "concepts: [unclosed\n").unwrap();
    bank
}

#[test]
fn a_broken_rubric_is_reported_the_same_however_many_threads() {
    // Rubrics are compiled ahead, on a thread of their own, while a folder is walked with
    // more than one worker; a rubric that does not compile must still be reported as
    // before, once per answer that needs it, and the others graded. The first question's,
    // since that thread compiles in question order and stops when the walk is done.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bank = bank_with_a_broken_rubric("001-key-features");
    let run = |jobs: &str| {
        Command::cargo_bin("pyprep")
            .unwrap()
            .arg("--bank")
            .arg(bank.path())
            .arg("grade")
            .arg(root.join("fixtures"))
            .args(["--format", "json", "-j", jobs])
            .output()
            .unwrap()
    };
    let one = run("1");
    let report: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    let errors = report["errors"].as_array().unwrap();
    assert!(
        !errors.is_empty()
            && errors
                .iter()
                .all(|e| e["file"].as_str().unwrap().contains("001-key-features")),
        "{errors:?}"
    );
    assert!(!report["results"].as_array().unwrap().is_empty());
    for jobs in ["2", "3"] {
        let many = run(jobs);
        assert_eq!(many.stdout, one.stdout, "-j {jobs}: the report differs");
        assert_eq!(many.stderr, one.stderr, "-j {jobs}: the messages differ");
        assert_eq!(many.status.code(), one.status.code(), "-j {jobs}");
    }
}
