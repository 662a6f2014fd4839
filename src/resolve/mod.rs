//! Stage 2: the whole collection at once. Slugs and URLs, ordering and
//! navigation inside volumes, the table of every link target (pages and
//! their anchors), the glossary and PTCE matchers.

pub(crate) mod anchors;
mod base_url;
mod checks;
pub(crate) mod free_pages;
mod lines;
pub(crate) mod matcher;
mod media_refs;
mod site;
mod site_meta;
mod suggest;
mod volumes;

pub(crate) use base_url::BaseUrl;
pub(crate) use lines::EmbeddedLines;
pub(crate) use lines::line_of_key;
use lines::summary_lines;
pub(crate) use site::{LinkTarget, Page, PageKind, Ptce, Site, Term, Volume};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::{Content, Document, SourceFile};
use crate::model::{Departement, HomeMeta, PtceMeta, SiteMeta, TermMeta};
use crate::paths::{GLOSSARY_PATH, RESERVED_DIRS};
use crate::slug::slugify;
use anchors::page_anchors;
use matcher::{Matcher, Target};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use volumes::resolve_volume;

/// Options of a build that change what is resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    pub(crate) drafts: bool,
    /// Overrides `base_url` of `site.yaml`.
    pub(crate) base_url: Option<String>,
    /// Replaces the scheme and host of the base URL (`serve`'s own).
    pub(crate) origin: Option<String>,
}

/// Resolves the loaded collection: pages and their URLs, volumes in
/// reading order, the glossary and the PTCE register, the link table with
/// every page's anchors, then the cross-references between them. `None`
/// only when `site.yaml` did not load.
pub(crate) fn resolve(content: Content, options: &Options) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let Some((site_source, meta)) = content.site else {
        return (None, diags);
    };
    let base = base_url(&site_source, &meta, options, &mut diags);
    site_meta::check(&site_source, &meta, &mut diags);
    let known = &content.known_paths;
    let (pages, volumes, terms, drafts) = all_pages(
        content.home,
        content.volumes,
        content.glossary,
        content.pages,
        known,
        options,
        &mut diags,
    );
    free_pages::check_dates(&pages, &mut diags);
    let (ptce, ptce_register, ptce_source) = match content.ptce {
        Some((source, file)) => {
            let list = ptce_register(&source, file.ptce, &mut diags);
            (list, Some(file.register), Some(source.display))
        }
        None => (Vec::new(), None, None),
    };
    check_unique_paths(&pages, &mut diags);
    let mut broken_paths = known.clone();
    let links = link_table(&pages, &mut broken_paths);
    for rel in &drafts.paths {
        broken_paths.remove(rel);
    }

    // Case studies must name a PTCE that exists (unless the register
    // itself failed to load: its error is reported already).
    let register_broken =
        ptce_source.is_none() && known.iter().any(|p| p == "ptce.yaml" || p == "ptce.yml");
    if !register_broken {
        checks::ptce_references(&pages, &ptce, &mut diags);
    }
    checks::see_also(&pages, &terms, known, &drafts.paths, &mut diags);
    checks::panoramas(
        &meta,
        &site_source,
        &volumes,
        &drafts.volumes,
        known,
        &mut diags,
    );
    let media = crate::media::Media::process(&content.root, &content.assets);
    media_refs::check((&site_source, &meta), &pages, &media, &mut diags);
    let matcher = matcher(&pages, &terms, &ptce);
    let page_suggestions = suggest::PageSuggestions::new(&links);

    let site = Site {
        meta,
        base,
        pages,
        volumes,
        terms,
        ptce,
        ptce_register,
        ptce_source,
        matcher,
        links,
        broken_paths,
        media,
        assets: content.assets,
        page_suggestions,
        drafts: drafts.paths,
    };
    (Some(site), diags)
}

/// Every page of the site, each with its URL: the home page, each volume's
/// pages in reading order, the glossary terms, the free pages; and the
/// drafts left out.
fn all_pages(
    home: Option<Document<HomeMeta>>,
    volume_sources: Vec<crate::load::VolumeSource>,
    glossary: Vec<Document<TermMeta>>,
    free: Vec<Document<crate::model::FreePageMeta>>,
    known: &BTreeSet<String>,
    options: &Options,
    diags: &mut Diagnostics,
) -> (Vec<Page>, Vec<Volume>, Vec<Term>, Drafts) {
    let mut pages: Vec<Page> = Vec::new();
    let mut volumes = Vec::new();
    // Source paths of the pages a build leaves out as drafts: a link to
    // one of them is an error of its own (E061), not a missing page.
    let mut drafts = Drafts::default();
    home_page(home, known, &mut pages, diags);
    for vol in volume_sources {
        resolve_volume(
            vol,
            known,
            options,
            &mut pages,
            &mut volumes,
            &mut drafts,
            diags,
        );
    }
    let terms = glossary_pages(glossary, options, &mut pages, &mut drafts, diags);
    free_pages::free_pages(free, options, &mut pages, &mut drafts, diags);
    (pages, volumes, terms, drafts)
}

