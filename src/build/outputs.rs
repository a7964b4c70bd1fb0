//! The record of what `leskit build` wrote into an output folder (`.leskit-outputs` in it), and
//! what `leskit clean` removes by it: only recorded files and folders, never a file someone else
//! put there.
//!
//! The record is plain text, one written file or folder a line (a folder's name ends with `/`),
//! followed by the module's or course's id, its version and the target, separated by tabs
//! (shown here as `→`):
//!
//! ```text
//! # written by leskit build; leskit clean removes only what is listed here
//! signalen-herkennen-1.0.0-scorm12.zip→signalen-herkennen→1.0.0→scorm12
//! signalen-herkennen-1.0.0-html/→signalen-herkennen→1.0.0→html
//! ```

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Built;
use crate::diag::display_path;
use crate::error::{Error, Result};

/// The record's file name, inside the output folder.
pub const RECORD: &str = ".leskit-outputs";

const HEADER: &str = "# written by leskit build; leskit clean removes only what is listed here";

/// One file or folder that a build wrote.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Output {
    /// Its name in the output folder; a folder's ends with `/`.
    pub name: String,
    /// The module's or course's id.
    pub id: String,
    pub version: String,
    /// The target's name (`scorm12`, …).
    pub target: String,
}

impl Output {
    pub fn is_folder(&self) -> bool {
        self.name.ends_with('/')
    }

    /// Its path inside `out`.
    pub fn path(&self, out: &Path) -> PathBuf {
        out.join(self.name.trim_end_matches('/'))
    }
}

/// The outputs of `built`: each zip, its report (`<package>.txt`), and the web export's folder
/// beside its zip.
pub fn outputs_of(built: &Built) -> Vec<Output> {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let output = |name: String| Output {
        name,
        id: built.module.clone(),
        version: built.version.clone(),
        target: built.target.name().to_owned(),
    };
    let mut all = vec![output(name(&built.path))];
    all.push(output(name(&super::report_path(&built.path))));
    if built.target.writes_folder() {
        all.push(output(format!("{}/", name(&built.path.with_extension("")))));
    }
    all
}

/// Reads the record of `out`; no record is an empty one. A line that is not an output, or that
/// names anything but a file or folder directly inside `out`, refuses the whole record: nothing
/// outside the output folder is ever removed by it.
pub fn read(out: &Path) -> Result<Vec<Output>> {
    let path = out.join(RECORD);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let mut outputs = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let refuse = |why: &str| {
            Error::Invalid(format!(
                "{}:{}:1: {why}; nothing was removed: leskit clean removes only files and folders \
                 directly inside {}, so delete this line (or the whole record, which the next \
                 build writes again)",
                display_path(&path),
                i + 1,
                display_path(out)
            ))
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, id, version, target] = fields[..] else {
            return Err(refuse(
                "the line is not four fields separated by tabs (file, id, version, target)",
            ));
        };
        if !is_plain_name(name.strip_suffix('/').unwrap_or(name)) {
            return Err(refuse(&format!(
                "`{name}` is not a file or folder directly inside {}",
                display_path(out)
            )));
        }
        outputs.push(Output {
            name: name.to_owned(),
            id: id.to_owned(),
            version: version.to_owned(),
            target: target.to_owned(),
        });
    }
    Ok(outputs)
}

/// A name of a file directly in a folder: no separator, no `..`, not absolute, not hidden (the
/// record itself, temporaries and lock files start with a dot).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':', '\0'])
        && Path::new(name).components().count() == 1
}

/// Adds `built` to the record of `out`, which keeps the outputs it lists that are still there.
/// Written atomically, like the packages.
pub fn record(out: &Path, built: &[&Built]) -> Result<()> {
    let mut all: BTreeMap<String, Output> = BTreeMap::new();
    // A record that cannot be read is replaced: what it listed is not removed by clean.
    for o in read(out).unwrap_or_default() {
        if std::fs::symlink_metadata(o.path(out)).is_ok() {
            all.insert(o.name.clone(), o);
        }
    }
    for o in built.iter().flat_map(|b| outputs_of(b)) {
        all.insert(o.name.clone(), o);
    }
    write(out, all.values())
}

fn write<'a>(out: &Path, outputs: impl Iterator<Item = &'a Output>) -> Result<()> {
    let mut text = format!("{HEADER}\n");
    for o in outputs {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            o.name, o.id, o.version, o.target
        ));
    }
    crate::fs::write_atomic(&out.join(RECORD), |w| w.write_all(text.as_bytes()))
}

