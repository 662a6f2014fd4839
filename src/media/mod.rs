//! Images and documents of `content/`: the catalogue of every media file,
//! each one checked and processed once per run (in parallel), and the
//! lookup of a reference written in a page (`photos/boutique.jpg`, relative
//! to the page's folder, or a file of the shared `content/medias/`).
//!
//! Raster images (JPEG, PNG, WebP) are decoded with limits and published as
//! variants at a few widths, never wider than the original: a fallback in
//! the source's family (JPEG for a JPEG, PNG otherwise) and a WebP: lossy
//! for a photo (JPEG source), lossless for PNG and WebP sources. SVG is published as it is once checked
//! (well-formed, no script, no event handler, no `javascript:`). Documents
//! (PDF, office files) are published as they are. Everything goes under a
//! content-hashed folder, `medias/<hash>/`, so a file's URL changes when and
//! only when its bytes do.
//!
//! Processing is cached across runs in `<root>/.panorama-cache/media/`,
//! keyed by the source bytes and the processing parameters.

mod cache;
mod image;
mod svg;

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::paths::MEDIA_DIR;
pub(crate) use cache::FileStamp;
use cache::{Known, Stamp};
/// The shared folder of content/ for media used by several pages.
pub(crate) const SHARED_DIR: &str = "medias/";

/// Budget of a source raster image: its file size and its pixel count.
/// Over it, the image is refused (an error at each reference).
pub(crate) const MAX_SOURCE_BYTES: u64 = 20 * 1024 * 1024;
pub(crate) const MAX_PIXELS: u64 = 40_000_000;
/// Largest side accepted from a raster image.
pub(crate) const MAX_SIDE: u32 = 12_000;
/// Budget of an SVG (published as it is).
pub(crate) const MAX_SVG_BYTES: u64 = 1024 * 1024;
/// Budget of a document (published as it is).
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;
/// Widths of the variants, in CSS pixels; the original's width is added
/// when it is narrower than the largest.
pub(crate) const WIDTHS: [u32; 4] = [400, 800, 1200, 1600];

/// What kind of media a file is, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Jpeg,
    Png,
    Webp,
    Svg,
    Document(&'static str),
}

impl Kind {
    pub(crate) fn of(rel: &str) -> Option<Kind> {
        let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Kind::Jpeg,
            "png" => Kind::Png,
            "webp" => Kind::Webp,
            "svg" => Kind::Svg,
            "pdf" => Kind::Document("PDF"),
            "odt" => Kind::Document("ODT"),
            "ods" => Kind::Document("ODS"),
            "odp" => Kind::Document("ODP"),
            "docx" => Kind::Document("DOCX"),
            "xlsx" => Kind::Document("XLSX"),
            "pptx" => Kind::Document("PPTX"),
            "csv" => Kind::Document("CSV"),
            "epub" => Kind::Document("EPUB"),
            "zip" => Kind::Document("ZIP"),
            _ => return None,
        })
    }
}

/// The bytes of a published media file: in memory (just made), or a file
/// of the cache, read only when something needs the bytes (the printed
/// volume embedding it, `serve`); a build links that file into the output
/// instead of reading and writing it (src/write/).
#[derive(Debug, Clone)]
pub(crate) struct Blob {
    len: usize,
    at: At,
}

#[derive(Debug, Clone)]
enum At {
    Memory(Arc<Vec<u8>>),
    File(Arc<OnDisk>),
}

/// A file of the cache and its bytes once read (`None`: unreadable).
#[derive(Debug)]
struct OnDisk {
    path: PathBuf,
    id: Option<(u64, u64)>,
    read: OnceLock<Option<Arc<Vec<u8>>>>,
}

impl Blob {
    /// A file of the cache whose size was checked to be `len`; `id`, its
    /// device and inode when known.
    pub(crate) fn file_of(path: PathBuf, len: usize, id: Option<(u64, u64)>) -> Blob {
        Blob {
            len,
            at: At::File(Arc::new(OnDisk {
                path,
                id,
                read: OnceLock::new(),
            })),
        }
    }