/// `base_url` of site.yaml, or `--base-url`; `/` when it is invalid (the
/// error is reported).
fn base_url(
    site_source: &SourceFile,
    meta: &SiteMeta,
    options: &Options,
    diags: &mut Diagnostics,
) -> BaseUrl {
    let raw_base = options
        .base_url
        .clone()
        .unwrap_or_else(|| meta.base_url.clone());
    match BaseUrl::parse(&raw_base) {
        Ok(b) => match &options.origin {
            Some(origin) => BaseUrl {
                origin: origin.clone(),
                path: b.path,
            },
            None => b,
        },
        Err(e) => {
            let line = line_of_key(&site_source.text, "base_url");
            let from_cli = options.base_url.is_some();
            let (path, what) = if from_cli {
                (PathBuf::from("--base-url"), "invalid --base-url")
            } else {
                (site_source.display.clone(), "invalid base_url")
            };
            let mut d = Diagnostic::new(path, format!("{what}: {e}"))
                .code(Code::InvalidBaseUrl)
                .hint(
                "write e.g. `https://example.gouv.fr/panoramas/`, or `/` for the root of a host",
            );
            if options.base_url.is_none()
                && let Some(line) = line
            {
                d = d.at(line, None).with_source(&site_source.text);
            }
            diags.push(d);
            BaseUrl {
                origin: String::new(),
                path: "/".into(),
            }
        }
    }
}

fn home_page(
    home: Option<Document<HomeMeta>>,
    known: &BTreeSet<String>,
    pages: &mut Vec<Page>,
    diags: &mut Diagnostics,
) {
    match home {
        Some(doc) => {
            let glossary = doc.meta.glossary;
            pages.push(Page {
                title: doc.meta.title.clone(),
                kind: PageKind::Home(doc),
                path: String::new(),
                volume: None,
                position: None,
                glossary,
            });
        }
        None if !known.contains("index.md") => diags.push(
            Diagnostic::new(PathBuf::from("content/index.md"), "the collection home page is missing")
                .code(Code::MissingHome)
                .hint("create content/index.md with a front matter holding `title:` and the home page text"),
        ),
        None => {}
    }
}

/// One page per glossary term; the terms in alphabetical order.
fn glossary_pages(
    glossary: Vec<Document<TermMeta>>,
    options: &Options,
    pages: &mut Vec<Page>,
    drafts: &mut Drafts,
    diags: &mut Diagnostics,
) -> Vec<Term> {
    let mut terms = Vec::new();
    for doc in glossary {
        if doc.meta.draft && !options.drafts {
            drafts.paths.insert(doc.source.rel.clone());
            continue;
        }
        let slug = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
        check_slug(&slug, &doc.source, diags);
        terms.push(Term {
            page: pages.len(),
            slug: slug.clone(),
            term: doc.meta.term.clone(),
            abbreviation: doc.meta.abbreviation.clone(),
        });
        pages.push(Page {
            title: doc.meta.term.clone(),
            path: format!("{GLOSSARY_PATH}{slug}/"),
            kind: PageKind::Term(doc),
            volume: None,
            position: None,
            glossary: true,
        });
    }
    terms.sort_by_key(|t| fold_sort_key(&t.term));
    terms
}

/// The PTCE of ptce.yaml with their slugs, each slug once.
fn ptce_register(source: &SourceFile, list: Vec<PtceMeta>, diags: &mut Diagnostics) -> Vec<Ptce> {
    let mut out = Vec::new();
    let mut seen = HashMap::new();
    for p in list {
        let slug = p.slug.clone().unwrap_or_else(|| slugify(&p.name));
        if let Some(first) = seen.insert(slug.clone(), p.name.clone()) {
            diags.push(
                Diagnostic::new(
                    source.display.clone(),
                    format!(
                        "two PTCE have the slug `{slug}`: « {first} » and « {} »",
                        p.name
                    ),
                )
                .hint("give one of them its own `slug:`")
                .code(Code::DuplicatePtce),
            );
        }
        let summary_lines = summary_lines(&source.text, &p);
        out.push(Ptce {
            meta: p,
            slug,
            summary_lines,
        });
    }
    out
}

