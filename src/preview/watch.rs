//! Rebuilding on change: the project's source folders (and `--templates`) are watched, events are
//! debounced, and each burst of saves gives one build.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use super::server::State;
use super::site::{Builder, relative};
use super::{Event, Reporter};
use crate::diag::display_path;
use crate::error::{Error, Result};

/// How long the files must stay quiet before a build: an editor's save is often several writes.
const QUIET: Duration = Duration::from_millis(80);

/// The folders of a project that hold sources.
const SOURCE_FOLDERS: [&str; 4] = ["modules", "quizzes", "content", "courses"];

/// The watcher; dropping it ends the watching.
pub type Watching = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches the sources; the returned value stops the watching when dropped.
/// Each rebuild, and a failure of the watcher, goes to `report`.
pub fn start(builder: &Builder, state: Arc<State>, report: Reporter) -> Result<Watching> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(QUIET, None, tx)
        .map_err(|e| Error::Usage(format!("could not watch the sources: {e}")))?;
    // Events name absolute paths: compare them with absolute folders.
    let absolute = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let root = absolute(&builder.root);
    let mut watched: Vec<PathBuf> = SOURCE_FOLDERS.iter().map(|f| root.join(f)).collect();
    for dir in &watched {
        if dir.is_dir() {
            watch(&mut debouncer, dir, RecursiveMode::Recursive)?;
        }
    }
    // The project folder itself, not recursively: a source folder that appears later, or one
    // replaced whole, is noticed.
    watch(&mut debouncer, &root, RecursiveMode::NonRecursive)?;
    if let Some(dir) = &builder.templates {
        let dir = absolute(dir);
        watch(&mut debouncer, &dir, RecursiveMode::Recursive)?;
        watched.push(dir);
    }
    let builder = builder.clone();
    std::thread::spawn(move || rebuild_on_change(&builder, &state, &rx, &root, &watched, &report));
    Ok(debouncer)
}

fn watch(debouncer: &mut Watching, dir: &Path, mode: RecursiveMode) -> Result<()> {
    debouncer.watch(dir, mode).map_err(|e| {
        Error::Usage(format!(
            "could not watch `{}` for changes: {e}",
            display_path(dir)
        ))
    })
}

fn rebuild_on_change(
    builder: &Builder,
    state: &State,
    rx: &mpsc::Receiver<DebounceEventResult>,
    root: &Path,
    watched: &[PathBuf],
    report: &Reporter,
) {
    while let Ok(result) = rx.recv() {
        let mut changed = Vec::new();
        let mut unknown = false;
        take(result, &mut changed, &mut unknown, root, watched, report);
        if changed.is_empty() && !unknown {
            continue;
        }
        // Whatever else arrived meanwhile is covered by this build.
        while let Ok(more) = rx.try_recv() {
            take(more, &mut changed, &mut unknown, root, watched, report);
        }
        if unknown {
            // A failed watch may have missed a save: every warning is news.
            changed.clear();
        }
        changed.sort();
        changed.dedup();
        let started = Instant::now();
        let outcome = builder.build();
        report(Event::Built {
            outcome: &outcome,
            took: started.elapsed(),
            changed: &changed,
        });
        state.publish(outcome);
    }
}

/// Adds the files a batch of events changed to `changed` (relative to the project folder
/// `root`), or sets `unknown` when the watcher failed.
fn take(
    result: DebounceEventResult,
    changed: &mut Vec<String>,
    unknown: &mut bool,
    root: &Path,
    watched: &[PathBuf],
    report: &Reporter,
) {
    match result {
        // In the project folder itself only the source folders matter (not dist/ or a build's
        // temporary files). Reading a file is an event too (the build reads them all): only
        // changes count.
        Ok(events) => {
            for e in &events {
                if matches!(e.kind, EventKind::Access(_)) {
                    continue;
                }
                for p in &e.paths {
                    if watched.iter().any(|w| p.starts_with(w)) {
                        // A template folder outside the project: named by its whole path.
                        changed.push(relative(root, p).unwrap_or_else(|| display_path(p)));
                    }
                }
            }
        }
        Err(e) => {
            let e: Vec<String> = e.iter().map(ToString::to_string).collect();
            report(Event::WatchFailed(e.join("; ")));
            *unknown = true;
        }
    }
}
