//! A question bank: content files paired with rubrics, and a glossary.
//!
//! Loading reads every file and parses content front matter (small and needed to resolve
//! questions); a rubric is parsed, validated and compiled only when a question needs it, so
//! `pyprep list` and grading one answer do not pay for the whole bank.

pub mod confine;
pub mod content;
pub mod embedded;
pub mod glossary;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::grade::CompiledRubric;
use crate::rubric::{self, Glossary};
pub use confine::Confine;
pub use content::{Content, Difficulty};

/// The glossary's file name inside `rubrics/`.
pub const GLOSSARY_FILE: &str = "glossary.yaml";

/// A file of the bank, with the path shown to users.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the bank root: `content/010-eq-vs-is.md`.
    pub path: PathBuf,
    pub text: Cow<'static, str>,
}

/// One question: its content and, when present, its rubric.
#[derive(Debug)]
pub struct Question {
    pub content: Content,
    pub content_file: SourceFile,
    pub rubric_file: Option<SourceFile>,
    /// Why a rubric file that exists could not be read (too large, not UTF-8).
    rubric_unreadable: Option<Diagnostic>,
    loaded: OnceLock<rubric::Loaded>,
    compiled: OnceLock<Result<Arc<CompiledRubric>, Vec<Diagnostic>>>,
}

impl SourceFile {
    /// The file name without its extension: `010-eq-vs-is`, which pairs content and rubric.
    pub fn stem(&self) -> &str {
        self.path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
    }
}

impl Question {
    /// Whether the question or its model answer names Python (`python`, `CPython`, `PEP`,
    /// ...): then an answer written about another language is off-topic. A bank about
    /// another subject never names it, and its answers may name any language.
    pub fn names_python(&self) -> bool {
        [self.title(), self.content.body.as_str()]
            .iter()
            .any(|text| {
                crate::tokens::tokenize(text)
                    .tokens
                    .iter()
                    .any(|t| crate::lexicon::is_python_word(&t.text))
            })
    }

    pub fn id(&self) -> &str {
        &self.content.id
    }

    pub fn number(&self) -> u32 {
        self.content.number
    }

    pub fn title(&self) -> &str {
        &self.content.title
    }

    /// The rubric as loaded and validated (parsed on first use).
    pub fn rubric(&self) -> Option<&rubric::Loaded> {
        let file = self.rubric_file.as_ref()?;
        Some(
            self.loaded
                .get_or_init(|| rubric::load(&file.path, &file.text)),
        )
    }
}

/// Where a bank comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankLocation {
    BuiltIn,
    Dir(PathBuf),
}

/// A loaded bank.
#[derive(Debug)]
pub struct Bank {
    pub location: BankLocation,
    /// Questions whose content parsed, by number.
    pub questions: Vec<Question>,
    pub glossary: Glossary,
    /// The glossary with the bank's known words added, built on first grading.
    matching_glossary: OnceLock<Glossary>,
    /// Problems found while loading (unparseable content, pairing, duplicates, names).
    pub diagnostics: Vec<Diagnostic>,
    /// Rubric files without a content file.
    pub orphan_rubrics: Vec<SourceFile>,
}

/// Why a bank could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum BankError {
    #[error("{0}: no such folder; pass a folder holding content/ and rubrics/")]
    NoSuchDir(PathBuf),
    #[error("{0}: not a bank: it has no content/ folder (a bank holds content/ and rubrics/)")]
    NotABank(PathBuf),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A rubric that cannot be used for grading, with every located problem.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", render_problems(.0))]
pub struct RubricProblems(pub Vec<Diagnostic>);

fn render_problems(d: &[Diagnostic]) -> String {
    let mut lines: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    lines.push("run `pyprep check` on the bank to see every problem".into());
    lines.join("\n  ")
}