/// What `clean` removes of `outputs`: all of them, or with `old` only those of which a newer
/// version of the same module or course and target is recorded.
pub fn to_remove(outputs: &[Output], old: bool) -> Vec<Output> {
    if !old {
        return outputs.to_vec();
    }
    let mut newest: BTreeMap<(&str, &str), &str> = BTreeMap::new();
    for o in outputs {
        let v = newest.entry((&o.id, &o.target)).or_insert(&o.version);
        if compare_versions(&o.version, v) == Ordering::Greater {
            *v = &o.version;
        }
    }
    outputs
        .iter()
        .filter(|o| compare_versions(&o.version, newest[&(&*o.id, &*o.target)]) == Ordering::Less)
        .cloned()
        .collect()
}

/// Removes `gone` from `out` and from its record; returns what was there to remove. A file or
/// folder that is already missing is dropped from the record.
pub fn remove(out: &Path, all: &[Output], gone: &[Output]) -> Result<Vec<Output>> {
    let mut removed = Vec::new();
    for o in gone {
        let path = o.path(out);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        // A link is removed itself, never what it points to.
        let result = if meta.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        result.map_err(|e| Error::io("remove", &path, e))?;
        removed.push(o.clone());
    }
    let left: Vec<&Output> = all.iter().filter(|o| !gone.contains(o)).collect();
    if left.is_empty() {
        let record = out.join(RECORD);
        match std::fs::remove_file(&record) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(Error::io("remove", &record, e));
            }
            _ => {}
        }
    } else {
        write(out, left.into_iter())?;
    }
    Ok(removed)
}

/// Orders versions as semantic versioning does, leniently: the dot-separated parts of the
/// release compared as numbers where both are numbers (`1.10.0` after `1.9.0`), a pre-release
/// (`1.0.0-rc.1`) before its release, build metadata (`+…`) ignored.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let split = |v: &str| {
        let v = v.split('+').next().unwrap_or("");
        match v.split_once('-') {
            Some((core, pre)) => (core.to_owned(), Some(pre.to_owned())),
            None => (v.to_owned(), None),
        }
    };
    let parts = |a: &str, b: &str| {
        let (mut x, mut y) = (a.split('.'), b.split('.'));
        loop {
            match (x.next(), y.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(p), Some(q)) => {
                    let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                        (Ok(m), Ok(n)) => m.cmp(&n),
                        (Ok(_), Err(_)) => Ordering::Less,
                        (Err(_), Ok(_)) => Ordering::Greater,
                        (Err(_), Err(_)) => p.cmp(q),
                    };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
            }
        }
    };
    let ((ca, pa), (cb, pb)) = (split(a), split(b));
    parts(&ca, &cb).then_with(|| match (pa, pb) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(p), Some(q)) => parts(&p, &q),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_ordered_as_semantic_versions() {
        let mut v = [
            "1.10.0",
            "1.2.0",
            "0.9",
            "1.2.0-rc.2",
            "1.2.0-rc.10",
            "1.2.0-alpha",
            "2.0.0+build.5",
        ];
        v.sort_by(|a, b| compare_versions(a, b));
        assert_eq!(
            v,
            [
                "0.9",
                "1.2.0-alpha",
                "1.2.0-rc.2",
                "1.2.0-rc.10",
                "1.2.0",
                "1.10.0",
                "2.0.0+build.5"
            ]
        );
    }

    #[test]
    fn only_plain_names_in_the_folder_are_outputs() {
        for ok in ["m-1.0.0-scorm12.zip", "m-1.0.0-html"] {
            assert!(is_plain_name(ok), "{ok}");
        }
        for not in [
            "",
            "..",
            ".",
            "../x.zip",
            "/etc/passwd",
            "a/b",
            "a\\b",
            ".leskit-outputs",
        ] {
            assert!(!is_plain_name(not), "{not}");
        }
    }

    #[test]
    fn old_keeps_the_newest_version_of_each_package() {
        let o = |name: &str, id: &str, version: &str, target: &str| Output {
            name: name.into(),
            id: id.into(),
            version: version.into(),
            target: target.into(),
        };
        let all = [
            o("a-0.9.0-scorm12.zip", "a", "0.9.0", "scorm12"),
            o("a-0.10.0-scorm12.zip", "a", "0.10.0", "scorm12"),
            o("a-0.9.0-html/", "a", "0.9.0", "html"),
            o("b-1.0.0-scorm12.zip", "b", "1.0.0", "scorm12"),
        ];
        assert_eq!(to_remove(&all, true), [all[0].clone()]);
        assert_eq!(to_remove(&all, false), all);
    }
}
