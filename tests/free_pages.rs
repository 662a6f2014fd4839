//! Free pages (`content/pages/<slug>.md` at `/<slug>/`, issue 13): their
//! page, the footer of both themes (the dsfr footer is in `dsfr.rs`), the
//! site maps, drafts, addresses already taken, the warning for a missing
//! legal page, and `panorama new page`.

mod common;

use common::*;

const CONTACT: &str = "---\ntitle: Contact\ndescription: Écrire à l'équipe.\nfooter: true\norder: 1\n---\n\nÉcrivez-nous.\n";

/// The `<li>` links of the footer's bottom list, as (text, href).
fn footer_bottom(html: &str) -> Vec<(String, String)> {
    let list = html
        .split("<ul class=\"footer-bottom\">")
        .nth(1)
        .expect("a footer-bottom list")
        .split("</ul>")
        .next()
        .unwrap();
    list.split("<a ")
        .skip(1)
        .map(|a| {
            let href = a
                .split("href=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            let text = a.split('>').nth(1).unwrap().split("</a").next().unwrap();
            (strip_tags(text).replace("&#160;", " "), href.to_string())
        })
        .collect()
}

#[test]
fn a_free_page_is_published_at_its_slug() {
    let site = Site::minimal();
    site.write("content/pages/contact.md", CONTACT);
    let run = site.build_ok();
    let html = site.out("contact/index.html");
    assert!(html.contains("<h1>Contact</h1>"), "{html}");
    assert!(html.contains("Écrivez-nous."));
    assert!(
        html.contains("<meta name=\"description\" content=\"Écrire à l"),
        "{html}"
    );
    // No warning: the fixture has both legal pages.
    assert!(!run.stderr.contains("Mentions légales"), "{}", run.stderr);
    // The legal notice names the publisher of site.yaml.
    let legal = site.out("mentions-legales/index.html");
    assert!(
        legal.contains("<h2 id=\"editeur\">Éditeur</h2>")
            && legal.contains("<strong>Éditeur du site&#160;:</strong> DREETS Hauts-de-France</p>"),
        "{legal}"
    );
    assert!(broken_links(&site.output(), "/", None).is_empty());
}

#[test]
fn the_footer_lists_legal_pages_first_then_footer_pages() {
    let site = Site::minimal();
    site.write("content/pages/contact.md", CONTACT);
    // Not in the footer: no `footer: true`, not a legal page.
    site.write(
        "content/pages/a-propos.md",
        "---\ntitle: À propos\n---\n\nTexte.\n",
    );
    site.build_ok();
    for page in [
        "index.html",
        "economie-locale/index.html",
        "contact/index.html",
    ] {
        let links = footer_bottom(&site.out(page));
        let titles: Vec<&str> = links.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Plan du site",
                "Accessibilité : non conforme",
                "Mentions légales",
                "Données personnelles",
                "Contact",
                "Données ouvertes"
            ],
            "{page}"
        );
        assert!(links.contains(&("Contact".into(), "/contact/".into())));
        assert!(links.contains(&("Mentions légales".into(), "/mentions-legales/".into())));
    }
    // Every free page is in the site map, and the page outside the footer
    // is still published.
    let map = site.out("plan-du-site/index.html");
    for href in [
        "/a-propos/",
        "/contact/",
        "/mentions-legales/",
        "/donnees-personnelles/",
    ] {
        assert!(map.contains(&format!("href=\"{href}\"")), "{href}");
    }
    assert!(
        site.out("a-propos/index.html")
            .contains("<h1>À propos</h1>")
    );
}

#[test]
fn free_pages_follow_the_base_url() {
    let site = Site::minimal();
    site.write("content/pages/contact.md", CONTACT);
    site.run(&["build", "--base-url", "https://example.org/panoramas/"])
        .assert_success();
    let links = footer_bottom(&site.out("index.html"));
    assert!(links.contains(&("Contact".into(), "/panoramas/contact/".into())));
    let sitemap = site.out("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/panoramas/contact/</loc>"));
    assert!(broken_links(&site.output(), "/panoramas/", Some("https://example.org")).is_empty());
}

#[test]
fn a_draft_free_page_is_left_out_unless_asked() {
    let site = Site::minimal();
    site.write(
        "content/pages/contact.md",
        CONTACT.replace("order: 1", "draft: true"),
    );
    site.build_ok();
    assert!(!site.output().join("contact").exists());
    assert!(!site.out("index.html").contains("/contact/"));
    site.run(&["build", "--drafts"]).assert_success();
    assert!(site.out("contact/index.html").contains("<h1>Contact</h1>"));
}

