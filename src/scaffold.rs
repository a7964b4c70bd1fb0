//! `leskit init` and `leskit new`: a whole starting project, or a commented starting file for a
//! module or a quiz.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What `leskit new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Module,
    Quiz,
}

/// Writes a new module or quiz file into `project`, and the JSON Schemas into `project/schema/`
/// when they are not there yet (the files' first line points editors at them). Returns the files
/// written. Never overwrites an existing file.
pub fn create(kind: Kind, id: &str, project: &Path) -> Result<Vec<PathBuf>> {
    let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && id.len() <= crate::limits::MAX_ID_CHARS;
    if !valid {
        return Err(Error::Usage(format!(
            "`{id}` is not a valid id: use lower-case letters, digits and hyphens, starting with a letter, at most {} characters",
            crate::limits::MAX_ID_CHARS
        )));
    }
    let (folder, text) = match kind {
        Kind::Module => (
            "modules",
            module_with_source(id, first_source(project).as_deref().unwrap_or("mijn-bron")),
        ),
        Kind::Quiz => ("quizzes", quiz(id)),
    };
    let dir = under(project, folder);
    let path = dir.join(format!("{id}.yaml"));
    if path.exists() {
        return Err(Error::Usage(format!(
            "`{}` exists already; choose another id",
            crate::diag::display_path(&path)
        )));
    }
    crate::fs::create_dir_all(&dir)?;
    crate::fs::write_atomic(&path, |w| w.write_all(text.as_bytes()))?;
    let mut written = vec![path];
    written.extend(write_schemas(project)?);
    Ok(written)
}

/// Writes the JSON Schemas the files' first lines point at into `project/schema/`, each only when
/// it is not there yet. Returns the files written.
fn write_schemas(project: &Path) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let schemas = under(project, "schema");
    for kind in crate::schema::KINDS {
        let file = schemas.join(format!("{kind}.schema.json"));
        if !file.exists() {
            crate::fs::create_dir_all(&schemas)?;
            let text = crate::schema::schema(kind).expect("a known kind");
            crate::fs::write_atomic(&file, |w| w.write_all(text.as_bytes()))?;
            written.push(file);
        }
    }
    Ok(written)
}

/// `relative` inside `root`, without a leading `./` when `root` is `.` (messages read
/// `modules/a.yaml`).
fn under(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// The files `leskit init` writes, by path inside the project: an example on a neutral topic that
/// checks and builds as it is.
pub const INIT_FILES: [(&str, &str); 7] = [
    ("leskit.toml", include_str!("scaffold/init/leskit.toml")),
    (
        ".gitignore",
        "# The packages `leskit build` writes.\n/dist/\n",
    ),
    (
        "content/sources.yaml",
        include_str!("scaffold/init/sources.yaml"),
    ),
    (
        "content/contacts.yaml",
        include_str!("scaffold/init/contacts.yaml"),
    ),
    (
        "content/signals.yaml",
        include_str!("scaffold/init/signals.yaml"),
    ),
    (
        "modules/phishing-herkennen.yaml",
        include_str!("scaffold/init/module.yaml"),
    ),
    (
        "quizzes/phishing-herkennen-quiz.yaml",
        include_str!("scaffold/init/quiz.yaml"),
    ),
];

/// `leskit init`: writes a starting project into `dir` (created when missing), and the JSON
/// Schemas. Refuses a folder that holds anything but `.git` unless `force` is set; even then it
/// never overwrites a file: when one of its files exists already it writes nothing. A failure
/// halfway removes what it wrote. Returns the files written.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    let shown = crate::diag::display_path(dir);
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut present: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != ".git")
                .collect();
            present.sort();
            if !present.is_empty() && !force {
                let some = present
                    .iter()
                    .take(3)
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>();
                return Err(Error::Usage(format!(
                    "`{shown}` is not empty (it holds {}{}): name a new folder, as in `leskit init mijn-cursus`, or add --force to add the project's files beside what is there (no file is ever overwritten)",
                    some.join(", "),
                    if present.len() > 3 { ", …" } else { "" }
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("read the folder", dir, e)),
    }
    let taken: Vec<String> = INIT_FILES
        .iter()
        .map(|(name, _)| under(dir, name))
        .chain(
            crate::schema::KINDS
                .iter()
                .map(|k| under(dir, &format!("schema/{k}.schema.json"))),
        )
        .filter(|p| p.exists())
        .map(|p| format!("`{}`", crate::diag::display_path(&p)))
        .collect();
    if !taken.is_empty() {
        let shown: Vec<&str> = taken.iter().take(3).map(String::as_str).collect();
        return Err(Error::Usage(format!(
            "nothing was written: {}{} exist{} already, and `leskit init` never overwrites a file; move {} aside, or start in a new folder",
            shown.join(", "),
            match taken.len() {
                n if n > 3 => format!(" and {} more", n - 3),
                _ => String::new(),
            },
            if taken.len() == 1 { "s" } else { "" },
            if taken.len() == 1 { "it" } else { "them" }
        )));
    }
    let mut written = Vec::new();
    let result = (|| {
        for (name, text) in INIT_FILES {
            let path = under(dir, name);
            if let Some(parent) = path.parent() {
                crate::fs::create_dir_all(parent)?;
            }
            crate::fs::write_atomic(&path, |w| w.write_all(text.as_bytes()))?;
            written.push(path);
        }
        written.extend(write_schemas(dir)?);
        Ok(())
    })();
    if let Err(e) = result {
        for path in &written {
            let _ = std::fs::remove_file(path);
        }
        return Err(e);
    }
    Ok(written)
}

/// The source to add to `content/sources.yaml` when the project has none yet, so that a module
/// written by `leskit new module` (naming `mijn-bron`) checks.
pub const SOURCE_HINT: &str = "sources:
  - id: mijn-bron
    title: De titel van de publicatie
    publisher: De uitgever
    year: 2026";

/// The first source id declared in the project, so a new module names a source that exists.
pub fn first_source(project: &Path) -> Option<String> {
    let path = under(project, "content/sources.yaml");
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| crate::load::parse_str::<crate::model::Sources>(&path, &text).ok())
        .and_then(|s| s.sources.into_iter().next().map(|s| s.id.value))
}

