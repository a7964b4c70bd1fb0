//! `leskit new`: commented starting files for a module or a quiz.

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
        Kind::Module => ("modules", module_with_source(id, &first_source(project))),
        Kind::Quiz => ("quizzes", quiz(id)),
    };
    let dir = project.join(folder);
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
    let schemas = project.join("schema");
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

/// The first source id declared in the project, so a new module names a source that exists.
fn first_source(project: &Path) -> String {
    let path = project.join("content/sources.yaml");
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| crate::load::parse_str::<crate::model::Sources>(&path, &text).ok())
        .and_then(|s| s.sources.into_iter().next().map(|s| s.id.value))
        .unwrap_or_else(|| "mijn-bron".to_owned())
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
duration_minutes: 15          # metadata only, never a time limit
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
