//! A hostile rubric and an answer: rubric YAML, a NUL byte, answer text. The rubric is
//! loaded and validated (budgets included); what validates must compile and grade the
//! answer and the rubric's own examples within the invariants of `common`.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pyprep::grade::CompiledRubric;
use pyprep::rubric::{self, Glossary};

fuzz_target!(|data: &[u8]| {
    let [rubric_text, answer] = common::parts::<2>(data);
    let loaded = rubric::load(Path::new("rubrics/010-fuzz.yaml"), rubric_text);
    for d in &loaded.diagnostics {
        assert!(!d.message.is_empty());
        let _ = d.to_string();
    }
    let Some(valid) = loaded.valid() else {
        return;
    };
    let glossary = Glossary {
        groups: vec![
            vec!["dict".into(), "dictionary".into()],
            vec!["gil".into(), "global interpreter lock".into()],
        ],
        ..Glossary::default()
    };
    // Validation promises that a valid rubric compiles.
    let compiled = CompiledRubric::new(valid, &glossary).expect("a validated rubric compiles");
    common::grade_and_check(&compiled, answer);
    for e in valid.examples.iter().take(4) {
        common::grade_and_check(&compiled, &e.answer);
    }
});
