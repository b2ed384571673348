//! Answer parsing and grading on arbitrary bytes: decode, split front matter, resolve the
//! question, grade against a built-in rubric, and check what every report relies on.
#![no_main]

use std::sync::{Arc, OnceLock};

use libfuzzer_sys::fuzz_target;
use pyprep::bank::Bank;
use pyprep::grade::{CompiledRubric, Evidence, GradedAnswer, grade};

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

fn check_evidence(text: &str, e: &Evidence) {
    assert!(
        e.start <= e.end && e.end <= text.len(),
        "span out of the answer"
    );
    assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
    assert_eq!(&text[e.start..e.end], e.text);
    let before = &text[..e.start];
    assert_eq!(
        e.line,
        before.matches('\n').count() + 1,
        "line disagrees with span"
    );
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(e.column, before[line_start..].chars().count() + 1);
}

fn check(text: &str, g: &GradedAnswer) {
    assert!((0.0..=100.0).contains(&g.score), "score {}", g.score);
    for c in &g.concepts {
        c.evidence.iter().for_each(|e| check_evidence(text, e));
        c.uncounted
            .iter()
            .for_each(|u| check_evidence(text, &u.evidence));
    }
    for m in &g.misconceptions {
        m.evidence.iter().for_each(|e| check_evidence(text, e));
    }
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
        let g = grade(&rubric, &answer.text);
        check(&answer.text, &g);
        assert_eq!(
            g,
            grade(&rubric, &answer.text),
            "grading is not deterministic"
        );
    }
    check(&text, &grade(&rubric, &text));
});
