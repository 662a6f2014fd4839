//! What keeps untrusted content from reaching past the site: no file from
//! outside `content/` and `themes/` is read, no dangerous URL scheme and no
//! control character reaches a page, a feed or a terminal, no cell of a
//! data export runs as a spreadsheet formula, and no content file takes a
//! path the generator writes.
//!
//! The checks are plain functions; the pipeline calls each at one place
//! (see the report of issue 11 for the list of call sites).

use crate::diagnostic::{Diagnostic, is_control, terminal};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// URL schemes a link, an image or a front-matter URL may use. Relative
/// URLs and `@/` internal links have none.
pub(crate) const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Front-matter keys whose value is a URL.
const URL_KEYS: [&str; 6] = ["url", "base_url", "href", "link", "src", "website"];

/// Output folders the generator owns whole: a content file may not put
/// anything there.
pub(crate) const RESERVED_FOLDERS: [&str; 2] = ["pagefind/", "donnees/"];

/// The problems of a site's sources found before anything is loaded:
/// `fatal` are symbolic links leading outside the site (the build stops
/// there, so that nothing is read through them, not even into an error
/// message); `problems` are located errors reported with the rest of the
/// run (control characters, forbidden URL schemes, bad file names).
#[derive(Debug, Default)]
pub(crate) struct SourceCheck {
    pub(crate) fatal: Vec<Diagnostic>,
    pub(crate) problems: Vec<Diagnostic>,
}

/// Walks `content/` and `themes/` of `root` (links not followed). The
/// text of each content file is checked by [`check_text`] as it is loaded.
pub(crate) fn check_sources(root: &Path) -> SourceCheck {
    let mut check = SourceCheck::default();
    for folder in ["content", "themes"] {
        let dir = root.join(folder);
        let Ok(real_dir) = std::fs::canonicalize(&dir) else {
            continue;
        };
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walker.into_iter().flatten() {
            let path = entry.path();
            let shown = crate::diagnostic::display_path(root, path);
            if let Some(name) = entry.file_name().to_str()
                && has_control(name)
            {
                check.problems.push(
                    Diagnostic::new(
                        &shown,
                        "the file name holds a control character (shown escaped)",
                    )
                    .hint("rename the file: letters, digits, `-` and `_` make the best URLs"),
                );
                continue;
            }
            if entry.path_is_symlink() {
                if let Some(d) = escaping_link(path, &real_dir, folder, &shown) {
                    check.fatal.push(d);
                }
                continue;
            }
        }
    }
    check
}

/// A symbolic link whose target lies outside `real_dir` (or cannot be
/// followed) is refused.
fn escaping_link(path: &Path, real_dir: &Path, folder: &str, shown: &Path) -> Option<Diagnostic> {
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(real_dir) => None,
        // A broken link: the loader reports it as unreadable.
        Err(_) => None,
        Ok(real) => Some(
            Diagnostic::new(
                shown,
                format!(
                    "`{}` is a symbolic link to `{}`, outside {folder}/: panorama never reads \
                     nor publishes a file from outside the site",
                    shown.display(),
                    terminal(&if target.is_empty() {
                        real.display().to_string()
                    } else {
                        target
                    })
                ),
            )
            .hint(format!(
                "copy the file into {folder}/ if it is meant to be published, or remove the link"
            )),
        ),
    }
}

/// Control characters, YAML escapes that make one, and forbidden URL
/// schemes in the text of a content file, each at its line and column.
pub(crate) fn check_text(shown: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut in_front_matter = false;
    let mut fence: Option<&str> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if n == 1 && line.trim_end() == "---" {
            in_front_matter = true;
            continue;
        }
        if in_front_matter && (line.trim_end() == "---" || line.trim_end() == "...") {
            in_front_matter = false;
            continue;
        }
        let at = |col: usize, message: String, hint: &str| {
            Diagnostic::new(shown, message)
                .at(n, Some(col))
                .hint(hint.to_string())
                .with_source(&terminal(text))
        };
        if let Some((col, c)) = line.chars().enumerate().find(|&(_, c)| is_control(c)) {
            out.push(at(
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
                col,
                "a YAML escape that makes a control character (`\\f`, `\\e`, `\\x1b`…)".into(),
                "remove the escape; only `\\t` and `\\n` are allowed",
            ));
            continue;
        }
        // Code blocks show URLs, they do not link them.
        let t = line.trim_start();
        if !in_front_matter {
            match fence {
                Some(f) if t.starts_with(f) => {
                    fence = None;
                    continue;
                }
                Some(_) => continue,
                None if t.starts_with("```") || t.starts_with("~~~") => {
                    fence = Some(&t[..3]);
                    continue;
                }
                None => {}
            }
        }
        let urls = if in_front_matter {
            front_matter_url(line).into_iter().collect()
        } else {
            body_urls(line)
        };
        for (col, url) in urls {
            if let Err(scheme) = allowed_url(url) {
                out.push(at(
                    col,
                    format!(
                        "the URL scheme `{scheme}:` is not allowed (only relative links, `@/…`, \
                         http, https, mailto and tel)"
                    ),
                    "link to a page of the site or to an http(s) address",
                ));
                break;
            }
        }
    }
    out
}

