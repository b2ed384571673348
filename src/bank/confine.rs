//! A bank's files resolve inside the bank.
//!
//! A link inside a bank may point at another file of the bank; one that leads out of it
//! (to `/proc/self/environ`, to a file of another project) is refused by name, so that no
//! diagnostic quotes a file that is not the bank's and `--bless` never writes outside it.

use std::path::{Path, PathBuf};

/// The bank's folder as the system resolves it.
#[derive(Debug, Clone)]
pub struct Confine {
    root: PathBuf,
}

impl Confine {
    pub fn new(root: &Path) -> std::io::Result<Confine> {
        Ok(Confine {
            root: std::fs::canonicalize(root)?,
        })
    }

    /// Where `path` leads when that is outside the bank; `None` inside it, or when it
    /// leads nowhere (reading it then fails on its own terms).
    pub fn outside(&self, path: &Path) -> Option<PathBuf> {
        let target = std::fs::canonicalize(path).ok()?;
        (!target.starts_with(&self.root)).then_some(target)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_fine_and_links_out_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let bank = dir.path().join("bank");
        std::fs::create_dir_all(bank.join("content")).unwrap();
        std::fs::write(bank.join("content/a.md"), "a").unwrap();
        std::fs::write(dir.path().join("secret"), "s").unwrap();
        symlink("a.md", bank.join("content/b.md")).unwrap();
        symlink("../../secret", bank.join("content/c.md")).unwrap();
        // A sibling folder whose name starts like the bank's is still outside it.
        std::fs::create_dir(dir.path().join("bank2")).unwrap();
        std::fs::write(dir.path().join("bank2/x"), "x").unwrap();
        symlink("../../bank2/x", bank.join("content/d.md")).unwrap();

        let confine = Confine::new(&bank).unwrap();
        assert_eq!(confine.outside(&bank.join("content/a.md")), None);
        assert_eq!(confine.outside(&bank.join("content/b.md")), None);
        let secret = std::fs::canonicalize(dir.path().join("secret")).unwrap();
        assert_eq!(confine.outside(&bank.join("content/c.md")), Some(secret));
        assert!(confine.outside(&bank.join("content/d.md")).is_some());
    }
}
