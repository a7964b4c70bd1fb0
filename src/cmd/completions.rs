//! `leskit completions`: a completion script for a shell.

use leskit::error::Result;
use leskit::exit::OK;
use leskit::out;

use crate::cli::Cli;

pub fn run(shell: clap_complete::Shell) -> Result<u8> {
    let mut script = Vec::new();
    clap_complete::generate(
        shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "leskit",
        &mut script,
    );
    out!("{}", String::from_utf8_lossy(&script));
    Ok(OK)
}
