//! Stage 3: Markdown bodies to HTML (all pages first, so glossary and PTCE
//! backlinks are known), then every page through its Tera template.

pub mod context;
pub mod data;
pub mod dsfr;
pub mod emit;
pub mod highlight;
pub mod incremental;
pub mod markdown;
mod search_page;
pub mod templates;
pub mod typography;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{PanoramaStatus, VolumeStatus};
use crate::resolve::{
    ACCESSIBILITY_PATH, GLOSSARY_PATH, PTCE_PATH, Page, PageKind, RESOURCES_PATH, SITEMAP_PATH,
    Site,
};
use crate::slug::slugify;
use context::*;
pub use emit::{Emitted, MemorySink, NullSink, Sink};
use emit::{Emitter, Origin};
use highlight::Highlighter;
use markdown::{BodyContext, RenderedBody};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use templates::Templates;

/// One file of the generated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole generated site, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    /// Number of HTML pages.
    pub pages: usize,
}

/// Renders the site into `sink`, page by page: each page's body, template
/// and typography are done in one go and the page leaves memory. Glossary
/// term pages, which list the pages using them, come once every body is
/// known, then the generated pages and files.
pub fn render_into(site: &Site, root: &Path, sink: &dyn Sink) -> (Emitted, Diagnostics) {
    let (emitted, diags, _) = render_run(site, root, sink);
    (emitted, diags)
}

/// What a render keeps for the rebuilds of the preview server.
pub(crate) struct Memo {
    pub templates: Templates,
    pub highlighter: Highlighter,
    /// Glossary terms and PTCE each page mentions.
    pub page_terms: Vec<BTreeSet<usize>>,
    pub page_ptce: Vec<BTreeSet<usize>>,
    pub ptce_summaries: Vec<String>,
    /// Paths taken by content assets and theme static files.
    pub assets: HashSet<String>,
    pub theme_static: HashSet<String>,
}

