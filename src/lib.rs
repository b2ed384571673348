//! pyprep: grade free-text answers to Python interview questions against rubrics of key
//! concepts, offline and deterministically.
//!
//! Data flows one way: [`bank`] (with its [`rubric`]s) -> [`answer`] -> [`tokens`] ->
//! [`grade`] -> [`report`]. Word lists live in [`lexicon`]. The library never
//! prints; the binary decides what reaches the terminal.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answer;
pub mod atomic;
pub mod bank;
pub mod batch;
pub mod check;
pub mod destination;
pub mod diagnostic;
pub mod error_code;
pub mod eval;
pub mod frontmatter;
pub mod grade;
pub mod graded;
pub mod history;
pub mod lexicon;
mod ordered;
pub mod report;
pub mod rubric;
pub mod scaffold;
pub mod session;
pub mod terminal_markdown;
pub mod tokens;
pub mod yaml;
