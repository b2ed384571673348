//! The evidence kinds' behaviour, through compiled targets on real answer text.

use smallvec::SmallVec;

use super::pattern::{PatternContext, pattern_context};
use super::*;
use crate::grade::compile::RubricCompiler;
use crate::grade::index::AnswerIndex;
use crate::grade::vocabulary::Vocabulary;
use crate::rubric::{Glossary, TermSpec, compile_pattern};

fn target_with(glossary: &Glossary, terms: &[TermSpec]) -> (Vocabulary, Target) {
    let mut b = RubricCompiler::new(glossary);
    let t = b.target(terms, &[]).unwrap();
    (b.finish(), t)
}

impl AnswerIndex<'_> {
    /// The hits of `target` in this answer (tests read better in this order).
    fn hits_of(&self, target: &Target) -> Vec<Hit> {
        target.hits(self)
    }
}

fn phrase(text: &str) -> TermSpec {
    TermSpec::Phrase {
        text: text.into(),
        exact: false,
        slack: None,
    }
}

fn exact(text: &str) -> TermSpec {
    TermSpec::Phrase {
        text: text.into(),
        exact: true,
        slack: None,
    }
}

/// Affirmative hits of `term` in `answer`, quoted.
fn found(term: TermSpec, answer: &str) -> Vec<String> {
    let g = Glossary::default();
    let (v, t) = target_with(&g, &[term]);
    let m = v.index(answer);
    m.hits_of(&t)
        .into_iter()
        .filter(|h| !h.negated)
        .map(|h| {
            h.spans
                .iter()
                .map(|&(s, e)| &answer[s..e])
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect()
}

fn matches(term: &str, answer: &str) -> bool {
    !found(phrase(term), answer).is_empty()
}

#[test]
fn case_and_punctuation() {
    assert!(matches(
        "global interpreter lock",
        "The Global Interpreter-Lock!"
    ));
    assert!(!matches("global interpreter lock", "a global lock"));
}

#[test]
fn hyphen_space_or_joined() {
    assert!(matches("in-place", "it is modified in place"));
    assert!(matches("in place", "it is modified in-place"));
    assert!(matches("in-place", "an inplace update"));
    assert!(!matches("in-place", "a place in memory"));
}

#[test]
fn word_forms_by_stem() {
    assert!(matches("intern", "small strings are interned"));
    assert!(matches("intern", "this is called interning"));
    assert!(!matches("intern", "internal details"));
}

#[test]
fn identifiers_are_not_stemmed() {
    assert!(!matches("__init__", "initialise the object"));
    assert!(matches(
        "functools.wraps",
        "decorate with `functools.wraps`"
    ));
    assert!(!matches(
        "functools.wraps",
        "the functools module wraps things"
    ));
}

#[test]
fn no_typos_on_short_words() {
    assert!(!matches("gil", "the gill of a fish"));
    assert!(
        !found(exact("is"), "put it in a list")
            .iter()
            .any(|s| s == "in")
    );
    assert!(matches("gil", "the GIL"));
}

#[test]
fn one_typo_up_to_seven_letters() {
    assert!(matches("mutable", "lists are mutabel"));
    assert!(!matches("mutable", "lists are mtuabel"));
    assert!(matches("tuple", "a tupel"));
}

#[test]
fn two_typos_beyond_seven() {
    assert!(matches("reference", "a refrense count"));
    assert!(!matches("reference", "a rfrnse count"));
}

#[test]
fn first_letter_must_agree() {
    assert!(!matches("mutable", "strings are immutable"));
    assert!(!matches("immutable", "lists are mutable"));
}

#[test]
fn exact_terms_are_not_fuzzed() {
    assert!(found(exact("mutable"), "lists are mutabel").is_empty());
    assert!(found(exact("intern"), "strings are interned").is_empty());
    assert!(!found(exact("mutable"), "lists are Mutable").is_empty());
}

#[test]
fn phrases_allow_two_words_of_slack() {
    assert!(matches("same object", "the same underlying object"));
    assert!(matches("same object", "the same big shared object"));
    assert!(!matches(
        "same object",
        "the same thing as any other object"
    ));
}

#[test]
fn slack_never_skips_a_word_that_turns_the_phrase_round() {
    assert!(matches("in order", "kept in insertion order"));
    assert!(!matches("in order", "returned in reverse order"));
    assert!(!matches(
        "first in first out",
        "first in last out, first served"
    ));
    assert!(!matches("same object", "the same non object"));
}

#[test]
fn slack_can_be_switched_off() {
    let tight = TermSpec::Phrase {
        text: "pass by reference".into(),
        exact: false,
        slack: Some(0),
    };
    assert!(found(tight.clone(), "python is pass by object reference").is_empty());
    assert_eq!(found(tight, "python is pass by reference").len(), 1);
}

#[test]
fn patterns_stay_in_their_sentence() {
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let t = b.target(&[], &["==.*true".into()]).unwrap();
    let v = b.finish();
    assert!(v.index("a == b. That is true.").hits_of(&t).is_empty());
    assert_eq!(v.index("a == b is true here.").hits_of(&t).len(), 1);
}

#[test]
fn dedup_from_keeps_the_first_of_each_run_after_start() {
    let hit = |start: usize, negated: bool| Hit {
        spans: SmallVec::from_slice(&[(start, start + 1)]),
        tokens: SmallVec::from_slice(&[start]),
        sentence: 0,
        negated,
        ties: false,
    };
    // Before `start` nothing is touched, even a run that continues past it.
    let mut hits = vec![
        hit(1, false),
        hit(1, true),
        hit(1, true),
        hit(2, true),
        hit(2, false),
    ];
    dedup_from(&mut hits, 1, |a, b| a.spans == b.spans);
    let kept: Vec<_> = hits.iter().map(|h| (h.spans[0].0, h.negated)).collect();
    assert_eq!(kept, [(1, false), (1, true), (2, true)]);
}

#[test]
fn anchored_patterns_match_where_a_sentence_starts() {
    // `^` holds at the start of a sentence, not of the whole answer: the search of the
    // whole answer that rules local patterns out must not rule this one out.
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let anchored = b.target(&[], &["^is checks".into()]).unwrap();
    let bounded = b.target(&[], &[r"\bis\b".into()]).unwrap();
    let v = b.finish();
    let m = v.index("Equality is not identity. Is checks identity.");
    assert_eq!(m.hits_of(&anchored).len(), 1);
    assert_eq!(m.hits_of(&bounded).len(), 2);
    assert!(
        v.index("This checks identity.")
            .hits_of(&anchored)
            .is_empty()
    );
}

#[test]
fn patterns_may_begin_with_the_bracket_that_opens_a_sentence() {
    // A sentence starts at its first token, and `{` is none: the pattern's search starts
    // before it, never before the sentence before.
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let comprehension = b.target(&[], &[r"\{\s*\w+:[^{}]+\bfor\b".into()]).unwrap();
    let list_equality = b.target(&[], &[r"^\[1\] == \[1\]".into()]).unwrap();
    let v = b.finish();
    let text = "```python\n{k: len(k) for k in names}\n[1] == [1]\n```";
    let m = v.index(text);
    let quoted = |t: &Target| {
        m.hits_of(t)
            .iter()
            .map(|h| &text[h.spans[0].0..h.spans[0].1])
            .collect::<Vec<_>>()
    };
    assert_eq!(quoted(&comprehension), ["{k: len(k) for"]);
    assert_eq!(quoted(&list_equality), ["[1] == [1]"]);
    // Inline code keeps its backtick out: `^` still holds at its first word.
    let mut b = RubricCompiler::new(&g);
    let global = b.target(&[], &[r"^\s*global\s+\w".into()]).unwrap();
    let v2 = b.finish();
    assert_eq!(
        v2.index("`global total` rebinds it").hits_of(&global).len(),
        1
    );
    // The sentence before keeps its own bracket: "x.{" is not searched twice.
    assert_eq!(
        v.index("a b.{k: v for k in x}")
            .hits_of(&comprehension)
            .len(),
        1
    );
}

#[test]
fn a_table_row_takes_a_part_from_the_header_of_its_column() {
    let g = Glossary::default();
    let all = |parts: [&str; 2]| TermSpec::All {
        parts: parts.iter().map(|p| p.to_string()).collect(),
        exact: false,
    };
    let mut b = RubricCompiler::new(&g);
    let tuple = b.target(&[all(["tuple", "immutable"])], &[]).unwrap();
    let list = b.target(&[all(["list", "immutable"])], &[]).unwrap();
    let v = b.finish();
    let text = "| | list | tuple |\n|---|---|---|\n| change | mutable | immutable |\n";
    let m = v.index(text);
    let hits = m.hits_of(&tuple);
    assert_eq!(hits.len(), 1);
    let quoted: Vec<&str> = hits[0].spans.iter().map(|&(s, e)| &text[s..e]).collect();
    assert_eq!(quoted, ["tuple", "immutable"]);
    assert_eq!(hits[0].sentence, m.tokenized.sentences.len() - 1);
    // The list's column says "mutable": no list is said to be immutable.
    assert!(m.hits_of(&list).is_empty());
}

#[test]
fn patterns_are_told_apart_by_what_they_look_at_outside_the_match() {
    for pattern in [r"id\(\w+\)\s*==\s*id\(", "==.*true"] {
        assert_eq!(pattern_context(pattern), PatternContext::None, "{pattern}");
    }
    for pattern in [r"\bis\b", r"\Bx", r"\<is", r"is\>", r"a\\b"] {
        let context = pattern_context(pattern);
        assert_eq!(context, PatternContext::WordBoundaries, "{pattern}");
    }
    for pattern in ["^is", "done$", r"\Astart", r"end\z", "[^a]b", r"\b^is"] {
        assert_eq!(
            pattern_context(pattern),
            PatternContext::Anchors,
            "{pattern}"
        );
    }
}

#[test]
fn word_boundary_patterns_find_the_same_with_and_without_the_shortcut() {
    // Sentences whose edges touch a word character (no space after the full stop, an
    // accented letter) must not be ruled out by a search of the whole answer.
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let starts = b.target(&[], &[r"\bis\b".into()]).unwrap();
    let inner = b.target(&[], &[r"\Bs checks".into()]).unwrap();
    let v = b.finish();
    let mut edges = Vec::new();
    for text in [
        "Equality is not identity. Is checks identity.",
        "x.Is checks\nThis checks.",
        "caf\u{e9}Is checks identity.",
        "Why is it?Is checks!This checks.",
        "\u{ab}Is checks identity.\u{bb}",
        "No match here at all.",
    ] {
        let m = v.index(text);
        edges.push(m.plain_sentence_edges);
        assert_eq!(m.hits_of(&starts), per_sentence(&m, r"\bis\b"), "{text}");
        assert_eq!(m.hits_of(&inner), per_sentence(&m, r"\Bs checks"), "{text}");
    }
    // Both ways were taken: a guillemet is not known to stand outside every word.
    assert!(edges.contains(&true) && edges.contains(&false), "{edges:?}");
}

/// The hits of `pattern` found by searching every sentence on its own, as if it had
/// anchors (which no search of the whole answer may stand in for).
fn per_sentence(m: &AnswerIndex, pattern: &str) -> Vec<Hit> {
    let forced = PatternEvidence {
        regex: compile_pattern(pattern).unwrap(),
        context: PatternContext::Anchors,
    };
    let mut hits = Vec::new();
    forced.find(m, &mut Scratch::default(), &mut hits);
    hits
}

/// Every pattern's hits through the target (with the whole answer ruling sentences
/// out where it may) and by searching each sentence on its own.
fn pattern_hits_both_ways(patterns: &[&str], text: &str) -> Vec<(Vec<Hit>, Vec<Hit>)> {
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let targets: Vec<Target> = patterns
        .iter()
        .map(|p| b.target(&[], &[p.to_string()]).unwrap())
        .collect();
    let v = b.finish();
    let m = v.index(text);
    targets
        .iter()
        .zip(patterns)
        .map(|(t, p)| (m.hits_of(t), per_sentence(&m, p)))
        .collect()
}

#[test]
fn sentences_after_a_match_that_runs_on_are_still_searched() {
    // The whole answer's first match of `a.*b` starts in the first sentence and runs
    // into the second; the second sentence has a match of its own, and the third one
    // after a sentence without any.
    let text = "An apple here. Then a bob there. Nothing. A cab b.";
    let both_ways = pattern_hits_both_ways(&["a.*b", r"a\w*b"], text);
    for (through_target, per_sentence) in &both_ways {
        assert_eq!(through_target, per_sentence);
    }
    let sentences: Vec<usize> = both_ways[0].0.iter().map(|h| h.sentence).collect();
    assert_eq!(sentences, [1, 3]);
}

proptest::proptest! {
    /// Ruling sentences out by searches of the whole answer finds what searching each
    /// sentence finds, for patterns with and without word boundaries.
    #[test]
    fn sentences_ruled_out_by_the_whole_answer_hold_no_match(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "is", "b", "==", "true", "cab", "x=[]", "(a,)", ".", ". ", "!", "\n",
                "ab", "isa", "é", "_", "id(x)", ",", " ",
            ]),
            0..24,
        ),
    ) {
        let text = words.concat();
        let patterns = [
            "a.*b", "==.*true", r"\bis\b", r"\Ba", r"a\w*b", r"\(\s*\w+\s*,\s*\)",
            r"=\s*\[\s*\]", r"\bid\s*\(\s*\w+\s*\)", "a?",
        ];
        for (through_target, per_sentence) in pattern_hits_both_ways(&patterns, &text) {
            proptest::prop_assert_eq!(through_target, per_sentence, "{:?}", text);
        }
    }
}

