//! What every grading target checks of a graded answer, and how its input is split.

use pyprep::grade::{CompiledRubric, Evidence, GradedAnswer, grade};

/// The parts of an input, split at NUL bytes (which no YAML or answer text holds, so a seed
/// can be written by hand: `printf 'rubric\0answer'`). Missing parts are empty.
// Not every target splits its input (`grade_answer` takes one answer).
#[allow(dead_code)]
pub fn parts<const N: usize>(data: &[u8]) -> [&str; N] {
    let mut out = [""; N];
    let mut rest = data;
    for (i, slot) in out.iter_mut().enumerate() {
        let end = if i + 1 == N {
            rest.len()
        } else {
            rest.iter().position(|&b| b == 0).unwrap_or(rest.len())
        };
        *slot = std::str::from_utf8(&rest[..end]).unwrap_or("");
        rest = rest.get(end + 1..).unwrap_or(&[]);
    }
    out
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
    assert_eq!(
        e.column,
        before[line_start..].chars().count() + 1,
        "column disagrees with span"
    );
}

/// Grades `text` twice and checks what every report relies on: a finite score in 0..100
/// (a NaN passes any `--min-score`), evidence that quotes the answer where it says, and the
/// same result both times.
pub fn grade_and_check(rubric: &CompiledRubric, text: &str) {
    let g: GradedAnswer = grade(rubric, text);
    assert!(
        g.score.is_finite() && (0.0..=100.0).contains(&g.score),
        "score {}",
        g.score
    );
    for c in &g.concepts {
        assert!(c.weight.is_finite() && c.earned.is_finite(), "{c:?}");
        c.evidence.iter().for_each(|e| check_evidence(text, e));
        c.uncounted
            .iter()
            .for_each(|u| check_evidence(text, &u.evidence));
    }
    for m in &g.misconceptions {
        assert!(m.penalty.is_finite());
        m.evidence.iter().for_each(|e| check_evidence(text, e));
    }
    assert_eq!(g, grade(rubric, text), "grading is not deterministic");
}
