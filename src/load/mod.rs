//! Stage 1: walk `content/`, split front matter, deserialize it into typed
//! structs. Every problem is collected; a broken file never stops the others
//! from being read.

pub(crate) mod frontmatter;
pub(crate) mod yaml;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::model::{
    CaseStudyMeta, ChapterMeta, FreePageMeta, HomeMeta, PtceFile, ResourcesMeta, SiteMeta,
    TermMeta, VolumeMeta,
};
use crate::slug::split_prefix;
use serde::de::DeserializeOwned;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// A file read from `content/`.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    /// Path from `content/`, with `/` separators: the name used by `@/` links.
    pub(crate) rel: String,
    /// Path shown in messages (relative to the site root).
    pub(crate) display: PathBuf,
    pub(crate) text: String,
}

/// A Markdown page with its typed front matter.
#[derive(Debug, Clone)]
pub(crate) struct Document<M> {
    pub(crate) source: SourceFile,
    pub(crate) meta: M,
    /// Byte offset of the body in `source.text`.
    pub(crate) body_start: usize,
    /// Numeric prefix of the file name (`03-…` → 3).
    pub(crate) order: Option<u32>,
    /// File stem without its numeric prefix.
    pub(crate) stem: String,
}

impl<M> Document<M> {
    pub(crate) fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// One volume folder.
#[derive(Debug, Clone)]
pub(crate) struct VolumeSource {
    pub(crate) dir: String,
    pub(crate) index: Option<Document<VolumeMeta>>,
    pub(crate) chapters: Vec<Document<ChapterMeta>>,
    /// Order of the case-study block among chapters (`05-projecteurs/`).
    pub(crate) cases_order: Option<u32>,
    pub(crate) cases: Vec<Document<CaseStudyMeta>>,
    pub(crate) resources: Option<Document<ResourcesMeta>>,
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    pub(crate) site: Option<(SourceFile, SiteMeta)>,
    pub(crate) home: Option<Document<HomeMeta>>,
    pub(crate) volumes: Vec<VolumeSource>,
    pub(crate) glossary: Vec<Document<TermMeta>>,
    pub(crate) ptce: Option<(SourceFile, PtceFile)>,
    /// Free pages, `pages/<slug>.md`.
    pub(crate) pages: Vec<Document<FreePageMeta>>,
    /// Other files (images, PDF…) copied as they are: (rel, absolute path).
    pub(crate) assets: Vec<(String, PathBuf)>,
    /// Every Markdown and YAML file found, loaded or not, so that a broken
    /// file is reported once, not again by every page that refers to it.
    pub(crate) known_paths: BTreeSet<String>,
    /// The site's root folder (media processing keeps its cache there).
    pub(crate) root: PathBuf,
}

const CASES_DIR: &str = "projecteurs";
/// The folder of free pages (`pages/mentions-legales.md` → `/mentions-legales/`).
pub(crate) const PAGES_DIR: &str = "pages";

/// Reads the whole `content/` folder of `root`.
pub(crate) fn load(root: &Path) -> (Content, Diagnostics) {
    let content_dir = root.join("content");
    let mut diags = Diagnostics::default();
    let mut content = Content {
        root: root.to_path_buf(),
        ..Content::default()
    };
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::new(display(root, &content_dir), "no `content/` folder here")
                .code(Code::NoContent)
                .hint("run panorama from the site's folder, or pass --root DIR pointing to the folder that holds content/"),
        );
        return (content, diags);
    }

    let mut files: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(&content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_string_lossy().as_ref()));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
            Ok(_) => {}
            Err(err) => {
                let path = err
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.clone());
                diags.push(
                    Diagnostic::new(display(root, &path), format!("cannot read: {err}"))
                        .code(Code::CannotRead)
                        .hint("check the file's permissions, or remove a broken link"),
                );
            }
        }
    }

    let mut volumes: std::collections::BTreeMap<String, VolumeSource> =
        std::collections::BTreeMap::new();
    for path in files {
        let rel = path
            .strip_prefix(&content_dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        // Extensions are compared in any case (`06-page.MD` is a page); the
        // content path keeps a lower-case one so `@/…/06-page.md` finds it.
        let rel = lower_extension(rel);
        let is_md = rel.ends_with(".md");
        if !is_md && !rel.ends_with(".yaml") && !rel.ends_with(".yml") {
            content.assets.push((rel, path));
            continue;
        }
        content.known_paths.insert(rel.clone());
        let Some(source) = read_source(root, &path, rel, &mut diags) else {
            continue;
        };
        classify(source, &mut content, &mut volumes, &mut diags);
    }
    content.volumes = volumes.into_values().collect();
    if content.site.is_none() && !diags.iter().any(|d| d.path.ends_with("site.yaml")) {
        diags.push(
            Diagnostic::new(display(root, &content_dir.join("site.yaml")), "the collection settings file is missing")
                .code(Code::MissingSettings)
                .hint("create content/site.yaml with at least `title:` and `publisher:` (see docs/content-model.md)"),
        );
    }
    (content, diags)
}

