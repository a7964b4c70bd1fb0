//! What the paths on the command line name: the projects they lie in, and in each the modules and
//! courses to build or to preview. `check`, `build` and `preview` all ask here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::display_path;
use crate::error::{Error, Result};
use crate::model::{Course, Loaded, Module, Project};

/// One project named on the command line, whole or by some of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The project's folder.
    pub root: PathBuf,
    /// `None` when the project was named as a whole (its folder, or a file that is neither a
    /// module nor a course).
    named: Option<Named>,
}

/// The module and course ids named by their files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Named {
    modules: BTreeSet<String>,
    courses: BTreeSet<String>,
}

/// What one path names inside its project.
enum Part {
    Whole,
    Module(String),
    Course(String),
}

impl Selection {
    /// The projects that `paths` lie in (`.` when there are none), each once, in the order they
    /// were first named. A module file (`modules/<id>.yaml`) or a course file
    /// (`courses/<id>.yaml`) selects that module or course; any other path, its whole project.
    /// A project named as a whole and by a file is selected whole.
    pub fn from_paths(paths: &[PathBuf]) -> Result<Vec<Selection>> {
        let here = [PathBuf::from(".")];
        let paths = if paths.is_empty() { &here[..] } else { paths };
        let mut selections: Vec<Selection> = Vec::new();
        for path in paths {
            let root = crate::load::project_root(path)?;
            let named = match part_of(path) {
                Part::Whole => None,
                Part::Module(id) => Some(Named {
                    modules: BTreeSet::from([id]),
                    ..Named::default()
                }),
                Part::Course(id) => Some(Named {
                    courses: BTreeSet::from([id]),
                    ..Named::default()
                }),
            };
            match selections.iter_mut().find(|s| s.root == root) {
                Some(s) => match (s.named.as_mut(), named) {
                    (Some(all), Some(more)) => {
                        all.modules.extend(more.modules);
                        all.courses.extend(more.courses);
                    }
                    _ => s.named = None,
                },
                None => selections.push(Selection { root, named }),
            }
        }
        Ok(selections)
    }

    /// The modules to build: every module of a project selected whole, else the ones named.
    pub fn modules<'a>(&self, project: &'a Project) -> Vec<&'a Loaded<Module>> {
        project
            .modules
            .iter()
            .filter(|m| {
                self.named
                    .as_ref()
                    .is_none_or(|n| n.modules.contains(&m.value.id.value))
            })
            .collect()
    }

    /// The courses to build: every course of a project selected whole, else the ones named.
    pub fn courses<'a>(&self, project: &'a Project) -> Vec<&'a Loaded<Course>> {
        project
            .courses
            .iter()
            .filter(|c| {
                self.named
                    .as_ref()
                    .is_none_or(|n| n.courses.contains(&c.value.id.value))
            })
            .collect()
    }
}

/// A file in `modules/` is the module of its name; a YAML file in `courses/`, the course of its
/// name; anything else stands for its whole project.
fn part_of(path: &Path) -> Part {
    let folder_is = |name: &str| {
        path.parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == name)
    };
    let stem = || path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    if !path.is_file() {
        return Part::Whole;
    }
    let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
    match stem() {
        Some(id) if folder_is("modules") => Part::Module(id),
        Some(id) if folder_is("courses") && is_yaml => Part::Course(id),
        _ => Part::Whole,
    }
}

/// What `leskit preview` was pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Preview {
    /// One module of the project in `root`.
    Module { root: PathBuf, id: String },
    /// One course of the project in `root`.
    Course { root: PathBuf, id: String },
    /// No one module: the whole project around `root`, every module and course.
    Project { root: PathBuf },
}

impl Preview {
    /// The module or course that `path` names: a module or course file, a module's own folder
    /// (`modules/<id>/`), a project folder with one module, or a module or course id of the
    /// project this folder lies in. No path, or a project with several modules, asks for the
    /// whole project.
    pub fn from_path(path: Option<&Path>) -> Result<Preview> {
        let Some(path) = path else {
            let root = crate::load::discover(Path::new(".")).unwrap_or_else(|| PathBuf::from("."));
            return Ok(Preview::Project { root });
        };
        if path.is_file() {
            let root = crate::load::project_root(path)?;
            return match part_of(path) {
                Part::Module(id) => Ok(Preview::Module { root, id }),
                Part::Course(id) => Ok(Preview::Course { root, id }),
                _ => Err(Error::Usage(format!(
                    "`{}` is neither a module nor a course: name a file in modules/ or courses/, a module or course id, or a project folder",
                    display_path(path)
                ))),
            };
        }
        if path.is_dir() {
            // A module's own folder (modules/<id>/, with its images) means that module.
            let parent = path
                .parent()
                .filter(|p| p.file_name() == Some("modules".as_ref()));
            if let (Some(modules), Some(id)) = (parent, path.file_name().and_then(|n| n.to_str()))
                && modules.join(format!("{id}.yaml")).is_file()
            {
                return Ok(Preview::Module {
                    root: crate::load::project_root(&modules.join(format!("{id}.yaml")))?,
                    id: id.to_owned(),
                });
            }
            let root = crate::load::project_root(path)?;
            return match module_ids(&root)?.as_slice() {
                [only] => Ok(Preview::Module {
                    id: only.clone(),
                    root,
                }),
                _ => Ok(Preview::Project { root }),
            };
        }
        // A module id in the current project.
        let id = path.to_string_lossy().into_owned();
        let root = crate::load::discover(Path::new(".")).unwrap_or_else(|| PathBuf::from("."));
        let ids = module_ids(&root).unwrap_or_default();
        if ids.contains(&id) {
            return Ok(Preview::Module { root, id });
        }
        let courses = yaml_ids(&root.join("courses")).unwrap_or_default();
        if courses.contains(&id) {
            return Ok(Preview::Course { root, id });
        }
        let hint = crate::diag::suggest(&id, ids.iter().chain(&courses).map(String::as_str))
            .map(|s| format!(": did you mean `{s}`?"))
            .unwrap_or_else(|| {
                ": name a module or course file, a module or course id of the project in this folder, or a project folder"
                    .to_owned()
            });
        Err(Error::Usage(format!(
            "`{id}` is neither a file, a folder, a module nor a course here{hint}"
        )))
    }
}

