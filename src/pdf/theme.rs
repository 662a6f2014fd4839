//! The PDF layout of a theme: `pdf/volume.typ` and whatever it imports,
//! embedded for the built-in themes (`dsfr` over `panorama`), replaced
//! file by file by the site's `themes/<name>/pdf/`, as the HTML templates
//! are (render::templates).

use crate::diagnostic::{Code, Diagnostic, display_path};
use std::path::{Path, PathBuf};

const PANORAMA: &[(&str, &str)] = &[
    (
        "volume.typ",
        include_str!("../../themes/panorama/pdf/volume.typ"),
    ),
    (
        "style.typ",
        include_str!("../../themes/panorama/pdf/style.typ"),
    ),
];

/// The dsfr theme changes the fonts and colours only.
const DSFR: &[(&str, &str)] = &[("style.typ", include_str!("../../themes/dsfr/pdf/style.typ"))];

/// The theme's files: Typst sources and other files (images), each with
/// its name in the Typst project and the path shown in messages.
pub(crate) struct Theme {
    pub(crate) sources: Vec<(String, String, PathBuf)>,
    pub(crate) files: Vec<(String, Vec<u8>, PathBuf)>,
}

fn put<T>(list: &mut Vec<(String, T, PathBuf)>, name: String, value: T, shown: PathBuf) {
    list.retain(|(n, _, _)| *n != name);
    list.push((name, value, shown));
}

pub(crate) fn load(root: &Path, theme: &str) -> Result<Theme, Vec<Diagnostic>> {
    let mut t = Theme {
        sources: Vec::new(),
        files: Vec::new(),
    };
    let embedded: &[(&str, &str)] = if theme == "dsfr" { DSFR } else { &[] };
    for (embedded_theme, list) in [("panorama", PANORAMA), (theme, embedded)] {
        for (name, text) in list {
            put(
                &mut t.sources,
                name.to_string(),
                text.to_string(),
                PathBuf::from(format!("(embedded theme {embedded_theme})/pdf/{name}")),
            );
        }
    }
    let dir = root.join("themes").join(theme).join("pdf");
    if !dir.is_dir() {
        return Ok(t);
    }
    let mut diags = Vec::new();
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            return Err(vec![
                Diagnostic::new(
                    display_path(root, &dir),
                    format!("cannot read the theme's PDF layout: {e}"),
                )
                .code(Code::PdfTheme),
            ]);
        }
    };
    entries.sort();
    for path in entries.into_iter().filter(|p| p.is_file()) {
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let shown = display_path(root, &path);
        if name.ends_with(".typ") {
            match std::fs::read_to_string(&path) {
                Ok(text) => put(&mut t.sources, name, text, shown),
                Err(e) => diags.push(
                    Diagnostic::new(shown, format!("cannot read the PDF layout file: {e}"))
                        .hint("Typst files are UTF-8 text")
                        .code(Code::PdfTheme),
                ),
            }
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => put(&mut t.files, name, bytes, shown),
                Err(e) => diags.push(
                    Diagnostic::new(shown, format!("cannot read the file: {e}"))
                        .code(Code::PdfTheme),
                ),
            }
        }
    }
    if diags.is_empty() { Ok(t) } else { Err(diags) }
}
