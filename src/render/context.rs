//! Typed template contexts: `site` (the same on every page), `page` (what
//! every page has) and `data` (one struct per kind of page).

use crate::render::markdown::Heading;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteCtx {
    pub(crate) title: String,
    pub(crate) description: Option<String>,
    pub(crate) language: String,
    pub(crate) publisher: String,
    /// `/` or `/panoramas/`.
    pub(crate) base_path: String,
    pub(crate) home_url: String,
    pub(crate) glossary_url: String,
    pub(crate) ptce_url: String,
    pub(crate) resources_url: String,
    pub(crate) stylesheet_url: String,
    /// The Atom feed, absent when base_url has no host (it is not published).
    pub(crate) feed_url: Option<String>,
    pub(crate) data_url: String,
    pub(crate) sitemap_url: String,
    pub(crate) accessibility_url: String,
    /// The search page, absent when `search: false` in `site.yaml`: the
    /// theme then shows no search entry.
    pub(crate) search_url: Option<String>,
    /// « non conforme », « partiellement conforme » or « totalement conforme ».
    pub(crate) accessibility_status: &'static str,
    /// The volumes of the site, for the main navigation: the published
    /// ones, and with `--drafts` the others, marked.
    pub(crate) volumes: Vec<VolumeLink>,
    /// The site's icon from `site.yaml`, when it gives one.
    pub(crate) favicon_url: Option<String>,
    /// The content's licence from `site.yaml` (`licence:`), when given.
    pub(crate) licence: Option<String>,
    /// Free pages of the footer: the legal pages (mentions légales,
    /// données personnelles, gestion des cookies, in that order), then
    /// those with `footer: true`.
    pub(crate) footer_pages: Vec<Link>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A volume in the navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VolumeLink {
    pub(crate) title: String,
    pub(crate) url: String,
    /// Not published (only `--drafts` builds it): « Brouillon », never
    /// « Le panorama publié ».
    pub(crate) draft: bool,
}

/// What every page has.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageCtx {
    pub(crate) title: String,
    /// `<title>` of the document: page then site.
    pub(crate) document_title: String,
    pub(crate) description: Option<String>,
    pub(crate) url: String,
    /// Absolute when base_url has a host, else the same as `url`.
    pub(crate) canonical: String,
    pub(crate) kind: &'static str,
    /// From the home page to the parent of this page.
    pub(crate) breadcrumbs: Vec<Link>,
    pub(crate) previous: Option<Link>,
    pub(crate) next: Option<Link>,
    /// The Markdown body as HTML.
    pub(crate) content: String,
    /// The sources (footnotes) list as HTML, empty when none.
    pub(crate) sources: String,
    pub(crate) headings: Vec<Heading>,
    /// schema.org JSON-LD, safe to print raw inside a script element.
    pub(crate) json_ld: String,
    /// OpenGraph type: `website` or `article`.
    pub(crate) og_type: &'static str,
    /// The sharing image (a volume's cover, a case study's photo).
    pub(crate) og_image: Option<OgImage>,
    /// « Mis à jour le … », from `updated:` of the front matter.
    pub(crate) updated: Option<DateCtx>,
    /// « Comment citer » (volumes and case studies).
    pub(crate) citation: Option<crate::render::citation::Citation>,
    /// A draft shown by `--drafts` (`serve --drafts`): the page carries the
    /// banner « Brouillon — non publié ». Never true in a plain build.
    pub(crate) draft: bool,
}

/// A date for `<time datetime="{{ iso }}">{{ label }}</time>`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateCtx {
    /// `2026-03-03`
    pub(crate) iso: String,
    /// `3 mars 2026`
    pub(crate) label: String,
}

/// An image of a typed place (logo, photo, cover), ready to print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageCtx {
    /// `<picture>`/`<img>` with sizes and `srcset`: print with `| safe`.
    pub(crate) html: String,
    pub(crate) alt: String,
    pub(crate) caption: Option<String>,
    /// From « © » on, when the caption holds one.
    pub(crate) credit: Option<String>,
}

/// `og:image`: an absolute URL when `base_url` has a host.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct OgImage {
    pub(crate) url: String,
    pub(crate) alt: String,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// A file to download: a document of a `documents:` list, or the printed
