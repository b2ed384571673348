//! The JSON report (contract in DESIGN.md).
//!
//! The report of a big batch is mostly its results (about 8 KB of pretty JSON per answer),
//! and serializing them one after another on one core took as long as grading them on two.
//! So each result is written exactly as `serde_json::to_writer_pretty` would write it at
//! its depth (by the hand-written writer of `json_writer`, which also spares serde_json's
//! generic per-key work), on whichever thread has it, and spliced into the rest of the
//! report, which serde_json renders ([`JsonStream`]). `grade` writes results this way as
//! it grades them; [`JsonRenderer`] writes a whole report the same way. The output is the
//! same as serde_json's, byte for byte (tested below).

use std::io::{self, IoSlice, Write};

use rayon::prelude::*;

use super::model::REPORT_VERSION;
use super::{Renderer, Report, ResultEntry, Summary, json_writer};
use crate::graded::FileError;

/// Pretty-printed JSON with a trailing newline.
pub struct JsonRenderer;

/// Results serialized per parallel step: enough to keep every core busy, few enough that
/// the rendered text in memory stays small whatever the size of the batch.
const CHUNK: usize = 256;

/// Room for a typical result's text (about 8.6 KB), so its buffer rarely grows.
const RESULT_SIZE: usize = 9 << 10;

/// Where the results array sits in the pretty report when it is empty. A JSON string
/// cannot hold a raw newline, so this text can only be the top-level `results` key.
const EMPTY_RESULTS: &str = "\n  \"results\": []";

impl Renderer for JsonRenderer {
    /// The whole report as the stream of its results (see [`JsonStream`]), rendered a
    /// chunk at a time in parallel.
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut stream = JsonStream::begin(out)?;
        for chunk in report.results.chunks(CHUNK) {
            let rendered: Vec<Vec<u8>> = chunk.par_iter().map(JsonStream::render).collect();
            stream.results(out, &rendered)?;
        }
        stream.finish(out, report.errors.clone(), report.summary.clone())
    }
}

/// The JSON report written while a batch is graded, result by result, with the bytes
/// [`JsonRenderer`] writes for the whole report: the results of a big batch (hundreds of
/// megabytes of JSON) need not all be in memory before the first is written.
pub struct JsonStream {
    /// The report's opening, up to where its results go.
    opening: String,
    results: usize,
}

impl JsonStream {
    /// Writes the report's opening.
    pub fn begin(out: &mut dyn Write) -> io::Result<JsonStream> {
        let (frame, at) = frame(Vec::new(), Summary::default())?;
        let opening = frame[..at].to_string();
        out.write_all(opening.as_bytes())?;
        Ok(JsonStream {
            opening,
            results: 0,
        })
    }

    /// A result as the report's text, for [`JsonStream::result`]. Runs on any thread.
    pub fn render(entry: &ResultEntry) -> Vec<u8> {
        rendered_result(entry)
    }

    /// Writes the next results, each rendered by [`JsonStream::render`], in one vectored
    /// write where `out` takes one. A batch's results are nearly all of its report (about
    /// 8.6 KB each), and copying each into the writer's buffer kept the writing thread
    /// busy beside the graders for nothing.
    pub fn results(&mut self, out: &mut dyn Write, rendered: &[Vec<u8>]) -> io::Result<()> {
        let mut slices = Vec::with_capacity(2 * rendered.len());
        for text in rendered {
            let before: &[u8] = if self.results == 0 {
                b"\n  \"results\": [\n"
            } else {
                b",\n"
            };
            self.results += 1;
            slices.push(IoSlice::new(before));
            slices.push(IoSlice::new(text));
        }
        super::write_all_vectored(out, &mut slices)
    }

    /// Writes the rest of the report: the errors and the summary.
    pub fn finish(
        self,
        out: &mut dyn Write,
        errors: Vec<FileError>,
        summary: Summary,
    ) -> io::Result<()> {
        let (frame, at) = frame(errors, summary)?;
        if frame[..at] != self.opening {
            return Err(io::Error::other(
                "the JSON report's opening changed while it was written",
            ));
        }
        if self.results == 0 {
            out.write_all(&frame.as_bytes()[at..])?;
        } else {
            out.write_all(b"\n  ]")?;
            out.write_all(&frame.as_bytes()[at + EMPTY_RESULTS.len()..])?;
        }
        writeln!(out)
    }
}

