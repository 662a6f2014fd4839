//! `build` and `check` as thin commands over one pipeline:
//! load → resolve → render → write.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::ExternalLink;
use crate::render::{MemorySink, NullSink, RenderedSite, Sink};
use crate::resolve::Options;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `None`: `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Overrides `theme` of content/site.yaml (`--theme`).
    pub theme: Option<String>,
    /// Leaves the printed volumes out whatever `pdf:` says (`serve`: a
    /// PDF takes longer than the whole site; see src/pdf/).
    pub skip_pdf: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

#[derive(Debug)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// External links of the site (listed, not fetched).
    pub external: Vec<ExternalLink>,
}

/// A generated site that passed every check, not yet written.
#[derive(Debug)]
pub struct Generated {
    pub site: RenderedSite,
    /// Path of the base URL (`/` or `/panoramas/`), where the site is served.
    pub base_path: String,
    pub external: Vec<ExternalLink>,
}

/// What a run into a sink leaves: the site's paths and its external links.
#[derive(Debug)]
pub struct Streamed {
    pub paths: Vec<String>,
    pub pages: usize,
    pub base_path: String,
    pub external: Vec<ExternalLink>,
}

/// Load, resolve, render into `sink` and verify the links of the result;
/// every problem of the run is returned together. On error, what the sink
/// received must be thrown away.
pub fn generate_into(opts: &BuildOptions, sink: &dyn Sink) -> Result<Streamed, Vec<Diagnostic>> {
    let run = run(opts, sink)?;
    Ok(Streamed {
        paths: run.paths,
        pages: run.pages,
        base_path: run.site.base.path.clone(),
        external: run.external,
    })
}

/// A successful run and what the preview server keeps of it.
pub(crate) struct Run {
    pub site: crate::resolve::Site,
    pub memo: crate::render::Memo,
    pub paths: Vec<String>,
    pub page_paths: Vec<String>,
    pub pages: usize,
    pub facts: Vec<crate::linkcheck::PageFacts>,
    pub urls: crate::linkcheck::Urls,
    pub external: Vec<ExternalLink>,
}

pub(crate) fn run(opts: &BuildOptions, sink: &dyn Sink) -> Result<Run, Vec<Diagnostic>> {
    let root = opts.root.as_path();
    let mut diags = Diagnostics::default();
    let mut timer = Timer::new();
    let (content, d) = crate::load::load(root);
    diags.extend(d.into_sorted());
    let options = Options {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    timer.lap("load");
    let (site, d) = crate::resolve::resolve(content, &options);
    timer.lap("resolve");
    diags.extend(d.into_sorted());
    let Some(mut site) = site else {
        return Err(diags.into_sorted());
    };
    if let Some(theme) = &opts.theme {
        site.meta.theme = theme.clone();
    }
    // With errors already, the printed volume is not laid out: its
    // problems would be the same ones again, and nothing is published.
    if opts.skip_pdf || !diags.is_empty() {
        site.meta.pdf = false;
    }
    // With errors already, the render only looks for more: nothing of it
    // will be published.
    let sink: &dyn Sink = if diags.is_empty() { sink } else { &NullSink };
    let (emitted, d, memo) = crate::render::render_run(&site, root, sink);
    timer.lap("render");
    diags.extend(d.into_sorted());
    let Some(memo) = memo.filter(|_| diags.is_empty()) else {
        return Err(diags.into_sorted());
    };
    // Links are checked on what will be published, templates included.
    let source_of: HashMap<String, PathBuf> = site
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.path), p.source().display.clone()))
        .collect();
    let files: HashSet<&str> = emitted.paths.iter().map(String::as_str).collect();
    let report = crate::linkcheck::check_facts(
        &emitted.facts,
        &emitted.urls.list(),
        &files,
        &site.base.path,
        &site.base.origin,
        &source_of,
    );
    timer.lap("link check");
    if !report.errors.is_empty() {
        return Err(report.errors);
    }
    drop(files);
    Ok(Run {
        site,
        memo,
        paths: emitted.paths,
        page_paths: emitted.page_paths,
        pages: emitted.pages,
        facts: emitted.facts,
        urls: emitted.urls,
        external: report.external,
    })
}

/// The whole checked site in memory (the preview server).
pub fn generate(opts: &BuildOptions) -> Result<Generated, Vec<Diagnostic>> {
    let sink = MemorySink::default();
    let s = generate_into(opts, &sink)?;
    Ok(Generated {
        site: RenderedSite {
            files: sink.into_files(),
            pages: s.pages,
        },
        base_path: s.base_path,
        external: s.external,
    })
}

fn summary(s: Streamed, start: Instant) -> Summary {
    Summary {
        pages: s.pages,
        files: s.paths.len(),
        elapsed: start.elapsed(),
        external: s.external,
    }
}

/// `panorama check`: the whole pipeline except writing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let s = generate_into(opts, &NullSink)?;
    Ok(summary(s, start))
}

/// `panorama build`: pages stream into a staging folder beside the output,
/// which is put in place only when the whole run succeeded.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let output = opts.output_dir();
    // Refuse a bad target before spending time on the build.
    crate::write::check_target(&opts.root, &output).map_err(|d| vec![d])?;
    let staging = crate::write::Staging::begin(&opts.root, &output).map_err(|d| vec![d])?;
    let s = match generate_into(opts, &staging) {
        Ok(s) => s,
        Err(d) => {
            staging.abort();
            return Err(d);
        }
    };
    let mut timer = Timer::new();
    staging.commit(&s.paths).map_err(|d| vec![d])?;
    timer.lap("write");
    Ok(summary(s, start))
}

/// Stage durations on stderr when PANORAMA_TIMINGS is set, for profiling
/// and the benchmark harness.
pub(crate) struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        Timer {
            on: std::env::var_os("PANORAMA_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "panorama: {stage:>10} {:>8.1} ms  {}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
        }
        self.last = Instant::now();
    }
}

/// Resident and peak memory of the process (Linux), for the timings.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!("rss {} peak {}", field("VmRSS:"), field("VmHWM:"))
}

/// Path as the user wrote it, for messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}
