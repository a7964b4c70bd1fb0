//! One build of the project for the preview: the project checked as `build` checks it, what there
//! is to preview (every module and course, with the files each one is made from), and on demand
//! every file of one module's or course's package, for each standard and interface language, made
//! in memory by the functions `build` uses ([`crate::package::module_package`],
//! [`crate::package::course_package`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::check::{check_project, today};
use crate::diag::{Diagnostic, Severity, display_path, render_human};
use crate::model::{Block, Loaded, Module, Project};
use crate::package::{Target, course_package, final_test_module, module_package};
use crate::render::Templates;

/// A module or a course of the project, by id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Module(String),
    Course(String),
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Module(id) | Item::Course(id) => id,
        }
    }

    /// `module` or `course`.
    pub fn kind(&self) -> &'static str {
        match self {
            Item::Module(_) => "module",
            Item::Course(_) => "course",
        }
    }

    /// Where the preview serves it: `/modules/<id>/` or `/courses/<id>/`.
    pub fn href(&self) -> String {
        format!("/{}s/{}/", self.kind(), self.id())
    }
}

/// Everything needed to check the project again.
#[derive(Debug, Clone)]
pub struct Builder {
    pub root: PathBuf,
    pub templates: Option<PathBuf>,
}

/// The files of one package: path → bytes, the manifest and schema files included.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// The package of one module or course for every view (standard × interface language).
#[derive(Debug)]
pub struct Views {
    pub title: String,
    /// The standards it can be previewed in (a course that one of them cannot express is left
    /// out of that one).
    pub targets: Vec<&'static str>,
    /// The module's own language first, then the others the interface strings offer.
    pub languages: Vec<String>,
    /// (target name, language) → files.
    pub files: BTreeMap<(&'static str, String), Files>,
}

impl Views {
    /// Whether two builds would serve the same bytes (a save that changed nothing visible).
    pub fn same_as(&self, other: &Views) -> bool {
        self.title == other.title
            && self.targets == other.targets
            && self.languages == other.languages
            && self.files == other.files
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
    /// The file relative to the project folder, with `/` between names: what the watcher and
    /// the items' sources are compared by.
    #[serde(skip)]
    pub source: Option<String>,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic, text: Option<&str>, root: &Path) -> Problem {
        Problem {
            severity: d.severity,
            code: d.code.to_owned(),
            message: d.message.clone(),
            file: d.file.as_deref().map(display_path),
            line: d.line,
            column: d.column,
            hints: d.hints.clone(),
            text: render_human(d, text),
            source: d.file.as_deref().and_then(|f| relative(root, f)),
        }
    }

    pub(super) fn plain(severity: Severity, message: String, file: Option<&Path>) -> Problem {
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
            source: None,
        }
    }
}

/// `path` relative to `root`, with `/` between names; `None` for a path outside it.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel =
        path.strip_prefix(root)
            .ok()
            .map(Path::to_path_buf)
            .or_else(|| {
                let root = root.canonicalize().ok()?;
                let path = path.canonicalize().ok().or_else(|| {
                    Some(path.parent()?.canonicalize().ok()?.join(path.file_name()?))
                })?;
                path.strip_prefix(root).ok().map(Path::to_path_buf)
            })?;
    let names: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    (!names.is_empty()).then(|| names.join("/"))
}

/// A module or course as the index lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemInfo {
    #[serde(skip)]
    pub item: Item,
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub version: String,
    /// Its source file, as the terminal names it.
    pub file: String,
    /// A course's modules in order, the final test last.
    pub modules: Vec<String>,
    /// How many of the project's warnings are in the files it is made from.
    pub warnings: usize,
    /// Where the preview serves it.
    pub href: String,
    /// Its own source file, relative to the project folder.
    #[serde(skip)]
    pub main: String,
    /// Every file it is made from, relative to the project folder (a folder ends in `/`).
    #[serde(skip)]
    pub sources: BTreeSet<String>,
}

