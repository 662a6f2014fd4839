//! The crate's one HTML scanner: a finished page cut into tokens (text,
//! tags with their attributes, comments, declarations, the content of
//! raw-text elements), each with its byte range. Both readers of finished
//! pages use it: French typography (`typography.rs`, which also hands the
//! start tags' attributes to the link facts) and the search index's
//! extraction (`search/extract.rs`). It only lexes: nesting, what a tag
//! means and what to do with a text are theirs.
//!
//! Why a tokenizer of our own rather than an HTML parser (`lol_html`, which
//! the search crate compiles in): typography must see text flow across
//! inline tags (`<em>mot</em> :`) and copy everything but text byte for
//! byte; the tokens' ranges give exactly that, without building a tree or
//! re-serialising a thing.
//!
//! The tokens of a page follow each other without gap or overlap and
//! cover it whole; the scanner never fails, broken markup is read as far
//! as it goes (an unterminated tag or comment runs to the end of the
//! input). The rules, close to the HTML tokenizer's:
//! - markup starts at a `<` followed by a letter, `/`, `!` or `?`; any
//!   other `<` is text;
//! - a tag's name runs to a space, `/` or `>`; an attribute's name to a
//!   space, `/`, `>` or `=` (a leading `=` belongs to it); a value is
//!   quoted (a `>` inside quotes does not end the tag) or runs to a space
//!   or `>`;
//! - `<!-- … -->` is a comment (`<!-->` an empty one), `<![CDATA[ … ]]>` a
//!   CDATA section, any other `<!…>` or `<?…>` a declaration;
//! - after the start tag of a raw-text element (`script`, `style`,
//!   `textarea`, `title`, `xmp`, `iframe`, `noembed`, `noframes`,
//!   `plaintext`), unless it is self-closing, everything up to its end tag
//!   (`</name` then a space, `/`, `>` or the end, in any case) is one
//!   [`Kind::RawText`] token.
//!
//! Character references are left as they are in the tokens; [`reference`]
//! and [`decode`] read them where a reader needs their characters.

use std::borrow::Cow;

