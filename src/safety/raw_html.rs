//! Raw HTML written in a Markdown body: what in it could run script in a
//! reader's browser. Markdown allows raw HTML (`<span lang="en">`, `<abbr>`,
//! a `<table>` Markdown cannot make), and it is published as written, so
//! it is read here with the crate's HTML scanner, each problem at its byte
//! offset in the fragment:
//! - elements that run or load active content: `script`, `object`,
//!   `embed`, `applet`, `base` (it moves every relative link), `meta` (a
//!   refresh to any URL), `frame`, `frameset`, and SVG's `set` / `animate`
//!   when they change a link;
//! - event handler attributes (`onclick`, `onerror`, …) and `srcdoc`
//!   (a whole page written in an attribute);
//! - every attribute that holds a URL (`href`, `src`, `action`,
//!   `formaction`, `data`, `xlink:href`, `poster`, `srcset`, …) with a
//!   scheme other than those of [`super::text::ALLOWED_SCHEMES`], however
//!   it is spelled, escaped or split over lines.

use super::text::allowed_url;
use crate::html::scan::{Kind, Scanner};

/// Elements content may not hold.
const ELEMENTS: [&str; 8] = [
    "script", "object", "embed", "applet", "base", "meta", "frame", "frameset",
];

/// Attributes whose value is a URL (HTML, SVG, MathML).
const URL_ATTRIBUTES: [&str; 18] = [
    "href",
    "xlink:href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "ping",
    "codebase",
    "longdesc",
    "usemap",
    "lowsrc",
    "dynsrc",
    "manifest",
    "archive",
    "classid",
];

/// What is wrong at a byte offset of the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawHtmlProblem {
    /// An element of [`ELEMENTS`] (lowercased), or an SVG animation that
    /// changes a link.
    Element(String),
    /// An event handler or `srcdoc` attribute (lowercased).
    Attribute(String),
    /// A URL attribute (lowercased) with a forbidden scheme.
    Scheme { attribute: String, scheme: String },
}

/// The problems of a raw HTML fragment, each with its byte offset in it.
pub(crate) fn raw_html_problems(fragment: &str) -> Vec<(usize, RawHtmlProblem)> {
    let mut found = Vec::new();
    let mut scanner = Scanner::new(fragment);
    let offset_of = |s: &str| s.as_ptr() as usize - fragment.as_ptr() as usize;
    while let Some(token) = scanner.next_token() {
        let Kind::StartTag { name, .. } = token.kind else {
            continue;
        };
        let element = name.to_ascii_lowercase();
        let attributes = scanner.attributes();
        let animates_a_link = matches!(
            element.as_str(),
            "set" | "animate" | "animatemotion" | "animatetransform"
        ) && attributes.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("attributename") && v.to_ascii_lowercase().ends_with("href")
        });
        if ELEMENTS.contains(&element.as_str()) || animates_a_link {
            found.push((token.start, RawHtmlProblem::Element(element)));
            continue;
        }
        for &(attribute, value) in attributes {
            let lower = attribute.to_ascii_lowercase();
            let at = offset_of(attribute);
            if (lower.starts_with("on") && lower.len() > 2) || lower == "srcdoc" {
                found.push((at, RawHtmlProblem::Attribute(lower)));
                continue;
            }
            let urls: Vec<&str> = if lower == "srcset" || lower == "imagesrcset" {
                value
                    .split(',')
                    .filter_map(|candidate| candidate.split_whitespace().next())
                    .collect()
            } else if URL_ATTRIBUTES.contains(&lower.as_str()) {
                vec![value.trim_matches(['"', '\''])]
            } else {
                continue;
            };
            if let Some(scheme) = urls.into_iter().find_map(|u| allowed_url(u).err()) {
                found.push((
                    at,
                    RawHtmlProblem::Scheme {
                        attribute: lower,
                        scheme,
                    },
                ));
            }
        }
    }
    found
}

/// The raw-text element (`<textarea>`, `<style>`, `<title>`, `<xmp>`,
/// `<iframe>`, `<noembed>`, `<noframes>`, `<plaintext>`) that the raw HTML
/// of one body has opened and not closed yet, across its fragments: left
/// open, it turns the rest of the page, the theme's footer included, into
/// its text.
#[derive(Debug, Default)]
pub(crate) struct OpenRawText {
    open: Option<(usize, String)>,
}

impl OpenRawText {
    /// Reads the next raw HTML fragment of the body, at `offset` in it;
    /// returns the offset of a comment it opens and never closes (that one
    /// too hides the rest of the page).
    pub(crate) fn read(&mut self, fragment: &str, offset: usize) -> Option<usize> {
        let mut scanner = Scanner::new(fragment);
        let mut unclosed_comment = None;
        while let Some(token) = scanner.next_token() {
            match token.kind {
                Kind::StartTag {
                    name,
                    raw: true,
                    self_closing: false,
                } if self.open.is_none() => {
                    self.open = Some((offset + token.start, name.to_ascii_lowercase()));
                }
                Kind::EndTag { name }
                    if self
                        .open
                        .as_ref()
                        .is_some_and(|(_, open)| open.eq_ignore_ascii_case(name)) =>
                {
                    self.open = None;
                }
                Kind::Comment if !fragment[token.start..token.end].ends_with("-->") => {
                    unclosed_comment = Some(offset + token.start);
                }
                _ => {}
            }
        }
        unclosed_comment
    }

