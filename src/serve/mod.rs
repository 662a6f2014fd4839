//! `panorama serve`: builds the site in memory with the same pipeline as
//! `build`, serves it over HTTP, rebuilds when the sources change and
//! reloads the open pages.
//!
//! - [`watch`]: the sources, debounced into bursts;
//! - [`site`]: one build as served (lookup, base path, what changed);
//! - [`state`]: the current site, error and event streams;
//! - [`server`]: connections, requests, responses (on hyper);
//! - [`reload`] and [`overlay`]: what the browser receives;
//! - [`printed`]: the printed volumes, laid out when requested.
//!
//! Nothing is written to disk.

pub mod incremental;
mod mime;
mod overlay;
mod printed;
mod reload;
mod server;
mod site;
mod state;
mod url;
mod watch;

use crate::build::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::serve::incremental::{Session, Update};
use site::ServedSite;
use state::State;
use std::fmt;
use std::io::{self, IsTerminal};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::thread;
use std::time::{Duration, Instant};

pub(crate) const DEFAULT_PORT: u16 = 1111;
/// Without `--port`, the next ports are tried when 1111 is taken.
const PORTS_TRIED: u16 = 10;
/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(50);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `output` is not used: nothing is written.
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// `None`: 1111, or the next free port.
    pub port: Option<u16>,
    pub open: bool,
    pub quiet: bool,
}

