//! Where finished files go. Each file is finished once (French typography
//! on HTML), the facts the link check needs are taken from it, then it is
//! handed to a [`Sink`] and dropped: `build` streams into a staging folder,
//! `check` keeps nothing, `serve` and the tests keep the bytes in memory.
//! Only paths and link facts stay in memory for the whole run, so a large
//! collection is never held twice (or even once) as HTML.

use crate::diagnostic::{Code, Diagnostic};
use crate::linkcheck::{PageFacts, Urls};
use crate::output::{OutputFile, Sink};
use crate::search::SearchIndex;
use std::collections::HashSet;
use std::sync::Mutex;

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

    /// Whether a file of a later origin takes `path` (an error when a
    /// content asset takes a generated path).
    fn refused(&self, origin: Origin, path: &str) -> bool {
        if !self.shadowed(origin, path) {
            return false;
        }
        // Said once: when the theme's file is also shadowed, its error
        // stands for the built-in one.
        let theme_too = origin < Origin::ThemeStatic && self.theme_static.contains(path);
        if origin < Origin::Asset && self.assets.contains(path) && !theme_too {
            let what = [
                "the generated file",
                "the built-in file",
                "the theme's file",
            ];
            let d = crate::safety::taken_path(path, what[origin as usize]);
            lock(&self.state).errors.push(d);
        }
        true
    }

    /// Hands the sink a file that already sits on disk at `from` (media
    /// and unchanged printed volumes in panorama's cache; never HTML, so
    /// nothing to post-process): a build links it instead of copying it.
    /// `id`: the file's device and inode, when known.
    pub(crate) fn emit_existing(
        &self,
        origin: Origin,
        path: String,
        (from, id): (&std::path::Path, Option<(u64, u64)>),
    ) {
        if self.refused(origin, &path) {
            return;
        }
        let result = self.sink.put_existing(path.clone(), from, id);
        let mut st = lock(&self.state);
        st.paths.push(path);
        if let Err(d) = result {
            st.errors.push(d);
        }
    }

    /// Finishes `bytes` and hands them to the sink. `page` counts it as an
    /// HTML page of the site.
    pub(crate) fn emit(&self, origin: Origin, path: String, bytes: Vec<u8>, page: bool) {
        if self.refused(origin, &path) {
            return;
        }
        let (bytes, facts) = postprocess(&path, bytes, &self.urls);
        if let (Some(search), true) = (&self.search, page)
            && let Ok(html) = std::str::from_utf8(&bytes)
        {
            let url = self.base.clone() + path.strip_suffix("index.html").unwrap_or(&path);
            search.give(url, &path, html);
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
        let (index, mut errors) = search.finish();
        // Made here rather than on the worker's thread: the pages not held
        // are read back from the sink, and each file of the index goes to
        // the sink as soon as it is made (a page's fragment once the page
        // is merged), so the index never holds them all.
        if let Some(index) = index {
            let this = &*self;
            let put = |path: String, bytes: Vec<u8>| {
                this.emit(Origin::Generated, path, bytes, false);
            };
            if let Err(d) = index.finish_streaming(&|path| this.sink.read_back(path), &put) {
                errors.push(d);
            }
        }
        lock(&self.state).errors.extend(errors);
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
    pages: std::sync::mpsc::SyncSender<ForIndex>,
    thread: std::thread::JoinHandle<Filled>,
    /// Whether pages are read and packed as they are emitted (the index
    /// will be made whatever they are: a build into an empty folder).
    prepares: bool,
    /// Bytes of the prepared records the index holds until it merges them.
    held: std::sync::atomic::AtomicUsize,
}

/// What the search worker receives of a page.
enum ForIndex {
    /// (URL, path, HTML): hashed there; read back or held for `finish`.
    Html(String, String, String),
    /// (URL, the page read and packed on the thread that rendered it).
    Prepared(String, crate::search::Prepared),
}

/// The search index with every page in, and the problems met.
type Filled = (Option<SearchIndex>, Vec<Diagnostic>);

impl SearchWorker {
    fn start(mut index: SearchIndex) -> Option<SearchWorker> {
        let prepares = index.prepares_pages();
        let (pages, received) = std::sync::mpsc::sync_channel::<ForIndex>(64);
        let thread = std::thread::Builder::new()
            .name("panorama-search".into())
            .spawn(move || {
                // Pages arrive in any order from the rendering threads; the
                // index sorts them by URL, so every build writes the same.
                let mut errors = Vec::new();
                for page in received {
                    let added = match page {
                        ForIndex::Html(url, path, html) => index.add_file(&url, &path, &html),
                        ForIndex::Prepared(url, page) => index.add_prepared(&url, page),
                    };
                    if let Err(d) = added {
                        errors.push(d.or_code(Code::SearchIndex));
                    }
                }
                (Some(index), errors)
            })
            .ok()?;
        Some(SearchWorker {
            pages,
            thread,
            prepares,
            held: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// Gives the index the page at `path`, published at `url`: read and
    /// packed here, on the rendering thread, while its HTML is in memory,
    /// when the index will be made anyway and the records fit in memory
    /// (`SearchIndex::prepares_pages`; past the budget, should the site
    /// have more pages than it said, the others are read back).
    fn give(&self, url: String, path: &str, html: &str) {
        use std::sync::atomic::Ordering::Relaxed;
        let prepared = (self.prepares && self.held.load(Relaxed) < crate::search::PREPARED_BUDGET)
            .then(|| crate::search::prepare(&url, html))
            .flatten();
        let message = match prepared {
            Some(page) => {
                self.held.fetch_add(page.held_bytes(), Relaxed);
                ForIndex::Prepared(url, page)
            }
            None => ForIndex::Html(url, path.to_string(), html.to_string()),
        };
        let _ = self.pages.send(message);
    }

    fn finish(self) -> Filled {
        drop(self.pages);
        self.thread.join().unwrap_or_else(|_| {
            (
                None,
                vec![
                    Diagnostic::new(
                        std::path::PathBuf::from("(search index)"),
                        "the search indexer stopped unexpectedly",
                    )
                    .code(Code::SearchIndex),
                ],
            )
        })
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// French typography on an HTML file (never in code, URLs or attributes),
/// and its link facts.
fn postprocess(path: &str, bytes: Vec<u8>, urls: &Urls) -> (Vec<u8>, Option<PageFacts>) {
    if !path.ends_with(".html") {
        return (bytes, None);
    }
    match String::from_utf8(bytes) {
        Ok(html) => {
            // One scan of the page: typography and its attributes.
            let (typeset, attributes) = crate::typography::apply_and_attributes(&html);
            let facts = PageFacts::from_attributes(path, attributes, urls);
            (typeset.into_bytes(), Some(facts))
        }
        Err(e) => (e.into_bytes(), None),
    }
}
