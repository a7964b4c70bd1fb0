//! A quiz: scenario cases with questions, including branching scenarios.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Markdown, Spanned};

/// A scenario quiz (`quizzes/<id>.yaml`). Cases are fictional; the quiz says so to learners.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quiz {
    /// Identifier, the same as the file name; modules use it in a `quiz:` block.
    pub id: Spanned<String>,
    /// Title shown above the quiz.
    pub title: Spanned<String>,
    /// Introduction shown before the first case (Markdown).
    #[serde(default)]
    pub intro: Option<Markdown>,
    /// The cases, in order.
    pub cases: Vec<Case>,
}

/// A fictional case: a situation, followed by questions about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Identifier, unique within the quiz.
    pub id: Spanned<String>,
    /// Short title of the case.
    pub title: Spanned<String>,
    /// The situation (Markdown).
    pub text: Markdown,
    /// Who the young person in the case is. Learners see the name and age on the case card;
    /// gender, queer and family are for reviewers only.
    #[serde(default)]
    pub young_person: Option<YoungPerson>,
    /// Which professional meets the young person. Learners see it on the case card as their
    /// role, in words.
    #[serde(default)]
    pub professional: Option<Spanned<Professional>>,
    /// The conclusion the case is written to lead to. Metadata for reviewers.
    #[serde(default)]
    pub conclusion: Option<Spanned<Conclusion>>,
    /// The questions about this case.
    pub questions: Vec<Question>,
}

/// The young person in a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YoungPerson {
    /// A fictional first name. Shown to learners on the case card.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// For reviewers only.
    pub gender: Spanned<Gender>,
    /// Age in years. Shown to learners on the case card.
    pub age: Spanned<u32>,
    /// Whether the young person is queer (lhbtiq+). For reviewers only.
    #[serde(default)]
    pub queer: Spanned<bool>,
    /// The family form, in words ("samengesteld gezin", "eenoudergezin met vader"). For
    /// reviewers only.
    pub family: Spanned<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Gender {
    Girl,
    Boy,
    NonBinary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Professional {
    PrimaryTeacher,
    SecondaryTeacher,
    MboTeacher,
    YouthWorker,
    SocialWorker,
    VeiligThuis,
}

impl Professional {
    /// The name authors write (`professional: youth-worker`); the case card's role is the
    /// interface string `role_<name>` (with `_` for `-`).
    pub fn name(self) -> &'static str {
        match self {
            Professional::PrimaryTeacher => "primary-teacher",
            Professional::SecondaryTeacher => "secondary-teacher",
            Professional::MboTeacher => "mbo-teacher",
            Professional::YouthWorker => "youth-worker",
            Professional::SocialWorker => "social-worker",
            Professional::VeiligThuis => "veilig-thuis",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Conclusion {
    /// Several signals together: be extra alert, talk, and ask for advice.
    RiskOfAchterlating,
    /// The young person is already abroad against their will.
    LeftBehind,
    /// No reason yet to suspect achterlating: keep the conversation going.
    NoReasonYet,
    /// The signs point to another problem.
    OtherProblem,
}

/// A question. Which fields apply depends on `kind`; `leskit check` says which are missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier, unique within the quiz; the LMS records answers under `<quiz>.<question>`.
    pub id: Spanned<String>,
    pub kind: Spanned<QuestionKind>,
    /// The question (Markdown).
    pub prompt: Markdown,
    /// For `single` and `multiple`: the options, in the order shown.
    #[serde(default)]
    pub options: Vec<Choice>,
    /// For `multiple`: how points are given. Default `all-or-nothing`.
    #[serde(default)]
    pub scoring: Option<Spanned<Scoring>>,
    /// For `true-false`: the right answer.
    #[serde(default)]
    pub answer: Option<Spanned<bool>>,
    /// For `true-false`: feedback for a learner who answered "true" (Markdown).
    #[serde(default)]
    pub true_feedback: Option<Markdown>,
    /// For `true-false`: feedback for a learner who answered "false" (Markdown).
    #[serde(default)]
    pub false_feedback: Option<Markdown>,
    /// For `branching`: the id of the first step.
    #[serde(default)]
    pub start: Option<Spanned<String>>,
    /// For `branching`: the steps, each with choices that lead to a next step or an ending.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// For `branching`: the endings, each with an outcome, feedback and points.
    #[serde(default)]
    pub endings: Vec<Ending>,
    /// Shown after answering, whatever the answer (Markdown).
    #[serde(default)]
    pub explanation: Option<Markdown>,
    /// The ids of the signals this question trains, from `content/signals.yaml`.
    #[serde(default)]
    pub signals: Vec<Spanned<String>>,
    /// Points for a fully right answer (not for `branching`, whose endings carry points). Default 1.
    #[serde(default)]
    pub points: Option<Spanned<u32>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    /// One right option.
    Single,
    /// One or more right options ("which of these are signals?").
    Multiple,
    /// A statement that is true or false.
    TrueFalse,
    /// A scenario decided step by step.
    Branching,
}

impl QuestionKind {
    /// The name authors write (`kind: true-false`), which the page shell reads too.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true-false",
            QuestionKind::Branching => "branching",
        }
    }
}

/// How a `multiple` question is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Scoring {
    /// All points when exactly the right options are chosen, otherwise none.
    AllOrNothing,
    /// Each right option chosen earns a share, each wrong option chosen takes one away; never
    /// below zero.
    Partial,
}

/// An option of a `single` or `multiple` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// Identifier, unique within the question.
    pub id: Spanned<String>,
    /// The option's text (Markdown, one line).
    pub text: Markdown,
    /// Whether this option is right (for `multiple`: whether it should be chosen).
    #[serde(default)]
    pub correct: Spanned<bool>,
    /// Why this option is right or wrong (Markdown).
    #[serde(default)]
    pub feedback: Option<Markdown>,
}

/// A step of a branching scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Identifier, unique among the question's steps and endings.
    pub id: Spanned<String>,
    /// The situation at this step (Markdown). The learner reads it right above the choices, so
    /// it ends with what they decide ("Wat doe je?").
    pub text: Markdown,
    /// Who speaks at this step, as the learner sees it above the speech bubble: a name with the
    /// age ("Yasmina (15)") or a role ("Collega"). Goes with `says`.
    #[serde(default)]
    pub speaker: Option<Spanned<String>>,
    /// What the speaker says at this step: one line of dialogue (Markdown, one line), shown as
    /// a speech bubble before the step's text. Goes with `speaker`.
    #[serde(default)]
    pub says: Option<Markdown>,
    pub choices: Vec<StepChoice>,
}

/// A choice at a step of a branching scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepChoice {
    /// Identifier, unique within the step.
    pub id: Spanned<String>,
    pub text: Markdown,
    /// What follows from this choice (Markdown).
    #[serde(default)]
    pub feedback: Option<Markdown>,
    /// The id of the next step or ending.
    pub next: Spanned<String>,
}

/// An ending of a branching scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// Identifier, unique among the question's steps and endings.
    pub id: Spanned<String>,
    pub outcome: Spanned<Outcome>,
    /// What happened, and why (Markdown).
    pub feedback: Markdown,
    /// Points earned by reaching this ending.
    #[serde(default)]
    pub points: Spanned<u32>,
}

/// How an ending of a branching scenario turned out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Good,
    Partial,
    Poor,
}

impl Outcome {
    /// The name authors write (`outcome: partial`), which the page shell and hand-out read too.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Good => "good",
            Outcome::Partial => "partial",
            Outcome::Poor => "poor",
        }
    }
}
