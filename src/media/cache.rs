//! The cache of processed images across runs: `<root>/.panorama-cache/media/`,
//! one folder per key (a hash of the source bytes and the processing
//! parameters) with `entry.json` and the variants' bytes. Safe to delete at
//! any time; a folder that does not read back whole is ignored and redone.
//!
//! `index.json` beside them is what a warm build reads, in one read: the
//! hash of each source image with its file's stamp (size, modification and
//! change times, inode), so an unchanged image's entry is found without
//! reading or hashing the image, and the entries the last run used (as
//! their `entry.json` has them), so they are found without opening their
//! folders. Any change of a source file changes its change time (which no
//! tool can set back), so a changed image is always read again; an entry
//! the index lacks is read from its folder.

use super::{Blob, Variant};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where the cache lives, under the site's root.
pub(crate) const CACHE_DIR: &str = ".panorama-cache/media";

pub(super) struct Cache {
    dir: PathBuf,
    /// The index the previous run left.
    index: Index,
    /// The entries this run found or made, for the next run's index.
    used: Mutex<BTreeMap<String, Stored>>,
}

/// A processed image, or a file published as it is (one variant).
pub(super) struct Entry {
    pub width: u32,
    pub height: u32,
    pub fallback: Vec<Variant>,
    pub webp: Vec<Variant>,
}

/// What `index.json` holds.
#[derive(Default, PartialEq, Serialize, Deserialize)]
struct Index {
    /// Path from content/ → the source's hash and stamp.
    sources: BTreeMap<String, Known>,
    /// Key → entry.
    entries: BTreeMap<String, Compact>,
}

/// An entry as the index holds it, in arrays rather than objects (the
/// index is read by every build): width, height and the variants.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct Compact(u32, u32, Vec<CompactVariant>);

/// A variant in the index: output path, width, height, file name, WebP,
/// then its file's size and modification time.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct CompactVariant(
    String,
    u32,
    u32,
    String,
    bool,
    u64,
    #[serde(deserialize_with = "nanos_read")] i128,
);

impl From<&Stored> for Compact {
    fn from(s: &Stored) -> Compact {
        let variants = s.variants.iter().map(|v| {
            CompactVariant(
                v.path.clone(),
                v.width,
                v.height,
                v.file.clone(),
                v.webp,
                v.stamp.len,
                v.stamp.modified_ns,
            )
        });
        Compact(s.width, s.height, variants.collect())
    }
}

impl From<&Compact> for Stored {
    fn from(c: &Compact) -> Stored {
        let variants = c.2.iter().map(|v| StoredVariant {
            path: v.0.clone(),
            width: v.1,
            height: v.2,
            file: v.3.clone(),
            webp: v.4,
            stamp: FileStamp {
                len: v.5,
                modified_ns: v.6,
            },
        });
        Stored {
            width: c.0,
            height: c.1,
            variants: variants.collect(),
        }
    }
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct Stored {
    width: u32,
    height: u32,
    variants: Vec<StoredVariant>,
}

#[derive(Clone, PartialEq, Serialize, Deserialize)]
struct StoredVariant {
    /// Output path.
    path: String,
    width: u32,
    height: u32,
    /// File name in the entry's folder.
    file: String,
    webp: bool,
    /// The file as it was written.
    stamp: FileStamp,
}

/// A file of the cache as written: its size and modification time (which
/// a hard link does not change, and any write does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FileStamp {
    len: u64,
    #[serde(deserialize_with = "nanos_read")]
    modified_ns: i128,
}

impl FileStamp {
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    pub(crate) fn of(path: &Path) -> Option<FileStamp> {
        Self::with_id(path).map(|(stamp, _)| stamp)
    }

