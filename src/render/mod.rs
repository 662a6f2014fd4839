//! Stage 3: Markdown bodies to HTML (all pages first, so glossary and PTCE
//! backlinks are known), then every page through its Tera template.

mod assets;
mod builtin;
pub(crate) mod citation;
pub(crate) mod context;
pub(crate) mod data;
mod data_tables;
pub(crate) mod dsfr;
pub(crate) mod emit;
mod feeds;
mod generated;
pub(crate) mod highlight;
mod jsonld;
pub(crate) mod markdown;
pub(crate) mod media;
mod page_data;
mod pages;
mod search_page;
mod statics;
pub(crate) mod templates;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::output::Sink;
use crate::paths::{
    ACCESSIBILITY_PATH, ATOM_XML, DATA_PATH, GLOSSARY_PATH, PTCE_PATH, RESOURCES_PATH, SEARCH_PATH,
    SITEMAP_PATH, STATIC_DIR,
};
use crate::resolve::{Page, PageKind, Site};
pub(crate) use assets::AssetVersions;
use context::{Link, SiteCtx, VolumeLink};
pub(crate) use emit::Emitted;
use emit::{Emitter, Origin};
use highlight::Highlighter;
use markdown::{BodyContext, RenderedBody};
pub(crate) use pages::Renderer;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use templates::Templates;

/// A static file or content asset: where it comes from, its output path and
/// its bytes.
type StaticFile = (Origin, String, Vec<u8>);

/// What a render keeps for the rebuilds of the preview server.
pub(crate) struct RebuildCache {
    pub(crate) templates: Templates,
    pub(crate) highlighter: Highlighter,
    /// Glossary terms and PTCE each page mentions.
    pub(crate) page_terms: Vec<BTreeSet<usize>>,
    pub(crate) page_ptce: Vec<BTreeSet<usize>>,
    pub(crate) ptce_summaries: Vec<String>,
    /// Paths taken by content assets and theme static files.
    pub(crate) assets: HashSet<String>,
    /// Versioned URLs of the static files (`site.stylesheet_url`).
    pub(crate) asset_versions: AssetVersions,
    pub(crate) theme_static: HashSet<String>,
    /// The volume pages' links to their PDF (volume, URL, label), as the
    /// full run made them, so a re-rendered volume page keeps its link.
    pub(crate) pdf_links: Vec<(usize, String, Option<u64>)>,
}

