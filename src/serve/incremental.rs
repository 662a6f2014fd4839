//! Rebuilds for `serve` that redo only what an edit changes.
//!
//! After a full run the session keeps the resolved site, what each page
//! leaves for the others (the glossary terms and PTCE it mentions), the link
//! facts of every file and, when search is on, the pages for the index.
//!
//! An edit of the *text* of existing pages (front matter byte for byte the
//! same, same heading and note anchors) cannot change another page's
//! Markdown, URL, title, navigation, table of contents, feed or site map.
//! Such an edit re-renders those pages, the glossary term pages whose
//! « Utilisé dans » list changes, the PTCE index and the open data when the
//! PTCE mentions change, then (separately, see [`Session::search_update`])
//! the search index; the links of what changed
//! are checked (all links, when a page's ids changed). Anything else —
//! settings, templates, theme files, a new, removed or renamed file, front
//! matter, anchors — is a full rebuild. Either way the files are those a
//! full build makes (tests/incremental.rs compares them).

use crate::build::BuildOptions;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::{PageFacts, Urls};
use crate::output::{MemorySink, OutputFile, RenderedSite};
use crate::render::emit::Emitter;
use crate::render::markdown::RenderedBody;
use crate::render::{RebuildCache, Renderer, page_body, ptce_pages, site_ctx, term_users};
use crate::resolve::{PageKind, Site};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// A site kept between rebuilds.
pub struct Session {
    root: PathBuf,
    site: Site,
    memo: RebuildCache,
    /// Link facts of every HTML file, sorted by path, and where each is.
    facts: Vec<PageFacts>,
    fact_index: HashMap<String, usize>,
    urls: Urls,
    /// Every file path of the site.
    paths: HashSet<String>,
    /// Pages given to the search index, by URL, when search is on.
    search_pages: Option<BTreeMap<String, String>>,
    /// A page given to the index changed since the index was made.
    search_stale: bool,
    /// The current search index, reused by the next index of the same
    /// pages (issue 18).
    search_kept: Option<crate::search::KeptIndex>,
}

/// Files written anew, and files that no longer exist.
pub type Changes = (Vec<OutputFile>, Vec<String>);

/// The outcome of [`Session::update`].
#[derive(Debug)]
pub enum Update {
    /// The edit needs a full rebuild.
    Full,
    /// Done: the files written anew (an edit of text removes none; the
    /// search index, which may, follows in `search_update`).
    Done { files: Vec<OutputFile> },
    /// The edit has errors; the session is as before it.
    Failed(Vec<Diagnostic>),
}

impl Session {
    /// A full run, kept for the next edits, and the whole site.
    pub fn start(opts: &BuildOptions) -> Result<(Session, RenderedSite, String), Vec<Diagnostic>> {
        Self::start_reusing(opts, None)
    }

