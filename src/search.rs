//! Full-text search of the generated site, on Pagefind's reader: the one
//! place that knows the search engine.
//!
//! The finished HTML of each page goes in; the files of a static search
//! bundle come out (`pagefind/pagefind.js`, its WebAssembly, the index
//! chunks). The reader's browser downloads only the chunks a query needs,
//! so search works on any static host. Pages are indexed as French: words
//! are stemmed (« coopératives » finds « coopérative ») and matched
//! without accents (« economie » finds « économie »).
//!
//! What is indexed in a page is the theme's business: the element marked
//! `data-pagefind-body` (once one page has it, pages without it are left
//! out), minus anything under `data-pagefind-ignore`.
//!
//! The index is written by us, in Pagefind's format (issue 18), not by
//! Pagefind's library: its indexer takes one page at a time under a lock,
//! holds every parsed page (about 0.4 MB per page of the test corpus) and
//! numbers pages in the order it parses them, so it could neither use the
//! cores nor stay within bounded memory. Here each page is read, stemmed
//! and packed on all cores (`extract`, `words`, `bundle::PageRecord`), by
//! batches in URL order, and merged in that order (`bundle::Merger`): page
//! numbers, and so every byte, are the same with one thread or many. Only
//! Pagefind's reader is taken from its library (its script, worker and
//! French WebAssembly, published unchanged): its library is run on a page
//! of one word, beside the indexing. A test compares our files with those
//! Pagefind's indexer writes for the same pages.
//!
//! Determinism: files are named by a hash of their bytes, gzipped without
//! a timestamp (mtime 0), words sorted; no file holds a time or a random
//! value. `build` does not hold the pages meanwhile. When the index will
//! be made whatever the pages are (no previous index: a build into an
//! empty folder) and the site is small enough for the records of all its
//! pages to wait in memory ([`SearchIndex::prepares_pages`]: up to about
//! 2 700 pages), each page is read, stemmed and packed on the thread
//! that rendered it, from its HTML still in memory ([`prepare`]), and
//! only its record waits for the merge. Otherwise only a hash of each
//! page is kept, and the page is read back from the output being written
//! if the index has to be made (see [`SearchIndex::reading_back`]);
//! `serve`, which keeps the site in memory anyway, holds them. Either way
//! the bytes are the same.
//!
//! Reuse (issue 18): even made in parallel, the index is the largest
//! part of a build with search into an empty folder. So the
//! bundle carries a small file, [`MANIFEST`], that names what it was made
//! from — a key hashing exactly what is indexed (each page's URL and
//! HTML, in URL order, plus the engine's version and our settings) —
//! and every file of the bundle with its size and hash. When the key of a
//! build is that of the previous index ([`Previous`]: the output folder a
//! build replaces, or the index `serve` keeps in memory) and every file of
//! it reads back intact, the previous files are returned as they are and
//! nothing is indexed; anything missing, altered or unreadable
//! means a full index. The same pages always give the same bytes, so a
//! reused index is exactly the one a full index would write.

use crate::diagnostic::Diagnostic;
use rayon::prelude::*;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::BTreeMap;
use std::hash::Hasher;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

mod bundle;
mod client;
mod extract;
mod manifest;
mod words;
use client::{Entry, EntryLanguage, client_files};
pub use manifest::{KeptIndex, Previous, Put};
use manifest::{Listed, Out, manifest};

// Folder of the bundle, relative to the output root (src/paths.rs owns
// it). `search.js` of the theme loads `<base path>pagefind/pagefind.js`.
use crate::paths::SEARCH_BUNDLE_DIR as BUNDLE_DIR;

/// The file of the bundle that says what the index was made from (see the
/// module's documentation). A dot file: it is for panorama, not for readers.
pub const MANIFEST: &str = "pagefind/.panorama-index";

/// What else decides the bytes of the index besides the pages: the engine
/// whose reader is published and its version (a test checks it against
/// `pagefind-entry.json`), and our writer of its format. Change the
/// writer's number whenever `extract`, `words` or `bundle` would write
/// other bytes for the same pages, so an index made the old way is not
/// reused.
const SETTINGS: &str = "pagefind 1.6.0; reader only; panorama writer 2; fr";

/// Where search errors point: they come from the generated pages, not from
/// one content file, and `search:` of `site.yaml` turns the feature off.
fn diagnostic(message: String) -> Diagnostic {
    Diagnostic::new(PathBuf::from("(search index)"), message).hint(
        "this is a problem of the search indexer; `search: false` in content/site.yaml \
         builds the site without search meanwhile",
    )
}

/// A 128-bit SipHash-1-3 with fixed keys: stable across runs, versions
/// and machines (unlike `std`'s hasher), and fast enough to hash every
/// page of a build. It guards against accidents (a changed page, a
/// truncated file), not against someone crafting collisions.
fn hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0x7061_6e6f_7261_6d61, 0x7365_6172_6368_0001)
}

fn hex(h: SipHasher13) -> String {
    format!("{:032x}", h.finish128().as_u128())
}

fn digest(bytes: &[u8]) -> String {
    let mut h = hasher();
    h.write(bytes);
    hex(h)
}

/// When `PANORAMA_TIMINGS` is set, says on stderr what the index cost (the
/// benchmark harness and the tests read it).
fn note(what: &str) {
    if std::env::var_os("PANORAMA_TIMINGS").is_some() {
        eprintln!("panorama:     search {what}");
    }
}

