//! Markdown tables: the header and each row a sentence of their own, each cell a clause
//! (see `Scanner::scan_line` for the `|`), the row of dashes under the header nothing.

use super::Scanner;

/// Whether `line` is the row under a Markdown table's header that says how to align its
/// columns: cells of dashes, a colon at either end for alignment (`|---|:---:|`). A line of
/// dashes alone is a rule or a heading's underline: the row needs a `|`.
pub(super) fn is_table_delimiter(line: &str) -> bool {
    let cells = line.trim().trim_start_matches('|').trim_end_matches('|');
    line.contains('|')
        && cells.split('|').all(|cell| {
            let cell = cell.trim();
            let dashes = cell.strip_prefix(':').unwrap_or(cell);
            let dashes = dashes.strip_suffix(':').unwrap_or(dashes);
            !dashes.is_empty() && dashes.bytes().all(|b| b == b'-')
        })
}

impl Scanner<'_> {
    /// Scans line `start..end` of a table: its header when `header`, else a row, which
    /// remembers the header's sentence (see [`super::Sentence::header`]).
    pub(super) fn table_line(&mut self, start: usize, end: usize, header: bool) {
        self.end_sentence(start, false);
        self.in_table = true;
        self.row_open = !header;
        let before = self.sentence;
        self.scan_line(start, end);
        self.end_sentence(end, false);
        if header {
            self.table_header = (self.sentence > before).then_some(before);
        }
    }
}
