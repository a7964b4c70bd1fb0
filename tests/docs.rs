//! Keeps the documentation honest: these tests fail as soon as a doc falls behind the code.
//!
//! - every diagnostic code in `src/` has its section in `docs/diagnostics.md`, and every code the
//!   docs mention exists;
//! - the registry of codes (`src/diag/codes.rs`) and the sections of `docs/diagnostics.md` match
//!   one to one, with the same title and severity, and every code used in `src/` is registered
//!   with the severity it is reported with;
//! - every key and value the JSON Schemas in `schema/` know is named in `docs/authoring.md`;
//! - the complete examples in `docs/authoring.md` (fenced YAML blocks right after a line
//!   `<!-- example: <path> -->`) pass `leskit check` when laid over `examples/minimal/`;
//! - every input limit in `src/limits.rs` is listed in `docs/security.md`.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `E1234` / `W1234` in `text` that stands alone (not part of a longer word).
fn codes_in(text: &str) -> BTreeSet<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = BTreeSet::new();
    for i in 0..chars.len() {
        let starts = matches!(chars[i], 'E' | 'W')
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric())
            && chars.len() >= i + 5
            && chars[i + 1..i + 5].iter().all(char::is_ascii_digit)
            && chars.get(i + 5).is_none_or(|c| !c.is_ascii_alphanumeric());
        if starts {
            found.insert(chars[i..i + 5].iter().collect());
        }
    }
    found
}

/// The codes used in the source: string literals such as `"E0101"` or `"W0201"`, outside the
/// registry (which lists them all).
fn source_codes() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        if file.ends_with("src/diag/codes.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let chars: Vec<char> = text.chars().collect();
        for i in 0..chars.len().saturating_sub(6) {
            if chars[i] == '"'
                && matches!(chars[i + 1], 'E' | 'W')
                && chars[i + 2] == '0'
                && chars[i + 2..i + 6].iter().all(char::is_ascii_digit)
                && chars[i + 6] == '"'
            {
                found.insert(chars[i + 1..i + 6].iter().collect());
            }
        }
    }
    assert!(
        found.len() > 10,
        "found only {found:?} in src/: has the scan broken?"
    );
    found
}

/// The codes that have a heading of their own in `docs/diagnostics.md` (`### E0101 …`).
fn documented_codes(doc: &str) -> BTreeSet<String> {
    doc.lines()
        .filter(|l| l.starts_with('#'))
        .flat_map(codes_in)
        .collect()
}

#[test]
fn every_diagnostic_code_is_documented() {
    let source = source_codes();
    let doc = read("docs/diagnostics.md");
    let documented = documented_codes(&doc);
    let missing: Vec<_> = source.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "codes used in src/ without a `### <code>` section in docs/diagnostics.md: {missing:?}"
    );
}

#[test]
fn every_documented_code_exists() {
    let source = source_codes();
    for doc in [
        "docs/diagnostics.md",
        "docs/authoring.md",
        "docs/security.md",
    ] {
        let stale: Vec<_> = codes_in(&read(doc))
            .into_iter()
            .filter(|c| !source.contains(c))
            .collect();
        assert!(
            stale.is_empty(),
            "{doc} mentions codes that no longer exist in src/: {stale:?}"
        );
    }
}

/// The sections of `docs/diagnostics.md`: (code, title, whether it stands under `## Warnings`).
fn documented_sections(doc: &str) -> Vec<(String, String, bool)> {
    let mut warnings = false;
    let mut out = Vec::new();
    for line in doc.lines() {
        if let Some(group) = line.strip_prefix("## ") {
            warnings = group.trim() == "Warnings";
        }
        let Some(heading) = line.strip_prefix("### ") else {
            continue;
        };
        if let Some((code, title)) = heading.split_once(" — ")
            && codes_in(code).len() == 1
        {
            out.push((code.trim().to_owned(), title.trim().to_owned(), warnings));
        }
    }
    out
}

