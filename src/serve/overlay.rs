//! The error overlay shown over the last good page when a rebuild fails.
//! Everything from the content is escaped: a diagnostic may quote any text
//! an editor wrote, tags included.

use crate::diagnostic::Diagnostic;
use std::fmt::Write as _;

pub(crate) use crate::html::escape;

/// The overlay's HTML: one entry per diagnostic with its file, line,
/// message, source line and hint. The script styles it.
pub(crate) fn render(diags: &[Diagnostic]) -> String {
    let n = diags.len();
    let mut out = String::new();
    let _ = write!(
        out,
        "<h2>panorama: {n} error{s}</h2><p class=\"note\">The page shows the last \
         version that built. Fix the file and save: the error goes away by itself.</p><ol>",
        s = if n == 1 { "" } else { "s" }
    );
    for d in diags {
        let _ = write!(
            out,
            "<li><p class=\"loc\">{}</p><p class=\"msg\">{}</p>",
            escape(&d.location()),
            escape(&d.message)
        );
        if let (Some(line), Some(snippet)) = (d.line, &d.snippet) {
            let _ = write!(out, "<pre>{line} | {}</pre>", escape(snippet));
        }
        if let Some(hint) = &d.hint {
            let _ = write!(out, "<p class=\"hint\">help: {}</p>", escape(hint));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_from_the_content() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }

    #[test]
    fn shows_file_line_message_and_hint() {
        let d = Diagnostic::new("content/a<b>.md", "unknown field `<titel>`")
            .at(2, Some(1))
            .hint("did you mean `title`?")
            .with_source("---\n<titel>: x\n---\n");
        let html = render(&[d]);
        assert!(html.contains("<h2>panorama: 1 error</h2>"), "{html}");
        assert!(html.contains("content/a&lt;b&gt;.md:2:1"), "{html}");
        assert!(html.contains("unknown field `&lt;titel&gt;`"), "{html}");
        assert!(html.contains("<pre>2 | &lt;titel&gt;: x</pre>"), "{html}");
        assert!(html.contains("help: did you mean `title`?"), "{html}");
        assert!(!html.contains("<titel>"), "{html}");
    }
}
