//! Sessions driven by a script: the prompter, the clock and the seed are fixed, so the whole
//! screen is checked exactly. Also the history's robustness, and the binary's session
//! commands on pipes (the pseudo-terminal tests are in tests/pty.rs).

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

use pyprep::bank::{Bank, Question};
use pyprep::history::{Attempt, HistoryFile};
use pyprep::report::Style;
use pyprep::session::run::{MockPlan, Options, Outcome, Recorder, Session, Stop, draw};
use pyprep::session::{ScriptedPrompter, SteppingClock, Transcript};

/// 2026-11-28T02:30:00Z.
const START_MS: i64 = 1_795_833_000_000;

fn bank_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/session-bank")
}

fn bank() -> Bank {
    Bank::from_dir(&bank_dir()).expect("the test bank loads")
}

fn options() -> Options {
    Options {
        editor: false,
        style: Style {
            color: false,
            width: 80,
            verbose: false,
            quiet: false,
        },
        quiet: false,
    }
}

/// What a scripted session left behind.
struct Run {
    outcome: Outcome,
    screen: String,
    errors: String,
    prompts: Vec<String>,
}

/// Runs `body` with `lines` typed, a clock that moves `step_ms` per read, and `history`.
fn run(
    bank: &Bank,
    lines: &[&str],
    step_ms: i64,
    history: Option<&Path>,
    body: impl FnOnce(&mut Session) -> std::io::Result<Outcome>,
) -> Run {
    let transcript = Transcript::default();
    let mut prompter = ScriptedPrompter::lines(lines).echo_to(transcript.clone());
    let clock = SteppingClock::new(START_MS, step_ms);
    let mut out = transcript.clone();
    let mut err: Vec<u8> = Vec::new();
    let outcome = {
        let mut session = Session {
            bank,
            prompter: &mut prompter,
            clock: &clock,
            out: &mut out,
            err: &mut err,
            recorder: Recorder::new(history.map(HistoryFile::new)),
            options: options(),
        };
        body(&mut session).expect("the session runs")
    };
    Run {
        outcome,
        screen: transcript.text(),
        errors: String::from_utf8(err).unwrap(),
        prompts: prompter.prompts,
    }
}

fn load(path: &Path) -> Vec<Attempt> {
    let loaded = HistoryFile::new(path).load().unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.attempts
}

fn question<'b>(bank: &'b Bank, n: &str) -> &'b Question {
    bank.resolve(n).unwrap()
}

#[test]
fn ask_shows_the_report_and_records_the_attempt() {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let r = run(
        &bank,
        &[
            "`is` compares identity:",
            "",
            "two names, the same object.",
            ".",
        ],
        1000,
        Some(&history),
        |s| s.ask(question(&bank, "1")),
    );
    let screen = r.screen.replace(&dir.path().display().to_string(), "[DIR]");
    assert_eq!(
        screen,
        r#"Question 1: What does the is operator compare?
Type your answer; end it with a line holding only `.` or with Ctrl-D.
`:e` on a line of its own opens your editor on the answer so far.
> `is` compares identity:
> 
> two names, the same object.
> .

your answer  Q1 identity  66.7/100  PASS
  What does the is operator compare?
┌───┬────────────────────────┬────────┬──────────────────────────────────┐
│   ┆ concept                ┆ weight ┆ evidence / hint                  │
╞═══╪════════════════════════╪════════╪══════════════════════════════════╡
│ ✓ ┆ `is` compares identity ┆ 2      ┆ "identity" (1:15), "same object" │
│   ┆ (required)             ┆        ┆ (3:16)                           │
│ ✗ ┆ `==` compares values   ┆ 1      ┆ Say what `==` checks.            │
└───┴────────────────────────┴────────┴──────────────────────────────────┘
  read up: pyprep show 1 --answer

[m] model answer, [r] try again, Enter to finish: ^D
Saved in your history ([DIR]/history.jsonl); see `pyprep history` and `pyprep stats`.
"#
    );
    assert_eq!(r.errors, "");
    let attempts = load(&history);
    assert_eq!(attempts.len(), 1);
    let a = &attempts[0];
    // The clock was read at the start and at the submission: 1 s apart.
    assert_eq!(a.time, "2026-11-28T02:30:01Z");
    assert_eq!(a.seconds, Some(1));
    assert_eq!(a.question, "identity");
    assert_eq!(a.mode.as_deref(), Some("ask"));
    assert_eq!(
        a.answer,
        "`is` compares identity:\n\ntwo names, the same object.\n"
    );
    assert_eq!(a.covered, vec!["identity"]);
    assert_eq!(a.missed, vec!["values"]);
    assert_eq!(a.pass, Some(true));
}

