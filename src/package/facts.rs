//! What the manifests say, gathered once: the facts of a module ([`ManifestFacts`]) and of a
//! course ([`CourseFacts`], a SCO per module). Every format writes its manifest from these alone.

use serde::{Deserialize, Serialize};

use crate::model::{Course, Loaded, Module, Project};
use crate::render::{self, Site};

/// What every manifest says about a module.
pub(crate) struct ManifestFacts<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub version: &'a str,
    pub keywords: Vec<&'a str>,
    pub duration_minutes: Option<u32>,
    /// The pass mark in percent, only for a module with points to score.
    pub pass_mark: Option<i64>,
    /// Every file of the package but the manifest and schemas, sorted; the launch page first.
    pub files: Vec<&'a str>,
}

impl<'a> ManifestFacts<'a> {
    pub fn of(project: &'a Project, m: &'a Module, site: &'a Site) -> Self {
        let mut files: Vec<&str> = site
            .keys()
            .map(String::as_str)
            .filter(|f| *f != render::LAUNCH_FILE)
            .collect();
        files.insert(0, render::LAUNCH_FILE);
        ManifestFacts {
            id: &m.id,
            title: &m.title,
            description: m.description.as_ref().map(|d| d.value.as_str()),
            language: &m.language,
            version: &m.version,
            keywords: m.keywords.iter().map(|k| k.value.as_str()).collect(),
            duration_minutes: m.duration_minutes.as_ref().map(|d| d.value),
            pass_mark: crate::policy::scored(project, m).then_some(m.pass_mark.value),
            files,
        }
    }

    /// The manifest's identifier: `<id>-manifest`.
    pub fn manifest_id(&self) -> String {
        format!("{}-manifest", self.id)
    }
    /// A module package's organization: `<id>-org`.
    pub fn org(&self) -> String {
        format!("{}-org", self.id)
    }
    /// A module package's one item: `<id>-item`.
    pub fn item(&self) -> String {
        format!("{}-item", self.id)
    }
    /// A module package's one SCO resource: `<id>-sco`.
    pub fn resource(&self) -> String {
        format!("{}-sco", self.id)
    }
    /// SCORM 2004: the primary objective of a scored module, satisfied by its score.
    pub fn passed_objective(&self) -> String {
        format!("{}-passed", self.id)
    }
}

/// What every course manifest says.
pub(crate) struct CourseFacts<'a> {
    /// The course as written, for a format that shows it (the web export's course page).
    pub course: &'a Course,
    /// The course itself, for the metadata (its `files` and `pass_mark` are unused).
    pub meta: ManifestFacts<'a>,
    pub scos: Vec<ScoFacts>,
    /// Whether the last SCO is the final test, whose result is the course's.
    pub has_final_test: bool,
    /// The sources the course's modules are based on, each once, as each asks to be named (for
    /// the web export's course page).
    pub sources_html: Vec<String>,
}

/// One SCO of a course package.
pub(crate) struct ScoFacts {
    /// The module id, or the final test's quiz id.
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// The pass mark in percent, only for a SCO with points to score.
    pub pass_mark: Option<i64>,
    /// The SCOs (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// `after` without the SCOs that another one in `after` waits for already, directly or not:
    /// the same order in an LMS that keeps to it, in fewer words.
    pub after_direct: Vec<String>,
    /// Its files in the package, sorted; the launch page first.
    pub files: Vec<String>,
    /// The module's `duration_minutes`, for the web export's course page.
    pub duration_minutes: Option<u32>,
}

impl CourseFacts<'_> {
    pub fn org(&self) -> String {
        format!("{}-org", self.meta.id)
    }
    pub fn item(&self, sco: &str) -> String {
        item_id(self.meta.id, sco)
    }
    pub fn resource(&self, sco: &str) -> String {
        format!("{}-{sco}-sco", self.meta.id)
    }
    /// The shared (global) objective a SCO writes: satisfied once the SCO is done.
    pub fn done(&self, sco: &str) -> String {
        format!("{}-{sco}-done", self.meta.id)
    }
}

