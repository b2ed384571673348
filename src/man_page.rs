//! Man pages from the clap definition, with the examples of `--help` kept as written.
//!
//! clap_mangen puts a command's `after_help` in an EXTRA section as filled text, which
//! joins and reflows the example lines and loses their alignment. Here that text becomes a
//! NOTES section (the prose) and an EXAMPLES section set without filling, in the place
//! man(7) gives it: before VERSION.

use std::io::Write;

/// The page of `cmd` (built, so its name is `pyprep-SUBCOMMAND` and it holds the global
/// options).
pub fn render(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let after = cmd.get_after_help().map(|s| s.to_string());
    let page = cmd
        .clone()
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let mut roff = Vec::new();
    clap_mangen::Man::new(page)
        .source(concat!("pyprep ", env!("CARGO_PKG_VERSION")))
        .render(&mut roff)?;
    let roff = String::from_utf8_lossy(&roff);
    let extra = after.map(|a| sections(&a)).unwrap_or_default();
    match roff.find("\n.SH VERSION") {
        Some(at) => {
            out.write_all(roff[..=at].as_bytes())?;
            out.write_all(extra.as_bytes())?;
            out.write_all(roff[at + 1..].as_bytes())
        }
        None => {
            out.write_all(roff.as_bytes())?;
            out.write_all(extra.as_bytes())
        }
    }
}

/// NOTES from the prose paragraphs of `after_help`, EXAMPLES from its `Examples:` block.
fn sections(after_help: &str) -> String {
    let mut notes = String::new();
    let mut examples = String::new();
    for paragraph in after_help.split("\n\n") {
        let paragraph = paragraph.trim_matches('\n');
        if let Some(rest) = paragraph.strip_prefix("Examples:") {
            for line in rest.lines().filter(|l| !l.trim().is_empty()) {
                examples.push_str(&escape(line.strip_prefix("  ").unwrap_or(line)));
                examples.push('\n');
            }
        } else if !paragraph.is_empty() {
            notes.push_str(".PP\n");
            for line in paragraph.lines() {
                notes.push_str(&escape(line.trim()));
                notes.push('\n');
            }
        }
    }
    let mut out = String::new();
    if !notes.is_empty() {
        out.push_str(".SH NOTES\n");
        out.push_str(&notes);
    }
    if !examples.is_empty() {
        out.push_str(".SH EXAMPLES\n.nf\n");
        out.push_str(&examples);
        out.push_str(".fi\n");
    }
    out
}

/// A line of text as roff reads it literally: backslashes, hyphens and quotes escaped, and
/// a leading `.` or `'` kept from being read as a request.
fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    if line.starts_with(['.', '\'']) {
        out.push_str("\\&");
    }
    for ch in line.chars() {
        match ch {
            '\\' => out.push_str("\\e"),
            '-' => out.push_str("\\-"),
            '\'' => out.push_str("\\*(Aq"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_set_without_filling() {
        let s = sections(
            "Some prose\nover two lines.\n\nExamples:\n  pyprep list     the bank\n  pyprep show 'x'\n",
        );
        assert_eq!(
            s,
            ".SH NOTES\n.PP\nSome prose\nover two lines.\n.SH EXAMPLES\n.nf\n\
             pyprep list     the bank\npyprep show \\*(Aqx\\*(Aq\n.fi\n"
        );
        assert_eq!(escape(".x a\\b"), "\\&.x a\\eb");
    }
}
