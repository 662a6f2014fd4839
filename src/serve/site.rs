//! One generated site as the preview serves it: the files of a
//! [`RenderedSite`] by their output path, HTML pages with the reload script
//! injected, looked up under the site's base path.

use crate::output::{OutputFile, RenderedSite};
use crate::serve::mime::content_type;
use crate::serve::reload::{ALL_PAGES, PageTag, digest, inject};
use crate::serve::url::{Target, encode_path, parse_target};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct File {
    pub(crate) bytes: Vec<u8>,
    pub(crate) content_type: &'static str,
    /// Digest of the bytes as built (before the script was added).
    pub(crate) version: String,
}

/// The version of a page that is not in the site.
pub(crate) const MISSING: &str = "missing";
/// The version of every page before the first successful build.
pub(crate) const UNAVAILABLE: &str = "unavailable";

/// A snapshot, never changed once built: a rebuild makes a new one.
#[derive(Debug, Default)]
pub(crate) struct ServedSite {
    /// `/` or `/panoramas/`, %-encoded.
    base_path: String,
    /// The same, decoded, as segments.
    base: Vec<String>,
    /// By output path (`glossaire/ess/index.html`).
    files: HashMap<String, Arc<File>>,
    /// `404.html`, reloading on any change.
    not_found: Option<File>,
    /// No build has succeeded yet: there is nothing to serve.
    unavailable: bool,
}

