//! One Markdown body walked event by event into Typst markup: headings
//! with the site's ids, emphasis, links, lists, tables, code, notes, and
//! glossary and PTCE mentions linked to the annexes.

use super::writer::{Piece, Writer, spans};
use super::{BodyCx, Converted, MAX_COLUMNS, VolumeLinks, image_expr, label, string};
use crate::resolve::anchors::{find_end, options, plain_text};
use crate::resolve::matcher::Target;
use crate::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// Converts a Markdown body.
pub(crate) fn convert(body: &str, cx: &BodyCx, vol: &mut VolumeLinks) -> Converted {
    let evs = events(body);
    // Notes first: each is written where it is cited.
    let mut notes: HashMap<String, String> = HashMap::new();
    let mut i = 0;
    while i < evs.len() {
        if let Event::Start(Tag::FootnoteDefinition(l)) = &evs[i].0 {
            let end = find_end(&evs, i);
            let mut c = Conv::new(cx, false);
            c.run(&evs[i + 1..end], vol, &HashMap::new());
            c.w.flush();
            notes.insert(l.to_string(), c.w.out.trim().to_string());
            i = end;
        }
        i += 1;
    }
    let mut c = Conv::new(cx, cx.glossary);
    c.run(&evs, vol, &notes);
    c.w.flush();
    Converted {
        markup: c.w.out,
        map: c.map,
        wide: c.wide,
    }
}

/// Heading ids as the site assigns them, so `#anchor` links agree.
struct HeadingIds {
    used: HashMap<String, usize>,
}

impl HeadingIds {
    fn new() -> Self {
        HeadingIds {
            used: crate::resolve::anchors::THEME_IDS
                .iter()
                .map(|id| (id.to_string(), 1))
                .collect(),
        }
    }

    fn assign(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = match explicit {
            Some(id) if !id.is_empty() => id.to_string(),
            _ => {
                let s = slugify(text);
                if s.is_empty() { "section".into() } else { s }
            }
        };
        let n = self.used.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }
}

/// Events with adjacent text merged (a term may span two text events).
fn events(body: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out: Vec<(Event, Range<usize>)> = Vec::new();
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let ev = match ev {
            Event::SoftBreak => Event::Text(CowStr::from(" ")),
            other => other,
        };
        if let Event::Text(t) = &ev
            && let Some((Event::Text(prev), prev_range)) = out.last_mut()
        {
            *prev = CowStr::from(format!("{prev}{t}"));
            prev_range.end = range.end;
            continue;
        }
        out.push((ev, range));
    }
    out
}

struct Conv<'c> {
    cx: &'c BodyCx<'c>,
    w: Writer,
    map: Vec<(usize, usize)>,
    glossary_on: bool,
    glossary_wanted: bool,
    link_depth: usize,
    links: Vec<bool>,
    in_heading: bool,
    ids: HeadingIds,
    note_uses: HashMap<String, usize>,
    /// Kind of the open lists and tables, to close them.
    in_table_head: bool,
    /// Open `<span>`s: whether each marks a language.
    spans: Vec<bool>,
    wide: Vec<(usize, usize)>,
}

impl<'c> Conv<'c> {
    fn new(cx: &'c BodyCx<'c>, glossary: bool) -> Self {
        Conv {
            cx,
            w: Writer::default(),
            map: Vec::new(),
            glossary_on: glossary,
            glossary_wanted: glossary,
            link_depth: 0,
            links: Vec::new(),
            in_heading: false,
            ids: HeadingIds::new(),
            note_uses: HashMap::new(),
            in_table_head: false,
            spans: Vec::new(),
            wide: Vec::new(),
        }
    }

    fn here(&mut self, offset: usize) {
        self.map.push((self.w.out.len(), offset));
    }

