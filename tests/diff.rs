//! `leskit diff`: the bundled module against a copy with a changed option text, a removed
//! question and a changed id, each reported with what it does to learners half-way and to the
//! LMS's records; a zip without facts refused; a different standard said plainly.

#[path = "common/files.rs"]
mod files;
#[path = "common/run.rs"]
mod run;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use leskit::diff::{Keep, compare};
use leskit::package::{FACTS_FILE, PackageFacts};
use run::{leskit, repo, stderr};

/// A copy of the bundled project (its modules, quizzes, content and courses) in a new folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["modules", "quizzes", "content", "courses"] {
        copy(&repo().join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Builds `what` of the project in `dir` for `target` into `out`: the path of its zip.
fn build(dir: &Path, what: &str, target: &str, out: &Path) -> PathBuf {
    let o = leskit(
        dir,
        &[
            "build",
            what,
            "--target",
            target,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let stem = Path::new(what).file_stem().unwrap().to_str().unwrap();
    out.join(format!("{stem}-1.0.0-{target}.zip"))
}

/// In `file` of the project in `dir`, `from` replaced by `to` (which must be there).
fn change(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Exit code, stdout and stderr, as a snapshot shows them.
fn shown(o: &Output) -> String {
    format!(
        "exit code: {}\n--- stdout\n{}--- stderr\n{}",
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The bundled module `signalen-herkennen` as in the LMS (a SCORM 1.2 zip), and a copy of the
/// project with an option's text changed, a question removed and another's id changed.
fn changed_copy() -> (tempfile::TempDir, tempfile::TempDir, PathBuf) {
    let dir = project();
    let lms = tempfile::tempdir().unwrap();
    let old = build(
        dir.path(),
        "modules/signalen-herkennen.yaml",
        "scorm12",
        lms.path(),
    );
    let quiz = "quizzes/signalen-quiz.yaml";
    change(
        dir.path(),
        quiz,
        "text: Ze wacht tot na de zomer. Als Lina niet terugkomt, meldt ze het.",
        "text: Ze wacht tot na de zomervakantie. Als Lina dan niet terugkomt, meldt ze het.",
    );
    let text = std::fs::read_to_string(dir.path().join(quiz)).unwrap();
    let (a, b) = (
        text.find("      - id: lina-zeker").unwrap(),
        text.find("      - id: lina-actie").unwrap(),
    );
    std::fs::write(
        dir.path().join(quiz),
        format!("{}{}", &text[..a], &text[b..]),
    )
    .unwrap();
    change(
        dir.path(),
        quiz,
        "- id: daan-conclusie",
        "- id: daan-inschatting",
    );
    (dir, lms, old)
}

#[test]
fn a_changed_option_text_a_removed_question_and_a_changed_id_each_say_what_they_keep() {
    let (dir, _lms, old) = changed_copy();
    let o = leskit(
        dir.path(),
        &["diff", old.to_str().unwrap(), "signalen-herkennen"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    insta::assert_snapshot!(
        "changed-copy",
        shown(&o).replace(old.to_str().unwrap(), "OLD.zip")
    );

    let o = leskit(
        dir.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            "modules/signalen-herkennen.yaml",
            "--message-format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changes = json["changes"].as_array().unwrap();
    let find = |id: &str, change: &str| {
        changes
            .iter()
            .find(|c| c["id"] == id && c["change"] == change)
            .unwrap_or_else(|| panic!("no `{change}` of {id} in {changes:#?}"))
    };
    let text = find("signalen-quiz.lina-actie/na-zomer", "text changed");
    assert_eq!(
        (&text["progress"], &text["records"]),
        (&"yes".into(), &"yes".into())
    );
    let removed = find("signalen-quiz.lina-zeker", "removed");
    assert_eq!(
        (&removed["progress"], &removed["records"]),
        (&"yes".into(), &"yes".into())
    );
    let renamed = find("signalen-quiz.daan-inschatting", "id changed");
    assert_eq!(renamed["was"], "signalen-quiz.daan-conclusie");
    assert_eq!(
        (&renamed["progress"], &renamed["records"]),
        (&"no".into(), &"no".into()),
        "a new question id loses the saved answer and splits the LMS's records"
    );
    assert_eq!(changes.len(), 3, "{changes:#?}");
    assert_eq!(json["progress"]["kept"], false);
    assert_eq!(json["records"]["kept"], false);
}

#[test]
fn the_same_module_keeps_everything_and_a_new_zip_reads_like_a_module() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let old = build(
        dir.path(),
        "modules/in-gesprek.yaml",
        "scorm2004",
        out.path(),
    );
    let o = leskit(dir.path(), &["diff", old.to_str().unwrap(), "in-gesprek"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("No page, question, option, scoring or identifier changed.")
            && text.contains("Learners half-way keep their progress: yes, because")
            && text.contains("The LMS keeps the learners' records: yes, because"),
        "{text}"
    );
    // The module's title, in a zip built from the changed sources.
    change(
        dir.path(),
        "modules/in-gesprek.yaml",
        "title: In gesprek",
        "title: Anders in gesprek",
    );
    let newer = tempfile::tempdir().unwrap();
    let new = build(
        dir.path(),
        "modules/in-gesprek.yaml",
        "scorm2004",
        newer.path(),
    );
    let o = leskit(
        dir.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--message-format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["progress"]["kept"], true, "{json:#}");
    assert!(!json["changes"].as_array().unwrap().is_empty(), "{json:#}");
}

#[test]
fn a_different_standard_or_module_is_said_plainly() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let old = build(dir.path(), "modules/in-gesprek.yaml", "scorm12", out.path());
    let other = build(
        dir.path(),
        "modules/in-gesprek.yaml",
        "scorm2004",
        out.path(),
    );
    let o = leskit(
        dir.path(),
        &["diff", old.to_str().unwrap(), other.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains(
            "package `in-gesprek`: standard changed (SCORM 1.2 → SCORM 2004 4th edition)"
        ) && text
            .contains("an LMS keeps no records or saved progress from one standard in the other")
            && text.contains("Learners half-way keep their progress: no"),
        "{text}"
    );
    let o = leskit(
        dir.path(),
        &["diff", old.to_str().unwrap(), "wettelijk-kader"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("package `wettelijk-kader`: id changed (in-gesprek → wettelijk-kader)")
            && text.contains(
                "the package in the LMS is the module `in-gesprek`, the new one `wettelijk-kader`"
            ),
        "{text}"
    );
}

/// The zip at `path` less its facts, as a package built before leskit wrote them.
fn without_facts(path: &Path, to: &Path) {
    let files = files::unzip(path);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for (name, bytes) in files {
        if name != FACTS_FILE {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap();
}

#[test]
fn an_old_zip_without_facts_is_refused_with_the_reason() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let built = build(dir.path(), "modules/in-gesprek.yaml", "scorm12", out.path());
    let old = out.path().join("oud.zip");
    without_facts(&built, &old);
    let o = leskit(dir.path(), &["diff", old.to_str().unwrap(), "in-gesprek"]);
    insta::assert_snapshot!(
        "without-facts",
        shown(&o).replace(old.to_str().unwrap(), "oud.zip")
    );
    assert_eq!(o.status.code(), Some(1));
    let o = leskit(
        dir.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            "in-gesprek",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let d: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(d["code"], "E0601", "{d}");
    // A file that is no zip at all.
    let not = out.path().join("leeg.zip");
    std::fs::write(&not, b"geen zip").unwrap();
    let o = leskit(dir.path(), &["diff", not.to_str().unwrap(), "in-gesprek"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0501"), "{}", stderr(&o));
}

#[test]
fn facts_of_a_newer_format_are_refused() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let built = build(dir.path(), "modules/in-gesprek.yaml", "scorm12", out.path());
    let mut files = files::unzip(&built);
    let text = String::from_utf8(files[FACTS_FILE].clone()).unwrap();
    files.insert(
        FACTS_FILE.to_owned(),
        text.replacen("\"leskit_facts\": 1", "\"leskit_facts\": 99", 1)
            .into_bytes(),
    );
    let old = out.path().join("nieuwer.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&old).unwrap());
    for (name, bytes) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(&bytes).unwrap();
    }
    zip.finish().unwrap();
    let o = leskit(dir.path(), &["diff", old.to_str().unwrap(), "in-gesprek"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("E0602") && err.contains("format 99, newer than this leskit reads (1)"),
        "{err}"
    );
}

/// The facts of a built package, to change by hand.
fn facts_of(zip: &Path) -> PackageFacts {
    PackageFacts::from_json(&files::unzip(zip)[FACTS_FILE]).unwrap()
}

#[test]
fn what_a_saved_answer_is_tied_to_decides_whether_it_is_kept() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let zip = build(
        dir.path(),
        "modules/signalen-herkennen.yaml",
        "scorm2004",
        out.path(),
    );
    let old = facts_of(&zip);
    let effect = |new: &PackageFacts| {
        let c = compare(&old, new);
        (
            c.changes
                .iter()
                .map(|c| (c.subject, c.change, c.progress, c.records))
                .collect::<Vec<_>>(),
            c.progress.kept,
        )
    };

    // Options in another order: the saved answer (an option's place) is dropped.
    let mut new = old.clone();
    let q = first(&mut new);
    q.options.swap(0, 1);
    q.shape = reshaped(q);
    assert_eq!(
        effect(&new),
        (
            vec![("option", "order changed", Keep::No, Keep::Yes)],
            false
        )
    );

    // An option added: dropped too.
    let mut new = old.clone();
    let q = first(&mut new);
    let mut extra = q.options[0].clone();
    extra.id = "nieuw".into();
    extra.text = "Een nieuwe keuze".into();
    q.options.push(extra);
    q.shape = reshaped(q);
    assert_eq!(
        effect(&new),
        (vec![("option", "added", Keep::No, Keep::Yes)], false)
    );

    // A right answer and the points changed: kept, and scored the new way.
    let mut new = old.clone();
    let q = first(&mut new);
    q.options[0].correct = !q.options[0].correct;
    q.weighting += 1;
    let (changes, kept) = effect(&new);
    assert!(kept, "{changes:?}");
    assert!(
        changes.contains(&("question", "points changed", Keep::Yes, Keep::Yes)),
        "{changes:?}"
    );
    assert_eq!(changes.len(), 2, "{changes:?}");

    // The pass mark and a page's id: kept.
    let mut new = old.clone();
    new.units[0].pass_mark = Some(70);
    new.units[0].pages[1].id = "andere-pagina".into();
    let (changes, kept) = effect(&new);
    assert!(kept, "{changes:?}");
    assert_eq!(
        changes,
        vec![
            ("unit", "pass mark changed", Keep::Yes, Keep::Yes),
            ("page", "id changed", Keep::Yes, Keep::Yes),
        ]
    );

    // The item's identifier: the LMS takes it for another activity.
    let mut new = old.clone();
    new.units[0].identifiers.item = Some("ander-item".into());
    let c = compare(&old, &new);
    assert!(!c.progress.kept && !c.records.kept, "{c:?}");
}

/// The first single-choice question of more than two options.
fn first(f: &mut PackageFacts) -> &mut leskit::package::QuestionFacts {
    f.units[0]
        .quizzes
        .iter_mut()
        .flat_map(|q| q.questions.iter_mut())
        .find(|q| q.kind == "single" && q.options.len() > 2)
        .unwrap()
}

/// The shape of a single or multiple question after its options changed, as
/// `policy::answer_shape` writes it.
fn reshaped(q: &leskit::package::QuestionFacts) -> String {
    let ids: Vec<&str> = q.options.iter().map(|o| o.id.as_str()).collect();
    format!("{}:{}", q.kind, ids.join(","))
}

#[test]
fn a_module_left_out_of_a_course_loses_the_progress_of_learners_half_way_through_it() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let old = build(
        dir.path(),
        "courses/onboarding-veilig-thuis.yaml",
        "scorm2004",
        out.path(),
    );
    let course = "courses/onboarding-veilig-thuis.yaml";
    change(dir.path(), course, "  - wettelijk-kader\n", "");
    change(
        dir.path(),
        course,
        "    - { module: wettelijk-kader, after: [wat-is-achterlating] }\n",
        "",
    );
    change(
        dir.path(),
        course,
        "{ module: signalen-herkennen, after: [wettelijk-kader] }",
        "{ module: signalen-herkennen, after: [wat-is-achterlating] }",
    );
    let o = leskit(
        dir.path(),
        &[
            "diff",
            old.to_str().unwrap(),
            course,
            "--message-format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let changes: Vec<(&str, &str, &str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap(),
                c["change"].as_str().unwrap(),
                c["progress"].as_str().unwrap(),
                c["records"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("wettelijk-kader", "removed", "no", "yes"),
            ("signalen-herkennen", "prerequisites changed", "yes", "yes"),
            ("eindtoets", "prerequisites changed", "yes", "yes"),
        ]
    );
    assert_eq!(json["progress"]["kept"], false);
    assert_eq!(json["records"]["kept"], true, "{json:#}");
}

#[test]
fn a_new_version_of_a_web_export_starts_afresh_and_of_a_scorm_package_does_not() {
    let dir = project();
    let out = tempfile::tempdir().unwrap();
    let web = build(dir.path(), "modules/in-gesprek.yaml", "html", out.path());
    let scorm = build(dir.path(), "modules/in-gesprek.yaml", "scorm12", out.path());
    change(
        dir.path(),
        "modules/in-gesprek.yaml",
        "version: 1.0.0",
        "version: 1.1.0",
    );
    let verdict = |old: &Path| {
        let o = leskit(
            dir.path(),
            &[
                "diff",
                old.to_str().unwrap(),
                "in-gesprek",
                "--message-format",
                "json",
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        (
            json["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["change"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>(),
            json["progress"]["kept"].as_bool().unwrap(),
        )
    };
    assert_eq!(verdict(&web), (vec!["version changed".to_owned()], false));
    assert_eq!(verdict(&scorm), (Vec::new(), true));
}
