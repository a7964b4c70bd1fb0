//! Bounded work and output (issue #14): a module cannot make leskit do work or write output out
//! of proportion to its size. A quiz is shown once per module, text nesting has a limit found in
//! one pass, and the rendered pages of a module are capped. Each gives a clear error. (How fast
//! and in how much memory is measured by `scripts/bench-hostile`, not timed here.)

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::path::Path;

#[path = "common/run.rs"]
mod run;
use run::{leskit, repo, stderr};

/// The valid check fixture with `pages` in place of the module's pages (`pages:` included), and
/// `extra` added below `source:`.
fn project(extra: &str, pages: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/check/base"), dir.path());
    let yaml = dir.path().join("modules/basis.yaml");
    let module = std::fs::read_to_string(&yaml).unwrap();
    let head = &module[..module.find("pages:").unwrap()];
    let head = head.replace("source: bron\n", &format!("source: bron\n{extra}"));
    std::fs::write(&yaml, format!("{head}{pages}")).unwrap();
    dir
}

/// A valid quiz `id` of about `kib` KiB: cases of one question with a long prompt.
fn large_quiz(id: &str, kib: usize) -> String {
    quiz_of(id, kib, &"Wat doe je in deze situatie? ".repeat(3_200)) // about 93 KB a prompt
}

/// A valid quiz `id` of about `kib` KiB, of prompts `prompt` (about 93 KB).
fn quiz_of(id: &str, kib: usize, prompt: &str) -> String {
    let mut quiz = format!("id: {id}\ntitle: Groot\ncases:\n");
    for c in 0..kib.div_ceil(93) {
        quiz.push_str(&format!(
            "  - id: casus-{c}\n    title: Casus\n    text: Een situatie.\n    questions:\n      - id: vraag-{c}\n        kind: single\n        prompt: {prompt}\n        options:\n          - {{ id: a, text: Goed, correct: true, feedback: Ja. }}\n          - {{ id: b, text: Fout, feedback: Nee. }}\n"
        ));
    }
    quiz
}

/// `pages` pages of `blocks` `- quiz: <id>` blocks each.
fn quiz_pages(pages: usize, blocks: usize, id: &str) -> String {
    let mut yaml = String::from("pages:\n");
    for p in 0..pages {
        yaml.push_str(&format!(
            "  - id: pagina-{p}\n    title: Pagina\n    body: Tekst.\n    blocks:\n"
        ));
        for _ in 0..blocks {
            yaml.push_str(&format!("      - quiz: {id}\n"));
        }
    }
    yaml
}

fn assert_fails_without_packages(dir: &Path, needle: &str) {
    let build = leskit(dir, &["build", "--target", "all"]);
    assert!(!build.status.success(), "{}", stderr(&build));
    assert!(stderr(&build).contains(needle), "{}", stderr(&build));
    let written = std::fs::read_dir(dir.join("dist"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(written, 0, "packages written");
}

#[test]
fn a_quiz_shown_twice_in_a_module_is_refused_naming_both_places() {
    let dir = project(
        "",
        "pages:\n  - id: een\n    title: Een\n    blocks:\n      - quiz: basis-quiz\n  - id: twee\n    title: Twee\n    blocks:\n      - text: Nog eens.\n      - quiz: basis-quiz\n",
    );
    let check = leskit(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let text = stderr(&check);
    assert!(
        text.contains("error[E0222]: the quiz `basis-quiz` is shown a second time in this module")
            && text.contains("modules/basis.yaml:15:")
            && text.contains("it is first shown at line 10, column 15 of modules/basis.yaml"),
        "{text}"
    );
}

/// The amplification: 10 pages × 20 blocks of an 870 KiB quiz ran past 1.2 GiB; 1,000
/// blocks wrote a 1.19 GB page. Now both stop at the check.
#[test]
fn one_large_quiz_on_many_pages_is_refused() {
    for (pages, blocks) in [(10, 20), (5, 200)] {
        let dir = project("", &quiz_pages(pages, blocks, "groot"));
        std::fs::write(
            dir.path().join("quizzes/groot.yaml"),
            large_quiz("groot", 870),
        )
        .unwrap();
        let check = leskit(dir.path(), &["check", "--message-format", "json"]);
        assert_eq!(check.status.code(), Some(1));
        let out = String::from_utf8_lossy(&check.stdout);
        assert_eq!(
            out.matches("\"code\":\"E0222\"").count(),
            pages * blocks - 1,
            "{pages} × {blocks}"
        );
        assert_fails_without_packages(dir.path(), "E0222");
    }
}

/// `> ` × 47,500 in one body took 24 s to render under `allow_html`; deep raw HTML likewise.
#[test]
fn deep_nesting_is_refused() {
    for body in [
        "> ".repeat(47_500) + "x",
        "<div>".repeat(20_000) + "x",
        "- ".repeat(30_000) + "x",
        "*".repeat(30_000) + "x" + &"*".repeat(30_000),
    ] {
        let dir = project(
            "allow_html: true\n",
            &format!(
                "pages:\n  - id: een\n    title: Een\n    body: \"{body}\"\n    blocks:\n      - quiz: basis-quiz\n"
            ),
        );
        let check = leskit(dir.path(), &["check"]);
        let text = stderr(&check);
        assert_eq!(check.status.code(), Some(1), "{}…: {text}", &body[..10]);
        assert!(
            text.contains("error[E0223]: the text is nested more than 50 levels deep"),
            "{}…: {text}",
            &body[..10]
        );
        assert_eq!(text.matches("E0223").count(), 1, "reported once per text");
        assert_fails_without_packages(dir.path(), "E0223");
    }
    // Ordinary nesting is fine.
    let dir = project(
        "allow_html: true\n",
        "pages:\n  - id: een\n    title: Een\n    body: \"> - *a* <b>b<br>c</b>\\n>   - **d**\\n\\n<div><p>x</p></div>\"\n    blocks:\n      - quiz: basis-quiz\n",
    );
    let check = leskit(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

/// A module with quizzes, each shown once.
fn quizzes_project(quizzes: &[(String, String)]) -> tempfile::TempDir {
    let mut pages = String::from("pages:\n");
    let dir = project("", "");
    for (i, (id, quiz)) in quizzes.iter().enumerate() {
        std::fs::write(dir.path().join(format!("quizzes/{id}.yaml")), quiz).unwrap();
        pages.push_str(&format!(
            "  - id: pagina-{i}\n    title: Pagina\n    blocks:\n      - quiz: {id}\n"
        ));
    }
    let yaml = dir.path().join("modules/basis.yaml");
    let module = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("{module}{pages}")).unwrap();
    dir
}

/// Many large quizzes, each shown once: the check adds up what the module shows before anything
/// is rendered.
#[test]
fn a_module_that_shows_too_much_text_is_refused() {
    let quizzes: Vec<_> = (0..10)
        .map(|q| (format!("groot-{q}"), large_quiz(&format!("groot-{q}"), 900)))
        .collect();
    let dir = quizzes_project(&quizzes);
    let check = leskit(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("error[E0224]: the module shows about ")
            && stderr(&check).contains("KiB of text with its quizzes, more than 4096 KiB"),
        "{}",
        stderr(&check)
    );
    assert_fails_without_packages(dir.path(), "E0224");
}
