//! Every word list the grader reads, in one place: function words, negators, the verbs and
//! idioms that bound a negation's reach, the words that frame a claim as not held, the words
//! of labels and titles that name a contrast's sides, foils and turns of a comparison,
//! opposites, names of other languages, and common English.
//!
//! The lists are facts about English (and about the programming languages answers mention),
//! not about any rubric: a rubric author never edits them, and changing one moves grades in
//! every question, which the golden snapshot (`tests/golden.rs`) shows answer by answer.

mod common_english;

pub use common_english::is_common_word;

/// Words that glue a real sentence together. A line without any of them is a list of
/// terms, not an explanation.
pub fn is_function_word(word: &str) -> bool {
    // Articles, copulas, auxiliaries, pronouns, prepositions and conjunctions: the glue of
    // English. Content words ("use", "same", "once") are left out on purpose: a list of
    // terms can hold those too. Asked about every word of every sentence, several times:
    // a `match` compares lengths and bytes, where a set hashed every word first.
    matches!(
        word,
        "a" | "an"
            | "the"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "it"
            | "its"
            | "it's"
            | "this"
            | "that"
            | "these"
            | "those"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "with"
            | "from"
            | "as"
            | "and"
            | "or"
            | "but"
            | "so"
            | "if"
            | "then"
            | "than"
            | "because"
            | "when"
            | "while"
            | "which"
            | "who"
            | "what"
            | "where"
            | "how"
            | "can"
            | "could"
            | "will"
            | "would"
            | "should"
            | "may"
            | "might"
            | "must"
            | "do"
            | "does"
            | "did"
            | "has"
            | "have"
            | "had"
            | "you"
            | "we"
            | "they"
            | "i"
            | "he"
            | "she"
            | "them"
            | "their"
            | "your"
            | "my"
            | "our"
            | "not"
            | "no"
            | "into"
            | "there"
            | "here"
            | "doesn't"
            | "don't"
            | "isn't"
            | "aren't"
            | "can't"
            | "won't"
            | "you're"
            | "they're"
            | "i'm"
            | "whereas"
            | "until"
            | "about"
            | "also"
            | "just"
            | "whether"
    )
}

/// Words that turn a statement into its opposite.
pub fn is_negator(word: &str) -> bool {
    matches!(
        word,
        // "none" is left out: in these answers it is nearly always Python's `None`.
        "not"
            | "no"
            | "never"
            | "cannot"
            | "neither"
            | "nor"
            | "nothing"
            | "nobody"
            // "you rarely need to call gc.collect()" says you need not.
            | "rarely"
            | "seldom"
            | "hardly"
    ) || word.ends_with("n't")
}

/// Verbs that take the negation for themselves: in "you do not *know* how many arguments"
/// or "you don't *need* a lock" the negation stops at the verb and leaves what follows
/// affirmative; in "`is` does not *check* identity" it reaches the object.
pub fn stops_negation(word: &str) -> bool {
    matches!(
        word,
        "know"
            | "knows"
            | "knew"
            | "need"
            | "needs"
            | "matter"
            | "matters"
            | "care"
            | "want"
            | "wants"
            | "worry"
            | "mind"
            | "bother"
            | "remember"
            | "forget"
            | "realize"
            | "realise"
            | "say"
            | "says"
            | "mean"
            | "means"
            | "have"
            | "has"
            | "had"
            | "only"
            | "just"
            | "until"
            | "unless"
    )
}

/// A negation word that, with the word after it, is an idiom negating nothing: "no matter
/// how many", "not only", "nothing but its frame". ("no longer" is left out because it
/// does negate.)
pub fn is_negation_idiom(word: &str, next: Option<&str>) -> bool {
    matches!(
        (word, next),
        ("no", Some("matter" | "doubt"))
            | ("not", Some("only" | "just"))
            | ("nothing", Some("but"))
    )
}

