//! Where the output really is, and the one-step swap that publishes it.
//!
//! The new site is a complete folder beside the output (same parent, so
//! same file system). On Linux it is exchanged with the old one by
//! `renameat2(RENAME_EXCHANGE)`: the path names the old tree, then the
//! new, never a mix and never nothing. Where the file system does not
//! support the exchange (EINVAL: some network and FUSE file systems) or
//! off Linux, the fallback is two renames (old aside, new in): the path
//! never shows a mixed site, but is absent for the instant between them;
//! a run killed there leaves the old site beside, and the next run puts it
//! back before anything else (see [`super::leftovers`]).

use std::io;
use std::path::{Path, PathBuf};

/// How the new tree went in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// There was no output: the new tree was renamed into place.
    Fresh,
    /// The two trees were exchanged in one step; the old one now has the
    /// staging name.
    Exchanged,
    /// Fallback: old aside, new in, by two renames.
    TwoRenames,
}

/// Exchanges `a` and `b` (both exist) in one step, or says the file
/// system cannot.
#[cfg(target_os = "linux")]
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
pub fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// The exchange is not available here (as opposed to a real failure).
pub fn unsupported(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || matches!(e.raw_os_error(), Some(code) if code == libc::EINVAL || code == libc::ENOSYS)
}

/// Puts `new` at `output`; afterwards the old tree (if any) is at `aside`
/// (= `new` after an exchange).
pub fn swap_in(new: &Path, output: &Path, aside: &Path) -> io::Result<Swapped> {
    if std::fs::symlink_metadata(output).is_err() {
        std::fs::rename(new, output)?;
        return Ok(Swapped::Fresh);
    }
    match exchange(new, output) {
        Ok(()) => Ok(Swapped::Exchanged),
        Err(e) if unsupported(&e) => {
            std::fs::rename(output, aside)?;
            if let Err(e) = std::fs::rename(new, output) {
                // Put the old one back: the output must not stay absent.
                let _ = std::fs::rename(aside, output);
                return Err(e);
            }
            Ok(Swapped::TwoRenames)
        }
        Err(e) => Err(e),
    }
}

/// Where the output folder really is: a symbolic link is followed (the
/// folder it names is replaced, the link stays), a relative path made
/// absolute. `Err` names why it cannot be published into.
pub fn resolve(output: &Path) -> Result<PathBuf, String> {
    let abs = if output.is_absolute() {
        output.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot read the current folder: {e}"))?
            .join(output)
    };
    match std::fs::symlink_metadata(&abs) {
        Ok(_) => std::fs::canonicalize(&abs)
            .map_err(|e| format!("cannot follow the path: {e} (a broken symbolic link?)")),
        Err(_) => {
            let name = abs
                .file_name()
                .ok_or_else(|| "it names no folder".to_string())?
                .to_owned();
            let parent = abs.parent().unwrap_or(Path::new("/"));
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create its parent folder: {e}"))?;
            let parent = std::fs::canonicalize(parent)
                .map_err(|e| format!("cannot follow its parent folder: {e}"))?;
            Ok(parent.join(name))
        }
    }
}

/// True when `dir` is the root of a mounted file system (its device
/// differs from its parent's): a folder that cannot be renamed.
#[cfg(unix)]
pub fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let Some(parent) = dir.parent() else {
        return true;
    };
    match (std::fs::metadata(dir), std::fs::metadata(parent)) {
        (Ok(d), Ok(p)) => d.dev() != p.dev() || d.ino() == p.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
pub fn is_mount_point(_dir: &Path) -> bool {
    false
}

/// Removes a whole tree, many folders at once: on a busy disk each
/// removal mostly waits on the journal, so a handful of threads finish a
/// large old site several times sooner than one.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    let mut parts: Vec<PathBuf> = Vec::new();
    for top in std::fs::read_dir(dir)?.flatten() {
        let is_dir = top.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && let Ok(inner) = std::fs::read_dir(top.path()) {
            parts.extend(inner.flatten().map(|e| e.path()));
        }
    }
    on_threads(&parts, |p| {
        let _ = match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(p),
            _ => std::fs::remove_file(p),
        };
    });
    std::fs::remove_dir_all(dir)
}

