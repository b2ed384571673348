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
    let below = |format: &[&'static str]| {
        let mut args = vec!["grade", "--bank", BANK, ANSWERS, "--min-score", "60"];
        args.extend_from_slice(format);
        (args, 1)
    };
    for (args, code) in [
        below(&[]),
        // The JSON report is written while grading goes on; the rest is still graded.
        below(&["--format", "json"]),
        // Every format alike, those written whole at the end too (#19 item 11).
        below(&["--format", "junit"]),
        below(&["--format", "markdown", "--output", "-"]),
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

/// The widest line `list` prints in a pseudo-terminal of `columns` columns, with `env`
/// (COLUMNS unset unless given).
fn widest_list_line(columns: u16, env: &str) -> usize {
    let bin = assert_cmd::cargo::cargo_bin("pyprep");
    // `stty` sets the pseudo-terminal's size as a resized window would; `env` comes after
    // it, as the shell would otherwise update an exported COLUMNS to the new size.
    let line = format!(
        "stty rows 40 cols {columns}; {env} {} list --bank {BANK} --color never",
        bin.display()
    );
    let mut cmd = std::process::Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"])
        .env_remove("COLUMNS")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null());
    let out = cmd
        .output()
        .expect("util-linux `script` runs: install util-linux to run this test");
    assert!(out.status.success(), "script {line}: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains('┌'), "no table in {text}");
    text.lines()
        .map(|l| l.trim_end_matches('\r').chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn tables_fit_the_terminal_unless_columns_says_otherwise() {
    // bash does not export COLUMNS, so the terminal itself must be asked.
    assert_eq!(widest_list_line(72, ""), 72);
    // A wide terminal lets the table take what its text needs, up to the terminal's width.
    let wide = widest_list_line(160, "");
    assert!((73..=160).contains(&wide), "{wide}");
    // An explicit COLUMNS wins, as for other tools.
    assert_eq!(widest_list_line(72, "COLUMNS=90"), 90);
}

#[test]
fn completions_offer_question_ids_and_topics() {
    for shell in ["bash", "zsh", "fish"] {
        let script = stdout_of(pyprep().args(["completions", shell]));
        for value in [
            "eq-vs-is",
            "mutable-default",
            "generators",
            "context-managers",
        ] {
            assert!(script.contains(value), "{shell}: no `{value}` to complete");
        }
    }
}

#[test]
fn list_as_json_has_every_question_with_its_fields() {
    let out = stdout_of(
        pyprep()
            .args(["list", "--format", "json"])
            .env_remove("PYPREP_BANK"),
    );
    let listed: serde_json::Value = serde_json::from_str(&out).expect("list prints JSON");
    let listed = listed.as_array().expect("an array");
    assert_eq!(listed.len(), 100);
    let first = &listed[0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["id"], "key-features");
    assert!(first["title"].as_str().unwrap().ends_with('?'));
    assert!(first["topics"].as_array().is_some_and(|t| !t.is_empty()));
    assert!(["junior", "mid", "senior"].contains(&first["difficulty"].as_str().unwrap()));
}

/// `show N --answer` in a pseudo-terminal of `rows` rows, with `env` set in the shell.
fn show_answer_in_terminal(rows: u16, env: &str) -> String {
    let bin = assert_cmd::cargo::cargo_bin("pyprep");
    let line = format!(
        "stty rows {rows} cols 80; {env} {} show 10 --answer --color never",
        bin.display()
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("COLUMNS")
        .env_remove("PYPREP_BANK")
        .env("TERM", "xterm")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("util-linux `script` runs: install util-linux to run this test");
    assert!(out.status.success(), "script {line}: {out:?}");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "needs util-linux `script`")]
fn model_answers_are_laid_out_for_a_terminal_paged_when_long_and_plain_when_piped() {
    // A tall terminal: laid out, no Markdown markers, wrapped to its width, no pager.
    let tall = show_answer_in_terminal(1000, "PAGER='sed s/^/PAGED:/'");
    assert!(tall.contains("\nSummary\n"), "{tall}");
    assert!(!tall.contains("## "), "{tall}");
    assert!(!tall.contains("PAGED:"), "{tall}");
    assert!(tall.lines().all(|l| l.chars().count() <= 80), "{tall}");
    // A short one: the whole text goes through the pager.
    let short = show_answer_in_terminal(10, "PAGER='sed s/^/PAGED:/'");
    assert!(short.contains("PAGED:Question 10:"), "{short}");
    assert!(short.contains("PAGED:Summary"), "{short}");
    // A pager that is not installed: the text is shown without one.
    let missing = show_answer_in_terminal(10, "PAGER=no-such-pager-here");
    assert!(missing.contains("\nSummary\n"), "{missing}");
    // A pipe: the Markdown as written.
    let piped = stdout_of(
        pyprep()
            .args(["show", "10", "--answer"])
            .env_remove("PYPREP_BANK"),
    );
    assert!(piped.contains("\n## Summary\n"), "{piped}");
}

#[test]
fn practice_help_says_how_to_skip_and_mock_help_how_long_a_bare_limit_is() {
    let practice = stdout_of(pyprep().args(["practice", "--help"]));
    assert!(practice.contains("skips a question"), "{practice}");
    let mock = stdout_of(pyprep().args(["mock", "--help"]));
    assert!(mock.contains("a bare number is minutes"), "{mock}");
}

/// The good bank of the `check` tests, as an absolute path.
fn good_bank() -> std::path::PathBuf {
    common::tests_dir().join("good-bank")
}

#[test]
fn check_and_new_use_the_bank_they_are_given() {
    let elsewhere = tempfile::tempdir().unwrap();
    // `check` with --bank or PYPREP_BANK, run outside any bank.
    for env in [false, true] {
        let mut cmd = pyprep();
        cmd.current_dir(elsewhere.path()).arg("check");
        if env {
            cmd.env("PYPREP_BANK", good_bank());
        } else {
            cmd.arg("--bank").arg(good_bank());
        }
        let out = cmd.output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "env {env}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A folder given to check beats PYPREP_BANK.
    pyprep()
        .current_dir(elsewhere.path())
        .env("PYPREP_BANK", "/no/such/bank")
        .arg("check")
        .arg(good_bank())
        .assert()
        .code(0);

    // `new` writes into the bank given, not into the current folder.
    let bank = tempfile::tempdir().unwrap();
    pyprep()
        .current_dir(elsewhere.path())
        .args(["new", "generators", "--bank"])
        .arg(bank.path())
        .assert()
        .code(0);
    assert!(bank.path().join("rubrics/001-generators.yaml").is_file());
    assert!(!elsewhere.path().join("rubrics").exists());
    pyprep()
        .current_dir(elsewhere.path())
        .env("PYPREP_BANK", bank.path())
        .args(["new", "closures"])
        .assert()
        .code(0);
    assert!(bank.path().join("content/002-closures.md").is_file());
}

#[test]
fn commands_that_read_no_bank_do_not_offer_bank() {
    for args in [
        &["completions", "bash", "--bank", "x"][..],
        &["--bank", "x", "completions", "bash"],
        &["man", "--bank", "x"],
    ] {
        let out = pyprep().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("leave out --bank"), "{args:?}: {err}");
    }
    // PYPREP_BANK, set for a whole shell, does not stop them.
    let out = pyprep()
        .env("PYPREP_BANK", "/no/such/bank")
        .args(["completions", "fish"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let script = String::from_utf8(out.stdout).unwrap();
    for sub in ["completions", "man"] {
        let line = format!("__fish_pyprep_using_subcommand {sub}\" -l bank");
        assert!(!script.contains(&line), "{sub} offers --bank");
    }
    assert!(script.contains("__fish_pyprep_using_subcommand check\" -l bank"));
    let help = stdout_of(pyprep().args(["completions", "--help"]));
    assert!(!help.contains("--bank"), "{help}");
}

#[test]
fn man_pages_keep_examples_aligned_and_exist_for_what_they_list() {
    let page = stdout_of(pyprep().arg("man"));
    let examples = &page[page
        .find(".SH EXAMPLES\n.nf\n")
        .expect("an EXAMPLES section")..];
    assert!(
        examples.contains(
            "\npyprep show 10 \\-\\-answer              question 10 with its model answer\n"
        ),
        "examples are set line by line, spaces kept: {examples}"
    );
    assert!(examples.contains("\n.fi\n"));
    assert!(!page.contains(".SH EXTRA"));
    // No page for `help`, which only repeats --help.
    assert!(!page.contains("pyprep\\-help"), "{page}");
    let out = pyprep().args(["man", "help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Every page a page lists exists, nested ones included.
    let history = stdout_of(pyprep().args(["man", "history"]));
    assert!(history.contains("pyprep\\-history\\-show(1)"), "{history}");
    assert!(!history.contains("pyprep\\-history\\-help"), "{history}");
    let show = stdout_of(pyprep().args(["man", "history-show"]));
    assert!(show.contains(".TH pyprep-history-show 1"), "{show}");
}

#[test]
fn man_and_completions_refuse_quiet_and_verbose_which_change_nothing() {
    for args in [
        &["man", "-q"][..],
        &["-q", "man", "grade"],
        &["completions", "bash", "--verbose"],
    ] {
        let out = pyprep().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("leave them out"), "{args:?}: {err}");
    }
    let page = stdout_of(pyprep().args(["man", "man"]));
    assert!(!page.contains("quiet"), "not offered: {page}");
    assert!(stdout_of(pyprep().args(["man", "grade"])).contains("\\-\\-quiet"));
}
