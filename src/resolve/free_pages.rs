//! Free pages (`pages/<slug>.md`, published at `/<slug>/`), the legal
//! pages a French public site must publish, and the `updated` dates of
//! every page.

use super::lines::line_of_key;
use super::site::{Page, PageKind, Site};
use super::{Options, check_slug};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::Document;
use crate::model::FreePageMeta;

/// A page the law (or the DSFR's footer) expects, found by its slug.
pub(crate) struct LegalPage {
    pub(crate) slug: &'static str,
    /// What it is, in the words of the DSFR footer.
    pub(crate) label: &'static str,
    /// Missing: `build` warns. (Cookies need a page only when the site
    /// sets some; panorama's sites set none.)
    pub(crate) required: bool,
}

/// In the order of the DSFR footer.
pub(crate) const LEGAL_PAGES: [LegalPage; 3] = [
    LegalPage {
        slug: "mentions-legales",
        label: "Mentions légales",
        required: true,
    },
    LegalPage {
        slug: "donnees-personnelles",
        label: "Données personnelles",
        required: true,
    },
    LegalPage {
        slug: "gestion-des-cookies",
        label: "Gestion des cookies",
        required: false,
    },
];

/// One page per free page (drafts only with `--drafts`), at `/<slug>/`.
pub(super) fn free_pages(
    docs: Vec<Document<FreePageMeta>>,
    options: &Options,
    pages: &mut Vec<Page>,
    drafts: &mut super::Drafts,
    diags: &mut Diagnostics,
) {
    for doc in docs {
        if doc.meta.draft && !options.drafts {
            // A link to it is E061, not a missing page.
            drafts.paths.insert(doc.source.rel.clone());
            continue;
        }
        let slug = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
        check_slug(&slug, &doc.source, diags);
        let glossary = doc.meta.glossary;
        pages.push(Page {
            title: doc.meta.title.clone(),
            path: format!("{slug}/"),
            kind: PageKind::Free(doc),
            volume: None,
            position: None,
            glossary,
        });
    }
}

/// The free pages of the footer: the legal pages first (in the DSFR's
/// order), then those with `footer: true` by `order`, then title.
pub(crate) fn footer_pages(site: &Site) -> Vec<usize> {
    let legal_rank = |p: &Page| {
        LEGAL_PAGES
            .iter()
            .position(|l| p.path.trim_end_matches('/') == l.slug)
    };
    let mut list: Vec<(usize, Option<usize>, u32, String)> = site
        .pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| match &p.kind {
            PageKind::Free(d) if d.meta.footer || legal_rank(p).is_some() => Some((
                i,
                legal_rank(p),
                d.meta.order.unwrap_or(u32::MAX),
                super::fold_sort_key(&p.title),
            )),
            _ => None,
        })
        .collect();
    // Legal pages (Some) before the others (None).
    list.sort_by(|a, b| {
        (a.1.is_none(), a.1, a.2, &a.3, a.0).cmp(&(b.1.is_none(), b.1, b.2, &b.3, b.0))
    });
    list.into_iter().map(|(i, ..)| i).collect()
}

/// The required legal pages the site does not have: one warning each,
/// naming the file to create.
pub(crate) fn missing_legal_pages(site: &Site) -> Vec<String> {
    LEGAL_PAGES
        .iter()
        .filter(|l| l.required)
        .filter(|l| {
            !site
                .pages
                .iter()
                .any(|p| matches!(p.kind, PageKind::Free(_)) && p.path == format!("{}/", l.slug))
        })
        .map(|l| {
            format!(
                "the site has no « {} » page, which a French public site must publish (and the DSFR footer links to)\n  = fix: create content/pages/{}.md (`panorama new page \"{}\"`)",
                l.label, l.slug, l.label
            )
        })
        .collect()
}

/// Every `updated:` is a real date, `YYYY-MM-DD`, and a volume's
/// `published:` a real month or date, `YYYY-MM` or `YYYY-MM-DD`: both go
/// into the feed, the sitemap and the JSON-LD, whose readers expect dates.
pub(super) fn check_dates(pages: &[Page], diags: &mut Diagnostics) {
    for page in pages {
        if let Some(date) = page.updated()
            && iso_date(date).is_none()
        {
            diags.push(date_error(
                page,
                "updated",
                format!("`updated: {date}` is not a date of the form YYYY-MM-DD"),
                "write the day of the last change, year-month-day: `updated: 2026-03-03`",
            ));
        }
        if let PageKind::Volume(v) = &page.kind
            && let Some(date) = v.meta.published.as_deref()
            && iso_month_or_date(date).is_none()
        {
            diags.push(date_error(
                page,
                "published",
                format!(
                    "`published: {}` is not a month (YYYY-MM) or a date (YYYY-MM-DD) of the calendar",
                    crate::diagnostic::terminal(date)
                ),
                "write the month of publication, `published: \"2025-07\"`, or its day, `published: \"2025-07-15\"`",
            ));
        }
    }
}

/// An invalid date at the line and column of its `key:` in `page`'s front
/// matter.
fn date_error(page: &Page, key: &str, message: String, hint: &str) -> Diagnostic {
    let source = page.source();
    let mut d = Diagnostic::new(source.display.clone(), message)
        .hint(hint)
        .code(Code::InvalidDate);
    if let Some(line) = line_of_key(&source.text, key) {
        let column = source
            .text
            .lines()
            .nth(line - 1)
            .and_then(|l| {
                let colon = l.find(':')?;
                let value = &l[colon + 1..];
                Some(colon + 2 + value.len() - value.trim_start().len())
            })
            .unwrap_or(1);
        d = d.at(line, Some(column)).with_source(&source.text);
    }
    d
}

/// `2025-07` → (2025, 7, 1); `2025-07-15` → (2025, 7, 15); a month or a
/// day of the calendar only.
pub(crate) fn iso_month_or_date(s: &str) -> Option<(u32, u32, u32)> {
    if s.len() == 7 {
        iso_date(&format!("{s}-01"))
    } else {
        iso_date(s)
    }
}

/// `2026-03-03` → (2026, 3, 3) when it is a day of the calendar.
pub(crate) fn iso_date(s: &str) -> Option<(u32, u32, u32)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (y >= 1000 && (1..=days).contains(&d)).then_some((y, m, d))
}

#[cfg(test)]
mod tests {
    use super::{iso_date, iso_month_or_date};

    #[test]
    fn months_or_dates_of_the_calendar_only() {
        assert_eq!(iso_month_or_date("2025-07"), Some((2025, 7, 1)));
        assert_eq!(iso_month_or_date("2025-07-15"), Some((2025, 7, 15)));
        for bad in [
            "2025-13",
            "2025-00",
            "2025-02-30",
            "2025-07-32",
            "20x5-07",
            "",
            "juillet 2025",
            "2025-7",
        ] {
            assert_eq!(iso_month_or_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_of_the_calendar_only() {
        assert_eq!(iso_date("2026-03-03"), Some((2026, 3, 3)));
        assert_eq!(iso_date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(iso_date("2025-02-29"), None);
        assert_eq!(iso_date("2026-13-01"), None);
        assert_eq!(iso_date("2026-04-31"), None);
        assert_eq!(iso_date("2026-3-3"), None);
        assert_eq!(iso_date("03/03/2026"), None);
        assert_eq!(iso_date("2026-03-0a"), None);
        assert_eq!(iso_date("+026-03-03"), None);
    }
}