    /// The stamp of the file at `path` and which file it is (device and
    /// inode, where the system says).
    pub(crate) fn with_id(path: &Path) -> Option<(FileStamp, Option<(u64, u64)>)> {
        let m = std::fs::symlink_metadata(path).ok()?;
        if !m.is_file() {
            return None;
        }
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            Some((m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let id = None;
        let stamp = FileStamp {
            len: m.len(),
            modified_ns: nanos(m.modified().ok()?),
        };
        Some((stamp, id))
    }
}

/// Reads a time in nanoseconds written as an integer. serde_json reads an
/// `i128` digit by digit through a text buffer (most of the time of
/// reading the cache's index); any time until the year 2262 fits an `i64`,
/// which it reads directly. A larger value, read as a float, is refused:
/// the entry is then made again, never taken for another time.
fn nanos_read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
    struct Nanos;
    impl serde::de::Visitor<'_> for Nanos {
        type Value = i128;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a time in nanoseconds")
        }
        fn visit_i64<E>(self, v: i64) -> Result<i128, E> {
            Ok(i128::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<i128, E> {
            Ok(i128::from(v))
        }
        fn visit_i128<E>(self, v: i128) -> Result<i128, E> {
            Ok(v)
        }
        fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<i128, E> {
            i128::try_from(v).map_err(E::custom)
        }
    }
    d.deserialize_any(Nanos)
}

fn nanos(t: std::time::SystemTime) -> i128 {
    match t.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// What identifies a file's state without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Stamp {
    len: u64,
    #[serde(deserialize_with = "nanos_read")]
    modified_ns: i128,
    #[serde(deserialize_with = "nanos_read")]
    changed_ns: i128,
    inode: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (links followed); `None` where the
    /// file system does not give the times.
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        Stamp::from_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The stamp of a file whose metadata was read.
    pub(super) fn from_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        let modified_ns = nanos(m.modified().ok()?);
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

/// The cache's index file, in the cache folder.
const INDEX: &str = "index.json";
/// The source index of earlier versions (removed with the next index).
const OLD_SOURCES: &str = "sources.json";

impl Cache {
    /// The cache of `root`, its index read (empty when absent or
    /// unreadable).
    pub(super) fn new(root: &std::path::Path) -> Cache {
        let dir = root.join(CACHE_DIR);
        let index = std::fs::read(dir.join(INDEX))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        Cache {
            dir,
            index,
            used: Mutex::new(BTreeMap::new()),
        }
    }

    /// The source index of the previous run (path from content/ → hash and
    /// stamp).
    pub(super) fn sources(&self) -> &BTreeMap<String, Known> {
        &self.index.sources
    }

    /// Writes the index of this run, `sources` with the entries it used,
    /// when it differs from the previous one (written aside, then
    /// renamed); a cache that cannot be written only costs time.
    pub(super) fn finish(self, sources: BTreeMap<String, Known>) {
        let used = self.used.into_inner().unwrap_or_else(|e| e.into_inner());
        let index = Index {
            sources,
            entries: used.iter().map(|(k, s)| (k.clone(), s.into())).collect(),
        };
        if index == self.index {
            return;
        }
        let tmp = self
            .dir
            .join(format!(".{INDEX}.{}.tmp", std::process::id()));
        let write = || -> std::io::Result<()> {
            std::fs::create_dir_all(&self.dir)?;
            std::fs::write(&tmp, serde_json::to_vec(&index)?)?;
            std::fs::rename(&tmp, self.dir.join(INDEX))
        };
        if write().is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        let _ = std::fs::remove_file(self.dir.join(OLD_SOURCES));
    }

    /// An entry of the index, else of its folder.
    fn stored(&self, key: &str) -> Option<Stored> {
        if let Some(compact) = self.index.entries.get(key) {
            return Some(compact.into());
        }
        serde_json::from_slice(&std::fs::read(self.dir.join(key).join("entry.json")).ok()?).ok()
    }

    fn record(&self, key: &str, stored: Stored) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string(), stored);
    }

    /// The entry of `key`, if every variant is in the folder `prefix`
    /// (`medias/<hash>/`) and its file has the size and modification time
    /// it was written with. The bytes are not read: a build links the
    /// files into the output. A file changed in place since (an output file
    /// edited where it was published is the same file) no longer matches,
    /// and the image is processed again.
    pub(super) fn get(&self, key: &str, prefix: &str) -> Option<Entry> {
        let dir = self.dir.join(key);
        let stored = self.stored(key)?;
        let kept = stored.clone();
        let mut entry = Entry {
            width: stored.width,
            height: stored.height,
            fallback: Vec::new(),
            webp: Vec::new(),
        };
        for v in stored.variants {
            // Never trust a path read back: it must be of this image's folder.
            if v.file.contains('/')
                || v.file.contains("..")
                || !v.path.starts_with(prefix)
                || v.path[prefix.len()..].contains(['/', '\\'])
            {
                return None;
            }
            let file = dir.join(&v.file);
            let (stamp, id) = FileStamp::with_id(&file)?;
            if stamp != v.stamp {
                return None;
            }
            let variant = Variant {
                path: v.path,
                width: v.width,
                height: v.height,
                bytes: Blob::file_of(file, usize::try_from(v.stamp.len).ok()?, id),
            };
            if v.webp {
                entry.webp.push(variant);
            } else {
                entry.fallback.push(variant);
            }
        }
        self.record(key, kept);
        Some(entry)
    }

