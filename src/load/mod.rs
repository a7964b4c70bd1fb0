//! Loading: find a project's files, read them, and parse them into the model.
//!
//! This is the only module that knows the YAML parser (serde-saphyr). Reading applies the input
//! limits and turns encoding problems into diagnostics; parsing keeps the position of every value.
//! A file that fails to parse is left out of the [`Project`] and its problem reported, so the rest
//! of the project is still checked.

mod inside;
mod recover;
mod settings;
mod spanned;
mod tree;
mod yaml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::limits;
use crate::model::{Loaded, Project};

/// The text of every file read, for the source excerpts in diagnostics.
#[derive(Debug, Default, Clone)]
pub struct SourceTexts(BTreeMap<PathBuf, String>);

impl SourceTexts {
    pub fn get(&self, path: &Path) -> Option<&str> {
        self.0.get(path).map(String::as_str)
    }

    /// Moves every diagnostic about a place inside a text (a link on the sixth line of a `|`
    /// body) from the text's start to where that place was written in the file.
    pub fn place_inside_texts(&self, diagnostics: &mut Diagnostics) {
        for d in diagnostics.iter_mut() {
            let Some(before) = d.inside.take() else {
                continue;
            };
            let Some(source) = d.file.as_deref().and_then(|f| self.get(f)) else {
                continue;
            };
            let start = crate::model::Pos {
                line: d.line,
                column: d.column,
            };
            let pos = inside::position_inside(source, start, &before);
            d.line = pos.line;
            d.column = pos.column;
        }
    }
}

/// What loading produced: the project, the problems found, and the texts they refer to.
#[derive(Debug, Default)]
pub struct LoadResult {
    pub project: Project,
    pub diagnostics: Diagnostics,
    pub texts: SourceTexts,
    pub stand_ins: StandIns,
}

/// The places where a file's wrong value was replaced by a stand-in so that the rest of the file
/// could be read and checked. The wrong value is reported already; what later checks find about
/// the stand-in is not news.
#[derive(Debug, Default, Clone)]
pub struct StandIns(BTreeMap<PathBuf, std::collections::BTreeSet<crate::model::Pos>>);

impl StandIns {
    /// Whether `d` is about a stand-in, not about something the author wrote.
    pub fn covers(&self, d: &Diagnostic) -> bool {
        let pos = crate::model::Pos {
            line: d.line,
            column: d.column,
        };
        d.file
            .as_deref()
            .and_then(|f| self.0.get(f))
            .is_some_and(|places| places.contains(&pos))
    }
}

/// Whether `dir` is a project's folder: it holds `leskit.toml`, or a `modules/` or `quizzes/`
/// folder.
pub fn is_project(dir: &Path) -> bool {
    dir.join("leskit.toml").is_file()
        || dir.join("modules").is_dir()
        || dir.join("quizzes").is_dir()
}

/// The project `start` (a folder) lies in: `start` itself or the nearest folder above it that
/// [`is_project`], as cargo and git look upward. The answer is `start` followed by as many `..`
/// as needed (`..` from `.`), so that paths in messages stay relative to where the user stands.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let absolute = std::fs::canonicalize(start).ok()?;
    let up = absolute.ancestors().position(is_project)?;
    if up == 0 {
        return Some(start.to_path_buf());
    }
    let target = absolute.ancestors().nth(up)?;
    // `modules/..` reads better as `.`: drop a named folder where that leads to the same place
    // (it may not when the folder is a symbolic link), else climb with `..`.
    let mut root: PathBuf = start
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    for _ in 0..up {
        let named = matches!(
            root.components().next_back(),
            Some(std::path::Component::Normal(_))
        );
        if !(named && root.pop()) {
            root.push("..");
        }
    }
    if root.as_os_str().is_empty() {
        root.push(".");
    }
    if std::fs::canonicalize(&root).ok().as_deref() == Some(target) {
        return Some(root);
    }
    let mut climbed = start.to_path_buf();
    for _ in 0..up {
        climbed.push("..");
    }
    Some(climbed)
}

/// Where a project's folder is, given a path the user named: the project that folder lies in
/// ([`discover`]), or for a file, the project its folder lies in.
pub fn project_root(path: &Path) -> Result<PathBuf> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    let folder = if meta.is_dir() {
        path
    } else {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    };
    discover(folder).ok_or_else(|| {
        let shown = crate::diag::display_path(path);
        Error::Usage(format!(
            "`{shown}` is not inside a leskit project: neither it nor a folder above it holds leskit.toml, modules/ or quizzes/; `leskit init` starts a project (`leskit init mijn-cursus` in a new folder)"
        ))
    })
}

