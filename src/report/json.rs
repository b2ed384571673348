//! The JSON report (schema in docs/report-schema.md and docs/report.schema.json).
//!
//! Every byte comes from the `Serialize` derives of the report model: the keys, their
//! order and the numbers are theirs, so the schema lives in one place. What this renderer
//! adds is streaming: the report of a big batch is mostly its results (about 8.6 KB of
//! pretty JSON per answer), so each result is written as soon as it is graded, instead of
//! the whole report being built in memory first. A result is serialized on its own, at the
//! depth it has in the report (by [`super::pretty`], which writes serde_json's bytes
//! faster), and spliced into the report's frame, which is the rendering of a report
//! without results. The output is that of
//! `serde_json::to_writer_pretty` on the whole report, byte for byte (tested below).

use std::io::{self, Write};

use super::model::REPORT_VERSION;
use super::pretty::write_pretty;
use super::{Renderer, Report, ResultEntry, Summary};
use crate::graded::FileError;

/// Where the results array sits in the pretty report when it is empty. A JSON string
/// cannot hold a raw newline, so this text can only be the top-level `results` key.
const EMPTY_RESULTS: &[u8] = b"\n  \"results\": []";

/// Rendered results are written once this much has gathered: large enough that the
/// output's buffer passes the text straight through instead of copying it (it does so
/// for a write at least as large as itself, 64 KiB in the binary).
const FLUSH_AT: usize = 1 << 17;

/// Pretty-printed JSON with a trailing newline, written a result at a time.
#[derive(Default)]
pub struct JsonRenderer {
    /// The report's opening, up to where its results go, once written.
    opening: Vec<u8>,
    results: usize,
    /// Rendered results not yet written.
    pending: Vec<u8>,
}

impl Renderer for JsonRenderer {
    fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let (frame, at) = frame(Vec::new(), Summary::default())?;
        self.opening = frame[..at].to_vec();
        out.write_all(&self.opening)
    }

    fn result(&mut self, entry: ResultEntry, out: &mut dyn Write) -> io::Result<()> {
        let before: &[u8] = if self.results == 0 {
            b"\n  \"results\": [\n    "
        } else {
            b",\n    "
        };
        self.results += 1;
        self.pending.extend_from_slice(before);
        // A result is an item of the top-level `results` array: two levels deep.
        write_pretty(&mut self.pending, 2, &entry)?;
        if self.pending.len() >= FLUSH_AT {
            out.write_all(&self.pending)?;
            self.pending.clear();
        }
        Ok(())
    }

    fn finish(
        &mut self,
        errors: Vec<FileError>,
        summary: Summary,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        out.write_all(&self.pending)?;
        self.pending = Vec::new();
        let (frame, at) = frame(errors, summary)?;
        if frame[..at] != self.opening {
            return Err(io::Error::other(
                "the JSON report's opening changed while it was written",
            ));
        }
        if self.results == 0 {
            out.write_all(&frame[at..])?;
        } else {
            out.write_all(b"\n  ]")?;
            out.write_all(&frame[at + EMPTY_RESULTS.len()..])?;
        }
        writeln!(out)
    }
}

/// The report without results, as serde_json's pretty printer writes it, and where its
/// empty results array stands in it.
fn frame(errors: Vec<FileError>, summary: Summary) -> io::Result<(Vec<u8>, usize)> {
    let frame = Report {
        version: REPORT_VERSION,
        results: Vec::new(),
        errors,
        summary,
    };
    let mut text = Vec::new();
    write_pretty(&mut text, 0, &frame)?;
    let at = text
        .windows(EMPTY_RESULTS.len())
        .position(|w| w == EMPTY_RESULTS)
        .ok_or_else(|| io::Error::other("the JSON report has no results array"))?;
    Ok((text, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::error_code::ErrorCode;
    use crate::graded::{BatchResult, GradedFile, QuestionInfo};

    fn rendered(report: &Report) -> String {
        let mut out = Vec::new();
        super::super::render(&mut JsonRenderer::default(), report.clone(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn plain(report: &Report) -> String {
        let mut out = serde_json::to_string_pretty(report).unwrap();
        out.push('\n');
        out
    }

    fn graded(bank: &Bank, n: usize) -> GradedFile {
        let usable: Vec<_> = bank
            .questions
            .iter()
            .filter(|q| bank.compiled(q).is_ok())
            .collect();
        let q = usable[n % usable.len()];
        let text = "A tuple is immutable, while a list is mutable.\n\n```python\nx = [1]\n```\n\
                    \"quoted\" and `is` versus ==, not the same \\ thing.";
        let answer = crate::answer::parse(text).unwrap();
        let graded = crate::batch::grade_answer(bank, q, &answer).unwrap();
        GradedFile {
            file: format!("answers/{n:03}\n\"odd\".md"),
            question: QuestionInfo::of(q),
            front: Default::default(),
            graded,
            warnings: vec![format!("warning {n}")],
        }
    }

    /// `results` graded answers and `errors` files that could not be read.
    fn batch(bank: &Bank, results: usize, errors: usize) -> BatchResult {
        BatchResult {
            graded: (0..results).map(|n| graded(bank, n)).collect(),
            errors: (0..errors)
                .map(|n| FileError {
                    file: format!("bad{n}.md"),
                    code: ErrorCode::Unreadable,
                    message: "cannot read".into(),
                    passed_over: false,
                })
                .collect(),
            passed_over: Vec::new(),
        }
    }

    #[test]
    fn same_bytes_as_serde_json() {
        let bank = Bank::built_in();
        // Enough results to be written in several pieces.
        let many = FLUSH_AT / 4096 + 5;
        for (results, errors) in [(0, 0), (0, 2), (1, 0), (3, 1), (many, 0)] {
            let batch = batch(&bank, results, errors);
            for min in [None, Some(50.0)] {
                let report = Report::new(batch.clone(), min);
                assert_eq!(rendered(&report), plain(&report), "{results} results");
            }
        }
    }

    #[test]
    fn an_opening_that_changed_is_an_error_not_a_broken_report() {
        let mut renderer = JsonRenderer::default();
        let mut out = Vec::new();
        renderer.begin(&mut out).unwrap();
        renderer.opening.push(b' ');
        let e = renderer
            .finish(Vec::new(), Summary::default(), &mut out)
            .unwrap_err();
        assert!(e.to_string().contains("opening changed"), "{e}");
    }
}
