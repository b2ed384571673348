//! A hand-written writer for the results of the JSON report.
//!
//! Why it exists: the results are nearly all of a big report (about 8.6 KB of pretty JSON
//! per answer, 173 MB for 20,000 answers), and serde_json's pretty printer took about
//! 200,000 instructions a result to write them (about 10 µs, of a budget of 15 µs for
//! everything an answer costs): every key, indentation and punctuation mark goes through a
//! generic call, and each result then had to be copied a second time to indent it to its
//! depth in the report. Here the indentation, the keys and the punctuation between two
//! values are one constant each, written at the depth a result sits at in the report, in
//! one pass, and strings are scanned for escapes a word at a time: about 27,000
//! instructions a result.
//!
//! The bytes are exactly those of `serde_json::to_writer_pretty` at that depth (tested
//! below against serde_json itself, for arbitrary results): the same key order, the same
//! `skip_serializing_if` rules as the `Serialize` derives of the report's types, the same
//! string escaping. Numbers are formatted by serde_json itself, so they cannot differ.
//! The `Serialize` derives stay: they are the contract, and other code relies on them.
//! Whoever changes a field of these types changes this file too; the tests say where.

use crate::grade::score::{Uncounted, UncountedEvidence};
use crate::grade::{AnswerFlag, ConceptGrade, Evidence, MisconceptionGrade, SharedText};
use crate::graded::QuestionInfo;

use super::ResultEntry;

// A new line and the indentation of a value nested N levels deep in the report
// (two spaces a level). A result is an item of the top-level `results` array: depth 2.
const NL_6: &[u8] = b"\n      ";
const NL_8: &[u8] = b"\n        ";
const NL_10: &[u8] = b"\n          ";
const NL_12: &[u8] = b"\n            ";

/// Writes `entry` as the pretty printer writes an item of the report's `results`: from
/// its `{` to its `}`, its lines indented for that depth. The caller writes what comes
/// before the `{` (a new line and four spaces, after a comma for all but the first).
pub fn write_result(out: &mut Vec<u8>, entry: &ResultEntry) {
    out.extend_from_slice(b"{\n      \"file\": ");
    write_str(out, &entry.file);
    out.extend_from_slice(b",\n      \"question\": ");
    write_question(out, &entry.question);
    out.extend_from_slice(b",\n      \"score\": ");
    write_number(out, entry.score);
    out.extend_from_slice(b",\n      \"pass\": ");
    write_bool(out, entry.pass);
    out.extend_from_slice(b",\n      \"pass_mark\": ");
    write_number(out, entry.pass_mark);
    if let Some(below) = entry.below_min_score {
        out.extend_from_slice(b",\n      \"below_min_score\": ");
        write_bool(out, below);
    }
    out.extend_from_slice(b",\n      \"concepts\": ");
    write_array(out, &entry.concepts, NL_8, NL_6, write_concept);
    out.extend_from_slice(b",\n      \"misconceptions\": ");
    write_array(out, &entry.misconceptions, NL_8, NL_6, write_misconception);
    if !entry.flags.is_empty() {
        out.extend_from_slice(b",\n      \"flags\": ");
        write_array(out, &entry.flags, NL_8, NL_6, |out, flag| {
            write_str(out, flag_name(*flag))
        });
    }
    if !entry.warnings.is_empty() {
        out.extend_from_slice(b",\n      \"warnings\": ");
        write_array(out, &entry.warnings, NL_8, NL_6, |out, warning| {
            write_str(out, warning)
        });
    }
    out.extend_from_slice(b",\n      \"words\": ");
    write_number(out, entry.words);
    out.extend_from_slice(b"\n    }");
}

fn write_question(out: &mut Vec<u8>, question: &QuestionInfo) {
    out.extend_from_slice(b"{\n        \"id\": ");
    write_str(out, &question.id);
    out.extend_from_slice(b",\n        \"number\": ");
    write_number(out, question.number);
    out.extend_from_slice(b",\n        \"title\": ");
    write_str(out, &question.title);
    out.extend_from_slice(b"\n      }");
}

