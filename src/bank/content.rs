//! Content files: a question with its model answer, as Markdown with front matter.

use serde::Deserialize;
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::frontmatter;
use crate::yaml;

/// How hard a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Difficulty {
    Junior,
    #[default]
    Mid,
    Senior,
}

impl Difficulty {
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Junior => "junior",
            Difficulty::Mid => "mid",
            Difficulty::Senior => "senior",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContent {
    id: String,
    number: u32,
    title: String,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    difficulty: Difficulty,
}

/// A parsed content file.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub topics: Vec<String>,
    pub difficulty: Difficulty,
    /// The model answer (Markdown body).
    pub body: String,
    /// Line of the body's first line in the file.
    pub body_first_line: usize,
}

/// Parses a content file; problems are returned as located diagnostics.
pub fn parse(path: &Path, text: &str) -> Result<Content, Box<Diagnostic>> {
    let split = frontmatter::split(text).map_err(|line| {
        Box::new(
            Diagnostic::new(Code::BadFrontMatter, path, "front matter is not closed")
                .at(line, 1)
                .help("end the front matter with a line holding only `---`"),
        )
    })?;
    let Some(yaml_text) = split.yaml else {
        return Err(Box::new(
            Diagnostic::new(Code::BadFrontMatter, path, "the file has no front matter")
                .at(1, 1)
                .help("start the file with `---`, then `id`, `number` and `title`, then `---`"),
        ));
    };
    let raw: RawContent = yaml::from_str(yaml_text).map_err(|e| {
        let code = if e.message.starts_with("unknown field") {
            Code::UnknownKey
        } else if e.message.starts_with("missing field") {
            Code::BadFrontMatter
        } else {
            Code::YamlSyntax
        };
        let help = suggest_key(&e.message).unwrap_or_else(|| {
            "front matter needs `id`, `number` and `title`; `topics` and `difficulty` are optional"
                .to_string()
        });
        // A missing key is reported where the mapping ends, which reads as if that last line
        // were wrong; the front matter as a whole is what lacks it.
        let (line, column) = if code == Code::BadFrontMatter {
            (Some(1), Some(1))
        } else {
            (e.line.map(|l| l + split.yaml_first_line - 1), e.column)
        };
        let mut d = Diagnostic::new(code, path, e.message.clone())
            .at_opt(line, column)
            .help(help);
        if code == Code::BadFrontMatter {
            d = d.label("in this front matter");
        }
        Box::new(d)
    })?;
    Ok(Content {
        id: raw.id,
        number: raw.number,
        title: raw.title.trim().to_string(),
        topics: raw.topics,
        difficulty: raw.difficulty,
        body: split.body.to_string(),
        body_first_line: split.body_first_line,
    })
}

/// "did you mean" help for serde's "unknown field `x`, expected one of a, b" messages.
pub fn suggest_key(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest.split_once("expected")?.1;
    let candidates: Vec<&str> = expected
        .split([',', ' ', '`'])
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "one" && *s != "of" && *s != "or")
        .collect();
    match crate::diagnostic::did_you_mean(field, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None => Some(format!(
            "remove `{field}`; known keys are {}",
            candidates.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_front_matter_and_body() {
        let c = parse(
            Path::new("content/010-eq-vs-is.md"),
            "---\nid: eq-vs-is\nnumber: 10\ntitle: What?\ntopics: [operators]\ndifficulty: junior\n---\n\nBody\n",
        )
        .unwrap();
        assert_eq!(c.id, "eq-vs-is");
        assert_eq!(c.number, 10);
        assert_eq!(c.difficulty, Difficulty::Junior);
        assert_eq!(c.body.trim(), "Body");
        assert_eq!(c.body_first_line, 8);
    }

    #[test]
    fn unknown_keys_suggest_the_right_one() {
        let d = parse(
            Path::new("c.md"),
            "---\nid: x\nnumber: 1\ntitle: T\ntopcs: []\n---\n",
        )
        .unwrap_err();
        assert_eq!(d.kind, Code::UnknownKey);
        assert_eq!(d.line, Some(5));
        assert!(d.help.contains("`topics`"), "{}", d.help);
    }
}
