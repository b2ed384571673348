//! Batch grading: walk paths, read each answer, grade in parallel, keep a stable order.
//!
//! One bad file never stops a batch: it becomes a [`FileError`] and the rest are graded.
//! Each worker reads a group of files (at most [`GROUP_BYTES`] of text), grades them and
//! drops their texts; results are handed on in path order as they are done, so memory
//! holds a few groups, plus whatever the caller keeps of the results.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::answer::{self, Answer, AnswerError};
use crate::bank::{Bank, Question, RubricProblems};
use crate::error_code::{Coded, ErrorCode};
use crate::grade::{Evidence, GradedAnswer, grade};
pub use crate::graded::{BatchResult, FileError, GradedFile, QuestionInfo};
use crate::report;

mod read;
pub use read::{ReadError, decode, read_answer, read_stream};

/// Default limit on one answer's size: 16 MiB.
pub const DEFAULT_MAX_ANSWER_BYTES: u64 = 16 << 20;

/// The path shown for standard input.
pub const STDIN_NAME: &str = "-";

/// One thing to grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file named on the command line: always graded.
    File(PathBuf),
    /// A file met walking a folder: passed over, with a warning, when it is plainly not an
    /// answer (a pyprep report; a file naming no question, without front matter).
    Found(PathBuf),
    /// Standard input, already read by the caller.
    Stdin,
}

impl Input {
    /// The file's path; `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::File(p) | Input::Found(p) => Some(p),
            Input::Stdin => None,
        }
    }
}

/// Path order, standard input last; a file both named and found comes first as named, so
/// that keeping the first of equal paths keeps the named one.
impl Ord for Input {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |i: &Input| (i.path().is_none(), matches!(i, Input::Found(_)));
        match (self.path(), other.path()) {
            (Some(a), Some(b)) => a.cmp(b).then_with(|| key(self).cmp(&key(other))),
            _ => key(self).cmp(&key(other)),
        }
    }
}

impl PartialOrd for Input {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Options of a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub max_answer_bytes: u64,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Globs (`.gitignore` syntax) of files and folders a walk leaves out.
    pub exclude: Vec<String>,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES,
            threads: None,
            exclude: Vec::new(),
        }
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn is_answer_name(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "txt")
    )
}

/// [`collect`], while another thread compiles the bank's rubrics (only `forced`'s, if
/// given) in question order, which is the order grading needs them in. Walking a cohort's
/// folders takes one thread a while (about 15 ms for 20,000 files), and so does compiling
/// fifteen rubrics (about 30 ms); before, the workers began with the compiling, both
/// waiting on the same rubric, while the walk had kept one core idle. The other thread
/// stops at the next rubric once the walk is done, and is not waited for: a rubric it is
/// still compiling is waited for by whoever needs it, as by any two workers. Rubrics are
/// compiled the same on any thread, so reports do not change.
///
/// Only for more than one thread (`-j 1` asks for one), and only when there is something
/// to walk: a folder, or several paths.
pub fn collect_while_compiling(
    bank: &Arc<Bank>,
    forced: Option<&Question>,
    paths: &[PathBuf],
    options: &BatchOptions,
) -> (Vec<Input>, Vec<FileError>) {
    let walks = paths.len() > 1 || paths.first().is_some_and(|p| p.is_dir());
    if worker_threads(options) < 2 || !walks {
        return collect_excluding(paths, &options.exclude);
    }
    let walking = Arc::new(AtomicBool::new(true));
    let compiler = {
        let bank = Arc::clone(bank);
        let walking = Arc::clone(&walking);
        let only = forced.map(Question::number);
        move || {
            let wanted = bank
                .questions
                .iter()
                .filter(|q| only.is_none_or(|n| q.number() == n));
            for q in wanted {
                if !walking.load(Ordering::Relaxed) {
                    break;
                }
                // A rubric that does not compile keeps its problems for when it is used.
                let _ = bank.compiled(q);
            }
        }
    };
    // Without a thread (the system refused one), the workers compile as before.
    let _ = std::thread::Builder::new()
        .name("pyprep-rubrics".into())
        .spawn(compiler);
    let found = collect_excluding(paths, &options.exclude);
    walking.store(false, Ordering::Relaxed);
    found
}

