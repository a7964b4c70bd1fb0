//! Shared content: helplines, sources and signals, each declared once in `content/`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Markdown, Spanned};

/// `content/contacts.yaml`: the helplines and organisations modules refer to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contacts {
    pub contacts: Vec<Contact>,
}

/// One organisation to contact. Phone numbers are written here only, so that a changed number
/// is changed once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    /// What the contact is for (Markdown).
    pub description: Markdown,
    /// Phone number exactly as it should be shown, for example `0800 2000`.
    #[serde(default)]
    pub phone: Option<Spanned<String>>,
    /// WhatsApp number exactly as it should be shown.
    #[serde(default)]
    pub whatsapp: Option<Spanned<String>>,
    /// A web address (`https:`).
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// When the contact can be reached, in words.
    #[serde(default)]
    pub hours: Option<Spanned<String>>,
}

/// `content/sources.yaml`: the publications modules are based on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sources {
    pub sources: Vec<Source>,
}

/// A publication, with what its copyright requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub authors: Vec<Spanned<String>>,
    pub publisher: Spanned<String>,
    #[serde(default)]
    pub place: Option<Spanned<String>>,
    pub year: Spanned<u32>,
    #[serde(default)]
    pub isbn: Option<Spanned<String>>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
    /// Who holds the copyright, as the source states it.
    #[serde(default)]
    pub copyright: Option<Spanned<String>>,
    /// The conditions for reuse, as the source states them.
    #[serde(default)]
    pub reuse: Option<Spanned<String>>,
}

/// `content/signals.yaml`: the signals quizzes train and pages list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    pub signals: Vec<Signal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub id: Spanned<String>,
    /// The signal in a short phrase, as shown in lists.
    pub text: Spanned<String>,
    /// More about the signal (Markdown).
    #[serde(default)]
    pub explanation: Option<Markdown>,
}
