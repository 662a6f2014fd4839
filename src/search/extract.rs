//! What a page gives the search index: its indexed text, word by word,
//! with the weight of each word, the ids a result can point into, and its
//! title. One forward pass over the tokens of the crate's HTML scanner
//! (`html::scan`, the one typography reads too), on the thread that asks
//! (so pages are read in parallel); nothing is shared between pages. The
//! nesting of elements, ignored parts, anchors and weights are this
//! module's; the lexing is the scanner's.
//!
//! The rules are those of Pagefind's own reader, so the reader's side
//! behaves as with Pagefind's indexer (see `bundle.rs` for the files):
//! - the element carrying `data-pagefind-body` is indexed; a page without
//!   one is indexed whole (`<body>`), and left out by `bundle` when another
//!   page has one;
//! - anything under `data-pagefind-ignore`, and the elements Pagefind never
//!   indexes (`nav`, `footer`, `form`, `label`, `script`, `svg`…), is left
//!   out;
//! - a word in `h1`…`h6` weighs 7…2 times a word of the text;
//! - the page's title is its first `h1`, else its `<title>`;
//! - every element with an `id` in the indexed text is an anchor, with its
//!   own text (and that of its inline children) and the number of the word
//!   it starts at.
//!
//! One difference, on purpose: every block element separates words (so
//! `<dt>Structure</dt><dd>PTCE</dd>` is two words, not one), where Pagefind
//! separates only some.

use crate::html::scan::{Kind, Scanner, decode};

/// Elements whose whole content is never indexed.
const REMOVED: &[&str] = &[
    "head", "style", "script", "noscript", "label", "form", "svg", "footer", "nav", "iframe",
    "template",
];

/// Elements that do not separate words (text flows through them).
const INLINE: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "br", "button", "cite", "code", "dfn", "em", "i",
    "img", "input", "kbd", "label", "map", "object", "output", "q", "samp", "script", "select",
    "small", "span", "strong", "sub", "sup", "textarea", "time", "tt", "var", "mark", "s", "u",
    "del", "ins", "wbr", "data",
];

/// Blocks after which a full stop is added when their text ends in a word,
/// so that excerpts read as sentences.
const SENTENCE: &[&str] = &[
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "td", "div", "ul", "li", "article", "section",
];

/// Elements without content (no closing tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Raw-text elements (their content is one token of the scanner) that
/// are not elements of the page's text: left out whole, the title read as
/// the page's. The scanner's other raw-text elements (`iframe`, `xmp`…)
/// are read as elements of their own, with their content as text.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// The weight of a word of the text; Pagefind stores weights as 24 × the
/// factor (1 for text, 7 for `h1` … 2 for `h6`).
pub(crate) const TEXT_WEIGHT: u8 = 24;

/// An element with an `id` in the indexed text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Anchor {
    pub element: String,
    pub id: String,
    pub text: String,
    /// The number of the first word after the element's start.
    pub location: u32,
}

/// One page as read: the indexed text split into words, each with its
/// weight.
#[derive(Debug, Default)]
pub(crate) struct Extracted {
    /// Whether the page marks its indexed part with `data-pagefind-body`.
    pub marked: bool,
    /// The words of the indexed text, in order, with their weight.
    pub words: Vec<(String, u8)>,
    pub title: Option<String>,
    pub anchors: Vec<Anchor>,
}

struct Open<'a> {
    /// As the start tag spells it (names are compared ignoring case).
    name: &'a str,
    inline: bool,
    /// A block after which a full stop may be added (`SENTENCE`).
    sentence: bool,
    h1: bool,
    /// This element starts an ignored part.
    ignores: bool,
    /// This element is the indexed body.
    body: bool,
    anchor: Option<usize>,
    /// Length of the text when the element opened.
    start: usize,
    weight: Option<u8>,
}

/// Reads one page. Never fails: broken HTML gives what can be read of it.
pub(crate) fn extract(html: &str) -> Extracted {
    let marked = html.contains("data-pagefind-body");
    let mut s = Scan {
        marked,
        text: String::with_capacity(html.len() / 4),
        marks: Vec::new(),
        weights: vec![TEXT_WEIGHT],
        stack: Vec::new(),
        ignored: 0,
        bodies: 0,
        anchors: Vec::new(),
        anchor_starts: Vec::new(),
        h1: None,
        h1_depth: 0,
        h1_text: None,
        page_title: None,
    };
    s.run(html);
    s.finish()
}

