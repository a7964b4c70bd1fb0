//! Reproducible zips: the same files give the same bytes, whatever the clock, time zone, umask,
//! file times or folder.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::render::Site;

/// Every entry's time: 1980-01-01 00:00, the earliest a zip can hold.
pub const ZIP_EPOCH: &str = "1980-01-01 00:00:00";

/// Zips the manifest, the schema files and the rendered files, entries sorted by name, with fixed
/// times and permissions.
pub fn zip_site(site: &Site, manifest: &[u8], schemas: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = Vec::with_capacity(site.len() + schemas.len() + 1);
    entries.push(("imsmanifest.xml", manifest));
    entries.extend(schemas.iter().copied());
    entries.extend(site.iter().map(|(k, v)| (k.as_str(), v.as_slice())));
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // Writing into memory cannot fail; the names are checked safe relative paths.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(bytes).expect("zip entry in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}
