//! Rules for the shared content files and for courses.

use super::markdown::{LinkKind, classify_link};
use super::module::{check_language, check_version};
use super::{Context, check_id, check_text, unique, unknown_ref};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Course, Loaded, Project};

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
    if check_id(file, &c.id, "course", out) {
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if stem != c.id.value {
            out.push(
                Diagnostic::error(
                    "E0204",
                    format!(
                        "the course id `{}` differs from the file name `{stem}`",
                        c.id.value
                    ),
                )
                .at(file, c.id.pos)
                .hint(format!(
                    "rename the file to `{}.yaml`, or set `id: {stem}`",
                    c.id.value
                )),
            );
        }
    }
    check_text(file, &c.title, "title", out);
    check_version(file, &c.version, out);
    check_language(file, &c.language, out);
    if c.modules.is_empty() {
        out.push(
            Diagnostic::error("E0401", "the course has no modules")
                .at(file, c.id.pos)
                .hint("list module ids under `modules:`"),
        );
    }
    unique(
        c.modules.iter().map(|m| (&loaded.path, m)),
        "course module",
        out,
    );
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
                .at(file, p.module.pos),
            );
        }
    }
    if let Some(t) = &c.rules.final_test {
        if project.quiz(t).is_none() && !cx.failed_file(&project.root.join("quizzes"), t) {
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
}
