//! The user's editor for `:e` and `--editor`: `$VISUAL`, else `$EDITOR`, else the first
//! common editor found. Every way it can fail is a typed error in plain words, so a
//! session can say what went wrong and keep the answer typed so far.

use std::ffi::OsString;
use std::fmt;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::{Command, ExitStatus, Stdio};

/// Why the editor gave no answer back.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("no editor found: set VISUAL or EDITOR to your editor's command (e.g. `nano`)")]
    NotFound,
    #[error(
        "the editor `{editor}`{} cannot be started: {}; set {} to an editor's command",
        .var.map_or(String::new(), |v| format!(" (from {v})")),
        plain_io(.source),
        .var.unwrap_or("VISUAL")
    )]
    Start {
        editor: String,
        /// The variable that named it; `None` for an editor found by its common name.
        var: Option<&'static str>,
        source: io::Error,
    },
    #[error("the editor `{editor}` {}", Exited(*.status))]
    Failed { editor: String, status: ExitStatus },
    #[error("the editor `{editor}` saved text that is not UTF-8")]
    NotUtf8 { editor: String },
    #[error("cannot hand the answer to the editor: {}", plain_io(.0))]
    TempFile(io::Error),
}

/// "exited with status 1", "was stopped by signal 9".
struct Exited(ExitStatus);

impl fmt::Display for Exited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = self.0.code() {
            return write!(f, "exited with status {code}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = self.0.signal() {
                return write!(f, "was stopped by signal {signal}");
            }
        }
        write!(f, "failed")
    }
}

/// An I/O error as a person reads it: std's "entity not found" says nothing to them.
fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such program".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// The editor's command: program, arguments, and the variable that named it.
struct EditorCommand {
    program: OsString,
    args: Vec<OsString>,
    var: Option<&'static str>,
}

impl EditorCommand {
    fn name(&self) -> String {
        self.program.to_string_lossy().into_owned()
    }
}

fn find_editor(env: impl Fn(&str) -> Option<OsString>) -> Result<EditorCommand, EditError> {
    for var in ["VISUAL", "EDITOR"] {
        let Some(value) = env(var).filter(|v| !v.is_empty()) else {
            continue;
        };
        // Split on whitespace, as git and most tools do: `code -w` is a program and a flag.
        let value = value.to_string_lossy().into_owned();
        let mut words = value.split_whitespace().map(OsString::from);
        if let Some(program) = words.next() {
            return Ok(EditorCommand {
                program,
                args: words.collect(),
                var: Some(var),
            });
        }
    }
    let program = edit::get_editor().map_err(|_| EditError::NotFound)?;
    Ok(EditorCommand {
        program: program.into_os_string(),
        args: Vec::new(),
        var: None,
    })
}

/// Opens the user's editor on `draft` and returns what it saved.
pub fn edit(draft: &str) -> Result<String, EditError> {
    let command = find_editor(|k| std::env::var_os(k))?;
    let file = edit::Builder::new()
        .prefix("pyprep-answer-")
        .suffix(".md")
        .tempfile()
        .map_err(EditError::TempFile)?;
    std::fs::write(file.path(), draft).map_err(EditError::TempFile)?;
    let path: PathBuf = file.path().to_path_buf();
    let mut run = Command::new(&command.program);
    run.args(&command.args).arg(&path);
    // With standard output redirected to a log, the editor still belongs on the terminal.
    if io::stdin().is_terminal() && !io::stdout().is_terminal() {
        if let Ok(tty) = std::fs::OpenOptions::new().write(true).open("/dev/tty") {
            run.stdout(Stdio::from(tty));
        }
    }
    let status = run.status().map_err(|source| EditError::Start {
        editor: command.name(),
        var: command.var,
        source,
    })?;
    if !status.success() {
        return Err(EditError::Failed {
            editor: command.name(),
            status,
        });
    }
    let bytes = std::fs::read(&path).map_err(EditError::TempFile)?;
    String::from_utf8(bytes).map_err(|_| EditError::NotUtf8 {
        editor: command.name(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn visual_before_editor_and_words_split() {
        let c = find_editor(env(&[("VISUAL", "code -w"), ("EDITOR", "vi")])).unwrap();
        assert_eq!((c.name().as_str(), c.var), ("code", Some("VISUAL")));
        assert_eq!(c.args, vec![OsString::from("-w")]);
        let c = find_editor(env(&[("VISUAL", ""), ("EDITOR", "vi")])).unwrap();
        assert_eq!((c.name().as_str(), c.var), ("vi", Some("EDITOR")));
    }

    #[cfg(unix)]
    #[test]
    fn failures_read_plainly() {
        use std::os::unix::process::ExitStatusExt;
        let failed = EditError::Failed {
            editor: "false".into(),
            status: ExitStatus::from_raw(1 << 8),
        };
        assert_eq!(
            failed.to_string(),
            "the editor `false` exited with status 1"
        );
        let start = EditError::Start {
            editor: "vimx".into(),
            var: Some("EDITOR"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(
            start.to_string(),
            "the editor `vimx` (from EDITOR) cannot be started: no such program; set EDITOR to an editor's command"
        );
    }
}
