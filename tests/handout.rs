//! The print-ready hand-out (issue #9): `handout.html` next to every module's launch page and at
//! the root of a course package, with every page in reading order, the signals, the contact cards,
//! the quizzes as exercises with their answers at the end (in a module's own hand-out only), and
//! the source.
//!
//! What these tests expect is read from the project files, not from leskit's own view code; the
//! browser tests (`tests/browser/handout.test.mjs`) print the hand-outs to PDF.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use leskit::model::{Block, Module, Project, Quiz, ReviewStatus};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    repo().join("examples/minimal")
}

fn leskit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// `leskit build ARGS --target scorm12,scorm2004 --out <new dir>` in `dir`; the zips written.
fn build(dir: &Path, args: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let out = tempfile::tempdir().unwrap();
    let mut all = args.to_vec();
    all.extend([
        "--target",
        "scorm12,scorm2004",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    let o = leskit(dir, &all);
    assert!(
        o.status.success(),
        "leskit {all:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut zips: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    zips.sort();
    assert!(!zips.is_empty(), "leskit {all:?} wrote no zip");
    (out, zips)
}

fn entries(zip: &Path) -> Vec<String> {
    let archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    archive.file_names().map(str::to_owned).collect()
}

fn read(zip: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{} has no {name}", zip.display()))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn project(root: &Path) -> Project {
    leskit::check::check_project(root, leskit::check::today())
        .unwrap()
        .project
}

/// Text as the templates escape it.
fn esc(text: &str) -> String {
    handlebars::html_escape(text)
}

/// Where each of `needles` stands in `hay`, each after the one before; fails naming the first
/// one missing.
fn in_order(hay: &str, needles: &[String], what: &str) -> Vec<usize> {
    let mut from = 0;
    let mut found = Vec::new();
    for needle in needles {
        match hay[from..].find(needle.as_str()) {
            Some(i) => {
                found.push(from + i);
                from += i + needle.len();
            }
            None => panic!(
                "{what}: {needle:?} is missing or out of order (looked from byte {from})\n{}",
                &hay[from.min(hay.len())..]
                    .chars()
                    .take(2000)
                    .collect::<String>()
            ),
        }
    }
    found
}

/// Everything a quiz tells only in its answers, as the hand-out renders it: each option's, true or
/// false answer's, scenario choice's and ending's feedback, and the explanations.
fn answer_texts(quiz: &Quiz) -> Vec<String> {
    let mut texts = Vec::new();
    for q in quiz.cases.iter().flat_map(|c| &c.questions) {
        let feedback = q
            .options
            .iter()
            .filter_map(|o| o.feedback.as_ref())
            .chain(
                q.steps
                    .iter()
                    .flat_map(|s| &s.choices)
                    .filter_map(|c| c.feedback.as_ref()),
            )
            .chain(q.endings.iter().map(|e| &e.feedback))
            .chain(
                [&q.true_feedback, &q.false_feedback, &q.explanation]
                    .into_iter()
                    .flatten(),
            );
        texts.extend(feedback.map(|f| leskit::render::to_html(f, false, false)));
    }
    texts
}

/// Checks one module's hand-out against its module: page titles in order as headings of
/// `level`, every signal and contact of its blocks, the source at the end, and — when `answers`
/// (a module's own hand-out) — the answers after the last page, or else none at all (the
/// module's section of a course's hand-out) and a note on where they are.
fn check_module_handout(project: &Project, m: &Module, html: &str, level: u8, answers: bool) {
    let what = format!("the hand-out of {}", m.id.value);
    let titles: Vec<String> = m
        .pages
        .iter()
        .map(|p| format!("</span> {}</h{level}>", esc(&p.title)))
        .collect();
    let at = in_order(html, &titles, &what);
    let after_pages = *at.last().unwrap();
    let mut quizzes = Vec::new();
    for block in m.pages.iter().flat_map(|p| &p.blocks) {
        match block {
            Block::Signals(ids) => {
                for id in ids {
                    let signal = project.signal(id).unwrap();
                    assert!(
                        html.contains(&format!(
                            "<span class=\"hd-signal\">{}</span>",
                            esc(&signal.text)
                        )),
                        "{what}: the signal {:?} is missing",
                        signal.text.value
                    );
                }
            }
            Block::Contact(id) => {
                let contact = project.contact(id).unwrap();
                assert!(html.contains(&esc(&contact.name)), "{what}: {id:?}");
                for way in [
                    &contact.phone,
                    &contact.whatsapp,
                    &contact.url,
                    &contact.hours,
                ]
                .into_iter()
                .flatten()
                {
                    assert!(
                        html.contains(&format!(">{}</", esc(way))),
                        "{what}: the contact {:?} does not show {:?} as text",
                        contact.name.value,
                        way.value
                    );
                }
            }
            Block::Quiz(id) => quizzes.push(project.quiz(id).unwrap()),
            _ => {}
        }
    }
    if quizzes.is_empty() {
        assert!(
            !html.contains("hd-answers"),
            "{what}: answers without a quiz"
        );
    } else if !answers {
        // A course's hand-out is offered before the module's quiz is passed: no answers.
        for marker in [
            "class=\"hd-answers\"",
            "hd-verdict",
            "hd-right-answer",
            "hd-best",
        ] {
            assert!(
                !html.contains(marker),
                "{what}: {marker} in a course's hand-out"
            );
        }
        for quiz in &quizzes {
            for text in answer_texts(&quiz.value) {
                assert!(
                    !html.contains(&text),
                    "{what}: the course's hand-out gives away {text}"
                );
            }
        }
        assert!(
            html.contains("class=\"hd-box hd-answers-elsewhere\""),
            "{what}: the course's hand-out does not say where the answers are"
        );
    } else {
        let answers = html
            .find("class=\"hd-answers\"")
            .unwrap_or_else(|| panic!("{what}: no answers"));
        assert!(
            answers > after_pages,
            "{what}: the answers come before the last page"
        );
        // Every right option is named as right after the answers' heading.
        let key = &html[answers..];
        for quiz in &quizzes {
            for q in quiz.value.cases.iter().flat_map(|c| &c.questions) {
                for o in q.options.iter().filter(|o| o.correct.value) {
                    let text = leskit::render::to_html(&o.text, false, true);
                    assert!(
                        key.contains(&format!("{text} <span class=\"hd-verdict hd-right\">")),
                        "{what}: the answers do not name {:?} of {}.{} as right",
                        o.text.value,
                        quiz.value.id.value,
                        q.id.value
                    );
                }
            }
            for text in answer_texts(&quiz.value) {
                assert!(key.contains(&text), "{what}: the answers lack {text}");
            }
        }
        assert!(
            !html.contains("hd-answers-elsewhere"),
            "{what}: its own hand-out has the answers"
        );
    }
    let source = project.source(&m.source).unwrap();
    let cite = html
        .rfind(&format!("<cite>{}</cite>", esc(&source.title)))
        .unwrap_or_else(|| panic!("{what}: the source is not cited"));
    assert!(cite > after_pages, "{what}: the source is not at the end");
    // The review is named only once it is done; points still open are never printed.
    match &m.reviewed {
        Some(r) if r.status.value == ReviewStatus::Done => assert!(
            html.contains(&esc(&r.date)) && html.contains(&esc(&r.by)),
            "{what}: review"
        ),
        Some(r) => {
            assert!(
                !html.contains("hd-reviewed"),
                "{what}: a pending review is named"
            );
            for p in &r.open_points {
                assert!(
                    !html.contains(&esc(&p.check)),
                    "{what}: an open point is printed: {}",
                    p.check.value
                );
            }
        }
        None => assert!(!html.contains("hd-reviewed"), "{what}: review without one"),
    }
    assert!(
        !html.contains("<script"),
        "{what}: a hand-out needs no script"
    );
    assert!(
        !html.contains("<input"),
        "{what}: a printed exercise has no inputs"
    );
}

#[test]
fn every_module_package_has_a_handout_that_its_page_links_to() {
    // The module by its file: a bare build writes the course's packages too.
    let (_out, zips) = build(&example(), &["build", "modules/voorbeeld.yaml"]);
    assert_eq!(zips.len(), 2);
    for zip in &zips {
        let names = entries(zip);
        for file in ["handout.html", "leskit/handout.css"] {
            assert!(names.iter().any(|n| n == file), "{}: {file}", zip.display());
        }
        let index = read(zip, "index.html");
        assert!(
            index.contains(
                "<a href=\"handout.html\" target=\"_blank\" rel=\"noopener\">Hand-out (printen, opent in een nieuw tabblad)</a>"
            ),
            "{index}"
        );
        // A module on its own is no course: no link to a course's hand-out.
        assert!(!index.contains("../handout.html"), "{index}");
        // The manifest lists the hand-out with the SCO's files.
        let manifest = read(zip, "imsmanifest.xml");
        assert!(
            manifest.contains("<file href=\"handout.html\"/>"),
            "{manifest}"
        );
    }
    // The same hand-out whatever the standard: it talks to no LMS.
    assert_eq!(
        read(&zips[0], "handout.html"),
        read(&zips[1], "handout.html")
    );
}

#[test]
fn the_example_handout_holds_pages_signals_contact_exercises_answers_and_source() {
    let (_out, zips) = build(&example(), &["build"]);
    let html = read(&zips[0], "handout.html");
    let project = project(&example());
    let m = &project.modules[0].value;
    check_module_handout(&project, m, &html, 2, true);

    assert_eq!(html.matches("<h1").count(), 1, "one h1: {html}");
    assert!(
        html.contains("script-src 'none'"),
        "the CSP allows no script"
    );
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(html.contains("<title>Hand-out: Signalen herkennen (voorbeeld)</title>"));
    assert!(html.contains("<link rel=\"stylesheet\" href=\"leskit/handout.css\">"));
    assert!(
        html.contains("Versie 1.0.0 · Auteurs: Team leskit"),
        "{html}"
    );
    // The image, from the same media/ folder as the launch page, with its text alternative.
    assert!(html.contains(
        "<img src=\"media/kaart.svg\" alt=\"Een kaart met een pijl van Nederland naar het buitenland.\">"
    ));
    // A page link in the text leads to the page in the hand-out.
    assert!(html.contains("<a href=\"#p-signalen\">wat een signaal is</a>"));
    assert!(html.contains("id=\"p-signalen\""));
    // The contact's phone number as text, readable on paper.
    assert!(html.contains(">0800 2000</a>"), "{html}");

    // The quiz as an exercise: the case, the questions numbered, options lettered, the scenario
    // as steps that say where each choice leads; nothing of the answers before the appendix.
    let answers = html.find("Antwoorden</h2>").expect("the answers' heading");
    let exercise = &html[..answers];
    in_order(
        exercise,
        &[
            "Oefening:</span> Oefenvragen</h3>",
            "Casus: Lina wil niet op vakantie</h4>",
            "Vraag 1</p>",
            "Welke van deze zijn signalen?",
            "Kies alle antwoorden die kloppen.",
            "<span class=\"hd-letter\">c</span> <span class=\"hd-option-text\">Ze is 15 jaar.</span>",
            "Vraag 2</p>",
            "Waar of niet waar?",
            "Vraag 3</p>",
            "Kies één antwoord.",
            "Vraag 4</p>",
            "Stap 1</p>",
            "Lina komt na de les naar je toe.",
            "Je vraagt hoe het thuis gaat. <span class=\"hd-next\">(verder bij stap 2)</span>",
            "Je vraagt of ze wordt achtergelaten. <span class=\"hd-next\">(naar afloop 2)</span>",
            "Stap 2</p>",
        ]
        .map(String::from),
        "the exercise",
    );
    for feedback in [
        "Leeftijd is een kenmerk, geen signaal.",
        "Pas een combinatie van signalen is reden voor extra alertheid.",
        "Een open begin geeft ruimte.",
        "Je vroeg op tijd advies.",
        "Goede antwoorden",
    ] {
        assert!(
            !exercise.contains(feedback),
            "the exercise gives away {feedback:?}"
        );
    }
    in_order(
        &html[answers..],
        &[
            "Vraag 1 <span class=\"hd-answer-case\">· Lina wil niet op vakantie</span>",
            "Goede antwoorden:</strong> a, b</p>",
            "Ze is 15 jaar. <span class=\"hd-verdict hd-wrong\">Niet goed.</span>",
            "Leeftijd is een kenmerk, geen signaal.",
            "Pas een combinatie van signalen is reden voor extra alertheid.",
            "Vraag 2",
            "Goed antwoord:</strong> Niet waar</p>",
            "Vraag 3",
            "Goed antwoord:</strong> b</p>",
            "Vraag 4",
            "Beste route:</strong> 1a, 2a</p>",
            "Een open begin geeft ruimte.",
            "Afloop 1: Goede afloop. Punten: 2.",
            "Je vroeg op tijd advies.",
            "Bron</h2>",
            "Inhoud gecontroleerd: 2026-11-01, Team leskit.",
        ]
        .map(String::from),
        "the answers",
    );
}

#[test]
fn the_bundled_modules_each_have_a_complete_handout() {
    let project = project(repo());
    // The modules by their files: a bare build writes the course's packages too.
    let files: Vec<String> = project
        .modules
        .iter()
        .map(|m| format!("modules/{}.yaml", m.value.id.value))
        .collect();
    let args: Vec<&str> = std::iter::once("build")
        .chain(files.iter().map(String::as_str))
        .collect();
    let (_out, zips) = build(repo(), &args);
    assert_eq!(zips.len(), 2 * project.modules.len());
    for m in &project.modules {
        let m = &m.value;
        for target in ["scorm12", "scorm2004"] {
            let zip = zips
                .iter()
                .find(|z| {
                    z.file_name().unwrap().to_string_lossy()
                        == format!("{}-{}-{target}.zip", m.id.value, m.version.value)
                })
                .unwrap_or_else(|| panic!("no {target} package of {}", m.id.value));
            let html = read(zip, "handout.html");
            check_module_handout(&project, m, &html, 2, true);
            assert_eq!(html.matches("<h1").count(), 1, "{}", m.id.value);
            assert!(html.contains(&format!("<h1 class=\"hd-title\">{}</h1>", esc(&m.title))));
        }
    }
}

#[test]
fn the_course_package_has_the_course_handout_at_its_root() {
    let course_file = "courses/onboarding-veilig-thuis.yaml";
    let (_out, zips) = build(repo(), &["build", course_file]);
    let project = project(repo());
    let course = &project
        .courses
        .iter()
        .find(|c| c.value.id.value == "onboarding-veilig-thuis")
        .unwrap()
        .value;
    let final_test = course.rules.final_test.as_ref().unwrap();
    let modules: Vec<&Module> = course
        .modules
        .iter()
        .map(|id| {
            &project
                .modules
                .iter()
                .find(|m| m.value.id.value == id.value)
                .unwrap()
                .value
        })
        .collect();
    for zip in &zips {
        let names = entries(zip);
        for file in ["handout.html", "leskit/handout.css"] {
            assert!(names.iter().any(|n| n == file), "{}: {file}", zip.display());
        }
        let html = read(zip, "handout.html");
        // One h1, the course; its modules as h2 in the course's order; their pages as h3.
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(html.contains(&format!(
            "<h1 class=\"hd-title\">{}</h1>",
            esc(&course.title)
        )));
        let titles: Vec<String> = modules
            .iter()
            .map(|m| format!("<h2 class=\"hd-title\">{}</h2>", esc(&m.title)))
            .collect();
        let starts = in_order(&html, &titles, "the course's modules");
        assert!(
            !html.contains("<h2 class=\"hd-page-title\""),
            "pages are h3 in a course"
        );
        for (i, m) in modules.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(html.len());
            let section = &html[starts[i]..end];
            // No answers in the course's hand-out: they stay in each module's own.
            check_module_handout(&project, m, section, 3, false);
            // Each module's own hand-out is in its folder, with the answers, and its page links
            // to both: the module's own offered once its quiz is passed (the page's script hides
            // `.lk-handout` until then), the course's at any time.
            let own = read(zip, &format!("{}/handout.html", m.id.value));
            check_module_handout(&project, m, &own, 2, true);
            let index = read(zip, &format!("{}/index.html", m.id.value));
            assert!(
                index.contains("<p class=\"lk-handout\"><a href=\"handout.html\""),
                "{}",
                m.id.value
            );
            assert!(
                index.contains("<p class=\"lk-course-handout\"><a href=\"../handout.html\""),
                "{}",
                m.id.value
            );
            // Images point into the module's folder, page anchors are the module's own.
            for src in section.split("src=\"").skip(1) {
                assert!(src.starts_with(&format!("{}/media/", m.id.value)), "{src}");
            }
            assert!(
                !section.contains("href=\"#p-"),
                "{}: an anchor shared by modules",
                m.id.value
            );
        }
        // The final test is a test, not a module: no hand-out prints its answers.
        let quiz = project.quiz(final_test).unwrap();
        assert!(
            !html.contains(&esc(&quiz.value.title)),
            "the final test is in the hand-out"
        );
        assert!(!names.contains(&format!("{}/handout.html", final_test.value)));
        let index = read(zip, &format!("{}/index.html", final_test.value));
        assert!(!index.contains("handout.html"), "{index}");
        // The manifest lists the root hand-out (with the first SCO's files).
        let manifest = read(zip, "imsmanifest.xml");
        assert!(
            manifest.contains("<file href=\"handout.html\"/>"),
            "{manifest}"
        );
        assert!(
            manifest.contains("<file href=\"leskit/handout.css\"/>"),
            "{manifest}"
        );
    }
}

#[test]
fn a_pending_review_is_not_named_in_the_handout() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let path = dir.path().join("modules/voorbeeld.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "reviewed: { date: 2026-11-01, by: Team leskit }";
    assert!(text.contains(from), "the example has no {from:?}");
    let pending = "reviewed:\n  date: 2026-11-01\n  by: Team leskit\n  status: pending\n  open_points:\n    - { page: welkom, quote: Welkom, check: Klopt de welkomstekst voor deze doelgroep? }";
    std::fs::write(&path, text.replacen(from, pending, 1)).unwrap();
    let (_out, zips) = build(dir.path(), &["build"]);
    let html = read(&zips[0], "handout.html");
    let m = project(dir.path()).modules.remove(0).value;
    assert_eq!(m.reviewed.unwrap().status.value, ReviewStatus::Pending);
    for absent in [
        "hd-reviewed",
        "Inhoud gecontroleerd",
        "Team leskit.",
        "Klopt de welkomstekst",
    ] {
        assert!(
            !html.contains(absent),
            "{absent:?} is in the hand-out of a pending review"
        );
    }
    // The same module with the review done names it.
    std::fs::write(&path, &text).unwrap();
    let (_out, zips) = build(dir.path(), &["build"]);
    assert!(
        read(&zips[0], "handout.html").contains("Inhoud gecontroleerd: 2026-11-01, Team leskit.")
    );
}

#[test]
fn author_text_is_escaped_in_the_handout() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "modules/voorbeeld.yaml",
        "title: Signalen herkennen (voorbeeld)",
        "title: 'Signalen <script>alert(1)</script> & \"zo\"'",
    );
    edit(
        "modules/voorbeeld.yaml",
        "title: Welkom",
        "title: Welkom <img src=x onerror=alert(1)>",
    );
    edit(
        "modules/voorbeeld.yaml",
        "In deze module oefen je",
        "<b onclick=\"alert(1)\">Raw</b> In deze module oefen je",
    );
    edit(
        "content/contacts.yaml",
        "name: Veilig Thuis",
        "name: Veilig <Thuis>",
    );
    edit(
        "quizzes/voorbeeld-quiz.yaml",
        "text: Ze is 15 jaar.",
        "text: Ze is <em>15</em> jaar.",
    );
    let (_out, zips) = build(dir.path(), &["build"]);
    let html = read(&zips[0], "handout.html");
    for escaped in [
        "Signalen &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;zo&quot;",
        "Welkom &lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;",
        "&lt;b onclick=\"alert(1)\"&gt;Raw&lt;/b&gt;",
        "Veilig &lt;Thuis&gt;",
        "Ze is &lt;em&gt;15&lt;/em&gt; jaar.",
    ] {
        assert!(html.contains(escaped), "{escaped:?} is not in:\n{html}");
    }
    for raw in ["<script", "<img src=x", "<b onclick", "<Thuis>", "<em>15"] {
        assert!(!html.contains(raw), "{raw:?} is in the hand-out as markup");
    }
}

