//! `leskit new`: a commented starting file for a module or a quiz.

use std::path::{Path, PathBuf};

use leskit::diag::display_path;
use leskit::error::Result;
use leskit::exit::OK;
use leskit::output::Style;
use leskit::scaffold::Kind;
use leskit::{errln, status};

use super::{inside, label};
use crate::cli::NewKind;

pub fn run(kind: NewKind, id: &str, project: Option<PathBuf>) -> Result<u8> {
    let kind = match kind {
        NewKind::Module => Kind::Module,
        NewKind::Quiz => Kind::Quiz,
    };
    let found = project.or_else(|| leskit::load::discover(Path::new(".")));
    let in_project = found.is_some();
    let project = found.unwrap_or_else(|| PathBuf::from("."));
    for path in leskit::scaffold::create(kind, id, &project)? {
        status!("{} {}", label(Style::Done, "wrote"), display_path(&path));
    }
    if !in_project {
        errln!(
            "{}: this folder was not a leskit project; `leskit init` writes a whole starting project that checks at once",
            label(Style::Accent, "note")
        );
    }
    if kind == Kind::Module && leskit::scaffold::first_source(&project).is_none() {
        errln!(
            "{}: the module names the source `mijn-bron`, which the project does not declare yet: add it to {} (create the file with these lines if it is missing):\n{}",
            label(Style::Accent, "help"),
            display_path(&inside(&project, "content/sources.yaml")),
            leskit::scaffold::SOURCE_HINT
        );
    }
    Ok(OK)
}
