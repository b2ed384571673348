//! The report of a batch: what every renderer reads, and through its serde derives the
//! JSON report (docs/report-schema.md, docs/report.schema.json).

use serde::Serialize;

use crate::grade::{AnswerFlag, ConceptGrade, Evidence, MisconceptionGrade};
use crate::graded::{BatchResult, FileError, GradedFile, QuestionInfo};

/// Version of the JSON report format; bumped only by incompatible changes.
pub const REPORT_VERSION: u32 = 1;

/// One graded answer in a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultEntry {
    pub file: String,
    pub question: QuestionInfo,
    pub score: f64,
    pub pass: bool,
    pub pass_mark: f64,
    /// The answer falls short of `--min-score`, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_min_score: Option<bool>,
    pub concepts: Vec<ConceptGrade>,
    pub misconceptions: Vec<MisconceptionGrade>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<AnswerFlag>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    pub words: usize,
}

impl ResultEntry {
    /// The entry of a graded file; `min_score` marks it when it falls below.
    pub fn new(g: GradedFile, min_score: Option<f64>) -> ResultEntry {
        let mut concepts = g.graded.concepts;
        for c in &mut concepts {
            dedup_by_span(&mut c.evidence, |e| e);
            dedup_by_span(&mut c.uncounted, |u| &u.evidence);
        }
        let mut misconceptions = g.graded.misconceptions;
        for m in &mut misconceptions {
            dedup_by_span(&mut m.evidence, |e| e);
        }
        ResultEntry {
            below_min_score: min_score.map(|m| g.graded.score < m),
            file: g.file,
            question: g.question,
            score: g.graded.score,
            pass: g.graded.pass,
            pass_mark: g.graded.pass_mark,
            concepts,
            misconceptions,
            flags: g.graded.flags,
            warnings: g.warnings,
            words: g.graded.words,
        }
    }

    /// What the summary and the exit status need of this entry.
    pub fn outcome(&self) -> Outcome {
        Outcome {
            score: self.score,
            pass: self.pass,
            below_min_score: self.below_min_score,
        }
    }

    /// Fell short of the bar that decides the exit status.
    pub fn falls_short(&self, require_pass: bool) -> bool {
        self.outcome().falls_short(require_pass)
    }

    /// The weightiest missed concept, for summary lines.
    pub fn biggest_gap(&self) -> Option<&ConceptGrade> {
        crate::grade::biggest_gap(&self.concepts)
    }

    /// What cost this answer most: the weightiest missed concept, unless a misconception
    /// took more points off the score than that concept would have added. Ties go to the
    /// concept, since covering it is what the reader can do next.
    pub fn costliest_gap(&self) -> Option<Gap<'_>> {
        let concept = self.biggest_gap();
        let total: f64 = self.concepts.iter().map(|c| c.weight).sum();
        let concept_cost = concept.map_or(0.0, |c| {
            if total > 0.0 {
                100.0 * (c.weight - c.earned) / total
            } else {
                0.0
            }
        });
        let wrong = self.misconceptions.iter().fold(
            None,
            |best: Option<&MisconceptionGrade>, m| match best {
                Some(b) if b.penalty >= m.penalty => Some(b),
                _ => Some(m),
            },
        );
        match (concept, wrong) {
            (_, Some(m)) if m.penalty > concept_cost => Some(Gap::Misconception(m)),
            (Some(c), _) => Some(Gap::Concept(c)),
            (None, _) => None,
        }
    }
}

