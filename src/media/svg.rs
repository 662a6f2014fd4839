//! SVG: published as it is, once it is known to be well-formed XML with an
//! `<svg>` root and nothing that runs: no `<script>`, no `<foreignObject>`,
//! no `on…` event attribute, no `javascript:` (or `data:` other than images)
//! in a link.

use super::MediaError;

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
    for node in doc.descendants().filter(roxmltree::Node::is_element) {
        let name = node.tag_name().name();
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("foreignObject") {
            return Err(unsafe_svg(&format!("a <{name}> element")));
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
        ] {
            assert!(check(bad).is_err(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