/// The opening of a concept or a misconception: both start with their id and label.
fn write_id_and_label(out: &mut Vec<u8>, id: &SharedText, label: &SharedText) {
    out.extend_from_slice(b"{\n          \"id\": ");
    write_shared(out, id);
    out.extend_from_slice(b",\n          \"label\": ");
    write_shared(out, label);
}

/// A rubric's text as a JSON string: escaped once, the first time any result writes it,
/// and copied from then on. Every result repeats its rubric's ids, labels and hints (about
/// 2.5 KB an answer), and escaping them each time was most of the work of `write_str`.
fn write_shared(out: &mut Vec<u8>, text: &SharedText) {
    out.extend_from_slice(text.rendered(|text| {
        let mut escaped = Vec::with_capacity(text.len() + 2);
        write_str(&mut escaped, text);
        escaped
    }));
}

fn write_concept(out: &mut Vec<u8>, concept: &ConceptGrade) {
    write_id_and_label(out, &concept.id, &concept.label);
    out.extend_from_slice(b",\n          \"weight\": ");
    write_number(out, concept.weight);
    out.extend_from_slice(b",\n          \"required\": ");
    write_bool(out, concept.required);
    out.extend_from_slice(b",\n          \"covered\": ");
    write_bool(out, concept.covered);
    out.extend_from_slice(b",\n          \"evidence\": ");
    write_array(out, &concept.evidence, NL_12, NL_10, write_evidence);
    if !concept.uncounted.is_empty() {
        out.extend_from_slice(b",\n          \"uncounted\": ");
        write_array(out, &concept.uncounted, NL_12, NL_10, write_uncounted);
    }
    out.extend_from_slice(b",\n          \"hint\": ");
    write_shared(out, &concept.hint);
    out.extend_from_slice(b"\n        }");
}

fn write_misconception(out: &mut Vec<u8>, misconception: &MisconceptionGrade) {
    write_id_and_label(out, &misconception.id, &misconception.label);
    out.extend_from_slice(b",\n          \"penalty\": ");
    write_number(out, misconception.penalty);
    out.extend_from_slice(b",\n          \"correction\": ");
    write_shared(out, &misconception.correction);
    out.extend_from_slice(b",\n          \"evidence\": ");
    write_array(out, &misconception.evidence, NL_12, NL_10, write_evidence);
    out.extend_from_slice(b"\n        }");
}

/// An evidence item's fields, without the closing brace (uncounted evidence adds one).
fn write_evidence_fields(out: &mut Vec<u8>, evidence: &Evidence) {
    out.extend_from_slice(b"{\n              \"text\": ");
    write_str(out, &evidence.text);
    out.extend_from_slice(b",\n              \"line\": ");
    write_number(out, evidence.line);
    out.extend_from_slice(b",\n              \"column\": ");
    write_number(out, evidence.column);
}

fn write_evidence(out: &mut Vec<u8>, evidence: &Evidence) {
    write_evidence_fields(out, evidence);
    out.extend_from_slice(b"\n            }");
}

/// The evidence is `#[serde(flatten)]`ed: its fields first, then the reason.
fn write_uncounted(out: &mut Vec<u8>, uncounted: &UncountedEvidence) {
    write_evidence_fields(out, &uncounted.evidence);
    out.extend_from_slice(b",\n              \"reason\": ");
    write_str(out, reason_name(uncounted.reason));
    out.extend_from_slice(b"\n            }");
}

/// The names `#[serde(rename_all = "kebab-case")]` gives the variants.
fn flag_name(flag: AnswerFlag) -> &'static str {
    match flag {
        AnswerFlag::Empty => "empty",
        AnswerFlag::TermList => "term-list",
        AnswerFlag::Contradiction => "contradiction",
    }
}

