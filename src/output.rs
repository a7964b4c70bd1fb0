//! Everything leskit prints goes through here: one writer for standard output and one for
//! standard error, used through [`out!`](crate::out), [`outln!`](crate::outln) and
//! [`errln!`](crate::errln) instead of `print!` and `eprintln!`.
//!
//! Standard `print!` panics when a write fails, so `leskit build 2>&1 | head -1` used to end in a
//! panic as soon as `head` had its line, and the build stopped halfway. Here a reader that went
//! away (a closed pipe, `EPIPE`) only means "stop printing to it": the command goes on, finishes
//! its work (every package is still written) and exits with its own status. Any other write
//! failure (a full disk behind `> log`) also stops printing to that stream, and is kept so that
//! the binary can report it once at the end ([`failure`]) and exit with the code of an I/O error.

//!
//! It also holds how the run prints: whether each stream gets colour ([`set_color`], like cargo:
//! on a terminal unless `NO_COLOR` is set, or as `--color` says) and how much is said
//! ([`set_verbosity`]: `-q` keeps only problems, `-v` adds detail).

use std::fmt;
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

/// One of the two streams.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

struct State {
    closed: AtomicBool,
    /// The first failure that was not a closed pipe.
    failure: Mutex<Option<std::io::Error>>,
}

static STDOUT: State = State::new();
static STDERR: State = State::new();

impl State {
    const fn new() -> State {
        State {
            closed: AtomicBool::new(false),
            failure: Mutex::new(None),
        }
    }
}

fn state(stream: Stream) -> &'static State {
    match stream {
        Stream::Stdout => &STDOUT,
        Stream::Stderr => &STDERR,
    }
}

/// Writes `args` to `stream`, and a line break when `newline` is set. Never panics: after the
/// first failure the stream is closed for the rest of the run and later writes do nothing.
pub fn write(stream: Stream, args: fmt::Arguments<'_>, newline: bool) {
    let state = state(stream);
    if state.closed.load(Ordering::Relaxed) {
        return;
    }
    let result = match stream {
        Stream::Stdout => write_to(&mut std::io::stdout().lock(), args, newline),
        Stream::Stderr => write_to(&mut std::io::stderr().lock(), args, newline),
    };
    if let Err(e) = result {
        close(state, e);
    }
}

fn write_to(w: &mut dyn Write, args: fmt::Arguments<'_>, newline: bool) -> std::io::Result<()> {
    w.write_fmt(args)?;
    if newline {
        w.write_all(b"\n")?;
    }
    Ok(())
}

fn close(state: &State, e: std::io::Error) {
    state.closed.store(true, Ordering::Relaxed);
    if e.kind() != std::io::ErrorKind::BrokenPipe {
        let mut failure = state.failure.lock().unwrap_or_else(|e| e.into_inner());
        failure.get_or_insert(e);
    }
}

/// Flushes standard output (standard error is not buffered), so that a failure of the last
/// buffered bytes is noticed too.
pub fn flush() {
    if !STDOUT.closed.load(Ordering::Relaxed)
        && let Err(e) = std::io::stdout().lock().flush()
    {
        close(&STDOUT, e);
    }
}

/// Whether `stream` still takes output (no write to it failed yet).
pub fn is_open(stream: Stream) -> bool {
    !state(stream).closed.load(Ordering::Relaxed)
}

/// The first write to `stream` that failed for another reason than a reader that went away, if
/// any: the output is incomplete and the run should say so and fail.
pub fn failure(stream: Stream) -> Option<std::io::Error> {
    state(stream)
        .failure
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
}

/// When to colour the output (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set to anything but an empty value or `TERM` is `dumb`.
    Auto,
    Always,
    Never,
}

static COLOR_STDOUT: AtomicBool = AtomicBool::new(false);
static COLOR_STDERR: AtomicBool = AtomicBool::new(false);

/// Decides for both streams whether they get colour. `NO_COLOR` is read here, once.
pub fn set_color(choice: ColorChoice) {
    let wanted = |terminal: bool| match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // Not on Windows: its console shows escape codes as text unless the program switches
        // on virtual-terminal processing, which leskit does not do (`--color always` for
        // Windows Terminal, which understands them).
        ColorChoice::Auto => {
            terminal
                && !cfg!(windows)
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
        }
    };
    COLOR_STDOUT.store(wanted(std::io::stdout().is_terminal()), Ordering::Relaxed);
    COLOR_STDERR.store(wanted(std::io::stderr().is_terminal()), Ordering::Relaxed);
}

