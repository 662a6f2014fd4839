//! Verifies the generated site itself: every internal `href`/`src` of every
//! HTML page, whether written in Markdown, raw HTML or a template, must
//! reach a file of the site, and its `#anchor` an `id` of that page.
//! External links are collected, not fetched.

use crate::diagnostic::{Code, Diagnostic};
#[cfg(test)]
use crate::output::RenderedSite;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// An external link and the pages that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub pages: Vec<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) external: Vec<ExternalLink>,
    pub(crate) internal_links: usize,
    /// For each broken link among `errors`: its index there, the page and
    /// the URL as the page holds it ([`Report::locate`] finds its source).
    pub(crate) broken: Vec<(usize, String, String)>,
    /// For each duplicate id among `errors`: its index, the page and the id.
    pub(crate) duplicates: Vec<(usize, String, String)>,
}

impl Report {
    /// Puts each broken-link error at the line and column of its link in
    /// the page's source file, when the link is written there (Markdown or
    /// raw HTML); a link that comes from a template keeps the file alone.
    /// `sources` maps a page's output path to its source's text;
    /// `base_path` is `/` or `/panoramas/`.
    pub(crate) fn locate(&mut self, sources: &HashMap<String, &str>, base_path: &str) {
        for (i, page, id) in &self.duplicates {
            let (Some(text), Some(d)) = (sources.get(page), self.errors.get_mut(*i)) else {
                continue;
            };
            if let Some((line, column)) = find_id(text, id) {
                let located = std::mem::replace(d, Diagnostic::new("", ""))
                    .at(line, Some(column))
                    .with_source(text);
                *d = located;
            } else {
                d.message
                    .push_str(" (neither is written in this file: a heading's own anchor or the theme's templates)");
            }
        }
        let mut more = Vec::new();
        for (i, page, url) in &self.broken {
            let (Some(text), Some(d)) = (sources.get(page), self.errors.get_mut(*i)) else {
                continue;
            };
            let places = find_links(text, url, base_path);
            let Some(&(line, column)) = places.first() else {
                d.message
                    .push_str(" (not written in this file: it comes from the theme's templates)");
                continue;
            };
            let located = std::mem::replace(d, Diagnostic::new("", ""))
                .at(line, Some(column))
                .with_source(text);
            // The same broken link written again in the page: each place
            // has its error, so that one run shows them all.
            for &(line, column) in &places[1..] {
                more.push(located.clone().at(line, Some(column)).with_source(text));
            }
            *d = located;
        }
        if !more.is_empty() {
            self.errors.append(&mut more);
            self.errors
                .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        }
    }
}

/// Line and column (1-based, in characters) where the id `id` is written
/// in a source text: `id="…"` (or `'…'`) in raw HTML, `{#…}` on a heading.
fn find_id(text: &str, id: &str) -> Option<(usize, usize)> {
    let at = [
        format!("id=\"{id}\""),
        format!("id='{id}'"),
        format!("{{#{id}}}"),
        format!("{{#{id} "),
    ]
    .iter()
    .filter_map(|p| text.find(p.as_str()))
    .min()?;
    let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
    let line = text[..at].matches('\n').count() + 1;
    Some((line, text[line_start..at].chars().count() + 1))
}

