//! Opening a zip within limits: a zip bomb, a million entries or a name that escapes the folder it
//! is unpacked into is reported, never followed. Only the manifest and the scripts are unpacked,
//! each up to its own limit.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Seek};

use super::Found;
use crate::diag::Diagnostic;

pub use crate::limits::{
    MAX_MANIFEST_BYTES, MAX_PACKAGE_ENTRIES as MAX_ENTRIES,
    MAX_PACKAGE_UNPACKED_BYTES as MAX_UNPACKED_BYTES, MAX_SCRIPT_BYTES, MAX_SCRIPTS_BYTES,
};

/// The file names in a zip (folders left out), as written.
pub type Names = BTreeSet<String>;

pub struct Archive<R> {
    zip: zip::ZipArchive<R>,
    pub files: Names,
    index: BTreeMap<String, usize>,
}

fn error(found: &mut Found, code: &'static str, message: String, hint: &str) {
    found.add(Diagnostic::error(code, message), None, hint);
}

/// Opens the zip and checks its names; `None` when it cannot be read or is over a limit.
pub fn open<R: Read + Seek>(reader: R, found: &mut Found) -> Option<Archive<R>> {
    let mut zip = match zip::ZipArchive::new(reader) {
        Ok(zip) => zip,
        Err(e) => {
            error(
                found,
                "E0501",
                format!("this is not a zip that can be read: {e}"),
                "an LMS takes a package as a .zip file; make it again with a zip tool",
            );
            return None;
        }
    };
    if zip.len() > MAX_ENTRIES {
        error(
            found,
            "E0502",
            format!(
                "the zip holds {} entries, more than the {MAX_ENTRIES} leskit reads",
                zip.len()
            ),
            "a package of that size is not a course; check that the right zip was chosen",
        );
        return None;
    }
    let mut files = Names::new();
    let mut index = BTreeMap::new();
    let mut total: u64 = 0;
    let mut lower: BTreeMap<String, String> = BTreeMap::new();
    for i in 0..zip.len() {
        let entry = match zip.by_index_raw(i) {
            Ok(entry) => entry,
            Err(e) => {
                error(
                    found,
                    "E0501",
                    format!("entry {} of the zip cannot be read: {e}", i + 1),
                    "",
                );
                return None;
            }
        };
        total = total.saturating_add(entry.size());
        let raw = entry.name_raw().to_vec();
        let is_dir = entry.is_dir();
        drop(entry);
        let Ok(name) = String::from_utf8(raw.clone()).or_else(|_| {
            // Names without the UTF-8 flag are read as the zip's old code page; a name that is
            // plain ASCII either way is fine.
            if raw.is_ascii() {
                Ok(String::from_utf8_lossy(&raw).into_owned())
            } else {
                Err(())
            }
        }) else {
            let shown = zip.name_for_index(i).unwrap_or_default().to_owned();
            error(
                found,
                "E0503",
                format!(
                    "the name \"{shown}\" is not UTF-8: LMSs on other systems unpack it under another name"
                ),
                "zip the package with a tool that writes UTF-8 names (the zip's language encoding flag)",
            );
            continue;
        };
        if let Some(problem) = name_problem(&name) {
            error(
                found,
                "E0503",
                format!("the name \"{name}\" {problem}"),
                name_hint(&name),
            );
            continue;
        }
        if is_dir {
            continue;
        }
        if let Some(earlier) = lower.insert(name.to_lowercase(), name.clone())
            && earlier != name
        {
            error(
                found,
                "E0504",
                format!("\"{earlier}\" and \"{name}\" differ only in case"),
                "on Windows and macOS, and in LMSs that store files on them, one overwrites the other; rename one",
            );
        }
        if name.to_ascii_lowercase().ends_with(".zip") {
            found.add(
                Diagnostic::warning("W0501", format!("the package holds another zip, \"{name}\"")),
                None,
                "LMSs do not unpack a zip inside a package; if it is the real package (a vendor's zip in a zip), upload that one",
            );
        }
        index.insert(name.clone(), i);
        files.insert(name);
    }
    if total > MAX_UNPACKED_BYTES {
        error(
            found,
            "E0502",
            format!(
                "the zip unpacks to {} MiB, more than the {} MiB leskit accepts",
                total / (1024 * 1024),
                MAX_UNPACKED_BYTES / (1024 * 1024)
            ),
            "LMSs refuse packages far smaller than this (often 100 to 500 MiB); a zip this large may be a zip bomb",
        );
        return None;
    }
    Some(Archive { zip, files, index })
}

