//! The `dsfr` theme on the minimal fixture, without the real DSFR package:
//! each test writes a small fake `@gouvfr/dsfr` (a package.json with its
//! version and a few placeholder dist files) into the site's temporary
//! folder, so the templates, the copy of the assets and the messages when
//! the package is missing or of the wrong version are all checked here.
//! The real package is checked by `tests/a11y/run.sh` (axe, vnu).

mod common;

use common::*;
use std::fs;

/// URLs without the `?v=<hash>` the theme's files are asked for with.
fn unversioned(urls: Vec<String>) -> Vec<String> {
    urls.into_iter().map(|u| without_versions(&u)).collect()
}

/// `text` without any `?v=<16 hex digits>` (theme files and the
/// `url(…)` of the DSFR stylesheet).
fn without_versions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("?v=") {
        let hash = rest[i + 3..].chars().take(16).collect::<String>();
        out.push_str(&rest[..i]);
        if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) {
            rest = &rest[i + 3 + 16..];
        } else {
            out.push_str("?v=");
            rest = &rest[i + 3..];
        }
    }
    out.push_str(rest);
    out
}

const CASE: &str = "economie-locale/la-ressourcerie/index.html";
const VOLUME: &str = "economie-locale/index.html";
const PACKAGE: &str = "themes/dsfr/node_modules/@gouvfr/dsfr";

/// The stylesheet of the fake package: it names an icon and a font (both
/// copied), a data URI and a remote file (neither copied).
const FAKE_CSS: &str = "/*! fake DSFR */.fr-btn--close{mask-image:url(icons/system/close-line.svg)}\
@font-face{font-family:Marianne;src:url(fonts/Marianne-Regular.woff2) format(\"woff2\")}\
@font-face{font-family:Marianne;font-weight:700;src:url(fonts/Marianne-Bold.woff2) format(\"woff2\")}\
.x{background:url(\"data:image/svg+xml;charset=utf8,<svg/>\")}.y{background:url(https://cdn.example/z.png)}";

/// Writes a fake `@gouvfr/dsfr` of `version` under `dir` (relative to the
/// site's root).
fn fake_package(site: &Site, dir: &str, version: &str) {
    site.write(
        &format!("{dir}/package.json"),
        format!("{{\"name\": \"@gouvfr/dsfr\", \"version\": \"{version}\", \"license\": \"etalab-2.0\"}}\n"),
    );
    site.write(&format!("{dir}/LICENSE.md"), "fake licence\n");
    for (rel, text) in [
        ("dsfr.min.css", FAKE_CSS),
        ("dsfr.module.min.js", "/* fake module */\n"),
        ("dsfr.nomodule.min.js", "/* fake nomodule */\n"),
        (
            "favicon/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
        ),
        ("favicon/favicon.ico", "ico"),
        ("favicon/apple-touch-icon.png", "png"),
        ("icons/system/close-line.svg", "<svg/>\n"),
        ("fonts/Marianne-Regular.woff2", "woff2"),
        ("fonts/Marianne-Bold.woff2", "woff2 bold"),
        // Not named by the stylesheet: never published.
        ("icons/system/unused-line.svg", "<svg/>\n"),
        ("utility/utility.min.css", ".fr-icon{}\n"),
    ] {
        site.write(&format!("{dir}/dist/{rel}"), text);
    }
}

/// The minimal fixture with `theme: dsfr`, the theme's package.json and
/// lock file (as in the repository) and the fake package installed beside
/// it.
fn dsfr_site() -> Site {
    let site = bare_dsfr_site();
    site.write(
        "themes/dsfr/package.json",
        "{\"dependencies\": {\"@gouvfr/dsfr\": \"1.15.3\"}}\n",
    );
    site.write(
        "themes/dsfr/package-lock.json",
        "{\"lockfileVersion\": 3}\n",
    );
    fake_package(&site, PACKAGE, "1.15.3");
    site
}

/// `theme: dsfr` and nothing installed.
fn bare_dsfr_site() -> Site {
    let site = Site::minimal();
    site.replace("content/site.yaml", "theme: panorama", "theme: dsfr");
    site
}

