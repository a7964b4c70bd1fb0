//! The plan of a course package: every module of a course as a SCO of one package, in the
//! course's order, and the course's final test as a SCO of its own after them, each with the SCOs
//! it waits for. Rendering them and writing the manifest is [`super::course_package`]'s.
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

use crate::error::{Error, Result};
use crate::model::{Block, Course, Loaded, Module, Page, Project, Spanned};

use super::facts::PlannedSco;

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
            learning_goals: Vec::new(),
            cover: None,
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

/// The course's final test as a module ([`final_test_module`]), if it has one; an error when it
/// names one that cannot be built.
pub(super) fn final_test(project: &Project, c: &Course) -> Result<Option<Loaded<Module>>> {
    if c.rules.final_test.is_some() && final_test_module(project, c).is_none() {
        return Err(Error::Invalid(format!(
            "the final test of the course `{}` cannot be built: its quiz or the course's first module is missing",
            c.id.value
        )));
    }
    Ok(final_test_module(project, c))
}

/// The course's SCOs in order: its modules, then the final test. Each with the ids it waits for.
pub(super) fn plan<'a>(
    project: &'a Project,
    course: &Course,
    final_test: Option<&'a Loaded<Module>>,
) -> Result<Vec<PlannedSco<'a>>> {
    let waits = waits_for(project, course, final_test)?;
    Ok(waits
        .iter()
        .map(|(module, after)| PlannedSco {
            module,
            after: after.clone(),
            after_direct: direct(after, &waits),
            final_test: final_test.is_some_and(|t| t.value.id.value == module.value.id.value),
        })
        .collect())
}

/// The course's SCOs in order, each with the ids it waits for.
fn waits_for<'a>(
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
