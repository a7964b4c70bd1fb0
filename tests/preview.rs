//! `leskit preview`: what it serves (the package's bytes, nothing else), how it refuses paths
//! that try to leave the module, where it listens, live rebuilds, and a clean stop on Ctrl-C.

#[path = "common/tree.rs"]
mod tree;
use tree::copy_tree;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Hang guard only: nothing here asserts how fast anything is.
const PATIENCE: Duration = Duration::from_secs(60);

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal")
}

/// A copy of the example project in a temporary folder, with a secret file beside it and one in
/// it, which no request may ever read.
struct Project {
    dir: tempfile::TempDir,
}

const SECRET: &str = "SECRET-4d1f9a";

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&example(), &dir.path().join("project"));
        std::fs::write(dir.path().join("secret.txt"), SECRET).unwrap();
        std::fs::write(dir.path().join("project/secret.txt"), SECRET).unwrap();
        Project { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("project")
    }
}

/// A running `leskit preview`, stopped when dropped.
struct Preview {
    child: Child,
    addr: SocketAddr,
}

impl Preview {
    fn start(args: &[&str], cwd: &Path) -> Preview {
        Preview::start_with(args, cwd, &[])
    }

    fn start_with(args: &[&str], cwd: &Path, env: &[(&str, std::ffi::OsString)]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_leskit"))
            .arg("preview")
            .args(args)
            .current_dir(cwd)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line.trim();
        let addr = url
            .strip_prefix("http://")
            .and_then(|u| u.strip_suffix('/'))
            .unwrap_or_else(|| panic!("the preview printed no address but {line:?}"));
        Preview {
            child,
            addr: addr.parse().unwrap(),
        }
    }

    /// Like [`Preview::start`], with every line the preview writes on standard error sent to the
    /// receiver.
    fn start_reading(args: &[&str], cwd: &Path) -> (Preview, std::sync::mpsc::Receiver<String>) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_leskit"))
            .arg("preview")
            .args(args)
            .current_dir(cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let stderr = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { return };
                if tx.send(line).is_err() {
                    return;
                }
            }
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|u| u.strip_suffix('/'))
            .unwrap_or_else(|| panic!("the preview printed no address but {line:?}"));
        let preview = Preview {
            child,
            addr: addr.parse().unwrap(),
        };
        (preview, rx)
    }

    /// A raw request, so that paths reach the server exactly as written.
    fn get_with_host(&self, path: &str, host: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response");
        let head = String::from_utf8_lossy(&response[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {head}"));
        let mut body = response[split + 4..].to_vec();
        if head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            body = unchunk(&body);
        }
        (status, body)
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        self.get_with_host(path, &self.addr.to_string())
    }

    fn state(&self) -> serde_json::Value {
        let (status, body) = self.get("/lms/state.json");
        assert_eq!(status, 200);
        serde_json::from_slice(&body).unwrap()
    }

    /// Polls the state until `done` holds.
    fn wait_for(&self, what: &str, done: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let state = self.state();
            if done(&state) {
                return state;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "gave up waiting for {what}; the state is {state}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    #[cfg(unix)]
    fn interrupt(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < PATIENCE, "the preview ignored Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn unchunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[end + 2..end + 2 + size]);
        body = &body[end + 2 + size + 2..];
    }
}

fn start(project: &Project) -> Preview {
    Preview::start(
        &[project.root().to_str().unwrap(), "--port", "0"],
        project.dir.path(),
    )
}

#[test]
fn serves_every_file_of_the_built_package_byte_for_byte() {
    let project = Project::new();
    let out = project.dir.path().join("dist");
    let built = Command::new(env!("CARGO_BIN_EXE_leskit"))
        // The module alone: a bare build writes the course's packages too.
        .args([
            "build",
            project
                .root()
                .join("modules/voorbeeld.yaml")
                .to_str()
                .unwrap(),
            "--target",
            "all",
        ])
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let preview = start(&project);
    for target in ["scorm12", "scorm2004"] {
        let zip = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().ends_with(&format!("-{target}.zip")))
            .unwrap();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
        assert!(archive.len() > 3);
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut packaged = Vec::new();
            file.read_to_end(&mut packaged).unwrap();
            let (status, served) = preview.get(&format!("/module/{target}/nl/{}", file.name()));
            assert_eq!(status, 200, "{target}: {} is not served", file.name());
            assert!(
                served == packaged,
                "{target}: {} differs from the package",
                file.name()
            );
        }
    }
}

