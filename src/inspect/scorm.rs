//! The SCORM content-packaging rules the schemas cannot express: references that resolve, a
//! launch file for every SCO, every file named present in the zip, the scorm type, the schema
//! version, the mastery score's range.

use std::collections::BTreeMap;

use super::archive::Names;
use super::schema::{self, ADLCP, ADLCP12, CP, CP12};
use super::xml::{Element, XML_NS};
use super::{Found, Standard};
use crate::diag::Diagnostic;

/// The SCORM 2004 editions leskit knows, as `<schemaversion>` names them.
pub const SCHEMAVERSIONS_2004: &[&str] = &["2004 4th Edition", "2004 3rd Edition", "CAM 1.3"];

/// A resource as the rules need it.
pub struct Resource<'a> {
    pub el: &'a Element,
    pub identifier: &'a str,
    /// The launch file with `xml:base` applied, without query or fragment, percent-decoded.
    pub href: Option<String>,
    pub scorm_type: Option<&'a str>,
}

fn cp(standard: Standard) -> &'static str {
    if standard == Standard::Scorm12 {
        CP12
    } else {
        CP
    }
}

fn base(el: &Element) -> &str {
    el.attr_ns(XML_NS, "base").map_or("", |a| a.value.as_str())
}

/// `href` as a name in the zip: `None` for an address elsewhere (`https:`) .
pub fn zip_name(prefix: &str, href: &str) -> Option<String> {
    let href = href.split(['?', '#']).next().unwrap_or("");
    if href.contains("://") || href.starts_with("//") || href.is_empty() {
        return None;
    }
    let joined = format!("{prefix}{href}");
    Some(percent_decode(joined.strip_prefix("./").unwrap_or(&joined)))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The resources of the manifest (its own, not a sub-manifest's).
pub fn resources(standard: Standard, root: &Element) -> Vec<Resource<'_>> {
    let ns = cp(standard);
    let (type_ns, type_name) = if standard == Standard::Scorm12 {
        (ADLCP12, "scormtype")
    } else {
        (ADLCP, "scormType")
    };
    let mut out = Vec::new();
    for list in root.children_named(ns, "resources") {
        for r in list.children_named(ns, "resource") {
            let prefix = format!("{}{}", base(list), base(r));
            out.push(Resource {
                el: r,
                identifier: r.attr("identifier").unwrap_or(""),
                href: r.attr("href").and_then(|h| zip_name(&prefix, h)),
                scorm_type: r.attr_ns(type_ns, type_name).map(|a| a.value.as_str()),
            });
        }
    }
    out
}

/// The items of the default organization (else the first) that launch a resource, in order.
pub fn launched_items(standard: Standard, root: &Element) -> Vec<&Element> {
    let ns = cp(standard);
    let Some(orgs) = root.child(ns, "organizations") else {
        return Vec::new();
    };
    let org = orgs
        .attr("default")
        .and_then(|d| {
            orgs.children_named(ns, "organization")
                .find(|o| o.attr("identifier") == Some(d))
        })
        .or_else(|| orgs.child(ns, "organization"));
    let mut all = Vec::new();
    if let Some(org) = org {
        org.walk(&mut all);
    }
    all.into_iter()
        .filter(|e| e.ns == ns && e.local == "item" && e.attr("identifierref").is_some())
        .collect()
}

pub fn check(standard: Standard, root: &Element, files: Option<&Names>, found: &mut Found) {
    let ns = cp(standard);
    // Identifiers are xs:ID: unique in the whole manifest.
    let mut all = Vec::new();
    root.walk(&mut all);
    let mut ids: BTreeMap<&str, &Element> = BTreeMap::new();
    for el in &all {
        if el.ns == ns
            && matches!(
                el.local.as_str(),
                "manifest" | "organization" | "item" | "resource"
            )
            && let Some(id) = el.attr("identifier")
            && let Some(first) = ids.insert(id, el)
        {
            found.add(
                Diagnostic::error(
                    "E0508",
                    format!(
                        "the identifier \"{id}\" is used twice, by <{}> on line {} and by <{}>",
                        first.qname, first.pos.line, el.qname
                    ),
                ),
                Some(el),
                "identifiers must be unique in the whole manifest",
            );
        }
    }
    let resources = resources(standard, root);
    let by_id: BTreeMap<&str, &Resource> = resources.iter().map(|r| (r.identifier, r)).collect();

    if let Some(orgs) = root.child(ns, "organizations") {
        let names: Vec<&str> = orgs
            .children_named(ns, "organization")
            .filter_map(|o| o.attr("identifier"))
            .collect();
        match orgs.attr("default") {
            Some(d) if !names.contains(&d) => found.add(
                Diagnostic::error(
                    "E0508",
                    format!("<organizations default=\"{d}\"> names no <organization>"),
                ),
                Some(orgs),
                &match names.first() {
                    Some(first) => format!("the organization here is \"{first}\""),
                    None => String::new(),
                },
            ),
            None if !names.is_empty() => found.add(
                Diagnostic::error(
                    "E0508",
                    "<organizations> has no default attribute".to_owned(),
                ),
                Some(orgs),
                "LMSs launch the default organization; name one with default=\"…\"",
            ),
            _ => {}
        }
        if names.is_empty() {
            found.add(
                Diagnostic::error(
                    "E0511",
                    "the manifest has no <organization>: an LMS has nothing to launch".to_owned(),
                ),
                Some(orgs),
                "",
            );
        }
    }
    for el in &all {
        if el.ns == ns
            && el.local == "item"
            && let Some(r) = el.attr("identifierref")
        {
            match by_id.get(r) {
                None => found.add(
                    Diagnostic::error(
                        "E0508",
                        format!("<item identifier=\"{}\"> refers to resource \"{r}\", which does not exist", el.attr("identifier").unwrap_or("")),
                    ),
                    Some(el),
                    &match crate::diag::suggest(r, by_id.keys().copied()) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => "identifierref names the identifier of a <resource>".to_owned(),
                    },
                ),
                Some(res) if res.href.is_none() && res.el.attr("href").is_none() => found.add(
                    Diagnostic::error(
                        "E0511",
                        format!("<item identifier=\"{}\"> launches resource \"{r}\", which has no href", el.attr("identifier").unwrap_or("")),
                    ),
                    Some(res.el),
                    "a launched resource names its launch page with href=\"…\"",
                ),
                _ => {}
            }
        }
        if el.ns == ns
            && el.local == "dependency"
            && let Some(to) = el.attr("identifierref")
            && !by_id.contains_key(to)
        {
            found.add(
                Diagnostic::error(
                    "E0508",
                    format!("<dependency identifierref=\"{to}\"> names no resource"),
                ),
                Some(el),
                "",
            );
        }
    }
    for r in &resources {
        match r.scorm_type {
            None if !r.el.attrs.iter().any(|a| a.local.eq_ignore_ascii_case("scormtype")) => found.add(
                Diagnostic::error(
                    "E0511",
                    format!(
                        "resource \"{}\" has no {}: an LMS cannot tell a SCO from an asset",
                        r.identifier,
                        if standard == Standard::Scorm12 { "adlcp:scormtype" } else { "adlcp:scormType" }
                    ),
                ),
                Some(r.el),
                "add adlcp:scormtype=\"sco\" (1.2) or adlcp:scormType=\"sco\" (2004) to a page that talks to the LMS, \"asset\" to any other",
            ),
            Some("sco") if r.el.attr("href").is_none() => found.add(
                Diagnostic::error("E0511", format!("SCO resource \"{}\" has no href to launch", r.identifier)),
                Some(r.el),
                "",
            ),
            _ => {}
        }
    }
    if let Some(files) = files {
        for r in &resources {
            if let Some(href) = &r.href
                && !files.contains(href)
            {
                found.add(
                    Diagnostic::error(
                        "E0509",
                        format!(
                            "the launch file \"{href}\" of resource \"{}\" is not in the zip",
                            r.identifier
                        ),
                    ),
                    Some(r.el),
                    &missing_hint(href, files),
                );
            }
            let prefix = format!(
                "{}{}",
                root.child(ns, "resources").map_or("", base),
                base(r.el)
            );
            for f in r.el.children_named(ns, "file") {
                if let Some(name) = f.attr("href").and_then(|h| zip_name(&prefix, h))
                    && !files.contains(&name)
                {
                    found.add(
                        Diagnostic::error(
                            "E0509",
                            format!("<file href=\"{name}\"> is not in the zip"),
                        ),
                        Some(f),
                        &missing_hint(&name, files),
                    );
                }
            }
        }
    }
    // The schema version names the edition (SCORM 2004 allows any text there; 1.2's schema
    // itself fixes "1.2").
    if standard == Standard::Scorm2004 {
        let meta = root.child(ns, "metadata");
        let text = |name: &str| {
            meta.and_then(|m| m.child(ns, name))
                .map(|e| e.text.trim().to_owned())
        };
        match text("schema") {
            Some(s) if s == "ADL SCORM" => {}
            other => found.add(
                Diagnostic::error(
                    "E0510",
                    format!("<metadata><schema> is {}, not \"ADL SCORM\"", shown(&other)),
                ),
                meta.or(Some(root)),
                "",
            ),
        }
        match text("schemaversion") {
            Some(v) if SCHEMAVERSIONS_2004.contains(&v.as_str()) => {}
            other => found.add(
                Diagnostic::error(
                    "E0510",
                    format!("<metadata><schemaversion> is {}, which names no SCORM 2004 edition", shown(&other)),
                ),
                meta.and_then(|m| m.child(ns, "schemaversion")).or(meta).or(Some(root)),
                "write \"2004 4th Edition\" (or \"2004 3rd Edition\", \"CAM 1.3\" for the 2nd): LMSs choose the run-time by it",
            ),
        }
    }
    if standard == Standard::Scorm12 {
        for el in &all {
            if el.ns == ADLCP12 && el.local == "masteryscore" {
                let v = el.text.trim();
                match schema::decimal(v) {
                    Some(score) if (0.0..=100.0).contains(&score) => {}
                    _ => found.add(
                        Diagnostic::error("E0512", format!("the masteryscore \"{v}\" is not a number from 0 to 100")),
                        Some(el),
                        "SCORM 1.2 pass marks are percentages; LMSs ignore or refuse any other value",
                    ),
                }
            }
        }
    }
}

fn shown(v: &Option<String>) -> String {
    match v {
        Some(v) => format!("\"{v}\""),
        None => "missing".to_owned(),
    }
}

/// A file of the same name in another case or folder, when there is one.
fn missing_hint(name: &str, files: &Names) -> String {
    let lower = name.to_lowercase();
    let leaf = name.rsplit('/').next().unwrap_or(name);
    if let Some(f) = files.iter().find(|f| f.to_lowercase() == lower) {
        return format!("the zip has \"{f}\": names are case-sensitive in most LMSs");
    }
    if let Some(f) = files.iter().find(|f| f.rsplit('/').next() == Some(leaf)) {
        return format!("the zip has \"{f}\", in another folder");
    }
    "add the file to the zip, or remove it from the manifest".to_owned()
}
