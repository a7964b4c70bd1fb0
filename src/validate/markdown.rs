//! Rules for author Markdown: links, images, raw HTML and inline phone numbers.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::model::Spanned;
use crate::text::{AssetKind, LinkKind, classify_link};

/// Where the Markdown stands, for its rules.
pub(crate) struct Scope<'a> {
    pub file: &'a Path,
    /// The ids of the module's pages, for `#page-id` links; `None` outside a module (quizzes are
    /// shared between modules, so they cannot link to pages).
    pub pages: Option<&'a [&'a str]>,
    /// The module's asset folder, for relative links and images; `None` in a quiz, or in a
    /// module whose id is wrong (its folder is then unknown).
    pub asset_dir: Option<AssetDir<'a>>,
    pub allow_html: bool,
    /// Phone numbers belong in `content/contacts.yaml`; everywhere else they are reported.
    pub phone_numbers_allowed: bool,
}

/// A module's folder of images and files, and the project it must stay in.
#[derive(Clone, Copy)]
pub(crate) struct AssetDir<'a> {
    pub root: &'a Path,
    pub dir: &'a Path,
}

/// Checks one Markdown text. Each problem points at its own place in the text (the start of the
/// link, the HTML tag, the number), which loading turns into a line and column of the file.
pub(crate) fn check_markdown(scope: &Scope<'_>, text: &Spanned<String>, out: &mut Diagnostics) {
    let before = |offset: usize| text.value.get(..offset).unwrap_or("");
    let mut warned_html = false;
    // Nesting, counted as the events come (linear in the text): Markdown's own containers, and
    // with `allow_html` the raw HTML elements opened inside them.
    let mut depth = 0usize;
    let mut html_depth = 0usize;
    let mut too_deep = false;
    for (event, range) in
        Parser::new_ext(&text.value, crate::text::markdown_options()).into_offset_iter()
    {
        let at = |d: Diagnostic| d.at(scope.file, text.pos).inside(before(range.start));
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) if scope.allow_html => {
                html_depth = html_nesting(html, html_depth);
            }
            _ => {}
        }
        if !too_deep && depth + html_depth > crate::limits::MAX_MARKUP_NESTING {
            too_deep = true;
            out.push(at(Diagnostic::error(
                "E0223",
                format!(
                    "the text is nested more than {} levels deep",
                    crate::limits::MAX_MARKUP_NESTING
                ),
            )
            .hint("quotes (`>`), lists and HTML elements inside each other: flatten the text; readers cannot follow more than a few levels anyway")));
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                check_address(scope, text, before(range.start), &dest_url, false, out);
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                check_address(scope, text, before(range.start), &dest_url, true, out);
            }
            Event::Html(_) | Event::InlineHtml(_) if !scope.allow_html && !warned_html => {
                warned_html = true;
                out.push(at(Diagnostic::warning("W0203", "raw HTML in this text is shown as plain text")
                    .hint("write Markdown instead, or set `allow_html: true` on the module (HTML then passes a safety filter)")));
            }
            _ => {}
        }
    }
    if let Some((offset, number)) =
        find_phone_number_at(&text.value).filter(|_| !scope.phone_numbers_allowed)
    {
        out.push(Diagnostic::warning("W0202", format!("phone number `{number}` written in the text"))
            .at(scope.file, text.pos)
            .inside(before(offset))
            .hint("declare it once in content/contacts.yaml and show it with a `contact:` block, so a changed number is changed once"));
    }
}

/// The depth of raw HTML elements after `html`, starting at `depth`: `<name` opens one (except
/// the elements that never hold anything, and `…/>`), `</` closes one. A rough count, in one pass,
/// that only bounds the work of rendering: the sanitizer decides what the HTML means.
fn html_nesting(html: &str, mut depth: usize) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        let start = i + at + 1;
        i = start;
        if bytes.get(start) == Some(&b'/') {
            depth = depth.saturating_sub(1);
            continue;
        }
        let name_len = html[start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[start..start + name_len].to_ascii_lowercase();
        let end = html[start..].find('>').map_or(html.len(), |e| start + e);
        let self_closing = html[..end].ends_with('/');
        if !VOID.contains(&name.as_str()) && !self_closing {
            depth += 1;
        }
    }
    depth
}

