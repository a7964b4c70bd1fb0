//! Checks `imsmanifest.xml` files against the official SCORM schemas.
//!
//! Each manifest gets two checks:
//! - schema validation with xmllint against `tests/schemas/<std>/validate.xsd`,
//!   validator copies of the official XSDs (see `tests/schemas/README.md`);
//! - a reference check for what the schemas cannot say: the default
//!   organization and every `identifierref` name an element that exists, and
//!   `<schema>`/`<schemaversion>` match the standard.
//!
//! The tests prove the set-up rejects bad manifests (hand-written fixtures in
//! `tests/fixtures/bad-manifests/`), then build `examples/minimal` for both
//! targets and check every package: its manifest, and that the files in the
//! zip and the files the manifest lists are the same.
//!
//! Needs xmllint (Debian package libxml2-utils); `scripts/test` installs it.

#[path = "common/tree.rs"]
mod tree;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Standard {
    Scorm12,
    Scorm2004,
}

impl Standard {
    const ALL: [Standard; 2] = [Standard::Scorm12, Standard::Scorm2004];

    /// As in `--target` and in the package file names.
    fn name(self) -> &'static str {
        match self {
            Standard::Scorm12 => "scorm12",
            Standard::Scorm2004 => "scorm2004",
        }
    }

    fn from_file_name(name: &str) -> Option<Standard> {
        // Longest first: "scorm2004" does not contain "scorm12", but be explicit.
        if name.contains("scorm2004") {
            Some(Standard::Scorm2004)
        } else if name.contains("scorm12") {
            Some(Standard::Scorm12)
        } else {
            None
        }
    }

    fn schema(self) -> PathBuf {
        repo()
            .join("tests/schemas")
            .join(self.name())
            .join("validate.xsd")
    }

    fn schemaversion(self) -> &'static str {
        match self {
            Standard::Scorm12 => "1.2",
            Standard::Scorm2004 => "2004 4th Edition",
        }
    }

    /// The ADL attribute that marks a resource as SCO or asset.
    fn scorm_type_attribute(self) -> &'static [u8] {
        match self {
            Standard::Scorm12 => b"scormtype",
            Standard::Scorm2004 => b"scormType",
        }
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Schema validation

/// Runs xmllint; Err holds its complaints. Panics (never skips) when xmllint
/// is missing.
fn schema_check(standard: Standard, manifest: &Path) -> Result<(), String> {
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--nonet")
        .arg("--schema")
        .arg(standard.schema())
        .arg(manifest)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "xmllint is not installed, so the manifests cannot be validated. \
             Run scripts/test, which installs it (Debian package libxml2-utils)."
        ),
        Err(e) => panic!("could not run xmllint: {e}"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // A schema that fails to compile also makes xmllint exit non-zero, but
    // that is a broken test set-up, not a bad manifest.
    assert!(
        !stderr.contains("failed to compile") && !stderr.contains("WXS schema"),
        "the schema {} does not compile:\n{stderr}",
        standard.schema().display()
    );
    // xmllint reports some errors (namespace errors, say) without failing:
    // anything but its one "validates" line counts as a complaint.
    let clean = stderr.trim() == format!("{} validates", manifest.display());
    if output.status.success() && clean {
        Ok(())
    } else {
        Err(stderr)
    }
}

// ---------------------------------------------------------------------------
// Reference check

#[derive(Debug, Default)]
struct Resource {
    identifier: String,
    /// The launch file, without query or fragment, percent-decoded.
    href: Option<String>,
    scorm_type: Option<String>,
    /// `<file href>`s, with any xml:base applied, percent-decoded.
    files: Vec<String>,
}

