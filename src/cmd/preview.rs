//! `leskit preview`: a module or course in a simulated LMS, or the whole project with an index.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use leskit::diag::display_path;
use leskit::error::{Error, Result};
use leskit::package::Target;
use leskit::preview::{Event, Item, Reporter};
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
    let (root, item) = match Preview::from_path(path)? {
        Preview::Project { root } => (leskit::load::project_root(&root)?, None),
        Preview::Module { root, id } => (root, Some(Item::Module(id))),
        Preview::Course { root, id } => (root, Some(Item::Course(id))),
    };
    let options = leskit::preview::Options {
        root,
        item,
        port,
        target,
        open,
        templates,
    };
    let report: Reporter = Arc::new(print);
    leskit::preview::run(&options, &report)
}

/// Prints what the preview reports: problems and progress on standard error, the address alone on
/// standard output (for people and for scripts). After a save, only the warnings of the saved
/// files and of what is made from them.
fn print(event: Event<'_>) {
    match event {
        Event::Built {
            outcome,
            took,
            changed,
        } => {
            for p in &outcome.errors {
                err!("{}", p.text);
            }
            let told = outcome.warnings_after(changed);
            for p in &told {
                err!("{}", p.text);
            }
            if !changed.is_empty() {
                let others = outcome.warnings.len() - told.len();
                let what = match changed {
                    [one] => one.clone(),
                    more => format!("{} files", more.len()),
                };
                errln!(
                    "saved {what}: {} {} there and in what uses it{}",
                    told.len(),
                    if told.len() == 1 {
                        "warning"
                    } else {
                        "warnings"
                    },
                    if others > 0 {
                        format!(" ({others} elsewhere, unchanged: `leskit check` lists them)")
                    } else {
                        String::new()
                    }
                );
            }
            match outcome.errors.len() {
                0 => errln!("checked in {} ms", took.as_millis()),
                n => errln!(
                    "error: {n} {}; the preview keeps the last good version",
                    if n == 1 { "error" } else { "errors" }
                ),
            }
        }
        Event::Serving { url, item, root } => {
            outln!("{url}");
            match item {
                Some(item) => errln!(
                    "previewing the {} `{}` from {} at {url} (Ctrl-C stops)",
                    item.kind(),
                    item.id(),
                    display_path(root)
                ),
                None => errln!(
                    "previewing every module and course of {} at {url} (Ctrl-C stops)",
                    display_path(root)
                ),
            }
            leskit::output::flush();
        }
        Event::WatchFailed(why) => errln!("warning: watching the sources: {why}"),
        Event::NoBrowser { url, error } => {
            errln!("warning: could not open a browser ({error}); open {url} yourself");
        }
        Event::Stopped => errln!("preview stopped"),
    }
}
