//! Recognising pyprep's own reports by how they start, so that a report written into a
//! folder of answers is not graded as an answer the next time the folder is walked.
//!
//! Each signature is the opening every report of its format has, and that no answer
//! plausibly starts with. The table format, for terminals, is recognised by its first
//! result's heading (`FILE  Q10 eq-vs-is  72.5/100  PASS`): a table report that opens
//! with an error instead has no signature.

/// The first line of a Markdown report.
pub const MARKDOWN_HEADING: &str = "## pyprep grades";

/// Whether `text` starts like a report written by pyprep.
pub fn is_report(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}').trim_start();
    markdown(text) || junit(text) || json(text) || table(text)
}

/// `FILE  Q<number> <id>  <score>/100  PASS` (or `FAIL`), uncoloured, as a report file is.
fn table(text: &str) -> bool {
    let line = text.lines().next().unwrap_or_default();
    let Some(rest) = line
        .strip_suffix("/100  PASS")
        .or_else(|| line.strip_suffix("/100  FAIL"))
    else {
        return false;
    };
    let Some((head, score)) = rest.rsplit_once("  ") else {
        return false;
    };
    let Some((_, question)) = head.rsplit_once("  Q") else {
        return false;
    };
    let score_like = score.parse::<f64>().is_ok();
    let question_like = question.split_once(' ').is_some_and(|(n, id)| {
        !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !id.is_empty()
    });
    score_like && question_like
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
        assert!(is_report(
            "answers/10 jane.md  Q10 eq-vs-is  72.5/100  PASS\n  What is..."
        ));
        assert!(!is_report("It scored 72.5/100  PASS"));
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
