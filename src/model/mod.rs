//! The authoring model: what modules, quizzes, content files and courses contain.
//!
//! These are plain data types. They derive `Deserialize` (the loader fills them from YAML) and
//! `JsonSchema` (the `schema/` files are generated from them, so editor completion can never drift
//! from what leskit accepts). Every value an error message may point at is wrapped in
//! [`Spanned`], which remembers where it stood in its file. Nothing here does I/O or knows the YAML
//! crate: the loader (`crate::load`) is the only place that does.

mod content;
mod course;
mod module;
mod project;
mod quiz;
mod span;

pub use content::{Contact, Contacts, Signal, Signals, Source, Sources};
pub use course::{Course, CourseRules, Prerequisite};
pub use module::{Block, Cover, Image, Module, OpenPoint, Page, Review, ReviewStatus};
pub use project::{BuildSettings, Loaded, Project, Settings};
pub use quiz::{
    Case, Choice, Conclusion, Ending, Gender, Outcome, Professional, Question, QuestionKind, Quiz,
    Scoring, Step, StepChoice, YoungPerson,
};
pub use span::{Pos, Spanned};

/// Author text in Markdown (CommonMark with tables and strikethrough).
pub type Markdown = Spanned<String>;
