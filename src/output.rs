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

use std::fmt;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

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