fn has_control(s: &str) -> bool {
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
    let col = line.len() - line.trim_start().len() + key.len() + 2;
    (!value.is_empty()).then_some((col, value))
}

/// URLs of a Markdown line: inline links and images `](url`, reference
/// definitions `[x]: url`, autolinks `<scheme:…>`, and `href` / `src`
/// attributes of raw HTML.
fn body_urls(line: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let lower = line.to_ascii_lowercase();
    let col = |at: usize| line[..at].chars().count() + 1;
    for (at, _) in line.match_indices("](") {
        let start = at + 2;
        found.push((col(start), line[start..].trim_start_matches('<')));
    }
    let t = line.trim_start();
    if t.starts_with('[')
        && let Some(end) = t.find("]:")
    {
        let start = line.len() - t.len() + end + 2;
        found.push((col(start), line[start..].trim_start()));
    }
    for (at, _) in line.match_indices('<') {
        let rest = &line[at + 1..];
        if let Some(end) = rest.find('>')
            && rest[..end].contains(':')
            && !rest[..end].contains([' ', '='])
        {
            found.push((col(at + 1), &rest[..end]));
        }
    }
    for attr in ["href", "src"] {
        for (at, _) in lower.match_indices(attr) {
            let before = lower[..at].chars().last();
            if !before.is_some_and(|c| c.is_whitespace() || c == '"' || c == '\'') {
                continue;
            }
            let rest = lower[at + attr.len()..].trim_start();
            let Some(value) = rest.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let start = line.len() - value.len();
            let v = line[start..].trim_start_matches(['"', '\'']);
            found.push((col(start), v));
        }
    }
    // A URL ends where Markdown or HTML ends it.
    found
        .into_iter()
        .map(|(col, url)| {
            let end = url
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>'))
                .unwrap_or(url.len());
            (col, &url[..end])
        })
        .collect()
}