/// The number of worker threads `options` asks for: one per core unless told.
fn worker_threads(options: &BatchOptions) -> usize {
    options
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// Expands folders into answer files (recursively, `.md` and `.txt`), sorted by path.
/// Symlinks to folders are not followed (no loops); symlinks to files are read. A walk
/// honours `.gitignore` and `.ignore` files, in a git repository or not, and leaves out
/// hidden files and folders, as ripgrep does.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<FileError>) {
    collect_excluding(paths, &[])
}

/// [`collect`], with walks also leaving out what matches one of `exclude` (globs in
/// `.gitignore` syntax, relative to each folder walked). Files named in `paths` are kept
/// whatever they match.
pub fn collect_excluding(paths: &[PathBuf], exclude: &[String]) -> (Vec<Input>, Vec<FileError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN_NAME {
            inputs.push(Input::Stdin);
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(FileError::new(shown(path), &ReadError::Io(e)));
                continue;
            }
        };
        if !meta.is_dir() {
            // A file named on the command line is graded whatever its extension.
            inputs.push(Input::File(path.clone()));
            continue;
        }
        // The folder's files, put in path order below.
        let mut found = Vec::new();
        let walk = match walker(path, exclude) {
            Ok(w) => w,
            Err(e) => {
                errors.push(FileError::new(shown(path), &e));
                continue;
            }
        };
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let file = walk_error_path(&e).map_or_else(|| shown(path), shown);
                    let error = ReadError::from(e);
                    errors.push(match error {
                        ReadError::IgnoreFile(_) => FileError::passed_over(file, &error),
                        _ => FileError::new(file, &error),
                    });
                    continue;
                }
            };
            let p = entry.path();
            if !is_answer_name(p) {
                continue;
            }
            let Some(ft) = entry.file_type() else {
                continue;
            };
            if ft.is_file() {
                found.push(p.to_path_buf());
            } else if ft.is_symlink() {
                match symlink_target(p) {
                    Ok(()) => found.push(p.to_path_buf()),
                    Err(e) => errors.push(FileError::new(shown(p), &e)),
                }
            } else if !ft.is_dir() {
                errors.push(FileError::new(shown(p), &ReadError::NotRegular));
            }
        }
        found.sort_unstable_by(|a, b| in_one_walk_order(a, b));
        inputs.extend(found.into_iter().map(Input::Found));
    }
    // Each folder's files are in path order and distinct already; only several paths on
    // the command line need sorting together (and may name a file twice).
    if paths.len() > 1 {
        inputs.sort();
        inputs.dedup_by(|later, first| later.path() == first.path());
    }
    debug_assert!(inputs.is_sorted(), "inputs in path order");
    errors.sort_by(|a, b| a.file.cmp(&b.file));
    (inputs, errors)
}

/// The walk of one folder: ripgrep's rules (`.gitignore`, `.ignore`, hidden files), without
/// the user's global git excludes, which would make the same folder grade differently on
/// another machine.
fn walker(path: &Path, exclude: &[String]) -> Result<ignore::Walk, ReadError> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(path);
    for glob in exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| ReadError::Walk(format!("--exclude {glob}: {e}")))?;
    }
    let overrides = overrides
        .build()
        .map_err(|e| ReadError::Walk(format!("--exclude: {e}")))?;
    Ok(ignore::WalkBuilder::new(path)
        .follow_links(false)
        .hidden(true)
        .parents(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .overrides(overrides)
        .build())
}