/// The names `#[serde(rename_all = "kebab-case")]` gives the variants.
fn reason_name(reason: Uncounted) -> &'static str {
    match reason {
        Uncounted::Negated => "negated",
        Uncounted::TermList => "term-list",
        Uncounted::Misconception => "misconception",
    }
}

/// An array as the pretty printer writes it: `[]` when empty, else each item on its own
/// line at `item_indent` and the `]` on a line of its own at `close_indent` (both given as
/// a new line and the spaces).
fn write_array<T>(
    out: &mut Vec<u8>,
    items: &[T],
    item_indent: &[u8],
    close_indent: &[u8],
    mut write_item: impl FnMut(&mut Vec<u8>, &T),
) {
    let Some((first, rest)) = items.split_first() else {
        out.extend_from_slice(b"[]");
        return;
    };
    out.push(b'[');
    out.extend_from_slice(item_indent);
    write_item(out, first);
    for item in rest {
        out.push(b',');
        out.extend_from_slice(item_indent);
        write_item(out, item);
    }
    out.extend_from_slice(close_indent);
    out.push(b']');
}

fn write_bool(out: &mut Vec<u8>, value: bool) {
    out.extend_from_slice(if value { b"true" } else { b"false" });
}

/// A number, written by serde_json itself: its float formatting (`60.0`, `1e-7`, `null`
/// for what is not finite) is its own, and this way it cannot drift from it. A scalar is
/// written the same compact or pretty.
fn write_number(out: &mut Vec<u8>, value: impl serde::Serialize) {
    serde_json::to_writer(&mut *out, &value).expect("a number always serializes to a Vec");
}

/// A JSON string as serde_json escapes it: `"` and `\`, and control characters (the
/// short escapes where JSON has one, else `\u00XX` in lowercase hex). Nothing else is
/// escaped, not even non-ASCII or `/`. What needs no escape is copied a run at a time.
fn write_str(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut run_start = 0;
    while let Some(at) = find_escape(bytes, run_start) {
        out.extend_from_slice(&bytes[run_start..at]);
        write_escape(out, bytes[at]);
        run_start = at + 1;
    }
    out.extend_from_slice(&bytes[run_start..]);
    out.push(b'"');
}

/// Where the first byte at or after `from` that needs an escape is. Labels, hints and
/// evidence are long runs of plain text, so the bytes are looked at eight at a time.
fn find_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let words = bytes[from..].chunks_exact(8);
    let tail_start = bytes.len() - words.remainder().len();
    for (n, word) in words.enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("chunks of eight"));
        let marks = escape_marks(word);
        if marks != 0 {
            return Some(from + n * 8 + (marks.trailing_zeros() / 8) as usize);
        }
    }
    let tail = &bytes[tail_start..];
    tail.iter()
        .position(|&byte| needs_escape(byte))
        .map(|at| tail_start + at)
}

