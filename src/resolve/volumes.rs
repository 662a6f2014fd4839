//! A volume's pages in reading order: its index, chapters, case studies
//! (drafts left out unless `--drafts`) and resources page, each with its
//! URL under the volume's slug.

use super::{Drafts, Options, Page, PageKind, Volume, check_slug, checks, line_of_key};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::Document;
use crate::model::{CaseStudyMeta, ChapterMeta};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// An entry of a volume's reading order before it becomes pages.
enum Item {
    Chapter(Box<Document<ChapterMeta>>),
    Cases,
}

pub(super) fn resolve_volume(
    vol: crate::load::VolumeSource,
    known: &BTreeSet<String>,
    options: &Options,
    pages: &mut Vec<Page>,
    volumes: &mut Vec<Volume>,
    drafts: &mut Drafts,
    diags: &mut Diagnostics,
) {
    let Some(index) = &vol.index else {
        missing_index(&vol, known, diags);
        return;
    };
    if !index.meta.is_published() {
        let state = checks::Unpublished::of(index);
        drafts.volumes.insert(vol.dir.clone(), state);
        if !options.drafts {
            drafts.volume(&vol);
            return;
        }
    }
    let Some(index) = vol.index else { return };
    let slug = index.meta.slug.clone().unwrap_or_else(|| vol.dir.clone());
    check_slug(&slug, &index.source, diags);
    let vol_idx = volumes.len();
    let home = pages.len();
    let glossary = index.meta.glossary;
    pages.push(Page {
        title: index.meta.title.clone(),
        path: format!("{slug}/"),
        kind: PageKind::Volume(index),
        volume: Some(vol_idx),
        position: None,
        glossary,
    });

    let items = reading_order(vol.chapters, vol.cases_order, options, drafts);
    let mut cases = published_cases(vol.cases, options, drafts);
    check_case_numbers(&cases, diags);
    let mut reading = Reading {
        pages,
        order: Vec::new(),
        slug: &slug,
        volume: vol_idx,
    };
    for item in items {
        match item {
            Item::Chapter(doc) => {
                let slug_c = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
                check_slug(&slug_c, &doc.source, diags);
                let (title, glossary) = (doc.meta.title.clone(), doc.meta.glossary);
                reading.push(title, &slug_c, PageKind::Chapter(*doc), glossary);
            }
            Item::Cases => {
                for doc in std::mem::take(&mut cases) {
                    let slug_c = doc.meta.slug.clone().unwrap_or_else(|| doc.stem.clone());
                    check_slug(&slug_c, &doc.source, diags);
                    let (title, glossary) = (doc.meta.title.clone(), doc.meta.glossary);
                    reading.push(title, &slug_c, PageKind::CaseStudy(doc), glossary);
                }
            }
        }
    }
    if let Some(doc) = vol.resources.filter(|d| {
        let keep = !d.meta.draft || options.drafts;
        if !keep {
            drafts.paths.insert(d.source.rel.clone());
        }
        keep
    }) {
        let (title, glossary) = (doc.meta.title.clone(), doc.meta.glossary);
        reading.push(title, "lancez-vous", PageKind::Resources(doc), glossary);
    }
    let order = reading.order;
    volumes.push(Volume {
        dir: vol.dir,
        home,
        order,
    });
}

/// The pages of one volume, pushed in reading order.
struct Reading<'a> {
    pages: &'a mut Vec<Page>,
    /// Their indices in `pages`.
    order: Vec<usize>,
    /// The volume's slug, first segment of their paths.
    slug: &'a str,
    volume: usize,
}

impl Reading<'_> {
    /// The next page of the volume, at `/<volume>/<slug>/`.
    fn push(&mut self, title: String, slug: &str, kind: PageKind, glossary: bool) {
        self.order.push(self.pages.len());
        self.pages.push(Page {
            title,
            path: format!("{}/{slug}/", self.slug),
            kind,
            volume: Some(self.volume),
            position: Some(self.order.len() - 1),
            glossary,
        });
    }
}

/// The case studies of a volume that are built (drafts only with
/// `--drafts`; the others noted as drafts), in their order.
fn published_cases(
    mut cases: Vec<Document<CaseStudyMeta>>,
    options: &Options,
    drafts: &mut Drafts,
) -> Vec<Document<CaseStudyMeta>> {
    cases.retain(|c| {
        let keep = !c.meta.draft || options.drafts;
        if !keep {
            drafts.paths.insert(c.source.rel.clone());
        }
        keep
    });
    cases.sort_by(|a, b| (a.order, a.meta.number, &a.stem).cmp(&(b.order, b.meta.number, &b.stem)));
    cases
}

/// A volume folder with pages but no index.md (unless index.md exists and
/// failed to load: its own error is reported).
fn missing_index(
    vol: &crate::load::VolumeSource,
    known: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    if known.contains(&format!("{}/index.md", vol.dir)) {
        // index.md exists and its own error is already reported.
        return;
    }
    let any = vol
        .chapters
        .first()
        .map(|d| d.source.display.clone())
        .or_else(|| vol.cases.first().map(|d| d.source.display.clone()))
        .or_else(|| vol.resources.as_ref().map(|d| d.source.display.clone()));
    if let Some(path) = any {
        let folder = path
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        diags.push(
            Diagnostic::new(PathBuf::from(format!("{folder}/index.md")), "this volume folder has no index.md")
                .code(Code::MissingVolumeIndex)
                .hint("create index.md with the volume's front matter (number, title…), or it cannot be published"),
        );
    }
}

/// Reading order: chapters by prefix, the case-study block where its
/// folder prefix puts it (after the chapters without one); resources come
/// last (see `resolve_volume`).
fn reading_order(
    chapters: Vec<Document<ChapterMeta>>,
    cases_order: Option<u32>,
    options: &Options,
    drafts: &mut Drafts,
) -> Vec<Item> {
    let mut items: Vec<(u32, u32, String, Item)> = Vec::new();
    for c in chapters {
        if c.meta.draft && !options.drafts {
            drafts.paths.insert(c.source.rel.clone());
            continue;
        }
        let key = c.order.unwrap_or(u32::MAX - 1);
        items.push((key, 0, c.stem.clone(), Item::Chapter(Box::new(c))));
    }
    items.push((
        cases_order.unwrap_or(u32::MAX),
        1,
        String::new(),
        Item::Cases,
    ));
    items.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
    items.into_iter().map(|(_, _, _, item)| item).collect()
}

/// Each case study of a volume has its own number.
fn check_case_numbers(cases: &[Document<CaseStudyMeta>], diags: &mut Diagnostics) {
    let mut numbers: HashMap<u32, &PathBuf> = HashMap::new();
    for doc in cases {
        if let Some(other) = numbers.insert(doc.meta.number, &doc.source.display) {
            let line = line_of_key(&doc.source.text, "number");
            let mut d = Diagnostic::new(
                doc.source.display.clone(),
                format!(
                    "case study number {} is already used by {}",
                    doc.meta.number,
                    other.display()
                ),
            );
            if let Some(line) = line {
                d = d.at(line, None).with_source(&doc.source.text);
            }
            diags.push(
                d.hint("give each « coup de projecteur » of the volume its own number")
                    .code(Code::DuplicateNumber),
            );
        }
    }
}
