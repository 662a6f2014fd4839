//! Typed template contexts: `site` (the same on every page), `page` (what
//! every page has) and `data` (one struct per kind of page).

use crate::render::markdown::Heading;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SiteCtx {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub publisher: String,
    /// `/` or `/panoramas/`.
    pub base_path: String,
    pub home_url: String,
    pub glossary_url: String,
    pub ptce_url: String,
    pub resources_url: String,
    pub stylesheet_url: String,
    /// The Atom feed, absent when base_url has no host (it is not published).
    pub feed_url: Option<String>,
    pub data_url: String,
    pub sitemap_url: String,
    pub accessibility_url: String,
    /// The search page, absent when `search: false` in `site.yaml`: the
    /// theme then shows no search entry.
    pub search_url: Option<String>,
    /// « non conforme », « partiellement conforme » or « totalement conforme ».
    pub accessibility_status: &'static str,
    /// The volumes of the site, for the main navigation: the published
    /// ones, and with `--drafts` the others, marked.
    pub volumes: Vec<VolumeLink>,
    /// The site's icon from `site.yaml`, when it gives one.
    pub favicon_url: Option<String>,
    /// The content's licence from `site.yaml` (`licence:`), when given.
    pub licence: Option<String>,
    /// Free pages of the footer: the legal pages (mentions légales,
    /// données personnelles, gestion des cookies, in that order), then
    /// those with `footer: true`.
    pub footer_pages: Vec<Link>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A volume in the navigation.
#[derive(Debug, Clone, Serialize)]
pub struct VolumeLink {
    pub title: String,
    pub url: String,
    /// Not published (only `--drafts` builds it): « Brouillon », never
    /// « Le panorama publié ».
    pub draft: bool,
}

/// What every page has.
#[derive(Debug, Clone, Serialize)]
pub struct PageCtx {
    pub title: String,
    /// `<title>` of the document: page then site.
    pub document_title: String,
    pub description: Option<String>,
    pub url: String,
    /// Absolute when base_url has a host, else the same as `url`.
    pub canonical: String,
    pub kind: &'static str,
    /// From the home page to the parent of this page.
    pub breadcrumbs: Vec<Link>,
    pub previous: Option<Link>,
    pub next: Option<Link>,
    /// The Markdown body as HTML.
    pub content: String,
    /// The sources (footnotes) list as HTML, empty when none.
    pub sources: String,
    pub headings: Vec<Heading>,
    /// schema.org JSON-LD, safe to print raw inside a script element.
    pub json_ld: String,
    /// OpenGraph type: `website` or `article`.
    pub og_type: &'static str,
    /// The sharing image (a volume's cover, a case study's photo).
    pub og_image: Option<OgImage>,
    /// « Mis à jour le … », from `updated:` of the front matter.
    pub updated: Option<DateCtx>,
    /// « Comment citer » (volumes and case studies).
    pub citation: Option<crate::render::citation::Citation>,
    /// A draft shown by `--drafts` (`serve --drafts`): the page carries the
    /// banner « Brouillon — non publié ». Never true in a plain build.
    pub draft: bool,
}

/// A date for `<time datetime="{{ iso }}">{{ label }}</time>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateCtx {
    /// `2026-03-03`
    pub iso: String,
    /// `3 mars 2026`
    pub label: String,
}

/// An image of a typed place (logo, photo, cover), ready to print.
#[derive(Debug, Clone, Serialize)]
pub struct ImageCtx {
    /// `<picture>`/`<img>` with sizes and `srcset`: print with `| safe`.
    pub html: String,
    pub alt: String,
    pub caption: Option<String>,
    /// From « © » on, when the caption holds one.
    pub credit: Option<String>,
}

/// `og:image`: an absolute URL when `base_url` has a host.
#[derive(Debug, Clone, Serialize)]
pub struct OgImage {
    pub url: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
}

/// A file to download: a document of a `documents:` list, or the printed
/// volume.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    /// What the file is (the document's title; the volume's for its PDF).
    pub title: String,
    pub url: String,
    /// « PDF »
    pub format: &'static str,
    /// « 2,3 Mo »
    pub size: String,
    /// « PDF, 2,3 Mo »: the format and the size as a link's detail says them.
    pub label: String,
    /// The document's language when it is not French (`hreflang`).
    pub language: Option<String>,
}

impl Download {
    pub(crate) fn new(
        title: String,
        url: String,
        format: &'static str,
        bytes: u64,
        language: Option<String>,
    ) -> Download {
        let size = crate::media::french_size(bytes);
        Download {
            title,
            url,
            format,
            label: format!("{format}, {size}"),
            size,
            language,
        }
    }

