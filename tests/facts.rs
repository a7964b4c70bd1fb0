//! `leskit/facts.json`: in every package of every target, the same bytes in every build, and
//! saying what the package's manifest and page data say (read from the built package, not worked
//! out again).

#[path = "common/files.rs"]
mod files;
#[path = "common/run.rs"]
mod run;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use files::{assert_fixture_current, page_data, unzip};
use leskit::package::{FACTS_FORMAT, PackageFacts};
use run::{leskit, repo, stderr};

type Zips = BTreeMap<String, BTreeMap<String, Vec<u8>>>;

/// The bundled project built for every target, twice, into two folders: every zip by name.
fn builds() -> &'static (Zips, Zips) {
    static BUILDS: OnceLock<(Zips, Zips)> = OnceLock::new();
    BUILDS.get_or_init(|| {
        let once = || {
            let out = tempfile::tempdir().unwrap();
            let o = leskit(
                repo(),
                &[
                    "build",
                    "--target",
                    "all",
                    "--out",
                    out.path().to_str().unwrap(),
                ],
            );
            assert!(o.status.success(), "{}", stderr(&o));
            std::fs::read_dir(out.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "zip"))
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        unzip(&p),
                    )
                })
                .collect::<Zips>()
        };
        (once(), once())
    })
}

fn facts(files: &BTreeMap<String, Vec<u8>>) -> PackageFacts {
    PackageFacts::from_json(&files["leskit/facts.json"]).unwrap()
}

#[test]
fn every_package_of_every_target_carries_the_same_facts_in_every_build() {
    let (first, second) = builds();
    // 5 modules and 1 course, for each of the 4 targets.
    assert_eq!(first.len(), 24, "{:?}", first.keys());
    for target in ["scorm12", "scorm2004", "cmi5", "html"] {
        let of_target = first
            .keys()
            .filter(|n| n.ends_with(&format!("-{target}.zip")))
            .count();
        assert_eq!(of_target, 6, "{target}");
    }
    for (name, files) in first {
        let bytes = files
            .get("leskit/facts.json")
            .unwrap_or_else(|| panic!("{name} has no leskit/facts.json"));
        assert_eq!(
            Some(bytes),
            second[name].get("leskit/facts.json"),
            "{name}: facts differ between two builds"
        );
        let f = facts(files);
        assert_eq!(f.leskit_facts, FACTS_FORMAT, "{name}");
        assert!(
            name.starts_with(&format!("{}-{}-{}", f.id, f.version, f.target)),
            "{name}: {} {} {}",
            f.id,
            f.version,
            f.target
        );
        assert!(files.contains_key(&f.launch), "{name}: launch {}", f.launch);
        for u in &f.units {
            assert!(files.contains_key(&u.launch), "{name}: {}", u.launch);
            if let Some(h) = &u.handout {
                assert!(files.contains_key(h), "{name}: hand-out {h}");
            }
        }
        // Written back, the record gives the same bytes: nothing in it is lost on reading.
        assert_eq!(&f.to_json(), bytes, "{name}");
    }
}