#[test]
fn mock_draw_is_fixed_by_the_seed() {
    let bank = bank();
    let pool: Vec<&Question> = bank.questions.iter().collect();
    let ids = |seed| {
        draw(&pool, 2, seed)
            .iter()
            .map(|q| q.id().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(7), ids(7));
    assert_eq!(ids(7), vec!["tuples", "lambdas"]);
    assert_eq!(draw(&pool, 10, 1).len(), 3);
}

#[test]
fn mock_ctrl_c_ends_the_interview_with_a_scorecard_naming_the_unanswered_and_a_draft() {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let pool: Vec<&Question> = bank.questions.iter().collect();
    let plan = MockPlan {
        questions: draw(&pool, 2, 7),
        seed: 7,
        time_limit: Some(Duration::from_secs(30 * 60)),
        defer: false,
    };
    let r = run(
        &bank,
        &[
            "A tuple is immutable: it cannot be changed once made.",
            ".",
            "A lambda is",
            "anony^C",
        ],
        61_000,
        Some(&history),
        |s| s.mock(&plan),
    );
    assert_eq!(r.outcome.stop, Stop::Interrupted);
    assert_eq!(r.outcome.results.len(), 1);
    // The clock moves 61 s per read: the prompt shows the time passing.
    assert_eq!(
        r.prompts,
        vec![
            "[03:03 elapsed | 26:57 left] > ",
            "[04:04 elapsed | 25:56 left] > ",
            "[08:08 elapsed | 21:52 left] > ",
            "[09:09 elapsed | 20:51 left] > ",
        ]
    );
    let screen = r.screen.replace(&dir.path().display().to_string(), "[DIR]");
    let tail = &screen[screen.find("Question 3 (2 of 2)").unwrap()..];
    assert_eq!(
        tail,
        r#"Question 3 (2 of 2): What is a lambda?
[08:08 elapsed | 21:52 left] > A lambda is
[09:09 elapsed | 20:51 left] > anony^C

Your unfinished answer is saved in
  [DIR]/drafts/20261128T024010Z-lambdas.md
(`pyprep grade` on that file grades it as it stands).

Interview ended early: 1 of 2 answered.

Scorecard (11:11 elapsed):
┌───┬──────────────────────┬───────┬────────────┬──────────────────────────┐
│ # ┆ question             ┆ score ┆ verdict    ┆ biggest gap              │
╞═══╪══════════════════════╪═══════╪════════════╪══════════════════════════╡
│ 1 ┆ Q2 Why are tuples    ┆ 50.0  ┆ FAIL       ┆ Tuples can be hashed and │
│   ┆ immutable?           ┆       ┆            ┆ used as dictionary keys  │
│ 2 ┆ Q3 What is a lambda? ┆ -     ┆ unanswered ┆ -                        │
└───┴──────────────────────┴───────┴────────────┴──────────────────────────┘
Overall: FAIL: 0 of 2 passed, mean score 25.0, 1 unanswered counted as 0.
"#
    );
    let attempts = load(&history);
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].question, "tuples");
    assert_eq!(attempts[0].mode.as_deref(), Some("mock"));
    let draft =
        std::fs::read_to_string(dir.path().join("drafts/20261128T024010Z-lambdas.md")).unwrap();
    assert_eq!(draft, "---\nquestion: lambdas\n---\nA lambda is\nanony\n");
}

#[test]
fn mock_defer_holds_reports_back_and_stops_when_time_is_up() {
    let bank = bank();
    let pool: Vec<&Question> = bank.questions.iter().collect();
    let plan = MockPlan {
        questions: draw(&pool, 3, 7),
        seed: 7,
        time_limit: Some(Duration::from_secs(5 * 60)),
        defer: true,
    };
    // Each read of the clock is two minutes: the first answer takes the whole limit.
    let r = run(
        &bank,
        &["Tuples cannot be changed, so they are hashable.", "."],
        120_000,
        None,
        |s| s.mock(&plan),
    );
    assert_eq!(r.outcome.stop, Stop::TimeUp);
    assert_eq!(r.outcome.results.len(), 1);
    let screen = &r.screen;
    let time_up = screen.find("Time is up.").unwrap();
    let report = screen
        .find("your answer  Q2 tuples  100.0/100  PASS")
        .unwrap();
    assert!(time_up < report, "the report waits for the end:\n{screen}");
    assert!(
        screen
            .contains("Overall: FAIL: 1 of 3 passed, mean score 33.3, 2 unanswered counted as 0.")
    );
}

#[test]
fn practice_weakest_goes_weak_then_new_then_mastered() {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let file = HistoryFile::new(&history);
    for (q, score) in [("identity", 90.0), ("tuples", 20.0)] {
        file.append(&Attempt {
            v: 1,
            time: "2026-11-27T10:00:00Z".into(),
            question: q.into(),
            number: None,
            title: None,
            mode: Some("practice".into()),
            answer: "earlier".into(),
            score: Some(score),
            pass: Some(score >= 60.0),
            covered: vec![],
            missed: vec![],
            misconceptions: vec![],
            error: None,
            seconds: None,
        })
        .unwrap();
    }
    let ids: Vec<&str> = bank.questions.iter().map(|q| q.id()).collect();
    let order: Vec<&Question> = pyprep::session::order::weakest_first(&ids, &load(&history))
        .into_iter()
        .map(|id| bank.resolve(id).unwrap())
        .collect();
    let r = run(
        &bank,
        &["Tuples are immutable and hashable.", ".", "", ".", ":q"],
        1000,
        Some(&history),
        |s| s.practice(&order),
    );
    let asked: Vec<&str> = r
        .screen
        .lines()
        .filter(|l| l.starts_with("Question "))
        .collect();
    assert_eq!(
        asked,
        vec![
            "Question 2 (1 of 3): Why are tuples immutable?",
            "Question 3 (2 of 3): What is a lambda?",
            "Question 1 (3 of 3): What does the is operator compare?",
        ]
    );
    assert_eq!(r.outcome.stop, Stop::Quit);
    assert_eq!(r.outcome.results.len(), 1);
    // The blank answer to question 3 was skipped, not recorded.
    assert_eq!(r.outcome.skipped, 1);
    assert_eq!(load(&history).len(), 3);
    assert!(
        r.screen
            .ends_with("Practice over: 1 answered, mean score 100.0.\n")
    );
}

#[test]
fn an_unwritable_history_is_reported_once_and_grading_goes_on() {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where a folder should be").unwrap();
    let history = blocker.join("history.jsonl");
    let fallback = dir.path().join("fallback-drafts");
    let order: Vec<&Question> = bank.questions.iter().collect();
    let mut prompter =
        ScriptedPrompter::lines(&["`is` compares identity.", ".", "Tuples are immutable.", "."]);
    let clock = SteppingClock::new(START_MS, 1000);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let outcome = Session {
        bank: &bank,
        prompter: &mut prompter,
        clock: &clock,
        out: &mut out,
        err: &mut err,
        recorder: Recorder::new(Some(HistoryFile::new(&history))).with_draft_fallback(&fallback),
        options: options(),
    }
    .practice(&order[..2])
    .unwrap();
    let errors = String::from_utf8(err).unwrap();
    assert_eq!(outcome.results.len(), 2);
    assert_eq!(
        errors.matches("warning: cannot write the history").count(),
        1,
        "{errors}"
    );
    assert_eq!(outcome.stop, Stop::Finished);
    // Each answer is kept as a draft instead, and the warning says where.
    let mut drafts: Vec<PathBuf> = std::fs::read_dir(&fallback)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    drafts.sort();
    assert_eq!(drafts.len(), 2, "{errors}");
    for d in &drafts {
        assert!(errors.contains(&d.display().to_string()), "{errors}");
    }
    let texts: Vec<String> = drafts
        .iter()
        .map(|d| std::fs::read_to_string(d).unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.ends_with("\n---\n`is` compares identity.\n")),
        "{texts:?}"
    );
}

