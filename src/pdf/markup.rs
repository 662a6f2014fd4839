//! Markdown bodies to Typst markup of our own.
//!
//! Text is never handed to Typst as markup: every character that Typst's
//! markup gives a meaning to is escaped, and the French typography of the
//! site ([`crate::typography`]) is applied to each block's text
//! first, so the printed volume has the same non-breaking spaces,
//! guillemets and apostrophes as the web pages.
//!
//! Links: `@/` links and `#anchors` to a page of the volume become links
//! to its label in the PDF; a glossary term's or PTCE's first occurrence in
//! the volume links to its entry in the annexes; other site pages get their
//! absolute URL when `base_url` has one, and stay plain text otherwise.

use crate::resolve::Site;
use crate::resolve::anchors::{find_end, options, plain_text};
use crate::resolve::matcher::Target;
use crate::slug::slugify;
use crate::typography;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// Escapes text for Typst markup: every punctuation character that could
/// start markup, a shorthand or continue an embedded expression.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '\\' | '#' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '[' | ']' | '(' | ')' | '{'
            | '}' | '=' | '-' | '+' | '/' | '~' | '\'' | '"' | '.' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A Typst string literal.
pub(crate) fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Typst label name: letters, digits, `-`, `_` and `.` only.
pub(crate) fn label(parts: &[&str]) -> String {
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        for c in p.trim_matches('/').chars() {
            out.push(match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' => c,
                '/' => '.',
                _ => '_',
            });
        }
    }
    out
}

/// The label of a page of the volume (`p.volume.chapitre`).
pub(crate) fn page_label(path: &str) -> String {
    label(&["p", path])
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn html_unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "\u{2019}")
        .replace("&amp;", "&")
}

/// French typography on a plain string (titles, card fields), by the
/// site's own engine.
pub(crate) fn typo(text: &str) -> String {
    html_unescape(&typography::apply(&html_escape(text)))
}

/// Inline content waiting for the end of its block.
enum Piece {
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
struct Writer {
    out: String,
    pieces: Vec<Piece>,
}

impl Writer {
    fn text(&mut self, t: &str) {
        self.pieces.push(Piece::Text(t.to_string()));
    }

    fn mark(&mut self, m: impl Into<String>) {
        self.pieces.push(Piece::Mark(m.into()));
    }

    fn block(&mut self, m: &str) {
        self.flush();
        self.out.push_str(m);
    }

