//! leskit turns training modules written in YAML into e-learning packages for any LMS.
//!
//! The path through the library is one-way: [`load`] reads a project folder into the [`model`],
//! [`validate`] finds every problem, [`render`] turns a module into pages in memory, and
//! [`package`] wraps them with a manifest into a reproducible zip. Validation and rendering read
//! author text (Markdown, links, page anchors, a module's files) through [`text`], so they agree
//! on what it says and neither needs the other. The binary (`src/main.rs`, with a file per command
//! in `src/cmd/`) only parses arguments, calls these stages and prints what they report.

// The library never prints: a command shows what it has to say through `output` (src/output.rs),
// which the binary's command layer drives.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod build;
pub mod check;
pub mod describe;
pub mod diag;
pub mod diff;
pub mod error;
pub mod exit;
pub mod explain;
pub mod fs;
pub mod inspect;
pub mod limits;
pub mod load;
pub mod model;
pub mod output;
pub mod package;
pub mod policy;
pub mod preview;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod select;
pub mod text;
pub mod validate;