/// Words that frame a claim as not held by the writer: reported as someone's belief
/// ("people *think* args is a list"), or set against the truth ("slower *compared to*
/// compiled languages", "the GIL *prevents* true parallelism", "the *pitfall* of ...").
pub fn frames_as_not_held(word: &str) -> bool {
    is_negator(word)
        || matches!(
            word,
            "think"
                | "thinks"
                | "thinking"
                | "thought"
                | "believe"
                | "believes"
                | "believing"
                | "assume"
                | "assumes"
                | "assuming"
                | "expect"
                | "expects"
                | "expecting"
                | "formerly"
                | "previously"
                | "historically"
                | "myth"
                | "misconception"
                | "mistakenly"
                | "wrongly"
                | "claim"
                | "claims"
                | "mistake"
                | "misbelief"
                | "suppose"
                | "supposedly"
                | "fallacy"
                | "pitfall"
                | "trap"
                | "unlike"
                | "compared"
                | "versus"
                | "vs"
                | "instead"
                | "rather"
                | "prevent"
                | "prevents"
                | "preventing"
                | "prevented"
                | "avoid"
                | "avoids"
                | "avoiding"
                | "limit"
                | "limits"
                | "limited"
                | "limiting"
                | "incorrect"
                | "wrong"
                | "contrary"
                | "than"
        )
}

// Words of labels and titles, read to find the sides a contrast question names.

/// Words that may open a label before its subject ("*A* generator is lazy").
const LABEL_OPENERS: &[&str] = &["a", "an", "the", "each", "every"];

/// Words that may stand between a subject and its verb ("JSON *only* handles").
const BEFORE_A_VERB: &[&str] = &[
    "only",
    "also",
    "always",
    "never",
    "just",
    "still",
    "usually",
    "typically",
    "often",
    "even",
    "already",
    "itself",
    "themselves",
    "instead",
    "then",
];

/// Verbs that follow a subject in a label, in forms that a rule on endings would miss:
/// auxiliaries, and base forms after a plural subject ("Threads *share* memory").
const LABEL_VERBS: &[&str] = &[
    "is", "are", "was", "were", "be", "can", "cannot", "can't", "could", "will", "won't", "would",
    "may", "might", "must", "should", "has", "have", "had", "does", "do", "did", "doesn't",
    "don't", "need", "keep", "get", "let", "run", "hold", "use", "make", "take", "give", "return",
    "share", "store", "create", "copy", "compare", "check", "call", "support", "allow", "work",
    "produce", "compute", "contain", "build", "write", "read", "raise", "stay", "live", "own",
    "start", "stop", "wrap", "load", "save", "accept",
];

/// Words of a title that say it sets two things side by side.
const CONTRAST_TITLE_WORDS: &[&str] = &[
    "difference",
    "differences",
    "differ",
    "between",
    "vs",
    "versus",
    "compared",
    "compare",
    "comparison",
    "contrast",
    "than",
    "instead",
    "or",
];

/// A word that may open a concept's label before its subject ("*A* generator is lazy").
pub fn opens_a_label(word: &str) -> bool {
    LABEL_OPENERS.contains(&word)
}

/// A word that may stand between a label's subject and its verb ("JSON *only* handles").
pub fn stands_before_a_verb(word: &str) -> bool {
    BEFORE_A_VERB.contains(&word)
}

/// A verb that follows a subject in a label, in a form a rule on endings would miss.
pub fn is_label_verb(word: &str) -> bool {
    LABEL_VERBS.contains(&word)
}

/// A word of a question's title that sets two things side by side.
pub fn is_contrast_title_word(word: &str) -> bool {
    CONTRAST_TITLE_WORDS.contains(&word)
}

/// A word after which the side named is the foil of a comparison, what the sentence is
/// not about ("faster *than* a list", "tuples, *not* lists").
pub fn names_a_foil(word: &str) -> bool {
    matches!(word, "than" | "unlike" | "vs" | "versus" | "not")
}

/// Whether `word`, after `previous`, likens one thing to another: "the same *as*", "falls
/// *back* to", "*defaults* to", "*delegates* to". What follows is borrowed from the other
/// side, not claimed of this one against it. Not a bare "like": "should look *like* a valid
/// expression" and "constructors *like* `from_string`" liken nothing to the other side.
pub fn draws_a_likeness(previous: Option<&str>, word: &str) -> bool {
    match word {
        "as" => previous == Some("same"),
        "defaults" | "delegates" => true,
        "back" => matches!(previous, Some("falls" | "fall" | "falling" | "fell")),
        _ => false,
    }
}

/// A word that turns to the other half of a sentence: a side named after it is not the
/// one the words before it are said of ("identity, *whereas* `==` ...").
pub fn turns_to_the_other_side(word: &str) -> bool {
    matches!(word, "whereas" | "while" | "but" | "however" | "unlike")
}

