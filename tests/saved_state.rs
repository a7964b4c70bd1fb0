//! The saved progress of a module must fit what the target's run-time keeps (E0310): a generated
//! module just over SCORM 1.2's 4,096 characters of suspend_data fails `check` and `build`, one
//! just under passes, and the same module builds for SCORM 2004.
//!
//! The figures follow the page's encoding (`core.encodeState`): a module of one page and one quiz
//! of `n` single-choice questions saves at most `10 + 7n + len36(99n)` characters (the last
//! attempt, every page seen, every answer given, every interaction of 99 attempts counted), so 583
//! questions can reach 4,095 characters and 584 questions 4,102. The JavaScript unit tests check
//! the worst case the same code computes against the page's own encoder.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo, stderr};

use std::fmt::Write;

/// The valid base project of the check fixtures, with a module `groot` of one page showing a quiz
/// of `questions` single-choice questions (in cases of 100, the most a case may hold).
fn project(questions: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/check/base"), dir.path());
    let module = "id: groot\ntitle: Groot\nversion: 1.0.0\nsource: bron\nreviewed: { date: 2026-06-01, by: Test }\npages:\n  - id: vragen\n    title: Vragen\n    blocks:\n      - quiz: groot-quiz\n";
    std::fs::write(dir.path().join("modules/groot.yaml"), module).unwrap();
    let mut quiz = String::from("id: groot-quiz\ntitle: Veel vragen\ncases:\n");
    for case in 0..questions.div_ceil(100) {
        write!(
            quiz,
            "  - id: casus-{case}\n    title: Casus {case}\n    text: Een situatie.\n    questions:\n"
        )
        .unwrap();
        for n in case * 100..questions.min(case * 100 + 100) {
            write!(
                quiz,
                "      - id: vraag-{n}\n        kind: single\n        prompt: Wat doe je?\n        options:\n          - {{ id: a, text: Goed, correct: true }}\n          - {{ id: b, text: Fout }}\n"
            )
            .unwrap();
        }
    }
    std::fs::write(dir.path().join("quizzes/groot-quiz.yaml"), quiz).unwrap();
    dir
}

#[test]
fn a_module_just_under_the_scorm12_bound_passes_check() {
    let dir = project(583);
    let o = leskit(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("E0310"), "{}", stderr(&o));
}

#[test]
fn a_module_over_the_scorm12_bound_fails_check_and_build_with_the_figure() {
    let dir = project(584);
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error[E0310]: the saved progress of `groot` can grow to 4102 characters, more than the 4096 SCORM 1.2 keeps"
        ),
        "{err}"
    );
    assert!(err.contains("modules/groot.yaml:1:5"), "{err}");
    assert!(
        err.contains("split the module") && err.contains("SCORM 2004 (`--target scorm2004`"),
        "the hint says what to do: {err}"
    );
    // JSON output carries it too.
    let o = leskit(dir.path(), &["check", "--message-format", "json"]);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("\"E0310\""),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // `build` checks the targets it builds: nothing is written for SCORM 1.2.
    let o = leskit(dir.path(), &["build", "--target", "scorm12,html"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0310"), "{}", stderr(&o));
    assert!(
        !dir.path()
            .join("dist")
            .join("groot-1.0.0-scorm12.zip")
            .exists()
    );
}

#[test]
fn a_module_over_the_scorm12_bound_builds_for_targets_that_keep_more() {
    let dir = project(584);
    let o = leskit(dir.path(), &["build", "--target", "scorm2004,cmi5,html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("E0310"), "{}", stderr(&o));
    assert!(dir.path().join("dist/groot-1.0.0-scorm2004.zip").is_file());
    // `check` follows the targets leskit.toml names, as `build` does without `--target`.
    std::fs::write(
        dir.path().join("leskit.toml"),
        "[build]\ntargets = [\"scorm2004\", \"cmi5\"]\n",
    )
    .unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::write(
        dir.path().join("leskit.toml"),
        "[build]\ntargets = [\"scorm12\", \"cmi5\"]\n",
    )
    .unwrap();
    let o = leskit(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0310"), "{}", stderr(&o));
}

#[test]
fn explain_tells_what_the_saved_progress_error_means() {
    let o = leskit(repo(), &["explain", "E0310"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.starts_with("E0310 — saved progress too long for the LMS"),
        "{text}"
    );
    assert!(text.contains("split the module"), "{text}");
}