    /// As [`Session::start`]; the search index is `previous` (that of an
    /// earlier session, see [`Session::search_index`]) when the indexed
    /// pages are those it was made from.
    pub fn start_reusing(
        opts: &BuildOptions,
        previous: Option<crate::search::KeptIndex>,
    ) -> Result<(Session, RenderedSite, String), Vec<Diagnostic>> {
        let sink = MemorySink::reusing(previous);
        let run = crate::build::run(opts, &sink)?;
        let files = sink.into_files();
        let search_pages = run.site.meta.search.then(|| {
            let pages: HashSet<&str> = run.page_paths.iter().map(String::as_str).collect();
            files
                .iter()
                .filter(|f| pages.contains(f.path.as_str()))
                .filter_map(|f| {
                    let html = std::str::from_utf8(&f.bytes).ok()?;
                    Some((page_url(&run.site, &f.path), html.to_string()))
                })
                .collect()
        });
        let search_kept = crate::search::KeptIndex::from_files(
            files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())),
        );
        let fact_index = index_of(&run.facts);
        let base_path = run.site.base.path.clone();
        let pages = run.pages;
        let session = Session {
            root: opts.root.clone(),
            paths: run.paths.into_iter().collect(),
            site: run.site,
            memo: run.cache,
            facts: run.facts,
            fact_index,
            urls: run.urls,
            search_pages,
            search_stale: false,
            search_kept,
        };
        Ok((session, RenderedSite { files, pages }, base_path))
    }

    /// The current search index, for [`Session::start_reusing`].
    pub fn search_index(&self) -> Option<crate::search::KeptIndex> {
        self.search_kept.clone()
    }

    /// Applies an edit of the files `changed` (relative to the root).
    pub fn update(&mut self, changed: &BTreeSet<PathBuf>) -> Update {
        let mut edits: Vec<(usize, String)> = Vec::new();
        for rel in changed {
            match self.edit_of(rel) {
                Edit::Page(i, text) => edits.push((i, text)),
                Edit::Nothing => {}
                Edit::Full => return Update::Full,
            }
        }
        if edits.is_empty() {
            return Update::Done { files: Vec::new() };
        }
        // The new texts go in; on error the old ones come back.
        let mut old_texts = Vec::new();
        for (i, text) in edits {
            let source = self.site.pages[i].source_mut();
            old_texts.push((i, std::mem::replace(&mut source.text, text)));
        }
        match self.rerender(&old_texts) {
            Ok(update) => update,
            Err(diags) => {
                for (i, text) in old_texts {
                    self.site.pages[i].source_mut().text = text;
                }
                Update::Failed(diags)
            }
        }
    }

    /// The search index made again after [`Session::update`] changed pages
    /// (it takes longer than the pages themselves, so `serve` shows the
    /// pages first): the index files and the ones that no longer exist.
    /// `None` when the index is up to date or search is off.
    pub fn search_update(&mut self) -> Option<Result<Changes, Vec<Diagnostic>>> {
        if !std::mem::take(&mut self.search_stale) {
            return None;
        }
        let pages = self.search_pages.as_ref()?;
        let index = match reindex(pages, self.search_kept.clone()) {
            Ok(index) => index,
            Err(d) => return Some(Err(d)),
        };
        let new: HashSet<&str> = index.iter().map(|(p, _)| p.as_str()).collect();
        let prefix = format!("{}/", crate::paths::SEARCH_BUNDLE_DIR);
        let mut removed: Vec<String> = self
            .paths
            .iter()
            .filter(|p| p.starts_with(&prefix) && !new.contains(p.as_str()))
            .cloned()
            .collect();
        removed.sort();
        for p in &removed {
            self.paths.remove(p);
        }
        let files: Vec<OutputFile> = index
            .into_iter()
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect();
        for f in &files {
            self.paths.insert(f.path.clone());
        }
        self.search_kept = crate::search::KeptIndex::from_files(
            files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())),
        );
        Some(Ok((files, removed)))
    }

    /// What changing `rel` asks for.
    fn edit_of(&self, rel: &Path) -> Edit {
        let Ok(in_content) = rel.strip_prefix("content") else {
            return Edit::Full;
        };
        let key = in_content
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let page = self.site.pages.iter().position(|p| p.source().rel == key);
        let abs = self.root.join(rel);
        let Some(i) = page else {
            // A file that came and went (an editor's temporary file) and
            // was no part of the site changes nothing; anything else might.
            let known = self.site.assets.iter().any(|(_, p)| p == &abs);
            return if abs.exists() || known || key.is_empty() {
                Edit::Full
            } else {
                Edit::Nothing
            };
        };
        // A link (which may now lead outside content/) and a text the
        // safety checks refuse (control characters, a forbidden URL scheme in
        // front matter; the body's URLs are checked as it renders)
        // take the full rebuild, which reports them at their line.
        let is_link = std::fs::symlink_metadata(&abs).map_or(true, |m| m.file_type().is_symlink());
        if is_link {
            return Edit::Full;
        }
        let Ok(bytes) = std::fs::read(&abs) else {
            return Edit::Full;
        };
        let Ok(mut text) = String::from_utf8(bytes) else {
            return Edit::Full;
        };
        if !crate::safety::check_text(Path::new(&key), &text).is_empty() {
            return Edit::Full;
        }
        if text.starts_with('\u{FEFF}') {
            text.drain(..3);
        }
        let page = &self.site.pages[i];
        let old = &page.source().text;
        let (_, old_start) = page.body();
        let Ok(split) = crate::load::frontmatter::split(&text) else {
            return Edit::Full;
        };
        let start = text.len() - split.body.len();
        if start != old_start || text[..start] != old[..old_start] {
            return Edit::Full;
        }
        let anchors = crate::resolve::anchors::page_anchors(&text[start..]);
        match self.site.links.get(&key) {
            Some(target) if target.anchors == anchors => Edit::Page(i, text),
            _ => Edit::Full,
        }
    }

    /// Re-renders the edited pages and what depends on their mentions,
    /// checks the links of the result, and keeps it for the next edit.
    fn rerender(&mut self, edited: &[(usize, String)]) -> Result<Update, Vec<Diagnostic>> {
        let bodies = self.edited_bodies(edited)?;
        let (files, rendered) = self.emit(bodies)?;
        let Some(facts) = self.checked_facts(rendered.facts, &files)? else {
            return Ok(Update::Full);
        };
        self.feed_search(&rendered.page_paths, &files);
        for f in &files {
            self.paths.insert(f.path.clone());
        }
        self.facts = facts;
        self.memo.page_terms = rendered.page_terms;
        self.memo.page_ptce = rendered.page_ptce;
        Ok(Update::Done { files })
    }

    /// The bodies of the edited pages, and of the term pages whose list of
    /// users they change; the mentions of every page after the edit.
    fn edited_bodies(&self, edited: &[(usize, String)]) -> Result<Bodies, Vec<Diagnostic>> {
        let site = &self.site;
        let memo = &self.memo;
        let mut diags = Diagnostics::default();
        let mut bodies = HashMap::new();
        let mut page_terms = memo.page_terms.clone();
        let mut page_ptce = memo.page_ptce.clone();
        for &(i, _) in edited {
            let (body, ds) = page_body(site, i, &site.pages[i], &memo.highlighter);
            diags.extend(ds);
            page_terms[i] = body.terms.clone();
            page_ptce[i] = body.ptce.clone();
            bodies.insert(i, body);
        }
        if !diags.is_empty() {
            return Err(diags.into_sorted());
        }
        let old_users = term_users(site, &memo.page_terms);
        let term_users = term_users(site, &page_terms);
        for (t, term) in site.terms.iter().enumerate() {
            if old_users[t] != term_users[t] && !bodies.contains_key(&term.page) {
                let (body, ds) =
                    page_body(site, term.page, &site.pages[term.page], &memo.highlighter);
                diags.extend(ds);
                bodies.insert(term.page, body);
            }
        }
        let old_ptce = ptce_pages(site, &memo.page_ptce);
        let new_ptce = ptce_pages(site, &page_ptce);
        Ok(Bodies {
            bodies,
            diags,
            term_users,
            ptce_pages: (old_ptce != new_ptce).then_some(new_ptce),
            page_terms,
            page_ptce,
        })
    }

    /// Renders the pages of `bodies` (and the PTCE pages when the mentions
    /// of PTCE changed) into memory.
    fn emit(&mut self, b: Bodies) -> Result<(Vec<OutputFile>, Rendered), Vec<Diagnostic>> {
        let site = &self.site;
        let memo = &self.memo;
        let mut diags = b.diags;
        let sink = MemorySink::default();
        let mut emitter = Emitter::new(
            &sink,
            memo.assets.clone(),
            memo.theme_static.clone(),
            std::mem::take(&mut self.urls),
            None,
        );
        let r = Renderer {
            site,
            templates: &memo.templates,
            site_ctx: site_ctx(site, &memo.asset_versions),
            pdfs: memo.pdf_links.clone(),
        };
        let mut order: Vec<usize> = b.bodies.keys().copied().collect();
        order.sort_unstable();
        for i in order {
            let page = &site.pages[i];
            let users: &[BTreeSet<usize>] = match page.kind {
                PageKind::Term(_) => &b.term_users,
                _ => &[],
            };
            diags.extend(r.emit_page(&emitter, i, page, &b.bodies[&i], users));
        }
        if let Some(ptce_pages) = &b.ptce_pages {
            r.emit_ptce_pages(&emitter, ptce_pages, &memo.ptce_summaries, &mut diags);
        }
        emitter.finish_search();
        let (emitted, sink_errors) = emitter.finish();
        self.urls = emitted.urls;
        diags.extend(sink_errors);
        if !diags.is_empty() {
            return Err(diags.into_sorted());
        }
        let rendered = Rendered {
            facts: emitted.facts,
            page_paths: emitted.page_paths,
            page_terms: b.page_terms,
            page_ptce: b.page_ptce,
        };
        Ok((sink.into_files(), rendered))
    }

    /// The link facts of the site with those of `files`, once the links of
    /// what changed (every link, when a page's ids changed) are checked;
    /// `None` when a file is new (a full rebuild then).
    fn checked_facts(
        &self,
        emitted: Vec<PageFacts>,
        files: &[OutputFile],
    ) -> Result<Option<Vec<PageFacts>>, Vec<Diagnostic>> {
        let site = &self.site;
        let mut facts = self.facts.clone();
        let mut ids_changed = false;
        for f in emitted {
            match self.fact_index.get(&f.path) {
                Some(&n) => {
                    ids_changed |= !facts[n].same_ids(&f);
                    facts[n] = f;
                }
                None => return Ok(None),
            }
        }
        let changed: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let only = (!ids_changed).then_some(&changed);
        let all: HashSet<&str> = self.paths.iter().map(String::as_str).collect();
        let source_of: HashMap<String, PathBuf> = site
            .pages
            .iter()
            .map(|p| (format!("{}index.html", p.path), p.source().display.clone()))
            .collect();
        let report = crate::linkcheck::check_some(
            &facts,
            &self.urls.list(),
            &all,
            &site.base.path,
            &site.base.origin,
            &source_of,
            only,
        );
        if !report.errors.is_empty() {
            let mut report = report;
            let texts: HashMap<String, &str> = site
                .pages
                .iter()
                .map(|p| (format!("{}index.html", p.path), p.source().text.as_str()))
                .collect();
            report.locate(&texts, &site.base.path);
            return Err(report.errors);
        }
        Ok(Some(facts))
    }

    /// Hands the re-rendered pages to the search index, made again by
    /// `search_update` once the pages are served.
    fn feed_search(&mut self, page_paths: &[String], files: &[OutputFile]) {
        let Some(pages) = &mut self.search_pages else {
            return;
        };
        let page_paths: HashSet<&str> = page_paths.iter().map(String::as_str).collect();
        for f in files
            .iter()
            .filter(|f| page_paths.contains(f.path.as_str()))
        {
            if let Ok(html) = std::str::from_utf8(&f.bytes) {
                let url = page_url(&self.site, &f.path);
                if pages.get(&url).is_none_or(|old| old != html) {
                    pages.insert(url, html.to_string());
                    self.search_stale = true;
                }
            }
        }
    }
}

