//! HTML escaping, shared by every module that writes HTML or XML by hand
//! (Markdown rewriting, highlighting, feeds, open data, the serve overlay);
//! and, in `scan`, the one scanner that reads finished pages (typography
//! and the search index's extraction).

pub(crate) mod scan;

/// `s` safe inside element text and inside a double- or single-quoted
/// attribute value.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}
