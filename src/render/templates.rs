//! The templates, built-in or overridden file by file.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use crate::error::{Error, Result};

/// Every template file, with its built-in contents. Handlebars templates end in `.hbs`;
/// `strings.json` holds the interface strings; the rest are copied into `leskit/` in each package.
/// The page shell is one script per standard, `leskit-<standard>.js`, joined from the modules in
/// `templates/page/` by `scripts/bundle-page` (committed, so building needs no Node); a package
/// carries its own standard's as `leskit/leskit.js`.
const BUILT_IN: [(&str, &str); 12] = [
    ("index.hbs", include_str!("../../templates/index.hbs")),
    (
        "cover-art.hbs",
        include_str!("../../templates/cover-art.hbs"),
    ),
    ("quiz.hbs", include_str!("../../templates/quiz.hbs")),
    ("course.hbs", include_str!("../../templates/course.hbs")),
    ("handout.hbs", include_str!("../../templates/handout.hbs")),
    ("strings.json", include_str!("../../templates/strings.json")),
    ("leskit.css", include_str!("../../templates/leskit.css")),
    ("handout.css", include_str!("../../templates/handout.css")),
    (
        "leskit-scorm12.js",
        include_str!("../../templates/leskit-scorm12.js"),
    ),
    (
        "leskit-scorm2004.js",
        include_str!("../../templates/leskit-scorm2004.js"),
    ),
    (
        "leskit-cmi5.js",
        include_str!("../../templates/leskit-cmi5.js"),
    ),
    (
        "leskit-web.js",
        include_str!("../../templates/leskit-web.js"),
    ),
];

/// An override that replaces the page shell of every standard at once (a folder may still give
/// one standard's its own, `leskit-<standard>.js`, which then wins). It has no built-in: the
/// built-in shell differs per standard.
const ONE_SHELL: &str = "leskit.js";

