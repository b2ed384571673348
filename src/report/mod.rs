//! Report renderers: one trait, one implementation per format.

pub mod grid;
pub mod json;
mod json_writer;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod table;

use std::io::{self, IoSlice, Write};

pub use grid::GridReport;
pub use model::{Outcome, Report, ResultEntry, Summary, Tally};

/// Writes a whole report in one format.
pub trait Renderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()>;
}

/// The report formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// The JSON report of DESIGN.md.
    Json,
    /// A summary table and a section per answer, to paste into a pull request or an issue.
    Markdown,
    /// JUnit XML: one testcase per answer, for CI systems.
    Junit,
}

/// How the terminal output should look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Emit ANSI colour codes.
    pub color: bool,
    /// Table width in columns.
    pub width: u16,
    /// Show every evidence item and uncounted match, not just the first.
    pub verbose: bool,
    /// Leave out notes and reading pointers: only scores, concepts and problems.
    pub quiet: bool,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            verbose: false,
            quiet: false,
        }
    }
}

/// The renderer for `format`. Only the terminal table ever colours its output.
pub fn renderer(format: Format, style: Style) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer { style }),
        Format::Json => Box::new(json::JsonRenderer),
        Format::Markdown => Box::new(markdown::MarkdownRenderer { style }),
        Format::Junit => Box::new(junit::JunitRenderer),
    }
}

/// Writes all of `bufs` to `out` as `write_all` writes one buffer: in as few vectored
/// writes as `out` takes (one `writev` per thousand-odd buffers for a file or a pipe),
/// again after a partial write or an interruption. `bufs` is left consumed.
pub fn write_all_vectored(out: &mut dyn Write, mut bufs: &mut [IoSlice<'_>]) -> io::Result<()> {
    IoSlice::advance_slices(&mut bufs, 0);
    while !bufs.is_empty() {
        match out.write_vectored(bufs) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut bufs, written),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes at most `step` bytes a call, from one buffer or several, and
    /// is interrupted every third call: what a pipe or a signal may do to a long write.
    struct Trickle {
        written: Vec<u8>,
        step: usize,
        calls: usize,
    }

    impl Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.write_vectored(&[IoSlice::new(buf)])
        }

        fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
            self.calls += 1;
            if self.calls % 3 == 0 {
                return Err(io::ErrorKind::Interrupted.into());
            }
            let mut room = self.step;
            for buf in bufs {
                let take = buf.len().min(room);
                self.written.extend_from_slice(&buf[..take]);
                room -= take;
                if room == 0 {
                    break;
                }
            }
            Ok(self.step - room)
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn vectored_writes_resume_after_partial_writes_and_interruptions() {
        let parts: [&[u8]; 5] = [b"", b"\n  \"results\": [\n", b"{ one }", b",\n", b"{ two }"];
        for step in 1..12 {
            let mut out = Trickle {
                written: Vec::new(),
                step,
                calls: 0,
            };
            let mut slices: Vec<IoSlice> = parts.iter().map(|p| IoSlice::new(p)).collect();
            write_all_vectored(&mut out, &mut slices).unwrap();
            assert_eq!(out.written, parts.concat(), "{step} bytes a call");
        }
    }

    #[test]
    fn a_writer_that_takes_nothing_is_an_error() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Ok(0)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut slices = [IoSlice::new(b"text")];
        let e = write_all_vectored(&mut Full, &mut slices).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::WriteZero);
    }
}
