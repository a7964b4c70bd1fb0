//! The one interface of an output format. Each format is a file of its own (`scorm12.rs`,
//! `scorm2004.rs`, `cmi5.rs`, `html.rs`) holding everything that is true of it alone, and joins
//! the list [`super::Target::ALL`]: adding a format is a file and a line.

use super::facts::{CourseFacts, Identifiers, ManifestFacts, PlannedSco, Reporting, StateKeeping};
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{Course, Loaded};
use crate::render::{Runtime, Site, Templates};

/// A package format leskit writes.
pub(crate) trait Format: Sync {
    /// The name used on the command line and in package file names.
    fn name(&self) -> &'static str;

    /// The standard in words, as the package's facts name it (`SCORM 1.2`).
    fn label(&self) -> &'static str;

    /// The run-time the page shell talks to in a package of this format.
    fn runtime(&self) -> Runtime;

    /// How a unit with this pass mark (none: nothing to score) reports completion and success.
    fn reporting(&self, pass_mark: Option<i64>) -> Reporting;

    /// Where the run-time keeps a unit's saved state.
    fn saved_state(&self) -> StateKeeping;

    /// The identifiers the LMS keeps records under in a module's package, as the manifest writes
    /// them: the package's and its one unit's. None for a format without a manifest.
    fn module_ids(&self, _module: &ManifestFacts<'_>) -> (Identifiers, Identifiers) {
        Default::default()
    }

    /// The same for a course's package: the package's, and each SCO's in order.
    fn course_ids(&self, course: &CourseFacts<'_>) -> (Identifiers, Vec<Identifiers>) {
        (
            Identifiers::default(),
            vec![Identifiers::default(); course.scos.len()],
        )
    }

    /// The name of the manifest at the package's root, if the format has one.
    fn manifest_name(&self) -> Option<&'static str>;

    /// The official schema files that belong at the root of every package of this format, as
    /// published (unpatched).
    fn schema_files(&self) -> &'static [(&'static str, &'static [u8])] {
        &[]
    }

    /// Whether the package is also written out as a folder (`<id>-<version>-<target>/`) beside
    /// its zip, to be opened where it lies.
    fn writes_folder(&self) -> bool {
        false
    }

    /// The manifest ([`Format::manifest_name`]) of a module's package.
    fn module_manifest(&self, module: &ManifestFacts<'_>) -> Option<Vec<u8>>;

    /// What a course's package cannot say in this format, found from the plan of its SCOs before
    /// anything is rendered. `check` reports these for the targets that are built, and
    /// [`super::course_package`] refuses such a course.
    fn course_limits(&self, _course: &Loaded<Course>, _scos: &[PlannedSco<'_>]) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// The manifest of a course's package, whose SCOs' files are already in `site`; a format
    /// without a manifest may add its own files to `site` instead. An error when the course
    /// cannot be said in this format.
    fn course_manifest(
        &self,
        course: &CourseFacts<'_>,
        site: &mut Site,
        templates: &Templates,
    ) -> Result<Option<Vec<u8>>>;
}