/// The inspector names the SCORM elements by the page shell's own table, which the preview
/// serves as a script: one table for both.
#[test]
fn the_inspector_reads_the_page_shells_table_of_scorm_elements() {
    let project = Project::new();
    let preview = start(&project);
    preview.wait_for("the first build", |s| s["ok"] == true);
    let (status, body) = preview.get("/lms/scorm-elements.js");
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    let json = text
        .strip_prefix("var LeskitElements = ")
        .and_then(|t| t.trim_end().strip_suffix(';'))
        .expect("a script that sets LeskitElements");
    let served: serde_json::Value = serde_json::from_str(json).unwrap();
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/page/scorm-elements.json");
    let owned: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(table).unwrap()).unwrap();
    assert_eq!(served, owned);
    assert_eq!(served["scorm12"]["status"], "cmi.core.lesson_status");
    assert_eq!(served["scorm2004"]["status"], "cmi.completion_status");
    let (_, page) = preview.get("/");
    let page = String::from_utf8(page).unwrap();
    let (table_at, checks_at) = (
        page.find("/lms/scorm-elements.js")
            .expect("loaded by the LMS page"),
        page.find("/lms/checks.js").unwrap(),
    );
    assert!(table_at < checks_at, "the table is there before the checks");
}

#[test]
fn refuses_every_way_out_of_the_module() {
    let project = Project::new();
    // A link inside the module's folder that leads out of it, used by nothing...
    let module_dir = project.root().join("modules/voorbeeld");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        project.dir.path().join("secret.txt"),
        module_dir.join("link.svg"),
    )
    .unwrap();
    let preview = start(&project);
    preview.wait_for("the first build", |s| s["ok"] == true);
    let base = "/module/scorm12/nl";
    let attempts = [
        "/module/../secret.txt".to_owned(),
        "/../secret.txt".to_owned(),
        format!("{base}/../../../secret.txt"),
        format!("{base}/../../../../secret.txt"),
        format!("{base}/%2e%2e/%2e%2e/%2e%2e/secret.txt"),
        format!("{base}/%2E%2E/%2E%2E/%2E%2E/%2E%2E/secret.txt"),
        format!("{base}/..%2f..%2f..%2fsecret.txt"),
        format!("{base}/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt"),
        format!("{base}/..%5c..%5c..%5csecret.txt"),
        format!("{base}/..\\..\\..\\secret.txt"),
        format!("{base}/%252e%252e/%252e%252e/%252e%252e/secret.txt"),
        format!("{base}/%c0%ae%c0%ae/secret.txt"),
        format!("{base}/.%2e/.%2e/.%2e/secret.txt"),
        format!("{base}//etc/passwd"),
        "/module//etc/passwd".to_owned(),
        format!("{base}/{}", project.dir.path().join("secret.txt").display()),
        format!("{base}/media/link.svg"),
        format!("{base}/secret.txt"),
        format!("{base}/index.html%00.txt"),
        "/lms/../secret.txt".to_owned(),
        "/lms/%2e%2e/secret.txt".to_owned(),
        "/module/scorm12/../scorm12/nl/index.html".to_owned(),
        "//etc/passwd".to_owned(),
        "/etc/passwd".to_owned(),
        "/secret.txt".to_owned(),
    ];
    for path in &attempts {
        let (status, body) = preview.get(path);
        assert!(
            matches!(status, 400 | 403 | 404),
            "{path} answered {status}"
        );
        assert!(
            !String::from_utf8_lossy(&body).contains(SECRET) && !body.starts_with(b"root:"),
            "{path} leaked a file"
        );
    }
    // The same files by their proper names are there.
    assert_eq!(preview.get(&format!("{base}/index.html")).0, 200);
    assert_eq!(preview.get(&format!("{base}/media/kaart.svg")).0, 200);
    assert_eq!(preview.get("/lms/lms.js").0, 200);

    // The module's own image replaced by a link that leads out: refused with its diagnostic,
    // and never served.
    #[cfg(unix)]
    {
        std::fs::write(project.dir.path().join("outside.svg"), SECRET).unwrap();
        std::fs::remove_file(module_dir.join("kaart.svg")).unwrap();
        std::os::unix::fs::symlink(
            project.dir.path().join("outside.svg"),
            module_dir.join("kaart.svg"),
        )
        .unwrap();
        let state = preview.wait_for("the refusal", |s| s["ok"] == false);
        assert_eq!(state["errors"][0]["code"], "E0212", "{state}");
        let (_, body) = preview.get(&format!("{base}/media/kaart.svg"));
        assert!(!String::from_utf8_lossy(&body).contains(SECRET));
    }
}