pub(crate) fn render_run(
    site: &Site,
    root: &Path,
    sink: &dyn Sink,
) -> (Emitted, Diagnostics, Option<Memo>) {
    let mut diags = Diagnostics::default();
    let templates = match Templates::load(root, &site.meta.theme) {
        Ok(t) => Some(t),
        Err(ds) => {
            diags.extend(ds);
            None
        }
    };
    let highlighter = Highlighter::default();
    let mut timer = crate::build::Timer::new();

    // Static files and content assets are known up front, so a generated
    // file they replace is never produced.
    let mut statics: Vec<(Origin, String, Vec<u8>)> = Vec::new();
    for (name, bytes) in templates::EMBEDDED_STATIC {
        statics.push((
            Origin::EmbeddedStatic,
            format!("static/{name}"),
            bytes.to_vec(),
        ));
    }
    copy_theme_static(root, &site.meta.theme, &mut statics, &mut diags);
    for (rel, abs) in &site.assets {
        match std::fs::read(abs) {
            Ok(bytes) => statics.push((Origin::Asset, rel.clone(), bytes)),
            Err(e) => diags.push(Diagnostic::new(
                crate::diagnostic::display_path(root, abs),
                format!("cannot read the file: {e}"),
            )),
        }
    }
    let taken_by = |origin: Origin| -> HashSet<String> {
        statics
            .iter()
            .filter(|(o, _, _)| *o == origin)
            .map(|(_, p, _)| p.clone())
            .collect()
    };
    let (assets, theme_static) = (taken_by(Origin::Asset), taken_by(Origin::ThemeStatic));
    // `check` publishes nothing: no search index to make.
    let search = if site.meta.search && sink.publishes() {
        match crate::search::SearchIndex::new() {
            Ok(index) => Some((index, site.base.path.clone())),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    } else {
        None
    };
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
        site_ctx: site_ctx(site),
        pdfs: Vec::new(),
    });
    // Every page but the glossary terms and the volume homes (which link
    // to their PDF): Markdown, template, typography, out. What stays is
    // what other pages need: the glossary terms and PTCE each page
    // mentions (and the bodies of the deferred pages). The printed
    // volumes (src/pdf/) are built meanwhile.
    let ((pdfs, pdf_diags), done): (_, Vec<PageDone>) = rayon::join(
        || crate::pdf::build(site, root, &|path| sink.previous(path)),
        || {
            site.pages
                .par_iter()
                .enumerate()
                .map(|(i, page)| {
                    let (body, mut diags) = page_body(site, i, page, &highlighter);
                    let mut done = PageDone {
                        terms: body.terms.clone(),
                        ptce: body.ptce.clone(),
                        diags: Vec::new(),
                        term_body: None,
                    };
                    if matches!(page.kind, PageKind::Term(_) | PageKind::Volume(_)) {
                        done.term_body = Some(body);
                    } else if let Some(r) = &r {
                        diags.extend(r.emit_page(&emitter, i, page, &body, &[]));
                    }
                    done.diags = diags;
                    done
                })
                .collect()
        },
    );
    if let Some(r) = &mut r {
        r.pdfs = pdfs
            .iter()
            .map(|p| (p.volume, p.url(site), p.label()))
            .collect();
    }
    for pdf in pdfs {
        emitter.emit(Origin::Generated, pdf.path, pdf.bytes, false);
    }
    timer.lap("     pages");

    let ptce_summaries = ptce_summaries(site, &highlighter, &mut diags);
    let mut page_terms = Vec::with_capacity(done.len());
    let mut page_ptce = Vec::with_capacity(done.len());
    let mut term_bodies: Vec<(usize, RenderedBody)> = Vec::new();
    for (i, done) in done.into_iter().enumerate() {
        diags.extend(done.diags);
        page_terms.push(done.terms);
        page_ptce.push(done.ptce);
        if let Some(body) = done.term_body {
            term_bodies.push((i, body));
        }
    }
    // A line the pages already reported is not reported again by the PDF.
    let seen: HashSet<(std::path::PathBuf, Option<usize>)> =
        diags.iter().map(|d| (d.path.clone(), d.line)).collect();
    diags.extend(
        pdf_diags
            .into_iter()
            .filter(|d| !seen.contains(&(d.path.clone(), d.line))),
    );
    let term_users = term_users(site, &page_terms);
    let ptce_pages = ptce_pages(site, &page_ptce);

    let Some(r) = r else {
        return (emitter.finish().0, diags, None);
    };
    let errors: Vec<Diagnostic> = term_bodies
        .into_par_iter()
        .flat_map(|(i, body)| r.emit_page(&emitter, i, &site.pages[i], &body, &term_users))
        .collect();
    diags.extend(errors);
    timer.lap("term pages");

    r.emit_ptce_pages(&emitter, &ptce_pages, &ptce_summaries, &mut diags);
    let generated = [
        (GLOSSARY_PATH, r.glossary()),
        (RESOURCES_PATH, r.all_resources()),
        (SITEMAP_PATH, r.sitemap_page()),
        (ACCESSIBILITY_PATH, r.accessibility()),
    ];
    for (path, result) in generated {
        emit_generated_page(&emitter, &format!("{path}index.html"), result, &mut diags);
    }
    // The full-text search page (issue 6), when `search:` is on
    // (render/search_page.rs; the index itself is built by the emitter).
    if site.meta.search {
        let path = format!("{}index.html", crate::resolve::SEARCH_PATH);
        emit_generated_page(&emitter, &path, r.search_page(), &mut diags);
    }
    emit_generated_page(&emitter, "404.html", r.not_found(), &mut diags);
    emitter.emit(
        Origin::Generated,
        "sitemap.xml".into(),
        sitemap(site).into_bytes(),
        false,
    );
    emitter.emit(
        Origin::Generated,
        "robots.txt".into(),
        robots(site).into_bytes(),
        false,
    );
    emitter.emit(
        Origin::Generated,
        "atom.xml".into(),
        data::atom(site).into_bytes(),
        false,
    );
    for (origin, path, bytes) in statics {
        emitter.emit(origin, path, bytes, false);
    }
    emitter.finish_search();
    timer.lap(" generated");
    let (emitted, sink_errors) = emitter.finish();
    diags.extend(sink_errors);
    drop(r);
    let memo = templates.map(|templates| Memo {
        templates,
        highlighter,
        page_terms,
        page_ptce,
        ptce_summaries,
        assets,
        theme_static,
    });
    (emitted, diags, memo)
}

