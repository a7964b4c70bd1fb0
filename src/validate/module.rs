//! Rules for modules.

use super::markdown::{AssetDir, Scope, check_asset_path, check_markdown};
use super::{
    Context, check_count, check_file_id, check_id, check_text, check_xml_chars, parse_date, unique,
    unknown_ref,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits;
use crate::model::{Block, Cover, Loaded, Module, Page, Project, Review, ReviewStatus, Spanned};

/// The most learning goals a cover lists: more is no longer a quick overview.
pub(super) const MAX_LEARNING_GOALS: usize = 8;

/// A module's or a course's `learning_goals`: short plain texts, at most
/// [`MAX_LEARNING_GOALS`].
pub(super) fn check_learning_goals(
    file: &std::path::Path,
    goals: &[Spanned<String>],
    out: &mut Diagnostics,
) {
    for goal in goals {
        check_text(file, goal, "learning goal", out);
    }
    if let Some(ninth) = goals.get(MAX_LEARNING_GOALS) {
        out.push(
            Diagnostic::error(
                "E0227",
                format!(
                    "{} learning goals, more than the {MAX_LEARNING_GOALS} a cover lists",
                    goals.len()
                ),
            )
            .at(file, ninth.pos)
            .hint("keep the main points a learner should remember, or split the content over several modules"),
        );
    }
}

/// A cover's illustration: a file of its folder (when the folder is known: `assets`), and
/// described for screen readers. A decorative cover leaves `cover` out and gets leskit's
/// drawing.
pub(super) fn check_cover(
    file: &std::path::Path,
    cover: &Cover,
    assets: Option<AssetDir<'_>>,
    out: &mut Diagnostics,
) {
    if let Some(assets) = assets {
        check_asset_path(file, &cover.image, assets, &cover.image, true, out);
    }
    let hint = "describe in `alt:` what the illustration shows, in the language of the content (a cover without an image of its own leaves `cover` out and gets leskit's decorative drawing)";
    match &cover.alt {
        None => out.push(
            Diagnostic::error("E0226", "the cover image has no `alt` text")
                .at(file, cover.image.pos)
                .hint(hint),
        ),
        Some(alt) if alt.value.trim().is_empty() => out.push(
            Diagnostic::error("E0226", "the cover image's `alt` text is empty")
                .at(file, alt.pos)
                .hint(hint),
        ),
        Some(alt) => check_text(file, alt, "cover's alt text", out),
    }
}

pub(super) fn check_module(
    project: &Project,
    loaded: &Loaded<Module>,
    cx: &Context,
    out: &mut Diagnostics,
) {
    let file = loaded.path.as_path();
    let m = &loaded.value;
    // The asset folder is named after the id: while the id is wrong, missing files are only a
    // consequence, so they are not reported.
    let id_ok = check_file_id(file, &m.id, "module", out);
    check_text(file, &m.title, "title", out);
    if let Some(d) = &m.description {
        check_text(file, d, "description", out);
    }
    for keyword in &m.keywords {
        check_xml_chars(file, keyword, "keyword", out);
    }
    for author in &m.authors {
        check_xml_chars(file, author, "author", out);
    }
    check_language(file, &m.language, out);
    check_version(file, &m.version, out);
    check_learning_goals(file, &m.learning_goals, out);
    if project.source(&m.source).is_none()
        && !cx.failed_file(&project.root.join("content"), "sources")
    {
        let known = project
            .sources
            .iter()
            .flat_map(|s| s.value.sources.iter().map(|s| s.id.value.as_str()));
        out.push(unknown_ref(
            "E0205",
            "source",
            file,
            &m.source,
            known,
            "content/sources.yaml",
        ));
    }
    if !(0..=100).contains(&m.pass_mark.value) {
        out.push(
            Diagnostic::error(
                "E0206",
                format!("the pass mark {} is not a percentage", m.pass_mark.value),
            )
            .at(file, m.pass_mark.pos)
            .hint("use a whole number from 0 to 100 (the default is 80)"),
        );
    }
    if let Some(review) = &m.reviewed {
        match parse_date(&review.date) {
            None => out.push(
                Diagnostic::error("E0207", format!("`{}` is not a date", review.date.value))
                    .at(file, review.date.pos)
                    .hint("write the date as YYYY-MM-DD, for example 2026-03-01"),
            ),
            Some(day) if cx.today - day > 365 => out.push(
                Diagnostic::warning(
                    "W0201",
                    format!(
                        "the content was last reviewed on {}, more than a year ago",
                        review.date.value
                    ),
                )
                .at(file, review.date.pos)
                .hint("have the content reviewed again, then update `reviewed`"),
            ),
            Some(day) if day > cx.today + 1 => out.push(
                Diagnostic::warning(
                    "W0201",
                    format!("the review date {} lies in the future", review.date.value),
                )
                .at(file, review.date.pos)
                .hint("write the date of the last review, as YYYY-MM-DD"),
            ),
            Some(_) => {}
        }
        check_review_points(project, file, m, review, out);
    }

    if m.pages.is_empty() {
        out.push(
            Diagnostic::error("E0208", "the module has no pages")
                .at(file, m.id.pos)
                .hint("add a list under `pages:`"),
        );
    }
    check_count(
        file,
        m.id.pos,
        m.pages.len(),
        limits::MAX_PAGES,
        "pages",
        out,
    );
    unique(m.pages.iter().map(|p| (&loaded.path, &p.id)), "page", out);
    let page_ids: Vec<&str> = m.pages.iter().map(|p| p.id.value.as_str()).collect();
    let asset_dir = project.asset_dir(&m.id);
    let assets = AssetDir {
        root: &project.root,
        dir: &asset_dir,
    };
    let scope = Scope {
        file,
        pages: Some(&page_ids),
        asset_dir: Some(assets),
        allow_html: m.allow_html.value,
        phone_numbers_allowed: false,
    };
    if let Some(cover) = &m.cover {
        check_cover(file, cover, id_ok.then_some(assets), out);
    }
    let mut quizzes = 0;
    let mut shown: std::collections::HashMap<&str, crate::model::Pos> =
        std::collections::HashMap::new();
    for page in &m.pages {
        check_id(file, &page.id, "page", out);
        check_text(file, &page.title, "page title", out);
        if let Some(body) = &page.body {
            check_text(file, body, "page body", out);
            check_markdown(&scope, body, out);
        }
        if page.body.is_none() && page.blocks.is_empty() {
            out.push(
                Diagnostic::error("E0208", format!("the page `{}` is empty", page.id.value))
                    .at(file, page.id.pos)
                    .hint("give it a `body:` or `blocks:`"),
            );
        }
        check_count(
            file,
            page.id.pos,
            page.blocks.len(),
            limits::MAX_BLOCKS,
            "blocks on a page",
            out,
        );
        for block in &page.blocks {
            match block {
                Block::Text(t) | Block::Tip(t) | Block::Warning(t) => {
                    check_text(file, t, "text", out);
                    check_markdown(&scope, t, out);
                }
                Block::Signals(ids) => {
                    for id in ids {
                        check_signal(project, file, id, cx, out);
                    }
                }
                Block::Contact(id) => {
                    if project.contact(id).is_none()
                        && !cx.failed_file(&project.root.join("content"), "contacts")
                    {
                        let known = project
                            .contacts
                            .iter()
                            .flat_map(|c| c.value.contacts.iter().map(|c| c.id.value.as_str()));
                        out.push(unknown_ref(
                            "E0209",
                            "contact",
                            file,
                            id,
                            known,
                            "content/contacts.yaml",
                        ));
                    }
                }
                Block::Quiz(id) => {
                    quizzes += 1;
                    // Each quiz once: a second block would repeat the whole quiz in the page
                    // (a large quiz shown a thousand times is a gigabyte page), and its answers
                    // would be recorded twice under the same ids.
                    if let Some(first) = shown.get(id.value.as_str()) {
                        out.push(
                            Diagnostic::error(
                                "E0222",
                                format!(
                                    "the quiz `{}` is shown a second time in this module",
                                    id.value
                                ),
                            )
                            .at(file, id.pos)
                            .hint(format!(
                                "it is first shown at line {}, column {} of {}; show each quiz once (a page can link to it with `[text](#page-id)`)",
                                first.line,
                                first.column,
                                crate::diag::display_path(file)
                            )),
                        );
                        continue;
                    }
                    shown.insert(id.value.as_str(), id.pos);
                    if project.quiz(id).is_none()
                        && !cx.failed_file(&project.root.join("quizzes"), id)
                    {
                        let known = project.quizzes.iter().map(|q| q.value.id.value.as_str());
                        out.push(unknown_ref(
                            "E0210",
                            "quiz",
                            file,
                            id,
                            known,
                            &format!("quizzes/{}.yaml", id.value),
                        ));
                    }
                }
                Block::Image(image) => {
                    if id_ok {
                        check_asset_path(file, &image.src, assets, &image.src, true, out);
                    }
                    if let Some(caption) = &image.caption {
                        check_markdown(&scope, caption, out);
                    }
                    if image.alt.value.trim().is_empty() && image.caption.is_none() {
                        out.push(Diagnostic::warning("W0204", "the image has no text alternative")
                            .at(file, image.alt.pos)
                            .hint("describe in `alt` what the image shows; leave it empty only for decoration"));
                    }
                }
            }
        }
    }
    if id_ok {
        check_case_clashes(file, m, out);
    }
    // What the module shows, measured before anything is rendered: each text appears at least
    // once in the pages, so this bounds rendering's work and memory from below.
    let shown_bytes = limits::json_bytes(m)
        + shown
            .keys()
            .filter_map(|id| project.quiz(id))
            .map(|q| limits::json_bytes(&q.value))
            .sum::<usize>();
    if shown_bytes > limits::MAX_SHOWN_TEXT_BYTES {
        out.push(
            Diagnostic::error(
                "E0224",
                format!(
                    "the module shows about {} KiB of text with its quizzes, more than {} KiB",
                    shown_bytes / 1024,
                    limits::MAX_SHOWN_TEXT_BYTES / 1024
                ),
            )
            .at(file, m.id.pos)
            .hint("split it into several modules, or show fewer or smaller quizzes"),
        );
    }
    if quizzes == 0 && m.pass_mark.pos.is_known() {
        out.push(Diagnostic::warning("W0205", "the module has a pass mark but no quiz")
            .at(file, m.pass_mark.pos)
            .hint("add a `quiz:` block, or remove `pass_mark`: without a quiz the module is completed by reading it"));
    }
}

/// Two files whose paths differ only in case are one file on Windows and macOS: unpacking the
/// package there keeps only one of them, and the other's image or link breaks.
fn check_case_clashes(file: &std::path::Path, m: &Module, out: &mut Diagnostics) {
    let mut seen = std::collections::HashMap::new();
    for path in crate::text::asset_references(m) {
        match seen.entry(path.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(path);
            }
            std::collections::hash_map::Entry::Occupied(e) => out.push(
                Diagnostic::error(
                    "E0212",
                    format!(
                        "the paths `{}` and `{path}` differ only in case",
                        e.get()
                    ),
                )
                .in_file(file)
                .hint("Windows and macOS see one file where Linux sees two: give them different names"),
            ),
        }
    }
}

