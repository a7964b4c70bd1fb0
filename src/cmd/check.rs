//! `leskit check`: every problem in the projects named, and a line per project that has none.

use std::path::PathBuf;

use leskit::check::{check_project, today};
use leskit::diag::{Severity, display_path};
use leskit::exit::OK;
use leskit::output::Style;
use leskit::select::Selection;
use leskit::{status, verbose};

use super::{label, plural, report};
use crate::cli::MessageFormat;

pub fn run(paths: &[PathBuf], format: MessageFormat) -> leskit::error::Result<u8> {
    let mut worst = OK;
    for selection in Selection::from_paths(paths)? {
        let root = &selection.root;
        verbose!("project: {}", display_path(root));
        let mut checked = check_project(root, today())?;
        // What `build` would build.
        match leskit::build::configured_targets(&checked.project) {
            Ok(targets) => leskit::check::check_targets(&mut checked, &targets),
            Err(wrong) => checked.diagnostics.push(*wrong),
        }
        worst = worst.max(report(&checked, format));
        if format == MessageFormat::Human && checked.diagnostics.count(Severity::Error) == 0 {
            let p = &checked.project;
            status!(
                "{} {}: {}, {}, {}{}",
                label(Style::Done, "checked"),
                display_path(root),
                plural(p.modules.len(), "module"),
                plural(p.quizzes.len(), "quiz"),
                plural(p.courses.len(), "course"),
                match checked.diagnostics.count(Severity::Warning) {
                    0 => String::new(),
                    n => format!(" ({})", plural(n, "warning")),
                }
            );
        }
    }
    Ok(worst)
}
