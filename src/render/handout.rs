//! Hand-outs: a module, or every module of a course, as one HTML page laid out for A4 paper.
//!
//! Professionals take the material into team meetings and case discussions on paper. The hand-out
//! holds what the package holds, in reading order and without the page shell: every page with its
//! blocks, quizzes printed as exercises (cases and questions with their options as plain lists, a
//! scenario as numbered steps), then an appendix with the answers and explanations, and finally the
//! source and the review note. It needs no script, so it prints the same from any browser, and it
//! reads as an ordinary web page on screen.
//!
//! A module's hand-out sits next to its launch page and uses the same `media/` files. A course's
//! hand-out sits at the package's root and holds every module's hand-out in the course's order, one
//! heading level lower, with each module's addresses made relative to the root — but without the
//! answers: the learner's page offers a module's own hand-out only once its quiz is passed, and a
//! module cannot know whether the course's other modules are passed (each reports to the LMS on its
//! own), so the course's hand-out, offered from every module at any time, says where the answers
//! are instead.

use std::collections::BTreeSet;

use serde::Serialize;

use super::markdown::to_html;
use super::view::{ContactView, SignalView, citation, contact_view, signal_view};
use super::{Site, Templates};
use crate::error::Result;
use crate::model::{Block, Case, Course, Module, Project, Question, Quiz, ReviewStatus, Step};
use crate::text::{MEDIA_FOLDER, PAGE_ANCHOR_PREFIX, page_anchor};

/// The hand-out's file name, next to the launch page (and at the root of a course package).
pub const HANDOUT_FILE: &str = "handout.html";

/// Its style sheet, a template that every package carries in `leskit/`.
const STYLESHEET: &str = "leskit/handout.css";

#[derive(Serialize)]
struct HandoutView<'a> {
    lang: &'a str,
    /// The document's title and its one `h1`.
    title: &'a str,
    strings: &'a serde_json::Value,
    stylesheet: String,
    /// Only for a course: its own heading, description, version and a list of its modules.
    course: Option<CourseHead<'a>>,
    modules: Vec<ModuleHandout>,
    /// The heading elements of each level: a course's hand-out has one level more above them.
    h: Levels,
}

#[derive(Serialize)]
struct CourseHead<'a> {
    description: Option<&'a str>,
    version: &'a str,
}

#[derive(Serialize)]
struct Levels {
    module: &'static str,
    page: &'static str,
    part: &'static str,
    case: &'static str,
}

impl Levels {
    const MODULE: Levels = Levels {
        module: "h1",
        page: "h2",
        part: "h3",
        case: "h4",
    };
    const COURSE: Levels = Levels {
        module: "h2",
        page: "h3",
        part: "h4",
        case: "h5",
    };
}

#[derive(Serialize)]
struct ModuleHandout {
    /// The `id` of the module's section (empty in a module's own hand-out, where it is the page).
    anchor: String,
    lang: String,
    title: String,
    description: Option<String>,
    version: String,
    authors: Option<String>,
    pages: Vec<PageHandout>,
    answers: Vec<AnswerQuiz>,
    /// In a course's hand-out: the module has quizzes whose answers only its own hand-out prints.
    answers_elsewhere: bool,
    source_html: String,
    source_url: Option<String>,
    reviewed: Option<Reviewed>,
}

#[derive(Serialize)]
struct Reviewed {
    date: String,
    by: String,
}

#[derive(Serialize)]
struct PageHandout {
    anchor: String,
    number: usize,
    title: String,
    blocks: Vec<BlockHandout>,
}

#[derive(Serialize, Default)]
struct BlockHandout {
    kind: &'static str,
    html: Option<String>,
    signals: Vec<SignalView>,
    contact: Option<ContactView>,
    image: Option<ImageHandout>,
    exercise: Option<Exercise>,
}

#[derive(Serialize)]
struct ImageHandout {
    src: String,
    alt: String,
    caption_html: Option<String>,
}

/// A quiz as an exercise on paper: no inputs, no answers.
#[derive(Serialize)]
struct Exercise {
    title: String,
    intro_html: Option<String>,
    cases: Vec<ExerciseCase>,
}

