//! Rules for a module's own files beyond their type ([`crate::text::asset_kind`]): an SVG image
//! is packaged only when it holds nothing active.
//!
//! A packaged file is served from the LMS's own address, and an SVG with script would run with
//! the learner's LMS session when the learner opens it, outside the page's
//! Content-Security-Policy, which covers only the launch page.

use std::path::Path;

use crate::text::{DOCUMENT_TYPES, IMAGE_TYPES};

/// Why a file of this type is refused, for the message's hint.
pub fn refused_type_hint(path: &str) -> String {
    let ext = path
        .rsplit('/')
        .next()
        .and_then(|n| n.rsplit_once('.'))
        .map(|(_, e)| e.to_ascii_lowercase());
    let why = match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "xht" | "js" | "mjs" | "xml" | "xsl" | "svgz") => {
            "a browser runs this kind of file, with the learner's LMS session; "
        }
        _ => "",
    };
    format!(
        "{why}a module may package the images {} and the documents {}; put the content on a page instead, or convert it (to PDF, say)",
        IMAGE_TYPES.join(", "),
        DOCUMENT_TYPES.join(", ")
    )
}

/// What makes an SVG image active, or `None` when it holds only drawing: no `<script>`, no
/// `<foreignObject>` (HTML inside the image), no event handler (`on…`), no reference to another
/// file or address (`href` other than `#…` or an embedded raster image, `url(…)` other than
/// `url(#…)`, `@import`), no style sheet or entity declarations, and well-formed XML. The answer
/// names what was found and its line.
pub fn check_svg(bytes: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let line = |at: u64| {
        bytes[..(at as usize).min(bytes.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut style_depth = 0usize;
    let mut style_text = String::new();
    let mut elements = 0usize;
    loop {
        let at = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                return Some(format!(
                    "it is not well-formed XML ({e}) at line {}",
                    line(reader.error_position())
                ));
            }
        };
        match event {
            Event::Eof => break,
            Event::Start(e) => {
                elements += 1;
                if let Some(why) = active_element(&e) {
                    return Some(format!("{why} at line {}", line(at)));
                }
                if e.local_name().as_ref().eq_ignore_ascii_case(b"style") {
                    style_depth += 1;
                }
            }
            Event::Empty(e) => {
                elements += 1;
                if let Some(why) = active_element(&e) {
                    return Some(format!("{why} at line {}", line(at)));
                }
            }
            Event::End(e)
                if e.local_name().as_ref().eq_ignore_ascii_case(b"style") && style_depth > 0 =>
            {
                style_depth -= 1;
                if let Some(what) = active_css(&style_text) {
                    return Some(format!("its style sheet has {what} (line {})", line(at)));
                }
                style_text.clear();
            }
            Event::Text(t) if style_depth > 0 => match t.decode() {
                Ok(text) => style_text.push_str(&text),
                Err(_) => return Some("it is not UTF-8 text".to_owned()),
            },
            Event::CData(t) if style_depth > 0 => style_text.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                let known = matches!(&*r, b"lt" | b"gt" | b"amp" | b"quot" | b"apos");
                match r.resolve_char_ref() {
                    Ok(Some(c)) if style_depth > 0 => style_text.push(c),
                    Ok(Some(_)) => {}
                    _ if known => {
                        if style_depth > 0 {
                            style_text.push('&');
                        }
                    }
                    _ => {
                        return Some(format!(
                            "it uses the entity `&{};` at line {}, which is not XML's own",
                            String::from_utf8_lossy(&r),
                            line(at)
                        ));
                    }
                }
            }
            Event::DocType(d) if d.contains(&b'[') => {
                return Some(format!(
                    "it declares entities (`<!DOCTYPE … [`) at line {}",
                    line(at)
                ));
            }
            Event::PI(p) => {
                return Some(format!(
                    "it has a processing instruction `<?{}` at line {}, such as a style sheet from another file",
                    String::from_utf8_lossy(p.target()),
                    line(at)
                ));
            }
            _ => {}
        }
    }
    if elements == 0 {
        return Some("it holds no SVG element".to_owned());
    }
    None
}

/// What makes one element active: its name, or one of its attributes.
fn active_element(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    if matches!(
        name.as_str(),
        "script" | "foreignobject" | "iframe" | "embed" | "object" | "handler" | "listener"
    ) {
        return Some(format!(
            "it has a `<{}>` element",
            String::from_utf8_lossy(e.name().as_ref())
        ));
    }
    for attr in e.attributes().with_checks(true) {
        let attr = match attr {
            Ok(a) => a,
            Err(err) => return Some(format!("it is not well-formed XML ({err})")),
        };
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        let shown = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        if key.starts_with("on") {
            return Some(format!("it has an event handler `{shown}`"));
        }
        let Ok(value) = attr.unescape_value() else {
            return Some(format!(
                "the attribute `{shown}` uses an entity that is not XML's own"
            ));
        };
        if key == "href" && !inside_reference(&value) {
            return Some(format!("it refers to another file or address (`{shown}`)"));
        }
        if let Some(what) = active_css(&value) {
            return Some(format!("the attribute `{shown}` has {what}"));
        }
        // `<animate attributeName="href">` or `<set>` could change a link after this check.
        if key == "attributename" && value.to_ascii_lowercase().ends_with("href") {
            return Some(format!("it animates a link (`{shown}=\"{value}\"`)"));
        }
    }
    None
}