/// Whether `glob` is one `--exclude` can use (`.gitignore` syntax).
pub fn check_exclude(glob: &str) -> Result<(), String> {
    ignore::overrides::OverrideBuilder::new(".")
        .add(&format!("!{glob}"))
        .map(|_| ())
        .map_err(|e| format!("not a glob pyprep can use ({e}); write it as a .gitignore line"))
}

/// The path a walk's error is about, where it names one.
fn walk_error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Partial(errs) => errs.iter().find_map(walk_error_path),
        _ => None,
    }
}

/// The order of `Path`'s own comparison (component by component) for two paths found in
/// the walk of one folder, compared as bytes with the separator below every other byte.
/// The two share the folder's path as given and differ only in names the walk joined with
/// single separators, where the two orders agree: a name that is a prefix of another ends
/// in a separator or the path's end, both below the other's next byte. `Path`'s comparison
/// parses components for each pair; sorting a cohort's paths with it (or letting the walk
/// sort each folder by name, which does the same) took about ten milliseconds on one
/// thread before grading could begin.
fn in_one_walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let rank = |byte: u8| {
        if std::path::is_separator(char::from(byte)) {
            0
        } else {
            u16::from(byte) + 1
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    a.iter().map(|&x| rank(x)).cmp(b.iter().map(|&x| rank(x)))
}

/// Why an answer-named symbolic link met in a folder is not graded.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(
        "a symbolic link to a folder; linked folders are not followed (so links cannot \
         loop); name the folder itself on the command line to grade it"
    )]
    ToFolder,
    #[error("a symbolic link to a file that is {}", ReadError::NotRegular)]
    ToSpecial,
    #[error("a symbolic link to a file that does not exist; fix the link or remove it")]
    Dangling,
    #[error(
        "a symbolic link that cannot be followed ({0}); links that loop back on themselves \
         do this; fix the link or remove it"
    )]
    Unfollowable(std::io::Error),
}

impl Coded for LinkError {
    fn code(&self) -> ErrorCode {
        match self {
            LinkError::ToFolder => ErrorCode::LinkedFolder,
            LinkError::ToSpecial => ErrorCode::NotARegularFile,
            LinkError::Dangling => ErrorCode::DanglingLink,
            LinkError::Unfollowable(_) => ErrorCode::UnfollowableLink,
        }
    }
}

/// Why a file met walking a folder was passed over: a warning, not a failure of the batch.
#[derive(Debug, thiserror::Error)]
pub enum PassedOver {
    #[error(
        "not graded: it is a report written by pyprep, not an answer; write reports outside \
         the folders you grade, or name the file itself to grade it"
    )]
    Report,
    #[error(
        "not graded: it documents the folder (README, LICENSE, ...) and names no question; \
         give it front matter `question:` if it is an answer"
    )]
    Document,
}

/// Names of the files that document a folder rather than answer a question, compared up
/// to the first dot and in any case: `README.md`, `readme.txt`, `LICENSE`.
const FOLDER_DOCUMENTS: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "contributing",
    "authors",
    "code_of_conduct",
];

fn is_folder_document(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let head = name.split('.').next().unwrap_or(name);
    FOLDER_DOCUMENTS
        .iter()
        .any(|d| head.eq_ignore_ascii_case(d))
}

impl Coded for PassedOver {
    fn code(&self) -> ErrorCode {
        // Not an answer to any question; never in a report's `errors`.
        ErrorCode::NoQuestion
    }
}

/// Why a read answer could not be graded.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error(transparent)]
    Answer(#[from] AnswerError),
    #[error("is empty: there is no answer to grade; write the answer in it or leave it out")]
    Empty,
    /// [`AnswerError::NoQuestion`] of a file met walking a folder, which may be no answer.
    #[error(
        "does not say which question it answers; add front matter `question: <id or number>`, \
         name the file after the question (`eq-vs-is.md`, `10.md`, `10-jane.md`), or pass \
         --question; if it is not an answer, leave it out with --exclude GLOB or a .ignore file"
    )]
    NoQuestionInWalk,
    #[error("the rubric of question `{question}` cannot be used:\n  {problems}")]
    Rubric {
        question: String,
        problems: RubricProblems,
    },
}

