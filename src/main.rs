//! The `leskit` binary: parse the command line, run a library stage, print what it reports, and
//! choose the exit code: 0 fine, 1 invalid input, 2 wrong usage, 3 a file could not be read or
//! written.

mod cli;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorWhen, Command, MessageFormat, NewKind};
use leskit::check::{Checked, check_project, today};
use leskit::diag::{Severity, display_path, render_human_styled, render_json};
use leskit::error::Error;
use leskit::output::{Stream, Style, paint};
use leskit::{errln, out, outln, status, verbose};

use leskit::error::exit::{IO, OK};

fn main() -> ExitCode {
    let cli = Cli::parse();
    leskit::output::set_color(match cli.color {
        ColorWhen::Auto => leskit::output::ColorChoice::Auto,
        ColorWhen::Always => leskit::output::ColorChoice::Always,
        ColorWhen::Never => leskit::output::ColorChoice::Never,
    });
    leskit::output::set_verbosity(if cli.quiet {
        leskit::output::Verbosity::Quiet
    } else if cli.verbose {
        leskit::output::Verbosity::Verbose
    } else {
        leskit::output::Verbosity::Normal
    });
    let mut code = match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            errln!("{}: {e}", label(Style::Error, "error"));
            e.exit_code()
        }
    };
    // Everything is printed through `leskit::output`: a reader that went away (`| head -1`) only
    // stopped the printing, and the exit code stays the command's own. Output lost for another
    // reason (a full disk behind `>`) is an I/O error.
    leskit::output::flush();
    if let Some(e) = leskit::output::failure(Stream::Stdout) {
        errln!(
            "{}: could not write to standard output: {e}",
            label(Style::Error, "error")
        );
        code = code.max(IO);
    }
    if leskit::output::failure(Stream::Stderr).is_some() {
        code = code.max(IO);
    }
    ExitCode::from(code)
}

