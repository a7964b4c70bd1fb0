//! A module's saved state must fit what each target's run-time keeps (E0310): SCORM 1.2 keeps
//! 4,096 characters of `cmi.suspend_data`, SCORM 2004 64,000. A longer state is cut off or refused
//! by the LMS, and the learner's progress is lost. The figure is the worst case
//! ([`policy::worst_case_state`]), so a module that passes can never overflow.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Module, Pos, Project};
use crate::policy::{self, StateStore};

/// Checks `m` (the module of `file`, or a course's final test, reported at `pos`) against every
/// store in `stores` that has a limit.
pub fn check_saved_state(
    project: &Project,
    m: &Module,
    file: &Path,
    pos: Pos,
    stores: &[StateStore],
    out: &mut Diagnostics,
) {
    for store in stores {
        let Some(limit) = store.limit else { continue };
        let worst = policy::worst_case_state(project, m, *store);
        if worst <= limit {
            continue;
        }
        // A larger store that would take the module is the other way out.
        let other = StateStore::SCORM2004;
        let larger = match other.limit {
            Some(l) if l > limit && worst <= l => format!(
                ", or build it for {} (`--target scorm2004`, or `targets` in leskit.toml), which keeps {l} characters",
                other.name
            ),
            _ => String::new(),
        };
        out.push(
            Diagnostic::error(
                "E0310",
                format!(
                    "the saved progress of `{}` can grow to {worst} characters, more than the {limit} {} keeps",
                    m.id.value, store.name
                ),
            )
            .at(file, pos)
            .hint(format!(
                "split the module into smaller ones (fewer questions, pages or scenario steps){larger}"
            )),
        );
    }
}
