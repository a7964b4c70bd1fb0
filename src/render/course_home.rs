//! The course page of a course's web export, at the root of the folder (`index.html`), so that
//! opening the folder's start page starts the course: a cover like a module's (the title, what
//! the course teaches, the total duration, the illustration, a start button), then each module
//! with its duration and a link to it, the hand-out and the sources.
//!
//! The page has no script (its Content-Security-Policy says `script-src 'none'`): its button
//! always opens the first module, whose own cover knows where the learner was.

use serde::Serialize;

use super::view::{CoverView, cover_view, duration_text};
use super::{HANDOUT_FILE, Site, Templates};
use crate::error::Result;
use crate::model::Course;
use crate::text::page_anchor;

/// One module on the course page.
#[derive(Debug, Clone, Serialize)]
pub struct CourseEntry {
    /// The module's launch page, relative to the course page.
    pub href: String,
    pub title: String,
    pub description: Option<String>,
    /// The module's `duration_minutes`.
    #[serde(skip)]
    pub minutes: Option<u32>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    entry: &'a CourseEntry,
    duration: Option<String>,
}

#[derive(Serialize)]
struct CourseView<'a> {
    lang: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    version: &'a str,
    strings: &'a serde_json::Value,
    modules: Vec<EntryView<'a>>,
    /// The course's cover: its goals, total duration and illustration.
    cover: CoverView,
    /// Where the start button leads: the first module.
    start: Option<&'a str>,
    /// The sources of the course's modules, as each asks to be named, each once.
    sources_html: &'a [String],
    /// The page shell's stylesheet of the first module: the course page has no folder of its own.
    stylesheet: String,
    /// The course's hand-out, when the package has one.
    handout: Option<&'static str>,
}

/// Renders the course page for `modules`, which are already in `site`, lasting `minutes` in
/// all, based on the sources `sources_html`.
pub fn course_home(
    course: &Course,
    modules: &[CourseEntry],
    minutes: Option<u32>,
    sources_html: &[String],
    site: &Site,
    templates: &Templates,
) -> Result<String> {
    let first = modules
        .first()
        .and_then(|m| m.href.rsplit_once('/'))
        .map_or("", |(dir, _)| dir);
    let strings = templates.strings(&course.language);
    let view = CourseView {
        lang: &course.language,
        title: &course.title,
        description: course.description.as_ref().map(|d| d.value.as_str()),
        version: &course.version,
        strings,
        modules: modules
            .iter()
            .map(|entry| EntryView {
                entry,
                duration: entry.minutes.map(|n| duration_text(strings, n)),
            })
            .collect(),
        cover: cover_view(
            strings,
            &course.learning_goals,
            minutes,
            course.cover.as_ref(),
            page_anchor(""),
        ),
        start: modules.first().map(|m| m.href.as_str()),
        sources_html,
        stylesheet: format!("{first}/leskit/leskit.css"),
        handout: site.contains_key(HANDOUT_FILE).then_some(HANDOUT_FILE),
    };
    templates.render("course.hbs", &view)
}