#[test]
fn an_ungradable_answer_is_still_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let bank_copy = dir.path().join("bank");
    for sub in ["content", "rubrics"] {
        std::fs::create_dir_all(bank_copy.join(sub)).unwrap();
        for e in std::fs::read_dir(bank_dir().join(sub)).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), bank_copy.join(sub).join(e.file_name())).unwrap();
        }
    }
    std::fs::write(
        bank_copy.join("rubrics/003-lambdas.yaml"),
        "question: lambdas\nconcepts: [",
    )
    .unwrap();
    let bank = Bank::from_dir(&bank_copy).unwrap();
    let history = dir.path().join("history.jsonl");
    let r = run(
        &bank,
        &["A lambda is anonymous.", "."],
        1000,
        Some(&history),
        |s| s.ask(question(&bank, "3")),
    );
    assert_eq!(r.outcome.failures, 1);
    assert!(
        r.errors.contains("error: cannot grade this answer"),
        "{}",
        r.errors
    );
    assert!(r.errors.contains("your answer is kept in the history"));
    let attempts = load(&history);
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].answer, "A lambda is anonymous.\n");
    assert_eq!(attempts[0].score, None);
    assert!(attempts[0].error.is_some());
}

#[test]
fn the_editor_gets_the_answer_so_far() {
    let bank = bank();
    let transcript = Transcript::default();
    let mut prompter = ScriptedPrompter::lines(&["`is` compares", ":e"])
        .with_edits(&["`is` compares identity.\n"])
        .echo_to(transcript.clone());
    let clock = SteppingClock::new(START_MS, 0);
    let mut out = transcript.clone();
    let mut err = Vec::new();
    let outcome = Session {
        bank: &bank,
        prompter: &mut prompter,
        clock: &clock,
        out: &mut out,
        err: &mut err,
        recorder: Recorder::new(None),
        options: options(),
    }
    .ask(question(&bank, "1"))
    .unwrap();
    assert_eq!(prompter.drafts_edited, vec!["`is` compares\n"]);
    assert_eq!(outcome.results[0].score, 66.7);
}

// ---- history robustness ----

fn big_attempt(thread: usize, i: usize) -> Attempt {
    Attempt {
        v: 1,
        time: "2026-11-28T02:30:00Z".into(),
        question: format!("t{thread}"),
        number: Some(i as u32),
        title: None,
        mode: Some("ask".into()),
        // Long enough that a torn write would show: 20 KB a line.
        answer: format!("{thread}:{i} ").repeat(4000),
        score: Some(50.0),
        pass: Some(false),
        covered: vec![],
        missed: vec![],
        misconceptions: vec![],
        error: None,
        seconds: None,
    }
}

#[test]
fn concurrent_appends_from_threads_keep_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.jsonl");
    std::thread::scope(|s| {
        for t in 0..4 {
            let path = path.clone();
            s.spawn(move || {
                let file = HistoryFile::new(path);
                for i in 0..25 {
                    file.append(&big_attempt(t, i)).unwrap();
                }
            });
        }
    });
    let attempts = load(&path);
    assert_eq!(attempts.len(), 100);
    for a in &attempts {
        let t: usize = a.question[1..].parse().unwrap();
        assert_eq!(a, &big_attempt(t, a.number.unwrap() as usize));
    }
}

fn pyprep() -> Command {
    let mut c = Command::cargo_bin("pyprep").unwrap();
    c.env_remove("PYPREP_BANK")
        .env_remove("XDG_DATA_HOME")
        .env("NO_COLOR", "1")
        .arg("--bank")
        .arg(bank_dir());
    c
}

#[test]
fn concurrent_appends_from_processes_keep_whole_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.jsonl");
    let bin = assert_cmd::cargo::cargo_bin("pyprep");
    let children: Vec<_> = (0..6)
        .map(|n| {
            let mut child = std::process::Command::new(&bin)
                .args(["--bank"])
                .arg(bank_dir())
                .args(["ask", "1"])
                .env("PYPREP_HISTORY", &path)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let answer = format!("answer {n}: `is` compares identity. ").repeat(2000);
            let mut stdin = child.stdin.take().unwrap();
            std::thread::spawn(move || {
                use std::io::Write;
                let _ = stdin.write_all(answer.as_bytes());
            });
            child
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let attempts = load(&path);
    assert_eq!(attempts.len(), 6);
    let mut seen: Vec<String> = attempts.iter().map(|a| a.answer[..9].to_string()).collect();
    seen.sort();
    assert_eq!(
        seen,
        (0..6).map(|n| format!("answer {n}:")).collect::<Vec<_>>()
    );
}

#[test]
fn piped_answer_is_graded_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.jsonl");
    pyprep()
        .args(["ask", "3"])
        .env("PYPREP_HISTORY", &path)
        .write_stdin("A lambda is an anonymous function of one expression.\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "your answer  Q3 lambdas  100.0/100  PASS",
        ));
    pyprep()
        .args(["ask", "3"])
        .env("PYPREP_HISTORY", &path)
        .write_stdin("  \n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input is empty"));
    pyprep()
        .args(["ask", "3", "--no-history"])
        .env("PYPREP_HISTORY", &path)
        .write_stdin("anonymous\n")
        .assert()
        .success();
    assert_eq!(load(&path).len(), 1);
}

