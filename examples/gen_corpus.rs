//! Writes a corpus of answer files for benchmarks, built from the labelled answers.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --out DIR --count N --seed S \
//!     [--words 200] [--fixtures fixtures] [--one-line]
//! ```
//!
//! Each file keeps the `question:` of the labelled answers it is drawn from (so it resolves),
//! and holds sentences of that question's labelled answers in shuffled order, grouped into
//! paragraphs, with typos injected (letters swapped, dropped or doubled) into about one word
//! in thirty, until it has about `--words` words. `--one-line` writes the whole body on one
//! line (the long-line case). The same seed gives the same files, byte for byte: the random
//! numbers come from a small generator below, seeded per file from `--seed` and the file's
//! number, so a larger `--count` adds files without changing the first ones.
//!
//! Files go to `DIR/NNN/NNNNNN.md`, a thousand per folder.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: tiny, fast, and good enough to shuffle sentences. Not for anything secret.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0). The modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `1 / n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

struct Options {
    out: PathBuf,
    count: usize,
    seed: u64,
    words: usize,
    fixtures: PathBuf,
    one_line: bool,
}

const USAGE: &str = "usage: gen_corpus --out DIR --count N --seed S [--words 200] \
                     [--fixtures fixtures] [--one-line]";

fn parse_args() -> Result<Options, String> {
    let mut out = None;
    let mut count = None;
    let mut seed = None;
    let mut words = 200;
    let mut fixtures = PathBuf::from("fixtures");
    let mut one_line = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let number = |name: &str, v: String| {
            v.parse::<u64>()
                .map_err(|_| format!("{name} takes a whole number, not `{v}`"))
        };
        match arg.as_str() {
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--count" => count = Some(number("--count", value("--count")?)? as usize),
            "--seed" => seed = Some(number("--seed", value("--seed")?)?),
            "--words" => words = number("--words", value("--words")?)? as usize,
            "--fixtures" => fixtures = PathBuf::from(value("--fixtures")?),
            "--one-line" => one_line = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(Options {
        out: out.ok_or_else(|| format!("--out is required\n{USAGE}"))?,
        count: count.ok_or_else(|| format!("--count is required\n{USAGE}"))?,
        seed: seed.ok_or_else(|| format!("--seed is required\n{USAGE}"))?,
        words: words.max(1),
        fixtures,
        one_line,
    })
}

/// The `question:` value of a labelled answer's front matter, and its body.
fn split_answer(text: &str) -> Option<(String, &str)> {
    let split = pyprep::frontmatter::split(text).ok()?;
    let question = split.yaml?.lines().find_map(|l| {
        l.strip_prefix("question:")
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
    })?;
    Some((question, split.body))
}

/// Cuts a body into units to shuffle: sentences of prose paragraphs, and code blocks and
/// list items whole (cutting those would change what they are).
fn units(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut paragraph = String::new();
    let mut fence: Option<String> = None;
    let flush = |paragraph: &mut String, out: &mut Vec<String>| {
        let p = std::mem::take(paragraph);
        let p = p.trim();
        if p.is_empty() {
            return;
        }
        let prose = p.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut start = 0;
        let bytes = prose.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let at_end = matches!(b, b'.' | b'?' | b'!') && bytes.get(i + 1) == Some(&b' ');
            if at_end {
                out.push(prose[start..=i].to_string());
                start = i + 2;
            }
        }
        if start < prose.len() {
            out.push(prose[start..].to_string());
        }
    };
    for line in body.lines() {
        let trimmed = line.trim_start();
        if let Some(block) = &mut fence {
            block.push_str(line);
            block.push('\n');
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                out.push(std::mem::take(block).trim_end().to_string());
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut paragraph, &mut out);
            fence = Some(format!("{line}\n"));
        } else if trimmed.is_empty() {
            flush(&mut paragraph, &mut out);
        } else if trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with('#')
        {
            flush(&mut paragraph, &mut out);
            out.push(trimmed.to_string());
        } else {
            paragraph.push_str(line);
            paragraph.push('\n');
        }
    }
    if let Some(block) = fence {
        out.push(format!("{block}```"));
    }
    flush(&mut paragraph, &mut out);
    out
}