/// Lines and columns (1-based, in characters) where `url` is written in a
/// source text, in order: as written, or without the base path that links
/// written from the site's root receive; only where a link can start
/// (after `(`, `<`, a quote, `=` or a space).
fn find_links(text: &str, url: &str, base_path: &str) -> Vec<(usize, usize)> {
    let mut candidates = vec![url.to_string()];
    if base_path != "/"
        && let Some(rest) = url.strip_prefix(base_path)
    {
        candidates.push(format!("/{rest}"));
    }
    let mut found = Vec::new();
    for c in &candidates {
        let mut from = 0;
        while let Some(at) = text[from..].find(c.as_str()).map(|p| p + from) {
            let before = text[..at].chars().next_back();
            let after = text[at + c.len()..].chars().next();
            let starts = matches!(before, Some('(' | '<' | '"' | '\'' | '=' | ' '));
            let ends =
                after.is_none_or(|ch| matches!(ch, ')' | '>' | '"' | '\'' | ' ' | '\n' | '\r'));
            if starts && ends {
                let line_start = text[..at].rfind('\n').map_or(0, |p| p + 1);
                let line = text[..at].matches('\n').count() + 1;
                found.push((line, text[line_start..at].chars().count() + 1));
            }
            from = at + c.len();
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The value of an attribute as a browser reads it: every character
/// reference decoded (named, decimal, hexadecimal), by the crate's one
/// HTML scanner, so that an `href` written by hand in a page's raw HTML
/// (`a&#x2F;b`) is checked as the link it is.
pub fn unescape(s: &str) -> String {
    crate::html::scan::decode(s).into_owned()
}

/// Every `(name, value)` attribute of every start tag of `html`, as the
/// typography pass hands them on (read by the crate's one HTML scanner,
/// `html::scan`).
#[cfg(test)]
fn attributes(html: &str) -> Vec<(&str, &str)> {
    crate::typography::apply_and_attributes(html).1
}

/// Values of one attribute in `html`.
#[cfg(test)]
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    attributes(html)
        .into_iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(attr))
        .map(|(_, v)| v)
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("//")
        || lower.starts_with("mailto:")
        || lower.starts_with("tel:")
        || lower.starts_with("data:")
}

/// The distinct link targets of a whole site, each stored once: the
/// navigation of a theme repeats the same URLs on every page.
#[derive(Debug, Default)]
pub(crate) struct Urls {
    inner: std::sync::Mutex<Numbered>,
}

/// URL → number, and number → URL.
type Numbered = (HashMap<std::sync::Arc<str>, u32>, Vec<std::sync::Arc<str>>);

impl Urls {
    fn intern(&self, urls: BTreeSet<String>) -> Vec<u32> {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (map, list) = &mut *guard;
        urls.into_iter()
            .map(|u| {
                if let Some(&n) = map.get(u.as_str()) {
                    return n;
                }
                let n = list.len() as u32;
                let u: std::sync::Arc<str> = u.into();
                list.push(u.clone());
                map.insert(u, n);
                n
            })
            .collect()
    }

    /// Every URL, by number.
    pub(crate) fn list(&self) -> Vec<std::sync::Arc<str>> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// What the link check needs of one HTML file: its ids (as hashes, sorted)
/// and the ones given twice, and its distinct `href`/`src` values (numbers
/// in [`Urls`]). Taken from each file as it is finished, so the pages need
/// not stay in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PageFacts {
    pub(crate) path: String,
    ids: Vec<u64>,
    duplicate_ids: Vec<String>,
    links: Vec<u32>,
}

impl PageFacts {
    /// The facts of the page at `path` whose start tags hold `attributes`.
    pub(crate) fn from_attributes(
        path: &str,
        attributes: Vec<(&str, &str)>,
        urls: &Urls,
    ) -> PageFacts {
        let mut ids: HashSet<String> = HashSet::new();
        let mut duplicates = BTreeSet::new();
        let mut links = BTreeSet::new();
        for (name, value) in attributes {
            if name == "id" {
                let id = unescape(value);
                if ids.contains(&id) {
                    duplicates.insert(id);
                } else {
                    ids.insert(id);
                }
            } else if name == "href" || name == "src" {
                let url = unescape(value.trim());
                if !url.is_empty() {
                    links.insert(url);
                }
            }
        }
        let mut ids: Vec<u64> = ids.iter().map(|id| id_hash(id)).collect();
        ids.sort_unstable();
        ids.dedup();
        PageFacts {
            path: path.to_string(),
            ids,
            duplicate_ids: duplicates.into_iter().collect(),
            links: urls.intern(links),
        }
    }

    /// Whether both have the same ids.
    pub(crate) fn same_ids(&self, other: &PageFacts) -> bool {
        self.ids == other.ids && self.duplicate_ids == other.duplicate_ids
    }

    fn has_id(&self, id: &str) -> bool {
        self.ids.binary_search(&id_hash(id)).is_ok()
    }
}

/// Checks the links of `site`: see [`check_facts`].
#[cfg(test)]
fn check(
    site: &RenderedSite,
    base_path: &str,
    origin: &str,
    source_of: &HashMap<String, PathBuf>,
) -> Report {
    let urls = Urls::default();
    let facts: Vec<PageFacts> = site
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| {
            std::str::from_utf8(&f.bytes)
                .ok()
                .map(|html| PageFacts::from_attributes(&f.path, attributes(html), &urls))
        })
        .collect();
    let files: HashSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
    check_facts(&facts, &urls.list(), &files, base_path, origin, source_of)
}

