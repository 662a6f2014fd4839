//! `build` and `check` as thin commands over one pipeline:
//! load → resolve → render → write.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::ExternalLink;
use crate::output::{MemorySink, NullSink, RenderedSite, Sink};
use crate::progress::Progress;
use crate::resolve::{Options, Site};
use crate::timing::Timer;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `None`: `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Replaces the scheme and host of the base URL, keeping its path:
    /// `serve` gives its own (`http://127.0.0.1:1111`) so that canonical
    /// links, feeds and sitemap of the preview point at the preview.
    pub origin: Option<String>,
    pub drafts: bool,
    /// Overrides `theme` of content/site.yaml (`--theme`).
    pub theme: Option<String>,
    /// The printed volumes are linked from their volume pages but not laid
    /// out (`serve`, which builds one when it is requested: a PDF takes
    /// longer than the whole site; see src/pdf/ and src/serve/printed.rs).
    pub pdf_on_demand: bool,
    /// Shows the progress line of a long run (src/progress.rs): only when
    /// stderr is a terminal and the run is not `--quiet`.
    pub progress: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// What `build` and `check` report of a successful run.
#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// External links of the site (listed, not fetched).
    pub external: Vec<ExternalLink>,
    /// What was left out of a valid build and why (one paragraph each).
    pub warnings: Vec<String>,
}

/// A run that passed every check: the resolved site, what the render keeps
/// for rebuilds, and what the emitter recorded of every file (the files
/// themselves went to the sink).
pub(crate) struct CheckedRun {
    pub(crate) site: crate::resolve::Site,
    pub(crate) cache: crate::render::RebuildCache,
    /// Every file path of the site, sorted.
    pub(crate) paths: Vec<String>,
    /// The HTML pages among them.
    pub(crate) page_paths: Vec<String>,
    pub(crate) pages: usize,
    pub(crate) facts: Vec<crate::linkcheck::PageFacts>,
    pub(crate) urls: crate::linkcheck::Urls,
    pub(crate) external: Vec<ExternalLink>,
}

/// The printed volume published at `path` (`<volume>/<volume>.pdf`),
/// laid out from the sources as they are now (`serve`, on request):
/// `Ok(None)` when no volume has that PDF, `Err` with every problem of the
/// sources or the layout. `previous` is given back when the volume did not
/// change since it was made.
pub(crate) fn printed_volume(
    opts: &BuildOptions,
    path: &str,
    previous: crate::pdf::Previous,
) -> Result<Option<Vec<u8>>, Vec<Diagnostic>> {
    let mut diags = Diagnostics::default();
    let site = load_and_resolve(opts, &mut diags, &mut Timer::new(), &Progress::off())?;
    if !diags.is_empty() {
        return Err(diags.into_sorted());
    }
    match crate::pdf::build_one(&site, opts.root.as_path(), path, previous) {
        None => Ok(None),
        Some(Ok(pdf)) => Ok(pdf.bytes.bytes().map(|b| b.to_vec())),
        Some(Err(d)) => Err(d),
    }
}

/// Load, resolve, render into `sink` and verify the links of the result;
/// every problem of the run is returned together. On error, what the sink
/// received must be thrown away.
pub(crate) fn run(opts: &BuildOptions, sink: &dyn Sink) -> Result<CheckedRun, Vec<Diagnostic>> {
    let progress = if opts.progress {
        Progress::start()
    } else {
        Progress::off()
    };
    let result = stages(opts, sink, &progress);
    progress.finish();
    result
}

