//! Images of a body: a file of content/ referred to by its path from the
//! page's folder becomes a processed `<picture>`; its text alternative is
//! required (`![""](…)` marks a decorative image); a title
//! (`![…](photo.jpg "Légende. © Auteur")`) makes it a `<figure>` with a
//! caption and a credit.

use super::{BodyContext, Rewriter};
use crate::diagnostic::{Code, Diagnostic};
use crate::media::{Lookup, Published};
use crate::render::media::{PROSE_SIZES, Placement, figure, picture};
use crate::resolve::anchors::{find_end, plain_text};
use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// A destination that names a file of content/ (not a URL, not `@/`, not
/// a site-absolute path).
pub(super) fn is_local(dest: &str) -> bool {
    !(dest.contains(':')
        || dest.starts_with('/')
        || dest.starts_with("@/")
        || dest.starts_with('#')
        || dest.is_empty())
}

/// A destination that names a media file of content/: relative to the
/// page (checked when the page is rendered), or site-rooted
/// (`/volume/photos/a.jpg`) and naming a file of content/ — processed the
/// same way. Other site-rooted paths (`/static/…` of the theme) are left
/// to the link check.
pub(super) fn names_content_file(dest: &str, cx: &BodyContext) -> bool {
    is_local(dest)
        || crate::media::site_rooted(dest)
            .and_then(|r| crate::media::join("", r))
            .is_some_and(|rel| cx.site.media.contains(&rel))
}

/// For an image (`![…](…)`): also a site-rooted path of an image file
/// outside the theme's `/static/` and the published `/medias/`, which can
/// only mean a file of content/ — missing, it is reported at its line with
/// the closest file, in the relative form.
pub(super) fn image_names_content_file(dest: &str, cx: &BodyContext) -> bool {
    names_content_file(dest, cx)
        || crate::media::site_rooted(dest).is_some_and(|r| {
            !r.starts_with(crate::paths::STATIC_DIR)
                && !r.starts_with(crate::paths::MEDIA_DIR)
                && matches!(
                    crate::media::Kind::of(r.split(['?', '#']).next().unwrap_or(r)),
                    Some(
                        crate::media::Kind::Jpeg
                            | crate::media::Kind::Png
                            | crate::media::Kind::Webp
                            | crate::media::Kind::Svg
                    )
                )
        })
}

/// The text alternative written for the image at `i`: `Some("")` when the
/// image is marked decorative, `None` when there is none.
fn alt_text(evs: &[(Event, Range<usize>)], i: usize) -> Option<String> {
    let end = find_end(evs, i);
    let alt = plain_text(&evs[i + 1..end]);
    let alt = alt.trim();
    match alt {
        "" => None,
        a if crate::media::marks_decorative(a) => Some(String::new()),
        a => Some(a.to_string()),
    }
}

/// For an image that is not a file of content/: an error when it has no
/// text alternative.
pub(super) fn check_alt(
    evs: &[(Event, Range<usize>)],
    i: usize,
    cx: &BodyContext,
    offset: usize,
) -> Option<Diagnostic> {
    alt_text(evs, i).is_none().then(|| missing_alt(cx, offset))
}

pub(super) fn missing_alt(cx: &BodyContext, offset: usize) -> Diagnostic {
    cx.diag(
        Code::ImageAlt,
        offset,
        "this image has no text alternative".into(),
        "write what the image tells the reader between the brackets: `![Façade de la boutique](…)`; for a purely decorative image, write `![\"\"](…)`",
    )
}

/// Raw HTML written in a body holding an `<img>` without an `alt`
/// attribute (`alt=""` is an explicit decorative image and is accepted).
pub(super) fn raw_img_without_alt(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<img") {
        let tag = &rest[i..];
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        let tag = &tag[..end];
        let has_alt = tag
            .split(|c: char| c.is_ascii_whitespace() || c == '/')
            .any(|attr| attr == "alt" || attr.starts_with("alt="));
        if !has_alt {
            return true;
        }
        rest = &rest[i + end..];
    }
    false
}

/// A raw `<img src="…">` naming a media file of content/: panorama
/// processes images written in Markdown only, so the raw tag would point
/// at a file that is not published there. An error at the attribute, with
/// the Markdown to write.
pub(super) fn raw_img_of_content(
    fragment: &str,
    offset: usize,
    cx: &BodyContext,
) -> Vec<Diagnostic> {
    use crate::html::scan::{Kind, Scanner};
    let mut found = Vec::new();
    let mut scanner = Scanner::new(fragment);
    while let Some(token) = scanner.next_token() {
        let Kind::StartTag { name, .. } = token.kind else {
            continue;
        };
        if !name.eq_ignore_ascii_case("img") {
            continue;
        }
        let attrs = scanner.attributes();
        let alt = attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("alt"))
            .map_or("", |(_, v)| v.trim_matches(['"', '\'']));
        for &(attr, value) in attrs {
            let src = value.trim_matches(['"', '\'']).trim();
            if !attr.eq_ignore_ascii_case("src") || !image_names_content_file(src, cx) {
                continue;
            }
            let known = !matches!(
                cx.site.media.lookup(cx.source_rel(), src),
                crate::media::Lookup::Missing(_) | crate::media::Lookup::Outside
            );
            if known {
                let at = offset + (attr.as_ptr() as usize - fragment.as_ptr() as usize);
                found.push(cx.diag(
                    Code::BadMedia,
                    at,
                    format!(
                        "a raw `<img src=\"{src}\">`: images of content/ are published only when written in Markdown"
                    ),
                    &format!("write `![{}]({src})`: the image is then resized, given its size and a text alternative", if alt.is_empty() { "Texte alternatif" } else { alt }),
                ));
            }
        }
    }
    found
}

