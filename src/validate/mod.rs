//! Validation: the rules that YAML syntax and types cannot express.
//!
//! Every rule runs over every file and pushes its findings; nothing stops at the first problem.
//! Rules that need another file (a quiz a module names, a signal a question trains) look it up in
//! the [`Project`]. When a referenced file itself failed to load, the reference is not reported
//! again: the author has one problem to fix, not two.

mod assets;
mod content;
mod markdown;
mod module;
mod quiz;
mod saved_state;

use std::collections::HashMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::limits;
use crate::model::{Pos, Project, Spanned};

pub use markdown::find_phone_number;
pub use module::reading_text;
pub use saved_state::check_saved_state;

/// What validation needs to know besides the project: which files failed to load (so that
/// references into them are not reported twice) and today's date for review warnings.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Days since 1970-01-01 of "today" (from `SOURCE_DATE_EPOCH` when set, so checks are
    /// repeatable).
    pub today: i64,
    /// Files that exist but failed to load: an id that would be declared there is not unknown,
    /// only unreadable, and that is reported already.
    pub failed: Vec<std::path::PathBuf>,
}

impl Context {
    /// Whether `dir/<id>.yaml` (or `.yml`) failed to load.
    pub fn failed_file(&self, dir: &Path, stem: &str) -> bool {
        ["yaml", "yml"]
            .iter()
            .any(|ext| self.failed.contains(&dir.join(format!("{stem}.{ext}"))))
    }

    /// Whether any file in `dir` failed to load.
    pub fn failed_in(&self, dir: &Path) -> bool {
        self.failed.iter().any(|f| f.parent() == Some(dir))
    }
}

/// Checks the whole project and returns every problem found.
pub fn validate(project: &Project, cx: &Context) -> Diagnostics {
    let mut out = Diagnostics::default();
    content::check_content(project, &mut out);
    if let Some(s) = &project.settings {
        if let Some(language) = &s.value.language {
            module::check_language(&s.path, language, &mut out);
        }
        if let Some(organisation) = &s.value.organisation {
            check_text(&s.path, organisation, "organisation name", &mut out);
        }
    }
    for m in &project.modules {
        module::check_module(project, m, cx, &mut out);
    }
    unique(
        project.modules.iter().map(|m| (&m.path, &m.value.id)),
        "module",
        &mut out,
    );
    package_names(project, &mut out);
    for q in &project.quizzes {
        quiz::check_quiz(project, q, cx, &mut out);
    }
    unique(
        project.quizzes.iter().map(|q| (&q.path, &q.value.id)),
        "quiz",
        &mut out,
    );
    quiz::check_unused_quizzes(project, cx, &mut out);
    for c in &project.courses {
        content::check_course(project, c, cx, &mut out);
    }
    out
}

/// Packages are named `<id>-<version>-<target>.zip`: module `a` at version `b-1` and module `a-b`
/// at version `1` (or `B-1`, on a file system that ignores case) would write the same file, and
/// the second package would silently replace the first.
fn package_names(project: &Project, out: &mut Diagnostics) {
    let mut seen: HashMap<String, &Spanned<String>> = HashMap::new();
    for m in &project.modules {
        let (id, version) = (&m.value.id, &m.value.version);
        let name = format!("{}-{}", id.value, version.value).to_ascii_lowercase();
        match seen.get(name.as_str()) {
            Some(first) if first.value != id.value => out.push(
                Diagnostic::error(
                    "E0225",
                    format!(
                        "module `{}` at version `{}` gets the same package name `{name}-…` as module `{}`",
                        id.value, version.value, first.value
                    ),
                )
                .at(&m.path, version.pos)
                .hint("change the version or the id, so that each module has its own package file"),
            ),
            Some(_) => {}
            None => {
                seen.insert(name, id);
            }
        }
    }
}

/// Whether `s` has the form of an id: `^[a-z][a-z0-9-]*$`.
pub(crate) fn is_slug(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id must be a slug: `^[a-z][a-z0-9-]*$`, at most [`limits::MAX_ID_CHARS`] characters.
pub(crate) fn check_id(
    file: &Path,
    id: &Spanned<String>,
    what: &str,
    out: &mut Diagnostics,
) -> bool {
    let s = id.value.as_str();
    if !is_slug(s) {
        out.push(
            Diagnostic::error("E0201", format!("`{s}` is not a valid {what} id"))
                .at(file, id.pos)
                .hint(format!("use lower-case letters, digits and hyphens, starting with a letter, such as `{}`", slugify(s))),
        );
        return false;
    }
    if s.chars().count() > limits::MAX_ID_CHARS {
        out.push(
            Diagnostic::error(
                "E0201",
                format!(
                    "the {what} id `{s}` is longer than {} characters",
                    limits::MAX_ID_CHARS
                ),
            )
            .at(file, id.pos)
            .hint("ids are recorded by the LMS: keep them short"),
        );
        return false;
    }
    true
}

/// The id of a module, quiz or course must be valid and equal its file name (`modules/<id>.yaml`):
/// the file name is how other files and the packages find it. Returns whether both hold.
pub(crate) fn check_file_id(
    file: &Path,
    id: &Spanned<String>,
    what: &str,
    out: &mut Diagnostics,
) -> bool {
    if !check_id(file, id, what, out) {
        return false;
    }
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem == id.value {
        return true;
    }
    out.push(
        Diagnostic::error(
            "E0204",
            format!(
                "the {what} id `{}` differs from the file name `{stem}`",
                id.value
            ),
        )
        .at(file, id.pos)
        .hint(format!(
            "rename the file to `{}.yaml`, or set `id: {stem}`",
            id.value
        )),
    );
    false
}

/// A suggestion for a bad id: lower case, other characters turned into hyphens.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        let c = match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ï' | 'î' => 'i',
            'ó' | 'ö' | 'ô' => 'o',
            'ú' | 'ü' | 'û' => 'u',
            c => c.to_ascii_lowercase(),
        };
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    match out.chars().next() {
        Some(c) if c.is_ascii_lowercase() => out,
        Some(_) => format!("x-{out}"),
        None => "my-id".to_owned(),
    }
}