fn stages(
    opts: &BuildOptions,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<CheckedRun, Vec<Diagnostic>> {
    let root = opts.root.as_path();
    let mut diags = Diagnostics::default();
    let mut timer = Timer::new();
    let mut site = load_and_resolve(opts, &mut diags, &mut timer, progress)?;
    let theme_from_cli = opts.theme.is_some();
    // With errors already, the printed volume is not laid out: its
    // problems would be the same ones again, and nothing is published.
    if !diags.is_empty() {
        site.meta.pdf = false;
    }
    // With errors already, the render only looks for more: nothing of it
    // will be published.
    let sink: &dyn Sink = if diags.is_empty() { sink } else { &NullSink };
    // The printed volumes are laid out while the pages render, and the
    // volume homes wait for them: say so, or the count seems stuck.
    // The total first: the new stage wakes the line, which then shows both.
    progress.total(site.pages.len());
    progress.stage(if site.meta.pdf && !opts.pdf_on_demand {
        "rendering pages and printed volumes"
    } else {
        "rendering pages"
    });
    let counting = progress.counting(sink);
    let (emitted, d, cache) = crate::render::render_run(&site, root, &counting, opts.pdf_on_demand);
    timer.lap("render");
    diags.extend(
        d.into_sorted()
            .into_iter()
            .map(|d| theme_origin(d, root, theme_from_cli)),
    );
    let Some(cache) = cache.filter(|_| diags.is_empty()) else {
        return Err(diags.into_sorted());
    };
    progress.stage("checking links");
    // The PDFs `serve` lays out on request are files of the site too.
    let mut paths = emitted.paths;
    if opts.pdf_on_demand {
        paths.extend(
            crate::pdf::on_demand_links(&site)
                .into_iter()
                .map(|(_, _, _, p)| p),
        );
        paths.sort();
        paths.dedup();
    }
    let external = check_links(&site, &emitted.facts, &emitted.urls, &paths)?;
    timer.lap("link check");
    Ok(CheckedRun {
        site,
        cache,
        paths,
        page_paths: emitted.page_paths,
        pages: emitted.pages,
        facts: emitted.facts,
        urls: emitted.urls,
        external,
    })
}

/// Stages 1 and 2: the sources checked (no link out of the site), loaded
/// and resolved, with the theme of `--theme`; `Err` when nothing can be
/// rendered.
fn load_and_resolve(
    opts: &BuildOptions,
    diags: &mut Diagnostics,
    timer: &mut Timer,
    progress: &Progress,
) -> Result<Site, Vec<Diagnostic>> {
    let root = opts.root.as_path();
    let sources = crate::safety::check_sources(root);
    if !sources.fatal.is_empty() {
        return Err(sources.fatal);
    }
    diags.extend(sources.problems);
    let (content, d) = crate::load::load(root);
    diags.extend(d.into_sorted());
    let options = Options {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
        origin: opts.origin.clone(),
    };
    timer.lap("load");
    progress.stage("resolving");
    let (site, d) = crate::resolve::resolve(content, &options);
    timer.lap("resolve");
    diags.extend(d.into_sorted());
    let Some(mut site) = site else {
        return Err(std::mem::take(diags).into_sorted());
    };
    if let Some(theme) = &opts.theme {
        site.meta.theme = theme.clone();
    }
    if let Some(d) = crate::safety::check_theme_name(root, &site.meta.theme) {
        diags.push(theme_origin(d, root, opts.theme.is_some()));
        return Err(std::mem::take(diags).into_sorted());
    }
    Ok(site)
}

/// Every internal link of what will be published (templates included)
/// leads to a file and an element of it; the external links, to list or
/// fetch.
fn check_links(
    site: &Site,
    facts: &[crate::linkcheck::PageFacts],
    urls: &crate::linkcheck::Urls,
    paths: &[String],
) -> Result<Vec<ExternalLink>, Vec<Diagnostic>> {
    let source_of: HashMap<String, PathBuf> = site
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.path), p.source().display.clone()))
        .collect();
    let files: HashSet<&str> = paths.iter().map(String::as_str).collect();
    let mut report = crate::linkcheck::check_facts(
        facts,
        &urls.list(),
        &files,
        &site.base.path,
        &site.base.origin,
        &source_of,
    );
    if !report.errors.is_empty() {
        let texts: HashMap<String, &str> = site
            .pages
            .iter()
            .map(|p| (format!("{}index.html", p.path), p.source().text.as_str()))
            .collect();
        report.locate(&texts, &site.base.path);
        return Err(report.errors);
    }
    Ok(report.external)
}

