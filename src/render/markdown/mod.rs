//! Markdown to HTML: pulldown-cmark events, rewritten on the way by one
//! [`Rewriter`] whose steps each live in their own file: heading anchors
//! and highlighted code here, link destinations in `links.rs`, glossary and
//! PTCE links in `glossary.rs`, footnotes as a sources list with links back
//! in `notes.rs`.

mod glossary;
mod images;
mod links;
mod notes;

use crate::diagnostic::{Code, Diagnostic};
use crate::render::highlight::Highlighter;
use crate::resolve::anchors::{HeadingIds, events, find_end, page_anchors, plain_text};
use crate::resolve::{EmbeddedLines, Site};
use crate::safety::{OpenRawText, RawHtmlProblem};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

/// A heading of the page, for an in-page table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
}

/// The HTML of a page body and what it refers to.
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderedBody {
    pub(crate) html: String,
    /// The sources list (footnotes), empty when there is none.
    pub(crate) footnotes_html: String,
    pub(crate) headings: Vec<Heading>,
    /// Glossary terms used (indices into `Site::terms`).
    pub(crate) terms: BTreeSet<usize>,
    /// PTCE mentioned (indices into `Site::ptce`).
    pub(crate) ptce: BTreeSet<usize>,
    /// Plain text, for descriptions and search.
    pub(crate) text: String,
}

/// Where a body comes from, for errors and for its own links.
pub(crate) struct BodyContext<'a> {
    pub(crate) site: &'a Site,
    /// Index of the page in `site.pages`, if the body belongs to one.
    pub(crate) page: Option<usize>,
    pub(crate) file_text: &'a str,
    pub(crate) display: &'a std::path::Path,
    pub(crate) body_start: usize,
    pub(crate) glossary: bool,
    pub(crate) highlighter: &'a Highlighter,
    /// For text embedded in a YAML file (a PTCE summary): where it sits in
    /// that file. None for pages, whose body is in `file_text`.
    pub(crate) embedded: Option<EmbeddedLines>,
}

impl BodyContext<'_> {
    /// The path from content/ of the file the body is in (media references
    /// are relative to its folder).
    pub(crate) fn source_rel(&self) -> &str {
        match self.page {
            Some(p) => &self.site.pages[p].source().rel,
            None => "",
        }
    }

    fn diag(&self, code: Code, body_offset: usize, message: String, hint: &str) -> Diagnostic {
        let abs = self.body_start + body_offset;
        let line = crate::diagnostic::line_of(self.file_text, abs);
        let line_start = self.file_text[..abs.min(self.file_text.len())]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let column = self.file_text[line_start..abs.min(self.file_text.len())]
            .chars()
            .count()
            + 1;
        if let Some(embedded) = self.embedded {
            let mut d = Diagnostic::new(self.display, message)
                .code(code)
                .at(embedded.line(line), None)
                .hint(hint);
            d.snippet = self
                .file_text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim().to_string());
            return d;
        }
        Diagnostic::new(self.display, message)
            .code(code)
            .at(line, Some(column))
            .hint(hint)
            .with_source(self.file_text)
    }
}

/// Renders `body`; problems go to `diags`.
pub(crate) fn render(body: &str, cx: &BodyContext, diags: &mut Vec<Diagnostic>) -> RenderedBody {
    let evs = events(body);
    let mut rw = Rewriter::new(body, &evs, cx);
    let mut i = 0;
    while i < evs.len() {
        i = rw.event(&evs, i);
    }
    rw.finish(diags)
}

