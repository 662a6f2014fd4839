//! The front matter of every kind of page, as typed data. Unknown keys are
//! errors (`deny_unknown_fields`), so an editor's typo is reported.

mod departement;

pub(crate) use departement::Departement;

use serde::{Deserialize, Serialize};

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SiteMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default = "default_base_url")]
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    pub(crate) publisher: String,
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    #[serde(default)]
    pub(crate) panoramas: Vec<PanoramaEntry>,
    #[serde(default)]
    pub(crate) accessibility: Accessibility,
    /// Full-text search (a Pagefind index under `/pagefind/` and the page
    /// `/recherche/`); `false` builds the site without it.
    #[serde(default = "default_search")]
    pub(crate) search: bool,
    /// The printed volume: each published volume as a PDF beside its pages
    /// (src/pdf/); `false` builds the site without it.
    #[serde(default = "yes")]
    pub(crate) pdf: bool,
    /// The sharing image (`og:image`) of pages that have none of their own,
    /// by its path from content/.
    #[serde(default)]
    pub(crate) image: Option<Box<ImageRef>>,
    /// The site's icon (SVG or PNG), by its path from content/.
    #[serde(default)]
    pub(crate) favicon: Option<String>,
    /// The licence under which the publisher offers the site's content
    /// (« licence etalab-2.0 »), as the footer names it; none by default,
    /// since only the publisher can choose it.
    #[serde(default)]
    pub(crate) licence: Option<String>,
}

fn default_search() -> bool {
    true
}

/// The accessibility statement (déclaration d'accessibilité, RGAA).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Accessibility {
    /// Without an audit the law says « non conforme ».
    #[serde(default)]
    pub(crate) status: ConformityStatus,
    /// Date of the audit, when there was one (`YYYY-MM` or `YYYY-MM-DD`).
    #[serde(default)]
    pub(crate) audit_date: Option<String>,
    /// Rate of RGAA criteria met, as published by the audit (`"75 %"`).
    #[serde(default)]
    pub(crate) rate: Option<String>,
    /// E-mail address to report an accessibility problem.
    #[serde(default)]
    pub(crate) contact_email: Option<String>,
    /// Postal address or form, if any.
    #[serde(default)]
    pub(crate) contact_other: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub(crate) enum ConformityStatus {
    #[default]
    #[serde(rename = "non conforme")]
    Non,
    #[serde(rename = "partiellement conforme")]
    Partiellement,
    #[serde(rename = "totalement conforme")]
    Totalement,
}

impl ConformityStatus {
    pub(crate) fn label(self) -> &'static str {
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
pub(crate) struct PanoramaEntry {
    pub(crate) title: String,
    /// Where the reader finds the panorama while its volume is not
    /// published on this site (`elsewhere` or `forthcoming`, the default).
    /// Whether it is published here is the volume's own `status` (its
    /// index.md): `published` is only accepted when the volume agrees.
    #[serde(default)]
    pub(crate) status: Option<PanoramaStatus>,
    /// The folder of the volume under `content/`.
    #[serde(default)]
    pub(crate) volume: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PanoramaStatus {
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
pub(crate) struct HomeMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
}

fn yes() -> bool {
    true
}

/// `content/<volume>/index.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct VolumeMeta {
    pub(crate) number: u32,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) subtitle: Option<String>,
    #[serde(default)]
    pub(crate) status: VolumeStatus,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default)]
    pub(crate) published: Option<String>,
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub(crate) updated: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
    /// The volume's cover: home page card, volume page, sharing image.
    #[serde(default)]
    pub(crate) cover: Option<Box<ImageRef>>,
    /// Files to download (the panorama as PDF, a charter…).
    #[serde(default)]
    pub(crate) documents: Vec<DocumentRef>,
    /// The same as `status: draft`, as on every other kind of page.
    #[serde(default)]
    pub(crate) draft: bool,
}

impl VolumeMeta {
    /// Published on this site: neither `status: draft`, `draft: true` nor
    /// `status: forthcoming`. Only a published volume is built (without
    /// `--drafts`), listed, in the sitemap, feed, open data and PDF.
    pub(crate) fn is_published(&self) -> bool {
        self.status == VolumeStatus::Published && !self.draft
    }
}

