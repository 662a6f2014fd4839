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
//! - `'` between two letters becomes `’`;
//! - spaces between digit groups (`2 700 000`) and between a number and
//!   `%` or `€` become U+202F.
//!
//! An existing no-break or narrow no-break space is always kept, so the
//! function is idempotent. Character references are read as the character
//! they stand for but written back unchanged, except an apostrophe reference
//! that becomes `’` and a paired `&quot;` that becomes a guillemet.
//!
//! One pass over the bytes, no allocation besides the output `String`;
//! a few bounded look-aheads (the current word, the current number, the
//! next straight quote of the text node) keep the whole linear.

const NBSP: char = '\u{A0}';
const NNBSP: char = '\u{202F}';
/// `Prev::ch` after a block boundary: no text to attach a space to.
const NONE: char = '\0';
/// A decoded reference that is neither letter, digit, space nor punctuation.
const OTHER: char = '\u{FFFC}';

/// Phrasing elements: text flows across their tags, so `<em>mot</em>?`
/// still sees the `?` right after a word. Any other tag is a boundary.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt",
    "u", "var", "wbr",
];
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];
/// Elements whose content is not markup: copied up to their end tag.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Elements whose text is left alone (their tags are still followed, for
/// nesting).
const UNTOUCHED: &[&str] = &["pre", "code", "kbd", "samp"];
/// A word starting with one of these is an address, left whole.
const URL_PREFIXES: &[&[u8]] = &[b"http://", b"https://", b"www.", b"ftp://", b"mailto:"];
/// Named references for accented letters (`&eacute;`, `&Agrave;`, `&oelig;`…).
const LETTER_SUFFIXES: &[&[u8]] = &[
    b"acute", b"grave", b"circ", b"uml", b"cedil", b"tilde", b"ring", b"slash", b"lig",
];

/// French typography for the complete HTML document `html`.
#[must_use]
pub fn apply(html: &str) -> String {
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
    t.run();
    t.out
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

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|t| t.eq_ignore_ascii_case(name))
}

/// A character after which a `:` `;` `!` `?` sticks to the word.
fn closes_word(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c,
            ')' | ']' | '}' | '»' | '”' | '’' | '"' | '\'' | '%' | '€' | '.' | '…'
        )
}

fn is_editable_space(u: Unit) -> bool {
    u.raw && matches!(u.ch, ' ' | '\n' | '\t')
}

