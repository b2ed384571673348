//! The candidate's side: sessions at the terminal (`ask`, `practice`, `mock`), and views of
//! the history (`history`, `stats`). Terminal input, the clock and randomness sit behind
//! [`prompt::Prompter`], [`clock::Clock`] and a seed, so every session can be replayed exactly.

pub mod clock;
pub mod editor;
pub mod json;
pub mod order;
pub mod progress;
pub mod prompt;
pub mod rng;
pub mod run;
pub mod view;

pub use clock::{Clock, SteppingClock, SystemClock};
pub use prompt::{Input, Prompter, ScriptedPrompter, TerminalPrompter, Transcript};
pub use run::{MockPlan, Mode, Options, Outcome, Recorder, Session, Stop};
