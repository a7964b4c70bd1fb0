//! View models: what the templates see, and the data the page shell's script reads.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Runtime;
use super::markdown::to_html;
use crate::error::Result;
use crate::model::{
    Block, Contact, Module, Professional, Project, QuestionKind, Quiz, Source, YoungPerson,
};
use crate::policy::PageLimits;
use crate::text::{page_anchor, plain_text};

#[derive(Serialize)]
pub struct ModuleView<'a> {
    lang: &'a str,
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    version: &'a str,
    /// The run-time's name ([`Runtime::name`]).
    standard: &'static str,
    /// The Content-Security-Policy's `connect-src` for this run-time.
    connect_src: &'static str,
    strings: &'a serde_json::Value,
    source_html: String,
    pages: Vec<PageView>,
    page_count: usize,
    /// What the cover shows before the first page.
    cover: CoverView,
    /// The JSON the page shell reads, made safe to sit inside a `<script>` element.
    data_json: String,
}

/// The cover of a module or a course: what the learner sees first ([`cover_view`]).
#[derive(Serialize)]
pub(super) struct CoverView {
    /// "Wat je leert": the learning goals, as plain text.
    goals: Vec<String>,
    /// The duration in words, "ongeveer 30 minuten".
    duration: Option<String>,
    /// The author's illustration; without it the template draws leskit's own.
    image: Option<CoverImage>,
    /// In a course package: "Module 2 van 5" (or "Eindtoets"), and the course's title.
    course_place: Option<String>,
    course_title: Option<String>,
    /// The anchor of the first page, where "Begin" leads without the script.
    first_anchor: String,
}

#[derive(Serialize)]
struct CoverImage {
    src: String,
    alt: String,
}

/// A duration in words, "ongeveer 30 minuten".
pub(super) fn duration_text(strings: &serde_json::Value, minutes: u32) -> String {
    let key = if minutes == 1 {
        "proof_minute"
    } else {
        "proof_minutes"
    };
    let time = string(strings, key, &[("n", &minutes.to_string())]);
    string(strings, "cover_duration", &[("time", &time)])
}

/// The cover of a module or course with these keys; its image is packaged at
/// [`crate::text::media_path`] beside the page.
pub(super) fn cover_view(
    strings: &serde_json::Value,
    goals: &[crate::model::Spanned<String>],
    minutes: Option<u32>,
    cover: Option<&crate::model::Cover>,
    first_anchor: String,
) -> CoverView {
    CoverView {
        goals: goals.iter().map(|g| g.value.trim().to_owned()).collect(),
        duration: minutes.map(|n| duration_text(strings, n)),
        image: cover.map(|c| CoverImage {
            src: crate::text::media_path(
                &crate::fs::safe_relative_path(&c.image).unwrap_or_default(),
            ),
            alt: c.alt.as_ref().map(|a| a.value.clone()).unwrap_or_default(),
        }),
        course_place: None,
        course_title: None,
        first_anchor,
    }
}

#[derive(Serialize)]
struct PageView {
    id: String,
    anchor: String,
    number: usize,
    title: String,
    first: bool,
    last: bool,
    blocks: Vec<BlockView>,
}

#[derive(Serialize, Default)]
struct BlockView {
    kind: &'static str,
    html: Option<String>,
    signals: Vec<SignalView>,
    contact: Option<ContactView>,
    quiz: Option<QuizView>,
    image: Option<ImageView>,
}

/// A signal as pages and hand-outs list it.
#[derive(Serialize)]
pub(super) struct SignalView {
    id: String,
    text: String,
    explanation_html: Option<String>,
}

/// A contact card as pages and hand-outs show it.
#[derive(Serialize)]
pub(super) struct ContactView {
    name: String,
    description_html: String,
    phone: Option<String>,
    phone_href: Option<String>,
    whatsapp: Option<String>,
    whatsapp_href: Option<String>,
    url: Option<String>,
    hours: Option<String>,
}

#[derive(Serialize)]
struct ImageView {
    src: String,
    alt: String,
    caption_html: Option<String>,
}

#[derive(Serialize)]
struct QuizView {
    id: String,
    title: String,
    intro_html: Option<String>,
    cases: Vec<CaseView>,
}

