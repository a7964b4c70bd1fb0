//! The command line as an author meets it: `leskit init`, finding the project from any folder
//! inside it, and `leskit new` outside a finished project.

use std::path::Path;
use std::process::{Command, Output};

fn leskit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1796083200") // 2026-12-01
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn succeeds(dir: &Path, args: &[&str]) -> String {
    let o = leskit(dir, args);
    assert!(
        o.status.success(),
        "leskit {} in {}: {:?}\n{}",
        args.join(" "),
        dir.display(),
        o.status,
        stderr(&o)
    );
    stderr(&o)
}

#[test]
fn init_makes_a_project_that_checks_and_builds_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init", "mijn-cursus"]);
    let project = dir.path().join("mijn-cursus");
    for file in [
        "leskit.toml",
        "content/sources.yaml",
        "content/contacts.yaml",
        "content/signals.yaml",
        "modules/phishing-herkennen.yaml",
        "quizzes/phishing-herkennen-quiz.yaml",
        "schema/module.schema.json",
    ] {
        assert!(project.join(file).is_file(), "{file} is missing");
    }
    // Every question kind, the branching scenario included, and a case.
    let quiz =
        std::fs::read_to_string(project.join("quizzes/phishing-herkennen-quiz.yaml")).unwrap();
    for kind in ["single", "multiple", "true-false", "branching"] {
        assert!(
            quiz.contains(&format!("kind: {kind}")),
            "no {kind} question"
        );
    }
    let checked = succeeds(&project, &["check"]);
    assert!(!checked.contains("warning"), "{checked}");
    succeeds(&project, &["build", "--target", "all"]);
    for target in ["scorm12", "scorm2004", "cmi5", "html"] {
        let zip = project.join(format!("dist/phishing-herkennen-0.1.0-{target}.zip"));
        assert!(zip.is_file(), "{} is missing", zip.display());
    }
}

