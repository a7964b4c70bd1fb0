//! What real LMSs do with leskit's packages, and the settings to choose in each: the one owner of
//! the facts docs/lms-guide.md gives per LMS. The guide's tables for these LMSs ("Which target to
//! choose" and each LMS's settings) are checked against [`LMSS`] by `tests/docs.rs`, `leskit
//! describe` and the report beside each package print them, the build's warning (W0402) and
//! `leskit inspect`'s (W0505) take the first-SCO-only fact from here.

/// The LMSs known to launch only the first SCO of a package, so that its other SCOs cannot be
/// reached there.
pub const FIRST_SCO_ONLY: &str = "Open edX";

/// What to do instead, for an author or a training department.
pub const FIRST_SCO_ONLY_ADVICE: &str = "for Open edX, and any LMS that launches only a package's first SCO, upload a package per module instead";

/// W0402's words, for `what` such as "the course `x` becomes a scorm12 package of 6 SCOs": the
/// build and `leskit describe` say it alike.
pub fn first_sco_only_message(what: &str) -> String {
    format!(
        "{what}: {FIRST_SCO_ONLY} launches only the first, so its other modules cannot be reached there and passing the first passes the course"
    )
}

/// One LMS our users have, as the guide describes it.
#[derive(Debug)]
pub struct Lms {
    pub name: &'static str,
    /// The targets to choose, best first, by their names (`scorm12`, …).
    pub targets: &'static [&'static str],
    /// The guide's "choose" column, in words.
    pub choose: &'static str,
    /// Why.
    pub why: &'static str,
    /// Where the package is added, in the LMS's own menu words.
    pub upload: &'static str,
    /// The settings that matter, in the order the LMS shows them.
    pub settings: &'static [Setting],
    /// The LMS whose SCORM player it shares, and so its settings.
    pub shares: Option<&'static str>,
    /// What to do with a course: one course package or a package per module.
    pub course: &'static str,
    /// Whether it launches only the first SCO of a package ([`FIRST_SCO_ONLY`]).
    pub first_sco_only: bool,
}

/// One setting of an LMS and its value for a leskit package.
#[derive(Debug)]
pub struct Setting {
    pub setting: &'static str,
    pub value: Value,
    pub why: &'static str,
}

/// A setting's value: one for every package, or one for a module with points to score and one
/// for a module without.
#[derive(Debug, Clone, Copy)]
pub enum Value {
    Always(&'static str),
    ByScore {
        scored: &'static str,
        unscored: &'static str,
    },
}

impl Value {
    /// The value for a package that is scored or not; `None`: not known (the guide's words).
    pub fn for_package(self, scored: Option<bool>) -> String {
        match (self, scored) {
            (Value::Always(v), _) => v.to_owned(),
            (Value::ByScore { scored, .. }, Some(true)) => scored.to_owned(),
            (Value::ByScore { unscored, .. }, Some(false)) => unscored.to_owned(),
            (Value::ByScore { .. }, None) => self.guide(),
        }
    }

