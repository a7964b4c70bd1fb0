//! The manifests' structure as the official schemas require it, written as rules: for each element
//! leskit knows, its attributes (required or not, with their vocabularies and value types) and its
//! children in the order the schema's sequence gives them. Elements of other namespaces may follow
//! where the schema allows any (`xs:any namespace="##other"`). `docs/inspect.md` lists what is
//! checked; what is not listed here (most of LOM metadata, say) is not judged.

use super::Found;
use super::xml::{Element, XML_NS};

pub const CP12: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const ADLCP12: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
pub const MD12: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
pub const CP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
pub const ADLSEQ: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";
pub const ADLNAV: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";
pub const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
pub const CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Any,
    /// At least one character that is not white space.
    NonEmpty,
    Vocab(&'static [&'static str]),
    Bool,
    /// A decimal number from the first to the second, inclusive.
    Decimal(f64, f64),
    /// An `xs:ID`: a name without spaces or colons that does not start with a digit.
    Id,
    /// A fully qualified IRI: a scheme, a colon, something after it.
    Iri,
    /// An integer of at least 0.
    Count,
}

#[derive(Debug)]
pub struct AttrRule {
    /// Empty for an unprefixed attribute.
    pub ns: &'static str,
    pub local: &'static str,
    pub required: bool,
    pub value: Value,
}

/// Children of these names (a choice when more than one), from `min` to `max` times.
#[derive(Debug)]
pub struct Particle {
    pub ns: &'static str,
    pub names: &'static [&'static str],
    pub min: u32,
    pub max: u32,
}

#[derive(Debug)]
pub struct Model {
    pub ns: &'static str,
    pub local: &'static str,
    pub attrs: &'static [AttrRule],
    pub children: &'static [Particle],
    /// Elements of other namespaces may follow the children (`##other`).
    pub other: bool,
    /// Attributes of other namespaces are allowed (`anyAttribute ##other`).
    pub other_attrs: bool,
    pub text: Value,
}

const N: u32 = u32::MAX;