#[derive(Debug)]
pub enum ServeError {
    NoContent(PathBuf),
    Bind { addr: SocketAddr, error: io::Error },
    Watch(notify::Error),
    Signal(ctrlc::Error),
    Thread(io::Error),
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::NoContent(root) => write!(
                f,
                "there is no content/ folder in `{}`; run panorama serve from the site's \
                 folder, or pass --root DIR",
                root.display()
            ),
            ServeError::Bind { addr, error } if error.kind() == io::ErrorKind::AddrInUse => write!(
                f,
                "cannot listen on {addr}: the port is already in use (another `panorama \
                 serve`?); choose another one with --port N"
            ),
            ServeError::Bind { addr, error } if error.kind() == io::ErrorKind::AddrNotAvailable => {
                write!(
                    f,
                    "cannot listen on {addr}: {error}; --interface must be an address of \
                     this machine, such as 127.0.0.1"
                )
            }
            ServeError::Bind { addr, error } => write!(f, "cannot listen on {addr}: {error}"),
            ServeError::Watch(e) => write!(f, "cannot watch the site's files: {e}"),
            ServeError::Signal(e) => write!(f, "cannot handle Ctrl-C: {e}"),
            ServeError::Thread(e) => write!(f, "cannot start a thread: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Runs until Ctrl-C (or SIGTERM).
pub fn serve(opts: &ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&opts.build.root)
        .map_err(|_| ServeError::NoContent(opts.build.root.clone()))?;
    if !root.join("content").is_dir() {
        return Err(ServeError::NoContent(opts.build.root.clone()));
    }
    let out = Output {
        quiet: opts.quiet,
        color: color(),
    };

    // A taken port is said before anything else. Requests wait in the
    // listen queue until the first build is done.
    let listener = bind(opts)?;
    let addr = listener.local_addr().map_err(|error| ServeError::Bind {
        addr: SocketAddr::new(opts.interface, opts.port.unwrap_or(DEFAULT_PORT)),
        error,
    })?;
    // Absolute URLs (canonical, og:url, JSON-LD, feed, sitemap) point at
    // the preview itself, under the path of base_url.
    let mut build = opts.build.clone();
    build.origin = Some(origin(addr));
    // Watching starts before the first build: a save during it is not lost.
    let watch = watch::Watch::start(&root).map_err(ServeError::Watch)?;
    let (state, session) = first_build(&build, out);
    let state =
        Arc::new(state.with_printed(printed::Printed::start(opts.build.clone(), opts.quiet)));

    let url = format!("http://{addr}{}", state.site().base_path());
    let (stop_tx, stop_rx) = channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .map_err(ServeError::Signal)?;

    out.info(&format!(
        "panorama: serving {url} — watching content/ and themes/; Ctrl-C to stop"
    ));
    if !opts.interface.is_loopback() {
        eprintln!(
            "panorama: warning: listening on {} makes the preview reachable from other machines",
            opts.interface
        );
    }

    let server_state = Arc::clone(&state);
    thread::Builder::new()
        .name("panorama-accept".into())
        .spawn(move || server::run(listener, server_state))
        .map_err(ServeError::Thread)?;
    let rebuild_state = Arc::clone(&state);
    thread::Builder::new()
        .name("panorama-rebuild".into())
        .spawn(move || rebuild_loop(watch, &build, &rebuild_state, session, out))
        .map_err(ServeError::Thread)?;

    if opts.open {
        open_browser(&url);
    }
    let _ = stop_rx.recv();
    // The watcher and the sockets close with the process; nothing was
    // written, so there is nothing to clean.
    out.info("panorama: stopped");
    Ok(())
}

/// The first build: the site to serve (or the errors to show over every
/// page until they are fixed), and the session later edits update.
fn first_build(build: &BuildOptions, out: Output) -> (State, Option<Session>) {
    let start = Instant::now();
    match rebuild(build, None) {
        Ok(built) => {
            out.info(&format!(
                "panorama: built {} pages ({} files) in memory in {} ms",
                built.pages,
                built.files,
                start.elapsed().as_millis()
            ));
            (State::new(built.site, None), Some(built.session))
        }
        Err(diags) => {
            out.errors(&diags, "nothing to serve until they are fixed");
            (
                State::new(ServedSite::unavailable(), Some(overlay::render(&diags))),
                None,
            )
        }
    }
}

struct Built {
    site: ServedSite,
    pages: usize,
    files: usize,
    session: Session,
}

/// The same pipeline as `build`, without writing; the session is kept for
/// the next edits.
/// `previous` is the session being replaced: its search index is kept when
/// the indexed pages did not change.
fn rebuild(build: &BuildOptions, previous: Option<&Session>) -> Result<Built, Vec<Diagnostic>> {
    let kept = previous.and_then(Session::search_index);
    let (session, rendered, base_path) = Session::start_reusing(build, kept)?;
    Ok(Built {
        site: ServedSite::new(&rendered, &base_path),
        pages: rendered.pages,
        files: rendered.files.len(),
        session,
    })
}

fn rebuild_loop(
    mut watch: watch::Watch,
    build: &BuildOptions,
    state: &State,
    mut session: Option<Session>,
    out: Output,
) {
    while let Some(paths) = watch.next_burst(DEBOUNCE) {
        let start = Instant::now();
        let what = describe(&build.root, &paths);
        // Only what the edit changes when it can be told, else everything.
        let update = match session.as_mut() {
            Some(s) => s.update(&paths),
            None => Update::Full,
        };
        let (next, how) = match update {
            Update::Done { files } => (Ok(state.site().with_changes(&files, &[])), "updated"),
            Update::Failed(diags) => (Err(diags), ""),
            Update::Full => match rebuild(build, session.as_ref()) {
                Ok(built) => {
                    session = Some(built.session);
                    (Ok(built.site), "rebuilt")
                }
                Err(diags) => {
                    session = None;
                    (Err(diags), "")
                }
            },
        };
        match next {
            Ok(site) => {
                let fixed = state.has_error();
                let changed = state.publish_site(site);
                let ms = start.elapsed().as_millis();
                let result = match changed.as_slice() {
                    [] => "no page changed".to_string(),
                    [all] if all == reload::ALL_PAGES => "reloading every page".to_string(),
                    [one] => format!("reloading {one}"),
                    [first, rest @ ..] => format!("reloading {first} and {} more", rest.len()),
                };
                let fixed = if fixed { "fixed; " } else { "" };
                out.info(&format!(
                    "panorama: {what} changed — {fixed}{how} in {ms} ms, {result}"
                ));
            }
            Err(diags) => {
                out.errors(&diags, "the last good version stays served");
                state.publish_error(overlay::render(&diags));
            }
        }
        // The pages are served; now the search index catches up.
        if let Some(result) = session.as_mut().and_then(Session::search_update) {
            match result {
                Ok((files, removed)) => {
                    state.publish_site(state.site().with_changes(&files, &removed));
                }
                Err(diags) => {
                    out.errors(&diags, "search stays on the previous index");
                    state.publish_error(overlay::render(&diags));
                }
            }
        }
    }
}

/// The files of a burst, for the terminal: those that still exist first
/// (an editor's scratch files are gone by then).
fn describe(root: &Path, paths: &std::collections::BTreeSet<PathBuf>) -> String {
    let (existing, gone): (Vec<&PathBuf>, Vec<&PathBuf>) =
        paths.iter().partition(|p| root.join(p).exists());
    let shown = if existing.is_empty() { gone } else { existing };
    match shown.as_slice() {
        [] => "the sources".into(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} and {} other files", first.display(), rest.len()),
    }
}

/// Without `--port`, 1111 or the next free port, said so.
/// `http://` and the address the preview listens on; a wildcard interface
/// (`0.0.0.0`, `::`) is reached on this machine through loopback.
fn origin(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

fn bind(opts: &ServeOptions) -> Result<TcpListener, ServeError> {
    let try_bind = |port: u16| {
        let addr = SocketAddr::new(opts.interface, port);
        TcpListener::bind(addr).map_err(|error| ServeError::Bind { addr, error })
    };
    if let Some(port) = opts.port {
        return try_bind(port);
    }
    let mut first_error = None;
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED {
        match try_bind(port) {
            Ok(listener) => {
                if port != DEFAULT_PORT {
                    eprintln!("panorama: port {DEFAULT_PORT} is in use, serving on port {port}");
                }
                return Ok(listener);
            }
            Err(ServeError::Bind { addr, error }) if error.kind() == io::ErrorKind::AddrInUse => {
                first_error.get_or_insert(ServeError::Bind { addr, error });
            }
            Err(e) => return Err(e),
        }
    }
    Err(first_error.unwrap_or(ServeError::Bind {
        addr: SocketAddr::new(opts.interface, DEFAULT_PORT),
        error: io::ErrorKind::AddrInUse.into(),
    }))
}

fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let child = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match child {
        // Reap it, so it does not linger as a zombie.
        Ok(mut child) => {
            thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("panorama: cannot open a browser ({program}: {e}); open {url}"),
    }
}

fn color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
}

#[derive(Debug, Clone, Copy)]
struct Output {
    quiet: bool,
    color: bool,
}

impl Output {
    fn info(&self, line: &str) {
        if !self.quiet {
            println!("{line}");
        }
    }

    fn errors(&self, diags: &[Diagnostic], then: &str) {
        eprint!(
            "{}",
            crate::diagnostic::report(diags, self.color, &format!("; {then}"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_is_the_address_listened_on() {
        let at = |s: &str| origin(s.parse().unwrap());
        assert_eq!(at("127.0.0.1:1111"), "http://127.0.0.1:1111");
        assert_eq!(at("192.168.1.5:8080"), "http://192.168.1.5:8080");
        assert_eq!(at("0.0.0.0:1111"), "http://127.0.0.1:1111");
        assert_eq!(at("[::]:1111"), "http://[::1]:1111");
        assert_eq!(at("[::1]:1112"), "http://[::1]:1112");
    }
}
