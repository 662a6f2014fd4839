//! The folders of a replaced site, kept for the next build. Making a
//! folder is the dearest step of staging a site whose files are mostly
//! links (on ext4 without a journal, each new folder's inode is searched
//! past every recently freed one), and removing the old tree frees as
//! many. So once the new site is in place, the old tree waits in the
//! cache, `<root>/.panorama-cache/folders/<output>`, to become the next
//! build's staging folder by one rename. It is listed once, by the next
//! build (each file with the inode its folder gives, no look at the file):
//! a file that build stages again is kept where it is the same file (an
//! unchanged page, which is a link to the published one; a processed
//! image, a link to the cache's file, told by its inode), any other is
//! replaced, never written through, and every file it does not stage is
//! removed before its swap, with the folders the next site lacks. Nothing
//! of an old site can reach a new one but the files it stages itself.
//! Between two builds the kept tree holds, besides links, the old site's
//! own copies of the files the new one changed. Where the cache is on
//! another file system than the output, the old tree is removed as
//! before.

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

/// A file of the kept folders and its inode as its folder lists it
/// (`None` where the system does not say): no look at the file itself.
pub type KeptFile = (PathBuf, Option<u64>);

/// Moves the kept folders to `to` (which must not exist) and returns every
/// folder and every file under it; `None` when there are none or they
/// cannot be moved.
pub fn take(spare: &Path, to: &Path) -> Option<(Vec<PathBuf>, Vec<KeptFile>)> {
    fs::rename(spare, to).ok()?;
    let mut folders = Vec::new();
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(to).min_depth(1).into_iter().flatten() {
        if e.file_type().is_dir() {
            folders.push(e.into_path());
        } else if e.file_type().is_file() {
            let ino = listed_inode(&e);
            files.push((e.into_path(), ino));
        } else {
            // Never kept (links to elsewhere): never published.
            let _ = fs::remove_file(e.path());
        }
    }
    Some((folders, files))
}

/// The inode of a file as its folder's listing gives it (no system call).
#[cfg_attr(
    unix,
    allow(clippy::unnecessary_wraps, reason = "no inode on other systems")
)]
fn listed_inode(e: &walkdir::DirEntry) -> Option<u64> {
    #[cfg(unix)]
    {
        use walkdir::DirEntryExt;
        Some(e.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        None
    }
}

/// Keeps `old` (a replaced site) at `spare` for the next build, by one
/// rename, without the top entries `skip_top` names (a deployment's own
/// `.git/`…, carried over as links). Its files are not looked at here: the
/// next build lists them once as it takes the folders (see [`take`]), keeps
/// those it stages again as they are, and removes the others before its
/// swap. `false` when it could not: the caller removes what is left.
pub fn keep(old: &Path, spare: &Path, skip_top: impl Fn(&str) -> bool) -> bool {
    if fs::symlink_metadata(spare).is_ok() && super::place::remove_tree(spare).is_err() {
        return false;
    }
    let Ok(top) = fs::read_dir(old) else {
        return false;
    };
    for e in top.flatten() {
        if !skip_top(&e.file_name().to_string_lossy()) {
            continue;
        }
        let w = e.path();
        let gone = match fs::symlink_metadata(&w) {
            Ok(m) if m.is_dir() => fs::remove_dir_all(&w),
            _ => fs::remove_file(&w),
        };
        if gone.is_err() {
            return false;
        }
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
    fn folders_and_files_are_kept_and_taken_but_not_the_deployment_nor_links() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("old");
        fs::create_dir_all(old.join("a/b")).unwrap();
        fs::create_dir_all(old.join(".git/objects")).unwrap();
        fs::write(old.join("a/b/page.html"), "x").unwrap();
        fs::write(old.join(".git/objects/o"), "x").unwrap();
        fs::write(old.join("top"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", old.join("a/link")).unwrap();
        let spare = spare(tmp.path(), &old);
        assert!(keep(&old, &spare, |n| n == ".git"));
        assert!(!old.exists());
        assert!(tmp.path().join(".panorama-cache/.gitignore").is_file());
        assert!(!spare.join(".git").exists(), "the deployment's own entries");
        let to = tmp.path().join("new");
        // Anything but a file or a folder slipped in is not carried over.
        std::os::unix::fs::symlink("/etc/passwd", spare.join("a/intruder")).unwrap();
        let (mut folders, mut files) = take(&spare, &to).unwrap();
        folders.sort();
        files.sort();
        assert_eq!(folders, vec![to.join("a"), to.join("a/b")]);
        // Each file with its inode as listed, which is the file's own.
        let ino = |p: &str| Some(fs::metadata(to.join(p)).unwrap().ino());
        assert_eq!(
            files,
            vec![
                (to.join("a/b/page.html"), ino("a/b/page.html")),
                (to.join("top"), ino("top")),
            ]
        );
        for link in ["a/intruder", "a/link"] {
            assert!(fs::symlink_metadata(to.join(link)).is_err(), "{link}");
        }
        assert!(!spare.exists());
        assert_eq!(take(&spare, &tmp.path().join("other")), None);
    }
}
