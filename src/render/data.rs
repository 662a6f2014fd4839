//! Open data: the case studies, PTCE, glossary and resources as JSON and CSV
//! under `/donnees/`, the schema of each data set for the documentation
//! page, and the same schemas as a Frictionless data package
//! (`/donnees/datapackage.json`, Table Schema). A CSV cell holds one value:
//! the lists of a record are separate tables that point back to it.

use crate::paths::{DATA_PATH, PTCE_PATH};
use crate::resolve::{PageKind, Site};
use serde::Serialize;
use std::collections::BTreeSet;

/// One column of a data set, for the documentation page and the data
/// package.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
    /// The only values the column may hold (Table Schema `enum`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<&'static str>,
}

/// A data set as documented on `/donnees/`: one CSV file (and, for the main
/// sets, a JSON file holding the same records with their lists inline).
#[derive(Debug, Clone, Serialize)]
pub struct Dataset {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub count: usize,
    /// Empty for the tables that only exist as CSV (the lists of a set).
    pub json_url: String,
    pub csv_url: String,
    pub fields: Vec<Field>,
    /// Table Schema keys.
    #[serde(skip)]
    pub primary_key: Vec<&'static str>,
    /// (field, resource, its field).
    #[serde(skip)]
    pub foreign_keys: Vec<(&'static str, &'static str, &'static str)>,
}

/// A generated data file.
pub struct DataFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

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

fn field(name: &'static str, kind: &'static str, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
        values: Vec::new(),
    }
}

/// A column whose values come from a closed list.
fn code_field(name: &'static str, description: &'static str, values: Vec<&'static str>) -> Field {
    Field {
        values,
        ..field(name, "code", description)
    }
}

/// The codes of the départements, the values of `departement_code`.
fn departement_codes() -> Vec<&'static str> {
    crate::model::Departement::ALL
        .iter()
        .map(|d| d.code())
        .collect()
}

/// What a table of one list of a data set is made of.
struct ListTable {
    id: &'static str,
    title: &'static str,
    description: &'static str,
    header: &'static [&'static str],
    rows: Vec<Vec<String>>,
    fields: Vec<Field>,
    /// The column naming the record it belongs to, and that record's set.
    key: (&'static str, &'static str, &'static str),
}

