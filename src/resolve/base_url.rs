//! Where the site lives once published: `base_url` of `site.yaml` (or
//! `--base-url`) parsed once.

/// Where the site lives once published.
#[derive(Debug, Clone)]
pub struct BaseUrl {
    /// `https://example.org` or empty when base_url is a bare path.
    pub origin: String,
    /// Always starts and ends with `/`: `/` or `/panoramas/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (origin, path) = if let Some(rest) = raw
            .strip_prefix("https://")
            .or_else(|| raw.strip_prefix("http://"))
        {
            let scheme_len = raw.len() - rest.len();
            let slash = rest.find('/').unwrap_or(rest.len());
            if slash == 0 {
                return Err(format!("`{raw}` has no host name"));
            }
            (
                raw[..scheme_len + slash].to_string(),
                rest[slash..].to_string(),
            )
        } else if raw.starts_with('/') || raw.is_empty() {
            (String::new(), raw.to_string())
        } else {
            return Err(format!(
                "`{raw}` is neither an absolute URL (https://…) nor a path starting with `/`"
            ));
        };
        if path.contains(['?', '#', ' ']) {
            return Err(format!(
                "`{raw}` must not contain a query, a fragment or spaces"
            ));
        }
        let mut path = path;
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl { origin, path })
    }

    /// Site-absolute URL of a page path (`glossaire/ess/` → `/panoramas/glossaire/ess/`).
    pub fn url(&self, page_path: &str) -> String {
        format!("{}{}", self.path, page_path)
    }

    /// Full URL, for sitemaps and canonical links.
    pub fn absolute(&self, page_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, page_path)
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
        assert!(BaseUrl::parse("https:///x").is_err());
    }
}
