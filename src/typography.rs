//! French typography (Imprimerie nationale usage) applied to a finished page.
//!
//! [`apply`] rewrites the *text nodes* of a complete HTML document and
//! nothing else: tags, attribute values, comments, `<!DOCTYPE>` and the
//! contents of `<pre>`, `<code>`, `<kbd>`, `<samp>`, `<script>`, `<style>`,
//! `<textarea>` (and the other raw-text elements), of any element carrying
//! `translate="no"` or the class `no-typo`, and of words that are URLs or
//! e-mail addresses come out byte for byte.
//!
//! Rules:
//! - U+00A0 (no-break space) before `:`;
//! - U+202F (narrow no-break space) before `;`, `!`, `?`, after `«` and
//!   before `»`;
//! - straight double quotes that pair up within one text node become
//!   `«\u{202F}…\u{202F}»`;
//! - `'` between two letters, or between a letter and `«` (`d'« aller
//!   vers »`), becomes `’`;
//! - the word `CO2` becomes `CO₂`;
//! - spaces between digit groups (`2 700 000`) and between a number and
//!   `%` or `€` become U+202F.
//!
//! An existing no-break or narrow no-break space is always kept, so the
//! function is idempotent. Character references are read as the character
//! they stand for but written back unchanged, except an apostrophe reference
//! that becomes `’` and a paired `&quot;` that becomes a guillemet.
//!
//! Text flows across inline tags (`<strong>Objectif</strong> : x`,
//! `<a>lien</a>?`) and comments; any other tag is a boundary after which
//! nothing is inserted.
//!
//! One pass over the tokens of the crate's HTML scanner (`html::scan`:
//! text is rewritten, every other token copied by its byte range), no
//! allocation besides the output `String` and the attributes;
//! look-aheads (the current word, the current number, the next straight
//! quote of the text node) are each done once, so the whole stays linear.

use crate::html::scan::{self, Kind, Scanner};

const NBSP: char = '\u{A0}';
const NNBSP: char = '\u{202F}';
/// `Prev::ch` after a block boundary: no text to attach a space to.
const NONE: char = '\0';
/// A decoded reference that is neither letter, digit, space nor punctuation.
const OTHER: char = '\u{FFFC}';

/// Phrasing element: text flows across its tags, so `<em>mot</em>?` still
/// sees the `?` right after a word. Any other tag is a boundary.
const INLINE: u8 = 1;
/// Element without content.
const VOID: u8 = 2;
/// Element whose text is left alone (its tags are still followed, for
/// nesting).
const UNTOUCHED: u8 = 8;

/// What the element `name` is, as `INLINE | VOID | UNTOUCHED` bits. (Which
/// elements hold raw text, copied up to their end tag, is the scanner's:
/// `html::scan`.)
fn kind(name: &str) -> u8 {
    let n = name.as_bytes();
    let mut buf = [0u8; 9];
    if n.is_empty() || n.len() > buf.len() {
        return 0;
    }
    for (d, s) in buf.iter_mut().zip(n) {
        *d = s.to_ascii_lowercase();
    }
    match &buf[..n.len()] {
        b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"data" | b"del" | b"dfn" | b"em"
        | b"font" | b"i" | b"ins" | b"label" | b"mark" | b"q" | b"s" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"tt" | b"u" | b"var" => INLINE,
        b"code" | b"kbd" | b"samp" => INLINE | UNTOUCHED,
        b"pre" => UNTOUCHED,
        b"wbr" => INLINE | VOID,
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" | b"img" | b"input" | b"keygen"
        | b"link" | b"meta" | b"param" | b"source" | b"track" => VOID,
        _ => 0,
    }
}

/// A word starting with one of these is an address, left whole.
const URL_PREFIXES: &[&[u8]] = &[b"http://", b"https://", b"www.", b"ftp://", b"mailto:"];
/// Named references for accented letters (`&eacute;`, `&Agrave;`, `&oelig;`…).
const LETTER_SUFFIXES: &[&[u8]] = &[
    b"acute", b"grave", b"circ", b"uml", b"cedil", b"tilde", b"ring", b"slash", b"lig",
];

/// French typography for the complete HTML document `html` (see the module
/// documentation for the rules). Never fails: malformed markup is copied
/// as it is; `apply(&apply(x)) == apply(x)`.
#[must_use]
pub(crate) fn apply(html: &str) -> String {
    typeset(html, false).0
}

/// [`apply`], and every `(name, value)` attribute of every start tag met
/// on the way, in one pass: the link facts of a finished page come from
/// this scan (attribute values come out of [`apply`] unchanged). Comments,
/// declarations, end tags and the content of raw-text elements (`<script>`,
/// `<style>`…) hold no attributes.
pub(crate) fn apply_and_attributes(html: &str) -> (String, Vec<(&str, &str)>) {
    typeset(html, true)
}

fn typeset(html: &str, with_attributes: bool) -> (String, Vec<(&str, &str)>) {
    let mut t = Typo {
        src: html,
        b: html.as_bytes(),
        out: String::with_capacity(html.len() + html.len() / 32 + 8),
        flushed: 0,
        prev: Prev::RESET,
        skip: None,
        num_until: 0,
        num_convert: false,
        pending_close: None,
    };
    let attributes = t.run(with_attributes);
    (t.out, attributes)
}

/// The last text character seen, across inline tags.
#[derive(Debug, Clone, Copy)]
struct Prev {
    ch: char,
    /// Source offset; meaningful only when `editable`.
    pos: usize,
    /// A raw ASCII space, tab or newline of a processed text node, following
    /// text: it may be turned into a no-break space.
    editable: bool,
}

impl Prev {
    const RESET: Prev = Prev {
        ch: NONE,
        pos: 0,
        editable: false,
    };

    fn fixed(ch: char) -> Prev {
        Prev {
            ch,
            pos: 0,
            editable: false,
        }
    }
}

/// An element whose text is left alone, with the depth of same-name
/// elements opened inside it.
#[derive(Debug)]
struct Skip<'a> {
    name: &'a str,
    depth: usize,
}

/// A word of a text node: `start..end`, and where its last `@` and straight
/// quote are.
#[derive(Debug, Clone, Copy, Default)]
struct Word {
    start: usize,
    end: usize,
    last_at: Option<usize>,
    last_quote: Option<usize>,
}

/// One character of text: a raw character or a character reference.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ch: char,
    len: usize,
    raw: bool,
}

struct Typo<'a> {
    src: &'a str,
    b: &'a [u8],
    out: String,
    /// `src[..flushed]` is accounted for in `out`: unchanged bytes are
    /// copied lazily, in runs.
    flushed: usize,
    prev: Prev,
    skip: Option<Skip<'a>>,
    /// End of the digit groups scanned last, and whether their spaces become
    /// narrow no-break spaces.
    num_until: usize,
    num_convert: bool,
    /// Offset of the straight quote closing the one just opened.
    pending_close: Option<usize>,
}

/// A character after which a `:` `;` `!` `?` sticks to the word.
fn closes_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            ')' | ']' | '}' | '»' | '”' | '’' | '"' | '\'' | '%' | '€' | '.' | '…'
        )
}

/// What may follow a `:` or `;` glued to its word for a space to be put
/// before it: a space, or a closing guillemet or quote (which get a space
/// before them, so the result does not change on a second pass).
fn ends_clause(c: char) -> bool {
    c.is_whitespace() || matches!(c, '»' | '"')
}

fn is_editable_space(u: Unit) -> bool {
    u.raw && matches!(u.ch, ' ' | '\n' | '\t')
}

