//! `leskit build`: package names, reproducible bytes, atomic writes, template overrides.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;
#[path = "common/files.rs"]
mod files;
use files::unzip;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal")
}

fn leskit(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `leskit build --target <targets>` of the example into a new folder, which must succeed.
fn build_example(targets: &str) -> tempfile::TempDir {
    build_example_with_output(targets).0
}

/// Like [`build_example`], with what leskit printed.
fn build_example_with_output(targets: &str) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--target",
            targets,
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (out, o)
}

#[test]
fn builds_one_zip_per_module_and_course_per_target() {
    let (out, o) = build_example_with_output("all");
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".leskit-outputs",
            "voorbeeld-1.0.0-cmi5.txt",
            "voorbeeld-1.0.0-cmi5.zip",
            "voorbeeld-1.0.0-html",
            "voorbeeld-1.0.0-html.txt",
            "voorbeeld-1.0.0-html.zip",
            "voorbeeld-1.0.0-scorm12.txt",
            "voorbeeld-1.0.0-scorm12.zip",
            "voorbeeld-1.0.0-scorm2004.txt",
            "voorbeeld-1.0.0-scorm2004.zip",
            "voorbeeld-cursus-1.0.0-cmi5.txt",
            "voorbeeld-cursus-1.0.0-cmi5.zip",
            "voorbeeld-cursus-1.0.0-html",
            "voorbeeld-cursus-1.0.0-html.txt",
            "voorbeeld-cursus-1.0.0-html.zip",
            "voorbeeld-cursus-1.0.0-scorm12.txt",
            "voorbeeld-cursus-1.0.0-scorm12.zip",
            "voorbeeld-cursus-1.0.0-scorm2004.txt",
            "voorbeeld-cursus-1.0.0-scorm2004.zip"
        ],
        "every target, for the module and the course, each with its report, the web export as a folder too, and the record of what was written"
    );
    let err = stderr(&o);
    assert!(
        err.contains("built ") && err.contains("finished: 8 packages"),
        "{err}"
    );
}

#[test]
fn without_arguments_builds_scorm12_into_dist() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let o = leskit(dir.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.path()
            .join("dist/voorbeeld-1.0.0-scorm12.zip")
            .is_file()
    );
    assert!(
        !dir.path()
            .join("dist/voorbeeld-1.0.0-scorm2004.zip")
            .exists()
    );
}

#[test]
fn zip_entries_are_sorted_with_fixed_times_and_permissions() {
    let out = build_example("scorm2004");
    let file = std::fs::File::open(out.path().join("voorbeeld-1.0.0-scorm2004.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let t = entry.last_modified().unwrap();
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (1980, 1, 1, 0, 0, 0),
            "{}",
            entry.name()
        );
        assert_eq!(
            entry.unix_mode().map(|m| m & 0o777),
            Some(0o644),
            "{}",
            entry.name()
        );
        names.push(entry.name().to_owned());
    }
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(
        names.contains(&"imsmanifest.xml".to_owned()) && names.contains(&"index.html".to_owned())
    );
    assert!(names.contains(&"media/kaart.svg".to_owned()), "{names:?}");
}

/// The same sources give the same bytes, whatever the time zone, umask, file times and folder.
#[test]
fn rebuilding_gives_identical_bytes() {
    let first = build_example("all");

    // Another folder, other file times, another time zone and umask.
    let elsewhere = tempfile::tempdir().unwrap();
    let project = elsewhere.path().join("somewhere else/project");
    copy_tree(&example(), &project);
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000_000);
    for path in [
        "modules/voorbeeld.yaml",
        "modules/voorbeeld/kaart.svg",
        "courses/voorbeeld-cursus.yaml",
        "courses/voorbeeld-cursus/kaart.svg",
        "quizzes/voorbeeld-quiz.yaml",
    ] {
        std::fs::File::options()
            .write(true)
            .open(project.join(path))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let second = elsewhere.path().join("out");
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 077 && exec \"{}\" build --target all --out \"{}\"",
            env!("CARGO_BIN_EXE_leskit"),
            second.display()
        ))
        .current_dir(&project)
        .env("TZ", "Pacific/Kiritimati")
        .env("SOURCE_DATE_EPOCH", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for name in [
        "voorbeeld-1.0.0-scorm12.zip",
        "voorbeeld-1.0.0-scorm2004.zip",
        "voorbeeld-1.0.0-scorm12.txt",
        "voorbeeld-1.0.0-scorm2004.txt",
        "voorbeeld-1.0.0-cmi5.zip",
        "voorbeeld-1.0.0-html.zip",
        "voorbeeld-cursus-1.0.0-scorm2004.zip",
        "voorbeeld-cursus-1.0.0-html.zip",
    ] {
        let a = std::fs::read(first.path().join(name)).unwrap();
        let b = std::fs::read(second.join(name)).unwrap();
        assert!(a == b, "{name} differs between builds");
    }
}

