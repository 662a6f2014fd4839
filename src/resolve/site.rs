//! The resolved collection: every page with its kind, path and place in
//! its volume, the glossary terms, the PTCE and the link table.

use super::BaseUrl;
use super::lines::EmbeddedLines;
use super::matcher::Matcher;
use super::suggest::PageSuggestions;
use crate::load::{Document, SourceFile};
use crate::model::{
    CaseStudyMeta, ChapterMeta, FreePageMeta, HomeMeta, PtceMeta, PtceRegisterMeta, ResourcesMeta,
    SiteMeta, TermMeta, VolumeMeta,
};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// A page kind with its source document.
#[derive(Debug, Clone)]
pub(crate) enum PageKind {
    Home(Document<HomeMeta>),
    Volume(Document<VolumeMeta>),
    Chapter(Document<ChapterMeta>),
    CaseStudy(Document<CaseStudyMeta>),
    Resources(Document<ResourcesMeta>),
    Term(Document<TermMeta>),
    /// `pages/<slug>.md`, published at `/<slug>/`.
    Free(Document<FreePageMeta>),
}

/// A page with a Markdown source, its place and its URL.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) kind: PageKind,
    /// Output path without base: `economie-locale-et-solidaire/contexte-national/`.
    pub(crate) path: String,
    pub(crate) title: String,
    /// Index into `Site::volumes` for pages of a volume.
    pub(crate) volume: Option<usize>,
    /// Position in the volume's reading order, for previous/next.
    pub(crate) position: Option<usize>,
    /// Glossary links wanted on this page.
    pub(crate) glossary: bool,
}

impl Page {
    pub(crate) fn source(&self) -> &SourceFile {
        match &self.kind {
            PageKind::Home(d) => &d.source,
            PageKind::Volume(d) => &d.source,
            PageKind::Chapter(d) => &d.source,
            PageKind::CaseStudy(d) => &d.source,
            PageKind::Resources(d) => &d.source,
            PageKind::Term(d) => &d.source,
            PageKind::Free(d) => &d.source,
        }
    }

    pub(crate) fn source_mut(&mut self) -> &mut SourceFile {
        match &mut self.kind {
            PageKind::Home(d) => &mut d.source,
            PageKind::Volume(d) => &mut d.source,
            PageKind::Chapter(d) => &mut d.source,
            PageKind::CaseStudy(d) => &mut d.source,
            PageKind::Resources(d) => &mut d.source,
            PageKind::Term(d) => &mut d.source,
            PageKind::Free(d) => &mut d.source,
        }
    }

    /// The `updated` date of the front matter (`YYYY-MM-DD`), if any.
    pub(crate) fn updated(&self) -> Option<&str> {
        match &self.kind {
            PageKind::Home(_) | PageKind::Resources(_) => None,
            PageKind::Volume(d) => d.meta.updated.as_deref(),
            PageKind::Chapter(d) => d.meta.updated.as_deref(),
            PageKind::CaseStudy(d) => d.meta.updated.as_deref(),
            PageKind::Term(d) => d.meta.updated.as_deref(),
            PageKind::Free(d) => d.meta.updated.as_deref(),
        }
    }

    /// `draft: true` in the page's own front matter (`status: draft` or
    /// `forthcoming` for a volume).
    pub(crate) fn own_draft(&self) -> bool {
        match &self.kind {
            PageKind::Home(_) => false,
            PageKind::Volume(d) => !d.meta.is_published(),
            PageKind::Chapter(d) => d.meta.draft,
            PageKind::CaseStudy(d) => d.meta.draft,
            PageKind::Resources(d) => d.meta.draft,
            PageKind::Term(d) => d.meta.draft,
            PageKind::Free(d) => d.meta.draft,
        }
    }

    pub(crate) fn body(&self) -> (&str, usize) {
        match &self.kind {
            PageKind::Home(d) => (d.body(), d.body_start),
            PageKind::Volume(d) => (d.body(), d.body_start),
            PageKind::Chapter(d) => (d.body(), d.body_start),
            PageKind::CaseStudy(d) => (d.body(), d.body_start),
            PageKind::Resources(d) => (d.body(), d.body_start),
            PageKind::Term(d) => (d.body(), d.body_start),
            PageKind::Free(d) => (d.body(), d.body_start),
        }
    }
}

/// A volume: its home page and its reading order.
#[derive(Debug, Clone)]
pub(crate) struct Volume {
    pub(crate) dir: String,
    pub(crate) home: usize,
    /// Pages in reading order (chapters, case studies, resources).
    pub(crate) order: Vec<usize>,
}

/// A glossary term as the matcher and templates see it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub(crate) page: usize,
    pub(crate) slug: String,
    pub(crate) term: String,
    pub(crate) abbreviation: Option<String>,
}

/// A PTCE of the register.
#[derive(Debug, Clone)]
pub(crate) struct Ptce {
    pub(crate) meta: PtceMeta,
    pub(crate) slug: String,
    /// Where the summary sits in ptce.yaml, for diagnostics.
    pub(crate) summary_lines: EmbeddedLines,
}

/// The resolved collection.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub(crate) meta: SiteMeta,
    pub(crate) base: BaseUrl,
    pub(crate) pages: Vec<Page>,
    pub(crate) volumes: Vec<Volume>,
    pub(crate) terms: Vec<Term>,
    pub(crate) ptce: Vec<Ptce>,
    pub(crate) ptce_register: Option<PtceRegisterMeta>,
    pub(crate) ptce_source: Option<PathBuf>,
    pub(crate) matcher: Matcher,
    /// `@/` link targets: source path → (page path, anchors).
    pub(crate) links: HashMap<String, LinkTarget>,
    /// Markdown files that exist but did not load (their errors are reported).
    pub(crate) broken_paths: BTreeSet<String>,
    pub(crate) assets: Vec<(String, PathBuf)>,
    /// Images and documents of content/, checked and processed.
    pub(crate) media: crate::media::Media,
    /// « Did you mean » for `@/` links to no page.
    pub(crate) page_suggestions: PageSuggestions,
    /// Source paths (from content/) of the pages left out as drafts
    /// (`draft: true`, or in a volume that is not published); empty with
    /// `--drafts`.
    pub(crate) drafts: BTreeSet<String>,
}

impl Site {
    /// A draft shown by `--drafts`: the page's own `draft: true`, or a
    /// page of a volume that is not published. It carries the banner
    /// « Brouillon — non publié ».
    pub(crate) fn is_draft(&self, page: &Page) -> bool {
        let volume_draft = page.volume.is_some_and(|v| {
            matches!(&self.pages[self.volumes[v].home].kind,
                PageKind::Volume(d) if !d.meta.is_published())
        });
        volume_draft || page.own_draft()
    }

    /// The page source path closest to a wrong `@/` target.
    pub(crate) fn suggest_page(&self, wrong: &str) -> Option<String> {
        self.page_suggestions.closest(wrong)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct LinkTarget {
    pub(crate) path: String,
    pub(crate) anchors: BTreeSet<String>,
}
