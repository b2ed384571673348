//! The stable codes of files `grade` could not grade: each entry of a report's `errors`
//! carries one beside its message, so a program can tell a missing file from a broken
//! rubric without reading English. Documented in docs/reports.md ("Error codes").

use serde::Serialize;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal; )*) => {
        /// Why a file was not graded.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ErrorCode { $( $(#[$doc])* $variant, )* }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The kebab-case code a report carries.
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $code,)* }
            }
        }
    };
}

error_codes! {
    /// The path does not exist.
    NotFound = "not-found";
    /// The file or a folder on its way cannot be read by this user.
    PermissionDenied = "permission-denied";
    /// Any other failure to read.
    Unreadable = "unreadable";
    /// A path that turned into a folder between the walk and the read.
    IsAFolder = "is-a-folder";
    /// A FIFO, socket or device: never opened for reading, which could wait forever.
    NotARegularFile = "not-a-regular-file";
    /// A symbolic link to a folder met in a walk: not followed, so links cannot loop.
    LinkedFolder = "linked-folder";
    /// A symbolic link to nothing.
    DanglingLink = "dangling-link";
    /// A symbolic link that cannot be followed (it loops, or a step is unreadable).
    UnfollowableLink = "unfollowable-link";
    /// Over `--max-answer-bytes`.
    TooLarge = "too-large";
    /// Holds NUL bytes: not text.
    Binary = "binary";
    /// Front matter not closed, or not valid YAML.
    FrontMatter = "front-matter";
    /// Nothing to grade after the front matter.
    EmptyAnswer = "empty-answer";
    /// Names a question the bank does not have.
    UnknownQuestion = "unknown-question";
    /// Says in no way which question it answers.
    NoQuestion = "no-question";
    /// The question's rubric has errors that stop it from grading.
    UnusableRubric = "unusable-rubric";
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that says which [`ErrorCode`] it is.
pub trait Coded: std::fmt::Display {
    fn code(&self) -> ErrorCode;
}

/// The code of an I/O error met reading a path.
pub fn io_code(e: &std::io::Error) -> ErrorCode {
    match e.kind() {
        std::io::ErrorKind::NotFound => ErrorCode::NotFound,
        std::io::ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
        _ => ErrorCode::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::BTreeSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            let kebab = s.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            assert!(kebab && !s.starts_with('-') && !s.ends_with('-'), "{s}");
            assert_eq!(serde_json::to_string(code).unwrap(), format!("\"{s}\""));
        }
    }

    /// Every code has a row in the table of docs/reports.md, and every row is a code, so
    /// whoever meets one in a report can look it up.
    #[test]
    fn codes_are_documented() {
        let doc = include_str!("../docs/reports.md");
        let start = doc
            .find("\n### Error codes\n")
            .expect("docs/reports.md has a section `### Error codes`");
        let rest = &doc[start + 1..];
        let section = &rest[..rest[1..].find("\n#").map_or(rest.len(), |at| at + 1)];
        let documented: Vec<&str> = section
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .filter_map(|l| l.split('`').next())
            .collect();
        for code in ErrorCode::ALL {
            assert!(
                documented.contains(&code.as_str()),
                "docs/reports.md has no row for `{code}`"
            );
        }
        for code in &documented {
            assert!(
                ErrorCode::ALL.iter().any(|c| c.as_str() == *code),
                "docs/reports.md documents `{code}`, which is no code"
            );
        }
    }
}
