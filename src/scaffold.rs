//! `pyprep new`: the files of a new question, planned as text before anything is written.
//!
//! Planning is pure (bank listing in, file texts out) so tests can check every case without
//! a disk; the binary writes the files, never over existing ones. When the question's content
//! file already exists, its model answer's bold phrases and recurring code names become
//! proposed concepts, kept only when the model answer states them; otherwise both files are
//! templates. Either way what is left to write is marked `TODO`, and `pyprep check` lists
//! each marker (code `todo`) and nothing else.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::bank::{content, parse_stem};

/// Concepts proposed at most: a rubric is a short list of what matters, not every term.
pub const MAX_PROPOSED_CONCEPTS: usize = 10;

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuestion {
    pub id: String,
    pub title: Option<String>,
    pub number: Option<u32>,
}

/// A file of a bank as the planner sees it: its path relative to the bank root and, for
/// content files, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankListing {
    /// `content/*.md` files, with their text.
    pub content: Vec<(PathBuf, String)>,
    /// `rubrics/*.yaml` file paths.
    pub rubrics: Vec<PathBuf>,
}

/// A file to write, relative to the bank root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub text: String,
}

/// The files of a new question, and what is left for the author to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub number: u32,
    pub files: Vec<PlannedFile>,
    /// Concepts proposed from the model answer (empty for a template).
    pub proposed: Vec<String>,
}

/// Why a question cannot be scaffolded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "`{0}` is not a valid question id; use lowercase words and digits joined by hyphens, like `context-managers`"
    )]
    BadId(String),
    #[error(
        "{0} already exists; pyprep new never overwrites a file (delete it or pick another id)"
    )]
    Exists(PathBuf),
    #[error(
        "question number {number} is taken by {taken}; leave out --number to take the next free one"
    )]
    NumberTaken { number: u32, taken: PathBuf },
    #[error(
        "{last} is question {}, the largest number a question can have, so there is no next one; give the new question a free number with --number",
        u32::MAX
    )]
    NoNumberLeft { last: PathBuf },
    #[error(
        "{path} already holds question `{id}` as number {found}, not {asked}; leave out --number or rename the file"
    )]
    NumberMismatch {
        id: String,
        path: PathBuf,
        found: u32,
        asked: u32,
    },
}

/// Lists the bank in `root` for [`plan`]: content files with their text, rubric names.
/// A bank that does not exist yet is an empty listing: `new` creates its folders.
pub fn scan(root: &Path) -> std::io::Result<BankListing> {
    fn files(root: &Path, folder: &str, ext: &str) -> std::io::Result<Vec<PathBuf>> {
        let dir = root.join(folder);
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        // Regular files only, as `list` and `check` read the bank: a FIFO would wait
        // forever and `/dev/zero` never end.
        let mut out: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(ext) && p.is_file())
            .filter_map(|p| Some(Path::new(folder).join(p.file_name()?)))
            .collect();
        out.sort();
        Ok(out)
    }
    let mut content = Vec::new();
    for rel in files(root, "content", "md")? {
        // Only the file matching the new id is parsed; an unreadable one reads as empty,
        // and only the first 4 MiB are read (the most a bank file may hold).
        let text = read_capped(&root.join(&rel)).unwrap_or_default();
        content.push((rel, text));
    }
    Ok(BankListing {
        content,
        rubrics: files(root, "rubrics", "yaml")?,
    })
}

