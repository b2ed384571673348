//! Typed answers: a [`Prompter`] reads lines (from the terminal or a script), and
//! [`read_answer`] turns lines into an answer by the rules of docs/sessions.md.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::io::{self, Write};
use std::rc::Rc;

use super::editor::EditError;

use rustyline::completion::Completer;
use rustyline::config::{Behavior, Config};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

/// One thing read at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A line, without its line ending.
    Line(String),
    /// End of input (Ctrl-D).
    Eof,
    /// Ctrl-C.
    Interrupted,
}

/// Where typed lines come from.
pub trait Prompter {
    /// Shows `prompt` and reads one line.
    fn read_line(&mut self, prompt: &str) -> io::Result<Input>;
    /// Lets the user edit `draft` in their editor and returns the result.
    fn edit(&mut self, draft: &str) -> Result<String, EditError>;
    /// What was on the line when the last read was interrupted, not yet entered.
    fn unfinished_line(&mut self) -> String {
        String::new()
    }
}

/// What the user did with a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// A finished answer (it may be blank).
    Answer(String),
    /// `:q`, or Ctrl-D before anything was typed: stop here. `draft` holds what was typed.
    Quit { draft: String },
    /// Ctrl-C: stop here. `draft` holds what was typed.
    Interrupted { draft: String },
}

/// The line that ends an answer.
pub const END_LINE: &str = ".";
/// The line that opens the editor on the answer so far.
pub const EDIT_LINE: &str = ":e";
/// The line that ends the session.
pub const QUIT_LINE: &str = ":q";

/// Reads one answer: lines until a line holding only `.`, or Ctrl-D. Blank lines belong to
/// the answer. `:e` on its own line opens the editor on the answer so far, and what the
/// editor saves is the answer; an editor that fails is reported to `err` and the lines typed
/// so far stay the answer, to go on with. `prompt` is asked for each line's prompt, so a
/// clock in it stays current.
pub fn read_answer(
    prompter: &mut dyn Prompter,
    prompt: &dyn Fn() -> String,
    err: &mut dyn Write,
) -> io::Result<Typed> {
    let mut text = String::new();
    loop {
        match prompter.read_line(&prompt())? {
            Input::Line(chunk) => {
                // A bracketed paste arrives as one "line" holding newlines: take it apart,
                // so a pasted `.` still ends the answer.
                for line in chunk.split('\n') {
                    let line = line.strip_suffix('\r').unwrap_or(line);
                    match line.trim() {
                        END_LINE => return Ok(Typed::Answer(text)),
                        EDIT_LINE => match prompter.edit(&text) {
                            Ok(edited) => return Ok(Typed::Answer(edited)),
                            Err(e) => writeln!(
                                err,
                                "error: {e}; your answer so far is kept: go on typing, or `:e` to try again"
                            )?,
                        },
                        QUIT_LINE => return Ok(Typed::Quit { draft: text }),
                        _ => {
                            text.push_str(line);
                            text.push('\n');
                        }
                    }
                }
            }
            Input::Eof if text.is_empty() => return Ok(Typed::Quit { draft: text }),
            Input::Eof => return Ok(Typed::Answer(text)),
            Input::Interrupted => {
                let unfinished = prompter.unfinished_line();
                if !unfinished.is_empty() {
                    text.push_str(&unfinished);
                    text.push('\n');
                }
                return Ok(Typed::Interrupted { draft: text });
            }
        }
    }
}

/// Keeps the line being typed. rustyline drops the line on Ctrl-C; asking for a hint is
/// the one hook it calls on every change, so the hinter notes the line and hints nothing.
#[derive(Default)]
struct LineKeeper {
    line: RefCell<String>,
}

impl Hinter for LineKeeper {
    type Hint = String;
    fn hint(&self, line: &str, _pos: usize, _ctx: &Context<'_>) -> Option<String> {
        let mut kept = self.line.borrow_mut();
        kept.clear();
        kept.push_str(line);
        None
    }
}

/// Tab indents (answers hold code), as there is nothing to complete.
impl Completer for LineKeeper {
    type Candidate = String;
    fn complete(
        &self,
        _line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<String>)> {
        Ok((pos, vec!["    ".to_string()]))
    }
}
impl Highlighter for LineKeeper {}
impl Validator for LineKeeper {}
impl Helper for LineKeeper {}