/// An image of the front matter, by its path from the page's folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ImageRef {
    pub(crate) file: String,
    /// The text alternative: required; `""` for a decorative image.
    pub(crate) alt: String,
    /// A caption, with the credit from « © » on.
    #[serde(default)]
    pub(crate) caption: Option<String>,
}

/// A document to download, by its path from the page's folder.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DocumentRef {
    pub(crate) file: String,
    pub(crate) title: String,
    /// The document's language when it is not French (`en`, `de`…).
    #[serde(default)]
    pub(crate) language: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum VolumeStatus {
    #[default]
    Published,
    Forthcoming,
    Draft,
}

/// `content/<volume>/<nn>-<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ChapterMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) kicker: Option<String>,
    #[serde(default)]
    pub(crate) subtitle: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub(crate) updated: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
}

/// `content/<volume>/<nn>-projecteurs/<nn>-<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseStudyMeta {
    pub(crate) number: u32,
    /// The thematic heading of the "coup de projecteur".
    pub(crate) heading: String,
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    pub(crate) structure: String,
    pub(crate) structure_type: StructureType,
    pub(crate) departement: Departement,
    #[serde(default)]
    pub(crate) communes: Vec<String>,
    /// Slug of a PTCE of `ptce.yaml`.
    #[serde(default)]
    pub(crate) ptce: Option<String>,
    #[serde(default)]
    pub(crate) partners: Vec<Party>,
    #[serde(default)]
    pub(crate) funders: Vec<Party>,
    #[serde(default)]
    pub(crate) contact: Option<Contact>,
    #[serde(default)]
    pub(crate) key_figures: Vec<KeyFigure>,
    /// The structure's logo, shown in the identity card.
    #[serde(default)]
    pub(crate) logo: Option<Box<ImageRef>>,
    /// A photo of the structure, shown in the identity card.
    #[serde(default)]
    pub(crate) photo: Option<Box<ImageRef>>,
    #[serde(default)]
    pub(crate) documents: Vec<DocumentRef>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub(crate) updated: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum StructureType {
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
    pub(crate) fn label(self) -> &'static str {
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
pub(crate) struct Party {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) role: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Contact {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) role: Option<String>,
    #[serde(default)]
    pub(crate) email: Option<String>,
    #[serde(default)]
    pub(crate) phone: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KeyFigure {
    pub(crate) value: String,
    pub(crate) label: String,
}

/// `content/glossaire/<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TermMeta {
    pub(crate) term: String,
    #[serde(default)]
    pub(crate) abbreviation: Option<String>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) see_also: Vec<String>,
    #[serde(default)]
    pub(crate) source: Option<String>,
    /// The date of the last significant change, `YYYY-MM-DD` (« Mis à
    /// jour le … », sitemap `lastmod`, JSON-LD `dateModified`, Atom).
    #[serde(default)]
    pub(crate) updated: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
}

/// `content/ptce.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PtceFile {
    pub(crate) register: PtceRegisterMeta,
    pub(crate) ptce: Vec<PtceMeta>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PtceRegisterMeta {
    pub(crate) year: u32,
    pub(crate) source: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PtceMeta {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    pub(crate) departement: Departement,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    #[serde(default)]
    pub(crate) summary: Option<String>,
}

/// `content/<volume>/lancez-vous.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResourcesMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) subtitle: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    pub(crate) groups: Vec<ResourceGroup>,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
    #[serde(default)]
    pub(crate) draft: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ResourceGroup {
    pub(crate) title: String,
    pub(crate) resources: Vec<Resource>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Resource {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) kind: Option<String>,
    #[serde(default)]
    pub(crate) publisher: Option<String>,
    #[serde(default)]
    pub(crate) year: Option<u32>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    #[serde(default)]
    pub(crate) url: Option<String>,
}

/// `content/pages/<slug>.md`: a free page (mentions légales, données
/// personnelles, contact…), published at `/<slug>/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FreePageMeta {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// `YYYY-MM-DD`, see [`ChapterMeta::updated`].
    #[serde(default)]
    pub(crate) updated: Option<String>,
    /// Listed in the footer of every page (the legal pages always are).
    #[serde(default)]
    pub(crate) footer: bool,
    /// Order in the footer (smaller first; then by title).
    #[serde(default)]
    pub(crate) order: Option<u32>,
    #[serde(default)]
    pub(crate) slug: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    #[serde(default = "yes")]
    pub(crate) glossary: bool,
}