/// What is wrong with an entry's name, or `None`.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.contains('\\') {
        return Some(
            "uses backslashes: the zip was made on Windows by a tool that does not follow the zip format",
        );
    }
    if name.starts_with('/') || name.as_bytes().get(1) == Some(&b':') {
        return Some("is an absolute path");
    }
    if name.split('/').any(|part| part == "..") {
        return Some("climbs out of the package with `..`");
    }
    if name.chars().any(char::is_control) {
        return Some("holds a control character");
    }
    None
}

fn name_hint(name: &str) -> &'static str {
    if name.contains('\\') {
        "LMSs on Linux unpack it as one file with backslashes in its name, and the pages' links to it break; zip the folder again with a tool that writes forward slashes (7-Zip, or Compress-Archive in PowerShell 7)"
    } else {
        "an LMS refuses or skips such an entry; zip the package's folder again"
    }
}

/// The manifest's name in the zip: `imsmanifest.xml` or `cmi5.xml` at its root. Reports when
/// there is none, and why, when the reason can be seen.
pub fn find_manifest<'a, R>(zip: &'a Archive<R>, found: &mut Found) -> Option<&'a str> {
    for name in ["imsmanifest.xml", "cmi5.xml"] {
        if let Some(n) = zip.files.get(name) {
            return Some(n.as_str());
        }
    }
    let tops: BTreeSet<&str> = zip
        .files
        .iter()
        .map(|f| f.split_once('/').map_or("", |(top, _)| top))
        .collect();
    let nested = zip
        .files
        .iter()
        .find(|f| f.ends_with("/imsmanifest.xml") || f.ends_with("/cmi5.xml"));
    match (tops.len(), tops.first(), nested) {
        (1, Some(top), Some(nested)) if !top.is_empty() => error(
            found,
            "E0505",
            format!(
                "every file is inside the folder \"{top}/\": the folder was zipped instead of its contents (the manifest is at \"{nested}\")"
            ),
            "an LMS looks for the manifest at the root of the zip; zip the files inside the folder, not the folder itself",
        ),
        _ => error(
            found,
            "E0505",
            "there is no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at the root of the zip".into(),
            match nested {
                Some(_) => {
                    "a manifest in a folder is not read; the one at the root is the package's"
                }
                None => {
                    "this is not a SCORM or cmi5 package; if it holds one (a zip in a zip), inspect that one"
                }
            },
        ),
    }
    None
}

impl<R: Read + Seek> Archive<R> {
    /// The text of `name`, at most `limit` bytes.
    pub fn read_text(&mut self, name: &str, limit: u64) -> Result<String, String> {
        let i = *self.index.get(name).ok_or("it is not in the zip")?;
        let entry = self.zip.by_index(i).map_err(|e| e.to_string())?;
        if entry.size() > limit {
            return Err(format!("it is larger than {} MiB", limit / (1024 * 1024)));
        }
        let mut bytes = Vec::new();
        entry
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > limit {
            return Err(format!(
                "it unpacks to more than {} MiB",
                limit / (1024 * 1024)
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
        Ok(text.trim_start_matches('\u{feff}').to_owned())
    }

    /// The package's scripts and pages (`.js`, `.html`, `.htm`) by name, within the limits; a
    /// file that cannot be read is left out (the quirks are heuristics, not a verdict).
    pub fn read_scripts(&mut self) -> BTreeMap<String, String> {
        let names: Vec<String> = self
            .files
            .iter()
            .filter(|f| {
                let f = f.to_ascii_lowercase();
                f.ends_with(".js") || f.ends_with(".html") || f.ends_with(".htm")
            })
            .cloned()
            .collect();
        let mut total = 0u64;
        let mut out = BTreeMap::new();
        for name in names {
            if total >= MAX_SCRIPTS_BYTES {
                break;
            }
            if let Ok(text) = self.read_text(&name, MAX_SCRIPT_BYTES) {
                total += text.len() as u64;
                out.insert(name, text);
            }
        }
        out
    }
}
