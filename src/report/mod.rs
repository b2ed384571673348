//! Report renderers: one trait, one implementation per format.

pub mod grid;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
mod pretty;
pub mod signature;
pub mod table;

use std::io::{self, Write};

pub use grid::GridReport;
pub use model::{Outcome, Report, ResultEntry, Summary, Tally};
pub use signature::is_report;

use crate::graded::FileError;

/// Writes a report in one format while its batch is graded: the opening, then each result
/// in report order as soon as it is graded, then the files that could not be graded and
/// the totals. A format that puts its totals first, or must see every result before it
/// writes one, keeps them until [`Renderer::finish`] (see [`Collected`]).
pub trait Renderer {
    /// Writes what comes before the first result.
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Writes (or keeps) the next result.
    fn result(&mut self, entry: ResultEntry, out: &mut dyn Write) -> io::Result<()>;
    /// Writes the rest: the files not graded, in path order, and the totals.
    fn finish(
        &mut self,
        errors: Vec<FileError>,
        summary: Summary,
        out: &mut dyn Write,
    ) -> io::Result<()>;
}

/// Writes a report that is already whole through `renderer`.
pub fn render(renderer: &mut dyn Renderer, report: Report, out: &mut dyn Write) -> io::Result<()> {
    renderer.begin(out)?;
    for entry in report.results {
        renderer.result(entry, out)?;
    }
    renderer.finish(report.errors, report.summary, out)
}

/// The [`Renderer`] of a format that writes the whole report at once: it keeps the
/// results and writes everything at [`Renderer::finish`].
pub struct Collected<F> {
    results: Vec<ResultEntry>,
    write: F,
}

impl<F: Fn(&Report, &mut dyn Write) -> io::Result<()>> Collected<F> {
    pub fn new(write: F) -> Self {
        Collected {
            results: Vec::new(),
            write,
        }
    }
}

impl<F: Fn(&Report, &mut dyn Write) -> io::Result<()>> Renderer for Collected<F> {
    fn begin(&mut self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    fn result(&mut self, entry: ResultEntry, _out: &mut dyn Write) -> io::Result<()> {
        self.results.push(entry);
        Ok(())
    }

    fn finish(
        &mut self,
        errors: Vec<FileError>,
        summary: Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let report = Report {
            version: model::REPORT_VERSION,
            results: std::mem::take(&mut self.results),
            errors,
            summary,
        };
        (self.write)(&report, out)
    }
}

/// The report formats of `grade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for a terminal.
    Table,
    /// The versioned JSON report of docs/report-schema.md.
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
        Format::Table => Box::new(Collected::new(
            move |report: &Report, out: &mut dyn Write| {
                table::TableReport { style }.render(report, out)
            },
        )),
        Format::Json => Box::new(json::JsonRenderer::default()),
        Format::Markdown => Box::new(Collected::new(
            move |report: &Report, out: &mut dyn Write| {
                markdown::MarkdownReport { style }.render(report, out)
            },
        )),
        Format::Junit => Box::new(Collected::new(|report: &Report, out: &mut dyn Write| {
            junit::JunitReport.render(report, out)
        })),
    }
}
