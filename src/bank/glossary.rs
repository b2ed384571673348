//! The bank-wide glossary of synonyms and abbreviations (`rubrics/glossary.yaml`).

use serde::Deserialize;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::rubric::Glossary;
use crate::rubric::budget::{MAX_GLOSSARY_MEMBERS, MAX_GROUP};
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    synonyms: Vec<yaml::Spanned<Vec<String>>>,
}

/// Parses a glossary file.
pub fn parse(path: &Path, text: &str) -> Result<Glossary, Box<Diagnostic>> {
    let raw: RawGlossary = yaml::from_str(text).map_err(|e| {
        let code = if e.message.starts_with("unknown field") {
            Code::UnknownKey
        } else {
            Code::YamlSyntax
        };
        Box::new(
            Diagnostic::new(code, path, e.message.clone())
                .at_opt(e.line, e.column)
                .help(
                    "the glossary holds `synonyms:`, a list of lists of words that mean the same",
                ),
        )
    })?;
    within_budget(path, &raw.synonyms)?;
    let groups = raw
        .synonyms
        .into_iter()
        .map(|g| {
            g.value
                .into_iter()
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        })
        .filter(|g| g.len() > 1)
        .collect();
    Ok(Glossary {
        groups,
        known_words: Default::default(),
    })
}

/// The glossary's budgets: a term holding a member is compiled once per other member of
/// its group (one group of 95 000 words made grading one answer take 24 s and 3.3 GB),
/// and every rubric's compiling reads every member.
fn within_budget(
    path: &Path,
    groups: &[yaml::Spanned<Vec<String>>],
) -> Result<(), Box<Diagnostic>> {
    let over = |g: &yaml::Spanned<Vec<String>>, message: String| {
        let (line, column) = yaml::position(g);
        Box::new(
            Diagnostic::new(Code::OverBudget, path, message)
                .at(line, column)
                .help("a group holds the few words that mean the same; split it into groups of true synonyms"),
        )
    };
    let mut members = 0usize;
    for g in groups {
        if g.value.len() > MAX_GROUP {
            return Err(over(
                g,
                format!(
                    "a synonym group of {} words, over the {MAX_GROUP} a group may have",
                    g.value.len()
                ),
            ));
        }
        members = members.saturating_add(g.value.len());
        if members > MAX_GLOSSARY_MEMBERS {
            return Err(over(
                g,
                format!("with this group the glossary has more than {MAX_GLOSSARY_MEMBERS} words"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_groups() {
        let g = parse(
            Path::new("g.yaml"),
            "synonyms:\n  - [dict, dictionary]\n  - [lonely]\n",
        )
        .unwrap();
        assert_eq!(
            g.groups,
            vec![vec!["dict".to_string(), "dictionary".to_string()]]
        );
    }

    #[test]
    fn a_group_over_the_budget_is_located() {
        let words = vec!["w"; MAX_GROUP + 1].join(", ");
        let text = format!("synonyms:\n  - [dict, dictionary]\n  - [{words}]\n");
        let d = parse(Path::new("g.yaml"), &text).unwrap_err();
        assert_eq!(d.code, "over-budget");
        assert_eq!((d.line, d.column), (Some(3), Some(5)));
        let within = format!("synonyms:\n  - [{}]\n", vec!["w"; MAX_GROUP].join(", "));
        assert!(parse(Path::new("g.yaml"), &within).is_ok());
    }
}