    /// The size in bytes.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Where the bytes sit on disk, when they do, and which file that is
    /// (device and inode, when known).
    pub(crate) fn file(&self) -> Option<(&Path, Option<(u64, u64)>)> {
        match &self.at {
            At::Memory(_) => None,
            At::File(f) => Some((&f.path, f.id)),
        }
    }

    /// The bytes (a file read once, on first use); `None` when the file
    /// can no longer be read whole.
    pub(crate) fn bytes(&self) -> Option<Arc<Vec<u8>>> {
        match &self.at {
            At::Memory(b) => Some(b.clone()),
            At::File(f) => f
                .read
                .get_or_init(|| {
                    std::fs::read(&f.path)
                        .ok()
                        .filter(|b| b.len() == self.len)
                        .map(Arc::new)
                })
                .clone(),
        }
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Blob {
        Blob {
            len: bytes.len(),
            at: At::Memory(Arc::new(bytes)),
        }
    }
}

/// One published file of a processed image.
#[derive(Debug, Clone)]
pub(crate) struct Variant {
    /// Output path, under [`MEDIA_DIR`].
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub bytes: Blob,
}

/// A media file once checked and processed.
#[derive(Debug, Clone)]
pub(crate) enum Published {
    /// Fallback variants (JPEG or PNG) and WebP ones, by growing width.
    Raster {
        fallback: Vec<Variant>,
        webp: Vec<Variant>,
    },
    /// An SVG, as it is; its size when the root element gives one.
    Svg {
        file: Variant,
    },
    Document {
        path: String,
        bytes: Blob,
    },
}

impl Published {
    /// The file a link to this media leads to: the largest fallback of a
    /// raster image (the format every browser and viewer opens), the file
    /// itself otherwise.
    pub(crate) fn main_file(&self) -> Option<(&str, &Blob)> {
        match self {
            Published::Raster { fallback, .. } => {
                fallback.last().map(|v| (v.path.as_str(), &v.bytes))
            }
            Published::Svg { file } => Some((file.path.as_str(), &file.bytes)),
            Published::Document { path, bytes } => Some((path.as_str(), bytes)),
        }
    }

    /// Every file to publish.
    pub(crate) fn files(&self) -> Vec<(String, Blob)> {
        match self {
            Published::Raster { fallback, webp, .. } => fallback
                .iter()
                .chain(webp)
                .map(|v| (v.path.clone(), v.bytes.clone()))
                .collect(),
            Published::Svg { file } => vec![(file.path.clone(), file.bytes.clone())],
            Published::Document { path, bytes, .. } => vec![(path.clone(), bytes.clone())],
        }
    }
}

/// Why a media file cannot be published: said at every reference to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaError {
    pub message: String,
    pub hint: String,
}

impl MediaError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> MediaError {
        MediaError {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Every media file of content/, processed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Media {
    files: BTreeMap<String, Result<Published, MediaError>>,
    /// Files of content/ that are no media panorama publishes (`.gif`,
    /// `.exe`…): a reference to one is told so, not « no such file ».
    unsupported: std::collections::BTreeSet<String>,
}

/// How a raster image of this run was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// Decoded, resized and encoded.
    Processed,
    /// Found in the cache (the source read and hashed).
    Cached,
    /// Found in the cache by the file's stamp (the source not even read).
    Stamped,
    /// Not a raster image, or not publishable.
    Other,
}

/// What became of one media file: the result, how a raster image was
/// obtained, and its hash with its file's stamp (for the next run).
type Outcome = (Result<Published, MediaError>, Origin, Option<Known>);

/// What a reference written in a page leads to.
pub(crate) enum Lookup<'a> {
    Found(&'a str, &'a Result<Published, MediaError>),
    /// No such file; the closest existing media path, if any.
    Missing(Option<String>),
    /// A file of content/ (its path) in a format panorama does not publish.
    Unsupported(String),
    /// The path climbs out of content/.
    Outside,
}

