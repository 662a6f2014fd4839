//! The front matter of every kind of page, as typed data. Unknown keys are
//! errors (`deny_unknown_fields`), so an editor's typo is reported.

mod departement;

pub use departement::Departement;

use serde::{Deserialize, Serialize};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    pub publisher: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub panoramas: Vec<PanoramaEntry>,
    #[serde(default)]
    pub accessibility: Accessibility,
    /// Full-text search (a Pagefind index under `/pagefind/` and the page
    /// `/recherche/`); `false` builds the site without it.
    #[serde(default = "default_search")]
    pub search: bool,
    /// The printed volume: each published volume as a PDF beside its pages
    /// (src/pdf/); `false` builds the site without it.
    #[serde(default = "yes")]
    pub pdf: bool,
    /// The sharing image (`og:image`) of pages that have none of their own,
    /// by its path from content/.
    #[serde(default)]
    pub image: Option<Box<ImageRef>>,
    /// The site's icon (SVG or PNG), by its path from content/.
    #[serde(default)]
    pub favicon: Option<String>,
    /// The licence under which the publisher offers the site's content
    /// (« licence etalab-2.0 »), as the footer names it; none by default,
    /// since only the publisher can choose it.
    #[serde(default)]
    pub licence: Option<String>,
}

fn default_search() -> bool {
    true
}

/// The accessibility statement (déclaration d'accessibilité, RGAA).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Without an audit the law says « non conforme ».
    #[serde(default)]
    pub status: ConformityStatus,
    /// Date of the audit, when there was one (`YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub audit_date: Option<String>,
    /// Rate of RGAA criteria met, as published by the audit (`"75 %"`).
    #[serde(default)]
    pub rate: Option<String>,
    /// E-mail address to report an accessibility problem.
    #[serde(default)]
    pub contact_email: Option<String>,
    /// Postal address or form, if any.
    #[serde(default)]
    pub contact_other: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum ConformityStatus {
    #[default]
    #[serde(rename = "non conforme")]
    Non,
    #[serde(rename = "partiellement conforme")]
    Partiellement,
    #[serde(rename = "totalement conforme")]
    Totalement,
}

impl ConformityStatus {
    pub fn label(self) -> &'static str {
        match self {
            ConformityStatus::Non => "non conforme",
            ConformityStatus::Partiellement => "partiellement conforme",
            ConformityStatus::Totalement => "totalement conforme",
        }
    }
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "fr".into()
}
fn default_theme() -> String {
    "panorama".into()
}

/// One thematic panorama of the collection: published here, forthcoming, or
/// published elsewhere (on the publisher's own site) and not on this one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PanoramaEntry {
    pub title: String,
    /// Where the reader finds the panorama while its volume is not
    /// published on this site (`elsewhere` or `forthcoming`, the default).
    /// Whether it is published here is the volume's own `status` (its
    /// index.md): `published` is only accepted when the volume agrees.
    #[serde(default)]
    pub status: Option<PanoramaStatus>,
    /// The folder of the volume under `content/`.
    #[serde(default)]
    pub volume: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PanoramaStatus {
    #[default]
    Forthcoming,
    Published,
    /// Part of the collection, not on this site: the reader is sent to the
    /// publisher's site, where the whole collection is (no URL is invented).
    Elsewhere,
}

/// `content/index.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HomeMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default = "yes")]
    pub glossary: bool,
}

fn yes() -> bool {
    true
}

/// `content/<volume>/index.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VolumeMeta {
    pub number: u32,
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub status: VolumeStatus,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default = "yes")]
    pub glossary: bool,
    /// The volume's cover: home page card, volume page, sharing image.
    #[serde(default)]
    pub cover: Option<Box<ImageRef>>,
    /// Files to download (the panorama as PDF, a charter…).
    #[serde(default)]
    pub documents: Vec<DocumentRef>,
    /// The same as `status: draft`, as on every other kind of page.
    #[serde(default)]
    pub draft: bool,
}

impl VolumeMeta {
    /// Published on this site: neither `status: draft`, `draft: true` nor
    /// `status: forthcoming`. Only a published volume is built (without
    /// `--drafts`), listed, in the sitemap, feed, open data and PDF.
    pub fn is_published(&self) -> bool {
        self.status == VolumeStatus::Published && !self.draft
    }
}

