//! `preview`: a module served on 127.0.0.1 inside a simulated LMS, rebuilt whenever a source
//! changes.
//!
//! The module is rendered in memory through the same functions as `build` ([`check_project`],
//! [`crate::render::render_module`], [`crate::package::Target::manifest`]), so what the browser
//! shows is byte for byte what a package would hold. The LMS page around it (in `assets/`) runs
//! the vendored scorm-again run-time and an inspector of every call.
//!
//! - [`site`] renders a snapshot: every file of the package for each standard and interface
//!   language, or the diagnostics that stop it;
//! - [`server`] serves the snapshot, the LMS page and a stream of change events;
//! - [`watch`] rebuilds the snapshot when a source file changes.

mod server;
mod site;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::check::{check_project, today};
use crate::diag::display_path;
use crate::error::{Error, Result};
use crate::package::Target;

pub use server::{HEAD_DEADLINE, MAX_CONNECTIONS, RESPONSE_DEADLINE, safe_request_path};

/// The port tried first; when it is taken, the next ones are.
pub const DEFAULT_PORT: u16 = 4700;

/// What `leskit preview` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// A module file, a module's folder, a module id, or a project folder.
    pub path: Option<PathBuf>,
    /// `None`: [`DEFAULT_PORT`] or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub target: Target,
    /// Open the preview in the system's browser.
    pub open: bool,
    /// Templates that replace the built-in ones file by file, as for `build`.
    pub templates: Option<PathBuf>,
}

/// Runs the preview until Ctrl-C. Returns the exit code.
pub fn run(options: &Options) -> Result<u8> {
    let Some((root, module_id)) = resolve(options.path.as_deref())? else {
        return Ok(0);
    };
    if let Some(dir) = &options.templates
        && !dir.is_dir()
    {
        return Err(Error::Usage(format!(
            "`{}` is not a folder of templates",
            display_path(dir)
        )));
    }
    let builder = site::Builder {
        root: root.clone(),
        module_id: module_id.clone(),
        templates: options.templates.clone(),
    };
    let state = Arc::new(server::State::new(options.target, module_id.clone()));
    let started = std::time::Instant::now();
    let outcome = builder.build();
    outcome.report(started.elapsed());
    state.publish(outcome);

    let listener = server::bind(options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("listen on", "127.0.0.1", e))?;
    let url = format!("http://{addr}/");
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = Arc::clone(&stop);
        let state = Arc::clone(&state);
        ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            state.wake_all();
            server::wake(addr);
        })
        .map_err(|e| Error::Usage(format!("could not handle Ctrl-C: {e}")))?;
    }

    let _watcher = watch::start(&builder, Arc::clone(&state))?;

    // The address on standard output, alone on its line, for people and for scripts.
    crate::outln!("{url}");
    crate::errln!(
        "previewing `{module_id}` from {} at {url} (Ctrl-C stops)",
        display_path(&root)
    );
    crate::output::flush();
    if options.open {
        open_browser(&url);
    }

    server::serve(&listener, &state, &stop);
    crate::errln!("preview stopped");
    Ok(0)
}

/// The project and the module to preview, or `None` when the modules were listed instead.
fn resolve(path: Option<&Path>) -> Result<Option<(PathBuf, String)>> {
    let Some(path) = path else {
        list(Path::new("."))?;
        return Ok(None);
    };
    if path.is_file() {
        let root = crate::load::project_root(path)?;
        let in_modules = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|n| n == "modules");
        let id = path.file_stem().and_then(|s| s.to_str());
        return match (in_modules, id) {
            (true, Some(id)) => Ok(Some((root, id.to_owned()))),
            _ => Err(Error::Usage(format!(
                "`{}` is not a module: name a file in modules/, a module id or a project folder",
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
            return Ok(Some((
                crate::load::project_root(&modules.join(format!("{id}.yaml")))?,
                id.to_owned(),
            )));
        }
        let root = crate::load::project_root(path)?;
        let ids = module_ids(&root)?;
        return match ids.as_slice() {
            [only] => Ok(Some((root, only.clone()))),
            _ => {
                list(&root)?;
                Ok(None)
            }
        };
    }
    // A module id in the current project.
    let id = path.to_string_lossy().into_owned();
    let root = crate::load::discover(Path::new(".")).unwrap_or_else(|| PathBuf::from("."));
    let ids = module_ids(&root).unwrap_or_default();
    if ids.contains(&id) {
        return Ok(Some((root, id)));
    }
    let hint = crate::diag::suggest(&id, ids.iter().map(String::as_str))
        .map(|s| format!(": did you mean `{s}`?"))
        .unwrap_or_else(|| {
            ": name a module file, a module id of the project in this folder, or a project folder"
                .to_owned()
        });
    Err(Error::Usage(format!(
        "`{id}` is neither a file, a folder nor a module here{hint}"
    )))
}

/// The ids of the modules in `root/modules/`, from their file names, sorted.
fn module_ids(root: &Path) -> Result<Vec<String>> {
    let dir = root.join("modules");
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

/// Prints the project's modules and courses, and how to preview one.
fn list(root: &Path) -> Result<()> {
    let root = crate::load::project_root(root)?;
    let checked = check_project(&root, today())?;
    let p = &checked.project;
    let shown = display_path(&root);
    if p.modules.is_empty() {
        crate::errln!("{shown} has no modules yet: write one with `leskit new module <id>`");
        return Ok(());
    }
    let mut modules: Vec<_> = p.modules.iter().collect();
    modules.sort_by(|a, b| a.value.id.value.cmp(&b.value.id.value));
    let width = modules
        .iter()
        .map(|m| m.value.id.value.len())
        .chain(p.courses.iter().map(|c| c.value.id.value.len()))
        .max()
        .unwrap_or(0);
    crate::outln!("modules in {shown}:");
    for m in &modules {
        crate::outln!("  {:width$}  {}", m.value.id.value, m.value.title.value);
    }
    if !p.courses.is_empty() {
        crate::outln!("courses:");
        for c in &p.courses {
            let ids: Vec<&str> = c.value.modules.iter().map(|m| m.value.as_str()).collect();
            crate::outln!(
                "  {:width$}  {} ({})",
                c.value.id.value,
                c.value.title.value,
                ids.join(", ")
            );
        }
    }
    let example = &modules[0];
    crate::errln!(
        "preview a module with `leskit preview {}`",
        display_path(&example.path)
    );
    if checked.diagnostics.has_errors() {
        crate::errln!("note: the project has errors; `leskit check` lists them");
    }
    Ok(())
}

/// Opens `url` in the system's browser; a failure is only reported.
fn open_browser(url: &str) {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = result {
        crate::errln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