#[derive(Serialize)]
struct CaseView {
    id: String,
    title: String,
    /// Where the case stands in its quiz, in words: "Casus 2 van 4".
    position: String,
    /// The young person as learners see them: the (fictional) name and age, "Bilal, 15 jaar".
    /// Gender, queer and family form stay for reviewers.
    person: Option<String>,
    /// The professional's role in words, from the interface strings.
    role: Option<String>,
    /// Whether the card shows the young person or the role.
    has_facts: bool,
    /// The first letter of the young person's name, for the card's (decorative) avatar.
    initial: Option<String>,
    text_html: String,
    questions: Vec<QuestionView>,
}

#[derive(Serialize)]
struct QuestionView {
    id: String,
    dom_id: String,
    kind: &'static str,
    prompt_html: String,
    input_type: &'static str,
    options: Vec<OptionView>,
    steps: Vec<StepView>,
}

#[derive(Serialize)]
struct OptionView {
    id: String,
    input_id: String,
    text_html: String,
}

#[derive(Serialize)]
struct StepView {
    id: String,
    dom_id: String,
    speaker: Option<String>,
    says_html: Option<String>,
    text_html: String,
    choices: Vec<OptionView>,
}

/// What the page shell's script needs: module settings, the pages, and each question's answers
/// and feedback (a SCORM package scores in the browser, so answers travel with it).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Data<'a> {
    module: DataModule<'a>,
    standard: &'static str,
    strings: &'a serde_json::Value,
    pages: Vec<DataPage<'a>>,
    quizzes: BTreeMap<&'a str, Vec<DataQuestion>>,
    signals: BTreeMap<&'a str, DataSignal>,
    /// The limits the page enforces: the attempt cap, the longest interaction id, the longest
    /// saved state the run-time keeps.
    limits: PageLimits,
    /// Only in a course package: where this SCO stands in the course.
    #[serde(skip_serializing_if = "Option::is_none")]
    course: Option<&'a CourseNav>,
}

/// Where a module's SCO stands in a course package, for the page shell: at the first and last
/// page its previous/next buttons ask the LMS for the previous or next SCO (SCORM 2004).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseNav {
    pub id: String,
    pub title: String,
    /// Whether a SCO comes before this one in the course.
    pub previous: bool,
    /// Whether a SCO comes after this one.
    pub next: bool,
    /// Whether the next SCO opens only once this one is done (passed, or read when unscored).
    pub next_needs_this: bool,
    /// Whether this SCO is the course's final test: it has no hand-out (that would print the
    /// answers next to the test), and its proof of participation names the course.
    pub final_test: bool,
    /// The module's number in the course (1 for the first), for the cover's "Module 2 van 5";
    /// `None` for the final test. The page shell does not need it.
    #[serde(skip)]
    pub number: Option<usize>,
    /// How many modules the course has, the final test not counted.
    #[serde(skip)]
    pub modules: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataModule<'a> {
    id: &'a str,
    version: &'a str,
    title: &'a str,
    language: &'a str,
    /// Percent; what the manifest declares too.
    pass_mark: i64,
    allow_retry: bool,
    /// Whether the module has points to score (a quiz); otherwise reading it completes it.
    scored: bool,
    /// The organisation named on the proof of participation (`organisation` in leskit.toml).
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
}

#[derive(Serialize)]
struct DataPage<'a> {
    id: &'a str,
    /// The HTML `id` of the page's section, which in-page links name ([`page_anchor`]).
    anchor: String,
    title: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataQuestion {
    id: String,
    kind: &'static str,
    points: u32,
    scoring: Option<&'static str>,
    prompt: String,
    options: Vec<DataOption>,
    answer: Option<bool>,
    true_feedback: Option<String>,
    false_feedback: Option<String>,
    explanation: Option<String>,
    signals: Vec<String>,
    start: Option<String>,
    steps: BTreeMap<String, DataStep>,
    endings: BTreeMap<String, DataEnding>,
}

#[derive(Serialize)]
struct DataOption {
    id: String,
    text: String,
    correct: bool,
    feedback: Option<String>,
}

#[derive(Serialize)]
struct DataStep {
    text: String,
    /// The step's text without markup, for the LMS's interaction description.
    plain: String,
    choices: Vec<DataChoice>,
}

#[derive(Serialize)]
struct DataChoice {
    id: String,
    text: String,
    next: String,
    feedback: Option<String>,
}

#[derive(Serialize)]
struct DataEnding {
    outcome: &'static str,
    points: u32,
    feedback: String,
}

#[derive(Serialize)]
struct DataSignal {
    text: String,
    /// The anchor of the first page that lists the signal, for "read more" links after a miss.
    anchor: Option<String>,
}

