//! Theme files asked for by version (issue 14): every stylesheet, script,
//! icon and font of a theme is loaded as `static/<file>?v=<hash of its
//! bytes>`, so a browser that keeps them for a year still gets the new
//! file the day it changes. The served bytes, the link check and `serve`
//! are unaffected (the query names no file).

mod common;

use common::{Site, broken_links, tags};

/// The `href`/`src` of `<link>` and `<script>` elements under `/static/`.
fn static_refs(html: &str) -> Vec<String> {
    tags(html)
        .iter()
        .filter(|t| t.name == "link" || t.name == "script")
        .filter_map(|t| t.attr("href").or_else(|| t.attr("src")))
        .filter(|u| u.contains("/static/"))
        .map(str::to_string)
        .collect()
}

/// The version of `file` (`/static/style.css`) on a page.
fn version_of(html: &str, file: &str) -> String {
    static_refs(html)
        .iter()
        .find_map(|u| u.strip_prefix(&format!("{file}?v=")).map(str::to_string))
        .unwrap_or_else(|| panic!("{file} is not loaded with a version: {html}"))
}

#[test]
fn theme_files_are_loaded_by_the_version_of_their_bytes() {
    let site = Site::minimal();
    site.build_ok();
    let home = site.out("index.html");
    let refs = static_refs(&home);
    assert!(refs.len() >= 4, "{refs:?}");
    for u in &refs {
        let (_, version) = u.split_once("?v=").unwrap_or_else(|| panic!("{u}"));
        assert_eq!(version.len(), 16, "{u}");
        assert!(version.chars().all(|c| c.is_ascii_hexdigit()), "{u}");
    }
    // The files keep their names; the link check ignores the query.
    assert!(site.output().join("static/style.css").is_file());
    assert_eq!(
        broken_links(&site.output(), "/", None),
        Vec::<String>::new()
    );
    let css = version_of(&home, "/static/style.css");
    let icon = version_of(&home, "/static/favicon.svg");

    // Same bytes, same version, in another folder.
    let other = Site::minimal();
    other.build_ok();
    assert_eq!(
        version_of(&other.out("index.html"), "/static/style.css"),
        css
    );

    // A theme's own stylesheet: a new version for it, the others kept.
    site.write("themes/panorama/static/style.css", "body { color: #222 }\n");
    site.build_ok();
    let home = site.out("index.html");
    assert_ne!(version_of(&home, "/static/style.css"), css);
    assert_eq!(version_of(&home, "/static/favicon.svg"), icon);
    assert_eq!(
        site.out("static/style.css"),
        "body { color: #222 }\n",
        "the file itself is published as written"
    );
}

/// A theme template and stylesheet naming a font: the stylesheet's
/// `url(…)` gets the font's version, and a new font gives the stylesheet
/// a new version too.
#[test]
fn fonts_named_by_a_stylesheet_are_versioned_too() {
    let site = Site::minimal();
    site.write(
        "themes/panorama/static/extra.css",
        "@font-face{font-family:X;src:url(fonts/x.woff2) format(\"woff2\")}\n",
    );
    site.write("themes/panorama/static/fonts/x.woff2", b"wOF2 first");
    site.write(
        "themes/panorama/templates/404.html",
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Page introuvable</title>\n\
         <link rel=\"stylesheet\" href=\"{{ asset(path=\"extra.css\") }}\">\n\
         <link rel=\"preload\" href=\"{{ asset(path=\"fonts/x.woff2\") }}\" as=\"font\" type=\"font/woff2\" crossorigin>\n\
         </head><body><main id=\"contenu\"><h1>Page introuvable</h1></main></body></html>\n",
    );
    site.build_ok();
    let css = site.out("static/extra.css");
    let page = site.out("404.html");
    let font = version_of(&page, "/static/fonts/x.woff2");
    assert!(
        css.contains(&format!("url(fonts/x.woff2?v={font}) format")),
        "{css}"
    );
    let sheet = version_of(&page, "/static/extra.css");
    assert_eq!(
        broken_links(&site.output(), "/", None),
        Vec::<String>::new()
    );

    site.write("themes/panorama/static/fonts/x.woff2", b"wOF2 second");
    site.build_ok();
    let page = site.out("404.html");
    assert_ne!(version_of(&page, "/static/fonts/x.woff2"), font);
    assert_ne!(version_of(&page, "/static/extra.css"), sheet);
}

#[test]
fn a_file_the_site_does_not_have_is_a_template_error_at_its_line() {
    let site = Site::minimal();
    site.write(
        "themes/panorama/templates/404.html",
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>x</title>\n\
         <link rel=\"stylesheet\" href=\"{{ asset(path=\"styel.css\") }}\">\n\
         </head><body><main id=\"contenu\"></main></body></html>\n",
    );
    let run = site.build();
    run.assert_code(1)
        .assert_no_panic()
        .assert_diagnostic("E031", "themes/panorama/templates/404.html", Some(3))
        .assert_stderr("static/styel.css")
        .assert_stderr("did you mean `style.css`?");
    assert!(!site.output().exists(), "nothing is written");
}

#[test]
fn versions_follow_the_base_url() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://example.gouv.fr/panoramas/"])
        .assert_success();
    let home = site.out("index.html");
    for u in static_refs(&home) {
        assert!(
            u.starts_with("/panoramas/static/") && u.contains("?v="),
            "{u}"
        );
    }
    assert_eq!(
        broken_links(
            &site.output(),
            "/panoramas/",
            Some("https://example.gouv.fr")
        ),
        Vec::<String>::new()
    );
}