/// A new module file, with every key explained, naming the source `mijn-bron`.
pub fn module(id: &str) -> String {
    module_with_source(id, "mijn-bron")
}

/// A new module file, with every key explained.
pub fn module_with_source(id: &str, source: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../schema/module.schema.json
# A leskit module. Check it with `leskit check`; the format is explained in docs/authoring.md.
id: {id}                      # must equal the file name
title: Titel van de module
description: Eén of twee zinnen voor de catalogus van het LMS.
language: nl                  # BCP 47 tag; chooses the interface language
version: 0.1.0                # part of the package name
authors: [Jouw naam]
source: {source}{pad}# an id from content/sources.yaml
duration_minutes: 15          # on the cover and for the LMS; never a time limit
learning_goals:               # "wat je leert", on the module's cover (1 to 8 short texts)
  - wat de lezer na deze module weet of kan
# cover: {{ image: omslag.svg, alt: Wat de afbeelding laat zien. }}   # an image in modules/{id}/
keywords: [trefwoord]
reviewed: {{ date: 2026-01-01, by: Jouw naam }}
pass_mark: 80                 # percent of the quiz points
allow_retry: true
pages:
  - id: welkom
    title: Welkom
    body: |
      Schrijf hier de tekst in **Markdown**.
      Verwijs naar een andere pagina met [een link](#oefenen).
    blocks:
      - tip: Een praktische tip.
  - id: oefenen
    title: Oefenen
    body: |
      Schrijf `leskit new quiz {id}-quiz` en zet hieronder `- quiz: {id}-quiz`.
    blocks:
      - text: Oefenvragen volgen hier.
      # - quiz: {id}-quiz      # a quiz from quizzes/<id>.yaml
"#,
        pad = " ".repeat(22usize.saturating_sub(source.len()).max(1)),
    )
}

/// A new quiz file with one question of each kind.
pub fn quiz(id: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../schema/quiz.schema.json
# A leskit scenario quiz. The format is explained in docs/authoring.md.
id: {id}                      # must equal the file name
title: Oefenvragen
intro: De casussen zijn verzonnen, maar realistisch.
cases:
  - id: eerste-casus
    title: Een korte titel
    text: |
      Beschrijf de situatie in een paar zinnen.
    questions:
      - id: kies-een
        kind: single           # single | multiple | true-false | branching
        prompt: Wat doe je?
        options:
          - id: a
            text: Het goede antwoord.
            correct: true
            feedback: Waarom dit goed is.
          - id: b
            text: Een ander antwoord.
            feedback: Waarom dit niet goed is.
      - id: waar-of-niet
        kind: true-false
        prompt: Een stelling.
        answer: true
        true_feedback: Klopt, omdat …
        false_feedback: Nee, want …
"#
    )
}
