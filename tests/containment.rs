//! Containment (issue #14): no file leaves the project. Every file leskit reads or packages —
//! module folders, YAML files, content files, images and linked files, templates — is resolved
//! to its real path, and one outside its folder is refused with a message naming the link; no
//! byte of the refused file reaches the terminal, the JSON messages or a package. Hidden files
//! and editor or OS litter are skipped.

#![cfg(unix)]

#[path = "common/files.rs"]
mod files;
use files::{read_tree, unzip};
#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::os::unix::fs::symlink;

use leskit::package::Target;
use std::path::PathBuf;

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo};

/// What the files outside the project hold; it must never show up anywhere.
const SECRET: &str = "ZEER-GEHEIM-7f3a9c";

/// A temporary folder with the valid check fixture in `project/` and, beside it, `elsewhere/`
/// holding secrets.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Setup {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &repo().join("tests/fixtures/check/base"),
            &dir.path().join("project"),
        );
        std::fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
        Setup { dir }
    }
    fn project(&self) -> PathBuf {
        self.dir.path().join("project")
    }
    fn elsewhere(&self) -> PathBuf {
        self.dir.path().join("elsewhere")
    }
    fn write(&self, relative: &str, text: &str) {
        let path = self.project().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    fn secret(&self, name: &str, text: &str) -> PathBuf {
        let path = self.elsewhere().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
    /// Runs check (human and JSON messages) and build; asserts each fails, and that the secret
    /// is nowhere in what they printed or wrote. Returns the human messages of check.
    fn refused(&self, build_args: &[&str]) -> String {
        let human = leskit(&self.project(), &["check"]);
        let json = leskit(&self.project(), &["check", "--message-format", "json"]);
        let mut args = vec!["build", "--target", "all"];
        args.extend_from_slice(build_args);
        let build = leskit(&self.project(), &args);
        for (what, o) in [("check", &human), ("check json", &json), ("build", &build)] {
            let printed = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!o.status.success(), "{what} succeeded:\n{printed}");
            assert!(
                !printed.contains(SECRET),
                "{what} printed the secret:\n{printed}"
            );
        }
        let dist = self.project().join("dist");
        if dist.is_dir() {
            for (name, bytes) in read_tree(&dist) {
                let mut all = vec![(name.clone(), bytes.clone())];
                if name.ends_with(".zip") {
                    all.extend(unzip(&dist.join(&name)));
                }
                for (entry, bytes) in all {
                    assert!(
                        !String::from_utf8_lossy(&bytes).contains(SECRET),
                        "{name}: {entry} holds the secret"
                    );
                }
            }
        }
        String::from_utf8_lossy(&human.stderr).into_owned()
    }
}

fn module_yaml() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/check/base/modules/basis.yaml")).unwrap()
}

/// The first hole: `modules/<id>` linked to a folder elsewhere, and a page linking to a
/// file in it. The folder and the file resolve through the same link, which used to pass.
#[test]
fn a_symlinked_module_folder_is_refused() {
    let s = Setup::new();
    let folder = s.elsewhere().join("ssh");
    copy_tree(&s.project().join("modules/basis"), &folder);
    std::fs::write(folder.join("id_rsa"), SECRET).unwrap();
    std::fs::remove_dir_all(s.project().join("modules/basis")).unwrap();
    symlink(&folder, s.project().join("modules/basis")).unwrap();
    s.write(
        "modules/basis.yaml",
        &module_yaml().replace("Lees [verder]", "Lees [k](id_rsa) en [verder]"),
    );
    let messages = s.refused(&[]);
    assert!(
        messages.contains("E0212")
            && messages.contains("`modules/basis` is a symbolic link that leads outside"),
        "{messages}"
    );
}

/// The second hole: a YAML file linked to a credentials file; its diagnostic used to print the
/// secret in an excerpt.
#[test]
fn a_symlinked_yaml_file_is_refused_without_an_excerpt() {
    let s = Setup::new();
    let secret = s.secret("creds.yaml", &format!("password: {SECRET}\n"));
    symlink(&secret, s.project().join("modules/creds.yaml")).unwrap();
    let messages = s.refused(&[]);
    assert!(
        messages.contains("E0112")
            && messages.contains("modules/creds.yaml")
            && messages.contains("symbolic link that leads outside"),
        "{messages}"
    );
}