#[test]
fn doubled_consonants_and_slack_within_a_clause() {
    assert!(matches("debugging", "how to debug it"));
    assert!(matches("debug", "while debugging"));
    assert!(!matches(
        "extra call",
        "does an extra bit, calls the original"
    ));
    assert!(matches("loop variable", "the loop variable's value"));
}

#[test]
fn phrases_go_on_after_a_bracketed_aside() {
    assert!(matches(
        "wraps a function",
        "a decorator wraps (or decorates) a function"
    ));
    assert!(matches(
        "lock allows one thread",
        "the lock (the global interpreter lock, in full) allows one thread"
    ));
    // An aside longer than the phrase may step over, or a clause that never comes back.
    assert!(!matches(
        "wraps a function",
        "it wraps (a thing the reader will meet again in the next part) a function"
    ));
    assert!(!matches("wraps a function", "it wraps, then a function"));
}

#[test]
fn phrases_do_not_cross_sentences() {
    assert!(!matches(
        "same object",
        "They are the same. Object ids differ."
    ));
    assert!(!matches("same object", "the same\n\nobject"));
}

#[test]
fn tokens_not_substrings() {
    assert!(!matches("cat", "a category of things"));
    assert!(!matches("is", "this list"));
}

#[test]
fn code_tokens_whole() {
    assert!(matches("**kwargs", "def f(**kwargs): pass"));
    assert!(!matches("**kwargs", "def f(*kwargs): pass"));
    assert!(matches("*args", "collects *args into a tuple"));
    assert!(matches("==", "a == b"));
    assert!(!matches("==", "a = b"));
    assert!(matches("id()", "compare id(a) with id(b)"));
    assert!(matches("id", "compare id(a) with id(b)"));
    assert!(!matches("id()", "the id of the object"));
}

