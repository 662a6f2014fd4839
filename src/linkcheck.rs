//! Verifies the generated site itself: every internal `href`/`src` of every
//! HTML page, whether written in Markdown, raw HTML or a template, must
//! reach a file of the site, and its `#anchor` an `id` of that page.
//! External links are collected, not fetched.

use crate::diagnostic::Diagnostic;
use crate::render::RenderedSite;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

/// An external link and the pages that use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLink {
    pub url: String,
    pub pages: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    pub external: Vec<ExternalLink>,
    pub internal_links: usize,
}

/// Decodes the few entities our HTML writers produce in attribute values.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `(name, value)` attribute of every start tag of `html`, in one
/// linear pass: comments, `<!…>`, end tags and the text of `<script>` and
/// `<style>` are skipped.
pub fn attributes(html: &str) -> Vec<(&str, &str)> {
    let b = html.as_bytes();
    let n = b.len();
    let find = |from: usize, pat: &str| html[from.min(n)..].find(pat).map(|p| p + from.min(n));
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = find(i, "<") {
        if html[lt..].starts_with("<!--") {
            i = find(lt + 4, "-->").map_or(n, |e| e + 3);
            continue;
        }
        if matches!(b.get(lt + 1), Some(b'!' | b'/' | b'?')) {
            i = find(lt + 1, ">").map_or(n, |e| e + 1);
            continue;
        }
        let mut j = lt + 1;
        while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == lt + 1 {
            i = lt + 1;
            continue;
        }
        let tag = &html[lt + 1..j];
        loop {
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= n {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            if b[j] == b'/' {
                j += 1;
                continue;
            }
            let name_start = j;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if j < n && b[j] == b'=' {
                j += 1;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let end = b[j + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(n, |p| p + j + 1);
                    value = &html[(j + 1).min(n)..end];
                    j = (end + 1).min(n);
                } else {
                    let start = j;
                    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = &html[start..j];
                }
            }
            if name.is_empty() {
                j += 1;
                continue;
            }
            out.push((name, value));
        }
        i = j;
        if tag.eq_ignore_ascii_case("script") || tag.eq_ignore_ascii_case("style") {
            let close = if tag.eq_ignore_ascii_case("script") {
                "</script"
            } else {
                "</style"
            };
            i = find(i, close).unwrap_or(n);
        }
    }
    out
}

/// Values of one attribute in `html`.
pub fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
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
pub struct Urls {
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
    pub fn list(&self) -> Vec<std::sync::Arc<str>> {
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
pub struct PageFacts {
    pub path: String,
    ids: Vec<u64>,
    duplicate_ids: Vec<String>,
    links: Vec<u32>,
}

impl PageFacts {
    pub fn of(path: &str, html: &str, urls: &Urls) -> PageFacts {
        let mut ids: HashSet<String> = HashSet::new();
        let mut duplicates = BTreeSet::new();
        let mut links = BTreeSet::new();
        for (name, value) in attributes(html) {
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
    pub fn same_ids(&self, other: &PageFacts) -> bool {
        self.ids == other.ids && self.duplicate_ids == other.duplicate_ids
    }

    fn has_id(&self, id: &str) -> bool {
        self.ids.binary_search(&id_hash(id)).is_ok()
    }
}

/// Checks the links of `site`: see [`check_facts`].
pub fn check(
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
                .map(|html| PageFacts::of(&f.path, html, &urls))
        })
        .collect();
    let files: HashSet<&str> = site.files.iter().map(|f| f.path.as_str()).collect();
    check_facts(&facts, &urls.list(), &files, base_path, origin, source_of)
}

/// Checks the links of a site given by its file paths and the facts of its
/// HTML pages (sorted by path) whose links are numbers in `urls`. `base_path` is `/` or `/panoramas/`,
/// `origin` the scheme and host of base_url (`https://example.org`) or empty;
/// `source_of` names the source file of a generated page, for messages.
pub fn check_facts(
    pages: &[PageFacts],
    urls: &[std::sync::Arc<str>],
    files: &HashSet<&str>,
    base_path: &str,
    origin: &str,
    source_of: &HashMap<String, PathBuf>,
) -> Report {
    check_some(pages, urls, files, base_path, origin, source_of, None)
}

/// [`check_facts`] for the links of the pages in `only` (all when `None`),
/// the ids of every page being known.
pub fn check_some(
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
            report.errors.push(
                Diagnostic::new(shown(&f.path), format!("the generated page `{}` has two elements with id `{id}`", f.path))
                    .hint("rename one: an explicit heading anchor `{#autre-id}` or an id in the theme's templates"),
            );
        }
    }
    let mut external: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in checked() {
        let page_dir = match f.path.rfind('/') {
            Some(i) => &f.path[..=i],
            None => "",
        };
        let mut broken: BTreeSet<String> = BTreeSet::new();
        for &n in &f.links {
            let url: &str = &urls[n as usize];
            // The site's own absolute URLs (canonical, feeds) are internal.
            let url: &str = match url.strip_prefix(origin) {
                Some(rest) if !origin.is_empty() && rest.starts_with('/') => rest,
                _ => url,
            };
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
            let (path_part, anchor) = match url.split_once('#') {
                Some((p, a)) => (p, Some(a)),
                None => (url, None),
            };
            let path_part = path_part.split('?').next().unwrap_or("");
            let target: Option<String> = if path_part.is_empty() {
                Some(f.path.clone())
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
            let problem = match target {
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
            };
            if let Some(p) = problem {
                broken.insert(p);
            }
        }
        for message in broken {
            report.errors.push(
                Diagnostic::new(shown(&f.path), format!("broken link in the generated page `{}`: {message}", f.path)).hint(
                    "the link comes from the page's Markdown, raw HTML or the theme's templates; fix its target or its base path",
                ),
            );
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

/// Fetches external links with `curl` (HEAD then GET), bounded in time.
/// Offline, every link comes back `Unreachable`, which is not a failure.
pub fn fetch(url: &str, timeout_secs: u32) -> Fetched {
    let run = |head: bool| {
        let mut cmd = std::process::Command::new("curl");
        cmd.args([
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "-L",
            "--max-redirs",
            "5",
        ])
        .args(["--max-time", &timeout_secs.to_string()])
        .args(["--proto", "=http,https"]);
        if head {
            cmd.arg("-I");
        }
        cmd.arg("--").arg(url).output()
    };
    let out = match run(true) {
        Ok(o) => o,
        Err(e) => return Fetched::Unreachable(format!("cannot run curl: {e}")),
    };
    let code: u16 = String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0);
    let code = if code == 405 || code == 403 || code == 0 && out.status.success() {
        run(false)
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(code)
    } else {
        code
    };
    match code {
        0 => Fetched::Unreachable("no answer (offline, DNS or time-out)".into()),
        200..=399 => Fetched::Ok(code),
        c => Fetched::Broken(format!("HTTP {c}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite::from_texts(files)
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

    #[test]
    fn normalizes_relative_paths() {
        assert_eq!(normalize("a/b/../c/./d"), "a/c/d");
    }
}
