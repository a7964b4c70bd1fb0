//! Property tests (issue #6): for generated projects full of awkward text,
//! - whatever the checker accepts builds, for every target, into zips that unpack cleanly and
//!   whose manifests validate against the official schemas and list exactly the files in the zip;
//! - building again gives the same bytes;
//! - a module or quiz written out as YAML (`leskit::load::to_yaml`) loads back as the same value.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Words, and fragments that have broken other tools: markup, quotes, XML and YAML syntax,
/// Handlebars, non-ASCII, bidi overrides.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,8}",
        Just("<script>alert(1)</script>".to_owned()),
        Just("\"'><b onmouseover=x>".to_owned()),
        Just("]]> <![CDATA[".to_owned()),
        Just("{{title}}".to_owned()),
        Just("a: b # c".to_owned()),
        Just("- [x] *y* **z** `c`".to_owned()),
        Just("&amp; &lt; &#x27;".to_owned()),
        Just("één ß 中文 🙂".to_owned()),
        Just("\u{202e}bidi\u{202c}".to_owned()),
        Just("[link](https://example.org/?a=1&b=\"2\")".to_owned()),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|p| format!("x {}", p.join(" ")))
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[derive(Debug, Clone)]
enum Kind {
    Single(Vec<String>),
    Multiple(Vec<String>),
    TrueFalse(bool),
}

fn question() -> impl Strategy<Value = (Kind, String, String)> {
    (
        prop_oneof![
            prop::collection::vec(text(), 2..5).prop_map(Kind::Single),
            prop::collection::vec(text(), 2..5).prop_map(Kind::Multiple),
            any::<bool>().prop_map(Kind::TrueFalse),
        ],
        text(),
        text(),
    )
}

#[derive(Debug, Clone)]
struct Generated {
    title: String,
    version: String,
    pages: Vec<(String, String, Option<String>)>,
    questions: Vec<(Kind, String, String)>,
}

fn project() -> impl Strategy<Value = Generated> {
    (
        text(),
        "[1-9]\\.[0-9]{1,2}\\.[0-9]",
        prop::collection::vec((text(), text(), prop::option::of(text())), 1..5),
        prop::collection::vec(question(), 1..5),
    )
        .prop_map(|(title, version, pages, questions)| Generated {
            title,
            version,
            pages,
            questions,
        })
}

fn module_yaml(g: &Generated) -> String {
    let mut s = format!(
        "id: basis\ntitle: {}\ndescription: {}\nversion: \"{}\"\nsource: bron\nkeywords: [{}]\npages:\n",
        q(&g.title),
        q(&g.title),
        g.version,
        q(&g.title)
    );
    for (i, (title, body, tip)) in g.pages.iter().enumerate() {
        s.push_str(&format!(
            "  - id: p{i}\n    title: {}\n    body: {}\n",
            q(title),
            q(body)
        ));
        if let Some(tip) = tip {
            s.push_str(&format!("    blocks:\n      - tip: {}\n", q(tip)));
        }
    }
    s.push_str("  - id: toets\n    title: Toets\n    blocks:\n      - image: { src: plaatje.svg, alt: Plaatje }\n      - quiz: basis-quiz\n");
    s
}

fn quiz_yaml(g: &Generated) -> String {
    let mut s = format!(
        "id: basis-quiz\ntitle: {}\ncases:\n  - id: casus\n    title: {}\n    text: {}\n    questions:\n",
        q(&g.title),
        q(&g.title),
        q(&g.title)
    );
    for (i, (kind, prompt, explanation)) in g.questions.iter().enumerate() {
        let head = format!(
            "      - id: q{i}\n        prompt: {}\n        explanation: {}\n",
            q(prompt),
            q(explanation)
        );
        s.push_str(&head);
        match kind {
            Kind::Single(options) | Kind::Multiple(options) => {
                let single = matches!(kind, Kind::Single(_));
                s.push_str(if single {
                    "        kind: single\n        options:\n"
                } else {
                    "        kind: multiple\n        options:\n"
                });
                for (j, text) in options.iter().enumerate() {
                    let correct = j == 0 || (!single && j == 1);
                    s.push_str(&format!(
                        "          - {{ id: o{j}, text: {}, correct: {correct}, feedback: {} }}\n",
                        q(text),
                        q(text)
                    ));
                }
            }
            Kind::TrueFalse(answer) => s.push_str(&format!(
                "        kind: true-false\n        answer: {answer}\n        true_feedback: {}\n        false_feedback: {}\n",
                q(prompt),
                q(explanation)
            )),
        }
    }
    s
}

