//! Faults around a build (issue #14): a reader that goes away (`| head -1`), a build killed
//! halfway through replacing a web export, two web builds at once, and failures that must name
//! their cause.

#[path = "common/files.rs"]
mod files;
use files::read_tree;
#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    repo().join("examples/minimal")
}

fn leskit() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_leskit"));
    command.env("SOURCE_DATE_EPOCH", "1795000000");
    command
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A project whose check prints many problems (on standard error, or as JSON on standard output).
fn problems() -> PathBuf {
    repo().join("tests/fixtures/check/cases/many-problems-at-once")
}

// ---------------------------------------------------------------------------------------------
// Closed pipes

/// How `leskit` ran with its output going into a pipe whose reader is gone before the first
/// line: every write fails with `EPIPE`, as it does behind `| head -1` once `head` has its line.
/// `both` sends standard error into the pipe too (`2>&1`); otherwise standard error is kept, to
/// show that nothing panicked.
fn into_closed_pipe(args: &[&str], both: bool) -> Output {
    let mut command = leskit();
    command.args(args).stdin(Stdio::null());
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    if both {
        command.stdout(writer.try_clone().unwrap()).stderr(writer);
    } else {
        command.stdout(writer).stderr(Stdio::piped());
    }
    command.output().unwrap()
}

/// `sh -c '<leskit> ARGS… | head -1'`, the way people type it: the line `head` printed and
/// leskit's own exit code (not `head`'s).
fn piped_to_head(args: &str) -> (String, Option<i32>) {
    let script = format!("\"$LESKIT\" {args} | head -1; exit \"${{PIPESTATUS[0]}}\"",);
    let o = Command::new("bash")
        .args(["-c", &script])
        .env("LESKIT", env!("CARGO_BIN_EXE_leskit"))
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        o.status.code(),
    )
}

#[test]
fn check_into_a_closed_pipe_exits_with_its_own_status() {
    let dir = problems();
    let dir = dir.to_str().unwrap();
    // The check fails (exit code 1): that, and not a panic (101), is what it must answer.
    let o = into_closed_pipe(&["check", dir], true);
    assert_eq!(o.status.code(), Some(1));
    let o = into_closed_pipe(&["check", "--message-format", "json", dir], false);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    // A project without problems: exit code 0.
    let o = into_closed_pipe(&["check", example().to_str().unwrap()], true);
    assert_eq!(o.status.code(), Some(0));

    let (line, code) = piped_to_head(&format!("check '{dir}' 2>&1"));
    assert_eq!(code, Some(1), "{line}");
    assert!(line.contains("error"), "{line}");
    let (line, code) = piped_to_head(&format!("check --message-format json '{dir}'"));
    assert_eq!(code, Some(1), "{line}");
    assert!(line.starts_with('{'), "{line}");
}

#[test]
fn build_into_a_closed_pipe_still_writes_every_package() {
    let project = repo().to_str().unwrap();
    let alone = tempfile::tempdir().unwrap();
    let o = leskit()
        .args(["build", project, "--target", "all", "--out"])
        .arg(alone.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let expected = read_tree(alone.path());
    assert!(expected.len() > 8, "{:?}", expected.keys());

    let piped = tempfile::tempdir().unwrap();
    let out = piped.path().to_str().unwrap();
    let o = into_closed_pipe(&["build", project, "--target", "all", "--out", out], true);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        read_tree(piped.path()) == expected,
        "the build into a closed pipe did not write the same packages"
    );

    let again = tempfile::tempdir().unwrap();
    let (line, code) = piped_to_head(&format!(
        "build '{project}' --target all --out '{}' 2>&1",
        again.path().display()
    ));
    assert_eq!(code, Some(0), "{line}");
    assert!(line.contains("built"), "{line}");
    assert!(read_tree(again.path()) == expected);
}