/// The character at `i` (a char boundary of `src`, `i < src.len()`).
fn unit(src: &str, i: usize) -> Unit {
    let b = src.as_bytes()[i];
    if b == b'&' {
        let rest = &src.as_bytes()[i..];
        return match scan::reference(rest, scan::Reading::Complete) {
            Some((ch, len)) => Unit {
                ch: ch.unwrap_or_else(|| unknown_reference(&rest[1..len - 1])),
                len,
                raw: false,
            },
            None => Unit {
                ch: '&',
                len: 1,
                raw: true,
            },
        };
    }
    if b < 0x80 {
        return Unit {
            ch: char::from(b),
            len: 1,
            raw: true,
        };
    }
    let ch = src[i..].chars().next().unwrap_or(OTHER);
    Unit {
        ch,
        len: ch.len_utf8(),
        raw: true,
    }
}

/// What a named reference the scanner does not know counts as: a letter
/// for the accented ones (`&ntilde;`, `&aring;`…), otherwise a character
/// that is neither letter, digit, space nor punctuation.
fn unknown_reference(name: &[u8]) -> char {
    if LETTER_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        'a'
    } else {
        OTHER
    }
}

impl<'a> Typo<'a> {
    /// Typesets the page; returns the attributes of its start tags when
    /// asked for (`with_attributes`), else nothing.
    fn run(&mut self, with_attributes: bool) -> Vec<(&'a str, &'a str)> {
        let mut scanner = if with_attributes {
            Scanner::keeping_attributes(self.src)
        } else {
            Scanner::new(self.src)
        };
        while let Some(token) = scanner.next_token() {
            match token.kind {
                // The title is text (of which references are read, as in
                // any text); the other raw-text elements are copied as they
                // are.
                Kind::RawText { element } if !element.eq_ignore_ascii_case("title") => {}
                Kind::Text | Kind::RawText { .. } => {
                    if self.skip.is_some() {
                        self.skipped_text(token.start, token.end);
                    } else {
                        self.text(token.start, token.end);
                    }
                }
                // Comments are transparent: `mot<!-- x --> :` still joins
                // the colon to the word.
                Kind::Comment => {}
                Kind::CData | Kind::Declaration => self.prev = Prev::RESET,
                Kind::EndTag { name } => self.end_tag(name),
                Kind::StartTag {
                    name,
                    self_closing,
                    raw,
                } => self.start_tag(name, self_closing, raw, scanner.attributes()),
            }
        }
        self.flush_to(self.b.len());
        if with_attributes {
            scanner.into_attributes()
        } else {
            Vec::new()
        }
    }

    // ---- output -------------------------------------------------------

    fn flush_to(&mut self, i: usize) {
        if i > self.flushed {
            self.out.push_str(&self.src[self.flushed..i]);
            self.flushed = i;
        }
    }

    /// Writes `with` instead of `src[start..end]`.
    fn replace(&mut self, start: usize, end: usize, with: &str) {
        self.flush_to(start);
        self.out.push_str(with);
        self.flushed = end;
    }

    fn insert(&mut self, at: usize, c: char) {
        self.flush_to(at);
        self.out.push(c);
    }

    /// Turns the editable space `self.prev` into `c`. Everything after it
    /// has been copied unchanged (tags, comments), so its place in `out`
    /// follows from `flushed`.
    fn replace_prev(&mut self, c: char) {
        let pos = self.prev.pos;
        if pos >= self.flushed {
            self.flush_to(pos);
            self.out.push(c);
            self.flushed = pos + 1;
        } else {
            let o = self.out.len() - (self.flushed - pos);
            debug_assert!(self.out.as_bytes()[o].is_ascii_whitespace());
            let mut buf = [0u8; 4];
            self.out.replace_range(o..=o, c.encode_utf8(&mut buf));
        }
        self.prev = Prev::fixed(c);
    }

    // ---- markup -------------------------------------------------------

    fn end_tag(&mut self, name: &str) {
        if let Some(s) = self
            .skip
            .as_mut()
            .filter(|s| s.name.eq_ignore_ascii_case(name))
        {
            s.depth -= 1;
            if s.depth == 0 {
                self.skip = None;
            }
        }
        if kind(name) & INLINE == 0 {
            self.prev = Prev::RESET;
        }
    }

    /// A start tag; `raw` when the content of a raw-text element follows.
    fn start_tag(
        &mut self,
        name: &'a str,
        self_closing: bool,
        raw: bool,
        attributes: &[(&'a str, &'a str)],
    ) {
        let (mut translate_no, mut no_typo) = (false, false);
        for &(attr, value) in attributes {
            if attr.eq_ignore_ascii_case("translate")
                && value.trim_ascii().eq_ignore_ascii_case("no")
            {
                translate_no = true;
            }
            if attr.eq_ignore_ascii_case("class")
                && value.split_ascii_whitespace().any(|c| c == "no-typo")
            {
                no_typo = true;
            }
        }
        let kind = kind(name);
        let void = self_closing || kind & VOID != 0;
        if let Some(s) = self
            .skip
            .as_mut()
            .filter(|s| !void && s.name.eq_ignore_ascii_case(name))
        {
            s.depth += 1;
        }
        // A script, style…: its content is copied whole (the title's is
        // text, see `run`).
        if raw && !name.eq_ignore_ascii_case("title") {
            self.prev = Prev::RESET;
            return;
        }
        if self.skip.is_none() && !void && (translate_no || no_typo || kind & UNTOUCHED != 0) {
            self.skip = Some(Skip { name, depth: 1 });
        }
        if kind & INLINE == 0 {
            self.prev = Prev::RESET;
        }
    }

    // ---- text ---------------------------------------------------------

    /// Text of an element left alone: copied as is, but its last character
    /// is what a following `:` or `?` sticks to.
    fn skipped_text(&mut self, start: usize, end: usize) {
        if let Some(c) = self.src[start..end].chars().next_back() {
            self.prev = Prev::fixed(c);
        }
    }

    /// The character at `i` if it is still in the text node ending at `end`.
    fn peek(&self, i: usize, end: usize) -> Option<char> {
        (i < end).then(|| unit(self.src, i).ch)
    }

    /// Whether an inline start tag (`<em>`, `<a …>`) begins at `i`.
    fn inline_tag_at(&self, i: usize) -> bool {
        scan::start_tag_name_at(self.src, i).is_some_and(|name| kind(name) & INLINE != 0)
    }

    /// Scans the word (up to the next space) containing `i`.
    fn scan_word(&self, i: usize, end: usize) -> Word {
        let mut w = Word {
            start: i,
            end: i,
            last_at: None,
            last_quote: None,
        };
        let b = self.b;
        while w.end < end {
            let c = b[w.end];
            if c.is_ascii_alphanumeric() || (c >= 0x80 && c != 0xC2 && !(0xE1..=0xE3).contains(&c))
            {
                w.end += 1;
                continue;
            }
            let (ch, len) = match c {
                // References, and the lead bytes of the only non-ASCII
                // spaces (U+0085, U+00A0, U+1680, U+2000…U+3000).
                b'&' | 0xC2 | 0xE1..=0xE3 => {
                    let u = unit(self.src, w.end);
                    (u.ch, u.len)
                }
                // Other bytes: ASCII, or parts of characters that are not
                // spaces.
                c => (char::from(c), 1),
            };
            if ch.is_whitespace() {
                break;
            }
            match ch {
                '@' => w.last_at = Some(w.end),
                '"' => w.last_quote = Some(w.end),
                _ => {}
            }
            w.end += len;
        }
        w
    }

