//! JSON Schemas for every file kind, generated from the model types.
//!
//! The files in `schema/` are this output, committed so that editors with yaml-language-server
//! can use them straight from a checkout; a test keeps them equal to what the types generate.

use schemars::{JsonSchema, schema_for};

use crate::model::{Contacts, Course, Module, Quiz, Settings, Signals, Sources};

/// The file kinds, in the order `leskit schema` lists them.
pub const KINDS: [&str; 7] = [
    "module", "quiz", "course", "contacts", "sources", "signals", "leskit",
];

/// The schema of one file kind as pretty-printed JSON, or `None` for an unknown kind.
pub fn schema(kind: &str) -> Option<String> {
    Some(match kind {
        "module" => to_json::<Module>("A leskit module (modules/<id>.yaml)"),
        "quiz" => to_json::<Quiz>("A leskit scenario quiz (quizzes/<id>.yaml)"),
        "course" => to_json::<Course>("A leskit course (courses/<id>.yaml)"),
        "contacts" => to_json::<Contacts>("leskit helplines (content/contacts.yaml)"),
        "sources" => to_json::<Sources>("leskit sources (content/sources.yaml)"),
        "signals" => to_json::<Signals>("leskit signals (content/signals.yaml)"),
        "leskit" => to_json_with::<Settings>("leskit project settings (leskit.toml)", name_targets),
        _ => return None,
    })
}

fn to_json<T: JsonSchema>(title: &str) -> String {
    to_json_with::<T>(title, |_| {})
}

/// `build.targets` takes the names `--target` takes: the packaging's own list, and `all`, so that
/// an editor completes them and underlines a misspelt one.
fn name_targets(schema: &mut schemars::Schema) {
    let names: Vec<serde_json::Value> = crate::package::Target::ALL
        .iter()
        .map(|t| t.name().into())
        .chain(std::iter::once("all".into()))
        .collect();
    if let Some(items) = schema
        .pointer_mut("/$defs/BuildSettings/properties/targets/items")
        .and_then(serde_json::Value::as_object_mut)
    {
        items.insert("enum".to_owned(), names.into());
    }
}

fn to_json_with<T: JsonSchema>(title: &str, adjust: fn(&mut schemars::Schema)) -> String {
    let mut schema = schema_for!(T);
    adjust(&mut schema);
    schema.insert("title".to_owned(), title.into());
    // In place: serialising the `Schema` (not a plain JSON value) keeps the keywords in their
    // usual order, `$schema` and `title` first.
    if let Some(map) = schema.as_object_mut() {
        map.values_mut().for_each(for_editors);
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialise");
    text.push('\n');
    text
}

/// Makes a generated schema one that editors complete from. yaml-language-server offers no keys
/// at all for a mapping in which one property has `"default": null`, and inserts a property's
/// default with its key (`description: null`). So a default that is nothing, or a whole mapping,
/// is dropped (the mapping's own keys carry theirs); every other default stays, for insertion,
/// and is named at the end of the description that completion and hover show.
fn for_editors(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            match map.get("default") {
                Some(Value::Null | Value::Object(_)) => {
                    map.remove("default");
                }
                Some(default) => {
                    let shown = match default {
                        Value::Array(items) if items.is_empty() => "none".to_owned(),
                        Value::String(s) => format!("`{s}`"),
                        other => format!("`{other}`"),
                    };
                    let said = format!("Default: {shown}.");
                    let description = match map.get("description") {
                        Some(Value::String(d)) => format!("{d}\n\n{said}"),
                        _ => said,
                    };
                    map.insert("description".to_owned(), description.into());
                }
                None => {}
            }
            map.values_mut().for_each(for_editors);
        }
        Value::Array(items) => items.iter_mut().for_each(for_editors),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    /// The names an editor offers for `build.targets` are exactly the ones a build accepts.
    #[test]
    fn the_targets_an_editor_offers_are_the_ones_a_build_takes() {
        let schema: serde_json::Value =
            serde_json::from_str(&super::schema("leskit").unwrap()).unwrap();
        let offered: Vec<&str> = schema
            .pointer("/$defs/BuildSettings/properties/targets/items/enum")
            .and_then(serde_json::Value::as_array)
            .expect("build.targets lists its names")
            .iter()
            .filter_map(serde_json::Value::as_str)
            .collect();
        for name in &offered {
            assert!(
                crate::build::parse_targets(name).is_ok(),
                "`{name}` is offered but refused"
            );
        }
        for target in crate::package::Target::ALL {
            assert!(
                offered.contains(&target.name()),
                "`{}` is not offered",
                target.name()
            );
        }
        assert!(offered.contains(&"all"));
    }
}
