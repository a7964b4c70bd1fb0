//! Checks the `cmi5.xml` of cmi5 packages against the course structure schema
//! (`tests/schemas/cmi5/course-structure.xsd`, written from section 13.1 of the cmi5
//! specification), after proving that the schema rejects hand-written bad structures
//! (`tests/fixtures/bad-cmi5/`).
//!
//! Needs xmllint (Debian package libxml2-utils); `scripts/test` installs it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn validate(xml: &Path) -> Result<(), String> {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(repo().join("tests/schemas/cmi5/course-structure.xsd"))
        .arg(xml)
        .output()
        .map_err(|e| format!("could not run xmllint ({e}): run scripts/test, which installs it"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn bad_course_structures_fail() {
    let dir = repo().join("tests/fixtures/bad-cmi5");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert!(
            validate(&path).is_err(),
            "{} should not validate",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 9, "the fixtures are missing: {seen}");
}

/// Builds `args` into a fresh folder and returns the `cmi5.xml` of each package there.
fn built(args: &[&str]) -> Vec<(String, String)> {
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(["build", "--target", "cmi5", "--out"])
        .arg(out.path())
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut found = Vec::new();
    for entry in std::fs::read_dir(out.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "zip") {
            continue; // the record of what was written, for `leskit clean`
        }
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        archive
            .by_name("cmi5.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        found.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            xml,
        ));
    }
    found.sort();
    found
}

#[test]
fn built_course_structures_are_valid() {
    let scratch = tempfile::tempdir().unwrap();
    let mut packages = built(&["examples/minimal", "."]);
    packages.extend(built(&["courses/onboarding-veilig-thuis.yaml"]));
    // The example, the five bundled modules and the course.
    assert!(
        packages.len() >= 7,
        "{:?}",
        packages.iter().map(|p| &p.0).collect::<Vec<_>>()
    );
    let mut errors = Vec::new();
    for (name, xml) in &packages {
        let path = scratch.path().join(format!("{name}.cmi5.xml"));
        std::fs::write(&path, xml).unwrap();
        if let Err(e) = validate(&path) {
            errors.push(format!("{name}:\n{e}"));
        }
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
