//! `preview`: a module served on 127.0.0.1 inside a simulated LMS, rebuilt whenever a source
//! changes.
//!
//! The module is rendered in memory through the same functions as `build` ([`check_project`],
//! [`crate::render::render_module`], [`crate::package::add_media`],
//! [`crate::package::Target::manifest`]), so what the browser
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

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::display_path;
use crate::error::{Error, Result};
use crate::package::Target;

pub use server::{HEAD_DEADLINE, MAX_CONNECTIONS, RESPONSE_DEADLINE, safe_request_path};

/// The port tried first; when it is taken, the next ones are.
pub const DEFAULT_PORT: u16 = 4700;

/// What `leskit preview` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project's folder.
    pub root: PathBuf,
    /// The module to preview ([`crate::select::Preview`] finds it from the command line).
    pub module_id: String,
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
    let (root, module_id) = (options.root.clone(), options.module_id.clone());
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
