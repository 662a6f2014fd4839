//! The machine-read files of the site: `sitemap.xml`, `robots.txt` and the
//! Atom feed of published volumes.

use crate::html::escape;
use crate::paths::{
    ACCESSIBILITY_PATH, DATA_PATH, GLOSSARY_PATH, PTCE_PATH, RESOURCES_PATH, SITEMAP_PATH,
    SITEMAP_XML,
};
use crate::resolve::{PageKind, Site};

/// Every page of the site: its own pages, then the generated ones.
pub(crate) fn sitemap(site: &Site) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let generated = [
        GLOSSARY_PATH,
        PTCE_PATH,
        RESOURCES_PATH,
        DATA_PATH,
        SITEMAP_PATH,
        ACCESSIBILITY_PATH,
    ];
    let dirs = site.pages.iter().map(|p| p.path.as_str()).chain(generated);
    for dir in dirs {
        s.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&site.base.absolute(dir))
        ));
    }
    s.push_str("</urlset>\n");
    s
}

pub(crate) fn robots(site: &Site) -> String {
    // The Sitemap line must be an absolute URL: only when base_url has a host.
    if site.base.origin.is_empty() {
        "User-agent: *\nAllow: /\n".to_string()
    } else {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.base.absolute(SITEMAP_XML)
        )
    }
}

/// `2025-07` → `2025-07-01T00:00:00Z` (Atom needs a full date-time).
fn rfc3339(date: &str) -> Option<String> {
    let parts: Vec<&str> = date.split('-').collect();
    let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y, m] if ok(y, 4) && ok(m, 2) => Some(format!("{y}-{m}-01T00:00:00Z")),
        [y, m, d] if ok(y, 4) && ok(m, 2) && ok(d, 2) => Some(format!("{y}-{m}-{d}T00:00:00Z")),
        _ => None,
    }
}

/// The Atom feed of the published volumes.
pub(crate) fn atom(site: &Site) -> String {
    let mut entries = Vec::new();
    for v in &site.volumes {
        let page = &site.pages[v.home];
        if let PageKind::Volume(d) = &page.kind
            && d.meta.status == crate::model::VolumeStatus::Published
        {
            let updated = d
                .meta
                .published
                .as_deref()
                .and_then(rfc3339)
                .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
            let summary = d
                .meta
                .description
                .clone()
                .or(d.meta.subtitle.clone())
                .unwrap_or_default();
            entries.push((
                updated,
                page.title.clone(),
                site.base.absolute(&page.path),
                summary,
                d.meta.number,
            ));
        }
    }
    entries.sort_by(|a, b| b.0.cmp(&a.0));
    let feed_updated = entries
        .first()
        .map(|e| e.0.clone())
        .unwrap_or_else(|| "2000-01-01T00:00:00Z".into());
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"fr\">\n",
    );
    s.push_str(&format!("  <title>{}</title>\n", escape(&site.meta.title)));
    s.push_str(&format!("  <id>{}</id>\n", escape(&site.base.absolute(""))));
    s.push_str(&format!(
        "  <link rel=\"alternate\" href=\"{}\"/>\n",
        escape(&site.base.absolute(""))
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&site.base.absolute(crate::paths::ATOM_XML))
    ));
    s.push_str(&format!("  <updated>{feed_updated}</updated>\n"));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escape(&site.meta.publisher)
    ));
    for (updated, title, url, summary, number) in entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!(
            "    <title>Volume {number} : {}</title>\n",
            escape(&title)
        ));
        s.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        s.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escape(&url)
        ));
        s.push_str(&format!("    <updated>{updated}</updated>\n"));
        s.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atom_dates() {
        assert_eq!(rfc3339("2025-07").as_deref(), Some("2025-07-01T00:00:00Z"));
        assert_eq!(
            rfc3339("2025-07-14").as_deref(),
            Some("2025-07-14T00:00:00Z")
        );
        assert_eq!(rfc3339("juillet"), None);
    }
}