/// `Ok` when `url` is relative, `@/…` or of an allowed scheme; else the
/// scheme found. The URL is read as a browser would: HTML character
/// references decoded, tabs and newlines dropped, leading spaces and
/// controls ignored, the scheme in any case.
pub(crate) fn allowed_url(url: &str) -> Result<(), String> {
    let decoded = decode_entities(url);
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

fn decode_entities(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match reference(rest) {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character reference at the start of `s` (what follows a `&`), read
/// as a browser reads it in an attribute: a numeric reference takes every
/// digit that follows, its `;` optional (`&#106avascript:` is
/// `javascript:`); the named ones that can build a scheme need their `;`.
/// Returns the character and the bytes it takes.
fn reference(s: &str) -> Option<(char, usize)> {
    let with_semicolon = |n: usize| if s[n..].starts_with(';') { n + 1 } else { n };
    if let Some(num) = s.strip_prefix('#') {
        let (radix, from) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (16, 2),
            _ => (10, 1),
        };
        let digits = s[from..].chars().take_while(|c| c.is_digit(radix)).count();
        if digits == 0 {
            return None;
        }
        let end = from + digits;
        let c = u32::from_str_radix(&s[from..end], radix)
            .ok()
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        return Some((c, with_semicolon(end)));
    }
    [
        ("colon;", ':'),
        ("tab;", '\t'),
        ("newline;", '\n'),
        ("amp;", '&'),
    ]
    .into_iter()
    .find(|(name, _)| {
        s.get(..name.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(name))
    })
    .map(|(name, c)| (c, name.len()))
}

/// A generated page's link with a forbidden scheme (the last line of
/// defence: the sources check gives the line).
pub(crate) fn forbidden_url(url: &str, shown: &Path) -> Option<Diagnostic> {
    let scheme = allowed_url(url).err()?;
    Some(
        Diagnostic::new(
            shown,
            format!(
                "a link or image with the URL scheme `{scheme}:`, which is not allowed (only \
                 relative links, `@/…`, http, https, mailto and tel)"
            ),
        )
        .hint("look for this link in the file's text, front matter or the theme's templates"),
    )
}

/// `theme:` (or `--theme`) names a folder under `themes/` (or a built-in
/// theme): no path, no `..`, no absolute path.
pub(crate) fn check_theme_name(root: &Path, name: &str) -> Option<Diagnostic> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', ':'])
        || name.chars().any(is_control)
        || Path::new(name).is_absolute();
    if !bad {
        return None;
    }
    let site_yaml = root.join("content").join("site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap_or_default();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("theme:"));
    let mut d = Diagnostic::new(
        crate::diagnostic::display_path(root, &site_yaml),
        format!(
            "the theme `{}` is not the name of a folder under themes/",
            terminal(name)
        ),
    )
    .hint("give the name of a folder of themes/ (e.g. `theme: mon-theme` for themes/mon-theme/), or a built-in theme: panorama or dsfr")
    .code(crate::diagnostic::Code::UnknownTheme);
    if let Some(i) = line {
        d = d.at(i + 1, None).with_source(&text);
    }
    Some(d)
}

/// A content file at `path` of the output, which the generator also
/// writes (`what` says which generated file).
pub(crate) fn taken_path(path: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        PathBuf::from("content").join(path),
        format!(
            "`content/{path}` would replace {what} `{path}` that panorama writes; both cannot be \
             published"
        ),
    )
    .hint("rename or move the content file: panorama writes this path itself")
}

/// A content asset inside a folder the generator owns whole.
pub(crate) fn reserved_asset(rel: &str) -> Option<Diagnostic> {
    use crate::paths::{ATOM_XML, SITEMAP_XML};
    // The feeds are generated only when base_url is absolute; their names
    // stay reserved either way, so a change of base_url never turns a
    // content file into a clash.
    if rel == SITEMAP_XML || rel == ATOM_XML {
        return Some(
            Diagnostic::new(
                PathBuf::from("content").join(rel),
                format!("`content/{rel}` takes the path of the file panorama generates there"),
            )
            .hint(format!("rename or remove content/{rel}")),
        );
    }
    let folder = RESERVED_FOLDERS.iter().find(|f| rel.starts_with(*f))?;
    Some(
        Diagnostic::new(
            PathBuf::from("content").join(rel),
            format!(
                "`content/{rel}` is inside `{folder}`, a folder panorama writes whole (search \
                 index, open data)"
            ),
        )
        .hint(format!("move the file out of content/{folder}")),
    )
}

/// A CSV cell that a spreadsheet could run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as
/// OWASP's CSV-injection guidance recommends; a plain number (`-12`,
/// `+3,5`) is left as it is.
pub(crate) fn csv_cell(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = cell.replace(',', ".").trim().parse::<f64>().is_ok();
    if risky && !number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
        let text = "---\ntitle: \"Un \\e[31m titre\"\nresources:\n  - title: x\n    url: javascript:alert(1)\n---\n\nDu texte\u{c} ici.\n[lien](data:text/html,x) et <a href=\"vbscript:y\">z</a>\n[ref]: JavaScript:void(0)\n<javascript:x>\n";
        let d = check_text(Path::new("content/a.md"), text);
        let lines: Vec<usize> = d.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, [2, 5, 8, 9, 10, 11], "{d:#?}");
        assert!(d[2].message.contains("U+000C"));
        assert!(d[1].message.contains("`javascript:`"));
    }

    #[test]
    fn ordinary_text_passes() {
        let text = "---\ntitle: \"Note : un titre\"\ndescription: 'C:\\e'\nurl: https://example.org/\n---\n\nUn [lien](../autre/) et <https://x.org>, \ttab.\r\nUn <abbr title=\"a: b\">ESS</abbr>, 10 < 12: ok.\n";
        assert!(check_text(Path::new("a.md"), text).is_empty());
    }

    #[test]
    fn symbolic_links_leaving_the_site_are_fatal() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        fs::create_dir_all(root.join("content/sub")).unwrap();
        fs::create_dir_all(root.join("themes/t/static")).unwrap();
        fs::write(tmp.path().join("secret"), "x").unwrap();
        fs::write(root.join("content/sub/ok.txt"), "x").unwrap();
        let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, root.join(at)).unwrap();
        link(&tmp.path().join("secret"), "content/env.txt");
        link(tmp.path(), "content/outside");
        link(&root.join("content/sub/ok.txt"), "content/inside.txt");
        link(Path::new("/etc/passwd"), "themes/t/static/p.css");
        let c = check_sources(&root);
        let paths: Vec<String> = c
            .fatal
            .iter()
            .map(|d| d.path.display().to_string())
            .collect();
        assert_eq!(
            paths,
            [
                "content/env.txt",
                "content/outside",
                "themes/t/static/p.css"
            ]
        );
        assert!(c.fatal[0].message.contains("outside content/"));
    }

    #[test]
    fn theme_names() {
        let root = Path::new("/nonexistent");
        for ok in ["panorama", "dsfr", "mon-theme"] {
            assert!(check_theme_name(root, ok).is_none(), "{ok}");
        }
        for bad in ["../../elsewhere", "/etc", "a/b", "..", "", "c:\\x"] {
            assert!(check_theme_name(root, bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn csv_cells() {
        assert_eq!(csv_cell("=2+5"), "'=2+5");
        assert_eq!(csv_cell("@SUM(1+1)"), "'@SUM(1+1)");
        assert_eq!(csv_cell("+33 1 00"), "'+33 1 00");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-12"), "-12");
        assert_eq!(csv_cell("-3,5"), "-3,5");
        assert_eq!(csv_cell("Économie"), "Économie");
    }

    #[test]
    fn terminal_text() {
        assert_eq!(
            terminal("a\u{1b}]0;x\u{7}b\nc\td"),
            "a\\u{1b}]0;x\\u{7}b\nc\td"
        );
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn reserved_and_taken_paths() {
        assert!(reserved_asset("pagefind/pagefind.js").is_some());
        assert!(reserved_asset("donnees/x.csv").is_some());
        assert!(reserved_asset("economie-locale/photo.jpg").is_none());
        let d = taken_path("404.html", "the page not found");
        assert!(d.message.contains("content/404.html"));
    }
}
