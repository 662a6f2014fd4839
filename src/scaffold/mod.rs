//! `panorama init` and `panorama new`: the files an editor starts from, and
//! the placeholder rule that keeps them from being published unfinished.
//!
//! The starter collection (`starter/`) and the files of `new` (`new/`) are
//! real files of this folder, embedded in the binary: read and edit them
//! as they are. Every value an editor must replace holds « à compléter ».
//!
//! **The placeholder rule**: a line of a front matter (or of `site.yaml`,
//! `ptce.yaml`) that still holds « à compléter », in a value or in a
//! comment after it, is reported by [`placeholders`]: a warning for
//! `build` and `check`, an error for `check --strict`. Whole-line
//! comments are explanations, not placeholders, and are not reported; nor
//! is the Markdown text of the pages (the editor sees it).

mod link;
mod placeholder;

pub use link::{Linked, link_volume};
use placeholder::front_matter_lines;
pub use placeholder::{placeholders, warnings};

use crate::diagnostic::{Code, Diagnostic};
use crate::slug::{slugify, split_prefix};
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The marker of a value still to be written.
pub(crate) const PLACEHOLDER: &str = "à compléter";

/// The starter collection: (path from the new site's root, text).
const STARTER: &[(&str, &str)] = &[
    (
        "content/site.yaml",
        include_str!("starter/content/site.yaml"),
    ),
    ("content/index.md", include_str!("starter/content/index.md")),
    (
        "content/glossaire/terme.md",
        include_str!("starter/content/glossaire/terme.md"),
    ),
    (
        "content/premier-volume/index.md",
        include_str!("starter/content/premier-volume/index.md"),
    ),
    (
        "content/premier-volume/01-introduction.md",
        include_str!("starter/content/premier-volume/01-introduction.md"),
    ),
    (
        "content/premier-volume/02-projecteurs/01-premier-coup-de-projecteur.md",
        include_str!(
            "starter/content/premier-volume/02-projecteurs/01-premier-coup-de-projecteur.md"
        ),
    ),
    (
        "content/premier-volume/lancez-vous.md",
        include_str!("starter/content/premier-volume/lancez-vous.md"),
    ),
    (
        "content/pages/mentions-legales.md",
        include_str!("starter/content/pages/mentions-legales.md"),
    ),
    (
        "content/pages/donnees-personnelles.md",
        include_str!("starter/content/pages/donnees-personnelles.md"),
    ),
    // Named without its dot here so that it is not a hidden file of the
    // source tree.
    (".gitignore", include_str!("starter/gitignore")),
];

