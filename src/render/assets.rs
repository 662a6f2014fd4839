//! Versioned URLs of the theme's static files (CSS, scripts, fonts, icons):
//! `static/style.css?v=<hash of its bytes>`, so a browser or a CDN can keep
//! them for a year and still fetches the new file the day it changes.
//!
//! The files keep their names: a page cached before a publication still
//! finds its stylesheet, the link check and `serve` ignore the query, and
//! a hand-written `/static/style.css` goes on working. Templates ask for a
//! URL with `asset(path="style.css")`; stylesheets get their own `url(…)`
//! references to other static files (fonts, icons) versioned here, before
//! their own hash is taken, so a new font also gives its stylesheet a new
//! URL.

use super::emit::Origin;
use crate::paths::STATIC_DIR;
use std::collections::BTreeMap;

/// Hex digits of the hash kept in a URL: 64 bits, plenty to tell two
/// versions of one file apart.
const HASH_LEN: usize = 16;

/// The version of every file under `static/`, by its path below `static/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct AssetVersions {
    base_path: String,
    versions: BTreeMap<String, String>,
    /// Some static files could not be read (the DSFR package missing…):
    /// that is reported already, and the run fails, so a template naming
    /// one gets its plain URL rather than a second error per page.
    incomplete: bool,
}

impl AssetVersions {
    /// The versioned, root-relative URL of `static/<rel>`, or `None` when
    /// the site has no such static file.
    pub(crate) fn url(&self, rel: &str) -> Option<String> {
        match self.versions.get(rel) {
            Some(version) => Some(format!("{}{STATIC_DIR}{rel}?v={version}", self.base_path)),
            None if self.incomplete => Some(format!("{}{STATIC_DIR}{rel}", self.base_path)),
            None => None,
        }
    }

    /// See `incomplete`.
    pub(crate) fn incomplete(mut self) -> Self {
        self.incomplete = true;
        self
    }

    /// Every file there is (below `static/`), for the hint of a wrong name.
    pub(crate) fn known(&self) -> impl Iterator<Item = &str> {
        self.versions.keys().map(String::as_str)
    }
}

/// Versions every static file the site publishes (the one that wins when
/// several claim a path), after rewriting the `url(…)` references of its
/// stylesheets in place. `base_path` is the path of the base URL.
pub(crate) fn fingerprint(
    statics: &mut [(Origin, String, Vec<u8>)],
    base_path: &str,
) -> AssetVersions {
    // The entry each path is published from: the highest origin, the last
    // of equals (as the emitter decides).
    let mut winner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (origin, path, _)) in statics.iter().enumerate() {
        let Some(rel) = path.strip_prefix(STATIC_DIR) else {
            continue;
        };
        match winner.get(rel) {
            Some(&j) if statics[j].0 > *origin => {}
            _ => {
                winner.insert(rel.to_string(), i);
            }
        }
    }
    let is_css = |rel: &str| rel.to_ascii_lowercase().ends_with(".css");
    let mut versions: BTreeMap<String, String> = winner
        .iter()
        .map(|(rel, &i)| (rel.clone(), version(&statics[i].2)))
        .collect();
    // Stylesheets name other files by relative URL: those are versioned
    // first, then the stylesheet's hash covers the versions it names. A
    // stylesheet naming another one gets the version of its bytes as
    // published before rewriting (good enough for `@import`).
    let before = versions.clone();
    for (rel, &i) in &winner {
        if !is_css(rel) {
            continue;
        }
        let Ok(css) = std::str::from_utf8(&statics[i].2) else {
            continue;
        };
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        let rewritten = rewrite_css_urls(css, |url| {
            let target = resolve_relative(folder, url)?;
            before.get(&target).cloned()
        });
        if rewritten != css {
            statics[i].2 = rewritten.into_bytes();
            versions.insert(rel.clone(), version(&statics[i].2));
        }
    }
    AssetVersions {
        base_path: base_path.to_string(),
        versions,
        incomplete: false,
    }
}

fn version(bytes: &[u8]) -> String {
    let mut h = crate::media::hash(&[bytes]);
    h.truncate(HASH_LEN);
    h
}

/// The path below `static/` a relative URL of a stylesheet in `folder`
/// leads to: `None` for another host, a data URI, a site-rooted path or a
/// path out of `static/`.
fn resolve_relative(folder: &str, url: &str) -> Option<String> {
    if url.is_empty() || url.starts_with(['/', '#']) || url.contains(':') {
        return None;
    }
    crate::media::join(folder, url)
}

