//! Course packages: every module of a course as a SCO of one package, in the course's order, and
//! the course's final test as a SCO of its own after them.
//!
//! Each SCO's files sit in a folder named after it (`<module-id>/index.html`, `<module-id>/leskit/…`,
//! `<module-id>/media/…`), so the modules' pages never mix. Identifiers come from the course and
//! module ids (`<course>-org`, `<course>-<module>-item`, `<course>-<module>-sco`), never from a
//! version, so that a corrected course uploaded over an old one keeps every learner's records.
//!
//! What the SCOs report decides the course: a module is *done* once it is completed and, when it
//! has a quiz, passed. A module opens once every module it waits for (`rules.prerequisites`) is
//! done, and the final test once every module is done. SCORM 1.2 says this with `adlcp:prerequisites`;
//! SCORM 2004 with sequencing rules over shared objectives (see `scorm2004.rs`).

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Block, Course, Loaded, Module, Page, Project, Spanned};
use crate::render::{self, CourseNav, Site};

use super::{ManifestFacts, Package, Target};

/// What both course manifests say.
pub(crate) struct CourseFacts<'a> {
    /// The course itself, for the metadata (its `files` and `pass_mark` are unused).
    pub meta: ManifestFacts<'a>,
    pub scos: Vec<ScoFacts>,
    /// Whether the last SCO is the final test, whose result is the course's.
    pub has_final_test: bool,
}

/// One SCO of a course package.
pub(crate) struct ScoFacts {
    /// The module id, or the final test's quiz id.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The pass mark in percent, only for a SCO with points to score.
    pub pass_mark: Option<i64>,
    /// The SCOs (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// `after` without the SCOs that another one in `after` waits for already, directly or not:
    /// the same order in an LMS that keeps to it, in fewer words.
    pub after_direct: Vec<String>,
    /// Its files in the package, sorted; the launch page first.
    pub files: Vec<String>,
}

impl CourseFacts<'_> {
    pub fn org(&self) -> String {
        format!("{}-org", self.meta.id)
    }
    pub fn item(&self, sco: &str) -> String {
        item_id(self.meta.id, sco)
    }
    pub fn resource(&self, sco: &str) -> String {
        format!("{}-{sco}-sco", self.meta.id)
    }
    /// The shared (global) objective a SCO writes: satisfied once the SCO is done.
    pub fn done(&self, sco: &str) -> String {
        format!("{}-{sco}-done", self.meta.id)
    }
}

/// The identifier of a SCO's item in the course's organization: `<course>-<sco>-item`.
pub(crate) fn item_id(course_id: &str, sco: &str) -> String {
    format!("{course_id}-{sco}-item")
}

/// What the package of `course` for `target` cannot say, found from the plan of its SCOs without
/// rendering anything: for SCORM 1.2, a SCO whose prerequisites are longer than the manifest may
/// hold (E0407). `check` reports these for the targets that are built, and [`course_package`]
/// refuses such a course.
pub fn course_limits(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
) -> Vec<Diagnostic> {
    let c = &course.value;
    if target != Target::Scorm12 {
        return Vec::new();
    }
    let final_test = final_test_module(project, c);
    // A module that is missing, or a final test with a module's id, is the course's own error
    // (E0402, E0406).
    let Ok(scos) = plan(project, c, final_test.as_ref()) else {
        return Vec::new();
    };
    let max = super::scorm12::MAX_PREREQUISITES_CHARS;
    let mut out = Vec::new();
    for (module, after) in &scos {
        let Some(script) = super::scorm12::prerequisites(&c.id.value, &direct(after, &scos)) else {
            continue;
        };
        let chars = script.chars().count();
        if chars <= max {
            continue;
        }
        let id = &module.value.id.value;
        let is_final_test = final_test.as_ref().is_some_and(|t| t.value.id.value == *id);
        let pos = if is_final_test {
            c.rules.final_test.as_ref().map(|t| t.pos)
        } else {
            c.rules
                .prerequisites
                .iter()
                .find(|p| p.module.value == *id)
                .map(|p| p.module.pos)
        };
        out.push(
            Diagnostic::error(
                "E0407",
                format!(
                    "the modules that `{id}` waits for make a SCORM 1.2 prerequisite of {chars} characters, more than the {max} allowed"
                ),
            )
            .at(&course.path, pos.unwrap_or(c.id.pos))
            .hint("use shorter module or course ids, or fewer prerequisites; or build the course for SCORM 2004 or cmi5 only (`--target`, or `targets` in leskit.toml)"),
        );
    }
    out
}

