//! File system helpers whose errors always name the path, and atomic writes.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::io("read", path, e))
}

pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io("create the folder", path, e))
}

mod swap;
use swap::folder_of as swap_folder_of;
pub use swap::{remove_stale_temporaries, write_dir_atomic};

/// Writes `path` atomically: the bytes go to a temporary file in the same folder, which is
/// flushed to disk and then renamed over `path`. A failure at any point leaves an existing file
/// untouched and removes the temporary one, so a failed build never replaces a good package and
/// two builds into one folder never mix their bytes.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let _hold = swap::Hold::take(swap_folder_of(path)).map_err(|e| Error::io("write", path, e))?;
    let tmp = beside(path, "tmp");
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        {
            let mut buffered = std::io::BufWriter::new(&mut file);
            write(&mut buffered)?;
            buffered.flush()?;
        }
        file.sync_all()?;
        drop(file);
        swap::fault("file-written");
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("write", path, e)
    })
}

/// Removes a folder with its contents, or a file.
fn remove_any(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// A hidden name in the folder of `path` that no other process or thread uses:
/// `.<name>.<process>.<n>.<kind>`. In the same folder, so that renaming it to `path` is atomic.
fn beside(path: &Path, kind: &str) -> std::path::PathBuf {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("output");
    dir.join(format!(
        ".{name}.{}.{}.{kind}",
        std::process::id(),
        unique_suffix()
    ))
}

/// A counter, so threads of one process never share a temporary name.
fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        std::fs::write(&path, b"good").unwrap();
        let err = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"good");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary file left behind"
        );
    }

    #[test]
    fn a_good_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        std::fs::write(&path, b"old").unwrap();
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}

/// A path an author wrote, checked to stay inside its folder: relative, no `..`, no drive
/// letters or backslashes (which mean different things on different systems), no empty or
/// hidden parts. Returns the path with `./` parts removed, or why it is refused.
pub fn safe_relative_path(path: &str) -> std::result::Result<String, &'static str> {
    if path.is_empty() {
        return Err("is empty");
    }
    if path.starts_with('/') || path.contains(':') {
        return Err("is absolute");
    }
    if path.contains('\\') {
        return Err("contains a backslash");
    }
    if path.chars().any(char::is_control) {
        return Err("contains a control character");
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err("leaves the module's folder"),
            p if p.starts_with('.') => return Err("names a hidden file"),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err("names no file");
    }
    for part in &parts {
        if let Some(why) = unportable_name(part) {
            return Err(why);
        }
    }
    let joined = parts.join("/");
    if joined.chars().count() > crate::limits::MAX_PATH_CHARS {
        return Err("is longer than 200 characters");
    }
    Ok(joined)
}

/// Why one part of a path would not survive every file system, unzipper and web server, or
/// `None`. File names in a package keep to ASCII letters, digits, `-`, `_` and `.`: other
/// characters are percent-encoded, normalised or mangled differently by different tools (`%2e%2e`
/// is `..` to a browser), and names Windows reserves (`con`, `nul.txt`) or cuts (a trailing dot)
/// cannot be unpacked there.
fn unportable_name(part: &str) -> Option<&'static str> {
    if !part
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Some(
            "contains a character other than the letters a-z and A-Z, digits, `-`, `_` and `.`",
        );
    }
    if part.ends_with('.') {
        return Some("has a part ending in `.`, which Windows drops");
    }
    let stem = part.split('.').next().unwrap_or(part).to_ascii_lowercase();
    let reserved = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        return Some("uses a name Windows reserves for a device (such as `con` or `nul`)");
    }
    None
}

#[cfg(test)]
mod path_tests {
    use super::safe_relative_path;

    #[test]
    fn long_paths_are_refused() {
        let long = "a/".repeat(100) + "b.png";
        assert_eq!(
            safe_relative_path(&long),
            Err("is longer than 200 characters")
        );
        assert!(safe_relative_path(&"a".repeat(200)).is_ok());
    }

