//! Byte offsets to line and column, for quoting evidence.

use super::evidence::Hit;
use super::result::Evidence;

/// Line starts of a text, for turning byte offsets into line:column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// Columns count characters; in ASCII text they are bytes, and need no counting (an
    /// answer is often one long line, and each piece of evidence counted from its start).
    ascii: bool,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        // memchr's search: `match_indices` took about 200 instructions a line.
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            starts,
            ascii: text.is_ascii(),
        }
    }

    pub(crate) fn evidence(&self, start: usize, end: usize) -> Evidence {
        let line = self.starts.partition_point(|&s| s <= start);
        let line_start = self.starts[line - 1];
        let column = if self.ascii {
            start - line_start + 1
        } else {
            self.text[line_start..start].chars().count() + 1
        };
        Evidence {
            text: self.text[start..end].into(),
            line,
            column,
            start,
            end,
        }
    }

    /// The evidence of each span of `hit`, without a list of its own per hit.
    pub(crate) fn hit<'h>(&'h self, hit: &'h Hit) -> impl Iterator<Item = Evidence> + 'h {
        hit.spans.iter().map(|&(s, e)| self.evidence(s, e))
    }
}
