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
    /// `(name, value)` of each attribute of the last start tag (from
    /// `first` on); a value is `""` when the attribute has none. Those of
    /// the start tags before are kept too when `keep`.
    attributes: Vec<(&'a str, &'a str)>,
    first: usize,
    keep: bool,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Scanner {
            src,
            pos: 0,
            raw: None,
            attributes: Vec::new(),
            first: 0,
            keep: false,
        }
    }

    /// A scanner that also keeps the attributes of every start tag, for
    /// [`Scanner::into_attributes`].
    pub(crate) fn keeping_attributes(src: &'a str) -> Self {
        Scanner {
            keep: true,
            ..Scanner::new(src)
        }
    }

    /// The attributes of the start tag just returned, in order, as written
    /// (names not lowercased, references not decoded); empty after any
    /// other token.
    #[inline]
    pub(crate) fn attributes(&self) -> &[(&'a str, &'a str)] {
        &self.attributes[self.first..]
    }

    /// The attributes of every start tag met, in order, when the scanner
    /// was made by [`Scanner::keeping_attributes`] (else those of the last
    /// tag at most).
    pub(crate) fn into_attributes(self) -> Vec<(&'a str, &'a str)> {
        self.attributes
    }

    /// The next token, `None` at the end of the page.
    #[inline]
    pub(crate) fn next_token(&mut self) -> Option<Token<'a>> {
        if self.keep {
            self.first = self.attributes.len();
        } else {
            self.attributes.clear();
        }
        let start = self.pos;
        if let Some(element) = self.raw.take() {
            let end = raw_text_end(self.src, start, element);
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
            (Kind::Text, text_end(self.src, start))
        };
        self.pos = end;
        Some(Token { kind, start, end })
    }

    /// The markup at `i` (which `markup_at`) and its end.
    fn markup(&mut self, i: usize) -> (Kind<'a>, usize) {
        let b = self.src.as_bytes();
        let n = b.len();
        match b[i + 1] {
            b'!' if b[i..].starts_with(b"<!--") => (
                Kind::Comment,
                find(self.src, i + 2, "-->").map_or(n, |k| k + 3),
            ),
            b'!' if b[i..].starts_with(b"<![CDATA[") => (
                Kind::CData,
                find(self.src, i + 9, "]]>").map_or(n, |k| k + 3),
            ),
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
fn text_end(src: &str, from: usize) -> usize {
    let b = src.as_bytes();
    let mut j = from;
    // Text runs between tags are short: a plain loop beats `memchr`'s set-up.
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

/// The next `pat` at or after `from` (a char boundary: every caller's
/// `from` follows an ASCII byte). The standard library's substring search
/// is much faster than a byte-by-byte comparison over a long script or
/// comment.
fn find(src: &str, from: usize, pat: &str) -> Option<usize> {
    src.get(from..)?.find(pat).map(|k| from + k)
}

/// Elements whose content is text up to their end tag, not markup. (Asked
/// of every start tag: the length sorts most names out at once.)
pub(crate) fn is_raw_text(name: &str) -> bool {
    let is = |r: &str| name.eq_ignore_ascii_case(r);
    match name.len() {
        3 => is("xmp"),
        5 => is("style") || is("title"),
        6 => is("script") || is("iframe"),
        7 => is("noembed"),
        8 => is("textarea") || is("noframes"),
        9 => is("plaintext"),
        _ => false,
    }
}

/// The start of the `</name` that closes a raw-text element whose content
/// starts at `from`, or the end of the input.
fn raw_text_end(src: &str, from: usize, name: &str) -> usize {
    let b = src.as_bytes();
    let n = b.len();
    let mut j = from;
    while let Some(k) = find(src, j, "</") {
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

/// How character references are read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Reading {
    /// Complete references only (`&name;`, `&#digits;`, `&#xhex;`): the
    /// pages' own markup, as typography, the link facts and the search
    /// index read it.
    Complete,
    /// What a browser could take for a reference in a URL, and a little
    /// more, to guard URL schemes (`safety::text`): a numeric reference
    /// takes every digit that follows, its `;` optional (`&#106avascript:`
    /// is `javascript:`), and the names that can build a scheme (`colon`,
    /// `tab`, `newline`, `amp`) are read in any case. Reading more than a
    /// browser only ever refuses more.
    Guard,
}

/// A character reference at the start of `b` (which starts with `&`),
/// read as `reading` says. Returns the character it stands for — `None`
/// for a well-formed name this table does not know — and its length;
/// `None` when no reference starts there (a bare `&`).
/// Numbers that are no character (0, surrogates, too large) stand for
/// U+FFFD, as in HTML.
pub(crate) fn reference(b: &[u8], reading: Reading) -> Option<(Option<char>, usize)> {
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let (start, radix) = if hex { (3, 16) } else { (2, 10) };
        let mut j = start;
        let mut v: u32 = 0;
        while let Some(d) = b.get(j).and_then(|&c| char::from(c).to_digit(radix)) {
            v = v.saturating_mul(radix).saturating_add(d);
            j += 1;
        }
        let end = match b.get(j) {
            _ if j == start => return None,
            Some(b';') => j + 1,
            _ if reading == Reading::Guard => j,
            _ => return None,
        };
        // `&#0;` is U+FFFD to a browser; the guard keeps it a control
        // character, which a URL's start then drops like a space
        // (`&#0;javascript:` is refused, as it was before the two decoders
        // were one).
        let ch = char::from_u32(v)
            .filter(|c| *c != '\0' || reading == Reading::Guard)
            .unwrap_or('\u{FFFD}');
        return Some((Some(ch), end));
    }
    let mut j = 1;
    while j < b.len() && j <= 32 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == 1 || b.get(j) != Some(&b';') {
        return None;
    }
    let name = &b[1..j];
    let ch = named(name).or_else(|| match reading {
        Reading::Complete => None,
        Reading::Guard => scheme_named(name),
    });
    Some((ch, j + 1))
}

/// The names that can build a URL scheme, in any case (for
/// [`Reading::Guard`]).
fn scheme_named(name: &[u8]) -> Option<char> {
    [
        (&b"colon"[..], ':'),
        (b"tab", '\t'),
        (b"newline", '\n'),
        (b"amp", '&'),
    ]
    .into_iter()
    .find(|(n, _)| n.eq_ignore_ascii_case(name))
    .map(|(_, c)| c)
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
        b"Tab" => '\t',
        b"NewLine" => '\n',
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

/// `s` with its complete character references decoded; a bare `&` and a
/// name [`reference`] does not know stay as written.
pub(crate) fn decode(s: &str) -> Cow<'_, str> {
    decode_as(s, Reading::Complete)
}

/// `s` with its character references decoded as `reading` says.
pub(crate) fn decode_as(s: &str, reading: Reading) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match reference(rest.as_bytes(), reading) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every token of `html` with its text.
    fn tokens(html: &str) -> Vec<(Kind<'_>, &str)> {
        let mut s = Scanner::new(html);
        std::iter::from_fn(|| s.next_token())
            .map(|t| (t.kind, &html[t.start..t.end]))
            .collect()
    }

    /// The attributes of each start tag of `html`.
    fn attributes(html: &str) -> Vec<Vec<(&str, &str)>> {
        let mut s = Scanner::new(html);
        let mut all = Vec::new();
        while let Some(t) = s.next_token() {
            if matches!(t.kind, Kind::StartTag { .. }) {
                all.push(s.attributes().to_vec());
            }
        }
        all
    }

    fn start(name: &str) -> Kind<'_> {
        Kind::StartTag {
            name,
            self_closing: false,
            raw: false,
        }
    }

    #[test]
    fn text_tags_and_their_ranges() {
        assert_eq!(
            tokens("<p>Un <em>mot</em>.</p>"),
            [
                (start("p"), "<p>"),
                (Kind::Text, "Un "),
                (start("em"), "<em>"),
                (Kind::Text, "mot"),
                (Kind::EndTag { name: "em" }, "</em>"),
                (Kind::Text, "."),
                (Kind::EndTag { name: "p" }, "</p>"),
            ]
        );
        // A `<` that starts no markup is text.
        assert_eq!(tokens("a < b <3 c"), [(Kind::Text, "a < b <3 c")]);
        assert_eq!(tokens(""), []);
    }

    #[test]
    fn odd_attributes() {
        let html = "<a href=/x title='il a dit \"oui\"' data-x=\"1 > 2\" DISABLED \
                    class = \"c d\" =e f=>suite";
        assert_eq!(
            attributes(html),
            [vec![
                ("href", "/x"),
                ("title", "il a dit \"oui\""),
                ("data-x", "1 > 2"),
                ("DISABLED", ""),
                ("class", "c d"),
                ("=e", ""),
                ("f", ""),
            ]]
        );
        // The `>` in quotes does not end the tag.
        assert_eq!(tokens(html)[1], (Kind::Text, "suite"));
        assert_eq!(
            attributes("<img alt='a > b'src=x>"),
            [vec![("alt", "a > b"), ("src", "x")]]
        );
    }

    #[test]
    fn every_start_tags_attributes_kept_when_asked() {
        let html = "<a href=/x>l</a><!-- <b c=d> --><img src=i alt=''><br>";
        let mut s = Scanner::keeping_attributes(html);
        let mut last = Vec::new();
        while let Some(t) = s.next_token() {
            if t.kind
                == (Kind::StartTag {
                    name: "img",
                    self_closing: false,
                    raw: false,
                })
            {
                last = s.attributes().to_vec();
            }
        }
        assert_eq!(last, [("src", "i"), ("alt", "")]);
        assert_eq!(
            s.into_attributes(),
            [("href", "/x"), ("src", "i"), ("alt", "")]
        );
    }

    #[test]
    fn uppercase_names_come_as_written() {
        assert_eq!(
            tokens("<DIV ID=x>a</Div >"),
            [
                (start("DIV"), "<DIV ID=x>"),
                (Kind::Text, "a"),
                (Kind::EndTag { name: "Div" }, "</Div >"),
            ]
        );
        assert_eq!(attributes("<DIV ID=x>"), [vec![("ID", "x")]]);
    }

    #[test]
    fn self_closing_tags() {
        let closing = |name| Kind::StartTag {
            name,
            self_closing: true,
            raw: false,
        };
        assert_eq!(tokens("<br/>")[0].0, closing("br"));
        assert_eq!(tokens("<img src=x />")[0].0, closing("img"));
        // A `/` elsewhere in the tag is no flag.
        assert_eq!(tokens("<p / x>")[0].0, start("p"));
        // A self-closing script holds no raw text.
        assert_eq!(
            tokens("<script/><p>x</p>")[..2],
            [(closing("script"), "<script/>"), (start("p"), "<p>")]
        );
    }

    #[test]
    fn comments_hold_no_markup() {
        assert_eq!(
            tokens("a<!-- <p>x</p> -->b<!---->c<!-->d"),
            [
                (Kind::Text, "a"),
                (Kind::Comment, "<!-- <p>x</p> -->"),
                (Kind::Text, "b"),
                (Kind::Comment, "<!---->"),
                (Kind::Text, "c"),
                (Kind::Comment, "<!-->"),
                (Kind::Text, "d"),
            ]
        );
    }

    #[test]
    fn declarations_and_cdata() {
        assert_eq!(
            tokens("<!DOCTYPE html><?xml version=\"1.0\"?><svg><![CDATA[ a < b > ]]></svg>]]>"),
            [
                (Kind::Declaration, "<!DOCTYPE html>"),
                (Kind::Declaration, "<?xml version=\"1.0\"?>"),
                (start("svg"), "<svg>"),
                (Kind::CData, "<![CDATA[ a < b > ]]>"),
                (Kind::EndTag { name: "svg" }, "</svg>"),
                // Outside a section, `]]>` is text.
                (Kind::Text, "]]>"),
            ]
        );
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        let raw = |name| Kind::StartTag {
            name,
            self_closing: false,
            raw: true,
        };
        let html = "<script>var s = \"</scr\" + \"ipt>\"; t = '</script' + 'x'; u = '<p>';\
                    </SCRIPT ><p>";
        assert_eq!(
            tokens(html),
            [
                (raw("script"), "<script>"),
                (
                    Kind::RawText { element: "script" },
                    "var s = \"</scr\" + \"ipt>\"; t = '</script' + 'x'; u = '<p>';"
                ),
                (Kind::EndTag { name: "SCRIPT" }, "</SCRIPT >"),
                (start("p"), "<p>"),
            ]
        );
        assert_eq!(
            tokens("<title>a <b> &amp; c</title>"),
            [
                (raw("title"), "<title>"),
                (Kind::RawText { element: "title" }, "a <b> &amp; c"),
                (Kind::EndTag { name: "title" }, "</title>"),
            ]
        );
        // Empty content: no raw-text token.
        assert_eq!(
            tokens("<style></style>"),
            [
                (raw("style"), "<style>"),
                (Kind::EndTag { name: "style" }, "</style>"),
            ]
        );
    }

    #[test]
    fn unterminated_markup_runs_to_the_end() {
        assert_eq!(
            tokens("<p>x</p><a href=\"y"),
            [
                (start("p"), "<p>"),
                (Kind::Text, "x"),
                (Kind::EndTag { name: "p" }, "</p>"),
                (start("a"), "<a href=\"y"),
            ]
        );
        assert_eq!(attributes("<a href=\"y"), [vec![("href", "y")]]);
        assert_eq!(tokens("<p"), [(start("p"), "<p")]);
        assert_eq!(tokens("</"), [(Kind::EndTag { name: "" }, "</")]);
        assert_eq!(
            tokens("a<!-- b"),
            [(Kind::Text, "a"), (Kind::Comment, "<!-- b")]
        );
        assert_eq!(tokens("<![CDATA[ x")[0].0, Kind::CData);
        assert_eq!(
            tokens("<textarea>a </textare")[1],
            (
                Kind::RawText {
                    element: "textarea"
                },
                "a </textare"
            )
        );
    }

    #[test]
    fn raw_text_elements() {
        for name in [
            "script",
            "STYLE",
            "Title",
            "textarea",
            "xmp",
            "iframe",
            "noembed",
            "noframes",
            "plaintext",
        ] {
            assert!(is_raw_text(name), "{name}");
        }
        for name in [
            "", "p", "span", "scripts", "titl", "noscript", "svg", "template",
        ] {
            assert!(!is_raw_text(name), "{name}");
        }
    }

    #[test]
    fn start_tag_names() {
        assert_eq!(start_tag_name_at("x<em>y", 1), Some("em"));
        assert_eq!(start_tag_name_at("x<A href>", 1), Some("A"));
        assert_eq!(start_tag_name_at("x</em>", 1), None);
        assert_eq!(start_tag_name_at("x<", 1), None);
        assert_eq!(start_tag_name_at("x< em", 1), None);
    }

    #[test]
    fn references() {
        assert_eq!(
            reference(b"&amp; x", Reading::Complete),
            Some((Some('&'), 5))
        );
        assert_eq!(
            reference(b"&#x41;", Reading::Complete),
            Some((Some('A'), 6))
        );
        assert_eq!(
            reference(b"&#X41;", Reading::Complete),
            Some((Some('A'), 6))
        );
        assert_eq!(
            reference(b"&#233;", Reading::Complete),
            Some((Some('é'), 6))
        );
        // Numbers that are no character.
        assert_eq!(
            reference(b"&#0;", Reading::Complete),
            Some((Some('\u{FFFD}'), 4))
        );
        assert_eq!(
            reference(b"&#xD800;", Reading::Complete),
            Some((Some('\u{FFFD}'), 8))
        );
        assert_eq!(
            reference(b"&#99999999999999999999;", Reading::Complete),
            Some((Some('\u{FFFD}'), 23))
        );
        // Well-formed but unknown.
        assert_eq!(reference(b"&ntilde;", Reading::Complete), Some((None, 8)));
        for bare in ["&", "& x", "&;", "&#;", "&#x;", "&amp", "&#12a;", "&a-b;"] {
            assert_eq!(
                reference(bare.as_bytes(), Reading::Complete),
                None,
                "{bare}"
            );
        }
        assert_eq!(decode("l&#39;a &amp; b"), "l'a & b");
        assert_eq!(decode("AT&T &unknown; &"), "AT&T &unknown; &");
        assert!(matches!(decode("sans"), Cow::Borrowed("sans")));
    }

    #[test]
    fn the_guard_reading_takes_more_than_complete_references() {
        let both = |s| {
            (
                decode(s).into_owned(),
                decode_as(s, Reading::Guard).into_owned(),
            )
        };
        // A numeric reference without its `;`, as browsers read it in a URL.
        assert_eq!(both("&#106avascript:").1, "javascript:");
        assert_eq!(both("&#106avascript:").0, "&#106avascript:");
        assert_eq!(both("&#0;j").1, "\0j");
        // Hex digits run as far as they go: `&#x6Aava` would be U+6AAA.
        assert_eq!(both("&#x6A:").1, "j:");
        // The names that build a scheme, in any case.
        assert_eq!(
            both("a&COLON;b&tab;c&NEWLINE;d"),
            ("a&COLON;b&tab;c&NEWLINE;d".into(), "a:b\tc\nd".into())
        );
        assert_eq!(both("a&Tab;b&NewLine;c").0, "a\tb\nc");
        // The same elsewhere: complete references, bare `&`, unknown names.
        for s in [
            "l&#39;a &amp; b",
            "AT&T &unknown; &",
            "&#;x&#x;",
            "&colon",
            "&🯍`᪙¬¢x",
        ] {
            assert_eq!(both(s).0, both(s).1, "{s}");
        }
    }

    /// HTML-like input: pieces of markup that exercise every rule, and any
    /// character.
    fn html_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(vec![
                "<",
                ">",
                "</",
                "/>",
                "<!--",
                "-->",
                "<!",
                "<?",
                "<![CDATA[",
                "]]>",
                "=",
                "\"",
                "'",
                " ",
                "\n",
                "&",
                "&amp;",
                "&#",
                ";",
                "<p>",
                "</p>",
                "<a href=",
                "<script>",
                "</script>",
                "</scr",
                "<title>",
                "</title>",
                "<STYLE>",
                "</style",
                "<br/>",
                "<textarea>",
                "é",
                "\u{202f}",
            ])
            .prop_map(str::to_string),
            "\\PC{0,6}",
            "[a-zA-Z]{1,4}",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Any input: no panic, and the tokens cover it in order, without
        /// gap, overlap or empty token, each attribute inside its tag.
        #[test]
        fn tokens_cover_any_input_in_order(html in html_like()) {
            let mut s = Scanner::new(&html);
            let mut at = 0;
            let mut after_raw_start = None;
            while let Some(t) = s.next_token() {
                prop_assert_eq!(t.start, at);
                prop_assert!(t.end > t.start && t.end <= html.len());
                prop_assert!(html.is_char_boundary(t.end));
                let piece = &html[t.start..t.end];
                let span = piece.as_ptr() as usize..piece.as_ptr() as usize + piece.len();
                for (name, value) in s.attributes() {
                    prop_assert!(span.contains(&(name.as_ptr() as usize)));
                    prop_assert!(value.is_empty() || span.contains(&(value.as_ptr() as usize)));
                }
                match t.kind {
                    Kind::StartTag { name, raw, .. } => {
                        prop_assert!(piece[1..].starts_with(name));
                        after_raw_start = raw.then_some(name);
                    }
                    Kind::RawText { element } => {
                        prop_assert_eq!(after_raw_start.take(), Some(element));
                    }
                    Kind::Text => {
                        prop_assert!(!markup_at(html.as_bytes(), t.start));
                        after_raw_start = None;
                    }
                    _ => after_raw_start = None,
                }
                at = t.end;
            }
            prop_assert_eq!(at, html.len());
        }

        #[test]
        fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let html = String::from_utf8_lossy(&bytes);
            let mut s = Scanner::new(&html);
            while s.next_token().is_some() {}
            let _ = decode(&html);
        }
    }
}
