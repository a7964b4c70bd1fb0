//! The preview's HTTP server: synchronous, on 127.0.0.1 only, one thread per connection and one
//! request per connection (`Connection: close`), GET and HEAD only. (A general server crate that
//! keeps connections alive can leave a new connection waiting behind an idle one; a page of the
//! preview opens many at once, so this one never keeps any.)
//!
//! Routes:
//! - `/` — the simulated LMS page;
//! - `/lms/<file>` — its scripts and styles, and the vendored scorm-again run-times;
//! - `/lms/state.json` — the current build and its problems;
//! - `/module/<target>/<language>/<file>` — the files of the package, from memory;
//! - `/events` — server-sent events: one message per build, good or bad.
//!
//! Limits, against a page or program that opens connections and never finishes them:
//! - a request's whole head must arrive within [`HEAD_DEADLINE`] (one deadline for the head, not
//!   a timeout per read, so a client that sends one byte every few seconds is closed too), and a
//!   response must be taken within [`RESPONSE_DEADLINE`]; a late head is answered `408`;
//! - at most [`MAX_CONNECTIONS`] connections are open at once, the live-reload event streams
//!   included; one more is answered `503` (with `Retry-After`) at once and closed, without a
//!   thread of its own.
//!
//! Nothing is read from the disk at request time: a path is served only when it is a key of the
//! in-memory snapshot or one of the embedded assets. Paths are percent-decoded once and refused
//! when they hold `..` or `.` segments, empty segments, backslashes or control characters.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::site::{Outcome, Problem, Views};
use crate::error::{Error, Result};
use crate::package::Target;

/// The LMS page and its assets, embedded in the binary.
const ASSETS: &[(&str, &[u8])] = &[
    ("lms.html", include_bytes!("assets/lms.html")),
    ("lms.css", include_bytes!("assets/lms.css")),
    ("lms.js", include_bytes!("assets/lms.js")),
    ("cmi-patterns.js", include_bytes!("assets/cmi-patterns.js")),
    ("checks.js", include_bytes!("assets/checks.js")),
    // The page shell's table of SCORM elements, which the checks share.
    (
        "scorm-elements.js",
        concat!(
            "var LeskitElements = ",
            include_str!("../../templates/page/scorm-elements.json"),
            ";\n"
        )
        .as_bytes(),
    ),
    (
        "scorm-again/scorm12.min.js",
        include_bytes!("../../vendor/scorm-again-3.4.3/dist/scorm12.min.js"),
    ),
    (
        "scorm-again/scorm2004.min.js",
        include_bytes!("../../vendor/scorm-again-3.4.3/dist/scorm2004.min.js"),
    ),
    (
        "scorm-again/LICENSE",
        include_bytes!("../../vendor/scorm-again-3.4.3/LICENSE"),
    ),
];

/// The policy of the LMS page: its own scripts only, frames of its own origin only, and no
/// framing by other sites.
const LMS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What the server shows: the last good build and the latest problems.
pub struct State {
    target: Target,
    module_id: String,
    inner: RwLock<Snapshot>,
    /// Bumped with every published build; event streams wait on it.
    version: Mutex<u64>,
    changed: Condvar,
    stopping: AtomicBool,
}

struct Snapshot {
    views: Option<Arc<Views>>,
    /// Counts the builds that changed what is served.
    build: u64,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// The JSON of `/lms/state.json` and of each event.
#[derive(Serialize)]
struct StateJson<'a> {
    version: u64,
    build: u64,
    ok: bool,
    module: &'a str,
    title: Option<&'a str>,
    target: &'a str,
    targets: Vec<&'a str>,
    languages: Vec<&'a str>,
    errors: &'a [Problem],
    warnings: &'a [Problem],
}

impl State {
    pub fn new(target: Target, module_id: String) -> State {
        State {
            target,
            module_id,
            inner: RwLock::new(Snapshot {
                views: None,
                build: 0,
                errors: Vec::new(),
                warnings: Vec::new(),
            }),
            version: Mutex::new(0),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
        }
    }

