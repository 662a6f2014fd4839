//! The real binary on the valid fixture `tests/fixtures/minimal/`: the
//! pages it writes and what is in them, base URLs under a sub-path, internal
//! links, determinism, and `check` writing nothing.

mod common;

use common::*;
use std::fs;
use std::path::Path;

const INTRO: &str = "economie-locale/introduction/index.html";
const CONTEXTE: &str = "economie-locale/contexte/index.html";
const CASE: &str = "economie-locale/la-ressourcerie/index.html";
const RESOURCES: &str = "economie-locale/lancez-vous/index.html";

/// Every page the fixture should produce, at its pretty URL.
const PAGES: &[&str] = &[
    "index.html",
    "economie-locale/index.html",
    INTRO,
    CONTEXTE,
    CASE,
    RESOURCES,
    "glossaire/index.html",
    "glossaire/economie-circulaire/index.html",
    "glossaire/ess/index.html",
    "ptce/index.html",
    "ressources/index.html",
];

/// `href` of the `<a>` tags of `html` whose `attr` is `value`.
fn hrefs_where(html: &str, attr: &str, value: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "a" && t.attr(attr) == Some(value))
        .filter_map(|t| t.attr("href").map(str::to_string))
        .collect()
}

#[test]
fn build_writes_pretty_urls_and_site_files() {
    let site = Site::minimal();
    let run = site.build_ok();
    assert!(
        run.stdout.contains("panorama: built"),
        "one-line summary expected: {}",
        run.stdout
    );
    let out = site.output();
    for page in PAGES {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    for f in [
        "robots.txt",
        "404.html",
        "static/style.css",
        ".panorama-output",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // No `.html` page outside the pretty-URL scheme but the 404 page.
    for f in html_files(&out) {
        let name = f.to_string_lossy();
        assert!(
            name == "404.html" || name.ends_with("index.html"),
            "not a pretty URL: {name}"
        );
    }
    // The numeric prefixes of files and folders never reach the URLs.
    assert!(!out.join("economie-locale/01-introduction").exists());
    assert!(!out.join("economie-locale/05-projecteurs").exists());
}

#[test]
fn every_page_is_french_and_well_formed() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    for f in html_files(&out) {
        let html = fs::read_to_string(out.join(&f)).unwrap();
        let html_tag = tags(&html).into_iter().find(|t| t.name == "html");
        assert_eq!(
            html_tag.and_then(|t| t.attr("lang").map(str::to_string)),
            Some("fr".to_string()),
            "{}: <html lang=\"fr\"> expected",
            f.display()
        );
        assert!(
            html.to_ascii_lowercase().starts_with("<!doctype html>"),
            "{}",
            f.display()
        );
        assert!(html.contains("<title>"), "{}: no <title>", f.display());
        // Ids are unique in a page.
        let all: Vec<String> = tags(&html)
            .into_iter()
            .filter_map(|t| t.attr("id").map(str::to_string))
            .collect();
        let unique: std::collections::BTreeSet<&String> = all.iter().collect();
        assert_eq!(
            all.len(),
            unique.len(),
            "{}: duplicate ids in {all:?}",
            f.display()
        );
        // Links are never nested, and headings never hold glossary links.
        for a in elements(&html, "a") {
            assert!(!a.contains("<a "), "{}: nested link in {a}", f.display());
        }
        for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
            for inner in elements(&html, h) {
                assert!(
                    !inner.contains("term-link") && !inner.contains("<abbr"),
                    "{}: glossary link inside <{h}>: {inner}",
                    f.display()
                );
            }
        }
    }
}