/// Checks the links of a site given by its file paths and the facts of its
/// HTML pages (sorted by path) whose links are numbers in `urls`. `base_path` is `/` or `/panoramas/`,
/// `origin` the scheme and host of base_url (`https://example.org`) or empty;
/// `source_of` names the source file of a generated page, for messages.
pub(crate) fn check_facts(
    pages: &[PageFacts],
    urls: &[std::sync::Arc<str>],
    files: &HashSet<&str>,
    base_path: &str,
    origin: &str,
    source_of: &HashMap<String, PathBuf>,
) -> Report {
    check_some(pages, urls, files, base_path, origin, source_of, None)
}

/// `url` without the site's `origin`: the site's own absolute URLs
/// (canonical, feeds) are internal.
fn without_origin<'u>(url: &'u str, origin: &str) -> &'u str {
    match url.strip_prefix(origin) {
        Some(rest) if !origin.is_empty() && rest.starts_with('/') => rest,
        _ => url,
    }
}

/// The error of two elements with the id `id` in the generated page `page`.
fn duplicate_id(shown: PathBuf, page: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        shown,
        format!("the generated page `{page}` has two elements with id `{id}`"),
    )
    .hint("rename one: an explicit heading anchor `{#autre-id}` or an id in the theme's templates")
    .code(Code::DuplicateId)
}

/// The error of a broken link in the generated page `page`.
fn broken_link(shown: PathBuf, page: &str, message: &str) -> Diagnostic {
    Diagnostic::new(shown, format!("broken link in the generated page `{page}`: {message}"))
        .hint("the link comes from the page's Markdown, raw HTML or the theme's templates; fix its target or its base path")
        .code(Code::BrokenLink)
}

/// [`check_facts`] for the links of the pages in `only` (all when `None`),
/// the ids of every page being known.
pub(crate) fn check_some(
    pages: &[PageFacts],
    urls: &[std::sync::Arc<str>],
    files: &HashSet<&str>,
    base_path: &str,
    origin: &str,
    source_of: &HashMap<String, PathBuf>,
    only: Option<&HashSet<&str>>,
) -> Report {
    let mut report = Report::default();
    let shown = |path: &str| {
        source_of
            .get(path)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("output: {path}")))
    };
    let by_path: HashMap<&str, &PageFacts> = pages.iter().map(|f| (f.path.as_str(), f)).collect();
    // Two elements with one id break in-page links, skip links and the
    // labels screen readers rely on.
    let checked = || {
        pages
            .iter()
            .filter(|f| only.is_none_or(|o| o.contains(f.path.as_str())))
    };
    for f in checked() {
        for id in &f.duplicate_ids {
            report
                .duplicates
                .push((report.errors.len(), f.path.clone(), id.clone()));
            report
                .errors
                .push(duplicate_id(shown(&f.path), &f.path, id));
        }
    }
    let mut external: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in checked() {
        let page_dir = match f.path.rfind('/') {
            Some(i) => &f.path[..=i],
            None => "",
        };
        let mut broken: BTreeMap<String, String> = BTreeMap::new();
        for &n in &f.links {
            let url = without_origin(&urls[n as usize], origin);
            if let Some(d) = crate::safety::forbidden_url(url, &shown(&f.path)) {
                report.errors.push(d);
                continue;
            }
            if is_external(url) {
                if !url.to_ascii_lowercase().starts_with("mailto:") && !url.starts_with("data:") {
                    external
                        .entry(url.to_string())
                        .or_default()
                        .insert(f.path.clone());
                }
                continue;
            }
            report.internal_links += 1;
            if let Some(p) = internal_problem(url, &f.path, page_dir, files, base_path, &by_path) {
                broken.entry(p).or_insert_with(|| url.to_string());
            }
        }
        for (message, url) in broken {
            report
                .broken
                .push((report.errors.len(), f.path.clone(), url));
            report
                .errors
                .push(broken_link(shown(&f.path), &f.path, &message));
        }
    }
    report.external = external
        .into_iter()
        .map(|(url, pages)| ExternalLink {
            url,
            pages: pages.into_iter().collect(),
        })
        .collect();
    report
}

