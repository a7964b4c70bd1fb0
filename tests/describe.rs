//! `leskit describe`: what a package will do in an LMS, for a module, a course and a zip alike;
//! a package from elsewhere is described as far as its manifest goes.

#[path = "common/run.rs"]
mod run;

use std::io::Write;
use std::path::Path;

use run::{leskit, repo, stderr};

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A vendor's SCORM 1.2 package: the hand-written manifest of the inspect fixtures and the files
/// it names.
fn vendor_zip(dir: &Path) -> std::path::PathBuf {
    let manifest =
        std::fs::read(repo().join("tests/fixtures/bad-manifests/good-scorm12.xml")).unwrap();
    let zip = zip_of(&[
        ("imsmanifest.xml", &manifest),
        ("index.html", b"<!doctype html><title>x</title>"),
        ("assets/leskit.js", b"// vendor"),
        ("assets/leskit.css", b""),
    ]);
    let path = dir.join("leverancier.zip");
    std::fs::write(&path, zip).unwrap();
    path
}

#[test]
fn a_vendors_zip_is_described_as_far_as_its_manifest_goes() {
    let dir = tempfile::tempdir().unwrap();
    let zip = vendor_zip(dir.path());
    let o = leskit(dir.path(), &["describe", "leverancier.zip"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for line in [
        "leverancier.zip: a SCORM 1.2 package\n",
        "  title            Signalen herkennen\n",
        "  id               voorbeeld-1.0.0\n",
        "  version          1.0.0\n",
        "  launch file      index.html\n",
        "  pass mark        80%\n",
        "Moodle: choose SCORM 1.2 (this package: SCORM 1.2, as advised)\n",
        "  - Activity completion: Require status: Passed\n",
        "Not known from this package\n",
        "  - the questions, their interaction ids and weightings",
    ] {
        assert!(out.contains(line), "{line:?} missing in:\n{out}");
    }
    // JSON: the same facts, for scripts.
    let o = leskit(
        dir.path(),
        &[
            "describe",
            zip.to_str().unwrap(),
            "--message-format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["standard"], "SCORM 1.2");
    assert_eq!(json["units"][0]["launch"], "index.html");
    assert_eq!(json["units"][0]["pass_mark"], 80.0);
    assert_eq!(json["units"][0]["questions"], serde_json::Value::Null);
    assert_eq!(json["lms"].as_array().unwrap().len(), 6);
}

#[test]
fn a_zip_that_is_no_package_is_said_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("map.zip"), zip_of(&[("a.txt", b"a")])).unwrap();
    let o = leskit(dir.path(), &["describe", "map.zip"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("map.zip: no SCORM or cmi5 package\n"), "{out}");
    assert!(
        out.contains("error[E0505]: there is no imsmanifest.xml"),
        "{out}"
    );
    let o = leskit(dir.path(), &["describe", "weg.zip"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("could not read `weg.zip`"),
        "{}",
        stderr(&o)
    );
    let o = leskit(dir.path(), &["describe", "map.zip", "--target", "scorm12"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_zip_is_described_as_its_module() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for target in ["scorm12", "scorm2004", "cmi5"] {
        let o = leskit(
            repo(),
            &[
                "build",
                "modules/in-gesprek.yaml",
                "-t",
                target,
                "--out",
                out,
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let zip = dir.path().join(format!("in-gesprek-1.0.0-{target}.zip"));
        let of_zip = leskit(dir.path(), &["describe", zip.to_str().unwrap()]);
        let of_module = leskit(repo(), &["describe", "in-gesprek", "--target", target]);
        assert!(of_module.status.success(), "{}", stderr(&of_module));
        assert_eq!(stdout(&of_zip), stdout(&of_module), "{target}");
    }
}

#[test]
fn a_course_package_warns_of_lmss_that_launch_only_the_first_sco() {
    let o = leskit(
        repo(),
        &[
            "describe",
            "courses/onboarding-veilig-thuis.yaml",
            "-t",
            "scorm2004",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // Lines wrap at 100 characters: the words, in one line.
    let out = stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("Unit 6 of 6: "), "{out}");
    assert!(
        out.contains("warning[W0402]: the course `onboarding-veilig-thuis` is a scorm2004 package of 6 SCOs: Open edX launches only the first"),
        "{out}"
    );
    assert!(out.contains("upload a package per module instead"), "{out}");
}