#[derive(Serialize)]
struct ExerciseCase {
    title: String,
    text_html: String,
    questions: Vec<ExerciseQuestion>,
}

#[derive(Serialize)]
struct ExerciseQuestion {
    number: usize,
    kind: &'static str,
    prompt_html: String,
    options: Vec<Lettered>,
    steps: Vec<StepHandout>,
}

/// An option or a scenario's choice, with its letter (`a`, `b`, …) and, in the answers, whether it
/// is right and what the learner is told after choosing it.
#[derive(Serialize)]
struct Lettered {
    letter: String,
    text_html: String,
    correct: bool,
    feedback_html: Option<String>,
    /// For a scenario's choice: the number of the step or ending it leads to.
    to_step: Option<usize>,
    to_ending: Option<usize>,
}

#[derive(Serialize)]
struct StepHandout {
    number: usize,
    /// Who speaks at the step, and their line (HTML, one line), printed before its text.
    speaker: Option<String>,
    says_html: Option<String>,
    text_html: String,
    choices: Vec<Lettered>,
}

#[derive(Serialize)]
struct AnswerQuiz {
    title: String,
    questions: Vec<AnswerQuestion>,
}

#[derive(Serialize)]
struct AnswerQuestion {
    number: usize,
    case_title: String,
    kind: &'static str,
    /// The letters of the right options, `a, c`.
    right: String,
    options: Vec<Lettered>,
    answer: Option<bool>,
    true_feedback_html: Option<String>,
    false_feedback_html: Option<String>,
    steps: Vec<StepHandout>,
    endings: Vec<EndingHandout>,
    /// The choices that lead to the best ending, as `1a, 2a`.
    best_route: Option<String>,
    explanation_html: Option<String>,
}

#[derive(Serialize)]
struct EndingHandout {
    number: usize,
    outcome: &'static str,
    points: u32,
    best: bool,
    feedback_html: String,
}

/// Where one module's hand-out sits relative to the hand-out file (its own folder, or a module
/// folder of a course package seen from the package's root), how deep its pages are and whether
/// it prints the answers.
struct Place {
    /// Prefix of the module's `media/` paths: `""` or `"<module-id>/"`.
    folder: String,
    /// Prefix of its page anchors: `""` or `"m<n>-"` (page ids repeat across modules).
    anchors: String,
    /// How many levels lower than on the learner's page (where a page's title is an `h1`) the
    /// headings in author text go: the page's title is an `h2` here, or an `h3` in a course.
    headings: u8,
    /// Only a module's own hand-out prints the answers of its quizzes.
    answers: bool,
}

impl Place {
    /// Author Markdown as this hand-out shows it.
    fn md(&self, text: &str, allow_html: bool, inline: bool) -> String {
        self.place(to_html(text, allow_html, inline))
    }

    fn place(&self, mut html: String) -> String {
        // The Markdown renderer (and the sanitizer) write every attribute in double quotes; these
        // are the only addresses it makes that depend on where the page sits.
        if !self.folder.is_empty() || !self.anchors.is_empty() {
            let (page, media) = (PAGE_ANCHOR_PREFIX, MEDIA_FOLDER);
            html = html
                .replace(
                    &format!("href=\"#{page}"),
                    &format!("href=\"#{}{page}", self.anchors),
                )
                .replace(
                    &format!("src=\"{media}/"),
                    &format!("src=\"{}{media}/", self.folder),
                )
                .replace(
                    &format!("href=\"{media}/"),
                    &format!("href=\"{}{media}/", self.folder),
                );
        }
        // Author headings keep their place below the page's title; `h6` is as low as HTML goes.
        for _ in 0..self.headings {
            for n in (1..=5).rev() {
                for tag in [format!("<h{n}>"), format!("<h{n} "), format!("</h{n}>")] {
                    html = html.replace(&tag, &tag.replace(&n.to_string(), &(n + 1).to_string()));
                }
            }
        }
        html
    }
}

/// The hand-out of one module: [`HANDOUT_FILE`] and its style sheet, next to its launch page.
pub fn module_handout(project: &Project, module: &Module, templates: &Templates) -> Result<Site> {
    let strings = templates.strings(&module.language);
    let place = Place {
        folder: String::new(),
        anchors: String::new(),
        headings: 1,
        answers: true,
    };
    let view = HandoutView {
        lang: &module.language,
        title: &module.title,
        strings,
        stylesheet: STYLESHEET.to_owned(),
        course: None,
        modules: vec![module_view(project, module, &place, String::new())],
        h: Levels::MODULE,
    };
    files(templates, &view)
}

