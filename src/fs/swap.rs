//! Temporaries, the web export's folder swap, and the clean-up after a killed build.
//!
//! - **The swap.** A web export (`<id>-<version>-html/`) is written into a temporary folder
//!   beside it, then exchanged with the old one in one step: on Linux with the
//!   `renameat2(RENAME_EXCHANGE)` system call, so that the folder's name always holds a whole
//!   export, the old or the new one, whatever happens (a kill, a power cut, another build). Where
//!   the file system has no exchange (it answers `EINVAL` or `ENOSYS`: FAT and exFAT sticks, SMB
//!   shares), on Windows and on macOS, the old folder is renamed aside, the new one renamed in,
//!   and the old one put back if that fails.
//! - **Whose temporaries.** Every temporary name holds the process id
//!   (`.<name>.<process>.<n>.tmp`, see [`super::beside`]), and while a process has temporaries in
//!   a folder it holds a lock on `.leskit-<process>.lock` there ([`Hold`]). The system lets go of
//!   the lock when the process ends, however it ends.
//! - **The clean-up.** [`remove_stale_temporaries`] (at the start of every build) removes the
//!   temporary files and folders of processes that no longer hold their lock: a build that was
//!   killed. A folder a killed fallback swap left aside is put back when its place is empty.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{beside, remove_any, safe_relative_path};
use crate::error::{Error, Result};

/// Writes `files` (relative path with `/` → bytes) as the folder `path`, replacing an older one
/// whole (the swap described above). A failure before the swap leaves the old folder as it was
/// and removes the temporary one: never a half-written folder, never none.
pub fn write_dir_atomic(path: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    let _hold = Hold::take(folder_of(path)).map_err(|e| Error::io("write", path, e))?;
    let tmp = beside(path, "tmp");
    let result = (|| {
        std::fs::create_dir(&tmp)?;
        for (relative, bytes) in files {
            let relative = safe_relative_path(relative)
                .map_err(|why| std::io::Error::new(std::io::ErrorKind::InvalidInput, why))?;
            let file = tmp.join(relative);
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut out = std::fs::File::create(&file)?;
            out.write_all(bytes)?;
            out.sync_all()?;
        }
        fault("web-written");
        swap_in(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp);
        Error::io("write", path, e)
    })
}

/// How often a swap is tried again when another build changes the folder at the same moment.
const ATTEMPTS: usize = 8;

/// Puts the folder `new` in the place of `path`, and removes what was there.
fn swap_in(new: &Path, path: &Path) -> std::io::Result<()> {
    for _ in 0..ATTEMPTS {
        match exchange(new, path) {
            Exchange::Done => {
                // `new` now holds the old folder.
                fault("web-exchanged");
                let _ = std::fs::remove_dir_all(new);
                return Ok(());
            }
            Exchange::Missing => match std::fs::rename(new, path) {
                Ok(()) => return Ok(()),
                // Another build put its folder there first: exchange with that one.
                Err(e) if taken(&e) => continue,
                Err(e) => return Err(e),
            },
            Exchange::Unsupported => return rename_aside(new, path),
            Exchange::Failed(e) => return Err(e),
        }
    }
    Err(busy(path))
}

/// The swap without an exchange: `path` is renamed aside, `new` renamed into its place, and the
/// old folder removed; when `new` cannot take its place, the old folder is put back. Between the
/// two renames the name is empty for a moment: a kill right then leaves the old folder aside,
/// and the next build puts it back ([`remove_stale_temporaries`]).
fn rename_aside(new: &Path, path: &Path) -> std::io::Result<()> {
    let mut aside: Vec<PathBuf> = Vec::new();
    let mut result = Err(busy(path));
    for _ in 0..ATTEMPTS {
        let old = beside(path, "old");
        match std::fs::rename(path, &old) {
            Ok(()) => aside.push(old),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                result = Err(e);
                break;
            }
        }
        fault("web-aside");
        match std::fs::rename(new, path) {
            Ok(()) => {
                result = Ok(());
                break;
            }
            // Another build was quicker: move its folder aside too, and try again.
            Err(e) if path.exists() => result = Err(e),
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    if result.is_ok() {
        fault("web-replaced");
    } else if !path.exists()
        && let Some(first) = aside.first()
        && std::fs::rename(first, path).is_ok()
    {
        aside.remove(0);
    }
    for old in aside {
        let _ = std::fs::remove_dir_all(old);
    }
    result
}

fn taken(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::DirectoryNotEmpty
    )
}

