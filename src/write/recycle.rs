//! The folders of a replaced site, kept for the next build. Making a
//! folder is the dearest step of staging a site whose files are mostly
//! links (on ext4 without a journal, each new folder's inode is searched
//! past every recently freed one), and removing the old tree frees as
//! many. So once the new site is in place, the old tree's folders wait in
//! the cache, `<root>/.panorama-cache/folders/<output>`, to become the next
//! build's staging folder by one rename. They keep only the files that are
//! hard links to a file of the new site or of the cache (no space taken):
//! the next build keeps such a file where it stages the same file again
//! (an unchanged page, a processed image), and removes every one it did
//! not stage before its swap, with the folders the next site lacks.
//! Nothing of an old site can reach a new one but the files it stages
//! itself. Where the cache is on another file system than the output, the
//! old tree is removed as before.

use std::fs;
use std::path::{Path, PathBuf};

/// Where the folders of the site replaced in `output` (its real path)
/// wait for the next build.
pub fn spare(root: &Path, output: &Path) -> PathBuf {
    // FNV-1a: a stable name per output, no dependency.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in output.as_os_str().as_encoded_bytes() {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
    }
    root.join(".panorama-cache/folders")
        .join(format!("{h:016x}"))
}

/// Moves the kept folders to `to` (which must not exist) and returns every
/// folder and every file under it; `None` when there are none or they
/// cannot be moved.
pub fn take(spare: &Path, to: &Path) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
    fs::rename(spare, to).ok()?;
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(to).min_depth(1).into_iter().flatten() {
        if e.file_type().is_dir() {
            folders.push(e.into_path());
        } else if e.file_type().is_file() {
            files.push(e.into_path());
        } else {
            // Never kept (links to elsewhere): never published.
            let _ = fs::remove_file(e.path());
        }
    }
    Some((folders, files))
}

/// Empties `old` (a replaced site) of its files and of the top entries
/// `skip_top` names (a deployment's own `.git/`…, carried over as links),
/// and keeps its folders at `spare`. `false` when it could not: the caller
/// removes what is left.
pub fn keep(old: &Path, spare: &Path, skip_top: impl Fn(&str) -> bool) -> bool {
    if fs::symlink_metadata(spare).is_ok() && super::place::remove_tree(spare).is_err() {
        return false;
    }
    let mut files: Vec<Vec<PathBuf>> = Vec::new();
    let mut whole: Vec<PathBuf> = Vec::new();
    let walker = walkdir::WalkDir::new(old)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() > 1 || !skip_top(&e.file_name().to_string_lossy()));
    for e in walker {
        let Ok(e) = e else { return false };
        if e.file_type().is_dir() || linked_elsewhere(&e) {
            continue;
        }
        // Grouped by folder, in walk order: one thread per folder.
        match files.last_mut() {
            Some(group) if group[0].parent() == e.path().parent() => group.push(e.into_path()),
            _ => files.push(vec![e.into_path()]),
        }
    }
    if let Ok(top) = fs::read_dir(old) {
        for e in top.flatten() {
            if skip_top(&e.file_name().to_string_lossy()) {
                whole.push(e.path());
            }
        }
    }
    let failed = std::sync::atomic::AtomicBool::new(false);
    super::place::on_threads(&files, |group| {
        for f in group {
            if fs::remove_file(f).is_err() {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        }
    });
    for w in &whole {
        let gone = match fs::symlink_metadata(w) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(w),
            _ => fs::remove_file(w),
        };
        if gone.is_err() {
            failed.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    if failed.into_inner() {
        return false;
    }
    let Some(cache) = spare.parent().and_then(Path::parent) else {
        return false;
    };
    ignore_in_git(cache).is_ok()
        && spare
            .parent()
            .is_some_and(|p| fs::create_dir_all(p).is_ok())
        && fs::rename(old, spare).is_ok()
}

/// A file that is also in the new site or in the cache (a hard link): kept
/// with the folders, since it costs no space and the next build stages
/// most of them again as they are. Any other file is removed.
fn linked_elsewhere(e: &walkdir::DirEntry) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        e.file_type().is_file() && e.metadata().is_ok_and(|m| m.nlink() > 1)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// Writes `.gitignore` into panorama's cache folder when it has none, so
/// that git leaves the cache out (as src/media/ does for its part).
fn ignore_in_git(cache: &Path) -> std::io::Result<()> {
    let g = cache.join(".gitignore");
    if g.exists() {
        return Ok(());
    }
    fs::create_dir_all(cache)?;
    fs::write(
        g,
        "# panorama's cache (processed images, printed volumes): safe to delete.\n*\n",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bare_folders_are_kept_and_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        fs::create_dir_all(old.join("a/b")).unwrap();
        fs::create_dir_all(old.join(".git/objects")).unwrap();
        fs::write(old.join("a/b/page.html"), "x").unwrap();
        fs::write(old.join("a/f"), "x").unwrap();
        fs::write(old.join(".git/objects/o"), "x").unwrap();
        fs::write(old.join("top"), "x").unwrap();
        // A file also in the new site (a hard link) is kept.
        fs::write(tmp.path().join("live.html"), "x").unwrap();
        fs::hard_link(tmp.path().join("live.html"), old.join("a/b/live.html")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", old.join("a/link")).unwrap();
        let spare = spare(tmp.path(), &old);
        assert!(keep(&old, &spare, |n| n == ".git"));
        assert!(!old.exists());
        assert!(tmp.path().join(".panorama-cache/.gitignore").is_file());
        let to = tmp.path().join("new");
        // Anything but a file or a folder slipped in is not carried over.
        std::os::unix::fs::symlink("/etc/passwd", spare.join("a/intruder")).unwrap();
        let (mut folders, files) = take(&spare, &to).unwrap();
        folders.sort();
        assert_eq!(folders, vec![to.join("a"), to.join("a/b")]);
        assert_eq!(files, vec![to.join("a/b/live.html")]);
        assert!(fs::symlink_metadata(to.join("a/intruder")).is_err() && !spare.exists());
        assert_eq!(take(&spare, &tmp.path().join("other")), None);
    }
}
