//! The main Typst file of a volume: calls to the theme's layout functions
//! (`themes/<name>/pdf/volume.typ`) with the volume's data, and its bodies
//! converted by [`super::markup`]. Every string goes in as a Typst string
//! literal, every body as escaped markup: content never runs as code.

use super::markup::{self, BodyCx, VolumeLinks, label, page_label, string, typo};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{CaseStudyMeta, ResourcesMeta};
use crate::resolve::{Page, PageKind, Site};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Where a span of the main file comes from, for error messages.
pub(crate) struct Origin {
    /// Offset in the main file where the span starts.
    pub(crate) offset: usize,
    pub(crate) display: PathBuf,
    /// 1-based line in that file.
    pub(crate) line: usize,
    pub(crate) text_of: Option<usize>,
}

pub(crate) struct Assembled {
    pub(crate) main: String,
    pub(crate) origins: Vec<Origin>,
    pub(crate) images: Vec<super::markup::Embedded>,
    /// Source texts of the pages named by `Origin::text_of`.
    pub(crate) texts: Vec<String>,
    /// What the content asks that no page can hold (tables too wide).
    pub(crate) problems: Vec<Diagnostic>,
}

struct Out<'s> {
    site: &'s Site,
    main: String,
    origins: Vec<Origin>,
    texts: Vec<String>,
    problems: Vec<Diagnostic>,
}

impl Out<'_> {
    fn page_origin(&mut self, page: &Page) {
        let src = page.source();
        self.texts.push(src.text.clone());
        self.origins.push(Origin {
            offset: self.main.len(),
            display: src.display.clone(),
            line: 1,
            text_of: Some(self.texts.len() - 1),
        });
    }

    /// Appends a converted body, its block origins mapped to file lines.
    fn body(&mut self, page: &Page, converted: markup::Converted) {
        let src = page.source();
        let (_, body_start) = page.body();
        let base = self.main.len();
        let text_of = self.texts.len();
        self.texts.push(src.text.clone());
        for (body_offset, columns) in &converted.wide {
            let line = crate::diagnostic::line_of(&src.text, body_start + body_offset);
            self.problems.push(
                Diagnostic::new(
                    src.display.clone(),
                    format!(
                        "this table has {columns} columns: the printed page (A4) holds at most {}",
                        markup::MAX_COLUMNS
                    ),
                )
                .at(line, None)
                .with_source(&src.text)
                .hint("split it into two tables, or turn it around (the columns as rows)")
                .code(Code::PdfTooWide),
            );
        }
        for (at, body_offset) in converted.map {
            self.origins.push(Origin {
                offset: base + at,
                display: src.display.clone(),
                line: crate::diagnostic::line_of(&src.text, body_start + body_offset),
                text_of: Some(text_of),
            });
        }
        self.main.push_str(&converted.markup);
    }

    fn generated(&mut self, what: &str) {
        self.origins.push(Origin {
            offset: self.main.len(),
            display: PathBuf::from(what),
            line: 0,
            text_of: None,
        });
    }

    fn push(&mut self, s: &str) {
        self.main.push_str(s);
    }
}

/// A string field: typography applied, as a literal; `none` when absent.
fn opt(s: Option<&str>) -> String {
    match s {
        Some(s) if !s.trim().is_empty() => string(&typo(s)),
        _ => "none".into(),
    }
}

fn lit(s: &str) -> String {
    string(&typo(s))
}

/// A Typst array of already-written items: `()` when empty (`(,)` is a
/// syntax error), `(a,)` for one (a bare `(a)` would be a parenthesised
/// value).
fn array(items: &[String]) -> String {
    if items.is_empty() {
        "()".into()
    } else {
        format!("({},)", items.join(", "))
    }
}

/// The `datetime` of a `YYYY-MM[-DD]` date, or `None`.
pub(crate) fn date_parts(raw: &str) -> Option<(i32, u8, u8)> {
    let mut it = raw.trim().split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
    let d = match it.next() {
        Some(d) => d.parse().ok().filter(|d| (1..=31).contains(d))?,
        None => 1,
    };
    Some((y, m, d))
}

/// The main file of volume `v`: its opening (cover, title, introduction),
/// one layout call per page in reading order, then the annexes.
pub(crate) fn assemble(site: &Site, v: usize) -> Assembled {
    let vol = &site.volumes[v];
    let mut pages: HashMap<String, String> = HashMap::new();
    for &p in std::iter::once(&vol.home).chain(&vol.order) {
        let path = &site.pages[p].path;
        pages.insert(path.clone(), page_label(path));
    }
    let mut links = VolumeLinks {
        site,
        pages,
        linked: BTreeSet::new(),
        images: Vec::new(),
    };
    let mut out = Out {
        site,
        main: String::new(),
        origins: Vec::new(),
        texts: Vec::new(),
        problems: Vec::new(),
    };
    opening(&mut out, &mut links, &site.pages[vol.home]);
    for &p in &vol.order {
        page(&mut out, &mut links, &site.pages[p]);
    }
    glossary(&mut out, &mut links);
    ptce_register(&mut out, &mut links);
    Assembled {
        main: out.main,
        origins: out.origins,
        images: links.images,
        texts: out.texts,
        problems: out.problems,
    }
}

