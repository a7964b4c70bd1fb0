//! `leskit clean`: removes what `leskit build` recorded in each project's output folder, all of
//! it or (`--old`) the older versions only, and names what it removed.

use std::path::{Path, PathBuf};

use leskit::build::outputs::{self, Output};
use leskit::diag::display_path;
use leskit::error::Result;
use leskit::exit::OK;
use leskit::output::Style;
use leskit::select::Selection;
use leskit::status;

use super::{label, out_folder, plural};

pub fn run(paths: &[PathBuf], old: bool, dry_run: bool, out: Option<&Path>) -> Result<u8> {
    for selection in Selection::from_paths(paths)? {
        let loaded = leskit::load::load_project(&selection.root)?;
        let out = out_folder(&selection.root, &loaded.project, out);
        let all = outputs::read(&out)?;
        let gone = outputs::to_remove(&all, old);
        let what = if old { "older package" } else { "package" };
        if gone.is_empty() {
            status!(
                "{} no {what} of leskit build to remove in {}",
                label(Style::Done, "clean:"),
                display_path(&out)
            );
            continue;
        }
        let removed: Vec<Output> = if dry_run {
            gone.clone()
        } else {
            outputs::remove(&out, &all, &gone)?
        };
        let verb = if dry_run { "would remove" } else { "removed" };
        for o in &removed {
            let path = display_path(&o.path(&out));
            status!(
                "  {} {path}{}",
                label(Style::Done, verb),
                if o.is_folder() { "/" } else { "" }
            );
        }
        // A package is its zip; its report and the web export's folder go with it.
        let packages = removed.iter().filter(|o| o.name.ends_with(".zip")).count();
        status!(
            "{} {} {} from {}",
            label(Style::Done, "finished:"),
            plural(packages, what),
            if dry_run {
                "would be removed"
            } else {
                "removed"
            },
            display_path(&out)
        );
    }
    Ok(OK)
}