/// What `leskit describe` was pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A module of the project in `root`, by its file or its id.
    Module { root: PathBuf, id: String },
    /// A course of the project in `root`, by its file.
    Course { root: PathBuf, id: String },
    /// A package: a zip file.
    Zip(PathBuf),
}

impl Subject {
    /// What `path` names: a `.zip` file, a module file, a course file, or a module id of the
    /// project this folder lies in.
    pub fn from_path(path: &Path) -> Result<Subject> {
        if path.is_file() {
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
            {
                return Ok(Subject::Zip(path.to_path_buf()));
            }
            let root = crate::load::project_root(path)?;
            return match part_of(path) {
                Part::Module(id) => Ok(Subject::Module { root, id }),
                Part::Course(id) => Ok(Subject::Course { root, id }),
                Part::Whole => Err(Error::Usage(format!(
                    "`{}` is neither a package nor a module or course: name a .zip, a file in modules/ or courses/, or a module id",
                    display_path(path)
                ))),
            };
        }
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "`{}` is a folder: name a .zip, a module or course file, or a module id",
                display_path(path)
            )));
        }
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
        {
            return Err(Error::io(
                "read",
                path,
                std::io::Error::from(std::io::ErrorKind::NotFound),
            ));
        }
        match Preview::from_path(Some(path))? {
            Preview::Module { root, id } => Ok(Subject::Module { root, id }),
            Preview::Course { root, id } => Ok(Subject::Course { root, id }),
            Preview::Project { root } => Err(Error::Usage(format!(
                "`{}` names no module in {}",
                display_path(path),
                display_path(&root)
            ))),
        }
    }
}

/// The ids of the modules in `root/modules/`, from their file names, sorted.
fn module_ids(root: &Path) -> Result<Vec<String>> {
    yaml_ids(&root.join("modules"))
}

/// The names of the `.yaml` files in `dir`, without the extension, sorted.
fn yaml_ids(dir: &Path) -> Result<Vec<String>> {
    let dir = dir.to_path_buf();
    let mut ids = Vec::new();
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ids),
        Err(e) => return Err(Error::io("read the folder", &dir, e)),
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml")
            && path.is_file()
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            ids.push(stem.to_owned());
        }
    }
    ids.sort();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in ["modules/a.yaml", "modules/b.yaml", "courses/c.yaml"] {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        std::fs::write(dir.path().join("leskit.toml"), "").unwrap();
        dir
    }

    #[test]
    fn files_select_their_modules_and_courses_and_a_folder_the_whole_project() {
        let dir = project();
        let p = dir.path();
        let picked =
            Selection::from_paths(&[p.join("modules/a.yaml"), p.join("courses/c.yaml")]).unwrap();
        assert_eq!(picked.len(), 1);
        assert_eq!(
            picked[0].named,
            Some(Named {
                modules: BTreeSet::from(["a".to_owned()]),
                courses: BTreeSet::from(["c".to_owned()]),
            })
        );
        let whole = Selection::from_paths(&[p.join("modules/a.yaml"), p.to_path_buf()]).unwrap();
        assert_eq!(whole.len(), 1);
        assert_eq!(whole[0].named, None);
    }

    #[test]
    fn a_module_folder_previews_its_module_and_a_course_file_its_course() {
        let dir = project();
        let p = dir.path();
        std::fs::create_dir_all(p.join("modules/a")).unwrap();
        assert!(matches!(
            Preview::from_path(Some(&p.join("modules/a"))).unwrap(),
            Preview::Module { id, .. } if id == "a"
        ));
        assert!(matches!(
            Preview::from_path(Some(p)).unwrap(),
            Preview::Project { .. }
        ));
        assert!(matches!(
            Preview::from_path(Some(&p.join("courses/c.yaml"))).unwrap(),
            Preview::Course { id, .. } if id == "c"
        ));
        let e = Preview::from_path(Some(&p.join("leskit.toml"))).unwrap_err();
        assert!(
            e.to_string().contains("neither a module nor a course"),
            "{e}"
        );
    }
}