impl Coded for GradeError {
    fn code(&self) -> ErrorCode {
        match self {
            GradeError::Answer(e) => e.code(),
            GradeError::Empty => ErrorCode::EmptyAnswer,
            GradeError::NoQuestionInWalk => ErrorCode::NoQuestion,
            GradeError::Rubric { .. } => ErrorCode::UnusableRubric,
        }
    }
}

/// Checks what an answer-named symlink met in a folder leads to, without opening it: only a
/// regular file is graded. Links to folders are not followed, so links cannot loop.
fn symlink_target(link: &Path) -> Result<(), LinkError> {
    match std::fs::metadata(link) {
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) if m.is_dir() => Err(LinkError::ToFolder),
        Ok(_) => Err(LinkError::ToSpecial),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(LinkError::Dangling),
        Err(e) => Err(LinkError::Unfollowable(e)),
    }
}

fn shift(evidence: &mut [Evidence], lines: usize) {
    for e in evidence {
        e.line += lines;
    }
}

/// Grades an answer and moves its evidence to file line numbers.
pub fn grade_answer(
    bank: &Bank,
    question: &Question,
    answer: &Answer,
) -> Result<GradedAnswer, GradeError> {
    let rubric = bank
        .compiled(question)
        .map_err(|problems| GradeError::Rubric {
            question: question.id().to_string(),
            problems,
        })?;
    let mut graded = grade(&rubric, &answer.text);
    let offset = answer.first_line - 1;
    if offset > 0 {
        for c in &mut graded.concepts {
            shift(&mut c.evidence, offset);
            for u in &mut c.uncounted {
                u.evidence.line += offset;
            }
        }
        for m in &mut graded.misconceptions {
            shift(&mut m.evidence, offset);
        }
    }
    Ok(graded)
}

/// An answer read, parsed and matched to its question, waiting to be graded.
struct Prepared<'b> {
    file: String,
    question: &'b Question,
    answer: Answer,
    warnings: Vec<String>,
}

impl Prepared<'_> {
    fn grade(self, bank: &Bank) -> Result<GradedFile, FileError> {
        let graded = grade_answer(bank, self.question, &self.answer)
            .map_err(|e| FileError::new(self.file.clone(), &e))?;
        Ok(GradedFile {
            file: self.file,
            question: QuestionInfo::of(self.question),
            front: self.answer.front,
            graded,
            warnings: self.warnings,
        })
    }
}

/// Parses one text that came from `file` and finds its question.
fn prepare_text<'b>(
    bank: &'b Bank,
    forced: Option<&'b Question>,
    file: &str,
    path: Option<&Path>,
    walked: bool,
    text: &str,
    warnings: Vec<String>,
) -> Result<Prepared<'b>, FileError> {
    let fail = |e: GradeError| FileError::new(file, &e);
    let answer = answer::parse(text).map_err(|e| fail(e.into()))?;
    // Before the empty check: an empty README is a README too.
    let no_front_matter = answer.first_line == 1;
    if walked
        && no_front_matter
        && path.is_some_and(is_folder_document)
        && answer::resolve(bank, None, &answer, path).is_err()
    {
        return Err(FileError::passed_over(file, &PassedOver::Document));
    }
    if answer.text.trim().is_empty() {
        return Err(fail(GradeError::Empty));
    }
    let question = answer::resolve(bank, forced, &answer, path).map_err(|e| match e {
        AnswerError::NoQuestion if walked => fail(GradeError::NoQuestionInWalk),
        e => fail(e.into()),
    })?;
    Ok(Prepared {
        file: file.to_string(),
        question,
        answer,
        warnings,
    })
}

