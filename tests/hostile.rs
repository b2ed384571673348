//! Hostile answer folders and banks on the real binary: whatever it is fed, `pyprep grade`
//! finishes within seconds, grades every good answer, lists every bad file in `errors` with
//! what is wrong and how to fix it, exits 2, and never panics.
//!
//! FIFOs, symlink loops and multi-megabyte files are made here in a temporary folder rather
//! than committed. Unix only (FIFOs, symlinks, permissions).
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longest a run may take before the test calls it a hang.
const TIMEOUT: Duration = Duration::from_secs(60);

const GOOD_EQ_IS: &str = "`==` compares values: it asks whether two objects are equal, and \
Python calls `__eq__` to decide. `is` compares identity: it is true only when both names \
refer to the same object, which is what `id(a) == id(b)` checks. Use `is` for `None`.\n";

const GOOD_MUTABLE: &str = "A mutable object, such as a list or a dict, can be changed in \
place after it is created. An immutable object, such as a tuple, a str or an int, cannot be \
changed; an operation that looks like a change builds a new object instead.\n";

struct Run {
    code: i32,
    report: Value,
    stderr: String,
    took: Duration,
}

/// Runs `pyprep ARGS` (see [`run_raw`]) and reads its standard output as a JSON report.
fn run(dir: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let (code, stdout, stderr) = run_raw(dir, args);
    let took = started.elapsed();
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{stdout}\nstderr:\n{stderr}"));
    Run {
        code,
        report,
        stderr,
        took,
    }
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, bytes).unwrap();
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Files of the report's `results`, relative to `root`.
fn graded(report: &Value, root: &str) -> Vec<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| relative(r["file"].as_str().unwrap(), root))
        .collect()
}