#[derive(Debug, Default)]
struct Manifest {
    default_organization: Option<String>,
    organizations: Vec<String>,
    /// (item identifier, identifierref)
    item_refs: Vec<(String, String)>,
    /// (resource identifier, dependency identifierref)
    dependency_refs: Vec<(String, String)>,
    resources: Vec<Resource>,
    schema: Option<String>,
    schemaversion: Option<String>,
}

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key;
        // Only unprefixed or ADL-prefixed attributes: never xmlns declarations.
        (key.local_name().as_ref() == local
            && key.prefix().map(|p| p.as_ref() != b"xmlns").unwrap_or(true))
        .then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn xml_base(e: &BytesStart) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.as_ref() == b"xml:base").then(|| {
            a.unescape_value()
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn strip_query_and_fragment(href: &str) -> &str {
    href.split(['?', '#']).next().unwrap_or("")
}

fn parse_manifest(standard: Standard, xml: &str) -> Result<Manifest, String> {
    let mut reader = Reader::from_str(xml);
    let mut manifest = Manifest::default();
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut resources_base = String::new();
    let mut resource_base = String::new();
    let mut text = String::new();

    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("not well-formed XML: {e}"))?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = e.local_name().as_ref().to_vec();
            // Only the manifest's own top-level structure counts: skip
            // nested (sub-)manifests' and metadata's look-alikes by path.
            let parent = stack.last().map(|p| p.as_slice());
            match (name.as_slice(), parent) {
                (b"organizations", Some(b"manifest")) => {
                    manifest.default_organization = attr(&e, b"default");
                }
                (b"organization", Some(b"organizations")) => {
                    manifest.organizations.extend(attr(&e, b"identifier"));
                }
                (b"item", Some(b"organization" | b"item")) => {
                    let id = attr(&e, b"identifier").unwrap_or_default();
                    if let Some(r) = attr(&e, b"identifierref") {
                        manifest.item_refs.push((id, r));
                    }
                }
                (b"resources", Some(b"manifest")) => {
                    resources_base = xml_base(&e).unwrap_or_default();
                }
                (b"resource", Some(b"resources")) => {
                    resource_base = format!("{resources_base}{}", xml_base(&e).unwrap_or_default());
                    manifest.resources.push(Resource {
                        identifier: attr(&e, b"identifier").unwrap_or_default(),
                        href: attr(&e, b"href").map(|h| {
                            percent_decode(&format!(
                                "{resource_base}{}",
                                strip_query_and_fragment(&h)
                            ))
                        }),
                        scorm_type: attr(&e, standard.scorm_type_attribute()),
                        files: Vec::new(),
                    });
                }
                (b"file", Some(b"resource")) => {
                    if let (Some(href), Some(r)) =
                        (attr(&e, b"href"), manifest.resources.last_mut())
                    {
                        r.files
                            .push(percent_decode(&format!("{resource_base}{href}")));
                    }
                }
                (b"dependency", Some(b"resource")) => {
                    if let (Some(to), Some(r)) =
                        (attr(&e, b"identifierref"), manifest.resources.last())
                    {
                        manifest.dependency_refs.push((r.identifier.clone(), to));
                    }
                }
                _ => {}
            }
            text.clear();
            if !empty {
                stack.push(name);
            }
            continue;
        }
        match event {
            Event::Text(t) => text.push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                // Entity and character references such as &amp; arrive separately.
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    text.push(c);
                    continue;
                }
                let name = r.decode().map_err(|e| e.to_string())?;
                text.push_str(match name.as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    other => other,
                });
            }
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(&t)),
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let path: Vec<&[u8]> = stack.iter().map(|s| s.as_slice()).collect();
                if path == [b"manifest".as_slice(), b"metadata"] {
                    match name.as_slice() {
                        b"schema" => manifest.schema = Some(text.trim().to_string()),
                        b"schemaversion" => manifest.schemaversion = Some(text.trim().to_string()),
                        _ => {}
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(manifest)
}

fn reference_errors(standard: Standard, m: &Manifest) -> Vec<String> {
    let mut errors = Vec::new();
    let resource_ids: BTreeSet<&str> = m.resources.iter().map(|r| r.identifier.as_str()).collect();
    match &m.default_organization {
        Some(d) if !m.organizations.contains(d) => errors.push(format!(
            "<organizations default=\"{d}\"> names no <organization>"
        )),
        None if !m.organizations.is_empty() => {
            errors.push("<organizations> has no default attribute".into())
        }
        _ => {}
    }
    for (item, r) in &m.item_refs {
        if !resource_ids.contains(r.as_str()) {
            errors.push(format!(
                "<item identifier=\"{item}\"> refers to resource \"{r}\", which does not exist"
            ));
        }
    }
    for (from, to) in &m.dependency_refs {
        if !resource_ids.contains(to.as_str()) {
            errors.push(format!(
                "<resource identifier=\"{from}\"> depends on \"{to}\", which does not exist"
            ));
        }
    }
    if m.schema.as_deref() != Some("ADL SCORM") {
        errors.push(format!(
            "<metadata><schema> is {:?}, expected \"ADL SCORM\"",
            m.schema
        ));
    }
    if m.schemaversion.as_deref() != Some(standard.schemaversion()) {
        errors.push(format!(
            "<metadata><schemaversion> is {:?}, expected \"{}\" for {}",
            m.schemaversion,
            standard.schemaversion(),
            standard.name()
        ));
    }
    for r in &m.resources {
        if r.scorm_type.as_deref() == Some("sco") && r.href.is_none() {
            errors.push(format!(
                "SCO resource \"{}\" has no href to launch",
                r.identifier
            ));
        }
    }
    errors
}

/// Schema validation plus reference check; Err holds every complaint.
fn check_manifest(standard: Standard, path: &Path) -> Result<Manifest, String> {
    let mut problems = Vec::new();
    if let Err(e) = schema_check(standard, path) {
        problems.push(e);
    }
    let xml =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match parse_manifest(standard, &xml) {
        Ok(m) => {
            problems.extend(reference_errors(standard, &m));
            if problems.is_empty() {
                return Ok(m);
            }
        }
        Err(e) => problems.push(e),
    }
    Err(problems.join("\n"))
}

// ---------------------------------------------------------------------------
// The validator set-up itself

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/bad-manifests")
}

