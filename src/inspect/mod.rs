//! `leskit inspect`: a check of any SCORM 1.2, SCORM 2004 or cmi5 package before it is uploaded,
//! leskit's or anyone's. The zip is opened within limits ([`archive`]), its manifest is read
//! ([`xml`]) and held to the schemas' structure ([`schema`]), then to the rules the schemas cannot
//! express ([`scorm`], [`cmi5`]), and its scripts are searched for the LMS quirks the preview
//! knows ([`quirks`]). Every rule is listed in `docs/inspect.md`; what is not listed there is not
//! checked.

pub mod archive;
pub mod cmi5;
pub mod patterns;
pub mod quirks;
pub mod schema;
pub mod scorm;
pub mod xml;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::error::Result;
use xml::Element;

/// The standard a package is written for, from its manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    Scorm12,
    Scorm2004,
    Cmi5,
}

impl Standard {
    pub fn label(self) -> &'static str {
        match self {
            Standard::Scorm12 => "SCORM 1.2",
            Standard::Scorm2004 => "SCORM 2004",
            Standard::Cmi5 => "cmi5",
        }
    }

    /// The other SCORM version: 2004 for 1.2, and 1.2 for the rest.
    pub fn other_scorm(self) -> Standard {
        if self == Standard::Scorm12 {
            Standard::Scorm2004
        } else {
            Standard::Scorm12
        }
    }
}

/// What inspecting one package found.
#[derive(Debug, Default)]
pub struct Inspected {
    pub standard: Option<Standard>,
    pub diagnostics: Diagnostics,
    /// The manifest's text by the file name its diagnostics carry, for the excerpts.
    pub texts: BTreeMap<PathBuf, String>,
}

/// Problems found in one file, with their places.
pub struct Found {
    file: PathBuf,
    pub list: Vec<Diagnostic>,
}

impl Found {
    pub fn new(file: &Path) -> Found {
        Found {
            file: file.to_path_buf(),
            list: Vec::new(),
        }
    }

    /// A diagnostic at `el`, with a hint when `hint` is not empty.
    pub fn add(&mut self, d: Diagnostic, el: Option<&Element>, hint: &str) {
        let d = match el {
            Some(el) => d.at(&self.file, el.pos),
            None => d.in_file(&self.file),
        };
        self.list
            .push(if hint.is_empty() { d } else { d.hint(hint) });
    }

    /// A structure the schemas forbid (E0507).
    pub fn schema(&mut self, el: &Element, message: String, hint: &str) {
        self.add(Diagnostic::error("E0507", message), Some(el), hint);
    }
}

/// Inspects the zip at `path`. Only a file that cannot be read at all is an `Err`.
pub fn inspect_path(path: &Path) -> Result<Inspected> {
    let file = std::fs::File::open(path).map_err(|e| crate::error::Error::io("read", path, e))?;
    Ok(inspect_reader(path, file))
}

/// Inspects a zip held in memory; `name` is how messages name it.
pub fn inspect_bytes(name: &Path, bytes: &[u8]) -> Inspected {
    inspect_reader(name, std::io::Cursor::new(bytes))
}

fn inspect_reader<R: std::io::Read + std::io::Seek>(name: &Path, reader: R) -> Inspected {
    let mut found = Found::new(name);
    let mut inspected = Inspected::default();
    let Some(mut zip) = archive::open(reader, &mut found) else {
        inspected.diagnostics.extend(found.list);
        return inspected;
    };
    let manifest = archive::find_manifest(&zip, &mut found).map(str::to_owned);
    if let Some(manifest_name) = manifest.as_deref() {
        let file = name.join(manifest_name);
        match zip.read_text(manifest_name, archive::MAX_MANIFEST_BYTES) {
            Ok(text) => {
                let (standard, root, diags) = check_manifest(&file, &text, Some(&zip.files));
                inspected.standard = standard;
                found.list.extend(diags);
                if let (Some(standard), Some(root)) = (standard, root) {
                    let scripts = zip.read_scripts();
                    quirks::check(standard, &root, &scripts, &file, &mut found);
                }
                inspected.texts.insert(file, text);
            }
            Err(message) => found.add(
                Diagnostic::error(
                    "E0506",
                    format!("{manifest_name} cannot be read: {message}"),
                ),
                None,
                "",
            ),
        }
    }
    inspected.diagnostics.extend(found.list);
    inspected
}

/// The rules for a manifest's text alone: its structure by the schemas and the references
/// inside it; with `files` (the names in the zip), also that every file it names is there.
/// `file` is how messages name the manifest.
pub fn check_manifest(
    file: &Path,
    text: &str,
    files: Option<&archive::Names>,
) -> (Option<Standard>, Option<Element>, Vec<Diagnostic>) {
    let mut found = Found::new(file);
    let root = match xml::parse(text) {
        Ok(root) => root,
        Err(e) => {
            found.list.push(
                Diagnostic::error("E0506", format!("the manifest is not well-formed XML: {}", e.message))
                    .at(file, e.pos)
                    .hint("an LMS refuses a manifest it cannot parse; open it in an XML editor to find the mistake"),
            );
            return (None, None, found.list);
        }
    };
    let standard = match (root.ns.as_str(), root.local.as_str()) {
        (schema::CP12, "manifest") => Standard::Scorm12,
        (schema::CP, "manifest") => Standard::Scorm2004,
        (schema::CMI5, "courseStructure") => Standard::Cmi5,
        (ns, local) => {
            found.schema(
                &root,
                format!(
                    "the root element <{}> in namespace \"{ns}\" is not a SCORM 1.2 or 2004 <manifest> or a cmi5 <courseStructure>",
                    root.qname
                ),
                match local {
                    "manifest" => "SCORM 1.2 uses xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\", SCORM 2004 xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"",
                    "courseStructure" => "cmi5 uses xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\"",
                    _ => "",
                },
            );
            return (None, Some(root), found.list);
        }
    };
    match standard {
        Standard::Scorm12 => {
            schema::check(
                &root,
                schema::SCORM12,
                &[schema::CP12, schema::ADLCP12, schema::MD12],
                &mut found,
            );
            scorm::check(standard, &root, files, &mut found);
        }
        Standard::Scorm2004 => {
            schema::check(
                &root,
                schema::SCORM2004,
                &[
                    schema::CP,
                    schema::ADLCP,
                    schema::ADLSEQ,
                    schema::ADLNAV,
                    schema::IMSSS,
                ],
                &mut found,
            );
            scorm::check(standard, &root, files, &mut found);
        }
        Standard::Cmi5 => {
            schema::check(&root, schema::CMI5_MODELS, &[schema::CMI5], &mut found);
            cmi5::check(&root, files, &mut found);
        }
    }
    (Some(standard), Some(root), found.list)
}