/// Puts a typo into a word of letters: two inner letters swapped, one dropped or doubled.
fn typo(word: &str, rng: &mut SplitMix64) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_ascii_alphabetic()) {
        return word.to_string();
    }
    let i = 1 + rng.below(chars.len() - 2);
    match rng.below(3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => chars.insert(i, chars[i]),
    }
    chars.into_iter().collect()
}

/// A unit with typos in about one word in thirty (code blocks are left alone).
fn with_typos(unit: &str, rng: &mut SplitMix64) -> String {
    if unit.starts_with("```") || unit.starts_with("~~~") {
        return unit.to_string();
    }
    let mut out = String::with_capacity(unit.len() + 8);
    for (i, word) in unit.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if rng.one_in(30) {
            out.push_str(&typo(word, rng));
        } else {
            out.push_str(word);
        }
    }
    out
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// One answer of about `words` words drawn from `pool`.
fn answer(
    question: &str,
    pool: &[String],
    words: usize,
    one_line: bool,
    rng: &mut SplitMix64,
) -> String {
    let mut out = format!("---\nquestion: {question}\n---\n");
    let mut written = 0;
    let mut in_paragraph = 0;
    while written < words {
        let unit = with_typos(&pool[rng.below(pool.len())], rng);
        let block = unit.starts_with("```") || unit.starts_with("- ") || unit.starts_with('#');
        if one_line && block {
            // A one-line answer is prose only: blocks and list items need their own lines.
            continue;
        }
        written += word_count(&unit);
        if one_line {
            if in_paragraph > 0 {
                out.push(' ');
            }
            out.push_str(&unit);
            in_paragraph += 1;
            continue;
        }
        if block {
            if in_paragraph > 0 {
                out.push_str("\n\n");
            }
            out.push_str(&unit);
            out.push_str("\n\n");
            in_paragraph = 0;
            continue;
        }
        if in_paragraph > 0 {
            out.push(' ');
        }
        out.push_str(&unit);
        in_paragraph += 1;
        if in_paragraph >= 3 + rng.below(3) {
            out.push_str("\n\n");
            in_paragraph = 0;
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Every `.md` file under `dir`, sorted, so the corpus does not depend on directory order.
fn markdown_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries =
            std::fs::read_dir(&d).map_err(|e| format!("{}: cannot read: {e}", d.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn run(opts: &Options) -> Result<(), String> {
    // Sentences per question, in a stable order (BTreeMap, sorted files).
    let mut pools: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in markdown_files(&opts.fixtures)? {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        if let Some((question, body)) = split_answer(&text) {
            pools.entry(question).or_default().extend(units(body));
        }
    }
    pools.retain(|_, units| !units.is_empty());
    let questions: Vec<(&String, &Vec<String>)> = pools.iter().collect();
    if questions.is_empty() {
        return Err(format!(
            "{}: no labelled answers with `question:` front matter; pass --fixtures DIR",
            opts.fixtures.display()
        ));
    }
    let mut bytes = 0usize;
    for n in 0..opts.count {
        let mut seeder = SplitMix64(opts.seed ^ (n as u64).wrapping_mul(0xA24B_AED4_963E_E407));
        let mut rng = SplitMix64(seeder.next_u64());
        let (question, pool) = questions[rng.below(questions.len())];
        let text = answer(question, pool, opts.words, opts.one_line, &mut rng);
        let dir = opts.out.join(format!("{:03}", n / 1000));
        if n % 1000 == 0 {
            std::fs::create_dir_all(&dir)
                .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        }
        let path = dir.join(format!("{n:06}.md"));
        std::fs::write(&path, &text)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
        bytes += text.len();
    }
    eprintln!(
        "wrote {} answers ({bytes} bytes) to {}",
        opts.count,
        opts.out.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    match parse_args().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