/// Classes of the elements of `html` named `name`.
fn classes(html: &str, name: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == name)
        .filter_map(|t| t.attr("class").map(str::to_string))
        .collect()
}

fn has_class(html: &str, class: &str) -> bool {
    tags(html).iter().any(|t| {
        t.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    })
}

/// Text of `html` with the tags removed.
fn text(html: &str) -> String {
    let out = strip_tags(html);
    unescape(&out)
        .replace("&#160;", " ")
        .replace("&#8239;", " ")
        .replace(['\u{a0}', '\u{202f}'], " ")
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "the landmarks of a DSFR page asserted in the order of the page"
)]
fn every_page_has_the_dsfr_header_skip_links_and_footer() {
    let site = dsfr_site();
    site.build_ok();
    let out = site.output();
    let pages = html_files(&out);
    assert!(pages.len() > 10, "{pages:?}");
    for f in &pages {
        let html = fs::read_to_string(out.join(f)).unwrap();
        let shown = f.display();
        // The header: bloc marque « République française », then the
        // service's title and publisher from the site settings.
        assert!(
            classes(&html, "header").contains(&"fr-header".into()),
            "{shown}: no fr-header"
        );
        assert!(
            html.contains("<p class=\"fr-logo\">République<br>française</p>"),
            "{shown}: no bloc marque"
        );
        let service = html
            .split("fr-header__service-title\">")
            .nth(1)
            .unwrap_or_default();
        assert!(
            service.starts_with("Panorama de test</p>"),
            "{shown}: service title: {service:.60}"
        );
        assert!(
            html.contains("<p class=\"fr-header__service-tagline\">DREETS Hauts-de-France</p>"),
            "{shown}"
        );
        // Skip links, each to an id of the page.
        assert!(has_class(&html, "fr-skiplinks"), "{shown}: no fr-skiplinks");
        let page_ids = ids(&html);
        let skip = html
            .split("fr-skiplinks__list")
            .nth(1)
            .unwrap()
            .split("</ul>")
            .next()
            .unwrap();
        let targets: Vec<String> = urls(skip);
        assert!(targets.len() >= 3, "{shown}: {targets:?}");
        for t in &targets {
            let id = t
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{shown}: skip link {t}"));
            assert!(page_ids.contains(id), "{shown}: skip link to missing #{id}");
        }
        assert!(
            targets.contains(&"#contenu".to_string())
                && targets.contains(&"#pied-de-page".to_string())
        );
        // The footer: the four institutional links, the accessibility
        // status, the site map, the licence mention.
        let footer = html
            .split("<footer")
            .nth(1)
            .unwrap_or_else(|| panic!("{shown}: no footer"));
        assert!(footer.contains("class=\"fr-footer\""), "{shown}");
        for host in [
            "https://www.info.gouv.fr",
            "https://www.service-public.gouv.fr",
            "https://www.legifrance.gouv.fr",
            "https://www.data.gouv.fr",
        ] {
            assert!(
                urls(footer).contains(&host.to_string()),
                "{shown}: no {host} in the footer"
            );
        }
        assert!(
            text(footer).contains("Accessibilité : non conforme"),
            "{shown}"
        );
        assert!(
            urls(footer).contains(&"/accessibilite/".to_string()),
            "{shown}"
        );
        assert!(
            urls(footer).contains(&"/plan-du-site/".to_string()),
            "{shown}"
        );
        // No licence is claimed unless site.yaml names one.
        assert!(!text(footer).contains("licence"), "{shown}");
        // The DSFR's files, from /static/dsfr/; the pages read without
        // JavaScript (the collapsed parts open in a <noscript> stylesheet).
        let links = unversioned(urls(&html));
        for u in [
            "/static/dsfr/dsfr.min.css",
            "/static/dsfr/dsfr.module.min.js",
            "/static/dsfr/dsfr.nomodule.min.js",
            "/static/panorama-dsfr.css",
            "/static/dsfr/favicon/favicon.svg",
        ] {
            assert!(links.contains(&u.to_string()), "{shown}: {u} not loaded");
        }
        assert!(
            html.contains(
                "<noscript><link rel=\"stylesheet\" href=\"/static/panorama-dsfr-nojs.css?v="
            ),
            "{shown}"
        );
        // Never the default theme's stylesheet.
        assert!(!links.contains(&"/static/style.css".to_string()), "{shown}");
    }
    assert_eq!(broken_links(&out, "/", None), Vec::<String>::new());
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "the DSFR components of each kind of page asserted in the order of the site"
)]
fn pages_use_breadcrumb_cards_tags_and_summary() {
    let site = dsfr_site();
    site.build_ok();
    // The home: no breadcrumb; the panoramas as cards, with their status.
    let home = site.out("index.html");
    assert!(!has_class(&home, "fr-breadcrumb"));
    assert!(has_class(&home, "fr-card"));
    assert!(text(&home).contains("À paraître") && text(&home).contains("Publié"));
    assert!(!text(&home).contains("Sur le site de l’éditeur"));
    assert!(urls(&home).contains(&"/economie-locale/".to_string()));

    // The volume: breadcrumb, and its table of contents as linked cards.
    let volume = site.out(VOLUME);
    assert!(has_class(&volume, "fr-breadcrumb"));
    let cards = volume.matches("class=\"fr-card fr-enlarge-link").count();
    assert_eq!(
        cards, 4,
        "one card per chapter, case study and resources page"
    );
    assert!(ids(&volume).contains("sommaire"));
    for u in [
        "/economie-locale/introduction/",
        "/economie-locale/contexte/",
        "/economie-locale/la-ressourcerie/",
        "/economie-locale/lancez-vous/",
    ] {
        assert!(
            urls(&volume).contains(&u.to_string()),
            "volume TOC lacks {u}"
        );
    }

    // A case study: breadcrumb to the volume, current page marked; its
    // thematic heading and département as tags; a summary of its sections;
    // every fact of the identity card.
    let case = site.out(CASE);
    let crumb = case
        .split("fr-breadcrumb__list")
        .nth(1)
        .unwrap()
        .split("</ol>")
        .next()
        .unwrap();
    assert_eq!(urls(crumb), ["/", "/economie-locale/"]);
    // The current page is named, not linked: an `<a>` without `href` is a
    // link search engines cannot crawl (Lighthouse « crawlable-anchors »).
    assert!(
        crumb.contains(
            "<span class=\"fr-breadcrumb__link\" aria-current=\"page\">La ressourcerie du bassin minier</span>"
        ),
        "{crumb}"
    );
    let tags_html = case
        .split("fr-tags-group")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        text(tags_html).contains("Développer une activité d’utilité sociale"),
        "{tags_html}"
    );
    assert!(
        text(tags_html).contains("Pas-de-Calais (62)"),
        "{tags_html}"
    );
    let summary = case
        .split("<nav class=\"fr-summary")
        .nth(1)
        .expect("a fr-summary")
        .split("</nav>")
        .next()
        .unwrap();
    let anchors = urls(summary);
    assert!(
        anchors.contains(&"#fiche-titre".to_string()) && anchors.contains(&"#contexte".to_string()),
        "{anchors:?}"
    );
    for a in &anchors {
        assert!(
            ids(&case).contains(a.trim_start_matches('#')),
            "summary link to missing {a}"
        );
    }
    let card = text(&case);
    for fact in [
        "Coup de projecteur n° 1",
        "La Ressourcerie",
        "Atelier et chantier d’insertion (ACI)",
        "Carvin",
        "Commune de Carvin",
        "Département du Pas-de-Calais",
        "contact@example.org",
        "salariés en insertion",
    ] {
        assert!(card.contains(fact), "case study lacks « {fact} »");
    }
    assert!(
        urls(&case).iter().any(|u| u.starts_with("/ptce/#")),
        "no link to the case's PTCE"
    );

    // The glossary, a term, the PTCE index and the data page.
    let glossary = site.out("glossaire/index.html");
    assert!(urls(&glossary).contains(&"/glossaire/economie-circulaire/".to_string()));
    assert!(has_class(&glossary, "fr-tag"), "letters as tags");
    let ptce = site.out("ptce/index.html");
    assert!(ptce.contains("<svg class=\"pd-chart-bar\""), "the chart");
    assert!(text(&ptce).contains("Pas-de-Calais (62)"));
    let data = site.out("donnees/index.html");
    assert!(has_class(&data, "fr-table"));
    let a11y = site.out("accessibilite/index.html");
    assert!(text(&a11y).contains("Ce site est non conforme"));
}

