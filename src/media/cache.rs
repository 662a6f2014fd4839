//! The cache of processed images across runs: `<root>/.panorama-cache/media/`,
//! one folder per key (a hash of the source bytes and the processing
//! parameters) with `entry.json` and the variants' bytes. Safe to delete at
//! any time; a folder that does not read back whole is ignored and redone.
//!
//! `sources.json` beside them remembers the hash of each source image with
//! its file's stamp (size, modification and change times, inode): a warm
//! build finds an unchanged image's entry without reading or hashing the
//! image. Any change of the file changes its change time (which no tool can
//! set back), so a changed image is always read again.

use super::Variant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where the cache lives, under the site's root.
pub(crate) const CACHE_DIR: &str = ".panorama-cache/media";

pub(super) struct Cache {
    dir: PathBuf,
}

/// A processed image.
pub(super) struct Entry {
    pub width: u32,
    pub height: u32,
    pub fallback: Vec<Variant>,
    pub webp: Vec<Variant>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    width: u32,
    height: u32,
    /// (output path, width, height, file name in the entry's folder, webp?)
    variants: Vec<(String, u32, u32, String, bool)>,
}

/// What identifies a file's state without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (links followed); `None` where the
    /// file system does not give the times.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        let modified = m.modified().ok()?;
        let modified_ns = match modified.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
                m.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (modified_ns, 0);
        Some(Stamp {
            len: m.len(),
            modified_ns,
            changed_ns,
            inode,
        })
    }
}

/// The hash of a source image's bytes, with the stamp its file had then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Known {
    pub stamp: Stamp,
    pub digest: String,
}

/// File of the source index, in the cache folder.
const SOURCES: &str = "sources.json";

impl Cache {
    pub(super) fn new(root: &std::path::Path) -> Cache {
        Cache {
            dir: root.join(CACHE_DIR),
        }
    }

    /// The source index of the previous run (path from content/ → hash and
    /// stamp); empty when absent or unreadable.
    pub(super) fn sources(&self) -> BTreeMap<String, Known> {
        std::fs::read(self.dir.join(SOURCES))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Replaces the source index (written aside, then renamed); a cache
    /// that cannot be written only costs time.
    pub(super) fn put_sources(&self, sources: &BTreeMap<String, Known>) {
        let tmp = self
            .dir
            .join(format!(".{SOURCES}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            std::fs::write(&tmp, serde_json::to_vec(sources)?)?;
            std::fs::rename(&tmp, self.dir.join(SOURCES))
        };
        if write().is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// The entry of `key`, if it reads back whole and every variant is in
    /// the folder `prefix` (`medias/<hash>/`).
    pub(super) fn get(&self, key: &str, prefix: &str) -> Option<Entry> {
        let dir = self.dir.join(key);
        let stored: Stored =
            serde_json::from_slice(&std::fs::read(dir.join("entry.json")).ok()?).ok()?;
        let mut entry = Entry {
            width: stored.width,
            height: stored.height,
            fallback: Vec::new(),
            webp: Vec::new(),
        };
        for (path, width, height, file, webp) in stored.variants {
            // Never trust a path read back: it must be of this image's folder.
            if file.contains('/')
                || file.contains("..")
                || !path.starts_with(prefix)
                || path[prefix.len()..].contains(['/', '\\'])
            {
                return None;
            }
            let bytes = Arc::new(std::fs::read(dir.join(&file)).ok()?);
            let v = Variant {
                path,
                width,
                height,
                bytes,
            };
            if webp {
                entry.webp.push(v);
            } else {
                entry.fallback.push(v);
            }
        }
        Some(entry)
    }

    /// Stores an entry; a cache that cannot be written only costs time.
    pub(super) fn put(&self, key: &str, entry: &Entry) {
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&tmp)?;
            let mut variants = Vec::new();
            for (i, (v, webp)) in entry
                .fallback
                .iter()
                .map(|v| (v, false))
                .chain(entry.webp.iter().map(|v| (v, true)))
                .enumerate()
            {
                let file = format!("{i}.bin");
                std::fs::write(tmp.join(&file), v.bytes.as_slice())?;
                variants.push((v.path.clone(), v.width, v.height, file, webp));
            }
            let stored = Stored {
                width: entry.width,
                height: entry.height,
                variants,
            };
            std::fs::write(tmp.join("entry.json"), serde_json::to_vec(&stored)?)?;
            let gitignore = self.dir.parent().map(|p| p.join(".gitignore"));
            if let Some(g) = gitignore
                && !g.exists()
            {
                std::fs::write(
                    g,
                    "# panorama's cache of processed images: safe to delete.\n*\n",
                )?;
            }
            std::fs::rename(&tmp, self.dir.join(key))
        };
        if write().is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
    }
}
