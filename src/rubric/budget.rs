//! What one rubric and the glossary may hold, so that loading, compiling and grading stay
//! bounded in time and memory whatever a bank holds (docs/hostile-input.md lists them).
//!
//! Grading costs about the answer's length times the rubric's term words and patterns, and
//! a glossary group multiplies every term that uses one of its members. Each budget is five
//! times or more what the built-in bank uses (the test below measures the bank), so no
//! real rubric meets one; a rubric over one is a located `over-budget` error. (Ten times
//! until the bank's rubrics grew past a tenth of the rubric budgets: the rubric budgets
//! bound grading time on hostile banks, so the margin gave way rather than the bounds.)

/// Term texts of one concept or misconception, `subject:` included: a phrase, or each part
/// of an `all:` or `sequence:`. The bank's most: 300.
pub const MAX_TERMS_PER_CONCEPT: usize = 2_000;

/// Term texts of one rubric. The bank's most: 1 154.
pub const MAX_TERMS: usize = 10_000;

/// Words (tokens) of one term text. The bank's most: 15.
pub const MAX_TERM_WORDS: usize = 256;

/// Words of all the term texts of one rubric. The bank's most: about 2 100.
pub const MAX_RUBRIC_TERM_WORDS: usize = 20_000;

/// Patterns of one rubric. The bank's most: 14. A pattern the engine refuses costs as
/// much to find out as one it builds, so the count is capped before anything compiles.
pub const MAX_PATTERNS: usize = 128;

/// Bytes of one pattern as written. The bank's longest: 193.
pub const MAX_PATTERN_LEN: usize = 2_000;

/// Compiled bytes of all the patterns of one rubric, summed as they compile. The bank's
/// most: 1.8 MiB (one case-insensitive `\w` is 57 KiB). Matching adds each pattern's
/// lazy DFA cache, at most `PATTERN_CACHE_CAPACITY` per pattern and grading thread.
pub const MAX_PATTERN_BYTES: usize = 24 << 20;

/// Members of one glossary group. The bank's largest: 3. Every term holding a member is
/// compiled once per other member of its group.
pub const MAX_GROUP: usize = 32;

/// Members of all the glossary's groups: every rubric's compiling reads each. The bank's:
/// 104.
pub const MAX_GLOSSARY_MEMBERS: usize = 10_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Bank;
    use crate::tokens::tokenize;

    fn five_times(used: usize, budget: usize, what: &str) {
        assert!(
            used.saturating_mul(5) <= budget,
            "the bank uses {used} {what}, not a fifth of the budget {budget}"
        );
    }

    /// The built-in bank is far inside every budget. Run with `--nocapture` to see what it
    /// uses.
    #[test]
    fn the_bank_is_far_inside_every_budget() {
        let bank = Bank::built_in();
        let (mut terms, mut per_concept, mut term_words, mut words) = (0, 0, 0, 0);
        let (mut patterns, mut pattern_len, mut pattern_bytes) = (0, 0, 0);
        for q in &bank.questions {
            let Some(rubric) = q.rubric().and_then(|l| l.valid()) else {
                continue;
            };
            let (mut r_terms, mut r_words, mut r_patterns, mut r_bytes) = (0, 0, 0, 0);
            let owners = rubric
                .concepts
                .iter()
                .map(|c| {
                    (
                        c.terms.iter().chain(&c.subject).collect::<Vec<_>>(),
                        &c.patterns,
                    )
                })
                .chain(
                    rubric
                        .misconceptions
                        .iter()
                        .map(|m| (m.terms.iter().collect(), &m.patterns)),
                );
            for (owner_terms, owner_patterns) in owners {
                let texts: Vec<&str> = owner_terms.iter().flat_map(|t| t.spec.texts()).collect();
                per_concept = per_concept.max(texts.len());
                r_terms += texts.len();
                for text in texts {
                    let n = tokenize(text).tokens.len();
                    words = words.max(n);
                    r_words += n;
                }
                for p in owner_patterns {
                    r_patterns += 1;
                    pattern_len = pattern_len.max(p.regex.len());
                    r_bytes += crate::rubric::compile_pattern(&p.regex)
                        .unwrap()
                        .memory_usage();
                }
            }
            terms = terms.max(r_terms);
            term_words = term_words.max(r_words);
            patterns = patterns.max(r_patterns);
            pattern_bytes = pattern_bytes.max(r_bytes);
        }
        let glossary = &bank.glossary;
        let group = glossary.groups.iter().map(Vec::len).max().unwrap_or(0);
        let members: usize = glossary.groups.iter().map(Vec::len).sum();
        // What the bank uses, for whoever sets a budget (`cargo test budget -- --nocapture`).
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "the bank uses: {per_concept} term texts per concept, {terms} per rubric, \
             {words} words per term, {term_words} term words per rubric, {patterns} patterns \
             per rubric, {pattern_len} bytes per pattern, {pattern_bytes} compiled pattern \
             bytes per rubric, {group} members per glossary group, {members} in all"
            );
        }
        five_times(per_concept, MAX_TERMS_PER_CONCEPT, "term texts per concept");
        five_times(terms, MAX_TERMS, "term texts per rubric");
        five_times(words, MAX_TERM_WORDS, "words per term");
        five_times(term_words, MAX_RUBRIC_TERM_WORDS, "term words per rubric");
        five_times(patterns, MAX_PATTERNS, "patterns per rubric");
        five_times(pattern_len, MAX_PATTERN_LEN, "bytes per pattern");
        five_times(pattern_bytes, MAX_PATTERN_BYTES, "compiled pattern bytes");
        five_times(group, MAX_GROUP, "members per glossary group");
        five_times(members, MAX_GLOSSARY_MEMBERS, "glossary members");
    }
}