/// The volume's opening: the theme's `volume` show rule with the cover,
/// the titles, the date and the introduction (the body of its index).
fn opening(out: &mut Out, links: &mut VolumeLinks, home: &Page) {
    let site = out.site;
    let PageKind::Volume(index) = &home.kind else {
        unreachable!("a volume's home page is its index")
    };
    let meta = &index.meta;
    out.generated("(generated PDF: volume)");
    out.push("#import \"volume.typ\": *\n\n");
    let published = meta.published.as_deref();
    let date = published
        .and_then(date_parts)
        .map_or("none".to_string(), |(y, m, d)| {
            format!("datetime(year: {y}, month: {m}, day: {d})")
        });
    let online = if site.base.origin.is_empty() {
        "none".to_string()
    } else {
        string(&site.base.absolute(&home.path))
    };
    let publisher = meta.publisher.as_deref().unwrap_or(&site.meta.publisher);
    let intro = {
        let cx = BodyCx {
            label: Some(&page_label(&home.path)),
            rel: &home.source().rel,
            path: &home.path,
            glossary: home.glossary,
            heading_base: 2,
        };
        markup::convert(home.body().0, &cx, links)
    };
    let cover = meta
        .cover
        .as_ref()
        .and_then(|c| {
            markup::image_expr(
                &home.source().rel,
                &c.file,
                &c.alt,
                "width: 100%, height: 8cm, fit: \"contain\"",
                links,
            )
        })
        .unwrap_or_else(|| "none".into());
    out.page_origin(home);
    let _ = write!(
        out.main,
        "#show: volume.with(\n  cover: {cover},\n  collection: {},\n  number: {},\n  title: {},\n  subtitle: {},\n  publisher: {},\n  date: {date},\n  date-label: {},\n  online: {online},\n  label: {},\n  intro: [\n",
        lit(&site.meta.title),
        meta.number,
        lit(&meta.title),
        opt(meta.subtitle.as_deref()),
        lit(publisher),
        opt(published.map(crate::french::french_date).as_deref()),
        string(&page_label(&home.path)),
    );
    out.body(home, intro);
    out.push("],\n)\n\n");
}

/// A page of the volume: the layout call of its kind, its body inside.
fn page(out: &mut Out, links: &mut VolumeLinks, page: &Page) {
    let own = page_label(&page.path);
    let cx = BodyCx {
        label: Some(&own),
        rel: &page.source().rel,
        path: &page.path,
        glossary: page.glossary,
        heading_base: 2,
    };
    let converted = markup::convert(page.body().0, &cx, links);
    out.page_origin(page);
    let call = match &page.kind {
        PageKind::Chapter(doc) => {
            let m = &doc.meta;
            format!(
                "#chapter(\n  title: {},\n  kicker: {},\n  subtitle: {},\n  label: {},\n)[\n",
                lit(&m.title),
                opt(m.kicker.as_deref()),
                opt(m.subtitle.as_deref()),
                string(&own),
            )
        }
        PageKind::CaseStudy(doc) => {
            let m = &doc.meta;
            let figures: Vec<String> = m
                .key_figures
                .iter()
                .map(|f| format!("({}, {})", lit(&f.value), lit(&f.label)))
                .collect();
            format!(
                "#case-study(\n  number: {},\n  heading: {},\n  title: {},\n  label: {},\n  card: {},\n  figures: {},\n)[\n",
                m.number,
                lit(&m.heading),
                lit(&m.title),
                string(&own),
                array(&case_card(out.site, m)),
                array(&figures),
            )
        }
        PageKind::Resources(doc) => resources(&doc.meta, &own),
        _ => return,
    };
    out.push(&call);
    out.body(page, converted);
    out.push("]\n\n");
}

/// The card of a case study: its facts as (label, value) Typst pairs.
fn case_card(site: &Site, m: &CaseStudyMeta) -> Vec<String> {
    let mut card: Vec<(String, String)> = vec![
        ("Structure".into(), lit(&m.structure)),
        ("Type de structure".into(), lit(m.structure_type.label())),
        (
            "Département".into(),
            lit(&format!(
                "{} ({})",
                m.departement.name(),
                m.departement.code()
            )),
        ),
    ];
    if !m.communes.is_empty() {
        let label = if m.communes.len() > 1 {
            "Communes"
        } else {
            "Commune"
        };
        card.push((label.into(), lit(&m.communes.join(", "))));
    }
    if let Some(p) = m
        .ptce
        .as_ref()
        .and_then(|s| site.ptce.iter().find(|p| &p.slug == s))
    {
        card.push((
            "PTCE".into(),
            format!(
                "link(<{}>, {})",
                label(&["ptce", &p.slug]),
                lit(&p.meta.name)
            ),
        ));
    }
    let parties = |list: &[crate::model::Party]| {
        let items: Vec<String> = list
            .iter()
            .map(|p| match &p.role {
                Some(r) => lit(&format!("{} — {}", p.name, r)),
                None => lit(&p.name),
            })
            .collect();
        array(&items)
    };
    if !m.partners.is_empty() {
        card.push(("Partenaires".into(), parties(&m.partners)));
    }
    if !m.funders.is_empty() {
        card.push(("Financeurs".into(), parties(&m.funders)));
    }
    if let Some(c) = &m.contact {
        let mut parts = vec![lit(&match &c.role {
            Some(r) => format!("{}, {r}", c.name),
            None => c.name.clone(),
        })];
        if let Some(e) = &c.email {
            parts.push(format!(
                "link({}, {})",
                string(&format!("mailto:{e}")),
                string(e)
            ));
        }
        if let Some(p) = &c.phone {
            parts.push(lit(p));
        }
        card.push(("Contact".into(), array(&parts)));
    }
    card.iter()
        .map(|(k, v)| format!("({}, {v})", string(k)))
        .collect()
}