/// Writes a table of one list of a data set and describes it.
fn list_table(t: ListTable, base: &crate::resolve::BaseUrl, files: &mut Vec<DataFile>) -> Dataset {
    let path = format!("{DATA_PATH}{}.csv", t.id);
    let count = t.rows.len();
    files.push(DataFile {
        path: path.clone(),
        bytes: csv(t.header, t.rows.into_iter()),
    });
    Dataset {
        id: t.id,
        title: t.title,
        description: t.description,
        count,
        json_url: String::new(),
        csv_url: base.url(&path),
        fields: t.fields,
        primary_key: Vec::new(),
        foreign_keys: vec![t.key],
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
    citations(site, &mut files, &mut sets);
    files.push(DataFile {
        path: format!("{DATA_PATH}{DATAPACKAGE}"),
        bytes: json(&datapackage(site, &sets)),
    });
    (files, sets)
}

/// The file name of the data package under `/donnees/`.
pub const DATAPACKAGE: &str = "datapackage.json";

/// The Table Schema type and format of a column, from its documented kind.
/// Site URLs are declared `uri` only when they are absolute (a base_url
/// with a host); the resources' addresses are as the sources wrote them.
fn schema_type(set: &str, f: &Field, absolute: bool) -> (&'static str, Option<&'static str>) {
    match f.kind {
        "entier" => ("integer", None),
        "URL" if absolute && set != "ressources" => ("string", Some("uri")),
        "courriel" => ("string", Some("email")),
        _ => ("string", None),
    }
}

/// `/donnees/datapackage.json`: every CSV file as a tabular data resource
/// (Frictionless Data Package v1) with its Table Schema: types, closed lists,
/// primary and foreign keys. Paths are relative to the package.
fn datapackage(site: &Site, sets: &[Dataset]) -> serde_json::Value {
    use serde_json::json;
    let absolute = site.base.is_absolute();
    let resources: Vec<serde_json::Value> = sets
        .iter()
        .map(|d| {
            let fields: Vec<serde_json::Value> = d
                .fields
                .iter()
                .map(|f| {
                    let (ty, format) = schema_type(d.id, f, absolute);
                    let mut v = json!({"name": f.name, "type": ty, "description": f.description});
                    if let Some(format) = format {
                        v["format"] = json!(format);
                    }
                    let mut constraints = serde_json::Map::new();
                    if !f.values.is_empty() {
                        constraints.insert("enum".into(), json!(f.values));
                    }
                    if d.primary_key.contains(&f.name) {
                        constraints.insert("required".into(), json!(true));
                        constraints.insert("unique".into(), json!(true));
                    }
                    if !constraints.is_empty() {
                        v["constraints"] = constraints.into();
                    }
                    v
                })
                .collect();
            let mut schema = json!({"fields": fields, "missingValues": [""]});
            if !d.primary_key.is_empty() {
                schema["primaryKey"] = json!(d.primary_key);
            }
            if !d.foreign_keys.is_empty() {
                schema["foreignKeys"] = d
                    .foreign_keys
                    .iter()
                    .map(|(field, resource, to)| {
                        json!({"fields": [field], "reference": {"resource": resource, "fields": [to]}})
                    })
                    .collect();
            }
            json!({
                "name": d.id,
                "title": d.title,
                "description": d.description,
                "path": format!("{}.csv", d.id),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true},
                "schema": schema,
            })
        })
        .collect();
    let mut package = json!({
        "profile": "tabular-data-package",
        "name": "panorama-donnees",
        "title": site.meta.title,
        "language": site.meta.language,
        "publisher": site.meta.publisher,
        "resources": resources,
    });
    if let Some(d) = &site.meta.description {
        package["description"] = json!(d);
    }
    if let Some(home) = site.base.absolute_url(DATA_PATH) {
        package["homepage"] = json!(home);
    }
    package
}

