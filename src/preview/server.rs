//! The preview's HTTP server: synchronous, on 127.0.0.1 only, one thread per connection and one
//! request per connection (`Connection: close`), GET and HEAD only. (A general server crate that
//! keeps connections alive can leave a new connection waiting behind an idle one; a page of the
//! preview opens many at once, so this one never keeps any.)
//!
//! Routes:
//! - `/` — the index of the whole project (`/lms/project.json`; `/events` streams it again after
//!   every check), or, when the preview was started with one module or course, its LMS page;
//! - `/modules/<id>/`, `/courses/<id>/` — the LMS page of a module or course, with its
//!   `state.json` (the current build and its problems), its `events` (server-sent events: one
//!   message per check, good or bad) and its package under `files/<target>/<language>/<file>`,
//!   rendered when first asked for and again after every save;
//! - with one module or course: `/lms/state.json`, `/events` and `/module/<target>/<language>/<file>`
//!   for it, as before there was an index;
//! - `/lms/<file>` — the pages' scripts and styles, and the vendored scorm-again run-times.
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

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use serde::Serialize;

use super::site::{Good, Item, ItemInfo, Outcome, Problem, Views, render};
use crate::error::{Error, Result};
use crate::package::Target;

/// The LMS page and its assets, embedded in the binary.
const ASSETS: &[(&str, &[u8])] = &[
    ("lms.html", include_bytes!("assets/lms.html")),
    ("index.html", include_bytes!("assets/index.html")),
    ("index.js", include_bytes!("assets/index.js")),
    ("course.js", include_bytes!("assets/course.js")),
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

/// What the server shows: the last good check of the project, the latest problems, and the
/// packages of the modules and courses that were asked for.
pub struct State {
    target: Target,
    /// The module or course the preview was started with; `None`: the whole project.
    single: Option<Item>,
    inner: RwLock<Snapshot>,
    /// One rendering at a time: a page's requests arrive together.
    rendering: Mutex<()>,
    /// Bumped with every published build; event streams wait on it.
    version: Mutex<u64>,
    changed: Condvar,
    stopping: AtomicBool,
}

struct Snapshot {
    good: Option<Arc<Good>>,
    /// Counts the good checks: what was rendered from an older one is rendered again.
    generation: u64,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    items: Vec<ItemInfo>,
    targets: Vec<&'static str>,
    /// The packages rendered so far, of what a page asked for.
    views: BTreeMap<Item, Rendered>,
}

#[derive(Default)]
struct Rendered {
    views: Option<Arc<Views>>,
    /// The generation it was rendered from.
    generation: u64,
    /// Counts the renderings that changed what is served.
    build: u64,
    /// Why it could not be rendered from the current generation.
    error: Option<Problem>,
}

/// The JSON of a module's or course's `state.json` and of each of its events.
#[derive(Serialize)]
struct StateJson<'a> {
    version: u64,
    build: u64,
    ok: bool,
    kind: &'static str,
    /// The module's or course's id (what the page keeps its stored data under).
    module: &'a str,
    title: Option<&'a str>,
    /// Where the page finds the package's files: `<base><target>/<language>/<file>`.
    base: String,
    /// Where the page finds the index of the whole project, if it has one.
    index: Option<&'static str>,
    target: &'a str,
    targets: Vec<&'a str>,
    languages: Vec<&'a str>,
    errors: Vec<&'a Problem>,
    warnings: Vec<&'a Problem>,
}

/// The JSON of the project's index, `/lms/project.json`, and of each event of `/events`.
#[derive(Serialize)]
struct ProjectJson<'a> {
    version: u64,
    ok: bool,
    target: &'a str,
    /// The standards `leskit.toml` builds.
    targets: Vec<&'a str>,
    items: &'a [ItemInfo],
    warnings: usize,
    errors: &'a [Problem],
}

impl State {
    pub fn new(target: Target, single: Option<Item>) -> State {
        State {
            target,
            single,
            inner: RwLock::new(Snapshot {
                good: None,
                generation: 0,
                errors: Vec::new(),
                warnings: Vec::new(),
                items: Vec::new(),
                targets: Vec::new(),
                views: BTreeMap::new(),
            }),
            rendering: Mutex::new(()),
            version: Mutex::new(0),
            changed: Condvar::new(),
            stopping: AtomicBool::new(false),
        }
    }