/// Pairs of words that say opposite things in answers about Python: one word of a term
/// swapped for the other turns its claim round ("first in, first out" and "last in, first
/// out"; "ordered" and "unordered"). `check` makes sure no term matches its opposite.
const OPPOSITES: &[(&str, &str)] = &[
    ("first", "last"),
    ("before", "after"),
    ("mutable", "immutable"),
    ("hashable", "unhashable"),
    ("ordered", "unordered"),
    ("sorted", "unsorted"),
    ("sync", "async"),
    ("synchronous", "asynchronous"),
    ("shallow", "deep"),
    ("lazy", "eager"),
    ("lazily", "eagerly"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("min", "max"),
    ("minimum", "maximum"),
    ("local", "global"),
    ("positional", "keyword"),
    ("always", "never"),
    ("more", "less"),
    ("faster", "slower"),
    ("fast", "slow"),
    ("inner", "outer"),
    ("input", "output"),
    ("explicit", "implicit"),
    ("explicitly", "implicitly"),
    ("static", "dynamic"),
    ("statically", "dynamically"),
    ("strong", "weak"),
    ("public", "private"),
    ("encode", "decode"),
    ("true", "false"),
    ("start", "end"),
    ("enter", "exit"),
    ("open", "close"),
    ("read", "write"),
    ("upper", "lower"),
    ("safe", "unsafe"),
    ("stable", "unstable"),
    ("bound", "unbound"),
    ("equal", "unequal"),
    ("same", "different"),
    ("ascending", "descending"),
    ("include", "exclude"),
    ("enabled", "disabled"),
    ("finite", "infinite"),
    ("single", "multiple"),
];

/// The word that says the opposite of `word`, if the list of [`OPPOSITES`] has one.
pub fn opposite_of(word: &str) -> Option<&'static str> {
    OPPOSITES.iter().find_map(|&(a, b)| {
        if a == word {
            Some(b)
        } else if b == word {
            Some(a)
        } else {
            None
        }
    })
}

/// Words that turn a phrase round when they stand inside it: the slack a phrase allows
/// between its words never skips one ("in *reverse* order" is not "in order").
pub fn turns_meaning(word: &str) -> bool {
    is_negator(word)
        || matches!(
            word,
            "reverse"
                | "reversed"
                | "inverse"
                | "inverted"
                | "opposite"
                | "last"
                | "first"
                | "least"
                | "most"
                | "less"
                | "more"
                | "without"
                | "except"
                | "non"
                | "un"
                | "anti"
        )
}

/// The second half of "Java-style", "C-like", "Ruby-ish": a style borrowed from a
/// language, not the language the answer is about.
pub fn is_borrowed_style(word: &str) -> bool {
    matches!(
        word,
        "style" | "like" | "ish" | "esque" | "inspired" | "flavoured" | "flavored"
    )
}

/// Names of other programming languages. An answer that leads with one of them, or names
/// them twice, and never names Python, answers the question for that language.
pub fn is_other_language(word: &str) -> bool {
    matches!(
        word,
        "javascript"
            | "js"
            | "typescript"
            | "java"
            | "ruby"
            | "golang"
            | "php"
            | "kotlin"
            | "scala"
            | "perl"
            | "csharp"
            | "c#"
            | "node.js"
            | "nodejs"
            | "ecmascript"
    )
}

/// Words that say an answer is about Python.
pub fn is_python_word(word: &str) -> bool {
    matches!(
        word,
        "python" | "cpython" | "pythonic" | "pypi" | "pip" | "pep" | "pypy" | "python3"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negators_and_their_bounds() {
        assert!(is_negator("doesn't"));
        assert!(is_negator("never"));
        assert!(!is_negator("note"));
        assert!(stops_negation("know"));
        assert!(is_negation_idiom("no", Some("matter")));
        assert!(!is_negation_idiom("no", Some("longer")));
    }

    #[test]
    fn framing_and_languages() {
        assert!(frames_as_not_held("think"));
        assert!(frames_as_not_held("not"));
        assert!(!frames_as_not_held("says"));
        assert!(is_other_language("javascript"));
        assert!(turns_meaning("reverse") && turns_meaning("last") && !turns_meaning("the"));
        assert!(is_python_word("cpython"));
        assert!(is_function_word("the"));
        assert!(!is_function_word("same"));
    }
}
