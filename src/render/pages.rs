//! The context of each kind of content page (home, volume, chapter, case
//! study, resources, glossary term, free page), the helpers every page
//! context shares, and the rendering of a page through its template; the
//! `data` of each kind is made in `page_data.rs`.

use super::context::{ChapterData, DateCtx, HomeData, Link, PageCtx, ResourcesData, SiteCtx};
use super::emit::{Emitter, Origin};
use super::jsonld;
use super::markdown::RenderedBody;
use super::media;
use super::templates::Templates;
use crate::diagnostic::Diagnostic;
use crate::paths::GLOSSARY_PATH;
use crate::resolve::{Page, PageKind, Site};
use std::collections::BTreeSet;

pub(crate) use super::page_data::resource_groups;
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
