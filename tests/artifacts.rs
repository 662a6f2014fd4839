//! The published files other programs read: links of the Markdown body
//! (`mailto:`), content files found whatever the case of their extension,
//! and (below) the URL policy, the Atom feed and the open-data package,
//! each parsed by a real parser rather than searched as text.

mod common;

use common::Site;

/// An e-mail autolink (`<a@b.fr>`) and a `mailto:` destination both give
/// one `mailto:` prefix.
#[test]
fn email_links_have_one_mailto() {
    let site = Site::minimal();
    let page = "content/economie-locale/02-contexte.md";
    site.replace(
        page,
        "Le PTCE Hénin-Carvin fédère les acteurs du territoire.",
        "Le PTCE Hénin-Carvin fédère les acteurs du territoire.\n\n\
         Contact : <accueil@example.org>, [écrire](mailto:ecrire@example.org) \
         ou <mailto:autre@example.org>.",
    );
    site.build_ok();
    let html = site.out("economie-locale/contexte/index.html");
    let hrefs: Vec<String> = common::tags(&html)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .filter(|h| h.contains('@'))
        .collect();
    assert_eq!(
        hrefs,
        [
            "mailto:accueil@example.org",
            "mailto:ecrire@example.org",
            "mailto:autre@example.org"
        ],
        "{html}"
    );
}

/// `06-page.MD` (any case of the extension) is a chapter, not a raw file.
#[test]
fn upper_case_md_extension_is_a_page() {
    let site = Site::minimal();
    site.write(
        "content/economie-locale/06-annexe.MD",
        "---\ntitle: Une annexe\n---\n\nLe texte de l'annexe.\n",
    );
    site.write(
        "content/economie-locale/07-suite.Md",
        "---\ntitle: Une suite\n---\n\nLe texte de la suite.\n",
    );
    site.build_ok();
    let out = site.output();
    assert!(!out.join("economie-locale/06-annexe.MD").exists());
    assert!(!out.join("economie-locale/07-suite.Md").exists());
    let annexe = site.out("economie-locale/annexe/index.html");
    assert!(annexe.contains("Le texte de l’annexe") || annexe.contains("Le texte de l'annexe"));
    assert!(
        site.out("economie-locale/suite/index.html")
            .contains("Le texte de la suite")
    );
}

/// An XML element as the tests need it: name, attributes, text, children.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<El>,
}

impl El {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    fn all(&self, name: &str) -> Vec<&El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one(&self, name: &str) -> &El {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        found[0]
    }
}

/// Parses a whole XML document with quick-xml (well-formedness checked:
/// end names, one root) into its root element.
fn parse_xml(text: &str) -> El {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart| El {
        name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                    a.unescape_value().expect("attribute value").into_owned(),
                )
            })
            .collect(),
        ..El::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let el = open(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let mut el = stack.pop().unwrap();
                el.text = el.text.trim().to_string();
                stack.last_mut().unwrap().children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text += &t.decode().unwrap(),
            Event::CData(t) => stack.last_mut().unwrap().text += &t.decode().unwrap(),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => match r.decode().unwrap().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("undefined entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text += &c;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut doc = stack.pop().unwrap();
    assert_eq!(doc.children.len(), 1, "one root element");
    doc.children.pop().unwrap()
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &str) -> Vec<serde_json::Value> {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    html.split(OPEN)
        .skip(1)
        .map(|rest| {
            let end = rest.find("</script>").unwrap();
            serde_json::from_str(&rest[..end]).expect("valid JSON-LD")
        })
        .collect()
}

/// Every value of a key `url` in a JSON value, at any depth.
fn json_urls(v: &serde_json::Value, found: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if k == "url" {
                    found.push(v.as_str().unwrap_or("<not a string>").to_string());
                }
                json_urls(v, found);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_urls(v, found)),
        _ => {}
    }
}

/// The `content`/`href` of `<meta property=og:url>` and `<link rel=canonical>`.
fn absolute_refs(html: &str) -> Vec<String> {
    common::tags(html)
        .iter()
        .filter_map(
            |t| match (t.name.as_str(), t.attr("rel"), t.attr("property")) {
                ("link", Some("canonical"), _) => t.attr("href").map(str::to_string),
                ("meta", _, Some("og:url")) => t.attr("content").map(str::to_string),
                _ => None,
            },
        )
        .collect()
}