#[test]
fn answers_only_to_this_machine_on_the_loopback_address() {
    let project = Project::new();
    let preview = start(&project);
    assert!(preview.addr.ip().is_loopback(), "{}", preview.addr);
    assert_eq!(preview.addr.ip().to_string(), "127.0.0.1");
    // A page elsewhere that points its own name at 127.0.0.1 gets nothing.
    assert_eq!(preview.get_with_host("/", "attacker.example").0, 421);
    assert_eq!(
        preview
            .get_with_host("/", &format!("localhost:{}", preview.addr.port()))
            .0,
        200
    );
    // The kernel's own table: the socket is bound to 127.0.0.1, not to every address.
    #[cfg(target_os = "linux")]
    {
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
        let port = format!(":{:04X}", preview.addr.port());
        let listening: Vec<&str> = table
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .filter(|f| f.len() > 3 && f[1].ends_with(&port) && f[3] == "0A")
            .map(|f| f[1])
            .collect();
        assert_eq!(listening, [format!("0100007F{port}")]);
    }
}

#[test]
fn takes_the_next_port_when_the_default_one_is_busy() {
    let project = Project::new();
    // Hold 4700 (unless something else holds it already: then it is busy anyway).
    let _holder = std::net::TcpListener::bind("127.0.0.1:4700");
    let preview = Preview::start(&[project.root().to_str().unwrap()], project.dir.path());
    let port = preview.addr.port();
    assert!((4701..4750).contains(&port), "listened on {port}");
}

#[test]
fn rebuilds_on_save_keeps_the_last_good_version_and_recovers() {
    let project = Project::new();
    let preview = start(&project);
    let first = preview.wait_for("the first build", |s| s["ok"] == true);
    let build = first["build"].as_u64().unwrap();
    let file = project.root().join("modules/voorbeeld.yaml");
    let original = std::fs::read_to_string(&file).unwrap();

    // A change shows up as a new build.
    let changed = original.replacen(
        "title: Signalen herkennen (voorbeeld)",
        "title: Signalen herkennen (bewerkt)",
        1,
    );
    assert_ne!(
        changed, original,
        "the example's title changed; update this test"
    );
    std::fs::write(&file, &changed).unwrap();
    let state = preview.wait_for("the rebuild", |s| s["build"].as_u64() > Some(build));
    assert_eq!(state["title"], "Signalen herkennen (bewerkt)");
    let (_, page) = preview.get("/module/scorm12/nl/index.html");
    assert!(String::from_utf8_lossy(&page).contains("Signalen herkennen (bewerkt)"));
    let good = state["build"].as_u64().unwrap();

    // A broken file: the errors, with file and line; the last good version is still served.
    std::fs::write(&file, changed.replacen("pages:", "pages: [", 1)).unwrap();
    let broken = preview.wait_for("the errors", |s| s["ok"] == false);
    let error = &broken["errors"][0];
    assert!(
        error["file"]
            .as_str()
            .unwrap()
            .ends_with("modules/voorbeeld.yaml"),
        "{error}"
    );
    assert!(error["line"].as_u64().unwrap() > 0, "{error}");
    assert!(!error["message"].as_str().unwrap().is_empty());
    assert_eq!(broken["build"].as_u64(), Some(good));
    let (status, page) = preview.get("/module/scorm12/nl/index.html");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("Signalen herkennen (bewerkt)"));

    // Fixed again: no errors, and nothing new to load when the bytes are the same as before.
    std::fs::write(&file, &changed).unwrap();
    let fixed = preview.wait_for("the fix", |s| s["ok"] == true);
    assert_eq!(fixed["errors"].as_array().unwrap().len(), 0);
    assert_eq!(fixed["build"].as_u64(), Some(good));
}

#[test]
fn streams_each_build_as_a_server_sent_event() {
    let project = Project::new();
    let preview = start(&project);
    let mut stream = TcpStream::connect(preview.addr).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n",
        preview.addr
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        reader.read_line(&mut head).unwrap();
    }
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");
    let mut event = String::new();
    while !event.ends_with("\n\n") {
        reader.read_line(&mut event).unwrap();
    }
    assert!(event.starts_with("event: state\ndata: {"), "{event}");
    assert!(event.contains("\"module\":\"voorbeeld\""), "{event}");
}

