//! The LMS quirks the preview warns about (`src/preview/assets/checks.js`, docs/preview.md),
//! looked for in the text of a package's scripts instead of in a running session. They are
//! heuristics and their messages say so: a script can do the right thing in a way no text search
//! sees, or name an element it never sets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::xml::{Element, pos_at};
use super::{Found, Standard, patterns, scorm};
use crate::diag::Diagnostic;

/// Event names that run as the page is unloaded, as a script registers them.
const UNLOAD: &[&str] = &[
    "'unload'",
    "\"unload\"",
    "onunload",
    "'beforeunload'",
    "\"beforeunload\"",
    "onbeforeunload",
];
/// Events that still fire when a page goes away in today's browsers.
const RELIABLE: &[&str] = &["pagehide", "visibilitychange"];

pub fn check(
    standard: Standard,
    root: &Element,
    scripts: &BTreeMap<String, String>,
    manifest: &Path,
    found: &mut Found,
) {
    let zip = manifest.parent().unwrap_or(manifest);
    let in_script =
        |name: &str, text: &str, at: usize, d: Diagnostic| d.at(&zip.join(name), pos_at(text, at));
    if standard != Standard::Cmi5 {
        unload_only(scripts, &in_script, found);
        other_standard(standard, scripts, &in_script, found);
        suspend_budget(standard, scripts, &in_script, found);
        multi_sco(standard, root, found);
    }
}

type Place<'a> = dyn Fn(&str, &str, usize, Diagnostic) -> Diagnostic + 'a;

fn first<'a>(
    scripts: &'a BTreeMap<String, String>,
    needles: &[&str],
) -> Option<(&'a str, &'a str, usize)> {
    scripts.iter().find_map(|(name, text)| {
        needles
            .iter()
            .filter_map(|n| text.find(n))
            .min()
            .map(|at| (name.as_str(), text.as_str(), at))
    })
}

fn unload_only(scripts: &BTreeMap<String, String>, place: &Place, found: &mut Found) {
    if first(scripts, RELIABLE).is_some() {
        return;
    }
    if let Some((name, text, at)) = first(scripts, UNLOAD) {
        found.list.push(place(
            name,
            text,
            at,
            Diagnostic::warning(
                "W0502",
                "the scripts save on unload and never on pagehide or visibilitychange (a heuristic from the scripts' text)",
            )
            .hint("browsers no longer run unload reliably (Chrome blocks it in Moodle 4.5's frames, iOS Safari skips it): what is saved only then is lost; commit on pagehide and visibilitychange, and after each answer"),
        ));
    }
}

/// An element name as a script writes it: in quotes.
fn quoted(element: &str) -> [String; 2] {
    [format!("'{element}'"), format!("\"{element}\"")]
}

fn names_any(
    scripts: &BTreeMap<String, String>,
    elements: &[&str],
) -> Option<(String, String, String, usize)> {
    for (name, text) in scripts {
        for e in elements {
            for q in quoted(e) {
                if let Some(at) = text.find(&q) {
                    return Some((e.to_string(), name.clone(), text.clone(), at));
                }
            }
        }
    }
    None
}

fn other_standard(
    standard: Standard,
    scripts: &BTreeMap<String, String>,
    place: &Place,
    found: &mut Found,
) {
    let other = standard.other_scorm();
    let own = patterns::only_in(standard);
    let theirs = patterns::only_in(other);
    // A script for both versions (as leskit's own) names the elements of each.
    if names_any(scripts, &own).is_some() {
        return;
    }
    if let Some((element, name, text, at)) = names_any(scripts, &theirs) {
        found.list.push(place(
            &name,
            &text,
            at,
            Diagnostic::warning(
                "W0504",
                format!(
                    "the scripts name {} elements such as {element} and no {} element, but the manifest is {} (a heuristic from the scripts' text)",
                    other.label(),
                    standard.label(),
                    standard.label()
                ),
            )
            .hint(format!(
                "an LMS refuses the other version's elements (error 401 or 201) and saves nothing: export the package for {} instead",
                other.label()
            )),
        ));
    }
}

fn suspend_budget(
    standard: Standard,
    scripts: &BTreeMap<String, String>,
    place: &Place,
    found: &mut Found,
) {
    let other = standard.other_scorm();
    let (Some(own), Some(theirs)) = (
        patterns::suspend_data_limit(standard),
        patterns::suspend_data_limit(other),
    ) else {
        return;
    };
    // Only the larger budget in the smaller standard loses data.
    if theirs <= own || names_any(scripts, &["cmi.suspend_data"]).is_none() {
        return;
    }
    let own_text = own.to_string();
    if scripts.values().any(|t| t.contains(&own_text)) {
        return;
    }
    let theirs_text = theirs.to_string();
    if let Some((name, text, at)) = first(scripts, &[theirs_text.as_str()]) {
        found.list.push(place(
            name,
            text,
            at,
            Diagnostic::warning(
                "W0503",
                format!(
                    "the scripts write cmi.suspend_data and mention {theirs}, {}'s limit, never {own}, {}'s (a heuristic from the scripts' text)",
                    other.label(),
                    standard.label()
                ),
            )
            .hint(format!(
                "{} keeps {own} characters of suspend_data; strict LMSs cut or refuse a longer value and the learner's place and answers are lost",
                standard.label()
            )),
        ));
    }
}

fn multi_sco(standard: Standard, root: &Element, found: &mut Found) {
    let resources = scorm::resources(standard, root);
    let scos: BTreeSet<&str> = resources
        .iter()
        .filter(|r| r.scorm_type == Some("sco"))
        .map(|r| r.identifier)
        .collect();
    let launched: Vec<&Element> = scorm::launched_items(standard, root)
        .into_iter()
        .filter(|i| i.attr("identifierref").is_some_and(|r| scos.contains(r)))
        .collect();
    let distinct: BTreeSet<&str> = launched
        .iter()
        .filter_map(|i| i.attr("identifierref"))
        .collect();
    if distinct.len() > 1 {
        found.add(
            Diagnostic::warning(
                "W0505",
                format!(
                    "the package has {} SCOs: an LMS that launches only the first ({}) never shows the others",
                    distinct.len(),
                    crate::package::lms::FIRST_SCO_ONLY
                ),
            ),
            launched.get(1).copied(),
            crate::package::lms::FIRST_SCO_ONLY_ADVICE,
        );
    }
}