    fn flush(&mut self) {
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
fn spans(html: &str) -> Vec<Result<Option<String>, ()>> {
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

/// What a converted body refers to across the volume.
pub(crate) struct VolumeLinks<'a> {
    pub site: &'a Site,
    /// Pages of the volume: page path → label.
    pub pages: HashMap<String, String>,
    /// Terms and PTCE already linked once in the volume.
    pub linked: BTreeSet<Target>,
    /// Images the volume embeds.
    pub images: Vec<Embedded>,
}

/// An image the printed volume embeds.
pub(crate) struct Embedded {
    /// Its path in the Typst project.
    pub path: String,
    /// What its bytes depend on, for the PDF's input key: the
    /// content-hashed path of the processed image (so an unchanged volume
    /// is recognised without reading its images), else a hash of the file.
    pub key: String,
    pub bytes: crate::media::Blob,
}

impl VolumeLinks<'_> {
    fn is_absolute(&self) -> bool {
        !self.site.base.origin.is_empty()
    }
}

/// One body converted: its markup, and where each block came from
/// (offset in the markup, offset in the body) for error messages.
pub(crate) struct Converted {
    pub markup: String,
    pub map: Vec<(usize, usize)>,
    /// Tables with more columns than a page holds: (offset in the body,
    /// columns).
    pub wide: Vec<(usize, usize)>,
}

/// The most columns a table may have on an A4 page: at 10.5 pt, nine
/// columns leave each about 4 cm less its padding, under ten characters.
pub(crate) const MAX_COLUMNS: usize = 8;

/// Where a body belongs.
pub(crate) struct BodyCx<'a> {
    /// The page's label, or `None` for text outside pages (PTCE summaries).
    pub label: Option<&'a str>,
    /// Its path from content/, to resolve relative images.
    pub rel: &'a str,
    /// The page's own path on the site.
    pub path: &'a str,
    pub glossary: bool,
    /// Highest heading level of the body's `##` headings.
    pub heading_base: u8,
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
            match ev {
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    i = find_end(evs, i) + 1;
                    continue;
                }
                Event::Start(Tag::Paragraph) => {
                    self.w.flush();
                    self.here(range.start);
                }
                Event::End(TagEnd::Paragraph) => self.w.block("\n\n"),
                Event::Start(Tag::Heading { level, id, .. }) => {
                    self.w.flush();
                    self.here(range.start);
                    let end = find_end(evs, i);
                    let text = plain_text(&evs[i + 1..end]);
                    let anchor = self.ids.assign(id.as_deref(), &text);
                    let level = (*level as u8).max(2) + self.cx.heading_base - 2;
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
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::Emphasis) => self.w.mark("#emph["),
                Event::Start(Tag::Strong) => self.w.mark("#strong["),
                Event::Start(Tag::Strikethrough) => self.w.mark("#strike["),
                Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough) => {
                    self.w.mark("]")
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => {
                    self.link_depth += 1;
                    match self.target(dest_url, *link_type, vol) {
                        Some(t) => {
                            self.w.mark(format!("#link({t})["));
                            self.links.push(true);
                        }
                        None => self.links.push(false),
                    }
                }
                Event::End(TagEnd::Link) => {
                    self.link_depth = self.link_depth.saturating_sub(1);
                    if self.links.pop() == Some(true) {
                        self.w.mark("]");
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let end = find_end(evs, i);
                    let alt = plain_text(&evs[i + 1..end]);
                    self.image(dest_url, &alt, vol);
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.w.flush();
                    self.here(range.start);
                    let end = find_end(evs, i);
                    let code = plain_text(&evs[i + 1..end]);
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => {
                            info.split_whitespace().next().unwrap_or("").to_string()
                        }
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
                    i = end + 1;
                    continue;
                }
                Event::Start(Tag::List(start)) => {
                    self.w.flush();
                    self.here(range.start);
                    match start {
                        Some(n) => self.w.out.push_str(&format!("#enum(start: {n},\n")),
                        None => self.w.out.push_str("#list(\n"),
                    }
                }
                Event::End(TagEnd::List(_)) => self.w.block(")\n\n"),
                Event::Start(Tag::Item) => {
                    self.w.flush();
                    self.here(range.start);
                    self.w.out.push('[');
                }
                Event::End(TagEnd::Item) => {
                    self.w.flush();
                    let trimmed = self.w.out.trim_end().len();
                    self.w.out.truncate(trimmed);
                    self.w.out.push_str("],\n");
                }
                Event::Start(Tag::BlockQuote(_)) => self.w.block("#quote(block: true)[\n"),
                Event::End(TagEnd::BlockQuote(_)) => self.w.block("]\n\n"),
                Event::Start(Tag::Table(aligns)) => {
                    self.w.flush();
                    self.here(range.start);
                    if aligns.len() > MAX_COLUMNS {
                        self.wide.push((range.start, aligns.len()));
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
                Event::End(TagEnd::Table) => self.w.block(")\n\n"),
                Event::Start(Tag::TableHead) => {
                    self.in_table_head = true;
                    self.w.block("table.header(");
                }
                Event::End(TagEnd::TableHead) => {
                    self.in_table_head = false;
                    self.w.block("),\n");
                }
                Event::Start(Tag::TableRow) | Event::End(TagEnd::TableRow) => {}
                Event::Start(Tag::TableCell) => {
                    self.w.flush();
                    self.here(range.start);
                    self.w.out.push('[');
                }
                Event::End(TagEnd::TableCell) => self.w.block("], "),
                Event::Rule => self.w.block("#rule()\n\n"),
                Event::HardBreak => self.w.mark("#linebreak()"),
                Event::SoftBreak => self.w.text(" "),
                Event::Code(t) => self.w.pieces.push(Piece::Code(t.to_string())),
                Event::Html(h) | Event::InlineHtml(h) => {
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
                Event::Text(t) => self.text(t, vol),
                Event::FootnoteReference(l) => {
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
                _ => {}
            }
            i += 1;
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

/// The Typst expression of an image of `content/` referred to from the
/// page `page_rel` (as on the site: beside the page, else in
/// content/medias/), sized by `size` (Typst arguments), with its text alternative; an artifact
/// when the alternative is empty (decorative, as on the site). `None` when
/// the file is not one of the site's images.
pub(crate) fn image_expr(
    page_rel: &str,
    dest: &str,
    alt: &str,
    size: &str,
    vol: &mut VolumeLinks,
) -> Option<String> {
    let dir = page_rel.rsplit_once('/').map_or("", |(d, _)| d);
    let rooted = dest.strip_prefix("@/").or_else(|| dest.strip_prefix('/'));
    let rel = if let Some(r) = rooted {
        r.to_string()
    } else if let crate::media::Lookup::Found(found, _) = vol.site.media.lookup(page_rel, dest) {
        found.to_string()
    } else if dir.is_empty() {
        dest.to_string()
    } else {
        format!("{dir}/{dest}")
    };
    let ext = rel.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let supported = matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp"
    );
    if !supported {
        return None;
    }
    // The largest processed variant (as on the site: within the budget,
    // already in memory) rather than the original; its format may differ
    // from the original's, so its own extension is used.
    let processed = vol
        .site
        .media
        .published(&rel)
        .and_then(crate::media::Published::main_file);
    let (ext, key, bytes) = if let Some((path, bytes)) = processed {
        let ext = path.rsplit('.').next().unwrap_or(&ext).to_ascii_lowercase();
        (ext, path.to_string(), bytes.clone())
    } else {
        let found = vol.site.assets.iter().find(|(r, _)| *r == rel);
        let bytes = found.and_then(|(_, abs)| std::fs::read(abs).ok())?;
        (
            ext,
            crate::media::hash(&[&bytes]),
            crate::media::Blob::from(bytes),
        )
    };
    let path = format!("/images/{}.{ext}", vol.images.len());
    vol.images.push(Embedded {
        path: path.clone(),
        key,
        bytes,
    });
    Some(
        if alt.trim().is_empty() || crate::media::marks_decorative(alt) {
            format!("pdf.artifact(box(image({}, {size})))", string(&path))
        } else {
            format!(
                "box(image({}, alt: {}, {size}))",
                string(&path),
                string(alt)
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(escape("a*b_c"), "a\\*b\\_c");
        assert_eq!(escape("#let x = 1"), "\\#let x \\= 1");
        assert_eq!(escape("https://x.fr"), "https\\:\\/\\/x\\.fr");
        assert_eq!(escape("é à"), "é à");
    }

    #[test]
    fn string_literals() {
        assert_eq!(string("a \"b\" \\"), "\"a \\\"b\\\" \\\\\"");
        assert_eq!(string("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn labels_are_typst_label_names() {
        assert_eq!(page_label("vol/chap/"), "p.vol.chap");
        assert_eq!(label(&["p.vol", "Été 2025"]), "p.vol._t__2025");
    }

    #[test]
    fn typography_is_the_sites() {
        assert_eq!(typo("Objectif : agir"), "Objectif\u{a0}: agir");
        assert_eq!(typo("l'ESS"), "l\u{2019}ESS");
    }
}
