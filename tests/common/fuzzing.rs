//! The bodies of the fuzz targets and their oracles, shared by the fuzzer (`fuzz/fuzz_targets/`
//! includes this file) and the regression tests (`tests/hardening.rs` replays every committed
//! corpus and regression input through the same functions). A panic anywhere here is a finding.
//!
//! - [`check_bytes`]: bytes become one file of a valid project (a module, a quiz, a content file
//!   or a course, chosen by the first byte); leskit decodes, parses and validates it and renders
//!   every diagnostic. A module that passes is rendered, and its page must carry no more script
//!   than the built-in template puts there.
//! - [`markdown_bytes`]: bytes become author Markdown, rendered with and without `allow_html`,
//!   block and inline. The output must hold no element that runs script, no event handler and no
//!   address that leaves the package other than `https:`, `mailto:` and `tel:`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leskit::diag::{render_human, render_json};
use leskit::model::{Contacts, Course, Loaded, Module, Project, Quiz, Signals, Sources};
use leskit::package::Target;
use leskit::render::Templates;
use leskit::text::{LinkKind, classify_link};
use leskit::validate::Context;

/// The valid project every fuzzed file is dropped into.
pub fn base_dir(repo: &Path) -> PathBuf {
    repo.join("tests/fixtures/check/base")
}

struct Base {
    project: Project,
    templates: Templates,
    /// `<script` tags on the base module's page: author text must never add one.
    scripts: usize,
}

fn base(repo: &Path) -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let loaded = leskit::load::load_project(&base_dir(repo)).expect("the base project loads");
        assert!(
            !loaded.diagnostics.has_errors(),
            "the base project has errors"
        );
        let templates = Templates::load(None).expect("built-in templates");
        let site = leskit::render::render_module(
            &loaded.project,
            &loaded.project.modules[0],
            Target::SCORM12.runtime(),
            &templates,
        )
        .expect("the base module renders")
        .site;
        let page = String::from_utf8(site["index.html"].clone()).expect("UTF-8 page");
        let scripts = page.matches("<script").count();
        Base {
            project: loaded.project,
            templates,
            scripts,
        }
    })
}

/// The kinds of file the first input byte chooses between.
const KINDS: u8 = 6;

pub fn check_bytes(repo: &Path, data: &[u8]) {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let base = base(repo);
    let mut project = base.project.clone();
    let root = project.root.clone();
    let path = match selector % KINDS {
        0 => project.modules[0].path.clone(),
        1 => project.quizzes[0].path.clone(),
        2 => root.join("content/contacts.yaml"),
        3 => root.join("content/sources.yaml"),
        4 => root.join("content/signals.yaml"),
        _ => root.join("courses/fuzz.yaml"),
    };
    let text = match leskit::load::decode_text(&path, bytes) {
        Ok(text) => text,
        Err(d) => {
            show(&d, None);
            return;
        }
    };
    macro_rules! parse {
        ($t:ty) => {
            match leskit::load::parse_str::<$t>(&path, &text) {
                Ok(value) => Loaded {
                    path: path.clone(),
                    value,
                },
                Err(d) => {
                    show(&d, Some(&text));
                    return;
                }
            }
        };
    }
    match selector % KINDS {
        0 => project.modules[0] = parse!(Module),
        1 => project.quizzes[0] = parse!(Quiz),
        2 => project.contacts = Some(parse!(Contacts)),
        3 => project.sources = Some(parse!(Sources)),
        4 => project.signals = Some(parse!(Signals)),
        _ => project.courses.push(parse!(Course)),
    }
    let cx = Context {
        today: 20_000,
        failed: Vec::new(),
    };
    let diagnostics = leskit::validate::validate(&project, &cx);
    for d in diagnostics.iter() {
        show(d, Some(&text));
    }
    if diagnostics.has_errors() {
        return;
    }
    // A project the checker accepts must render, and its pages must be safe.
    for module in &project.modules {
        for target in Target::SCORM {
            let rendered =
                leskit::render::render_module(&project, module, target.runtime(), &base.templates)
                    .unwrap_or_else(|e| panic!("a checked module failed to render: {e}"));
            let mut site = rendered.site;
            leskit::package::add_media(&project, &module.value, &rendered.assets, &mut site)
                .unwrap_or_else(|e| panic!("a checked module failed to render: {e}"));
            let page = std::str::from_utf8(&site["index.html"]).expect("the page is UTF-8");
            assert_safe_page(page, base.scripts);
            for name in site.keys() {
                assert_safe_entry_name(name);
            }
        }
    }
}

fn show(d: &leskit::diag::Diagnostic, source: Option<&str>) {
    let human = render_human(d, source);
    assert_no_terminal_controls(&human);
    let json = render_json(d);
    serde_json::from_str::<serde_json::Value>(&json).expect("a diagnostic is one JSON value");
}

/// What leskit prints to a terminal holds no control character but newlines (an escape sequence
/// in a file could otherwise rewrite the screen) and no bidi override (which could reorder it).
pub fn assert_no_terminal_controls(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || is_bidi_control(c)),
            "control character {c:?} printed in {text:?}"
        );
    }
}

pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

pub fn markdown_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for allow_html in [false, true] {
        for inline in [false, true] {
            let html = leskit::render::to_html(text, allow_html, inline);
            assert_safe_html(&html, allow_html);
        }
    }
    let _ = leskit::text::plain_text(text);
}

/// An element or attribute of rendered HTML.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attributes: Vec<(String, String)>,
}

