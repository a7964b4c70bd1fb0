//! What an author's text means, for validation and rendering alike: the Markdown dialect, where
//! a link points, the anchor of a page, a text without markup, and which of a module's files its
//! pages use.
//!
//! Checking and rendering both read author text through this module, so they always agree on what
//! a text contains: a link that validation accepts as a file of the module is the file that
//! rendering points at and packaging adds. Nothing here reads a file or reports a problem.

mod assets;
mod links;

pub use assets::{
    AssetKind, DOCUMENT_TYPES, IMAGE_TYPES, MEDIA_FOLDER, asset_kind, asset_references, media_path,
};
pub use links::{LinkKind, classify_link, split_suffix};

use pulldown_cmark::{Event, Parser};

/// The Markdown dialect of author text: CommonMark plus tables and strikethrough.
pub fn markdown_options() -> pulldown_cmark::Options {
    pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH
}

/// The prefix of every page's anchor ([`page_anchor`]).
pub const PAGE_ANCHOR_PREFIX: &str = "p-";

/// The HTML `id` of a page's section (`p-<page id>`), so that page ids cannot clash with the
/// page shell's own ids.
pub fn page_anchor(page_id: &str) -> String {
    format!("{PAGE_ANCHOR_PREFIX}{page_id}")
}

/// The text of some Markdown without any markup, for places that take plain text (the LMS's
/// interaction description).
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(text, markdown_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(' ') && !out.is_empty() =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim().to_owned()
}