    /// A file whose size is not known yet (`serve` lays a volume's PDF out
    /// when it is requested): the link says only its format.
    pub(crate) fn size_unknown(title: String, url: String, format: &'static str) -> Download {
        Download {
            title,
            url,
            format,
            size: String::new(),
            label: format.to_string(),
            language: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PanoramaCard {
    pub title: String,
    pub published: bool,
    /// A volume that is not published, shown by `--drafts`: linked, and
    /// marked « Brouillon — non publié », never « Publié ».
    pub draft: bool,
    /// `published`, `draft`, `forthcoming` or `elsewhere` (not on this
    /// site, on the publisher's site).
    pub status: &'static str,
    pub url: Option<String>,
    pub number: Option<u32>,
    pub subtitle: Option<String>,
    pub date: Option<String>,
    pub cover: Option<ImageCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeData {
    pub panoramas: Vec<PanoramaCard>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub title: String,
    pub url: String,
    pub kicker: Option<String>,
    pub description: Option<String>,
    /// `chapter`, `case_study` or `resources`.
    pub kind: &'static str,
    pub number: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VolumeData {
    pub number: u32,
    pub subtitle: Option<String>,
    pub published: Option<String>,
    pub publisher: String,
    pub toc: Vec<TocEntry>,
    pub cover: Option<ImageCtx>,
    pub documents: Vec<Download>,
    /// The printed volume, when `pdf:` is on (src/pdf/).
    pub pdf: Option<Download>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChapterData {
    pub kicker: Option<String>,
    pub subtitle: Option<String>,
    pub volume: Link,
}

#[derive(Debug, Clone, Serialize)]
pub struct DepartementCtx {
    pub code: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseStudyData {
    pub number: u32,
    pub heading: String,
    pub structure: String,
    pub structure_type: &'static str,
    pub departement: DepartementCtx,
    pub communes: Vec<String>,
    pub ptce: Option<Link>,
    pub partners: Vec<crate::model::Party>,
    pub funders: Vec<crate::model::Party>,
    pub contact: Option<crate::model::Contact>,
    pub key_figures: Vec<crate::model::KeyFigure>,
    pub volume: Link,
    pub logo: Option<ImageCtx>,
    pub photo: Option<ImageCtx>,
    pub documents: Vec<Download>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceGroupCtx {
    pub title: String,
    pub id: String,
    pub resources: Vec<crate::model::Resource>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourcesData {
    pub subtitle: Option<String>,
    pub groups: Vec<ResourceGroupCtx>,
    pub volume: Link,
}

#[derive(Debug, Clone, Serialize)]
pub struct VolumeResources {
    pub volume: Link,
    pub page: Link,
    pub groups: Vec<ResourceGroupCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllResourcesData {
    pub volumes: Vec<VolumeResources>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermData {
    pub term: String,
    pub abbreviation: Option<String>,
    pub aliases: Vec<String>,
    pub source: Option<String>,
    pub see_also: Vec<Link>,
    pub used_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub abbreviation: Option<String>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryLetter {
    pub letter: String,
    pub id: String,
    pub terms: Vec<GlossaryEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryData {
    pub letters: Vec<GlossaryLetter>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PtceEntry {
    pub name: String,
    pub id: String,
    pub summary: String,
    pub mentioned_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PtceDepartement {
    pub code: &'static str,
    pub name: &'static str,
    pub id: String,
    pub count: usize,
    pub ptce: Vec<PtceEntry>,
    pub case_studies: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PtceData {
    pub year: Option<u32>,
    pub source: Option<String>,
    pub total: usize,
    pub departements: Vec<PtceDepartement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize)]
pub struct DataPageData {
    pub datasets: Vec<crate::render::data::Dataset>,
    pub feed_url: Option<String>,
    /// `/donnees/datapackage.json`.
    pub package_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SitemapSection {
    pub title: String,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SitemapData {
    pub sections: Vec<SitemapSection>,
}

/// A free page (`pages/<slug>.md`).
#[derive(Debug, Clone, Serialize)]
pub struct FreePageData {
    /// The publisher of `site.yaml` (the legal notice names it).
    pub publisher: String,
    /// `mentions-legales`, `donnees-personnelles` or `gestion-des-cookies`
    /// for the legal pages, else `None`.
    pub legal: Option<&'static str>,
    pub accessibility_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessibilityData {
    pub status: &'static str,
    pub audit_date: Option<String>,
    pub rate: Option<String>,
    pub contact_email: Option<String>,
    pub contact_other: Option<String>,
    pub publisher: String,
}