/// What an answer lost most points on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gap<'a> {
    Concept(&'a ConceptGrade),
    Misconception(&'a MisconceptionGrade),
}

/// Drops repeats of the same span: two rubric terms found at one place in the answer are
/// one piece of evidence to a reader, not two.
///
/// Each item is compared with those before it, in place: the lists are short (at most
/// `MAX_EVIDENCE`), most have no repeat and are left as they are, and a list of the keys
/// seen, each with a copy of its text, was a few dozen allocations an answer.
fn dedup_by_span<T>(items: &mut Vec<T>, evidence: impl Fn(&T) -> &Evidence) {
    let same = |a: &Evidence, b: &Evidence| {
        (a.line, a.column, a.text.as_str()) == (b.line, b.column, b.text.as_str())
    };
    let repeats = |items: &[T], i: usize| {
        items[..i]
            .iter()
            .any(|earlier| same(evidence(earlier), evidence(&items[i])))
    };
    // An item equal to one removed before it is equal to the one that was kept, so asking
    // of all the items before it is asking of those kept.
    let Some(first) = (1..items.len()).find(|&i| repeats(items, i)) else {
        return;
    };
    let mut i = first;
    let mut kept = first;
    while i < items.len() {
        if !repeats(items, i) {
            items.swap(kept, i);
            kept += 1;
        }
        i += 1;
    }
    items.truncate(kept);
}

/// An entry's score and verdicts, without its evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub score: f64,
    pub pass: bool,
    pub below_min_score: Option<bool>,
}

impl Outcome {
    /// Fell short of the bar that decides the exit status.
    pub fn falls_short(&self, require_pass: bool) -> bool {
        self.below_min_score == Some(true) || (require_pass && !self.pass)
    }
}

/// Totals over entries added in report order. A report built whole and one written as the
/// batch goes add up the same way, so their summaries agree to the last bit (the mean of
/// floating-point scores depends on the order they are added in).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    graded: usize,
    passed: usize,
    below_min_score: usize,
    score_sum: f64,
}

impl Tally {
    pub fn add(&mut self, outcome: Outcome) {
        self.graded += 1;
        self.passed += usize::from(outcome.pass);
        self.below_min_score += usize::from(outcome.below_min_score == Some(true));
        self.score_sum += outcome.score;
    }

    /// The summary of the entries added, beside `errors` files that could not be graded.
    pub fn summary(&self, errors: usize, min_score: Option<f64>) -> Summary {
        Summary {
            graded: self.graded,
            passed: self.passed,
            failed: self.graded - self.passed,
            errors,
            mean_score: (self.graded > 0).then(|| round1(self.score_sum / self.graded as f64)),
            min_score,
            below_min_score: min_score.map(|_| self.below_min_score),
        }
    }
}

/// Totals over a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub graded: usize,
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    /// Mean score of the graded answers, `null` when none were graded.
    pub mean_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub below_min_score: Option<usize>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub version: u32,
    pub results: Vec<ResultEntry>,
    pub errors: Vec<FileError>,
    pub summary: Summary,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

impl Report {
    /// Builds the report of a batch; `min_score` marks answers below it.
    pub fn new(batch: BatchResult, min_score: Option<f64>) -> Report {
        let results: Vec<ResultEntry> = batch
            .graded
            .into_iter()
            .map(|g| ResultEntry::new(g, min_score))
            .collect();
        let mut tally = Tally::default();
        results.iter().for_each(|r| tally.add(r.outcome()));
        Report {
            version: REPORT_VERSION,
            summary: tally.summary(batch.errors.len(), min_score),
            results,
            errors: batch.errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence(line: usize, column: usize, text: &str) -> Evidence {
        Evidence {
            text: text.into(),
            line,
            column,
            start: 0,
            end: 0,
        }
    }

    /// The first of each (line, column, text), in order: what a list of the keys seen gives.
    fn reference(items: &[Evidence]) -> Vec<Evidence> {
        let mut kept: Vec<Evidence> = Vec::new();
        for e in items {
            if !kept
                .iter()
                .any(|k| (k.line, k.column, &k.text) == (e.line, e.column, &e.text))
            {
                kept.push(e.clone());
            }
        }
        kept
    }

    proptest::proptest! {
        #[test]
        fn repeats_of_a_span_are_dropped_in_order(
            keys in proptest::collection::vec((0usize..3, 0usize..2, "[ab]"), 0..8)
        ) {
            let items: Vec<Evidence> =
                keys.iter().map(|(l, c, t)| evidence(*l, *c, t)).collect();
            let mut deduped = items.clone();
            dedup_by_span(&mut deduped, |e| e);
            proptest::prop_assert_eq!(deduped, reference(&items));
        }
    }
}