    /// Makes a build's outcome visible: new files when it succeeded (and changed anything), its
    /// problems either way. Wakes every event stream.
    pub fn publish(&self, outcome: Outcome) {
        {
            let mut snap = self.inner.write().unwrap_or_else(|e| e.into_inner());
            if let Some(views) = outcome.views {
                let same = snap.views.as_ref().is_some_and(|old| old.same_as(&views));
                if !same {
                    snap.views = Some(Arc::new(views));
                    snap.build += 1;
                }
            }
            snap.errors = outcome.errors;
            snap.warnings = outcome.warnings;
        }
        let mut version = self.version.lock().unwrap_or_else(|e| e.into_inner());
        *version += 1;
        self.changed.notify_all();
    }

    /// Ends every event stream (on Ctrl-C).
    pub fn wake_all(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _guard = self.version.lock().unwrap_or_else(|e| e.into_inner());
        self.changed.notify_all();
    }

    fn version(&self) -> u64 {
        *self.version.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn json(&self) -> String {
        let version = self.version();
        let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let views = snap.views.as_deref();
        serde_json::to_string(&StateJson {
            version,
            build: snap.build,
            ok: snap.errors.is_empty() && views.is_some(),
            module: &self.module_id,
            title: views.map(|v| v.title.as_str()),
            target: self.target.name(),
            targets: Target::SCORM.iter().map(|t| t.name()).collect(),
            languages: views.map_or_else(Vec::new, |v| {
                v.languages.iter().map(String::as_str).collect()
            }),
            errors: &snap.errors,
            warnings: &snap.warnings,
        })
        .expect("the state always serialises")
    }

    fn module_file(&self, target: &str, lang: &str, path: &str) -> Option<Arc<[u8]>> {
        let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let views = snap.views.as_ref()?;
        let target = Target::from_name(target)?.name();
        views
            .files
            .get(&(target, lang.to_owned()))?
            .get(path)
            .cloned()
    }
}

/// Binds 127.0.0.1: the given port, any free port for 0, or [`super::DEFAULT_PORT`] and the
/// next ones when no port is given.
pub fn bind(port: Option<u16>) -> Result<TcpListener> {
    let at = |p: u16| TcpListener::bind(SocketAddrV4::new(Ipv4Addr::LOCALHOST, p));
    match port {
        Some(p) => at(p).map_err(|e| {
            Error::Usage(format!(
                "could not listen on 127.0.0.1:{p} ({e}); choose another port, or leave out --port to take the next free one"
            ))
        }),
        None => {
            let first = super::DEFAULT_PORT;
            let mut last_error = None;
            for p in first..first.saturating_add(50) {
                match at(p) {
                    Ok(l) => return Ok(l),
                    Err(e) => last_error = Some(e),
                }
            }
            Err(Error::Usage(format!(
                "no free port from {first} on ({}); choose one with --port",
                last_error.map_or_else(String::new, |e| e.to_string())
            )))
        }
    }
}

/// The most connections the preview holds open at once, each with its thread, the live-reload
/// event streams included. A browser opens at most six connections to one server for a page, so
/// this is room for many tabs; beyond it a connection is answered `503` and closed.
pub const MAX_CONNECTIONS: usize = 64;

/// The time a client has to send a request's whole head, from the moment it is accepted.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// The time a client has to take a whole response (not counting event streams, which last as
/// long as their page, and notice a closed one at the next message).
pub const RESPONSE_DEADLINE: Duration = Duration::from_secs(30);

/// One of the [`MAX_CONNECTIONS`]: taken when a connection is accepted, given back when it
/// is closed (when its thread ends, whatever way).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers requests until `stop` is set; [`wake`] ends the wait for the next connection.
pub fn serve(listener: &TcpListener, state: &Arc<State>, stop: &AtomicBool) {
    let port = listener.local_addr().map_or(0, |a| a.port());
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let Some(slot) = Slot::take(&open) else {
            busy(stream);
            continue;
        };
        let state = Arc::clone(state);
        // A thread that cannot be started (the system's limit) only loses this connection.
        let _ = std::thread::Builder::new().spawn(move || {
            let _slot = slot;
            if let Some(request) = Request::read(stream) {
                handle(request, &state, port);
            }
        });
    }
}