#[test]
fn backticked_terms_only_match_code() {
    assert!(matches("`is`", "the `is` operator"));
    assert!(!matches("`is`", "this is an operator"));
}

#[test]
fn negation_before_or_inside_contradicts() {
    let g = Glossary::default();
    let (v, t) = target_with(&g, &[phrase("immutable")]);
    let m = v.index("Tuples are not immutable.");
    assert!(m.hits_of(&t)[0].negated);
    let m = v.index("Tuples aren't really immutable.");
    assert!(m.hits_of(&t)[0].negated);
    let m = v.index("Not lists, but tuples are immutable.");
    assert!(!m.hits_of(&t)[0].negated, "negation in another clause");
    let (v, t) = target_with(&g, &[phrase("frees memory immediately")]);
    let m = v.index("it frees memory, not immediately");
    assert!(m.hits_of(&t).is_empty() || m.hits_of(&t)[0].negated);
}

#[test]
fn negation_scope_stops_at_other_verbs() {
    let g = Glossary::default();
    let (v, t) = target_with(&g, &[phrase("how many arguments")]);
    let m = v.index("use it when you do not know how many arguments arrive");
    assert!(!m.hits_of(&t)[0].negated);
    let m = v.index("it works no matter how many arguments you pass");
    assert!(!m.hits_of(&t)[0].negated);
    let (v, t) = target_with(&g, &[phrase("immutable")]);
    assert!(v.index("tuples are not really immutable").hits_of(&t)[0].negated);
}

