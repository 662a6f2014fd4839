//! Where the site lives once published: `base_url` of `site.yaml` (or
//! `--base-url`) parsed once.

/// Where the site lives once published.
#[derive(Debug, Clone)]
pub(crate) struct BaseUrl {
    /// `https://example.org` or empty when base_url is a bare path.
    pub(crate) origin: String,
    /// Always starts and ends with `/`: `/` or `/panoramas/`.
    pub(crate) path: String,
}

impl BaseUrl {
    /// `https://host/path/`, `http://…` or a bare `/path/`. A URL is parsed
    /// by the `url` crate: the host must be a valid host name or address,
    /// and the origin comes out normalised (lower-case host, no default
    /// port); the path always starts and ends with `/`.
    pub(crate) fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        if raw.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{raw}` must not contain a query, a fragment or spaces"
            ));
        }
        // `//host/…` is a URL of another host without its scheme, not a
        // path: pages would load their styles and scripts from that host.
        if raw.starts_with("//") || raw.starts_with("/\\") || raw.starts_with('\\') {
            return Err(format!(
                "`{raw}` names a host without a scheme: write `https://host/…`, or a path with one `/` at its start"
            ));
        }
        // A path as it goes into the pages' links: ASCII letters, digits and
        // the characters a URL path takes as they are (non-ASCII and quotes
        // percent-encoded).
        if raw.starts_with('/')
            && let Some(c) = raw.chars().find(|c| {
                !(c.is_ascii_alphanumeric() || "/-._~!$&'()*+,;=:@%".contains(*c)) || *c == '\''
            })
        {
            return Err(format!(
                "`{raw}`: the character `{c}` must be percent-encoded in a path (`é` is `%C3%A9`)"
            ));
        }
        let lower = raw.to_ascii_lowercase();
        let (origin, mut path) = if raw.is_empty() || raw.starts_with('/') {
            (String::new(), raw.to_string())
        } else if let Some(rest) = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
        {
            if rest.is_empty() || rest.starts_with('/') {
                return Err(format!("`{raw}` has no host name"));
            }
            let url =
                url::Url::parse(raw).map_err(|e| format!("`{raw}` is not a valid URL: {e}"))?;
            if !url.username().is_empty() || url.password().is_some() {
                return Err(format!(
                    "`{raw}` must not contain a user name or a password"
                ));
            }
            (url.origin().ascii_serialization(), url.path().to_string())
        } else {
            return Err(format!(
                "`{raw}` is neither an absolute URL (https://…) nor a path starting with `/`"
            ));
        };
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// Site-absolute URL of a page path (`glossaire/ess/` → `/panoramas/glossaire/ess/`).
    pub(crate) fn url(&self, page_path: &str) -> String {
        format!("{}{}", self.path, page_path)
    }

    /// Full URL, for sitemaps and canonical links: `origin` is empty when
    /// base_url is a bare path, and the result is then root-relative (see
    /// [`BaseUrl::absolute_url`] for the places that need a real one).
    pub(crate) fn absolute(&self, page_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, page_path)
    }

    /// Whether base_url has a scheme and a host.
    pub(crate) fn is_absolute(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The absolute URL of a page path, or `None` when base_url has no
    /// scheme and host: what a standard requires to be absolute (canonical,
    /// `og:url`, JSON-LD, sitemap, Atom) is then left out, never relative.
    pub(crate) fn absolute_url(&self, page_path: &str) -> Option<String> {
        self.is_absolute().then(|| self.absolute(page_path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_forms() {
        let b = BaseUrl::parse("https://example.org/panoramas").unwrap();
        assert_eq!(b.origin, "https://example.org");
        assert_eq!(b.url("ptce/"), "/panoramas/ptce/");
        assert_eq!(b.absolute(""), "https://example.org/panoramas/");
        assert_eq!(BaseUrl::parse("/").unwrap().url(""), "/");
        assert_eq!(
            BaseUrl::parse("https://example.org").unwrap().url("a/"),
            "/a/"
        );
        assert!(BaseUrl::parse("example.org").is_err());
        // The host is validated and normalised by the `url` crate.
        assert!(BaseUrl::parse("https://exa mple.org/").is_err());
        assert!(BaseUrl::parse("https://a..b:99999/").is_err());
        assert!(BaseUrl::parse("https://user:pw@example.org/").is_err());
        let b = BaseUrl::parse("HTTPS://Example.ORG:443/p").unwrap();
        assert_eq!(
            (b.origin.as_str(), b.path.as_str()),
            ("https://example.org", "/p/")
        );
        assert_eq!(
            BaseUrl::parse("http://127.0.0.1:8080")
                .unwrap()
                .absolute("a/"),
            "http://127.0.0.1:8080/a/"
        );
        assert!(BaseUrl::parse("https:///x").is_err());
        // Another host without a scheme, and characters a path must encode.
        for bad in [
            "//evil.example/p/",
            "/\\evil.example/",
            "/é/",
            "/p/\"x",
            "/p/'x",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(BaseUrl::parse("/%C3%A9/").unwrap().url(""), "/%C3%A9/");
        assert_eq!(BaseUrl::parse("/p/").unwrap().absolute_url("a/"), None);
        assert_eq!(
            BaseUrl::parse("https://example.org/p/")
                .unwrap()
                .absolute_url("a/")
                .as_deref(),
            Some("https://example.org/p/a/")
        );
    }
}
