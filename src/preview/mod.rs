//! `preview`: the project's modules and courses served on 127.0.0.1, each inside a simulated LMS,
//! rebuilt whenever a source changes.
//!
//! Without a module or course named, `/` is an index of everything in the project; each module
//! and course opens in the LMS page (a course as a course: its SCOs in order, its rules kept as
//! the standard's LMS keeps them). A module or course is packaged in memory through the same functions as `build` ([`check_project`],
//! [`crate::package::module_package`]), so what the browser shows is byte for byte what a package
//! would hold. The LMS page around it (in `assets/`) runs the vendored scorm-again run-time and an
//! inspector of every call.
//!
//! - [`site`] checks the project and lists its modules and courses, and renders one of them:
//!   every file of its package for each standard and interface language, or the diagnostics that
//!   stop it;
//! - [`server`] serves the snapshot, the LMS page and a stream of change events;
//! - [`watch`] rebuilds the snapshot when a source file changes.
//!
//! Nothing here prints: what the person running the preview is told (each build's problems, the
//! address, a failure to watch or to open a browser) goes to the [`Reporter`] the command gives.

mod server;
mod site;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::diag::display_path;
use crate::error::{Error, Result};
use crate::package::Target;

pub use server::{HEAD_DEADLINE, MAX_CONNECTIONS, RESPONSE_DEADLINE, safe_request_path};
pub use site::{Item, Outcome, Problem};

/// What happens in a preview that the person running it is told.
#[derive(Debug)]
pub enum Event<'a> {
    /// A check of the project finished, in `took`: its problems, or none. `changed` names the
    /// saved files that caused it (relative to the project folder; empty for the first check or
    /// when the watcher could not say): only the warnings of those, and of what is made from
    /// them, are news ([`Outcome::warnings_after`]).
    Built {
        outcome: &'a Outcome,
        took: Duration,
        changed: &'a [String],
    },
    /// The preview serves `item` (or, for `None`, the whole project) of the project in `root`
    /// at `url`.
    Serving {
        url: &'a str,
        item: Option<&'a Item>,
        root: &'a Path,
    },
    /// The watcher reported errors; a build follows to be safe.
    WatchFailed(String),
    /// No browser could be opened at `url`.
    NoBrowser { url: &'a str, error: String },
    /// Ctrl-C ended the preview.
    Stopped,
}

/// Where a preview's [`Event`]s go: the command prints them. Called from the watcher's thread
/// too.
pub type Reporter = Arc<dyn Fn(Event<'_>) + Send + Sync>;

/// The port tried first; when it is taken, the next ones are.
pub const DEFAULT_PORT: u16 = 4700;

/// What `leskit preview` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The project's folder.
    pub root: PathBuf,
    /// The module or course to preview ([`crate::select::Preview`] finds it from the command
    /// line); `None`: the whole project, with an index.
    pub item: Option<Item>,
    /// `None`: [`DEFAULT_PORT`] or the next free one. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub target: Target,
    /// Open the preview in the system's browser.
    pub open: bool,
    /// Templates that replace the built-in ones file by file, as for `build`.
    pub templates: Option<PathBuf>,
}

/// Runs the preview until Ctrl-C, telling `report` what happens. Returns the exit code.
pub fn run(options: &Options, report: &Reporter) -> Result<u8> {
    let root = options.root.clone();
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
        templates: options.templates.clone(),
    };
    let state = Arc::new(server::State::new(options.target, options.item.clone()));
    let started = std::time::Instant::now();
    let outcome = builder.build();
    report(Event::Built {
        outcome: &outcome,
        took: started.elapsed(),
        changed: &[],
    });
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

    let _watcher = watch::start(&builder, Arc::clone(&state), Arc::clone(report))?;

    report(Event::Serving {
        url: &url,
        item: options.item.as_ref(),
        root: &root,
    });
    if options.open
        && let Err(e) = open_browser(&url)
    {
        report(Event::NoBrowser {
            url: &url,
            error: e.to_string(),
        });
    }

    server::serve(&listener, &state, &stop);
    report(Event::Stopped);
    Ok(0)
}

/// Opens `url` in the system's browser.
fn open_browser(url: &str) -> std::io::Result<()> {
    let result = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    result.map(drop)
}
