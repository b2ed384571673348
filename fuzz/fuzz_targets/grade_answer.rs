//! Answer parsing and grading on arbitrary bytes: decode, split front matter, resolve the
//! question, grade against a built-in rubric, and check what every report relies on.
#![no_main]

mod common;

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pyprep::bank::Bank;
use pyprep::grade::CompiledRubric;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(Bank::built_in)
}

/// The built-in rubrics that compile (the bank is a draft; a broken one is `check`'s news).
fn rubrics() -> &'static [Arc<CompiledRubric>] {
    static RUBRICS: OnceLock<Vec<Arc<CompiledRubric>>> = OnceLock::new();
    RUBRICS.get_or_init(|| {
        let bank = bank();
        bank.questions
            .iter()
            .filter_map(|q| bank.compiled(q).ok())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let mut warnings = Vec::new();
    let Ok(text) = pyprep::batch::decode(bytes.to_vec(), &mut warnings) else {
        return;
    };
    let bank = bank();
    let rubrics = rubrics();
    let rubric = &rubrics[pick as usize % rubrics.len()];
    if let Ok(answer) = pyprep::answer::parse(&text) {
        let _ = pyprep::answer::resolve(bank, None, &answer, None);
        common::grade_and_check(rubric, &answer.text);
    }
    common::grade_and_check(rubric, &text);
});