/// With the fixture's `base_url: "/"`: one warning naming the files and the
/// fix; nothing that needs an absolute URL is published relative.
#[test]
fn a_base_url_without_host_leaves_out_absolute_urls_and_says_so() {
    let site = Site::minimal();
    let run = site.build_ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("panorama: warning: base_url"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    for needle in [
        "sitemap.xml",
        "atom.xml",
        "canonical",
        "base_url: https://",
        "--base-url",
    ] {
        assert!(run.stderr.contains(needle), "{needle}: {}", run.stderr);
    }
    let out = site.output();
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("atom.xml").exists());
    assert!(!site.out("robots.txt").contains("Sitemap:"));
    let pages = common::html_files(&out);
    assert!(pages.len() > 10);
    for f in pages {
        let html = std::fs::read_to_string(out.join(&f)).unwrap();
        assert_eq!(
            absolute_refs(&html),
            Vec::<String>::new(),
            "{}",
            f.display()
        );
        assert!(!html.contains("application/atom+xml"), "{}", f.display());
        let mut urls = Vec::new();
        json_ld(&html).iter().for_each(|v| json_urls(v, &mut urls));
        assert_eq!(urls, Vec::<String>::new(), "{}", f.display());
    }
    // Pages keep their root-relative links.
    assert!(
        common::urls(&site.out("economie-locale/contexte/index.html"))
            .contains(&"/ptce/#ptce-henin-carvin".to_string())
    );
    // `--quiet` keeps it quiet.
    let quiet = site.run(&["build", "--quiet"]);
    quiet.assert_success();
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);
}

