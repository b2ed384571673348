//! `pyprep new`: scaffolds that load with pyprep's own loader, proposals from a model
//! answer, and no overwriting.

use std::path::Path;

use assert_cmd::Command;
use pyprep::bank::Bank;
use pyprep::diagnostic::Code;

fn pyprep() -> Command {
    let mut cmd = Command::cargo_bin("pyprep").unwrap();
    cmd.env_remove("PYPREP_BANK").env_remove("NO_COLOR");
    cmd
}

fn copy_bank(to: &Path) {
    for folder in ["content", "rubrics"] {
        std::fs::create_dir_all(to.join(folder)).unwrap();
        for entry in std::fs::read_dir(Path::new("tests/data/bank").join(folder)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(folder).join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn a_template_takes_the_next_number_and_is_flagged_until_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    copy_bank(dir.path());
    let out = pyprep()
        .args([
            "new",
            "generators",
            "--title",
            "How do generators work?",
            "--dir",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = succeeded(out);
    assert!(said.contains("content/003-generators.md"), "{said}");
    assert!(said.contains("rubrics/003-generators.yaml"), "{said}");

    let bank = Bank::from_dir(dir.path()).unwrap();
    assert!(bank.diagnostics.is_empty(), "{:?}", bank.diagnostics);
    let q = bank.resolve("generators").unwrap();
    assert_eq!((q.number(), q.title()), (3, "How do generators work?"));
    let loaded = q.rubric().unwrap();
    let codes: Vec<Code> = loaded.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(codes, [Code::NoWayToMatch], "the TODO concept is reported");

    // Filled in, the question loads cleanly and its model answer earns full marks.
    let rubric = dir.path().join("rubrics/003-generators.yaml");
    let text = std::fs::read_to_string(&rubric).unwrap();
    let text = text
        .replace("todo-first-concept", "lazy")
        .replace(
            "\"TODO: what a good answer must say\"",
            "Generators are lazy",
        )
        .replace(
            "\"TODO: a question that leads the candidate to the concept\"",
            "When are values made?",
        )
        .replace("terms: []", "terms: [lazy, on demand]");
    std::fs::write(&rubric, text).unwrap();
    let content = dir.path().join("content/003-generators.md");
    std::fs::write(
        &content,
        "---\nid: generators\nnumber: 3\ntitle: How do generators work?\n---\n\n\
         A generator is lazy: it makes each value on demand, when the caller asks for it.\n",
    )
    .unwrap();
    let bank = Bank::from_dir(dir.path()).unwrap();
    let q = bank.resolve("generators").unwrap();
    assert!(q.rubric().unwrap().diagnostics.is_empty());
    assert!(bank.compiled(q).is_ok());
    let out = pyprep()
        .arg("grade")
        .arg("--bank")
        .arg(dir.path())
        .arg(&content)
        .args(["--min-score", "100"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn an_existing_model_answer_gets_proposed_concepts() {
    let dir = tempfile::tempdir().unwrap();
    copy_bank(dir.path());
    std::fs::remove_file(dir.path().join("rubrics/001-list-vs-tuple.yaml")).unwrap();
    let out = pyprep()
        .args(["new", "list-vs-tuple", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    let said = succeeded(out);
    assert!(said.contains("created"), "{said}");
    assert!(
        !said.contains("content/"),
        "the content file is left alone: {said}"
    );
    assert!(said.contains("proposed 3 concepts"), "{said}");

    let bank = Bank::from_dir(dir.path()).unwrap();
    assert!(bank.diagnostics.is_empty(), "{:?}", bank.diagnostics);
    let q = bank.resolve("1").unwrap();
    let loaded = q.rubric().unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let ids: Vec<&str> = loaded
        .valid()
        .unwrap()
        .concepts
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["list-is-mutable", "tuple-is-immutable", "hashable"]);
    // The model answer covers every concept proposed from it.
    pyprep()
        .arg("grade")
        .arg("--bank")
        .arg(dir.path())
        .arg(dir.path().join("content/001-list-vs-tuple.md"))
        .args(["--min-score", "100", "--format", "json"])
        .assert()
        .code(0);
}

#[test]
fn never_overwrites_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    copy_bank(dir.path());
    let rubric = dir.path().join("rubrics/002-eq-vs-is.yaml");
    let before = std::fs::read(&rubric).unwrap();
    let out = pyprep()
        .args(["new", "eq-vs-is", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("error: cannot scaffold `eq-vs-is` in ")
            && err.contains(": rubrics/002-eq-vs-is.yaml already exists"),
        "{err}"
    );
    assert_eq!(std::fs::read(&rubric).unwrap(), before);

    let out = pyprep()
        .args(["new", "closures", "--number", "2", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("number 2 is taken")
    );
    assert!(!dir.path().join("content/002-closures.md").exists());

    pyprep()
        .args(["new", "Not An Id", "--dir"])
        .arg(dir.path())
        .assert()
        .code(2);
}

#[test]
fn an_empty_folder_becomes_a_bank() {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path().join("our-bank");
    pyprep()
        .args(["new", "closures", "--quiet", "--dir"])
        .arg(&bank)
        .assert()
        .code(0);
    assert!(bank.join("content/001-closures.md").is_file());
    assert!(bank.join("rubrics/001-closures.yaml").is_file());
}

/// The standard output of a run that must have exited 0 (its stderr shown if not).
fn succeeded(out: std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
