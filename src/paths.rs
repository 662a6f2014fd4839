//! Every output path the generator reserves for itself. Content pages
//! cannot take them (resolve checks it); render, the search index and the
//! preview server write or look them up here, and nowhere else.

/// The glossary index (the terms live under it).
pub(crate) const GLOSSARY_PATH: &str = "glossaire/";
/// The PTCE index, grouped by département.
pub(crate) const PTCE_PATH: &str = "ptce/";
/// Every volume's resources on one page.
pub(crate) const RESOURCES_PATH: &str = "ressources/";
/// The human-readable site map (the XML one is [`SITEMAP_XML`]).
pub(crate) const SITEMAP_PATH: &str = "plan-du-site/";
/// The accessibility statement.
pub(crate) const ACCESSIBILITY_PATH: &str = "accessibilite/";
/// The full-text search page (when `search:` is on in `site.yaml`).
pub(crate) const SEARCH_PATH: &str = "recherche/";
/// Open data: CSV, JSON and their schema.
pub(crate) const DATA_PATH: &str = "donnees/";
/// Images and documents of content/, processed (src/media/).
pub(crate) const MEDIA_DIR: &str = "medias/";
/// Theme and embedded static files.
pub(crate) const STATIC_DIR: &str = "static/";
/// The search index bundle (src/search.rs), without its trailing slash.
pub(crate) const SEARCH_BUNDLE_DIR: &str = "pagefind";
/// The not-found page, at the root of the site.
pub(crate) const NOT_FOUND: &str = "404.html";
pub(crate) const SITEMAP_XML: &str = "sitemap.xml";
pub(crate) const ROBOTS_TXT: &str = "robots.txt";
pub(crate) const ATOM_XML: &str = "atom.xml";

/// The folders that generated pages and files occupy: a content page
/// published at one of them is an error.
pub(crate) const RESERVED_DIRS: [&str; 10] = [
    GLOSSARY_PATH,
    PTCE_PATH,
    RESOURCES_PATH,
    SITEMAP_PATH,
    ACCESSIBILITY_PATH,
    SEARCH_PATH,
    DATA_PATH,
    STATIC_DIR,
    MEDIA_DIR,
    // The search index: "pagefind/".
    concat!("pagefind", "/"),
];

#[cfg(test)]
mod tests {
    #[test]
    fn the_search_bundle_is_reserved() {
        let dir = format!("{}/", super::SEARCH_BUNDLE_DIR);
        assert!(super::RESERVED_DIRS.contains(&dir.as_str()));
    }
}
