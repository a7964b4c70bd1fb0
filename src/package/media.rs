//! A module's own files (images and documents), read from its folder into its package, and a
//! course's cover image, into the web export's course page.
//!
//! Rendering names the files the pages use ([`crate::render::RenderedModule::assets`]); this is
//! where they are read, each one checked again as it is read: validation saw the folder earlier,
//! and a file may have been replaced by a symbolic link or grown since.

use std::path::Path;

use crate::error::{Error, Result};
use crate::model::{Module, Project};
use crate::render::Site;

/// Adds each of `assets` (safe paths relative to the module's folder) to `site` at
/// [`crate::text::media_path`]. A file that leads outside the module's folder, or is larger than
/// [`crate::limits::MAX_ASSET_BYTES`], is an error naming it.
pub fn add_media(
    project: &Project,
    module: &Module,
    assets: &[String],
    site: &mut Site,
) -> Result<()> {
    add_files(project, &project.asset_dir(&module.id), assets, site)
}

/// [`add_media`] for the files of any folder of the project (a module's, or a course's
/// `courses/<id>/`).
pub(super) fn add_files(
    project: &Project,
    dir: &Path,
    assets: &[String],
    site: &mut Site,
) -> Result<()> {
    for relative in assets {
        let from = dir.join(relative);
        // A file of the module that leads outside its folder is a problem of the input, as
        // validation's E0212 says, not of how leskit was called.
        let real = crate::fs::contain_in_module(&project.root, dir, &from).map_err(|r| {
            match crate::fs::refused_error(r, &from) {
                Error::Usage(why) => Error::Invalid(why),
                other => other,
            }
        })?;
        let meta = std::fs::metadata(&real).map_err(|e| Error::io("read", &from, e))?;
        if meta.len() > crate::limits::MAX_ASSET_BYTES {
            return Err(Error::Invalid(format!(
                "`{}` is larger than {} MiB; make it smaller before packaging",
                crate::diag::display_path(&from),
                crate::limits::MAX_ASSET_BYTES >> 20
            )));
        }
        let bytes = std::fs::read(&real).map_err(|e| Error::io("read", &from, e))?;
        site.insert(crate::text::media_path(relative), bytes);
    }
    Ok(())
}
