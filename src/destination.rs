//! The report file of `grade --output`, kept apart from the answers it reports on.
//!
//! The report file is created before the first answer is read, so a report written over
//! an answer destroys the answer before it is graded. A file named both as an answer and
//! as the output is refused; a report found in a folder being graded, at the very path
//! this run writes, is this run's old report and is left out of the grading.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::batch::Input;

/// Why a report cannot be written where `--output` says.
#[derive(Debug, thiserror::Error)]
pub enum DestinationError {
    #[error(
        "--output {}: that is {}, one of the answers being graded; writing the report there \
         would destroy it; write the report to another file, outside the folders being graded",
        .output.display(),
        .input.display()
    )]
    IsAnAnswer { output: PathBuf, input: PathBuf },
}

/// Refuses an output that is one of `inputs`, and leaves out of `inputs` a pyprep report
/// found walking a folder at the output's own path (this run replaces it).
pub fn keep_apart(inputs: &mut Vec<Input>, output: &Path) -> Result<(), DestinationError> {
    // A path that does not exist yet, a device or a pipe is never an answer read here.
    let Ok(meta) = std::fs::metadata(output) else {
        return Ok(());
    };
    if !meta.is_file() {
        return Ok(());
    }
    let id = FileId::of(output, &meta);
    let name = output.file_name();
    let mut ours = None;
    for (at, input) in inputs.iter().enumerate() {
        let Some(path) = input.path() else {
            continue;
        };
        // A found file of another name is another file (short of a hard link), which
        // spares a look-up per file of a large folder. Named files are all looked at.
        if matches!(input, Input::Found(_)) && path.file_name() != name {
            continue;
        }
        let same = std::fs::metadata(path).is_ok_and(|m| FileId::of(path, &m) == id);
        if !same {
            continue;
        }
        if matches!(input, Input::Found(_)) && starts_like_a_report(output) {
            ours = Some(at);
            continue;
        }
        return Err(DestinationError::IsAnAnswer {
            output: output.to_path_buf(),
            input: path.to_path_buf(),
        });
    }
    if let Some(at) = ours {
        inputs.remove(at);
    }
    Ok(())
}

fn starts_like_a_report(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(4096).read_to_end(&mut head));
    read.is_ok() && crate::report::is_report(&String::from_utf8_lossy(&head))
}

/// What makes two paths one file: device and inode where there are such.
#[derive(Debug, PartialEq, Eq)]
struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] Option<PathBuf>);

impl FileId {
    #[cfg(unix)]
    fn of(_path: &Path, meta: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId((meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _meta: &std::fs::Metadata) -> FileId {
        FileId(std::fs::canonicalize(path).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_refused_and_an_old_report_left_out() {
        let dir = tempfile::tempdir().unwrap();
        let answer = dir.path().join("10.md");
        let report = dir.path().join("grades.md");
        std::fs::write(&answer, "`==` compares values.").unwrap();
        std::fs::write(&report, "## pyprep grades\n\n1 graded\n").unwrap();

        let mut inputs = vec![Input::File(answer.clone())];
        let spelled = dir.path().join(".").join("10.md");
        assert!(keep_apart(&mut inputs, &spelled).is_err());

        let mut inputs = vec![Input::Found(answer.clone()), Input::Found(report.clone())];
        assert!(keep_apart(&mut inputs, &answer).is_err());
        keep_apart(&mut inputs, &report).unwrap();
        assert_eq!(inputs, vec![Input::Found(answer.clone())]);

        let mut inputs = vec![Input::File(answer)];
        keep_apart(&mut inputs, &dir.path().join("new.json")).unwrap();
        assert_eq!(inputs.len(), 1);
    }
}
