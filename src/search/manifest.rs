//! What a search index was made from, and the reuse of the previous one:
//! the manifest [`MANIFEST`] (a key, then each file of the bundle with its
//! hash and size), the bundle's files handed on and listed as they are
//! made ([`Out`]), and the previous index ([`Previous`]: an output folder
//! or the one `serve` keeps) read back and checked against its manifest.

use super::{BUNDLE_DIR, MANIFEST, digest};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// First line of [`MANIFEST`]; bump the number when its layout changes.
pub(super) const MANIFEST_HEADER: &str = "panorama search index 1";

/// Where the index of the previous build may be found, to be reused when
/// the pages fed to the indexer are the same.
#[derive(Debug, Clone, Default)]
pub enum Previous {
    /// None: index every time.
    #[default]
    None,
    /// The output folder a build replaces (its `pagefind/` as written).
    Output(PathBuf),
    /// An index kept in memory (`serve`).
    Kept(KeptIndex),
}

/// The files of a finished bundle, kept by `serve` between rebuilds.
#[derive(Debug, Clone)]
pub struct KeptIndex {
    pub(super) files: Arc<BTreeMap<String, Vec<u8>>>,
}

impl KeptIndex {
    /// The search bundle among the files of a site (paths relative to the
    /// output root), when it has one.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Option<Self> {
        let prefix = format!("{BUNDLE_DIR}/");
        let files: BTreeMap<String, Vec<u8>> = files
            .into_iter()
            .filter(|(p, _)| p.starts_with(&prefix))
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        files.contains_key(MANIFEST).then(|| KeptIndex {
            files: Arc::new(files),
        })
    }
}

impl Previous {
    fn read(&self, path: &str) -> Option<Vec<u8>> {
        match self {
            Previous::None => None,
            Previous::Output(dir) => std::fs::read(dir.join(path)).ok(),
            Previous::Kept(kept) => kept.files.get(path).cloned(),
        }
    }

    /// The previous bundle, when its key is `key` and every file it lists
    /// reads back with the size and hash the manifest gives.
    pub(super) fn reuse(&self, key: &str) -> Option<Vec<(String, Vec<u8>)>> {
        if matches!(self, Previous::None) {
            return None;
        }
        let manifest = self.read(MANIFEST)?;
        let text = std::str::from_utf8(&manifest).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MANIFEST_HEADER || lines.next()? != format!("key {key}") {
            return None;
        }
        let mut listed = Vec::new();
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let (hash, len, path) = (parts.next()?, parts.next()?, parts.next()?);
            // The manifest is read from disk: only files of the bundle.
            let inside = path.strip_prefix(BUNDLE_DIR)?.strip_prefix('/')?;
            if inside.is_empty()
                || path == MANIFEST
                || path.contains('\\')
                || inside
                    .split('/')
                    .any(|c| c.is_empty() || c == "." || c == "..")
            {
                return None;
            }
            listed.push((hash, len, path));
        }
        // Read back and checked on all cores: this is most of what search
        // costs in a build over a previous output.
        let mut files = listed
            .into_par_iter()
            .map(|(hash, len, path)| {
                let bytes = self.read(path)?;
                (bytes.len().to_string() == len && digest(&bytes) == hash)
                    .then(|| (path.to_string(), bytes))
            })
            .collect::<Option<Vec<_>>>()?;
        files.push((MANIFEST.to_string(), manifest));
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Some(files)
    }
}

/// The text of [`MANIFEST`] for a bundle made from `key`, from the
/// (path, hash, size) of its files.
pub(super) fn manifest(key: &str, listed: &[Listed]) -> Vec<u8> {
    let mut text = format!("{MANIFEST_HEADER}\nkey {key}\n");
    for Listed { path, hash, len } in listed {
        text.push_str(&format!("{hash} {len} {path}\n"));
    }
    text.into_bytes()
}

/// A file of a new bundle, as the manifest lists it.
pub(super) struct Listed {
    pub(super) path: String,
    pub(super) hash: String,
    pub(super) len: usize,
}

/// Where the files of a bundle go as they are made (path relative to the
/// output root, bytes): a page's fragment is written as soon as the page
/// is merged, so the index never holds them all.
pub type Put<'a> = &'a (dyn Fn(String, Vec<u8>) + Sync);

/// Hands files to a [`Put`] and lists them for the manifest.
pub(super) struct Out<'a> {
    pub(super) put: Put<'a>,
    pub(super) listed: Vec<Listed>,
}

impl Out<'_> {
    /// `path` is relative to the bundle.
    pub(super) fn give(&mut self, path: &str, bytes: Vec<u8>) {
        let listed = self.give_shared(path, bytes);
        self.listed.push(listed);
    }

    /// As [`give`](Self::give), from any thread; the caller lists the file.
    pub(super) fn give_shared(&self, path: &str, bytes: Vec<u8>) -> Listed {
        let path = format!("{BUNDLE_DIR}/{path}");
        let listed = Listed {
            path: path.clone(),
            hash: digest(&bytes),
            len: bytes.len(),
        };
        (self.put)(path, bytes);
        listed
    }
}
