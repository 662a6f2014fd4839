//! Stage 2: the whole collection at once. Slugs and URLs, ordering and
//! navigation inside volumes, the table of every link target (pages and
//! their anchors), the glossary and PTCE matchers.

pub(crate) mod anchors;
pub mod matcher;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{Content, Document, SourceFile};
use crate::model::{
    CaseStudyMeta, ChapterMeta, Departement, HomeMeta, PanoramaStatus, PtceMeta, PtceRegisterMeta,
    ResourcesMeta, SiteMeta, TermMeta, VolumeMeta, VolumeStatus,
};
use crate::paths::{GLOSSARY_PATH, RESERVED_DIRS};
use crate::slug::slugify;
use anchors::page_anchors;
use matcher::{Matcher, Target};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

/// Options of a build that change what is resolved.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub drafts: bool,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
}

/// Where the site lives once published.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    /// `https://example.org` or empty when base_url is a bare path.
    pub origin: String,
    /// Always starts and ends with `/`: `/` or `/panoramas/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (origin, path) = if let Some(rest) = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
        {
            let scheme_len = raw.len() - rest.len();
            let slash = rest.find('/').unwrap_or(rest.len());
            if slash == 0 {
                return Err(format!("`{raw}` has no host name"));
            }
            (
                raw[..scheme_len + slash].to_string(),
                rest[slash..].to_string(),
            )
        } else if raw.starts_with('/') || raw.is_empty() {
            (String::new(), raw.to_string())
        } else {
            return Err(format!(
                "`{raw}` is neither an absolute URL (https://…) nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{raw}` must not contain a query, a fragment or spaces"
            ));
        }
        let mut path = path;
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// Site-absolute URL of a page path (`glossaire/ess/` → `/panoramas/glossaire/ess/`).
    pub fn url(&self, page_path: &str) -> String {
        format!("{}{}", self.path, page_path)
    }

    /// Full URL, for sitemaps and canonical links.
    pub fn absolute(&self, page_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, page_path)
    }
}

/// A page kind with its source document.
#[derive(Debug, Clone)]
pub enum PageKind {
    Home(Document<HomeMeta>),
    Volume(Document<VolumeMeta>),
    Chapter(Document<ChapterMeta>),
    CaseStudy(Document<CaseStudyMeta>),
    Resources(Document<ResourcesMeta>),
    Term(Document<TermMeta>),
}

/// A page with a Markdown source, its place and its URL.
#[derive(Debug, Clone)]
pub struct Page {
    pub kind: PageKind,
    /// Output path without base: `economie-locale-et-solidaire/contexte-national/`.
    pub path: String,
    pub title: String,
    /// Index into `Site::volumes` for pages of a volume.
    pub volume: Option<usize>,
    /// Position in the volume's reading order, for previous/next.
    pub position: Option<usize>,
    /// Glossary links wanted on this page.
    pub glossary: bool,
}

impl Page {
    pub fn source(&self) -> &SourceFile {
        match &self.kind {
            PageKind::Home(d) => &d.source,
            PageKind::Volume(d) => &d.source,
            PageKind::Chapter(d) => &d.source,
            PageKind::CaseStudy(d) => &d.source,
            PageKind::Resources(d) => &d.source,
            PageKind::Term(d) => &d.source,
        }
    }

    pub fn source_mut(&mut self) -> &mut SourceFile {
        match &mut self.kind {
            PageKind::Home(d) => &mut d.source,
            PageKind::Volume(d) => &mut d.source,
            PageKind::Chapter(d) => &mut d.source,
            PageKind::CaseStudy(d) => &mut d.source,
            PageKind::Resources(d) => &mut d.source,
            PageKind::Term(d) => &mut d.source,
        }
    }

    pub fn body(&self) -> (&str, usize) {
        match &self.kind {
            PageKind::Home(d) => (d.body(), d.body_start),
            PageKind::Volume(d) => (d.body(), d.body_start),
            PageKind::Chapter(d) => (d.body(), d.body_start),
            PageKind::CaseStudy(d) => (d.body(), d.body_start),
            PageKind::Resources(d) => (d.body(), d.body_start),
            PageKind::Term(d) => (d.body(), d.body_start),
        }
    }
}

/// A volume: its home page and its reading order.
#[derive(Debug, Clone)]
pub struct Volume {
    pub dir: String,
    pub slug: String,
    pub home: usize,
    /// Pages in reading order (chapters, case studies, resources).
    pub order: Vec<usize>,
}

/// A glossary term as the matcher and templates see it.
#[derive(Debug, Clone)]
pub struct Term {
    pub page: usize,
    pub slug: String,
    pub term: String,
    pub abbreviation: Option<String>,
}

