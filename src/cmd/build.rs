//! `leskit build`: checks each project named, then writes its packages for every target (every
//! module and course, or the ones named), records them for `leskit clean`, and says which to
//! upload where.

use std::path::{Path, PathBuf};

use leskit::build::{
    build_all, configured_targets, course_package_warnings, outputs, parse_targets, upload_advice,
};
use leskit::check::{check_project, check_targets, today};
use leskit::diag::{display_path, render_human_styled, render_json};
use leskit::error::Result;
use leskit::exit::OK;
use leskit::output::{Stream, Style};
use leskit::render::Templates;
use leskit::select::Selection;
use leskit::{errln, outln, status, verbose};

use super::{label, out_folder, plural, report};
use crate::cli::MessageFormat;

pub fn run(
    paths: &[PathBuf],
    target: Option<&str>,
    out: Option<&Path>,
    templates: Option<&Path>,
    format: MessageFormat,
) -> Result<u8> {
    let given = target.map(parse_targets).transpose()?;
    let templates = Templates::load(templates)?;
    let mut worst = OK;
    for selection in Selection::from_paths(paths)? {
        let root = &selection.root;
        let mut checked = check_project(root, today())?;
        let targets = match &given {
            Some(given) => Ok(given.clone()),
            // Reported once, by itself, after the other problems of the project.
            None => configured_targets(&checked.project)
                .map_err(|d| leskit::error::Error::Invalid(d.one_line())),
        };
        if let Ok(targets) = &targets {
            check_targets(&mut checked, targets);
        }
        let code = report(&checked, format);
        if code != OK {
            errln!(
                "{}: nothing was built: fix the errors above first",
                label(Style::Error, "error")
            );
            worst = worst.max(code);
            continue;
        }
        let project = &checked.project;
        let targets = targets?;
        let out = out_folder(root, project, out);
        verbose!(
            "project: {}; targets: {}; into {}",
            display_path(root),
            targets
                .iter()
                .map(|t| t.name())
                .collect::<Vec<_>>()
                .join(", "),
            display_path(&out)
        );
        let modules = selection.modules(project);
        let courses = selection.courses(project);
        if modules.is_empty() && courses.is_empty() {
            errln!(
                "{}: nothing to build in {}",
                label(Style::Warning, "warning"),
                display_path(root)
            );
            continue;
        }
        let started = std::time::Instant::now();
        let results = build_all(
            project,
            &modules,
            &courses,
            &targets,
            &out,
            &templates,
            &|r| match r {
                Ok(b) => status!(
                    "  {} {} ({} KiB){}",
                    label(Style::Done, "built"),
                    display_path(&b.path),
                    b.bytes.div_ceil(1024),
                    if b.target.writes_folder() {
                        format!(
                            " and the folder {}/",
                            display_path(&b.path.with_extension(""))
                        )
                    } else {
                        String::new()
                    }
                ),
                Err(e) => errln!("{}: {e}", label(Style::Error, "error")),
            },
        );
        let built: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        if !built.is_empty()
            && let Err(e) = outputs::record(&out, &built)
        {
            // The packages are written; only `leskit clean` would not know them.
            errln!("{}: {e}", label(Style::Error, "error"));
            worst = worst.max(e.exit_code());
        }
        let failed = results.iter().filter(|r| r.is_err()).count();
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            worst = worst.max(e.exit_code());
        }
        let summary = format!(
            "{} {} in {} in {:.2}s{}",
            if failed == 0 {
                label(Style::Done, "finished:")
            } else {
                label(Style::Error, "failed:")
            },
            plural(results.len() - failed, "package"),
            display_path(&out),
            started.elapsed().as_secs_f64(),
            if failed > 0 {
                format!(", {failed} failed")
            } else {
                String::new()
            }
        );
        if failed == 0 {
            status!("{summary}");
        } else {
            errln!("{summary}");
        }
        // Said with the summary, where the files to upload are named.
        for w in course_package_warnings(project, &courses, &targets) {
            match format {
                MessageFormat::Human => errln!(
                    "{}",
                    render_human_styled(
                        &w,
                        w.file.as_deref().and_then(|f| checked.texts.get(f)),
                        leskit::output::color(Stream::Stderr)
                    )
                ),
                MessageFormat::Json => outln!("{}", render_json(&w)),
            }
        }
        let advice = upload_advice(&built, &out);
        if !advice.is_empty() {
            status!("{}", label(Style::Done, "upload:"));
            for line in advice {
                status!("  {line}");
            }
        }
    }
    Ok(worst)
}
