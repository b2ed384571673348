//! The rubric file as written: YAML with positions, before any check.
//!
//! Every struct here mirrors the file one to one (unknown keys are errors); [`super::load`]
//! turns it into the validated model.

use serde::Deserialize;

use crate::yaml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRubric {
    pub(super) question: Spanned<String>,
    #[serde(default)]
    pub(super) pass_mark: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) reviewed: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) naming: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) swap_penalty: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) leniency: Option<Spanned<f64>>,
    #[serde(default = "yes")]
    pub(super) infer_subjects: bool,
    #[serde(default)]
    pub(super) concepts: Vec<RawConcept>,
    #[serde(default)]
    pub(super) misconceptions: Vec<RawMisconception>,
    #[serde(default)]
    pub(super) examples: Vec<RawExample>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConcept {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    #[serde(default)]
    pub(super) weight: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) required: bool,
    #[serde(default)]
    pub(super) hint: Option<String>,
    #[serde(default)]
    pub(super) exact: bool,
    #[serde(default)]
    pub(super) naming: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) subject: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub(super) terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMisconception {
    pub(super) id: Spanned<String>,
    pub(super) label: String,
    #[serde(default)]
    pub(super) penalty: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) correction: Option<String>,
    #[serde(default)]
    pub(super) terms: Vec<Spanned<RawTerm>>,
    #[serde(default)]
    pub(super) patterns: Vec<Spanned<String>>,
}

/// A term's text. YAML reads `True`, `None`-like words and numbers as other types; a term
/// is words to match, so any scalar is taken as its text.
#[derive(Debug)]
pub(super) struct TermText(pub(super) String);

impl<'de> Deserialize<'de> for TermText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = TermText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a term: words, a number or a boolean")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<TermText, E> {
                Ok(TermText(if v { "True" } else { "False" }.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<TermText, E> {
                Ok(TermText(v.to_string()))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<TermText, E> {
                Ok(TermText("None".to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The message for a term of none of the four shapes, in the author's words: serde's own
/// ("data did not match any variant of untagged enum") names our type, not the fix.
#[derive(Debug, Deserialize)]
#[serde(
    untagged,
    expecting = "a term must be words (`same object`), `all: [...]`, `sequence: [...]` or \
                 `{text: ..., exact: true, slack: 2}`; quote any part that holds a colon \
                 (`\"key: value\"`)"
)]
pub(super) enum RawTerm {
    Text(TermText),
    All {
        all: Vec<TermText>,
        #[serde(default)]
        exact: Option<bool>,
    },
    Sequence {
        sequence: Vec<TermText>,
        #[serde(default)]
        exact: Option<bool>,
    },
    Options {
        text: TermText,
        #[serde(default)]
        exact: Option<bool>,
        #[serde(default)]
        slack: Option<usize>,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExample {
    #[serde(default)]
    pub(super) name: Option<String>,
    pub(super) answer: Spanned<String>,
    #[serde(default)]
    pub(super) expect: RawExpectation,
}

/// An example's `expect:` with where each concept id was written, so an unknown id is
/// reported on its own line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExpectation {
    #[serde(default)]
    pub(super) pass: Option<bool>,
    #[serde(default)]
    pub(super) score: Option<[f64; 2]>,
    #[serde(default)]
    pub(super) covered: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) missed: Vec<Spanned<String>>,
}

/// The default of keys that are on unless a rubric turns them off.
fn yes() -> bool {
    true
}
