//! `leskit diff`: what changed between the package in the LMS and its new version, and whether
//! learners half-way keep their progress and the LMS their records.

use std::path::Path;

use leskit::check::{check_project, check_targets, today};
use leskit::diag::{Diagnostic, Diagnostics, display_path, render_human_styled, render_json};
use leskit::diff::{compare, human, read_facts};
use leskit::error::{Error, Result};
use leskit::exit::OK;
use leskit::output::{Stream, Style};
use leskit::package::{FACTS_FILE, PackageFacts, Target};
use leskit::render::Templates;
use leskit::select::Subject;
use leskit::{errln, out, outln};

use super::{label, report};
use crate::cli::MessageFormat;

pub fn run(old: &Path, new: &Path, format: MessageFormat) -> Result<u8> {
    let old_facts = match read_facts(old)? {
        Ok(f) => f,
        Err(found) => return Ok(refuse(found, format)),
    };
    let new_facts = match Subject::from_path(new)? {
        Subject::Zip(zip) => match read_facts(&zip)? {
            Ok(f) => f,
            Err(found) => return Ok(refuse(found, format)),
        },
        Subject::Module { root, id } => match packaged(&root, &old_facts, format, |p, t, tpl| {
            p.modules
                .iter()
                .find(|m| m.value.id.value == id)
                .map(|m| leskit::package::module_package(p, m, t, tpl))
        })? {
            Ok(f) => f,
            Err(code) => return Ok(code),
        },
        Subject::Course { root, id } => match packaged(&root, &old_facts, format, |p, t, tpl| {
            p.courses
                .iter()
                .find(|c| c.value.id.value == id)
                .map(|c| leskit::package::course_package(p, c, t, tpl))
        })? {
            Ok(f) => f,
            Err(code) => return Ok(code),
        },
    };
    let comparison = compare(&old_facts, &new_facts);
    match format {
        MessageFormat::Human => out!("{}", human(&comparison)),
        MessageFormat::Json => outln!(
            "{}",
            serde_json::to_string(&comparison).expect("a comparison serialises")
        ),
    }
    Ok(OK)
}

/// Prints why a zip is refused; the exit code it calls for.
fn refuse(found: Vec<Diagnostic>, format: MessageFormat) -> u8 {
    let mut all = Diagnostics::default();
    all.extend(found);
    for d in all.iter() {
        match format {
            MessageFormat::Human => errln!(
                "{}",
                render_human_styled(d, None, leskit::output::color(Stream::Stderr))
            ),
            MessageFormat::Json => outln!("{}", render_json(d)),
        }
    }
    all.exit_code()
}

/// The facts of a module or course of the project in `root`, packaged in memory for the old
/// package's target after checking the project; with errors, they are reported and their exit
/// code is the `Err`.
fn packaged(
    root: &Path,
    old: &PackageFacts,
    format: MessageFormat,
    one: impl Fn(
        &leskit::model::Project,
        Target,
        &Templates,
    ) -> Option<Result<leskit::package::Package>>,
) -> Result<std::result::Result<PackageFacts, u8>> {
    let target = Target::from_name(&old.target).ok_or_else(|| {
        Error::Usage(format!(
            "the old package is for the target `{}`, which this leskit does not build",
            old.target
        ))
    })?;
    let mut checked = check_project(root, today())?;
    check_targets(&mut checked, &[target]);
    if checked.diagnostics.has_errors() {
        let code = report(&checked, format);
        errln!(
            "{}: nothing was compared: fix the errors above first",
            label(Style::Error, "error")
        );
        return Ok(Err(code));
    }
    let templates = Templates::load(None)?;
    let package = one(&checked.project, target, &templates)
        .ok_or_else(|| Error::Usage(format!("nothing of that name in {}", display_path(root))))??;
    let bytes = package
        .site
        .get(FACTS_FILE)
        .expect("every package carries its facts");
    PackageFacts::from_json(bytes)
        .map(Ok)
        .map_err(|e| Error::Invalid(format!("the new package's facts: {e}")))
}
