//! Watching the site's sources: `content/` and `themes/` recursively, and
//! the root itself so that either folder is picked up again when it is
//! created, replaced or renamed. Events are debounced into bursts: an
//! editor's save (write to a temporary file, rename, delete the backup)
//! gives one rebuild.

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// A burst longer than this is cut, so a tool that writes without pause
/// still gets previews.
const MAX_BURST: Duration = Duration::from_secs(1);
const WATCHED: [&str; 2] = ["content", "themes"];

pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
}

impl Watch {
    /// `root` should be absolute and canonical: events carry paths under it.
    pub(crate) fn start(root: &Path) -> notify::Result<Watch> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(tx)?;
        let mut watch = Watch {
            watcher,
            rx,
            root: root.to_path_buf(),
        };
        watch.watcher.watch(root, RecursiveMode::NonRecursive)?;
        for name in WATCHED {
            let dir = root.join(name);
            if dir.is_dir() {
                watch.watcher.watch(&dir, RecursiveMode::Recursive)?;
            }
        }
        Ok(watch)
    }

    /// Blocks until a change of the sources, then until `quiet` passes with
    /// no other one. Returns the changed paths, relative to the root;
    /// `None` once the watcher has stopped.
    pub(crate) fn next_burst(&mut self, quiet: Duration) -> Option<BTreeSet<PathBuf>> {
        let mut paths = BTreeSet::new();
        while paths.is_empty() {
            let event = self.rx.recv().ok()?;
            self.take(event, &mut paths);
        }
        let start = Instant::now();
        let mut last = start;
        while last.duration_since(start) < MAX_BURST {
            let wait = (last + quiet).saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(wait) {
                Ok(event) => {
                    if self.take(event, &mut paths) {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        self.rewatch(&paths);
        Some(paths)
    }

    /// Adds the relevant paths of `event`; true when there was one.
    fn take(&self, event: notify::Result<notify::Event>, paths: &mut BTreeSet<PathBuf>) -> bool {
        let event = match event {
            Ok(e) => e,
            Err(e) => {
                // Lost events (a full queue…): rebuild to be safe.
                eprintln!("panorama: watching the files: {e}");
                paths.insert(PathBuf::from("content"));
                return true;
            }
        };
        if event.need_rescan() {
            paths.insert(PathBuf::from("content"));
            return true;
        }
        if !relevant_kind(&event.kind) {
            return false;
        }
        let mut any = false;
        for p in &event.paths {
            if let Some(rel) = relevant_path(&self.root, p) {
                paths.insert(rel);
                any = true;
            }
        }
        any
    }

    /// A watched folder that was created, replaced or renamed into place is
    /// watched again (inotify follows the old one).
    fn rewatch(&mut self, paths: &BTreeSet<PathBuf>) {
        for name in WATCHED {
            if paths.contains(Path::new(name)) {
                let dir = self.root.join(name);
                let _ = self.watcher.unwatch(&dir);
                if dir.is_dir()
                    && let Err(e) = self.watcher.watch(&dir, RecursiveMode::Recursive)
                {
                    eprintln!("panorama: cannot watch {}: {e}", dir.display());
                }
            }
        }
    }
}

/// Reads (our own build opens every file) and access times are not changes.
fn relevant_kind(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// The path relative to `root` when it is a source: under `content/` or
/// `themes/` (or one of them), and not an editor's backup, swap or lock
/// file — the names the loader skips too.
fn relevant_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let mut names = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = names.next()?;
    if !WATCHED.contains(&first.as_ref()) {
        return None;
    }
    if names.any(|n| is_scratch(&n)) {
        return None;
    }
    Some(rel.to_path_buf())
}

fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RenameMode};

    #[test]
    fn only_changes_count() {
        assert!(relevant_kind(&EventKind::Create(CreateKind::File)));
        assert!(relevant_kind(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(relevant_kind(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(relevant_kind(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
        assert!(relevant_kind(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!relevant_kind(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!relevant_kind(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!relevant_kind(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
    }

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        let ok = |p: &str| relevant_path(root, Path::new(p));
        assert_eq!(
            ok("/site/content/a.md"),
            Some(PathBuf::from("content/a.md"))
        );
        assert_eq!(ok("/site/content"), Some(PathBuf::from("content")));
        assert!(ok("/site/themes/panorama/templates/base.html").is_some());
        assert_eq!(ok("/site/output/index.html"), None);
        assert_eq!(ok("/site/.output.tmp"), None);
        assert_eq!(ok("/site/Cargo.toml"), None);
        assert_eq!(ok("/elsewhere/content/a.md"), None);
        for scratch in [".a.md.swp", "a.md~", "#a.md#", ".#a.md", "4913", "a.md.tmp"] {
            assert_eq!(ok(&format!("/site/content/{scratch}")), None, "{scratch}");
        }
        assert_eq!(ok("/site/content/.git/HEAD"), None);
    }
}