    /// The element left open at the end of the body, with its offset.
    pub(crate) fn left_open(self) -> Option<(usize, String)> {
        self.open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(html: &str) -> Vec<RawHtmlProblem> {
        raw_html_problems(html)
            .into_iter()
            .map(|(_, p)| p)
            .collect()
    }

    fn scheme(attribute: &str, scheme: &str) -> RawHtmlProblem {
        RawHtmlProblem::Scheme {
            attribute: attribute.into(),
            scheme: scheme.into(),
        }
    }

    #[test]
    fn script_urls_in_any_url_attribute_are_found_at_their_attribute() {
        let html = "<form action=\"javascript:alert(1)\"><button formaction=\"JAVASCRIPT:x\">";
        assert_eq!(
            problems(html),
            [
                scheme("action", "javascript"),
                scheme("formaction", "javascript")
            ]
        );
        assert_eq!(raw_html_problems(html)[0].0, html.find("action").unwrap());
        assert_eq!(
            problems("<object data=\"data:text/html,<script>x</script>\">"),
            [RawHtmlProblem::Element("object".into())]
        );
        assert_eq!(
            problems("<svg><a xlink:href=\"javascript:alert(4)\"><text>l</text></a></svg>"),
            [scheme("xlink:href", "javascript")]
        );
        // Split over lines, padded, escaped: read as a browser reads it.
        assert_eq!(
            problems("<a href=\"\tjava\nscript:alert(1)\">"),
            [scheme("href", "javascript")]
        );
        assert_eq!(
            problems("<a href=\" &#x20;javascript:x\">"),
            [scheme("href", "javascript")]
        );
        assert_eq!(
            problems("<a href=&#0;javascript:x>"),
            [scheme("href", "javascript")]
        );
        assert_eq!(
            problems("<img alt=\"\" srcset=\"a.png 1x, javascript:x 2x\">"),
            [scheme("srcset", "javascript")]
        );
    }

    #[test]
    fn scripts_handlers_and_active_elements_are_found() {
        assert_eq!(
            problems("<script>alert(1)</script>"),
            [RawHtmlProblem::Element("script".into())]
        );
        assert_eq!(
            problems("<img src=\"x.png\" alt=\"\" OnError=\"alert(2)\">"),
            [RawHtmlProblem::Attribute("onerror".into())]
        );
        assert_eq!(
            problems("<iframe srcdoc=\"<script>x</script>\"></iframe>"),
            [RawHtmlProblem::Attribute("srcdoc".into())]
        );
        assert_eq!(
            problems("<svg><set attributeName=\"href\" to=\"javascript:x\"/></svg>"),
            [RawHtmlProblem::Element("set".into())]
        );
        for element in ["embed", "base", "meta", "applet", "frameset"] {
            assert_eq!(
                problems(&format!("<{element} x=\"y\">")),
                [RawHtmlProblem::Element(element.into())]
            );
        }
    }

    #[test]
    fn ordinary_raw_html_passes() {
        for html in [
            "<span lang=\"en\">silver economy</span>",
            "<abbr title=\"Économie sociale et solidaire\">ESS</abbr>",
            "<a href=\"https://example.org/\">x</a> <a href=\"../autre/\">y</a>",
            "<a href=\"mailto:contact@example.org\">m</a> <img src=\"/i.png\" alt=\"\">",
            "<table><tr><th scope=\"col\">A</th></tr></table>",
            "<div data-x=\"javascript:x\" title=\"onclick\">texte</div>",
            "<!-- <script>commentaire</script> -->",
            "<svg><animate attributeName=\"opacity\" to=\"0\"/></svg>",
            "<p>ontology: 10 < 12</p>",
        ] {
            assert_eq!(problems(html), [], "{html}");
        }
    }

    #[test]
    fn a_raw_text_element_left_open_is_found_across_fragments() {
        let mut open = OpenRawText::default();
        assert_eq!(open.read("<textarea>", 7), None);
        assert_eq!(open.read("<b>", 20), None);
        assert_eq!(open.left_open(), Some((7, "textarea".to_string())));

        let mut closed = OpenRawText::default();
        closed.read("<TextArea>", 0);
        closed.read("</textarea>", 30);
        assert_eq!(closed.left_open(), None);

        let mut whole = OpenRawText::default();
        whole.read("<style>p { color: red }</style>\n<title>x</title>", 0);
        assert_eq!(whole.left_open(), None);

        let mut comments = OpenRawText::default();
        assert_eq!(comments.read("<!-- glossaire: off -->", 0), None);
        assert_eq!(comments.read("<!-->", 0), None);
        assert_eq!(comments.read("a <!-- jamais fermé", 10), Some(12));
    }
}