#[test]
fn known_words_are_not_typos() {
    let mut g = Glossary::default();
    g.known_words.insert("functions".into());
    let (v, t) = target_with(&g, &[phrase("functools")]);
    assert!(v.index("plain functions").hits_of(&t).is_empty());
    assert_eq!(v.index("import functols").hits_of(&t).len(), 1);
}

#[test]
fn method_calls_match_the_method() {
    assert!(matches("append()", "then my_list.append(4) grows it"));
    assert!(matches("append", "then my_list.append(4) grows it"));
    assert!(!matches("append", "then my_list.extend(4) grows it"));
}

#[test]
fn arrows_separate_items() {
    assert!(!matches("call stack", "call -> stack frame"));
}

#[test]
fn glossary_leaves_code_terms_literal() {
    let g = Glossary {
        groups: vec![vec!["str".into(), "string".into()]],
        ..Glossary::default()
    };
    let (v, t) = target_with(&g, &[phrase("`str`")]);
    assert!(v.index("a string of words").hits_of(&t).is_empty());
    assert_eq!(v.index("the `str` type").hits_of(&t).len(), 1);
}

#[test]
fn common_words_are_not_typos() {
    assert!(!matches("list", "the last one"));
    assert!(!matches("leaks", "the tree leaves"));
    assert!(matches("leaks", "memory lekas"));
}

