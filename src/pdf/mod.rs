//! The printed volume: each published volume as an accessible, tagged A4
//! PDF, built from the same resolved site as the web pages.
//!
//! The volume's pages become Typst markup of our own ([`markup`], bodies;
//! [`document`], the main file calling the theme's layout functions), the
//! theme's `pdf/volume.typ` lays it out, Typst compiles it in a `World`
//! that reads nothing from the system ([`world`]) and `typst-pdf` exports
//! it as PDF/UA-1, whose validation failing is a build error. Every
//! problem is a [`Diagnostic`] naming the content file and line.
//!
//! This module reads the resolved [`Site`]; nothing in load, resolve or
//! render depends on it except the one call that builds the PDFs.

mod document;
mod markup;
mod reuse;
mod theme;
mod world;

use crate::diagnostic::{Code, Diagnostic};
use crate::resolve::{PageKind, Site};
use document::Assembled;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};
use world::VolumeWorld;

/// A volume's PDF, ready to publish.
#[derive(Debug, Clone)]
pub struct VolumePdf {
    /// Index into `Site::volumes`.
    pub volume: usize,
    /// Output path, `<volume>/<volume>.pdf`.
    pub path: String,
    /// In memory, or the kept file of an unchanged volume (src/pdf/reuse.rs).
    pub bytes: crate::media::Blob,
}

impl VolumePdf {
    /// Site-absolute URL of the file.
    pub fn url(&self, site: &Site) -> String {
        site.base.url(&self.path)
    }
}

/// The volumes that get a PDF: published ones, when `pdf:` is on.
fn volumes(site: &Site) -> Vec<usize> {
    if !site.meta.pdf {
        return Vec::new();
    }
    (0..site.volumes.len())
        .filter(|&v| match &site.pages[site.volumes[v].home].kind {
            PageKind::Volume(d) => d.meta.is_published(),
            _ => false,
        })
        .collect()
}

/// The volume pages' links to PDFs that `serve` lays out when they are
/// requested: their size is not known, so the label says the format only.
/// Each: the volume, the URL, the label and the output path.
pub(crate) fn on_demand_links(site: &Site) -> Vec<(usize, String, String, String)> {
    volumes(site)
        .into_iter()
        .map(|v| {
            let slug = volume_slug(site, &site.volumes[v]);
            let path = format!("{slug}/{slug}.pdf");
            (v, site.base.url(&path), "PDF".into(), path)
        })
        .collect()
}

/// The PDF of the volume published at `path` (`<volume>/<volume>.pdf`),
/// or `None` when no volume has that PDF; `previous` is reused when the
/// volume did not change.
pub(crate) fn build_one(
    site: &Site,
    root: &Path,
    path: &str,
    previous: Previous,
) -> Option<Result<VolumePdf, Vec<Diagnostic>>> {
    let v = volumes(site).into_iter().find(|&v| {
        let slug = volume_slug(site, &site.volumes[v]);
        format!("{slug}/{slug}.pdf") == path
    })?;
    let theme = match theme::load(root, &site.meta.theme) {
        Ok(t) => t,
        Err(d) => return Some(Err(d)),
    };
    Some(build_volume(site, v, &theme, previous, None))
}

/// The PDF the previous build published at a path, if any.
pub type Previous<'a> = &'a (dyn Fn(&str) -> Option<Vec<u8>> + Sync);

/// Builds the PDF of every published volume, in parallel; a volume whose
/// input did not change since `previous` gets its previous PDF back. All
/// problems are returned together; a volume with problems gives no PDF.
pub fn build(site: &Site, root: &Path, previous: Previous) -> (Vec<VolumePdf>, Vec<Diagnostic>) {
    let wanted = volumes(site);
    if wanted.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let theme = match theme::load(root, &site.meta.theme) {
        Ok(t) => t,
        Err(d) => return (Vec::new(), d),
    };
    let kept = reuse::Kept::new(root);
    let results: Vec<Result<VolumePdf, Vec<Diagnostic>>> = wanted
        .par_iter()
        .map(|&v| build_volume(site, v, &theme, previous, Some(&kept)))
        .collect();
    release_layout_cache();
    let mut pdfs = Vec::new();
    let mut diags = Vec::new();
    for r in results {
        match r {
            Ok(p) => pdfs.push(p),
            Err(d) => diags.extend(d),
        }
    }
    (pdfs, diags)
}

/// Drops Typst's memoized layout results. They live in a process-wide
/// cache that nothing else empties: without this, each layout of a
/// `serve` session would add its results to those of the layouts before
/// (its memory is now reused by what follows). Only a later layout of
/// the same content gets slower for it.
pub(crate) fn release_layout_cache() {
    typst::comemo::evict(0);
}

