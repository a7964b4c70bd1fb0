//! A module's own files: which types a package may hold, which files the pages use, and where
//! they land in the package.
//!
//! A packaged file is served from the LMS's own address. A file the browser runs (HTML,
//! JavaScript, XML with a style sheet) would run with the learner's LMS session when the learner
//! opens it, outside the page's Content-Security-Policy, which covers only the launch page. So
//! only types that cannot run anything are packaged (validation also checks what an SVG holds).

use pulldown_cmark::{Event, Parser, Tag};

use super::{LinkKind, classify_link, markdown_options, split_suffix};
use crate::model::{Block, Module};

/// What a file of a module is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// A raster image, shown with `<img>`.
    Image,
    /// An SVG image: shown with `<img>`, and checked for active content by validation.
    Svg,
    /// A document for learners to download or open (PDF, office files, plain text).
    Document,
}

/// The image types (`image:` blocks and `![…](…)`).
pub const IMAGE_TYPES: [&str; 7] = ["png", "jpg", "jpeg", "gif", "webp", "avif", "svg"];
/// The document types a link may name, besides images: what trainers hand out. Plain text is
/// included: browsers show `.txt` as text, never as a page.
pub const DOCUMENT_TYPES: [&str; 12] = [
    "pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "doc", "xls", "ppt", "rtf", "txt",
];

/// The package's folder for a module's own files.
pub const MEDIA_FOLDER: &str = "media";

/// The kind of the file at `path` (a safe relative path), or `None` when its type may not be
/// packaged.
pub fn asset_kind(path: &str) -> Option<AssetKind> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (_, ext) = name.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    if ext == "svg" {
        Some(AssetKind::Svg)
    } else if IMAGE_TYPES.contains(&ext.as_str()) {
        Some(AssetKind::Image)
    } else if DOCUMENT_TYPES.contains(&ext.as_str()) {
        Some(AssetKind::Document)
    } else {
        None
    }
}

/// Where the module's file at `relative` (a safe relative path) is in the package.
pub fn media_path(relative: &str) -> String {
    format!("{MEDIA_FOLDER}/{relative}")
}

/// Every file of the module's folder that the module uses (its cover, images and linked files), as safe
/// relative paths, sorted and without repeats. Files in the folder that nothing uses stay out of
/// the package.
pub fn asset_references(module: &Module) -> Vec<String> {
    let mut found = Vec::new();
    let from_markdown = |text: &str, found: &mut Vec<String>| {
        for event in Parser::new_ext(text, markdown_options()) {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
                && let LinkKind::Asset(p) = classify_link(&dest_url)
                && let Ok(p) = crate::fs::safe_relative_path(split_suffix(p).0)
            {
                found.push(p);
            }
        }
    };
    // The cover's illustration travels like an image block's.
    if let Some(cover) = &module.cover
        && let Ok(p) = crate::fs::safe_relative_path(&cover.image)
    {
        found.push(p);
    }
    for page in &module.pages {
        if let Some(body) = &page.body {
            from_markdown(body, &mut found);
        }
        for block in &page.blocks {
            match block {
                Block::Text(t) | Block::Tip(t) | Block::Warning(t) => from_markdown(t, &mut found),
                Block::Image(image) => {
                    if let Ok(p) = crate::fs::safe_relative_path(&image.src) {
                        found.push(p);
                    }
                }
                Block::Signals(_) | Block::Contact(_) | Block::Quiz(_) => {}
            }
        }
    }
    // Only types a package may hold: validation refuses the others, and packaging never adds
    // them even if a check were skipped.
    found.retain(|p| asset_kind(p).is_some());
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_allowlist() {
        assert_eq!(asset_kind("a/kaart.SVG"), Some(AssetKind::Svg));
        assert_eq!(asset_kind("foto.jpeg"), Some(AssetKind::Image));
        assert_eq!(asset_kind("folder.pdf"), Some(AssetKind::Document));
        for bad in [
            "x.html", "x.htm", "x.js", "x.mjs", "x.xml", "x.xhtml", "x.svgz", "x.exe", "x", "x.php",
        ] {
            assert_eq!(asset_kind(bad), None, "{bad}");
        }
    }
}
