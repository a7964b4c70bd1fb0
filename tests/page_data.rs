//! The page data the JavaScript unit tests read is real: this test renders the bundled project's
//! modules and compares their `lk-data` with the committed `tests/js/fixtures/page-data.json`,
//! beside leskit's worst case of each module's saved state per standard, which the JavaScript
//! tests compare with what the page's own encoder writes (the interface strings, which are
//! `templates/strings.json` unchanged, are left out). When rendering changes, the fixture is
//! stale and this test fails; `LESKIT_UPDATE_FIXTURES=1 cargo test --test page_data` writes it
//! anew.

#[path = "common/files.rs"]
mod files;

use std::path::Path;

use files::{assert_fixture_current, page_data};
use leskit::package::Target;
use leskit::render::{LAUNCH_FILE, Templates, render_module};

const FIXTURE: &str = "tests/js/fixtures/page-data.json";

fn fixture() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = leskit::check::check_project(root, 20_000).unwrap();
    let project = &checked.project;
    let templates = Templates::load(None).unwrap();
    let modules: Vec<serde_json::Value> = project
        .modules
        .iter()
        .map(|m| {
            let mut per_standard = serde_json::Map::new();
            let mut worst = serde_json::Map::new();
            for target in Target::ALL {
                let runtime = target.runtime();
                let name = runtime.name;
                let site = render_module(project, m, runtime, &templates).unwrap().site;
                per_standard.insert(name.to_owned(), page_data(&site[LAUNCH_FILE]));
                worst.insert(
                    name.to_owned(),
                    leskit::policy::worst_case_state(project, &m.value, runtime.state_store)
                        .into(),
                );
            }
            // The data differs between standards only in `standard` and `limits`: the fixture
            // keeps SCORM 1.2's whole, and the others' limits.
            let mut data = per_standard["scorm12"].clone();
            for (name, other) in &per_standard {
                let mut same = other.clone();
                same["standard"] = data["standard"].clone();
                same["limits"] = data["limits"].clone();
                assert_eq!(same, data, "{name} differs in more than standard and limits");
            }
            // The interface strings are templates/strings.json as it is: left out, so that a new
            // string does not make the fixture stale.
            data.as_object_mut().unwrap().remove("strings");
            serde_json::json!({
                "module": m.value.id.value,
                "data": data,
                "limits": per_standard.iter().map(|(n, d)| (n.clone(), d["limits"].clone())).collect::<serde_json::Map<_, _>>(),
                "worstCase": worst,
            })
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&serde_json::json!({ "modules": modules })).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_page_data_fixture_of_the_js_tests_is_current() {
    assert_fixture_current(FIXTURE, &fixture(), "page_data");
}
