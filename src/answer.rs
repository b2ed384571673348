//! Answer files: front matter, body, and which question they answer.

use serde::Deserialize;
use std::path::Path;

use crate::bank::{Bank, Question};
use crate::frontmatter;
use crate::rubric::Expectation;
use crate::yaml;

/// A question named in front matter: by id or by number.
#[derive(Debug, Clone, PartialEq)]
pub enum QuestionRef {
    Number(u32),
    Id(String),
}

/// Read by hand rather than as an untagged enum, whose error for `question: 10.0` named the
/// enum instead of saying what to write.
impl<'de> Deserialize<'de> for QuestionRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn neither<E: serde::de::Error>(what: impl std::fmt::Display) -> E {
            E::custom(format_args!(
                "question must be a number like 10 or an id like `gil`, not {what}"
            ))
        }
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = QuestionRef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a question number like 10 or an id like `gil`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<QuestionRef, E> {
                Ok(QuestionRef::Id(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<QuestionRef, E> {
                u32::try_from(v).map(QuestionRef::Number).map_err(|_| {
                    neither(format_args!(
                        "{v}, which is larger than any question number"
                    ))
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<QuestionRef, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(neither(v)),
                }
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<QuestionRef, E> {
                Err(neither(format_args!("{v:?}")))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<QuestionRef, E> {
                Err(neither(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                _: A,
            ) -> Result<QuestionRef, A::Error> {
                Err(neither("a list"))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                _: A,
            ) -> Result<QuestionRef, A::Error> {
                Err(neither("a map"))
            }
        }
        d.deserialize_any(V)
    }
}

impl QuestionRef {
    pub fn as_query(&self) -> String {
        match self {
            QuestionRef::Number(n) => n.to_string(),
            QuestionRef::Id(s) => s.clone(),
        }
    }
}

/// The front matter keys pyprep reads; any other key is ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AnswerFrontMatter {
    #[serde(default)]
    pub question: Option<QuestionRef>,
    /// What an expert gave this answer (labelled answers).
    #[serde(default)]
    pub human_score: Option<f64>,
    /// The kind of labelled answer (excellent, partial, off-topic, ...).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub expect: Option<Expectation>,
    /// Why pyprep's pass or fail differs from `human_score`, for a known limit of the
    /// grader: `check` then counts the answer as explained instead of warning.
    #[serde(default)]
    pub disagreement: Option<String>,
}

/// An answer read from a file or standard input.
#[derive(Debug, Clone)]
pub struct Answer {
    pub front: AnswerFrontMatter,
    /// The text to grade (the body after front matter).
    pub text: String,
    /// Line of the body's first line in the file, so evidence points into the file.
    pub first_line: usize,
}

/// Why an answer could not be read or resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AnswerError {
    #[error("{line}:1: front matter is not closed; end it with a line holding only `---`")]
    UnclosedFrontMatter { line: usize },
    #[error(
        "{line}:{column}: front matter is not valid YAML: {message}; fix it or remove the front matter"
    )]
    BadFrontMatter {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "names question `{0}`, which the bank does not have; run `pyprep list` for the questions"
    )]
    UnknownQuestion(String),
    #[error(
        "does not say which question it answers; add front matter `question: <id or number>`, \
         name the file after the question (`eq-vs-is.md`, `10.md`, `10-jane.md`), or pass --question"
    )]
    NoQuestion,
}

impl crate::error_code::Coded for AnswerError {
    fn code(&self) -> crate::error_code::ErrorCode {
        use crate::error_code::ErrorCode;
        match self {
            AnswerError::UnclosedFrontMatter { .. } | AnswerError::BadFrontMatter { .. } => {
                ErrorCode::FrontMatter
            }
            AnswerError::UnknownQuestion(_) => ErrorCode::UnknownQuestion,
            AnswerError::NoQuestion => ErrorCode::NoQuestion,
        }
    }
}

/// Parses an answer's text (front matter is optional).
pub fn parse(text: &str) -> Result<Answer, AnswerError> {
    let split =
        frontmatter::split(text).map_err(|line| AnswerError::UnclosedFrontMatter { line })?;
    let front = match split.yaml {
        None => AnswerFrontMatter::default(),
        Some(y) if y.trim().is_empty() => AnswerFrontMatter::default(),
        Some(y) => match only_a_question(y) {
            Some(front) => front,
            None => yaml::from_str(y).map_err(|e| AnswerError::BadFrontMatter {
                line: e.line.unwrap_or(1) + split.yaml_first_line - 1,
                column: e.column.unwrap_or(1),
                message: e.message,
            })?,
        },
    };
    Ok(Answer {
        front,
        text: split.body.to_string(),
        first_line: split.body_first_line,
    })
}