/// Whether `stream` gets colour.
pub fn color(stream: Stream) -> bool {
    match stream {
        Stream::Stdout => COLOR_STDOUT.load(Ordering::Relaxed),
        Stream::Stderr => COLOR_STDERR.load(Ordering::Relaxed),
    }
}

/// What a coloured word is, as cargo colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `error`: bold red.
    Error,
    /// `warning`: bold yellow.
    Warning,
    /// The gutter and the `-->` of an excerpt, `help` and `note`: bold blue.
    Accent,
    /// Emphasis without colour: bold.
    Bold,
    /// A finished step (`checked`, `built`, `finished`): bold green.
    Done,
}

impl Style {
    /// The ANSI escape sequence that starts the style.
    pub fn ansi(self) -> &'static str {
        match self {
            Style::Error => "\x1b[1;31m",
            Style::Warning => "\x1b[1;33m",
            Style::Accent => "\x1b[1;34m",
            Style::Bold => "\x1b[1m",
            Style::Done => "\x1b[1;32m",
        }
    }
}

/// The sequence that ends a style.
pub const RESET: &str = "\x1b[0m";

/// `text` in `style` when `on`, else `text` as it is.
pub fn styled(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{}{text}{RESET}", style.ansi())
    } else {
        text.to_owned()
    }
}

/// `text` in `style` when `stream` gets colour.
pub fn paint(stream: Stream, style: Style, text: &str) -> String {
    styled(color(stream), style, text)
}

/// How much a run says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: only problems (diagnostics, errors, warnings) and what a command is for (a schema,
    /// a completion script, the preview's address).
    Quiet = 0,
    Normal = 1,
    /// `-v`: also where the project was found and what is used.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set_verbosity(v: Verbosity) {
    VERBOSITY.store(v as u8, Ordering::Relaxed);
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// A progress line on standard error (`checked …`, `built …`), left out with `-q`.
#[macro_export]
macro_rules! status {
    ($($arg:tt)*) => {
        if $crate::output::verbosity() >= $crate::output::Verbosity::Normal {
            $crate::output::write($crate::output::Stream::Stderr, format_args!($($arg)*), true)
        }
    };
}

/// A detail on standard error, shown only with `-v`.
#[macro_export]
macro_rules! verbose {
    ($($arg:tt)*) => {
        if $crate::output::verbosity() >= $crate::output::Verbosity::Verbose {
            $crate::output::write($crate::output::Stream::Stderr, format_args!($($arg)*), true)
        }
    };
}

/// `print!` through [`output`](crate::output): never panics on a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::write($crate::output::Stream::Stdout, format_args!($($arg)*), false)
    };
}

/// `println!` through [`output`](crate::output): never panics on a closed pipe.
#[macro_export]
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write($crate::output::Stream::Stdout, format_args!($($arg)*), true)
    };
}

/// `eprint!` through [`output`](crate::output): never panics on a closed pipe.
#[macro_export]
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::output::write($crate::output::Stream::Stderr, format_args!($($arg)*), false)
    };
}

/// `eprintln!` through [`output`](crate::output): never panics on a closed pipe.
#[macro_export]
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::write($crate::output::Stream::Stderr, format_args!($($arg)*), true)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Failing(std::io::ErrorKind);

    impl Write for Failing {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(self.0.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_stops_printing_and_is_not_a_failure() {
        let state = State::new();
        let e = write_to(
            &mut Failing(std::io::ErrorKind::BrokenPipe),
            format_args!("x"),
            true,
        )
        .unwrap_err();
        close(&state, e);
        assert!(state.closed.load(Ordering::Relaxed));
        assert!(state.failure.lock().unwrap().is_none());
        let e = write_to(
            &mut Failing(std::io::ErrorKind::StorageFull),
            format_args!("x"),
            true,
        )
        .unwrap_err();
        let other = State::new();
        close(&other, e);
        assert_eq!(
            other.failure.lock().unwrap().as_ref().map(|e| e.kind()),
            Some(std::io::ErrorKind::StorageFull)
        );
    }
}