/// What the bytes of a volume's PDF depend on: panorama's version, the
/// main file, the theme's files, the images and the date. Written in the
/// PDF's `Creator`, so the next build can tell the PDF is up to date.
fn input_key(assembled: &Assembled, theme: &theme::Theme, date: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut h);
    assembled.main.hash(&mut h);
    for image in &assembled.images {
        (&image.path, &image.key).hash(&mut h);
    }
    for (n, t, _) in &theme.sources {
        (n, t).hash(&mut h);
    }
    for (n, b, _) in &theme.files {
        (n, b).hash(&mut h);
    }
    date.hash(&mut h);
    format!("source {:016x}", h.finish())
}

/// `kept`: the PDFs kept across builds (`build`; `serve` keeps its own).
fn build_volume(
    site: &Site,
    v: usize,
    theme: &theme::Theme,
    previous: Previous,
    kept: Option<&reuse::Kept>,
) -> Result<VolumePdf, Vec<Diagnostic>> {
    let vol = &site.volumes[v];
    let home = &site.pages[vol.home];
    let published = match &home.kind {
        PageKind::Volume(d) => d.meta.published.clone(),
        _ => None,
    };
    let assembled = document::assemble(site, v);
    let date = volume_date(published.as_deref());
    let slug = volume_slug(site, vol);
    let path = format!("{slug}/{slug}.pdf");
    let key = input_key(&assembled, theme, &format!("{date:?}"));
    let ident = format!("panorama:{}{slug}", site.base.absolute(""));
    let name = reuse::Kept::name(slug, &site.meta.theme, &ident);
    let keep = |bytes: Vec<u8>| match kept {
        Some(kept) => kept.put(&name, &key, bytes),
        None => crate::media::Blob::from(bytes),
    };
    if let Some(bytes) = kept.and_then(|k| k.get(&name, &key)) {
        return Ok(VolumePdf {
            volume: v,
            path,
            bytes,
        });
    }
    if let Some(bytes) = previous(&path)
        && bytes.windows(key.len()).any(|w| w == key.as_bytes())
    {
        return Ok(VolumePdf {
            volume: v,
            path,
            bytes: keep(bytes),
        });
    }
    let world = volume_world(&assembled, theme, date);
    let shown = home.source().display.clone();
    let locate = |d: &SourceDiagnostic| locate(&world, &assembled, theme, &shown, d);
    // With problems found while assembling (a table too wide), the volume
    // is still laid out, so that one run shows the layout's problems too.
    if !assembled.problems.is_empty() {
        let mut problems = assembled.problems.clone();
        if let Err(more) = lay_out(&world, &assembled, theme, &shown) {
            let new = crate::diagnostic::at_new_places(&problems, more);
            problems.extend(new);
        }
        return Err(problems);
    }
    let document = lay_out(&world, &assembled, theme, &shown)?;
    let options = pdf_options(ident, &key, date, &shown)?;
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| {
                layout_error(
                    locate(e),
                    "the printed volume does not pass Typst's PDF/UA-1 (accessibility) validation",
                    e,
                )
                .code(Code::PdfAccessibility)
            })
            .collect::<Vec<_>>()
    })?;
    Ok(VolumePdf {
        volume: v,
        path,
        bytes: keep(bytes),
    })
}

/// The volume's date: its `published` date, or the epoch (never the
/// clock, so the bytes stay the same).
#[allow(clippy::expect_used, reason = "a constant, valid date: cannot fail")]
fn volume_date(published: Option<&str>) -> Datetime {
    published
        .and_then(document::date_parts)
        .and_then(|(y, m, d)| Datetime::from_ymd(y, m, d))
        .unwrap_or_else(|| Datetime::from_ymd(1970, 1, 1).expect("a valid date"))
}

/// The Typst world of a volume: its main file and the theme's sources, its
/// images and the theme's files.
fn volume_world(assembled: &Assembled, theme: &theme::Theme, date: Datetime) -> VolumeWorld {
    let mut sources = vec![("/main.typ".to_string(), assembled.main.clone())];
    sources.extend(
        theme
            .sources
            .iter()
            .map(|(n, t, _)| (format!("/{n}"), t.clone())),
    );
    let mut files: Vec<(String, Vec<u8>)> = assembled
        .images
        .iter()
        .filter_map(|i| Some((i.path.clone(), i.bytes.bytes()?.to_vec())))
        .collect();
    files.extend(
        theme
            .files
            .iter()
            .map(|(n, b, _)| (format!("/{n}"), b.clone())),
    );
    VolumeWorld::new(sources, files, date)
}