/// Every URL is taken once: content pages and generated ones.
fn check_unique_paths(pages: &[Page], diags: &mut Diagnostics) {
    let mut taken: HashMap<String, Option<PathBuf>> = HashMap::new();
    for reserved in RESERVED_DIRS {
        taken.insert(reserved.to_string(), None);
    }
    for page in pages {
        let source = page.source();
        let display = source.display.clone();
        if let Some(other) = taken.insert(page.path.clone(), Some(display.clone())) {
            let by = match other {
                Some(other) => format!("which {} already uses", other.display()),
                None => "which panorama keeps for a page it generates".to_string(),
            };
            let mut d = Diagnostic::new(
                display,
                format!("this page would be published at `/{}`, {by}", page.path),
            )
            .hint("rename one of the files, or set a different `slug:` in its front matter")
            .code(Code::PathTaken);
            // The `slug:` that chose the address, when there is one.
            if let Some(line) = line_of_key(source.text.split("\n---").next().unwrap_or(""), "slug")
            {
                d = d.at(line, None).with_source(&source.text);
            }
            diags.push(d);
        }
    }
}

/// `@/` link targets: source path → page path and anchors. The paths that
/// resolve are taken out of `broken_paths`.
fn link_table(pages: &[Page], broken_paths: &mut BTreeSet<String>) -> HashMap<String, LinkTarget> {
    // One Markdown parse per page gives its anchors (headings and notes).
    let anchor_sets: Vec<BTreeSet<String>> =
        pages.par_iter().map(|p| page_anchors(p.body().0)).collect();
    let mut links = HashMap::new();
    for (page, anchors) in pages.iter().zip(anchor_sets) {
        let source = page.source();
        broken_paths.remove(&source.rel);
        links.insert(
            source.rel.clone(),
            LinkTarget {
                path: page.path.clone(),
                anchors,
            },
        );
    }
    links
}

/// The glossary terms (with abbreviations and aliases) and the PTCE (with
/// aliases), found in body text.
fn matcher(pages: &[Page], terms: &[Term], ptce: &[Ptce]) -> Matcher {
    let mut forms = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        forms.push((t.term.clone(), Target::Term(i)));
        if let Some(a) = &t.abbreviation {
            forms.push((a.clone(), Target::Term(i)));
        }
        if let PageKind::Term(doc) = &pages[t.page].kind {
            for a in &doc.meta.aliases {
                forms.push((a.clone(), Target::Term(i)));
            }
        }
    }
    for (i, p) in ptce.iter().enumerate() {
        forms.push((p.meta.name.clone(), Target::Ptce(i)));
        for a in &p.meta.aliases {
            forms.push((a.clone(), Target::Ptce(i)));
        }
    }
    Matcher::new(forms)
}

/// What a build leaves out as drafts.
#[derive(Default)]
struct Drafts {
    /// Source paths (from content/) of every page left out.
    paths: BTreeSet<String>,
    /// The volumes left out because their index.md does not say they are
    /// published (draft or forthcoming), by folder.
    volumes: BTreeMap<String, checks::Unpublished>,
}

impl Drafts {
    /// Every file of a volume left out.
    fn volume(&mut self, vol: &crate::load::VolumeSource) {
        let files = vol.index.iter().map(|d| &d.source.rel);
        let files = files
            .chain(vol.chapters.iter().map(|d| &d.source.rel))
            .chain(vol.cases.iter().map(|d| &d.source.rel))
            .chain(vol.resources.iter().map(|d| &d.source.rel));
        self.paths.extend(files.cloned());
    }
}

fn check_slug(slug: &str, source: &SourceFile, diags: &mut Diagnostics) {
    if slug.is_empty() || slugify(slug) != slug {
        let suggestion = slugify(slug);
        let line = line_of_key(&source.text, "slug");
        let mut d = Diagnostic::new(
            source.display.clone(),
            format!(
                "`{slug}` cannot be used in a URL: slugs are lower-case ASCII letters, digits and hyphens"
            ),
        );
        if let Some(line) = line {
            d = d.at(line, None).with_source(&source.text);
        }
        let hint = if suggestion.is_empty() {
            "rename the file or set `slug:` to e.g. `mon-chapitre`".to_string()
        } else {
            format!("rename the file or set `slug: {suggestion}`")
        };
        diags.push(d.hint(hint).code(Code::InvalidSlug));
    }
}

/// Alphabetical order as a French reader expects it (accents ignored).
pub(crate) fn fold_sort_key(s: &str) -> String {
    slugify(s)
}

/// The PTCE of the register grouped by département, in the départements' order.
pub(crate) fn ptce_by_departement(site: &Site) -> BTreeMap<Departement, Vec<usize>> {
    let mut map: BTreeMap<Departement, Vec<usize>> =
        Departement::ALL.iter().map(|d| (*d, Vec::new())).collect();
    for (i, p) in site.ptce.iter().enumerate() {
        map.entry(p.meta.departement).or_default().push(i);
    }
    map
}
