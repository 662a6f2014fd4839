//! Each data set of `/donnees/`: its records as JSON (lists inline) and
//! its CSV tables (one value per cell, lists in tables of their own).

use super::tables::{self, Cell, Table};
use super::{DataFile, Dataset, json_file, table};
use crate::paths::PTCE_PATH;
use crate::render::citation;
use crate::resolve::{BaseUrl, PageKind, Site};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Serialize)]
struct CaseRow {
    identifiant: String,
    volume: String,
    numero: u32,
    titre: String,
    thematique: String,
    url: String,
    structure: String,
    type_structure: &'static str,
    type_structure_libelle: &'static str,
    departement_code: &'static str,
    departement: &'static str,
    communes: Vec<String>,
    ptce: Option<String>,
    partenaires: Vec<crate::model::Party>,
    financeurs: Vec<crate::model::Party>,
    contact_nom: Option<String>,
    contact_courriel: Option<String>,
    chiffres_cles: Vec<crate::model::KeyFigure>,
}

#[derive(Serialize)]
struct PtceRow {
    identifiant: String,
    nom: String,
    departement_code: &'static str,
    departement: &'static str,
    url: String,
    pages: Vec<String>,
}

#[derive(Serialize)]
struct TermRow {
    identifiant: String,
    terme: String,
    sigle: Option<String>,
    variantes: Vec<String>,
    voir_aussi: Vec<String>,
    source: Option<String>,
    url: String,
}

#[derive(Serialize)]
struct ResourceRow {
    volume: String,
    groupe: String,
    titre: String,
    type_ressource: Option<String>,
    editeur: Option<String>,
    annee: Option<u32>,
    description: Option<String>,
    url: Option<String>,
}

/// « Comment citer » of every volume and case study (render/citation.rs).
pub(super) fn citations(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let rows: Vec<(String, &'static str, &str, citation::Citation)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let kind = match p.kind {
                PageKind::Volume(_) => "volume",
                PageKind::CaseStudy(_) => "etude-de-cas",
                _ => return None,
            };
            let c = citation::citation(site, i)?;
            Some((
                p.path.trim_end_matches('/').to_string(),
                kind,
                p.title.as_str(),
                c,
            ))
        })
        .collect();
    let lines: Vec<_> = rows
        .iter()
        .map(|(id, kind, title, c)| tables::CitationLine {
            identifiant: Cell(id),
            r#type: Cell(kind),
            titre: Cell(title),
            citation: Cell(&c.text),
            url: Cell(&c.url),
        })
        .collect();
    sets.push(table(&lines, String::new(), &site.base, files));
}

/// The title of volume `v`, empty for pages outside volumes.
fn volume_title(site: &Site, v: Option<usize>) -> String {
    v.map(|v| site.pages[site.volumes[v].home].title.clone())
        .unwrap_or_default()
}

/// The case studies of every volume.
pub(super) fn cases(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let base = &site.base;
    let cases: Vec<CaseRow> = site
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            PageKind::CaseStudy(d) => {
                let m = &d.meta;
                Some(CaseRow {
                    identifiant: p.path.trim_end_matches('/').to_string(),
                    volume: volume_title(site, p.volume),
                    numero: m.number,
                    titre: m.title.clone(),
                    thematique: m.heading.clone(),
                    url: base.absolute(&p.path),
                    structure: m.structure.clone(),
                    type_structure: structure_code(m.structure_type),
                    type_structure_libelle: m.structure_type.label(),
                    departement_code: m.departement.code(),
                    departement: m.departement.name(),
                    communes: m.communes.clone(),
                    ptce: m.ptce.clone(),
                    partenaires: m.partners.clone(),
                    financeurs: m.funders.clone(),
                    contact_nom: m.contact.as_ref().map(|c| c.name.clone()),
                    contact_courriel: m.contact.as_ref().and_then(|c| c.email.clone()),
                    chiffres_cles: m.key_figures.clone(),
                })
            }
            _ => None,
        })
        .collect();
    let json_url = json_file(tables::CaseLine::ID, &cases, base, files);
    let lines: Vec<_> = cases
        .iter()
        .map(|c| tables::CaseLine {
            identifiant: Cell(&c.identifiant),
            volume: Cell(&c.volume),
            numero: c.numero,
            titre: Cell(&c.titre),
            thematique: Cell(&c.thematique),
            url: Cell(&c.url),
            structure: Cell(&c.structure),
            type_structure: Cell(c.type_structure),
            type_structure_libelle: Cell(c.type_structure_libelle),
            departement_code: Cell(c.departement_code),
            departement: Cell(c.departement),
            ptce: c.ptce.as_deref().map(Cell),
            contact_nom: c.contact_nom.as_deref().map(Cell),
            contact_courriel: c.contact_courriel.as_deref().map(Cell),
        })
        .collect();
    sets.push(table(&lines, json_url, base, files));
    case_lists(&cases, base, files, sets);
}

/// The lists of the case studies, one value per cell (in JSON they stay
/// inside each record).
fn case_lists(
    cases: &[CaseRow],
    base: &BaseUrl,
    files: &mut Vec<DataFile>,
    sets: &mut Vec<Dataset>,
) {
    let communes: Vec<_> = cases
        .iter()
        .flat_map(|c| {
            c.communes.iter().map(|m| tables::CaseCommune {
                etude_de_cas: Cell(&c.identifiant),
                commune: Cell(m),
            })
        })
        .collect();
    sets.push(table(&communes, String::new(), base, files));
    let mut actors = Vec::new();
    for c in cases {
        for (quality, parties) in [("partenaire", &c.partenaires), ("financeur", &c.financeurs)] {
            for p in parties {
                actors.push(tables::CaseActor {
                    etude_de_cas: Cell(&c.identifiant),
                    qualite: Cell(quality),
                    nom: Cell(&p.name),
                    role: p.role.as_deref().map(Cell),
                });
            }
        }
    }
    sets.push(table(&actors, String::new(), base, files));
    let figures: Vec<_> = cases
        .iter()
        .flat_map(|c| {
            c.chiffres_cles.iter().map(|k| tables::CaseFigure {
                etude_de_cas: Cell(&c.identifiant),
                valeur: Cell(&k.value),
                libelle: Cell(&k.label),
            })
        })
        .collect();
    sets.push(table(&figures, String::new(), base, files));
}