/// Renders the site into `sink`, page by page: each page's body, template
/// and typography are done in one go and the page leaves memory. Glossary
/// term pages, which list the pages using them, come once every body is
/// known, then the generated pages and files. The cache is `None` when the
/// templates did not load.
pub(crate) fn render_run(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    pdf_on_demand: bool,
) -> (Emitted, Diagnostics, Option<RebuildCache>) {
    let mut diags = Diagnostics::default();
    let (statics, asset_versions, templates) = theme(site, root, &mut diags);
    let highlighter = Highlighter::default();
    let mut timer = crate::timing::Timer::new();

    let (mut assets, theme_static) = (
        taken_by(&statics, Origin::Asset),
        taken_by(&statics, Origin::ThemeStatic),
    );
    // Media files are content too: one at the path of a generated file
    // (the volume's PDF) or a theme's file is refused like any asset.
    assets.extend(site.media.output_paths());
    for rel in site.media.clashes() {
        diags.push(crate::safety::taken_path(&rel, "the processed media file"));
    }
    let search = search_index(site, sink, &mut diags);
    let mut emitter = Emitter::new(
        sink,
        assets.clone(),
        theme_static.clone(),
        crate::linkcheck::Urls::default(),
        search,
    );
    let mut r = templates.as_ref().map(|templates| Renderer {
        site,
        templates,
        site_ctx: site_ctx(site, &asset_versions),
        pdfs: Vec::new(),
    });

    // The printed volumes (src/pdf/) are laid out while the pages render;
    // the volume homes, which link to their PDF, wait for them.
    let ((pdfs, pdf_diags), mentions) = rayon::join(
        || printed_volumes(site, root, sink, pdf_on_demand),
        || render_pages(site, r.as_ref(), &emitter, &highlighter, &mut diags),
    );
    if let Some(r) = &mut r {
        r.pdfs = pdf_links(site, &pdfs, pdf_on_demand);
    }
    for pdf in pdfs {
        if let Some(from) = pdf.bytes.file() {
            emitter.emit_existing(Origin::Generated, pdf.path, from);
        } else if let Some(bytes) = pdf.bytes.bytes() {
            emitter.emit(Origin::Generated, pdf.path, bytes.to_vec(), false);
        }
    }
    add_pdf_diagnostics(&mut diags, pdf_diags);
    timer.lap("     pages");
    let ptce_summaries = ptce_summaries(site, &highlighter, &mut diags);
    let term_users = term_users(site, &mentions.page_terms);
    let ptce_pages = ptce_pages(site, &mentions.page_ptce);
    let Some(r) = r else {
        return (emitter.finish().0, diags, None);
    };
    let errors: Vec<Diagnostic> = mentions
        .term_bodies
        .into_par_iter()
        .flat_map(|(i, body)| r.emit_page(&emitter, i, &site.pages[i], &body, &term_users))
        .collect();
    diags.extend(errors);
    timer.lap("term pages");

    r.emit_ptce_pages(&emitter, &ptce_pages, &ptce_summaries, &mut diags);
    r.emit_generated_pages(&emitter, &mut diags);
    emit_files(site, &emitter, statics);
    emitter.finish_search();
    timer.lap(" generated");
    let (emitted, sink_errors) = emitter.finish();
    diags.extend(sink_errors);
    let pdf_links = r.pdfs.clone();
    drop(r);
    let cache = templates.map(|templates| RebuildCache {
        templates,
        highlighter,
        page_terms: mentions.page_terms,
        page_ptce: mentions.page_ptce,
        ptce_summaries,
        assets,
        theme_static,
        asset_versions,
        pdf_links,
    });
    (emitted, diags, cache)
}

/// The theme's side of a run: static files and content assets (known up
/// front, so a generated file they replace is never produced), their
/// versions, and the templates, which get the versioned URLs of the static
/// files. `None` when the templates do not load.
fn theme(
    site: &Site,
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<StaticFile>, AssetVersions, Option<Templates>) {
    let mut statics = statics::collect(site, root, diags);
    let mut asset_versions = assets::fingerprint(&mut statics, &site.base.path);
    if !diags.is_empty() {
        asset_versions = asset_versions.incomplete();
    }
    let templates = match Templates::load(root, &site.meta.theme, &asset_versions) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    (statics, asset_versions, templates)
}

/// The output paths of the static files of one origin.
fn taken_by(statics: &[StaticFile], origin: Origin) -> HashSet<String> {
    statics
        .iter()
        .filter(|(o, _, _)| *o == origin)
        .map(|(_, p, _)| p.clone())
        .collect()
}

/// The printed volumes, unless they are laid out on request (`serve`).
fn printed_volumes(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
    pdf_on_demand: bool,
) -> (Vec<crate::pdf::VolumePdf>, Vec<Diagnostic>) {
    if pdf_on_demand {
        (Vec::new(), Vec::new())
    } else {
        crate::pdf::build(site, root, &|path| sink.previous(path))
    }
}

/// The volume pages' links to their PDF: (volume, URL, size).
fn pdf_links(
    site: &Site,
    pdfs: &[crate::pdf::VolumePdf],
    pdf_on_demand: bool,
) -> Vec<(usize, String, Option<u64>)> {
    if pdf_on_demand {
        // Laid out when requested: the size is not known yet.
        crate::pdf::on_demand_links(site)
            .into_iter()
            .map(|(v, url, _, _)| (v, url, None))
            .collect()
    } else {
        pdfs.iter()
            .map(|p| (p.volume, p.url(site), Some(p.bytes.len() as u64)))
            .collect()
    }
}

/// The printed volumes' diagnostics, except at a line the pages already
/// reported.
fn add_pdf_diagnostics(diags: &mut Diagnostics, pdf_diags: Vec<Diagnostic>) {
    let new = crate::diagnostic::at_new_places(diags.iter(), pdf_diags);
    diags.extend(new);
}

