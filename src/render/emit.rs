//! Where finished files go. Each file is finished once (French typography
//! on HTML), the facts the link check needs are taken from it, then it is
//! handed to a [`Sink`] and dropped: `build` streams into a staging folder,
//! `check` keeps nothing, `serve` and the tests keep the bytes in memory.
//! Only paths and link facts stay in memory for the whole run, so a large
//! collection is never held twice (or even once) as HTML.

use super::OutputFile;
use crate::diagnostic::Diagnostic;
use crate::linkcheck::{PageFacts, Urls};
use crate::search::SearchIndex;
use std::collections::HashSet;
use std::sync::Mutex;

/// Receives finished files, from several threads at once.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// Whether the files are published (and the search index is wanted).
    fn publishes(&self) -> bool {
        true
    }

    /// The file `path` as the previous build published it, for outputs
    /// too costly to make again when their input did not change (the
    /// printed volumes, src/pdf/).
    fn previous(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Keeps nothing: `panorama check`.
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn publishes(&self) -> bool {
        false
    }
}

/// Keeps every file in memory: the preview server and the tests.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, ordered by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Who produced a file: when two produce the same path, the later in this
/// order wins (a content asset over a theme file over an embedded one over
/// a generated page).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    Generated,
    EmbeddedStatic,
    ThemeStatic,
    Asset,
}

/// What a render leaves behind once every file went to the sink.
#[derive(Debug, Default)]
pub struct Emitted {
    /// Every file path of the site, sorted.
    pub paths: Vec<String>,
    /// Number of HTML pages.
    pub pages: usize,
    /// The pages (the files given to the search index when it is on).
    pub page_paths: Vec<String>,
    /// Link facts of every HTML file, sorted by path.
    pub facts: Vec<PageFacts>,
    /// The URLs the facts refer to by number.
    pub urls: Urls,
}

#[derive(Default)]
struct State {
    paths: Vec<String>,
    page_paths: Vec<String>,
    facts: Vec<PageFacts>,
    pages: usize,
    errors: Vec<Diagnostic>,
}

pub(crate) struct Emitter<'a> {
    sink: &'a dyn Sink,
    /// Paths taken by content assets and by theme static files.
    assets: HashSet<String>,
    theme_static: HashSet<String>,
    urls: Urls,
    search: Option<SearchWorker>,
    /// Path of the base URL, for the search index.
    base: String,
    state: Mutex<State>,
}

impl<'a> Emitter<'a> {
    /// `urls` numbers the link targets (a rebuild goes on with the numbers
    /// of the previous run); `search`, when given, indexes every page (published under the
    /// given base path).
    pub(crate) fn new(
        sink: &'a dyn Sink,
        assets: HashSet<String>,
        theme_static: HashSet<String>,
        urls: Urls,
        search: Option<(SearchIndex, String)>,
    ) -> Emitter<'a> {
        let (search, base) = match search {
            Some((index, base)) => (SearchWorker::start(index), base),
            None => (None, String::new()),
        };
        Emitter {
            sink,
            assets,
            theme_static,
            urls,
            search,
            base,
            state: Mutex::new(State::default()),
        }
    }

    fn shadowed(&self, origin: Origin, path: &str) -> bool {
        (origin < Origin::Asset && self.assets.contains(path))
            || (origin < Origin::ThemeStatic && self.theme_static.contains(path))
    }

    /// Finishes `bytes` and hands them to the sink. `page` counts it as an
    /// HTML page of the site.
    pub(crate) fn emit(&self, origin: Origin, path: String, bytes: Vec<u8>, page: bool) {
        if self.shadowed(origin, &path) {
            return;
        }
        let (bytes, facts) = finish(&path, bytes, &self.urls);
        if let (Some(search), true) = (&self.search, page)
            && let Ok(html) = std::str::from_utf8(&bytes)
        {
            let url = self.base.clone() + path.strip_suffix("index.html").unwrap_or(&path);
            let _ = search.pages.send((url, html.to_string()));
        }
        let result = self.sink.put(OutputFile {
            path: path.clone(),
            bytes,
        });
        let mut st = lock(&self.state);
        if page {
            st.pages += 1;
            st.page_paths.push(path.clone());
        }
        st.paths.push(path);
        if let Some(f) = facts {
            st.facts.push(f);
        }
        if let Err(d) = result {
            st.errors.push(d);
        }
    }

    /// Writes the search index, once every page went through [`emit`].
    pub(crate) fn finish_search(&mut self) {
        let Some(search) = self.search.take() else {
            return;
        };
        let (files, errors) = search.finish();
        lock(&self.state).errors.extend(errors);
        for (path, bytes) in files {
            self.emit(Origin::Generated, path, bytes, false);
        }
    }

    /// Everything emitted, and the errors of the sink.
    pub(crate) fn finish(self) -> (Emitted, Vec<Diagnostic>) {
        let mut st = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        st.paths.sort();
        st.facts.sort_by(|a, b| a.path.cmp(&b.path));
        (
            Emitted {
                paths: st.paths,
                pages: st.pages,
                page_paths: st.page_paths,
                facts: st.facts,
                urls: self.urls,
            },
            st.errors,
        )
    }
}

/// The search index, built on its own thread from the pages it receives
/// while they are rendered.
struct SearchWorker {
    pages: std::sync::mpsc::SyncSender<(String, String)>,
    thread: std::thread::JoinHandle<IndexFiles>,
}

/// The files of the search index, and the problems met.
type IndexFiles = (Vec<(String, Vec<u8>)>, Vec<Diagnostic>);

impl SearchWorker {
    fn start(mut index: SearchIndex) -> Option<SearchWorker> {
        let (pages, received) = std::sync::mpsc::sync_channel::<(String, String)>(64);
        let thread = std::thread::Builder::new()
            .name("panorama-search".into())
            .spawn(move || {
                // Pages arrive in any order from the rendering threads; the
                // index sorts them by URL, so every build writes the same.
                let mut errors = Vec::new();
                for (url, html) in received {
                    if let Err(d) = index.add_page(&url, &html) {
                        errors.push(d);
                    }
                }
                match index.finish() {
                    Ok(files) => (files, errors),
                    Err(d) => {
                        errors.push(d);
                        (Vec::new(), errors)
                    }
                }
            })
            .ok()?;
        Some(SearchWorker { pages, thread })
    }

    fn finish(self) -> IndexFiles {
        drop(self.pages);
        self.thread.join().unwrap_or_else(|_| {
            (
                Vec::new(),
                vec![Diagnostic::new(
                    std::path::PathBuf::from("(search index)"),
                    "the search indexer stopped unexpectedly",
                )],
            )
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// French typography on an HTML file (never in code, URLs or attributes),
/// and its link facts.
pub(crate) fn finish(path: &str, bytes: Vec<u8>, urls: &Urls) -> (Vec<u8>, Option<PageFacts>) {
    if !path.ends_with(".html") {
        return (bytes, None);
    }
    match String::from_utf8(bytes) {
        Ok(html) => {
            let html = super::typography::apply(&html);
            let facts = PageFacts::of(path, &html, urls);
            (html.into_bytes(), Some(facts))
        }
        Err(e) => (e.into_bytes(), None),
    }
}
