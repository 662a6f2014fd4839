//! Request targets to lookup keys. The site is served from memory, so no
//! path ever reaches the file system; still, anything that could mean
//! "leave the site" in some encoding is refused outright rather than
//! normalised into something that might exist.

/// A request target that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// Decoded, non-empty segments; never `.` nor `..`, never holding `/`,
    /// `\`, NUL or another control character.
    pub(crate) segments: Vec<String>,
    /// The path ended with `/` (or was `/`).
    pub(crate) trailing_slash: bool,
}

/// Why a target is refused (answered with 400).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BadTarget {
    NotAPath,
    BadCharacter,
    BadEscape,
    NotUtf8,
    DotSegment,
}

impl std::fmt::Display for BadTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            BadTarget::NotAPath => "the request target is not a path",
            BadTarget::BadCharacter => "the path holds a forbidden character",
            BadTarget::BadEscape => "the path holds a malformed %-escape",
            BadTarget::NotUtf8 => "the path is not UTF-8",
            BadTarget::DotSegment => "the path holds a `.` or `..` segment",
        })
    }
}

/// Splits and decodes the path of a request target (origin or absolute
/// form); the query is ignored.
pub(crate) fn parse_target(raw: &str) -> Result<Target, BadTarget> {
    let path = if let Some(rest) = raw
        .strip_prefix("http://")
        .or_else(|| raw.strip_prefix("https://"))
    {
        match rest.find('/') {
            Some(i) => &rest[i..],
            None => "/",
        }
    } else {
        raw
    };
    if !path.starts_with('/') {
        return Err(BadTarget::NotAPath);
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.bytes().any(|b| b <= b' ' || b >= 0x7f || b == b'\\') {
        return Err(BadTarget::BadCharacter);
    }
    let mut segments = Vec::new();
    for raw_segment in path.split('/').filter(|s| !s.is_empty()) {
        let segment = decode_segment(raw_segment)?;
        if segment == "." || segment == ".." {
            return Err(BadTarget::DotSegment);
        }
        segments.push(segment);
    }
    Ok(Target {
        segments,
        trailing_slash: path.ends_with('/'),
    })
}

/// Decodes the %-escapes of one segment, once: `%252e` stays the literal
/// text `%2e`. An escaped `/`, `\`, NUL or control character is refused, so
/// a decoded segment can never be split again or end a string early.
fn decode_segment(raw: &str) -> Result<String, BadTarget> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadTarget::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BadTarget::BadEscape)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(BadTarget::BadEscape);
            }
            let b = u8::from_str_radix(hex, 16).map_err(|_| BadTarget::BadEscape)?;
            if b < b' ' || b == 0x7f || b == b'/' || b == b'\\' {
                return Err(BadTarget::BadCharacter);
            }
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| BadTarget::NotUtf8)
}

/// The value of `name` in the query of a request target, %-decoded
/// (`+` is a space); `None` when absent or not UTF-8.
pub(crate) fn query_param(target: &str, name: &str) -> Option<String> {
    let query = target.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then(|| decode_query(value))?
    })
}

fn decode_query(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A `/`-separated path with every byte outside the URL-safe set
/// %-escaped, for `Location` headers and for naming pages to the browser.
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(raw: &str) -> Vec<String> {
        parse_target(raw).unwrap().segments
    }

    #[test]
    fn splits_and_decodes() {
        let t = parse_target("/economie-locale/intro/?x=1#y").unwrap();
        assert_eq!(t.segments, ["economie-locale", "intro"]);
        assert!(t.trailing_slash);
        assert_eq!(segments("/%C3%A9t%C3%A9"), ["été"]);
        assert!(parse_target("/").unwrap().segments.is_empty());
        assert!(parse_target("/").unwrap().trailing_slash);
        assert!(!parse_target("/a").unwrap().trailing_slash);
        assert_eq!(segments("//a///b"), ["a", "b"]);
        assert_eq!(segments("http://localhost:1111/a/b"), ["a", "b"]);
    }

    #[test]
    fn refuses_traversal_in_every_encoding() {
        for raw in [
            "/..",
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/.%2e/x",
            "/./x",
            "/a/%2e",
        ] {
            assert_eq!(parse_target(raw), Err(BadTarget::DotSegment), "{raw}");
        }
        for raw in [
            "/..\\..\\etc\\passwd",
            "/a%5c..%5cb",
            "/a%5C..",
            "/a%2f..%2fb",
            "/a%2F",
            "/a%00.html",
            "/a\0b",
            "/a b",
            "/a%0d%0aSet-Cookie:x",
            "/é",
        ] {
            assert_eq!(parse_target(raw), Err(BadTarget::BadCharacter), "{raw}");
        }
        for raw in ["/%", "/%2", "/%zz", "/%+1"] {
            assert_eq!(parse_target(raw), Err(BadTarget::BadEscape), "{raw}");
        }
        assert_eq!(parse_target("/%ff"), Err(BadTarget::NotUtf8));
        assert_eq!(parse_target("*"), Err(BadTarget::NotAPath));
        assert_eq!(parse_target("etc/passwd"), Err(BadTarget::NotAPath));
    }

    #[test]
    fn decodes_once_only() {
        // Double encoding stays literal text: a name no site file has.
        assert_eq!(segments("/%252e%252e/etc"), ["%2e%2e", "etc"]);
        assert_eq!(segments("/%255c"), ["%5c"]);
    }

    #[test]
    fn reads_query_parameters() {
        let t = "/__panorama/events?page=%2Fa%2Findex.html&version=00ff&x";
        assert_eq!(query_param(t, "page").as_deref(), Some("/a/index.html"));
        assert_eq!(query_param(t, "version").as_deref(), Some("00ff"));
        assert_eq!(query_param(t, "x").as_deref(), Some(""));
        assert_eq!(query_param(t, "missing"), None);
        assert_eq!(query_param("/e", "page"), None);
        assert_eq!(query_param("/e?page=a+b%zz", "page"), None);
        assert_eq!(query_param("/e?page=a+b", "page").as_deref(), Some("a b"));
    }

    #[test]
    fn encodes_what_needs_it() {
        assert_eq!(encode_path("/a-b/c_d.html"), "/a-b/c_d.html");
        assert_eq!(encode_path("/été/a b"), "/%C3%A9t%C3%A9/a%20b");
        assert_eq!(encode_path("/a\nb?c#d%"), "/a%0Ab%3Fc%23d%25");
    }

    #[test]
    fn encode_then_parse_round_trips() {
        for s in ["été", "a b", "x%y", "50%", "l'ess", "a+b=c"] {
            let t = parse_target(&encode_path(&format!("/{s}/"))).unwrap();
            assert_eq!(t.segments, [s]);
        }
    }
}