#[test]
fn the_questions_pass_marks_and_limits_are_those_of_the_page_data() {
    let (first, _) = builds();
    let mut questions = 0;
    for (name, files) in first {
        let f = facts(files);
        for u in &f.units {
            let data = page_data(&files[&u.launch]);
            let module = &data["module"];
            assert_eq!(module["id"], u.id.as_str(), "{name}");
            assert_eq!(module["scored"], u.scored, "{name}");
            if u.scored {
                assert_eq!(module["passMark"], u.pass_mark.unwrap(), "{name}");
            } else {
                assert_eq!(u.pass_mark, None, "{name}");
            }
            assert_eq!(module["allowRetry"], u.allow_retry, "{name}");
            assert_eq!(data["limits"]["attempts"], u.attempts, "{name}");
            assert_eq!(
                data["limits"]["suspendData"],
                serde_json::json!(u.saved_state.limit),
                "{name}"
            );
            let pages: Vec<&str> = data["pages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["id"].as_str().unwrap())
                .collect();
            let ours: Vec<&str> = u.pages.iter().map(|p| p.id.as_str()).collect();
            assert_eq!(pages, ours, "{name}");
            let quizzes = data["quizzes"].as_object().unwrap();
            assert_eq!(
                quizzes.keys().collect::<Vec<_>>(),
                u.quizzes.iter().map(|q| &q.id).collect::<Vec<_>>(),
                "{name}"
            );
            for quiz in &u.quizzes {
                let theirs = quizzes[&quiz.id].as_array().unwrap();
                assert_eq!(theirs.len(), quiz.questions.len(), "{name}");
                for (q, d) in quiz.questions.iter().zip(theirs) {
                    questions += 1;
                    assert_eq!(d["id"], q.id.as_str(), "{name}");
                    assert_eq!(d["kind"], q.kind.as_str(), "{name}");
                    assert_eq!(d["points"], q.weighting, "{name} {}", q.key);
                    assert_eq!(d["scoring"], serde_json::json!(q.scoring), "{name}");
                    // The page records the answer under `<quiz>.<question>` (main.mjs's item
                    // key, interactions.mjs's id); the saved state keys it the same way.
                    let key = format!("{}.{}", quiz.id, d["id"].as_str().unwrap());
                    assert_eq!(q.key, key, "{name}");
                    assert_eq!(q.interaction, key, "{name}");
                    let options: Vec<(&str, bool)> = d["options"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|o| (o["id"].as_str().unwrap(), o["correct"].as_bool().unwrap()))
                        .collect();
                    let ours: Vec<(&str, bool)> = q
                        .options
                        .iter()
                        .map(|o| (o.id.as_str(), o.correct))
                        .collect();
                    assert_eq!(options, ours, "{name} {}", q.key);
                    let steps = d["steps"].as_object().unwrap();
                    assert_eq!(steps.len(), q.steps.len(), "{name}");
                    for s in &q.steps {
                        assert!(steps.contains_key(&s.id), "{name} {}", s.id);
                        assert_eq!(s.interaction, format!("{key}.{}", s.id), "{name}");
                    }
                }
            }
        }
    }
    assert!(questions > 50, "{questions} questions compared");
}

/// Every element of some XML in document order: its name, its attributes, and its text.
fn elements(xml: &[u8]) -> Vec<(String, BTreeMap<String, String>, String)> {
    use quick_xml::events::{BytesStart, Event};
    let element = |e: &BytesStart<'_>| {
        let attrs = e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().unwrap().into_owned(),
                )
            })
            .collect();
        (
            String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            attrs,
            String::new(),
        )
    };
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(e) => {
                out.push(element(&e));
                open.push(out.len() - 1);
            }
            Event::Empty(e) => out.push(element(&e)),
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    out[i].2.push_str(&t.decode().unwrap());
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    out
}

fn with<'a>(
    els: &'a [(String, BTreeMap<String, String>, String)],
    tag: &str,
) -> Vec<&'a (String, BTreeMap<String, String>, String)> {
    els.iter().filter(|e| e.0 == tag).collect()
}

