//! pyprep: grade free-text answers to Python interview questions against rubrics of key
//! concepts, offline and deterministically.
//!
//! Data flows one way: [`bank`] -> [`answer`] -> [`grade`] -> [`report`]. The library never
//! prints; the binary decides what reaches the terminal.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod answer;
pub mod bank;
pub mod batch;
pub mod check;
pub mod diagnostic;
pub mod error_code;
pub mod eval;
pub mod frontmatter;
pub mod grade;
pub mod graded;
pub mod history;
mod ordered;
pub mod report;
pub mod scaffold;
pub mod session;
pub mod yaml;
