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
