//! What the terminal table and the Markdown report share: the same rows and sentences,
//! drawn by each format's own grid. A format implements the few drawing methods; the rows
//! come from the default methods, so both reports always say the same thing.

use super::model::Gap;
use super::{Report, ResultEntry, Style, Summary};
use crate::grade::{
    AnswerFlag, BRIEF_SHARE, ConceptGrade, Evidence, Level, NAMED_IN_CONTEXT_SHARE,
};

/// A report drawn as grids of cells (the terminal table, Markdown).
pub trait GridReport {
    /// The look asked for (verbosity, quietness, colour).
    fn style(&self) -> &Style;

    /// Draws a grid with a header row. Cells may hold `\n` for a line break.
    fn grid(&self, header: &[&str], rows: Vec<Vec<String>>) -> String;

    /// `PASS` or `FAIL`, as this format shows it.
    fn verdict(&self, pass: bool) -> String;

    /// The first cell of a concept row: covered, missed, or contradicted.
    fn concept_mark(&self, concept: &ConceptGrade) -> String;

    /// The summary grid: one row per answer.
    fn summary_grid(&self, report: &Report) -> String {
        let rows = report
            .results
            .iter()
            .map(|r| {
                vec![
                    printable(&r.file).into_owned(),
                    format!("{} {}", r.question.number, r.question.id),
                    format!("{:.1}", r.score),
                    self.verdict(r.pass),
                    gap_text(r),
                ]
            })
            .collect();
        self.grid(
            &["file", "question", "score", "verdict", "biggest gap"],
            rows,
        )
    }

    /// The concept grid of one answer: what was covered, with evidence, and what was missed,
    /// with its hint and any match that did not count.
    fn concept_grid(&self, r: &ResultEntry) -> String {
        let rows = r
            .concepts
            .iter()
            .map(|c| {
                vec![
                    self.concept_mark(c),
                    concept_label(c),
                    format!("{}", c.weight),
                    concept_detail(c, self.style().verbose),
                ]
            })
            .collect();
        self.grid(&["", "concept", "weight", "evidence / hint"], rows)
    }
}

/// The summary cell of what cost an answer most: a missed concept's label, or the
/// misconception that took more off the score than any missed concept.
pub fn gap_text(r: &ResultEntry) -> String {
    match r.costliest_gap() {
        Some(Gap::Concept(c)) => printable(&c.label).into_owned(),
        Some(Gap::Misconception(m)) => format!("misconception: {}", printable(&m.label)),
        None => "-".to_string(),
    }
}

/// `"modified in place" (3:14)`, on one line whatever the answer's line breaks.
pub fn quote(e: &Evidence) -> String {
    let text: String = e.text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = balance_backticks(&text);
    format!("\"{}\" ({}:{})", printable(&text), e.line, e.column)
}

/// Evidence cut from an answer may start or end inside inline code, leaving one backtick
/// without its pair ("`__init__` is" quoted from its second character on). The missing
/// backtick is put back where the cut was: before the text when the lone one closes a
/// span (it follows a word), after it when it opens one.
fn balance_backticks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.matches('`').count() % 2 == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    let first = text.find('`').unwrap_or(0);
    let closes = text[..first]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace() && !"([{".contains(c));
    if closes {
        std::borrow::Cow::Owned(format!("`{text}"))
    } else {
        std::borrow::Cow::Owned(format!("{text}`"))
    }
}

/// Text from answers and file names with control characters shown as symbols (ESC as ␛),
/// so an answer cannot move the cursor, recolour or clear the reader's terminal, and
/// `--color never` output holds no escape codes whatever the answers hold.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            // C0 controls have pictures at U+2400 + code; DEL has U+2421.
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// The label, marked when the concept is required.
pub fn concept_label(c: &ConceptGrade) -> String {
    let label = printable(&c.label);
    if c.required {
        format!("{label} (required)")
    } else {
        label.into_owned()
    }
}