/// The volume laid out by Typst; its errors and warnings, missing glyphs
/// and text past the margin as located diagnostics.
fn lay_out(
    world: &VolumeWorld,
    assembled: &Assembled,
    theme: &theme::Theme,
    shown: &Path,
) -> Result<PagedDocument, Vec<Diagnostic>> {
    let locate = |d: &SourceDiagnostic| locate(world, assembled, theme, shown, d);
    let warned = typst::compile::<PagedDocument>(world);
    let mut diags: Vec<Diagnostic> = Vec::new();
    let document = match warned.output {
        Ok(doc) => Some(doc),
        Err(errors) => {
            diags.extend(
                errors
                    .iter()
                    .map(|e| layout_error(locate(e), "the printed volume cannot be laid out", e))
                    .map(classify),
            );
            None
        }
    };
    // Typst's warnings (an unknown font, a missing image…) would give a
    // wrong PDF silently: they are errors of the build.
    diags.extend(
        warned
            .warnings
            .iter()
            .filter(|w| w.severity == Severity::Warning)
            .map(|w| layout_error(locate(w), "the printed volume would be wrong", w))
            .map(classify),
    );
    let Some(document) = document else {
        return Err(diags);
    };
    diags.extend(missing_glyphs(&document, world, assembled, theme, shown));
    let overflows = overflows(&document, world, assembled, theme, shown);
    let new = crate::diagnostic::at_new_places(&diags, overflows);
    diags.extend(new);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(document)
}

/// The PDF export's options: tagged, PDF/UA-1, the volume's identifier,
/// its input key in the creator and its date as the timestamp.
fn pdf_options(
    ident: String,
    key: &str,
    date: Datetime,
    shown: &Path,
) -> Result<PdfOptions, Vec<Diagnostic>> {
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| {
        vec![
            Diagnostic::new(
                shown,
                format!("PDF/UA-1 cannot be requested: {}", e.message()),
            )
            .code(Code::PdfLayout),
        ]
    })?;
    Ok(PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(format!(
            "panorama {} (Typst), {key}",
            env!("CARGO_PKG_VERSION")
        ))),
        timestamp: Some(Timestamp::new_utc(date)),
        standards,
        tagged: true,
        ..PdfOptions::default()
    })
}

/// An error about an image (Typst decodes images while laying out) is
/// an image the PDF cannot embed; anything else, a layout problem.
fn classify(d: Diagnostic) -> Diagnostic {
    let lower = d.message.to_lowercase();
    if lower.contains("image") || lower.contains("svg") {
        d.code(Code::PdfImage)
    } else {
        d.code(Code::PdfLayout)
    }
}

fn layout_error(base: Diagnostic, what: &str, e: &SourceDiagnostic) -> Diagnostic {
    let mut d = base;
    d.message = format!("{what}: {}", e.message);
    let hints: Vec<&str> = e.hints.iter().map(|h| h.v.as_str()).collect();
    if !hints.is_empty() {
        d.hint = Some(hints.join("; "));
    } else if d.hint.is_none() {
        d.hint = Some(
            "fix the content at this line, or set `pdf: false` in content/site.yaml to build the site without the PDF"
                .into(),
        );
    }
    d
}

/// The content file and line a Typst span comes from: a page of the
/// volume (through the origins of the main file), or a theme file.
fn locate(
    world: &VolumeWorld,
    assembled: &Assembled,
    theme: &theme::Theme,
    volume: &Path,
    d: &SourceDiagnostic,
) -> Diagnostic {
    let id = d.span.id();
    let range = world.range(d.span);
    locate_at(world, assembled, theme, volume, id, range)
}

fn locate_at(
    world: &VolumeWorld,
    assembled: &Assembled,
    theme: &theme::Theme,
    volume: &Path,
    id: Option<typst::syntax::FileId>,
    range: Option<std::ops::Range<usize>>,
) -> Diagnostic {
    let (Some(id), Some(range)) = (id, range) else {
        return Diagnostic::new(volume.to_path_buf(), "");
    };
    let mut name = id.get().vpath().get_without_slash().to_string();
    let mut range = range;
    // An image (`images/0.svg`, a name of the Typst project only): the
    // place in the main file that embeds it, and so the page and line of
    // its Markdown.
    if name.starts_with("images/")
        && let Some(at) = assembled.main.find(&format!("\"/{name}\""))
    {
        name = "main.typ".to_string();
        range = at..at;
    }
    if name == "main.typ" {
        let at = assembled
            .origins
            .iter()
            .rev()
            .find(|o| o.offset <= range.start);
        return match at {
            Some(o) if o.line > 0 => {
                let d = Diagnostic::new(o.display.clone(), "").at(o.line, None);
                match o.text_of.and_then(|t| assembled.texts.get(t)) {
                    Some(text) => d.with_source(text),
                    None => d,
                }
            }
            Some(o) => Diagnostic::new(o.display.clone(), ""),
            None => Diagnostic::new(volume.to_path_buf(), ""),
        };
    }
    let shown = theme
        .sources
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or_else(|| PathBuf::from(&name), |(_, _, p)| p.clone());
    match world.source_of(id) {
        Some(source) => {
            let line = crate::diagnostic::line_of(source.text(), range.start);
            Diagnostic::new(shown, "")
                .at(line, None)
                .with_source(source.text())
        }
        None => Diagnostic::new(shown, ""),
    }
}

