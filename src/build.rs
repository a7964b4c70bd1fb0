//! `build`: every selected module and course for every target, in parallel, each zip written
//! atomically.

pub mod outputs;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Course, Loaded, Module, Pos, Project};
use crate::package::{Package, Target, course_file_name, course_package, module_package};
use crate::render::Templates;

/// A package that was written.
#[derive(Debug, Clone)]
pub struct Built {
    /// The module id, or the course id for a course package.
    pub module: String,
    /// The module's or course's version.
    pub version: String,
    /// Whether this is a course package.
    pub course: bool,
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
    build_all(project, modules, &[], targets, out, templates, on_done)
}

/// What one job packages.
#[derive(Clone, Copy)]
enum Unit<'a> {
    Module(&'a Loaded<Module>),
    Course(&'a Loaded<Course>),
}

/// Like [`build`], and each of `courses` as one package (`<course-id>-<version>-<target>.zip`)
/// with a SCO per module. The modules' packages come first, then the courses'.
pub fn build_all(
    project: &Project,
    modules: &[&Loaded<Module>],
    courses: &[&Loaded<Course>],
    targets: &[Target],
    out: &Path,
    templates: &Templates,
    on_done: &(dyn Fn(&Result<Built>) + Sync),
) -> Vec<Result<Built>> {
    if let Err(e) = crate::fs::create_dir_all(out) {
        // Reported like any other failure, so that the reason (the path and the OS error) is
        // shown, not only "1 failed".
        let failed = Err(e);
        on_done(&failed);
        return vec![failed];
    }
    // What a killed build left behind (temporary files and folders) goes first.
    crate::fs::remove_stale_temporaries(out);
    let units = modules
        .iter()
        .map(|m| Unit::Module(m))
        .chain(courses.iter().map(|c| Unit::Course(c)));
    let jobs: Vec<(Unit, Target)> = units
        .flat_map(|u| targets.iter().map(move |t| (u, *t)))
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
                    let Some((unit, target)) = jobs.get(i) else {
                        break;
                    };
                    let result = match unit {
                        Unit::Module(m) => build_one(project, m, *target, out, templates),
                        Unit::Course(c) => build_course(project, c, *target, out, templates),
                    };
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
    let package = module_package(project, module, target, templates)?;
    let path = out.join(target.file_name(&module.value));
    write(&package, target, &path, &module.value.id.value).map(|b| Built {
        version: module.value.version.value.clone(),
        ..b
    })
}

fn build_course(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
    out: &Path,
    templates: &Templates,
) -> Result<Built> {
    let package = course_package(project, course, target, templates)?;
    let path = out.join(course_file_name(&course.value, target));
    write(&package, target, &path, &course.value.id.value).map(|b| Built {
        version: course.value.version.value.clone(),
        course: true,
        ..b
    })
}

/// Writes a package's zip to `path`, and for the web export the same files as a folder beside it
/// (`path` without `.zip`), ready to open or to copy to a web server.
fn write(package: &Package, target: Target, path: &Path, id: &str) -> Result<Built> {
    let bytes = package.zip();
    // The report from the package's own facts record, as `leskit describe` reads it from the zip.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = crate::describe::text::render(&crate::describe::describe_package(&name, package));
    if target.writes_folder() {
        crate::fs::write_dir_atomic(&path.with_extension(""), &package.site)?;
    }
    crate::fs::write_atomic(path, |w| w.write_all(&bytes))?;
    crate::fs::write_atomic(&report_path(path), |w| w.write_all(report.as_bytes()))?;
    Ok(Built {
        module: id.to_owned(),
        version: String::new(),
        course: false,
        target,
        path: path.to_path_buf(),
        bytes: bytes.len(),
    })
}

/// The report beside the package at `zip`: `<package>.txt`, what `leskit describe` prints of it.
///
/// Plain text rather than HTML: a training department attaches it to an upload ticket, pastes
/// it into one or an e-mail, prints it or opens it in Notepad, and every ticket system shows a
/// `.txt` inline where it would offer an `.html` as a download (or strip it as unsafe).
pub fn report_path(zip: &Path) -> PathBuf {
    zip.with_extension("txt")
}

/// W0402 for each of `courses` that becomes a SCORM package of several SCOs (a SCO per module,
/// and the final test's): an LMS that launches only a package's first SCO leaves the others
/// unreachable, and passing the first module passes the course there.
pub fn course_package_warnings(
    project: &Project,
    courses: &[&Loaded<Course>],
    targets: &[Target],
) -> Vec<Diagnostic> {
    let scorm: Vec<&str> = targets
        .iter()
        .filter(|t| Target::SCORM.contains(t))
        .map(|t| t.name())
        .collect();
    if scorm.is_empty() {
        return Vec::new();
    }
    courses
        .iter()
        .filter_map(|c| {
            let v = &c.value;
            let scos = v.modules.len()
                + usize::from(crate::package::final_test_module(project, v).is_some());
            (scos > 1).then(|| {
                Diagnostic::warning(
                    "W0402",
                    crate::package::lms::first_sco_only_message(&format!(
                        "the course `{}` becomes a {} package of {scos} SCOs{}",
                        v.id.value,
                        scorm.join(" and a "),
                        if scorm.len() > 1 { " each" } else { "" },
                    )),
                )
                .at(&c.path, v.id.pos)
                .hint(format!(
                    "{} (leskit build writes them too)",
                    crate::package::lms::FIRST_SCO_ONLY_ADVICE
                ))
            })
        })
        .collect()
}

/// What to upload where, from the LMS guide's advice: one line per kind of package in `built`,
/// each saying for which LMSs and naming the files (in `out`).
pub fn upload_advice(built: &[&Built], out: &Path) -> Vec<String> {
    let has = |course: bool, t: &str| {
        built
            .iter()
            .any(|b| b.course == course && b.target.name() == t)
    };
    let modules = |t: &str| {
        let mine: Vec<&&Built> = built
            .iter()
            .filter(|b| !b.course && b.target.name() == t)
            .collect();
        let pattern = crate::diag::display_path(&out.join(format!("*-{t}.zip")));
        // The pattern matches a course package of the target too.
        let but = if has(true, t) {
            " but the course's"
        } else {
            ""
        };
        match mine.as_slice() {
            [one] => format!(
                "the module package {}",
                crate::diag::display_path(&one.path)
            ),
            _ => format!(
                "the {} module packages {pattern}{but}, one activity each",
                mine.len()
            ),
        }
    };
    let courses = |t: &str| {
        built
            .iter()
            .filter(|b| b.course && b.target.name() == t)
            .map(|b| {
                let path = if b.target.writes_folder() {
                    b.path.with_extension("")
                } else {
                    b.path.clone()
                };
                crate::diag::display_path(&path)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = Vec::new();
    if has(false, "scorm12") {
        let who = if has(false, "scorm2004") {
            "Moodle, Totara, Canvas, itslearning, Open edX"
        } else {
            "Moodle, Totara, Canvas, itslearning, Open edX, Brightspace"
        };
        lines.push(format!("{who}: {}", modules("scorm12")));
    }
    if has(false, "scorm2004") {
        lines.push(format!(
            "Brightspace, SuccessFactors, Cornerstone and other corporate LMSs: {}",
            modules("scorm2004")
        ));
    }
    if has(false, "cmi5") {
        lines.push(format!(
            "an LMS or record store with cmi5: {}",
            modules("cmi5")
        ));
    }
    if has(false, "html") {
        lines.push(format!(
            "no LMS (a web server, a shared folder): the folder beside each {}",
            crate::diag::display_path(&out.join("*-html.zip"))
        ));
    }
    if has(true, "scorm2004") {
        lines.push(format!(
            "an LMS with full SCORM 2004 sequencing, the whole course in one upload: {}",
            courses("scorm2004")
        ));
    }
    if has(true, "scorm12") {
        lines.push(format!(
            "one upload of the whole course, where that matters more than the order (not Open edX): {}",
            courses("scorm12")
        ));
    }
    if has(true, "cmi5") {
        lines.push(format!(
            "the whole course in an LMS with cmi5: {}",
            courses("cmi5")
        ));
    }
    if has(true, "html") {
        lines.push(format!(
            "the whole course without an LMS: the folder {}",
            courses("html")
        ));
    }
    lines
}

/// The targets a project builds without `--target`: `build.targets` in leskit.toml, else SCORM
/// 1.2. A name that is not a target is a problem of leskit.toml (E0105), at that name: `check`
/// reports it with the others, and `build` stops on it ([`Diagnostic::one_line`]).
pub fn configured_targets(project: &Project) -> std::result::Result<Vec<Target>, Box<Diagnostic>> {
    let Some((settings, names)) = project
        .settings
        .as_ref()
        .and_then(|s| Some((s, s.value.build.targets.as_ref()?)))
    else {
        return Ok(vec![Target::SCORM12]);
    };
    let list: Vec<&str> = names.iter().map(|n| n.value.as_str()).collect();
    parse_targets(&list.join(",")).map_err(|e| {
        let why = e.to_string();
        let (what, hint) = why.split_once(": ").unwrap_or((why.as_str(), ""));
        let wrong = names
            .iter()
            .find(|n| parse_targets(&n.value).is_err())
            .or(names.first());
        let d = Diagnostic::error("E0105", format!("build.targets: {what}"))
            .at(&settings.path, wrong.map_or(Pos::UNKNOWN, |n| n.pos));
        Box::new(if hint.is_empty() { d } else { d.hint(hint) })
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
        let known: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
        return Err(Error::Usage(format!(
            "no target given: use --target with {}, or all",
            known.join(", ")
        )));
    }
    Ok(targets)
}
