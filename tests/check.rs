//! `leskit check` on bad input: every fixture's full output is a reviewed snapshot.
//!
//! Each case in `tests/fixtures/check/cases/<case>/` holds the files that differ from the valid
//! project in `tests/fixtures/check/base/`. The test lays the base in a temporary folder, puts the
//! case's files over it, runs `leskit check` there, and compares what a person would see (the
//! exit code and every line on standard error) with `tests/snapshots/check__<case>.snap`.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Lays out the base project with a case over it.
fn project(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("base"), dir.path());
    let overlay = fixtures().join("cases").join(case);
    if overlay.exists() {
        copy_tree(&overlay, dir.path());
    }
    dir
}

/// Runs leskit in `dir` and returns a transcript: the exit code, then standard error.
fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(args)
        .current_dir(dir)
        // 2026-11-18: the review dates in the fixtures are judged against a fixed day.
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap();
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn check_case(case: &str) -> String {
    let dir = project(case);
    run(dir.path(), &["check"])
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {
        $(
            #[test]
            fn $test() {
                insta::assert_snapshot!($case, check_case($case));
            }
        )*

        /// Every fixture folder has its test above, so none is silently left out.
        #[test]
        fn every_fixture_has_a_test() {
            let known = [$($case),*];
            for entry in std::fs::read_dir(fixtures().join("cases")).unwrap() {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                assert!(known.contains(&name.as_str()), "fixture `{name}` has no test in tests/check.rs");
            }
        }
    };
}

cases! {
    absolute_path => "absolute-path",
    all_problems_in_one_file => "all-problems-in-one-file",
    alias_bomb => "alias-bomb",
    bad_date => "bad-date",
    bad_id => "bad-id",
    bad_language_tag => "bad-language-tag",
    cover_without_alt => "cover-without-alt",
    binary_file => "binary-file",
    bom_is_accepted => "bom-is-accepted",
    branch_never_ends => "branch-never-ends",
    contact_description_link => "contact-description-link",
    deep_nesting => "deep-nesting",
    dialogue_without_speaker => "dialogue-without-speaker",
    duplicate_key => "duplicate-key",
    duplicate_option_id => "duplicate-option-id",
    duplicate_page_id => "duplicate-page-id",
    duplicate_question_id => "duplicate-question-id",
    empty_feedback => "empty-feedback",
    empty_file => "empty-file",
    empty_page => "empty-page",
    empty_value => "empty-value",
    id_differs_from_file => "id-differs-from-file",
    inline_phone_number => "inline-phone-number",
    interaction_id_too_long => "interaction-id-too-long",
    invalid_page_id_not_suggested => "invalid-page-id-not-suggested",
    javascript_link => "javascript-link",
    many_problems_at_once => "many-problems-at-once",
    misplaced_field => "misplaced-field",
    missing_asset => "missing-asset",
    missing_key => "missing-key",
    missing_quiz => "missing-quiz",
    misspelt_key => "misspelt-key",
    multiple_none_correct => "multiple-none-correct",
    non_utf8 => "non-utf8",
    pass_mark_out_of_range => "pass-mark-out-of-range",
    path_escapes => "path-escapes",
    prerequisite_loop => "prerequisite-loop",
    prerequisites_too_long_for_scorm12 => "prerequisites-too-long-for-scorm12",
    raw_html => "raw-html",
    review_open_points => "review-open-points",
    review_pending_is_valid => "review-pending-is-valid",
    review_pending_without_points => "review-pending-without-points",
    review_too_old => "review-too-old",
    single_two_correct => "single-two-correct",
    start_is_ending => "start-is-ending",
    start_missing => "start-missing",
    positions_inside_texts => "positions-inside-texts",
    syntax_bad_indentation => "syntax-bad-indentation",
    syntax_unclosed_quote => "syntax-unclosed-quote",
    tabs => "tabs",
    true_false_without_answer => "true-false-without-answer",
    type_error_and_unknown_reference => "type-error-and-unknown-reference",
    type_errors_in_three_pages => "type-errors-in-three-pages",
    unknown_block => "unknown-block",
    unknown_contact => "unknown-contact",
    unknown_key => "unknown-key",
    unknown_next => "unknown-next",
    unknown_page_link => "unknown-page-link",
    unknown_question_kind => "unknown-question-kind",
    unknown_signal => "unknown-signal",
    unknown_source => "unknown-source",
    yaml_mistakes => "yaml-mistakes",
    unreachable_step => "unreachable-step",
    wrong_type_pages => "wrong-type-pages",
    wrong_type_pass_mark => "wrong-type-pass-mark",
}