#[test]
fn the_registry_and_the_diagnostics_page_match_one_to_one() {
    use leskit::diag::Severity;
    use leskit::diag::codes::CODES;
    let doc = read("docs/diagnostics.md");
    let sections = documented_sections(&doc);
    assert!(
        sections.len() > 10,
        "found only {sections:?}: has the scan broken?"
    );
    let headed = documented_codes(&doc);
    assert_eq!(
        headed.len(),
        sections.len(),
        "every code heading in docs/diagnostics.md reads `### <code> — <title>`"
    );
    let registered: Vec<(String, String, bool)> = CODES
        .iter()
        .map(|c| {
            (
                c.code.to_owned(),
                c.title.to_owned(),
                c.severity == Severity::Warning,
            )
        })
        .collect();
    let unregistered: Vec<_> = sections
        .iter()
        .filter(|s| !registered.contains(s))
        .collect();
    let undocumented: Vec<_> = registered
        .iter()
        .filter(|r| !sections.contains(r))
        .collect();
    assert!(
        unregistered.is_empty() && undocumented.is_empty(),
        "docs/diagnostics.md and src/diag/codes.rs disagree (code, title, is a warning):\n  \
         documented, not registered so: {unregistered:?}\n  registered, not documented so: {undocumented:?}"
    );
    assert_eq!(
        registered, sections,
        "src/diag/codes.rs lists the codes in the order of docs/diagnostics.md"
    );
}