    /// Makes a check's outcome visible: its problems and list of modules and courses, and when
    /// it has no errors, the packages of everything a page showed rendered again from it (those
    /// that changed count a new build). Wakes every event stream.
    pub fn publish(&self, outcome: Outcome) {
        let open: Vec<Item> = {
            let mut snap = self.inner.write().unwrap_or_else(|e| e.into_inner());
            if let Some(good) = outcome.good {
                snap.good = Some(good);
                snap.generation += 1;
            }
            snap.errors = outcome.errors;
            snap.warnings = outcome.warnings;
            snap.items = outcome.items;
            snap.targets = outcome.targets;
            let mut open: Vec<Item> = snap.views.keys().cloned().collect();
            if let Some(single) = &self.single
                && !open.contains(single)
            {
                open.push(single.clone());
            }
            open
        };
        for item in &open {
            self.ensure(item);
        }
        let mut version = self.version.lock().unwrap_or_else(|e| e.into_inner());
        *version += 1;
        self.changed.notify_all();
    }

    /// Renders `item` from the current good check, unless that was done already.
    fn ensure(&self, item: &Item) {
        let _one = self.rendering.lock().unwrap_or_else(|e| e.into_inner());
        let (good, generation) = {
            let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
            let done = snap
                .views
                .get(item)
                .is_some_and(|r| r.generation == snap.generation);
            match &snap.good {
                Some(good) if !done => (Arc::clone(good), snap.generation),
                _ => return,
            }
        };
        let result = render(&good, item);
        let mut snap = self.inner.write().unwrap_or_else(|e| e.into_inner());
        let entry = snap.views.entry(item.clone()).or_default();
        entry.generation = generation;
        match result {
            Ok(views) => {
                entry.error = None;
                let same = entry.views.as_ref().is_some_and(|old| old.same_as(&views));
                if !same {
                    entry.views = Some(Arc::new(views));
                    entry.build += 1;
                }
            }
            Err(problem) => entry.error = Some(problem),
        }
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

    /// Whether `item` is a module or course of the project (or the one the preview was started
    /// with, which may be gone for now).
    fn knows(&self, item: &Item) -> bool {
        self.single.as_ref() == Some(item) || {
            let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
            snap.items.iter().any(|i| i.item == *item)
        }
    }

    /// The state of `item` as its LMS page reads it.
    fn item_json(&self, item: &Item) -> String {
        self.ensure(item);
        let version = self.version();
        let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let rendered = snap.views.get(item);
        let views = rendered.and_then(|r| r.views.as_deref());
        let mut errors: Vec<&Problem> = snap.errors.iter().collect();
        errors.extend(rendered.and_then(|r| r.error.as_ref()));
        let warnings = match snap.items.iter().find(|i| i.item == *item) {
            Some(info) => snap
                .warnings
                .iter()
                .filter(|w| w.source.as_deref().is_some_and(|s| info.uses(s)))
                .collect(),
            None => snap.warnings.iter().collect(),
        };
        let single = self.single.as_ref() == Some(item);
        serde_json::to_string(&StateJson {
            version,
            build: rendered.map_or(0, |r| r.build),
            ok: errors.is_empty() && views.is_some(),
            kind: item.kind(),
            module: item.id(),
            title: views.map(|v| v.title.as_str()),
            base: if single {
                "/module/".to_owned()
            } else {
                format!("{}files/", item.href())
            },
            index: self.single.is_none().then_some("/"),
            target: self.target.name(),
            targets: views.map_or_else(
                || Target::SCORM.iter().map(|t| t.name()).collect(),
                |v| v.targets.clone(),
            ),
            languages: views.map_or_else(Vec::new, |v| {
                v.languages.iter().map(String::as_str).collect()
            }),
            errors,
            warnings,
        })
        .expect("the state always serialises")
    }

    /// The project's index as its page reads it.
    fn project_json(&self) -> String {
        let version = self.version();
        let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
        serde_json::to_string(&ProjectJson {
            version,
            ok: snap.errors.is_empty(),
            target: self.target.name(),
            targets: snap.targets.clone(),
            items: &snap.items,
            warnings: snap.warnings.len(),
            errors: &snap.errors,
        })
        .expect("the project always serialises")
    }

    fn file(&self, item: &Item, target: &str, lang: &str, path: &str) -> Option<Arc<[u8]>> {
        self.ensure(item);
        let snap = self.inner.read().unwrap_or_else(|e| e.into_inner());
        let views = snap.views.get(item)?.views.as_ref()?;
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
    let lms_page = |request: Request| {
        let page = asset("lms.html").expect("embedded");
        respond(
            request,
            200,
            page,
            "text/html; charset=utf-8",
            &[("Content-Security-Policy", LMS_CSP)],
        );
    };
    let json = |request: Request, body: String| {
        respond(
            request,
            200,
            body.as_bytes(),
            "application/json; charset=utf-8",
            &[],
        );
    };
    match path.as_str() {
        "/" | "/index.html" => match &state.single {
            Some(_) => lms_page(request),
            None => {
                let page = asset("index.html").expect("embedded");
                respond(
                    request,
                    200,
                    page,
                    "text/html; charset=utf-8",
                    &[("Content-Security-Policy", LMS_CSP)],
                );
            }
        },
        "/events" => match &state.single {
            Some(item) => events(request, state, || state.item_json(item)),
            None => events(request, state, || state.project_json()),
        },
        "/lms/state.json" => match &state.single {
            Some(item) => json(request, state.item_json(item)),
            None => refuse(request, 404),
        },
        "/lms/project.json" => json(request, state.project_json()),
        "/favicon.ico" => respond(request, 204, b"", "image/x-icon", &[]),
        p => {
            if let Some(name) = p.strip_prefix("/lms/") {
                match asset(name) {
                    Some(bytes) => respond(request, 200, bytes, content_type(name), &[]),
                    None => refuse(request, 404),
                }
            } else if let Some(rest) = p.strip_prefix("/module/") {
                let Some(item) = &state.single else {
                    return refuse(request, 404);
                };
                serve_file(request, state, item, rest);
            } else if let Some((item, rest)) = item_route(p) {
                if !state.knows(&item) {
                    return refuse(request, 404);
                }
                match rest {
                    "" => lms_page(request),
                    "state.json" => json(request, state.item_json(&item)),
                    "events" => events(request, state, || state.item_json(&item)),
                    _ => match rest.strip_prefix("files/") {
                        Some(rest) => serve_file(request, state, &item, rest),
                        None => refuse(request, 404),
                    },
                }
            } else {
                refuse(request, 404)
            }
        }
    }
}

/// `/modules/<id>/<rest>` or `/courses/<id>/<rest>` (`<rest>` may be empty).
fn item_route(path: &str) -> Option<(Item, &str)> {
    let (make, rest): (fn(String) -> Item, &str) = if let Some(r) = path.strip_prefix("/modules/") {
        (Item::Module, r)
    } else if let Some(r) = path.strip_prefix("/courses/") {
        (Item::Course, r)
    } else {
        return None;
    };
    let (id, rest) = rest.split_once('/')?;
    Some((make(id.to_owned()), rest))
}

/// `<target>/<language>/<file>` of `item`'s package.
fn serve_file(request: Request, state: &State, item: &Item, rest: &str) {
    let mut parts = rest.splitn(3, '/');
    let (Some(target), Some(lang), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
        return refuse(request, 404);
    };
    match state.file(item, target, lang, file) {
        Some(bytes) => respond(request, 200, &bytes, content_type(file), &[]),
        None => refuse(request, 404),
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
    // A trailing slash names a module's or course's LMS page (`/modules/<id>/`).
    let inner = decoded[1..].strip_suffix('/').unwrap_or(&decoded[1..]);
    for segment in inner.split('/') {
        match segment {
            "." | ".." => return Err(403),
            // Only the trailing slash may leave an empty segment.
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
fn events(request: Request, state: &State, json: impl Fn() -> String) {
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
            format!("event: state\ndata: {}\n\n", json())
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