/// One piece of a page: what it is, and its bytes `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    pub kind: Kind<'a>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    /// Text between markup, character references not decoded.
    Text,
    /// The content of the raw-text element `element` (as its start tag
    /// spells it), up to its end tag.
    RawText { element: &'a str },
    /// A start tag; its attributes are [`Scanner::attributes`] until the
    /// next token. `raw`: a [`Kind::RawText`] token of its content follows
    /// (unless the content is empty).
    StartTag {
        name: &'a str,
        self_closing: bool,
        raw: bool,
    },
    /// An end tag (`name` may be empty: `</>`, `</ x>`).
    EndTag { name: &'a str },
    /// `<!-- … -->`.
    Comment,
    /// `<![CDATA[ … ]]>`.
    CData,
    /// `<!DOCTYPE …>`, any other `<!…>`, and `<?…>`.
    Declaration,
}

/// The tokens of one page, in order.
pub(crate) struct Scanner<'a> {
    src: &'a str,
    pos: usize,
    /// The raw-text element whose start tag was the last token.
    raw: Option<&'a str>,
    /// `(name, value)` of each attribute of the last start tag; a value is
    /// `""` when the attribute has none.
    attributes: Vec<(&'a str, &'a str)>,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Scanner {
            src,
            pos: 0,
            raw: None,
            attributes: Vec::new(),
        }
    }

    /// The attributes of the start tag just returned, in order, as written
    /// (names not lowercased, references not decoded); empty after any
    /// other token.
    pub(crate) fn attributes(&self) -> &[(&'a str, &'a str)] {
        &self.attributes
    }

    /// The next token, `None` at the end of the page.
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        self.attributes.clear();
        let start = self.pos;
        if let Some(element) = self.raw.take() {
            let end = raw_text_end(self.src.as_bytes(), start, element);
            if end > start {
                self.pos = end;
                return Some(Token {
                    kind: Kind::RawText { element },
                    start,
                    end,
                });
            }
        }
        let b = self.src.as_bytes();
        if start >= b.len() {
            return None;
        }
        let (kind, end) = if markup_at(b, start) {
            self.markup(start)
        } else {
            (Kind::Text, text_end(b, start))
        };
        self.pos = end;
        Some(Token { kind, start, end })
    }

    /// The markup at `i` (which `markup_at`) and its end.
    fn markup(&mut self, i: usize) -> (Kind<'a>, usize) {
        let b = self.src.as_bytes();
        let n = b.len();
        match b[i + 1] {
            b'!' if b[i..].starts_with(b"<!--") => {
                (Kind::Comment, find(b, i + 2, b"-->").map_or(n, |k| k + 3))
            }
            b'!' if b[i..].starts_with(b"<![CDATA[") => {
                (Kind::CData, find(b, i + 9, b"]]>").map_or(n, |k| k + 3))
            }
            b'!' | b'?' => (
                Kind::Declaration,
                find_byte(b, i + 2, b'>').map_or(n, |k| k + 1),
            ),
            b'/' => {
                let ne = name_end(b, i + 2);
                let end = find_byte(b, ne, b'>').map_or(n, |k| k + 1);
                (
                    Kind::EndTag {
                        name: &self.src[i + 2..ne],
                    },
                    end,
                )
            }
            _ => self.start_tag(i),
        }
    }

    fn start_tag(&mut self, i: usize) -> (Kind<'a>, usize) {
        let src = self.src;
        let b = src.as_bytes();
        let n = b.len();
        let mut j = name_end(b, i + 1);
        let name = &src[i + 1..j];
        let mut self_closing = false;
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
            let (attr, value, after) = attribute(src, j);
            self.attributes.push((attr, value));
            j = after;
        };
        let raw = !self_closing && is_raw_text(name);
        if raw {
            self.raw = Some(name);
        }
        (
            Kind::StartTag {
                name,
                self_closing,
                raw,
            },
            end,
        )
    }
}

/// Whether markup (a tag, comment or declaration) starts at `i`.
fn markup_at(b: &[u8], i: usize) -> bool {
    b[i] == b'<'
        && b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
}

/// The end of the text starting at `from`: the next markup, or the end.
fn text_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while let Some(k) = b[j..].iter().position(|&c| c == b'<') {
        let k = j + k;
        if markup_at(b, k) {
            return k;
        }
        j = k + 1;
    }
    b.len()
}

/// The name of the start tag at `i` if one starts there (`<` and a letter).
pub(crate) fn start_tag_name_at(src: &str, i: usize) -> Option<&str> {
    let b = src.as_bytes();
    (i + 1 < b.len() && b[i] == b'<' && b[i + 1].is_ascii_alphabetic())
        .then(|| &src[i + 1..name_end(b, i + 1)])
}

/// The end of a tag name starting at `from`.
fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/') {
        j += 1;
    }
    j
}

fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|k| from + k)
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|k| from + k)
}