/// The SCORM identifiers of a module's package: the manifest's and organization's, and its
/// item's and resource's (and in SCORM 2004 the primary objective of a scored module).
pub(crate) fn scorm_module_ids(
    m: &ManifestFacts<'_>,
    objectives: bool,
) -> (Identifiers, Identifiers) {
    (
        Identifiers {
            manifest: Some(m.manifest_id()),
            organization: Some(m.org()),
            ..Identifiers::default()
        },
        Identifiers {
            item: Some(m.item()),
            resource: Some(m.resource()),
            objectives: if objectives && m.pass_mark.is_some() {
                vec![m.passed_objective()]
            } else {
                Vec::new()
            },
            ..Identifiers::default()
        },
    )
}

/// The SCORM identifiers of a course's package, and of each SCO (in SCORM 2004 with the shared
/// objective it writes).
pub(crate) fn scorm_course_ids(
    c: &CourseFacts<'_>,
    objectives: bool,
) -> (Identifiers, Vec<Identifiers>) {
    (
        Identifiers {
            manifest: Some(c.meta.manifest_id()),
            organization: Some(c.org()),
            ..Identifiers::default()
        },
        c.scos
            .iter()
            .map(|sco| Identifiers {
                item: Some(c.item(&sco.id)),
                resource: Some(c.resource(&sco.id)),
                objectives: if objectives {
                    vec![c.done(&sco.id)]
                } else {
                    Vec::new()
                },
                ..Identifiers::default()
            })
            .collect(),
    )
}

/// The identifier of a SCO's item in the course's organization: `<course>-<sco>-item`.
pub(crate) fn item_id(course_id: &str, sco: &str) -> String {
    format!("{course_id}-{sco}-item")
}

/// One SCO of a course package where the course's plan puts it, before anything is rendered:
/// what a format can check early ([`super::format::Format::course_limits`]).
pub(crate) struct PlannedSco<'a> {
    pub module: &'a Loaded<Module>,
    /// The SCOs (ids) that must be done before this one opens.
    pub after: Vec<String>,
    /// `after` without the SCOs that another one in `after` waits for already, directly or not.
    pub after_direct: Vec<String>,
    /// Whether this is the course's final test (the last SCO).
    pub final_test: bool,
}

/// A pass mark in percent as a decimal from 0 to 1 in its shortest form (`80` → `0.8`): SCORM
/// 2004's minimum normalized measure and cmi5's masteryScore.
pub(crate) fn normalized(percent: i64) -> String {
    let p = percent.clamp(0, 100);
    match p {
        100 => "1".to_owned(),
        0 => "0".to_owned(),
        p if p % 10 == 0 => format!("0.{}", p / 10),
        p => format!("0.{p:02}"),
    }
}

/// Where every package keeps its facts record ([`PackageFacts`]).
pub const FACTS_FILE: &str = "leskit/facts.json";

/// Whether a package's entry is one its manifest leaves out on purpose: the facts record is for
/// tools that read the zip (docs/facts.md), not a file the SCO uses, so the manifest (written
/// before the record is added) does not list it and the record changes no other byte of the
/// package. An LMS that imports only the files listed leaves it out too, which harms nothing.
pub fn unlisted_on_purpose(entry: &str) -> bool {
    entry == FACTS_FILE
}

/// The version of the facts record's format: new fields keep it, a change in what a field means
/// (or a field removed or renamed) raises it. docs/facts.md describes every field.
pub const FACTS_FORMAT: u32 = 1;