pub fn module_view<'a>(
    project: &'a Project,
    m: &'a Module,
    runtime: Runtime,
    strings: &'a serde_json::Value,
    course: Option<&'a CourseNav>,
) -> Result<ModuleView<'a>> {
    let html = m.allow_html.value;
    let md = |t: &str| to_html(t, html, false);
    let mut quizzes: BTreeMap<&str, Vec<DataQuestion>> = BTreeMap::new();
    let mut signal_pages: BTreeMap<&str, String> = BTreeMap::new();
    let page_count = m.pages.len();
    let mut pages = Vec::with_capacity(page_count);
    for (i, page) in m.pages.iter().enumerate() {
        let mut blocks = Vec::new();
        if let Some(body) = &page.body {
            blocks.push(BlockView {
                kind: "text",
                html: Some(md(body)),
                ..BlockView::default()
            });
        }
        for block in &page.blocks {
            blocks.push(match block {
                Block::Text(t) => BlockView {
                    kind: "text",
                    html: Some(md(t)),
                    ..BlockView::default()
                },
                Block::Tip(t) => BlockView {
                    kind: "tip",
                    html: Some(md(t)),
                    ..BlockView::default()
                },
                Block::Warning(t) => BlockView {
                    kind: "warning",
                    html: Some(md(t)),
                    ..BlockView::default()
                },
                Block::Signals(ids) => BlockView {
                    kind: "signals",
                    signals: ids
                        .iter()
                        .filter_map(|id| {
                            signal_pages
                                .entry(id.value.as_str())
                                .or_insert_with(|| page.id.value.clone());
                            signal_view(project, id)
                        })
                        .collect(),
                    ..BlockView::default()
                },
                Block::Contact(id) => BlockView {
                    kind: "contact",
                    contact: project.contact(id).map(contact_view),
                    ..BlockView::default()
                },
                Block::Image(image) => BlockView {
                    kind: "image",
                    image: Some(ImageView {
                        src: crate::text::media_path(
                            &crate::fs::safe_relative_path(&image.src).unwrap_or_default(),
                        ),
                        alt: image.alt.value.clone(),
                        caption_html: image.caption.as_ref().map(|c| to_html(c, false, true)),
                    }),
                    ..BlockView::default()
                },
                Block::Quiz(id) => match project.quiz(id) {
                    Some(quiz) => {
                        quizzes
                            .entry(quiz.value.id.value.as_str())
                            .or_insert_with(|| quiz_data(&quiz.value));
                        BlockView {
                            kind: "quiz",
                            quiz: Some(quiz_view(&quiz.value, strings)),
                            ..BlockView::default()
                        }
                    }
                    None => BlockView {
                        kind: "text",
                        html: Some(String::new()),
                        ..BlockView::default()
                    },
                },
            });
        }
        pages.push(PageView {
            id: page.id.value.clone(),
            anchor: page_anchor(&page.id),
            number: i + 1,
            title: page.title.value.clone(),
            first: i == 0,
            last: i + 1 == page_count,
            blocks,
        });
    }
    let signals = project
        .signals
        .iter()
        .flat_map(|s| s.value.signals.iter())
        .filter(|s| {
            quizzes
                .values()
                .flatten()
                .any(|q| q.signals.contains(&s.id.value))
                || signal_pages.contains_key(s.id.value.as_str())
        })
        .map(|s| {
            (
                s.id.value.as_str(),
                DataSignal {
                    text: s.text.value.clone(),
                    anchor: signal_pages
                        .get(s.id.value.as_str())
                        .map(|page| page_anchor(page)),
                },
            )
        })
        .collect();
    let data = Data {
        module: DataModule {
            id: &m.id,
            version: &m.version,
            title: &m.title,
            language: &m.language,
            pass_mark: m.pass_mark.value,
            allow_retry: m.allow_retry.value,
            scored: crate::policy::scored(project, m),
            organisation: project
                .settings
                .as_ref()
                .and_then(|s| s.value.organisation.as_ref())
                .map(|o| o.value.trim()),
        },
        standard: runtime.name,
        strings,
        pages: m
            .pages
            .iter()
            .map(|p| DataPage {
                id: &p.id,
                anchor: page_anchor(&p.id),
                title: &p.title,
            })
            .collect(),
        quizzes,
        signals,
        limits: PageLimits::new(runtime.state_store),
        course,
    };
    let mut cover = cover_view(
        strings,
        &m.learning_goals,
        m.duration_minutes.as_ref().map(|d| d.value),
        m.cover.as_ref(),
        m.pages
            .first()
            .map(|p| page_anchor(&p.id))
            .unwrap_or_default(),
    );
    if let Some(c) = course {
        cover.course_place = Some(match c.number {
            Some(n) => string(
                strings,
                "cover_module_of",
                &[("n", &n.to_string()), ("total", &c.modules.to_string())],
            ),
            None => string(strings, "cover_final_test", &[]),
        });
        cover.course_title = Some(c.title.clone());
    }
    Ok(ModuleView {
        lang: &m.language,
        id: &m.id,
        title: &m.title,
        description: m.description.as_ref().map(|d| d.value.as_str()),
        version: &m.version,
        standard: runtime.name,
        connect_src: runtime.connect_src,
        strings,
        source_html: project.source(&m.source).map(citation).unwrap_or_default(),
        pages,
        page_count,
        cover,
        data_json: script_safe_json(&data),
    })
}

