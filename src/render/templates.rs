//! The one place that knows the template engine.
//!
//! Tera 2 was chosen over Tera 1 because its syntax and rendering errors
//! carry the template name, line and column, and an undefined variable is
//! an error that names the variables that exist. The built-in themes are
//! embedded in the binary: the default `panorama`, and `dsfr` layered over
//! it (a template `dsfr` lacks falls back to panorama's). A site's
//! `themes/<name>/templates/x.html` replaces the embedded `x.html`, file by
//! file.

use super::assets::AssetVersions;
use super::builtin::{
    BUILTIN_THEMES, EMBEDDED_TEMPLATES, builtin_templates, embedded_path, embedded_theme_path,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::paths::STATIC_DIR;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Templates ready to render, and where each came from.
pub(crate) struct Templates {
    tera: tera::Tera,
    origins: Vec<(String, PathBuf, String)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("origins", &self.origins)
            .finish()
    }
}

impl Templates {
    /// Loads the embedded default theme, the embedded templates of a
    /// built-in `theme` over it, then the site's own theme folder over
    /// both. All template errors are returned together.
    /// `assets` gives the versioned URLs of the static files to the
    /// templates' `asset(path="…")` function.
    pub(crate) fn load(
        root: &Path,
        theme: &str,
        assets: &AssetVersions,
    ) -> Result<Templates, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        let sources = sources(root, theme, &mut diags);
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register_asset_function(&mut tera, assets);
        let origins: Vec<(String, PathBuf, String)> = sources
            .iter()
            .map(|(n, t, p)| (n.clone(), p.clone(), t.clone()))
            .collect();
        compile(&mut tera, &sources, &origins, theme, &mut diags);
        if diags.is_empty() {
            Ok(Templates { tera, origins })
        } else {
            // Everything else is about a template's text.
            Err(diags
                .into_iter()
                .map(|d| d.or_code(Code::Template))
                .collect())
        }
    }

    /// Renders `template` with `site`, `page` and `data`.
    pub(crate) fn render<S: Serialize, P: Serialize, D: Serialize>(
        &self,
        template: &str,
        site: &S,
        page: &P,
        data: &D,
    ) -> Result<String, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site);
        ctx.insert("page", page);
        ctx.insert("data", data);
        self.tera.render(template, &ctx).map_err(|e| {
            to_diagnostic(&e, &self.origins)
                .unwrap_or_else(|| {
                    Diagnostic::new(
                        self.origin(template),
                        format!("cannot render: {}", flatten(&e)),
                    )
                })
                .or_code(Code::Template)
        })
    }

    fn origin(&self, name: &str) -> PathBuf {
        self.origins
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, p, _)| p.clone())
            .unwrap_or_else(|| embedded_path(name))
    }
}

/// The text of every template, by name: the default theme's, replaced by
/// a built-in theme's, replaced by the site's `themes/<name>/templates/`
/// files. (name, text, path shown in messages.)
fn sources(
    root: &Path,
    theme: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(String, String, PathBuf)> {
    let mut sources: Vec<(String, String, PathBuf)> = EMBEDDED_TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string(), embedded_path(n)))
        .collect();
    for (name, text) in builtin_templates(theme) {
        sources.retain(|(n, _, _)| n != name);
        sources.push((
            name.to_string(),
            text.to_string(),
            embedded_theme_path(theme, name),
        ));
    }
    let theme_dir = root.join("themes").join(theme).join("templates");
    if theme_dir.is_dir() {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(&theme_dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                diags.push(
                    Diagnostic::new(
                        crate::diagnostic::display_path(root, &theme_dir),
                        format!("cannot read the theme: {e}"),
                    )
                    .code(Code::CannotRead),
                );
                Vec::new()
            }
        };
        entries.sort();
        for path in entries {
            let Some(name) = path
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if !(name.ends_with(".html") || name.ends_with(".xml")) {
                continue;
            }
            let display = crate::diagnostic::display_path(root, &path);
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    sources.retain(|(n, _, _)| n != &name);
                    sources.push((name, text, display));
                }
                Err(e) => diags.push(
                    Diagnostic::new(display, format!("cannot read the template: {e}"))
                        .hint("templates are UTF-8 text files")
                        .code(Code::CannotRead),
                ),
            }
        }
    } else if !BUILTIN_THEMES.contains(&theme) {
        diags.push(
            Diagnostic::new(PathBuf::from("content/site.yaml"), format!("the theme `{theme}` does not exist"))
                .code(Code::UnknownTheme)
                .hint(format!(
                    "the built-in themes are {}; for a theme of your own, create themes/{theme}/templates/",
                    BUILTIN_THEMES.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" and ")
                )),
        );
    }
    sources
}