pub(super) fn check_signal(
    project: &Project,
    file: &std::path::Path,
    id: &crate::model::Spanned<String>,
    cx: &Context,
    out: &mut Diagnostics,
) {
    if project.signal(id).is_none() && !cx.failed_file(&project.root.join("content"), "signals") {
        let known = project
            .signals
            .iter()
            .flat_map(|s| s.value.signals.iter().map(|s| s.id.value.as_str()));
        out.push(unknown_ref(
            "E0215",
            "signal",
            file,
            id,
            known,
            "content/signals.yaml",
        ));
    }
}

/// A BCP 47 language tag in its common form: a 2–3 letter language, then subtags of 2–8 letters
/// or digits (`nl`, `en-GB`, `nl-BE`, `fy`).
pub(super) fn check_language(
    file: &std::path::Path,
    tag: &crate::model::Spanned<String>,
    out: &mut Diagnostics,
) {
    let mut parts = tag.value.split('-');
    let lang_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase()));
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !(lang_ok && rest_ok) {
        out.push(
            Diagnostic::error("E0216", format!("`{}` is not a language tag", tag.value))
                .at(file, tag.pos)
                .hint("use a BCP 47 tag such as `nl`, `en` or `nl-BE`"),
        );
    }
}

/// Versions name package files, so they keep to characters every file system and LMS accepts.
pub(super) fn check_version(
    file: &std::path::Path,
    v: &crate::model::Spanned<String>,
    out: &mut Diagnostics,
) {
    let ok = v
        .value
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && v.value.len() <= 32
        && v.value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if !ok {
        out.push(
            Diagnostic::error("E0217", format!("`{}` is not a usable version", v.value))
                .at(file, v.pos)
                .hint("use letters, digits, dots and hyphens, such as `1.0.0`; quote it if YAML reads it as a number"),
        );
    }
}

