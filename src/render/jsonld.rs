//! schema.org descriptions (JSON-LD) of content pages and generated pages.

use crate::paths::GLOSSARY_PATH;
use crate::resolve::{PageKind, Site};

/// Serializes JSON-LD for a `<script type="application/ld+json">` element:
/// `<` is escaped so the text can never close the script. A `url` that is
/// not absolute (base_url without a host) is left out: schema.org readers
/// need an absolute one.
fn json_ld(value: &serde_json::Value) -> String {
    let mut value = value.clone();
    drop_relative_urls(&mut value);
    serde_json::to_string(&value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn drop_relative_urls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let relative = map
                .get("url")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|u| !u.starts_with("http://") && !u.starts_with("https://"));
            if relative {
                map.remove("url");
            }
            map.values_mut().for_each(drop_relative_urls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_relative_urls),
        _ => {}
    }
}

/// schema.org description of a content page.
pub(crate) fn page_json_ld(
    site: &Site,
    page: &crate::resolve::Page,
    canonical: &str,
    description: Option<&str>,
) -> String {
    use serde_json::json;
    let publisher = json!({"@type": "GovernmentOrganization", "name": site.meta.publisher});
    let series = json!({"@type": "CreativeWorkSeries", "name": site.meta.title});
    let volume = page.volume.map(|v| {
        let home = &site.pages[site.volumes[v].home];
        json!({"@type": "Report", "name": home.title, "url": site.base.absolute(&home.path)})
    });
    let mut v = match &page.kind {
        PageKind::Home(_) => json!({
            "@type": "WebSite", "name": site.meta.title, "url": canonical,
            "inLanguage": site.meta.language, "publisher": publisher,
        }),
        PageKind::Volume(d) => volume_json(site, &d.meta, canonical, publisher, series),
        PageKind::Chapter(d) => json!({
            "@type": "Article", "headline": d.meta.title, "url": canonical, "inLanguage": site.meta.language,
            "publisher": publisher, "isPartOf": volume,
        }),
        PageKind::CaseStudy(d) => case_study_json(site, &d.meta, canonical, publisher, volume),
        PageKind::Resources(d) => json!({
            "@type": "CollectionPage", "name": d.meta.title, "url": canonical, "inLanguage": site.meta.language,
            "isPartOf": volume,
        }),
        PageKind::Term(d) => {
            let mut v = json!({
                "@type": "DefinedTerm", "name": d.meta.term, "url": canonical,
                "inDefinedTermSet": {"@type": "DefinedTermSet", "name": "Glossaire", "url": site.base.absolute(GLOSSARY_PATH)},
            });
            if let Some(a) = &d.meta.abbreviation {
                v["termCode"] = json!(a);
            }
            v
        }
        PageKind::Free(d) => json!({
            "@type": "WebPage", "name": d.meta.title, "url": canonical, "inLanguage": site.meta.language,
            "publisher": publisher,
            "isPartOf": {"@type": "WebSite", "name": site.meta.title, "url": site.base.absolute("")},
        }),
    };
    // An invalid date is an error of resolve (E055), never published.
    if let Some(d) = page
        .updated()
        .filter(|d| crate::resolve::free_pages::iso_date(d).is_some())
    {
        v["dateModified"] = json!(d);
    }
    v["@context"] = json!("https://schema.org");
    if let Some(desc) = description {
        v["description"] = json!(desc);
    }
    json_ld(&v)
}

/// A volume: a `Report` of the collection's series.
fn volume_json(
    site: &Site,
    meta: &crate::model::VolumeMeta,
    canonical: &str,
    publisher: serde_json::Value,
    series: serde_json::Value,
) -> serde_json::Value {
    use serde_json::json;
    let mut v = json!({
        "@type": "Report", "name": meta.title, "url": canonical, "inLanguage": site.meta.language,
        "publisher": publisher, "isPartOf": series, "volumeNumber": meta.number,
    });
    if let Some(s) = &meta.subtitle {
        v["alternativeHeadline"] = json!(s);
    }
    if let Some(p) = &meta.published {
        v["datePublished"] = json!(p);
    }
    v
}

/// A case study: an `Article` about the structure it presents.
fn case_study_json(
    site: &Site,
    m: &crate::model::CaseStudyMeta,
    canonical: &str,
    publisher: serde_json::Value,
    volume: Option<serde_json::Value>,
) -> serde_json::Value {
    use serde_json::json;
    let mut org = json!({
        "@type": "Organization", "name": m.structure,
        "address": {"@type": "PostalAddress", "addressRegion": m.departement.name(), "addressCountry": "FR"},
    });
    if let Some(c) = m.communes.first() {
        org["address"]["addressLocality"] = json!(c);
    }
    if let Some(e) = m.contact.as_ref().and_then(|c| c.email.as_ref()) {
        org["email"] = json!(e);
    }
    json!({
        "@type": "Article", "headline": m.title, "alternativeHeadline": m.heading, "url": canonical,
        "inLanguage": site.meta.language, "publisher": publisher, "isPartOf": volume, "about": org,
    })
}

/// schema.org description of a generated page.
pub(crate) fn generated_json_ld(site: &Site, kind: &str, title: &str, canonical: &str) -> String {
    let t = match kind {
        "glossary" => "DefinedTermSet",
        "ptce" | "all_resources" | "data" | "sitemap" => "CollectionPage",
        _ => "WebPage",
    };
    json_ld(&serde_json::json!({
        "@context": "https://schema.org", "@type": t, "name": title, "url": canonical,
        "inLanguage": site.meta.language,
        "isPartOf": {"@type": "WebSite", "name": site.meta.title, "url": site.base.absolute("")},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = serde_json::json!({"name": "</script><b>"});
        assert!(!json_ld(&v).contains("</"));
    }

    #[test]
    fn relative_urls_are_left_out() {
        let v = serde_json::json!({"url": "/a/", "isPartOf": {"url": "https://x.org/"}, "b": [{"url": ""}]});
        assert_eq!(
            json_ld(&v),
            r#"{"b":[{}],"isPartOf":{"url":"https://x.org/"}}"#
        );
    }
}