/// The files of a bundle, (path relative to the output root, bytes), sorted
/// by path.
pub type BundleFiles = Vec<(String, Vec<u8>)>;

/// A page for the indexer, and the hash of its URL and HTML as fed.
#[derive(Debug)]
struct Page {
    held: Held,
    digest: u128,
}

/// The HTML of a page as fed to the indexer, or where to read it back.
#[derive(Debug)]
enum Held {
    Html(String),
    /// Its path in the output, read back only if the index is made again.
    File(String),
    /// Already read and packed where it was rendered ([`prepare`]).
    Record(Option<bundle::PageRecord>),
}

/// A page read, stemmed and packed by [`prepare`] on the thread that made
/// it, while its HTML is in memory: a build into an empty folder then
/// neither holds nor reads back the page.
#[derive(Debug)]
pub struct Prepared {
    digest: u128,
    record: Option<bundle::PageRecord>,
}

impl Prepared {
    /// About how many bytes the record holds until it is merged.
    pub fn held_bytes(&self) -> usize {
        self.record
            .as_ref()
            .map_or(std::mem::size_of::<Self>(), bundle::PageRecord::held_bytes)
    }
}

/// Bytes of prepared records an index may hold until it merges them (the
/// emitter stops preparing pages past it); [`RECORD_ESTIMATE`] per page,
/// at most. At 1 000 case studies the records are 12 MB; at 10 000, where
/// the build's memory peaks while the generated pages are made, holding
/// them would add as much to the peak (see README « Recherche »).
pub const PREPARED_BUDGET: usize = 32 << 20;

/// What the record of a page holds, about (11.4 kB on average for the
/// case studies of the benchmark corpus: 3.1 kB of gzipped fragment, the
/// rest its terms).
const RECORD_ESTIMATE: usize = 12 << 10;

/// Spellings a thread's word memo holds at most before it starts afresh
/// (memory stays bounded; what the memo holds changes no byte).
const MEMO_SPELLINGS: usize = 200_000;

thread_local! {
    /// The word memo and compressor of the thread that prepares pages.
    static WORKSHOP: std::cell::RefCell<(words::Cache, bundle::Gzip)> =
        std::cell::RefCell::new((words::Cache::default(), bundle::Gzip::default()));
}

/// Reads, stems and packs the page `html` published at `url` (its public
/// URL path, as for [`SearchIndex::add_page`]), on this thread: what
/// [`SearchIndex::add_prepared`] takes. The same bytes as a page given
/// whole. `None` if the indexer failed on the page (a bug): the page is
/// then to be given whole, and the index's own guard reports the failure
/// as an error when it meets the page again, instead of this thread
/// stopping the build.
pub fn prepare(url: &str, html: &str) -> Option<Prepared> {
    let digest = page_digest(url, html);
    let record = WORKSHOP.with(|workshop| {
        let mut workshop = workshop.borrow_mut();
        let (cache, gz) = &mut *workshop;
        if cache.spelling_count() > MEMO_SPELLINGS {
            *cache = words::Cache::default();
        }
        let made = catch_unwind(AssertUnwindSafe(|| {
            bundle::PageRecord::new(url, html, cache, gz)
        }));
        if made.is_err() {
            // Half-updated by the failure: started afresh.
            *workshop = (words::Cache::default(), bundle::Gzip::default());
        }
        made.ok()
    })?;
    Some(Prepared { digest, record })
}

/// The hash of a page's URL and of its HTML as fed to the indexer.
fn page_digest(url: &str, fed: &str) -> u128 {
    let mut h = hasher();
    h.write(url.as_bytes());
    h.write_u8(0);
    h.write(fed.as_bytes());
    h.finish128().as_u128()
}

/// The search index of one build, filled page by page.
#[derive(Debug)]
pub struct SearchIndex {
    /// URL → page, indexed in this order by `finish`.
    pages: BTreeMap<String, Page>,
    previous: Previous,
    /// Pages given with their path are not held but read back (see
    /// [`SearchIndex::reading_back`]).
    read_back: bool,
    /// How many pages the site has, about ([`SearchIndex::expecting`]).
    expected: usize,
}

/// Runs `f`, turning a panic inside the engine into an error, so a bug
/// there fails the build (or one rebuild of `serve`) with a message
/// instead of stopping the program.
fn guarded<T>(what: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, Diagnostic> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(diagnostic(format!("search index: {what}: {e}"))),
        Err(panic) => {
            let detail = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown error".into());
            Err(diagnostic(format!(
                "search index: {what}: the indexer failed ({detail})"
            )))
        }
    }
}

impl SearchIndex {
    /// An empty index; every page is indexed as French.
    #[cfg(test)]
    pub fn new() -> Result<Self, Diagnostic> {
        Self::reusing(Previous::None)
    }

    /// An empty index that [`finish`](Self::finish) takes from `previous`
    /// when the pages are those it was made from.
    pub fn reusing(previous: Previous) -> Result<Self, Diagnostic> {
        // Pagefind reads the working directory when it starts, and panics
        // when there is none (a folder deleted under a running `serve`).
        if let Err(e) = std::env::current_dir() {
            return Err(diagnostic(format!(
                "search index: the current folder is not readable: {e}"
            )));
        }
        Ok(SearchIndex {
            pages: BTreeMap::new(),
            previous,
            read_back: false,
            expected: 0,
        })
    }

