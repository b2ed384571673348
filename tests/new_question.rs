//! `pyprep new`: scaffolds that load with pyprep's own loader, proposals from a model
//! answer, and no overwriting.

use std::path::Path;

use assert_cmd::Command;
use pyprep::bank::Bank;

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
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let (status, codes) = check_codes(dir.path(), "003-generators");
    assert_eq!(status, 1, "TODOs fail the check");
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == "todo"),
        "{codes:?}"
    );

    // Filled in, the question loads cleanly and its model answer earns full marks.
    let rubric = dir.path().join("rubrics/003-generators.yaml");
    let text = std::fs::read_to_string(&rubric).unwrap();
    let text = text
        .replace("first-concept", "lazy")
        .replace(
            "\"TODO: what a good answer must say\"",
            "Generators are lazy",
        )
        .replace(
            "\"TODO: a question that leads the candidate to the concept\"",
            "When are values made?",
        )
        .replace(
            "- \"TODO: words and phrases that express the concept\"",
            "- lazy\n      - on demand",
        );
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

/// `pyprep check` on `bank`: its exit status and the code of every diagnostic in a file
/// whose path holds `of`.
fn check_codes(bank: &Path, of: &str) -> (i32, Vec<String>) {
    let out = pyprep()
        .args(["check", "--format", "json"])
        .arg(bank)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().contains(of))
        .map(|d| {
            assert!(d["line"].is_u64(), "every diagnostic has a line: {d}");
            d["code"].as_str().unwrap().to_string()
        })
        .collect();
    (out.status.code().unwrap(), codes)
}

/// Model answers written the way authors write them: headings (one in bold), inline code of
/// every kind, code blocks, the same name in several spans.
const MODEL_ANSWERS: &[(&str, &str)] = &[
    (
        "generators",
        "## Summary\n\nA **generator** is a function that contains `yield`. Calling it returns a\n\
         generator object without running the body; each call to `next()` runs the body up to\n\
         the next `yield` and suspends there.\n\n\
         ## Key points\n\n### **Lazy evaluation**\n\n\
         - **Lazy evaluation**: values are produced one at a time, so `range(10**9)` style\n  \
         streams use constant memory.\n\
         - When the body returns, `next()` raises `StopIteration`; a `for` loop stops on it.\n\
         - Generator expressions such as `(x * x for x in xs)` are the short form.\n\
         - `len()` does not work on a generator.\n\n\
         ```python\ndef count(n):\n    i = 0\n    while i < n:\n        yield i\n        i += 1\n```\n\n\
         ## Common pitfalls\n\n- A generator can be consumed only **once**.\n",
    ),
    (
        "closures",
        "## `nonlocal` and closures\n\n\
         A **closure** is a function that remembers the variables of the scope it was defined\n\
         in. The inner function keeps **cells** for them. Assigning to such a variable needs\n\
         `nonlocal`; without `nonlocal` the assignment makes a new local.\n\n\
         ```python\ndef counter():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\n```\n\n\
         **Late binding**: lambdas made in a loop all see the last value of `i`, as\n\
         `[f() for f in fs]` shows; bind it with a default, `lambda i=i: i`.\n",
    ),
    (
        "plain",
        "## Summary\n\nNothing in bold, and `one_name` in code only once.\n",
    ),
];

#[test]
fn what_new_proposes_passes_check_but_for_its_todos() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    for (i, (id, body)) in MODEL_ANSWERS.iter().enumerate() {
        let n = i + 1;
        std::fs::write(
            dir.path().join(format!("content/{n:03}-{id}.md")),
            format!("---\nid: {id}\nnumber: {n}\ntitle: What about {id}?\n---\n\n{body}"),
        )
        .unwrap();
        let out = pyprep()
            .args(["new", id, "--dir"])
            .arg(dir.path())
            .output()
            .unwrap();
        let said = succeeded(out);
        assert_eq!(said.contains("proposed"), *id != "plain", "{said}");
        let rubric =
            std::fs::read_to_string(dir.path().join(format!("rubrics/{n:03}-{id}.yaml"))).unwrap();
        for junk in [
            "Summary",
            "Key points",
            "range",
            "len",
            "x * x",
            "`",
            "-2",
            "-3",
        ] {
            let concepts =
                &rubric[rubric.find("concepts:").unwrap()..rubric.find("misconceptions:").unwrap()];
            let terms: Vec<&str> = concepts
                .lines()
                .filter(|l| l.trim_start().starts_with("- ") || l.trim_start().starts_with("- id:"))
                .collect();
            assert!(
                !terms.iter().any(|t| t.contains(junk)),
                "{id}: no `{junk}` in ids or terms: {terms:?}"
            );
        }
    }
    let (status, codes) = check_codes(dir.path(), "");
    assert_eq!(status, 1);
    assert!(
        !codes.is_empty() && codes.iter().all(|c| c == "todo"),
        "only the TODOs are left: {codes:?}"
    );
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