/// A question that repeats `key` (`number` or `id`) of an earlier one, pointing at both.
fn duplicate(later: &Question, first: &Question, key: &str, what: &str) -> Diagnostic {
    let help = if key == "number" {
        "give every question its own number (new questions take the next free one)".to_string()
    } else {
        format!("give every question its own {key}")
    };
    Diagnostic::new(
        Code::DuplicateQuestion,
        &later.content_file.path,
        format!(
            "{what} is also used by {}",
            first.content_file.path.display()
        ),
    )
    .at_opt(key_line(&later.content_file, key), None)
    .label(format!("the same {key} as another question"))
    .related(
        &first.content_file.path,
        key_line(&first.content_file, key).map(|l| (l, 1)),
        "first used here",
    )
    .help(help)
}

/// Splits `NNN-id` into its number and id.
pub fn parse_stem(stem: &str) -> Option<(u32, &str)> {
    let (num, id) = stem.split_once('-')?;
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) || id.is_empty() {
        return None;
    }
    Some((num.parse().ok()?, id))
}

/// Marks a file's text as unreadable, with why; [`unreadable`] turns it into a diagnostic.
const UNREADABLE: &str = "\u{0}unreadable: ";
/// Marks a file as a link out of the bank, with where it leads.
const OUTSIDE: &str = "\u{0}outside: ";

