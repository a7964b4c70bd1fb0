//! `leskit.toml`, read with the `toml` crate. This is the only place that knows it; the result is
//! the model's [`Settings`], with the position of every value, and every mistake a diagnostic
//! with its line and column, like a YAML file's.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned as TomlSpanned;

use crate::diag::{Diagnostic, suggest};
use crate::model::{BuildSettings, Pos, Settings, Spanned};

/// The file as written. The model's [`Settings`] has the same keys (its JSON Schema is what
/// editors see); a unit test holds the two together.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    language: Option<TomlSpanned<String>>,
    organisation: Option<TomlSpanned<String>>,
    #[serde(default)]
    build: RawBuild,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawBuild {
    targets: Option<Vec<TomlSpanned<String>>>,
    out: Option<TomlSpanned<String>>,
}

/// The keys a table allows, for "did you mean" (the same as the structs above).
const TOP_KEYS: [&str; 3] = ["language", "organisation", "build"];
const BUILD_KEYS: [&str; 2] = ["targets", "out"];

/// Parses the text of `leskit.toml` at `path`.
pub fn parse(path: &Path, text: &str) -> Result<Settings, Diagnostic> {
    let raw: Raw = toml::from_str(text).map_err(|e| to_diagnostic(path, text, &e))?;
    let placed = |s: TomlSpanned<String>| Spanned {
        pos: position(text, s.span().start),
        value: s.into_inner(),
    };
    Ok(Settings {
        language: raw.language.map(placed),
        organisation: raw.organisation.map(placed),
        build: BuildSettings {
            targets: raw
                .build
                .targets
                .map(|t| t.into_iter().map(placed).collect()),
            out: raw.build.out.map(placed),
        },
    })
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

fn to_diagnostic(path: &Path, text: &str, e: &toml::de::Error) -> Diagnostic {
    let pos = e
        .span()
        .map_or(Pos::UNKNOWN, |span| position(text, span.start));
    let message = e.message().trim();
    let d = if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        // The table the key is in: the last header (`[build]`) above it.
        let in_build = text
            .get(..e.span().map_or(0, |s| s.start))
            .unwrap_or_default()
            .lines()
            .map(str::trim_start)
            .rfind(|l| l.starts_with('['))
            .is_some_and(|l| l.starts_with("[build]"));
        let allowed: &[&str] = if in_build { &BUILD_KEYS } else { &TOP_KEYS };
        let d = Diagnostic::error("E0102", format!("unknown key `{key}`"));
        match suggest(key, allowed.iter().copied()) {
            Some(s) => d.hint(format!("did you mean `{s}`?")),
            None => d.hint(format!(
                "the keys here are {}",
                allowed
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    } else if message.starts_with("invalid type") {
        Diagnostic::error("E0104", format!("wrong type of value: {message}"))
            .hint("docs/authoring.md lists the keys of leskit.toml and what each takes")
    } else {
        Diagnostic::error("E0101", format!("invalid TOML: {message}"))
            .hint("texts are written in quotes (`language = \"en\"`), lists in brackets (`targets = [\"scorm12\", \"html\"]`)")
    };
    d.at(path, pos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_schema_is_read() {
        let text = "language = \"en\"\norganisation = \"Gemeente Utrecht\"\n[build]\ntargets = [\"html\"]\nout = \"pakketten\"\n";
        let s = parse(Path::new("leskit.toml"), text).unwrap();
        assert_eq!(
            s.language.as_ref().unwrap().pos,
            Pos {
                line: 1,
                column: 12
            }
        );
        assert_eq!(s.build.out.as_ref().unwrap().value, "pakketten");
        assert_eq!(s.organisation.as_ref().unwrap().value, "Gemeente Utrecht");
        let schema: serde_json::Value =
            serde_json::from_str(&crate::schema::schema("leskit").unwrap()).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let mut top = TOP_KEYS.map(str::to_owned).to_vec();
        top.sort();
        assert_eq!(keys(&schema), top);
        let build = &schema["$defs"]["BuildSettings"];
        let mut b = BUILD_KEYS.map(str::to_owned).to_vec();
        b.sort();
        assert_eq!(keys(build), b);
    }

    #[test]
    fn an_unknown_key_is_reported_at_its_line_and_column() {
        let d = parse(
            Path::new("leskit.toml"),
            "language = \"nl\"\n[build]\ntarget = [\"html\"]\n",
        )
        .unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("E0102", 3, 1), "{d:?}");
        assert_eq!(d.hints, ["did you mean `targets`?"]);
    }
}
