//! cmi5: the course structure `cmi5.xml` (cmi5 §13) for a module or a course.
//!
//! Each module is one assignable unit (AU) whose `url` is its launch page in the zip. The IRIs
//! come from the ids alone, never from a version, so that a corrected package imported over an
//! old one keeps every learner's records: `urn:leskit:module:<id>` for a module's package and its
//! AU `urn:leskit:module:<id>:au`; `urn:leskit:course:<id>` for a course and `…:<module-id>` for
//! each of its AUs.
//!
//! moveOn follows what the page shell reports, the same rule as the SCORM packages: a module with
//! a quiz is done once completed *and* passed, a module without one once completed. cmi5 has no
//! prerequisites between AUs: in a course, the AUs come in the course's order and the LMS decides
//! whether a learner may skip ahead (see docs/lms-guide.md).

use super::facts::StateKeeping;
use super::facts::{CourseFacts, Identifiers, ManifestFacts, Reporting, normalized};
use super::format::Format;
use super::xml::Xml;
use crate::error::Result;
use crate::policy::StateStore;
use crate::render::{LAUNCH_FILE, Runtime, Site, Templates};

pub(super) struct Cmi5;

impl Format for Cmi5 {
    fn name(&self) -> &'static str {
        "cmi5"
    }

    fn label(&self) -> &'static str {
        "cmi5"
    }

    fn reporting(&self, pass_mark: Option<i64>) -> Reporting {
        Reporting {
            completion: "a completed statement".to_owned(),
            success: pass_mark.map(|_| "a passed or failed statement".to_owned()),
            score: pass_mark.map(|_| "result.score.scaled of passed or failed".to_owned()),
            mastery: pass_mark.map(|m| format!("masteryScore {}", normalized(m))),
            move_on: Some(move_on(pass_mark).to_owned()),
        }
    }

    fn saved_state(&self) -> StateKeeping {
        StateKeeping {
            kept_in: "the LRS's State API, per registration",
            per_version: false,
        }
    }

    fn module_ids(&self, module: &ManifestFacts<'_>) -> (Identifiers, Identifiers) {
        let id = module_course_id(module.id);
        (
            Identifiers {
                course: Some(id.clone()),
                ..Identifiers::default()
            },
            Identifiers {
                au: Some(module_au_id(&id)),
                ..Identifiers::default()
            },
        )
    }

    fn course_ids(&self, course: &CourseFacts<'_>) -> (Identifiers, Vec<Identifiers>) {
        let id = course_id(course.meta.id);
        let aus = course
            .scos
            .iter()
            .map(|sco| Identifiers {
                au: Some(course_au_id(&id, &sco.id)),
                ..Identifiers::default()
            })
            .collect();
        (
            Identifiers {
                course: Some(id),
                ..Identifiers::default()
            },
            aus,
        )
    }

    /// xAPI statements to the learning record store the LMS names at launch: only a cmi5 unit
    /// talks to a server, and its address is known only then.
    fn runtime(&self) -> Runtime {
        Runtime {
            name: "cmi5",
            connect_src: "http: https:",
            state_store: StateStore::UNBOUNDED,
        }
    }

    fn manifest_name(&self) -> Option<&'static str> {
        Some("cmi5.xml")
    }

    // An LMS knows the cmi5 course structure schema; packages do not carry it: no schema files.

    fn module_manifest(&self, module: &ManifestFacts<'_>) -> Option<Vec<u8>> {
        Some(manifest(module))
    }

    fn course_manifest(
        &self,
        course: &CourseFacts<'_>,
        _site: &mut Site,
        _templates: &Templates,
    ) -> Result<Option<Vec<u8>>> {
        Ok(Some(course_manifest(course)))
    }
}

/// A module package's course id: `urn:leskit:module:<id>`.
fn module_course_id(module: &str) -> String {
    format!("urn:leskit:module:{module}")
}

/// A module package's one AU: `<course id>:au`.
fn module_au_id(course_id: &str) -> String {
    format!("{course_id}:au")
}

/// A course package's course id: `urn:leskit:course:<id>`.
fn course_id(course: &str) -> String {
    format!("urn:leskit:course:{course}")
}

/// A course's AU for one of its modules: `<course id>:<module id>`.
fn course_au_id(course_id: &str, sco: &str) -> String {
    format!("{course_id}:{sco}")
}

/// What the LMS needs of an AU to move on: completed, and passed where there is a pass mark.
fn move_on(pass_mark: Option<i64>) -> &'static str {
    if pass_mark.is_some() {
        "CompletedAndPassed"
    } else {
        "Completed"
    }
}