/// The character at `i` (a char boundary of `src`, `i < src.len()`).
fn unit(src: &str, i: usize) -> Unit {
    let b = src.as_bytes()[i];
    if b == b'&' {
        return match entity(&src.as_bytes()[i..]) {
            Some((ch, len)) => Unit {
                ch,
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

/// The character reference at the start of `b` (which starts with `&`):
/// the character it stands for and its length.
fn entity(b: &[u8]) -> Option<(char, usize)> {
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let (start, radix) = if hex { (3, 16) } else { (2, 10) };
        let mut j = start;
        let mut v: u32 = 0;
        while j < b.len() && j - start < 8 {
            let Some(d) = char::from(b[j]).to_digit(radix) else {
                break;
            };
            v = v * radix + d;
            j += 1;
        }
        if j == start || b.get(j) != Some(&b';') {
            return None;
        }
        return Some((char::from_u32(v).unwrap_or(OTHER), j + 1));
    }
    let mut j = 1;
    while j < b.len() && j <= 32 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == 1 || b.get(j) != Some(&b';') {
        return None;
    }
    let name = &b[1..j];
    let ch = match name {
        b"amp" | b"AMP" => '&',
        b"lt" | b"LT" => '<',
        b"gt" | b"GT" => '>',
        b"quot" | b"QUOT" => '"',
        b"apos" => '\'',
        b"nbsp" | b"NonBreakingSpace" => NBSP,
        b"thinsp" | b"ThinSpace" => '\u{2009}',
        b"ensp" => '\u{2002}',
        b"emsp" => '\u{2003}',
        b"laquo" => '«',
        b"raquo" => '»',
        b"euro" => '€',
        b"percnt" => '%',
        b"hellip" | b"mldr" => '…',
        b"rsquo" | b"rsquor" => '’',
        b"lsquo" => '‘',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"colon" => ':',
        b"semi" => ';',
        b"excl" => '!',
        b"quest" => '?',
        b"lpar" => '(',
        b"rpar" => ')',
        b"commat" => '@',
        b"period" => '.',
        b"comma" => ',',
        b"ndash" => '–',
        b"mdash" => '—',
        _ if LETTER_SUFFIXES.iter().any(|s| name.ends_with(s)) => 'a',
        _ => OTHER,
    };
    Some((ch, j + 1))
}

impl<'a> Typo<'a> {
    fn run(&mut self) {
        let n = self.b.len();
        let mut i = 0;
        while i < n {
            if self.markup_at(i) {
                i = self.markup(i);
                continue;
            }
            let end = self.node_end(i);
            if self.skip.is_some() {
                self.skipped_text(i, end);
            } else {
                self.text(i, end);
            }
            i = end;
        }
        self.flush_to(n);
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

    fn markup_at(&self, i: usize) -> bool {
        self.b[i] == b'<'
            && self.b.get(i + 1).is_some_and(|&c| {
                c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
            })
    }

    /// Start of the next tag, comment or declaration at or after `from`.
    fn node_end(&self, from: usize) -> usize {
        let mut j = from;
        while let Some(k) = self.b[j..].iter().position(|&c| c == b'<') {
            let k = j + k;
            if self.markup_at(k) {
                return k;
            }
            j = k + 1;
        }
        self.b.len()
    }

    fn find(&self, from: usize, pat: &str) -> Option<usize> {
        self.src.get(from..)?.find(pat).map(|k| from + k)
    }

    /// Skips the markup at `i` (which `markup_at`); returns its end.
    fn markup(&mut self, i: usize) -> usize {
        let n = self.b.len();
        match self.b[i + 1] {
            b'!' => {
                if self.b[i..].starts_with(b"<!--") {
                    // Comments are transparent: `mot<!-- x --> :` still
                    // joins the colon to the word.
                    return self.find(i + 2, "-->").map_or(n, |k| k + 3);
                }
                self.prev = Prev::RESET;
                if self.b[i..].starts_with(b"<![CDATA[") {
                    return self.find(i + 9, "]]>").map_or(n, |k| k + 3);
                }
                self.find(i + 2, ">").map_or(n, |k| k + 1)
            }
            b'?' => {
                self.prev = Prev::RESET;
                self.find(i + 2, ">").map_or(n, |k| k + 1)
            }
            b'/' => self.end_tag(i),
            _ => self.start_tag(i),
        }
    }

    fn name_end(&self, from: usize) -> usize {
        let b = self.b;
        let mut j = from;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/') {
            j += 1;
        }
        j
    }

    fn end_tag(&mut self, i: usize) -> usize {
        let src = self.src;
        let ne = self.name_end(i + 2);
        let name = &src[i + 2..ne];
        let end = self.find(ne, ">").map_or(src.len(), |k| k + 1);
        if let Some(s) = &mut self.skip
            && s.name.eq_ignore_ascii_case(name)
        {
            s.depth -= 1;
            if s.depth == 0 {
                self.skip = None;
            }
        }
        if !is_in(INLINE, name) {
            self.prev = Prev::RESET;
        }
        end
    }

    fn start_tag(&mut self, i: usize) -> usize {
        let src = self.src;
        let b = self.b;
        let n = b.len();
        let mut j = self.name_end(i + 1);
        let name = &src[i + 1..j];
        let (mut translate_no, mut no_typo, mut self_closing) = (false, false, false);
        let end = loop {
            while j < n && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= n {
                break n;
            }
            match b[j] {
                b'>' => break j + 1,
                b'/' => {
                    if b.get(j + 1) == Some(&b'>') {
                        self_closing = true;
                        break j + 2;
                    }
                    j += 1;
                    continue;
                }
                _ => {}
            }
            // Attribute name (a leading `=` belongs to it, as in HTML).
            let an = j;
            j += 1;
            while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/' | b'=') {
                j += 1;
            }
            let attr = &src[an..j];
            let mut k = j;
            while k < n && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = "";
            if k < n && b[k] == b'=' {
                j = k + 1;
                while j < n && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < n && matches!(b[j], b'"' | b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    let ve = b[vs..].iter().position(|&c| c == q).map_or(n, |p| vs + p);
                    value = &src[vs..ve];
                    j = (ve + 1).min(n);
                } else {
                    let vs = j;
                    while j < n && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = &src[vs..j];
                }
            }
            if attr.eq_ignore_ascii_case("translate") && value.trim_ascii().eq_ignore_ascii_case("no")
            {
                translate_no = true;
            }
            if attr.eq_ignore_ascii_case("class")
                && value.split_ascii_whitespace().any(|c| c == "no-typo")
            {
                no_typo = true;
            }
        };

        let void = self_closing || is_in(VOID, name);
        if let Some(s) = &mut self.skip
            && !void
            && s.name.eq_ignore_ascii_case(name)
        {
            s.depth += 1;
        }
        if !self_closing && is_in(RAW, name) {
            self.prev = Prev::RESET;
            return self.raw_end(end, name);
        }
        if self.skip.is_none() && !void && (translate_no || no_typo || is_in(UNTOUCHED, name)) {
            self.skip = Some(Skip { name, depth: 1 });
        }
        if !is_in(INLINE, name) {
            self.prev = Prev::RESET;
        }
        end
    }

    /// Start of the `</name` closing a raw-text element opened before `from`.
    fn raw_end(&self, from: usize, name: &str) -> usize {
        let b = self.b;
        let n = b.len();
        let mut j = from;
        while let Some(k) = self.find(j, "</") {
            let ns = k + 2;
            let ne = ns + name.len();
            if ne <= n
                && b[ns..ne].eq_ignore_ascii_case(name.as_bytes())
                && (ne == n || b[ne].is_ascii_whitespace() || matches!(b[ne], b'>' | b'/'))
            {
                return k;
            }
            j = ns;
        }
        n
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
        let b = self.b;
        if i + 1 >= b.len() || b[i] != b'<' || !b[i + 1].is_ascii_alphabetic() {
            return false;
        }
        is_in(INLINE, &self.src[i + 1..self.name_end(i + 1)])
    }

    /// If the word starting at `i` is an address (`http://…`, `www.…`,
    /// anything with an `@`), its end and whether it holds a straight quote.
    fn url_word(&self, i: usize, end: usize) -> Option<(usize, bool)> {
        let mut j = i;
        let mut core = i;
        let mut leading = true;
        let (mut at, mut quote) = (false, false);
        while j < end {
            let u = unit(self.src, j);
            if u.ch.is_whitespace() {
                break;
            }
            if leading && matches!(u.ch, '(' | '[' | '"' | '\'' | '«' | '“' | '‘' | '<') {
                core = j + u.len;
            } else {
                leading = false;
            }
            at |= u.ch == '@';
            quote |= u.ch == '"';
            j += u.len;
        }
        let w = &self.b[core..j];
        let url = at
            || URL_PREFIXES
                .iter()
                .any(|p| w.len() >= p.len() && w[..p.len()].eq_ignore_ascii_case(p));
        url.then_some((j, quote))
    }

    /// The straight quote closing one opened just before `from`, if the next
    /// straight quote of the text node can close (it follows a non-space and
    /// precedes a space, the end or punctuation) and is not inside an
    /// address.
    fn find_closer(&self, from: usize, end: usize) -> Option<usize> {
        let mut j = from;
        let mut before = '"';
        // As in `text`: right after a converted opening quote, a word starts.
        let mut word_start = true;
        while j < end {
            if word_start {
                word_start = false;
                if let Some((we, quote)) = self.url_word(j, end) {
                    if quote {
                        return None;
                    }
                    j = we;
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
                            || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '…')
                    });
                return closes.then_some(j);
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

    fn text(&mut self, start: usize, end: usize) {
        self.pending_close = None;
        let mut i = start;
        let mut word_start = true;
        while i < end {
            if word_start {
                word_start = false;
                if let Some((we, _)) = self.url_word(i, end) {
                    let last = self.src[i..we].chars().next_back().unwrap_or(OTHER);
                    self.prev = Prev::fixed(last);
                    i = we;
                    continue;
                }
            }
            let u = unit(self.src, i);
            let next = i + u.len;
            let prev = self.prev;
            // What the following characters see as their predecessor.
            let mut seen = u.ch;
            match u.ch {
                c if c.is_whitespace() => {
                    word_start = true;
                    if is_editable_space(u) {
                        let number_space = c == ' '
                            && ((i < self.num_until && self.num_convert)
                                || (prev.ch.is_ascii_digit()
                                    && matches!(self.peek(next, end), Some('%' | '€'))));
                        if number_space {
                            self.replace(i, next, "\u{202F}");
                            self.prev = Prev::fixed(NNBSP);
                        } else {
                            let editable =
                                prev.editable || (prev.ch != NONE && !prev.ch.is_whitespace());
                            self.prev = Prev {
                                ch: c,
                                pos: i,
                                editable,
                            };
                        }
                    } else {
                        self.prev = Prev::fixed(c);
                    }
                    i = next;
                    continue;
                }
                ':' => {
                    let nx = self.peek(next, end);
                    if prev.ch != ':' && nx != Some(':') {
                        if prev.editable {
                            self.replace_prev(NBSP);
                        } else if closes_word(prev.ch) && nx.is_none_or(char::is_whitespace) {
                            self.insert(i, NBSP);
                        }
                    }
                }
                ';' => {
                    if prev.editable {
                        self.replace_prev(NNBSP);
                    } else if closes_word(prev.ch)
                        && self.peek(next, end).is_none_or(char::is_whitespace)
                    {
                        self.insert(i, NNBSP);
                    }
                }
                '!' | '?' => {
                    if prev.editable {
                        self.replace_prev(NNBSP);
                    } else if closes_word(prev.ch)
                        && self.peek(next, end).is_none_or(|c| {
                            c.is_whitespace()
                                || matches!(
                                    c,
                                    '!' | '?'
                                        | ')'
                                        | ']'
                                        | '}'
                                        | '»'
                                        | '”'
                                        | '"'
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
                '«' => {
                    i = self.open_guillemet_tail(next, end);
                    word_start = true;
                    continue;
                }
                '»' => self.close_guillemet(i),
                '"' => {
                    if self.pending_close == Some(i) {
                        self.pending_close = None;
                        self.close_guillemet(i);
                        self.replace(i, next, "»");
                        seen = '»';
                    } else if (prev.ch == NONE
                        || prev.ch.is_whitespace()
                        || matches!(prev.ch, '(' | '[' | '{' | '—' | '–'))
                        && self
                            .peek(next, end)
                            .is_some_and(|c| !c.is_whitespace() && c != '"')
                        && let Some(q) = self.find_closer(next, end)
                    {
                        self.pending_close = Some(q);
                        self.replace(i, next, "«");
                        i = self.open_guillemet_tail(next, end);
                        word_start = true;
                        continue;
                    }
                }
                '\'' => {
                    if prev.ch.is_alphabetic() {
                        let joins = match self.peek(next, end) {
                            Some(c) => c.is_alphabetic(),
                            None => self.inline_tag_at(next),
                        };
                        if joins {
                            self.replace(i, next, "’");
                            seen = '’';
                        }
                    }
                }
                c if c.is_ascii_digit() => {
                    if u.raw && i >= self.num_until && !prev.ch.is_ascii_digit() {
                        self.scan_number(i, end, prev.ch);
                    }
                }
                _ => {}
            }
            self.prev = Prev::fixed(seen);
            i = next;
        }
    }
}