fn read_capped(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(4 << 20)
        .read_to_end(&mut bytes)?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// Writes the planned files under `root`, creating `content/` and `rubrics/` as needed.
/// A file that appeared since planning is not overwritten: the write fails instead.
pub fn write(root: &Path, scaffold: &Scaffold) -> std::io::Result<Vec<PathBuf>> {
    use std::io::Write;
    let mut written = Vec::new();
    for f in &scaffold.files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        file.write_all(f.text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Lowercase ASCII words and digits joined by single hyphens.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn stem_of(path: &Path) -> Option<&str> {
    path.file_stem().and_then(|s| s.to_str())
}

/// Plans the files of `req` in a bank holding `listing`.
pub fn plan(listing: &BankListing, req: &NewQuestion) -> Result<Scaffold, ScaffoldError> {
    if !is_valid_id(&req.id) {
        return Err(ScaffoldError::BadId(req.id.clone()));
    }
    let existing = listing.content.iter().find(|(path, _)| {
        stem_of(path)
            .and_then(parse_stem)
            .is_some_and(|(_, id)| id == req.id)
    });
    match existing {
        Some((path, text)) => plan_rubric_for(listing, req, path, text),
        None => plan_template(listing, req),
    }
}

fn taken_numbers(listing: &BankListing) -> Vec<(u32, &Path)> {
    listing
        .content
        .iter()
        .map(|(p, _)| p.as_path())
        .chain(listing.rubrics.iter().map(PathBuf::as_path))
        .filter_map(|p| Some((stem_of(p).and_then(parse_stem)?.0, p)))
        .collect()
}

fn rubric_path(stem: &str) -> PathBuf {
    Path::new("rubrics").join(format!("{stem}.yaml"))
}

fn refuse_existing(listing: &BankListing, path: &Path) -> Result<(), ScaffoldError> {
    let exists =
        listing.rubrics.iter().any(|p| p == path) || listing.content.iter().any(|(p, _)| p == path);
    if exists {
        Err(ScaffoldError::Exists(path.to_path_buf()))
    } else {
        Ok(())
    }
}

fn plan_rubric_for(
    listing: &BankListing,
    req: &NewQuestion,
    path: &Path,
    text: &str,
) -> Result<Scaffold, ScaffoldError> {
    let stem = stem_of(path).unwrap_or_default();
    let number = parse_stem(stem).map_or(0, |(n, _)| n);
    if let Some(asked) = req.number.filter(|&n| n != number) {
        return Err(ScaffoldError::NumberMismatch {
            id: req.id.clone(),
            path: path.to_path_buf(),
            found: number,
            asked,
        });
    }
    let rubric = rubric_path(stem);
    refuse_existing(listing, &rubric)?;
    let body = match content::parse(path, text) {
        Ok(c) => c.body,
        // An unparseable content file still has emphasised terms worth proposing; `check`
        // reports its front matter separately.
        Err(_) => crate::frontmatter::split(text)
            .map(|s| s.body.to_string())
            .unwrap_or_else(|_| text.to_string()),
    };
    let proposals = stated_by(&req.id, req.title.as_deref(), &body, proposals(&body));
    Ok(Scaffold {
        number,
        files: vec![PlannedFile {
            path: rubric,
            text: rubric_text(&req.id, &proposals),
        }],
        proposed: proposals.into_iter().map(|p| p.term).collect(),
    })
}

fn plan_template(listing: &BankListing, req: &NewQuestion) -> Result<Scaffold, ScaffoldError> {
    let taken = taken_numbers(listing);
    let number = match req.number {
        Some(n) => {
            if let Some((_, p)) = taken.iter().find(|(t, _)| *t == n) {
                return Err(ScaffoldError::NumberTaken {
                    number: n,
                    taken: p.to_path_buf(),
                });
            }
            n
        }
        None => match taken.iter().max_by_key(|(n, _)| *n) {
            None => 1,
            Some((last, path)) => {
                last.checked_add(1)
                    .ok_or_else(|| ScaffoldError::NoNumberLeft {
                        last: path.to_path_buf(),
                    })?
            }
        },
    };
    let stem = format!("{number:03}-{}", req.id);
    let content_path = Path::new("content").join(format!("{stem}.md"));
    let rubric = rubric_path(&stem);
    refuse_existing(listing, &content_path)?;
    refuse_existing(listing, &rubric)?;
    Ok(Scaffold {
        number,
        files: vec![
            PlannedFile {
                path: content_path,
                text: content_template(&req.id, number, req.title.as_deref()),
            },
            PlannedFile {
                path: rubric,
                text: rubric_text(&req.id, &[]),
            },
        ],
        proposed: Vec::new(),
    })
}

/// A YAML double-quoted scalar: always valid, whatever the text holds.
pub fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn content_template(id: &str, number: u32, title: Option<&str>) -> String {
    let title = title.map_or_else(
        || yaml_quote("TODO: the question, as an interviewer asks it"),
        yaml_quote,
    );
    format!(
        "---
id: {id}
number: {number}
title: {title}
topics: [TODO]
difficulty: mid           # junior | mid | senior
---

## Summary

TODO: the answer in two or three sentences.

## Key points

- **TODO: the first key point.** Explain it in full sentences; put the words a good answer
  uses in **bold** or `code`, and run `pyprep new {id}` again after deleting the rubric to
  have them proposed as concepts.

## Trade-offs

TODO: when to choose what, and what it costs.

## Common pitfalls

TODO: the mistakes candidates make, and why they are wrong.
"
    )
}

/// A concept proposed from a model answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The words to match, without Markdown: backticks would demand code markup the
    /// candidate may not use, and `()` a call the candidate may not write.
    pub term: String,
    /// The concept's label: the bold phrase as the author wrote it, or a `TODO` for a code
    /// name, which names a thing, not what a good answer says about it.
    pub label: String,
    /// A single short word: typo tolerance would let it match other common words.
    pub exact: bool,
}

/// A rubric for question `id`: one concept per proposal, or a template concept marked
/// `TODO` when there is nothing to propose. Every place left for the author holds `TODO`,
/// which `pyprep check` lists with its line.
pub fn rubric_text(id: &str, proposed: &[Proposal]) -> String {
    let mut out = format!(
        "# Rubric for `{id}`; the format is described in docs/rubric-format.md.
# Replace every marker left for you, add the other ways an answer can say each concept,
# then run `pyprep check` until it reports nothing.
question: {id}
pass_mark: 60
# How much a partial answer is worth. Raise it where one of several concepts is a full
# answer (\"give an advantage of ...\"): at 1.4 one of two equal concepts passes, at 2.2 one
# of three. `pyprep eval --suggest` fits it to labelled answers.
leniency: 1

concepts:
"
    );
    if proposed.is_empty() {
        out.push_str(
            "  - id: first-concept
    label: \"TODO: what a good answer must say\"
    weight: 1
    required: true
    hint: \"TODO: a question that leads the candidate to the concept\"
    terms:
      - \"TODO: words and phrases that express the concept\"
",
        );
    } else {
        for p in proposed {
            let term = yaml_quote(&p.term);
            let term = if p.exact {
                format!("{{text: {term}, exact: true}}")
            } else {
                term
            };
            out.push_str(&format!(
                "  - id: {concept_id}
    label: {label}
    weight: 1
    hint: {hint}
    terms:
      - {term}
",
                concept_id = slug(&p.term).unwrap_or_default(),
                label = yaml_quote(&p.label),
                hint = yaml_quote(&format!("TODO: a question that leads to: {}", p.term)),
            ));
        }
    }
    out.push_str(
        "
# Wrong statements that cost points when an answer makes them.
misconceptions: []
#  - id: a-misconception
#    label: \"a wrong statement\"
#    penalty: 10
#    correction: \"what is true instead\"
#    terms: [\"words of the wrong statement\"]

# Labelled answers that `pyprep check` grades like unit tests.
examples: []
#  - name: a good answer
#    answer: |
#      the answer
#    expect:
#      pass: true
",
    );
    out
}

/// A kebab-case id from a term: its first four words of letters and digits.
fn slug(term: &str) -> Option<String> {
    let words: Vec<String> = term
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(4)
        .map(str::to_ascii_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// A Python name as code spans write it: `yield`, `__eq__`, `functools.wraps`, `next()`.
/// Anything else in backticks (`x * x`, `range(10**9)`, `"x"`) is an expression or a value,
/// an example rather than a concept.
fn code_name(code: &str) -> Option<&str> {
    let name = code.strip_suffix("()").unwrap_or(code);
    let ident = |part: &str| {
        part.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (!name.is_empty() && name.split('.').all(ident)).then_some(name)
}

/// Concepts proposed from a model answer, at most [`MAX_PROPOSED_CONCEPTS`]: its `**bold**`
/// phrases first (the author's key points), then the Python names in `code` that it uses
/// at least twice (a name mentioned once, like `len()` in passing, is rarely what the
/// question is about). Headings are left out: a heading names a topic, it does not state
/// it, so a concept found only there would fail the model answer in `pyprep check`.
pub fn proposals(markdown: &str) -> Vec<Proposal> {
    let mut bold: Vec<String> = Vec::new();
    let mut code: Vec<String> = Vec::new();
    let mut strong_depth = 0usize;
    let mut in_heading = false;
    let mut current = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            _ if in_heading => {}
            Event::Start(Tag::Strong) => {
                strong_depth += 1;
                if strong_depth == 1 {
                    current.clear();
                }
            }
            Event::End(TagEnd::Strong) => {
                strong_depth = strong_depth.saturating_sub(1);
                if strong_depth == 0 {
                    bold.push(current.clone());
                }
            }
            Event::Text(t) if strong_depth > 0 => current.push_str(&t),
            Event::Code(c) if strong_depth > 0 => {
                current.push('`');
                current.push_str(&c);
                current.push('`');
            }
            Event::Code(c) => code.push(c.trim().to_string()),
            Event::SoftBreak | Event::HardBreak if strong_depth > 0 => current.push(' '),
            _ => {}
        }
    }
    let clean = |term: &str| {
        term.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .trim_end_matches(['.', ':', ';', ','])
            .trim()
            .to_string()
    };
    let mut candidates: Vec<Proposal> = Vec::new();
    for label in bold.iter().map(|b| clean(b)) {
        let term = clean(&label.replace('`', ""));
        candidates.push(Proposal {
            exact: false,
            term,
            label,
        });
    }
    let names: Vec<(&str, &str)> = code
        .iter()
        .filter_map(|c| Some((code_name(c)?, c.as_str())))
        .collect();
    for (i, &(name, written)) in names.iter().enumerate() {
        let used_again = names[i + 1..].iter().any(|(n, _)| *n == name);
        if !used_again || names[..i].iter().any(|(n, _)| *n == name) {
            continue;
        }
        candidates.push(Proposal {
            exact: false,
            term: name.to_string(),
            label: format!("TODO: what a good answer says about `{written}`"),
        });
    }
    let mut ids: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for mut p in candidates {
        let words = p.term.split_whitespace().count();
        let Some(id) = slug(&p.term) else { continue };
        // `TODO` phrases are the template's own; very long bold runs are sentences, not terms.
        let usable = words > 0 && p.term.chars().count() <= 60 && !p.term.contains("TODO");
        if !usable || !ids.insert(id) {
            continue;
        }
        p.exact =
            words == 1 && p.term.chars().count() <= 6 && p.term.chars().all(|c| c.is_alphabetic());
        out.push(p);
        if out.len() >= MAX_PROPOSED_CONCEPTS {
            break;
        }
    }
    out
}

/// The proposals the model answer states, as `pyprep check` grades it: a concept the model
/// answer does not earn from its own rubric is an error there, so it is not proposed. The
/// rubric is graded again after each removal, since concepts share words.
fn stated_by(
    id: &str,
    title: Option<&str>,
    model_answer: &str,
    mut proposed: Vec<Proposal>,
) -> Vec<Proposal> {
    let glossary = crate::rubric::Glossary::default();
    // Each round removes at least one proposal or stops.
    for _ in 0..=MAX_PROPOSED_CONCEPTS {
        if proposed.is_empty() {
            break;
        }
        let text = rubric_text(id, &proposed);
        let loaded = crate::rubric::load(Path::new("new.yaml"), &text);
        let Some(rubric) = loaded.valid() else {
            return Vec::new();
        };
        // Compiled for the question, as `check` does: a contrast title gives the labels
        // subjects, and a concept the model answer states of the wrong side is a swap.
        let compiled = crate::grade::CompiledRubric::for_question(
            rubric,
            &glossary,
            title.unwrap_or_default(),
            true,
        );
        let Ok(compiled) = compiled else {
            return Vec::new();
        };
        let graded = crate::grade::grade(&compiled, model_answer);
        let before = proposed.len();
        let kept: Vec<bool> = graded
            .concepts
            .iter()
            .map(|c| c.level >= crate::grade::Level::Brief)
            .collect();
        let mut keep = kept.into_iter();
        proposed.retain(|_| keep.next().unwrap_or(false));
        if proposed.len() == before {
            break;
        }
    }
    proposed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> BankListing {
        BankListing {
            content: vec![(
                PathBuf::from("content/001-alpha.md"),
                "---\nid: alpha\nnumber: 1\ntitle: A?\n---\nBody\n".into(),
            )],
            rubrics: vec![PathBuf::from("rubrics/001-alpha.yaml")],
        }
    }

    fn req(id: &str) -> NewQuestion {
        NewQuestion {
            id: id.into(),
            title: None,
            number: None,
        }
    }

    #[test]
    fn ids_are_kebab_case() {
        assert!(is_valid_id("context-managers"));
        assert!(is_valid_id("pep8"));
        for bad in ["", "Bad", "a--b", "-a", "a-", "a_b", "a b", "../x"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn template_takes_the_next_number_and_check_flags_it() {
        let s = plan(&listing(), &req("generators")).unwrap();
        assert_eq!(s.number, 2);
        let paths: Vec<_> = s.files.iter().map(|f| f.path.clone()).collect();
        assert_eq!(
            paths,
            [
                PathBuf::from("content/002-generators.md"),
                PathBuf::from("rubrics/002-generators.yaml")
            ]
        );
        let c = content::parse(&s.files[0].path, &s.files[0].text).unwrap();
        assert_eq!((c.id.as_str(), c.number), ("generators", 2));
        assert!(c.title.contains("TODO"));
        let loaded = crate::rubric::load(&s.files[1].path, &s.files[1].text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert!(s.files[1].text.contains("TODO"), "the work left is marked");
        assert_eq!(loaded.rubric.unwrap().question, "generators");
    }

    #[test]
    fn a_title_with_quotes_stays_valid_yaml() {
        let mut r = req("quotes");
        r.title = Some("What does \"yield\" do: a \\ test?".into());
        let s = plan(&listing(), &r).unwrap();
        let c = content::parse(&s.files[0].path, &s.files[0].text).unwrap();
        assert_eq!(c.title, "What does \"yield\" do: a \\ test?");
    }

    #[test]
    fn refuses_taken_numbers_and_existing_files() {
        let mut r = req("beta");
        r.number = Some(1);
        assert!(matches!(
            plan(&listing(), &r),
            Err(ScaffoldError::NumberTaken { number: 1, .. })
        ));
        assert!(matches!(
            plan(&listing(), &req("alpha")),
            Err(ScaffoldError::Exists(p)) if p == Path::new("rubrics/001-alpha.yaml")
        ));
        assert!(matches!(
            plan(&listing(), &req("Alpha")),
            Err(ScaffoldError::BadId(_))
        ));
    }

    #[test]
    fn proposes_concepts_the_model_answer_states() {
        let mut l = listing();
        l.rubrics.clear();
        l.content[0].1 = "---\nid: alpha\nnumber: 1\ntitle: A?\n---\n\
            ## **Heading words**\n\n\
            - **`is` tests identity.** Same as `id(a) == id(b)`.\n\
            - **Value equality** uses `__eq__`; **value equality** again.\n\
            - `__eq__()` is looked up on the type; `len()` is not relevant.\n\
            - pipes `a | b` and quotes `\"x\"`.\n"
            .into();
        let s = plan(&l, &req("alpha")).unwrap();
        assert_eq!(s.number, 1);
        assert_eq!(
            s.proposed,
            ["is tests identity", "Value equality", "__eq__"]
        );
        assert_eq!(s.files.len(), 1);
        let loaded = crate::rubric::load(&s.files[0].path, &s.files[0].text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let rubric = loaded.rubric.unwrap();
        let ids: Vec<&str> = rubric.concepts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["is-tests-identity", "value-equality", "eq"]);
        let labels: Vec<&str> = rubric.concepts.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "`is` tests identity",
                "Value equality",
                "TODO: what a good answer says about `__eq__`"
            ]
        );
    }

    #[test]
    fn code_names_are_names_not_expressions() {
        for name in ["yield", "__eq__", "functools.wraps", "next()"] {
            assert!(code_name(name).is_some(), "{name}");
        }
        for expr in ["x * x", "range(10**9)", "\"x\"", "a.b(c)", "1", ""] {
            assert_eq!(code_name(expr), None, "{expr}");
        }
    }

    #[test]
    fn a_number_that_disagrees_with_the_content_file_is_refused() {
        let mut l = listing();
        l.rubrics.clear();
        let mut r = req("alpha");
        r.number = Some(7);
        assert!(matches!(
            plan(&l, &r),
            Err(ScaffoldError::NumberMismatch {
                found: 1,
                asked: 7,
                ..
            })
        ));
    }

    #[test]
    fn proposals_are_capped() {
        let md: String = (0..30).map(|i| format!("**term{i}** ")).collect();
        assert_eq!(proposals(&md).len(), MAX_PROPOSED_CONCEPTS);
    }
}