/// What an image of content/ was published as; `None`, with the error,
/// when it is missing, out of content/, broken, or a document.
fn published_image<'s>(
    cx: &BodyContext<'s>,
    dest: &str,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'s Published> {
    let published = match cx.site.media.lookup(cx.source_rel(), dest) {
        Lookup::Found(_, Ok(p)) => p,
        Lookup::Found(rel, Err(e)) => {
            diags.push(cx.diag(
                Code::BadMedia,
                offset,
                format!("image `{dest}` (content/{rel}): {}", e.message),
                &e.hint,
            ));
            return None;
        }
        Lookup::Missing(near) => {
            let hint = match near {
                Some(n) => format!("did you mean `{n}`? The path starts from the folder of this page"),
                None => "put the image beside the page (or in content/medias/) and write its path from the page's folder, e.g. `photos/boutique.jpg`".into(),
            };
            let message = if crate::media::site_rooted(dest).is_some() {
                format!(
                    "image `{dest}`: no such file in content/ (a path starting with `/` is read from content/)"
                )
            } else {
                format!("image `{dest}`: no such file beside this page or in content/medias/")
            };
            diags.push(cx.diag(Code::MissingMedia, offset, message, &hint));
            return None;
        }
        Lookup::Unsupported(rel) => {
            let (message, hint) = crate::media::unsupported(dest, &rel);
            diags.push(cx.diag(Code::BadMedia, offset, format!("image {message}"), hint));
            return None;
        }
        Lookup::Outside => {
            diags.push(cx.diag(
                Code::MissingMedia,
                offset,
                format!("image `{dest}`: the path leads out of content/"),
                "images are files of content/: copy the image beside the page",
            ));
            return None;
        }
    };
    if matches!(published, Published::Document { .. }) {
        diags.push(cx.diag(
            Code::BadMedia,
            offset,
            format!("`{dest}` is a document, not an image"),
            "link to it for download: `[Télécharger la charte](charte.pdf)`",
        ));
        return None;
    }
    Some(published)
}

impl<'b> Rewriter<'b, '_> {
    /// A local image: checked, replaced by its processed HTML. Returns the
    /// index of the next event.
    pub(super) fn image(
        &mut self,
        evs: &[(Event<'b>, Range<usize>)],
        i: usize,
        _link_type: LinkType,
        dest: &str,
        title: &str,
    ) -> usize {
        let end = find_end(evs, i);
        let offset = evs[i].1.start;
        let cx = self.cx;
        let alt = alt_text(evs, i);
        if alt.is_none() {
            self.diags.push(missing_alt(cx, offset));
        }
        let standalone = i > 0
            && matches!(evs[i - 1].0, Event::Start(Tag::Paragraph))
            && matches!(evs.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
        let caption = title.trim();
        if !caption.is_empty() && !standalone {
            self.diags.push(cx.diag(
                Code::ImageAlt,
                offset,
                "an image with a caption must stand alone in its paragraph".into(),
                "put the image on a line of its own, with an empty line before and after it",
            ));
        }
        let Some(published) = published_image(cx, dest, offset, &mut self.diags) else {
            return end + 1;
        };
        let alt = alt.unwrap_or_default();
        self.result.text.push_str(&alt);
        let place = Placement {
            sizes: PROSE_SIZES,
            eager: self.images == 0,
        };
        self.images += 1;
        let html = picture(cx.site, published, &alt, place);
        if standalone && !caption.is_empty() {
            // The figure replaces the paragraph around the image.
            let target = match &mut self.in_note {
                Some((_, v, _)) => v,
                None => &mut self.out,
            };
            if matches!(target.last(), Some(Event::Start(Tag::Paragraph))) {
                target.pop();
            }
            self.push(Event::Html(figure(&html, caption).into()));
            return end + 2;
        }
        self.push(Event::InlineHtml(html.into()));
        end + 1
    }
}

#[cfg(test)]
mod tests {
    use super::raw_img_without_alt;

    #[test]
    fn raw_images_need_an_alt_attribute() {
        assert!(raw_img_without_alt(r#"<img src="a.png">"#));
        assert!(raw_img_without_alt(
            r#"<p><img src="a.png" alt="x"><IMG SRC=b.png></p>"#
        ));
        assert!(!raw_img_without_alt(r#"<img src="a.png" alt="">"#));
        assert!(!raw_img_without_alt(r#"<img alt="Logo" src="a.png"/>"#));
        assert!(!raw_img_without_alt("<p>no image</p>"));
    }
}
