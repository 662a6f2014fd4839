//! The HTML of a processed image (`<picture>` with `srcset`, `sizes`,
//! explicit `width`/`height`) and of a download link, for Markdown bodies
//! and for the typed places of templates (logo, photo, cover).

use crate::html::escape;
use crate::media::{Kind, Lookup, Published, Variant};
use crate::model::{DocumentRef, ImageRef};
use crate::render::context::{Download, ImageCtx, OgImage};
use crate::resolve::Site;

/// How an image is laid out: the `sizes` it is given and whether it is
/// loaded at once (the first image of a page) or lazily.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    pub(crate) sizes: &'static str,
    pub(crate) eager: bool,
}

/// The `sizes` of an image of a page's text column.
pub(crate) const PROSE_SIZES: &str = "(min-width: 62em) 46rem, 100vw";

/// `<picture>` (raster) or `<img>` (SVG) for a published image; `alt` is
/// already the final text (empty for a decorative image).
pub(crate) fn picture(site: &Site, media: &Published, alt: &str, place: Placement) -> String {
    let loading = if place.eager {
        ""
    } else {
        r#" loading="lazy" decoding="async""#
    };
    let alt = escape(alt);
    match media {
        Published::Raster { fallback, webp, .. } => {
            let Some(largest) = fallback.last() else {
                return String::new();
            };
            let srcset = |vs: &[Variant]| -> String {
                vs.iter()
                    .map(|v| format!("{} {}w", escape(&site.base.url(&v.path)), v.width))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let sizes = place.sizes;
            let mut out = String::from("<picture>");
            if !webp.is_empty() {
                out.push_str(&format!(
                    r#"<source type="image/webp" srcset="{}" sizes="{sizes}">"#,
                    srcset(webp)
                ));
            }
            // The fallback's `srcset` is on the `<img>` itself.
            out.push_str(&format!(
                r#"<img src="{}" srcset="{}" sizes="{sizes}" width="{}" height="{}" alt="{alt}"{loading}></picture>"#,
                escape(&site.base.url(&largest.path)),
                srcset(fallback),
                largest.width,
                largest.height,
            ));
            out
        }
        Published::Svg { file } => {
            let size = if file.width > 0 && file.height > 0 {
                format!(r#" width="{}" height="{}""#, file.width, file.height)
            } else {
                String::new()
            };
            format!(
                r#"<img src="{}"{size} alt="{alt}"{loading}>"#,
                escape(&site.base.url(&file.path))
            )
        }
        Published::Document { .. } => String::new(),
    }
}

/// `<figure>` with the image and its caption; a credit (from « © » on) is
/// set apart in the caption.
pub(crate) fn figure(picture: &str, caption: &str) -> String {
    let (text, credit) = split_credit(caption);
    let mut out = format!(r#"<figure class="media">{picture}<figcaption>"#);
    out.push_str(&escape(&text));
    if let Some(c) = &credit {
        if !text.is_empty() {
            out.push(' ');
        }
        out.push_str(&format!(
            r#"<small class="media-credit">{}</small>"#,
            escape(c)
        ));
    }
    out.push_str("</figcaption></figure>");
    out
}

/// The `sizes` of a card image (home page, identity card).
pub(crate) const CARD_SIZES: &str = "(min-width: 62em) 20rem, 100vw";
/// The `sizes` of a volume's cover on its page.
pub(crate) const COVER_SIZES: &str = "(min-width: 62em) 24rem, 100vw";

fn found<'s>(site: &'s Site, page_rel: &str, file: &str) -> Option<&'s Published> {
    match site.media.lookup(page_rel, file) {
        Lookup::Found(_, Ok(p)) => Some(p),
        // Reported by resolve.
        _ => None,
    }
}

/// A caption split into its text and its credit (from « © » on).
pub(crate) fn split_credit(caption: &str) -> (String, Option<String>) {
    match caption.find('©') {
        Some(i) => (
            caption[..i].trim().to_string(),
            Some(caption[i..].trim().to_string()),
        ),
        None => (caption.trim().to_string(), None),
    }
}

/// The context of an image of the front matter.
pub(crate) fn image_ctx(
    site: &Site,
    page_rel: &str,
    image: &ImageRef,
    place: Placement,
) -> Option<ImageCtx> {
    let published = found(site, page_rel, &image.file)?;
    let (caption, credit) = match image.caption.as_deref().map(split_credit) {
        Some((c, credit)) => ((!c.is_empty()).then_some(c), credit),
        None => (None, None),
    };
    Some(ImageCtx {
        html: picture(site, published, image.alt.trim(), place),
        alt: image.alt.trim().to_string(),
        caption,
        credit,
    })
}

/// `og:image` of a raster image (SVG is not shown by sharing services).
/// OpenGraph wants an absolute URL: none when base_url has no host.
pub(crate) fn og_image(site: &Site, page_rel: &str, image: &ImageRef) -> Option<OgImage> {
    let Published::Raster { fallback, .. } = found(site, page_rel, &image.file)? else {
        return None;
    };
    let v = fallback.last()?;
    Some(OgImage {
        url: site.base.absolute_url(&v.path)?,
        alt: image.alt.trim().to_string(),
        width: v.width,
        height: v.height,
    })
}

/// The download links of a `documents:` list.
pub(crate) fn downloads(site: &Site, page_rel: &str, docs: &[DocumentRef]) -> Vec<Download> {
    docs.iter()
        .filter_map(|d| {
            let published = found(site, page_rel, &d.file)?;
            let format = match Kind::of(&d.file)? {
                Kind::Document(f) => f,
                Kind::Jpeg => "JPEG",
                Kind::Png => "PNG",
                Kind::Webp => "WebP",
                Kind::Svg => "SVG",
            };
            let (path, bytes) = published.main_file()?;
            Some(Download::new(
                d.title.clone(),
                site.base.url(path),
                format,
                bytes.len() as u64,
                d.language.clone(),
            ))
        })
        .collect()
}

/// The URL of a media file named from content/ (the favicon): the file
/// itself for an SVG, the largest fallback for a raster image.
pub(crate) fn file_url(site: &Site, rel: &str) -> Option<String> {
    let path = match found(site, "", rel)? {
        Published::Raster { fallback, .. } => fallback.last()?.path.clone(),
        Published::Svg { file } => file.path.clone(),
        Published::Document { .. } => return None,
    };
    Some(site.base.url(&path))
}