/// The facts of one package, written into it as [`FACTS_FILE`]: what the package is, what it
/// tells the LMS, and every id the LMS and the saved state key a learner's records by. Built from
/// the rules' owners only (the manifests' facts above, `policy`), so `leskit describe` and
/// `leskit diff` read what the package does instead of working it out again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageFacts {
    /// [`FACTS_FORMAT`] of the leskit that wrote it.
    pub leskit_facts: u32,
    /// The leskit that wrote it: `leskit <version>`.
    pub generator: String,
    /// `module` or `course`.
    pub kind: String,
    pub id: String,
    pub title: String,
    pub version: String,
    pub language: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The typical learning time in minutes; for a course the sum of its modules'.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// The target as the command line names it: `scorm12`, `scorm2004`, `cmi5`, `html`.
    pub target: String,
    /// The standard in words: `SCORM 1.2`, `SCORM 2004 4th edition`, `cmi5`, `web export`.
    pub standard: String,
    /// The manifest at the package's root (`imsmanifest.xml`, `cmi5.xml`); none in the web export.
    #[serde(default)]
    pub manifest: Option<String>,
    /// The file the package opens with.
    pub launch: String,
    /// The package's own identifiers, as its manifest writes them.
    #[serde(default)]
    pub identifiers: Identifiers,
    /// Whether the package holds several SCOs (a SCORM course): some LMSs launch only the first.
    pub multi_sco: bool,
    /// The course's hand-out at the package's root (a module's is its unit's).
    #[serde(default)]
    pub handout: Option<String>,
    /// A course's final test (its quiz id): the last unit, whose result is the course's.
    #[serde(default)]
    pub final_test: Option<String>,
    /// What the LMS launches: the module, or each SCO (AU) of a course in order.
    pub units: Vec<UnitFacts>,
}

/// The identifiers of a package or of one of its units that the LMS keeps a learner's records
/// under. Only those the format has are written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Identifiers {
    /// SCORM: the manifest's `identifier`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// SCORM: the organization's `identifier`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    /// SCORM: the item's `identifier` (the records of an attempt are the item's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// SCORM: the SCO resource's `identifier`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// SCORM 2004: the objectives the LMS keeps per learner (a module's primary objective; a
    /// course SCO's shared objective).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    /// cmi5: the course structure's `course` id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course: Option<String>,
    /// cmi5: the AU's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub au: Option<String>,
}

/// One unit the LMS launches: the module of a module package, a SCO (AU) of a course.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitFacts {
    /// The module id, or the final test's quiz id.
    pub id: String,
    pub title: String,
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Its launch page in the package.
    pub launch: String,
    #[serde(default)]
    pub identifiers: Identifiers,
    /// Whether this is a course's final test.
    #[serde(default)]
    pub final_test: bool,
    /// In a course: the units (ids) that must be done before this one opens.
    #[serde(default)]
    pub after: Vec<String>,
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Whether it has points to score; otherwise reading it completes it.
    pub scored: bool,
    /// The pass mark in percent, for a scored unit.
    #[serde(default)]
    pub pass_mark: Option<i64>,
    pub allow_retry: bool,
    /// Most attempts at its quizzes.
    pub attempts: u32,
    /// How it reports completion and success to the LMS.
    pub reporting: Reporting,
    pub saved_state: SavedState,
    /// Its hand-out for printing, in the package; none for a course's final test.
    #[serde(default)]
    pub handout: Option<String>,
    /// The proof of participation the learner can print once done.
    pub proof: Proof,
    pub pages: Vec<PageFacts>,
    /// Its quizzes in id order, each once.
    pub quizzes: Vec<QuizFacts>,
}

/// How a unit's completion and success reach the LMS.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reporting {
    /// What says the unit is completed.
    pub completion: String,
    /// What says it is passed or failed; none for a unit without points.
    #[serde(default)]
    pub success: Option<String>,
    /// Where the score goes; none for a unit without points.
    #[serde(default)]
    pub score: Option<String>,
    /// The pass mark as the manifest declares it (`adlcp:masteryscore 80`,
    /// `imsss:minNormalizedMeasure 0.8`, `masteryScore 0.8`).
    #[serde(default)]
    pub mastery: Option<String>,
    /// cmi5: the AU's moveOn.
    #[serde(default)]
    pub move_on: Option<String>,
}