/// Answers a connection beyond [`MAX_CONNECTIONS`] with `503` and closes it, on the accepting
/// thread and without waiting for it: what the client sent so far is read without blocking (so
/// that closing does not reset the connection before the answer arrives), and the short answer
/// fits in a new socket's buffer.
fn busy(mut stream: TcpStream) {
    if stream.set_nonblocking(true).is_ok() {
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
    }
    let body = b"the preview has too many open connections; try again\n";
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Ends [`serve`]'s wait for a connection, once its `stop` is set.
pub fn wake(addr: SocketAddr) {
    let _ = TcpStream::connect_timeout(&addr, Duration::from_secs(1));
}

/// The most a request's head may hold.
const MAX_HEAD: usize = 16 * 1024;

/// One request: its method, target and Host header, and the connection to answer on.
struct Request {
    stream: TcpStream,
    method: String,
    target: String,
    host: Option<String>,
}

impl Request {
    /// Reads a request's head. A connection that sends no complete head within
    /// [`HEAD_DEADLINE`] is answered `408` and closed, however it spreads its bytes; one whose
    /// head is too long or not HTTP/1 is answered and closed.
    fn read(mut stream: TcpStream) -> Option<Request> {
        let deadline = Instant::now() + HEAD_DEADLINE;
        let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
        let mut head = Vec::new();
        let mut buf = [0u8; 2048];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let left = deadline.saturating_duration_since(Instant::now());
            let late = left.is_zero() || stream.set_read_timeout(Some(left)).is_err();
            let read = if late {
                None
            } else {
                Some(stream.read(&mut buf))
            };
            match read {
                Some(Ok(0)) => return None,
                Some(Ok(n)) => head.extend_from_slice(&buf[..n]),
                Some(Err(e))
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    return None;
                }
                None | Some(Err(_)) => {
                    let _ = stream.write_all(
                        b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                    );
                    return None;
                }
            }
            if head.len() > MAX_HEAD {
                let _ = stream.write_all(
                    b"HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
                );
                return None;
            }
        }
        let text = String::from_utf8_lossy(&head);
        let mut lines = text.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let (Some(method), Some(target), Some(version)) =
            (first.next(), first.next(), first.next())
        else {
            let _ = stream.write_all(
                b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
            );
            return None;
        };
        if !version.starts_with("HTTP/1.") {
            return None;
        }
        let host = lines
            .filter_map(|l| l.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("host"))
            .map(|(_, value)| value.trim().to_ascii_lowercase());
        Some(Request {
            method: method.to_owned(),
            target: target.to_owned(),
            host,
            stream,
        })
    }
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" | "xsd" => "application/xml",
        "dtd" => "application/xml-dtd",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        421 => "Misdirected Request",
        _ => "Not Found",
    }
}

fn respond(mut request: Request, status: u16, body: &[u8], kind: &str, extra: &[(&str, &str)]) {
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = std::io::BufWriter::new(Deadline {
        stream: &mut request.stream,
        until: Instant::now() + RESPONSE_DEADLINE,
    });
    let _ = out.write_all(head.as_bytes());
    if request.method != "HEAD" {
        let _ = out.write_all(body);
    }
    let _ = out.flush();
}

/// A connection that must take what is written by `until`: each write may block only for the
/// time that is left.
struct Deadline<'a> {
    stream: &'a mut TcpStream,
    until: Instant,
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_write_timeout(Some(left))?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.stream.flush()
    }
}

fn refuse(request: Request, status: u16) {
    let text: &[u8] = match status {
        400 => b"bad request\n",
        403 => b"forbidden\n",
        405 => b"method not allowed\n",
        421 => b"misdirected request\n",
        _ => b"not found\n",
    };
    respond(request, status, text, "text/plain; charset=utf-8", &[]);
}

