//! Turns answer text into tokens with byte spans, sentence and clause numbers.
//!
//! Matching is on tokens, never on raw substrings, so "category" never contains "cat".
//! Code stays whole (`**kwargs`, `__init__`, `==`, `id()`, `functools.wraps`) because those
//! are exactly the tokens rubrics ask for; prose is split on Unicode word rules and hyphens.

mod markup;
mod spelling;
mod table;

use spelling::{ascii_letters_len, ascii_lowercase, big_o, word_text};

use unicode_normalization::UnicodeNormalization;

/// A token's text: inline up to 24 bytes, so the few-letter words that make up nearly every
/// answer cost no allocation.
pub type TokenText = compact_str::CompactString;

/// Punctuation that ends a clause (as do dashes between words, arrows, inline code and the
/// end of a sentence).
pub const CLAUSE_MARKS: [char; 11] = [
    ',', ';', ':', '(', ')', '[', ']', '{', '}', '\u{2014}', '\u{2013}',
];

/// The text of every arrow in prose (`->`, `=>`, `-->`, `→`): a link of a chain.
pub const ARROW: &str = "->";

/// What a token is, which decides how it may be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters only: stemmed and typo-tolerant.
    Word,
    /// Identifiers with `_`, digits, dots, stars or call parentheses: matched whole.
    Code,
    /// Operators such as `==`, `!=`, `->`, `@`.
    Symbol,
}

/// One token of an answer.
#[derive(Debug, Clone)]
pub struct Token {
    /// NFKC-folded, lower-cased text used for matching (`id()` for `id(x)`).
    pub text: TokenText,
    /// Byte span in the original text; `&source[start..end]` is what evidence quotes.
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Written in backticks or inside a fenced code block.
    pub in_code: bool,
    /// Joined to the previous token by a hyphen ("in-place").
    pub hyphen_before: bool,
    /// Sentence number; phrases never match across sentences.
    pub sentence: u32,
    /// Clause number (commas, semicolons, colons, brackets); negation stays inside a clause.
    pub clause: u32,
}

/// A sentence: the unit in which phrases and `all` groups must match.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    /// Index range into the token list.
    pub first_token: usize,
    pub token_end: usize,
    /// A line of a fenced code block.
    pub is_code: bool,
    /// Ends with `.`, `!` or `?`: written as a sentence.
    pub terminated: bool,
    /// A row of a Markdown table below its header: its cells are clauses, the first one
    /// what the row is about.
    pub table_row: bool,
    /// For a table row, the sentence of its table's header row, if the header has words:
    /// a cell is read with its column's header ("| | list | tuple |" over "| mutable? | yes |
    /// no |").
    pub header: Option<u32>,
}

/// An answer split into tokens and sentences.
#[derive(Debug, Clone, Default)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    /// Some clause goes on after a bracketed aside (see `Scanner::aside_of`): only then
    /// may a phrase step over words of another clause.
    pub has_asides: bool,
    /// Some sentence is a row of a table under a header with words: only then may an
    /// all-group take a part from a header.
    pub has_tables: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_operator_char(c: char) -> bool {
    matches!(
        c,
        '=' | '!' | '<' | '>' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '~' | '@'
    )
}

