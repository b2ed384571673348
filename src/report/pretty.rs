//! A serde serializer that writes pretty JSON exactly as serde_json's
//! `to_writer_pretty` does (two spaces a level), at any depth in a document, and faster.
//!
//! Why not serde_json's own: the JSON report of a big batch is about 8.6 KB a result (173
//! MB for 20,000 answers), and serde_json's serializer scans strings for escapes a byte at
//! a time and dispatches every key and bracket through its formatter; with it the whole
//! `grade` run took about 15% more CPU than with a hand-written writer of the report's
//! fields (docs/performance.md, "Rebuild (issue 16)"). This one knows nothing of the
//! report: it serializes any `Serialize` type, so the report's schema stays in the serde
//! derives of its model. It scans strings eight bytes at a time, and writes indentation
//! from a constant. Numbers are written by serde_json itself, so their format cannot
//! drift. The bytes are serde_json's, tested below against serde_json on arbitrary values.

use crate::grade::SharedText;
use crate::grade::shared_text::SHARED_TEXT_NAME;
use serde::ser::{self, Serialize};

/// Appends `value` as pretty JSON `depth` levels deep in a document: its lines after the
/// first indented by that many levels.
pub fn write_pretty<T: ?Sized + Serialize>(
    out: &mut Vec<u8>,
    depth: usize,
    value: &T,
) -> Result<(), Error> {
    value.serialize(&mut Pretty { out, depth })
}

/// Why a value cannot be written: only what JSON cannot hold (a map whose keys are not
/// strings), or what a `Serialize` impl reports.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Error(String);

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<Error> for std::io::Error {
    fn from(e: Error) -> Self {
        std::io::Error::new(std::io::ErrorKind::InvalidData, e)
    }
}

struct Pretty<'o> {
    out: &'o mut Vec<u8>,
    /// Levels of nesting of the value being written.
    depth: usize,
}

impl Pretty<'_> {
    /// A new line, indented to `depth` levels.
    fn new_line(&mut self, depth: usize) {
        const SPACES: &[u8; 64] = &[b' '; 64];
        self.out.push(b'\n');
        let mut width = 2 * depth;
        while width > 0 {
            let step = width.min(SPACES.len());
            self.out.extend_from_slice(&SPACES[..step]);
            width -= step;
        }
    }

    fn number(&mut self, value: impl Serialize) -> Result<(), Error> {
        serde_json::to_writer(&mut *self.out, &value).map_err(|e| Error(e.to_string()))
    }
}

/// Opens an array or object (`bracket`, closed by `close`) of `len` items when known.
fn open<'p, 'o>(
    pretty: &'p mut Pretty<'o>,
    bracket: u8,
    close: u8,
    len: Option<usize>,
) -> Compound<'p, 'o> {
    if len == Some(0) {
        // What serde_json writes for a collection it is told is empty.
        pretty.out.extend_from_slice(&[bracket, close]);
        return Compound {
            pretty,
            close,
            items: Items::Closed,
        };
    }
    pretty.out.push(bracket);
    Compound {
        pretty,
        close,
        items: Items::None,
    }
}

/// Whether a collection has items yet, which decides its separators and its close.
#[derive(PartialEq)]
enum Items {
    None,
    Some,
    /// Written whole already (an empty collection of known length).
    Closed,
}

/// An array or object being written.
struct Compound<'p, 'o> {
    pretty: &'p mut Pretty<'o>,
    close: u8,
    items: Items,
}

impl Compound<'_, '_> {
    /// Starts the next item (or key) on a line of its own.
    fn next_item(&mut self) {
        if self.items == Items::Some {
            self.pretty.out.push(b',');
        }
        self.items = Items::Some;
        let depth = self.pretty.depth + 1;
        self.pretty.new_line(depth);
    }

    /// Writes `value` one level deeper than the collection.
    fn nested<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.pretty.depth += 1;
        let written = value.serialize(&mut *self.pretty);
        self.pretty.depth -= 1;
        written
    }

    fn entry<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.next_item();
        write_str(self.pretty.out, key);
        self.pretty.out.extend_from_slice(b": ");
        self.nested(value)
    }

    fn end(self) -> Result<(), Error> {
        match self.items {
            Items::Closed => {}
            Items::None => self.pretty.out.push(self.close),
            Items::Some => {
                let depth = self.pretty.depth;
                self.pretty.new_line(depth);
                self.pretty.out.push(self.close);
            }
        }
        Ok(())
    }
}

