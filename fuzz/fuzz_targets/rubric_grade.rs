//! A hostile rubric, a question title and an answer: rubric YAML, a NUL byte, the title, a
//! NUL byte, answer text. The rubric is loaded and validated (budgets included); what
//! validates must compile, with the subjects read from the title and its labels too, and
//! grade the answer and the rubric's own examples within the invariants of `common`.
#![no_main]

mod common;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pyprep::grade::CompiledRubric;
use pyprep::rubric::{self, Glossary};

fuzz_target!(|data: &[u8]| {
    let [rubric_text, title, answer] = common::parts::<3>(data);
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
    let for_question = CompiledRubric::for_question(valid, &glossary, title, true)
        .expect("a validated rubric compiles for any title");
    common::grade_and_check(&for_question, answer);
});