/// Checks the address of a link or image that stands in `text` after `before`.
fn check_address(
    scope: &Scope<'_>,
    text: &Spanned<String>,
    before: &str,
    url: &str,
    image: bool,
    out: &mut Diagnostics,
) {
    let at = |d: Diagnostic| d.at(scope.file, text.pos).inside(before);
    match classify_link(url) {
        LinkKind::Outbound => {}
        LinkKind::Refused(scheme) => out.push(at(Diagnostic::error("E0214", format!("the address `{url}` is not allowed"))
            .hint(if scheme.eq_ignore_ascii_case("http") {
                "use `https:`: learners' browsers and many LMSs block plain http".to_owned()
            } else {
                format!("`{scheme}:` addresses are refused; links may use https:, mailto: or tel:, or point at a file in the module's folder")
            }))),
        LinkKind::Page(anchor) => match scope.pages {
            Some(pages) if !pages.contains(&anchor) => {
                let d = Diagnostic::error("E0213", format!("no page with id `{anchor}` in this module"));
                // Only a valid id is worth suggesting: a page whose id is `Signalen` is reported
                // itself (E0201), and `#Signalen` would be as wrong as the link.
                let valid = pages.iter().copied().filter(|p| super::is_slug(p));
                out.push(at(match suggest(anchor, valid) {
                    Some(s) => d.hint(format!("did you mean `#{s}`?")),
                    None => d.hint("link to a page as `[text](#page-id)`"),
                }));
            }
            Some(_) => {}
            None => out.push(at(Diagnostic::error("E0213", format!("this text cannot link to the page `#{anchor}`"))
                .hint("quizzes and shared content appear in several modules; name the page in words instead"))),
        },
        LinkKind::Asset(path) => {
            let path = crate::text::split_suffix(path).0;
            match scope.asset_dir {
                Some(assets) => {
                    let mut found = Diagnostics::default();
                    check_asset_path(scope.file, text, assets, path, image, &mut found);
                    out.extend(found.into_iter().map(|d| d.inside(before)));
                }
                None if scope.pages.is_some() => {}
                None => out.push(at(Diagnostic::error("E0212", format!("this text cannot refer to the file `{path}`"))
                    .hint("put images on a module page with an `image:` block"))),
            }
        }
    }
}

/// A path an author wrote must stay inside the module's folder and exist there, and name a file
/// of a type a package may hold ([`super::assets`]): an image where an image is shown (`image`),
/// an image or a document where a link points. Returns whether it does.
pub(crate) fn check_asset_path(
    file: &Path,
    at: &Spanned<String>,
    assets: AssetDir<'_>,
    path: &str,
    image: bool,
    out: &mut Diagnostics,
) -> bool {
    let dir = assets.dir;
    let place = |d: Diagnostic| d.at(file, at.pos);
    let relative = match crate::fs::safe_relative_path(path) {
        Ok(relative) => relative,
        Err(why) => {
            out.push(place(
                Diagnostic::error("E0212", format!("the path `{path}` {why}")).hint(format!(
                    "write a path relative to the module's folder `{}`",
                    crate::diag::display_path(dir)
                )),
            ));
            return false;
        }
    };
    let full = dir.join(&relative);
    // A symbolic link (the file, or a folder on the way, the module's own included) may lead out
    // of the folder even when the path does not.
    let real = match crate::fs::contain_in_module(assets.root, dir, &full) {
        Ok(real) => real,
        Err(crate::fs::Refused::Outside { link, folder }) => {
            out.push(place(
                Diagnostic::error(
                    "E0212",
                    format!(
                        "the file `{path}` leads outside the module's folder: {}",
                        crate::fs::leads_outside(&link, &folder)
                    ),
                )
                .hint("copy the file into the folder instead of linking to it"),
            ));
            return false;
        }
        Err(crate::fs::Refused::Io(_)) => {
            out.push(missing(place, path, dir));
            return false;
        }
    };
    let Ok(meta) = real.metadata().map(|m| (m.is_file(), m.len())) else {
        out.push(missing(place, path, dir));
        return false;
    };
    if !meta.0 {
        out.push(missing(place, path, dir));
        return false;
    }
    if meta.1 > crate::limits::MAX_ASSET_BYTES {
        out.push(place(
            Diagnostic::error(
                "E0109",
                format!(
                    "the file `{path}` is larger than {} MiB",
                    crate::limits::MAX_ASSET_BYTES >> 20
                ),
            )
            .hint("make it smaller (an image for a screen needs no more than a few hundred KiB)"),
        ));
        return false;
    }
    let kind = crate::text::asset_kind(&relative);
    match kind {
        None => {
            out.push(place(
                Diagnostic::error(
                    "E0220",
                    format!("the file `{path}` is of a type that a package may not hold"),
                )
                .hint(super::assets::refused_type_hint(&relative)),
            ));
            return false;
        }
        Some(AssetKind::Document) if image => {
            out.push(place(
                Diagnostic::error("E0220", format!("the file `{path}` is not an image")).hint(
                    format!(
                        "show an image ({}) here, or link to the document with `[text]({path})`",
                        crate::text::IMAGE_TYPES.join(", ")
                    ),
                ),
            ));
            return false;
        }
        Some(AssetKind::Svg) => {
            if let Some(why) = super::assets::check_svg_file(&real) {
                out.push(place(
                    Diagnostic::error("E0221", format!("the SVG image `{path}` is refused: {why}"))
                        .hint("save it again as a plain drawing (in Inkscape: \"Save as\" → \"Optimized SVG\"), without script, links, embedded HTML or outside style sheets"),
                ));
                return false;
            }
        }
        Some(_) => {}
    }
    true
}