#[test]
fn history_and_stats_skip_a_corrupt_line_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history.jsonl");
    for answer in [
        "A tuple cannot be changed.",
        "A tuple is immutable, so it is hashable.",
    ] {
        pyprep()
            .args(["ask", "2"])
            .env("PYPREP_HISTORY", &path)
            .write_stdin(answer)
            .assert()
            .success();
    }
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.insert_str(0, "{\"this is\": not json\n");
    std::fs::write(&path, text).unwrap();

    pyprep()
        .arg("history")
        .env("PYPREP_HISTORY", &path)
        .assert()
        .success()
        .stderr(predicate::str::contains("history.jsonl:1: skipped a line"))
        .stdout(predicate::str::contains("│ 2 ┆").and(predicate::str::contains("Q2 tuples")));
    pyprep()
        .args(["history", "show", "2"])
        .env("PYPREP_HISTORY", &path)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("  | A tuple is immutable, so it is hashable.").and(
                predicate::str::contains("attempt 2  Q2 tuples  100.0/100  PASS"),
            ),
        );
    pyprep()
        .args(["history", "show", "3"])
        .env("PYPREP_HISTORY", &path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no attempt 3"));
    pyprep()
        .arg("stats")
        .env("PYPREP_HISTORY", &path)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("│ Q2 tuples ┆ 2        ┆ 100.0 ┆ 100.0 ┆ ↑ +50.0 │")
                .and(predicate::str::contains("Never tried: 1, 3")),
        );
}

#[test]
fn history_is_empty_at_first() {
    let dir = tempfile::tempdir().unwrap();
    pyprep()
        .arg("history")
        .env("PYPREP_HISTORY", dir.path().join("none.jsonl"))
        .assert()
        .success()
        .stdout(predicate::str::contains("No attempts yet"));
}

#[test]
fn mock_says_when_it_asks_fewer_questions_than_counted() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("pyprep")
        .unwrap()
        .env("PYPREP_HISTORY", dir.path().join("history.jsonl"))
        .arg("--bank")
        .arg(bank_dir())
        .args(["mock", "--count", "50", "--seed", "1"])
        .write_stdin("")
        .assert()
        .stderr(predicate::str::contains(
            "note: --count 50, but the bank has 3 questions: the interview asks all 3",
        ));
}

/// README's practice tour is real: its command, given the lines typed at its `>` prompts,
/// prints each of its other lines, in order, on the built-in bank (the table of concepts,
/// which the README leaves out, comes between them).
#[test]
fn the_readme_practice_tour_reproduces() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme
        .split("```console\n")
        .find(|b| b.starts_with("$ pyprep practice"))
        .expect("README has a practice tour");
    let block = &block[..block.find("```").unwrap()];
    let mut lines = block.lines();
    let command = lines.next().unwrap().strip_prefix("$ pyprep ").unwrap();
    let (mut typed, mut shown) = (String::new(), Vec::new());
    for line in lines {
        match line.strip_prefix("> ") {
            Some(input) => {
                typed.push_str(input);
                typed.push('\n');
            }
            None if line.starts_with("  (") || line.trim().is_empty() => {}
            None => shown.push(line),
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("pyprep")
        .unwrap()
        .args(command.split_whitespace())
        .env("PYPREP_HISTORY", dir.path().join("history.jsonl"))
        .env_remove("PYPREP_BANK")
        .env("COLUMNS", "100")
        .write_stdin(typed)
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    let mut rest = screen.as_ref();
    for line in shown {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("README line {line:?} not in order in:\n{screen}"));
        rest = &rest[at + line.len()..];
    }
}

/// A misspelt question id or topic gets the nearest one; a number out of range, the range.
#[test]
fn near_misses_of_ids_and_topics_are_named() {
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("pyprep")
            .unwrap()
            .args(args)
            .env_remove("PYPREP_BANK")
            .env("PYPREP_HISTORY", "/nonexistent/history.jsonl")
            .write_stdin("")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(run(&["show", "eq-vs-iz"]).contains("did you mean `eq-vs-is`?"));
    assert!(run(&["ask", "gill"]).contains("did you mean `gil`?"));
    assert!(run(&["show", "400"]).contains("questions are numbered 1 to 100"));
    assert!(run(&["practice", "--topic", "function"]).contains("did you mean `functions`?"));
    assert!(run(&["mock", "--topic", "Functon"]).contains("did you mean `functions`?"));
}

