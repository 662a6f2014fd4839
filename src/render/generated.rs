//! The pages the generator makes from the whole collection: the glossary
//! and PTCE indexes, every volume's resources, open data, the site map, the
//! accessibility statement and the not-found page.

use super::context::{
    AccessibilityData, AllResourcesData, DataPageData, Empty, GlossaryData, GlossaryEntry,
    GlossaryLetter, Link, PtceData, PtceDepartement, PtceEntry, SitemapData, SitemapSection,
    VolumeResources,
};
use super::emit::{Emitter, Origin};
use super::pages::{Renderer, french_date, resource_groups};
use super::{data, emit_generated_page, feeds};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::paths::{
    ACCESSIBILITY_PATH, ATOM_XML, DATA_PATH, GLOSSARY_PATH, NOT_FOUND, PTCE_PATH, RESOURCES_PATH,
    ROBOTS_TXT, SEARCH_PATH, SITEMAP_PATH, SITEMAP_XML,
};
use crate::resolve::PageKind;
use crate::slug::slugify;
use std::collections::BTreeSet;

impl Renderer<'_> {
    /// The pages and files made from the whole site, once every content
    /// page is out.
    pub(crate) fn emit_generated_pages(&self, emitter: &Emitter, diags: &mut Diagnostics) {
        let generated = [
            (GLOSSARY_PATH, self.glossary()),
            (RESOURCES_PATH, self.all_resources()),
            (SITEMAP_PATH, self.sitemap_page()),
            (ACCESSIBILITY_PATH, self.accessibility()),
        ];
        for (path, result) in generated {
            emit_generated_page(emitter, &format!("{path}index.html"), result, diags);
        }
        // The full-text search page (issue 6), when `search:` is on
        // (render/search_page.rs; the index itself is built by the emitter).
        if self.site.meta.search {
            let path = format!("{SEARCH_PATH}index.html");
            emit_generated_page(emitter, &path, self.search_page(), diags);
        }
        emit_generated_page(emitter, NOT_FOUND, self.not_found(), diags);
        let site = self.site;
        emitter.emit(
            Origin::Generated,
            ROBOTS_TXT.into(),
            feeds::robots(site).into_bytes(),
            false,
        );
        // The sitemap protocol and Atom (RFC 4287) need absolute URLs: with
        // a base_url without a host they are not published (`build` warns).
        if site.base.is_absolute() {
            for (path, text) in [
                (SITEMAP_XML, feeds::sitemap(site)),
                (ATOM_XML, feeds::atom(site)),
            ] {
                emitter.emit(Origin::Generated, path.into(), text.into_bytes(), false);
            }
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
            (DATA_PATH, self.data_page(datasets)),
        ] {
            emit_generated_page(emitter, &format!("{path}index.html"), result, diags);
        }
        for f in data_files {
            emitter.emit(Origin::Generated, f.path, f.bytes, false);
        }
    }

    pub(crate) fn glossary(&self) -> Result<String, Diagnostic> {
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

    pub(crate) fn ptce(
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

    pub(crate) fn all_resources(&self) -> Result<String, Diagnostic> {
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

    pub(crate) fn data_page(&self, datasets: Vec<data::Dataset>) -> Result<String, Diagnostic> {
        let mut ctx = self.page_ctx(
            "Données ouvertes",
            DATA_PATH,
            "data",
            vec![self.home_link()],
        );
        ctx.description = Some(
            "Les études de cas, les PTCE, le glossaire et les ressources de la collection en JSON et CSV, avec leur schéma."
                .into(),
        );
        let data = DataPageData {
            datasets,
            feed_url: self.site_ctx.feed_url.clone(),
            package_url: self
                .site
                .base
                .url(&format!("{DATA_PATH}{}", data::DATAPACKAGE)),
        };
        self.templates
            .render("data.html", &self.site_ctx, &ctx, &data)
    }

    pub(crate) fn sitemap_page(&self) -> Result<String, Diagnostic> {
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
                link("Données ouvertes", DATA_PATH),
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
        let mut free: Vec<Link> = self
            .site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.kind, crate::resolve::PageKind::Free(_)))
            .map(|(i, _)| self.link(i))
            .collect();
        if !free.is_empty() {
            free.sort_by_key(|l| crate::resolve::fold_sort_key(&l.title));
            sections.push(SitemapSection {
                title: "Informations".into(),
                links: free,
            });
        }
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

    pub(crate) fn accessibility(&self) -> Result<String, Diagnostic> {
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

    pub(crate) fn not_found(&self) -> Result<String, Diagnostic> {
        let mut ctx = self.page_ctx(
            "Page introuvable",
            NOT_FOUND,
            "not_found",
            vec![self.home_link()],
        );
        ctx.canonical = String::new();
        self.templates
            .render("404.html", &self.site_ctx, &ctx, &Empty {})
    }
}
