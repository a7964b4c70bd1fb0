//! The web export: the rendered files alone, for a web server or a folder on disk. No manifest,
//! and a page shell that keeps progress in the browser. A course's export has a course page at
//! its root instead, linking to every module.

use super::facts::StateKeeping;
use super::facts::{CourseFacts, ManifestFacts, Reporting};
use super::format::Format;
use crate::error::Result;
use crate::policy::StateStore;
use crate::render::{self, Runtime, Site, Templates};

pub(super) struct Html;

impl Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn label(&self) -> &'static str {
        "web export"
    }

    /// No LMS: the page shows the result, and nothing is reported.
    fn reporting(&self, pass_mark: Option<i64>) -> Reporting {
        Reporting {
            completion: "shown on the page only".to_owned(),
            success: pass_mark.map(|_| "shown on the page only".to_owned()),
            score: None,
            mastery: None,
            move_on: None,
        }
    }

    /// The page keeps progress in the browser under the module's id and version
    /// (`templates/page/adapters/local.mjs`).
    fn saved_state(&self) -> StateKeeping {
        StateKeeping {
            kept_in: "the browser's localStorage, per module version",
            per_version: true,
        }
    }

    fn runtime(&self) -> Runtime {
        Runtime {
            name: "web",
            connect_src: "'none'",
            state_store: StateStore::UNBOUNDED,
        }
    }

    fn manifest_name(&self) -> Option<&'static str> {
        None
    }

    /// The web export is opened where it lies: written as a folder beside its zip.
    fn writes_folder(&self) -> bool {
        true
    }

    fn module_manifest(&self, _module: &ManifestFacts<'_>) -> Option<Vec<u8>> {
        None
    }

    fn course_manifest(
        &self,
        course: &CourseFacts<'_>,
        site: &mut Site,
        templates: &Templates,
    ) -> Result<Option<Vec<u8>>> {
        let entries: Vec<render::CourseEntry> = course
            .scos
            .iter()
            .map(|sco| render::CourseEntry {
                href: sco.files[0].clone(),
                title: sco.title.clone(),
                description: sco.description.clone(),
                minutes: sco.duration_minutes,
            })
            .collect();
        let home = render::course_home(
            course.course,
            &entries,
            course.meta.duration_minutes,
            &course.sources_html,
            site,
            templates,
        )?;
        site.insert(render::LAUNCH_FILE.to_owned(), home.into_bytes());
        Ok(None)
    }
}