/// `practice` and `mock` with lines on a pipe, an answer that calls `:e` half way, and the
/// editor given by `editor` (`None`: neither VISUAL nor EDITOR, and no editor on PATH).
fn with_failing_editor(dir: &Path, editor: Option<&str>, args: &[&str]) -> (String, String) {
    let history = dir.join("history.jsonl");
    let empty_path = dir.join("no-editors-here");
    std::fs::create_dir_all(&empty_path).unwrap();
    let mut cmd = pyprep();
    cmd.args(args)
        .env("PYPREP_HISTORY", &history)
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("PATH", &empty_path);
    if let Some(e) = editor {
        cmd.env("VISUAL", e);
    }
    let output = cmd
        .write_stdin("A tuple is immutable,\n:e\nso it is hashable.\n.\n:q\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[cfg(unix)]
#[test]
fn a_failing_editor_keeps_the_answer_and_the_session_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("bad-utf8-editor");
    std::fs::write(&bad_utf8, "#!/bin/sh\nprintf 'caf\\351\\n' > \"$1\"\n").unwrap();
    std::fs::set_permissions(&bad_utf8, std::fs::Permissions::from_mode(0o755)).unwrap();
    let falsy = dir.path().join("false-editor");
    std::fs::write(&falsy, "#!/bin/sh\nexit 1\n").unwrap();
    std::fs::set_permissions(&falsy, std::fs::Permissions::from_mode(0o755)).unwrap();
    let cases = [
        (
            Some(falsy.to_str().unwrap()),
            format!("error: the editor `{}` exited with status 1; your answer so far is kept", falsy.display()),
        ),
        (
            Some(bad_utf8.to_str().unwrap()),
            format!("error: the editor `{}` saved text that is not UTF-8; your answer so far is kept", bad_utf8.display()),
        ),
        (
            None,
            "error: no editor found: set VISUAL or EDITOR".to_string(),
        ),
        (
            Some("no-such-editor-anywhere -w"),
            "error: the editor `no-such-editor-anywhere` (from VISUAL) cannot be started: no such program".to_string(),
        ),
    ];
    for (i, (editor, said)) in cases.iter().enumerate() {
        for (mode, end) in [
            (["practice", "--seed", "1"], "Practice over: 1 answered"),
            (["mock", "--seed", "7"], "Overall:"),
        ] {
            let sub = dir.path().join(format!("{i}-{}", mode[0]));
            let (out, err) = with_failing_editor(&sub, *editor, &mode);
            assert!(err.contains(said.as_str()), "{mode:?} {editor:?}: {err}");
            assert!(!err.contains("entity not found"), "{err}");
            assert!(out.contains(end), "{mode:?} {editor:?}: {out}");
            let attempts = load(&sub.join("history.jsonl"));
            assert_eq!(attempts.len(), 1, "{out}\n{err}");
            assert_eq!(
                attempts[0].answer,
                "A tuple is immutable,\nso it is hashable.\n"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn editor_flag_with_no_editor_falls_back_to_typed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    pyprep()
        .args(["practice", "--seed", "1", "--editor"])
        .env("PYPREP_HISTORY", &history)
        .env_remove("VISUAL")
        .env_remove("EDITOR")
        .env("PATH", dir.path())
        .write_stdin("A tuple is immutable, so it is hashable.\n.\n:q\n")
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "error: no editor found: set VISUAL or EDITOR",
        ))
        .stdout(predicate::str::contains("Practice over: 1 answered"));
    assert_eq!(load(&history).len(), 1);
}

/// `cmd` with the history at `history`, ended after ten seconds (so a hang fails the test).
fn with_history(history: &Path) -> Command {
    let mut c = pyprep();
    c.env("PYPREP_HISTORY", history)
        .timeout(Duration::from_secs(10));
    c
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid C string; mkfifo touches nothing else.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

#[cfg(unix)]
#[test]
fn a_history_that_is_not_a_regular_file_is_refused_and_the_attempt_kept_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("history.jsonl");
    mkfifo(&fifo);
    for cmd in [&["stats"][..], &["history"], &["practice", "--weakest"]] {
        let out = with_history(&fifo)
            .args(cmd)
            .write_stdin(":q\n")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if cmd[0] != "practice" {
            assert_eq!(out.status.code(), Some(2), "{cmd:?}: {err}");
        }
        assert!(
            err.contains(&format!(
                "{}: the history is a named pipe (FIFO), not a regular file; set PYPREP_HISTORY to a regular file",
                fifo.display()
            )),
            "{cmd:?}: {err}"
        );
    }
    with_history(Path::new("/dev/zero"))
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "/dev/zero: the history is a device, not a regular file",
        ));
    // `ask` grades, says the history cannot be written, and keeps the answer as a draft.
    let out = with_history(&fifo)
        .args(["ask", "3"])
        .write_stdin("A lambda is an anonymous function of one expression.\n")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: cannot write the history: ") && err.contains("named pipe"),
        "{err}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("Saved in your history"), "{stdout}");
    let drafts: Vec<PathBuf> = std::fs::read_dir(dir.path().join("drafts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(drafts.len(), 1);
    assert!(
        err.contains(&format!("saved as a draft in {}", drafts[0].display())),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(&drafts[0]).unwrap(),
        "---\nquestion: lambdas\n---\nA lambda is an anonymous function of one expression.\n"
    );
}

#[test]
fn a_history_larger_than_the_bound_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    // Sparse: no disk is used, and a reader that read it whole would take seconds.
    let f = std::fs::File::create(&history).unwrap();
    f.set_len(pyprep::history::MAX_HISTORY_BYTES + 1).unwrap();
    with_history(&history)
        .arg("stats")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the history is larger than 256 MiB",
        ));
}