/// The PTCE of the register, with the pages that mention each.
pub(super) fn ptce(
    site: &Site,
    ptce_pages: &[BTreeSet<usize>],
    files: &mut Vec<DataFile>,
    sets: &mut Vec<Dataset>,
) {
    let base = &site.base;
    let ptce: Vec<PtceRow> = site
        .ptce
        .iter()
        .enumerate()
        .map(|(i, p)| PtceRow {
            identifiant: p.slug.clone(),
            nom: p.meta.name.clone(),
            departement_code: p.meta.departement.code(),
            departement: p.meta.departement.name(),
            url: base.absolute(&format!("{PTCE_PATH}#{}", p.slug)),
            pages: ptce_pages
                .get(i)
                .map(|s| {
                    s.iter()
                        .map(|&pg| base.absolute(&site.pages[pg].path))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect();
    let json_url = json_file(tables::PtceLine::ID, &ptce, base, files);
    let lines: Vec<_> = ptce
        .iter()
        .map(|p| tables::PtceLine {
            identifiant: Cell(&p.identifiant),
            nom: Cell(&p.nom),
            departement_code: Cell(p.departement_code),
            departement: Cell(p.departement),
            url: Cell(&p.url),
        })
        .collect();
    sets.push(table(&lines, json_url, base, files));
    let pages: Vec<_> = ptce
        .iter()
        .flat_map(|p| {
            p.pages.iter().map(|u| tables::PtcePage {
                ptce: Cell(&p.identifiant),
                url: Cell(u),
            })
        })
        .collect();
    sets.push(table(&pages, String::new(), base, files));
}

/// The glossary terms.
pub(super) fn glossary(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let base = &site.base;
    let terms: Vec<TermRow> = site
        .terms
        .iter()
        .filter_map(|t| match &site.pages[t.page].kind {
            PageKind::Term(d) => Some(TermRow {
                identifiant: t.slug.clone(),
                terme: t.term.clone(),
                sigle: t.abbreviation.clone(),
                variantes: d.meta.aliases.clone(),
                voir_aussi: d.meta.see_also.clone(),
                source: d.meta.source.clone(),
                url: base.absolute(&site.pages[t.page].path),
            }),
            _ => None,
        })
        .collect();
    let json_url = json_file(tables::TermLine::ID, &terms, base, files);
    let lines: Vec<_> = terms
        .iter()
        .map(|t| tables::TermLine {
            identifiant: Cell(&t.identifiant),
            terme: Cell(&t.terme),
            sigle: t.sigle.as_deref().map(Cell),
            source: t.source.as_deref().map(Cell),
            url: Cell(&t.url),
        })
        .collect();
    sets.push(table(&lines, json_url, base, files));
    let variants: Vec<_> = terms
        .iter()
        .flat_map(|t| {
            t.variantes.iter().map(|v| tables::TermVariant {
                terme: Cell(&t.identifiant),
                variante: Cell(v),
            })
        })
        .collect();
    sets.push(table(&variants, String::new(), base, files));
    let see_also: Vec<_> = terms
        .iter()
        .flat_map(|t| {
            t.voir_aussi.iter().map(|v| tables::TermSeeAlso {
                terme: Cell(&t.identifiant),
                voir_aussi: Cell(v),
            })
        })
        .collect();
    sets.push(table(&see_also, String::new(), base, files));
}

/// The resources of every volume.
pub(super) fn resources(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let base = &site.base;
    let mut resources = Vec::new();
    for p in &site.pages {
        if let PageKind::Resources(d) = &p.kind {
            for g in &d.meta.groups {
                for r in &g.resources {
                    resources.push(ResourceRow {
                        volume: volume_title(site, p.volume),
                        groupe: g.title.clone(),
                        titre: r.title.clone(),
                        type_ressource: r.kind.clone(),
                        editeur: r.publisher.clone(),
                        annee: r.year,
                        description: r.description.clone(),
                        url: r.url.clone(),
                    });
                }
            }
        }
    }
    let json_url = json_file(tables::ResourceLine::ID, &resources, base, files);
    let lines: Vec<_> = resources
        .iter()
        .map(|r| tables::ResourceLine {
            volume: Cell(&r.volume),
            groupe: Cell(&r.groupe),
            titre: Cell(&r.titre),
            type_ressource: r.type_ressource.as_deref().map(Cell),
            editeur: r.editeur.as_deref().map(Cell),
            annee: r.annee,
            description: r.description.as_deref().map(Cell),
            url: r.url.as_deref().map(Cell),
        })
        .collect();
    sets.push(table(&lines, json_url, base, files));
}

fn structure_code(t: crate::model::StructureType) -> &'static str {
    use crate::model::StructureType::{
        Aci, Ai, Association, Ea, Ei, Esat, Etti, Geiq, Other, Ptce, RegieDeQuartier,
    };
    match t {
        Ei => "ei",
        Ea => "ea",
        Aci => "aci",
        Ai => "ai",
        Etti => "etti",
        Esat => "esat",
        Geiq => "geiq",
        RegieDeQuartier => "regie-de-quartier",
        Association => "association",
        Ptce => "ptce",
        Other => "other",
    }
}