/// A build that fails leaves the package of an earlier build as it was, and no temporary files.
#[test]
fn a_failed_build_leaves_the_old_zip_untouched() {
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &["build", "--out", out.path().to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let zip = out.path().join("voorbeeld-1.0.0-scorm12.zip");
    let before = std::fs::read(&zip).unwrap();

    // A template that names a field that does not exist fails in strict mode, after checking.
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("index.hbs"),
        "<html>{{no_such_field}}</html>",
    )
    .unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("templates/index.hbs"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&zip).unwrap(), before);
    // The zips of the module and of the course with their reports, and the record of what
    // leskit wrote (`leskit clean` reads it): no temporary.
    let mut left: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".leskit-outputs")
        .collect();
    left.sort();
    assert_eq!(
        left,
        [
            "voorbeeld-1.0.0-scorm12.txt",
            "voorbeeld-1.0.0-scorm12.zip",
            "voorbeeld-cursus-1.0.0-scorm12.txt",
            "voorbeeld-cursus-1.0.0-scorm12.zip"
        ],
        "{left:?}"
    );
}

#[test]
fn invalid_sources_build_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    let path = dir.path().join("modules/voorbeeld.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("pass_mark: 80", "pass_mark: 800");
    std::fs::write(&path, text).unwrap();
    let o = leskit(dir.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing was built"), "{}", stderr(&o));
    assert!(!dir.path().join("dist/voorbeeld-1.0.0-scorm12.zip").exists());
}

/// A course whose SCORM 1.2 prerequisites would be longer than the schema allows is an input
/// problem that `check` reports (exit code 1), not a failure of `build` halfway: no SCORM 1.2
/// package is written, and the other targets, which have no such limit, build.
#[test]
fn prerequisites_too_long_for_scorm12_are_refused_before_building() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures.join("base"), dir.path());
    copy_tree(
        &fixtures.join("cases/prerequisites-too-long-for-scorm12"),
        dir.path(),
    );
    let course = "courses/een-cursus-met-een-hele-lange-id.yaml";
    let o = leskit(dir.path(), &["build", "--target", "scorm12", course]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E0407]"), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing was built"), "{}", stderr(&o));
    assert!(!dir.path().join("dist").exists());

    let o = leskit(dir.path(), &["build", "--target", "scorm2004,cmi5", course]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        dir.path()
            .join("dist/een-cursus-met-een-hele-lange-id-1.0.0-scorm2004.zip")
            .is_file()
    );

    // `check` judges the targets `build` would build: without SCORM 1.2 the course is fine.
    std::fs::write(
        dir.path().join("leskit.toml"),
        "[build]\ntargets = [\"scorm2004\"]\n",
    )
    .unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_unwritable_output_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("dist");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    let o = leskit(&example(), &["build", "--out", blocker.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("dist"), "{}", stderr(&o));
}

#[test]
fn a_template_override_replaces_the_built_in_one() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("leskit.css"),
        "body { color: rebeccapurple; }",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let file = std::fs::File::open(out.path().join("voorbeeld-1.0.0-scorm12.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut css = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("leskit/leskit.css").unwrap(), &mut css)
        .unwrap();
    assert_eq!(css, "body { color: rebeccapurple; }");

    std::fs::write(templates.path().join("indx.hbs"), "x").unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not a leskit template"),
        "{}",
        stderr(&o)
    );
}

/// The committed schemas are what the model generates, so editors never suggest stale keys.
#[test]
fn committed_schemas_are_current() {
    for kind in leskit::schema::KINDS {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schema/{kind}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == leskit::schema::schema(kind).unwrap(),
            "schema/{kind}.schema.json is out of date: run `cargo run -- schema --out schema`"
        );
    }
}