fn handle(request: Request, state: &State, port: u16) {
    if request.method != "GET" && request.method != "HEAD" {
        return refuse(request, 405);
    }
    // Only this machine's names: a page elsewhere that points its own host name at 127.0.0.1
    // (DNS rebinding) gets nothing.
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    if !request.host.as_ref().is_some_and(|h| allowed.contains(h)) {
        return refuse(request, 421);
    }
    let path = match safe_request_path(&request.target) {
        Ok(p) => p,
        Err(status) => return refuse(request, status),
    };
    match path.as_str() {
        "/" | "/index.html" => {
            let page = asset("lms.html").expect("embedded");
            respond(
                request,
                200,
                page,
                "text/html; charset=utf-8",
                &[("Content-Security-Policy", LMS_CSP)],
            );
        }
        "/events" => events(request, state),
        "/lms/state.json" => {
            let json = state.json();
            respond(
                request,
                200,
                json.as_bytes(),
                "application/json; charset=utf-8",
                &[],
            );
        }
        "/favicon.ico" => respond(request, 204, b"", "image/x-icon", &[]),
        p => {
            if let Some(name) = p.strip_prefix("/lms/") {
                match asset(name) {
                    Some(bytes) => respond(request, 200, bytes, content_type(name), &[]),
                    None => refuse(request, 404),
                }
            } else if let Some(rest) = p.strip_prefix("/module/") {
                let mut parts = rest.splitn(3, '/');
                let (Some(target), Some(lang), Some(file)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    return refuse(request, 404);
                };
                match state.module_file(target, lang, file) {
                    Some(bytes) => respond(request, 200, &bytes, content_type(file), &[]),
                    None => refuse(request, 404),
                }
            } else {
                refuse(request, 404)
            }
        }
    }
}

fn asset(name: &str) -> Option<&'static [u8]> {
    ASSETS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// The path of a request target, percent-decoded once, or the status that refuses it: 400 for
/// what is not a path or not UTF-8 after decoding, 403 for what tries to leave its folder or
/// could mean different files on different systems (`..`, `.`, empty segments, backslashes,
/// control characters, a drive letter).
pub fn safe_request_path(target: &str) -> std::result::Result<String, u16> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err(400);
    }
    let decoded = percent_decode(raw).ok_or(400u16)?;
    let decoded = String::from_utf8(decoded).map_err(|_| 400u16)?;
    if decoded.chars().any(|c| c.is_control() || c == '\\') {
        return Err(403);
    }
    if decoded == "/" {
        return Ok(decoded);
    }
    let inner = &decoded[1..];
    for segment in inner.split('/') {
        match segment {
            "." | ".." => return Err(403),
            // Only a trailing slash may leave an empty segment, and no route has one.
            "" => return Err(403),
            s if s.contains(':') => return Err(403),
            _ => {}
        }
    }
    Ok(decoded)
}

/// Percent-decoding, once; `None` for a `%` not followed by two hex digits.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Server-sent events: the state now, then again after every build, with a comment every 15 s so
/// a closed page is noticed.
fn events(request: Request, state: &State) {
    let mut out = request.stream;
    // A page that stops reading (a frozen tab) is let go after one message it did not take.
    let _ = out.set_write_timeout(Some(RESPONSE_DEADLINE));
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = u64::MAX;
    loop {
        if state.stopping.load(Ordering::SeqCst) {
            return;
        }
        let now = state.version();
        let message = if now != seen {
            seen = now;
            format!("event: state\ndata: {}\n\n", state.json())
        } else {
            ": still here\n\n".to_owned()
        };
        if out.write_all(message.as_bytes()).is_err() || out.flush().is_err() {
            return;
        }
        let guard = state.version.lock().unwrap_or_else(|e| e.into_inner());
        let _ = state
            .changed
            .wait_timeout_while(guard, Duration::from_secs(15), |v| {
                *v == seen && !state.stopping.load(Ordering::SeqCst)
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_once_and_kept_inside() {
        assert_eq!(safe_request_path("/"), Ok("/".into()));
        assert_eq!(
            safe_request_path("/module/scorm12/nl/media/a%20b.svg?x=1"),
            Ok("/module/scorm12/nl/media/a b.svg".into())
        );
        // Double encoding stays encoded once: a name that exists nowhere.
        assert_eq!(
            safe_request_path("/module/%252e%252e/x"),
            Ok("/module/%2e%2e/x".into())
        );
        for bad in [
            "/module/../Cargo.toml",
            "/module/%2e%2e/Cargo.toml",
            "/module/%2E%2E%2FCargo.toml",
            "/module/..%5cCargo.toml",
            "/module/..\\Cargo.toml",
            "/module//etc/passwd",
            "/module/./index.html",
            "/module/a%00b",
            "/module/C:/x",
        ] {
            assert!(
                matches!(safe_request_path(bad), Err(403)),
                "{bad} was not refused"
            );
        }
        for bad in ["module/x", "/a%zz", "/a%2", "/a%ff"] {
            assert!(
                matches!(safe_request_path(bad), Err(400)),
                "{bad} was not refused"
            );
        }
    }
}
