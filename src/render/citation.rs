//! « Comment citer »: the reference of a volume or a case study, made from
//! its data (publisher, title, volume, month and year, address). The page
//! shows it and the open data publishes it (`/donnees/citations.csv`).

use super::pages::french_date;
use crate::resolve::{PageKind, Site};
use serde::Serialize;

/// A citation, ready to print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Citation {
    /// The whole reference as one line of text.
    pub(crate) text: String,
    /// The page's address within it: absolute when `base_url` has a host,
    /// else root-relative (README, URL policy).
    pub(crate) url: String,
}

/// The citation of page `i`, for volumes and case studies only.
pub(crate) fn citation(site: &Site, i: usize) -> Option<Citation> {
    let page = &site.pages[i];
    let volume_page = &site.pages[site.volumes.get(page.volume?)?.home];
    let PageKind::Volume(vol) = &volume_page.kind else {
        return None;
    };
    let publisher = vol
        .meta
        .publisher
        .clone()
        .unwrap_or_else(|| site.meta.publisher.clone());
    let volume_title = match &vol.meta.subtitle {
        Some(s) => format!("{} — {s}", vol.meta.title),
        None => vol.meta.title.clone(),
    };
    let mut series = format!("{}, volume {}", site.meta.title, vol.meta.number);
    if let Some(date) = vol.meta.published.as_deref() {
        // The month and year, also when the day is given.
        let month = date.get(..7).unwrap_or(date);
        series.push_str(&format!(", {}", french_date(month)));
    }
    let url = site.base.absolute(&page.path);
    let text = match &page.kind {
        PageKind::Volume(_) => format!("{publisher}, « {volume_title} », {series}. {url}"),
        PageKind::CaseStudy(d) => format!(
            "{publisher}, « {} », coup de projecteur n° {}, dans « {volume_title} », {series}. {url}",
            d.meta.title, d.meta.number
        ),
        _ => return None,
    };
    Some(Citation { text, url })
}
