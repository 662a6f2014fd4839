//! What keeps untrusted content from reaching past the site: no file from
//! outside `content/` and `themes/` is read, no dangerous URL scheme and no
//! control character reaches a page, a feed or a terminal, no cell of a
//! data export runs as a spreadsheet formula, and no content file takes a
//! path the generator writes.
//!
//! The checks are plain functions; the pipeline calls each at one place
//! (see the report of issue 11 for the list of call sites).

mod raw_html;
mod text;

use crate::diagnostic::{Code, Diagnostic, is_control, terminal};
pub(crate) use raw_html::{OpenRawText, RawHtmlProblem, raw_html_problems};
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use text::has_control;
pub(crate) use text::{
    FORBIDDEN_SCHEME_HINT, allowed_url, check_text, forbidden_scheme, forbidden_url,
};

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
///
/// A theme's `node_modules` is not walked: it is what npm installed from
/// the theme's lockfile, not sources written by editors, and its thousands
/// of folders would cost every build (about 20 ms on the shipped site once
/// the `dsfr` package is installed). The few files a theme takes from it
/// are checked where they are read (`render/dsfr.rs`).
pub(crate) fn check_sources(root: &Path) -> SourceCheck {
    let mut check = SourceCheck::default();
    for folder in ["content", "themes"] {
        let dir = root.join(folder);
        let Ok(real_dir) = std::fs::canonicalize(&dir) else {
            continue;
        };
        let walker = walkdir::WalkDir::new(&dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                !(folder == "themes" && e.file_type().is_dir() && e.file_name() == "node_modules")
            });
        for entry in walker.flatten() {
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
                    .code(Code::ControlCharacter)
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
            .code(Code::LinkOutside)
            .hint(format!(
                "copy the file into {folder}/ if it is meant to be published, or remove the link"
            )),
        ),
    }
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
    .code(Code::PathTaken)
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
            .hint(format!("rename or remove content/{rel}"))
            .code(Code::PathTaken),
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
        .hint(format!("move the file out of content/{folder}"))
        .code(Code::PathTaken),
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
        // An installed package is not walked (render/dsfr.rs checks what it reads).
        fs::create_dir_all(root.join("themes/t/node_modules/pkg")).unwrap();
        link(Path::new("/etc/passwd"), "themes/t/node_modules/pkg/p.css");
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
    fn reserved_and_taken_paths() {
        assert!(reserved_asset("pagefind/pagefind.js").is_some());
        assert!(reserved_asset("donnees/x.csv").is_some());
        assert!(reserved_asset("economie-locale/photo.jpg").is_none());
        let d = taken_path("404.html", "the page not found");
        assert_eq!(d.code, Some(Code::PathTaken));
        assert!(d.message.contains("content/404.html"));
    }
}
