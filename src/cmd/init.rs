//! `leskit init`: a starting project that checks and builds as it is.

use std::path::{Path, PathBuf};

use leskit::diag::display_path;
use leskit::error::Result;
use leskit::exit::OK;
use leskit::output::Style;
use leskit::status;

use super::{label, plural};

pub fn run(dir: Option<PathBuf>, force: bool) -> Result<u8> {
    let dir = dir.unwrap_or_else(|| PathBuf::from("."));
    let written = leskit::scaffold::init(&dir, force)?;
    status!(
        "{} a leskit project in {} ({}): an example to change into your own",
        label(Style::Done, "started"),
        display_path(&dir),
        plural(written.len(), "file")
    );
    let cd = if dir == Path::new(".") {
        String::new()
    } else {
        format!("cd {} && ", display_path(&dir))
    };
    status!("next: `{cd}leskit check`, then `leskit build` or `leskit preview`");
    Ok(OK)
}