/// With an absolute base under a sub-path: no warning; canonical, og:url,
/// JSON-LD, sitemap, robots and the data `url` columns all start with it,
/// while links in pages stay root-relative.
#[test]
fn an_absolute_base_url_is_used_wherever_a_standard_needs_one() {
    const BASE: &str = "https://example.org/panoramas/";
    let site = Site::minimal();
    let run = site.run(&["build", "--base-url", BASE]);
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let out = site.output();
    let mut pages_checked = 0;
    for f in common::html_files(&out) {
        let html = std::fs::read_to_string(out.join(&f)).unwrap();
        let refs = absolute_refs(&html);
        let name = f.to_string_lossy().replace('\\', "/");
        if name == "404.html" {
            assert!(refs.is_empty());
            continue;
        }
        let own = format!("{BASE}{}", name.trim_end_matches("index.html"));
        assert_eq!(refs, [own.clone(), own.clone()], "{name}");
        let blocks = json_ld(&html);
        assert_eq!(blocks.len(), 1, "{name}");
        assert_eq!(blocks[0]["url"], own.as_str(), "{name}");
        let mut urls = Vec::new();
        json_urls(&blocks[0], &mut urls);
        for u in urls {
            assert!(u.starts_with(BASE), "{name}: {u}");
        }
        // Links between pages stay root-relative.
        for u in common::urls(&html) {
            assert!(
                refs.contains(&u) || !u.starts_with("https://example.org/"),
                "{name}: {u}"
            );
        }
        pages_checked += 1;
    }
    assert!(pages_checked > 10);
    let sitemap = parse_xml(&site.out("sitemap.xml"));
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(
        sitemap.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let locs: Vec<String> = sitemap
        .all("url")
        .iter()
        .map(|u| u.one("loc").text.clone())
        .collect();
    assert!(locs.len() > 10);
    for loc in &locs {
        assert!(loc.starts_with(BASE), "{loc}");
        assert!(
            out.join(&loc[BASE.len()..]).join("index.html").is_file(),
            "{loc}"
        );
    }
    assert!(locs.contains(&format!("{BASE}economie-locale/la-ressourcerie/")));
    // The search page is a page like the others (Lighthouse's SEO audit
    // fails a `noindex` page): listed.
    assert!(locs.contains(&format!("{BASE}recherche/")));
    let robots = site.out("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    let mut csv = csv::Reader::from_path(out.join("donnees/etudes-de-cas.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let url = headers
        .iter()
        .position(|h| h == "url")
        .expect("a url column");
    let mut rows = 0;
    for row in csv.records() {
        let row = row.unwrap();
        assert!(row[url].starts_with(BASE), "{:?}", &row[url]);
        rows += 1;
    }
    assert_eq!(rows, 1);
}

/// The Atom feed, read by an XML parser: one entry per published volume,
/// chapter and case study, each with the elements RFC 4287 requires and
/// absolute links, whatever characters the titles and summaries hold.
#[test]
fn the_atom_feed_lists_volumes_chapters_and_case_studies() {
    const BASE: &str = "https://example.org/panoramas/";
    let site = Site::minimal();
    site.replace(
        "content/economie-locale/01-introduction.md",
        "title: Introduction\n",
        "title: \"Introduction & <suite> ]]> \\\"citée\\\"\"\n",
    );
    site.replace(
        "content/economie-locale/01-introduction.md",
        "description: Le chapitre d'introduction.",
        "description: \"Un résumé avec </summary> & des <b>balises</b>\"",
    );
    site.run(&["build", "--base-url", BASE]).assert_success();
    let feed = parse_xml(&site.out("atom.xml"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.one("id").text, BASE);
    assert!(!feed.one("title").text.is_empty());
    assert_eq!(feed.one("updated").text, "2025-07-01T00:00:00Z");
    assert_eq!(
        feed.one("author").one("name").text,
        "DREETS Hauts-de-France"
    );
    let self_link = feed.all("link");
    assert!(
        self_link.iter().any(|l| l.attr("rel") == Some("self")
            && l.attr("href") == Some(&*format!("{BASE}atom.xml")))
    );
    let entries = feed.all("entry");
    let mut links = Vec::new();
    for e in &entries {
        let id = &e.one("id").text;
        assert!(id.starts_with(BASE), "{id}");
        assert!(!e.one("title").text.trim().is_empty());
        assert_eq!(e.one("updated").text, "2025-07-01T00:00:00Z");
        assert_eq!(e.one("published").text, "2025-07-01T00:00:00Z");
        assert_eq!(e.one("author").one("name").text, "DREETS Hauts-de-France");
        let link = e.one("link");
        assert_eq!(link.attr("rel"), Some("alternate"));
        let href = link.attr("href").unwrap();
        assert_eq!(href, id);
        let file = site.output().join(&href[BASE.len()..]).join("index.html");
        assert!(file.is_file(), "{href}");
        links.push(href[BASE.len()..].to_string());
    }
    assert_eq!(
        links,
        [
            "economie-locale/",
            "economie-locale/introduction/",
            "economie-locale/contexte/",
            "economie-locale/la-ressourcerie/",
        ]
    );
    let intro = &entries[1];
    assert_eq!(
        intro.one("title").text,
        "Introduction & <suite> ]]> \"citée\""
    );
    assert_eq!(
        intro.one("summary").text,
        "Un résumé avec </summary> & des <b>balises</b>"
    );
    assert!(
        entries[3]
            .one("title")
            .text
            .contains("La ressourcerie du bassin minier")
    );
}

/// A CSV file of the output, parsed: its header and its records.
fn read_csv(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // UTF-8 with a byte-order mark (for spreadsheets), comma, a header line.
    let text = text
        .strip_prefix('\u{FEFF}')
        .expect("a UTF-8 byte-order mark");
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b',')
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("a well-formed CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect();
    (header, rows)
}

/// Checks `/donnees/datapackage.json` against its CSV files: every
/// resource's file exists, its header is the schema's fields in order, and
/// every value keeps the schema's types, closed lists and keys.
#[allow(
    clippy::too_many_lines,
    reason = "one pass over the data package, each check beside the field of the schema it reads"
)]
fn check_datapackage(out: &std::path::Path, url_prefix: &str) -> serde_json::Value {
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("donnees/datapackage.json")).unwrap(),
    )
    .expect("datapackage.json is JSON");
    assert_eq!(package["profile"], "tabular-data-package");
    assert!(
        package["name"]
            .as_str()
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'-')
    );
    let resources = package["resources"].as_array().unwrap();
    let mut tables = std::collections::BTreeMap::new();
    for r in resources {
        let name = r["name"].as_str().unwrap();
        assert_eq!(r["profile"], "tabular-data-resource", "{name}");
        assert_eq!(r["encoding"], "utf-8", "{name}");
        assert_eq!(r["dialect"]["delimiter"], ",", "{name}");
        let path = r["path"].as_str().unwrap();
        assert!(!path.contains('/') && path.ends_with(".csv"), "{path}");
        let (header, rows) = read_csv(&out.join("donnees").join(path));
        let fields = r["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(header, names, "{name}: the header is the schema's fields");
        for row in &rows {
            assert_eq!(row.len(), fields.len(), "{name}: {row:?}");
            for (value, f) in row.iter().zip(fields) {
                let field = f["name"].as_str().unwrap();
                if value.is_empty() {
                    assert_ne!(f["constraints"]["required"], true, "{name}.{field}");
                    continue;
                }
                match f["type"].as_str().unwrap() {
                    "integer" => {
                        value
                            .parse::<i64>()
                            .unwrap_or_else(|_| panic!("{name}.{field}: {value}"));
                    }
                    "string" => {}
                    other => panic!("{name}.{field}: unexpected type {other}"),
                }
                if let Some(allowed) = f["constraints"]["enum"].as_array() {
                    assert!(
                        allowed.iter().any(|a| a == value.as_str()),
                        "{name}.{field}: {value}"
                    );
                }
                match f["format"].as_str() {
                    Some("uri") => {
                        assert!(value.starts_with(url_prefix), "{name}.{field}: {value}")
                    }
                    Some("email") => assert!(value.contains('@'), "{name}.{field}: {value}"),
                    Some(other) => panic!("{name}.{field}: unexpected format {other}"),
                    None => {}
                }
                if field == "url" && name != "ressources" {
                    assert!(value.starts_with(url_prefix), "{name}.{field}: {value}");
                }
            }
        }
        if let Some(keys) = r["schema"]["primaryKey"].as_array() {
            let cols: Vec<usize> = keys
                .iter()
                .map(|k| {
                    header
                        .iter()
                        .position(|h| h == k.as_str().unwrap())
                        .unwrap()
                })
                .collect();
            let mut seen = std::collections::BTreeSet::new();
            for row in &rows {
                let key: Vec<&String> = cols.iter().map(|&c| &row[c]).collect();
                assert!(key.iter().all(|k| !k.is_empty()), "{name}: empty key");
                assert!(seen.insert(key.clone()), "{name}: key {key:?} twice");
            }
        }
        tables.insert(name.to_string(), (header, rows, r["schema"].clone()));
    }
    // Foreign keys point at rows that exist.
    for (name, (header, rows, schema)) in &tables {
        for fk in schema["foreignKeys"].as_array().into_iter().flatten() {
            let from = fk["fields"][0].as_str().unwrap();
            let target = fk["reference"]["resource"].as_str().unwrap();
            let to = fk["reference"]["fields"][0].as_str().unwrap();
            let (theader, trows, _) = &tables[target];
            let tc = theader.iter().position(|h| h == to).unwrap();
            let fc = header.iter().position(|h| h == from).unwrap();
            for row in rows {
                if !row[fc].is_empty() {
                    assert!(
                        trows.iter().any(|t| t[tc] == row[fc]),
                        "{name}.{from} = {} not in {target}",
                        row[fc]
                    );
                }
            }
        }
    }
    package
}