/// What an edit re-renders, and the mentions after it.
struct Bodies {
    bodies: HashMap<usize, RenderedBody>,
    /// Problems of the term pages re-rendered, reported with the others.
    diags: Diagnostics,
    /// The pages that use each term.
    term_users: Vec<BTreeSet<usize>>,
    /// The pages that mention each PTCE, when that changed.
    ptce_pages: Option<Vec<BTreeSet<usize>>>,
    page_terms: Vec<BTreeSet<usize>>,
    page_ptce: Vec<BTreeSet<usize>>,
}

/// The edit rendered: what the link check, the search index and the next
/// edit need.
struct Rendered {
    facts: Vec<PageFacts>,
    page_paths: Vec<String>,
    page_terms: Vec<BTreeSet<usize>>,
    page_ptce: Vec<BTreeSet<usize>>,
}

enum Edit {
    Page(usize, String),
    Nothing,
    Full,
}

fn index_of(facts: &[PageFacts]) -> HashMap<String, usize> {
    facts
        .iter()
        .enumerate()
        .map(|(n, f)| (f.path.clone(), n))
        .collect()
}

/// The URL a page is indexed under (as the build's search worker does).
fn page_url(site: &Site, path: &str) -> String {
    site.base.path.clone() + path.strip_suffix("index.html").unwrap_or(path)
}

/// A new search index of `pages`, added in URL order like a full build
/// (or `kept` as it is, when it was made from the same pages).
fn reindex(
    pages: &BTreeMap<String, String>,
    kept: Option<crate::search::KeptIndex>,
) -> Result<Vec<(String, Vec<u8>)>, Vec<Diagnostic>> {
    let previous = kept.map_or(crate::search::Previous::None, crate::search::Previous::Kept);
    let mut index = crate::search::SearchIndex::reusing(previous).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    for (url, html) in pages {
        if let Err(d) = index.add_page(url, html) {
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    index.finish().map_err(|d| vec![d])
}
