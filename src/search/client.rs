//! Pagefind's reader (its script, worker and French WebAssembly),
//! taken from its library, and the entry file that points the reader at
//! our index.

use super::{diagnostic, guarded};
use crate::diagnostic::Diagnostic;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;

/// `pagefind-entry.json`, which the reader loads first.
#[derive(serde::Serialize)]
pub(super) struct Entry<'a> {
    pub(super) version: &'a str,
    pub(super) languages: BTreeMap<&'static str, EntryLanguage<'a>>,
    pub(super) include_characters: &'a [char],
}

#[derive(serde::Serialize)]
pub(super) struct EntryLanguage<'a> {
    pub(super) hash: &'a str,
    pub(super) wasm: &'static str,
    pub(super) page_count: usize,
}

/// Pagefind's reader, as its library publishes it.
pub(super) struct Client {
    pub(super) version: String,
    pub(super) include_characters: Vec<char>,
    /// Paths relative to the bundle.
    pub(super) files: Vec<(String, Vec<u8>)>,
}

/// The reader's files: Pagefind's library run on one tiny page, of which
/// only the script, its worker, the French WebAssembly and the version
/// and word symbols of its entry are kept (the index is ours). Runs beside
/// the pages' indexing.
pub(super) fn client_files() -> Result<Client, Diagnostic> {
    const KEPT: [&str; 3] = ["pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind"];
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| diagnostic(format!("search index: cannot start: {e}")))?;
    let config = PagefindServiceConfig::builder()
        .force_language("fr".to_string())
        .build();
    let mut index = guarded("cannot start", || {
        PagefindIndex::new(Some(config)).map_err(|e| format!("{e:#}"))
    })?;
    let files = guarded("cannot build the reader", || {
        runtime
            .block_on(index.add_html_file(
                None,
                Some("/".into()),
                "<html lang=\"fr\"><body><main data-pagefind-body><p>panorama</p></main></body></html>"
                    .into(),
            ))
            .map_err(|e| format!("{e:#}"))?;
        runtime
            .block_on(index.get_files())
            .map_err(|e| format!("{e:#}"))
    })?;
    drop(index);
    let mut client = Client {
        version: String::new(),
        include_characters: Vec::new(),
        files: Vec::new(),
    };
    for file in files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        if name == "pagefind-entry.json" {
            let entry: serde_json::Value = serde_json::from_slice(&file.contents)
                .map_err(|e| diagnostic(format!("search index: unexpected entry: {e}")))?;
            client.version = entry["version"].as_str().unwrap_or_default().to_string();
            client.include_characters = entry["include_characters"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str()?.chars().next())
                        .collect()
                })
                .unwrap_or_default();
        } else if KEPT.contains(&name.as_str()) {
            client.files.push((name, file.contents));
        }
    }
    if client.version.is_empty() || client.files.len() != KEPT.len() {
        return Err(diagnostic(
            "search index: Pagefind's library did not give its reader's files".to_string(),
        ));
    }
    Ok(client)
}
