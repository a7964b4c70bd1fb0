//! Author Markdown to safe HTML.
//!
//! Raw HTML is shown as text unless the module sets `allow_html`; then the whole output passes an
//! allowlist sanitizer (ammonia) that removes scripts, styles, frames, event handlers and every
//! address scheme but https, mailto and tel. Either way, links to other pages become in-package
//! anchors, links to files point into `media/`, and outbound links open in a new tab so the LMS
//! session stays open.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::text::{
    LinkKind, classify_link, markdown_options, media_path, page_anchor, split_suffix,
};

/// Renders `text` to HTML. `inline` drops the surrounding `<p>` of a one-paragraph text (option
/// labels, titles).
pub fn to_html(text: &str, allow_html: bool, inline: bool) -> String {
    let mut html = String::with_capacity(text.len() * 3 / 2);
    let mut headings = Headings::default();
    let events = Parser::new_ext(text, markdown_options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: headings.open(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(headings.close())),
        Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: rewrite(dest_url),
            title,
            id,
        }),
        other => other,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    let mut html = mark_outbound(&if allow_html { sanitize(&html) } else { html });
    // The page's Content-Security-Policy refuses style attributes: table alignment becomes a class.
    for (style, class) in [
        ("style=\"text-align: left\"", "class=\"lk-align-left\""),
        ("style=\"text-align: center\"", "class=\"lk-align-center\""),
        ("style=\"text-align: right\"", "class=\"lk-align-right\""),
    ] {
        html = html.replace(style, class);
    }
    if inline {
        let trimmed = html.trim_end();
        if trimmed.starts_with("<p>")
            && trimmed.ends_with("</p>")
            && trimmed.matches("<p>").count() == 1
        {
            html = trimmed["<p>".len()..trimmed.len() - "</p>".len()].to_owned();
        }
    }
    html
}

/// Heading levels in a text on a page: the page's title is the `<h1>`, so the text's headings start
/// at `<h2>` and never skip a level (`###` under the title becomes `<h2>`; axe's heading-order).
/// A heading is at most one level below the one before it, and the structure an author gives
/// (`##` then `###` then `##`) is kept.
#[derive(Default)]
struct Headings {
    /// The level written for the last heading opened (1: none yet, the page's title).
    last: usize,
    open: Vec<HeadingLevel>,
}

impl Headings {
    fn open(&mut self, authored: HeadingLevel) -> HeadingLevel {
        let wanted = (authored as usize).max(2);
        let level = wanted.min(self.last.max(1) + 1);
        self.last = level;
        let level = HeadingLevel::try_from(level).unwrap_or(HeadingLevel::H6);
        self.open.push(level);
        level
    }

    fn close(&mut self) -> HeadingLevel {
        self.open.pop().unwrap_or(HeadingLevel::H2)
    }
}

/// Where an address points in the package. Refused addresses (validation reports them) become
/// empty, so even an unchecked text cannot carry script.
fn rewrite(url: CowStr<'_>) -> CowStr<'_> {
    match classify_link(&url) {
        LinkKind::Page(anchor) => format!("#{}", page_anchor(anchor)).into(),
        LinkKind::Outbound => url,
        // Only a path that stays in the module's folder; validation reports the others.
        LinkKind::Asset(address) => {
            let (path, suffix) = split_suffix(address);
            match crate::fs::safe_relative_path(path) {
                Ok(safe) => format!("{}{suffix}", media_path(&safe)).into(),
                Err(_) => "".into(),
            }
        }
        LinkKind::Refused(_) => "".into(),
    }
}

/// Outbound links open in a new tab, without giving that tab a handle on the LMS window.
fn mark_outbound(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<a href=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "<a href=\"".len()..];
        let end = after.find('"').unwrap_or(after.len());
        let url = &after[..end];
        out.push_str("<a href=\"");
        out.push_str(url);
        out.push('"');
        // The sanitizer already adds rel to every link; only what is missing is added.
        let tag_rest = &after[(end + 1).min(after.len())..];
        let tag = &tag_rest[..tag_rest.find('>').unwrap_or(tag_rest.len())];
        if classify_link(url) == LinkKind::Outbound
            && !url.starts_with("tel:")
            && !url.starts_with("mailto:")
        {
            if !tag.contains("target=") {
                out.push_str(" target=\"_blank\"");
            }
            if !tag.contains("rel=") {
                out.push_str(" rel=\"noopener noreferrer\"");
            }
        }
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

/// A relative address that stays in the package, or `None` to drop it.
fn relative_inside(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    let path = split_suffix(url).0;
    let inside = path.is_empty() || crate::fs::safe_relative_path(path).is_ok();
    inside.then_some(url.into())
}

fn sanitize(html: &str) -> String {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(["https", "mailto", "tel"].into_iter().collect())
        // A relative address must stay in the package: `/x`, `//host`, `../x` would reach the
        // LMS's own pages or another server.
        .url_relative(ammonia::UrlRelative::Custom(Box::new(relative_inside)))
        .add_tag_attributes("a", ["target"])
        .link_rel(Some("noopener noreferrer"));
    builder.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let html = to_html("Hallo <script>alert(1)</script> <b>x</b>", false, true);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        let html = to_html("Hallo <script>alert(1)</script> <b>x</b>", true, true);
        assert!(!html.contains("script"), "{html}");
        assert!(html.contains("<b>x</b>"), "{html}");
    }

    #[test]
    fn sanitizer_drops_handlers_and_script_urls() {
        let html = to_html(
            "<img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">a</a> <iframe src=\"https://x\"></iframe>",
            true,
            false,
        );
        assert!(
            !html.contains("onerror") && !html.contains("javascript") && !html.contains("iframe"),
            "{html}"
        );
    }

    #[test]
    fn outbound_links_open_in_a_new_tab_through_the_sanitizer_too() {
        let html = to_html("<b>x</b> [kis](https://www.kis.nl)", true, true);
        assert!(html.contains("target=\"_blank\""), "{html}");
        assert_eq!(html.matches("rel=").count(), 1, "{html}");
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html = to_html("| a | b |\n|:--|--:|\n| 1 | 2 |\n", false, false);
        assert!(!html.contains("style="), "{html}");
        assert!(
            html.contains("class=\"lk-align-left\"") && html.contains("class=\"lk-align-right\""),
            "{html}"
        );
    }

    #[test]
    fn headings_start_below_the_page_title_and_never_skip_a_level() {
        assert_eq!(to_html("### Hulp", false, false), "<h2>Hulp</h2>\n");
        assert_eq!(
            to_html("## Een\n\n#### Twee\n\n## Drie\n\n### Vier", false, false),
            "<h2>Een</h2>\n<h3>Twee</h3>\n<h2>Drie</h2>\n<h3>Vier</h3>\n"
        );
        assert_eq!(to_html("# Titel", false, false), "<h2>Titel</h2>\n");
    }

    #[test]
    fn links_are_rewritten() {
        let html = to_html(
            "[a](#signalen) [b](https://www.kis.nl) ![c](kaart.svg) [d](javascript:alert(1)) [e](data:text/html,x)",
            false,
            true,
        );
        assert!(html.contains("href=\"#p-signalen\""), "{html}");
        assert!(
            html.contains(
                "href=\"https://www.kis.nl\" target=\"_blank\" rel=\"noopener noreferrer\""
            ),
            "{html}"
        );
        assert!(html.contains("src=\"media/kaart.svg\""), "{html}");
        assert!(
            !html.contains("javascript") && !html.contains("data:"),
            "{html}"
        );
    }
}
