//! Connections, on hyper's HTTP/1.1 (request parsing, keep-alive, the
//! request-head deadline) driven by a current-thread tokio runtime: one
//! thread for every connection, however slow its client.
//!
//! Why hyper: it is the most used and best kept HTTP implementation in
//! Rust, its `header_read_timeout` bounds the whole request head (not each
//! line) and also the wait for the next request on a kept-alive
//! connection, and it runs on the tokio the project already has (for the
//! search indexer). tiny_http has no deadline on the request head; axum
//! would add a router and tower we do not need.
//!
//! Bounds: the head must arrive within [`HEAD_TIME`] and fit in
//! [`MAX_HEAD`]; at most [`MAX_CONNECTIONS`] connections are open, and
//! when a new one arrives at the limit, the idlest is closed to make room
//! (a connection waiting for a request first, the oldest event stream
//! next; a browser reopens its stream by itself). Only when every
//! connection is in the middle of answering is the newcomer told 503.

use crate::serve::printed::Printed;
use crate::serve::reload::{EVENTS_URL, PageTag, SCRIPT, SCRIPT_URL, inject};
use crate::serve::site::Lookup;
use crate::serve::state::State;
use crate::serve::url::{parse_target, query_param};
use hyper::body::{Bytes, Frame, Incoming, SizeHint};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode, Version};
use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

pub(crate) const MAX_CONNECTIONS: usize = 512;
/// The whole request head (and, between requests, the wait for the next
/// one) must arrive within this.
pub(crate) const HEAD_TIME: Duration = Duration::from_secs(10);
/// Request line and headers together (hyper's smallest buffer).
pub(crate) const MAX_HEAD: usize = 8 * 1024;
/// A GET or HEAD body larger than this is refused.
pub(crate) const MAX_BODY: u64 = 64 * 1024;
/// A comment on the event stream this often notices closed pages.
const PING: Duration = Duration::from_secs(10);
/// How long an evicted connection may take to finish what it is sending.
const EVICTION_GRACE: Duration = Duration::from_secs(1);

/// Serves until the process ends.
pub(crate) fn run(listener: std::net::TcpListener, state: Arc<State>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build();
    let runtime = match runtime {
        Ok(r) => r,
        Err(e) => {
            eprintln!("panorama: cannot start the server: {e}");
            return;
        }
    };
    runtime.block_on(accept(listener, state));
}

async fn accept(listener: std::net::TcpListener, state: Arc<State>) {
    let listener = match listener
        .set_nonblocking(true)
        .and_then(|()| tokio::net::TcpListener::from_std(listener))
    {
        Ok(l) => l,
        Err(e) => {
            eprintln!("panorama: cannot listen: {e}");
            return;
        }
    };
    let table = Arc::new(Table::default());
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors or an aborted handshake: let the
                // open connections finish before trying again.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        match table.admit() {
            Some(conn) => {
                let table = Arc::clone(&table);
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    connection(stream, state, &conn).await;
                    table.remove(conn.id);
                });
            }
            None => {
                tokio::spawn(busy(stream));
            }
        }
    }
}

/// Every connection is answering a request: this one is told to retry.
async fn busy(mut stream: tokio::net::TcpStream) {
    use tokio::io::AsyncWriteExt;
    let body = "too many connections\n";
    let text = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(HEAD_TIME, stream.write_all(text.as_bytes())).await;
}

/// One open connection, as the table sees it.
struct Conn {
    id: u64,
    opened: Instant,
    /// Requests being answered (their response head not yet sent).
    answering: AtomicUsize,
    /// It carries an event stream.
    events: AtomicBool,
    evict: tokio::sync::Notify,
}

#[derive(Default)]
struct Table {
    open: Mutex<HashMap<u64, Arc<Conn>>>,
    next: std::sync::atomic::AtomicU64,
}

