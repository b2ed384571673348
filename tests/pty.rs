//! The real binary in a pseudo-terminal, as a person at a keyboard would meet it: rustyline
//! reads raw keys, Ctrl-C arrives as a key, and the screen is what the person sees.
//! The terminal comes from util-linux `script`, which is on every Linux machine we build on;
//! where it is missing the tests say so and pass.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long one expected text may take to appear.
const WAIT: Duration = Duration::from_secs(10);

fn bank_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/session-bank")
}

/// These tests need util-linux `script` for a pseudo-terminal. Every Linux system has it
/// (elsewhere the tests are ignored), so a missing one fails the test instead of letting it
/// pass having checked nothing.
fn require_script() {
    let found = Command::new("script")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        found,
        "util-linux `script` is not installed: install util-linux to run this test"
    );
}

/// Drops terminal escape sequences (`ESC [ ... letter`, `ESC ] ... BEL`) and carriage returns.
fn plain(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                Some('[') => {
                    for d in chars.by_ref() {
                        if d.is_ascii_alphabetic() || d == '~' {
                            break;
                        }
                    }
                }
                Some(']') => {
                    for d in chars.by_ref() {
                        if d == '\u{7}' {
                            break;
                        }
                    }
                }
                _ => {}
            },
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// A program running in a pseudo-terminal.
struct Terminal {
    child: Child,
    keys: ChildStdin,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(args: &str, history: &Path) -> Terminal {
        let bin = assert_cmd::cargo::cargo_bin("pyprep");
        let command = format!("{} --bank {} {args}", quote(&bin), quote(&bank_dir()));
        let mut child = Command::new("script")
            .args(["-q", "-f", "-e", "-c", &command, "/dev/null"])
            .env("PYPREP_HISTORY", history)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("COLUMNS", "100")
            .env_remove("PYPREP_BANK")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("script starts");
        let keys = child.stdin.take().unwrap();
        let mut output = child.stdout.take().unwrap();
        let screen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&screen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = output.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal {
            child,
            keys,
            screen,
        }
    }

    fn screen(&self) -> String {
        plain(&self.screen.lock().unwrap())
    }