/// A body's events on their way to HTML, and what the rewrite learnt.
struct Rewriter<'b, 'c> {
    body: &'b str,
    cx: &'c BodyContext<'c>,
    /// Path of the page the body belongs to, if any.
    own_path: Option<&'c str>,
    own_anchors: Cow<'c, BTreeSet<String>>,
    /// The glossary term whose page this is: never linked to itself.
    own_term: Option<usize>,
    defined_notes: BTreeSet<String>,
    out: Vec<Event<'b>>,
    /// Notes in order of definition: label, events, offset.
    notes: Vec<Note<'b>>,
    /// How many times each note is referred to.
    note_refs: HashMap<String, usize>,
    in_note: Option<Note<'b>>,
    ids: HeadingIds,
    result: RenderedBody,
    /// Inside a link (Markdown or raw `<a>`/`<abbr>`): no glossary link.
    link_depth: usize,
    image_depth: usize,
    /// Images rendered so far: the first is not lazy-loaded.
    images: usize,
    /// `<!-- glossaire: off -->` … `<!-- glossaire: on -->`.
    glossary_on: bool,
    linked_terms: BTreeSet<usize>,
    linked_ptce: BTreeSet<usize>,
    diags: Vec<Diagnostic>,
    /// A raw-text element the raw HTML opened and has not closed yet.
    raw_text: OpenRawText,
    /// The level of the last heading (1: the page's title).
    last_level: u8,
}

/// A footnote definition: its label, its events and where it starts.
type Note<'b> = (String, Vec<Event<'b>>, usize);

