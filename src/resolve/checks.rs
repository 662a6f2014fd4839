//! Cross-references between loaded files that resolve verifies: a case
//! study's PTCE, a term's `see_also`, the volumes announced in site.yaml.

use super::lines::{find_line, line_of_key};
use super::{Page, PageKind, Ptce, Term, Volume};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::{Document, SourceFile};
use crate::model::{PanoramaStatus, SiteMeta, VolumeMeta, VolumeStatus};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Case studies must name a PTCE of the register.
pub(super) fn ptce_references(pages: &[Page], ptce: &[Ptce], diags: &mut Diagnostics) {
    let ptce_slugs: BTreeSet<&str> = ptce.iter().map(|p| p.slug.as_str()).collect();
    for page in pages {
        if let PageKind::CaseStudy(doc) = &page.kind
            && let Some(slug) = &doc.meta.ptce
            && !ptce_slugs.contains(slug.as_str())
        {
            let line = line_of_key(&doc.source.text, "ptce");
            let mut d =
                Diagnostic::new(doc.source.display.clone(), format!("unknown PTCE `{slug}`"))
                    .code(Code::UnknownPtce);
            if let Some(line) = line {
                d = d.at(line, None).with_source(&doc.source.text);
            }
            let hint = match crate::diagnostic::closest(slug, ptce_slugs.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? The slugs are those of content/ptce.yaml"),
                None => "use the slug of a PTCE listed in content/ptce.yaml".into(),
            };
            diags.push(d.hint(hint));
        }
    }
}

/// See-also references between terms.
pub(super) fn see_also(
    pages: &[Page],
    terms: &[Term],
    known: &BTreeSet<String>,
    drafts: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let term_slugs: BTreeSet<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
    for page in pages {
        if let PageKind::Term(doc) = &page.kind {
            for s in &doc.meta.see_also {
                let file = format!("glossaire/{s}.md");
                if drafts.contains(&file) {
                    let mut d = Diagnostic::new(
                        doc.source.display.clone(),
                        format!("`see_also` names `{s}`, a draft (`draft: true` in content/{file}) that the build leaves out"),
                    )
                    .code(Code::LinkToDraft);
                    if let Some(line) = find_line(&doc.source.text, s) {
                        d = d.at(line, None).with_source(&doc.source.text);
                    }
                    diags.push(d.hint(format!(
                        "publish the term (remove `draft: true` from content/{file}) or leave it out of `see_also` until it is; `--drafts` builds both"
                    )));
                    continue;
                }
                let broken = known.contains(&file);
                if !term_slugs.contains(s.as_str()) && !broken {
                    let line = find_line(&doc.source.text, s);
                    let mut d = Diagnostic::new(
                        doc.source.display.clone(),
                        format!("`see_also` names `{s}`, which is not a glossary term"),
                    )
                    .code(Code::UnknownTerm);
                    if let Some(line) = line {
                        d = d.at(line, None).with_source(&doc.source.text);
                    }
                    let hint = match crate::diagnostic::closest(s, term_slugs.iter().copied()) {
                        Some(t) => format!("did you mean `{t}`?"),
                        None => {
                            "use the file name (without .md) of a term of content/glossaire/".into()
                        }
                    };
                    diags.push(d.hint(hint));
                }
            }
        }
    }
}

/// A volume whose index.md does not say it is published, for the check of
/// site.yaml's panoramas (the volume itself may be left out of the build).
#[derive(Debug, Clone)]
pub(super) struct Unpublished {
    display: PathBuf,
    text: String,
    /// `draft` or `forthcoming`, as the file says it.
    said: &'static str,
}

impl Unpublished {
    pub(super) fn of(index: &Document<VolumeMeta>) -> Self {
        Unpublished {
            display: index.source.display.clone(),
            text: index.source.text.clone(),
            said: if index.meta.draft || index.meta.status == VolumeStatus::Draft {
                "draft"
            } else {
                "forthcoming"
            },
        }
    }

    /// The line that makes the volume unpublished.
    fn line(&self) -> Option<usize> {
        if self.said == "draft" {
            line_of_key(&self.text, "draft").or_else(|| line_of_key(&self.text, "status"))
        } else {
            line_of_key(&self.text, "status")
        }
    }
}

