//! SVG: published as it is, once it is known to be well-formed XML with an
//! `<svg>` root and nothing that runs: no `<script>`, no `<foreignObject>`,
//! no `handler`/`listener` (SVG Tiny's scripts), no element of XSLT or
//! XHTML, no `<?xml-stylesheet?>` instruction (an XSLT stylesheet, even the
//! file itself, can write a script into the drawing when it is opened), no
//! `on…` event attribute, no `javascript:` (or `data:` other than images)
//! in a link.

use super::MediaError;

/// Namespaces whose elements an SVG image of the site may not hold: XSLT
/// (a transformation can write any element, scripts included) and XHTML
/// (HTML elements, scripts and frames among them).
const XSLT: &str = "http://www.w3.org/1999/XSL/Transform";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// Checks an SVG; its width and height (from `width`/`height` or the
/// `viewBox`), 0 when it gives none.
pub(super) fn check(bytes: &[u8]) -> Result<(u32, u32), MediaError> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        MediaError::new(
            "the SVG file is not UTF-8 text",
            "export the drawing again as SVG (UTF-8)",
        )
    })?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| {
        MediaError::new(
            format!("the SVG file is not well-formed XML: {e}"),
            "export the drawing again from its editor",
        )
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(MediaError::new(
            format!(
                "the file's root element is <{}>, not <svg>",
                root.tag_name().name()
            ),
            "export the drawing again as SVG",
        ));
    }
    refuse_active(&doc)?;
    let size = |name: &str| -> Option<u32> {
        let v = root.attribute(name)?;
        let n: f64 = v.trim_end_matches("px").trim().parse().ok()?;
        (n > 0.0 && n < 100_000.0).then(|| n.round() as u32)
    };
    let view_box = root.attribute("viewBox").and_then(|vb| {
        let n: Vec<f64> = vb
            .split([' ', ','])
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        (n.len() == 4 && n[2] > 0.0 && n[3] > 0.0 && n[2] < 100_000.0 && n[3] < 100_000.0)
            .then(|| (n[2].round() as u32, n[3].round() as u32))
    });
    Ok(match (size("width"), size("height"), view_box) {
        (Some(w), Some(h), _) => (w, h),
        (_, _, Some(vb)) => vb,
        _ => (0, 0),
    })
}

/// Anything in the drawing that could run: see the module's list.
fn refuse_active(doc: &roxmltree::Document) -> Result<(), MediaError> {
    if let Some(pi) = doc
        .descendants()
        .filter_map(|n| n.pi())
        .find(|pi| pi.target.eq_ignore_ascii_case("xml-stylesheet"))
    {
        return Err(unsafe_svg(&format!(
            "a <?{}?> instruction (a stylesheet can write a script into the drawing)",
            pi.target
        )));
    }
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if ["script", "foreignObject", "handler", "listener"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
        {
            return Err(unsafe_svg(&format!("a <{name}> element")));
        }
        if let Some(ns) = node
            .tag_name()
            .namespace()
            .filter(|ns| [XSLT, XHTML].contains(ns))
        {
            return Err(unsafe_svg(&format!("a <{name}> element of {ns}")));
        }
        for attr in node.attributes() {
            let a = attr.name().to_ascii_lowercase();
            if a.starts_with("on") {
                return Err(unsafe_svg(&format!("an event attribute `{}`", attr.name())));
            }
            let v: String = attr
                .value()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if v.contains("javascript:")
                || (v.starts_with("data:") && !v.starts_with("data:image/"))
            {
                return Err(unsafe_svg(&format!("a `{}` link to a script", attr.name())));
            }
        }
    }
    Ok(())
}

fn unsafe_svg(what: &str) -> MediaError {
    MediaError::new(
        format!("the SVG holds {what}: scripts are refused in content"),
        "remove it (an SVG image of the site is a drawing, never a program), or export the drawing again as a plain SVG",
    )
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn scripts_and_handlers_are_refused() {
        let ok = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="4" height="4"/></svg>"#;
        assert_eq!(check(ok), Ok((40, 20)));
        for bad in [
            &br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#[..],
            br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href=" javascript:alert(1)"><text>x</text></a></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><rect"#,
            b"<html/>",
            // An XSLT stylesheet (here the file itself) that writes a script.
            br#"<?xml-stylesheet type="text/xsl" href="x.svg"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xsl:version="1.0"><xsl:element name="script" namespace="http://www.w3.org/2000/svg">alert(1)</xsl:element></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:value-of select="1"/></svg>"#,
            br#"<?xml-stylesheet href="s.css"?><svg xmlns="http://www.w3.org/2000/svg"/>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:iframe src="x"/></svg>"#,
            br#"<svg xmlns="http://www.w3.org/2000/svg"><handler type="application/ecmascript">alert(1)</handler></svg>"#,
        ] {
            assert!(check(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