#[cfg(unix)]
#[test]
fn stops_cleanly_on_ctrl_c() {
    let project = Project::new();
    let preview = start(&project);
    assert_eq!(preview.get("/").0, 200);
    let status = preview.interrupt();
    assert_eq!(status.code(), Some(0), "{status}");
}

/// `--open` hands the printed address to the desktop's opener (`xdg-open` here; a stand-in that
/// writes down what it was given, first on the PATH).
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt as _;
    let project = Project::new();
    let bin = project.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = project.dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut path = std::ffi::OsString::from(&bin);
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    let preview = Preview::start_with(
        &[project.root().to_str().unwrap(), "--port", "0", "--open"],
        project.dir.path(),
        &[("PATH", path)],
    );
    let url = format!("http://{}/", preview.addr);
    let start = Instant::now();
    loop {
        let got = std::fs::read_to_string(&opened).unwrap_or_default();
        if !got.is_empty() {
            assert_eq!(
                got,
                format!("{url}\n"),
                "the opener was given something else"
            );
            break;
        }
        assert!(start.elapsed() < PATIENCE, "the preview never opened {url}");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(preview.get("/").0, 200);
}

#[test]
fn serves_the_whole_project_without_an_argument_and_refuses_unknown_ones() {
    let project = Project::new();
    let preview = Preview::start(&["--port", "0"], &project.root());
    // The index page, and what it lists: every module and course.
    let (status, page) = preview.get("/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("/lms/index.js"));
    let (status, body) = preview.get("/lms/project.json");
    assert_eq!(status, 200);
    let index: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let items: Vec<(String, String, String)> = index["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().to_owned(),
                i["id"].as_str().unwrap().to_owned(),
                i["href"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "module".into(),
                "voorbeeld".into(),
                "/modules/voorbeeld/".into()
            ),
            (
                "course".into(),
                "voorbeeld-cursus".into(),
                "/courses/voorbeeld-cursus/".into()
            ),
        ]
    );
    assert_eq!(index["items"][0]["version"], "1.0.0");
    assert_eq!(index["items"][0]["warnings"], 0);
    // Each opens in the LMS page, with its own state and files; the course as one package of
    // several SCOs.
    for href in ["/modules/voorbeeld/", "/courses/voorbeeld-cursus/"] {
        let (status, page) = preview.get(href);
        assert_eq!(status, 200, "{href}");
        assert!(
            String::from_utf8_lossy(&page).contains("/lms/lms.js"),
            "{href}"
        );
        let (status, body) = preview.get(&format!("{href}state.json"));
        assert_eq!(status, 200, "{href}");
        let state: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(state["ok"], true, "{state}");
        assert_eq!(state["base"], format!("{href}files/"), "{state}");
    }
    let (status, manifest) =
        preview.get("/courses/voorbeeld-cursus/files/scorm2004/nl/imsmanifest.xml");
    assert_eq!(status, 200);
    let manifest = String::from_utf8(manifest).unwrap();
    assert!(manifest.contains("imsss:sequencing"), "{manifest}");
    assert!(
        manifest.matches("adlcp:scormType=\"sco\"").count() > 1,
        "{manifest}"
    );
    assert_eq!(
        preview
            .get("/modules/voorbeeld/files/scorm12/nl/index.html")
            .0,
        200
    );
    for path in [
        "/modules/nope/",
        "/modules/nope/state.json",
        "/courses/voorbeeld/state.json",
        "/modules/voorbeeld/files/scorm12/nl/../../../secret.txt",
        "/modules/voorbeeld/files/scorm12/nl/%2e%2e/secret.txt",
        "/modules/voorbeeld/secret.txt",
        "/lms/state.json",
        "/module/scorm12/nl/index.html",
    ] {
        let (status, body) = preview.get(path);
        assert!(matches!(status, 403 | 404), "{path} answered {status}");
        assert!(!String::from_utf8_lossy(&body).contains(SECRET), "{path}");
    }

    let out = Command::new(env!("CARGO_BIN_EXE_leskit"))
        .args(["preview", "voorbeeldd"])
        .current_dir(example())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `voorbeeld`?"));
}