const fn p(ns: &'static str, names: &'static [&'static str], min: u32, max: u32) -> Particle {
    Particle {
        ns,
        names,
        min,
        max,
    }
}
const fn a(local: &'static str, required: bool, value: Value) -> AttrRule {
    AttrRule {
        ns: "",
        local,
        required,
        value,
    }
}
const fn m(
    ns: &'static str,
    local: &'static str,
    attrs: &'static [AttrRule],
    children: &'static [Particle],
    other: bool,
) -> Model {
    Model {
        ns,
        local,
        attrs,
        children,
        other,
        other_attrs: true,
        text: Value::Any,
    }
}
const fn leaf(
    ns: &'static str,
    local: &'static str,
    attrs: &'static [AttrRule],
    text: Value,
) -> Model {
    Model {
        ns,
        local,
        attrs,
        children: &[],
        other: false,
        other_attrs: true,
        text,
    }
}

const SCORM_TYPE: &[&str] = &["sco", "asset"];
const TIME_LIMIT: &[&str] = &[
    "exit,message",
    "exit,no message",
    "continue,message",
    "continue,no message",
];
const HIDE_UI: &[&str] = &[
    "abandon",
    "continue",
    "exit",
    "previous",
    "suspendAll",
    "exitAll",
    "abandonAll",
];
const RULE_CONDITIONS: &[&str] = &[
    "satisfied",
    "objectiveStatusKnown",
    "objectiveMeasureKnown",
    "objectiveMeasureGreaterThan",
    "objectiveMeasureLessThan",
    "completed",
    "activityProgressKnown",
    "attempted",
    "attemptLimitExceeded",
    "timeLimitExceeded",
    "outsideAvailableTimeRange",
    "always",
];
const ROLLUP_CONDITIONS: &[&str] = &[
    "satisfied",
    "objectiveStatusKnown",
    "objectiveMeasureKnown",
    "completed",
    "activityProgressKnown",
    "attempted",
    "attemptLimitExceeded",
    "timeLimitExceeded",
    "outsideAvailableTimeRange",
];
const ROLLUP_ACTIONS: &[&str] = &["satisfied", "notSatisfied", "completed", "incomplete"];
const ALL_ANY: &[&str] = &["all", "any"];
const OPERATORS: &[&str] = &["not", "noOp"];
const CHILD_ACTIVITY: &[&str] = &["all", "any", "none", "atLeastCount", "atLeastPercent"];
const TIMING: &[&str] = &["never", "once", "onEachNewAttempt"];
const CONSIDERATION: &[&str] = &["always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"];

/// SCORM 1.2: IMS Content Packaging 1.1.2 with the ADL extensions (adlcp_rootv1p2) and the
/// LOM elements leskit writes.
pub const SCORM12: &[Model] = &[
    m(
        CP12,
        "manifest",
        &[
            a("identifier", true, Value::Id),
            a("version", false, Value::Any),
        ],
        &[
            p(CP12, &["metadata"], 0, 1),
            p(CP12, &["organizations"], 1, 1),
            p(CP12, &["resources"], 1, 1),
            p(CP12, &["manifest"], 0, N),
        ],
        true,
    ),
    m(
        CP12,
        "metadata",
        &[],
        &[
            p(CP12, &["schema"], 0, 1),
            p(CP12, &["schemaversion"], 0, 1),
        ],
        true,
    ),
    leaf(CP12, "schema", &[], Value::Vocab(&["ADL SCORM"])),
    leaf(CP12, "schemaversion", &[], Value::Vocab(&["1.2"])),
    m(
        CP12,
        "organizations",
        &[a("default", false, Value::Id)],
        &[p(CP12, &["organization"], 0, N)],
        true,
    ),
    m(
        CP12,
        "organization",
        &[
            a("identifier", true, Value::Id),
            a("structure", false, Value::Any),
        ],
        &[
            p(CP12, &["title"], 0, 1),
            p(CP12, &["item"], 0, N),
            p(CP12, &["metadata"], 0, 1),
        ],
        true,
    ),
    m(
        CP12,
        "item",
        &[
            a("identifier", true, Value::Id),
            a("identifierref", false, Value::Any),
            a("isvisible", false, Value::Bool),
            a("parameters", false, Value::Any),
        ],
        &[
            p(CP12, &["title"], 0, 1),
            p(CP12, &["item"], 0, N),
            p(CP12, &["metadata"], 0, 1),
        ],
        true,
    ),
    leaf(CP12, "title", &[], Value::Any),
    m(
        CP12,
        "resources",
        &[],
        &[p(CP12, &["resource"], 0, N)],
        true,
    ),
    m(
        CP12,
        "resource",
        &[
            a("identifier", true, Value::Id),
            a("type", true, Value::NonEmpty),
            a("href", false, Value::Any),
        ],
        &[
            p(CP12, &["metadata"], 0, 1),
            p(CP12, &["file"], 0, N),
            p(CP12, &["dependency"], 0, N),
        ],
        true,
    ),
    m(
        CP12,
        "file",
        &[a("href", true, Value::NonEmpty)],
        &[p(CP12, &["metadata"], 0, 1)],
        true,
    ),
    m(
        CP12,
        "dependency",
        &[a("identifierref", true, Value::NonEmpty)],
        &[],
        true,
    ),
    leaf(ADLCP12, "masteryscore", &[], Value::Any),
    leaf(ADLCP12, "timelimitaction", &[], Value::Vocab(TIME_LIMIT)),
    leaf(
        ADLCP12,
        "prerequisites",
        &[a("type", true, Value::Vocab(&["aicc_script"]))],
        Value::Any,
    ),
    leaf(ADLCP12, "maxtimeallowed", &[], Value::Any),
    leaf(ADLCP12, "datafromlms", &[], Value::Any),
    leaf(ADLCP12, "location", &[], Value::Any),
    m(
        MD12,
        "lom",
        &[],
        &[
            p(MD12, &["general"], 0, 1),
            p(MD12, &["lifecycle"], 0, 1),
            p(MD12, &["metametadata"], 0, 1),
            p(MD12, &["technical"], 0, 1),
            p(MD12, &["educational"], 0, 1),
            p(MD12, &["rights"], 0, 1),
            p(MD12, &["relation"], 0, N),
            p(MD12, &["annotation"], 0, N),
            p(MD12, &["classification"], 0, N),
        ],
        true,
    ),
    m(
        MD12,
        "general",
        &[],
        &[
            p(MD12, &["identifier"], 0, 1),
            p(MD12, &["title"], 0, 1),
            p(MD12, &["catalogentry"], 0, N),
            p(MD12, &["language"], 0, N),
            p(MD12, &["description"], 0, N),
            p(MD12, &["keyword"], 0, N),
            p(MD12, &["coverage"], 0, N),
            p(MD12, &["structure"], 0, 1),
            p(MD12, &["aggregationlevel"], 0, 1),
            p(MD12, &["extension"], 0, 1),
        ],
        true,
    ),
];

/// The attributes each ADL namespace declares for use on other elements.
pub const GLOBAL_ATTRS: &[AttrRule] = &[
    AttrRule {
        ns: ADLCP12,
        local: "scormtype",
        required: false,
        value: Value::Vocab(SCORM_TYPE),
    },
    AttrRule {
        ns: ADLCP,
        local: "scormType",
        required: false,
        value: Value::Vocab(SCORM_TYPE),
    },
    AttrRule {
        ns: ADLCP,
        local: "sharedDataGlobalToSystem",
        required: false,
        value: Value::Bool,
    },
    AttrRule {
        ns: ADLSEQ,
        local: "objectivesGlobalToSystem",
        required: false,
        value: Value::Bool,
    },
    AttrRule {
        ns: XML_NS,
        local: "base",
        required: false,
        value: Value::Any,
    },
    AttrRule {
        ns: XML_NS,
        local: "lang",
        required: false,
        value: Value::Any,
    },
];

/// The namespaces whose attributes are all known: one not in [`GLOBAL_ATTRS`] is an error.
pub const CLOSED_ATTR_NAMESPACES: &[&str] = &[ADLCP12, ADLCP, ADLSEQ, ADLNAV, IMSSS, XML_NS];

const MAP_INFO: &[AttrRule] = &[
    a("targetObjectiveID", true, Value::NonEmpty),
    a("readSatisfiedStatus", false, Value::Bool),
    a("readNormalizedMeasure", false, Value::Bool),
    a("writeSatisfiedStatus", false, Value::Bool),
    a("writeNormalizedMeasure", false, Value::Bool),
];
const OBJECTIVE: &[Particle] = &[
    p(IMSSS, &["minNormalizedMeasure"], 0, 1),
    p(IMSSS, &["mapInfo"], 0, N),
];
const RULE: &[Particle] = &[
    p(IMSSS, &["ruleConditions"], 1, 1),
    p(IMSSS, &["ruleAction"], 1, 1),
];

/// SCORM 2004 (2nd to 4th Edition): IMS Content Packaging 1.1.4 with adlcp, adlseq, adlnav and
/// IMS Simple Sequencing.
pub const SCORM2004: &[Model] = &[
    m(
        CP,
        "manifest",
        &[
            a("identifier", true, Value::Id),
            a("version", false, Value::Any),
        ],
        &[
            p(CP, &["metadata"], 0, 1),
            p(CP, &["organizations"], 1, 1),
            p(CP, &["resources"], 1, 1),
            p(CP, &["manifest"], 0, N),
        ],
        true,
    ),
    m(
        CP,
        "metadata",
        &[],
        &[p(CP, &["schema"], 0, 1), p(CP, &["schemaversion"], 0, 1)],
        true,
    ),
    leaf(CP, "schema", &[], Value::NonEmpty),
    leaf(CP, "schemaversion", &[], Value::NonEmpty),
    m(
        CP,
        "organizations",
        &[a("default", false, Value::Id)],
        &[p(CP, &["organization"], 0, N)],
        true,
    ),
    m(
        CP,
        "organization",
        &[
            a("identifier", true, Value::Id),
            a("structure", false, Value::Any),
        ],
        &[
            p(CP, &["title"], 0, 1),
            p(CP, &["item"], 1, N),
            p(CP, &["metadata"], 0, 1),
        ],
        true,
    ),
    m(
        CP,
        "item",
        &[
            a("identifier", true, Value::Id),
            a("identifierref", false, Value::Any),
            a("isvisible", false, Value::Bool),
            a("parameters", false, Value::Any),
        ],
        &[
            p(CP, &["title"], 0, 1),
            p(CP, &["item"], 0, N),
            p(CP, &["metadata"], 0, 1),
        ],
        true,
    ),
    leaf(CP, "title", &[], Value::Any),
    m(CP, "resources", &[], &[p(CP, &["resource"], 0, N)], true),
    m(
        CP,
        "resource",
        &[
            a("identifier", true, Value::Id),
            a("type", true, Value::NonEmpty),
            a("href", false, Value::Any),
        ],
        &[
            p(CP, &["metadata"], 0, 1),
            p(CP, &["file"], 0, N),
            p(CP, &["dependency"], 0, N),
        ],
        true,
    ),
    m(
        CP,
        "file",
        &[a("href", true, Value::NonEmpty)],
        &[p(CP, &["metadata"], 0, 1)],
        true,
    ),
    m(
        CP,
        "dependency",
        &[a("identifierref", true, Value::NonEmpty)],
        &[],
        true,
    ),
    leaf(
        ADLCP,
        "completionThreshold",
        &[
            a("completedByMeasure", false, Value::Bool),
            a("minProgressMeasure", false, Value::Decimal(0.0, 1.0)),
            a("progressWeight", false, Value::Decimal(0.0, 1.0)),
        ],
        Value::Any,
    ),
    leaf(ADLCP, "timeLimitAction", &[], Value::Vocab(TIME_LIMIT)),
    m(
        ADLNAV,
        "presentation",
        &[],
        &[p(ADLNAV, &["navigationInterface"], 0, 1)],
        true,
    ),
    m(
        ADLNAV,
        "navigationInterface",
        &[],
        &[p(ADLNAV, &["hideLMSUI"], 0, N)],
        true,
    ),
    leaf(ADLNAV, "hideLMSUI", &[], Value::Vocab(HIDE_UI)),
    // Shared sequencing, at the end of the manifest, that items name with IDRef.
    m(
        IMSSS,
        "sequencingCollection",
        &[],
        &[p(IMSSS, &["sequencing"], 1, N)],
        false,
    ),
    m(
        IMSSS,
        "sequencing",
        &[a("ID", false, Value::Id), a("IDRef", false, Value::Any)],
        &[
            p(IMSSS, &["controlMode"], 0, 1),
            p(IMSSS, &["sequencingRules"], 0, 1),
            p(IMSSS, &["limitConditions"], 0, 1),
            p(IMSSS, &["auxiliaryResources"], 0, 1),
            p(IMSSS, &["rollupRules"], 0, 1),
            p(IMSSS, &["objectives"], 0, 1),
            p(IMSSS, &["randomizationControls"], 0, 1),
            p(IMSSS, &["deliveryControls"], 0, 1),
        ],
        true,
    ),
    leaf(
        IMSSS,
        "controlMode",
        &[
            a("choice", false, Value::Bool),
            a("choiceExit", false, Value::Bool),
            a("flow", false, Value::Bool),
            a("forwardOnly", false, Value::Bool),
            a("useCurrentAttemptObjectiveInfo", false, Value::Bool),
            a("useCurrentAttemptProgressInfo", false, Value::Bool),
        ],
        Value::Any,
    ),
    m(
        IMSSS,
        "sequencingRules",
        &[],
        &[
            p(IMSSS, &["preConditionRule"], 0, N),
            p(IMSSS, &["exitConditionRule"], 0, N),
            p(IMSSS, &["postConditionRule"], 0, N),
        ],
        false,
    ),
    m(IMSSS, "preConditionRule", &[], RULE, false),
    m(IMSSS, "exitConditionRule", &[], RULE, false),
    m(IMSSS, "postConditionRule", &[], RULE, false),
    m(
        IMSSS,
        "ruleConditions",
        &[a("conditionCombination", false, Value::Vocab(ALL_ANY))],
        &[p(IMSSS, &["ruleCondition"], 1, N)],
        false,
    ),
    leaf(
        IMSSS,
        "ruleCondition",
        &[
            a("referencedObjective", false, Value::Any),
            a("measureThreshold", false, Value::Decimal(-1.0, 1.0)),
            a("operator", false, Value::Vocab(OPERATORS)),
            a("condition", true, Value::Vocab(RULE_CONDITIONS)),
        ],
        Value::Any,
    ),
    leaf(
        IMSSS,
        "ruleAction",
        &[a(
            "action",
            true,
            Value::Vocab(&[
                "skip",
                "disabled",
                "hiddenFromChoice",
                "stopForwardTraversal",
                "exit",
                "exitParent",
                "exitAll",
                "retry",
                "retryAll",
                "continue",
                "previous",
            ]),
        )],
        Value::Any,
    ),
    leaf(
        IMSSS,
        "limitConditions",
        &[
            a("attemptLimit", false, Value::Count),
            a("attemptAbsoluteDurationLimit", false, Value::Any),
        ],
        Value::Any,
    ),
    m(
        IMSSS,
        "rollupRules",
        &[
            a("rollupObjectiveSatisfied", false, Value::Bool),
            a("rollupProgressCompletion", false, Value::Bool),
            a("objectiveMeasureWeight", false, Value::Decimal(0.0, 1.0)),
        ],
        &[p(IMSSS, &["rollupRule"], 0, N)],
        false,
    ),
    m(
        IMSSS,
        "rollupRule",
        &[
            a("childActivitySet", false, Value::Vocab(CHILD_ACTIVITY)),
            a("minimumCount", false, Value::Count),
            a("minimumPercent", false, Value::Decimal(0.0, 1.0)),
        ],
        &[
            p(IMSSS, &["rollupConditions"], 1, 1),
            p(IMSSS, &["rollupAction"], 1, 1),
        ],
        false,
    ),
    m(
        IMSSS,
        "rollupConditions",
        &[a("conditionCombination", false, Value::Vocab(ALL_ANY))],
        &[p(IMSSS, &["rollupCondition"], 1, N)],
        false,
    ),
    leaf(
        IMSSS,
        "rollupCondition",
        &[
            a("operator", false, Value::Vocab(OPERATORS)),
            a("condition", true, Value::Vocab(ROLLUP_CONDITIONS)),
        ],
        Value::Any,
    ),
    leaf(
        IMSSS,
        "rollupAction",
        &[a("action", true, Value::Vocab(ROLLUP_ACTIONS))],
        Value::Any,
    ),
    m(
        IMSSS,
        "objectives",
        &[],
        &[
            p(IMSSS, &["primaryObjective"], 1, 1),
            p(IMSSS, &["objective"], 0, N),
        ],
        false,
    ),
    m(
        IMSSS,
        "primaryObjective",
        &[
            a("satisfiedByMeasure", false, Value::Bool),
            a("objectiveID", false, Value::NonEmpty),
        ],
        OBJECTIVE,
        false,
    ),
    m(
        IMSSS,
        "objective",
        &[
            a("satisfiedByMeasure", false, Value::Bool),
            a("objectiveID", true, Value::NonEmpty),
        ],
        OBJECTIVE,
        false,
    ),
    leaf(
        IMSSS,
        "minNormalizedMeasure",
        &[],
        Value::Decimal(-1.0, 1.0),
    ),
    leaf(IMSSS, "mapInfo", MAP_INFO, Value::Any),
    leaf(
        IMSSS,
        "randomizationControls",
        &[
            a("randomizationTiming", false, Value::Vocab(TIMING)),
            a("selectCount", false, Value::Count),
            a("reorderChildren", false, Value::Bool),
            a("selectionTiming", false, Value::Vocab(TIMING)),
        ],
        Value::Any,
    ),
    leaf(
        IMSSS,
        "deliveryControls",
        &[
            a("tracked", false, Value::Bool),
            a("completionSetByContent", false, Value::Bool),
            a("objectiveSetByContent", false, Value::Bool),
        ],
        Value::Any,
    ),
    leaf(
        ADLSEQ,
        "rollupConsiderations",
        &[
            a("requiredForSatisfied", false, Value::Vocab(CONSIDERATION)),
            a(
                "requiredForNotSatisfied",
                false,
                Value::Vocab(CONSIDERATION),
            ),
            a("requiredForCompleted", false, Value::Vocab(CONSIDERATION)),
            a("requiredForIncomplete", false, Value::Vocab(CONSIDERATION)),
            a("measureSatisfactionIfActive", false, Value::Bool),
        ],
        Value::Any,
    ),
];

const TEXT: &[Particle] = &[p(CMI5, &["langstring"], 1, N)];

/// cmi5's course structure (section 13.1 of the cmi5 specification).
pub const CMI5_MODELS: &[Model] = &[
    m(
        CMI5,
        "courseStructure",
        &[],
        &[
            p(CMI5, &["course"], 1, 1),
            p(CMI5, &["objectives"], 0, 1),
            p(CMI5, &["au", "block"], 1, N),
        ],
        true,
    ),
    m(
        CMI5,
        "course",
        &[a("id", true, Value::Iri)],
        &[p(CMI5, &["title"], 1, 1), p(CMI5, &["description"], 1, 1)],
        true,
    ),
    m(
        CMI5,
        "block",
        &[a("id", true, Value::Iri)],
        &[
            p(CMI5, &["title"], 1, 1),
            p(CMI5, &["description"], 1, 1),
            p(CMI5, &["objectives"], 0, 1),
            p(CMI5, &["au", "block"], 1, N),
        ],
        true,
    ),
    m(
        CMI5,
        "au",
        &[
            a("id", true, Value::Iri),
            a(
                "moveOn",
                false,
                Value::Vocab(&[
                    "Passed",
                    "Completed",
                    "CompletedAndPassed",
                    "CompletedOrPassed",
                    "NotApplicable",
                ]),
            ),
            a("masteryScore", false, Value::Decimal(0.0, 1.0)),
            a(
                "launchMethod",
                false,
                Value::Vocab(&["AnyWindow", "OwnWindow"]),
            ),
            a("activityType", false, Value::Iri),
        ],
        &[
            p(CMI5, &["title"], 1, 1),
            p(CMI5, &["description"], 1, 1),
            p(CMI5, &["objectives"], 0, 1),
            p(CMI5, &["url"], 1, 1),
            p(CMI5, &["launchParameters"], 0, 1),
            p(CMI5, &["entitlementKey"], 0, 1),
        ],
        true,
    ),
    m(CMI5, "title", &[], TEXT, false),
    m(CMI5, "description", &[], TEXT, false),
    leaf(
        CMI5,
        "langstring",
        &[a("lang", true, Value::NonEmpty)],
        Value::NonEmpty,
    ),
    leaf(CMI5, "url", &[], Value::NonEmpty),
    leaf(CMI5, "launchParameters", &[], Value::Any),
    leaf(CMI5, "entitlementKey", &[], Value::Any),
    m(
        CMI5,
        "objective",
        &[a("id", false, Value::Iri), a("idref", false, Value::Iri)],
        &[p(CMI5, &["title"], 0, 1), p(CMI5, &["description"], 0, 1)],
        false,
    ),
];

/// A short name for a namespace's prefix in messages: the usual prefix, else the one written.
fn show(el: &Element) -> String {
    format!("<{}>", el.qname)
}

fn value_problem(value: &str, rule: Value) -> Option<String> {
    match rule {
        Value::Any => None,
        Value::NonEmpty => value.trim().is_empty().then(|| "is empty".to_owned()),
        Value::Vocab(words) => (!words.contains(&value)).then(|| {
            format!(
                "is \"{value}\", which is not one of {}",
                words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ")
            )
        }),
        Value::Bool => (!matches!(value, "true" | "false" | "1" | "0"))
            .then(|| format!("is \"{value}\", not true or false")),
        Value::Decimal(lo, hi) => match decimal(value) {
            Some(v) if v >= lo && v <= hi => None,
            Some(_) => Some(format!("is {value}, outside {lo} to {hi}")),
            None => Some(format!("is \"{value}\", not a decimal number")),
        },
        Value::Id => (!is_ncname(value))
            .then(|| format!("is \"{value}\", not an XML identifier (letters, digits, `-`, `_` and `.`, starting with a letter or `_`)")),
        Value::Iri => (!is_iri(value))
            .then(|| format!("is \"{value}\", not a full IRI (a scheme such as `urn:` or `https:` first)")),
        Value::Count => (value.trim().parse::<u64>().is_err())
            .then(|| format!("is \"{value}\", not a whole number")),
    }
}

/// A decimal as `xs:decimal` writes it: digits with an optional point, no exponent.
pub fn decimal(value: &str) -> Option<f64> {
    let v = value.trim();
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    if ok { v.parse().ok() } else { None }
}

pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn is_iri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    matches!(sc.next(), Some(c) if c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.is_empty()
        && !rest.chars().any(char::is_whitespace)
}

/// Checks `root` and everything below it against `models`; `known` are the namespaces the
/// models speak for, in which an element without a model is not allowed.
pub fn check(root: &Element, models: &[Model], known: &[&str], found: &mut Found) {
    let mut all = Vec::new();
    root.walk(&mut all);
    for el in all {
        if let Some(by) = &el.misbound_xml_ns {
            found.schema(
                el,
                format!(
                    "{} binds the xml namespace to `{by}`: only the prefix `xml` may name it, never the default namespace",
                    show(el)
                ),
                "remove the xmlns declaration; write the attribute as xml:lang, which needs no declaration",
            );
        }
        check_attrs(
            el,
            models.iter().find(|m| m.ns == el.ns && m.local == el.local),
            found,
        );
        if let Some(model) = models.iter().find(|m| m.ns == el.ns && m.local == el.local) {
            check_children(el, model, models, known, found);
            if model.children.is_empty()
                && let Some(problem) = value_problem(el.text.trim(), model.text)
            {
                found.schema(el, format!("the text of {} {problem}", show(el)), "");
            }
        }
    }
}

fn check_attrs(el: &Element, model: Option<&Model>, found: &mut Found) {
    for attr in &el.attrs {
        let rule = if attr.ns.is_empty() {
            match model {
                Some(model) => match model.attrs.iter().find(|r| r.local == attr.local) {
                    Some(r) => Some(r),
                    None => {
                        found.schema(
                            el,
                            format!("{} has no attribute `{}`", show(el), attr.qname),
                            "",
                        );
                        continue;
                    }
                },
                None => None,
            }
        } else {
            let global = GLOBAL_ATTRS
                .iter()
                .find(|r| r.ns == attr.ns && r.local == attr.local);
            if global.is_none() && CLOSED_ATTR_NAMESPACES.contains(&attr.ns.as_str()) {
                let like = GLOBAL_ATTRS
                    .iter()
                    .find(|r| r.ns == attr.ns && r.local.eq_ignore_ascii_case(&attr.local));
                found.schema(
                    el,
                    format!("`{}` is no attribute of its namespace", attr.qname),
                    &match like {
                        Some(r) => format!(
                            "names are case-sensitive: this standard spells it `{}`",
                            attr.qname.replace(&attr.local, r.local)
                        ),
                        None => String::new(),
                    },
                );
                continue;
            }
            global
        };
        if let Some(rule) = rule
            && let Some(problem) = value_problem(&attr.value, rule.value)
        {
            found.schema(
                el,
                format!("`{}` on {} {problem}", attr.qname, show(el)),
                "",
            );
        }
    }
    if let Some(model) = model {
        for rule in model.attrs.iter().filter(|r| r.required) {
            if el.attr(rule.local).is_none() {
                found.schema(
                    el,
                    format!(
                        "{} has no `{}` attribute, which is required",
                        show(el),
                        rule.local
                    ),
                    "",
                );
            }
        }
    }
}

fn check_children(
    el: &Element,
    model: &Model,
    models: &[Model],
    known: &[&str],
    found: &mut Found,
) {
    let mut counts = vec![0u32; model.children.len()];
    let mut at = 0usize;
    let mut first_other: Option<&Element> = None;
    for child in &el.children {
        let slot = model
            .children
            .iter()
            .position(|p| p.ns == child.ns && p.names.contains(&child.local.as_str()));
        match slot {
            Some(j) => {
                if let Some(other) = first_other {
                    counts[j] += 1;
                    found.schema(
                        child,
                        format!(
                            "{} must come before {} in {}",
                            show(child),
                            show(other),
                            show(el)
                        ),
                        "move it up: the schema fixes the order of the children",
                    );
                } else if j < at {
                    counts[j] += 1;
                    let later = model.children[at].names[0];
                    found.schema(
                        child,
                        format!(
                            "{} must come before <{}> in {}",
                            show(child),
                            prefixed(child, later),
                            show(el)
                        ),
                        "the schema fixes the order of the children",
                    );
                } else {
                    at = j;
                    counts[j] += 1;
                    if counts[j] > model.children[j].max {
                        found.schema(
                            child,
                            format!("{} may appear only once in {}", show(child), show(el)),
                            "",
                        );
                    }
                }
            }
            None if child.ns != model.ns && model.other => {
                first_other.get_or_insert(child);
                // An element of a namespace the rules speak for must be one they know.
                if known.contains(&child.ns.as_str())
                    && !models
                        .iter()
                        .any(|m| m.ns == child.ns && m.local == child.local)
                    && !(child.ns == MD12
                        || child.ns == ADLSEQ
                        || child.ns == ADLCP
                        || child.ns == ADLCP12)
                {
                    found.schema(
                        child,
                        format!("{} is not allowed in {}", show(child), show(el)),
                        "",
                    );
                }
            }
            None => {
                found.schema(
                    child,
                    format!("{} is not allowed in {}", show(child), show(el)),
                    &if known.contains(&child.ns.as_str()) || child.ns.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "its namespace `{}` is not the one of {}",
                            child.ns,
                            show(el)
                        )
                    },
                );
            }
        }
    }
    for (j, particle) in model.children.iter().enumerate() {
        if counts[j] < particle.min {
            let name = particle
                .names
                .iter()
                .map(|n| format!("<{}>", prefixed(el, n)))
                .collect::<Vec<_>>()
                .join(" or ");
            found.schema(
                el,
                format!("{} has no {name}, which is required", show(el)),
                "",
            );
        }
    }
}

/// `local` with the prefix `like` was written with, for names of the same namespace.
fn prefixed(like: &Element, local: &str) -> String {
    match like.qname.split_once(':') {
        Some((prefix, _)) => format!("{prefix}:{local}"),
        None => local.to_owned(),
    }
}
