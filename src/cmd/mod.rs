//! The commands, one file each: each takes its parsed arguments, calls the library's stages,
//! prints what they report (through `leskit::output`) and returns the exit code.

mod build;
mod check;
mod clean;
mod completions;
mod describe;
mod diff;
mod explain;
mod init;
mod inspect;
mod new;
mod preview;
mod schema;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use leskit::check::Checked;
use leskit::diag::{render_human_line, render_json};
use leskit::output::{Stream, Style, paint};
use leskit::{errln, outln};

use crate::cli::{Command, MessageFormat};

/// Runs `command`; an error that stops it is returned, to be printed once.
pub fn run(command: Command) -> leskit::error::Result<u8> {
    match command {
        Command::Check {
            paths,
            message_format,
        } => check::run(&paths, message_format),
        Command::Build {
            paths,
            target,
            out,
            templates,
            message_format,
        } => build::run(
            &paths,
            target.as_deref(),
            out.as_deref(),
            templates.as_deref(),
            message_format,
        ),
        Command::Inspect {
            zips,
            message_format,
        } => inspect::run(&zips, message_format),
        Command::Describe {
            paths,
            target,
            message_format,
        } => describe::run(&paths, target.as_deref(), message_format),
        Command::Diff {
            old,
            new,
            message_format,
        } => diff::run(&old, &new, message_format),
        Command::Clean {
            paths,
            old,
            dry_run,
            out,
        } => clean::run(&paths, old, dry_run, out.as_deref()),
        Command::Schema { kind, out } => schema::run(kind, out.as_deref()),
        Command::Preview {
            module_or_dir,
            port,
            target,
            open,
            templates,
        } => preview::run(module_or_dir.as_deref(), port, &target, open, templates),
        Command::Init { dir, force } => init::run(dir, force),
        Command::New { kind, id, project } => new::run(kind, &id, project),
        Command::Explain { code } => explain::run(code.as_deref()),
        Command::Completions { shell } => completions::run(shell),
    }
}

/// `text` as a label (`error`, `warning`, `built`) in `style` when standard error gets colour.
pub fn label(style: Style, text: &str) -> String {
    paint(Stream::Stderr, style, text)
}

/// `relative` inside the project folder `root`, without a leading `./` (messages read `dist/…`).
fn inside(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// The folder a project's packages go into: `out` when given, else leskit.toml's `build.out`,
/// else `dist/`, in the project's folder.
fn out_folder(root: &Path, project: &leskit::model::Project, out: Option<&Path>) -> PathBuf {
    match (
        out,
        project
            .settings
            .as_ref()
            .and_then(|s| s.value.build.out.as_ref()),
    ) {
        (Some(out), _) => out.to_path_buf(),
        (None, Some(out)) => inside(root, &out.value),
        (None, None) => inside(root, "dist"),
    }
}

/// Prints the diagnostics and returns the exit code they call for.
fn report(checked: &Checked, format: MessageFormat) -> u8 {
    let sorted = checked.diagnostics.sorted();
    // Each file's lines, split once: a file may have thousands of problems.
    let mut lines: std::collections::HashMap<&std::path::Path, Vec<&str>> =
        std::collections::HashMap::new();
    for d in &sorted {
        match format {
            MessageFormat::Human => {
                let line = d.file.as_deref().and_then(|f| {
                    let text = checked.texts.get(f)?;
                    let of_file = lines.entry(f).or_insert_with(|| text.lines().collect());
                    of_file.get(d.line.checked_sub(1)? as usize).copied()
                });
                errln!(
                    "{}",
                    render_human_line(d, line, leskit::output::color(Stream::Stderr))
                );
            }
            MessageFormat::Json => outln!("{}", render_json(d)),
        }
    }
    let errors = sorted.iter().filter(|d| d.is_error()).count();
    let warnings = sorted.len() - errors;
    if format == MessageFormat::Human && errors > 0 {
        let files: BTreeSet<_> = sorted
            .iter()
            .filter(|d| d.is_error())
            .filter_map(|d| d.file.as_ref())
            .collect();
        errln!(
            "{}: {} in {}{}",
            label(Style::Error, "error"),
            plural(errors, "error"),
            plural(files.len().max(1), "file"),
            if warnings > 0 {
                format!(", and {}", plural(warnings, "warning"))
            } else {
                String::new()
            }
        );
    }
    checked.diagnostics.exit_code()
}

fn plural(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "quiz") => format!("{n} quizzes"),
        _ => format!("{n} {word}s"),
    }
}
