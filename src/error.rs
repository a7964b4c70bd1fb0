//! Failures that stop a command, as opposed to problems in the input (those are diagnostics).

use std::path::PathBuf;

use crate::exit;

/// Why a command could not do its work; [`Error::exit_code`] says how the run ends.
#[derive(Debug)]
pub enum Error {
    /// Reading or writing a file failed (exit code 3).
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// The command was used wrongly (exit code 2).
    Usage(String),
    /// The input cannot be packaged as it is: what is wrong and how to fix it (exit code 1).
    Invalid(String),
    /// A template failed to render; the message names the template and line (exit code 1).
    Template(String),
}

impl Error {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            action,
            source,
        }
    }

    /// The exit code a run that fails with this error ends with.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Io { .. } => exit::IO,
            Error::Usage(_) => exit::USAGE,
            Error::Invalid(_) | Error::Template(_) => exit::INVALID,
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io {
                path,
                action,
                source,
            } => {
                write!(
                    f,
                    "could not {action} `{}`: {source}",
                    crate::diag::display_path(path)
                )
            }
            Error::Usage(msg) | Error::Invalid(msg) | Error::Template(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