#[test]
fn the_accessibility_status_comes_from_the_settings() {
    let site = dsfr_site();
    let yaml = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!(
            "{yaml}\naccessibility:\n  status: partiellement conforme\n  audit_date: \"2026-03\"\n  rate: \"75 %\"\n"
        ),
    );
    site.build_ok();
    let home = site.out("index.html");
    let footer = home.split("<footer").nth(1).unwrap();
    assert!(
        text(footer).contains("Accessibilité : partiellement conforme"),
        "{footer}"
    );
    assert!(!text(footer).contains("non conforme"));
}

/// The DSFR footer's mandatory links (its documentation: « Accessibilité :
/// … conforme », « Mentions légales », « Données personnelles », « Gestion
/// des cookies » where the site has cookies) come from the free pages that
/// exist, in that order, then the other `footer: true` pages.
#[test]
fn the_footer_links_the_legal_pages_that_exist() {
    let site = dsfr_site();
    site.write(
        "content/pages/gestion-des-cookies.md",
        "---\ntitle: Gestion des cookies\n---\n\nAucun cookie.\n",
    );
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\nfooter: true\n---\n\nÉcrivez-nous.\n",
    );
    site.build_ok();
    for page in ["index.html", CASE, "contact/index.html"] {
        let html = site.out(page);
        let bottom = html
            .split("<ul class=\"fr-footer__bottom-list\">")
            .nth(1)
            .unwrap()
            .split("</ul>")
            .next()
            .unwrap();
        let links: Vec<String> = bottom
            .split("<li class=\"fr-footer__bottom-item\">")
            .skip(1)
            .map(|li| {
                assert!(li.contains("class=\"fr-footer__bottom-link\""), "{li}");
                text(li).trim().to_string()
            })
            .collect();
        assert_eq!(
            links,
            [
                "Plan du site",
                "Accessibilité : non conforme",
                "Mentions légales",
                "Données personnelles",
                "Gestion des cookies",
                "Contact",
                "Données ouvertes"
            ],
            "{page}"
        );
        assert!(bottom.contains("href=\"/mentions-legales/\""));
    }
    // The free page itself, in the theme's layout.
    let legal = site.out("mentions-legales/index.html");
    assert!(legal.contains("<strong>Éditeur du site&#160;:</strong> DREETS Hauts-de-France</p>"));
    assert!(has_class(&legal, "fr-footer"));
}

