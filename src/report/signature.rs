//! Recognising pyprep's own reports by how they start, so that a report written into a
//! folder of answers is not graded as an answer the next time the folder is walked.
//!
//! Each signature is the opening every report of its format has, and that no answer
//! plausibly starts with. The table format is for terminals and has none.

/// The first line of a Markdown report.
pub const MARKDOWN_HEADING: &str = "## pyprep grades";

/// Whether `text` starts like a JSON, JUnit or Markdown report written by pyprep.
pub fn is_report(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    markdown(text) || junit(text) || json(text)
}

fn markdown(text: &str) -> bool {
    text.lines().next().map(str::trim_end) == Some(MARKDOWN_HEADING)
}

fn junit(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("<?xml") else {
        return false;
    };
    let head = rest.get(..rest.len().min(512)).unwrap_or(rest);
    let suite = format!("<testsuites name=\"{}\"", super::junit::SUITE_NAME);
    head.contains(&suite)
}

/// `{`, then `"version": N`, then `"results"`, as the report's first keys.
fn json(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('{') else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix("\"version\"") else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let rest = rest
        .trim_start()
        .trim_start_matches(|c: char| c.is_ascii_digit());
    rest.trim_start()
        .strip_prefix(',')
        .is_some_and(|r| r.trim_start().starts_with("\"results\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signed_format_is_recognised_and_answers_are_not() {
        assert!(is_report("## pyprep grades\n\n1 graded"));
        assert!(is_report(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pyprep grade\" tests=\"1\">"
        ));
        assert!(is_report("{\n  \"version\": 1,\n  \"results\": [\n"));
        assert!(is_report("{\"version\":1,\"results\":[]}"));
        for answer in [
            "`==` compares values.",
            "## pyprep grades are fair?\n",
            "{ \"version\": 1 } is a dict literal",
            "<?xml?> is a processing instruction",
            "",
        ] {
            assert!(!is_report(answer), "{answer}");
        }
    }
}