fn busy(path: &Path) -> std::io::Error {
    std::io::Error::other(format!(
        "other processes kept replacing `{}` at the same time",
        crate::diag::display_path(path)
    ))
}

/// What the exchange of two folders did.
enum Exchange {
    Done,
    /// `path` does not exist (yet).
    Missing,
    /// This system or file system has no exchange.
    Unsupported,
    Failed(std::io::Error),
}

/// Exchanges the folders `a` and `b` in one step: the raw `renameat2` system call with
/// `RENAME_EXCHANGE` (Linux 3.15 and later), through rustix. Not the C library's `renameat2`:
/// the static release build links against musl, and Debian's musl has no such symbol.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Exchange {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    if fault_set("no-exchange") {
        return Exchange::Unsupported;
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Exchange::Done,
        Err(Errno::NOENT) => Exchange::Missing,
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Exchange::Unsupported,
        Err(e) => Exchange::Failed(e.into()),
    }
}

/// Windows and macOS (and other systems): no exchange of folders through the standard library.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> Exchange {
    Exchange::Unsupported
}

// ---------------------------------------------------------------------------------------------
// Whose temporaries, and the clean-up

/// The folder a temporary for `path` goes into.
pub(super) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The lock file of process `pid` in `dir`.
fn lock_file(dir: &Path, pid: u32) -> PathBuf {
    dir.join(format!(".leskit-{pid}.lock"))
}

/// The locks this process holds: per folder, the open lock file and how many holds share it.
static HELD: Mutex<Option<HashMap<PathBuf, (std::fs::File, usize)>>> = Mutex::new(None);

/// While alive, this process holds the lock of its lock file in a folder, which says that its
/// temporaries there are in use. The last hold of a folder removes the lock file.
pub(super) struct Hold {
    dir: PathBuf,
}

impl Hold {
    pub(super) fn take(dir: &Path) -> std::io::Result<Hold> {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let held = held.get_or_insert_with(HashMap::new);
        if let Some((_, count)) = held.get_mut(dir) {
            *count += 1;
        } else {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(lock_file(dir, std::process::id()))?;
            // A file system without locks still gets its temporaries, unprotected from a
            // clean-up only in the rare case of a build that was killed with the same id.
            let _ = file.lock();
            // Written once locked: an empty lock file is one being made (see `holds_lock`).
            let _ = file.set_len(0);
            let _ = (&file).write_all(format!("{}\n", std::process::id()).as_bytes());
            held.insert(dir.to_path_buf(), (file, 1));
        }
        Ok(Hold {
            dir: dir.to_path_buf(),
        })
    }
}

impl Drop for Hold {
    fn drop(&mut self) {
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let Some(held) = held.as_mut() else { return };
        if let Some((_, count)) = held.get_mut(&self.dir) {
            *count -= 1;
            if *count == 0 {
                let _ = std::fs::remove_file(lock_file(&self.dir, std::process::id()));
                held.remove(&self.dir);
            }
        }
    }
}

/// How long an empty lock file counts as one that its process is still making.
const MAKING: std::time::Duration = std::time::Duration::from_secs(60);