/// The layout call of a resources page: its groups of resources.
fn resources(m: &ResourcesMeta, own: &str) -> String {
    let groups: Vec<String> = m
        .groups
        .iter()
        .map(|g| {
            let items: Vec<String> = g
                .resources
                .iter()
                .map(|r| {
                    format!(
                        "(title: {}, kind: {}, publisher: {}, year: {}, description: {}, url: {})",
                        lit(&r.title),
                        opt(r.kind.as_deref()),
                        opt(r.publisher.as_deref()),
                        r.year.map_or("none".into(), |y| y.to_string()),
                        opt(r.description.as_deref()),
                        r.url.as_deref().map_or("none".into(), string),
                    )
                })
                .collect();
            format!("(title: {}, items: {})", lit(&g.title), array(&items))
        })
        .collect();
    format!(
        "#resources(\n  title: {},\n  subtitle: {},\n  label: {},\n  groups: {},\n)[\n",
        lit(&m.title),
        opt(m.subtitle.as_deref()),
        string(own),
        array(&groups),
    )
}

/// The glossary annex, after the volume's pages: every term with its
/// definition and « voir aussi ».
fn glossary(out: &mut Out, links: &mut VolumeLinks) {
    let site = out.site;
    if site.terms.is_empty() {
        return;
    }
    out.generated("(generated PDF: glossary)");
    out.push("#glossary((\n");
    for t in &site.terms {
        let page = &site.pages[t.page];
        let own = label(&["gl", &t.slug]);
        let cx = BodyCx {
            label: Some(&own),
            rel: &page.source().rel,
            path: &page.path,
            glossary: false,
            heading_base: 3,
        };
        let converted = markup::convert(page.body().0, &cx, links);
        let see: Vec<String> = match &page.kind {
            PageKind::Term(d) => d
                .meta
                .see_also
                .iter()
                .filter_map(|s| site.terms.iter().find(|t| &t.slug == s))
                .map(|t| format!("link(<{}>, {})", label(&["gl", &t.slug]), lit(&t.term)))
                .collect(),
            _ => Vec::new(),
        };
        let _ = writeln!(
            out.main,
            "  (term: {}, abbreviation: {}, label: {}, see: ({}), body: [",
            lit(&t.term),
            opt(t.abbreviation.as_deref()),
            string(&own),
            see.iter().map(|s| format!("{s},")).collect::<String>(),
        );
        out.page_origin(page);
        out.body(page, converted);
        out.push("]),\n");
    }
    out.push("))\n\n");
}

/// The PTCE annex, after the glossary: the register by département, each
/// PTCE with its summary.
fn ptce_register(out: &mut Out, links: &mut VolumeLinks) {
    let site = out.site;
    if site.ptce.is_empty() {
        return;
    }
    out.generated("(generated PDF: PTCE)");
    let by_dep = crate::resolve::ptce_by_departement(site);
    let source = site
        .ptce_register
        .as_ref()
        .map(|r| format!("{} ({})", r.source, r.year));
    let _ = writeln!(
        out.main,
        "#ptce-register(source: {}, (",
        opt(source.as_deref())
    );
    for (dep, list) in by_dep.iter().filter(|(_, l)| !l.is_empty()) {
        let _ = writeln!(
            out.main,
            "  (departement: {}, items: (",
            lit(&format!("{} ({})", dep.name(), dep.code()))
        );
        for &i in list {
            let p = &site.ptce[i];
            let own = label(&["ptce", &p.slug]);
            let _ = write!(
                out.main,
                "    (name: {}, label: {}, summary: [",
                lit(&p.meta.name),
                string(&own)
            );
            if let (Some(summary), Some(display)) = (&p.meta.summary, &site.ptce_source) {
                let cx = BodyCx {
                    label: None,
                    rel: "ptce.yaml",
                    path: crate::paths::PTCE_PATH,
                    glossary: false,
                    heading_base: 4,
                };
                let converted = markup::convert(summary, &cx, links);
                out.origins.push(Origin {
                    offset: out.main.len(),
                    display: display.clone(),
                    line: p.summary_lines.first,
                    text_of: None,
                });
                out.main.push_str(&converted.markup);
            }
            out.push("]),\n");
        }
        out.push("  )),\n");
    }
    out.push("))\n");
}