/// `<course-id>-<version>-<target>.zip`
pub fn course_file_name(course: &Course, target: Target) -> String {
    format!(
        "{}-{}-{}.zip",
        course.id.value,
        course.version.value,
        target.name()
    )
}

/// The final test as a module of one page showing the quiz, so that it renders, scores and reports
/// like any module: id and title from the quiz, language and version from the course, the source
/// of the course's first module, the pass mark from `rules.pass_mark`.
pub fn final_test_module(project: &Project, course: &Course) -> Option<Loaded<Module>> {
    let id = course.rules.final_test.as_ref()?;
    let quiz = project.quiz(id)?;
    let first = course
        .modules
        .iter()
        .find_map(|m| project.modules.iter().find(|l| l.value.id.value == m.value))?;
    let text = |t: &str| Spanned::unplaced(t.to_owned());
    Some(Loaded {
        path: quiz.path.clone(),
        value: Module {
            id: text(&quiz.value.id),
            title: text(&quiz.value.title),
            description: None,
            language: course.language.clone(),
            version: course.version.clone(),
            authors: Vec::new(),
            source: first.value.source.clone(),
            duration_minutes: None,
            keywords: Vec::new(),
            reviewed: None,
            pass_mark: course.rules.pass_mark.clone(),
            allow_retry: Spanned::unplaced(true),
            allow_html: Spanned::unplaced(false),
            pages: vec![Page {
                id: text(&quiz.value.id),
                title: text(&quiz.value.title),
                body: None,
                blocks: vec![Block::Quiz(text(&quiz.value.id))],
            }],
        },
    })
}

/// The course's SCOs in order: its modules, then the final test. Each with the ids it waits for.
fn plan<'a>(
    project: &'a Project,
    course: &Course,
    final_test: Option<&'a Loaded<Module>>,
) -> Result<Vec<(&'a Loaded<Module>, Vec<String>)>> {
    let mut scos = Vec::new();
    for id in &course.modules {
        let module = project
            .modules
            .iter()
            .find(|m| m.value.id.value == id.value)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "the course `{}` lists the module `{}`, which is not in the project",
                    course.id.value, id.value
                ))
            })?;
        let after = course
            .rules
            .prerequisites
            .iter()
            .filter(|p| p.module.value == id.value)
            .flat_map(|p| p.after.iter().map(|a| a.value.clone()))
            .fold(Vec::new(), |mut all: Vec<String>, a| {
                if !all.contains(&a) {
                    all.push(a);
                }
                all
            });
        scos.push((module, after));
    }
    if let Some(test) = final_test {
        if scos
            .iter()
            .any(|(m, _)| m.value.id.value == test.value.id.value)
        {
            return Err(Error::Invalid(format!(
                "the final test `{}` has the id of a module of the course `{}`",
                test.value.id.value, course.id.value
            )));
        }
        let all = course.modules.iter().map(|m| m.value.clone()).collect();
        scos.push((test, all));
    }
    Ok(scos)
}

/// `after` less every id that another id of `after` waits for, directly or through others.
fn direct(after: &[String], scos: &[(&Loaded<Module>, Vec<String>)]) -> Vec<String> {
    let waits_for = |id: &str| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        let mut todo = vec![id.to_owned()];
        while let Some(at) = todo.pop() {
            let Some((_, next)) = scos.iter().find(|(m, _)| m.value.id.value == at) else {
                continue;
            };
            for n in next {
                if !seen.contains(n) {
                    seen.push(n.clone());
                    todo.push(n.clone());
                }
            }
        }
        seen
    };
    after
        .iter()
        .filter(|a| !after.iter().any(|b| b != *a && waits_for(b).contains(a)))
        .cloned()
        .collect()
}