/// Whether process `pid` still holds its lock in `dir`. A lock that cannot be tested counts as
/// held: nothing that may be in use is removed. So does a free lock file that is empty and
/// new: its process has made it and is about to lock it.
fn holds_lock(dir: &Path, pid: u32) -> bool {
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(lock_file(dir, pid))
    {
        Ok(file) => file,
        Err(e) => return e.kind() != std::io::ErrorKind::NotFound,
    };
    match file.try_lock() {
        Ok(()) => file.metadata().is_ok_and(|m| {
            m.len() == 0
                && m.modified()
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_none_or(|age| age < MAKING)
        }),
        Err(std::fs::TryLockError::WouldBlock) => true,
        Err(std::fs::TryLockError::Error(_)) => true,
    }
}

/// A temporary's name taken apart: `.<name>.<process>.<n>.<kind>` → (name, process, kind).
fn parse_temporary(file_name: &str) -> Option<(&str, u32, &str)> {
    let rest = file_name.strip_prefix('.')?;
    let mut parts = rest.rsplitn(4, '.');
    let kind = parts.next()?;
    let n = parts.next()?;
    let pid = parts.next()?;
    let name = parts.next()?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (matches!(kind, "tmp" | "old") && digits(n) && digits(pid) && !name.is_empty())
        .then(|| Some((name, pid.parse().ok()?, kind)))
        .flatten()
}

/// Removes from `dir` the temporary files and folders, and lock files, of leskit processes that
/// ended without cleaning up (a build that was killed). A folder that a killed swap had moved
/// aside goes back to its name when nothing took its place. Temporaries of running builds are
/// left alone. Failures are ignored: this only tidies up.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let own = std::process::id();
    let mut stale_locks = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        if let Some(pid) = file_name
            .strip_prefix(".leskit-")
            .and_then(|s| s.strip_suffix(".lock"))
            .and_then(|s| s.parse::<u32>().ok())
        {
            if pid != own && !holds_lock(dir, pid) {
                stale_locks.push(entry.path());
            }
            continue;
        }
        let Some((name, pid, kind)) = parse_temporary(file_name) else {
            continue;
        };
        if pid == own || holds_lock(dir, pid) {
            continue;
        }
        let path = entry.path();
        let home = dir.join(name);
        if kind == "old"
            && path.is_dir()
            && std::fs::symlink_metadata(&home).is_err()
            && std::fs::rename(&path, &home).is_ok()
        {
            continue;
        }
        let _ = remove_any(&path);
    }
    for lock in stale_locks {
        let _ = std::fs::remove_file(lock);
    }
}

// ---------------------------------------------------------------------------------------------
// Fault injection, for the tests only

