//! Measures a running `panorama serve` (see `scripts/bench-serve.sh`, which
//! starts one on a copy of the shipped content and runs this):
//!
//! 1. save → notified: a page's source is saved (plain write, then an
//!    editor's write-and-rename, alternately); the time until the event
//!    stream announces that page, then until the page is served again with
//!    the new text (what the browser's reload fetches);
//! 2. 50 concurrent kept-alive connections for a few seconds: requests
//!    served, and every error.
//!
//! `cargo run --release --example serve_bench -- PORT SOURCE_FILE PAGE_URL [SAVES] [CLIENTS] [SECONDS]`
//! Only loopback is spoken to; every loop is bounded.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: serve_bench PORT SOURCE_FILE PAGE_URL [SAVES] [CLIENTS] [SECONDS]");
        std::process::exit(2);
    }
    let port: u16 = args[0].parse().expect("PORT");
    let file = PathBuf::from(&args[1]);
    let url = args[2].clone();
    let saves: usize = args.get(3).map_or(30, |a| a.parse().expect("SAVES"));
    let clients: usize = args.get(4).map_or(50, |a| a.parse().expect("CLIENTS"));
    let seconds: u64 = args.get(5).map_or(5, |a| a.parse().expect("SECONDS"));

    latency(port, &file, &url, saves);
    load(port, &url, clients, Duration::from_secs(seconds));
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_nodelay(true).unwrap();
    s
}

/// Reads one response on a kept-alive connection: (status, body).
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .get(9..12)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let mut length = 0usize;
    loop {
        line.clear();
        r.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((n, v)) = line.split_once(':')
            && n.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok((status, body))
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut s = connect(port);
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    read_response(&mut BufReader::new(s)).expect("response")
}

fn save(file: &Path, text: &str, by_rename: bool) {
    if by_rename {
        let name = file.file_name().unwrap().to_string_lossy();
        let scratch = file.with_file_name(format!(".{name}.tmp"));
        fs::write(&scratch, text).unwrap();
        fs::rename(&scratch, file).unwrap();
    } else {
        fs::write(file, text).unwrap();
    }
}

fn stats(name: &str, mut ms: Vec<f64>) {
    ms.sort_by(f64::total_cmp);
    let pick = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name}: min {:.1} ms, median {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} saves)",
        pick(0.0),
        pick(0.5),
        pick(0.95),
        pick(1.0),
        ms.len()
    );
}

fn latency(port: u16, file: &Path, url: &str, saves: usize) {
    let original = fs::read_to_string(file).expect("SOURCE_FILE");
    let page = format!("data: {url}index.html");
    let events = connect(port);
    let mut events_w = events.try_clone().unwrap();
    events_w
        .write_all(b"GET /__panorama/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    // Lines of the stream, read by a thread, timestamped on arrival.
    let lines: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let sink = Arc::clone(&lines);
    thread::spawn(move || {
        for line in BufReader::new(events).lines() {
            let Ok(line) = line else { break };
            sink.lock().unwrap().push((Instant::now(), line));
        }
    });
    thread::sleep(Duration::from_millis(300));

    let (mut notified, mut served) = (Vec::new(), Vec::new());
    for i in 0..saves {
        let marker = format!("Mesure de latence numéro {i}.");
        let seen = lines.lock().unwrap().len();
        let t0 = Instant::now();
        save(file, &format!("{original}\n\n{marker}\n"), i % 2 == 1);
        let deadline = t0 + Duration::from_secs(10);
        let at = loop {
            let found = lines.lock().unwrap()[seen..]
                .iter()
                .find(|(_, l)| *l == page)
                .map(|(t, _)| *t);
            if let Some(t) = found {
                break t;
            }
            assert!(Instant::now() < deadline, "no reload event for save {i}");
            thread::sleep(Duration::from_micros(200));
        };
        let (status, body) = get(port, url);
        let done = Instant::now();
        assert_eq!(status, 200);
        assert!(
            String::from_utf8_lossy(&body).contains(&marker),
            "save {i} not served"
        );
        notified.push(at.duration_since(t0).as_secs_f64() * 1e3);
        served.push(done.duration_since(t0).as_secs_f64() * 1e3);
        thread::sleep(Duration::from_millis(250));
    }
    fs::write(file, &original).unwrap();
    stats("save → reload event", notified);
    stats("save → new page served", served);
}

fn load(port: u16, url: &str, clients: usize, duration: Duration) {
    let paths: Vec<(String, u16)> = vec![
        ("/".into(), 200),
        (url.to_string(), 200),
        ("/glossaire/".into(), 200),
        ("/static/style.css".into(), 200),
        ("/sitemap.xml".into(), 200),
        ("/nulle-part/".into(), 404),
    ];
    let paths = Arc::new(paths);
    let stop = Arc::new(AtomicBool::new(false));
    let (ok, errors, bytes) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let start = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let (paths, stop, ok, errors, bytes) = (
                Arc::clone(&paths),
                Arc::clone(&stop),
                Arc::clone(&ok),
                Arc::clone(&errors),
                Arc::clone(&bytes),
            );
            thread::spawn(move || {
                let stream = connect(port);
                let mut w = stream.try_clone().unwrap();
                let mut r = BufReader::new(stream);
                let mut i = c;
                while !stop.load(Ordering::Relaxed) {
                    let (path, want) = &paths[i % paths.len()];
                    i += 1;
                    let sent = write!(w, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    match sent.and_then(|_| read_response(&mut r)) {
                        Ok((status, body)) if status == *want => {
                            ok.fetch_add(1, Ordering::Relaxed);
                            bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
                        }
                        Ok((status, _)) => {
                            eprintln!("{path}: status {status}");
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            eprintln!("{path}: {e}");
                            errors.fetch_add(1, Ordering::Relaxed);
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    let secs = start.elapsed().as_secs_f64();
    let n = ok.load(Ordering::Relaxed);
    println!(
        "{clients} kept-alive connections for {secs:.1} s: {n} requests ({:.0}/s, {:.1} MB/s), {} errors",
        n as f64 / secs,
        bytes.load(Ordering::Relaxed) as f64 / secs / 1e6,
        errors.load(Ordering::Relaxed)
    );
}