impl ItemInfo {
    /// Whether it is made from the file `rel` (relative to the project folder).
    pub fn uses(&self, rel: &str) -> bool {
        self.sources.contains(rel)
            || self
                .sources
                .iter()
                .any(|s| s.ends_with('/') && rel.starts_with(s.as_str()))
    }
}

/// A checked project without errors, and the templates it renders with.
pub struct Good {
    pub project: Project,
    pub templates: Templates,
}

impl std::fmt::Debug for Good {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Good").finish_non_exhaustive()
    }
}

/// What one check of the project found.
#[derive(Debug)]
pub struct Outcome {
    /// The project, when it has no errors: the preview keeps showing the last good one.
    pub good: Option<Arc<Good>>,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
    /// Every module, then every course, each in the order of its id.
    pub items: Vec<ItemInfo>,
    /// The standards `leskit.toml` builds (`build.targets`).
    pub targets: Vec<&'static str>,
}

impl Outcome {
    fn failed(errors: Vec<Problem>) -> Outcome {
        Outcome {
            good: None,
            errors,
            warnings: Vec::new(),
            items: Vec::new(),
            targets: Vec::new(),
        }
    }

    /// The warnings to tell after a save of the files `changed` (relative to the project
    /// folder): those in the changed files, and those in the source file of every module or
    /// course made from one of them. With nothing known to have changed, every warning.
    pub fn warnings_after(&self, changed: &[String]) -> Vec<&Problem> {
        if changed.is_empty() {
            return self.warnings.iter().collect();
        }
        let mut files: BTreeSet<&str> = changed.iter().map(String::as_str).collect();
        for info in &self.items {
            if changed.iter().any(|c| info.uses(c)) {
                files.insert(info.main.as_str());
            }
        }
        self.warnings
            .iter()
            .filter(|w| w.source.as_deref().is_some_and(|s| files.contains(s)))
            .collect()
    }

    /// The warnings in the files `item` is made from.
    pub fn warnings_of<'a>(&'a self, info: &'a ItemInfo) -> impl Iterator<Item = &'a Problem> {
        self.warnings
            .iter()
            .filter(|w| w.source.as_deref().is_some_and(|s| info.uses(s)))
    }
}

impl Builder {
    /// Checks the project as `build` would, and lists what there is to preview.
    pub fn build(&self) -> Outcome {
        let templates = match Templates::load(self.templates.as_deref()) {
            Ok(t) => t,
            Err(e) => {
                return Outcome::failed(vec![Problem::plain(
                    Severity::Error,
                    e.to_string(),
                    self.templates.as_deref(),
                )]);
            }
        };
        let checked = match check_project(&self.root, today()) {
            Ok(c) => c,
            Err(e) => {
                return Outcome::failed(vec![Problem::plain(Severity::Error, e.to_string(), None)]);
            }
        };
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        for d in checked.diagnostics.sorted() {
            let text = d.file.as_deref().and_then(|f| checked.texts.get(f));
            let problem = Problem::from_diagnostic(&d, text, &self.root);
            if d.is_error() {
                errors.push(problem);
            } else {
                warnings.push(problem);
            }
        }
        warnings.sort_by(|a, b| a.text.cmp(&b.text));
        warnings.dedup_by(|a, b| a.text == b.text);
        let project = checked.project;
        let mut items = items(&project, &self.root);
        let mut outcome = Outcome {
            good: None,
            errors,
            warnings,
            items: Vec::new(),
            targets: crate::build::configured_targets(&project)
                .map(|ts| ts.iter().map(|t| t.name()).collect())
                .unwrap_or_default(),
        };
        for info in &mut items {
            info.warnings = outcome.warnings_of(info).count();
        }
        outcome.items = items;
        if outcome.errors.is_empty() {
            outcome.good = Some(Arc::new(Good { project, templates }));
        }
        outcome
    }
}