    /// Stores an entry, and gives it back with its variants as files of
    /// the cache (linked, not copied, into the output); a cache that
    /// cannot be written only costs time (the entry comes back as it was).
    pub(super) fn put(&self, key: &str, entry: Entry) -> Entry {
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        let dest = self.dir.join(key);
        let write = || -> std::io::Result<Vec<StoredVariant>> {
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
                let bytes = v
                    .bytes
                    .bytes()
                    .ok_or_else(|| std::io::Error::other("a variant cannot be read"))?;
                std::fs::write(tmp.join(&file), bytes.as_slice())?;
                let stamp = FileStamp::of(&tmp.join(&file))
                    .ok_or_else(|| std::io::Error::other("no modification time"))?;
                variants.push(StoredVariant {
                    path: v.path.clone(),
                    width: v.width,
                    height: v.height,
                    file,
                    webp,
                    stamp,
                });
            }
            let stored = Stored {
                width: entry.width,
                height: entry.height,
                variants: variants.clone(),
            };
            std::fs::write(tmp.join("entry.json"), serde_json::to_vec(&stored)?)?;
            if let Some(top) = self.dir.parent() {
                super::ignore_in_git(top)?;
            }
            // An entry that did not read back (damaged, or changed in place)
            // is replaced; its files stay in the outputs that link them.
            if dest.exists() {
                std::fs::remove_dir_all(&dest)?;
            }
            std::fs::rename(&tmp, &dest)?;
            self.record(key, stored);
            Ok(variants)
        };
        match write() {
            Ok(stored) => {
                let mut files = stored.into_iter().map(|v| {
                    let len = usize::try_from(v.stamp.len).unwrap_or(usize::MAX);
                    let file = dest.join(&v.file);
                    let id = FileStamp::with_id(&file).and_then(|(_, id)| id);
                    Blob::file_of(file, len, id)
                });
                let mut relink = |vs: Vec<Variant>| -> Vec<Variant> {
                    vs.into_iter()
                        .map(|v| Variant {
                            bytes: files.next().unwrap_or(v.bytes),
                            ..v
                        })
                        .collect()
                };
                let fallback = relink(entry.fallback);
                let webp = relink(entry.webp);
                Entry {
                    fallback,
                    webp,
                    ..entry
                }
            }
            Err(_) => {
                let _ = std::fs::remove_dir_all(&tmp);
                entry
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(modified_ns: i128) -> Stored {
        Stored {
            width: 900,
            height: 500,
            variants: vec![StoredVariant {
                path: "medias/0123456789abcdef/a-400.jpg".into(),
                width: 400,
                height: 222,
                file: "0.bin".into(),
                webp: false,
                stamp: FileStamp {
                    len: 1234,
                    modified_ns,
                },
            }],
        }
    }

    #[test]
    fn the_index_gives_back_what_it_was_given() {
        for ns in [1_796_060_057_984_993_553, -5, 0] {
            let s = stored(ns);
            let json = serde_json::to_vec(&Compact::from(&s)).unwrap();
            let back: Compact = serde_json::from_slice(&json).unwrap();
            assert!(Stored::from(&back) == s, "{ns}");
            let json = serde_json::to_vec(&s).unwrap();
            assert!(serde_json::from_slice::<Stored>(&json).unwrap() == s);
        }
    }

    #[test]
    fn a_time_past_what_is_read_exactly_is_refused_not_rounded() {
        let s = stored(i128::from(i64::MAX) * 4);
        let json = serde_json::to_vec(&Compact::from(&s)).unwrap();
        assert!(serde_json::from_slice::<Compact>(&json).is_err());
        let json = serde_json::to_vec(&s).unwrap();
        assert!(serde_json::from_slice::<Stored>(&json).is_err());
    }
}
