//! The context of each kind of content page (home, volume, chapter, case
//! study, resources, glossary term) and the helpers every page context
//! shares.

use super::context::{
    CaseStudyData, ChapterData, DateCtx, DepartementCtx, Download, FreePageData, HomeData, Link,
    PageCtx, PanoramaCard, ResourceGroupCtx, ResourcesData, SiteCtx, TermData, TocEntry,
    VolumeData,
};
use super::emit::{Emitter, Origin};
use super::jsonld;
use super::markdown::RenderedBody;
use super::media;
use super::templates::Templates;
use crate::diagnostic::Diagnostic;
use crate::model::PanoramaStatus;
use crate::paths::{GLOSSARY_PATH, PTCE_PATH};
use crate::resolve::{Page, PageKind, Site};
use crate::slug::slugify;
use std::collections::BTreeSet;

pub(crate) use crate::french::french_date;

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
    pub(crate) site: &'a Site,
    pub(crate) templates: &'a Templates,
    pub(crate) site_ctx: SiteCtx,
    /// The printed volumes (src/pdf/): (volume, URL, size in bytes).
    pub(crate) pdfs: Vec<(usize, String, Option<u64>)>,
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

    pub(crate) fn link(&self, i: usize) -> Link {
        let p = &self.site.pages[i];
        Link {
            title: p.title.clone(),
            url: self.site.base.url(&p.path),
        }
    }

    pub(crate) fn home_link(&self) -> Link {
        Link {
            title: "Accueil".into(),
            url: self.site.base.url(""),
        }
    }

    pub(crate) fn page_ctx(
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
            canonical: self.site.base.absolute_url(path).unwrap_or_default(),
            kind,
            breadcrumbs,
            previous: None,
            next: None,
            content: String::new(),
            sources: String::new(),
            headings: Vec::new(),
            json_ld: jsonld::generated_json_ld(
                self.site,
                kind,
                title,
                &self.site.base.absolute(path),
            ),
            og_type: "website",
            og_image: self
                .site
                .meta
                .image
                .as_ref()
                .and_then(|im| media::og_image(self.site, "", im)),
            updated: None,
            citation: None,
            draft: false,
        }
    }

    /// What every content page has: breadcrumbs, body, previous/next,
    /// description and JSON-LD.
    fn content_page_ctx(&self, i: usize, page: &Page, body: &RenderedBody) -> PageCtx {
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
        ctx.draft = self.site.is_draft(page);
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
            PageKind::Free(d) => d.meta.description.clone(),
        };
        ctx.description = own_description.or(ctx.description);
        // An invalid date is an error of resolve (E055): never shown.
        ctx.updated = page
            .updated()
            .filter(|d| crate::resolve::free_pages::iso_date(d).is_some())
            .map(|d| DateCtx {
                iso: d.to_string(),
                label: french_date(d),
            });
        ctx.citation = super::citation::citation(self.site, i);
        ctx.json_ld =
            jsonld::page_json_ld(self.site, page, &ctx.canonical, ctx.description.as_deref());
        if matches!(
            page.kind,
            PageKind::Chapter(_) | PageKind::CaseStudy(_) | PageKind::Term(_)
        ) {
            ctx.og_type = "article";
        }
        ctx
    }

    fn page(
        &self,
        i: usize,
        page: &Page,
        body: &RenderedBody,
        term_users: &[BTreeSet<usize>],
    ) -> Result<String, Diagnostic> {
        let mut ctx = self.content_page_ctx(i, page, body);
        let rel = page.source().rel.as_str();
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
                let data = self.volume_data(page, &doc.meta);
                if let Some(og) = doc
                    .meta
                    .cover
                    .as_ref()
                    .and_then(|c| media::og_image(self.site, rel, c))
                {
                    ctx.og_image = Some(og);
                }
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
                let data = self.case_study_page_data(&doc.meta, rel, volume_link.clone());
                if let Some(og) = doc
                    .meta
                    .photo
                    .as_ref()
                    .and_then(|c| media::og_image(self.site, rel, c))
                {
                    ctx.og_image = Some(og);
                }
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
                let data = self.term_data(i, &doc.meta, term_users);
                self.templates
                    .render("term.html", &self.site_ctx, &ctx, &data)
            }
            PageKind::Free(_) => {
                let data = self.free_page_data(page);
                self.templates
                    .render("page.html", &self.site_ctx, &ctx, &data)
            }
        }
    }

    /// The data of a volume's page: its facts, table of contents, cover,
    /// documents and printed volume.
    fn volume_data(&self, page: &Page, meta: &crate::model::VolumeMeta) -> VolumeData {
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
    fn case_study_page_data(
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
    fn free_page_data(&self, page: &Page) -> FreePageData {
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

    fn case_study_data(
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

    fn term_data(
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
    fn panoramas(&self) -> Vec<PanoramaCard> {
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
    fn card(
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

fn kind_name(kind: &PageKind) -> &'static str {
    match kind {
        PageKind::Home(_) => "home",
        PageKind::Volume(_) => "volume",
        PageKind::Chapter(_) => "chapter",
        PageKind::CaseStudy(_) => "case_study",
        PageKind::Resources(_) => "resources",
        PageKind::Term(_) => "term",
        PageKind::Free(_) => "page",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_cut_on_words() {
        let long = "mot ".repeat(100);
        let e = excerpt(&long).unwrap();
        assert!(e.ends_with('…') && e.chars().count() <= 160);
        assert_eq!(excerpt("  "), None);
    }
}
