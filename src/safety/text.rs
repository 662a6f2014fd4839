//! The text of a content file: no control character (nor a YAML escape
//! that makes one), no front-matter or YAML URL with a scheme other than
//! http, https, mailto and tel, however it is spelled or escaped. The URLs
//! of Markdown bodies (links, images, raw HTML) are checked where the body
//! is parsed (`render/markdown`), at their exact place.

use crate::diagnostic::{Code, Diagnostic, is_control, terminal};
use crate::html::scan::{self, Reading};
use std::path::Path;

/// URL schemes a link, an image or a front-matter URL may use. Relative
/// URLs and `@/` internal links have none.
pub(crate) const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The error of a URL with a forbidden scheme, wherever it is written
/// (front matter, a Markdown link, a raw HTML attribute).
pub(crate) fn forbidden_scheme(scheme: &str) -> String {
    format!(
        "the URL scheme `{scheme}:` is not allowed (only relative links, `@/…`, http, https, \
         mailto and tel)"
    )
}

/// Its fix.
pub(crate) const FORBIDDEN_SCHEME_HINT: &str =
    "link to a page of the site or to an http(s) address";

/// Front-matter keys whose value is a URL.
const URL_KEYS: [&str; 6] = ["url", "base_url", "href", "link", "src", "website"];

/// Control characters, YAML escapes that make one, and forbidden URL
/// schemes of front matter (or of a YAML file) in the text of a content
/// file, each at its line and column.
pub(crate) fn check_text(shown: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let yaml_file = shown
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    let mut in_front_matter = yaml_file;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if n == 1 && line.trim_end() == "---" {
            in_front_matter = true;
            continue;
        }
        if !yaml_file && in_front_matter && (line.trim_end() == "---" || line.trim_end() == "...") {
            in_front_matter = false;
            continue;
        }
        let at = |code: Code, col: usize, message: String, hint: &str| {
            Diagnostic::new(shown, message)
                .code(code)
                .at(n, Some(col))
                .hint(hint.to_string())
                .with_source(&terminal(text))
        };
        if let Some((col, c)) = line.chars().enumerate().find(|&(_, c)| is_control(c)) {
            out.push(at(
                Code::ControlCharacter,
                col + 1,
                format!(
                    "a control character (U+{:04X}) in the text: it is invisible here and breaks \
                     feeds, data files and terminals",
                    c as u32
                ),
                "delete it (retype the characters around it if your editor does not show it)",
            ));
            continue;
        }
        if in_front_matter && let Some(col) = yaml_control_escape(line) {
            out.push(at(
                Code::ControlCharacter,
                col,
                "a YAML escape that makes a control character (`\\f`, `\\e`, `\\x1b`…)".into(),
                "remove the escape; only `\\t` and `\\n` are allowed",
            ));
            continue;
        }
        if !in_front_matter {
            continue;
        }
        let Some((col, url)) = front_matter_url(line) else {
            continue;
        };
        let url = yaml_blank_escapes(url);
        if let Err(scheme) = allowed_url(&url) {
            out.push(at(
                Code::ForbiddenScheme,
                col,
                forbidden_scheme(&scheme),
                FORBIDDEN_SCHEME_HINT,
            ));
        } else if let Some(why) = invalid_web_address(&url) {
            out.push(at(
                Code::InvalidUrl,
                col,
                format!("`{}` is not a web address a browser can open: {why}", terminal(&url)),
                "copy the address from the browser's address bar, e.g. `https://www.example.fr/page`",
            ));
        }
    }
    out
}

/// Why an `http(s)://` address cannot be opened (no host, a space in the
/// host…), as the `url` crate parses it; `None` for any other value.
fn invalid_web_address(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return None;
    }
    match url::Url::parse(url.trim()) {
        Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => None,
        Ok(_) => Some("it has no host name".into()),
        Err(e) => Some(e.to_string()),
    }
}

pub(super) fn has_control(s: &str) -> bool {
    s.chars().any(|c| is_control(c) || c == '\n')
}

