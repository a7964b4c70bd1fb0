//! A course: several modules in order, with rules between them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Spanned;

/// A course (`courses/<id>.yaml`). `leskit check` checks courses; building them is yet to come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Course {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    pub version: Spanned<String>,
    #[serde(default = "default_language")]
    pub language: Spanned<String>,
    /// The module ids, in order.
    pub modules: Vec<Spanned<String>>,
    #[serde(default)]
    pub rules: CourseRules,
}

/// Rules between a course's modules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseRules {
    /// Modules that open only after others are completed.
    #[serde(default)]
    pub prerequisites: Vec<Prerequisite>,
    /// The quiz whose result counts as the course's final test.
    #[serde(default)]
    pub final_test: Option<Spanned<String>>,
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
