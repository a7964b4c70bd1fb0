//! What changed between two packages, for a training department about to replace the one in its
//! LMS: read from the facts record every package carries (`leskit/facts.json`, see
//! [`crate::package::PackageFacts`]), never from the pages. Each change says whether a learner who
//! is half-way keeps their answers (the saved state is keyed by page, question and option ids) and
//! whether the LMS keeps the learner's records (it keys them by the package's, items' and
//! interactions' identifiers). docs/diff.md describes the output.

mod compare;

use std::io::{Read, Seek};
use std::path::Path;

use crate::diag::Diagnostic;
use crate::inspect::{Found, archive};
use crate::package::{FACTS_FILE, PackageFacts};

pub use compare::{Change, Comparison, Keep, Side, Verdict, compare};

/// The most bytes of a facts record leskit reads.
const MAX_FACTS_BYTES: u64 = 16 * 1024 * 1024;

/// The facts record of the zip at `path`, or why it cannot be read: a diagnostic (E0501 for a
/// zip that cannot be read, E0601 for a package without facts, E0602 for facts this leskit
/// cannot read). Only a file that cannot be opened at all is an `Err` of its own.
pub fn read_facts(path: &Path) -> crate::error::Result<Result<PackageFacts, Vec<Diagnostic>>> {
    let file = std::fs::File::open(path).map_err(|e| crate::error::Error::io("read", path, e))?;
    Ok(facts_from(path, file))
}

/// The same for a zip held in memory; `name` is how messages name it.
pub fn facts_from_bytes(name: &Path, bytes: &[u8]) -> Result<PackageFacts, Vec<Diagnostic>> {
    facts_from(name, std::io::Cursor::new(bytes))
}

fn facts_from<R: Read + Seek>(name: &Path, reader: R) -> Result<PackageFacts, Vec<Diagnostic>> {
    let mut found = Found::new(name);
    let Some(mut zip) = archive::open(reader, &mut found) else {
        return Err(found.list);
    };
    if !zip.files.contains(FACTS_FILE) {
        let other = archive::find_manifest(&zip, &mut Found::new(name)).is_some();
        found.add(
            Diagnostic::error(
                "E0601",
                format!(
                    "this package has no {FACTS_FILE}: {}",
                    if other {
                        "it was made by an older leskit, or by another tool"
                    } else {
                        "it is not a package leskit made"
                    }
                ),
            ),
            None,
            "`leskit diff` compares what leskit wrote into both packages; build the old version again with this leskit (check out its sources, `leskit build`) and compare with that zip",
        );
        return Err(found.list);
    }
    let text = match zip.read_text(FACTS_FILE, MAX_FACTS_BYTES) {
        Ok(text) => text,
        Err(why) => return Err(unreadable(&mut found, &why)),
    };
    PackageFacts::from_json(text.as_bytes()).map_err(|why| unreadable(&mut found, &why))
}

fn unreadable(found: &mut Found, why: &str) -> Vec<Diagnostic> {
    found.add(
        Diagnostic::error("E0602", format!("{FACTS_FILE} cannot be read: {why}")),
        None,
        "compare packages of the same leskit or an older one; a newer leskit reads the records of older ones",
    );
    std::mem::take(&mut found.list)
}

/// The comparison in words, as `leskit diff` prints it.
pub fn human(c: &Comparison) -> String {
    let mut out = String::new();
    let side = |s: &Side| format!("the {} `{}` {} ({})", s.kind, s.id, s.version, s.standard);
    out.push_str(&format!(
        "In the LMS: {}\nNew:        {}\n",
        side(&c.old),
        side(&c.new)
    ));
    let mut unit: Option<&Option<String>> = None;
    for change in &c.changes {
        if unit != Some(&change.unit) {
            unit = Some(&change.unit);
            out.push('\n');
            match &change.unit {
                Some(u) if c.new.kind == "course" => out.push_str(&format!("In `{u}`:\n")),
                _ => {}
            }
        }
        out.push_str(&format!(
            "  {} `{}`: {}",
            change.subject, change.id, change.change
        ));
        match (&change.was, &change.now) {
            (Some(was), Some(now)) if was.chars().count() + now.chars().count() <= 60 => {
                out.push_str(&format!(" ({} → {})\n", one_line(was), one_line(now)));
            }
            (Some(was), Some(now)) => {
                out.push_str(&format!(
                    "\n    was: {}\n    now: {}\n",
                    one_line(was),
                    one_line(now)
                ));
            }
            _ => out.push('\n'),
        }
        out.push_str(&format!("    {}\n", change.says));
        out.push_str(&format!(
            "    half-way learners keep their progress: {}; the LMS keeps their records: {}\n",
            yes(change.progress),
            yes(change.records)
        ));
    }
    if c.changes.is_empty() {
        out.push_str("\nNo page, question, option, scoring or identifier changed.\n");
    }
    out.push('\n');
    out.push_str(&format!(
        "Learners half-way keep their progress: {}, because {}.\n",
        if c.progress.kept { "yes" } else { "no" },
        c.progress.because
    ));
    out.push_str(&format!(
        "The LMS keeps the learners' records: {}, because {}.\n",
        if c.records.kept { "yes" } else { "no" },
        c.records.because
    ));
    out
}

fn yes(k: Keep) -> &'static str {
    match k {
        Keep::Yes => "yes",
        Keep::No => "no",
    }
}

/// A value on one line, cut to 200 characters.
fn one_line(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > 200 {
        format!("{}…", flat.chars().take(199).collect::<String>())
    } else {
        flat
    }
}
