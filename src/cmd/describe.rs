//! `leskit describe`: what a package will do in an LMS, for a module, a course or a zip.

use std::path::{Path, PathBuf};

use leskit::build::{configured_targets, parse_targets};
use leskit::check::{check_project, check_targets, today};
use leskit::describe::{self, Description};
use leskit::diag::display_path;
use leskit::error::{Error, Result};
use leskit::exit::OK;
use leskit::output::Style;
use leskit::render::Templates;
use leskit::select::Subject;
use leskit::{errln, outln};

use super::{label, report};
use crate::cli::MessageFormat;

pub fn run(paths: &[PathBuf], target: Option<&str>, format: MessageFormat) -> Result<u8> {
    let given = target.map(parse_targets).transpose()?;
    let templates = Templates::load(None)?;
    let mut worst = OK;
    let mut first = true;
    for path in paths {
        let (descriptions, code) = match Subject::from_path(path)? {
            Subject::Zip(zip) => {
                if given.is_some() {
                    return Err(Error::Usage(format!(
                        "--target chooses the standard of a module or course; the package `{}` is described as it is",
                        display_path(&zip)
                    )));
                }
                (vec![describe_zip(&zip)?], OK)
            }
            Subject::Module { root, id } => project(&root, given.as_deref(), format, |p, t| {
                let m = p.modules.iter().find(|m| m.value.id.value == id);
                m.map(|m| describe::describe_module(p, m, t, &templates))
            })?,
            Subject::Course { root, id } => project(&root, given.as_deref(), format, |p, t| {
                let c = p.courses.iter().find(|c| c.value.id.value == id);
                c.map(|c| describe::describe_course(p, c, t, &templates))
            })?,
        };
        worst = worst.max(code);
        for d in descriptions {
            match format {
                MessageFormat::Human => {
                    if !first {
                        outln!("");
                    }
                    leskit::out!("{}", describe::text::render(&d));
                }
                MessageFormat::Json => outln!(
                    "{}",
                    serde_json::to_string(&d).expect("a description serialises")
                ),
            }
            first = false;
        }
    }
    Ok(worst)
}

fn describe_zip(zip: &Path) -> Result<Description> {
    let bytes = std::fs::read(zip).map_err(|e| Error::io("read", zip, e))?;
    Ok(describe::describe_bytes(zip, &bytes))
}

/// The descriptions of a module or course of the project in `root`, one per target (`given`, or
/// the project's), after checking the project: with errors, they are reported and nothing is
/// described.
fn project(
    root: &Path,
    given: Option<&[leskit::package::Target]>,
    format: MessageFormat,
    one: impl Fn(&leskit::model::Project, leskit::package::Target) -> Option<Result<Description>>,
) -> Result<(Vec<Description>, u8)> {
    let mut checked = check_project(root, today())?;
    let targets = match given {
        Some(t) => t.to_vec(),
        None => configured_targets(&checked.project).map_err(|d| Error::Invalid(d.one_line()))?,
    };
    check_targets(&mut checked, &targets);
    if checked.diagnostics.has_errors() {
        let code = report(&checked, format);
        errln!(
            "{}: nothing was described: fix the errors above first",
            label(Style::Error, "error")
        );
        return Ok((Vec::new(), code));
    }
    let mut all = Vec::new();
    for t in targets {
        match one(&checked.project, t) {
            Some(d) => all.push(d?),
            None => {
                return Err(Error::Usage(format!(
                    "nothing of that name in {}",
                    display_path(root)
                )));
            }
        }
    }
    Ok((all, OK))
}