#[test]
fn a_missing_legal_page_is_a_warning_naming_the_file() {
    let site = Site::minimal();
    site.remove("content/pages/donnees-personnelles.md");
    let run = site.build_ok();
    run.assert_stderr("« Données personnelles »");
    run.assert_stderr("create content/pages/donnees-personnelles.md");
    assert!(
        !run.stderr.contains("mentions-legales.md"),
        "{}",
        run.stderr
    );
    // The site is built all the same, its footer without the link.
    let links = footer_bottom(&site.out("index.html"));
    assert!(!links.iter().any(|(_, h)| h == "/donnees-personnelles/"));
    // It is not an error: `check` passes; `build --quiet` says nothing.
    site.run(&["check"]).assert_success();
    let quiet = site.run(&["--quiet", "build"]);
    quiet.assert_success();
    assert_eq!(quiet.stderr, "");
}

#[test]
fn a_free_page_cannot_take_a_generated_or_used_address() {
    let site = Site::minimal();
    // A generated page…
    site.write(
        "content/pages/glossaire.md",
        "---\ntitle: Glossaire bis\n---\n\nTexte.\n",
    );
    // …and a volume's address (by `slug:`).
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\nslug: economie-locale\n---\n\nTexte.\n",
    );
    let run = site.build();
    run.assert_code(1);
    run.assert_diagnostic("E016", "content/pages/glossaire.md", None);
    let taken: Vec<_> = run
        .diagnostics()
        .into_iter()
        .filter(|(c, _, _)| c == "E016")
        .collect();
    assert_eq!(taken.len(), 2, "{}", run.stderr);
    run.assert_stderr("content/pages/contact.md");
}

#[test]
fn a_free_page_front_matter_is_checked() {
    let site = Site::minimal();
    site.write(
        "content/pages/contact.md",
        "---\ntitle: Contact\nfooterr: true\n---\n\nTexte.\n",
    );
    let run = site.build();
    run.assert_code(1);
    run.assert_diagnostic("E007", "content/pages/contact.md", Some(3));
    run.assert_stderr("footer");
}

#[test]
fn new_page_creates_a_free_page_that_builds() {
    let site = Site::minimal();
    site.remove("content/pages/mentions-legales.md");
    let run = site.run(&["new", "page", "Mentions légales"]);
    run.assert_success();
    assert_eq!(run.stdout.trim(), "content/pages/mentions-legales.md");
    let text = site.read("content/pages/mentions-legales.md");
    assert!(text.contains("title: \"Mentions légales\""), "{text}");
    // Its placeholders are flagged, and it is in the footer at once.
    let build = site.build_ok();
    build.assert_stderr("content/pages/mentions-legales.md:3");
    assert!(
        !build.stderr.contains("« Mentions légales » page"),
        "{}",
        build.stderr
    );
    assert!(
        site.out("mentions-legales/index.html")
            .contains("Éditeur du site")
    );
    site.run(&["check", "--strict"]).assert_code(1);
    // Never over an existing file, nor at a taken address.
    let before = snapshot(&site.root.join("content"));
    site.run(&["new", "page", "Mentions légales"])
        .assert_code(1)
        .assert_stderr("already exists");
    site.run(&["new", "page", "Glossaire"])
        .assert_code(1)
        .assert_stderr("already taken");
    site.run(&["new", "page", "Économie locale"])
        .assert_code(1)
        .assert_stderr("already taken");
    assert_same_tree(&before, &snapshot(&site.root.join("content")), "content/");
}

#[test]
fn init_ships_the_legal_pages_with_their_fields_to_fill() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    run_in(tmp.path(), &["init", "site"]).assert_success();
    let build = run_in(&root, &["build"]);
    build.assert_success();
    // Both pages exist, so no warning for them; their placeholders are flagged.
    assert!(
        !build.stderr.contains("content/pages/mentions-legales.md`"),
        "{}",
        build.stderr
    );
    assert!(!build.stderr.contains("must publish"), "{}", build.stderr);
    build.assert_stderr("warning[E079]: content/pages/mentions-legales.md:2:");
    build.assert_stderr("warning[E079]: content/pages/donnees-personnelles.md:2:");
    let legal = std::fs::read_to_string(root.join("output/mentions-legales/index.html")).unwrap();
    assert!(legal.contains("<h2 id=\"editeur\">Éditeur</h2>"));
    assert!(legal.contains("À compléter"));
    run_in(&root, &["check", "--strict"])
        .assert_code(1)
        .assert_location("content/pages/mentions-legales.md", Some(2));
}

#[test]
fn a_page_beside_the_home_page_is_sent_to_pages() {
    let site = Site::minimal();
    site.write("content/contact.md", "---\ntitle: Contact\n---\n\nTexte.\n");
    let run = site.build();
    run.assert_code(1);
    run.assert_diagnostic("E004", "content/contact.md", None);
    run.assert_stderr("move it to content/pages/contact.md");
}