impl Table {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a new connection, closing the idlest one at the limit.
    fn admit(&self) -> Option<Arc<Conn>> {
        let mut open = self.lock();
        if open.len() >= MAX_CONNECTIONS {
            let idle = |c: &&Arc<Conn>| c.answering.load(Ordering::SeqCst) == 0;
            let waiting = open
                .values()
                .filter(idle)
                .filter(|c| !c.events.load(Ordering::SeqCst))
                .min_by_key(|c| c.opened);
            let victim = waiting
                .or_else(|| open.values().filter(idle).min_by_key(|c| c.opened))
                .map(|c| c.id)?;
            if let Some(c) = open.remove(&victim) {
                c.evict.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let conn = Arc::new(Conn {
            id,
            opened: Instant::now(),
            answering: AtomicUsize::new(0),
            events: AtomicBool::new(false),
            evict: tokio::sync::Notify::new(),
        });
        open.insert(id, Arc::clone(&conn));
        Some(conn)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }
}

async fn connection(stream: tokio::net::TcpStream, state: Arc<State>, conn: &Arc<Conn>) {
    let for_service = Arc::clone(conn);
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let state = Arc::clone(&state);
        let conn = Arc::clone(&for_service);
        conn.answering.fetch_add(1, Ordering::SeqCst);
        async move {
            // A volume's PDF is laid out on request (printed.rs).
            let pdf = match (state.printed(), Printed::wanted(&state.site(), &req)) {
                (Some(printed), Some(path)) => {
                    printed.answer(path, req.method() == Method::HEAD).await
                }
                _ => None,
            };
            let response = pdf.unwrap_or_else(|| respond(&req, &state, &conn));
            conn.answering.fetch_sub(1, Ordering::SeqCst);
            Ok::<_, Infallible>(response)
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEAD_TIME)
        .max_buf_size(MAX_HEAD)
        .keep_alive(true);
    let http = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
    let mut http = pin!(http);
    let mut evicted = pin!(conn.evict.notified());
    let finished = std::future::poll_fn(|cx| {
        if http.as_mut().poll(cx).is_ready() {
            return Poll::Ready(true);
        }
        evicted.as_mut().poll(cx).map(|()| false)
    })
    .await;
    if !finished {
        http.as_mut().graceful_shutdown();
        let _ = tokio::time::timeout(EVICTION_GRACE, http).await;
    }
}

/// A response body: the bytes of a file, or an event stream.
pub(crate) enum Body {
    Full(Option<Bytes>),
    Events(tokio::sync::mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(rx) => rx.poll_recv(cx).map(|b| b.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(Some(b)) => SizeHint::with_exact(b.len() as u64),
            Body::Full(None) => SizeHint::with_exact(0),
            Body::Events(_) => SizeHint::default(),
        }
    }
}

pub(super) fn response(status: u16, content_type: &'static str, body: Bytes) -> Response<Body> {
    let mut r = Response::new(Body::Full(Some(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn text(status: u16, body: String) -> Response<Body> {
    response(status, "text/plain; charset=utf-8", Bytes::from(body))
}

fn respond(req: &Request<Incoming>, state: &State, conn: &Conn) -> Response<Body> {
    let mut r = answer(req, state, conn);
    let close = req
        .headers()
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case("close"));
    if req.version() == Version::HTTP_11 && !close && !conn.events.load(Ordering::SeqCst) {
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    }
    r
}

fn answer(req: &Request<Incoming>, state: &State, conn: &Conn) -> Response<Body> {
    if req.version() == Version::HTTP_11 && !req.headers().contains_key(header::HOST) {
        return text(400, "HTTP/1.1 request without Host\n".into());
    }
    if req.headers().contains_key(header::TRANSFER_ENCODING) {
        return text(400, "request bodies are not accepted\n".into());
    }
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    if length > MAX_BODY {
        return text(413, "request body too large\n".into());
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = text(405, "only GET and HEAD are served\n".into());
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let head_only = req.method() == Method::HEAD;
    let target = req.uri().to_string();
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if path == SCRIPT_URL {
        return response(
            200,
            "text/javascript; charset=utf-8",
            Bytes::from_static(SCRIPT.as_bytes()),
        );
    }
    if path == EVENTS_URL {
        let page = query_param(&target, "page");
        let version = query_param(&target, "version");
        let shown = page.as_deref().zip(version.as_deref());
        conn.events.store(true, Ordering::SeqCst);
        return events(state, head_only, shown);
    }
    let target = match parse_target(&target) {
        Ok(t) => t,
        Err(e) => return text(400, format!("{e}\n")),
    };
    let site = state.site();
    let file = |status, f: &crate::serve::site::File| {
        response(status, f.content_type, Bytes::copy_from_slice(&f.bytes))
    };
    match site.lookup(&target) {
        Lookup::Found(f) => file(200, f),
        Lookup::Redirect(to) => {
            let mut r = text(301, format!("moved to {to}\n"));
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::NotFound(Some(f)) => file(404, f),
        Lookup::NotFound(None) => text(404, "not found\n".into()),
        Lookup::Unavailable => {
            let tag = PageTag {
                page: "",
                version: crate::serve::site::UNAVAILABLE,
                any: true,
            };
            let page = inject(UNAVAILABLE_PAGE.as_bytes(), &tag);
            response(503, "text/html; charset=utf-8", Bytes::from(page))
        }
    }
}

/// Shown before the first successful build; the overlay tells why.
const UNAVAILABLE_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>panorama: the site has errors</title></head><body><main><h1>The site has errors</h1>\
<p>panorama could not build it yet: the errors are listed in the terminal and over this page. \
This page reloads by itself once they are fixed.</p></main></body></html>";

/// A `text/event-stream` that lasts as long as the page is open. The
/// state's events arrive on a blocking channel: a small thread per stream
/// carries them over, and ends when the page is gone (noticed at the next
/// event or ping).
fn events(state: &State, head_only: bool, shown: Option<(&str, &str)>) -> Response<Body> {
    let body = if head_only {
        Body::Full(None)
    } else {
        let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(16);
        let events = state.subscribe(shown);
        let spawned = std::thread::Builder::new()
            .name("panorama-events".into())
            .spawn(move || {
                // Reconnect quickly when the server comes back.
                if tx
                    .blocking_send(Bytes::from_static(b"retry: 500\n\n"))
                    .is_err()
                {
                    return;
                }
                loop {
                    let text = match events.recv_timeout(PING) {
                        Ok(text) => Bytes::copy_from_slice(text.as_bytes()),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            Bytes::from_static(b": ping\n\n")
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
                    };
                    if tx.blocking_send(text).is_err() {
                        return;
                    }
                }
            });
        if spawned.is_err() {
            return text(503, "cannot open an event stream now\n".into());
        }
        Body::Events(rx)
    };
    let mut r = Response::new(body);
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}