/// Characters no embedded font can draw: named with the file and line
/// they come from, instead of an empty box in the PDF.
fn missing_glyphs(
    document: &PagedDocument,
    world: &VolumeWorld,
    assembled: &Assembled,
    theme: &theme::Theme,
    volume: &Path,
) -> Vec<Diagnostic> {
    fn walk(frame: &Frame, found: &mut Vec<(char, typst::syntax::Span)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, found),
                FrameItem::Text(t) => {
                    for g in t.glyphs.iter().filter(|g| g.id == 0) {
                        let c = t.text[g.range()].chars().next().unwrap_or('?');
                        if !c.is_whitespace() && !found.iter().any(|(f, _)| *f == c) {
                            found.push((c, g.span.0));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found: Vec<(char, typst::syntax::Span)> = Vec::new();
    for page in document.pages() {
        walk(&page.frame, &mut found);
    }
    found
        .into_iter()
        .map(|(c, span)| {
            let mut d = locate_at(
                world,
                assembled,
                theme,
                volume,
                span.id(),
                world.range(span),
            );
            d.message = format!(
                "the printed volume has no font for the character « {c} » (U+{:04X})",
                c as u32
            );
            d.hint = Some(
                "replace the character, or give the theme's pdf/style.typ a font that has it"
                    .into(),
            );
            d.code(Code::PdfGlyph)
        })
        .collect()
}

/// How far past the right edge of the page text may reach before it is
/// said to run off it: the layouts' side margins are 2.2 cm and more, so
/// text ending within 1.2 cm of the edge has left its column.
const EDGE_CM: f64 = 1.2;

/// Text laid out past the right margin: a table too wide for the page, or
/// a word, number or address too long to break. Named at the content line
/// it comes from, once per line.
fn overflows(
    document: &PagedDocument,
    world: &VolumeWorld,
    assembled: &Assembled,
    theme: &theme::Theme,
    volume: &Path,
) -> Vec<Diagnostic> {
    use typst::layout::{Abs, Point};
    fn walk(frame: &Frame, at: Point, limit: Abs, found: &mut Vec<typst::syntax::Span>) {
        for (pos, item) in frame.items() {
            let here = at + *pos;
            match item {
                FrameItem::Group(g) => {
                    let t = g.transform;
                    let plain = t.sx.get() == 1.0
                        && t.sy.get() == 1.0
                        && t.kx.get() == 0.0
                        && t.ky.get() == 0.0;
                    // Clipped groups cut their text on purpose (running heads).
                    if plain && g.clip.is_none() {
                        walk(&g.frame, here + Point::new(t.tx, t.ty), limit, found);
                    }
                }
                FrameItem::Text(t) => {
                    let end = here.x + t.width();
                    if end > limit {
                        let span = t.glyphs.iter().map(|g| g.span.0).find(|s| !s.is_detached());
                        if let Some(span) = span {
                            found.push(span);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    for page in document.pages() {
        let limit = page.frame.width() - Abs::cm(EDGE_CM);
        walk(&page.frame, Point::zero(), limit, &mut found);
    }
    let mut seen = std::collections::BTreeSet::new();
    found
        .into_iter()
        .filter_map(|span| {
            let mut d = locate_at(
                world,
                assembled,
                theme,
                volume,
                span.id(),
                world.range(span),
            );
            if !seen.insert((d.path.clone(), d.line)) {
                return None;
            }
            d.message = "this runs off the right margin of the printed page: a table too wide \
                 for an A4 page, or a word, number or address too long to break"
                .into();
            d.hint = Some(
                "split the table or give it fewer columns, shorten the long word or address \
                 (write a link's text instead of its URL), or use a list"
                    .into(),
            );
            Some(d.code(Code::PdfTooWide))
        })
        .collect()
}

/// The volume's slug: the folder of its URL (`economie-locale-et-solidaire`).
fn volume_slug<'a>(site: &'a Site, vol: &crate::resolve::Volume) -> &'a str {
    site.pages[vol.home].path.trim_end_matches('/')
}
