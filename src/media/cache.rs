//! The cache of processed images across runs: `<root>/.panorama-cache/media/`,
//! one folder per key (a hash of the source bytes and the processing
//! parameters) with `entry.json` and the variants' bytes. Safe to delete at
//! any time; a folder that does not read back whole is ignored and redone.

use super::Variant;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
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

impl Cache {
    pub(super) fn new(root: &std::path::Path) -> Cache {
        Cache {
            dir: root.join(CACHE_DIR),
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