/// Front matter that is exactly one line, `question: <id or number>`, read without the
/// YAML parser. Nearly every answer file of a batch has just that, and starting the parser
/// for it cost more than reading the file. Anything else (quotes, other keys, comments,
/// words YAML reads as booleans or null) goes to the parser, so the result is the same
/// (`simple_question_matches_the_yaml_parser` below).
fn only_a_question(yaml: &str) -> Option<AnswerFrontMatter> {
    let line = yaml.strip_suffix('\n').unwrap_or(yaml);
    let line = line.strip_suffix('\r').unwrap_or(line);
    let value = line.strip_prefix("question: ")?;
    let question = if value.bytes().all(|b| b.is_ascii_digit()) {
        // No leading zero: YAML versions disagree on what `010` is.
        if value.starts_with('0') || value.len() > 9 {
            return None;
        }
        QuestionRef::Number(value.parse().ok()?)
    } else {
        let id_like = value.starts_with(|c: char| c.is_ascii_lowercase())
            && value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let yaml_word = matches!(
            value,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
        if !id_like || yaml_word {
            return None;
        }
        QuestionRef::Id(value.to_string())
    };
    Some(AnswerFrontMatter {
        question: Some(question),
        ..AnswerFrontMatter::default()
    })
}

/// The leading number of a file stem: `06` and `06-jane` give 6, `q6` gives 6.
fn leading_number(stem: &str) -> Option<u32> {
    let s = stem.strip_prefix(['q', 'Q']).unwrap_or(stem);
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    let rest = &s[digits.len()..];
    if digits.is_empty() || !(rest.is_empty() || rest.starts_with(['-', '_', '.', ' '])) {
        return None;
    }
    digits.parse().ok()
}

/// Which question an answer answers, per docs/answers.md: `--question`, then front matter,
/// then a stem equal to an id, then the stem's leading number.
pub fn resolve<'b>(
    bank: &'b Bank,
    forced: Option<&'b Question>,
    answer: &Answer,
    path: Option<&Path>,
) -> Result<&'b Question, AnswerError> {
    if let Some(q) = forced {
        return Ok(q);
    }
    if let Some(r) = &answer.front.question {
        let query = r.as_query();
        return bank
            .resolve(&query)
            .ok_or(AnswerError::UnknownQuestion(query));
    }
    // Lossy: a name with a stray non-UTF-8 byte (`10-\xff.md`) still starts with its number.
    let stem = path
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy())
        .unwrap_or_default();
    let stem = stem.as_ref();
    if let Some(q) = bank.questions.iter().find(|q| q.id() == stem) {
        return Ok(q);
    }
    match leading_number(stem) {
        Some(n) => bank
            .resolve(&n.to_string())
            .ok_or(AnswerError::UnknownQuestion(n.to_string())),
        None => Err(AnswerError::NoQuestion),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_question_matches_the_yaml_parser() {
        let values = [
            "execution",
            "eq-vs-is",
            "q10",
            "6",
            "10",
            "123456789",
            "0",
            "06",
            "1234567890",
            "true",
            "false",
            "null",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "nan",
            "inf",
            "~",
            "Execution",
            "eq_vs_is",
            "-6",
            "6.0",
            "\"6\"",
            "'eq-vs-is'",
            "6 # six",
            "a b",
            "",
            "x:",
            "1e3",
            "0x1f",
            ".inf",
        ];
        for value in values {
            for end in ["\n", "\r\n", ""] {
                let yaml = format!("question: {value}{end}");
                let parsed: Result<AnswerFrontMatter, _> = yaml::from_str(&yaml);
                // Whatever the fast path reads, the parser reads the same; the rest is left
                // to the parser, errors included.
                if let Some(fast) = only_a_question(&yaml) {
                    let parsed = parsed.expect("the parser reads what the fast path reads");
                    assert_eq!(fast.question, parsed.question, "{yaml:?}");
                }
            }
        }
        // The usual forms take the fast path.
        for value in ["execution", "eq-vs-is", "q10", "6", "10", "123456789"] {
            assert!(
                only_a_question(&format!("question: {value}\n")).is_some(),
                "{value}"
            );
        }
        // Other keys, comments and indentation always go to the parser.
        for yaml in [
            "question: 6\nkind: weak\n",
            "# c\nquestion: 6\n",
            " question: 6\n",
        ] {
            assert!(only_a_question(yaml).is_none(), "{yaml:?}");
        }
    }

    #[test]
    fn leading_numbers() {
        assert_eq!(leading_number("06"), Some(6));
        assert_eq!(leading_number("06-jane"), Some(6));
        assert_eq!(leading_number("q6"), Some(6));
        assert_eq!(leading_number("2024report"), None);
        assert_eq!(leading_number("jane"), None);
    }

    #[test]
    fn front_matter_ignores_unknown_keys() {
        let a = parse(
            "---\nquestion: eq-vs-is\nhuman_score: 80\nkind: excellent\nauthor: x\n---\nText\n",
        )
        .unwrap();
        assert_eq!(a.front.question, Some(QuestionRef::Id("eq-vs-is".into())));
        assert_eq!(a.front.human_score, Some(80.0));
        assert_eq!(a.text, "Text\n");
        assert_eq!(a.first_line, 7);
    }

    #[test]
    fn numbers_in_front_matter() {
        let a = parse("---\nquestion: 10\n---\nx").unwrap();
        assert_eq!(a.front.question, Some(QuestionRef::Number(10)));
    }

    #[test]
    fn a_question_that_is_neither_number_nor_id_says_what_to_write() {
        for (value, shown) in [
            ("10.0", "not 10.0"),
            ("-3", "not -3"),
            ("true", "not true"),
            ("[10]", "not a list"),
            ("{a: 1}", "not a map"),
            (
                "4294967296",
                "not 4294967296, which is larger than any question number",
            ),
        ] {
            let e = parse(&format!("---\nkind: x\nquestion: {value}\n---\nx")).unwrap_err();
            let AnswerError::BadFrontMatter { line, message, .. } = &e else {
                panic!("{e:?}");
            };
            assert_eq!(*line, 3, "{e}");
            assert_eq!(
                message,
                &format!("question must be a number like 10 or an id like `gil`, {shown}")
            );
        }
        let a = parse("---\nkind: x\nquestion: \"10\"\n---\nx").unwrap();
        assert_eq!(a.front.question, Some(QuestionRef::Id("10".into())));
    }

    #[test]
    fn bad_front_matter_is_located() {
        let e = parse("---\nquestion: [10\n---\nx").unwrap_err();
        assert!(
            matches!(e, AnswerError::BadFrontMatter { line: 2, .. }),
            "{e:?}"
        );
    }
}
