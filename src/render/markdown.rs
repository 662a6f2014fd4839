//! Markdown to HTML: pulldown-cmark events, rewritten on the way for heading
//! anchors, `@/` links, glossary and PTCE links, highlighted code and
//! footnotes rendered as a sources list with links back.

use crate::diagnostic::Diagnostic;
use crate::html::escape;
use crate::paths::PTCE_PATH;
use crate::render::highlight::Highlighter;
use crate::resolve::Site;
use crate::resolve::anchors::{HeadingIds, events, find_end, page_anchors, plain_text};
use crate::resolve::matcher::Target;
use crate::slug::slugify;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A heading of the page, for an in-page table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The HTML of a page body and what it refers to.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    /// The sources list (footnotes), empty when there is none.
    pub footnotes_html: String,
    pub headings: Vec<Heading>,
    /// Glossary terms used (indices into `Site::terms`).
    pub terms: BTreeSet<usize>,
    /// PTCE mentioned (indices into `Site::ptce`).
    pub ptce: BTreeSet<usize>,
    /// Plain text, for descriptions and search.
    pub text: String,
}

/// Where a body comes from, for errors and for its own links.
pub struct BodyContext<'a> {
    pub site: &'a Site,
    /// Index of the page in `site.pages`, if the body belongs to one.
    pub page: Option<usize>,
    pub file_text: &'a str,
    pub display: &'a std::path::Path,
    pub body_start: usize,
    pub glossary: bool,
    pub highlighter: &'a Highlighter,
    /// For text embedded in a YAML file (a PTCE summary): the line of the
    /// file where it starts. 0 for pages, whose body is in `file_text`.
    pub line_base: usize,
}

impl BodyContext<'_> {
    fn diag(&self, body_offset: usize, message: String, hint: &str) -> Diagnostic {
        let abs = self.body_start + body_offset;
        let line = crate::diagnostic::line_of(self.file_text, abs);
        let line_start = self.file_text[..abs.min(self.file_text.len())]
            .rfind('\n')
            .map_or(0, |p| p + 1);
        let column = self.file_text[line_start..abs.min(self.file_text.len())]
            .chars()
            .count()
            + 1;
        if self.line_base > 0 {
            let mut d = Diagnostic::new(self.display, message)
                .at(self.line_base + line - 1, None)
                .hint(hint);
            d.snippet = self
                .file_text
                .lines()
                .nth(line - 1)
                .map(|l| l.trim().to_string());
            return d;
        }
        Diagnostic::new(self.display, message)
            .at(line, Some(column))
            .hint(hint)
            .with_source(self.file_text)
    }
}