/// `panorama init DIR`: writes the starter collection into `dir`, which
/// must be empty or not exist. Returns the files written.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::new(dir, "this is a file, not a folder")
                .hint("give the name of a new or empty folder: `panorama init mon-site`")
                .code(Code::InitRefused));
        }
        let mut entries: Vec<String> = fs::read_dir(dir)
            .map_err(|e| io_error(dir, "cannot read the folder", &e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        if !entries.is_empty() {
            entries.sort();
            let shown = entries
                .iter()
                .take(5)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if entries.len() > 5 { ", …" } else { "" };
            return Err(Diagnostic::new(
                dir,
                format!("the folder is not empty (it holds {shown}{more}); nothing was written"),
            )
            .hint("`panorama init` only starts a collection in a new or empty folder: give a new folder name, e.g. `panorama init mon-site`")
            .code(Code::InitRefused));
        }
    }
    let mut written = Vec::new();
    for (rel, text) in STARTER {
        let path = dir.join(rel);
        write_new(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// What `panorama new` creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Volume,
    Chapter,
    CaseStudy,
    Term,
    Page,
}

/// Longest slug `new` makes a file name of: a file name and an address
/// stay readable, and far below the file systems' 255 bytes.
const MAX_SLUG: usize = 80;

/// `slug` cut after its last whole word within [`MAX_SLUG`] bytes (a
/// slug is ASCII).
fn short_slug(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_string();
    }
    let cut = &slug[..MAX_SLUG];
    match cut.rfind('-') {
        Some(i) if i > 0 => cut[..i].to_string(),
        _ => cut.to_string(),
    }
}

/// `panorama new KIND TITLE`: creates the file in the collection at
/// `root` and returns its path. `volume` names the volume folder for
/// chapters and case studies (optional when there is only one).
pub fn new(
    root: &Path,
    kind: Kind,
    volume: Option<&str>,
    title: &str,
) -> Result<PathBuf, Diagnostic> {
    // `content/…`, not `./content/…`, in what is printed.
    let content = if root == Path::new(".") {
        PathBuf::from("content")
    } else {
        root.join("content")
    };
    if !content.is_dir() {
        return Err(Diagnostic::new(&content, "no `content/` folder here")
            .hint("run `panorama new` in the collection's folder, or pass --root DIR; to start a collection: `panorama init DIR`")
            .code(Code::NoContent));
    }
    let title = title.trim();
    let slug = short_slug(&slugify(title));
    if slug.is_empty() {
        return Err(Diagnostic::new(
            &content,
            format!("the title « {title} » has no letter or digit to make a file name from"),
        )
        .hint("give a title with words: `panorama new chapter \"Le contexte régional\"`")
        .code(Code::InvalidTitle));
    }
    let quoted = yaml_string(title);
    let (path, text) = match kind {
        Kind::Volume => new_volume(&content, &slug, &quoted)?,
        Kind::Chapter => new_chapter(&volume_dir(&content, volume)?, &slug, &quoted)?,
        Kind::CaseStudy => new_case_study(&volume_dir(&content, volume)?, &slug, &quoted)?,
        Kind::Term => (
            content.join("glossaire").join(format!("{slug}.md")),
            fill(include_str!("new/term.md"), &quoted, 0),
        ),
        Kind::Page => new_page(&content, &slug, &quoted)?,
    };
    write_new(&path, &text)?;
    Ok(path)
}

/// A new volume: `<slug>/index.md`, with the next volume number.
fn new_volume(content: &Path, slug: &str, quoted: &str) -> Result<(PathBuf, String), Diagnostic> {
    let dir = content.join(slug);
    // The folders content/ gives a meaning (pages/, medias/, glossaire/),
    // the addresses of generated pages and a free page's address are not
    // free for a volume.
    let reserved = slug == "pages"
        || crate::paths::RESERVED_DIRS.contains(&format!("{slug}/").as_str())
        || content.join("pages").join(format!("{slug}.md")).exists();
    if reserved {
        return Err(exists(
            &dir.join("index.md"),
            &format!(
                "the address /{slug}/ is already taken by a page panorama generates, a free page \
                 or a folder of content/ with its own role"
            ),
        )
        .hint("choose another title for the volume (its folder and address come from it)"));
    }
    if dir.exists() {
        return Err(exists(
            &dir,
            "a volume folder with this name already exists",
        ));
    }
    let number = next_volume_number(content);
    Ok((
        dir.join("index.md"),
        fill(include_str!("new/volume.md"), quoted, number),
    ))
}

/// A new chapter of the volume `vol`, with the next free prefix.
fn new_chapter(vol: &Path, slug: &str, quoted: &str) -> Result<(PathBuf, String), Diagnostic> {
    // Chapters and case studies share the volume's addresses.
    refuse_same_slug(vol, slug, "chapter")?;
    if let Some(cases) = cases_dir(vol) {
        refuse_same_slug(&cases, slug, "case study")?;
    }
    let n = next_prefix(vol);
    Ok((
        vol.join(format!("{n:02}-{slug}.md")),
        fill(include_str!("new/chapter.md"), quoted, n),
    ))
}

/// A new case study of the volume `vol`, in its case-study folder (made
/// with the next prefix when there is none), with the next number.
fn new_case_study(vol: &Path, slug: &str, quoted: &str) -> Result<(PathBuf, String), Diagnostic> {
    let cases = match cases_dir(vol) {
        Some(d) => d,
        None => vol.join(format!("{:02}-projecteurs", next_prefix(vol))),
    };
    refuse_same_slug(&cases, slug, "case study")?;
    refuse_same_slug(vol, slug, "chapter")?;
    let n = next_prefix(&cases).max(next_case_number(&cases));
    Ok((
        cases.join(format!("{n:02}-{slug}.md")),
        fill(include_str!("new/case-study.md"), quoted, n),
    ))
}

/// A new free page, `pages/<slug>.md`, published at `/<slug>/`: the
/// address of a volume folder or of a generated page is not free.
fn new_page(content: &Path, slug: &str, quoted: &str) -> Result<(PathBuf, String), Diagnostic> {
    let taken = content.join(slug).is_dir()
        || crate::paths::RESERVED_DIRS.contains(&format!("{slug}/").as_str());
    if taken {
        return Err(Diagnostic::new(
            content.join("pages").join(format!("{slug}.md")),
            format!("the address /{slug}/ is already taken by a volume or a page panorama generates; nothing was written"),
        )
        .hint("choose another title (the file name comes from it), or set `slug:` by hand in a page you write yourself"));
    }
    Ok((
        content.join("pages").join(format!("{slug}.md")),
        fill(include_str!("new/page.md"), quoted, 0),
    ))
}

/// A YAML double-quoted string: the title may hold `: `, `#`, quotes…
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn fill(template: &str, title: &str, number: u32) -> String {
    template
        .replace("%TITLE%", title)
        .replace("%NUMBER%", &number.to_string())
}

/// Creates `path` (and its folders) with `text`; never replaces a file.
fn write_new(path: &Path, text: &str) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create the folder", &e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                exists(path, "this file already exists")
            } else {
                io_error(path, "cannot create the file", &e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| io_error(path, "cannot write the file", &e))
}

fn exists(path: &Path, what: &str) -> Diagnostic {
    Diagnostic::new(path, format!("{what}; nothing was written"))
        .hint(
            "`panorama new` never replaces a file: choose another title, or edit the existing file",
        )
        .code(Code::FileExists)
}