/// The hand-out of a course, every module in the course's order: [`HANDOUT_FILE`] and its style
/// sheet, for the root of the course package, where module `m` has its files in `m/`. It prints
/// the quizzes as exercises, and no answers (see the top of this file).
pub fn course_handout(
    project: &Project,
    course: &Course,
    modules: &[&Module],
    templates: &Templates,
) -> Result<Site> {
    let strings = templates.strings(&course.language);
    let sections = modules
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let place = Place {
                folder: format!("{}/", m.id.value),
                anchors: format!("m{}-", i + 1),
                headings: 2,
                answers: false,
            };
            module_view(project, m, &place, format!("m{}", i + 1))
        })
        .collect();
    let view = HandoutView {
        lang: &course.language,
        title: &course.title,
        strings,
        stylesheet: STYLESHEET.to_owned(),
        course: Some(CourseHead {
            description: course.description.as_ref().map(|d| d.value.as_str()),
            version: &course.version,
        }),
        modules: sections,
        h: Levels::COURSE,
    };
    files(templates, &view)
}

/// The rendered hand-out and its style sheet.
fn files(templates: &Templates, view: &HandoutView<'_>) -> Result<Site> {
    let mut site = Site::new();
    site.insert(
        HANDOUT_FILE.to_owned(),
        templates.render("handout.hbs", view)?.into_bytes(),
    );
    site.insert(
        STYLESHEET.to_owned(),
        templates
            .file("handout.css")
            .expect("handout.css is among the built-ins")
            .to_vec(),
    );
    Ok(site)
}

fn module_view(project: &Project, m: &Module, place: &Place, anchor: String) -> ModuleHandout {
    let allow_html = m.allow_html.value;
    let md = |t: &str| place.md(t, allow_html, false);
    let mut answers = Vec::new();
    let mut answered = BTreeSet::new();
    let pages = m
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut blocks = Vec::new();
            if let Some(body) = &page.body {
                blocks.push(BlockHandout {
                    kind: "text",
                    html: Some(md(body)),
                    ..BlockHandout::default()
                });
            }
            for block in &page.blocks {
                let text = |kind, t: &str| BlockHandout {
                    kind,
                    html: Some(md(t)),
                    ..BlockHandout::default()
                };
                blocks.push(match block {
                    Block::Text(t) => text("text", t),
                    Block::Tip(t) => text("tip", t),
                    Block::Warning(t) => text("warning", t),
                    Block::Signals(ids) => BlockHandout {
                        kind: "signals",
                        signals: ids
                            .iter()
                            .filter_map(|id| signal_view(project, id))
                            .collect(),
                        ..BlockHandout::default()
                    },
                    Block::Contact(id) => BlockHandout {
                        kind: "contact",
                        contact: project.contact(id).map(contact_view),
                        ..BlockHandout::default()
                    },
                    Block::Image(image) => BlockHandout {
                        kind: "image",
                        image: Some(ImageHandout {
                            src: format!(
                                "{}{}",
                                place.folder,
                                crate::text::media_path(
                                    &crate::fs::safe_relative_path(&image.src).unwrap_or_default()
                                )
                            ),
                            alt: image.alt.value.clone(),
                            caption_html: image.caption.as_ref().map(|c| place.md(c, false, true)),
                        }),
                        ..BlockHandout::default()
                    },
                    Block::Quiz(id) => match project.quiz(id) {
                        Some(quiz) => {
                            // A quiz shown twice is practised twice, but answered once.
                            if answered.insert(quiz.value.id.value.clone()) && place.answers {
                                answers.push(answer_quiz(&quiz.value, place));
                            }
                            BlockHandout {
                                kind: "exercise",
                                exercise: Some(exercise(&quiz.value, place)),
                                ..BlockHandout::default()
                            }
                        }
                        None => continue,
                    },
                });
            }
            PageHandout {
                anchor: format!("{}{}", place.anchors, page_anchor(&page.id)),
                number: i + 1,
                title: page.title.value.clone(),
                blocks,
            }
        })
        .collect();
    let source = project.source(&m.source);
    ModuleHandout {
        anchor,
        lang: m.language.value.clone(),
        title: m.title.value.clone(),
        description: m.description.as_ref().map(|d| d.value.clone()),
        version: m.version.value.clone(),
        authors: (!m.authors.is_empty()).then(|| {
            m.authors
                .iter()
                .map(|a| a.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }),
        pages,
        answers,
        answers_elsewhere: !place.answers && !answered.is_empty(),
        source_html: source.map(citation).unwrap_or_default(),
        source_url: source.and_then(|s| s.url.as_ref()).map(|u| u.value.clone()),
        // Only a finished review is named: "reviewed" next to points still open would say
        // something that is not yet true. Open points are for authors, never for learners.
        reviewed: m
            .reviewed
            .as_ref()
            .filter(|r| r.status.value == ReviewStatus::Done)
            .map(|r| Reviewed {
                date: r.date.value.clone(),
                by: r.by.value.clone(),
            }),
    }
}