/// JSON that cannot end its `<script>` element early or open a comment: `<`, `>` and `&` are
/// written as Unicode escapes, which JSON.parse reads back unchanged.
fn script_safe_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .expect("view data serialises")
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// The source `id` of the project as the copyright holder asks it to be named, if the project
/// declares it.
pub fn source_citation(project: &Project, id: &str) -> Option<String> {
    project.source(id).map(citation)
}

/// The source as the copyright holder asks it to be named.
pub(super) fn citation(s: &Source) -> String {
    let esc = |t: &str| handlebars::html_escape(t);
    let mut out = String::new();
    if !s.authors.is_empty() {
        let names: Vec<&str> = s.authors.iter().map(|a| a.value.as_str()).collect();
        out.push_str(&esc(&names.join(", ")));
        out.push_str(". ");
    }
    out.push_str(&format!(
        "<cite>{}</cite>. {}",
        esc(&s.title),
        esc(&s.publisher)
    ));
    if let Some(place) = &s.place {
        out.push_str(&format!(", {}", esc(place)));
    }
    out.push_str(&format!(" {}.", s.year.value));
    if let Some(isbn) = &s.isbn {
        out.push_str(&format!(" ISBN {}.", esc(isbn)));
    }
    for extra in [&s.copyright, &s.reuse].into_iter().flatten() {
        out.push(' ');
        out.push_str(&esc(extra));
    }
    out
}

pub(super) fn contact_view(c: &Contact) -> ContactView {
    let digits = |n: &str| {
        n.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect::<String>()
    };
    ContactView {
        name: c.name.value.clone(),
        description_html: to_html(&c.description, false, false),
        phone: c.phone.as_ref().map(|p| p.value.clone()),
        phone_href: c.phone.as_ref().map(|p| format!("tel:{}", digits(p))),
        whatsapp: c.whatsapp.as_ref().map(|p| p.value.clone()),
        whatsapp_href: c
            .whatsapp
            .as_ref()
            .map(|p| format!("https://wa.me/{}", digits(p).trim_start_matches('+'))),
        url: c.url.as_ref().map(|u| u.value.clone()),
        hours: c.hours.as_ref().map(|h| h.value.clone()),
    }
}

/// A signal of the project by id, or `None` when no content file declares it.
pub(super) fn signal_view(project: &Project, id: &str) -> Option<SignalView> {
    project.signal(id).map(|s| SignalView {
        id: id.to_owned(),
        text: s.text.value.clone(),
        explanation_html: s.explanation.as_ref().map(|e| to_html(e, false, false)),
    })
}

