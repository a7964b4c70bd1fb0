//! `leskit inspect`: every problem in each zip named, and a line per package that has no error.

use std::collections::BTreeSet;
use std::path::PathBuf;

use leskit::diag::{Diagnostics, Severity, display_path, render_human_styled, render_json};
use leskit::exit::OK;
use leskit::output::{Stream, Style};
use leskit::{errln, outln, status};

use super::{label, plural};
use crate::cli::MessageFormat;

pub fn run(zips: &[PathBuf], format: MessageFormat) -> leskit::error::Result<u8> {
    let mut worst = OK;
    for zip in zips {
        let inspected = leskit::inspect::inspect_path(zip)?;
        let diagnostics: Diagnostics = {
            let mut d = Diagnostics::default();
            d.extend(inspected.diagnostics.sorted());
            d
        };
        for d in diagnostics.iter() {
            match format {
                MessageFormat::Human => {
                    let source = d
                        .file
                        .as_ref()
                        .and_then(|f| inspected.texts.get(f))
                        .map(String::as_str);
                    errln!(
                        "{}",
                        render_human_styled(d, source, leskit::output::color(Stream::Stderr))
                    );
                }
                MessageFormat::Json => outln!("{}", render_json(d)),
            }
        }
        worst = worst.max(diagnostics.exit_code());
        if format == MessageFormat::Human {
            let errors = diagnostics.count(Severity::Error);
            let warnings = diagnostics.count(Severity::Warning);
            let standard = inspected
                .standard
                .map_or("no package".to_owned(), |s| s.label().to_owned());
            if errors == 0 {
                status!(
                    "{} {}: {standard}{}",
                    label(Style::Done, "inspected"),
                    display_path(zip),
                    match warnings {
                        0 => String::new(),
                        n => format!(" ({})", plural(n, "warning")),
                    }
                );
            } else {
                let files: BTreeSet<_> = diagnostics
                    .iter()
                    .filter(|d| d.is_error())
                    .filter_map(|d| d.file.as_ref())
                    .collect();
                errln!(
                    "{}: {} ({standard}): {} in {}{}",
                    label(Style::Error, "error"),
                    display_path(zip),
                    plural(errors, "error"),
                    plural(files.len().max(1), "file"),
                    match warnings {
                        0 => String::new(),
                        n => format!(", and {}", plural(n, "warning")),
                    }
                );
            }
        }
    }
    Ok(worst)
}
