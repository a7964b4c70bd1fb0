//! `leskit schema`: a file kind's JSON Schema on standard output, or all of them into a folder.

use std::path::Path;

use leskit::diag::display_path;
use leskit::error::{Error, Result};
use leskit::exit::OK;
use leskit::{out, status};

pub fn run(kind: Option<String>, out: Option<&Path>) -> Result<u8> {
    if let Some(dir) = out {
        leskit::fs::create_dir_all(dir)?;
        for kind in leskit::schema::KINDS {
            let path = dir.join(format!("{kind}.schema.json"));
            let text = leskit::schema::schema(kind).expect("known kind");
            leskit::fs::write_atomic(&path, |w| w.write_all(text.as_bytes()))?;
        }
        status!(
            "wrote {} schemas to {}",
            leskit::schema::KINDS.len(),
            display_path(dir)
        );
        return Ok(OK);
    }
    let kind = kind.unwrap_or_else(|| "module".to_owned());
    match leskit::schema::schema(&kind) {
        Some(text) => {
            out!("{text}");
            Ok(OK)
        }
        None => Err(Error::Usage(format!(
            "unknown kind `{kind}`: the kinds are {}",
            leskit::schema::KINDS.join(", ")
        ))),
    }
}
