//! `updated:` on every kind of page (« Mis à jour le », sitemap `lastmod`,
//! JSON-LD `dateModified`, Atom `updated`; an invalid date is E055) and
//! « Comment citer » on volumes and case studies, also in the open data
//! (issue 13). The XML files are parsed with quick-xml, the JSON with
//! serde_json, the CSV with the csv crate; the data package as a whole is
//! checked by `artifacts.rs`.

mod common;

use common::*;

const BASE: &str = "https://example.org/panoramas/";
const VOLUME: &str = "content/economie-locale/index.md";
const CHAPTER: &str = "content/economie-locale/02-contexte.md";
const CASE: &str = "content/economie-locale/05-projecteurs/01-la-ressourcerie.md";
const TERM: &str = "content/glossaire/ess.md";
const PAGE: &str = "content/pages/mentions-legales.md";

/// Adds `updated: <date>` as the first key of a file's front matter.
fn set_updated(site: &Site, file: &str, date: &str) {
    let text = site.read(file);
    let rest = text.strip_prefix("---\n").expect("a front matter");
    site.write(file, format!("---\nupdated: {date}\n{rest}"));
}

/// `<url>` entries of a sitemap as (loc, lastmod), parsed as XML.
fn sitemap_entries(xml: &str) -> Vec<(String, Option<String>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut current, mut field) = (Vec::new(), None::<(String, Option<String>)>, None);
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                b"url" => current = Some((String::new(), None)),
                b"loc" => field = Some("loc"),
                b"lastmod" => field = Some("lastmod"),
                _ => {}
            },
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                if let (Some(c), Some(f)) = (current.as_mut(), field) {
                    if f == "loc" {
                        c.0 += &text;
                    } else {
                        c.1 = Some(text);
                    }
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"url" => out.push(current.take().unwrap()),
                _ => field = None,
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Each Atom `<entry>` as (id, updated), parsed as XML.
fn atom_entries(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut out, mut in_entry, mut field) = (Vec::new(), false, None);
    let (mut id, mut updated) = (String::new(), String::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => match e.name().as_ref() {
                b"entry" => in_entry = true,
                b"id" if in_entry => field = Some("id"),
                b"updated" if in_entry => field = Some("updated"),
                _ => {}
            },
            Event::Text(t) => {
                let text = t.decode().unwrap().into_owned();
                match field {
                    Some("id") => id += &text,
                    Some("updated") => updated += &text,
                    _ => {}
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == b"entry" {
                    out.push((std::mem::take(&mut id), std::mem::take(&mut updated)));
                    in_entry = false;
                }
                field = None;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let rest = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .expect("a JSON-LD block");
    serde_json::from_str(&rest[..rest.find("</script>").unwrap()]).expect("valid JSON-LD")
}

#[test]
fn updated_is_shown_and_published_on_every_kind_of_page() {
    let site = Site::minimal();
    for (file, date) in [
        (VOLUME, "2025-09-01"),
        (CHAPTER, "2026-03-03"),
        (CASE, "2026-01-15"),
        (TERM, "2026-02-28"),
        (PAGE, "2026-03-10"),
    ] {
        set_updated(&site, file, date);
    }
    site.run(&["build", "--base-url", BASE]).assert_success();
    let pages = [
        ("economie-locale/", "2025-09-01", "1er septembre 2025"),
        ("economie-locale/contexte/", "2026-03-03", "3 mars 2026"),
        (
            "economie-locale/la-ressourcerie/",
            "2026-01-15",
            "15 janvier 2026",
        ),
        ("glossaire/ess/", "2026-02-28", "28 février 2026"),
        ("mentions-legales/", "2026-03-10", "10 mars 2026"),
    ];
    for (path, iso, label) in pages {
        let html = site.out(&format!("{path}index.html"));
        let text = strip_tags(&html).replace(['\u{a0}', '\u{202f}'], " ");
        assert!(text.contains(&format!("Mis à jour le {label}")), "{path}");
        assert!(
            html.contains(&format!("<time datetime=\"{iso}\">")),
            "{path}"
        );
        assert_eq!(json_ld(&html)["dateModified"], iso, "{path}");
    }
    // A page without `updated` says nothing of it.
    let intro = site.out("economie-locale/introduction/index.html");
    assert!(!intro.contains("Mis à jour"));
    assert!(json_ld(&intro).get("dateModified").is_none());

    let sitemap = sitemap_entries(&site.out("sitemap.xml"));
    for (path, iso, _) in pages {
        let loc = format!("{BASE}{path}");
        let entry = sitemap.iter().find(|(l, _)| *l == loc).expect(&loc);
        assert_eq!(entry.1.as_deref(), Some(iso), "{loc}");
    }
    let intro_loc = format!("{BASE}economie-locale/introduction/");
    let intro = sitemap.iter().find(|(l, _)| *l == intro_loc).unwrap();
    assert_eq!(intro.1, None);

    // Atom: the entry's own date, else the volume's (2025-07).
    let atom = atom_entries(&site.out("atom.xml"));
    let updated = |path: &str| {
        atom.iter()
            .find(|(id, _)| *id == format!("{BASE}{path}"))
            .map(|(_, u)| u.clone())
            .unwrap_or_else(|| panic!("{path} in the feed"))
    };
    assert_eq!(updated("economie-locale/"), "2025-09-01T00:00:00Z");
    assert_eq!(updated("economie-locale/contexte/"), "2026-03-03T00:00:00Z");
    assert_eq!(
        updated("economie-locale/la-ressourcerie/"),
        "2026-01-15T00:00:00Z"
    );
    assert_eq!(
        updated("economie-locale/introduction/"),
        "2025-07-01T00:00:00Z"
    );
    // Newest first.
    assert_eq!(atom[0].0, format!("{BASE}economie-locale/contexte/"));
}

#[test]
fn an_invalid_updated_date_is_an_error_at_its_line() {
    for (file, date) in [
        (CHAPTER, "3 mars 2026"),
        (CASE, "2026-02-30"),
        (TERM, "2026-3-3"),
        (PAGE, "03/03/2026"),
        (VOLUME, "2026-13-01"),
    ] {
        let site = Site::minimal();
        site.build_ok();
        let before = snapshot(&site.output());
        set_updated(&site, file, &format!("\"{date}\""));
        let run = site.build();
        run.assert_code(1).assert_no_panic();
        run.assert_diagnostic("E055", file, Some(2));
        run.assert_stderr("YYYY-MM-DD");
        assert_eq!(run.error_count(), 1, "{}", run.stderr);
        assert_same_tree(&before, &snapshot(&site.output()), "output/");
    }
    // Unquoted, YAML reads the same text.
    let site = Site::minimal();
    set_updated(&site, CHAPTER, "2026-02-30");
    site.build().assert_code(1);
    site.run(&["check"])
        .assert_code(1)
        .assert_diagnostic("E055", CHAPTER, Some(2));
}

#[test]
fn volumes_and_case_studies_say_how_to_cite_them() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", BASE]).assert_success();
    let text = |rel: &str| {
        strip_tags(&site.out(rel))
            .replace(['\u{a0}', '\u{202f}'], " ")
            .replace('’', "'")
    };
    let volume = text("economie-locale/index.html");
    assert!(volume.contains("Comment citer ce volume"), "{volume}");
    assert!(volume.contains(
        "DREETS Hauts-de-France, « Économie locale et solidaire — Activités d'utilité sociale et filières inclusives », Panorama de test, volume 3, juillet 2025. https://example.org/panoramas/economie-locale/"
    ), "{volume}");
    let case = text("economie-locale/la-ressourcerie/index.html");
    assert!(case.contains("Comment citer ce coup de projecteur"));
    assert!(case.contains(
        "DREETS Hauts-de-France, « La ressourcerie du bassin minier », coup de projecteur n° 1, dans « Économie locale et solidaire — Activités d'utilité sociale et filières inclusives », Panorama de test, volume 3, juillet 2025. https://example.org/panoramas/economie-locale/la-ressourcerie/"
    ), "{case}");
    // Not on other pages.
    for rel in [
        "index.html",
        "economie-locale/introduction/index.html",
        "glossaire/ess/index.html",
        "mentions-legales/index.html",
    ] {
        assert!(!site.out(rel).contains("comment-citer"), "{rel}");
    }

    // The open data: one row per volume and case study, the same text.
    let csv_text = site.out("donnees/citations.csv");
    let mut reader = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["identifiant", "type", "titre", "citation", "url"]);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    let case_row = rows
        .iter()
        .find(|r| r[0] == "economie-locale/la-ressourcerie")
        .unwrap();
    assert_eq!(case_row[1], "etude-de-cas");
    assert_eq!(
        case_row[4],
        format!("{BASE}economie-locale/la-ressourcerie/")
    );
    assert!(
        case.contains(&case_row[3].replace('’', "'")),
        "{}",
        case_row[3]
    );
    let package: serde_json::Value =
        serde_json::from_str(&site.out("donnees/datapackage.json")).unwrap();
    let resource = package["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "citations")
        .expect("the citations in the data package");
    assert_eq!(resource["path"], "citations.csv");
    assert_eq!(resource["schema"]["primaryKey"][0], "identifiant");
    let url = resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "url")
        .unwrap();
    assert_eq!(url["format"], "uri");
}

#[test]
fn a_citation_without_absolute_base_url_gives_the_path() {
    let site = Site::minimal();
    // No publication date: no month and year.
    site.replace(VOLUME, "published: \"2025-07\"\n", "");
    site.build_ok();
    let volume =
        strip_tags(&site.out("economie-locale/index.html")).replace(['\u{a0}', '\u{202f}'], " ");
    assert!(
        volume.contains("Panorama de test, volume 3. /economie-locale/"),
        "{volume}"
    );
    let csv_text = site.out("donnees/citations.csv");
    assert!(
        csv_text.contains(",/economie-locale/\r\n") || csv_text.contains(",/economie-locale/\n"),
        "{csv_text}"
    );
}
