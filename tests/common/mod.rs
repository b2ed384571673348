//! Helpers shared by the integration tests. Each test file is its own crate and uses only
//! some of them, hence `dead_code` allowed here.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The repository: its bank (`content/`, `rubrics/`), `fixtures/`, `docs/`.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A folder under `tests/`.
pub fn tests_dir() -> PathBuf {
    root().join("tests")
}

/// The real binary, with the built-in bank and without colour, whatever the environment
/// of whoever runs the tests.
pub fn pyprep() -> Command {
    let mut cmd = Command::cargo_bin("pyprep").expect("the pyprep binary is built");
    cmd.env_remove("PYPREP_BANK").env("NO_COLOR", "1");
    cmd
}

/// Fails the test, showing the run's standard error, unless the run exited 0.
#[track_caller]
pub fn assert_exit_zero(out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The real binary as a terminal user may run it: NO_COLOR unset (so `--color` decides)
/// and tables 100 columns wide.
pub fn pyprep_in_colour() -> Command {
    let mut cmd = Command::cargo_bin("pyprep").expect("the pyprep binary is built");
    cmd.env_remove("NO_COLOR")
        .env_remove("PYPREP_BANK")
        .env("COLUMNS", "100");
    cmd
}

/// A bank of one question (number 1), in a new temporary folder: `id`, its `title`, a model
/// answer of one `summary` paragraph, and the rubric's text after its `question:` line.
pub fn one_question_bank(id: &str, title: &str, summary: &str, rubric: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let bank = dir.path();
    std::fs::create_dir_all(bank.join("content")).unwrap();
    std::fs::create_dir_all(bank.join("rubrics")).unwrap();
    std::fs::write(
        bank.join(format!("content/001-{id}.md")),
        format!(
            "---\nid: {id}\nnumber: 1\ntitle: {title}\ntopics: [types]\ndifficulty: junior\n---\n\n\
             ## Summary\n\n{summary}\n"
        ),
    )
    .unwrap();
    std::fs::write(
        bank.join(format!("rubrics/001-{id}.yaml")),
        format!("question: {id}\n{rubric}"),
    )
    .unwrap();
    dir
}