/// What a request target leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup<'a> {
    Found(&'a File),
    /// To this %-encoded URL (the trailing-slash form, or the base path).
    Redirect(String),
    /// With the site's 404 page, when it has one.
    NotFound(Option<&'a File>),
    /// No build has succeeded yet.
    Unavailable,
}

impl ServedSite {
    /// `base_path` is the path of the site's base URL (`/panoramas/`).
    pub(crate) fn new(rendered: &RenderedSite, base_path: &str) -> ServedSite {
        let base = parse_target(base_path)
            .map(|t| t.segments)
            .unwrap_or_default();
        let base_path = if base.is_empty() {
            "/".to_string()
        } else {
            encode_path(&format!("/{}/", base.join("/")))
        };
        let mut site = ServedSite {
            base_path,
            base,
            ..ServedSite::default()
        };
        for f in &rendered.files {
            site.insert(f);
        }
        site
    }

    /// One file as served: HTML pages get the reload script.
    fn insert(&mut self, f: &OutputFile) {
        let content_type = content_type(&f.path);
        let version = digest(&f.bytes);
        let url = self.url(&f.path);
        let tag = |any| PageTag {
            page: &url,
            version: &version,
            any,
        };
        let is_html = content_type.starts_with("text/html");
        let bytes = if is_html {
            inject(&f.bytes, &tag(false))
        } else {
            f.bytes.clone()
        };
        if f.path == "404.html" {
            self.not_found = Some(File {
                bytes: inject(&f.bytes, &tag(true)),
                content_type,
                version: version.clone(),
            });
        }
        self.files.insert(
            f.path.clone(),
            Arc::new(File {
                bytes,
                content_type,
                version,
            }),
        );
    }

    /// This site with `files` written anew and `removed` gone; the other
    /// files are shared, not copied.
    pub(crate) fn with_changes(&self, files: &[OutputFile], removed: &[String]) -> ServedSite {
        let mut next = ServedSite {
            base_path: self.base_path.clone(),
            base: self.base.clone(),
            files: self.files.clone(),
            not_found: self.not_found.clone(),
            unavailable: self.unavailable,
        };
        for path in removed {
            next.files.remove(path);
        }
        for f in files {
            next.insert(f);
        }
        next
    }

    /// Before the first successful build.
    pub(crate) fn unavailable() -> ServedSite {
        ServedSite {
            base_path: "/".into(),
            unavailable: true,
            ..ServedSite::default()
        }
    }

    pub(crate) fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Served URL of an output path, %-encoded.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, encode_path(path))
    }

    pub(crate) fn lookup(&self, target: &Target) -> Lookup<'_> {
        if self.unavailable {
            return Lookup::Unavailable;
        }
        let not_found = Lookup::NotFound(self.not_found.as_ref());
        let Some(rel) = target.segments.strip_prefix(self.base.as_slice()) else {
            // `/` of a site published under a sub-path leads to it.
            return if target.segments.is_empty() {
                Lookup::Redirect(self.base_path.clone())
            } else {
                not_found
            };
        };
        if rel.is_empty() && !target.trailing_slash {
            return Lookup::Redirect(self.base_path.clone());
        }
        let joined = rel.join("/");
        let key = if rel.is_empty() {
            "index.html".to_string()
        } else if target.trailing_slash {
            format!("{joined}/index.html")
        } else {
            joined.clone()
        };
        if let Some(file) = self.files.get(&key) {
            return Lookup::Found(file);
        }
        if !target.trailing_slash && self.files.contains_key(&format!("{joined}/index.html")) {
            return Lookup::Redirect(self.url(&format!("{joined}/")));
        }
        not_found
    }

    /// The version of the page served at `url` (a file's URL, as in
    /// `data-page`), to compare with the one a browser shows.
    pub(crate) fn version_of(&self, url: &str) -> &str {
        if self.unavailable {
            return UNAVAILABLE;
        }
        match parse_target(url).map(|t| self.lookup(&t)) {
            Ok(Lookup::Found(f)) => &f.version,
            _ => MISSING,
        }
    }

    /// Served URLs whose bytes differ from `self` to `next`, sorted; `*`
    /// when every page must reload (first build, new base path).
    pub(crate) fn changed(&self, next: &ServedSite) -> Vec<String> {
        if self.unavailable || self.base_path != next.base_path {
            return vec![ALL_PAGES.to_string()];
        }
        let keys: BTreeSet<&String> = self.files.keys().chain(next.files.keys()).collect();
        keys.into_iter()
            .filter(|k| match (self.files.get(*k), next.files.get(*k)) {
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b) && a != b,
                (a, b) => a.is_some() != b.is_some(),
            })
            .map(|k| self.url(k))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite::from_texts(files)
    }

    fn site(base: &str) -> ServedSite {
        ServedSite::new(
            &rendered(&[
                ("index.html", "<body>home</body>"),
                ("eco/index.html", "<body>eco</body>"),
                ("404.html", "<body>missing</body>"),
                ("static/style.css", "body{}"),
            ]),
            base,
        )
    }

    fn get<'a>(s: &'a ServedSite, raw: &str) -> Lookup<'a> {
        s.lookup(&parse_target(raw).unwrap())
    }

    fn body(l: Lookup<'_>) -> String {
        match l {
            Lookup::Found(f) => String::from_utf8(f.bytes.clone()).unwrap(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn serves_files_and_directory_indexes() {
        let s = site("/");
        assert!(body(get(&s, "/")).contains("home"));
        assert!(body(get(&s, "/eco/")).contains("eco"));
        assert!(body(get(&s, "/eco/index.html")).contains("eco"));
        assert_eq!(body(get(&s, "/static/style.css")), "body{}");
        let Lookup::Found(f) = get(&s, "/static/style.css") else {
            panic!()
        };
        assert_eq!(f.content_type, "text/css; charset=utf-8");
    }

    #[test]
    fn injects_the_script_in_html_only() {
        let s = site("/");
        let html = body(get(&s, "/eco/"));
        let tag = format!(
            "data-page=\"/eco/index.html\" data-version=\"{}\"></script></body>",
            digest(b"<body>eco</body>")
        );
        assert!(html.contains(&tag), "{html}");
        assert!(!body(get(&s, "/static/style.css")).contains("script"));
    }

    #[test]
    fn redirects_to_the_trailing_slash() {
        let s = site("/");
        assert_eq!(get(&s, "/eco"), Lookup::Redirect("/eco/".into()));
        assert_eq!(get(&s, "//eco"), Lookup::Redirect("/eco/".into()));
        assert!(matches!(get(&s, "/static"), Lookup::NotFound(_)));
    }

    #[test]
    fn not_found_carries_the_404_page() {
        let s = site("/");
        let Lookup::NotFound(Some(f)) = get(&s, "/nope/") else {
            panic!()
        };
        let html = String::from_utf8(f.bytes.clone()).unwrap();
        assert!(html.contains("missing") && html.contains("data-page=\"/404.html\""));
        assert!(html.contains(" data-any></script>"), "{html}");
        assert!(matches!(
            get(&s, "/%252e%252e/etc/passwd"),
            Lookup::NotFound(_)
        ));
    }

    #[test]
    fn honours_the_base_path() {
        let s = site("/panoramas/");
        assert_eq!(s.base_path(), "/panoramas/");
        assert!(body(get(&s, "/panoramas/")).contains("home"));
        assert!(
            body(get(&s, "/panoramas/eco/")).contains("data-page=\"/panoramas/eco/index.html\"")
        );
        assert_eq!(get(&s, "/"), Lookup::Redirect("/panoramas/".into()));
        assert_eq!(
            get(&s, "/panoramas"),
            Lookup::Redirect("/panoramas/".into())
        );
        assert_eq!(
            get(&s, "/panoramas/eco"),
            Lookup::Redirect("/panoramas/eco/".into())
        );
        assert!(matches!(get(&s, "/eco/"), Lookup::NotFound(Some(_))));
    }

    #[test]
    fn lists_changed_urls() {
        let a = site("/");
        let b = ServedSite::new(
            &rendered(&[
                ("index.html", "<body>home</body>"),
                ("eco/index.html", "<body>eco 2</body>"),
                ("static/style.css", "body{}"),
                ("new/index.html", "<body>new</body>"),
            ]),
            "/",
        );
        assert_eq!(
            a.changed(&b),
            ["/404.html", "/eco/index.html", "/new/index.html"]
        );
        assert!(a.changed(&site("/")).is_empty());
        assert_eq!(a.changed(&site("/p/")), ["*"]);
        assert_eq!(ServedSite::unavailable().changed(&a), ["*"]);
    }

    #[test]
    fn versions_of_pages() {
        let s = site("/");
        assert_eq!(s.version_of("/eco/index.html"), digest(b"<body>eco</body>"));
        assert_eq!(s.version_of("/gone/index.html"), MISSING);
        assert_eq!(s.version_of("/../x"), MISSING);
        assert_eq!(ServedSite::unavailable().version_of("/"), UNAVAILABLE);
        assert_eq!(
            ServedSite::unavailable().lookup(&parse_target("/").unwrap()),
            Lookup::Unavailable
        );
    }
}