#[test]
fn the_base_project_is_valid() {
    insta::assert_snapshot!("base", check_case("base-only-no-overlay"));
}

/// A file over the size limit is refused before it is parsed (generated here: a megabyte of
/// fixture is not worth committing).
#[test]
fn oversized_file() {
    let dir = project("oversized");
    let mut text = std::fs::read_to_string(dir.path().join("quizzes/basis-quiz.yaml")).unwrap();
    while text.len() <= 1024 * 1024 {
        text.push_str("# opvulling opvulling opvulling opvulling opvulling opvulling opvulling\n");
    }
    std::fs::write(dir.path().join("quizzes/basis-quiz.yaml"), text).unwrap();
    insta::assert_snapshot!("oversized-file", run(dir.path(), &["check"]));
}

#[test]
fn json_messages_for_tools() {
    let dir = project("many-problems-at-once");
    insta::assert_snapshot!(
        "many-problems-json",
        run(dir.path(), &["check", "--message-format", "json"])
    );
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    let dir = project("base-only");
    let path = dir.path().join("quizzes/basis-quiz.yaml");
    std::fs::remove_file(&path).unwrap();
    // A link to nowhere cannot be read, even by root (who may read files without permission).
    std::os::unix::fs::symlink(dir.path().join("gone.yaml"), &path).unwrap();
    let out = run(dir.path(), &["check"]);
    assert!(out.starts_with("exit code: 3\n"), "{out}");
    assert!(out.contains("quizzes/basis-quiz.yaml"), "{out}");
}

#[test]
fn wrong_usage_exits_2() {
    let dir = project("base-only");
    let out = run(dir.path(), &["check", "no-such-folder"]);
    assert!(
        out.starts_with("exit code: 3\n") || out.starts_with("exit code: 2\n"),
        "{out}"
    );
    let out = run(dir.path(), &["frobnicate"]);
    assert!(out.starts_with("exit code: 2\n"), "{out}");
    let out = run(dir.path(), &["build", "--target", "scorm13"]);
    assert!(
        out.starts_with("exit code: 2\n") && out.contains("did you mean `scorm12`?"),
        "{out}"
    );
}

/// `learning_goals` and `cover` decode in a module and in a course, each value with its place.
#[test]
fn cover_keys_decode_with_their_places() {
    use leskit::model::{Course, Module};
    let module: Module = leskit::load::parse_str(
        Path::new("modules/m.yaml"),
        "id: m\ntitle: M\nversion: 1.0.0\nsource: s\nlearning_goals:\n  - een\n  - twee\ncover:\n  image: omslag.svg\n  alt: Een koffer.\npages: []\n",
    )
    .unwrap_or_else(|d| panic!("{}", d.message));
    let goals: Vec<&str> = module
        .learning_goals
        .iter()
        .map(|g| g.value.as_str())
        .collect();
    assert_eq!(goals, ["een", "twee"]);
    assert_eq!(
        (
            module.learning_goals[1].pos.line,
            module.learning_goals[1].pos.column
        ),
        (7, 5)
    );
    let cover = module.cover.expect("the cover decodes");
    assert_eq!(cover.image.value, "omslag.svg");
    assert_eq!((cover.image.pos.line, cover.image.pos.column), (9, 10));
    assert_eq!(cover.alt.map(|a| a.value).as_deref(), Some("Een koffer."));
    let course: Course = leskit::load::parse_str(
        Path::new("courses/c.yaml"),
        "id: c\ntitle: C\nversion: 1.0.0\nlearning_goals: [een]\ncover: { image: a.svg }\nmodules: [m]\n",
    )
    .unwrap_or_else(|d| panic!("{}", d.message));
    assert_eq!(course.learning_goals.len(), 1);
    let cover = course.cover.expect("the course's cover decodes");
    assert_eq!((cover.image.value.as_str(), cover.alt), ("a.svg", None));
}