/// Lower-cased NFKC form used for comparison.
pub fn fold(text: &str) -> String {
    // ASCII is its own NFKC form and lower-cases byte by byte: the common case, taken
    // without the normalizer's per-character buffers.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfkc() {
        match c {
            '\u{2019}' | '\u{2018}' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Walks an answer by byte offset. Every offset it stops at starts a character: it steps
/// over ASCII a byte at a time and over anything else by the character's length. Answers
/// are nearly all ASCII, so most looks are at one byte; a table of characters for the
/// others would cost 16 bytes a character.
struct Scanner<'a> {
    text: &'a str,
    out: Tokenized,
    sentence: u32,
    clause: u32,
    sentence_start: usize,
    sentence_first_token: usize,
    in_fence: bool,
    in_backticks: bool,
    /// The line being scanned holds an arrow: a line of a chain is a unit of its own.
    arrow_in_line: bool,
    /// The clause a bracketed aside of prose interrupts: after the `)` the words go on in
    /// it, so "wraps (or decorates) a function" is one clause around an aside of its own.
    aside_of: Option<u32>,
    /// The highest clause number given so far: a clause resumed after an aside is not the
    /// newest, and the next clause must still be new.
    last_clause: u32,
    /// Whether the text has a `*` at all: most answers have none, and then no line needs
    /// looking at for emphasis.
    has_stars: bool,
    /// Inside a Markdown table: a `|` parts cells, each a clause.
    in_table: bool,
    /// The open sentence is a row of a table's body.
    row_open: bool,
    /// The sentence of the current table's header row, if it has words.
    table_header: Option<u32>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            // Prose averages about one token per five to six bytes: reserving one per five
            // once saves growing the token list (and copying it) for most answers (at one per
            // six, a third of them grew once). Only what is written to is touched, so a text
            // of code, with fewer tokens, costs no memory for it.
            out: Tokenized {
                tokens: Vec::with_capacity(text.len() / 5 + 8),
                // A sentence of prose is rarely shorter than 60 bytes; a short text (a
                // rubric's term) reserves nothing and grows as before.
                sentences: Vec::with_capacity(text.len() / 60),
                has_asides: false,
                has_tables: false,
            },
            sentence: 0,
            clause: 0,
            sentence_start: 0,
            sentence_first_token: 0,
            in_fence: false,
            in_backticks: false,
            arrow_in_line: false,
            aside_of: None,
            last_clause: 0,
            has_stars: text.contains('*'),
            in_table: false,
            row_open: false,
            table_header: None,
        }
    }

    /// The character starting at byte `i`, if any.
    fn char_at(&self, i: usize) -> Option<char> {
        let &b = self.text.as_bytes().get(i)?;
        if b.is_ascii() {
            return Some(char::from(b));
        }
        self.text[i..].chars().next()
    }

    /// The character ending at byte `i`, if any.
    fn char_before(&self, i: usize) -> Option<char> {
        let &b = self.text.as_bytes().get(i.checked_sub(1)?)?;
        if b.is_ascii() {
            return Some(char::from(b));
        }
        self.text[..i].chars().next_back()
    }

    /// Starts a clause numbered after every clause before it.
    fn new_clause(&mut self) {
        self.last_clause += 1;
        self.clause = self.last_clause;
    }

    /// Closes the current sentence (if it holds anything) at byte `end`.
    fn end_sentence(&mut self, end: usize, is_code: bool) {
        self.close_sentence(end, is_code, false);
    }

    fn close_sentence(&mut self, end: usize, is_code: bool, terminated: bool) {
        let token_end = self.out.tokens.len();
        if token_end > self.sentence_first_token {
            self.out.sentences.push(Sentence {
                start: self.sentence_start,
                end,
                first_token: self.sentence_first_token,
                token_end,
                is_code,
                terminated,
                table_row: self.row_open,
                header: self.table_header.filter(|_| self.row_open),
            });
            self.out.has_tables |= self.row_open && self.table_header.is_some();
            self.sentence += 1;
        }
        self.new_clause();
        self.aside_of = None;
        self.row_open = false;
        self.sentence_first_token = token_end;
        self.sentence_start = end;
    }

    /// Whether the `/` at `slash` follows a lone "w" in prose: notes write "w/" for "with"
    /// and "w/o" for "without", words that tie a statement together.
    fn shorthand_with(&self, slash: usize) -> bool {
        self.out.tokens.last().is_some_and(|t| {
            t.end == slash
                && t.text == "w"
                && !t.in_code
                && (t.start == 0 || !self.text[..t.start].ends_with(is_word_char))
        })
    }

    fn push(&mut self, start: usize, end: usize, text: TokenText, kind: TokenKind, hyphen: bool) {
        if self.out.tokens.len() == self.sentence_first_token {
            self.sentence_start = start;
        }
        self.out.tokens.push(Token {
            text,
            start,
            end,
            kind,
            in_code: self.in_fence || self.in_backticks,
            hyphen_before: hyphen,
            sentence: self.sentence,
            clause: self.clause,
        });
    }

    /// Scans `start..end` as a line of code: its own sentence (each line of code is a unit),
    /// which stays open when `output_follows`, for what an interactive session printed.
    fn code_line(&mut self, start: usize, end: usize, output_follows: bool) {
        let in_fence = std::mem::replace(&mut self.in_fence, true);
        self.scan_line(start, end);
        if !output_follows {
            self.end_sentence(end, true);
        }
        self.in_fence = in_fence;
    }

    /// Scans one line (without its newline) from byte `i` to byte `stop`.
    fn scan_line(&mut self, mut i: usize, stop: usize) {
        // A list item or heading starts a new sentence: lists are not run-on prose.
        let mut j = i;
        while j < stop && matches!(self.char_at(j), Some(' ' | '\t')) {
            j += 1;
        }
        let marker = match self.char_at(j) {
            Some('-' | '*' | '+') if matches!(self.char_at(j + 1), Some(' ' | '\t')) => Some(j + 2),
            Some('#') => {
                let mut k = j;
                while self.char_at(k) == Some('#') {
                    k += 1;
                }
                Some(k)
            }
            Some('>') => Some(j + 1),
            Some(c) if c.is_ascii_digit() => {
                let mut k = j;
                while matches!(self.char_at(k), Some(d) if d.is_ascii_digit()) {
                    k += 1;
                }
                if matches!(self.char_at(k), Some('.' | ')'))
                    && matches!(self.char_at(k + 1), Some(' ' | '\t'))
                {
                    Some(k + 2)
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some(after) = marker {
            self.end_sentence(j, false);
            i = after.min(stop);
        }
        let last_close = self.last_emphasis_close(i, stop);
        let mut hyphen_pending = false;
        while i < stop {
            let c = self.char_at(i).unwrap_or(' ');
            if c == ' ' {
                // The commonest character between words, and nothing else but a separator.
                hyphen_pending = false;
                i += 1;
                continue;
            }
            if c == '`' {
                self.in_backticks = !self.in_backticks;
                self.new_clause();
                i += 1;
                continue;
            }
            if c == '|' && self.in_table && !self.in_backticks {
                // A cell of its own; a bracket left open in the cell before ends with it.
                self.new_clause();
                self.aside_of = None;
                i += 1;
                continue;
            }
            if is_word_char(c) {
                i = self.scan_word(i, stop, hyphen_pending, "");
                hyphen_pending = false;
                continue;
            }
            hyphen_pending = false;
            // `*args` and `**kwargs`: stars glued to an identifier that follows a non-word char.
            if c == '*' {
                let stars = if self.char_at(i + 1) == Some('*') {
                    2
                } else {
                    1
                };
                let prev_is_word = self.char_before(i).is_some_and(is_word_char);
                if !prev_is_word
                    && self.char_at(i + stars).is_some_and(is_word_char)
                    && last_close.is_none_or(|k| k < i + stars)
                {
                    let start = i;
                    i = self.scan_word(i + stars, stop, false, &"**"[..stars]);
                    // Re-span the token just pushed (its text has the stars) to quote them.
                    if let Some(tok) = self.out.tokens.last_mut() {
                        tok.start = start;
                        tok.kind = TokenKind::Code;
                    }
                    continue;
                }
            }
            if c == '-'
                && self.char_before(i).is_some_and(char::is_alphanumeric)
                && self.char_at(i + 1).is_some_and(char::is_alphanumeric)
            {
                hyphen_pending = true;
                i += 1;
                continue;
            }
            if is_operator_char(c) {
                let start = i;
                while i < stop && self.char_at(i).is_some_and(is_operator_char) {
                    i += 1;
                }
                let (s, e) = (start, i);
                let op = &self.text[s..e];
                let in_code = self.in_backticks || self.in_fence;
                // A lone dash is punctuation ("lists - unlike tuples - ..."), not an operator;
                // stars outside code are Markdown emphasis.
                if op == "/" && !in_code && self.shorthand_with(s) {
                    // "w/" and "w/o" are "with" and "without" (see `shorthand_with`).
                    if self.text[e..].starts_with('o')
                        && !self.char_at(e + 1).is_some_and(is_word_char)
                    {
                        i = e + 1;
                    }
                    if let Some(last) = self.out.tokens.last_mut() {
                        last.text = TokenText::from(if i > e { "without" } else { "with" });
                        last.end = i;
                    }
                } else if op == "-" || op == "--" || (op == "/" && !in_code) {
                    // "lists - unlike tuples - ..." and "logging / caching / retry" separate.
                    self.new_clause();
                } else if matches!(op, "->" | "=>" | "-->") && !in_code {
                    // "call -> stack frame -> scope" is a chain: one unit whose links the
                    // arrows say, each item a clause of its own.
                    self.new_clause();
                    self.push(s, e, TokenText::from(ARROW), TokenKind::Symbol, false);
                    self.new_clause();
                    self.arrow_in_line = true;
                } else if op.chars().all(|c| c == '*') && !in_code {
                } else {
                    self.push(s, e, TokenText::from(op), TokenKind::Symbol, false);
                }
                continue;
            }
            match c {
                '.' | '!' | '?' => {
                    let next = self.char_at(i + 1);
                    let ends = next.is_none_or(|n| n.is_whitespace() || n == '"' || n == ')')
                        || i + 1 >= stop;
                    if ends && !self.in_backticks && !self.in_fence {
                        self.close_sentence(i + 1, false, true);
                    } else {
                        self.new_clause();
                    }
                }
                '\u{2192}' if !self.in_backticks && !self.in_fence => {
                    self.new_clause();
                    self.push(
                        i,
                        i + c.len_utf8(),
                        TokenText::from(ARROW),
                        TokenKind::Symbol,
                        false,
                    );
                    self.new_clause();
                    self.arrow_in_line = true;
                    i += c.len_utf8();
                    continue;
                }
                '(' if !self.in_backticks && !self.in_fence && self.aside_of.is_none() => {
                    self.aside_of = Some(self.clause);
                    self.new_clause();
                }
                ')' if !self.in_backticks && !self.in_fence && self.aside_of.is_some() => {
                    self.clause = self.aside_of.take().unwrap_or(self.clause);
                    self.out.has_asides = true;
                }
                c if CLAUSE_MARKS.contains(&c) => self.new_clause(),
                // A comment says something of its own: a "not" in the code before it
                // (`assert name, "must not be empty"  # invariant`) negates nothing in it.
                '#' if self.in_fence => self.new_clause(),
                _ => {}
            }
            i += c.len_utf8();
        }
        // Backticks never span lines in Markdown inline code as we read it.
        self.in_backticks = false;
    }

    /// The last `*` of the line `from..stop` that closes Markdown emphasis (`*word*`,
    /// `**two words**`). Opening stars before it are emphasis, not `*args`. Found once per
    /// line: asking at every star would make a long line of stars quadratic.
    fn last_emphasis_close(&self, from: usize, stop: usize) -> Option<usize> {
        if !self.has_stars {
            return None;
        }
        // Most lines have no star: `rfind` skips to the stars a word at a time.
        let mut end = stop;
        while let Some(k) = self.text[from..end].rfind('*') {
            let k = from + k;
            if self.char_before(k).is_some_and(is_word_char)
                && self.char_at(k + 1).is_none_or(|c| !is_word_char(c))
            {
                return Some(k);
            }
            end = k;
        }
        None
    }

    /// Scans an identifier-like run from byte `start`; returns the byte after it. The token's
    /// text starts with `prefix` (the stars of `*args`, which are not part of the run).
    fn scan_word(&mut self, start: usize, stop: usize, hyphen: bool, prefix: &str) -> usize {
        if prefix.is_empty() {
            if let Some(end) = self.plain_word_end(start, stop) {
                let text = ascii_lowercase(&self.text[start..end]);
                self.push(start, end, text, TokenKind::Word, hyphen);
                return end;
            }
        }
        self.scan_any_word(start, stop, hyphen, prefix)
    }

    /// The end of the word at `start` if it is ASCII letters only, followed by something
    /// that cannot continue it: most words of prose. Such a word is its own lower case, and
    /// none of the rules of `scan_any_word` (code, emphasis, `'s`, calls) applies to it.
    fn plain_word_end(&self, start: usize, stop: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let end = start + ascii_letters_len(&bytes[start..stop]);
        // Whether the byte at `k` may be part of a word: a letter, `_`, or anything non-ASCII.
        let wordish = |k: usize| {
            bytes
                .get(k)
                .is_some_and(|&b| !b.is_ascii() || b.is_ascii_alphabetic() || b == b'_')
        };
        // What comes next (the line's end is a newline or the text's end) must not extend
        // the word: not a digit, `_`, a call's `(` or anything non-ASCII; a dot or an
        // apostrophe only when a word follows it at once (`os.path`, `doesn't`), so a
        // sentence's last word (`end.`) stays plain.
        let plain = match bytes.get(end) {
            None => true,
            Some(b'.' | b'\'') => !wordish(end + 1),
            Some(&b) => b.is_ascii() && !b.is_ascii_alphanumeric() && !matches!(b, b'_' | b'('),
        };
        (end > start && plain).then_some(end)
    }

    /// `scan_word` for any word: letters of any script, digits, `_`, contractions, dotted
    /// names, emphasis, calls.
    fn scan_any_word(&mut self, start: usize, stop: usize, hyphen: bool, prefix: &str) -> usize {
        let bytes = self.text.as_bytes();
        let mut i = start;
        let mut kind = TokenKind::Word;
        let mut ascii = true;
        loop {
            while i < stop {
                // ASCII letters, digits and `_` (nearly every character of every word) are
                // told apart by their byte alone.
                let b = bytes[i];
                if b.is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                if b.is_ascii_digit() || b == b'_' {
                    kind = TokenKind::Code;
                    i += 1;
                    continue;
                }
                let c = self.char_at(i).unwrap_or(' ');
                let after = i + c.len_utf8();
                let joins = is_word_char(c)
                    // Contractions stay one word: "doesn't", "it's".
                    || ((c == '\'' || c == '\u{2019}')
                        && self.char_at(after).is_some_and(char::is_alphabetic)
                        && i > start);
                if !joins {
                    break;
                }
                ascii &= c.is_ascii();
                i = after;
            }
            // Dotted names (`functools.wraps`, `os.path`) and decimals (`3.7`) stay whole; a
            // sentence-ending dot is followed by a space, so it never gets here.
            // (An ASCII digit's byte is never part of a longer character.)
            let last_is_digit = i > start && bytes[i - 1].is_ascii_digit();
            if i + 1 < stop
                && bytes[i] == b'.'
                && self.char_at(i + 1).is_some_and(|c| {
                    c.is_alphabetic() || c == '_' || (last_is_digit && c.is_ascii_digit())
                })
            {
                kind = TokenKind::Code;
                i += 1;
                continue;
            }
            break;
        }
        let (mut s, mut e) = (start, i);
        let raw = &self.text[s..e];
        // `_word_` is Markdown emphasis; `__init__` and `_private` are identifiers.
        if raw.len() > 2
            && raw.starts_with('_')
            && raw.ends_with('_')
            && !raw.starts_with("__")
            && !raw.ends_with("__")
        {
            s += 1;
            e -= 1;
            kind = TokenKind::Word;
        }
        // Big-O notation is one token with its argument: `O(n)` must not match `O(n^2)`.
        if prefix.is_empty()
            && let Some((end, text)) = big_o(&self.text[s..e], &self.text[i..stop])
        {
            self.push(s, i + end, text, TokenKind::Code, hyphen);
            return i + end;
        }
        // `id()` and `id(x)` are calls: the token is `id()`, quoting `id()` or just `id`.
        let call = bytes.get(i) == Some(&b'(');
        let (text, word_kind) = word_text(prefix, &self.text[s..e], ascii, kind, call);
        kind = word_kind;
        if call {
            kind = TokenKind::Code;
            if bytes.get(i + 1) == Some(&b')') {
                i += 2;
                e = i;
            }
        }
        if self.in_backticks || self.in_fence {
            // Inside code every identifier is code, so it is never stemmed.
            if kind == TokenKind::Word && text.contains('_') {
                kind = TokenKind::Code;
            }
        }
        self.push(s, e, text, kind, hyphen);
        i
    }
}

/// Splits `text` into tokens and sentences.
pub fn tokenize(original: &str) -> Tokenized {
    // Markup made plain, byte for byte: spans still quote the original.
    let plain = markup::plain(original);
    let text: &str = &plain.text;
    let mut code_lines = plain.code_lines.iter().peekable();
    let mut output_lines = plain.output_lines.iter().peekable();
    let mut sc = Scanner::new(text);
    let mut line_start = 0;
    while line_start < text.len() {
        // A byte search: a newline byte is never part of another character. memchr's, as
        // `str::find` took about 200 instructions a line (callgrind).
        let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
            .map_or(text.len(), |k| line_start + k);
        let line = &text[line_start..line_end];
        let trimmed = line.trim();
        // A table goes on while its lines have cells.
        sc.in_table &= !sc.in_fence && !trimmed.is_empty() && line.contains('|');
        let next_end = |from: usize| {
            memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |k| from + k)
        };
        let table_header = !sc.in_fence
            && !sc.in_table
            && line.contains('|')
            && line_end < text.len()
            && table::is_table_delimiter(&text[line_end + 1..next_end(line_end + 1)]);
        let is_code_line = code_lines.next_if_eq(&&line_start).is_some();
        let is_output = output_lines.next_if_eq(&&line_start).is_some();
        // What an interactive session prints belongs with the line that printed it, as a
        // comment does (`a is b  # False`): `>>> a is b` then `False` is one statement,
        // the output a clause of its own. So the line before an output stays open.
        let output_follows = output_lines.peek() == Some(&&(line_end + 1));
        if is_output {
            sc.new_clause();
            sc.code_line(line_start, line_end, output_follows);
        } else if table_header || sc.in_table {
            sc.table_line(line_start, line_end, table_header);
            if table_header {
                // The row of dashes under the header says nothing.
                line_start = next_end(line_end + 1) + 1;
                continue;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            sc.end_sentence(line_start, sc.in_fence);
            sc.in_fence = !sc.in_fence;
        } else if trimmed.is_empty() {
            // A blank line ends a paragraph, and with it any sentence left open.
            sc.end_sentence(line_start, sc.in_fence);
        } else if is_code_line && !sc.in_fence {
            // A line of a reStructuredText block or an interactive session: code, alone.
            sc.end_sentence(line_start, false);
            sc.code_line(line_start, line_end, output_follows);
        } else if sc.in_fence {
            sc.code_line(line_start, line_end, output_follows);
        } else {
            sc.scan_line(line_start, line_end);
            if std::mem::take(&mut sc.arrow_in_line) {
                // So is each line of a chain: notes put one chain a line.
                sc.end_sentence(line_end, false);
            }
        }
        line_start = line_end + 1;
    }
    let end = text.len();
    let in_fence = sc.in_fence;
    sc.end_sentence(end, in_fence);
    sc.out
}

#[cfg(test)]
mod tests {
    use super::spelling::{ascii_word_text, folded_word_text};
    use super::*;
    use crate::lexicon::is_negator;

    fn texts(s: &str) -> Vec<String> {
        tokenize(s)
            .tokens
            .into_iter()
            .map(|t| t.text.into())
            .collect()
    }

    #[test]
    fn folds_case_and_punctuation() {
        assert_eq!(texts("The GIL, basically."), ["the", "gil", "basically"]);
    }

    #[test]
    fn a_comment_in_code_is_a_clause_of_its_own() {
        let t = tokenize("```python\nassert name, \"must not be empty\"  # invariant\n```\n");
        let clause_of = |word: &str| t.tokens.iter().find(|x| x.text == word).map(|x| x.clause);
        assert_ne!(clause_of("not"), clause_of("invariant"));
    }

    #[test]
    fn a_table_is_read_row_by_row_under_its_header() {
        let text = "Compare:\n\n| | list | tuple |\n|---|:---:|---|\n\
                    | mutable | yes | no (fixed |\n| key | no | yes |\nAfter it.\n";
        let t = tokenize(text);
        assert!(
            t.tokens
                .iter()
                .all(|x| x.text != "|" && !x.text.starts_with('-'))
        );
        assert!(t.has_tables);
        let of =
            |word: &str, nth: usize| t.tokens.iter().filter(|x| x.text == word).nth(nth).unwrap();
        let header = of("list", 0).sentence;
        let rows = [of("mutable", 0).sentence, of("key", 0).sentence];
        assert!(header < rows[0] && rows[0] < rows[1]);
        for row in rows {
            let s = &t.sentences[row as usize];
            assert!(s.table_row);
            assert_eq!(s.header, Some(header));
        }
        // Each cell a clause; a bracket left open ends with its cell.
        assert_ne!(of("yes", 0).clause, of("no", 0).clause);
        assert_ne!(of("fixed", 0).clause, of("key", 0).clause);
        let after = &t.sentences[of("after", 0).sentence as usize];
        assert!(!after.table_row && after.header.is_none());
        assert!(!t.sentences[header as usize].table_row);
        // A rule of dashes under text, without a `|`, is no table.
        assert!(
            !tokenize("a | b\n---\nc | d\n")
                .sentences
                .iter()
                .any(|s| s.table_row)
        );
    }

    #[test]
    fn what_a_session_prints_is_a_clause_of_the_line_that_printed_it() {
        for text in [
            ">>> a is b\nFalse\n>>> c = 1\n",
            "```python\n>>> a is b\nFalse\n>>> c = 1\n```\n",
        ] {
            let t = tokenize(text);
            let of = |word: &str| t.tokens.iter().find(|x| x.text == word).unwrap();
            assert_eq!(of("a").sentence, of("false").sentence, "{text:?}");
            assert_ne!(of("a").clause, of("false").clause, "{text:?}");
            assert!(of("false").in_code);
            assert_ne!(of("false").sentence, of("c").sentence, "{text:?}");
            let sentence = &t.sentences[of("a").sentence as usize];
            assert!(sentence.is_code);
            assert!(text[sentence.start..sentence.end].ends_with("False"));
        }
        // Prose after a session, without a blank line, is prose.
        let t = tokenize(">>> a is b\nThe two names are not one and the same object.");
        let of = |word: &str| t.tokens.iter().find(|x| x.text == word).unwrap();
        assert_ne!(of("a").sentence, of("names").sentence);
        assert!(!of("names").in_code);
    }

    #[test]
    fn words_after_a_bracketed_aside_go_on_in_its_clause() {
        let t = tokenize("it wraps (or decorates) a function, then calls it.\nNext line");
        let clause_of = |word: &str| t.tokens.iter().find(|x| x.text == word).map(|x| x.clause);
        assert_eq!(clause_of("wraps"), clause_of("function"));
        assert_ne!(clause_of("wraps"), clause_of("decorates"));
        // Every clause after the aside is new, in this sentence and the next.
        let decorates = clause_of("decorates");
        assert_ne!(clause_of("calls"), decorates);
        assert_ne!(clause_of("next"), decorates);
        assert_ne!(clause_of("calls"), clause_of("function"));
        // In code, brackets are calls: no aside.
        let t = tokenize("`f(x) y`");
        assert_ne!(t.tokens[0].clause, t.tokens[t.tokens.len() - 1].clause);
    }

    #[test]
    fn note_shorthand_for_with_and_without_is_the_word() {
        assert_eq!(
            texts("class w/o __eq__, pkg w/ __init__.py, bw/o, and/or"),
            [
                "class",
                "without",
                "__eq__",
                "pkg",
                "with",
                "__init__.py",
                "bw",
                "o",
                "and",
                "or"
            ]
        );
    }

    #[test]
    fn big_o_notation_is_one_token_with_its_argument() {
        // `O(n)` as a term must not match the start of `O(n^2)`.
        assert_eq!(texts("is O(n) not O(n^2)"), ["is", "o(n)", "not", "o(n^2)"]);
        assert_eq!(
            texts("O(N**2), O(n \u{b2}), O(n log n) and o(1)"),
            ["o(n^2)", "o(n^2)", "o(nlogn)", "and", "o(1)"]
        );
        // Not big-O: a call, or brackets too long or holding other things.
        assert_eq!(texts("O(x, y)"), ["o()", "x", "y"]);
        assert_eq!(texts("foo(n)"), ["foo()", "n"]);
        assert_eq!(
            texts("O(a very long argument here)"),
            ["o()", "a", "very", "long", "argument", "here"]
        );
    }

    #[test]
    fn keeps_code_tokens_whole() {
        assert_eq!(
            texts("def f(*args, **kwargs): __init__ == x; functools.wraps and id(x)"),
            [
                "def",
                "f()",
                "*args",
                "**kwargs",
                "__init__",
                "==",
                "x",
                "functools.wraps",
                "and",
                "id()",
                "x"
            ]
        );
    }

    #[test]
    fn emphasis_is_not_code() {
        assert_eq!(
            texts("**Tuples** are *immutable* and _fixed_"),
            ["tuples", "are", "immutable", "and", "fixed"]
        );
        assert_eq!(
            texts("use *args and **kwargs here"),
            ["use", "*args", "and", "**kwargs", "here"]
        );
    }

    #[test]
    fn emphasis_and_stars_on_one_long_line() {
        assert_eq!(texts("*a *b c*"), ["a", "b", "c"]);
        assert_eq!(texts("x *a *b"), ["x", "*a", "*b"]);
        assert_eq!(texts("*a b* and *args"), ["a", "b", "and", "*args"]);
        let line = "*a ".repeat(50_000);
        assert_eq!(tokenize(&line).tokens.len(), 50_000);
    }

    #[test]
    fn ascii_shortcut_gives_the_same_tokens() {
        // A final non-ASCII paragraph sends the same text through the character table.
        let samples = [
            "def f(*args, **kwargs): __init__ == x; functools.wraps and id(x)",
            "**Tuples** are *immutable*, _fixed_ - not `list`s.\n- item one\n2. two\n\n```py\nx = [1]\n```\nEnd!",
            "a*b it doesn't work; in-place *args -> 3.7 / the loop variable's",
            "Python's _Fixed_ ID() id(x) **KWARGS Supercalifragilisticexpialidocious_Names 42.\n1) x",
        ];
        for ascii in samples {
            let mixed = format!("{ascii}\n\n\u{e9}t\u{e9}");
            let a = tokenize(ascii);
            let m = tokenize(&mixed);
            let a: Vec<_> = a.tokens.iter().map(all_fields).collect();
            let m: Vec<_> = m.tokens[..a.len()].iter().map(all_fields).collect();
            assert_eq!(a, m, "{ascii}");
        }
    }

    #[test]
    fn multiplication_is_not_args() {
        assert_eq!(texts("a*b"), ["a", "b"]);
    }

    #[test]
    fn hyphens_split_but_remember() {
        let t = tokenize("modified in-place");
        assert_eq!(t.tokens[2].text, "place");
        assert!(t.tokens[2].hyphen_before);
        assert!(!t.tokens[1].hyphen_before);
    }

    #[test]
    fn sentences_end_at_stops_and_list_items() {
        let t = tokenize("One two. Three four\n- five\n- six\n\nseven");
        let sentences: Vec<u32> = t.tokens.iter().map(|t| t.sentence).collect();
        assert_eq!(sentences, [0, 0, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn decimals_stay_whole() {
        assert_eq!(
            texts("since Python 3.7. Then"),
            ["since", "python", "3.7", "then"]
        );
    }

    #[test]
    fn dotted_names_survive_sentence_ends() {
        let t = tokenize("Use functools.wraps. Then go.");
        assert_eq!(t.tokens[1].text, "functools.wraps");
        assert_eq!(t.tokens[2].sentence, 1);
    }

    #[test]
    fn backticks_mark_code() {
        let t = tokenize("the `is` operator");
        assert!(!t.tokens[0].in_code);
        assert!(t.tokens[1].in_code);
        assert!(!t.tokens[2].in_code);
    }

    #[test]
    fn code_before_non_ascii_punctuation() {
        use TokenKind::*;
        // The character that ends the word is not part of it: the word is still ASCII.
        assert_eq!(
            quoted("x_1\u{2014}y my_var\u{2192}z it\u{2019} 3.7\u{2026}"),
            [
                ("x_1".into(), Code, "x_1"),
                ("y".into(), Word, "y"),
                ("my_var".into(), Code, "my_var"),
                ("->".into(), Symbol, "\u{2192}"),
                ("z".into(), Word, "z"),
                ("it".into(), Word, "it"),
                ("3.7".into(), Code, "3.7"),
            ]
        );
    }

    #[test]
    fn spans_quote_the_source() {
        let src = "Ünïcode id(x) and **kwargs";
        for tok in tokenize(src).tokens {
            let quoted = &src[tok.start..tok.end];
            assert!(!quoted.is_empty());
        }
    }

    /// Every field of every token, for comparing two tokenizations.
    fn all_fields(t: &Token) -> (String, usize, usize, TokenKind, bool, bool, u32, u32) {
        (
            t.text.to_string(),
            t.start,
            t.end,
            t.kind,
            t.in_code,
            t.hyphen_before,
            t.sentence,
            t.clause,
        )
    }

    /// Text, kind and quoted source of each token.
    fn quoted(src: &str) -> Vec<(String, TokenKind, &str)> {
        tokenize(src)
            .tokens
            .iter()
            .map(|t| (t.text.to_string(), t.kind, &src[t.start..t.end]))
            .collect()
    }

    #[test]
    fn words_longer_than_the_inline_text() {
        use TokenKind::*;
        assert_eq!(
            quoted(
                "Supercalifragilisticexpialidocious `Functools.Wraps_Everything(x)` **Very_Long_Keyword_Arguments"
            ),
            [
                (
                    "supercalifragilisticexpialidocious".into(),
                    Word,
                    "Supercalifragilisticexpialidocious"
                ),
                (
                    "functools.wraps_everything()".into(),
                    Code,
                    "Functools.Wraps_Everything"
                ),
                ("x".into(), Word, "x"),
                (
                    "**very_long_keyword_arguments".into(),
                    Code,
                    "**Very_Long_Keyword_Arguments"
                ),
            ]
        );
    }

    #[test]
    fn non_ascii_words_are_folded() {
        use TokenKind::*;
        assert_eq!(
            quoted(
                "Caf\u{e9} NA\u{ef}VE \u{fb01}le the variable\u{2019}s name doesn\u{2019}t \u{2192} \u{c9}t\u{e9}()"
            ),
            [
                ("caf\u{e9}".into(), Word, "Caf\u{e9}"),
                ("na\u{ef}ve".into(), Word, "NA\u{ef}VE"),
                ("file".into(), Word, "\u{fb01}le"),
                ("the".into(), Word, "the"),
                ("variable".into(), Word, "variable\u{2019}s"),
                ("name".into(), Word, "name"),
                ("doesn't".into(), Word, "doesn\u{2019}t"),
                ("->".into(), Symbol, "\u{2192}"),
                ("\u{e9}t\u{e9}()".into(), Code, "\u{c9}t\u{e9}()"),
            ]
        );
        // Full-width digits are numbers, so code, as ASCII digits are.
        assert_eq!(
            quoted("\u{ff11}\u{ff12}"),
            [("12".into(), Code, "\u{ff11}\u{ff12}")]
        );
        assert_eq!(quoted("42"), [("42".into(), Code, "42")]);
    }

    #[test]
    fn stars_are_spanned_with_their_word() {
        use TokenKind::*;
        assert_eq!(
            quoted("pass **KWARGS and *Args(x) but not a*b"),
            [
                ("pass".into(), Word, "pass"),
                ("**kwargs".into(), Code, "**KWARGS"),
                ("and".into(), Word, "and"),
                ("*args()".into(), Code, "*Args"),
                ("x".into(), Word, "x"),
                ("but".into(), Word, "but"),
                ("not".into(), Word, "not"),
                ("a".into(), Word, "a"),
                ("b".into(), Word, "b"),
            ]
        );
    }

    #[test]
    fn calls_end_in_parentheses() {
        use TokenKind::*;
        assert_eq!(
            quoted("ID() and id(x) and len (x) and 3.7()"),
            [
                ("id()".into(), Code, "ID()"),
                ("and".into(), Word, "and"),
                ("id()".into(), Code, "id"),
                ("x".into(), Word, "x"),
                ("and".into(), Word, "and"),
                ("len".into(), Word, "len"),
                ("x".into(), Word, "x"),
                ("and".into(), Word, "and"),
                ("3.7()".into(), Code, "3.7()"),
            ]
        );
    }

    #[test]
    fn possessive_s_is_dropped_from_words_only() {
        use TokenKind::*;
        assert_eq!(
            quoted("Python's IT'S it's x's my_var's"),
            [
                ("python".into(), Word, "Python's"),
                ("it".into(), Word, "IT'S"),
                ("it".into(), Word, "it's"),
                ("x's".into(), Word, "x's"),
                ("my_var's".into(), Code, "my_var's"),
            ]
        );
    }

    #[test]
    fn underscores_around_a_word_are_emphasis() {
        use TokenKind::*;
        assert_eq!(
            quoted("_Fixed_ __init__ _private __dunder_ _x1_"),
            [
                ("fixed".into(), Word, "Fixed"),
                ("__init__".into(), Code, "__init__"),
                ("_private".into(), Code, "_private"),
                ("__dunder_".into(), Code, "__dunder_"),
                // Emphasis makes a word, even of a name with a digit.
                ("x1".into(), Word, "x1"),
            ]
        );
    }

    #[test]
    fn ascii_words_fold_as_fold_does() {
        // The ASCII shortcut must give what `fold` gives, for every kind and affix.
        let words = [
            "Python's",
            "IT'S",
            "abc's",
            "x's",
            "42",
            "007",
            "Mixed_Case",
            "A",
            "1a",
        ];
        for word in words {
            for kind in [TokenKind::Word, TokenKind::Code] {
                for (prefix, suffix) in [("", ""), ("*", ""), ("**", "()"), ("", "()")] {
                    let fast = ascii_word_text(prefix, word, kind, suffix);
                    let slow = folded_word_text(prefix, word, kind, suffix);
                    assert_eq!(fast, slow, "{prefix}{word}{suffix} as {kind:?}");
                }
            }
        }
    }

    proptest::proptest! {
        /// Every byte value, and runs of letters longer than eight, around the edges of
        /// the eight-byte steps.
        #[test]
        fn ascii_letters_are_counted_as_a_byte_at_a_time_would(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::num::u8::ANY,
                    b'a'..=b'z',
                    b'A'..=b'Z',
                    proptest::sample::select(vec![b'@', b'[', b'`', b'{', 0x60 | 0x80, 0xc3]),
                ],
                0..40,
            )
        ) {
            let expected = bytes
                .iter()
                .position(|b| !b.is_ascii_alphabetic())
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(ascii_letters_len(&bytes), expected);
        }
    }

    #[test]
    fn every_byte_is_a_letter_or_not_as_ascii_says() {
        for b in 0..=255u8 {
            let mut bytes = [b'q'; 16];
            for at in [0, 3, 7, 8, 12, 15] {
                bytes[at] = b;
                let expected = if b.is_ascii_alphabetic() { 16 } else { at };
                assert_eq!(ascii_letters_len(&bytes), expected, "{b:#x} at {at}");
                bytes[at] = b'q';
            }
        }
    }

    #[test]
    fn plain_words_take_a_shortcut_to_the_same_token() {
        let text = "Plain Words, doesn't os.path id(x) x2 snake_case caf\u{e9} End. A-b\nlast. \
                    students' work, it's x.\u{e9}t\u{e9} a.b_c and.\nthe 'quoted' end'";
        let mut shortcuts = 0;
        for (start, c) in text.char_indices().filter(|&(_, c)| is_word_char(c)) {
            let stop = text[start..].find('\n').map_or(text.len(), |k| start + k);
            let mut fast = Scanner::new(text);
            if fast.plain_word_end(start, stop).is_none() {
                continue;
            }
            shortcuts += 1;
            let mut slow = Scanner::new(text);
            let fast_end = fast.scan_word(start, stop, false, "");
            let slow_end = slow.scan_any_word(start, stop, false, "");
            assert_eq!(fast_end, slow_end, "at {start} ({c})");
            let fields = |s: &Scanner| all_fields(&s.out.tokens[0]);
            assert_eq!(fields(&fast), fields(&slow), "at {start} ({c})");
        }
        // Every letter of "Plain", "Words", "End", "A", "b", "last", and the inner ones
        // of the rest, where a word never starts but the shortcut must still agree.
        assert!(shortcuts >= 20, "{shortcuts}");
    }

    #[test]
    fn contractions_are_one_negating_word() {
        let t = texts("it doesn't work");
        assert_eq!(t, ["it", "doesn't", "work"]);
        assert!(is_negator("doesn't"));
        assert!(!is_negator("note"));
    }
}