#[test]
fn a_course_id_or_file_opens_the_course_directly() {
    let project = Project::new();
    for arg in ["voorbeeld-cursus", "courses/voorbeeld-cursus.yaml"] {
        let preview = Preview::start(&[arg, "--port", "0"], &project.root());
        let state = preview.wait_for("the course", |s| s["ok"] == true);
        assert_eq!(state["kind"], "course", "{arg}");
        assert_eq!(state["module"], "voorbeeld-cursus", "{arg}");
        assert_eq!(
            preview.get("/module/scorm12/nl/imsmanifest.xml").0,
            200,
            "{arg}"
        );
    }
}

/// A second module beside the example's, and a warning (a phone number in the text, W0202) in
/// each.
fn two_modules_with_warnings(project: &Project) {
    let modules = project.root().join("modules");
    let example = modules.join("voorbeeld.yaml");
    let text = std::fs::read_to_string(&example).unwrap();
    let warned = text.replacen("Twijfel je? Vraag advies.", "Twijfel je? Bel 0800-2000.", 1);
    assert_ne!(warned, text, "the example changed; update this test");
    std::fs::write(&example, warned).unwrap();
    std::fs::write(
        modules.join("tweede.yaml"),
        "id: tweede\ntitle: Tweede module\nlanguage: nl\nversion: 1.0.0\nsource: kis-toolkit-2025\npages:\n  - id: een\n    title: Een\n    body: Bel 0800-2000 als je twijfelt.\n",
    )
    .unwrap();
}

/// Reads lines from `lines` until one contains `end`; returns them all.
fn lines_until(lines: &std::sync::mpsc::Receiver<String>, end: &str) -> Vec<String> {
    let mut got = Vec::new();
    let start = Instant::now();
    loop {
        let left = PATIENCE.saturating_sub(start.elapsed());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let done = line.contains(end);
                got.push(line);
                if done {
                    return got;
                }
            }
            Err(_) => panic!("no line with {end:?} came; got {got:#?}"),
        }
    }
}

#[test]
fn a_save_reports_the_warnings_of_the_saved_file_only_and_the_index_counts_follow() {
    let project = Project::new();
    two_modules_with_warnings(&project);
    let (preview, lines) = Preview::start_reading(&["--port", "0"], &project.root());
    // The first check tells every warning.
    let first = lines_until(&lines, "checked in").join("\n");
    assert!(first.contains("modules/voorbeeld.yaml:"), "{first}");
    assert!(first.contains("modules/tweede.yaml:"), "{first}");
    let counts = || -> Vec<(String, u64)> {
        let (_, body) = preview.get("/lms/project.json");
        let index: serde_json::Value = serde_json::from_slice(&body).unwrap();
        index["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["id"].as_str().unwrap().to_owned(),
                    i["warnings"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        counts(),
        [
            ("tweede".to_owned(), 1),
            ("voorbeeld".to_owned(), 1),
            // The course is made from the example module, and counts its warning.
            ("voorbeeld-cursus".to_owned(), 1),
        ]
    );

    // A save of the second module: its warning again, with another number, and not the
    // example's, which did not change.
    let tweede = project.root().join("modules/tweede.yaml");
    let text = std::fs::read_to_string(&tweede).unwrap();
    std::fs::write(&tweede, text.replace("0800-2000", "0800-3000")).unwrap();
    let told = lines_until(&lines, "checked in").join("\n");
    assert!(told.contains("modules/tweede.yaml:"), "{told}");
    assert!(told.contains("0800-3000"), "{told}");
    assert!(!told.contains("modules/voorbeeld.yaml"), "{told}");
    assert!(
        told.contains(
            "saved modules/tweede.yaml: 1 warning there and in what uses it (1 elsewhere, unchanged"
        ),
        "{told}"
    );

    // Its warning fixed: nothing to tell of it, and the index counts one warning fewer.
    std::fs::write(
        &tweede,
        text.replace("Bel 0800-2000 als je twijfelt.", "Vraag advies."),
    )
    .unwrap();
    let told = lines_until(&lines, "checked in").join("\n");
    assert!(!told.contains("warning["), "{told}");
    assert!(
        told.contains("saved modules/tweede.yaml: 0 warnings"),
        "{told}"
    );
    assert_eq!(counts()[0], ("tweede".to_owned(), 0));
    assert_eq!(counts()[1], ("voorbeeld".to_owned(), 1));
}

#[test]
fn refuses_the_targets_it_cannot_simulate_and_says_how_to_get_them() {
    for target in ["cmi5", "html"] {
        let out = Command::new(env!("CARGO_BIN_EXE_leskit"))
            .args(["preview", "voorbeeld", "--target", target])
            .current_dir(example())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{target}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("simulates a SCORM LMS"), "{err}");
        assert!(
            err.contains(&format!("leskit build --target {target}")),
            "{err}"
        );
    }
}

/// Reads from `stream` until it is closed or `until` passes: what arrived, and whether it closed.
fn read_until_closed(stream: &mut TcpStream, until: Instant) -> (Vec<u8>, bool) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < until {
        stream
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) => return (got, true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (got, true),
        }
    }
    (got, false)
}

