//! The built-in bank, embedded at build time so an installed `pyprep` works anywhere.

use include_dir::{Dir, include_dir};

use super::SourceFile;

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
static RUBRICS: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");

fn files(dir: &'static Dir<'static>, folder: &str) -> Vec<SourceFile> {
    let mut out: Vec<SourceFile> = dir
        .files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?;
            let text = f.contents_utf8()?;
            Some(SourceFile {
                path: std::path::Path::new(folder).join(name),
                text: std::borrow::Cow::Borrowed(text),
            })
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The embedded content files.
pub fn content() -> Vec<SourceFile> {
    files(&CONTENT, "content")
}

/// The embedded rubric files (including the glossary).
pub fn rubrics() -> Vec<SourceFile> {
    files(&RUBRICS, "rubrics")
}
