//! The course page of a course's web export: the course's title and description and a link to
//! each module, at the root of the folder (`index.html`), so that opening the folder's start page
//! starts the course.

use serde::Serialize;

use super::{HANDOUT_FILE, Site, Templates};
use crate::error::Result;
use crate::model::Course;

/// One module on the course page.
#[derive(Debug, Clone, Serialize)]
pub struct CourseEntry {
    /// The module's launch page, relative to the course page.
    pub href: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Serialize)]
struct CourseView<'a> {
    lang: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    version: &'a str,
    strings: &'a serde_json::Value,
    modules: &'a [CourseEntry],
    /// The page shell's stylesheet of the first module: the course page has no folder of its own.
    stylesheet: String,
    /// The course's hand-out, when the package has one.
    handout: Option<&'static str>,
}

/// Renders the course page for `modules`, which are already in `site`.
pub fn course_home(
    course: &Course,
    modules: &[CourseEntry],
    site: &Site,
    templates: &Templates,
) -> Result<String> {
    let first = modules
        .first()
        .and_then(|m| m.href.rsplit_once('/'))
        .map_or("", |(dir, _)| dir);
    let view = CourseView {
        lang: &course.language,
        title: &course.title,
        description: course.description.as_ref().map(|d| d.value.as_str()),
        version: &course.version,
        strings: templates.strings(&course.language),
        modules,
        stylesheet: format!("{first}/leskit/leskit.css"),
        handout: site.contains_key(HANDOUT_FILE).then_some(HANDOUT_FILE),
    };
    templates.render("course.hbs", &view)
}