/// Renders `body`; problems go to `diags`.
pub fn render(body: &str, cx: &BodyContext, diags: &mut Vec<Diagnostic>) -> RenderedBody {
    let evs = events(body);
    let own_path = cx.page.map(|p| cx.site.pages[p].path.as_str());
    let computed;
    let own_anchors: &BTreeSet<String> = match cx
        .page
        .and_then(|p| cx.site.links.get(&cx.site.pages[p].source().rel))
    {
        Some(target) => &target.anchors,
        None => {
            computed = page_anchors(body);
            &computed
        }
    };
    let own_term = cx
        .page
        .and_then(|p| cx.site.terms.iter().position(|t| t.page == p));
    let defined_notes: BTreeSet<String> = evs
        .iter()
        .filter_map(|(ev, _)| match ev {
            Event::Start(Tag::FootnoteDefinition(l)) => Some(l.to_string()),
            _ => None,
        })
        .collect();

    let mut out: Vec<Event> = Vec::with_capacity(evs.len());
    let mut notes: BTreeMap<usize, (String, Vec<Event>, usize)> = BTreeMap::new();
    let mut note_refs: HashMap<String, usize> = HashMap::new();
    let mut in_note: Option<(String, Vec<Event>, usize)> = None;
    let mut note_seq = 0;
    let mut ids = HeadingIds::new();
    let mut result = RenderedBody::default();
    let mut link_depth = 0usize;
    let mut image_depth = 0usize;
    let mut glossary_on = cx.glossary;
    let mut linked_terms: BTreeSet<usize> = BTreeSet::new();
    let mut linked_ptce: BTreeSet<usize> = BTreeSet::new();

    let mut i = 0;
    while i < evs.len() {
        let (ev, range) = &evs[i];
        let sink: &mut Vec<Event> = match &mut in_note {
            Some((_, v, _)) => v,
            None => &mut out,
        };
        match ev {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(&evs, i);
                let text = plain_text(&evs[i + 1..end]);
                let new_id = ids.assign(id.as_deref(), &text);
                result.headings.push(Heading {
                    level: heading_level(*level),
                    id: new_id.clone(),
                    text: text.clone(),
                });
                result.text.push_str(&text);
                result.text.push('\n');
                sink.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(new_id)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                // Heading content: no glossary links inside headings.
                for (inner, _) in &evs[i + 1..end] {
                    sink.push(inner.clone());
                }
                sink.push(evs[end].0.clone());
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest = resolve_link(
                    dest_url,
                    *link_type,
                    range.start,
                    own_path,
                    own_anchors,
                    cx,
                    diags,
                );
                sink.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                sink.push(ev.clone());
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_depth += 1;
                let dest = resolve_link(
                    dest_url,
                    *link_type,
                    range.start,
                    own_path,
                    own_anchors,
                    cx,
                    diags,
                );
                sink.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(dest),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                sink.push(ev.clone());
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&evs, i);
                let mut code = String::new();
                for (inner, _) in &evs[i + 1..end] {
                    if let Event::Text(t) = inner {
                        code.push_str(t);
                    }
                }
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                sink.push(Event::Html(CowStr::from(
                    cx.highlighter.highlight(&code, &lang),
                )));
                i = end + 1;
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let lower = h.to_lowercase();
                // Raw `<a>` and `<abbr>` written by the editor: no glossary
                // link may nest inside them.
                for (open, close) in [("<a ", "</a>"), ("<abbr", "</abbr>")] {
                    link_depth += lower.matches(open).count();
                    link_depth = link_depth.saturating_sub(lower.matches(close).count());
                }
                if lower.contains("<!--") && lower.contains("glossaire") {
                    if lower.contains("off") {
                        glossary_on = false;
                    } else if lower.contains("on") {
                        glossary_on = cx.glossary;
                    }
                }
                sink.push(ev.clone());
            }
            Event::Text(t) => {
                result.text.push_str(t);
                result.text.push(' ');
                // pulldown-cmark leaves a reference to an undefined note as
                // plain text: report it rather than print `[^9]`.
                for label in undefined_note_refs(t) {
                    let at = body[range.clone()]
                        .find(&format!("[^{label}]"))
                        .map_or(range.start, |o| range.start + o);
                    diags.push(cx.diag(
                        at,
                        format!("the note `[^{label}]` is used but never defined"),
                        &format!("add a line `[^{label}]: Source : …` at the end of the file, or remove the reference"),
                    ));
                }
                let hits = cx.site.matcher.find(t);
                for h in &hits {
                    if let Target::Ptce(p) = h.target {
                        result.ptce.insert(p);
                    }
                }
                let linkable = link_depth == 0 && image_depth == 0;
                if !linkable || hits.is_empty() {
                    for h in &hits {
                        if let Target::Term(t) = h.target
                            && glossary_on
                        {
                            result.terms.insert(t);
                        }
                    }
                    sink.push(ev.clone());
                } else {
                    let mut last = 0;
                    let mut html = String::new();
                    for h in hits {
                        let matched = &t[h.start..h.end];
                        let replacement = match h.target {
                            Target::Term(term) if glossary_on && Some(term) != own_term => {
                                result.terms.insert(term);
                                if linked_terms.insert(term) {
                                    Some(term_link(cx.site, term, matched, h.acronym))
                                } else {
                                    None
                                }
                            }
                            Target::Ptce(p) if own_path != Some(PTCE_PATH) => {
                                if linked_ptce.insert(p) {
                                    let url = cx
                                        .site
                                        .base
                                        .url(&format!("{}#{}", PTCE_PATH, cx.site.ptce[p].slug));
                                    Some(format!(
                                        "<a class=\"ptce-link\" href=\"{}\">{}</a>",
                                        escape(&url),
                                        escape(matched)
                                    ))
                                } else {
                                    None
                                }
                            }
                            _ => None,
                        };
                        if let Some(r) = replacement {
                            html.push_str(&escape(&t[last..h.start]));
                            html.push_str(&r);
                            last = h.end;
                        }
                    }
                    if last == 0 {
                        sink.push(ev.clone());
                    } else {
                        html.push_str(&escape(&t[last..]));
                        sink.push(Event::InlineHtml(CowStr::from(html)));
                    }
                }
            }
            Event::Code(t) => {
                result.text.push_str(t);
                sink.push(ev.clone());
            }
            Event::FootnoteReference(label) => {
                let label_s = label.to_string();
                if !defined_notes.contains(&label_s) {
                    diags.push(cx.diag(
                        range.start,
                        format!("the note `[^{label_s}]` is used but never defined"),
                        &format!("add a line `[^{label_s}]: Source : …` at the end of the file, or remove the reference"),
                    ));
                }
                let n = note_refs.entry(label_s.clone()).or_insert(0);
                *n += 1;
                let slug = slugify(&label_s);
                let ref_id = if *n == 1 {
                    format!("fnref-{slug}")
                } else {
                    format!("fnref-{slug}-{n}")
                };
                sink.push(Event::InlineHtml(CowStr::from(format!(
                    "<sup class=\"footnote-ref\"><a href=\"#fn-{slug}\" id=\"{ref_id}\" aria-label=\"Source {label}\">{label}</a></sup>",
                    label = escape(&label_s)
                ))));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                in_note = Some((label.to_string(), Vec::new(), range.start));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(note) = in_note.take() {
                    notes.insert(note_seq, note);
                    note_seq += 1;
                }
            }
            _ => sink.push(ev.clone()),
        }
        i += 1;
    }

    pulldown_cmark::html::push_html(&mut result.html, out.into_iter());

    if !notes.is_empty() {
        let mut html = String::from("<ol class=\"footnotes-list\">\n");
        for (label, body, offset) in notes.into_values() {
            let slug = slugify(&label);
            if !note_refs.contains_key(&label) {
                diags.push(cx.diag(
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
        result.footnotes_html = html;
    }
    result
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

/// Rewrites a link destination: `@/path.md#anchor` to the page's URL,
/// `#anchor` checked against the page itself. Problems become diagnostics.
fn resolve_link(
    dest: &str,
    link_type: LinkType,
    offset: usize,
    own_path: Option<&str>,
    own_anchors: &BTreeSet<String>,
    cx: &BodyContext,
    diags: &mut Vec<Diagnostic>,
) -> String {
    if matches!(link_type, LinkType::Email) {
        return format!("mailto:{dest}");
    }
    if let Some(rest) = dest.strip_prefix("@/") {
        let (file, anchor) = match rest.split_once('#') {
            Some((f, a)) => (f, Some(a)),
            None => (rest, None),
        };
        let Some(target) = cx.site.links.get(file) else {
            if !cx.site.broken_paths.contains(file) {
                let known: Vec<&str> = cx.site.links.keys().map(String::as_str).collect();
                let hint = match crate::diagnostic::closest(file, known) {
                    Some(k) => format!("did you mean `@/{k}`?"),
                    None => "the path starts from content/, e.g. `@/glossaire/ess.md`".to_string(),
                };
                diags.push(cx.diag(
                    offset,
                    format!("link to `{dest}`: no such page in content/"),
                    &hint,
                ));
            }
            return dest.to_string();
        };
        let mut url = cx.site.base.url(&target.path);
        if let Some(a) = anchor {
            if !target.anchors.contains(a) {
                let hint = match crate::diagnostic::closest(
                    a,
                    target.anchors.iter().map(String::as_str),
                ) {
                    Some(k) => {
                        format!("did you mean `#{k}`? Anchors come from the headings of {file}")
                    }
                    None => format!(
                        "anchors come from the headings of {file}; write `## Titre {{#{a}}}` there to create it"
                    ),
                };
                diags.push(cx.diag(
                    offset,
                    format!("link to `{dest}`: {file} has no anchor `#{a}`"),
                    &hint,
                ));
            }
            url.push('#');
            url.push_str(a);
        }
        return url;
    }
    if let Some(a) = dest.strip_prefix('#') {
        if own_path.is_some() && !a.is_empty() && !own_anchors.contains(a) {
            diags.push(cx.diag(
                offset,
                format!("link to `#{a}`: this page has no such anchor"),
                "anchors come from the page's headings (`## Titre` → `#titre`)",
            ));
        }
        return dest.to_string();
    }
    let is_external =
        dest.contains("://") || dest.starts_with("mailto:") || dest.starts_with("tel:");
    if !is_external && (dest.ends_with(".md") || dest.contains(".md#")) {
        diags.push(cx.diag(
            offset,
            format!("link to `{dest}`: links to other pages use their path from content/"),
            &format!(
                "write `@/<dossier>/<fichier>.md`, e.g. `@/{}`",
                dest.trim_start_matches("./").trim_start_matches('/')
            ),
        ));
    }
    if dest.starts_with('/') && !dest.starts_with("//") {
        // Site-absolute paths written by hand follow the base URL.
        return cx.site.base.url(dest.trim_start_matches('/'));
    }
    dest.to_string()
}
