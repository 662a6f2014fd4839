//! `build` and `check` as thin commands over one pipeline:
//! load → resolve → render → write.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::RenderedSite;
use crate::resolve::Options;
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
}

/// Load, resolve and render; every problem of the run is returned together.
pub fn generate(opts: &BuildOptions) -> Result<RenderedSite, Vec<Diagnostic>> {
    let root = opts.root.as_path();
    let mut diags = Diagnostics::default();
    let (content, d) = crate::load::load(root);
    diags.extend(d.into_sorted());
    let options = Options {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let (site, d) = crate::resolve::resolve(content, &options);
    diags.extend(d.into_sorted());
    let Some(site) = site else {
        return Err(diags.into_sorted());
    };
    let (rendered, d) = crate::render::render(&site, root);
    diags.extend(d.into_sorted());
    if diags.is_empty() {
        Ok(rendered)
    } else {
        Err(diags.into_sorted())
    }
}

/// `panorama check`: the whole pipeline except writing.
pub fn check(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let site = generate(opts)?;
    Ok(Summary {
        pages: site.pages,
        files: site.files.len(),
        elapsed: start.elapsed(),
    })
}

/// `panorama build`.
pub fn build(opts: &BuildOptions) -> Result<Summary, Vec<Diagnostic>> {
    let start = Instant::now();
    let output = opts.output_dir();
    // Refuse a bad target before spending time on the build.
    crate::write::check_target(&opts.root, &output).map_err(|d| vec![d])?;
    let site = generate(opts)?;
    crate::write::write(&site, &opts.root, &output).map_err(|d| vec![d])?;
    Ok(Summary {
        pages: site.pages,
        files: site.files.len(),
        elapsed: start.elapsed(),
    })
}

/// Path as the user wrote it, for messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}