/// What is wrong with the internal link `url` of the page `page` (in the
/// folder `page_dir`), if anything: no file, or no element with its id.
fn internal_problem(
    url: &str,
    page: &str,
    page_dir: &str,
    files: &HashSet<&str>,
    base_path: &str,
    by_path: &HashMap<&str, &PageFacts>,
) -> Option<String> {
    let (path_part, anchor) = match url.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (url, None),
    };
    let path_part = path_part.split('?').next().unwrap_or("");
    let target: Option<String> = if path_part.is_empty() {
        Some(page.to_string())
    } else if let Some(abs) = path_part.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        abs.strip_prefix(base)
            .map(|rel| lookup(files, &percent_decode(rel)))
            .unwrap_or(None)
    } else {
        lookup(
            files,
            &normalize(&format!("{page_dir}{}", percent_decode(path_part))),
        )
    };
    match target {
        None => Some(format!("`{url}` leads to no page of the site")),
        Some(t) => match anchor {
            Some(a) if !a.is_empty() && t.ends_with(".html") => {
                let a = percent_decode(a);
                if by_path.get(t.as_str()).is_some_and(|p| p.has_id(&a)) {
                    None
                } else {
                    Some(format!("`{url}`: the page has no element with id `{a}`"))
                }
            }
            _ => None,
        },
    }
}

/// `a/./b/../c` → `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The file a site-relative path is served from.
fn lookup(files: &HashSet<&str>, rel: &str) -> Option<String> {
    let rel = rel.trim_start_matches('/');
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return files.contains(index.as_str()).then_some(index);
    }
    if files.contains(rel) {
        return Some(rel.to_string());
    }
    let index = format!("{rel}/index.html");
    files.contains(index.as_str()).then_some(index)
}

/// Result of fetching one external link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    Ok(u16),
    Broken(String),
    Unreachable(String),
}

