//! The built-in themes, embedded in the binary so `panorama build` works in
//! any folder: the default `panorama`, and `dsfr` layered over it (a
//! template `dsfr` lacks falls back to panorama's). Their templates are
//! loaded by `templates.rs`, their static files published by `statics.rs`.

use std::path::PathBuf;

/// The default theme, embedded so `panorama build` works in any folder.
pub(super) const EMBEDDED_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/panorama/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/panorama/templates/home.html"),
    ),
    (
        "volume.html",
        include_str!("../../themes/panorama/templates/volume.html"),
    ),
    (
        "chapter.html",
        include_str!("../../themes/panorama/templates/chapter.html"),
    ),
    (
        "case_study.html",
        include_str!("../../themes/panorama/templates/case_study.html"),
    ),
    (
        "resources.html",
        include_str!("../../themes/panorama/templates/resources.html"),
    ),
    (
        "all_resources.html",
        include_str!("../../themes/panorama/templates/all_resources.html"),
    ),
    (
        "term.html",
        include_str!("../../themes/panorama/templates/term.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/panorama/templates/page.html"),
    ),
    (
        "glossary.html",
        include_str!("../../themes/panorama/templates/glossary.html"),
    ),
    (
        "ptce.html",
        include_str!("../../themes/panorama/templates/ptce.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/panorama/templates/404.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/panorama/templates/data.html"),
    ),
    (
        "sitemap.html",
        include_str!("../../themes/panorama/templates/sitemap.html"),
    ),
    (
        "accessibility.html",
        include_str!("../../themes/panorama/templates/accessibility.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/panorama/templates/search.html"),
    ),
    (
        "documents.html",
        include_str!("../../themes/panorama/templates/documents.html"),
    ),
];

/// The `dsfr` theme: the Système de Design de l'État's markup. Its CSS and
/// scripts come from the `@gouvfr/dsfr` package (`render::dsfr`).
pub(super) const DSFR_TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../../themes/dsfr/templates/base.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/dsfr/templates/home.html"),
    ),
    (
        "volume.html",
        include_str!("../../themes/dsfr/templates/volume.html"),
    ),
    (
        "chapter.html",
        include_str!("../../themes/dsfr/templates/chapter.html"),
    ),
    (
        "case_study.html",
        include_str!("../../themes/dsfr/templates/case_study.html"),
    ),
    (
        "resources.html",
        include_str!("../../themes/dsfr/templates/resources.html"),
    ),
    (
        "all_resources.html",
        include_str!("../../themes/dsfr/templates/all_resources.html"),
    ),
    (
        "term.html",
        include_str!("../../themes/dsfr/templates/term.html"),
    ),
    (
        "page.html",
        include_str!("../../themes/dsfr/templates/page.html"),
    ),
    (
        "glossary.html",
        include_str!("../../themes/dsfr/templates/glossary.html"),
    ),
    (
        "ptce.html",
        include_str!("../../themes/dsfr/templates/ptce.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/dsfr/templates/404.html"),
    ),
    (
        "data.html",
        include_str!("../../themes/dsfr/templates/data.html"),
    ),
    (
        "sitemap.html",
        include_str!("../../themes/dsfr/templates/sitemap.html"),
    ),
    (
        "accessibility.html",
        include_str!("../../themes/dsfr/templates/accessibility.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/dsfr/templates/search.html"),
    ),
    (
        "documents.html",
        include_str!("../../themes/dsfr/templates/documents.html"),
    ),
];

/// Static files of the `dsfr` theme itself (the DSFR's own files are
/// copied from its package), published under `/static/`.
const DSFR_STATIC: &[(&str, &[u8])] = &[
    (
        "panorama-dsfr.css",
        include_bytes!("../../themes/dsfr/static/panorama-dsfr.css"),
    ),
    (
        "panorama-dsfr-nojs.css",
        include_bytes!("../../themes/dsfr/static/panorama-dsfr-nojs.css"),
    ),
];

/// The themes built into the binary, selected with `theme:` in
/// `content/site.yaml` (or `--theme`).
pub(crate) const BUILTIN_THEMES: &[&str] = &["panorama", "dsfr"];

/// The embedded templates of a built-in theme, over those of `panorama`.
pub(super) fn builtin_templates(theme: &str) -> &'static [(&'static str, &'static str)] {
    match theme {
        "dsfr" => DSFR_TEMPLATES,
        _ => &[],
    }
}

/// The embedded static files of a built-in theme other than `panorama`
/// (whose `EMBEDDED_STATIC` is always published).
pub(crate) fn builtin_static(theme: &str) -> &'static [(&'static str, &'static [u8])] {
    match theme {
        "dsfr" => DSFR_STATIC,
        _ => &[],
    }
}

/// Static files of the default theme, published under `/static/`.
pub(crate) const EMBEDDED_STATIC: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../../themes/panorama/static/style.css"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/panorama/static/search.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/panorama/static/favicon.svg"),
    ),
    (
        "favicon-32.png",
        include_bytes!("../../themes/panorama/static/favicon-32.png"),
    ),
    (
        "apple-touch-icon.png",
        include_bytes!("../../themes/panorama/static/apple-touch-icon.png"),
    ),
];

/// Path shown in messages for an embedded template.
pub(super) fn embedded_path(name: &str) -> PathBuf {
    embedded_theme_path("panorama", name)
}

pub(super) fn embedded_theme_path(theme: &str, name: &str) -> PathBuf {
    PathBuf::from(format!("(embedded theme {theme})/templates/{name}"))
}