    /// When `yes`, the HTML of pages given by [`add_file`](Self::add_file)
    /// is not held until the end: only its hash is, and
    /// [`finish_streaming`](Self::finish_streaming) reads the page back from
    /// the output being written if the index has to be made again. Memory
    /// then stays flat however many pages the site has (most builds reuse
    /// the previous index and never read a page back).
    pub fn reading_back(mut self, yes: bool) -> Self {
        self.read_back = yes;
        self
    }

    /// As [`add_page`](Self::add_page), for the page written at `path`
    /// (relative to the output root) of the output.
    pub fn add_file(&mut self, url: &str, path: &str, html: &str) -> Result<(), Diagnostic> {
        self.check_url(url)?;
        let digest = page_digest(url, html);
        let held = if self.read_back {
            Held::File(path.to_string())
        } else {
            Held::Html(html.to_string())
        };
        self.pages.insert(url.to_string(), Page { held, digest });
        Ok(())
    }

    /// The number of pages the site has, about: whether pages are
    /// [`prepare`]d as they are rendered depends on it.
    pub fn expecting(mut self, pages: usize) -> Self {
        self.expected = pages;
        self
    }

    /// Whether pages should be given already packed, as they are rendered
    /// ([`prepare`], [`add_prepared`](Self::add_prepared)): when this index
    /// will be made whatever the pages are (there is no previous index to
    /// reuse, as in a build into an empty folder) and the records of
    /// every page fit in [`PREPARED_BUDGET`]. Each page is then read
    /// from its HTML in memory on the thread that rendered it, and never
    /// read back; but its record waits, in memory, for the merge in URL
    /// order. A larger site is read back from the output as the index is
    /// made, so that what it holds stays bounded.
    pub fn prepares_pages(&self) -> bool {
        self.always_made() && self.expected.saturating_mul(RECORD_ESTIMATE) <= PREPARED_BUDGET
    }

    /// Whether this index will be made whatever the pages are.
    fn always_made(&self) -> bool {
        match &self.previous {
            Previous::None => true,
            Previous::Output(dir) => !dir.join(MANIFEST).is_file(),
            Previous::Kept(_) => false,
        }
    }

    /// As [`add_page`](Self::add_page), for a page [`prepare`]d.
    pub fn add_prepared(&mut self, url: &str, page: Prepared) -> Result<(), Diagnostic> {
        self.check_url(url)?;
        let held = Held::Record(page.record);
        self.pages.insert(
            url.to_string(),
            Page {
                held,
                digest: page.digest,
            },
        );
        Ok(())
    }

    /// Adds one page. `url` is the page's public URL path as the site links
    /// it, base path included (`/economie-locale/` or `/sub/x/`); it is what
    /// a search result links to. `html` is the final page.
    pub fn add_page(&mut self, url: &str, html: &str) -> Result<(), Diagnostic> {
        self.check_url(url)?;
        // Hashed here, on the thread that receives the pages while they
        // are rendered, rather than all at once in `finish`.
        let digest = page_digest(url, html);
        let held = Held::Html(html.to_string());
        self.pages.insert(url.to_string(), Page { held, digest });
        Ok(())
    }

    fn check_url(&self, url: &str) -> Result<(), Diagnostic> {
        if !url.starts_with('/') || url.contains(['?', '#']) || url.chars().any(char::is_whitespace)
        {
            return Err(diagnostic(format!(
                "search index: `{url}` is not the URL path of a page (it must start with `/`, \
                 without query, fragment or spaces)"
            )));
        }
        if self.pages.contains_key(url) {
            return Err(diagnostic(format!(
                "search index: the page {url} was added twice"
            )));
        }
        Ok(())
    }

    /// The key of what is fed to the indexer: every page's URL and HTML in
    /// URL order, and the [`SETTINGS`].
    fn key(&self) -> String {
        let mut h = hasher();
        h.write(SETTINGS.as_bytes());
        h.write_u8(0);
        for (url, page) in &self.pages {
            h.write(url.as_bytes());
            h.write_u8(0);
            h.write(&page.digest.to_le_bytes());
        }
        hex(h)
    }

    /// The files to publish, as (path relative to the output root, bytes),
    /// sorted by path: `pagefind/pagefind.js`, `pagefind/pagefind-entry.json`,
    /// the WebAssembly, the index, metadata and fragment chunks, and the
    /// [`MANIFEST`]. Those of the previous index when it was made from the
    /// same pages.
    pub fn finish(self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        self.finish_telling(&|_| None).map(|(files, _)| files)
    }