/// A problem with the theme itself (unknown, or the DSFR package missing)
/// points at where the theme was chosen: `--theme` on the command line,
/// or the `theme:` line of content/site.yaml.
fn theme_origin(mut d: Diagnostic, root: &std::path::Path, from_cli: bool) -> Diagnostic {
    use crate::diagnostic::Code;
    let about_theme = matches!(d.code, Some(Code::UnknownTheme | Code::DsfrPackage));
    if !about_theme || !d.path.ends_with("content/site.yaml") {
        return d;
    }
    if from_cli {
        d.path = PathBuf::from("--theme");
        d.line = None;
        d.column = None;
        d.snippet = None;
        d.message
            .push_str(" (chosen with --theme on the command line)");
        d.hint = d.hint.map(|h| {
            h.replace(
                "`theme: panorama` in content/site.yaml",
                "leave out `--theme` (or `--theme panorama`)",
            )
        });
        return d;
    }
    if d.line.is_none() {
        let text = std::fs::read_to_string(root.join("content/site.yaml")).unwrap_or_default();
        if let Some(line) = crate::resolve::line_of_key(&text, "theme") {
            d = d.at(line, None).with_source(&text);
        }
    }
    d
}

/// The whole checked site in memory (the tests).
pub fn generate(opts: &BuildOptions) -> Result<RenderedSite, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    let run = run(opts, &sink)?;
    Ok(RenderedSite {
        files: sink.into_files(),
        pages: run.pages,
    })
}

fn summary(run: CheckedRun, start: Instant) -> Summary {
    Summary {
        pages: run.pages,
        files: run.paths.len(),
        elapsed: start.elapsed(),
        warnings: base_url_warning(&run.site.base)
            .into_iter()
            .chain(crate::resolve::free_pages::missing_legal_pages(&run.site))
            .collect(),
        external: run.external,
    }
}

/// With a base_url without scheme and host, the files and fields whose
/// standard needs an absolute URL are left out: say so once, with the fix.
fn base_url_warning(base: &crate::resolve::BaseUrl) -> Option<String> {
    if base.is_absolute() {
        return None;
    }
    Some(format!(
        "base_url `{}` has no scheme and host, so what needs an absolute URL was left out: \
         sitemap.xml and atom.xml are not published, robots.txt has no `Sitemap:` line, \
         pages have no canonical link, no `og:url`, no `og:image` and no JSON-LD `url`, and the `url` \
         columns of donnees/ are root-relative.\n  = fix: set `base_url: https://…` (the \
         published address) in content/site.yaml, or build with `--base-url https://…`",
        base.path
    ))
}

/// `panorama check`: the whole pipeline except writing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let run = run(opts, &NullSink)?;
    Ok(summary(run, start))
}

/// Installs the Ctrl-C / SIGTERM handler of `build`: the run's folders
/// beside the output are removed before the process exits (src/write/).
pub fn clean_up_on_interrupt() -> Result<(), String> {
    crate::write::clean_up_on_interrupt()
}

/// `panorama build`: pages stream into a staging folder beside the output,
/// which is put in place only when the whole run succeeded.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let output = opts.output_dir();
    // Refuse a bad target before spending time on the build.
    crate::write::check_target(&opts.root, &output).map_err(|d| vec![d])?;
    let staging = crate::write::Staging::begin(&opts.root, &output).map_err(|d| vec![d])?;
    let run = match run(opts, &staging) {
        Ok(s) => s,
        Err(d) => {
            staging.abort();
            return Err(d);
        }
    };
    let mut timer = Timer::new();
    staging.commit(&run.paths).map_err(|d| vec![d])?;
    timer.lap("write");
    Ok(summary(run, start))
}
