//! A hostile glossary with a rubric and an answer: glossary YAML, NUL, rubric YAML, NUL,
//! answer text. A glossary that parses (within its budgets) is applied to every term of a
//! rubric that validates; the result must compile and grade within the invariants of
//! `common`.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pyprep::bank::glossary;
use pyprep::grade::CompiledRubric;
use pyprep::rubric::{self, budget};

fuzz_target!(|data: &[u8]| {
    let [glossary_text, rubric_text, answer] = common::parts::<3>(data);
    let glossary = match glossary::parse(Path::new("rubrics/glossary.yaml"), glossary_text) {
        Ok(g) => g,
        Err(d) => {
            assert!(!d.message.is_empty());
            return;
        }
    };
    assert!(glossary.groups.iter().all(|g| g.len() <= budget::MAX_GROUP));
    let loaded = rubric::load(Path::new("rubrics/010-fuzz.yaml"), rubric_text);
    let Some(valid) = loaded.valid() else {
        return;
    };
    let compiled = CompiledRubric::new(valid, &glossary).expect("a validated rubric compiles");
    common::grade_and_check(&compiled, answer);
});
