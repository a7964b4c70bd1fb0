//! Packaging: a rendered module plus a manifest, zipped reproducibly.
//!
//! Each target is one file behind the [`format::Format`] trait: its name, the run-time its page
//! talks to, its manifest and the schema files that belong at the package's root. `scorm12.rs` and
//! `scorm2004.rs` write SCORM manifests; `cmi5.rs` a `cmi5.xml` course structure (one assignable
//! unit per module); `html.rs` is the web export, the rendered files alone for a web server or a
//! folder on disk. What the manifests say is gathered once, in `facts.rs`. Identifiers in
//! manifests come from the module id alone (`<id>-org`, `<id>-item`, `<id>-sco`), never from the
//! version, so a fixed version uploaded over an old one keeps every learner's records.
//!
//! A course becomes one package with a SCO per module, in the order `course.rs` plans.

mod cmi5;
mod course;
mod facts;
mod format;
mod html;
pub mod lms;
mod media;
mod record;
mod scorm12;
mod scorm2004;
mod xml;
mod zip;

use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Course, Loaded, Module, Project};
use crate::render::{self, CourseNav, Runtime, Site};

use self::facts::{CourseFacts, ManifestFacts, ScoFacts};
use self::format::Format;
use self::record::{UnitSource, unit_facts};

pub use self::course::final_test_module;
pub use self::facts::{
    ChoiceFacts, EndingFacts, FACTS_FILE, FACTS_FORMAT, Identifiers, OptionFacts, PackageFacts,
    PageFacts, Proof, QuestionFacts, QuizFacts, Reporting, SavedState, StepFacts, UnitFacts,
    fingerprint, unlisted_on_purpose,
};
use self::media::add_files;
pub use self::media::add_media;
pub use self::zip::{ZIP_EPOCH, zip_site};

/// A package format leskit writes, as the command line names it: a handle on one format.
#[derive(Clone, Copy)]
pub struct Target(&'static dyn Format);

impl Target {
    pub const SCORM12: Target = Target(&scorm12::Scorm12);
    pub const SCORM2004: Target = Target(&scorm2004::Scorm2004);

    /// Every format, in the order a build writes them: the one list a new format joins.
    pub const ALL: &'static [Target] = &[
        Target::SCORM12,
        Target::SCORM2004,
        Target(&cmi5::Cmi5),
        Target(&html::Html),
    ];

    /// The targets the preview's simulated LMS runs: the SCORM run-times.
    pub const SCORM: &'static [Target] = &[Target::SCORM12, Target::SCORM2004];

    /// The name used on the command line and in package file names.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// The standard in words: `SCORM 1.2`, `SCORM 2004 4th edition`, `cmi5`, `web export`.
    pub fn label(self) -> &'static str {
        self.0.label()
    }

    /// The run-time the page shell talks to in this target's packages.
    pub fn runtime(self) -> Runtime {
        self.0.runtime()
    }

    /// The name of the manifest at the package's root; the web export has none.
    pub fn manifest_name(self) -> Option<&'static str> {
        self.0.manifest_name()
    }

    /// Whether the package is also written out as a folder (`<id>-<version>-<target>/`) beside
    /// its zip: the web export, which is opened where it lies.
    pub fn writes_folder(self) -> bool {
        self.0.writes_folder()
    }

    /// `<id>-<version>-<target>.zip`
    pub fn file_name(self, module: &Module) -> String {
        format!(
            "{}-{}-{}.zip",
            module.id.value,
            module.version.value,
            self.name()
        )
    }

    /// The official schema files that belong at the root of every package of this target, as
    /// published (unpatched).
    pub fn schema_files(self) -> &'static [(&'static str, &'static [u8])] {
        self.0.schema_files()
    }

    /// The target's place in [`Target::ALL`].
    fn rank(self) -> usize {
        Target::ALL
            .iter()
            .position(|t| t.name() == self.name())
            .unwrap_or(usize::MAX)
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Target {}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Target) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Target {
    fn cmp(&self, other: &Target) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl Hash for Target {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Target({})", self.name())
    }
}

/// `<course-id>-<version>-<target>.zip`
pub fn course_file_name(course: &Course, target: Target) -> String {
    format!(
        "{}-{}-{}.zip",
        course.id.value,
        course.version.value,
        target.name()
    )
}

/// The files of a package before zipping: the rendered files, the manifest (none in the web
/// export) and the schema files.
pub struct Package {
    pub site: Site,
    pub manifest: Option<(&'static str, Vec<u8>)>,
    pub schemas: &'static [(&'static str, &'static [u8])],
}

impl Package {
    fn new(site: Site, target: Target, manifest: Option<Vec<u8>>) -> Package {
        Package {
            site,
            manifest: target.manifest_name().zip(manifest),
            schemas: target.schema_files(),
        }
    }

    /// Every file of the package, as its zip holds them: the manifest, the schema files and the
    /// rendered files.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.manifest
            .iter()
            .map(|(n, b)| (*n, b.as_slice()))
            .chain(self.schemas.iter().copied())
            .chain(self.site.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
    }

