//! `leskit inspect`: every package leskit builds passes; packages made bad by one defect each,
//! from a good built one, are reported with the messages pinned here; the manifest rules agree
//! with xmllint on the schema fixtures; the command's output and exit codes.
//!
//! Needs xmllint (Debian package libxml2-utils) for the comparison; `scripts/test` installs it.

#[path = "common/run.rs"]
mod run;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use leskit::diag::{Diagnostic, Severity};
use leskit::inspect::{self, Standard};
use run::{leskit, repo, stderr};

/// Builds `args` for `targets` into a fresh folder; the zips, by file name.
fn build(args: &[&str], targets: &str) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let mut all = vec![
        "build",
        "--target",
        targets,
        "--out",
        out.path().to_str().unwrap(),
    ];
    all.extend(args);
    let o = leskit(repo(), &all);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut zips: Vec<(String, Vec<u8>)> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    zips.sort();
    zips
}

fn errors(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

#[test]
fn every_package_leskit_builds_passes() {
    let mut packages = build(&["examples/minimal", "."], "scorm12,scorm2004,cmi5");
    packages.extend(build(
        &["courses/onboarding-veilig-thuis.yaml"],
        "scorm12,scorm2004,cmi5",
    ));
    packages.extend(build(&["tests/fixtures/course"], "scorm12,scorm2004,cmi5"));
    assert!(packages.len() >= 30, "{}", packages.len());
    let mut problems = Vec::new();
    for (name, bytes) in &packages {
        let found = inspect::inspect_bytes(Path::new(name), bytes);
        let want = if name.ends_with("-cmi5.zip") {
            Standard::Cmi5
        } else if name.ends_with("-scorm2004.zip") {
            Standard::Scorm2004
        } else {
            Standard::Scorm12
        };
        assert_eq!(found.standard, Some(want), "{name}");
        let d = found.diagnostics.sorted();
        problems.extend(errors(&d).into_iter().map(|e| format!("{name}: {e}")));
        // The only warning a built package may get is the multi-SCO one, for a course.
        for w in d.iter().filter(|d| d.severity == Severity::Warning) {
            assert_eq!(w.code, "W0505", "{name}: {}", w.message);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_web_export_is_no_lms_package() {
    let (name, bytes) = build(&["examples/minimal"], "html").remove(0);
    let found = inspect::inspect_bytes(Path::new(&name), &bytes);
    assert_eq!(
        errors(&found.diagnostics.sorted()),
        ["E0505: there is no imsmanifest.xml (SCORM) or cmi5.xml (cmi5) at the root of the zip"]
    );
}

// ---------------------------------------------------------------------------
// Known-bad packages, one defect each

/// The entries of a zip, in order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_owned(), bytes)
        })
        .collect()
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

struct Good {
    scorm12: Vec<u8>,
    scorm2004: Vec<u8>,
    cmi5: Vec<u8>,
}

fn good() -> &'static Good {
    static GOOD: std::sync::OnceLock<Good> = std::sync::OnceLock::new();
    GOOD.get_or_init(|| {
        let built = build(&["examples/minimal"], "scorm12,scorm2004,cmi5");
        let pick = |suffix: &str| {
            built
                .iter()
                .find(|(n, _)| n.ends_with(suffix))
                .unwrap()
                .1
                .clone()
        };
        Good {
            scorm12: pick("-scorm12.zip"),
            scorm2004: pick("-scorm2004.zip"),
            cmi5: pick("-cmi5.zip"),
        }
    })
}

/// `zip` with `edit` applied to its entries.
fn with(zip: &[u8], edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let mut files = entries(zip);
    edit(&mut files);
    zip_of(&files)
}

/// `zip` with `from` replaced by `to` in the file `name` (which must contain it).
fn replace(zip: &[u8], name: &str, from: &str, to: &str) -> Vec<u8> {
    with(zip, |files| {
        let f = files.iter_mut().find(|(n, _)| n == name).unwrap();
        let text = String::from_utf8(f.1.clone()).unwrap();
        assert!(text.contains(from), "{name} has no {from:?}");
        f.1 = text.replacen(from, to, 1).into_bytes();
    })
}

/// Every diagnostic as `code: message`, warnings included.
fn report(zip: &[u8]) -> Vec<String> {
    inspect::inspect_bytes(Path::new("p.zip"), zip)
        .diagnostics
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect()
}

#[test]
fn the_good_packages_are_clean() {
    let g = good();
    for zip in [&g.scorm12, &g.scorm2004, &g.cmi5] {
        assert_eq!(report(zip), Vec::<String>::new());
    }
    // What leskit does not write but the schemas allow passes too: shared sequencing.
    let shared = replace(
        &g.scorm2004,
        "imsmanifest.xml",
        "</resources>",
        "</resources>\n  <imsss:sequencingCollection><imsss:sequencing ID=\"gedeeld\"><imsss:controlMode flow=\"true\"/></imsss:sequencing></imsss:sequencingCollection>",
    );
    assert_eq!(report(&shared), Vec::<String>::new());
}

/// The known-bad packages: what is wrong, the zip, and every message it must get.
type Case = (&'static str, Vec<u8>, Vec<&'static str>);

fn known_bad() -> Vec<Case> {
    let g = good();
    let m = "imsmanifest.xml";
    vec![
        (
            "not a zip",
            b"PK but not really a zip".to_vec(),
            vec![
                "E0501: this is not a zip that can be read: invalid Zip archive: Could not find EOCD",
            ],
        ),
        (
            "the folder zipped instead of its contents",
            with(&g.scorm12, |f| {
                f.iter_mut()
                    .for_each(|(n, _)| *n = format!("voorbeeld/{n}"))
            }),
            vec![
                "E0505: every file is inside the folder \"voorbeeld/\": the folder was zipped instead of its contents (the manifest is at \"voorbeeld/imsmanifest.xml\")",
            ],
        ),
        (
            "backslashes in a name",
            with(&g.scorm12, |f| {
                let e = f.iter_mut().find(|(n, _)| n == "media/kaart.svg").unwrap();
                e.0 = "media\\kaart.svg".into();
            }),
            vec![
                "E0503: the name \"media\\kaart.svg\" uses backslashes: the zip was made on Windows by a tool that does not follow the zip format",
                "E0509: <file href=\"media/kaart.svg\"> is not in the zip",
            ],
        ),
        (
            "names differing only in case",
            with(&g.scorm12, |f| {
                f.push(("Index.html".into(), b"<p>oud</p>".to_vec()))
            }),
            vec!["E0504: \"index.html\" and \"Index.html\" differ only in case"],
        ),
        (
            "a nested zip",
            with(&g.scorm12, |f| {
                f.push(("bron/origineel.zip".into(), zip_of(&[])))
            }),
            vec!["W0501: the package holds another zip, \"bron/origineel.zip\""],
        ),
        (
            "the launch file missing",
            with(&g.scorm12, |f| f.retain(|(n, _)| n != "index.html")),
            vec![
                "E0509: the launch file \"index.html\" of resource \"voorbeeld-sco\" is not in the zip",
                "E0509: <file href=\"index.html\"> is not in the zip",
            ],
        ),
        (
            "a listed file missing",
            with(&g.scorm12, |f| f.retain(|(n, _)| n != "leskit/leskit.css")),
            vec!["E0509: <file href=\"leskit/leskit.css\"> is not in the zip"],
        ),
        (
            "an identifierref that resolves to nothing",
            replace(
                &g.scorm12,
                m,
                "identifierref=\"voorbeeld-sco\"",
                "identifierref=\"voorbeeld-sc0\"",
            ),
            vec![
                "E0508: <item identifier=\"voorbeeld-item\"> refers to resource \"voorbeeld-sc0\", which does not exist",
            ],
        ),
        (
            "the default organization names none",
            replace(
                &g.scorm12,
                m,
                "default=\"voorbeeld-org\"",
                "default=\"andere-org\"",
            ),
            vec!["E0508: <organizations default=\"andere-org\"> names no <organization>"],
        ),
        (
            "scormtype in the 2004 spelling in a 1.2 manifest",
            replace(
                &g.scorm12,
                m,
                "adlcp:scormtype=\"sco\"",
                "adlcp:scormType=\"sco\"",
            ),
            vec!["E0507: `adlcp:scormType` is no attribute of its namespace"],
        ),
        (
            "no scormtype",
            replace(&g.scorm12, m, " adlcp:scormtype=\"sco\"", ""),
            vec![
                "E0511: resource \"voorbeeld-sco\" has no adlcp:scormtype: an LMS cannot tell a SCO from an asset",
            ],
        ),
        (
            "a masteryscore over 100",
            replace(
                &g.scorm12,
                m,
                "<adlcp:masteryscore>80<",
                "<adlcp:masteryscore>800<",
            ),
            vec!["E0512: the masteryscore \"800\" is not a number from 0 to 100"],
        ),
        (
            "resources before organizations",
            replace(
                &g.scorm12,
                m,
                "<organizations default",
                "<resources/>\n  <organizations default",
            ),
            vec![
                "E0507: <organizations> must come before <resources> in <manifest>",
                "E0507: <resources> may appear only once in <manifest>",
            ],
        ),
        (
            "a manifest that is not well-formed",
            replace(&g.scorm12, m, "</organizations>", "</organisations>"),
            vec![
                "E0506: the manifest is not well-formed XML: ill-formed document: expected `</organizations>`, but `</organisations>` was found",
            ],
        ),
        (
            "a 2004 schemaversion of 1.2",
            replace(
                &g.scorm2004,
                m,
                "<schemaversion>2004 4th Edition<",
                "<schemaversion>1.2<",
            ),
            vec!["E0510: <metadata><schemaversion> is \"1.2\", which names no SCORM 2004 edition"],
        ),
        (
            "a delivery control that is not true or false",
            replace(
                &g.scorm2004,
                m,
                "completionSetByContent=\"true\"",
                "completionSetByContent=\"ja\"",
            ),
            vec![
                "E0507: `completionSetByContent` on <imsss:deliveryControls> is \"ja\", not true or false",
            ],
        ),
        (
            "a cmi5 AU whose launch file is missing",
            with(&g.cmi5, |f| f.retain(|(n, _)| n != "index.html")),
            vec![
                "E0509: the launch file \"index.html\" of AU \"urn:leskit:module:voorbeeld:au\" is not in the zip",
            ],
        ),
        (
            "a cmi5 mastery score as a percentage",
            replace(
                &g.cmi5,
                "cmi5.xml",
                "masteryScore=\"0.8\"",
                "masteryScore=\"80\"",
            ),
            vec!["E0507: `masteryScore` on <au> is 80, outside 0 to 1"],
        ),
        (
            "scripts that save only on unload",
            with(&g.scorm12, |f| {
                let js = f.iter_mut().find(|(n, _)| n == "leskit/leskit.js").unwrap();
                let text = String::from_utf8(js.1.clone()).unwrap();
                js.1 = text
                    .replace("pagehide", "unload")
                    .replace("visibilitychange", "focus")
                    .into_bytes();
            }),
            vec![
                "W0502: the scripts save on unload and never on pagehide or visibilitychange (a heuristic from the scripts' text)",
            ],
        ),
        (
            "a SCORM 1.2 SCO in a SCORM 2004 package",
            with(&g.scorm2004, |f| {
                let js = f.iter_mut().find(|(n, _)| n == "leskit/leskit.js").unwrap();
                js.1 = b"var api = window.API;\napi.LMSSetValue('cmi.core.lesson_status', 'passed');\napi.LMSSetValue('cmi.suspend_data', s);\n".to_vec();
            }),
            vec![
                "W0504: the scripts name SCORM 1.2 elements such as cmi.core.lesson_status and no SCORM 2004 element, but the manifest is SCORM 2004 (a heuristic from the scripts' text)",
            ],
        ),
        (
            "suspend_data budgeted for SCORM 2004 in a 1.2 package",
            replace(
                &g.scorm12,
                "index.html",
                "\"suspendData\":4096",
                "\"suspendData\":64000",
            ),
            vec![
                "W0503: the scripts write cmi.suspend_data and mention 64000, SCORM 2004's limit, never 4096, SCORM 1.2's (a heuristic from the scripts' text)",
            ],
        ),
    ]
}

#[test]
fn known_bad_packages_are_reported() {
    let cases = known_bad();
    assert!(cases.len() >= 15);
    let mut wrong = Vec::new();
    for (what, zip, want) in &cases {
        let got = report(zip);
        if got != *want {
            wrong.push(format!("{what}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_multi_sco_package_warns_for_lmss_that_launch_only_the_first() {
    let built = build(&["courses/onboarding-veilig-thuis.yaml"], "scorm12");
    let got = report(&built[0].1);
    assert_eq!(
        got,
        [
            "W0505: the package has 6 SCOs: an LMS that launches only the first (Open edX) never shows the others"
        ]
    );
}

#[test]
fn a_zip_bomb_is_not_unpacked() {
    // A manifest of 5 MiB of spaces packs into a few kilobytes; leskit stops at 4 MiB.
    let mut big = b"<?xml version=\"1.0\"?>".to_vec();
    big.extend(std::iter::repeat_n(b' ', 5 * 1024 * 1024));
    let zip = zip_of(&[("imsmanifest.xml".into(), big)]);
    assert!(zip.len() < 100_000, "{}", zip.len());
    assert_eq!(
        report(&zip),
        ["E0506: imsmanifest.xml cannot be read: it is larger than 4 MiB"]
    );
}

// ---------------------------------------------------------------------------
// The manifest rules against xmllint

fn xmllint(schema: &str, file: &Path) -> bool {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(repo().join("tests/schemas").join(schema))
        .arg(file)
        .output()
        .expect("xmllint is needed (Debian package libxml2-utils; scripts/test installs it)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    out.status.success() && stderr.trim() == format!("{} validates", file.display())
}

/// Each fixture: xmllint's verdict and the rules' must agree. A manifest xmllint accepts gets no
/// schema error (E0507) from the rules; one it refuses gets an error. The fixtures' own
/// `<!-- expect: … -->` text must appear in the rules' messages too.
#[test]
fn the_rules_agree_with_xmllint_on_the_fixtures() {
    let mut seen = 0;
    let mut wrong = Vec::new();
    for (dir, schema) in [
        ("tests/fixtures/bad-manifests", None),
        ("tests/fixtures/bad-cmi5", Some("cmi5/course-structure.xsd")),
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let schema = schema.unwrap_or(if name.contains("scorm2004") {
                "scorm2004/validate.xsd"
            } else {
                "scorm12/validate.xsd"
            });
            let valid = xmllint(schema, &path);
            let text = std::fs::read_to_string(&path).unwrap();
            let (_, _, found) = inspect::check_manifest(Path::new(&name), &text, None);
            let schema_errors: Vec<&Diagnostic> =
                found.iter().filter(|d| d.code == "E0507").collect();
            let any_error = found.iter().any(Diagnostic::is_error);
            let agrees = if valid {
                schema_errors.is_empty()
            } else {
                any_error
            };
            if !agrees {
                wrong.push(format!(
                    "{name}: xmllint says valid={valid}, the rules: {:#?}",
                    errors(&found)
                ));
            }
            if let Some(expect) = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("<!-- expect: "))
            {
                let expect = expect.trim_end_matches("-->").trim();
                if !found.iter().any(|d| {
                    d.message.contains(expect) || d.hints.iter().any(|h| h.contains(expect))
                }) {
                    wrong.push(format!(
                        "{name}: no message mentions {expect:?}: {:#?}",
                        errors(&found)
                    ));
                }
            }
            if name.starts_with("good-") && any_error {
                wrong.push(format!("{name}: {:#?}", errors(&found)));
            }
            seen += 1;
        }
    }
    assert!(seen >= 20, "{seen}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The known-bad packages' manifests, where they can be read: the rules and xmllint agree on
/// them too.
#[test]
fn the_rules_agree_with_xmllint_on_the_known_bad_manifests() {
    let scratch = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut wrong = Vec::new();
    for (what, zip, _) in known_bad() {
        let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(&zip)) else {
            continue;
        };
        let (name, schema) = if archive.by_name("cmi5.xml").is_ok() {
            ("cmi5.xml", "cmi5/course-structure.xsd")
        } else {
            ("imsmanifest.xml", "")
        };
        let Ok(mut entry) = archive.by_name(name) else {
            continue;
        };
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        let (standard, _, found) = inspect::check_manifest(Path::new(name), &text, None);
        let schema = match standard {
            Some(Standard::Scorm12) => "scorm12/validate.xsd",
            Some(Standard::Scorm2004) => "scorm2004/validate.xsd",
            _ if !schema.is_empty() => schema,
            None | Some(Standard::Cmi5) => continue,
        };
        let file = scratch.path().join(format!("{compared}.xml"));
        std::fs::write(&file, &text).unwrap();
        let valid = xmllint(schema, &file);
        let schema_errors = found.iter().filter(|d| d.code == "E0507").count();
        let any_error = found.iter().any(Diagnostic::is_error);
        if (valid && schema_errors > 0) || (!valid && !any_error) {
            wrong.push(format!(
                "{what}: xmllint valid={valid}, the rules: {:#?}",
                errors(&found)
            ));
        }
        compared += 1;
    }
    assert!(compared >= 15, "{compared}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// The command

#[test]
fn the_command_reports_like_check() {
    let scratch = tempfile::tempdir().unwrap();
    let good_zip = scratch.path().join("goed.zip");
    let bad_zip = scratch.path().join("fout.zip");
    std::fs::write(&good_zip, &good().scorm12).unwrap();
    std::fs::write(
        &bad_zip,
        replace(
            &good().scorm12,
            "imsmanifest.xml",
            "identifierref=\"voorbeeld-sco\"",
            "identifierref=\"x\"",
        ),
    )
    .unwrap();
    let o = leskit(scratch.path(), &["inspect", "goed.zip"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "inspected goed.zip: SCORM 1.2\n");

    let o = leskit(scratch.path(), &["inspect", "goed.zip", "fout.zip"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[E0508]: <item identifier=\"voorbeeld-item\"> refers to resource \"x\", which does not exist\n  --> fout.zip/imsmanifest.xml:40:7\n"),
        "{err}"
    );
    assert!(
        err.contains("identifierref=\"x\""),
        "the excerpt shows the line: {err}"
    );
    assert!(
        err.contains("error: fout.zip (SCORM 1.2): 1 error in 1 file"),
        "{err}"
    );

    let o = leskit(
        scratch.path(),
        &["inspect", "--message-format", "json", "fout.zip"],
    );
    assert_eq!(o.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["code"], "E0508");
    assert_eq!(line["file"], "fout.zip/imsmanifest.xml");
    assert_eq!(line["line"], 40);

    let o = leskit(scratch.path(), &["inspect", "ontbreekt.zip"]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));

    // Every code is explained, from docs/diagnostics.md.
    let o = leskit(scratch.path(), &["explain", "E0509"]);
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("E0509 — file named by the manifest not in the zip\n"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}
