//! Full-text search on the fixture `tests/fixtures/minimal/`, with the real
//! binary: the Pagefind bundle under `pagefind/`, what it indexes (the
//! pages' `<main>`, as published, under the site's base path), the search
//! page and its contract with `static/search.js`, the header's search form,
//! `search: false`, and determinism. The search itself (French stemming in
//! the browser) is tested by `tests/a11y/check.mjs`.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

/// Every page the fixture publishes whose text is searchable.
const INDEXED: &[&str] = &[
    "/",
    "/economie-locale/",
    "/economie-locale/introduction/",
    "/economie-locale/contexte/",
    "/economie-locale/la-ressourcerie/",
    "/economie-locale/lancez-vous/",
    "/glossaire/",
    "/glossaire/economie-circulaire/",
    "/glossaire/ess/",
    "/ptce/",
    "/ressources/",
    "/donnees/",
    "/accessibilite/",
    // The free pages (content/pages/).
    "/mentions-legales/",
    "/donnees-personnelles/",
];

fn entry_json(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("pagefind/pagefind-entry.json"))
        .expect("pagefind/pagefind-entry.json");
    serde_json::from_str(&text).unwrap()
}

/// The indexed pages as Pagefind stores them (one JSON object per
/// gzipped fragment, after an 12-byte `pagefind_dcd` marker).
fn fragments(out: &Path) -> Vec<serde_json::Value> {
    let dir = out.join("pagefind/fragment");
    let mut names: Vec<_> = fs::read_dir(&dir)
        .expect("pagefind/fragment/")
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(fs::File::open(&p).unwrap())
                .read_to_string(&mut text)
                .unwrap();
            let json = text
                .strip_prefix("pagefind_dcd")
                .unwrap_or_else(|| panic!("{}: no pagefind_dcd marker", p.display()));
            serde_json::from_str(json).unwrap()
        })
        .collect()
}

fn fragment_urls(out: &Path) -> BTreeSet<String> {
    fragments(out)
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect()
}

fn tag(html: &str, name: &str, id: &str) -> Tag {
    tags(html)
        .into_iter()
        .find(|t| t.name == name && t.attr("id") == Some(id))
        .unwrap_or_else(|| panic!("no <{name} id=\"{id}\">"))
}

#[test]
fn the_search_bundle_is_published() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    for f in [
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.fr.pagefind",
        "static/search.js",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let names = entries(&out.join("pagefind"));
    assert!(
        names.iter().any(|n| n.ends_with(".pf_meta")),
        "no metadata chunk in {names:?}"
    );
    assert!(!entries(&out.join("pagefind/index")).is_empty());
    // Pagefind's ready-made interfaces are not used, so not published.
    assert!(
        !names
            .iter()
            .any(|n| n.contains("-ui.") || n.contains("unknown")),
        "{names:?}"
    );
    // Indexed as French, every searchable page and only them.
    let entry = entry_json(&out);
    let fr = &entry["languages"]["fr"];
    assert_eq!(fr["wasm"], "fr", "French stemming: {entry}");
    assert_eq!(fr["page_count"], INDEXED.len(), "{entry}");
    let expected: BTreeSet<String> = INDEXED.iter().map(|s| s.to_string()).collect();
    assert_eq!(fragment_urls(&out), expected);
}

#[test]
fn the_index_holds_the_main_text_as_published() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    let frags = fragments(&out);
    let case = frags
        .iter()
        .find(|f| f["url"] == "/economie-locale/la-ressourcerie/")
        .expect("the case study is indexed");
    let html = site.out("economie-locale/la-ressourcerie/index.html");
    let h1 = elements(&html, "h1")[0];
    assert_eq!(case["meta"]["title"].as_str(), Some(strip_tags(h1).trim()));
    let content = case["content"].as_str().unwrap();
    // The navigation, breadcrumbs and footer are not searchable text.
    for outside in [
        "Aller au contenu",
        "Vous êtes ici",
        "Plan du site",
        "Flux Atom",
    ] {
        assert!(!content.contains(outside), "`{outside}` indexed: {content}");
    }
    // Typography was applied before indexing (no-break space before `:`).
    let nbsp_in_page = html.contains("\u{a0}:") || html.contains("&nbsp;:");
    if nbsp_in_page {
        assert!(!content.contains(" :"), "{content}");
    }
    // The identity card's terms and values stay separate words.
    assert!(content.contains("Structure La Ressourcerie"), "{content}");
    assert!(
        content.contains("Communes Carvin") || content.contains("Commune Carvin"),
        "{content}"
    );
    // No page outside <main> in the index, and not the search page, the
    // site map nor the 404 page.
    let urls = fragment_urls(&out);
    for not in ["/recherche/", "/plan-du-site/", "/404.html", "/404/"] {
        assert!(!urls.contains(not), "{not} is indexed");
    }
}