/// The namespace of the cmi5 course structure (cmi5 §13.2).
const NAMESPACE: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// One AU, as written.
struct Au<'a> {
    id: String,
    title: &'a str,
    description: &'a str,
    pass_mark: Option<i64>,
    url: &'a str,
}

fn manifest(f: &ManifestFacts<'_>) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("courseStructure", &[("xmlns", NAMESPACE)]);
    let description = f.description.unwrap_or(f.title);
    let id = module_course_id(f.id);
    course(&mut x, &id, f.title, description, f.language);
    au(
        &mut x,
        f.language,
        &Au {
            id: module_au_id(&id),
            title: f.title,
            description,
            pass_mark: f.pass_mark,
            url: LAUNCH_FILE,
        },
    );
    x.close("courseStructure");
    x.finish()
}

fn course_manifest(c: &CourseFacts<'_>) -> Vec<u8> {
    let f = &c.meta;
    let mut x = Xml::new();
    x.open("courseStructure", &[("xmlns", NAMESPACE)]);
    let id = course_id(f.id);
    course(
        &mut x,
        &id,
        f.title,
        f.description.unwrap_or(f.title),
        f.language,
    );
    for sco in &c.scos {
        au(
            &mut x,
            f.language,
            &Au {
                id: course_au_id(&id, &sco.id),
                title: &sco.title,
                description: sco.description.as_deref().unwrap_or(&sco.title),
                pass_mark: sco.pass_mark,
                url: sco.files.first().map_or(LAUNCH_FILE, String::as_str),
            },
        );
    }
    x.close("courseStructure");
    x.finish()
}

fn course(x: &mut Xml, id: &str, title: &str, description: &str, lang: &str) {
    x.open("course", &[("id", id)]);
    langstrings(x, "title", lang, title);
    langstrings(x, "description", lang, description);
    x.close("course");
}

fn au(x: &mut Xml, lang: &str, au: &Au<'_>) {
    let mastery = au.pass_mark.map(normalized);
    let mut attrs = vec![("id", au.id.as_str())];
    attrs.push(("moveOn", move_on(au.pass_mark)));
    if let Some(m) = &mastery {
        attrs.push(("masteryScore", m));
    }
    attrs.push(("launchMethod", "AnyWindow"));
    x.open("au", &attrs);
    langstrings(x, "title", lang, au.title);
    langstrings(x, "description", lang, au.description);
    x.text("url", &[], au.url);
    x.close("au");
}

/// `<title>` or `<description>` with one `langstring` in the module's language.
fn langstrings(x: &mut Xml, name: &str, lang: &str, text: &str) {
    x.open(name, &[]);
    x.text("langstring", &[("lang", lang)], text);
    x.close(name);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(pass_mark: Option<i64>, description: Option<&'a str>) -> ManifestFacts<'a> {
        ManifestFacts {
            id: "m",
            title: "Signalen & <tekens>",
            description,
            language: "nl",
            version: "1.0.0",
            keywords: Vec::new(),
            duration_minutes: None,
            pass_mark,
            files: vec!["index.html"],
        }
    }

    #[test]
    fn a_scored_module_moves_on_when_completed_and_passed() {
        let xml = String::from_utf8(manifest(&facts(Some(75), Some("Over signalen")))).unwrap();
        assert!(xml.contains(r#"<au id="urn:leskit:module:m:au" moveOn="CompletedAndPassed" masteryScore="0.75" launchMethod="AnyWindow">"#), "{xml}");
        assert!(
            xml.contains(r#"<course id="urn:leskit:module:m">"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<langstring lang="nl">Signalen &amp; &lt;tekens&gt;</langstring>"#),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<langstring lang="nl">Over signalen</langstring>"#),
            "{xml}"
        );
        assert!(xml.contains("<url>index.html</url>"), "{xml}");
    }

    #[test]
    fn a_module_without_quiz_moves_on_when_completed_and_has_no_mastery_score() {
        let xml = String::from_utf8(manifest(&facts(None, None))).unwrap();
        assert!(
            xml.contains(r#"moveOn="Completed" launchMethod="AnyWindow""#),
            "{xml}"
        );
        assert!(!xml.contains("masteryScore"), "{xml}");
        // The description is required: the title stands in for a missing one.
        assert_eq!(
            xml.matches("Signalen &amp; &lt;tekens&gt;").count(),
            4,
            "{xml}"
        );
    }
}