/// The report without results, rendered by serde_json, and where its empty results array
/// stands in it.
fn frame(errors: Vec<FileError>, summary: Summary) -> io::Result<(String, usize)> {
    let frame = Report {
        version: REPORT_VERSION,
        results: Vec::new(),
        errors,
        summary,
    };
    let text = serde_json::to_string_pretty(&frame)?;
    let at = text
        .find(EMPTY_RESULTS)
        .ok_or_else(|| io::Error::other("the JSON report has no results array"))?;
    Ok((text, at))
}

/// `entry` as an item of the report's `results` array, its first line indented too.
fn rendered_result(entry: &ResultEntry) -> Vec<u8> {
    let mut text = Vec::with_capacity(RESULT_SIZE);
    text.extend_from_slice(b"    ");
    json_writer::write_result(&mut text, entry);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::batch::{BatchResult, FileError, GradedFile, QuestionInfo};

    fn rendered(report: &Report) -> String {
        let mut out = Vec::new();
        JsonRenderer.render(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn plain(report: &Report) -> String {
        let mut out = serde_json::to_string_pretty(report).unwrap();
        out.push('\n');
        out
    }

    fn graded(bank: &Bank, n: usize) -> Vec<GradedFile> {
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
        vec![GradedFile {
            file: format!("answers/{n:03}\n\"odd\".md"),
            question: QuestionInfo::of(q),
            front: Default::default(),
            graded,
            warnings: vec![format!("warning {n}")],
        }]
    }

    /// `results` graded answers and `errors` files that could not be read.
    fn batch(bank: &Bank, results: usize, errors: usize) -> BatchResult {
        BatchResult {
            graded: (0..results).flat_map(|n| graded(bank, n)).collect(),
            errors: (0..errors)
                .map(|n| FileError {
                    file: format!("bad{n}.md"),
                    code: crate::error_code::ErrorCode::Unreadable,
                    message: "cannot read".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn same_bytes_as_serde_json() {
        let bank = Bank::built_in();
        for (results, errors) in [(0, 0), (0, 2), (1, 0), (3, 1), (CHUNK + 5, 0)] {
            let batch = batch(&bank, results, errors);
            for min in [None, Some(50.0)] {
                let report = Report::new(batch.clone(), min);
                assert_eq!(rendered(&report), plain(&report), "{results} results");
            }
        }
    }

    /// The report a grading run writes as it goes, from the same batch.
    fn streamed(batch: &BatchResult, min_score: Option<f64>) -> String {
        let mut out = Vec::new();
        let mut stream = JsonStream::begin(&mut out).unwrap();
        let mut tally = crate::report::Tally::default();
        // Handed on in runs of one, two, three... results, as groups of a batch are.
        let mut rendered = Vec::new();
        let mut run = 1;
        for g in batch.graded.clone() {
            let entry = ResultEntry::new(g, min_score);
            tally.add(entry.outcome());
            rendered.push(JsonStream::render(&entry));
            if rendered.len() == run {
                stream.results(&mut out, &rendered).unwrap();
                rendered.clear();
                run += 1;
            }
        }
        stream.results(&mut out, &rendered).unwrap();
        let summary = tally.summary(batch.errors.len(), min_score);
        stream
            .finish(&mut out, batch.errors.clone(), summary)
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn streamed_report_is_the_whole_report_byte_for_byte() {
        let bank = Bank::built_in();
        for (results, errors) in [(0, 0), (0, 2), (1, 0), (4, 1)] {
            let batch = batch(&bank, results, errors);
            for min in [None, Some(50.0)] {
                let report = Report::new(batch.clone(), min);
                assert_eq!(streamed(&batch, min), plain(&report), "{results} results");
            }
        }
    }
}