/// Loads every file of the project in `root`. I/O failures (an unreadable folder) are errors;
/// everything wrong with the files' contents becomes a diagnostic.
pub fn load_project(root: &Path) -> Result<LoadResult> {
    // `.` adds nothing to messages: `modules/a.yaml` reads better than `./modules/a.yaml`.
    let root = if root == Path::new(".") {
        Path::new("")
    } else {
        root
    };
    let mut out = LoadResult {
        project: Project {
            root: root.to_path_buf(),
            ..Project::default()
        },
        ..LoadResult::default()
    };
    if !root.join("modules").is_dir() && !root.join("quizzes").is_dir() {
        let shown = if root.as_os_str().is_empty() {
            ".".to_owned()
        } else {
            crate::diag::display_path(root)
        };
        return Err(Error::Usage(format!(
            "`{shown}` has no modules/ or quizzes/ folder: is it a leskit project? (`leskit init` starts one)"
        )));
    }
    for path in yaml_files(&root.join("modules"), &mut out.diagnostics)? {
        if let Some(m) = load_file(&path, &mut out) {
            out.project.modules.push(m);
        }
    }
    for path in yaml_files(&root.join("quizzes"), &mut out.diagnostics)? {
        if let Some(q) = load_file(&path, &mut out) {
            out.project.quizzes.push(q);
        }
    }
    for path in yaml_files(&root.join("courses"), &mut out.diagnostics)? {
        if let Some(c) = load_file(&path, &mut out) {
            out.project.courses.push(c);
        }
    }
    let toml = root.join("leskit.toml");
    if toml.is_file() {
        out.project.settings = load_settings(&toml, &mut out);
    }
    // A module without `language:` takes the project's default language.
    if let Some(language) = out
        .project
        .settings
        .as_ref()
        .and_then(|s| s.value.language.clone())
    {
        for m in &mut out.project.modules {
            if !m.value.language.pos.is_known() {
                m.value.language.value = language.value.clone();
            }
        }
    }
    let content = root.join("content");
    out.project.contacts = load_optional(&content.join("contacts.yaml"), &mut out);
    out.project.sources = load_optional(&content.join("sources.yaml"), &mut out);
    out.project.signals = load_optional(&content.join("signals.yaml"), &mut out);
    Ok(out)
}

fn load_optional<T: DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    out: &mut LoadResult,
) -> Option<Loaded<T>> {
    path.is_file().then(|| load_file(path, out)).flatten()
}

fn load_file<T: DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    out: &mut LoadResult,
) -> Option<Loaded<T>> {
    load_with(path, out, parse_all::<T>)
}

/// Parses `text` (the contents of `path`) as a `T` and reports every problem in it, not only the
/// first. A text that reads at once is done; else it is read again through a tree of its nodes
/// that collects every wrong type, unknown key and missing key ([`tree`]). A text that is not
/// well-formed YAML (a syntax error, a second document, a limit) has no tree: the problem before
/// the parser's error ([`recover`]) and that error are reported.
fn parse_all<T: DeserializeOwned + schemars::JsonSchema>(
    path: &Path,
    text: &str,
) -> recover::Read<T> {
    if let Ok(value) = yaml::read::<T>(text) {
        return recover::Read {
            value: Some(value),
            problems: Vec::new(),
            stand_ins: Vec::new(),
        };
    }
    if let Some(tree) = tree::Tree::parse(text) {
        return tree::decode(path, text, &tree);
    }
    let mut read = recover::parse_all(text, yaml::read::<T>, |t, e| {
        yaml::to_diagnostic(path, t, e)
    });
    // The parser's own error, which the problem before it hid (unless that problem is its
    // explanation: a line indented too little that ended a mapping).
    if let Some(d) = yaml::syntax_error(path, text)
        && !read
            .problems
            .iter()
            .any(|p| (p.line, p.column) == (d.line, d.column))
    {
        read.problems.push(d);
    }
    read
}

fn load_settings(path: &Path, out: &mut LoadResult) -> Option<Loaded<crate::model::Settings>> {
    load_with(path, out, |path, text| {
        let parsed = settings::parse(path, text);
        recover::Read {
            problems: parsed.as_ref().err().cloned().into_iter().collect(),
            value: parsed.ok(),
            stand_ins: Vec::new(),
        }
    })
}

/// Reads `path` (inside the project only) and parses it with `parse`; every problem becomes a
/// diagnostic, and the text is kept for the excerpts. A file with problems that could still be
/// read past them is in the project too, so that the rest of it is checked.
fn load_with<T>(
    path: &Path,
    out: &mut LoadResult,
    parse: impl FnOnce(&Path, &str) -> recover::Read<T>,
) -> Option<Loaded<T>> {
    // Inside the project, or not read at all: a refused file's bytes never reach a message.
    if let Err(refused) = crate::fs::contain(&out.project.root, path) {
        out.diagnostics.push(refused_diagnostic(path, refused));
        return None;
    }
    let text = match read_text(path) {
        Ok(text) => text,
        Err(d) => {
            out.diagnostics.push(d);
            return None;
        }
    };
    let parsed = parse(path, &text);
    out.texts.0.insert(path.to_path_buf(), text);
    out.diagnostics.extend(parsed.problems);
    if !parsed.stand_ins.is_empty() {
        out.stand_ins
            .0
            .insert(path.to_path_buf(), parsed.stand_ins.into_iter().collect());
    }
    parsed.value.map(|value| Loaded {
        path: path.to_path_buf(),
        value,
    })
}