/// Elements whose content is text up to their end tag, not markup.
pub(crate) fn is_raw_text(name: &str) -> bool {
    const RAW_TEXT: [&str; 9] = [
        "script",
        "style",
        "textarea",
        "title",
        "xmp",
        "iframe",
        "noembed",
        "noframes",
        "plaintext",
    ];
    RAW_TEXT.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The start of the `</name` that closes a raw-text element whose content
/// starts at `from`, or the end of the input.
fn raw_text_end(b: &[u8], from: usize, name: &str) -> usize {
    let n = b.len();
    let mut j = from;
    while let Some(k) = find(b, j, b"</") {
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

/// The attribute of a start tag beginning at `from` (not a space, `>` or
/// `/>`): its name, its value (`""` when it has none, unquoted) and where
/// the tag goes on after it.
fn attribute(src: &str, from: usize) -> (&str, &str, usize) {
    let b = src.as_bytes();
    let n = b.len();
    // Attribute name (a leading `=` belongs to it, as in HTML).
    let mut j = from + 1;
    while j < n && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/' | b'=') {
        j += 1;
    }
    let attr = &src[from..j];
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
    (attr, value, j)
}

/// A character reference at the start of `b` (which starts with `&`):
/// `&name;`, `&#digits;` or `&#xhex;`. Returns the character it stands
/// for — `None` for a well-formed name this table does not know — and its
/// length; `None` when no reference starts there (a bare `&`).
/// Numbers that are no character (0, surrogates, too large) stand for
/// U+FFFD, as in HTML.
pub(crate) fn reference(b: &[u8]) -> Option<(Option<char>, usize)> {
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let (start, radix) = if hex { (3, 16) } else { (2, 10) };
        let mut j = start;
        let mut v: u32 = 0;
        while let Some(d) = b.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
            v = v.saturating_mul(radix).saturating_add(d);
            j += 1;
        }
        if j == start || b.get(j) != Some(&b';') {
            return None;
        }
        let ch = char::from_u32(v)
            .filter(|c| *c != '\0')
            .unwrap_or('\u{FFFD}');
        return Some((Some(ch), j + 1));
    }
    let mut j = 1;
    while j < b.len() && j <= 32 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == 1 || b.get(j) != Some(&b';') {
        return None;
    }
    Some((named(&b[1..j]), j + 1))
}

/// The character of the named reference `&name;`: those our pages and
/// common French text use.
fn named(name: &[u8]) -> Option<char> {
    Some(match name {
        b"amp" | b"AMP" => '&',
        b"lt" | b"LT" => '<',
        b"gt" | b"GT" => '>',
        b"quot" | b"QUOT" => '"',
        b"apos" => '\'',
        b"nbsp" | b"NonBreakingSpace" => '\u{A0}',
        b"thinsp" | b"ThinSpace" => '\u{2009}',
        b"ensp" => '\u{2002}',
        b"emsp" => '\u{2003}',
        b"shy" => '\u{AD}',
        b"laquo" => '«',
        b"raquo" => '»',
        b"euro" => '€',
        b"percnt" => '%',
        b"hellip" | b"mldr" => '…',
        b"rsquo" | b"rsquor" => '’',
        b"lsquo" => '‘',
        b"ldquo" => '“',
        b"rdquo" => '”',
        b"ndash" => '–',
        b"mdash" => '—',
        b"colon" => ':',
        b"semi" => ';',
        b"excl" => '!',
        b"quest" => '?',
        b"lpar" => '(',
        b"rpar" => ')',
        b"commat" => '@',
        b"period" => '.',
        b"comma" => ',',
        b"deg" => '°',
        b"times" => '×',
        b"middot" => '·',
        b"copy" => '©',
        b"eacute" => 'é',
        b"egrave" => 'è',
        b"ecirc" => 'ê',
        b"euml" => 'ë',
        b"agrave" => 'à',
        b"acirc" => 'â',
        b"ccedil" => 'ç',
        b"icirc" => 'î',
        b"iuml" => 'ï',
        b"ocirc" => 'ô',
        b"ugrave" => 'ù',
        b"ucirc" => 'û',
        b"uuml" => 'ü',
        b"oelig" => 'œ',
        b"aelig" => 'æ',
        b"Eacute" => 'É',
        b"Egrave" => 'È',
        b"Ecirc" => 'Ê',
        b"Agrave" => 'À',
        b"Ccedil" => 'Ç',
        b"OElig" => 'Œ',
        _ => return None,
    })
}

/// `s` with its character references decoded; a bare `&` and a name
/// [`reference`] does not know stay as written.
pub(crate) fn decode(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest.as_bytes()) {
            Some((Some(c), used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}