/// Inputs a worker takes at a time. It reads them all, then grades them grouped by
/// question: the answers of one rubric one after another keep that rubric's tables and
/// look-up memo in the cache, where path order brought in another rubric's with almost
/// every answer. On 20,000 answers to 15 questions, groups of 128 took 8% less CPU than
/// path order, and groups of 1,024 another 7-11%; a group's rendered results wait until
/// it is done, about 9 MB for 1,024.
const GROUP_INPUTS: usize = 1024;
/// Answer text a worker holds while it groups. Past this it grades what it holds, so a
/// folder of large answers costs no more memory than one answer and this much.
const GROUP_BYTES: usize = 2 << 20;

/// Answers whose results may be held at once, over all threads: each thread's group in
/// progress and the finished groups waiting to be written (about 9 KB of JSON each). With
/// many threads the groups get smaller, down to [`MIN_GROUP_INPUTS`].
const MAX_HELD_RESULTS: usize = 8192;
const MIN_GROUP_INPUTS: usize = 64;

/// The sizes of the groups `inputs` inputs are split into, in order. Each is a share of
/// what is left, so that the last groups are small: every worker then finishes at about
/// the same time, where equal groups of 1,024 left one worker grading the last alone
/// while the other waited. A small batch still spreads over every thread.
fn group_sizes(inputs: usize, threads: usize) -> impl Iterator<Item = usize> {
    let held_groups = threads * (crate::ordered::WINDOW_PER_THREAD + 1);
    let largest = (MAX_HELD_RESULTS / held_groups).clamp(MIN_GROUP_INPUTS, GROUP_INPUTS);
    let mut left = inputs;
    std::iter::from_fn(move || {
        let size = (left / (threads * 4)).clamp(1, largest).min(left);
        left -= size;
        (size > 0).then_some(size)
    })
}

/// Standard input's answer, read by the caller.
#[derive(Debug, Clone, Default)]
pub struct StdinAnswer {
    pub text: String,
    /// Problems met while reading it (invalid UTF-8), reported with its result.
    pub warnings: Vec<String>,
}

/// Grades every input and collects the results, in input order.
/// `progress` is called once per finished input, from worker threads.
pub fn run(
    bank: &Bank,
    forced: Option<&Question>,
    inputs: &[Input],
    stdin: Option<&StdinAnswer>,
    options: &BatchOptions,
    progress: &(dyn Fn() + Sync),
) -> BatchResult {
    let mut out = BatchResult::default();
    let keep = |result| {
        progress();
        result
    };
    run_streaming(
        bank,
        forced,
        inputs,
        stdin,
        options,
        &keep,
        &mut |results| {
            for result in results {
                match result {
                    Ok(g) => out.graded.push(g),
                    Err(e) if e.passed_over => out.passed_over.push(e),
                    Err(e) => out.errors.push(e),
                }
            }
        },
    );
    out
}

