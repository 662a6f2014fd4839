//! Live reload: the script injected into served pages and the server-sent
//! events it listens to.
//!
//! The script names the page it was served with (`data-page`), so a rebuild
//! only reloads the pages whose bytes changed, and a stylesheet change is
//! applied in place. It only listens while its tab is visible (browsers
//! allow six connections per server, and each open stream takes one); when
//! it connects again it gives its page's version and is reloaded if that
//! page changed meanwhile, or while the server was restarted. Event payloads are plain lines (no JSON needed): paths
//! for `reload`, escaped HTML for `build-error`.

/// Reserved URLs of the preview server, outside any site path.
pub(crate) const SCRIPT_URL: &str = "/__panorama/reload.js";
pub(crate) const EVENTS_URL: &str = "/__panorama/events";

/// The browser side.
pub(crate) const SCRIPT: &str = include_str!("reload.js");

use crate::serve::overlay::escape;

/// In a `reload` event: every page.
pub(crate) const ALL_PAGES: &str = "*";

/// How the script is told about the page it was served with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PageTag<'a> {
    /// The served file's URL, %-encoded: `/glossaire/index.html`.
    pub(crate) page: &'a str,
    /// A digest of the page's bytes as built: on (re)connecting, the page
    /// tells it, and is reloaded if the server has another one.
    pub(crate) version: &'a str,
    /// Reload on any change (the 404 page served for a missing URL, which
    /// may exist after the next save).
    pub(crate) any: bool,
}

/// Inserts the reload script before the last `</body>` (any case), or at
/// the end when there is none.
pub(crate) fn inject(html: &[u8], tag: &PageTag<'_>) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_URL}\" data-page=\"{}\" data-version=\"{}\"{}></script>",
        escape(tag.page),
        escape(tag.version),
        if tag.any { " data-any" } else { "" }
    );
    let at = rfind_ignore_case(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// FNV-1a: a stable digest (the same from one run of the server to the
/// next), for telling versions of a page apart, not for security.
pub(crate) fn digest(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// A message to the open pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// These served URLs (%-encoded) changed, or `*` for all.
    Reload(Vec<String>),
    /// The build failed: the overlay's HTML.
    BuildError(String),
    /// The error is gone and no page changed.
    Clear,
}

impl Event {
    /// The event in `text/event-stream` form. Each line of the payload is
    /// a `data:` line; the browser joins them back with `\n`.
    pub(crate) fn to_sse(&self) -> String {
        let (name, data) = match self {
            Event::Reload(paths) => ("reload", paths.join("\n")),
            Event::BuildError(html) => ("build-error", html.clone()),
            Event::Clear => ("clear", "ok".to_string()),
        };
        let mut out = format!("event: {name}\n");
        // An event with no data is never dispatched by browsers.
        let data = if data.is_empty() { "-".into() } else { data };
        // CR, LF and CRLF all end a line of an event stream: a bare CR
        // left in a payload would cut the event short.
        let data = data.replace("\r\n", "\n").replace('\r', "\n");
        for line in data.split('\n') {
            out.push_str("data: ");
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAG: PageTag<'static> = PageTag {
        page: "/a/index.html",
        version: "v1",
        any: false,
    };

    #[test]
    fn injects_before_the_last_body_end() {
        let out = inject(b"<html><body><p>x</p></BODY></html>", &TAG);
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/__panorama/reload.js\" \
             data-page=\"/a/index.html\" data-version=\"v1\"></script></BODY></html>"
        );
        // A `</body>` inside the content does not fool it.
        let out = inject(b"<body><code>&lt;/body&gt;</code></body>", &TAG);
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with("</script></body>"), "{out}");
    }

    #[test]
    fn appends_without_body_and_escapes_the_page() {
        let tag = PageTag {
            page: "/a\"b/",
            version: "v",
            any: true,
        };
        let out = String::from_utf8(inject(b"<p>fragment</p>", &tag)).unwrap();
        assert!(out.starts_with("<p>fragment</p><script"), "{out}");
        assert!(out.contains("data-page=\"/a&quot;b/\""), "{out}");
        assert!(out.ends_with(" data-any></script>"), "{out}");
        assert_eq!(inject(b"", &TAG).len(), inject(b"x", &TAG).len() - 1);
    }

    #[test]
    fn digests_are_stable() {
        assert_eq!(digest(b""), "cbf29ce484222325");
        assert_eq!(digest(b"a"), "af63dc4c8601ec8c");
        assert_ne!(digest(b"page 1"), digest(b"page 2"));
    }

    #[test]
    fn sse_lines() {
        let e = Event::Reload(vec!["/a/index.html".into(), "/static/style.css".into()]);
        assert_eq!(
            e.to_sse(),
            "event: reload\ndata: /a/index.html\ndata: /static/style.css\n\n"
        );
        let e = Event::BuildError("<p>a</p>\r\n<p>b</p>".into());
        assert_eq!(
            e.to_sse(),
            "event: build-error\ndata: <p>a</p>\ndata: <p>b</p>\n\n"
        );
        let e = Event::BuildError("titre\r: <b>\rfin".into());
        assert_eq!(
            e.to_sse(),
            "event: build-error\ndata: titre\ndata: : <b>\ndata: fin\n\n"
        );
        assert_eq!(Event::Clear.to_sse(), "event: clear\ndata: ok\n\n");
        assert_eq!(Event::Reload(vec![]).to_sse(), "event: reload\ndata: -\n\n");
    }
}