impl Media {
    /// Checks and processes every media file of `assets` (path from
    /// content/, absolute path), in parallel, with the cache of `root`.
    pub(crate) fn process(root: &Path, assets: &[(String, PathBuf)]) -> Media {
        let content_dir = root.join("content");
        let real_content = std::fs::canonicalize(&content_dir).unwrap_or(content_dir);
        let media: Vec<(&String, &PathBuf, Kind)> = assets
            .iter()
            .filter_map(|(rel, abs)| Some((rel, abs, Kind::of(rel)?)))
            .collect();
        let folders = Folders::resolve(media.iter().map(|m| m.1.as_path()), &real_content);
        let cache = cache::Cache::new(root);
        let known = cache.sources();
        let done: Vec<(String, Outcome)> = media
            .par_iter()
            .map(|&(rel, abs, kind)| (rel.clone(), one(rel, abs, kind, &folders, known, &cache)))
            .collect();
        let count = |o: Origin| done.iter().filter(|d| d.1.1 == o).count();
        if crate::timing::enabled() {
            eprintln!(
                "panorama: media: {} processed, {} from the cache ({} not read again)",
                count(Origin::Processed),
                count(Origin::Cached) + count(Origin::Stamped),
                count(Origin::Stamped),
            );
        }
        let sources: BTreeMap<String, Known> = done
            .iter()
            .filter_map(|(rel, (_, _, k))| Some((rel.clone(), k.clone()?)))
            .collect();
        cache.finish(sources);
        Media {
            files: done.into_iter().map(|(rel, (r, _, _))| (rel, r)).collect(),
            unsupported: assets
                .iter()
                .filter(|(rel, _)| Kind::of(rel).is_none())
                .map(|(rel, _)| rel.clone())
                .collect(),
        }
    }

    /// The processed media file at `rel` (path from content/), if it could
    /// be published.
    pub(crate) fn published(&self, rel: &str) -> Option<&Published> {
        self.files.get(rel)?.as_ref().ok()
    }

    /// Whether content/ has a media file at `rel`.
    pub(crate) fn contains(&self, rel: &str) -> bool {
        self.files.contains_key(rel)
    }