/// Compiles the templates into `tera`, every error reported: each file
/// alone first, so every syntax error is reported, then all together so
/// inheritance is checked.
fn compile(
    tera: &mut tera::Tera,
    sources: &[(String, String, PathBuf)],
    origins: &[(String, PathBuf, String)],
    theme: &str,
    diags: &mut Vec<Diagnostic>,
) {
    // Each file alone first, so every syntax error is reported, then all
    // together so inheritance is checked.
    let mut ok = true;
    for (name, text, display) in sources {
        let mut single = tera::Tera::new();
        if let Err(e) = single.add_raw_template(name, text)
            && is_syntax(&e)
        {
            ok = false;
            diags.push(
                to_diagnostic(&e, origins)
                    .unwrap_or_else(|| Diagnostic::new(display.clone(), e.to_string())),
            );
        }
    }
    if ok
        && let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
    {
        match to_diagnostic(&e, origins) {
            Some(d) => diags.push(d),
            None => {
                // Validation errors (unknown filter, test, function or
                // include) come as one text of located reports.
                let reports = parse_reports(&e.to_string(), origins);
                if reports.is_empty() {
                    diags.push(Diagnostic::new(
                        PathBuf::from(format!("themes/{theme}/templates")),
                        e.to_string(),
                    ));
                }
                diags.extend(reports);
            }
        }
    }
}

/// `asset(path="style.css")`: the URL of `static/style.css` with the
/// version of its bytes (`render::assets`). A name the site has no file
/// for is an error at the template's line.
fn register_asset_function(tera: &mut tera::Tera, assets: &AssetVersions) {
    let assets = assets.clone();
    tera.register_function(
        "asset",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let rel = path.trim_start_matches('/');
            let rel = rel.strip_prefix(STATIC_DIR).unwrap_or(rel);
            assets.url(rel).ok_or_else(|| {
                let hint = match crate::diagnostic::closest(rel, assets.known()) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "the path is below static/: a file of the theme's static/ folder or a built-in one".into(),
                };
                tera::Error::message(format!(
                    "asset(path=\"{path}\"): the site has no file static/{rel}; {hint}"
                ))
            })
        },
    );
}

fn is_syntax(e: &tera::Error) -> bool {
    matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
}

fn flatten(e: &tera::Error) -> String {
    let mut s = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            r.message().to_string()
        }
        other => other.to_string(),
    };
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

/// A diagnostic with the template's own file, line and column.
/// Reads Tera's text reports (`error: MSG` then ` --> name:line:col`).
fn parse_reports(text: &str, origins: &[(String, PathBuf, String)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(msg) = line.trim().strip_prefix("error: ") else {
            continue;
        };
        let msg = msg.trim_start_matches("error: ");
        let Some(loc) = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = loc.rsplitn(3, ':');
        let (col, line_no, name) = (parts.next(), parts.next(), parts.next());
        let (Some(name), Some(line_no)) = (name, line_no.and_then(|l| l.parse::<usize>().ok()))
        else {
            continue;
        };
        let col = col.and_then(|c| c.parse::<usize>().ok());
        let origin = origins.iter().find(|(n, _, _)| n == name);
        let path = origin
            .map(|(_, p, _)| p.clone())
            .unwrap_or_else(|| embedded_path(name));
        let mut d = Diagnostic::new(path, format!("template error: {msg}"))
            .at(line_no, col)
            .hint("check the name: filters, tests, functions and included templates must exist");
        if let Some((_, _, text)) = origin {
            d = d.with_source(text);
        }
        out.push(d);
    }
    out
}