    /// The package as a reproducible zip.
    pub fn zip(&self) -> Vec<u8> {
        zip_site(
            &self.site,
            self.manifest.as_ref().map(|(n, b)| (*n, b.as_slice())),
            self.schemas,
        )
    }
}

/// Renders one module for one target, in memory, with the module's files read from its folder.
pub fn module_package(
    project: &Project,
    module: &Loaded<Module>,
    target: Target,
    templates: &render::Templates,
) -> Result<Package> {
    let rendered = render::render_module(project, module, target.runtime(), templates)?;
    let mut site = rendered.site;
    add_media(project, &module.value, &rendered.assets, &mut site)?;
    let m = &module.value;
    let meta = ManifestFacts::of(project, m, &site);
    let manifest = target.0.module_manifest(&meta);
    let (ids, unit_ids) = target.0.module_ids(&meta);
    let unit = unit_facts(
        project,
        UnitSource {
            module: m,
            launch: render::LAUNCH_FILE.to_owned(),
            handout: site
                .contains_key(render::HANDOUT_FILE)
                .then(|| render::HANDOUT_FILE.to_owned()),
            final_test: false,
            after: Vec::new(),
        },
        target.0,
        unit_ids,
    );
    let facts = PackageFacts {
        leskit_facts: facts::FACTS_FORMAT,
        generator: facts::generator(),
        kind: "module".to_owned(),
        id: m.id.value.clone(),
        title: m.title.value.clone(),
        version: m.version.value.clone(),
        language: m.language.value.clone(),
        description: m.description.as_ref().map(|d| d.value.clone()),
        duration_minutes: meta.duration_minutes,
        target: target.name().to_owned(),
        standard: target.label().to_owned(),
        manifest: target.manifest_name().map(str::to_owned),
        launch: render::LAUNCH_FILE.to_owned(),
        identifiers: ids,
        multi_sco: false,
        handout: None,
        final_test: None,
        units: vec![unit],
    };
    // After the manifest, which lists the files the learner's page uses: the record is about
    // the package, not part of what it shows.
    site.insert(FACTS_FILE.to_owned(), facts.to_json());
    Ok(Package::new(site, target, manifest))
}

/// What the package of `course` for `target` cannot say, found from the plan of its SCOs without
/// rendering anything ([`format::Format::course_limits`]). `check` reports these for the targets
/// that are built, and [`course_package`] refuses such a course.
pub fn course_limits(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
) -> Vec<Diagnostic> {
    let final_test = final_test_module(project, &course.value);
    // A module that is missing, or a final test with a module's id, is the course's own error
    // (E0402, E0406).
    let Ok(scos) = course::plan(project, &course.value, final_test.as_ref()) else {
        return Vec::new();
    };
    target.0.course_limits(course, &scos)
}

/// Renders every SCO of a course (in the order of [`course::plan`]), each in a folder named after
/// it, with the course's hand-out at the root and the target's course manifest.
pub fn course_package(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
    templates: &render::Templates,
) -> Result<Package> {
    let c = &course.value;
    let final_test = course::final_test(project, c)?;
    if let Some(d) = course_limits(project, course, target).into_iter().next() {
        return Err(Error::Invalid(format!(
            "the course `{}`: {}: {}",
            c.id.value,
            d.message,
            d.hints.join("; ")
        )));
    }
    let scos = course::plan(project, c, final_test.as_ref())?;
    let mut site = Site::new();
    let mut facts = Vec::with_capacity(scos.len());
    let mut units = Vec::with_capacity(scos.len());
    let module_count = scos.iter().filter(|sco| !sco.final_test).count();
    for (i, sco) in scos.iter().enumerate() {
        let m = &sco.module.value;
        let nav = CourseNav {
            id: c.id.value.clone(),
            title: c.title.value.clone(),
            previous: i > 0,
            next: i + 1 < scos.len(),
            next_needs_this: scos
                .get(i + 1)
                .is_some_and(|next| next.after.contains(&m.id.value)),
            final_test: sco.final_test,
            number: (!sco.final_test).then_some(i + 1),
            modules: module_count,
        };
        let rendered =
            render::render_module_in(project, sco.module, target.runtime(), templates, Some(&nav))?;
        let mut rendered_site = rendered.site;
        add_media(project, m, &rendered.assets, &mut rendered_site)?;
        let launch = format!("{}/{}", m.id.value, render::LAUNCH_FILE);
        let handout = format!("{}/{}", m.id.value, render::HANDOUT_FILE);
        units.push(UnitSource {
            module: m,
            launch: launch.clone(),
            handout: rendered_site
                .contains_key(render::HANDOUT_FILE)
                .then_some(handout),
            final_test: sco.final_test,
            after: sco.after.clone(),
        });
        let mut files = vec![launch.clone()];
        for (path, bytes) in rendered_site {
            let path = format!("{}/{path}", m.id.value);
            if path != launch {
                files.push(path.clone());
            }
            site.insert(path, bytes);
        }
        facts.push(ScoFacts {
            id: m.id.value.clone(),
            title: m.title.value.clone(),
            description: m.description.as_ref().map(|d| d.value.clone()),
            pass_mark: crate::policy::scored(project, m).then_some(m.pass_mark.value),
            after: sco.after.clone(),
            after_direct: sco.after_direct.clone(),
            files,
            duration_minutes: m.duration_minutes.as_ref().map(|d| d.value),
        });
    }
    // The course's hand-out at the root: the modules (not the final test, whose answers it would
    // print). The manifest has a resource per SCO only, so the first SCO lists its files.
    let modules: Vec<&Module> = scos
        .iter()
        .filter(|sco| !sco.final_test)
        .map(|sco| &sco.module.value)
        .collect();
    let handout = render::course_handout(project, c, &modules, templates)?;
    if let Some(first) = facts.first_mut() {
        first.files.extend(handout.keys().cloned());
        first.files[1..].sort();
    }
    site.extend(handout);
    let minutes: u32 = scos
        .iter()
        .filter_map(|sco| sco.module.value.duration_minutes.as_ref().map(|d| d.value))
        .sum();
    let facts = CourseFacts {
        course: c,
        meta: ManifestFacts {
            id: &c.id,
            title: &c.title,
            description: c.description.as_ref().map(|d| d.value.as_str()),
            language: &c.language,
            version: &c.version,
            keywords: Vec::new(),
            duration_minutes: (minutes > 0).then_some(minutes),
            pass_mark: None,
            files: Vec::new(),
        },
        scos: facts,
        has_final_test: final_test.is_some(),
        sources_html: modules.iter().fold(Vec::new(), |mut all, m| {
            if let Some(cited) = render::source_citation(project, &m.source)
                && !all.contains(&cited)
            {
                all.push(cited);
            }
            all
        }),
    };
    let manifest = target.0.course_manifest(&facts, &mut site, templates)?;
    // A format that writes a course page (the web export's) shows the course's cover image
    // there: it goes beside it, at media/….
    if site.contains_key(render::LAUNCH_FILE)
        && let Some(cover) = &c.cover
        && let Ok(relative) = crate::fs::safe_relative_path(&cover.image)
    {
        add_files(project, &project.course_dir(&c.id), &[relative], &mut site)?;
    }
    let (ids, unit_ids) = target.0.course_ids(&facts);
    let record = PackageFacts {
        leskit_facts: facts::FACTS_FORMAT,
        generator: facts::generator(),
        kind: "course".to_owned(),
        id: c.id.value.clone(),
        title: c.title.value.clone(),
        version: c.version.value.clone(),
        language: c.language.value.clone(),
        description: c.description.as_ref().map(|d| d.value.clone()),
        duration_minutes: facts.meta.duration_minutes,
        target: target.name().to_owned(),
        standard: target.label().to_owned(),
        manifest: target.manifest_name().map(str::to_owned),
        launch: if target.manifest_name().is_some() {
            facts
                .scos
                .first()
                .map_or(render::LAUNCH_FILE.to_owned(), |s| s.files[0].clone())
        } else {
            render::LAUNCH_FILE.to_owned()
        },
        identifiers: ids,
        multi_sco: Target::SCORM.contains(&target) && scos.len() > 1,
        handout: site
            .contains_key(render::HANDOUT_FILE)
            .then(|| render::HANDOUT_FILE.to_owned()),
        final_test: c.rules.final_test.as_ref().map(|t| t.value.clone()),
        units: units
            .into_iter()
            .zip(unit_ids)
            .map(|(unit, ids)| unit_facts(project, unit, target.0, ids))
            .collect(),
    };
    site.insert(FACTS_FILE.to_owned(), record.to_json());
    Ok(Package::new(site, target, manifest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_its_own_name_and_parses_back() {
        let mut names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        for t in Target::ALL {
            assert_eq!(Target::from_name(t.name()), Some(*t));
        }
        names.dedup();
        assert_eq!(names.len(), Target::ALL.len(), "{names:?}");
        assert_eq!(Target::from_name("scorm"), None);
    }

    #[test]
    fn targets_sort_in_the_order_of_the_list() {
        let mut targets: Vec<Target> = Target::ALL.iter().rev().copied().collect();
        targets.sort();
        assert_eq!(targets, Target::ALL);
    }

    #[test]
    fn every_target_has_a_page_shell_and_a_manifest_where_it_names_one() {
        let templates = render::Templates::load(None).unwrap();
        for t in Target::ALL {
            let shell: Vec<&str> = templates.page_shell(t.runtime()).map(|(n, _)| n).collect();
            assert!(
                shell.contains(&"leskit.js"),
                "{} has no page shell script: {shell:?}",
                t.name()
            );
            let facts = ManifestFacts {
                id: "m",
                title: "M",
                description: None,
                language: "nl",
                version: "1.0.0",
                keywords: Vec::new(),
                duration_minutes: None,
                pass_mark: None,
                files: vec![render::LAUNCH_FILE],
            };
            assert_eq!(
                t.0.module_manifest(&facts).is_some(),
                t.manifest_name().is_some(),
                "{}",
                t.name()
            );
        }
    }
}