#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_fails_the_history_write_without_a_torn_line() {
    use std::os::unix::process::CommandExt;
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let before = format!("{}\n", serde_json::to_string(&big_attempt(0, 0)).unwrap()).repeat(3);
    std::fs::write(&history, &before).unwrap();
    let limit = before.len() as u64 + 200;
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("pyprep"));
    cmd.env_remove("PYPREP_BANK")
        .env("NO_COLOR", "1")
        .env("PYPREP_HISTORY", &history)
        .arg("--bank")
        .arg(bank_dir())
        .args(["ask", "3"]);
    // SAFETY: setrlimit is async-signal-safe.
    unsafe {
        cmd.pre_exec(move || {
            let l = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &l) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = assert_cmd::Command::from_std(cmd)
        .timeout(Duration::from_secs(10))
        .write_stdin(format!(
            "A lambda is an anonymous function. {}\n",
            "x ".repeat(200)
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "killed? {:?} {err}", out.status);
    assert!(err.contains("size limit"), "{err}");
    assert!(err.contains("saved as a draft in"), "{err}");
    assert_eq!(std::fs::read_to_string(&history).unwrap(), before);
}

/// The session bank with ESC sequences (clear screen, set the window title, recolour) in
/// titles, topics, a concept label and a model answer; and a history with them in every field.
fn hostile_bank(dir: &Path) -> PathBuf {
    use std::io::Write as _;
    let bank = dir.join("bank");
    for sub in ["content", "rubrics"] {
        std::fs::create_dir_all(bank.join(sub)).unwrap();
        for entry in std::fs::read_dir(bank_dir().join(sub)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), bank.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let edit = |path: PathBuf, from: &str, to: &str| {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} in {}", path.display());
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    let content = bank.join("content");
    edit(
        content.join("001-identity.md"),
        "title: What does the is operator compare?",
        r#"title: "\e[2J\e]0;pwned\aWhat does the is operator compare?""#,
    );
    edit(
        content.join("001-identity.md"),
        "topics: [",
        "topics: [\"\\e[31mred\", ",
    );
    for (stem, title) in [
        ("002-tuples", "Why are tuples immutable?"),
        ("003-lambdas", "What is a lambda?"),
    ] {
        edit(
            content.join(format!("{stem}.md")),
            &format!("title: {title}"),
            &format!("title: \"\\e[5m{title}\""),
        );
    }
    std::fs::OpenOptions::new()
        .append(true)
        .open(content.join("001-identity.md"))
        .unwrap()
        .write_all(b"\nThe answer \x1b[8mhides\x1b[0m text.\n")
        .unwrap();
    edit(
        bank.join("rubrics/003-lambdas.yaml"),
        "label: A lambda is an anonymous function",
        r#"label: "\e[2JA lambda is an anonymous function""#,
    );
    bank
}

#[test]
fn text_from_the_bank_or_the_history_never_drives_the_terminal() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let bank = hostile_bank(dir.path());
    let history = dir.path().join("history.jsonl");
    let run = |args: &[&str], stdin: &str| {
        let out = Command::cargo_bin("pyprep")
            .unwrap()
            .env_remove("PYPREP_BANK")
            .env("NO_COLOR", "1")
            .env("PYPREP_HISTORY", &history)
            .arg("--bank")
            .arg(&bank)
            .args(args)
            .write_stdin(stdin)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !text.contains('\u{1b}'),
            "{args:?} printed a raw ESC:\n{text:?}"
        );
        text
    };
    let list = run(&["list"], "");
    assert!(list.contains("\u{241b}[2J"), "{list}");
    assert!(run(&["show", "1", "--answer"], "").contains("\u{241b}[8mhides"));
    // The question lines and the scorecard (titles and biggest gaps) of a session.
    let mock = run(
        &["mock", "--count", "3", "--seed", "7"],
        "x\n.\nx\n.\nx\n.\n",
    );
    assert!(mock.contains("Overall:"), "{mock}");
    assert!(mock.contains("\u{241b}[2JA lambda"), "{mock}");
    run(
        &["practice", "--seed", "3"],
        "`is` compares identity.\n.\n:q\n",
    );
    // A hand-edited history line with ESC in every text field.
    let mut h = std::fs::OpenOptions::new()
        .append(true)
        .open(&history)
        .unwrap();
    writeln!(
        h,
        r#"{{"v":1,"time":"2026-11-28T02:30:00Z\u001b[2J","question":"gone\u001b[31m","number":9,"title":"\u001b]0;x\u0007t","mode":"ask\u001b[2J","answer":"a\u001b[2Jb","score":10.0,"pass":false,"covered":[],"missed":["m\u001b[2J"],"error":"e\u001b[2J"}}"#
    )
    .unwrap();
    drop(h);
    let listed = run(&["history", "--all"], "");
    assert!(listed.contains("gone\u{241b}[31m"), "{listed}");
    for n in 1..=5 {
        run(&["history", "show", &n.to_string()], "");
    }
    let stats = run(&["stats"], "");
    assert!(stats.contains("\u{241b}[31mred"), "{stats}");
    run(&["practice", "--topic", "nothing-like-it"], "");
}

#[test]
fn an_empty_pyprep_bank_is_unset() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in [&["history"][..], &["stats"], &["list"], &["show", "1"]] {
        Command::cargo_bin("pyprep")
            .unwrap()
            .env("PYPREP_BANK", "")
            .env("PYPREP_HISTORY", dir.path().join("history.jsonl"))
            .args(cmd)
            .assert()
            .success();
    }
}

#[test]
fn ask_over_the_size_limit_points_to_grade_not_to_a_flag_ask_lacks() {
    let big = "a ".repeat((16 << 20) / 2 + 1);
    pyprep()
        .args(["ask", "1", "--no-history"])
        .write_stdin(big)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the answer is over the 16 MiB that `ask` reads; save it in a file and grade it with `pyprep grade FILE --question 1 --max-answer-bytes BYTES`",
        ))
        .stderr(predicate::str::contains("pass --max-answer-bytes").not());
}

/// After `ask`'s report: the model answer once asked for, a nudge for a key it does not
/// know, another try that is an attempt of its own, and Enter to finish.
#[test]
fn after_ask_the_model_answer_and_another_try_are_offered() {
    let bank = bank();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let r = run(
        &bank,
        &[
            "`is` compares identity.",
            ".",
            "x",
            "m",
            "r",
            "`is` compares identity and `==` compares values.",
            ".",
            "",
        ],
        1000,
        Some(&history),
        |s| s.ask(question(&bank, "1")),
    );
    assert!(
        r.screen.contains("Type m or r, or press Enter to finish."),
        "{}",
        r.screen
    );
    assert!(r.screen.contains("\nSummary\n"), "{}", r.screen);
    assert!(
        r.screen
            .contains("Question 1 (another try): What does the is operator compare?"),
        "{}",
        r.screen
    );
    // Once shown, the model answer is not offered again until the next report.
    assert_eq!(
        r.screen.matches("[m] model answer").count(),
        3,
        "{}",
        r.screen
    );
    assert_eq!(
        r.screen.matches("[r] try again, Enter").count(),
        4,
        "{}",
        r.screen
    );
    assert_eq!(r.outcome.results.len(), 2);
    assert_eq!(load(&history).len(), 2);
}

/// A pipe is the answer even with --editor: no editor is started on it.
#[test]
fn ask_with_a_pipe_reads_it_even_with_editor() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("pyprep")
        .unwrap()
        .arg("--bank")
        .arg(bank_dir())
        .args(["ask", "1", "--editor"])
        .env("PYPREP_HISTORY", dir.path().join("history.jsonl"))
        // An editor that fails, so starting it would show.
        .env("VISUAL", "false")
        .env("EDITOR", "false")
        .write_stdin("`is` compares identity: the same object.\n")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("--editor is not used"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Q1 identity"));
}

// ---- history and stats as JSON ----

/// A history line as pyprep writes it, for a graded attempt.
fn attempt_line(time: &str, question: &str, number: u32, score: f64, missed: &[&str]) -> String {
    serde_json::json!({
        "v": 1, "time": time, "question": question, "number": number, "mode": "practice",
        "answer": "as typed", "score": score, "pass": score >= 60.0,
        "covered": [], "missed": missed,
    })
    .to_string()
}

