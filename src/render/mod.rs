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
pub use view::{CourseNav, source_citation};

/// The files of a rendered module: relative path (with `/`) → contents. Sorted, so everything
/// downstream sees the files in one order.
pub type Site = BTreeMap<String, Vec<u8>>;

/// The launch page of every package.
pub const LAUNCH_FILE: &str = "index.html";

/// What a page needs to know about the run-time it talks to. Each output format names its own
/// (`package/<format>.rs`); rendering only reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runtime {
    /// The name the page shell switches on (`data-standard` and the page data's `standard`), and
    /// whose script the page loads (`templates/leskit-<name>.js`): `scorm12`, `scorm2004`,
    /// `cmi5`, or `web` for a page with no LMS.
    pub name: &'static str,
    /// The page's Content-Security-Policy `connect-src`: `'none'` unless the run-time talks to a
    /// server.
    pub connect_src: &'static str,
    /// How the run-time keeps the page's saved state ([`crate::policy`]).
    pub state_store: crate::policy::StateStore,
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

/// Renders one module of a checked project for `runtime`, in memory: the launch page, its
/// hand-out for printing ([`HANDOUT_FILE`]) and the page shell, and the list of the module's files
/// they use.
pub fn render_module(
    project: &Project,
    module: &Loaded<Module>,
    runtime: Runtime,
    templates: &Templates,
) -> Result<RenderedModule> {
    render_module_in(project, module, runtime, templates, None)
}

/// Renders one module as a SCO of a course package: like [`render_module`], and the page shell
/// learns where the SCO stands in the course. The SCO has its own hand-out, and its page links to
/// it and to the course's (at the package's root), unless it is the course's final test.
pub fn render_module_in(
    project: &Project,
    module: &Loaded<Module>,
    runtime: Runtime,
    templates: &Templates,
    course: Option<&CourseNav>,
) -> Result<RenderedModule> {
    let handouts = course.is_none_or(|c| !c.final_test);
    let view = view::module_view(
        project,
        &module.value,
        runtime,
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
    for (name, bytes) in templates.page_shell(runtime) {
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
