//! Faults around a build (issue #14): a reader that goes away (`| head -1`), a build killed
//! halfway through replacing a web export, two web builds at once, and failures that must name
//! their cause.

#[path = "common/files.rs"]
mod files;
use files::read_tree;

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

#[test]
fn output_lost_on_a_full_disk_is_an_io_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return assert!(cfg!(not(target_os = "linux")), "Linux has /dev/full");
    };
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