#[test]
fn the_handout_is_byte_identical_across_builds() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let (_a, first) = build(dir.path(), &["build"]);
    let (_b, second) = build(dir.path(), &["build"]);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(read(a, "handout.html"), read(b, "handout.html"));
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{}",
            a.display()
        );
    }
    let course = "courses/onboarding-veilig-thuis.yaml";
    let (_c, first) = build(repo(), &["build", course]);
    let (_d, second) = build(repo(), &["build", course]);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(
            std::fs::read(a).unwrap(),
            std::fs::read(b).unwrap(),
            "{}",
            a.display()
        );
    }
}

#[test]
fn a_handout_template_overrides_the_built_in_one() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("handout.hbs"),
        "<!DOCTYPE html><title>{{title}}</title><p>{{strings.handout_answers}}</p>",
    )
    .unwrap();
    std::fs::write(
        templates.path().join("handout.css"),
        "body { color: black; }",
    )
    .unwrap();
    let (_out, zips) = build(
        &example(),
        &["build", "--templates", templates.path().to_str().unwrap()],
    );
    assert_eq!(
        read(&zips[0], "handout.html"),
        "<!DOCTYPE html><title>Signalen herkennen (voorbeeld)</title><p>Antwoorden</p>"
    );
    assert_eq!(
        read(&zips[0], "leskit/handout.css"),
        "body { color: black; }"
    );

    // A misspelt field is an error that names the template, as for the other templates.
    std::fs::write(templates.path().join("handout.hbs"), "{{no_such_field}}").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("templates/handout.hbs"), "{err}");
}

