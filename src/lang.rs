//! Language tags of passages in another language than the page's
//! (`<span lang="en">silver economy</span>`, RGAA 8.7): which tags are
//! valid BCP 47 (RFC 5646, well-formed syntax), and where `lang`
//! attributes sit in a fragment of raw HTML. The site refuses an invalid
//! tag (render/markdown); the printed volume tags the passage with its
//! language (pdf/markup).

/// A well-formed language tag, split into what a PDF needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LangTag {
    /// The primary language subtag, lower case (`en`, `fr`, `gsw`).
    pub(crate) language: String,
    /// The region subtag, upper case (`GB`), when it has one.
    pub(crate) region: Option<String>,
}

fn alpha(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

fn alnum(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Parses a BCP 47 tag: language (2–3 letters, up to three extended
/// subtags), script, region, variants, extensions and private use, in
/// that order. Private-use-only and grandfathered tags are refused: they
/// name no language a reader or a screen reader knows.
pub(crate) fn parse(tag: &str) -> Option<LangTag> {
    let mut parts = tag.split('-').peekable();
    let language = parts.next().filter(|l| alpha(l, 2, 3))?;
    let mut region = None;
    let mut stage = 0; // 0 extlang, 1 script, 2 region, 3 variants, 4 extensions
    let mut extlangs = 0;
    while let Some(p) = parts.next() {
        if stage == 0 && extlangs < 3 && alpha(p, 3, 3) {
            extlangs += 1;
            continue;
        }
        if stage <= 1 && alpha(p, 4, 4) {
            stage = 2;
            continue;
        }
        if stage <= 2 && (alpha(p, 2, 2) || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit())))
        {
            region = Some(p.to_ascii_uppercase());
            stage = 3;
            continue;
        }
        let variant =
            alnum(p, 5, 8) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit() && alnum(p, 4, 4));
        if stage <= 3 && variant {
            stage = 3;
            continue;
        }
        if p.eq_ignore_ascii_case("x") {
            // Private use: one or more subtags of 1–8 characters, to the end.
            let mut any = false;
            for q in parts.by_ref() {
                if !alnum(q, 1, 8) {
                    return None;
                }
                any = true;
            }
            return any.then(|| LangTag {
                language: language.to_ascii_lowercase(),
                region: region.clone(),
            });
        }
        if alnum(p, 1, 1) {
            // An extension: its singleton, then subtags of 2–8 characters.
            let mut any = false;
            while let Some(q) = parts.peek() {
                if !alnum(q, 2, 8) {
                    break;
                }
                parts.next();
                any = true;
            }
            if !any {
                return None;
            }
            stage = 4;
            continue;
        }
        return None;
    }
    Some(LangTag {
        language: language.to_ascii_lowercase(),
        region,
    })
}

/// The `lang` attributes of the start tags of a raw HTML fragment: the
/// byte offset of each value in `html`, the element's name (lower case)
/// and the value as written.
pub(crate) fn attributes(html: &str) -> Vec<(usize, String, &str)> {
    let mut found = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|p| p + i) {
        let mut j = lt + 1;
        let name_start = j;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'-') {
            j += 1;
        }
        if j == name_start {
            i = lt + 1;
            continue;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        // Attributes, up to the end of the tag.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let a = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = html[a..j].to_ascii_lowercase();
            if j == a {
                j += 1;
                continue;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] != b'=' {
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (start, end) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..]
                        .find(q as char)
                        .map_or(html.len(), |e| e + j + 1);
                    (j + 1, end)
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(html.len(), |e| e + j);
                    (j, end)
                }
            };
            if attr == "lang" {
                found.push((start, name.clone(), &html[start..end]));
            }
            j = (end + 1).min(html.len());
        }
        i = j.min(html.len());
        if i >= html.len() {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_tags() {
        for tag in [
            "en",
            "EN",
            "en-GB",
            "de-CH-1901",
            "zh-Hant-TW",
            "es-419",
            "gsw",
            "sl-rozaj-biske",
            "en-a-bbb-x-a-ccc",
            "en-x-private",
            "zh-yue-HK",
        ] {
            assert!(parse(tag).is_some(), "{tag}");
        }
        assert_eq!(
            parse("en-gb"),
            Some(LangTag {
                language: "en".into(),
                region: Some("GB".into())
            })
        );
    }

    #[test]
    fn invalid_tags() {
        for tag in [
            "",
            "e",
            "english",
            "en_GB",
            "en-",
            "-en",
            "en--GB",
            "x-private",
            "en-GB-GB",
            "en-a",
            "en-x",
            "fr\" onmouseover=\"x",
            "en gb",
            "é",
            "en-GB-abcdefghi",
        ] {
            assert!(parse(tag).is_none(), "{tag:?}");
        }
    }

    #[test]
    fn lang_attributes_of_a_fragment() {
        let html = r#"<span class="x" lang="en">"#;
        let found = attributes(html);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].1.as_str(), found[0].2), ("span", "en"));
        assert_eq!(&html[found[0].0..found[0].0 + 2], "en");
        assert_eq!(attributes("<i LANG='de'>")[0].2, "de");
        assert_eq!(attributes("<span lang=en-GB>")[0].2, "en-GB");
        assert!(attributes("</span>").is_empty());
        assert!(attributes("<span data-lang=\"en\">").is_empty());
        assert!(attributes("a < b").is_empty());
        assert_eq!(attributes("<span lang=\"\">")[0].2, "");
    }
}
