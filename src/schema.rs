//! JSON Schemas for every file kind, generated from the model types.
//!
//! The files in `schema/` are this output, committed so that editors with yaml-language-server
//! can use them straight from a checkout; a test keeps them equal to what the types generate.

use schemars::{JsonSchema, schema_for};

use crate::model::{Contacts, Course, Module, Quiz, Signals, Sources};

/// The file kinds, in the order `leskit schema` lists them.
pub const KINDS: [&str; 6] = ["module", "quiz", "course", "contacts", "sources", "signals"];

/// The schema of one file kind as pretty-printed JSON, or `None` for an unknown kind.
pub fn schema(kind: &str) -> Option<String> {
    Some(match kind {
        "module" => to_json::<Module>("A leskit module (modules/<id>.yaml)"),
        "quiz" => to_json::<Quiz>("A leskit scenario quiz (quizzes/<id>.yaml)"),
        "course" => to_json::<Course>("A leskit course (courses/<id>.yaml)"),
        "contacts" => to_json::<Contacts>("leskit helplines (content/contacts.yaml)"),
        "sources" => to_json::<Sources>("leskit sources (content/sources.yaml)"),
        "signals" => to_json::<Signals>("leskit signals (content/signals.yaml)"),
        _ => return None,
    })
}

fn to_json<T: JsonSchema>(title: &str) -> String {
    let mut schema = schema_for!(T);
    schema.insert("title".to_owned(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    text
}
