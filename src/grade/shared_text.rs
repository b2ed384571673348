//! Text that every result of a rubric repeats: its concepts' ids, labels and hints.
//!
//! Each graded answer names every concept of its rubric, so a batch would hold (and a
//! report would escape) the same few hundred strings once per answer. A `SharedText` is
//! one allocation shared by the compiled rubric and all its results, and it keeps one
//! rendering of itself that a report writer asks for (see [`SharedText::rendered`]): the
//! JSON report's escaped string, made once per process instead of once per answer.

use std::cell::RefCell;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

/// An immutable string shared by reference count. Reads as `&str`, compares and
/// serializes as its text.
#[derive(Clone)]
pub struct SharedText(Arc<Inner>);

struct Inner {
    text: Box<str>,
    /// Made by the first caller of [`SharedText::rendered`].
    rendered: OnceLock<Box<[u8]>>,
}

impl SharedText {
    pub fn as_str(&self) -> &str {
        &self.0.text
    }

    /// `render` of this text, made on the first call and kept: every later call, from
    /// any thread, gets the same bytes back. Only one rendering is kept, so every caller
    /// must pass the same function (the JSON report's string escaping is the only one).
    pub fn rendered(&self, render: impl FnOnce(&str) -> Vec<u8>) -> &[u8] {
        self.0
            .rendered
            .get_or_init(|| render(&self.0.text).into_boxed_slice())
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText::from(Box::<str>::from(text))
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText::from(text.into_boxed_str())
    }
}

impl From<Box<str>> for SharedText {
    fn from(text: Box<str>) -> Self {
        SharedText(Arc::new(Inner {
            text,
            rendered: OnceLock::new(),
        }))
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// The newtype name a `SharedText` serializes under. To every serializer it is its text (a
/// newtype is transparent); the JSON report's serializer knows the name, and writes the
/// text's one rendering ([`SharedText::rendered`]) instead of escaping it again for every
/// answer: a batch repeats each concept's label and hint once per answer.
pub const SHARED_TEXT_NAME: &str = "pyprep::SharedText";

thread_local! {
    /// The `SharedText` whose serialization is under way on this thread, for a serializer
    /// that knows [`SHARED_TEXT_NAME`] to take.
    static SERIALIZING: RefCell<Option<SharedText>> = const { RefCell::new(None) };
}

impl SharedText {
    /// The `SharedText` this thread is serializing, if a serializer that met
    /// [`SHARED_TEXT_NAME`] asks at once (nothing runs between the two).
    pub fn being_serialized() -> Option<SharedText> {
        SERIALIZING.with(|slot| slot.borrow_mut().take())
    }
}

impl serde::Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SERIALIZING.with(|slot| *slot.borrow_mut() = Some(self.clone()));
        let result = serializer.serialize_newtype_struct(SHARED_TEXT_NAME, self.as_str());
        // Another serializer left it: nothing is held past the call.
        SERIALIZING.with(|slot| slot.borrow_mut().take());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compares_and_serializes_as_its_text() {
        let text = SharedText::from("a \"label\"");
        assert_eq!(&*text, "a \"label\"");
        assert_eq!(text, SharedText::from(String::from("a \"label\"")));
        assert_eq!(text.to_string(), "a \"label\"");
        assert_eq!(format!("{text:?}"), "\"a \\\"label\\\"\"");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            serde_json::to_string("a \"label\"").unwrap()
        );
    }

    #[test]
    fn rendered_once_and_shared_by_clones() {
        let text = SharedText::from("hint");
        let clone = text.clone();
        assert_eq!(text.rendered(|s| s.to_uppercase().into_bytes()), b"HINT");
        // A clone is the same text: its rendering is already made.
        assert_eq!(clone.rendered(|_| unreachable!("rendered twice")), b"HINT");
    }
}