/// Static files, content assets and media files, as they are.
fn emit_files(site: &Site, emitter: &Emitter, statics: Vec<StaticFile>) {
    for (origin, path, bytes) in statics {
        emitter.emit(origin, path, bytes, false);
    }
    // Media files are most of the bytes of a site with photos: files of
    // the cache, linked by the sink (src/media/, src/write/).
    site.media
        .outputs()
        .into_par_iter()
        .for_each(|(path, blob)| {
            if let Some(from) = blob.file() {
                emitter.emit_existing(Origin::Asset, path, from);
            } else if let Some(bytes) = blob.bytes() {
                emitter.emit(Origin::Asset, path, bytes.to_vec(), false);
            }
        });
}

/// The search index to fill while pages are emitted. `check` publishes
/// nothing: no search index to make.
fn search_index(
    site: &Site,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Option<(crate::search::SearchIndex, String)> {
    if !(site.meta.search && sink.publishes()) {
        return None;
    }
    match crate::search::SearchIndex::reusing(sink.previous_search()) {
        Ok(index) => Some((
            index
                .reading_back(sink.reads_back())
                .expecting(site.pages.len()),
            site.base.path.clone(),
        )),
        Err(d) => {
            diags.push(d.or_code(crate::diagnostic::Code::SearchIndex));
            None
        }
    }
}

/// What the content pages leave for the pages rendered after them.
struct Mentions {
    /// Glossary terms and PTCE each page mentions, by page.
    page_terms: Vec<BTreeSet<usize>>,
    page_ptce: Vec<BTreeSet<usize>>,
    /// The bodies of the glossary term pages, rendered once their users
    /// are known.
    term_bodies: Vec<(usize, RenderedBody)>,
}

/// Every page but the glossary terms: Markdown, template, typography, out
/// (in parallel). What stays is what other pages need.
fn render_pages(
    site: &Site,
    r: Option<&Renderer>,
    emitter: &Emitter,
    highlighter: &Highlighter,
    diags: &mut Diagnostics,
) -> Mentions {
    let done: Vec<PageMentions> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, page)| {
            let (body, mut diags) = page_body(site, i, page, highlighter);
            let mut done = PageMentions {
                terms: body.terms.clone(),
                ptce: body.ptce.clone(),
                diags: Vec::new(),
                term_body: None,
            };
            // Term pages list the pages using them; volume homes link to
            // their PDF: both come once the rest is done.
            if matches!(page.kind, PageKind::Term(_) | PageKind::Volume(_)) {
                done.term_body = Some(body);
            } else if let Some(r) = r {
                diags.extend(r.emit_page(emitter, i, page, &body, &[]));
            }
            done.diags = diags;
            done
        })
        .collect();
    let mut mentions = Mentions {
        page_terms: Vec::with_capacity(done.len()),
        page_ptce: Vec::with_capacity(done.len()),
        term_bodies: Vec::new(),
    };
    for (i, done) in done.into_iter().enumerate() {
        diags.extend(done.diags);
        mentions.page_terms.push(done.terms);
        mentions.page_ptce.push(done.ptce);
        if let Some(body) = done.term_body {
            mentions.term_bodies.push((i, body));
        }
    }
    mentions
}

/// A generated page (glossary, PTCE, 404…) out, or its template error kept.
pub(crate) fn emit_generated_page(
    emitter: &Emitter,
    path: &str,
    result: Result<String, Diagnostic>,
    diags: &mut Diagnostics,
) {
    match result {
        Ok(html) => emitter.emit(Origin::Generated, path.to_string(), html.into_bytes(), true),
        Err(d) => diags.push(d),
    }
}

/// The HTML of a page's Markdown body, and its problems.
pub(crate) fn page_body(
    site: &Site,
    i: usize,
    page: &Page,
    highlighter: &Highlighter,
) -> (RenderedBody, Vec<Diagnostic>) {
    let (body, body_start) = page.body();
    let source = page.source();
    let cx = BodyContext {
        site,
        page: Some(i),
        file_text: &source.text,
        display: &source.display,
        body_start,
        glossary: page.glossary,
        highlighter,
        embedded: None,
    };
    let mut diags = Vec::new();
    let body = markdown::render(body, &cx, &mut diags);
    (body, diags)
}

