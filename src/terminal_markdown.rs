//! A model answer's Markdown, laid out for a terminal: headings stand out, paragraphs and
//! list items wrap at the terminal's width with hanging indents, code keeps its lines.
//! Without colour the same layout comes with no escape codes, so NO_COLOR users get the
//! structure too. Piped output does not come here: it gets the Markdown as written.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

const BOLD: &str = "\x1b[1m";
const ITALIC: &str = "\x1b[3m";
const UNDERLINE: &str = "\x1b[4m";
const CODE: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

/// Narrowest text column: below it, wrapping would leave a word or two per line.
const MIN_WIDTH: usize = 20;

/// `markdown` laid out for a terminal `width` columns wide, styled when `color`.
pub fn render(markdown: &str, width: usize, color: bool) -> String {
    let mut r = Renderer {
        out: String::new(),
        width: width.max(MIN_WIDTH),
        color,
        styles: Vec::new(),
        words: Vec::new(),
        glue: false,
        lists: Vec::new(),
        bullet: None,
        code: None,
        heading: None,
    };
    for event in Parser::new(markdown) {
        r.event(event);
    }
    r.flush();
    let trimmed = r.out.trim_end().len();
    r.out.truncate(trimmed);
    r.out.push('\n');
    r.out
}

/// A word as printed (`text`, with escape codes) and as seen (`width` columns).
struct Word {
    text: String,
    width: usize,
}

struct Renderer {
    out: String,
    width: usize,
    color: bool,
    /// Inline styles in force, innermost last.
    styles: Vec<&'static str>,
    /// The words of the paragraph, heading or item text being read.
    words: Vec<Word>,
    /// The next text continues the last word (no space came between).
    glue: bool,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    /// The marker of a list item whose first line is not printed yet.
    bullet: Option<String>,
    /// The text of the code block being read.
    code: Option<String>,
    heading: Option<HeadingLevel>,
}

impl Renderer {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => match &mut self.code {
                Some(code) => code.push_str(&text),
                None => self.text(&text),
            },
            Event::Code(code) => {
                let shown = if self.color {
                    code.to_string()
                } else {
                    format!("`{code}`")
                };
                self.styles.push(CODE);
                self.text_piece(&shown);
                self.styles.pop();
            }
            Event::SoftBreak => self.glue = false,
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                let rule = "─".repeat(self.width.min(40));
                self.out.push_str(&rule);
                self.out.push_str("\n\n");
            }
            Event::Html(html) | Event::InlineHtml(html) => self.text(&html),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level);
            }
            Tag::Emphasis => self.styles.push(ITALIC),
            Tag::Strong => self.styles.push(BOLD),
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first);
            }
            Tag::Item => {
                self.flush();
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.bullet = Some(marker);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                self.styles.pop();
            }
            TagEnd::Paragraph => self.flush(),
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.out.push('\n');
                }
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let indent = " ".repeat(self.indent() + 4);
                for line in code.trim_end_matches('\n').lines() {
                    self.out.push_str(&indent);
                    self.styled(line, &[CODE]);
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            _ => {}
        }
    }

    /// Columns of indent for the current list nesting.
    fn indent(&self) -> usize {
        self.lists.len().saturating_sub(1) * 2 + if self.lists.is_empty() { 0 } else { 2 }
    }

    fn styled(&mut self, text: &str, styles: &[&str]) {
        if self.color && !styles.is_empty() {
            for s in styles {
                self.out.push_str(s);
            }
            self.out.push_str(text);
            self.out.push_str(RESET);
        } else {
            self.out.push_str(text);
        }
    }

    /// Running text: split at whitespace into words.
    fn text(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let space = rest.find(char::is_whitespace).unwrap_or(rest.len());
            if space > 0 {
                self.text_piece(&rest[..space]);
            }
            rest = &rest[space..];
            let word_start = rest
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(rest.len());
            if word_start > 0 {
                self.glue = false;
            }
            rest = &rest[word_start..];
        }
    }

    /// A piece of a word, in the styles in force; glued to the last word when no space
    /// came between them (`__eq__`, then `,`).
    fn text_piece(&mut self, piece: &str) {
        let mut styles = self.styles.clone();
        if self.heading.is_some() {
            styles.push(BOLD);
            if self.heading == Some(HeadingLevel::H1) || self.heading == Some(HeadingLevel::H2) {
                styles.push(UNDERLINE);
            }
        }
        let mut text = String::new();
        if self.color && !styles.is_empty() {
            styles.iter().for_each(|s| text.push_str(s));
            text.push_str(piece);
            text.push_str(RESET);
        } else {
            text.push_str(piece);
        }
        let width = piece.chars().count();
        match self.words.last_mut() {
            Some(last) if self.glue => {
                last.text.push_str(&text);
                last.width += width;
            }
            _ => self.words.push(Word { text, width }),
        }
        self.glue = true;
    }

    /// Prints the words read so far as wrapped lines, with the list marker if one waits.
    fn flush(&mut self) {
        self.glue = false;
        if self.words.is_empty() {
            return;
        }
        let indent = self.indent();
        let marker = self.bullet.take();
        let first_indent = indent.saturating_sub(marker.as_ref().map_or(0, |m| m.chars().count()));
        let mut line_width = 0;
        let mut first = true;
        let words = std::mem::take(&mut self.words);
        for word in words {
            if line_width > 0 && line_width + 1 + word.width > self.width.saturating_sub(indent) {
                self.out.push('\n');
                line_width = 0;
            }
            if line_width == 0 {
                if first {
                    self.out.push_str(&" ".repeat(first_indent));
                    if let Some(m) = &marker {
                        self.out.push_str(m);
                    }
                    first = false;
                } else {
                    self.out.push_str(&" ".repeat(indent));
                }
            } else {
                self.out.push(' ');
                line_width += 1;
            }
            self.out.push_str(&word.text);
            line_width += word.width;
        }
        self.out.push('\n');
        // Items of a list follow one another; other blocks get a blank line after them.
        if self.lists.is_empty() {
            self.out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_paragraphs_and_code_are_laid_out_without_markup() {
        let md = "## Summary\n\nSome `==` text that\nwraps *nicely*.\n\n```python\nx = 1\n```\n";
        let out = render(md, 20, false);
        assert_eq!(
            out,
            "Summary\n\nSome `==` text that\nwraps nicely.\n\n    x = 1\n"
        );
    }

    #[test]
    fn list_items_hang_under_their_marker() {
        let out = render("- one two three four five six\n- seven\n", 24, false);
        assert_eq!(out, "• one two three four\n  five six\n• seven\n");
        let out = render("1. first\n2. second\n", 40, false);
        assert_eq!(out, "1. first\n2. second\n");
    }

    #[test]
    fn colour_styles_headings_code_and_emphasis() {
        let out = render("# Title\n\n**bold** and `code`\n", 40, true);
        assert!(out.starts_with("\x1b[1m\x1b[4mTitle\x1b[0m\n"), "{out:?}");
        assert!(out.contains("\x1b[1mbold\x1b[0m"), "{out:?}");
        assert!(out.contains("\x1b[36mcode\x1b[0m"), "{out:?}");
    }

    #[test]
    fn punctuation_stays_with_its_word() {
        let out = render("calls `__eq__`, then stops.\n", 80, false);
        assert_eq!(out, "calls `__eq__`, then stops.\n");
    }
}
