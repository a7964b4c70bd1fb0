//! Rules for the shared content files and for courses.

use super::markdown::AssetDir;
use super::markdown::{Scope, check_markdown};
use super::module::{check_cover, check_language, check_learning_goals, check_version};
use super::{Context, check_file_id, check_id, check_text, unique, unknown_ref};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Course, Loaded, Project};
use crate::text::{LinkKind, classify_link};

pub(super) fn check_content(project: &Project, out: &mut Diagnostics) {
    if let Some(c) = &project.contacts {
        unique(
            c.value.contacts.iter().map(|x| (&c.path, &x.id)),
            "contact",
            out,
        );
        for contact in &c.value.contacts {
            check_id(&c.path, &contact.id, "contact", out);
            check_text(&c.path, &contact.name, "name", out);
            check_text(&c.path, &contact.description, "description", out);
            let scope = Scope {
                file: &c.path,
                pages: None,
                asset_dir: None,
                allow_html: false,
                phone_numbers_allowed: true,
            };
            check_markdown(&scope, &contact.description, out);
            if let Some(url) = &contact.url {
                check_https(&c.path, url, out);
            }
            if contact.phone.is_none() && contact.whatsapp.is_none() && contact.url.is_none() {
                out.push(
                    Diagnostic::warning(
                        "W0401",
                        format!(
                            "the contact `{}` has no phone number, WhatsApp number or address",
                            contact.id.value
                        ),
                    )
                    .at(&c.path, contact.id.pos)
                    .hint("add `phone`, `whatsapp` or `url`, so learners know how to reach it"),
                );
            }
        }
    }
    if let Some(s) = &project.sources {
        unique(
            s.value.sources.iter().map(|x| (&s.path, &x.id)),
            "source",
            out,
        );
        for source in &s.value.sources {
            check_id(&s.path, &source.id, "source", out);
            check_text(&s.path, &source.title, "title", out);
            if let Some(url) = &source.url {
                check_https(&s.path, url, out);
            }
        }
    }
    if let Some(s) = &project.signals {
        unique(
            s.value.signals.iter().map(|x| (&s.path, &x.id)),
            "signal",
            out,
        );
        for signal in &s.value.signals {
            check_id(&s.path, &signal.id, "signal", out);
            check_text(&s.path, &signal.text, "signal text", out);
        }
    }
}

fn check_https(file: &std::path::Path, url: &crate::model::Spanned<String>, out: &mut Diagnostics) {
    if !(classify_link(&url.value) == LinkKind::Outbound
        && url.value.to_ascii_lowercase().starts_with("https://"))
    {
        out.push(
            Diagnostic::error(
                "E0214",
                format!("the address `{}` is not an https: address", url.value),
            )
            .at(file, url.pos)
            .hint("write the full address, starting with https://"),
        );
    }
}