#[test]
fn only_what_the_pages_load_is_copied_from_the_package() {
    let site = dsfr_site();
    site.build_ok();
    let out = site.output();
    let pkg = site.path(PACKAGE).join("dist");
    for rel in [
        "dsfr.min.css",
        "dsfr.module.min.js",
        "dsfr.nomodule.min.js",
        "favicon/favicon.svg",
        "favicon/favicon.ico",
        "favicon/apple-touch-icon.png",
        "icons/system/close-line.svg",
        "fonts/Marianne-Regular.woff2",
    ] {
        let published = fs::read(out.join("static/dsfr").join(rel))
            .unwrap_or_else(|e| panic!("static/dsfr/{rel}: {e}"));
        // The stylesheet asks for its fonts and icons by version.
        let published = if rel.ends_with(".css") {
            let css = String::from_utf8(published).unwrap();
            assert!(css.contains("url(fonts/Marianne-Regular.woff2?v="));
            without_versions(&css).into_bytes()
        } else {
            published
        };
        assert_eq!(
            published,
            fs::read(pkg.join(rel)).unwrap(),
            "static/dsfr/{rel} is not the package's file"
        );
    }
    assert_eq!(site.out("static/dsfr/LICENSE.md"), "fake licence\n");
    assert!(
        !out.join("static/dsfr/icons/system/unused-line.svg")
            .exists()
    );
    assert!(!out.join("static/dsfr/utility").exists());
    assert!(!out.join("static/dsfr/package.json").exists());
    let copied: Vec<_> = snapshot(&out.join("static/dsfr"))
        .into_iter()
        .filter(|(_, e)| matches!(e, Entry::File(_)))
        .collect();
    assert_eq!(
        copied.len(),
        10,
        "{:?}",
        copied.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    assert!(out.join("static/panorama-dsfr.css").is_file());
    assert!(out.join("static/panorama-dsfr-nojs.css").is_file());
}

/// The package's scripts name source maps that are not published: the
/// comment goes; and the default theme's stylesheet, which no DSFR page
/// loads, is not published.
#[test]
fn no_dangling_source_map_and_no_default_stylesheet() {
    let site = dsfr_site();
    site.write(
        &format!("{PACKAGE}/dist/dsfr.module.min.js"),
        "/* fake module */\nrun();\n//# sourceMappingURL=dsfr.module.min.js.map\n",
    );
    site.build_ok();
    assert_eq!(
        site.out("static/dsfr/dsfr.module.min.js"),
        "/* fake module */\nrun();\n"
    );
    assert!(!site.output().join("static/style.css").exists());
    for f in html_files(&site.output()) {
        let html = fs::read_to_string(site.output().join(&f)).unwrap();
        assert!(
            !urls(&html).iter().any(|u| u.ends_with("/style.css")),
            "{}",
            f.display()
        );
    }
}

#[test]
fn assets_follow_the_base_url() {
    let site = dsfr_site();
    site.run(&["build", "--base-url", "https://example.gouv.fr/panoramas/"])
        .assert_success();
    let home = site.out("index.html");
    let links = unversioned(urls(&home));
    assert!(
        links.contains(&"/panoramas/static/dsfr/dsfr.min.css".to_string()),
        "{links:?}"
    );
    assert!(links.contains(&"/panoramas/static/dsfr/dsfr.module.min.js".to_string()));
    assert_eq!(
        broken_links(
            &site.output(),
            "/panoramas/",
            Some("https://example.gouv.fr")
        ),
        Vec::<String>::new()
    );
}

#[test]
fn the_package_at_the_site_root_is_found_too() {
    let site = bare_dsfr_site();
    fake_package(&site, "node_modules/@gouvfr/dsfr", "1.15.0");
    site.build_ok();
    assert!(site.output().join("static/dsfr/dsfr.min.css").is_file());
}

#[test]
fn a_missing_package_says_what_to_run_and_writes_nothing() {
    let site = bare_dsfr_site();
    site.write("themes/dsfr/package-lock.json", "{}\n");
    let run = site.build();
    run.assert_code(1)
        .assert_stderr("@gouvfr/dsfr 1.15.3, which is not installed")
        .assert_stderr("`DSFR_ACCEPT_LICENSE=1 npm ci --prefix themes/dsfr`")
        .assert_stderr("reserved to the State's websites")
        .assert_stderr("theme: panorama");
    run.assert_location("content/site.yaml", None);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
    assert!(!site.output().exists(), "nothing is written");

    // A site without the theme's lock file: the npm install line.
    let site = bare_dsfr_site();
    site.build()
        .assert_code(1)
        .assert_stderr("`DSFR_ACCEPT_LICENSE=1 npm install --save-exact @gouvfr/dsfr@1.15.3`");

    // check says the same.
    site.run(&["check"])
        .assert_code(1)
        .assert_stderr("npm install --save-exact");
}

#[test]
fn a_missing_package_leaves_the_previous_output() {
    let site = dsfr_site();
    site.build_ok();
    let before = snapshot(&site.output());
    fs::remove_dir_all(site.path("themes/dsfr/node_modules")).unwrap();
    site.build()
        .assert_code(1)
        .assert_stderr("npm ci --prefix themes/dsfr");
    assert_same_tree(&before, &snapshot(&site.output()), "the output");
}

/// The safety walk of the sources skips `node_modules`; what the theme
/// takes from the package is checked as it is read: a file of the package
/// that is a link to elsewhere on the machine is never published.
#[test]
fn a_package_file_linking_outside_is_refused() {
    let site = dsfr_site();
    site.build_ok();
    let before = snapshot(&site.output());
    let secret = site.root.parent().unwrap().join("secret-outside.svg");
    fs::write(&secret, "<svg>secret</svg>").unwrap();
    let icon = site.path(&format!("{PACKAGE}/dist/icons/system/close-line.svg"));
    fs::remove_file(&icon).unwrap();
    std::os::unix::fs::symlink(&secret, &icon).unwrap();
    site.build()
        .assert_code(1)
        .assert_stderr("outside the package")
        .assert_location(&format!("{PACKAGE}/dist/icons/system/close-line.svg"), None);
    assert_same_tree(&before, &snapshot(&site.output()), "the output");
    // A link that stays inside the package is read as the file it names.
    fs::remove_file(&icon).unwrap();
    std::os::unix::fs::symlink("../../favicon/favicon.svg", &icon).unwrap();
    site.build_ok();
    assert_eq!(
        site.out("static/dsfr/icons/system/close-line.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n"
    );
}

#[test]
fn another_version_of_the_package_is_refused() {
    let site = bare_dsfr_site();
    site.write("themes/dsfr/package-lock.json", "{}\n");
    fake_package(&site, PACKAGE, "1.14.2");
    let run = site.build();
    run.assert_code(1)
        .assert_stderr("@gouvfr/dsfr 1.14.2 is installed")
        .assert_stderr("written for 1.15.x")
        .assert_stderr("npm ci --prefix themes/dsfr");
    run.assert_location(&format!("{PACKAGE}/package.json"), None);

    // A broken package.json or a missing file: an error naming the file.
    site.write(&format!("{PACKAGE}/package.json"), "{ not json");
    site.build().assert_code(1).assert_stderr("not valid JSON");
    fake_package(&site, PACKAGE, "1.15.3");
    site.remove(&format!("{PACKAGE}/dist/fonts/Marianne-Regular.woff2"));
    site.build()
        .assert_code(1)
        .assert_stderr("cannot read dist/fonts/Marianne-Regular.woff2");
}

#[test]
fn the_theme_flag_overrides_the_settings() {
    // site.yaml says panorama: --theme dsfr builds with the DSFR.
    let site = Site::minimal();
    site.write("themes/dsfr/package-lock.json", "{}\n");
    fake_package(&site, PACKAGE, "1.15.3");
    site.run(&["build", "--theme", "dsfr"]).assert_success();
    assert!(has_class(&site.out("index.html"), "fr-header"));
    // …and back to the default theme without the flag.
    site.build_ok();
    assert!(!has_class(&site.out("index.html"), "fr-header"));
    site.run(&["check", "--theme", "dsfr"]).assert_success();

    // A theme that exists nowhere.
    let run = site.run(&["check", "--theme", "nope"]);
    run.assert_code(1)
        .assert_stderr("the theme `nope` does not exist")
        .assert_stderr("`panorama` and `dsfr`");
}

#[test]
fn a_site_overrides_one_dsfr_template_and_keeps_the_others() {
    let site = dsfr_site();
    site.write(
        "themes/dsfr/templates/glossary.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1><p id=\"maison\">Glossaire maison</p>{% endblock main %}",
    );
    site.write(
        "themes/dsfr/static/panorama-dsfr.css",
        "/* the site's own */\n",
    );
    site.build_ok();
    let glossary = site.out("glossaire/index.html");
    assert!(ids(&glossary).contains("maison"), "the site's template");
    assert!(
        has_class(&glossary, "fr-header"),
        "over the embedded dsfr base.html"
    );
    assert!(
        has_class(&site.out(CASE), "fr-summary"),
        "the other templates stay"
    );
    assert_eq!(
        site.out("static/panorama-dsfr.css"),
        "/* the site's own */\n"
    );

    // An error in the site's template names its file and line.
    site.write(
        "themes/dsfr/templates/glossary.html",
        "{% extends \"base.html\" %}\n{% block main %}{{ page.title }{% endblock main %}",
    );
    let run = site.build();
    run.assert_code(1);
    run.assert_location("themes/dsfr/templates/glossary.html", Some(2));
}

#[test]
fn the_search_page_and_the_header_search_keep_the_contract() {
    let site = dsfr_site();
    site.build_ok();
    let search = site.out("recherche/index.html");
    let tags_of = tags(&search);
    let by_id = |id: &str| {
        tags_of
            .iter()
            .find(|t| t.attr("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id} on the search page"))
    };
    let form = by_id("search-form");
    assert_eq!(form.attr("role"), Some("search"));
    assert_eq!(
        form.attr("action"),
        Some("/plan-du-site/"),
        "without JavaScript: the site map"
    );
    assert_eq!(form.attr("data-base"), Some("/"));
    let input = by_id("search-input");
    assert_eq!(
        (input.attr("type"), input.attr("name")),
        (Some("search"), Some("q"))
    );
    assert!(search.contains("<label class=\"fr-label\" for=\"search-input\">"));
    assert_eq!(by_id("search-status").attr("role"), Some("status"));
    assert_eq!(by_id("search-results").name, "ol");
    assert!(unversioned(urls(&search)).contains(&"/static/search.js".to_string()));
    // The search page is not indexed, and has no header search of its own.
    assert!(!search.contains("data-pagefind-body"));
    assert!(!search.contains("id=\"recherche-entete\""));

    // Every other page: a DSFR search bar in the header, to the search page,
    // with its skip link; the page's content is what the index holds.
    let home = site.out("index.html");
    let header = home.split("</header>").next().unwrap();
    let form = tags(header)
        .into_iter()
        .find(|t| t.attr("id") == Some("recherche-entete"))
        .expect("a header search form");
    assert_eq!(form.attr("action"), Some("/recherche/"));
    assert_eq!(form.attr("role"), Some("search"));
    assert!(has_class(header, "fr-search-bar") && header.contains("name=\"q\""));
    assert!(
        home.contains("href=\"#recherche-entete\""),
        "skip link to the search"
    );
    assert!(home.contains("data-pagefind-body"));

    // Without search, no search anywhere.
    let yaml = site.read("content/site.yaml");
    site.write("content/site.yaml", format!("{yaml}\nsearch: false\n"));
    site.build_ok();
    let home = site.out("index.html");
    assert!(!home.contains("recherche-entete") && !home.contains("fr-btn--search"));
    assert!(!site.output().join("recherche").exists());
}

#[test]
fn a_panorama_published_elsewhere_gets_its_own_badge() {
    let site = dsfr_site();
    site.replace(
        "content/site.yaml",
        "status: forthcoming",
        "status: elsewhere",
    );
    site.build_ok();
    let home = text(&site.out("index.html"));
    assert!(home.contains("Sur le site de l’éditeur"), "{home}");
    assert!(home.contains("Non publié sur ce site. L’ensemble de la collection est accessible sur le site de l’éditeur (DREETS Hauts-de-France)."));
    assert!(!home.contains("À paraître"));
}

/// Issue 12: a volume's documents use the DSFR download-link pattern, and
/// its cover the DSFR content-media figure.
#[test]
fn documents_are_dsfr_download_links() {
    let site = dsfr_site();
    site.replace(
        "content/economie-locale/index.md",
        "description: Le volume de test.\n",
        "description: Le volume de test.\ncover:\n  file: couverture.svg\n  alt: Couverture du volume\n  caption: © DREETS\ndocuments:\n  - file: panorama.pdf\n    title: Télécharger le panorama\n",
    );
    site.write(
        "content/economie-locale/couverture.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"><rect width="300" height="200" fill="navy"/></svg>"#,
    );
    site.write("content/economie-locale/panorama.pdf", vec![b'%'; 61_880]);
    site.build_ok();
    let html = site.out("economie-locale/index.html");
    let link = tags(&html)
        .into_iter()
        .find(|t| t.attr("class") == Some("fr-link fr-link--download"))
        .expect("a DSFR download link");
    let text = &html[link.end..];
    assert!(
        text.starts_with(
            "Télécharger le panorama <span class=\"fr-link__detail\">PDF, 62\u{a0}ko</span>"
        ),
        "{}",
        &text[..120]
    );
    let figure = &elements(&html, "figure")[0];
    assert!(figure.contains("fr-content-media"), "{figure}");
    assert!(figure.contains(r#"alt="Couverture du volume""#), "{figure}");
}

/// The two Marianne faces every page uses are preloaded, at exactly the
/// URL the stylesheet asks for (same version, else the browser fetches
/// the font twice), in CORS mode as fonts are fetched; until they arrive,
/// text is drawn in a fallback scaled to Marianne's metrics.
#[test]
fn the_main_fonts_are_preloaded_at_the_stylesheet_s_url() {
    let site = dsfr_site();
    site.build_ok();
    let css = site.out("static/dsfr/dsfr.min.css");
    let ours = site.out("static/panorama-dsfr.css");
    assert!(
        ours.contains("font-family: Marianne, \"Marianne repli\""),
        "{ours}"
    );
    assert!(ours.contains("size-adjust:"), "{ours}");
    for f in html_files(&site.output()) {
        let html = fs::read_to_string(site.output().join(&f)).unwrap();
        let preloads: Vec<Tag> = tags(&html)
            .into_iter()
            .filter(|t| t.name == "link" && t.attr("rel") == Some("preload"))
            .collect();
        assert_eq!(preloads.len(), 2, "{}", f.display());
        for (t, face) in preloads.iter().zip(["Marianne-Regular", "Marianne-Bold"]) {
            let href = t.attr("href").unwrap();
            let rel = href
                .strip_prefix("/static/dsfr/")
                .unwrap_or_else(|| panic!("{href}"));
            assert!(rel.starts_with(&format!("fonts/{face}.woff2?v=")), "{href}");
            assert!(
                css.contains(&format!("url({rel})")),
                "{href} is not the stylesheet's URL"
            );
            assert_eq!(t.attr("as"), Some("font"));
            assert_eq!(t.attr("type"), Some("font/woff2"));
            assert!(t.attr("crossorigin").is_some(), "{href}");
        }
    }
}

/// Issue 13: with `--drafts`, a draft volume's card and tile say
/// « Brouillon — non publié » (never « Publié » nor « Le panorama
/// publié ») and its pages carry the DSFR notice.
#[test]
fn a_draft_volume_is_marked_never_published() {
    let site = dsfr_site();
    site.replace("content/site.yaml", "    status: published\n", "");
    site.replace(
        "content/economie-locale/index.md",
        "description: Le volume de test.\n",
        "description: Le volume de test.\nstatus: draft\n",
    );
    site.run(&["build", "--drafts"]).assert_success();
    let home = site.out("index.html");
    assert!(!home.contains("Le panorama publié"), "{home}");
    assert!(
        home.contains("fr-badge--warning\">Brouillon — non publié"),
        "{home}"
    );
    assert!(!home.contains("fr-badge--success"), "{home}");
    let volume = site.out("economie-locale/index.html");
    assert!(volume.contains("fr-notice fr-notice--warning"), "{volume}");
    // A plain build has no draft and no notice.
    site.build_ok();
    assert!(!site.out("index.html").contains("Brouillon"));
}

/// The footer names the content's licence only when site.yaml gives one:
/// only the publisher can choose it.
#[test]
fn the_footer_names_the_licence_of_site_yaml() {
    let site = dsfr_site();
    site.replace(
        "content/site.yaml",
        "theme: dsfr\n",
        "theme: dsfr\nlicence: licence etalab-2.0\n",
    );
    site.build_ok();
    let home = site.out("index.html");
    assert!(
        home.contains("les contenus de ce site sont proposés sous licence etalab-2.0."),
        "{home}"
    );
}