/// Evidence for a covered concept; for a missed one, the hint and the matches that did not
/// count. Two items unless `verbose`, which shows every one.
pub fn concept_detail(c: &ConceptGrade, verbose: bool) -> String {
    let n = if verbose { usize::MAX } else { 2 };
    if c.covered {
        let evidence = c.evidence.iter().take(n).map(quote).collect::<Vec<_>>();
        // Stated in one word, or in bare single words: what would lift it is saying more
        // of it. In prose that ties few of its ideas, a bare word earns half: say so, or
        // the score looks wrong.
        let loose = c.level == Level::Brief && c.earned < c.weight * BRIEF_SHARE;
        let brief = match (c.level, c.evidence.as_slice()) {
            _ if loose => {
                "in single words only, in prose that ties few of its ideas (half credit): \
                 say what it does. "
            }
            // A note's item labelled with its subject ("`==` -> compares values").
            (Level::Brief, [e]) if e.text.contains(char::is_whitespace) => {
                "in a note only: say what it does in a sentence. "
            }
            (Level::Brief, [] | [_]) => "in one word only: say what it does. ",
            (Level::Brief, _) => "in single words only: say what it does. ",
            _ => "",
        };
        return format!("{brief}{}", evidence.join(", "));
    }
    let mut d = String::new();
    if c.level == Level::Named {
        // Named, not stated: what would lift it is saying what it does. Beside what the
        // answer explains, a name earns half its weight; say so, or the score looks wrong.
        d.push_str(
            if c.earned >= c.weight * NAMED_IN_CONTEXT_SHARE && c.weight > 0.0 {
                "named only (half credit beside what the answer explains): say what it does. "
            } else {
                "named only: say what it does. "
            },
        );
    }
    d.push_str(&printable(&c.hint));
    for u in c.uncounted.iter().take(n) {
        d.push_str(&format!(
            "\n{}: {}",
            u.reason.describe(),
            quote(&u.evidence)
        ));
    }
    if !c.own_words.is_empty() {
        let words = c.own_words.iter().take(n).map(quote).collect::<Vec<_>>();
        d.push_str(&format!(
            "\nits words, but none of its terms: {}",
            words.join(", ")
        ));
    }
    d
}

/// What an answer-wide flag means for the reader.
pub fn flag_text(flag: AnswerFlag) -> &'static str {
    match flag {
        AnswerFlag::Empty => "the answer is empty",
        AnswerFlag::TermList => {
            "some rubric terms stand only in lists of terms; explain them in sentences to earn them"
        }
        AnswerFlag::Contradiction => {
            "a concept is stated as its opposite (negated), which earns nothing"
        }
        AnswerFlag::Unconfirmed => {
            "passes without a required concept's terms: the answer uses its words and scores well over the mark"
        }
    }
}

/// Ids of the required concepts an answer missed, without which it cannot pass.
pub fn missing_required(r: &ResultEntry) -> Vec<&str> {
    r.concepts
        .iter()
        .filter(|c| c.blocks_pass())
        .map(|c| &*c.id)
        .collect()
}

/// `3 graded, 2 passed, 1 failed, 0 errors, mean score 64.2[, 1 below --min-score 60]`.
pub fn summary_line(sum: &Summary) -> String {
    let mean = sum
        .mean_score
        .map_or_else(|| "-".into(), |m| format!("{m:.1}"));
    let mut line = format!(
        "{} graded, {} passed, {} failed, {} errors, mean score {mean}",
        sum.graded, sum.passed, sum.failed, sum.errors
    );
    if let (Some(min), Some(below)) = (sum.min_score, sum.below_min_score) {
        line.push_str(&format!(", {below} below --min-score {min}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::{balance_backticks, printable};

    #[test]
    fn a_quote_cut_through_inline_code_gets_its_backtick_back() {
        assert_eq!(
            balance_backticks("__init__` is the one that creates"),
            "`__init__` is the one that creates"
        );
        assert_eq!(
            balance_backticks("ones before the `/"),
            "ones before the `/`"
        );
        assert_eq!(balance_backticks("`a` and `b`"), "`a` and `b`");
        assert_eq!(balance_backticks("plain"), "plain");
        assert_eq!(
            balance_backticks("0 or \"x\"` gives True"),
            "`0 or \"x\"` gives True"
        );
    }

    #[test]
    fn control_characters_become_visible() {
        assert_eq!(printable("plain text\n"), "plain text\n");
        assert_eq!(printable("\u{1b}[31mred\u{7}"), "\u{241b}[31mred\u{2407}");
        assert_eq!(printable("a\u{9b}b\u{7f}"), "a\u{fffd}b\u{2421}");
    }
}
