//! Patterns: a rubric regex, matched sentence by sentence (a greedy `==.*true` must not run
//! on into the next sentence).

use smallvec::SmallVec;

use super::{EvidenceKind, Hit, Scratch};
use crate::grade::index::AnswerIndex;
use crate::rubric::{CompiledPattern, PatternError, compile_pattern};

/// A rubric regex, and what its matches depend on besides the text they match, which
/// decides whether a search of the whole answer may stand in for the search of each
/// sentence when it finds nothing (see [`PatternEvidence::find`]).
#[derive(Debug, Clone)]
pub struct PatternEvidence {
    pub(crate) regex: CompiledPattern,
    pub(crate) context: PatternContext,
}

/// What a regex's matches depend on outside the matched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatternContext {
    /// Nothing: no assertions.
    None,
    /// Word boundaries (`\b`, `\B`, `\<`, `\>`), which look at one character on each side.
    WordBoundaries,
    /// Anchors (`^`, `$`, `\A`, `\z`), which hold where a sentence starts or ends and
    /// nowhere in the middle of the answer.
    Anchors,
}

impl PatternEvidence {
    pub fn compile(pattern: &str) -> Result<Self, PatternError> {
        Ok(PatternEvidence {
            regex: compile_pattern(pattern)?,
            context: pattern_context(pattern),
        })
    }
}

/// What a match of `pattern` depends on besides the text it matches. Conservative: a `^`
/// or `$` anywhere (even in a class, `[^a]`) counts as an anchor, and an escaped backslash
/// before a `b` as a word boundary.
pub(crate) fn pattern_context(pattern: &str) -> PatternContext {
    if pattern.contains(['^', '$']) || ["\\A", "\\z"].iter().any(|a| pattern.contains(a)) {
        PatternContext::Anchors
    } else if ["\\b", "\\B", "\\<", "\\>"]
        .iter()
        .any(|a| pattern.contains(a))
    {
        PatternContext::WordBoundaries
    } else {
        PatternContext::None
    }
}

/// Where the search of sentence `si` starts: a sentence starts at its first token, and the
/// brackets and quotes glued to its front are no token (`{k: v for k in keys}`,
/// `[1] == [1]`, `(1,)`), yet patterns begin with them. So the search starts before the
/// ASCII punctuation that directly precedes the first token, never before the previous
/// sentence's end, and not before a backtick: an anchored pattern (`^\s*global\s`) has
/// always matched inline code from its first word.
fn search_start(answer: &AnswerIndex, si: usize) -> usize {
    let sentences = &answer.tokenized.sentences;
    let floor = si.checked_sub(1).map_or(0, |p| sentences[p].end);
    let bytes = answer.text.as_bytes();
    let mut start = sentences[si].start;
    while start > floor && bytes[start - 1].is_ascii_punctuation() && bytes[start - 1] != b'`' {
        start -= 1;
    }
    start
}

impl EvidenceKind for PatternEvidence {
    /// Where a rubric regex matches, searched per sentence as phrases are: a greedy
    /// `==.*true` must not run on into the next sentence.
    fn find(&self, answer: &AnswerIndex, _scratch: &mut Scratch, out: &mut Vec<Hit>) {
        let pattern = self;
        // One search of the whole answer rules most patterns out at once, where it can
        // stand in for the sentences: a match in a sentence is a match in the whole answer
        // when nothing it depends on differs between the two. Anchors do (`^is` may match
        // where a sentence starts and nowhere in the whole answer); a word boundary only
        // looks one character past the sentence, which is the same in both when that
        // character is not part of a word.
        let whole_answer_decides = match pattern.context {
            PatternContext::None => true,
            PatternContext::WordBoundaries => answer.plain_sentence_edges,
            PatternContext::Anchors => false,
        };
        // Where it does, it also rules sentences out: a match in a sentence is then a match
        // of the whole answer starting in it, so a sentence can hold one only if the
        // leftmost match from its start (`find_at`, which looks before the start for word
        // boundaries as the whole answer's search would) starts before the sentence ends.
        // Most sentences are passed over by one comparison instead of a search each.
        let mut next_start = 0;
        if whole_answer_decides {
            match pattern.regex.find(answer.text) {
                Some(m) => next_start = m.start(),
                None => return,
            }
        }
        for (si, sentence) in answer.tokenized.sentences.iter().enumerate() {
            let start = search_start(answer, si);
            if whole_answer_decides {
                if next_start < start {
                    match pattern.regex.find_at(answer.text, start) {
                        Some(m) => next_start = m.start(),
                        None => return,
                    }
                }
                if next_start >= sentence.end {
                    continue;
                }
            }
            let Some(slice) = answer.text.get(start..sentence.end) else {
                continue;
            };
            for m in pattern.regex.find_iter(slice) {
                if m.is_empty() {
                    continue;
                }
                let (from, to) = (start + m.start(), start + m.end());
                let tokens = (answer.first_token_at(from)..sentence.token_end)
                    .take_while(|&i| answer.tokenized.tokens[i].start < to)
                    .collect();
                out.push(Hit {
                    spans: SmallVec::from_slice(&[(from, to)]),
                    tokens,
                    sentence: si,
                    negated: false,
                    // The author wrote the shape the words must have.
                    ties: true,
                });
            }
        }
    }
}