    fn run(
        &mut self,
        evs: &[(Event, Range<usize>)],
        vol: &mut VolumeLinks,
        notes: &HashMap<String, String>,
    ) {
        let mut i = 0;
        while i < evs.len() {
            let (ev, range) = &evs[i];
            // Headings, images and code blocks read their events up to
            // their end at once; footnote definitions are in `notes`.
            i = match ev {
                Event::Start(Tag::FootnoteDefinition(_)) => find_end(evs, i) + 1,
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.heading(evs, i, (*level, id.as_deref()), vol, notes)
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let end = find_end(evs, i);
                    let alt = plain_text(&evs[i + 1..end]);
                    self.image(dest_url, &alt, vol);
                    end + 1
                }
                Event::Start(Tag::CodeBlock(kind)) => self.code_block(evs, i, kind),
                Event::Start(tag) => {
                    self.start(tag, range.start, vol);
                    i + 1
                }
                Event::End(tag) => {
                    self.end(*tag);
                    i + 1
                }
                _ => {
                    self.leaf(ev, vol, notes);
                    i + 1
                }
            };
        }
    }

    /// The heading whose start is `evs[i]`; the index after its end.
    fn heading(
        &mut self,
        evs: &[(Event, Range<usize>)],
        i: usize,
        (level, id): (HeadingLevel, Option<&str>),
        vol: &mut VolumeLinks,
        notes: &HashMap<String, String>,
    ) -> usize {
        self.w.flush();
        self.here(evs[i].1.start);
        let end = find_end(evs, i);
        let text = plain_text(&evs[i + 1..end]);
        let anchor = self.ids.assign(id, &text);
        let level = (level as u8).max(2) + self.cx.heading_base - 2;
        self.w
            .out
            .push_str(&format!("#heading(level: {})[", level.clamp(1, 6)));
        self.in_heading = true;
        self.run(&evs[i + 1..end], vol, notes);
        self.w.flush();
        self.in_heading = false;
        self.w.out.push(']');
        if let Some(l) = self.cx.label {
            self.w.out.push_str(&format!(" <{}>", label(&[l, &anchor])));
        }
        self.w.out.push_str("\n\n");
        end + 1
    }

    /// The code block whose start is `evs[i]`, as raw text; the index
    /// after its end.
    fn code_block(
        &mut self,
        evs: &[(Event, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        self.w.flush();
        self.here(evs[i].1.start);
        let end = find_end(evs, i);
        let code = plain_text(&evs[i + 1..end]);
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let lang = if lang.is_empty() {
            "none".to_string()
        } else {
            string(&lang)
        };
        self.w.out.push_str(&format!(
            "#raw(block: true, lang: {lang}, {})\n\n",
            string(code.trim_end_matches('\n'))
        ));
        end + 1
    }

    /// The start of an element (other than a heading, image or code block)
    /// at byte `start` of the body.
    fn start(&mut self, tag: &Tag, start: usize, vol: &mut VolumeLinks) {
        match tag {
            Tag::Paragraph => {
                self.w.flush();
                self.here(start);
            }
            Tag::Emphasis => self.w.mark("#emph["),
            Tag::Strong => self.w.mark("#strong["),
            Tag::Strikethrough => self.w.mark("#strike["),
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.link_depth += 1;
                match self.target(dest_url, *link_type, vol) {
                    Some(t) => {
                        self.w.mark(format!("#link({t})["));
                        self.links.push(true);
                    }
                    None => self.links.push(false),
                }
            }
            Tag::List(first) => {
                self.w.flush();
                self.here(start);
                match first {
                    Some(n) => self.w.out.push_str(&format!("#enum(start: {n},\n")),
                    None => self.w.out.push_str("#list(\n"),
                }
            }
            Tag::Item | Tag::TableCell => {
                self.w.flush();
                self.here(start);
                self.w.out.push('[');
            }
            Tag::BlockQuote(_) => self.w.block("#quote(block: true)[\n"),
            Tag::Table(aligns) => self.table(aligns, start),
            Tag::TableHead => {
                self.in_table_head = true;
                self.w.block("table.header(");
            }
            _ => {}
        }
    }

    /// A table's opening, its columns aligned as the Markdown says; a table
    /// too wide for the page is noted.
    fn table(&mut self, aligns: &[pulldown_cmark::Alignment], start: usize) {
        self.w.flush();
        self.here(start);
        if aligns.len() > MAX_COLUMNS {
            self.wide.push((start, aligns.len()));
        }
        let align: Vec<&str> = aligns
            .iter()
            .map(|a| match a {
                pulldown_cmark::Alignment::Center => "center",
                pulldown_cmark::Alignment::Right => "right",
                _ => "left",
            })
            .collect();
        self.w.out.push_str(&format!(
            "#table(columns: {}, align: ({},),\n",
            aligns.len().max(1),
            align.join(", ")
        ));
    }

    /// The end of an element.
    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.w.block("\n\n"),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => self.w.mark("]"),
            TagEnd::Link => {
                self.link_depth = self.link_depth.saturating_sub(1);
                if self.links.pop() == Some(true) {
                    self.w.mark("]");
                }
            }
            TagEnd::List(_) | TagEnd::Table => self.w.block(")\n\n"),
            TagEnd::Item => {
                self.w.flush();
                let trimmed = self.w.out.trim_end().len();
                self.w.out.truncate(trimmed);
                self.w.out.push_str("],\n");
            }
            TagEnd::BlockQuote(_) => self.w.block("]\n\n"),
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.w.block("),\n");
            }
            TagEnd::TableCell => self.w.block("], "),
            _ => {}
        }
    }

    /// An event that is neither a start nor an end: text, breaks, inline
    /// code, raw HTML, a note reference.
    fn leaf(&mut self, ev: &Event, vol: &mut VolumeLinks, notes: &HashMap<String, String>) {
        match ev {
            Event::Rule => self.w.block("#rule()\n\n"),
            Event::HardBreak => self.w.mark("#linebreak()"),
            Event::SoftBreak => self.w.text(" "),
            Event::Code(t) => self.w.pieces.push(Piece::Code(t.to_string())),
            Event::Html(h) | Event::InlineHtml(h) => self.html(h),
            Event::Text(t) => self.text(t, vol),
            Event::FootnoteReference(l) => self.note_reference(l, notes),
            _ => {}
        }
    }

    /// Raw HTML: `<span lang>` passages opened and closed, and the
    /// `<!-- glossaire: off/on -->` comments.
    fn html(&mut self, h: &str) {
        for span in spans(h) {
            match span {
                Ok(Some(open)) => {
                    self.spans.push(true);
                    self.w.pieces.push(Piece::LangOpen(open));
                }
                Ok(None) => self.spans.push(false),
                Err(()) => {
                    if self.spans.pop() == Some(true) {
                        self.w.pieces.push(Piece::LangClose);
                    }
                }
            }
        }
        let lower = h.to_lowercase();
        if lower.contains("<!--") && lower.contains("glossaire") {
            if lower.contains("off") {
                self.glossary_on = false;
            } else if lower.contains("on") {
                self.glossary_on = self.glossary_wanted;
            }
        }
    }

    /// A note reference: the note itself at its first use, a reference to
    /// it after.
    fn note_reference(&mut self, l: &str, notes: &HashMap<String, String>) {
        let key = l.to_string();
        let n = self.note_uses.entry(key.clone()).or_insert(0);
        *n += 1;
        let page = self.cx.label.unwrap_or("x");
        let note_label = label(&[page, &format!("fn-{}", slugify(&key))]);
        if *n == 1 {
            let note = notes.get(&key).cloned().unwrap_or_default();
            self.w.mark(format!("#footnote[{note}]<{note_label}>"));
        } else {
            self.w.mark(format!("#footnote(<{note_label}>)"));
        }
    }

    /// Text, with the first occurrence in the volume of each glossary
    /// term and PTCE linked to its annex entry.
    fn text(&mut self, t: &str, vol: &mut VolumeLinks) {
        if self.link_depth > 0 || self.in_heading {
            self.w.text(t);
            return;
        }
        let mut last = 0;
        for h in vol.site.matcher.find(t) {
            let target = match h.target {
                Target::Term(i) if self.glossary_on => label(&["gl", &vol.site.terms[i].slug]),
                Target::Ptce(i) => label(&["ptce", &vol.site.ptce[i].slug]),
                _ => continue,
            };
            if !vol.linked.insert(h.target) {
                continue;
            }
            if h.start > last {
                self.w.text(&t[last..h.start]);
            }
            self.w.mark(format!("#link(<{target}>)["));
            self.w.text(&t[h.start..h.end]);
            self.w.mark("]");
            last = h.end;
        }
        if last < t.len() {
            self.w.text(&t[last..]);
        }
    }

    /// Where a link goes in the PDF: a label of the volume, an absolute
    /// URL, or nowhere (`None`: the text stays, unlinked).
    fn target(&self, dest: &str, link_type: LinkType, vol: &VolumeLinks) -> Option<String> {
        if matches!(link_type, LinkType::Email) {
            return Some(string(&format!("mailto:{dest}")));
        }
        let site_page = |path: &str, anchor: Option<&str>| -> Option<String> {
            if let Some(l) = vol.pages.get(path) {
                return Some(match anchor {
                    Some(a) if !a.is_empty() => format!("<{}>", label(&[l, a])),
                    _ => format!("<{l}>"),
                });
            }
            if let Some(t) = vol
                .site
                .terms
                .iter()
                .find(|t| vol.site.pages[t.page].path == path)
            {
                return Some(format!("<{}>", label(&["gl", &t.slug])));
            }
            if vol.is_absolute() {
                let mut url = vol.site.base.absolute(path);
                if let Some(a) = anchor {
                    url.push('#');
                    url.push_str(a);
                }
                return Some(string(&url));
            }
            None
        };
        // An anchor the page does not have is reported by the site's
        // render: the PDF links to the page.
        if let Some(rest) = dest.strip_prefix("@/") {
            let (file, anchor) = match rest.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (rest, None),
            };
            let target = vol.site.links.get(file)?;
            let anchor = anchor.filter(|a| target.anchors.contains(*a));
            return site_page(&target.path, anchor);
        }
        if let Some(a) = dest.strip_prefix('#') {
            let known = vol
                .site
                .links
                .get(self.cx.rel)
                .is_some_and(|t| t.anchors.contains(a));
            return site_page(self.cx.path, Some(a).filter(|_| known));
        }
        if dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:") {
            return Some(string(dest));
        }
        if vol.is_absolute() {
            let path = match dest.strip_prefix('/') {
                Some(p) => p.to_string(),
                None => format!("{}{dest}", self.cx.path),
            };
            return Some(string(&vol.site.base.absolute(&path)));
        }
        None
    }

    /// An image beside the page, embedded with its text alternative; the
    /// text alternative alone when the file is not one of the site's.
    fn image(&mut self, dest: &str, alt: &str, vol: &mut VolumeLinks) {
        match image_expr(self.cx.rel, dest, alt, "width: 100%", vol) {
            Some(expr) => self.w.mark(format!("#{expr}")),
            None => self.w.text(alt),
        }
    }
}