/// The terminal, with line editing (rustyline) and the user's editor (`$VISUAL`/`$EDITOR`).
///
/// One editor serves the whole session. Keys that arrive faster than lines are taken (a
/// paste in a terminal without bracketed paste, typing ahead) wait in the editor's read
/// buffer for the next line: rustyline keeps that buffer between lines only with its
/// `buffer-redux` feature, without which they were thrown away.
pub struct TerminalPrompter {
    editor: Editor<LineKeeper, DefaultHistory>,
}

impl TerminalPrompter {
    pub fn new() -> io::Result<Self> {
        use std::io::IsTerminal;
        // With standard output redirected (`pyprep ask 1 > log`) the line being typed is
        // drawn on the terminal itself, not into the log, where the person could not see it.
        // Standard input that is not a terminal (a script) stays the place lines come from.
        let behavior = if io::stdin().is_terminal() && !io::stdout().is_terminal() {
            Behavior::PreferTerm
        } else {
            Behavior::Stdio
        };
        let config = Config::builder().behavior(behavior).build();
        let mut editor = Editor::with_config(config).map_err(readline_io)?;
        editor.set_helper(Some(LineKeeper::default()));
        Ok(TerminalPrompter { editor })
    }
}

fn readline_io(e: ReadlineError) -> io::Error {
    match e {
        ReadlineError::Io(e) => e,
        other => io::Error::other(other),
    }
}

impl Prompter for TerminalPrompter {
    fn read_line(&mut self, prompt: &str) -> io::Result<Input> {
        if let Some(h) = self.editor.helper() {
            h.line.borrow_mut().clear();
        }
        match self.editor.readline(prompt) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    // Up-arrow recalls earlier lines; failing to remember one is harmless.
                    let _ = self.editor.add_history_entry(line.as_str());
                }
                Ok(Input::Line(line))
            }
            Err(ReadlineError::Eof) => Ok(Input::Eof),
            Err(ReadlineError::Interrupted) => Ok(Input::Interrupted),
            Err(e) => Err(readline_io(e)),
        }
    }

    fn edit(&mut self, draft: &str) -> Result<String, EditError> {
        super::editor::edit(draft)
    }

    fn unfinished_line(&mut self) -> String {
        self.editor
            .helper()
            .map(|h| h.line.borrow().clone())
            .unwrap_or_default()
    }
}

/// Text shared between a scripted prompter and the session's output, so a test sees the
/// whole screen in order: prompts, typed lines and reports.
#[derive(Debug, Clone, Default)]
pub struct Transcript(Rc<RefCell<Vec<u8>>>);

impl Transcript {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for Transcript {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Input from a script, for tests: each read takes the next item (end of input when the
/// script runs out); the editor replaces the draft with the next scripted edit.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    inputs: VecDeque<Input>,
    /// Text on the line when a Ctrl-C comes, by the index of that input.
    unfinished: std::collections::HashMap<usize, String>,
    read: usize,
    last_unfinished: String,
    edits: VecDeque<String>,
    editor_fails: bool,
    echo: Option<Transcript>,
    /// Every prompt shown, in order.
    pub prompts: Vec<String>,
    /// Every draft handed to the editor, in order.
    pub drafts_edited: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(inputs: impl IntoIterator<Item = Input>) -> Self {
        ScriptedPrompter {
            inputs: inputs.into_iter().collect(),
            ..Default::default()
        }
    }

    /// Lines as typed; `^C` and `^D` on their own stand for Ctrl-C and Ctrl-D, and
    /// `text^C` for typing `text` and pressing Ctrl-C before Enter.
    pub fn lines(lines: &[&str]) -> Self {
        let mut p = Self::default();
        for l in lines {
            let input = match *l {
                "^C" => Input::Interrupted,
                "^D" => Input::Eof,
                other => match other.strip_suffix("^C") {
                    Some(typed) => {
                        p.unfinished.insert(p.inputs.len(), typed.to_string());
                        Input::Interrupted
                    }
                    None => Input::Line(other.to_string()),
                },
            };
            p.inputs.push_back(input);
        }
        p
    }

    /// What the editor returns, in order.
    pub fn with_edits(mut self, edits: &[&str]) -> Self {
        self.edits = edits.iter().map(|e| e.to_string()).collect();
        self
    }

    /// An editor that is never found.
    pub fn without_editor(mut self) -> Self {
        self.editor_fails = true;
        self
    }

    /// Writes each prompt and typed line to `transcript`, as a terminal would echo them.
    pub fn echo_to(mut self, transcript: Transcript) -> Self {
        self.echo = Some(transcript);
        self
    }
}

impl Prompter for ScriptedPrompter {
    fn read_line(&mut self, prompt: &str) -> io::Result<Input> {
        self.prompts.push(prompt.to_string());
        let input = self.inputs.pop_front().unwrap_or(Input::Eof);
        self.last_unfinished = self.unfinished.remove(&self.read).unwrap_or_default();
        self.read += 1;
        if let Some(t) = &mut self.echo {
            match &input {
                Input::Line(l) => writeln!(t, "{prompt}{l}")?,
                Input::Eof => writeln!(t, "{prompt}^D")?,
                Input::Interrupted => writeln!(t, "{prompt}{}^C", self.last_unfinished)?,
            }
        }
        Ok(input)
    }