fn to_diagnostic(e: &tera::Error, origins: &[(String, PathBuf, String)]) -> Option<Diagnostic> {
    // Some errors (unknown filter, missing include) come wrapped: the
    // located one is further down the chain.
    if !matches!(
        e.kind(),
        tera::ErrorKind::SyntaxError(_)
            | tera::ErrorKind::RenderingError(_)
            | tera::ErrorKind::MissingParent { .. }
    ) {
        let mut src = std::error::Error::source(e);
        while let Some(inner) = src {
            if let Some(te) = inner.downcast_ref::<tera::Error>() {
                return to_diagnostic(te, origins);
            }
            src = inner.source();
        }
    }
    let (report, what) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) => (r, "template syntax error"),
        tera::ErrorKind::RenderingError(r) => (r, "template error"),
        tera::ErrorKind::MissingParent { current, parent } => {
            let path = origins
                .iter()
                .find(|(n, _, _)| n == current)
                .map(|(_, p, _)| p.clone())?;
            return Some(
                Diagnostic::new(
                    path,
                    format!("template error: `{current}` extends `{parent}`, which does not exist"),
                )
                .hint("check the name in `{% extends \"…\" %}`"),
            );
        }
        _ => return None,
    };
    let origin = origins.iter().find(|(n, _, _)| n == report.filename());
    let path = origin
        .map(|(_, p, _)| p.clone())
        .unwrap_or_else(|| embedded_path(report.filename()));
    let span = report.span();
    let mut message = report.message().to_string();
    let mut src = std::error::Error::source(e);
    while let Some(inner) = src {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        src = inner.source();
    }
    let source_text = origin.map(|(_, _, t)| t.clone());
    let mut d = Diagnostic::new(path, format!("{what}: {message}"))
        .at(span.start_line, Some(span.start_col + 1))
        .hint("see the template language at keats.github.io/tera; the page's data is in `site`, `page` and `data`");
    if let Some(text) = source_text {
        d = d.with_source(&text);
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::builtin::DSFR_TEMPLATES;

    fn origin_of(t: &Templates, name: &str) -> PathBuf {
        t.origins
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, p, _)| p.clone())
            .unwrap_or_else(|| panic!("no template {name}"))
    }

    #[test]
    fn the_dsfr_theme_has_every_template_of_the_default_one() {
        // A page it lacked would come out in the default theme's markup.
        for (name, _) in EMBEDDED_TEMPLATES {
            assert!(
                DSFR_TEMPLATES.iter().any(|(n, _)| n == name),
                "themes/dsfr/templates/{name} is missing"
            );
        }
    }

    #[test]
    fn built_in_themes_load_anywhere_over_the_default_one() {
        let empty = tempfile::tempdir().unwrap();
        let dsfr = Templates::load(empty.path(), "dsfr", &AssetVersions::default()).unwrap();
        for (name, _) in EMBEDDED_TEMPLATES.iter().chain(DSFR_TEMPLATES) {
            let origin = origin_of(&dsfr, name).display().to_string();
            let expected = if DSFR_TEMPLATES.iter().any(|(n, _)| n == name) {
                "(embedded theme dsfr)"
            } else {
                "(embedded theme panorama)"
            };
            assert!(origin.starts_with(expected), "{name}: {origin}");
        }
        let panorama =
            Templates::load(empty.path(), "panorama", &AssetVersions::default()).unwrap();
        assert_eq!(
            origin_of(&panorama, "base.html"),
            PathBuf::from("(embedded theme panorama)/templates/base.html")
        );
        let err = Templates::load(empty.path(), "nope", &AssetVersions::default()).unwrap_err();
        assert!(err[0].message.contains("the theme `nope` does not exist"));
        assert!(
            err[0]
                .hint
                .as_deref()
                .unwrap_or("")
                .contains("`panorama` and `dsfr`")
        );
    }
}