fn display(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostic::display_path(root, path)
}

/// Editors' temporary and hidden files are not content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn read_source(
    root: &Path,
    path: &Path,
    rel: String,
    diags: &mut Diagnostics,
) -> Option<SourceFile> {
    let display = display(root, path);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(
                Diagnostic::new(display, format!("cannot read the file: {e}"))
                    .code(Code::CannotRead),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{FEFF}') {
                text.drain(..3);
            }
            diags.extend(crate::safety::check_text(&display, &text));
            Some(SourceFile { rel, display, text })
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid
                - bytes[..valid]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |p| p + 1)
                + 1;
            diags.push(
                Diagnostic::new(display, "the file is not valid UTF-8 text")
                    .code(Code::NotUtf8)
                    .at(line, Some(column))
                    .hint("save the file with the UTF-8 encoding (in most editors: « Enregistrer sous » → encodage UTF-8)"),
            );
            None
        }
    }
}

/// `a/06-page.MD` → `a/06-page.md` (also `.Yaml`, `.YML`); other names unchanged.
fn lower_extension(rel: String) -> String {
    let Some(dot) = rel.rfind('.').filter(|&d| !rel[d..].contains('/')) else {
        return rel;
    };
    let ext = rel[dot + 1..].to_ascii_lowercase();
    if matches!(ext.as_str(), "md" | "yaml" | "yml") {
        format!("{}.{ext}", &rel[..dot])
    } else {
        rel
    }
}

fn classify(
    source: SourceFile,
    content: &mut Content,
    volumes: &mut std::collections::BTreeMap<String, VolumeSource>,
    diags: &mut Diagnostics,
) {
    let parts: Vec<&str> = source.rel.split('/').collect();
    let rel = source.rel.clone();
    let misplaced = |what: &str| {
        Diagnostic::new(source.display.clone(), format!("{what} in an unexpected place"))
            .code(Code::UnexpectedFile)
            .hint("content/ holds site.yaml, ptce.yaml, index.md, glossaire/<terme>.md, pages/<page>.md and one folder per volume with index.md, <nn>-<chapitre>.md, <nn>-projecteurs/<nn>-<cas>.md and lancez-vous.md")
    };
    match parts.as_slice() {
        ["site.yaml" | "site.yml"] => {
            let display = source.display.clone();
            match yaml::parse::<SiteMeta>(&source.text, &display, 1, &source.text) {
                Ok(meta) => content.site = Some((source, meta)),
                Err(d) => diags.extend(yaml_errors(d, &source.text)),
            }
        }
        ["ptce.yaml" | "ptce.yml"] => {
            let display = source.display.clone();
            match yaml::parse::<PtceFile>(&source.text, &display, 1, &source.text) {
                Ok(meta) => content.ptce = Some((source, meta)),
                Err(d) => diags.extend(yaml_errors(d, &source.text)),
            }
        }
        [name] if name.ends_with(".yaml") || name.ends_with(".yml") => {
            diags.push(misplaced("a YAML file"))
        }
        ["index.md"] => content.home = parse_doc(source, diags),
        // A page beside index.md is most likely a free page (mentions
        // légales, contact…): say where those go.
        [name] => diags.push(misplaced("a Markdown page").hint(format!(
            "free pages (mentions légales, contact…) go in content/{PAGES_DIR}/: move it to content/{PAGES_DIR}/{name}, published at /{}/",
            name.trim_end_matches(".md")
        ))),
        ["glossaire", _] if rel.ends_with(".md") => {
            if let Some(d) = parse_doc(source, diags) {
                content.glossary.push(d);
            }
        }
        [PAGES_DIR, _] if rel.ends_with(".md") => {
            if let Some(d) = parse_doc(source, diags) {
                content.pages.push(d);
            }
        }
        [vol, file] if file.ends_with(".md") => {
            let v = volume_entry(volumes, vol);
            match *file {
                "index.md" => v.index = parse_doc(source, diags),
                "lancez-vous.md" => v.resources = parse_doc(source, diags),
                _ => {
                    if let Some(d) = parse_doc(source, diags) {
                        v.chapters.push(d);
                    }
                }
            }
        }
        [vol, dir, file] if file.ends_with(".md") && split_prefix(dir).1 == CASES_DIR => {
            let order = split_prefix(dir).0;
            let v = volume_entry(volumes, vol);
            v.cases_order = v.cases_order.or(order);
            if let Some(d) = parse_doc(source, diags) {
                v.cases.push(d);
            }
        }
        _ => diags.push(misplaced(if rel.ends_with(".md") {
            "a Markdown page"
        } else {
            "a YAML file"
        })),
    }
}