/// Renders every SCO of a course, with one manifest; the web export has a course page at its
/// root instead, linking to every module.
pub fn course_package(
    project: &Project,
    course: &Loaded<Course>,
    target: Target,
    templates: &render::Templates,
) -> Result<Package> {
    let c = &course.value;
    if c.rules.final_test.is_some() && final_test_module(project, c).is_none() {
        return Err(Error::Invalid(format!(
            "the final test of the course `{}` cannot be built: its quiz or the course's first module is missing",
            c.id.value
        )));
    }
    if let Some(d) = course_limits(project, course, target).into_iter().next() {
        return Err(Error::Invalid(format!(
            "the course `{}`: {}: {}",
            c.id.value,
            d.message,
            d.hints.join("; ")
        )));
    }
    let final_test = final_test_module(project, c);
    let scos = plan(project, c, final_test.as_ref())?;
    let mut site = Site::new();
    let mut facts = Vec::with_capacity(scos.len());
    let is_final_test = |m: &Module| {
        final_test
            .as_ref()
            .is_some_and(|t| t.value.id.value == m.id.value)
    };
    for (i, (module, after)) in scos.iter().enumerate() {
        let m = &module.value;
        let nav = CourseNav {
            id: c.id.value.clone(),
            title: c.title.value.clone(),
            previous: i > 0,
            next: i + 1 < scos.len(),
            next_needs_this: scos
                .get(i + 1)
                .is_some_and(|(_, next_after)| next_after.contains(&m.id.value)),
            final_test: is_final_test(m),
        };
        let rendered =
            render::render_module_in(project, module, target.standard(), templates, Some(&nav))?;
        let mut rendered_site = rendered.site;
        super::add_media(project, m, &rendered.assets, &mut rendered_site)?;
        let launch = format!("{}/{}", m.id.value, render::LAUNCH_FILE);
        let mut files = vec![launch.clone()];
        for (path, bytes) in rendered_site {
            let path = format!("{}/{path}", m.id.value);
            if path != launch {
                files.push(path.clone());
            }
            site.insert(path, bytes);
        }
        facts.push(ScoFacts {
            id: m.id.value.clone(),
            title: m.title.value.clone(),
            description: m.description.as_ref().map(|d| d.value.clone()),
            pass_mark: crate::policy::scored(project, m).then_some(m.pass_mark.value),
            after: after.clone(),
            after_direct: direct(after, &scos),
            files,
        });
    }
    // The course's hand-out at the root: the modules (not the final test, whose answers it would
    // print). The manifest has a resource per SCO only, so the first SCO lists its files.
    let modules: Vec<&Module> = scos
        .iter()
        .map(|(m, _)| &m.value)
        .filter(|m| !is_final_test(m))
        .collect();
    let handout = render::course_handout(project, c, &modules, templates)?;
    if let Some(first) = facts.first_mut() {
        first.files.extend(handout.keys().cloned());
        first.files[1..].sort();
    }
    site.extend(handout);
    let minutes: u32 = scos
        .iter()
        .filter_map(|(m, _)| m.value.duration_minutes.as_ref().map(|d| d.value))
        .sum();
    let facts = CourseFacts {
        meta: ManifestFacts {
            id: &c.id,
            title: &c.title,
            description: c.description.as_ref().map(|d| d.value.as_str()),
            language: &c.language,
            version: &c.version,
            keywords: Vec::new(),
            duration_minutes: (minutes > 0).then_some(minutes),
            pass_mark: None,
            files: Vec::new(),
        },
        scos: facts,
        has_final_test: final_test.is_some(),
    };
    let manifest = match target {
        Target::Scorm12 => Some(super::scorm12::course_manifest(&facts)),
        Target::Scorm2004 => Some(super::scorm2004::course_manifest(&facts)),
        Target::Cmi5 => Some(super::cmi5::course_manifest(&facts)),
        Target::Html => {
            let entries: Vec<render::CourseEntry> = facts
                .scos
                .iter()
                .map(|sco| render::CourseEntry {
                    href: sco.files[0].clone(),
                    title: sco.title.clone(),
                    description: sco.description.clone(),
                })
                .collect();
            site.insert(
                render::LAUNCH_FILE.to_owned(),
                render::course_home(c, &entries, &site, templates)?.into_bytes(),
            );
            None
        }
    };
    Ok(Package::new(site, target, manifest))
}
