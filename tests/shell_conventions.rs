//! How pyprep behaves in a shell: colour rules, --quiet and --verbose, completions, the man
//! page and --help, all through the real binary.

use assert_cmd::Command;

const BANK: &str = "tests/data/bank";
const ANSWERS: &str = "tests/data/answers";
const ESC: char = '\u{1b}';

mod common;
use common::pyprep_in_colour as pyprep;

fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn grade_table(extra: &[&str]) -> String {
    stdout_of(
        pyprep()
            .args(["grade", "--bank", BANK, ANSWERS])
            .args(extra),
    )
}

#[test]
fn a_pipe_gets_no_escape_codes() {
    let out = grade_table(&[]);
    assert!(out.contains("PASS"));
    assert!(!out.contains(ESC), "{out:?}");
}

#[test]
fn color_never_and_no_color_give_no_escape_codes() {
    assert!(!grade_table(&["--color", "never"]).contains(ESC));
    let out = stdout_of(
        pyprep()
            .env("NO_COLOR", "1")
            .args(["grade", "--bank", BANK, ANSWERS]),
    );
    assert!(!out.contains(ESC));
    assert!(!stdout_of(pyprep().env("NO_COLOR", "1").args(["--bank", BANK, "list"])).contains(ESC));
}

#[test]
fn color_always_gives_escape_codes() {
    let out = grade_table(&["--color", "always"]);
    assert!(out.contains(ESC), "{out}");
    // A flag beats the environment (no-color.org): asking for colour gets colour.
    let out = stdout_of(
        pyprep()
            .env("NO_COLOR", "1")
            .args(["grade", "--bank", BANK, ANSWERS, "--color", "always"]),
    );
    assert!(out.contains(ESC));
}

#[test]
fn machine_formats_never_hold_escape_codes() {
    for format in ["json", "markdown", "junit"] {
        let out = grade_table(&["--color", "always", "--format", format]);
        assert!(!out.contains(ESC), "{format}");
    }
}