/// volume.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Download {
    /// What the file is (the document's title; the volume's for its PDF).
    pub(crate) title: String,
    pub(crate) url: String,
    /// « PDF »
    pub(crate) format: &'static str,
    /// « 2,3 Mo »
    pub(crate) size: String,
    /// « PDF, 2,3 Mo »: the format and the size as a link's detail says them.
    pub(crate) label: String,
    /// The document's language when it is not French (`hreflang`).
    pub(crate) language: Option<String>,
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
pub(crate) struct PanoramaCard {
    pub(crate) title: String,
    pub(crate) published: bool,
    /// A volume that is not published, shown by `--drafts`: linked, and
    /// marked « Brouillon — non publié », never « Publié ».
    pub(crate) draft: bool,
    /// `published`, `draft`, `forthcoming` or `elsewhere` (not on this
    /// site, on the publisher's site).
    pub(crate) status: &'static str,
    pub(crate) url: Option<String>,
    pub(crate) number: Option<u32>,
    pub(crate) subtitle: Option<String>,
    pub(crate) date: Option<String>,
    pub(crate) cover: Option<ImageCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct HomeData {
    pub(crate) panoramas: Vec<PanoramaCard>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) kicker: Option<String>,
    pub(crate) description: Option<String>,
    /// `chapter`, `case_study` or `resources`.
    pub(crate) kind: &'static str,
    pub(crate) number: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct VolumeData {
    pub(crate) number: u32,
    pub(crate) subtitle: Option<String>,
    pub(crate) published: Option<String>,
    pub(crate) publisher: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) cover: Option<ImageCtx>,
    pub(crate) documents: Vec<Download>,
    /// The printed volume, when `pdf:` is on (src/pdf/).
    pub(crate) pdf: Option<Download>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChapterData {
    pub(crate) kicker: Option<String>,
    pub(crate) subtitle: Option<String>,
    pub(crate) volume: Link,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DepartementCtx {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaseStudyData {
    pub(crate) number: u32,
    pub(crate) heading: String,
    pub(crate) structure: String,
    pub(crate) structure_type: &'static str,
    pub(crate) departement: DepartementCtx,
    pub(crate) communes: Vec<String>,
    pub(crate) ptce: Option<Link>,
    pub(crate) partners: Vec<crate::model::Party>,
    pub(crate) funders: Vec<crate::model::Party>,
    pub(crate) contact: Option<crate::model::Contact>,
    pub(crate) key_figures: Vec<crate::model::KeyFigure>,
    pub(crate) volume: Link,
    pub(crate) logo: Option<ImageCtx>,
    pub(crate) photo: Option<ImageCtx>,
    pub(crate) documents: Vec<Download>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResourceGroupCtx {
    pub(crate) title: String,
    pub(crate) id: String,
    pub(crate) resources: Vec<crate::model::Resource>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ResourcesData {
    pub(crate) subtitle: Option<String>,
    pub(crate) groups: Vec<ResourceGroupCtx>,
    pub(crate) volume: Link,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct VolumeResources {
    pub(crate) volume: Link,
    pub(crate) page: Link,
    pub(crate) groups: Vec<ResourceGroupCtx>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AllResourcesData {
    pub(crate) volumes: Vec<VolumeResources>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermData {
    pub(crate) term: String,
    pub(crate) abbreviation: Option<String>,
    pub(crate) aliases: Vec<String>,
    pub(crate) source: Option<String>,
    pub(crate) see_also: Vec<Link>,
    pub(crate) used_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryEntry {
    pub(crate) term: String,
    pub(crate) abbreviation: Option<String>,
    pub(crate) url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryLetter {
    pub(crate) letter: String,
    pub(crate) id: String,
    pub(crate) terms: Vec<GlossaryEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GlossaryData {
    pub(crate) letters: Vec<GlossaryLetter>,
    pub(crate) count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PtceEntry {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) summary: String,
    pub(crate) mentioned_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PtceDepartement {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) id: String,
    pub(crate) count: usize,
    pub(crate) ptce: Vec<PtceEntry>,
    pub(crate) case_studies: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PtceData {
    pub(crate) year: Option<u32>,
    pub(crate) source: Option<String>,
    pub(crate) total: usize,
    pub(crate) departements: Vec<PtceDepartement>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Empty {}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DataPageData {
    pub(crate) datasets: Vec<crate::render::data::Dataset>,
    pub(crate) feed_url: Option<String>,
    /// `/donnees/datapackage.json`.
    pub(crate) package_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SitemapSection {
    pub(crate) title: String,
    pub(crate) links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SitemapData {
    pub(crate) sections: Vec<SitemapSection>,
}

/// A free page (`pages/<slug>.md`).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FreePageData {
    /// The publisher of `site.yaml` (the legal notice names it).
    pub(crate) publisher: String,
    /// `mentions-legales`, `donnees-personnelles` or `gestion-des-cookies`
    /// for the legal pages, else `None`.
    pub(crate) legal: Option<&'static str>,
    pub(crate) accessibility_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AccessibilityData {
    pub(crate) status: &'static str,
    pub(crate) audit_date: Option<String>,
    pub(crate) rate: Option<String>,
    pub(crate) contact_email: Option<String>,
    pub(crate) contact_other: Option<String>,
    pub(crate) publisher: String,
}