/// Every module and course of `project`, with the files each is made from.
fn items(project: &Project, root: &Path) -> Vec<ItemInfo> {
    let rel = |p: &Path| relative(root, p).unwrap_or_else(|| display_path(p));
    // Shared by every module that shows a signal, contact or source; and leskit.toml.
    let mut shared: BTreeSet<String> = BTreeSet::new();
    for path in [
        project.contacts.as_ref().map(|c| &c.path),
        project.sources.as_ref().map(|c| &c.path),
        project.signals.as_ref().map(|c| &c.path),
        project.settings.as_ref().map(|c| &c.path),
    ]
    .into_iter()
    .flatten()
    {
        shared.insert(rel(path));
    }
    let module_sources = |m: &Loaded<Module>| {
        let mut s = shared.clone();
        s.insert(rel(&m.path));
        s.insert(format!("modules/{}/", m.value.id.value));
        for page in &m.value.pages {
            for block in &page.blocks {
                if let Block::Quiz(id) = block
                    && let Some(q) = project.quiz(&id.value)
                {
                    s.insert(rel(&q.path));
                }
            }
        }
        s
    };
    let mut modules: Vec<ItemInfo> = project
        .modules
        .iter()
        .map(|m| ItemInfo {
            item: Item::Module(m.value.id.value.clone()),
            kind: "module",
            id: m.value.id.value.clone(),
            title: m.value.title.value.clone(),
            version: m.value.version.value.clone(),
            file: display_path(&m.path),
            modules: Vec::new(),
            warnings: 0,
            href: Item::Module(m.value.id.value.clone()).href(),
            main: rel(&m.path),
            sources: module_sources(m),
        })
        .collect();
    modules.sort_by(|a, b| a.id.cmp(&b.id));
    let mut courses: Vec<ItemInfo> = project
        .courses
        .iter()
        .map(|c| {
            let mut sources = BTreeSet::new();
            sources.insert(rel(&c.path));
            let mut ids = Vec::new();
            for id in &c.value.modules {
                ids.push(id.value.clone());
                if let Some(m) = project
                    .modules
                    .iter()
                    .find(|m| m.value.id.value == id.value)
                {
                    sources.extend(module_sources(m));
                }
            }
            if let Some(test) = final_test_module(project, &c.value) {
                ids.push(test.value.id.value.clone());
                sources.extend(module_sources(&test));
                sources.insert(rel(&test.path));
            }
            let item = Item::Course(c.value.id.value.clone());
            ItemInfo {
                href: item.href(),
                item,
                kind: "course",
                id: c.value.id.value.clone(),
                title: c.value.title.value.clone(),
                version: c.value.version.value.clone(),
                file: display_path(&c.path),
                modules: ids,
                warnings: 0,
                main: rel(&c.path),
                sources,
            }
        })
        .collect();
    courses.sort_by(|a, b| a.id.cmp(&b.id));
    modules.extend(courses);
    modules
}