/// Runs `job` on every item with a handful of threads (file-system work
/// that mostly waits on the disk).
pub(super) fn on_threads<T: Sync>(items: &[T], job: impl Fn(&T) + Sync) {
    const THREADS: usize = 16;
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..THREADS.min(items.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    job(item);
                }
            });
        }
    });
}

/// Creates in `to` the folders of `from` (relative paths, parents first),
/// level by level, many at once. Returns those made.
pub fn copy_folders(from: &Path, to: &Path, skip_top: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut levels: Vec<Vec<PathBuf>> = Vec::new();
    let walker = walkdir::WalkDir::new(from)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() > 1 || !skip_top(&e.file_name().to_string_lossy()));
    for e in walker.flatten() {
        if e.file_type().is_dir()
            && let Ok(rel) = e.path().strip_prefix(from)
        {
            if levels.len() < e.depth() {
                levels.resize(e.depth(), Vec::new());
            }
            levels[e.depth() - 1].push(to.join(rel));
        }
    }
    for level in &levels {
        // One thread per parent folder: folders made in one parent wait on
        // its lock, and threads contending for it only spin (measured:
        // a tenth of a warm build's CPU with 50 images in `medias/`).
        let mut by_parent: Vec<Vec<&PathBuf>> = Vec::new();
        for d in level {
            match by_parent.last_mut() {
                Some(group) if group[0].parent() == d.parent() => group.push(d),
                _ => by_parent.push(vec![d]),
            }
        }
        on_threads(&by_parent, |group| {
            for d in group {
                let _ = std::fs::create_dir(d);
            }
        });
    }
    levels.into_iter().flatten().collect()
}

/// Removes those of `folders` that are empty, deepest first (a folder
/// that received no file may hold one that did).
pub fn prune_unused(mut folders: Vec<PathBuf>) {
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    for f in folders {
        // Fails, as wanted, on a folder that holds something.
        let _ = std::fs::remove_dir(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("f"), "A").unwrap();
        fs::write(b.join("f"), "B").unwrap();
        let aside = tmp.path().join("aside");
        let how = swap_in(&a, &b, &aside).unwrap();
        assert_ne!(how, Swapped::Fresh);
        assert_eq!(fs::read_to_string(b.join("f")).unwrap(), "A");
        let old = if how == Swapped::Exchanged {
            &a
        } else {
            &aside
        };
        assert_eq!(fs::read_to_string(old.join("f")).unwrap(), "B");
    }

    #[test]
    fn remove_tree_removes_everything() {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path().join("t");
        for i in 0..40 {
            fs::create_dir_all(t.join(format!("a{i}/b/c"))).unwrap();
            fs::write(t.join(format!("a{i}/f")), "x").unwrap();
            fs::write(t.join(format!("a{i}/b/c/g")), "x").unwrap();
        }
        fs::write(t.join("top"), "x").unwrap();
        remove_tree(&t).unwrap();
        assert!(!t.exists());
    }

    #[test]
    fn folders_are_copied_and_empty_ones_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir_all(a.join("x/y/z")).unwrap();
        fs::create_dir_all(a.join(".git/objects")).unwrap();
        fs::create_dir_all(a.join("w")).unwrap();
        fs::create_dir(&b).unwrap();
        let made = copy_folders(&a, &b, |n| n == ".git");
        assert_eq!(made.len(), 4);
        assert!(b.join("x/y/z").is_dir() && !b.join(".git").exists());
        fs::write(b.join("x/y/f"), "").unwrap();
        let unused = made.into_iter().filter(|f| !f.ends_with("x/y")).collect();
        prune_unused(unused);
        assert!(b.join("x/y/f").is_file() && !b.join("x/y/z").exists() && !b.join("w").exists());
        assert!(b.is_dir());
    }

    #[test]
    fn a_missing_output_is_a_plain_rename() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        fs::create_dir(&a).unwrap();
        assert_eq!(
            swap_in(&a, &b, &tmp.path().join("x")).unwrap(),
            Swapped::Fresh
        );
        assert!(b.is_dir() && !a.exists());
    }

    #[test]
    fn a_symbolic_link_is_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        fs::create_dir(&real).unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(resolve(&link).unwrap(), fs::canonicalize(&real).unwrap());
    }

    #[test]
    fn a_temporary_folder_is_no_mount_point_but_the_root_is() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(!is_mount_point(tmp.path()));
        assert!(is_mount_point(Path::new("/")));
    }
}