    /// Every file to publish, in a stable order.
    pub(crate) fn outputs(&self) -> Vec<(String, Blob)> {
        let mut out: Vec<(String, Blob)> = Vec::new();
        for (rel, published) in &self.files {
            let Ok(published) = published else { continue };
            out.extend(published.files());
            // SVG and documents, published as they are, also keep the path
            // they had before media were processed (links written by hand
            // to it go on working); raster originals never do (budget).
            match published {
                Published::Svg { file } => out.push((rel.clone(), file.bytes.clone())),
                Published::Document { bytes, .. } => out.push((rel.clone(), bytes.clone())),
                Published::Raster { .. } => {}
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// Every path a media file is published at: its processed files, and
    /// the path in content/ that SVG and documents keep.
    pub(crate) fn output_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (rel, published) in &self.files {
            let Ok(published) = published else { continue };
            out.extend(published.files().into_iter().map(|(path, _)| path));
            if !matches!(published, Published::Raster { .. }) {
                out.push(rel.clone());
            }
        }
        out
    }

    /// SVG and documents whose own path in content/ is also the address of
    /// another file's processed version (`content/medias/<empreinte>/…`):
    /// one would silently replace the other.
    pub(crate) fn clashes(&self) -> Vec<String> {
        let mut processed: BTreeMap<String, &str> = BTreeMap::new();
        for (rel, published) in &self.files {
            let Ok(published) = published else { continue };
            for (path, _) in published.files() {
                processed.entry(path).or_insert(rel);
            }
        }
        self.files
            .iter()
            .filter(|(_, p)| matches!(p, Ok(Published::Svg { .. } | Published::Document { .. })))
            .filter(|(rel, _)| processed.get(*rel).is_some_and(|owner| owner != rel))
            .map(|(rel, _)| rel.clone())
            .collect()
    }

    /// The media file a page at `page_rel` (path from content/) refers to
    /// as `dest`: relative to the page's folder, else in `content/medias/`.
    /// A site-rooted path (`/volume/photos/a.jpg`) names the file at that
    /// path from content/ (the address it would have had unprocessed).
    pub(crate) fn lookup(&self, page_rel: &str, dest: &str) -> Lookup<'_> {
        let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
        let rooted = site_rooted(dest);
        let Some(rel) = join(if rooted.is_some() { "" } else { dir }, dest) else {
            return Lookup::Outside;
        };
        if let Some((k, v)) = self.files.get_key_value(&rel) {
            return Lookup::Found(k, v);
        }
        if rooted.is_none()
            && let Some(shared) = join(SHARED_DIR.trim_end_matches('/'), dest)
            && let Some((k, v)) = self.files.get_key_value(&shared)
        {
            return Lookup::Found(k, v);
        }
        if let Some(other) = [
            Some(rel.clone()),
            join(SHARED_DIR.trim_end_matches('/'), dest),
        ]
        .into_iter()
        .flatten()
        .find(|r| self.unsupported.contains(r))
        {
            return Lookup::Unsupported(other);
        }
        let near = crate::diagnostic::closest(&rel, self.files.keys().map(String::as_str))
            .map(|k| relative(dir, k));
        Lookup::Missing(near)
    }
}

/// What to say of a reference to a file of content/ whose format is not
/// published (`Lookup::Unsupported`): the message and the fix.
pub(crate) fn unsupported(dest: &str, rel: &str) -> (String, &'static str) {
    (
        format!(
            "`{dest}` (content/{rel}) is not in a format panorama publishes: images are JPEG, \
             PNG, WebP or SVG; documents PDF, ODT, ODS, ODP, DOCX, XLSX, PPTX, CSV, EPUB or ZIP"
        ),
        "convert the file (a GIF to PNG, for example), or publish it elsewhere and link to it",
    )
}

/// The path from content/ of a site-rooted destination (`/a/b.jpg`, not
/// `//host/…`).
pub(crate) fn site_rooted(dest: &str) -> Option<&str> {
    dest.strip_prefix('/').filter(|r| !r.starts_with('/'))
}

/// Whether an image's written text alternative marks it decorative
/// (`![""](…)`, or `![«»](…)`): it then gets `alt=""` on the site and is an
/// artifact in the PDF.
pub(crate) fn marks_decorative(alt: &str) -> bool {
    matches!(alt.trim(), "\"\"" | "«»" | "« »")
}

/// `dest` (a relative path, `/`-separated) from the folder `dir` of
/// content/, normalised; `None` when `..` climbs out of content/.
pub(crate) fn join(dir: &str, dest: &str) -> Option<String> {
    let dest = dest.split(['?', '#']).next().unwrap_or(dest);
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in dest.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The path of `target` (from content/) as written from the folder `dir`.
fn relative(dir: &str, target: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// One media file, checked and published.
fn one(
    rel: &str,
    abs: &Path,
    kind: Kind,
    folders: &Folders,
    known: &BTreeMap<String, Known>,
    cache: &cache::Cache,
) -> Outcome {
    let (real, stamp) = match folders.inside(abs) {
        Ok(found) => found,
        Err(e) => return (Err(e), Origin::Other, None),
    };
    let raster = matches!(kind, Kind::Jpeg | Kind::Png | Kind::Webp);
    // How a file's outcome is counted (the timing line is about images).
    let counted = |o: Origin| if raster { o } else { Origin::Other };
    // A warm build: the file is as it was when its hash was taken.
    if let Some(stamp) = stamp
        && let Some(k) = known.get(rel).filter(|k| k.stamp == stamp)
        && let Some(p) = cached(rel, kind, &k.digest, cache)
    {
        return (Ok(p), counted(Origin::Stamped), Some(k.clone()));
    }
    let bytes = match read(&real) {
        Ok(b) => b,
        Err(e) => return (Err(e), Origin::Other, None),
    };
    let digest = hash(&[&bytes]);
    let source = stamp.map(|stamp| Known {
        stamp,
        digest: digest.clone(),
    });
    if let Some(p) = cached(rel, kind, &digest, cache) {
        return (Ok(p), counted(Origin::Cached), source);
    }
    let result = publish(rel, kind, bytes, &digest, cache);
    let source = source.filter(|_| result.is_ok());
    (result, counted(Origin::Processed), source)
}

/// The published form of the file `rel` whose hash is `digest`, when the
/// cache has it (an entry is only made once the file passed every check).
fn cached(rel: &str, kind: Kind, digest: &str, cache: &cache::Cache) -> Option<Published> {
    let folder = media_folder(digest);
    match kind {
        Kind::Jpeg | Kind::Png | Kind::Webp => image::cached(&folder, &stem(rel), digest, cache),
        Kind::Svg | Kind::Document(_) => {
            let path = as_is_path(rel, kind, &folder);
            let e = cache.get(&as_is_key(digest, &path), &folder)?;
            let file = e.fallback.into_iter().next()?;
            if file.path != path {
                return None;
            }
            Some(as_is(kind, file))
        }
    }
}

/// Where an SVG or a document is published (as it is).
fn as_is_path(rel: &str, kind: Kind, folder: &str) -> String {
    let ext = match kind {
        Kind::Svg => "svg".to_string(),
        _ => rel
            .rsplit_once('.')
            .map_or("", |(_, e)| e)
            .to_ascii_lowercase(),
    };
    format!("{folder}{}.{ext}", stem(rel))
}

/// The cache key of a file published as it is.
fn as_is_key(digest: &str, path: &str) -> String {
    hash(&[digest.as_bytes(), b"as-is v1", path.as_bytes()])
}

fn as_is(kind: Kind, file: Variant) -> Published {
    match kind {
        Kind::Svg => Published::Svg { file },
        _ => Published::Document {
            path: file.path,
            bytes: file.bytes,
        },
    }
}

/// Keeps an SVG or a document in the cache (a copy, as the output must not
/// be linked to the editor's own file), given back as that file.
fn keep_as_is(kind: Kind, file: Variant, digest: &str, cache: &cache::Cache) -> Published {
    let key = as_is_key(digest, &file.path);
    let kept = cache.put(
        &key,
        cache::Entry {
            width: file.width,
            height: file.height,
            fallback: vec![file.clone()],
            webp: Vec::new(),
        },
    );
    as_is(kind, kept.fallback.into_iter().next().unwrap_or(file))
}

/// The real folders of the media files of content/ (links followed), each
/// resolved once: a file that is not itself a link is then known to be
/// inside content/ from its folder and one look at the file, which also
/// gives its stamp (rather than resolving every part of every file's
/// path).
struct Folders {
    real_content: PathBuf,
    /// Folder as found → its real path, or why it cannot be followed.
    real: std::collections::HashMap<PathBuf, Result<PathBuf, String>>,
}

impl Folders {
    fn resolve<'a>(files: impl Iterator<Item = &'a Path>, real_content: &Path) -> Folders {
        let mut real = std::collections::HashMap::new();
        for file in files {
            if let Some(dir) = file.parent()
                && !real.contains_key(dir)
            {
                let found = std::fs::canonicalize(dir).map_err(|e| e.to_string());
                real.insert(dir.to_path_buf(), found);
            }
        }
        Folders {
            real_content: real_content.to_path_buf(),
            real,
        }
    }

    /// The real path of a file and its stamp, refused when it (links
    /// followed) is not inside content/.
    fn inside(&self, abs: &Path) -> Result<(PathBuf, Option<Stamp>), MediaError> {
        let unreadable = |e: &dyn std::fmt::Display| {
            MediaError::new(
                format!("cannot read the file: {e}"),
                "check it exists and can be read",
            )
        };
        let meta = std::fs::symlink_metadata(abs).map_err(|e| unreadable(&e))?;
        let in_folder = match (abs.parent().and_then(|d| self.real.get(d)), abs.file_name()) {
            (Some(Ok(dir)), Some(name)) if !meta.file_type().is_symlink() => Some(dir.join(name)),
            (Some(Err(e)), _) => return Err(unreadable(e)),
            _ => None,
        };
        let (real, stamp) = match in_folder {
            Some(real) => (real, Stamp::from_metadata(&meta)),
            // A link (or a path without a folder): followed whole.
            None => {
                let real = std::fs::canonicalize(abs).map_err(|e| unreadable(&e))?;
                let stamp = Stamp::of(&real);
                (real, stamp)
            }
        };
        if !real.starts_with(&self.real_content) {
            return Err(MediaError::new(
                "this file is a link to a file outside content/",
                "copy the file itself into content/ instead of linking to it",
            ));
        }
        Ok((real, stamp))
    }
}

fn read(real: &Path) -> Result<Vec<u8>, MediaError> {
    std::fs::read(real).map_err(|e| {
        MediaError::new(
            format!("cannot read the file: {e}"),
            "check the file's permissions",
        )
    })
}

/// A 128-bit hash of bytes, stable across runs, platforms and compilers.
pub(crate) fn hash(parts: &[&[u8]]) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip128::SipHasher13::new();
    for p in parts {
        h.write(p);
        h.write_u8(0xff);
    }
    format!(
        "{:032x}",
        siphasher::sip128::Hasher128::finish128(&h).as_u128()
    )
}

/// Writes `.gitignore` into panorama's cache folder (`.panorama-cache/`)
/// when it has none, so that git leaves the cache out.
pub(crate) fn ignore_in_git(cache_dir: &Path) -> std::io::Result<()> {
    let g = cache_dir.join(".gitignore");
    if g.exists() {
        return Ok(());
    }
    std::fs::create_dir_all(cache_dir)?;
    std::fs::write(
        g,
        "# panorama's cache (processed images, printed volumes): safe to delete.\n*\n",
    )
}

/// The file name stem of `rel`, as a slug (for published names).
fn stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let s = crate::slug::slugify(stem);
    if s.is_empty() { "media".into() } else { s }
}