#[test]
fn closes_a_connection_that_trickles_its_request_within_the_deadline() {
    let project = Project::new();
    let preview = start(&project);
    let mut stream = TcpStream::connect(preview.addr).unwrap();
    let started = Instant::now();
    stream
        .write_all(
            format!(
                "GET /lms/state.json HTTP/1.1\r\nHost: {}\r\nX-Slow: ",
                preview.addr
            )
            .as_bytes(),
        )
        .unwrap();
    // One byte every two seconds: each read is quick, the head never ends.
    let (answer, closed) = loop {
        let (got, closed) = read_until_closed(&mut stream, Instant::now() + Duration::from_secs(2));
        if closed || !got.is_empty() || started.elapsed() > PATIENCE {
            break (got, closed);
        }
        let _ = stream.write_all(b"a");
    };
    let took = started.elapsed();
    assert!(closed || !answer.is_empty(), "still open after {took:?}");
    assert!(
        took < leskit::preview::HEAD_DEADLINE + Duration::from_secs(5),
        "closed only after {took:?}"
    );
    assert!(
        answer.starts_with(b"HTTP/1.1 408 "),
        "{}",
        String::from_utf8_lossy(&answer)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn holds_at_most_its_cap_of_connections_event_streams_included() {
    use leskit::preview::MAX_CONNECTIONS;
    let project = Project::new();
    let preview = start(&project);
    assert_eq!(preview.get("/lms/state.json").0, 200);
    let pid = preview.child.id();
    let threads = || {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .unwrap()
            .count()
    };
    let sockets = || {
        std::fs::read_dir(format!("/proc/{pid}/fd"))
            .unwrap()
            .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .filter(|l| l.to_string_lossy().starts_with("socket:"))
            .count()
    };
    let (threads_before, sockets_before) = (threads(), sockets());

    // Half the cap as live-reload streams, which stay open as long as their page...
    let mut held = Vec::new();
    for _ in 0..MAX_CONNECTIONS / 2 {
        let mut s = TcpStream::connect(preview.addr).unwrap();
        write!(s, "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n", preview.addr).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        let mut first = [0u8; 15];
        s.read_exact(&mut first).unwrap();
        assert_eq!(&first, b"HTTP/1.1 200 OK");
        held.push(s);
    }
    // ... and the other half connections that never send a request.
    for _ in MAX_CONNECTIONS / 2..MAX_CONNECTIONS {
        held.push(TcpStream::connect(preview.addr).unwrap());
    }
    let start = Instant::now();
    while sockets() < sockets_before + MAX_CONNECTIONS && start.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(20));
    }
    // One more is told at once that the preview is busy (before it even sends its request).
    for _ in 0..8 {
        let mut s = TcpStream::connect(preview.addr).unwrap();
        let (answer, _) = read_until_closed(&mut s, Instant::now() + Duration::from_secs(5));
        assert!(
            answer.starts_with(b"HTTP/1.1 503 "),
            "{:?}",
            String::from_utf8_lossy(&answer)
        );
    }
    assert!(
        threads() <= threads_before + MAX_CONNECTIONS,
        "{} threads, {threads_before} before",
        threads()
    );
    assert!(
        sockets() <= sockets_before + MAX_CONNECTIONS,
        "{} sockets, {sockets_before} before",
        sockets()
    );
    // The silent ones are closed at the deadline, and requests are answered again.
    loop {
        let mut s = TcpStream::connect(preview.addr).unwrap();
        // (Refused at once, the request may not even be sent.)
        let _ = write!(
            s,
            "GET /lms/state.json HTTP/1.1\r\nHost: {}\r\n\r\n",
            preview.addr
        );
        let (answer, _) = read_until_closed(&mut s, Instant::now() + Duration::from_secs(5));
        if answer.starts_with(b"HTTP/1.1 200 ") {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "no slot came free");
        std::thread::sleep(Duration::from_millis(200));
    }
    drop(held);
}