#[test]
fn glossary_links_first_occurrence_only_and_never_in_headings_or_links() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out(INTRO);
    let term_links = hrefs_where(&html, "class", "term-link");
    let to_ec: Vec<_> = term_links
        .iter()
        .filter(|h| *h == "/glossaire/economie-circulaire/")
        .collect();
    // The term occurs in a heading, in an external link's text and twice in
    // a paragraph: only the paragraph's first occurrence is linked.
    assert_eq!(to_ec.len(), 1, "links to the term: {term_links:?}");
    let heading = elements(&html, "h2")
        .into_iter()
        .find(|h| h.contains("conomie circulaire en bref"))
        .expect("the heading with the term");
    assert!(!heading.contains("<a"), "heading holds a link: {heading}");
    let external = elements(&html, "a")
        .into_iter()
        .find(|a| a.contains("selon l"))
        .expect("the external link with the term");
    assert!(!external.contains("term-link"), "{external}");
    let first = html.find("class=\"term-link\" href=\"/glossaire/economie-circulaire/\"");
    let first =
        first.or_else(|| html.find("href=\"/glossaire/economie-circulaire/\" class=\"term-link\""));
    let first = first.expect("term link");
    let second = html
        .find("Une seconde mention de l'économie circulaire n'est pas liée")
        .or_else(|| {
            html.find("Une seconde mention de l&#39;économie circulaire n&#39;est pas liée")
        })
        .or_else(|| html.find("Une seconde mention de l’économie circulaire n’est pas liée"))
        .expect("the second mention, not linked");
    let heading_pos = html.find("conomie circulaire en bref").unwrap();
    assert!(heading_pos < first && first < second);

    // The acronym: linked once, in <abbr title="term">.
    assert_eq!(
        term_links
            .iter()
            .filter(|h| *h == "/glossaire/ess/")
            .count(),
        1,
        "{term_links:?}"
    );
    let abbrs: Vec<_> = tags(&html)
        .into_iter()
        .filter(|t| t.name == "abbr")
        .collect();
    assert_eq!(abbrs.len(), 1, "one <abbr> expected");
    assert_eq!(
        abbrs[0].attr("title"),
        Some("Économie sociale et solidaire")
    );
    assert!(html[abbrs[0].end..].starts_with("ESS</abbr>"));

    // The term's page lists the pages that use it.
    let term_page = site.out("glossaire/economie-circulaire/index.html");
    assert!(urls(&term_page).contains(&"/economie-locale/introduction/".to_string()));
    // …and does not link the term to itself.
    assert!(!term_page.contains("term-link\" href=\"/glossaire/economie-circulaire/"));
}

#[test]
fn internal_at_links_resolve_to_urls_with_anchor() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out(INTRO);
    let links = urls(&html);
    assert!(
        links.contains(&"/economie-locale/contexte/#le-contexte-regional".to_string()),
        "{links:?}"
    );
    assert!(!html.contains("@/"), "an @/ link was left as is");
    assert!(ids(&site.out(CONTEXTE)).contains("le-contexte-regional"));
}

#[test]
fn footnotes_become_sources_with_back_links() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out(INTRO);
    let all_ids = ids(&html);
    let links = urls(&html);
    for n in ["1", "2"] {
        // The call: a link to the note, with an id to come back to.
        let call = tags(&html)
            .into_iter()
            .find(|t| t.name == "a" && t.attr("href") == Some(&format!("#fn-{n}")))
            .unwrap_or_else(|| panic!("no link to note {n}"));
        let call_id = call.attr("id").expect("the call has an id").to_string();
        assert!(all_ids.contains(&format!("fn-{n}")), "note {n} has no id");
        assert!(
            links.contains(&format!("#{call_id}")),
            "no back-link to #{call_id}"
        );
    }
    // The notes are an ordered list after the text, with their text.
    let notes = elements(&html, "ol")
        .into_iter()
        .find(|o| o.contains("fn-1"))
        .expect("a list of notes");
    assert!(notes.contains("Institut national de l"), "{notes}");
    assert!(notes.contains("Chiffres clés"), "{notes}");
    assert!(html.find("id=\"fn-1\"").unwrap() > html.find("<table").unwrap());
}

/// The fixture's code block has no language (loading syntect's syntaxes
/// costs ~0.4 s in a debug build, paid by every build of the fixture
/// otherwise): the tests that need highlighting give it one.
fn with_rust_code_block(site: &Site) {
    site.replace(
        "content/economie-locale/01-introduction.md",
        "```\nfn main()",
        "```rust\nfn main()",
    );
}