/// Panoramas announced in site.yaml must point at a loaded volume, and
/// site.yaml may not call a volume published that its index.md does not:
/// the volume's own `status` is the one place that says it (E060).
pub(super) fn panoramas(
    meta: &SiteMeta,
    site_source: &SourceFile,
    volumes: &[Volume],
    unpublished: &BTreeMap<String, Unpublished>,
    known: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    let mut folders: Vec<&str> = volumes.iter().map(|v| v.dir.as_str()).collect();
    folders.extend(unpublished.keys().map(String::as_str));
    folders.sort_unstable();
    for p in &meta.panoramas {
        // A mistyped `volume:` would keep the volume off the home page
        // for good, without a word.
        if let Some(v) = &p.volume
            && !folders.contains(&v.as_str())
            && !known.contains(&format!("{v}/index.md"))
        {
            let mut d = Diagnostic::new(
                site_source.display.clone(),
                format!(
                    "`volume: {v}` of the panorama « {} » names no volume folder of content/",
                    p.title
                ),
            )
            .code(Code::UnknownVolume);
            if let Some(line) = find_line(&site_source.text, &format!("volume: {v}")) {
                d = d.at(line, None).with_source(&site_source.text);
            }
            let hint = match crate::diagnostic::closest(v, folders.iter().copied()) {
                Some(f) => format!("did you mean `{f}`? `volume:` is the name of a folder of content/ that holds an index.md"),
                None if folders.is_empty() => "`volume:` is the name of a folder of content/ that holds an index.md; there is none yet (`panorama new volume TITLE` makes one)".to_string(),
                None => format!("`volume:` is the name of a folder of content/ that holds an index.md: {}", folders.join(", ")),
            };
            diags.push(d.hint(hint));
            continue;
        }
        if p.status != Some(PanoramaStatus::Published) {
            continue;
        }
        if let Some(state) = p.volume.as_ref().and_then(|v| unpublished.get(v)) {
            diags.push(state_mismatch(p, site_source, state));
            continue;
        }
        let index_broken = p.volume.as_ref().is_some_and(|v| {
            known.contains(&format!("{v}/index.md"))
                && !volumes.iter().any(|vol: &Volume| &vol.dir == v)
        });
        if !index_broken {
            let found = p
                .volume
                .as_ref()
                .is_some_and(|v| volumes.iter().any(|vol: &Volume| &vol.dir == v));
            if !found {
                let line = find_line(&site_source.text, &p.title);
                let mut d = Diagnostic::new(
                    site_source.display.clone(),
                    format!(
                        "the panorama « {} » is published but `volume:` does not name a volume folder of content/",
                        p.title
                    ),
                )
                .code(Code::UnknownVolume);
                if let Some(line) = line {
                    d = d.at(line, None).with_source(&site_source.text);
                }
                let known: Vec<&str> = volumes.iter().map(|v| v.dir.as_str()).collect();
                diags.push(d.hint(format!("set `volume:` to one of: {}", known.join(", "))));
            }
        }
    }
}

/// site.yaml says `status: published`, the volume's index.md says draft or
/// forthcoming: both files and lines named, and the one edit to make.
fn state_mismatch(
    p: &crate::model::PanoramaEntry,
    site_source: &SourceFile,
    state: &Unpublished,
) -> Diagnostic {
    let title_line = find_line(&site_source.text, &p.title);
    // The `status:` line of this entry: the first after its title.
    let status_line = title_line.and_then(|from| {
        site_source
            .text
            .lines()
            .enumerate()
            .skip(from)
            .find(|(_, l)| {
                l.trim_start()
                    .trim_start_matches("- ")
                    .starts_with("status:")
            })
            .map(|(i, _)| i + 1)
    });
    let vol_at = match state.line() {
        Some(l) => format!("{}:{l}", state.display.display()),
        None => state.display.display().to_string(),
    };
    let mut d = Diagnostic::new(
        site_source.display.clone(),
        format!(
            "content/site.yaml says the panorama « {} » is published, but its volume is a {} ({vol_at} says so)",
            p.title, state.said
        ),
    )
    .code(Code::VolumeState);
    if let Some(line) = status_line.or(title_line) {
        d = d.at(line, None).with_source(&site_source.text);
    }
    d.hint(
        "whether a volume is published is said once, in its index.md: to publish it, write `status: published` there \
         (and remove `draft: true`); otherwise remove `status: published` from this entry of site.yaml, which then follows the volume by itself",
    )
}