/// Each `Diagnostic::error("…")` and `Diagnostic::warning("…")` in `src/`: (code, is a warning,
/// file).
fn reported_codes() -> Vec<(String, bool, PathBuf)> {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (call, warning) in [
            ("Diagnostic::error(", false),
            ("Diagnostic::warning(", true),
        ] {
            for (at, _) in text.match_indices(call) {
                let rest = text[at + call.len()..].trim_start();
                if let Some(code) = rest.strip_prefix('"').and_then(|r| r.get(..5))
                    && codes_in(code).len() == 1
                {
                    found.push((code.to_owned(), warning, file.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn every_code_in_src_is_registered_with_its_severity() {
    use leskit::diag::Severity;
    use leskit::diag::codes::lookup;
    let unregistered: Vec<_> = source_codes()
        .into_iter()
        .filter(|c| lookup(c).is_none())
        .collect();
    assert!(
        unregistered.is_empty(),
        "codes used in src/ that src/diag/codes.rs does not register: {unregistered:?}"
    );
    let reported = reported_codes();
    assert!(
        reported.len() > 10,
        "found only {reported:?} in src/: has the scan broken?"
    );
    let wrong: Vec<_> = reported
        .iter()
        .filter(|(code, warning, _)| {
            lookup(code).is_some_and(|c| (c.severity == Severity::Warning) != *warning)
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "reported with another severity than src/diag/codes.rs gives them: {wrong:?}"
    );
}

/// Every key under a `properties` object, every `enum` value and every `const` in a schema: the
/// keys an author may write and the values they may choose.
fn schema_words(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner) {
                    ("properties", serde_json::Value::Object(props)) => {
                        out.extend(props.keys().cloned());
                    }
                    ("enum", serde_json::Value::Array(values)) => {
                        out.extend(values.iter().filter_map(|v| v.as_str()).map(str::to_owned));
                    }
                    ("const", serde_json::Value::String(v)) => {
                        out.insert(v.clone());
                    }
                    _ => {}
                }
                schema_words(inner, out);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                schema_words(item, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_schema_key_is_in_the_authoring_guide() {
    let doc = read("docs/authoring.md");
    let mut schemas = 0;
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root().join("schema")).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".schema.json") {
            continue;
        }
        schemas += 1;
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut words = BTreeSet::new();
        schema_words(&schema, &mut words);
        assert!(!words.is_empty(), "{} lists no keys", path.display());
        for word in words {
            if !doc.contains(&format!("`{word}`")) {
                missing.push(format!(
                    "{} (from {})",
                    word,
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    assert_eq!(schemas, 7, "expected the seven schemas in schema/");
    assert!(
        missing.is_empty(),
        "docs/authoring.md does not name these keys or values as `key`: {missing:?}"
    );
}

/// The complete examples: (target path, YAML text) for each fenced block that directly follows a
/// line `<!-- example: <path> -->`.
fn examples(doc: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = doc.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(path) = line
            .trim()
            .strip_prefix("<!-- example:")
            .and_then(|rest| rest.strip_suffix("-->"))
            .map(str::trim)
        else {
            continue;
        };
        let fence = lines.get(i + 1).copied().unwrap_or("");
        assert_eq!(
            fence.trim(),
            "```yaml",
            "the example marker for {path} must be followed directly by a ```yaml block"
        );
        let body: Vec<&str> = lines[i + 2..]
            .iter()
            .take_while(|l| l.trim() != "```")
            .copied()
            .collect();
        assert!(
            i + 2 + body.len() < lines.len(),
            "the example for {path} is not closed"
        );
        out.push((path.to_owned(), body.join("\n") + "\n"));
    }
    out
}

#[test]
fn the_complete_examples_pass_check() {
    let doc = read("docs/authoring.md");
    let examples = examples(&doc);
    for needed in ["modules/", "quizzes/"] {
        assert!(
            examples.iter().any(|(p, _)| p.starts_with(needed)),
            "docs/authoring.md has no complete example marked `<!-- example: {needed}<id>.yaml -->`"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("examples/minimal"), dir.path());
    for (path, text) in &examples {
        let relative = Path::new(path);
        assert!(
            relative.is_relative()
                && relative
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))),
            "example path `{path}` must be a plain relative path"
        );
        std::fs::create_dir_all(dir.path().join(relative).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(relative), text).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .arg("check")
        .current_dir(dir.path())
        // 2026-11-18, so that the review dates in the examples are judged against a fixed day.
        .env("SOURCE_DATE_EPOCH", "1795000000")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(0),
        "the complete examples in docs/authoring.md fail `leskit check`:\n{stderr}"
    );
    assert!(
        !stderr.contains("warning["),
        "the complete examples in docs/authoring.md give warnings:\n{stderr}"
    );
}

#[test]
fn every_limit_is_in_the_security_notes() {
    let limits = read("src/limits.rs");
    let doc = read("docs/security.md");
    let names: Vec<&str> = limits
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub const "))
        .filter_map(|l| l.split(':').next())
        .map(str::trim)
        .collect();
    assert!(names.len() > 5, "no limits found in src/limits.rs");
    let missing: Vec<_> = names
        .iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/security.md does not list these limits from src/limits.rs: {missing:?}"
    );
}

/// The `## …` section of `doc` whose heading names `name`, up to the next `## `.
fn section<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let start = doc
        .match_indices("\n## ")
        .map(|(i, _)| i + 1)
        .find(|&i| doc[i..].lines().next().is_some_and(|h| h.contains(name)))?;
    let end = doc[start + 3..]
        .find("\n## ")
        .map_or(doc.len(), |j| start + 3 + j + 1);
    Some(&doc[start..end])
}

/// The LMS guide says per LMS what `leskit describe` and the report beside each package say,
/// from the one owner (`src/package/lms.rs`): the row of "Which target to choose", the upload
/// step, and the table of settings.
#[test]
fn the_lms_guide_says_what_the_package_reports_say() {
    use leskit::package::lms::{LMSS, settings_table};
    let doc = read("docs/lms-guide.md");
    let choose = section(&doc, "Which target to choose").expect("the section is there");
    let mut wrong = Vec::new();
    for lms in LMSS {
        let row = choose.lines().find(|l| {
            l.split('|')
                .nth(1)
                .is_some_and(|c| c.split(',').any(|n| n.trim().starts_with(lms.name)))
        });
        let want = format!("| {} | {} |", lms.choose, lms.why);
        if !row.is_some_and(|r| r.ends_with(&want)) {
            wrong.push(format!(
                "{}: \"Which target to choose\" has {row:?}, src/package/lms.rs says `{want}`",
                lms.name
            ));
        }
        let Some(own) = section(&doc, lms.name) else {
            wrong.push(format!("{}: no section of its own", lms.name));
            continue;
        };
        if !own.contains(lms.upload) {
            wrong.push(format!(
                "{}: the section does not say `{}`",
                lms.name, lms.upload
            ));
        }
        let table = settings_table(lms);
        if !own.contains(&table) {
            wrong.push(format!(
                "{}: the section's settings differ from src/package/lms.rs, which has\n{table}",
                lms.name
            ));
        }
    }
    assert!(wrong.is_empty(), "docs/lms-guide.md:\n{}", wrong.join("\n"));
}
