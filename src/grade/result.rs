//! What grading produces: the graded answer and its parts, as reports render them.

use serde::Serialize;

use super::SharedText;

/// The text of a piece of evidence.
pub type EvidenceText = compact_str::CompactString;

/// Writes `text` as the string it is (what serde writes of a `String`).
fn as_str<S: serde::Serializer>(text: &EvidenceText, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(text)
}

/// Share of a concept's weight earned when it is stated only briefly ([`Level::Brief`]).
/// Keyword salad and weak answers drop a concept's word into a sentence once; an answer
/// that explains a concept uses more than one of its words, or a phrase of them.
pub const BRIEF_SHARE: f64 = 0.7;
/// The share of its weight a concept only named earns at least, in an answer that states
/// three concepts or more and at least as many as it names: beside what the answer
/// explains, a name in its notes is more than a keyword.
pub const NAMED_IN_CONTEXT_SHARE: f64 = 0.5;
/// Share of its weight a concept stated by bare single words earns in an answer whose prose
/// ties fewer than half of what it states (a loose answer: fluent keyword salad, or
/// confident claims that only share the topic's words). Such a word tells no more of the
/// idea than a name read in context does, so it earns what a name does there; the same
/// word in an answer that ties its ideas earns [`BRIEF_SHARE`].
pub const LOOSE_SHARE: f64 = NAMED_IN_CONTEXT_SHARE;

/// Own words ([`ConceptGrade::own_words`]) an answer must use before a required concept
/// none of whose terms matched is unconfirmed rather than missing. One word is often said
/// in passing; of the answers written to our rubrics, one was enough to let adversarial
/// ones pass.
pub const OWN_WORDS_MIN: usize = 2;

/// Points over the pass mark an answer needs to pass with a required concept unconfirmed
/// ([`ConceptGrade::unconfirmed`]). On answers written blind to rubrics that had not seen
/// them, salads just over the mark use the concepts' words too.
pub const UNCONFIRMED_MARGIN: f64 = 5.0;

/// Evidence items kept per concept in a report; more add nothing for a reader.
pub const MAX_EVIDENCE: usize = 5;

/// Where in the answer a concept or misconception was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The answer's own words, as written. Inline up to 24 bytes, as a token's text is:
    /// nearly every piece of evidence is a word or two, and a `String` was an allocation
    /// for each (a few dozen an answer), freed by the thread that writes the report.
    #[serde(serialize_with = "as_str")]
    pub text: EvidenceText,
    /// 1-based line and column (in characters) in the graded text.
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
}

/// Why evidence was found but not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Uncounted {
    /// A negation turns the statement into its opposite.
    Negated,
    /// The words stand in a list of terms, not in an explanation.
    TermList,
    /// The words belong to a misconception spotted in the answer ("strings are mutable"
    /// earns no credit for knowing the word "mutable").
    Misconception,
    /// The words stand in a sentence that strings many concepts together in a few words:
    /// they name the concept without saying what it does.
    Crowded,
    /// The concept is said of the wrong thing: "`==` checks identity", where identity is
    /// what `is` checks.
    Swapped,
}

impl Uncounted {
    /// Why the match earned nothing, in words for a report.
    pub fn describe(self) -> &'static str {
        match self {
            Uncounted::Negated => "stated as its opposite",
            Uncounted::TermList => "only in a list of terms, not in a sentence",
            Uncounted::Misconception => "part of a wrong statement",
            Uncounted::Crowded => "named among many other terms, not explained",
            Uncounted::Swapped => "said of the wrong thing",
        }
    }
}

/// Evidence that was found but does not count, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UncountedEvidence {
    #[serde(flatten)]
    pub evidence: Evidence,
    pub reason: Uncounted,
}

/// How far an answer got with a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// Not found, or found only denied, swapped or inside a wrong statement.
    Missing,
    /// Its terms appear, but only in a list of terms, a heading, or a sentence crowded with
    /// other concepts: the answer knows the word, not (as far as it shows) the idea.
    Named,
    /// Stated, but only ever by one word, the same each time ("... identity ..."), in an
    /// answer with room to say more; or only by bare single words, in prose that ties
    /// fewer than half of what it states: the answer uses the concept's words in a sentence,
    /// not (as far as it shows) what the concept says. Earns [`BRIEF_SHARE`] of the
    /// weight, or [`LOOSE_SHARE`] when said by bare single words in such prose.
    Brief,
    /// Said in a sentence, a line of code or an arrow chain that ties it to what it is about.
    Stated,
}