struct Scan<'a> {
    marked: bool,
    /// The indexed text, entities decoded.
    text: String,
    /// (byte offset in `text`, weight from there on).
    marks: Vec<(usize, u8)>,
    weights: Vec<u8>,
    stack: Vec<Open<'a>>,
    /// Number of open elements that start an ignored part.
    ignored: usize,
    /// Number of open body elements.
    bodies: usize,
    anchors: Vec<Anchor>,
    /// Byte offset in `text` where each anchor starts.
    anchor_starts: Vec<usize>,
    /// The first `h1`'s text, once it is complete (`h1_depth` counts the
    /// open `h1` while it is read).
    h1: Option<String>,
    h1_depth: usize,
    h1_text: Option<String>,
    page_title: Option<String>,
}

impl<'a> Scan<'a> {
    fn active(&self) -> bool {
        self.bodies > 0 && self.ignored == 0
    }

    fn run(&mut self, html: &'a str) {
        let mut scanner = Scanner::new(html);
        while let Some(token) = scanner.next_token() {
            let source = &html[token.start..token.end];
            match token.kind {
                Kind::Text => self.on_text(source),
                Kind::RawText { element } => self.raw_text(element, source),
                Kind::StartTag {
                    name,
                    self_closing,
                    raw,
                } => self.open_tag(name, self_closing, raw, scanner.attributes()),
                Kind::EndTag { name } => {
                    if !name.is_empty() {
                        self.close(name);
                    }
                }
                Kind::Comment | Kind::CData | Kind::Declaration => {}
            }
        }
        while let Some(open) = self.stack.pop() {
            self.closed(open);
        }
    }

    /// A start tag; `raw` when the scanner's next token is its content.
    fn open_tag(
        &mut self,
        written: &'a str,
        self_closing: bool,
        raw: bool,
        attributes: &[(&str, &str)],
    ) {
        let mut buf = [0u8; 10];
        let name = lowercase(written, &mut buf);
        if raw && RAW_TEXT.contains(&name) {
            return;
        }
        let tag = tag_attributes(attributes);
        let body = tag.body || (!self.marked && name == "body");
        let void = VOID.contains(&name);
        if name == "br" && self.active() {
            self.text.push(' ');
        }
        if void || self_closing {
            return;
        }
        let inline = INLINE.contains(&name);
        let ignores = tag.ignore || REMOVED.contains(&name);
        if body {
            self.bodies += 1;
        }
        if ignores {
            self.ignored += 1;
        }
        let active = self.active();
        if active && !inline {
            self.text.push(' ');
        }
        let weight = heading_weight(name);
        if let Some(w) = weight {
            self.weights.push(w);
            self.marks.push((self.text.len(), w));
        }
        if name == "h1" && self.h1.is_none() {
            if self.h1_depth == 0 {
                self.h1_text = Some(String::new());
            }
            self.h1_depth += 1;
        }
        let anchor = match tag.id {
            Some(id) if active && !id.is_empty() => Some(self.open_anchor(written, id)),
            _ => None,
        };
        self.stack.push(Open {
            name: written,
            inline,
            sentence: SENTENCE.contains(&name),
            h1: name == "h1",
            ignores,
            body,
            anchor,
            start: self.text.len(),
            weight,
        });
    }