/// `errors` of the report as (file relative to `root`, message).
fn errors(report: &Value, root: &str) -> Vec<(String, String)> {
    report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                relative(e["file"].as_str().unwrap(), root),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn relative(file: &str, root: &str) -> String {
    file.strip_prefix(root)
        .map_or(file, |f| f.trim_start_matches('/'))
        .to_string()
}

/// The error of `file`, which must say each of `words` (what went wrong and how to fix it).
fn assert_error(errors: &[(String, String)], file: &str, words: &[&str]) {
    let Some((_, message)) = errors.iter().find(|(f, _)| f == file) else {
        panic!("no error for {file}; errors: {errors:#?}");
    };
    for w in words {
        assert!(
            message.contains(w),
            "error of {file} lacks `{w}`: {message}"
        );
    }
}

/// Whether this process can read a file whose permissions are 000 (root can).
fn reads_despite_chmod_000(path: &Path) -> bool {
    fs::read(path).is_ok()
}

struct Folder {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    good: Vec<String>,
    /// (file, words its error must hold)
    bad: Vec<(String, Vec<&'static str>)>,
}

/// Builds the hostile folder `answers/` with good answers among every kind of bad file.
fn hostile_folder() -> Folder {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let a = root.join("answers");
    let mut good: Vec<String> = Vec::new();
    let mut bad: Vec<(String, Vec<&'static str>)> = Vec::new();

    // Good answers, named every way docs/answers.md allows.
    write(&a.join("10-plain.md"), GOOD_EQ_IS);
    write(&a.join("eq-vs-is.md"), GOOD_EQ_IS);
    write(&a.join("q6.txt"), GOOD_MUTABLE);
    write(
        &a.join("front.md"),
        format!("---\nquestion: mutable-immutable\nauthor: x\n---\n{GOOD_MUTABLE}"),
    );
    good.extend(["10-plain.md", "eq-vs-is.md", "q6.txt", "front.md"].map(String::from));
    // Spaces and non-ASCII in names.
    write(&a.join("10 jäne ñoño 名前.md"), GOOD_EQ_IS);
    write(&a.join("sub folder/06 ünï.md"), GOOD_MUTABLE);
    good.extend(["10 jäne ñoño 名前.md", "sub folder/06 ünï.md"].map(String::from));
    // A name that is not UTF-8: shown lossily, still resolved by its leading number.
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"10-\xff\xfe.md");
        write(&a.join(name), GOOD_EQ_IS);
        good.push("10-\u{fffd}\u{fffd}.md".into());
    }
    // A UTF-8 byte-order mark and CRLF line ends, with front matter: graded normally.
    let crlf = format!("\u{feff}---\r\nquestion: 10\r\n---\r\n{GOOD_EQ_IS}").replace('\n', "\r\n");
    write(&a.join("bom-crlf.md"), crlf.replace("\r\r\n", "\r\n"));
    good.push("bom-crlf.md".into());
    // Invalid UTF-8 (a Latin-1 é): read lossily, graded, with a warning.
    let mut latin1 = GOOD_MUTABLE.as_bytes().to_vec();
    latin1.extend_from_slice(b"Caf\xe9 is a str, which is immutable.\n");
    write(&a.join("06-latin1.md"), latin1);
    good.push("06-latin1.md".into());
    // A very deep folder.
    let mut deep = a.join("deep");
    for _ in 0..100 {
        deep.push("d");
    }
    write(&deep.join("10-deep.md"), GOOD_EQ_IS);
    good.push(format!("deep{}/10-deep.md", "/d".repeat(100)));
    // A symlink to a good file is read.
    symlink(a.join("10-plain.md"), a.join("10-linked.md")).unwrap();
    good.push("10-linked.md".into());
    // One line of 10 MB, under the default 16 MiB limit: graded, and quickly. Its last
    // megabyte is dense with evidence, sentences and stars on that one line: locating every
    // hit from the line start, matching every hit to every sentence and scanning the line
    // again at every `*` made this take minutes (kept as a regression test).
    let mut line = GOOD_EQ_IS.trim_end().to_string();
    while line.len() < 9_000_000 {
        line.push_str(" and so on");
    }
    while line.len() < 10_000_000 {
        line.push_str(" It is *so: the same object.");
    }
    line.push('\n');
    write(&a.join("10-one-long-line.md"), line);
    good.push("10-one-long-line.md".into());
    // Tens of thousands of subjects (`is`, `==`) in a session, and a table whose one row
    // holds as many cells: finding the subject of each statement by a walk over every
    // subject named made these take seconds in a release build (kept as a regression test).
    write(
        &a.join("10-many-subjects.md"),
        ">>> a is b\nFalse\n>>> a == b\nTrue\n".repeat(15_000),
    );
    good.push("10-many-subjects.md".into());
    write(
        &a.join("10-wide-table.md"),
        format!(
            "| op | says |\n|---|---|\n{}\n",
            "| `is` identity ".repeat(30_000)
        ),
    );
    good.push("10-wide-table.md".into());

    // Bad files.
    write(&a.join("10-empty.md"), "");
    bad.push(("10-empty.md".into(), vec!["empty", "write the answer"]));
    write(&a.join("10-blank.md"), " \n\t\r\n  \n");
    bad.push(("10-blank.md".into(), vec!["empty", "write the answer"]));
    write(&a.join("10-front-only.md"), "---\nquestion: 10\n---\n\n");
    bad.push(("10-front-only.md".into(), vec!["empty"]));
    write(
        &a.join("10-binary.md"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00binary",
    );
    bad.push(("10-binary.md".into(), vec!["binary", "plain text"]));
    write(&a.join("bad-yaml.md"), "---\nquestion: [10\n---\nText\n");
    bad.push(("bad-yaml.md".into(), vec!["2:", "not valid YAML", "fix it"]));
    write(
        &a.join("unclosed.md"),
        "---\nquestion: 10\nText with no closing fence\n",
    );
    bad.push(("unclosed.md".into(), vec!["not closed", "`---`"]));
    write(
        &a.join("unknown-id.md"),
        "---\nquestion: no-such-question\n---\nText\n",
    );
    bad.push((
        "unknown-id.md".into(),
        vec!["no-such-question", "pyprep list"],
    ));
    write(&a.join("999-unknown-number.md"), GOOD_EQ_IS);
    bad.push(("999-unknown-number.md".into(), vec!["`999`", "pyprep list"]));
    write(&a.join("notes.md"), GOOD_EQ_IS);
    bad.push(("notes.md".into(), vec!["which question", "--question"]));
    // Over the size limit: a sparse 17 MiB file, refused by its size before any read.
    let huge = fs::File::create(a.join("10-huge.md")).unwrap();
    huge.set_len(17 << 20).unwrap();
    bad.push((
        "10-huge.md".into(),
        vec!["over the limit", "--max-answer-bytes"],
    ));
    // A FIFO nobody writes to: opening it would block forever.
    mkfifo(&a.join("10-fifo.md"));
    bad.push(("10-fifo.md".into(), vec!["FIFO", "without opening"]));
    mkfifo(&a.join("fifo-target"));
    symlink(a.join("fifo-target"), a.join("10-fifo-link.md")).unwrap();
    bad.push(("10-fifo-link.md".into(), vec!["symbolic link", "FIFO"]));
    // Symlink loops and dead links.
    symlink("10-self-loop.md", a.join("10-self-loop.md")).unwrap();
    bad.push((
        "10-self-loop.md".into(),
        vec!["symbolic link", "loop", "remove it"],
    ));
    symlink("nowhere.md", a.join("10-dangling.md")).unwrap();
    bad.push((
        "10-dangling.md".into(),
        vec!["does not exist", "fix the link"],
    ));
    symlink(&a, a.join("loop")).unwrap();
    symlink(&a, a.join("folder-link.md")).unwrap();
    bad.push((
        "folder-link.md".into(),
        vec!["link to a folder", "not followed"],
    ));
    // An unreadable file is its own test (below): root reads it anyway.
    Folder {
        _tmp: tmp,
        root,
        good,
        bad,
    }
}

#[test]
fn hostile_answer_folder_is_graded_around_the_bad_files() {
    let f = hostile_folder();
    let r = run(&f.root, &["grade", "answers", "--format", "json"]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert!(r.took < TIMEOUT, "took {:?}", r.took);

    let mut got = graded(&r.report, "answers");
    got.sort();
    let mut want = f.good.clone();
    want.sort();
    assert_eq!(got, want, "every good answer graded, nothing else");

    let errs = errors(&r.report, "answers");
    for (file, words) in &f.bad {
        assert_error(&errs, file, words);
    }
    assert_eq!(errs.len(), f.bad.len(), "unexpected errors: {errs:#?}");
    assert_eq!(r.report["summary"]["errors"], f.bad.len());
    assert_eq!(r.report["summary"]["graded"], f.good.len());

    let results = r.report["results"].as_array().unwrap();
    let result = |file: &str| {
        results
            .iter()
            .find(|x| x["file"].as_str().unwrap().ends_with(file))
            .unwrap()
    };
    // BOM and CRLF change nothing: the same score as the plain answer, evidence on line 4.
    assert_eq!(
        result("bom-crlf.md")["score"],
        result("10-plain.md")["score"]
    );
    let first = &result("bom-crlf.md")["concepts"][0]["evidence"][0];
    assert_eq!(first["line"], 4, "{first}");
    assert!(!first["text"].as_str().unwrap().contains('\r'));
    // Invalid UTF-8 is graded, with a warning saying where and what to do.
    let warning = result("06-latin1.md")["warnings"][0].as_str().unwrap();
    assert!(
        warning.contains("invalid UTF-8") && warning.contains("save the file as UTF-8"),
        "{warning}"
    );
    // The long line covers what its opening sentence says. (Its score may differ: in an
    // answer that long, a concept said in one word once is only brief.)
    let covered = |file: &str| -> Vec<String> {
        result(file)["concepts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["covered"] == true)
            .map(|c| c["id"].to_string())
            .collect()
    };
    assert_eq!(covered("10-one-long-line.md"), covered("10-plain.md"));
    assert!(!covered("10-plain.md").is_empty());
}

/// A file its reader may not read is one error among good answers. Root reads any file
/// whatever its mode, so under root the test cannot see the refusal: it is ignored rather
/// than passing without checking anything.
#[test]
#[ignore = "chmod 000 does not stop root from reading; run with --ignored as a user who is not root"]
fn an_unreadable_file_is_an_error_that_says_how_to_fix_it() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("answers");
    write(&a.join("10-plain.md"), GOOD_EQ_IS);
    let locked = a.join("10-locked.md");
    write(&locked, GOOD_EQ_IS);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    assert!(
        !reads_despite_chmod_000(&locked),
        "this user reads a file of mode 000 (root does): run the test as another user"
    );
    let r = run(tmp.path(), &["grade", "answers", "--format", "json"]);
    assert_eq!(r.code, 2, "stderr: {}", r.stderr);
    assert_eq!(r.report["summary"]["graded"], 1);
    let error = &r.report["errors"][0];
    assert_eq!(error["code"], "permission-denied");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("permission denied") && message.contains("chmod"),
        "{message}"
    );
}

#[test]
fn the_table_report_lists_the_bad_files_too() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("answers/10-plain.md"), GOOD_EQ_IS);
    mkfifo(&tmp.path().join("answers/10-fifo.md"));
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args([
            "grade",
            "answers/10-fifo.md",
            "answers/10-plain.md",
            "answers/missing.md",
        ])
        .current_dir(tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(started.elapsed() < TIMEOUT);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    // The table report lists the errors after the graded answers.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("answers/10-plain.md  Q10"), "{stdout}");
    // A FIFO named on the command line is refused without being opened, too.
    assert!(
        stdout.contains("answers/10-fifo.md: not a regular file"),
        "{stdout}"
    );
    assert!(
        stdout.contains("answers/missing.md: no such file"),
        "{stdout}"
    );
}

#[test]
fn the_size_limit_is_a_flag() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("a/10-small.md"), GOOD_EQ_IS);
    write(&tmp.path().join("a/10-big.md"), GOOD_EQ_IS.repeat(3));
    let limit = (GOOD_EQ_IS.len() + 10).to_string();
    let r = run(
        tmp.path(),
        &[
            "grade",
            "a",
            "--format",
            "json",
            "--max-answer-bytes",
            &limit,
        ],
    );
    assert_eq!(r.code, 2);
    assert_eq!(graded(&r.report, "a"), ["10-small.md"]);
    let errs = errors(&r.report, "a");
    assert_error(
        &errs,
        "10-big.md",
        &["over the limit", "--max-answer-bytes"],
    );
    assert_eq!(errs.len(), 1);
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_without_waiting() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("10-good.md"), GOOD_EQ_IS);
    // Nobody writes to it: a blocking open would wait until the test's timeout.
    mkfifo(&tmp.path().join("10-fifo.md"));
    let r = run(
        tmp.path(),
        &["grade", "10-fifo.md", "10-good.md", "--format", "json"],
    );
    assert_eq!(r.code, 2);
    assert_eq!(graded(&r.report, ""), ["10-good.md"]);
    let errs = errors(&r.report, "");
    assert_error(&errs, "10-fifo.md", &["FIFO", "not read"]);
}

