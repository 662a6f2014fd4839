//! The images and documents named in front matter (`logo`, `photo`,
//! `cover`, `documents`): each must be a media file of content/, found from
//! the page's folder, that could be published.

use super::lines::find_line;
use super::{Page, PageKind};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::media::{Lookup, Media, Published};
use crate::model::{DocumentRef, ImageRef, SiteMeta};

pub(super) fn check(
    site: (&SourceFile, &SiteMeta),
    pages: &[Page],
    media: &Media,
    diags: &mut Diagnostics,
) {
    let (source, meta) = site;
    if let Some(image) = &meta.image
        && let Some(Published::Document { .. } | Published::Svg { .. }) =
            one(source, "image", &image.file, media, diags)
    {
        diags.push(at(
            source,
            &image.file,
            Code::BadMedia,
            format!(
                "`image: {}` must be a JPEG, PNG or WebP image (sharing services do not show SVG)",
                image.file
            ),
            "give a photo or a PNG, 1200 pixels wide or more",
        ));
    }
    if let Some(icon) = &meta.favicon
        && let Some(p) = one(source, "favicon", icon, media, diags)
        && matches!(p, Published::Document { .. })
    {
        diags.push(at(
            source,
            icon,
            Code::BadMedia,
            format!("`favicon: {icon}` is a document, not an image"),
            "give an SVG or a square PNG",
        ));
    }
    for page in pages {
        let (source, images, documents): (&SourceFile, Vec<(&str, &ImageRef)>, &[DocumentRef]) =
            match &page.kind {
                PageKind::CaseStudy(doc) => (
                    &doc.source,
                    [("logo", &doc.meta.logo), ("photo", &doc.meta.photo)]
                        .into_iter()
                        .filter_map(|(k, i)| Some((k, &**i.as_ref()?)))
                        .collect(),
                    &doc.meta.documents,
                ),
                PageKind::Volume(doc) => (
                    &doc.source,
                    doc.meta.cover.iter().map(|c| ("cover", &**c)).collect(),
                    &doc.meta.documents,
                ),
                _ => continue,
            };
        for (key, image) in images {
            if let Some(p) = one(source, key, &image.file, media, diags)
                && matches!(p, Published::Document { .. })
            {
                diags.push(at(
                    source,
                    &image.file,
                    Code::BadMedia,
                    format!("`{key}: {}` is a document, not an image", image.file),
                    "give a JPEG, PNG, WebP or SVG image",
                ));
            }
        }
        for d in documents {
            one(source, "documents", &d.file, media, diags);
        }
    }
}

fn at(source: &SourceFile, file: &str, code: Code, message: String, hint: &str) -> Diagnostic {
    let mut d = Diagnostic::new(source.display.clone(), message)
        .code(code)
        .hint(hint);
    if let Some(line) = value_line(&source.text, file)
        .or_else(|| find_line(&source.text, file).filter(|_| !file.trim().is_empty()))
    {
        d = d.at(line, None).with_source(&source.text);
    }
    d
}

/// The line of the front matter whose `key: value` (also as a list item,
/// `- file: value`) holds exactly `value`, quoted or not.
fn value_line(text: &str, value: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let item = l.trim_start().trim_start_matches("- ");
            item.split_once(':').is_some_and(|(key, v)| {
                let v = v.trim();
                // An empty value is one written `""`, not a key alone
                // (`documents:`).
                !key.trim().is_empty()
                    && !key.contains(' ')
                    && !v.is_empty()
                    && v.trim_matches(['"', '\'']) == value
            })
        })
        .map(|i| i + 1)
}

fn one<'m>(
    source: &SourceFile,
    key: &str,
    file: &str,
    media: &'m Media,
    diags: &mut Diagnostics,
) -> Option<&'m Published> {
    match media.lookup(&source.rel, file) {
        Lookup::Found(_, Ok(p)) => return Some(p),
        Lookup::Found(rel, Err(e)) => diags.push(at(
            source,
            file,
            Code::BadMedia,
            format!("`{key}`: `{file}` (content/{rel}): {}", e.message),
            &e.hint,
        )),
        Lookup::Missing(near) => {
            let hint = match near {
                Some(n) => format!("did you mean `{n}`? The path starts from the folder of this page"),
                None => "put the file beside the page (or in content/medias/) and write its path from the page's folder".into(),
            };
            diags.push(at(
                source,
                file,
                Code::MissingMedia,
                format!("`{key}`: `{file}`: no such file beside this page or in content/medias/"),
                &hint,
            ));
        }
        Lookup::Unsupported(rel) => {
            let (message, hint) = crate::media::unsupported(file, &rel);
            diags.push(at(
                source,
                file,
                Code::BadMedia,
                format!("`{key}`: {message}"),
                hint,
            ));
        }
        Lookup::Outside => diags.push(at(
            source,
            file,
            Code::MissingMedia,
            format!("`{key}`: `{file}` leads out of content/"),
            "copy the file into content/, beside the page",
        )),
    }
    None
}