/// Grades every input and hands the results to `emit`, in input order, on the calling
/// thread, a group of inputs at a time, as soon as the group and those before it are done.
/// `map` runs first, on the worker that graded the input: a report writer renders there,
/// in parallel, and keeps only text. Memory holds a few groups of inputs, however many
/// there are.
pub fn run_streaming<T: Send>(
    bank: &Bank,
    forced: Option<&Question>,
    inputs: &[Input],
    stdin: Option<&StdinAnswer>,
    options: &BatchOptions,
    map: &(dyn Fn(Result<GradedFile, FileError>) -> T + Sync),
    emit: &mut dyn FnMut(Vec<T>),
) {
    let prepare = |input: &Input| -> Result<Prepared, FileError> {
        match input {
            Input::Stdin => {
                let (text, warnings) =
                    stdin.map_or(("", Vec::new()), |s| (s.text.as_str(), s.warnings.clone()));
                prepare_text(bank, forced, STDIN_NAME, None, false, text, warnings)
            }
            Input::File(path) | Input::Found(path) => {
                let file = shown(path);
                let mut warnings = Vec::new();
                match read_answer(path, options.max_answer_bytes, &mut warnings) {
                    Ok(text) if matches!(input, Input::Found(_)) && report::is_report(&text) => {
                        Err(FileError::passed_over(file, &PassedOver::Report))
                    }
                    Ok(text) => {
                        let walked = matches!(input, Input::Found(_));
                        prepare_text(bank, forced, &file, Some(path), walked, &text, warnings)
                    }
                    Err(e) => Err(FileError::new(file, &e)),
                }
            }
        }
    };
    let group = |inputs: &[Input]| -> Vec<T> {
        let mut results: Vec<Option<T>> = inputs.iter().map(|_| None).collect();
        let mut held: Vec<(usize, Prepared)> = Vec::new();
        let mut held_bytes = 0;
        let grade_held = |held: &mut Vec<(usize, Prepared)>, results: &mut [Option<T>]| {
            // Stable: answers of one question keep their order.
            held.sort_by_key(|(_, p)| p.question.number());
            for (i, p) in held.drain(..) {
                results[i] = Some(map(p.grade(bank)));
            }
        };
        for (i, input) in inputs.iter().enumerate() {
            match prepare(input) {
                Ok(p) => {
                    held_bytes += p.answer.text.len();
                    held.push((i, p));
                    if held_bytes > GROUP_BYTES {
                        grade_held(&mut held, &mut results);
                        held_bytes = 0;
                    }
                }
                Err(e) => results[i] = Some(map(Err(e))),
            }
        }
        grade_held(&mut held, &mut results);
        results.into_iter().flatten().collect()
    };
    let threads = worker_threads(options);
    let groups: Vec<&[Input]> = group_sizes(inputs.len(), threads)
        .scan(0, |start, size| {
            let group = &inputs[*start..*start + size];
            *start += size;
            Some(group)
        })
        .collect();
    crate::ordered::for_each_ordered(&groups, threads, |g| group(g), &mut *emit);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_name() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        "[a.\\-0 é]{1,3}".prop_filter("a folder lists no . or ..", |n| n != "." && n != "..")
    }

    proptest::proptest! {
        /// Paths a walk of one folder finds: the folder as given, then names joined by
        /// single separators. Names mix the bytes around the separator's ('-', '.', '0')
        /// and non-ASCII letters; a folder never lists "." or "..".
        #[test]
        fn one_walk_order_is_path_order(
            root in proptest::sample::select(vec!["r", "./r", "r/", "/tmp/r", "."]),
            a in proptest::collection::vec(file_name(), 1..4),
            b in proptest::collection::vec(file_name(), 1..4),
        ) {
            let path = |names: &[String]| {
                names.iter().fold(PathBuf::from(root), |p, n| p.join(n))
            };
            let (a, b) = (path(&a), path(&b));
            proptest::prop_assert_eq!(in_one_walk_order(&a, &b), a.cmp(&b), "{:?} {:?}", a, b);
        }
    }

    #[test]
    fn groups_cover_every_input_once_and_shrink_towards_the_end() {
        for (inputs, threads) in [
            (0, 2),
            (1, 2),
            (7, 2),
            (100, 1),
            (20_000, 2),
            (5_000, 8),
            (1_000_000, 64),
        ] {
            let sizes: Vec<usize> = group_sizes(inputs, threads).collect();
            assert_eq!(sizes.iter().sum::<usize>(), inputs, "{inputs} on {threads}");
            assert!(sizes.iter().all(|&s| (1..=GROUP_INPUTS).contains(&s)));
            // The results held at once stay bounded however many threads there are.
            let largest = sizes.first().copied().unwrap_or(0);
            let held = threads * (crate::ordered::WINDOW_PER_THREAD + 1) * largest;
            assert!(held <= MAX_HELD_RESULTS.max(threads * 3 * MIN_GROUP_INPUTS));
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
            if inputs >= threads * 4 {
                // Enough groups for every thread, and a last one that is small.
                assert!(sizes.len() >= threads);
                assert!(*sizes.last().unwrap() <= inputs / threads / 4 + 1);
            }
        }
    }
}
