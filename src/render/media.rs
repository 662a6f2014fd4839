//! The HTML of a processed image (`<picture>` with `srcset`, `sizes`,
//! explicit `width`/`height`) and of a download link, for Markdown bodies
//! and for the typed places of templates (logo, photo, cover).

use crate::html::escape;
use crate::media::{Published, Variant};
use crate::resolve::Site;

/// How an image is laid out: the `sizes` it is given and whether it is
/// loaded at once (the first image of a page) or lazily.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement {
    pub sizes: &'static str,
    pub eager: bool,
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
    let (text, credit) = match caption.find('©') {
        Some(i) => (caption[..i].trim(), Some(caption[i..].trim())),
        None => (caption.trim(), None),
    };
    let mut out = format!(r#"<figure class="media">{picture}<figcaption>"#);
    out.push_str(&escape(text));
    if let Some(c) = credit {
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
