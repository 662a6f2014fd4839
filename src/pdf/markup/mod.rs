//! Markdown bodies to Typst markup of our own.
//!
//! Text is never handed to Typst as markup: every character that Typst's
//! markup gives a meaning to is escaped, and the French typography of the
//! site ([`crate::typography`]) is applied to each block's text
//! first, so the printed volume has the same non-breaking spaces,
//! guillemets and apostrophes as the web pages.
//!
//! Links: `@/` links and `#anchors` to a page of the volume become links
//! to its label in the PDF; a glossary term's or PTCE's first occurrence in
//! the volume links to its entry in the annexes; other site pages get their
//! absolute URL when `base_url` has one, and stay plain text otherwise.

mod body;
mod writer;

pub(crate) use body::convert;

use crate::resolve::Site;
use crate::resolve::matcher::Target;
use crate::typography;
use std::collections::{BTreeSet, HashMap};

/// Escapes text for Typst markup: every punctuation character that could
/// start markup, a shorthand or continue an embedded expression.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '(' | ')' | '{'
            | '}' | '=' | '-' | '+' | '/' | '~' | '\'' | '"' | '.' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Typst string literal.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Typst label name: letters, digits, `-`, `_` and `.` only.
pub(crate) fn label(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        for c in p.trim_matches('/').chars() {
            out.push(match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
                '/' => '.',
                _ => '_',
            });
        }
    }
    out
}

/// The label of a page of the volume (`p.volume.chapitre`).
pub(crate) fn page_label(path: &str) -> String {
    label(&["p", path])
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "\u{2019}")
        .replace("&amp;", "&")
}

/// French typography on a plain string (titles, card fields), by the
/// site's own engine.
pub(crate) fn typo(text: &str) -> String {
    html_unescape(&typography::apply(&html_escape(text)))
}

/// What a converted body refers to across the volume.
pub(crate) struct VolumeLinks<'a> {
    pub(crate) site: &'a Site,
    /// Pages of the volume: page path → label.
    pub(crate) pages: HashMap<String, String>,
    /// Terms and PTCE already linked once in the volume.
    pub(crate) linked: BTreeSet<Target>,
    /// Images the volume embeds.
    pub(crate) images: Vec<Embedded>,
}

/// An image the printed volume embeds.
pub(crate) struct Embedded {
    /// Its path in the Typst project.
    pub(crate) path: String,
    /// What its bytes depend on, for the PDF's input key: the
    /// content-hashed path of the processed image (so an unchanged volume
    /// is recognised without reading its images), else a hash of the file.
    pub(crate) key: String,
    pub(crate) bytes: crate::media::Blob,
}

impl VolumeLinks<'_> {
    fn is_absolute(&self) -> bool {
        !self.site.base.origin.is_empty()
    }
}

/// One body converted: its markup, and where each block came from
/// (offset in the markup, offset in the body) for error messages.
pub(crate) struct Converted {
    pub(crate) markup: String,
    pub(crate) map: Vec<(usize, usize)>,
    /// Tables with more columns than a page holds: (offset in the body,
    /// columns).
    pub(crate) wide: Vec<(usize, usize)>,
}

/// The most columns a table may have on an A4 page: at 10.5 pt, nine
/// columns leave each about 4 cm less its padding, under ten characters.
pub(crate) const MAX_COLUMNS: usize = 8;

/// Where a body belongs.
pub(crate) struct BodyCx<'a> {
    /// The page's label, or `None` for text outside pages (PTCE summaries).
    pub(crate) label: Option<&'a str>,
    /// Its path from content/, to resolve relative images.
    pub(crate) rel: &'a str,
    /// The page's own path on the site.
    pub(crate) path: &'a str,
    pub(crate) glossary: bool,
    /// Highest heading level of the body's `##` headings.
    pub(crate) heading_base: u8,
}

/// The Typst expression of an image of `content/` referred to from the
/// page `page_rel` (as on the site: beside the page, else in
/// content/medias/), sized by `size` (Typst arguments), with its text alternative; an artifact
/// when the alternative is empty (decorative, as on the site). `None` when
/// the file is not one of the site's images.
pub(crate) fn image_expr(
    page_rel: &str,
    dest: &str,
    alt: &str,
    size: &str,
    vol: &mut VolumeLinks,
) -> Option<String> {
    let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let rooted = dest.strip_prefix("@/").or_else(|| dest.strip_prefix('/'));
    let rel = if let Some(r) = rooted {
        r.to_string()
    } else if let crate::media::Lookup::Found(found, _) = vol.site.media.lookup(page_rel, dest) {
        found.to_string()
    } else if dir.is_empty() {
        dest.to_string()
    } else {
        format!("{dir}/{dest}")
    };
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let supported = matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
    );
    if !supported {
        return None;
    }
    // The largest processed variant (as on the site: within the budget,
    // already in memory) rather than the original; its format may differ
    // from the original's, so its own extension is used.
    let processed = vol
        .site
        .media
        .published(&rel)
        .and_then(crate::media::Published::main_file);
    let (ext, key, bytes) = if let Some((path, bytes)) = processed {
        let ext = path.rsplit('.').next().unwrap_or(&ext).to_ascii_lowercase();
        (ext, path.to_string(), bytes.clone())
    } else {
        let found = vol.site.assets.iter().find(|(r, _)| *r == rel);
        let bytes = found.and_then(|(_, abs)| std::fs::read(abs).ok())?;
        (
            ext,
            crate::media::hash(&[&bytes]),
            crate::media::Blob::from(bytes),
        )
    };
    let path = format!("/images/{}.{ext}", vol.images.len());
    vol.images.push(Embedded {
        path: path.clone(),
        key,
        bytes,
    });
    Some(
        if alt.trim().is_empty() || crate::media::marks_decorative(alt) {
            format!("pdf.artifact(box(image({}, {size})))", string(&path))
        } else {
            format!(
                "box(image({}, alt: {}, {size}))",
                string(&path),
                string(alt)
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(escape("a*b_c"), "a\\*b\\_c");
        assert_eq!(escape("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(escape("https://x.fr"), "https\\:\\/\\/x\\.fr");
        assert_eq!(escape("é à"), "é à");
    }

    #[test]
    fn string_literals() {
        assert_eq!(string("a \"b\" \\"), "\"a \\\"b\\\" \\\\\"");
        assert_eq!(string("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn labels_are_typst_label_names() {
        assert_eq!(page_label("vol/chap/"), "p.vol.chap");
        assert_eq!(label(&["p.vol", "Été 2025"]), "p.vol._t__2025");
    }

    #[test]
    fn typography_is_the_sites() {
        assert_eq!(typo("Objectif : agir"), "Objectif\u{a0}: agir");
        assert_eq!(typo("l'ESS"), "l\u{2019}ESS");
    }
}