/// The templates a build uses.
pub struct Templates {
    hbs: Handlebars<'static>,
    statics: Vec<(&'static str, Vec<u8>)>,
    strings: serde_json::Map<String, serde_json::Value>,
}

impl Templates {
    /// The built-in templates, with any file of the same name in `overrides` taking its place.
    pub fn load(overrides: Option<&Path>) -> Result<Templates> {
        if let Some(dir) = overrides {
            // The folder named is the one used: a link there could be planted in a shared
            // project to make a build read templates from anywhere.
            if dir
                .symlink_metadata()
                .is_ok_and(|m| m.file_type().is_symlink())
            {
                return Err(Error::Usage(format!(
                    "the template folder `{}` is a symbolic link; name the folder it leads to instead",
                    crate::diag::display_path(dir)
                )));
            }
            let entries = std::fs::read_dir(dir)
                .map_err(|e| Error::io("read the template folder", dir, e))?;
            for entry in entries {
                let entry = entry.map_err(|e| Error::io("read the template folder", dir, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !BUILT_IN.iter().any(|(n, _)| *n == name)
                    && name != ONE_SHELL
                    && !crate::fs::is_litter(&entry.file_name())
                {
                    let mut known: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                    known.push(ONE_SHELL);
                    return Err(Error::Usage(format!(
                        "`{}` is not a leskit template; the templates are {}",
                        crate::diag::display_path(&entry.path()),
                        known.join(", ")
                    )));
                }
            }
        }
        let mut hbs = Handlebars::new();
        hbs.set_strict_mode(true);
        hbs.set_dev_mode(false);
        let mut statics = Vec::new();
        let mut strings = None;
        let one_shell = overrides.map(|d| d.join(ONE_SHELL)).filter(|p| p.is_file());
        for (name, built_in) in BUILT_IN {
            let overridden = overrides
                .map(|d| d.join(name))
                .filter(|p| p.is_file())
                .or_else(|| {
                    one_shell
                        .clone()
                        .filter(|_| name.starts_with("leskit-") && name.ends_with(".js"))
                });
            let text = match &overridden {
                Some(path) => String::from_utf8(crate::fs::read_contained(
                    overrides.expect("an override comes from the folder"),
                    path,
                    crate::limits::MAX_TEMPLATE_BYTES,
                )?)
                .map_err(|_| {
                    Error::Template(format!(
                        "the template `{}` is not UTF-8 text",
                        crate::diag::display_path(path)
                    ))
                })?,
                None => built_in.to_owned(),
            };
            let shown = overridden
                .as_deref()
                .map_or_else(|| format!("templates/{name}"), crate::diag::display_path);
            if let Some(stem) = name.strip_suffix(".hbs") {
                hbs.register_template_string(stem, &text)
                    .map_err(|e| Error::Template(format!("in the template `{shown}`: {e}")))?;
            } else if name == "strings.json" {
                let parsed: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| Error::Template(format!("in `{shown}`: {e}")))?;
                match parsed {
                    serde_json::Value::Object(map)
                        if map.contains_key("nl") && map.contains_key("en") =>
                    {
                        strings = Some(map)
                    }
                    _ => {
                        return Err(Error::Template(format!(
                            "`{shown}` must hold an object with the languages `nl` and `en`"
                        )));
                    }
                }
            } else {
                statics.push((name, text.into_bytes()));
            }
        }
        Ok(Templates {
            hbs,
            statics,
            strings: strings.expect("strings.json is among the built-ins"),
        })
    }

    /// Renders the template `name` (with `.hbs`) with `data`.
    /// Stops at [`crate::limits::MAX_RENDERED_BYTES`]: the page is written into a buffer that
    /// refuses more, so a module that would render to gigabytes fails early, with little memory.
    pub fn render<T: Serialize>(&self, name: &str, data: &T) -> Result<String> {
        let stem = name.strip_suffix(".hbs").unwrap_or(name);
        let mut out = Capped::default();
        match self.hbs.render_to_write(stem, data, &mut out) {
            _ if out.over => Err(too_large()),
            Ok(()) => String::from_utf8(out.bytes).map_err(|_| {
                Error::Template(format!(
                    "the template `templates/{name}` wrote bytes that are not UTF-8"
                ))
            }),
            Err(e) => Err(Error::Template(format!(
                "in the template `templates/{name}`: {e}"
            ))),
        }
    }

    /// The page shell's files for `runtime`, copied as they are into a package's `leskit/`
    /// folder: the style sheet and the standard's own script, as `leskit.js`. (The hand-out's
    /// style sheet goes with the hand-out.)
    pub fn page_shell(&self, runtime: super::Runtime) -> impl Iterator<Item = (&str, &[u8])> {
        let script = shell_script(runtime);
        self.statics.iter().filter_map(move |(n, b)| {
            if *n == "leskit.css" {
                Some((*n, b.as_slice()))
            } else if *n == script {
                Some(("leskit.js", b.as_slice()))
            } else {
                None
            }
        })
    }

    /// One of the files copied as they are, by name.
    pub fn file(&self, name: &str) -> Option<&[u8]> {
        self.statics
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.as_slice())
    }

    /// The interface strings for a language tag: its primary language when the strings file has
    /// it, else English.
    /// The languages of the interface strings, as `strings.json` lists them.
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.strings.keys().map(String::as_str)
    }

    pub fn strings(&self, language: &str) -> &serde_json::Value {
        let primary = language.split('-').next().unwrap_or(language);
        self.strings
            .get(primary)
            .or_else(|| self.strings.get("en"))
            .expect("checked on load")
    }
}

/// The name of the page shell's script for `runtime`: `leskit-<name>.js`, with the run-time's
/// name as the page data writes it.
fn shell_script(runtime: super::Runtime) -> String {
    format!("leskit-{}.js", runtime.name)
}

/// The error for rendered pages over [`crate::limits::MAX_RENDERED_BYTES`].
pub fn too_large() -> Error {
    Error::Invalid(format!(
        "the pages would be larger than {} MiB (MAX_RENDERED_BYTES): the module shows too much text, such as many large quizzes; split it into several modules",
        crate::limits::MAX_RENDERED_BYTES >> 20
    ))
}

/// A buffer that takes at most [`crate::limits::MAX_RENDERED_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > crate::limits::MAX_RENDERED_BYTES {
            self.over = true;
            return Err(std::io::Error::other("over the limit of rendered bytes"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