#[cfg(target_os = "linux")]
#[test]
fn output_lost_on_a_full_disk_is_an_io_error() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = leskit()
        .args(["schema", "module"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not write to standard output"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------------------------
// Messages

#[test]
fn an_output_folder_that_is_a_file_is_named_with_the_os_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("dist");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let o = leskit()
        .args(["build", example().to_str().unwrap(), "--out"])
        .arg(&blocker)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let text = stderr(&o);
    let line = text
        .lines()
        .find(|l| l.starts_with("error: could not create the folder"))
        .unwrap_or_else(|| panic!("no reason given:\n{text}"));
    assert!(line.contains(blocker.to_str().unwrap()), "{line}");
    assert!(line.contains("os error"), "{line}");
}

// ---------------------------------------------------------------------------------------------
// The web export's folder swap

const WEB: &str = "voorbeeld-1.0.0-html";

/// The example project in a temporary folder, with `title` as its module's title.
fn example_titled(title: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let module = dir.path().join("modules/voorbeeld.yaml");
    let text = std::fs::read_to_string(&module).unwrap();
    let text = text.replacen(
        "title: Signalen herkennen (voorbeeld)",
        &format!("title: {title}"),
        1,
    );
    std::fs::write(module, text).unwrap();
    dir
}

/// `leskit build --target html` of `project` into `out`, with `LESKIT_FAULT` set to `fault`
/// (the fault-injection hook of debug builds; empty for none).
fn build_web(project: &Path, out: &Path, fault: &str) -> Output {
    // The module alone: a bare build writes the course's web export too.
    leskit()
        .args([
            "build",
            "modules/voorbeeld.yaml",
            "--target",
            "html",
            "--out",
        ])
        .arg(out)
        .current_dir(project)
        .env("LESKIT_FAULT", fault)
        .output()
        .unwrap()
}

/// The web export of a project built alone.
fn web_export_of(project: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let o = build_web(project, out.path(), "");
    assert!(o.status.success(), "{}", stderr(&o));
    read_tree(&out.path().join(WEB))
}

fn hidden(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        // The record of what was written, for `leskit clean`: no temporary.
        .filter(|n| n != ".leskit-outputs")
        .collect();
    names.sort();
    names
}

/// A build killed at `point` (after `old` was built into `out`), then a build that finishes.
/// Returns the web export as the kill left it (`None`: no folder), and the hidden entries then.
fn kill_at(point: &str, out: &Path) -> (Option<BTreeMap<String, Vec<u8>>>, Vec<String>) {
    let new = example_titled("Nieuwe titel");
    let o = build_web(new.path(), out, point);
    assert_eq!(
        o.status.code(),
        Some(137),
        "the hook at {point} did not fire: {}",
        stderr(&o)
    );
    let left = out.join(WEB).is_dir().then(|| read_tree(&out.join(WEB)));
    let litter = hidden(out);
    // The next build cleans up and replaces the folder.
    let o = build_web(new.path(), out, "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(hidden(out), Vec::<String>::new(), "after a kill at {point}");
    assert!(read_tree(&out.join(WEB)) == web_export_of(new.path()));
    (left, litter)
}

#[test]
fn a_web_build_killed_between_its_steps_leaves_a_whole_folder() {
    let old_project = example_titled("Oude titel");
    let old = web_export_of(old_project.path());
    let new = web_export_of(example_titled("Nieuwe titel").path());
    assert!(old != new);
    for (point, expected, litter) in [
        // The new folder is written, not yet swapped in: the old one is in place.
        ("web-written", &old, ".tmp"),
        // Swapped in one step: the new one is in place, the old one not yet removed.
        ("web-exchanged", &new, ".tmp"),
        // The zip's temporary file is written, not yet renamed.
        ("file-written", &new, ".tmp"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let o = build_web(old_project.path(), out.path(), "");
        assert!(o.status.success(), "{}", stderr(&o));
        let (left, hidden) = kill_at(point, out.path());
        assert!(
            left.as_ref() == Some(expected),
            "after a kill at {point} the folder is {}",
            if left.is_none() {
                "gone"
            } else {
                "not the expected one"
            }
        );
        // What the killed build left behind, which the next build removed.
        assert!(
            hidden.iter().any(|n| n.ends_with(litter)),
            "{point}: {hidden:?}"
        );
    }
}

#[test]
fn without_an_exchange_the_old_folder_steps_aside_and_is_put_back() {
    let old_project = example_titled("Oude titel");
    let old = web_export_of(old_project.path());
    let new_project = example_titled("Nieuwe titel");
    let new = web_export_of(new_project.path());
    // The fallback (FAT, SMB, Windows, macOS), forced: a build that is not killed.
    let out = tempfile::tempdir().unwrap();
    assert!(
        build_web(old_project.path(), out.path(), "no-exchange")
            .status
            .success()
    );
    assert!(read_tree(&out.path().join(WEB)) == old);
    let o = build_web(new_project.path(), out.path(), "no-exchange");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read_tree(&out.path().join(WEB)) == new);
    assert_eq!(hidden(out.path()), Vec::<String>::new());

    // Killed between its two renames: the name is empty, the old folder is aside, whole, and
    // the next build puts it back before it replaces it.
    let out = tempfile::tempdir().unwrap();
    assert!(
        build_web(old_project.path(), out.path(), "")
            .status
            .success()
    );
    let (left, litter) = kill_at("no-exchange,web-aside", out.path());
    assert!(left.is_none());
    assert!(litter.iter().any(|n| n.ends_with(".old")), "{litter:?}");
    // Killed after the new folder took its place: the old one is only litter.
    let out = tempfile::tempdir().unwrap();
    assert!(
        build_web(old_project.path(), out.path(), "")
            .status
            .success()
    );
    let (left, litter) = kill_at("no-exchange,web-replaced", out.path());
    assert!(left.as_ref() == Some(&new));
    assert!(litter.iter().any(|n| n.ends_with(".old")), "{litter:?}");
}

#[test]
fn a_folder_moved_aside_by_a_killed_build_is_put_back() {
    let old_project = example_titled("Oude titel");
    let old = web_export_of(old_project.path());
    let out = tempfile::tempdir().unwrap();
    assert!(
        build_web(old_project.path(), out.path(), "")
            .status
            .success()
    );
    let o = build_web(old_project.path(), out.path(), "no-exchange,web-aside");
    assert_eq!(o.status.code(), Some(137));
    assert!(!out.path().join(WEB).exists());
    // A build that stops at the check (an error in the project) writes nothing, but a build
    // of another module into the folder tidies up first: the old export is back.
    let other = tempfile::tempdir().unwrap();
    copy_tree(&example(), other.path());
    let o = leskit()
        .args(["build", "--target", "scorm12", "--out"])
        .arg(out.path())
        .current_dir(other.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read_tree(&out.path().join(WEB)) == old);
    assert_eq!(hidden(out.path()), Vec::<String>::new());
}

#[test]
fn web_builds_at_once_all_succeed() {
    let project = example_titled("Tegelijk");
    let expected = web_export_of(project.path());
    // `slow`: every build waits a moment at each step of the swap, so that they meet there.
    for fault in ["", "slow", "no-exchange", "no-exchange,slow"] {
        let out = tempfile::tempdir().unwrap();
        for round in 0..3 {
            let spawn = || {
                leskit()
                    .args(["build", "--target", "html", "--out"])
                    .arg(out.path())
                    .current_dir(project.path())
                    .env("LESKIT_FAULT", fault)
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            };
            let builds: Vec<_> = (0..4).map(|_| spawn()).collect();
            for child in builds {
                let o = child.wait_with_output().unwrap();
                assert!(
                    o.status.success(),
                    "{fault:?} round {round}: {}",
                    stderr(&o)
                );
            }
            assert!(read_tree(&out.path().join(WEB)) == expected);
            assert_eq!(
                hidden(out.path()),
                Vec::<String>::new(),
                "{fault:?} round {round}"
            );
        }
    }
}