/// A generated page (glossary, PTCE, 404…) out, or its template error kept.
fn emit_generated_page(
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
        line_base: 0,
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
                    line_base: p.summary_line,
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

/// The whole site in memory, for the preview server and the tests.
pub fn render(site: &Site, root: &Path) -> (RenderedSite, Diagnostics) {
    let sink = MemorySink::default();
    let (emitted, diags) = render_into(site, root, &sink);
    (
        RenderedSite {
            files: sink.into_files(),
            pages: emitted.pages,
        },
        diags,
    )
}

/// What a page leaves for the pages rendered after it.
struct PageDone {
    terms: BTreeSet<usize>,
    ptce: BTreeSet<usize>,
    diags: Vec<Diagnostic>,
    /// The body of a glossary term page, rendered once its users are known.
    term_body: Option<RenderedBody>,
}

impl RenderedSite {
    /// A site made of the given (path, text) files, for tests.
    #[cfg(test)]
    pub fn from_texts(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            files: files
                .iter()
                .map(|(p, b)| OutputFile {
                    path: p.to_string(),
                    bytes: b.as_bytes().to_vec(),
                })
                .collect(),
            pages: files.iter().filter(|(p, _)| p.ends_with(".html")).count(),
        }
    }
}

fn copy_theme_static(
    root: &Path,
    theme: &str,
    out: &mut Vec<(Origin, String, Vec<u8>)>,
    diags: &mut Diagnostics,
) {
    // A built-in theme's own files, then the DSFR's from its package; the
    // site's `themes/<theme>/static/` replaces any of them.
    for (name, bytes) in templates::builtin_static(theme) {
        out.push((
            Origin::EmbeddedStatic,
            format!("static/{name}"),
            bytes.to_vec(),
        ));
    }
    if theme == "dsfr" {
        match dsfr::assets(root) {
            Ok(files) => out.extend(
                files
                    .into_iter()
                    .map(|f| (Origin::EmbeddedStatic, f.path, f.bytes)),
            ),
            Err(ds) => diags.extend(ds),
        }
    }
    let dir = root.join("themes").join(theme).join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match std::fs::read(e.path()) {
                    Ok(bytes) => out.push((Origin::ThemeStatic, format!("static/{rel}"), bytes)),
                    Err(err) => diags.push(Diagnostic::new(
                        crate::diagnostic::display_path(root, e.path()),
                        format!("cannot read: {err}"),
                    )),
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(Diagnostic::new(
                crate::diagnostic::display_path(root, &dir),
                format!("cannot read: {err}"),
            )),
        }
    }
}

fn site_ctx(site: &Site) -> SiteCtx {
    let b = &site.base;
    SiteCtx {
        title: site.meta.title.clone(),
        description: site.meta.description.clone(),
        language: site.meta.language.clone(),
        publisher: site.meta.publisher.clone(),
        base_path: b.path.clone(),
        home_url: b.url(""),
        glossary_url: b.url(GLOSSARY_PATH),
        ptce_url: b.url(PTCE_PATH),
        resources_url: b.url(RESOURCES_PATH),
        stylesheet_url: b.url("static/style.css"),
        feed_url: b.url("atom.xml"),
        data_url: b.url(data::DATA_PATH),
        sitemap_url: b.url(SITEMAP_PATH),
        accessibility_url: b.url(ACCESSIBILITY_PATH),
        search_url: site.meta.search.then(|| b.url(crate::resolve::SEARCH_PATH)),
        accessibility_status: site.meta.accessibility.status.label(),
        volumes: site
            .volumes
            .iter()
            .map(|v| Link {
                title: site.pages[v.home].title.clone(),
                url: b.url(&site.pages[v.home].path),
            })
            .collect(),
    }
}

