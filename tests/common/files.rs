//! Reading what a build wrote: every file of a folder, every entry of a zip. Shared by the
//! integration tests; each uses what it needs.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// Every file under `dir` with its bytes, by relative path with `/`.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(at) = todo.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                let name = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                found.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Every entry of the zip at `path` with its bytes, by name.
pub fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        files.insert(entry.name().to_owned(), bytes);
    }
    files
}

/// The page data of a launch page: the JSON of its `lk-data` element.
pub fn page_data(html: &[u8]) -> serde_json::Value {
    let html = std::str::from_utf8(html).expect("the launch page is UTF-8");
    let open = "<script id=\"lk-data\" type=\"application/json\">";
    let start = html.find(open).expect("the page has its data") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// Checks that the committed fixture at `path` (relative to the repository) is `fresh`; with
/// `LESKIT_UPDATE_FIXTURES` set, writes it instead. `test` names the test target that writes it.
pub fn assert_fixture_current(path: &str, fresh: &str, test: &str) {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("LESKIT_UPDATE_FIXTURES").is_some() {
        std::fs::write(&full, fresh).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is out of date: run `LESKIT_UPDATE_FIXTURES=1 cargo test --test {test}` and commit it"
    );
}