/// Reports every id that was already used, pointing at the second use.
pub(crate) fn unique<'a>(
    items: impl IntoIterator<Item = (&'a std::path::PathBuf, &'a Spanned<String>)>,
    what: &str,
    out: &mut Diagnostics,
) {
    let mut seen: HashMap<&str, (&Path, Pos)> = HashMap::new();
    for (file, id) in items {
        if let Some((first_file, first)) = seen.get(id.value.as_str()) {
            let place = if *first_file == file.as_path() {
                format!("line {}", first.line)
            } else {
                format!("{}:{}", crate::diag::display_path(first_file), first.line)
            };
            out.push(
                Diagnostic::error("E0202", format!("duplicate {what} id `{}`", id.value))
                    .at(file, id.pos)
                    .hint(format!("it is first used at {place}; ids must be unique")),
            );
        } else {
            seen.insert(&id.value, (file, id.pos));
        }
    }
}

/// An unknown reference, with the nearest known id as a hint.
pub(crate) fn unknown_ref<'a>(
    code: &'static str,
    what: &str,
    file: &Path,
    id: &Spanned<String>,
    known: impl IntoIterator<Item = &'a str> + Clone,
    where_declared: &str,
) -> Diagnostic {
    let d = Diagnostic::error(code, format!("unknown {what} `{}`", id.value)).at(file, id.pos);
    match suggest(&id.value, known) {
        Some(s) => d.hint(format!("did you mean `{s}`?")),
        None => d.hint(format!("declare it in {where_declared}, or correct the id")),
    }
}

/// Checks a text's length against [`limits::MAX_TEXT_CHARS`].
pub(crate) fn check_text(file: &Path, text: &Spanned<String>, what: &str, out: &mut Diagnostics) {
    if text.value.trim().is_empty() {
        out.push(
            Diagnostic::error("E0203", format!("the {what} is empty"))
                .at(file, text.pos)
                .hint(format!("write the {what}")),
        );
    } else if text.value.chars().count() > limits::MAX_TEXT_CHARS {
        out.push(
            Diagnostic::error(
                "E0109",
                format!(
                    "the {what} is longer than {} characters",
                    limits::MAX_TEXT_CHARS
                ),
            )
            .at(file, text.pos)
            .hint("split it over several pages"),
        );
    }
    check_xml_chars(file, text, what, out);
}

/// Warns about characters that XML cannot carry ([`crate::text::fits_xml`]): the manifests
/// and `cmi5.xml` leave them out, so the LMS shows the text without them.
pub(crate) fn check_xml_chars(
    file: &Path,
    text: &Spanned<String>,
    what: &str,
    out: &mut Diagnostics,
) {
    if let Some(c) = text.value.chars().find(|&c| !crate::text::fits_xml(c)) {
        out.push(
            Diagnostic::warning(
                "W0206",
                format!(
                    "the {what} contains the character U+{:04X}, which XML cannot carry",
                    c as u32
                ),
            )
            .at(file, text.pos)
            .hint("remove it (it is often left over from copying text out of another program); the LMS's copy of the text leaves it out"),
        );
    }
}

/// Reports a list longer than its limit.
pub(crate) fn check_count(
    file: &Path,
    pos: Pos,
    len: usize,
    max: usize,
    what: &str,
    out: &mut Diagnostics,
) {
    if len > max {
        out.push(
            Diagnostic::error("E0109", format!("more than {max} {what}"))
                .at(file, pos)
                .hint("split the content; the limits are listed in docs/security.md"),
        );
    }
}

/// Days since 1970-01-01 for a `YYYY-MM-DD` date, or `None` when it is not a real date.
pub fn parse_date(s: &str) -> Option<i64> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d): (i64, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month[m as usize - 1] {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("26-01-01"), None);
    }

    #[test]
    fn slug_suggestions() {
        assert_eq!(slugify("Wat is Achterlating?"), "wat-is-achterlating");
        assert_eq!(slugify("1e stap"), "x-1e-stap");
        assert_eq!(slugify("één"), "een");
    }
}