    /// Waits until `text` is on screen `times` times in all.
    fn expect_n(&self, text: &str, times: usize) {
        let deadline = Instant::now() + WAIT;
        while self.screen().matches(text).count() < times {
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {text:?} (x{times}); the screen shows:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn expect(&self, text: &str) {
        self.expect_n(text, 1);
    }

    /// Types `line` and Enter, then waits for the echo and for the next prompt to be ready.
    fn type_line(&mut self, line: &str) {
        let before = self.screen().matches(line).count();
        self.keys.write_all(line.as_bytes()).unwrap();
        self.keys.write_all(b"\r").unwrap();
        self.keys.flush().unwrap();
        self.expect_n(line, before + 1);
        // rustyline reads a new line's keys only once it has drawn its prompt.
        std::thread::sleep(Duration::from_millis(200));
    }

    fn press(&mut self, bytes: &[u8]) {
        self.keys.write_all(bytes).unwrap();
        self.keys.flush().unwrap();
    }

    /// Waits for the program to end (killing it after [`WAIT`]).
    fn finish(self) -> String {
        self.finish_with_status().0
    }

    /// The screen and the program's exit status (`script -e` passes it on).
    fn finish_with_status(mut self) -> (String, Option<i32>) {
        let deadline = Instant::now() + WAIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "the program did not end; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Let the reader thread drain what is left.
        std::thread::sleep(Duration::from_millis(100));
        (self.screen(), status.code())
    }
}

/// A terminal running `pyprep ARGS`, with a history in a new temporary folder that lives as
/// long as the folder returned; `args` may name files in that folder.
fn started(args: impl Fn(&Path) -> String) -> (tempfile::TempDir, PathBuf, Terminal) {
    require_script();
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("history.jsonl");
    let t = Terminal::start(&args(dir.path()), &history);
    (dir, history, t)
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn ask_in_a_terminal_shows_the_report_after_two_lines_and_a_dot() {
    let (_dir, history, mut t) = started(|_| "ask 1".to_string());
    t.expect("Question 1: What does the is operator compare?");
    t.expect("> ");
    t.type_line("`is` compares identity:");
    t.type_line("two names, the same object.");
    t.type_line(".");
    t.expect("read up: pyprep show 1 --answer");
    // After the report: the model answer on request, then another try or done.
    t.expect("[m] model answer, [r] try again, Enter to finish: ");
    t.type_line("m");
    t.expect("whether two names refer to the same object");
    t.expect("[r] try again, Enter to finish: ");
    t.type_line("r");
    t.expect("Question 1 (another try): What does the is operator compare?");
    t.type_line("`is` tests identity.");
    t.type_line(".");
    t.expect_n("Enter to finish: ", 3);
    t.press(b"\r");
    let screen = t.finish();
    assert!(
        screen.contains("your answer  Q1 identity  66.7/100  PASS"),
        "{screen}"
    );
    assert!(
        screen.contains("\nSummary\n"),
        "the model answer is laid out: {screen}"
    );
    assert!(screen.contains("\"same object\" (2:16)"), "{screen}");
    let saved = std::fs::read_to_string(&history).unwrap();
    assert!(saved.contains(r#""answer":"`is` compares identity:\ntwo names, the same object.\n""#));
    // Each try is an attempt of its own.
    assert_eq!(saved.lines().count(), 2, "{saved}");
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn ctrl_c_in_a_mock_prints_the_scorecard_with_the_first_answer() {
    let (dir, history, mut t) = started(|_| "mock --count 2 --seed 7".to_string());
    t.expect("Question 2 (1 of 2): Why are tuples immutable?");
    t.expect("elapsed] > ");
    t.type_line("A tuple is immutable, so it is hashable.");
    t.type_line(".");
    t.expect("Question 3 (2 of 2): What is a lambda?");
    t.expect_n("elapsed] > ", 3);
    std::thread::sleep(Duration::from_millis(200));
    // Half a line, not yet entered: Ctrl-C must not lose it.
    t.press(b"A lambda is anony");
    t.expect("A lambda is anony");
    std::thread::sleep(Duration::from_millis(100));
    t.press(b"\x03");
    t.expect("Overall:");
    let screen = t.finish();
    let scorecard = &screen[screen.find("Scorecard").expect("a scorecard")..];
    assert!(scorecard.contains("Q2 Why are tuples"), "{screen}");
    assert!(scorecard.contains("100.0"), "{screen}");
    assert!(scorecard.contains("What is a lambda"), "{screen}");
    assert!(scorecard.contains("unanswered"), "{screen}");
    assert!(
        screen.contains("Interview ended early: 1 of 2 answered."),
        "{screen}"
    );
    let saved = std::fs::read_to_string(&history).unwrap();
    assert_eq!(saved.lines().count(), 1);
    assert!(saved.contains("A tuple is immutable, so it is hashable."));
    let drafts: Vec<_> = std::fs::read_dir(dir.path().join("drafts"))
        .unwrap()
        .collect();
    assert_eq!(drafts.len(), 1);
    let draft = std::fs::read_to_string(drafts[0].as_ref().unwrap().path()).unwrap();
    assert_eq!(draft, "---\nquestion: lambdas\n---\nA lambda is anony\n");
}

/// Twenty lines of a pasted answer, about 1,700 characters: more than one read of the
/// terminal holds.
fn long_answer() -> Vec<String> {
    (1..=20)
        .map(|i| {
            format!(
                "line {i:02}: `is` compares identity, two names for the same object, while == compares values word{i:02}"
            )
        })
        .collect()
}

/// Writes every line and the closing `.` in one write, as a terminal without bracketed
/// paste delivers a paste (or as keys typed ahead arrive).
fn paste(t: &mut Terminal, lines: &[String]) {
    let mut keys = lines.join("\r");
    keys.push_str("\r.\r");
    t.press(keys.as_bytes());
}

fn saved_answer(history: &Path) -> String {
    let saved = std::fs::read_to_string(history).expect("the attempt is in the history");
    let attempt: serde_json::Value = serde_json::from_str(saved.lines().next().unwrap()).unwrap();
    attempt["answer"].as_str().unwrap().to_string()
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn a_paste_without_bracketed_paste_keeps_every_line() {
    let (_dir, history, mut t) = started(|_| "ask 1".to_string());
    t.expect("> ");
    std::thread::sleep(Duration::from_millis(200));
    let lines = long_answer();
    paste(&mut t, &lines);
    t.expect("read up: pyprep show 1 --answer");
    t.expect("Enter to finish: ");
    t.press(b"\r");
    let screen = t.finish();
    let mut expected = lines.join("\n");
    expected.push('\n');
    assert_eq!(saved_answer(&history), expected, "{screen}");
    assert!(screen.contains("word20"), "{screen}");
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn a_paste_with_standard_output_redirected_keeps_every_line_and_shows_it() {
    let (dir, history, mut t) = started(|dir| format!("ask 1 > {}", quote(&dir.join("log"))));
    let log = dir.path().join("log");
    // The question goes to the log; the prompt and the typed lines to the terminal.
    t.expect("> ");
    std::thread::sleep(Duration::from_millis(200));
    let lines = long_answer();
    paste(&mut t, &lines);
    t.expect("Enter to finish: ");
    t.press(b"\r");
    let screen = t.finish();
    let mut expected = lines.join("\n");
    expected.push('\n');
    assert_eq!(saved_answer(&history), expected, "{screen}");
    assert!(
        screen.contains("word20"),
        "typed lines are on screen:\n{screen}"
    );
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(
        log.contains("Question 1: What does the is operator compare?"),
        "{log}"
    );
    assert!(log.contains("read up: pyprep show 1 --answer"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "no terminal codes in the log: {log:?}"
    );
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn ctrl_d_on_an_empty_ask_says_nothing_was_graded() {
    let (_dir, history, mut t) = started(|_| "ask 1".to_string());
    t.expect("> ");
    std::thread::sleep(Duration::from_millis(200));
    t.press(b"\x04");
    let (screen, status) = t.finish_with_status();
    assert!(
        screen.contains("No answer given; nothing was graded or saved."),
        "{screen}"
    );
    assert_eq!(status, Some(2), "{screen}");
    assert!(!history.exists());
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn two_answers_pasted_at_once_in_practice_both_reach_the_history() {
    let (_dir, history, mut t) = started(|_| "practice --seed 1".to_string());
    t.expect("> ");
    std::thread::sleep(Duration::from_millis(200));
    // The second answer arrives while the first is graded and its report printed.
    let first = long_answer();
    let second: Vec<String> = first.iter().map(|l| l.replace("line", "again")).collect();
    let mut keys = first.join("\r");
    keys.push_str("\r.\r");
    keys.push_str(&second.join("\r"));
    keys.push_str("\r.\r:q\r");
    t.press(keys.as_bytes());
    t.expect("Practice over: 2 answered");
    let screen = t.finish();
    let saved = std::fs::read_to_string(&history).unwrap();
    let answers: Vec<String> = saved
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["answer"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(
        answers,
        vec![first.join("\n") + "\n", second.join("\n") + "\n"],
        "{screen}"
    );
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn grade_from_standard_input_at_a_terminal_says_what_it_waits_for() {
    let (_dir, _history, mut t) = started(|_| "grade - --question 1".to_string());
    t.expect("Reading the answer from standard input");
    t.press(b"`is` compares identity: the same object.\r");
    std::thread::sleep(Duration::from_millis(100));
    t.press(b"\x04");
    t.expect("Q1 identity");
    let (screen, status) = t.finish_with_status();
    assert_eq!(status, Some(0), "{screen}");
}
