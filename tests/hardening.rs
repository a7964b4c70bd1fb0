//! Hardening (issue #6): every protection against hostile or broken input, with a test that fails
//! without it.
//!
//! - fuzz findings: every committed regression input and corpus file is replayed through the fuzz
//!   targets' own bodies (`tests/common/fuzzing.rs`);
//! - limits: each dimension gives a clear error, never a hang or a memory blow-up;
//! - paths: nothing leaves the module's folder, no two package files clash on a case-insensitive
//!   file system, zip entry names are portable;
//! - failures: unreadable input, a read-only or missing output folder, a full disk, two builds at
//!   once;
//! - injection: author text never becomes markup, script or broken XML;
//! - reproducibility: `SOURCE_DATE_EPOCH` and the clock do not change a package.

#[path = "common/fuzzing.rs"]
mod fuzzing;

#[path = "common/files.rs"]
mod files;
use files::{read_tree, unzip};
#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo, stderr};

/// The valid check fixture in a temporary folder, with `files` written over it.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fuzzing::base_dir(repo()), dir.path());
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `leskit::check::check_project` on a project: every diagnostic as `CODE message`.
fn diagnostics(dir: &Path) -> Vec<String> {
    let checked = leskit::check::check_project(dir, 20_000).unwrap();
    checked
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect()
}

fn assert_reports(dir: &Path, code: &str, needle: &str) {
    let found = diagnostics(dir);
    assert!(
        found
            .iter()
            .any(|d| d.starts_with(code) && d.contains(needle)),
        "expected {code} … {needle}, got {found:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Fuzz findings

fn replay(target: &str, run: impl Fn(&[u8])) -> usize {
    let mut count = 0;
    for dir in ["regressions", "corpus"] {
        let dir = repo().join("fuzz").join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            // (A fuzzer running meanwhile may have just removed the file.)
            let Ok(data) = std::fs::read(&file) else {
                continue;
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(&data)));
            assert!(result.is_ok(), "fuzz input {} fails", file.display());
            count += 1;
        }
    }
    count
}

/// Every input the fuzzer ever crashed on, and the corpus it built, still passes `check`.
#[test]
fn fuzz_inputs_for_check_pass() {
    let n = replay("check", |data| fuzzing::check_bytes(repo(), data));
    assert!(n > 0, "no fuzz inputs found for `check`");
}

#[test]
fn fuzz_inputs_for_markdown_pass() {
    let n = replay("markdown", fuzzing::markdown_bytes);
    assert!(n > 0, "no fuzz inputs found for `markdown`");
}

/// Found by the `check` target: a control character in a YAML file was printed raw in the
/// diagnostic's source excerpt, so a file could send escape sequences to the author's terminal.
#[test]
fn control_characters_in_diagnostics_are_not_printed() {
    let dir = project(&[(
        "modules/basis.yaml",
        "id: basis\ntitle: \"Basis\"\n\u{1b}]0;owned\u{7}\u{202e}: x\n",
    )]);
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    fuzzing::assert_no_terminal_controls(&stderr(&o));
    assert!(stderr(&o).contains('\u{fffd}'), "{}", stderr(&o));
}

/// Found by the `markdown` target's oracle on a seed: an asset link with `..` became
/// `media/../../x` in the page, leaving the package when checking was skipped (the preview, or a
/// caller of the library).
#[test]
fn asset_links_never_leave_the_media_folder() {
    let html = leskit::render::to_html("[a](../../x) [b](/etc/passwd) [c](%2e%2e/y)", false, true);
    fuzzing::assert_safe_html(&html, false);
    assert!(!html.contains(".."), "{html}");
    let html = leskit::render::to_html("[a](./img/kaart.svg#x)", false, true);
    assert!(html.contains("href=\"media/img/kaart.svg#x\""), "{html}");
}