/// Column of a double-quoted YAML escape that decodes to a control
/// character (`\0 \a \b \e \f \v \r \N \x.. \u.... \U........`).
fn yaml_control_escape(line: &str) -> Option<usize> {
    let quote = line.find('"')?;
    let bytes = line.as_bytes();
    let mut i = quote + 1;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let hex = |len: usize| {
            line.get(i + 2..i + 2 + len)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
        };
        let bad = match bytes[i + 1] {
            b'0' | b'a' | b'b' | b'e' | b'f' | b'v' | b'r' | b'N' => true,
            b'x' => hex(2).is_some_and(is_control),
            b'u' => hex(4).is_some_and(is_control),
            b'U' => hex(8).is_some_and(is_control),
            _ => false,
        };
        if bad {
            return Some(line[..i].chars().count() + 1);
        }
        i += 2;
    }
    None
}

/// `key: value` of a URL key in front matter (also as a list item).
fn front_matter_url(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_start().trim_start_matches("- ");
    let (key, value) = trimmed.split_once(':')?;
    if !URL_KEYS.contains(&key.trim()) {
        return None;
    }
    let value = value.trim().trim_matches(['"', '\'']);
    // The value's first character, counted in characters from 1.
    let at = value.as_ptr() as usize - line.as_ptr() as usize;
    let col = line[..at].chars().count() + 1;
    (!value.is_empty()).then_some((col, value))
}