/// The YAML errors of a file, coded. One on a line with a control
/// character is left out: the text check, run on every loaded file, has
/// already given that line its error (E091), and YAML's reading of it
/// (« a value cannot start with… ») would only mislead. Lines are read as
/// the text check reads them: a final `\r` ends the line.
fn yaml_errors(errors: Vec<Diagnostic>, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    errors
        .into_iter()
        .filter(|d| {
            !d.line
                .and_then(|n| lines.get(n.wrapping_sub(1)))
                .is_some_and(|l| l.chars().any(crate::diagnostic::is_control))
        })
        .map(|d| d.or_code(Code::Yaml))
        .collect()
}

fn volume_entry<'a>(
    volumes: &'a mut std::collections::BTreeMap<String, VolumeSource>,
    dir: &str,
) -> &'a mut VolumeSource {
    volumes
        .entry(dir.to_string())
        .or_insert_with(|| VolumeSource {
            dir: dir.to_string(),
            index: None,
            chapters: Vec::new(),
            cases_order: None,
            cases: Vec::new(),
            resources: None,
        })
}

fn parse_doc<M: DeserializeOwned>(
    source: SourceFile,
    diags: &mut Diagnostics,
) -> Option<Document<M>> {
    let split = match frontmatter::split(&source.text) {
        Ok(s) => s,
        Err(e) => {
            let (message, hint) = e.message();
            let mut d = Diagnostic::new(source.display.clone(), message)
                .hint(hint)
                .code(Code::FrontMatter);
            if e != frontmatter::SplitError::Empty {
                d = d.at(1, Some(1)).with_source(&source.text);
            }
            diags.push(d);
            return None;
        }
    };
    // Nothing but blank lines and comments between the fences: YAML would
    // say it ends in the middle of a value.
    if split
        .yaml
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(
            Diagnostic::new(
                source.display.clone(),
                "the front matter is empty: there is no field between the two `---` lines",
            )
            .hint(
                "write the page's fields between them, one per line, e.g. `title: Mon titre` \
                 (docs/content-model.md lists the fields of each kind of page)",
            )
            .code(Code::FrontMatter)
            .at(1, Some(1))
            .with_source(&source.text),
        );
        return None;
    }
    let meta = match yaml::parse::<M>(split.yaml, &source.display, split.yaml_line, &source.text) {
        Ok(m) => m,
        Err(d) => {
            diags.extend(yaml_errors(d, &source.text));
            return None;
        }
    };
    let body_start = source.text.len() - split.body.len();
    let file_stem = source
        .rel
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md");
    let (order, stem) = split_prefix(file_stem);
    let stem = stem.to_string();
    Some(Document {
        source,
        meta,
        body_start,
        order,
        stem,
    })
}