/// A whole `quizzes/` folder linked out: the link named is the folder.
#[test]
fn a_symlinked_source_folder_is_refused() {
    let s = Setup::new();
    let quizzes = s.elsewhere().join("quizzes");
    copy_tree(&s.project().join("quizzes"), &quizzes);
    std::fs::write(quizzes.join("x.yaml"), format!("{SECRET}: [\n")).unwrap();
    std::fs::remove_dir_all(s.project().join("quizzes")).unwrap();
    symlink(&quizzes, s.project().join("quizzes")).unwrap();
    let messages = s.refused(&[]);
    assert!(
        messages.contains("E0112") && messages.contains("`quizzes` is a symbolic link"),
        "{messages}"
    );
}

#[test]
fn a_symlinked_content_file_is_refused() {
    let s = Setup::new();
    let contacts = std::fs::read_to_string(s.project().join("content/contacts.yaml")).unwrap();
    let secret = s.secret(
        "contacts.yaml",
        &format!("{contacts}\n# {SECRET}\nkapot: [\n"),
    );
    std::fs::remove_file(s.project().join("content/contacts.yaml")).unwrap();
    symlink(&secret, s.project().join("content/contacts.yaml")).unwrap();
    let messages = s.refused(&[]);
    assert!(
        messages.contains("E0112") && messages.contains("content/contacts.yaml"),
        "{messages}"
    );
}

/// An image linked out of the module's folder (the folder itself is real).
#[test]
fn a_symlinked_image_is_refused() {
    let s = Setup::new();
    let secret = s.secret("geheim.svg", &format!("<svg><!-- {SECRET} --></svg>"));
    std::fs::remove_file(s.project().join("modules/basis/plaatje.svg")).unwrap();
    symlink(&secret, s.project().join("modules/basis/plaatje.svg")).unwrap();
    let messages = s.refused(&[]);
    assert!(
        messages.contains("E0212")
            && messages.contains("`modules/basis/plaatje.svg` is a symbolic link"),
        "{messages}"
    );
}

/// Packaging reads a module's files itself, after the check, and checks each one again as it
/// reads it: a file swapped for a link out of the folder in between is refused, naming the link,
/// and none of its bytes reach the package.
#[test]
fn packaging_refuses_an_image_linked_out_after_the_check() {
    let s = Setup::new();
    let (project, templates) = checked(&s);
    let secret = s.secret("geheim.svg", &format!("<svg><!-- {SECRET} --></svg>"));
    std::fs::remove_file(s.project().join("modules/basis/plaatje.svg")).unwrap();
    symlink(&secret, s.project().join("modules/basis/plaatje.svg")).unwrap();
    let module = &project.modules[0];
    let e = leskit::package::module_package(&project, module, Target::SCORM12, &templates)
        .err()
        .expect("the linked image is refused");
    let message = e.to_string();
    assert!(
        message.contains("plaatje.svg` is not read: ")
            && message.contains("plaatje.svg` is a symbolic link that leads outside `")
            && message.ends_with("; copy the file into the folder instead of linking to it")
            && !message.contains(SECRET),
        "{message}"
    );
}

/// A module's file that grew past the limit after the check is refused when packaging reads it.
#[test]
fn packaging_refuses_an_image_grown_too_large_after_the_check() {
    let s = Setup::new();
    let (project, templates) = checked(&s);
    let image = std::fs::OpenOptions::new()
        .write(true)
        .open(s.project().join("modules/basis/plaatje.svg"))
        .unwrap();
    image.set_len(50 * 1024 * 1024 + 1).unwrap();
    let module = &project.modules[0];
    let e = leskit::package::module_package(&project, module, Target::SCORM12, &templates)
        .err()
        .expect("the large image is refused");
    let message = e.to_string();
    assert!(
        message.contains("plaatje.svg` is larger than 50 MiB; make it smaller before packaging"),
        "{message}"
    );
}