/// Whether an `href` stays in the image: `#id`, or an embedded raster image (`data:image/png;…`,
/// which cannot run anything; an embedded SVG could).
fn inside_reference(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let lower = v.to_ascii_lowercase();
    v.starts_with('#')
        || [
            "data:image/png;",
            "data:image/jpeg;",
            "data:image/gif;",
            "data:image/webp;",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// What in a piece of CSS loads or runs something: `@import`, `url(…)` other than `url(#…)`, or
/// `expression(`. CSS escapes (`\75 rl(`) are refused as such: drawings do not need them.
fn active_css(css: &str) -> Option<&'static str> {
    let lower: String = css
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("@import") {
        return Some("an `@import`");
    }
    if lower.contains("expression(") {
        return Some("an `expression(…)`");
    }
    if lower.contains('\\') && (lower.contains('(') || lower.contains('@')) {
        return Some("a CSS escape");
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let target = rest.trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return Some("a `url(…)` that leads outside the image");
        }
    }
    None
}

/// Reads and checks the SVG at `path` (already contained and bounded by the caller).
pub fn check_svg_file(path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => check_svg(&bytes),
        Err(e) => Some(format!("it cannot be read: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_pass() {
        for ok in [
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="2" height="2" fill="#eef3f8"/></svg>"##,
            r##"<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"/></defs><style>.a{fill:url(#g)}</style><use xlink:href="#g"/><rect fill="url(#g)" class="a"/><text>A &amp; B &#233;</text></svg>"##,
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,iVBORw0KGgo="/></svg>"#,
        ] {
            assert_eq!(check_svg(ok.as_bytes()), None, "{ok}");
        }
    }

    #[test]
    fn active_svg_is_refused_naming_what_was_found() {
        for (bad, found) in [
            ("<svg><script>alert(1)</script></svg>", "`<script>` element"),
            ("<svg><SCRIPT>alert(1)</SCRIPT></svg>", "`<SCRIPT>` element"),
            (
                r#"<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:script>x</h:script></svg>"#,
                "`<h:script>`",
            ),
            (
                "<svg><foreignObject><div/></foreignObject></svg>",
                "`<foreignObject>`",
            ),
            (r#"<svg onload="alert(1)"/>"#, "event handler `onload`"),
            (
                r#"<svg><rect ONCLICK="x"/></svg>"#,
                "event handler `ONCLICK`",
            ),
            (
                r#"<svg><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
                "(`href`)",
            ),
            (
                r#"<svg><a xlink:href="https://evil.example/"/></svg>"#,
                "(`xlink:href`)",
            ),
            (
                r#"<svg><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>"#,
                "(`href`)",
            ),
            (r#"<svg><a href="&#106;avascript:x"/></svg>"#, "(`href`)"),
            (r#"<svg><use href="other.svg#x"/></svg>"#, "(`href`)"),
            (
                r#"<svg><rect fill="url(https://evil.example/x)"/></svg>"#,
                "`url(…)`",
            ),
            (
                r#"<svg><rect style="fill: u&#114;l(//evil.example/x)"/></svg>"#,
                "`url(…)`",
            ),
            (
                "<svg><style>@import 'https://evil.example/a.css';</style></svg>",
                "`@import`",
            ),
            (
                "<svg><style><![CDATA[ rect { fill: url('/x') } ]]></style></svg>",
                "`url(…)`",
            ),
            ("<svg><style>@&#105;mport 'x';</style></svg>", "`@import`"),
            (
                r#"<svg><set attributeName="href" to="javascript:x"/></svg>"#,
                "animates a link",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY e \"x\">]><svg>&e;</svg>",
                "declares entities",
            ),
            ("<svg>&e;</svg>", "entity `&e;`"),
            (
                "<?xml-stylesheet href=\"https://evil.example/a.css\"?><svg/>",
                "processing instruction",
            ),
            ("<svg><rect></svg>", "not well-formed"),
            ("", "no SVG element"),
        ] {
            let why = check_svg(bad.as_bytes());
            assert!(
                why.as_deref().is_some_and(|w| w.contains(found)),
                "{bad}: {why:?}"
            );
        }
    }
}