/// `a` for the first option, `b` for the second, … (at most 26 options or choices).
fn letter(i: usize) -> String {
    char::from(b'a' + (i % 26) as u8).to_string()
}

/// The questions of a quiz in order, numbered through the whole quiz, with their case.
fn numbered(q: &Quiz) -> impl Iterator<Item = (usize, &Case, &Question)> {
    q.cases
        .iter()
        .flat_map(|c| c.questions.iter().map(move |qu| (c, qu)))
        .enumerate()
        .map(|(i, (c, qu))| (i + 1, c, qu))
}

fn exercise(q: &Quiz, place: &Place) -> Exercise {
    let mut numbers = numbered(q).map(|(n, _, _)| n);
    Exercise {
        title: q.title.value.clone(),
        intro_html: q.intro.as_ref().map(|t| place.md(t, false, false)),
        cases: q
            .cases
            .iter()
            .map(|c| ExerciseCase {
                title: c.title.value.clone(),
                text_html: place.md(&c.text, false, false),
                questions: c
                    .questions
                    .iter()
                    .map(|qu| ExerciseQuestion {
                        number: numbers.next().unwrap_or_default(),
                        kind: qu.kind.value.name(),
                        prompt_html: place.md(&qu.prompt, false, false),
                        options: options(qu, place, false),
                        steps: steps(qu, place, false),
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn options(qu: &Question, place: &Place, answers: bool) -> Vec<Lettered> {
    qu.options
        .iter()
        .enumerate()
        .map(|(i, o)| Lettered {
            letter: letter(i),
            text_html: place.md(&o.text, false, true),
            correct: answers && o.correct.value,
            feedback_html: o
                .feedback
                .as_ref()
                .filter(|_| answers)
                .map(|f| place.md(f, false, false)),
            to_step: None,
            to_ending: None,
        })
        .collect()
}

/// A scenario's steps in the order the hand-out numbers them: the start first, then the others
/// in the order they are written.
fn ordered_steps(qu: &Question) -> Vec<&Step> {
    let start = qu.start.as_ref().map(|s| s.value.as_str());
    let mut steps: Vec<&Step> = qu.steps.iter().collect();
    steps.sort_by_key(|s| Some(s.id.value.as_str()) != start);
    steps
}

/// A scenario's steps, numbered from the start, each choice saying which step or ending it leads
/// to (endings numbered in the order they are written).
fn steps(qu: &Question, place: &Place, answers: bool) -> Vec<StepHandout> {
    let ordered = ordered_steps(qu);
    let step_number = |id: &str| ordered.iter().position(|s| s.id.value == id).map(|i| i + 1);
    let ending_number = |id: &str| {
        qu.endings
            .iter()
            .position(|e| e.id.value == id)
            .map(|i| i + 1)
    };
    ordered
        .iter()
        .enumerate()
        .map(|(i, s)| StepHandout {
            number: i + 1,
            speaker: s.speaker.as_ref().map(|w| w.value.trim().to_owned()),
            says_html: s.says.as_ref().map(|t| place.md(t, false, true)),
            text_html: place.md(&s.text, false, false),
            choices: s
                .choices
                .iter()
                .enumerate()
                .map(|(j, c)| Lettered {
                    letter: letter(j),
                    text_html: place.md(&c.text, false, true),
                    correct: false,
                    feedback_html: c
                        .feedback
                        .as_ref()
                        .filter(|_| answers)
                        .map(|f| place.md(f, false, false)),
                    to_step: step_number(&c.next),
                    to_ending: ending_number(&c.next),
                })
                .collect(),
        })
        .collect()
}

fn answer_quiz(q: &Quiz, place: &Place) -> AnswerQuiz {
    AnswerQuiz {
        title: q.title.value.clone(),
        questions: numbered(q)
            .map(|(number, case, qu)| {
                let options = options(qu, place, true);
                let best = crate::policy::best_ending_points(qu);
                AnswerQuestion {
                    number,
                    case_title: case.title.value.clone(),
                    kind: qu.kind.value.name(),
                    right: options
                        .iter()
                        .filter(|o| o.correct)
                        .map(|o| o.letter.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    options,
                    answer: qu.answer.as_ref().map(|a| a.value),
                    true_feedback_html: qu
                        .true_feedback
                        .as_ref()
                        .map(|f| place.md(f, false, false)),
                    false_feedback_html: qu
                        .false_feedback
                        .as_ref()
                        .map(|f| place.md(f, false, false)),
                    steps: steps(qu, place, true),
                    endings: qu
                        .endings
                        .iter()
                        .enumerate()
                        .map(|(i, e)| EndingHandout {
                            number: i + 1,
                            outcome: e.outcome.value.name(),
                            points: e.points.value,
                            best: Some(e.points.value) == best,
                            feedback_html: place.md(&e.feedback, false, false),
                        })
                        .collect(),
                    best_route: best_route(qu),
                    explanation_html: qu.explanation.as_ref().map(|f| place.md(f, false, false)),
                }
            })
            .collect(),
    }
}

/// The shortest series of choices from the start to an ending worth the most points
/// ([`crate::policy::best_route`]), as `1a, 2a` in the hand-out's numbering of the steps; `None`
/// for a question that is not a scenario.
fn best_route(qu: &Question) -> Option<String> {
    let route = crate::policy::best_route(qu)?;
    let ordered = ordered_steps(qu);
    let step = |id: &str| ordered.iter().position(|s| s.id.value == id);
    route
        .iter()
        .map(|&(at, j)| Some(format!("{}{}", step(at)? + 1, letter(j))))
        .collect::<Option<Vec<_>>>()
        .map(|r| r.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_follow_the_alphabet() {
        assert_eq!(
            (0..3).map(letter).collect::<Vec<_>>(),
            ["a", "b", "c"],
            "options are lettered from a"
        );
        assert_eq!(letter(25), "z");
    }

    #[test]
    fn a_course_section_points_into_its_module_folder() {
        let place = Place {
            folder: "basis/".to_owned(),
            anchors: "m2-".to_owned(),
            headings: 2,
            answers: false,
        };
        let html = place.md(
            "[verder](#signalen) ![kaart](kaart.svg) [folder](folder.pdf) [kis](https://www.kis.nl/media/x)",
            false,
            true,
        );
        assert!(html.contains("href=\"#m2-p-signalen\""), "{html}");
        assert!(html.contains("src=\"basis/media/kaart.svg\""), "{html}");
        assert!(html.contains("href=\"basis/media/folder.pdf\""), "{html}");
        assert!(
            html.contains("href=\"https://www.kis.nl/media/x\""),
            "{html}"
        );
    }

    #[test]
    fn author_headings_stay_below_the_page_title() {
        let place = Place {
            folder: String::new(),
            anchors: String::new(),
            headings: 2,
            answers: false,
        };
        let html = place.md("## Twee\n\n### Drie\n\n##### Vijf\n\n---\n", false, false);
        assert!(html.contains("<h4>Twee</h4>"), "{html}");
        assert!(html.contains("<h5>Drie</h5>"), "{html}");
        assert!(html.contains("<h6>Vijf</h6>"), "{html}");
        assert!(html.contains("<hr />") || html.contains("<hr>"), "{html}");
    }
}
