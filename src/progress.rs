//! The progress line of a long run: when stderr is a terminal and a build
//! (or the first build of `serve`) lasts more than half a second, one line
//! — the stage and the pages rendered out of the total — redrawn in place
//! ten times a second, and erased at the end, so that what remains on the
//! terminal is what a short run prints. Nothing at all otherwise (not a
//! terminal, `--quiet`).
//!
//! Written here rather than with a progress-bar crate: one line of text
//! and a thread are all it takes, and the crate would bring its terminal
//! layer with it.

use crate::diagnostic::Diagnostic;
use crate::output::{OutputFile, Sink};
use crate::search::Previous;
use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a run stays silent before the line shows.
const DELAY: Duration = Duration::from_millis(500);
const REDRAW: Duration = Duration::from_millis(100);

#[derive(Default)]
struct Shared {
    pages: AtomicUsize,
    total: AtomicUsize,
    /// The current stage, and whether the run is over.
    state: Mutex<(&'static str, bool)>,
    wake: Condvar,
}

/// The progress line of one run; [`Progress::off`] does nothing.
pub(crate) struct Progress {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl Progress {
    /// A progress line that never shows.
    pub(crate) fn off() -> Progress {
        Progress {
            shared: Arc::default(),
            thread: None,
        }
    }

    /// Starts the line's thread: it waits [`DELAY`] (or
    /// `PANORAMA_PROGRESS_AFTER_MS`, for the tests), then draws until
    /// [`Progress::finish`].
    pub(crate) fn start() -> Progress {
        let delay = std::env::var("PANORAMA_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(DELAY, Duration::from_millis);
        let shared = Arc::new(Shared {
            state: Mutex::new(("loading", false)),
            ..Shared::default()
        });
        let s = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || draw(&s, delay))
            .ok();
        Progress { shared, thread }
    }

    /// The run moved on to `stage`.
    pub(crate) fn stage(&self, stage: &'static str) {
        if let Ok(mut st) = self.shared.state.lock() {
            st.0 = stage;
        }
        self.shared.wake.notify_all();
    }

    /// The number of pages the render will write.
    pub(crate) fn total(&self, pages: usize) {
        self.shared.total.store(pages, Ordering::Relaxed);
    }

    /// A sink that counts the pages going through it into `inner`.
    pub(crate) fn counting<'a>(&'a self, inner: &'a dyn Sink) -> Counting<'a> {
        Counting {
            inner,
            pages: &self.shared.pages,
        }
    }

    /// Stops the line and erases it (if it was drawn).
    pub(crate) fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Ok(mut st) = self.shared.state.lock() {
            st.1 = true;
        }
        self.shared.wake.notify_all();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The line's thread: silent for `delay`, then a redraw every [`REDRAW`]
/// and at once when the stage or the total changes (so that a short run
/// shows its count of pages, not only « loading »).
fn draw(shared: &Shared, delay: Duration) {
    let Ok(mut state) = shared.state.lock() else {
        return;
    };
    let started = std::time::Instant::now();
    let mut drawn = false;
    loop {
        // Before the delay, a wake-up (a new stage) only shortens the wait.
        let wait = if drawn {
            REDRAW
        } else {
            delay.saturating_sub(started.elapsed())
        };
        state = match shared.wake.wait_timeout(state, wait) {
            Ok((s, _)) => s,
            Err(_) => return,
        };
        if state.1 {
            break;
        }
        if !drawn && started.elapsed() < delay {
            continue;
        }
        let total = shared.total.load(Ordering::Relaxed);
        let pages = shared.pages.load(Ordering::Relaxed).min(total);
        let secs = started.elapsed().as_secs();
        let line = if total > 0 {
            format!("panorama: {} — {pages}/{total} pages, {secs} s", state.0)
        } else {
            format!("panorama: {}… {secs} s", state.0)
        };
        // \r and "erase line": the line is redrawn where it is.
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        drawn = true;
    }
    if drawn {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// A sink that counts the HTML pages it passes on.
pub(crate) struct Counting<'a> {
    inner: &'a dyn Sink,
    pages: &'a AtomicUsize,
}

impl Sink for Counting<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.put(file)
    }

    fn put_existing(
        &self,
        path: String,
        from: &std::path::Path,
        id: Option<(u64, u64)>,
    ) -> Result<(), Diagnostic> {
        self.inner.put_existing(path, from, id)
    }

    fn publishes(&self) -> bool {
        self.inner.publishes()
    }

    fn previous_search(&self) -> Previous {
        self.inner.previous_search()
    }

    fn read_back(&self, path: &str) -> Option<Vec<u8>> {
        self.inner.read_back(path)
    }

    fn reads_back(&self) -> bool {
        self.inner.reads_back()
    }

    fn previous(&self, path: &str) -> Option<Vec<u8>> {
        self.inner.previous(path)
    }
}
