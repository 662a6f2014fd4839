//! Open data: the case studies, PTCE, glossary and resources as JSON and CSV
//! under `/donnees/`, and the schema of each data set for the documentation
//! page.

use crate::paths::{DATA_PATH, PTCE_PATH};
use crate::resolve::{PageKind, Site};
use serde::Serialize;
use std::collections::BTreeSet;

/// One column of a data set, for the documentation page.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// A data set as documented on `/donnees/`.
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub count: usize,
    pub json_url: String,
    pub csv_url: String,
    pub fields: Vec<Field>,
}

/// A generated data file.
pub struct DataFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Serialize)]
struct CaseRow {
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

/// RFC 4180 field.
fn csv_field(s: &str) -> String {
    let s = &*crate::safety::csv_cell(s);
    if s.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    // A byte-order mark lets spreadsheet software read the accents right.
    let mut bytes = "\u{FEFF}".as_bytes().to_vec();
    bytes.extend(out.into_bytes());
    bytes
}

fn json<T: Serialize>(rows: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(rows).unwrap_or_else(|_| b"[]".to_vec());
    v.push(b'\n');
    v
}

fn join_parties(p: &[crate::model::Party]) -> String {
    p.iter()
        .map(|x| match &x.role {
            Some(r) => format!("{} ({r})", x.name),
            None => x.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(" ; ")
}

fn field(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
    }
}

/// Builds every data file and the description of each data set.
/// `ptce_pages[i]` lists the page indices that mention PTCE `i`.
pub fn datasets(site: &Site, ptce_pages: &[BTreeSet<usize>]) -> (Vec<DataFile>, Vec<Dataset>) {
    let mut files = Vec::new();
    let mut sets = Vec::new();
    cases(site, &mut files, &mut sets);
    ptce(site, ptce_pages, &mut files, &mut sets);
    glossary(site, &mut files, &mut sets);
    resources(site, &mut files, &mut sets);
    (files, sets)
}

/// The title of volume `v`, empty for pages outside volumes.
fn volume_title(site: &Site, v: Option<usize>) -> String {
    v.map(|v| site.pages[site.volumes[v].home].title.clone())
        .unwrap_or_default()
}

/// The case studies of every volume.
fn cases(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let base = &site.base;
    let cases: Vec<CaseRow> = site
        .pages
        .iter()
        .filter_map(|p| match &p.kind {
            PageKind::CaseStudy(d) => {
                let m = &d.meta;
                Some(CaseRow {
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
    files.push(DataFile {
        path: format!("{DATA_PATH}etudes-de-cas.json"),
        bytes: json(&cases),
    });
    files.push(DataFile {
        path: format!("{DATA_PATH}etudes-de-cas.csv"),
        bytes: csv(
            &[
                "volume",
                "numero",
                "titre",
                "thematique",
                "url",
                "structure",
                "type_structure",
                "type_structure_libelle",
                "departement_code",
                "departement",
                "communes",
                "ptce",
                "partenaires",
                "financeurs",
                "contact_nom",
                "contact_courriel",
                "chiffres_cles",
            ],
            cases.iter().map(|c| {
                vec![
                    c.volume.clone(),
                    c.numero.to_string(),
                    c.titre.clone(),
                    c.thematique.clone(),
                    c.url.clone(),
                    c.structure.clone(),
                    c.type_structure.to_string(),
                    c.type_structure_libelle.to_string(),
                    c.departement_code.to_string(),
                    c.departement.to_string(),
                    c.communes.join(" ; "),
                    c.ptce.clone().unwrap_or_default(),
                    join_parties(&c.partenaires),
                    join_parties(&c.financeurs),
                    c.contact_nom.clone().unwrap_or_default(),
                    c.contact_courriel.clone().unwrap_or_default(),
                    c.chiffres_cles
                        .iter()
                        .map(|k| format!("{} {}", k.value, k.label))
                        .collect::<Vec<_>>()
                        .join(" ; "),
                ]
            }),
        ),
    });
    sets.push(Dataset {
        id: "etudes-de-cas",
        title: "Coups de projecteur (études de cas)",
        description: "Les études de cas de chaque volume, avec la structure, son type, son territoire, ses partenaires, ses financeurs et ses chiffres clés.",
        count: cases.len(),
        json_url: base.url(&format!("{DATA_PATH}etudes-de-cas.json")),
        csv_url: base.url(&format!("{DATA_PATH}etudes-de-cas.csv")),
        fields: vec![
            field("volume", "texte", "Titre du volume"),
            field("numero", "entier", "Numéro du coup de projecteur dans le volume"),
            field("titre", "texte", "Titre de l'étude de cas"),
            field("thematique", "texte", "Thématique du coup de projecteur"),
            field("url", "URL", "Adresse de la page"),
            field("structure", "texte", "Structure porteuse"),
            field("type_structure", "code", "ei, ea, aci, ai, etti, esat, geiq, regie-de-quartier, association, ptce ou other"),
            field("type_structure_libelle", "texte", "Libellé du type de structure"),
            field("departement_code", "code", "Code du département (02, 59, 60, 62, 80)"),
            field("departement", "texte", "Nom du département"),
            field("communes", "liste de textes", "Communes concernées (séparées par « ; » en CSV)"),
            field("ptce", "identifiant", "Identifiant du PTCE concerné, s'il y en a un (voir le jeu PTCE)"),
            field("partenaires", "liste", "Partenaires, avec leur rôle (nom et rôle en JSON ; « nom (rôle) » séparés par « ; » en CSV)"),
            field("financeurs", "liste", "Financeurs, même forme que les partenaires"),
            field("contact_nom", "texte", "Nom du contact"),
            field("contact_courriel", "courriel", "Adresse électronique du contact"),
            field("chiffres_cles", "liste", "Chiffres clés (valeur et libellé)"),
        ],
    });
}

/// The PTCE of the register, with the pages that mention each.
fn ptce(
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
    files.push(DataFile {
        path: format!("{DATA_PATH}ptce.json"),
        bytes: json(&ptce),
    });
    files.push(DataFile {
        path: format!("{DATA_PATH}ptce.csv"),
        bytes: csv(
            &[
                "identifiant",
                "nom",
                "departement_code",
                "departement",
                "url",
                "pages",
            ],
            ptce.iter().map(|p| {
                vec![
                    p.identifiant.clone(),
                    p.nom.clone(),
                    p.departement_code.to_string(),
                    p.departement.to_string(),
                    p.url.clone(),
                    p.pages.join(" ; "),
                ]
            }),
        ),
    });
    sets.push(Dataset {
        id: "ptce",
        title: "Pôles territoriaux de coopération économique (PTCE)",
        description: "Le registre régional des PTCE, avec leur département et les pages du site qui les citent.",
        count: ptce.len(),
        json_url: base.url(&format!("{DATA_PATH}ptce.json")),
        csv_url: base.url(&format!("{DATA_PATH}ptce.csv")),
        fields: vec![
            field("identifiant", "identifiant", "Identifiant stable du PTCE"),
            field("nom", "texte", "Nom du PTCE"),
            field("departement_code", "code", "Code du département"),
            field("departement", "texte", "Nom du département"),
            field("url", "URL", "Adresse du PTCE dans l'index"),
            field("pages", "liste d'URL", "Pages qui citent le PTCE (séparées par « ; » en CSV)"),
        ],
    });
}

/// The glossary terms.
fn glossary(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
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
    files.push(DataFile {
        path: format!("{DATA_PATH}glossaire.json"),
        bytes: json(&terms),
    });
    files.push(DataFile {
        path: format!("{DATA_PATH}glossaire.csv"),
        bytes: csv(
            &[
                "identifiant",
                "terme",
                "sigle",
                "variantes",
                "voir_aussi",
                "source",
                "url",
            ],
            terms.iter().map(|t| {
                vec![
                    t.identifiant.clone(),
                    t.terme.clone(),
                    t.sigle.clone().unwrap_or_default(),
                    t.variantes.join(" ; "),
                    t.voir_aussi.join(" ; "),
                    t.source.clone().unwrap_or_default(),
                    t.url.clone(),
                ]
            }),
        ),
    });
    sets.push(Dataset {
        id: "glossaire",
        title: "Glossaire",
        description: "Les mots-clés et sigles définis dans le glossaire, avec leurs variantes et leurs renvois.",
        count: terms.len(),
        json_url: base.url(&format!("{DATA_PATH}glossaire.json")),
        csv_url: base.url(&format!("{DATA_PATH}glossaire.csv")),
        fields: vec![
            field("identifiant", "identifiant", "Identifiant stable du terme"),
            field("terme", "texte", "Le terme, ou la forme développée d'un sigle"),
            field("sigle", "texte", "Le sigle, le cas échéant"),
            field("variantes", "liste de textes", "Autres formes reconnues dans les textes"),
            field("voir_aussi", "liste d'identifiants", "Termes liés"),
            field("source", "texte", "Source de la définition"),
            field("url", "URL", "Adresse de la page du terme"),
        ],
    });
}

/// The resources of every volume.
fn resources(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
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
    files.push(DataFile {
        path: format!("{DATA_PATH}ressources.json"),
        bytes: json(&resources),
    });
    files.push(DataFile {
        path: format!("{DATA_PATH}ressources.csv"),
        bytes: csv(
            &[
                "volume",
                "groupe",
                "titre",
                "type_ressource",
                "editeur",
                "annee",
                "description",
                "url",
            ],
            resources.iter().map(|r| {
                vec![
                    r.volume.clone(),
                    r.groupe.clone(),
                    r.titre.clone(),
                    r.type_ressource.clone().unwrap_or_default(),
                    r.editeur.clone().unwrap_or_default(),
                    r.annee.map(|y| y.to_string()).unwrap_or_default(),
                    r.description.clone().unwrap_or_default(),
                    r.url.clone().unwrap_or_default(),
                ]
            }),
        ),
    });
    sets.push(Dataset {
        id: "ressources",
        title: "Ressources « Lancez-vous »",
        description: "Les guides, études, outils et acteurs clés recommandés par chaque volume.",
        count: resources.len(),
        json_url: base.url(&format!("{DATA_PATH}ressources.json")),
        csv_url: base.url(&format!("{DATA_PATH}ressources.csv")),
        fields: vec![
            field("volume", "texte", "Titre du volume"),
            field("groupe", "texte", "Rubrique de la page « Lancez-vous »"),
            field("titre", "texte", "Titre de la ressource"),
            field(
                "type_ressource",
                "texte",
                "Nature : guide, étude, note, carte, site…",
            ),
            field("editeur", "texte", "Éditeur ou auteur"),
            field("annee", "entier", "Année de publication"),
            field("description", "texte", "Présentation courte"),
            field(
                "url",
                "URL",
                "Adresse, seulement quand la source en donne une",
            ),
        ],
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("abc"), "abc");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("dit \"oui\""), "\"dit \"\"oui\"\"\"");
        let bytes = csv(
            &["a", "b"],
            vec![vec!["1".into(), "x;y".into()]].into_iter(),
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{FEFF}a,b\r\n1,\"x;y\"\r\n"
        );
    }
}