/// The `.yaml` and `.yml` files directly in `dir`, sorted by name so every run reports in the same
/// order. A missing folder is an empty one.
fn yaml_files(dir: &Path, diagnostics: &mut Diagnostics) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read the folder", dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("read the folder", dir, e))?;
        let path = entry.path();
        if crate::fs::is_litter(&entry.file_name()) {
            continue;
        }
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        // Directories are skipped; anything else named .yaml is read, so that a broken link or
        // an unreadable file is reported rather than silently left out.
        if is_yaml && !path.is_dir() {
            if entry.file_name().to_str().is_none() {
                diagnostics.push(
                    Diagnostic::error("E0113", "the file name is not valid UTF-8, so the file is not read")
                        .in_file(&path)
                        .hint("rename the file: a module's or quiz's file name is its id, written in a-z, 0-9 and `-`"),
                );
                continue;
            }
            files.push(path);
        }
    }
    files.sort();
    if files.len() > limits::MAX_FILES {
        diagnostics.push(
            Diagnostic::error(
                "E0109",
                format!("more than {} files in this folder", limits::MAX_FILES),
            )
            .in_file(dir)
            .hint("split the project into several projects"),
        );
        files.truncate(limits::MAX_FILES);
    }
    Ok(files)
}

/// Reads a YAML file as text: at most [`limits::MAX_FILE_BYTES`], UTF-8, no NUL bytes. A UTF-8
/// byte-order mark is dropped silently (some Windows editors write one).
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| io_diagnostic(path, &e))?;
    if !meta.is_file() {
        // A pipe or device would block or never end.
        return Err(io_diagnostic(
            path,
            &std::io::Error::other("not a regular file"),
        ));
    }
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    // At most one byte past the limit: a file that grows while it is read is still bounded.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            std::io::Read::read_to_end(
                &mut std::io::Read::take(f, limits::MAX_FILE_BYTES + 1),
                &mut bytes,
            )
        })
        .map_err(|e| io_diagnostic(path, &e))?;
    decode_text(path, &bytes)
}

/// The checks of [`read_text`] on bytes already in memory (the file grew after its size was
/// checked, or the bytes never were a file: the fuzz targets and tests use this).
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(too_large(path));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Diagnostic::error("E0108", "the file is empty")
            .in_file(path)
            .hint(
                "start from `leskit new module <id>` or `leskit new quiz <id>`, or remove the file",
            ));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(
            Diagnostic::error("E0110", "this is not a text file (it contains a NUL byte)")
                .at(path, pos_of(bytes, at))
                .hint("YAML files must be UTF-8 text; was a binary file saved with a .yaml name?"),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(Diagnostic::error("E0110", "the file is not valid UTF-8")
            .at(path, pos_of(bytes, e.valid_up_to()))
            .hint("save the file as UTF-8 (most editors offer this under \"Save with encoding\")")),
    }
}

fn too_large(path: &Path) -> Diagnostic {
    Diagnostic::error(
        "E0109",
        format!(
            "the file is larger than {} KiB",
            limits::MAX_FILE_BYTES / 1024
        ),
    )
    .in_file(path)
    .hint("split it into several modules or quizzes")
}

/// Line and column (in characters) of byte `at`.
fn pos_of(bytes: &[u8], at: usize) -> crate::model::Pos {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    crate::model::Pos {
        line: line as u32,
        column: column as u32,
    }
}

/// The diagnostic for a file [`crate::fs::contain`] refused: `E0112` naming the link, or the
/// `E0111` of an unreadable file. Never an excerpt: the file was not read.
fn refused_diagnostic(path: &Path, refused: crate::fs::Refused) -> Diagnostic {
    match refused {
        crate::fs::Refused::Io(e) => io_diagnostic(path, &e),
        crate::fs::Refused::Outside { link, folder } => Diagnostic::error(
            "E0112",
            format!(
                "the file is not read: {}, the project's folder",
                crate::fs::leads_outside(&link, &folder)
            ),
        )
        .in_file(path)
        .hint("copy the file into the project instead of linking to it"),
    }
}

fn io_diagnostic(path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error("E0111", format!("could not read the file: {e}"))
        .in_file(path)
        .hint("check that the file exists and that you may read it")
}

/// Parses a text already in memory (the preview and tests use this).
pub fn parse_str<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Diagnostic> {
    yaml::parse(path, text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Writes a model value as YAML that [`parse_str`] reads back as the same value (the property
/// tests check this round trip).
pub fn to_yaml<T: serde::Serialize>(value: &T) -> std::result::Result<String, String> {
    serde_saphyr::to_string(value).map_err(|e| e.to_string())
}
