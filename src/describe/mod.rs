//! `leskit describe` and the report beside each package: what a package will do in an LMS, for
//! the training department that uploads it. A [`Description`] is gathered from what the package
//! itself says — never by working a rule out again — and printed by [`text`] (the report, the
//! same text `leskit describe` prints) or as JSON.
//!
//! A package of leskit is described from its manifest ([`manifest`]); the LMS settings to choose
//! come from their one owner, [`crate::package::lms`]. A package from elsewhere is described as
//! far as its manifest goes, and the report says plainly what it cannot tell.

pub mod manifest;
pub mod text;

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::error::Result;
use crate::model::{Course, Loaded, Module, Project};
use crate::package::lms::{self, LMSS};
use crate::package::{Package, Target, course_file_name, course_package, module_package};
use crate::render::Templates;

/// Describes the package of `module` for `target`, as `leskit build` would write it.
pub fn describe_module(
    project: &Project,
    module: &Loaded<Module>,
    target: Target,
    templates: &Templates,
) -> Result<Description> {
    let package = module_package(project, module, target, templates)?;
    Ok(describe_package(&target.file_name(&module.value), &package))
}

/// Describes the package of `course` for `target`, as `leskit build` would write it.
pub fn describe_course(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
    templates: &Templates,
) -> Result<Description> {
    let package = course_package(project, course, target, templates)?;
    let mut d = describe_package(&course_file_name(&course.value, target), &package);
    if d.units.len() > 1 && Target::SCORM.contains(&target) {
        d.warnings.retain(|w| w.code != "W0505");
        d.warnings.insert(
            0,
            first_sco_only_note(
                &format!(
                    "the course `{}` is a {} package",
                    course.value.id.value,
                    target.name()
                ),
                d.units.len(),
            ),
        );
    }
    Ok(d)
}

/// Describes a package about to be written as `file`: as its zip will be described.
pub fn describe_package(file: &str, package: &Package) -> Description {
    describe_bytes(Path::new(file), &package.zip())
}

/// Describes the zip `bytes`, named `name`.
pub fn describe_bytes(name: &Path, bytes: &[u8]) -> Description {
    manifest::describe_zip(name, bytes)
}

/// What a package will do in an LMS, as far as it can be told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Description {
    /// The package's file name, when it was read from a zip or is written as one.
    pub file: Option<String>,
    pub title: Option<String>,
    /// The manifest's identifier (SCORM) or the course structure's id (cmi5).
    pub id: Option<String>,
    pub version: Option<String>,
    /// `SCORM 1.2`, `SCORM 2004` or `cmi5`.
    pub standard: Option<String>,
    /// The package's duration in minutes, as its metadata gives it.
    pub duration_minutes: Option<u32>,
    /// What the package can be launched as: a SCO (SCORM) or an assignable unit (cmi5) each, in
    /// order; a module's package has one.
    pub units: Vec<Unit>,
    /// A course's hand-out of all its modules, at the package's root.
    pub handout: Option<String>,
    /// The LMS settings to choose, per LMS.
    pub lms: Vec<LmsAdvice>,
    /// Warnings about the package in LMSs (W0402, and `leskit inspect`'s for a package from
    /// elsewhere).
    pub warnings: Vec<Note>,
    /// What cannot be told from this package, in plain words.
    pub unknown: Vec<String>,
}

/// One SCO or assignable unit.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unit {
    pub id: String,
    pub title: String,
    /// The file the LMS opens, in the zip.
    pub launch: Option<String>,
    /// The pass mark in percent; `None` for a unit with nothing to score (or, from a manifest,
    /// none declared).
    pub pass_mark: Option<f64>,
    /// Its pages; `None`: not known.
    pub pages: Option<usize>,
    /// What the LMS records per answer; `None`: not known.
    pub questions: Option<Vec<Interaction>>,
    /// The longest saved state (`cmi.suspend_data`) and what the standard keeps.
    pub suspend_data: Option<SuspendData>,
    /// How completion and success reach the LMS, in plain words; empty: not known.
    pub reporting: Vec<String>,
    /// The printable hand-out in the zip, when there is one.
    pub handout: Option<String>,
    /// The proof of participation a learner can print, in plain words; `None`: not known.
    pub proof: Option<String>,
}

/// One interaction the LMS records: a question, or a decision in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Interaction {
    /// The id at the first attempt (`<quiz>.<question>[.<step>]`).
    pub id: String,
    /// `choice` or `true-false`.
    pub kind: String,
    /// The points it is worth (0 for a decision in a scenario).
    pub weighting: u32,
}

/// The longest saved state a unit can write, against the standard's limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SuspendData {
    pub worst_case: usize,
    /// `None`: the standard keeps it without a limit a module can reach (cmi5, the web).
    pub limit: Option<usize>,
}

/// The settings to choose in one LMS for this package.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LmsAdvice {
    pub name: String,
    /// The standard the guide advises for the LMS.
    pub choose: String,
    /// Whether this package's standard is one the guide advises there.
    pub fits: bool,
    pub upload: String,
    pub settings: Vec<SettingAdvice>,
    /// The LMS whose SCORM player (and settings) it shares.
    pub shares: Option<String>,
    /// For a package of several SCOs: what to do with a course in this LMS.
    pub course: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingAdvice {
    pub setting: String,
    pub value: String,
    pub why: String,
}

/// A warning or error about the package, as `leskit check` and `leskit inspect` word it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub hints: Vec<String>,
}

impl Note {
    pub fn of(d: &Diagnostic) -> Note {
        Note {
            code: d.code.to_owned(),
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            }
            .to_owned(),
            message: d.message.clone(),
            hints: d.hints.clone(),
        }
    }
}

/// The target names (`scorm12`, …) of a standard's label.
fn target_of(standard: &str) -> Option<&'static str> {
    match standard {
        "SCORM 1.2" => Some("scorm12"),
        "SCORM 2004" => Some("scorm2004"),
        "cmi5" => Some("cmi5"),
        _ => None,
    }
}

/// The LMS settings for a package of `standard` with `units`, from [`lms::LMSS`]; `scored`:
/// whether it has points to score, when known.
pub fn lms_advice(standard: Option<&str>, units: usize, scored: Option<bool>) -> Vec<LmsAdvice> {
    let target = standard.and_then(target_of);
    LMSS.iter()
        .map(|l| LmsAdvice {
            name: l.name.to_owned(),
            choose: l.choose.to_owned(),
            fits: target.is_some_and(|t| l.targets.contains(&t)),
            upload: l.upload.to_owned(),
            settings: l
                .settings
                .iter()
                .map(|s| SettingAdvice {
                    setting: s.setting.to_owned(),
                    value: s.value.for_package(scored),
                    why: s.why.to_owned(),
                })
                .collect(),
            shares: l.shares.map(str::to_owned),
            course: (units > 1).then(|| l.course.to_owned()),
        })
        .collect()
}

/// The wording of W0402 for a package of `scos` SCOs, from [`lms`].
pub fn first_sco_only_note(what: &str, scos: usize) -> Note {
    Note {
        code: "W0402".to_owned(),
        severity: "warning".to_owned(),
        message: lms::first_sco_only_message(&format!("{what} of {scos} SCOs")),
        hints: vec![lms::FIRST_SCO_ONLY_ADVICE.to_owned()],
    }
}