/// The folder a file whose hash is `digest` is published in.
fn media_folder(digest: &str) -> String {
    format!("{MEDIA_DIR}{}/", &digest[..16])
}

fn publish(
    rel: &str,
    kind: Kind,
    bytes: Vec<u8>,
    digest: &str,
    cache: &cache::Cache,
) -> Result<Published, MediaError> {
    let folder = media_folder(digest);
    let size = bytes.len() as u64;
    match kind {
        Kind::Document(_) => {
            if size > MAX_DOCUMENT_BYTES {
                return Err(over_budget(
                    size,
                    MAX_DOCUMENT_BYTES,
                    "compress the document or publish it elsewhere and link to it",
                ));
            }
            let file = Variant {
                path: as_is_path(rel, kind, &folder),
                width: 0,
                height: 0,
                bytes: Blob::from(bytes),
            };
            Ok(keep_as_is(kind, file, digest, cache))
        }
        Kind::Svg => {
            if size > MAX_SVG_BYTES {
                return Err(over_budget(
                    size,
                    MAX_SVG_BYTES,
                    "simplify the drawing (e.g. with an SVG optimiser) or export it as PNG",
                ));
            }
            let (width, height) = svg::check(&bytes)?;
            let file = Variant {
                path: as_is_path(rel, kind, &folder),
                width,
                height,
                bytes: Blob::from(bytes),
            };
            Ok(keep_as_is(kind, file, digest, cache))
        }
        Kind::Jpeg | Kind::Png | Kind::Webp => {
            if size > MAX_SOURCE_BYTES {
                return Err(over_budget(
                    size,
                    MAX_SOURCE_BYTES,
                    "export the image at most 3 000 pixels wide (a photo for the screen needs no more)",
                ));
            }
            image::process(&bytes, kind, &folder, &stem(rel), digest, cache)
        }
    }
}