#[test]
fn good_manifests_validate() {
    for standard in Standard::ALL {
        let path = fixtures().join(format!("good-{}.xml", standard.name()));
        if let Err(e) = check_manifest(standard, &path) {
            panic!(
                "{} should be valid {}:\n{e}",
                path.display(),
                standard.name()
            );
        }
    }
}

#[test]
fn a_manifest_fails_the_other_standards_schema() {
    // Guards against a wrapper schema that accepts anything.
    for (manifest, schema) in [
        (Standard::Scorm12, Standard::Scorm2004),
        (Standard::Scorm2004, Standard::Scorm12),
    ] {
        let path = fixtures().join(format!("good-{}.xml", manifest.name()));
        assert!(
            schema_check(schema, &path).is_err(),
            "the {} schema accepted {}",
            schema.name(),
            path.display()
        );
    }
}

/// Each bad fixture names, in an `<!-- expect: ... -->` comment, a text its
/// rejection must mention, so it is rejected for the reason it was written for.
#[test]
fn bad_manifests_fail() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(fixtures())
        .expect("tests/fixtures/bad-manifests")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with("bad-") && name.ends_with(".xml")) {
            continue;
        }
        let standard = Standard::from_file_name(&name)
            .unwrap_or_else(|| panic!("{name}: name it bad-scorm12-* or bad-scorm2004-*"));
        let xml = fs::read_to_string(entry.path()).unwrap();
        let expect = xml
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("<!-- expect:")
                    .and_then(|r| r.strip_suffix("-->"))
                    .map(|s| s.trim().to_string())
            })
            .unwrap_or_else(|| panic!("{name} has no <!-- expect: ... --> comment"));
        checked += 1;
        match check_manifest(standard, &entry.path()) {
            Ok(_) => wrong.push(format!(
                "{name}: accepted, but it is invalid {}",
                standard.name()
            )),
            Err(e) if !e.contains(&expect) => wrong.push(format!(
                "{name}: rejected, but not for the expected reason ({expect:?}):\n{e}"
            )),
            Err(_) => {}
        }
    }
    assert!(
        checked >= 8,
        "expected at least 8 bad manifests in {}, found {checked}",
        fixtures().display()
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

// ---------------------------------------------------------------------------
// The packages leskit builds

fn is_schema_file(name: &str) -> bool {
    // The schema files SCORM packages carry at their root (and the DTDs the
    // 2004 xml.xsd refers to) are not content, so no resource lists them.
    !name.contains('/') && (name.ends_with(".xsd") || name.ends_with(".dtd"))
}

fn check_package(standard: Standard, zip_path: &Path, scratch: &Path) -> Vec<String> {
    let label = zip_path.file_name().unwrap().to_string_lossy().into_owned();
    let mut errors = Vec::new();
    let mut archive = match zip::ZipArchive::new(fs::File::open(zip_path).unwrap()) {
        Ok(a) => a,
        Err(e) => return vec![format!("{label}: not a readable zip: {e}")],
    };

    let mut entries = BTreeSet::new();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        if name.contains('\\') || name.starts_with('/') || name.split('/').any(|part| part == "..")
        {
            errors.push(format!(
                "{label}: entry name {name:?} is not a plain relative path with '/' separators"
            ));
        }
        if !file.is_dir() {
            entries.insert(name);
        }
    }

    if !entries.contains("imsmanifest.xml") {
        let nested: Vec<_> = entries
            .iter()
            .filter(|e| e.ends_with("imsmanifest.xml"))
            .collect();
        errors.push(format!(
            "{label}: no imsmanifest.xml at the zip root (found: {nested:?})"
        ));
        return errors;
    }
    let mut xml = String::new();
    archive
        .by_name("imsmanifest.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let manifest_path = scratch.join(format!("{label}.imsmanifest.xml"));
    fs::write(&manifest_path, &xml).unwrap();

    let manifest = match check_manifest(standard, &manifest_path) {
        Ok(m) => m,
        Err(e) => {
            errors.push(format!(
                "{label}: imsmanifest.xml is not valid {}:\n{e}",
                standard.name()
            ));
            match parse_manifest(standard, &xml) {
                Ok(m) => m,
                Err(_) => return errors,
            }
        }
    };

    if !manifest
        .resources
        .iter()
        .any(|r| r.scorm_type.as_deref() == Some("sco"))
    {
        errors.push(format!("{label}: no resource is marked as SCO"));
    }

    let listed: BTreeSet<&str> = manifest
        .resources
        .iter()
        .flat_map(|r| r.files.iter().map(String::as_str))
        .collect();
    for href in &listed {
        if !entries.contains(*href) {
            errors.push(format!(
                "{label}: the manifest lists <file href=\"{href}\">, which is not in the zip"
            ));
        }
    }
    for r in &manifest.resources {
        if let Some(href) = &r.href
            && !entries.contains(href)
        {
            errors.push(format!(
                "{label}: resource \"{}\" launches {href:?}, which is not in the zip",
                r.identifier
            ));
        }
    }
    for entry in &entries {
        if entry != "imsmanifest.xml"
            && !leskit::package::unlisted_on_purpose(entry)
            && !is_schema_file(entry)
            && !listed.contains(entry.as_str())
        {
            errors.push(format!(
                "{label}: {entry} is in the zip, but no <file href> in the manifest lists it"
            ));
        }
    }
    errors
}

#[test]
fn built_packages_are_valid() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .current_dir(repo())
        .args([
            "build",
            "examples/minimal",
            "--target",
            "scorm12,scorm2004",
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("run leskit");
    assert!(
        output.status.success(),
        "leskit build examples/minimal failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    let mut zips: Vec<String> = fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("leskit wrote no {}: {e}", out.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".zip"))
        .collect();
    zips.sort();
    for expected in [
        "voorbeeld-1.0.0-scorm12.zip",
        "voorbeeld-1.0.0-scorm2004.zip",
    ] {
        assert!(
            zips.iter().any(|z| z == expected),
            "expected {expected} in the build output, found {zips:?}"
        );
    }

    let mut errors = Vec::new();
    for zip in &zips {
        let standard = match zip.strip_suffix(".zip") {
            Some(stem) if stem.ends_with("-scorm12") => Standard::Scorm12,
            Some(stem) if stem.ends_with("-scorm2004") => Standard::Scorm2004,
            _ => {
                errors.push(format!(
                    "{zip}: name does not end in -scorm12.zip or -scorm2004.zip"
                ));
                continue;
            }
        };
        errors.extend(check_package(standard, &out.join(zip), scratch.path()));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[test]
fn percent_decoding_of_hrefs() {
    assert_eq!(percent_decode("a%20b/c.html"), "a b/c.html");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%e2%82%ac"), "€");
    assert_eq!(strip_query_and_fragment("index.html?x=1#top"), "index.html");
}

// ---------------------------------------------------------------------------
// Course packages

/// A manifest as a small tree, for checking what a course's manifest says.
#[derive(Debug, Default)]
struct Node {
    /// Local name, without the namespace prefix.
    name: String,
    /// Attributes by local name.
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    /// Every descendant with this name, in document order.
    fn find_all<'a>(&'a self, name: &str, out: &mut Vec<&'a Node>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.find_all(name, out);
        }
    }
}

fn parse_tree(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Node::default()];
    let node = |e: &BytesStart| Node {
        name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
        attrs: e
            .attributes()
            .flatten()
            .filter(|a| a.key.prefix().is_none_or(|p| p.as_ref() != b"xmlns"))
            .map(|a| {
                (
                    String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect(),
        ..Node::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(node(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(node(&e)),
            Event::Text(t) => stack
                .last_mut()
                .unwrap()
                .text
                .push_str(&t.decode().unwrap()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                stack
                    .last_mut()
                    .unwrap()
                    .text
                    .push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        other => panic!("unexpected entity {other}"),
                    });
            }
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    stack.pop().unwrap().children.pop().expect("a root element")
}

/// Builds the course `courses/<course>.yaml` of `project` for both targets with the library, as
/// `leskit build` does, and checks each package like a module's package. Returns the manifests.
fn built_course(project: &str, course: &str) -> Vec<(Standard, String)> {
    let root = repo().join(project);
    let checked = leskit::check::check_project(&root, leskit::check::today()).unwrap();
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{project} has errors: {errors:?}");
    let loaded = checked
        .project
        .courses
        .iter()
        .find(|c| c.value.id.value == course)
        .unwrap_or_else(|| panic!("no course {course} in {project}"));
    let templates = leskit::render::Templates::load(None).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let mut manifests = Vec::new();
    let mut errors = Vec::new();
    for (standard, target) in [
        (Standard::Scorm12, leskit::package::Target::SCORM12),
        (Standard::Scorm2004, leskit::package::Target::SCORM2004),
    ] {
        let bytes = leskit::package::course_package(&checked.project, loaded, target, &templates)
            .unwrap()
            .zip();
        let name = leskit::package::course_file_name(&loaded.value, target);
        assert_eq!(
            name,
            format!(
                "{course}-{}-{}.zip",
                loaded.value.version.value,
                standard.name()
            )
        );
        let path = scratch.path().join(&name);
        fs::write(&path, &bytes).unwrap();
        errors.extend(check_package(standard, &path, scratch.path()));
        let mut xml = String::new();
        zip::ZipArchive::new(fs::File::open(&path).unwrap())
            .unwrap()
            .by_name("imsmanifest.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        manifests.push((standard, xml));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    manifests
}

/// What every course manifest says whatever the target: identifiers from the course and module
/// ids, one item and one SCO per module in the course's order, each SCO in its own folder.
fn check_course_structure(m: &Node, course: &str, scos: &[&str]) {
    assert_eq!(
        m.attr("identifier"),
        Some(format!("{course}-manifest").as_str())
    );
    let orgs = m.child("organizations").unwrap();
    assert_eq!(orgs.attr("default"), Some(format!("{course}-org").as_str()));
    let org = orgs.child("organization").unwrap();
    assert_eq!(
        org.attr("identifier"),
        Some(format!("{course}-org").as_str())
    );
    let items = org.all("item");
    let ids: Vec<_> = items
        .iter()
        .map(|i| i.attr("identifier").unwrap())
        .collect();
    let want: Vec<String> = scos.iter().map(|s| format!("{course}-{s}-item")).collect();
    assert_eq!(ids, want, "the items, in the course's order");
    for (item, sco) in items.iter().zip(scos) {
        assert_eq!(
            item.attr("identifierref"),
            Some(format!("{course}-{sco}-sco").as_str())
        );
    }
    let resources = m.child("resources").unwrap().all("resource");
    assert_eq!(resources.len(), scos.len());
    for (r, sco) in resources.iter().zip(scos) {
        assert_eq!(
            r.attr("identifier"),
            Some(format!("{course}-{sco}-sco").as_str())
        );
        assert_eq!(r.attr("href"), Some(format!("{sco}/index.html").as_str()));
        let prefix = format!("{sco}/");
        // The course's hand-out at the root is listed by the first SCO: the manifest has no
        // resource of the course's own to list it.
        let handout = ["handout.html", "leskit/handout.css"];
        for f in r.all("file") {
            let href = f.attr("href").unwrap();
            assert!(
                href.starts_with(&prefix) || (*sco == scos[0] && handout.contains(&href)),
                "{sco}'s resource lists {href:?}, outside its folder"
            );
        }
    }
}

#[test]
fn the_bundled_course_packages_are_valid() {
    let scos = [
        "wat-is-achterlating",
        "wettelijk-kader",
        "signalen-herkennen",
        "in-gesprek",
        "handelen-en-verwijzen",
        "eindtoets",
    ];
    for (_, xml) in built_course(".", "onboarding-veilig-thuis") {
        check_course_structure(&parse_tree(&xml), "onboarding-veilig-thuis", &scos);
    }
}

#[test]
fn a_scorm12_course_names_its_prerequisites_and_pass_marks() {
    let (_, xml) = built_course("tests/fixtures/course", "testcursus")
        .into_iter()
        .find(|(s, _)| *s == Standard::Scorm12)
        .unwrap();
    let m = parse_tree(&xml);
    check_course_structure(&m, "testcursus", &["lezen", "oefenen", "extra", "toets"]);
    let items = m
        .child("organizations")
        .unwrap()
        .child("organization")
        .unwrap()
        .all("item");
    let said: Vec<(Option<String>, Option<String>)> = items
        .iter()
        .map(|i| {
            (
                i.child("prerequisites").map(|p| {
                    assert_eq!(p.attr("type"), Some("aicc_script"));
                    p.text.clone()
                }),
                i.child("masteryscore").map(|s| s.text.clone()),
            )
        })
        .collect();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        said,
        [
            // lezen: no quiz, waits for nothing.
            (None, None),
            // oefenen: after lezen; its own pass mark.
            (some("testcursus-lezen-item"), some("100")),
            // extra: no quiz, waits for nothing.
            (None, None),
            // the final test waits for every module: oefenen already waits for lezen, so lezen
            // need not be named; the course's pass mark.
            (
                some("testcursus-oefenen-item&testcursus-extra-item"),
                some("75")
            ),
        ]
    );
}

#[test]
fn a_scorm2004_course_writes_sequencing_from_the_rules() {
    let (_, xml) = built_course("tests/fixtures/course", "testcursus")
        .into_iter()
        .find(|(s, _)| *s == Standard::Scorm2004)
        .unwrap();
    let m = parse_tree(&xml);
    check_course_structure(&m, "testcursus", &["lezen", "oefenen", "extra", "toets"]);
    let org = m
        .child("organizations")
        .unwrap()
        .child("organization")
        .unwrap();
    assert_eq!(org.attr("objectivesGlobalToSystem"), Some("false"));
    let control = org
        .child("sequencing")
        .and_then(|s| s.child("controlMode"))
        .expect("the course's control mode");
    assert_eq!(control.attr("choice"), Some("true"));
    assert_eq!(control.attr("flow"), Some("true"));

    // Per SCO: (the shared objectives its precondition reads, pass mark as measure, whether it
    // counts for the course's success, its weight in the course's score).
    type Expected<'a> = (&'a str, &'a [&'a str], Option<&'a str>, bool, &'a str);
    let expected: [Expected; 4] = [
        ("lezen", &[], None, false, "0"),
        ("oefenen", &["testcursus-lezen-done"], Some("1"), false, "0"),
        ("extra", &[], None, false, "0"),
        (
            "toets",
            &[
                "testcursus-lezen-done",
                "testcursus-oefenen-done",
                "testcursus-extra-done",
            ],
            Some("0.75"),
            true,
            "1.0000",
        ),
    ];
    for (item, (id, reads, measure, counts, weight)) in org.all("item").iter().zip(expected) {
        let seq = item.child("sequencing").unwrap();
        let objectives = seq.child("objectives").unwrap();
        let primary = objectives.child("primaryObjective").unwrap();
        let done = format!("testcursus-{id}-done");
        assert_eq!(primary.attr("objectiveID"), Some(done.as_str()), "{id}");
        let write = primary.child("mapInfo").unwrap();
        assert_eq!(write.attr("targetObjectiveID"), Some(done.as_str()));
        assert_eq!(write.attr("writeSatisfiedStatus"), Some("true"));
        assert_eq!(write.attr("readSatisfiedStatus"), Some("false"));
        assert_eq!(
            primary
                .child("minNormalizedMeasure")
                .map(|m| m.text.as_str()),
            measure,
            "{id}"
        );
        assert_eq!(
            primary.attr("satisfiedByMeasure"),
            measure.map(|_| "true"),
            "{id}"
        );

        // Each local objective reads one shared objective; the precondition disables the SCO
        // while any of them is not satisfied or unknown.
        let locals = objectives.all("objective");
        let read: Vec<&str> = locals
            .iter()
            .map(|o| {
                let map = o.child("mapInfo").unwrap();
                assert_eq!(map.attr("readSatisfiedStatus"), Some("true"));
                assert_eq!(map.attr("writeSatisfiedStatus"), None);
                map.attr("targetObjectiveID").unwrap()
            })
            .collect();
        assert_eq!(read, reads, "{id} reads");
        let mut rules = Vec::new();
        seq.find_all("preConditionRule", &mut rules);
        if reads.is_empty() {
            assert!(rules.is_empty(), "{id} has no prerequisites");
        } else {
            assert_eq!(rules.len(), 1, "{id}");
            let conditions = rules[0].child("ruleConditions").unwrap();
            assert_eq!(conditions.attr("conditionCombination"), Some("any"));
            let got: Vec<(&str, &str, &str)> = conditions
                .all("ruleCondition")
                .iter()
                .map(|c| {
                    (
                        c.attr("referencedObjective").unwrap(),
                        c.attr("operator").unwrap(),
                        c.attr("condition").unwrap(),
                    )
                })
                .collect();
            let mut want = Vec::new();
            for o in &locals {
                let local = o.attr("objectiveID").unwrap();
                want.push((local, "not", "satisfied"));
                want.push((local, "not", "objectiveStatusKnown"));
            }
            assert_eq!(got, want, "{id}");
            assert_eq!(
                rules[0].child("ruleAction").unwrap().attr("action"),
                Some("disabled")
            );
        }
        let rollup = seq.child("rollupRules");
        assert_eq!(
            rollup
                .and_then(|r| r.attr("rollupObjectiveSatisfied"))
                .unwrap_or("true"),
            if counts { "true" } else { "false" },
            "{id}"
        );
        assert_eq!(
            rollup
                .and_then(|r| r.attr("objectiveMeasureWeight"))
                .unwrap_or("1.0000"),
            weight,
            "{id}"
        );
        let delivery = seq.child("deliveryControls").unwrap();
        assert_eq!(delivery.attr("completionSetByContent"), Some("true"));
        assert_eq!(delivery.attr("objectiveSetByContent"), Some("true"));
    }
}

/// Characters XML 1.0 cannot carry, even escaped, in every text that reaches a manifest or
/// `cmi5.xml`: the module's title, description, keywords and authors, the quiz's title (the
/// course's final test), the course's title. Written as YAML escapes, as an author's editor
/// never shows them.
#[test]
fn manifests_with_characters_xml_forbids_are_valid() {
    const BAD: &str = "\\uFFFF\\uFFFE\\x01\\x1B\\x85";
    let scratch = tempfile::tempdir().unwrap();
    let project = scratch.path().join("project");
    tree::copy_tree(&repo().join("examples/minimal"), &project);
    let edit = |file: &str, pairs: &[(&str, String)]| {
        let path = project.join(file);
        let mut text = fs::read_to_string(&path).unwrap();
        for (from, to) in pairs {
            assert!(text.contains(from), "{file} has no {from}");
            text = text.replace(from, to);
        }
        fs::write(&path, text).unwrap();
    };
    edit(
        "modules/voorbeeld.yaml",
        &[
            (
                "title: Signalen herkennen (voorbeeld)",
                format!("title: \"Signalen{BAD} herkennen\""),
            ),
            (
                "description: Een korte voorbeeldmodule die elk onderdeel van het formaat laat zien.",
                format!("description: \"Een korte{BAD} voorbeeldmodule\""),
            ),
            (
                "authors: [Team leskit]",
                format!("authors: [\"Team{BAD} leskit\"]"),
            ),
            (
                "keywords: [achterlating, signalen, voorbeeld]",
                format!("keywords: [\"achter{BAD}lating\", signalen]"),
            ),
        ],
    );
    edit(
        "quizzes/voorbeeld-quiz.yaml",
        &[("title: Oefenvragen", format!("title: \"Oefen{BAD}vragen\""))],
    );
    edit(
        "courses/voorbeeld-cursus.yaml",
        &[(
            "title: Voorbeeldcursus",
            format!("title: \"Voorbeeld{BAD}cursus\""),
        )],
    );
    let out = scratch.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .current_dir(&project)
        .args([
            "build",
            "modules/voorbeeld.yaml",
            "courses/voorbeeld-cursus.yaml",
            "--target",
            "scorm12,scorm2004,cmi5",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // `check` warns, naming the character, for each text.
    for what in ["title", "description", "keyword", "author"] {
        assert!(
            stderr.contains(&format!(
                "warning[W0206]: the {what} contains the character U+FFFF"
            )),
            "{what}: {stderr}"
        );
    }
    let mut errors = Vec::new();
    let mut seen = 0;
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".zip") else {
            continue;
        };
        let mut archive = zip::ZipArchive::new(fs::File::open(&path).unwrap()).unwrap();
        let xml_name = if stem.ends_with("cmi5") {
            "cmi5.xml"
        } else {
            "imsmanifest.xml"
        };
        let mut xml = String::new();
        archive
            .by_name(xml_name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert!(
            xml.contains("Signalen herkennen") || xml.contains("Voorbeeldcursus"),
            "{name}: {xml}"
        );
        if stem.ends_with("cmi5") {
            let file = scratch.path().join(format!("{stem}.xml"));
            fs::write(&file, &xml).unwrap();
            let lint = Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(repo().join("tests/schemas/cmi5/course-structure.xsd"))
                .arg(&file)
                .output()
                .expect("xmllint (scripts/test installs it)");
            if !lint.status.success() {
                errors.push(format!("{name}: {}", String::from_utf8_lossy(&lint.stderr)));
            }
        } else {
            let standard = Standard::from_file_name(stem).unwrap();
            errors.extend(check_package(standard, &path, scratch.path()));
        }
        seen += 1;
    }
    assert_eq!(seen, 6, "a module and a course for three targets");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}