#[test]
fn run_together_spelling_is_exact() {
    assert!(!matches("import it", "this is important"));
    assert!(matches("import it", "you importit"));
}

#[test]
fn negated_terms_keep_their_meaning() {
    assert!(matches("cannot be changed", "tuples cannot be changed"));
}

#[test]
fn all_groups_need_one_sentence() {
    let all = TermSpec::All {
        parts: vec!["lock".into(), "one thread".into()],
        exact: false,
    };
    assert_eq!(
        found(all.clone(), "a lock so only one thread runs").len(),
        1
    );
    assert!(found(all.clone(), "one thread at a time. A lock.").is_empty());
    assert_eq!(
        found(all, "one thread holds the lock")[0],
        "one thread|lock"
    );
}

#[test]
fn all_groups_with_their_own_negation_mean_it() {
    let all = TermSpec::All {
        parts: vec!["never".into(), "free memory".into()],
        exact: false,
    };
    assert_eq!(found(all, "you never free memory yourself").len(), 1);
}

#[test]
fn glossary_synonyms_both_ways() {
    let g = Glossary {
        groups: vec![vec!["gil".into(), "global interpreter lock".into()]],
        ..Glossary::default()
    };
    let (v, t) = target_with(&g, &[phrase("the gil")]);
    assert_eq!(v.index("the global interpreter lock").hits_of(&t).len(), 1);
    let (v, t) = target_with(&g, &[phrase("global interpreter lock")]);
    assert_eq!(v.index("because of the GIL").hits_of(&t).len(), 1);
}