#[test]
fn code_blocks_and_tables() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out(INTRO);
    let pre = elements(&html, "pre");
    assert_eq!(pre.len(), 1);
    assert!(
        unescape(&strip_tags(pre[0])).contains("println!(\"Collectif Emploi\");"),
        "{}",
        pre[0]
    );
    // The PTCE named in the code is not linked (nor anything else in code).
    assert!(!pre[0].contains("<a"), "link in code: {}", pre[0]);

    // Highlighted through CSS classes, never inline styles.
    with_rust_code_block(&site);
    site.build_ok();
    let html = site.out(INTRO);
    let pre = elements(&html, "pre");
    assert_eq!(pre.len(), 1);
    assert!(pre[0].contains("language-rust"), "{}", pre[0]);
    assert!(
        pre[0].contains("<span class="),
        "not highlighted: {}",
        pre[0]
    );
    assert!(strip_tags(pre[0]).contains("println!"));
    assert!(!html.contains("style="), "inline style in the page");
    let table = elements(&html, "table");
    assert_eq!(table.len(), 1);
    assert!(table[0].contains("<th>Département</th>"), "{}", table[0]);
    assert!(table[0].contains("<td>Pas-de-Calais</td>"), "{}", table[0]);
}

#[test]
fn previous_and_next_links_inside_the_volume() {
    let site = Site::minimal();
    site.build_ok();
    // Reading order: introduction, contexte, case studies (05-projecteurs/),
    // then lancez-vous.
    let expect = [
        (INTRO, None, Some("/economie-locale/contexte/")),
        (
            CONTEXTE,
            Some("/economie-locale/introduction/"),
            Some("/economie-locale/la-ressourcerie/"),
        ),
        (
            CASE,
            Some("/economie-locale/contexte/"),
            Some("/economie-locale/lancez-vous/"),
        ),
        (RESOURCES, Some("/economie-locale/la-ressourcerie/"), None),
    ];
    for (page, prev, next) in expect {
        let html = site.out(page);
        let p = hrefs_where(&html, "rel", "prev");
        let n = hrefs_where(&html, "rel", "next");
        assert_eq!(
            p,
            prev.into_iter().map(String::from).collect::<Vec<_>>(),
            "prev of {page}"
        );
        assert_eq!(
            n,
            next.into_iter().map(String::from).collect::<Vec<_>>(),
            "next of {page}"
        );
    }
    // The volume's table of contents lists them in that order.
    let toc = site.out("economie-locale/index.html");
    let pos: Vec<usize> = [
        "/economie-locale/introduction/",
        "/economie-locale/contexte/",
        "/economie-locale/la-ressourcerie/",
        "/economie-locale/lancez-vous/",
    ]
    .iter()
    .map(|u| {
        toc.find(&format!("href=\"{u}\""))
            .unwrap_or_else(|| panic!("{u} not in the toc"))
    })
    .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "toc order: {pos:?}");
}

#[test]
fn ptce_index_groups_by_departement() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out("ptce/index.html");
    // Split the page at its <h2> headings, and find each département's part.
    let h2s: Vec<Tag> = tags(&html).into_iter().filter(|t| t.name == "h2").collect();
    let section = |dep: &str| -> &str {
        let i = h2s
            .iter()
            .position(|t| {
                let inner = &html[t.end..];
                strip_tags(&inner[..inner.find("</h2>").unwrap()]).contains(dep)
            })
            .unwrap_or_else(|| panic!("no heading for {dep}"));
        let end = h2s.get(i + 1).map_or(html.len(), |t| t.start);
        &html[h2s[i].start..end]
    };
    let nord = section("Nord");
    let pdc = section("Pas-de-Calais");
    assert!(nord.contains("Collectif Emploi"), "{nord}");
    assert!(!nord.contains("Hénin"), "{nord}");
    assert!(pdc.contains("PTCE Hénin Carvin"), "{pdc}");
    assert!(!pdc.contains("Collectif Emploi"), "{pdc}");
    for dep in ["Aisne", "Oise", "Somme"] {
        let s = section(dep);
        assert!(
            !s.contains("Collectif Emploi") && !s.contains("Hénin"),
            "{s}"
        );
    }
    // The PTCE can be linked to, and the case study links to its PTCE.
    assert!(ids(&html).contains("ptce-henin-carvin"));
    assert!(urls(&site.out(CASE)).contains(&"/ptce/#ptce-henin-carvin".to_string()));
    // A mention in a chapter links to the register and is listed there.
    assert!(urls(&site.out(CONTEXTE)).contains(&"/ptce/#ptce-henin-carvin".to_string()));
    assert!(pdc.contains("href=\"/economie-locale/contexte/\""), "{pdc}");
}