pub(super) fn check_course(
    project: &Project,
    loaded: &Loaded<Course>,
    cx: &Context,
    out: &mut Diagnostics,
) {
    let file = loaded.path.as_path();
    let c = &loaded.value;
    let id_ok = check_file_id(file, &c.id, "course", out);
    check_text(file, &c.title, "title", out);
    check_version(file, &c.version, out);
    check_language(file, &c.language, out);
    check_learning_goals(file, &c.learning_goals, out);
    if let Some(cover) = &c.cover {
        let dir = project.course_dir(&c.id);
        let assets = AssetDir {
            root: &project.root,
            dir: &dir,
        };
        check_cover(file, cover, id_ok.then_some(assets), out);
    }
    if c.modules.is_empty() {
        out.push(
            Diagnostic::error("E0401", "the course has no modules")
                .at(file, c.id.pos)
                .hint("list module ids under `modules:`"),
        );
    }
    unique(c.modules.iter().map(|m| (&loaded.path, m)), "module", out);
    let known: Vec<&str> = project
        .modules
        .iter()
        .map(|m| m.value.id.value.as_str())
        .collect();
    let in_course: Vec<&str> = c.modules.iter().map(|m| m.value.as_str()).collect();
    for m in &c.modules {
        if !known.contains(&m.value.as_str()) && !cx.failed_file(&project.root.join("modules"), m) {
            out.push(unknown_ref(
                "E0402",
                "module",
                file,
                m,
                known.iter().copied(),
                "modules/",
            ));
        }
    }
    for p in &c.rules.prerequisites {
        for id in std::iter::once(&p.module).chain(p.after.iter()) {
            if !in_course.contains(&id.value.as_str()) {
                out.push(unknown_ref(
                    "E0403",
                    "course module",
                    file,
                    id,
                    in_course.iter().copied(),
                    "this course's `modules:`",
                ));
            }
        }
        if p.after.iter().any(|a| a.value == p.module.value) {
            out.push(
                Diagnostic::error(
                    "E0404",
                    format!("the module `{}` cannot wait for itself", p.module.value),
                )
                .at(file, p.module.pos)
                .hint("remove it from its own `after` list"),
            );
        }
    }
    check_prerequisite_loops(file, c, out);
    if !(0..=100).contains(&c.rules.pass_mark.value) {
        out.push(
            Diagnostic::error(
                "E0206",
                format!(
                    "the pass mark {} is not a percentage",
                    c.rules.pass_mark.value
                ),
            )
            .at(file, c.rules.pass_mark.pos)
            .hint("use a whole number from 0 to 100 (the default is 80)"),
        );
    }
    if let Some(t) = &c.rules.final_test
        && in_course.contains(&t.value.as_str())
    {
        out.push(
            Diagnostic::error(
                "E0406",
                format!("the final test `{}` has the id of a module of the course", t.value),
            )
            .at(file, t.pos)
            .hint("the final test becomes a SCO of its own: give the quiz an id that no module of the course has"),
        );
    }
    if let Some(t) = &c.rules.final_test
        && project.quiz(t).is_none()
        && !cx.failed_file(&project.root.join("quizzes"), t)
    {
        let known = project.quizzes.iter().map(|q| q.value.id.value.as_str());
        out.push(unknown_ref(
            "E0210",
            "quiz",
            file,
            t,
            known,
            &format!("quizzes/{}.yaml", t.value),
        ));
    }
}

/// Modules that wait for each other, directly or through others, never open. Reports each loop
/// once, at the first prerequisite that closes it.
fn check_prerequisite_loops(file: &std::path::Path, c: &Course, out: &mut Diagnostics) {
    let after = |m: &str| -> Vec<&str> {
        c.rules
            .prerequisites
            .iter()
            .filter(|p| p.module.value == m)
            .flat_map(|p| p.after.iter().map(|a| a.value.as_str()))
            .collect()
    };
    let mut reported = std::collections::HashSet::new();
    for p in &c.rules.prerequisites {
        // Walk what `p.module` waits for; reaching `p.module` again is a loop.
        let start = p.module.value.as_str();
        let mut stack: Vec<(&str, Vec<&str>)> = after(start)
            .into_iter()
            .filter(|a| *a != start)
            .map(|a| (a, vec![start, a]))
            .collect();
        let mut seen = std::collections::HashSet::new();
        while let Some((at, path)) = stack.pop() {
            if at == start {
                continue;
            }
            if !seen.insert(at) {
                continue;
            }
            for next in after(at) {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.push(start);
                    let mut key: Vec<&str> = cycle[..cycle.len() - 1].to_vec();
                    key.sort_unstable();
                    if reported.insert(key) {
                        out.push(
                            Diagnostic::error("E0405", format!("the modules wait for each other: {}", cycle.join(" → ")))
                                .at(file, p.module.pos)
                                .hint("remove one of these prerequisites, so that one module can open first"),
                        );
                    }
                } else {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
}
