//! The CSV tables of the open data, one typed row per table. A row's fields
//! are the table's columns, in order; `Table::fields` describes the same
//! columns for the `/donnees/` page and the data package (a unit test keeps
//! the two in step), and `write` serialises the rows with the `csv` crate.

use super::data::Field;
use serde::{Serialize, Serializer};

/// A CSV table of the open data: its row type, and the schema that documents
/// it (one `Field` per column of the row, in the row's order).
pub(crate) trait Table: Serialize {
    /// Its name: the file `<ID>.csv` and the data package's resource.
    const ID: &'static str;
    const TITLE: &'static str;
    const DESCRIPTION: &'static str;
    /// Table Schema `primaryKey`.
    const PRIMARY_KEY: &'static [&'static str] = &[];
    /// Table Schema `foreignKeys`: (field, resource, its field).
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] = &[];
    /// The columns, in the order of the row's fields.
    fn fields() -> Vec<Field>;
}

/// A text cell. Cells that a spreadsheet would run as a formula are defused
/// (`safety::csv_cell`) here, so no table can forget it.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Cell<'a>(pub &'a str);

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::safety::csv_cell(self.0))
    }
}

/// The CSV file of a table: a byte-order mark (spreadsheet software then
/// reads the accents right), the header from the schema (also when there
/// are no rows), then one line per row; CRLF line ends (RFC 4180). A cell
/// is quoted only when it holds a comma, a quote, a line break or a
/// semicolon (the separator French spreadsheets assume).
pub(crate) fn write<T: Table>(rows: &[T]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        // The writer quotes any cell holding the comment byte: that is how
        // `;` gets quoted too.
        .comment(Some(b';'))
        .from_writer("\u{FEFF}".as_bytes().to_vec());
    out.write_record(T::fields().iter().map(|f| f.name))?;
    for row in rows {
        out.serialize(row)?;
    }
    out.into_inner().map_err(|e| e.into_error().into())
}

pub(crate) fn field(name: &'static str, kind: &'static str, description: &'static str) -> Field {
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

pub(crate) const STRUCTURE_CODES: [&str; 11] = [
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

/// `etudes-de-cas.csv`: one line per case study.
#[derive(Debug, Default, Serialize)]
pub(crate) struct CaseLine<'a> {
    pub(crate) identifiant: Cell<'a>,
    pub(crate) volume: Cell<'a>,
    pub(crate) numero: u32,
    pub(crate) titre: Cell<'a>,
    pub(crate) thematique: Cell<'a>,
    pub(crate) url: Cell<'a>,
    pub(crate) structure: Cell<'a>,
    pub(crate) type_structure: Cell<'a>,
    pub(crate) type_structure_libelle: Cell<'a>,
    pub(crate) departement_code: Cell<'a>,
    pub(crate) departement: Cell<'a>,
    pub(crate) ptce: Option<Cell<'a>>,
    pub(crate) contact_nom: Option<Cell<'a>>,
    pub(crate) contact_courriel: Option<Cell<'a>>,
}

impl Table for CaseLine<'_> {
    const ID: &'static str = "etudes-de-cas";
    const TITLE: &'static str = "Coups de projecteur (études de cas)";
    const DESCRIPTION: &'static str = "Les études de cas de chaque volume, avec la structure, son type, son territoire, ses partenaires, ses financeurs et ses chiffres clés.";
    const PRIMARY_KEY: &'static [&'static str] = &["identifiant"];
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] =
        &[("ptce", "ptce", "identifiant")];
    #[rustfmt::skip]
    fn fields() -> Vec<Field> {
        vec![
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
        ]
    }
}

/// The foreign key of the tables of a case study's lists.
const OF_CASE: &[(&str, &str, &str)] = &[("etude_de_cas", "etudes-de-cas", "identifiant")];

fn case_field() -> Field {
    field(
        "etude_de_cas",
        "identifiant",
        "Identifiant de l'étude de cas",
    )
}

/// `etudes-de-cas-communes.csv`: one line per commune of a case study.
#[derive(Debug, Default, Serialize)]
pub(crate) struct CaseCommune<'a> {
    pub(crate) etude_de_cas: Cell<'a>,
    pub(crate) commune: Cell<'a>,
}