#[test]
fn pages_mark_their_main_content_for_the_index() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    // Pages that are not worth finding leave their <main> unmarked, so the
    // index leaves them out.
    let unmarked = [
        "404.html",
        "plan-du-site/index.html",
        "recherche/index.html",
    ];
    for f in html_files(&out) {
        let html = fs::read_to_string(out.join(&f)).unwrap();
        let main: Vec<Tag> = tags(&html)
            .into_iter()
            .filter(|t| t.name == "main")
            .collect();
        assert_eq!(main.len(), 1, "{}", f.display());
        let marked = main[0].attr("data-pagefind-body").is_some();
        let expected = !unmarked.iter().any(|u| Path::new(u) == f);
        assert_eq!(
            marked,
            expected,
            "{}: data-pagefind-body on <main>",
            f.display()
        );
    }
}

#[test]
fn the_search_page_keeps_the_contract_of_search_js() {
    let site = Site::minimal();
    site.build_ok();
    let html = site.out("recherche/index.html");
    let form = tag(&html, "form", "search-form");
    assert_eq!(form.attr("role"), Some("search"));
    // Without JavaScript, the form leads to the site map.
    assert_eq!(form.attr("action"), Some("/plan-du-site/"));
    assert_eq!(form.attr("data-base"), Some("/"));
    let input = tag(&html, "input", "search-input");
    assert_eq!(input.attr("type"), Some("search"));
    assert_eq!(input.attr("name"), Some("q"));
    assert!(
        tags(&html)
            .iter()
            .any(|t| t.name == "label" && t.attr("for") == Some("search-input")),
        "#search-input has no label"
    );
    assert_eq!(
        tag(&html, "p", "search-status").attr("role"),
        Some("status")
    );
    tag(&html, "ol", "search-results");
    // The page says what to do without JavaScript, and links the site map.
    let fallback = elements(&html, "p")
        .into_iter()
        .find(|p| p.contains("JavaScript"))
        .expect("a paragraph about JavaScript");
    assert!(fallback.contains("href=\"/plan-du-site/\""), "{fallback}");
    // Its script is ours, loaded as a module from the site.
    assert!(
        tags(&html).iter().any(|t| t.name == "script"
            && t.attr("type") == Some("module")
            && t.attr("src")
                .is_some_and(|s| s.starts_with("/static/search.js?v="))),
        "no <script type=module src=/static/search.js?v=…>"
    );
    let js = site.out("static/search.js");
    for id in [
        "search-form",
        "search-input",
        "search-status",
        "search-results",
    ] {
        assert!(js.contains(&format!("'{id}'")), "search.js ignores #{id}");
    }
    assert!(js.contains("pagefind/pagefind.js") && js.contains("dataset.base"));
    assert!(broken_links(&site.output(), "/", None).is_empty());
}

#[test]
fn the_header_of_every_page_has_a_search_form() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    for f in html_files(&out) {
        let html = fs::read_to_string(out.join(&f)).unwrap();
        let header = elements(&html, "header").join("");
        let forms: Vec<Tag> = tags(&header)
            .into_iter()
            .filter(|t| t.name == "form")
            .collect();
        if f == Path::new("recherche/index.html") {
            // The page's own form is the search: no second one above it.
            assert!(forms.is_empty(), "{}", f.display());
            continue;
        }
        assert_eq!(forms.len(), 1, "{}: {header}", f.display());
        assert_eq!(forms[0].attr("role"), Some("search"));
        assert_eq!(forms[0].attr("action"), Some("/recherche/"));
        let input = tags(&header)
            .into_iter()
            .find(|t| t.name == "input" && t.attr("name") == Some("q"))
            .unwrap_or_else(|| panic!("{}: no input name=q", f.display()));
        let id = input.attr("id").expect("the field has an id");
        assert!(
            tags(&header)
                .iter()
                .any(|t| t.name == "label" && t.attr("for") == Some(id)),
            "{}: the header's search field has no label",
            f.display()
        );
    }
}

#[test]
fn search_false_publishes_no_search() {
    let site = Site::minimal();
    site.replace(
        "content/site.yaml",
        "theme: panorama\n",
        "theme: panorama\nsearch: false\n",
    );
    site.run(&["build", "--base-url", "https://example.org/"])
        .assert_success();
    let out = site.output();
    assert!(!out.join("pagefind").exists(), "pagefind/ written");
    assert!(!out.join("recherche").exists(), "recherche/ written");
    for f in html_files(&out) {
        let html = fs::read_to_string(out.join(&f)).unwrap();
        assert!(
            !html.contains("recherche/"),
            "{}: a link to the search",
            f.display()
        );
        assert!(
            !tags(&html).iter().any(|t| t.attr("role") == Some("search")),
            "{}: a search form",
            f.display()
        );
    }
    assert!(!site.out("sitemap.xml").contains("recherche"));
}

#[test]
fn a_misspelt_search_setting_is_reported() {
    let site = Site::minimal();
    site.replace(
        "content/site.yaml",
        "theme: panorama\n",
        "theme: panorama\nserch: false\n",
    );
    let run = site.build();
    run.assert_code(1);
    run.assert_stderr("serch");
    run.assert_location("content/site.yaml", Some(7));
}

