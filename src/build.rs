//! `build` and `check` as thin commands over one pipeline:
//! load → resolve → render → write.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::linkcheck::ExternalLink;
use crate::render::RenderedSite;
use crate::resolve::Options;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// `None`: `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
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

/// Load, resolve, render and verify the links of the result; every problem
/// of the run is returned together.
pub fn generate(opts: &BuildOptions) -> Result<Generated, Vec<Diagnostic>> {
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
    let Some(site) = site else {
        return Err(diags.into_sorted());
    };
    let (rendered, d) = crate::render::render(&site, root);
    timer.lap("render");
    diags.extend(d.into_sorted());
    if !diags.is_empty() {
        return Err(diags.into_sorted());
    }
    // Links are checked on what will be published, templates included.
    let source_of: HashMap<String, PathBuf> = site
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.path), p.source().display.clone()))
        .collect();
    let report = crate::linkcheck::check(&rendered, &site.base.path, &site.base.origin, &source_of);
    timer.lap("link check");
    if report.errors.is_empty() {
        Ok(Generated {
            site: rendered,
            base_path: site.base.path.clone(),
            external: report.external,
        })
    } else {
        Err(report.errors)
    }
}

fn summary(g: Generated, start: Instant) -> Summary {
    Summary {
        pages: g.site.pages,
        files: g.site.files.len(),
        elapsed: start.elapsed(),
        external: g.external,
    }
}

/// `panorama check`: the whole pipeline except writing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let g = generate(opts)?;
    Ok(summary(g, start))
}

/// `panorama build`.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let output = opts.output_dir();
    // Refuse a bad target before spending time on the build.
    crate::write::check_target(&opts.root, &output).map_err(|d| vec![d])?;
    let g = generate(opts)?;
    crate::write::write(&g.site, &opts.root, &output).map_err(|d| vec![d])?;
    Ok(summary(g, start))
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
                "panorama: {stage:>10} {:>8.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = Instant::now();
    }
}

/// Path as the user wrote it, for messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}
