//! The history of attempts: an append-only JSON Lines file, one graded attempt a line.
//!
//! Every attempt is appended with one `write` on a file opened with `O_APPEND`, so two
//! sessions at once never interleave their lines. Reading is forgiving: a line that is not a
//! valid attempt (a crash mid-write, a hand edit) is skipped with a warning, never fatal.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

use serde::{Deserialize, Serialize};

/// The environment variable that names another history file.
pub const HISTORY_ENV: &str = "PYPREP_HISTORY";

/// Version of the attempt record; bumped only by incompatible changes.
pub const ATTEMPT_VERSION: u32 = 1;

/// Corrupt lines reported one by one before the rest are only counted.
const MAX_LINE_WARNINGS: usize = 5;

/// The most a history is read: about fifty thousand long answers. A bound, so a history
/// pointed at something endless never eats the memory.
pub const MAX_HISTORY_BYTES: u64 = 256 << 20;

/// Why the history cannot be read or written.
#[derive(Debug, Error)]
pub enum HistoryError {
    #[error(
        "{}: the history is {what}, not a regular file; set PYPREP_HISTORY to a regular file",
        path.display()
    )]
    NotRegular { path: PathBuf, what: &'static str },
    #[error(
        "{}: the history is larger than {} MiB; move it aside (pyprep starts a new one)",
        path.display(),
        MAX_HISTORY_BYTES >> 20
    )]
    TooLarge { path: PathBuf },
    #[error(
        "{}: the attempt would take the file past the size limit set for this process (ulimit -f)",
        path.display()
    )]
    FileSizeLimit { path: PathBuf },
    #[error("{}: {}", path.display(), plain_io(source))]
    Io { path: PathBuf, source: io::Error },
}

fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "a folder on the way does not exist".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotADirectory => "a file stands where a folder should be".into(),
        io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the disk is read-only".into(),
        io::ErrorKind::FileTooLarge => "the file is too large to grow".into(),
        _ => e.to_string(),
    }
}

/// What a file that is not a regular file is, in words.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Opens the history without ever waiting: a FIFO with no one at the other end would
/// otherwise block the open for good.
fn open_nonblocking(options: &mut OpenOptions, path: &Path) -> io::Result<fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// The opened file itself must be regular: checking the path first would leave a gap
/// for it to be swapped.
fn regular(file: &fs::File, path: &Path) -> Result<u64, HistoryError> {
    let meta = file.metadata().map_err(|source| HistoryError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(HistoryError::NotRegular {
            path: path.to_path_buf(),
            what: kind_of(&meta),
        });
    }
    Ok(meta.len())
}

/// One graded (or ungradable) attempt at a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    #[serde(default = "default_version")]
    pub v: u32,
    /// RFC 3339 UTC, e.g. `2026-11-28T02:30:00Z`.
    pub time: String,
    /// Question id (ids are stable; numbers are shown for convenience).
    pub question: String,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub title: Option<String>,
    /// `ask`, `practice` or `mock`.
    #[serde(default)]
    pub mode: Option<String>,
    /// The full answer text, as typed.
    pub answer: String,
    /// `None` when the answer could not be graded (see `error`).
    #[serde(default)]
    pub score: Option<f64>,
    #[serde(default)]
    pub pass: Option<bool>,
    /// Ids of the concepts covered and missed.
    #[serde(default)]
    pub covered: Vec<String>,
    #[serde(default)]
    pub missed: Vec<String>,
    /// Ids of the misconceptions spotted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misconceptions: Vec<String>,
    /// Why grading failed, when it did; the answer is kept all the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Seconds spent on the answer, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<u64>,
}

fn default_version() -> u32 {
    ATTEMPT_VERSION
}

/// Where the history lives: `$PYPREP_HISTORY`, else `$XDG_DATA_HOME/pyprep/history.jsonl`,
/// else `~/.local/share/pyprep/history.jsonl`. `env` reads a variable (tests pass their own).
pub fn default_path(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(p) = set(HISTORY_ENV) {
        return Some(PathBuf::from(p));
    }
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if let Some(p) = set("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        return Some(p.join("pyprep").join("history.jsonl"));
    }
    set("HOME").map(|h| {
        PathBuf::from(h)
            .join(".local")
            .join("share")
            .join("pyprep")
            .join("history.jsonl")
    })
}

/// The attempts of a history file, and the lines that had to be skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    pub attempts: Vec<Attempt>,
    pub warnings: Vec<String>,
}

/// A history file.
#[derive(Debug, Clone)]
pub struct HistoryFile {
    pub path: PathBuf,
}