impl<'b, 'c> Rewriter<'b, 'c> {
    fn new(body: &'b str, evs: &[(Event<'b>, Range<usize>)], cx: &'c BodyContext<'c>) -> Self {
        let site = cx.site;
        let own_anchors = match cx
            .page
            .and_then(|p| site.links.get(&site.pages[p].source().rel))
        {
            Some(target) => Cow::Borrowed(&target.anchors),
            None => Cow::Owned(page_anchors(body)),
        };
        Rewriter {
            body,
            cx,
            own_path: cx.page.map(|p| site.pages[p].path.as_str()),
            own_anchors,
            own_term: cx
                .page
                .and_then(|p| site.terms.iter().position(|t| t.page == p)),
            defined_notes: evs
                .iter()
                .filter_map(|(ev, _)| match ev {
                    Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_string()),
                    _ => None,
                })
                .collect(),
            out: Vec::with_capacity(evs.len()),
            notes: Vec::new(),
            note_refs: HashMap::new(),
            in_note: None,
            ids: HeadingIds::new(),
            result: RenderedBody::default(),
            link_depth: 0,
            image_depth: 0,
            images: 0,
            glossary_on: cx.glossary,
            linked_terms: BTreeSet::new(),
            linked_ptce: BTreeSet::new(),
            diags: Vec::new(),
            raw_text: OpenRawText::default(),
            last_level: 1,
        }
    }

    /// Where rewritten events go: the note being defined, or the body.
    fn push(&mut self, ev: Event<'b>) {
        match &mut self.in_note {
            Some((_, v, _)) => v.push(ev),
            None => self.out.push(ev),
        }
    }

    /// Rewrites the event at `i`; returns the index of the next one.
    fn event(&mut self, evs: &[(Event<'b>, Range<usize>)], i: usize) -> usize {
        let (ev, range) = &evs[i];
        match ev {
            Event::Start(Tag::Heading { .. }) => return self.heading(evs, i),
            Event::Start(Tag::CodeBlock(kind)) => return self.code_block(evs, i, kind),
            Event::Start(tag @ Tag::Link { .. }) => {
                self.check_link_name(evs, i);
                self.start_link(tag, range.start);
            }
            Event::End(TagEnd::Link) => {
                self.link_depth = self.link_depth.saturating_sub(1);
                self.push(ev.clone());
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) if images::image_names_content_file(dest_url, self.cx) => {
                return self.image(evs, i, *link_type, dest_url, title);
            }
            Event::Start(tag @ Tag::Image { .. }) => {
                if let Some(d) = images::check_alt(evs, i, self.cx, range.start) {
                    self.diags.push(d);
                }
                self.start_other_image(tag, range.start);
            }
            Event::End(TagEnd::Image) => {
                self.image_depth = self.image_depth.saturating_sub(1);
                self.push(ev.clone());
            }
            Event::Start(Tag::HtmlBlock) => {
                self.check_raw_html(&self.body[range.clone()], range.start);
                self.push(ev.clone());
            }
            Event::InlineHtml(h) => {
                self.check_raw_empty_link(evs, i);
                self.check_raw_html(h, range.start);
                self.check_html(h, range.start);
                self.push(ev.clone());
            }
            Event::Html(h) => {
                self.check_html(h, range.start);
                self.push(ev.clone());
            }
            Event::Text(t) => self.text(ev, t, range),
            Event::Code(t) => {
                self.result.text.push_str(t);
                self.push(ev.clone());
            }
            Event::FootnoteReference(label) => self.note_reference(label, range.start),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.in_note = Some((label.to_string(), Vec::new(), range.start));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(note) = self.in_note.take() {
                    self.notes.push(note);
                }
            }
            _ => self.push(ev.clone()),
        }
        i + 1
    }

    /// A link, its destination resolved (`@/` paths, media files, the base
    /// URL) and checked.
    fn start_link(&mut self, tag: &Tag<'b>, offset: usize) {
        let Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        self.link_depth += 1;
        let dest = self.destination(dest_url, *link_type, offset);
        // An e-mail autolink's destination comes back with its
        // `mailto:`; pulldown-cmark would add one more for `Email`.
        let link_type = match link_type {
            LinkType::Email => LinkType::Autolink,
            other => *other,
        };
        self.push(Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::from(dest),
            title: title.clone(),
            id: id.clone(),
        }));
    }

    /// An image that is not a file of content/ (an external URL): kept as
    /// Markdown wrote it, its destination resolved.
    fn start_other_image(&mut self, tag: &Tag<'b>, offset: usize) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        self.image_depth += 1;
        let dest = self.destination(dest_url, *link_type, offset);
        self.push(Event::Start(Tag::Image {
            link_type: *link_type,
            dest_url: CowStr::from(dest),
            title: title.clone(),
            id: id.clone(),
        }));
    }

    /// Raw HTML: an `<img>` without `alt`, the glossary switches, `lang`
    /// attributes.
    fn check_html(&mut self, h: &str, offset: usize) {
        if images::raw_img_without_alt(h) {
            self.diags.push(images::missing_alt(self.cx, offset));
        }
        self.raw_html(h);
        self.check_lang(h, offset);
    }

    /// Raw HTML that could run script in a reader's browser (an HTML
    /// block whole, so that a tag split over lines is read as one).
    fn check_raw_html(&mut self, fragment: &str, offset: usize) {
        let raw_images = images::raw_img_of_content(fragment, offset, self.cx);
        self.diags.extend(raw_images);
        if let Some(at) = self.raw_text.read(fragment, offset) {
            self.diags.push(
                self.cx.diag(
                    Code::UnclosedHtml,
                    at,
                    "this HTML comment `<!--` is never closed: the rest of the page, the theme's \
                 footer included, would be hidden"
                        .to_string(),
                    "close it with `-->`",
                ),
            );
        }
        for (at, problem) in crate::safety::raw_html_problems(fragment) {
            let d = match problem {
                RawHtmlProblem::Scheme { attribute, scheme } => self.cx.diag(
                    Code::ForbiddenScheme,
                    offset + at,
                    format!(
                        "`{attribute}`: {}",
                        crate::safety::forbidden_scheme(&scheme)
                    ),
                    crate::safety::FORBIDDEN_SCHEME_HINT,
                ),
                RawHtmlProblem::Element(element) => self.cx.diag(
                    Code::RawHtml,
                    offset + at,
                    format!(
                        "raw HTML `<{element}>` is not allowed in content: it could run script \
                         or load a page in the reader's browser"
                    ),
                    "remove it; an image is `![texte](fichier.png)`, a link `[texte](adresse)`",
                ),
                RawHtmlProblem::Attribute(attribute) => self.cx.diag(
                    Code::RawHtml,
                    offset + at,
                    format!(
                        "the attribute `{attribute}` is not allowed in content: it runs script \
                         in the reader's browser"
                    ),
                    "remove the attribute; the theme provides the page's scripts",
                ),
            };
            self.diags.push(d);
        }
    }

    /// The page's outline, as a screen reader lists it (RGAA 9.1): the
    /// title is the page's one level-1 heading, and a heading goes at most
    /// one level deeper than the one before. Text embedded in a YAML file
    /// (a PTCE summary) sits under a heading of its page: it has none.
    fn check_outline(&mut self, level: u8, offset: usize) {
        if self.cx.embedded.is_some() {
            self.diags.push(
                self.cx.diag(
                    Code::HeadingOutline,
                    offset,
                    "a heading in a PTCE summary: the summary sits under the PTCE's own heading \
                 on its page"
                        .to_string(),
                    "write the summary as paragraphs (or a list), without `#`",
                ),
            );
            return;
        }
        let before = self.last_level;
        self.last_level = level;
        let (message, hint) = if level == 1 {
            (
                "a level-1 heading (`# …`) in the text: the page's title is its only level-1 \
                 heading"
                    .to_string(),
                "write `## …` for a section of the page".to_string(),
            )
        } else if level > before + 1 {
            (
                format!(
                    "this heading jumps from level {before} to level {level}: a screen reader's \
                     list of headings would miss a level"
                ),
                format!(
                    "write `{} …`, one level below the heading before",
                    "#".repeat(usize::from(before) + 1)
                ),
            )
        } else {
            return;
        };
        self.diags
            .push(self.cx.diag(Code::HeadingOutline, offset, message, &hint));
    }

    /// A link must say where it leads (RGAA 6.2): text, or an image with a
    /// text alternative. `[](…)` or a link around a decorative image is
    /// read out as its address, or not at all.
    fn check_link_name(&mut self, evs: &[(Event<'b>, Range<usize>)], i: usize) {
        let end = find_end(evs, i);
        let named = evs[i + 1..end].iter().any(|(ev, _)| match ev {
            Event::Text(t) | Event::Code(t) => {
                !t.trim().is_empty() && !crate::media::marks_decorative(t)
            }
            Event::InlineHtml(_) | Event::Html(_) | Event::FootnoteReference(_) => true,
            _ => false,
        });
        if !named {
            self.empty_link(
                evs[i].1.start,
                "write what the link leads to between the brackets: `[le rapport annuel](…)`; \
                 around an image, give the image a text alternative",
            );
        }
    }

    /// E094 at `offset`: a link with nothing to read out.
    fn empty_link(&mut self, offset: usize, hint: &str) {
        self.diags.push(
            self.cx.diag(
                Code::EmptyLink,
                offset,
                "this link has no text: a screen reader would read out its address, or nothing"
                    .to_string(),
                hint,
            ),
        );
    }

    /// `<a …></a>` in raw HTML: a link with nothing to read out.
    fn check_raw_empty_link(&mut self, evs: &[(Event<'b>, Range<usize>)], i: usize) {
        let Event::InlineHtml(h) = &evs[i].0 else {
            return;
        };
        let opens_a = h.len() > 2
            && h[..2].eq_ignore_ascii_case("<a")
            && h.as_bytes()[2].is_ascii_whitespace()
            && !h.trim_end().ends_with("/>");
        let closes_next = matches!(
            evs.get(i + 1),
            Some((Event::InlineHtml(next), _)) if next.trim().eq_ignore_ascii_case("</a>")
        );
        if opens_a && closes_next {
            self.empty_link(
                evs[i].1.start,
                "write what the link leads to between `<a …>` and `</a>`",
            );
        }
    }

    /// A heading gets its unique id; no glossary links inside headings.
    fn heading(&mut self, evs: &[(Event<'b>, Range<usize>)], i: usize) -> usize {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &evs[i].0
        else {
            return i + 1;
        };
        let end = find_end(evs, i);
        let text = plain_text(&evs[i + 1..end]);
        let number = heading_level(*level);
        self.check_outline(number, evs[i].1.start);
        let new_id = self.ids.assign(id.as_deref(), &text);
        self.result.headings.push(Heading {
            level: number,
            id: new_id.clone(),
            text: text.clone(),
        });
        self.result.text.push_str(&text);
        self.result.text.push('\n');
        self.push(Event::Start(Tag::Heading {
            level: *level,
            id: Some(CowStr::from(new_id)),
            classes: classes.clone(),
            attrs: attrs.clone(),
        }));
        for (inner, _) in &evs[i + 1..end] {
            self.push(inner.clone());
        }
        self.push(evs[end].0.clone());
        end + 1
    }

    /// A code block, highlighted as HTML.
    fn code_block(
        &mut self,
        evs: &[(Event<'b>, Range<usize>)],
        i: usize,
        kind: &CodeBlockKind,
    ) -> usize {
        let end = find_end(evs, i);
        let mut code = String::new();
        for (inner, _) in &evs[i + 1..end] {
            if let Event::Text(t) = inner {
                code.push_str(t);
            }
        }
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let html = self.cx.highlighter.highlight(&code, &lang);
        self.push(Event::Html(CowStr::from(html)));
        end + 1
    }

    /// Raw HTML written by the editor: `<a>` and `<abbr>` count as links
    /// (no glossary link may nest inside them), and the comments that turn
    /// glossary links off and on.
    /// A passage in another language is marked with a valid BCP 47 tag
    /// (the page and the printed volume announce it to screen readers).
    fn check_lang(&mut self, h: &str, offset: usize) {
        for (at, _, value) in crate::lang::attributes(h) {
            if crate::lang::parse(value).is_none() {
                let shown = crate::diagnostic::terminal(value);
                self.diags.push(self.cx.diag(
                    Code::InvalidLang,
                    offset + at,
                    format!("`{shown}` is not a language tag (BCP 47)"),
                    "write the language's code, such as `<span lang=\"en\">silver economy</span>` (English), `de` (German), `en-GB` (British English)",
                ));
            }
        }
    }

    fn raw_html(&mut self, h: &str) {
        let lower = h.to_lowercase();
        for (open, close) in [("<a ", "</a>"), ("<abbr", "</abbr>")] {
            self.link_depth += lower.matches(open).count();
            self.link_depth = self.link_depth.saturating_sub(lower.matches(close).count());
        }
        if lower.contains("<!--") && lower.contains("glossaire") {
            if lower.contains("off") {
                self.glossary_on = false;
            } else if lower.contains("on") {
                self.glossary_on = self.cx.glossary;
            }
        }
    }

    fn destination(
        &mut self,
        dest: &str,
        link_type: pulldown_cmark::LinkType,
        offset: usize,
    ) -> String {
        links::resolve_link(
            dest,
            link_type,
            offset,
            self.own_path,
            &self.own_anchors,
            self.cx,
            &mut self.diags,
        )
    }

    /// The body's HTML, its sources list and what it mentions.
    fn finish(mut self, diags: &mut Vec<Diagnostic>) -> RenderedBody {
        if let Some((at, element)) = std::mem::take(&mut self.raw_text).left_open() {
            self.diags.push(self.cx.diag(
                Code::UnclosedHtml,
                at,
                format!(
                    "`<{element}>` is opened here and never closed: the rest of the page, the \
                     theme's footer included, would become its text"
                ),
                &format!("close it with `</{element}>`, or write `&lt;{element}&gt;` to show the tag as text"),
            ));
        }
        let out = std::mem::take(&mut self.out);
        pulldown_cmark::html::push_html(&mut self.result.html, out.into_iter());
        self.result.footnotes_html = self.sources_list();
        diags.append(&mut self.diags);
        self.result
    }
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