#[test]
fn a_file_that_reports_no_size_is_still_read() {
    // Files of /proc say they are empty and are not: read to their end, within the limit.
    let proc_file = Path::new("/proc/version");
    if !proc_file.exists() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let r = run(
        tmp.path(),
        &[
            "grade",
            "--question",
            "1",
            "/proc/version",
            "--format",
            "json",
        ],
    );
    assert_eq!(
        r.report["results"][0]["file"], "/proc/version",
        "{}",
        r.stderr
    );
    assert!(r.report["results"][0]["words"].as_u64().unwrap() > 0);
}

/// Answers to every built-in question, for the bank tests.
fn one_answer_per_question(dir: &Path) {
    for n in 1..=15 {
        write(
            &dir.join(format!("{n:02}-answer.md")),
            "Python objects are values with an identity; lists are mutable and tuples are \
             immutable, and a function is an object too.\n",
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// The built-in bank's files with one rubric `stem` replaced by `text`.
fn replace_rubric(bank: &Path, stem: &str, text: impl AsRef<[u8]>) {
    write(&bank.join("rubrics").join(format!("{stem}.yaml")), text);
}

fn alias_bomb() -> String {
    let mut doc =
        String::from("question: key-features\nbomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        doc.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    doc.push_str("concepts: *a11\n");
    doc
}

#[test]
fn broken_rubrics_refuse_their_questions_only() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("bank");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&manifest.join("content"), &bank.join("content"));
    copy_dir(&manifest.join("rubrics"), &bank.join("rubrics"));
    copy_dir(
        &manifest.join("content"),
        &tmp.path().join("pristine/content"),
    );
    copy_dir(
        &manifest.join("rubrics"),
        &tmp.path().join("pristine/rubrics"),
    );
    let original =
        |stem: &str| fs::read_to_string(bank.join(format!("rubrics/{stem}.yaml"))).unwrap();

    replace_rubric(&bank, "001-key-features", alias_bomb());
    replace_rubric(
        &bank,
        "002-execution",
        format!(
            "question: execution\nconcepts: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
    );
    // Over the loader's 4 MiB: comments cost nothing to write.
    let mut huge = original("003-pep8");
    while huge.len() <= 4 << 20 {
        huge.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    replace_rubric(&bank, "003-pep8", huge);
    let bad_regex = original("004-memory-management").replacen(
        "concepts:\n",
        "concepts:\n  - id: bad-regex\n    label: Bad\n    patterns: ['(unclosed', 'x{99999999}']\n",
        1,
    );
    replace_rubric(&bank, "004-memory-management", bad_regex);
    let empty_dup = original("005-builtin-types").replacen(
        "concepts:\n",
        "concepts:\n  - id: hollow\n    label: No terms\n  - id: hollow\n    label: Twice\n    terms: ['', '!!']\n",
        1,
    );
    replace_rubric(&bank, "005-builtin-types", empty_dup);
    fs::remove_file(bank.join("rubrics/006-mutable-immutable.yaml")).unwrap();
    replace_rubric(&bank, "007-exceptions", b"question: exceptions\n\xff\xfe\n");
    let no_question = original("008-list-vs-tuple").replacen("question: list-vs-tuple\n", "", 1);
    replace_rubric(&bank, "008-list-vs-tuple", no_question);
    // A rubric for a question the bank does not have changes nothing for grading.
    replace_rubric(&bank, "016-ghost", original("010-eq-vs-is"));

    one_answer_per_question(&tmp.path().join("answers"));
    // The bank is a draft under tuning: the questions its own rubrics let grade are the baseline.
    let baseline = run(
        tmp.path(),
        &["--bank", "pristine", "grade", "answers", "--format", "json"],
    );
    let r = run(
        tmp.path(),
        &["--bank", "bank", "grade", "answers", "--format", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.took < Duration::from_secs(20), "took {:?}", r.took);
    let mut got = graded(&r.report, "answers");
    got.sort();
    let errs = errors(&r.report, "answers");
    let broken: Vec<String> = (1..=8).map(|n| format!("{n:02}-answer.md")).collect();
    let mut want = graded(&baseline.report, "answers");
    want.retain(|f| !broken.contains(f));
    want.sort();
    assert!(!want.is_empty(), "the built-in bank grades nothing");
    assert_eq!(got, want, "{errs:#?}");
    for file in &broken {
        assert!(errs.iter().any(|(f, _)| f == file), "{file} not refused");
    }
    let rubric = |stem: &str| format!("bank/rubrics/{stem}.yaml");
    assert_error(
        &errs,
        "01-answer.md",
        &[
            "`key-features` cannot be used",
            &rubric("001-key-features"),
            "pyprep check",
        ],
    );
    assert_error(
        &errs,
        "02-answer.md",
        &[
            &format!("{}:2:", rubric("002-execution")),
            "nested more than 32 levels",
        ],
    );
    assert_error(&errs, "03-answer.md", &[&rubric("003-pep8"), "over 4 MiB"]);
    assert_error(
        &errs,
        "04-answer.md",
        &[
            &rubric("004-memory-management"),
            "[bad-pattern]",
            "unclosed group",
            "size limit",
        ],
    );
    assert_error(
        &errs,
        "05-answer.md",
        &[
            "[no-way-to-match]",
            "[duplicate-concept]",
            "[empty-term]",
            "`hollow`",
        ],
    );
    assert_error(
        &errs,
        "06-answer.md",
        &[
            "[missing-rubric]",
            "rubrics/006-mutable-immutable.yaml does not exist",
        ],
    );
    assert_error(
        &errs,
        "07-answer.md",
        &[&rubric("007-exceptions"), "not UTF-8"],
    );
    assert_error(
        &errs,
        "08-answer.md",
        &[&rubric("008-list-vs-tuple"), "question"],
    );
    // Every message is located: file:line:column where the YAML parsed far enough.
    for (file, message) in &errs {
        if !["03-answer.md", "06-answer.md", "07-answer.md"].contains(&file.as_str()) {
            assert!(
                message.contains(".yaml:") && message.contains("(help: "),
                "{file}: {message}"
            );
        }
    }
}

#[test]
fn alias_bombs_and_deep_nesting_in_front_matter_fail_fast() {
    let tmp = tempfile::tempdir().unwrap();
    // The bomb in front matter, where nothing is typed to stop it early.
    let mut front =
        String::from("---\nquestion: 10\nx:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        front.push_str(&format!(
            "  a{i}: &a{i} [{}]\n",
            vec![format!("*a{p}"); 10].join(", ")
        ));
    }
    front.push_str("---\nText\n");
    write(&tmp.path().join("answers/bomb.md"), front);
    write(
        &tmp.path().join("answers/deep.md"),
        format!(
            "---\nquestion: 10\nx: {}{}\n---\nText\n",
            "{a: ".repeat(5000),
            "}".repeat(5000)
        ),
    );
    let r = run(tmp.path(), &["grade", "answers", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.took < Duration::from_secs(10), "took {:?}", r.took);
    let errs = errors(&r.report, "answers");
    assert_error(&errs, "bomb.md", &["front matter", "alias"]);
    assert_error(
        &errs,
        "deep.md",
        &["front matter", "nested more than 32 levels"],
    );
}

#[test]
fn bad_standard_input_is_one_bad_answer() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("10-plain.md"), GOOD_EQ_IS);
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args(["grade", "-", "10-plain.md", "--format", "json"])
        .current_dir(tmp.path())
        .write_stdin(b"\x00\x01binary".as_slice())
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(graded(&report, ""), ["10-plain.md"]);
    assert_error(&errors(&report, ""), "-", &["binary", "plain text"]);

    // Invalid UTF-8 on standard input is read lossily, with the same warning as a file.
    let mut latin1 = GOOD_EQ_IS.as_bytes().to_vec();
    latin1.extend_from_slice(b"caf\xe9\n");
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args(["grade", "-", "--question", "10", "--format", "json"])
        .write_stdin(latin1)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warning = report["results"][0]["warnings"][0].as_str().unwrap();
    assert!(warning.contains("invalid UTF-8"), "{warning}");
}

/// A copy of `from` with its subfolders.
fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs `pyprep ARGS` in `dir` with a secret in its environment; (status, stdout + stderr).
fn run_with_secret(dir: &Path, args: &[&str], secret: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("PYPREP_TEST_SECRET", secret)
        .env_remove("PYPREP_BANK")
        .stdin(Stdio::null())
        .output()
        .expect("pyprep runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "a panic:\n{text}");
    (out.status.code().expect("exited"), text)
}

#[test]
fn bank_links_that_leave_the_bank_are_refused_by_name_and_never_quoted() {
    const SECRET: &str = "hunter2-token-6f1d";
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("bank");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/good-bank"),
        &bank,
    );
    // Outside the bank: a file holding a secret, and the real rubric of question 1.
    let outside = tmp.path().join("elsewhere");
    write(&outside.join("notes.md"), format!("TOKEN={SECRET}\nmore\n"));
    let rubric = bank.join("rubrics/001-eq-vs-is.yaml");
    fs::rename(&rubric, outside.join("001.yaml")).unwrap();
    symlink(outside.join("001.yaml"), &rubric).unwrap();
    symlink(outside.join("notes.md"), bank.join("content/003-leak.md")).unwrap();
    symlink(
        outside.join("notes.md"),
        bank.join("fixtures/001-eq-vs-is/leak.md"),
    )
    .unwrap();
    if Path::new("/proc/self/environ").exists() {
        symlink("/proc/self/environ", bank.join("content/004-environ.md")).unwrap();
    }
    // A link inside the bank is fine: question 2's content lives in a subfolder.
    fs::create_dir(bank.join("shared")).unwrap();
    fs::rename(
        bank.join("content/002-list-vs-tuple.md"),
        bank.join("shared/002.md"),
    )
    .unwrap();
    symlink(
        "../shared/002.md",
        bank.join("content/002-list-vs-tuple.md"),
    )
    .unwrap();
    let outside_rubric = fs::read(outside.join("001.yaml")).unwrap();

    let (status, text) = run_with_secret(&bank, &["check"], SECRET);
    assert_eq!(status, 1, "{text}");
    assert!(!text.contains(SECRET), "a secret quoted:\n{text}");
    for link in [
        "content/003-leak.md",
        "rubrics/001-eq-vs-is.yaml",
        "fixtures/001-eq-vs-is/leak.md",
    ] {
        let said = text
            .split("\n\n")
            .any(|b| b.contains(&format!("--> {link}")) && b.contains("points outside the bank"));
        assert!(said, "{link} not named as a link out of the bank:\n{text}");
    }
    assert!(
        !text.contains("--> content/002-list-vs-tuple.md"),
        "the link inside the bank is a bank file:\n{text}"
    );

    // --bless never writes through the link out of the bank.
    let content = bank.join("content/001-eq-vs-is.md");
    let edited = fs::read_to_string(&content).unwrap().replace(
        "title: What is the difference between == and is?",
        "title: How do == and is differ?",
    );
    fs::write(&content, edited).unwrap();
    let (_, text) = run_with_secret(&bank, &["check", "--bless"], SECRET);
    assert!(!text.contains(SECRET), "{text}");
    assert_eq!(fs::read(outside.join("001.yaml")).unwrap(), outside_rubric);
    assert!(fs::symlink_metadata(&rubric).unwrap().is_symlink());

    // Grading with the bank is refused for question 1 only, and quotes nothing outside.
    let answers = tmp.path().join("answers");
    write(&answers.join("eq-vs-is.md"), GOOD_EQ_IS);
    write(
        &answers.join("list-vs-tuple.md"),
        "Lists are mutable; tuples are not.\n",
    );
    let (_, text) = run_with_secret(
        tmp.path(),
        &["grade", "--bank", "bank", "answers", "--format", "json"],
        SECRET,
    );
    assert!(!text.contains(SECRET), "{text}");
}

/// Runs `pyprep ARGS` in `dir` with stdout and stderr in files (so a large report cannot
/// fill a pipe and stall the child), killing it if it outlives [`TIMEOUT`]; (status,
/// stdout, stderr). A panic fails the test.
fn run_raw(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PYPREP_BANK")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .expect("the pyprep binary runs");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("pyprep {args:?} did not finish within {TIMEOUT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = fs::read_to_string(&out_path).unwrap();
    let stderr = fs::read_to_string(&err_path).unwrap();
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let code = status.code().expect("exited, not killed by a signal");
    (code, stdout, stderr)
}

#[test]
fn special_files_in_a_bank_are_passed_over_by_new_list_and_check() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("bank");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/good-bank"),
        &bank,
    );
    mkfifo(&bank.join("content/050-pipe.md"));
    mkfifo(&bank.join("rubrics/050-pipe.yaml"));
    symlink("/dev/zero", bank.join("content/051-zero.md")).unwrap();

    let (code, stdout, stderr) = run_raw(
        tmp.path(),
        &[
            "new",
            "generators",
            "--title",
            "How do generators work?",
            "--dir",
            "bank",
        ],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Numbered after the bank's two questions, as `list` counts them.
    assert!(
        bank.join("content/003-generators.md").is_file(),
        "{stdout}{stderr}"
    );
    assert!(bank.join("rubrics/003-generators.yaml").is_file());

    let (code, stdout, stderr) = run_raw(tmp.path(), &["list", "--bank", "bank"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("generators") && !stdout.contains("pipe"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run_raw(tmp.path(), &["check", "bank"]);
    assert!(code == 0 || code == 1, "{stdout}{stderr}");
    assert!(!stdout.contains("pipe"), "{stdout}");
    // The link to /dev/zero leaves the bank: named, never read.
    assert!(
        stdout.contains("points outside the bank (to /dev/zero)"),
        "{stdout}"
    );
}
/// Runs `pyprep ARGS` in `dir` with a timeout, for commands whose output is not a JSON
/// report: (status, stdout, stderr). A panic is a failure whatever the status.
fn run_plain(dir: &Path, args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_pyprep"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("PYPREP_BANK")
        .write_stdin(stdin)
        .timeout(TIMEOUT)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic:\n{stderr}");
    let code = out.status.code().expect("exited, not killed by a signal");
    (code, stdout, stderr)
}

/// A bank of question 10 alone, graded by `rubric`.
fn bank_of_question_10(bank: &Path, rubric: &str) {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    write(
        &bank.join("content/010-eq-vs-is.md"),
        fs::read(manifest.join("content/010-eq-vs-is.md")).unwrap(),
    );
    write(&bank.join("rubrics/010-eq-vs-is.yaml"), rubric);
}

#[test]
fn weights_that_sum_past_any_number_are_refused_at_load() {
    let tmp = tempfile::tempdir().unwrap();
    // Two weights of 1e308 sum to infinity: the score was NaN, and NaN is below no
    // --min-score, so the run passed with exit 0.
    bank_of_question_10(
        &tmp.path().join("bank"),
        "question: eq-vs-is\nconcepts:\n  - id: identity\n    label: Identity\n    weight: 1e308\n    terms: [identity]\n  - id: equality\n    label: Equality\n    weight: 1e308\n    terms: [equal values]\n  - id: wide\n    label: Wide\n    terms:\n      - {text: compares identity, slack: 18446744073709551615}\nmisconceptions:\n  - id: m\n    label: M\n    penalty: 1e308\n    terms: [is compares values]\n",
    );
    write(&tmp.path().join("10.md"), GOOD_EQ_IS);
    let r = run(
        tmp.path(),
        &[
            "--bank",
            "bank",
            "grade",
            "10.md",
            "--min-score",
            "60",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errs = errors(&r.report, "");
    let rubric = "bank/rubrics/010-eq-vs-is.yaml";
    assert_error(
        &errs,
        "10.md",
        &[
            &format!("{rubric}:5:13"),
            "weight 1e308, not a number above 0 and at most 1000",
            &format!("{rubric}:9:13"),
            "[bad-weight]",
            &format!("{rubric}:14:9"),
            "slack 18446744073709551615, over 20",
            &format!("{rubric}:18:14"),
            "penalty 1e308, outside 0..100",
        ],
    );
}

#[test]
fn eval_refuses_a_human_score_that_is_no_score() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, score) in [
        ("nan", ".nan"),
        ("inf", ".inf"),
        ("high", "200"),
        ("good", "80"),
    ] {
        write(
            &tmp.path().join(format!("labels/{name}.md")),
            format!("---\nquestion: 10\nhuman_score: {score}\n---\n{GOOD_EQ_IS}"),
        );
    }
    let (code, stdout, stderr) = run_plain(tmp.path(), &["eval", "labels"], b"");
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stdout.contains("1 labelled answers"), "{stdout}");
    assert!(
        !stdout.contains("NaN") && !stdout.contains("inf"),
        "{stdout}"
    );
    for (name, shown) in [("nan", "NaN"), ("inf", "inf"), ("high", "200")] {
        let want = format!(
            "error: labels/{name}.md: 3:1: human_score {shown} is not a score from 0 to 100; give the score"
        );
        assert!(stderr.contains(&want), "{want}\nnot in\n{stderr}");
    }
}

#[test]
fn new_after_the_largest_question_number_is_an_error_not_question_0() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("content/4294967295-last.md"),
        "---\nid: last\ntitle: The last one?\n---\nModel answer.\n",
    );
    let (code, stdout, stderr) = run_plain(tmp.path(), &["new", "next"], b"");
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("content/4294967295-last.md is question 4294967295, the largest number")
            && stderr.contains("--number"),
        "{stderr}"
    );
    assert!(!tmp.path().join("content/000-next.md").exists());
    assert!(!tmp.path().join("rubrics/000-next.yaml").exists());
}

#[test]
fn the_largest_size_limit_does_not_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    write(&tmp.path().join("10.md"), GOOD_EQ_IS);
    let max = u64::MAX.to_string();
    for args in [
        ["grade", "-", "--question", "10", "--max-answer-bytes", &max],
        [
            "grade",
            "10.md",
            "--format",
            "table",
            "--max-answer-bytes",
            &max,
        ],
    ] {
        let (code, stdout, stderr) = run_plain(tmp.path(), &args, GOOD_EQ_IS.as_bytes());
        assert_eq!(code, 0, "{args:?}\n{stdout}\n{stderr}");
        assert!(stdout.contains("PASS"), "{stdout}");
    }
}