#[test]
fn a_scenario_line_is_decoded_and_printed_with_its_speaker_before_the_step() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let path = dir.path().join("quizzes/voorbeeld-quiz.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = "            text: Lina komt na de les naar je toe.\n";
    assert!(text.contains(from), "the example has no {from:?}");
    let line = "            speaker: Lina (15) & co\n            says: Mag ik je *iets* vragen?\n            text: Lina komt na de les naar je toe.\n";
    std::fs::write(&path, text.replacen(from, line, 1)).unwrap();
    // The keys decode into the model.
    let project = project(dir.path());
    let step = &project.quizzes[0].value.cases[0]
        .questions
        .iter()
        .find(|q| !q.steps.is_empty())
        .unwrap()
        .steps[0];
    assert_eq!(step.speaker.as_ref().unwrap().value, "Lina (15) & co");
    assert_eq!(
        step.says.as_ref().unwrap().value,
        "Mag ik je *iets* vragen?"
    );
    // The hand-out prints the line, escaped and as Markdown, with its speaker, before the step.
    let (_out, zips) = build(dir.path(), &["build"]);
    let html = read(&zips[0], "handout.html");
    in_order(
        &html,
        &[
            "<p class=\"hd-says\"><span class=\"hd-speaker\">Lina (15) &amp; co:</span> Mag ik je <em>iets</em> vragen?</p>".to_owned(),
            "Lina komt na de les naar je toe.".to_owned(),
        ],
        "the hand-out's scenario",
    );
}