#[test]
fn patterns_are_case_insensitive_regexes() {
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let t = b.target(&[], &[r"id\(\w+\)\s*==\s*id\(".into()]).unwrap();
    let v = b.finish();
    let text = "Check ID(a) == id(b) for identity.";
    let hits = v.index(text).hits_of(&t);
    assert_eq!(hits.len(), 1);
    assert_eq!(
        &text[hits[0].spans[0].0..hits[0].spans[0].1],
        "ID(a) == id("
    );
    assert!(b_err("("));
}

fn b_err(p: &str) -> bool {
    compile_pattern(p).is_err()
}

fn sequence(parts: &[&str]) -> TermSpec {
    TermSpec::Sequence {
        parts: parts.iter().map(|p| p.to_string()).collect(),
        exact: false,
    }
}

#[test]
fn sequences_keep_their_order_across_items_arrows_and_sentences() {
    let steps = || sequence(&["source", "bytecode", "virtual machine"]);
    assert_eq!(
        found(steps(), "source -> bytecode -> virtual machine\n"),
        ["source|bytecode|virtual machine"]
    );
    assert_eq!(
        found(
            steps(),
            "1. Python reads the source.\n2. It compiles bytecode.\n3. The virtual machine runs it.\n"
        )
        .len(),
        1
    );
    // The reverse order is not the sequence.
    assert!(found(steps(), "virtual machine -> bytecode -> source\n").is_empty());
    // Steps too far apart are not one sequence.
    assert!(found(steps(), "source. a. b. c. d. bytecode. virtual machine.").is_empty());
}

#[test]
fn a_hit_ties_words_as_its_rubric_wrote_them() {
    let ties = |term: TermSpec, answer: &str| -> Vec<bool> {
        let g = Glossary::default();
        let (v, t) = target_with(&g, &[term]);
        v.index(answer).hits_of(&t).iter().map(|h| h.ties).collect()
    };
    let all = |parts: &[&str]| TermSpec::All {
        parts: parts.iter().map(|p| p.to_string()).collect(),
        exact: false,
    };
    // A phrase of two words ties them; one word, or one name with brackets, does not.
    assert_eq!(
        ties(phrase("copies the name"), "It copies the name."),
        [true]
    );
    assert_eq!(ties(phrase("identity"), "It is about identity."), [false]);
    assert_eq!(ties(phrase("help()"), "Then help() shows it."), [false]);
    // Single words of an all-group tie when they stand close, not when they stand apart.
    assert_eq!(
        ties(
            all(&["yield", "teardown"]),
            "Code after yield is the teardown."
        ),
        [true]
    );
    assert_eq!(
        ties(
            all(&["signature", "module"]),
            "The signature of every wrapper then copies the module."
        ),
        [false]
    );
    // A part that is a phrase ties the whole.
    assert_eq!(
        ties(
            all(&["real signature", "module"]),
            "The real signature of every wrapper then copies the module."
        ),
        [true]
    );
    // A pattern gives the shape its words must have.
    let g = Glossary::default();
    let mut b = RubricCompiler::new(&g);
    let t = b.target(&[], &[r"\bcase\s+\[".to_string()]).unwrap();
    let hits = b
        .finish()
        .index("Write case [x, y]: for pairs.")
        .hits_of(&t);
    assert_eq!(hits.iter().map(|h| h.ties).collect::<Vec<_>>(), [true]);
}