/// The start and end tags in `html`, as a browser would see them (the contents of `<script>`
/// elements are skipped, as a browser reads them as raw text).
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map_or(b.len(), |e| i + e + 3);
            continue;
        }
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'/' || b[j] == b'!') {
            j += 1;
        }
        if j >= b.len() || !b[j].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attributes = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let n0 = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[n0..j].to_ascii_lowercase();
            let mut value = String::new();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v0 = j + 1;
                    j = v0;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    value = html[v0..j.min(b.len())].to_owned();
                    j += 1;
                } else {
                    let v0 = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v0..j].to_owned();
                }
            }
            attributes.push((attr, value));
        }
        let closing = html[i + 1..].starts_with('/');
        i = j + 1;
        if name == "script" && !closing {
            i = html[i.min(b.len())..]
                .to_ascii_lowercase()
                .find("</script")
                .map_or(b.len(), |e| i + e);
        }
        if !closing {
            out.push(Tag { name, attributes });
        }
    }
    out
}

/// Elements that pulldown-cmark writes for CommonMark with tables and strikethrough.
const MARKDOWN_ELEMENTS: &[&str] = &[
    "p",
    "a",
    "img",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// Elements that can run script, load something, or change where the page sends things.
const DANGEROUS_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "svg",
    "math",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "portal",
    "video",
    "audio",
    "source",
    "track",
];

/// Attributes whose value is an address.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "background",
    "lowsrc",
    "data",
    "cite",
    "longdesc",
    "srcset",
    "ping",
];

/// Author Markdown rendered by [`leskit::render::to_html`] is safe to put in a page.
pub fn assert_safe_html(html: &str, allow_html: bool) {
    for tag in tags(html) {
        if allow_html {
            assert!(
                !DANGEROUS_ELEMENTS.contains(&tag.name.as_str()),
                "<{}> in {html:?}",
                tag.name
            );
        } else {
            assert!(
                MARKDOWN_ELEMENTS.contains(&tag.name.as_str()),
                "<{}> is not Markdown's own, in {html:?}",
                tag.name
            );
        }
        assert_safe_attributes(&tag, html);
    }
}

/// A whole rendered page: the template's own two scripts and nothing more, and safe attributes.
pub fn assert_safe_page(page: &str, scripts: usize) {
    assert_eq!(
        page.matches("<script").count(),
        scripts,
        "author text added a script element"
    );
    assert_eq!(
        page.to_ascii_lowercase().matches("</script").count(),
        scripts,
        "author text closed a script element early"
    );
    for tag in tags(page) {
        assert_safe_attributes(&tag, page);
    }
}

fn assert_safe_attributes(tag: &Tag, html: &str) {
    for (name, value) in &tag.attributes {
        assert!(
            !name.starts_with("on"),
            "event handler {name} on <{}> in {html:?}",
            tag.name
        );
        // pulldown-cmark aligns table cells with a fixed `style` (which the page's
        // Content-Security-Policy then blocks); no other style may appear.
        let alignment = tag.name.starts_with('t')
            && name == "style"
            && matches!(
                value.as_str(),
                "text-align: left" | "text-align: center" | "text-align: right"
            );
        assert!(
            alignment
                || !matches!(name.as_str(), "style" | "srcdoc" | "http-equiv")
                || (tag.name == "meta" && name == "http-equiv"),
            "attribute {name} on <{}> in {html:?}",
            tag.name
        );
        if URL_ATTRIBUTES.contains(&name.as_str()) {
            let url = decode_entities(value)
                .unwrap_or_else(|| panic!("unknown character reference in {value:?} in {html:?}"));
            assert!(
                safe_address(&url),
                "unsafe address {url:?} in <{} {name}> in {html:?}",
                tag.name
            );
        }
    }
}

/// An address that stays in the package, or leaves it by https, mailto or tel.
pub fn safe_address(url: &str) -> bool {
    // Browsers drop leading and trailing spaces and control characters, and tabs and newlines
    // anywhere.
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if url.is_empty() || url.starts_with('#') {
        return true;
    }
    match classify_link(&url) {
        LinkKind::Page(_) => true,
        LinkKind::Outbound => {
            let lower = url.to_ascii_lowercase();
            lower.starts_with("https:") || lower.starts_with("mailto:") || lower.starts_with("tel:")
        }
        LinkKind::Refused(_) => false,
        LinkKind::Asset(path) => {
            let path = path.split(['#', '?']).next().unwrap_or(path);
            let decoded = percent_decode(path).to_ascii_lowercase();
            !(path.starts_with('/')
                || path.contains('\\')
                || decoded.contains('\\')
                || decoded.starts_with('/')
                || decoded.split('/').any(|p| p == ".." || p == "."))
        }
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of an attribute as the browser reads it; `None` for a reference this oracle does
/// not know (leskit's renderers write only the ones below).
pub fn decode_entities(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let Some(end) = rest.find(';').filter(|&e| e <= 32) else {
            // A bare `&` is itself.
            out.push('&');
            continue;
        };
        let name = &rest[..end];
        let c = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(n).unwrap_or('\u{fffd}')
        } else {
            match name {
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "lt" => '<',
                "gt" => '>',
                "nbsp" => '\u{a0}',
                "colon" => ':',
                "Tab" => '\t',
                "NewLine" => '\n',
                _ => return None,
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// A zip entry name every unzipper extracts where it should, on every system.
pub fn assert_safe_entry_name(name: &str) {
    assert!(
        leskit::fs::safe_relative_path(name).as_deref() == Ok(name),
        "unsafe zip entry name {name:?}"
    );
    assert!(
        name.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-' | b'/')),
        "zip entry name {name:?} has characters some unzippers mangle"
    );
}
