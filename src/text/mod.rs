//! What an author's text means, for validation and rendering alike: the Markdown dialect, where
//! a link points, the anchor of a page, a text without markup, which of a module's files its
//! pages use, and which characters XML can carry.
//!
//! Checking and rendering both read author text through this module, so they always agree on what
//! a text contains: a link that validation accepts as a file of the module is the file that
//! rendering points at and packaging adds, and a character that validation warns about is the
//! one the manifests leave out. Nothing here reads a file or reports a problem.

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

/// The first sentence of a plain text ([`plain_text`]), cut after `max_words` words with `…`:
/// a situation in a few words, for the summary of a scenario's path.
pub fn brief(plain: &str, max_words: usize) -> String {
    let plain = plain.trim();
    // A sentence ends at `.`, `?` or `!` (and a closing quote after it) before a space.
    let mut end = plain.len();
    let mut chars = plain.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!') {
            let mut after = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if !matches!(q, '"' | '\'' | '”' | '’' | ')') {
                    break;
                }
                after = j + q.len_utf8();
                chars.next();
            }
            if plain[after..].starts_with(char::is_whitespace) {
                end = after;
                break;
            }
        }
    }
    let sentence = &plain[..end];
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= max_words {
        return words.join(" ");
    }
    let cut = words[..max_words].join(" ");
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', '-', '–']))
}

/// Whether XML 1.0 can carry `c`, even escaped. It cannot carry control characters other than
/// tab, line feed and carriage return, nor the non-characters U+FFFE and U+FFFF (surrogates,
/// the third kind, never reach a Rust string: a lone one is read as U+FFFD). The control
/// characters 0x7F–0x9F are allowed but "discouraged" by XML 1.0 and forbidden in XML 1.1:
/// they count as not fitting too. `leskit check` warns about these characters (`W0206`), and the
/// manifests leave them out.
pub fn fits_xml(c: char) -> bool {
    (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && !matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::brief;

    #[test]
    fn brief_is_the_first_sentence_in_a_few_words() {
        assert_eq!(brief("Wat doe je eerst?", 12), "Wat doe je eerst?");
        assert_eq!(
            brief(
                "Je hebt de signalen op een rij. Wat is je volgende stap?",
                12
            ),
            "Je hebt de signalen op een rij."
        );
        assert_eq!(
            brief("Hij zei: \"Ik wil niet.\" Wat doe je?", 12),
            "Hij zei: \"Ik wil niet.\""
        );
        assert_eq!(
            brief(
                "Bilal vertelt: zijn vader heeft gezegd dat hij in de meivakantie gaat, zonder terugreis.",
                10
            ),
            "Bilal vertelt: zijn vader heeft gezegd dat hij in de…"
        );
        assert_eq!(brief("een, twee, drie", 2), "een, twee…");
        assert_eq!(brief("Om 3.5 uur? Ja.", 12), "Om 3.5 uur?");
        assert_eq!(brief("", 12), "");
    }
}
