//! Cross-references between loaded files that resolve verifies: a case
//! study's PTCE, a term's `see_also`, the volumes announced in site.yaml.

use super::lines::{find_line, line_of_key};
use super::{Page, PageKind, Ptce, Term, Volume};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::model::{PanoramaStatus, SiteMeta};
use std::collections::BTreeSet;

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
    diags: &mut Diagnostics,
) {
    let term_slugs: BTreeSet<&str> = terms.iter().map(|t| t.slug.as_str()).collect();
    for page in pages {
        if let PageKind::Term(doc) = &page.kind {
            for s in &doc.meta.see_also {
                let broken = known.contains(&format!("glossaire/{s}.md"));
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

/// Panoramas announced in site.yaml must point at a loaded volume.
pub(super) fn panoramas(
    meta: &SiteMeta,
    site_source: &SourceFile,
    volumes: &[Volume],
    known: &BTreeSet<String>,
    diags: &mut Diagnostics,
) {
    for p in &meta.panoramas {
        let index_broken = p.volume.as_ref().is_some_and(|v| {
            known.contains(&format!("{v}/index.md"))
                && !volumes.iter().any(|vol: &Volume| &vol.dir == v)
        });
        if p.status == PanoramaStatus::Published && !index_broken {
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
