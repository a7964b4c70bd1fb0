//! The exit codes of the binary, one meaning each. Errors ([`crate::error::Error::exit_code`])
//! and diagnostics ([`crate::diag::Diagnostics::exit_code`]) both end a run with one of these.

/// Done, perhaps with warnings.
pub const OK: u8 = 0;
/// The input has problems (diagnostics, or a limit a package cannot hold).
pub const INVALID: u8 = 1;
/// The command was used wrongly.
pub const USAGE: u8 = 2;
/// A file could not be read or written.
pub const IO: u8 = 3;