#[test]
fn every_command_finds_the_project_from_a_folder_inside_it() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init"]);
    let modules = dir.path().join("modules");
    let said = succeeds(&modules, &["check"]);
    assert!(said.contains("checked ..: 1 module"), "{said}");
    let said = succeeds(&modules, &["build"]);
    // Paths stay relative to where the user stands.
    assert!(
        said.contains("built ../dist/phishing-herkennen-0.1.0-scorm12.zip"),
        "{said}"
    );
    assert!(
        dir.path()
            .join("dist/phishing-herkennen-0.1.0-scorm12.zip")
            .is_file()
    );
    assert!(!modules.join("dist").exists(), "built into modules/dist");
    // A folder below modules/ (a module's images) finds it too, and so does `new`: the new
    // module goes into the project's modules/, not modules/modules/.
    let images = modules.join("phishing-herkennen");
    std::fs::create_dir(&images).unwrap();
    succeeds(&images, &["check"]);
    let said = succeeds(&modules, &["new", "module", "tweede"]);
    assert!(said.contains("wrote ../modules/tweede.yaml"), "{said}");
    assert!(modules.join("tweede.yaml").is_file());
    assert!(!modules.join("modules").exists(), "wrote modules/modules/");
    // The new module names the project's source, so the project still checks.
    succeeds(&modules, &["check"]);
    // A problem is reported at a path relative to where the user stands.
    std::fs::write(
        modules.join("tweede.yaml"),
        std::fs::read_to_string(modules.join("tweede.yaml"))
            .unwrap()
            .replace("source: voorbeeldbron", "source: onbekend"),
    )
    .unwrap();
    let o = leskit(&modules, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("--> ../modules/tweede.yaml:9:9"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn outside_a_project_leskit_says_how_to_start_one() {
    let dir = tempfile::tempdir().unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`leskit init`"), "{}", stderr(&o));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notities.txt"), "mijn notities").unwrap();
    let o = leskit(dir.path(), &["init"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert!(
        !dir.path().join("leskit.toml").exists(),
        "wrote into a full folder"
    );
    // --force adds the project beside what is there.
    succeeds(dir.path(), &["init", "--force"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notities.txt")).unwrap(),
        "mijn notities"
    );
    // A second time, one of its files exists: nothing is written or overwritten.
    std::fs::write(
        dir.path().join("modules/phishing-herkennen.yaml"),
        "eigen werk",
    )
    .unwrap();
    std::fs::remove_file(dir.path().join("content/signals.yaml")).unwrap();
    let o = leskit(dir.path(), &["init", "--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("never overwrites"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("modules/phishing-herkennen.yaml")).unwrap(),
        "eigen werk"
    );
    assert!(
        !dir.path().join("content/signals.yaml").exists(),
        "wrote half a project"
    );
}

#[test]
fn new_module_without_a_source_gives_a_hint_that_works() {
    let dir = tempfile::tempdir().unwrap();
    let said = succeeds(dir.path(), &["new", "module", "eerste"]);
    assert!(said.contains("leskit init"), "{said}");
    // The hint's lines, pasted into the file it names, make the project check.
    let at = said
        .find("sources:")
        .expect("the hint shows the source to add");
    let lines: String = said[at..]
        .lines()
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/sources.yaml"), lines).unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert!(!stderr(&o).contains("E0205"), "{}", stderr(&o));
}

/// `leskit <args>` in `dir` on a terminal (a pseudo-terminal made by `script`), with `env` set;
/// what it printed.
fn on_a_terminal(dir: &Path, args: &str, env: &[(&str, &str)]) -> String {
    let o = Command::new("script")
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_leskit")),
            "/dev/null",
        ])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn colour_on_a_terminal_and_with_color_always_and_not_with_no_color_or_in_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init"]);
    std::fs::write(
        dir.path().join("modules/phishing-herkennen.yaml"),
        std::fs::read_to_string(dir.path().join("modules/phishing-herkennen.yaml"))
            .unwrap()
            .replace("title: Welkom", "titel: Welkom"),
    )
    .unwrap();
    const RED: &str = "\x1b[1;31merror[E0102]\x1b[0m";
    // A pipe: no colour, unless asked for.
    let piped = stderr(&leskit(dir.path(), &["check"]));
    assert!(
        piped.contains("error[E0102]") && !piped.contains('\x1b'),
        "{piped:?}"
    );
    let always = stderr(&leskit(dir.path(), &["check", "--color", "always"]));
    assert!(always.contains(RED), "{always:?}");
    // A terminal: colour, unless NO_COLOR is set or --color never.
    let tty = on_a_terminal(dir.path(), "check", &[]);
    assert!(tty.contains(RED), "{tty:?}");
    let no_color = on_a_terminal(dir.path(), "check", &[("NO_COLOR", "1")]);
    assert!(
        no_color.contains("error[E0102]") && !no_color.contains('\x1b'),
        "{no_color:?}"
    );
    let never = on_a_terminal(dir.path(), "--color never check", &[]);
    assert!(
        never.contains("error[E0102]") && !never.contains('\x1b'),
        "{never:?}"
    );
}

#[test]
fn quiet_prints_only_problems_and_verbose_says_more() {
    let dir = tempfile::tempdir().unwrap();
    let o = leskit(dir.path(), &["-q", "init"]);
    assert!(o.status.success() && o.stderr.is_empty(), "{}", stderr(&o));
    for args in [&["check", "-q"][..], &["build", "--quiet"]] {
        let o = leskit(dir.path(), args);
        assert!(
            o.status.success() && o.stderr.is_empty(),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let normal = succeeds(dir.path(), &["build"]);
    assert!(
        normal.contains("built dist/") && !normal.contains("project:"),
        "{normal}"
    );
    let verbose = succeeds(dir.path(), &["build", "-v"]);
    assert!(
        verbose.contains("project: .; targets: scorm12; into dist"),
        "{verbose}"
    );
    // Problems are still printed with -q.
    std::fs::remove_file(dir.path().join("content/sources.yaml")).unwrap();
    let o = leskit(dir.path(), &["-q", "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("error[E0205]"), "{}", stderr(&o));
}

#[test]
fn explain_prints_the_section_of_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let o = leskit(dir.path(), &["explain", "E0102"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.starts_with("E0102 — unknown key\n"), "{text}");
    assert!(text.contains("leskit never ignores unknown keys"), "{text}");
    assert!(!text.contains("E0103"), "ran into the next section: {text}");
    let o = leskit(dir.path(), &["explain", "E0120"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `E0102`?"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn every_command_has_examples_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [
        "",
        "check",
        "build",
        "schema",
        "preview",
        "init",
        "new",
        "explain",
        "completions",
    ] {
        let args: Vec<&str> = command.split_whitespace().chain(["--help"]).collect();
        let o = leskit(dir.path(), &args);
        let help = String::from_utf8_lossy(&o.stdout);
        assert!(
            help.contains("\nExamples:\n  leskit") || help.contains("\nExamples:\n  source"),
            "{command}: {help}"
        );
    }
}

#[test]
fn bash_loads_the_completion_script_and_completes_commands_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let o = leskit(dir.path(), &["completions", "bash"]);
    assert!(o.status.success());
    std::fs::write(dir.path().join("leskit.bash"), &o.stdout).unwrap();
    let complete = |words: &str| {
        let script = format!(
            "set -e; source ./leskit.bash; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _leskit leskit \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let o = Command::new("bash")
            .args(["--norc", "-c", &script])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let commands = complete("leskit ''");
    for c in ["init", "check", "build", "explain", "completions"] {
        assert!(
            commands.lines().any(|l| l == c),
            "{c} not offered: {commands}"
        );
    }
    let flags = complete("leskit build --t");
    assert!(flags.lines().any(|l| l == "--target"), "{flags}");
    for shell in ["zsh", "fish", "powershell"] {
        let o = leskit(dir.path(), &["completions", shell]);
        assert!(o.status.success() && !o.stdout.is_empty(), "{shell}");
    }
}

#[test]
fn leskit_toml_sets_the_targets_the_folder_and_the_language_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init"]);
    let module = dir.path().join("modules/phishing-herkennen.yaml");
    let text = std::fs::read_to_string(&module).unwrap();
    let without_language: String = text
        .lines()
        .filter(|l| !l.starts_with("language:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&module, without_language).unwrap();
    std::fs::write(
        dir.path().join("leskit.toml"),
        "#:schema ./schema/leskit.schema.json\nlanguage = \"en\"\n\n[build]\ntargets = [\"html\", \"cmi5\"]\nout = \"pakketten\"\n",
    )
    .unwrap();
    let modules = dir.path().join("modules");
    let said = succeeds(&modules, &["build"]);
    assert!(
        said.contains("built ../pakketten/phishing-herkennen-0.1.0-cmi5.zip"),
        "{said}"
    );
    assert!(
        said.contains("built ../pakketten/phishing-herkennen-0.1.0-html.zip"),
        "{said}"
    );
    assert!(!dir.path().join("dist").exists());
    let page = std::fs::read_to_string(
        dir.path()
            .join("pakketten/phishing-herkennen-0.1.0-html/index.html"),
    )
    .unwrap();
    assert!(
        page.contains(r#"<html lang="en""#),
        "the project's language was not used"
    );
    // Flags win over the file.
    let out = dir.path().join("elders");
    let said = succeeds(
        dir.path(),
        &[
            "build",
            "--target",
            "scorm2004",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(
        said.contains("scorm2004.zip") && !said.contains("cmi5"),
        "{said}"
    );
    assert!(out.join("phishing-herkennen-0.1.0-scorm2004.zip").is_file());
}

#[test]
fn a_mistake_in_leskit_toml_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init"]);
    let toml = dir.path().join("leskit.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replace("targets = [", "target = [")).unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let said = stderr(&o);
    let line = text
        .lines()
        .position(|l| l.starts_with("targets ="))
        .unwrap()
        + 1;
    assert!(
        said.contains("error[E0102]: unknown key `target`"),
        "{said}"
    );
    assert!(
        said.contains(&format!("--> leskit.toml:{line}:1")),
        "{said}"
    );
    assert!(said.contains("= help: did you mean `targets`?"), "{said}");
    // The YAML files are checked in the same run.
    std::fs::write(
        &toml,
        "language = \"Nederlands\"\n[build]\ntargets = [\"scorm3000\"]\n",
    )
    .unwrap();
    let said = stderr(&leskit(dir.path(), &["check"]));
    assert!(
        said.contains("error[E0216]: `Nederlands` is not a language tag"),
        "{said}"
    );
    assert!(said.contains("--> leskit.toml:1:12"), "{said}");
    std::fs::write(&toml, "[build]\ntargets = [\"scorm3000\"]\n").unwrap();
    let o = leskit(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("leskit.toml:2:12: build.targets: unknown target `scorm3000`"),
        "{}",
        stderr(&o)
    );
    // `check` reports it too, with the project's other problems.
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let said = stderr(&o);
    assert!(
        said.contains("error[E0105]: build.targets: unknown target `scorm3000`")
            && said.contains("--> leskit.toml:2:12"),
        "{said}"
    );
}

/// Library code never prints: everything a run says is printed by the command layer
/// (`src/main.rs` and `src/cmd/`) through `src/output.rs`, so the library can be called without
/// writing to the caller's terminal.
#[test]
fn only_the_command_layer_prints() {
    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let printing = [
        "out!(",
        "outln!(",
        "err!(",
        "errln!(",
        "status!(",
        "verbose!(",
        "print!(",
        "println!(",
        "eprint!(",
        "eprintln!(",
        "dbg!(",
    ];
    let mut found = Vec::new();
    let mut commands = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let command_layer = relative.starts_with("cmd") || relative == Path::new("main.rs");
        if relative == Path::new("output.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            // A macro name after another identifier character is another macro (`write!(`).
            let prints = printing.iter().any(|m| {
                code.match_indices(m).any(|(at, _)| {
                    !code[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_')
                })
            });
            match (prints, command_layer) {
                (true, true) => commands += 1,
                (true, false) => found.push(format!("src/{}:{}", relative.display(), n + 1)),
                _ => {}
            }
        }
    }
    assert!(
        commands > 10,
        "found only {commands} prints in the command layer: has the scan broken?"
    );
    assert!(found.is_empty(), "library code that prints: {found:?}");
}

#[test]
fn the_organisation_in_leskit_toml_reaches_the_page_and_an_empty_one_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    succeeds(dir.path(), &["init"]);
    let toml = dir.path().join("leskit.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(
        &toml,
        text.replace(
            "# organisation = \"Gemeente Voorbeeld\"",
            "organisation = \"Gemeente Zuidstad\"",
        ),
    )
    .unwrap();
    succeeds(dir.path(), &["build", "--target", "html"]);
    let page = std::fs::read_to_string(
        dir.path()
            .join("dist/phishing-herkennen-0.1.0-html/index.html"),
    )
    .unwrap();
    assert!(
        page.contains(r#""organisation":"Gemeente Zuidstad""#),
        "the page data names no organisation"
    );
    // Without the key, the page data has none.
    std::fs::write(&toml, &text).unwrap();
    succeeds(dir.path(), &["build", "--target", "html"]);
    let page = std::fs::read_to_string(
        dir.path()
            .join("dist/phishing-herkennen-0.1.0-html/index.html"),
    )
    .unwrap();
    assert!(!page.contains(r#""organisation""#));

    std::fs::write(&toml, "organisation = \"  \"\n").unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let said = stderr(&o);
    assert!(
        said.contains("error[E0203]: the organisation name is empty"),
        "{said}"
    );
    assert!(said.contains("--> leskit.toml:1:16"), "{said}");
}
