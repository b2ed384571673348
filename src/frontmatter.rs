//! Splits YAML front matter (`---` ... `---`) from a Markdown body.

/// A document split into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the document has front matter.
    pub yaml: Option<&'a str>,
    /// Line number (1-based) of the first YAML line, for locating YAML errors in the file.
    pub yaml_first_line: usize,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Line number (1-based) of the body's first line in the file.
    pub body_first_line: usize,
}

/// Strips a UTF-8 byte-order mark, which some editors write and nobody means.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r', ' ', '\t']) == "---"
}

/// Splits `text`. Front matter starts on the first line with `---` and ends at the next
/// line holding only `---`; without a closing fence the whole text is body and the error
/// is returned as the line of the opening fence.
pub fn split(text: &str) -> Result<Split<'_>, usize> {
    let text = strip_bom(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(Split {
            yaml: None,
            yaml_first_line: 1,
            body: text,
            body_first_line: 1,
        });
    };
    if !is_fence(first) {
        return Ok(Split {
            yaml: None,
            yaml_first_line: 1,
            body: text,
            body_first_line: 1,
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if is_fence(line) {
            let body_start = offset + line.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(1)
}

/// The 1-based line of a top-level `key:` in a document's front matter, for pointing at it.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    let text = strip_bom(text);
    let mut lines = text.lines().enumerate();
    let (_, first) = lines.next()?;
    if !is_fence(first) {
        return None;
    }
    for (i, line) in lines {
        if is_fence(line) {
            return None;
        }
        let is_key = line
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with(':'));
        if is_key {
            return Some(i + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter() {
        let s = split("---\nquestion: 6\n---\nHello\n").unwrap();
        assert_eq!(s.yaml, Some("question: 6\n"));
        assert_eq!(s.body, "Hello\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn no_front_matter_is_all_body() {
        let s = split("Hello\n---\n").unwrap();
        assert_eq!(s.yaml, None);
        assert_eq!(s.body, "Hello\n---\n");
    }

    #[test]
    fn handles_bom_and_crlf() {
        let s = split("\u{feff}---\r\nquestion: 6\r\n---\r\nHi\r\n").unwrap();
        assert_eq!(s.yaml, Some("question: 6\r\n"));
        assert_eq!(s.body, "Hi\r\n");
    }

    #[test]
    fn finds_key_lines_inside_front_matter_only() {
        let text = "---\nid: x\ntitle: T\n---\ntitle: not this\n";
        assert_eq!(key_line(text, "title"), Some(3));
        assert_eq!(key_line(text, "number"), None);
        assert_eq!(key_line("title: T\n", "title"), None);
    }

    #[test]
    fn unclosed_is_an_error() {
        assert_eq!(split("---\nquestion: 6\nHello\n"), Err(1));
    }
}