/// Fetches an external link (HEAD, then GET when the server refuses HEAD),
/// following at most 5 redirects, bounded in time. Offline, every link
/// comes back `Unreachable`, which is not a failure. Only `http` and
/// `https` are fetched.
pub fn fetch(url: &str, timeout_secs: u32) -> Fetched {
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Fetched::Unreachable("not an http(s) link".into());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(u64::from(
            timeout_secs,
        ))))
        .max_redirects(5)
        .http_status_as_error(false)
        .user_agent(concat!(
            "panorama/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let status = |head: bool| {
        let answer = if head {
            agent.head(url).call()
        } else {
            agent.get(url).call()
        };
        answer.map(|r| r.status().as_u16())
    };
    let code = match status(true) {
        // Some servers refuse or forbid HEAD but answer GET.
        Ok(405 | 403 | 501) | Err(_) => status(false),
        answer => answer,
    };
    match code {
        Ok(c @ 200..=399) => Fetched::Ok(c),
        Ok(c) => Fetched::Broken(format!("HTTP {c}")),
        Err(e) => Fetched::Unreachable(format!("no answer: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite::from_texts(files)
    }

    #[test]
    fn attribute_values_are_read_as_a_browser_reads_them() {
        assert_eq!(unescape("/a&#x2F;b/?x=1&amp;y=&#50;"), "/a/b/?x=1&y=2");
        assert_eq!(unescape("&quot;&#39;&lt;&gt;&eacute;"), "\"'<>é");
        // Not a reference: kept as written.
        assert_eq!(unescape("a & b &unknown; &#;"), "a & b &unknown; &#;");
    }

    #[test]
    fn a_link_written_with_references_is_checked_as_the_link_it_is() {
        let s = site(&[
            (
                "index.html",
                r#"<a href="/gl&#x6F;ssaire/">x</a><a href="/n&#111;pe/">y</a>"#,
            ),
            ("glossaire/index.html", "<p>g</p>"),
        ]);
        let r = check(&s, "/", "https://site.org", &HashMap::new());
        let broken: Vec<String> = r.errors.into_iter().map(|d| d.message).collect();
        assert_eq!(broken.len(), 1, "{broken:?}");
        assert!(broken[0].contains("/nope/"), "{broken:?}");
    }

    #[test]
    fn finds_broken_paths_and_anchors_only() {
        let s = site(&[
            (
                "index.html",
                r##"<a href="/p/a/">ok</a> <a href="/p/a/#x">ok</a> <a href="/p/a/#nope">bad</a> <a href="/p/zz/">bad</a> <a href="https://e.org/">ext</a> <a href="#top">self</a><h1 id="top">t</h1><link rel="canonical" href="https://site.org/p/a/"><a href="https://site.org/p/nowhere/">own site, broken</a>"##,
            ),
            (
                "a/index.html",
                r#"<h2 id="x">x</h2><img src="../static/s.css"><a href="/elsewhere/">outside base</a>"#,
            ),
            ("static/s.css", ""),
        ]);
        let r = check(&s, "/p/", "https://site.org", &HashMap::new());
        let msgs: Vec<_> = r.errors.iter().map(|d| d.message.clone()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.contains("/p/nowhere/")));
        assert!(msgs.iter().any(|m| m.contains("/p/a/#nope")));
        assert!(msgs.iter().any(|m| m.contains("/p/zz/")));
        assert!(msgs.iter().any(|m| m.contains("/elsewhere/")));
        assert_eq!(
            r.external,
            vec![ExternalLink {
                url: "https://e.org/".into(),
                pages: vec!["index.html".into()]
            }]
        );
    }

    #[test]
    fn scans_tags_not_scripts() {
        let html = "<p class=a id=x><a\nhref='/q/' data-x>t</a><script>var s = '<a href=\"/no/\">';</script><img src=\"/i.png\"/>";
        let attrs = attributes(html);
        assert_eq!(
            attrs,
            vec![
                ("class", "a"),
                ("id", "x"),
                ("href", "/q/"),
                ("data-x", ""),
                ("src", "/i.png")
            ]
        );
    }

    #[test]
    fn ignores_commented_links() {
        let vals = attribute_values(r#"<!-- <a href="/x/"> --><a href="/y/">"#, "href");
        assert_eq!(vals, vec!["/y/"]);
    }

    /// A local HTTP server answering `requests` requests: `/ok` 200,
    /// `/gone` 404, `/moved` a redirect to `/ok`, `/no-head` 405 to HEAD
    /// and 200 to GET. Returns its base URL.
    fn server(requests: usize) -> String {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        std::thread::spawn(move || {
            for stream in listener.incoming().take(requests) {
                let mut stream = stream.unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut request_line = String::new();
                reader.read_line(&mut request_line).unwrap();
                let mut header = String::new();
                while reader.read_line(&mut header).unwrap() > 2 {
                    header.clear();
                }
                let mut parts = request_line.split_whitespace();
                let (method, path) = (parts.next().unwrap(), parts.next().unwrap());
                let status = match (method, path) {
                    (_, "/ok") | ("GET", "/no-head") => "200 OK",
                    (_, "/moved") => "301 Moved Permanently\r\nLocation: /ok",
                    ("HEAD", "/no-head") => "405 Method Not Allowed",
                    _ => "404 Not Found",
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        base
    }

    #[test]
    fn fetches_external_links_from_a_local_server() {
        // ok, gone, moved + its target, no-head (HEAD then GET).
        let base = server(6);
        assert_eq!(fetch(&format!("{base}/ok"), 5), Fetched::Ok(200));
        assert_eq!(
            fetch(&format!("{base}/gone"), 5),
            Fetched::Broken("HTTP 404".into())
        );
        assert_eq!(fetch(&format!("{base}/moved"), 5), Fetched::Ok(200));
        assert_eq!(fetch(&format!("{base}/no-head"), 5), Fetched::Ok(200));
    }

    #[test]
    fn an_unreachable_link_is_not_broken() {
        // A port nobody listens on (bound, then closed).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(matches!(
            fetch(&format!("http://127.0.0.1:{port}/"), 2),
            Fetched::Unreachable(_)
        ));
        assert!(matches!(
            fetch("ftp://example.org/", 2),
            Fetched::Unreachable(_)
        ));
    }

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(normalize("a/b/../c/./d"), "a/c/d");
    }
}