    /// As [`finish`](Self::finish), the files collected; and whether the
    /// previous index was reused.
    fn finish_telling(
        self,
        read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    ) -> Result<(BundleFiles, bool), Diagnostic> {
        let files = std::sync::Mutex::new(Vec::new());
        let reused = self.finish_streaming(read, &|path, bytes| {
            files
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path, bytes))
        })?;
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok((files, reused))
    }

    /// Hands every file of the bundle to `put`, in no particular order
    /// (paths relative to the output root), as soon as each is made;
    /// `read` gives back the bytes of a page the output received (by its
    /// path), for the pages not held (see
    /// [`reading_back`](Self::reading_back)). Tells whether the previous
    /// index was reused. On an error, some files may have been given.
    pub fn finish_streaming(
        self,
        read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
        put: Put<'_>,
    ) -> Result<bool, Diagnostic> {
        let key = self.key();
        if let Some(files) = self.previous.reuse(&key) {
            note(&format!(
                "reused the previous index ({} pages, key {key})",
                self.pages.len()
            ));
            files
                .into_par_iter()
                .for_each(|(path, bytes)| put(path, bytes));
            return Ok(true);
        }
        let pages = self.pages.len();
        let (prepared, held) = self
            .pages
            .values()
            .filter_map(|p| match &p.held {
                Held::Record(r) => Some(r.as_ref().map_or(0, bundle::PageRecord::held_bytes)),
                _ => None,
            })
            .fold((0, 0), |(n, b), bytes| (n + 1, b + bytes));
        let started = std::time::Instant::now();
        let mut out = Out {
            put,
            listed: Vec::new(),
        };
        index(self.pages, read, &mut out)?;
        let mut listed = out.listed;
        listed.sort_by(|a, b| a.path.cmp(&b.path));
        // Two files of one path would make the output depend on which wins.
        if let Some(w) = listed.windows(2).find(|w| w[0].path == w[1].path) {
            return Err(diagnostic(format!(
                "search index: the file {} was produced twice",
                w[0].path
            )));
        }
        put(MANIFEST.to_string(), manifest(&key, &listed));
        note(&format!(
            "indexed {pages} pages in {:.1} ms, {prepared} of them prepared as they were \
             rendered ({:.1} MB held) (key {key})",
            started.elapsed().as_secs_f64() * 1000.0,
            held as f64 / 1e6
        ));
        Ok(false)
    }
}

/// Pages read and packed in parallel per batch, then merged in URL order:
/// only a batch of records is held at a time besides the merged words.
const BATCH: usize = 32;

/// Pages read one after the other by one task (sharing its word cache).
const PAGES_PER_TASK: usize = 16;