impl HistoryFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        HistoryFile { path: path.into() }
    }

    fn io_error(&self, source: io::Error) -> HistoryError {
        if source.kind() == io::ErrorKind::FileTooLarge {
            return HistoryError::FileSizeLimit {
                path: self.path.clone(),
            };
        }
        HistoryError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Appends one attempt as one line, in a single write. The history must be a regular
    /// file; a line that would not fit under the process's file-size limit is not begun.
    pub fn append(&self, attempt: &Attempt) -> Result<(), HistoryError> {
        let mut line = serde_json::to_vec(attempt).map_err(|e| self.io_error(e.into()))?;
        line.push(b'\n');
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|e| self.io_error(e))?;
        }
        let mut file = open_nonblocking(
            OpenOptions::new().create(true).append(true).read(true),
            &self.path,
        )
        .map_err(|e| self.io_error(e))?;
        let len = regular(&file, &self.path)?;
        if !ends_with_newline(&mut file, len).map_err(|e| self.io_error(e))? {
            // A line cut short by a crash would swallow ours; start a fresh line so only the
            // broken one is lost.
            line.insert(0, b'\n');
        }
        let end = len.checked_add(line.len() as u64);
        if end.is_none_or(|end| end > file_size_limit()) {
            return Err(HistoryError::FileSizeLimit {
                path: self.path.clone(),
            });
        }
        // One buffer, one write: O_APPEND makes the kernel place it whole at the end.
        let written = file.write(&line).map_err(|e| self.io_error(e))?;
        if written < line.len() {
            // Cut short (a full disk): take the part back, so no torn line is left, unless
            // another session has appended behind it since.
            if let Ok(at) = file.stream_position() {
                let start = at.saturating_sub(written as u64);
                if file.metadata().is_ok_and(|m| m.len() == at) {
                    let _ = file.set_len(start);
                }
            }
            return Err(self.io_error(io::Error::from(io::ErrorKind::StorageFull)));
        }
        Ok(())
    }

    /// Reads every attempt; a missing file is an empty history. A history that is not a
    /// regular file, or is larger than [`MAX_HISTORY_BYTES`], is refused.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        let file = match open_nonblocking(OpenOptions::new().read(true), &self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Loaded::default()),
            Err(e) => return Err(self.io_error(e)),
        };
        let len = regular(&file, &self.path)?;
        if len > MAX_HISTORY_BYTES {
            return Err(HistoryError::TooLarge {
                path: self.path.clone(),
            });
        }
        let mut bytes = Vec::new();
        // Bounded again while reading: the file may grow after its size was taken.
        file.take(MAX_HISTORY_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| self.io_error(e))?;
        if bytes.len() as u64 > MAX_HISTORY_BYTES {
            return Err(HistoryError::TooLarge {
                path: self.path.clone(),
            });
        }
        Ok(parse(&self.path, &bytes))
    }

    /// Folder of drafts: `drafts/` beside the history file.
    pub fn drafts_dir(&self) -> PathBuf {
        self.path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .join("drafts")
    }

    /// Saves a half-typed answer as an answer file that `pyprep grade` can read later: in
    /// `drafts/` beside the history, else in `fallback` (the history's folder may be the
    /// very thing that cannot be written).
    pub fn save_draft(
        &self,
        question: &str,
        time: &str,
        text: &str,
        fallback: &Path,
    ) -> io::Result<PathBuf> {
        save_draft_in(&self.drafts_dir(), question, time, text)
            .or_else(|_| save_draft_in(fallback, question, time, text))
    }
}

/// Where drafts go when they cannot go beside the history.
pub fn fallback_drafts_dir() -> PathBuf {
    std::env::temp_dir().join("pyprep-drafts")
}

/// The largest file this process may write (`ulimit -f`); beyond it a write fails, and
/// a partial write would tear the line.
fn file_size_limit() -> u64 {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_FSIZE, &mut limit) } == 0
            && limit.rlim_cur != libc::RLIM_INFINITY
        {
            return limit.rlim_cur;
        }
    }
    u64::MAX
}

fn ends_with_newline(file: &mut fs::File, len: u64) -> io::Result<bool> {
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Parses history text, skipping (and naming) the lines that are not attempts.
pub fn parse(path: &Path, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    let mut skipped = 0usize;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let why = match std::str::from_utf8(raw) {
            Err(_) => "it is not UTF-8".to_string(),
            Ok(text) => match serde_json::from_str::<Attempt>(text) {
                Ok(a) => {
                    loaded.attempts.push(a);
                    continue;
                }
                Err(e) => e.to_string(),
            },
        };
        skipped += 1;
        if skipped <= MAX_LINE_WARNINGS {
            loaded.warnings.push(format!(
                "{}:{}: skipped a line that is not a valid attempt ({why})",
                path.display(),
                i + 1
            ));
        }
    }
    if skipped > MAX_LINE_WARNINGS {
        loaded.warnings.push(format!(
            "{}: skipped {} more lines that are not valid attempts",
            path.display(),
            skipped - MAX_LINE_WARNINGS
        ));
    }
    loaded
}

/// File-name-safe form of a time stamp: `2026-11-28T02:30:00Z` -> `20261128T023000Z`.
fn stamp(time: &str) -> String {
    time.chars().filter(|c| c.is_ascii_alphanumeric()).collect()
}

