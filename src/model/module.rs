//! A module: one learning unit, packaged as one SCO.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Markdown, Spanned};

/// A module (`modules/<id>.yaml`): an ordered list of pages, with metadata for the LMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// Identifier: lower-case letters, digits and hyphens, starting with a letter. It names the
    /// file (`modules/<id>.yaml`), the asset folder (`modules/<id>/`) and every identifier in the
    /// package manifest, so keep it stable once learners have started.
    pub id: Spanned<String>,
    /// Title shown to learners and in the LMS.
    pub title: Spanned<String>,
    /// One or two sentences for the LMS catalogue.
    #[serde(default)]
    pub description: Option<Spanned<String>>,
    /// Language of the content as a BCP 47 tag (`nl`, `en`, `nl-BE`). Chooses the interface strings.
    #[serde(default = "default_language")]
    pub language: Spanned<String>,
    /// Version of the content, such as `1.0.0`; part of the package file name.
    pub version: Spanned<String>,
    /// The people who wrote or adapted this module.
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    /// The id of the source this module is based on, from `content/sources.yaml`. It is named on
    /// the first and the last page.
    pub source: Spanned<String>,
    /// Estimated time to complete, in minutes. Shown on the cover and given to the LMS; never a
    /// time limit.
    #[serde(default)]
    pub duration_minutes: Option<Spanned<u32>>,
    /// What the learner will learn, shown on the module's cover: one to eight short plain texts
    /// (no Markdown), such as `welke stappen je zet volgens de meldcode`.
    #[serde(default)]
    pub learning_goals: Vec<Spanned<String>>,
    /// The illustration on the module's cover. Without it the cover shows leskit's own
    /// (decorative) drawing.
    #[serde(default)]
    pub cover: Option<Cover>,
    /// Keywords for the LMS catalogue.
    #[serde(default)]
    pub keywords: Vec<Spanned<String>>,
    /// When the content was last checked, and by whom. Older than a year gives a warning.
    #[serde(default)]
    pub reviewed: Option<Review>,
    /// The score needed to pass, in percent of the points possible across the module's quizzes.
    #[serde(default = "default_pass_mark")]
    pub pass_mark: Spanned<i64>,
    /// Whether a learner who failed may take the quizzes again.
    #[serde(default = "default_true")]
    pub allow_retry: Spanned<bool>,
    /// Allow raw HTML in Markdown. Even then it passes an allowlist: no scripts, styles, frames or
    /// event handlers. Off by default, so that `<` in author text is always just a character.
    #[serde(default)]
    pub allow_html: Spanned<bool>,
    /// The pages, in reading order.
    pub pages: Vec<Page>,
}

/// Who last reviewed the content, and when; and whether that review is finished. Never shown to
/// learners; the hand-out names a review only when it is `done`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The date as `YYYY-MM-DD`.
    pub date: Spanned<String>,
    /// Who reviewed it (a person or a role).
    pub by: Spanned<String>,
    /// `done` (the default) when the review is finished; `pending` while points wait for an expert.
    #[serde(default = "default_review_status")]
    pub status: Spanned<ReviewStatus>,
    /// What an expert must still confirm, each tied to a phrase on a page of this module. A
    /// `pending` review lists at least one; a `done` review lists none.
    #[serde(default)]
    pub open_points: Vec<OpenPoint>,
}

/// Whether a review is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewStatus {
    /// Points wait for an expert's sign-off (listed under `open_points`).
    Pending,
    /// The review is finished; nothing is open.
    Done,
}

/// One point an expert must confirm before the content is used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenPoint {
    /// The id of the page of this module the point is about.
    pub page: Spanned<String>,
    /// A short phrase from that page, as it stands (line breaks and `*`/`_` emphasis aside).
    /// `leskit check` reports the point when the phrase is no longer on the page, so a point
    /// cannot silently outlive the text it is about.
    pub quote: Spanned<String>,
    /// What the expert must confirm.
    pub check: Spanned<String>,
}

/// One page of a module: an optional Markdown body followed by blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Identifier, unique within the module; used for bookmarks and links (`[zie](#page-id)`).
    pub id: Spanned<String>,
    /// Heading of the page.
    pub title: Spanned<String>,
    /// Text of the page, in Markdown.
    #[serde(default)]
    pub body: Option<Markdown>,
    /// Blocks shown after the body, in order.
    #[serde(default)]
    pub blocks: Vec<Block>,
}

/// A block on a page. Written as a one-key mapping, for example `- tip: Vraag door.`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// More Markdown text.
    Text(Markdown),
    /// A list of signals, by id from `content/signals.yaml`.
    Signals(Vec<Spanned<String>>),
    /// A practical tip (Markdown).
    Tip(Markdown),
    /// Something to be careful about (Markdown).
    Warning(Markdown),
    /// A contact card, by id from `content/contacts.yaml`.
    Contact(Spanned<String>),
    /// A quiz, by id from `quizzes/<id>.yaml`.
    Quiz(Spanned<String>),
    /// An image from the module's folder.
    Image(Image),
}

/// An image with its text alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path relative to the module's folder `modules/<id>/`.
    pub src: Spanned<String>,
    /// What the image shows, for screen readers. Use `""` only for pure decoration.
    pub alt: Spanned<String>,
    /// A caption shown under the image.
    #[serde(default)]
    pub caption: Option<Spanned<String>>,
}

/// The illustration on a cover page (of a module or a course).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// Path of an image (PNG, JPEG, GIF, WebP, AVIF or SVG), relative to the module's folder
    /// `modules/<id>/` (a course's: `courses/<id>/`), like the module's other images.
    pub image: Spanned<String>,
    /// What the illustration shows, for screen readers, in the module's language. Required: a
    /// cover without a described image can leave `cover` out and gets leskit's decorative
    /// drawing.
    #[serde(default)]
    pub alt: Option<Spanned<String>>,
}

fn default_language() -> Spanned<String> {
    Spanned::unplaced("nl".to_owned())
}

fn default_review_status() -> Spanned<ReviewStatus> {
    Spanned::unplaced(ReviewStatus::Done)
}

fn default_pass_mark() -> Spanned<i64> {
    Spanned::unplaced(80)
}

fn default_true() -> Spanned<bool> {
    Spanned::unplaced(true)
}