/// With `allow_html`, raw HTML addresses relative to the LMS's own site (`/logout`), to another
/// server (`//evil.example`) or out of the package (`../`) are dropped by the sanitizer.
#[test]
fn sanitizer_drops_addresses_outside_the_package() {
    let html = leskit::render::to_html(
        "<a href=\"//evil.example/x\">a</a> <img src=\"/lms/logout\"> <a href=\"../../admin\">b</a> \
         <a href=\"%2e%2e/x\">c</a> <a href=\"\\\\evil.example\">d</a> <a href=\"#p\">e</a> <img src=\"kaart.svg\">",
        true,
        false,
    );
    fuzzing::assert_safe_html(&html, true);
    assert!(
        !html.contains("evil") && !html.contains("logout") && !html.contains("admin"),
        "{html}"
    );
    assert!(
        html.contains("href=\"#p\"") && html.contains("src=\"kaart.svg\""),
        "{html}"
    );
}

// ---------------------------------------------------------------------------------------------
// Limits: each a clear error

fn module_with_pages(pages: usize, body: &str) -> String {
    let mut s = String::from("id: basis\ntitle: Basis\nversion: 1.0.0\nsource: bron\npages:\n");
    for i in 0..pages {
        s.push_str(&format!(
            "  - id: p{i}\n    title: P\n    body: \"{body}\"\n"
        ));
    }
    s
}

fn quiz_with(cases: usize, questions: usize, options: usize) -> String {
    let mut s = String::from("id: basis-quiz\ntitle: Vragen\ncases:\n");
    for c in 0..cases {
        s.push_str(&format!(
            "  - id: c{c}\n    title: C\n    text: T\n    questions:\n"
        ));
        for q in 0..questions {
            s.push_str(&format!(
                "      - id: q{c}x{q}\n        kind: single\n        prompt: P\n        options:\n"
            ));
            for o in 0..options {
                s.push_str(&format!(
                    "          - {{ id: o{o}, text: T, correct: {} }}\n",
                    o == 0
                ));
            }
        }
    }
    s
}

#[test]
fn limit_pages() {
    let dir = project(&[("modules/basis.yaml", &module_with_pages(201, "x"))]);
    assert_reports(dir.path(), "E0109", "more than 200 pages");
}

#[test]
fn limit_blocks() {
    let mut s = module_with_pages(1, "x");
    s.push_str("    blocks:\n");
    for _ in 0..201 {
        s.push_str("      - tip: x\n");
    }
    let dir = project(&[("modules/basis.yaml", &s)]);
    assert_reports(dir.path(), "E0109", "more than 200 blocks on a page");
}

#[test]
fn limit_cases() {
    let dir = project(&[("quizzes/basis-quiz.yaml", &quiz_with(201, 1, 2))]);
    assert_reports(dir.path(), "E0109", "more than 200 cases");
}

#[test]
fn limit_questions() {
    let dir = project(&[("quizzes/basis-quiz.yaml", &quiz_with(1, 101, 2))]);
    assert_reports(dir.path(), "E0109", "more than 100 questions");
}

#[test]
fn limit_options() {
    let dir = project(&[("quizzes/basis-quiz.yaml", &quiz_with(1, 1, 27))]);
    assert_reports(dir.path(), "E0109", "more than 26 options");
}

#[test]
fn limit_text_length() {
    let dir = project(&[(
        "modules/basis.yaml",
        &module_with_pages(1, &"x".repeat(100_001)),
    )]);
    assert_reports(dir.path(), "E0109", "longer than 100000 characters");
}

#[test]
fn limit_id_length() {
    let dir = project(&[(
        "modules/basis.yaml",
        &module_with_pages(1, "x").replace("id: p0", &format!("id: {}", "p".repeat(33))),
    )]);
    assert_reports(dir.path(), "E0201", "longer than 32 characters");
}

#[test]
fn limit_file_size() {
    let mut s = module_with_pages(1, "x");
    s.push_str(&format!("# {}\n", "x".repeat(1024 * 1024)));
    let dir = project(&[("modules/basis.yaml", &s)]);
    assert_reports(dir.path(), "E0109", "larger than 1024 KiB");
}