/// « Comment citer » of every volume and case study (render/citation.rs).
fn citations(site: &Site, files: &mut Vec<DataFile>, sets: &mut Vec<Dataset>) {
    let rows: Vec<Vec<String>> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let kind = match p.kind {
                PageKind::Volume(_) => "volume",
                PageKind::CaseStudy(_) => "etude-de-cas",
                _ => return None,
            };
            let c = super::citation::citation(site, i)?;
            Some(vec![
                p.path.trim_end_matches('/').to_string(),
                kind.to_string(),
                p.title.clone(),
                c.text,
                c.url,
            ])
        })
        .collect();
    let path = format!("{DATA_PATH}citations.csv");
    let count = rows.len();
    files.push(DataFile {
        path: path.clone(),
        bytes: csv(
            &["identifiant", "type", "titre", "citation", "url"],
            rows.into_iter(),
        ),
    });
    sets.push(Dataset {
        id: "citations",
        title: "Comment citer",
        description: "La référence à citer de chaque volume et de chaque coup de projecteur : éditeur, titre, volume, mois et année de parution, adresse.",
        count,
        json_url: String::new(),
        csv_url: site.base.url(&path),
        fields: vec![
            field("identifiant", "identifiant", "Identifiant stable de la page (son adresse dans le site, comme dans le jeu des études de cas)"),
            code_field("type", "volume ou etude-de-cas", vec!["volume", "etude-de-cas"]),
            field("titre", "texte", "Titre de la page"),
            field("citation", "texte", "La référence complète, telle qu'affichée sous « Comment citer »"),
            field("url", "URL", "Adresse de la page"),
        ],
        primary_key: vec!["identifiant"],
        foreign_keys: Vec::new(),
    });
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
    files.push(DataFile {
        path: format!("{DATA_PATH}etudes-de-cas.json"),
        bytes: json(&cases),
    });
    files.push(DataFile {
        path: format!("{DATA_PATH}etudes-de-cas.csv"),
        bytes: csv(
            &[
                "identifiant",
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
                "ptce",
                "contact_nom",
                "contact_courriel",
            ],
            cases.iter().map(|c| {
                vec![
                    c.identifiant.clone(),
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
                    c.ptce.clone().unwrap_or_default(),
                    c.contact_nom.clone().unwrap_or_default(),
                    c.contact_courriel.clone().unwrap_or_default(),
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
            field("identifiant", "identifiant", "Identifiant stable de l'étude de cas (son adresse dans le site)"),
            field("volume", "texte", "Titre du volume"),
            field("numero", "entier", "Numéro du coup de projecteur dans le volume"),
            field("titre", "texte", "Titre de l'étude de cas"),
            field("thematique", "texte", "Thématique du coup de projecteur"),
            field("url", "URL", "Adresse de la page"),
            field("structure", "texte", "Structure porteuse"),
            code_field("type_structure", "ei, ea, aci, ai, etti, esat, geiq, regie-de-quartier, association, ptce ou other", STRUCTURE_CODES.to_vec()),
            field("type_structure_libelle", "texte", "Libellé du type de structure"),
            code_field("departement_code", "Code du département (02, 59, 60, 62, 80), un texte : « 02 » garde son zéro", departement_codes()),
            field("departement", "texte", "Nom du département"),
            field("ptce", "identifiant", "Identifiant du PTCE concerné, s'il y en a un (voir le jeu PTCE)"),
            field("contact_nom", "texte", "Nom du contact"),
            field("contact_courriel", "courriel", "Adresse électronique du contact"),
        ],
        primary_key: vec!["identifiant"],
        foreign_keys: vec![("ptce", "ptce", "identifiant")],
    });
    case_lists(&cases, base, files, sets);
}

/// The lists of the case studies, one value per cell (in JSON they stay
/// inside each record).
fn case_lists(
    cases: &[CaseRow],
    base: &crate::resolve::BaseUrl,
    files: &mut Vec<DataFile>,
    sets: &mut Vec<Dataset>,
) {
    const OF_CASE: (&str, &str, &str) = ("etude_de_cas", "etudes-de-cas", "identifiant");
    let case_field = || {
        field(
            "etude_de_cas",
            "identifiant",
            "Identifiant de l'étude de cas",
        )
    };
    let communes = cases
        .iter()
        .flat_map(|c| {
            c.communes
                .iter()
                .map(|m| vec![c.identifiant.clone(), m.clone()])
        })
        .collect();
    sets.push(list_table(
        ListTable {
            id: "etudes-de-cas-communes",
            title: "Communes des études de cas",
            description: "Les communes concernées par chaque étude de cas, une par ligne.",
            header: &["etude_de_cas", "commune"],
            rows: communes,
            fields: vec![case_field(), field("commune", "texte", "Nom de la commune")],
            key: OF_CASE,
        },
        base,
        files,
    ));
    let mut actors = Vec::new();
    for c in cases {
        for (quality, parties) in [("partenaire", &c.partenaires), ("financeur", &c.financeurs)] {
            for p in parties {
                actors.push(vec![
                    c.identifiant.clone(),
                    quality.to_string(),
                    p.name.clone(),
                    p.role.clone().unwrap_or_default(),
                ]);
            }
        }
    }
    sets.push(list_table(
        ListTable {
            id: "etudes-de-cas-acteurs",
            title: "Partenaires et financeurs des études de cas",
            description: "Les partenaires et les financeurs de chaque étude de cas, un par ligne, avec leur rôle.",
            header: &["etude_de_cas", "qualite", "nom", "role"],
            rows: actors,
            fields: vec![
                case_field(),
                code_field("qualite", "partenaire ou financeur", vec!["partenaire", "financeur"]),
                field("nom", "texte", "Nom de l'acteur"),
                field("role", "texte", "Son rôle, quand la source le donne"),
            ],
            key: OF_CASE,
        },
        base,
        files,
    ));
    let figures = cases
        .iter()
        .flat_map(|c| {
            c.chiffres_cles
                .iter()
                .map(|k| vec![c.identifiant.clone(), k.value.clone(), k.label.clone()])
        })
        .collect();
    sets.push(list_table(
        ListTable {
            id: "etudes-de-cas-chiffres-cles",
            title: "Chiffres clés des études de cas",
            description: "Les chiffres clés de chaque étude de cas, un par ligne.",
            header: &["etude_de_cas", "valeur", "libelle"],
            rows: figures,
            fields: vec![
                case_field(),
                field(
                    "valeur",
                    "texte",
                    "La valeur, telle que la source l'écrit (« 12 », « 1,5 M€ »)",
                ),
                field("libelle", "texte", "Ce qu'elle mesure"),
            ],
            key: OF_CASE,
        },
        base,
        files,
    ));
}

const STRUCTURE_CODES: [&str; 11] = [
    "ei",
    "ea",
    "aci",
    "ai",
    "etti",
    "esat",
    "geiq",
    "regie-de-quartier",
    "association",
    "ptce",
    "other",
];

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
            ],
            ptce.iter().map(|p| {
                vec![
                    p.identifiant.clone(),
                    p.nom.clone(),
                    p.departement_code.to_string(),
                    p.departement.to_string(),
                    p.url.clone(),
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
            code_field("departement_code", "Code du département, un texte (« 02 »)", departement_codes()),
            field("departement", "texte", "Nom du département"),
            field("url", "URL", "Adresse du PTCE dans l'index"),
        ],
        primary_key: vec!["identifiant"],
        foreign_keys: Vec::new(),
    });
    let pages = ptce
        .iter()
        .flat_map(|p| {
            p.pages
                .iter()
                .map(|u| vec![p.identifiant.clone(), u.clone()])
        })
        .collect();
    sets.push(list_table(
        ListTable {
            id: "ptce-pages",
            title: "Pages qui citent les PTCE",
            description: "Pour chaque PTCE, les pages du site qui le citent, une par ligne.",
            header: &["ptce", "url"],
            rows: pages,
            fields: vec![
                field("ptce", "identifiant", "Identifiant du PTCE"),
                field("url", "URL", "Adresse de la page qui le cite"),
            ],
            key: ("ptce", "ptce", "identifiant"),
        },
        base,
        files,
    ));
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
            &["identifiant", "terme", "sigle", "source", "url"],
            terms.iter().map(|t| {
                vec![
                    t.identifiant.clone(),
                    t.terme.clone(),
                    t.sigle.clone().unwrap_or_default(),
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
            field("source", "texte", "Source de la définition"),
            field("url", "URL", "Adresse de la page du terme"),
        ],
        primary_key: vec!["identifiant"],
        foreign_keys: Vec::new(),
    });
    let of_term = ("terme", "glossaire", "identifiant");
    let term_field = || field("terme", "identifiant", "Identifiant du terme");
    let variants = terms
        .iter()
        .flat_map(|t| {
            t.variantes
                .iter()
                .map(|v| vec![t.identifiant.clone(), v.clone()])
        })
        .collect();
    sets.push(list_table(
        ListTable {
            id: "glossaire-variantes",
            title: "Variantes des termes du glossaire",
            description: "Les autres formes de chaque terme reconnues dans les textes, une par ligne.",
            header: &["terme", "variante"],
            rows: variants,
            fields: vec![term_field(), field("variante", "texte", "Une autre forme du terme")],
            key: of_term,
        },
        base,
        files,
    ));
    let see_also = terms
        .iter()
        .flat_map(|t| {
            t.voir_aussi
                .iter()
                .map(|v| vec![t.identifiant.clone(), v.clone()])
        })
        .collect();
    let mut renvois = list_table(
        ListTable {
            id: "glossaire-renvois",
            title: "Renvois entre termes du glossaire",
            description: "Les termes liés à chaque terme, un par ligne.",
            header: &["terme", "voir_aussi"],
            rows: see_also,
            fields: vec![
                term_field(),
                field("voir_aussi", "identifiant", "Identifiant du terme lié"),
            ],
            key: of_term,
        },
        base,
        files,
    );
    renvois
        .foreign_keys
        .push(("voir_aussi", "glossaire", "identifiant"));
    sets.push(renvois);
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
        primary_key: Vec::new(),
        foreign_keys: Vec::new(),
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
