//! The `leskit` binary: parse the command line, run the command (one file each in `cmd/`), and
//! end with its exit code: 0 fine, 1 invalid input, 2 wrong usage, 3 a file could not be read or
//! written.

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, ColorWhen};
use leskit::errln;
use leskit::exit::IO;
use leskit::output::{ColorChoice, Stream, Style, Verbosity};

fn main() -> ExitCode {
    let cli = Cli::parse();
    leskit::output::set_color(match cli.color {
        ColorWhen::Auto => ColorChoice::Auto,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
    });
    leskit::output::set_verbosity(match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    });
    let mut code = cmd::run(cli.command).unwrap_or_else(|e| {
        errln!("{}: {e}", cmd::label(Style::Error, "error"));
        e.exit_code()
    });
    // Everything is printed through `leskit::output`: a reader that went away (`| head -1`) only
    // stopped the printing, and the exit code stays the command's own. Output lost for another
    // reason (a full disk behind `>`) is an I/O error.
    leskit::output::flush();
    if let Some(e) = leskit::output::failure(Stream::Stdout) {
        errln!(
            "{}: could not write to standard output: {e}",
            cmd::label(Style::Error, "error")
        );
        code = code.max(IO);
    }
    if leskit::output::failure(Stream::Stderr).is_some() {
        code = code.max(IO);
    }
    ExitCode::from(code)
}