#[test]
fn the_search_paths_are_reserved() {
    for slug in ["recherche", "pagefind"] {
        let site = Site::minimal();
        site.replace(
            "content/economie-locale/index.md",
            "number: 3\n",
            &format!("number: 3\nslug: {slug}\n"),
        );
        let run = site.build();
        run.assert_code(1)
            .assert_stderr(&format!("published at `/{slug}/`"))
            .assert_location("content/economie-locale/index.md", None);
        assert_eq!(run.error_count(), 1, "{}", run.stderr);
    }
}

#[test]
fn results_link_under_the_base_path() {
    let site = Site::minimal();
    site.run(&["build", "--base-url", "https://example.org/sub/"])
        .assert_success();
    let out = site.output();
    let urls = fragment_urls(&out);
    let expected: BTreeSet<String> = INDEXED.iter().map(|u| format!("/sub{u}")).collect();
    assert_eq!(urls, expected);
    // Every result URL is a page of the site.
    for u in &urls {
        let rel = u.strip_prefix("/sub/").unwrap();
        assert!(out.join(rel).join("index.html").is_file(), "{u}");
    }
    let html = site.out("recherche/index.html");
    let form = tag(&html, "form", "search-form");
    assert_eq!(form.attr("data-base"), Some("/sub/"));
    assert_eq!(form.attr("action"), Some("/sub/plan-du-site/"));
    assert!(html.contains("src=\"/sub/static/search.js?v="));
    assert!(broken_links(&out, "/sub/", Some("https://example.org")).is_empty());
}

#[test]
fn the_bundle_is_the_same_with_one_thread_or_many() {
    let a = Site::minimal();
    a.build_ok();
    let b = Site::minimal();
    let out = std::process::Command::new(BIN)
        .arg("build")
        .current_dir(&b.root)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same_tree(
        &snapshot(&a.output().join("pagefind")),
        &snapshot(&b.output().join("pagefind")),
        "the search bundle of a single-threaded build",
    );
}

/// Serves the files of `root` on 127.0.0.1 (any free port), one request per
/// connection, until the test ends; returns the base URL.
fn serve_files(root: &Path) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The rest of the head.
            let mut h = String::new();
            while reader.read_line(&mut h).is_ok_and(|n| n > 2) {
                h.clear();
            }
            let path = line
                .split(' ')
                .nth(1)
                .unwrap_or("/")
                .trim_start_matches('/');
            let path = path.split('?').next().unwrap_or("");
            let file = root.join(path);
            let reply = match (path.contains(".."), fs::read(&file)) {
                (false, Ok(bytes)) => {
                    let kind = if path.ends_with(".json") {
                        "application/json"
                    } else {
                        "application/octet-stream"
                    };
                    let mut r = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                        bytes.len()
                    )
                    .into_bytes();
                    r.extend(bytes);
                    r
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&reply);
        }
    });
    base
}

/// Pagefind's published reader, run by Node on our index: French stemming
/// and accents, in both directions, and results that link to the pages.
/// (The same in a browser, with the search page: tests/a11y/check.mjs.)
#[test]
fn the_published_reader_finds_pages_in_our_index() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    let base = serve_files(&out);
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        out.join("pagefind/pagefind.js"),
        dir.path().join("pagefind.js"),
    )
    .unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search_client.mjs");
    let queries = ["economie", "économies", "ressourceries", "ESS"];
    let run = std::process::Command::new("node")
        .arg(&script)
        .arg(dir.path())
        .arg(&base)
        .args(queries)
        .output()
        .expect("node (Node.js 18 or later) runs Pagefind's reader in this test");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let found: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let urls = |q: &str| -> Vec<String> {
        found[q]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["url"].as_str().unwrap().to_string())
            .collect()
    };
    // Without its accent, and in the plural: « économie » is found.
    for q in ["economie", "économies"] {
        let u = urls(q);
        assert!(
            u.contains(&"/glossaire/economie-circulaire/".to_string()),
            "{q}: {u:?}"
        );
        let first = &found[q]["results"][0]["excerpt"];
        assert!(
            first.as_str().unwrap().contains("<mark>"),
            "{q}: no highlighted word in {first}"
        );
    }
    // Stemming: the plural finds the page of the singular, first.
    assert_eq!(
        urls("ressourceries").first().map(String::as_str),
        Some("/economie-locale/la-ressourcerie/"),
        "{found}"
    );
    assert!(
        urls("ESS").contains(&"/glossaire/ess/".to_string()),
        "{found}"
    );
    // Every result links to an indexed page with its title.
    for q in queries {
        for r in found[q]["results"].as_array().unwrap() {
            let url = r["url"].as_str().unwrap();
            assert!(INDEXED.contains(&url), "{q}: {url}");
            assert!(!r["title"].as_str().unwrap_or("").is_empty(), "{r}");
        }
    }
}
