//! Footnotes: references become numbered links, definitions a sources
//! list with links back; a note used but not defined, or defined but not
//! used, is an error.

use super::Rewriter;
use crate::diagnostic::Code;
use crate::html::escape;
use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event};
use std::collections::HashMap;

impl Rewriter<'_, '_> {
    /// `[^label]` in the text: a link to its note.
    pub(super) fn note_reference(&mut self, label: &str, offset: usize) {
        let label_s = label.to_string();
        // A PTCE summary shares its page with every other PTCE: it has no
        // sources list of its own.
        if self.cx.embedded.is_some() {
            self.diags.push(self.cx.diag(
                Code::UndefinedNote,
                offset,
                format!("a note `[^{label_s}]` in a PTCE summary: a summary has no list of sources"),
                "write the source in the sentence (« selon … »), or on the PTCE's register (`register: source:`)",
            ));
            // Its definition, if any, is not « never referred to ».
            *self.note_refs.entry(label_s).or_insert(0) += 1;
            return;
        }
        if !self.defined_notes.contains(&label_s) {
            self.diags.push(self.cx.diag(
                Code::UndefinedNote,
                offset,
                format!("the note `[^{label_s}]` is used but never defined"),
                &format!("add a line `[^{label_s}]: Source : …` at the end of the file, or remove the reference"),
            ));
        }
        let n = self.note_refs.entry(label_s.clone()).or_insert(0);
        *n += 1;
        let slug = slugify(&label_s);
        let ref_id = if *n == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{n}")
        };
        self.push(Event::InlineHtml(CowStr::from(format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" aria-label=\"Source {label}\">{label}</a></sup>",
            label = escape(&label_s)
        ))));
    }

    /// Text that looks like `[^label]`: pulldown-cmark leaves a reference
    /// to an undefined note as plain text; report it rather than print it.
    pub(super) fn undefined_notes_in(&mut self, t: &str, range: &std::ops::Range<usize>) {
        for label in undefined_note_refs(t) {
            let at = self.body[range.clone()]
                .find(&format!("[^{label}]"))
                .map_or(range.start, |o| range.start + o);
            self.diags.push(self.cx.diag(
                Code::UndefinedNote,
                at,
                format!("the note `[^{label}]` is used but never defined"),
                &format!("add a line `[^{label}]: Source : …` at the end of the file, or remove the reference"),
            ));
        }
    }

    /// The sources list, empty when the body has no notes.
    pub(super) fn sources_list(&mut self) -> String {
        let notes = std::mem::take(&mut self.notes);
        let (cx, note_refs, diags) = (self.cx, &self.note_refs, &mut self.diags);
        if notes.is_empty() {
            return String::new();
        }
        {
            let mut html = String::from("<ol class=\"footnotes-list\">\n");
            let mut slugs: HashMap<String, String> = HashMap::new();
            for (label, body, offset) in notes {
                let slug = slugify(&label);
                if let Some(first) = slugs.get(&slug) {
                    let same = if *first == label {
                        String::new()
                    } else {
                        format!(" (`[^{first}]` and `[^{label}]` make the same anchor)")
                    };
                    diags.push(cx.diag(
                        Code::DuplicateNote,
                        offset,
                        format!("the note `[^{label}]` is defined twice{same}"),
                        "keep one definition; give the other source its own label, e.g. the next free number",
                    ));
                    continue;
                }
                slugs.insert(slug.clone(), label.clone());
                if !note_refs.contains_key(&label) {
                    diags.push(cx.diag(
                    Code::UnusedNote,
                    offset,
                    format!("the note `[^{label}]` is defined but never referred to"),
                    &format!(
                        "add `[^{label}]` after the sentence it supports, or remove the definition"
                    ),
                ));
                }
                let value = label
                    .parse::<u32>()
                    .map(|n| format!(" value=\"{n}\""))
                    .unwrap_or_default();
                let mut inner = String::new();
                pulldown_cmark::html::push_html(&mut inner, body.into_iter());
                let backs: String = (1..=note_refs.get(&label).copied().unwrap_or(0))
                .map(|n| {
                    let id = if n == 1 { format!("fnref-{slug}") } else { format!("fnref-{slug}-{n}") };
                    format!(" <a class=\"footnote-back\" href=\"#{id}\" aria-label=\"Retour au texte (note {})\">↩</a>", escape(&label))
                })
                .collect();
                let inner = inner.trim_end();
                let inner = match inner.strip_suffix("</p>") {
                    Some(start) => format!("{start}{backs}</p>"),
                    None => format!("{inner}{backs}"),
                };
                html.push_str(&format!("<li id=\"fn-{slug}\"{value}>{inner}</li>\n"));
            }
            html.push_str("</ol>\n");
            html
        }
    }
}

/// Labels of `[^label]` left as text (no definition in the file).
fn undefined_note_refs(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(pos) = rest.find("[^") {
        let after = &rest[pos + 2..];
        match after.find(']') {
            Some(end) if end > 0 && !after[..end].contains(char::is_whitespace) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    out
}
