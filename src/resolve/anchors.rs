//! The anchors of a page (heading ids and note ids), owned by the stage
//! that resolves links: `@/page.md#anchor` is checked against them before
//! any page is rendered, and render gives headings the same ids with the
//! same [`HeadingIds`].

use crate::slug::slugify;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses `body` with adjacent text events merged, so that a term spanning
/// two events (pulldown-cmark splits text at some punctuation) is found.
pub(crate) fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event, Range<usize>)> = Vec::new();
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        // A soft line break inside a paragraph is text too (it renders as
        // a newline), so a term broken over two source lines still matches.
        let ev = match ev {
            Event::SoftBreak => Event::Text(CowStr::from("\n")),
            other => other,
        };
        if let Event::Text(t) = &ev
            && let Some((Event::Text(prev), prev_range)) = out.last_mut()
            && prev_range.end == range.start
        {
            let merged = format!("{prev}{t}");
            *prev = CowStr::from(merged);
            prev_range.end = range.end;
            continue;
        }
        out.push((ev, range));
    }
    out
}

/// Assigns unique heading ids in document order: explicit `{#id}` first,
/// otherwise the slug of the heading text.
pub(crate) struct HeadingIds {
    used: HashMap<String, usize>,
}

/// Ids the default theme gives its own elements: a heading of the body
/// with the same text gets `-2`, so the page keeps unique ids.
pub(crate) const THEME_IDS: &[&str] = &[
    "contenu",
    "sources",
    "sommaire",
    "fiche-titre",
    "chiffres-titre",
    "acteurs-titre",
    "voir-aussi",
    "utilise-dans",
    "panoramas-titre",
    "etat",
    "retour",
    "recours",
    "navigation",
    "recherche",
    "pied",
];

impl HeadingIds {
    pub(crate) fn new() -> Self {
        HeadingIds {
            used: THEME_IDS.iter().map(|id| (id.to_string(), 1)).collect(),
        }
    }

    pub(crate) fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            }
        };
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}

/// The heading text of the events between a heading's start and end.
pub(crate) fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (ev, _) in events {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

/// Every anchor of a body (headings and notes), from one parse.
pub(crate) fn page_anchors(body: &str) -> BTreeSet<String> {
    let evs = events(body);
    let mut ids = HeadingIds::new();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < evs.len() {
        match &evs[i].0 {
            Event::Start(Tag::Heading { id, .. }) => {
                let end = find_end(&evs, i);
                out.insert(ids.assign(id.as_deref(), &plain_text(&evs[i + 1..end])));
                i = end;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                out.insert(format!("fn-{}", slugify(label)));
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Index of the event closing the one opened at `start`.
pub(crate) fn find_end(evs: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (ev, _)) in evs.iter().enumerate().skip(start) {
        match ev {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    evs.len().saturating_sub(1)
}
