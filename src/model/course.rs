//! A course: several modules in order, with rules between them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Cover, Spanned};

/// A course (`courses/<id>.yaml`): built into one package with one SCO per module, plus one for
/// the final test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    /// Identifier: lower-case letters, digits and hyphens, starting with a letter; the file's
    /// name (`courses/<id>.yaml`).
    pub id: Spanned<String>,
    /// Title shown to learners and in the LMS.
    pub title: Spanned<String>,
    /// One or two sentences for the LMS catalogue.
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Version of the course, such as `1.0.0`; part of the package file name.
    pub version: Spanned<String>,
    /// Language of the course as a BCP 47 tag (`nl`, `en`, `nl-BE`).
    #[serde(default = "default_language")]
    pub language: Spanned<String>,
    /// What the course teaches, shown on its cover: one to eight short plain texts (no
    /// Markdown).
    #[serde(default)]
    pub learning_goals: Vec<Spanned<String>>,
    /// The illustration on the course's cover, relative to the course's folder `courses/<id>/`.
    /// Without it the cover shows leskit's own (decorative) drawing.
    #[serde(default)]
    pub cover: Option<Cover>,
    /// The module ids, in order.
    pub modules: Vec<Spanned<String>>,
    /// Prerequisites between the modules, and the final test.
    #[serde(default)]
    pub rules: CourseRules,
}

/// Rules between a course's modules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseRules {
    /// Modules that open only after others are completed.
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// The quiz whose result counts as the course's final test. It becomes a SCO of its own after
    /// the modules, which opens once every module is completed; its score is the course's score.
    #[serde(default)]
    pub final_test: Option<Spanned<String>>,
    /// The score needed to pass the final test, in percent; it decides whether the course is
    /// passed.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: Spanned<i64>,
}

impl Default for CourseRules {
    fn default() -> Self {
        CourseRules {
            prerequisites: Vec::new(),
            final_test: None,
            pass_mark: default_pass_mark(),
        }
    }
}

fn default_pass_mark() -> Spanned<i64> {
    Spanned::unplaced(80)
}

fn default_language() -> Spanned<String> {
    Spanned::unplaced("nl".to_owned())
}

/// `module` opens once every module in `after` is completed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prerequisite {
    pub module: Spanned<String>,
    pub after: Vec<Spanned<String>>,
}