fn missing(place: impl Fn(Diagnostic) -> Diagnostic, path: &str, dir: &Path) -> Diagnostic {
    place(
        Diagnostic::error("E0211", format!("the file `{path}` does not exist"))
            .hint(format!("put it in `{}`", crate::diag::display_path(dir))),
    )
}

/// The first thing in `text` that looks like a phone number: seven or more digits, possibly
/// grouped by spaces (or one hyphen) and led by `+`. Years and counts ("2011 en 2012", "150 en 800")
/// do not match, because words separate them.
pub fn find_phone_number(text: &str) -> Option<String> {
    find_phone_number_at(text).map(|(_, number)| number)
}

/// [`find_phone_number`] with the byte offset where the number starts.
fn find_phone_number_at(text: &str) -> Option<(usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            || (chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit));
        let after_word =
            i > 0 && (chars[i - 1].is_alphanumeric() || matches!(chars[i - 1], '-' | '.' | '/'));
        if starts && !after_word {
            let mut j = i + 1;
            let mut digits = usize::from(chars[i].is_ascii_digit());
            let mut hyphens = 0;
            while j < chars.len() {
                let c = chars[j];
                if c.is_ascii_digit() {
                    digits += 1;
                    j += 1;
                } else if matches!(c, ' ' | '-')
                    && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                {
                    hyphens += usize::from(c == '-');
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_in_word = chars.get(j).is_some_and(|c| c.is_alphanumeric());
            // A phone number has at most one hyphen (`070-3454319`); an ISBN has four.
            if digits >= 7 && hyphens <= 1 && !ends_in_word {
                let offset = chars[..i].iter().map(|c| c.len_utf8()).sum();
                return Some((offset, chars[i..j].iter().collect()));
            }
            i = j;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_phone_numbers_but_not_years() {
        assert_eq!(
            find_phone_number("Bel 0800 2000 voor advies."),
            Some("0800 2000".into())
        );
        assert_eq!(
            find_phone_number("via +31 247 247 247."),
            Some("+31 247 247 247".into())
        );
        assert_eq!(
            find_phone_number("LKHA (070 3454319)"),
            Some("070 3454319".into())
        );
        assert_eq!(
            find_phone_number("In 2011 en 2012 tussen de 364 en 1631"),
            None
        );
        assert_eq!(find_phone_number("ISBN 978-94-6409-074-1 in 2025"), None);
        assert_eq!(find_phone_number("tussen 150 en 800 per jaar"), None);
    }
}