fn run(command: Command) -> leskit::error::Result<u8> {
    match command {
        Command::Check {
            paths,
            message_format,
        } => {
            let projects = resolve(&paths)?;
            let mut worst = OK;
            for (root, _) in &projects {
                verbose!("project: {}", display_path(root));
                let mut checked = check_project(root, today())?;
                // What `build` would build; a wrong `build.targets` is reported by `build`.
                if let Ok(targets) = leskit::build::configured_targets(&checked.project) {
                    leskit::check::check_targets(&mut checked, &targets);
                }
                worst = worst.max(report(&checked, message_format));
                if message_format == MessageFormat::Human {
                    let p = &checked.project;
                    let errors = checked.diagnostics.count(Severity::Error);
                    if errors == 0 {
                        status!(
                            "{} {}: {}, {}, {}{}",
                            label(Style::Done, "checked"),
                            display_path(root),
                            plural(p.modules.len(), "module"),
                            plural(p.quizzes.len(), "quiz"),
                            plural(p.courses.len(), "course"),
                            match checked.diagnostics.count(Severity::Warning) {
                                0 => String::new(),
                                n => format!(" ({})", plural(n, "warning")),
                            }
                        );
                    }
                }
            }
            Ok(worst)
        }
        Command::Build {
            paths,
            target,
            out,
            templates,
            message_format,
        } => {
            let given = target
                .as_deref()
                .map(leskit::build::parse_targets)
                .transpose()?;
            let templates = leskit::render::Templates::load(templates.as_deref())?;
            let projects = resolve(&paths)?;
            let mut worst = OK;
            for (root, only) in &projects {
                let mut checked = check_project(root, today())?;
                let targets = match &given {
                    Some(given) => Ok(given.clone()),
                    None => leskit::build::configured_targets(&checked.project),
                };
                if let Ok(targets) = &targets {
                    leskit::check::check_targets(&mut checked, targets);
                }
                let code = report(&checked, message_format);
                if code != OK {
                    errln!(
                        "{}: nothing was built: fix the errors above first",
                        label(Style::Error, "error")
                    );
                    worst = worst.max(code);
                    continue;
                }
                let settings = checked.project.settings.as_ref();
                let targets = targets?;
                let out = match (&out, settings.and_then(|s| s.value.build.out.as_ref())) {
                    (Some(out), _) => out.clone(),
                    (None, Some(out)) => inside(root, &out.value),
                    (None, None) => inside(root, "dist"),
                };
                verbose!(
                    "project: {}; targets: {}; into {}",
                    display_path(root),
                    targets
                        .iter()
                        .map(|t| t.name())
                        .collect::<Vec<_>>()
                        .join(", "),
                    display_path(&out)
                );
                let modules: Vec<_> = checked
                    .project
                    .modules
                    .iter()
                    .filter(|m| {
                        only.as_ref()
                            .is_none_or(|ids| ids.contains(&m.value.id.value))
                    })
                    .collect();
                let courses = leskit::build::selected_courses(&checked.project, only.as_ref());
                if modules.is_empty() && courses.is_empty() {
                    errln!(
                        "{}: nothing to build in {}",
                        label(Style::Warning, "warning"),
                        display_path(root)
                    );
                    continue;
                }
                let started = std::time::Instant::now();
                let results = leskit::build::build_all(
                    &checked.project,
                    &modules,
                    &courses,
                    &targets,
                    &out,
                    &templates,
                    &|r| match r {
                        Ok(b) => status!(
                            "  {} {} ({} KiB){}",
                            label(Style::Done, "built"),
                            display_path(&b.path),
                            b.bytes.div_ceil(1024),
                            if b.target.writes_folder() {
                                format!(
                                    " and the folder {}/",
                                    display_path(&b.path.with_extension(""))
                                )
                            } else {
                                String::new()
                            }
                        ),
                        Err(e) => errln!("{}: {e}", label(Style::Error, "error")),
                    },
                );
                let failed = results.iter().filter(|r| r.is_err()).count();
                for r in &results {
                    if let Err(e) = r {
                        worst = worst.max(e.exit_code());
                    }
                }
                let summary = format!(
                    "{} {} in {} in {:.2}s{}",
                    if failed == 0 {
                        label(Style::Done, "finished:")
                    } else {
                        label(Style::Error, "failed:")
                    },
                    plural(results.len() - failed, "package"),
                    display_path(&out),
                    started.elapsed().as_secs_f64(),
                    if failed > 0 {
                        format!(", {failed} failed")
                    } else {
                        String::new()
                    }
                );
                if failed == 0 {
                    status!("{summary}");
                } else {
                    errln!("{summary}");
                }
            }
            Ok(worst)
        }
        Command::Schema { kind, out } => {
            if let Some(dir) = out {
                leskit::fs::create_dir_all(&dir)?;
                for kind in leskit::schema::KINDS {
                    let path = dir.join(format!("{kind}.schema.json"));
                    let text = leskit::schema::schema(kind).expect("known kind");
                    leskit::fs::write_atomic(&path, |w| w.write_all(text.as_bytes()))?;
                }
                status!(
                    "wrote {} schemas to {}",
                    leskit::schema::KINDS.len(),
                    display_path(&dir)
                );
                return Ok(OK);
            }
            let kind = kind.unwrap_or_else(|| "module".to_owned());
            match leskit::schema::schema(&kind) {
                Some(text) => {
                    out!("{text}");
                    Ok(OK)
                }
                None => Err(Error::Usage(format!(
                    "unknown kind `{kind}`: the kinds are {}",
                    leskit::schema::KINDS.join(", ")
                ))),
            }
        }
        Command::Preview {
            module_or_dir,
            port,
            target,
            open,
            templates,
        } => {
            let target = match leskit::build::parse_targets(&target)?.as_slice() {
                [one] if leskit::package::Target::SCORM.contains(one) => *one,
                [one] => {
                    return Err(Error::Usage(format!(
                        "the preview simulates a SCORM LMS and cannot run `{}`: use --target scorm12 or --target scorm2004 (the page switches between them), or open a package built with `leskit build --target {}`",
                        one.name(),
                        one.name()
                    )));
                }
                _ => {
                    return Err(Error::Usage(
                        "preview one standard at a time: --target scorm12 or --target scorm2004 (the page switches between them)".to_owned(),
                    ));
                }
            };
            leskit::preview::run(&leskit::preview::Options {
                path: module_or_dir,
                port,
                target,
                open,
                templates,
            })
        }
        Command::Init { dir, force } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            let written = leskit::scaffold::init(&dir, force)?;
            status!(
                "{} a leskit project in {} ({}): an example to change into your own",
                label(Style::Done, "started"),
                display_path(&dir),
                plural(written.len(), "file")
            );
            let cd = if dir == Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", display_path(&dir))
            };
            status!("next: `{cd}leskit check`, then `leskit build` or `leskit preview`");
            Ok(OK)
        }
        Command::New { kind, id, project } => {
            let kind = match kind {
                NewKind::Module => leskit::scaffold::Kind::Module,
                NewKind::Quiz => leskit::scaffold::Kind::Quiz,
            };
            let found = match project {
                Some(p) => Some(p),
                None => leskit::load::discover(Path::new(".")),
            };
            let in_project = found.is_some();
            let project = found.unwrap_or_else(|| PathBuf::from("."));
            for path in leskit::scaffold::create(kind, &id, &project)? {
                status!("{} {}", label(Style::Done, "wrote"), display_path(&path));
            }
            if !in_project {
                errln!(
                    "{}: this folder was not a leskit project; `leskit init` writes a whole starting project that checks at once",
                    label(Style::Accent, "note")
                );
            }
            if kind == leskit::scaffold::Kind::Module
                && leskit::scaffold::first_source(&project).is_none()
            {
                errln!(
                    "{}: the module names the source `mijn-bron`, which the project does not declare yet: add it to {} (create the file with these lines if it is missing):\n{}",
                    label(Style::Accent, "help"),
                    display_path(&inside(&project, "content/sources.yaml")),
                    leskit::scaffold::SOURCE_HINT
                );
            }
            Ok(OK)
        }
        Command::Explain { code } => {
            let Some(code) = code else {
                for (code, title) in leskit::explain::codes() {
                    outln!("{code}  {title}");
                }
                return Ok(OK);
            };
            match leskit::explain::explain(&code) {
                Some(text) => {
                    out!("{text}");
                    Ok(OK)
                }
                None => {
                    let codes = leskit::explain::codes();
                    let hint = leskit::diag::suggest(
                        &code.to_ascii_uppercase(),
                        codes.iter().map(|(c, _)| *c),
                    )
                    .map_or_else(
                        || "`leskit explain` lists every code".to_owned(),
                        |s| format!("did you mean `{s}`? `leskit explain` lists every code"),
                    );
                    Err(Error::Usage(format!(
                        "no code `{code}` is documented: {hint}"
                    )))
                }
            }
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "leskit",
                &mut script,
            );
            out!("{}", String::from_utf8_lossy(&script));
            Ok(OK)
        }
    }
}

