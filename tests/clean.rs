//! A bare `leskit build` of the repository's project writes every module's and the course's
//! package, records them, and `leskit clean` removes exactly what was recorded.

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo, stderr};
#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::path::Path;

/// A copy of the repository's own project (its modules, quizzes, content and course).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["modules", "quizzes", "content", "courses"] {
        copy_tree(&repo().join(part), &dir.path().join(part));
    }
    for file in ["leskit.toml"] {
        if repo().join(file).is_file() {
            std::fs::copy(repo().join(file), dir.path().join(file)).unwrap();
        }
    }
    dir
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn modules() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo().join("modules"))
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".yaml").map(str::to_owned)
        })
        .collect();
    ids.sort();
    ids
}

fn build(dir: &Path, args: &[&str]) -> String {
    let o = leskit(dir, &[&["build"], args].concat());
    assert!(o.status.success(), "{}", stderr(&o));
    stderr(&o)
}

#[test]
fn a_bare_build_writes_the_course_package_too_and_says_what_to_upload() {
    let dir = project();
    let err = build(dir.path(), &[]);
    let dist = dir.path().join("dist");
    let course = "onboarding-veilig-thuis-1.0.0-scorm12.zip";
    assert!(dist.join(course).is_file(), "{:?}", names(&dist));
    for id in modules() {
        let zip = names(&dist)
            .into_iter()
            .find(|n| n.starts_with(&format!("{id}-")) && n.ends_with("-scorm12.zip"));
        assert!(zip.is_some(), "no package of {id}: {:?}", names(&dist));
        assert!(
            err.contains(&format!("built dist/{}", zip.unwrap())),
            "{err}"
        );
    }
    assert!(err.contains(&format!("built dist/{course}")), "{err}");
    let packages = modules().len() + 1;
    assert!(
        err.contains(&format!("finished: {packages} packages in dist")),
        "{err}"
    );
    // The closing summary: which files for which LMS.
    let upload = err.split("upload:").nth(1).expect("an upload summary");
    assert!(
        upload.contains(&format!(
            "Moodle, Totara, Canvas, itslearning, Open edX, Brightspace: the {} module packages dist/*-scorm12.zip but the course's, one activity each",
            modules().len()
        )),
        "{upload}"
    );
    assert!(
        upload.contains(&format!("(not Open edX): dist/{course}")),
        "{upload}"
    );
    // -q leaves out the progress and the summary, not the warning.
    let o = leskit(dir.path(), &["-q", "build"]);
    assert!(o.status.success());
    assert!(!stderr(&o).contains("upload:"), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning[W0402]"), "{}", stderr(&o));
}

#[test]
fn a_course_build_warns_of_lms_that_launch_only_the_first_sco() {
    let dir = project();
    let course = "courses/onboarding-veilig-thuis.yaml";
    let err = build(dir.path(), &[course, "--target", "scorm2004"]);
    let scos = modules().len() + 1; // a SCO per module and the final test's
    assert!(
        err.contains(&format!(
            "warning[W0402]: the course `onboarding-veilig-thuis` becomes a scorm2004 package of {scos} SCOs: Open edX launches only the first"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("--> {course}:")), "{err}");
    assert!(err.contains("upload a package per module instead"), "{err}");
    // Only SCORM course packages have SCOs; a module's package gets no such warning.
    let err = build(dir.path(), &[course, "--target", "cmi5,html"]);
    assert!(!err.contains("W0402"), "{err}");
    let err = build(dir.path(), &["modules/in-gesprek.yaml"]);
    assert!(!err.contains("W0402"), "{err}");
    // One module's package is named, not matched by a pattern.
    assert!(
        err.contains("Brightspace: the module package dist/in-gesprek-1.0.0-scorm12.zip\n"),
        "{err}"
    );
}

#[test]
fn clean_removes_exactly_what_builds_recorded_and_leaves_a_foreign_file() {
    let dir = project();
    build(dir.path(), &[]);
    build(dir.path(), &["modules/in-gesprek.yaml", "--target", "html"]);
    let dist = dir.path().join("dist");
    std::fs::write(dist.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir(dist.join("mine-1.0.0-html")).unwrap();
    let before = names(&dist);
    assert!(before.contains(&"in-gesprek-1.0.0-html".to_owned()));
    // A dry run names what would go, and removes nothing.
    let o = leskit(dir.path(), &["clean", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would remove dist/in-gesprek-1.0.0-html/"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names(&dist), before);
    let o = leskit(dir.path(), &["clean"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for name in &before {
        let ours = name != "notes.txt" && name != "mine-1.0.0-html" && name != ".leskit-outputs";
        if ours {
            let shown = if name.ends_with(".zip") || name.ends_with(".txt") {
                name.clone()
            } else {
                format!("{name}/")
            };
            assert!(
                err.contains(&format!("removed dist/{shown}")),
                "{shown}: {err}"
            );
        }
    }
    assert_eq!(names(&dist), ["mine-1.0.0-html", "notes.txt"], "{err}");
    // With nothing recorded, nothing more goes.
    let o = leskit(dir.path(), &["clean"]);
    assert!(o.status.success());
    assert_eq!(names(&dist), ["mine-1.0.0-html", "notes.txt"]);
}

#[test]
fn clean_old_keeps_the_newest_version_of_each_package() {
    let dir = project();
    let module = dir.path().join("modules/in-gesprek.yaml");
    let text = std::fs::read_to_string(&module).unwrap();
    let versions = ["0.9.0", "0.10.0", "0.2.0"];
    for v in versions {
        let changed: String = text
            .lines()
            .map(|l| {
                if l.starts_with("version:") {
                    format!("version: {v}")
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&module, changed + "\n").unwrap();
        build(dir.path(), &["modules/in-gesprek.yaml"]);
    }
    build(dir.path(), &["modules/wettelijk-kader.yaml"]);
    let dist = dir.path().join("dist");
    // Builds keep the older versions.
    for v in versions {
        assert!(dist.join(format!("in-gesprek-{v}-scorm12.zip")).is_file());
    }
    let o = leskit(dir.path(), &["clean", "--old"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("removed dist/in-gesprek-0.9.0-scorm12.zip"),
        "{err}"
    );
    assert!(
        err.contains("removed dist/in-gesprek-0.2.0-scorm12.zip"),
        "{err}"
    );
    assert!(err.contains("finished: 2 older packages removed"), "{err}");
    let left: Vec<String> = names(&dist)
        .into_iter()
        .filter(|n| n != ".leskit-outputs")
        .collect();
    let wettelijk = left.iter().any(|n| n.starts_with("wettelijk-kader-"));
    assert!(wettelijk, "{left:?}");
    assert_eq!(
        left.iter()
            .filter(|n| n.starts_with("in-gesprek-"))
            .collect::<Vec<_>>(),
        [
            "in-gesprek-0.10.0-scorm12.txt",
            "in-gesprek-0.10.0-scorm12.zip"
        ]
    );
    // What stays is still recorded: a full clean removes it.
    let o = leskit(dir.path(), &["clean"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(names(&dist).is_empty(), "{:?}", names(&dist));
}

#[test]
fn a_record_naming_a_path_outside_the_output_folder_is_refused() {
    let dir = project();
    build(dir.path(), &["modules/in-gesprek.yaml"]);
    let dist = dir.path().join("dist");
    let outside = dir.path().join("modules/wettelijk-kader.yaml");
    let record = dist.join(".leskit-outputs");
    for bad in ["../modules/wettelijk-kader.yaml", outside.to_str().unwrap()] {
        let mut text = std::fs::read_to_string(&record).unwrap();
        let good = text.clone();
        // After the header, the zip and its report.
        text.push_str(&format!("{bad}\twettelijk-kader\t1.0.0\tscorm12\n"));
        std::fs::write(&record, text).unwrap();
        let before = names(&dist);
        let o = leskit(dir.path(), &["clean"]);
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "dist/.leskit-outputs:4:1: `{bad}` is not a file or folder directly inside dist; nothing was removed"
            )),
            "{err}"
        );
        assert!(outside.is_file());
        assert_eq!(names(&dist), before);
        std::fs::write(&record, good).unwrap();
    }
}