fn build(dir: &Path, out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(["build", "--target", "all", "--out"])
        .arg(out)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// The manifest validates against the official schemas of its standard (the validator copies in
/// `tests/schemas/`, as `tests/manifest_schema.rs` uses them).
fn validate_manifest(target: &str, manifest: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("imsmanifest.xml");
    std::fs::write(&path, manifest).unwrap();
    let schema = repo()
        .join("tests/schemas")
        .join(target)
        .join("validate.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&path)
        .output()
        .unwrap_or_else(|e| panic!("could not run xmllint ({e}); scripts/test installs it"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim() == format!("{} validates", path.display()),
        "the {target} manifest does not validate:\n{stderr}\n{}",
        String::from_utf8_lossy(manifest)
    );
}

/// The zip unpacks entry by entry, every name safe; the manifest validates and lists every
/// file but itself and the schemas.
fn check_package(target: &str, bytes: &[u8]) {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a valid zip");
    let mut names = std::collections::BTreeSet::new();
    let mut manifest = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        assert!(entry.enclosed_name().is_some(), "{}", entry.name());
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("the entry unpacks");
        if entry.name() == "imsmanifest.xml" {
            manifest = data;
        }
        names.insert(entry.name().to_owned());
    }
    validate_manifest(target, &manifest);
    let mut reader = quick_xml::Reader::from_reader(manifest.as_slice());
    let mut listed = std::collections::BTreeSet::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                if e.name().as_ref() == b"file" =>
            {
                let href = e.try_get_attribute("href").unwrap().unwrap();
                listed.insert(String::from_utf8(href.value.to_vec()).unwrap());
            }
            Ok(_) => {}
            Err(e) => panic!("the manifest is not well-formed: {e}"),
        }
        buf.clear();
    }
    for name in &listed {
        assert!(
            names.contains(name),
            "the manifest lists {name}, not in the zip"
        );
    }
    for name in names
        .iter()
        .filter(|n| !n.ends_with(".xsd") && !n.ends_with(".dtd") && *n != "imsmanifest.xml")
        .filter(|n| !leskit::package::unlisted_on_purpose(n))
    {
        if !name.contains('/') || name.starts_with("leskit/") || name.starts_with("media/") {
            assert!(
                listed.contains(name),
                "{name} is in the zip, not in the manifest"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn accepted_projects_build_reproducibly_into_valid_packages(g in project()) {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("tests/fixtures/check/base"), dir.path());
        std::fs::write(dir.path().join("modules/basis.yaml"), module_yaml(&g)).unwrap();
        std::fs::write(dir.path().join("quizzes/basis-quiz.yaml"), quiz_yaml(&g)).unwrap();
        let checked = leskit::check::check_project(dir.path(), 20_000).unwrap();
        let errors: Vec<_> = checked.diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{} {}", d.code, d.message)).collect();
        prop_assert!(errors.is_empty(), "the generated project has errors: {:?}", errors);

        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        build(dir.path(), &a);
        build(dir.path(), &b);
        for target in ["scorm12", "scorm2004"] {
            let name = format!("basis-{}-{target}.zip", g.version);
            let first = std::fs::read(a.join(&name)).unwrap();
            let second = std::fs::read(b.join(&name)).unwrap();
            prop_assert!(first == second, "{} differs between two builds", name);
            check_package(target, &first);
        }

        // The model written as YAML loads back as the same model.
        for m in &checked.project.modules {
            let yaml = leskit::load::to_yaml(&m.value).unwrap();
            let back: leskit::model::Module = leskit::load::parse_str(Path::new("m.yaml"), &yaml)
                .unwrap_or_else(|d| panic!("{}\n{yaml}", d.message));
            prop_assert_eq!(&back, &m.value);
        }
        for quiz in &checked.project.quizzes {
            let yaml = leskit::load::to_yaml(&quiz.value).unwrap();
            let back: leskit::model::Quiz = leskit::load::parse_str(Path::new("q.yaml"), &yaml)
                .unwrap_or_else(|d| panic!("{}\n{yaml}", d.message));
            prop_assert_eq!(&back, &quiz.value);
        }
    }
}

/// Every bundled module, quiz, content file and course survives the YAML round trip too.
#[test]
fn bundled_files_round_trip_through_yaml() {
    for root in [repo().to_path_buf(), repo().join("examples/minimal")] {
        let loaded = leskit::load::load_project(&root).unwrap();
        let p = &loaded.project;
        macro_rules! round_trip {
            ($value:expr, $t:ty) => {{
                let yaml = leskit::load::to_yaml($value).unwrap();
                let back: $t = leskit::load::parse_str(Path::new("x.yaml"), &yaml)
                    .unwrap_or_else(|d| panic!("{}\n{yaml}", d.message));
                assert!(&back == $value, "{yaml}");
            }};
        }
        for m in &p.modules {
            round_trip!(&m.value, leskit::model::Module);
        }
        for q in &p.quizzes {
            round_trip!(&q.value, leskit::model::Quiz);
        }
        for c in &p.courses {
            round_trip!(&c.value, leskit::model::Course);
        }
        if let Some(c) = &p.contacts {
            round_trip!(&c.value, leskit::model::Contacts);
        }
        if let Some(s) = &p.sources {
            round_trip!(&s.value, leskit::model::Sources);
        }
        if let Some(s) = &p.signals {
            round_trip!(&s.value, leskit::model::Signals);
        }
    }
}