/// An image of the front matter, by its path from the page's folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRef {
    pub file: String,
    /// The text alternative: required; `""` for a decorative image.
    pub alt: String,
    /// A caption, with the credit from « © » on.
    #[serde(default)]
    pub caption: Option<String>,
}

/// A document to download, by its path from the page's folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    pub file: String,
    pub title: String,
    /// The document's language when it is not French (`en`, `de`…).
    #[serde(default)]
    pub language: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VolumeStatus {
    #[default]
    Published,
    Forthcoming,
    Draft,
}

/// `content/<volume>/<nn>-<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChapterMeta {
    pub title: String,
    #[serde(default)]
    pub kicker: Option<String>,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "yes")]
    pub glossary: bool,
}

/// `content/<volume>/<nn>-projecteurs/<nn>-<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStudyMeta {
    pub number: u32,
    /// The thematic heading of the "coup de projecteur".
    pub heading: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub structure: String,
    pub structure_type: StructureType,
    pub departement: Departement,
    #[serde(default)]
    pub communes: Vec<String>,
    /// Slug of a PTCE of `ptce.yaml`.
    #[serde(default)]
    pub ptce: Option<String>,
    #[serde(default)]
    pub partners: Vec<Party>,
    #[serde(default)]
    pub funders: Vec<Party>,
    #[serde(default)]
    pub contact: Option<Contact>,
    #[serde(default)]
    pub key_figures: Vec<KeyFigure>,
    /// The structure's logo, shown in the identity card.
    #[serde(default)]
    pub logo: Option<Box<ImageRef>>,
    /// A photo of the structure, shown in the identity card.
    #[serde(default)]
    pub photo: Option<Box<ImageRef>>,
    #[serde(default)]
    pub documents: Vec<DocumentRef>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "yes")]
    pub glossary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StructureType {
    Ei,
    Ea,
    Aci,
    Ai,
    Etti,
    Esat,
    Geiq,
    RegieDeQuartier,
    Association,
    Ptce,
    Other,
}

impl StructureType {
    /// The label shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            StructureType::Ei => "Entreprise d'insertion (EI)",
            StructureType::Ea => "Entreprise adaptée (EA)",
            StructureType::Aci => "Atelier et chantier d'insertion (ACI)",
            StructureType::Ai => "Association intermédiaire (AI)",
            StructureType::Etti => "Entreprise de travail temporaire d'insertion (ETTI)",
            StructureType::Esat => {
                "Établissement et service d'accompagnement par le travail (ESAT)"
            }
            StructureType::Geiq => {
                "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)"
            }
            StructureType::RegieDeQuartier => "Régie de quartier",
            StructureType::Association => "Association",
            StructureType::Ptce => "Pôle territorial de coopération économique (PTCE)",
            StructureType::Other => "Autre structure",
        }
    }
}

/// A partner or funder of a case study.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub value: String,
    pub label: String,
}

/// `content/glossaire/<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermMeta {
    pub term: String,
    #[serde(default)]
    pub abbreviation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub see_also: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub updated: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
}

/// `content/ptce.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PtceFile {
    pub register: PtceRegisterMeta,
    pub ptce: Vec<PtceMeta>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PtceRegisterMeta {
    pub year: u32,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PtceMeta {
    pub name: String,
    #[serde(default)]
    pub slug: Option<String>,
    pub departement: Departement,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// `content/<volume>/lancez-vous.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourcesMeta {
    pub title: String,
    #[serde(default)]
    pub subtitle: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub groups: Vec<ResourceGroup>,
    #[serde(default = "yes")]
    pub glossary: bool,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceGroup {
    pub title: String,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub year: Option<u32>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// `content/pages/<slug>.md`: a free page (mentions légales, données
/// personnelles, contact…), published at `/<slug>/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FreePageMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// `YYYY-MM-DD`, see [`ChapterMeta::updated`].
    #[serde(default)]
    pub updated: Option<String>,
    /// Listed in the footer of every page (the legal pages always are).
    #[serde(default)]
    pub footer: bool,
    /// Order in the footer (smaller first; then by title).
    #[serde(default)]
    pub order: Option<u32>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default = "yes")]
    pub glossary: bool,
}