/// `text` as a label (`error`, `warning`, `built`) in `style` when standard error gets colour.
fn label(style: Style, text: &str) -> String {
    paint(Stream::Stderr, style, text)
}

/// The project folders named on the command line, each with the modules to build when files were
/// named instead of the whole folder.
fn resolve(paths: &[PathBuf]) -> leskit::error::Result<Vec<(PathBuf, Option<BTreeSet<String>>)>> {
    let paths: Vec<PathBuf> = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut projects: Vec<(PathBuf, Option<BTreeSet<String>>)> = Vec::new();
    for path in &paths {
        let root = leskit::load::project_root(path)?;
        let module = module_id_of(path).or_else(|| leskit::build::course_key(path));
        match projects.iter_mut().find(|(r, _)| *r == root) {
            Some((_, only)) => match (only.as_mut(), module) {
                (Some(ids), Some(id)) => {
                    ids.insert(id);
                }
                _ => *only = None,
            },
            None => projects.push((root, module.map(|id| BTreeSet::from([id])))),
        }
    }
    Ok(projects)
}

fn module_id_of(path: &Path) -> Option<String> {
    let in_modules = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "modules");
    (path.is_file() && in_modules)
        .then(|| path.file_stem()?.to_str().map(str::to_owned))
        .flatten()
}

/// `relative` inside the project folder `root`, without a leading `./` (messages read `dist/…`).
fn inside(root: &Path, relative: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(relative)
    } else {
        root.join(relative)
    }
}

/// Prints the diagnostics and returns the exit code they call for.
fn report(checked: &Checked, format: MessageFormat) -> u8 {
    let sorted = checked.diagnostics.sorted();
    for d in &sorted {
        match format {
            MessageFormat::Human => {
                let source = d.file.as_deref().and_then(|f| checked.texts.get(f));
                errln!(
                    "{}",
                    render_human_styled(d, source, leskit::output::color(Stream::Stderr))
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