fn io_error(path: &Path, what: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(path, format!("{what}: {e}"))
        .hint("check that the folder exists and that you may write in it")
        .code(Code::CannotCreate)
}

/// Folder names of the volumes: the folders of `content/` holding an
/// `index.md`.
fn volumes(content: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(content)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().join("index.md").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && n != "glossaire" && n != "pages")
        .collect();
    v.sort();
    v
}

fn volume_dir(content: &Path, volume: Option<&str>) -> Result<PathBuf, Diagnostic> {
    let all = volumes(content);
    let choose = |msg: String| {
        Diagnostic::new(content, msg)
            .hint(if all.is_empty() {
                "create a volume first: `panorama new volume \"Titre du volume\"`".to_string()
            } else {
                format!(
                    "name the volume's folder with --volume, one of: {}",
                    all.join(", ")
                )
            })
            .code(Code::ChooseVolume)
    };
    match volume {
        Some(v) => {
            // `premier-volume`, `premier-volume/` or `content/premier-volume`.
            let v = v.trim_matches('/');
            let v = v.strip_prefix("content/").unwrap_or(v);
            if all.iter().any(|a| a == v) {
                Ok(content.join(v))
            } else {
                Err(choose(format!(
                    "there is no volume folder `{v}` (with an index.md) in content/"
                )))
            }
        }
        None if all.len() == 1 => Ok(content.join(&all[0])),
        None if all.is_empty() => Err(choose("the collection has no volume yet".into())),
        None => Err(choose(
            "the collection has several volumes: which one?".into(),
        )),
    }
}

/// The volume's case-study folder (`NN-projecteurs/`), if it has one.
fn cases_dir(vol: &Path) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(vol)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter(|e| split_prefix(&e.file_name().to_string_lossy()).1 == "projecteurs")
        .map(|e| e.path())
        .collect();
    dirs.sort();
    dirs.into_iter().next()
}

/// One more than the largest `NN-` prefix of the files and folders of
/// `dir` (chapters and the case-study folder share the numbering).
fn next_prefix(dir: &Path) -> u32 {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| split_prefix(&e.file_name().to_string_lossy()).0)
        .max()
        .map_or(1, |n| n + 1)
}

/// One more than the largest `number:` of the case studies of `dir`.
fn next_case_number(dir: &Path) -> u32 {
    max_number(
        dir.read_dir()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path()),
    )
    .map_or(1, |n| n + 1)
}

/// One more than the largest `number:` of the volumes.
fn next_volume_number(content: &Path) -> u32 {
    max_number(
        volumes(content)
            .into_iter()
            .map(|v| content.join(v).join("index.md")),
    )
    .map_or(1, |n| n + 1)
}

fn max_number(files: impl Iterator<Item = PathBuf>) -> Option<u32> {
    files
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .filter_map(|p| fs::read_to_string(p).ok())
        .filter_map(|text| {
            front_matter_lines(&text, true)
                .into_iter()
                .find_map(|(_, l)| {
                    l.strip_prefix("number:")
                        .and_then(|n| n.trim().parse().ok())
                })
        })
        .max()
}

/// Two files with one slug in a folder would be published at one URL.
fn refuse_same_slug(dir: &Path, slug: &str, what: &str) -> Result<(), Diagnostic> {
    let same = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| {
            n.strip_suffix(".md")
                .is_some_and(|stem| split_prefix(stem).1 == slug)
        });
    match same {
        Some(name) => Err(Diagnostic::new(
            dir.join(&name),
            format!(
                "a {what} with the same file name (`{slug}`) already exists; nothing was written"
            ),
        )
        .hint(
            "its page would have the same address: choose another title, or edit the existing file",
        )
        .code(Code::FileExists)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_make_slugs_cut_after_a_whole_word() {
        let long = slugify(&"économie sociale et solidaire ".repeat(10));
        let short = short_slug(&long);
        assert!(short.len() <= MAX_SLUG, "{short}");
        // Cut between two words: the long slug goes on with a `-`.
        assert!(long.starts_with(&short), "{short}");
        assert_eq!(long.as_bytes()[short.len()], b'-', "{short}");
        assert_eq!(short_slug("un-titre"), "un-titre");
    }

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(
            yaml_string(r#"Terre Tous : le « tiers-lieu » "vert" \ #1"#),
            r#""Terre Tous : le « tiers-lieu » \"vert\" \\ #1""#
        );
    }

    #[test]
    fn every_starter_file_is_marked() {
        for (rel, text) in STARTER {
            if rel.starts_with("content/") && !rel.ends_with("site.yaml") {
                let fm = front_matter_lines(text, true);
                assert!(!fm.is_empty(), "{rel} has no front matter");
            }
            if rel.starts_with("content/") {
                assert!(text.contains(PLACEHOLDER), "{rel} has no placeholder");
            }
        }
    }
}