/// A PTCE of the register.
#[derive(Debug, Clone)]
pub struct Ptce {
    pub meta: PtceMeta,
    pub slug: String,
    /// Line of ptce.yaml where the summary's text starts, for diagnostics.
    pub summary_line: usize,
}

/// The resolved collection.
#[derive(Debug, Clone)]
pub struct Site {
    pub meta: SiteMeta,
    pub base: BaseUrl,
    pub pages: Vec<Page>,
    pub volumes: Vec<Volume>,
    pub terms: Vec<Term>,
    pub ptce: Vec<Ptce>,
    pub ptce_register: Option<PtceRegisterMeta>,
    pub ptce_source: Option<PathBuf>,
    pub matcher: Matcher,
    /// `@/` link targets: source path → (page path, anchors).
    pub links: HashMap<String, LinkTarget>,
    /// Markdown files that exist but did not load (their errors are reported).
    pub broken_paths: BTreeSet<String>,
    pub assets: Vec<(String, PathBuf)>,
}

#[derive(Debug, Clone)]
pub struct LinkTarget {
    pub path: String,
    pub anchors: BTreeSet<String>,
}

pub fn resolve(content: Content, options: &Options) -> (Option<Site>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let Some((site_source, meta)) = content.site else {
        return (None, diags);
    };
    let raw_base = options
        .base_url
        .clone()
        .unwrap_or_else(|| meta.base_url.clone());
    let base = match BaseUrl::parse(&raw_base) {
        Ok(b) => b,
        Err(e) => {
            let line = line_of_key(&site_source.text, "base_url");
            let from_cli = options.base_url.is_some();
            let (path, what) = if from_cli {
                (PathBuf::from("--base-url"), "invalid --base-url")
            } else {
                (site_source.display.clone(), "invalid base_url")
            };
            let mut d = Diagnostic::new(path, format!("{what}: {e}")).hint(
                "write e.g. `https://example.gouv.fr/panoramas/`, or `/` for the root of a host",
            );
            if options.base_url.is_none()
                && let Some(line) = line
            {
                d = d.at(line, None).with_source(&site_source.text);
            }
            diags.push(d);
            BaseUrl::parse("/").expect("`/` is a valid base")
        }
    };

    let mut pages: Vec<Page> = Vec::new();
    let mut volumes = Vec::new();
    let mut broken_paths = content.known_paths.clone();

    match content.home {
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
        None if !content.known_paths.contains("index.md") => diags.push(
            Diagnostic::new(PathBuf::from("content/index.md"), "the collection home page is missing")
                .hint("create content/index.md with a front matter holding `title:` and the home page text"),
        ),
        None => {}
    }

    for vol in content.volumes {
        resolve_volume(
            vol,
            &content.known_paths,
            options,
            &mut pages,
            &mut volumes,
            &mut diags,
        );
    }

    let mut terms = Vec::new();
    for doc in content.glossary {
        if doc.meta.draft && !options.drafts {
            continue;
        }
        let slug = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
        check_slug(&slug, &doc.source, &mut diags);
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

    let (ptce, ptce_register, ptce_source) = match content.ptce {
        Some((source, file)) => {
            let mut list = Vec::new();
            let mut seen = HashMap::new();
            for p in file.ptce {
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
                        .hint("give one of them its own `slug:`"),
                    );
                }
                let summary_line = summary_line(&source.text, &p);
                list.push(Ptce {
                    meta: p,
                    slug,
                    summary_line,
                });
            }
            (list, Some(file.register), Some(source.display))
        }
        None => (Vec::new(), None, None),
    };

    // Every URL is taken once: content pages and generated ones.
    let mut taken: HashMap<String, PathBuf> = HashMap::new();
    for reserved in RESERVED_DIRS {
        taken.insert(reserved.to_string(), PathBuf::from("(generated page)"));
    }
    for page in &pages {
        let display = page.source().display.clone();
        if let Some(other) = taken.insert(page.path.clone(), display.clone()) {
            diags.push(
                Diagnostic::new(
                    display,
                    format!(
                        "this page would be published at `/{}`, which {} already uses",
                        page.path,
                        other.display()
                    ),
                )
                .hint("rename one of the files, or set a different `slug:` in its front matter"),
            );
        }
    }

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

    // Case studies must name a PTCE that exists (unless the register
    // itself failed to load: its error is reported already).
    let ptce_slugs: BTreeSet<&str> = ptce.iter().map(|p| p.slug.as_str()).collect();
    let register_broken = ptce_source.is_none()
        && content
            .known_paths
            .iter()
            .any(|p| p == "ptce.yaml" || p == "ptce.yml");
    for page in pages.iter().filter(|_| !register_broken) {
        if let PageKind::CaseStudy(doc) = &page.kind
            && let Some(slug) = &doc.meta.ptce
            && !ptce_slugs.contains(slug.as_str())
        {
            let line = line_of_key(&doc.source.text, "ptce");
            let mut d =
                Diagnostic::new(doc.source.display.clone(), format!("unknown PTCE `{slug}`"));
            if let Some(line) = line {
                d = d.at(line, None).with_source(&doc.source.text);
            }
            let hint = match crate::diagnostic::closest(slug, ptce_slugs.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? The slugs are those of content/ptce.yaml"),
                None => "use the slug of a PTCE listed in content/ptce.yaml".into(),
            };
            diags.push(d.hint(hint));
        }
    }

    // See-also references between terms.
    let term_slugs: BTreeSet<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
    for page in &pages {
        if let PageKind::Term(doc) = &page.kind {
            for s in &doc.meta.see_also {
                let broken = content.known_paths.contains(&format!("glossaire/{s}.md"));
                if !term_slugs.contains(s.as_str()) && !broken {
                    let line = find_line(&doc.source.text, s);
                    let mut d = Diagnostic::new(
                        doc.source.display.clone(),
                        format!("`see_also` names `{s}`, which is not a glossary term"),
                    );
                    if let Some(line) = line {
                        d = d.at(line, None).with_source(&doc.source.text);
                    }
                    let hint = match crate::diagnostic::closest(s, term_slugs.iter().copied()) {
                        Some(t) => format!("did you mean `{t}`?"),
                        None => {
                            "use the file name (without .md) of a term of content/glossaire/".into()
                        }
                    };
                    diags.push(d.hint(hint));
                }
            }
        }
    }

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
    let matcher = Matcher::new(forms);

    // Panoramas announced in site.yaml must point at a loaded volume.
    for p in &meta.panoramas {
        let index_broken = p.volume.as_ref().is_some_and(|v| {
            content.known_paths.contains(&format!("{v}/index.md"))
                && !volumes.iter().any(|vol: &Volume| &vol.dir == v)
        });
        if p.status == PanoramaStatus::Published && !index_broken {
            let found = p
                .volume
                .as_ref()
                .is_some_and(|v| volumes.iter().any(|vol: &Volume| &vol.dir == v));
            if !found {
                let line = find_line(&site_source.text, &p.title);
                let mut d = Diagnostic::new(
                    site_source.display.clone(),
                    format!(
                        "the panorama « {} » is published but `volume:` does not name a volume folder of content/",
                        p.title
                    ),
                );
                if let Some(line) = line {
                    d = d.at(line, None).with_source(&site_source.text);
                }
                let known: Vec<&str> = volumes.iter().map(|v| v.dir.as_str()).collect();
                diags.push(d.hint(format!("set `volume:` to one of: {}", known.join(", "))));
            }
        }
    }

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
        assets: content.assets,
    };
    (Some(site), diags)
}

