//! The printed volumes in the preview. Laying a volume out takes longer
//! than rebuilding the whole site, so a save never does it: the volume
//! pages link their PDF, and a request for `/<volume>/<volume>.pdf` lays
//! it out then, from the sources as they are at that moment, on a thread
//! of its own (the server goes on answering other requests meanwhile).
//! The last PDF of each volume is kept: when the volume did not change
//! since (same input key, see src/pdf/), it is served again without being
//! laid out. Requests that arrive while a volume is being laid out wait
//! for that one layout.

use crate::build::BuildOptions;
use crate::diagnostic::Diagnostic;
use crate::serve::server::{Body, response};
use crate::serve::site::ServedSite;
use crate::serve::url::parse_target;
use hyper::body::Bytes;
use hyper::{Method, Request, Response};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use tokio::sync::oneshot;

/// What a request for a PDF gets.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    Pdf(Arc<Vec<u8>>),
    /// No volume has a PDF at that path: answered like any other path.
    NotAVolume,
    /// The sources or the layout have errors, as an HTML page.
    Failed(Arc<String>),
}

struct Job {
    path: String,
    reply: oneshot::Sender<Outcome>,
}

/// The handle the server holds.
pub(crate) struct Printed {
    jobs: Sender<Job>,
}

impl Printed {
    /// Starts the thread that lays volumes out. `None` if it cannot start
    /// (the PDFs are then answered 404, like any missing file).
    /// `quiet`: say nothing when a volume is laid out (errors are said).
    pub(crate) fn start(build: BuildOptions, quiet: bool) -> Option<Printed> {
        let (jobs, rx) = channel();
        std::thread::Builder::new()
            .name("panorama-pdf".into())
            .spawn(move || work(&build, quiet, &rx))
            .ok()?;
        Some(Printed { jobs })
    }

    /// The output path (`<volume>/<volume>.pdf`) a request asks for, when
    /// it may be a volume's PDF.
    pub(crate) fn wanted(
        site: &ServedSite,
        req: &Request<hyper::body::Incoming>,
    ) -> Option<String> {
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return None;
        }
        let uri = req.uri().to_string();
        let path = uri.split(['?', '#']).next().unwrap_or_default();
        let target = parse_target(path).ok()?;
        let base = parse_target(site.base_path()).ok()?;
        match target.segments.strip_prefix(base.segments.as_slice())? {
            [folder, file] if file.strip_suffix(".pdf") == Some(folder.as_str()) => {
                Some(format!("{folder}/{file}"))
            }
            _ => None,
        }
    }

    /// Lays the PDF at `path` out (or reuses it) and answers; `None` when
    /// no volume has it.
    pub(crate) async fn answer(&self, path: String, head_only: bool) -> Option<Response<Body>> {
        let (reply, rx) = oneshot::channel();
        self.jobs.send(Job { path, reply }).ok()?;
        let outcome = rx.await.ok()?;
        let mut r = match outcome {
            Outcome::NotAVolume => return None,
            Outcome::Pdf(bytes) => response(
                200,
                "application/pdf",
                Bytes::copy_from_slice(bytes.as_slice()),
            ),
            Outcome::Failed(html) => response(
                500,
                "text/html; charset=utf-8",
                Bytes::from(html.as_str().to_string()),
            ),
        };
        if head_only {
            *r.body_mut() = Body::Full(None);
        }
        Some(r)
    }
}

/// The thread: one layout at a time; the requests for the same volume
/// that came meanwhile share its outcome.
fn work(build: &BuildOptions, quiet: bool, rx: &Receiver<Job>) {
    let mut kept: HashMap<String, Vec<u8>> = HashMap::new();
    while let Ok(first) = rx.recv() {
        let mut waiting = vec![first];
        while let Ok(more) = rx.try_recv() {
            waiting.push(more);
        }
        let mut outcomes: HashMap<String, Outcome> = HashMap::new();
        for job in waiting {
            let outcome = match outcomes.get(&job.path) {
                Some(o) => o.clone(),
                None => {
                    let o = lay_out(build, quiet, &job.path, &mut kept);
                    outcomes.insert(job.path.clone(), o.clone());
                    o
                }
            };
            // The client may have gone meanwhile.
            let _ = job.reply.send(outcome);
        }
    }
}

fn lay_out(
    build: &BuildOptions,
    quiet: bool,
    path: &str,
    kept: &mut HashMap<String, Vec<u8>>,
) -> Outcome {
    let start = std::time::Instant::now();
    let previous = |p: &str| kept.get(p).cloned();
    let laid_out = crate::build::printed_volume(build, path, &previous);
    crate::pdf::release_layout_cache();
    match laid_out {
        Ok(None) => Outcome::NotAVolume,
        Ok(Some(bytes)) => {
            let reused = kept.get(path) == Some(&bytes);
            if !reused && !quiet {
                println!(
                    "panorama: printed volume {path} laid out in {} ms",
                    start.elapsed().as_millis()
                );
            }
            kept.insert(path.to_string(), bytes.clone());
            Outcome::Pdf(Arc::new(bytes))
        }
        Err(diags) => {
            eprint!(
                "{}",
                crate::diagnostic::report(&diags, false, &format!("; {path} is not served"))
            );
            Outcome::Failed(Arc::new(error_page(path, &diags)))
        }
    }
}

fn error_page(path: &str, diags: &[Diagnostic]) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>panorama: the printed volume has errors</title></head><body><main>\
         <h1>The printed volume cannot be made</h1><p>{} has errors (also printed in the \
         terminal):</p>{}</main></body></html>",
        crate::html::escape(path),
        super::overlay::render(diags)
    )
}