impl Table for CaseCommune<'_> {
    const ID: &'static str = "etudes-de-cas-communes";
    const TITLE: &'static str = "Communes des études de cas";
    const DESCRIPTION: &'static str =
        "Les communes concernées par chaque étude de cas, une par ligne.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] = OF_CASE;
    fn fields() -> Vec<Field> {
        vec![case_field(), field("commune", "texte", "Nom de la commune")]
    }
}

/// `etudes-de-cas-acteurs.csv`: one line per partner or funder.
#[derive(Debug, Default, Serialize)]
pub(crate) struct CaseActor<'a> {
    pub(crate) etude_de_cas: Cell<'a>,
    pub(crate) qualite: Cell<'a>,
    pub(crate) nom: Cell<'a>,
    pub(crate) role: Option<Cell<'a>>,
}

impl Table for CaseActor<'_> {
    const ID: &'static str = "etudes-de-cas-acteurs";
    const TITLE: &'static str = "Partenaires et financeurs des études de cas";
    const DESCRIPTION: &'static str =
        "Les partenaires et les financeurs de chaque étude de cas, un par ligne, avec leur rôle.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] = OF_CASE;
    fn fields() -> Vec<Field> {
        vec![
            case_field(),
            code_field(
                "qualite",
                "partenaire ou financeur",
                vec!["partenaire", "financeur"],
            ),
            field("nom", "texte", "Nom de l'acteur"),
            field("role", "texte", "Son rôle, quand la source le donne"),
        ]
    }
}

/// `etudes-de-cas-chiffres-cles.csv`: one line per key figure.
#[derive(Debug, Default, Serialize)]
pub(crate) struct CaseFigure<'a> {
    pub(crate) etude_de_cas: Cell<'a>,
    pub(crate) valeur: Cell<'a>,
    pub(crate) libelle: Cell<'a>,
}

impl Table for CaseFigure<'_> {
    const ID: &'static str = "etudes-de-cas-chiffres-cles";
    const TITLE: &'static str = "Chiffres clés des études de cas";
    const DESCRIPTION: &'static str = "Les chiffres clés de chaque étude de cas, un par ligne.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] = OF_CASE;
    fn fields() -> Vec<Field> {
        vec![
            case_field(),
            field(
                "valeur",
                "texte",
                "La valeur, telle que la source l'écrit (« 12 », « 1,5 M€ »)",
            ),
            field("libelle", "texte", "Ce qu'elle mesure"),
        ]
    }
}

/// `ptce.csv`: one line per PTCE of the register.
#[derive(Debug, Default, Serialize)]
pub(crate) struct PtceLine<'a> {
    pub(crate) identifiant: Cell<'a>,
    pub(crate) nom: Cell<'a>,
    pub(crate) departement_code: Cell<'a>,
    pub(crate) departement: Cell<'a>,
    pub(crate) url: Cell<'a>,
}

impl Table for PtceLine<'_> {
    const ID: &'static str = "ptce";
    const TITLE: &'static str = "Pôles territoriaux de coopération économique (PTCE)";
    const DESCRIPTION: &'static str =
        "Le registre régional des PTCE, avec leur département et les pages du site qui les citent.";
    const PRIMARY_KEY: &'static [&'static str] = &["identifiant"];
    fn fields() -> Vec<Field> {
        vec![
            field("identifiant", "identifiant", "Identifiant stable du PTCE"),
            field("nom", "texte", "Nom du PTCE"),
            code_field(
                "departement_code",
                "Code du département, un texte (« 02 »)",
                departement_codes(),
            ),
            field("departement", "texte", "Nom du département"),
            field("url", "URL", "Adresse du PTCE dans l'index"),
        ]
    }
}

/// `ptce-pages.csv`: one line per page that mentions a PTCE.
#[derive(Debug, Default, Serialize)]
pub(crate) struct PtcePage<'a> {
    pub(crate) ptce: Cell<'a>,
    pub(crate) url: Cell<'a>,
}