/// A unit's saved state (where the learner was, the answers given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedState {
    /// Where the run-time keeps it.
    pub kept_in: String,
    /// Whether a new version of the package starts with an empty saved state whatever changed
    /// (the web export keeps it in the browser per module version).
    pub per_version: bool,
    /// The most characters the run-time keeps; none where leskit knows no limit.
    #[serde(default)]
    pub limit: Option<usize>,
    /// The longest state the unit can save (`leskit check` refuses one over the limit).
    pub worst_case: usize,
}

/// The proof of participation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Proof {
    /// Offered once the unit is done.
    pub offered: bool,
    /// The organisation it names (`organisation` in leskit.toml).
    #[serde(default)]
    pub organisation: Option<String>,
}

/// One page. A resumed session knows a page as seen by its id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageFacts {
    pub id: String,
    pub title: String,
    /// A fingerprint of the page's body and blocks as written ([`fingerprint`]): it changes
    /// when its text does.
    pub text: String,
}

/// One quiz of a unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuizFacts {
    pub id: String,
    pub title: String,
    pub questions: Vec<QuestionFacts>,
}

/// One question, as the LMS and the saved state see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionFacts {
    pub id: String,
    /// What the saved state keys its answer by: `<quiz>.<question>`.
    pub key: String,
    /// What the saved answer is tied to besides the key ([`crate::policy::answer_shape`]).
    pub shape: String,
    /// `single`, `multiple`, `true-false`, `branching`.
    pub kind: String,
    /// The interaction id the LMS records the first attempt's answer under.
    pub interaction: String,
    /// Its points: the interaction's weighting.
    pub weighting: u32,
    /// `partial` or `all-or-nothing` for a `multiple` question.
    #[serde(default)]
    pub scoring: Option<String>,
    /// The prompt as written.
    pub prompt: String,
    /// A true-false question's right answer.
    #[serde(default)]
    pub answer: Option<bool>,
    #[serde(default)]
    pub options: Vec<OptionFacts>,
    /// A scenario's first step.
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub steps: Vec<StepFacts>,
    #[serde(default)]
    pub endings: Vec<EndingFacts>,
}

/// An option of a `single` or `multiple` question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionFacts {
    pub id: String,
    /// As written.
    pub text: String,
    pub correct: bool,
}

/// A decision of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepFacts {
    pub id: String,
    pub text: String,
    /// The interaction id the LMS records the first attempt's decision under (weighting 0).
    pub interaction: String,
    pub choices: Vec<ChoiceFacts>,
}

/// A choice at a scenario's step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChoiceFacts {
    pub id: String,
    pub text: String,
    /// The step or ending it leads to.
    pub next: String,
}

/// An ending of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndingFacts {
    pub id: String,
    /// `good`, `partial`, `poor`.
    pub outcome: String,
    pub points: u32,
}

impl PackageFacts {
    /// The record as [`FACTS_FILE`] holds it: pretty JSON in the fields' order, ending in a
    /// newline. The same facts give the same bytes.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).expect("facts serialise");
        out.push(b'\n');
        out
    }

    /// Reads a record; an error (in words) when it is not one leskit can read.
    pub fn from_json(bytes: &[u8]) -> std::result::Result<PackageFacts, String> {
        #[derive(Deserialize)]
        struct Head {
            leskit_facts: u32,
        }
        let head: Head = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        if head.leskit_facts > FACTS_FORMAT {
            return Err(format!(
                "its facts are of format {}, newer than this leskit reads ({FACTS_FORMAT})",
                head.leskit_facts
            ));
        }
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }
}

/// The leskit that writes a record: `leskit <version>`.
pub(crate) fn generator() -> String {
    format!("leskit {}", env!("CARGO_PKG_VERSION"))
}

/// A short fingerprint of some text: FNV-1a, 64 bits, in hexadecimal.
pub fn fingerprint(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Where a run-time keeps a unit's saved state.
pub(crate) struct StateKeeping {
    /// In words: `cmi.suspend_data`.
    pub kept_in: &'static str,
    /// Whether each version of a package starts with an empty one.
    pub per_version: bool,
}