#[test]
fn sitemap_robots_and_404() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://example.org/"])
        .assert_success();
    let sitemap = site.out("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    for page in PAGES {
        let url = format!("/{}</loc>", page.trim_end_matches("index.html"));
        assert!(sitemap.contains(&url), "{url} not in sitemap:\n{sitemap}");
    }
    let robots = site.out("robots.txt");
    assert!(robots.contains("User-agent:"), "{robots}");
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
    let not_found = site.out("404.html");
    assert!(not_found.contains("<html lang=\"fr\""));
}

/// Every internal href/src is absolute under the sub-path, and the site
/// files follow the base URL too.
#[test]
fn base_url_with_sub_path_prefixes_every_internal_url() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://example.org/panoramas/"])
        .assert_success();
    let out = site.output();
    let mut checked = 0;
    for f in html_files(&out) {
        let html = fs::read_to_string(out.join(&f)).unwrap();
        for url in urls(&html) {
            if url.starts_with('#') {
                continue;
            }
            let path = if let Some(rest) = url.strip_prefix("https://example.org") {
                rest.to_string()
            } else if url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:") {
                continue;
            } else {
                url.clone()
            };
            assert!(
                path.starts_with("/panoramas/"),
                "{}: `{url}` does not start with /panoramas/",
                f.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} internal URLs seen");
    let problems = broken_links(&out, "/panoramas/", Some("https://example.org"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let sitemap = site.out("sitemap.xml");
    for loc in sitemap.split("<loc>").skip(1) {
        assert!(loc.starts_with("https://example.org/panoramas/"), "{loc}");
    }
    let robots = site.out("robots.txt");
    assert!(robots.contains("https://example.org/panoramas/sitemap.xml"));
}

#[test]
fn every_internal_link_resolves() {
    let site = Site::minimal();
    site.build_ok();
    let problems = broken_links(&site.output(), "/", None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The checker itself finds a broken link.
    let bad = site.output().join("bad/index.html");
    fs::create_dir_all(bad.parent().unwrap()).unwrap();
    fs::write(
        &bad,
        "<a href=\"/nowhere/\">x</a><a href=\"/ptce/#nope\">y</a>",
    )
    .unwrap();
    assert_eq!(broken_links(&site.output(), "/", None).len(), 2);
}

#[test]
fn two_builds_are_byte_identical() {
    let a = Site::minimal();
    let b = Site::minimal();
    with_rust_code_block(&a);
    with_rust_code_block(&b);
    a.build_ok();
    let first = snapshot(&a.output());
    a.build_ok();
    assert_same_tree(&first, &snapshot(&a.output()), "a second build's output");
    // Another copy of the same input, in another folder: same bytes.
    b.build_ok();
    assert_same_tree(&first, &snapshot(&b.output()), "a build in another folder");
}

#[test]
fn check_writes_nothing() {
    let site = Site::minimal();
    let before = snapshot(site.tmp.path());
    let run = site.run(&["check"]);
    run.assert_success();
    assert!(run.stdout.contains("panorama: checked"), "{}", run.stdout);
    assert_same_tree(&before, &snapshot(site.tmp.path()), "the site's folder");
    assert!(!site.output().exists());

    // Not even when a previous output exists, nor when the content is broken.
    site.build_ok();
    site.replace(
        "content/economie-locale/01-introduction.md",
        "kicker:",
        "kickr:",
    );
    let before = snapshot(site.tmp.path());
    site.run(&["check"]).assert_code(1);
    assert_same_tree(&before, &snapshot(site.tmp.path()), "the site's folder");
}

#[test]
fn quiet_build_prints_nothing() {
    let site = Site::minimal();
    let run = site.run(&["build", "--quiet"]);
    run.assert_success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = Site::minimal();
    site.write(
        "content/economie-locale/03-brouillon.md",
        "---\ntitle: Brouillon\ndraft: true\n---\n\nPas encore prêt.\n",
    );
    site.run(&["build", "--base-url", "https://example.org/"])
        .assert_success();
    assert!(!site.output().join("economie-locale/brouillon").exists());
    // The reading order skips it.
    assert_eq!(
        hrefs_where(&site.out(CONTEXTE), "rel", "next"),
        vec!["/economie-locale/la-ressourcerie/".to_string()]
    );
    assert!(!site.out("sitemap.xml").contains("brouillon"));

    site.run(&["build", "--drafts"]).assert_success();
    let draft = site.output().join("economie-locale/brouillon/index.html");
    assert!(draft.is_file());
    let problems = broken_links(&site.output(), "/", None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn builds_from_another_folder_with_root() {
    let site = Site::minimal();
    let elsewhere = site.tmp.path();
    let run = run_in(
        elsewhere,
        &["build", "--root", "site", "--output", "public", "--quiet"],
    );
    run.assert_success();
    assert!(elsewhere.join("public/index.html").is_file());
    assert!(!site.output().exists());
    assert!(Path::new(&elsewhere.join("public/.panorama-output")).is_file());
}

/// An editor's heading may carry the same text as the theme's own
/// sections (`Sources`, `Contenu`…): the page must still have unique ids,
/// or the skip link and the `aria-labelledby` of the sources go astray.
#[test]
fn body_headings_do_not_collide_with_theme_ids() {
    let site = Site::minimal();
    let intro = "content/economie-locale/01-introduction.md";
    let text = site.read(intro);
    site.write(
        intro,
        format!("{text}\n## Sources\n\nVoir les notes.\n\n## Contenu\n\nTexte.\n"),
    );
    site.build_ok();
    let html = site.out(INTRO);
    let all: Vec<String> = tags(&html)
        .into_iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect();
    for id in ["sources", "contenu"] {
        assert!(
            all.iter().filter(|i| *i == id).count() <= 1,
            "id `{id}` used twice: {all:?}"
        );
    }
}

#[test]
fn every_page_has_a_favicon_that_is_published() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    for page in PAGES.iter().chain(&["404.html"]) {
        let html = fs::read_to_string(out.join(page)).unwrap();
        let icons: Vec<(String, String)> = tags(&html)
            .into_iter()
            .filter(|t| t.name == "link")
            .filter_map(|t| Some((t.attr("rel")?.to_string(), t.attr("href")?.to_string())))
            .filter(|(rel, _)| rel == "icon" || rel == "apple-touch-icon")
            // Asked for with the version of their bytes (`?v=`).
            .map(|(rel, href)| {
                let (file, version) = href.split_once("?v=").expect("a versioned URL");
                assert_eq!(version.len(), 16, "{href}");
                (rel, file.to_string())
            })
            .collect();
        assert_eq!(
            icons,
            [
                ("icon".to_string(), "/static/favicon.svg".to_string()),
                ("icon".to_string(), "/static/favicon-32.png".to_string()),
                (
                    "apple-touch-icon".to_string(),
                    "/static/apple-touch-icon.png".to_string()
                ),
            ],
            "{page}"
        );
    }
    let svg = fs::read_to_string(out.join("static/favicon.svg")).unwrap();
    assert!(svg.starts_with("<svg") && !svg.contains("<script"), "{svg}");
    for png in ["static/favicon-32.png", "static/apple-touch-icon.png"] {
        let bytes = fs::read(out.join(png)).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{png} is not a PNG"
        );
    }
}

#[test]
fn home_cards_say_where_each_panorama_is() {
    let site = Site::minimal();
    site.replace(
        "content/site.yaml",
        "  - title: L'économie locale et solidaire\n",
        "  - title: Les achats socialement responsables\n    status: elsewhere\n  - title: L'économie locale et solidaire\n",
    );
    site.build_ok();
    let home = site.out("index.html");
    let cards = &home[home.find("id=\"panoramas-titre\"").unwrap()..];
    let cards = &cards[..cards.find("</section>").unwrap()];
    let card = |title: &str| {
        cards
            .split("<li")
            .find(|c| c.contains(title))
            .unwrap_or_else(|| panic!("{title}"))
            .to_string()
    };
    let elsewhere = card("achats socialement responsables");
    assert!(
        elsewhere.contains("Sur le site de l’éditeur"),
        "{elsewhere}"
    );
    assert!(elsewhere.contains("sur le site de l’éditeur (DREETS Hauts-de-France)"));
    assert!(!elsewhere.contains("À paraître") && !elsewhere.contains("href="));
    let forthcoming = card("égalité femmes-hommes");
    assert!(forthcoming.contains("À paraître") && !forthcoming.contains("éditeur"));
    assert!(card("économie locale et solidaire").contains("href=\"/economie-locale/\""));
}