/// Renders `item`'s package for every SCORM standard and interface language, as `build` would.
pub fn render(good: &Good, item: &Item) -> Result<Views, Problem> {
    let project = &good.project;
    let templates = &good.templates;
    let gone = |folder: &str| {
        Problem::plain(
            Severity::Error,
            format!(
                "the {} `{}` is no longer in {}",
                item.kind(),
                item.id(),
                display_path(&project.root.join(folder))
            ),
            None,
        )
    };
    let mut files = BTreeMap::new();
    let mut targets = Vec::new();
    let (title, languages) = match item {
        Item::Module(id) => {
            let module = project
                .modules
                .iter()
                .find(|m| m.value.id.value == *id)
                .ok_or_else(|| gone("modules"))?;
            let languages = languages(&module.value.language.value, templates);
            for target in Target::SCORM.iter().copied() {
                for lang in &languages {
                    let mut module = module.clone();
                    module.value.language.value = lang.clone();
                    let package = module_package(project, &module, target, templates)
                        .map_err(|e| Problem::plain(Severity::Error, e.to_string(), None))?;
                    files.insert((target.name(), lang.clone()), collect(&package));
                }
                targets.push(target.name());
            }
            (module.value.title.value.clone(), languages)
        }
        Item::Course(id) => {
            let course = project
                .courses
                .iter()
                .find(|c| c.value.id.value == *id)
                .ok_or_else(|| gone("courses"))?;
            let languages = languages(&course.value.language.value, templates);
            let mut failure = None;
            for target in Target::SCORM.iter().copied() {
                let mut all = true;
                for lang in &languages {
                    // The interface language of every SCO: the course's and its modules'.
                    let mut project = project.clone();
                    let mut course = course.clone();
                    if *lang != course.value.language.value {
                        course.value.language.value = lang.clone();
                        for m in &mut project.modules {
                            m.value.language.value = lang.clone();
                        }
                    }
                    match course_package(&project, &course, target, templates) {
                        Ok(package) => {
                            files.insert((target.name(), lang.clone()), collect(&package));
                        }
                        Err(e) => {
                            failure.get_or_insert(e.to_string());
                            all = false;
                            break;
                        }
                    }
                }
                if all {
                    targets.push(target.name());
                } else {
                    files.retain(|(t, _), _| *t != target.name());
                }
            }
            if targets.is_empty() {
                return Err(Problem::plain(
                    Severity::Error,
                    failure.unwrap_or_else(|| format!("the course `{id}` has no package")),
                    Some(&course.path),
                ));
            }
            (course.value.title.value.clone(), languages)
        }
    };
    Ok(Views {
        title,
        targets,
        languages,
        files,
    })
}

fn collect(package: &crate::package::Package) -> Files {
    package
        .files()
        .map(|(name, bytes)| (name.to_owned(), Arc::from(bytes)))
        .collect()
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

    fn warning(source: &str) -> Problem {
        let mut p = Problem::plain(Severity::Warning, format!("in {source}"), None);
        p.source = Some(source.to_owned());
        p
    }

    fn info(item: Item, main: &str, sources: &[&str]) -> ItemInfo {
        ItemInfo {
            kind: item.kind(),
            id: item.id().to_owned(),
            href: item.href(),
            item,
            title: String::new(),
            version: String::new(),
            file: main.to_owned(),
            modules: Vec::new(),
            warnings: 0,
            main: main.to_owned(),
            sources: sources.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn a_save_tells_the_warnings_of_the_file_and_of_what_is_made_from_it() {
        let outcome = Outcome {
            good: None,
            errors: Vec::new(),
            warnings: [
                "modules/a.yaml",
                "quizzes/qa.yaml",
                "modules/b.yaml",
                "courses/c.yaml",
            ]
            .into_iter()
            .map(warning)
            .collect(),
            items: vec![
                info(
                    Item::Module("a".into()),
                    "modules/a.yaml",
                    &["modules/a.yaml", "quizzes/qa.yaml", "modules/a/"],
                ),
                info(
                    Item::Module("b".into()),
                    "modules/b.yaml",
                    &["modules/b.yaml"],
                ),
                info(
                    Item::Course("c".into()),
                    "courses/c.yaml",
                    &["courses/c.yaml", "modules/b.yaml"],
                ),
            ],
            targets: Vec::new(),
        };
        let told = |changed: &[&str]| -> Vec<String> {
            let changed: Vec<String> = changed.iter().map(|s| (*s).to_owned()).collect();
            outcome
                .warnings_after(&changed)
                .iter()
                .map(|p| p.source.clone().unwrap())
                .collect()
        };
        // The quiz: its own warning and its module's, not b's nor the course's.
        assert_eq!(
            told(&["quizzes/qa.yaml"]),
            ["modules/a.yaml", "quizzes/qa.yaml"]
        );
        // An image in a's folder: a's.
        assert_eq!(told(&["modules/a/kaart.svg"]), ["modules/a.yaml"]);
        // b: b's and the course's, made from it.
        assert_eq!(
            told(&["modules/b.yaml"]),
            ["modules/b.yaml", "courses/c.yaml"]
        );
        // Nothing known: everything.
        assert_eq!(told(&[]).len(), 4);
        assert_eq!(outcome.warnings_of(&outcome.items[2]).count(), 2);
    }
}
