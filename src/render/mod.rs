//! Rendering: a checked module becomes the files of a package, in memory.
//!
//! The output is a [`Site`]: relative path → bytes, and the list of the module's own files the
//! pages use. Nothing is read from or written to disk here: packaging reads the module's files and
//! decides where the bytes go. Templates come from `templates/` (embedded in the binary) and can be
//! overridden file by file with `--templates DIR`.

mod course_home;
mod handout;
mod markdown;
mod templates;
mod view;

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::model::{Loaded, Module, Project};

pub use course_home::{CourseEntry, course_home};
pub use handout::{HANDOUT_FILE, course_handout};
pub use markdown::to_html;
pub use templates::Templates;
pub use view::CourseNav;

/// The files of a rendered module: relative path (with `/`) → contents. Sorted, so everything
/// downstream sees the files in one order.
pub type Site = BTreeMap<String, Vec<u8>>;

/// The launch page of every package.
pub const LAUNCH_FILE: &str = "index.html";

/// Which run-time API the page shell talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Standard {
    #[serde(rename = "scorm12")]
    Scorm12,
    #[serde(rename = "scorm2004")]
    Scorm2004,
    /// cmi5: xAPI statements to the learning record store the LMS names at launch.
    #[serde(rename = "cmi5")]
    Cmi5,
    /// No LMS: a web page that keeps progress in the browser.
    #[serde(rename = "web")]
    Web,
}

impl Standard {
    /// How the standard's run-time keeps the page's saved state ([`crate::policy`]).
    pub fn state_store(self) -> crate::policy::StateStore {
        match self {
            Standard::Scorm12 => crate::policy::StateStore::SCORM12,
            Standard::Scorm2004 => crate::policy::StateStore::SCORM2004,
            Standard::Cmi5 | Standard::Web => crate::policy::StateStore::UNBOUNDED,
        }
    }

    /// The page's Content-Security-Policy `connect-src`: only a cmi5 unit talks to a server, and
    /// its address (the LMS's record store) is known only at launch.
    pub fn connect_src(self) -> &'static str {
        match self {
            Standard::Cmi5 => "http: https:",
            Standard::Scorm12 | Standard::Scorm2004 | Standard::Web => "'none'",
        }
    }
}

/// A rendered module: its pages and page shell, and the module's own files that they use.
#[derive(Debug)]
pub struct RenderedModule {
    /// The launch page, its hand-out for printing ([`HANDOUT_FILE`]) and the page shell.
    pub site: Site,
    /// The files of the module's folder that the pages show or link to, as safe relative paths
    /// ([`crate::text::asset_references`]). Rendering never reads them: packaging adds them at
    /// [`crate::text::media_path`], where the pages point.
    pub assets: Vec<String>,
}

/// Renders one module of a checked project for `standard`, in memory: the launch page, its
/// hand-out for printing ([`HANDOUT_FILE`]) and the page shell, and the list of the module's files
/// they use.
pub fn render_module(
    project: &Project,
    module: &Loaded<Module>,
    standard: Standard,
    templates: &Templates,
) -> Result<RenderedModule> {
    render_module_in(project, module, standard, templates, None)
}

/// Renders one module as a SCO of a course package: like [`render_module`], and the page shell
/// learns where the SCO stands in the course. The SCO has its own hand-out, and its page links to
/// it and to the course's (at the package's root), unless it is the course's final test.
pub fn render_module_in(
    project: &Project,
    module: &Loaded<Module>,
    standard: Standard,
    templates: &Templates,
    course: Option<&CourseNav>,
) -> Result<RenderedModule> {
    let handouts = course.is_none_or(|c| !c.final_test);
    let view = view::module_view(
        project,
        &module.value,
        standard,
        templates.strings(&module.value.language),
        course,
    )?;
    let page = LaunchView {
        module: &view,
        handout: handouts.then_some(HANDOUT_FILE),
        course_handout: (handouts && course.is_some()).then_some("../handout.html"),
    };
    let id = &module.value.id.value;
    let in_module = |e: Error| match e {
        Error::Usage(m) => Error::Usage(format!("module `{id}`: {m}")),
        Error::Invalid(m) => Error::Invalid(format!("module `{id}`: {m}")),
        e => e,
    };
    // The page holds what its data holds: a view over the limit is refused before the template
    // engine copies it.
    if crate::limits::json_bytes(&page) > crate::limits::MAX_RENDERED_BYTES {
        return Err(in_module(templates::too_large()));
    }
    let mut site = Site::new();
    site.insert(
        LAUNCH_FILE.to_owned(),
        templates
            .render("index.hbs", &page)
            .map_err(in_module)?
            .into_bytes(),
    );
    if handouts {
        site.extend(handout::module_handout(project, &module.value, templates).map_err(in_module)?);
    }
    // All pages together, not only each one, stay under the limit.
    if site.values().map(Vec::len).sum::<usize>() > crate::limits::MAX_RENDERED_BYTES {
        return Err(in_module(templates::too_large()));
    }
    for (name, bytes) in templates.page_shell(standard) {
        site.insert(format!("leskit/{name}"), bytes.to_vec());
    }
    Ok(RenderedModule {
        site,
        assets: crate::text::asset_references(&module.value),
    })
}

/// What the launch page shows: the module's view, and the hand-outs it links to.
#[derive(serde::Serialize)]
struct LaunchView<'a> {
    #[serde(flatten)]
    module: &'a view::ModuleView<'a>,
    /// The module's hand-out, next to the launch page.
    handout: Option<&'static str>,
    /// In a course package, the course's hand-out at the package's root.
    course_handout: Option<&'static str>,
}
