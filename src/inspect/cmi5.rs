//! The cmi5 course structure's rules beyond its schema: AU ids unique, and every AU's launch page
//! in the zip.

use std::collections::BTreeMap;

use super::Found;
use super::archive::Names;
use super::schema::CMI5;
use super::scorm::zip_name;
use super::xml::Element;
use crate::diag::Diagnostic;

/// The AUs of the course structure, blocks included.
pub fn aus(root: &Element) -> Vec<&Element> {
    let mut all = Vec::new();
    root.walk(&mut all);
    all.into_iter()
        .filter(|e| e.ns == CMI5 && e.local == "au")
        .collect()
}

pub fn check(root: &Element, files: Option<&Names>, found: &mut Found) {
    let mut ids: BTreeMap<&str, &Element> = BTreeMap::new();
    for au in aus(root) {
        if let Some(id) = au.attr("id")
            && let Some(first) = ids.insert(id, au)
        {
            found.add(
                Diagnostic::error(
                    "E0508",
                    format!(
                        "the AU id \"{id}\" is used twice (first on line {})",
                        first.pos.line
                    ),
                ),
                Some(au),
                "the LMS records results per AU id: each AU needs its own",
            );
        }
        if let (Some(files), Some(url)) = (files, au.child(CMI5, "url")) {
            let url = url.text.trim();
            if let Some(name) = zip_name("", url)
                && !files.contains(&name)
            {
                found.add(
                    Diagnostic::error(
                        "E0509",
                        format!(
                            "the launch file \"{name}\" of AU \"{}\" is not in the zip",
                            au.attr("id").unwrap_or("")
                        ),
                    ),
                    au.child(CMI5, "url"),
                    "add the file to the zip, or correct the <url>",
                );
            }
        }
    }
}
