//! Tokenizing and grading one answer: short, typical and long.
//!
//! `cargo bench --bench grade` (not run by `cargo test` or `.ci/run`). Answers are the
//! labelled answers of question 10 in this repository's bank; `PYPREP_BANK=DIR` grades
//! against another bank. Grading is measured warm: a worker's look-up memo already holds
//! the answer's words after the first iteration, as it does after the first answers of a
//! batch. docs/performance.md has figures and the whole-process comparison.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use pyprep::bank::Bank;
use pyprep::grade::grade;
use pyprep::tokens::tokenize;

const QUESTION: &str = "eq-vs-is";

fn root() -> PathBuf {
    std::env::var_os("PYPREP_BANK")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn body(name: &str) -> String {
    let path = root().join("fixtures/010-eq-vs-is").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    pyprep::answer::parse(&text).map(|a| a.text).unwrap_or(text)
}

/// Short (a list of keywords), typical (an excellent answer, about 250 words) and long
/// (every labelled answer to the question, repeated to about 100 KB).
fn answers() -> Vec<(&'static str, String)> {
    let all: Vec<String> = [
        "excellent.md",
        "paraphrase.md",
        "partial.md",
        "typos.md",
        "weak.md",
        "wrong.md",
    ]
    .iter()
    .map(|n| body(n))
    .collect();
    let mut long = String::new();
    while long.len() < 100_000 {
        for a in &all {
            long.push_str(a);
            long.push('\n');
        }
    }
    vec![
        ("short", body("keywords.md")),
        ("typical", body("excellent.md")),
        ("long", long),
    ]
}

fn benches(c: &mut Criterion) {
    let answers = answers();
    let mut group = c.benchmark_group("tokenize");
    for (name, text) in &answers {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, t| {
            b.iter(|| tokenize(black_box(t)))
        });
    }
    group.finish();

    let bank = Bank::from_dir(&root()).expect("a bank with content/ and rubrics/");
    let question = bank
        .resolve(QUESTION)
        .expect("question eq-vs-is in the bank");
    let rubric = bank
        .compiled(question)
        .expect("a usable rubric for eq-vs-is");
    let mut group = c.benchmark_group("grade");
    for (name, text) in &answers {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, t| {
            b.iter(|| grade(&rubric, black_box(t)))
        });
    }
    group.finish();
}

criterion_group!(grading, benches);
criterion_main!(grading);