#[test]
fn a_question_that_is_neither_number_nor_id_is_said_in_words() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        &tmp.path().join("answers/float.md"),
        format!("---\nquestion: 10.0\n---\n{GOOD_EQ_IS}"),
    );
    write(
        &tmp.path().join("answers/bool.md"),
        format!("---\nkind: x\nquestion: yes\n---\n{GOOD_EQ_IS}"),
    );
    let r = run(tmp.path(), &["grade", "answers", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let errs = errors(&r.report, "answers");
    assert_error(
        &errs,
        "float.md",
        &[
            "2:11:",
            "question must be a number like 10 or an id like `gil`, not 10.0",
        ],
    );
    assert_error(
        &errs,
        "bool.md",
        &["3:11:", "or an id like `gil`, not true"],
    );
    for (_, message) in &errs {
        assert!(
            !message.contains("untagged") && !message.contains("enum"),
            "{message}"
        );
    }
}

/// A rubric of question `id` with one concept `wide`, whose `key:` list is `items`, one a
/// line from line 6 on.
fn rubric_with_list(id: &str, key: &str, items: impl Iterator<Item = String>) -> String {
    let mut text =
        format!("question: {id}\nconcepts:\n  - id: wide\n    label: Wide\n    {key}:\n");
    for item in items {
        text.push_str(&format!("      - {item}\n"));
    }
    text
}

#[test]
fn rubrics_and_glossaries_over_their_budgets_fail_fast_and_located() {
    let tmp = tempfile::tempdir().unwrap();
    let bank = tmp.path().join("bank");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&manifest.join("content"), &bank.join("content"));
    copy_dir(&manifest.join("rubrics"), &bank.join("rubrics"));
    // 2 000 patterns of over 1 MiB compiled each took 3.5 GB and 12.7 s: the budget of
    // compiled bytes stops at the 23rd (24 MiB), line 6 + 22.
    replace_rubric(
        &bank,
        "001-key-features",
        rubric_with_list(
            "key-features",
            "patterns",
            (0..2000).map(|_| r"'\w{20}'".to_string()),
        ),
    );
    // 20 000 patterns the engine refuses cost 6 ms each to refuse: the count stops at
    // the 129th, before it is compiled.
    replace_rubric(
        &bank,
        "002-execution",
        rubric_with_list(
            "execution",
            "patterns",
            (0..20_000).map(|i| format!("'x{{{}}}'", 99_999_990 + i % 9)),
        ),
    );
    replace_rubric(
        &bank,
        "003-pep8",
        rubric_with_list(
            "pep8",
            "patterns",
            std::iter::once(format!("'{}'", "a".repeat(3000))),
        ),
    );
    // 90 000 terms made one long answer take 77 s.
    replace_rubric(
        &bank,
        "004-memory-management",
        rubric_with_list(
            "memory-management",
            "terms",
            (0..90_000).map(|i| format!("word{i} other{i}")),
        ),
    );
    replace_rubric(
        &bank,
        "005-builtin-types",
        rubric_with_list(
            "builtin-types",
            "terms",
            std::iter::once(vec!["word"; 300].join(" ")),
        ),
    );
    // One group of 95 000 words made one answer take 24 s and 3.3 GB.
    let group: Vec<String> = (0..95_000).map(|i| format!("w{i}")).collect();
    write(
        &bank.join("rubrics/glossary.yaml"),
        format!(
            "synonyms:\n  - [dict, dictionary]\n  - [{}]\n",
            group.join(", ")
        ),
    );
    one_answer_per_question(&tmp.path().join("answers"));
    let r = run(
        tmp.path(),
        &["--bank", "bank", "grade", "answers", "--format", "json"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.took < Duration::from_secs(30), "took {:?}", r.took);
    let errs = errors(&r.report, "answers");
    let rubric = |stem: &str| format!("bank/rubrics/{stem}.yaml");
    assert_error(
        &errs,
        "01-answer.md",
        &[
            &format!("{}:28:9: [over-budget]", rubric("001-key-features")),
            "with this pattern of `wide` the rubric's patterns take more than 24 MiB compiled",
            "(help: use fewer or simpler patterns",
        ],
    );
    assert_error(
        &errs,
        "02-answer.md",
        &[
            &format!("{}:134:9: [over-budget]", rubric("002-execution")),
            "with this pattern of `wide` the rubric has more than 128 patterns",
        ],
    );
    assert_error(
        &errs,
        "03-answer.md",
        &[
            &format!("{}:6:9: [over-budget]", rubric("003-pep8")),
            "a pattern of `wide` is 3000 bytes long, over the 2000 a pattern may have",
        ],
    );
    assert_error(
        &errs,
        "04-answer.md",
        &[
            &format!("{}:2006:9: [over-budget]", rubric("004-memory-management")),
            "`wide` has more than 2000 terms",
        ],
    );
    assert_error(
        &errs,
        "05-answer.md",
        &[
            &format!("{}:6:9: [over-budget]", rubric("005-builtin-types")),
            "a term of `wide` has 300 words, over the 256 a term may have",
        ],
    );
    // One located error a budget, not one a pattern or term past it (002's 128 patterns
    // before it are each refused by the engine, and each says so; a concept left with no
    // term or pattern says that too, as for a pattern that does not compile).
    for (file, message) in &errs {
        let most = if file == "02-answer.md" { 128 + 4 } else { 4 };
        assert!(message.lines().count() <= most, "{file}: {message}");
    }
    assert!(
        r.stderr.contains(
            "bank/rubrics/glossary.yaml:3:5: [over-budget] a synonym group of 95000 words, over the 32 a group may have"
        ),
        "{}",
        r.stderr
    );
    // The other questions are graded as ever, without the glossary.
    assert!(graded(&r.report, "answers").contains(&"10-answer.md".to_string()));
}
