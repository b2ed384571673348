//! The golden record of grading: every labelled answer under `fixtures/` and `holdout/`,
//! with its score, pass/fail, the concepts it covered and the misconceptions spotted.
//!
//! Any change to the grader shows here, answer by answer, as a snapshot diff: a refactor
//! must leave it untouched, and a change to grading must explain every line it moves
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test golden` and read the
//! diff before committing).

use std::fmt::Write;
use std::path::Path;

use pyprep::bank::Bank;
use pyprep::batch::{self, BatchOptions};

fn golden(folder: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bank = Bank::from_dir(root).expect("the repository is a bank");
    let (inputs, walk_errors) = batch::collect(&[root.join(folder)]);
    assert!(walk_errors.is_empty(), "{walk_errors:?}");
    assert!(!inputs.is_empty(), "{folder}/ holds no answers");
    let result = batch::run(&bank, None, &inputs, None, &BatchOptions::default(), &|| {});
    assert!(result.errors.is_empty(), "{:#?}", result.errors);
    let mut out = String::new();
    for g in &result.graded {
        let file = g.file.replace('\\', "/");
        let file = file
            .rsplit_once(&format!("{folder}/"))
            .map_or(&*file, |(_, f)| f);
        let covered: Vec<&str> = g
            .graded
            .concepts
            .iter()
            .filter(|c| c.covered)
            .map(|c| &*c.id)
            .collect();
        let wrong: Vec<&str> = g.graded.misconceptions.iter().map(|m| &*m.id).collect();
        let _ = writeln!(
            out,
            "{file}: {:.1} {} covered [{}]{}",
            g.graded.score,
            if g.graded.pass { "PASS" } else { "FAIL" },
            covered.join(" "),
            if wrong.is_empty() {
                String::new()
            } else {
                format!(" wrong [{}]", wrong.join(" "))
            }
        );
    }
    out
}

#[test]
fn fixtures() {
    insta::assert_snapshot!(golden("fixtures"));
}

#[test]
fn holdout() {
    insta::assert_snapshot!(golden("holdout"));
}
