//! The markup of one block: inline pieces collected, then written out with
//! the site's typography applied across them; the `<span lang>` passages of
//! raw HTML.

use super::{escape, html_escape, html_unescape, string};
use crate::typography;

/// Inline content waiting for the end of its block.
pub(super) enum Piece {
    Text(String),
    Code(String),
    Mark(String),
    /// A passage in another language starts (its Typst `text(..)[`) or
    /// ends; kept balanced within each block.
    LangOpen(String),
    LangClose,
}

/// Collects a block's inline pieces, then writes them out with the
/// typography applied across them (text flows across emphasis and links
/// as it does across inline HTML tags).
#[derive(Default)]
pub(super) struct Writer {
    pub(super) out: String,
    pub(super) pieces: Vec<Piece>,
}

impl Writer {
    pub(super) fn text(&mut self, t: &str) {
        self.pieces.push(Piece::Text(t.to_string()));
    }

    pub(super) fn mark(&mut self, m: impl Into<String>) {
        self.pieces.push(Piece::Mark(m.into()));
    }

    pub(super) fn block(&mut self, m: &str) {
        self.flush();
        self.out.push_str(m);
    }

    pub(super) fn flush(&mut self) {
        if self.pieces.is_empty() {
            return;
        }
        // A void inline element between pieces: the typography engine sees
        // one flow of text and never inserts anything at a boundary.
        let html: Vec<String> = self
            .pieces
            .iter()
            .map(|p| match p {
                Piece::Text(t) => html_escape(t),
                Piece::Code(c) => format!("<code>{}</code>", html_escape(c)),
                Piece::Mark(_) | Piece::LangOpen(_) | Piece::LangClose => String::new(),
            })
            .collect();
        let done = typography::apply(&html.join("<wbr>"));
        let parts: Vec<&str> = done.split("<wbr>").collect();
        let same = parts.len() == self.pieces.len();
        let mut open_langs = 0usize;
        for (i, p) in std::mem::take(&mut self.pieces).into_iter().enumerate() {
            match p {
                Piece::Text(t) => {
                    let t = if same { html_unescape(parts[i]) } else { t };
                    self.out.push_str(&escape(&t));
                }
                Piece::Code(c) => {
                    self.out.push_str("#raw(");
                    self.out.push_str(&string(&c));
                    self.out.push(')');
                }
                Piece::Mark(m) => self.out.push_str(&m),
                Piece::LangOpen(m) => {
                    open_langs += 1;
                    self.out.push_str(&m);
                }
                Piece::LangClose if open_langs > 0 => {
                    open_langs -= 1;
                    self.out.push(']');
                }
                Piece::LangClose => {}
            }
        }
        // A passage left open at the end of its block ends with it.
        for _ in 0..open_langs {
            self.out.push(']');
        }
    }
}

/// The `span` tags of a raw HTML fragment, in order: `Some(markup)` for a
/// `<span lang>` with a valid tag (the Typst call opening the passage),
/// `None` for another `<span>`; `Err(())` for `</span>`.
pub(super) fn spans(html: &str) -> Vec<Result<Option<String>, ()>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = lower[i..].find('<').map(|p| p + i) {
        let rest = &lower[lt + 1..];
        let end = rest.find('>').map_or(lower.len(), |e| lt + 1 + e + 1);
        if rest.starts_with("/span") {
            out.push(Err(()));
        } else if rest.starts_with("span")
            && rest[4..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        {
            let tag = &html[lt..end];
            let lang = crate::lang::attributes(tag)
                .into_iter()
                .find_map(|(_, _, v)| crate::lang::parse(v));
            out.push(Ok(lang.map(|t| {
                let region = t
                    .region
                    .filter(|r| r.len() == 2)
                    .map_or(String::new(), |r| format!(", region: {}", string(&r)));
                format!("#text(lang: {}{region})[", string(&t.language))
            })));
        }
        i = end.min(lower.len());
        if i >= lower.len() {
            break;
        }
    }
    out
}