#[test]
fn open_data_is_a_frictionless_data_package() {
    const BASE: &str = "https://example.org/panoramas/";
    let site = Site::minimal();
    site.run(&["build", "--base-url", BASE]).assert_success();
    let out = site.output();
    let package = check_datapackage(&out, BASE);
    let resources = package["resources"].as_array().unwrap();
    let resource = |n: &str| {
        resources
            .iter()
            .find(|r| r["name"] == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    // Every CSV of /donnees/ is described.
    let described: std::collections::BTreeSet<String> = resources
        .iter()
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    let on_disk: std::collections::BTreeSet<String> = std::fs::read_dir(out.join("donnees"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".csv"))
        .collect();
    assert_eq!(described, on_disk);
    // departement_code is a string, with the codes as its enumeration.
    for set in ["etudes-de-cas", "ptce"] {
        let f = resource(set)["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "departement_code")
            .unwrap()
            .clone();
        assert_eq!(f["type"], "string");
        assert_eq!(
            f["constraints"]["enum"],
            serde_json::json!(["02", "59", "60", "62", "80"])
        );
    }
    let cases = &resource("etudes-de-cas")["schema"];
    assert_eq!(cases["primaryKey"], serde_json::json!(["identifiant"]));
    assert_eq!(
        cases["foreignKeys"],
        serde_json::json!([{"fields": ["ptce"], "reference": {"resource": "ptce", "fields": ["identifiant"]}}])
    );
    // The lists are their own tables, one value per cell.
    let (_, communes) = read_csv(&out.join("donnees/etudes-de-cas-communes.csv"));
    assert_eq!(communes, [["economie-locale/la-ressourcerie", "Carvin"]]);
    let (_, actors) = read_csv(&out.join("donnees/etudes-de-cas-acteurs.csv"));
    assert!(actors.contains(&vec![
        "economie-locale/la-ressourcerie".to_string(),
        "partenaire".into(),
        "Commune de Carvin".into(),
        "met à disposition un local".into()
    ]));
    let (_, pages) = read_csv(&out.join("donnees/ptce-pages.csv"));
    assert!(
        pages
            .iter()
            .any(|r| r[0] == "ptce-henin-carvin"
                && r[1] == format!("{BASE}economie-locale/contexte/"))
    );
    // The page says how to open the CSV and links to the package.
    let page = site.out("donnees/index.html");
    assert!(common::urls(&page).contains(&"/panoramas/donnees/datapackage.json".to_string()));
    assert!(page.contains("UTF-8") && page.contains("Virgule"), "{page}");
}

/// Without an absolute base the package is still valid: its URL columns
/// are root-relative paths, not declared as URIs.
#[test]
fn the_data_package_without_a_host() {
    let site = Site::minimal();
    site.build_ok();
    let package = check_datapackage(&site.output(), "/");
    let text = package.to_string();
    assert!(!text.contains("\"uri\""), "{text}");
    assert!(package.get("homepage").is_none());
}

/// A 1200 × 630 PNG, made here (the `image` crate is already a dependency).
fn sharing_png() -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(1200, 630, image::Rgba([0, 0, 145, 255]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// Every page has a Twitter/X `summary_large_image` card; its image and
/// text alternative are those of `og:image`, absolute, when there is one.
#[test]
fn every_page_has_a_large_image_card() {
    const BASE: &str = "https://example.org/panoramas/";
    let site = Site::minimal();
    let settings = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!(
            "{settings}\nimage:\n  file: medias/partage.png\n  alt: Les panoramas de l'inclusion\n"
        ),
    );
    site.write("content/medias/partage.png", sharing_png());
    let meta = |html: &str, attr: &str, name: &str| -> Option<String> {
        common::tags(html)
            .into_iter()
            .find(|t| t.name == "meta" && t.attr(attr) == Some(name))
            .and_then(|t| t.attr("content").map(str::to_string))
    };

    site.run(&["build", "--base-url", BASE]).assert_success();
    let out = site.output();
    let pages = common::html_files(&out);
    assert!(pages.len() > 10);
    for f in &pages {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        let shown = f.display();
        assert_eq!(
            meta(&html, "name", "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{shown}"
        );
        let og = meta(&html, "property", "og:image").unwrap_or_else(|| panic!("{shown}"));
        assert!(
            og.starts_with(BASE) && og.ends_with(".png"),
            "{shown}: {og}"
        );
        assert_eq!(meta(&html, "name", "twitter:image"), Some(og), "{shown}");
        assert_eq!(
            meta(&html, "name", "twitter:image:alt").as_deref(),
            Some("Les panoramas de l'inclusion"),
            "{shown}"
        );
    }

    // Without a host, no image URL can be absolute: the card stays, the
    // images are left out (never relative).
    site.build_ok();
    for f in &pages {
        let html = std::fs::read_to_string(out.join(f)).unwrap();
        let shown = f.display();
        assert_eq!(
            meta(&html, "name", "twitter:card").as_deref(),
            Some("summary_large_image"),
            "{shown}"
        );
        assert_eq!(meta(&html, "property", "og:image"), None, "{shown}");
        assert_eq!(meta(&html, "name", "twitter:image"), None, "{shown}");
    }
}