#[test]
fn new_writes_files_that_check_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&example(), dir.path());
    assert!(
        leskit(dir.path(), &["new", "module", "nieuw"])
            .status
            .success()
    );
    assert!(
        leskit(dir.path(), &["new", "quiz", "nieuw-quiz"])
            .status
            .success()
    );
    // The new module names the project's source, and the schemas its first line points at exist.
    let text = std::fs::read_to_string(dir.path().join("modules/nieuw.yaml")).unwrap();
    assert!(text.contains("source: kis-toolkit-2025"), "{text}");
    assert!(dir.path().join("schema/module.schema.json").is_file());
    let o = leskit(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = leskit(dir.path(), &["new", "quiz", "nieuw-quiz"]);
    assert_eq!(again.status.code(), Some(2), "overwrote an existing file");
    let bad = leskit(dir.path(), &["new", "module", "Nieuw Ding"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_cmi5_package_has_a_course_structure_and_the_cmi5_run_time_and_scorm_ones_do_not() {
    let out = build_example("all");
    let cmi5 = unzip(&out.path().join("voorbeeld-1.0.0-cmi5.zip"));
    assert!(cmi5.contains_key("cmi5.xml"), "{:?}", cmi5.keys());
    assert!(
        !cmi5
            .keys()
            .any(|k| k == "imsmanifest.xml" || k.ends_with(".xsd")),
        "no SCORM manifest or schema in a cmi5 package: {:?}",
        cmi5.keys()
    );
    // One script, the page shell with the cmi5 run-time in it; the page may talk to the LMS's
    // record store.
    let scripts: Vec<&String> = cmi5.keys().filter(|k| k.ends_with(".js")).collect();
    assert_eq!(scripts, ["leskit/leskit.js"], "{:?}", cmi5.keys());
    let shell = String::from_utf8(cmi5["leskit/leskit.js"].clone()).unwrap();
    assert!(
        shell.contains("https://w3id.org/xapi/cmi5/"),
        "the cmi5 run-time"
    );
    let page = String::from_utf8(cmi5["index.html"].clone()).unwrap();
    assert_eq!(page.matches("<script src=").count(), 1, "{page}");
    assert!(
        page.contains(r#"<script src="leskit/leskit.js" defer>"#),
        "{page}"
    );
    assert!(page.contains("connect-src http: https:;"), "{page}");
    let structure = String::from_utf8(cmi5["cmi5.xml"].clone()).unwrap();
    assert!(structure.contains("<url>index.html</url>"), "{structure}");
    assert!(structure.contains(r#"masteryScore="0.8""#), "{structure}");

    for target in ["scorm12", "scorm2004"] {
        let scorm = unzip(&out.path().join(format!("voorbeeld-1.0.0-{target}.zip")));
        assert!(!scorm.contains_key("leskit/cmi5.js"), "{target}");
        assert!(!scorm.contains_key("cmi5.xml"), "{target}");
        let shell = String::from_utf8(scorm["leskit/leskit.js"].clone()).unwrap();
        assert!(!shell.contains("https://w3id.org/xapi/cmi5/"), "{target}");
        let page = String::from_utf8(scorm["index.html"].clone()).unwrap();
        assert!(!page.contains("cmi5.js"), "{target}");
        assert!(page.contains("connect-src 'none';"), "{target}");
    }
}

/// Each package carries the page shell of its own standard, the built-in one or the one a
/// `--templates` folder gives under the same name.
#[test]
fn each_target_carries_its_own_page_shell_which_a_template_folder_may_replace() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = build_example("all");
    let targets = [
        ("scorm12", "scorm12"),
        ("scorm2004", "scorm2004"),
        ("cmi5", "cmi5"),
        ("html", "web"),
    ];
    for (target, standard) in targets {
        let files = unzip(&out.path().join(format!("voorbeeld-1.0.0-{target}.zip")));
        let built_in = std::fs::read(root.join(format!("templates/leskit-{standard}.js"))).unwrap();
        assert!(files["leskit/leskit.js"] == built_in, "{target}");
    }

    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("leskit-scorm2004.js"),
        "/* a page shell of its own */",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--target",
            "all",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for (target, standard) in targets {
        let files = unzip(&out.path().join(format!("voorbeeld-1.0.0-{target}.zip")));
        let shell = &files["leskit/leskit.js"];
        if standard == "scorm2004" {
            assert_eq!(shell, b"/* a page shell of its own */");
        } else {
            let built_in =
                std::fs::read(root.join(format!("templates/leskit-{standard}.js"))).unwrap();
            assert!(
                *shell == built_in,
                "only the 2004 shell is replaced: {target}"
            );
        }
    }

    // `leskit.js` replaces the shell of every standard; one of a standard's own name still wins.
    std::fs::write(templates.path().join("leskit.js"), "/* one for all */").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--target",
            "all",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for (target, standard) in targets {
        let files = unzip(&out.path().join(format!("voorbeeld-1.0.0-{target}.zip")));
        let expected: &[u8] = if standard == "scorm2004" {
            b"/* a page shell of its own */"
        } else {
            b"/* one for all */"
        };
        assert_eq!(files["leskit/leskit.js"], expected, "{target}");
    }

    // The modules the shells are joined from are not templates: a folder of them is refused.
    std::fs::create_dir(templates.path().join("page")).unwrap();
    let o = leskit(
        &example(),
        &[
            "build",
            "--out",
            out.path().to_str().unwrap(),
            "--templates",
            templates.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a leskit template"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_cmi5_course_has_one_au_per_module_in_course_order_each_launching_a_file_of_the_package() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let o = leskit(
        root,
        &[
            "build",
            "courses/onboarding-veilig-thuis.yaml",
            "--target",
            "cmi5",
            "--out",
            out.path().to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let zip = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("onboarding-veilig-thuis-")
        })
        .expect("a course package");
    let files = unzip(&zip);
    let structure = String::from_utf8(files["cmi5.xml"].clone()).unwrap();
    let urls: Vec<&str> = structure
        .split("<url>")
        .skip(1)
        .map(|s| s.split("</url>").next().unwrap())
        .collect();
    assert!(urls.len() >= 6, "every module and the final test: {urls:?}");
    for url in &urls {
        assert!(files.contains_key(*url), "{url} is not in the package");
        assert!(
            files.contains_key(&url.replace("index.html", "leskit/leskit.js")),
            "{url}"
        );
    }
    let ids: Vec<&str> = structure
        .split("<au id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(
        ids.iter()
            .all(|id| id.starts_with("urn:leskit:course:onboarding-veilig-thuis:")),
        "{ids:?}"
    );
    let course =
        std::fs::read_to_string(root.join("courses/onboarding-veilig-thuis.yaml")).unwrap();
    let first = course
        .lines()
        .skip_while(|l| !l.starts_with("modules:"))
        .nth(1)
        .unwrap()
        .trim()
        .trim_start_matches("- ")
        .trim();
    assert_eq!(urls[0], format!("{first}/index.html"), "course order");
}

/// A module's cover image that no page shows still travels in every package of the module, and
/// in a course's, at `media/…` where the cover points, and the manifests list it.
#[test]
fn a_cover_image_travels_in_every_package_and_its_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("project");
    copy_tree(&example(), &project);
    std::fs::write(
        project.join("modules/voorbeeld/omslag.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>"#,
    )
    .unwrap();
    let yaml = project.join("modules/voorbeeld.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    assert!(text.contains("  image: kaart.svg\n"), "{text}");
    std::fs::write(
        &yaml,
        text.replace("  image: kaart.svg\n", "  image: omslag.svg\n"),
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = leskit(
        &project,
        &["build", "--target", "all", "--out", out.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for (zip, prefix, manifest) in [
        ("voorbeeld-1.0.0-scorm12.zip", "", Some("imsmanifest.xml")),
        ("voorbeeld-1.0.0-scorm2004.zip", "", Some("imsmanifest.xml")),
        ("voorbeeld-1.0.0-cmi5.zip", "", None),
        ("voorbeeld-1.0.0-html.zip", "", None),
        (
            "voorbeeld-cursus-1.0.0-scorm12.zip",
            "voorbeeld/",
            Some("imsmanifest.xml"),
        ),
        (
            "voorbeeld-cursus-1.0.0-scorm2004.zip",
            "voorbeeld/",
            Some("imsmanifest.xml"),
        ),
        ("voorbeeld-cursus-1.0.0-html.zip", "voorbeeld/", None),
    ] {
        let files = unzip(&out.join(zip));
        let path = format!("{prefix}media/omslag.svg");
        assert!(files.contains_key(&path), "{zip} has no {path}");
        if let Some(manifest) = manifest {
            let xml = String::from_utf8_lossy(&files[manifest]).into_owned();
            assert!(
                xml.contains(&format!("href=\"{path}\"")),
                "{zip}'s manifest does not list {path}"
            );
        }
    }
    // The course's own cover image goes beside the web export's course page, which shows it;
    // the SCORM course packages have no course page, and no copy of it.
    let web = unzip(&out.join("voorbeeld-cursus-1.0.0-html.zip"));
    assert!(web.contains_key("media/kaart.svg"), "{:?}", web.keys());
    let home = String::from_utf8_lossy(&web["index.html"]).into_owned();
    assert!(
        home.contains(r#"<img src="media/kaart.svg" alt="Een kaart met een pijl"#),
        "{home}"
    );
    let scorm = unzip(&out.join("voorbeeld-cursus-1.0.0-scorm2004.zip"));
    assert!(!scorm.contains_key("media/kaart.svg"));
}
