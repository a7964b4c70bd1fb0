//! A whole project as loaded: every file with the path it came from.

use std::path::PathBuf;

use schemars::JsonSchema;

use super::{Contacts, Course, Module, Quiz, Signals, Sources, Spanned};

/// `leskit.toml`: the project's settings, in its folder. A flag on the command line overrides the
/// setting it names. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Settings {
    /// The interface language of every module that sets no `language:` of its own: a BCP 47 tag
    /// such as `nl`, `en` or `nl-BE`.
    #[schemars(default = "default_language")]
    pub language: Option<Spanned<String>>,
    /// The organisation's name, printed on every module's proof of participation (“issued by
    /// …”). Without it the proof names no organisation.
    pub organisation: Option<Spanned<String>>,
    /// What `leskit build` does without flags.
    #[schemars(default)]
    pub build: BuildSettings,
}

fn default_language() -> &'static str {
    "nl"
}

/// The `[build]` table of `leskit.toml`.
#[derive(Debug, Clone, Default, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BuildSettings {
    /// The targets built without `--target`: `scorm12`, `scorm2004`, `cmi5`, `html`, or `all`.
    #[schemars(default = "default_targets")]
    pub targets: Option<Vec<Spanned<String>>>,
    /// The folder for the packages without `--out`, relative to the project's folder.
    #[schemars(default = "default_out")]
    pub out: Option<Spanned<String>>,
}

fn default_targets() -> Vec<&'static str> {
    vec!["scorm12"]
}

fn default_out() -> &'static str {
    "dist"
}

/// A parsed file and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The path as leskit was given it (relative paths stay relative), for messages.
    pub path: PathBuf,
    pub value: T,
}

/// Everything in a project folder that parsed. Files that did not parse are absent; their
/// diagnostics travel beside the project.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The project folder (holding `modules/`, `quizzes/`, `content/`, `courses/`).
    pub root: PathBuf,
    pub modules: Vec<Loaded<Module>>,
    pub quizzes: Vec<Loaded<Quiz>>,
    pub courses: Vec<Loaded<Course>>,
    pub contacts: Option<Loaded<Contacts>>,
    pub sources: Option<Loaded<Sources>>,
    pub signals: Option<Loaded<Signals>>,
    /// `leskit.toml`, when the project has one.
    pub settings: Option<Loaded<Settings>>,
}

impl Project {
    pub fn quiz(&self, id: &str) -> Option<&Loaded<Quiz>> {
        self.quizzes.iter().find(|q| q.value.id.value == id)
    }

    pub fn contact(&self, id: &str) -> Option<&super::Contact> {
        self.contacts
            .as_ref()?
            .value
            .contacts
            .iter()
            .find(|c| c.id.value == id)
    }

    pub fn source(&self, id: &str) -> Option<&super::Source> {
        self.sources
            .as_ref()?
            .value
            .sources
            .iter()
            .find(|s| s.id.value == id)
    }

    pub fn signal(&self, id: &str) -> Option<&super::Signal> {
        self.signals
            .as_ref()?
            .value
            .signals
            .iter()
            .find(|s| s.id.value == id)
    }

    /// The folder holding a module's images and files: `modules/<id>/`.
    pub fn asset_dir(&self, module_id: &str) -> PathBuf {
        self.root.join("modules").join(module_id)
    }

    /// The folder holding a course's own files (its cover image): `courses/<id>/`.
    pub fn course_dir(&self, course_id: &str) -> PathBuf {
        self.root.join("courses").join(course_id)
    }
}
