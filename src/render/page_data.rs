//! The data each kind of content page gives its template (`data` in the
//! templates): a volume's table of contents, cover and PDF, a case study's
//! facts and media, a term's users, the home page's panoramas.

use super::context::{
    CaseStudyData, DepartementCtx, Download, FreePageData, Link, PanoramaCard, ResourceGroupCtx,
    TermData, TocEntry, VolumeData,
};
use super::media;
use super::pages::Renderer;
use crate::french::french_date;
use crate::model::PanoramaStatus;
use crate::paths::PTCE_PATH;
use crate::resolve::{Page, PageKind};
use crate::slug::slugify;
use std::collections::BTreeSet;

impl Renderer<'_> {
    /// The data of a volume's page: its facts, table of contents, cover,
    /// documents and printed volume.
    pub(super) fn volume_data(&self, page: &Page, meta: &crate::model::VolumeMeta) -> VolumeData {
        let rel = page.source().rel.as_str();
        let v = page.volume.unwrap_or_default();
        VolumeData {
            number: meta.number,
            subtitle: meta.subtitle.clone(),
            published: meta.published.as_deref().map(french_date),
            publisher: meta
                .publisher
                .clone()
                .unwrap_or_else(|| self.site.meta.publisher.clone()),
            toc: self
                .site
                .volumes
                .get(v)
                .map(|vol| self.toc(&vol.order))
                .unwrap_or_default(),
            cover: meta.cover.as_ref().and_then(|c| {
                media::image_ctx(
                    self.site,
                    rel,
                    c,
                    media::Placement {
                        sizes: media::COVER_SIZES,
                        eager: true,
                    },
                )
            }),
            documents: media::downloads(self.site, rel, &meta.documents),
            pdf: self
                .pdfs
                .iter()
                .find(|(pv, _, _)| *pv == v)
                .map(|(_, url, bytes)| match bytes {
                    Some(bytes) => {
                        Download::new(page.title.clone(), url.clone(), "PDF", *bytes, None)
                    }
                    None => Download::size_unknown(page.title.clone(), url.clone(), "PDF"),
                }),
        }
    }

    /// The data of a case study's page, with its logo, photo and documents.
    pub(super) fn case_study_page_data(
        &self,
        meta: &crate::model::CaseStudyMeta,
        rel: &str,
        volume_link: Option<Link>,
    ) -> CaseStudyData {
        let mut data = self.case_study_data(meta, volume_link);
        let card = |img: &Option<Box<crate::model::ImageRef>>, eager| {
            img.as_ref().and_then(|im| {
                media::image_ctx(
                    self.site,
                    rel,
                    im,
                    media::Placement {
                        sizes: media::CARD_SIZES,
                        eager,
                    },
                )
            })
        };
        data.logo = card(&meta.logo, true);
        data.photo = card(&meta.photo, false);
        data.documents = media::downloads(self.site, rel, &meta.documents);
        data
    }

    /// The data of a free page: the publisher, and which legal page it is.
    pub(super) fn free_page_data(&self, page: &Page) -> FreePageData {
        let slug = page.path.trim_end_matches('/');
        FreePageData {
            publisher: self.site.meta.publisher.clone(),
            legal: crate::resolve::free_pages::LEGAL_PAGES
                .iter()
                .find(|l| l.slug == slug)
                .map(|l| l.slug),
            accessibility_url: self.site.base.url(crate::paths::ACCESSIBILITY_PATH),
        }
    }

    pub(super) fn case_study_data(
        &self,
        m: &crate::model::CaseStudyMeta,
        volume_link: Option<Link>,
    ) -> CaseStudyData {
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
        CaseStudyData {
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
            volume: volume_link.unwrap_or_else(|| self.home_link()),
            logo: None,
            photo: None,
            documents: Vec::new(),
        }
    }

    pub(super) fn term_data(
        &self,
        i: usize,
        m: &crate::model::TermMeta,
        term_users: &[BTreeSet<usize>],
    ) -> TermData {
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
        TermData {
            term: m.term.clone(),
            abbreviation: m.abbreviation.clone(),
            aliases: m.aliases.clone(),
            source: m.source.clone(),
            see_also,
            used_in,
        }
    }

    /// The home page's cards: the panoramas of site.yaml in their order,
    /// then the volumes of this site that no entry names (by number). A
    /// card is published when its volume is built and its index.md says
    /// `published` — the one place that says it; a draft volume shown by
    /// `--drafts` is marked as such, never as published.
    pub(super) fn panoramas(&self) -> Vec<PanoramaCard> {
        let named: BTreeSet<&str> = self
            .site
            .meta
            .panoramas
            .iter()
            .filter_map(|p| p.volume.as_deref())
            .collect();
        let mut cards: Vec<PanoramaCard> = self
            .site
            .meta
            .panoramas
            .iter()
            .map(|p| {
                let vol = p
                    .volume
                    .as_ref()
                    .and_then(|d| self.site.volumes.iter().find(|v| &v.dir == d));
                let fallback = match p.status {
                    Some(PanoramaStatus::Elsewhere) => "elsewhere",
                    _ => "forthcoming",
                };
                self.card(p.title.clone(), vol, fallback)
            })
            .collect();
        let mut unnamed: Vec<&crate::resolve::Volume> = self
            .site
            .volumes
            .iter()
            .filter(|v| !named.contains(v.dir.as_str()))
            .collect();
        unnamed.sort_by_key(|v| match &self.site.pages[v.home].kind {
            PageKind::Volume(d) => (d.meta.number, v.dir.clone()),
            _ => (u32::MAX, v.dir.clone()),
        });
        for v in unnamed {
            let title = self.site.pages[v.home].title.clone();
            cards.push(self.card(title, Some(v), "forthcoming"));
        }
        cards
    }

    /// One card; `fallback` is what it says while its volume is not here.
    pub(super) fn card(
        &self,
        title: String,
        vol: Option<&crate::resolve::Volume>,
        fallback: &'static str,
    ) -> PanoramaCard {
        let meta = vol.and_then(|v| match &self.site.pages[v.home].kind {
            PageKind::Volume(doc) => Some(&doc.meta),
            _ => None,
        });
        let published = meta.is_some_and(|m| m.is_published());
        // Only with --drafts is an unpublished volume built at all.
        let draft = meta.is_some_and(|m| !m.is_published());
        let shown = meta.filter(|_| published || draft);
        PanoramaCard {
            title,
            published,
            draft,
            status: if published {
                "published"
            } else if draft {
                "draft"
            } else {
                fallback
            },
            url: vol
                .filter(|_| published || draft)
                .map(|v| self.site.base.url(&self.site.pages[v.home].path)),
            number: shown.map(|m| m.number),
            subtitle: shown.and_then(|m| m.subtitle.clone()),
            date: shown.and_then(|m| m.published.as_deref().map(french_date)),
            cover: vol.filter(|_| published || draft).and_then(|v| {
                let home = &self.site.pages[v.home];
                let PageKind::Volume(doc) = &home.kind else {
                    return None;
                };
                media::image_ctx(
                    self.site,
                    &home.source().rel,
                    doc.meta.cover.as_ref()?,
                    media::Placement {
                        sizes: media::CARD_SIZES,
                        eager: false,
                    },
                )
            }),
        }
    }

    pub(super) fn toc(&self, order: &[usize]) -> Vec<TocEntry> {
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
}

pub(crate) fn resource_groups(groups: &[crate::model::ResourceGroup]) -> Vec<ResourceGroupCtx> {
    groups
        .iter()
        .map(|g| ResourceGroupCtx {
            title: g.title.clone(),
            id: slugify(&g.title),
            resources: g.resources.clone(),
        })
        .collect()
}