impl Table for PtcePage<'_> {
    const ID: &'static str = "ptce-pages";
    const TITLE: &'static str = "Pages qui citent les PTCE";
    const DESCRIPTION: &'static str =
        "Pour chaque PTCE, les pages du site qui le citent, une par ligne.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] =
        &[("ptce", "ptce", "identifiant")];
    fn fields() -> Vec<Field> {
        vec![
            field("ptce", "identifiant", "Identifiant du PTCE"),
            field("url", "URL", "Adresse de la page qui le cite"),
        ]
    }
}

/// `glossaire.csv`: one line per term.
#[derive(Debug, Default, Serialize)]
pub(crate) struct TermLine<'a> {
    pub(crate) identifiant: Cell<'a>,
    pub(crate) terme: Cell<'a>,
    pub(crate) sigle: Option<Cell<'a>>,
    pub(crate) source: Option<Cell<'a>>,
    pub(crate) url: Cell<'a>,
}

impl Table for TermLine<'_> {
    const ID: &'static str = "glossaire";
    const TITLE: &'static str = "Glossaire";
    const DESCRIPTION: &'static str =
        "Les mots-clés et sigles définis dans le glossaire, avec leurs variantes et leurs renvois.";
    const PRIMARY_KEY: &'static [&'static str] = &["identifiant"];
    fn fields() -> Vec<Field> {
        vec![
            field("identifiant", "identifiant", "Identifiant stable du terme"),
            field(
                "terme",
                "texte",
                "Le terme, ou la forme développée d'un sigle",
            ),
            field("sigle", "texte", "Le sigle, le cas échéant"),
            field("source", "texte", "Source de la définition"),
            field("url", "URL", "Adresse de la page du terme"),
        ]
    }
}

const OF_TERM: (&str, &str, &str) = ("terme", "glossaire", "identifiant");

fn term_field() -> Field {
    field("terme", "identifiant", "Identifiant du terme")
}

/// `glossaire-variantes.csv`: one line per alias of a term.
#[derive(Debug, Default, Serialize)]
pub(crate) struct TermVariant<'a> {
    pub(crate) terme: Cell<'a>,
    pub(crate) variante: Cell<'a>,
}

impl Table for TermVariant<'_> {
    const ID: &'static str = "glossaire-variantes";
    const TITLE: &'static str = "Variantes des termes du glossaire";
    const DESCRIPTION: &'static str =
        "Les autres formes de chaque terme reconnues dans les textes, une par ligne.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] = &[OF_TERM];
    fn fields() -> Vec<Field> {
        vec![
            term_field(),
            field("variante", "texte", "Une autre forme du terme"),
        ]
    }
}

/// `glossaire-renvois.csv`: one line per `see_also` of a term.
#[derive(Debug, Default, Serialize)]
pub(crate) struct TermSeeAlso<'a> {
    pub(crate) terme: Cell<'a>,
    pub(crate) voir_aussi: Cell<'a>,
}

impl Table for TermSeeAlso<'_> {
    const ID: &'static str = "glossaire-renvois";
    const TITLE: &'static str = "Renvois entre termes du glossaire";
    const DESCRIPTION: &'static str = "Les termes liés à chaque terme, un par ligne.";
    const FOREIGN_KEYS: &'static [(&'static str, &'static str, &'static str)] =
        &[OF_TERM, ("voir_aussi", "glossaire", "identifiant")];
    fn fields() -> Vec<Field> {
        vec![
            term_field(),
            field("voir_aussi", "identifiant", "Identifiant du terme lié"),
        ]
    }
}

/// `ressources.csv`: one line per resource of a « Lancez-vous » page.
#[derive(Debug, Default, Serialize)]
pub(crate) struct ResourceLine<'a> {
    pub(crate) volume: Cell<'a>,
    pub(crate) groupe: Cell<'a>,
    pub(crate) titre: Cell<'a>,
    pub(crate) type_ressource: Option<Cell<'a>>,
    pub(crate) editeur: Option<Cell<'a>>,
    pub(crate) annee: Option<u32>,
    pub(crate) description: Option<Cell<'a>>,
    pub(crate) url: Option<Cell<'a>>,
}