/// The review's status agrees with its open points, and every open point names a page of the
/// module whose text still holds the quoted phrase.
fn check_review_points(
    project: &Project,
    file: &std::path::Path,
    m: &Module,
    review: &Review,
    out: &mut Diagnostics,
) {
    match (review.status.value, review.open_points.len()) {
        (ReviewStatus::Pending, 0) => out.push(
            Diagnostic::error("E0218", "the review is pending, but no open point says what for")
                .at(file, review.status.pos)
                .hint("list under `open_points` what an expert must still confirm (`page`, `quote`, `check`), or write `status: done`"),
        ),
        (ReviewStatus::Done, n) if n > 0 => out.push(
            Diagnostic::error(
                "E0218",
                format!("the review is done, but {n} open point{} remain{}", if n == 1 { "" } else { "s" }, if n == 1 { "s" } else { "" }),
            )
            .at(file, review.open_points[0].page.pos)
            .hint("remove the points the expert has confirmed, or write `status: pending`"),
        ),
        _ => {}
    }
    for point in &review.open_points {
        check_text(file, &point.quote, "quote of an open point", out);
        check_text(file, &point.check, "check of an open point", out);
        let Some(page) = m.pages.iter().find(|p| p.id.value == point.page.value) else {
            out.push(unknown_ref(
                "E0219",
                "page",
                file,
                &point.page,
                m.pages.iter().map(|p| p.id.value.as_str()),
                "this module's `pages`",
            ));
            continue;
        };
        let quote = reading_text(&point.quote);
        if !quote.is_empty() && !reading_text(&page_reading(project, page)).contains(&quote) {
            out.push(
                Diagnostic::error(
                    "E0219",
                    format!(
                        "the page `{}` does not say \"{}\"",
                        page.id.value,
                        point.quote.value.trim()
                    ),
                )
                .at(file, point.quote.pos)
                .hint("quote the phrase as the page now words it, or remove the point if the text it was about is gone"),
            );
        }
    }
}

/// Everything a learner reads on a page: title, body, text blocks and the contact cards shown.
fn page_reading(project: &Project, page: &Page) -> String {
    let mut text = vec![page.title.value.as_str()];
    text.extend(page.body.as_ref().map(|b| b.value.as_str()));
    for block in &page.blocks {
        match block {
            Block::Text(t) | Block::Tip(t) | Block::Warning(t) => text.push(t),
            Block::Contact(id) => {
                if let Some(c) = project.contact(id) {
                    text.push(&c.name);
                    text.push(&c.description);
                    text.extend(c.hours.as_ref().map(|h| h.value.as_str()));
                }
            }
            Block::Image(img) => {
                text.push(&img.alt);
                text.extend(img.caption.as_ref().map(|c| c.value.as_str()));
            }
            Block::Signals(_) | Block::Quiz(_) => {}
        }
    }
    text.join("\n")
}

/// A text as it reads: Markdown emphasis marks dropped, every run of white space one space. The
/// quote of an open point is looked for in its page this way (the content tests use it too).
pub fn reading_text(text: &str) -> String {
    text.replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