    /// The content of a raw-text element: the first `<title>`'s is the
    /// page's title, that of a script, style or text area is left out, any
    /// other is text.
    fn raw_text(&mut self, element: &str, content: &str) {
        if element.eq_ignore_ascii_case("title") {
            if self.page_title.is_none() {
                self.page_title = Some(normalize(&decode(content)));
            }
        } else if !RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(element)) {
            self.on_text(content);
        }
    }

    /// A new anchor at the element `name` with the id `id`, starting here;
    /// returns its index.
    fn open_anchor(&mut self, name: &str, id: String) -> usize {
        self.anchors.push(Anchor {
            element: name.to_ascii_lowercase(),
            id,
            text: String::new(),
            location: 0,
        });
        self.anchor_starts.push(self.text.len());
        self.anchors.len() - 1
    }

    fn close(&mut self, name: &str) {
        let Some(at) = self
            .stack
            .iter()
            .rposition(|o| o.name.eq_ignore_ascii_case(name))
        else {
            return;
        };
        while self.stack.len() > at {
            let Some(open) = self.stack.pop() else { break };
            self.closed(open);
        }
    }

    fn closed(&mut self, open: Open<'a>) {
        if self.active() {
            if open.sentence {
                if self.text.len() > open.start
                    && self.text.chars().next_back().is_some_and(|c| {
                        c.is_alphanumeric() || matches!(c, '_' | '\'' | '"' | ')' | '$' | '*')
                    })
                {
                    self.text.push('.');
                }
                self.text.push(' ');
            } else if !open.inline {
                self.text.push(' ');
            }
        }
        if open.weight.is_some() {
            self.weights.pop();
            let w = *self.weights.last().unwrap_or(&TEXT_WEIGHT);
            self.marks.push((self.text.len(), w));
        }
        if open.h1 && self.h1_depth > 0 {
            self.h1_depth -= 1;
            if self.h1_depth == 0 {
                let t = normalize(self.h1_text.as_deref().unwrap_or(""));
                self.h1_text = None;
                if !t.is_empty() {
                    self.h1 = Some(t);
                }
            }
        }
        if open.ignores {
            self.ignored -= 1;
        }
        if open.body {
            self.bodies -= 1;
        }
    }

    fn on_text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        let text = decode(raw);
        if let Some(h) = self.h1_text.as_mut() {
            h.push_str(&text);
        }
        if !self.active() {
            return;
        }
        self.text.push_str(&text);
        // The text of an anchor: its own, and that of its inline children.
        for open in self.stack.iter().rev() {
            if let Some(a) = open.anchor {
                self.anchors[a].text.push_str(&text);
            }
            if !open.inline {
                break;
            }
        }
    }

    fn finish(self) -> Extracted {
        let Scan {
            marked,
            text,
            marks,
            mut anchors,
            anchor_starts,
            h1,
            page_title,
            ..
        } = self;
        let mut words = Vec::new();
        let mut weight = TEXT_WEIGHT;
        let mut next_mark = 0;
        let mut next_anchor = 0;
        for (offset, word) in split_words(&text) {
            while next_mark < marks.len() && marks[next_mark].0 <= offset {
                weight = marks[next_mark].1;
                next_mark += 1;
            }
            while next_anchor < anchor_starts.len() && anchor_starts[next_anchor] <= offset {
                anchors[next_anchor].location = words.len() as u32;
                next_anchor += 1;
            }
            let word = word.replace('\u{200B}', "");
            if word.is_empty() {
                continue;
            }
            words.push((word, weight));
        }
        for a in &mut anchors[next_anchor..] {
            a.location = words.len() as u32;
        }
        for a in &mut anchors {
            a.text = normalize(&a.text);
        }
        Extracted {
            marked,
            words,
            title: h1.or(page_title.filter(|t| !t.is_empty())),
            anchors,
        }
    }
}

/// The words of `text` (split at white space) with their byte offsets.
fn split_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = text;
    let mut base = 0;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| !c.is_whitespace())?;
        let after = &rest[start..];
        let len = after.find(char::is_whitespace).unwrap_or(after.len());
        let word = &after[..len];
        let offset = base + start;
        base = offset + len;
        rest = &after[len..];
        Some((offset, word))
    })
}

/// What the indexer needs of a start tag's attributes.
struct TagAttributes {
    id: Option<String>,
    ignore: bool,
    body: bool,
}

fn tag_attributes(attributes: &[(&str, &str)]) -> TagAttributes {
    let mut tag = TagAttributes {
        id: None,
        ignore: false,
        body: false,
    };
    for &(attr, value) in attributes {
        if attr.eq_ignore_ascii_case("id") {
            tag.id = Some(decode(value).trim().to_string());
        } else if attr.eq_ignore_ascii_case("data-pagefind-ignore") {
            tag.ignore = true;
        } else if attr.eq_ignore_ascii_case("data-pagefind-body") {
            tag.body = true;
        }
    }
    tag
}

/// `name` in lower case, in `buf`; `""` for a name longer than any element
/// this module knows (those are only compared, as written).
fn lowercase<'b>(name: &str, buf: &'b mut [u8; 10]) -> &'b str {
    let n = name.as_bytes();
    if n.len() > buf.len() {
        return "";
    }
    let buf = &mut buf[..n.len()];
    for (d, s) in buf.iter_mut().zip(n) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(buf).unwrap_or_default()
}

