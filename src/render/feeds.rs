//! The machine-read files of the site: `sitemap.xml`, `robots.txt` and the
//! Atom feed of published volumes, chapters and case studies.

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
    // The search page too, when published: it is a page a reader can land on.
    let search = site.meta.search.then_some(crate::paths::SEARCH_PATH);
    let dirs = site
        .pages
        .iter()
        .map(|p| p.path.as_str())
        .chain(generated)
        .chain(search);
    // A page's `lastmod` is its `updated:` date (W3C date, as written);
    // an invalid one is an error of resolve (E055), never published.
    let lastmod: std::collections::HashMap<&str, &str> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.path.as_str(), p.updated()?)))
        .filter(|(_, d)| crate::resolve::free_pages::iso_date(d).is_some())
        .collect();
    for dir in dirs {
        let loc = escape(&site.base.absolute(dir));
        match lastmod.get(dir) {
            Some(d) => s.push_str(&format!(
                "  <url><loc>{loc}</loc><lastmod>{d}</lastmod></url>\n"
            )),
            None => s.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
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

/// Text for an XML document: escaped, without the characters XML 1.0
/// forbids (C0 controls but tab and line breaks, U+FFFE, U+FFFF), so the
/// feed stays well-formed whatever the content holds.
fn xml(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
        })
        .collect();
    escape(&kept)
}

/// One entry of the feed.
struct Entry {
    title: String,
    url: String,
    summary: Option<String>,
    /// RFC 3339, from the volume's `published` date.
    published: Option<String>,
    updated: String,
    author: String,
}

/// A date Atom accepts when the content gives none.
const NO_DATE: &str = "2000-01-01T00:00:00Z";

/// The entries of one published volume: the volume, then its chapters and
/// case studies in reading order. They carry the volume's date (chapters
/// and case studies have none of their own) and its publisher.
fn volume_entries(site: &Site, v: &crate::resolve::Volume, entries: &mut Vec<Entry>) {
    let home = &site.pages[v.home];
    let PageKind::Volume(d) = &home.kind else {
        return;
    };
    if !d.meta.is_published() {
        return;
    }
    let published = d.meta.published.as_deref().and_then(rfc3339);
    let author = d
        .meta
        .publisher
        .clone()
        .unwrap_or_else(|| site.meta.publisher.clone());
    // `updated` is the page's own `updated:` date when it has one (and
    // it is not before the publication), else the volume's date.
    let entry = |page: &crate::resolve::Page, title: String, summary: Option<&String>| {
        let updated = page
            .updated()
            .and_then(rfc3339)
            .filter(|u| published.as_ref().is_none_or(|p| u >= p))
            .or_else(|| published.clone())
            .unwrap_or_else(|| NO_DATE.into());
        Entry {
            title,
            url: site.base.absolute(&page.path),
            summary: summary.filter(|s| !s.trim().is_empty()).cloned(),
            published: published.clone(),
            updated,
            author: author.clone(),
        }
    };
    entries.push(entry(
        home,
        format!("Volume {} : {}", d.meta.number, home.title),
        d.meta.description.as_ref().or(d.meta.subtitle.as_ref()),
    ));
    for &i in &v.order {
        let page = &site.pages[i];
        match &page.kind {
            PageKind::Chapter(c) => entries.push(entry(
                page,
                page.title.clone(),
                c.meta.description.as_ref().or(c.meta.subtitle.as_ref()),
            )),
            PageKind::CaseStudy(c) => entries.push(entry(
                page,
                format!("Coup de projecteur : {}", page.title),
                c.meta.description.as_ref().or(Some(&c.meta.heading)),
            )),
            _ => {}
        }
    }
}

/// The Atom feed (RFC 4287) of the published volumes, their chapters and
/// case studies, newest first. Only published with an absolute base URL.
pub(crate) fn atom(site: &Site) -> String {
    let mut entries = Vec::new();
    for v in &site.volumes {
        volume_entries(site, v, &mut entries);
    }
    // Newest first; the reading order within one date (a stable sort).
    entries.sort_by(|a, b| b.updated.cmp(&a.updated));
    let feed_updated = entries
        .iter()
        .map(|e| e.updated.as_str())
        .max()
        .unwrap_or(NO_DATE)
        .to_string();
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml(&site.meta.language)
    );
    s.push_str(&format!("  <title>{}</title>\n", xml(&site.meta.title)));
    if let Some(d) = site
        .meta
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        s.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(d)));
    }
    s.push_str(&format!("  <id>{}</id>\n", xml(&site.base.absolute(""))));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(&site.base.absolute(""))
    ));
    s.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&site.base.absolute(crate::paths::ATOM_XML))
    ));
    s.push_str(&format!("  <updated>{feed_updated}</updated>\n"));
    s.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(&site.meta.publisher)
    ));
    for e in entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <title>{}</title>\n", xml(&e.title)));
        s.push_str(&format!("    <id>{}</id>\n", xml(&e.url)));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml(&e.url)
        ));
        if let Some(p) = &e.published {
            s.push_str(&format!("    <published>{p}</published>\n"));
        }
        s.push_str(&format!("    <updated>{}</updated>\n", e.updated));
        s.push_str(&format!(
            "    <author><name>{}</name></author>\n",
            xml(&e.author)
        ));
        if let Some(summary) = &e.summary {
            s.push_str(&format!("    <summary>{}</summary>\n", xml(summary)));
        }
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

    #[test]
    fn xml_text_drops_what_xml_forbids() {
        assert_eq!(xml("a\u{1}b\u{FFFF}<c>\t\n"), "ab&lt;c&gt;\t\n");
    }
}