fn resolve_volume(
    vol: crate::load::VolumeSource,
    known: &BTreeSet<String>,
    options: &Options,
    pages: &mut Vec<Page>,
    volumes: &mut Vec<Volume>,
    diags: &mut Diagnostics,
) {
    let Some(index) = vol.index else {
        if known.contains(&format!("{}/index.md", vol.dir)) {
            // index.md exists and its own error is already reported.
            return;
        }
        let any = vol
            .chapters
            .first()
            .map(|d| d.source.display.clone())
            .or_else(|| vol.cases.first().map(|d| d.source.display.clone()))
            .or_else(|| vol.resources.as_ref().map(|d| d.source.display.clone()));
        if let Some(path) = any {
            let folder = path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            diags.push(
                Diagnostic::new(PathBuf::from(format!("{folder}/index.md")), "this volume folder has no index.md")
                    .hint("create index.md with the volume's front matter (number, title…), or it cannot be published"),
            );
        }
        return;
    };
    if index.meta.status == VolumeStatus::Draft && !options.drafts {
        return;
    }
    let slug = index.meta.slug.clone().unwrap_or_else(|| vol.dir.clone());
    check_slug(&slug, &index.source, diags);
    let vol_idx = volumes.len();
    let home = pages.len();
    let glossary = index.meta.glossary;
    pages.push(Page {
        title: index.meta.title.clone(),
        path: format!("{slug}/"),
        kind: PageKind::Volume(index),
        volume: Some(vol_idx),
        position: None,
        glossary,
    });

    // Reading order: chapters by prefix, the case-study block where its
    // folder prefix puts it (after the chapters without one), resources last.
    enum Item {
        Chapter(Box<Document<ChapterMeta>>),
        Cases,
    }
    let mut items: Vec<(u32, u32, String, Item)> = Vec::new();
    for c in vol.chapters {
        if c.meta.draft && !options.drafts {
            continue;
        }
        let key = c.order.unwrap_or(u32::MAX - 1);
        items.push((key, 0, c.stem.clone(), Item::Chapter(Box::new(c))));
    }
    items.push((
        vol.cases_order.unwrap_or(u32::MAX),
        1,
        String::new(),
        Item::Cases,
    ));
    items.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));

    let mut cases = vol.cases;
    cases.retain(|c| !c.meta.draft || options.drafts);
    cases.sort_by(|a, b| (a.order, a.meta.number, &a.stem).cmp(&(b.order, b.meta.number, &b.stem)));

    let mut order = Vec::new();
    let mut numbers: HashMap<u32, PathBuf> = HashMap::new();
    for (_, _, _, item) in items {
        match item {
            Item::Chapter(doc) => {
                let slug_c = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
                check_slug(&slug_c, &doc.source, diags);
                order.push(pages.len());
                let glossary = doc.meta.glossary;
                pages.push(Page {
                    title: doc.meta.title.clone(),
                    path: format!("{slug}/{slug_c}/"),
                    kind: PageKind::Chapter(*doc),
                    volume: Some(vol_idx),
                    position: Some(order.len() - 1),
                    glossary,
                });
            }
            Item::Cases => {
                for doc in std::mem::take(&mut cases) {
                    if let Some(other) = numbers.insert(doc.meta.number, doc.source.display.clone())
                    {
                        let line = line_of_key(&doc.source.text, "number");
                        let mut d = Diagnostic::new(
                            doc.source.display.clone(),
                            format!(
                                "case study number {} is already used by {}",
                                doc.meta.number,
                                other.display()
                            ),
                        );
                        if let Some(line) = line {
                            d = d.at(line, None).with_source(&doc.source.text);
                        }
                        diags.push(
                            d.hint("give each « coup de projecteur » of the volume its own number"),
                        );
                    }
                    let slug_c = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
                    check_slug(&slug_c, &doc.source, diags);
                    order.push(pages.len());
                    let glossary = doc.meta.glossary;
                    pages.push(Page {
                        title: doc.meta.title.clone(),
                        path: format!("{slug}/{slug_c}/"),
                        kind: PageKind::CaseStudy(doc),
                        volume: Some(vol_idx),
                        position: Some(order.len() - 1),
                        glossary,
                    });
                }
            }
        }
    }
    if let Some(doc) = vol.resources {
        order.push(pages.len());
        let glossary = doc.meta.glossary;
        pages.push(Page {
            title: doc.meta.title.clone(),
            path: format!("{slug}/lancez-vous/"),
            kind: PageKind::Resources(doc),
            volume: Some(vol_idx),
            position: Some(order.len() - 1),
            glossary,
        });
    }
    volumes.push(Volume {
        dir: vol.dir,
        slug,
        home,
        order,
    });
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
        diags.push(d.hint(hint));
    }
}