#[test]
fn limit_nesting() {
    // A million `[` once made the parser give up with "recursion limit exceeded" (E0101).
    for depth in [33, 1_000_000] {
        let dir = project(&[(
            "modules/basis.yaml",
            &base_module().replace(
                "title: Basis",
                &format!("title: Basis\nkeywords: {}", "[".repeat(depth)),
            ),
        )]);
        assert_reports(dir.path(), "E0107", "nested more than 32 levels deep");
    }
}

/// A 100,000-character text named by a hundred aliases would be ten megabytes of text: the
/// expansion stops at `MAX_EXPANDED_BYTES`.
#[test]
fn limit_alias_expansion() {
    let aliases = vec!["*s"; 100].join(", ");
    let text = base_module().replace(
        "title: Basis",
        &format!(
            "title: &s \"{}\"\nkeywords: [{aliases}]",
            "x".repeat(100_000)
        ),
    );
    let dir = project(&[("modules/basis.yaml", &text)]);
    assert_reports(
        dir.path(),
        "E0107",
        "aliases expand to more than leskit reads",
    );
}

/// "Billion laughs": nested aliases stop at the first value of the wrong type, or at the alias
/// limits, long before they cost memory.
#[test]
fn limit_nested_aliases() {
    let mut s = String::from("id: basis\nkeywords: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    let fields = ["authors", "description", "duration_minutes", "title"];
    for (i, field) in fields.iter().enumerate() {
        let p = format!("*a{i}");
        s.push_str(&format!(
            "{field}: &a{} [{}]\n",
            i + 1,
            [p.as_str(); 10].join(", ")
        ));
    }
    let dir = project(&[("modules/basis.yaml", &s)]);
    let found = diagnostics(dir.path());
    assert!(
        found
            .iter()
            .any(|d| d.starts_with("E0104") || d.starts_with("E0107")),
        "{found:#?}"
    );
}

#[test]
fn limit_nodes() {
    // 200,001 values without aliases, within the size limit: `[0,0,0,…]`.
    let list = vec!["0"; 200_001].join(",");
    let dir = project(&[(
        "modules/basis.yaml",
        &format!("id: basis\nkeywords: [{list}]\n"),
    )]);
    assert_reports(dir.path(), "E0107", "too large");
}

#[test]
fn limit_files() {
    let dir = project(&[]);
    std::fs::create_dir_all(dir.path().join("courses")).unwrap();
    for i in 0..1_001 {
        std::fs::write(dir.path().join(format!("courses/c{i:04}.yaml")), "x: 1\n").unwrap();
    }
    assert_reports(dir.path(), "E0109", "more than 1000 files");
}

#[test]
fn limit_path_length() {
    let long = format!("{}/x.svg", "a".repeat(200));
    let dir = project(&[(
        "modules/basis.yaml",
        &std::fs::read_to_string(fuzzing::base_dir(repo()).join("modules/basis.yaml"))
            .unwrap()
            .replace("plaatje.svg", &long),
    )]);
    assert_reports(dir.path(), "E0212", "longer than 200 characters");
}

#[test]
fn limit_interaction_id() {
    let long_quiz = "b".repeat(32);
    let dir = project(&[]);
    let quiz = std::fs::read_to_string(dir.path().join("quizzes/basis-quiz.yaml"))
        .unwrap()
        .replace("id: basis-quiz", &format!("id: {long_quiz}"))
        .replace("id: route", &format!("id: {}", "r".repeat(30)));
    std::fs::remove_file(dir.path().join("quizzes/basis-quiz.yaml")).unwrap();
    std::fs::write(dir.path().join(format!("quizzes/{long_quiz}.yaml")), quiz).unwrap();
    let module = base_module().replace("quiz: basis-quiz", &format!("quiz: {long_quiz}"));
    std::fs::write(dir.path().join("modules/basis.yaml"), module).unwrap();
    assert_reports(dir.path(), "E0307", "would be too long");
}

// ---------------------------------------------------------------------------------------------
// Paths and files

fn base_module() -> String {
    std::fs::read_to_string(fuzzing::base_dir(repo()).join("modules/basis.yaml")).unwrap()
}

#[test]
fn asset_paths_cannot_leave_the_folder() {
    for (bad, why) in [
        ("../basis.yaml", "leaves the module's folder"),
        ("/etc/passwd", "is absolute"),
        ("C:/x.svg", "is absolute"),
        ("img\\\\x.svg", "backslash"),
        ("%2e%2e/x.svg", "character other than"),
        ("plaatje.svg.", "ending in `.`"),
        ("con.svg", "reserves"),
        ("pl\u{e4}tje.svg", "character other than"),
    ] {
        let dir = project(&[(
            "modules/basis.yaml",
            &base_module().replace("src: plaatje.svg", &format!("src: \"{bad}\"")),
        )]);
        assert_reports(dir.path(), "E0212", why);
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_folder_is_refused() {
    let dir = project(&[]);
    let outside = dir.path().join("geheim.svg");
    std::fs::write(&outside, "<svg/>").unwrap();
    let link = dir.path().join("modules/basis/link.svg");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    std::fs::write(
        dir.path().join("modules/basis.yaml"),
        base_module().replace("plaatje.svg", "link.svg"),
    )
    .unwrap();
    assert_reports(dir.path(), "E0212", "leads outside the module's folder");
}

/// `Kaart.svg` and `kaart.svg` are two files on Linux and one on Windows and macOS.
#[test]
fn asset_names_that_clash_without_case_are_refused() {
    let dir = project(&[
        ("modules/basis/Plaatje.svg", "<svg/>"),
        (
            "modules/basis.yaml",
            &base_module().replace(
                "      - signals: [signaal-a]\n",
                "      - image: { src: Plaatje.svg, alt: Groot }\n      - signals: [signaal-a]\n",
            ),
        ),
    ]);
    assert_reports(dir.path(), "E0212", "differ only in case");
}

/// Module `a` at version `b-1` and module `a-b` at version `1` would both write `a-b-1-….zip`.
#[test]
fn package_names_that_clash_are_refused() {
    let second = base_module()
        .replace("id: basis\n", "id: basis-x\n")
        .replace("version: 1.0.0", "version: \"1.0.0\"");
    let first = base_module().replace("version: 1.0.0", "version: X-1.0.0");
    let dir = project(&[
        ("modules/basis.yaml", &first),
        ("modules/basis-x.yaml", &second),
    ]);
    copy_tree(
        &dir.path().join("modules/basis"),
        &dir.path().join("modules/basis-x"),
    );
    assert_reports(dir.path(), "E0225", "same package name");
}

/// Every entry of a built package has a portable, relative name.
#[test]
fn zip_entry_names_are_safe_for_every_unzipper() {
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &repo().join("examples/minimal"),
        &[
            "build",
            "--target",
            "all",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for zip in std::fs::read_dir(out.path()).unwrap() {
        let path = zip.unwrap().path();
        if path.is_dir() {
            continue; // the web export's folder: the same files as its zip
        }
        if path.extension().is_none_or(|e| e != "zip") {
            continue; // the record of what was written, for `leskit clean`, and the reports
        }
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut lower = std::collections::BTreeSet::new();
        for i in 0..zip.len() {
            let entry = zip.by_index(i).unwrap();
            fuzzing::assert_safe_entry_name(entry.name());
            assert!(entry.enclosed_name().is_some(), "{}", entry.name());
            assert!(
                lower.insert(entry.name().to_ascii_lowercase()),
                "{} clashes without case",
                entry.name()
            );
        }
    }
}

/// A file that cannot be read (here a link to nothing) is named in a clear message, exit code 3.
#[cfg(unix)]
#[test]
fn an_unreadable_file_exits_3() {
    let dir = project(&[]);
    std::os::unix::fs::symlink(
        dir.path().join("nowhere.yaml"),
        dir.path().join("quizzes/kapot.yaml"),
    )
    .unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("quizzes/kapot.yaml") && stderr(&o).contains("could not read"),
        "{}",
        stderr(&o)
    );
}

/// A folder that exists but cannot be written: `/sys/kernel` refuses new files even to root,
/// unlike a folder without write permission.
#[cfg(target_os = "linux")]
#[test]
fn a_read_only_output_folder_exits_3() {
    let readonly = Path::new("/sys/kernel");
    if !readonly.is_dir() || tempfile::tempfile_in(readonly).is_ok() {
        eprintln!("skipped: no read-only folder at {}", readonly.display());
        return;
    }
    let o = leskit(
        &repo().join("examples/minimal"),
        &["build", "--out", readonly.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not write") && stderr(&o).contains("/sys/kernel/voorbeeld"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_output_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b/c");
    let o = leskit(
        &repo().join("examples/minimal"),
        &["build", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join("voorbeeld-1.0.0-scorm12.zip").is_file());
}

/// A disk that fills up halfway: the writer fails like a full disk does. The message names the
/// file and the cause, the old package stays, and no temporary file is left.
#[test]
fn a_full_disk_leaves_nothing_broken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m-1-scorm12.zip");
    std::fs::write(&path, b"old package").unwrap();
    let err = leskit::fs::write_atomic(&path, |w| {
        w.write_all(&[0; 64 * 1024])?;
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    })
    .unwrap_err();
    assert!(
        matches!(err, leskit::error::Error::Io { .. }),
        "not an I/O error (exit code 3): {err:?}"
    );
    let message = err.to_string();
    assert!(
        message.contains("m-1-scorm12.zip") && message.contains("storage"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"old package");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// A real full device where Linux has one: `/dev/full` fails every write with ENOSPC.
#[cfg(target_os = "linux")]
#[test]
fn dev_full_is_reported_as_a_full_disk() {
    use std::io::Write;
    let Ok(mut full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let e = full
        .write_all(&[0; 4096])
        .and_then(|()| full.flush())
        .unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
}

/// Two builds into one folder at the same time: both succeed and the packages are whole, and
/// the same as one build alone.
#[test]
fn two_builds_at_once_do_not_corrupt_each_other() {
    let example = repo().join("examples/minimal");
    let alone = tempfile::tempdir().unwrap();
    let o = leskit(
        &example,
        &[
            "build",
            "--target",
            "all",
            "--out",
            alone.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let shared = tempfile::tempdir().unwrap();
    for _ in 0..3 {
        let spawn = || {
            Command::new(env!("CARGO_BIN_EXE_leskit"))
                .args(["build", "--target", "all", "--out"])
                .arg(shared.path())
                .current_dir(&example)
                .env("SOURCE_DATE_EPOCH", "1795000000")
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let o = child.wait_with_output().unwrap();
            assert!(o.status.success(), "{}", stderr(&o));
        }
        let mut names: Vec<_> = std::fs::read_dir(shared.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            // The record of what was written, for `leskit clean`: no temporary.
            .filter(|n| n != ".leskit-outputs")
            .collect();
        names.sort();
        // Four zips with their reports and the web export's folder, of the module and of the
        // course.
        assert_eq!(names.len(), 18, "temporary files left: {names:?}");
        for name in names {
            if shared.path().join(&name).is_dir() {
                assert_eq!(
                    read_tree(&alone.path().join(&name)),
                    read_tree(&shared.path().join(&name)),
                    "{name:?} differs from a build alone"
                );
                continue;
            }
            let a = std::fs::read(alone.path().join(&name)).unwrap();
            let b = std::fs::read(shared.path().join(&name)).unwrap();
            assert!(a == b, "{name:?} differs from a build alone");
            if name.to_string_lossy().ends_with(".zip") {
                zip::ZipArchive::new(std::io::Cursor::new(b)).unwrap();
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Injection

/// Texts that try to break out of HTML text, attributes, the JSON data block, Markdown links and
/// the manifest's XML.
const NASTY: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "</script><script>alert(1)</script>",
    "[klik](https://example.org/\"onclick=\"x) [ok](https://example.org \"t'\\\"><x\")",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "]]> <![CDATA[ x ]]> &amp; &lt;b&gt; {{title}} {{{title}}}",
    "bidi \u{202e}txt.exe\u{202c} and \u{2066}isolate\u{2069}",
    "control \u{1}\u{8}\u{b}\u{c}\u{1b}[31m \u{7f} \u{85}",
    "<svg onload=alert(1)> <math><mi xlink:href=javascript:alert(1)>x</mi></math>",
];

/// `s` as a double-quoted YAML scalar (JSON's escapes, plus the two characters YAML may not
/// hold raw and JSON leaves alone).
fn quoted(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap()
        .replace('\u{7f}', "\\u007f")
        .replace('\u{85}', "\\u0085")
}

/// A module and quiz whose every author text is one of [`NASTY`].
fn nasty_project(allow_html: bool) -> tempfile::TempDir {
    let n = |i: usize| quoted(NASTY[i % NASTY.len()]);
    let mut module = format!(
        "id: basis\ntitle: {}\ndescription: {}\nversion: 1.0.0\nsource: bron\nauthors: [{}]\n\
         keywords: [{}, {}]\nallow_html: {allow_html}\npages:\n",
        n(0),
        n(1),
        n(2),
        n(6),
        n(7)
    );
    for (i, text) in NASTY.iter().enumerate() {
        module.push_str(&format!(
            "  - id: p{i}\n    title: {}\n    body: {}\n    blocks:\n      - tip: {}\n      - warning: {}\n      - image: {{ src: plaatje.svg, alt: {}, caption: {} }}\n",
            quoted(text),
            quoted(text),
            n(i + 1),
            n(i + 2),
            n(i + 3),
            n(i + 4),
        ));
    }
    module.push_str("  - id: oefenen\n    title: Oefenen\n    blocks:\n      - quiz: basis-quiz\n");
    let mut quiz = format!(
        "id: basis-quiz\ntitle: {}\nintro: {}\ncases:\n  - id: casus\n    title: {}\n    text: {}\n    questions:\n",
        n(3),
        n(4),
        n(5),
        n(6)
    );
    for i in 0..NASTY.len() {
        quiz.push_str(&format!(
            "      - id: q{i}\n        kind: single\n        prompt: {}\n        explanation: {}\n        options:\n          - {{ id: a, text: {}, correct: true, feedback: {} }}\n          - {{ id: b, text: {}, feedback: {} }}\n",
            n(i), n(i + 1), n(i + 2), n(i + 3), n(i + 4), n(i + 5)
        ));
    }
    quiz.push_str(&format!(
        "      - id: tf\n        kind: true-false\n        prompt: {}\n        answer: true\n        true_feedback: {}\n        false_feedback: {}\n",
        n(7), n(8), n(9)
    ));
    project(&[
        ("modules/basis.yaml", &module),
        ("quizzes/basis-quiz.yaml", &quiz),
    ])
}

/// Parses an XML document fully; panics on anything not well-formed.
fn assert_well_formed_xml(xml: &[u8]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut texts = Vec::new();
    let mut depth = 0i32;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(quick_xml::events::Event::Text(t)) => {
                let raw = String::from_utf8(t.to_vec()).unwrap();
                for c in raw.chars() {
                    // XML 1.0 allows no C0 control character but tab, newline and return.
                    assert!(
                        !c.is_control() || matches!(c, '\t' | '\n' | '\r') || c as u32 >= 0x7f,
                        "control character {c:?} in the manifest"
                    );
                }
                texts.push(raw);
            }
            Ok(_) => {}
            Err(e) => panic!("the manifest is not well-formed XML: {e}"),
        }
        buf.clear();
    }
    assert_eq!(depth, 0, "unbalanced manifest");
    texts
}

fn build_nasty(allow_html: bool) {
    let dir = nasty_project(allow_html);
    let out = dir.path().join("out");
    let o = leskit(
        dir.path(),
        &["build", "--target", "all", "--out", out.to_str().unwrap()],
    );
    let err = stderr(&o);
    fuzzing::assert_no_terminal_controls(&err);
    assert!(
        o.status.success(),
        "the nasty project does not build (it has only warnings and refused links):\n{err}"
    );
    let scripts = {
        let base = tempfile::tempdir().unwrap();
        let o = leskit(
            &fuzzing::base_dir(repo()),
            &["build", "--out", base.path().to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let files = unzip(&base.path().join("basis-1.0.0-scorm12.zip"));
        String::from_utf8_lossy(&files["index.html"])
            .matches("<script")
            .count()
    };
    for target in ["scorm12", "scorm2004"] {
        let files = unzip(&out.join(format!("basis-1.0.0-{target}.zip")));
        let page = String::from_utf8(files["index.html"].clone()).unwrap();
        fuzzing::assert_safe_page(&page, scripts);
        assert!(
            !page.contains("<script>alert")
                && !page.to_ascii_lowercase().contains("javascript:alert(1)\""),
            "{page}"
        );
        // The data block is JSON that the page's script reads: it must parse, and hold the texts.
        let start = page
            .find("<script id=\"lk-data\" type=\"application/json\">")
            .unwrap();
        let json = &page[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        serde_json::from_str::<serde_json::Value>(json).expect("the data block is JSON");
        assert_well_formed_xml(&files["imsmanifest.xml"]);
        let manifest = String::from_utf8_lossy(&files["imsmanifest.xml"]);
        assert!(
            manifest.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                && !manifest.contains("<script"),
            "the title is not in the manifest as escaped text: {manifest}"
        );
    }
}

/// `javascript:` and `data:` links are refused by the checker wherever Markdown is allowed, and
/// dropped by the renderer even when checking is skipped.
#[test]
fn script_and_data_links_are_refused_and_dropped() {
    let links = "[klik](javascript:alert(1)) [data](data:text/html,<script>x</script>) \
                 [tab](java\tscript:x) [ent](&#106;avascript:x)";
    let dir = project(&[(
        "modules/basis.yaml",
        &base_module().replace(
            "body: Lees [verder](#oefenen).",
            &format!("body: {}", quoted(links)),
        ),
    )]);
    let found = diagnostics(dir.path());
    for scheme in ["javascript:alert(1)", "data:text/html", "javascript:x"] {
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("E0214") && d.contains(scheme)),
            "{scheme} not refused: {found:#?}"
        );
    }
    for allow_html in [false, true] {
        let html = leskit::render::to_html(links, allow_html, false);
        fuzzing::assert_safe_html(&html, allow_html);
        assert!(
            !html.contains("javascript") && !html.contains("data:"),
            "{html}"
        );
    }
}

#[test]
fn author_text_cannot_become_markup_or_script() {
    build_nasty(false);
}

#[test]
fn author_text_cannot_become_script_through_allow_html() {
    build_nasty(true);
}

/// Ids are slugs, so they can carry nothing: quotes, angle brackets and spaces are refused.
#[test]
fn ids_cannot_carry_markup() {
    for id in ["a\"b", "a<b", "a b", "A", "a\u{202e}b", "a/b", "a.b"] {
        let dir = project(&[(
            "modules/basis.yaml",
            &base_module().replace("id: start", &format!("id: {}", quoted(id))),
        )]);
        assert_reports(dir.path(), "E0201", "is not a valid page id");
    }
}

// ---------------------------------------------------------------------------------------------
// Reproducibility

/// The clock and `SOURCE_DATE_EPOCH` never change a package: entry times stay 1980-01-01.
#[test]
fn source_date_epoch_does_not_change_packages() {
    let example = repo().join("examples/minimal");
    let mut builds = Vec::new();
    for epoch in [Some("0"), Some("2000000000"), None] {
        let out = tempfile::tempdir().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_leskit"));
        cmd.args(["build", "--target", "all", "--out"])
            .arg(out.path())
            .current_dir(&example)
            .env("TZ", "America/St_Johns");
        match epoch {
            Some(e) => cmd.env("SOURCE_DATE_EPOCH", e),
            None => cmd.env_remove("SOURCE_DATE_EPOCH"),
        };
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let zip = std::fs::read(out.path().join("voorbeeld-1.0.0-scorm2004.zip")).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&zip)).unwrap();
        for i in 0..archive.len() {
            let t = archive.by_index(i).unwrap().last_modified().unwrap();
            assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
        }
        builds.push(zip);
    }
    assert!(builds.windows(2).all(|w| w[0] == w[1]));
}
