//! Markup that people paste into answers, made plain before tokenizing: reStructuredText
//! escapes (`\*args`), inline literals (``` ``x`` ```) and roles (`:func:`), HTML tags
//! (`<br>`, `<b>`, `<code>`) and entities (`&lt;`), code blocks introduced by `::` or
//! `.. code::`, and interactive sessions (`>>> `).
//!
//! The plain text has exactly the bytes of the original, markup replaced by spaces (or by a
//! backtick or newline where the markup meant one), so every token's span still quotes the
//! answer as written. Only ASCII bytes are replaced, and only by ASCII: the result is valid
//! UTF-8 wherever the original is.

use std::borrow::Cow;

/// The answer with its markup made plain, and the lines that are code.
pub struct Plain<'a> {
    pub text: Cow<'a, str>,
    /// Byte offsets of the starts of lines that are code (a reStructuredText code block or a
    /// line of an interactive session), in order.
    pub code_lines: Vec<usize>,
    /// Byte offsets of the starts of lines that an interactive session printed (see
    /// [`is_output`]), in order.
    pub output_lines: Vec<usize>,
}

/// HTML elements that mean code: their tags become backticks.
const CODE_TAGS: &[&str] = &["code", "tt", "kbd", "samp", "var"];
/// HTML elements that break a line: their tags become a newline.
const BREAK_TAGS: &[&str] = &[
    "br",
    "p",
    "li",
    "ul",
    "ol",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "pre",
    "blockquote",
    "hr",
    "table",
    "dl",
    "dt",
    "dd",
];
/// HTML elements that only style text: their tags become spaces.
const STYLE_TAGS: &[&str] = &[
    "b", "i", "em", "strong", "u", "span", "a", "sup", "sub", "small", "mark", "td", "th", "font",
    "s", "del", "ins",
];
const ENTITIES: &[(&str, u8)] = &[
    ("&lt;", b'<'),
    ("&gt;", b'>'),
    ("&amp;", b'&'),
    ("&quot;", b'"'),
    ("&#39;", b'\''),
    ("&apos;", b'\''),
    ("&nbsp;", b' '),
];

/// Makes `text` plain (see the module's doc). Text without any markup is borrowed as it is.
pub fn plain(text: &str) -> Plain<'_> {
    let bytes = text.as_bytes();
    // One look at the bytes: a rare character (`\\`, `<`, `&`) or a pair that only markup
    // makes (`::`, ``` `` ```, `` :` ``, `>>`). Most answers have neither. The pairs are
    // looked for where their first byte is, found by memchr: comparing every two bytes of
    // the answer took about 16 instructions a byte, a tenth of tokenizing (callgrind).
    let may_have_markup = memchr::memchr3(b'\\', b'<', b'&', bytes).is_some()
        || memchr::memchr3_iter(b':', b'`', b'>', bytes).any(|at| {
            matches!(
                &bytes[at..],
                [b':', b':' | b'`', ..] | [b'`', b'`', ..] | [b'>', b'>', ..]
            )
        });
    if !may_have_markup {
        return Plain {
            text: Cow::Borrowed(text),
            code_lines: Vec::new(),
            output_lines: Vec::new(),
        };
    }
    let mut out = bytes.to_vec();
    inline_markup(bytes, &mut out);
    let (code_lines, output_lines) = code_blocks(bytes, &mut out);
    // Only ASCII bytes were replaced, by ASCII bytes: still UTF-8.
    let text = String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned);
    Plain {
        text,
        code_lines,
        output_lines,
    }
}

fn fill(out: &mut [u8], from: usize, to: usize, byte: u8) {
    out[from..to].fill(byte);
}

/// Escapes, inline literals, roles, tags and entities.
fn inline_markup(bytes: &[u8], out: &mut [u8]) {
    let mut i = 0;
    let mut in_literal = false;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i = escapes(bytes, out, i),
            b'`' if bytes.get(i + 1) == Some(&b'`') && bytes.get(i + 2) != Some(&b'`') => {
                // ``literal`` is one backtick each side; ``` fences are left to the tokenizer.
                let starts_fence = i > 0 && bytes[i - 1] == b'`';
                if !starts_fence {
                    // The backtick that stays is the one next to the literal.
                    out[if in_literal { i + 1 } else { i }] = b' ';
                    in_literal = !in_literal;
                }
                i += 2;
            }
            b':' => i = role(bytes, out, i),
            b'<' => i = tag(bytes, out, i),
            b'&' => i = entity(bytes, out, i),
            _ => i += 1,
        }
    }
}

