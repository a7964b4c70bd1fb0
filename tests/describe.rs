//! `leskit describe`: what a package will do in an LMS, for a module, a course and a zip alike;
//! a package from elsewhere is described as far as its manifest goes.

#[path = "common/files.rs"]
mod files;
#[path = "common/run.rs"]
mod run;

use std::io::Write;
use std::path::Path;

use files::{page_data, unzip};
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
    for target in ["scorm12", "scorm2004", "cmi5", "html"] {
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
    // The course's zip says the same, from the facts it carries.
    let dir = tempfile::tempdir().unwrap();
    let built = leskit(
        repo(),
        &[
            "build",
            "courses/onboarding-veilig-thuis.yaml",
            "-t",
            "scorm2004",
            "--out",
            dir.path().to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let zip = dir
        .path()
        .join("onboarding-veilig-thuis-1.0.0-scorm2004.zip");
    let of_zip = leskit(dir.path(), &["describe", zip.to_str().unwrap()]);
    assert_eq!(stdout(&of_zip), stdout(&o));
}

fn base36_len(mut n: u64) -> usize {
    let mut len = 1;
    while n >= 36 {
        n /= 36;
        len += 1;
    }
    len
}

/// The most decisions from `at` to an ending, in the page data's steps.
fn longest(steps: &serde_json::Value, at: &str) -> usize {
    steps.get(at).map_or(0, |s| {
        s["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| 1 + longest(steps, c["next"].as_str().unwrap()))
            .max()
            .unwrap_or(0)
    })
}

/// The longest saved state of a page with `data`, worked out from the page data alone by the
/// encoding docs/reporting.md gives: `3|<attempt>|<flags>|<2 per page>|<answers>|<next
/// interaction, base 36>`, each answer a 4-character key, its shape and the answer, at attempt
/// 99 with every interaction of every attempt written.
fn worst_case_from_page_data(data: &serde_json::Value) -> usize {
    let questions: Vec<&serde_json::Value> = data["quizzes"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|q| q.as_array().unwrap())
        .collect();
    let mut answers = 0;
    let mut interactions = 0u64;
    for q in &questions {
        let (answer, writes) = match q["kind"].as_str().unwrap() {
            "single" | "true-false" => (1, 1),
            "multiple" => {
                let n = q["options"].as_array().unwrap().len() as u32;
                (base36_len((1u64 << n) - 1), 1)
            }
            "branching" => {
                let route = longest(&q["steps"], q["start"].as_str().unwrap());
                (route, route as u64 + 1)
            }
            kind => panic!("a question kind this test does not know: {kind}"),
        };
        answers += 4 + 1 + answer;
        interactions += writes;
    }
    answers += questions.len().saturating_sub(1);
    let pages = data["pages"].as_array().unwrap().len();
    let parts = [1, 2, 1, 2 * pages, answers, base36_len(99 * interactions)];
    parts.iter().sum::<usize>() + parts.len() - 1
}

#[test]
fn the_description_of_a_bundled_module_is_pinned() {
    let o = leskit(repo(), &["describe", "signalen-herkennen"]);
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!("signalen-herkennen", stdout(&o));
}

/// The figures describe gives are those of the package build writes, read from its manifest
/// and its page's data, not from the code that wrote them.
#[test]
fn its_figures_are_those_of_the_built_package() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for module in [
        "signalen-herkennen",
        "handelen-en-verwijzen",
        "wat-is-achterlating",
    ] {
        let o = leskit(
            repo(),
            &["build", &format!("modules/{module}.yaml"), "--out", out],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let files = unzip(&dir.path().join(format!("{module}-1.0.0-scorm12.zip")));
        let data = page_data(&files["index.html"]);
        let manifest = String::from_utf8(files["imsmanifest.xml"].clone()).unwrap();

        let o = leskit(repo(), &["describe", module, "--message-format", "json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let d: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
        let unit = &d["units"][0];

        // Every interaction the page can write, with its weighting: a scenario's decisions
        // (weighing 0) before the scenario, whose weighting is its points.
        let mut want = Vec::new();
        let mut quizzes: Vec<(&String, &serde_json::Value)> =
            data["quizzes"].as_object().unwrap().iter().collect();
        quizzes.sort_by_key(|(id, _)| *id);
        for (quiz, questions) in quizzes {
            for q in questions.as_array().unwrap() {
                let id = format!("{quiz}.{}", q["id"].as_str().unwrap());
                if let Some(steps) = q["steps"].as_object() {
                    let mut steps: Vec<&String> = steps.keys().collect();
                    steps.sort();
                    for s in steps {
                        want.push((format!("{id}.{s}"), 0));
                    }
                }
                want.push((id, q["points"].as_u64().unwrap()));
            }
        }
        let mut got: Vec<(String, u64)> = unit["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["id"].as_str().unwrap().to_owned(),
                    q["weighting"].as_u64().unwrap(),
                )
            })
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want, "{module}");
        assert!(!want.is_empty(), "{module} has questions");

        assert_eq!(
            unit["suspend_data"]["worst_case"].as_u64().unwrap() as usize,
            worst_case_from_page_data(&data),
            "{module}"
        );
        assert_eq!(
            unit["suspend_data"]["limit"], data["limits"]["suspendData"],
            "{module}"
        );
        assert_eq!(
            unit["pages"].as_u64().unwrap() as usize,
            data["pages"].as_array().unwrap().len()
        );
        let mastery = format!(
            "<adlcp:masteryscore>{}</adlcp:masteryscore>",
            unit["pass_mark"].as_f64().unwrap()
        );
        assert!(manifest.contains(&mastery), "{module}: {mastery}");
        let launch = format!("href=\"{}\"", unit["launch"].as_str().unwrap());
        assert!(manifest.contains(&launch), "{module}: {launch}");
        assert_eq!(d["title"], data["module"]["title"]);
        assert_eq!(d["version"], data["module"]["version"]);
    }
}

#[test]
fn build_writes_the_report_beside_each_package_and_clean_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dist");
    let o = leskit(
        repo(),
        &[
            "build",
            "modules/in-gesprek.yaml",
            "courses/onboarding-veilig-thuis.yaml",
            "--target",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let mut zips = 0;
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "zip") {
            continue;
        }
        zips += 1;
        let report = std::fs::read_to_string(path.with_extension("txt"))
            .unwrap_or_else(|e| panic!("no report beside {}: {e}", path.display()));
        // The same as describe prints of the zip.
        let described = leskit(dir.path(), &["describe", path.to_str().unwrap()]);
        assert_eq!(report, stdout(&described), "{}", path.display());
    }
    assert_eq!(zips, 8, "a module and a course, four targets each");
    let record = std::fs::read_to_string(out.join(".leskit-outputs")).unwrap();
    assert!(
        record.contains("in-gesprek-1.0.0-scorm12.txt\tin-gesprek\t1.0.0\tscorm12\n"),
        "{record}"
    );
    // The same bytes from a second build.
    let before = std::fs::read(out.join("in-gesprek-1.0.0-cmi5.txt")).unwrap();
    let o = leskit(
        repo(),
        &[
            "build",
            "modules/in-gesprek.yaml",
            "-t",
            "cmi5",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read(out.join("in-gesprek-1.0.0-cmi5.txt")).unwrap(),
        before
    );
    let o = leskit(repo(), &["clean", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("in-gesprek-1.0.0-html.txt\n"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("finished: 8 packages removed"),
        "{}",
        stderr(&o)
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