/// A double-quoted YAML value's escapes that make a tab, a newline or a
/// space read as those characters (`"java\tscript:…"` is `java⇥script:`,
/// which a browser reads as `javascript:`); other escapes are left as
/// written (control characters have their own error).
fn yaml_blank_escapes(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('\\') {
        return value.into();
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some(' ') => out.push(' '),
            Some('/') => out.push('/'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out.into()
}

/// `Ok` when `url` is relative, `@/…` or of an allowed scheme; else the
/// scheme found. The URL is read as a browser would: HTML character
/// references decoded, tabs and newlines dropped, leading spaces and
/// controls ignored, the scheme in any case.
pub(crate) fn allowed_url(url: &str) -> Result<(), String> {
    let decoded = scan::decode_as(url, Reading::Guard);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned.trim_start_matches(|c: char| c <= ' ');
    let Some(colon) = cleaned.find(':') else {
        return Ok(());
    };
    let scheme = &cleaned[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // Not a scheme (`a/b:c`, `x(y:z`): a relative path to a browser.
    if !valid {
        return Ok(());
    }
    let lower = scheme.to_ascii_lowercase();
    if ALLOWED_SCHEMES.contains(&lower.as_str()) {
        Ok(())
    } else {
        Err(lower)
    }
}

/// A generated page's link with a forbidden scheme (the last line of
/// defence: the sources check gives the line).
pub(crate) fn forbidden_url(url: &str, shown: &Path) -> Option<Diagnostic> {
    let scheme = allowed_url(url).err()?;
    Some(
        Diagnostic::new(
            shown,
            format!("a link or image: {}", forbidden_scheme(&scheme)),
        )
        .code(Code::ForbiddenScheme)
        .hint("look for this link in the file's text, front matter or the theme's templates"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn decode_entities(s: &str) -> Cow<'_, str> {
        scan::decode_as(s, Reading::Guard)
    }

    #[test]
    fn character_references_are_decoded_at_character_boundaries() {
        // Found by tests/properties.rs: the 12-byte bound of a reference
        // without `;` fell inside a multi-byte character.
        assert_eq!(decode_entities("&🯍`᪙¬¢x"), "&🯍`᪙¬¢x");
        // Numeric references take every digit, `;` or not, as browsers do.
        assert_eq!(decode_entities("&#106avascript:"), "javascript:");
        assert_eq!(decode_entities("&#x6A;avascript:"), "javascript:");
        assert_eq!(decode_entities("&#106;x"), "jx");
        assert_eq!(decode_entities("a&colon;b&Tab;c"), "a:b\tc");
        assert_eq!(decode_entities("a&b&#;c&colon"), "a&b&#;c&colon");
        assert_eq!(decode_entities("&#99999999999;"), "\u{FFFD}");
        assert_eq!(
            allowed_url("&#0;javascript:x"),
            Err("javascript".to_string())
        );
        assert_eq!(
            allowed_url("&#106avascript&colon;alert(1)"),
            Err("javascript".to_string())
        );
    }

    #[test]
    fn url_schemes() {
        for ok in [
            "page/",
            "../a.html",
            "@/glossaire/ess.md",
            "#top",
            "https://example.org/",
            "HTTP://x",
            "mailto:a@b.fr",
            "tel:+33100000000",
            "/a:b",
            "a/b:c",
            "?q=a:b",
            "",
        ] {
            assert_eq!(allowed_url(ok), Ok(()), "{ok}");
        }
        for (bad, scheme) in [
            ("javascript:alert(document.domain)//../../", "javascript"),
            ("JavaScript:alert(1)", "javascript"),
            (" \u{1}javascript:x", "javascript"),
            ("java\tscript:x", "javascript"),
            ("jav&#x61;script:x", "javascript"),
            ("javascript&colon;x", "javascript"),
            ("data:text/html;base64,PHNjcmlwdD4=", "data"),
            ("vbscript:x", "vbscript"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(allowed_url(bad), Err(scheme.to_string()), "{bad}");
        }
    }

    #[test]
    fn text_checks_find_the_line() {
        let text = "---\ntitle: \"Un \\e[31m titre\"\nresources:\n  - title: x\n    url: javascript:alert(1)\n---\n\nDu texte\u{c} ici.\n[lien](data:text/html,x)\n";
        let d = check_text(Path::new("content/a.md"), text);
        let lines: Vec<usize> = d.iter().map(|d| d.line.unwrap()).collect();
        // The body's link is checked where the Markdown is parsed.
        assert_eq!(lines, [2, 5, 8], "{d:#?}");
        assert!(d[2].message.contains("U+000C"));
        assert!(d[1].message.contains("`javascript:`"));
        assert_eq!(d[1].code, Some(Code::ForbiddenScheme));
        assert_eq!(d[2].code, Some(Code::ControlCharacter));
    }

    #[test]
    fn a_yaml_tab_escape_does_not_hide_a_script_url() {
        let text = "---\ntitle: x\nresources:\n  - url: \"java\\tscript:alert(1)\"\n---\n";
        let d = check_text(Path::new("content/a/lancez-vous.md"), text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].line, Some(4));
        assert_eq!(d[0].code, Some(Code::ForbiddenScheme));
        assert_eq!(yaml_blank_escapes("a\\nb\\x41"), "a\nb\\x41");
    }

    #[test]
    fn front_matter_web_addresses_must_open() {
        let text = "---\nresources:\n  - url: \"http://exa mple.fr/\"\n  - url: https://\n  - url: https://www.example.fr/a b\n  - url: ../relatif/\n---\n";
        let d = check_text(Path::new("content/a/lancez-vous.md"), text);
        let lines: Vec<Option<usize>> = d.iter().map(|d| d.line).collect();
        // A space in the path is encoded by browsers: only the host counts.
        assert_eq!(lines, [Some(3), Some(4)], "{d:#?}");
        assert!(d.iter().all(|d| d.code == Some(Code::InvalidUrl)));
    }

    #[test]
    fn every_line_of_a_yaml_file_is_read_as_front_matter() {
        let text = "title: T\nressources:\n  - url: https://ok.example/\n  - url: JavaScript:x\n";
        let d = check_text(Path::new("content/site.yaml"), text);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!((d[0].line, d[0].column), (Some(4), Some(10)));
    }

    #[test]
    fn ordinary_text_passes() {
        let text = "---\ntitle: \"Note : un titre\"\ndescription: 'C:\\e'\nurl: https://example.org/\n---\n\nUn [lien](../autre/) et <https://x.org>, \ttab.\r\nUn <abbr title=\"a: b\">ESS</abbr>, 10 < 12: ok.\n";
        assert!(check_text(Path::new("a.md"), text).is_empty());
    }

    #[test]
    fn terminal_text() {
        assert_eq!(
            terminal("a\u{1b}]0;x\u{7}b\nc\td"),
            "a\\u{1b}]0;x\\u{7}b\nc\td"
        );
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }
}
