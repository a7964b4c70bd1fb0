//! `leskit preview`: a module in a simulated LMS, or the list of what there is to preview.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use leskit::check::{check_project, today};
use leskit::diag::display_path;
use leskit::error::{Error, Result};
use leskit::exit::OK;
use leskit::package::Target;
use leskit::preview::{Event, Reporter};
use leskit::select::Preview;
use leskit::{err, errln, outln};

pub fn run(
    path: Option<&Path>,
    port: Option<u16>,
    target: &str,
    open: bool,
    templates: Option<PathBuf>,
) -> Result<u8> {
    let target = match leskit::build::parse_targets(target)?.as_slice() {
        [one] if Target::SCORM.contains(one) => *one,
        [one] => {
            return Err(Error::Usage(format!(
                "the preview simulates a SCORM LMS and cannot run `{}`: use --target scorm12 or --target scorm2004 (the page switches between them), or open a package built with `leskit build --target {}`",
                one.name(),
                one.name()
            )));
        }
        _ => {
            return Err(Error::Usage(
                "preview one standard at a time: --target scorm12 or --target scorm2004 (the page switches between them)".to_owned(),
            ));
        }
    };
    match Preview::from_path(path)? {
        Preview::List { root } => {
            list(&root)?;
            Ok(OK)
        }
        Preview::Module { root, id } => {
            let options = leskit::preview::Options {
                root,
                module_id: id,
                port,
                target,
                open,
                templates,
            };
            let report: Reporter = Arc::new(print);
            leskit::preview::run(&options, &report)
        }
    }
}

/// Prints what the preview reports: problems and progress on standard error, the address alone on
/// standard output (for people and for scripts).
fn print(event: Event<'_>) {
    match event {
        Event::Built { outcome, took } => {
            for p in outcome.errors.iter().chain(&outcome.warnings) {
                err!("{}", p.text);
            }
            match outcome.errors.len() {
                0 => errln!("rendered in {} ms", took.as_millis()),
                n => errln!(
                    "error: {n} {}; the preview keeps the last good version",
                    if n == 1 { "error" } else { "errors" }
                ),
            }
        }
        Event::Serving {
            url,
            module_id,
            root,
        } => {
            outln!("{url}");
            errln!(
                "previewing `{module_id}` from {} at {url} (Ctrl-C stops)",
                display_path(root)
            );
            leskit::output::flush();
        }
        Event::WatchFailed(why) => errln!("warning: watching the sources: {why}"),
        Event::NoBrowser { url, error } => {
            errln!("warning: could not open a browser ({error}); open {url} yourself");
        }
        Event::Stopped => errln!("preview stopped"),
    }
}

/// Prints the project's modules and courses, and how to preview one.
fn list(root: &Path) -> Result<()> {
    let root = leskit::load::project_root(root)?;
    let checked = check_project(&root, today())?;
    let p = &checked.project;
    let shown = display_path(&root);
    if p.modules.is_empty() {
        errln!("{shown} has no modules yet: write one with `leskit new module <id>`");
        return Ok(());
    }
    let mut modules: Vec<_> = p.modules.iter().collect();
    modules.sort_by(|a, b| a.value.id.value.cmp(&b.value.id.value));
    let width = modules
        .iter()
        .map(|m| m.value.id.value.len())
        .chain(p.courses.iter().map(|c| c.value.id.value.len()))
        .max()
        .unwrap_or(0);
    outln!("modules in {shown}:");
    for m in &modules {
        outln!("  {:width$}  {}", m.value.id.value, m.value.title.value);
    }
    if !p.courses.is_empty() {
        outln!("courses:");
        for c in &p.courses {
            let ids: Vec<&str> = c.value.modules.iter().map(|m| m.value.as_str()).collect();
            outln!(
                "  {:width$}  {} ({})",
                c.value.id.value,
                c.value.title.value,
                ids.join(", ")
            );
        }
    }
    let example = &modules[0];
    errln!(
        "preview a module with `leskit preview {}`",
        display_path(&example.path)
    );
    if checked.diagnostics.has_errors() {
        errln!("note: the project has errors; `leskit check` lists them");
    }
    Ok(())
}
