//! Full-text search of the generated site: the one place that knows the
//! search engine, Pagefind, used as a library.
//!
//! The finished HTML of each page goes in; the files of a static search
//! bundle come out (`pagefind/pagefind.js`, its WebAssembly, the index
//! chunks). The reader's browser downloads only the chunks a query needs,
//! so search works on any static host. Pages are indexed as French:
//! Pagefind stems words (« coopératives » finds « coopérative ») and
//! matches without accents (« economie » finds « économie »).
//!
//! What is indexed in a page is the theme's business: the element marked
//! `data-pagefind-body` (once one page has it, pages without it are left
//! out), minus anything under `data-pagefind-ignore`.
//!
//! Pagefind's API is async (tokio); a current-thread runtime owned by
//! [`SearchIndex`] drives it, so callers stay synchronous.
//!
//! Determinism: Pagefind names its files by content hash (SHA-1), gzips
//! without a timestamp (mtime 0) and sorts its words; no file embeds a time
//! or a random value. But it numbers pages in the order they reach it, and
//! the numbers are in the index. So [`SearchIndex::add_page`] only keeps
//! the page, and [`SearchIndex::finish`] hands the pages to Pagefind sorted
//! by URL: the bundle is the same whatever order (or thread) the pages were
//! added from. The cost is the HTML of the indexed pages held until
//! `finish` (Pagefind itself then holds their text and words, about as much).

use crate::diagnostic::Diagnostic;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, PathBuf};

// Folder of the bundle, relative to the output root (src/paths.rs owns
// it). `search.js` of the theme loads `<base path>pagefind/pagefind.js`.
use crate::paths::SEARCH_BUNDLE_DIR as BUNDLE_DIR;

/// Files Pagefind writes for its own ready-made interfaces. The theme's
/// `search.js` uses only the JavaScript API (`pagefind.js`), so these are
/// not published (about 490 kB less to upload).
const UNUSED_FILES: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    // Every page is indexed as French (`force_language`), so the generic
    // WebAssembly, for languages without stemming, is never loaded.
    "wasm.unknown.pagefind",
];

/// Where search errors point: they come from the generated pages, not from
/// one content file, and `search:` of `site.yaml` turns the feature off.
fn diagnostic(message: String) -> Diagnostic {
    Diagnostic::new(PathBuf::from("(search index)"), message).hint(
        "this is a problem of the search indexer; `search: false` in content/site.yaml \
         builds the site without search meanwhile",
    )
}

/// Block elements after which Pagefind adds no space: without one,
/// `<dt>Structure</dt><dd>PTCE</dd>` would be indexed as the one word
/// « StructurePTCE » (it separates `p`, `li`, `div`, headings… itself).
const UNSPACED_BLOCKS: &[&str] = &[
    "dt",
    "dd",
    "dl",
    "th",
    "tr",
    "table",
    "caption",
    "figcaption",
    "figure",
    "summary",
    "details",
    "blockquote",
    "address",
    "aside",
    "header",
    "footer",
    "main",
    "nav",
];

/// `html` with a space after the closing tag of every [`UNSPACED_BLOCKS`]
/// element. A space after such a tag changes nothing a reader sees.
fn separate_blocks(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    let mut rest = html;
    while let Some(at) = rest.find("</") {
        let after = &rest[at + 2..];
        let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &after[..name_len];
        let closes = after[name_len..].starts_with('>')
            && UNSPACED_BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name));
        if closes {
            let end = at + 2 + name_len + 1;
            out.push_str(&rest[..end]);
            out.push(' ');
            rest = &rest[end..];
        } else {
            out.push_str(&rest[..at + 2]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The search index of one build, filled page by page.
pub struct SearchIndex {
    // Declared first so it is dropped before the runtime that drove it.
    index: PagefindIndex,
    runtime: tokio::runtime::Runtime,
    /// URL → HTML, indexed in this order by `finish`.
    pages: BTreeMap<String, String>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("pages", &self.pages.len())
            .finish()
    }
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
    pub fn new() -> Result<Self, Diagnostic> {
        // Pagefind reads the working directory when it starts, and panics
        // when there is none (a folder deleted under a running `serve`).
        if let Err(e) = std::env::current_dir() {
            return Err(diagnostic(format!(
                "search index: the current folder is not readable: {e}"
            )));
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| diagnostic(format!("search index: cannot start: {e}")))?;
        let config = PagefindServiceConfig::builder()
            .force_language("fr".to_string())
            .build();
        let index = guarded("cannot start", || {
            PagefindIndex::new(Some(config)).map_err(|e| format!("{e:#}"))
        })?;
        Ok(SearchIndex {
            index,
            runtime,
            pages: BTreeMap::new(),
        })
    }

    /// Adds one page. `url` is the page's public URL path as the site links
    /// it, base path included (`/economie-locale/` or `/sub/x/`); it is what
    /// a search result links to. `html` is the final page.
    pub fn add_page(&mut self, url: &str, html: &str) -> Result<(), Diagnostic> {
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
        self.pages.insert(url.to_string(), separate_blocks(html));
        Ok(())
    }

    /// The files to publish, as (path relative to the output root, bytes),
    /// sorted by path: `pagefind/pagefind.js`, `pagefind/pagefind-entry.json`,
    /// the WebAssembly and the index, metadata and fragment chunks.
    pub fn finish(self) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
        let SearchIndex {
            mut index,
            runtime,
            pages,
        } = self;
        for (url, html) in pages {
            guarded(&format!("cannot index {url}"), || {
                runtime
                    .block_on(index.add_html_file(None, Some(url.clone()), html))
                    .map(|_| ())
                    .map_err(|e| format!("{e:#}"))
            })?;
        }
        let files = guarded("cannot build the index", || {
            runtime
                .block_on(index.get_files())
                .map_err(|e| format!("{e:#}"))
        })?;
        let mut out = Vec::with_capacity(files.len());
        for file in files {
            let mut parts = Vec::new();
            for c in file.filename.components() {
                match c {
                    Component::Normal(s) => match s.to_str() {
                        Some(s) => parts.push(s),
                        None => {
                            return Err(diagnostic(format!(
                                "search index: unexpected file name {}",
                                file.filename.display()
                            )));
                        }
                    },
                    _ => {
                        return Err(diagnostic(format!(
                            "search index: unexpected file path {}",
                            file.filename.display()
                        )));
                    }
                }
            }
            let rel = parts.join("/");
            if UNUSED_FILES.contains(&rel.as_str()) {
                continue;
            }
            out.push((format!("{BUNDLE_DIR}/{rel}"), file.contents));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        // Two files of one path would make the output depend on which wins.
        if let Some(w) = out.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(diagnostic(format!(
                "search index: the file {} was produced twice",
                w[0].0
            )));
        }
        drop(index);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(
            separate_blocks("<dl><dt>Structure</dt><DD>PTCE</DD></dl><p>a</p></dtx>"),
            "<dl><dt>Structure</dt> <DD>PTCE</DD> </dl> <p>a</p></dtx>"
        );
        assert_eq!(separate_blocks("é</"), "é</");
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

    #[test]
    fn the_index_can_move_to_another_thread() {
        fn is_send<T: Send>() {}
        is_send::<SearchIndex>();
    }
}
