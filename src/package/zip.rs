//! Reproducible zips: the same files give the same bytes, whatever the clock, time zone, umask,
//! file times or folder.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::{Mutex, OnceLock};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::render::Site;

/// Every entry's time: 1980-01-01 00:00, the earliest a zip can hold.
pub const ZIP_EPOCH: &str = "1980-01-01 00:00:00";

/// Zips the manifest (name and contents, at the root), the schema files and the rendered files,
/// entries sorted by name, with fixed times and permissions.
pub fn zip_site(
    site: &Site,
    manifest: Option<(&str, &[u8])>,
    schemas: &[(&str, &[u8])],
) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = Vec::with_capacity(site.len() + schemas.len() + 1);
    entries.extend(manifest);
    entries.extend(schemas.iter().copied());
    entries.extend(site.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // The schema files and the page shell are the same in every package: compressing them
        // once and copying the compressed bytes saves most of a build's time. The copy is the
        // same entry, byte for byte, as compressing it again would give.
        if is_shared(name, schemas) {
            let single = compressed_once(name, bytes, options);
            let mut archive =
                zip::ZipArchive::new(Cursor::new(single.as_slice())).expect("a zip made here");
            let entry = archive
                .by_index_raw(0)
                .expect("a zip made here has its entry");
            zip.raw_copy_file(entry).expect("zip entry in memory");
            continue;
        }
        // Writing into memory cannot fail; the names are checked safe relative paths.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(bytes).expect("zip entry in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}

/// Entries that every package of a build shares: the schema files and the page shell's files.
fn is_shared(name: &str, schemas: &[(&str, &[u8])]) -> bool {
    schemas.iter().any(|(n, _)| *n == name)
        || (name.starts_with("leskit/") || name.contains("/leskit/")) && name != super::FACTS_FILE
}

/// A one-entry zip holding `bytes` compressed, made once per distinct contents in this process.
/// Keyed by the contents themselves, so a changed template (in the preview) is simply another
/// entry; the cache is emptied when it grows beyond what any build needs.
fn compressed_once(
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
) -> std::sync::Arc<Vec<u8>> {
    type Cache = HashMap<(String, Vec<u8>), std::sync::Arc<Vec<u8>>>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let key = (name.to_owned(), bytes.to_vec());
    if let Some(hit) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return hit.clone();
    }
    let mut single = ZipWriter::new(Cursor::new(Vec::new()));
    single
        .start_file(name, options)
        .expect("zip entry in memory");
    single.write_all(bytes).expect("zip entry in memory");
    let made = std::sync::Arc::new(single.finish().expect("zip in memory").into_inner());
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= 256 {
        cache.clear();
    }
    cache.insert(key, made.clone());
    made
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Copying a shared entry gives the same bytes as compressing it in place.
    #[test]
    fn copied_entries_equal_compressed_ones() {
        let mut site = Site::new();
        site.insert("index.html".to_owned(), b"<p>hallo</p>".to_vec());
        site.insert("leskit/leskit.js".to_owned(), b"var x = 1;".repeat(500));
        let schemas: &[(&str, &[u8])] = &[("a.xsd", b"<xsd/>")];
        let copied = zip_site(&site, Some(("imsmanifest.xml", b"<manifest/>")), schemas);
        // The same files, all compressed in place: no name counts as shared here.
        let mut plain = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        for (name, bytes) in [
            ("a.xsd", &b"<xsd/>"[..]),
            ("imsmanifest.xml", b"<manifest/>"),
            ("index.html", b"<p>hallo</p>"),
            ("leskit/leskit.js", &site["leskit/leskit.js"]),
        ] {
            plain.start_file(name, options).unwrap();
            plain.write_all(bytes).unwrap();
        }
        assert_eq!(copied, plain.finish().unwrap().into_inner());
    }
}