fn read_dir_files(
    root: &Path,
    confine: &Confine,
    folder: &str,
    ext: &str,
) -> Result<Vec<SourceFile>, BankError> {
    let dir = root.join(folder);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => return Err(BankError::Io { path: dir, source }),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some(ext) {
            continue;
        }
        let Some(name) = path.file_name() else {
            continue;
        };
        // The bank in the current folder needs no `./` in front of every path shown.
        let shown = if root == Path::new(".") {
            Path::new(folder).join(name)
        } else {
            root.join(folder).join(name)
        };
        // Before anything is read: not even the kind of a file outside is looked at.
        if let Some(target) = confine.outside(&path) {
            out.push(SourceFile {
                path: shown,
                text: Cow::Owned(format!("{OUTSIDE}{}", target.display())),
            });
            continue;
        }
        // FIFOs and devices are passed over: reading one can wait forever or never end.
        if !path.is_file() {
            continue;
        }
        // Bank files are small; a huge one is a mistake or an attack, not a rubric.
        let text = match std::fs::metadata(&path) {
            Ok(m) if m.len() > 4 << 20 => Err(std::io::Error::other("file is over 4 MiB")),
            _ => std::fs::read(&path).and_then(|b| {
                String::from_utf8(b).map_err(|_| std::io::Error::other("file is not UTF-8"))
            }),
        };
        match text {
            Ok(text) => out.push(SourceFile {
                path: shown,
                text: Cow::Owned(text),
            }),
            Err(e) => out.push(SourceFile {
                path: shown,
                // Marked unreadable below; an empty text keeps the pairing logic simple.
                text: Cow::Owned(format!("{UNREADABLE}{e}")),
            }),
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// `root/<folder>/<stem>.<ext>` for a file at `root/<other folder>/<name>`: where the
/// partner of a content file or rubric is expected.
fn sibling(path: &Path, folder: &str, stem: &str, ext: &str) -> PathBuf {
    let root = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new(""));
    root.join(folder).join(format!("{stem}.{ext}"))
}

fn key_line(file: &SourceFile, key: &str) -> Option<usize> {
    crate::frontmatter::key_line(&file.text, key)
}

fn unreadable(file: &SourceFile) -> Option<Diagnostic> {
    if let Some(target) = file.text.strip_prefix(OUTSIDE) {
        return Some(
            Diagnostic::new(
                Code::Unreadable,
                &file.path,
                format!("is a link that points outside the bank (to {target}); not read"),
            )
            .help("a bank reads only its own files: copy the file into the bank, or point the link at a file inside it"),
        );
    }
    let reason = file.text.strip_prefix(UNREADABLE)?;
    Some(
        Diagnostic::new(
            Code::Unreadable,
            &file.path,
            format!("cannot read: {reason}"),
        )
        .help("make the file a readable UTF-8 text file under 4 MiB"),
    )
}

impl Bank {
    /// The bank built into the binary.
    pub fn built_in() -> Bank {
        Bank::from_files(
            BankLocation::BuiltIn,
            embedded::content(),
            embedded::rubrics(),
        )
    }

    /// The bank in `root` (a folder with `content/` and `rubrics/`).
    pub fn from_dir(root: &Path) -> Result<Bank, BankError> {
        if !root.is_dir() {
            return Err(BankError::NoSuchDir(root.to_path_buf()));
        }
        if !root.join("content").is_dir() {
            return Err(BankError::NotABank(root.to_path_buf()));
        }
        let confine = Confine::new(root).map_err(|source| BankError::Io {
            path: root.to_path_buf(),
            source,
        })?;
        let content = read_dir_files(root, &confine, "content", "md")?;
        let rubrics = read_dir_files(root, &confine, "rubrics", "yaml")?;
        Ok(Bank::from_files(
            BankLocation::Dir(root.to_path_buf()),
            content,
            rubrics,
        ))
    }

    fn from_files(
        location: BankLocation,
        content: Vec<SourceFile>,
        rubrics: Vec<SourceFile>,
    ) -> Bank {
        let mut diagnostics = Vec::new();
        let mut glossary = Glossary::default();
        let mut rubric_by_stem: HashMap<String, SourceFile> = HashMap::new();
        let mut unreadable_by_stem: HashMap<String, Diagnostic> = HashMap::new();
        for file in rubrics {
            let name = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if let Some(d) = unreadable(&file) {
                // Kept by stem so its question says why it has no rubric, rather than
                // claiming the rubric is missing.
                unreadable_by_stem.insert(file.stem().to_string(), d.clone());
                diagnostics.push(d);
                continue;
            }
            if name == GLOSSARY_FILE {
                match glossary::parse(&file.path, &file.text) {
                    Ok(g) => glossary = g,
                    Err(d) => diagnostics.push(*d),
                }
                continue;
            }
            let stem = file.stem().to_string();
            rubric_by_stem.insert(stem, file);
        }

        let mut questions = Vec::new();
        for file in content {
            if let Some(d) = unreadable(&file) {
                diagnostics.push(d);
                continue;
            }
            let stem = file.stem().to_string();
            let rubric_file = rubric_by_stem.remove(&stem);
            let rubric_unreadable = unreadable_by_stem.remove(&stem);
            let parsed = match content::parse(&file.path, &file.text) {
                Ok(c) => c,
                Err(d) => {
                    diagnostics.push(*d);
                    continue;
                }
            };
            let expected = format!("{:03}-{}", parsed.number, parsed.id);
            if stem != expected {
                diagnostics.push(
                    Diagnostic::new(
                        Code::FileNameMismatch,
                        &file.path,
                        format!("file name `{stem}` disagrees with the front matter (number {}, id `{}`)", parsed.number, parsed.id),
                    )
                    .at(1, 1)
                    .help(format!("rename the file (and its rubric) to `{expected}`, or fix `id`/`number`")),
                );
            }
            if rubric_file.is_none() && rubric_unreadable.is_none() {
                let expected = sibling(&file.path, "rubrics", &stem, "yaml");
                diagnostics.push(
                    Diagnostic::new(
                        Code::MissingRubric,
                        &file.path,
                        format!(
                            "question `{}` has no rubric: {} does not exist",
                            parsed.id,
                            expected.display()
                        ),
                    )
                    .help(format!(
                        "add {} (see docs/rubric-format.md), or rename the rubric that belongs to this question",
                        expected.display()
                    )),
                );
            }
            questions.push(Question {
                content: parsed,
                content_file: file,
                rubric_file,
                rubric_unreadable,
                loaded: OnceLock::new(),
                compiled: OnceLock::new(),
            });
        }
        let mut orphan_rubrics: Vec<SourceFile> = rubric_by_stem.into_values().collect();
        orphan_rubrics.sort_by(|a, b| a.path.cmp(&b.path));
        for file in &orphan_rubrics {
            let stem = file.stem();
            let expected = sibling(&file.path, "content", stem, "md");
            diagnostics.push(
                Diagnostic::new(
                    Code::MissingContent,
                    &file.path,
                    format!(
                        "rubric has no content file: {} does not exist",
                        expected.display()
                    ),
                )
                .help(format!(
                    "add {} with the question and model answer, rename the rubric to match its content file, or delete the rubric",
                    expected.display()
                )),
            );
        }
        questions.sort_by(|a, b| (a.number(), a.id()).cmp(&(b.number(), b.id())));
        for pair in questions.windows(2) {
            if pair[0].number() == pair[1].number() {
                let what = format!("question number {}", pair[1].number());
                diagnostics.push(duplicate(&pair[1], &pair[0], "number", &what));
            }
        }
        let mut by_id: HashMap<&str, &Question> = HashMap::new();
        for q in &questions {
            if let Some(first) = by_id.insert(q.id(), q) {
                let what = format!("question id `{}`", q.id());
                diagnostics.push(duplicate(q, first, "id", &what));
            }
        }
        Bank {
            location,
            questions,
            glossary,
            matching_glossary: OnceLock::new(),
            diagnostics,
            orphan_rubrics,
        }
    }

    /// Finds a question by number (`6`, `06`) or id (`mutable-immutable`).
    pub fn resolve(&self, query: &str) -> Option<&Question> {
        let q = query.trim();
        if let Ok(n) = q.parse::<u32>() {
            return self.questions.iter().find(|x| x.number() == n);
        }
        self.questions.iter().find(|x| x.id() == q)
    }

    /// The compiled rubric of `q`, or every problem that stops it from grading.
    pub fn compiled(&self, q: &Question) -> Result<Arc<CompiledRubric>, RubricProblems> {
        q.compiled
            .get_or_init(|| {
                let Some(loaded) = q.rubric() else {
                    if let Some(d) = &q.rubric_unreadable {
                        return Err(vec![d.clone()]);
                    }
                    return Err(self
                        .diagnostics
                        .iter()
                        .filter(|d| d.kind == Code::MissingRubric && d.file == q.content_file.path)
                        .cloned()
                        .collect());
                };
                let errors: Vec<Diagnostic> = loaded
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .cloned()
                    .collect();
                let Some(rubric) = loaded.valid() else {
                    return Err(errors);
                };
                CompiledRubric::for_question(
                    rubric,
                    self.matching_glossary(),
                    q.title(),
                    q.names_python(),
                )
                .map(Arc::new)
                .map_err(|e| {
                    let file = q
                        .rubric_file
                        .as_ref()
                        .map(|f| f.path.clone())
                        .unwrap_or_default();
                    vec![Diagnostic::new(Code::BadPattern, file, e.to_string())]
                })
            })
            .clone()
            .map_err(RubricProblems)
    }

    /// The glossary used for matching: its synonyms plus every word the model answers use,
    /// which the matcher treats as real words rather than typos.
    pub fn matching_glossary(&self) -> &Glossary {
        self.matching_glossary.get_or_init(|| {
            let mut g = self.glossary.clone();
            for q in &self.questions {
                for t in crate::tokens::tokenize(&q.content.body).tokens {
                    if t.kind == crate::tokens::TokenKind::Word && t.text.chars().count() >= 4 {
                        g.known_words.insert(t.text.into());
                    }
                }
            }
            g
        })
    }

    /// A short description of where the bank came from.
    pub fn describe(&self) -> String {
        match &self.location {
            BankLocation::BuiltIn => "built-in bank".into(),
            BankLocation::Dir(d) => d.display().to_string(),
        }
    }
}