/// A run of `\X` escapes (X punctuation): the backslashes go, the characters close up to
/// the right, so `\*\*kwargs` reads `**kwargs`.
fn escapes(bytes: &[u8], out: &mut [u8], start: usize) -> usize {
    let mut i = start;
    let mut escaped = Vec::new();
    while i + 1 < bytes.len() && bytes[i] == b'\\' && bytes[i + 1].is_ascii_punctuation() {
        escaped.push(bytes[i + 1]);
        i += 2;
    }
    if escaped.is_empty() {
        return start + 1;
    }
    let pad = i - start - escaped.len();
    fill(out, start, start + pad, b' ');
    out[start + pad..i].copy_from_slice(&escaped);
    i
}

/// `:func:`x`` and the like: the role's name goes, the literal stays.
fn role(bytes: &[u8], out: &mut [u8], start: usize) -> usize {
    let name_end = bytes[start + 1..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')))
        .map_or(bytes.len(), |k| start + 1 + k);
    let is_role = name_end > start + 2
        && bytes[name_end - 1] == b':'
        && bytes.get(name_end) == Some(&b'`')
        && bytes[start + 1].is_ascii_alphabetic();
    if is_role {
        fill(out, start, name_end, b' ');
        return name_end;
    }
    start + 1
}

/// An HTML tag of a known element: a backtick, a newline or spaces in its place.
fn tag(bytes: &[u8], out: &mut [u8], start: usize) -> usize {
    let Some(len) = bytes[start..].iter().take(120).position(|&b| b == b'>') else {
        return start + 1;
    };
    let end = start + len + 1;
    let inner = &bytes[start + 1..end - 1];
    let closing = inner.first() == Some(&b'/');
    let name_part = if closing { &inner[1..] } else { inner };
    let name_len = name_part
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(name_part.len());
    let rest = &name_part[name_len..];
    if name_len == 0 || !(rest.is_empty() || rest[0] == b' ' || rest == b"/") {
        return start + 1;
    }
    let name = String::from_utf8_lossy(&name_part[..name_len]).to_ascii_lowercase();
    let name = name.as_str();
    if CODE_TAGS.contains(&name) {
        fill(out, start, end, b' ');
        // The backtick on the side of the literal, so it opens and closes at its edges.
        let at = if closing { start } else { end - 1 };
        out[at] = b'`';
    } else if BREAK_TAGS.contains(&name) {
        fill(out, start, end, b' ');
        out[start] = b'\n';
    } else if STYLE_TAGS.contains(&name) {
        fill(out, start, end, b' ');
    } else {
        return start + 1;
    }
    end
}

fn entity(bytes: &[u8], out: &mut [u8], start: usize) -> usize {
    for &(name, byte) in ENTITIES {
        if bytes[start..].starts_with(name.as_bytes()) {
            let end = start + name.len();
            fill(out, start, end - 1, b' ');
            out[end - 1] = byte;
            return end;
        }
    }
    start + 1
}

fn indent(line: &[u8]) -> usize {
    line.iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()
}

/// Whether `body` (a line without its indent), just after a prompt of an interactive
/// session or another such line, is what the session printed: `True`, `[1, 2]`,
/// `TypeError: unhashable type: 'list'`. A fence, a prompt, a list item or heading, or a
/// line of prose (five words or more ending in a stop) is not: notes go on after a session
/// without a blank line.
fn is_output(body: &[u8]) -> bool {
    let text = body.trim_ascii_end();
    let marker = matches!(
        text,
        [b'-' | b'*' | b'+', b' ', ..] | [b'#' | b'>' | b'`' | b'~', ..]
    );
    let prose = text.ends_with(b".") && text.split(u8::is_ascii_whitespace).count() >= 5;
    !text.is_empty() && !marker && !prose && !text.starts_with(b"...")
}

/// Lines of reStructuredText code blocks (after a line ending in `::`, or a `.. code::`
/// directive, indented deeper than it) and of interactive sessions (`>>> `, `... `), and
/// the lines such a session printed (see [`is_output`]). The directive's own line and the
/// prompts become spaces.
fn code_blocks(bytes: &[u8], out: &mut [u8]) -> (Vec<usize>, Vec<usize>) {
    let mut code = Vec::new();
    let mut output = Vec::new();
    // The line before was a prompt of a session, or what it printed.
    let mut after_prompt = false;
    // The indent a block's lines must exceed, while inside one.
    let mut block: Option<usize> = None;
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k);
        let line = &bytes[start..end];
        let depth = indent(line);
        let body = &line[depth..];
        let blank = body.iter().all(u8::is_ascii_whitespace);
        if let Some(outer) = block {
            if !blank && depth <= outer {
                block = None;
            } else if !blank {
                code.push(start);
            }
        }
        let prompt = body.starts_with(b">>> ") || body == b">>>" || body.starts_with(b"... ");
        if block.is_none() && after_prompt && !prompt && is_output(body) {
            output.push(start);
        } else {
            after_prompt = false;
        }
        if block.is_none() && !blank {
            if prompt {
                fill(out, start + depth, start + depth + 3.min(body.len()), b' ');
                code.push(start);
                after_prompt = true;
            } else if body.starts_with(b".. ") && memchr::memmem::find(body, b"::").is_some() {
                let is_code = [&b"code"[..], b"sourcecode", b"highlight", b"doctest"]
                    .iter()
                    .any(|d| body[3..].starts_with(d));
                if is_code {
                    fill(out, start, end, b' ');
                    block = Some(depth);
                }
            } else if body.trim_ascii_end().ends_with(b"::") {
                // "Here is an example::" keeps one colon; the block follows.
                let colons = start + depth + body.trim_ascii_end().len() - 1;
                out[colons] = b' ';
                block = Some(depth);
            }
        }
        start = end + 1;
    }
    (code, output)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_text(text: &str) -> String {
        let p = plain(text);
        assert_eq!(p.text.len(), text.len(), "offsets must not move");
        p.text.into_owned()
    }

    #[test]
    fn escapes_close_up() {
        assert_eq!(
            plain_text(r"\*args and \*\*kwargs"),
            r" *args and   **kwargs"
        );
        assert_eq!(plain_text(r"a \ b"), r"a \ b");
    }

    #[test]
    fn literals_roles_tags_entities() {
        assert_eq!(plain_text("the ``*`` star"), "the  `*`  star");
        assert_eq!(plain_text("see :func:`len`"), "see       `len`");
        assert_eq!(plain_text("a<br>b"), "a\n   b");
        assert_eq!(plain_text("<b>bold</b>"), "   bold    ");
        assert_eq!(plain_text("<code>id()</code>"), "     `id()`      ");
        assert_eq!(plain_text("a &lt; b"), "a    < b");
        assert_eq!(plain_text("x < y and y > z"), "x < y and y > z");
        assert_eq!(plain_text("```python\nx\n```"), "```python\nx\n```");
    }

    /// The lines of `text` that start at `starts`.
    fn lines_at<'t>(text: &'t str, starts: &[usize]) -> Vec<&'t str> {
        starts
            .iter()
            .map(|&s| text[s..].lines().next().unwrap_or(""))
            .collect()
    }

    #[test]
    fn code_blocks_and_sessions() {
        let text = "Example::\n\n    def f(*a):\n        pass\n\nBack to prose.\n>>> f(1)\n";
        let p = plain(text);
        assert_eq!(
            lines_at(text, &p.code_lines),
            ["    def f(*a):", "        pass", ">>> f(1)"]
        );
        assert!(p.text.starts_with("Example: \n"));
        assert!(p.text.contains("\n    f(1)"));
    }

    #[test]
    fn what_a_session_prints_follows_its_prompt() {
        let text = ">>> a is b\nFalse\n>>> d[[1]] = 2\nTraceback (most recent call last):\n\
                    TypeError: unhashable type: 'list'\nSo a list cannot be a key, as shown above.\n\
                    >>> x\n\n3\n- item\nTrue\n";
        assert_eq!(
            lines_at(text, &plain(text).output_lines),
            [
                "False",
                "Traceback (most recent call last):",
                "TypeError: unhashable type: 'list'"
            ]
        );
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(plain("no markup here").text, Cow::Borrowed(_)));
        // Single colons, backticks and `>` are no markup, even at the end.
        assert!(matches!(plain("a: `x` > y:").text, Cow::Borrowed(_)));
    }

    /// The quick look finds every pair that only markup makes, wherever it stands: a text
    /// holding one is not borrowed as it is (here each pair is markup that changes bytes).
    #[test]
    fn markup_pairs_are_seen_anywhere() {
        for text in [
            "x\n:func:`len`",
            "``x``",
            "see::\n\n    code",
            ">>> 1",
            "a\n>>> 1",
        ] {
            assert!(matches!(plain(text).text, Cow::Owned(_)), "{text:?}");
        }
    }
}