/// The fixture project, loaded and checked without errors, and the built-in templates.
fn checked(s: &Setup) -> (leskit::model::Project, leskit::render::Templates) {
    let loaded = leskit::load::load_project(&s.project()).unwrap();
    assert!(!loaded.diagnostics.has_errors(), "the fixture loads");
    let templates = leskit::render::Templates::load(None).unwrap();
    let package = leskit::package::module_package(
        &loaded.project,
        &loaded.project.modules[0],
        Target::SCORM12,
        &templates,
    )
    .unwrap_or_else(|e| panic!("the fixture packages: {e}"));
    assert_eq!(
        package.site["media/plaatje.svg"],
        std::fs::read(s.project().join("modules/basis/plaatje.svg")).unwrap(),
        "the image is packaged as it is"
    );
    (loaded.project, templates)
}

/// A link that stays inside the module's folder is followed: containment is about where a file
/// is, not about links as such.
#[test]
fn a_link_inside_the_folder_is_followed() {
    let s = Setup::new();
    symlink("plaatje.svg", s.project().join("modules/basis/ook.svg")).unwrap();
    s.write(
        "modules/basis.yaml",
        &module_yaml().replace("src: plaatje.svg", "src: ook.svg"),
    );
    let o = leskit(&s.project(), &["build", "--target", "scorm12"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_template_linked_out_of_its_folder_is_refused() {
    let s = Setup::new();
    let secret = s.secret("index.hbs", &format!("{SECRET} {{{{#if}}"));
    std::fs::create_dir_all(s.project().join("tpl")).unwrap();
    symlink(&secret, s.project().join("tpl/index.hbs")).unwrap();
    let o = leskit(&s.project(), &["build", "--templates", "tpl"]);
    let printed = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{printed}");
    assert!(!printed.contains(SECRET), "{printed}");
    assert!(
        printed.contains("`tpl/index.hbs` is a symbolic link that leads outside `tpl`"),
        "{printed}"
    );
    assert!(!s.project().join("dist").exists());
}

#[test]
fn a_symlinked_template_folder_is_refused() {
    let s = Setup::new();
    s.secret("index.hbs", &format!("{SECRET} {{{{#if}}"));
    symlink(s.elsewhere(), s.project().join("tpl")).unwrap();
    let o = leskit(&s.project(), &["build", "--templates", "tpl"]);
    let printed = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{printed}");
    assert!(!printed.contains(SECRET), "{printed}");
    assert!(
        printed.contains("the template folder `tpl` is a symbolic link"),
        "{printed}"
    );
}

/// Editor and OS files beside the modules are skipped: an Emacs lock link (`.#x.yaml`, pointing
/// at nothing), macOS's `._x.yaml` and `.DS_Store`, a `~` backup.
#[test]
fn hidden_files_and_editor_litter_are_skipped() {
    let s = Setup::new();
    symlink(
        "user@host.1234:1700000000",
        s.project().join("modules/.#basis.yaml"),
    )
    .unwrap();
    std::fs::write(
        s.project().join("modules/._basis.yaml"),
        b"\x00\x05\x16\x07",
    )
    .unwrap();
    std::fs::write(
        s.project().join("modules/.DS_Store"),
        b"\x00\x00\x00\x01Bud1",
    )
    .unwrap();
    std::fs::write(s.project().join("quizzes/basis-quiz.yaml~"), "kapot: [").unwrap();
    std::fs::write(s.project().join("quizzes/#basis-quiz.yaml#"), "kapot: [").unwrap();
    std::fs::write(s.project().join("quizzes/.kapot.yaml"), "kapot: [").unwrap();
    let o = leskit(&s.project(), &["check"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// A file name that is not UTF-8 is shown with `�` and a hint to rename it.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let s = Setup::new();
    let name = std::ffi::OsStr::from_bytes(b"m\xe9dule.yaml");
    std::fs::write(s.project().join("modules").join(name), module_yaml()).unwrap();
    let o = leskit(&s.project(), &["check"]);
    let printed = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{printed}");
    assert!(
        printed.contains("E0113")
            && printed.contains("modules/m\u{fffd}dule.yaml")
            && printed.contains("rename the file"),
        "{printed}"
    );
}
