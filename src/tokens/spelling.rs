//! The text a word token is matched by: lower-cased and folded, a possessive "'s"
//! dropped, the stars of `*args` and the `()` of a call kept, big-O notation written one way.

use super::{TokenKind, TokenText, fold};

/// `word` with its ASCII letters lower-cased.
pub(super) fn ascii_lowercase(word: &str) -> TokenText {
    let mut text = TokenText::new(word);
    text.make_ascii_lowercase();
    text
}

/// `text` between `prefix` and `suffix` (the stars of `**kwargs`, the `()` of a call).
fn affixed(text: TokenText, prefix: &str, suffix: &str) -> TokenText {
    if prefix.is_empty() && suffix.is_empty() {
        return text;
    }
    let mut out = TokenText::with_capacity(prefix.len() + text.len() + suffix.len());
    out.push_str(prefix);
    out.push_str(&text);
    out.push_str(suffix);
    out
}

/// Longest argument of big-O notation read as one token ("n log n", "n * m").
const MAX_BIG_O_ARGUMENT: usize = 16;

/// Big-O notation at `name` followed by `rest` ("O" and "(n log n) time"): how many bytes
/// of `rest` it takes, and its text, written one way whatever the spelling: lower case,
/// no spaces, `**` and superscripts as `^` ("O(N**2)", "O(n ^ 2)" and "O(n²)" are all
/// `o(n^2)`).
pub(super) fn big_o(name: &str, rest: &str) -> Option<(usize, TokenText)> {
    if !matches!(name, "O" | "o") {
        return None;
    }
    let inner = rest.strip_prefix('(')?;
    // Looked for within the longest argument only: a line of "O(O(O(..." stays linear.
    let close = inner
        .bytes()
        .take(MAX_BIG_O_ARGUMENT + 1)
        .position(|b| b == b')')?;
    let argument = &inner[..close];
    let fits = |c: char| {
        c.is_ascii_alphanumeric() || matches!(c, ' ' | '^' | '*' | '+' | '\u{b2}' | '\u{b3}')
    };
    if argument.is_empty() || argument.len() > MAX_BIG_O_ARGUMENT || !argument.chars().all(fits) {
        return None;
    }
    let mut text = TokenText::from("o(");
    let written = argument
        .replace("**", "^")
        .replace('\u{b2}', "^2")
        .replace('\u{b3}', "^3");
    for c in written.chars().filter(|&c| c != ' ') {
        text.push(c.to_ascii_lowercase());
    }
    text.push(')');
    Some((close + 2, text))
}

/// The matching text of the word `raw`, after `prefix` and before `()` if it is a `call`,
/// and its kind once the text is known (a number is code). `ascii` says whether `raw` is.
pub(super) fn word_text(
    prefix: &str,
    raw: &str,
    ascii: bool,
    kind: TokenKind,
    call: bool,
) -> (TokenText, TokenKind) {
    debug_assert_eq!(ascii, raw.is_ascii());
    let suffix = if call { "()" } else { "" };
    if ascii {
        ascii_word_text(prefix, raw, kind, suffix)
    } else {
        folded_word_text(prefix, raw, kind, suffix)
    }
}

/// `word_text` for any text, through `fold`.
pub(super) fn folded_word_text(
    prefix: &str,
    raw: &str,
    kind: TokenKind,
    suffix: &str,
) -> (TokenText, TokenKind) {
    let is_word = kind == TokenKind::Word;
    let mut text = fold(raw);
    // "variable's" is the word "variable" for matching; the evidence still quotes it whole.
    if is_word && text.len() > 3 && text.ends_with("'s") {
        text.truncate(text.len() - 2);
    }
    let kind = if is_word && text.chars().all(char::is_numeric) {
        TokenKind::Code
    } else {
        kind
    };
    (affixed(TokenText::from(text), prefix, suffix), kind)
}

/// `word_text` for ASCII: the same steps on bytes. ASCII folds to its own lower case, so
/// the text is written straight into the token, without `fold`'s String.
pub(super) fn ascii_word_text(
    prefix: &str,
    raw: &str,
    kind: TokenKind,
    suffix: &str,
) -> (TokenText, TokenKind) {
    let is_word = kind == TokenKind::Word;
    let mut word = raw;
    if is_word && word.len() > 3 {
        let (base, tail) = word.split_at(word.len() - 2);
        if tail.eq_ignore_ascii_case("'s") {
            word = base;
        }
    }
    // The only numeric ASCII characters are the digits.
    let kind = if is_word && word.bytes().all(|b| b.is_ascii_digit()) {
        TokenKind::Code
    } else {
        kind
    };
    (affixed(ascii_lowercase(word), prefix, suffix), kind)
}

/// How many ASCII letters `bytes` starts with. Eight bytes at a time: every word of every
/// answer is measured so, and a byte at a time was a tenth of tokenizing.
pub(super) fn ascii_letters_len(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut chunks = bytes.chunks_exact(8);
    let mut len = 0;
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        // Upper case folded onto lower; then, in each byte on its own (the low seven bits
        // are summed and subtracted without carries between bytes), the top bit says
        // whether it lies in b'a'..=b'z' and is ASCII.
        let x = u64::from_le_bytes(eight) | (ONES * 0x20);
        let low = x & LOW7;
        let below_z = (ONES * (127 + 0x7b)).wrapping_sub(low);
        let above_backtick = low + ONES * (127 - 0x60);
        let letters = below_z & !x & above_backtick & HIGH;
        let others = !letters & HIGH;
        if others != 0 {
            return len + others.trailing_zeros() as usize / 8;
        }
        len += 8;
    }
    len + chunks
        .remainder()
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(chunks.remainder().len())
}
