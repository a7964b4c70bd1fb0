//! `build`: every selected module for every target, in parallel, each zip written atomically.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};
use crate::model::{Loaded, Module, Project};
use crate::package::{Target, package_module};
use crate::render::Templates;

/// A package that was written.
#[derive(Debug, Clone)]
pub struct Built {
    pub module: String,
    pub target: Target,
    pub path: PathBuf,
    pub bytes: usize,
}

/// Builds `modules` × `targets` into `out`. Work is spread over every core; the packages are
/// reported in a fixed order whatever finishes first. A failure of one package does not stop the
/// others, and never leaves a partial file.
pub fn build(
    project: &Project,
    modules: &[&Loaded<Module>],
    targets: &[Target],
    out: &Path,
    templates: &Templates,
    on_done: &(dyn Fn(&Result<Built>) + Sync),
) -> Vec<Result<Built>> {
    if let Err(e) = crate::fs::create_dir_all(out) {
        return vec![Err(e)];
    }
    let jobs: Vec<(&Loaded<Module>, Target)> = modules
        .iter()
        .flat_map(|m| targets.iter().map(move |t| (*m, *t)))
        .collect();
    let results: Mutex<Vec<Option<Result<Built>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let next = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((module, target)) = jobs.get(i) else {
                        break;
                    };
                    let result = build_one(project, module, *target, out, templates);
                    on_done(&result);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every job ran"))
        .collect()
}

fn build_one(
    project: &Project,
    module: &Loaded<Module>,
    target: Target,
    out: &Path,
    templates: &Templates,
) -> Result<Built> {
    let bytes = package_module(project, module, target, templates)?;
    let path = out.join(target.file_name(&module.value));
    crate::fs::write_atomic(&path, |w| w.write_all(&bytes))?;
    Ok(Built {
        module: module.value.id.value.clone(),
        target,
        path,
        bytes: bytes.len(),
    })
}

/// Parses `--target`: a comma-separated list of target names, or `all`.
pub fn parse_targets(list: &str) -> Result<Vec<Target>> {
    let mut targets = Vec::new();
    for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        if name == "all" {
            targets.extend(Target::ALL);
            continue;
        }
        match Target::from_name(name) {
            Some(t) => targets.push(t),
            None => {
                let known: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
                let hint = crate::diag::suggest(name, known.iter().copied()).map_or_else(
                    || format!("the targets are {}, or all", known.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                return Err(Error::Usage(format!("unknown target `{name}`: {hint}")));
            }
        }
    }
    targets.sort();
    targets.dedup();
    if targets.is_empty() {
        return Err(Error::Usage(
            "no target given: use --target scorm12, scorm2004 or all".to_owned(),
        ));
    }
    Ok(targets)
}
