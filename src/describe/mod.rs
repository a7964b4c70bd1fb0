//! `leskit describe` and the report beside each package: what a package will do in an LMS, for
//! the training department that uploads it. A [`Description`] is gathered from what the package
//! itself says — never by working a rule out again — and printed by [`text`] (the report, the
//! same text `leskit describe` prints) or as JSON.
//!
//! A package of leskit is described from its facts record ([`facts`]: `leskit/facts.json`, which
//! the build writes from the rules' owners), whether it is about to be written or read from a
//! zip, so that a zip and its module read the same; the LMS settings to choose come from their
//! one owner, [`crate::package::lms`]. A package from elsewhere is described as far as its
//! manifest goes ([`manifest`]), and the report says plainly what it cannot tell.

pub mod facts;
pub mod manifest;
pub mod text;

use std::path::Path;

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::error::Result;
use crate::model::{Course, Loaded, Module, Project};
use crate::package::lms::{self, LMSS};
use crate::package::{
    FACTS_FILE, Package, PackageFacts, Target, course_file_name, course_package, module_package,
};
use crate::render::Templates;

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
    /// In a course: the units (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// Whether this is a course's final test, whose result is the course's.
    pub final_test: bool,
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuspendData {
    /// Where the run-time keeps it (`cmi.suspend_data`, …).
    pub kept_in: String,
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
    Ok(describe_package(
        &course_file_name(&course.value, target),
        &package,
    ))
}

/// Describes a package about to be written as `file`: as its zip will be described, from the
/// facts record it carries.
pub fn describe_package(file: &str, package: &Package) -> Description {
    match package
        .site
        .get(FACTS_FILE)
        .map(|b| PackageFacts::from_json(b))
    {
        Some(Ok(f)) => facts::describe(Some(file.to_owned()), &f),
        _ => describe_bytes(Path::new(file), &package.zip()),
    }
}

/// Describes the zip `bytes`, named `name`: from its facts record (`leskit/facts.json`) when it
/// has one this leskit reads, else from its manifest.
pub fn describe_bytes(name: &Path, bytes: &[u8]) -> Description {
    let file = name.file_name().map(|n| n.to_string_lossy().into_owned());
    match read_facts(bytes) {
        Some(Ok(f)) => facts::describe(file, &f),
        Some(Err(why)) => {
            let mut d = manifest::describe_zip(name, bytes);
            d.unknown.insert(
                0,
                format!("its leskit facts ({FACTS_FILE}) cannot be read: {why}; described from its manifest"),
            );
            d
        }
        None => manifest::describe_zip(name, bytes),
    }
}

/// The facts record in the zip `bytes`: `None` when there is none (or no zip to read).
fn read_facts(bytes: &[u8]) -> Option<std::result::Result<PackageFacts, String>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name(FACTS_FILE).ok()?;
    let limit = crate::limits::MAX_MANIFEST_BYTES;
    if entry.size() > limit {
        return Some(Err(format!(
            "it is larger than {} MiB",
            limit / (1024 * 1024)
        )));
    }
    let mut text = Vec::new();
    if let Err(e) = entry.take(limit).read_to_end(&mut text) {
        return Some(Err(e.to_string()));
    }
    Some(PackageFacts::from_json(&text))
}

/// The LMS settings for a package of `target` (`scorm12`, …; `None`: not known) with `units`,
/// from [`lms::LMSS`]; `scored`: whether it has points to score, when known. None for the web
/// export, which needs no LMS.
pub fn lms_advice(target: Option<&str>, units: usize, scored: Option<bool>) -> Vec<LmsAdvice> {
    if target == Some("html") {
        return Vec::new();
    }
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