/// Line of `key:` in the front matter of a file, for diagnostics about a value.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Where a PTCE's summary text starts in ptce.yaml (1 when not found).
fn summary_line(file: &str, p: &PtceMeta) -> usize {
    let Some(summary) = &p.summary else { return 1 };
    let first = summary
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let from = find_line(file, &p.name).unwrap_or(1);
    file.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| !first.is_empty() && l.contains(first))
        .map_or(from, |(i, _)| i + 1)
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Alphabetical order as a French reader expects it (accents ignored).
pub fn fold_sort_key(s: &str) -> String {
    slugify(s)
}

/// The PTCE of the register grouped by département, in the départements' order.
pub fn ptce_by_departement(site: &Site) -> BTreeMap<Departement, Vec<usize>> {
    let mut map: BTreeMap<Departement, Vec<usize>> =
        Departement::ALL.iter().map(|d| (*d, Vec::new())).collect();
    for (i, p) in site.ptce.iter().enumerate() {
        map.entry(p.meta.departement).or_default().push(i);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms() {
        let b = BaseUrl::parse("https://example.org/panoramas").unwrap();
        assert_eq!(b.origin, "https://example.org");
        assert_eq!(b.url("ptce/"), "/panoramas/ptce/");
        assert_eq!(b.absolute(""), "https://example.org/panoramas/");
        assert_eq!(BaseUrl::parse("/").unwrap().url(""), "/");
        assert_eq!(
            BaseUrl::parse("https://example.org").unwrap().url("a/"),
            "/a/"
        );
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn finds_key_lines() {
        let text = "---\ntitle: a\nptce: x\n---\n";
        assert_eq!(line_of_key(text, "ptce"), Some(3));
        assert_eq!(line_of_key(text, "slug"), None);
    }
}
