//! A manifest read into a small tree of elements with their namespaces resolved, each with its
//! place in the file, so that the rules can walk it and point at a line and column.

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

use crate::model::Pos;

/// The namespace the `xml:` prefix is bound to; no other prefix (and no default) may name it.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

pub use crate::limits::{MAX_MANIFEST_DEPTH as MAX_DEPTH, MAX_MANIFEST_ELEMENTS as MAX_ELEMENTS};

#[derive(Debug, Clone)]
pub struct Attr {
    /// The namespace of a prefixed attribute; empty for an unprefixed one.
    pub ns: String,
    pub local: String,
    /// As written, with its prefix.
    pub qname: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Element {
    /// The resolved namespace; empty when the element is in none.
    pub ns: String,
    pub local: String,
    /// As written, with its prefix.
    pub qname: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Element>,
    /// The text directly inside, entities resolved.
    pub text: String,
    pub pos: Pos,
    /// Namespace declarations that bind the xml namespace to another prefix or the default.
    pub misbound_xml_ns: Option<String>,
}

impl Element {
    /// The unprefixed attribute `local`.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_empty() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// The attribute `local` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, local: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.ns == ns && a.local == local)
    }

    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children
            .iter()
            .filter(move |c| c.ns == ns && c.local == local)
    }

    pub fn child(&self, ns: &str, local: &str) -> Option<&Element> {
        self.children
            .iter()
            .find(|c| c.ns == ns && c.local == local)
    }

    /// Every element below this one, depth first, this one included.
    pub fn walk<'a>(&'a self, out: &mut Vec<&'a Element>) {
        out.push(self);
        for c in &self.children {
            c.walk(out);
        }
    }
}

/// A reason the text is not a readable XML document, with its place.
#[derive(Debug)]
pub struct XmlError {
    pub message: String,
    pub pos: Pos,
}

/// The 1-based line and column of byte `offset` in `text`.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Pos {
        line: line as u32,
        column: column as u32,
    }
}

fn resolved(r: &ResolveResult) -> Result<String, String> {
    match r {
        ResolveResult::Bound(ns) => Ok(String::from_utf8_lossy(ns.as_ref()).into_owned()),
        ResolveResult::Unbound => Ok(String::new()),
        ResolveResult::Unknown(p) => Err(String::from_utf8_lossy(p).into_owned()),
    }
}

/// Reads `text` into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut count = 0usize;
    let fail = |message: String, offset: u64| XmlError {
        message,
        pos: pos_at(text, offset as usize),
    };
    loop {
        let start = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (resolved(&ns), event),
            Err(e) => return Err(fail(e.to_string(), reader.error_position())),
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let ns = ns.map_err(|p| {
                    fail(
                        format!("the prefix `{p}` of <{qname}> is not declared"),
                        start,
                    )
                })?;
                count += 1;
                if count > MAX_ELEMENTS {
                    return Err(fail(format!("more than {MAX_ELEMENTS} elements"), start));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(fail(
                        format!("elements nested more than {MAX_DEPTH} deep"),
                        start,
                    ));
                }
                let mut el = Element {
                    ns,
                    local: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    qname,
                    attrs: Vec::new(),
                    children: Vec::new(),
                    text: String::new(),
                    pos: pos_at(text, start as usize),
                    misbound_xml_ns: None,
                };
                for a in e.attributes().with_checks(true) {
                    let a = a.map_err(|err| fail(err.to_string(), start))?;
                    let qname = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let value = a
                        .unescape_value()
                        .map_err(|err| fail(err.to_string(), start))?
                        .into_owned();
                    if qname == "xmlns" || qname.starts_with("xmlns:") {
                        if value == XML_NS && qname != "xmlns:xml" {
                            el.misbound_xml_ns = Some(qname);
                        }
                        continue;
                    }
                    let (ans, local) = reader.resolve_attribute(a.key);
                    let ans = resolved(&ans).map_err(|p| {
                        fail(
                            format!("the prefix `{p}` of `{qname}` is not declared"),
                            start,
                        )
                    })?;
                    if ans == XMLNS_NS {
                        continue;
                    }
                    el.attrs.push(Attr {
                        ns: ans,
                        local: String::from_utf8_lossy(local.as_ref()).into_owned(),
                        qname,
                        value,
                    });
                }
                if empty {
                    if stack.is_empty() {
                        return Ok(el);
                    }
                    attach(&mut stack, el);
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().expect("quick-xml checks that end tags match");
                if stack.is_empty() {
                    return Ok(el);
                }
                attach(&mut stack, el);
            }
            Event::Text(t) => {
                let t = t.decode().map_err(|e| fail(e.to_string(), start))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| fail(e.to_string(), start))?;
                        match name.as_ref() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            other => {
                                return Err(fail(
                                    format!("the entity `&{other};` is not defined"),
                                    start,
                                ));
                            }
                        }
                    }
                    Err(e) => return Err(fail(e.to_string(), start)),
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&c);
                }
            }
            Event::Eof => {
                return Err(fail(
                    if stack.is_empty() {
                        "there is no root element".to_owned()
                    } else {
                        format!("<{}> is never closed", stack[stack.len() - 1].qname)
                    },
                    text.len() as u64,
                ));
            }
            Event::DocType(_) => {
                return Err(fail(
                    "a DOCTYPE is not allowed in a manifest (leskit reads no DTDs)".into(),
                    start,
                ));
            }
            _ => {}
        }
    }
}

fn attach(stack: &mut Vec<Element>, el: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => stack.push(el),
    }
}