/// The weight of the text of a heading element (`h1` the heaviest), `None`
/// for any other element.
fn heading_weight(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(7),
        "h2" => Some(6),
        "h3" => Some(5),
        "h4" => Some(4),
        "h5" => Some(3),
        "h6" => Some(2),
        _ => None,
    }
    .map(|w| w * TEXT_WEIGHT)
}

/// HTML white space (space, tab, line breaks) collapsed to single spaces,
/// trimmed. The no-break spaces of French typography (U+00A0, U+202F)
/// are text, kept as they are: a title reads « territoriale\u{a0}: ».
pub(crate) fn normalize(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r', '\x0C'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(e: &Extracted) -> Vec<&str> {
        e.words.iter().map(|(w, _)| w.as_str()).collect()
    }

    #[test]
    fn the_marked_body_without_ignored_parts() {
        let e = extract(
            "<html><head><title>T</title></head><body><nav>Menu</nav>\
             <main data-pagefind-body><h1 id=\"t\">Économie <em>locale</em></h1>\
             <p>Les coop&eacute;ratives<br>du&#160;territoire</p>\
             <div data-pagefind-ignore><p>Retour</p></div>\
             <dl><dt>Structure</dt><dd>PTCE</dd></dl><footer>Pied</footer></main>\
             <p>Hors corps</p></body></html>",
        );
        assert!(e.marked);
        assert_eq!(
            words(&e),
            [
                "Économie",
                "locale.",
                "Les",
                "coopératives",
                "du",
                "territoire.",
                "Structure",
                "PTCE"
            ]
        );
        let weights: Vec<u8> = e.words.iter().map(|(_, w)| *w).collect();
        assert_eq!(weights, [168, 168, 24, 24, 24, 24, 24, 24]);
        assert_eq!(e.title.as_deref(), Some("Économie locale"));
        assert_eq!(
            e.anchors,
            [Anchor {
                element: "h1".into(),
                id: "t".into(),
                text: "Économie locale".into(),
                location: 0
            }]
        );
    }

    #[test]
    fn an_unmarked_page_is_read_whole_and_titled_by_its_title() {
        let e = extract(
            "<html><head><title>Plan &amp; site</title><script>var a = '<p>';</script></head><body><p>Un <b>mot</b></p><!-- <p>non</p> --></body></html>",
        );
        assert!(!e.marked);
        assert_eq!(words(&e), ["Un", "mot."]);
        assert_eq!(e.title.as_deref(), Some("Plan & site"));
    }

    #[test]
    fn a_title_keeps_its_no_break_spaces() {
        let e = extract(
            "<main data-pagefind-body><h1>La coopération\n  territoriale&#160;: l’exemple\u{202f}!</h1><p>Texte</p></main>",
        );
        assert_eq!(
            e.title.as_deref(),
            Some("La coopération territoriale\u{a0}: l’exemple\u{202f}!")
        );
    }

    #[test]
    fn names_in_any_case_and_long_custom_elements() {
        let e = extract(
            "<main data-pagefind-body><DIV>a</div><H2>t</h2>\
             <my-long-custom-element id=X>b <EM>c</em></MY-LONG-CUSTOM-ELEMENT>d\
             <SCRIPT>e</script></main><p>f</p>",
        );
        assert_eq!(words(&e), ["a.", "t.", "b", "c", "d"]);
        let weights: Vec<u8> = e.words.iter().map(|(_, w)| *w).collect();
        assert_eq!(weights, [24, 144, 24, 24, 24]);
        assert_eq!(
            e.anchors,
            [Anchor {
                element: "my-long-custom-element".into(),
                id: "X".into(),
                text: "b c".into(),
                location: 2
            }]
        );
    }

    #[test]
    fn broken_html_never_panics() {
        for html in [
            "",
            "<",
            "</",
            "<a href='x",
            "<main data-pagefind-body><p>non fermé <b><i>",
            "\u{0}\u{feff}<<<>>>&#xffffffff;&#0;&",
            "&éééééééééééééééééééééééééééééééééééééééé;",
            "<h1><h1>x</h1>",
            "<main data-pagefind-body id=\"é\"><p id=x>a</main></p>é",
        ] {
            let _ = extract(html);
        }
    }
}
