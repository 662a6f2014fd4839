//! Connections: a thread each (most are short, the event streams of open
//! pages are long), bounded in number, in request size and in time.

use crate::serve::http::{
    BadRequest, Method, Read, Request, Response, body_length, parse_head, read_head,
};
use crate::serve::reload::{EVENTS_URL, PageTag, SCRIPT, SCRIPT_URL, inject};
use crate::serve::site::Lookup;
use crate::serve::state::State;
use crate::serve::url::{parse_target, query_param};
use std::io::{self, BufReader, Read as _, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

const MAX_CONNECTIONS: usize = 512;
/// How long a kept-alive connection may wait for its next request.
const IDLE: Duration = Duration::from_secs(5);
/// How long a request may take to arrive.
const REQUEST_TIME: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A comment on the event stream this often notices closed pages.
const PING: Duration = Duration::from_secs(10);
/// After a refused request, how long and how much of the rest is read.
const LINGER: Duration = Duration::from_millis(500);
const LINGER_BYTES: u64 = 256 * 1024;

/// Accepts connections until the process ends.
pub fn run(listener: TcpListener, state: Arc<State>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors or an aborted handshake: let the
                // open connections finish before trying again.
                thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let slot = Slot::take(&active);
        if slot.count > MAX_CONNECTIONS {
            let busy = Response::text(503, "too many connections\n");
            let _ = stream.write_all(&busy.to_bytes(false, false));
            continue;
        }
        let state = Arc::clone(&state);
        let spawned = thread::Builder::new()
            .name("panorama-http".into())
            .spawn(move || {
                let _slot = slot;
                let _ = handle(stream, &state);
            });
        if spawned.is_err() {
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// One open connection, counted while it lives.
struct Slot {
    active: Arc<AtomicUsize>,
    count: usize,
}

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        let count = active.fetch_add(1, Ordering::SeqCst) + 1;
        Slot {
            active: Arc::clone(active),
            count,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.active.fetch_sub(1, Ordering::SeqCst);
    }
}

fn handle(stream: TcpStream, state: &State) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(IDLE))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let head = match read_head(&mut reader, Instant::now() + REQUEST_TIME)? {
            Read::Head(h) => h,
            Read::Closed => return Ok(()),
            Read::TooLarge => return refuse(&mut writer, BadRequest::HeadTooLarge),
        };
        let request = match parse_head(&head) {
            Ok(r) => r,
            Err(e) => return refuse(&mut writer, e),
        };
        match body_length(&request) {
            Ok(0) => {}
            Ok(n) => {
                let dropped = io::copy(&mut (&mut reader).take(n), &mut io::sink())?;
                if dropped < n {
                    return Ok(());
                }
            }
            Err(e) => return refuse(&mut writer, e),
        }
        let keep_alive = request.keep_alive();
        if !respond(&request, state, &mut writer, keep_alive)? || !keep_alive {
            return Ok(());
        }
    }
}

/// Answers a request that cannot be read further, and closes.
fn refuse(w: &mut TcpStream, e: BadRequest) -> io::Result<()> {
    let body = format!("{}\n", e.message());
    w.write_all(&Response::text(e.status(), &body).to_bytes(false, false))?;
    // Closing with unread input would reset the connection and could lose
    // the answer: say we are done, then drop what the client still sends.
    w.shutdown(Shutdown::Write)?;
    w.set_read_timeout(Some(LINGER))?;
    let _ = io::copy(&mut w.take(LINGER_BYTES), &mut io::sink());
    Ok(())
}

/// Answers one request; false when the connection must close after it.
fn respond(req: &Request, state: &State, w: &mut TcpStream, keep_alive: bool) -> io::Result<bool> {
    let head_only = req.is_head();
    let send = |w: &mut TcpStream, r: Response<'_>| -> io::Result<bool> {
        w.write_all(&r.to_bytes(head_only, keep_alive))?;
        Ok(true)
    };
    if let Method::Other(_) = req.method {
        let r =
            Response::text(405, "only GET and HEAD are served\n").with("Allow", "GET, HEAD".into());
        return send(w, r);
    }
    let path = req.target.split(['?', '#']).next().unwrap_or_default();
    if path == SCRIPT_URL {
        return send(
            w,
            Response::new(200, "text/javascript; charset=utf-8", SCRIPT.as_bytes()),
        );
    }
    if path == EVENTS_URL {
        let page = query_param(&req.target, "page");
        let version = query_param(&req.target, "version");
        let shown = page.as_deref().zip(version.as_deref());
        stream_events(state, w, head_only, shown)?;
        return Ok(false);
    }
    let target = match parse_target(&req.target) {
        Ok(t) => t,
        Err(e) => {
            let body = format!("{e}\n");
            return send(w, Response::text(400, &body));
        }
    };
    let site = state.site();
    match site.lookup(&target) {
        Lookup::Found(f) => send(w, Response::new(200, f.content_type, &f.bytes)),
        Lookup::Redirect(to) => {
            let body = format!("moved to {to}\n");
            send(w, Response::text(301, &body).with("Location", to))
        }
        Lookup::NotFound(Some(f)) => send(w, Response::new(404, f.content_type, &f.bytes)),
        Lookup::NotFound(None) => send(w, Response::text(404, "not found\n")),
        Lookup::Unavailable => {
            let tag = PageTag {
                page: "",
                version: crate::serve::site::UNAVAILABLE,
                any: true,
            };
            let page = inject(UNAVAILABLE_PAGE.as_bytes(), &tag);
            send(w, Response::new(503, "text/html; charset=utf-8", &page))
        }
    }
}

/// Shown before the first successful build; the overlay tells why.
const UNAVAILABLE_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>panorama: the site has errors</title></head><body><main><h1>The site has errors</h1>\
<p>panorama could not build it yet: the errors are listed in the terminal and over this page. \
This page reloads by itself once they are fixed.</p></main></body></html>";

/// A `text/event-stream` that lasts as long as the page is open.
fn stream_events(
    state: &State,
    w: &mut TcpStream,
    head_only: bool,
    shown: Option<(&str, &str)>,
) -> io::Result<()> {
    w.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    if head_only {
        return Ok(());
    }
    // Reconnect quickly when the server comes back.
    w.write_all(b"retry: 500\n\n")?;
    let events = state.subscribe(shown);
    loop {
        match events.recv_timeout(PING) {
            Ok(text) => w.write_all(text.as_bytes())?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => w.write_all(b": ping\n\n")?,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}
