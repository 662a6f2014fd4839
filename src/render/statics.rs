//! The static files of a site: the embedded ones, the theme's (the DSFR's
//! from its npm package) and the content's assets.

use super::emit::Origin;
use super::{builtin, dsfr};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::paths::STATIC_DIR;
use crate::resolve::Site;
use std::path::Path;

/// Every static file with who provides it; several may claim one path (the
/// [`Origin`] order decides).
pub(super) fn collect(
    site: &Site,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<(Origin, String, Vec<u8>)> {
    let mut statics: Vec<(Origin, String, Vec<u8>)> = Vec::new();
    for (name, bytes) in builtin::EMBEDDED_STATIC {
        // The default theme's stylesheet: no page of the DSFR theme loads it.
        if site.meta.theme == "dsfr" && *name == "style.css" {
            continue;
        }
        statics.push((
            Origin::EmbeddedStatic,
            format!("{STATIC_DIR}{name}"),
            bytes.to_vec(),
        ));
    }
    copy_theme_static(root, &site.meta.theme, &mut statics, diags);
    for (rel, abs) in &site.assets {
        if let Some(d) = crate::safety::reserved_asset(rel) {
            diags.push(d);
            continue;
        }
        // Images and documents are published processed (src/media/).
        if site.media.contains(rel) {
            continue;
        }
        match std::fs::read(abs) {
            Ok(bytes) => statics.push((Origin::Asset, rel.clone(), bytes)),
            Err(e) => diags.push(
                Diagnostic::new(
                    crate::diagnostic::display_path(root, abs),
                    format!("cannot read the file: {e}"),
                )
                .code(Code::CannotRead),
            ),
        }
    }
    statics
}

fn copy_theme_static(
    root: &Path,
    theme: &str,
    out: &mut Vec<(Origin, String, Vec<u8>)>,
    diags: &mut Diagnostics,
) {
    // A built-in theme's own files, then the DSFR's from its package; the
    // site's `themes/<theme>/static/` replaces any of them.
    for (name, bytes) in builtin::builtin_static(theme) {
        out.push((
            Origin::EmbeddedStatic,
            format!("{STATIC_DIR}{name}"),
            bytes.to_vec(),
        ));
    }
    if theme == "dsfr" {
        match dsfr::assets(root) {
            Ok(files) => out.extend(
                files
                    .into_iter()
                    .map(|f| (Origin::EmbeddedStatic, f.path, f.bytes)),
            ),
            Err(ds) => diags.extend(ds.into_iter().map(|d| d.or_code(Code::DsfrPackage))),
        }
    }
    let dir = root.join("themes").join(theme).join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                match std::fs::read(e.path()) {
                    Ok(bytes) => {
                        out.push((Origin::ThemeStatic, format!("{STATIC_DIR}{rel}"), bytes))
                    }
                    Err(err) => diags.push(
                        Diagnostic::new(
                            crate::diagnostic::display_path(root, e.path()),
                            format!("cannot read: {err}"),
                        )
                        .code(Code::CannotRead),
                    ),
                }
            }
            Ok(_) => {}
            Err(err) => diags.push(
                Diagnostic::new(
                    crate::diagnostic::display_path(root, &dir),
                    format!("cannot read: {err}"),
                )
                .code(Code::CannotRead),
            ),
        }
    }
}
