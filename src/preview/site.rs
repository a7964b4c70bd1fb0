//! One build of the previewed module: every file of its package, for each standard and
//! interface language, made in memory by the function `build` uses
//! ([`crate::package::module_package`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::check::{check_project, today};
use crate::diag::{Diagnostic, Severity, display_path, render_human};
use crate::package::{Target, module_package};
use crate::render::Templates;

/// Everything needed to build the previewed module again.
#[derive(Debug, Clone)]
pub struct Builder {
    pub root: PathBuf,
    pub module_id: String,
    pub templates: Option<PathBuf>,
}

/// The files of one package: path → bytes, the manifest and schema files included.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// A successful build: the package's files for every view (standard × interface language).
#[derive(Debug)]
pub struct Views {
    pub title: String,
    /// The module's own language first, then the others the interface strings offer.
    pub languages: Vec<String>,
    /// (target name, language) → files.
    pub files: BTreeMap<(&'static str, String), Files>,
}

impl Views {
    /// Whether two builds would serve the same bytes (a save that changed nothing visible).
    pub fn same_as(&self, other: &Views) -> bool {
        self.title == other.title && self.languages == other.languages && self.files == other.files
    }
}

/// A problem shown in the page's overlay and printed in the terminal.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub code: String,
    pub message: String,
    pub file: Option<String>,
    pub line: u32,
    pub column: u32,
    pub hints: Vec<String>,
    /// As printed in the terminal, with the source line.
    pub text: String,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic, source: Option<&str>) -> Problem {
        Problem {
            severity: d.severity,
            code: d.code.to_owned(),
            message: d.message.clone(),
            file: d.file.as_deref().map(display_path),
            line: d.line,
            column: d.column,
            hints: d.hints.clone(),
            text: render_human(d, source),
        }
    }

    fn plain(severity: Severity, message: String, file: Option<&Path>) -> Problem {
        let kind = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let file = file.map(display_path);
        let mut text = format!("{kind}: {message}\n");
        if let Some(f) = &file {
            text.push_str(&format!(" --> {f}\n"));
        }
        Problem {
            severity,
            code: String::new(),
            message,
            file,
            line: 0,
            column: 0,
            hints: Vec::new(),
            text,
        }
    }
}

/// What one build produced: the views when it succeeded, and the problems found either way.
#[derive(Debug)]
pub struct Outcome {
    pub views: Option<Views>,
    /// Errors stop the build: the preview keeps showing the last good one.
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl Builder {
    /// Checks the project and renders the module, as `build` would.
    pub fn build(&self) -> Outcome {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let templates = match Templates::load(self.templates.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                errors.push(Problem::plain(
                    Severity::Error,
                    e.to_string(),
                    self.templates.as_deref(),
                ));
                return Outcome {
                    views: None,
                    errors,
                    warnings,
                };
            }
        };
        let checked = match check_project(&self.root, today()) {
            Ok(c) => c,
            Err(e) => {
                errors.push(Problem::plain(Severity::Error, e.to_string(), None));
                return Outcome {
                    views: None,
                    errors,
                    warnings,
                };
            }
        };
        for d in checked.diagnostics.sorted() {
            let source = d.file.as_deref().and_then(|f| checked.texts.get(f));
            let problem = Problem::from_diagnostic(&d, source);
            if d.is_error() {
                errors.push(problem);
            } else {
                warnings.push(problem);
            }
        }
        if !errors.is_empty() {
            return Outcome {
                views: None,
                errors,
                warnings,
            };
        }
        let project = &checked.project;
        let Some(module) = project
            .modules
            .iter()
            .find(|m| m.value.id.value == self.module_id)
        else {
            errors.push(Problem::plain(
                Severity::Error,
                format!(
                    "the module `{}` is no longer in {}",
                    self.module_id,
                    display_path(&self.root.join("modules"))
                ),
                None,
            ));
            return Outcome {
                views: None,
                errors,
                warnings,
            };
        };
        let languages = languages(&module.value.language.value, &templates);
        let mut files = BTreeMap::new();
        for target in Target::SCORM.iter().copied() {
            for lang in &languages {
                let mut module = module.clone();
                module.value.language.value = lang.clone();
                let package = match module_package(project, &module, target, &templates) {
                    Ok(package) => package,
                    Err(e) => {
                        errors.push(Problem::plain(Severity::Error, e.to_string(), None));
                        return Outcome {
                            views: None,
                            errors,
                            warnings,
                        };
                    }
                };
                let package: Files = package
                    .files()
                    .map(|(name, bytes)| (name.to_owned(), Arc::from(bytes)))
                    .collect();
                files.insert((target.name(), lang.clone()), package);
            }
        }
        warnings.sort_by(|a, b| a.text.cmp(&b.text));
        warnings.dedup_by(|a, b| a.text == b.text);
        Outcome {
            views: Some(Views {
                title: module.value.title.value.clone(),
                languages,
                files,
            }),
            errors,
            warnings,
        }
    }
}

/// The interface languages to offer: the module's own first, then every other language of the
/// interface strings (from `--templates` when it has a `strings.json`).
fn languages(own: &str, templates: &Templates) -> Vec<String> {
    let mut all = vec![own.to_owned()];
    let own_primary = own.split('-').next().unwrap_or(own);
    for key in templates.languages() {
        let url_safe =
            !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if url_safe && key != own_primary && !all.iter().any(|a| a == key) {
            all.push(key.to_owned());
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_module_language_comes_first() {
        let templates = Templates::load(None).unwrap();
        let langs = languages("en", &templates);
        assert_eq!(langs[0], "en");
        assert!(langs.contains(&"nl".to_owned()));
        assert_eq!(languages("nl-BE", &templates)[0], "nl-BE");
        assert!(!languages("nl-BE", &templates).contains(&"nl".to_owned()));
    }
}