/// stdout of `pyprep ARGS` on the session bank with the history at `history`, run twice:
/// the two runs must print the same bytes. The JSON, and its text.
fn json_of(history: &Path, args: &[&str]) -> (serde_json::Value, String) {
    let run = || {
        let out = with_history(history).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        out.stdout
    };
    let first = run();
    assert_eq!(
        first,
        run(),
        "{args:?} printed different bytes on a second run"
    );
    let value =
        serde_json::from_slice(&first).unwrap_or_else(|e| panic!("{args:?} prints JSON: {e}"));
    (value, String::from_utf8(first).unwrap())
}

/// The keys, in order, of the first object of pretty JSON whose keys are `indent` deep.
fn keys_in_order(pretty: &str, indent: usize) -> Vec<&str> {
    let pad = " ".repeat(indent);
    let end = format!("{}}}", " ".repeat(indent - 2));
    let mut keys = Vec::new();
    for line in pretty.lines() {
        if !keys.is_empty() && line.trim_end_matches(',') == end {
            break;
        }
        if let Some(rest) = line.strip_prefix(&pad).and_then(|r| r.strip_prefix('"')) {
            if let Some((key, _)) = rest.split_once("\": ") {
                keys.push(key);
            }
        }
    }
    keys
}

/// Two answers typed through `ask`, and hand-written lines: an old failed attempt (due at
/// once), an old run of two passes (due again after two days), and an ungradable attempt
/// at a question no longer in the bank, with control characters in its text.
fn json_history(dir: &Path) -> PathBuf {
    use std::io::Write as _;
    let history = dir.join("history.jsonl");
    for answer in [
        "A tuple cannot be changed.",
        "A tuple is immutable, so it is hashable.",
    ] {
        with_history(&history)
            .args(["ask", "2"])
            .write_stdin(answer)
            .assert()
            .success();
    }
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&history)
        .unwrap();
    for line in [
        attempt_line("2020-01-01T10:00:00Z", "lambdas", 3, 20.0, &["anonymous"]),
        attempt_line("2020-01-01T10:00:00Z", "identity", 1, 70.0, &["values"]),
        attempt_line("2020-01-02T10:00:00Z", "identity", 1, 80.0, &[]),
        r#"{"v":1,"time":"2020-01-03T10:00:00Z","question":"gone\u001b[2J","number":9,"title":"t\u0007","answer":"a\u001b[31mb\n\"quoted\"","score":null,"pass":null,"error":"the rubric \u001b[2J did not compile"}"#.into(),
    ] {
        writeln!(f, "{line}").unwrap();
    }
    history
}

#[test]
fn history_as_json_lists_the_attempts_the_table_lists() {
    let dir = tempfile::tempdir().unwrap();
    let history = json_history(dir.path());
    let (listed, text) = json_of(&history, &["history", "--format", "json"]);
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 6);
    assert_eq!(
        keys_in_order(&text, 4),
        [
            "number",
            "time",
            "question",
            "question_number",
            "title",
            "mode",
            "score",
            "pass",
            "error"
        ]
    );
    for (i, a) in listed.iter().enumerate() {
        assert_eq!(a.as_object().unwrap().len(), 9);
        assert_eq!(a["number"], i + 1);
    }
    let typed = &listed[1];
    assert_eq!(typed["question"], "tuples");
    assert_eq!(typed["question_number"], 2);
    assert_eq!(typed["title"], "Why are tuples immutable?");
    assert_eq!(typed["mode"], "ask");
    assert_eq!(typed["score"], 100.0);
    assert_eq!(typed["pass"], true);
    assert!(typed["error"].is_null());
    let time = typed["time"].as_str().unwrap();
    assert!(
        pyprep::session::clock::parse_rfc3339(time).is_some() && time.ends_with('Z'),
        "{time}"
    );
    assert_eq!(listed[0]["score"], 50.0);
    assert_eq!(listed[0]["pass"], false);
    // Not graded: null score and verdict, the reason in `error`; text as it was recorded.
    let gone = &listed[5];
    assert_eq!(gone["time"], "2020-01-03T10:00:00Z");
    assert_eq!(gone["question"], "gone\u{1b}[2J");
    assert_eq!(gone["title"], "t\u{7}");
    assert!(gone["mode"].is_null() && gone["score"].is_null() && gone["pass"].is_null());
    assert_eq!(gone["error"], "the rubric \u{1b}[2J did not compile");

    // The last 20 unless --all, numbered as `history show N` takes them.
    let many = dir.path().join("many.jsonl");
    let lines: Vec<String> = (0..23)
        .map(|i| {
            attempt_line(
                &format!("2020-01-01T10:{i:02}:00Z"),
                "lambdas",
                3,
                f64::from(i),
                &[],
            )
        })
        .collect();
    std::fs::write(&many, lines.join("\n") + "\n").unwrap();
    let (last, _) = json_of(&many, &["history", "--format", "json"]);
    let last = last.as_array().unwrap();
    assert_eq!(last.len(), 20);
    assert_eq!(last[0]["number"], 4);
    assert_eq!(last[0]["score"], 3.0);
    assert_eq!(last[19]["number"], 23);
    let (all, _) = json_of(&many, &["history", "--all", "--format", "json"]);
    assert_eq!(all.as_array().unwrap().len(), 23);
    // No history yet: an empty array, not a sentence.
    let (none, text) = json_of(
        &dir.path().join("none.jsonl"),
        &["history", "--format", "json"],
    );
    assert_eq!(none, serde_json::json!([]));
    assert_eq!(text, "[]\n");
}