/// Runs `command` under a pseudo-terminal with `script` (util-linux, on every Linux system),
/// so `--color auto` sees a terminal. A missing `script` fails the test rather than
/// letting it pass having checked nothing.
fn in_terminal(command: &str, no_color: bool) -> String {
    let bin = assert_cmd::cargo::cargo_bin("pyprep");
    let line = format!("{} {command}", bin.display());
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .env("COLUMNS", "100")
        .stdin(std::process::Stdio::null());
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    let out = cmd
        .output()
        .expect("util-linux `script` runs: install util-linux to run this test");
    assert!(out.status.success(), "script {line}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn a_terminal_gets_colour_unless_no_color_is_set() {
    let command = format!("grade --bank {BANK} {ANSWERS}/01-good.md");
    let coloured = in_terminal(&command, false);
    assert!(coloured.contains("PASS"), "{coloured}");
    assert!(coloured.contains(ESC), "{coloured:?}");
    let plain = in_terminal(&command, true);
    assert!(plain.contains("PASS"), "{plain}");
    assert!(!plain.contains(ESC), "{plain:?}");
    let never = in_terminal(&format!("{command} --color never"), false);
    assert!(!never.contains(ESC), "{never:?}");
}

fn grade_stdin(answer: &str, question: &str, extra: &[&str]) -> String {
    stdout_of(
        pyprep()
            .args(["grade", "--bank", BANK, "-", "--question", question])
            .args(extra)
            .write_stdin(answer),
    )
}

#[test]
fn quiet_drops_notes_and_pointers_but_keeps_the_grade() {
    let list = "Key terms:\n\n- list is mutable\n- tuple is immutable\n- hashable\n";
    let normal = grade_stdin(list, "1", &[]);
    assert!(normal.contains("note: some rubric terms"), "{normal}");
    assert!(normal.contains("read up:"));
    let quiet = grade_stdin(list, "1", &["--quiet"]);
    assert!(!quiet.contains("note:"), "{quiet}");
    assert!(!quiet.contains("read up:"));
    assert!(quiet.contains("/100") && quiet.contains("only in a list of terms"));
    let markdown = grade_stdin(list, "1", &["-q", "--format", "markdown"]);
    assert!(!markdown.contains("**note:**") && !markdown.contains("read up"));
}

#[test]
fn verbose_shows_every_evidence() {
    let answer = "The `is` operator checks identity. Identity means both names are the \
        same object, and a copy is never the same object, so identity differs.";
    let normal = grade_stdin(answer, "2", &["--format", "markdown"]);
    let verbose = grade_stdin(answer, "2", &["--format", "markdown", "--verbose"]);
    let count = |s: &str| s.matches("\" (1:").count();
    assert_eq!(count(&normal), 2, "{normal}");
    assert_eq!(count(&verbose), 4, "{verbose}");
    let table = grade_stdin(answer, "2", &["-v"]);
    assert!(table.contains("(1:123)"), "{table}");
}

#[test]
fn quiet_and_verbose_conflict() {
    pyprep()
        .args(["grade", "--bank", BANK, ANSWERS, "-q", "-v"])
        .assert()
        .code(2);
}

/// Every subcommand, read from `pyprep --help`, so subcommands added later are held to the
/// same rules (examples in --help, in completions and in the man page) without editing here.
fn subcommands() -> Vec<String> {
    let help = stdout_of(pyprep().arg("--help"));
    let names: Vec<String> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect();
    for known in ["list", "show", "grade", "completions", "man", "new"] {
        assert!(
            names.iter().any(|n| n == known),
            "{known} missing from {names:?}"
        );
    }
    names
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    let subcommands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = pyprep().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in &subcommands {
            assert!(
                script.contains(sub.as_str()),
                "{shell} completions lack `{sub}`"
            );
        }
        assert!(
            script.contains("format"),
            "{shell} completions lack grade's options"
        );
    }
    pyprep().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn man_page_is_roff_and_lists_the_subcommands() {
    let out = pyprep().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH pyprep 1"));
    for sub in subcommands() {
        assert!(
            page.contains(&format!("pyprep\\-{sub}")),
            "man page lacks `{sub}`"
        );
    }
}

#[test]
fn each_subcommand_has_its_own_man_page() {
    let out = pyprep().args(["man", "grade"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH pyprep-grade 1"), "{page}");
    assert!(
        page.contains("pyprep\\-grade \\- Grade answer files"),
        "{page}"
    );
    assert!(page.contains("\\-\\-min\\-score"), "{page}");
    assert!(
        page.contains("\\-\\-bank"),
        "global options are on every page"
    );
    let out = pyprep().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no subcommand `nope`") && err.contains("grade"),
        "{err}"
    );
}

#[test]
fn every_subcommand_help_has_examples() {
    let top = stdout_of(pyprep().arg("--help"));
    assert!(top.contains("Examples:"));
    for sub in subcommands() {
        let help = stdout_of(pyprep().args([sub.as_str(), "--help"]));
        assert!(
            help.contains("Examples:"),
            "`pyprep {sub} --help` has no examples"
        );
        assert!(help.contains(&format!("pyprep {sub}")), "{sub}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error_and_keeps_the_grade_status() {
    use std::process::{Command as Std, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("pyprep");
    for (args, code) in [
        (
            vec!["grade", "--bank", BANK, ANSWERS, "--min-score", "60"],
            1,
        ),
        // The JSON report is written while grading goes on; the rest is still graded.
        (
            vec![
                "grade",
                "--bank",
                BANK,
                ANSWERS,
                "--min-score",
                "60",
                "--format",
                "json",
            ],
            1,
        ),
        // Every format alike, those written whole at the end too (#19 item 11).
        (
            vec![
                "grade",
                "--bank",
                BANK,
                ANSWERS,
                "--min-score",
                "60",
                "--format",
                "junit",
            ],
            1,
        ),
        (
            vec![
                "grade",
                "--bank",
                BANK,
                ANSWERS,
                "--min-score",
                "60",
                "--format",
                "markdown",
                "--output",
                "-",
            ],
            1,
        ),
        (
            vec!["grade", "--bank", BANK, ANSWERS, "--format", "junit"],
            0,
        ),
        (vec!["man"], 0),
    ] {
        let mut child = Std::new(&bin)
            .args(&args)
            .env_remove("PYPREP_BANK")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before pyprep writes: every write meets a broken pipe.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}");
        assert!(
            out.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_full_disk_is_an_error_that_names_where_the_report_went() {
    // /dev/full takes the open and fails every write with "no space left on device".
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    // Exit status 2, and the error says where the report could not go.
    let fails_naming = |out: std::process::Output, place: &str| {
        assert_eq!(out.status.code(), Some(2), "{place}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let said = format!("{place}: cannot write the report");
        assert!(stderr.contains(&said), "{stderr}");
    };
    for format in ["json", "table"] {
        let to_file = pyprep()
            .args(["grade", "--bank", BANK, ANSWERS, "--format", format])
            .args(["--output", "/dev/full"])
            .output()
            .unwrap();
        fails_naming(to_file, "/dev/full");
        let to_stdout = std::process::Command::new(assert_cmd::cargo::cargo_bin("pyprep"))
            .args(["grade", "--bank", BANK, ANSWERS, "--format", format])
            .env_remove("PYPREP_BANK")
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        fails_naming(to_stdout, "standard output");
    }
}

#[test]
fn escape_codes_in_answers_and_file_names_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("evil\u{1b}[2J.md");
    std::fs::write(
        &file,
        "The `==` operator compares \u{1b}[31m values while `is` checks identity.\n",
    )
    .unwrap();
    for format in ["table", "markdown", "junit"] {
        let out = pyprep()
            .args([
                "grade",
                "--bank",
                BANK,
                "--question",
                "2",
                "-v",
                "--format",
                format,
            ])
            .arg(&file)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("evil"), "{format}: {text}");
        assert!(!text.contains(ESC), "{format}: {text:?}");
    }
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn help_and_usage_errors_follow_the_color_flag_too() {
    let help = stdout_of(pyprep().args(["--color", "always", "--help"]));
    assert!(help.contains(ESC), "{help:?}");
    let out = pyprep()
        .args(["grade", "--color=always", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains(ESC));
    let never = in_terminal("--color never --help", false);
    assert!(never.contains("Usage"), "{never}");
    assert!(!never.contains(ESC), "{never:?}");
    let coloured = in_terminal("--help", false);
    assert!(
        coloured.contains(ESC),
        "clap colours help on a terminal by default"
    );
    let plain = in_terminal("--help", true);
    assert!(!plain.contains(ESC), "NO_COLOR reaches clap's help too");
}
