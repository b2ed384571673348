//! The JSON report (contract in DESIGN.md).

use std::io::{self, Write};

use super::{Renderer, Report};

/// Pretty-printed JSON with a trailing newline.
pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)
    }
}
