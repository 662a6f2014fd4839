//! Open data: the case studies, PTCE, glossary and resources as JSON and CSV
//! under `/donnees/`, the schema of each data set for the documentation
//! page, and the same schemas as a Frictionless data package
//! (`/donnees/datapackage.json`, Table Schema). A CSV cell holds one value:
//! the lists of a record are separate tables that point back to it.

mod sets;

use super::data_tables::{self as tables, Table};
use crate::paths::DATA_PATH;
use crate::resolve::{BaseUrl, Site};
use serde::Serialize;
use std::collections::BTreeSet;

/// One column of a data set, for the documentation page and the data
/// package.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) description: &'static str,
    /// The only values the column may hold (Table Schema `enum`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) values: Vec<&'static str>,
}

/// A data set as documented on `/donnees/`: one CSV file (and, for the main
/// sets, a JSON file holding the same records with their lists inline).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Dataset {
    pub(crate) id: &'static str,
    pub(crate) title: &'static str,
    pub(crate) description: &'static str,
    pub(crate) count: usize,
    /// Empty for the tables that only exist as CSV (the lists of a set).
    pub(crate) json_url: String,
    pub(crate) csv_url: String,
    pub(crate) fields: Vec<Field>,
    /// Table Schema keys.
    #[serde(skip)]
    pub(crate) primary_key: Vec<&'static str>,
    /// (field, resource, its field).
    #[serde(skip)]
    pub(crate) foreign_keys: Vec<(&'static str, &'static str, &'static str)>,
}

/// A generated data file.
pub(crate) struct DataFile {
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
}

fn json<T: Serialize>(rows: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(rows).unwrap_or_else(|_| b"[]".to_vec());
    v.push(b'\n');
    v
}

/// Writes the CSV file of a table and describes it; `json_url` is the
/// address of the same records as JSON, if they have one.
fn table<T: Table>(
    rows: &[T],
    json_url: String,
    base: &BaseUrl,
    files: &mut Vec<DataFile>,
) -> Dataset {
    let path = format!("{DATA_PATH}{}.csv", T::ID);
    files.push(DataFile {
        path: path.clone(),
        // Flat rows of text and numbers serialised into memory: cannot fail.
        bytes: tables::write(rows).unwrap_or_default(),
    });
    Dataset {
        id: T::ID,
        title: T::TITLE,
        description: T::DESCRIPTION,
        count: rows.len(),
        json_url,
        csv_url: base.url(&path),
        fields: T::fields(),
        primary_key: T::PRIMARY_KEY.to_vec(),
        foreign_keys: T::FOREIGN_KEYS.to_vec(),
    }
}

/// Writes the JSON file of a set's records and returns its address.
fn json_file<T: Serialize>(
    id: &str,
    records: &T,
    base: &BaseUrl,
    files: &mut Vec<DataFile>,
) -> String {
    let path = format!("{DATA_PATH}{id}.json");
    let url = base.url(&path);
    files.push(DataFile {
        path,
        bytes: json(records),
    });
    url
}

/// Builds every data file and the description of each data set.
/// `ptce_pages[i]` lists the page indices that mention PTCE `i`.
pub(crate) fn datasets(
    site: &Site,
    ptce_pages: &[BTreeSet<usize>],
) -> (Vec<DataFile>, Vec<Dataset>) {
    let mut files = Vec::new();
    let mut sets = Vec::new();
    sets::cases(site, &mut files, &mut sets);
    sets::ptce(site, ptce_pages, &mut files, &mut sets);
    sets::glossary(site, &mut files, &mut sets);
    sets::resources(site, &mut files, &mut sets);
    sets::citations(site, &mut files, &mut sets);
    files.push(DataFile {
        path: format!("{DATA_PATH}{DATAPACKAGE}"),
        bytes: json(&datapackage(site, &sets)),
    });
    (files, sets)
}

/// The file name of the data package under `/donnees/`.
pub(crate) const DATAPACKAGE: &str = "datapackage.json";

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