impl Table for ResourceLine<'_> {
    const ID: &'static str = "ressources";
    const TITLE: &'static str = "Ressources « Lancez-vous »";
    const DESCRIPTION: &'static str =
        "Les guides, études, outils et acteurs clés recommandés par chaque volume.";
    fn fields() -> Vec<Field> {
        vec![
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
        ]
    }
}

/// `citations.csv`: « Comment citer » of each volume and case study.
#[derive(Debug, Default, Serialize)]
pub(crate) struct CitationLine<'a> {
    pub(crate) identifiant: Cell<'a>,
    pub r#type: Cell<'a>,
    pub(crate) titre: Cell<'a>,
    pub(crate) citation: Cell<'a>,
    pub(crate) url: Cell<'a>,
}

impl Table for CitationLine<'_> {
    const ID: &'static str = "citations";
    const TITLE: &'static str = "Comment citer";
    const DESCRIPTION: &'static str = "La référence à citer de chaque volume et de chaque coup de projecteur : éditeur, titre, volume, mois et année de parution, adresse.";
    const PRIMARY_KEY: &'static [&'static str] = &["identifiant"];
    #[rustfmt::skip]
    fn fields() -> Vec<Field> {
        vec![
            field("identifiant", "identifiant", "Identifiant stable de la page (son adresse dans le site, comme dans le jeu des études de cas)"),
            code_field("type", "volume ou etude-de-cas", vec!["volume", "etude-de-cas"]),
            field("titre", "texte", "Titre de la page"),
            field("citation", "texte", "La référence complète, telle qu'affichée sous « Comment citer »"),
            field("url", "URL", "Adresse de la page"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header serde derives from a row type: its field names.
    fn serde_header<T: Table + Default>() -> String {
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        w.serialize(T::default()).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        text.lines().next().unwrap().to_string()
    }

    fn schema_header<T: Table>() -> String {
        T::fields()
            .iter()
            .map(|f| f.name)
            .collect::<Vec<_>>()
            .join(",")
    }

    fn same_columns<T: Table + Default>() {
        assert_eq!(serde_header::<T>(), schema_header::<T>(), "{}", T::ID);
        for key in T::PRIMARY_KEY
            .iter()
            .chain(T::FOREIGN_KEYS.iter().map(|k| &k.0))
        {
            assert!(T::fields().iter().any(|f| f.name == *key), "{key}");
        }
    }

    #[test]
    fn every_row_type_has_the_columns_of_its_schema() {
        same_columns::<CaseLine>();
        same_columns::<CaseCommune>();
        same_columns::<CaseActor>();
        same_columns::<CaseFigure>();
        same_columns::<PtceLine>();
        same_columns::<PtcePage>();
        same_columns::<TermLine>();
        same_columns::<TermVariant>();
        same_columns::<TermSeeAlso>();
        same_columns::<ResourceLine>();
        same_columns::<CitationLine>();
    }

    #[test]
    fn csv_quotes_only_when_needed_and_defuses_formulas() {
        let rows = [
            TermVariant {
                terme: Cell("abc"),
                variante: Cell("a, b"),
            },
            TermVariant {
                terme: Cell("dit \"oui\""),
                variante: Cell("x;y"),
            },
            TermVariant {
                terme: Cell("=1+2"),
                variante: Cell("deux\nlignes"),
            },
        ];
        let text = String::from_utf8(write(&rows).unwrap()).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}terme,variante\r\nabc,\"a, b\"\r\n\"dit \"\"oui\"\"\",\"x;y\"\r\n'=1+2,\"deux\nlignes\"\r\n"
        );
    }

    #[test]
    fn an_empty_table_keeps_its_header_and_absent_values_are_empty() {
        let none: [CaseActor; 0] = [];
        assert_eq!(
            write(&none).unwrap(),
            "\u{FEFF}etude_de_cas,qualite,nom,role\r\n".as_bytes()
        );
        let row = [ResourceLine {
            annee: Some(2024),
            ..ResourceLine::default()
        }];
        assert_eq!(
            String::from_utf8(write(&row).unwrap())
                .unwrap()
                .lines()
                .nth(1),
            Some(",,,,,2024,,")
        );
    }
}