    #[test]
    fn paths_stay_inside() {
        assert_eq!(
            safe_relative_path("./img/kaart.svg"),
            Ok("img/kaart.svg".into())
        );
        for bad in [
            "../x.png",
            "a/../../x",
            "/etc/passwd",
            "C:/x.png",
            "a\\b.png",
            "",
            ".hidden",
            "%2e%2e/x:",
            "%2e%2e/x",
            "media/%2f/x",
            "kaart\u{202e}gvs.exe",
            "k\u{e4}art.svg",
            "kaart .svg",
            "nul.txt",
            "img/COM1",
            "img./x.png",
            "x.png.",
        ] {
            assert!(safe_relative_path(bad).is_err(), "{bad} accepted");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Containment: the one check that a file leskit reads lies inside the folder it belongs to.
//
// Every reader of author files goes through [`contain`]: the loader for the YAML files (inside
// the project), validation and rendering for a module's images and files (inside the module's
// folder, which itself must be inside the project), and the templates (inside the `--templates`
// folder). A refused file is never opened, so no byte of it can reach a message or a package.

/// Why [`contain`] did not accept a path.
#[derive(Debug)]
pub enum Refused {
    /// The path's real location is outside `folder`. `link` is the symbolic link that leads
    /// out: the path itself, or one of the folders on the way to it.
    Outside { link: PathBuf, folder: PathBuf },
    /// The path or the folder cannot be resolved: missing, a link to nothing, no permission.
    Io(std::io::Error),
}

/// The real path of `path` (every symbolic link followed), provided it lies inside the real path
/// of `folder`. `path` is `folder` joined with a relative path, as the callers build it.
pub fn contain(folder: &Path, path: &Path) -> std::result::Result<PathBuf, Refused> {
    let real_folder = real_path(folder).map_err(Refused::Io)?;
    let real = real_path(path).map_err(Refused::Io)?;
    if real.starts_with(&real_folder) {
        Ok(real)
    } else {
        let link = escaping_link(&real_folder, folder, path).unwrap_or_else(|| path.to_path_buf());
        Err(Refused::Outside {
            link,
            folder: folder.to_path_buf(),
        })
    }
}

/// [`contain`] for a file of a module: the module's folder must be inside the project `root`,
/// and the file inside the module's folder.
pub fn contain_in_module(
    root: &Path,
    module_dir: &Path,
    path: &Path,
) -> std::result::Result<PathBuf, Refused> {
    contain(root, module_dir)?;
    contain(module_dir, path)
}

/// Reads a file that [`contain`] accepts, at most `max` bytes (a longer file is an error naming
/// the limit).
pub fn read_contained(folder: &Path, path: &Path, max: u64) -> Result<Vec<u8>> {
    let real = contain(folder, path).map_err(|r| refused_error(r, path))?;
    read_at_most(&real, path, max)
}

/// Reads at most `max` bytes of `real`, naming `shown` in messages.
fn read_at_most(real: &Path, shown: &Path, max: u64) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(real)
        .and_then(|f| f.take(max + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io("read", shown, e))?;
    if bytes.len() as u64 > max {
        return Err(Error::Usage(format!(
            "`{}` is larger than {} KiB; make it smaller",
            crate::diag::display_path(shown),
            max / 1024
        )));
    }
    Ok(bytes)
}

/// The error for a refused file: an I/O error, or a usage error naming the link.
pub fn refused_error(refused: Refused, path: &Path) -> Error {
    match refused {
        Refused::Io(e) => Error::io("read", path, e),
        Refused::Outside { link, folder } => Error::Usage(format!(
            "`{}` is not read: {}; copy the file into the folder instead of linking to it",
            crate::diag::display_path(path),
            leads_outside(&link, &folder)
        )),
    }
}

/// "`<link>` is a symbolic link that leads outside `<folder>`", for messages.
pub fn leads_outside(link: &Path, folder: &Path) -> String {
    let folder = if folder.as_os_str().is_empty() {
        ".".to_owned()
    } else {
        crate::diag::display_path(folder)
    };
    format!(
        "`{}` is a symbolic link that leads outside `{folder}`",
        crate::diag::display_path(link)
    )
}

/// The real path of `path`; the empty path is the current folder.
fn real_path(path: &Path) -> std::io::Result<PathBuf> {
    if path.as_os_str().is_empty() {
        Path::new(".").canonicalize()
    } else {
        path.canonicalize()
    }
}

/// The first symbolic link on the way from `folder` to `path` whose target lies outside
/// `real_folder`, or `None` when `path` does not start with `folder`.
fn escaping_link(real_folder: &Path, folder: &Path, path: &Path) -> Option<PathBuf> {
    let rest = path.strip_prefix(folder).ok()?;
    let mut at = folder.to_path_buf();
    for part in rest.components() {
        at.push(part);
        let is_link = at
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if is_link && real_path(&at).is_ok_and(|r| !r.starts_with(real_folder)) {
            return Some(at);
        }
    }
    None
}

/// Whether a file name is hidden, or litter that editors and operating systems leave beside
/// files: `.DS_Store`, macOS's `._x.yaml`, Emacs's `.#x.yaml` lock links and `#x.yaml#` saves,
/// and `x.yaml~` backups. Such files are skipped, never read.
pub fn is_litter(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(all(test, unix))]
mod containment_tests {
    use super::*;

    #[test]
    fn a_link_out_is_named_and_a_link_within_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("project");
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(root.join("modules/a")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("secret"), "s").unwrap();
        std::fs::write(root.join("modules/a/x.png"), "x").unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join("modules/b")).unwrap();
        std::os::unix::fs::symlink(root.join("modules/a"), root.join("modules/c")).unwrap();

        let inside = contain(&root, &root.join("modules/c/x.png")).unwrap();
        assert!(inside.ends_with("modules/a/x.png"), "{inside:?}");
        match contain(&root, &root.join("modules/b/secret")) {
            Err(Refused::Outside { link, folder }) => {
                assert_eq!(link, root.join("modules/b"));
                assert_eq!(folder, root);
            }
            other => panic!("{other:?}"),
        }
        // The folder and the file through the same link: still outside the project.
        match contain_in_module(
            &root,
            &root.join("modules/b"),
            &root.join("modules/b/secret"),
        ) {
            Err(Refused::Outside { link, .. }) => assert_eq!(link, root.join("modules/b")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            contain(&root, &root.join("modules/nothing")),
            Err(Refused::Io(_))
        ));
    }

    #[test]
    fn litter_is_recognised() {
        for name in [
            ".DS_Store",
            "._a.yaml",
            ".#a.yaml",
            "a.yaml~",
            "#a.yaml#",
            ".hidden.yaml",
        ] {
            assert!(is_litter(name.as_ref()), "{name}");
        }
        assert!(!is_litter("a.yaml".as_ref()));
    }
}