fn save_draft_in(dir: &Path, question: &str, time: &str, text: &str) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let safe_id: String = question
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let base = format!("{}-{safe_id}", stamp(time));
    // Front matter names the question, so `pyprep grade DRAFT` grades it as it stands.
    let body = format!("---\nquestion: {safe_id}\n---\n{text}");
    for n in 1..1000 {
        let name = if n == 1 {
            format!("{base}.md")
        } else {
            format!("{base}-{n}.md")
        };
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut f) => {
                if let Err(e) = f.write_all(body.as_bytes()) {
                    // Half a draft (a full disk, a file-size limit) would pass for a whole one.
                    drop(f);
                    let _ = fs::remove_file(&path);
                    return Err(e);
                }
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many drafts with the same name",
        dir.display()
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(q: &str, score: f64) -> Attempt {
        Attempt {
            v: 1,
            time: "2026-11-28T02:30:00Z".into(),
            question: q.into(),
            number: Some(10),
            title: None,
            mode: Some("ask".into()),
            answer: "line one\n\nline \"two\"".into(),
            score: Some(score),
            pass: Some(score >= 60.0),
            covered: vec!["identity".into()],
            missed: vec![],
            misconceptions: vec![],
            error: None,
            seconds: None,
        }
    }

    #[test]
    fn path_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| OsString::from(v))
            }
        };
        assert_eq!(
            default_path(env(&[("PYPREP_HISTORY", "/h.jsonl"), ("HOME", "/home/u")])),
            Some(PathBuf::from("/h.jsonl"))
        );
        assert_eq!(
            default_path(env(&[("XDG_DATA_HOME", "/x"), ("HOME", "/home/u")])),
            Some(PathBuf::from("/x/pyprep/history.jsonl"))
        );
        assert_eq!(
            default_path(env(&[("XDG_DATA_HOME", "rel"), ("HOME", "/home/u")])),
            Some(PathBuf::from("/home/u/.local/share/pyprep/history.jsonl"))
        );
        assert_eq!(
            default_path(env(&[("PYPREP_HISTORY", ""), ("HOME", "/home/u")])),
            Some(PathBuf::from("/home/u/.local/share/pyprep/history.jsonl"))
        );
        assert_eq!(default_path(env(&[])), None);
    }

    #[test]
    fn append_then_load_and_skip_corrupt_lines() {
        let dir = tempfile::tempdir().unwrap();
        let h = HistoryFile::new(dir.path().join("sub").join("history.jsonl"));
        h.append(&attempt("eq-vs-is", 70.0)).unwrap();
        // A torn line with no newline, as a crash would leave it.
        let mut f = OpenOptions::new().append(true).open(&h.path).unwrap();
        f.write_all(b"{\"time\": \"2026").unwrap();
        drop(f);
        h.append(&attempt("lambda", 40.0)).unwrap();
        let loaded = h.load().unwrap();
        assert_eq!(loaded.attempts.len(), 2);
        assert_eq!(loaded.attempts[1].question, "lambda");
        assert_eq!(loaded.attempts[0].answer, "line one\n\nline \"two\"");
        assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
        assert!(loaded.warnings[0].contains("history.jsonl:2:"));
    }

    #[test]
    fn missing_file_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = HistoryFile::new(dir.path().join("none.jsonl"))
            .load()
            .unwrap();
        assert!(loaded.attempts.is_empty() && loaded.warnings.is_empty());
    }

    #[test]
    fn a_folder_is_not_a_history() {
        let dir = tempfile::tempdir().unwrap();
        let h = HistoryFile::new(dir.path());
        let e = h.load().unwrap_err().to_string();
        assert!(
            e.ends_with(": the history is a folder, not a regular file; set PYPREP_HISTORY to a regular file"),
            "{e}"
        );
        let e = h.append(&attempt("lambda", 40.0)).unwrap_err().to_string();
        assert!(e.contains("folder"), "{e}");
    }

    #[test]
    fn many_corrupt_lines_are_counted_not_listed() {
        let text = "x\n".repeat(8);
        let loaded = parse(Path::new("h"), text.as_bytes());
        assert_eq!(loaded.warnings.len(), MAX_LINE_WARNINGS + 1);
        assert!(loaded.warnings.last().unwrap().contains("3 more"));
    }

    #[test]
    fn drafts_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let h = HistoryFile::new(dir.path().join("history.jsonl"));
        let elsewhere = dir.path().join("elsewhere");
        let a = h
            .save_draft("eq-vs-is", "2026-11-28T02:30:00Z", "half", &elsewhere)
            .unwrap();
        let b = h
            .save_draft("eq-vs-is", "2026-11-28T02:30:00Z", "more", &elsewhere)
            .unwrap();
        assert_ne!(a, b);
        assert!(a.ends_with("drafts/20261128T023000Z-eq-vs-is.md"));
        let text = fs::read_to_string(&b).unwrap();
        assert_eq!(text, "---\nquestion: eq-vs-is\n---\nmore");
    }
}