fn ptce_summaries(site: &Site, highlighter: &Highlighter, diags: &mut Diagnostics) -> Vec<String> {
    let mut md_diags = Vec::new();
    let summaries = site
        .ptce
        .iter()
        .map(|p| match (&p.meta.summary, &site.ptce_source) {
            (Some(summary), Some(display)) => {
                let cx = BodyContext {
                    site,
                    page: None,
                    file_text: summary,
                    display,
                    body_start: 0,
                    glossary: true,
                    highlighter,
                    embedded: Some(p.summary_lines),
                };
                markdown::render(summary, &cx, &mut md_diags).html
            }
            _ => String::new(),
        })
        .collect();
    diags.extend(md_diags);
    summaries
}

/// For each glossary term, the pages (other than its own) that use it.
pub(crate) fn term_users(site: &Site, page_terms: &[BTreeSet<usize>]) -> Vec<BTreeSet<usize>> {
    let mut users = vec![BTreeSet::new(); site.terms.len()];
    for (i, terms) in page_terms.iter().enumerate() {
        for &t in terms {
            if site.terms[t].page != i {
                users[t].insert(i);
            }
        }
    }
    users
}

/// For each PTCE, the pages that mention it or (case studies) belong to it.
pub(crate) fn ptce_pages(site: &Site, page_ptce: &[BTreeSet<usize>]) -> Vec<BTreeSet<usize>> {
    let mut pages = vec![BTreeSet::new(); site.ptce.len()];
    for (i, ptce) in page_ptce.iter().enumerate() {
        for &p in ptce {
            pages[p].insert(i);
        }
        if let PageKind::CaseStudy(doc) = &site.pages[i].kind
            && let Some(slug) = &doc.meta.ptce
            && let Some(p) = site.ptce.iter().position(|x| &x.slug == slug)
        {
            pages[p].insert(i);
        }
    }
    pages
}

/// What one page leaves for the pages rendered after it.
struct PageMentions {
    terms: BTreeSet<usize>,
    ptce: BTreeSet<usize>,
    diags: Vec<Diagnostic>,
    /// The body of a glossary term page, rendered once its users are known.
    term_body: Option<RenderedBody>,
}

pub(crate) fn site_ctx(site: &Site, assets: &AssetVersions) -> SiteCtx {
    let b = &site.base;
    SiteCtx {
        favicon_url: site
            .meta
            .favicon
            .as_deref()
            .and_then(|f| media::file_url(site, f)),
        licence: site.meta.licence.clone(),
        title: site.meta.title.clone(),
        description: site.meta.description.clone(),
        language: site.meta.language.clone(),
        publisher: site.meta.publisher.clone(),
        base_path: b.path.clone(),
        home_url: b.url(""),
        glossary_url: b.url(GLOSSARY_PATH),
        ptce_url: b.url(PTCE_PATH),
        resources_url: b.url(RESOURCES_PATH),
        stylesheet_url: assets
            .url("style.css")
            .unwrap_or_else(|| b.url(&format!("{STATIC_DIR}style.css"))),
        feed_url: b.is_absolute().then(|| b.url(ATOM_XML)),
        data_url: b.url(DATA_PATH),
        sitemap_url: b.url(SITEMAP_PATH),
        accessibility_url: b.url(ACCESSIBILITY_PATH),
        search_url: site.meta.search.then(|| b.url(SEARCH_PATH)),
        accessibility_status: site.meta.accessibility.status.label(),
        volumes: site
            .volumes
            .iter()
            .map(|v| VolumeLink {
                title: site.pages[v.home].title.clone(),
                url: b.url(&site.pages[v.home].path),
                draft: site.is_draft(&site.pages[v.home]),
            })
            .collect(),
        footer_pages: crate::resolve::free_pages::footer_pages(site)
            .into_iter()
            .map(|i| Link {
                title: site.pages[i].title.clone(),
                url: b.url(&site.pages[i].path),
            })
            .collect(),
    }
}