#[test]
fn the_identifiers_and_pass_marks_are_those_of_the_manifest() {
    let (first, _) = builds();
    for (name, files) in first {
        let f = facts(files);
        let Some(manifest) = &f.manifest else {
            assert_eq!(f.target, "html", "{name}");
            continue;
        };
        let els = elements(&files[manifest]);
        match f.target.as_str() {
            "scorm12" | "scorm2004" => {
                assert_eq!(
                    with(&els, "manifest")[0].1["identifier"],
                    f.identifiers.manifest.clone().unwrap(),
                    "{name}"
                );
                assert_eq!(
                    with(&els, "organization")[0].1["identifier"],
                    f.identifiers.organization.clone().unwrap(),
                    "{name}"
                );
                let items = with(&els, "item");
                let resources = with(&els, "resource");
                assert_eq!(items.len(), f.units.len(), "{name}");
                assert_eq!(f.multi_sco, f.units.len() > 1, "{name}");
                for (u, (item, resource)) in f.units.iter().zip(items.iter().zip(&resources)) {
                    assert_eq!(item.1["identifier"], u.identifiers.item.clone().unwrap());
                    assert_eq!(
                        item.1["identifierref"],
                        u.identifiers.resource.clone().unwrap()
                    );
                    assert_eq!(resource.1["href"], u.launch, "{name}");
                }
                if f.target == "scorm12" {
                    let marks: Vec<i64> = with(&els, "adlcp:masteryscore")
                        .iter()
                        .map(|e| e.2.parse().unwrap())
                        .collect();
                    let ours: Vec<i64> = f.units.iter().filter_map(|u| u.pass_mark).collect();
                    assert_eq!(marks, ours, "{name}");
                    for u in &f.units {
                        assert_eq!(
                            u.reporting.mastery,
                            u.pass_mark.map(|m| format!("adlcp:masteryscore {m}"))
                        );
                    }
                } else {
                    let measures: Vec<String> = with(&els, "imsss:minNormalizedMeasure")
                        .iter()
                        .map(|e| format!("imsss:minNormalizedMeasure {}", e.2))
                        .collect();
                    let ours: Vec<String> = f
                        .units
                        .iter()
                        .filter_map(|u| u.reporting.mastery.clone())
                        .collect();
                    assert_eq!(measures, ours, "{name}");
                    let objectives: Vec<String> = with(&els, "imsss:primaryObjective")
                        .iter()
                        .map(|e| e.1["objectiveID"].clone())
                        .collect();
                    let ours: Vec<String> = f
                        .units
                        .iter()
                        .flat_map(|u| u.identifiers.objectives.clone())
                        .collect();
                    assert_eq!(objectives, ours, "{name}");
                }
            }
            "cmi5" => {
                assert_eq!(
                    with(&els, "course")[0].1["id"],
                    f.identifiers.course.clone().unwrap(),
                    "{name}"
                );
                let aus = with(&els, "au");
                assert_eq!(aus.len(), f.units.len(), "{name}");
                for (u, au) in f.units.iter().zip(aus) {
                    assert_eq!(au.1["id"], u.identifiers.au.clone().unwrap(), "{name}");
                    assert_eq!(Some(&au.1["moveOn"]), u.reporting.move_on.as_ref());
                    assert_eq!(
                        au.1.get("masteryScore")
                            .map(|m| format!("masteryScore {m}")),
                        u.reporting.mastery,
                        "{name}"
                    );
                }
                let urls: Vec<&str> = with(&els, "url").iter().map(|e| e.2.as_str()).collect();
                let ours: Vec<&str> = f.units.iter().map(|u| u.launch.as_str()).collect();
                assert_eq!(urls, ours, "{name}");
            }
            other => panic!("{name}: a manifest in a {other} package"),
        }
    }
}

#[test]
fn the_saved_state_worst_case_is_the_one_check_counts() {
    // `leskit check` refuses a module whose worst case is over its target's limit (E0310) by
    // `policy::worst_case_state`; the facts carry that figure for each unit and target.
    let (first, _) = builds();
    let checked = leskit::check::check_project(repo(), 0).unwrap();
    let project = &checked.project;
    let mut compared = 0;
    for (name, files) in first {
        let f = facts(files);
        let target = leskit::package::Target::from_name(&f.target).unwrap();
        for u in &f.units {
            let module = project
                .modules
                .iter()
                .find(|m| m.value.id.value == u.id)
                .map(|m| m.value.clone())
                .or_else(|| {
                    project.courses.iter().find_map(|c| {
                        leskit::package::final_test_module(project, &c.value)
                            .filter(|t| t.value.id.value == u.id)
                            .map(|t| t.value)
                    })
                })
                .unwrap_or_else(|| panic!("{name}: no module {}", u.id));
            assert_eq!(
                u.saved_state.worst_case,
                leskit::policy::worst_case_state(project, &module, target.runtime().state_store),
                "{name} {}",
                u.id
            );
            assert_eq!(u.saved_state.limit, target.runtime().state_store.limit);
            compared += 1;
        }
    }
    assert_eq!(compared, 4 * (5 + 6), "every unit of every package");
}

const JS_FIXTURE: &str = "tests/js/fixtures/facts.json";

/// What the JavaScript tests compare with the page's own core: for each bundled module (its
/// SCORM 1.2 package), the key and shape of every question as the facts say them.
fn js_fixture() -> String {
    let (first, _) = builds();
    let modules: Vec<serde_json::Value> = first
        .iter()
        .filter(|(name, _)| name.ends_with("-scorm12.zip"))
        .map(|(_, files)| facts(files))
        .filter(|f| f.kind == "module")
        .map(|f| {
            let questions: serde_json::Map<String, serde_json::Value> = f.units[0]
                .quizzes
                .iter()
                .flat_map(|q| q.questions.iter())
                .map(|q| (q.key.clone(), q.shape.clone().into()))
                .collect();
            serde_json::json!({ "module": f.id, "shapes": questions })
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&serde_json::json!({ "modules": modules })).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_facts_fixture_of_the_js_tests_is_current() {
    assert_fixture_current(JS_FIXTURE, &js_fixture(), "facts");
}