/// `css` with `?v=<version>` added to every `url(…)` for which `version_of`
/// (given the URL without its query and fragment) has one. Quotes, the
/// fragment and every other byte are kept.
fn rewrite_css_urls(css: &str, version_of: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(css.len() + 64);
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        let (head, tail) = rest.split_at(i + 4);
        out.push_str(head);
        let spaces = tail.len() - tail.trim_start().len();
        out.push_str(&tail[..spaces]);
        let tail = &tail[spaces..];
        // The value: up to its closing quote, or up to `)` unquoted.
        let (quote, body) = match tail.chars().next() {
            Some(q @ ('"' | '\'')) => (Some(q), &tail[1..]),
            _ => (None, tail),
        };
        let end = match quote {
            Some(q) => body.find(q),
            None => body.find(|c: char| c == ')' || c.is_whitespace()),
        };
        let Some(end) = end else {
            rest = tail;
            break;
        };
        let value = &body[..end];
        if let Some(q) = quote {
            out.push(q);
        }
        let cut = value.find(['?', '#']).unwrap_or(value.len());
        let (path, suffix) = value.split_at(cut);
        match version_of(path) {
            // A URL with its own query is left as its author wrote it.
            Some(v) if !suffix.starts_with('?') => {
                out.push_str(path);
                out.push_str("?v=");
                out.push_str(&v);
                out.push_str(suffix);
            }
            _ => out.push_str(value),
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statics(files: &[(Origin, &str, &str)]) -> Vec<(Origin, String, Vec<u8>)> {
        files
            .iter()
            .map(|(o, p, b)| (*o, p.to_string(), b.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn urls_carry_the_hash_of_the_published_bytes() {
        let mut s = statics(&[
            (Origin::EmbeddedStatic, "static/style.css", "a{}"),
            (Origin::ThemeStatic, "static/style.css", "b{}"),
            (Origin::EmbeddedStatic, "static/app.js", "x()"),
            (Origin::Generated, "sitemap.xml", "<urlset/>"),
        ]);
        let v = fingerprint(&mut s, "/p/");
        // The theme's file wins over the embedded one, as in the output.
        let css = v.url("style.css").unwrap();
        assert_eq!(css, format!("/p/static/style.css?v={}", version(b"b{}")));
        assert_eq!(css.len(), "/p/static/style.css?v=".len() + HASH_LEN);
        assert_ne!(v.url("app.js"), None);
        assert_eq!(v.url("sitemap.xml"), None);
        assert_eq!(v.url("nope.css"), None);
        assert_eq!(
            v.clone().incomplete().url("nope.css").as_deref(),
            Some("/p/static/nope.css")
        );
        // Same bytes, same URL; other bytes, another one.
        let mut again = statics(&[(Origin::ThemeStatic, "static/style.css", "b{}")]);
        assert_eq!(
            fingerprint(&mut again, "/p/").url("style.css").unwrap(),
            css
        );
        let mut changed = statics(&[(Origin::ThemeStatic, "static/style.css", "c{}")]);
        assert_ne!(
            fingerprint(&mut changed, "/p/").url("style.css").unwrap(),
            css
        );
    }

    #[test]
    fn stylesheets_version_the_files_they_name() {
        let css = r#"@font-face{src:url(fonts/M.woff2) format("woff2"),url( "fonts/M.woff#x" )}
a{background:url('../icons/a.svg')}b{background:url("data:image/svg+xml;charset=utf8,<svg>(1)</svg>")}
c{background:url(https://cdn.example/x.png)}d{background:url(/static/x.png)}e{background:url(fonts/M.woff2?v=1)}
f{background:url(missing.png)}"#;
        let mut s = statics(&[
            (Origin::EmbeddedStatic, "static/dsfr/dsfr.min.css", css),
            (Origin::EmbeddedStatic, "static/dsfr/fonts/M.woff2", "font2"),
            (Origin::EmbeddedStatic, "static/dsfr/fonts/M.woff", "font1"),
            (Origin::EmbeddedStatic, "static/icons/a.svg", "<svg/>"),
        ]);
        let v = fingerprint(&mut s, "/");
        let out = String::from_utf8(s[0].2.clone()).unwrap();
        let (w2, w1, svg) = (version(b"font2"), version(b"font1"), version(b"<svg/>"));
        assert!(
            out.contains(&format!("url(fonts/M.woff2?v={w2}) format")),
            "{out}"
        );
        assert!(
            out.contains(&format!("url( \"fonts/M.woff?v={w1}#x\" )")),
            "{out}"
        );
        assert!(
            out.contains(&format!("url('../icons/a.svg?v={svg}')")),
            "{out}"
        );
        // Data URIs (parentheses inside quotes), other hosts, rooted paths,
        // URLs with a query of their own and unknown files stay as they are.
        assert!(out.contains(r#"url("data:image/svg+xml;charset=utf8,<svg>(1)</svg>")"#));
        assert!(out.contains("url(https://cdn.example/x.png)"));
        assert!(out.contains("url(/static/x.png)"));
        assert!(out.contains("url(fonts/M.woff2?v=1)"));
        assert!(out.contains("url(missing.png)"));
        // The stylesheet's own version is that of what is published.
        assert_eq!(
            v.url("dsfr/dsfr.min.css").unwrap(),
            format!("/static/dsfr/dsfr.min.css?v={}", version(out.as_bytes()))
        );
        // A new font gives the stylesheet a new URL.
        let mut s2 = statics(&[
            (Origin::EmbeddedStatic, "static/dsfr/dsfr.min.css", css),
            (
                Origin::EmbeddedStatic,
                "static/dsfr/fonts/M.woff2",
                "font2, new",
            ),
        ]);
        assert_ne!(
            fingerprint(&mut s2, "/").url("dsfr/dsfr.min.css"),
            v.url("dsfr/dsfr.min.css")
        );
    }

    #[test]
    fn relative_urls_stay_inside_static() {
        assert_eq!(
            resolve_relative("dsfr", "fonts/a.woff2").as_deref(),
            Some("dsfr/fonts/a.woff2")
        );
        assert_eq!(
            resolve_relative("dsfr", "./../a.svg").as_deref(),
            Some("a.svg")
        );
        assert_eq!(resolve_relative("", "../a.svg"), None);
        assert_eq!(resolve_relative("", "/a.svg"), None);
        assert_eq!(resolve_relative("", "data:x"), None);
        assert_eq!(resolve_relative("", ""), None);
    }

    #[test]
    fn an_unclosed_url_is_kept_as_it_is() {
        assert_eq!(
            rewrite_css_urls("a{b:url(\"x", |_| Some("1".into())),
            "a{b:url(\"x"
        );
        assert_eq!(
            rewrite_css_urls("a{b:url(x", |_| Some("1".into())),
            "a{b:url(x"
        );
    }
}
