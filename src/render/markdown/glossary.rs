//! Glossary and PTCE mentions in text: the first occurrence of a term on
//! a page links to its entry (acronyms get `<abbr title>`), the first of a
//! PTCE to the PTCE index; never inside headings, links or code.

use super::Rewriter;
use crate::html::escape;
use crate::paths::PTCE_PATH;
use crate::resolve::Site;
use crate::resolve::matcher::Target;
use pulldown_cmark::{CowStr, Event};
use std::ops::Range;

impl<'b> Rewriter<'b, '_> {
    /// A text event: plain text kept, notes checked, terms and PTCE linked.
    pub(super) fn text(&mut self, ev: &Event<'b>, t: &str, range: &Range<usize>) {
        self.result.text.push_str(t);
        self.result.text.push(' ');
        self.undefined_notes_in(t, range);
        let hits = self.cx.site.matcher.find(t);
        for h in &hits {
            if let Target::Ptce(p) = h.target {
                self.result.ptce.insert(p);
            }
        }
        let linkable = self.link_depth == 0 && self.image_depth == 0;
        if !linkable || hits.is_empty() {
            for h in &hits {
                if let Target::Term(t) = h.target
                    && self.glossary_on
                {
                    self.result.terms.insert(t);
                }
            }
            self.push(ev.clone());
            return;
        }
        let mut last = 0;
        let mut html = String::new();
        for h in hits {
            let matched = &t[h.start..h.end];
            if let Some(r) = self.mention_link(h.target, matched, h.acronym) {
                html.push_str(&escape(&t[last..h.start]));
                html.push_str(&r);
                last = h.end;
            }
        }
        if last == 0 {
            self.push(ev.clone());
        } else {
            html.push_str(&escape(&t[last..]));
            self.push(Event::InlineHtml(CowStr::from(html)));
        }
    }

    /// The link for a mention, on its first occurrence only.
    fn mention_link(&mut self, target: Target, matched: &str, acronym: bool) -> Option<String> {
        let site = self.cx.site;
        match target {
            Target::Term(term) if self.glossary_on && Some(term) != self.own_term => {
                self.result.terms.insert(term);
                self.linked_terms
                    .insert(term)
                    .then(|| term_link(site, term, matched, acronym))
            }
            Target::Ptce(p) if self.own_path != Some(PTCE_PATH) => {
                self.linked_ptce.insert(p).then(|| {
                    let url = site
                        .base
                        .url(&format!("{}#{}", PTCE_PATH, site.ptce[p].slug));
                    format!(
                        "<a class=\"ptce-link\" href=\"{}\">{}</a>",
                        escape(&url),
                        escape(matched)
                    )
                })
            }
            _ => None,
        }
    }
}

fn term_link(site: &Site, term: usize, matched: &str, acronym: bool) -> String {
    let t = &site.terms[term];
    let url = site.base.url(&site.pages[t.page].path);
    let inner = if acronym {
        format!(
            "<abbr title=\"{}\">{}</abbr>",
            escape(&t.term),
            escape(matched)
        )
    } else {
        escape(matched)
    };
    format!(
        "<a class=\"term-link\" href=\"{}\">{inner}</a>",
        escape(&url)
    )
}