    /// As the guide's table says it, in Markdown.
    pub fn guide(self) -> String {
        match self {
            Value::Always(v) => v.to_owned(),
            Value::ByScore { scored, unscored } => {
                format!("{scored} (module with a quiz) or {unscored} (without)")
            }
        }
    }
}

const MOODLE_SETTINGS: &[Setting] = &[
    Setting {
        setting: "Appearance → Display package",
        value: Value::Always("*Current window*"),
        why: "Works on phones; the module has its own contents and navigation.",
    },
    Setting {
        setting: "Appearance → Display course structure in player",
        value: Value::Always("*Hidden* (or *Disabled*)"),
        why: "A leskit package is one learning object with its own navigation.",
    },
    Setting {
        setting: "Appearance → Student skip content structure page",
        value: Value::Always("*Always*"),
        why: "Learners go straight into the module.",
    },
    Setting {
        setting: "Grade → Grading method",
        value: Value::Always("*Highest grade*"),
        why: "The module reports its score on 0–100.",
    },
    Setting {
        setting: "Grade → Maximum grade",
        value: Value::Always("100"),
        why: "The reported score is already a percentage.",
    },
    Setting {
        setting: "Attempts management → Number of attempts",
        value: Value::Always("*Unlimited*, or as your policy says"),
        why: "The module has its own retry for failed quizzes within an attempt.",
    },
    Setting {
        setting: "Attempts management → Force new attempt",
        value: Value::Always("*No*"),
        why: "A learner who comes back resumes where they were.",
    },
    Setting {
        setting: "Compatibility → Mastery score overrides status",
        value: Value::Always("*Yes*"),
        why: "Moodle then agrees with the package: leskit reports passed/failed from the same pass mark.",
    },
    Setting {
        setting: "Compatibility → Force completed",
        value: Value::Always("*No*"),
        why: "The package reports completion itself.",
    },
    Setting {
        setting: "Compatibility → Auto-commit",
        value: Value::Always("*No*"),
        why: "The package commits after every page and answer.",
    },
    Setting {
        setting: "Activity completion",
        value: Value::ByScore {
            scored: "*Require status: Passed*",
            unscored: "*Completed*",
        },
        why: "Otherwise the activity stays incomplete although the SCORM report shows the result.",
    },
];

const MOODLE_WHY: &str = "Both run 1.2 fully. Their 2004 support stores the data but ignores most sequencing, and 1.2 gives the same score, status, answers and resume.";
const MOODLE_UPLOAD: &str = "Add an activity → *SCORM package*, and upload the zip.";
const MOODLE_COURSE: &str = "one package per module, SCORM 1.2, with Moodle's own course tools: Moodle ignores most 2004 sequencing, so learners could open any module and the course's result is not rolled up as the rules say";

/// The LMSs the guide gives settings for, in its order.
pub const LMSS: &[Lms] = &[
    Lms {
        name: "Moodle",
        targets: &["scorm12"],
        choose: "SCORM 1.2",
        why: MOODLE_WHY,
        upload: MOODLE_UPLOAD,
        settings: MOODLE_SETTINGS,
        shares: None,
        course: MOODLE_COURSE,
        first_sco_only: false,
    },
    Lms {
        name: "Totara",
        targets: &["scorm12"],
        choose: "SCORM 1.2",
        why: MOODLE_WHY,
        upload: MOODLE_UPLOAD,
        settings: MOODLE_SETTINGS,
        shares: Some("Moodle"),
        course: MOODLE_COURSE,
        first_sco_only: false,
    },
    Lms {
        name: "Brightspace",
        targets: &["scorm2004", "scorm12"],
        choose: "SCORM 2004 or 1.2",
        why: "Both work; 2004 shows completion and pass/fail apart.",
        upload: "Content → *Upload / Create* → *Add SCORM/xAPI object* (older versions: *Import SCORM package*).",
        settings: &[
            Setting {
                setting: "Grade item",
                value: Value::Always("link the object to a grade item"),
                why: "Brightspace grades only when a package reports `score.max` above 0, which leskit always does (100).",
            },
            Setting {
                setting: "Completion tracking",
                value: Value::Always("\"completed\" (2004) or the status (1.2)"),
                why: "The package reports completion itself.",
            },
            Setting {
                setting: "Display",
                value: Value::Always("*same window*"),
                why: "Unless your Brightspace theme blocks embedded content.",
            },
        ],
        shares: None,
        course: "test a SCORM 2004 course package first (see \"Testing a course package\"); if a step fails, upload a package per module",
        first_sco_only: false,
    },
    Lms {
        name: "Canvas",
        targets: &["scorm12"],
        choose: "SCORM 1.2",
        why: "The SCORM app handles 1.2 most predictably; use 2004 only after a test upload.",
        upload: "*SCORM* in the course navigation (the SCORM app, enabled by your administrator): upload the zip there.",
        settings: &[
            Setting {
                setting: "Publish",
                value: Value::Always("as an assignment"),
                why: "To receive the score in the gradebook.",
            },
            Setting {
                setting: "Assignment → Points",
                value: Value::Always("100"),
                why: "The reported score is already a percentage.",
            },
            Setting {
                setting: "Display",
                value: Value::Always("embedded; a new window if the package shows a blank area"),
                why: "Some Canvas set-ups restrict embedded frames.",
            },
        ],
        shares: None,
        course: "one package per module; or one SCORM 1.2 course package if a single upload matters more than the order (1.2 has no sequencing: each module reports its own status)",
        first_sco_only: false,
    },
    Lms {
        name: "itslearning",
        targets: &["scorm12"],
        choose: "SCORM 1.2",
        why: "Widest support.",
        upload: "Add → *Learning material* → *SCORM/AICC package* (names vary by version), and upload the zip.",
        settings: &[
            Setting {
                setting: "Assessment",
                value: Value::Always("*assessment by score*"),
                why: "To see the percentage.",
            },
            Setting {
                setting: "Display",
                value: Value::Always("*show in the same window*"),
                why: "The module has its own contents and navigation.",
            },
        ],
        shares: None,
        course: "one package per module; or one SCORM 1.2 course package if a single upload matters more than the order (1.2 has no sequencing: each module reports its own status)",
        first_sco_only: false,
    },
    Lms {
        name: "Open edX",
        targets: &["scorm12", "scorm2004"],
        choose: "SCORM 1.2 or 2004",
        why: "Through the SCORM XBlock; both report completion and score.",
        upload: "Add a *SCORM* component (the SCORM XBlock, installed by your administrator) to a unit, and upload the zip.",
        settings: &[
            Setting {
                setting: "Weight, *has score*",
                value: Value::Always("a weight, and *has score* on"),
                why: "Sends the result to the gradebook.",
            },
            Setting {
                setting: "Display",
                value: Value::Always("popup or embedded, as your platform allows"),
                why: "The XBlock reads completion and score from the package either way.",
            },
        ],
        shares: None,
        course: "one package per module: Open edX launches only the first SCO of a package, so the other modules and the final test cannot be reached and passing the first module passes the course",
        first_sco_only: true,
    },
];

/// The settings of `lms` as the guide's Markdown table.
pub fn settings_table(lms: &Lms) -> String {
    let mut t = String::from("| setting | value | why |\n|---|---|---|\n");
    for s in lms.settings {
        t.push_str(&format!(
            "| {} | {} | {} |\n",
            s.setting,
            s.value.guide(),
            s.why
        ));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sco_only_names_the_lmss_marked_so() {
        let marked: Vec<&str> = LMSS
            .iter()
            .filter(|l| l.first_sco_only)
            .map(|l| l.name)
            .collect();
        assert_eq!(marked.join(", "), FIRST_SCO_ONLY);
    }

    #[test]
    fn every_lms_chooses_known_targets() {
        for l in LMSS {
            assert!(!l.targets.is_empty(), "{}", l.name);
            for t in l.targets {
                assert!(
                    super::super::Target::from_name(t).is_some(),
                    "{}: {t}",
                    l.name
                );
            }
        }
    }
}