/// An interface string by key, with its `{name}` placeholders filled in; empty when a
/// project's own strings file lacks the key (as a template shows a missing string).
fn string(strings: &serde_json::Value, key: &str, values: &[(&str, &str)]) -> String {
    let mut text = strings
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The young person's name and age as the case card shows them.
fn person(strings: &serde_json::Value, young: &YoungPerson) -> String {
    let age = young.age.value.to_string();
    match &young.name {
        Some(name) => string(
            strings,
            "case_person",
            &[("name", name.value.trim()), ("age", &age)],
        ),
        None => string(strings, "case_age", &[("age", &age)]),
    }
}

/// The interface string naming a professional's role: `role_<value>`, with `_` for `-`.
fn role(strings: &serde_json::Value, professional: Professional) -> String {
    let key = format!("role_{}", professional.name().replace('-', "_"));
    string(strings, &key, &[])
}

fn quiz_view(q: &Quiz, strings: &serde_json::Value) -> QuizView {
    let inline = |t: &str| to_html(t, false, true);
    let total = q.cases.len().to_string();
    QuizView {
        id: q.id.value.clone(),
        title: q.title.value.clone(),
        intro_html: q.intro.as_ref().map(|t| to_html(t, false, false)),
        cases: q
            .cases
            .iter()
            .enumerate()
            .map(|(i, c)| CaseView {
                id: c.id.value.clone(),
                title: c.title.value.clone(),
                position: string(
                    strings,
                    "case_of",
                    &[("n", &(i + 1).to_string()), ("total", &total)],
                ),
                person: c.young_person.as_ref().map(|y| person(strings, y)),
                role: c.professional.as_ref().map(|p| role(strings, p.value)),
                has_facts: c.young_person.is_some() || c.professional.is_some(),
                initial: c
                    .young_person
                    .as_ref()
                    .and_then(|y| y.name.as_ref())
                    .and_then(|n| n.value.trim().chars().next())
                    .map(|ch| ch.to_uppercase().collect()),
                text_html: to_html(&c.text, false, false),
                questions: c
                    .questions
                    .iter()
                    .map(|qu| {
                        let dom_id = format!("q-{}-{}", q.id.value, qu.id.value);
                        QuestionView {
                            kind: qu.kind.value.name(),
                            prompt_html: to_html(&qu.prompt, false, false),
                            input_type: if qu.kind.value == QuestionKind::Multiple {
                                "checkbox"
                            } else {
                                "radio"
                            },
                            options: qu
                                .options
                                .iter()
                                .map(|o| OptionView {
                                    id: o.id.value.clone(),
                                    input_id: format!("{dom_id}-{}", o.id.value),
                                    text_html: inline(&o.text),
                                })
                                .collect(),
                            steps: qu
                                .steps
                                .iter()
                                .map(|s| {
                                    let step_dom = format!("{dom_id}-{}", s.id.value);
                                    StepView {
                                        id: s.id.value.clone(),
                                        speaker: s
                                            .speaker
                                            .as_ref()
                                            .map(|w| w.value.trim().to_owned()),
                                        says_html: s.says.as_ref().map(|t| inline(t)),
                                        text_html: to_html(&s.text, false, false),
                                        choices: s
                                            .choices
                                            .iter()
                                            .map(|c| OptionView {
                                                id: c.id.value.clone(),
                                                input_id: format!("{step_dom}-{}", c.id.value),
                                                text_html: inline(&c.text),
                                            })
                                            .collect(),
                                        dom_id: step_dom,
                                    }
                                })
                                .collect(),
                            id: qu.id.value.clone(),
                            dom_id,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

fn quiz_data(q: &Quiz) -> Vec<DataQuestion> {
    let md = |t: &str| to_html(t, false, false);
    let inline = |t: &str| to_html(t, false, true);
    q.cases
        .iter()
        .flat_map(|c| c.questions.iter())
        .map(|qu| DataQuestion {
            id: qu.id.value.clone(),
            kind: qu.kind.value.name(),
            points: crate::policy::points_possible(qu),
            scoring: crate::policy::scoring(qu),
            prompt: plain_text(&qu.prompt),
            options: qu
                .options
                .iter()
                .map(|o| DataOption {
                    id: o.id.value.clone(),
                    text: inline(&o.text),
                    correct: o.correct.value,
                    feedback: o.feedback.as_ref().map(|f| md(f)),
                })
                .collect(),
            answer: qu.answer.as_ref().map(|a| a.value),
            true_feedback: qu.true_feedback.as_ref().map(|f| md(f)),
            false_feedback: qu.false_feedback.as_ref().map(|f| md(f)),
            explanation: qu.explanation.as_ref().map(|f| md(f)),
            signals: qu.signals.iter().map(|s| s.value.clone()).collect(),
            start: qu.start.as_ref().map(|s| s.value.clone()),
            steps: qu
                .steps
                .iter()
                .map(|s| {
                    (
                        s.id.value.clone(),
                        DataStep {
                            text: md(&s.text),
                            plain: plain_text(&s.text),
                            choices: s
                                .choices
                                .iter()
                                .map(|c| DataChoice {
                                    id: c.id.value.clone(),
                                    text: inline(&c.text),
                                    next: c.next.value.clone(),
                                    feedback: c.feedback.as_ref().map(|f| md(f)),
                                })
                                .collect(),
                        },
                    )
                })
                .collect(),
            endings: qu
                .endings
                .iter()
                .map(|e| {
                    (
                        e.id.value.clone(),
                        DataEnding {
                            outcome: e.outcome.value.name(),
                            points: e.points.value,
                            feedback: md(&e.feedback),
                        },
                    )
                })
                .collect(),
        })
        .collect()
}
