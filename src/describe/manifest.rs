//! What a package's manifest tells: its title, identifier, version, standard, the units it
//! launches with their launch files and pass marks, and its duration — read with `leskit
//! inspect`'s reader, from any SCORM 1.2, SCORM 2004 or cmi5 zip.

use std::path::Path;

use super::{Description, Note, Unit, lms_advice};
use crate::inspect::schema::{ADLCP12, CMI5, CP, CP12, IMSSS, MD12, decimal};
use crate::inspect::xml::Element;
use crate::inspect::{self, Standard, scorm};

/// Describes the zip `bytes` (named `name` in messages) from its manifest, with what `leskit
/// inspect` finds wrong in it.
pub fn describe_zip(name: &Path, bytes: &[u8]) -> Description {
    let inspected = inspect::inspect_bytes(name, bytes);
    let mut d = Description {
        file: name.file_name().map(|n| n.to_string_lossy().into_owned()),
        title: None,
        id: None,
        version: None,
        standard: inspected.standard.map(|s| s.label().to_owned()),
        duration_minutes: None,
        units: Vec::new(),
        handout: None,
        lms: Vec::new(),
        warnings: inspected
            .diagnostics
            .sorted()
            .iter()
            .map(Note::of)
            .collect(),
        unknown: Vec::new(),
    };
    let root = inspected
        .texts
        .values()
        .next()
        .and_then(|t| inspect::xml::parse(t).ok());
    if let (Some(standard), Some(root)) = (inspected.standard, root.as_ref()) {
        read(standard, root, &mut d);
    }
    // A pass mark says the package is scored; none says nothing (its scripts may still score).
    let scored = d
        .units
        .iter()
        .any(|u| u.pass_mark.is_some())
        .then_some(true);
    let target = inspected.standard.map(|s| match s {
        Standard::Scorm12 => "scorm12",
        Standard::Scorm2004 => "scorm2004",
        Standard::Cmi5 => "cmi5",
    });
    d.lms = lms_advice(target, d.units.len(), scored);
    d.unknown = vec![
        "the questions, their interaction ids and weightings: the package carries no leskit facts (leskit/facts.json), and a manifest does not list them".to_owned(),
        "the longest suspend_data the package saves: only its own scripts know".to_owned(),
        "how completion and success are reported: that is up to the package's scripts; a test upload shows it".to_owned(),
        "whether it has a hand-out or a proof of participation".to_owned(),
    ];
    d
}

fn text_of(el: Option<&Element>) -> Option<String> {
    el.map(|e| e.text.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn read(standard: Standard, root: &Element, d: &mut Description) {
    match standard {
        Standard::Cmi5 => {
            d.id = root
                .child(CMI5, "course")
                .and_then(|c| c.attr("id"))
                .map(str::to_owned);
            d.title = root
                .child(CMI5, "course")
                .and_then(|c| c.child(CMI5, "title"))
                .and_then(|t| text_of(t.child(CMI5, "langstring")));
            d.units = inspect::cmi5::aus(root)
                .into_iter()
                .map(|au| Unit {
                    id: au.attr("id").unwrap_or("").to_owned(),
                    title: au
                        .child(CMI5, "title")
                        .and_then(|t| text_of(t.child(CMI5, "langstring")))
                        .unwrap_or_default(),
                    launch: text_of(au.child(CMI5, "url")),
                    pass_mark: au.attr("masteryScore").and_then(decimal).map(|m| m * 100.0),
                    ..Unit::default()
                })
                .collect();
        }
        Standard::Scorm12 | Standard::Scorm2004 => {
            let cp = if standard == Standard::Scorm12 {
                CP12
            } else {
                CP
            };
            d.id = root.attr("identifier").map(str::to_owned);
            d.version = root.attr("version").map(str::to_owned);
            let orgs = root.child(cp, "organizations");
            let org = orgs.and_then(|o| {
                o.attr("default")
                    .and_then(|id| {
                        o.children_named(cp, "organization")
                            .find(|g| g.attr("identifier") == Some(id))
                    })
                    .or_else(|| o.child(cp, "organization"))
            });
            d.title = text_of(org.and_then(|o| o.child(cp, "title")));
            let resources = scorm::resources(standard, root);
            d.units = scorm::launched_items(standard, root)
                .into_iter()
                .filter_map(|item| {
                    let r = resources
                        .iter()
                        .find(|r| Some(r.identifier) == item.attr("identifierref"))?;
                    (r.scorm_type.is_none_or(|t| t.eq_ignore_ascii_case("sco"))).then(|| Unit {
                        id: item.attr("identifier").unwrap_or("").to_owned(),
                        title: text_of(item.child(cp, "title")).unwrap_or_default(),
                        launch: r.href.clone(),
                        pass_mark: pass_mark(standard, item),
                        ..Unit::default()
                    })
                })
                .collect();
            if standard == Standard::Scorm12 {
                d.duration_minutes = duration_12(root);
            }
        }
    }
}

/// The pass mark of an item in percent: SCORM 1.2's `adlcp:masteryscore`, SCORM 2004's
/// `minNormalizedMeasure` of a primary objective satisfied by measure.
fn pass_mark(standard: Standard, item: &Element) -> Option<f64> {
    if standard == Standard::Scorm12 {
        return text_of(item.child(ADLCP12, "masteryscore")).and_then(|t| decimal(&t));
    }
    let objective = item
        .child(IMSSS, "sequencing")?
        .child(IMSSS, "objectives")?
        .child(IMSSS, "primaryObjective")?;
    if objective.attr("satisfiedByMeasure") != Some("true") {
        return None;
    }
    text_of(objective.child(IMSSS, "minNormalizedMeasure"))
        .and_then(|t| decimal(&t))
        .map(|m| m * 100.0)
}

/// SCORM 1.2's typical learning time (LOM metadata, `hh:mm:ss`) in minutes.
fn duration_12(root: &Element) -> Option<u32> {
    let time = root
        .child(CP12, "metadata")?
        .child(MD12, "lom")?
        .child(MD12, "educational")?
        .child(MD12, "typicallearningtime")?
        .child(MD12, "datetime")?;
    let mut parts = time.text.trim().split(':').map(|p| p.parse::<u32>().ok());
    let (h, m) = (parts.next()??, parts.next()??);
    Some(h * 60 + m)
}