/// Ends the process at once at `point`, as a kill would (no clean-up, no message), when the
/// variable `LESKIT_FAULT` names it; with `slow` in it, waits a moment at every point, so that
/// builds run at once meet at each step. Only in debug builds, which are what `cargo test`
/// runs; a release build has no such hook.
#[cfg(debug_assertions)]
pub(super) fn fault(point: &str) {
    if fault_set(point) {
        std::process::exit(137);
    }
    if fault_set("slow") {
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub(super) fn fault(_: &str) {}

/// Whether `LESKIT_FAULT` (a comma-separated list) names `flag`; always false in a release build.
fn fault_set(flag: &str) -> bool {
    cfg!(debug_assertions)
        && std::env::var("LESKIT_FAULT").is_ok_and(|v| v.split(',').any(|p| p == flag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn write_tree(dir: &Path, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("index.html"), text).unwrap();
    }

    #[test]
    fn temporary_names_are_taken_apart() {
        assert_eq!(
            parse_temporary(".m-1.0.0-html.123.4.tmp"),
            Some(("m-1.0.0-html", 123, "tmp"))
        );
        assert_eq!(parse_temporary(".a.zip.9.0.old"), Some(("a.zip", 9, "old")));
        for not in [
            ".x.tmp",
            "m.1.2.tmp",
            ".m.a.2.tmp",
            ".m.1.2.txt",
            "..1.2.tmp",
        ] {
            assert_eq!(parse_temporary(not), None, "{not}");
        }
    }

    #[test]
    fn the_fallback_replaces_the_folder_and_puts_the_old_one_back_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m-1.0.0-html");
        write_tree(&path, "old");
        let new = dir.path().join("new");
        write_tree(&new, "new");
        rename_aside(&new, &path).unwrap();
        assert_eq!(std::fs::read(path.join("index.html")).unwrap(), b"new");
        assert_eq!(listing(dir.path()), ["m-1.0.0-html"]);
        // The new folder cannot take the place (it is gone): the old one is put back.
        let err = rename_aside(&dir.path().join("missing"), &path).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(std::fs::read(path.join("index.html")).unwrap(), b"new");
        assert_eq!(listing(dir.path()), ["m-1.0.0-html"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_exchange_swaps_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        write_tree(&a, "a");
        write_tree(&b, "b");
        assert!(matches!(exchange(&a, &b), Exchange::Done));
        assert_eq!(std::fs::read(a.join("index.html")).unwrap(), b"b");
        assert_eq!(std::fs::read(b.join("index.html")).unwrap(), b"a");
        assert!(matches!(
            exchange(&a, &dir.path().join("c")),
            Exchange::Missing
        ));
    }

    #[test]
    fn a_folder_is_replaced_whole_and_a_failed_write_leaves_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("m-1.0.0-html");
        write_dir_atomic(
            &target,
            &files(&[("index.html", "1"), ("media/a.png", "a")]),
        )
        .unwrap();
        assert_eq!(std::fs::read(target.join("media/a.png")).unwrap(), b"a");
        // A new build drops what it no longer has.
        write_dir_atomic(&target, &files(&[("index.html", "2")])).unwrap();
        assert_eq!(listing(&target), ["index.html"]);
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"2");
        // A failure halfway (an unsafe name) keeps the old folder and leaves nothing behind,
        // the lock file included.
        let err = write_dir_atomic(&target, &files(&[("a.html", "3"), ("../x", "4")]));
        assert!(err.is_err());
        assert_eq!(listing(&target), ["index.html"]);
        assert_eq!(listing(dir.path()), ["m-1.0.0-html"]);
    }

    #[test]
    fn only_the_temporaries_of_ended_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process that ended long ago (no lock file), one whose lock file is left but free,
        // and this process, which holds its lock.
        let gone = u32::MAX - 1;
        let left = u32::MAX - 2;
        std::fs::write(lock_file(dir.path(), left), format!("{left}\n")).unwrap();
        // A lock file that is empty and new belongs to a process about to lock it.
        let starting = u32::MAX - 3;
        std::fs::write(lock_file(dir.path(), starting), "").unwrap();
        std::fs::write(dir.path().join(format!(".n.zip.{starting}.0.tmp")), "new").unwrap();
        write_tree(&dir.path().join(format!(".m-html.{gone}.0.tmp")), "half");
        std::fs::write(dir.path().join(format!(".m.zip.{left}.3.tmp")), "half").unwrap();
        write_tree(&dir.path().join(format!(".m-html.{left}.1.old")), "old");
        let hold = Hold::take(dir.path()).unwrap();
        let own = std::process::id();
        std::fs::write(dir.path().join(format!(".m.zip.{own}.7.tmp")), "busy").unwrap();
        remove_stale_temporaries(dir.path());
        // The folder moved aside is back; the busy temporary and the held lock stay.
        let mut expected = vec![
            format!(".leskit-{own}.lock"),
            format!(".leskit-{starting}.lock"),
            format!(".n.zip.{starting}.0.tmp"),
            format!(".m.zip.{own}.7.tmp"),
            "m-html".to_owned(),
        ];
        expected.sort();
        assert_eq!(listing(dir.path()), expected);
        assert_eq!(
            std::fs::read(dir.path().join("m-html/index.html")).unwrap(),
            b"old"
        );
        drop(hold);
        assert!(!lock_file(dir.path(), own).exists());
    }
}