/// One concept's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptGrade {
    /// Shared with the compiled rubric (as are `label` and `hint`): a batch holds one
    /// result per answer, and copying every concept's text into each made up a sixth of
    /// a result's memory.
    pub id: SharedText,
    pub label: SharedText,
    pub weight: f64,
    pub required: bool,
    /// Stated (briefly or not), or named where the rubric says naming is worth at least half
    /// the weight.
    pub covered: bool,
    /// How far the answer got: stated the concept, stated it briefly, only named it, or
    /// neither.
    pub level: Level,
    /// The share of `weight` the answer earned: all of it when stated, [`BRIEF_SHARE`] of it
    /// when stated briefly ([`LOOSE_SHARE`] by bare words in loose prose), the rubric's
    /// naming share when only named.
    pub earned: f64,
    pub evidence: Vec<Evidence>,
    /// Matches that did not count: negated (a contradiction) or in a bare list of terms.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncounted: Vec<UncountedEvidence>,
    /// For a required concept no term of which matched, nor counted against it: where the
    /// answer uses the words only this concept's terms use, one place per word, when there
    /// are [`OWN_WORDS_MIN`] or more. The answer may state the concept in words the rubric
    /// does not give; the concept earns nothing, but it holds back the pass only below
    /// [`UNCONFIRMED_MARGIN`] over the mark.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub own_words: Vec<Evidence>,
    pub hint: SharedText,
}

impl ConceptGrade {
    /// Stated only as its opposite: "tuples are not immutable".
    pub fn contradicted(&self) -> bool {
        !self.covered
            && self
                .uncounted
                .iter()
                .any(|u| u.reason == Uncounted::Negated)
    }
}

/// A misconception that was spotted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MisconceptionGrade {
    pub id: SharedText,
    pub label: SharedText,
    pub penalty: f64,
    pub correction: SharedText,
    pub evidence: Vec<Evidence>,
}

/// Something about the answer as a whole that a reader should know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerFlag {
    /// Nothing to grade.
    Empty,
    /// Rubric terms were found only in lists of terms, not in sentences.
    TermList,
    /// A concept was stated as its opposite.
    Contradiction,
    /// The answer passes though a required concept was not found: it uses the concept's
    /// own words and scores well over the mark ([`ConceptGrade::unconfirmed`]).
    Unconfirmed,
}

/// The result of grading one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradedAnswer {
    pub score: f64,
    pub pass: bool,
    pub pass_mark: f64,
    pub concepts: Vec<ConceptGrade>,
    pub misconceptions: Vec<MisconceptionGrade>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<AnswerFlag>,
    pub words: usize,
}

impl GradedAnswer {
    /// The weightiest concept missed, for one-line summaries.
    pub fn biggest_gap(&self) -> Option<&ConceptGrade> {
        biggest_gap(&self.concepts)
    }
}

impl ConceptGrade {
    /// A required concept the answer never brings up, stated or named: the answer cannot
    /// pass without it, unless it is [`Self::unconfirmed`] and the score clears the mark by
    /// [`UNCONFIRMED_MARGIN`]. Named only, it earns its naming share and the score decides.
    pub fn blocks_pass(&self) -> bool {
        self.required && self.level == Level::Missing
    }

    /// Missing and required, but the answer uses its own words ([`Self::own_words`]): the
    /// grader cannot tell that it left the concept out.
    pub fn unconfirmed(&self) -> bool {
        self.blocks_pass() && !self.own_words.is_empty()
    }
}

/// The missed concept that matters most: required before optional, then by weight, then
/// the first in rubric order.
pub fn biggest_gap(concepts: &[ConceptGrade]) -> Option<&ConceptGrade> {
    concepts
        .iter()
        .filter(|c| !c.covered)
        .fold(None, |best: Option<&ConceptGrade>, c| match best {
            Some(b) if (b.required, b.weight) >= (c.required, c.weight) => Some(b),
            _ => Some(c),
        })
}
