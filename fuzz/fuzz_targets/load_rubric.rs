//! Rubric loading on arbitrary text: parse and validate, compile what validates, and grade
//! the rubric's own examples with it.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pyprep::bank::glossary;
use pyprep::grade::{CompiledRubric, grade};
use pyprep::rubric::{self, Glossary};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("rubrics/001-fuzz.yaml");
    // The same text as a glossary: it shares the YAML path and budgets.
    let parsed_glossary = glossary::parse(path, text).ok();
    let glossary = Glossary {
        groups: vec![
            vec!["dict".into(), "dictionary".into()],
            vec!["gil".into(), "global interpreter lock".into()],
        ],
        ..Glossary::default()
    };
    let loaded = rubric::load(path, text);
    for d in &loaded.diagnostics {
        assert!(!d.message.is_empty());
        let _ = d.to_string();
    }
    let Some(valid) = loaded.valid() else {
        return;
    };
    // Validation promises that a valid rubric compiles.
    let compiled = CompiledRubric::new(valid, &glossary).expect("a validated rubric compiles");
    let answer = "A dict maps keys to values; `is` compares identity, not *args.\n";
    let g = grade(&compiled, answer);
    assert!((0.0..=100.0).contains(&g.score));
    for e in &valid.examples {
        let g = grade(&compiled, &e.answer);
        assert!((0.0..=100.0).contains(&g.score));
    }
    if let Some(other) = parsed_glossary {
        let _ = CompiledRubric::new(valid, &other);
    }
});