/// `2025-07` → `juillet 2025`, `2025-07-14` → `14 juillet 2025`.
pub fn french_date(raw: &str) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let parts: Vec<&str> = raw.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y, m] => month(m).map(|m| format!("{m} {y}")),
        [y, m, d] => month(m).map(|m| {
            let d = d.trim_start_matches('0');
            let d = if d == "1" { "1er" } else { d };
            format!("{d} {m} {y}")
        }),
        _ => None,
    }
    .unwrap_or_else(|| raw.to_string())
}

/// A short plain-text description from a rendered body.
fn excerpt(text: &str) -> Option<String> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return None;
    }
    if flat.chars().count() <= 160 {
        return Some(flat);
    }
    let cut: String = flat.chars().take(157).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    Some(format!("{cut}…"))
}

pub(crate) struct Renderer<'a> {
    site: &'a Site,
    templates: &'a Templates,
    site_ctx: SiteCtx,
    /// The printed volumes: (volume, URL, « PDF, 1,2 Mo »).
    pdfs: Vec<(usize, String, String)>,
}

impl Renderer<'_> {
    /// Renders page `i` (its body given) and hands it to `emitter`.
    pub(crate) fn emit_page(
        &self,
        emitter: &Emitter,
        i: usize,
        page: &Page,
        body: &RenderedBody,
        term_users: &[BTreeSet<usize>],
    ) -> Option<Diagnostic> {
        match self.page(i, page, body, term_users) {
            Ok(html) => {
                emitter.emit(
                    Origin::Generated,
                    format!("{}index.html", page.path),
                    html.into_bytes(),
                    true,
                );
                None
            }
            Err(d) => Some(d),
        }
    }

    /// What depends on which pages mention each PTCE: the PTCE index, the
    /// open data files and their page.
    pub(crate) fn emit_ptce_pages(
        &self,
        emitter: &Emitter,
        ptce_pages: &[BTreeSet<usize>],
        summaries: &[String],
        diags: &mut Diagnostics,
    ) {
        let (data_files, datasets) = data::datasets(self.site, ptce_pages);
        for (path, result) in [
            (PTCE_PATH, self.ptce(ptce_pages, summaries)),
            (data::DATA_PATH, self.data_page(datasets)),
        ] {
            emit_generated_page(emitter, &format!("{path}index.html"), result, diags);
        }
        for f in data_files {
            emitter.emit(Origin::Generated, f.path, f.bytes, false);
        }
    }

    fn link(&self, i: usize) -> Link {
        let p = &self.site.pages[i];
        Link {
            title: p.title.clone(),
            url: self.site.base.url(&p.path),
        }
    }

    fn home_link(&self) -> Link {
        Link {
            title: "Accueil".into(),
            url: self.site.base.url(""),
        }
    }

    fn page_ctx(
        &self,
        title: &str,
        path: &str,
        kind: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> PageCtx {
        PageCtx {
            title: title.to_string(),
            document_title: if path.is_empty() {
                title.to_string()
            } else {
                format!("{title} — {}", self.site.meta.title)
            },
            description: None,
            url: self.site.base.url(path),
            canonical: self.site.base.absolute(path),
            kind,
            breadcrumbs,
            previous: None,
            next: None,
            content: String::new(),
            sources: String::new(),
            headings: Vec::new(),
            json_ld: data::generated_json_ld(
                self.site,
                kind,
                title,
                &self.site.base.absolute(path),
            ),
            og_type: "website",
        }
    }

    fn page(
        &self,
        i: usize,
        page: &Page,
        body: &RenderedBody,
        term_users: &[BTreeSet<usize>],
    ) -> Result<String, Diagnostic> {
        let mut crumbs = Vec::new();
        if !page.path.is_empty() {
            crumbs.push(self.home_link());
        }
        if let Some(v) = page.volume {
            let vol = &self.site.volumes[v];
            if vol.home != i {
                crumbs.push(self.link(vol.home));
            }
        }
        if matches!(page.kind, PageKind::Term(_)) {
            crumbs.push(Link {
                title: "Glossaire".into(),
                url: self.site.base.url(GLOSSARY_PATH),
            });
        }
        let mut ctx = self.page_ctx(&page.title, &page.path, kind_name(&page.kind), crumbs);
        ctx.content = body.html.clone();
        ctx.sources = body.footnotes_html.clone();
        ctx.headings = body.headings.clone();
        ctx.description = excerpt(&body.text);
        if let (Some(v), Some(pos)) = (page.volume, page.position) {
            let order = &self.site.volumes[v].order;
            ctx.previous = pos.checked_sub(1).map(|p| self.link(order[p]));
            ctx.next = order.get(pos + 1).map(|&p| self.link(p));
        }
        let own_description = match &page.kind {
            PageKind::Home(d) => d.meta.description.clone(),
            PageKind::Volume(d) => d.meta.description.clone(),
            PageKind::Chapter(d) => d.meta.description.clone(),
            PageKind::CaseStudy(d) => d.meta.description.clone(),
            PageKind::Resources(d) => d.meta.description.clone().or(d.meta.subtitle.clone()),
            PageKind::Term(_) => None,
        };
        ctx.description = own_description.or(ctx.description);
        ctx.json_ld =
            data::page_json_ld(self.site, page, &ctx.canonical, ctx.description.as_deref());
        if matches!(
            page.kind,
            PageKind::Chapter(_) | PageKind::CaseStudy(_) | PageKind::Term(_)
        ) {
            ctx.og_type = "article";
        }
        let volume_link = page.volume.map(|v| self.link(self.site.volumes[v].home));
        match &page.kind {
            PageKind::Home(_) => {
                let data = HomeData {
                    panoramas: self.panoramas(),
                };
                self.templates
                    .render("home.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::Volume(doc) => {
                let v = page.volume.unwrap_or_default();
                let data = VolumeData {
                    number: doc.meta.number,
                    subtitle: doc.meta.subtitle.clone(),
                    published: doc.meta.published.as_deref().map(french_date),
                    publisher: doc
                        .meta
                        .publisher
                        .clone()
                        .unwrap_or_else(|| self.site.meta.publisher.clone()),
                    toc: self
                        .site
                        .volumes
                        .get(v)
                        .map(|vol| self.toc(&vol.order))
                        .unwrap_or_default(),
                    pdf: self
                        .pdfs
                        .iter()
                        .find(|(pv, _, _)| *pv == v)
                        .map(|(_, url, label)| Download {
                            url: url.clone(),
                            label: label.clone(),
                        }),
                };
                self.templates
                    .render("volume.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::Chapter(doc) => {
                let data = ChapterData {
                    kicker: doc.meta.kicker.clone(),
                    subtitle: doc.meta.subtitle.clone(),
                    volume: volume_link.clone().unwrap_or_else(|| self.home_link()),
                };
                self.templates
                    .render("chapter.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::CaseStudy(doc) => {
                let m = &doc.meta;
                let ptce = m.ptce.as_ref().and_then(|slug| {
                    self.site
                        .ptce
                        .iter()
                        .find(|p| &p.slug == slug)
                        .map(|p| Link {
                            title: p.meta.name.clone(),
                            url: self.site.base.url(&format!("{PTCE_PATH}#{}", p.slug)),
                        })
                });
                let data = CaseStudyData {
                    number: m.number,
                    heading: m.heading.clone(),
                    structure: m.structure.clone(),
                    structure_type: m.structure_type.label(),
                    departement: DepartementCtx {
                        code: m.departement.code(),
                        name: m.departement.name(),
                    },
                    communes: m.communes.clone(),
                    ptce,
                    partners: m.partners.clone(),
                    funders: m.funders.clone(),
                    contact: m.contact.clone(),
                    key_figures: m.key_figures.clone(),
                    volume: volume_link.clone().unwrap_or_else(|| self.home_link()),
                };
                self.templates
                    .render("case_study.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::Resources(doc) => {
                let data = ResourcesData {
                    subtitle: doc.meta.subtitle.clone(),
                    groups: resource_groups(&doc.meta.groups),
                    volume: volume_link.clone().unwrap_or_else(|| self.home_link()),
                };
                self.templates
                    .render("resources.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::Term(doc) => {
                let m = &doc.meta;
                let t = self.site.terms.iter().position(|t| t.page == i);
                let mut used_in: Vec<Link> = t
                    .map(|t| term_users[t].iter().map(|&p| self.link(p)).collect())
                    .unwrap_or_default();
                used_in.sort_by_key(|l| (l.url.clone(), l.title.clone()));
                let see_also = m
                    .see_also
                    .iter()
                    .filter_map(|s| self.site.terms.iter().find(|t| &t.slug == s))
                    .map(|t| self.link(t.page))
                    .collect();
                let data = TermData {
                    term: m.term.clone(),
                    abbreviation: m.abbreviation.clone(),
                    aliases: m.aliases.clone(),
                    source: m.source.clone(),
                    see_also,
                    used_in,
                };
                self.templates
                    .render("term.html", &self.site_ctx, &ctx, &data)
            }
        }
    }

    fn panoramas(&self) -> Vec<PanoramaCard> {
        self.site
            .meta
            .panoramas
            .iter()
            .map(|p| {
                let vol = p
                    .volume
                    .as_ref()
                    .and_then(|d| self.site.volumes.iter().find(|v| &v.dir == d));
                let published = p.status == PanoramaStatus::Published && vol.is_some();
                let meta = vol.and_then(|v| match &self.site.pages[v.home].kind {
                    PageKind::Volume(doc)
                        if doc.meta.status == VolumeStatus::Published || !published =>
                    {
                        Some(&doc.meta)
                    }
                    PageKind::Volume(doc) => Some(&doc.meta),
                    _ => None,
                });
                PanoramaCard {
                    title: p.title.clone(),
                    published,
                    url: vol
                        .filter(|_| published)
                        .map(|v| self.site.base.url(&self.site.pages[v.home].path)),
                    number: meta.filter(|_| published).map(|m| m.number),
                    subtitle: meta.filter(|_| published).and_then(|m| m.subtitle.clone()),
                    date: meta
                        .filter(|_| published)
                        .and_then(|m| m.published.as_deref().map(french_date)),
                }
            })
            .collect()
    }

    fn toc(&self, order: &[usize]) -> Vec<TocEntry> {
        order
            .iter()
            .map(|&i| {
                let p = &self.site.pages[i];
                let url = self.site.base.url(&p.path);
                match &p.kind {
                    PageKind::Chapter(d) => TocEntry {
                        title: p.title.clone(),
                        url,
                        kicker: d.meta.kicker.clone(),
                        description: d.meta.description.clone().or(d.meta.subtitle.clone()),
                        kind: "chapter",
                        number: None,
                    },
                    PageKind::CaseStudy(d) => TocEntry {
                        title: p.title.clone(),
                        url,
                        kicker: Some(format!("Coup de projecteur n°{}", d.meta.number)),
                        description: Some(d.meta.heading.clone()),
                        kind: "case_study",
                        number: Some(d.meta.number),
                    },
                    PageKind::Resources(d) => TocEntry {
                        title: p.title.clone(),
                        url,
                        kicker: None,
                        description: d.meta.subtitle.clone(),
                        kind: "resources",
                        number: None,
                    },
                    _ => TocEntry {
                        title: p.title.clone(),
                        url,
                        kicker: None,
                        description: None,
                        kind: "page",
                        number: None,
                    },
                }
            })
            .collect()
    }

    fn glossary(&self) -> Result<String, Diagnostic> {
        let mut letters: Vec<GlossaryLetter> = Vec::new();
        for t in &self.site.terms {
            let key = crate::resolve::fold_sort_key(&t.term);
            let letter = key
                .chars()
                .next()
                .map(|c| c.to_ascii_uppercase().to_string())
                .unwrap_or_else(|| "#".into());
            if letters.last().is_none_or(|l| l.letter != letter) {
                letters.push(GlossaryLetter {
                    id: format!("lettre-{}", letter.to_lowercase()),
                    letter: letter.clone(),
                    terms: Vec::new(),
                });
            }
            if let Some(l) = letters.last_mut() {
                l.terms.push(GlossaryEntry {
                    term: t.term.clone(),
                    abbreviation: t.abbreviation.clone(),
                    url: self.site.base.url(&self.site.pages[t.page].path),
                });
            }
        }
        let mut ctx = self.page_ctx(
            "Glossaire",
            GLOSSARY_PATH,
            "glossary",
            vec![self.home_link()],
        );
        ctx.description =
            Some("Les mots-clés et les sigles de l'inclusion dans l'emploi, de A à Z.".into());
        let data = GlossaryData {
            count: self.site.terms.len(),
            letters,
        };
        self.templates
            .render("glossary.html", &self.site_ctx, &ctx, &data)
    }

    fn ptce(
        &self,
        ptce_pages: &[BTreeSet<usize>],
        summaries: &[String],
    ) -> Result<String, Diagnostic> {
        let by_dep = crate::resolve::ptce_by_departement(self.site);
        let departements = by_dep
            .into_iter()
            .map(|(dep, list)| {
                let ptce = list
                    .into_iter()
                    .map(|i| {
                        let p = &self.site.ptce[i];
                        PtceEntry {
                            name: p.meta.name.clone(),
                            id: p.slug.clone(),
                            summary: summaries.get(i).cloned().unwrap_or_default(),
                            mentioned_in: ptce_pages[i].iter().map(|&pg| self.link(pg)).collect(),
                        }
                    })
                    .collect::<Vec<_>>();
                let case_studies = self
                    .site
                    .pages
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| matches!(&p.kind, PageKind::CaseStudy(d) if d.meta.departement == dep))
                    .map(|(i, _)| self.link(i))
                    .collect();
                PtceDepartement {
                    code: dep.code(),
                    name: dep.name(),
                    id: slugify(&format!("{} {}", dep.name(), dep.code())),
                    count: ptce.len(),
                    ptce,
                    case_studies,
                }
            })
            .collect();
        let reg = self.site.ptce_register.as_ref();
        let mut ctx = self.page_ctx(
            "Les PTCE des Hauts-de-France",
            PTCE_PATH,
            "ptce",
            vec![self.home_link()],
        );
        ctx.description = Some("Les pôles territoriaux de coopération économique (PTCE) des Hauts-de-France, par département.".into());
        let data = PtceData {
            year: reg.map(|r| r.year),
            source: reg.map(|r| r.source.clone()),
            total: self.site.ptce.len(),
            departements,
        };
        self.templates
            .render("ptce.html", &self.site_ctx, &ctx, &data)
    }

    fn all_resources(&self) -> Result<String, Diagnostic> {
        let volumes = self
            .site
            .volumes
            .iter()
            .filter_map(|v| {
                v.order
                    .iter()
                    .find_map(|&i| match &self.site.pages[i].kind {
                        PageKind::Resources(doc) => Some(VolumeResources {
                            volume: self.link(v.home),
                            page: self.link(i),
                            groups: resource_groups(&doc.meta.groups),
                        }),
                        _ => None,
                    })
            })
            .collect();
        let mut ctx = self.page_ctx(
            "Ressources pour passer à l'action",
            RESOURCES_PATH,
            "all_resources",
            vec![self.home_link()],
        );
        ctx.description = Some(
            "Guides, études et acteurs clés rassemblés par les panoramas de la collection.".into(),
        );
        self.templates.render(
            "all_resources.html",
            &self.site_ctx,
            &ctx,
            &AllResourcesData { volumes },
        )
    }

    fn data_page(&self, datasets: Vec<data::Dataset>) -> Result<String, Diagnostic> {
        let mut ctx = self.page_ctx(
            "Données ouvertes",
            data::DATA_PATH,
            "data",
            vec![self.home_link()],
        );
        ctx.description = Some(
            "Les études de cas, les PTCE, le glossaire et les ressources de la collection en JSON et CSV, avec leur schéma."
                .into(),
        );
        let data = DataPageData {
            datasets,
            feed_url: self.site.base.url("atom.xml"),
        };
        self.templates
            .render("data.html", &self.site_ctx, &ctx, &data)
    }

    fn sitemap_page(&self) -> Result<String, Diagnostic> {
        let b = &self.site.base;
        let link = |title: &str, path: &str| Link {
            title: title.into(),
            url: b.url(path),
        };
        let mut sections = vec![SitemapSection {
            title: "La collection".into(),
            links: vec![
                link("Accueil", ""),
                link("Glossaire", GLOSSARY_PATH),
                link("Les PTCE des Hauts-de-France", PTCE_PATH),
                link("Ressources pour passer à l'action", RESOURCES_PATH),
                link("Données ouvertes", data::DATA_PATH),
                link("Accessibilité", ACCESSIBILITY_PATH),
            ],
        }];
        for v in &self.site.volumes {
            let mut links = vec![self.link(v.home)];
            links.extend(v.order.iter().map(|&i| self.link(i)));
            sections.push(SitemapSection {
                title: self.site.pages[v.home].title.clone(),
                links,
            });
        }
        sections.push(SitemapSection {
            title: "Glossaire".into(),
            links: self.site.terms.iter().map(|t| self.link(t.page)).collect(),
        });
        let mut ctx = self.page_ctx(
            "Plan du site",
            SITEMAP_PATH,
            "sitemap",
            vec![self.home_link()],
        );
        ctx.description = Some("Toutes les pages de la collection.".into());
        self.templates.render(
            "sitemap.html",
            &self.site_ctx,
            &ctx,
            &SitemapData { sections },
        )
    }

    fn accessibility(&self) -> Result<String, Diagnostic> {
        let a = &self.site.meta.accessibility;
        let mut ctx = self.page_ctx(
            "Accessibilité",
            ACCESSIBILITY_PATH,
            "accessibility",
            vec![self.home_link()],
        );
        ctx.description = Some(format!(
            "Déclaration d'accessibilité : site {}.",
            a.status.label()
        ));
        let data = AccessibilityData {
            status: a.status.label(),
            audit_date: a.audit_date.as_deref().map(french_date),
            rate: a.rate.clone(),
            contact_email: a.contact_email.clone(),
            contact_other: a.contact_other.clone(),
            publisher: self.site.meta.publisher.clone(),
        };
        self.templates
            .render("accessibility.html", &self.site_ctx, &ctx, &data)
    }

    fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.page_ctx(
            "Page introuvable",
            "404.html",
            "not_found",
            vec![self.home_link()],
        );
        ctx.canonical = String::new();
        self.templates
            .render("404.html", &self.site_ctx, &ctx, &Empty {})
    }
}

fn resource_groups(groups: &[crate::model::ResourceGroup]) -> Vec<ResourceGroupCtx> {
    groups
        .iter()
        .map(|g| ResourceGroupCtx {
            title: g.title.clone(),
            id: slugify(&g.title),
            resources: g.resources.clone(),
        })
        .collect()
}

fn kind_name(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home(_) => "home",
        PageKind::Volume(_) => "volume",
        PageKind::Chapter(_) => "chapter",
        PageKind::CaseStudy(_) => "case_study",
        PageKind::Resources(_) => "resources",
        PageKind::Term(_) => "term",
    }
}

/// Every page of the site: its own pages, then the generated ones.
fn sitemap(site: &Site) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let generated = [
        GLOSSARY_PATH,
        PTCE_PATH,
        RESOURCES_PATH,
        data::DATA_PATH,
        SITEMAP_PATH,
        ACCESSIBILITY_PATH,
    ];
    let dirs = site.pages.iter().map(|p| p.path.as_str()).chain(generated);
    for dir in dirs {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            markdown::escape(&site.base.absolute(dir))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

fn robots(site: &Site) -> String {
    // The Sitemap line must be an absolute URL: only when base_url has a host.
    if site.base.origin.is_empty() {
        "User-agent: *\nAllow: /\n".to_string()
    } else {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.base.absolute("sitemap.xml")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates() {
        assert_eq!(french_date("2025-07"), "juillet 2025");
        assert_eq!(french_date("2025-07-01"), "1er juillet 2025");
        assert_eq!(french_date("2025-13"), "2025-13");
    }

    #[test]
    fn excerpts_cut_on_words() {
        let long = "mot ".repeat(100);
        let e = excerpt(&long).unwrap();
        assert!(e.ends_with('…') && e.chars().count() <= 160);
        assert_eq!(excerpt("  "), None);
    }
}
