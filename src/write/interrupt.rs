//! Ctrl-C (and SIGTERM) during `build`: the run's folders beside the
//! output are removed before the process exits, and the message says
//! truthfully which site is in place. The swap itself is never cut in
//! two: the handler waits for it (it holds the same mutex).
//!
//! A signal handler needs state it can reach, hence the one process-wide
//! registry here; nothing else in panorama is global.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone)]
pub(crate) enum Phase {
    /// The new site is being written into `staging`; the output is old.
    Writing,
    /// The new site is in place; `staging` holds the old one, to remove.
    Swapped,
    /// The build is over (its lock released): nothing left to remove,
    /// and the new site is in place.
    Published,
}

#[derive(Debug)]
pub(crate) struct Pending {
    pub id: u64,
    pub output: PathBuf,
    pub staging: Vec<PathBuf>,
    pub lock: PathBuf,
    pub phase: Phase,
}

static PENDING: Mutex<Vec<Pending>> = Mutex::new(Vec::new());
static STOP: AtomicBool = AtomicBool::new(false);

pub(crate) fn registry() -> std::sync::MutexGuard<'static, Vec<Pending>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// The build `id` is over: a signal before the process ends has nothing
/// left to remove, and says that the new site is in place.
pub(crate) fn published(id: u64) {
    let mut pending = registry();
    pending.retain(|p| !matches!(p.phase, Phase::Published));
    if let Some(p) = pending.iter_mut().find(|p| p.id == id) {
        p.phase = Phase::Published;
        p.staging.clear();
    }
}

/// Set once an interruption is being handled: writers stop.
pub(crate) fn stopping() -> bool {
    STOP.load(Ordering::SeqCst)
}

/// Installs the handler (the binary's `build` calls it once).
pub fn install() -> Result<(), String> {
    ctrlc::set_handler(on_signal).map_err(|e| format!("cannot handle Ctrl-C: {e}"))
}

fn on_signal() {
    STOP.store(true, Ordering::SeqCst);
    // The progress line of a long run (src/progress.rs), if any, is
    // erased so that the message starts a clean line.
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprint!("\r\x1b[2K");
    }
    let pending = registry();
    let mut said = false;
    for p in pending.iter() {
        let shown = p.output.display();
        if let Phase::Published = p.phase {
            eprintln!("panorama: interrupted after publishing; `{shown}` holds the new site");
            said = true;
            continue;
        }
        for dir in &p.staging {
            remove_for_good(dir);
        }
        let _ = std::fs::remove_file(&p.lock);
        match p.phase {
            Phase::Writing => eprintln!(
                "panorama: interrupted; nothing was published, `{shown}` holds the previous site"
            ),
            Phase::Swapped | Phase::Published => {
                eprintln!("panorama: interrupted after publishing; `{shown}` holds the new site")
            }
        }
        said = true;
    }
    if !said {
        eprintln!("panorama: interrupted; nothing was written");
    }
    std::process::exit(130);
}

/// Removes `dir` until it stays gone. Writers stop at their next file once
/// [`stopping`] is true, but one may be finishing a file meanwhile, and
/// making that file's folders makes the removed folder again: so the
/// folder is removed, then looked at twice a little later, and removed
/// again while it comes back (for one second at most).
fn remove_for_good(dir: &std::path::Path) {
    let pause = std::time::Duration::from_millis(25);
    let mut gone_for = 0;
    for _ in 0..40 {
        let _ = std::fs::remove_dir_all(dir);
        std::thread::sleep(pause);
        if dir.exists() {
            gone_for = 0;
        } else {
            gone_for += 1;
            if gone_for == 2 {
                return;
            }
        }
    }
}