/// The records of a batch of pages, read and packed on all cores, in
/// order (those already packed taken as they are). A few pages per task,
/// so each task's word cache serves several.
fn records(
    pages: Vec<(String, Page)>,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Vec<Result<Option<bundle::PageRecord>, String>> {
    let mut tasks: Vec<Vec<(String, Page)>> = Vec::new();
    let mut pages = pages.into_iter();
    loop {
        let task: Vec<(String, Page)> = pages.by_ref().take(PAGES_PER_TASK).collect();
        if task.is_empty() {
            break;
        }
        tasks.push(task);
    }
    let records: Vec<Vec<Result<Option<bundle::PageRecord>, String>>> = tasks
        .into_par_iter()
        .map(|pages| {
            let mut workshop = None;
            pages
                .into_iter()
                .map(|(url, page)| {
                    let html = match page.held {
                        Held::Record(record) => return Ok(record),
                        Held::Html(html) => html,
                        held @ Held::File(_) => page_html(&url, &held, page.digest, read)?,
                    };
                    let (cache, gz) = workshop
                        .get_or_insert_with(|| (words::Cache::default(), bundle::Gzip::default()));
                    Ok(bundle::PageRecord::new(&url, &html, cache, gz))
                })
                .collect()
        })
        .collect();
    records.into_iter().flatten().collect()
}

/// The pages merged so far: those marking their indexed part, and the
/// others with their fragments, kept until the end.
#[derive(Default)]
struct Merging {
    marked: bundle::Merger,
    unmarked: bundle::Merger,
    unmarked_fragments: Vec<(String, Vec<u8>)>,
}

impl Merging {
    /// Merges `records` in their order; the fragments of marked pages are
    /// written at once, on all cores.
    fn merge(
        &mut self,
        records: Vec<Result<Option<bundle::PageRecord>, String>>,
        out: &Out<'_>,
    ) -> Result<Vec<Listed>, String> {
        let mut fragments = Vec::new();
        for record in records {
            match record? {
                Some(r) if r.marked => fragments.push(self.marked.push(r)),
                Some(r) if self.marked.page_count() == 0 => {
                    self.unmarked_fragments.push(self.unmarked.push(r));
                }
                _ => {}
            }
        }
        Ok(fragments
            .into_par_iter()
            .map(|(path, bytes)| out.give_shared(&path, bytes))
            .collect())
    }

    /// The merger of the pages indexed, their fragments written.
    fn chosen(self, out: &Out<'_>) -> (bundle::Merger, Vec<Listed>) {
        if self.marked.page_count() > 0 || self.unmarked.page_count() == 0 {
            return (self.marked, Vec::new());
        }
        let listed = self
            .unmarked_fragments
            .into_iter()
            .map(|(path, bytes)| out.give_shared(&path, bytes))
            .collect();
        (self.unmarked, listed)
    }
}

/// The bundle of `pages`: each page read, stemmed and packed on all cores
/// (`bundle::PageRecord`), merged in URL order, and Pagefind's reader
/// (`pagefind.js`, its worker and French WebAssembly) beside it.
fn index(
    pages: BTreeMap<String, Page>,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    out: &mut Out<'_>,
) -> Result<(), Diagnostic> {
    let pages: Vec<(String, Page)> = pages.into_iter().collect();
    // The merge runs on this thread, outside the pool that reads the
    // pages: the postings, which live until the end, are then not
    // scattered among the pages' short-lived allocations (at 10 000 pages
    // that scattering held about 20 MB more).
    let (client, merged) = std::thread::scope(|scope| {
        let client = scope.spawn(client_files);
        let merged = guarded("cannot index the pages", || {
            // Pages marking their indexed part, and the others, which are
            // indexed only when no page marks one (Pagefind's rule): the
            // fragments of the marked ones are written at once, those of
            // the others (a few pages of a site) held until it is known
            // which kind is indexed.
            let mut merging = Merging::default();
            let mut listed = Vec::new();
            let shared = &*out;
            // A pipeline: while one batch is merged in URL order and its
            // fragments written, the next one is read and packed.
            let mut pending = Vec::new();
            let mut pages = pages.into_iter();
            loop {
                let batch: Vec<(String, Page)> = pages.by_ref().take(BATCH).collect();
                let last = batch.is_empty();
                let merge = std::mem::take(&mut pending);
                let (records, merged) = std::thread::scope(|scope| {
                    let next = scope.spawn(|| records(batch, read));
                    let merged = merging.merge(merge, shared);
                    (next.join(), merged)
                });
                listed.extend(merged?);
                pending = records.map_err(|_| "the pages could not be read".to_string())?;
                if last {
                    break;
                }
            }
            let (merger, last) = merging.chosen(shared);
            listed.extend(last);
            Ok((merger, listed))
        });
        let client = client.join().unwrap_or_else(|_| {
            Err(diagnostic(
                "search index: the reader's files could not be made".to_string(),
            ))
        });
        (client, merged)
    });
    let client = client?;
    let (merged, listed) = merged?;
    out.listed.extend(listed);
    let page_count = merged.page_count();
    let meta_hash = merged.finish(&client.version, &mut |path, bytes| out.give(&path, bytes));
    let entry = Entry {
        version: &client.version,
        languages: BTreeMap::from([(
            "fr",
            EntryLanguage {
                hash: &meta_hash,
                wasm: "fr",
                page_count,
            },
        )]),
        include_characters: &client.include_characters,
    };
    let entry = serde_json::to_vec(&entry)
        .map_err(|e| diagnostic(format!("search index: cannot write the entry: {e}")))?;
    for (path, bytes) in client
        .files
        .into_iter()
        .chain([("pagefind-entry.json".to_string(), entry)])
    {
        out.give(&path, bytes);
    }
    Ok(())
}

/// The HTML of a page read back, checked against the hash it was keyed
/// by.
fn page_html(
    url: &str,
    held: &Held,
    digest: u128,
    read: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Result<String, String> {
    let Held::File(path) = held else {
        return Err(format!("the page {url} is not in the output"));
    };
    let html = read(path).and_then(|bytes| String::from_utf8(bytes).ok());
    // What is indexed must be what the key was made of.
    match html {
        Some(html) if page_digest(url, &html) == digest => Ok(html),
        _ => Err(format!(
            "cannot read back the page {path} as it was written \
             (was the output folder changed during the build?)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::manifest::MANIFEST_HEADER;
    use super::*;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    fn page(title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><title>{title}</title></head><body>\
             <nav data-pagefind-ignore>Menu Accueil Glossaire</nav>\
             <main data-pagefind-body><h1>{title}</h1><p>{body}</p></main>\
             <footer>Pied de page</footer></body></html>"
        )
    }

    fn build(pages: &[(&str, String)]) -> Vec<(String, Vec<u8>)> {
        let mut index = SearchIndex::new().unwrap();
        for (url, html) in pages {
            index.add_page(url, html).unwrap();
        }
        index.finish().unwrap()
    }

    fn sample() -> Vec<(&'static str, String)> {
        vec![
            (
                "/sub/economie/",
                page("Économie locale", "Les coopératives du territoire."),
            ),
            (
                "/sub/ressourcerie/",
                page("La ressourcerie", "Une coopérative de réemploi à Amiens."),
            ),
            (
                "/sub/plan-du-site/",
                "<!DOCTYPE html><html lang=\"fr\"><body><p>Sans corps marqué</p></body></html>"
                    .to_string(),
            ),
        ]
    }

    fn entry(files: &[(String, Vec<u8>)]) -> serde_json::Value {
        let (_, bytes) = files
            .iter()
            .find(|(p, _)| p == "pagefind/pagefind-entry.json")
            .expect("pagefind-entry.json");
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn bundle_has_the_script_the_entry_and_the_index() {
        let files = build(&sample());
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for p in [
            "pagefind/pagefind.js",
            "pagefind/pagefind-worker.js",
            "pagefind/pagefind-entry.json",
            "pagefind/wasm.fr.pagefind",
            MANIFEST,
        ] {
            assert!(paths.contains(&p), "{p} missing from {paths:?}");
        }
        assert!(paths.iter().any(|p| p.starts_with("pagefind/index/")));
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")));
        assert!(paths.iter().any(|p| p.ends_with(".pf_meta")));
        // Pagefind's own interfaces are not published.
        assert!(!paths.iter().any(|p| p.contains("-ui.")), "{paths:?}");
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted, "files are sorted by path");
    }

    #[test]
    fn only_marked_pages_are_indexed_as_french() {
        let e = entry(&build(&sample()));
        let fr = &e["languages"]["fr"];
        // The page without data-pagefind-body is left out.
        assert_eq!(fr["page_count"], 2, "{e}");
        assert_eq!(
            fr["wasm"], "fr",
            "French stemming needs the French wasm: {e}"
        );
    }

    /// The decompressed files of the bundle whose path starts with `prefix`.
    fn unzipped(files: &[(String, Vec<u8>)], prefix: &str) -> Vec<u8> {
        use std::io::Read;
        let mut all = Vec::new();
        for (_, bytes) in files.iter().filter(|(p, _)| p.starts_with(prefix)) {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut all)
                .unwrap();
        }
        all
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn results_link_to_the_urls_given() {
        let fragments = unzipped(&build(&sample()), "pagefind/fragment/");
        let text = String::from_utf8_lossy(&fragments);
        assert!(text.contains(r#""url":"/sub/economie/""#), "{text}");
        assert!(text.contains(r#""title":"Économie locale""#), "{text}");
        // Navigation and footer are not in the indexed text.
        assert!(
            !text.contains("Menu") && !text.contains("Pied de page"),
            "{text}"
        );
    }

    #[test]
    fn words_of_adjacent_blocks_stay_apart() {
        let files = build(&[(
            "/a/",
            page(
                "Fiche",
                "</p><dl><dt>Structure</dt><dd>Ressourcerie</dd></dl><p>",
            ),
        )]);
        let text = String::from_utf8_lossy(&unzipped(&files, "pagefind/fragment/")).into_owned();
        assert!(text.contains("Structure Ressourcerie"), "{text}");
    }

    /// Pagefind's own indexer on `pages`, added in URL order.
    fn pagefind_reference(pages: &[(&str, String)]) -> Vec<(String, Vec<u8>)> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let config = PagefindServiceConfig::builder()
            .force_language("fr".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).unwrap();
        let mut sorted = pages.to_vec();
        sorted.sort();
        for (url, html) in sorted {
            runtime
                .block_on(index.add_html_file(None, Some(url.to_string()), html))
                .unwrap();
        }
        let files = runtime.block_on(index.get_files()).unwrap();
        files
            .into_iter()
            .map(|f| {
                (
                    format!("pagefind/{}", f.filename.to_string_lossy()),
                    f.contents,
                )
            })
            .collect()
    }

    /// The fragments of a bundle, decoded, by URL.
    fn fragments(files: &[(String, Vec<u8>)]) -> BTreeMap<String, serde_json::Value> {
        use std::io::Read;
        files
            .iter()
            .filter(|(p, _)| p.starts_with("pagefind/fragment/"))
            .map(|(_, bytes)| {
                let mut all = Vec::new();
                flate2::read::GzDecoder::new(&bytes[..])
                    .read_to_end(&mut all)
                    .unwrap();
                let v: serde_json::Value =
                    serde_json::from_slice(all.strip_prefix(b"pagefind_dcd").unwrap()).unwrap();
                (v["url"].as_str().unwrap().to_string(), v)
            })
            .collect()
    }

    #[test]
    fn our_index_is_the_one_pagefind_writes_for_plain_pages() {
        // Pages within the rules both share (headings, paragraphs, accents,
        // stems, a marked body): the same words, positions, weights,
        // accented variants and title positions, the same fragments.
        let pages = vec![
            (
                "/sub/economie/",
                page(
                    "Économie locale",
                    "Les coopératives du territoire travaillaient ensemble.",
                ),
            ),
            (
                "/sub/ressourcerie/",
                page(
                    "La ressourcerie",
                    "Une coopérative de réemploi à Amiens, pour une économie circulaire.",
                ),
            ),
            (
                "/sub/zz/",
                "<html lang=\"fr\"><body><main data-pagefind-body><h2 id=\"a\">Économie</h2>\
                 <p>Texte <b>gras</b> et&nbsp;fin</p><h3>Suite</h3><p>Économie encore</p></main></body></html>"
                    .to_string(),
            ),
        ];
        let ours = build(&pages);
        let theirs = pagefind_reference(&pages);
        assert_eq!(
            unzipped(&ours, "pagefind/index/"),
            unzipped(&theirs, "pagefind/index/")
        );
        assert_eq!(fragments(&ours), fragments(&theirs));
        // The meta file differs only by the names it gives the files.
        let meta = |files: &[(String, Vec<u8>)]| {
            let metas: Vec<(String, Vec<u8>)> = files
                .iter()
                .filter(|(p, _)| p.ends_with(".pf_meta"))
                .cloned()
                .collect();
            assert_eq!(metas.len(), 1);
            unzipped(&metas, "pagefind/")
        };
        assert_eq!(meta(&ours).len(), meta(&theirs).len());
        let e = entry(&ours);
        let t = entry(&theirs);
        assert_eq!(e["version"], t["version"]);
        assert_eq!(e["include_characters"], t["include_characters"]);
        assert_eq!(
            e["languages"]["fr"]["page_count"],
            t["languages"]["fr"]["page_count"]
        );
        assert_eq!(e["languages"]["fr"]["wasm"], t["languages"]["fr"]["wasm"]);
    }

    #[test]
    fn french_words_are_stemmed_and_unaccented() {
        let files = build(&[(
            "/a/",
            page(
                "Économie",
                "Les salariés travaillaient dans des coopératives.",
            ),
        )]);
        let words = unzipped(&files, "pagefind/index/");
        // Words are CBOR text strings: a length byte (0x60 + n), then n bytes.
        // French stems without accents: « économie » → econom,
        // « travaillaient » → travaill, « coopératives » → cooper.
        for stem in ["econom", "travaill", "cooper"] {
            let mut key = vec![0x60 + stem.len() as u8];
            key.extend_from_slice(stem.as_bytes());
            assert!(contains(&words, &key), "stem {stem} missing");
        }
        assert!(!contains(&words, b"travaillaient"));
    }

    #[test]
    fn same_pages_give_the_same_bytes_in_any_order() {
        let forward = build(&sample());
        assert_eq!(forward, build(&sample()));
        let mut reversed = sample();
        reversed.reverse();
        assert_eq!(forward, build(&reversed));
    }

    #[test]
    fn a_page_added_twice_is_an_error() {
        let mut index = SearchIndex::new().unwrap();
        index.add_page("/x/", &page("T", "un")).unwrap();
        let d = index.add_page("/x/", &page("T", "deux")).unwrap_err();
        assert!(d.message.contains("added twice"), "{}", d.message);
    }

    #[test]
    fn a_url_that_is_not_a_path_is_an_error() {
        let mut index = SearchIndex::new().unwrap();
        for bad in [
            "",
            "economie/",
            "/a b/",
            "/x/?q=1",
            "https://example.org/x/",
        ] {
            let d = index.add_page(bad, &page("T", "texte")).unwrap_err();
            assert!(
                d.message.contains("not the URL path"),
                "{bad}: {}",
                d.message
            );
        }
    }

    #[test]
    fn broken_html_is_indexed_without_panicking() {
        let mut index = SearchIndex::new().unwrap();
        for (i, html) in [
            "",
            "<html",
            "<main data-pagefind-body><p>non fermé <b><i>",
            "\u{0}\u{feff}<<<>>>",
        ]
        .into_iter()
        .enumerate()
        {
            index.add_page(&format!("/x{i}/"), html).unwrap();
        }
        index.finish().unwrap();
    }

    /// Builds `pages` over `previous`: the files and whether they were reused.
    fn build_over(pages: &[(&str, String)], previous: Previous) -> (Vec<(String, Vec<u8>)>, bool) {
        let mut index = SearchIndex::reusing(previous).unwrap();
        for (url, html) in pages {
            index.add_page(url, html).unwrap();
        }
        index.finish_telling(&|_| None).unwrap()
    }

    fn kept(files: &[(String, Vec<u8>)]) -> Previous {
        Previous::Kept(
            KeptIndex::from_files(files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))).unwrap(),
        )
    }

    #[test]
    fn the_manifest_lists_the_key_and_every_other_file() {
        let files = build(&sample());
        let (_, text) = files.iter().find(|(p, _)| p == MANIFEST).unwrap();
        let text = std::str::from_utf8(text).unwrap();
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some(MANIFEST_HEADER));
        assert!(lines.next().unwrap().starts_with("key "), "{text}");
        let listed: Vec<&str> = lines.map(|l| l.splitn(3, ' ').nth(2).unwrap()).collect();
        let others: Vec<&str> = files
            .iter()
            .map(|(p, _)| p.as_str())
            .filter(|p| *p != MANIFEST)
            .collect();
        assert_eq!(listed, others);
    }

    #[test]
    fn the_same_pages_reuse_the_kept_index_and_a_change_does_not() {
        let (first, reused) = build_over(&sample(), Previous::None);
        assert!(!reused);
        let (again, reused) = build_over(&sample(), kept(&first));
        assert!(reused, "same pages: the kept index is reused");
        assert_eq!(again, first);
        // In any order: the key is over the pages sorted by URL.
        let mut reversed = sample();
        reversed.reverse();
        assert!(build_over(&reversed, kept(&first)).1);

        let mut changed = sample();
        changed[1].1 = page(
            "La ressourcerie",
            "Une coopérative de réemploi à Abbeville.",
        );
        let (new, reused) = build_over(&changed, kept(&first));
        assert!(!reused, "a changed page is indexed again");
        assert_eq!(new, build(&changed), "as a fresh index would be");
        let text = String::from_utf8_lossy(&unzipped(&new, "pagefind/fragment/")).into_owned();
        assert!(text.contains("Abbeville"), "{text}");
        // One page more, or fewer: indexed again.
        assert!(!build_over(&sample()[..2], kept(&first)).1);
    }

    #[test]
    fn a_previous_output_is_reused_only_when_every_file_reads_back_intact() {
        let dir = tempfile::tempdir().unwrap();
        let files = build(&sample());
        let write_all = || {
            for (p, bytes) in &files {
                let path = dir.path().join(p);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, bytes).unwrap();
            }
        };
        write_all();
        let previous = || Previous::Output(dir.path().to_path_buf());
        let (again, reused) = build_over(&sample(), previous());
        assert!(reused);
        assert_eq!(again, files);

        // A file missing, altered or truncated: a full index, the same bytes.
        let (chunk, _) = files
            .iter()
            .find(|(p, _)| p.starts_with("pagefind/index/"))
            .unwrap();
        let chunk = dir.path().join(chunk);
        std::fs::remove_file(&chunk).unwrap();
        assert_eq!(build_over(&sample(), previous()), (files.clone(), false));
        write_all();
        let mut bytes = std::fs::read(&chunk).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&chunk, &bytes).unwrap();
        assert!(!build_over(&sample(), previous()).1);
        std::fs::write(&chunk, &bytes[..last]).unwrap();
        assert!(!build_over(&sample(), previous()).1);
        write_all();
        // Not a manifest of ours, or none: a full index.
        std::fs::write(dir.path().join(MANIFEST), "panorama search index 0\n").unwrap();
        assert!(!build_over(&sample(), previous()).1);
        std::fs::remove_file(dir.path().join(MANIFEST)).unwrap();
        assert!(!build_over(&sample(), previous()).1);
        write_all();
        assert!(build_over(&sample(), previous()).1);
    }

    #[test]
    fn a_manifest_never_reads_outside_the_bundle() {
        let dir = tempfile::tempdir().unwrap();
        let files = build(&sample());
        for (p, bytes) in &files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::write(dir.path().join("secret.txt"), "x").unwrap();
        let manifest = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        for bad in [
            "pagefind/../secret.txt",
            "/etc/hostname",
            "pagefind//x",
            "pagefind/",
        ] {
            let line = format!("{} 1 {bad}\n", digest(b"x"));
            std::fs::write(dir.path().join(MANIFEST), manifest.clone() + &line).unwrap();
            let (_, reused) = build_over(&sample(), Previous::Output(dir.path().to_path_buf()));
            assert!(!reused, "{bad}");
        }
    }

    #[test]
    fn the_settings_name_the_engine_version_in_use() {
        // A new Pagefind may index differently: its version is in the key.
        let e = entry(&build(&sample()));
        let version = e["version"].as_str().unwrap();
        assert!(
            SETTINGS.starts_with(&format!("pagefind {version};")),
            "update SETTINGS for Pagefind {version}"
        );
    }

    #[test]
    fn pages_read_back_give_the_bytes_of_pages_held() {
        let pages = sample();
        let written: BTreeMap<String, Vec<u8>> = pages
            .iter()
            .map(|(url, html)| {
                (
                    format!("{}index.html", &url[1..]),
                    html.clone().into_bytes(),
                )
            })
            .collect();
        let fill = || {
            let mut index = SearchIndex::new().unwrap().reading_back(true);
            for (url, html) in &pages {
                index
                    .add_file(url, &format!("{}index.html", &url[1..]), html)
                    .unwrap();
            }
            index
        };
        let files = fill()
            .finish_telling(&|path| written.get(path).cloned())
            .map(|(files, _)| files)
            .unwrap();
        assert_eq!(files, build(&pages));

        // A page that is not what was hashed is an error, not a wrong index.
        let mut altered = written.clone();
        altered.insert(
            "sub/economie/index.html".into(),
            b"<html>autre</html>".to_vec(),
        );
        let d = fill()
            .finish_telling(&|path| altered.get(path).cloned())
            .unwrap_err();
        assert!(
            d.message.contains("sub/economie/index.html"),
            "{}",
            d.message
        );
        let d = fill().finish_telling(&|_| None).unwrap_err();
        assert!(d.message.contains("cannot read back"), "{}", d.message);
    }

    #[test]
    fn pages_prepared_where_rendered_give_the_bytes_of_pages_held() {
        let mut pages = sample();
        pages.push(("/vide/", page("Vide", "")));
        pages.push((
            "/sans-corps/",
            "<html><body><p>Sans corps marqué</p></body></html>".into(),
        ));
        // Prepared on other threads (each its own word memo), some pages
        // given whole: the same files as every page given whole.
        let prepared: Vec<(String, Prepared)> = std::thread::scope(|scope| {
            let handles: Vec<_> = pages
                .iter()
                .skip(1)
                .map(|(url, html)| {
                    scope.spawn(move || (url.to_string(), prepare(url, html).unwrap()))
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let mut index = SearchIndex::new().unwrap();
        assert!(index.prepares_pages());
        index.add_page(pages[0].0, &pages[0].1).unwrap();
        for (url, page) in prepared {
            assert!(page.held_bytes() > 0);
            index.add_prepared(&url, page).unwrap();
        }
        assert_eq!(index.finish().unwrap(), build(&pages));
        // A page prepared twice is refused as a page added twice.
        let mut index = SearchIndex::new().unwrap();
        index
            .add_prepared("/x/", prepare("/x/", &page("T", "un")).unwrap())
            .unwrap();
        let d = index
            .add_prepared("/x/", prepare("/x/", &page("T", "deux")).unwrap())
            .unwrap_err();
        assert!(d.message.contains("added twice"), "{}", d.message);
    }

    #[test]
    fn only_an_index_with_nothing_to_reuse_is_always_made() {
        let dir = tempfile::tempdir().unwrap();
        let output = || SearchIndex::reusing(Previous::Output(dir.path().to_path_buf())).unwrap();
        assert!(output().always_made(), "an output without a search index");
        assert!(output().prepares_pages());
        assert!(
            !output().expecting(10_000).prepares_pages(),
            "too many records"
        );
        assert!(output().expecting(1_000).prepares_pages());
        let files = build(&sample());
        for (p, bytes) in &files {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        assert!(!output().always_made(), "an index that may be reused");
        let kept = SearchIndex::reusing(kept(&files)).unwrap();
        assert!(!kept.always_made());
    }

    #[test]
    fn the_index_can_move_to_another_thread() {
        fn is_send<T: Send>() {}
        is_send::<SearchIndex>();
    }
}
