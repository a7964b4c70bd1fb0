//! Content tests: the bundled modules, quizzes and content files against the reviewed facts of
//! the source toolkit in `tests/fixtures/toolkit-facts.yaml`.
//!
//! The project is loaded once through the library (`leskit::check::check_project`), exactly as
//! `leskit check` loads it. Each rule has a helper that works on in-memory values, and each
//! helper that guards a rule the validator does not already enforce has a negative check at the
//! end of this file, so a rule that could never fail would be noticed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leskit::check::Checked;
use leskit::model::{
    Block, Conclusion, Gender, Module, Page, Professional, Question, QuestionKind, Quiz,
    ReviewStatus,
};
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// The reviewed fixture

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facts {
    helplines: Vec<Helpline>,
    numbers: Vec<Fact>,
    ages: Vec<Fact>,
    citation: Citation,
    headings: Vec<String>,
    statements: Vec<Statement>,
    drifts: Vec<Drift>,
}

/// A statement the content must make as the toolkit makes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Statement {
    /// `<module>#<page>`.
    #[serde(rename = "where")]
    at: String,
    text: String,
    #[allow(dead_code)]
    toolkit: String,
}

/// A wording that must not come back.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Drift {
    text: String,
    /// Only in this module or quiz (by id); everywhere when absent.
    #[serde(default, rename = "in")]
    only_in: Option<String>,
    why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Helpline {
    id: String,
    name: String,
    value: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fact {
    text: String,
    context: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Citation {
    title: String,
    authors: Vec<String>,
    publisher: String,
    publisher_short: String,
    place: String,
    year: String,
    #[allow(dead_code)]
    place_year: String,
    isbn: String,
    copyright: String,
    reuse: String,
    #[allow(dead_code)]
    financier: String,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A path as shown in messages: relative to the repository.
fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn facts() -> &'static Facts {
    static FACTS: OnceLock<Facts> = OnceLock::new();
    FACTS.get_or_init(|| {
        let path = root().join("tests/fixtures/toolkit-facts.yaml");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", rel(&path)));
        leskit::load::parse_str::<Facts>(&path, &text).unwrap_or_else(|d| {
            panic!(
                "{}",
                leskit::diag::render_human(&d, Some(&text)).replace(&*root().to_string_lossy(), "")
            )
        })
    })
}

fn checked() -> &'static Checked {
    static CHECKED: OnceLock<Checked> = OnceLock::new();
    CHECKED.get_or_init(|| {
        // A fixed day shortly after the content's last review: the "review older than a year"
        // warning is for authors running `leskit check`, not a test that breaks by itself a year
        // from now.
        let day = leskit::validate::parse_date("2026-12-01").expect("a valid date");
        leskit::check::check_project(root(), day)
            .unwrap_or_else(|e| panic!("cannot load the repository's project: {e}"))
    })
}

fn fail_if_any(problems: &[String], what: &str) {
    assert!(
        problems.is_empty(),
        "{what}:\n  - {}",
        problems.join("\n  - ")
    );
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/// Author text as a learner reads it: Markdown emphasis marks dropped, every run of white space
/// (line breaks of a YAML block, non-breaking spaces) one space.
fn plain(text: &str) -> String {
    text.replace(['*', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every text of a module a learner reads, with where it stands.
fn module_texts(m: &Module) -> Vec<(String, String)> {
    let mut out = vec![("title".to_owned(), m.title.value.clone())];
    if let Some(d) = &m.description {
        out.push(("description".to_owned(), d.value.clone()));
    }
    for page in &m.pages {
        let at = format!("page `{}`", page.id.value);
        out.push((at.clone(), page.title.value.clone()));
        if let Some(body) = &page.body {
            out.push((at.clone(), body.value.clone()));
        }
        for block in &page.blocks {
            match block {
                Block::Text(t) | Block::Tip(t) | Block::Warning(t) => {
                    out.push((at.clone(), t.value.clone()))
                }
                Block::Image(img) => {
                    out.push((at.clone(), img.alt.value.clone()));
                    if let Some(c) = &img.caption {
                        out.push((at.clone(), c.value.clone()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The body and text blocks of a page.
fn page_text(page: &Page) -> String {
    let mut text = page
        .body
        .as_ref()
        .map(|b| b.value.clone())
        .unwrap_or_default();
    for block in &page.blocks {
        if let Block::Text(t) = block {
            text.push('\n');
            text.push_str(t);
        }
    }
    plain(&text)
}

/// The phone-number-like runs in a text: digits, optionally after a `+`, joined by spaces,
/// hyphens, dashes, dots or slashes. Each run is returned as its digits only, so `0800-2000`,
/// `0800 2000` and `08002000` all give `08002000`.
fn phone_numbers_in(text: &str) -> Vec<String> {
    const SEPARATORS: &[char] = &[
        ' ', '\u{a0}', '\u{202f}', '-', '\u{2010}', '\u{2011}', '\u{2013}', '.', '/',
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut digits = String::new();
        loop {
            while i < chars.len() && chars[i].is_ascii_digit() {
                digits.push(chars[i]);
                i += 1;
            }
            // At most three separators in a row ("0800 - 2000"), then more digits.
            let mut j = i;
            while j < chars.len() && j - i < 3 && SEPARATORS.contains(&chars[j]) {
                j += 1;
            }
            if j > i && j < chars.len() && chars[j].is_ascii_digit() {
                i = j;
            } else {
                break;
            }
        }
        runs.push(digits);
    }
    runs
}

fn digits_of(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

/// Whether `text` contains the phone number `number`, however it is spaced or hyphenated (and
/// also with `00` instead of `+`).
fn mentions_number(text: &str, number: &str) -> bool {
    let wanted = digits_of(number);
    !wanted.is_empty()
        && phone_numbers_in(text)
            .iter()
            .any(|run| run.contains(&wanted))
}

/// A web address without scheme and `www.`, lower case: `fier.nl/chat`.
fn bare_url(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(&url);
    url.strip_prefix("www.")
        .unwrap_or(url)
        .trim_end_matches('/')
        .to_owned()
}

fn is_url(value: &str) -> bool {
    value.starts_with("http://") || value.starts_with("https://")
}

/// The helplines of the fixture that `text` names by number or address.
fn helplines_in<'a>(text: &str, helplines: &'a [Helpline]) -> Vec<&'a Helpline> {
    let lower = text.to_lowercase();
    helplines
        .iter()
        .filter(|h| {
            if is_url(&h.value) {
                lower.contains(&bare_url(&h.value))
            } else {
                mentions_number(text, &h.value)
            }
        })
        .collect()
}

/// The numbers in a text, as whole tokens (`16e` gives `16`).
fn number_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Words that must never make an option a signal

/// Origins, religions and nationalities. Each entry also matches with a Dutch ending (`-e`,
/// `-en`, `-s`, `-se`), so `Marokkaans` finds `Marokkaanse` and `Turk` finds `Turkse`.
const ORIGIN_WORDS: &[&str] = &[
    "Marokkaans",
    "Marokkaan",
    "Marokkanen",
    "Turk",
    "Somalisch",
    "Somaliër",
    "moslim",
    "islam",
    "islamitisch",
    "religie",
    "religieus",
    "geloof",
    "gelovig",
    "herkomst",
    "nationaliteit",
    "afkomst",
    "migratieachtergrond",
    "migrant",
    "christelijk",
    "christen",
    "hindoe",
    "hindoeïstisch",
    "joods",
    "land van herkomst",
    // The countries of the toolkit's Landen list.
    "Marokko",
    "Algerije",
    "Egypte",
    "Guinee",
    "Ghana",
    "Nigeria",
    "Somalië",
    "Kenia",
    "Ethiopië",
    "Soedan",
    "Irak",
    "Iran",
    "Afghanistan",
    "Turkije",
    "Pakistan",
    "India",
    "Saoedi-Arabië",
    "Syrië",
    "Bulgarije",
    "Griekenland",
    "Denemarken",
    "Spanje",
    "Roemenië",
    "Roma",
];

/// The words of [`ORIGIN_WORDS`] that `text` contains, as whole words (case-insensitive).
fn origin_words_in(text: &str) -> Vec<&'static str> {
    const ENDINGS: &[&str] = &["", "e", "en", "s", "se"];
    let text: Vec<char> = text.to_lowercase().chars().collect();
    let is_letter = |c: char| c.is_alphanumeric();
    ORIGIN_WORDS
        .iter()
        .copied()
        .filter(|word| {
            let word: Vec<char> = word.to_lowercase().chars().collect();
            (0..text.len()).any(|start| {
                if !text[start..].starts_with(&word) {
                    return false;
                }
                if start > 0 && is_letter(text[start - 1]) {
                    return false;
                }
                let rest = &text[start + word.len()..];
                ENDINGS.iter().any(|ending| {
                    let ending: Vec<char> = ending.chars().collect();
                    rest.starts_with(&ending)
                        && rest.get(ending.len()).is_none_or(|&c| !is_letter(c))
                })
            })
        })
        .collect()
}

/// Whether an option says nothing but an age: "Ze is 15", "Hij is 14 jaar oud.", "Amira is 16".
fn is_only_an_age(text: &str) -> bool {
    const FILLERS: &[&str] = &[
        "ze", "zij", "hij", "die", "het", "de", "een", "is", "al", "pas", "bijna", "ruim", "nog",
        "maar", "net", "jaar", "oud", "van", "haar", "zijn", "leeftijd", "meisje", "jongen",
        "jongere", "kind",
    ];
    const NUMBER_WORDS: &[&str] = &[
        "vijf",
        "zes",
        "zeven",
        "acht",
        "negen",
        "tien",
        "elf",
        "twaalf",
        "dertien",
        "veertien",
        "vijftien",
        "zestien",
        "zeventien",
        "achttien",
    ];
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let is_number = |w: &str| {
        w.chars().all(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&&*w.to_lowercase())
    };
    if !words.iter().any(|w| is_number(w)) {
        return false;
    }
    words.iter().enumerate().all(|(i, w)| {
        is_number(w)
            || FILLERS.contains(&&*w.to_lowercase())
            // A first name at the start: "Amira is 16".
            || (i == 0 && w.chars().next().is_some_and(char::is_uppercase))
    })
}

// ---------------------------------------------------------------------------------------------
// Quiz helpers

fn all_questions(quiz: &Quiz) -> impl Iterator<Item = (String, &Question)> {
    quiz.cases.iter().flat_map(|case| {
        case.questions.iter().map(move |q| {
            (
                format!("case `{}` question `{}`", case.id.value, q.id.value),
                q,
            )
        })
    })
}

/// Every text of a quiz a learner reads.
fn quiz_texts(quiz: &Quiz) -> Vec<String> {
    let mut out = vec![quiz.title.value.clone()];
    out.extend(quiz.intro.iter().map(|t| t.value.clone()));
    for case in &quiz.cases {
        out.push(case.title.value.clone());
        out.push(case.text.value.clone());
        for q in &case.questions {
            out.push(q.prompt.value.clone());
            for t in [&q.true_feedback, &q.false_feedback, &q.explanation]
                .into_iter()
                .flatten()
            {
                out.push(t.value.clone());
            }
            for o in &q.options {
                out.push(o.text.value.clone());
                out.extend(o.feedback.iter().map(|f| f.value.clone()));
            }
            for step in &q.steps {
                out.push(step.text.value.clone());
                for c in &step.choices {
                    out.push(c.text.value.clone());
                    out.extend(c.feedback.iter().map(|f| f.value.clone()));
                }
            }
            out.extend(q.endings.iter().map(|e| e.feedback.value.clone()));
        }
    }
    out
}

fn is_blank(text: Option<&leskit::model::Markdown>) -> bool {
    text.is_none_or(|t| t.trim().is_empty())
}

/// Every place in a quiz where a learner's answer gets no feedback.
fn missing_feedback(quiz: &Quiz) -> Vec<String> {
    let mut out = Vec::new();
    for (at, q) in all_questions(quiz) {
        match q.kind.value {
            QuestionKind::Single | QuestionKind::Multiple => {
                if q.options.is_empty() {
                    out.push(format!("{at}: no options"));
                }
                for o in &q.options {
                    if is_blank(o.feedback.as_ref()) {
                        out.push(format!("{at}: option `{}` has no feedback", o.id.value));
                    }
                }
            }
            QuestionKind::TrueFalse => {
                if is_blank(q.true_feedback.as_ref()) {
                    out.push(format!("{at}: no `true_feedback`"));
                }
                if is_blank(q.false_feedback.as_ref()) {
                    out.push(format!("{at}: no `false_feedback`"));
                }
            }
            QuestionKind::Branching => {
                for step in &q.steps {
                    for c in &step.choices {
                        if is_blank(c.feedback.as_ref()) {
                            out.push(format!(
                                "{at}: step `{}` choice `{}` has no feedback",
                                step.id.value, c.id.value
                            ));
                        }
                    }
                }
                for e in &q.endings {
                    if e.feedback.trim().is_empty() {
                        out.push(format!("{at}: ending `{}` has no feedback", e.id.value));
                    }
                }
            }
        }
    }
    out
}

/// What is wrong with the graph of a branching question: a missing start, a choice that leads
/// nowhere, a step no path reaches, or a step from which no ending can be reached.
fn branching_problems(q: &Question) -> Vec<String> {
    let mut out = Vec::new();
    let endings: BTreeSet<&str> = q.endings.iter().map(|e| e.id.as_str()).collect();
    let next: BTreeMap<&str, Vec<&str>> = q
        .steps
        .iter()
        .map(|s| {
            (
                s.id.as_str(),
                s.choices.iter().map(|c| c.next.as_str()).collect(),
            )
        })
        .collect();
    if endings.is_empty() {
        out.push("has no endings".to_owned());
    }
    for step in &q.steps {
        if step.choices.is_empty() {
            out.push(format!("step `{}` has no choices", step.id.value));
        }
        for c in &step.choices {
            if !next.contains_key(c.next.as_str()) && !endings.contains(c.next.as_str()) {
                out.push(format!(
                    "step `{}` choice `{}` leads to `{}`, which is neither a step nor an ending",
                    step.id.value, c.id.value, c.next.value
                ));
            }
        }
    }
    // Everything reachable from `from`, itself included.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(id) = todo.pop() {
            if seen.insert(id.clone())
                && let Some(ns) = next.get(id.as_str())
            {
                todo.extend(ns.iter().map(|n| (*n).to_owned()));
            }
        }
        seen
    };
    match q.start.as_ref().map(|s| s.as_str()) {
        Some(start) if next.contains_key(start) => {
            let reached = reach(start);
            for step in &q.steps {
                if !reached.contains(step.id.as_str()) {
                    out.push(format!(
                        "step `{}` is not reachable from the start",
                        step.id.value
                    ));
                }
            }
        }
        Some(start) => out.push(format!("`start: {start}` is not a step")),
        None => out.push("has no `start`".to_owned()),
    }
    for step in &q.steps {
        if !reach(&step.id)
            .iter()
            .any(|id| endings.contains(id.as_str()))
        {
            out.push(format!(
                "no ending can be reached from step `{}`",
                step.id.value
            ));
        }
    }
    out
}

fn parse_quiz(yaml: &str) -> Quiz {
    leskit::load::parse_str::<Quiz>(Path::new("quizzes/example.yaml"), yaml)
        .unwrap_or_else(|d| panic!("example quiz does not parse: {}", d.message))
}

// ---------------------------------------------------------------------------------------------
// 1. `leskit check` is clean

#[test]
fn check_reports_no_errors_and_no_warnings() {
    let c = checked();
    let shown: Vec<String> = c
        .diagnostics
        .iter()
        .map(|d| {
            let source = d.file.as_deref().and_then(|f| c.texts.get(f));
            leskit::diag::render_human(d, source)
        })
        .collect();
    assert!(
        shown.is_empty(),
        "`leskit check` reports problems in the bundled content:\n{}",
        shown.join("\n")
    );
    let p = &c.project;
    assert_eq!(p.modules.len(), 5, "expected the 5 modules in modules/");
    assert_eq!(p.quizzes.len(), 6, "expected the 6 quizzes in quizzes/");
    assert!(
        p.contacts.is_some() && p.sources.is_some() && p.signals.is_some(),
        "content/contacts.yaml, content/sources.yaml and content/signals.yaml must all load"
    );
}

// ---------------------------------------------------------------------------------------------
// 2. Helplines exactly as in the toolkit, and only in content/

#[test]
fn helplines_are_exact_in_contacts_yaml() {
    let p = &checked().project;
    let contacts = p
        .contacts
        .as_ref()
        .expect("content/contacts.yaml must load");
    let file = rel(&contacts.path);
    let mut problems = Vec::new();
    // Every value written in contacts.yaml, with the field it is in.
    let values: Vec<(&str, &str, &str)> = contacts
        .value
        .contacts
        .iter()
        .flat_map(|c| {
            [
                ("phone", &c.phone),
                ("whatsapp", &c.whatsapp),
                ("url", &c.url),
            ]
            .into_iter()
            .filter_map(move |(field, v)| v.as_ref().map(|v| (c.id.as_str(), field, v.as_str())))
        })
        .collect();
    for h in &facts().helplines {
        let field = if is_url(&h.value) {
            "url"
        } else if h.name.eq_ignore_ascii_case("whatsapp") {
            "whatsapp"
        } else {
            "phone"
        };
        let exact: Vec<_> = values
            .iter()
            .filter(|(_, f, v)| *f == field && *v == h.value)
            .collect();
        if exact.is_empty() {
            problems.push(format!(
                "{file}: no contact has `{field}: {}` ({}), exactly as in the toolkit",
                h.value, h.name
            ));
        } else if let Some(c) = p.contact(&h.id)
            // A contact with the helpline's own id carries it.
            && !exact.iter().any(|(id, _, _)| *id == h.id)
        {
            problems.push(format!(
                "{file}: contact `{}` must have `{field}: {}` ({})",
                c.id.value, h.value, h.name
            ));
        }
        // The same number written differently anywhere in contacts.yaml.
        for (id, f, v) in &values {
            let same = if is_url(&h.value) {
                bare_url(v) == bare_url(&h.value)
            } else {
                !is_url(v) && digits_of(v) == digits_of(&h.value)
            };
            if same && *v != h.value {
                problems.push(format!(
                    "{file}: contact `{id}` writes {} as `{f}: {v}`; the toolkit writes `{}`",
                    h.name, h.value
                ));
            }
        }
    }
    fail_if_any(&problems, "helplines differ from the toolkit");
}

#[test]
fn helplines_appear_only_in_content() {
    let helplines = &facts().helplines;
    let mut problems = Vec::new();
    let mut files = 0;
    for dir in ["modules", "quizzes", "courses"] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            let before = problems.len();
            for (n, line) in text.lines().enumerate() {
                for h in helplines_in(line, helplines) {
                    problems.push(format!(
                        "{}:{}: names {} ({}); write `- contact: <id>` and keep the number in content/contacts.yaml",
                        rel(&path),
                        n + 1,
                        h.name,
                        h.value
                    ));
                }
            }
            // A number or address broken over two lines.
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if problems.len() == before {
                for h in helplines_in(&joined, helplines) {
                    problems.push(format!(
                        "{}: names {} ({}) across a line break",
                        rel(&path),
                        h.name,
                        h.value
                    ));
                }
            }
        }
    }
    assert!(
        files >= 11,
        "expected the module and quiz files, found {files}"
    );
    fail_if_any(&problems, "helpline numbers outside content/");
}

// ---------------------------------------------------------------------------------------------
// 3. Every module names the source

/// The id of the entry in sources.yaml that is the fixture's toolkit.
fn toolkit_source_id() -> String {
    let p = &checked().project;
    let sources = p.sources.as_ref().expect("content/sources.yaml must load");
    let matching: Vec<_> = sources
        .value
        .sources
        .iter()
        .filter(|s| s.title.value == facts().citation.title)
        .collect();
    assert_eq!(
        matching.len(),
        1,
        "{}: expected exactly one source titled `{}`",
        rel(&sources.path),
        facts().citation.title
    );
    matching[0].id.value.clone()
}

#[test]
fn sources_yaml_matches_the_citation() {
    let c = &facts().citation;
    let p = &checked().project;
    let file = rel(&p.sources.as_ref().unwrap().path);
    let id = toolkit_source_id();
    let s = p.source(&id).unwrap();
    let mut problems = Vec::new();
    let mut same = |what: &str, got: Option<&str>, want: &str| {
        if got != Some(want) {
            problems.push(format!(
                "{file}: `{id}` {what} is {got:?}, the toolkit says {want:?}"
            ));
        }
    };
    same("title", Some(&s.title), &c.title);
    same("place", s.place.as_deref().map(String::as_str), &c.place);
    same("isbn", s.isbn.as_deref().map(String::as_str), &c.isbn);
    same(
        "copyright",
        s.copyright.as_deref().map(String::as_str),
        &c.copyright,
    );
    same("reuse", s.reuse.as_deref().map(String::as_str), &c.reuse);
    same("year", Some(&s.year.to_string()), &c.year);
    let authors: Vec<&str> = s.authors.iter().map(|a| a.as_str()).collect();
    if authors != c.authors {
        problems.push(format!(
            "{file}: `{id}` authors are {authors:?}, the toolkit says {:?}",
            c.authors
        ));
    }
    let publisher_ok = *s.publisher == c.publisher
        || *s.publisher == format!("{} ({})", c.publisher, c.publisher_short);
    if !publisher_ok {
        problems.push(format!(
            "{file}: `{id}` publisher is {:?}, the toolkit says {:?} ({})",
            s.publisher.value, c.publisher, c.publisher_short
        ));
    }
    fail_if_any(&problems, "the source differs from the toolkit's colophon");
}

#[test]
fn every_module_names_the_source() {
    let id = toolkit_source_id();
    let title = plain(&facts().citation.title);
    let short = "Toolkit tijdig signaleren";
    let mut problems = Vec::new();
    for m in &checked().project.modules {
        let file = rel(&m.path);
        if m.value.source.value != id {
            problems.push(format!(
                "{file}: `source: {}` should be `{id}`",
                m.value.source.value
            ));
        }
        let pages = &m.value.pages;
        let (Some(first), Some(last)) = (pages.first(), pages.last()) else {
            problems.push(format!("{file}: no pages"));
            continue;
        };
        for (which, page) in [("first", first), ("last", last)] {
            let text = page_text(page);
            if !text.contains(&title) && !text.contains(short) {
                problems.push(format!(
                    "{file}: the {which} page `{}` does not name the \"{title}\" in its body or text blocks",
                    page.id.value
                ));
            }
        }
    }
    fail_if_any(&problems, "modules that do not name their source");
}

// ---------------------------------------------------------------------------------------------
// 4. Numbers and ages of the toolkit

/// The fact strings (and the numbers of their context) that `texts` lacks.
fn missing_facts(facts: &[Fact], texts: &str) -> Vec<String> {
    let numbers: BTreeSet<String> = number_tokens(texts).into_iter().collect();
    let mut out = Vec::new();
    for f in facts {
        if !texts.contains(&plain(&f.text)) {
            out.push(format!("\"{}\" does not appear verbatim", f.text));
        }
        for n in number_tokens(&f.context) {
            if !numbers.contains(&n) {
                out.push(format!(
                    "the number {n} of \"{}\" does not appear",
                    f.context
                ));
            }
        }
    }
    out
}

#[test]
fn numbers_and_ages_appear_in_the_modules() {
    let texts: Vec<String> = checked()
        .project
        .modules
        .iter()
        .flat_map(|m| module_texts(&m.value).into_iter().map(|(_, t)| plain(&t)))
        .collect();
    let texts = texts.join("\n");
    let mut problems = missing_facts(&facts().numbers, &texts);
    problems.extend(missing_facts(&facts().ages, &texts));
    fail_if_any(&problems, "facts of the toolkit missing from modules/");
}

// ---------------------------------------------------------------------------------------------
// 5. Every answer gets feedback

#[test]
fn every_option_has_feedback() {
    let mut problems = Vec::new();
    for q in &checked().project.quizzes {
        let file = rel(&q.path);
        problems.extend(
            missing_feedback(&q.value)
                .into_iter()
                .map(|p| format!("{file}: {p}")),
        );
    }
    fail_if_any(&problems, "answers without feedback");
}

// ---------------------------------------------------------------------------------------------
// 6. Signals

#[test]
fn every_signal_is_declared_and_trained() {
    let p = &checked().project;
    let signals = p.signals.as_ref().expect("content/signals.yaml must load");
    let declared: BTreeSet<&str> = signals
        .value
        .signals
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    let mut trained = BTreeSet::new();
    let mut problems = Vec::new();
    for q in &p.quizzes {
        for (at, question) in all_questions(&q.value) {
            for s in &question.signals {
                trained.insert(s.as_str());
                if !declared.contains(s.as_str()) {
                    problems.push(format!(
                        "{}: {at} trains `{}`, which content/signals.yaml does not declare",
                        rel(&q.path),
                        s.value
                    ));
                }
            }
        }
    }
    for m in &p.modules {
        for page in &m.value.pages {
            for block in &page.blocks {
                if let Block::Signals(list) = block {
                    for s in list {
                        if !declared.contains(s.as_str()) {
                            problems.push(format!(
                                "{}: page `{}` lists `{}`, which content/signals.yaml does not declare",
                                rel(&m.path),
                                page.id.value,
                                s.value
                            ));
                        }
                    }
                }
            }
        }
    }
    for s in &declared {
        if !trained.contains(s) {
            problems.push(format!(
                "{}: signal `{s}` is trained by no question (add it to a question's `signals:`)",
                rel(&signals.path)
            ));
        }
    }
    fail_if_any(&problems, "signals");
}

// ---------------------------------------------------------------------------------------------
// 7. Branching scenarios

#[test]
fn every_branching_scenario_reaches_an_ending() {
    let mut problems = Vec::new();
    let mut count = 0;
    for q in &checked().project.quizzes {
        for (at, question) in all_questions(&q.value) {
            if question.kind.value != QuestionKind::Branching {
                continue;
            }
            count += 1;
            for p in branching_problems(question) {
                problems.push(format!("{}: {at}: {p}", rel(&q.path)));
            }
        }
    }
    fail_if_any(&problems, "branching scenarios");
    assert!(
        count >= 3,
        "quizzes/: expected at least three branching questions, found {count}"
    );
}

// ---------------------------------------------------------------------------------------------
// 8. The spread of the cases

/// The family form of a case, from its words.
fn family_form(family: &str) -> &'static str {
    let f = family.to_lowercase();
    if f.contains("samengesteld") || f.contains("stief") || f.contains("half") {
        "blended"
    } else if f.contains("eenouder") {
        "single-parent"
    } else if f.contains("tweeouder")
        || f.contains("vader en moeder")
        || f.contains("vader, moeder")
    {
        "two-parent"
    } else {
        "other"
    }
}

#[test]
fn cases_cover_the_spread() {
    let mut problems = Vec::new();
    let mut cases = 0;
    let mut genders = BTreeSet::new();
    let mut queer = 0;
    let mut families = BTreeSet::new();
    let mut professionals = BTreeSet::new();
    let mut conclusions = BTreeSet::new();
    for q in &checked().project.quizzes {
        let file = rel(&q.path);
        for case in &q.value.cases {
            cases += 1;
            let at = format!("{file}: case `{}`", case.id.value);
            match &case.young_person {
                Some(y) => {
                    genders.insert(format!("{:?}", y.gender.value));
                    if y.queer.value {
                        queer += 1;
                    }
                    if y.family.trim().is_empty() {
                        problems.push(format!("{at}: `young_person.family` is empty"));
                    }
                    families.insert(family_form(&y.family));
                    if y.age.value == 0 {
                        problems.push(format!("{at}: `young_person.age` is 0"));
                    }
                }
                None => problems.push(format!("{at}: no `young_person`")),
            }
            match &case.professional {
                Some(p) => {
                    professionals.insert(format!("{:?}", p.value));
                }
                None => problems.push(format!("{at}: no `professional`")),
            }
            match &case.conclusion {
                Some(c) => {
                    conclusions.insert(format!("{:?}", c.value));
                }
                None => problems.push(format!("{at}: no `conclusion`")),
            }
        }
    }
    if cases < 15 {
        problems.push(format!("quizzes/: {cases} cases, expected at least 15"));
    }
    for g in [Gender::Boy, Gender::Girl] {
        if !genders.contains(&format!("{g:?}")) {
            problems.push(format!(
                "quizzes/: no case with a young person who is {g:?}"
            ));
        }
    }
    if queer == 0 {
        problems.push("quizzes/: no case with a queer young person".to_owned());
    }
    if families.len() < 3 {
        problems.push(format!(
            "quizzes/: only the family forms {families:?}, expected at least 3"
        ));
    }
    for p in [
        Professional::PrimaryTeacher,
        Professional::SecondaryTeacher,
        Professional::MboTeacher,
        Professional::YouthWorker,
        Professional::SocialWorker,
        Professional::VeiligThuis,
    ] {
        if !professionals.contains(&format!("{p:?}")) {
            problems.push(format!("quizzes/: no case with professional {p:?}"));
        }
    }
    for c in [
        Conclusion::NoReasonYet,
        Conclusion::OtherProblem,
        Conclusion::LeftBehind,
        Conclusion::RiskOfAchterlating,
    ] {
        if !conclusions.contains(&format!("{c:?}")) {
            problems.push(format!("quizzes/: no case with conclusion {c:?}"));
        }
    }
    fail_if_any(&problems, "the cases do not cover the spread");
}

// ---------------------------------------------------------------------------------------------
// 9. Origin, religion, nationality and age are never signals

/// What is wrong with the right options of the `multiple` questions of a quiz.
fn stereotyped_signals(quiz: &Quiz) -> Vec<String> {
    let mut out = Vec::new();
    for (at, q) in all_questions(quiz) {
        if q.kind.value != QuestionKind::Multiple {
            continue;
        }
        for o in q.options.iter().filter(|o| o.correct.value) {
            let words = origin_words_in(&o.text);
            if !words.is_empty() {
                out.push(format!(
                    "{at}: right option `{}` (\"{}\") names {words:?}; origin, religion and nationality are never signals",
                    o.id.value,
                    o.text.trim()
                ));
            }
            if is_only_an_age(&o.text) {
                out.push(format!(
                    "{at}: right option `{}` (\"{}\") is only an age; age is never a signal",
                    o.id.value,
                    o.text.trim()
                ));
            }
        }
    }
    out
}

#[test]
fn no_signal_names_origin_religion_nationality_or_age() {
    let mut problems = Vec::new();
    for q in &checked().project.quizzes {
        let file = rel(&q.path);
        problems.extend(
            stereotyped_signals(&q.value)
                .into_iter()
                .map(|p| format!("{file}: {p}")),
        );
    }
    fail_if_any(&problems, "stereotyped signals");
}

// ---------------------------------------------------------------------------------------------
// 10. docs/content.md

/// The lines of the `## ` section of a Markdown text whose heading contains `name`.
fn section<'a>(text: &'a str, name: &str) -> Option<Vec<&'a str>> {
    let mut lines = text.lines();
    lines.find(|l| l.starts_with("## ") && l.to_lowercase().contains(&name.to_lowercase()))?;
    Some(lines.take_while(|l| !l.starts_with("## ")).collect())
}

/// The cells of the body rows of the Markdown tables in `lines`.
fn table_rows(lines: &[&str]) -> Vec<Vec<String>> {
    lines
        .iter()
        .filter(|l| l.trim_start().starts_with('|'))
        .map(|l| {
            let l = l.trim().trim_start_matches('|').trim_end_matches('|');
            l.split('|')
                .map(|c| c.trim().to_owned())
                .collect::<Vec<_>>()
        })
        .filter(|cells| {
            !cells
                .iter()
                .all(|c| c.chars().all(|ch| ch == '-' || ch == ':'))
        })
        .collect()
}

fn content_md() -> String {
    std::fs::read_to_string(root().join("docs/content.md")).expect("cannot read docs/content.md")
}

#[test]
fn content_md_maps_every_toolkit_heading() {
    let text = content_md();
    let rows = table_rows(
        &section(&text, "headings")
            .expect("docs/content.md: no `## ` section on the toolkit headings"),
    );
    let mapped: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    let problems: Vec<String> = facts()
        .headings
        .iter()
        .filter(|h| !mapped.contains(h.as_str()))
        .map(|h| {
            format!("docs/content.md: the toolkit heading \"{h}\" is not in the headings table")
        })
        .collect();
    fail_if_any(&problems, "toolkit headings not mapped");
}

#[test]
fn content_md_lists_every_case() {
    let text = content_md();
    let rows = table_rows(
        &section(&text, "cases").expect("docs/content.md: no `## ` section on the cases"),
    );
    let listed: BTreeSet<(&str, &str)> = rows
        .iter()
        .filter(|r| r.len() > 1)
        .map(|r| (r[0].trim_matches('`'), r[1].trim_matches('`')))
        .collect();
    let mut problems = Vec::new();
    for q in &checked().project.quizzes {
        for case in &q.value.cases {
            if !listed.contains(&(q.value.id.as_str(), case.id.as_str())) {
                problems.push(format!(
                    "docs/content.md: the cases table has no row for quiz `{}` case `{}` ({})",
                    q.value.id.value,
                    case.id.value,
                    rel(&q.path)
                ));
            }
        }
    }
    fail_if_any(&problems, "cases missing from docs/content.md");
}

#[test]
fn content_md_logs_the_corrections() {
    let text = content_md();
    let log = section(&text, "corrections")
        .expect("docs/content.md: no `## ` section logging the corrections of the source text")
        .join("\n");
    let problems: Vec<String> = [
        "homogenizing",
        "eengerelateerd",
        "eerge relateerd",
        "kunt je",
        "lanceert",
    ]
    .iter()
    .filter(|c| !log.contains(*c))
    .map(|c| format!("docs/content.md: the corrections log does not mention \"{c}\""))
    .collect();
    fail_if_any(&problems, "corrections not logged");
}

// ---------------------------------------------------------------------------------------------
// 12. The review against the toolkit (issue #19): corrected statements, drifts, open points,
//     counter-stereotype cases

/// A text as it reads: Markdown emphasis marks dropped, every run of white space one space (the
/// reading `leskit check` uses for the quotes of open points).
fn reading(text: &str) -> String {
    leskit::validate::reading_text(text)
}

/// Everything a learner reads on a page: title, body, text, tip and warning blocks.
fn page_reading(page: &Page) -> String {
    let mut text = vec![page.title.value.clone()];
    text.extend(page.body.iter().map(|b| b.value.clone()));
    for block in &page.blocks {
        if let Block::Text(t) | Block::Tip(t) | Block::Warning(t) = block {
            text.push(t.value.clone());
        }
    }
    reading(&text.join("\n"))
}

/// The statements that do not stand on their page; `page(module, page)` reads a page.
fn statement_problems(
    statements: &[Statement],
    page: impl Fn(&str, &str) -> Option<String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for st in statements {
        let Some((module, page_id)) = st.at.split_once('#') else {
            out.push(format!("`where: {}` is not `<module>#<page>`", st.at));
            continue;
        };
        match page(module, page_id) {
            None => out.push(format!("{}: no such page", st.at)),
            Some(text) if !text.contains(&reading(&st.text)) => out.push(format!(
                "{}: does not say \"{}\", as the toolkit does",
                st.at, st.text
            )),
            Some(_) => {}
        }
    }
    out
}

/// The drifted wordings found again: `texts` holds (id, file, text) of every file.
fn drift_problems(drifts: &[Drift], texts: &[(String, String, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for d in drifts {
        let wanted = reading(&d.text);
        for (id, file, text) in texts {
            if d.only_in.as_ref().is_some_and(|only| only != id) {
                continue;
            }
            if text.contains(&wanted) {
                out.push(format!("{file}: says \"{}\" again ({})", d.text, d.why));
            }
        }
    }
    out
}

/// Every learner-facing text of the project, as (id, file, text).
fn all_texts() -> Vec<(String, String, String)> {
    let p = &checked().project;
    let mut out = Vec::new();
    for m in &p.modules {
        let text: Vec<String> = module_texts(&m.value).into_iter().map(|(_, t)| t).collect();
        out.push((
            m.value.id.value.clone(),
            rel(&m.path),
            reading(&text.join("\n")),
        ));
    }
    for q in &p.quizzes {
        out.push((
            q.value.id.value.clone(),
            rel(&q.path),
            reading(&quiz_texts(&q.value).join("\n")),
        ));
    }
    if let Some(c) = &p.contacts {
        let text: Vec<String> = c
            .value
            .contacts
            .iter()
            .flat_map(|c| {
                [
                    Some(c.name.value.clone()),
                    Some(c.description.value.clone()),
                    c.hours.as_ref().map(|h| h.value.clone()),
                ]
            })
            .flatten()
            .collect();
        out.push((
            "contacts".to_owned(),
            rel(&c.path),
            reading(&text.join("\n")),
        ));
    }
    if let Some(s) = &p.signals {
        let text: Vec<String> = s
            .value
            .signals
            .iter()
            .flat_map(|s| {
                [
                    s.text.value.clone(),
                    s.explanation
                        .as_ref()
                        .map(|e| e.value.clone())
                        .unwrap_or_default(),
                ]
            })
            .collect();
        out.push((
            "signals".to_owned(),
            rel(&s.path),
            reading(&text.join("\n")),
        ));
    }
    out
}

#[test]
fn corrected_statements_stand_as_in_the_toolkit() {
    let p = &checked().project;
    let problems = statement_problems(&facts().statements, |module, page| {
        let m = p.modules.iter().find(|m| m.value.id.value == module)?;
        m.value
            .pages
            .iter()
            .find(|pg| pg.id.value == page)
            .map(page_reading)
    });
    assert!(
        facts().statements.len() >= 10,
        "the fixture lost its statements"
    );
    fail_if_any(&problems, "statements that drifted from the toolkit");
}

#[test]
fn drifted_wordings_do_not_come_back() {
    let texts = all_texts();
    assert!(
        texts.len() >= 13,
        "expected every module, quiz and content file, found {}",
        texts.len()
    );
    fail_if_any(&drift_problems(&facts().drifts, &texts), "drifted wordings");
}

/// (module, page, quote) of the open points in the `## … open points` table of docs/content.md.
fn documented_open_points(text: &str) -> BTreeSet<(String, String, String)> {
    let rows = table_rows(
        &section(text, "open points")
            .expect("docs/content.md: no `## ` section listing the open points of the reviews"),
    );
    rows.into_iter()
        // Body rows only: the header row names the columns.
        .filter(|r| r.len() >= 4 && r[0] != "module")
        .map(|r| {
            (
                r[0].trim_matches('`').to_owned(),
                r[1].trim_matches('`').to_owned(),
                r[2].trim_matches('"').to_owned(),
            )
        })
        .collect()
}

/// What differs between the open points the docs list and those the modules have.
fn open_point_mismatches(
    documented: &BTreeSet<(String, String, String)>,
    in_modules: &BTreeSet<(String, String, String)>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (m, page, quote) in in_modules.difference(documented) {
        out.push(format!(
            "docs/content.md: the open point of module `{m}` on page `{page}` (\"{quote}\") is not in the open points table"
        ));
    }
    for (m, page, quote) in documented.difference(in_modules) {
        out.push(format!(
            "docs/content.md: the open points table lists module `{m}` page `{page}` (\"{quote}\"), which no module's `reviewed.open_points` has"
        ));
    }
    out
}

#[test]
fn content_md_lists_every_open_point() {
    let mut in_modules = BTreeSet::new();
    let mut pending = 0;
    for m in &checked().project.modules {
        let Some(r) = &m.value.reviewed else { continue };
        if r.status.value == ReviewStatus::Pending {
            pending += 1;
        }
        for pt in &r.open_points {
            in_modules.insert((
                m.value.id.value.clone(),
                pt.page.value.clone(),
                pt.quote.value.trim().to_owned(),
            ));
        }
    }
    // No expert has signed off yet: every module says so, with what is open.
    assert_eq!(
        pending, 5,
        "every bundled module's review should be `status: pending`"
    );
    let documented = documented_open_points(&content_md());
    fail_if_any(
        &open_point_mismatches(&documented, &in_modules),
        "open points in docs/content.md",
    );
}

/// What the cases lack to keep signals from being learned from who a young person is: a queer
/// young person without a risk, and a family whose origin the case names without a risk.
fn counter_stereotype_gaps<'a>(quizzes: impl IntoIterator<Item = &'a Quiz>) -> Vec<String> {
    let no_risk = |c: &leskit::model::Case| {
        c.conclusion
            .as_ref()
            .is_some_and(|c| matches!(c.value, Conclusion::NoReasonYet | Conclusion::OtherProblem))
    };
    let (mut queer, mut origin) = (false, false);
    for q in quizzes {
        for c in &q.cases {
            if no_risk(c) {
                queer |= c.young_person.as_ref().is_some_and(|y| y.queer.value);
                origin |= !origin_words_in(&c.text).is_empty();
            }
        }
    }
    let mut out = Vec::new();
    if !queer {
        out.push("quizzes/: every queer young person is at risk or left behind; add a queer young person with no risk".to_owned());
    }
    if !origin {
        out.push("quizzes/: no case without a risk names the family's origin; add a family with a migration background whose signals point elsewhere".to_owned());
    }
    out
}

#[test]
fn cases_include_counter_stereotypes() {
    let p = &checked().project;
    fail_if_any(
        &counter_stereotype_gaps(p.quizzes.iter().map(|q| &q.value)),
        "counter-stereotype cases",
    );
}

/// The branching questions of a quiz that have no step for weighing (meldcode step 4) and
/// deciding (step 5): a scenario "along the meldcode" must not end before the decision.
fn scenarios_without_a_decision(quiz: &Quiz) -> Vec<String> {
    all_questions(quiz)
        .filter(|(_, q)| q.kind.value == QuestionKind::Branching)
        .filter(|(_, q)| {
            !q.steps.iter().any(|s| {
                let text = reading(&s.text);
                text.contains("stap 4") && text.contains("stap 5")
            })
        })
        .map(|(at, _)| format!("{at}: no step weighs (stap 4) and decides (stap 5)"))
        .collect()
}

#[test]
fn every_branching_scenario_weighs_and_decides() {
    let mut problems = Vec::new();
    for q in &checked().project.quizzes {
        problems.extend(
            scenarios_without_a_decision(&q.value)
                .into_iter()
                .map(|p| format!("{}: {p}", rel(&q.path))),
        );
    }
    fail_if_any(
        &problems,
        "scenarios that skip the meldcode's weighing and decision",
    );
}

// ---------------------------------------------------------------------------------------------
// 11. The course

#[test]
fn course_lists_every_module_and_an_existing_final_test() {
    let p = &checked().project;
    let path: PathBuf = root().join("courses/onboarding-veilig-thuis.yaml");
    let course = p
        .courses
        .iter()
        .find(|c| c.path == path)
        .unwrap_or_else(|| panic!("{} did not load", rel(&path)));
    let listed: Vec<&str> = course.value.modules.iter().map(|m| m.as_str()).collect();
    let mut problems = Vec::new();
    for m in &p.modules {
        if !listed.contains(&m.value.id.as_str()) {
            problems.push(format!(
                "{}: does not list module `{}`",
                rel(&path),
                m.value.id.value
            ));
        }
    }
    if listed.len() != 5 {
        problems.push(format!(
            "{}: lists {} modules, expected 5",
            rel(&path),
            listed.len()
        ));
    }
    match &course.value.rules.final_test {
        Some(t) if p.quiz(t).is_some() => {}
        Some(t) => problems.push(format!(
            "{}: `final_test: {}` is not a quiz in quizzes/",
            rel(&path),
            t.value
        )),
        None => problems.push(format!("{}: no `rules.final_test`", rel(&path))),
    }
    fail_if_any(&problems, "the course");
}

// ---------------------------------------------------------------------------------------------
// The helpers catch what they are meant to catch

#[test]
fn helper_finds_helpline_numbers_however_written() {
    for text in [
        "bel 0800 2000",
        "bel 0800-2000",
        "bel 08002000.",
        "bel 0800 - 2000",
        "bel 0800\u{a0}2000",
        "(0800–2000)",
    ] {
        assert_eq!(phone_numbers_in(text), ["08002000"], "{text}");
        assert!(mentions_number(text, "0800 2000"), "{text}");
    }
    assert!(mentions_number("app +31 682 387 796", "+31 682 387 796"));
    assert!(mentions_number("app 0031-682-387-796", "+31 682 387 796"));
    assert!(mentions_number("LKHA: 070-345 43 19", "070 3454319"));
    assert!(!mentions_number(
        "tussen de 364 en 1631 in 2011 en 2012",
        "0800 2000"
    ));
    assert!(!mentions_number("bel Veilig Thuis", "0800 2000"));
    assert_eq!(phone_numbers_in("in 2011 en 2012"), ["2011", "2012"]);
    let helplines = &facts().helplines;
    let found = |text: &str| -> Vec<&str> {
        helplines_in(text, helplines)
            .into_iter()
            .map(|h| h.id.as_str())
            .collect()
    };
    assert_eq!(found("chat via https://www.fier.nl/chat"), ["fier-chat"]);
    assert_eq!(found("chat via Fier.nl/Chat"), ["fier-chat"]);
    assert_eq!(found("Bel Veilig Thuis (0800-2000)."), ["veilig-thuis"]);
    assert!(found("Bel Veilig Thuis of chat met Fier.").is_empty());
}

#[test]
fn helper_finds_missing_feedback() {
    let quiz = parse_quiz(
        r#"
id: example
title: Voorbeeld
cases:
  - id: c
    title: Casus
    text: Tekst.
    questions:
      - id: kies
        kind: single
        prompt: Wat doe je?
        options:
          - { id: a, text: Praten, correct: true, feedback: Goed. }
          - { id: b, text: Niets }
          - { id: c, text: Wachten, feedback: "  " }
      - id: waar
        kind: true-false
        prompt: Klopt dit?
        answer: true
        true_feedback: Ja.
      - id: scenario
        kind: branching
        prompt: Wat doe je?
        start: s1
        steps:
          - id: s1
            text: Begin.
            choices:
              - { id: x, text: Praten, next: goed }
        endings:
          - { id: goed, outcome: good, feedback: "", points: 1 }
"#,
    );
    let found = missing_feedback(&quiz);
    let expected = [
        "case `c` question `kies`: option `b` has no feedback",
        "case `c` question `kies`: option `c` has no feedback",
        "case `c` question `waar`: no `false_feedback`",
        "case `c` question `scenario`: step `s1` choice `x` has no feedback",
        "case `c` question `scenario`: ending `goed` has no feedback",
    ];
    assert_eq!(found, expected);
}

#[test]
fn helper_finds_dead_ends_in_branching() {
    let quiz = parse_quiz(
        r#"
id: example
title: Voorbeeld
cases:
  - id: c
    title: Casus
    text: Tekst.
    questions:
      - id: scenario
        kind: branching
        prompt: Wat doe je?
        start: s1
        steps:
          - id: s1
            text: Begin.
            choices:
              - { id: a, text: Praten, feedback: Ja., next: s2 }
              - { id: b, text: Wachten, feedback: Hm., next: goed }
          - id: s2
            text: Rondje.
            choices:
              - { id: a, text: Terug, feedback: Hm., next: s3 }
          - id: s3
            text: Nog een rondje.
            choices:
              - { id: a, text: Terug, feedback: Hm., next: s2 }
          - id: los
            text: Niemand komt hier.
            choices:
              - { id: a, text: Weg, feedback: Hm., next: nergens }
        endings:
          - { id: goed, outcome: good, feedback: Goed., points: 1 }
"#,
    );
    let q = &quiz.cases[0].questions[0];
    let found = branching_problems(q);
    assert_eq!(
        found,
        [
            "step `los` choice `a` leads to `nergens`, which is neither a step nor an ending",
            "step `los` is not reachable from the start",
            "no ending can be reached from step `s2`",
            "no ending can be reached from step `s3`",
            "no ending can be reached from step `los`",
        ]
    );
    let mut good = q.clone();
    good.steps.truncate(2);
    good.steps[1].choices[0].next.value = "goed".to_owned();
    assert!(branching_problems(&good).is_empty());
}

#[test]
fn helper_finds_origin_religion_and_age_as_signals() {
    for text in [
        "Ze is Marokkaans.",
        "Haar ouders zijn Marokkaanse moslims.",
        "De familie komt uit Turkije.",
        "Hij is Turks",
        "Het gezin is islamitisch.",
        "Haar land van herkomst is Somalië.",
        "Hij heeft een migratieachtergrond.",
        "Een Roma-gezin",
        "Ze gaan naar Saoedi-Arabië",
        "Het GELOOF is belangrijk thuis.",
    ] {
        assert!(!origin_words_in(text).is_empty(), "not caught: {text}");
    }
    for text in [
        "Ze gelooft hem niet meer.",
        "Haar cijfers gaan omlaag.",
        "Ze praat over een romantische reis.",
        "Haar broer haalt haar elke dag op.",
        "Ze zegt dat ze lang naar familie gaat.",
    ] {
        assert!(
            origin_words_in(text).is_empty(),
            "caught wrongly: {text}: {:?}",
            origin_words_in(text)
        );
    }
    for text in [
        "Ze is 15",
        "is 14 jaar",
        "Ze is 15 jaar.",
        "Hij is 12 jaar oud.",
        "Amira is 16.",
        "Ze is vijftien.",
    ] {
        assert!(is_only_an_age(text), "not caught as an age: {text}");
    }
    for text in [
        "Hij moet op zijn 9e alleen voor zijn broertje van 6 zorgen.",
        "Haar cijfers gaan omlaag.",
        "In maart staat al vast dat ze 10 weken weggaat.",
    ] {
        assert!(!is_only_an_age(text), "caught wrongly as an age: {text}");
    }
    let quiz = parse_quiz(
        r#"
id: example
title: Voorbeeld
cases:
  - id: c
    title: Casus
    text: Tekst.
    questions:
      - id: signalen
        kind: multiple
        prompt: Welke zijn signalen?
        options:
          - { id: herkomst, text: Ze is Marokkaans., correct: true, feedback: Fout. }
          - { id: leeftijd, text: Ze is 15 jaar., correct: true, feedback: Fout. }
          - { id: stil, text: Ze zegt niets meer., correct: true, feedback: Ja. }
          - { id: geloof, text: Ze is moslim., feedback: "Nee, dat is geen signaal." }
"#,
    );
    let found = stereotyped_signals(&quiz);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("`herkomst`") && found[0].contains("Marokkaans"));
    assert!(found[1].contains("`leeftijd`") && found[1].contains("only an age"));
}

#[test]
fn helper_finds_missing_facts() {
    let facts = [Fact {
        text: "tussen 14 en 18 jaar".to_owned(),
        context: "voornamelijk om jongeren in de leeftijd tussen 14 en 18 jaar.".to_owned(),
    }];
    assert!(missing_facts(&facts, "jongeren tussen 14 en 18 jaar oud").is_empty());
    assert_eq!(
        missing_facts(&facts, "jongeren tussen 14 en 17 jaar").len(),
        2,
        "the wrong age and the missing number 18 are both caught"
    );
    assert_eq!(plain("tussen **14 en\n  18** jaar"), "tussen 14 en 18 jaar");
}

#[test]
fn helper_finds_drifts_statements_and_stale_open_points() {
    let drifts = [
        Drift {
            text: "bijna altijd verwaarlozing".to_owned(),
            only_in: None,
            why: "w".to_owned(),
        },
        Drift {
            text: "geen samengesteld gezin wil".to_owned(),
            only_in: Some("handelen-quiz".to_owned()),
            why: "w".to_owned(),
        },
    ];
    let t = |id: &str, text: &str| (id.to_owned(), format!("{id}.yaml"), reading(text));
    let found = drift_problems(
        &drifts,
        &[
            t("m", "Dit is **bijna altijd\n   verwaarlozing**."),
            t(
                "signalen-herkennen",
                "als de vader geen samengesteld gezin wil",
            ),
            t("handelen-quiz", "en de vader geen samengesteld gezin wil"),
        ],
    );
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("m.yaml") && found[1].starts_with("handelen-quiz.yaml"));

    let statements = [Statement {
        at: "m#p".to_owned(),
        text: "vaak gepaard gaat met druk".to_owned(),
        toolkit: String::new(),
    }];
    let says = |text: &'static str| move |_: &str, _: &str| Some(reading(text));
    assert!(
        statement_problems(&statements, says("het **vaak gepaard\ngaat** met druk")).is_empty()
    );
    assert_eq!(
        statement_problems(&statements, says("soms met geweld")).len(),
        1
    );
    assert_eq!(
        statement_problems(&statements, |_: &str, _: &str| None).len(),
        1
    );

    let doc = documented_open_points(
        "## (e) Open points\n\n| module | page | quoted phrase | what |\n|---|---|---|---|\n| `m` | `p` | \"Zeg het zo.\" | check |\n| `m` | `q` | \"Weg.\" | check |\n\n## (f) Next\n| `x` | `y` | \"z\" | w |\n",
    );
    let yaml: BTreeSet<_> = [("m", "p", "Zeg het zo."), ("m", "r", "Nieuw.")]
        .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
        .into_iter()
        .collect();
    let found = open_point_mismatches(&doc, &yaml);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("page `r`") && found[1].contains("page `q`"));
}

#[test]
fn helper_finds_missing_counter_stereotypes() {
    let at_risk = parse_quiz(
        r#"
id: example
title: Voorbeeld
cases:
  - id: a
    title: Casus
    text: Haar ouders komen uit Marokko. Ze wordt gecontroleerd.
    young_person: { gender: girl, age: 15, queer: true, family: eenoudergezin }
    conclusion: risk-of-achterlating
    questions:
      - { id: v, kind: true-false, prompt: Klopt dit?, answer: true, true_feedback: Ja., false_feedback: Nee. }
"#,
    );
    assert_eq!(counter_stereotype_gaps([&at_risk]).len(), 2);
    let no_risk = parse_quiz(
        r#"
id: example2
title: Voorbeeld
cases:
  - id: b
    title: Casus
    text: Zijn ouders komen uit Turkije. Hij wordt gepest.
    young_person: { gender: boy, age: 13, queer: false, family: tweeoudergezin }
    conclusion: other-problem
    questions:
      - { id: v, kind: true-false, prompt: Klopt dit?, answer: true, true_feedback: Ja., false_feedback: Nee. }
  - id: c
    title: Casus
    text: Ze is bi en haar moeders steunen haar.
    young_person: { gender: girl, age: 17, queer: true, family: tweeoudergezin }
    conclusion: no-reason-yet
    questions:
      - { id: w, kind: true-false, prompt: Klopt dit?, answer: true, true_feedback: Ja., false_feedback: Nee. }
"#,
    );
    assert!(counter_stereotype_gaps([&at_risk, &no_risk]).is_empty());
}

#[test]
fn helper_finds_scenarios_without_a_decision() {
    let quiz = parse_quiz(
        r#"
id: example
title: Voorbeeld
cases:
  - id: c
    title: Casus
    text: Tekst.
    questions:
      - id: zonder
        kind: branching
        prompt: Wat doe je?
        start: s1
        steps:
          - id: s1
            text: Je vraagt advies. Wat neem je mee terug?
            choices:
              - { id: a, text: Info, feedback: Goed., next: goed }
        endings:
          - { id: goed, outcome: good, feedback: Goed., points: 1 }
      - id: met
        kind: branching
        prompt: Wat doe je?
        start: s1
        steps:
          - id: s1
            text: Je weegt het (stap 4). Wat beslis je (**stap 5**)?
            choices:
              - { id: a, text: Melden, feedback: Goed., next: goed }
        endings:
          - { id: goed, outcome: good, feedback: Goed., points: 1 }
"#,
    );
    let found = scenarios_without_a_decision(&quiz);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("question `zonder`"));
}

// ---------------------------------------------------------------------------------------------
// The covers: goals taken from each module's own welcome page, and small, plain illustrations

/// Each bundled module's `learning_goals` stand, word for word, in the list of its first page
/// ("Je leert: …"): the cover repeats the module, it adds nothing of its own.
#[test]
fn every_module_lists_the_goals_of_its_welcome_page_and_has_an_illustration() {
    let c = checked();
    let mut problems = Vec::new();
    for loaded in &c.project.modules {
        let m = &loaded.value;
        let welcome = m.pages[0]
            .body
            .as_ref()
            .map(|b| b.value.replace("**", ""))
            .unwrap_or_default();
        if m.learning_goals.is_empty() {
            problems.push(format!("{}: no learning_goals", m.id.value));
        }
        for goal in &m.learning_goals {
            if !welcome.contains(&format!("- {}", goal.value)) {
                problems.push(format!(
                    "{}: the goal `{}` is not in the welcome page's list",
                    m.id.value, goal.value
                ));
            }
        }
        match &m.cover {
            None => problems.push(format!("{}: no cover illustration", m.id.value)),
            Some(cover) => problems.extend(illustration_problems(
                &root().join("modules").join(&*m.id.value),
                cover,
            )),
        }
    }
    for loaded in &c.project.courses {
        let course = &loaded.value;
        match &course.cover {
            None => problems.push(format!("{}: no cover illustration", course.id.value)),
            Some(cover) => problems.extend(illustration_problems(
                &root().join("courses").join(&*course.id.value),
                cover,
            )),
        }
    }
    fail_if_any(&problems, "covers");
}

/// An illustration made for the course: an SVG under 4 KB, with Dutch alt text, drawing only
/// (no script, no link to another file, no embedded font or raster image).
fn illustration_problems(dir: &Path, cover: &leskit::model::Cover) -> Vec<String> {
    let path = dir.join(&cover.image.value);
    let mut out = Vec::new();
    let Ok(svg) = std::fs::read_to_string(&path) else {
        return vec![format!("{} cannot be read", path.display())];
    };
    if !cover.image.value.ends_with(".svg") {
        out.push(format!("{}: not an SVG drawing", path.display()));
    }
    if svg.len() >= 4096 {
        out.push(format!(
            "{}: {} bytes, not under 4 KB",
            path.display(),
            svg.len()
        ));
    }
    for banned in [
        "<script",
        "href",
        "url(",
        "@font-face",
        "<text",
        "<image",
        "<style",
        "<foreignObject",
    ] {
        if svg.contains(banned) {
            out.push(format!("{}: holds `{banned}`", path.display()));
        }
    }
    if cover.alt.as_ref().is_none_or(|a| a.value.trim().is_empty()) {
        out.push(format!("{}: no alt text", path.display()));
    }
    out
}
