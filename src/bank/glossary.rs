//! The bank-wide glossary of synonyms and abbreviations (`rubrics/glossary.yaml`).

use serde::Deserialize;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::rubric::Glossary;
use crate::yaml;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
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
    let groups = raw
        .synonyms
        .into_iter()
        .map(|g| {
            g.into_iter()
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
}