fn needs_escape(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// One in each byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte of a word.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit set in the lowest byte of `word` (read little-endian: the first in the
/// text) that needs an escape; zero if none does. Subtracting 0x20 from a byte sets its
/// high bit only if it was below 0x20 or at least 0xA0, and `& !word` drops the latter;
/// `"` and `\` are found as zero bytes after an xor. Bytes above the lowest mark may be
/// marked too (a borrow runs upward through the subtraction), so only that one is exact.
fn escape_marks(word: u64) -> u64 {
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let quote = zero_bytes(word ^ (ONES * u64::from(b'"')));
    let backslash = zero_bytes(word ^ (ONES * u64::from(b'\\')));
    control | quote | backslash
}

/// Marks the zero bytes of `word`, as [`escape_marks`] marks those below 0x20.
fn zero_bytes(word: u64) -> u64 {
    word.wrapping_sub(ONES) & !word & HIGHS
}

fn write_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x0C => b'f',
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        _ => {
            let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&hex);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What serde_json writes for `entry` as an item of `results`: its pretty text with
    /// each line indented two levels, as the report nests it.
    fn reference(entry: &ResultEntry) -> String {
        let text = serde_json::to_string_pretty(entry).unwrap();
        text.split('\n')
            .map(|line| format!("    {line}"))
            .collect::<Vec<_>>()
            .join("\n")
            .trim_start()
            .to_owned()
    }

    fn written(entry: &ResultEntry) -> String {
        let mut out = Vec::new();
        write_result(&mut out, entry);
        String::from_utf8(out).unwrap()
    }

    fn escaped(text: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    fn escapes_as_serde_json(text: &str, expected: &str) {
        assert_eq!(escaped(text), expected);
        assert_eq!(escaped(text), serde_json::to_string(text).unwrap());
    }

    #[test]
    fn empty_string() {
        escapes_as_serde_json("", r#""""#);
    }

    #[test]
    fn quote_and_backslash() {
        escapes_as_serde_json(r#"a"b\c"#, r#""a\"b\\c""#);
        escapes_as_serde_json(r#""\"#, r#""\"\\""#);
    }

    #[test]
    fn short_escapes_of_control_characters() {
        escapes_as_serde_json("\u{8}\u{c}\n\r\t", r#""\b\f\n\r\t""#);
    }

    #[test]
    fn other_control_characters_in_lowercase_hex() {
        escapes_as_serde_json("\0\u{1}\u{b}\u{1f}", r#""\u0000\u0001\u000b\u001f""#);
    }

    #[test]
    fn delete_non_ascii_and_slash_are_not_escaped() {
        escapes_as_serde_json("\u{7f}é→🐍 a/b", "\"\u{7f}é→🐍 a/b\"");
    }

    #[test]
    fn escapes_at_both_ends_and_runs_between() {
        escapes_as_serde_json(
            "\"tuple\"\nis\t\"immutable\"",
            r#""\"tuple\"\nis\t\"immutable\"""#,
        );
    }

    #[test]
    fn escapes_found_wherever_they_fall_in_a_word_of_eight() {
        let plain: Vec<char> = "plain é→🐍 text / and more".chars().collect();
        for special in ['"', '\\', '\n', '\0', '\u{1f}'] {
            for at in 0..=plain.len() {
                let mut text = plain.clone();
                text.insert(at, special);
                let text: String = text.into_iter().collect();
                escapes_as_serde_json(&text, &serde_json::to_string(&text).unwrap());
            }
        }
    }

    #[test]
    fn neighbours_of_escaped_bytes_are_not_escaped() {
        // Around '"' ('!', '#'), around '\' ('[', ']'), just above the control
        // characters (' '), and the last control character ('\x1f').
        escapes_as_serde_json("!#[] \u{1f} !#[] ", r#""!#[] \u001f !#[] ""#);
    }

    #[test]
    fn numbers_as_serde_json_writes_them() {
        for (value, expected) in [
            (60.0, "60.0"),
            (72.5, "72.5"),
            (-0.0, "-0.0"),
            (1e-7, "1e-7"),
            (1e300, "1e+300"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
        ] {
            let mut out = Vec::new();
            write_number(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn every_flag_and_reason_named_as_serde_does() {
        for flag in [
            AnswerFlag::Empty,
            AnswerFlag::TermList,
            AnswerFlag::Contradiction,
        ] {
            assert_eq!(
                escaped(flag_name(flag)),
                serde_json::to_string(&flag).unwrap()
            );
        }
        for reason in [
            Uncounted::Negated,
            Uncounted::TermList,
            Uncounted::Misconception,
        ] {
            assert_eq!(
                escaped(reason_name(reason)),
                serde_json::to_string(&reason).unwrap()
            );
        }
    }

    /// Strings made to hit every escaping rule: quotes, backslashes, control characters,
    /// non-ASCII, empty.
    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[\"\\\\\\x00-\\x1f a-z/é→🐍\\x7f]{0,12}",
            // Long plain runs with an escape somewhere: every offset in a word of eight.
            "[ a-z\u{80}-\u{10ffff}]{0,30}[\"\\\\\\x00-\\x1f]?[ a-z\u{80}-\u{10ffff}]{0,30}",
            any::<String>(),
        ]
    }

    /// Floats as the grader makes them (integral and halves) and any others: tiny, huge,
    /// negative, not finite.
    fn any_float() -> impl Strategy<Value = f64> {
        prop_oneof![
            (0u32..=200).prop_map(|n| f64::from(n) / 2.0),
            any::<f64>(),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(f64::MIN_POSITIVE),
            Just(f64::MAX),
        ]
    }

    fn any_evidence() -> impl Strategy<Value = Evidence> {
        (any_text(), any::<usize>(), any::<usize>()).prop_map(|(text, line, column)| Evidence {
            text,
            line,
            column,
            start: 0,
            end: 0,
        })
    }

    fn any_uncounted() -> impl Strategy<Value = UncountedEvidence> {
        let reason = prop_oneof![
            Just(Uncounted::Negated),
            Just(Uncounted::TermList),
            Just(Uncounted::Misconception),
        ];
        (any_evidence(), reason)
            .prop_map(|(evidence, reason)| UncountedEvidence { evidence, reason })
    }

    fn any_concept() -> impl Strategy<Value = ConceptGrade> {
        (
            (
                any_text(),
                any_text(),
                any_float(),
                any::<bool>(),
                any::<bool>(),
            ),
            prop::collection::vec(any_evidence(), 0..3),
            prop::collection::vec(any_uncounted(), 0..3),
            any_text(),
        )
            .prop_map(
                |((id, label, weight, required, covered), evidence, uncounted, hint)| {
                    ConceptGrade {
                        id: id.into(),
                        label: label.into(),
                        weight,
                        required,
                        covered,
                        evidence,
                        uncounted,
                        hint: hint.into(),
                    }
                },
            )
    }

    fn any_misconception() -> impl Strategy<Value = MisconceptionGrade> {
        (
            any_text(),
            any_text(),
            any_float(),
            any_text(),
            prop::collection::vec(any_evidence(), 0..3),
        )
            .prop_map(
                |(id, label, penalty, correction, evidence)| MisconceptionGrade {
                    id: id.into(),
                    label: label.into(),
                    penalty,
                    correction: correction.into(),
                    evidence,
                },
            )
    }

    fn any_flag() -> impl Strategy<Value = AnswerFlag> {
        prop_oneof![
            Just(AnswerFlag::Empty),
            Just(AnswerFlag::TermList),
            Just(AnswerFlag::Contradiction),
        ]
    }

    fn any_result() -> impl Strategy<Value = ResultEntry> {
        (
            (any_text(), any_text(), any::<u32>(), any_text()),
            (
                any_float(),
                any::<bool>(),
                any_float(),
                any::<Option<bool>>(),
            ),
            prop::collection::vec(any_concept(), 0..3),
            prop::collection::vec(any_misconception(), 0..3),
            prop::collection::vec(any_flag(), 0..3),
            prop::collection::vec(any_text(), 0..3),
            any::<usize>(),
        )
            .prop_map(
                |(
                    (file, id, number, title),
                    (score, pass, pass_mark, below_min_score),
                    concepts,
                    misconceptions,
                    flags,
                    warnings,
                    words,
                )| ResultEntry {
                    file,
                    question: QuestionInfo { id, number, title },
                    score,
                    pass,
                    pass_mark,
                    below_min_score,
                    concepts,
                    misconceptions,
                    flags,
                    warnings,
                    words,
                },
            )
    }

    proptest! {
        #[test]
        fn same_bytes_as_serde_json_pretty(entry in any_result()) {
            prop_assert_eq!(written(&entry), reference(&entry));
        }

        #[test]
        fn strings_escaped_as_serde_json(text in any_text()) {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