    fn edit(&mut self, draft: &str) -> Result<String, EditError> {
        self.drafts_edited.push(draft.to_string());
        if self.editor_fails {
            return Err(EditError::NotFound);
        }
        Ok(self.edits.pop_front().unwrap_or_else(|| draft.to_string()))
    }

    fn unfinished_line(&mut self) -> String {
        self.last_unfinished.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(lines: &[&str]) -> Typed {
        let mut p = ScriptedPrompter::lines(lines);
        read_answer(&mut p, &|| "> ".to_string(), &mut io::sink()).unwrap()
    }

    #[test]
    fn dot_ends_and_blank_lines_stay() {
        assert_eq!(
            read(&["first", "", "second", ".", "not read"]),
            Typed::Answer("first\n\nsecond\n".into())
        );
        assert_eq!(read(&[" . "]), Typed::Answer(String::new()));
        assert_eq!(
            read(&["a dot . inside", "."]),
            Typed::Answer("a dot . inside\n".into())
        );
    }

    #[test]
    fn pasted_lines_are_taken_apart() {
        assert_eq!(
            read(&["one\r\n\ntwo\n.", "not read"]),
            Typed::Answer("one\n\ntwo\n".into())
        );
    }

    #[test]
    fn ctrl_d_ends_or_quits() {
        assert_eq!(read(&["one", "^D"]), Typed::Answer("one\n".into()));
        assert_eq!(
            read(&["^D"]),
            Typed::Quit {
                draft: String::new()
            }
        );
        assert_eq!(read(&["one"]), Typed::Answer("one\n".into()));
    }

    #[test]
    fn ctrl_c_and_quit_keep_the_draft() {
        assert_eq!(
            read(&["half", "^C"]),
            Typed::Interrupted {
                draft: "half\n".into()
            }
        );
        assert_eq!(
            read(&["half", ":q"]),
            Typed::Quit {
                draft: "half\n".into()
            }
        );
    }

    #[test]
    fn editor_gets_the_answer_so_far() {
        let mut p = ScriptedPrompter::lines(&["so far", ":e"]).with_edits(&["edited\n"]);
        let typed = read_answer(&mut p, &|| "> ".to_string(), &mut io::sink()).unwrap();
        assert_eq!(typed, Typed::Answer("edited\n".into()));
        assert_eq!(p.drafts_edited, vec!["so far\n".to_string()]);
    }

    #[test]
    fn a_failing_editor_keeps_the_answer_and_goes_on() {
        let mut p = ScriptedPrompter::lines(&["so far", ":e", "more", "."]).without_editor();
        let mut err = Vec::new();
        let typed = read_answer(&mut p, &|| "> ".to_string(), &mut err).unwrap();
        assert_eq!(typed, Typed::Answer("so far\nmore\n".into()));
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.starts_with("error: no editor found: set VISUAL or EDITOR"),
            "{err}"
        );
        assert!(err.contains("your answer so far is kept"), "{err}");
    }
}
