//! `leskit new`: commented starting files for a module or a quiz.

/// A new module file, with every key explained.
pub fn module(id: &str) -> String {
    format!(
        r#"# yaml-language-server: $schema=../schema/module.schema.json
# A leskit module. Check it with `leskit check`; the format is explained in docs/authoring.md.
id: {id}                      # must equal the file name
title: Titel van de module
description: Eén of twee zinnen voor de catalogus van het LMS.
language: nl                  # BCP 47 tag; chooses the interface language
version: 0.1.0                # part of the package name
authors: [Jouw naam]
source: mijn-bron             # an id from content/sources.yaml
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
    blocks:
      - quiz: {id}-quiz          # a quiz from quizzes/<id>.yaml
"#
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
