//! Report renderers: one trait, one implementation per format.

pub mod json;
pub mod model;
pub mod table;

use std::io::{self, Write};

pub use model::{Report, ResultEntry, Summary};

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
}

impl Default for Style {
    fn default() -> Self {
        Style {
            color: false,
            width: 100,
            verbose: false,
        }
    }
}

/// The renderer for `format`.
pub fn renderer(format: Format, style: Style) -> Box<dyn Renderer> {
    match format {
        Format::Table => Box::new(table::TableRenderer { style }),
        Format::Json => Box::new(json::JsonRenderer),
    }
}