fn over_budget(size: u64, max: u64, hint: &str) -> MediaError {
    MediaError::new(
        format!(
            "the file is over the budget: {} for at most {}",
            french_size(size),
            french_size(max)
        ),
        hint,
    )
}

/// A size as a French reader expects it, the unit held to its number by a
/// no-break space: « 2,3 Mo », « 850 ko », « 12 octets ». Used by every
/// download link (documents and the printed volumes).
pub(crate) fn french_size(bytes: u64) -> String {
    const NBSP: char = '\u{a0}';
    if bytes >= 1_000_000 {
        let tenths = (bytes as f64 / 100_000.0).round() as u64;
        format!("{},{}{NBSP}Mo", tenths / 10, tenths % 10)
    } else if bytes >= 1_000 {
        format!("{}{NBSP}ko", (bytes as f64 / 1000.0).round() as u64)
    } else {
        format!("{bytes}{NBSP}octets")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_stay_inside_content() {
        assert_eq!(
            join("vol/cas", "photos/a.jpg").as_deref(),
            Some("vol/cas/photos/a.jpg")
        );
        assert_eq!(
            join("vol/cas", "../medias/a.jpg").as_deref(),
            Some("vol/medias/a.jpg")
        );
        assert_eq!(join("vol", "../../etc/passwd"), None);
        assert_eq!(join("", "../a.jpg"), None);
        assert_eq!(join("vol", "./a.jpg?x#y").as_deref(), Some("vol/a.jpg"));
    }

    #[test]
    fn site_rooted_paths_name_files_from_content() {
        let mut media = Media::default();
        media.files.insert(
            "vol/cas/photos/a.svg".into(),
            Err(MediaError::new("x", "y")),
        );
        let found = |page: &str, dest: &str| match media.lookup(page, dest) {
            Lookup::Found(rel, _) => Some(rel.to_string()),
            _ => None,
        };
        assert_eq!(
            found("vol/cas/p.md", "/vol/cas/photos/a.svg").as_deref(),
            Some("vol/cas/photos/a.svg")
        );
        assert_eq!(
            found("autre/p.md", "/vol/cas/photos/a.svg").as_deref(),
            Some("vol/cas/photos/a.svg")
        );
        assert_eq!(found("vol/cas/p.md", "/photos/a.svg"), None);
        assert_eq!(found("vol/cas/p.md", "//vol/cas/photos/a.svg"), None);
        assert_eq!(site_rooted("//cdn/x.png"), None);
        assert_eq!(site_rooted("/static/x.png"), Some("static/x.png"));
    }

    #[test]
    fn relative_paths_from_a_folder() {
        assert_eq!(relative("vol/cas", "vol/cas/a.jpg"), "a.jpg");
        assert_eq!(relative("vol/cas", "medias/a.jpg"), "../../medias/a.jpg");
    }

    #[test]
    fn sizes_in_french() {
        assert_eq!(french_size(512), "512\u{a0}octets");
        assert_eq!(french_size(850_400), "850\u{a0}ko");
        assert_eq!(french_size(2_300_000), "2,3\u{a0}Mo");
        assert_eq!(french_size(1_250_000), "1,3\u{a0}Mo");
    }

    #[test]
    fn the_hash_is_stable() {
        assert_eq!(hash(&[b"abc"]), hash(&[b"abc"]));
        assert_ne!(hash(&[b"abc"]), hash(&[b"abd"]));
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
    }
}
