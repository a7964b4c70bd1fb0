//! Packaging: a rendered module plus a manifest, zipped reproducibly.
//!
//! Each target is one file behind the [`Target`] methods: `scorm12.rs` and `scorm2004.rs` write
//! their manifests and name the schema files that belong at the package's root. Identifiers in
//! manifests come from the module id alone (`<id>-org`, `<id>-item`, `<id>-sco`), never from the
//! version, so a fixed version uploaded over an old one keeps every learner's records.
//!
//! A course becomes one package with a SCO per module (`course.rs`).
//!
//! cmi5 (`cmi5.rs`) packs the same rendered files with a `cmi5.xml` course structure instead of a
//! SCORM manifest: one assignable unit (AU) per module.
//!
//! The web export (`html`) is the rendered files alone, for a web server or a folder on disk: no
//! manifest, and a page shell that keeps progress in the browser.

mod cmi5;
mod course;
mod media;
mod scorm12;
mod scorm2004;
mod xml;
mod zip;

use crate::error::Result;
use crate::model::{Module, Project};
use crate::render::{self, Site, Standard};

pub use self::course::{course_file_name, course_limits, course_package, final_test_module};
pub use self::media::add_media;
pub use self::zip::{ZIP_EPOCH, zip_site};

/// A package format leskit writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Scorm12,
    Scorm2004,
    Cmi5,
    Html,
}

impl Target {
    pub const ALL: [Target; 4] = [
        Target::Scorm12,
        Target::Scorm2004,
        Target::Cmi5,
        Target::Html,
    ];

    /// The targets the preview's simulated LMS runs: the SCORM run-times.
    pub const SCORM: [Target; 2] = [Target::Scorm12, Target::Scorm2004];

    /// The name used on the command line and in package file names.
    pub fn name(self) -> &'static str {
        match self {
            Target::Scorm12 => "scorm12",
            Target::Scorm2004 => "scorm2004",
            Target::Cmi5 => "cmi5",
            Target::Html => "html",
        }
    }

    pub fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The run-time API the page shell uses for this target.
    pub fn standard(self) -> Standard {
        match self {
            Target::Scorm12 => Standard::Scorm12,
            Target::Scorm2004 => Standard::Scorm2004,
            Target::Cmi5 => Standard::Cmi5,
            Target::Html => Standard::Web,
        }
    }

    /// The name of the manifest at the package's root; the web export has none.
    pub fn manifest_name(self) -> Option<&'static str> {
        match self {
            Target::Scorm12 | Target::Scorm2004 => Some("imsmanifest.xml"),
            Target::Cmi5 => Some("cmi5.xml"),
            Target::Html => None,
        }
    }

    /// Whether the package is also written out as a folder (`<id>-<version>-<target>/`) beside
    /// its zip: the web export, which is opened where it lies.
    pub fn writes_folder(self) -> bool {
        self == Target::Html
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
        match self {
            Target::Scorm12 => scorm12::SCHEMAS,
            Target::Scorm2004 => scorm2004::SCHEMAS,
            // An LMS knows the cmi5 course structure schema; packages do not carry it.
            Target::Cmi5 | Target::Html => &[],
        }
    }

    /// The manifest ([`Target::manifest_name`]) for a module whose rendered files are `site`,
    /// if the target has one.
    pub fn manifest(self, project: &Project, module: &Module, site: &Site) -> Option<Vec<u8>> {
        let facts = ManifestFacts::of(project, module, site);
        match self {
            Target::Scorm12 => Some(scorm12::manifest(&facts)),
            Target::Scorm2004 => Some(scorm2004::manifest(&facts)),
            Target::Cmi5 => Some(cmi5::manifest(&facts)),
            Target::Html => None,
        }
    }
}

/// The files of a package before zipping: the rendered files, the manifest (none in the web
/// export) and the schema files.
pub struct Package {
    pub site: Site,
    pub manifest: Option<(&'static str, Vec<u8>)>,
    pub schemas: &'static [(&'static str, &'static [u8])],
}

impl Package {
    pub(crate) fn new(site: Site, target: Target, manifest: Option<Vec<u8>>) -> Package {
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

/// What both manifests say about a module.
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
    fn of(project: &'a Project, m: &'a Module, site: &'a Site) -> Self {
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

/// Renders one module for one target, in memory, with the module's files read from its folder.
pub fn module_package(
    project: &Project,
    module: &crate::model::Loaded<Module>,
    target: Target,
    templates: &render::Templates,
) -> Result<Package> {
    let rendered = render::render_module(project, module, target.standard(), templates)?;
    let mut site = rendered.site;
    add_media(project, &module.value, &rendered.assets, &mut site)?;
    let manifest = target.manifest(project, &module.value, &site);
    Ok(Package::new(site, target, manifest))
}
