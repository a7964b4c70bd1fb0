//! What the manifests say, gathered once: the facts of a module ([`ManifestFacts`]) and of a
//! course ([`CourseFacts`], a SCO per module). Every format writes its manifest from these alone.

use crate::model::{Course, Loaded, Module, Project};
use crate::render::{self, Site};

/// What every manifest says about a module.
pub(crate) struct ManifestFacts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub version: &'a str,
    pub keywords: Vec<&'a str>,
    pub duration_minutes: Option<u32>,
    /// The pass mark in percent, only for a module with points to score.
    pub pass_mark: Option<i64>,
    /// Every file of the package but the manifest and schemas, sorted; the launch page first.
    pub files: Vec<&'a str>,
}

impl<'a> ManifestFacts<'a> {
    pub fn of(project: &'a Project, m: &'a Module, site: &'a Site) -> Self {
        let mut files: Vec<&str> = site
            .keys()
            .map(String::as_str)
            .filter(|f| *f != render::LAUNCH_FILE)
            .collect();
        files.insert(0, render::LAUNCH_FILE);
        ManifestFacts {
            id: &m.id,
            title: &m.title,
            description: m.description.as_ref().map(|d| d.value.as_str()),
            language: &m.language,
            version: &m.version,
            keywords: m.keywords.iter().map(|k| k.value.as_str()).collect(),
            duration_minutes: m.duration_minutes.as_ref().map(|d| d.value),
            pass_mark: crate::policy::scored(project, m).then_some(m.pass_mark.value),
            files,
        }
    }
}

/// What every course manifest says.
pub(crate) struct CourseFacts<'a> {
    /// The course as written, for a format that shows it (the web export's course page).
    pub course: &'a Course,
    /// The course itself, for the metadata (its `files` and `pass_mark` are unused).
    pub meta: ManifestFacts<'a>,
    pub scos: Vec<ScoFacts>,
    /// Whether the last SCO is the final test, whose result is the course's.
    pub has_final_test: bool,
}

/// One SCO of a course package.
pub(crate) struct ScoFacts {
    /// The module id, or the final test's quiz id.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The pass mark in percent, only for a SCO with points to score.
    pub pass_mark: Option<i64>,
    /// The SCOs (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// `after` without the SCOs that another one in `after` waits for already, directly or not:
    /// the same order in an LMS that keeps to it, in fewer words.
    pub after_direct: Vec<String>,
    /// Its files in the package, sorted; the launch page first.
    pub files: Vec<String>,
}

impl CourseFacts<'_> {
    pub fn org(&self) -> String {
        format!("{}-org", self.meta.id)
    }
    pub fn item(&self, sco: &str) -> String {
        item_id(self.meta.id, sco)
    }
    pub fn resource(&self, sco: &str) -> String {
        format!("{}-{sco}-sco", self.meta.id)
    }
    /// The shared (global) objective a SCO writes: satisfied once the SCO is done.
    pub fn done(&self, sco: &str) -> String {
        format!("{}-{sco}-done", self.meta.id)
    }
}

/// The identifier of a SCO's item in the course's organization: `<course>-<sco>-item`.
pub(crate) fn item_id(course_id: &str, sco: &str) -> String {
    format!("{course_id}-{sco}-item")
}

/// One SCO of a course package where the course's plan puts it, before anything is rendered:
/// what a format can check early ([`super::format::Format::course_limits`]).
pub(crate) struct PlannedSco<'a> {
    pub module: &'a Loaded<Module>,
    /// The SCOs (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// `after` without the SCOs that another one in `after` waits for already, directly or not.
    pub after_direct: Vec<String>,
    /// Whether this is the course's final test (the last SCO).
    pub final_test: bool,
}

/// A pass mark in percent as a decimal from 0 to 1 in its shortest form (`80` → `0.8`): SCORM
/// 2004's minimum normalized measure and cmi5's masteryScore.
pub(crate) fn normalized(percent: i64) -> String {
    let p = percent.clamp(0, 100);
    match p {
        100 => "1".to_owned(),
        0 => "0".to_owned(),
        p if p % 10 == 0 => format!("0.{}", p / 10),
        p => format!("0.{p:02}"),
    }
}