#[test]
fn history_show_as_json_has_the_answer_and_the_report_graded_again() {
    let dir = tempfile::tempdir().unwrap();
    let history = json_history(dir.path());
    let (shown, text) = json_of(&history, &["history", "show", "2", "--format", "json"]);
    assert_eq!(
        keys_in_order(&text, 2),
        [
            "number",
            "time",
            "question",
            "question_number",
            "title",
            "mode",
            "score",
            "pass",
            "error",
            "seconds",
            "answer",
            "covered",
            "missed",
            "misconceptions",
            "report",
            "report_error"
        ]
    );
    assert_eq!(shown["number"], 2);
    assert_eq!(shown["answer"], "A tuple is immutable, so it is hashable.");
    assert_eq!(
        shown["covered"],
        serde_json::json!(["unchangeable", "hashable"])
    );
    assert_eq!(shown["missed"], serde_json::json!([]));
    assert!(shown["report_error"].is_null());
    let report = &shown["report"];
    assert_eq!(report["file"], "attempt 2");
    assert_eq!(report["question"]["id"], "tuples");
    assert_eq!(report["score"], shown["score"]);
    assert_eq!(report["pass"], true);
    assert_eq!(report["concepts"].as_array().unwrap().len(), 2);
    // `--format` may come before `show` too.
    assert_eq!(
        json_of(&history, &["history", "--format", "json", "show", "2"]).1,
        text
    );

    // A question the bank no longer has: no report, and why; the answer as recorded.
    let (gone, _) = json_of(&history, &["history", "show", "6", "--format", "json"]);
    assert_eq!(gone["answer"], "a\u{1b}[31mb\n\"quoted\"");
    assert!(gone["report"].is_null() && gone["seconds"].is_null());
    let why = gone["report_error"].as_str().unwrap();
    assert!(why.contains("is not in the bank"), "{why}");

    with_history(&history)
        .args(["history", "show", "7", "--format", "json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("no attempt 7"));
}

#[test]
fn stats_as_json_has_what_the_tables_show() {
    let dir = tempfile::tempdir().unwrap();
    let history = json_history(dir.path());
    let (stats, text) = json_of(&history, &["stats", "--format", "json"]);
    assert_eq!(
        keys_in_order(&text, 2),
        [
            "by_question",
            "by_topic",
            "missed_most_often",
            "due",
            "never_tried"
        ]
    );
    // Bank order, then the questions the bank no longer has; "-" in the table is null.
    assert_eq!(
        stats["by_question"],
        serde_json::json!([
            {"question": "identity", "number": 1, "attempts": 2, "best": 80.0, "last": 80.0, "trend": 10.0},
            {"question": "tuples", "number": 2, "attempts": 2, "best": 100.0, "last": 100.0, "trend": 50.0},
            {"question": "lambdas", "number": 3, "attempts": 1, "best": 20.0, "last": 20.0, "trend": null},
            {"question": "gone\u{1b}[2J", "number": null, "attempts": 1, "best": null, "last": null, "trend": null},
        ])
    );
    let topics: Vec<&serde_json::Value> = stats["by_topic"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["topic"])
        .collect();
    assert_eq!(
        topics,
        [
            &serde_json::Value::Null,
            &"functions".into(),
            &"identity".into(),
            &"operators".into(),
            &"types".into()
        ]
    );
    assert_eq!(
        stats["by_topic"][4],
        serde_json::json!({"topic": "types", "attempts": 2, "best": 100.0, "last": 100.0, "trend": 50.0})
    );
    assert_eq!(
        stats["missed_most_often"],
        serde_json::json!([
            {"question": "identity", "concept": "values", "label": "`==` compares values", "times_missed": 1, "graded_attempts": 2},
            {"question": "lambdas", "concept": "anonymous", "label": "A lambda is an anonymous function", "times_missed": 1, "graded_attempts": 1},
            {"question": "tuples", "concept": "hashable", "label": "Tuples can be hashed and used as dictionary keys", "times_missed": 1, "graded_attempts": 2},
        ])
    );
    // Earliest due first: the failed one at once, the two passes in a row two days on.
    assert_eq!(
        stats["due"],
        serde_json::json!([
            {"question": "lambdas", "number": 3, "due_at": "2020-01-01T10:00:00Z", "passed": false,
             "streak": 0, "last_score": 20.0, "last_time": "2020-01-01T10:00:00Z"},
            {"question": "identity", "number": 1, "due_at": "2020-01-04T10:00:00Z", "passed": true,
             "streak": 2, "last_score": 80.0, "last_time": "2020-01-02T10:00:00Z"},
        ])
    );
    assert_eq!(stats["never_tried"], serde_json::json!([]));

    // The tables say the same.
    let table = with_history(&history).arg("stats").output().unwrap();
    let table = String::from_utf8(table.stdout).unwrap();
    for row in [
        "│ Q1 identity ┆ 2        ┆ 80.0  ┆ 80.0  ┆ ↑ +10.0 │",
        "│ (not in the bank) ┆ 1        ┆ -     ┆ -     ┆ -       │",
        "  Q3 lambdas: the last attempt did not pass (20.0)\n  Q1 identity: passed 2 in a row, last ",
    ] {
        assert!(table.contains(row), "{row}\n{table}");
    }

    // No history yet: the whole object, every question never tried.
    let (none, _) = json_of(
        &dir.path().join("none.jsonl"),
        &["stats", "--format", "json"],
    );
    assert_eq!(none["by_question"], serde_json::json!([]));
    assert_eq!(
        none["never_tried"][2],
        serde_json::json!({"question": "lambdas", "number": 3})
    );
}

/// A hand-edited history may hold any number: a year of eighteen digits, an offset of as
/// many hours, more seconds than fit in a clock.
#[test]
fn huge_numbers_in_a_hand_edited_history_are_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let lines = [
        attempt_line("999999999999999999-01-01T00:00:00Z", "tuples", 2, 70.0, &[]),
        attempt_line("2026-01-01T00:00:00+999999999999999999:00", "lambdas", 3, 70.0, &[]),
        r#"{"v":1,"time":"2020-01-01T00:00:00Z","question":"identity","answer":"x","score":70.0,"pass":true,"seconds":9223372036854775807}"#.into(),
    ];
    std::fs::write(&history, lines.join("\n") + "\n").unwrap();
    for args in [
        &["stats"][..],
        &["stats", "--format", "json"],
        &["history", "show", "3"],
        &["history", "show", "3", "--format", "json"],
        &["practice", "--weakest"],
    ] {
        with_history(&history)
            .args(args)
            .write_stdin(":q\n")
            .assert()
            .success();
    }
}