    /// Whether what starts at `p` in the word `w` is an address: it holds an
    /// `@`, or starts (after a few opening brackets or quotes) with
    /// `http://`, `https://`, `www.`…
    fn is_address(&self, p: usize, w: &Word) -> bool {
        if w.last_at.is_some_and(|a| a >= p) {
            return true;
        }
        let mut core = p;
        for _ in 0..4 {
            if core >= w.end {
                break;
            }
            let u = unit(self.src, core);
            if !matches!(u.ch, '(' | '[' | '"' | '\'' | '«' | '“' | '‘' | '<') {
                break;
            }
            core += u.len;
        }
        let rest = &self.b[core..w.end];
        URL_PREFIXES
            .iter()
            .any(|p| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p))
    }

    /// The straight quote closing one opened just before `from`, if the next
    /// straight quote of the text node can close (it follows a non-space and
    /// precedes a space, the end or punctuation), is not inside an address
    /// and no guillemet comes first.
    /// `word` is the word holding the opening quote (already scanned: not
    /// scanning it again keeps `"("("("…` linear).
    fn find_closer(&self, from: usize, end: usize, word: &Word) -> Option<usize> {
        let mut j = from;
        let mut before = '"';
        // As in `text`: right after a converted opening quote, a word starts.
        let mut word_start = true;
        while j < end {
            if word_start {
                word_start = false;
                let w = if j < word.end {
                    *word
                } else {
                    self.scan_word(j, end)
                };
                if self.is_address(j, &w) {
                    if w.last_quote.is_some() {
                        return None;
                    }
                    j = w.end;
                    before = OTHER;
                    continue;
                }
            }
            let u = unit(self.src, j);
            let after = j + u.len;
            if u.ch == '"' {
                let closes = !before.is_whitespace()
                    && self.peek(after, end).is_none_or(|c| {
                        c.is_whitespace()
                            || matches!(
                                c,
                                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…' | '»'
                            )
                    });
                return closes.then_some(j);
            }
            // Guillemets in between (some may come from quotes paired on a
            // previous pass): no pairing, so a second pass pairs nothing new.
            if matches!(u.ch, '«' | '»') {
                return None;
            }
            word_start = u.ch.is_whitespace();
            before = u.ch;
            j = after;
        }
        None
    }

    /// Digit groups starting at `start`: `d{1,3}( ddd)+`, not glued to a
    /// word or a decimal separator, are written with narrow no-break
    /// spaces. The whole run of space-separated digit groups is judged at
    /// once, so `2024 325` or `1 22 333` are left alone.
    fn scan_number(&mut self, start: usize, end: usize, before: char) {
        let b = self.b;
        let mut j = start;
        let mut groups = 0usize;
        let mut valid = !(before.is_alphanumeric() || matches!(before, ',' | '.'));
        loop {
            let s = j;
            while j < end && b[j].is_ascii_digit() {
                j += 1;
            }
            let len = j - s;
            valid &= if groups == 0 { len <= 3 } else { len == 3 };
            groups += 1;
            if j < end {
                let u = unit(self.src, j);
                let after = j + u.len;
                if matches!(u.ch, ' ' | NBSP | NNBSP) && after < end && b[after].is_ascii_digit() {
                    j = after;
                    continue;
                }
            }
            break;
        }
        self.num_until = j;
        self.num_convert = valid && groups >= 2;
    }

    /// After a `«` ending at `next`: a narrow no-break space inside.
    /// Returns where to go on.
    fn open_guillemet_tail(&mut self, next: usize, end: usize) -> usize {
        if next < end {
            let u = unit(self.src, next);
            if is_editable_space(u) {
                self.replace(next, next + 1, "\u{202F}");
                self.prev = Prev::fixed(NNBSP);
                return next + 1;
            }
            if u.ch.is_whitespace() {
                self.prev = Prev::fixed('«');
                return next;
            }
        }
        if next < self.b.len() {
            self.insert(next, NNBSP);
            self.prev = Prev::fixed(NNBSP);
        } else {
            self.prev = Prev::fixed('«');
        }
        next
    }

    /// Before a `»` at `i`: a narrow no-break space inside.
    fn close_guillemet(&mut self, i: usize) {
        let prev = self.prev;
        if prev.editable {
            self.replace_prev(NNBSP);
        } else if prev.ch != NONE && !prev.ch.is_whitespace() {
            self.insert(i, NNBSP);
        }
    }

    /// Whether the `2` at `i` ends the word `CO2`, written in one run of
    /// text (`CO2e`, `MCO2`, `CO22` are other words).
    fn is_co2(&self, i: usize, end: usize) -> bool {
        let b = self.b;
        i >= 2
            && &b[i - 2..i] == b"CO"
            && (i == 2 || !b[i - 3].is_ascii_alphanumeric())
            && !self.peek(i + 1, end).is_some_and(char::is_alphanumeric)
    }

    /// Skips the run of letters (ASCII, or two-byte UTF-8 such as `é`, none
    /// of which is a space or a guillemet) at `i`, which triggers no rule;
    /// returns its end and whether it was all ASCII.
    fn letters(&mut self, i: usize, end: usize) -> (usize, bool) {
        let b = self.b;
        let mut j = i;
        let mut ascii = true;
        while j < end {
            if b[j].is_ascii_alphabetic() {
                j += 1;
            } else if (0xC3..=0xDF).contains(&b[j]) {
                j += 2;
                ascii = false;
            } else {
                break;
            }
        }
        let last = self.src[i..j].chars().next_back().unwrap_or(OTHER);
        self.prev = Prev::fixed(last);
        (j, ascii)
    }

    /// A space `u` at `i`: a narrow no-break space inside a number (`1 000`,
    /// `20 %`), otherwise remembered as one a following `:` `;` `!` `?` may
    /// replace.
    fn space(&mut self, u: Unit, i: usize, end: usize) {
        let prev = self.prev;
        let next = i + u.len;
        if !is_editable_space(u) {
            self.prev = Prev::fixed(u.ch);
            return;
        }
        let number_space = u.ch == ' '
            && ((i < self.num_until && self.num_convert)
                || (prev.ch.is_ascii_digit() && matches!(self.peek(next, end), Some('%' | '€'))));
        if number_space {
            self.replace(i, next, "\u{202F}");
            self.prev = Prev::fixed(NNBSP);
        } else {
            let editable = prev.editable || (prev.ch != NONE && !prev.ch.is_whitespace());
            self.prev = Prev {
                ch: u.ch,
                pos: i,
                editable,
            };
        }
    }

    /// A `:` (no-break space before it) or `;` (narrow no-break space) at
    /// `i`; `was_in_ref` when it ends a bare `&…` that is no reference.
    fn colon_or_semicolon(
        &mut self,
        ch: char,
        i: usize,
        next: usize,
        end: usize,
        was_in_ref: bool,
    ) {
        let prev = self.prev;
        let nx = self.peek(next, end);
        let space = if ch == ':' { NBSP } else { NNBSP };
        // `::`, `a :b`, `10:30`; and a `;` in a word holding a
        // bare `&` (a malformed reference such as `&#xZZ;`).
        let left = if ch == ':' {
            prev.ch == ':' || nx == Some(':')
        } else {
            was_in_ref
        };
        if !left && !nx.is_some_and(char::is_alphanumeric) {
            if prev.editable {
                self.replace_prev(space);
            } else if closes_word(prev.ch) && nx.is_none_or(ends_clause) {
                self.insert(i, space);
            }
        }
    }

    /// A `!` or `?` at `i`: a narrow no-break space before it.
    fn exclamation_or_question(&mut self, i: usize, next: usize, end: usize) {
        let prev = self.prev;
        let nx = self.peek(next, end);
        if nx.is_some_and(char::is_alphanumeric) {
            return;
        }
        if prev.editable {
            self.replace_prev(NNBSP);
        } else if closes_word(prev.ch)
            && nx.is_none_or(|c| {
                ends_clause(c)
                    || matches!(
                        c,
                        '!' | '?'
                            | ')'
                            | ']'
                            | '}'
                            | '”'
                            | '\''
                            | '’'
                            | '.'
                            | ','
                            | '…'
                            | ';'
                            | ':'
                    )
            })
        {
            self.insert(i, NNBSP);
        }
    }

    /// Where the quotation opened by the straight quote ending at `next`
    /// closes, if that quote opens one (after nothing, a space or an
    /// opening bracket or dash, before a word) and its closer is found.
    fn quote_closer(&self, next: usize, end: usize, word: &Word) -> Option<usize> {
        let prev = self.prev;
        let opens = (prev.ch == NONE
            || prev.ch.is_whitespace()
            || matches!(prev.ch, '(' | '[' | '{' | '—' | '–'))
            && self
                .peek(next, end)
                .is_some_and(|c| !c.is_whitespace() && c != '"');
        opens.then(|| self.find_closer(next, end, word)).flatten()
    }

    /// The straight quote `i..next` opening a quotation closed at `closer`
    /// written `«` with its space; returns where to go on.
    fn open_quote(&mut self, i: usize, next: usize, end: usize, closer: usize) -> usize {
        self.pending_close = Some(closer);
        self.replace(i, next, "«");
        self.open_guillemet_tail(next, end)
    }

    /// The straight quote `i..next` closing the quotation opened last
    /// written `»` with its space; returns `»`.
    fn close_quote(&mut self, i: usize, next: usize) -> char {
        self.pending_close = None;
        self.close_guillemet(i);
        self.replace(i, next, "»");
        '»'
    }

    /// Whether the straight quote ending at `next`, after a letter, is an
    /// apostrophe: a letter, a `«` or an inline tag follows.
    fn apostrophe_joins(&self, next: usize, end: usize) -> bool {
        match self.peek(next, end) {
            Some(c) => c.is_alphabetic() || c == '«',
            None => self.inline_tag_at(next),
        }
    }

    /// At the start of a word at `i`: `word` scanned (unless `i` is in it
    /// already, after a `«`); an address is left alone, and its end returned.
    fn word_start(&mut self, i: usize, end: usize, word: &mut Word) -> Option<usize> {
        // After a `«` a word starts again within the scanned one.
        if !(word.start..word.end).contains(&i) {
            *word = self.scan_word(i, end);
        }
        if !self.is_address(i, word) {
            return None;
        }
        let last = self.src[i..word.end].chars().next_back().unwrap_or(OTHER);
        self.prev = Prev::fixed(last);
        Some(word.end)
    }

    /// A text node `start..end`: the French typography rules, one character
    /// at a time.
    fn text(&mut self, start: usize, end: usize) {
        self.pending_close = None;
        let mut i = start;
        let mut word_start = true;
        // Inside `&name` or `&#x…` not read as a reference (`&#xZZ;`): its
        // `;` is not punctuation.
        let mut in_ref = false;
        let mut word = Word::default();
        while i < end {
            if word_start {
                word_start = false;
                if let Some(after) = self.word_start(i, end, &mut word) {
                    in_ref = false;
                    i = after;
                    continue;
                }
            }
            // Fast path: a run of letters triggers no rule.
            let b = self.b;
            if b[i].is_ascii_alphabetic() || (0xC3..=0xDF).contains(&b[i]) {
                let (j, ascii) = self.letters(i, end);
                in_ref &= ascii;
                i = j;
                continue;
            }
            let u = unit(self.src, i);
            let next = i + u.len;
            let prev = self.prev;
            let was_in_ref = in_ref;
            in_ref =
                u.raw && (u.ch == '&' || (in_ref && (u.ch.is_ascii_alphanumeric() || u.ch == '#')));
            // What the following characters see as their predecessor.
            let mut seen = u.ch;
            match u.ch {
                c if c.is_whitespace() => {
                    word_start = true;
                    self.space(u, i, end);
                    i = next;
                    continue;
                }
                ':' | ';' => self.colon_or_semicolon(u.ch, i, next, end, was_in_ref),
                '!' | '?' => self.exclamation_or_question(i, next, end),
                '«' => {
                    i = self.open_guillemet_tail(next, end);
                    word_start = true;
                    continue;
                }
                '»' => self.close_guillemet(i),
                '"' if self.pending_close == Some(i) => seen = self.close_quote(i, next),
                '"' => {
                    if let Some(q) = self.quote_closer(next, end, &word) {
                        i = self.open_quote(i, next, end, q);
                        word_start = true;
                        continue;
                    }
                }
                '\'' if prev.ch.is_alphabetic() && self.apostrophe_joins(next, end) => {
                    self.replace(i, next, "’");
                    seen = '’';
                }
                '2' if u.raw && prev.ch == 'O' && self.is_co2(i, end) => {
                    self.replace(i, next, "₂");
                    seen = '₂';
                }
                c if c.is_ascii_digit()
                    && u.raw
                    && i >= self.num_until
                    && !prev.ch.is_ascii_digit() =>
                {
                    self.scan_number(i, end, prev.ch);
                }
                _ => {}
            }
            self.prev = Prev::fixed(seen);
            i = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `apply` on `input`, checked to be idempotent.
    fn ty(input: &str) -> String {
        let once = apply(input);
        assert_eq!(apply(&once), once, "not idempotent on {input:?}");
        once
    }

    fn same(input: &str) {
        assert_eq!(ty(input), input);
    }

    // ---- colon ----------------------------------------------------------

    #[test]
    fn colon_space_becomes_no_break() {
        assert_eq!(ty("<p>Objectif : x</p>"), "<p>Objectif\u{A0}: x</p>");
        assert_eq!(ty("Objectif : x"), "Objectif\u{A0}: x");
        assert_eq!(ty("(voir) : x"), "(voir)\u{A0}: x");
    }

    #[test]
    fn colon_inserted_after_word() {
        assert_eq!(ty("<p>Objectif: x</p>"), "<p>Objectif\u{A0}: x</p>");
        assert_eq!(ty("<p>Objectif:</p>"), "<p>Objectif\u{A0}:</p>");
        assert_eq!(
            ty("<p>(voir ci-dessous): x</p>"),
            "<p>(voir ci-dessous)\u{A0}: x</p>"
        );
        assert_eq!(ty("à 10: x"), "à 10\u{A0}: x");
        assert_eq!(ty("« Non »: x"), "«\u{202F}Non\u{202F}»\u{A0}: x");
    }

    #[test]
    fn colon_left_alone() {
        same("<p>10:30</p>");
        same("<p>a:b</p>");
        same("<p>std::fmt</p>");
        same("<p>a :: b</p>");
        same("<p>a::</p>");
        same("<p>:x</p>");
        same("<p>: x</p>");
        same("<p>protocole http:x</p>");
    }

    #[test]
    fn colon_after_soft_line_break() {
        assert_eq!(ty("<p>commune\n: que</p>"), "<p>commune\u{A0}: que</p>");
        // A newline after a block boundary is not text: left alone.
        same("<li>a</li>\n<li>: b</li>");
        same("<ul>\n<li>x</li>\n</ul>\n<p>: b</p>");
    }

    #[test]
    fn colon_across_inline_tags() {
        assert_eq!(
            ty("<p><strong>Objectif</strong> : x</p>"),
            "<p><strong>Objectif</strong>\u{A0}: x</p>"
        );
        assert_eq!(
            ty("<p><strong>Objectif </strong>: x</p>"),
            "<p><strong>Objectif\u{A0}</strong>: x</p>"
        );
        assert_eq!(
            ty("<p><em>Objectif</em>: x</p>"),
            "<p><em>Objectif</em>\u{A0}: x</p>"
        );
        assert_eq!(
            ty("<p><a href=\"/x\"><em>Objectif </em></a><!-- c -->: x</p>"),
            "<p><a href=\"/x\"><em>Objectif\u{A0}</em></a><!-- c -->: x</p>"
        );
        // A block boundary is not crossed.
        same("<p>Objectif</p>: x");
        same("<p>Objectif </p><p>: x</p>");
        same("<p>Objectif<br>: x</p>");
    }

    #[test]
    fn existing_spaces_kept() {
        same("<p>Objectif\u{A0}: x</p>");
        same("<p>Objectif\u{202F}: x</p>");
        same("<p>Objectif&nbsp;: x</p>");
        same("<p>Objectif&#160;: x&#8239;; z&#x202F;? t&thinsp;!</p>");
        same("<p>Vraiment\u{202F}? Oui\u{A0}! Non\u{202F}; «\u{A0}a\u{A0}»</p>");
    }

    // ---- ; ! ? ------------------------------------------------------------

    #[test]
    fn high_punctuation_space_becomes_narrow() {
        assert_eq!(
            ty("<p>a ; b ! c ? d</p>"),
            "<p>a\u{202F}; b\u{202F}! c\u{202F}? d</p>"
        );
        assert_eq!(ty("<p>Vraiment\n?</p>"), "<p>Vraiment\u{202F}?</p>");
    }

    #[test]
    fn high_punctuation_inserted_after_word() {
        assert_eq!(
            ty("<p>a; b! c? d</p>"),
            "<p>a\u{202F}; b\u{202F}! c\u{202F}? d</p>"
        );
        assert_eq!(ty("<p>Vraiment?</p>"), "<p>Vraiment\u{202F}?</p>");
        assert_eq!(ty("<p>Mais…?</p>"), "<p>Mais…\u{202F}?</p>");
        assert_eq!(ty("<p>(oui)!</p>"), "<p>(oui)\u{202F}!</p>");
        assert_eq!(
            ty("<p>« Oui »?</p>"),
            "<p>«\u{202F}Oui\u{202F}»\u{202F}?</p>"
        );
        assert_eq!(ty("<p>Oui?)</p>"), "<p>Oui\u{202F}?)</p>");
    }

    #[test]
    fn interrobang_spaced_once() {
        assert_eq!(ty("<p>Quoi?!</p>"), "<p>Quoi\u{202F}?!</p>");
        assert_eq!(ty("<p>Quoi ?!</p>"), "<p>Quoi\u{202F}?!</p>");
        assert_eq!(ty("<p>Quoi!?</p>"), "<p>Quoi\u{202F}!?</p>");
        assert_eq!(ty("<p>Quoi???</p>"), "<p>Quoi\u{202F}???</p>");
    }

    #[test]
    fn punctuation_after_inline_element() {
        assert_eq!(
            ty("<p>Voir <a href=\"/x\">ce lien</a>? Oui</p>"),
            "<p>Voir <a href=\"/x\">ce lien</a>\u{202F}? Oui</p>"
        );
        assert_eq!(
            ty("<p><strong>Attention</strong>!</p>"),
            "<p><strong>Attention</strong>\u{202F}!</p>"
        );
        // After a block or at the start of a block: nothing to attach to.
        same("<p>?</p>");
        same("<div>Question</div>? x");
        same("<td>a</td><td>;</td>");
    }

    #[test]
    fn high_punctuation_left_alone() {
        same("<p>a?b a!b a;b</p>");
        same("<p>(?) (!) [;]</p>");
        same("<p>&amp;; x</p>");
        same("<p>!important ?x</p>");
    }

    // ---- guillemets -------------------------------------------------------

    #[test]
    fn guillemets_get_narrow_spaces() {
        assert_eq!(ty("<p>« texte »</p>"), "<p>«\u{202F}texte\u{202F}»</p>");
        assert_eq!(ty("<p>«texte»</p>"), "<p>«\u{202F}texte\u{202F}»</p>");
        assert_eq!(ty("<p>«\ntexte\n»</p>"), "<p>«\u{202F}texte\u{202F}»</p>");
        assert_eq!(
            ty("<p>&laquo; texte&raquo;</p>"),
            "<p>&laquo;\u{202F}texte\u{202F}&raquo;</p>"
        );
        assert_eq!(
            ty("<p>la «<em>feuille de route</em>» et</p>"),
            "<p>la «\u{202F}<em>feuille de route</em>\u{202F}» et</p>"
        );
        assert_eq!(
            ty("<p>« <em>mot</em> »</p>"),
            "<p>«\u{202F}<em>mot</em>\u{202F}»</p>"
        );
    }

    #[test]
    fn guillemets_existing_spaces_kept() {
        same("<p>«\u{A0}texte\u{A0}»</p>");
        same("<p>«&nbsp;texte&#8239;»</p>");
        // A closing guillemet at the start of a block: nothing before it.
        same("<p>» x</p>");
    }

    // ---- straight double quotes -------------------------------------------

    #[test]
    fn straight_quotes_paired() {
        assert_eq!(
            ty("<p>il dit \"bonjour\" puis \"au revoir\".</p>"),
            "<p>il dit «\u{202F}bonjour\u{202F}» puis «\u{202F}au revoir\u{202F}».</p>"
        );
        assert_eq!(
            ty("<p>&quot;Bonjour&quot;, dit-il</p>"),
            "<p>«\u{202F}Bonjour\u{202F}», dit-il</p>"
        );
        assert_eq!(ty("<p>(\"entre\")</p>"), "<p>(«\u{202F}entre\u{202F}»)</p>");
        assert_eq!(
            ty("<p>\"Quoi ?\"</p>"),
            "<p>«\u{202F}Quoi\u{202F}?\u{202F}»</p>"
        );
        assert_eq!(
            ty("<p>\"Non\": x</p>"),
            "<p>«\u{202F}Non\u{202F}»\u{A0}: x</p>"
        );
    }

    #[test]
    fn straight_quotes_unpaired_left_alone() {
        same("<p>un \"seul guillemet</p>");
        same("<p>écrans de 12\" et 15\"</p>");
        same("<p>\" espacés \"</p>");
        same("<p>a\"b\"c</p>");
        same("<p>\"\"</p>");
        // Split across text nodes: not paired.
        same("<p>\"<em>titre</em>\"</p>");
        // The closing quote belongs to an address.
        same("<p>\"voir https://example.fr\"</p>");
        same("<p>\"écrire à x@y.fr\"</p>");
        // Guillemets inside: left to the editor.
        same("<p>\"il a dit «\u{202F}non\u{202F}»\"</p>");
    }

    #[test]
    fn straight_quotes_in_attributes_untouched() {
        let html = "<p title=\"a &quot;b&quot; c\" data-x='\"y\"'>\"z\"</p>";
        assert_eq!(
            ty(html),
            "<p title=\"a &quot;b&quot; c\" data-x='\"y\"'>«\u{202F}z\u{202F}»</p>"
        );
    }

    // ---- apostrophe -------------------------------------------------------

    #[test]
    fn apostrophe_between_letters() {
        assert_eq!(ty("<p>l'économie</p>"), "<p>l’économie</p>");
        assert_eq!(ty("<p>aujourd'hui</p>"), "<p>aujourd’hui</p>");
        assert_eq!(ty("<p>l&#39;économie</p>"), "<p>l’économie</p>");
        assert_eq!(ty("<p>L&#x27;État</p>"), "<p>L’État</p>");
        assert_eq!(ty("<p>l&apos;Europe</p>"), "<p>l’Europe</p>");
        assert_eq!(
            ty("<p>l&#39;&eacute;t&eacute;</p>"),
            "<p>l’&eacute;t&eacute;</p>"
        );
        assert_eq!(ty("<p>l'<em>État</em></p>"), "<p>l’<em>État</em></p>");
        assert_eq!(ty("<p><em>l</em>'État</p>"), "<p><em>l</em>’État</p>");
    }

    #[test]
    fn apostrophe_before_guillemet() {
        assert_eq!(
            ty("<p>d'« aller vers »</p>"),
            "<p>d’«\u{202F}aller vers\u{202F}»</p>"
        );
        assert_eq!(
            ty("<p>l'«\u{202F}ESS-isation\u{202F}»</p>"),
            "<p>l’«\u{202F}ESS-isation\u{202F}»</p>"
        );
        assert_eq!(
            ty("<p>l&#39;«&#160;x&#160;»</p>"),
            "<p>l’«&#160;x&#160;»</p>"
        );
        // Not after a space or a digit: not an elision.
        same("<p>x '«\u{202F}a\u{202F}»</p>");
        same("<p>1'«\u{202F}a\u{202F}»</p>");
    }

    #[test]
    fn co2_gets_its_subscript() {
        assert_eq!(
            ty("<p>35 tonnes de CO2 évitées</p>"),
            "<p>35 tonnes de CO₂ évitées</p>"
        );
        assert_eq!(ty("<p>(CO2)</p>"), "<p>(CO₂)</p>");
        assert_eq!(ty("<p>CO2.</p>"), "<p>CO₂.</p>");
        same("<p>CO2e MCO2 CO22 co2 CO₂</p>");
        same("<p><code>CO2</code></p>");
        assert_eq!(ty(&ty("<p>CO2</p>")), "<p>CO₂</p>");
    }

    #[test]
    fn apostrophe_left_alone_elsewhere() {
        same("<p>'cité'</p>");
        same("<p>rock 'n' roll</p>");
        same("<p>l'</p>");
        same("<p>l'</em></p>");
        same("<p>l' x</p>");
        same("<p>l'1</p>");
        same("<p>&#39;x&#39;</p>");
        same("<p>années '80</p>");
    }

    // ---- numbers ----------------------------------------------------------

    #[test]
    fn thousands_separators() {
        assert_eq!(
            ty("<p>2 700 000 personnes</p>"),
            "<p>2\u{202F}700\u{202F}000 personnes</p>"
        );
        assert_eq!(ty("<p>142 300</p>"), "<p>142\u{202F}300</p>");
        assert_eq!(ty("<p>80 000 euros</p>"), "<p>80\u{202F}000 euros</p>");
        assert_eq!(ty("<p>(12 300)</p>"), "<p>(12\u{202F}300)</p>");
        assert_eq!(ty("<p>1 200,50 €</p>"), "<p>1\u{202F}200,50\u{202F}€</p>");
        assert_eq!(
            ty("<p>3\u{A0}000 et 4 000</p>"),
            "<p>3\u{A0}000 et 4\u{202F}000</p>"
        );
        assert_eq!(ty("<p>3&nbsp;000 000</p>"), "<p>3&nbsp;000\u{202F}000</p>");
    }

    #[test]
    fn ambiguous_digit_groups_left_alone() {
        same("<p>en 2024 2025</p>");
        same("<p>entre 2024 et 2028</p>");
        same("<p>en 2024 325 entreprises</p>");
        same("<p>12345 678</p>");
        same("<p>1 22 333</p>");
        same("<p>2 700 00</p>");
        same("<p>A1 000</p>");
        same("<p>3,5 000</p>");
        same("<p>03 20 12 34 56</p>");
        same("<p>1 000</p>".replace(' ', "").as_str());
    }

    #[test]
    fn number_and_unit() {
        assert_eq!(ty("<p>10,6 %</p>"), "<p>10,6\u{202F}%</p>");
        assert_eq!(ty("<p>12 €</p>"), "<p>12\u{202F}€</p>");
        assert_eq!(ty("<p>12 &euro;</p>"), "<p>12\u{202F}&euro;</p>");
        assert_eq!(
            ty("<p>soit 10 % : x</p>"),
            "<p>soit 10\u{202F}%\u{A0}: x</p>"
        );
        same("<p>10%</p>");
        same("<p>x %</p>");
        same("<p>10\u{A0}%</p>");
    }

    // ---- exclusions -------------------------------------------------------

    #[test]
    fn code_like_elements_untouched() {
        same("<pre>a : b \"c\" l'a 2 700 ?</pre>");
        same("<p><code>a : b ; l'x \"y\"</code></p>");
        same("<p><kbd>Ctrl : C</kbd> <samp>Erreur : x</samp></p>");
        same("<pre><code class=\"language-rust\">fn main() { a ? b : c; }</code></pre>");
        same("<PRE>a : b</PRE>");
        // Nested same-name elements.
        same("<pre>a <pre>b</pre> : c</pre>");
        assert_eq!(
            ty("<code>a<code>b</code> : c</code> d : e"),
            "<code>a<code>b</code> : c</code> d\u{A0}: e"
        );
        assert_eq!(
            ty("<span translate=\"no\">a <span>b</span> : c</span> d : e"),
            "<span translate=\"no\">a <span>b</span> : c</span> d\u{A0}: e"
        );
        assert_eq!(
            ty("<pre>a <pre>b</pre> : c</pre> d : e"),
            "<pre>a <pre>b</pre> : c</pre> d\u{A0}: e"
        );
    }

    #[test]
    fn text_next_to_code_still_converted() {
        assert_eq!(
            ty("<p>Voir <code>a</code> : b</p>"),
            "<p>Voir <code>a</code>\u{A0}: b</p>"
        );
        assert_eq!(
            ty("<p>Voir <code>a</code>: b</p>"),
            "<p>Voir <code>a</code>\u{A0}: b</p>"
        );
        // A space inside the code element is not ours to change.
        same("<p>Voir <code>a </code>: b</p>");
    }

    #[test]
    fn raw_text_elements_untouched() {
        same("<script>if (a ? b : c) { x = \"</div> : ?\"; y = 'l'; }</script>");
        same("<style>a:hover{color:red;} p::before{content:\"« »\"}</style>");
        same("<textarea>a : b l'x</textarea>");
        same("<SCRIPT type=\"module\">a ? b : c</script >");
        assert_eq!(
            ty("<script>\"</p>\"</script><p>a : b</p>"),
            "<script>\"</p>\"</script><p>a\u{A0}: b</p>"
        );
        // A raw element inside an untouched one does not end it early.
        same("<div translate=\"no\"><script>\"</div>\"</script>a : b</div>");
    }

    #[test]
    fn translate_no_and_no_typo_untouched() {
        assert_eq!(
            ty("<p><span translate=\"no\">a : b</span> c : d</p>"),
            "<p><span translate=\"no\">a : b</span> c\u{A0}: d</p>"
        );
        same("<div translate=\"no\"><div>a : b</div>c : d</div>");
        assert_eq!(
            ty("<div translate=\"no\"><div>a : b</div>c : d</div>e : f"),
            "<div translate=\"no\"><div>a : b</div>c : d</div>e\u{A0}: f"
        );
        same("<span TRANSLATE='NO'>a : b</span>");
        same("<span translate=no>a : b</span>");
        same("<p class=\"intro no-typo\">a : b l'x</p>");
        same("<p class=no-typo>a : b</p>");
        // Tokens, not substrings.
        assert_eq!(
            ty("<p class=\"no-typography\">a : b</p>"),
            "<p class=\"no-typography\">a\u{A0}: b</p>"
        );
        assert_eq!(
            ty("<p translate=\"yes\">a : b</p>"),
            "<p translate=\"yes\">a\u{A0}: b</p>"
        );
        // A void element cannot hold text.
        assert_eq!(
            ty("<p><img translate=\"no\" alt=\"x\"> a : b</p>"),
            "<p><img translate=\"no\" alt=\"x\"> a\u{A0}: b</p>"
        );
        // Other elements inside the skipped one do not end it.
        same("<div class=\"no-typo\"><p>a : b</p><code>c</code><p>d ? e</p></div>");
    }

    #[test]
    fn attributes_comments_declarations_untouched() {
        same("<a title=\"a : b ; c ! l'a 2 700\" href=\"http://x.fr?a=1&amp;b=2\">x</a>");
        same("<abbr title=\"Direction régionale de l&#39;économie : x\">DREETS</abbr>");
        assert_eq!(
            ty("<abbr title=\"l&#39;a : b\">l&#39;a : b</abbr>"),
            "<abbr title=\"l&#39;a : b\">l’a\u{A0}: b</abbr>"
        );
        same("<!-- a : b l'x \"y\" -->");
        same("<!DOCTYPE html>");
        same("<?xml version=\"1.0\"?>");
        same("<svg><![CDATA[ a : b ]]></svg>");
        same("<img alt=\"a > b : c\">");
        same("<p data-x='a > b : c' data-y=\"x > y ?\">z</p>");
        same("<input value=x:y>");
    }

    #[test]
    fn urls_and_emails_untouched() {
        assert_eq!(
            ty("<p>voir https://example.fr/a?b=c&amp;d=l'x : ici</p>"),
            "<p>voir https://example.fr/a?b=c&amp;d=l'x\u{A0}: ici</p>"
        );
        same("<p>http://example.fr:8080/l'a?x!</p>");
        same("<p>site www.travail-emploi.gouv.fr:</p>");
        same("<p>écrire à contact@dreets.gouv.fr!</p>");
        same("<p>(https://x.fr/?a) \"www.x.fr\"</p>");
        same("<p>«https://x.fr/»</p>");
        same("<p><a href=\"mailto:a@b.fr\">a@b.fr</a></p>");
        same("<p>WWW.X.FR?</p>");
        same("<p>jean&#64;x.fr!</p>");
        assert_eq!(
            ty("<p>Courriel: jean@x.fr ; site : www.x.fr</p>"),
            "<p>Courriel\u{A0}: jean@x.fr\u{202F}; site\u{A0}: www.x.fr</p>"
        );
    }

    // ---- references and odd input -----------------------------------------

    #[test]
    fn character_references() {
        assert_eq!(
            ty("<p>Dupont &amp; fils : x</p>"),
            "<p>Dupont &amp; fils\u{A0}: x</p>"
        );
        assert_eq!(
            ty("<p>&lt;a&gt; : balise</p>"),
            "<p>&lt;a&gt;\u{A0}: balise</p>"
        );
        // The `;` ending a reference is not a semicolon.
        same("<p>&#x3B1;&#945;&eacute;&amp;&lt;&gt;</p>");
        same("<p>AT&amp;T</p>");
        // A bare `&` is a character.
        assert_eq!(ty("<p>AT&T: x</p>"), "<p>AT&T\u{A0}: x</p>");
        same("<p>&unknown; &#xZZ; &#; &; &#99999999999;</p>");
    }

    #[test]
    fn malformed_input() {
        same("");
        same("<");
        same("<p");
        same("</");
        same("<!--");
        same("<p title=\"x : y");
        same("<p>a <!-- unterminated : x");
        same("<script>a : b");
        assert_eq!(ty("a < b : c"), "a < b\u{A0}: c");
        assert_eq!(ty("a <3 : c"), "a <3\u{A0}: c");
        same("</ >a");
        same("<p =x>y</p>");
        same("<br/><br />");
    }

    #[test]
    fn plain_text_without_markup() {
        assert_eq!(
            ty("L'emploi : 2 700 000 personnes ; soit 10,6 % ?"),
            "L’emploi\u{A0}: 2\u{202F}700\u{202F}000 personnes\u{202F}; soit 10,6\u{202F}%\u{202F}?"
        );
    }

    #[test]
    fn title_text_converted() {
        assert_eq!(
            ty("<title>Les panoramas de l&#39;inclusion : 2024</title>"),
            "<title>Les panoramas de l’inclusion\u{A0}: 2024</title>"
        );
    }

    // ---- whole pages ------------------------------------------------------

    /// Tags, comments and declarations, with raw-text element contents,
    /// in order; and the text with the typographic differences folded.
    fn split(s: &str) -> (Vec<&str>, String) {
        let b = s.as_bytes();
        let mut markup = Vec::new();
        let mut text = String::new();
        let mut i = 0;
        while i < b.len() {
            let is_markup = b[i] == b'<'
                && b.get(i + 1)
                    .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'));
            if !is_markup {
                let next = b[i + 1..]
                    .iter()
                    .position(|&c| c == b'<')
                    .map_or(s.len(), |k| i + 1 + k);
                text.push_str(&s[i..next]);
                i = next;
                continue;
            }
            let end = if s[i..].starts_with("<!--") {
                s[i + 2..].find("-->").map_or(s.len(), |k| i + 2 + k + 3)
            } else {
                let mut j = i + 1;
                let mut quote = None;
                while j < b.len() {
                    match (quote, b[j]) {
                        (None, b'>') => break,
                        (None, q @ (b'"' | b'\'')) if b[j - 1] == b'=' => quote = Some(q),
                        (Some(q), c) if c == q => quote = None,
                        _ => {}
                    }
                    j += 1;
                }
                (j + 1).min(s.len())
            };
            let tag = &s[i..end];
            markup.push(tag);
            i = end;
            if let Some(raw) = ["script", "style", "textarea"]
                .into_iter()
                .find(|raw| tag[1..].starts_with(raw))
            {
                let close = s[i..].find(&format!("</{raw}")).map_or(s.len(), |k| i + k);
                markup.push(&s[i..close]);
                i = close;
            }
        }
        (markup, fold(&text))
    }

    fn fold(text: &str) -> String {
        text.replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&apos;", "'")
            .replace("&quot;", "\"")
            .chars()
            .filter_map(|c| match c {
                '’' => Some('\''),
                '«' | '»' => Some('"'),
                ' ' | '\n' | '\t' | NBSP | NNBSP => None,
                c => Some(c),
            })
            .collect()
    }

    fn assert_markup_preserved(input: &str, output: &str) {
        let (m_in, t_in) = split(input);
        let (m_out, t_out) = split(output);
        assert_eq!(m_in, m_out, "markup changed for {input:?}");
        assert_eq!(t_in, t_out, "text changed beyond typography for {input:?}");
    }

    const PAGE: &str = r#"<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>Les panoramas régionaux de l&#39;inclusion dans l&#39;emploi</title>
<meta name="description" content="Les panoramas : l&#39;inclusion ; &quot;x&quot; ?">
<link rel="stylesheet" href="/static/style.css">
<style>a:hover { color: red; } q::before { content: "« "; }</style>
<script>const q = a ? "</p> : l'x" : 'y';</script>
</head>
<body class="kind-home">
<!-- navigation : ne pas traduire ? -->
<header><p class="site-title"><a href="/">Les panoramas de l&#39;inclusion</a></p></header>
<main id="contenu" class="wrap" tabindex="-1">
<h1>L'inclusion dans l'emploi : bilan 2024</h1>
<div class="prose"><p>Elle porte une ambition commune : que <strong>chacun puisse
accéder durablement à l'emploi</strong>, soit 2 700 000 personnes (10,6 %)!</p>
<p>La <strong>Direction régionale de
l&#39;économie, <a class="term-link" href="/glossaire/ddets/">du travail</a> (<a class="term-link" href="/glossaire/dreets/"><abbr title="Direction régionale de l&#39;économie : x">DREETS</abbr></a>)</strong> conduit
les politiques. Le "pacte" a coûté 80 000 euros ; pourquoi?</p>
<p>Contact: <a href="mailto:contact@dreets.gouv.fr">contact@dreets.gouv.fr</a>, site https://hauts-de-france.dreets.gouv.fr/?a=1&amp;b=2.</p>
<pre><code class="language-yaml">titre: "Panorama"
annee: 2 024 ; l'x ?</code></pre>
<p>La commande <kbd>git log</kbd>: rien. <span translate="no">Hello : world!</span> « Fin »</p>
<table><tr><td>142 300</td><td>15,2 %</td></tr></table>
</div>
</main>
</body>
</html>
"#;

    #[test]
    fn full_page_keeps_markup_byte_identical() {
        let out = ty(PAGE);
        assert_markup_preserved(PAGE, &out);
        for expected in [
            "<title>Les panoramas régionaux de l’inclusion dans l’emploi</title>",
            "content=\"Les panoramas : l&#39;inclusion ; &quot;x&quot; ?\"",
            "<style>a:hover { color: red; } q::before { content: \"« \"; }</style>",
            "<script>const q = a ? \"</p> : l'x\" : 'y';</script>",
            "<!-- navigation : ne pas traduire ? -->",
            "<h1>L’inclusion dans l’emploi\u{A0}: bilan 2024</h1>",
            "ambition commune\u{A0}: que",
            "à l’emploi</strong>, soit 2\u{202F}700\u{202F}000 personnes (10,6\u{202F}%)\u{202F}!",
            "<abbr title=\"Direction régionale de l&#39;économie : x\">DREETS</abbr>",
            "l’économie, <a",
            "Le «\u{202F}pacte\u{202F}» a coûté 80\u{202F}000 euros\u{202F}; pourquoi\u{202F}?",
            "Contact\u{A0}: <a href=\"mailto:contact@dreets.gouv.fr\">contact@dreets.gouv.fr</a>",
            "https://hauts-de-france.dreets.gouv.fr/?a=1&amp;b=2.",
            "<pre><code class=\"language-yaml\">titre: \"Panorama\"\nannee: 2 024 ; l'x ?</code></pre>",
            "<kbd>git log</kbd>\u{A0}: rien.",
            "<span translate=\"no\">Hello : world!</span> «\u{202F}Fin\u{202F}»",
            "<td>142\u{202F}300</td><td>15,2\u{202F}%</td>",
        ] {
            assert!(out.contains(expected), "missing {expected:?} in\n{out}");
        }
    }

    #[test]
    fn unchanged_page_is_returned_as_is() {
        let page = "<!DOCTYPE html>\n<html><body><p>Rien à changer ici.</p></body></html>\n";
        assert_eq!(ty(page), page);
    }

    // ---- random inputs ----------------------------------------------------

    /// xorshift64*: deterministic, good enough to shuffle fragments.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const TEXT: &[&str] = &[
        "a",
        "l",
        "é",
        "État",
        "mot",
        " ",
        " ",
        " ",
        "\n",
        "\t",
        ":",
        ":",
        ";",
        "!",
        "?",
        "«",
        "»",
        "\"",
        "\"",
        "&quot;",
        "'",
        "&#39;",
        "&#x27;",
        "&apos;",
        "2",
        "700",
        "12",
        "2024",
        "%",
        "€",
        "&euro;",
        ",",
        ".",
        "…",
        "(",
        ")",
        "&amp;",
        "&lt;",
        "&gt;",
        "&nbsp;",
        "&#8239;",
        "\u{A0}",
        "\u{202F}",
        "http://x.fr/a?b",
        "www.y.fr",
        "x@y.fr",
        "10:30",
        "::",
        "&",
        "< ",
        "&#x3B;",
        "&eacute;",
        "’",
        "—",
    ];
    const MARKUP: &[&str] = &[
        "<em>",
        "</em>",
        "<strong>",
        "</strong>",
        "<p>",
        "</p>",
        "<br>",
        "<span>",
        "</span>",
        "<span translate=\"no\">",
        "<div class=\"a no-typo\">",
        "</div>",
        "<code>",
        "</code>",
        "<pre>",
        "</pre>",
        "<a href=\"http://x.fr/?a=1&amp;b=2\" title='x : \"y\" > z'>",
        "</a>",
        "<abbr title=\"l&#39;a : b\">",
        "</abbr>",
        "<!-- c : ? l'a -->",
        "<img alt=\"a : b\" />",
    ];
    /// Fragments whose bytes must come out unchanged wherever they land.
    const PROTECTED: &[&str] = &[
        "<code>a : b l'c \"d\" 2 700</code>",
        "<script>x = \"</p> : l'a ?\";</script>",
        "<style>a::before{content:\"« \"}</style>",
        "<pre>x ? y : z</pre>",
        "<kbd>Ctrl : C</kbd>",
        "<span class=\"no-typo\">l'a : \"b\"</span>",
    ];

    fn random_html(rng: &mut Rng) -> String {
        let mut s = String::new();
        for _ in 0..rng.below(60) {
            match rng.below(10) {
                0..=5 => s.push_str(TEXT[rng.below(TEXT.len())]),
                6..=8 => s.push_str(MARKUP[rng.below(MARKUP.len())]),
                _ => s.push_str(PROTECTED[rng.below(PROTECTED.len())]),
            }
        }
        s
    }

    #[test]
    fn random_inputs_keep_markup_and_are_idempotent() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5000 {
            let input = random_html(&mut rng);
            let out = apply(&input);
            assert_eq!(apply(&out), out, "not idempotent on {input:?}");
            assert_markup_preserved(&input, &out);
            for p in PROTECTED {
                assert_eq!(
                    input.matches(p).count(),
                    out.matches(p).count(),
                    "{p:?} altered in {input:?} -> {out:?}"
                );
            }
        }
    }

    #[test]
    fn random_bytes_do_not_panic() {
        let mut rng = Rng(0x1234_5678_9ABC_DEF1);
        let alphabet: Vec<char> =
            "<>/!?-=\"'&#;:x aé«»\u{A0}\u{202F}1@.\n’…😀中\u{2009}\u{3000}\u{85}€%2 ,(w<p>"
                .chars()
                .collect();
        for _ in 0..5000 {
            let s: String = (0..rng.below(40))
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            let out = apply(&s);
            assert_eq!(apply(&out), out, "not idempotent on {s:?}");
        }
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        // Quadratic behaviour would make these take minutes in a debug build.
        let n = 200_000;
        for unit in [
            "123 ",
            "\"a ",
            "a\" ",
            "x@y ",
            "«",
            "»",
            "a : ",
            "' ",
            "1 ",
            "\"www.x ",
            "<span translate=\"no\">",
            "<pre>",
            "</span>",
            "<!-- ",
            "</",
            "(",
            "«a",
            "\"(",
            "a'",
            "&amp;",
            "&#39;",
            "http://",
            "a:",
            "a;",
            "a?",
            "<em>a</em>",
            "<code>x</code>",
            "« \"",
            "2 ",
            "1 000",
            "<",
            "<a ",
            "<p title=\"",
        ] {
            let input = unit.repeat(n / unit.len());
            let out = apply(&input);
            assert!(out.len() >= input.len());
        }
        let long_number = format!("1{}", " 000".repeat(n / 4));
        assert_eq!(apply(&long_number).matches('\u{202F}').count(), n / 4);
    }
}
