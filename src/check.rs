//! Loading and validating a project in one step, as `check`, `build` and `preview` all need.

use std::path::Path;

use crate::diag::Diagnostics;
use crate::error::Result;
use crate::load::{self, SourceTexts};
use crate::model::Project;
use crate::package::{self, Target};
use crate::validate::{self, Context};

/// A loaded and checked project.
#[derive(Debug)]
pub struct Checked {
    pub project: Project,
    pub diagnostics: Diagnostics,
    pub texts: SourceTexts,
}

/// Loads the project in `root` and validates it; `today` is days since 1970-01-01.
pub fn check_project(root: &Path, today: i64) -> Result<Checked> {
    let loaded = load::load_project(root)?;
    let failed = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.clone())
        .collect();
    let cx = Context { today, failed };
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(
        validate::validate(&loaded.project, &cx)
            .into_iter()
            .filter(|d| !loaded.stand_ins.covers(d)),
    );
    loaded.texts.place_inside_texts(&mut diagnostics);
    Ok(Checked {
        project: loaded.project,
        diagnostics,
        texts: loaded.texts,
    })
}

/// Adds the problems only the targets decide: every module's saved progress, and every course's
/// final test's, must fit what each target's run-time keeps (E0310), and every course's manifest
/// what its format can say (E0407, [`package::course_limits`]). `check` passes the targets
/// `build` would build (`build.targets` in leskit.toml, else SCORM 1.2), `build` its own.
pub fn check_targets(checked: &mut Checked, targets: &[Target]) {
    let stores: Vec<_> = targets.iter().map(|t| t.runtime().state_store).collect();
    let project = &checked.project;
    let out = &mut checked.diagnostics;
    for m in &project.modules {
        validate::check_saved_state(project, &m.value, &m.path, m.value.id.pos, &stores, out);
    }
    for c in &project.courses {
        if let (Some(test), Some(at)) = (
            package::final_test_module(project, &c.value),
            c.value.rules.final_test.as_ref(),
        ) {
            validate::check_saved_state(project, &test.value, &c.path, at.pos, &stores, out);
        }
        for target in targets {
            out.extend(package::course_limits(project, c, *target));
        }
    }
}

/// Today as days since 1970-01-01: from `SOURCE_DATE_EPOCH` when set (reproducible builds and
/// tests), else the system clock.
pub fn today() -> i64 {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    secs.div_euclid(86_400)
}
