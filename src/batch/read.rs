//! Reading one answer: from a file or a stream, within a size limit, decoded to text.
//!
//! A FIFO, a device or a folder where an answer should be is refused, not waited on; text
//! that is not UTF-8 is read as UTF-16 when it says so with a byte-order mark, and refused
//! otherwise, with a message that says what to do.

use std::io::Read;
use std::path::Path;

use crate::error_code::{Coded, ErrorCode, io_code};

/// Why an answer could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),
    /// A walk's failure without an I/O error behind it.
    #[error("{0}")]
    Walk(String),
    /// An ignore file met in a walk that could not be used in full.
    #[error("an ignore file here could not be used in full ({0}); the walk went on without it")]
    IgnoreFile(String),
    #[error("is a folder, not an answer file; name the folder itself to grade it")]
    Folder,
    /// Met in a folder's walk: not opened.
    #[error(
        "not a regular file (a FIFO, socket or device); skipped without opening it, since \
         reading one can wait forever; save the answer as a plain file"
    )]
    NotRegular,
    /// Opened (named on the command line), then found not to be a regular file.
    #[error(
        "not a regular file (a FIFO, socket or device); not read, since reading one can \
         wait forever; save the answer as a plain file"
    )]
    NotRegularOpened,
    /// Over the limit: by the size the file says it has, or by what was read of it.
    #[error(
        "is {}over the limit of {}; pass --max-answer-bytes to raise it",
        .size.map(|s| format!("{}, ", human_size(s))).unwrap_or_default(),
        human_size(*.max)
    )]
    TooLarge { size: Option<u64>, max: u64 },
    #[error(
        "looks like a binary file (it holds NUL bytes), not an answer; save the answer as \
         plain text (.md or .txt) or leave the file out"
    )]
    Binary,
}

impl From<ignore::Error> for ReadError {
    fn from(e: ignore::Error) -> Self {
        if e.is_io() {
            if let Some(io) = e.into_io_error() {
                return ReadError::Io(io);
            }
            return ReadError::Walk("cannot walk the folder".into());
        }
        match e {
            ignore::Error::Loop { .. } => {
                ReadError::Walk("cannot walk the folder (a loop of links)".into())
            }
            // An ignore file the walk could not use in full: a warning, since the answers
            // are still found (a line that is no glob is dropped by the walk itself).
            other => ReadError::IgnoreFile(other.to_string()),
        }
    }
}

impl Coded for ReadError {
    fn code(&self) -> ErrorCode {
        match self {
            ReadError::Io(e) => io_code(e),
            ReadError::Walk(_) | ReadError::IgnoreFile(_) => ErrorCode::Unreadable,
            ReadError::Folder => ErrorCode::IsAFolder,
            ReadError::NotRegular | ReadError::NotRegularOpened => ErrorCode::NotARegularFile,
            ReadError::TooLarge { .. } => ErrorCode::TooLarge,
            ReadError::Binary => ErrorCode::Binary,
        }
    }
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder; check the path".into(),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied; make it readable (chmod +r) or leave it out".into()
        }
        _ => format!("cannot read ({e}); check the path and that it is readable, or leave it out"),
    }
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// Turns raw bytes into answer text: binary is refused, invalid UTF-8 is read lossily
/// (with a warning) so one stray byte does not cost a student their grade.
pub fn decode(bytes: Vec<u8>, warnings: &mut Vec<String>) -> Result<String, ReadError> {
    // Windows editors save "Unicode" as UTF-16 with a byte-order mark: text, not binary.
    if let Some(text) = utf16_with_bom(&bytes, warnings) {
        return Ok(text);
    }
    if bytes.contains(&0) {
        return Err(ReadError::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            warnings.push(format!(
                "invalid UTF-8 at byte {at}; unreadable bytes were replaced with U+FFFD (save the file as UTF-8)"
            ));
            Ok(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

/// The text of UTF-16 bytes that start with a byte-order mark (little- or big-endian), or
/// `None` for any other bytes. Unpaired surrogates become U+FFFD, with a warning.
fn utf16_with_bom(bytes: &[u8], warnings: &mut Vec<String>) -> Option<String> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|pair| match (pair, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd trailing byte is not a character.
        _ => 0xFFFD,
    });
    let mut replaced = false;
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                replaced = true;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if replaced {
        warnings.push(
            "invalid UTF-16; unreadable characters were replaced with U+FFFD (save the file as UTF-8)"
                .to_string(),
        );
    }
    Some(text)
}

/// Reads an answer from a stream (standard input) up to `max` bytes, as [`read_answer`]
/// reads a file.
pub fn read_stream(
    stream: impl Read,
    max: u64,
    warnings: &mut Vec<String>,
) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    stream.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: None, max });
    }
    decode(bytes, warnings)
}

/// Reads one answer file within the size limit, refusing anything but a regular file.
///
/// The file is opened first and checked on the open file: one look-up of the path instead
/// of two, which was a tenth of the system time of a big batch. It is read up to the size
/// it had when opened, in one read for most files.
pub fn read_answer(path: &Path, max: u64, warnings: &mut Vec<String>) -> Result<String, ReadError> {
    let file = open_answer(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegularOpened);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            size: Some(meta.len()),
            max,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Up to the size at opening: the limit was checked against it, and `Take` ends the
    // read there without asking the system once more whether the file has ended. A file
    // that says it is empty may not be (those of /proc say so): it is read to its end,
    // within the limit.
    let limit = if meta.len() == 0 {
        max.saturating_add(1)
    } else {
        meta.len()
    };
    file.take(limit).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: None, max });
    }
    decode(bytes, warnings)
}

/// Opens a file for reading without waiting: opening a FIFO for reading waits for a writer,
/// perhaps forever, where a non-blocking open returns at once (and the FIFO is then refused
/// as not a regular file). Reads of a regular file are not affected by the flag.
#[cfg(unix)]
fn open_answer(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Elsewhere there are no FIFOs to wait on in a folder of answers.
#[cfg(not(unix))]
fn open_answer(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}
