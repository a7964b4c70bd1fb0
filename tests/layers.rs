//! `scripts/check-layers` finds an import cycle and a stage importing a later one, naming the
//! file and line, on small source trees made for it; it passes a tree that has neither, where
//! comments, strings and test modules name later stages; and it passes leskit's own `src/`.

use std::path::Path;
use std::process::Command;

#[path = "common/run.rs"]
mod run;
use run::repo;

/// Writes `files` (path under `src/`, text) into a new folder and runs the check on it: whether
/// it passed, and what it printed.
fn check(files: &[(&str, &str)]) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    for (path, text) in files {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let o = Command::new("python3")
        .arg(repo().join("scripts/check-layers"))
        .arg(&src)
        .output()
        .expect("python3 runs scripts/check-layers");
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "{o:?}"
    );
    let out = String::from_utf8(o.stdout).unwrap();
    (
        o.status.success(),
        out.replace(&format!("{}/", src.display()), ""),
    )
}

const LIB: (&str, &str) = ("lib.rs", "pub mod model;\npub mod render;\npub mod text;\n");

#[test]
fn a_tree_in_stage_order_passes_whatever_comments_strings_and_tests_name() {
    let (passed, out) = check(&[
        LIB,
        ("model.rs", "pub struct Module;\n"),
        (
            "text/mod.rs",
            "mod links;\npub use self::links::Link;\nuse crate::model::Module;\n",
        ),
        (
            "text/links.rs",
            "use super::super::model::Module;\npub struct Link;\n",
        ),
        (
            "render/mod.rs",
            "use crate::{model::Module, text::{self, Link}};\n",
        ),
        (
            "validate.rs",
            concat!(
                "//! Not [`crate::render::Site`].\n",
                "use crate::text::Link;\n",
                "/* crate::render */ const A: &str = \"crate::render::x\";\n",
                "const B: &str = r#\"crate::render\"#; const C: char = '\"'; fn f<'a>(x: &'a str) {}\n",
                "#[cfg(test)]\nmod tests {\n    use crate::render::Site;\n}\n",
            ),
        ),
    ]);
    assert!(passed, "{out}");
}

#[test]
fn a_cycle_between_modules_of_one_stage_fails_naming_each_import() {
    let (passed, out) = check(&[
        LIB,
        (
            "fs.rs",
            "use crate::model::Pos;\n\nuse crate::diag::display_path;\n",
        ),
        (
            "diag.rs",
            "pub fn display_path() {}\nfn f() { crate::fs::read(); }\n",
        ),
        ("model.rs", "pub struct Pos;\n"),
    ]);
    assert!(!passed, "{out}");
    assert!(
        out.contains("the modules `diag`, `fs` import each other in a circle")
            && out.contains("fs.rs:3: `fs` imports `diag`")
            && out.contains("diag.rs:2: `diag` imports `fs`")
            && !out.contains("model"),
        "{out}"
    );
}

#[test]
fn a_stage_importing_a_later_one_fails_naming_the_line() {
    let (passed, out) = check(&[
        LIB,
        (
            "text/mod.rs",
            "//! Text.\n\nuse crate::{model::Module, render::Site};\n",
        ),
        ("render/mod.rs", "pub type Site = ();\n"),
        ("model.rs", ""),
    ]);
    assert!(!passed, "{out}");
    assert!(
        out.contains("text/mod.rs:3: `text` (rules) imports `render`, of the later stage render"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn files_of_one_folder_in_a_circle_fail_but_a_module_and_its_parts_do_not() {
    let (passed, out) = check(&[
        LIB,
        (
            "package/mod.rs",
            "mod a;\nmod b;\npub use self::a::A;\npub struct Facts;\n",
        ),
        (
            "package/a.rs",
            "use super::Facts;\npub struct A;\nfn f() { super::b::g(); }\n",
        ),
        ("package/b.rs", "use super::{Facts, a::A};\npub fn g() {}\n"),
    ]);
    assert!(!passed, "{out}");
    assert!(
        out.contains("the modules `package::a`, `package::b` import each other in a circle")
            && out.contains("package/a.rs:3: `package::a` imports `package::b`")
            && out.contains("package/b.rs:1: `package::b` imports `package::a`"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 3, "{out}");
}

#[test]
fn a_module_in_no_stage_fails() {
    let (passed, out) = check(&[LIB, ("widget.rs", "")]);
    assert!(!passed, "{out}");
    assert!(out.contains("the module `widget` is in no stage"), "{out}");
}

/// This repository's own `src/` keeps its layers.
#[test]
fn src_keeps_its_layers() {
    let o = Command::new("python3")
        .arg(repo().join("scripts/check-layers"))
        .arg(repo().join("src"))
        .output()
        .expect("python3 runs scripts/check-layers");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

/// Packaging keeps its layers too: the formats (`package/<format>.rs`) and the plan of a course
/// (`package/course.rs`) import no circle, and packaging imports no later stage.
#[test]
fn package_keeps_its_layers() {
    let o = Command::new("python3")
        .arg(repo().join("scripts/check-layers"))
        .arg(repo().join("src"))
        .output()
        .expect("python3 runs scripts/check-layers");
    let out = String::from_utf8(o.stdout).unwrap();
    let src = format!("{}/", Path::new(&repo()).join("src").display());
    for line in out.lines() {
        let line = line.replace(&src, "");
        assert!(
            !line.starts_with("package/")
                && !line.contains("`package`")
                && !line.contains("`package::"),
            "{line}"
        );
    }
}
