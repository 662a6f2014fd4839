//! `panorama serve`, end to end: the real binary on a copy of
//! `tests/fixtures/serve-site/`, spoken to over loopback with plain
//! `TcpStream`s. Each test starts its own server on a free port; a guard
//! kills it when the test ends, passed or failed. Waits are bounded polls,
//! never timings: a slow machine makes the tests slower, not red.

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

mod common;

use common::copy_dir;

const BIN: &str = env!("CARGO_BIN_EXE_panorama");
/// Upper bound of every wait; the usual one is well under a second.
const PATIENCE: Duration = Duration::from_secs(20);
const SCRIPT_TAG: &str = "<script src=\"/__panorama/reload.js\"";

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running `panorama serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Holds `site/` (the served root) and room beside it.
    tmp: tempfile::TempDir,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&text);
    thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

impl Server {
    /// Serves a fresh copy of the fixture, once `prepare` has changed it.
    fn start_with(args: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        Server::start_with_env(args, &[], prepare)
    }

    /// As [`Server::start_with`], with environment variables set.
    fn start_with_env(args: &[&str], env: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> Server {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path().join("site");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"),
            &site,
        );
        prepare(&site);
        let mut tmp = Some(tmp);
        // Another test may take the free port before this server binds it:
        // then it says so and exits, and the next free port is tried.
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(BIN)
                .arg("serve")
                .arg("--root")
                .arg(&site)
                .args(["--port", &port.to_string()])
                .args(args)
                .envs(env.iter().copied())
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let stdout = collect(child.stdout.take().unwrap());
            let stderr = collect(child.stderr.take().unwrap());
            let mut server = Server {
                child,
                port,
                tmp: tmp.take().unwrap(),
                stdout,
                stderr,
            };
            if server.wait_until_listening() {
                return server;
            }
            eprintln!("port {port} was taken: {}", server.stderr());
            tmp = Some(std::mem::replace(
                &mut server.tmp,
                tempfile::tempdir().unwrap(),
            ));
        }
        panic!("no free port");
    }

    fn start(args: &[&str]) -> Server {
        Server::start_with(args, |_| {})
    }

    fn site(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    /// True once this server says it listens; false if it gave up.
    fn wait_until_listening(&mut self) -> bool {
        let start = Instant::now();
        let ours = format!("serving http://127.0.0.1:{}/", self.port);
        while !self.stdout().contains(&ours) {
            if self.child.try_wait().unwrap().is_some() {
                return false;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the server did not listen; stderr:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
        true
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    /// Sends `request` as it is and reads the whole answer (the server
    /// closes after `Connection: close` or an error).
    fn raw(&self, request: &[u8]) -> Response {
        let mut s = self.connect();
        s.write_all(request).unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        Response::parse(&bytes)
    }

    fn request(&self, method: &str, target: &str) -> Response {
        self.raw(
            format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    /// Polls `target` until its body satisfies `ok`.
    fn wait_for(&self, target: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(target);
            if ok(&r) {
                return r;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{target} never showed {what}; last answer {} {}\nstderr:\n{}",
                r.status,
                r.text(),
                self.stderr()
            );
            thread::sleep(Duration::from_millis(25));
        }
    }

    fn events(&self) -> Events {
        let mut s = self.connect();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        s.write_all(b"GET /__panorama/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut events = Events {
            stream: s,
            seen: String::new(),
        };
        events.wait_for("retry:");
        events
    }
}

/// An open event stream and all it sent so far.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    /// Reads for `time`; returns everything sent.
    fn read_for(&mut self, time: Duration) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        while start.elapsed() < time {
            match self.stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        self.seen.clone()
    }

    /// Reads until `needle` has been sent; returns everything sent.
    fn wait_for(&mut self, needle: &str) -> String {
        let start = Instant::now();
        let mut buf = [0u8; 8192];
        while !self.seen.contains(needle) {
            assert!(
                start.elapsed() < PATIENCE,
                "the event stream never sent {needle:?}; it sent:\n{}",
                self.seen
            );
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed; it sent:\n{}", self.seen),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
        self.seen.clone()
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(bytes)));
        let head = std::str::from_utf8(&bytes[..split]).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        // hyper answers an HTTP/1.0 request in HTTP/1.0.
        assert!(
            status_line.starts_with("HTTP/1.1 ") || status_line.starts_with("HTTP/1.0 "),
            "{status_line}"
        );
        let status = status_line[9..12].parse().unwrap();
        let headers = lines
            .map(|l| {
                let (n, v) = l.split_once(':').unwrap();
                (n.to_ascii_lowercase(), v.trim().to_string())
            })
            .collect();
        Response {
            status,
            headers,
            body: bytes[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The injected `<script …></script>` of a served page.
fn script_tag(html: &str) -> String {
    let start = html.find(SCRIPT_TAG).expect("the reload script");
    let len = html[start..].find("</script>").unwrap() + "</script>".len();
    html[start..start + len].to_string()
}

/// The value of `name="…"` in a tag.
fn attribute(tag: &str, name: &str) -> String {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let len = tag[start..].find('"').unwrap();
    tag[start..start + len].to_string()
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const INTRO: &str = "content/economie-locale/01-introduction.md";
const INTRO_URL: &str = "/economie-locale/introduction/";

#[test]
fn serves_the_built_bytes_with_the_reload_script_in_pages() {
    // The site.yaml's base_url has no host: serve uses its own origin for
    // what needs an absolute URL (so sitemap.xml is published), and the
    // same build for that origin gives the same bytes.
    let server = Server::start(&[]);
    let origin = format!("http://127.0.0.1:{}/", server.port);
    let out = server.tmp.path().join("out");
    let build = Command::new(BIN)
        .args(["build", "--quiet", "--base-url", &origin, "--root"])
        .arg(server.site())
        .arg("--output")
        .arg(&out)
        .status()
        .unwrap();
    assert!(build.success());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = home.text();
    let tag = script_tag(&html);
    assert!(tag.contains("data-page=\"/index.html\""), "{tag}");
    assert!(html.contains(&format!("{tag}</body>")), "{html}");
    assert_eq!(
        html.replacen(&tag, "", 1),
        fs::read_to_string(out.join("index.html")).unwrap(),
        "same bytes as `build` apart from the script"
    );
    assert!(
        !fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("__panorama"),
        "never in `build` output"
    );

    for (path, ty) in [
        ("static/style.css", "text/css; charset=utf-8"),
        ("economie-locale/schema.svg", "image/svg+xml"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("robots.txt", "text/plain; charset=utf-8"),
    ] {
        let r = server.get(&format!("/{path}"));
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ty), "{path}");
        assert_eq!(r.body, fs::read(out.join(path)).unwrap(), "{path}");
    }

    let canonical = format!("<link rel=\"canonical\" href=\"{origin}\">");
    assert!(html.contains(&canonical), "{html}");
    let sitemap = server.get("/sitemap.xml").text();
    assert!(
        sitemap.contains(&format!("<loc>{origin}economie-locale/</loc>")),
        "{sitemap}"
    );
    // Theme files are asked for with their version, which serve ignores.
    let css = html
        .split("href=\"/static/style.css?v=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a versioned stylesheet");
    let r = server.get(&format!("/static/style.css?v={css}"));
    assert_eq!(r.status, 200);
    assert_eq!(r.body, fs::read(out.join("static/style.css")).unwrap());

    let page = server.get(INTRO_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Premier état du chapitre"));
    let same = server.get(&format!("{INTRO_URL}index.html"));
    assert_eq!(same.body, page.body);

    let script = server.get("/__panorama/reload.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));
}

#[test]
fn head_has_the_headers_and_no_body() {
    let server = Server::start(&[]);
    let get = server.get("/");
    let head = server.request("HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "{}", head.text());
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(head.header("content-type"), get.header("content-type"));
    assert!(server.request("HEAD", "/nope/").body.is_empty());
}

#[test]
fn missing_pages_and_directory_urls() {
    let server = Server::start(&[]);
    let missing = server.get("/nulle-part/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        missing.text().contains("Page introuvable"),
        "the site's 404 page"
    );
    assert!(missing.text().contains(SCRIPT_TAG));

    for (from, to) in [
        ("/economie-locale", "/economie-locale/"),
        (
            "/economie-locale/introduction?x=1",
            "/economie-locale/introduction/",
        ),
    ] {
        let r = server.get(from);
        assert_eq!(r.status, 301, "{from}");
        assert_eq!(r.header("location"), Some(to), "{from}");
    }
    assert_eq!(server.get("/economie-locale/").status, 200);
    assert_eq!(server.get("/static/style.css/").status, 404);
}

#[test]
fn nothing_outside_the_site_is_reachable() {
    let server = Server::start(&[]);
    let marker = "SECRET-MARKER-7f3a";
    fs::write(server.tmp.path().join("secret.txt"), marker).unwrap();
    fs::write(server.site().join("secret.txt"), marker).unwrap();
    for target in [
        "/../secret.txt",
        "/../../../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/secret.txt",
        "/site/secret.txt",
        "/content/site.yaml",
        "/content/economie-locale/01-introduction.md",
        "/secret.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt",
        "http://localhost/../secret.txt",
    ] {
        let r = server.get(target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: {} {}",
            r.status,
            r.text()
        );
        let text = r.text();
        assert!(!text.contains(marker), "{target} leaked a file");
        assert!(!text.contains("root:"), "{target} leaked /etc/passwd");
        assert!(!text.contains("publisher:"), "{target} leaked a source");
    }
    // A NUL byte in the raw request line.
    let r = server.raw(b"GET /a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 400);
}

#[test]
fn malformed_requests_and_other_methods() {
    let server = Server::start(&[]);
    for (request, status) in [
        (&b"GARBAGE\r\n\r\n"[..], 400),
        (b"GET / HTTP/1.1\r\n\r\n", 400),
        (b"GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
        // hyper refuses an unknown version as malformed (our own parser
        // said 505).
        (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 400),
        (
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            400,
        ),
    ] {
        let r = server.raw(request);
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(request));
    }
    let long = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(server.raw(long.as_bytes()).status, 431);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = server.request(method, "/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
    // HTTP/1.0 and kept-alive connections.
    assert_eq!(server.raw(b"GET / HTTP/1.0\r\n\r\n").status, 200);
    let mut s = server.connect();
    for _ in 0..3 {
        s.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            s.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        let r = Response::parse(&head);
        assert_eq!(r.status, 200);
        assert_eq!(r.header("connection"), Some("keep-alive"));
        let mut body = vec![0; r.header("content-length").unwrap().parse().unwrap()];
        s.read_exact(&mut body).unwrap();
    }
}

#[test]
fn an_edit_is_served_and_announced() {
    let server = Server::start(&[]);
    let mut events = server.events();
    edit(
        &server.site().join(INTRO),
        "Premier état du chapitre",
        "Second état du chapitre",
    );
    server.wait_for(INTRO_URL, "the edit", |r| {
        r.text().contains("Second état du chapitre")
    });
    let sent = events.wait_for("data: /economie-locale/introduction/index.html");
    assert!(sent.contains("event: reload"), "{sent}");
    assert!(
        !sent.contains("data: /economie-locale/index.html\n"),
        "an unchanged page is not reloaded:\n{sent}"
    );
}

#[test]
fn a_page_that_changed_while_away_reloads_when_it_listens_again() {
    let server = Server::start(&[]);
    let tag = script_tag(&server.get(INTRO_URL).text());
    let page = attribute(&tag, "data-page");
    let version = attribute(&tag, "data-version");
    assert_eq!(page, "/economie-locale/introduction/index.html");
    let listen = |version: &str| {
        let mut s = server.connect();
        s.set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        write!(
            s,
            "GET /__panorama/events?page={page}&version={version} HTTP/1.1\r\nHost: x\r\n\r\n"
        )
        .unwrap();
        Events {
            stream: s,
            seen: String::new(),
        }
    };
    // Up to date: nothing but the stream's start.
    let mut current = listen(&version);
    current.wait_for("retry:");
    let sent = current.read_for(Duration::from_millis(300));
    assert!(!sent.contains("event:"), "{sent}");
    // Edited while the tab was hidden (or the server restarted).
    edit(
        &server.site().join(INTRO),
        "Premier état",
        "Changé en arrière-plan",
    );
    current.wait_for("event: reload");
    let sent = listen(&version).wait_for(&format!("data: {page}"));
    assert!(sent.contains("event: reload"), "{sent}");
    // A 404 page tells its own version: no reload loop.
    let missing = script_tag(&server.get("/nulle-part/").text());
    assert!(missing.contains("data-any"), "{missing}");
    assert_eq!(attribute(&missing, "data-page"), "/404.html");
}

#[test]
fn a_broken_file_keeps_the_last_good_site_and_shows_the_error() {
    let server = Server::start(&[]);
    let mut events = server.events();
    let intro = server.site().join(INTRO);
    edit(&intro, "title: Introduction", "titel: <Introduction>");
    events.wait_for("event: build-error");
    let sent = events.wait_for("</ol>");
    assert!(
        sent.contains("01-introduction.md:2"),
        "file and line:\n{sent}"
    );
    assert!(sent.contains("unknown field `titel`"), "{sent}");
    assert!(
        sent.contains("titel: &lt;Introduction&gt;"),
        "escaped:\n{sent}"
    );
    assert!(!sent.contains("<Introduction>"), "{sent}");

    // Still serving the last good page; the terminal says why.
    let page = server.get(INTRO_URL);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Premier état du chapitre"));
    let start = Instant::now();
    while !server.stderr().contains("last good version") {
        assert!(start.elapsed() < PATIENCE, "{}", server.stderr());
        thread::sleep(Duration::from_millis(20));
    }
    assert!(server.stderr().contains("unknown field `titel`"));
    assert!(
        server
            .stderr()
            .contains("--> content/economie-locale/01-introduction.md:2:1")
    );

    // A page opened now sees the error at once.
    server.events().wait_for("unknown field `titel`");

    // Fixed (with an edit): recovered, reloaded.
    fs::write(
        &intro,
        fs::read_to_string(&intro)
            .unwrap()
            .replace("titel: <Introduction>", "title: Introduction")
            .replace("Premier état", "État corrigé"),
    )
    .unwrap();
    events.wait_for("data: /economie-locale/introduction/index.html");
    server.wait_for(INTRO_URL, "the fix", |r| r.text().contains("État corrigé"));
    let fresh = server.events().read_for(Duration::from_millis(300));
    assert!(!fresh.contains("build-error"), "{fresh}");
}

#[test]
fn a_first_build_that_fails_is_served_once_fixed() {
    let server = Server::start_with(&[], |site| {
        edit(
            &site.join(INTRO),
            "title: Introduction",
            "titel: Introduction",
        );
    });
    let first = server.get("/");
    assert_eq!(first.status, 503);
    assert!(first.text().contains(SCRIPT_TAG));
    let mut events = server.events();
    events.wait_for("unknown field `titel`");
    edit(&server.site().join(INTRO), "titel:", "title:");
    events.wait_for("event: reload");
    server.wait_for("/", "the site", |r| r.status == 200);
}

#[test]
fn new_renamed_and_deleted_files() {
    let server = Server::start(&[]);
    let dir = server.site().join("content/economie-locale");
    let new = dir.join("02-nouveau.md");
    fs::write(
        &new,
        "---\ntitle: Nouveau chapitre\n---\n\nUn chapitre ajouté.\n",
    )
    .unwrap();
    server.wait_for("/economie-locale/nouveau/", "the new page", |r| {
        r.status == 200 && r.text().contains("Un chapitre ajouté")
    });

    fs::rename(&new, dir.join("03-renomme.md")).unwrap();
    server.wait_for("/economie-locale/renomme/", "the renamed page", |r| {
        r.status == 200
    });
    assert_eq!(server.get("/economie-locale/nouveau/").status, 404);

    fs::remove_file(dir.join("03-renomme.md")).unwrap();
    server.wait_for("/economie-locale/renomme/", "the page gone", |r| {
        r.status == 404
    });

    // An editor's save: write a scratch file, then rename it over the page.
    let intro = server.site().join(INTRO);
    let scratch = dir.join(".01-introduction.md.swp");
    let text = fs::read_to_string(&intro)
        .unwrap()
        .replace("Premier état", "Sauvé par renommage");
    fs::write(&scratch, text).unwrap();
    fs::rename(&scratch, &intro).unwrap();
    server.wait_for(INTRO_URL, "the renamed save", |r| {
        r.text().contains("Sauvé par renommage")
    });
}

#[test]
fn a_replaced_content_folder_is_watched_again() {
    let server = Server::start(&[]);
    let (content, fresh) = (server.site().join("content"), server.site().join("fresh"));
    copy_dir(&content, &fresh);
    edit(
        &fresh.join("economie-locale/01-introduction.md"),
        "Premier état",
        "Remplacé",
    );
    fs::rename(&content, server.site().join("old")).unwrap();
    fs::rename(&fresh, &content).unwrap();
    server.wait_for(INTRO_URL, "the new folder", |r| {
        r.text().contains("Remplacé")
    });
    edit(
        &content.join(INTRO.trim_start_matches("content/")),
        "Remplacé",
        "Suivi",
    );
    server.wait_for(INTRO_URL, "an edit in it", |r| r.text().contains("Suivi"));
}

#[test]
fn theme_overrides_are_watched() {
    let server = Server::start(&[]);
    let version = |html: &str| {
        html.split("/static/style.css?v=")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .map(str::to_string)
            .expect("a versioned stylesheet")
    };
    let before = version(&server.get("/").text());
    let css = server.site().join("themes/panorama/static/style.css");
    fs::create_dir_all(css.parent().unwrap()).unwrap();
    fs::write(&css, "body { color: rebeccapurple }\n").unwrap();
    server.wait_for("/static/style.css", "the theme's stylesheet", |r| {
        r.text().contains("rebeccapurple")
    });
    // The pages ask for the new version: no browser keeps the old one.
    server.wait_for("/", "the new stylesheet's version", |r| {
        version(&r.text()) != before
    });
}

#[test]
fn serves_under_the_base_path() {
    let server = Server::start(&["--base-url", "https://example.gouv.fr/panoramas/"]);
    let root = server.get("/");
    assert_eq!(root.status, 301);
    assert_eq!(root.header("location"), Some("/panoramas/"));
    let home = server.get("/panoramas/");
    assert_eq!(home.status, 200);
    let html = home.text();
    assert!(
        html.contains("data-page=\"/panoramas/index.html\""),
        "{html}"
    );
    assert!(
        html.contains("href=\"/panoramas/static/style.css?v="),
        "{html}"
    );
    // The preview's own origin, under the path of the base URL.
    let canonical = format!(
        "<link rel=\"canonical\" href=\"http://127.0.0.1:{}/panoramas/\">",
        server.port
    );
    assert!(html.contains(&canonical), "{html}");
    assert_eq!(server.get("/panoramas/static/style.css").status, 200);
    assert_eq!(server.get("/panoramas/economie-locale/").status, 200);
    assert_eq!(
        server.get("/panoramas/economie-locale").header("location"),
        Some("/panoramas/economie-locale/")
    );
    assert_eq!(server.get("/economie-locale/").status, 404);
    assert!(
        server.stdout().contains("/panoramas/"),
        "{}",
        server.stdout()
    );
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site");
    let out = Command::new(BIN)
        .args(["serve", "--quiet", "--root"])
        .arg(&site)
        .args(["--port", &port.to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    assert!(stderr.contains(&port.to_string()), "{stderr}");
}

#[test]
fn a_missing_content_folder_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--root"])
        .arg(tmp.path())
        .args(["--port", &free_port().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no content/ folder"));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_and_leaves_no_file() {
    fn tree(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                tree(&p, out);
            }
            out.push(p);
        }
    }
    let mut server = Server::start(&[]);
    let mut before = Vec::new();
    tree(server.tmp.path(), &mut before);
    assert_eq!(server.get("/").status, 200);
    let _events = server.events();
    let killed = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "still running after SIGINT");
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let mut after = Vec::new();
    tree(server.tmp.path(), &mut after);
    assert_eq!(before, after, "no file left behind");
}

/// A client sending its request head one byte a second is cut off once
/// the whole head is late (10 s), not only after a complete line.
#[test]
fn a_request_head_trickled_byte_by_byte_is_cut_off() {
    let server = Server::start(&[]);
    let mut s = server.connect();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = Instant::now();
    let head = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ";
    let mut sent = 0;
    let closed = loop {
        let byte = head.get(sent).copied().unwrap_or(b'a');
        if s.write_all(&[byte]).is_err() {
            break true;
        }
        sent += 1;
        let mut buf = [0u8; 512];
        match s.read(&mut buf) {
            Ok(0) | Err(_) if start.elapsed() > Duration::from_secs(30) => break false,
            Ok(0) => break true,
            Ok(_) => break true,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => thread::sleep(Duration::from_millis(800)),
        }
    };
    assert!(closed, "a trickling client was never cut off");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "cut off only after {:?}",
        start.elapsed()
    );
}

/// More stalled connections than the server's limit (512): the newest
/// clients are still answered, the idlest connections making room.
#[test]
fn stalled_connections_cannot_lock_the_others_out() {
    let server = Server::start(&[]);
    let mut stalled = Vec::new();
    for i in 0..600 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        let part: &[u8] = if i % 2 == 0 {
            b"GET / HTTP/1.1\r\nHo"
        } else {
            b"G"
        };
        let _ = s.write_all(part);
        stalled.push(s);
    }
    let mut slowest = Duration::ZERO;
    for _ in 0..20 {
        let start = Instant::now();
        let r = server.get("/robots.txt");
        slowest = slowest.max(start.elapsed());
        assert_eq!(r.status, 200, "{}", r.text());
    }
    eprintln!("slowest of 20 requests beside 600 stalled connections: {slowest:?}");
    drop(stalled);
}

/// The printed volume (issue 17): linked from the volume page, laid out
/// only when it is requested, given again without a new layout while the
/// volume does not change, laid out anew on the next request after an
/// edit (never by the save itself).
#[test]
fn the_printed_volume_is_laid_out_on_request_only() {
    const PDF_URL: &str = "/economie-locale/economie-locale.pdf";
    let server = Server::start(&[]);
    let volume = server.get("/economie-locale/");
    assert!(
        volume.text().contains(&format!("href=\"{PDF_URL}\"")),
        "the volume page links its PDF:\n{}",
        volume.text()
    );
    let laid_out = || server.stdout().matches("printed volume").count();
    // The server's output reaches the test through a pipe and a thread,
    // maybe after the answer: wait for the `n`th line (a bounded wait).
    let laid_out_once = |n: usize| {
        let start = Instant::now();
        while laid_out() < n && start.elapsed() < PATIENCE {
            thread::sleep(Duration::from_millis(20));
        }
        laid_out()
    };
    assert_eq!(laid_out(), 0, "laid out before anyone asked for it");
    // A layout takes seconds in a debug build: a patient client.
    let get_pdf = || {
        let mut s = server.connect();
        s.set_read_timeout(Some(Duration::from_secs(300))).unwrap();
        s.write_all(
            format!("GET {PDF_URL} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        let mut bytes = Vec::new();
        s.read_to_end(&mut bytes).unwrap();
        Response::parse(&bytes)
    };
    let first = get_pdf();
    assert_eq!(first.status, 200, "{}\n{}", first.text(), server.stderr());
    assert_eq!(first.header("content-type"), Some("application/pdf"));
    assert!(first.body.starts_with(b"%PDF-"));
    assert_eq!(laid_out_once(1), 1);
    let again = get_pdf();
    assert_eq!(again.body, first.body, "unchanged volume, same PDF");
    assert_eq!(laid_out(), 1, "an unchanged volume was laid out again");

    edit(
        &server
            .site()
            .join("content/economie-locale/01-introduction.md"),
        "Premier état du chapitre.",
        "Second état du chapitre.",
    );
    server.wait_for(INTRO_URL, "the edit", |r| r.text().contains("Second état"));
    thread::sleep(Duration::from_millis(300));
    assert_eq!(laid_out(), 1, "a save laid the PDF out");
    let edited = get_pdf();
    assert_eq!(edited.status, 200);
    assert_ne!(edited.body, first.body, "the edit is in the new PDF");
    assert_eq!(laid_out_once(2), 2);
    // Not a volume's PDF: an ordinary 404.
    assert_eq!(server.get("/economie-locale/autre.pdf").status, 404);
    assert_eq!(server.get("/autre/autre.pdf").status, 404);
}

/// A PNG of one colour.
fn png(rgb: [u8; 3]) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(64, 32, image::Rgb(rgb));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The `src` of the `<img>` whose `alt` is `alt`.
fn img_src(html: &str, alt: &str) -> String {
    let tag = html
        .split("<img ")
        .skip(1)
        .find(|t| t.contains(&format!("alt=\"{alt}\"")))
        .unwrap_or_else(|| panic!("no image {alt:?} in {html}"));
    attribute(tag, "src")
}

/// The counts of the media line of each build's timings (issue 12).
fn media_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains("media:"))
        .map(str::to_string)
        .collect()
}

/// `serve` re-processes only the image that changed (issue 12): after an
/// edit of one of two images, the rebuild processes one and takes the
/// other from the cache, and the page shows the new image's address.
#[test]
fn a_changed_image_alone_is_processed_again() {
    let server = Server::start_with_env(&[], &[("PANORAMA_TIMINGS", "1")], |site| {
        let dir = site.join("content/economie-locale");
        fs::write(dir.join("a.png"), png([200, 0, 0])).unwrap();
        fs::write(dir.join("b.png"), png([0, 0, 200])).unwrap();
        let mut text = fs::read_to_string(site.join(INTRO)).unwrap();
        text.push_str("\n![Image A](a.png)\n\n![Image B](b.png)\n");
        fs::write(site.join(INTRO), text).unwrap();
    });
    let first = server.get(INTRO_URL).text();
    let (a, b) = (img_src(&first, "Image A"), img_src(&first, "Image B"));
    assert_eq!(
        media_lines(&server.stderr()),
        ["panorama: media: 2 processed, 0 from the cache (0 not read again)"]
    );

    // Saved as editors' tools do: written aside, then renamed over.
    let dir = server.site().join("content/economie-locale");
    fs::write(dir.join(".a.png.tmp"), png([0, 150, 0])).unwrap();
    fs::rename(dir.join(".a.png.tmp"), dir.join("a.png")).unwrap();
    let page = server.wait_for(INTRO_URL, "the new image", |r| {
        r.status == 200 && !r.text().contains(&a)
    });
    let new_a = img_src(&page.text(), "Image A");
    assert_ne!(new_a, a);
    assert_eq!(img_src(&page.text(), "Image B"), b);
    assert_eq!(server.get(&new_a).status, 200);
    // The rebuild processed one image (B kept its address: not A), the
    // other one was not even read; a save seen as more than one event may
    // add a rebuild that processes nothing.
    let lines = media_lines(&server.stderr());
    assert!(
        lines[1..].contains(
            &"panorama: media: 1 processed, 1 from the cache (1 not read again)".to_string()
        ),
        "{lines:?}"
    );
    for later in &lines[1..] {
        assert!(
            later == "panorama: media: 1 processed, 1 from the cache (1 not read again)"
                || later == "panorama: media: 0 processed, 2 from the cache (2 not read again)",
            "{lines:?}"
        );
    }
}