impl<'p, 'o> ser::Serializer for &'p mut Pretty<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'p, 'o>;
    type SerializeTuple = Compound<'p, 'o>;
    type SerializeTupleStruct = Compound<'p, 'o>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = Compound<'p, 'o>;
    type SerializeStruct = Compound<'p, 'o>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.number(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        // A rubric's text, the same in every answer's result: escaped once, copied since.
        if name == SHARED_TEXT_NAME {
            if let Some(text) = SharedText::being_serialized() {
                self.out.extend_from_slice(text.rendered(|s| {
                    let mut escaped = Vec::with_capacity(s.len() + 2);
                    write_str(&mut escaped, s);
                    escaped
                }));
                return Ok(());
            }
        }
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut object = open(self, b'{', b'}', Some(1));
        object.entry(variant, value)?;
        object.end()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'p, 'o>, Error> {
        Ok(open(self, b'[', b']', len))
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'p, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'p, 'o>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(unsupported(name, variant))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'p, 'o>, Error> {
        Ok(open(self, b'{', b'}', len))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'p, 'o>, Error> {
        Ok(open(self, b'{', b'}', Some(len)))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(unsupported(name, variant))
    }
}

/// Enum variants with fields in them: the report's types have none, so they are refused
/// rather than written in a way nothing tests.
fn unsupported(name: &str, variant: &str) -> Error {
    Error(format!(
        "{name}::{variant}: variants with several fields are not written as JSON here"
    ))
}

impl ser::SerializeSeq for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.next_item();
        self.nested(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTuple for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.entry(key, value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// An object written from a map (or a struct with a `#[serde(flatten)]` field): its keys
/// arrive apart from their values. Each key is written as it arrives: kept as a `String`
/// until its value came, it was an allocation per key of every flattened field.
impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.next_item();
        key.serialize(KeyName {
            out: &mut *self.pretty.out,
        })?;
        self.pretty.out.extend_from_slice(b": ");
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.nested(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::end(self)
    }
}

/// Writes a map key as the JSON object key serde_json makes of it: strings as they are,
/// and integers, booleans and chars as their text, in quotes.
struct KeyName<'o> {
    out: &'o mut Vec<u8>,
}

macro_rules! key_as_text {
    ($($method:ident: $t:ty),*) => {
        $(fn $method(self, v: $t) -> Result<(), Error> {
            write_str(self.out, &v.to_string());
            Ok(())
        })*
    };
}

impl ser::Serializer for KeyName<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    key_as_text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128, serialize_char: char
    );

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_str(self.out, v);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        write_str(self.out, variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_key())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_key())
    }
}

fn not_a_key() -> Error {
    Error("a JSON object key must be a string, a number, a bool or a char".into())
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
    use serde_json::Value;

    fn pretty(value: &impl Serialize, depth: usize) -> String {
        let mut out = Vec::new();
        write_pretty(&mut out, depth, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// serde_json's pretty text of `value`, its lines after the first indented `depth`
    /// levels.
    fn reference(value: &impl Serialize, depth: usize) -> String {
        serde_json::to_string_pretty(value)
            .unwrap()
            .replace('\n', &format!("\n{}", "  ".repeat(depth)))
    }

    /// Strings made to hit every escaping rule: quotes, backslashes, control characters,
    /// non-ASCII, empty, escapes at every offset in a word of eight.
    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[\"\\\\\\x00-\\x1f a-z/é→🐍\\x7f]{0,12}",
            "[ a-z\u{80}-\u{10ffff}]{0,30}[\"\\\\\\x00-\\x1f]?[ a-z\u{80}-\u{10ffff}]{0,30}",
            any::<String>(),
        ]
    }

    fn any_number() -> impl Strategy<Value = Value> {
        prop_oneof![
            any::<u64>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (0u32..=200).prop_map(|n| Value::from(f64::from(n) / 2.0)),
            any::<f64>().prop_map(Value::from),
        ]
    }

    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any_number(),
            any_text().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any_text(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn same_bytes_as_serde_json_at_any_depth(value in any_value(), depth in 0usize..4) {
            prop_assert_eq!(pretty(&value, depth), reference(&value, depth));
        }

        #[test]
        fn strings_escaped_as_serde_json(text in any_text()) {
            prop_assert_eq!(pretty(&text, 0), serde_json::to_string(&text).unwrap());
        }
    }

    /// What derives make of structs, options, enums, flattened fields, tuples, maps with
    /// number keys, and collections serde knows to be empty.
    #[test]
    fn derived_shapes_as_serde_json() {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "kebab-case")]
        enum Kind {
            TermList,
            Wrapped(u8),
        }
        #[derive(serde::Serialize)]
        struct Inner {
            text: &'static str,
            line: usize,
        }
        #[derive(serde::Serialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
            kind: Kind,
            wrapped: Kind,
            none: Option<u8>,
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
            pair: (u8, &'static str),
            empty: Vec<u8>,
            empty_tuple: (),
            numbers: std::collections::BTreeMap<u32, f64>,
            float: f32,
            nan: f64,
            ch: char,
        }
        let value = Outer {
            inner: Inner {
                text: "a \"b\"",
                line: 3,
            },
            kind: Kind::TermList,
            wrapped: Kind::Wrapped(7),
            none: None,
            skipped: None,
            pair: (1, "x"),
            empty: Vec::new(),
            empty_tuple: (),
            numbers: [(1, 0.5), (20, -0.0)].into_iter().collect(),
            float: 1.5,
            nan: f64::NAN,
            ch: '\n',
        };
        for depth in 0..3 {
            assert_eq!(pretty(&value, depth), reference(&value, depth));
            assert_eq!(pretty(&[&value], depth), reference(&[&value], depth));
        }
    }
}
